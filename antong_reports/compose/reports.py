"""The one-year plan and the progress reports, composed once into document trees.

* :func:`compose_year_plan` — "แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. ๒๕๖๗": the fiscal
  year's projects, their budgets and period (what the ITA plan item asks for), a summary per
  dimension, the year's Part 2 table (from :func:`compose_tables.part2_table`, so it cannot differ
  from the five-year plan's) and a table of each project's period, budget and responsible unit.
* :func:`compose_progress_report` — round 6: "รายงานการกำกับติดตามการดำเนินการป้องกันการทุจริต
  ประจำปี พ.ศ. … รอบ ๖ เดือน"; round 12: "รายงานผลการดำเนินการป้องกันการทุจริตประจำปี พ.ศ. …": the
  summary per dimension (projects planned, done, in progress, not done; budget planned, in the
  ordinance, disbursed, per cent), charts of both, the per-project table, problems and
  suggestions, and the signature block. A report from an illustrative progress file carries a
  visible "ตัวอย่าง" mark at the head of every section and in its title.

All counts and sums come from :func:`progress.summarize`; fixed wording is in this module's
constants, numbers and dates go through :mod:`thaitext`.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Sequence

from antong_reports.compose import phrases
from antong_reports.thai import text as tt
from antong_reports.compose.tables import dimension_label, part2_table
from antong_reports.compose.tree import with_digits
from antong_reports.compose.tree import (Align, Block, Cell, Chart, Document, Heading, ListBlock,
                                         ListItem, Meta, Orientation, PageNumbers, Paragraph, Row,
                                         Run, Section, Spacer, Table)
from antong_reports.model.plan import Plan
from antong_reports.model.progress import (NOT_REPORTED, ProgressFile, Status, Summary, summarize,
                                           year_rows)
from antong_reports.common.settings import Settings

# --------------------------------------------------------------------------- fixed wording

YEAR_PLAN_TITLE = "แผนปฏิบัติการป้องกันการทุจริต"
FISCAL_YEAR = "ประจำปีงบประมาณ พ.ศ."
REPORT6_TITLE = "รายงานการกำกับติดตามการดำเนินการป้องกันการทุจริตประจำปี พ.ศ."
REPORT12_TITLE = "รายงานผลการดำเนินการป้องกันการทุจริตประจำปี พ.ศ."
ROUND_WORD = "รอบ"
MONTHS_WORD = "เดือน"
SAMPLE_MARK = "ตัวอย่าง"
SAMPLE_NOTE = "ข้อมูลสมมุติเพื่อสาธิตการใช้งาน ไม่ใช่ผลการดำเนินงานจริง"
UNDER_PLAN = "ตาม"  # "ตามแผนปฏิบัติการป้องกันการทุจริต… (พ.ศ. ๒๕๖๖ – ๒๕๗๐)"
PERIOD_LABEL = "ระยะเวลาดำเนินการ"
REPORT_PERIOD_LABEL = "ระยะเวลาที่รายงาน"

YEAR_PLAN_SECTIONS = (
    "สรุปโครงการ/กิจกรรม/มาตรการ และงบประมาณ จำแนกตามมิติ",
    "โครงการ/กิจกรรม/มาตรการ และงบประมาณ แยกตาม ๔ มิติ",
    "ระยะเวลาดำเนินการ งบประมาณ และผู้รับผิดชอบ",
)
REPORT_SECTIONS = (
    "สรุปผลการดำเนินการ จำแนกตามมิติ",
    "การใช้จ่ายงบประมาณ จำแนกตามมิติ",
    "แผนภูมิ",
    "ผลการดำเนินการรายโครงการ",
    "ปัญหาและอุปสรรค",
    "ข้อเสนอแนะ",
)

#: the statuses in E-PlanNACC's dashboard order (ระหว่างดำเนินการ / แล้วเสร็จ / ไม่สามารถ…)
COUNT_COLUMNS = ("มิติ", "จำนวนตามแผน", Status.DONE.label, Status.IN_PROGRESS.label,
                 Status.CANNOT.label)
BUDGET_COLUMNS = ("มิติ", "งบประมาณตามแผน (บาท)", "งบประมาณตามข้อบัญญัติ/เทศบัญญัติ (บาท)",
                  "เบิกจ่าย (บาท)", "ร้อยละการเบิกจ่าย")
PROJECT_COLUMNS = ("ลำดับที่", "โครงการ/กิจกรรม/มาตรการ", "งบประมาณตามแผน (บาท)",
                   "งบประมาณตามข้อบัญญัติ/เทศบัญญัติ (บาท)", "เบิกจ่าย (บาท)",
                   "บรรจุในข้อบัญญัติ/แผนการดำเนินงาน", "สถานะ", "ผลการดำเนินงาน",
                   "เหตุผล/หมายเหตุ")
YEAR_PROJECT_COLUMNS = ("ลำดับที่", "โครงการ/กิจกรรม/มาตรการ", "ประเภท", "ระยะเวลาดำเนินการ",
                        "งบประมาณ (บาท)", "ผู้รับผิดชอบ")
YES_MARK = "ใช่"
NO_MARK = "-"
PROJECT_NO = "โครงการลำดับที่"
NONE_TEXT = "ไม่มี"
CHART_COUNT_TITLE = "จำนวนโครงการ/กิจกรรม/มาตรการ จำแนกตามมิติและสถานะ"
CHART_COUNT_LABEL = "จำนวน (โครงการ)"
CHART_BUDGET_TITLE = "งบประมาณและการเบิกจ่าย จำแนกตามมิติ"
CHART_BUDGET_LABEL = "บาท"
SIGN_LINE = "(ลงชื่อ)" + "." * 40
BLANK_NAME = "(" + "." * 40 + ")"
REPORTER_ROLE = "ผู้รายงาน"
EXECUTIVE_ROLE = "ผู้บริหารท้องถิ่น"
APPROVER_ROLE = "ผู้อนุมัติ"
DATE_WORD = "วันที่"
QUARTER_WORD = "ไตรมาส"

#: Table names, stable for tests and renderers.
YEAR_SUMMARY_NAME = "year-summary"
YEAR_PROJECTS_NAME = "year-projects"
COUNT_TABLE_NAME = "progress-counts"
BUDGET_TABLE_NAME = "progress-budget"
PROJECT_TABLE_NAME = "progress-projects"

KEYWORDS = ("แผนปฏิบัติการป้องกันการทุจริต", "ITA", "ป.ป.ช.", "E-PlanNACC")


# --------------------------------------------------------------------------- titles and periods

def year_plan_title(year: int, thai: bool = True) -> str:
    """``"แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. ๒๕๖๗"``."""
    return f"{YEAR_PLAN_TITLE} {FISCAL_YEAR} {tt.digits(year, thai)}"


def report_title(year: int, round: int, thai: bool = True) -> str:
    """The report's official title for round 6 or 12."""
    if round == 6:
        return f"{REPORT6_TITLE} {tt.digits(year, thai)} {ROUND_WORD} {tt.digits(6, thai)} {MONTHS_WORD}"
    return f"{REPORT12_TITLE} {tt.digits(year, thai)}"


