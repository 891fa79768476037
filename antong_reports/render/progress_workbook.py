"""The progress workbook template officers fill in (writing; the layout lives in sources.progress_workbook)."""

from __future__ import annotations

from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from antong_reports.common.errors import AntongError
from antong_reports.common.settings import Settings
from antong_reports.model.plan import Plan
from antong_reports.model.progress import Person, ProgressFile, Reason, Status
from antong_reports.render import xlsxutil as xu
from antong_reports.sources.progress_workbook import (COL, COLUMNS, FIRST_DATA_ROW, FORMAT_MARK,
                                                      HEADER_ROW, INFO, INFO_LABEL_COL, INFO_ROW,
                                                      INFO_VALUE_COL, LINES_FIELDS, NO, SHEET, YES,
                                                      round_title)


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
    pf = progress.select(year, round) if progress is not None else None
    w = _TemplateWriter(plan, year, round, settings, pf)
    w.titles()
    w.particulars()
    w.layout_mark()
    w.header()
    last = w.project_rows()
    w.dropdowns(last)
    return w.finish()


class _TemplateWriter:
    """Writes the template's one sheet top to bottom (the order fixes the bytes: keep it)."""

    def __init__(self, plan: Plan, year: int, round: int, settings: Settings,
                 pf: ProgressFile | None) -> None:
        self.plan, self.year, self.round, self.settings, self.pf = plan, year, round, settings, pf
        self.thai = settings.thai_digits
        self.styles = xu.Styles(settings)
        self.heights = xu.HeightPlanner(settings)
        self.unlocked = Protection(locked=False)
        self.wb = Workbook()
        self.ws = self.wb.active
        self.ws.title = SHEET
        self.ncols = len(COLUMNS)
        xu.set_widths(self.ws, [w for _k, _h, w, _i in COLUMNS])

    def merged_text(self, row: int, text: str, *, bold: bool = False, title: bool = False) -> None:
        ws, styles = self.ws, self.styles
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=self.ncols)
        xu.put_text(ws.cell(row, 1), text)
        xu.style_range(ws, styles, row, 1, row, self.ncols, bold=bold, title=title, horizontal="center",
                       border=False)
        self.heights.need(row, xu.line_height(self.settings, styles.title.sz if title else None) + 4)

    def titles(self) -> None:
        self.merged_text(1, "แบบรายงานผลการดำเนินการตามแผนปฏิบัติการป้องกันการทุจริต", title=True)
        self.merged_text(2, f"{self.plan.organization.name} {round_title(self.year, self.round, self.thai)}",
                         bold=True)

    def particular_values(self) -> dict[str, Any]:
        plan, pf = self.plan, self.pf
        reporter = pf.reporter if pf else Person()
        executive = pf.executive if pf else Person(plan.organization.executive_name,
                                                   plan.organization.executive_title)
        return {
            "plan": plan.slug, "year": self.year, "round": self.round,
            "illustrative": YES if (pf and pf.illustrative) else NO,
            "reporter_name": reporter.name, "reporter_title": reporter.title,
            "executive_name": executive.name, "executive_title": executive.title,
            "date": pf.report_date(self.year, self.round) if pf else None,
        }

    def particulars(self) -> None:
        ws, styles = self.ws, self.styles
        values = self.particular_values()
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
                xu.put_number(cell, value, xu.integer_format(self.thai))
                cell.alignment = styles.align("left")
            elif key == "date":
                cell.value = value
                cell.number_format = "[$-D07041E]d mmmm yyyy" if self.thai else "d/m/yyyy"
            else:
                xu.put_text(cell, value)
            if is_input:
                for c in range(INFO_VALUE_COL, INFO_VALUE_COL + 3):
                    ws.cell(r, c).protection = self.unlocked
            self.heights.need(r, xu.line_height(self.settings) + 2)

    def layout_mark(self) -> None:
        """The layout mark sits in a hidden column so the reader can recognise the template."""
        mark = self.ws.cell(1, self.ncols + 2)
        xu.put_text(mark, FORMAT_MARK)
        self.ws.column_dimensions[get_column_letter(self.ncols + 2)].hidden = True

    def header(self) -> None:
        for c, (key, heading, width, _inp) in enumerate(COLUMNS, start=1):
            cell = self.ws.cell(HEADER_ROW, c)
            xu.put_text(cell, heading)
            self.styles.apply(cell, bold=True, horizontal="center", vertical="center", fill=xu.HEAD_SHADE)
            self.heights.text(HEADER_ROW, heading, width, bold=True)

    def project_rows(self) -> int:
        """One row per project of the year; returns the last row written."""
        row = FIRST_DATA_ROW
        for n in self.plan.projects_of_year(self.year):
            self.project_row(row, n)
            row += 1
        return row - 1

    def project_row(self, row: int, n) -> None:
        ws, thai, pf = self.ws, self.thai, self.pf
        p = n.project
        rec = pf.record(p.id, self.year, self.round) if pf else None
        planned = rec.planned(self.plan) if rec else p.amount(self.year)
        fmt_int = xu.integer_format(thai)
        xu.put_number(ws.cell(row, COL["number"]), n.number, fmt_int)
        xu.put_text(ws.cell(row, COL["id"]), p.id)
        xu.put_text(ws.cell(row, COL["name"]), p.name)
        xu.put_number(ws.cell(row, COL["dimension"]), int(p.dimension_code), fmt_int)
        xu.put_number(ws.cell(row, COL["budget_local_plan"]), planned,
                      xu.amount_format(thai, xu.decimals_of(planned)))
        if rec is not None:
            self.record_values(row, rec)
        self.style_row(row)

    def record_values(self, row: int, rec) -> None:
        """The values reported beforehand, in the input cells."""
        ws = self.ws
        fmt = xu.number_format(self.thai, decimals=2)
        xu.put_number(ws.cell(row, COL["budget_ordinance"]), rec.budget_ordinance, fmt)
        xu.put_number(ws.cell(row, COL["disbursed"]), rec.disbursed, fmt)
        xu.put_text(ws.cell(row, COL["input_plan"]), YES if rec.input_plan else NO)
        xu.put_text(ws.cell(row, COL["status"]), rec.status.coded)
        xu.put_text(ws.cell(row, COL["reason"]), rec.reason.coded if rec.reason else "")
        xu.put_text(ws.cell(row, COL["reason_text"]), rec.reason_text)
        for key in LINES_FIELDS:
            xu.put_text(ws.cell(row, COL[key]), "\n".join(getattr(rec, key)))
        xu.put_text(ws.cell(row, COL["remark"]), rec.remark)

    def style_row(self, row: int) -> None:
        fmt = xu.number_format(self.thai, decimals=2)
        for c, (key, _h, width, is_input) in enumerate(COLUMNS, start=1):
            cell = self.ws.cell(row, c)
            numeric = key in ("number", "dimension", "budget_local_plan", "budget_ordinance", "disbursed")
            centred = key in ("number", "dimension", "input_plan")
            self.styles.apply(cell, horizontal="right" if numeric and not centred else
                              ("center" if centred else "left"),
                              fill=None if is_input else xu.SHADE)
            if key in ("budget_ordinance", "disbursed"):
                cell.number_format = fmt
            if is_input:
                cell.protection = self.unlocked
            text = cell.value if isinstance(cell.value, str) else ""
            self.heights.text(row, text, width)

    def dropdowns(self, last: int) -> None:
        """Lists for the choices, a yes/no for the sample flag and amounts of zero or more."""
        ws = self.ws

        def dropdown(values_: tuple[str, ...], col: int, title: str) -> None:
            if last < FIRST_DATA_ROW:
                return
            dv = DataValidation(type="list", formula1='"' + ",".join(values_) + '"', allow_blank=True,
                                showDropDown=False, showErrorMessage=True, errorTitle=title,
                                error="เลือกจากรายการ: " + " / ".join(values_))
            letter = get_column_letter(col)
            dv.add(f"{letter}{FIRST_DATA_ROW}:{letter}{last}")
            ws.add_data_validation(dv)

        dropdown((YES, NO), COL["input_plan"], "บรรจุในข้อบัญญัติ")
        dropdown(tuple(s.coded for s in Status), COL["status"], "สถานะ")
        dropdown(tuple(r.coded for r in Reason), COL["reason"], "เหตุผล")
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

    def finish(self) -> bytes:
        """Row heights, sheet protection, page setup and properties; the bytes."""
        ws, plan, pf, year, round = self.ws, self.plan, self.pf, self.year, self.round
        self.heights.apply(ws)
        ws.protection.sheet = True
        ws.protection.formatColumns = False  # officers may widen columns and rows
        ws.protection.formatRows = False
        xu.page_setup(ws, self.settings, landscape=True, title_rows=(HEADER_ROW, HEADER_ROW),
                      freeze=f"D{FIRST_DATA_ROW}")
        date = pf.report_date(year, round) if pf and pf.report_date(year, round) else plan.date
        xu.set_properties(self.wb, title=f"แบบรายงานผล {round_title(year, round, self.thai)}",
                          creator=plan.organization.name, date=date)
        return xu.save(self.wb)


def template_file_name(plan: Plan, year: int, round: int) -> str:
    return f"{plan.slug}-progress-{year}-r{round}.xlsx"


