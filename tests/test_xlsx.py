"""The budget workbook: structure read back with openpyxl, formulas evaluated, LibreOffice
recalculation, formula injection, determinism."""

from __future__ import annotations

import hashlib
import io
import re
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import attrs
import openpyxl
import pytest
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st
from openpyxl.utils import column_index_from_string, get_column_letter, range_boundaries

from antong_reports.compose import tables as ct
from antong_reports.render import xlsx as rx
from antong_reports.thai import text as tt
from antong_reports.render import xlsxutil as xu
from antong_reports.model.plan import (ControlMeasure, ProjectKind, RiskItem, RiskLevel,
                                       TargetCategory)
from antong_reports.common.settings import Settings
from conftest import convert_with_libreoffice

ROOT = Path(__file__).resolve().parent.parent
THAI_AMOUNT = '[$-D00041E]#,##0;[$-D00041E]-#,##0;"-"'
ARABIC_AMOUNT = '#,##0;-#,##0;"-"'
PART2 = "ส่วนที่ ๒"
EPLAN_SHEETS = ["E-PlanNACC", "E-PlanNACC งบประมาณ", "E-PlanNACC กลุ่มเป้าหมาย",
                "E-PlanNACC วัตถุประสงค์", "E-PlanNACC หมายเหตุ"]
SHEETS = [PART2, "สรุปงบประมาณ", *EPLAN_SHEETS, "ความเสี่ยง"]

INJECTIONS = ['=HYPERLINK("http://example.com/x","click")', "=1+1", "@SUM(A1)", "+66 81 234 5678",
              "-", "#N/A", "#DIV/0!", "=cmd|' /C calc'!A0"]


# --------------------------------------------------------------------------- helpers

def _workbook_bytes(plan, settings=Settings()) -> bytes:
    files = rx.generate(plan, settings)
    assert list(files) == [f"{plan.slug}-budget.xlsx"]
    return files[f"{plan.slug}-budget.xlsx"]


def _load(data: bytes, data_only: bool = False):
    return openpyxl.load_workbook(io.BytesIO(data), data_only=data_only)


@pytest.fixture(scope="module")
def sample_bytes(sample_plan) -> bytes:
    return _workbook_bytes(sample_plan)


@pytest.fixture(scope="module")
def sample_wb(sample_bytes):
    return _load(sample_bytes)


