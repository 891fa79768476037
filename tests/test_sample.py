"""The bundled sample: the real Ang Thong plan 2566-2570, checked against its source text.

The source is tests/data/angthong-plan-2566-2570.txt (a plain-text extraction of the signed plan);
docs/corrections.md lists every place where the sample differs from it and why.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from antong_reports.thai import text as tt
from antong_reports.model.plan import ProjectKind, RiskLevel, TargetCategory
from antong_reports.sources import load_plan
from antong_reports.sources.planfile import dump_plan_yaml, plan_from_data
ROOT = Path(__file__).resolve().parent.parent
REFERENCE = Path(__file__).resolve().parent / "data" / "angthong-plan-2566-2570.txt"
CORRECTIONS = ROOT / "docs" / "corrections.md"

YEARS = (2566, 2567, 2568, 2569, 2570)

#: A list marker at the start of a line of the source: "- ", "๑) ", "(๑) ", "๓.๑) " or "- ๑) ".
LABEL = re.compile(r"^(?:- )?(?:[๐-๙]+\.[๐-๙]+\) |\([๐-๙]+\) |[๐-๙]+\) )?")

#: The plan's order: Part 3 sheet order, which the model derives from the codes.
EXPECTED_ORDER = (
    ("legal-knowledge-training", "1.1.1"),
    ("legal-knowledge-publicity", "1.1.1"),
    ("ethics-code-measure", "1.1.1"),
    ("anti-corruption-knowledge", "1.1.3"),
    ("service-excellence-role-model", "1.1.3"),
    ("honest-staff-honour", "1.1.3"),
    ("youth-council-values", "1.2.3"),
    ("anti-corruption-slogan-contest", "1.3.1"),
    ("budget-transparency", "2.1.2"),
    ("no-gift-policy", "2.2.2"),
    ("equal-service-culture", "2.2.2"),
    ("integrity-transparency-measure", "2.2.2"),
    ("personnel-management-measure", "2.2.2"),
    ("salary-step-transparency", "2.2.2"),
    ("state-property-transparency", "2.2.2"),
    ("queue-cards", "2.2.2"),
    ("service-excellence-governance", "2.2.2"),
    ("anti-corruption-plan", "2.2.3"),
    ("good-governance-agreement", "2.3.1"),
    ("performance-agreement", "2.3.1"),
    ("community-forum", "3.1.1"),
    ("public-participation", "3.1.1"),
    ("complaint-handling", "3.2.2"),
    ("cross-sector-integration", "3.3.3"),
    ("internal-control-evaluation", "4.1.2"),
    ("council-capacity", "4.2.2"),
    ("corruption-complaint-channels", "4.3.2"),
)

#: Projects whose target group names two groups with a count each ("๑) … จำนวน ๑๑๒ คน
#: ๒) … จำนวน ๒๐๐ คน"): one description holds both, and there is no single head count.
TWO_GROUPS = {"budget-transparency", "state-property-transparency"}


@pytest.fixture(scope="module")
def plan(sample_plan):
    return sample_plan


@pytest.fixture(scope="module")
def reference() -> str:
    return REFERENCE.read_text("utf-8")


def _label_free(text: str) -> str:
    """The reference with list markers removed and no whitespace, to find stored text in it."""
    out = []
    for line in text.split("\n"):
        out.append(LABEL.sub("", line.strip()))
    return re.sub(r"\s+", "", "".join(out))


def _table_cells(text: str) -> list[str]:
    """The cells of the source's tables, a row continued on the next page ("\t\t…") joined to its row."""
    rows: list[list[str]] = []
    for line in text.split("\n"):
        if "\t" not in line:
            continue
        cells = line.split("\t")
        if cells in rows:  # a header repeated on a new page
            continue
        if cells[0] == "" and rows and cells[1] == "":  # continuation of the previous row
            rows[-1] = [a + " " + b for a, b in zip(rows[-1], cells)]
        else:
            rows.append(cells)
    return [c for row in rows for c in row]


