"""The plan's summary: its document tree and its PDF."""

from __future__ import annotations

import datetime as dt_
import re
import subprocess

import pytest
from conftest import pdftotext

from antong_reports.compose import tree as dt
from antong_reports.thai import text as tt
from antong_reports.compose.summary import compose_summary, summary_title
from antong_reports.model.plan import ProjectKind
from antong_reports.render.pdf import render_pdf
from antong_reports.common.settings import DEFAULT, Settings


def norm(text: str) -> str:
    return "".join(text.split())


def _pdf(plan, tmp_path, settings=DEFAULT, produced=None, name="summary.pdf"):
    path = tmp_path / name
    path.write_bytes(render_pdf(compose_summary(plan, settings, produced), settings))
    return path


def _pages(path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


@pytest.fixture(scope="module")
def summary(sample_plan, tmp_path_factory, poppler):
    path = _pdf(sample_plan, tmp_path_factory.mktemp("summary"))
    return path, norm(pdftotext(path, "-raw"))


def test_tree_holds_tables_and_chart(sample_plan):
    doc = compose_summary(sample_plan, DEFAULT)
    names = {b.name for b in doc.walk() if isinstance(b, dt.Table)}
    assert {"budget-summary", "kind-count", "part1-targets"} <= names
    charts = [b for b in doc.walk() if isinstance(b, dt.Chart)]
    assert len(charts) == 1
    assert len(charts[0].series) == len(sample_plan.years)
    assert doc.meta.author == sample_plan.organization.name
    assert doc.meta.created == dt_.datetime.combine(sample_plan.date, dt_.time())


def test_one_to_three_pages(summary):
    path, _ = summary
    assert 1 <= _pages(path) <= 3


def test_identity_and_totals(summary, sample_plan):
    _, text = summary
    assert norm(summary_title(sample_plan)) in text
    assert norm(sample_plan.organization.name) in text
    assert norm(tt.year_range(sample_plan.first_year, sample_plan.last_year)) in text
    assert norm(tt.count_text(len(sample_plan.projects))) in text
    assert "๓๓๙,๑๖๐" in text
    assert norm(tt.amount(sample_plan.grand_total)) in text
    assert norm(tt.baht_text(sample_plan.grand_total)) in text
    for dim in sample_plan.framework.dimensions():
        total = sum(sample_plan.totals(dim.code).values())
        if total:
            assert norm(tt.amount(total)) in text, dim.code


def test_counts_per_dimension_and_kind(summary, sample_plan):
    _, text = summary
    for kind in ProjectKind:
        assert kind.value in text
    # the total row of the count table: per kind, then the whole plan
    counts = [sample_plan.count(None, k) for k in ProjectKind]
    row = "รวมทั้งสิ้น" + "".join(tt.thai_digits(c) if c else "-" for c in counts) \
        + tt.thai_digits(len(sample_plan.projects))
    assert row in text


def test_chart_labels_are_thai_text(summary, sample_plan):
    _, text = summary
    for code in ("1", "2", "3", "4"):
        assert f"มิติที่{tt.thai_digits(code)}" in text
    for y in sample_plan.years:
        assert f"ปี{tt.thai_digits(y)}" in text
    assert "งบประมาณ(บาท)" in text
    # the value axis counts in Thai digits: no Arabic digit anywhere in the summary
    assert not re.search(r"[0-9]", text)


def test_production_date(sample_plan, tmp_path, poppler):
    default = norm(pdftotext(_pdf(sample_plan, tmp_path, name="a.pdf"), "-raw"))
    assert norm(f"จัดทำเมื่อ {tt.thai_date(sample_plan.date)}") in default
    path = _pdf(sample_plan, tmp_path, produced=dt_.date(2024, 1, 15), name="b.pdf")
    assert "จัดทำเมื่อ๑๕มกราคม๒๕๖๗" in norm(pdftotext(path, "-raw"))
    assert b"/CreationDate (D:20240115000000+07'00')" in path.read_bytes()


def test_fonts_embedded_sarabun_only(summary):
    path, _ = summary
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    assert rows
    for row in rows:
        assert re.fullmatch(r"[A-Z]{6}\+Sarabun-[A-Za-z]+", row[0]), row
        assert row[-5:-3] == ["yes", "yes"], row


def test_arabic_digits_setting(sample_plan, tmp_path, poppler):
    path = _pdf(sample_plan, tmp_path, settings=Settings(thai_digits=False), name="arabic.pdf")
    text = norm(pdftotext(path, "-raw"))
    assert "339,160" in text
    # the target values are the plan's own words, printed as written
    for row in sample_plan.target_table:
        for value in (row.label, *row.values.values()):
            text = text.replace(norm(value), "")
    assert not any(ch in tt.THAI_DIGITS for ch in text)


def test_same_bytes_twice(sample_plan):
    a = render_pdf(compose_summary(sample_plan, DEFAULT), DEFAULT)
    b = render_pdf(compose_summary(sample_plan, DEFAULT), DEFAULT)
    assert a == b
