"""The plan workbook officers fill in (writing; the layout and the reader live in
:mod:`antong_reports.sources.plan_workbook`).

:func:`plan_workbook` writes the whole plan, or with no plan an empty workbook with one example row
per sheet (column A says ``ตัวอย่าง``; the reader skips such rows). What Excel is good at is used:
drop-downs for every fixed choice (kinds, framework codes with their titles, risk levels, project
references from the projects sheet), amounts as numbers shown in Thai digits, a live total per
fiscal year above the projects, project names looked up next to project references, frozen
headings, widths and wrapping for Thai, print setup, and sheet protection without a password that
locks headings and totals but leaves rows free to insert, delete and fill in.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterable

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from antong_reports.common.settings import Settings
from antong_reports.model.plan import Plan, Step, TargetCategory
from antong_reports.render import xlsxutil as xu
from antong_reports.sources import plan_workbook as L
from antong_reports.thai import text as tt

UNLOCKED = Protection(locked=False)
LOCKED = Protection(locked=True)
EXAMPLE_FILL = PatternFill("solid", fgColor="FFF2CC")
INPUT_FILL = None
DEFAULT_YEARS = (2566, 2567, 2568, 2569, 2570)


def file_name(plan: Plan | None) -> str:
    return f"{plan.slug}-plan-workbook.xlsx" if plan is not None else "plan-workbook.xlsx"


def plan_workbook(plan: Plan | None = None, settings: Settings | None = None) -> bytes:
    """The plan workbook as .xlsx bytes (deterministic); ``plan=None``: the empty template."""
    return _Writer(plan, settings or Settings()).write()


class _Sheet:
    """One table sheet being written: its worksheet, columns and row heights."""

    def __init__(self, w: "_Writer", title: str, columns: list[L.Col], header_row: int,
                 first_row: int, heading: str, hint: str):
        self.w = w
        self.ws: Worksheet = w.wb.create_sheet(title)
        self.title = title
        self.columns = columns
        self.header_row = header_row
        self.first_row = first_row
        self.heights = xu.HeightPlanner(w.settings)
        self.last_row = first_row - 1
        xu.set_widths(self.ws, [c.width for c in columns])
        n = len(columns)
        w.banner(self.ws, self.heights, 1, heading, n, title=True)
        w.banner(self.ws, self.heights, 2, hint, n, title=False)
        self.column_styles()

    def col(self, key: str) -> int:
        for i, c in enumerate(self.columns, start=1):
            if c.key == key:
                return i
        raise KeyError(key)

    def column_styles(self) -> None:
        """Cells typed below the prepared rows are unlocked and keep text as text, amounts as
        numbers in Thai digits."""
        for i, c in enumerate(self.columns, start=1):
            dim = self.ws.column_dimensions[get_column_letter(i)]
            dim.protection = UNLOCKED
            dim.font = self.w.styles.font
            dim.alignment = self.w.styles.align("left")
            if c.kind == "amount":
                dim.number_format = self.w.amount_fmt
            elif c.kind in ("text", "list", "choice"):
                dim.number_format = "@"

    def headings(self, row: int | None = None, columns: Iterable[tuple[int, L.Col]] | None = None,
                 rotate: Iterable[int] = ()) -> None:
        row = row or self.header_row
        rotate = set(rotate)
        for c, spec in (columns or enumerate(self.columns, start=1)):
            cell = self.ws.cell(row, c)
            xu.put_text(cell, spec.heading)
            self.w.styles.apply(cell, bold=True, horizontal="center", vertical="center",
                                fill=xu.HEAD_SHADE)
            cell.protection = LOCKED
            if c in rotate:
                cell.alignment = Alignment(horizontal="center", vertical="bottom", wrap_text=True,
                                           text_rotation=90)
                self.heights.need(row, min(150, 4 + 8.5 * len(spec.heading)))
            else:
                self.heights.text(row, spec.heading, spec.width, bold=True)

    def put(self, row: int, key: str | int, value: Any, *, example: bool = False) -> None:
        c = key if isinstance(key, int) else self.col(key)
        spec = self.columns[c - 1] if c <= len(self.columns) else None
        cell = self.ws.cell(row, c)
        kind = spec.kind if spec else "text"
        if value is None or value == "":
            cell.value = None
        elif kind in ("amount",):
            xu.put_number(cell, value, self.w.amount_format(value))
        elif kind in ("int", "number") and isinstance(value, (int, Decimal)):
            xu.put_number(cell, value, xu.integer_format(self.w.thai))
        else:
            xu.put_text(cell, str(value))
            if spec is not None and spec.width:
                self.heights.text(row, str(value), spec.width)
        self.last_row = max(self.last_row, row)

    def style_rows(self, last_data_row: int, examples: Iterable[int] = ()) -> int:
        """Borders, wrap, number formats and unlocked cells on the data rows and spare rows
        below them; returns the last prepared row."""
        examples = set(examples)
        last = max(last_data_row, self.first_row - 1) + L.SPARE_ROWS
        styles = self.w.styles
        unlocked = self.w.style_id("protection", UNLOCKED)
        text_fmt = self.w.style_id("number_format", "@")
        amount_fmt = self.w.style_id("number_format", self.w.amount_fmt)
        for r in range(self.first_row, last + 1):
            for c, spec in enumerate(self.columns, start=1):
                cell = self.ws.cell(r, c)
                centred = spec.kind in ("check", "number", "int") or spec.key in ("level", "kind",
                                                                                    "style")
                horizontal = "right" if spec.kind == "amount" or spec.key == "total" else ("center" if centred else "left")
                fill = EXAMPLE_FILL if r in examples else (xu.SHADE if spec.kind == "display" else None)
                styles.apply(cell, horizontal=horizontal, fill=fill)
                style = cell._style
                style.protectionId = unlocked
                if spec.kind == "amount" and cell.value is None:
                    style.numFmtId = amount_fmt
                elif spec.kind in ("text", "list", "choice"):
                    style.numFmtId = text_fmt
                if r in examples and c == 1:
                    cell.font = Font(name=self.w.settings.font, size=self.w.settings.size,
                                     italic=True, color="7F6000")
        return last

    def dropdown(self, key: str | int, source: str | Iterable[str], title: str, *,
                 strict: bool = True, first_row: int | None = None) -> None:
        c = key if isinstance(key, int) else self.col(key)
        letter = get_column_letter(c)
        if isinstance(source, str):
            formula = source
            shown = "รายการ"
        else:
            values = list(source)
            formula = '"' + ",".join(values) + '"'
            shown = " / ".join(values)
        dv = DataValidation(type="list", formula1=formula, allow_blank=True, showDropDown=False,
                            showErrorMessage=True, errorTitle=title,
                            errorStyle="stop" if strict else "warning",
                            error=f"เลือกจาก{shown[:200]} / choose from the list",
                            promptTitle=title[:32], showInputMessage=False)
        dv.add(f"{letter}{first_row or self.first_row}:{letter}{L.LAST_ROW}")
        self.ws.add_data_validation(dv)

    def number_rule(self, key: str | int, kind: str, low: int = 0, high: int | None = None,
                    message: str = "") -> None:
        c = key if isinstance(key, int) else self.col(key)
        letter = get_column_letter(c)
        if high is None:
            dv = DataValidation(type=kind, operator="greaterThanOrEqual", formula1=str(low))
        else:
            dv = DataValidation(type=kind, operator="between", formula1=str(low), formula2=str(high))
        dv.allow_blank = True
        dv.showErrorMessage = True
        dv.errorTitle = "ตัวเลข"
        dv.error = message
        dv.add(f"{letter}{self.first_row}:{letter}{L.LAST_ROW}")
        self.ws.add_data_validation(dv)

    def lookup(self, source_col: int, target_col: int, last: int) -> None:
        """A formula showing the project name of the id in ``source_col`` (not read back)."""
        rng = f"'{L.PROJECTS}'!$B${L.PROJECT_FIRST_ROW}:$D${L.LAST_ROW}"
        for r in range(self.first_row, last + 1):
            ref = xu.ref(source_col, r)
            xu.put_formula(self.ws.cell(r, target_col),
                           f'=IF({ref}="","",IFERROR(VLOOKUP({ref},{rng},3,FALSE),'
                           f'"ไม่พบรหัสนี้ในแผ่นงาน{L.PROJECTS}"))')

    def finish(self, freeze: str, title_rows: tuple[int, int] | None = None,
               landscape: bool = True) -> None:
        self.heights.apply(self.ws)
        self.w.protect(self.ws)
        xu.page_setup(self.ws, self.w.settings, landscape=landscape,
                      title_rows=title_rows or (self.header_row, self.header_row), freeze=freeze)
        # the filled rows print, not the prepared empty ones below them
        last = max(self.last_row, self.header_row)
        self.ws.print_area = f"A1:{get_column_letter(len(self.columns))}{last}"


class _Writer:
    def __init__(self, plan: Plan | None, settings: Settings):
        self.plan = plan
        self.settings = settings
        self.thai = settings.thai_digits
        self.styles = xu.Styles(settings)
        self.amount_fmt = xu.amount_format(self.thai, 0)
        self.years = tuple(plan.years) if plan is not None else DEFAULT_YEARS
        self.wb = Workbook()
        self.wb.remove(self.wb.active)
        self._ids: dict[tuple[str, Any], int] = {}

    def style_id(self, kind: str, obj: Any) -> int:
        """The workbook's index of a protection or number format, looked up once."""
        key = (kind, obj if isinstance(obj, str) else id(obj))
        idx = self._ids.get(key)
        if idx is None:
            if kind == "protection":
                idx = self.wb._protections.add(obj)
            else:
                from openpyxl.styles.numbers import BUILTIN_FORMATS_REVERSE

                idx = BUILTIN_FORMATS_REVERSE.get(obj)
                if idx is None:
                    idx = self.wb._number_formats.add(obj) + 164
            self._ids[key] = idx
        return idx

    def amount_format(self, value: Decimal | int) -> str:
        return xu.amount_format(self.thai, xu.decimals_of(value))

    def digits(self, value: object) -> str:
        return tt.digits(str(value), self.thai)

    def banner(self, ws: Worksheet, heights: xu.HeightPlanner, row: int, text: str, ncols: int, *,
               title: bool) -> None:
        cell = ws.cell(row, 1)
        xu.put_text(cell, text)
        if ncols > 1:
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
        for c in range(1, ncols + 1):
            self.styles.apply(ws.cell(row, c), bold=title, title=title, horizontal="left",
                              vertical="center", border=False)
        width = sum(ws.column_dimensions[get_column_letter(c)].width or 9 for c in range(1, ncols + 1))
        heights.text(row, text, width, bold=title,
                     size=self.styles.title.size if title else None)

    def protect(self, ws: Worksheet) -> None:
        """Headings and totals locked, without a password; rows may be inserted, deleted and
        formatted, columns widened."""
        p = ws.protection
        p.sheet = True
        p.insertRows = False
        p.deleteRows = False
        p.formatRows = False
        p.formatColumns = False
        p.formatCells = False
        p.sort = False
        p.autoFilter = False
        p.selectLockedCells = False
        p.selectUnlockedCells = False

    # ------------------------------------------------------------------ the whole workbook

    def write(self) -> bytes:
        self.instructions()
        self.info()
        self.preface()
        self.risks()
        self.part1()
        self.targets()
        self.projects()
        self.details()
        self.sub_items()
        self.framework()
        plan = self.plan
        if plan is not None:
            xu.set_properties(self.wb, title=f"{plan.title} (สมุดงานแผน)",
                              creator=plan.organization.name, date=plan.date)
        else:
            import datetime as _dt

            xu.set_properties(self.wb, title="สมุดงานแผน (แบบว่าง) / plan workbook (empty)",
                              creator="antong-reports", date=_dt.date(2022, 9, 1))
        return xu.save(self.wb)

    # ------------------------------------------------------------------ คำแนะนำ

    def instructions(self) -> None:
        ws = self.wb.create_sheet(L.INSTRUCTIONS)
        heights = xu.HeightPlanner(self.settings)
        width = 76  # A4 portrait between the margins (LibreOffice does not shrink this sheet)
        xu.set_widths(ws, [width])
        lines = _instruction_lines()
        for r, (text, bold) in enumerate(lines, start=1):
            cell = ws.cell(r, 1)
            xu.put_text(cell, text)
            self.styles.apply(cell, bold=bold, title=r == 1, border=False)
            heights.text(r, text, width, bold=bold, size=self.styles.title.size if r == 1 else None)
        mark = ws.cell(*L.MARK_CELL)
        xu.put_text(mark, L.FORMAT_MARK)
        ws.column_dimensions[get_column_letter(L.MARK_CELL[1])].hidden = True
        heights.apply(ws)
        self.protect(ws)
        xu.page_setup(ws, self.settings, landscape=False)
        ws.print_area = f"A1:A{len(lines)}"

    # ------------------------------------------------------------------ ข้อมูลแผน

    def info(self) -> None:
        ws = self.wb.create_sheet(L.INFO)
        heights = xu.HeightPlanner(self.settings)
        widths = [34, 60, 60]
        xu.set_widths(ws, widths)
        self.banner(ws, heights, 1, "ข้อมูลแผน / The plan's particulars", 3, title=True)
        self.banner(ws, heights, 2, "กรอกในคอลัมน์ B / fill in column B", 3, title=False)
        head = L.INFO_FIRST_ROW - 1
        for c, text in enumerate(("หัวข้อ", "ข้อมูล", "คำอธิบาย"), start=1):
            cell = ws.cell(head, c)
            xu.put_text(cell, text)
            self.styles.apply(cell, bold=True, horizontal="center", fill=xu.HEAD_SHADE)
        plan = self.plan
        values: dict[str, Any] = {}
        if plan is not None:
            org = plan.organization
            values = {
                "slug": plan.slug, "title": plan.title, "organization.name": org.name,
                "organization.kind": org.kind.value, "organization.district": org.district,
                "organization.province": org.province, "organization.address": org.address,
                "organization.executive_name": org.executive_name,
                "organization.executive_title": org.executive_title,
                "first_year": plan.first_year, "last_year": plan.last_year,
                "signed_place": plan.signed_place,
                "signed_month": (tt.MONTHS_FULL[plan.signed_month - 1]
                                 if 1 <= plan.signed_month <= 12 else plan.signed_month),
                "signed_year": plan.signed_year or None,
            }
        else:
            values = {"first_year": self.years[0], "last_year": self.years[-1]}
        for k, (key, label, hint) in enumerate(L.INFO_ROWS):
            r = L.INFO_FIRST_ROW + k
            xu.put_text(ws.cell(r, 1), label)
            self.styles.apply(ws.cell(r, 1), bold=True, fill=xu.SHADE)
            vcell = ws.cell(r, 2)
            value = values.get(key)
            if isinstance(value, int):
                xu.put_number(vcell, value, xu.integer_format(self.thai))
            else:
                xu.put_text(vcell, value)
                vcell.number_format = "@"
            self.styles.apply(vcell, horizontal="left")
            vcell.protection = UNLOCKED
            xu.put_text(ws.cell(r, 3), hint)
            self.styles.apply(ws.cell(r, 3), fill=xu.SHADE)
            heights.text(r, hint, widths[2])
            heights.text(r, str(value or ""), widths[1])
            if key == "organization.kind":
                self._info_list(ws, r, [k.value for k in plan_kinds()], "ประเภทองค์กร")
            elif key == "signed_month":
                self._info_list(ws, r, list(tt.MONTHS_FULL), "เดือน")
            elif key in L.INFO_NUMBERS:
                dv = DataValidation(type="whole", operator="between", formula1="2400", formula2="2800",
                                    allow_blank=True, showErrorMessage=True, errorTitle="ปี พ.ศ.",
                                    error="พิมพ์ปี พ.ศ. เช่น 2566 / type a Buddhist-era year")
                dv.add(f"B{r}")
                ws.add_data_validation(dv)
        heights.apply(ws)
        self.protect(ws)
        xu.page_setup(ws, self.settings, landscape=True, freeze=f"A{L.INFO_FIRST_ROW}")

    def _info_list(self, ws: Worksheet, r: int, values: list[str], title: str) -> None:
        dv = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True,
                            showErrorMessage=True, errorTitle=title,
                            error="เลือกจากรายการ / choose from the list")
        dv.add(f"B{r}")
        ws.add_data_validation(dv)

    # ------------------------------------------------------------------ คำนำ, ส่วนที่ ๑

    def _numbered(self, sh: _Sheet, r: int, n: int, example: bool) -> None:
        if example:
            sh.put(r, 1, L.EXAMPLE)
        else:
            sh.put(r, 1, n)

    def preface(self) -> None:
        lay = L.PREFACE_LAYOUT
        sh = _Sheet(self, lay.sheet, list(lay.columns), lay.header_row, lay.first_row,
                    "คำนำ / Preface",
                    "หนึ่งแถวต่อหนึ่งย่อหน้า ตามลำดับ; เลือกตำแหน่งก่อนหรือหลังคำอธิบายส่วนของแผนที่โปรแกรมเขียนให้ / "
                    "one paragraph a row, in order")
        sh.headings()
        rows: list[tuple[str, str]] = []
        examples = []
        if self.plan is not None:
            rows = [(L.PREFACE_BEFORE, t) for t in self.plan.preface] + \
                   [(L.PREFACE_AFTER, t) for t in self.plan.preface_closing]
        else:
            rows = [(L.PREFACE_BEFORE, "เทศบาลตำบลตัวอย่างได้จัดทำแผนปฏิบัติการป้องกันการทุจริตเพื่อยกระดับ"
                                       "คุณธรรมและความโปร่งใส เพื่อใช้เป็นกรอบแนวทางในการดำเนินการ")]
            examples = [lay.first_row]
        for k, (position, text) in enumerate(rows):
            r = lay.first_row + k
            self._numbered(sh, r, k + 1, bool(examples))
            sh.put(r, "position", position)
            sh.put(r, "text", text)
        last = sh.style_rows(lay.first_row + len(rows) - 1, examples)
        sh.dropdown("position", (L.PREFACE_BEFORE, L.PREFACE_AFTER), "ตำแหน่ง")
        sh.finish(f"A{lay.first_row}")
        del last

    def part1(self) -> None:
        lay = L.PART1_LAYOUT
        sh = _Sheet(self, lay.sheet, list(lay.columns), lay.header_row, lay.first_row,
                    "ส่วนที่ ๑ บทนำ: หลักการและเหตุผล วัตถุประสงค์ เป้าหมาย ประโยชน์ / Part 1",
                    "หนึ่งแถวต่อหนึ่งย่อหน้าหรือหนึ่งข้อ ตามลำดับ / one paragraph or item a row, in order")
        sh.headings()
        rows: list[tuple[str, str]] = []
        examples = []
        if self.plan is not None:
            for key, label in L.PART1_SECTIONS:
                rows += [(label, t) for t in getattr(self.plan, key)]
        else:
            rows = [("วัตถุประสงค์ของการจัดทำแผน", "เพื่อแสดงเจตจำนงสุจริตของผู้บริหารต่อสาธารณชน")]
            examples = [lay.first_row]
        for k, (label, text) in enumerate(rows):
            r = lay.first_row + k
            self._numbered(sh, r, k + 1, bool(examples))
            sh.put(r, "section", label)
            sh.put(r, "text", text)
        sh.style_rows(lay.first_row + len(rows) - 1, examples)
        sh.dropdown("section", [label for _k, label in L.PART1_SECTIONS], "หัวข้อ")
        sh.finish(f"A{lay.first_row}")

    # ------------------------------------------------------------------ ความเสี่ยง

    def risks(self) -> None:
        lay = L.RISK_LAYOUT
        sh = _Sheet(self, lay.sheet, list(lay.columns), lay.header_row, lay.first_row,
                    "ส่วนที่ ๑ ข้อ ๑ การวิเคราะห์ความเสี่ยงการทุจริต / Corruption risks",
                    "แถวแรกของแต่ละข้อ: เลขข้อ ขั้นตอน ระดับ; ประเด็นและมาตรการถัดไปใส่แถวต่อไปโดยเว้นคอลัมน์ A / "
                    "a risk's first row has its number, step and level; more issues and measures "
                    "follow with column A empty")
        sh.headings()
        r = lay.first_row
        examples = []
        if self.plan is not None:
            for i, risk in enumerate(self.plan.risks, start=1):
                n = max(1, len(risk.risk_issues), len(risk.control_measures))
                sh.put(r, "number", i)
                sh.put(r, "process_step", risk.process_step)
                sh.put(r, "level", risk.risk_level.value)
                for k in range(n):
                    if k < len(risk.risk_issues):
                        sh.put(r + k, "issue", risk.risk_issues[k])
                    if k < len(risk.control_measures):
                        m = risk.control_measures[k]
                        sh.put(r + k, "measure_project", m.project)
                        sh.put(r + k, "measure_text", m.text)
                r += n
        else:
            sh.put(r, "number", L.EXAMPLE)
            sh.put(r, "process_step", "การบริหารงานบุคคล")
            sh.put(r, "issue", "การบรรจุแต่งตั้ง โยกย้าย ไม่เป็นธรรม")
            sh.put(r, "level", "ปานกลาง")
            sh.put(r, "measure_project", "ethics-training")
            examples = [r]
            r += 1
        last = sh.style_rows(r - 1, examples)
        sh.dropdown("level", L.LEVEL_CHOICES, "ระดับความเสี่ยง")
        sh.dropdown("measure_project", self.project_list(), "โครงการในแผน")
        sh.lookup(sh.col("measure_project"), sh.col("measure_name"), last)
        sh.finish(f"C{lay.first_row}")

    def project_list(self) -> str:
        return f"'{L.PROJECTS}'!$B${L.PROJECT_FIRST_ROW}:$B${L.LAST_ROW}"

    # ------------------------------------------------------------------ ค่าเป้าหมาย

    def targets(self) -> None:
        lay = L.TARGET_LAYOUT
        columns = [*lay.columns, *(L.Col(f"year:{y}", str(y), 16) for y in self.years)]
        sh = _Sheet(self, lay.sheet, columns, lay.header_row, lay.first_row,
                    "ค่าเป้าหมายรายปี / Targets per fiscal year",
                    "หนึ่งตัวชี้วัดต่อแถว ค่าเป้าหมายเป็นข้อความ เช่น ๘๕ คะแนน; หัวคอลัมน์คือปีงบประมาณ / "
                    "one indicator a row; values are text; the headings are the fiscal years")
        sh.headings(columns=list(enumerate(lay.columns, start=1)))
        for k, y in enumerate(self.years):
            c = L.TARGET_FIRST_YEAR_COL + k
            cell = sh.ws.cell(lay.header_row, c)
            xu.put_number(cell, y, xu.integer_format(self.thai))
            self.styles.apply(cell, bold=True, horizontal="center", vertical="center",
                              fill=xu.HEAD_SHADE)
            cell.protection = LOCKED
        examples = []
        rows: list[tuple[str, dict[int, str]]] = []
        if self.plan is not None:
            rows = [(t.label, t.values) for t in self.plan.target_table]
        else:
            rows = [("คะแนนการประเมินคุณธรรมและความโปร่งใส (ITA)", {y: "๘๕ คะแนน" for y in self.years})]
            examples = [lay.first_row]
        for k, (label, values) in enumerate(rows):
            r = lay.first_row + k
            self._numbered(sh, r, k + 1, bool(examples))
            sh.put(r, "label", label)
            for y, v in values.items():
                if y in self.years:
                    sh.put(r, f"year:{y}", v)
        sh.style_rows(lay.first_row + len(rows) - 1, examples)
        sh.finish(f"C{lay.first_row}")

    # ------------------------------------------------------------------ โครงการ

    def projects(self) -> None:
        years = self.years
        specs = L.project_column_specs(years)
        cols, by_year, total_col = L.project_columns(years)
        sh = _Sheet(self, L.PROJECTS, specs, L.PROJECT_HEADER_ROW, L.PROJECT_FIRST_ROW,
                    "ส่วนที่ ๒–๓ โครงการ/กิจกรรม/มาตรการ / Projects",
                    "หนึ่งโครงการต่อแถว; งบประมาณพิมพ์เป็นตัวเลข (ว่าง = ไม่ใช้งบประมาณปีนั้น); ปีที่ดำเนินการ เช่น "
                    "2567, 2568; ไตรมาส เช่น 1, 2; ใส่ ✓ ในกลุ่มเป้าหมาย E-PlanNACC / one project a row")
        ws = sh.ws
        cats = [cols[f"cat:{c.value}"] for c in TargetCategory]
        sh.headings(rotate=cats)
        for c in by_year.values():  # year headings are numbers (Thai digits)
            xu.put_number(ws.cell(L.PROJECT_HEADER_ROW, c), years[c - L.BUDGET_FIRST_COL],
                          xu.integer_format(self.thai))
        self._project_group_headings(sh, specs, cols, total_col, cats)
        examples = []
        r = L.PROJECT_FIRST_ROW
        if self.plan is not None:
            for i, p in enumerate(self.plan.projects, start=1):
                self._project_row(sh, r, i, p, by_year)
                r += 1
        else:
            self._project_example(sh, r, by_year)
            examples = [r]
            r += 1
        last = sh.style_rows(r - 1, examples)
        self._project_totals(sh, specs, cols, total_col, last)
        self._project_rules(sh, by_year, cats)
        sh.finish(f"E{L.PROJECT_FIRST_ROW}", title_rows=(L.PROJECT_GROUP_ROW, L.PROJECT_HEADER_ROW))
        ws.page_setup.paperSize = ws.PAPERSIZE_A3  # a wide table: A3 landscape

    def _project_group_headings(self, sh: _Sheet, specs: list[L.Col], cols: dict[str, int],
                                total_col: int, cats: list[int]) -> None:
        """Group headings above the projects' headings: budget years, target group, categories."""
        ws = sh.ws
        groups = [(L.BUDGET_FIRST_COL, total_col, "งบประมาณ (บาท) / budget (baht)"),
                  (cols["tg_description"], cols["tg_unit"], "กลุ่มเป้าหมาย / target group"),
                  (cats[0], cats[-1], "กลุ่มเป้าหมายตามแบบ E-PlanNACC (ใส่ ✓)")]
        for c1, c2, text in groups:
            cell = ws.cell(L.PROJECT_GROUP_ROW, c1)
            xu.put_text(cell, text)
            ws.merge_cells(start_row=L.PROJECT_GROUP_ROW, start_column=c1, end_row=L.PROJECT_GROUP_ROW,
                           end_column=c2)
            for c in range(c1, c2 + 1):
                self.styles.apply(ws.cell(L.PROJECT_GROUP_ROW, c), bold=True, horizontal="center",
                                  vertical="center", fill=xu.HEAD_SHADE)
                ws.cell(L.PROJECT_GROUP_ROW, c).protection = LOCKED
            width = sum(specs[c - 1].width for c in range(c1, c2 + 1))
            sh.heights.text(L.PROJECT_GROUP_ROW, text, width, bold=True)
        for c in range(1, len(specs) + 1):  # the rest of the group row: shaded, locked
            if not any(c1 <= c <= c2 for c1, c2, _t in groups):
                self.styles.apply(ws.cell(L.PROJECT_GROUP_ROW, c), bold=True, fill=xu.HEAD_SHADE)
                ws.cell(L.PROJECT_GROUP_ROW, c).protection = LOCKED

    def _project_row(self, sh: _Sheet, r: int, i: int, p, by_year: dict[int, int]) -> None:
        plan = self.plan
        sh.put(r, "number", i)
        sh.put(r, "id", p.id)
        sh.put(r, "kind", p.kind.value)
        sh.put(r, "name", p.name)
        item = plan.framework_item(p.code)
        sh.put(r, "code", L.framework_choice(p.code, item.title) if item else p.code)
        for y, c in by_year.items():
            if y in p.budget:
                sh.put(r, c, p.budget[y])
        sh.put(r, "responsible", p.responsible)
        sh.put(r, "years", ", ".join(self.digits(y) for y in p.years))
        if tuple(p.quarters) != (1, 2, 3, 4):
            sh.put(r, "quarters", ", ".join(self.digits(q) for q in p.quarters) or "-")
        tg = p.target_group
        if tg is not None:
            sh.put(r, "tg_description", tg.description)
            if tg.count is not None:
                sh.put(r, "tg_count", tg.count)
            sh.put(r, "tg_unit", tg.unit)
            form_order = [c for c in TargetCategory if c in tg.categories]
            in_order = list(tg.categories) == form_order
            for k, cat in enumerate(tg.categories, start=1):
                # ticks; numbers only keep a plan's own order of the categories
                sh.put(r, f"cat:{cat.value}", L.CHECK if in_order else self.digits(k))
        sh.put(r, "remark", p.remark)

    def _project_example(self, sh: _Sheet, r: int, by_year: dict[int, int]) -> None:
        """The empty template's example project."""
        sh.put(r, "number", L.EXAMPLE)
        sh.put(r, "id", "ethics-training")
        sh.put(r, "kind", "โครงการ")
        sh.put(r, "name", "โครงการอบรมส่งเสริมคุณธรรมและจริยธรรมของบุคลากร")
        fw = plan_framework()
        sh.put(r, "code", L.framework_choice("1.1.1", fw.get("1.1.1").title))
        for c in by_year.values():
            sh.put(r, c, 20000)
        sh.put(r, "responsible", "สำนักปลัดเทศบาล")
        sh.put(r, "tg_description", "ผู้บริหาร สมาชิกสภา และพนักงานเทศบาล")
        sh.put(r, "tg_count", 60)
        sh.put(r, "tg_unit", "คน")
        for cat in list(TargetCategory)[:3]:
            sh.put(r, f"cat:{cat.value}", L.CHECK)

    def _project_totals(self, sh: _Sheet, specs: list[L.Col], cols: dict[str, int], total_col: int,
                        last: int) -> None:
        """Live totals: per row, and per year above the projects, with the count of projects."""
        ws = sh.ws
        first_year_col, last_year_col = L.BUDGET_FIRST_COL, total_col - 1
        for row in range(L.PROJECT_FIRST_ROW, last + 1):
            a, b = xu.ref(first_year_col, row), xu.ref(last_year_col, row)
            xu.put_formula(ws.cell(row, total_col), f'=IF(COUNT({a}:{b})=0,"",SUM({a}:{b}))',
                           self.amount_fmt)
        tr = L.PROJECT_TOTAL_ROW
        label = ws.cell(tr, cols["name"])
        xu.put_text(label, L.TOTAL_ROW_LABEL)
        for c in range(1, len(specs) + 1):
            self.styles.apply(ws.cell(tr, c), bold=True, fill=xu.HEAD_SHADE,
                              horizontal="right" if c >= first_year_col and c <= total_col else "left")
            ws.cell(tr, c).protection = LOCKED
        for c in range(first_year_col, total_col + 1):
            letter = get_column_letter(c)
            xu.put_formula(ws.cell(tr, c), f"=SUM({letter}{L.PROJECT_FIRST_ROW}:{letter}{L.LAST_ROW})",
                           self.amount_fmt)
        count_cell = ws.cell(tr, cols["id"])
        xu.put_formula(count_cell, f'=COUNTA(D{L.PROJECT_FIRST_ROW}:D{L.LAST_ROW})',
                       xu.number_format(self.thai, zero=None, suffix=" รายการ"))
        sh.heights.need(tr, xu.line_height(self.settings) + 4)

    def _project_rules(self, sh: _Sheet, by_year: dict[int, int], cats: list[int]) -> None:
        """Drop-downs and number rules of the projects sheet."""
        sh.dropdown("kind", L.KIND_CHOICES, "ประเภท")
        sh.dropdown("code", f"'{L.FRAMEWORK}'!$D${L.FRAMEWORK_LAYOUT.first_row}:$D${L.LAST_ROW}",
                    "รหัสกรอบการประเมิน", strict=False)
        for c in by_year.values():
            sh.number_rule(c, "decimal", 0, message="พิมพ์จำนวนเงินเป็นตัวเลข ๐ ขึ้นไป (บาท) / "
                                                   "type an amount in baht, zero or more")
        sh.number_rule("tg_count", "whole", 0, message="พิมพ์จำนวนเต็ม / type a whole number")
        for c in cats:
            sh.dropdown(c, (L.CHECK,), "กลุ่มเป้าหมาย")

    # ------------------------------------------------------------------ รายละเอียดโครงการ

    def details(self) -> None:
        lay = L.DETAIL_LAYOUT
        sh = _Sheet(self, lay.sheet, list(lay.columns), lay.header_row, lay.first_row,
                    "รายละเอียดโครงการ: หลักการและเหตุผล วัตถุประสงค์ วิธีดำเนินการ ผลผลิต ผลลัพธ์ / "
                    "Project details",
                    "หนึ่งแถวต่อหนึ่งย่อหน้าหรือหนึ่งข้อ ตามลำดับ; วิธีดำเนินการ: ระดับ 1 = ขั้นตอนหลัก 2 = ขั้นตอนย่อย; "
                    "แบบ \"-\" = ข้อย่อยแบบขีด (ไม่นับเลข) / one paragraph or item a row; steps nest by level")
        sh.headings()
        rows: list[tuple[str, str, int | None, bool, str]] = []
        examples: list[int] = []
        if self.plan is not None:
            for p in self.plan.projects:
                for key, label in L.DETAIL_SECTIONS:
                    if key == "steps":
                        for level, step in _walk_steps(p.steps):
                            rows.append((p.id, label, level, step.bullet, step.text))
                    else:
                        rows += [(p.id, label, None, False, t) for t in getattr(p, key)]
        else:
            rows = [("ethics-training", "วิธีดำเนินการ", 1, False, "ดำเนินการอบรม"),
                    ("ethics-training", "วิธีดำเนินการ", 2, False, "บรรยายโดยวิทยากร")]
            examples = [lay.first_row, lay.first_row + 1]
        for k, (pid, label, level, bullet, text) in enumerate(rows):
            r = lay.first_row + k
            self._numbered(sh, r, k + 1, bool(examples))
            sh.put(r, "project", pid)
            sh.put(r, "section", label)
            if level is not None:
                sh.put(r, "level", level)
            if bullet:
                sh.put(r, "style", L.BULLET)
            sh.put(r, "text", text)
        last = sh.style_rows(lay.first_row + len(rows) - 1, examples)
        sh.dropdown("project", self.project_list(), "รหัสโครงการ")
        sh.dropdown("section", [label for _k, label in L.DETAIL_SECTIONS], "หัวข้อ")
        sh.dropdown("style", (L.NUMBERED, L.BULLET), "แบบ")
        sh.number_rule("level", "whole", 1, 9, "ระดับ 1-9 / level 1-9")
        sh.lookup(sh.col("project"), sh.col("project_name"), last)
        sh.finish(f"D{lay.first_row}")

    # ------------------------------------------------------------------ ภารกิจย่อย, กรอบ

    def sub_items(self) -> None:
        lay = L.SUB_ITEM_LAYOUT
        sh = _Sheet(self, lay.sheet, list(lay.columns), lay.header_row, lay.first_row,
                    "ภารกิจย่อยที่แผนตั้งชื่อเอง / Sub-items the plan titles itself",
                    "ไม่บังคับ: ใช้เมื่อแผนใช้ภารกิจย่อยที่กรอบในโปรแกรมไม่รู้จักหรือตั้งชื่อต่างออกไป / optional")
        sh.headings()
        examples = []
        rows = [(s.code, s.title) for s in self.plan.sub_items] if self.plan is not None else \
            [("1.1.2", "สร้างจิตสำนึกและความตระหนักในการประพฤติตามหลักเศรษฐกิจพอเพียง")]
        if self.plan is None:
            examples = [lay.first_row]
        for k, (code, title) in enumerate(rows):
            r = lay.first_row + k
            self._numbered(sh, r, k + 1, bool(examples))
            sh.put(r, "code", code)
            sh.put(r, "title", title)
        sh.style_rows(lay.first_row + len(rows) - 1, examples)
        sh.finish(f"A{lay.first_row}")

    def framework(self) -> None:
        lay = L.FRAMEWORK_LAYOUT
        sh = _Sheet(self, lay.sheet, list(lay.columns), lay.header_row, lay.first_row,
                    "กรอบการประเมิน พ.ศ. ๒๕๖๖–๒๕๗๐ (ภารกิจและภารกิจย่อย) / The framework",
                    "สำหรับอ้างอิง และเป็นรายการให้เลือกรหัสในแผ่นงานโครงการ (โปรแกรมไม่อ่านแผ่นงานนี้) / "
                    "for reference and the code drop-down; not read")
        sh.headings()
        fw = plan_framework()
        items = [i for i in fw.items if i.level > 1]
        extra = []
        if self.plan is not None:
            known = {i.code for i in items}
            extra = [s for s in self.plan.sub_items if s.code not in known]
        r = lay.first_row
        ws = sh.ws
        for item in [*items, *extra]:
            code = item.code
            title = self.plan.framework_item(code).title if self.plan is not None and \
                self.plan.framework_item(code) else item.title
            dim = fw.get(code.split(".")[0])
            for c, value in enumerate((f"{dim.code} {dim.title}" if dim else "", code, title,
                                       L.framework_choice(code, title)), start=1):
                cell = ws.cell(r, c)
                xu.put_text(cell, value)
                self.styles.apply(cell, bold=code.count(".") == 1 and c in (2, 3))
                sh.heights.text(r, value, lay.columns[c - 1].width)
            r += 1
        sh.heights.apply(ws)
        self.protect(ws)
        ws.protection.insertRows = True   # the list is the framework: nothing to add here
        ws.protection.deleteRows = True
        xu.page_setup(ws, self.settings, landscape=True, title_rows=(lay.header_row, lay.header_row),
                      freeze=f"A{lay.first_row}")
        ws.print_area = f"A1:D{r - 1}"


