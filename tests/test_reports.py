"""The one-year plan and the progress reports: composition, PDF, DOCX and XLSX."""

from __future__ import annotations

import io
import subprocess
import unicodedata
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import convert_with_libreoffice, pdftotext

from antong_reports.compose import tree as dt
from antong_reports.compose import reports as cr
from antong_reports.render import report_xlsx as rx
from antong_reports.model.progress import Status, summarize
from antong_reports.sources.progress_file import load_progress
from antong_reports.common.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_PROGRESS = ROOT / "samples" / "angthong-progress-2567.yaml"
SETTINGS = Settings()
MARKS = frozenset(chr(c) for c in (0x0E31, 0x0E33, *range(0x0E34, 0x0E3B), *range(0x0E47, 0x0E4F)))


def norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFC", text).split())


@pytest.fixture(scope="module")
def progress():
    return load_progress(SAMPLE_PROGRESS)


def table(doc: dt.Document, name: str) -> dt.Table:
    found = [b for b in doc.walk() if isinstance(b, dt.Table) and b.name == name]
    assert len(found) == 1, name
    return found[0]


def row(t: dt.Table, key: str) -> dt.Row:
    return next(r for r in t.rows if r.key == key)


# --------------------------------------------------------------------------- titles

def test_titles():
    assert cr.year_plan_title(2567) == "แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. ๒๕๖๗"
    assert cr.report_title(2567, 6) == ("รายงานการกำกับติดตามการดำเนินการป้องกันการทุจริตประจำปี พ.ศ. ๒๕๖๗"
                                        " รอบ ๖ เดือน")
    assert cr.report_title(2567, 12) == "รายงานผลการดำเนินการป้องกันการทุจริตประจำปี พ.ศ. ๒๕๖๗"
    assert cr.report_title(2567, 12, thai=False) == "รายงานผลการดำเนินการป้องกันการทุจริตประจำปี พ.ศ. 2567"
    assert cr.fiscal_period(2567, 6) == "๑ ตุลาคม ๒๕๖๖ – ๓๑ มีนาคม ๒๕๖๗"
    assert cr.fiscal_period(2567, 12) == "๑ ตุลาคม ๒๕๖๖ – ๓๐ กันยายน ๒๕๖๗"
    assert cr.quarters_text((1, 2, 3, 4)) == "ไตรมาส ๑ - ๔"


# --------------------------------------------------------------------------- the one-year plan

def test_year_plan_structure(sample_plan):
    doc = cr.compose_year_plan(sample_plan, 2567, SETTINGS)
    text = dt.document_text(doc)
    assert cr.year_plan_title(2567) in text
    assert "๑ ตุลาคม ๒๕๖๖ – ๓๐ กันยายน ๒๕๖๗" in text  # the period
    assert "จำนวน ๒๗ โครงการ" in text
    part2 = table(doc, "part2-budget")
    assert part2.ncols == 5  # มิติ | ภารกิจ | โครงการ | ปี ๒๕๖๗ | หมายเหตุ
    assert "ปี ๒๕๖๗" in part2.rows[0].cells[3].text
    total = row(part2, "total")
    assert [c.value for c in total.cells if c.value is not None] == [27, Decimal(339160)]
    assert "จำนวน ๓๓๙,๑๖๐ บาท" in total.cells[2].text
    summary = table(doc, cr.YEAR_SUMMARY_NAME)
    assert [row(summary, d).cells[1].value for d in "1234"] == [8, 12, 4, 3]
    assert row(summary, "total").cells[2].value == Decimal(339160)
    details = table(doc, cr.YEAR_PROJECTS_NAME)
    body = [r for r in details.rows if r.kind == "body"]
    assert [r.key for r in body] == [n.project.id for n in sample_plan.projects_of_year(2567)]
    assert body[0].cells[3].text == "ไตรมาส ๑ - ๔\n(ต.ค. ๒๕๖๖ – ก.ย. ๒๕๖๗)"
    assert body[1].cells[4].text == "ไม่ใช้งบประมาณ"
    assert row(details, "total").cells[1].value == Decimal(339160)
    assert doc.sections[1].orientation is dt.Orientation.LANDSCAPE


