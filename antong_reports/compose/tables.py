"""Tables and the chart composed once from the model, shared by every format.

* :func:`part2_table` — the Part 2 budget table (dimension, mission, numbered projects, one budget
  column per fiscal year, subtotals per dimension and the grand total). The Word and PDF plans print
  it; the workbook writes the same rows with numbers and formulas.
* :func:`budget_summary_table` — budget per dimension × fiscal year, with row and column totals.
* :func:`kind_count_table` — projects per dimension × kind (โครงการ/กิจกรรม/มาตรการ/แนวปฏิบัติงาน).
* :func:`budget_chart` — budget per dimension per fiscal year as a bar chart description.

All text is final (Thai or Arabic digits per ``settings.thai_digits``); amount and count cells also
carry their number in :attr:`doctree.Cell.value`, so a workbook can store numbers and formulas.
"""

from __future__ import annotations

from decimal import Decimal

import attrs
from typing import Iterable, Sequence

from antong_reports.compose import phrases
from antong_reports.thai import text as tt
from antong_reports.compose.tree import Align, Cell, Chart, Paragraph, Row, Run, Table
from antong_reports.model.plan import Numbered, Plan, ProjectKind
from antong_reports.common.settings import Settings

#: Table names, stable for tests and renderers.
PART2_NAME = "part2-budget"
BUDGET_SUMMARY_NAME = "budget-summary"
KIND_COUNT_NAME = "kind-count"

#: Fixed phrases of the summary tables and the chart.
DIMENSION_HEAD = "มิติ"
TOTAL_HEAD = "รวม"
BUDGET_SUMMARY_TITLE = "สรุปงบประมาณตามแผนปฏิบัติการป้องกันการทุจริต จำแนกตามมิติและปีงบประมาณ"
KIND_COUNT_TITLE = "จำนวนโครงการ/กิจกรรม/มาตรการ/แนวปฏิบัติงาน จำแนกตามมิติและประเภทงาน"
CHART_TITLE = "งบประมาณจำแนกตามมิติและปีงบประมาณ"
CHART_VALUE_LABEL = "งบประมาณ (บาท)"
CHART_UNIT = "บาท"

#: Relative column widths of the Part 2 table (renderers scale them to the landscape frame):
#: dimension, mission, project, each year, remark. A year column holds "๓๓๙,๑๖๐" and
#: "งบประมาณ" on a line, the remark column "หมายเหตุ"; the mission column is nearly as wide as
#: the project's: a mission's long title sits beside its first project only (a row of the Word
#: table), so the wider it is the less room that row wastes. With the text in table type the
#: table takes 4 pages in the PDF and in LibreOffice, as the original plan does (6 and 5 before).
PART2_WIDTHS = {"dimension": 3.0, "mission": 6.6, "project": 7.6, "year": 2.1, "remark": 1.9}


# --------------------------------------------------------------------------- cell helpers

def _para(text: str, align: Align = Align.LEFT, bold: bool = False) -> Paragraph:
    return Paragraph((Run(text, bold=bold),), align=align)


def _text_cell(text: str, *, align: Align = Align.LEFT, bold: bool = False, rowspan: int = 1,
               colspan: int = 1, valign: str = "top", shade: bool = False) -> Cell:
    return Cell((_para(text, align, bold),), colspan=colspan, rowspan=rowspan, align=align,
                valign=valign, shade=shade)


def _head_cell(text: str, *, rowspan: int = 1, colspan: int = 1) -> Cell:
    return _text_cell(text, align=Align.CENTER, bold=True, rowspan=rowspan, colspan=colspan,
                      valign="middle", shade=True)


def _amount_cell(value: Decimal, thai: bool, *, bold: bool = False, shade: bool = False) -> Cell:
    """An amount: "๓๒,๕๘๐" or "-" for zero; ``value`` holds the Decimal (0 for "-")."""
    return Cell((_para(tt.amount(value, thai), Align.CENTER, bold),), align=Align.CENTER,
                shade=shade, value=value)


def _total_amount_cell(value: Decimal, thai: bool) -> Cell:
    """A total amount as the Part 2 table writes it: "จำนวน ๗๕,๑๖๐ บาท"."""
    return Cell((_para(tt.amount_total(value, thai), Align.CENTER, True),), align=Align.CENTER,
                shade=True, value=value)


def _count_cell(n: int, thai: bool, *, bold: bool = False, shade: bool = False,
                zero: str = tt.DASH) -> Cell:
    text = tt.number(n, thai) if n else zero
    return Cell((_para(text, Align.CENTER, bold),), align=Align.CENTER, shade=shade, value=n)


def _sum(values: Iterable[Decimal]) -> Decimal:
    return sum(values, Decimal(0))


def dimension_label(code: str, thai: bool = True) -> str:
    """Short label of a dimension: "มิติที่ ๑"."""
    return f"{phrases.DIMENSION_WORD} {tt.digits(code, thai)}"


