"""Reading plan files: every way a file can fail to be a plan, with its exact message and place."""

from __future__ import annotations

import json
import os
import time
from decimal import Decimal
from pathlib import Path

import pytest

from antong_reports.cli import main
from antong_reports.common.errors import PlanFileError, Severity
from antong_reports.sources.reader import (MAX_NODES, parse_text, read_plan_file,
                                           read_plan_with_locations)
from antong_reports.sources import load_plan
from antong_reports.sources.planfile import dump_plan_json, dump_plan_yaml
BAD = Path(__file__).resolve().parent / "bad_plans"
MINI = Path(__file__).resolve().parent / "fixtures" / "mini.yaml"

#: file, code, line, column, field path, English message, Thai message
LOAD_CASES = [
    ('alias-bomb.yaml', 'too-many-nodes', 7, 12, '',
     'the file expands to too much data (over 200,000 nodes once aliases are expanded)',
     'ไฟล์ขยายเป็นข้อมูลมากเกินไป (เกิน 200,000 รายการ เมื่อแทนค่า alias)'),
    ('amount-decimals.yaml', 'amount-decimals', 16, 27, 'projects[0].budget[2567]',
     'amount has more than 2 decimals (10000.125)',
     'จำนวนเงินมีทศนิยมเกิน ๒ ตำแหน่ง (10000.125)'),
    ('bad-choice.yaml', 'bad-choice', 13, 5, 'projects[0].kind',
     'not one of the allowed values: text ("โครงกร") (did you mean "โครงการ"?)',
     'ค่าที่ใช้ไม่ได้: ข้อความ "โครงกร" (หมายถึง "โครงการ" หรือไม่)'),
    ('bad-indentation.yaml', 'bad-yaml', 7, 12, '',
     'YAML syntax error: mapping values are not allowed here',
     'ไวยากรณ์ YAML ผิด: มีเครื่องหมาย : ในที่ที่ไม่ควรมี (ข้อความที่มี : ต้องอยู่ในเครื่องหมายคำพูด หรือย่อหน้าผิด) (mapping values are not allowed here)'),
    ('bad-json.json', 'bad-json', 4, 1, '',
     'JSON syntax error: Expecting property name enclosed in double quotes',
     'ไวยากรณ์ JSON ผิด: Expecting property name enclosed in double quotes'),
    ('bad-syntax.yaml', 'bad-yaml', 14, 22, '',
     'YAML syntax error: mapping values are not allowed here',
     'ไวยากรณ์ YAML ผิด: มีเครื่องหมาย : ในที่ที่ไม่ควรมี (ข้อความที่มี : ต้องอยู่ในเครื่องหมายคำพูด หรือย่อหน้าผิด) (mapping values are not allowed here)'),
    ('comments-only.yaml', 'empty-file', 1, 1, '',
     'the plan file holds no data (only comments or blank lines)',
     'ไฟล์แผนไม่มีข้อมูล (มีแต่หมายเหตุหรือบรรทัดว่าง)'),
    ('custom-tag.yaml', 'forbidden-tag', 9, 13, '',
     'tag !year is not allowed (a plan file is plain data; no objects are built)',
     'ไม่รับแท็ก !year (ไฟล์แผนเป็นข้อมูลล้วน ไม่สร้างอ็อบเจกต์ใด ๆ)'),
    ('duplicate-key.yaml', 'duplicate-key', 16, 5, 'projects[0].code',
     'key "code" appears twice in the same mapping',
     'ชื่อช่อง "code" ซ้ำในชุดเดียวกัน'),
    ('empty.yaml', 'empty-file', 1, 1, '',
     'the plan file is empty',
     'ไฟล์แผนว่างเปล่า'),
    ('list-for-text.yaml', 'wrong-type', 14, 5, 'projects[0].name',
     'expected text, got a list',
     'ต้องเป็นข้อความ แต่พบรายการ (list)'),
    ('list.yaml', 'not-a-plan', 1, 1, '',
     'this is not a plan: the top level is a list, not a mapping',
     'ไฟล์นี้ไม่ใช่แผน: ระดับบนสุดเป็นรายการ (list) ไม่ใช่ชุดข้อมูล'),
    ('missing-field.yaml', 'missing-field', 12, 5, 'projects[0].code',
     'required field "code" is missing',
     'ไม่มีช่อง "code" ที่ต้องระบุ'),
    ('negative-amount.yaml', 'negative-amount', 16, 27, 'projects[0].budget[2567]',
     'negative amount (-500)',
     'งบประมาณติดลบ (-500)'),
    ('non-numeric-amount.yaml', 'not-an-amount', 16, 27, 'projects[0].budget[2567]',
     'not an amount: text ("หนึ่งหมื่นบาท")',
     'ไม่ใช่จำนวนเงิน: ข้อความ "หนึ่งหมื่นบาท"'),
    ('not-a-plan.json', 'not-a-plan', 1, 1, '',
     'this is not a plan: the top level is a list, not a mapping',
     'ไฟล์นี้ไม่ใช่แผน: ระดับบนสุดเป็นรายการ (list) ไม่ใช่ชุดข้อมูล'),
    ('not-utf8.yaml', 'not-utf8', 3, 9, '',
     'the file is not UTF-8 (byte 0xbb at byte offset 71)',
     'ไฟล์ไม่ได้เข้ารหัส UTF-8 (ไบต์ 0xbb ที่ตำแหน่งไบต์ 71)'),
    ('python-tag.yaml', 'forbidden-tag', 2, 7, '',
     'tag tag:yaml.org,2002:python/object/apply:os.system is not allowed (a plan file is plain data; no objects are built)',
     'ไม่รับแท็ก tag:yaml.org,2002:python/object/apply:os.system (ไฟล์แผนเป็นข้อมูลล้วน ไม่สร้างอ็อบเจกต์ใด ๆ)'),
    ('raw-control-character.yaml', 'control-character', 14, 22, '',
     'the file contains a control character that is not allowed (U+0007)',
     'ไฟล์มีอักขระควบคุมที่ใช้ไม่ได้ (U+0007)'),
    ('recursive-alias.yaml', 'recursive-alias', 17, 38, '',
     'alias *out refers to itself',
     'alias *out อ้างถึงตัวเอง'),
    ('scalar.yaml', 'not-a-plan', 1, 1, '',
     'this is not a plan: the top level is text ("แผนปฏิบัติการป้องกันการทุจริต"), not a mapping',
     'ไฟล์นี้ไม่ใช่แผน: ระดับบนสุดเป็นข้อความ "แผนปฏิบัติการป้องกันการทุจริต" ไม่ใช่ชุดข้อมูล'),
    ('text-for-list.yaml', 'wrong-type', 18, 5, 'projects[0].outcomes',
     'expected a list, got text ("บุคลากรมีความรู้ความเข้าใจ")',
     'ต้องเป็นรายการ (list) แต่พบข้อความ "บุคลากรมีความรู้ความเข้าใจ"'),
    ('unknown-key.yaml', 'unknown-key', 16, 5, 'projects[0].budjet',
     'unknown key "budjet"',
     'ไม่รู้จักช่อง "budjet"'),
    ('wrong-type.yaml', 'wrong-type', 9, 1, 'first_year',
     'expected a whole number, got text ("สองพันห้าร้อยหกสิบหก")',
     'ต้องเป็นจำนวนเต็ม แต่พบข้อความ "สองพันห้าร้อยหกสิบหก"'),
]


