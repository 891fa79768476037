"""The five-year plan composed once, from the model, into a format-neutral document tree.

:func:`compose_plan` builds the whole plan in the official order: cover, คำนำ (with the generated
description of the three parts and the project count per dimension), สารบัญ, ส่วนที่ ๑ (risk table,
rationale, objectives, targets with the target table, benefits), ส่วนที่ ๒ on landscape pages (the
budget table of :mod:`compose_tables`) and ส่วนที่ ๓ (dimension → mission → sub-item headings, then one
sheet per project with the nine numbered fields).

Every fixed phrase comes from :mod:`phrases`, every number from :mod:`thaitext`; the DOCX and PDF
renderers only walk the tree. Bookmarks are ASCII: ``preface``, ``contents``, ``part1``,
``part1-s1`` … ``part1-s5``, ``part2``, ``part3``, ``dim-1``, ``mission-1-1``, ``sub-1-1-1``,
``project-<n>`` (n = the Part 2 number).
"""

from __future__ import annotations

import datetime as _dt
from typing import Sequence

import attrs

from antong_reports.compose import phrases
from antong_reports.thai import text as tt
from antong_reports.compose.tables import part2_table
from antong_reports.compose.tree import with_digits
from antong_reports.compose.tree import (Align, Block, Cell, Document, Heading, ListBlock,
                                         ListItem, Meta, Orientation, PageBreak, PageNumbers,
                                         Paragraph, Row, Run, Section, Spacer, Table, Toc,
                                         TocEntry)
from antong_reports.model.plan import ControlMeasure, Plan, Project, RiskItem, Step
from antong_reports.common.settings import Settings

#: Table names (stable for tests and renderers).
RISK_TABLE_NAME = "part1-risks"
TARGET_TABLE_NAME = "part1-targets"

#: Relative column widths of the risk table (centimetres of the 16 cm portrait frame).
RISK_WIDTHS = (1.6, 3.0, 4.2, 1.8, 5.4)  # "ลำดับ" whole in any Thai font
#: The target table: label column, then one column per fiscal year.
TARGET_LABEL_WIDTH = 5.5
TARGET_YEAR_WIDTH = 2.1

#: Blank lines above the Part 3 title, which stands alone on its page.
PART3_TITLE_DROP = 12

#: Meta keywords of the plan document.
KEYWORDS = ("แผนปฏิบัติการป้องกันการทุจริต", "ITA", "ป.ป.ช.")


# --------------------------------------------------------------------------- small builders

def _p(text: str, *, align: Align = Align.LEFT, bold: bool = False, indent: int = 0,
       first_line: bool = False, keep: bool = False, size: str = "body",
       space_before: bool = False) -> Paragraph:
    return Paragraph((Run(text, bold=bold),), align=align, indent=indent,
                     first_line_indent=first_line, keep_with_next=keep, size=size,
                     space_before=space_before)


def _body(text: str, indent: int = 0) -> Paragraph:
    """A body paragraph: first line indented, Thai distributed justification."""
    return _p(text, align=Align.JUSTIFY, first_line=True, indent=indent)


def _numbered(texts: Sequence[str], label, *, indent: int = 0,
              align: Align = Align.JUSTIFY) -> ListBlock:
    """A flat numbered list; ``label(i)`` gives the label of item i (1-based)."""
    return ListBlock(
        tuple(ListItem(label(i), (_p(t, align=align),)) for i, t in enumerate(texts, start=1)),
        indent=indent,
    )


def _dot_label(i: int, thai: bool) -> str:
    """``"๑."`` — numbered lists inside the risk table cells."""
    return f"{tt.digits(i, thai)}."


def _cell_list(texts: Sequence[str], thai: bool) -> tuple[Block, ...]:
    """One paragraph for a single item, a "๑." list for several."""
    if len(texts) == 1:
        return (_p(texts[0]),)
    if not texts:
        return (_p(tt.DASH, align=Align.CENTER),)
    return (_numbered(texts, lambda i: _dot_label(i, thai), align=Align.LEFT),)