def _title_runs(year: int, round: int, thai: bool) -> tuple[Run, ...]:
    """The report title on two lines, broken before "ประจำปี" ("\\n" is a line break)."""
    title = report_title(year, round, thai)
    head, _, tail = title.partition("ประจำปี")
    return (Run(head.rstrip(), bold=True), Run("\nประจำปี" + tail, bold=True))


def fiscal_period(year: int, round: int = 12, thai: bool = True) -> str:
    """``"๑ ตุลาคม ๒๕๖๖ – ๓๑ มีนาคม ๒๕๖๗"`` (round 6) or ``"… – ๓๐ กันยายน ๒๕๖๗"`` (12)."""
    first, last = tt.fiscal_year_bounds(year)
    if round == 6:
        last = _dt.date(last.year, 3, 31)
    return f"{tt.thai_date(first, thai=thai)} – {tt.thai_date(last, thai=thai)}"


def quarters_text(quarters: Sequence[int], thai: bool = True) -> str:
    """``"ไตรมาส ๑ - ๔"`` / ``"ไตรมาส ๒, ๔"``."""
    return f"{QUARTER_WORD} {tt.years_text(quarters, thai)}" if quarters else tt.DASH


def _pct(value: Decimal | None, thai: bool) -> str:
    return tt.DASH if value is None else tt.digits(f"{value:.2f}", thai)


