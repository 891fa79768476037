"""Progress reports as workbooks, and the E-PlanNACC entry workbook of the pack.

:func:`report_workbook` writes a 6-month or annual report as two sheets:

1. "สรุปผล" — per dimension: projects planned, done, in progress, not done, awaiting a report;
   budget planned, in the ordinance, disbursed and the per cent disbursed. Every figure is a
   formula (COUNTIFS/SUMIFS over sheet 2, SUM for the total row), so an officer who corrects a row
   of sheet 2 sees the summary follow.
2. "รายโครงการ" — one row per project of the fiscal year in Part 2 order with every field of the
   report form, and a total row of SUM formulas.

:func:`eplan_workbook` writes what an officer types into E-PlanNACC: the project sheet of the
budget workbook, then one sheet per reported round with one row per project in the progress
form's order.

Same officer-grade rules as the budget workbook (:mod:`xlsxutil`): numeric amounts with Thai
digits by number format, the font on every cell, explicit row heights, text stored as text, print
setup, byte-identical output.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Sequence

from openpyxl.chart import Reference
from openpyxl.worksheet.pagebreak import Break
from openpyxl.workbook import Workbook

from antong_reports.compose import phrases
from antong_reports.thai import text as tt
from antong_reports.render import xlsxutil as xu
from antong_reports.compose.reports import (CHART_BUDGET_LABEL, CHART_BUDGET_TITLE,
                                            CHART_COUNT_LABEL, CHART_COUNT_TITLE, SAMPLE_MARK,
                                            SAMPLE_NOTE, fiscal_period, report_title)
from antong_reports.compose.tables import dimension_label
from antong_reports.model.plan import Plan
from antong_reports.model.progress import (NOT_REPORTED, ProgressFile, Reason, Status, whole_baht,
                                           year_rows)
from antong_reports.common.settings import DEFAULT, Settings

SUMMARY_SHEET = "สรุปผล"
PROJECT_SHEET = "รายโครงการ"

#: per-project sheet: (key, heading, width)
PROJECT_COLUMNS = (
    ("number", "ลำดับที่", 7),
    ("id", "รหัสโครงการ", 14),
    ("dimension", "มิติ", 6),
    ("name", "โครงการ/กิจกรรม/มาตรการ", 40),
    ("planned", "งบประมาณ\nวงเงินตามแผนพัฒนาท้องถิ่น (บาท)", 15),
    ("ordinance", "งบประมาณ\nวงเงินตามข้อบัญญัติ/เทศบัญญัติ (บาท)", 15),
    ("disbursed", "การเบิกจ่ายงบประมาณ (บาท)", 14),
    ("input_plan", "บรรจุไว้ในข้อบัญญัติ/เทศบัญญัติ/แผนการดำเนินงาน", 14),
    ("status", "สถานะ", 18),
    ("reason", "เหตุผลที่ไม่สามารถดำเนินการได้", 20),
    ("achieved", "ผลการดำเนินงาน", 34),
    ("problems", "ปัญหาและอุปสรรค", 26),
    ("suggestions", "ข้อเสนอแนะ", 26),
    ("remark", "หมายเหตุ", 20),
)
PCOL = {key: i + 1 for i, (key, _h, _w) in enumerate(PROJECT_COLUMNS)}

#: summary sheet: (key, heading, width)
SUMMARY_COLUMNS = (
    ("dimension", "มิติ", 40),
    ("planned_n", "จำนวนตามแผน", 10),
    ("done", "ดำเนินการแล้วเสร็จ", 11),
    ("in_progress", "อยู่ระหว่างดำเนินการ", 11),
    ("cannot", Status.CANNOT.label, 14),
    ("not_reported", NOT_REPORTED, 10),
    ("planned", "งบประมาณตามแผน (บาท)", 15),
    ("ordinance", "งบประมาณตามข้อบัญญัติ/เทศบัญญัติ (บาท)", 16),
    ("disbursed", "เบิกจ่าย (บาท)", 15),
    ("percent", "ร้อยละการเบิกจ่าย", 11),
)
SCOL = {key: i + 1 for i, (key, _h, _w) in enumerate(SUMMARY_COLUMNS)}

YES = "ใช่"
NO = "ไม่ใช่"

#: E-PlanNACC progress form, in the form's order (see render.xlsx.Col): the key columns, then
#: page 1 the amounts, input_plan and status, page 2 the reason, remark and how to enter the row
def eplan_report_columns():
    from antong_reports.render.xlsx import Col

    return (
        Col("number", None, "ลำดับ", "", 6, False, 0),
        Col("name", None, "ชื่อโครงการ/กิจกรรม/มาตรการ/แนวปฏิบัติงาน", "", 40, False, 0, "left"),
        Col("planned", None, "งบประมาณ (วงเงินตามแผนพัฒนาท้องถิ่น) (บาท)", "budget", 15, True, 1),
        Col("ordinance", None, "งบประมาณ (วงเงินตามข้อบัญญัติ/เทศบัญญัติ) (บาท)", "budget_true", 15, True, 1),
        Col("disbursed", None, "การเบิกจ่ายงบประมาณ (บาท)", "paid", 14, True, 1),
        Col("input-plan-code", EPLAN_INPUT_PLAN, "รหัส", "input_plan", 9, True, 1),
        Col("input-plan", EPLAN_INPUT_PLAN, "ความหมาย", "", 9, False, 1),
        Col("status-code", "สถานะ", "รหัส", "status_process", 11, True, 1),
        Col("status", "สถานะ", "ความหมาย", "", 18, False, 1),
        Col("reason-code", "เหตุผล (กรณีไม่สามารถดำเนินการได้)", "รหัส", "cant_process", 9, True, 2),
        Col("reason", "เหตุผล (กรณีไม่สามารถดำเนินการได้)", "ความหมาย", "", 18, False, 2, "left"),
        Col("reason-text", None, "เหตุผลอื่นๆ (ระบุ)", "cant_reason", 20, True, 2, "left"),
        Col("remark", None, "หมายเหตุ", "remark_report", 26, True, 2, "left"),
        Col("entry", None, "การกรอกในระบบ", "", 20, False, 2, "left"),
    )


EPLAN_INPUT_PLAN = "บรรจุไว้ในข้อบัญญัติ/เทศบัญญัติ/แผนการดำเนินงาน"
#: the form's input_plan checkbox: Y ticked, N not
INPUT_PLAN_CODES = {True: ("Y", YES), False: ("N", NO)}
ENTRY_CLOSED = "ไม่ต้องกรอก: รอบ ๖ เดือนรายงานว่าแล้วเสร็จ ระบบปิดการรายงานของปีนี้แล้ว"
ENTRY_NOT_REPORTED = "ยังไม่มีข้อมูล (รอรายงานผล)"


def eplan_report_values(plan: Plan, progress: ProgressFile, year: int, round: int) -> list[dict]:
    """Each project's row of the E-PlanNACC progress sheet of one round (copy-ready values)."""
    rows = []
    for n, r in year_rows(plan, progress, year, round):
        v: dict = {"number": n.number, "name": n.project.name}
        if r is None:
            v["entry"] = ENTRY_NOT_REPORTED
            v["planned"] = int(whole_baht(n.project.amount(year)))
            rows.append(v)
            continue
        code, label = INPUT_PLAN_CODES[r.input_plan]
        v.update({
            "planned": int(whole_baht(r.planned(plan))),
            "ordinance": int(whole_baht(r.budget_ordinance)),
            "disbursed": int(whole_baht(r.disbursed)),
            "input-plan-code": code, "input-plan": label,
            "status-code": r.status.code, "status": r.status.label,
            "reason-code": r.reason.code if r.reason and r.status is Status.CANNOT else "",
            "reason": r.reason.label if r.reason and r.status is Status.CANNOT else "",
            "reason-text": r.reason_text if r.reason is Reason.OTHER and r.status is Status.CANNOT else "",
            "remark": r.remark,
        })
        closing = progress.closing_record(n.project.id, year)
        if closing is not None and closing.round < round:
            v["entry"] = ENTRY_CLOSED
        rows.append(v)
    return rows


