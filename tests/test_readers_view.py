"""The flaws a reader sees, each pinned by a test that fails if it comes back (issue 14)."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from antong_reports.common.settings import Settings
from antong_reports.compose import reports as cr
from antong_reports.compose.plan import compose_plan
from antong_reports.compose.summary import compose_summary
from antong_reports.render.docx import render_docx
from antong_reports.render.docxutil import paragraph_texts
from antong_reports.render.pdf import render_pdf
from conftest import ROOT

THAI_DIGIT = re.compile("[๐-๙]")


@pytest.fixture(scope="module")
def progress():
    from antong_reports.sources.progress_file import load_progress
    return load_progress(ROOT / "samples" / "angthong-progress-2567.yaml")


def _all_docs(plan, progress, settings):
    return {
        "plan": compose_plan(plan, settings),
        "summary": compose_summary(plan, settings),
        "year": cr.compose_year_plan(plan, 2567, settings),
        "r6": cr.compose_progress_report(plan, progress, 2567, 6, settings),
        "r12": cr.compose_progress_report(plan, progress, 2567, 12, settings),
    }


def test_arabic_digits_is_a_real_toggle(sample_plan, progress, tmp_path, poppler):
    """--arabic-digits: no Thai digit anywhere a document prints, plan text included, and the
    preface's "ประกอบด้วย 3 ส่วน ดังนี้" once (the plan's own "๓ ส่วน" is the same phrase)."""
    from conftest import pdftotext

    s = Settings(thai_digits=False)
    for name, doc in _all_docs(sample_plan, progress, s).items():
        texts = "\n".join(paragraph_texts(render_docx(doc, s)))
        assert not THAI_DIGIT.search(texts), (name, THAI_DIGIT.findall(texts)[:5])
        pdf = tmp_path / f"{name}.pdf"
        pdf.write_bytes(render_pdf(doc, s))
        text = pdftotext(pdf, "-raw")
        assert not THAI_DIGIT.search(text), (name, re.findall(".{10}[๐-๙].{5}", text)[:5])
        if name == "plan":
            flat = re.sub(r"\s+", " ", texts)
            assert flat.count("ประกอบด้วย 3 ส่วน ดังนี้") == 1
            assert "(พ.ศ. 2566 – 2570)" in flat
