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


def _last_lines(pdf_path) -> list[str]:
    from conftest import pdftotext

    out = []
    for page in pdftotext(pdf_path, "-raw").split("\f"):
        lines = [ln.strip() for ln in page.split("\n") if ln.strip()]
        out.append(lines[-1] if lines else "")
    return out


def test_report_pdf_never_leaves_a_dimension_heading_at_a_page_foot(sample_plan, progress,
                                                                   tmp_path, poppler):
    """The 12-month report's project table: a dimension's heading row goes on with its first
    project (it stood alone at the foot of pages ๔ and ๖)."""
    from antong_reports.compose import phrases
    from antong_reports.common.settings import DEFAULT

    headings = [phrases.dimension_heading(d.code, d.title, True)[:20]
                for d in sample_plan.framework.dimensions()]
    for rnd in (6, 12):
        for settings in (DEFAULT, Settings(font="Sarabun")):
            pdf = tmp_path / f"r{rnd}.pdf"
            pdf.write_bytes(render_pdf(cr.compose_progress_report(sample_plan, progress, 2567, rnd,
                                                                 settings), settings))
            feet = _last_lines(pdf)
            assert not [f for f in feet if any(f.startswith(h) for h in headings)], feet


def test_report_docx_draws_its_charts_and_prints_zero_as_dash(sample_plan, progress):
    """The "แผนภูมิ" section of the report and one-year plan DOCX holds a picture of each chart
    (not only a table), and the chart's table prints zero as "-" like every other table."""
    s = Settings()
    for doc in (cr.compose_progress_report(sample_plan, progress, 2567, 12, s),
                cr.compose_year_plan(sample_plan, 2567, s)):
        from antong_reports.compose.tree import Chart
        charts = [b for b in doc.walk() if isinstance(b, Chart)]
        data = render_docx(doc, s)
        z = zipfile.ZipFile(io.BytesIO(data))
        pngs = [n for n in z.namelist() if n.startswith("word/media/") and n.endswith(".png")]
        assert len(pngs) >= len(charts)
        for n in pngs:
            assert z.read(n)[:8] == b"\x89PNG\r\n\x1a\n"
        texts = paragraph_texts(data)
        assert "๐" not in texts  # a cell holding a lone zero
        if charts:
            assert "-" in texts


def test_chart_png_labels_are_shaped(sample_plan, progress):
    """The chart picture is drawn from the chart node, labels shaped: it differs when a label
    differs and is the same bytes for the same node."""
    from antong_reports.compose.tree import Chart
    from antong_reports.render.chartpng import chart_png

    doc = cr.compose_progress_report(sample_plan, progress, 2567, 12, Settings())
    chart = next(b for b in doc.walk() if isinstance(b, Chart))
    a, b = chart_png(chart), chart_png(chart)
    assert a == b and a[:4] == b"\x89PNG"
    import attrs
    assert chart_png(attrs.evolve(chart, title=chart.title + "ที่")) != a


def test_word_does_not_spread_lines_ended_by_a_manual_break(sample_plan):
    s = Settings()
    data = render_docx(compose_plan(sample_plan, s), s)
    settings_xml = zipfile.ZipFile(io.BytesIO(data)).read("word/settings.xml").decode()
    assert "<w:doNotExpandShiftReturn/>" in settings_xml


def test_pdf_justification_never_letter_spaces_a_short_line():
    """A justified line cut short before a long word gets at most MAX_GAP em per gap."""
    from antong_reports.thai import typeset

    font = typeset.register_fonts().regular
    atoms = [typeset.Atom(font, "การประชุม", typeset.shape("การประชุม", font))]
    extras = typeset.justification(atoms, spare=200.0, size=11.0)
    assert max(extras) <= typeset.MAX_GAP * 1000 + 1e-9


def test_year_never_parted_from_be_in_the_plan_pdf(sample_plan, tmp_path, poppler):
    """"พ.ศ." ended 4 lines of the plan PDF, its year on the next line: no longer."""
    from conftest import pdftotext

    s = Settings(font="Sarabun")
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(render_pdf(compose_plan(sample_plan, s), s))
    lines = pdftotext(pdf, "-raw").split("\n")
    assert sum("พ.ศ." in ln for ln in lines) > 20
    assert [ln for ln in lines if ln.rstrip().endswith("พ.ศ.")] == []


def test_chart_axis_of_counts_has_whole_steps():
    """A count axis steps by whole projects (the report's axis read ๒.๕๐, ๗.๕๐, ๑๒.๕๐), and both
    axes step as the PDF's do (0–12 by 2, 0–300,000 by 50,000)."""
    from hypothesis import given, strategies as st

    from antong_reports.render.chartpng import _nice_ticks

    assert _nice_ticks(12, whole=True) == [0, 2, 4, 6, 8, 10, 12]
    assert _nice_ticks(264000, whole=True) == [50000 * i for i in range(7)]

    @given(st.integers(1, 10**7))
    def whole(vmax):
        ticks = _nice_ticks(vmax, whole=True)
        assert all(t == int(t) for t in ticks) and len(ticks) <= 8 and ticks[-1] >= vmax

    whole()