def _money_format(plan: Plan, progress: ProgressFile, year: int, round: int, thai: bool) -> str:
    """Whole baht as the plan writes them; two decimals when any amount of the round has satang."""
    amounts = [a for _n, r in year_rows(plan, progress, year, round) if r is not None
               for a in (r.planned(plan), r.budget_ordinance, r.disbursed)]
    return xu.amount_format(thai, max((xu.decimals_of(a) for a in amounts), default=0))


def _lines(items: Sequence[str]) -> str:
    return "\n".join(items)


def _head_row(ws, styles: xu.Styles, planner: xu.HeightPlanner, row: int, columns) -> None:
    for c, (_key, heading, width) in enumerate(columns, start=1):
        cell = ws.cell(row, c)
        xu.put_text(cell, heading)
        styles.apply(cell, bold=True, horizontal="center", vertical="center", fill=xu.HEAD_SHADE)
        planner.text(row, heading, width, bold=True)


def _title_block(ws, styles, planner, plan: Plan, progress: ProgressFile, year: int, round: int,
                 ncols: int, widths: list[float], thai: bool) -> int:
    """Title lines at the top of a sheet; returns the next free row."""
    row = 1
    if progress.illustrative:
        xu.write_title(ws, styles, planner, row, f"[ {SAMPLE_MARK} ] {SAMPLE_NOTE}", ncols, widths)
        row += 1
    xu.write_title(ws, styles, planner, row, report_title(year, round, thai), ncols, widths)
    xu.write_title(ws, styles, planner, row + 1,
                   f"{plan.organization.name} ({fiscal_period(year, round, thai)})", ncols, widths,
                   title=False)
    return row + 3