# --------------------------------------------------------------------------- grouping

def _grouped(plan: Plan, numbered: Sequence[Numbered]):
    """(dimension item, [(mission item, [numbered…])…]) for every dimension of the framework, in
    framework order; missions in the order their first project appears."""
    return [(g.item, [(m.item, list(m.projects)) for m in g.missions])
            for g in plan.groups(tuple(numbered))]


# --------------------------------------------------------------------------- Part 2

def part2_header_rows(years: Sequence[int], thai: bool) -> tuple[Row, Row]:
    """The two header rows: "ปี ๒๕๖๖" over "งบประมาณ (บาท)"; the other headings span both."""
    first = [_head_cell(h, rowspan=2) for h in phrases.PART2_COLUMNS]
    first += [_head_cell(phrases.year_column(y, thai)) for y in years]
    first.append(_head_cell(phrases.PART2_REMARK, rowspan=2))
    second = [_head_cell(phrases.BUDGET_UNIT) for _ in years]
    return Row(first, kind="header"), Row(second, kind="header")


def part2_table(plan: Plan, settings: Settings, years: Sequence[int] | None = None,
                numbered: Sequence[Numbered] | None = None) -> Table:
    """The Part 2 budget table.

    ``years``: the fiscal-year columns (default: the plan's years). ``numbered``: the projects to
    list with their plan-wide numbers (default: all, ``plan.numbered()``). Every dimension of the
    framework gets its "รวม" row, even with no project; a "รวมทั้งสิ้น" row ends the table.

    Rows: two of kind "header"; one "body" row per project (key = project id); a "subtotal" row
    per dimension (key = dimension code); one "total" row (key "total"). In a body row the
    dimension cell (rowspan over its projects and its "รวม" row) and the mission cell (rowspan over
    its projects) appear only in the first row they cover.
    """
    thai = settings.thai_digits
    years = tuple(plan.years if years is None else years)
    numbered = tuple(plan.numbered() if numbered is None else numbered)
    rows: list[Row] = list(part2_header_rows(years, thai))
    grand: dict[int, Decimal] = {y: Decimal(0) for y in years}
    grand_count = 0
    for dim, missions in _grouped(plan, numbered):
        projects = [n for _, ms in missions for n in ms]
        rows += _dimension_rows(dim, missions, len(projects), years, thai)
        for y in years:
            grand[y] += _sum(n.project.amount(y) for n in projects)
        grand_count += len(projects)

    cells = [_text_cell(phrases.GRAND_TOTAL, align=Align.CENTER, bold=True, colspan=2, shade=True),
             Cell((_para(tt.count_text(grand_count, phrases.PROJECT_UNIT, thai), Align.CENTER,
                         True),), align=Align.CENTER, shade=True, value=grand_count)]
    cells += [_total_amount_cell(grand[y], thai) for y in years]
    cells.append(_text_cell("", shade=True))
    rows.append(Row(cells, kind="total", key="total"))

    w = PART2_WIDTHS
    widths = [w["dimension"], w["mission"], w["project"]] + [w["year"]] * len(years) + [w["remark"]]
    return Table(widths=widths, rows=[_table_type(row) for row in rows], header_rows=2,
                 name=PART2_NAME)


def _dimension_rows(dim, missions, count: int, years: Sequence[int], thai: bool) -> list[Row]:
    """A dimension's rows of the Part 2 table: a "body" row per project, the dimension cell in
    the first (spanning its ``count`` projects and its "รวม" row), each mission's cell in its
    first project's row; then the "subtotal" row."""
    dim_cell = attrs.evolve(_text_cell(phrases.coded_title(dim.code, dim.title, thai),
                                       rowspan=count + 1),
                            continued=dimension_label(dim.code, thai))
    rows: list[Row] = []
    for mission, members in missions:
        mission_cell = attrs.evolve(
            _text_cell(phrases.coded_title(mission.code, mission.title, thai),
                       rowspan=len(members)),
            continued=f"{phrases.MISSION_WORD} {tt.digits(mission.code, thai)}")
        for i, n in enumerate(members):
            p = n.project
            cells: list[Cell] = [] if rows else [dim_cell]
            if i == 0:
                cells.append(mission_cell)
            cells.append(_text_cell(f"{phrases.project_label(n.number, thai)} {p.name}"))
            cells += [_amount_cell(p.amount(y), thai) for y in years]
            cells.append(_text_cell(p.remark))
            rows.append(Row(cells, kind="body", key=p.id))
    projects = [n for _, ms in missions for n in ms]
    cells = [] if rows else [dim_cell]
    cells.append(_text_cell(phrases.SUBTOTAL, align=Align.CENTER, bold=True, shade=True))
    cells.append(Cell((_para(tt.count_text(count, phrases.PROJECT_UNIT, thai), Align.CENTER,
                             True),), align=Align.CENTER, shade=True, value=count))
    cells += [_total_amount_cell(_sum(n.project.amount(y) for n in projects), thai)
              for y in years]
    cells.append(_text_cell("", shade=True))
    rows.append(Row(cells, kind="subtotal", key=dim.code))
    return rows