# --------------------------------------------------------------------------- small builders

def _p(text: str, *, align: Align = Align.LEFT, bold: bool = False, size: str = "body",
       keep: bool = False, first_line: bool = False, space_before: bool = False) -> Paragraph:
    return Paragraph((Run(text, bold=bold),), align=align, size=size, keep_with_next=keep,
                     first_line_indent=first_line, space_before=space_before)


def _body(text: str) -> Paragraph:
    return _p(text, align=Align.JUSTIFY, first_line=True)


def _heading(i: int, title: str, thai: bool, prefix: str) -> Heading:
    return Heading((Run(f"{tt.digits(i, thai)}. {title}", bold=True),), level=1,
                   bookmark=f"{prefix}-{i}", outline_title=title)


def _cell(text: str, *, align: Align = Align.LEFT, bold: bool = False, shade: bool = False,
          value: object = None, colspan: int = 1, small: bool = False) -> Cell:
    lines = text.split("\n") if text else [""]
    blocks = tuple(_p(t, align=align, bold=bold, size="small" if small else "body") for t in lines)
    return Cell(blocks, align=align, shade=shade, value=value, colspan=colspan,
                valign="top")


def _head(text: str, small: bool = False) -> Cell:
    return Cell((_p(text, align=Align.CENTER, bold=True, size="small" if small else "body"),),
                align=Align.CENTER, valign="middle", shade=True)


def _count(n: int, thai: bool, *, bold: bool = False, shade: bool = False) -> Cell:
    return _cell(tt.number(n, thai) if n else tt.DASH, align=Align.CENTER, bold=bold, shade=shade,
                 value=n)


def _money(d: Decimal, thai: bool, *, bold: bool = False, shade: bool = False,
           small: bool = False) -> Cell:
    return _cell(tt.amount(d, thai), align=Align.RIGHT, bold=bold, shade=shade, value=d, small=small)


def _sample_banner(first: bool) -> list[Block]:
    """The visible sample mark: large on the first page, one line at the head of later sections
    (kept with what follows: a section's heading is kept with it, so neither is left alone at
    the foot of a page)."""
    line = _p(f"[ {SAMPLE_MARK} ] {SAMPLE_NOTE}", align=Align.CENTER, bold=True, keep=True)
    if first:
        return [_p(f"[ {SAMPLE_MARK} ]", align=Align.CENTER, bold=True, size="title"), line]
    return [line]


def _under_plan(plan: Plan, thai: bool) -> str:
    return f"{UNDER_PLAN}{plan.title} {phrases.plan_period(plan.first_year, plan.last_year, thai)}"


def _meta(plan: Plan, title: str, created: _dt.date, sample: bool, subject: str) -> Meta:
    org = plan.organization.name
    full = f"{SAMPLE_MARK} {title}" if sample else title
    return Meta(title=full, author=org, subject=f"{subject} {org}",
                keywords=KEYWORDS + ((SAMPLE_MARK,) if sample else ()) + (org,),
                created=_dt.datetime.combine(created, _dt.time(0, 0)))


def _signature(role: str, name: str, title: str) -> list[Block]:
    return [
        _p(SIGN_LINE + role, align=Align.CENTER, space_before=True),
        _p(f"({name})" if name else BLANK_NAME, align=Align.CENTER),
        _p(title or ("." * 40), align=Align.CENTER),
    ]


# =========================================================================== the one-year plan

