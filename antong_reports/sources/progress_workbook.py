"""The progress workbook: a template officers fill in, and reading it back.

``antong-reports progress-template PLAN --year 2567 --round 6`` writes one sheet, "รายงานผล", with
the report's particulars at the top (plan, fiscal year, round, sample flag, reporter, executive,
report date) and one row per project of that fiscal year below, in Part 2 order: number, id, name,
dimension and the planned budget are filled in and locked (sheet protection without a password);
the fields of E-PlanNACC's report form are input cells, with dropdowns for yes/no, status and
reason, and numeric amount cells. :func:`read_progress_workbook` reads a filled template back into
a :class:`~antong_reports.progress.ProgressFile` (one fiscal year and round) with the planned
budgets filled in, and reports every unreadable cell by its address.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import attrs
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from antong_reports.sources import guard

from antong_reports.common.errors import Issue, ProgressFileError, Severity
from antong_reports.model.plan import Plan
from antong_reports.model.progress import (OLD_STATUSES, Person, ProgressFile, ProgressRecord,
                                           Reason, RoundInfo, Status)
from antong_reports.sources.planfile import _AMOUNT_RE
from antong_reports.sources.sheetvalues import excel_number, names_trimmed
from antong_reports.sources.progress_file import NO_WORDS, YES_WORDS, old_status_fix, parse_date
from antong_reports.thai import text as tt

SHEET = "รายงานผล"
#: written in a hidden cell of row 1; identifies the layout. v2: statuses and reasons are the
#: E-PlanNACC form's numbered choices ("2 อยู่ระหว่างดำเนินการ"); v1 (same columns) had Thai labels
#: only and a "ยังไม่ดำเนินการ" status, and is still read (that status is reported with its fix).
FORMAT_MARK = "antong-reports progress template v2"
OLD_FORMAT_MARKS = ("antong-reports progress template v1",)
YES = "ใช่"
NO = "ไม่ใช่"

#: (key, heading, width in Excel units, input?) in E-PlanNACC's report-form order
COLUMNS = (
    ("number", "ลำดับที่", 7, False),
    ("id", "รหัสโครงการ", 14, False),
    ("name", "โครงการ/กิจกรรม/มาตรการ", 40, False),
    ("dimension", "มิติ", 8, False),
    ("budget_local_plan", "งบประมาณ\nวงเงินตามแผนพัฒนาท้องถิ่น (บาท)", 16, False),
    ("budget_ordinance", "งบประมาณ\nวงเงินตามข้อบัญญัติ/เทศบัญญัติ (บาท)", 16, True),
    ("disbursed", "การเบิกจ่ายงบประมาณ (บาท)", 15, True),
    ("input_plan", "บรรจุไว้ในข้อบัญญัติ/เทศบัญญัติ/แผนการดำเนินงาน", 15, True),
    ("status", "สถานะ", 22, True),
    ("reason", "เหตุผลที่ไม่สามารถดำเนินการได้\n(เฉพาะสถานะ 4)", 22, True),
    ("reason_text", "เหตุผลอื่น (ระบุ)\n(เฉพาะเหตุผล 4)", 18, True),
    ("achieved", "ผลการดำเนินงาน\n(หนึ่งบรรทัดต่อหนึ่งผลผลิต)", 36, True),
    ("problems", "ปัญหาและอุปสรรค", 26, True),
    ("suggestions", "ข้อเสนอแนะ", 26, True),
    ("remark", "หมายเหตุ", 18, True),
)
COL = {key: i + 1 for i, (key, *_rest) in enumerate(COLUMNS)}
LINES_FIELDS = ("achieved", "problems", "suggestions")

#: the particulars block: (key, label, input?)
INFO = (
    ("plan", "แผน (รหัส)", False),
    ("year", "ปีงบประมาณ พ.ศ.", False),
    ("round", "รอบการรายงาน (เดือน)", False),
    ("illustrative", "ข้อมูลตัวอย่าง (ไม่ใช่ผลจริง)", True),
    ("reporter_name", "ผู้รายงาน", True),
    ("reporter_title", "ตำแหน่งผู้รายงาน", True),
    ("executive_name", "ผู้บริหาร", True),
    ("executive_title", "ตำแหน่งผู้บริหาร", True),
    ("date", "วันที่รายงาน (วว/ดด/ปปปป พ.ศ.)", True),
)
INFO_FIRST_ROW = 4
INFO_LABEL_COL = 1  # labels span columns A:B
INFO_VALUE_COL = 3
INFO_ROW = {key: INFO_FIRST_ROW + i for i, (key, *_r) in enumerate(INFO)}
HEADER_ROW = INFO_FIRST_ROW + len(INFO) + 1
FIRST_DATA_ROW = HEADER_ROW + 1


def round_title(year: int, round: int, thai: bool = True) -> str:
    """``"ประจำปีงบประมาณ พ.ศ. ๒๕๖๗ รอบ ๖ เดือน (ตุลาคม ๒๕๖๖ – มีนาคม ๒๕๖๗)"``."""
    period = round_period(year, round, thai)
    return (f"ประจำปีงบประมาณ พ.ศ. {tt.digits(year, thai)} รอบ {tt.digits(round, thai)} เดือน"
            f" ({period})")


def round_period(year: int, round: int, thai: bool = True) -> str:
    """The months a round covers: ``"ตุลาคม ๒๕๖๖ – มีนาคม ๒๕๖๗"`` (6) or ``"… – กันยายน ๒๕๖๗"`` (12)."""
    last_month = 3 if round == 6 else 9
    return (f"{tt.thai_month_year(10, year - 1, thai=thai)} – "
            f"{tt.thai_month_year(last_month, year, thai=thai)}")


# =========================================================================== reading

#: a filled template is well under 1 MB; bounds checked before openpyxl parses anything
MAX_WORKBOOK_BYTES = 20 * 1024 * 1024
MAX_SHEETS = 50
MAX_CELLS = 200_000
WORKBOOK_ZIP_LIMITS = guard.ZipLimits(max_entries=500, max_member=32 * 1024 * 1024,
                                      max_total=64 * 1024 * 1024)


#: how far below the template's heading row the reader looks for it (rows inserted above)
_SEARCH_ROWS = 30


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _open_checked(path: Path, file: str):
    """The workbook twice (values, formulas), once its container passed :mod:`guard`'s checks
    (size, parts, compression ratio, encryption, no DTD) and its sheet and cell counts are bounded."""
    def fail(code: str, th: str, en: str, fix_th: str = "", fix_en: str = "") -> ProgressFileError:
        return ProgressFileError([Issue(Severity.ERROR, code, th, en, fix_th, fix_en, file=file)])

    data = guard.read_bounded(path, max_bytes=MAX_WORKBOOK_BYTES, error=ProgressFileError, file=file)
    def zip_error(issues):   # a file that is no zip at all keeps its stable code
        return ProgressFileError([attrs.evolve(i, code="not-a-workbook") if i.code == "not-a-zip"
                                  else i for i in issues])

    parts = guard.open_office_zip(data, file=file, error=zip_error,
                                  limits=WORKBOOK_ZIP_LIMITS, what_th="สมุดงาน Excel",
                                  what_en="an Excel workbook")
    sheets = [n for n in parts if n.startswith("xl/worksheets/") and n.endswith(".xml")]
    if "xl/workbook.xml" not in parts or not sheets:
        raise fail("not-a-workbook", "ไฟล์นี้ไม่ใช่สมุดงาน Excel (.xlsx)", "the file is not an Excel workbook",
                   "ใช้ไฟล์ที่สร้างด้วย antong-reports progress-template",
                   "use a file made by antong-reports progress-template")
    if len(sheets) > MAX_SHEETS:
        raise fail("too-many-sheets", f"สมุดงานมี {len(sheets):,} แผ่นงาน เกิน {MAX_SHEETS}",
                   f"the workbook has {len(sheets):,} sheets, more than {MAX_SHEETS}",
                   "ใช้แบบรายงานที่สร้างด้วย progress-template", "use the template progress-template made")
    cells = sum(guard.count_cells(parts[n]) for n in sheets)
    if cells > MAX_CELLS:
        raise fail("too-many-cells", f"สมุดงานมี {cells:,} เซลล์ เกิน {MAX_CELLS:,}",
                   f"the workbook has {cells:,} cells, more than {MAX_CELLS:,}",
                   "ลบข้อมูลที่ไม่เกี่ยวข้องออก หรือใช้แบบรายงานใหม่",
                   "remove unrelated data, or start from a new template")
    try:
        wb = names_trimmed(load_workbook(guard.zip_bytes(parts), data_only=True), (SHEET,))
        formulas = names_trimmed(load_workbook(guard.zip_bytes(parts), data_only=False), (SHEET,))
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise fail("not-a-workbook", f"เปิดไฟล์เป็นสมุดงาน Excel ไม่ได้: {exc}",
                   f"cannot open the file as an Excel workbook: {exc}",
                   "ใช้ไฟล์ที่สร้างด้วย antong-reports progress-template",
                   "use a file made by antong-reports progress-template") from None
    return wb, formulas


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _addr(row: int, col: int) -> str:
    return f"{get_column_letter(col)}{row}"


def _template_sheet(wb, file: str):
    """The template's sheet, once the workbook is known to be a progress template of this version."""
    if SHEET not in wb.sheetnames:
        raise ProgressFileError([Issue(Severity.ERROR, "not-a-template",
                                       f"ไม่พบแผ่นงาน \"{SHEET}\"", f"no sheet named \"{SHEET}\"",
                                       "ใช้ไฟล์ที่สร้างด้วย antong-reports progress-template",
                                       "use a file made by antong-reports progress-template",
                                       file=file)])
    ws = wb[SHEET]
    marks = (FORMAT_MARK, *OLD_FORMAT_MARKS)
    # the mark moves with columns inserted or deleted before it (the headings then tell)
    # and with rows inserted or deleted above it
    if not any(ws.cell(r, c).value in marks for r in range(1, _SEARCH_ROWS)
               for c in range(1, len(COLUMNS) + 40)):
        raise ProgressFileError([Issue(Severity.ERROR, "not-a-template",
                                       "ไฟล์นี้ไม่ใช่แบบรายงานผลของโปรแกรมนี้ (หรือรุ่นไม่ตรงกัน)",
                                       "this workbook is not a progress template of this version",
                                       "สร้างแบบรายงานใหม่ด้วย antong-reports progress-template",
                                       "make a new one with antong-reports progress-template",
                                       file=file)])
    return ws