@pytest.mark.parametrize("name,code,line,column,path,message_en,message_th", LOAD_CASES,
                         ids=[c[0] for c in LOAD_CASES])
def test_bad_file(name, code, line, column, path, message_en, message_th):
    with pytest.raises(PlanFileError) as info:
        read_plan_file(BAD / name)
    (issue,) = info.value.issues
    assert issue.severity is Severity.ERROR
    assert (issue.code, issue.line, issue.column, issue.path) == (code, line, column, path)
    assert issue.message_en == message_en
    assert issue.message_th == message_th
    assert issue.file == str(BAD / name)
    assert issue.fix_th and issue.fix_en
    # the exception's text carries the same information
    assert message_en in str(info.value) and f"line {line}" in str(info.value)


@pytest.mark.parametrize("name", [c[0] for c in LOAD_CASES])
def test_bad_file_cli_exit_code(name, capsys):
    assert main(["validate", str(BAD / name)]) == 1
    out = capsys.readouterr().out
    code = next(c[1] for c in LOAD_CASES if c[0] == name)
    assert code in out and "1 error(s)" in out


@pytest.mark.parametrize("name", [c[0] for c in LOAD_CASES])
def test_bad_file_json_output(name, capsys):
    assert main(["validate", "--json", str(BAD / name)]) == 1
    doc = json.loads(capsys.readouterr().out)
    case = next(c for c in LOAD_CASES if c[0] == name)
    assert doc["ok"] is False and doc["exit_code"] == 1 and doc["errors"] == 1
    (issue,) = doc["issues"]
    assert (issue["code"], issue["line"], issue["column"], issue["path"], issue["message_en"]) == \
        (case[1], case[2], case[3], case[4], case[5])