def year_summary_table(plan: Plan, year: int, settings: Settings) -> Table:
    """Projects and budget of one fiscal year per dimension, with a total row."""
    thai = settings.thai_digits
    rows = [Row((_head("มิติ"), _head("จำนวนโครงการ/กิจกรรม/มาตรการ"), _head("งบประมาณ (บาท)")),
                kind="header")]
    numbered = plan.projects_of_year(year)
    total_n, total_b = 0, Decimal(0)
    for dim in plan.framework.dimensions():
        mine = [n for n in numbered if n.project.dimension_code == dim.code]
        budget = sum((n.project.amount(year) for n in mine), Decimal(0))
        rows.append(Row((_cell(phrases.dimension_heading(dim.code, dim.title, thai)),
                         _count(len(mine), thai), _money(budget, thai)), kind="body", key=dim.code))
        total_n += len(mine)
        total_b += budget
    rows.append(Row((_cell(phrases.GRAND_TOTAL, align=Align.CENTER, bold=True, shade=True),
                     _count(total_n, thai, bold=True, shade=True),
                     _money(total_b, thai, bold=True, shade=True)), kind="total", key="total"))
    return Table(widths=(9.0, 3.5, 3.5), rows=rows, header_rows=1, name=YEAR_SUMMARY_NAME)


def year_projects_table(plan: Plan, year: int, settings: Settings) -> Table:
    """Each project of the year with its kind, period (quarters and months), budget and unit."""
    thai = settings.thai_digits
    rows = [Row(tuple(_head(h) for h in YEAR_PROJECT_COLUMNS), kind="header")]
    total = Decimal(0)
    for n in plan.projects_of_year(year):
        p = n.project
        amount = p.amount(year)
        total += amount
        period = f"{quarters_text(p.quarters, thai)}\n({_quarter_months(p.quarters, year, thai)})"
        rows.append(Row((
            _count(n.number, thai),
            _cell(p.name),
            _cell(p.kind.value, align=Align.CENTER),
            _cell(period, align=Align.CENTER),
            _cell(tt.amount(amount, thai) if amount else tt.NO_BUDGET, align=Align.RIGHT if amount
                  else Align.CENTER, value=amount),
            _cell(p.responsible or tt.DASH),
        ), kind="body", key=p.id))
    rows.append(Row((
        _cell(phrases.GRAND_TOTAL, align=Align.CENTER, bold=True, shade=True, colspan=4),
        _money(total, thai, bold=True, shade=True),
        _cell("", shade=True),
    ), kind="total", key="total"))
    return Table(widths=(1.6, 8.6, 2.2, 4.2, 2.8, 5.3), rows=rows, header_rows=1,
                 name=YEAR_PROJECTS_NAME)


_QUARTER_MONTHS = {1: (10, 12), 2: (1, 3), 3: (4, 6), 4: (7, 9)}


def _quarter_months(quarters: Sequence[int], year: int, thai: bool) -> str:
    """The months the quarters cover: ``"ต.ค. ๒๕๖๖ – ก.ย. ๒๕๖๗"``."""
    if not quarters:
        return tt.DASH
    first_q, last_q = min(quarters), max(quarters)
    m1 = _QUARTER_MONTHS[first_q][0]
    m2 = _QUARTER_MONTHS[last_q][1]
    y1 = year - 1 if m1 >= 10 else year
    y2 = year - 1 if m2 >= 10 else year
    return (f"{tt.thai_month_year(m1, y1, short=True, thai=thai)} – "
            f"{tt.thai_month_year(m2, y2, short=True, thai=thai)}")