class _SheetReader:
    """Reads the template's sheet cell by cell, collecting an issue for every unreadable cell."""

    def __init__(self, ws, file: str) -> None:
        self.ws = ws
        self.file = file
        self.issues: list[Issue] = []
        self.rnd: int | None = None   # the round, once read: the old-status fix depends on it
        #: field path of the progress data → "รายงานผล!C5", for validation's issues
        self.places: dict[str, str] = {}
        self.info_row = self.find_info_rows()
        self.header_row = self.find_header_row()
        self.first_data_row = self.header_row + 1
        self.headings_ok = self.check_headings()

    # ------------------------------------------------------------------ where things are
    def find_info_rows(self) -> dict[str, int]:
        """The row of each particular, found by its label in column A (rows inserted or deleted
        above or between them move them); a label not found is an error naming it."""
        labels = {label: key for key, label, _input in INFO}
        rows: dict[str, int] = {}
        for r in range(1, HEADER_ROW + _SEARCH_ROWS):
            v = self.ws.cell(r, INFO_LABEL_COL).value
            if isinstance(v, str) and v.strip() in labels:
                rows.setdefault(labels[v.strip()], r)
        for key, label, _input in INFO:
            if key not in rows:
                self.issues.append(Issue(
                    Severity.ERROR, "missing-row", f"ไม่พบแถว \"{label}\" ในแผ่นงาน {SHEET}",
                    f"the row \"{label}\" is missing from the sheet {SHEET}",
                    f"อย่าลบแถว ให้เพิ่มแถวที่มีคำว่า \"{label}\" ในคอลัมน์ A (ค่าในคอลัมน์ C) กลับมา",
                    f"do not delete rows; put back a row with \"{label}\" in column A (its value "
                    "in column C)", file=self.file, path=SHEET))
        return rows

    def find_header_row(self) -> int:
        """The heading row of the projects, found by its first two headings (where the template
        put it when not found: the heading check then names the cell)."""
        first, second = COLUMNS[0][1], COLUMNS[1][1]
        for r in range(1, HEADER_ROW + _SEARCH_ROWS):
            a, b = self.ws.cell(r, 1).value, self.ws.cell(r, 2).value
            if isinstance(a, str) and isinstance(b, str) and (a.strip(), b.strip()) == (first, second):
                return r
        return HEADER_ROW

    def check_headings(self) -> bool:
        """Every column heading as the template wrote it; a changed one is an error at its cell
        (a column inserted, deleted or moved puts every value in the wrong field)."""
        for c, (_key, heading, _w, _input) in enumerate(COLUMNS, start=1):
            got = self.ws.cell(self.header_row, c).value
            if not isinstance(got, str) or " ".join(got.split()) != " ".join(heading.split()):
                shown = " ".join(heading.split())
                self.err(_addr(self.header_row, c), "changed-heading",
                         f"หัวคอลัมน์เปลี่ยนไป: ต้องเป็น \"{shown}\" แต่พบ \"{got or ''}\"",
                         f"a column heading changed: expected \"{shown}\", found \"{got or ''}\"",
                         "อย่าแทรก ลบ หรือย้ายคอลัมน์ ให้สร้างแบบรายงานใหม่ด้วย progress-template "
                         "แล้วคัดลอกข้อมูลมาใส่",
                         "do not insert, delete or move columns; make a new template with "
                         "progress-template and copy the data into it")
                return False
        return True

    def err(self, addr: str, code: str, th: str, en: str, fix_th: str = "", fix_en: str = "") -> None:
        self.issues.append(Issue(Severity.ERROR, code, th, en, fix_th, fix_en, file=self.file,
                                 path=f"{SHEET}!{addr}"))

    def value(self, row: int, key: str) -> Any:
        return self.ws.cell(row, COL[key]).value

    # ------------------------------------------------------------------ the particulars
    def info(self, key: str) -> Any:
        row = self.info_row.get(key)
        return None if row is None else self.ws.cell(row, INFO_VALUE_COL).value

    def info_addr(self, key: str) -> str:
        return _addr(self.info_row.get(key, INFO_ROW[key]), INFO_VALUE_COL)

    def integer(self, key: str) -> int | None:
        v = self.info(key)
        if key not in self.info_row:
            return None                  # reported as a missing row
        text = tt.arabic_digits(_text(v))
        if text.isdigit() and len(text) <= 9:
            return int(text)
        self.err(self.info_addr(key), "not-integer", f"ต้องเป็นตัวเลข: '{_short(str(v))}'",
                 f"expected a number: '{_short(str(v))}'",
                 "ใส่ค่าที่แบบรายงานเขียนไว้ (ปี พ.ศ. เช่น 2567 รอบ 6 หรือ 12) หรือสร้างแบบรายงานใหม่",
                 "keep the value the template wrote (a Buddhist-era year such as 2567; round 6 "
                 "or 12), or make a new template")
        return None

    def flag(self) -> str:
        if "illustrative" not in self.info_row:
            return NO                      # reported as a missing row
        flag = _text(self.info("illustrative"))
        if flag not in YES_WORDS | NO_WORDS:
            self.err(self.info_addr("illustrative"), "not-boolean",
                     f"ต้องเป็น {YES} หรือ {NO}: '{_short(flag)}'",
                     f"expected {YES} (yes) or {NO} (no): '{_short(flag)}'",
                     f"เลือก {YES} หรือ {NO} จากรายการ", f"choose {YES} or {NO} from the list")
        return flag

    def date(self):
        raw_date = self.info("date")
        date = parse_date(raw_date) if raw_date not in (None, "") else None
        if raw_date not in (None, "") and date is None:
            self.err(self.info_addr("date"), "not-date", f"ไม่ใช่วันที่: '{_short(str(raw_date))}'",
                     f"not a date: '{_short(str(raw_date))}'", "เขียนเป็น วว/ดด/ปปปป (พ.ศ.) เช่น 30/04/2567",
                     "write dd/mm/yyyy (Buddhist era), e.g. 30/04/2567")
        return date

    def person(self, who: str) -> Person:
        return Person(_text(self.info(f"{who}_name")), _text(self.info(f"{who}_title")))

    # ------------------------------------------------------------------ cells of a project row
    def amount(self, row: int, key: str) -> Decimal | None:
        v = self.value(row, key)
        if v is None or (isinstance(v, str) and v.strip() in ("", "-", "–", "—")):
            return Decimal(0)
        try:
            if isinstance(v, bool):
                raise TypeError
            if isinstance(v, float):   # the 15 digits a spreadsheet shows, not its binary noise
                d = Decimal(excel_number(v))
            elif isinstance(v, str):
                text = tt.amount_digits(v)
                if len(text) > 40 or not _AMOUNT_RE.match(text):   # as a plan's amounts
                    raise ValueError
                d = tt.to_decimal(text)
            else:
                d = tt.to_decimal(v)
            if not d.is_finite() or d < 0:
                raise ValueError
            return d.quantize(Decimal("0.01")) if d != d.to_integral_value() else Decimal(int(d))
        except (InvalidOperation, TypeError, ValueError):
            self.err(_addr(row, COL[key]), "not-amount", f"ไม่ใช่จำนวนเงิน: '{_short(str(v))}'",
                     f"not an amount: '{_short(str(v))}'", "ใส่ตัวเลข ๐ ขึ้นไป เช่น 25000 หรือ 25,000.50",
                     "type a number, zero or more, e.g. 25000 or 25,000.50")
            return None

    def choice(self, row: int, key: str, cls):
        v = _text(self.value(row, key))
        if not v:
            return None
        member = cls.parse(v)
        if member is not None:
            return member
        if cls is Reason and v in ("อื่น ๆ", "อื่น"):
            return Reason.OTHER
        if cls is Status and v in OLD_STATUSES:
            fix_th, fix_en = old_status_fix(self.rnd, workbook=True)
            self.err(_addr(row, COL[key]), "old-status",
                     f"สถานะ '{v}' มาจากแบบรายงานรุ่นเดิม ระบบ E-PlanNACC ไม่มีสถานะนี้",
                     f"the status '{v}' is from the old template: E-PlanNACC has no such status",
                     fix_th, fix_en)
            return None
        allowed = " · ".join(m.coded for m in cls)
        self.err(_addr(row, COL[key]), f"unknown-{cls.__name__.lower()}", f"ไม่รู้จักค่า '{v}'",
                 f"unknown value '{v}'", f"เลือกจากรายการ: {allowed}", f"choose one of: {allowed}")
        return None

    def yes_no(self, row: int) -> str:
        yes_no = _text(self.value(row, "input_plan"))
        if yes_no not in YES_WORDS | NO_WORDS:
            self.err(_addr(row, COL["input_plan"]), "not-boolean",
                     f"ต้องเป็น {YES} หรือ {NO}: '{yes_no}'",
                     f"expected {YES} (yes) or {NO} (no): '{yes_no}'")
        return yes_no

    def row_has_data(self, row: int) -> bool:
        return any(self.ws.cell(row, c).value not in (None, "") for c in range(1, len(COLUMNS) + 1))

    # ------------------------------------------------------------------ whole-sheet checks
    def check_formulas(self, formulas) -> None:
        """A formula whose result was never computed (a file written by a program, not saved by a
        spreadsheet) has no value to read: an error naming the cell, never a silent 0 or blank."""
        fws = formulas[SHEET]
        for frow in fws.iter_rows(min_row=1, max_row=fws.max_row, max_col=len(COLUMNS)):
            for fcell in frow:
                if fcell.data_type == "f" and self.ws[fcell.coordinate].value is None:
                    self.err(fcell.coordinate, "formula-without-value",
                             f"เซลล์มีสูตร ({_short(str(fcell.value))}) แต่ไม่มีค่าที่คำนวณไว้",
                             f"the cell holds a formula ({_short(str(fcell.value))}) without a computed"
                             " value",
                             "เปิดไฟล์ใน Excel หรือ LibreOffice แล้วบันทึกใหม่ หรือพิมพ์ค่าแทนสูตร",
                             "open and save the file in Excel or LibreOffice, or type the value instead")

    def records(self, plan: Plan, year: int | None) -> list[ProgressRecord]:
        """The project rows, read to the last filled one (gaps included)."""
        records: list[ProgressRecord] = []
        if not self.headings_ok:          # every value would be read into the wrong field
            return records
        ids = {p.id for p in plan.projects}
        last = self.first_data_row - 1
        for r in range(self.first_data_row, self.ws.max_row + 1):
            if self.row_has_data(r):
                last = r
        for row in range(self.first_data_row, last + 1):
            if self.value(row, "id") in (None, ""):
                if self.row_has_data(row):
                    self.err(_addr(row, COL["id"]), "missing-project-id",
                             "แถวนี้มีข้อมูลแต่ไม่มีรหัสโครงการ", "this row holds data but no project id",
                             "ใส่รหัสโครงการ หรือลบข้อมูลในแถวนี้",
                             "fill in the project id, or clear the row")
                continue
            record = self.record(row, ids, year)
            if record is not None:
                self.place_record(len(records), row)
                records.append(record)
        self.places.setdefault("records", f"{SHEET}!{_addr(self.first_data_row, COL['id'])}")
        return records

    def place_record(self, k: int, row: int) -> None:
        """The cells of the ``k``-th record read (row ``row``), by the progress file's paths."""
        at = f"records[{k}]"
        self.places[at] = f"{SHEET}!{_addr(row, COL['id'])}"
        for name, key in (("project", "id"), ("status", "status"), ("reason", "reason"),
                          ("reason_text", "reason_text"), ("budget_local_plan", "budget_local_plan"),
                          ("budget_ordinance", "budget_ordinance"), ("disbursed", "disbursed"),
                          ("input_plan", "input_plan"), ("achieved", "achieved"),
                          ("problems", "problems"), ("suggestions", "suggestions"),
                          ("remark", "remark"), ("year", "id"), ("round", "id")):
            self.places[f"{at}.{name}"] = f"{SHEET}!{_addr(row, COL[key])}"

    def place_particulars(self) -> None:
        for path, key in (("plan", "plan"), ("reports[0]", "year"), ("reports[0].year", "year"),
                          ("reports[0].round", "round"), ("reports[0].date", "date"),
                          ("reporter", "reporter_name"), ("reporter.name", "reporter_name"),
                          ("reporter.title", "reporter_title"), ("executive", "executive_name"),
                          ("executive.name", "executive_name"),
                          ("executive.title", "executive_title"), ("illustrative", "illustrative")):
            self.places[path] = f"{SHEET}!{self.info_addr(key)}"

    def record(self, row: int, ids: set[str], year: int | None) -> ProgressRecord | None:
        """One project's row; None when it holds no status or a bad cell."""
        pid = _text(self.value(row, "id"))
        if pid not in ids:
            self.err(_addr(row, COL["id"]), "unknown-project", f"ไม่มีโครงการรหัส '{pid}' ในแผน",
                     f"there is no project with id '{pid}' in the plan")
        status = self.choice(row, "status", Status)
        reason = self.choice(row, "reason", Reason)
        planned = self.amount(row, "budget_local_plan")
        ordinance = self.amount(row, "budget_ordinance")
        disbursed = self.amount(row, "disbursed")
        yes_no = self.yes_no(row)
        lines = {key: tuple(s.strip() for s in _text(self.value(row, key)).split("\n") if s.strip())
                 for key in LINES_FIELDS}
        filled = status is not None or any(
            _text(self.value(row, k)) for k in ("budget_ordinance", "disbursed", "input_plan",
                                                "reason", "reason_text", "achieved",
                                                "problems", "suggestions", "remark"))
        if filled and status is None and not _text(self.value(row, "status")):
            self.err(_addr(row, COL["status"]), "missing-status", "ยังไม่ได้เลือกสถานะ",
                     "no status chosen", "เลือกสถานะจากรายการ", "choose a status from the list")
        if status is None or None in (planned, ordinance, disbursed) or not (year and self.rnd):
            return None
        return ProgressRecord(
            project=pid, year=year, round=self.rnd, status=status, budget_local_plan=planned,
            budget_ordinance=ordinance, disbursed=disbursed, input_plan=yes_no in YES_WORDS,
            reason=reason, reason_text=_text(self.value(row, "reason_text")),
            remark=_text(self.value(row, "remark")), **lines)


