"""Strict, bounded reading of every input (issue 12): each class of bad input is an error with its
place and a non-zero exit, read in bounded memory and time, and nothing is written."""

from __future__ import annotations

import io
import json
import os
import random
import zipfile
from pathlib import Path

import pytest

from antong_reports.common.errors import PlanFileError, ProgressFileError
from antong_reports.sources import reader
from antong_reports.sources.reader import parse_text, read_plan_file, read_plan_with_locations
from safety_util import run_cli, snapshot, user_folder

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
MINI = HERE / "fixtures" / "mini.yaml"
SAMPLE = ROOT / "samples" / "angthong-2566-2570.yaml"
SAMPLE_PROGRESS = ROOT / "samples" / "angthong-progress-2567.yaml"
BAD = HERE / "bad_plans"

fifo_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")


# --------------------------------------------------------------------------- the C and pure loaders

@pytest.mark.skipif(reader.C_LOADER is None, reason="PyYAML is built without libyaml here")
@pytest.mark.parametrize("path", [SAMPLE, MINI, *sorted(BAD.glob("*.yaml"))], ids=lambda p: p.name)
def test_libyaml_and_pure_loader_agree(path):
    """Same data, same places, same errors (message, line, column) on both paths."""
    text = path.read_bytes().decode("utf-8", "replace")
    results = []
    for use_c in (True, False):
        try:
            results.append(("ok", parse_text(text, str(path), use_c=use_c)))
        except PlanFileError as exc:
            results.append(("error", exc.issues))
    assert results[0] == results[1]


def test_without_libyaml_the_pure_loader_reads_the_same(monkeypatch):
    expected = read_plan_with_locations(SAMPLE)
    monkeypatch.setattr(reader, "C_LOADER", None)
    assert reader._loader_class() is reader._PureLoader
    assert read_plan_with_locations(SAMPLE) == expected
    with pytest.raises(PlanFileError) as info:
        read_plan_file(BAD / "alias-bomb.yaml")
    assert info.value.issues[0].code == "too-many-nodes"


@pytest.mark.parametrize("use_c", [True, False])
@pytest.mark.parametrize("text,code,line,column", [
    ("a: !!python/object/apply:os.system [x]\n", "forbidden-tag", 1, 4),
    ("a: &x [1, *x]\n", "recursive-alias", 1, 11),
    ("a: &x [1, 2]\nb: &y [*x, *x, *x, *x]\nc: [*y, *y, *y, *y]\n", "too-many-nodes", 3, 4),
    ("a:\n" + "  - " + "[" * 80 + "]" * 80 + "\n", "too-deep", 2, 67),
])
def test_safety_rules_hold_on_both_loaders(use_c, text, code, line, column):
    with pytest.raises(PlanFileError) as info:
        parse_text(text, "x.yaml", max_nodes=20 if code == "too-many-nodes" else 1000, use_c=use_c)
    (issue,) = info.value.issues
    assert (issue.code, issue.line, issue.column) == (code, line, column)


def test_very_deep_nesting_does_not_crash_libyaml(tmp_path):
    """libyaml's composer recurses in C (a segfault at 100,000 levels): nesting is bounded on the
    event stream before any composer runs."""
    plan = tmp_path / "deep.yaml"
    plan.write_text("slug: " + "[" * 300_000 + "]" * 300_000 + "\n", "utf-8")
    proc = run_cli("validate", str(plan), timeout=60)
    assert proc.returncode == 1, proc.stderr
    assert "too-deep" in proc.stdout and "1:" in proc.stdout


# --------------------------------------------------------------------------- strict parsing

def _mini_text() -> str:
    return MINI.read_text("utf-8")


@pytest.mark.parametrize("budget,shown", [
    ('{2566: 10000, "2566": 20000}', '"2566" repeats "2566"'),
    ("{2566: 10000, '๒๕๖๖': 20000}", '"๒๕๖๖" repeats "2566"'),
    ('{"2,566": 1, 2566: 2}', '"2566" repeats "2,566"'),
])
def test_yaml_keys_that_differ_only_in_type_are_one_key(tmp_path, budget, shown):
    text = _mini_text().replace('budget: {2566: 10000, 2567: "10,000"}', f"budget: {budget}")
    assert f"budget: {budget}" in text
    path = tmp_path / "plan.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(PlanFileError) as info:
        read_plan_file(path)
    (issue,) = info.value.issues
    line = text.splitlines().index(next(s for s in text.splitlines() if s.strip().startswith("budget: {"))) + 1
    assert issue.code == "duplicate-key" and issue.line == line
    assert issue.path.startswith("projects[0].budget[") and shown in issue.message_en
    out = tmp_path / "out"
    proc = run_cli("build", str(path), "-o", str(out), "--format", "xlsx")
    assert proc.returncode == 1 and "duplicate-key" in proc.stderr and not out.exists()


def _mini_json() -> str:
    from antong_reports.sources.planfile import dump_plan_json
    from antong_reports.sources import load_plan

    return dump_plan_json(load_plan(MINI))


@pytest.mark.parametrize("edit,path", [
    (lambda t: t.replace('"slug": "mini"', '"slug": "mini", "slug": "other"', 1), "slug"),
    (lambda t: t.replace('"name": "เทศบาลตำบลตัวอย่าง"',
                         '"name": "เทศบาลตำบลตัวอย่าง", "name": "อื่น"', 1), "organization.name"),
    (lambda t: t.replace('"2566": 10000', '"2566": 10000, "2566": 5', 1), "projects[0].budget[2566]"),
])
def test_json_duplicate_keys_are_errors(tmp_path, edit, path):
    text = edit(_mini_json())
    file = tmp_path / "plan.json"
    file.write_text(text, "utf-8")
    with pytest.raises(PlanFileError) as info:
        read_plan_file(file)
    (issue,) = info.value.issues
    assert (issue.code, issue.path) == ("duplicate-key", path)
    proc = run_cli("validate", str(file))
    assert proc.returncode == 1 and path in proc.stdout


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_json_nan_and_infinity_are_refused(tmp_path, constant):
    text = _mini_json().replace('"2566": 10000', f'"2566": {constant}', 1)
    file = tmp_path / "plan.json"
    file.write_text(text, "utf-8")
    with pytest.raises(PlanFileError) as info:
        read_plan_file(file)
    assert info.value.issues[0].code == "bad-json"


@pytest.mark.parametrize("slug", ['"mini\\n"', '"mini\\r\\n"', '"mini "', '"\\nmini"', '"mini\\u0000"'])
def test_slug_must_match_fully(tmp_path, slug):
    text = _mini_text().replace("slug: mini", f"slug: {slug}")
    path = tmp_path / "plan.yaml"
    path.write_text(text, "utf-8")
    out = user_folder(tmp_path / "out")
    before = snapshot(out)
    proc = run_cli("build", str(path), "-o", str(out), "--format", "xlsx")
    assert proc.returncode == 1, proc.stderr
    assert "bad-slug" in proc.stderr and "1:1" in proc.stderr
    assert snapshot(out) == before


# --------------------------------------------------------------------------- not regular files

@fifo_only
@pytest.mark.parametrize("command", ["validate", "build"])
def test_a_named_pipe_as_plan_is_refused_without_blocking(tmp_path, command):
    fifo = tmp_path / "plan.yaml"
    os.mkfifo(fifo)
    args = [command, str(fifo)] + (["-o", str(tmp_path / "out")] if command == "build" else [])
    proc = run_cli(*args, timeout=60)
    assert proc.returncode == 2
    assert "named pipe" in proc.stderr and str(fifo) in proc.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
@pytest.mark.parametrize("via_link", [False, True])
def test_dev_zero_as_plan_or_progress_is_refused_in_bounded_memory(tmp_path, via_link):
    source = Path("/dev/zero")
    if via_link:
        (tmp_path / "zero.yaml").symlink_to(source)
        source = tmp_path / "zero.yaml"
    proc = run_cli("validate", str(source), timeout=60, memory=512 * 1024 * 1024)
    assert proc.returncode == 2 and "character device" in proc.stderr
    out = tmp_path / "pack"
    proc = run_cli("pack", str(MINI), "--progress", str(source), "--year", "2567", "-o", str(out),
                   timeout=120, memory=768 * 1024 * 1024)
    assert proc.returncode != 0 and "character device" in proc.stderr, proc.stderr
    assert not out.exists()


@fifo_only
def test_a_named_pipe_as_progress_is_refused(tmp_path):
    fifo = tmp_path / "progress.yaml"
    os.mkfifo(fifo)
    proc = run_cli("pack", str(MINI), "--progress", str(fifo), "--year", "2567",
                   "-o", str(tmp_path / "pack"), timeout=120)
    assert proc.returncode != 0 and "named pipe" in proc.stderr
    assert not (tmp_path / "pack").exists()


def test_progress_yaml_duplicate_and_deep(tmp_path):
    from antong_reports.sources.progress_file import load_progress

    text = SAMPLE_PROGRESS.read_text("utf-8")
    first = next(line for line in text.splitlines() if line.startswith("plan:"))
    path = tmp_path / "p.yaml"
    path.write_text(text.replace(first, first + "\nplan: other", 1), "utf-8")
    with pytest.raises(ProgressFileError) as info:
        load_progress(path)
    issue = info.value.issues[0]
    assert (issue.code, issue.path) == ("duplicate-key", "plan")
    assert issue.line == text.splitlines().index(first) + 2
    # deeper than our limit, and deeper than libyaml's own (1,000 in PyYAML 6.0.4 and newer)
    for depth in (100, 200_000):
        path.write_text("plan: " + "[" * depth + "]" * depth + "\n", "utf-8")
        with pytest.raises(ProgressFileError) as info:
            load_progress(path)
        assert info.value.issues[0].code == "too-deep" and info.value.issues[0].line == 1
    proc = run_cli("pack", str(MINI), "--progress", str(path), "--year", "2567",
                   "-o", str(tmp_path / "pack"), timeout=120)
    assert proc.returncode == 1 and "nested too deeply" in proc.stderr


# --------------------------------------------------------------------------- progress workbooks

@pytest.fixture(scope="module")
def template(tmp_path_factory):
    from antong_reports.render.progress_workbook import template_workbook
    from antong_reports.sources import load_plan

    plan = load_plan(SAMPLE)
    return plan, template_workbook(plan, 2567, 6)


def _filled(plan, data: bytes, path: Path, edit) -> Path:
    from openpyxl import load_workbook

    from test_progress import fill_template
    from antong_reports.sources.progress_file import load_progress

    path.write_bytes(data)
    fill_template(path, load_progress(SAMPLE_PROGRESS).resolved(plan), 2567, 6)
    wb = load_workbook(path)
    edit(wb["รายงานผล"])
    wb.save(path)
    return path


def test_a_formula_without_a_cached_value_is_an_error_naming_the_cell(template, tmp_path):
    from antong_reports.sources.progress_workbook import COL, FIRST_DATA_ROW, read_progress_workbook
    from openpyxl.utils import get_column_letter

    plan, data = template
    row = FIRST_DATA_ROW + 2
    cell = f"{get_column_letter(COL['disbursed'])}{row}"
    path = _filled(plan, data, tmp_path / "f.xlsx", lambda ws: ws.__setitem__(cell, "=1000+500"))
    with pytest.raises(ProgressFileError) as info:
        read_progress_workbook(path, plan)
    issue = next(i for i in info.value.issues if i.code == "formula-without-value")
    assert issue.path == f"รายงานผล!{cell}"
    proc = run_cli("pack", str(SAMPLE), "--progress", str(path), "--year", "2567",
                   "-o", str(tmp_path / "pack"))
    assert proc.returncode == 1 and cell in proc.stderr and not (tmp_path / "pack").exists()


def test_rows_are_read_to_the_last_filled_row(template, tmp_path):
    from antong_reports.sources.progress_workbook import COL, FIRST_DATA_ROW, read_progress_workbook
    from openpyxl.utils import get_column_letter

    plan, data = template
    row = FIRST_DATA_ROW + 3
    full = read_progress_workbook(_filled(plan, data, tmp_path / "a.xlsx", lambda ws: None), plan)
    # the id of one row deleted: the rows below it are still read, and the row is an error
    path = _filled(plan, data, tmp_path / "b.xlsx",
                   lambda ws: setattr(ws.cell(row, COL["id"]), "value", None))
    with pytest.raises(ProgressFileError) as info:
        read_progress_workbook(path, plan)
    (issue,) = info.value.issues
    assert (issue.code, issue.path) == ("missing-project-id", f"รายงานผล!{get_column_letter(COL['id'])}{row}")

    # a whole row cleared: the rows below it still count
    def clear(ws):
        for c in range(1, len(COL) + 1):
            ws.cell(row, c).value = None
    got = read_progress_workbook(_filled(plan, data, tmp_path / "c.xlsx", clear), plan)
    assert len(got.records) == len(full.records) - 1
    assert got.records[-1] == full.records[-1]


def _bomb_workbook(data: bytes, extra: dict[str, bytes]) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info, extra.pop(info.filename, src.read(info)))
        for name, body in extra.items():
            z.writestr(name, body)
    return buf.getvalue()


