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

import argparse
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from . import thaitext as tt
from . import xlsxutil as xu
from .errors import AntongError, Issue, Severity
from .model import Plan
from .progress import (NO_WORDS, YES_WORDS, Person, ProgressFile, ProgressFileError, ProgressRecord,
                       Reason, RoundInfo, Status, parse_date)
from .settings import Settings

SHEET = "รายงานผล"
#: written in the workbook's hidden cell A1 comment-free marker row; identifies the layout
FORMAT_MARK = "antong-reports progress template v1"
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
    ("in_ordinance", "บรรจุไว้ในข้อบัญญัติ/เทศบัญญัติ/แผนการดำเนินงาน", 15, True),
    ("status", "สถานะ", 20, True),
    ("reason", "เหตุผลที่ไม่สามารถดำเนินการได้", 20, True),
    ("reason_text", "เหตุผลอื่น (ระบุ)", 18, True),
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


# =========================================================================== writing


def template_workbook(plan: Plan, year: int, round: int, settings: Settings | None = None,
                      progress: ProgressFile | None = None) -> bytes:
    """The progress template of one fiscal year and round as .xlsx bytes (deterministic).

    ``progress``: values to fill in beforehand (e.g. the 6-month round's, to update for 12).
    """
    settings = settings or Settings()
    if year not in plan.years:
        raise AntongError(f"ปีงบประมาณ {year} อยู่นอกช่วงของแผน ({plan.first_year}-{plan.last_year}) / "
                          f"fiscal year {year} is outside the plan ({plan.first_year}-{plan.last_year})")
    if round not in (6, 12):
        raise AntongError(f"รอบต้องเป็น 6 หรือ 12 ไม่ใช่ {round} / the round must be 6 or 12, not {round}")
    thai = settings.thai_digits
    styles = xu.Styles(settings)
    heights = xu.HeightPlanner(settings)
    unlocked = Protection(locked=False)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ncols = len(COLUMNS)
    xu.set_widths(ws, [w for _k, _h, w, _i in COLUMNS])

    def merged_text(row: int, text: str, *, bold: bool = False, title: bool = False) -> None:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
        xu.put_text(ws.cell(row, 1), text)
        xu.style_range(ws, styles, row, 1, row, ncols, bold=bold, title=title, horizontal="center",
                       border=False)
        heights.need(row, xu.line_height(settings, styles.title.sz if title else None) + 4)

    merged_text(1, "แบบรายงานผลการดำเนินการตามแผนปฏิบัติการป้องกันการทุจริต", title=True)
    merged_text(2, f"{plan.organization.name} {round_title(year, round, thai)}", bold=True)

    # ---------------------------------------------------------------- particulars
    pf = progress.select(year, round) if progress is not None else None
    reporter = pf.reporter if pf else Person()
    executive = pf.executive if pf else Person(plan.organization.executive_name,
                                               plan.organization.executive_title)
    values: dict[str, Any] = {
        "plan": plan.slug, "year": year, "round": round,
        "illustrative": YES if (pf and pf.illustrative) else NO,
        "reporter_name": reporter.name, "reporter_title": reporter.title,
        "executive_name": executive.name, "executive_title": executive.title,
        "date": pf.report_date(year, round) if pf else None,
    }
    for key, label, is_input in INFO:
        r = INFO_ROW[key]
        ws.merge_cells(start_row=r, start_column=INFO_VALUE_COL, end_row=r, end_column=INFO_VALUE_COL + 2)
        ws.merge_cells(start_row=r, start_column=INFO_LABEL_COL, end_row=r, end_column=INFO_LABEL_COL + 1)
        xu.put_text(ws.cell(r, INFO_LABEL_COL), label)
        xu.style_range(ws, styles, r, INFO_LABEL_COL, r, INFO_LABEL_COL + 1, bold=True, fill=xu.SHADE)
        xu.style_range(ws, styles, r, INFO_VALUE_COL, r, INFO_VALUE_COL + 2)
        cell = ws.cell(r, INFO_VALUE_COL)
        value = values[key]
        if key in ("year", "round"):
            xu.put_number(cell, value, xu.integer_format(thai))
            cell.alignment = styles.align("left")
        elif key == "date":
            cell.value = value
            cell.number_format = "[$-D07041E]d mmmm yyyy" if thai else "d/m/yyyy"
        else:
            xu.put_text(cell, value)
        if is_input:
            for c in range(INFO_VALUE_COL, INFO_VALUE_COL + 3):
                ws.cell(r, c).protection = unlocked
        heights.need(r, xu.line_height(settings) + 2)
    # the layout mark sits in a hidden column so the reader can recognise the template
    mark = ws.cell(1, ncols + 2)
    xu.put_text(mark, FORMAT_MARK)
    ws.column_dimensions[get_column_letter(ncols + 2)].hidden = True

    # ---------------------------------------------------------------- table
    for c, (key, heading, width, _inp) in enumerate(COLUMNS, start=1):
        cell = ws.cell(HEADER_ROW, c)
        xu.put_text(cell, heading)
        styles.apply(cell, bold=True, horizontal="center", vertical="center", fill=xu.HEAD_SHADE)
        heights.text(HEADER_ROW, heading, width, bold=True)

    fmt = xu.number_format(thai, decimals=2)
    fmt_int = xu.integer_format(thai)
    row = FIRST_DATA_ROW
    numbered = plan.projects_of_year(year)
    for n in numbered:
        p = n.project
        rec = pf.record(p.id, year, round) if pf else None
        planned = rec.planned(plan) if rec else p.amount(year)
        xu.put_number(ws.cell(row, COL["number"]), n.number, fmt_int)
        xu.put_text(ws.cell(row, COL["id"]), p.id)
        xu.put_text(ws.cell(row, COL["name"]), p.name)
        xu.put_number(ws.cell(row, COL["dimension"]), int(p.dimension_code), fmt_int)
        xu.put_number(ws.cell(row, COL["budget_local_plan"]), planned,
                      xu.amount_format(thai, xu.decimals_of(planned)))
        if rec is not None:
            xu.put_number(ws.cell(row, COL["budget_ordinance"]), rec.budget_ordinance, fmt)
            xu.put_number(ws.cell(row, COL["disbursed"]), rec.disbursed, fmt)
            xu.put_text(ws.cell(row, COL["in_ordinance"]), YES if rec.in_ordinance else NO)
            xu.put_text(ws.cell(row, COL["status"]), rec.status.value)
            xu.put_text(ws.cell(row, COL["reason"]), rec.reason.value if rec.reason else "")
            xu.put_text(ws.cell(row, COL["reason_text"]), rec.reason_text)
            for key in LINES_FIELDS:
                xu.put_text(ws.cell(row, COL[key]), "\n".join(getattr(rec, key)))
            xu.put_text(ws.cell(row, COL["remark"]), rec.remark)
        for c, (key, _h, width, is_input) in enumerate(COLUMNS, start=1):
            cell = ws.cell(row, c)
            numeric = key in ("number", "dimension", "budget_local_plan", "budget_ordinance", "disbursed")
            centred = key in ("number", "dimension", "in_ordinance")
            styles.apply(cell, horizontal="right" if numeric and not centred else
                         ("center" if centred else "left"),
                         fill=None if is_input else xu.SHADE)
            if key in ("budget_ordinance", "disbursed"):
                cell.number_format = fmt
            if is_input:
                cell.protection = unlocked
            text = cell.value if isinstance(cell.value, str) else ""
            heights.text(row, text, width)
        row += 1
    last = row - 1

    # ---------------------------------------------------------------- dropdowns
    def dropdown(values_: tuple[str, ...], col: int, title: str) -> None:
        if last < FIRST_DATA_ROW:
            return
        dv = DataValidation(type="list", formula1='"' + ",".join(values_) + '"', allow_blank=True,
                            showDropDown=False, showErrorMessage=True, errorTitle=title,
                            error="เลือกจากรายการ: " + " / ".join(values_))
        letter = get_column_letter(col)
        dv.add(f"{letter}{FIRST_DATA_ROW}:{letter}{last}")
        ws.add_data_validation(dv)

    dropdown((YES, NO), COL["in_ordinance"], "บรรจุในข้อบัญญัติ")
    dropdown(tuple(s.value for s in Status), COL["status"], "สถานะ")
    dropdown(tuple(r.value for r in Reason), COL["reason"], "เหตุผล")
    flag = DataValidation(type="list", formula1=f'"{YES},{NO}"', allow_blank=True)
    flag.add(f"{get_column_letter(INFO_VALUE_COL)}{INFO_ROW['illustrative']}")
    ws.add_data_validation(flag)
    if last >= FIRST_DATA_ROW:
        for key in ("budget_ordinance", "disbursed"):
            letter = get_column_letter(COL[key])
            dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0",
                                allow_blank=True, showErrorMessage=True, errorTitle="จำนวนเงิน",
                                error="ใส่จำนวนเงินเป็นตัวเลขตั้งแต่ ๐ ขึ้นไป")
            dv.add(f"{letter}{FIRST_DATA_ROW}:{letter}{last}")
            ws.add_data_validation(dv)

    heights.apply(ws)
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # officers may widen columns and rows
    ws.protection.formatRows = False
    xu.page_setup(ws, settings, landscape=True, title_rows=(HEADER_ROW, HEADER_ROW),
                  freeze=f"D{FIRST_DATA_ROW}")
    date = pf.report_date(year, round) if pf and pf.report_date(year, round) else plan.date
    xu.set_properties(wb, title=f"แบบรายงานผล {round_title(year, round, thai)}",
                      creator=plan.organization.name, date=date)
    return xu.save(wb)


def template_file_name(plan: Plan, year: int, round: int) -> str:
    return f"{plan.slug}-progress-{year}-r{round}.xlsx"


# =========================================================================== reading


def read_progress_workbook(path: str | Path, plan: Plan) -> ProgressFile:
    """Read a filled progress template back (one fiscal year and round).

    Raises :class:`~antong_reports.progress.ProgressFileError` naming each bad cell.
    """
    path = Path(path)
    file = str(path)
    try:
        wb = load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise ProgressFileError([Issue(Severity.ERROR, "not-a-workbook",
                                       f"เปิดไฟล์เป็นสมุดงาน Excel ไม่ได้: {exc}",
                                       f"cannot open the file as an Excel workbook: {exc}",
                                       "ใช้ไฟล์ที่สร้างด้วย antong-reports progress-template",
                                       "use a file made by antong-reports progress-template",
                                       file=file)]) from None
    issues: list[Issue] = []

    def err(addr: str, code: str, th: str, en: str, fix_th: str = "", fix_en: str = "") -> None:
        issues.append(Issue(Severity.ERROR, code, th, en, fix_th, fix_en, file=file,
                            path=f"{SHEET}!{addr}"))

    if SHEET not in wb.sheetnames:
        raise ProgressFileError([Issue(Severity.ERROR, "not-a-template",
                                       f"ไม่พบแผ่นงาน \"{SHEET}\"", f"no sheet named \"{SHEET}\"",
                                       "ใช้ไฟล์ที่สร้างด้วย antong-reports progress-template",
                                       "use a file made by antong-reports progress-template",
                                       file=file)])
    ws = wb[SHEET]
    if ws.cell(1, len(COLUMNS) + 2).value != FORMAT_MARK:
        raise ProgressFileError([Issue(Severity.ERROR, "not-a-template",
                                       "ไฟล์นี้ไม่ใช่แบบรายงานผลของโปรแกรมนี้ (หรือรุ่นไม่ตรงกัน)",
                                       "this workbook is not a progress template of this version",
                                       "สร้างแบบรายงานใหม่ด้วย antong-reports progress-template",
                                       "make a new one with antong-reports progress-template",
                                       file=file)])

    def info(key: str) -> Any:
        return ws.cell(INFO_ROW[key], INFO_VALUE_COL).value

    def addr(row: int, col: int) -> str:
        return f"{get_column_letter(col)}{row}"

    def text(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    def integer(key: str) -> int | None:
        v = info(key)
        try:
            return int(tt.arabic_digits(text(v)))
        except ValueError:
            err(addr(INFO_ROW[key], INFO_VALUE_COL), "not-integer", f"ต้องเป็นตัวเลข: '{v}'",
                f"expected a number: '{v}'")
            return None

    slug = text(info("plan"))
    year = integer("year")
    rnd = integer("round")
    flag = text(info("illustrative"))
    if flag not in YES_WORDS | NO_WORDS:
        err(addr(INFO_ROW["illustrative"], INFO_VALUE_COL), "not-boolean",
            f"ต้องเป็น {YES} หรือ {NO}: '{flag}'", f"expected {YES} (yes) or {NO} (no): '{flag}'")
    raw_date = info("date")
    date = parse_date(raw_date) if raw_date not in (None, "") else None
    if raw_date not in (None, "") and date is None:
        err(addr(INFO_ROW["date"], INFO_VALUE_COL), "not-date", f"ไม่ใช่วันที่: '{raw_date}'",
            f"not a date: '{raw_date}'", "เขียนเป็น วว/ดด/ปปปป (พ.ศ.) เช่น 30/04/2567",
            "write dd/mm/yyyy (Buddhist era), e.g. 30/04/2567")

    def amount(row: int, key: str) -> Decimal | None:
        v = ws.cell(row, COL[key]).value
        if v is None or (isinstance(v, str) and not v.strip()):
            return Decimal(0)
        try:
            if isinstance(v, bool):
                raise TypeError
            if isinstance(v, float):
                d = Decimal(repr(v))
            else:
                d = tt.to_decimal(v if not isinstance(v, str) else v.strip())
            if not d.is_finite() or d < 0:
                raise ValueError
            return d.quantize(Decimal("0.01")) if d != d.to_integral_value() else Decimal(int(d))
        except (InvalidOperation, TypeError, ValueError):
            err(addr(row, COL[key]), "not-amount", f"ไม่ใช่จำนวนเงิน: '{v}'", f"not an amount: '{v}'",
                "ใส่ตัวเลข ๐ ขึ้นไป", "type a number, zero or more")
            return None

    def choice(row: int, key: str, cls):
        v = text(ws.cell(row, COL[key]).value)
        if not v:
            return None
        for m in cls:
            if v == m.value:
                return m
        if cls is Reason and v in ("อื่น ๆ", "อื่น"):
            return Reason.OTHER
        allowed = " / ".join(m.value for m in cls)
        err(addr(row, COL[key]), f"unknown-{cls.__name__.lower()}", f"ไม่รู้จักค่า '{v}'",
            f"unknown value '{v}'", f"เลือกจากรายการ: {allowed}", f"choose one of: {allowed}")
        return None

    records: list[ProgressRecord] = []
    ids = {p.id for p in plan.projects}
    row = FIRST_DATA_ROW
    while ws.cell(row, COL["id"]).value not in (None, ""):
        pid = text(ws.cell(row, COL["id"]).value)
        if pid not in ids:
            err(addr(row, COL["id"]), "unknown-project", f"ไม่มีโครงการรหัส '{pid}' ในแผน",
                f"there is no project with id '{pid}' in the plan")
        status = choice(row, "status", Status)
        reason = choice(row, "reason", Reason)
        planned = amount(row, "budget_local_plan")
        ordinance = amount(row, "budget_ordinance")
        disbursed = amount(row, "disbursed")
        yes_no = text(ws.cell(row, COL["in_ordinance"]).value)
        if yes_no not in YES_WORDS | NO_WORDS:
            err(addr(row, COL["in_ordinance"]), "not-boolean", f"ต้องเป็น {YES} หรือ {NO}: '{yes_no}'",
                f"expected {YES} (yes) or {NO} (no): '{yes_no}'")
        lines = {key: tuple(s.strip() for s in text(ws.cell(row, COL[key]).value).split("\n") if s.strip())
                 for key in LINES_FIELDS}
        filled = status is not None or any(
            text(ws.cell(row, COL[k]).value) for k in ("budget_ordinance", "disbursed", "in_ordinance",
                                                       "reason", "reason_text", "achieved",
                                                       "problems", "suggestions", "remark"))
        if filled and status is None and not text(ws.cell(row, COL["status"]).value):
            err(addr(row, COL["status"]), "missing-status", "ยังไม่ได้เลือกสถานะ", "no status chosen",
                "เลือกสถานะจากรายการ", "choose a status from the list")
        if status is not None and None not in (planned, ordinance, disbursed) and year and rnd:
            records.append(ProgressRecord(
                project=pid, year=year, round=rnd, status=status, budget_local_plan=planned,
                budget_ordinance=ordinance, disbursed=disbursed, in_ordinance=yes_no in YES_WORDS,
                reason=reason, reason_text=text(ws.cell(row, COL["reason_text"]).value),
                remark=text(ws.cell(row, COL["remark"]).value), **lines))
        row += 1
    if issues:
        raise ProgressFileError(issues)
    assert year is not None and rnd is not None
    return ProgressFile(
        plan=slug, records=tuple(records), reports=(RoundInfo(year, rnd, date),),
        illustrative=flag in YES_WORDS,
        reporter=Person(text(info("reporter_name")), text(info("reporter_title"))),
        executive=Person(text(info("executive_name")), text(info("executive_title"))),
    )


# =========================================================================== command line


def add_subparsers(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``progress-template`` on an argparse subparsers object."""
    p = subparsers.add_parser(
        "progress-template",
        help="เขียนแบบรายงานผล (.xlsx) ให้เจ้าหน้าที่กรอก / write a progress workbook to fill in",
        description="เขียนแบบรายงานผลการดำเนินการ (.xlsx) หนึ่งแถวต่อหนึ่งโครงการของปีงบประมาณนั้น / "
                    "Write the progress workbook of one fiscal year and round: one row per project.")
    p.add_argument("plan", metavar="PLAN", help="ไฟล์แผน (YAML) / the plan file")
    p.add_argument("--year", type=int, required=True, help="ปีงบประมาณ พ.ศ. เช่น 2567 / fiscal year (BE)")
    p.add_argument("--round", type=int, required=True, choices=(6, 12),
                   help="รอบ 6 หรือ 12 เดือน / round: 6 or 12 months")
    p.add_argument("--progress", metavar="FILE",
                   help="กรอกค่าจากไฟล์รายงานผล (YAML) ไว้ก่อน / fill in values from a progress file")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="ไฟล์ผลลัพธ์ (ค่าเริ่มต้น: <slug>-progress-<year>-r<round>.xlsx) / output file")
    p.set_defaults(handler=run_progress_template)
    return p


def run_progress_template(args: argparse.Namespace) -> int:
    """Handler of ``progress-template``: 0 written, 1 invalid input, 2 usage or I/O error."""
    from .build import write_atomically
    from .progress import load_progress
    from .validate import load_and_validate

    try:
        plan, _warnings = load_and_validate(Path(args.plan))
        progress = load_progress(args.progress).resolved(plan) if args.progress else None
        data = template_workbook(plan, args.year, args.round, progress=progress)
        out = Path(args.output) if args.output else Path(template_file_name(plan, args.year, args.round))
        write_atomically(out.parent if str(out.parent) else Path("."), {out.name: data})
    except AntongError as exc:
        print(str(exc), file=sys.stderr)
        return 1 if getattr(exc, "issues", None) else 2
    print(str(out))
    return 0