def _head_cell(text: str) -> Cell:
    return Cell((_p(text, align=Align.CENTER, bold=True),), align=Align.CENTER, valign="middle",
                shade=True)


def _period(plan: Plan, thai: bool) -> str:
    return phrases.plan_period(plan.first_year, plan.last_year, thai)


def _signer(plan: Plan) -> str:
    return plan.signed_place or plan.organization.name


# --------------------------------------------------------------------------- Part 1 tables

def measure_text(plan: Plan, measure: ControlMeasure) -> str:
    """A control measure as printed: the project's name when it names a project of the plan."""
    if measure.project is not None:
        try:
            return plan.project(measure.project).name
        except KeyError:  # validation reports unknown ids; print what the file says
            return measure.text or measure.project
    return measure.text


def risk_table(plan: Plan, settings: Settings) -> Table:
    """The risk assessment table of Part 1 (columns of :data:`phrases.RISK_COLUMNS`).

    Rows: one "header" row, then one "body" row per risk (key ``risk-<n>``). Risk issues and
    control measures are "๑." lists inside their cells when there are several.
    """
    thai = settings.thai_digits
    rows = [Row(tuple(_head_cell(h) for h in phrases.RISK_COLUMNS), kind="header")]
    for i, risk in enumerate(plan.risks, start=1):
        rows.append(_risk_row(plan, i, risk, thai))
    return Table(widths=RISK_WIDTHS, rows=rows, header_rows=1, name=RISK_TABLE_NAME)


def _risk_row(plan: Plan, i: int, risk: RiskItem, thai: bool) -> Row:
    measures = [measure_text(plan, m) for m in risk.control_measures]
    cells = (
        Cell((_p(tt.digits(i, thai), align=Align.CENTER),), align=Align.CENTER),
        Cell((_p(risk.process_step),)),
        Cell(_cell_list(risk.risk_issues, thai)),
        Cell((_p(risk.risk_level.value, align=Align.CENTER),), align=Align.CENTER),
        Cell(_cell_list(measures, thai)),
    )
    return Row(cells, kind="body", key=f"risk-{i}")


def target_table(plan: Plan, settings: Settings) -> Table:
    """The target table of Part 1: ค่าเป้าหมาย | ปี ๒๕๖๖ … one row per target (key ``target-<n>``)."""
    thai = settings.thai_digits
    head = [_head_cell(phrases.TARGET_TABLE_HEAD)]
    head += [_head_cell(phrases.year_column(y, thai)) for y in plan.years]
    rows = [Row(head, kind="header")]
    for i, target in enumerate(plan.target_table, start=1):
        cells = [Cell((_p(target.label),))]
        cells += [Cell((_p(target.values.get(y, tt.DASH), align=Align.CENTER),),
                       align=Align.CENTER) for y in plan.years]
        rows.append(Row(cells, kind="body", key=f"target-{i}"))
    widths = (TARGET_LABEL_WIDTH,) + (TARGET_YEAR_WIDTH,) * len(plan.years)
    return Table(widths=widths, rows=rows, header_rows=1, name=TARGET_TABLE_NAME)


# --------------------------------------------------------------------------- front matter

def _part_title(n: int, thai: bool) -> str:
    """``"ส่วนที่ ๑ บทนำ"`` as the table of contents and the outline name a part."""
    return f"{phrases.part_heading(n, thai)} {phrases.PART_TITLES[n]}"


def cover_section(plan: Plan, settings: Settings) -> Section:
    thai = settings.thai_digits
    blocks = (
        Spacer(6),
        _p(plan.title, align=Align.CENTER, bold=True, size="title"),
        Spacer(2),
        _p(plan.organization.name, align=Align.CENTER, bold=True, size="title"),
        _p(_period(plan, thai), align=Align.CENTER, bold=True, size="title"),
    )
    return Section(blocks, page_numbers=PageNumbers.NONE, page_start=None, name="cover")