def compose_year_plan(plan: Plan, year: int, settings: Settings) -> Document:
    """The one-fiscal-year plan (the ITA plan item) as a document tree."""
    thai = settings.thai_digits
    if year not in plan.years:
        raise ValueError(f"fiscal year {year} is outside the plan ({plan.first_year}-{plan.last_year})")
    org = plan.organization.name
    title = year_plan_title(year, thai)
    numbered = plan.projects_of_year(year)
    total = sum((n.project.amount(year) for n in numbered), Decimal(0))
    intro = (f"{org} ได้จัดทำ{title} {_under_plan(plan, thai)} เพื่อใช้เป็นแนวทางการดำเนินงานป้องกันการทุจริต"
             f"ในปีงบประมาณ พ.ศ. {tt.digits(year, thai)} ({fiscal_period(year, 12, thai)}) "
             f"{tt.count_text(len(numbered), phrases.PROJECT_UNIT, thai)} "
             f"งบประมาณรวม{tt.amount_total(total, thai)} ({tt.baht_text(total)}) ดังนี้")
    front: list[Block] = [
        Heading((Run(title, bold=True),), level=0, bookmark="year-plan", align=Align.CENTER,
                outline_title=title),
        _p(org, align=Align.CENTER, bold=True, size="large"),
        _p(f"({_under_plan(plan, thai)})", align=Align.CENTER),
        Spacer(0.5),
        _body(intro),
        _heading(1, YEAR_PLAN_SECTIONS[0], thai, "year"),
        year_summary_table(plan, year, settings),
        Spacer(1),
        _p(f"{APPROVER_ROLE}", align=Align.CENTER, bold=True, space_before=True),
        *_signature("", plan.organization.executive_name, plan.organization.executive_title),
    ]
    part2 = Section((
        _heading(2, YEAR_PLAN_SECTIONS[1], thai, "year"),
        _p(f"{title} {org}", align=Align.CENTER, bold=True),
        part2_table(plan, settings, years=[year], numbered=numbered),
    ), orientation=Orientation.LANDSCAPE, page_numbers=PageNumbers.DIGITS, name="year-part2")
    details = Section((
        _heading(3, YEAR_PLAN_SECTIONS[2], thai, "year"),
        year_projects_table(plan, year, settings),
    ), orientation=Orientation.LANDSCAPE, page_numbers=PageNumbers.DIGITS, name="year-details")
    first = Section(tuple(front), orientation=Orientation.PORTRAIT, page_numbers=PageNumbers.DIGITS,
                    page_start=1, name="year-front")
    return with_digits(Document(meta=_meta(plan, title, plan.date, False, title),
                                sections=(first, part2, details), thai_digits=thai), thai)


# =========================================================================== progress reports

def count_table(summaries: Sequence[Summary], settings: Settings) -> Table:
    """Projects planned, done, in progress, not done (and awaiting a report) per dimension."""
    thai = settings.thai_digits
    missing = any(s.not_reported for s in summaries)
    heads = COUNT_COLUMNS + ((NOT_REPORTED,) if missing else ())
    rows = [Row(tuple(_head(h, small=True) for h in heads), kind="header")]
    for s in summaries:
        is_total = s.code == ""
        label = phrases.GRAND_TOTAL if is_total else phrases.dimension_heading(s.code, s.title, thai)
        cells = [_cell(label, align=Align.CENTER if is_total else Align.LEFT, bold=is_total,
                       shade=is_total)]
        values = [s.planned, s.done, s.in_progress, s.cannot] + ([s.not_reported] if missing else [])
        cells += [_count(v, thai, bold=is_total, shade=is_total) for v in values]
        rows.append(Row(cells, kind="total" if is_total else "body", key=s.code or "total"))
    widths = (6.4,) + (9.6 / (len(heads) - 1),) * (len(heads) - 1)
    return Table(widths=widths, rows=rows, header_rows=1, name=COUNT_TABLE_NAME)


def budget_table(summaries: Sequence[Summary], settings: Settings) -> Table:
    """Budget planned, in the ordinance, disbursed and the per cent disbursed per dimension."""
    thai = settings.thai_digits
    rows = [Row(tuple(_head(h, small=True) for h in BUDGET_COLUMNS), kind="header")]
    for s in summaries:
        is_total = s.code == ""
        label = phrases.GRAND_TOTAL if is_total else dimension_label(s.code, thai)
        cells = [_cell(label, align=Align.CENTER if is_total else Align.LEFT, bold=is_total,
                       shade=is_total)]
        cells += [_money(v, thai, bold=is_total, shade=is_total)
                  for v in (s.budget_planned, s.budget_ordinance, s.disbursed)]
        cells.append(_cell(_pct(s.percent_disbursed, thai), align=Align.CENTER, bold=is_total,
                           shade=is_total, value=s.percent_disbursed))
        rows.append(Row(cells, kind="total" if is_total else "body", key=s.code or "total"))
    return Table(widths=(2.6, 3.4, 3.8, 3.4, 2.8), rows=rows, header_rows=1, name=BUDGET_TABLE_NAME)