def read_progress_workbook(path: str | Path, plan: Plan) -> ProgressFile:
    """Read a filled progress template back (one fiscal year and round).

    Raises :class:`~antong_reports.progress.ProgressFileError` naming each bad cell.
    """
    return read_progress_workbook_placed(path, plan)[0]


def read_progress_workbook_placed(path: str | Path, plan: Plan) -> tuple[ProgressFile, dict[str, str]]:
    """:func:`read_progress_workbook` and the cell (``รายงานผล!I15``) of each field path of the
    progress data, so validation's issues can name cells."""
    path = Path(path)
    file = str(path)
    wb, formulas = _open_checked(path, file)
    reader = _SheetReader(_template_sheet(wb, file), file)
    slug = _text(reader.info("plan"))
    year = reader.integer("year")
    reader.rnd = rnd = reader.integer("round")
    flag = reader.flag()
    date = reader.date()
    reader.check_formulas(formulas)
    records = reader.records(plan, year)
    if reader.issues:
        raise ProgressFileError(reader.issues)
    assert year is not None and rnd is not None
    reader.place_particulars()
    return ProgressFile(
        plan=slug, records=tuple(records), reports=(RoundInfo(year, rnd, date),),
        illustrative=flag in YES_WORDS,
        reporter=reader.person("reporter"), executive=reader.person("executive"),
    ), reader.places
