"""The budget workbook: ``<slug>-budget.xlsx``.

Four sheets a finance or planning officer can print, check and keep editing:

1. "ส่วนที่ ๒" — the Part 2 budget table of the plan, written from the same composed table as the
   Word plan (:func:`~antong_reports.compose.tables.part2_table`): same rows, numbering, wording
   and merges. Amounts are numbers; each "รวม" row sums the project rows above it and counts them,
   and "รวมทั้งสิ้น" sums the "รวม" rows — all as formulas.
2. "สรุปงบประมาณ" — budget per dimension × fiscal year (formulas referring to the "รวม" rows of
   sheet 1), projects per dimension × kind (COUNTIFS over the E-PlanNACC sheet), and a native bar
   chart of the budget per dimension per year.
3. "E-PlanNACC" — one row per project with every value the E-PlanNACC project form asks for, in
   the form's order, ready to copy (see :func:`write_copy_sheet`); printed as several pages
   across, each with the number and name repeated (docs/e-plannacc.md).
4. "ความเสี่ยง" — the corruption-risk assessment table of Part 1.

Amount cells are numeric and show Thai digits through their number format; the font is set on
every cell; row heights are explicit; text from the plan is always stored as text; the same input
gives the same bytes.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple, Sequence

from openpyxl.chart import Reference
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.pagebreak import Break

from antong_reports.compose import tables as ct
from antong_reports.compose import phrases
from antong_reports.thai import text as tt
from antong_reports.render import xlsxutil as xu
from antong_reports.model.plan import Plan, ProjectKind, TargetCategory
from antong_reports.model.progress import whole_baht
from antong_reports.common.settings import DEFAULT, Settings

SUMMARY_SHEET = "สรุปงบประมาณ"
EPLAN_SHEET = "E-PlanNACC"
RISK_SHEET = "ความเสี่ยง"

EPLAN_TITLE = "ข้อมูลสำหรับบันทึกแผนในระบบ E-PlanNACC (หนึ่งแถวต่อหนึ่งโครงการ)"
CHART_DATA_HEAD = "ข้อมูลแผนภูมิ"
CHART_CATEGORY_AXIS = "มิติ"

#: E-PlanNACC columns, in the project form's order (our mission and sub-item codes beside มิติ).
EP_SEQ = "ลำดับ"
EP_NAME = "ชื่อโครงการ/กิจกรรม/มาตรการ/แนวปฏิบัติงาน"
EP_YEARS = "ปีงบประมาณที่ดำเนินการ"
EP_KIND = "ประเภทงาน"
EP_CODE = "รหัส"
EP_MEANING = "ความหมาย"
EP_PLAN_QUARTERS = "ไตรมาสตามแผน"
EP_QUARTERS = "ดำเนินการในไตรมาส"
EP_DIMENSION = "มิติ"
EP_MISSION = "ภารกิจตามมิติ"
EP_SUB_ITEM = "ข้อย่อย"
EP_BUDGET = "งบประมาณ (บาท)"
EP_TARGETS = "กลุ่มเป้าหมาย"
EP_TARGET_TEXT = "รายละเอียดกลุ่มเป้าหมาย"
EP_OBJECTIVES = "วัตถุประสงค์"
EP_RESPONSIBLE = "ผู้รับผิดชอบ"
EP_REMARK = "หมายเหตุ"
CHECK = "✓"

#: Total width (Excel units) of the Part 2 sheet's columns; printing fits the sheet to one page
#: wide, so this sets the scale at which row heights are estimated (≈ a landscape A4 frame).
PART2_SHEET_WIDTH = 150.0


def part2_sheet_title(thai: bool) -> str:
    return phrases.part_heading(2, thai)


def generate(plan: Plan, settings: Settings = DEFAULT) -> dict[str, bytes]:
    """The workbook file of a plan: ``{"<slug>-budget.xlsx": bytes}``."""
    return {f"{plan.slug}-budget.xlsx": xu.save(build_workbook(plan, settings))}


def build_workbook(plan: Plan, settings: Settings = DEFAULT) -> Workbook:
    wb = Workbook()
    styles = xu.Styles(settings)
    ws1 = wb.active
    ws1.title = part2_sheet_title(settings.thai_digits)
    ws2 = wb.create_sheet(SUMMARY_SHEET)
    ws3 = wb.create_sheet(EPLAN_SHEET)
    ws4 = wb.create_sheet(RISK_SHEET)

    part2 = _write_part2(ws1, plan, settings, styles)
    eplan = write_eplan_sheet(ws3, plan, settings, styles)
    _write_summary(ws2, plan, settings, styles, part2, eplan)
    _write_risks(ws4, plan, settings, styles)

    org = plan.organization.name
    xu.set_properties(
        wb, title=f"{plan.title} {phrases.plan_period(plan.first_year, plan.last_year, settings.thai_digits)}",
        creator=org, date=plan.date, subject=ct.BUDGET_SUMMARY_TITLE,
        keywords="E-PlanNACC; ITA",
    )
    return wb


# --------------------------------------------------------------------------- sheet 1: Part 2

class Part2Layout:
    """Where sheet 1 put things, for the summary's formulas."""

    def __init__(self):
        self.subtotal_rows: dict[str, int] = {}  # dimension code → sheet row
        self.total_row = 0
        self.count_col = 0
        self.year_cols: dict[int, int] = {}