def preface_blocks(plan: Plan, settings: Settings) -> list[Block]:
    """คำนำ: the plan's paragraphs, the generated description of the three parts (with the project
    count per dimension), the closing paragraphs and the signature."""
    thai = settings.thai_digits
    blocks: list[Block] = [Heading((Run(phrases.PREFACE, bold=True),), level=0,
                                   bookmark="preface", align=Align.CENTER)]
    intro = phrases.parts_intro(3, thai)
    paragraphs = list(plan.preface)
    # the plan's own text may write the phrase in the other digits ("ประกอบด้วย ๓ ส่วน ดังนี้")
    if paragraphs and not tt.digits(paragraphs[-1].rstrip(), thai).endswith(intro):
        paragraphs[-1] = f"{paragraphs[-1].rstrip()} {intro}"
    elif not paragraphs:
        paragraphs = [intro]
    blocks += [_body(t) for t in paragraphs]
    dims = plan.groups()
    blocks.append(_body(phrases.part1_contents(thai)))
    blocks.append(_body(phrases.part2_contents(plan.first_year, plan.last_year, len(dims),
                                               len(plan.projects), thai)))
    for g in dims:
        blocks.append(_p(phrases.dimension_count(g.item.code, g.item.title, len(g.projects), thai),
                         indent=1))
    blocks.append(_body(phrases.part3_contents(thai)))
    closing = [_body(t) for t in plan.preface_closing]
    if closing:  # the last paragraph stays on the page of the signature
        closing[-1] = attrs.evolve(closing[-1], keep_with_next=True)
    blocks += closing
    blocks += [
        _p(_signer(plan), align=Align.RIGHT, keep=True, space_before=True),
        _p(tt.thai_month_year(plan.signed_month or 1, plan.signed_year_be, thai=thai),
           align=Align.RIGHT),
    ]
    return blocks


def toc_entries(plan: Plan, settings: Settings) -> tuple[TocEntry, ...]:
    thai = settings.thai_digits
    # the preface opens the front matter, numbered from ก: its page is known
    entries = [TocEntry(phrases.PREFACE, "preface", 0, page_label=tt.thai_letter(1)),
               TocEntry(_part_title(1, thai), "part1", 0)]
    for i, name in enumerate(phrases.PART1_SECTIONS, start=1):
        entries.append(TocEntry(f"{tt.digits(i, thai)}. {name}", f"part1-s{i}", 1))
    entries.append(TocEntry(_part_title(2, thai), "part2", 0))
    entries.append(TocEntry(_part_title(3, thai), "part3", 0))
    return tuple(entries)


def contents_blocks(plan: Plan, settings: Settings) -> list[Block]:
    return [
        Heading((Run(phrases.CONTENTS, bold=True),), level=0, bookmark="contents",
                align=Align.CENTER),
        Toc(toc_entries(plan, settings), page_heading=phrases.PAGE),
    ]


# --------------------------------------------------------------------------- Part 1

def _part_heading(n: int, thai: bool, *, with_title: bool = True) -> Heading:
    """A part heading: "ส่วนที่ ๑" over its title on a second line ("\\n" is a line break)."""
    head = phrases.part_heading(n, thai)
    runs = (Run(head, bold=True), Run("\n" + phrases.PART_TITLES[n], bold=True)) if with_title \
        else (Run(head, bold=True),)
    return Heading(runs, level=0, bookmark=f"part{n}", align=Align.CENTER,
                   outline_title=_part_title(n, thai))


def _section_heading(i: int, thai: bool) -> Heading:
    return Heading((Run(f"{tt.digits(i, thai)}. {phrases.PART1_SECTIONS[i - 1]}", bold=True),),
                   level=1, bookmark=f"part1-s{i}")


def part1_section(plan: Plan, settings: Settings) -> Section:
    thai = settings.thai_digits
    paren = lambda i: phrases.paren_label(i, thai)  # noqa: E731
    blocks: list[Block] = [_part_heading(1, thai)]
    blocks += [_section_heading(1, thai), risk_table(plan, settings)]
    blocks.append(_section_heading(2, thai))
    blocks += [_body(t) for t in plan.rationale]
    blocks.append(_section_heading(3, thai))
    blocks.append(_numbered(plan.objectives, paren))
    blocks.append(_section_heading(4, thai))
    blocks.append(_numbered(plan.targets, paren))
    if plan.target_table:
        blocks += [Spacer(0.5), target_table(plan, settings)]
    blocks.append(_section_heading(5, thai))
    blocks.append(_numbered(plan.benefits, paren))
    return Section(blocks, orientation=Orientation.PORTRAIT, page_numbers=PageNumbers.DIGITS,
                   page_start=1, name="part1")