# --------------------------------------------------------------------------- files that cannot be read

def test_missing_file(tmp_path, capsys):
    path = tmp_path / "nope.yaml"
    with pytest.raises(PlanFileError) as info:
        read_plan_file(path)
    (issue,) = info.value.issues
    assert (issue.code, issue.message_en, issue.file) == (
        "file-not-found", "the plan file does not exist", str(path))
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "file-not-found" not in err and "the plan file does not exist" in err and "Traceback" not in err


def test_directory(tmp_path, capsys):
    with pytest.raises(PlanFileError) as info:
        read_plan_file(tmp_path)
    (issue,) = info.value.issues
    assert (issue.code, issue.message_en) == ("is-directory", "this is a directory, not a plan file")
    assert main(["validate", str(tmp_path)]) == 2
    assert main(["validate", "--json", str(tmp_path)]) == 2
    doc = json.loads(capsys.readouterr().out)
    assert doc["exit_code"] == 2 and doc["issues"][0]["code"] == "is-directory"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read any file")
def test_unreadable(tmp_path):
    path = tmp_path / "locked.yaml"
    path.write_bytes(MINI.read_bytes())
    path.chmod(0)
    try:
        with pytest.raises(PlanFileError) as info:
            read_plan_file(path)
        (issue,) = info.value.issues
        assert issue.code == "unreadable"
        assert issue.message_en == "cannot read the file (Permission denied)"
        assert main(["validate", str(path)]) == 2
    finally:
        path.chmod(0o600)


# --------------------------------------------------------------------------- safety

def test_alias_bomb_is_fast():
    start = time.perf_counter()
    with pytest.raises(PlanFileError) as info:
        read_plan_file(BAD / "alias-bomb.yaml")
    elapsed = time.perf_counter() - start
    assert info.value.issues[0].code == "too-many-nodes"
    assert elapsed < 1.0, f"alias bomb took {elapsed:.3f} s"


def test_aliases_within_bound_are_fine():
    text = "a: &x [1, 2, 3]\nb: [*x, *x]\n"
    data, locations = parse_text(text)
    assert data == {"a": [1, 2, 3], "b": [[1, 2, 3], [1, 2, 3]]}
    assert locations["b"] == (2, 1)
    with pytest.raises(PlanFileError) as info:
        parse_text("a: &x [1, 2, 3]\nb: [*x, *x, *x]\n", max_nodes=12)
    assert info.value.issues[0].code == "too-many-nodes"
    assert MAX_NODES >= 100_000  # the real plan has a few thousand nodes


