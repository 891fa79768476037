"""The plan workbook filled in as officers fill it in Excel or LibreOffice: each way of typing or
arranging that the reader must read as meant, or refuse at its cell with a fix.

Every case starts from the workbook of tests/fixtures/mini.yaml (projects p1 on row 7 and p2 on
row 8 of โครงการ, below the live total row 6; budget columns F–J are 2566–2570), changes it the
way an officer would, saves it with openpyxl (no cached formula values) or edits its XML as Excel
would save it, and reads it back.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from antong_reports.render.plan_workbook import plan_workbook
from antong_reports.sources import load_plan
from antong_reports.sources import plan_workbook as L
from antong_reports.validate import check_file
from conftest import convert_with_libreoffice
from test_plan_workbook_bad import edited, set_cell, stored_cell

MINI = Path(__file__).resolve().parent / "fixtures" / "mini.yaml"
P, R, D, I = L.PROJECTS, L.RISKS, L.DETAILS, L.INFO


@pytest.fixture(scope="module")
def mini():
    return load_plan(MINI)


@pytest.fixture(scope="module")
def mini_bytes(mini) -> bytes:
    return plan_workbook(mini)


def read_ok(path: Path):
    plan, issues = check_file(path)
    errors = [str(i) for i in issues if i.is_error]
    assert plan is not None and not errors, errors
    return plan


def one_error(path: Path, code: str, where: str):
    plan, issues = check_file(path)
    errors = [i for i in issues if i.is_error]
    assert len(errors) == 1, [str(i) for i in errors]
    e = errors[0]
    assert (e.code, e.path, e.file) == (code, where, str(path)), str(e)
    assert e.message_th and e.message_en and e.fix_th and e.fix_en
    return e


# --------------------------------------------------------------------------- amounts as typed

@pytest.mark.parametrize("typed,amount", [
    ("50,000", 50000),
    ("๕๐,๐๐๐ บาท", 50000),
    ("50000.-", 50000),
    ("50,000.- บาท", 50000),
    ("50000บาท", 50000),
    ("฿1,200", 1200),
    (" 1,200.50 ", Decimal("1200.50")),
    ("๑๒๐๐.๕๐", Decimal("1200.50")),
    (1200.5, Decimal("1200.5")),
    ("-", None),          # a dash: no budget that year, as the printed tables show it
])
def test_amounts_typed_as_officers_type_them(tmp_path, mini_bytes, typed, amount):
    path = edited(tmp_path, mini_bytes, lambda wb: set_cell(wb[P], "F7", typed))
    budget = read_ok(path).project("p1").budget
    assert budget.get(2566) == amount and budget[2567] == 10000


@pytest.mark.parametrize("typed,code", [
    ("สามหมื่นบาท", "not-an-amount"),
    ("50 000", "not-an-amount"),
    ("1e5", "not-an-amount"),
    ("9" * 5000, "amount-too-large"),
    (1e300, "amount-too-large"),
], ids=["words", "spaced", "exponent", "5000-digits", "1e300"])
def test_amounts_that_are_not_read_name_their_cell(tmp_path, mini_bytes, typed, code):
    path = edited(tmp_path, mini_bytes, lambda wb: set_cell(wb[P], "F7", typed))
    e = one_error(path, code, f"{P}!F7")
    assert len(e.message_en) < 300   # a 5,000-digit number is not printed whole


@pytest.mark.parametrize("xml_value,code,where", [
    ("1e309", "not-an-amount", f"{P}!F7"),      # read as infinity
    ("inf", "not-a-workbook", ""),               # openpyxl cannot read the sheet: the file
    ("nan", "not-a-workbook", ""),
])
def test_a_number_cell_that_is_not_finite(tmp_path, mini_bytes, xml_value, code, where):
    """A stored number that is not finite (another program wrote it) is refused — at its cell
    when the sheet can be read — never read as empty or as a huge amount."""
    path = tmp_path / "plan.xlsx"
    path.write_bytes(stored_cell(mini_bytes, P, "F7", f'<c r="F7" t="n"><v>{xml_value}</v></c>'))
    one_error(path, code, where)


def test_a_formulas_binary_noise_is_not_read_as_decimals(tmp_path, mini_bytes):
    """=10000*1.07 saved by Excel holds 10700.000000000002: the amount is the 10,700 it shows."""
    data = stored_cell(mini_bytes, P, "H8", '<c r="H8"><f>10000*1.07</f><v>10700.000000000002</v></c>')
    data = stored_cell(data, P, "I8", '<c r="I8"><f>0.1+0.2</f><v>0.30000000000000004</v></c>')
    path = tmp_path / "plan.xlsx"
    path.write_bytes(data)
    assert read_ok(path).project("p2").budget == {2568: 10700, 2569: Decimal("0.3")}


def test_a_date_where_an_amount_goes(tmp_path, mini_bytes):
    import datetime as dt

    path = edited(tmp_path, mini_bytes, lambda wb: set_cell(wb[P], "F7", dt.datetime(2023, 1, 1)))
    one_error(path, "not-an-amount", f"{P}!F7")


# --------------------------------------------------------------------------- other numbers

@pytest.mark.parametrize("ref,typed,check", [
    (f"{I}!B13", "๒๕๖๖", lambda p: p.first_year == 2566),
    (f"{I}!B13", 2566.0, lambda p: p.first_year == 2566),
    (f"{I}!B13", "พ.ศ. ๒๕๖๖", lambda p: p.first_year == 2566),
    (f"{I}!B14", "ปีงบประมาณ 2570", lambda p: p.last_year == 2570),
    (f"{P}!P7", "๕๐", lambda p: p.project("p1").target_group.count == 50),
    (f"{P}!P7", "1,000", lambda p: p.project("p1").target_group.count == 1000),
    (f"{P}!M8", "๒๕๖๗, ๒๕๖๘", lambda p: p.project("p2").years == (2567, 2568)),
    (f"{P}!M8", 2567, lambda p: p.project("p2").years == (2567,)),
    (f"{P}!E8", "๒.๑", lambda p: p.project("p2").code == "2.1"),
    (f"{P}!N7", "๑-๔", lambda p: p.project("p1").quarters == (1, 2, 3, 4)),
    (f"{P}!N7", "ไตรมาส 2–3", lambda p: p.project("p1").quarters == (2, 3)),
    (f"{P}!M8", "2567-2569", lambda p: p.project("p2").years == (2567, 2568, 2569)),
    (f"{I}!B16", _dt.datetime(2022, 9, 1), lambda p: p.signed_month == 9),
    (f"{I}!B16", "ก.ย.", lambda p: p.signed_month == 9),
])
def test_thai_digits_and_numbers_typed_as_text_or_numbers(tmp_path, mini_bytes, ref, typed, check):
    sheet, cell = ref.split("!")
    assert check(read_ok(edited(tmp_path, mini_bytes, lambda wb: set_cell(wb[sheet], cell, typed))))


@pytest.mark.parametrize("ref,typed,code", [
    (f"{I}!B13", "9" * 5000, "wrong-type"),
    (f"{P}!P7", "9" * 5000, "wrong-type"),
    (f"{P}!P7", 10 ** 15, "count-too-large"),
], ids=["year-5000-digits", "count-5000-digits", "count-1e15"])
def test_numbers_far_too_long_name_their_cell(tmp_path, mini_bytes, ref, typed, code):
    sheet, cell = ref.split("!")
    one_error(edited(tmp_path, mini_bytes, lambda wb: set_cell(wb[sheet], cell, typed)), code, ref)


def test_a_text_far_too_long_names_its_cell_and_the_limit(tmp_path, mini_bytes):
    path = edited(tmp_path, mini_bytes, lambda wb: set_cell(wb[P], "D7", "กข " * 10922))
    e = one_error(path, "text-too-long", f"{P}!D7")
    assert "1,500" in e.message_en


# --------------------------------------------------------------------------- rows and sheets

def _insert_above_headings(sheet: str, n: int = 1):
    def edit(wb):
        wb[sheet].insert_rows(1, n)
    return edit


@pytest.mark.parametrize("sheet", [L.PREFACE, R, L.PART1, L.TARGETS, D, L.SUB_ITEMS, I])
def test_rows_inserted_above_the_headings(tmp_path, mini, mini_bytes, sheet):
    """A title row added above the headings moves the table: it is found by its headings."""
    assert read_ok(edited(tmp_path, mini_bytes, _insert_above_headings(sheet, 2))) == mini


def test_rows_inserted_above_the_project_headings(tmp_path, mini, mini_bytes):
    def edit(wb):
        ws = wb[P]
        # openpyxl moves no merged range with the rows (Excel does): unmerge the group headings
        for rng in list(ws.merged_cells.ranges):
            ws.unmerge_cells(str(rng))
        ws.insert_rows(1)
    plan = read_ok(edited(tmp_path, mini_bytes, edit))
    assert plan == mini


def test_total_row_deleted_keeps_the_first_project(tmp_path, mini, mini_bytes):
    """Deleting the live total row moves the first project up to row 6: it is still read."""
    assert read_ok(edited(tmp_path, mini_bytes, lambda wb: wb[P].delete_rows(6))) == mini


def test_a_project_typed_between_headings_and_total(tmp_path, mini_bytes):
    def edit(wb):
        ws = wb[P]
        ws.insert_rows(6)
        for c, v in ((2, "p3"), (3, "กิจกรรม"), (4, "กิจกรรมใหม่"), (5, "2.1"), (6, 500)):
            ws.cell(6, c, v)
    plan = read_ok(edited(tmp_path, mini_bytes, edit))
    assert [p.id for p in plan.projects] == ["p3", "p1", "p2"]
    assert plan.project("p3").budget == {2566: 500}


def test_a_blank_and_a_hidden_row_between_projects(tmp_path, mini, mini_bytes):
    def edit(wb):
        ws = wb[P]
        ws.insert_rows(8, 3)               # p2 moves to row 11, rows 8-10 blank
        ws.row_dimensions[11].hidden = True
    assert read_ok(edited(tmp_path, mini_bytes, edit)) == mini


def test_sheets_reordered_hidden_and_renamed_with_spaces(tmp_path, mini, mini_bytes):
    def edit(wb):
        wb.move_sheet(P, offset=-4)
        wb[D].sheet_state = "hidden"
        wb[R].title = f" {R} "
    assert read_ok(edited(tmp_path, mini_bytes, edit)) == mini


def test_notes_in_a_column_beyond_the_table(tmp_path, mini, mini_bytes):
    def edit(wb):
        wb[P]["AF7"] = "โน้ตของเจ้าหน้าที่"
        wb[P]["AF30"] = "โน้ตในแถวว่าง"
        wb[R]["J5"] = "โน้ต"
    assert read_ok(edited(tmp_path, mini_bytes, edit)) == mini


def test_risk_cells_merged_over_the_risks_rows(tmp_path, mini, mini_bytes):
    """The risk's number, step and level merged down its rows, as risk tables are drawn."""
    def edit(wb):
        for col in "ABD":
            wb[R].merge_cells(f"{col}5:{col}6")
    assert read_ok(edited(tmp_path, mini_bytes, edit)) == mini