def _texts(plan):
    """Every stored text of Part 1 and Part 3, with where it is."""
    yield "preface", plan.preface
    yield "preface_closing", plan.preface_closing
    for i, r in enumerate(plan.risks):
        yield f"risks[{i}].process_step", (r.process_step,)
        yield f"risks[{i}].risk_issues", r.risk_issues
    yield "rationale", plan.rationale
    yield "objectives", plan.objectives
    yield "targets", plan.targets
    yield "benefits", plan.benefits
    for row in plan.target_table:
        yield "target_table", (row.label, *row.values.values())
    for p in plan.projects:
        yield f"{p.id}.name", (p.name,)
        yield f"{p.id}.rationale", p.rationale
        yield f"{p.id}.objectives", p.objectives
        yield f"{p.id}.target_group", (p.target_group.description,)
        yield f"{p.id}.steps", tuple(s.text for top in p.steps for s in top.walk())
        yield f"{p.id}.responsible", (p.responsible,)
        yield f"{p.id}.outputs", p.outputs
        yield f"{p.id}.outcomes", p.outcomes


# ---------------------------------------------------------------------------- loading


def test_sample_loads_with_the_plan_header(plan):
    assert plan.slug == "angthong-2566-2570"
    assert plan.title == "แผนปฏิบัติการป้องกันการทุจริตเพื่อยกระดับคุณธรรมและความโปร่งใส"
    org = plan.organization
    assert (org.name, org.kind.value, org.district, org.province) == (
        "เทศบาลเมืองอ่างทอง", "เทศบาลเมือง", "เมืองอ่างทอง", "อ่างทอง")
    assert (plan.first_year, plan.last_year) == (2566, 2570)
    assert plan.years == YEARS
    assert (plan.signed_place, plan.signed_month, plan.signed_year) == ("เทศบาลเมืองอ่างทอง", 9, 2565)
    assert tt.thai_month_year(plan.signed_month, plan.signed_year_be) == "กันยายน ๒๕๖๕"


def test_27_projects_with_unique_ascii_ids(plan):
    ids = [p.id for p in plan.projects]
    assert len(ids) == 27
    assert len(set(ids)) == 27
    for i in ids:
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", i), i
    assert len({p.name for p in plan.projects}) == 27


def test_round_trip_through_yaml_gives_an_equal_plan(plan):
    text = dump_plan_yaml(plan)
    again = plan_from_data(yaml.safe_load(text))
    assert again == plan
    assert dump_plan_yaml(again) == text


def test_round_trip_through_a_file(plan, tmp_path):
    path = tmp_path / "again.yaml"
    path.write_text(dump_plan_yaml(plan), "utf-8")
    assert load_plan(path) == plan


# ---------------------------------------------------------------------------- budget and counts


def test_totals_per_year_are_exact(plan):
    for year in YEARS:
        assert plan.total(year, "1") == Decimal("75160")
        assert plan.total(year, "2") == Decimal("0")
        assert plan.total(year, "3") == Decimal("264000")
        assert plan.total(year, "4") == Decimal("0")
        assert plan.total(year) == Decimal("339160")
        assert isinstance(plan.total(year), Decimal)
    assert plan.totals() == {y: Decimal("339160") for y in YEARS}
    assert plan.grand_total == Decimal("339160") * 5


def test_budgeted_projects_are_the_four_of_part_2(plan):
    budgeted = {p.id: p.budget for p in plan.projects if p.uses_budget}
    assert budgeted == {
        "legal-knowledge-training": {y: Decimal("32580") for y in YEARS},
        "anti-corruption-knowledge": {y: Decimal("32580") for y in YEARS},
        "anti-corruption-slogan-contest": {y: Decimal("10000") for y in YEARS},
        "community-forum": {y: Decimal("264000") for y in YEARS},
    }
    # the others use no budget: no year is stored at all (ไม่ใช้งบประมาณ)
    assert all(not p.budget for p in plan.projects if p.id not in budgeted)