def _write_projects(ws, plan: Plan, progress: ProgressFile, year: int, round: int,
                    settings: Settings, styles: xu.Styles) -> tuple[int, int]:
    """Sheet 2; returns the first and last project rows."""
    thai = settings.thai_digits
    widths = [w for _k, _h, w in PROJECT_COLUMNS]
    xu.set_widths(ws, widths)
    planner = xu.HeightPlanner(settings)
    head = _title_block(ws, styles, planner, plan, progress, year, round, len(PROJECT_COLUMNS),
                        widths, thai)
    _head_row(ws, styles, planner, head, PROJECT_COLUMNS)
    int_fmt = xu.integer_format(thai)
    money = _money_format(plan, progress, year, round, thai)
    first = row = head + 1
    for n, r in year_rows(plan, progress, year, round):
        p = n.project
        values = {
            "id": p.id, "name": p.name,
            "input_plan": (YES if r.input_plan else NO) if r else "",
            "status": r.status.label if r else NOT_REPORTED,
            "reason": r.reason_label if r and r.status is Status.CANNOT else "",
            "achieved": _lines(r.achieved) if r else "",
            "problems": _lines(r.problems) if r else "",
            "suggestions": _lines(r.suggestions) if r else "",
            "remark": r.remark if r else "",
        }
        for key, text in values.items():
            xu.put_text(ws.cell(row, PCOL[key]), text)
        xu.put_number(ws.cell(row, PCOL["number"]), n.number, int_fmt)
        xu.put_number(ws.cell(row, PCOL["dimension"]), int(p.dimension_code), int_fmt)
        amounts = {"planned": r.planned(plan) if r else p.amount(year),
                   "ordinance": r.budget_ordinance if r else Decimal(0),
                   "disbursed": r.disbursed if r else Decimal(0)}
        for key, value in amounts.items():
            xu.put_number(ws.cell(row, PCOL[key]), value, money)
        for c, (key, _h, width) in enumerate(PROJECT_COLUMNS, start=1):
            centred = key in ("number", "dimension", "input_plan", "status")
            right = key in amounts
            styles.apply(ws.cell(row, c), horizontal="center" if centred else ("right" if right else "left"))
            value = ws.cell(row, c).value
            if isinstance(value, str) and value:
                planner.text(row, value, width)
        row += 1
    last = row - 1
    # total row: SUM formulas under the amounts
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=PCOL["name"])
    xu.put_text(ws.cell(row, 1), f"{phrases.GRAND_TOTAL}")
    for key in ("planned", "ordinance", "disbursed"):
        c = PCOL[key]
        xu.put_formula(ws.cell(row, c), f"=SUM({xu.range_ref(c, first, c, last)})", money)
    for c in range(1, len(PROJECT_COLUMNS) + 1):
        styles.apply(ws.cell(row, c), bold=True, horizontal="center" if c <= PCOL["name"] else "right",
                     fill=xu.SHADE)
    planner.need(row, xu.line_height(settings) + 2)
    planner.apply(ws)
    # an illustrative report repeats its sample line with the column heads on every printed page
    titles = (1, head) if progress.illustrative else (head, head)
    xu.page_setup(ws, settings, landscape=True, title_rows=titles, freeze=f"E{first}")
    return first, last