class Evaluator:
    """Evaluates the small formula language the workbook uses (SUM, COUNTA, COUNTIFS, references
    within and across sheets), so totals can be checked without a spreadsheet program."""

    REF = r"(?:'((?:[^']|'')+)'!)?\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?"

    def __init__(self, wb):
        self.wb = wb

    def value(self, sheet: str, coord: str):
        cell = self.wb[sheet][coord]
        if cell.data_type == "f":
            return self.formula(sheet, cell.value)
        return cell.value

    def _cells(self, sheet: str, ref: str):
        m = re.fullmatch(self.REF, ref.strip())
        assert m, ref
        target = m.group(1).replace("''", "'") if m.group(1) else sheet
        c1, r1 = column_index_from_string(m.group(2)), int(m.group(3))
        c2 = column_index_from_string(m.group(4)) if m.group(4) else c1
        r2 = int(m.group(5)) if m.group(5) else r1
        return target, [(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]

    def _values(self, sheet: str, ref: str):
        target, cells = self._cells(sheet, ref)
        ws = self.wb[target]
        return [self.value(target, ws.cell(r, c).coordinate) for r, c in cells]

    def formula(self, sheet: str, text: str):
        body = text[1:]
        m = re.fullmatch(r"(SUM|COUNTA|COUNTIFS)\((.*)\)", body)
        if not m:
            (v,) = self._values(sheet, body)
            return v
        fn, args = m.group(1), self._split(m.group(2))
        if fn == "SUM":
            return sum(v for a in args for v in self._values(sheet, a) if isinstance(v, (int, float)))
        if fn == "COUNTA":
            return sum(1 for a in args for v in self._values(sheet, a) if v not in (None, ""))
        ranges = [self._values(sheet, a) for a in args[0::2]]
        criteria = []
        for a in args[1::2]:
            criteria.append(int(a) if a.isdigit() else self._values(sheet, a)[0])
        return sum(1 for row in zip(*ranges) if all(v == c for v, c in zip(row, criteria)))

    @staticmethod
    def _split(args: str) -> list[str]:
        out, depth, quote, cur = [], 0, False, ""
        for ch in args:
            if ch == "'":
                quote = not quote
            if ch == "," and not quote and depth == 0:
                out.append(cur)
                cur = ""
                continue
            cur += ch
        out.append(cur)
        return out


def _rows_of(ws, kind_text: str, col: int):
    return [r for r in range(1, ws.max_row + 1) if ws.cell(r, col).value == kind_text]


def _subtotal_rows(ws):
    return _rows_of(ws, "รวม", 2)


def _total_row(ws):
    (r,) = _rows_of(ws, "รวมทั้งสิ้น", 1)
    return r


# --------------------------------------------------------------------------- structure

def test_sheets_and_properties(sample_plan, sample_wb):
    assert sample_wb.sheetnames == SHEETS
    props = sample_wb.properties
    assert props.creator == sample_plan.organization.name
    assert props.created.date() == sample_plan.date
    assert props.modified.date() == sample_plan.date
    assert sample_plan.title in props.title


def test_part2_sheet_follows_the_composed_table(sample_plan, sample_wb):
    """Same rows, wording, numbers and merges as the composed Part 2 table."""
    ws = sample_wb[PART2]
    table = ct.part2_table(sample_plan, Settings())
    grid = table.grid()
    top = 3
    merges = {str(m) for m in ws.merged_cells.ranges}
    for r, row in enumerate(table.rows):
        for c in range(table.ncols):
            r0, c0, cell = grid[r][c]
            if (r0, c0) != (r, c):
                continue
            x = ws.cell(top + r, 1 + c)
            if cell.value is None:
                assert (x.value or "") == cell.text, (r, c)
                assert x.data_type in ("s", "n")
            elif row.kind in ("body", "header"):
                assert x.data_type == "n" and Decimal(x.value) == cell.value, (r, c)
            else:
                assert x.data_type == "f", (r, c)
            if cell.rowspan > 1 or cell.colspan > 1:
                rng = f"{x.coordinate}:{ws.cell(top + r + cell.rowspan - 1, c + cell.colspan).coordinate}"
                assert rng in merges
    # the sheet has no other merges than the titles' and the table's
    spans = sum(1 for row in table.rows for c in row.cells if c.rowspan > 1 or c.colspan > 1)
    assert len(merges) == spans + 2


def test_part2_amounts_are_numbers_with_thai_digit_formats(sample_plan, sample_wb):
    ws = sample_wb[PART2]
    years = sample_plan.years
    body_rows = [r for r in range(5, ws.max_row + 1)
                 if isinstance(ws.cell(r, 3).value, str) and ")" in ws.cell(r, 3).value[:5]]
    assert len(body_rows) == 27
    for r in body_rows:
        for k in range(len(years)):
            x = ws.cell(r, 4 + k)
            assert isinstance(x.value, int) and x.data_type == "n"
            assert x.number_format == THAI_AMOUNT
    first = ws.cell(body_rows[0], 3).value
    assert first.startswith("๑) ")
    # a subtotal shows "จำนวน ๗๕,๑๖๐ บาท" through its format (a line break after จำนวน)
    sub = ws.cell(_subtotal_rows(ws)[0], 4)
    assert sub.number_format.startswith('[$-D00041E]"จำนวน\n"#,##0" บาท"')
    count = ws.cell(_subtotal_rows(ws)[0], 3)
    assert count.number_format.startswith('[$-D00041E]"จำนวน "#,##0" โครงการ"')


def test_part2_totals_are_formulas_that_add_up(sample_plan, sample_wb):
    ws = sample_wb[PART2]
    ev = Evaluator(sample_wb)
    subs = _subtotal_rows(ws)
    total = _total_row(ws)
    assert len(subs) == 4
    codes = ["1", "2", "3", "4"]
    for code, r in zip(codes, subs):
        assert ws.cell(r, 3).data_type == "f"
        assert ev.value(PART2, ws.cell(r, 3).coordinate) == sample_plan.count(code)
        for k, y in enumerate(sample_plan.years):
            x = ws.cell(r, 4 + k)
            assert x.data_type == "f" and x.value.startswith("=SUM(")
            assert ev.value(PART2, x.coordinate) == sample_plan.total(y, code)
    # the first subtotal sums exactly the eight project rows above it
    assert ws.cell(subs[0], 4).value == f"=SUM(D5:D{subs[0] - 1})"
    assert ws.cell(total, 3).value == "=SUM(" + ",".join(f"C{r}" for r in subs) + ")"
    for k, y in enumerate(sample_plan.years):
        x = ws.cell(total, 4 + k)
        assert x.value == "=SUM(" + ",".join(f"{x.column_letter}{r}" for r in subs) + ")"
        assert ev.value(PART2, x.coordinate) == 339160 == sample_plan.total(y)
    assert ev.value(PART2, ws.cell(total, 3).coordinate) == 27


def test_only_totals_are_formulas(sample_wb):
    ws = sample_wb[PART2]
    total_rows = set(_subtotal_rows(ws)) | {_total_row(ws)}
    for row in ws.iter_rows():
        for x in row:
            if x.data_type == "f":
                assert x.row in total_rows and 3 <= x.column <= 8, x.coordinate
    for name in ("E-PlanNACC", "ความเสี่ยง"):
        assert not [x.coordinate for row in sample_wb[name].iter_rows() for x in row
                    if x.data_type == "f"]
    ws = sample_wb["สรุปงบประมาณ"]
    for row in ws.iter_rows():
        for x in row:
            if x.data_type == "f":
                assert x.column >= 2 and isinstance(x.number_format, str)


def test_summary_sheet_formulas(sample_plan, sample_wb):
    ws = sample_wb["สรุปงบประมาณ"]
    ev = Evaluator(sample_wb)
    labels = [(ws.cell(r, 1).value, r) for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value]
    years = sample_plan.years
    # budget per dimension refers to sheet 1's subtotal cells
    r1 = [r for lab, r in labels if lab == "มิติที่ ๑ การสร้างวัฒนธรรมสุจริต"][0]
    assert ws.cell(r1, 2).value.startswith("='ส่วนที่ ๒'!D")
    for code in "1234":
        dim = sample_plan.framework.get(code)
        rows = [r for lab, r in labels if lab == f"มิติที่ {tt.thai_digits(code)} {dim.title}"]
        assert len(rows) == 2  # the budget table and the kind table
        rb, rk = rows
        for k, y in enumerate(years):
            assert ev.value("สรุปงบประมาณ", ws.cell(rb, 2 + k).coordinate) == sample_plan.total(y, code)
        assert ev.value("สรุปงบประมาณ", ws.cell(rb, 2 + len(years)).coordinate) == \
            sum(sample_plan.totals(code).values())
        for k, kind in enumerate(ProjectKind):
            x = ws.cell(rk, 2 + k)
            assert x.value.startswith("=COUNTIFS(")
            assert ev.value("สรุปงบประมาณ", x.coordinate) == sample_plan.count(code, kind)
        assert ev.value("สรุปงบประมาณ", ws.cell(rk, 2 + len(ProjectKind)).coordinate) == \
            sample_plan.count(code)
    rows_total = [r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "รวมทั้งสิ้น"]
    assert len(rows_total) == 2
    rb_total, rk_total = rows_total
    for k in range(len(years)):
        assert ev.value("สรุปงบประมาณ", ws.cell(rb_total, 2 + k).coordinate) == 339160
    assert ev.value("สรุปงบประมาณ", ws.cell(rb_total, 2 + len(years)).coordinate) == 339160 * 5
    assert ev.value("สรุปงบประมาณ", ws.cell(rk_total, 2 + len(ProjectKind)).coordinate) == 27


def test_summary_chart(sample_wb):
    ws = sample_wb["สรุปงบประมาณ"]
    assert len(ws._charts) == 1
    chart = ws._charts[0]
    assert chart.tagname == "barChart"
    assert len(chart.series) == 5
    title_text = "".join(r.t for p in chart.title.tx.rich.p for r in (p.r or []))
    assert title_text == ct.CHART_TITLE
    assert chart.y_axis.title is not None and chart.x_axis.title is not None
    # series names are the year headings, categories the short dimension labels
    cats = chart.series[0].cat.strRef.f if chart.series[0].cat.strRef else chart.series[0].cat.numRef.f
    min_col, min_row, max_col, max_row = range_boundaries(cats.split("!")[1].replace("$", ""))
    assert [ws.cell(r, min_col).value for r in range(min_row, max_row + 1)] == [
        "มิติที่ ๑", "มิติที่ ๒", "มิติที่ ๓", "มิติที่ ๔"]


def shown(cell) -> str:
    """The text a spreadsheet shows for a copy-column cell (numbers there use format "0")."""
    if cell.value is None:
        return ""
    if isinstance(cell.value, (int, float)):
        assert cell.number_format == "0", cell.coordinate
        return str(int(cell.value))
    return cell.value


def eplan_columns(wb):
    """The E-PlanNACC sheets' columns after the two key columns, in order: (sheet, column,
    group heading, heading, form field)."""
    out = []
    for name in EPLAN_SHEETS:
        ws = wb[name]
        assert [ws.cell(3, c).value for c in (1, 2)] == ["ลำดับ", "ชื่อโครงการ/กิจกรรม/มาตรการ/แนวปฏิบัติงาน"]
        group = None
        for c in range(3, ws.max_column + 1):
            head1, head2 = ws.cell(3, c).value, ws.cell(4, c).value
            group = head1 if head1 else group
            out.append((ws, c, group if head2 else None, head2 or head1, ws.cell(5, c).value))
    return out


def test_eplan_sheet(sample_plan, sample_wb):
    cols = eplan_columns(sample_wb)
    # the form's order: name, fiscal years, kind, quarter, dimension (+ codes), budget, targets,
    # objectives, (target details, responsible), remark
    order = []
    for _ws, _c, group, head, _f in cols:
        if (group or head) not in order:
            order.append(group or head)
    assert order == ["ปีงบประมาณที่ดำเนินการ", "ประเภทงาน", "ดำเนินการในไตรมาส", "มิติ", "ภารกิจตามมิติ",
                     "ข้อย่อย", "งบประมาณ (บาท)", "กลุ่มเป้าหมาย", "วัตถุประสงค์",
                     "รายละเอียดกลุ่มเป้าหมาย", "ผู้รับผิดชอบ", "หมายเหตุ"]
    ws1 = sample_wb["E-PlanNACC"]
    assert ws1.cell(5, 2).value == "txtName"
    assert [f for *_x, f in cols if f] == ([f"year{i}" for i in range(1, 6)] +
                                         ["type", "quarter", "dimention"] + ["txtBudget"] * 5 +
                                         [f"target_group{i}" for i in range(1, 10)] +
                                         ["txtObject", "txtRemark"])
    targets = [(ws, c, head) for ws, c, group, head, _f in cols if group == "กลุ่มเป้าหมาย"]
    assert [h for *_x, h in targets] == [f"{k} {c.label}" for k, c in enumerate(TargetCategory, start=1)]
    numbered = sample_plan.numbered()
    for name in EPLAN_SHEETS:
        assert sample_wb[name].max_row == 5 + len(numbered)
    at = {(group or head) + (f"/{head}" if group else ""): (ws, c) for ws, c, group, head, _f in cols}
    for ws, c, _g, _h, field in cols:  # copy columns are shaded yellow, the others not
        assert (ws.cell(6, c).fill.fgColor.rgb == "00FFF2CC") == bool(field), (ws.title, c)
    for i, n in enumerate(numbered):
        r = 6 + i
        p = n.project

        def get(key):
            ws, c = at[key]
            return ws.cell(r, c)

        assert ws1.cell(r, 1).value == n.number
        assert ws1.cell(r, 2).value == p.name
        for name in EPLAN_SHEETS[1:]:  # the name on one line, cut between words
            short = sample_wb[name].cell(r, 2).value
            assert short == p.name or (short.endswith("…") and p.name.startswith(short[:-1])), short
        assert shown(get("ประเภทงาน/รหัส")) == str(p.kind.number)
        assert get("ประเภทงาน/ความหมาย").value == p.kind.value
        assert shown(get("ดำเนินการในไตรมาส/รหัส")) == str(min(p.quarters))
        assert shown(get("มิติ")) == p.dimension_code
        assert get("ภารกิจตามมิติ").value == tt.thai_digits(p.mission_code)
        for y in sample_plan.years:
            v = shown(get(f"งบประมาณ (บาท)/ปี {tt.thai_digits(str(y))}"))
            if y not in sample_plan.project_years(p):
                assert v == ""
            elif p.amount(y):
                assert v == str(int(p.amount(y))) and v.isascii() and v.isdigit()
            else:
                assert v == "ไม่ใช้งบประมาณ"
        chosen = set(p.target_group.categories) if p.target_group else set()
        for (ws, c, _h), cat in zip(targets, TargetCategory):
            assert (ws.cell(r, c).value == "✓") == (cat in chosen)
        assert (get("ผู้รับผิดชอบ").value or "") == p.responsible


def test_eplan_sheet_copy_text_of_the_sample(sample_wb):
    """The copy columns of some projects, exactly as an officer pastes them."""
    cols = [(ws, c) for ws, c, _g, _h, f in eplan_columns(sample_wb)
            if f in ("type", "quarter", "dimention", "txtBudget")]
    got = [[shown(ws.cell(r, c)) for ws, c in cols] for r in (6, 7, 8, 13, 26)]
    no = "ไม่ใช้งบประมาณ"
    assert got == [
        ["1", "1", "1", "32580", "32580", "32580", "32580", "32580"],
        ["1", "1", "1", no, no, no, no, no],
        ["3", "1", "1", no, no, no, no, no],
        ["1", "1", "1", "10000", "10000", "10000", "10000", "10000"],
        ["1", "1", "3", "264000", "264000", "264000", "264000", "264000"],
    ]


def test_eplan_sheets_print_one_legible_page_wide(sample_wb):
    """Each E-PlanNACC sheet prints one page wide on A4 landscape, the headings repeated, and is
    narrow enough that fitting it to the page keeps the text legible."""
    from antong_reports.render import xlsx as rxl

    for name in EPLAN_SHEETS:
        ws = sample_wb[name]
        assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
        assert ws.sheet_properties.pageSetUpPr.fitToPage and int(ws.page_setup.fitToWidth) == 1
        assert ws.print_title_rows == "$3:$5" and ws.freeze_panes == "C6"
        width = sum(ws.column_dimensions[get_column_letter(c)].width for c in range(1, ws.max_column + 1))
        assert width <= rxl.MAX_SHEET_WIDTH, (name, width)


def test_risk_sheet(sample_plan, sample_wb):
    ws = sample_wb["ความเสี่ยง"]
    assert [ws.cell(3, c).value for c in range(1, 6)] == ["ลำดับที่", "ขั้นตอนการดำเนินงาน",
                                                         "ประเด็นความเสี่ยงการทุจริต", "Risk Score",
                                                         "มาตรการควบคุมความเสี่ยงการทุจริต"]
    assert sample_plan.risks
    for i, risk in enumerate(sample_plan.risks):
        r = 4 + i
        assert ws.cell(r, 1).value == tt.thai_digits(i + 1)
        assert ws.cell(r, 2).value == risk.process_step
        assert ws.cell(r, 4).value == risk.risk_level.value
        issues = ws.cell(r, 3).value.split("\n")
        assert len(issues) == len(risk.risk_issues)
        if len(issues) > 1:
            assert issues[1].startswith("๒. ")
        measures = ws.cell(r, 5).value or ""
        for m in risk.control_measures:
            expected = sample_plan.project(m.project).name if m.project else m.text
            assert expected in measures


def _cell_fonts(data: bytes) -> dict[str, list[tuple[str, str, float]]]:
    """(cell, font name, size) of every cell element each sheet's XML holds, read from the raw
    package (openpyxl does not read back the style of cells inside a merged range)."""
    import xml.etree.ElementTree as ET

    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        styles = ET.fromstring(z.read("xl/styles.xml"))
        fonts = [(f.find("m:name", ns).get("val"), float(f.find("m:sz", ns).get("val")))
                 for f in styles.find("m:fonts", ns)]
        xfs = [int(x.get("fontId", 0)) for x in styles.find("m:cellXfs", ns)]
        workbook = ET.fromstring(z.read("xl/workbook.xml"))
        names = [sh.get("name") for sh in workbook.find("m:sheets", ns)]
        out = {}
        for i, name in enumerate(names, start=1):
            sheet = ET.fromstring(z.read(f"xl/worksheets/sheet{i}.xml"))
            cells = []
            for c in sheet.iter(f"{{{ns['m']}}}c"):
                font = fonts[xfs[int(c.get("s", 0))]]
                cells.append((c.get("r"), font[0], font[1]))
            out[name] = cells
    return out


def test_fonts_on_every_cell(sample_bytes):
    fonts = _cell_fonts(sample_bytes)
    assert list(fonts) == SHEETS
    for sheet, cells in fonts.items():
        assert len(cells) > 15, sheet
        for ref, name, size in cells:
            assert name == "TH SarabunPSK", (sheet, ref)
            assert size in (16.0, 20.0), (sheet, ref)


def test_wrapped_text_and_row_heights(sample_wb):
    for ws in sample_wb.worksheets:
        for row in ws.iter_rows():
            for x in row:
                if isinstance(x.value, str) and x.value:
                    assert x.alignment.wrap_text, (ws.title, x.coordinate)
        for r in range(1, ws.max_row + 1):
            if any(ws.cell(r, c).value is not None for c in range(1, ws.max_column + 1)):
                h = ws.row_dimensions[r].height
                assert h is not None and h >= 1.9 * 16, (ws.title, r)
    # a long project name gets more lines than a short one
    ws = sample_wb[PART2]
    heights = {ws.cell(r, 3).value: ws.row_dimensions[r].height for r in range(5, ws.max_row + 1)}
    longest = max((k for k in heights if isinstance(k, str)), key=len)
    shortest = min((k for k in heights if isinstance(k, str) and ")" in k[:5]), key=len)
    assert heights[longest] > heights[shortest]


def test_column_widths_hold_the_totals(sample_wb):
    """Numbers never wrap in Excel: a year column holds "๓๓๙,๑๖๐ บาท" on one line."""
    ws = sample_wb[PART2]
    need = xu.number_width("๓๓๙,๑๖๐ บาท", Settings(), bold=True)
    for letter in "DEFGH":
        assert ws.column_dimensions[letter].width >= need


def test_print_setup(sample_wb):
    for ws in sample_wb.worksheets:
        assert ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0
        assert ws.oddFooter.center.text == "หน้า &P / &N"
    ws = sample_wb[PART2]
    assert ws.print_title_rows == "$3:$4"
    assert ws.freeze_panes == "A5"
    assert sample_wb["E-PlanNACC"].print_title_rows == "$3:$5"
    assert sample_wb["ความเสี่ยง"].print_title_rows == "$3:$3"


def test_arabic_digits_and_sarabun(mini_plan):
    settings = Settings(thai_digits=False, font="Sarabun")
    wb = _load(_workbook_bytes(mini_plan, settings))
    assert wb.sheetnames[0] == "ส่วนที่ 2"
    ws = wb["ส่วนที่ 2"]
    assert ws["D5"].value == 10000 and ws["D5"].number_format == ARABIC_AMOUNT
    assert ws["C5"].value == "1) โครงการอบรมคุณธรรม"
    assert "[$-" not in ws.cell(6, 4).number_format
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for x in row:
                if isinstance(x.value, str):
                    assert not tt.has_thai_digit(x.value), x.value
    for cells in _cell_fonts(_workbook_bytes(mini_plan, settings)).values():
        assert {(name, size) for _, name, size in cells} <= {("Sarabun", 11.0), ("Sarabun", 13.8)}


def test_mini_plan_empty_dimensions(mini_plan):
    wb = _load(_workbook_bytes(mini_plan))
    ws = wb[PART2]
    ev = Evaluator(wb)
    subs = _subtotal_rows(ws)
    assert len(subs) == 4
    # dimensions 3 and 4 have no project: their subtotal is a plain zero, not a formula
    for r in subs[2:]:
        assert ws.cell(r, 4).value == 0 and ws.cell(r, 4).data_type == "n"
        assert ws.cell(r, 3).value == 0
    total = _total_row(ws)
    assert ev.value(PART2, ws.cell(total, 4).coordinate) == 10000
    assert ev.value(PART2, ws.cell(total, 6).coordinate) == 0
    assert ev.value(PART2, ws.cell(total, 3).coordinate) == 2


def test_satang_amounts_keep_two_decimals(mini_plan):
    p1 = mini_plan.project("p1")
    p1 = attrs.evolve(p1, budget={2566: Decimal("1234.50")})
    plan = attrs.evolve(mini_plan, projects=(p1,) + mini_plan.projects[1:])
    ws = _load(_workbook_bytes(plan))[PART2]
    assert ws["D5"].value == 1234.5
    assert ws["D5"].number_format == "[$-D00041E]#,##0.00;[$-D00041E]-#,##0.00;\"-\""


# --------------------------------------------------------------------------- formula injection

def _injection_plan(mini_plan):
    base = mini_plan.project("p1")
    projects = []
    for i, text in enumerate(INJECTIONS):
        projects.append(attrs.evolve(base, id=f"x{i}", name=text, responsible=text, remark=text,
                                     objectives=(text,)))
    projects.append(mini_plan.project("p2"))
    risks = (RiskItem(process_step=INJECTIONS[0], risk_issues=(INJECTIONS[1], INJECTIONS[5]),
                      risk_level=RiskLevel.HIGH,
                      control_measures=(ControlMeasure(text=INJECTIONS[2]),
                                        ControlMeasure(project="x3"))),
             RiskItem(process_step="#N/A", risk_issues=("-",), risk_level=RiskLevel.LOW,
                      control_measures=(ControlMeasure(text="=1+1"),)))
    return attrs.evolve(mini_plan, projects=tuple(projects), risks=risks)


def _check_injection_workbook(wb):
    ws = wb["E-PlanNACC"]
    names = [ws.cell(r, 2).value for r in range(6, 6 + len(INJECTIONS))]
    assert names == INJECTIONS
    for r in range(6, 6 + len(INJECTIONS)):
        x = ws.cell(r, 2)
        assert x.data_type == "s"
    risk = wb["ความเสี่ยง"]
    assert risk["B4"].value == INJECTIONS[0]
    assert risk["C4"].value == f"๑. {INJECTIONS[1]}\n๒. {INJECTIONS[5]}"
    assert risk["E4"].value == f"๑. {INJECTIONS[2]}\n๒. {INJECTIONS[3]}"
    assert risk["B5"].value == "#N/A" and risk["C5"].value == "-" and risk["E5"].value == "=1+1"


def test_formula_injection_stays_text(mini_plan):
    plan = _injection_plan(mini_plan)
    data = _workbook_bytes(plan)
    wb = _load(data)
    _check_injection_workbook(wb)
    part2 = wb[PART2]
    total_rows = set(_subtotal_rows(part2)) | {_total_row(part2)}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for x in row:
                if x.data_type == "f":
                    assert ws.title in (PART2, "สรุปงบประมาณ"), (ws.title, x.coordinate)
                    if ws.title == PART2:
                        assert x.row in total_rows
                    assert re.fullmatch(r"=(SUM|COUNTA|COUNTIFS)\(.*\)|='[^']+'!\$?[A-Z]+\$?\d+|=[A-Z]+\d+",
                                        x.value), x.value
                if isinstance(x.value, str) and x.value in INJECTIONS:
                    assert x.data_type == "s"
                    assert x.quotePrefix
                assert x.data_type != "e", (ws.title, x.coordinate)
    # the raw XML holds no formula but our totals: every <f> element is SUM/COUNTA/COUNTIFS/ref
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                xml = z.read(name).decode("utf-8")
                for f in re.findall(r"<f>(.*?)</f>", xml):
                    assert not re.search(r"HYPERLINK|cmd|1\+1|SUM\(A1\)", f), f
                assert "<c r=" in xml and 't="e"' not in xml


def test_quote_prefix_on_risky_text(mini_plan):
    wb = _load(_workbook_bytes(_injection_plan(mini_plan)))
    ws = wb["E-PlanNACC"]
    for r in range(6, 6 + len(INJECTIONS)):
        x = ws.cell(r, 2)
        assert x.quotePrefix is True, x.value


# --------------------------------------------------------------------------- LibreOffice

@pytest.mark.libreoffice
def test_libreoffice_recalculates_the_sample(sample_plan, sample_bytes, soffice, tmp_path):
    src = tmp_path / "in" / "budget.xlsx"
    src.parent.mkdir()
    src.write_bytes(sample_bytes)
    out = convert_with_libreoffice(src, "xlsx", tmp_path / "out")
    wb = openpyxl.load_workbook(out, data_only=True)
    ws = wb[PART2]
    total = _total_row(ws)
    years = sample_plan.years
    assert [ws.cell(total, 4 + k).value for k in range(len(years))] == [339160] * 5
    assert ws.cell(total, 3).value == 27
    for code, r in zip("1234", _subtotal_rows(ws)):
        assert ws.cell(r, 3).value == sample_plan.count(code)
        for k, y in enumerate(years):
            assert ws.cell(r, 4 + k).value == sample_plan.total(y, code)
    summary = wb["สรุปงบประมาณ"]
    totals = [r for r in range(1, summary.max_row + 1) if summary.cell(r, 1).value == "รวมทั้งสิ้น"]
    assert [summary.cell(totals[0], 2 + k).value for k in range(5)] == [339160] * 5
    assert summary.cell(totals[0], 7).value == 339160 * 5
    assert [summary.cell(totals[1], 2 + k).value for k in range(5)] == [
        sample_plan.count(None, kind) for kind in ProjectKind] + [27]
    # the chart survives the round trip
    with zipfile.ZipFile(out) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert charts
        xml = z.read(charts[0]).decode("utf-8")
        assert "barChart" in xml and ct.CHART_TITLE in xml
    # merges and print titles survive as well
    assert any(str(m).startswith("A5:") for m in ws.merged_cells.ranges)
    assert ws.print_title_rows == "$3:$4"


@pytest.mark.libreoffice
def test_libreoffice_shows_thai_digits(sample_bytes, soffice, tmp_path):
    """Displayed values (CSV "as shown" per sheet): Thai digits and the Part 2 wording."""
    src = tmp_path / "budget.xlsx"
    src.write_bytes(sample_bytes)
    outdir = tmp_path / "csv"
    outdir.mkdir()
    profile = outdir / ".lo-profile"
    subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
                    "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,"
                    "false,false,-1", "--outdir", str(outdir), str(src)],
                   check=True, capture_output=True, timeout=300)
    text = (outdir / f"budget-{PART2}.csv").read_text("utf-8")
    assert '"จำนวน\n๓๓๙,๑๖๐ บาท"' in text
    assert "จำนวน ๒๗ โครงการ" in text
    assert '"๓๒,๕๘๐"' in text
    summary = (outdir / "budget-สรุปงบประมาณ.csv").read_text("utf-8")
    assert '"๑,๖๙๕,๘๐๐"' in summary