def _plan_heading(plan: Plan, thai: bool) -> str:
    return (f"{phrases.part_heading(2, thai)} {plan.title} "
            f"{phrases.plan_period(plan.first_year, plan.last_year, thai)}")


def _write_part2(ws, plan: Plan, settings: Settings, styles: xu.Styles) -> Part2Layout:
    thai = settings.thai_digits
    table = ct.part2_table(plan, settings)
    scale = PART2_SHEET_WIDTH / sum(table.widths)
    # the words around a total, as thaitext writes them ("จำนวน ", " บาท"): the sheet shows them
    # through the number format, with a line break after "จำนวน" (spreadsheets never wrap numbers)
    amount_pre, amount_suf = tt.amount_total(1, thai).split(tt.digits("1", thai))
    count_pre, count_suf = tt.count_text(1, phrases.PROJECT_UNIT, thai).split(tt.digits("1", thai))
    written_pre, amount_pre = amount_pre, amount_pre.rstrip() + "\n"

    def display(row, cell) -> str:
        if row.kind in ("subtotal", "total") and isinstance(cell.value, Decimal):
            return amount_pre + cell.text.removeprefix(written_pre)
        return cell.text

    widths = xu.widen_for_numbers(table, [w * scale for w in table.widths], settings, display)
    xu.set_widths(ws, widths)
    planner = xu.HeightPlanner(settings)
    xu.write_title(ws, styles, planner, 1, _plan_heading(plan, thai), table.ncols, widths)
    xu.write_title(ws, styles, planner, 2, plan.organization.name, table.ncols, widths)
    top = 3
    placed = xu.write_table(ws, table, styles, widths, planner, top=top, display=display)

    layout = Part2Layout()
    layout.count_col = _PROJECT_COL
    layout.year_cols = {y: 4 + k for k, y in enumerate(plan.years)}
    count_fmt = xu.number_format(thai, zero=None, prefix=count_pre, suffix=count_suf)
    _part2_totals(table, placed, layout, _TotalFormats(thai, amount_pre, amount_suf, count_fmt))
    planner.apply(ws)
    header_last = top + table.header_rows - 1
    xu.page_setup(ws, settings, landscape=True, title_rows=(top, header_last),
                  freeze=f"A{header_last + 1}")
    return layout


_PROJECT_COL = 3  # sheet 1's โครงการ/กิจกรรม/มาตรการ column


class _TotalFormats(NamedTuple):
    """How sheet 1 shows its totals: amounts between the words of a total, counts as counts."""
    thai: bool
    amount_pre: str
    amount_suf: str
    count: str


def _part2_totals(table, placed, layout: Part2Layout, fmts: _TotalFormats) -> None:
    """Sheet 1's subtotals and total as live formulas over the rows above them; records where
    they are in ``layout``."""
    body_rows: list[int] = []
    subtotal_rows: list[int] = []
    for row, cells in zip(table.rows, placed):
        sheet_row = cells[0].row if cells else None
        if row.kind == "body":
            body_rows.append(sheet_row)
            continue
        if row.kind not in ("subtotal", "total"):
            continue
        for pc in cells:
            if pc.cell.value is not None:
                _put_total(pc, row.kind, body_rows, subtotal_rows, fmts)
        if row.kind == "subtotal":
            layout.subtotal_rows[row.key] = sheet_row
            subtotal_rows.append(sheet_row)
            body_rows = []
        else:
            layout.total_row = sheet_row


def _put_total(pc, kind: str, body_rows: list[int], subtotal_rows: list[int],
               fmts: _TotalFormats) -> None:
    """One cell of a subtotal (over its body rows) or the total (over the subtotals)."""
    value = pc.cell.value
    if isinstance(value, Decimal):
        fmt = xu.number_format(fmts.thai, decimals=xu.decimals_of(value), zero=None,
                               prefix=fmts.amount_pre, suffix=fmts.amount_suf)
        if kind == "subtotal":
            formula = _sum_rows(pc.col, body_rows)
        else:
            formula = _sum_cells(pc.col, subtotal_rows)
    else:
        fmt = fmts.count
        if kind == "subtotal":
            formula = (f"=COUNTA({xu.range_ref(_PROJECT_COL, body_rows[0], _PROJECT_COL, body_rows[-1])})"
                       if body_rows else None)
        else:
            formula = _sum_cells(pc.col, subtotal_rows)
    if formula is None:
        xu.put_number(pc.xcell, 0, fmt)
    else:
        xu.put_formula(pc.xcell, formula, fmt)


def _sum_rows(col: int, rows: Sequence[int]) -> str | None:
    """SUM over the rows (consecutive in practice) of one column; None when there are none."""
    if not rows:
        return None
    if list(rows) == list(range(rows[0], rows[-1] + 1)):
        return f"=SUM({xu.range_ref(col, rows[0], col, rows[-1])})"
    return "=SUM(" + ",".join(xu.ref(col, r) for r in rows) + ")"


def _sum_cells(col: int, rows: Sequence[int]) -> str | None:
    if not rows:
        return None
    return "=SUM(" + ",".join(xu.ref(col, r) for r in rows) + ")"


# --------------------------------------------------------------------------- sheet 3: E-PlanNACC
#
# The E-PlanNACC sheets (the project sheets here, and the progress sheets of the pack's E-PlanNACC
# workbook) show each value as the web form takes it. Columns marked for copying (shaded yellow,
# the form's field name under the heading) hold exactly what is typed or chosen: whole baht and
# codes as numbers shown with ASCII digits and no separators (number format "0"), the form's
# code beside its Thai label, text as is. The form's fields are split into groups of related
# fields, one sheet each, with the number and name repeated at the left: every sheet prints one
# page wide on A4 landscape at a legible scale, and its row heights follow its own text only.

COPY_FILL = PatternFill("solid", fgColor="FFF2CC")
#: the number format of copied numbers: ASCII digits, no separators, no decimals
COPY_FORMAT = "0"
#: the widest a sheet of copy columns may be (Excel width units): at fit-to-width it then prints
#: at about 90 % or more on A4 landscape within the default margins
MAX_SHEET_WIDTH = 140.0


class Col(NamedTuple):
    key: str
    group: str | None  # heading shared by neighbouring columns (merged over them)
    head: str  # the column's own heading
    field: str  # the E-PlanNACC form's field name ("" when not a form field)
    width: float
    copy: bool  # values exactly as the form takes them
    page: int  # the sheet it goes on (0: the key columns repeated on every sheet)
    align: str = "center"


COPY_LEGEND = ("ช่องพื้นสีเหลือง: ค่าตามที่แบบฟอร์ม E-PlanNACC รับ (บาทเต็ม ตัวเลขอารบิก ไม่มีจุลภาค"
               " รหัสตามแบบฟอร์มคู่กับความหมาย) คัดลอกไปวางได้ทันที · บรรทัดล่างของหัวตารางคือชื่อช่องในแบบฟอร์ม")


