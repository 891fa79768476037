"""The plan workbook: plan → workbook → plan, builds from a workbook, the CLI command."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from openpyxl import load_workbook

from antong_reports.model import plan as m
from antong_reports.model.framework import framework_2566_2570
from antong_reports.render.plan_workbook import plan_workbook
from antong_reports.sources import load_plan
from antong_reports.sources import plan_workbook as L
from antong_reports.validate import check_file
from strategies import plans

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "angthong-2566-2570.yaml"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "antong_reports", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=600)


def round_trip(plan: m.Plan, folder: Path) -> m.Plan:
    path = folder / "plan.xlsx"
    path.write_bytes(plan_workbook(plan))
    return load_plan(path)


# --------------------------------------------------------------------------- the sample

def test_sample_round_trip(sample_plan, tmp_path):
    back = round_trip(sample_plan, tmp_path)
    assert back == sample_plan
    # what the equality covers is really there: nested steps, bullets, measures, categories
    assert back.project("corruption-complaint-channels").target_group.categories == (
        m.TargetCategory.CITIZENS, m.TargetCategory.LOCAL_OFFICIALS)
    assert any(s.steps for p in back.projects for s in p.steps)
    assert any(s.bullet for p in back.projects for st_ in p.steps for s in st_.walk())
    assert sum(len(r.control_measures) for r in back.risks) == 10


def test_sample_workbook_is_deterministic(sample_plan):
    assert plan_workbook(sample_plan) == plan_workbook(sample_plan)


def test_sample_workbook_layout(sample_plan, tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(plan_workbook(sample_plan))
    wb = load_workbook(path)
    assert wb.sheetnames == list(L.SHEETS)
    ws = wb[L.PROJECTS]
    cols, by_year, total_col = L.project_columns(sample_plan.years)
    # one row per project, amounts are numbers with a Thai-digit format
    first = L.PROJECT_FIRST_ROW
    ids = [ws.cell(r, cols["id"]).value for r in range(first, first + len(sample_plan.projects))]
    assert ids == [p.id for p in sample_plan.projects]
    p0 = sample_plan.projects[0]
    cell = ws.cell(first, by_year[2566])
    assert cell.value == int(p0.budget[2566])
    assert cell.number_format.startswith("[$-D00041E]#,##0")
    # live per-year totals above the projects, over every row an officer may fill
    letter = cell.column_letter
    assert ws.cell(L.PROJECT_TOTAL_ROW, by_year[2566]).value == \
        f"=SUM({letter}{first}:{letter}{L.LAST_ROW})"
    assert ws.freeze_panes == f"E{first}"
    # protected without a password, rows can be inserted and deleted
    assert ws.protection.sheet and not ws.protection.password
    assert ws.protection.insertRows is False and ws.protection.deleteRows is False
    assert ws.cell(first, cols["name"]).protection.locked is False
    assert ws.cell(L.PROJECT_HEADER_ROW, cols["name"]).protection.locked is True
    # drop-downs: kinds, framework codes with titles, project references, risk levels
    lists = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    kind_col = ws.cell(first, cols["kind"]).column_letter
    assert lists[f"{kind_col}{first}:{kind_col}{L.LAST_ROW}"] == '"โครงการ,กิจกรรม,มาตรการ,แนวปฏิบัติงาน"'
    code_col = ws.cell(first, cols["code"]).column_letter
    assert L.FRAMEWORK in lists[f"{code_col}{first}:{code_col}{L.LAST_ROW}"]
    assert ws.cell(first, cols["code"]).value.startswith(p0.code + " ")
    risks = wb[L.RISKS]
    rlists = {str(dv.sqref): dv.formula1 for dv in risks.data_validations.dataValidation}
    assert rlists[f"D{L.RISK_LAYOUT.first_row}:D{L.LAST_ROW}"] == '"ต่ำ,ปานกลาง,สูง,สูงมาก"'
    assert rlists[f"E{L.RISK_LAYOUT.first_row}:E{L.LAST_ROW}"] == \
        f"'{L.PROJECTS}'!$B${first}:$B${L.LAST_ROW}"
    fw = wb[L.FRAMEWORK]
    choices = [fw.cell(r, 4).value for r in range(L.FRAMEWORK_LAYOUT.first_row, fw.max_row + 1)]
    item = framework_2566_2570().get("1.1.1")
    assert L.framework_choice("1.1.1", item.title) in choices
    assert wb[L.INSTRUCTIONS].cell(*L.MARK_CELL).value == L.FORMAT_MARK


def test_build_from_workbook_is_byte_identical(sample_plan, tmp_path):
    wb = tmp_path / "plan.xlsx"
    wb.write_bytes(plan_workbook(sample_plan))
    a = run("build", str(wb), "-o", str(tmp_path / "a"))
    b = run("build", str(SAMPLE), "-o", str(tmp_path / "b"))
    assert a.returncode == 0, a.stderr
    assert b.returncode == 0, b.stderr
    names = sorted(p.name for p in (tmp_path / "b").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "a").iterdir())
    assert len(names) >= 3 and all(n.startswith(sample_plan.slug) for n in names)
    for n in names:
        assert (tmp_path / "a" / n).read_bytes() == (tmp_path / "b" / n).read_bytes(), n


def test_cli_plan_workbook_and_validate(tmp_path):
    out = tmp_path / "แผน.xlsx"
    r = run("plan-workbook", str(SAMPLE), "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert out.read_bytes() == plan_workbook(load_plan(SAMPLE))
    v = run("validate", str(out))
    assert v.returncode == 0, v.stdout + v.stderr
    assert "27" in v.stdout


def test_cli_template_has_examples_and_reads_as_empty(tmp_path):
    r = run("plan-workbook", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    out = tmp_path / "plan-workbook.xlsx"
    wb = load_workbook(out)
    for sheet in (L.PREFACE, L.RISKS, L.PART1, L.TARGETS, L.DETAILS, L.SUB_ITEMS):
        assert wb[sheet].cell(L.TableLayout(sheet, ()).first_row, 1).value == L.EXAMPLE, sheet
    assert wb[L.PROJECTS].cell(L.PROJECT_FIRST_ROW, 1).value == L.EXAMPLE
    # the untouched template: the examples are skipped, the empty particulars are errors
    plan, issues = check_file(out)
    assert plan is None
    where = {i.path for i in issues}
    assert f"{L.INFO}!B4" in where  # slug
    assert all(i.is_error and i.path.startswith(L.INFO + "!") for i in issues)


def test_cli_bad_plan_for_workbook_exits_1_and_writes_nothing(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(SAMPLE.read_text("utf-8").replace("code: \"1.1.1\"", "code: \"9.9\"", 1), "utf-8")
    r = run("plan-workbook", str(bad), "-o", str(tmp_path / "x.xlsx"))
    assert r.returncode == 1
    assert not (tmp_path / "x.xlsx").exists()
    r = run("plan-workbook", str(tmp_path / "missing.yaml"), "-o", str(tmp_path / "x.xlsx"))
    assert r.returncode == 2
    assert not (tmp_path / "x.xlsx").exists()


# --------------------------------------------------------------------------- generated plans
# whole plans from tests/strategies.py (the strategies every format is fuzzed with)

ROUND_TRIPS = {"count": 0}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_generated_plans_round_trip(plan):
    with tempfile.TemporaryDirectory() as tmp:
        back = round_trip(plan, Path(tmp))
    assert back == plan
    ROUND_TRIPS["count"] += 1


def test_round_trip_count():
    """Runs after the property test in file order: at least 200 generated plans went through."""
    if ROUND_TRIPS["count"] == 0:
        pytest.skip("run together with test_generated_plans_round_trip")
    assert ROUND_TRIPS["count"] >= 200


def test_cli_import_workbook_to_plan_file(sample_plan, tmp_path):
    wb = tmp_path / "plan.xlsx"
    wb.write_bytes(plan_workbook(sample_plan))
    out = tmp_path / "plan.yaml"
    r = run("import", str(wb), "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert load_plan(out) == sample_plan


def test_pack_from_workbook_is_the_pack_from_yaml(sample_plan, tmp_path):
    wb = tmp_path / "plan.xlsx"
    wb.write_bytes(plan_workbook(sample_plan))
    progress = ROOT / "samples" / "angthong-progress-2567.yaml"
    for name, plan in (("a", wb), ("b", SAMPLE)):
        r = run("pack", str(plan), "--year", "2567", "--progress", str(progress), "-o",
                str(tmp_path / name))
        assert r.returncode == 0, r.stderr
    a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert a == b and a
    for rel in a:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel
