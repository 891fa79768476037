"""The plan's document tree: structure, wording from the model, numbering shared by Parts 2 and 3."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import attrs
import pytest

from antong_reports.compose import phrases
from antong_reports.thai import text as tt
from antong_reports.compose.plan import (budget_lines, compose_plan, measure_text, risk_table,
                                         target_table)
from antong_reports.compose.tree import (Align, Heading, ListBlock, Orientation, PageBreak,
                                         PageNumbers, Paragraph, Table, Toc, block_text,
                                         walk_block)
from antong_reports.model.plan import Step
from antong_reports.common.settings import Settings

S = Settings()
ARABIC = Settings(thai_digits=False)


def _blocks(doc, name):
    section = next(s for s in doc.sections if s.name == name)
    out = []
    for b in section.blocks:
        out.extend(walk_block(b))
    return out


def _headings(doc):
    return [b for b in doc.walk() if isinstance(b, Heading)]


def _tables(doc):
    return {b.name: b for b in doc.walk() if isinstance(b, Table)}


def _sheets(doc):
    """(number, [blocks of the sheet]) for every "ลำดับที่ N" sheet of Part 3."""
    blocks = [b for s in doc.sections if s.name == "part3" for b in s.blocks]
    sheets = []
    for b in blocks:
        if isinstance(b, Heading) and b.text.startswith(phrases.SEQUENCE):
            sheets.append((b, []))
        elif sheets:
            sheets[-1][1].append(b)
    return sheets


@pytest.fixture(scope="module", params=["mini", "sample"])
def case(request, mini_plan):
    if request.param == "mini":
        plan = mini_plan
    else:
        plan = request.getfixturevalue("sample_plan")
    return plan, compose_plan(plan, S)


# --------------------------------------------------------------------------- both plans

def test_sections_in_official_order(case):
    plan, doc = case
    assert [s.name for s in doc.sections] == ["cover", "front", "part1", "part2", "part3"]
    cover, front, part1, part2, part3 = doc.sections
    assert cover.page_numbers is PageNumbers.NONE
    assert (front.page_numbers, front.page_start) == (PageNumbers.THAI_LETTERS, 1)
    assert (part1.page_numbers, part1.page_start) == (PageNumbers.DIGITS, 1)
    assert part2.orientation is Orientation.LANDSCAPE
    assert part1.orientation is part3.orientation is Orientation.PORTRAIT
    assert part2.page_start is None and part3.page_start is None


def test_cover_holds_title_organization_period(case):
    plan, doc = case
    texts = [block_text(b) for b in doc.sections[0].blocks]
    assert plan.title in texts
    assert plan.organization.name in texts
    assert phrases.plan_period(plan.first_year, plan.last_year) in texts
    assert "(พ.ศ. ๒๕๖๖ – ๒๕๗๐)" in texts


def test_three_parts_with_bookmarked_headings(case):
    plan, doc = case
    parts = [h for h in _headings(doc) if h.level == 0 and h.text.startswith(phrases.PART_WORD)]
    assert [h.bookmark for h in parts] == ["part1", "part2", "part3"]
    assert [h.text.split("\n")[0] for h in parts] == ["ส่วนที่ ๑", "ส่วนที่ ๒", "ส่วนที่ ๓"]
    sections = [h for h in _headings(doc) if h.bookmark and h.bookmark.startswith("part1-s")]
    assert [h.text for h in sections] == [f"{tt.digits(i)}. {name}"
                                          for i, name in enumerate(phrases.PART1_SECTIONS, 1)]


def test_bookmarks_are_ascii_and_unique(case):
    plan, doc = case
    marks = [h.bookmark for h in _headings(doc) if h.bookmark]
    assert len(marks) == len(set(marks))
    assert all(re.fullmatch(r"[a-z0-9-]+", m) for m in marks)


def test_toc_points_at_existing_headings(case):
    plan, doc = case
    toc = next(b for b in doc.walk() if isinstance(b, Toc))
    marks = {h.bookmark for h in _headings(doc)}
    assert [e.bookmark for e in toc.entries] == (
        ["preface", "part1"] + [f"part1-s{i}" for i in range(1, 6)] + ["part2", "part3"])
    assert all(e.bookmark in marks for e in toc.entries)
    assert toc.entries[0].text == phrases.PREFACE and toc.entries[0].page_label == "ก"
    assert all(e.page_label is None for e in toc.entries[1:])
    assert toc.entries[1].text == "ส่วนที่ ๑ บทนำ"
    assert toc.page_heading == "หน้า"


def test_one_sheet_per_project_numbered_as_part2(case):
    plan, doc = case
    sheets = _sheets(doc)
    numbered = plan.numbered()
    assert len(sheets) == len(plan.projects)
    assert [h.text for h, _ in sheets] == [phrases.sequence_heading(n.number) for n in numbered]
    assert [h.bookmark for h, _ in sheets] == [f"project-{n.number}" for n in numbered]
    # the Part 2 table lists the same projects with the same numbers and the same names
    part2 = _tables(doc)["part2-budget"]
    body = [r for r in part2.rows if r.kind == "body"]
    assert [r.key for r in body] == [n.project.id for n in numbered]
    part2_names = []
    for row, n in zip(body, numbered):
        label = phrases.project_label(n.number)
        texts = [c.text for c in row.cells if c.text.startswith(label + " ")]
        assert len(texts) == 1
        part2_names.append(texts[0][len(label) + 1:])
    sheet_names = []
    for _, blocks in sheets:
        first = blocks[0]
        prefix = phrases.field_label(1) + phrases.PROJECT_NAME_SEPARATOR
        assert isinstance(first, Paragraph) and first.text.startswith(prefix)
        sheet_names.append(first.text[len(prefix):])
    assert part2_names == sheet_names == [n.project.name for n in numbered]


def test_nine_fields_on_every_sheet(case):
    plan, doc = case
    for heading, blocks in _sheets(doc):
        labels = [b.text for b in blocks if isinstance(b, Paragraph)
                  and re.match(r"^[๐-๙]+\. ", b.text) and b.runs[0].bold]
        labels = [t.split(phrases.PROJECT_NAME_SEPARATOR)[0] for t in labels]
        assert labels == [phrases.field_label(i) for i in range(1, 10)], heading.text
        texts = [b.text for b in blocks if isinstance(b, Paragraph)]
        assert phrases.OUTPUTS in texts and phrases.OUTCOMES in texts


def test_preface_describes_the_parts_from_the_model(case):
    plan, doc = case
    front = doc.sections[1].blocks
    preface = front[:next(i for i, b in enumerate(front) if isinstance(b, PageBreak))]
    texts = [block_text(b) for b in preface]
    joined = "\n".join(texts)
    assert joined.count(phrases.parts_intro(3)) == 1
    assert phrases.part1_contents() in texts
    part2 = next(t for t in texts if t.startswith("ส่วนที่ ๒ ประกอบด้วย"))
    assert part2.endswith(f"รวมทั้งสิ้นจำนวน {tt.number(len(plan.projects))} โครงการ ดังนี้")
    for g in plan.groups():
        line = f"มิติที่ {tt.digits(g.item.code)} {g.item.title} จำนวน {tt.number(len(g.projects))} โครงการ"
        assert line in texts
    assert phrases.part3_contents() in texts
    assert texts[-2:] == [plan.signed_place or plan.organization.name, "กันยายน ๒๕๖๕"]
    sig = [b for b in preface if isinstance(b, Paragraph)][-2:]
    assert all(p.align is Align.RIGHT for p in sig)


def test_body_paragraphs_justified_table_text_not(case):
    plan, doc = case
    rationale = [b for b in _blocks(doc, "part1") if isinstance(b, Paragraph)
                 and b.text in plan.rationale]
    assert len(rationale) == len(plan.rationale)
    assert all(p.align is Align.JUSTIFY and p.first_line_indent for p in rationale)
    for t in _tables(doc).values():
        for row in t.rows:
            for cell in row.cells:
                for b in cell.blocks:
                    for inner in walk_block(b):
                        if isinstance(inner, Paragraph):
                            assert inner.align is not Align.JUSTIFY


def test_meta_from_the_plan(case):
    plan, doc = case
    assert doc.meta.author == plan.organization.name
    assert plan.title in doc.meta.title
    assert doc.meta.created == dt.datetime(2022, 9, 1)
    assert doc.meta.keywords


def test_compose_is_deterministic(case):
    plan, doc = case
    assert compose_plan(plan, S) == doc


# --------------------------------------------------------------------------- the sample

def test_sample_part1_tables(sample_plan):
    risks = risk_table(sample_plan, S)
    assert risks.ncols == 5 and risks.header_rows == 1
    assert [c.text for c in risks.rows[0].cells] == list(phrases.RISK_COLUMNS)
    assert len(risks.rows) == 1 + len(sample_plan.risks)
    first = risks.rows[1]
    assert first.cells[0].text == "๑"
    issues = first.cells[2].blocks[0]
    assert isinstance(issues, ListBlock)
    assert [i.label for i in issues.items] == ["๑.", "๒.", "๓."]
    measures = first.cells[4].blocks[0]
    assert [i.blocks[0].text for i in measures.items] == [
        sample_plan.project(m.project).name for m in sample_plan.risks[0].control_measures]
    single = next(r for r in risks.rows[1:] if len(r.cells[2].blocks) == 1
                  and isinstance(r.cells[2].blocks[0], Paragraph))
    assert not re.match(r"^[๐-๙]+\.", single.cells[2].text)

    targets = target_table(sample_plan, S)
    assert [c.text for c in targets.rows[0].cells] == ["ค่าเป้าหมาย", "ปี ๒๕๖๖", "ปี ๒๕๖๗", "ปี ๒๕๖๘",
                                                       "ปี ๒๕๖๙", "ปี ๒๕๗๐"]
    assert [c.text for c in targets.rows[2].cells] == ["คะแนน ITA"] + ["๘๕ คะแนน"] * 5


def test_sample_part1_lists_are_paren_numbered(sample_plan):
    doc = compose_plan(sample_plan, S)
    lists = [b for b in doc.sections[2].blocks if isinstance(b, ListBlock)]
    assert [len(lb.items) for lb in lists] == [len(sample_plan.objectives), len(sample_plan.targets),
                                              len(sample_plan.benefits)]
    for lb in lists:
        assert [i.label for i in lb.items] == [f"({tt.digits(k)})" for k in range(1, len(lb.items) + 1)]


def test_sample_part2_section(sample_plan):
    doc = compose_plan(sample_plan, S)
    texts = [block_text(b) for b in doc.sections[3].blocks]
    assert texts[0] == "ส่วนที่ ๒"
    assert texts[1:4] == [sample_plan.title, "(พ.ศ. ๒๕๖๖ – ๒๕๗๐)", "เทศบาลเมืองอ่างทอง"]
    assert texts[4] == ("เทศบาลเมืองอ่างทองได้ดำเนินการจัดทำแผนปฏิบัติการป้องกันการทุจริตเพื่อยกระดับคุณธรรม"
                        "และความโปร่งใส (พ.ศ. ๒๕๖๖ – ๒๕๗๐) ประกอบด้วยโครงการ/กิจกรรม/มาตรการ รวมจำนวน ๒๗ "
                        "โครงการ ดังนี้")
    table = doc.sections[3].blocks[-1]
    assert isinstance(table, Table) and table.name == "part2-budget" and table.header_rows == 2


def test_sample_part3_headings(sample_plan):
    doc = compose_plan(sample_plan, S)
    heads = [h for h in _headings(doc) if h.bookmark and h.bookmark.startswith(("dim-", "mission-",
                                                                                "sub-"))]
    assert heads[0].text == "มิติที่ ๑ การสร้างวัฒนธรรมสุจริต" and heads[0].level == 1
    assert heads[1].text.startswith("๑.๑ การเสริมสร้างจิตสำนึก") and heads[1].level == 2
    assert heads[2].text.startswith("๑.๑.๑ เสริมสร้างจิตสำนึก") and heads[2].level == 3
    dims = [h for h in heads if h.level == 1]
    assert [h.bookmark for h in dims] == ["dim-1", "dim-2", "dim-3", "dim-4"]
    # the generated ๓.๓ heading stands before the ๓.๓.๓ sub-item
    texts = [h.text for h in heads]
    assert texts.index(next(t for t in texts if t.startswith("๓.๓ "))) + 1 == \
        texts.index(next(t for t in texts if t.startswith("๓.๓.๓ ")))


def test_sample_sheet_fields(sample_plan):
    doc = compose_plan(sample_plan, S)
    sheets = _sheets(doc)
    _, first = sheets[0]
    texts = [block_text(b) for b in first]
    assert "บุคลากร ผู้บริหาร และสมาชิกสภาท้องถิ่นของเทศบาลเมืองอ่างทอง จำนวน ๑๑๒ คน" in texts
    assert "ปีงบประมาณ พ.ศ. ๒๕๖๖ - ๒๕๗๐" in texts
    assert "๓๒,๕๘๐.๐๐ บาท" in texts
    steps = next(b for b in first if isinstance(b, ListBlock) and b.items[0].label == "๑)"
                 and "จัดทำโครงการ" in b.items[0].blocks[0].text)
    assert len(steps.items) == 7
    _, second = sheets[1]
    assert tt.NO_BUDGET in [block_text(b) for b in second]
    # nested steps: sheet ๒๓ (complaints) has ๓.๑) and "-" items under step ๓)
    number = sample_plan.number_of("complaint-handling")
    _, sheet = sheets[number - 1]
    text = "\n".join(block_text(b) for b in sheet)
    assert "๓.๑) การจัดการเรื่องร้องเรียนทั่วไป" in text
    assert "- กำหนดให้มีเจ้าหน้าที่/หน่วยงานผู้รับผิดชอบอย่างชัดเจน" in text


# --------------------------------------------------------------------------- the mini plan

def test_mini_budget_lines(mini_plan):
    p1 = mini_plan.project("p1")  # 2566 and 2567 at 10,000, nothing after
    assert budget_lines(mini_plan, p1, S) == (
        "ปี ๒๕๖๖ ๑๐,๐๐๐.๐๐ บาท", "ปี ๒๕๖๗ ๑๐,๐๐๐.๐๐ บาท", "ปี ๒๕๖๘ ไม่ใช้งบประมาณ",
        "ปี ๒๕๖๙ ไม่ใช้งบประมาณ", "ปี ๒๕๗๐ ไม่ใช้งบประมาณ")
    same = attrs.evolve(p1, years=(2566, 2567))
    assert budget_lines(mini_plan, same, S) == ("๑๐,๐๐๐.๐๐ บาท",)
    assert budget_lines(mini_plan, mini_plan.project("p2"), S) == ("ไม่ใช้งบประมาณ",)
    differ = attrs.evolve(p1, years=(2566, 2567),
                          budget={2566: Decimal(1500), 2567: Decimal("2000.5")})
    assert budget_lines(mini_plan, differ, ARABIC) == ("ปี 2566 1,500.00 บาท", "ปี 2567 2,000.50 บาท")


def test_mini_nested_steps(mini_plan):
    doc = compose_plan(mini_plan, S)
    _, sheet = _sheets(doc)[0]
    steps = next(b for b in sheet if isinstance(b, ListBlock) and b.items[0].label == "๑)"
                 and b.items[0].blocks[0].text == "จัดทำโครงการ")
    second = steps.items[1]
    assert second.label == "๒)" and second.children is not None
    assert [i.label for i in second.children.items] == ["๒.๑)", "๒.๒)"]
    deepest = second.children.items[1].children
    assert [(i.label, i.blocks[0].text) for i in deepest.items] == [("-", "แบบสอบถาม")]
    assert deepest.indent == second.children.indent + 1


def test_mini_control_measures(mini_plan):
    risks = risk_table(mini_plan, S)
    items = risks.rows[1].cells[4].blocks[0].items
    assert [i.blocks[0].text for i in items] == ["โครงการอบรมคุณธรรม", "มาตรการอื่น"]
    assert measure_text(mini_plan, attrs.evolve(mini_plan.risks[0].control_measures[0],
                                                project="unknown", text="")) == "unknown"


def test_single_output_is_not_numbered(mini_plan):
    doc = compose_plan(mini_plan, S)
    _, sheet = _sheets(doc)[0]
    texts = [block_text(b) for b in sheet]
    i = texts.index(phrases.OUTPUTS)
    assert texts[i + 1] == "อบรม ๑ ครั้ง"
    two = attrs.evolve(mini_plan, projects=(attrs.evolve(mini_plan.projects[0],
                                                         outputs=("ก", "ข")),) + mini_plan.projects[1:])
    _, sheet = _sheets(compose_plan(two, S))[0]
    lb = sheet[[block_text(b) for b in sheet].index(phrases.OUTPUTS) + 1]
    assert isinstance(lb, ListBlock) and [i.label for i in lb.items] == ["๑)", "๒)"]


def test_arabic_digits_setting(mini_plan):
    doc = compose_plan(mini_plan, ARABIC)
    assert doc.thai_digits is False
    heads = [h.text for h in _headings(doc)]
    assert "ลำดับที่ 1" in heads and "ส่วนที่ 2" in heads
    generated = [h for h in heads if not tt.has_thai_digit(h)]
    assert len(generated) == len(heads)
    assert "(พ.ศ. 2566 – 2570)" in [block_text(b) for b in doc.sections[0].blocks]


def test_step_free_project_still_has_nine_fields(mini_plan):
    p2 = mini_plan.project("p2")
    assert p2.steps == () and p2.rationale == ()
    doc = compose_plan(mini_plan, S)
    heading, sheet = _sheets(doc)[1]
    assert heading.text == "ลำดับที่ ๒"
    assert sum(1 for b in sheet if isinstance(b, Paragraph) and b.runs and b.runs[0].bold
               and re.match(r"^[๐-๙]\. ", b.text)) == 9


def test_step_model_walk_matches_labels(mini_plan):
    # every step of the model appears once in the sheet with its depth's label style
    doc = compose_plan(mini_plan, S)
    _, sheet = _sheets(doc)[0]
    text = "\n".join(block_text(b) for b in sheet)
    for top in mini_plan.project("p1").steps:
        for step in Step.walk(top):
            assert text.count(step.text) >= 1
