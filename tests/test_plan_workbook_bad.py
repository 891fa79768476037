"""Bad plan workbooks: each one mistake an officer makes, reported at its sheet and cell.

Every case starts from the workbook written for tests/fixtures/mini.yaml (projects p1 on row 7 and
p2 on row 8 of โครงการ; budget columns F–J are 2566–2570), changes one thing the way an officer
would (with openpyxl, or in the file's XML where the mistake is in the container), and checks the
issue: its code, its place ``ชีต!A1`` and words of its message.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Callable

import pytest
from openpyxl import load_workbook

from antong_reports.render.plan_workbook import plan_workbook
from antong_reports.sources import load_plan
from antong_reports.sources import plan_workbook as L
from antong_reports.validate import check_file

MINI = Path(__file__).resolve().parent / "fixtures" / "mini.yaml"
P = L.PROJECTS
R = L.RISKS
D = L.DETAILS
I = L.INFO


@pytest.fixture(scope="module")
def mini_bytes() -> bytes:
    return plan_workbook(load_plan(MINI))


def edited(tmp_path: Path, data: bytes, edit: Callable) -> Path:
    """The workbook after ``edit(wb)``, saved as an officer's spreadsheet program would."""
    wb = load_workbook(io.BytesIO(data))
    edit(wb)
    path = tmp_path / "plan.xlsx"
    wb.save(path)
    return path


def sheet_part(sheet: str) -> str:
    return f"xl/worksheets/sheet{L.SHEETS.index(sheet) + 1}.xml"


def rezip(data: bytes, change: Callable[[str, bytes], bytes]) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info.filename, change(info.filename, src.read(info.filename)))
    return out.getvalue()


def set_cell(ws, ref: str, value) -> None:
    ws[ref] = value


def stored_cell(data: bytes, sheet: str, ref: str, xml: str) -> bytes:
    """The workbook with cell ``ref`` of ``sheet`` replaced by the XML ``xml``, as another
    program (Excel, LibreOffice) saved it."""
    def change(name: str, body: bytes) -> bytes:
        if name != sheet_part(sheet):
            return body
        text = body.decode("utf-8")
        cell = re.compile(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)', re.S)
        assert cell.search(text), ref
        return cell.sub(lambda _: xml, text, count=1).encode("utf-8")
    return rezip(data, change)


def formula_with_value(data: bytes, sheet: str, ref: str, formula: str, value: str) -> bytes:
    """A text cell that is a formula with a cached value, as Excel saves one."""
    return stored_cell(data, sheet, ref, f'<c r="{ref}" t="str"><f>{formula}</f><v>{value}</v></c>')


# (name, edit, code, place, words of the Thai message, words of the English message)
CASES: list[tuple[str, Callable, str, str, str, str]] = [
    ("text-in-amount", lambda wb: set_cell(wb[P], "F7", "สามหมื่นบาท"),
     "not-an-amount", f"{P}!F7", "ไม่ใช่จำนวนเงิน", "not an amount"),
    ("negative-amount", lambda wb: set_cell(wb[P], "G7", -500),
     "negative-amount", f"{P}!G7", "ติดลบ", "negative"),
    ("amount-three-decimals", lambda wb: set_cell(wb[P], "H7", 100.125),
     "amount-decimals", f"{P}!H7", "ทศนิยม", "decimals"),
    ("formula-amount-without-value", lambda wb: set_cell(wb[P], "F8", "=5000*2"),
     "formula-without-value", f"{P}!F8", "สูตร", "formula"),
    ("code-not-in-framework", lambda wb: set_cell(wb[P], "E8", "9.9"),
     "unknown-dimension", f"{P}!E8", "ไม่มีมิติที่ 9", "dimension 9"),
    ("mission-not-in-framework", lambda wb: set_cell(wb[P], "E8", "2.9"),
     "unknown-mission", f"{P}!E8", "ไม่มีภารกิจ 2.9", "mission 2.9"),
    ("code-typed-as-number", lambda wb: set_cell(wb[P], "E8", 2.1),
     "code-as-number", f"{P}!E8", "ตัวเลข", "number"),
    ("project-without-name", lambda wb: set_cell(wb[P], "D8", None),
     "empty-cell", f"{P}!D8", "ชื่อโครงการ", "project name"),
    ("project-without-id", lambda wb: set_cell(wb[P], "B8", None),
     "empty-cell", f"{P}!B8", "รหัสโครงการ", "project id"),
    ("duplicate-project", lambda wb: set_cell(wb[P], "B8", "p1"),
     "duplicate-project-id", f"{P}!B8", "ซ้ำ", "already used on row 7"),
    ("kind-not-a-choice", lambda wb: set_cell(wb[P], "C8", "มาตรกา"),
     "bad-choice", f"{P}!C8", "มาตรการ", "did you mean"),
    ("count-with-unit", lambda wb: set_cell(wb[P], "P7", "๕๐ คน"),
     "wrong-type", f"{P}!P7", "จำนวนเต็ม", "whole number"),
    ("checkbox-word", lambda wb: set_cell(wb[P], "T7", "บางส่วน"),
     "bad-checkbox", f"{P}!T7", "บางส่วน", "checkbox"),
    ("quarter-five", lambda wb: set_cell(wb[P], "N7", "1, 5"),
     "bad-quarter", f"{P}!N7", "ไตรมาส 5", "quarter 5"),
    ("year-outside-plan", lambda wb: set_cell(wb[P], "M8", "2567, 2580"),
     "project-year-outside", f"{P}!M8", "2580", "2580"),
    ("year-heading-changed", lambda wb: set_cell(wb[P], "J5", 2575),
     "year-headings", f"{P}!J5", "2566, 2567, 2568, 2569, 2570", "2566-2570"),
    ("target-year-heading-deleted", lambda wb: set_cell(wb[L.TARGETS], "G4", None),
     "year-headings", f"{L.TARGETS}!G4", "ไม่ตรงกับปีของแผน", "do not match"),
    ("column-inserted", lambda wb: wb[P].insert_cols(12),
     "changed-heading", f"{P}!L5", "หัวคอลัมน์", "heading"),
    ("risk-measure-naming-no-project", lambda wb: set_cell(wb[R], "E5", "p9"),
     "unknown-risk-project", f"{R}!E5", "p9", "p9"),
    ("risk-level-not-a-choice", lambda wb: set_cell(wb[R], "D5", "กลาง ๆ"),
     "bad-choice", f"{R}!D5", "ค่าที่ใช้ไม่ได้", "allowed values"),
    ("risk-without-number", lambda wb: set_cell(wb[R], "A5", None),
     "risk-without-number", f"{R}!A5", "เลขข้อ", "number"),
    ("detail-of-unknown-project", lambda wb: set_cell(wb[D], "B14", "p3"),
     "unknown-project", f"{D}!B14", "p3", "p3"),
    ("step-level-jump", lambda wb: set_cell(wb[D], "E9", 3),
     "level-jump", f"{D}!E9", "ระดับข้ามขั้น", "jumps"),
    ("detail-section-unknown", lambda wb: set_cell(wb[D], "D12", "ผลงาน"),
     "bad-choice", f"{D}!D12", "หัวข้อ", "section"),
    ("slug-in-thai", lambda wb: set_cell(wb[I], "B4", "แผนของเรา"),
     "bad-slug", f"{I}!B4", "slug", "slug"),
    ("first-year-in-words", lambda wb: set_cell(wb[I], "B13", "สองพันห้าร้อยหกสิบหก"),
     "wrong-type", f"{I}!B13", "จำนวนเต็ม", "whole number"),
    ("last-year-before-first", lambda wb: set_cell(wb[I], "B14", 2560),
     "bad-period", f"{I}!B14", "มาก่อนปีแรก", "before its first year"),
    ("province-emptied", lambda wb: set_cell(wb[I], "B9", None),
     "empty-cell", f"{I}!B9", "จังหวัด", "is empty"),
    ("info-row-deleted", lambda wb: wb[I].delete_rows(9),
     "missing-row", I, "จังหวัด", "missing"),
    ("preface-without-position", lambda wb: set_cell(wb[L.PREFACE], "B5", None),
     "empty-cell", f"{L.PREFACE}!B5", "ตำแหน่ง", "position"),
    ("error-value-in-text", lambda wb: set_cell(wb[P], "L8", "#N/A"),
     "error-value", f"{P}!L8", "#N/A", "#N/A"),
    ("sheet-deleted", lambda wb: wb.remove(wb[R]),
     "missing-sheet", R, R, "missing"),
    ("sheet-renamed", lambda wb: setattr(wb[D], "title", "รายละเอียด"),
     "missing-sheet", D, D, "missing"),
]


@pytest.mark.parametrize("name,edit,code,where,th,en", CASES, ids=[c[0] for c in CASES])
def test_one_mistake(tmp_path, mini_bytes, name, edit, code, where, th, en):
    path = edited(tmp_path, mini_bytes, edit)
    plan, issues = check_file(path)
    errors = [i for i in issues if i.is_error]
    assert errors, name
    found = [i for i in errors if i.code == code and i.path == where]
    assert found, [f"{i.code} {i.path}" for i in errors]
    issue = found[0]
    assert th in issue.message_th and en in issue.message_en, str(issue)
    assert issue.fix_th and issue.fix_en
    assert issue.file == str(path)
    # one mistake gives one problem, not a cascade
    assert len(errors) == 1, [str(i) for i in errors]