def write_copy_sheets(first, settings: Settings, styles: xu.Styles, title: str, columns: Sequence[Col],
                      rows: Sequence[dict], names: dict[int, tuple[str, str]], *,
                      title_lines: Sequence[tuple[str, bool]] = ()) -> tuple[list, int]:
    """The copy columns split into sheets, one per ``Col.page``: the first page on ``first``, the
    others on new sheets right after it. ``names``: page → (sheet name, what the part holds).
    Returns the sheets and their first data row."""
    wb = first.parent
    keys = [c for c in columns if c.page == 0]
    pages = sorted({c.page for c in columns} - {0})
    sheets = []
    top = 0
    for k, page in enumerate(pages):
        name, part = names[page]
        if k == 0:
            ws = first
        else:
            ws = wb.create_sheet(name, wb.index(first) + k)
        d = tt.digits
        heading = f"{title} (ส่วนที่ {d(k + 1, settings.thai_digits)}/{d(len(pages), settings.thai_digits)}: {part})"
        top = write_copy_sheet(ws, settings, styles, heading, keys + [c for c in columns if c.page == page],
                               rows, title_lines=title_lines, clip_keys=k > 0)
        sheets.append(ws)
    return sheets, top


def write_copy_sheet(ws, settings: Settings, styles: xu.Styles, title: str, columns: Sequence[Col],
                     rows: Sequence[dict], *, title_lines: Sequence[tuple[str, bool]] = (),
                     clip_keys: bool = False) -> int:
    """One row per project under a three-row heading (group, column, form field), printed one
    page wide with the headings repeated; returns the first data row. ``rows``: key → value (text;
    int or Decimal numbers; "" or None empty). Key text that is not copied from this sheet (or all
    of it with ``clip_keys``) stays on one line, cut at the column's edge: the number identifies
    the row, and the rows keep the height of this sheet's own fields."""
    widths = [c.width for c in columns]
    ncols = len(columns)
    xu.set_widths(ws, widths)
    planner = xu.HeightPlanner(settings)
    row = 1
    for text, is_title in ((title, True), *title_lines):
        xu.write_title(ws, styles, planner, row, text, ncols, widths, title=is_title)
        row += 1
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
    xu.put_text(ws.cell(row, 1), COPY_LEGEND)
    xu.style_range(ws, styles, row, 1, row, ncols, horizontal="left", vertical="center", border=False)
    planner.text(row, COPY_LEGEND, sum(widths))
    h1, h3 = row + 1, row + 3
    _copy_headings(ws, settings, styles, planner, columns, h1, clip_keys)
    first = h3 + 1
    _copy_rows(ws, settings, styles, planner, columns, rows, first, clip_keys)
    planner.apply(ws)
    nkeys = sum(1 for c in columns if c.page == 0)
    xu.page_setup(ws, settings, landscape=True, title_rows=(h1, h3),
                  freeze=f"{get_column_letter(1 + nkeys)}{first}")
    return first


def _copy_headings(ws, settings: Settings, styles: xu.Styles, planner: xu.HeightPlanner,
                   columns: Sequence[Col], h1: int, clip_keys: bool) -> None:
    """The three heading rows from ``h1``: group (merged over its columns), column, form field."""
    widths = [c.width for c in columns]
    ncols = len(columns)
    h2, h3 = h1 + 1, h1 + 2
    for r in (h1, h2, h3):
        planner.need(r, xu.line_height(settings) + 2)
    c = 1
    while c <= ncols:
        col = columns[c - 1]
        if col.group is None:
            xu.put_text(ws.cell(h1, c), col.head)
            ws.merge_cells(start_row=h1, start_column=c, end_row=h2, end_column=c)
            planner.text(h1, col.head, col.width, rowspan=2, bold=True)
            c += 1
            continue
        n = 1
        while c + n <= ncols and columns[c + n - 1].group == col.group:
            n += 1
        xu.put_text(ws.cell(h1, c), col.group)
        if n > 1:
            ws.merge_cells(start_row=h1, start_column=c, end_row=h1, end_column=c + n - 1)
        planner.text(h1, col.group, sum(widths[c - 1:c - 1 + n]), bold=True)
        for k in range(n):
            sub = columns[c - 1 + k]
            xu.put_text(ws.cell(h2, c + k), sub.head)
            planner.text(h2, sub.head, sub.width, bold=True)
        c += n
    xu.style_range(ws, styles, h1, 1, h2, ncols, bold=True, horizontal="center", vertical="center",
                   fill=xu.HEAD_SHADE)
    for c, col in enumerate(columns, start=1):
        copied = col.copy and not (col.page == 0 and clip_keys)
        xc = ws.cell(h3, c)
        xu.put_text(xc, col.field if copied else "")
        styles.apply(xc, horizontal="center", vertical="center",
                     fill=COPY_FILL if copied else xu.HEAD_SHADE)
        if col.field:
            planner.text(h3, col.field, col.width)


def _copy_rows(ws, settings: Settings, styles: xu.Styles, planner: xu.HeightPlanner,
               columns: Sequence[Col], rows: Sequence[dict], first: int, clip_keys: bool) -> None:
    """One row per project from ``first``: numbers as the form takes them, key text clipped."""
    int_fmt = xu.integer_format(settings.thai_digits)
    r = first
    for values in rows:
        for c, col in enumerate(columns, start=1):
            xc = ws.cell(r, c)
            v = values.get(col.key)
            if isinstance(v, (int, Decimal)) and not isinstance(v, bool):
                xu.put_number(xc, v, COPY_FORMAT if col.copy else int_fmt)
            clip = col.page == 0 and (clip_keys or not col.copy)
            if not isinstance(v, (int, Decimal)) or isinstance(v, bool):
                text = v if v else ""
                if clip:
                    text = one_line(text, col.width, settings)
                xu.put_text(xc, text)
                if text:
                    planner.text(r, text, col.width)
            styles.apply(xc, horizontal=col.align, vertical="top",
                         fill=COPY_FILL if col.copy and not clip else None)
        r += 1


def one_line(text: str, width_units: float, settings: Settings) -> str:
    """The start of ``text`` that fits one line of a column (cut between words, with "…")."""
    from antong_reports.thai.text import segment

    if xu.line_count(text, width_units * 0.9, settings) <= 1:
        return text
    out = ""
    for word in segment(text.split("\n")[0]):
        if xu.line_count(out + word + "…", width_units * 0.9, settings) > 1:
            break
        out += word
    return out.rstrip() + "…"


class EplanLayout:
    def __init__(self):
        self.first_row = 0
        self.last_row = 0
        self.kind_col = 0
        self.dimension_col = 0


def eplan_columns(plan: Plan, thai: bool) -> list[Col]:
    """The project form's fields in its order, grouped into printed pages."""
    d = lambda v: tt.digits(v, thai)  # noqa: E731
    years = plan.years
    cols = [Col("number", None, EP_SEQ, "", 6, False, 0),
            Col("name", None, EP_NAME, "txtName", 40, True, 0, "left")]
    cols += [Col(f"year-{y}", EP_YEARS, d(y), f"year{i}", 6, True, 1)
             for i, y in enumerate(years, start=1)]
    cols += [Col("kind-code", EP_KIND, EP_CODE, "type", 8, True, 1),
             Col("kind", EP_KIND, EP_MEANING, "", 11, False, 1),
             Col("quarter-code", EP_QUARTERS, EP_CODE, "quarter", 9, True, 1),
             Col("quarters", EP_QUARTERS, EP_PLAN_QUARTERS, "", 11, False, 1),
             Col("dimension", None, EP_DIMENSION, "dimention", 11, True, 1),
             Col("mission", None, EP_MISSION, "", 7, False, 1),
             Col("sub-item", None, EP_SUB_ITEM, "", 7, False, 1)]
    cols += [Col(f"budget-{y}", EP_BUDGET, phrases.year_column(y, thai), "txtBudget", 14, True, 2)
             for y in years]
    cols += [Col(f"target-{c.value}", EP_TARGETS, f"{k} {c.label}", f"target_group{k}", 10, True, 3)
             for k, c in enumerate(TargetCategory, start=1)]
    cols += [Col("target-text", None, EP_TARGET_TEXT, "", 32, False, 5, "left"),
             Col("objectives", None, EP_OBJECTIVES, "txtObject", 94, True, 4, "left"),
             Col("responsible", None, EP_RESPONSIBLE, "", 26, False, 5, "left"),
             Col("remark", None, EP_REMARK, "txtRemark", 34, True, 5, "left")]
    return cols


def first_quarter(quarters: Sequence[int]) -> int | None:
    """The one quarter the project form takes (``quarter``): the first the plan names."""
    return min(quarters) if quarters else None


def write_eplan_sheet(ws, plan: Plan, settings: Settings, styles: xu.Styles) -> EplanLayout:
    """The project form's values on ``ws`` and the sheets after it (:data:`EPLAN_PAGES`)."""
    thai = settings.thai_digits
    years = plan.years
    columns = eplan_columns(plan, thai)
    rows = []
    for n in plan.numbered():
        p = n.project
        p_years = plan.project_years(p)
        chosen = set(p.target_group.categories) if p.target_group else set()
        v: dict[str, object] = {
            "number": n.number, "name": p.name,
            "kind-code": p.kind.number, "kind": p.kind.value,
            "quarter-code": first_quarter(p.quarters),
            "quarters": ", ".join(tt.digits(q, thai) for q in sorted(p.quarters)),
            "dimension": int(p.dimension_code), "mission": tt.digits(p.mission_code, thai),
            "sub-item": tt.digits(p.sub_item_code, thai) if p.sub_item_code else "",
            "target-text": p.target_group.text(thai) if p.target_group else "",
            "objectives": _numbered_lines(p.objectives, thai),
            "responsible": p.responsible, "remark": p.remark,
        }
        for y in years:
            v[f"year-{y}"] = CHECK if y in p_years else ""
            if y in p_years:
                amount = p.amount(y)
                v[f"budget-{y}"] = int(whole_baht(amount)) if amount else tt.NO_BUDGET
        for cat in TargetCategory:
            v[f"target-{cat.value}"] = CHECK if cat in chosen else ""
        rows.append(v)
    _sheets, first = write_copy_sheets(ws, settings, styles, f"{EPLAN_TITLE} {plan.organization.name}",
                                       columns, rows, EPLAN_PAGES)
    keys = [c.key for c in columns if c.page in (0, 1)]
    layout = EplanLayout()
    layout.first_row, layout.last_row = first, max(first, first + len(rows) - 1)
    layout.kind_col = keys.index("kind") + 1
    layout.dimension_col = keys.index("dimension") + 1
    return layout


#: the project form's pages: page → (sheet name, what it holds)
EPLAN_PAGES = {
    1: (EPLAN_SHEET, "ปี ประเภท ไตรมาส มิติ"),
    2: (f"{EPLAN_SHEET} งบประมาณ", "งบประมาณ"),
    3: (f"{EPLAN_SHEET} กลุ่มเป้าหมาย", "กลุ่มเป้าหมาย"),
    4: (f"{EPLAN_SHEET} วัตถุประสงค์", "วัตถุประสงค์"),
    5: (f"{EPLAN_SHEET} หมายเหตุ", "รายละเอียดกลุ่มเป้าหมาย ผู้รับผิดชอบ หมายเหตุ"),
}


def _numbered_lines(items: Sequence[str], thai: bool) -> str:
    """Items one per line labelled "๑)", "๒)" (as the project sheet numbers objectives); a single
    item is written without a label."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return items[0] if items else ""
    return "\n".join(f"{phrases.project_label(i, thai)} {t}" for i, t in enumerate(items, start=1))


# --------------------------------------------------------------------------- sheet 2: summary

def _write_summary(ws, plan: Plan, settings: Settings, styles: xu.Styles, part2: Part2Layout,
                   eplan: EplanLayout) -> None:
    thai = settings.thai_digits
    p2 = part2_sheet_title(thai)
    budget = ct.budget_summary_table(plan, settings)
    kinds = ct.kind_count_table(plan, settings)
    chart = ct.budget_chart(plan, settings)
    ncols = max(budget.ncols, kinds.ncols)
    widths = [62.0] + [15.0] * (ncols - 1)
    for t in (budget, kinds):
        widths[:t.ncols] = xu.widen_for_numbers(t, widths[:t.ncols], settings)
    xu.set_widths(ws, widths)
    planner = xu.HeightPlanner(settings)

    xu.write_title(ws, styles, planner, 1, ct.BUDGET_SUMMARY_TITLE, ncols, widths)
    xu.write_title(ws, styles, planner, 2,
                   f"{plan.organization.name} {phrases.plan_period(plan.first_year, plan.last_year, thai)}",
                   ncols, widths, title=False)
    top = 3
    placed = xu.write_table(ws, budget, styles, widths, planner, top=top)
    budget_dims = _summary_budget_formulas(budget, placed, plan.years, p2, part2)
    top = top + len(budget.rows) + 1
    placed = xu.write_table(ws, kinds, styles, widths, planner, top=top)
    _summary_kind_formulas(kinds, placed, p2, part2, eplan)
    top = top + len(kinds.rows) + 1
    _summary_chart(ws, settings, styles, planner, chart, top, budget_dims)
    planner.apply(ws)
    xu.page_setup(ws, settings, landscape=True, title_rows=None, freeze=None)


def _summary_budget_formulas(budget, placed, years, p2: str, part2: Part2Layout) -> list[int]:
    """Budget per dimension × year: formulas over the "รวม" rows of sheet 1; returns the
    dimensions' rows."""
    dim_rows: list[int] = []
    for row, cells in zip(budget.rows, placed):
        if row.kind == "header":
            continue
        r = cells[0].row
        if row.kind == "body":
            dim_rows.append(r)
        amount_cells = cells[1:]
        for k, pc in enumerate(amount_cells):
            fmt = pc.xcell.number_format
            if row.kind == "body" and k < len(years):
                formula = "=" + xu.sheet_ref(p2, part2.year_cols[years[k]], part2.subtotal_rows[row.key])
            elif row.kind == "body":
                formula = f"=SUM({xu.range_ref(2, r, 1 + len(years), r)})"
            else:
                formula = f"=SUM({xu.range_ref(pc.col, dim_rows[0], pc.col, dim_rows[-1])})"
            xu.put_formula(pc.xcell, formula, fmt)
    return dim_rows


def _summary_kind_formulas(kinds, placed, p2: str, part2: Part2Layout, eplan: EplanLayout) -> None:
    """Projects per dimension × kind: COUNTIFS over the E-PlanNACC kind and dimension columns;
    the per-dimension total is sheet 1's project count."""
    header_row = placed[0][0].row
    kind_rng = xu.sheet_ref(EPLAN_SHEET, eplan.kind_col, eplan.first_row, True) + ":" + \
        xu.ref(eplan.kind_col, eplan.last_row, True)
    dim_rng = xu.sheet_ref(EPLAN_SHEET, eplan.dimension_col, eplan.first_row, True) + ":" + \
        xu.ref(eplan.dimension_col, eplan.last_row, True)
    dim_rows = []
    nkinds = len(ProjectKind)
    for row, cells in zip(kinds.rows, placed):
        if row.kind == "header":
            continue
        r = cells[0].row
        if row.kind == "body":
            dim_rows.append(r)
        for k, pc in enumerate(cells[1:]):
            fmt = pc.xcell.number_format
            if row.kind == "body" and k < nkinds:
                head = f"{get_column_letter(pc.col)}${header_row}"  # the kind's heading
                formula = f"=COUNTIFS({kind_rng},{head},{dim_rng},{int(row.key)})"
            elif row.kind == "body":
                formula = "=" + xu.sheet_ref(p2, part2.count_col, part2.subtotal_rows[row.key])
            else:
                formula = f"=SUM({xu.range_ref(pc.col, dim_rows[0], pc.col, dim_rows[-1])})"
            xu.put_formula(pc.xcell, formula, fmt)