@pytest.mark.parametrize("tag", [
    "!!python/object/apply:os.system [\"touch {marker}\"]",
    "!!python/object/new:os.system [\"touch {marker}\"]",
    "!!python/name:os.system",
    "!!binary aGVsbG8=",
    "!!set {{a, b}}",
    "!custom {marker}",
])
def test_tags_are_refused_and_never_run(tmp_path, tag):
    marker = tmp_path / "executed"
    path = tmp_path / "plan.yaml"
    path.write_text("slug: " + tag.format(marker=marker) + "\n", "utf-8")
    with pytest.raises(PlanFileError) as info:
        read_plan_file(path)
    (issue,) = info.value.issues
    assert issue.code == "forbidden-tag" and (issue.line, issue.column) == (1, 7)
    assert not marker.exists()


def test_standard_tags_are_allowed():
    data, _ = parse_text('a: !!str 2566\nb: !!int "12"\nc: !!null ""\n')
    assert data == {"a": "2566", "b": 12, "c": None}


def test_recursive_alias_is_refused_fast():
    start = time.perf_counter()
    with pytest.raises(PlanFileError):
        read_plan_file(BAD / "recursive-alias.yaml")
    assert time.perf_counter() - start < 1.0


def test_more_than_one_document():
    with pytest.raises(PlanFileError) as info:
        parse_text("a: 1\n---\nb: 2\n", "x.yaml")
    (issue,) = info.value.issues
    assert issue.code == "bad-yaml" and issue.line == 2
    assert "expected a single document" in issue.message_en


# --------------------------------------------------------------------------- values

def _with(tmp_path: Path, old: str, new: str, suffix: str = ".yaml") -> Path:
    text = MINI.read_text("utf-8")
    assert old in text
    path = tmp_path / f"plan{suffix}"
    path.write_text(text.replace(old, new, 1), "utf-8")
    return path


def test_float_amounts_keep_their_written_text(tmp_path):
    path = _with(tmp_path, 'budget: {2566: 10000, 2567: "10,000"}',
                 "budget: {2566: 32580.50, 2567: 0.1, 2568: 1_000, 2569: \"๓๒,๕๘๐\", 2570: 7.00}")
    plan = read_plan_file(path)
    budget = plan.projects[0].budget
    assert budget == {2566: Decimal("32580.50"), 2567: Decimal("0.1"), 2568: Decimal("1000"),
                      2569: Decimal("32580"), 2570: Decimal("7.00")}
    assert all(type(v) is Decimal for v in budget.values())
    assert str(budget[2566]) == "32580.50"


@pytest.mark.parametrize("written,code", [
    ("1e5", "not-an-amount"), (".nan", "not-an-amount"), (".inf", "not-an-amount"),
    ("0x1F", "not-an-amount"), ("true", "not-an-amount"), ("[1]", "not-an-amount"),
    ('"12,34"', "not-an-amount"), ("-0.5", "negative-amount"), ("0.005", "amount-decimals"),
])
def test_bad_amounts(tmp_path, written, code):
    path = _with(tmp_path, "2566: 10000", f"2566: {written}")
    with pytest.raises(PlanFileError) as info:
        read_plan_file(path)
    (issue,) = info.value.issues
    assert (issue.code, issue.path) == (code, "projects[0].budget[2566]")


def test_zero_padded_amount_with_trailing_zeros_is_fine(tmp_path):
    path = _with(tmp_path, "2566: 10000", "2566: 10000.500")
    assert read_plan_file(path).projects[0].budget[2566] == Decimal("10000.5")


def test_text_fields_keep_written_text(tmp_path):
    path = _with(tmp_path, 'code: "2.1"', "code: 2.10")
    path.write_text(path.read_text("utf-8").replace("id: p2", "id: 007").replace(
        "responsible: กองคลัง", "responsible: yes"), "utf-8")
    plan = read_plan_file(path)
    p2 = plan.projects[1]
    assert (p2.code, p2.id, p2.responsible) == ("2.10", "007", "yes")


def test_thai_digit_years_and_counts(tmp_path):
    path = _with(tmp_path, "count: 50", 'count: "๕๐"')
    path.write_text(path.read_text("utf-8").replace("2566: 10000", '"๒๕๖๖": 10000'), "utf-8")
    plan = read_plan_file(path)
    assert plan.projects[0].target_group.count == 50
    assert plan.projects[0].budget[2566] == Decimal(10000)