def _instruction_lines() -> list[tuple[str, bool]]:
    """The instructions sheet, a line a row: (text, bold?)."""
    return [
        ("สมุดงานแผนปฏิบัติการป้องกันการทุจริต — วิธีกรอก / The plan workbook — how to fill it in", True),
        ("สมุดงานนี้คือแผนทั้งฉบับ กรอกใน Excel หรือ LibreOffice แล้วใช้แทนไฟล์แผน (YAML) ได้ทุกคำสั่ง: "
         "antong-reports validate แผน.xlsx (ตรวจ), build แผน.xlsx (สร้างเอกสาร), pack แผน.xlsx (ชุดไฟล์ส่ง) / "
         "This workbook is the whole plan; validate, build and pack read it as they read a plan file.", False),
        ("กติกาทั่วไป / General rules", True),
        ("• หนึ่งแถวต่อหนึ่งรายการ (หนึ่งโครงการ หนึ่งย่อหน้า หนึ่งข้อ) เพิ่มแถวใต้แถวสุดท้ายหรือแทรกแถวได้ ลบแถวได้ / "
         "One row per item; add rows below the last one or insert and delete rows freely.", False),
        ("• แถวว่างระหว่างข้อมูลไม่เป็นไร โปรแกรมอ่านถึงแถวสุดท้ายที่มีข้อมูล / Blank rows are skipped; "
         "reading goes on to the last filled row.", False),
        (f"• แถวที่คอลัมน์ A เขียนว่า \"{L.EXAMPLE}\" (สีเหลือง) เป็นตัวอย่าง โปรแกรมไม่อ่าน "
         "ลบทิ้งหรือแก้เป็นข้อมูลจริงแล้วลบคำว่าตัวอย่างออก / Rows marked "
         f"\"{L.EXAMPLE}\" in column A (yellow) are examples and are not read.", False),
        ("• ช่องที่มีลูกศรให้เลือกจากรายการ; จำนวนเงินพิมพ์เป็นตัวเลข (แสดงเป็นเลขไทยเอง) เว้นว่าง = "
         "ไม่ใช้งบประมาณในปีนั้น, ๐ = ใช้งบ ๐ บาท / Choose from the drop-downs; type amounts as "
         "numbers (shown in Thai digits); an empty cell = no budget that year.", False),
        ("• หัวตาราง ยอดรวม และชื่อแผ่นงานถูกล็อก (ไม่มีรหัสผ่าน) อย่าแทรกหรือลบคอลัมน์และอย่าเปลี่ยนชื่อแผ่นงาน / "
         "Headings, totals and sheet names are locked (no password): do not insert or delete "
         "columns or rename sheets.", False),
        ("• สูตรไม่ถูกคำนวณโดยโปรแกรม ช่องข้อความอ่านค่าที่แสดง ช่องจำนวนเงินที่เป็นสูตรต้องบันทึกค่าไว้แล้ว / "
         "Formulas are never evaluated: text cells read what they show; an amount formula must "
         "have its value saved.", False),
        ("แผ่นงาน / Sheets", True),
        (f"• {L.INFO}: ชื่อแผน องค์กร ปีของแผน และผู้ลงท้ายคำนำ กรอกในคอลัมน์ B / the plan's "
         "particulars, in column B.", False),
        (f"• {L.PREFACE}: ย่อหน้าคำนำ เลือกว่าอยู่ก่อนหรือหลังคำอธิบายส่วนของแผนที่โปรแกรมเขียนให้ / preface "
         "paragraphs, before or after the generated description.", False),
        (f"• {L.RISKS}: แถวแรกของแต่ละข้อใส่เลขข้อ ขั้นตอน และระดับ; ประเด็นความเสี่ยงและมาตรการควบคุมข้อถัดไป"
         "ใส่ในแถวต่อ ๆ ไปโดยเว้นคอลัมน์ A ว่าง; มาตรการเลือกรหัสโครงการในแผน หรือพิมพ์ข้อความ / a risk's first "
         "row has its number, step and level; more issues and measures follow on rows with column "
         "A empty; a measure is a project id from the list or free text.", False),
        (f"• {L.PART1}: หลักการและเหตุผล วัตถุประสงค์ เป้าหมาย และประโยชน์ของแผน / the plan's Part 1 "
         "texts.", False),
        (f"• {L.TARGETS}: ตารางค่าเป้าหมาย หนึ่งตัวชี้วัดต่อแถว หนึ่งคอลัมน์ต่อปี / the targets table.", False),
        (f"• {L.PROJECTS}: หนึ่งโครงการต่อแถว รหัสโครงการห้ามซ้ำและไม่ควรเปลี่ยน (ใช้อ้างอิงจากความเสี่ยง "
         "รายละเอียด และรายงานผล) แถวรวมด้านบนคำนวณยอดแต่ละปีให้เอง; กลุ่มเป้าหมาย E-PlanNACC ใส่ ✓ / "
         "one project a row; ids are unique and stable; the total row sums each year; tick the "
         "E-PlanNACC target groups with ✓.", False),
        (f"• {L.DETAILS}: ข้อความยาวของแต่ละโครงการ เลือกรหัสโครงการและหัวข้อ หนึ่งย่อหน้าหรือหนึ่งข้อต่อแถว; "
         "วิธีดำเนินการใช้คอลัมน์ระดับ (1 = ขั้นตอนหลัก, 2 = ขั้นตอนย่อย …) และแบบ \"-\" สำหรับข้อย่อยแบบขีด / "
         "the long texts of each project, one paragraph or item a row; method steps nest by level, "
         "style \"-\" prints a dash instead of a number.", False),
        (f"• {L.SUB_ITEMS}: ภารกิจย่อยที่แผนตั้งชื่อเอง (ไม่บังคับ) / sub-items the plan titles itself "
         "(optional).", False),
        (f"• {L.FRAMEWORK}: กรอบการประเมิน พ.ศ. ๒๕๖๖–๒๕๗๐ สำหรับอ้างอิงและเป็นรายการให้เลือก (ไม่ถูกอ่าน) / "
         "the framework, for reference and the code drop-down (not read).", False),
    ]


def _walk_steps(steps: Iterable[Step], level: int = 1):
    for s in steps:
        yield level, s
        yield from _walk_steps(s.steps, level + 1)


def plan_kinds():
    from antong_reports.model.plan import OrgKind

    return list(OrgKind)


def plan_framework():
    from antong_reports.model.framework import framework_2566_2570

    return framework_2566_2570()