def test_year_plan_outside_the_plan(sample_plan):
    with pytest.raises(ValueError):
        cr.compose_year_plan(sample_plan, 2571, SETTINGS)


# --------------------------------------------------------------------------- the reports

@pytest.mark.parametrize("rnd", [6, 12])
def test_report_tables_equal_the_summaries(sample_plan, progress, rnd):
    doc = cr.compose_progress_report(sample_plan, progress, 2567, rnd, SETTINGS)
    sums = summarize(sample_plan, progress.resolved(sample_plan), 2567, rnd)
    counts = table(doc, cr.COUNT_TABLE_NAME)
    budget = table(doc, cr.BUDGET_TABLE_NAME)
    for s in sums:
        key = s.code or "total"
        assert [c.value for c in row(counts, key).cells[1:]] == [s.planned, s.done, s.in_progress,
                                                                 s.cannot]
        cells = row(budget, key).cells
        assert [c.value for c in cells[1:4]] == [s.budget_planned, s.budget_ordinance, s.disbursed]
        assert cells[4].value == s.percent_disbursed
    projects = table(doc, cr.PROJECT_TABLE_NAME)
    body = [r for r in projects.rows if r.kind == "body"]
    assert len(body) == 27
    total = row(projects, "total")
    assert [c.value for c in total.cells[1:4]] == [sums[-1].budget_planned, sums[-1].budget_ordinance,
                                                   sums[-1].disbursed]
    for code in "1234":
        sub = row(projects, code)
        s = next(x for x in sums if x.code == code)
        assert [c.value for c in sub.cells[1:4]] == [s.budget_planned, s.budget_ordinance, s.disbursed]
    charts = [b for b in doc.walk() if isinstance(b, dt.Chart)]
    assert len(charts) == 2
    assert charts[0].series[1][1] == tuple(float(s.done) for s in sums[:-1])
    assert charts[1].series[2][1] == tuple(float(s.disbursed) for s in sums[:-1])


def test_report_wording(sample_plan, progress):
    doc = cr.compose_progress_report(sample_plan, progress, 2567, 12, SETTINGS)
    text = dt.document_text(doc)
    assert "รายงานผลการดำเนินการป้องกันการทุจริต" in text
    assert ("ดำเนินการแล้วเสร็จ ๒๑ โครงการ (ร้อยละ ๗๗.๗๘) อยู่ระหว่างดำเนินการ ๑ โครงการ "
            "ไม่สามารถดำเนินการได้ ๕ โครงการ") in text
    assert "ยังไม่ดำเนินการ" not in text and "ยังไม่ได้ดำเนินการ" not in text  # not a form status
    assert "เบิกจ่ายแล้ว ๓๑๓,๘๒๐.๐๐ บาท คิดเป็นร้อยละ ๙๖.๐๙" in text
    # problems and suggestions name their project's number
    assert ("ผู้รับผิดชอบย้ายไปดำรงตำแหน่งที่อื่น ไม่มีผู้ปฏิบัติงานแทนในช่วงปลายปีงบประมาณ "
            "(โครงการลำดับที่ ๒๔)") in text
    # the signature block: names, titles, Thai date
    assert "(นางสาวสมศรี ใจดี)" in text and "นายกเทศมนตรีเมืองอ่างทอง" in text
    assert "วันที่ ๓๑ ตุลาคม ๒๕๖๗" in text
    # a project that could not be done shows its reason
    projects = table(doc, cr.PROJECT_TABLE_NAME)
    council = row(projects, "council-capacity")
    assert council.cells[6].text == Status.CANNOT.label == "ไม่สามารถดำเนินการได้"
    assert "อื่นๆ (หน่วยจัดอบรมเลื่อนหลักสูตรไปปีงบประมาณ พ.ศ. ๒๕๖๘)" in council.cells[8].text