@pytest.mark.libreoffice
def test_libreoffice_keeps_injected_text(mini_plan, soffice, tmp_path):
    src = tmp_path / "in" / "inject.xlsx"
    src.parent.mkdir()
    src.write_bytes(_workbook_bytes(_injection_plan(mini_plan)))
    out = convert_with_libreoffice(src, "xlsx", tmp_path / "out")
    _check_injection_workbook(openpyxl.load_workbook(out, data_only=True))
    wb = openpyxl.load_workbook(out)
    for name in ("E-PlanNACC", "ความเสี่ยง"):
        assert not [x.coordinate for row in wb[name].iter_rows() for x in row if x.data_type == "f"]


# --------------------------------------------------------------------------- determinism

_BUILD = """
import hashlib, sys
from antong_reports.sources import load_plan
from antong_reports.render import xlsx as render_xlsx
plan = load_plan(sys.argv[1])
for name, data in render_xlsx.generate(plan).items():
    print(name, hashlib.sha256(data).hexdigest(), len(data))
"""


def test_deterministic_across_processes(sample_path, sample_plan, sample_bytes):
    runs = [subprocess.run([sys.executable, "-c", _BUILD, str(sample_path)], capture_output=True,
                           text=True, check=True, cwd=ROOT).stdout for _ in range(2)]
    assert runs[0] == runs[1] and runs[0].strip()
    name, digest, size = runs[0].split()
    assert digest == hashlib.sha256(sample_bytes).hexdigest()
    with zipfile.ZipFile(io.BytesIO(sample_bytes)) as z:
        assert {i.date_time for i in z.infolist()} == {(2000, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
        stamp = f"{sample_plan.date.isoformat()}T00:00:00Z"
        assert re.search(f'<dcterms:created [^>]*>{stamp}</dcterms:created>', core)
        assert re.search(f'<dcterms:modified [^>]*>{stamp}</dcterms:modified>', core)


# --------------------------------------------------------------------------- helpers module

@pytest.mark.parametrize("text,quoted", [("=1+1", True), ("+66 81", True), ("-", True),
                                         ("@SUM(A1)", True), ("#N/A", True), ("#div/0!", True),
                                         ("โครงการ", False), ("", False), ("1+1", False)])
def test_needs_quote(text, quoted):
    assert xu.needs_quote(text) is quoted


def test_number_formats():
    assert xu.amount_format(True) == THAI_AMOUNT
    assert xu.amount_format(False) == ARABIC_AMOUNT
    fmt = xu.number_format(True, zero=None, prefix="จำนวน ", suffix=" บาท")
    assert fmt == ('[$-D00041E]"จำนวน "#,##0" บาท";[$-D00041E]"จำนวน "-#,##0" บาท";'
                   '[$-D00041E]"จำนวน "0" บาท"')
    assert xu.number_format(False, prefix='a"b').startswith('"a""b"#,##0')


def test_line_count_grows_with_text():
    s = Settings()
    short = xu.line_count("โครงการ", 30, s)
    long = xu.line_count("โครงการพัฒนาความรู้ด้านกฎหมาย" * 6, 30, s)
    assert short == 1 and long >= 4
    assert xu.line_count("ก\nข\nค", 30, s) == 3
    # Sarabun is drawn larger: the same text takes more lines at the same width and size
    assert xu.line_count("โครงการพัฒนาความรู้" * 8, 30, Settings(font="Sarabun", font_size=16)) > \
        xu.line_count("โครงการพัฒนาความรู้" * 8, 30, Settings())


def test_plan_without_projects_or_risks(mini_plan):
    plan = attrs.evolve(mini_plan, projects=(), risks=())
    wb = _load(_workbook_bytes(plan))
    ws = wb[PART2]
    ev = Evaluator(wb)
    assert len(_subtotal_rows(ws)) == 4
    total = _total_row(ws)
    assert ev.value(PART2, ws.cell(total, 3).coordinate) == 0
    assert ev.value(PART2, ws.cell(total, 4).coordinate) == 0
    assert wb["E-PlanNACC"].max_row <= 6
    assert wb["ความเสี่ยง"].max_row == 3


def test_one_fiscal_year_plan(mini_plan):
    plan = attrs.evolve(mini_plan, first_year=2567, last_year=2567)
    wb = _load(_workbook_bytes(plan))
    ws = wb[PART2]
    assert [ws.cell(3, c).value for c in range(1, 6)] == ["มิติ", "ภารกิจตามมิติ",
                                                         "โครงการ/กิจกรรม/มาตรการ", "ปี ๒๕๖๗",
                                                         "หมายเหตุ"]
    ev = Evaluator(wb)
    assert ev.value(PART2, ws.cell(_total_row(ws), 4).coordinate) == 10000
    summary = wb["สรุปงบประมาณ"]
    totals = [r for r in range(1, summary.max_row + 1) if summary.cell(r, 1).value == "รวมทั้งสิ้น"]
    assert ev.value("สรุปงบประมาณ", summary.cell(totals[0], 3).coordinate) == 10000


@hyp_settings(max_examples=200, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=30), min_size=1, max_size=8))
def test_put_text_round_trips_any_text(texts):
    """Any text (formula-like, error-like, spaces, control characters) reads back as the same
    text, minus the control characters XML cannot hold; never a formula or an error."""
    wb = openpyxl.Workbook()
    ws = wb.active
    for i, text in enumerate(texts, start=1):
        xu.put_text(ws.cell(i, 1), text)
    back = _load(xu.save(wb)).active
    for i, text in enumerate(texts, start=1):
        x = back.cell(i, 1)
        assert (x.value or "") == xu.clean_text(text)
        assert x.data_type in ("s", "n") and (x.value is None or isinstance(x.value, str))