def test_project_counts_per_dimension(plan):
    assert [plan.count(d) for d in "1234"] == [8, 12, 4, 3]
    assert plan.count() == 27
    assert tt.count_text(plan.count()) == "จำนวน ๒๗ โครงการ"
    assert [tt.amount_total(plan.total(2566, d)) for d in "1234"] == [
        "จำนวน ๗๕,๑๖๐ บาท", "จำนวน ๐ บาท", "จำนวน ๒๖๔,๐๐๐ บาท", "จำนวน ๐ บาท"]
    assert tt.amount_total(plan.total(2566)) == "จำนวน ๓๓๙,๑๖๐ บาท"


def test_kinds_follow_the_names(plan):
    for p in plan.projects:
        if p.id == "public-participation":  # the name has no kind word; counted as a project
            assert p.kind is ProjectKind.PROJECT
            assert p.name.startswith("ส่งเสริมการมีส่วนร่วม")
            continue
        assert p.name.startswith(p.kind.value), p.id
    kinds = {k: plan.count(kind=k) for k in ProjectKind}
    assert kinds == {ProjectKind.PROJECT: 12, ProjectKind.ACTIVITY: 7, ProjectKind.MEASURE: 8,
                     ProjectKind.GUIDELINE: 0}


# ---------------------------------------------------------------------------- order and tree


def test_numbered_gives_1_to_27_in_the_plans_order(plan):
    numbered = plan.numbered()
    assert [n.number for n in numbered] == list(range(1, 28))
    assert tuple((n.project.id, n.project.code) for n in numbered) == EXPECTED_ORDER
    # the file is written in that order, so Part 2 and Part 3 agree with the file
    assert tuple(p.id for p in plan.projects) == tuple(i for i, _ in EXPECTED_ORDER)
    assert plan.number_of("corruption-complaint-channels") == 27
    assert plan.number_of("community-forum") == 21
    assert plan.number_of("public-participation") == 22


def test_groups_give_the_dimension_mission_sub_item_tree(plan):
    tree = [
        (d.item.code, len(d.projects),
         [(m.item.code, [(s.item.code if s.item else None, len(s.projects)) for s in m.sub_items])
          for m in d.missions])
        for d in plan.groups()
    ]
    assert tree == [
        ("1", 8, [("1.1", [("1.1.1", 3), ("1.1.3", 3)]), ("1.2", [("1.2.3", 1)]),
                  ("1.3", [("1.3.1", 1)])]),
        ("2", 12, [("2.1", [("2.1.2", 1)]), ("2.2", [("2.2.2", 8), ("2.2.3", 1)]),
                   ("2.3", [("2.3.1", 2)])]),
        ("3", 4, [("3.1", [("3.1.1", 2)]), ("3.2", [("3.2.2", 1)]), ("3.3", [("3.3.3", 1)])]),
        ("4", 3, [("4.1", [("4.1.2", 1)]), ("4.2", [("4.2.2", 1)]), ("4.3", [("4.3.2", 1)])]),
    ]
    numbers = [n.number for d in plan.groups() for n in d.projects]
    assert numbers == list(range(1, 28))


def test_every_code_is_a_confirmed_framework_item(plan):
    assert plan.sub_items == ()
    for p in plan.projects:
        for code in (p.dimension_code, p.mission_code, p.sub_item_code):
            item = plan.framework_item(code)
            assert item is not None and item.confirmed, code


def test_sub_item_titles_are_the_documents_headings(plan, reference):
    lines = set(reference.split("\n"))
    for code in sorted({p.sub_item_code for p in plan.projects}):
        heading = f"{tt.thai_digits(code)} {plan.framework_item(code).title}"
        assert heading in lines, heading


# ---------------------------------------------------------------------------- Part 1


def test_risk_rows_and_their_measures_resolve(plan):
    ids = {p.id for p in plan.projects}
    assert [len(r.risk_issues) for r in plan.risks] == [3, 1, 1, 3]
    assert [r.risk_level for r in plan.risks] == [RiskLevel.MEDIUM] * 3 + [RiskLevel.HIGH]
    measures = [[m.project for m in r.control_measures] for r in plan.risks]
    assert measures == [
        ["anti-corruption-plan", "legal-knowledge-training", "ethics-code-measure"],
        ["personnel-management-measure", "salary-step-transparency"],
        ["state-property-transparency"],
        ["no-gift-policy", "equal-service-culture", "service-excellence-role-model",
         "corruption-complaint-channels"],
    ]
    for r in plan.risks:
        for m in r.control_measures:
            assert m.project in ids
            assert m.text == ""
    for r in plan.risks:
        for issue in r.risk_issues:
            assert not re.match(r"^[๐-๙]+\.", issue), issue  # labels are generated


def test_part_1_sections(plan):
    assert len(plan.preface) == 2 and len(plan.preface_closing) == 1
    assert plan.preface[1].endswith("ประกอบด้วย ๓ ส่วน ดังนี้")
    assert len(plan.rationale) == 5
    assert "ประโยชน์สุขของประชาชนอย่างแท้จริงแล้ว" in plan.rationale[3]
    assert len(plan.objectives) == 5 and len(plan.benefits) == 5 and len(plan.targets) == 2
    assert [(r.label, r.values) for r in plan.target_table] == [
        ("จำนวนคดีทุจริตลดลง (คำนวณจากปี ๒๕๖๕)",
         {y: f"ร้อยละ {tt.thai_digits(v)}" for y, v in zip(YEARS, (10, 20, 30, 40, 50))}),
        ("คะแนน ITA", {y: "๘๕ คะแนน" for y in YEARS}),
    ]
    for text in plan.objectives + plan.targets + plan.benefits:
        assert not text.startswith(("(", "-")), text


# ---------------------------------------------------------------------------- Part 3


def test_every_project_has_its_nine_fields(plan):
    for p in plan.projects:
        assert p.name and p.code
        assert p.rationale and all(p.rationale)
        assert p.objectives and all(p.objectives)
        assert p.target_group is not None and p.target_group.description
        assert p.target_group.categories
        assert p.steps and all(s.text for top in p.steps for s in top.walk())
        assert plan.project_years(p) == YEARS and p.years == ()
        assert p.responsible.endswith("เทศบาลเมืองอ่างทอง")
        assert p.outputs and all(p.outputs), p.id
        assert p.outcomes and all(p.outcomes), p.id
        if p.id in TWO_GROUPS:
            assert p.target_group.count is None
        else:
            assert p.target_group.count and p.target_group.unit == "คน", p.id
            assert "จำนวน" not in p.target_group.description, p.id


def test_the_last_sheets_outcome_is_the_documents_last_line(plan, reference):
    last = plan.project("corruption-complaint-channels")
    assert last.outcomes == (reference.rstrip("\n").split("\n")[-1],)


def test_target_groups_and_categories(plan):
    tg = {p.id: p.target_group for p in plan.projects}
    assert tg["legal-knowledge-training"].text() == (
        "บุคลากร ผู้บริหาร และสมาชิกสภาท้องถิ่นของเทศบาลเมืองอ่างทอง จำนวน ๑๑๒ คน")
    # the document gives this head count in baht; the sample holds people
    assert (tg["community-forum"].count, tg["community-forum"].unit) == (1000, "คน")
    assert tg["community-forum"].text() == "ชุมชน/หมู่บ้าน/ตำบล ในพื้นที่เทศบาลเมืองอ่างทอง จำนวน ๑,๐๐๐ คน"
    assert tg["budget-transparency"].text() == (
        "บุคลากรของเทศบาลเมืองอ่างทอง จำนวน ๑๑๒ คน ประชาชนในเขตพื้นที่เทศบาลเมืองอ่างทอง จำนวน ๒๐๐ คน")
    assert tg["council-capacity"].categories == (TargetCategory.COUNCIL_MEMBERS,)
    assert set(tg["cross-sector-integration"].categories) == {
        TargetCategory.CITIZENS, TargetCategory.SCHOOLS, TargetCategory.GOVERNMENT_AGENCIES,
        TargetCategory.STATE_ENTERPRISES, TargetCategory.PRIVATE_SECTOR}
    assert sum(p.target_group.count or 0 for p in plan.projects) == 13_694