def test_sample_mark(sample_plan, progress):
    import attrs

    doc = cr.compose_progress_report(sample_plan, progress, 2567, 6, SETTINGS)
    for section in doc.sections:  # every section shows the mark near its head
        assert any(cr.SAMPLE_MARK in dt.block_text(b) for b in section.blocks[:3])
    assert doc.meta.title.startswith(cr.SAMPLE_MARK)
    projects = table(doc, cr.PROJECT_TABLE_NAME)  # repeated on every page of the table
    assert projects.header_rows == 2 and cr.SAMPLE_MARK in projects.rows[0].cells[0].text
    real = cr.compose_progress_report(sample_plan, attrs.evolve(progress, illustrative=False), 2567, 6,
                                      SETTINGS)
    assert cr.SAMPLE_MARK not in dt.document_text(real)
    assert cr.SAMPLE_MARK not in real.meta.title


def test_missing_records_are_awaiting(sample_plan, progress):
    import attrs

    partial = attrs.evolve(progress, records=progress.records[:20])  # round 6 misses 7 projects
    doc = cr.compose_progress_report(sample_plan, partial, 2567, 6, SETTINGS)
    counts = table(doc, cr.COUNT_TABLE_NAME)
    assert counts.rows[0].cells[-1].text == cr.NOT_REPORTED
    assert row(counts, "total").cells[-1].value == 7
    assert "รอรายงานผล ๗ โครงการ" in dt.document_text(doc)


def test_arabic_digits(sample_plan, progress):
    doc = cr.compose_progress_report(sample_plan, progress, 2567, 6, Settings(thai_digits=False))
    text = dt.document_text(doc)
    assert "339,160" in text and "๓๓๙" not in text


# --------------------------------------------------------------------------- PDF

def _pages(path: Path) -> list[str]:
    pages = pdftotext(path, "-raw").split("\f")
    out = []
    for p in pages:
        lines = p.split("\n")
        if lines and lines[0].strip() and all(c in "๐๑๒๓๔๕๖๗๘๙0123456789" for c in lines[0].strip()):
            lines = lines[1:]  # the page number at the top
        out.append("\n".join(lines))
    return out


def _texts(doc: dt.Document) -> list[str]:
    out = []
    for b in doc.walk():
        if isinstance(b, (dt.Paragraph, dt.Heading)):
            out.extend(t for t in b.text.split("\n") if t.strip())
    return out


@pytest.fixture(scope="module")
def report_pdfs(sample_plan, progress, tmp_path_factory, poppler):
    from antong_reports.render.pdf import render_pdf

    out = tmp_path_factory.mktemp("reports")
    docs = {"year": cr.compose_year_plan(sample_plan, 2567, SETTINGS),
            "r6": cr.compose_progress_report(sample_plan, progress, 2567, 6, SETTINGS),
            "r12": cr.compose_progress_report(sample_plan, progress, 2567, 12, SETTINGS)}
    paths = {}
    for name, doc in docs.items():
        data = render_pdf(doc, SETTINGS)
        assert data == render_pdf(doc, SETTINGS)  # deterministic
        paths[name] = out / f"{name}.pdf"
        paths[name].write_bytes(data)
    return docs, paths


def test_report_pdfs_hold_totals_and_mark(report_pdfs):
    _docs, paths = report_pdfs
    r6 = norm(pdftotext(paths["r6"]))
    r12 = norm(pdftotext(paths["r12"]))
    year = norm(pdftotext(paths["year"]))
    for text in (r6, r12):
        assert norm("๓๓๙,๑๖๐") in text and norm("๓๒๖,๕๘๐") in text
        assert "ตัวอย่าง" in text
    assert norm("๑๑๓,๙๐๐") in r6 and norm("๓๔.๘๘") in r6
    assert norm("๓๑๓,๘๒๐") in r12 and norm("๙๖.๐๙") in r12
    assert norm(cr.report_title(2567, 6)) in r6
    assert norm(cr.report_title(2567, 12)) in r12
    assert norm(cr.year_plan_title(2567)) in year and norm("๓๓๙,๑๖๐") in year
    assert "ตัวอย่าง" not in year
    for name in ("r6", "r12"):  # the mark is on every page
        pages = pdftotext(paths[name]).split("\f")[:-1]
        assert len(pages) >= 5
        assert [i for i, p in enumerate(pages, 1) if "ตัวอย่าง" not in p] == []


