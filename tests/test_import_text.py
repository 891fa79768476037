"""Importing the real plan's text (tests/data/angthong-plan-2566-2570.txt) gives the bundled
sample's projects, and a report that names every contradiction docs/corrections.md lists."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from antong_reports.sources.importer import import_plan, import_text
from antong_reports.sources.importer.yamlout import plan_yaml
from antong_reports.sources.reader import load_plan, parse_text, structure_plan
from antong_reports.validate.plan import validate

from import_helpers import DOCUMENTED, part3_differences, shown, squash

HERE = Path(__file__).resolve().parent
REFERENCE = HERE / "data" / "angthong-plan-2566-2570.txt"
SAMPLE = HERE.parent / "samples" / "angthong-2566-2570.yaml"


@pytest.fixture(scope="module")
def imported():
    return import_plan(REFERENCE)


@pytest.fixture(scope="module")
def sample():
    return load_plan(SAMPLE)


def test_imported_plan_validates(imported):
    assert not [i for i in validate(imported.plan) if i.is_error]


def test_same_projects_kinds_codes_budgets(imported, sample):
    got = [(p.kind, p.code, {y: v for y, v in p.budget.items() if v}) for p in imported.plan.projects]
    want = [(p.kind, p.code, {y: v for y, v in p.budget.items() if v}) for p in sample.projects]
    assert len(got) == 27
    assert got == want
    assert [squash(p.name) for p in imported.plan.projects] == [squash(p.name) for p in sample.projects]
    assert imported.plan.grand_total == sample.grand_total == Decimal(339160 * 5)


def test_part3_texts_equal_apart_from_corrections(imported, sample):
    differing = part3_differences(imported.plan, sample)
    assert sorted({(n, k) for n, k, _ in differing}) == DOCUMENTED


def test_front_matter_and_part1(imported, sample):
    a, b = shown(imported.plan), shown(sample)
    for key in ("title", "org", "years", "preface", "closing", "signed", "risks", "objectives",
                "targets", "target_table", "benefits"):
        assert a[key] == b[key], key
    # the one paragraph the page break split (corrections section 4) is the only difference
    assert "".join(a["rationale"]) == "".join(b["rationale"])
    assert len(a["rationale"]) == len(b["rationale"]) + 1


def _findings(imported, code: str):
    return [f for f in imported.findings if f.code == code]


def _lines(fs) -> set[int]:
    return {f.place.line for f in fs}


def test_report_names_every_documented_contradiction(imported):
    f = imported
    assert _lines(_findings(f, "dimension-misspelt")) == {155, 655, 1434, 1721}            # 1
    variants = " ".join(x.message_th for x in _findings(f, "responsible-variant"))         # 2-4
    for word in ("งานกาชาดเจ้าหน้าที่", "งานกาณ์เจ้าหน้าที่", "สำนักกอล์ฟเทศบาล", "งานการเจ้าหน้าที่"):
        assert word in variants
    assert _lines(_findings(f, "field-number")) == {207}                                   # 5
    assert 1504 in _lines(_findings(f, "number-repeated"))                                 # 6
    order = " ".join(x.message_en for x in _findings(f, "part2-part3-order"))              # 7
    assert "บุคลากรต้นแบบ" in order and "NO Gift Policy" in order
    names = " ".join(x.message_en for x in _findings(f, "part2-part3-name"))               # 8-12
    assert len(_findings(f, "part2-part3-name")) == 5
    for part2 in ("มาตรฐานด้วยความวิริยะ", "มาตรการการสร้าง ความโปร่งใส", "เลื่อนขั้นเงินเดือน",
                  "เรื่องราวร้องทุกข์", "ร้องเรียน เกี่ยวกับ"):
        assert part2 in names
    assert len(_findings(f, "measure-name")) >= 3                                          # 9, 10, 13
    assert _lines(_findings(f, "heading-differs")) == {519, 587}                           # 14
    assert _lines(_findings(f, "heading-missing")) == {1665}                               # 15
    assert _lines(_findings(f, "heading-several")) == {1573}                               # 16
    assert _lines(_findings(f, "head-count-in-baht")) == {1466}                            # 17
    assert any("xxx" in x.message_en for x in _findings(f, "placeholder"))                 # 18
    assert f.normalised.get("doubled-mark") == 1                                           # 19
    assert len(_findings(f, "link-markup")) == 2                                           # 20
    assert _lines(_findings(f, "title-differs")) == {5}                                    # 22
    # nothing reported twice, and no contradiction the document does not have
    assert not _findings(f, "total-differs") and not _findings(f, "count-differs")


def test_part3_wins_over_part2_on_budget():
    text = REFERENCE.read_text("utf-8")
    row = next(l for l in text.split("\n") if l.startswith("\t\t๖) โครงการเสริมสร้างองค์ความรู้"))
    changed = text.replace(row, row.replace("๓๒,๕๘๐", "๔๐,๐๐๐", 1))
    result = import_text(changed, "changed.txt")
    p = next(p for p in result.plan.projects if p.name.startswith("โครงการเสริมสร้างองค์ความรู้"))
    assert p.budget[2566] == Decimal(32580)
    found = [x for x in result.findings if x.code == "part2-part3-budget"]
    assert len(found) == 1 and "40,000" in found[0].message_en
    # the totals row now disagrees with nothing: it is checked against the plan Part 3 made
    assert not [x for x in result.findings if x.code == "total-differs"]


def test_yaml_output_loads_back_equal(imported):
    text = plan_yaml(imported.plan, imported.guesses, imported.findings, "reference.txt")
    data, locations = parse_text(text, "imported.yaml")
    again = structure_plan(data, locations, "imported.yaml")
    assert again == imported.plan
    assert "# เดา/guessed" in text


def test_findings_have_places_and_both_languages(imported):
    assert len(imported.findings) > 30
    for f in imported.findings:
        assert f.message_th and f.message_en
        assert _THAI.search(f.message_th)
        if f.kind == "contradiction":
            assert f.place.line is not None, f


_THAI = re.compile("[\u0e00-\u0e7f]")


def test_counts_of_findings(imported):
    counts = Counter(f.kind for f in imported.findings)
    assert counts["contradiction"] >= 25