def _table_type(row: Row) -> Row:
    """The row with its text in table type (``size="table"``: the size the Word plan sets table
    text in, the PDF too)."""
    def typed(c: Cell) -> Cell:
        return attrs.evolve(c, blocks=tuple(
            attrs.evolve(b, size="table") if isinstance(b, Paragraph) else b for b in c.blocks))

    return attrs.evolve(row, cells=[typed(c) for c in row.cells])


# --------------------------------------------------------------------------- summaries

def budget_summary_table(plan: Plan, settings: Settings, years: Sequence[int] | None = None) -> Table:
    """Budget per dimension × fiscal year with a total column and a "รวมทั้งสิ้น" row.

    Rows: one "header" row; one "body" row per dimension (key = dimension code); a "total" row.
    Amount cells carry their Decimal in ``value``.
    """
    thai = settings.thai_digits
    years = tuple(plan.years if years is None else years)
    head = [_head_cell(DIMENSION_HEAD)] + [_head_cell(phrases.year_column(y, thai)) for y in years]
    head.append(_head_cell(TOTAL_HEAD))
    rows = [Row(head, kind="header")]
    for dim in plan.framework.dimensions():
        per_year = [plan.total(y, dim.code) for y in years]
        cells = [_text_cell(phrases.dimension_heading(dim.code, dim.title, thai))]
        cells += [_amount_cell(v, thai) for v in per_year]
        cells.append(_amount_cell(_sum(per_year), thai, bold=True))
        rows.append(Row(cells, kind="body", key=dim.code))
    per_year = [plan.total(y) for y in years]
    cells = [_text_cell(phrases.GRAND_TOTAL, align=Align.CENTER, bold=True, shade=True)]
    cells += [_amount_cell(v, thai, bold=True, shade=True) for v in per_year]
    cells.append(_amount_cell(_sum(per_year), thai, bold=True, shade=True))
    rows.append(Row(cells, kind="total", key="total"))
    widths = [9.0] + [2.6] * len(years) + [2.8]
    return Table(widths=widths, rows=rows, header_rows=1, name=BUDGET_SUMMARY_NAME)


def kind_count_table(plan: Plan, settings: Settings) -> Table:
    """Projects per dimension × kind (E-PlanNACC's ประเภทงาน) with a total column and row.

    Rows: one "header" row; one "body" row per dimension (key = dimension code); a "total" row.
    Count cells carry their int in ``value``; zero shows "-".
    """
    thai = settings.thai_digits
    kinds = tuple(ProjectKind)
    head = [_head_cell(DIMENSION_HEAD)] + [_head_cell(k.value) for k in kinds]
    head.append(_head_cell(TOTAL_HEAD))
    rows = [Row(head, kind="header")]
    for dim in plan.framework.dimensions():
        counts = [plan.count(dim.code, k) for k in kinds]
        cells = [_text_cell(phrases.dimension_heading(dim.code, dim.title, thai))]
        cells += [_count_cell(c, thai) for c in counts]
        cells.append(_count_cell(sum(counts), thai, bold=True))
        rows.append(Row(cells, kind="body", key=dim.code))
    counts = [plan.count(None, k) for k in kinds]
    cells = [_text_cell(phrases.GRAND_TOTAL, align=Align.CENTER, bold=True, shade=True)]
    cells += [_count_cell(c, thai, bold=True, shade=True) for c in counts]
    cells.append(_count_cell(sum(counts), thai, bold=True, shade=True))
    rows.append(Row(cells, kind="total", key="total"))
    widths = [9.0] + [2.4] * len(kinds) + [2.4]
    return Table(widths=widths, rows=rows, header_rows=1, name=KIND_COUNT_NAME)


def budget_chart(plan: Plan, settings: Settings, years: Sequence[int] | None = None) -> Chart:
    """Budget per dimension (categories "มิติที่ ๑" …) with one series per fiscal year ("ปี ๒๕๖๖")."""
    thai = settings.thai_digits
    years = tuple(plan.years if years is None else years)
    dims = plan.framework.dimensions()
    categories = tuple(dimension_label(d.code, thai) for d in dims)
    series = tuple(
        (phrases.year_column(y, thai), tuple(float(plan.total(y, d.code)) for d in dims))
        for y in years
    )
    return Chart(title=CHART_TITLE, categories=categories, series=series,
                 value_label=CHART_VALUE_LABEL, category_label=DIMENSION_HEAD, unit=CHART_UNIT)