def test_report_pdfs_fonts_embedded(report_pdfs):
    _docs, paths = report_pdfs
    for path in paths.values():
        lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                               check=True).stdout.splitlines()[2:]
        assert lines
        for line in lines:
            parts = line.split()
            assert "Sarabun" in parts[0], line
            assert parts[-5] == "yes" and parts[-4] == "yes", line  # embedded, subset


def test_report_pdfs_text_extracts_exactly(report_pdfs):
    docs, paths = report_pdfs
    for name, doc in docs.items():
        joined = norm("".join(_pages(paths[name])))
        missing = [t for t in _texts(doc) if norm(t) not in joined]
        assert missing == [], (name, missing[:5])


def test_report_pdfs_line_breaks(report_pdfs):
    """No line starts with a combining mark; line ends between Thai letters fall on ICU word
    boundaries (an independent segmenter) in all but a few cases."""
    icu = pytest.importorskip("icu")
    _docs, paths = report_pdfs
    bad_start, cuts, rejected = [], 0, []
    for path in paths.values():
        lines = [l for l in pdftotext(path).splitlines() if l.strip()]
        for a, b in zip(lines, lines[1:]):
            if b[0] in MARKS:
                bad_start.append(b)
            if a[-1:] and b[:1] and "\u0e01" <= a[-1] <= "\u0e4e" and "\u0e01" <= b[0] <= "\u0e4e":
                cuts += 1
                left, right = a.split()[-1], b.split()[0]
                it = icu.BreakIterator.createWordInstance(icu.Locale("th"))
                text = left + right
                it.setText(text)
                if len(left) not in list(it):
                    rejected.append(f"{left}|{right}")
    assert bad_start == []
    assert cuts > 20
    assert len(rejected) / cuts <= 0.02, rejected  # measured: 1-2 of 240-262 (ICU reads สภา|พ as สภาพ)


# --------------------------------------------------------------------------- DOCX

def test_report_docx_opens(sample_plan, progress):
    from xml.dom import minidom

    from antong_reports.render.docx import render_docx

    doc = cr.compose_progress_report(sample_plan, progress, 2567, 6, SETTINGS)
    data = render_docx(doc, SETTINGS)
    assert data == render_docx(doc, SETTINGS)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/document.xml").decode("utf-8")
        minidom.parseString(xml)
    assert "ตัวอย่าง" in xml and "๓๓๙,๑๖๐" in xml


# --------------------------------------------------------------------------- XLSX

@pytest.mark.parametrize("rnd", [6, 12])
def test_report_workbook_structure(sample_plan, progress, rnd):
    data = rx.report_workbook(sample_plan, progress, 2567, rnd)
    assert data == rx.report_workbook(sample_plan, progress, 2567, rnd)
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == [rx.SUMMARY_SHEET, rx.PROJECT_SHEET]
    ws = wb[rx.PROJECT_SHEET]
    ids = [ws.cell(r, rx.PCOL["id"]).value for r in range(1, ws.max_row + 1)]
    first = ids.index(sample_plan.numbered()[0].project.id) + 1
    for r in range(first, first + 27):
        for key in ("planned", "ordinance", "disbursed"):
            cell = ws.cell(r, rx.PCOL[key])
            assert isinstance(cell.value, (int, float)), (r, key)
            assert cell.number_format.startswith("[$-D00041E]")
        assert ws.cell(r, 1).font.name == "TH SarabunPSK"
    total = ws.cell(first + 27, rx.PCOL["disbursed"]).value
    assert total == f"=SUM(G{first}:G{first + 26})"
    summary = wb[rx.SUMMARY_SHEET]
    formulas = [c.value for r in summary.iter_rows() for c in r
                if isinstance(c.value, str) and c.value.startswith("=")]
    assert len(formulas) == 5 * 9 + 4 * 6  # 4 dimensions and the total, 9 figures each; chart data
    assert len(summary._charts) == 2  # projects by status, budget by stage
    assert summary["A1"].value.startswith("[ ตัวอย่าง ]")