def count_chart(summaries: Sequence[Summary], settings: Settings) -> Chart:
    thai = settings.thai_digits
    dims = [s for s in summaries if s.code]
    cats = tuple(dimension_label(s.code, thai) for s in dims)
    series = (
        (COUNT_COLUMNS[1], tuple(float(s.planned) for s in dims)),
        (COUNT_COLUMNS[2], tuple(float(s.done) for s in dims)),
        (COUNT_COLUMNS[3], tuple(float(s.in_progress) for s in dims)),
        (COUNT_COLUMNS[4], tuple(float(s.cannot) for s in dims)),
    )
    return Chart(title=CHART_COUNT_TITLE, categories=cats, series=series, value_label=CHART_COUNT_LABEL,
                 category_label=COUNT_COLUMNS[0], unit=phrases.PROJECT_UNIT)


def budget_chart(summaries: Sequence[Summary], settings: Settings) -> Chart:
    thai = settings.thai_digits
    dims = [s for s in summaries if s.code]
    cats = tuple(dimension_label(s.code, thai) for s in dims)
    series = (
        ("ตามแผน", tuple(float(s.budget_planned) for s in dims)),
        ("ตามข้อบัญญัติ/เทศบัญญัติ", tuple(float(s.budget_ordinance) for s in dims)),
        ("เบิกจ่าย", tuple(float(s.disbursed) for s in dims)),
    )
    return Chart(title=CHART_BUDGET_TITLE, categories=cats, series=series, value_label=CHART_BUDGET_LABEL,
                 category_label=BUDGET_COLUMNS[0], unit=CHART_BUDGET_LABEL)


def status_text(record) -> str:
    """A record's status, or "รอรายงานผล" for a project with no record."""
    return record.status.label if record is not None else NOT_REPORTED


def _project_row(plan: Plan, year: int, n, r, thai: bool) -> tuple[Row, tuple[Decimal, ...]]:
    """A project's row of the report table and its (planned, ordinance, disbursed) amounts."""
    planned = r.planned(plan) if r else n.project.amount(year)
    ordinance = r.budget_ordinance if r else Decimal(0)
    disbursed = r.disbursed if r else Decimal(0)
    note = []
    if r is not None and r.status is Status.CANNOT and r.reason_label:
        note.append(r.reason_label)
    if r is not None and r.remark:
        note.append(r.remark)
    achieved = "\n".join(r.achieved) if r is not None and r.achieved else tt.DASH
    in_plan = bool(r is not None and r.input_plan)
    row = Row((
        _cell(tt.number(n.number, thai), align=Align.CENTER, value=n.number, small=True),
        _cell(n.project.name, small=True),
        _money(planned, thai, small=True),
        _money(ordinance, thai, small=True),
        _money(disbursed, thai, small=True),
        _cell(YES_MARK if in_plan else NO_MARK, align=Align.CENTER, small=True, value=in_plan),
        _cell(status_text(r), align=Align.CENTER, small=True),
        _cell(achieved, small=True),
        _cell("\n".join(note) if note else tt.DASH, small=True),
    ), kind="body", key=n.project.id)
    return row, (planned, ordinance, disbursed)


def _sum_row(label: str, count: int, amounts: Sequence[Decimal], thai: bool, *, kind: str,
             key: str) -> Row:
    """A shaded "รวม…" row: the label over the first two columns, then the three amounts."""
    return Row((
        _cell(label, align=Align.CENTER, bold=True, shade=True, colspan=2, small=True, value=count),
        *(_money(v, thai, bold=True, shade=True, small=True) for v in amounts),
        _cell("", shade=True, colspan=4, small=True),
    ), kind=kind, key=key)


def _project_table_head(illustrative: bool) -> list[Row]:
    rows = []
    if illustrative:
        rows.append(Row((_cell(f"[ {SAMPLE_MARK} ] {SAMPLE_NOTE}", align=Align.CENTER, bold=True,
                               colspan=len(PROJECT_COLUMNS), small=True),), kind="header",
                        key="sample"))
    rows.append(Row(tuple(_head(h, small=True) for h in PROJECT_COLUMNS), kind="header"))
    return rows