def test_steps_nest_as_the_document_nests_them(plan):
    def shape(steps):
        return [len(s.steps) for s in steps]

    assert shape(plan.project("budget-transparency").steps) == [0, 0, 0, 0, 0, 0, 4]
    assert shape(plan.project("integrity-transparency-measure").steps) == [0, 2, 0, 0, 0, 0, 0, 0]
    assert shape(plan.project("personnel-management-measure").steps) == [0, 0, 0, 0, 5, 0, 0, 0]
    assert shape(plan.project("service-excellence-governance").steps) == [0, 0, 6, 0, 0, 0, 0]
    agreement = plan.project("good-governance-agreement").steps
    assert shape(agreement) == [0, 0, 4, 0, 0, 0, 0]
    assert len(agreement[2].steps[3].steps) == 3
    participation = plan.project("public-participation").steps
    assert shape(participation) == [7, 0]
    assert len(participation[0].steps[0].steps) == 3
    complaints = plan.project("complaint-handling").steps
    assert shape(complaints) == [0, 0, 2, 0, 0, 0, 0, 0, 0, 0]
    assert [len(s.steps) for s in complaints[2].steps] == [5, 5]
    assert shape(plan.project("internal-control-evaluation").steps) == [0, 4, 0, 0, 0]
    assert shape(plan.project("performance-agreement").steps) == [6, 0, 2, 0, 0, 0, 0]
    for p in plan.projects:
        for top in p.steps:
            for s in top.walk():
                assert not re.match(r"^(?:- |\(?[๐-๙]+(?:\.[๐-๙]+)?\) )", s.text), (p.id, s.text)


def test_corrections_are_applied(plan):
    everything = "\n".join(t for _, texts in _texts(plan) for t in texts)
    for wrong in ("งานกาชาด", "งานกาณ์", "สำนักกอล์ฟ", "xxx", "<http", "มติที่"):
        assert wrong not in everything, wrong
    assert all("\n" not in t for _, texts in _texts(plan) for t in texts)
    assert plan.project("anti-corruption-slogan-contest").steps[3].text == (
        "ตัดสินการประกวดตามหลักเกณฑ์ที่เทศบาลเมืองอ่างทองกำหนด")
    units = {p.responsible for p in plan.projects}
    assert units == {
        "งานการเจ้าหน้าที่ สำนักปลัดเทศบาล เทศบาลเมืองอ่างทอง",
        "สำนักปลัดเทศบาล เทศบาลเมืองอ่างทอง",
        "กองสวัสดิการสังคม เทศบาลเมืองอ่างทอง",
        "กองการศึกษา เทศบาลเมืองอ่างทอง",
        "เทศบาลเมืองอ่างทอง",
        "งานทะเบียนราษฎรและบัตรประจำตัวประชาชน สำนักปลัดเทศบาล เทศบาลเมืองอ่างทอง",
        "ทุกกอง ของเทศบาลเมืองอ่างทอง",
    }


def test_names_follow_part_3(plan, reference):
    lines = reference.split("\n")
    sheet_names = [line.split(" : ", 1)[1] for line in lines if line.startswith("๑. ชื่อโครงการ : ")]
    assert [p.name for p in plan.ordered_projects()] == sheet_names


