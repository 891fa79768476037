"""The progress workbook filled in as officers fill it: rows and columns moved, amounts typed as
text, a formula's float noise, a project listed twice, texts too long. Each case is read as meant,
or refused with the sheet and cell (also the issues found by validation, through ``pack``).

The template is the sample plan's for 2567, round 6, filled from the sample progress file."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from antong_reports.common.errors import ProgressFileError
from antong_reports.sources.progress_workbook import (COL, FIRST_DATA_ROW, INFO_ROW, SHEET,
                                                      read_progress_workbook)
from safety_util import run_cli

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent / "samples" / "angthong-2566-2570.yaml"
SAMPLE_PROGRESS = HERE.parent / "samples" / "angthong-progress-2567.yaml"
ROW = FIRST_DATA_ROW            # the first project's row


def cell(key: str, row: int = ROW) -> str:
    return f"{get_column_letter(COL[key])}{row}"


@pytest.fixture(scope="module")
def template():
    from antong_reports.render.progress_workbook import template_workbook
    from antong_reports.sources import load_plan

    plan = load_plan(SAMPLE)
    return plan, template_workbook(plan, 2567, 6)


@pytest.fixture(scope="module")
def full(template, tmp_path_factory):
    plan, data = template
    return read_progress_workbook(filled(plan, data, tmp_path_factory.mktemp("full") / "a.xlsx",
                                         lambda ws: None), plan)


def filled(plan, data: bytes, path: Path, edit) -> Path:
    from test_progress import fill_template
    from antong_reports.sources.progress_file import load_progress

    path.write_bytes(data)
    fill_template(path, load_progress(SAMPLE_PROGRESS).resolved(plan), 2567, 6)
    wb = load_workbook(path)
    edit(wb[SHEET])
    wb.save(path)
    return path


def refused(plan, path: Path, code: str, where: str):
    with pytest.raises(ProgressFileError) as info:
        read_progress_workbook(path, plan)
    issues = info.value.issues
    assert len(issues) == 1, [str(i) for i in issues]
    issue = issues[0]
    assert (issue.code, issue.path, issue.file) == (code, where, str(path)), str(issue)
    assert issue.message_th and issue.message_en and issue.fix_th and issue.fix_en
    return issue


@pytest.mark.parametrize("typed,amount", [
    ("๕๐,๐๐๐ บาท", Decimal(50000)), ("50000.-", Decimal(50000)), (" 1,200.50 ", Decimal("1200.50")),
    ("-", Decimal(0)), (10700.000000000002, Decimal(10700)), (0.30000000000000004, Decimal("0.3")),
])
def test_amounts_typed_as_officers_type_them(template, tmp_path, typed, amount):
    plan, data = template
    path = filled(plan, data, tmp_path / "p.xlsx", lambda ws: ws.__setitem__(cell("disbursed"), typed))
    record = read_progress_workbook(path, plan).records[0]
    assert record.disbursed == amount


@pytest.mark.parametrize("typed", ["สามหมื่น", "9" * 5000, -5, "1e5"],
                         ids=["words", "5000-digits", "negative", "exponent"])
def test_amounts_not_read_name_their_cell(template, tmp_path, typed):
    plan, data = template
    path = filled(plan, data, tmp_path / "p.xlsx", lambda ws: ws.__setitem__(cell("disbursed"), typed))
    issue = refused(plan, path, "not-amount", f"{SHEET}!{cell('disbursed')}")
    assert len(issue.message_en) < 120


@pytest.mark.parametrize("edit", [
    lambda ws: ws.insert_rows(1, 3),          # title rows added above everything
    lambda ws: ws.delete_rows(3),             # the blank row under the titles deleted
    lambda ws: ws.insert_rows(INFO_ROW["date"] + 1, 2),   # space between particulars and table
    lambda ws: ws.delete_rows(INFO_ROW["date"] + 1),      # the blank row above the table deleted
], ids=["rows-above", "row-deleted-above", "rows-between", "gap-deleted"])
def test_rows_inserted_or_deleted_above_the_table(template, full, tmp_path, edit):
    """The particulars are found by their labels and the table by its headings: the same records."""
    plan, data = template
    got = read_progress_workbook(filled(plan, data, tmp_path / "p.xlsx", edit), plan)
    assert got.records == full.records and got.reports == full.reports
    assert got.reporter == full.reporter


def test_a_particulars_row_deleted_is_named(template, tmp_path):
    """Deleting the reporter's title row used to shift every value below it into the wrong field
    (the executive's name read as the reporter's title, the first project skipped)."""
    plan, data = template
    path = filled(plan, data, tmp_path / "p.xlsx", lambda ws: ws.delete_rows(INFO_ROW["reporter_title"]))
    issue = refused(plan, path, "missing-row", SHEET)
    assert "ตำแหน่งผู้รายงาน" in issue.message_th


@pytest.mark.parametrize("edit,where", [
    (lambda ws: ws.insert_cols(5), "E"),
    (lambda ws: ws.delete_cols(4), "D"),
    (lambda ws: ws.move_range(f"F1:G{ROW + 60}", cols=20), "F"),
], ids=["inserted", "deleted", "moved"])
def test_a_column_inserted_deleted_or_moved(template, tmp_path, edit, where):
    plan, data = template
    path = filled(plan, data, tmp_path / "p.xlsx", edit)
    issue = refused(plan, path, "changed-heading", f"{SHEET}!{where}{FIRST_DATA_ROW - 1}")
    assert "column" in issue.fix_en


def test_the_sheet_renamed_with_spaces_and_notes_beside_the_table(template, full, tmp_path):
    plan, data = template

    def edit(ws):
        ws.title = f"{SHEET} "
        ws.cell(ROW, len(COL) + 3).value = "โน้ตของเจ้าหน้าที่"
    got = read_progress_workbook(filled(plan, data, tmp_path / "p.xlsx", edit), plan)
    assert got.records == full.records


def _pack(path: Path, tmp_path: Path):
    out = tmp_path / "pack"
    proc = run_cli("pack", str(SAMPLE), "--progress", str(path), "--year", "2567", "-o", str(out))
    assert proc.returncode == 1 and not out.exists(), proc.stderr
    return proc.stderr


def test_validation_issues_of_a_workbook_name_cells(template, tmp_path):
    """What validation finds (a project listed twice, a text too long) is placed at the cells the
    record came from, not at a path of a progress file the officer never saw."""
    plan, data = template
    twice = ROW + 40

    def edit(ws):
        for c in range(1, len(COL) + 1):
            ws.cell(twice, c).value = ws.cell(ROW, c).value
        ws[cell("achieved", ROW + 1)] = "ผลการดำเนินงาน " * 200
    err = _pack(filled(plan, data, tmp_path / "p.xlsx", edit), tmp_path)
    assert f"{SHEET}!B{twice}" in err and "duplicate" not in err.split(f"{SHEET}!B{twice}")[0][-5:]
    assert f"{SHEET}!{cell('achieved', ROW + 1)}" in err and "1,500" in err
    assert "records[" not in err.split(":")[1]


def test_two_workbooks_with_the_same_record_name_their_files(template, tmp_path):
    """Issues found only across files name the file and cell of the record."""
    plan, data = template
    a = filled(plan, data, tmp_path / "a.xlsx", lambda ws: None)
    b = filled(plan, data, tmp_path / "b.xlsx", lambda ws: None)
    out = tmp_path / "pack"
    proc = run_cli("pack", str(SAMPLE), "--progress", str(a), "--progress", str(b), "--year",
                   "2567", "-o", str(out))
    assert proc.returncode == 1 and not out.exists()
    assert f"{b}: {SHEET}!B{ROW}" in proc.stderr, proc.stderr


@pytest.mark.parametrize("typed", ["30 เมษายน 2567", "๓๐ เม.ย. ๒๕๖๗", "30 เมษายน พ.ศ. 2567",
                                   "30/04/2567", "2567-04-30"])
def test_the_report_date_typed_with_a_thai_month(template, tmp_path, typed):
    import datetime as dt

    plan, data = template
    path = filled(plan, data, tmp_path / "p.xlsx",
                  lambda ws: setattr(ws.cell(INFO_ROW["date"], 3), "value", typed))
    assert read_progress_workbook(path, plan).reports[0].date == dt.date(2024, 4, 30)


def test_a_date_that_does_not_exist_names_its_cell(template, tmp_path):
    plan, data = template
    path = filled(plan, data, tmp_path / "p.xlsx",
                  lambda ws: setattr(ws.cell(INFO_ROW["date"], 3), "value", "31 เมษายน 2567"))
    refused(plan, path, "not-date", f"{SHEET}!C{INFO_ROW['date']}")
