"""Round trip through the PDF: build the sample's PDF, extract it with ``pdftotext -layout`` and
``-raw`` as a user with a published PDF would, import the text.

``-layout`` keeps indentation, so paragraphs and the nesting of steps come back: every Part 3 text
of all 27 projects equals the sample's. ``-raw`` keeps neither: the projects, their codes, budgets,
names and fields still come back, with each field's paragraphs run together."""

from __future__ import annotations

import subprocess

import pytest

from antong_reports.common.settings import Settings
from antong_reports.render.pdf import generate
from antong_reports.sources.importer import import_text

from import_helpers import shown


def _texts(steps) -> str:
    return "".join(text + _texts(children) for text, _bullet, children in steps)


@pytest.fixture(scope="module")
def pdf_path(tmp_path_factory, sample_plan):
    path = tmp_path_factory.mktemp("pdf") / "plan.pdf"
    data = next(v for k, v in generate(sample_plan, Settings()).items() if k.endswith("-plan.pdf"))
    path.write_bytes(data)
    return path


def extract(pdf_path, mode: str) -> str:
    out = subprocess.run(["pdftotext", mode, "-enc", "UTF-8", str(pdf_path), "-"],
                         capture_output=True, check=True)
    return out.stdout.decode("utf-8")


def test_pdftotext_layout_round_trip(poppler, pdf_path, sample_plan):
    text = extract(pdf_path, "-layout")
    assert "\f" in text
    result = import_text(text, "plan-layout.txt")
    got, want = shown(result.plan), shown(sample_plan)
    assert got["projects"] == want["projects"]
    for key in ("title", "org", "years", "preface", "closing", "signed", "rationale", "objectives",
                "targets", "benefits"):
        assert got[key] == want[key], key
    assert result.normalised["page-number"] > 40  # one a page, dropped
    # the targets table's columns are lost in the text: reported with its line, not guessed
    assert [f.place.line is not None for f in result.findings if f.code == "not-read"] == [True]


def test_pdftotext_raw(poppler, pdf_path, sample_plan):
    result = import_text(extract(pdf_path, "-raw"), "plan-raw.txt")
    got, want = shown(result.plan), shown(sample_plan)
    for x, y in zip(got["projects"], want["projects"]):
        for key in ("kind", "name", "code", "budget", "years", "target", "objectives",
                    "responsible", "outputs", "outcomes"):
            assert x[key] == y[key], key
        # the words all come back; the rationale's paragraphs run together
        assert "".join(x["rationale"]) == "".join(y["rationale"])
        assert _texts(x["steps"]) == _texts(y["steps"])
    assert len(got["projects"]) == 27
