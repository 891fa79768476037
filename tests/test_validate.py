"""Validation: every semantic error and warning, with its exact message, place and exit code."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

from antong_reports.cli import main
from antong_reports.common.errors import PlanFileError, PlanInvalid, Severity
from antong_reports.sources import load_plan
from antong_reports.validate.plan import check_file, load_and_validate, validate

from test_loader import LOAD_CASES

BAD = Path(__file__).resolve().parent / "bad_plans"
MINI = Path(__file__).resolve().parent / "fixtures" / "mini.yaml"

#: file, severity, code, line, column, field path, English message, Thai message
CASES = [
    ('bad-month.yaml', 'error', 'bad-month', 11, 1, 'signed_month',
     'month 13 does not exist',
     'เดือน 13 ไม่มีอยู่จริง'),
    ('bad-period.yaml', 'error', 'bad-period', 10, 1, 'last_year',
     "the plan's last year (2565) is before its first year (2566)",
     'ปีสุดท้ายของแผน (2565) มาก่อนปีแรก (2566)'),
    ('bad-quarter.yaml', 'error', 'bad-quarter', 16, 22, 'projects[0].quarters[2]',
     'quarter 5 does not exist',
     'ไตรมาส 5 ไม่มีอยู่จริง'),
    ('bad-slug.yaml', 'error', 'bad-slug', 2, 1, 'slug',
     'slug "แผน อ่างทอง" cannot name files',
     'slug "แผน อ่างทอง" ใช้ตั้งชื่อไฟล์ไม่ได้'),
    ('bad-year.yaml', 'error', 'bad-year', 9, 1, 'first_year',
     '2023 is not a plausible Buddhist-era fiscal year (range 2500-2700)',
     'ปี 2023 ไม่ใช่ปีงบประมาณ พ.ศ. ที่เป็นไปได้'),
    ('budget-year-outside.yaml', 'error', 'budget-year-outside', 16, 27, 'projects[0].budget[2571]',
     'budget for 2571 is outside the plan period 2566-2570',
     'งบประมาณปี 2571 อยู่นอกช่วงแผน 2566-2570'),
    ('control-character.yaml', 'error', 'control-character', 14, 5, 'projects[0].name',
     'the text contains a control character (U+000B) that would corrupt the documents',
     'ข้อความมีอักขระควบคุม (U+000B) ที่ทำให้ไฟล์เอกสารเสีย'),
    ('duplicate-project-id.yaml', 'error', 'duplicate-project-id', 19, 5, 'projects[1].id',
     'project id "p1" is already used by projects[0]',
     'รหัสโครงการ "p1" ซ้ำกับ projects[0]'),
    ('malformed-code.yaml', 'error', 'malformed-code', 15, 5, 'projects[0].code',
     'framework code "1.ก" is malformed',
     'รหัสกรอบการประเมิน "1.ก" ผิดรูปแบบ'),
    ('negative-count.yaml', 'error', 'negative-count', 16, 42, 'projects[0].target_group.count',
     'negative target group count (-5)',
     'จำนวนกลุ่มเป้าหมายติดลบ (-5)'),
    ('no-projects.yaml', 'error', 'no-projects', 11, 1, 'projects',
     'the plan has no projects',
     'แผนไม่มีโครงการเลย'),
    ('project-year-outside.yaml', 'error', 'project-year-outside', 16, 13, 'projects[0].years[0]',
     'year 2565 is outside the plan period 2566-2570',
     'ปีดำเนินการ 2565 อยู่นอกช่วงแผน 2566-2570'),
    ('target-year-outside.yaml', 'error', 'target-year-outside', 21, 30, 'target_table[0].values[2575]',
     'target value for 2575 is outside the plan period 2566-2570',
     'ค่าเป้าหมายปี 2575 อยู่นอกช่วงแผน 2566-2570'),
    ('unknown-dimension.yaml', 'error', 'unknown-dimension', 15, 5, 'projects[0].code',
     'dimension 5 does not exist in the framework',
     'ไม่มีมิติที่ 5 ในกรอบการประเมิน'),
    ('unknown-mission.yaml', 'error', 'unknown-mission', 15, 5, 'projects[0].code',
     'mission 1.9 does not exist in the framework',
     'ไม่มีภารกิจ 1.9 ในกรอบการประเมิน'),
    ('unknown-risk-project.yaml', 'error', 'unknown-risk-project', 25, 9, 'risks[0].control_measures[1].project',
     'no project with id "p9" in the plan',
     'ไม่มีโครงการรหัส "p9" ในแผน'),
    ('warn-duplicate-project-name.yaml', 'warning', 'duplicate-project-name', 21, 5, 'projects[1].name',
     'the same project name as projects[0]',
     'ชื่อโครงการซ้ำกับ projects[0]'),
    ('warn-long-name.yaml', 'warning', 'long-name', 14, 5, 'projects[0].name',
     'very long project name (379 characters)',
     'ชื่อโครงการยาวมาก (379 อักขระ)'),
    ('warn-mixed-digits.yaml', 'warning', 'mixed-digits', 17, 15, 'projects[0].outputs[0]',
     'one text mixes Thai and Arabic digits',
     'ข้อความเดียวกันใช้ทั้งเลขไทยและเลขอารบิก'),
    ('warn-money-unit.yaml', 'warning', 'money-unit', 19, 7, 'projects[0].target_group.unit',
     'the target group count is given in money ("บาท")',
     'จำนวนกลุ่มเป้าหมายมีหน่วยเป็นเงิน ("บาท")'),
    ('warn-no-budget.yaml', 'warning', 'no-budget', 11, 1, 'projects',
     'the whole plan uses no budget',
     'ทั้งแผนไม่ใช้งบประมาณเลย'),
    ('warn-no-outcomes.yaml', 'warning', 'no-outcomes', 12, 5, 'projects[0].outcomes',
     'the project has no outcomes',
     'โครงการไม่มีผลลัพธ์'),
    ('warn-no-outputs.yaml', 'warning', 'no-outputs', 12, 5, 'projects[0].outputs',
     'the project has no outputs',
     'โครงการไม่มีผลผลิต'),
    ('warn-unconfirmed-sub-item.yaml', 'warning', 'unconfirmed-sub-item', 15, 5, 'projects[0].code',
     'the title of sub-item 1.1.2 is not confirmed from the NACC handbook',
     'ชื่อภารกิจย่อย 1.1.2 ยังไม่ได้ยืนยันจากคู่มือ ป.ป.ช.'),
    ('warn-unknown-sub-item.yaml', 'warning', 'unknown-sub-item', 15, 5, 'projects[0].code',
     'sub-item 1.1.9 is not in the shipped framework',
     'ภารกิจย่อย 1.1.9 ไม่อยู่ในกรอบที่โปรแกรมรู้จัก'),
]

ERRORS = [c for c in CASES if c[1] == "error"]
WARNINGS = [c for c in CASES if c[1] == "warning"]


def test_every_bad_file_has_a_case():
    named = {c[0] for c in CASES} | {c[0] for c in LOAD_CASES}
    on_disk = {p.name for p in BAD.iterdir()}
    assert on_disk == named


@pytest.mark.parametrize("name,severity,code,line,column,path,message_en,message_th", CASES,
                         ids=[c[0] for c in CASES])
def test_case(name, severity, code, line, column, path, message_en, message_th):
    plan, issues = check_file(BAD / name)
    assert plan is not None
    (issue,) = issues
    assert issue.severity is Severity(severity)
    assert (issue.code, issue.line, issue.column, issue.path) == (code, line, column, path)
    assert issue.message_en == message_en
    assert issue.message_th == message_th
    assert issue.file == str(BAD / name)
    assert issue.fix_th and issue.fix_en


@pytest.mark.parametrize("name", [c[0] for c in ERRORS])
def test_errors_raise_and_exit_1(name, capsys):
    with pytest.raises(PlanInvalid) as info:
        load_and_validate(BAD / name)
    case = next(c for c in ERRORS if c[0] == name)
    assert [i.code for i in info.value.issues] == [case[2]]
    assert case[6] in str(info.value)
    assert main(["validate", str(BAD / name)]) == 1
    out = capsys.readouterr().out
    assert case[2] in out and f"{case[3]}:{case[4]}" in out


@pytest.mark.parametrize("name", [c[0] for c in WARNINGS])
def test_warnings_do_not_block_and_exit_0(name, capsys):
    plan, warnings = load_and_validate(BAD / name)
    case = next(c for c in WARNINGS if c[0] == name)
    assert [w.code for w in warnings] == [case[2]]
    assert main(["validate", str(BAD / name)]) == 0
    out = capsys.readouterr().out
    assert case[2] in out and "0 error(s), 1 warning(s)" in out
    assert main(["validate", "--json", str(BAD / name)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["ok"] is True and doc["warnings"] == 1 and doc["issues"][0]["severity"] == "warning"


def test_load_and_validate_raises_plan_file_error_for_unreadable_files():
    with pytest.raises(PlanFileError):
        load_and_validate(BAD / "alias-bomb.yaml")


# --------------------------------------------------------------------------- good plans

def test_mini_is_clean():
    plan, issues = check_file(MINI)
    assert plan is not None and issues == []


def test_sample_has_no_errors(sample_path, capsys):
    if not sample_path.exists():
        pytest.skip("the sample plan is not there yet")
    plan, issues = check_file(sample_path)
    errors = [str(i) for i in issues if i.is_error]
    assert errors == []
    assert len(plan.projects) == 27
    assert main(["validate", str(sample_path)]) == 0


# --------------------------------------------------------------------------- the model API directly

def test_validate_without_file_or_lines():
    plan = load_plan(MINI)
    p = plan.projects[0]
    bad = attrs.evolve(plan, projects=(p, attrs.evolve(p, budget={2580: Decimal(1)})))
    issues = validate(bad)
    assert [(i.code, i.path, i.file, i.line) for i in issues] == [
        ("budget-year-outside", "projects[1].budget[2580]", None, None),
        ("duplicate-project-id", "projects[1].id", None, None),
        ("duplicate-project-name", "projects[1].name", None, None),
    ]


def test_errors_come_before_warnings_and_all_are_reported():
    plan = load_plan(MINI)
    p = plan.projects[0]
    bad = attrs.evolve(plan, slug="Bad Slug", projects=(
        attrs.evolve(p, outputs=(), code="9.1", quarters=(0,)),))
    codes = [i.code for i in validate(bad)]
    # without lines, errors sort by field path, then come the warnings
    assert codes == ["unknown-dimension", "bad-quarter", "bad-slug", "no-outputs"]


def test_sub_item_titled_by_the_plan_is_not_warned():
    from antong_reports.model.plan import SubItem

    plan = load_plan(MINI)
    p = attrs.evolve(plan.projects[0], code="1.1.9")
    assert [i.code for i in validate(attrs.evolve(plan, projects=(p,)))] == ["unknown-sub-item"]
    titled = attrs.evolve(plan, projects=(p,), sub_items=(SubItem("1.1.9", "ภารกิจย่อยของแผนเอง"),))
    assert validate(titled) == []
    unconfirmed = attrs.evolve(plan.projects[0], code="1.1.2")
    assert [i.code for i in validate(attrs.evolve(plan, projects=(unconfirmed,)))] == ["unconfirmed-sub-item"]
    confirmed_by_plan = attrs.evolve(plan, projects=(unconfirmed,), sub_items=(
        SubItem("1.1.2", "สร้างจิตสำนึกและความตระหนักในการประพฤติตามหลักเศรษฐกิจพอเพียง"),))
    assert validate(confirmed_by_plan) == []


def test_malformed_sub_item_code_in_plan_sub_items():
    from antong_reports.model.plan import SubItem

    plan = attrs.evolve(load_plan(MINI), sub_items=(SubItem("1.1", "x"), SubItem("1.8.1", "y")))
    assert [(i.code, i.path) for i in validate(plan)] == [
        ("malformed-code", "sub_items[0].code"), ("unknown-code", "sub_items[1].code")]


@pytest.mark.parametrize("code,expected", [
    ("1", "malformed-code"), ("1.1.1.1", "malformed-code"), ("01.1", "malformed-code"),
    ("1.1.", "malformed-code"), ("๑.๑", "malformed-code"), ("4.4", "unknown-mission"),
    ("0.1", "malformed-code"), ("2.3.1", None), ("3.3.3", None),
])
def test_codes(code, expected):
    plan = load_plan(MINI)
    p = attrs.evolve(plan.projects[0], code=code)
    codes = [i.code for i in validate(attrs.evolve(plan, projects=(p,)))]
    assert codes == ([expected] if expected else [])


def test_control_characters_anywhere_in_text():
    plan = load_plan(MINI)
    org = attrs.evolve(plan.organization, address="ถนน\x00ชยางกูร")
    risk = attrs.evolve(plan.risks[0], risk_issues=("ทุจริต\x1b",))
    bad = attrs.evolve(plan, organization=org, risks=(risk,), preface=("ย่อหน้า\tแรก\nต่อ",))
    assert [(i.code, i.path) for i in validate(bad)] == [
        ("control-character", "organization.address"),
        ("control-character", "risks[0].risk_issues[0]"),
    ]


def test_money_units():
    plan = load_plan(MINI)
    for unit, warned in (("บาท", True), ("฿", True), ("คน", False), ("หน่วยงาน", False)):
        tg = attrs.evolve(plan.projects[0].target_group, unit=unit)
        p = attrs.evolve(plan.projects[0], target_group=tg)
        codes = [i.code for i in validate(attrs.evolve(plan, projects=(p,)))]
        assert codes == (["money-unit"] if warned else [])


# --------------------------------------------------------------------------- the documentation

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_plan_file_doc_example_is_clean(tmp_path):
    import re

    text = (DOCS / "plan-file.md").read_text("utf-8")
    example = re.search(r"```yaml\n(.*?)```", text, re.S).group(1)
    path = tmp_path / "example.yaml"
    path.write_text(example, "utf-8")
    plan, issues = check_file(path)
    assert issues == [] and len(plan.projects) == 2
    assert plan.projects[0].steps[1].steps[1].bullet is True


def test_plan_file_doc_names_every_key():
    import attrs as _attrs

    from antong_reports.model import plan as model

    text = (DOCS / "plan-file.md").read_text("utf-8")
    for cls in (model.Plan, model.Organization, model.Project, model.TargetGroup, model.Step,
                model.RiskItem, model.TargetRow, model.SubItem):
        for f in _attrs.fields(cls):
            assert f"`{f.name}`" in text, f"{cls.__name__}.{f.name} is not documented"
    for cat in model.TargetCategory:
        assert f"`{cat.value}`" in text


def test_validation_doc_names_every_code():
    text = (DOCS / "validation.md").read_text("utf-8")
    codes = {c[2] for c in CASES} | {c[1] for c in LOAD_CASES} | {
        "file-not-found", "is-directory", "unreadable", "file-too-large", "bad-key", "unknown-code",
        "too-deep"}
    missing = sorted(c for c in codes if f"`{c}`" not in text)
    assert missing == []