def _many_cells(n: int) -> bytes:
    rnd = random.Random(12)
    cells = "".join(f'<row r="{r}"><c r="A{r}"><v>{rnd.random()}</v></c><c r="B{r}"><v>{rnd.random()}</v></c></row>'
                    for r in range(1, n // 2 + 1))
    return ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
            f'spreadsheetml/2006/main"><sheetData>{cells}</sheetData></worksheet>').encode()


@pytest.mark.parametrize("kind,code", [
    ("ratio", "zip-too-large"),
    ("cells", "too-many-cells"),
    ("dtd", "xml-dtd"),
])
def test_hostile_workbooks_are_refused_before_openpyxl(template, tmp_path, kind, code):
    plan, data = template
    if kind == "ratio":
        body = _bomb_workbook(data, {"xl/media/image1.bin": b"\0" * (300 * 1024 * 1024)})
    elif kind == "cells":
        body = _bomb_workbook(data, {"xl/worksheets/sheet2.xml": _many_cells(400_000)})
    else:
        body = _bomb_workbook(data, {"xl/styles.xml": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'})
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(body)
    out = user_folder(tmp_path / "out")
    before = snapshot(out)
    proc = run_cli("pack", str(SAMPLE), "--progress", str(path), "--year", "2567",
                   "-o", str(out / "pack"), memory=768 * 1024 * 1024, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert code in proc.stderr or {"zip-too-large": "zip bomb", "too-many-cells": "cells",
                                   "xml-dtd": "DTD"}[code] in proc.stderr
    assert str(path) in proc.stderr
    assert snapshot(out) == before


# --------------------------------------------------------------------------- numbers too long

LONG = "9" * 5000   # beyond the 4,300 digits Python's int() takes from text


@pytest.mark.parametrize("suffix,old,new,path", [
    (".yaml", "first_year: 2566", f"first_year: {LONG}", "first_year"),
    (".yaml", "count: 50", f"count: {LONG}", "projects[0].target_group.count"),
    (".yaml", "2566: 10000", f"2566: {LONG}", "projects[0].budget[2566]"),
    (".json", "first_year", None, "first_year"),
], ids=["year", "count", "amount", "json-year"])
def test_a_number_of_thousands_of_digits_is_an_error_with_its_place(tmp_path, suffix, old, new,
                                                                    path):
    """Not an internal error: the field is named, exit 1, nothing written."""
    import yaml

    text = MINI.read_text("utf-8")
    if suffix == ".json":
        data = yaml.safe_load(text)
        data["first_year"] = 7
        text = json.dumps(data, ensure_ascii=False).replace('"first_year": 7', f'"first_year": {LONG}')
    else:
        text = text.replace(old, new)
    plan = tmp_path / f"plan{suffix}"
    plan.write_text(text, "utf-8")
    proc = run_cli("validate", str(plan))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert path in proc.stdout and "internal" not in proc.stdout + proc.stderr
    out = tmp_path / "out"
    proc = run_cli("build", str(plan), "-o", str(out), "--format", "xlsx")
    assert proc.returncode == 1 and not out.exists()


def test_a_progress_number_of_thousands_of_digits(tmp_path):
    from antong_reports.sources.progress_file import load_progress

    text = SAMPLE_PROGRESS.read_text("utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "year: 2567" in t)
    path = tmp_path / "p.yaml"
    path.write_text(text.replace("year: 2567", f"year: {LONG}", 1), "utf-8")
    with pytest.raises(ProgressFileError) as info:
        load_progress(path)
    issue = info.value.issues[0]
    assert (issue.code, issue.line) == ("number-too-long", line) and "5,000" in issue.message_en


# --------------------------------------------------------------------------- DTDs hidden deep

_BOMB_DTD = ('<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
             '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>')


def _prolog(kind: str) -> tuple[str, str]:
    """(prolog text before the DTD, encoding of the part) — a megabyte of comment or spaces
    pushes the DTD past what a reader that looks only at the start would see."""
    import base64

    rnd = random.Random(7)
    noise = base64.b64encode(bytes(rnd.getrandbits(8) for _ in range(900_000))).decode()
    return {
        "comment": ('<?xml version="1.0" encoding="UTF-8"?><!--' + noise + "-->", "utf-8"),
        "spaces": ('<?xml version="1.0"?>' + " \n" * 600_000, "utf-8"),
        "utf-16-bom": ('<?xml version="1.0" encoding="UTF-16"?><!--' + noise + "-->", "utf-16"),
        "utf-16le": ('<?xml version="1.0" encoding="UTF-16"?>', "utf-16-le"),
    }[kind]


@pytest.mark.parametrize("kind", ["comment", "spaces", "utf-16-bom", "utf-16le"])
def test_a_dtd_anywhere_in_a_workbook_part_is_refused(tmp_path, template, kind):
    """The DTD check reads the whole part, in UTF-8 or UTF-16: a plan workbook and a progress
    workbook with an entity-expanding DTD after a megabyte of prolog are refused at the part."""
    from antong_reports.render.plan_workbook import plan_workbook
    from antong_reports.sources import load_plan
    from antong_reports.sources import plan_workbook as L
    from antong_reports.validate import check_file
    from test_plan_workbook_bad import rezip, sheet_part

    head, encoding = _prolog(kind)

    def change_part(part: str):
        def change(name: str, body: bytes) -> bytes:
            if name != part:
                return body
            text = body.decode("utf-8")
            text = text[text.index("?>") + 2:] if text.startswith("<?xml") else text
            return (head + _BOMB_DTD + text.replace("<v>", "<v>&c;", 1)).encode(encoding)
        return change

    part = sheet_part(L.PROJECTS)
    path = tmp_path / "plan.xlsx"
    path.write_bytes(rezip(plan_workbook(load_plan(MINI)), change_part(part)))
    _plan, issues = check_file(path)
    assert [(i.code, i.path) for i in issues if i.is_error] == [("xml-dtd", part)]
    plan, data = template
    progress = tmp_path / "progress.xlsx"
    progress.write_bytes(rezip(data, change_part("xl/worksheets/sheet1.xml")))
    proc = run_cli("pack", str(SAMPLE), "--progress", str(progress), "--year", "2567",
                   "-o", str(tmp_path / "pack"))
    assert proc.returncode == 1 and "DTD" in proc.stderr and not (tmp_path / "pack").exists()


@pytest.mark.parametrize("typed,code", [
    ('"1e999999"', "not-amount"), ("1e400", "not-amount"), (".nan", "not-amount"),
    ('"Infinity"', "not-amount"), ("-5", "negative-amount"), ("100.125", "amount-decimals"),
    ("9" * 80, "amount-too-large"), ('"๕๐,๐๐๐ บาท"', None), ('"50000.-"', None),
], ids=["exp-text", "exp-float", "nan", "infinity", "negative", "decimals", "80-digits", "baht",
        "dot-dash"])
def test_progress_amounts_are_read_as_plan_amounts(tmp_path, typed, code):
    """A progress file's amounts follow the plan's amount rules and limit: no exponent, NaN or
    infinity (they crashed the reader with decimal.InvalidOperation), the unit or ".-" allowed."""
    import re

    from antong_reports.sources import load_plan
    from antong_reports.sources.progress_file import load_progress
    from antong_reports.validate.progress import validate_progress

    text = SAMPLE_PROGRESS.read_text("utf-8")
    first = re.search(r"budget_ordinance: \S+", text).group(0)
    path = tmp_path / "p.yaml"
    path.write_text(text.replace(first, f"budget_ordinance: {typed}", 1), "utf-8")
    try:
        progress = load_progress(path)
    except ProgressFileError as exc:
        assert [(i.code, i.path) for i in exc.issues] == [(code, "records[0].budget_ordinance")]
        return
    errors = [(i.code, i.path) for i in validate_progress(progress, load_plan(SAMPLE), path=path)
              if i.is_error]
    if code is None:
        assert not errors and progress.records[0].budget_ordinance == 50000
    else:
        assert errors == [(code, "records[0].budget_ordinance")]


@pytest.mark.parametrize("encoding,bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")])
def test_utf16_with_its_mark_reads_as_utf8(tmp_path, encoding, bom):
    """Windows Notepad saves "Unicode" as UTF-16 with a byte order mark: read as the UTF-8 file."""
    from antong_reports.sources import load_plan
    from antong_reports.sources.progress_file import load_progress

    plan = tmp_path / "plan.yaml"
    plan.write_bytes(bom + MINI.read_text("utf-8").encode(encoding))
    assert load_plan(plan) == load_plan(MINI)
    progress = tmp_path / "progress.yaml"
    progress.write_bytes(bom + SAMPLE_PROGRESS.read_text("utf-8").encode(encoding))
    assert load_progress(progress) == load_progress(SAMPLE_PROGRESS)
    damaged = tmp_path / "damaged.yaml"
    damaged.write_bytes(b"\xff\xfe" + "slug: x\n".encode("utf-16-le") + b"\x00\xd8a\x00")
    proc = run_cli("validate", str(damaged))
    assert proc.returncode == 1 and "UTF-16" in proc.stdout and "UTF-8" in proc.stdout