def test_chart_picture_draws_the_pdf_colours(sample_plan, progress):
    """Each series of the report's chart picture has the colour the PDF draws it in (they were
    other colours: the PDF's second series light blue, the picture's orange)."""
    from PIL import Image

    from antong_reports.compose.tree import Chart
    from antong_reports.render.chartpng import chart_png
    from antong_reports.render.pdf import SERIES_COLOURS

    doc = cr.compose_progress_report(sample_plan, progress, 2567, 12, Settings())
    chart = next(b for b in doc.walk() if isinstance(b, Chart))
    img = Image.open(io.BytesIO(chart_png(chart))).convert("RGB")
    seen = {c for n, c in img.getcolors(1 << 20) if n > 500}  # flat areas: bars, background
    for i in range(len(chart.series)):
        pdf = tuple(round(255 * v) for v in SERIES_COLOURS[i].rgb())
        assert pdf in seen, (i, pdf, sorted(seen))


def test_chart_table_heads_its_categories_and_states_its_unit(sample_plan, progress):
    """The table under a chart picture in the report DOCX heads its first column "มิติ" (it read
    "จำนวน (โครงการ)" over "มิติที่ ๑" …) and its caption states the unit."""
    from lxml import etree

    s = Settings()
    data = render_docx(cr.compose_progress_report(sample_plan, progress, 2567, 12, s), s)
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}

    def text(el) -> str:
        from antong_reports.thai.text import strip_break_marks
        return strip_break_marks("".join(el.itertext()))

    captions = {"โครงการ": cr.CHART_COUNT_TITLE, "บาท": cr.CHART_BUDGET_TITLE}
    for unit, title in captions.items():
        caption = next(p for p in root.iter("{%s}p" % ns["w"])
                       if text(p) == f"{title} (หน่วย: {unit})")
        table = caption.getnext()
        assert table.tag == "{%s}tbl" % ns["w"]
        first = table.find("w:tr/w:tc", ns)
        assert text(first) == "มิติ"


def test_workbook_charts_draw_the_pdf_colours(sample_plan, progress):
    """The native charts of the budget and report workbooks colour each series as the PDF does
    (they took the spreadsheet's default palette: blue, red, green)."""
    from antong_reports.render.pdf import SERIES_COLOURS
    from antong_reports.render.report_xlsx import report_workbook
    from antong_reports.render.xlsx import generate

    s = Settings()
    books = [*generate(sample_plan, s).values(), report_workbook(sample_plan, progress, 2567, 12, s)]
    expected = ["%02X%02X%02X" % tuple(round(255 * v) for v in c.rgb()) for c in SERIES_COLOURS]
    charts = 0
    for data in books:
        z = zipfile.ZipFile(io.BytesIO(data))
        for name in (n for n in z.namelist() if n.startswith("xl/charts/chart")):
            xml = z.read(name).decode()
            fills = [re.search(r'srgbClr val="([0-9A-F]{6})"', ser).group(1)
                     for ser in xml.split("<c:ser>")[1:]] or [
                re.search(r'srgbClr val="([0-9A-F]{6})"', ser).group(1)
                for ser in xml.split("<ser>")[1:]]
            assert fills == expected[:len(fills)], (name, fills)
            charts += 1
    assert charts >= 3


def test_rows_before_sums_keep_with_them(sample_plan, progress):
    """In every table of the Word files, each paragraph of a row followed by a subtotal or the
    total is kept with the next, so a page never holds the closing sums alone."""
    from antong_reports.compose.tree import Table
    from lxml import etree

    s = Settings()
    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    for doc in (cr.compose_progress_report(sample_plan, progress, 2567, 6, s),
                compose_plan(sample_plan, s)):
        tables = [b for b in doc.walk() if isinstance(b, Table) and b.rows]
        root = etree.fromstring(zipfile.ZipFile(io.BytesIO(render_docx(doc, s)))
                                .read("word/document.xml"))
        drawn = [t for t in root.iter("{%s}tbl" % ns["w"])
                 if t.getparent().tag == "{%s}body" % ns["w"]]
        checked = 0
        drawn_rows = iter([t.findall("w:tr", ns) for t in drawn])
        for table in tables:  # in order; a chart's table of numbers has no tree table
            rows = next(rs for rs in drawn_rows if len(rs) == len(table.rows))
            for r, row in enumerate(table.rows[:-1]):
                if table.rows[r + 1].kind in ("subtotal", "total") and row.kind != "header":
                    paras = rows[r].findall(".//w:p", ns)
                    assert all(p.find("w:pPr/w:keepNext", ns) is not None for p in paras)
                    checked += 1
        assert checked >= 4