# --------------------------------------------------------------------------- Part 2

def part2_section(plan: Plan, settings: Settings) -> Section:
    thai = settings.thai_digits
    period = _period(plan, thai)
    blocks: list[Block] = [
        _part_heading(2, thai, with_title=False),
        _p(plan.title, align=Align.CENTER, bold=True, size="large"),
        _p(period, align=Align.CENTER, bold=True, size="large"),
        _p(plan.organization.name, align=Align.CENTER, bold=True, size="large"),
        _body(phrases.part2_intro(plan.organization.name, plan.title, period,
                                  len(plan.projects), thai)),
        part2_table(plan, settings),
    ]
    return Section(blocks, orientation=Orientation.LANDSCAPE, page_numbers=PageNumbers.DIGITS,
                   page_start=None, name="part2")


# --------------------------------------------------------------------------- Part 3

def _field(i: int, thai: bool) -> Paragraph:
    return _p(phrases.field_label(i, thai), bold=True, keep=True, space_before=True)


def _step_list(steps: Sequence[Step], path: tuple[int, ...], thai: bool, indent: int) -> ListBlock:
    items = []
    i = 0
    for step in steps:
        if not step.bullet:
            i += 1
        p = path + (i,)
        label = "-" if step.bullet else phrases.step_label(p, thai)
        children = _step_list(step.steps, p, thai, indent + 1) if step.steps else None
        items.append(ListItem(label, (_p(step.text, align=Align.JUSTIFY),), children))
    return ListBlock(tuple(items), indent=indent)


def budget_lines(plan: Plan, project: Project, settings: Settings) -> tuple[str, ...]:
    """Field ๗: one amount when every year of the project has the same budget, per-year lines when
    they differ, "ไม่ใช้งบประมาณ" when it uses none."""
    thai = settings.thai_digits
    years = set(plan.project_years(project))
    years |= {y for y, v in project.budget.items() if v}
    amounts = [(y, project.amount(y)) for y in sorted(years)]
    if not any(v for _, v in amounts):
        return (tt.NO_BUDGET,)
    if len({v for _, v in amounts}) == 1:
        return (tt.amount_baht(amounts[0][1], thai),)
    return tuple(phrases.budget_year_line(y, tt.amount_baht(v, thai) if v else tt.NO_BUDGET, thai)
                 for y, v in amounts)


def _items(texts: Sequence[str], thai: bool, indent: int) -> list[Block]:
    """Outputs or outcomes: numbered "๑)" when more than one, a paragraph for one, "-" for none."""
    if not texts:
        return [_p(tt.DASH, indent=indent)]
    if len(texts) == 1:
        return [_p(texts[0], align=Align.JUSTIFY, indent=indent)]
    return [_numbered(texts, lambda i: phrases.project_label(i, thai), indent=indent)]