def _write_summary(ws, plan: Plan, progress: ProgressFile, year: int, round: int,
                   settings: Settings, styles: xu.Styles, first: int, last: int) -> None:
    thai = settings.thai_digits
    widths = [w for _k, _h, w in SUMMARY_COLUMNS]
    xu.set_widths(ws, widths)
    planner = xu.HeightPlanner(settings)
    head = _title_block(ws, styles, planner, plan, progress, year, round, len(SUMMARY_COLUMNS),
                        widths, thai)
    _head_row(ws, styles, planner, head, SUMMARY_COLUMNS)

    count_fmt = xu.number_format(thai)
    money = _money_format(plan, progress, year, round, thai)
    pct_fmt = xu.number_format(thai, decimals=2)
    first_dim = head + 1
    row = _summary_dimension_rows(ws, plan, thai, first_dim, first, last, money, count_fmt)
    last_dim = row - 1
    xu.put_text(ws.cell(row, SCOL["dimension"]), phrases.GRAND_TOTAL)
    for key in ("planned_n", "done", "in_progress", "cannot", "not_reported", "planned",
                "ordinance", "disbursed"):
        c = SCOL[key]
        fmt = money if key in ("planned", "ordinance", "disbursed") else count_fmt
        xu.put_formula(ws.cell(row, c), f"=SUM({xu.range_ref(c, first_dim, c, last_dim)})", fmt)
    total = row
    for r in range(first_dim, total + 1):
        o = xu.ref(SCOL["ordinance"], r)
        d = xu.ref(SCOL["disbursed"], r)
        xu.put_formula(ws.cell(r, SCOL["percent"]), f"=IF({o}=0,0,ROUND({d}/{o}*100,2))", pct_fmt)
        for c, (key, _h, width) in enumerate(SUMMARY_COLUMNS, start=1):
            styles.apply(ws.cell(r, c), bold=(r == total),
                         horizontal="left" if key == "dimension" and r != total else
                         ("center" if key == "dimension" else "right"),
                         fill=xu.SHADE if r == total else None)
        planner.text(r, str(ws.cell(r, 1).value or ""), widths[0], bold=(r == total))
    _write_charts(ws, plan, settings, styles, planner, total + 2, first_dim)
    planner.apply(ws)
    xu.page_setup(ws, settings, landscape=True, title_rows=None)


