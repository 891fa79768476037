"""The plan workbook: the whole plan in an Excel/LibreOffice workbook officers fill in, read back.

``antong-reports plan-workbook [PLAN] -o PLAN.xlsx`` writes it (:mod:`antong_reports.render.plan_workbook`);
``validate``, ``build``, ``pack`` and ``import`` read a ``.xlsx`` plan through
:func:`antong_reports.sources.reader.load_plan`, which takes the data from
:func:`read_plan_workbook_data`. This module holds the layout both sides share (sheet names, columns,
rows) and the reader.

Sheets, in order (Thai names, the instruction sheet first):

* ``คำแนะนำ`` how to fill in the workbook (not read, except its layout mark);
* ``ข้อมูลแผน`` slug, title, organization, plan years, who signs the preface and when — one labelled
  row each (rows are found by their label);
* ``คำนำ`` preface paragraphs, one a row, before or after the generated description of the parts;
* ``ความเสี่ยง`` the risk table: a risk starts on a row with its number (column A); its further
  risk issues and control measures follow on rows with column A empty; a measure is a project of
  the plan (by id, from a drop-down) or free text;
* ``ส่วนที่ ๑`` rationale, objectives, targets and benefits of the plan, one paragraph a row;
* ``ค่าเป้าหมาย`` the targets table: one indicator a row, one column per fiscal year;
* ``โครงการ`` the projects, one a row: id, kind, name, framework code, budget per fiscal year
  (numbers; an empty cell = no budget that year), responsible unit, years and quarters, target
  group with the nine E-PlanNACC checkboxes, remark; a live total row above the first project;
* ``รายละเอียดโครงการ`` the long texts of each project keyed by project id, one paragraph or list
  item a row: rationale, objectives, method steps (a level column nests them), outputs, outcomes;
* ``ภารกิจย่อย`` sub-items the plan titles itself;
* ``กรอบการประเมิน`` the framework's missions and sub-items (the code drop-down's source; not read).

Reading is as strict as reading YAML and names every place as ``ชีต!F12``: the workbook's bytes are
bounded and checked by :mod:`antong_reports.sources.guard` (size, zip bomb, DTD, cell count) before
openpyxl parses them; the cells become the same plain data a YAML file gives, structured by
:func:`antong_reports.sources.planfile.plan_from_data`, so both ways in end in the same model and
the same checks. A formula is never evaluated: a text cell reads the value the spreadsheet last
showed (its cached value), an amount cell whose formula has no cached value is an error. Rows are
read to the last filled row (blank rows in between are skipped); rows marked ``ตัวอย่าง`` in
column A are examples and are skipped.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path
from typing import Any, Iterable

import attrs

from antong_reports.common.errors import Issue, PlanFileError, Severity
from antong_reports.model.plan import (OrgKind, ProjectKind, RiskLevel, TargetCategory,
                                       TARGET_CATEGORY_LABELS)
from antong_reports.sources.sheetvalues import excel_number, names_trimmed
from antong_reports.thai import text as tt

# =========================================================================== layout

#: the layout mark, in a hidden cell of the instruction sheet
FORMAT_MARK = "antong-reports plan workbook v1"
MARK_CELL = (1, 26)  # Z1 of the instruction sheet (column hidden)

INSTRUCTIONS = "คำแนะนำ"
INFO = "ข้อมูลแผน"
PREFACE = "คำนำ"
RISKS = "ความเสี่ยง"
PART1 = "ส่วนที่ ๑"
TARGETS = "ค่าเป้าหมาย"
PROJECTS = "โครงการ"
DETAILS = "รายละเอียดโครงการ"
SUB_ITEMS = "ภารกิจย่อย"
FRAMEWORK = "กรอบการประเมิน"
SHEETS = (INSTRUCTIONS, INFO, PREFACE, RISKS, PART1, TARGETS, PROJECTS, DETAILS, SUB_ITEMS, FRAMEWORK)
#: the sheets the reader needs
READ_SHEETS = (INFO, PREFACE, RISKS, PART1, TARGETS, PROJECTS, DETAILS, SUB_ITEMS)

#: what column A holds on an example row (the reader skips such rows)
EXAMPLE = "ตัวอย่าง"
#: a ticked checkbox as the writer puts it; the reader also takes the words in CHECK_WORDS
CHECK = "✓"
CHECK_WORDS = frozenset({"✓", "✔", "☑", "x", "X", "/", "ใช่", "มี", "TRUE", "true", "True"})
#: a checkbox may instead hold a number: the categories are then ordered by those numbers
#: (the writer uses them only for a plan whose categories are not in the form's order)
#: rows prepared (styled, unlocked, with drop-downs and formulas) below the data
SPARE_ROWS = 30
#: last row drop-downs, number formats and totals cover
LAST_ROW = 2000

# ---------------------------------------------------------------- ข้อมูลแผน (labelled rows)

#: (key, label, hint): the label in column A identifies the row; the value is in column B
INFO_ROWS = (
    ("slug", "ชื่อย่อภาษาอังกฤษ (slug)",
     "ใช้ตั้งชื่อไฟล์ผลลัพธ์: อักษรอังกฤษตัวเล็ก ตัวเลข และ - เช่น tuayang-2566-2570 / "
     "names the output files: lowercase letters, digits, -"),
    ("title", "ชื่อแผน",
     "เช่น แผนปฏิบัติการป้องกันการทุจริตเพื่อยกระดับคุณธรรมและความโปร่งใส / the plan's title"),
    ("organization.name", "ชื่อองค์กรปกครองส่วนท้องถิ่น", "เช่น เทศบาลตำบลตัวอย่าง / organization"),
    ("organization.kind", "ประเภทองค์กร", "เลือกจากรายการ / choose from the list"),
    ("organization.district", "อำเภอ", "district"),
    ("organization.province", "จังหวัด", "province"),
    ("organization.address", "ที่อยู่", "ไม่บังคับ / optional"),
    ("organization.executive_name", "ชื่อผู้บริหาร", "ไม่บังคับ / optional"),
    ("organization.executive_title", "ตำแหน่งผู้บริหาร", "เช่น นายกเทศมนตรีตำบลตัวอย่าง / optional"),
    ("first_year", "ปีงบประมาณแรกของแผน (พ.ศ.)", "เช่น 2566 / first fiscal year (Buddhist era)"),
    ("last_year", "ปีงบประมาณสุดท้ายของแผน (พ.ศ.)",
     "เช่น 2570; ถ้าเปลี่ยนปี ให้แก้หัวคอลัมน์ปีในแผ่นงานโครงการและค่าเป้าหมายด้วย / "
     "last fiscal year; if the years change, change the year headings too"),
    ("signed_place", "ผู้ลงท้ายคำนำ", "มักเป็นชื่อองค์กร / who signs the preface"),
    ("signed_month", "เดือนที่ลงในคำนำ", "เลือกเดือน / the preface's month"),
    ("signed_year", "ปีที่ลงในคำนำ (พ.ศ.)",
     "เว้นว่าง = ปีก่อนปีแรกของแผน / empty = the year before the first"),
)
INFO_LABEL_COL, INFO_VALUE_COL, INFO_HINT_COL = 1, 2, 3
INFO_FIRST_ROW = 4
INFO_REQUIRED = ("slug", "title", "organization.name", "organization.kind",
                 "organization.district", "organization.province", "first_year", "last_year")
INFO_NUMBERS = ("first_year", "last_year", "signed_year")


@attrs.frozen
class Col:
    """One column of a table sheet: key, heading, width (Excel units), kind of value."""

    key: str
    heading: str
    width: float
    kind: str = "text"  # text, amount, int, list, check, choice, display, number


@attrs.frozen
class TableLayout:
    """A table sheet: headings on ``header_row``, data from ``first_row``."""

    sheet: str
    columns: tuple[Col, ...]
    header_row: int = 4
    first_row: int = 5

    def col(self, key: str) -> int:
        for i, c in enumerate(self.columns, start=1):
            if c.key == key:
                return i
        raise KeyError(key)


NUMBER_COL = Col("number", "ที่", 7, "number")

PREFACE_BEFORE = "ก่อนคำอธิบายส่วนของแผน"
PREFACE_AFTER = "หลังคำอธิบายส่วนของแผน"
PREFACE_LAYOUT = TableLayout(PREFACE, (
    NUMBER_COL,
    Col("position", "ตำแหน่ง", 24, "choice"),
    Col("text", "ย่อหน้า (หนึ่งแถวต่อหนึ่งย่อหน้า)", 100),
))

RISK_LAYOUT = TableLayout(RISKS, (
    Col("number", "ข้อ", 7, "number"),
    Col("process_step", "ขั้นตอนการดำเนินงาน", 30),
    Col("issue", "ประเด็นความเสี่ยงการทุจริต (หนึ่งแถวต่อหนึ่งประเด็น)", 50),
    Col("level", "ระดับความเสี่ยง", 13, "choice"),
    Col("measure_project", "มาตรการควบคุม: โครงการในแผน (รหัส)", 24, "choice"),
    Col("measure_name", "ชื่อโครงการ (แสดงอัตโนมัติ)", 36, "display"),
    Col("measure_text", "มาตรการควบคุม: ข้อความ (ถ้าไม่ใช่โครงการในแผน)", 34),
))

PART1_SECTIONS = (
    ("rationale", "หลักการและเหตุผล"),
    ("objectives", "วัตถุประสงค์ของการจัดทำแผน"),
    ("targets", "เป้าหมาย"),
    ("benefits", "ประโยชน์ของการจัดทำแผน"),
)
PART1_LAYOUT = TableLayout(PART1, (
    NUMBER_COL,
    Col("section", "หัวข้อ", 26, "choice"),
    Col("text", "ข้อความ (หนึ่งแถวต่อหนึ่งย่อหน้าหรือหนึ่งข้อ)", 100),
))

#: the targets table: label, then one text column per fiscal year (headings are the years)
TARGET_LAYOUT = TableLayout(TARGETS, (
    NUMBER_COL,
    Col("label", "ตัวชี้วัด", 40),
))
TARGET_FIRST_YEAR_COL = 3

DETAIL_SECTIONS = (
    ("rationale", "หลักการและเหตุผล"),
    ("objectives", "วัตถุประสงค์"),
    ("steps", "วิธีดำเนินการ"),
    ("outputs", "ผลผลิต"),
    ("outcomes", "ผลลัพธ์"),
)
BULLET = "-"
NUMBERED = "ลำดับเลข"
DETAIL_LAYOUT = TableLayout(DETAILS, (
    NUMBER_COL,
    Col("project", "รหัสโครงการ", 24, "choice"),
    Col("project_name", "ชื่อโครงการ (แสดงอัตโนมัติ)", 30, "display"),
    Col("section", "หัวข้อ", 17, "choice"),
    Col("level", "ระดับ (ขั้นตอน)", 9, "int"),
    Col("style", "แบบ", 10, "choice"),
    Col("text", "ข้อความ (หนึ่งแถวต่อหนึ่งย่อหน้าหรือหนึ่งข้อ)", 80),
))

SUB_ITEM_LAYOUT = TableLayout(SUB_ITEMS, (
    NUMBER_COL,
    Col("code", "รหัสภารกิจย่อย (มิติ.ภารกิจ.ข้อ)", 18),
    Col("title", "ชื่อภารกิจย่อยตามที่แผนใช้", 90),
))

FRAMEWORK_LAYOUT = TableLayout(FRAMEWORK, (
    Col("dimension", "มิติ", 30, "display"),
    Col("code", "รหัส", 9, "display"),
    Col("title", "ชื่อภารกิจ / ภารกิจย่อย", 70, "display"),
    Col("choice", "ตัวเลือกในแผ่นงานโครงการ", 40, "display"),
))

# ---------------------------------------------------------------- โครงการ

#: columns before the budget years
PROJECT_HEAD = (
    NUMBER_COL,
    Col("id", "รหัสโครงการ (ห้ามซ้ำ)", 20),
    Col("kind", "ประเภท", 12, "choice"),
    Col("name", "ชื่อโครงการ/กิจกรรม/มาตรการ", 46),
    Col("code", "รหัสกรอบการประเมิน (เลือก)", 22, "choice"),
)
#: columns after the budget years and their total
PROJECT_TAIL = (
    Col("responsible", "ผู้รับผิดชอบ", 22),
    Col("years", "ปีที่ดำเนินการ (ว่าง = ทุกปี)", 14, "list"),
    Col("quarters", "ไตรมาส (ว่าง = ๑-๔)", 11, "list"),
    Col("tg_description", "กลุ่มเป้าหมาย", 30),
    Col("tg_count", "จำนวน", 9, "int"),
    Col("tg_unit", "หน่วยนับ", 9),
    *(Col(f"cat:{c.value}", TARGET_CATEGORY_LABELS[c], 5.5, "check") for c in TargetCategory),
    Col("remark", "หมายเหตุ", 20),
)
PROJECT_GROUP_ROW = 4   # merged group headings (งบประมาณ, กลุ่มเป้าหมาย E-PlanNACC)
PROJECT_HEADER_ROW = 5
PROJECT_TOTAL_ROW = 6   # live SUM of each year, above the projects
PROJECT_FIRST_ROW = 7
BUDGET_FIRST_COL = len(PROJECT_HEAD) + 1
AMOUNT_WIDTH = 13
TOTAL_HEADING = "รวม"
#: the label of the live total row (column D), by which the reader knows that row wherever it is
TOTAL_ROW_LABEL = "รวมทุกโครงการ (คำนวณอัตโนมัติ) / total"
#: how far below its place the reader looks for a heading row (rows inserted above it)
HEADER_SEARCH_ROWS = 20


def project_columns(years: Iterable[int]) -> tuple[dict[str, int], dict[int, int], int]:
    """Column numbers of the projects sheet for the given budget years:
    (key → column, year → column, column of the row total)."""
    years = list(years)
    cols = {c.key: i for i, c in enumerate(PROJECT_HEAD, start=1)}
    by_year = {y: BUDGET_FIRST_COL + k for k, y in enumerate(years)}
    total_col = BUDGET_FIRST_COL + len(years)
    for k, c in enumerate(PROJECT_TAIL, start=total_col + 1):
        cols[c.key] = k
    return cols, by_year, total_col


def project_column_specs(years: Iterable[int]) -> list[Col]:
    years = list(years)
    return [*PROJECT_HEAD, *(Col(f"year:{y}", str(y), AMOUNT_WIDTH, "amount") for y in years),
            Col("total", TOTAL_HEADING, AMOUNT_WIDTH + 1, "display"), *PROJECT_TAIL]


def framework_choice(code: str, title: str) -> str:
    """A framework code as the drop-down offers it: ``"1.1.1 เสริมสร้าง…"``."""
    return f"{code} {title}"


THAI_MONTHS = tt.MONTHS_FULL


def address(row: int, col: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(col)}{row}"


def place(sheet: str, row: int, col: int) -> str:
    """``โครงการ!F12``: how an issue names a cell."""
    return f"{sheet}!{address(row, col)}"


# =========================================================================== reading

#: largest workbook read (bytes, compressed) and most cells in all its sheets
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_CELLS = 1_000_000

Places = dict  # field path → "ชีต!A1"


def read_plan_workbook_data(path: str | Path) -> tuple[dict[str, Any], Places]:
    """The plan a workbook holds as plain data (the shape of a plan file) and the sheet!cell of
    each field path. Raises :class:`PlanFileError` naming each bad cell.

    :func:`antong_reports.sources.reader.load_plan` structures the data into the model (and
    places its problems with :func:`relocate`), as it does a YAML file's.
    """
    file = str(path)
    books = _open(Path(path), file)
    reader = _Reader(books, file)
    data = reader.read()
    if reader.issues:
        raise PlanFileError(reader.issues)
    return data, reader.places


def relocate(issues: Iterable[Issue], places: Places, file: str | None = None) -> list[Issue]:
    """Issues about field paths, placed at the workbook cells those fields came from."""
    out = []
    for i in issues:
        where = place_of(places, i.path)
        out.append(attrs.evolve(i, path=where or i.path, line=None, column=None,
                                file=file if file is not None else i.file))
    return out


def place_of(places: Places, path: str) -> str:
    """The cell of a field path, or of its nearest ancestor that has one ("" if none)."""
    p = path
    while True:
        if p in places:
            return places[p]
        if not p:
            return ""
        if p.endswith("]"):
            p = p[: p.rindex("[")]
        elif "." in p:
            p = p[: p.rindex(".")]
        else:
            p = ""


def _err(code: str, th: str, en: str, fix_th: str, fix_en: str, file: str | None,
         where: str = "") -> Issue:
    return Issue(Severity.ERROR, code, th, en, fix_th, fix_en, file=file, path=where)


def _open(path: Path, file: str):
    """(formulas workbook, cached values workbook), after the bounded, checked read."""
    from antong_reports.sources import guard

    raw = guard.read_bounded(path, max_bytes=MAX_FILE_BYTES, file=file)
    parts = guard.open_office_zip(raw, file=file, what_th="ไฟล์ Excel (.xlsx)",
                                  what_en="an Excel workbook (.xlsx)")
    if "xl/workbook.xml" not in parts:
        raise PlanFileError([_err(
            "not-a-workbook", "ไฟล์นี้ไม่ใช่สมุดงาน Excel (.xlsx)", "this file is not an Excel workbook",
            "ใช้ไฟล์ที่สร้างด้วย antong-reports plan-workbook แล้วบันทึกเป็น .xlsx",
            "use a file made by antong-reports plan-workbook, saved as .xlsx", file)])
    cells = sum(guard.count_cells(body) for name, body in parts.items()
                if name.startswith("xl/worksheets/") and name.endswith(".xml"))
    if cells > MAX_CELLS:
        raise PlanFileError([_err(
            "too-many-cells", f"สมุดงานมีเซลล์ {cells:,} เซลล์ เกินขีดจำกัด {MAX_CELLS:,}",
            f"the workbook has {cells:,} cells, more than the limit of {MAX_CELLS:,}",
            "ลบแถวและแผ่นงานที่ไม่เกี่ยวกับแผนออก", "delete rows and sheets that are not part of the plan",
            file)])
    from openpyxl import load_workbook

    def load(data_only: bool):
        try:
            return names_trimmed(load_workbook(guard.zip_bytes(parts), data_only=data_only), SHEETS)
        except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
            raise PlanFileError([_err(
                "not-a-workbook", f"เปิดไฟล์เป็นสมุดงาน Excel ไม่ได้ ({type(exc).__name__}: {exc})",
                f"cannot open the file as an Excel workbook ({type(exc).__name__}: {exc})",
                "บันทึกไฟล์ใหม่จาก Excel/LibreOffice เป็น .xlsx",
                "save it again from Excel/LibreOffice as .xlsx", file)]) from None

    # the cached values are loaded only when a cell that is read holds a formula
    return load(False), lambda: load(True)


_EMPTY = object()
#: an amount cell holding only a dash is an empty one (as the printed tables show no budget)
NO_AMOUNT = frozenset({"-", "–", "—"})


_CODE_RE = re.compile(r"^\s*([0-9๐-๙]+(?:\.[0-9๐-๙]+)*)(?=\s|$)")
_LIST_SPLIT = re.compile(r"[,\s;]+")
#: words an officer may write around the years or quarters of a project ("ไตรมาส 1, 2")
_LIST_WORDS = re.compile(r"ไตรมาสที่|ไตรมาส|ปีงบประมาณ|พ\.ศ\.|\b[Qq](?=\d)")
#: a run of years or quarters: "2567-2569", "๑–๔"
_RANGE = re.compile(r"^(\d{1,4})[-–](\d{1,4})$")


class _Reader:
    def __init__(self, books, file: str):
        self.formulas, self._load_values = books
        self._values = None
        self.file = file
        self.issues: list[Issue] = []
        self.places: Places = {}
        #: a project id is missing or repeated, or the projects sheet is unreadable: detail rows
        #: naming no project are then not reported again
        self.ids_in_doubt = False
        #: sheet → rows its heading row moved (rows inserted or deleted above it)
        self._shifts: dict[str, int] = {}

    # ------------------------------------------------------------------ where the rows are

    def shift(self, sheet: str) -> int:
        """How many rows the sheet's heading row has moved from where the writer put it (an
        officer inserted or deleted rows above it): found by its headings, 0 when not found
        (the heading check then names the changed cell)."""
        if sheet not in self._shifts:
            self._shifts[sheet] = self._find_shift(sheet)
        return self._shifts[sheet]

    def _find_shift(self, sheet: str) -> int:
        heads = _HEADINGS.get(sheet)
        if heads is None:
            return 0
        row, columns = heads

        def matches(r: int) -> bool:
            for c, heading in columns:
                got = self.raw_quiet(sheet, r, c)
                if not (isinstance(got, str) and got.strip() == heading):
                    return False
            return True

        if matches(row):
            return 0
        for r in range(1, row + HEADER_SEARCH_ROWS + 1):
            if r != row and matches(r):
                return r - row
        return 0

    # ------------------------------------------------------------------ cells

    def error(self, where: str, code: str, th: str, en: str, fix_th: str = "", fix_en: str = "") -> None:
        self.issues.append(_err(code, th, en, fix_th, fix_en, self.file, where))

    def raw(self, sheet: str, row: int, col: int) -> Any:
        """A cell's value as the officer sees it: a formula gives its cached value; an error value,
        or a formula that was never calculated, gives _EMPTY after recording the problem."""
        fcell = self.formulas[sheet]._cells.get((row, col))
        if fcell is None:
            return None
        value = fcell.value
        if fcell.data_type == "f" or type(value).__name__ in ("ArrayFormula", "DataTableFormula"):
            if self._values is None:
                self._values = self._load_values()
            vcell = self._values[sheet]._cells.get((row, col))
            cached = vcell.value if vcell is not None else None
            if cached is None:
                self.error(place(sheet, row, col), "formula-without-value",
                           "เซลล์นี้เป็นสูตรที่ยังไม่มีค่าที่คำนวณไว้ (โปรแกรมไม่คำนวณสูตรเอง)",
                           "this cell is a formula with no calculated value saved (formulas are "
                           "never evaluated here)",
                           "พิมพ์ค่าลงในเซลล์แทนสูตร หรือเปิดไฟล์ใน Excel/LibreOffice แล้วบันทึกอีกครั้ง",
                           "type the value instead of the formula, or open and save the file in "
                           "Excel/LibreOffice so the value is stored")
                return _EMPTY
            value = cached
            if isinstance(value, str) and value.startswith("#") and value.upper() in _ERRORS:
                self.bad_error_value(sheet, row, col, value)
                return _EMPTY
            return value
        if fcell.data_type == "e":
            self.bad_error_value(sheet, row, col, str(value))
            return _EMPTY
        return value

    def bad_error_value(self, sheet: str, row: int, col: int, value: str) -> None:
        self.error(place(sheet, row, col), "error-value", f"เซลล์แสดงค่าผิดพลาด {value}",
                   f"the cell shows the error value {value}",
                   "แก้สูตรหรือพิมพ์ค่าลงในเซลล์", "correct the formula or type the value")

    def text(self, sheet: str, row: int, col: int) -> str | None:
        """Text as shown; None for an empty cell. Numbers become their digits."""
        return self.as_text(self.raw(sheet, row, col))

    @staticmethod
    def as_text(v: Any) -> str | None:
        if v is None or v is _EMPTY:
            return None
        if isinstance(v, str):
            return v if v.strip() else None
        if isinstance(v, bool):
            return "TRUE" if v else "FALSE"
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        if isinstance(v, (_dt.datetime, _dt.date)):
            return v.strftime("%d/%m/%Y")
        return str(v)

    def filled(self, sheet: str, row: int, col: int) -> bool:
        v = self.raw_quiet(sheet, row, col)
        return v is not None and not (isinstance(v, str) and not v.strip())

    def raw_quiet(self, sheet: str, row: int, col: int) -> Any:
        cell = self.formulas[sheet]._cells.get((row, col))
        return None if cell is None else cell.value

    def number(self, sheet: str, row: int, col: int) -> Any:
        """A cell meant to hold a number, as a value the plan-file converters take
        (int, exact decimal text, or the text typed); None when empty."""
        v = self.raw(sheet, row, col)
        if v is None or v is _EMPTY:
            return None
        if isinstance(v, str):
            return v.strip() or None
        if isinstance(v, bool):
            return v
        if isinstance(v, int):
            return v
        if isinstance(v, float):
            return excel_number(v)
        return str(v)

    def rows(self, layout_sheet: str, first_row: int, keys: Iterable[int]) -> list[int]:
        """Data rows to read: from ``first_row`` (where the writer put it, moved with the heading
        row) to the last row with any of the columns ``keys`` filled, skipping empty rows and
        example rows."""
        ws = self.formulas[layout_sheet]
        first_row += self.shift(layout_sheet)
        cols = set(keys)
        filled = sorted({r for (r, c), cell in ws._cells.items()
                         if r >= first_row and c in cols and cell.value is not None
                         and not (isinstance(cell.value, str) and not cell.value.strip())})
        return [r for r in filled if not self.is_example(layout_sheet, r)]

    def is_example(self, sheet: str, row: int) -> bool:
        v = self.raw_quiet(sheet, row, 1)
        return isinstance(v, str) and v.strip().startswith(EXAMPLE)

    def put(self, path: str, sheet: str, row: int, col: int) -> None:
        self.places.setdefault(path, place(sheet, row, col))

    # ------------------------------------------------------------------ sheets

    def read(self) -> dict[str, Any]:
        missing = [s for s in READ_SHEETS if s not in self.formulas.sheetnames]
        mark_ok = (INSTRUCTIONS in self.formulas.sheetnames
                   and self.raw_quiet(INSTRUCTIONS, *MARK_CELL) == FORMAT_MARK)
        if not mark_ok and len(missing) > len(READ_SHEETS) // 2:
            self.error("", "not-a-plan-workbook", "สมุดงานนี้ไม่ใช่แผนที่สร้างด้วย antong-reports plan-workbook",
                       "this workbook is not a plan workbook made by antong-reports plan-workbook",
                       "สร้างสมุดงานแผนด้วย antong-reports plan-workbook แล้วกรอกข้อมูลลงในนั้น",
                       "make one with antong-reports plan-workbook and fill it in")
            return {}
        for s in missing:
            self.error(s, "missing-sheet", f"ไม่พบแผ่นงาน \"{s}\"", f"the sheet \"{s}\" is missing",
                       f"อย่าลบหรือเปลี่ยนชื่อแผ่นงาน ให้คัดลอกแผ่นงาน \"{s}\" จากสมุดงานแผนเปล่า "
                       "(antong-reports plan-workbook) กลับมา",
                       f"do not delete or rename sheets; copy the sheet \"{s}\" back from an empty "
                       "plan workbook (antong-reports plan-workbook)")
        if missing:
            return {}
        data: dict[str, Any] = {}
        self.data = data
        self.read_info(data)
        data.update(self.read_preface())
        project_ids = self.read_projects(data)
        data["risks"] = self.read_risks()
        for key, paragraphs in self.read_part1().items():
            data[key] = paragraphs
        data["target_table"] = self.read_targets()
        data["sub_items"] = self.read_sub_items()
        self.read_details(data["projects"], project_ids)
        return data

    def check_headings(self, layout: TableLayout, columns: Iterable[tuple[int, Col]] | None = None,
                       row: int | None = None) -> bool:
        """True when the heading row is as written; else an error at the first changed heading."""
        row = (row or layout.header_row) + self.shift(layout.sheet)
        for c, spec in (columns or enumerate(layout.columns, start=1)):
            got = self.raw_quiet(layout.sheet, row, c)
            got = got.strip() if isinstance(got, str) else got
            if got != spec.heading:
                self.error(place(layout.sheet, row, c), "changed-heading",
                           f"หัวคอลัมน์เปลี่ยนไป: ต้องเป็น \"{spec.heading}\" แต่พบ \"{got or ''}\"",
                           f"a column heading changed: expected \"{spec.heading}\", found \"{got or ''}\"",
                           "อย่าแทรก ลบ หรือย้ายคอลัมน์ ให้ใช้สมุดงานแผนเปล่าแล้วคัดลอกข้อมูลมาใส่",
                           "do not insert, delete or move columns; copy the data into an empty plan "
                           "workbook")
                return False
        return True

    def required(self, where: str, what_th: str, what_en: str) -> None:
        self.error(where, "empty-cell", f"ยังไม่ได้กรอก{what_th}", f"the {what_en} is empty",
                   f"กรอก{what_th} ในเซลล์นี้", f"fill in the {what_en} in this cell")

    def choice(self, value: str | None, options: Iterable[tuple[str, str]], where: str,
               what_th: str, what_en: str) -> str | None:
        """The key of a drop-down choice (labels compared without surrounding spaces)."""
        if value is None:
            return None
        options = list(options)
        v = value.strip()
        for key, label in options:
            if v == label:
                return key
        shown = " / ".join(label for _k, label in options)
        self.error(where, "bad-choice", f"{what_th}ที่เลือกไม่ได้: \"{v}\"", f"not a valid {what_en}: \"{v}\"",
                   f"เลือกจากรายการ: {shown}", f"choose from the list: {shown}")
        return None

    # ---------------------------------------------------------------- ข้อมูลแผน

    def read_info(self, data: dict[str, Any]) -> None:
        ws = self.formulas[INFO]
        rows: dict[str, int] = {}
        labels = {label: key for key, label, _h in INFO_ROWS}
        for (r, c), cell in sorted(ws._cells.items()):
            if c == INFO_LABEL_COL and isinstance(cell.value, str) and cell.value.strip() in labels:
                rows.setdefault(labels[cell.value.strip()], r)
        org: dict[str, Any] = {}
        for key, label, _hint in INFO_ROWS:
            r = rows.get(key)
            if r is None:
                self.error(INFO, "missing-row", f"ไม่พบแถว \"{label}\" ในแผ่นงาน {INFO}",
                           f"the row \"{label}\" is missing from the sheet {INFO}",
                           f"อย่าลบแถว ให้เพิ่มแถวที่มีคำว่า \"{label}\" ในคอลัมน์ A กลับมา",
                           f"do not delete rows; put back a row with \"{label}\" in column A")
                continue
            where = place(INFO, r, INFO_VALUE_COL)
            self.put(key, INFO, r, INFO_VALUE_COL)
            if key in INFO_NUMBERS:
                value = self.number(INFO, r, INFO_VALUE_COL)
                if isinstance(value, str):   # "พ.ศ. 2566", "ปีงบประมาณ 2566": the year
                    value = _LIST_WORDS.sub(" ", value).strip() or None
            elif key == "signed_month":
                value = self.month(r)
            else:
                value = self.text(INFO, r, INFO_VALUE_COL)
            if value is None:
                if key in INFO_REQUIRED:
                    self.required(where, f" \"{label}\"", f"\"{label}\" ({key})")
                continue
            if key.startswith("organization."):
                org[key.split(".", 1)[1]] = value
            else:
                data[key] = value
        self.places.setdefault("organization", place(INFO, rows.get("organization.name", INFO_FIRST_ROW),
                                                     INFO_VALUE_COL))
        data["organization"] = org

    def month(self, r: int) -> Any:
        raw = self.raw(INFO, r, INFO_VALUE_COL)
        if isinstance(raw, (_dt.date, _dt.datetime)):
            return raw.month   # a date typed where the month goes: its month
        v = self.number(INFO, r, INFO_VALUE_COL)
        if isinstance(v, str):
            name = v.strip()
            for i, m in enumerate(THAI_MONTHS, start=1):
                if name == m:
                    return i
            for i, m in enumerate(tt.MONTHS_SHORT, start=1):
                if name in (m, m.replace(".", "")):
                    return i
        return v

    # ---------------------------------------------------------------- คำนำ, ส่วนที่ ๑

    def read_preface(self) -> dict[str, list[str]]:
        return self.read_paragraphs(
            PREFACE_LAYOUT, "position",
            (("preface", PREFACE_BEFORE), ("preface_closing", PREFACE_AFTER)),
            ("ตำแหน่งของย่อหน้า", "paragraph position"),
            ("ตำแหน่งของย่อหน้า (ก่อน/หลังคำอธิบาย)", "paragraph's position (before/after the description)"))

    def read_paragraphs(self, lay: TableLayout, label_key: str, options: tuple[tuple[str, str], ...],
                        what: tuple[str, str], missing: tuple[str, str]) -> dict[str, list[str]]:
        """A sheet of (label, paragraph) rows: each paragraph goes to the key its label chooses
        among ``options``; ``what`` names the label in a bad-choice error, ``missing`` in an
        empty-cell one."""
        self.check_headings(lay)
        out: dict[str, list[str]] = {k: [] for k, _l in options}
        lc, tc = lay.col(label_key), lay.col("text")
        for r in self.rows(lay.sheet, lay.first_row, (lc, tc)):
            label = self.text(lay.sheet, r, lc)
            # at most one of the two reports: a choice is only checked when the cell is filled
            key = self.choice(label, options, place(lay.sheet, r, lc), *what)
            if label is None:
                self.required(place(lay.sheet, r, lc), *missing)
            text = self.paragraph(lay.sheet, r, tc)
            if key and text is not None:
                self.put(f"{key}[{len(out[key])}]", lay.sheet, r, tc)
                out[key].append(text)
        for key in out:
            self.places.setdefault(key, place(lay.sheet, lay.first_row, tc))
        return out

    def paragraph(self, sheet: str, r: int, c: int) -> str | None:
        """The text of a paragraph row; an error when it is empty (the row has other cells)."""
        v = self.raw(sheet, r, c)
        text = self.as_text(v)
        if text is None and v is not _EMPTY:
            self.required(place(sheet, r, c), "ข้อความ", "text")
        return text

    def read_part1(self) -> dict[str, list[str]]:
        return self.read_paragraphs(PART1_LAYOUT, "section", tuple(PART1_SECTIONS),
                                    ("หัวข้อ", "section"), ("หัวข้อ", "section"))

    # ---------------------------------------------------------------- ความเสี่ยง

    def read_risks(self) -> list[dict[str, Any]]:
        lay = RISK_LAYOUT
        s = lay.sheet
        self.check_headings(lay)
        col = {c.key: i for i, c in enumerate(lay.columns, start=1)}
        read_cols = [col[k] for k in ("number", "process_step", "issue", "level", "measure_project",
                                      "measure_text")]
        risks: list[dict[str, Any]] = []
        current_number: Any = None
        self.places.setdefault("risks", place(s, lay.first_row, 1))
        for r in self.rows(s, lay.first_row, read_cols):
            number = self.text(s, r, col["number"])
            step = self.text(s, r, col["process_step"])
            level = self.text(s, r, col["level"])
            starts = (number is not None and (not risks or number != current_number)) \
                or step is not None or level is not None
            if starts:
                current_number = number
                risks.append(self.risk_start(s, r, col, len(risks), number, step, level))
            elif not risks:
                self.error(place(s, r, col["number"]), "risk-without-number",
                           "แถวแรกของตารางความเสี่ยงไม่มีเลขข้อ", "the first risk row has no number",
                           "ใส่เลขข้อ ขั้นตอนการดำเนินงาน และระดับความเสี่ยงในแถวแรกของแต่ละข้อ",
                           "give each risk's first row its number, process step and level")
                continue
            self.risk_items(s, r, col, len(risks) - 1, risks[-1])
        return risks

    def risk_start(self, s: str, r: int, col: dict[str, int], i: int, number: str | None,
                   step: str | None, level: str | None) -> dict[str, Any]:
        """A risk's first row: its number, process step and level."""
        if number is None:
            self.error(place(s, r, col["number"]), "risk-without-number",
                       "แถวนี้เริ่มความเสี่ยงข้อใหม่ (มีขั้นตอนหรือระดับ) แต่ไม่มีเลขข้อ",
                       "this row starts a new risk (it has a step or a level) but no number",
                       "ใส่เลขข้อในคอลัมน์ A หรือย้ายขั้นตอน/ระดับไปไว้ที่แถวแรกของข้อ",
                       "put the risk's number in column A, or move the step/level to the "
                       "risk's first row")
        at = f"risks[{i}]"
        risk: dict[str, Any] = {"risk_issues": [], "control_measures": []}
        self.put(at, s, r, col["number"])
        self.put(f"{at}.process_step", s, r, col["process_step"])
        self.put(f"{at}.risk_level", s, r, col["level"])
        self.put(f"{at}.risk_issues", s, r, col["issue"])
        self.put(f"{at}.control_measures", s, r, col["measure_project"])
        risk["process_step"] = step if step is not None else ""
        if step is None:
            self.required(place(s, r, col["process_step"]), "ขั้นตอนการดำเนินงาน",
                          "process step")
        if level is None:
            self.required(place(s, r, col["level"]), "ระดับความเสี่ยง", "risk level")
        else:
            risk["risk_level"] = level.strip()
        return risk

    def risk_items(self, s: str, r: int, col: dict[str, int], i: int, risk: dict[str, Any]) -> None:
        """A risk row's issue and control measure (a project of the plan, or free text)."""
        issue = self.text(s, r, col["issue"])
        if issue is not None:
            self.put(f"risks[{i}].risk_issues[{len(risk['risk_issues'])}]", s, r, col["issue"])
            risk["risk_issues"].append(issue)
        project = self.text(s, r, col["measure_project"])
        mtext = self.text(s, r, col["measure_text"])
        if project is not None or mtext is not None:
            k = len(risk["control_measures"])
            mc = col["measure_project"] if project is not None else col["measure_text"]
            self.put(f"risks[{i}].control_measures[{k}]", s, r, mc)
            self.put(f"risks[{i}].control_measures[{k}].project", s, r, col["measure_project"])
            self.put(f"risks[{i}].control_measures[{k}].text", s, r, col["measure_text"])
            if project is not None:
                measure: dict[str, Any] = {"project": project.strip()}
                if mtext is not None:
                    measure["text"] = mtext
                risk["control_measures"].append(measure)
            else:
                risk["control_measures"].append(mtext)

    # ---------------------------------------------------------------- ค่าเป้าหมาย

    def year_headings(self, sheet: str, row: int, first_col: int) -> dict[int, int]:
        """year → column from consecutive year headings starting at ``first_col``."""
        out: dict[int, int] = {}
        c = first_col
        row += self.shift(sheet)
        while True:
            v = self.raw_quiet(sheet, row, c)
            if isinstance(v, float) and v.is_integer():
                v = int(v)
            if isinstance(v, str) and tt.arabic_digits(v.strip()).isdigit():
                v = int(tt.arabic_digits(v.strip()))
            if not isinstance(v, int) or isinstance(v, bool):
                return out
            if v in out:
                self.error(place(sheet, row, c), "duplicate-year", f"หัวคอลัมน์ปี {v} ซ้ำ",
                           f"the year {v} heads two columns", "แก้หัวคอลัมน์ปีให้ไม่ซ้ำกัน",
                           "give each column its own year")
            out[v] = c
            c += 1

    def check_years(self, data: dict[str, Any], years: dict[int, int], sheet: str, row: int,
                    first_col: int) -> None:
        """The year headings must be the plan's years, in order (when those are readable)."""
        first, last = data.get("first_year"), data.get("last_year")
        if not (isinstance(first, int) and isinstance(last, int)) or not 0 <= last - first <= 50:
            return
        want = list(range(first, last + 1))
        got = list(years)
        if got == want:
            return
        k = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))
        shown = ", ".join(str(y) for y in want)
        self.error(place(sheet, row + self.shift(sheet), first_col + k), "year-headings",
                   f"หัวคอลัมน์ปีไม่ตรงกับปีของแผน ({first}-{last}): ต้องเป็น {shown}",
                   f"the year headings do not match the plan's years ({first}-{last}): they must "
                   f"be {shown}",
                   f"แก้หัวคอลัมน์ปีให้เป็น {shown} ตามลำดับ (หรือแก้ปีของแผนในแผ่นงาน{INFO}) "
                   "หรือสร้างสมุดงานใหม่ด้วย antong-reports plan-workbook",
                   f"make the year headings {shown} in order (or correct the plan's years on the "
                   f"sheet {INFO}), or write a new workbook with antong-reports plan-workbook")

    def read_targets(self) -> list[dict[str, Any]]:
        lay = TARGET_LAYOUT
        s = lay.sheet
        self.check_headings(lay)
        years = self.year_headings(s, lay.header_row, TARGET_FIRST_YEAR_COL)
        self.check_years(self.data, years, s, lay.header_row, TARGET_FIRST_YEAR_COL)
        lc = lay.col("label")
        out: list[dict[str, Any]] = []
        self.places.setdefault("target_table", place(s, lay.first_row, lc))
        for r in self.rows(s, lay.first_row, [lc, *years.values()]):
            i = len(out)
            label = self.text(s, r, lc)
            self.put(f"target_table[{i}]", s, r, lc)
            self.put(f"target_table[{i}].label", s, r, lc)
            if label is None:
                self.required(place(s, r, lc), "ชื่อตัวชี้วัด", "indicator")
            values: dict[int, str] = {}
            for y, c in years.items():
                v = self.text(s, r, c)
                if v is not None:
                    values[y] = v
                    self.put(f"target_table[{i}].values[{y}]", s, r, c)
            self.put(f"target_table[{i}].values", s, r, lc)
            out.append({"label": label or "", "values": values})
        return out

    # ---------------------------------------------------------------- ภารกิจย่อย

    def read_sub_items(self) -> list[dict[str, Any]]:
        lay = SUB_ITEM_LAYOUT
        s = lay.sheet
        self.check_headings(lay)
        cc, tc = lay.col("code"), lay.col("title")
        out = []
        self.places.setdefault("sub_items", place(s, lay.first_row, cc))
        for r in self.rows(s, lay.first_row, (cc, tc)):
            i = len(out)
            self.put(f"sub_items[{i}]", s, r, cc)
            self.put(f"sub_items[{i}].code", s, r, cc)
            self.put(f"sub_items[{i}].title", s, r, tc)
            code = self.code(s, r, cc)
            title = self.text(s, r, tc)
            if code is None:
                self.required(place(s, r, cc), "รหัสภารกิจย่อย", "sub-item code")
            if title is None:
                self.required(place(s, r, tc), "ชื่อภารกิจย่อย", "sub-item title")
            out.append({"code": code or "", "title": title or ""})
        return out

    def code(self, s: str, r: int, c: int) -> str | None:
        v = self.raw(s, r, c)
        if isinstance(v, float):
            self.error(place(s, r, c), "code-as-number",
                       f"รหัสกรอบการประเมินถูกเก็บเป็นตัวเลข ({v}) ซึ่งอาจผิด เช่น 1.10 กลายเป็น 1.1",
                       f"the framework code was stored as a number ({v}); 1.10 would become 1.1",
                       "เลือกรหัสจากรายการ หรือพิมพ์ ' นำหน้า เช่น '1.10",
                       "choose the code from the list, or type it with a leading ' such as '1.10")
            return None
        text = self.text(s, r, c)
        if text is None:
            return None
        m = _CODE_RE.match(text)
        return tt.arabic_digits(m.group(1)) if m else text.strip()

    # ---------------------------------------------------------------- โครงการ

    def read_projects(self, data: dict[str, Any]) -> dict[str, int]:
        s = PROJECTS
        years = self.year_headings(s, PROJECT_HEADER_ROW, BUDGET_FIRST_COL)
        self.check_years(data, years, s, PROJECT_HEADER_ROW, BUDGET_FIRST_COL)
        cols, by_year, total_col = project_columns(years)
        self.check_headings(TableLayout(s, PROJECT_HEAD, PROJECT_HEADER_ROW, PROJECT_FIRST_ROW))
        heads_ok = self.check_headings(
            TableLayout(s, (), PROJECT_HEADER_ROW, PROJECT_FIRST_ROW),
            [(total_col, Col("total", TOTAL_HEADING, 0)),
             *((cols[c.key], c) for c in PROJECT_TAIL)])
        projects: list[dict[str, Any]] = []
        data["projects"] = projects
        ids: dict[str, int] = {}
        self.places.setdefault("projects", place(s, PROJECT_FIRST_ROW, cols["id"]))
        if not heads_ok:
            self.ids_in_doubt = True
            return ids
        read_cols = [c for k, c in cols.items() if k != "number"] + list(by_year.values())
        # from the row below the headings: the total row is known by its label, wherever it is
        # (a project typed above it, or the row deleted, is still read)
        for r in self.rows(s, PROJECT_HEADER_ROW + 1, read_cols):
            if self.is_total_row(r, cols):
                continue
            p = self.project_row(r, f"projects[{len(projects)}]", cols, by_year)
            if "id" in p:
                self.check_unique_id(p["id"], r, cols, ids)
            projects.append(p)
        return ids

    def is_total_row(self, r: int, cols: dict[str, int]) -> bool:
        label = self.raw_quiet(PROJECTS, r, cols["name"])
        count = self.raw_quiet(PROJECTS, r, cols["id"])
        return (isinstance(label, str) and label.strip() == TOTAL_ROW_LABEL) or (
            isinstance(count, str) and count.upper().startswith("=COUNTA("))

    def project_row(self, r: int, at: str, cols: dict[str, int], by_year: dict[int, int]) -> dict[str, Any]:
        """One row of the projects sheet as a project's data."""
        s = PROJECTS
        p: dict[str, Any] = {}
        self.put(at, s, r, cols["id"])
        for key, what_th, what_en in (("id", "รหัสโครงการ", "project id"),
                                      ("kind", "ประเภท", "kind"),
                                      ("name", "ชื่อโครงการ", "project name")):
            self.put(f"{at}.{key}", s, r, cols[key])
            v = self.text(s, r, cols[key])
            if v is None:
                self.required(place(s, r, cols[key]), what_th, what_en)
                self.ids_in_doubt |= key == "id"
            else:
                p[key] = v.strip() if key in ("id", "kind") else v
        self.put(f"{at}.code", s, r, cols["code"])
        code = self.code(s, r, cols["code"])
        if code is None and self.raw_quiet(s, r, cols["code"]) in (None, ""):
            self.required(place(s, r, cols["code"]), "รหัสกรอบการประเมิน", "framework code")
        if code is not None:
            p["code"] = code
        budget: dict[int, Any] = {}
        self.put(f"{at}.budget", s, r, BUDGET_FIRST_COL)
        for y, c in by_year.items():
            v = self.number(s, r, c)
            if isinstance(v, str) and v in NO_AMOUNT:
                v = None   # "-": the officer's way of writing "no budget this year"
            if v is not None:
                budget[y] = v
                self.put(f"{at}.budget[{y}]", s, r, c)
        if budget:
            p["budget"] = budget
        for key in ("responsible", "remark"):
            self.put(f"{at}.{key}", s, r, cols[key])
            v = self.text(s, r, cols[key])
            if v is not None:
                p[key] = v
        for key in ("years", "quarters"):
            self.put(f"{at}.{key}", s, r, cols[key])
            v = self.text(s, r, cols[key])
            if v is not None:
                p[key] = self.int_list(v, s, r, cols[key], f"{at}.{key}")
        self.read_target_group(p, at, r, cols)
        return p

    def check_unique_id(self, pid: str, r: int, cols: dict[str, int], ids: dict[str, int]) -> None:
        """Records the row of a project id; an error when an earlier row has it."""
        if pid in ids:
            self.ids_in_doubt = True
            first = ids[pid]
            self.error(place(PROJECTS, r, cols["id"]), "duplicate-project-id",
                       f"รหัสโครงการ \"{pid}\" ซ้ำกับแถว {first}",
                       f"the project id \"{pid}\" is already used on row {first}",
                       "ตั้งรหัสโครงการไม่ให้ซ้ำกัน (ถ้าเป็นโครงการเดียวกัน ให้ลบแถวที่ซ้ำ)",
                       "give every project its own id (delete the row if it is the same "
                       "project)")
        else:
            ids[pid] = r

    def int_list(self, text: str, s: str, r: int, c: int, path: str) -> list[Any]:
        text = text.strip()
        if text in ("-", "ไม่มี"):
            return []
        out: list[Any] = []
        for part in _LIST_SPLIT.split(_LIST_WORDS.sub(" ", tt.arabic_digits(text))):
            m = _RANGE.match(part)
            if m and int(m.group(1)) <= int(m.group(2)) <= int(m.group(1)) + 20:
                items: list[Any] = list(range(int(m.group(1)), int(m.group(2)) + 1))  # "1-4"
            else:
                items = [part] if part else []
            for item in items:
                self.put(f"{path}[{len(out)}]", s, r, c)
                out.append(item)
        return out

    def read_target_group(self, p: dict[str, Any], at: str, r: int, cols: dict[str, int]) -> None:
        s = PROJECTS
        tg: dict[str, Any] = {}
        desc = self.text(s, r, cols["tg_description"])
        count = self.number(s, r, cols["tg_count"])
        unit = self.text(s, r, cols["tg_unit"])
        ticked: list[tuple[float, int, str, int]] = []
        for k, cat in enumerate(TargetCategory):
            c = cols[f"cat:{cat.value}"]
            v = self.text(s, r, c)
            if v is None:
                continue
            mark = tt.arabic_digits(v.strip())
            if mark in CHECK_WORDS:
                ticked.append((float("inf"), k, cat.value, c))
            elif mark.isdigit():
                ticked.append((int(mark), k, cat.value, c))
            elif mark not in ("-", "ไม่ใช่", "FALSE"):
                self.error(place(s, r, c), "bad-checkbox", f"ช่องกาเครื่องหมายมีค่า \"{v}\"",
                           f"a checkbox holds \"{v}\"", f"ใส่ {CHECK} หรือเว้นว่าง",
                           f"put {CHECK} or leave it empty")
        cats = []
        for _rank, _k, value, c in sorted(ticked):
            self.put(f"{at}.target_group.categories[{len(cats)}]", s, r, c)
            cats.append(value)
        self.put(f"{at}.target_group", s, r, cols["tg_description"])
        self.put(f"{at}.target_group.description", s, r, cols["tg_description"])
        self.put(f"{at}.target_group.count", s, r, cols["tg_count"])
        self.put(f"{at}.target_group.unit", s, r, cols["tg_unit"])
        self.put(f"{at}.target_group.categories", s, r, cols[f"cat:{TargetCategory.EXECUTIVE_POLITICIANS.value}"])
        if desc is None and count is None and unit is None and not cats:
            return
        if desc is None:
            self.required(place(s, r, cols["tg_description"]), "คำอธิบายกลุ่มเป้าหมาย",
                          "target group's description")
        tg["description"] = desc or ""
        if count is not None:
            tg["count"] = count
        if unit is not None:
            tg["unit"] = unit
        if cats:
            tg["categories"] = cats
        p["target_group"] = tg

    # ---------------------------------------------------------------- รายละเอียดโครงการ

    def read_details(self, projects: list[dict[str, Any]], ids: dict[str, int]) -> None:
        lay = DETAIL_LAYOUT
        s = lay.sheet
        self.check_headings(lay)
        col = {c.key: i for i, c in enumerate(lay.columns, start=1)}
        index = {p["id"]: i for i, p in enumerate(projects) if "id" in p}
        stacks: dict[str, list[dict[str, Any]]] = {}
        for r in self.rows(s, lay.first_row, [col[k] for k in ("project", "section", "level", "style",
                                                                  "text")]):
            row = self.detail_row(s, r, col)
            if row is None:
                continue
            pid, key, text, level, bullet = row
            if pid not in index:
                if not self.ids_in_doubt:  # else the projects' ids are reported already
                    self.unknown_project(s, r, col, pid)
                continue
            i = index[pid]
            at = f"projects[{i}]"
            where_text = (s, r, col["text"])
            if key != "steps":
                if level != 1 or bullet:
                    self.error(place(s, r, col["level"] if level != 1 else col["style"]),
                               "level-outside-steps",
                               "ระดับและแบบ \"-\" ใช้ได้เฉพาะหัวข้อวิธีดำเนินการ",
                               "levels and the \"-\" style apply to method steps only",
                               "เว้นว่างช่องระดับและแบบ หรือเปลี่ยนหัวข้อเป็นวิธีดำเนินการ",
                               "leave level and style empty, or make the row a method step")
                    continue
                items = projects[i].setdefault(key, [])
                self.put(f"{at}.{key}[{len(items)}]", *where_text)
                self.put(f"{at}.{key}", *where_text)
                items.append(text)
                continue
            self.detail_step(projects[i], at, stacks.setdefault(pid, []), text, level, bullet,
                             where_text, col)
        for p in projects:
            _strip_paths(p.get("steps", ()))

    def detail_row(self, s: str, r: int, col: dict[str, int]):
        """A detail row's (project id, section key, text, level, bullet?); None when a cell is
        missing or bad (reported)."""
        pid = self.text(s, r, col["project"])
        label = self.text(s, r, col["section"])
        if pid is None:
            self.required(place(s, r, col["project"]), "รหัสโครงการ", "project id")
        if label is None:
            self.required(place(s, r, col["section"]), "หัวข้อ", "section")
        key = self.choice(label, DETAIL_SECTIONS, place(s, r, col["section"]), "หัวข้อ", "section")
        text = self.paragraph(s, r, col["text"])
        level_raw = self.number(s, r, col["level"])
        style = self.text(s, r, col["style"])
        bullet = self.choice(style, (("bullet", BULLET), ("numbered", NUMBERED)),
                             place(s, r, col["style"]), "แบบ", "style") == "bullet"
        level = 1
        if level_raw is not None:
            lv = tt.arabic_digits(str(level_raw)).strip()
            if not lv.isdigit() or int(lv) < 1:
                self.error(place(s, r, col["level"]), "bad-level",
                           f"ระดับต้องเป็นเลข 1 ขึ้นไป ไม่ใช่ \"{level_raw}\"",
                           f"the level must be a number from 1, not \"{level_raw}\"",
                           "ใช้ 1 สำหรับขั้นตอนหลัก 2 สำหรับขั้นตอนย่อย และต่อไปตามลำดับ",
                           "use 1 for a main step, 2 for its sub-steps, and so on")
                return None
            level = int(lv)
        if pid is None or key is None or text is None:
            return None
        return pid.strip(), key, text, level, bullet

    def unknown_project(self, s: str, r: int, col: dict[str, int], pid: str) -> None:
        self.error(place(s, r, col["project"]), "unknown-project",
                   f"ไม่มีโครงการรหัส \"{pid}\" ในแผ่นงาน{PROJECTS}",
                   f"there is no project with id \"{pid}\" on the sheet {PROJECTS}",
                   "เลือกรหัสโครงการจากรายการ (ถ้าลบโครงการแล้ว ให้ลบแถวรายละเอียดของโครงการนั้นด้วย)",
                   "choose a project id from the list (when a project is deleted, delete its "
                   "detail rows too)")

    def detail_step(self, p: dict[str, Any], at: str, stack: list[dict[str, Any]], text: str,
                    level: int, bullet: bool, where_text: tuple[str, int, int],
                    col: dict[str, int]) -> None:
        """A method step at ``level`` under the last step one level up (``stack``: the project's
        open steps, one per level)."""
        s, r, _c = where_text
        if level > len(stack) + 1:
            self.error(place(s, r, col["level"]), "level-jump",
                       f"ระดับข้ามขั้น: ขั้นตอนระดับ {level} ต้องอยู่ใต้ขั้นตอนระดับ {level - 1}",
                       f"the level jumps: a level {level} step must follow a level {level - 1} step",
                       f"ใช้ระดับไม่เกิน {len(stack) + 1} ในแถวนี้",
                       f"use a level of at most {len(stack) + 1} on this row")
            return
        del stack[level - 1:]
        step: dict[str, Any] = {"text": text}
        if bullet:
            step["bullet"] = True
        if stack:
            parent = stack[-1]
            siblings = parent.setdefault("steps", [])
            path = f"{parent['_path']}.steps[{len(siblings)}]"
        else:
            siblings = p.setdefault("steps", [])
            path = f"{at}.steps[{len(siblings)}]"
        self.put(path, *where_text)
        self.put(f"{path}.text", *where_text)
        self.put(f"{at}.steps", *where_text)
        step["_path"] = path
        siblings.append(step)
        stack.append(step)


def _strip_paths(steps: Iterable[dict[str, Any]]) -> None:
    for st in steps:
        st.pop("_path", None)
        _strip_paths(st.get("steps", ()))


#: sheet → (heading row as written, (column, heading) of the columns that identify it)
_HEADINGS = {
    lay.sheet: (lay.header_row, tuple((i, c.heading) for i, c in enumerate(lay.columns, start=1)))
    for lay in (PREFACE_LAYOUT, RISK_LAYOUT, PART1_LAYOUT, TARGET_LAYOUT, DETAIL_LAYOUT,
                SUB_ITEM_LAYOUT)
}
_HEADINGS[PROJECTS] = (PROJECT_HEADER_ROW,
                       tuple((i, c.heading) for i, c in enumerate(PROJECT_HEAD, start=1)))

_ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"})

#: choices offered by the writer's drop-downs (the reader structures them as plan files do)
KIND_CHOICES = tuple(k.value for k in ProjectKind)
LEVEL_CHOICES = tuple(lv.value for lv in RiskLevel)
ORG_KIND_CHOICES = tuple(k.value for k in OrgKind)