# --------------------------------------------------------------------------- the container

def check_bytes(tmp_path: Path, data: bytes):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(data)
    return check_file(path)


def only_error(issues):
    errors = [i for i in issues if i.is_error]
    assert len(errors) == 1, [str(i) for i in errors]
    return errors[0]


def test_zip_bomb(tmp_path, mini_bytes):
    def change(name: str, body: bytes) -> bytes:
        if name == sheet_part(P):
            return body.replace(b"</worksheet>", b"<!--" + b"0" * 30_000_000 + b"--></worksheet>")
        return body
    plan, issues = check_bytes(tmp_path, rezip(mini_bytes, change))
    issue = only_error(issues)
    assert plan is None and issue.code == "zip-too-large" and issue.path == sheet_part(P)
    assert "zip bomb" in issue.message_en


def test_dtd_is_refused(tmp_path, mini_bytes):
    def change(name: str, body: bytes) -> bytes:
        if name == sheet_part(P):
            return body.replace(b"<worksheet", b'<!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet', 1)
        return body
    plan, issues = check_bytes(tmp_path, rezip(mini_bytes, change))
    issue = only_error(issues)
    assert issue.code == "xml-dtd" and issue.path == sheet_part(P)
    assert "DTD" in issue.message_th


def test_too_many_cells(tmp_path, mini_bytes, monkeypatch):
    monkeypatch.setattr(L, "MAX_CELLS", 500)
    plan, issues = check_bytes(tmp_path, mini_bytes)
    issue = only_error(issues)
    assert issue.code == "too-many-cells" and "500" in issue.message_en


def test_not_a_workbook(tmp_path):
    plan, issues = check_bytes(tmp_path, "slug: x\n".encode())
    assert only_error(issues).code == "not-a-zip"


def test_old_excel_or_password(tmp_path):
    plan, issues = check_bytes(tmp_path, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert only_error(issues).code == "encrypted-or-legacy"


def test_another_workbook(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active["A1"] = "งบประมาณ"
    path = tmp_path / "plan.xlsx"
    wb.save(path)
    plan, issues = check_file(path)
    issue = only_error(issues)
    assert issue.code == "not-a-plan-workbook" and "plan-workbook" in issue.fix_en


# --------------------------------------------------------------------------- formulas

def test_text_formula_reads_what_it_shows(tmp_path, mini_bytes):
    data = formula_with_value(mini_bytes, P, "L8", 'UPPER("กองคลัง")', "กองคลังจากสูตร")
    plan, issues = check_bytes(tmp_path, data)
    assert plan is not None, [str(i) for i in issues]
    assert plan.project("p2").responsible == "กองคลังจากสูตร"


def test_amount_formula_with_value_is_its_value(tmp_path, mini_bytes):
    data = formula_with_value(mini_bytes, P, "H8", "1500*2", "3000")
    plan, issues = check_bytes(tmp_path, data)
    assert plan is not None, [str(i) for i in issues]
    assert plan.project("p2").budget == {2568: 3000}


def test_text_formula_without_value(tmp_path, mini_bytes):
    path = edited(tmp_path, mini_bytes, lambda wb: set_cell(wb[P], "L8", '=UPPER("x")'))
    plan, issues = check_file(path)
    issue = only_error(issues)
    assert issue.code == "formula-without-value" and issue.path == f"{P}!L8"


# --------------------------------------------------------------------------- the command line

def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "antong_reports", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=600)


def test_cli_exit_codes_and_nothing_written(tmp_path, mini_bytes):
    bad = edited(tmp_path, mini_bytes, lambda wb: set_cell(wb[P], "F7", "สามหมื่นบาท"))
    v = run("validate", str(bad))
    assert v.returncode == 1
    assert f"{P}!F7" in v.stdout and "not-an-amount" in v.stdout
    out = tmp_path / "out"
    b = run("build", str(bad), "-o", str(out), "--format", "xlsx")
    assert b.returncode == 1 and f"{P}!F7" in b.stderr
    assert not out.exists() or not any(out.iterdir())
    p = run("pack", str(bad), "--year", "2567", "-o", str(tmp_path / "pack"))
    assert p.returncode == 1, p.stderr
    assert not (tmp_path / "pack").exists()
    w = run("plan-workbook", str(bad), "-o", str(tmp_path / "again.xlsx"))
    assert w.returncode == 1 and not (tmp_path / "again.xlsx").exists()
    missing = run("validate", str(tmp_path / "nowhere.xlsx"))
    assert missing.returncode == 2
    j = run("validate", str(bad), "--json")
    assert j.returncode == 1 and f'"path": "{P}!F7"' in j.stdout