@pytest.fixture(scope="module")
def recalculated(sample_plan, progress, tmp_path_factory, soffice):
    out = tmp_path_factory.mktemp("xlsx")
    results = {}
    for rnd in (6, 12):
        src = out / f"report-{rnd}.xlsx"
        src.write_bytes(rx.report_workbook(sample_plan, progress, 2567, rnd))
        conv = convert_with_libreoffice(src, "xlsx", out / f"lo{rnd}")
        results[rnd] = load_workbook(conv, data_only=True)
    return results


@pytest.mark.parametrize("rnd", [6, 12])
def test_libreoffice_recalculates_the_report_workbook(sample_plan, progress, recalculated, rnd):
    ws = recalculated[rnd][rx.SUMMARY_SHEET]
    assert len(ws._charts) == 2  # the charts survive LibreOffice
    sums = summarize(sample_plan, progress.resolved(sample_plan), 2567, rnd)
    labels = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)]
    first = next(i for i, v in enumerate(labels, 1) if v and str(v).startswith("มิติที่ ๑"))
    for i, s in enumerate(sums):
        r = first + i
        got = [ws.cell(r, rx.SCOL[k]).value for k in
               ("planned_n", "done", "in_progress", "cannot", "not_reported", "planned", "ordinance",
                "disbursed", "percent")]
        want = [s.planned, s.done, s.in_progress, s.cannot, s.not_reported, s.budget_planned,
                s.budget_ordinance, s.disbursed, s.percent_disbursed or 0]
        assert [Decimal(str(g)) for g in got] == [Decimal(w) for w in want], (s.code, got)


ROUND_SHEETS = ["รายงานผล รอบ ๖ เดือน", "รายงานผล รอบ ๖ เดือน เหตุผล",
                "รายงานผล รอบ ๑๒ เดือน", "รายงานผล รอบ ๑๒ เดือน เหตุผล"]


def test_eplan_workbook(sample_plan, progress):
    from antong_reports.render.xlsx import EPLAN_PAGES, MAX_SHEET_WIDTH

    data = rx.eplan_workbook(sample_plan, progress, 2567)
    assert data == rx.eplan_workbook(sample_plan, progress, 2567)
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == [n for n, _p in EPLAN_PAGES.values()] + ROUND_SHEETS
    fields = []
    for name in ROUND_SHEETS[2:]:
        ws = wb[name]
        head = next(r[0].row for r in ws.iter_rows() if r[0].value == "ลำดับ")
        fields += [c.value for c in ws[head + 2]][2:]
        assert ws.print_title_rows == f"${head}:${head + 2}" and ws.sheet_properties.pageSetUpPr.fitToPage
        assert sum(ws.column_dimensions[k].width for k in ws.column_dimensions) <= MAX_SHEET_WIDTH
    assert fields == ["budget", "budget_true", "paid", "input_plan", None, "status_process", None,
                      "cant_process", None, "cant_reason", "remark_report", None]
    ws = wb[ROUND_SHEETS[2]]
    rows = [r for r in ws.iter_rows(min_row=head + 3, values_only=True)]
    assert [r[0] for r in rows] == list(range(1, 28))
    assert sum(r[4] for r in rows) == 313820
    assert {(r[7], r[8]) for r in rows} == {(s.code, s.label) for s in Status}
    assert rx.eplan_workbook(sample_plan, None, 2567) != data  # no progress: the project sheets only
    assert load_workbook(io.BytesIO(rx.eplan_workbook(sample_plan, None, 2567))).sheetnames == \
        [n for n, _p in EPLAN_PAGES.values()]