def project_table(plan: Plan, progress: ProgressFile, year: int, round: int,
                  settings: Settings) -> Table:
    """One row per project of the year (Part 2 order), a "รวม" row per dimension and a total.

    Rows: one "header" (two when the progress is illustrative: the sample mark spans the table
    above the column heads, so every page of the table shows it); a "group" row heading each
    dimension; "body" rows keyed by project id; "subtotal" rows keyed by dimension code; one
    "total" row. Amount cells carry their Decimal in ``value``."""
    thai = settings.thai_digits
    unit = phrases.PROJECT_UNIT
    rows = _project_table_head(progress.illustrative)
    pairs = year_rows(plan, progress, year, round)
    grand = [Decimal(0)] * 3
    for dim in plan.framework.dimensions():
        mine = [(n, r) for n, r in pairs if n.project.dimension_code == dim.code]
        rows.append(Row((_cell(phrases.dimension_heading(dim.code, dim.title, thai), bold=True,
                               shade=True, colspan=len(PROJECT_COLUMNS), small=True),),
                        kind="group", key=f"dim-{dim.code}"))
        sub = [Decimal(0)] * 3
        for n, r in mine:
            row, amounts = _project_row(plan, year, n, r, thai)
            rows.append(row)
            sub = [a + b for a, b in zip(sub, amounts)]
        label = (f"{phrases.SUBTOTAL}{dimension_label(dim.code, thai)} "
                 f"({tt.count_text(len(mine), unit, thai)})")
        rows.append(_sum_row(label, len(mine), sub, thai, kind="subtotal", key=dim.code))
        grand = [a + b for a, b in zip(grand, sub)]
    label = f"{phrases.GRAND_TOTAL} ({tt.count_text(len(pairs), unit, thai)})"
    rows.append(_sum_row(label, len(pairs), grand, thai, kind="total", key="total"))
    return Table(widths=(1.6, 5.8, 2.2, 2.3, 2.0, 1.9, 2.4, 4.5, 2.8), rows=rows,
                 header_rows=sum(1 for r in rows if r.kind == "header"), name=PROJECT_TABLE_NAME)


def _numbered_notes(pairs, attr: str, thai: bool) -> list[Block]:
    items = []
    for n, r in pairs:
        if r is None:
            continue
        for text in getattr(r, attr):
            items.append((text, n.number))
    if not items:
        return [_p(NONE_TEXT, align=Align.LEFT)]
    return [ListBlock(tuple(
        ListItem(phrases.paren_label(i, thai),
                 (_p(f"{text} ({PROJECT_NO} {tt.number(num, thai)})", align=Align.JUSTIFY),))
        for i, (text, num) in enumerate(items, start=1)))]


def summary_sentence(total: Summary, year: int, round: int, thai: bool) -> str:
    """The opening paragraph's figures in words (what the tables below detail)."""
    unit = phrases.PROJECT_UNIT
    pct_done = _pct(total.percent_done, thai)
    text = (f"ในปีงบประมาณ พ.ศ. {tt.digits(year, thai)} มีโครงการ/กิจกรรม/มาตรการตามแผน "
            f"{tt.count_text(total.planned, unit, thai)} ดำเนินการแล้วเสร็จ {tt.number(total.done, thai)} {unit}"
            f" (ร้อยละ {pct_done}) อยู่ระหว่างดำเนินการ {tt.number(total.in_progress, thai)} {unit}"
            f" {Status.CANNOT.label} {tt.number(total.cannot, thai)} {unit}")
    if total.not_reported:
        text += f" {NOT_REPORTED} {tt.number(total.not_reported, thai)} {unit}"
    text += (f" งบประมาณตามแผน {tt.amount_baht(total.budget_planned, thai)}"
             f" งบประมาณตามข้อบัญญัติ/เทศบัญญัติ {tt.amount_baht(total.budget_ordinance, thai)}"
             f" เบิกจ่ายแล้ว {tt.amount_baht(total.disbursed, thai)}")
    if total.percent_disbursed is not None:
        text += f" คิดเป็นร้อยละ {_pct(total.percent_disbursed, thai)} ของงบประมาณตามข้อบัญญัติ/เทศบัญญัติ"
    return text