def test_several_problems_are_reported_together_in_file_order(tmp_path):
    path = _with(tmp_path, "first_year: 2566", "first_year: ปีแรก")
    text = path.read_text("utf-8").replace("2567: \"10,000\"", "2567: -1").replace(
        "responsible: กองคลัง", "responsable: กองคลัง")
    path.write_text(text, "utf-8")
    with pytest.raises(PlanFileError) as info:
        read_plan_file(path)
    got = [(i.code, i.path) for i in info.value.issues]
    assert got == [("wrong-type", "first_year"), ("negative-amount", "projects[0].budget[2567]"),
                   ("unknown-key", "projects[1].responsable")]
    lines = [i.line for i in info.value.issues]
    assert lines == sorted(lines)
    assert info.value.issues[2].fix_en == 'did you mean "responsible"?'


def test_unknown_key_without_close_match_lists_known_keys(tmp_path):
    path = _with(tmp_path, "  province: อ่างทอง", "  province: อ่างทอง\n  zzzz: 1")
    with pytest.raises(PlanFileError) as info:
        read_plan_file(path)
    (issue,) = info.value.issues
    assert issue.path == "organization.zzzz" and (issue.line, issue.column) == (8, 3)
    assert issue.fix_en.startswith("remove it (known keys: name, kind, district, province")


def test_wrong_shapes(tmp_path):
    path = _with(tmp_path, "    target_group: {description: บุคลากร, count: 50, unit: คน, categories: [local_officials]}",
                 "    target_group: บุคลากร ๕๐ คน")
    with pytest.raises(PlanFileError) as info:
        read_plan_file(path)
    (issue,) = info.value.issues
    assert (issue.code, issue.path) == ("wrong-type", "projects[0].target_group")
    assert issue.message_en == 'expected a mapping (TargetGroup), got text ("บุคลากร ๕๐ คน")'


def test_nested_step_errors_have_their_path(tmp_path):
    path = _with(tmp_path, "{text: ประเมิน, steps: [แบบสอบถาม]}", "{text: ประเมิน, steps: [{txt: แบบสอบถาม}]}")
    with pytest.raises(PlanFileError) as info:
        read_plan_file(path)
    got = [(i.code, i.path) for i in info.value.issues]
    assert got == [("missing-field", "projects[0].steps[1].steps[1].steps[0].text"),
                   ("unknown-key", "projects[0].steps[1].steps[1].steps[0].txt")]
    line = next(n for n, t in enumerate(path.read_text("utf-8").splitlines(), 1) if "txt:" in t)
    assert {i.line for i in info.value.issues} == {line}


def test_target_category_by_thai_label(tmp_path):
    path = _with(tmp_path, "categories: [local_officials]", "categories: [เด็กและเยาวชน]")
    assert read_plan_file(path).projects[0].target_group.categories[0].value == "children_youth"


def test_merge_keys(tmp_path):
    path = _with(tmp_path, "  - id: p2\n    kind: มาตรการ",
                 "  - <<: {kind: มาตรการ}\n    id: p2")
    assert read_plan_file(path).projects[1].kind.value == "มาตรการ"


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MINI.read_bytes())
    assert read_plan_file(path) == read_plan_file(MINI)


# --------------------------------------------------------------------------- places

def test_locations_of_fields():
    plan, locations = read_plan_with_locations(MINI)
    lines = MINI.read_text("utf-8").splitlines()

    def line_of(snippet: str) -> int:
        return next(n for n, text in enumerate(lines, start=1) if snippet in text)

    assert locations["slug"] == (1, 1)
    assert locations["organization.province"] == (line_of("province:"), 3)
    assert locations["projects[0]"][0] == line_of("- id: p1")
    assert locations["projects[0].target_group.count"][0] == line_of("target_group:")
    assert locations["projects[0].budget[2567]"][0] == line_of("budget:")
    assert locations["projects[1].outcomes"] == (line_of("outcomes: [โปร่งใส]"), 5)
    assert locations["risks[0].control_measures[1]"][0] == line_of("- มาตรการอื่น")