def _summary_dimension_rows(ws, plan: Plan, thai: bool, row: int, first: int, last: int,
                            money: str, count_fmt: str) -> int:
    """One row per dimension from ``row``: counts by status and budgets, as formulas over the
    projects sheet's rows ``first``..``last``; returns the row after them."""
    def col_range(key: str) -> str:
        c = PCOL[key]
        return f"'{PROJECT_SHEET}'!{xu.range_ref(c, first, c, last, absolute=True)}"

    dims = col_range("dimension")
    status = col_range("status")
    for dim in plan.framework.dimensions():
        code = int(dim.code)
        xu.put_text(ws.cell(row, SCOL["dimension"]), phrases.dimension_heading(dim.code, dim.title, thai))

        def count_if(*statuses: str) -> str:
            return "+".join(f'COUNTIFS({dims},{code},{status},"{s}")' for s in statuses)

        formulas = {
            "planned_n": f"=COUNTIF({dims},{code})",
            "done": "=" + count_if(Status.DONE.label),
            "in_progress": "=" + count_if(Status.IN_PROGRESS.label),
            "cannot": "=" + count_if(Status.CANNOT.label),
            "not_reported": "=" + count_if(NOT_REPORTED),
            "planned": f"=SUMIF({dims},{code},{col_range('planned')})",
            "ordinance": f"=SUMIF({dims},{code},{col_range('ordinance')})",
            "disbursed": f"=SUMIF({dims},{code},{col_range('disbursed')})",
        }
        for key, formula in formulas.items():
            fmt = money if key in ("planned", "ordinance", "disbursed") else count_fmt
            xu.put_formula(ws.cell(row, SCOL[key]), formula, fmt)
        row += 1
    return row


#: the chart data block: (heading, summary column it copies, which chart)
CHART_COLUMNS = (
    ("ดำเนินการแล้วเสร็จ", "done", "count"),
    ("อยู่ระหว่างดำเนินการ", "in_progress", "count"),
    (Status.CANNOT.label, "cannot", "count"),
    ("ตามแผน", "planned", "budget"),
    ("ตามข้อบัญญัติ/เทศบัญญัติ", "ordinance", "budget"),
    ("เบิกจ่าย", "disbursed", "budget"),
)
CHART_DATA_HEAD = "ข้อมูลแผนภูมิ"


def _write_charts(ws, plan: Plan, settings: Settings, styles: xu.Styles, planner: xu.HeightPlanner,
                  top: int, first_dim: int) -> None:
    """Short-labelled chart data (formulas over the summary rows) and two native bar charts:
    projects by status and budget by stage, per dimension, on a page of their own."""
    thai = settings.thai_digits
    ws.row_breaks.append(Break(id=top - 1))
    dims = plan.framework.dimensions()
    xu.put_text(ws.cell(top, 1), CHART_DATA_HEAD)
    xu.style_range(ws, styles, top, 1, top, 1, bold=True, border=False)
    hr = top + 1
    xu.put_text(ws.cell(hr, 1), "มิติ")
    for k, (heading, _key, _chart) in enumerate(CHART_COLUMNS, start=2):
        xu.put_text(ws.cell(hr, k), heading)
    xu.style_range(ws, styles, hr, 1, hr, 1 + len(CHART_COLUMNS), bold=True, horizontal="center",
                   vertical="center", fill=xu.HEAD_SHADE)
    for k, (heading, _key, _chart) in enumerate(CHART_COLUMNS, start=2):
        planner.text(hr, heading, SUMMARY_COLUMNS[k - 1][2] * 0.85, bold=True)  # wraps unevenly
    planner.need(top, xu.line_height(settings) + 2)
    count_fmt = xu.number_format(thai)
    money = xu.amount_format(thai)
    for i, dim in enumerate(dims):
        r = hr + 1 + i
        xu.put_text(ws.cell(r, 1), dimension_label(dim.code, thai))
        for k, (_h, key, chart) in enumerate(CHART_COLUMNS, start=2):
            xu.put_formula(ws.cell(r, k), "=" + xu.ref(SCOL[key], first_dim + i),
                           count_fmt if chart == "count" else money)
        xu.style_range(ws, styles, r, 1, r, 1 + len(CHART_COLUMNS), horizontal="center")
        planner.need(r, xu.line_height(settings) + 2)
    last = hr + len(dims)
    cats = Reference(ws, min_col=1, min_row=hr + 1, max_row=last)
    # side by side below the data: the first under column A, the second from column E
    for chart, title, label, first_col, anchor in (
            ("count", CHART_COUNT_TITLE, CHART_COUNT_LABEL, 2, f"A{last + 2}"),
            ("budget", CHART_BUDGET_TITLE, CHART_BUDGET_LABEL, 5, f"E{last + 2}")):
        data = Reference(ws, min_col=first_col, max_col=first_col + 2, min_row=hr, max_row=last)
        bar = xu.bar_chart(settings, data, cats, title=title, value_label=label,
                           number_format=count_fmt if chart == "count" else money,
                           width=13.5, height=9, title_scale=1.0)
        ws.add_chart(bar, anchor)


