"""The plan workbook edited as a person would: in a spreadsheet program, then built."""

from __future__ import annotations

import io
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import attrs
from openpyxl import load_workbook

from antong_reports.build import build
from antong_reports.model import plan as m
from antong_reports.render.plan_workbook import plan_workbook
from antong_reports.sources import load_plan
from antong_reports.sources import plan_workbook as L
from antong_reports.sources.planfile import dump_plan_yaml
from conftest import convert_with_libreoffice

P, D = L.PROJECTS, L.DETAILS


def rows_with(ws, col: int, value: str, first: int) -> list[int]:
    return [r for r in range(first, ws.max_row + 1) if ws.cell(r, col).value == value]


def test_officer_edits_budget_adds_and_deletes_projects(sample_plan, tmp_path):
    plan = sample_plan
    wb = load_workbook(io.BytesIO(plan_workbook(plan)))
    ws, det = wb[P], wb[D]
    cols, by_year, _total = L.project_columns(plan.years)
    first = L.PROJECT_FIRST_ROW

    # 1. a budget changes: the first project's 2567 budget
    p0 = plan.projects[0]
    assert ws.cell(first, cols["id"]).value == p0.id
    ws.cell(first, by_year[2567]).value = 41250

    # 2. a project is deleted: its row, and its rows of details
    referenced = {mm.project for r in plan.risks for mm in r.control_measures}
    gone = next(p for p in plan.projects[1:] if p.id not in referenced)
    ws.delete_rows(rows_with(ws, cols["id"], gone.id, first)[0])
    for r in reversed(rows_with(det, 2, gone.id, L.DETAIL_LAYOUT.first_row)):
        det.delete_rows(r)

    # 3. a project is added below the last one, after a few blank rows, with one output
    last = max(rows_with(ws, cols["id"], p.id, first)[0] for p in plan.projects if p is not gone)
    new = last + 4
    ws.cell(new, cols["id"]).value = "open-data-portal"
    ws.cell(new, cols["kind"]).value = "กิจกรรม"
    ws.cell(new, cols["name"]).value = "กิจกรรมเปิดเผยข้อมูลข่าวสารบนเว็บไซต์"
    ws.cell(new, cols["code"]).value = "2.1"  # typed, not chosen from the list
    ws.cell(new, by_year[2568]).value = 15000
    ws.cell(new, cols["responsible"]).value = "กองคลัง"
    ws.cell(new, cols["years"]).value = "2568"
    drow = det.max_row + 1
    while any(det.cell(drow - 1, c).value is None for c in (2, 4, 7)):  # last filled detail row
        drow -= 1
    det.cell(drow, 2).value = "open-data-portal"
    det.cell(drow, 4).value = "ผลผลิต"
    det.cell(drow, 7).value = "เผยแพร่ข้อมูลทุกเดือน"
    edited = tmp_path / "แผนที่แก้.xlsx"
    wb.save(edited)

    expected = attrs.evolve(plan, projects=[
        *(attrs.evolve(p, budget={**p.budget, 2567: Decimal(41250)}) if p is p0 else p
          for p in plan.projects if p is not gone),
        m.Project(id="open-data-portal", kind=m.ProjectKind.ACTIVITY,
                  name="กิจกรรมเปิดเผยข้อมูลข่าวสารบนเว็บไซต์", code="2.1",
                  budget={2568: Decimal(15000)}, years=(2568,), responsible="กองคลัง",
                  outputs=("เผยแพร่ข้อมูลทุกเดือน",))])
    assert load_plan(edited) == expected

    # the build of the edited workbook is the build of the expected plan, byte for byte
    expected_yaml = tmp_path / "expected.yaml"
    expected_yaml.write_text(dump_plan_yaml(expected), "utf-8")
    a = build(edited, tmp_path / "a", ["docx", "xlsx"])
    b = build(expected_yaml, tmp_path / "b", ["docx", "xlsx"])
    c = build(None, tmp_path / "c", ["xlsx"])
    assert [p.name for p in a.written] == [p.name for p in b.written]
    for pa, pb in zip(a.written, b.written):
        assert pa.read_bytes() == pb.read_bytes(), pa.name
    budget = next(p for p in a.written if p.suffix == ".xlsx")
    assert budget.read_bytes() != c.written[0].read_bytes()  # the changes did reach the documents
    totals = a.plan.totals()
    assert totals[2567] == plan.totals()[2567] - p0.amount(2567) + 41250 - gone.amount(2567)
    assert totals[2568] == plan.totals()[2568] - gone.amount(2568) + 15000
    assert len(a.plan.projects) == len(plan.projects)


def test_saved_by_libreoffice_reads_the_same_plan(sample_plan, tmp_path, soffice):
    src = tmp_path / "plan.xlsx"
    src.write_bytes(plan_workbook(sample_plan))
    saved = convert_with_libreoffice(src, "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo")
    assert saved.read_bytes() != src.read_bytes()  # LibreOffice wrote its own file
    wb = load_workbook(saved)
    assert wb.sheetnames == list(L.SHEETS)
    # LibreOffice calculated the live totals and saved their values
    values = load_workbook(saved, data_only=True)[P]
    cols, by_year, total_col = L.project_columns(sample_plan.years)
    assert values.cell(L.PROJECT_TOTAL_ROW, by_year[2566]).value == sample_plan.total(2566)
    assert load_plan(saved) == sample_plan
    # and the command line takes it as it is
    r = subprocess.run([sys.executable, "-m", "antong_reports", "validate", str(saved)],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