# --------------------------------------------------------------------------- JSON and round trips

def test_json_plan_loads_like_yaml(tmp_path):
    plan = load_plan(MINI)
    path = tmp_path / "mini.json"
    path.write_text(dump_plan_json(plan), "utf-8")
    assert load_plan(path) == plan
    # JSON places are known too
    _, locations = read_plan_with_locations(path)
    assert locations["projects"][0] > 1


def test_json_error_in_json_file(tmp_path):
    path = tmp_path / "plan.json"
    path.write_text('{"slug": "x", "projects": [1, 2,,]}', "utf-8")
    with pytest.raises(PlanFileError) as info:
        read_plan_file(path)
    (issue,) = info.value.issues
    assert (issue.code, issue.line, issue.column) == ("bad-json", 1, 33)
    assert issue.message_en == "JSON syntax error: Expecting value"


def test_json_type_errors_have_paths(tmp_path):
    data = json.loads(dump_plan_json(load_plan(MINI)))
    data["projects"][0]["budget"]["2566"] = 1.234
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), "utf-8")
    with pytest.raises(PlanFileError) as info:
        read_plan_file(path)
    (issue,) = info.value.issues
    assert (issue.code, issue.path) == ("amount-decimals", "projects[0].budget[2566]")
    assert issue.line is not None and "1.234" in issue.message_en


def test_yaml_round_trip_mini(tmp_path):
    plan = load_plan(MINI)
    path = tmp_path / "again.yaml"
    path.write_text(dump_plan_yaml(plan), "utf-8")
    assert load_plan(path) == plan


def test_yaml_round_trip_sample(sample_path, tmp_path):
    if not sample_path.exists():
        pytest.skip("the sample plan is not there yet")
    plan = load_plan(sample_path)
    path = tmp_path / "again.yaml"
    path.write_text(dump_plan_yaml(plan), "utf-8")
    again = load_plan(path)
    assert again == plan
    assert dump_plan_yaml(again) == dump_plan_yaml(plan)


def test_file_too_large(tmp_path, monkeypatch):
    import antong_reports.sources.reader as loader

    monkeypatch.setattr(loader, "MAX_FILE_BYTES", 100)
    path = tmp_path / "big.yaml"
    path.write_bytes(MINI.read_bytes())
    with pytest.raises(PlanFileError) as info:
        read_plan_file(path)
    (issue,) = info.value.issues
    assert issue.code == "file-too-large"
    assert issue.message_en == f"the file is too large ({path.stat().st_size:,} bytes)"


@pytest.mark.parametrize("text,line,column", [
    ("slug: x\n? [a, b]\n: c\n", 2, 3),
    ("slug: x\n~: c\n", 2, 1),
])
def test_keys_must_be_plain_names(text, line, column):
    with pytest.raises(PlanFileError) as info:
        parse_text(text, "k.yaml")
    (issue,) = info.value.issues
    assert (issue.code, issue.line, issue.column) == ("bad-key", line, column)


def test_unreadable_reported_without_traceback(tmp_path, monkeypatch, capsys):
    # root can read any file, so simulate the failure of open() itself
    path = tmp_path / "plan.yaml"
    path.write_bytes(MINI.read_bytes())
    real_open = os.open

    def refuse(name, *args, **kwargs):
        if Path(name) == path:
            raise PermissionError(13, "Permission denied")
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(PlanFileError) as info:
        read_plan_file(path)
    (issue,) = info.value.issues
    assert (issue.code, issue.message_en) == ("unreadable", "cannot read the file (Permission denied)")
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "cannot read the file" in err and "Traceback" not in err


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_deep_nesting_is_an_error_not_a_crash(tmp_path, suffix):
    path = tmp_path / f"deep{suffix}"
    path.write_text('{"slug": ' + "[" * 50_000 + "]" * 50_000 + "}", "utf-8")
    start = time.perf_counter()
    with pytest.raises(PlanFileError) as info:
        read_plan_file(path)
    assert info.value.issues[0].code == "too-deep"
    assert time.perf_counter() - start < 5