def report_workbook(plan: Plan, progress: ProgressFile, year: int, round: int,
                    settings: Settings = DEFAULT) -> bytes:
    """The report of one fiscal year and round as .xlsx bytes (deterministic)."""
    progress = progress.resolved(plan)
    styles = xu.Styles(settings)
    wb = Workbook()
    summary = wb.active
    summary.title = SUMMARY_SHEET
    projects = wb.create_sheet(PROJECT_SHEET)
    first, last = _write_projects(projects, plan, progress, year, round, settings, styles)
    _write_summary(summary, plan, progress, year, round, settings, styles, first, last)
    title = report_title(year, round, settings.thai_digits)
    date = progress.report_date(year, round) or tt.fiscal_year_bounds(year)[1]
    xu.set_properties(wb, title=(f"{SAMPLE_MARK} " if progress.illustrative else "") + title,
                      creator=plan.organization.name, date=date, subject=title,
                      keywords="E-PlanNACC; ITA" + ("; ตัวอย่าง" if progress.illustrative else ""))
    return xu.save(wb)


# =========================================================================== E-PlanNACC workbook

def round_sheet_title(round: int, thai: bool) -> str:
    return f"รายงานผล รอบ {tt.digits(round, thai)} เดือน"


def eplan_workbook(plan: Plan, progress: ProgressFile | None, year: int,
                   settings: Settings = DEFAULT) -> bytes:
    """The project sheet of the budget workbook, then one sheet per reported round of ``year``
    with one row per project in the E-PlanNACC progress form's order."""
    from antong_reports.render.xlsx import EPLAN_SHEET, write_copy_sheets, write_eplan_sheet

    thai = settings.thai_digits
    styles = xu.Styles(settings)
    wb = Workbook()
    ws = wb.active
    ws.title = EPLAN_SHEET
    write_eplan_sheet(ws, plan, settings, styles)
    rounds = []
    if progress is not None:
        progress = progress.resolved(plan)
        rounds = [r for y, r in progress.rounds() if y == year]
    for rnd in rounds:
        name = round_sheet_title(rnd, thai)
        sheet = wb.create_sheet(name)
        lines = [(f"{plan.organization.name} ({fiscal_period(year, rnd, thai)})", False)]
        if progress.illustrative:
            lines.insert(0, (f"[ {SAMPLE_MARK} ] {SAMPLE_NOTE}", False))
        write_copy_sheets(sheet, settings, styles,
                          f"ข้อมูลสำหรับรายงานผลในระบบ E-PlanNACC {report_title(year, rnd, thai)}",
                          eplan_report_columns(), eplan_report_values(plan, progress, year, rnd),
                          {1: (name, "งบประมาณ การบรรจุในข้อบัญญัติ สถานะ"),
                           2: (f"{name} เหตุผล", "เหตุผล หมายเหตุ")}, title_lines=lines)
    xu.set_properties(wb, title=f"E-PlanNACC {plan.organization.name} {tt.digits(year, thai)}",
                      creator=plan.organization.name, date=plan.date, keywords="E-PlanNACC")
    return xu.save(wb)