def _copy_text(cell) -> str:
    if cell.value is None:
        return ""
    if isinstance(cell.value, (int, float)):
        assert cell.number_format == "0"
        return str(int(cell.value))
    return cell.value


def test_eplan_progress_copy_text_of_the_sample(sample_plan, progress):
    """The copy columns of the sample's rounds, as pasted into E-PlanNACC's report form: whole
    baht, ASCII digits, no separators; the form's codes beside their labels."""
    wb = load_workbook(io.BytesIO(rx.eplan_workbook(sample_plan, progress, 2567)))
    columns = rx.eplan_report_columns()
    keys = [c for c in columns if c.page == 0]

    def cell(sheet, number, key):
        col = next(c for c in columns if c.key == key)
        ws = wb[sheet if col.page == 1 else f"{sheet} เหตุผล"]
        cols = keys + [c for c in columns if c.page == col.page]
        r = next(x.row for x in ws["A"] if x.value == number and x.row > 5)
        return ws.cell(r, cols.index(col) + 1)

    def copy_row(sheet, number):
        return [_copy_text(cell(sheet, number, k)) for k in
                ("planned", "ordinance", "disbursed", "input-plan-code", "status-code", "reason-code",
                 "reason-text", "remark")] + [cell(sheet, number, "entry").value]

    six, twelve = "รายงานผล รอบ ๖ เดือน", "รายงานผล รอบ ๑๒ เดือน"
    assert copy_row(six, 1) == ["32580", "32580", "15400", "Y", "2", "", "", "ครั้งที่ ๒ กำหนดจัดเดือนกรกฎาคม ๒๕๖๗",
                                None]
    assert copy_row(six, 8) == ["10000", "0", "0", "N", "4", "1", "",
                                "ไม่ได้บรรจุในเทศบัญญัติงบประมาณรายจ่าย ปี ๒๕๖๗", None]
    assert copy_row(six, 21) == ["264000", "264000", "98500", "Y", "2", "", "", "", None]
    assert copy_row(twelve, 4) == ["32580", "30000", "30850", "Y", "3", "", "", "", None]
    assert copy_row(twelve, 26) == ["0", "0", "0", "Y", "4", "4", "หน่วยจัดอบรมเลื่อนหลักสูตรไปปีงบประมาณ พ.ศ. ๒๕๖๘",
                                    "", None]
    # a year the 6-month round closed: nothing to type in the 12-month round
    assert copy_row(twelve, 3)[4] == "3" and copy_row(twelve, 3)[-1] == rx.ENTRY_CLOSED
    assert cell(six, 5, "status").value == "อยู่ระหว่างดำเนินการ"  # the label beside the code


@pytest.mark.libreoffice
def test_libreoffice_prints_each_eplan_sheet_one_page_wide(sample_plan, progress, soffice, poppler,
                                                           tmp_path):
    """Printed by LibreOffice, every E-PlanNACC sheet is one page wide (a sheet cut in two
    would give pages without the number column's heading) and a few pages long."""
    from antong_reports.common.settings import Settings
    from antong_reports.render.xlsx import EPLAN_PAGES

    src = tmp_path / "in" / "eplan.xlsx"
    src.parent.mkdir()
    src.write_bytes(rx.eplan_workbook(sample_plan, progress, 2567, Settings(font="Sarabun")))
    pdf = convert_with_libreoffice(src, "pdf", tmp_path / "out")
    pages = [" ".join(p.split()) for p in pdftotext(pdf).split("\f") if p.strip()]
    starts = [i for i, page in enumerate(pages) if "(ส่วนที่" in page]
    assert len(starts) == len(EPLAN_PAGES) + 4  # one title per sheet: no sheet split sideways
    for page in pages:
        assert "ลำดับ" in page and "ชื่อโครงการ/กิจกรรม/มาตรการ/แนวปฏิบัติงาน" in page
    lengths = [b - a for a, b in zip(starts, starts[1:] + [len(pages)])]
    assert max(lengths) <= 8 and len(pages) <= 40, lengths