def project_sheet(plan: Plan, number: int, project: Project, settings: Settings) -> list[Block]:
    """One project sheet: "ลำดับที่ N" and the nine numbered fields."""
    thai = settings.thai_digits
    blocks: list[Block] = [
        Heading((Run(phrases.sequence_heading(number, thai), bold=True),), level=4,
                bookmark=f"project-{number}", align=Align.CENTER,
                outline_title=f"{phrases.sequence_heading(number, thai)} {project.name}"),
        Paragraph((Run(phrases.field_label(1, thai) + phrases.PROJECT_NAME_SEPARATOR, bold=True),
                   Run(project.name)), align=Align.LEFT, space_before=True),
        _field(2, thai),
    ]
    blocks += [_body(t) for t in project.rationale] or [_p(tt.DASH, indent=1)]
    blocks.append(_field(3, thai))
    blocks.append(_numbered(project.objectives, lambda i: phrases.project_label(i, thai), indent=1)
                  if project.objectives else _p(tt.DASH, indent=1))
    blocks.append(_field(4, thai))
    blocks.append(_p(project.target_group.text(thai) if project.target_group else tt.DASH,
                     align=Align.JUSTIFY, indent=1))
    blocks.append(_field(5, thai))
    blocks.append(_step_list(project.steps, (), thai, 1) if project.steps
                  else _p(tt.DASH, indent=1))
    blocks.append(_field(6, thai))
    blocks.append(_p(phrases.duration_text(plan.project_years(project), thai), indent=1))
    blocks.append(_field(7, thai))
    blocks += [_p(line, indent=1) for line in budget_lines(plan, project, settings)]
    blocks.append(_field(8, thai))
    blocks.append(_p(project.responsible or tt.DASH, indent=1))
    blocks.append(_field(9, thai))
    blocks.append(_p(phrases.OUTPUTS, bold=True, indent=1, keep=True))
    blocks += _items(project.outputs, thai, 2)
    blocks.append(_p(phrases.OUTCOMES, bold=True, indent=1, keep=True))
    blocks += _items(project.outcomes, thai, 2)
    return blocks


def part3_section(plan: Plan, settings: Settings) -> Section:
    """Headings มิติที่ → mission → sub-item, each project sheet on a new page."""
    thai = settings.thai_digits
    # the part's title page: its heading in the middle of the page, each dimension on a new page
    blocks: list[Block] = [Spacer(PART3_TITLE_DROP), _part_heading(3, thai)]
    for dim in plan.groups():
        if not dim.projects:
            continue
        blocks.append(PageBreak())
        blocks.append(Heading((Run(phrases.dimension_heading(dim.item.code, dim.item.title, thai),
                                   bold=True),), level=1, bookmark=f"dim-{dim.item.code}",
                              align=Align.CENTER))
        new_page = False
        for mission in dim.missions:
            if new_page:
                blocks.append(PageBreak())
            blocks.append(Heading((Run(phrases.coded_title(mission.item.code, mission.item.title,
                                                           thai), bold=True),),
                                  level=2, bookmark="mission-" + mission.item.code.replace(".", "-")))
            new_page = False
            for sub in mission.sub_items:
                if new_page:
                    blocks.append(PageBreak())
                if sub.item is not None:
                    blocks.append(Heading((Run(phrases.coded_title(sub.item.code, sub.item.title,
                                                                   thai), bold=True),),
                                          level=3,
                                          bookmark="sub-" + sub.item.code.replace(".", "-")))
                new_page = False
                for n in sub.projects:
                    if new_page:
                        blocks.append(PageBreak())
                    blocks += project_sheet(plan, n.number, n.project, settings)
                    new_page = True
    return Section(blocks, orientation=Orientation.PORTRAIT, page_numbers=PageNumbers.DIGITS,
                   page_start=None, name="part3")


# --------------------------------------------------------------------------- the document

def plan_meta(plan: Plan, settings: Settings) -> Meta:
    thai = settings.thai_digits
    created = _dt.datetime.combine(plan.date, _dt.time(0, 0))
    return Meta(
        title=f"{plan.title} {_period(plan, thai)}",
        author=plan.organization.name,
        subject=f"{plan.title} {plan.organization.name} {_period(plan, thai)}",
        keywords=KEYWORDS + (plan.organization.name,),
        created=created,
    )


def compose_plan(plan: Plan, settings: Settings) -> Document:
    """The whole five-year plan as a document tree."""
    front = Section(
        tuple(preface_blocks(plan, settings)) + (PageBreak(),) + tuple(contents_blocks(plan, settings)),
        orientation=Orientation.PORTRAIT, page_numbers=PageNumbers.THAI_LETTERS, page_start=1,
        name="front",
    )
    return with_digits(Document(
        meta=plan_meta(plan, settings),
        sections=(
            cover_section(plan, settings),
            front,
            part1_section(plan, settings),
            part2_section(plan, settings),
            part3_section(plan, settings),
        ),
        thai_digits=settings.thai_digits,
    ), settings.thai_digits)