def test_no_text_is_invented(plan, reference):
    """Every stored text is in the document, up to whitespace and list labels, except the
    corrections docs/corrections.md lists."""
    corrected = {
        "ตัดสินการประกวดตามหลักเกณฑ์ที่เทศบาลเมืองอ่างทองกำหนด",
        "งานการเจ้าหน้าที่ สำนักปลัดเทศบาล เทศบาลเมืองอ่างทอง",
    }
    # the one character-level fix: a tone mark written twice ("ให้" + U+0E49)
    fixed = reference.replace("ให้\u0e49", "ให้")
    cells = [re.sub(r"\s+", "", c) for c in _table_cells(fixed)]
    source = _label_free(fixed) + "|" + "|".join(cells)
    missing = []
    for where, texts in _texts(plan):
        for text in texts:
            if text in corrected or "http://www.nacc.go.th" in text:
                continue
            if re.sub(r"\s+", "", text) not in source:
                missing.append((where, text))
    assert missing == []


def test_texts_are_clean(plan):
    for where, texts in _texts(plan):
        for text in texts:
            assert text == text.strip() and "  " not in text and "\t" not in text, (where, text)
            assert not tt.has_arabic_digit(text), (where, text)


# ---------------------------------------------------------------------------- the corrections list


def _machine_readable() -> list[dict]:
    text = CORRECTIONS.read_text("utf-8")
    head = text.index("## Machine-readable list")
    block = re.search(r"```yaml\n(.*?)```", text[head:], re.S)
    assert block, "docs/corrections.md has no yaml block under 'Machine-readable list'"
    return yaml.safe_load(block.group(1))


def test_machine_readable_corrections_quote_the_reference(reference):
    entries = _machine_readable()
    assert isinstance(entries, list) and len(entries) >= 50
    lines = reference.split("\n")
    for e in entries:
        assert set(e) == {"original", "reason"}, e
        assert e["reason"].strip()
        assert e["original"] in lines, e["original"]
    originals = [e["original"] for e in entries]
    assert len(originals) == len(set(originals))


def _reproduced(plan) -> set[str]:
    """Texts the generated plan holds as written: the stored texts and the generated headings,
    labels, duration and budget lines."""
    from antong_reports.compose import phrases as ph

    texts = {t for _, group in _texts(plan) for t in group}
    texts |= {ph.field_label(i) for i in range(1, 10)}
    texts |= {ph.OUTPUTS, ph.OUTCOMES, ph.PAGE, ph.part_heading(1), ph.part_heading(3),
              ph.PART_TITLES[1], ph.PART_TITLES[3], ph.duration_text(plan.years), tt.amount_baht(None)}
    texts |= {f"{tt.digits(i)}. {t}" for i, t in enumerate(ph.PART1_SECTIONS, 1)}
    for n in plan.numbered():
        texts.add(ph.sequence_heading(n.number))
        texts.add(n.project.target_group.text())
        texts.add(f"{ph.field_label(1)} : {n.project.name}")
        texts |= {tt.amount_baht(v) for v in n.project.budget.values()}
    for d in plan.groups():
        texts.add(ph.dimension_heading(d.item.code, d.item.title))
        for m in d.missions:
            texts.add(ph.coded_title(m.item.code, m.item.title))
            texts |= {ph.coded_title(s.item.code, s.item.title) for s in m.sub_items if s.item}
    return texts


def test_machine_readable_list_covers_every_paragraph_not_reproduced(plan, reference):
    """A Part 1 or Part 3 line of the document that the generated plan does not hold as written
    (after its list label) is in the list."""
    listed = {e["original"] for e in _machine_readable()}
    reproduced = _reproduced(plan)
    lines = reference.split("\n")
    part1 = lines[lines.index("ส่วนที่ ๑"):lines.index("ส่วนที่ ๒")]
    part3 = lines[lines.index("ส่วนที่ ๓"):]
    unaccounted = []
    for line in part1 + part3:
        text = LABEL.sub("", line.strip())
        if not text or text in reproduced or line in listed:
            continue
        unaccounted.append(line)
    assert unaccounted == []


def test_machine_readable_entries_are_not_reproduced(plan):
    reproduced = _reproduced(plan)
    for e in _machine_readable():
        assert LABEL.sub("", e["original"].strip()) not in reproduced, e["original"]