def test_a_project_id_merged_into_the_next_row(tmp_path, mini_bytes):
    path = edited(tmp_path, mini_bytes, lambda wb: wb[P].merge_cells("B7:B8"))
    one_error(path, "empty-cell", f"{P}!B8")


def test_the_same_project_listed_twice(tmp_path, mini_bytes):
    def edit(wb):
        ws = wb[P]
        for c in range(1, ws.max_column + 1):
            ws.cell(12, c).value = ws.cell(7, c).value
    e = one_error(edited(tmp_path, mini_bytes, edit), "duplicate-project-id", f"{P}!B12")
    assert "row 7" in e.message_en


# --------------------------------------------------------------------------- LibreOffice

def test_the_empty_template_saved_by_libreoffice_then_filled_in(tmp_path, soffice):
    """The empty workbook opened and saved in LibreOffice, then filled in: read as typed."""
    src = tmp_path / "empty.xlsx"
    src.write_bytes(plan_workbook(None))
    saved = convert_with_libreoffice(src, "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo")
    plan, issues = check_file(saved)     # still empty: each required cell named
    assert plan is None and {i.path for i in issues if i.is_error} >= {f"{I}!B4", f"{I}!B9"}
    wb = load_workbook(saved)
    info = wb[I]
    for row, value in ((4, "tambon-test"), (5, "แผนทดสอบ"), (6, "เทศบาลตำบลทดสอบ"),
                       (7, "เทศบาลตำบล"), (8, "เมือง"), (9, "อ่างทอง")):
        info.cell(row, 2, value)
    ws = wb[P]
    r = max(r for r in range(1, 40) if ws.cell(r, 2).value) + 1
    for c, v in ((2, "x1"), (3, "โครงการ"), (4, "โครงการทดสอบ"), (5, "1.1.1"), (6, "๕๐,๐๐๐ บาท"),
                 (7, "12000.-")):
        ws.cell(r, c, v)
    wb.save(tmp_path / "filled.xlsx")
    plan = read_ok(tmp_path / "filled.xlsx")
    assert [p.id for p in plan.projects] == ["x1"]
    assert plan.project("x1").budget == {plan.first_year: 50000, plan.first_year + 1: 12000}