def _report_front(plan: Plan, summaries, year: int, round: int, settings: Settings,
                  sample: bool) -> list[Block]:
    """Title, period, the figures in words, the count and budget tables and the charts."""
    thai = settings.thai_digits
    banner = _sample_banner(first=False) if sample else []
    return [
        *(_sample_banner(first=True) if sample else []),
        Heading(_title_runs(year, round, thai), level=0, bookmark="report", align=Align.CENTER,
                outline_title=report_title(year, round, thai)),
        _p(plan.organization.name, align=Align.CENTER, bold=True, size="large"),
        _p(f"({_under_plan(plan, thai)})", align=Align.CENTER),
        _p(f"{REPORT_PERIOD_LABEL} {fiscal_period(year, round, thai)}", align=Align.CENTER),
        Spacer(0.5),
        _body(summary_sentence(summaries[-1], year, round, thai)),
        _heading(1, REPORT_SECTIONS[0], thai, "report"),
        count_table(summaries, settings),
        _heading(2, REPORT_SECTIONS[1], thai, "report"),
        budget_table(summaries, settings),
        _heading(3, REPORT_SECTIONS[2], thai, "report"),
        *banner,  # the charts fill a page of their own
        count_chart(summaries, settings),
        budget_chart(summaries, settings),
    ]


def _report_closing(plan: Plan, progress: ProgressFile, pairs, date, thai: bool) -> list[Block]:
    """Problems, suggestions, the two signatures and the report's date."""
    banner = _sample_banner(first=False) if progress.illustrative else []
    return [
        _heading(5, REPORT_SECTIONS[4], thai, "report"),
        *banner,
        *_numbered_notes(pairs, "problems", thai),
        _heading(6, REPORT_SECTIONS[5], thai, "report"),
        *_numbered_notes(pairs, "suggestions", thai),
        Spacer(1),
        *_signature(REPORTER_ROLE, progress.reporter.name, progress.reporter.title),
        Spacer(1),
        *_signature(EXECUTIVE_ROLE, progress.executive.name,
                    progress.executive.title or plan.organization.executive_title),
        _p(f"{DATE_WORD} {tt.thai_date(date, thai=thai)}" if date else f"{DATE_WORD} " + "." * 30,
           align=Align.CENTER, space_before=True),
    ]


def compose_progress_report(plan: Plan, progress: ProgressFile, year: int, round: int,
                            settings: Settings) -> Document:
    """The 6-month (round 6) or annual (round 12) report as a document tree.

    ``progress`` should be resolved against the plan (:meth:`ProgressFile.resolved`); records of
    other years and rounds are ignored."""
    thai = settings.thai_digits
    if round not in (6, 12):
        raise ValueError(f"the round must be 6 or 12, not {round}")
    progress = progress.resolved(plan)
    summaries = summarize(plan, progress, year, round)
    date = progress.report_date(year, round)
    # the table's repeated header carries the sample mark on every page of the table
    detail: list[Block] = [
        _heading(4, REPORT_SECTIONS[3], thai, "report"),
        project_table(plan, progress, year, round, settings),
    ]
    closing = _report_closing(plan, progress, year_rows(plan, progress, year, round), date, thai)
    sections = (
        Section(tuple(_report_front(plan, summaries, year, round, settings,
                                    progress.illustrative)),
                orientation=Orientation.PORTRAIT, page_numbers=PageNumbers.DIGITS,
                page_start=1, name="report-summary"),
        Section(tuple(detail), orientation=Orientation.LANDSCAPE, page_numbers=PageNumbers.DIGITS,
                name="report-projects"),
        Section(tuple(closing), orientation=Orientation.PORTRAIT, page_numbers=PageNumbers.DIGITS,
                name="report-closing"),
    )
    title = report_title(year, round, thai)
    created = date or tt.fiscal_year_bounds(year)[1]
    return with_digits(Document(meta=_meta(plan, title, created, progress.illustrative, title),
                                sections=sections, thai_digits=thai), thai)