def _summary_chart(ws, settings: Settings, styles: xu.Styles, planner: xu.HeightPlanner, chart,
                   top: int, budget_dims: list[int]) -> None:
    """Chart data (short category labels) and the chart, on a page of their own from ``top``."""
    thai = settings.thai_digits
    ws.row_breaks.append(Break(id=top - 1))
    amount_fmt = xu.amount_format(thai)
    head = [CHART_CATEGORY_AXIS] + [s[0] for s in chart.series]
    xu.put_text(ws.cell(top, 1), CHART_DATA_HEAD)
    ws.merge_cells(start_row=top, start_column=1, end_row=top, end_column=1 + len(chart.series))
    xu.style_range(ws, styles, top, 1, top, 1 + len(chart.series), bold=True, horizontal="left",
                   vertical="center", border=False)
    hr = top + 1
    for k, text in enumerate(head):
        xu.put_text(ws.cell(hr, 1 + k), text)
    xu.style_range(ws, styles, hr, 1, hr, len(head), bold=True, horizontal="center",
                   vertical="center", fill=xu.HEAD_SHADE)
    for i, cat in enumerate(chart.categories):
        r = hr + 1 + i
        xu.put_text(ws.cell(r, 1), cat)
        for k in range(len(chart.series)):
            xu.put_formula(ws.cell(r, 2 + k), "=" + xu.ref(2 + k, budget_dims[i]), amount_fmt)
        xu.style_range(ws, styles, r, 1, r, 1, horizontal="left", vertical="center")
        xu.style_range(ws, styles, r, 2, r, 1 + len(chart.series), horizontal="center",
                       vertical="center")
    last = hr + len(chart.categories)
    for r in range(top, last + 1):
        planner.need(r, xu.line_height(settings) + 2)

    data = Reference(ws, min_col=2, max_col=1 + len(chart.series), min_row=hr, max_row=last)
    cats = Reference(ws, min_col=1, min_row=hr + 1, max_row=last)
    bar = xu.bar_chart(settings, data, cats, title=chart.title, value_label=chart.value_label,
                       category_label=CHART_CATEGORY_AXIS, number_format=xu.amount_format(thai))
    ws.add_chart(bar, f"A{last + 2}")


# --------------------------------------------------------------------------- sheet 4: risks

def _write_risks(ws, plan: Plan, settings: Settings, styles: xu.Styles) -> None:
    thai = settings.thai_digits
    widths = [9.0, 30.0, 46.0, 13.0, 52.0]
    ncols = len(widths)
    xu.set_widths(ws, widths)
    planner = xu.HeightPlanner(settings)
    xu.write_title(ws, styles, planner, 1, f"{phrases.part_heading(1, thai)} "
                   f"{tt.digits(1, thai)}. {phrases.PART1_SECTIONS[0]}", ncols, widths)
    xu.write_title(ws, styles, planner, 2, plan.organization.name, ncols, widths, title=False)
    hr = 3
    for c, text in enumerate(phrases.RISK_COLUMNS, start=1):
        xu.put_text(ws.cell(hr, c), text)
        planner.text(hr, text, widths[c - 1], bold=True)
    xu.style_range(ws, styles, hr, 1, hr, ncols, bold=True, horizontal="center", vertical="center",
                   fill=xu.HEAD_SHADE)
    r = hr + 1
    for i, risk in enumerate(plan.risks, start=1):
        measures = []
        for m in risk.control_measures:
            text = m.text
            if m.project:
                try:
                    text = plan.project(m.project).name
                except KeyError:
                    text = m.text or m.project
            measures.append(text)
        cells = [
            (tt.digits(i, thai), "center"),
            (risk.process_step, "left"),
            (_dotted_lines(risk.risk_issues, thai), "left"),
            (risk.risk_level.value, "center"),
            (_dotted_lines(measures, thai), "left"),
        ]
        for c, (text, horizontal) in enumerate(cells, start=1):
            xc = ws.cell(r, c)
            xu.put_text(xc, text)
            styles.apply(xc, horizontal=horizontal, vertical="top")
            planner.text(r, text, widths[c - 1])
        r += 1
    planner.apply(ws)
    xu.page_setup(ws, settings, landscape=True, title_rows=(hr, hr), freeze=f"A{hr + 1}")


def _dotted_lines(items: Sequence[str], thai: bool) -> str:
    """List items one per line labelled "๑.", "๒." (the risk table's style); one item unlabelled."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return items[0] if items else ""
    return "\n".join(f"{tt.digits(k, thai)}. {t}" for k, t in enumerate(items, start=1))
