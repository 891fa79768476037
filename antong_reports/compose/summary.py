"""The plan's summary for executives and assessors (1–3 pages), as a document tree.

:func:`compose_summary` builds, from the model: the plan's identity (title, organization, period,
number of projects, total budget with its baht text), the budget per dimension per fiscal year,
the project counts per dimension and per kind, a bar chart of the budget by dimension and year, the
target table, and the date the summary was produced ("จัดทำเมื่อ ๑ กันยายน ๒๕๖๕").

The tables and the chart come from :mod:`compose_tables` and :mod:`compose_plan`, so the summary
cannot disagree with the plan or the workbook.
"""

from __future__ import annotations

import datetime as _dt

import attrs

from antong_reports.compose import phrases
from antong_reports.thai import text as tt
from antong_reports.compose.plan import target_table
from antong_reports.compose.tables import budget_chart, budget_summary_table, kind_count_table
from antong_reports.compose.tree import with_digits
from antong_reports.compose.tree import (Align, Document, Heading, Meta, Orientation, PageNumbers,
                                         Paragraph, Run, Section, Spacer, Table)
from antong_reports.model.plan import Plan
from antong_reports.common.settings import Settings

SUMMARY_WORD = "สรุป"
PROJECT_COUNT_LABEL = "จำนวนโครงการ/กิจกรรม/มาตรการทั้งสิ้น"
TOTAL_BUDGET_LABEL = "งบประมาณรวมทั้งสิ้น"
PERIOD_LABEL = "ระยะเวลาของแผน"
PRODUCED = "จัดทำเมื่อ"
#: section headings of the summary, numbered in order
SECTION_TITLES = (
    "งบประมาณจำแนกตามมิติและปีงบประมาณ",
    "จำนวนโครงการ/กิจกรรม/มาตรการ จำแนกตามมิติและประเภทงาน",
    "แผนภูมิ",
    "ค่าเป้าหมาย",
)
KEYWORDS = ("แผนปฏิบัติการป้องกันการทุจริต", "สรุป", "ITA", "ป.ป.ช.")


def _p(text: str, *, align: Align = Align.LEFT, bold: bool = False, size: str = "body",
       space_before: bool = False, keep: bool = False) -> Paragraph:
    return Paragraph((Run(text, bold=bold),), align=align, size=size, space_before=space_before,
                     keep_with_next=keep)


def _labelled(label: str, value: str) -> Paragraph:
    """``label : value`` with the label bold (the identity lines)."""
    return Paragraph((Run(f"{label} : ", bold=True), Run(value)), align=Align.LEFT)


def _heading(i: int, title: str, thai: bool) -> Heading:
    return Heading((Run(f"{tt.digits(i, thai)}. {title}"),), level=1, bookmark=f"summary-{i}",
                   outline_title=title)


def _compact(table: Table, first: float, other: float, last: float) -> Table:
    """The table in small type with the given widths (centimetres of the portrait frame): the
    summary fits its full-width amount columns on a portrait page."""
    def small(block):
        return attrs.evolve(block, size="small") if isinstance(block, Paragraph) else block

    rows = tuple(
        attrs.evolve(row, cells=tuple(attrs.evolve(c, blocks=tuple(small(b) for b in c.blocks))
                                      for c in row.cells))
        for row in table.rows
    )
    widths = (first,) + (other,) * (table.ncols - 2) + (last,)
    return attrs.evolve(table, rows=rows, widths=widths)


def summary_title(plan: Plan) -> str:
    """``"สรุปแผนปฏิบัติการป้องกันการทุจริต…"``."""
    return f"{SUMMARY_WORD}{plan.title}"


def compose_summary(plan: Plan, settings: Settings, produced: _dt.date | None = None) -> Document:
    """The summary document. ``produced`` is the date printed as "จัดทำเมื่อ …" and stored as the
    creation date; it defaults to the plan's date so the same plan gives the same bytes."""
    thai = settings.thai_digits
    produced = plan.date if produced is None else produced
    if isinstance(produced, _dt.datetime):
        produced = produced.date()
    period = phrases.plan_period(plan.first_year, plan.last_year, thai)
    org = plan.organization.name
    count = plan.count()

    blocks: list = [
        Heading((Run(summary_title(plan)),), level=0, bookmark="summary", align=Align.CENTER,
                outline_title=SUMMARY_WORD + "แผน"),
        _p(f"{org} {period}", align=Align.CENTER, bold=True, size="large"),
        Spacer(0.5),
        _labelled("องค์กรปกครองส่วนท้องถิ่น", f"{org} อำเภอ{plan.organization.district} "
                                             f"จังหวัด{plan.organization.province}"),
        _labelled(PERIOD_LABEL, f"ปีงบประมาณ พ.ศ. {tt.year_range(plan.first_year, plan.last_year, thai)}"
                                f" ({tt.number(len(plan.years), thai)} ปี)"),
        _labelled(PROJECT_COUNT_LABEL, tt.count_text(count, phrases.PROJECT_UNIT, thai)),
        _labelled(TOTAL_BUDGET_LABEL,
                  f"{tt.amount_total(plan.grand_total, thai)} ({tt.baht_text(plan.grand_total)})"),
    ]

    budget = budget_summary_table(plan, settings)
    year_w = 8.8 / max(budget.ncols - 2, 1)
    blocks += [_heading(1, SECTION_TITLES[0], thai), _compact(budget, 16.0 - 8.8 - 2.4, year_w, 2.4)]
    kinds = kind_count_table(plan, settings)
    blocks += [_heading(2, SECTION_TITLES[1], thai), _compact(kinds, 5.5, 8.4 / max(kinds.ncols - 2, 1), 2.1)]
    blocks += [_heading(3, SECTION_TITLES[2], thai), budget_chart(plan, settings)]
    if plan.target_table:
        blocks += [_heading(4, SECTION_TITLES[3], thai), target_table(plan, settings)]
    blocks += [
        Spacer(0.5),
        _p(f"{PRODUCED} {tt.thai_date(produced, thai=thai)}", align=Align.RIGHT),
    ]

    meta = Meta(
        title=f"{summary_title(plan)} {period}",
        author=org,
        subject=f"{summary_title(plan)} {org} {period}",
        keywords=KEYWORDS + (org,),
        created=_dt.datetime.combine(produced, _dt.time(0, 0)),
    )
    section = Section(tuple(blocks), orientation=Orientation.PORTRAIT,
                      page_numbers=PageNumbers.DIGITS, page_start=1, name="summary")
    return with_digits(Document(meta=meta, sections=(section,), thai_digits=thai), thai)
