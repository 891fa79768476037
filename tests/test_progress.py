"""Progress records: the file format, validation messages, summaries and the progress workbook."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from antong_reports.model.progress import ProgressFile, ProgressRecord, Reason, Status, summarize
from antong_reports.common.errors import ProgressFileError, ProgressInvalid
from antong_reports.validate.progress import check_progress, validate_progress
from antong_reports.sources.progress_file import (dump_progress_yaml, load_progress, parse_date,
                                                  progress_from_text)
from antong_reports.render import progress_workbook as ptw
from antong_reports.sources import progress_workbook as pt

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_PROGRESS = ROOT / "samples" / "angthong-progress-2567.yaml"

HEAD = """plan: mini
reports:
  - {year: 2567, round: 6, date: 2567-04-30}
records:
"""


def rec(project="p1", year=2567, rnd=6, status="ดำเนินการแล้วเสร็จ", extra="") -> str:
    return (f"  - project: {project}\n    year: {year}\n    round: {rnd}\n    status: {status}\n"
            + "".join(f"    {line}\n" for line in extra.splitlines() if line))


def issues_of(text: str, plan, tmp_path: Path):
    path = tmp_path / "progress.yaml"
    path.write_text(text, "utf-8")
    return validate_progress(load_progress(path), plan, path=path)


def only(issues, code):
    found = [i for i in issues if i.code == code]
    assert len(found) == 1, [str(i) for i in issues]
    return found[0]


# --------------------------------------------------------------------------- loading

def test_sample_loads_and_is_illustrative(sample_plan):
    pf = load_progress(SAMPLE_PROGRESS)
    assert pf.plan == sample_plan.slug
    assert pf.illustrative is True
    assert pf.rounds() == ((2567, 6), (2567, 12))
    assert len(pf.records_of(2567, 6)) == len(pf.records_of(2567, 12)) == 27
    assert pf.report_date(2567, 6) == dt.date(2024, 4, 30)
    statuses = {r.status for r in pf.records}
    assert statuses == set(Status)
    assert {r.reason for r in pf.records if r.reason} == set(Reason)
    assert any(r.disbursed > r.budget_ordinance for r in pf.records)  # over-spent
    assert any(0 < r.disbursed < r.budget_ordinance for r in pf.records)  # under-spent


def test_sample_validates_with_only_the_overspend_warning(sample_plan):
    issues = validate_progress(load_progress(SAMPLE_PROGRESS), sample_plan, path=SAMPLE_PROGRESS)
    assert [i.code for i in issues] == ["disbursed-above-ordinance"]
    assert issues[0].path == "records[30].disbursed"
    assert issues[0].line is not None


def test_yaml_dump_round_trip(sample_plan):
    pf = load_progress(SAMPLE_PROGRESS)
    assert progress_from_text(dump_progress_yaml(pf)) == pf


@pytest.mark.parametrize("text, code, path, line, th", [
    ("plan: [a\n", "yaml-syntax", "", 2, None),
    ("- a\n- b\n", "not-a-mapping", "", 1, "ต้องเป็นชุดข้อมูลแบบ ชื่อ: ค่า แต่พบ list"),
    ("records: []\n", "missing-field", "", 1, "ขาดข้อมูล 'plan'"),
    ("plan: mini\nfoo: 1\n", "unknown-field", "foo", 2, "ไม่รู้จักชื่อข้อมูล 'foo'"),
    (HEAD + rec(status="เสร็จแล้ว"), "unknown-status", "records[0].status", 8, "ไม่รู้จักค่า 'เสร็จแล้ว'"),
    (HEAD + rec(extra="disbursed: -5"), "negative-amount", "records[0].disbursed", 9,
     "งบประมาณติดลบ (-5)"),
    (HEAD + rec(extra="disbursed: 1.005"), "amount-decimals", "records[0].disbursed", 9,
     "จำนวนเงินมีทศนิยมเกิน ๒ ตำแหน่ง (1.005)"),
    (HEAD + rec(extra="disbursed: abc"), "not-amount", "records[0].disbursed", 9, "ไม่ใช่จำนวนเงิน: ข้อความ \"abc\""),
    (HEAD + rec(extra="input_plan: maybe"), "not-boolean", "records[0].input_plan", 9, None),
    (HEAD + rec(extra="in_ordinance: maybe"), "not-boolean", "records[0].in_ordinance", 9, None),
    (HEAD + rec(extra="input_plan: true\nin_ordinance: true"), "duplicate-field",
     "records[0].in_ordinance", 10, None),
    (HEAD + rec(status="2 ดำเนินการแล้วเสร็จ"), "unknown-status", "records[0].status", 8, None),
    (HEAD + rec(status="5"), "unknown-status", "records[0].status", 8, "ไม่รู้จักค่า '5'"),
    (HEAD + rec(status="ไม่สามารถดำเนินการได้", extra="reason: 5"), "unknown-reason",
     "records[0].reason", 9, "ไม่รู้จักค่า '5'"),
    (HEAD + rec(year="สองพัน"), "not-integer", "records[0].year", 6, None),
    ("plan: mini\nrecords:\n  - &a {project: p1}\n  - *a\n", "yaml-alias", "", 4, None),
    ("plan: !!python/object:os.system x\n", "yaml-tag", "", 1, None),
])
def test_load_errors(tmp_path, text, code, path, line, th):
    f = tmp_path / "p.yaml"
    f.write_text(text, "utf-8")
    with pytest.raises(ProgressFileError) as exc:
        load_progress(f)
    issue = exc.value.issues[0]
    assert issue.code == code, str(exc.value)
    assert issue.path == path
    assert issue.line == line
    assert issue.file == str(f)
    if th:
        assert issue.message_th == th
    assert issue.message_en and issue.fix_th and issue.fix_en or code in ("yaml-syntax",)


def test_load_io_errors(tmp_path):
    for make, code in ((lambda p: p.mkdir(), "is-directory"),
                       (lambda p: p.write_bytes(b""), "empty"),
                       (lambda p: p.write_bytes(b"plan: \xff\xfe"), "not-utf8"),
                       (lambda p: None, "unreadable")):
        p = tmp_path / code
        make(p)
        with pytest.raises(ProgressFileError) as exc:
            load_progress(p)
        assert exc.value.issues[0].code == code


def test_parse_date():
    assert parse_date("2567-04-30") == dt.date(2024, 4, 30)
    assert parse_date("30/04/2567") == dt.date(2024, 4, 30)
    assert parse_date("๓๐/๐๔/๒๕๖๗") == dt.date(2024, 4, 30)
    assert parse_date(dt.date(2024, 4, 30)) == dt.date(2024, 4, 30)
    assert parse_date(dt.datetime(2567, 4, 30)) == dt.date(2024, 4, 30)
    assert parse_date("31/02/2567") is None
    assert parse_date("soon") is None


# --------------------------------------------------------------------------- validation

def test_error_unknown_project(mini_plan, tmp_path):
    i = only(issues_of(HEAD + rec(project="p9") + rec(project="p2"), mini_plan, tmp_path),
             "unknown-project")
    assert i.is_error
    assert i.message_th == "ไม่มีโครงการรหัส 'p9' ในแผน"
    assert i.message_en == "there is no project with id 'p9' in the plan"
    assert i.fix_en == "use a project id from the plan file"
    assert (i.path, i.line, i.column) == ("records[0].project", 5, 14)


def test_error_year_outside_plan(mini_plan, tmp_path):
    i = only(issues_of(HEAD + rec(year=2571), mini_plan, tmp_path), "year-outside-plan")
    assert i.is_error
    assert i.message_th == "ปีงบประมาณ ๒๕๗๑ อยู่นอกช่วงของแผน (๒๕๖๖ - ๒๕๗๐)"
    assert i.message_en == "fiscal year 2571 is outside the plan (2566-2570)"
    assert (i.path, i.line) == ("records[0].year", 6)


def test_error_bad_round(mini_plan, tmp_path):
    i = only(issues_of(HEAD + rec(rnd=3), mini_plan, tmp_path), "bad-round")
    assert i.is_error
    assert i.message_th == "รอบการรายงานต้องเป็น ๖ หรือ ๑๒ เดือน แต่พบ ๓"
    assert i.message_en == "the round must be 6 or 12 (months), found 3"
    assert (i.path, i.line) == ("records[0].round", 7)


def test_error_plan_mismatch_and_duplicate(mini_plan, tmp_path):
    text = HEAD.replace("plan: mini", "plan: other") + rec() + rec() + rec(project="p2")
    issues = issues_of(text, mini_plan, tmp_path)
    assert only(issues, "plan-mismatch").message_en == (
        "the progress file refers to plan 'other' but the plan given is 'mini'")
    dup = only(issues, "duplicate-record")
    assert dup.path == "records[1]"
    assert dup.message_en == "project 'p1' has two records for 2567 round 6 (same as records[0])"
    with pytest.raises(ProgressInvalid):
        check_progress(load_progress(tmp_path / "progress.yaml"), mini_plan)


def test_warning_disbursed_above_ordinance(mini_plan, tmp_path):
    text = HEAD + rec(extra="budget_ordinance: 10000\ndisbursed: 10500") + rec(project="p2")
    i = only(issues_of(text, mini_plan, tmp_path), "disbursed-above-ordinance")
    assert not i.is_error
    assert i.message_th == "เบิกจ่าย ๑๐,๕๐๐.๐๐ บาท สูงกว่าวงเงินตามข้อบัญญัติ ๑๐,๐๐๐.๐๐ บาท"
    assert i.message_en == "disbursed 10500 baht is above the ordinance budget 10000 baht"
    assert (i.path, i.line) == ("records[0].disbursed", 10)


def test_error_cannot_without_reason(mini_plan, tmp_path):
    text = HEAD + rec(status="4") + rec(project="p2")
    i = only(issues_of(text, mini_plan, tmp_path), "cannot-without-reason")
    assert i.is_error  # the form does not save status 4 without cant_process
    assert i.message_th == ("สถานะ 4 ไม่สามารถดำเนินการได้ แต่ไม่ได้ระบุเหตุผล"
                            " (แบบฟอร์ม E-PlanNACC บังคับให้เลือก)")
    assert i.message_en == ("status 4 (could not be done) but no reason is given"
                            " (the E-PlanNACC form requires one)")
    assert i.fix_th == ("ระบุ reason: 1 ไม่ได้รับงบประมาณ · 2 นโยบายผู้บริหารเปลี่ยนแปลง · "
                        "3 บุคลากรไม่เพียงพอ · 4 อื่นๆ")
    assert i.path == "records[0].reason" and i.line == 5  # the record, as the field is absent
    for reason in ("3", "บุคลากรไม่เพียงพอ", "3 บุคลากรไม่เพียงพอ", "๓"):
        ok = HEAD + rec(status="ไม่สามารถดำเนินการได้", extra=f"reason: {reason}") + rec(project="p2")
        assert issues_of(ok, mini_plan, tmp_path) == [], reason


def test_error_other_reason_needs_text(mini_plan, tmp_path):
    text = HEAD + rec(status="4 ไม่สามารถดำเนินการได้", extra="reason: 4 อื่นๆ") + rec(project="p2")
    i = only(issues_of(text, mini_plan, tmp_path), "other-reason-without-text")
    assert i.is_error
    assert i.message_en == "reason 4 (other) without its text (the form requires it)"
    ok = text.replace("reason: 4 อื่นๆ\n", "reason: 4 อื่นๆ\n    reason_text: เลื่อนไปปีหน้า\n")
    assert issues_of(ok, mini_plan, tmp_path) == []


def test_warning_reason_with_another_status(mini_plan, tmp_path):
    text = HEAD + rec(status="2", extra="reason: 1") + rec(project="p2")
    i = only(issues_of(text, mini_plan, tmp_path), "reason-without-cannot")
    assert not i.is_error and i.path == "records[0].reason"


def test_status_and_reason_codes_are_the_forms():
    """E-PlanNACC's status_process and cant_process values (projectreport form, 2018 source)."""
    assert [(s.code, s.label) for s in Status] == [
        (2, "อยู่ระหว่างดำเนินการ"), (3, "ดำเนินการแล้วเสร็จ"), (4, "ไม่สามารถดำเนินการได้")]
    assert [(r.code, r.label) for r in Reason] == [
        (1, "ไม่ได้รับงบประมาณ"), (2, "นโยบายผู้บริหารเปลี่ยนแปลง"), (3, "บุคลากรไม่เพียงพอ"),
        (4, "อื่นๆ")]
    assert Status.IN_PROGRESS.coded == "2 อยู่ระหว่างดำเนินการ"
    assert Reason.OTHER.coded == "4 อื่นๆ"
    for s in Status:
        for text in (s.code, str(s.code), s.label, s.coded, f" {s.code}  {s.label} ", s.name.lower()):
            assert Status.parse(text) is s
    assert Status.parse("๓") is Status.DONE
    assert Status.parse("ยังไม่ดำเนินการ") is None and Status.parse(1) is None
    assert Status.parse(True) is None
    from antong_reports.model.progress import NOT_REPORTED, ROUND_CODES
    assert NOT_REPORTED == "รอรายงานผล"
    assert ROUND_CODES == {6: 1, 12: 2}


@pytest.mark.parametrize("rnd, fix_en", [
    (6, "if it will still be done this fiscal year, use status: 2 (in progress) and give the date in"
        " remark; if it will not be done, use status: 4 (could not be done) with reason: 1-4"
        " (4 needs reason_text); or remove the record: the reports then show it as awaiting a report"),
    (12, "the 12-month round is the end of the fiscal year: if it will not be done, use status: 4"
         " (could not be done) with reason: 1-4 (4 needs reason_text); or remove the record: the"
         " reports then show it as awaiting a report"),
])
def test_old_format_status_tells_how_to_fix(tmp_path, rnd, fix_en):
    """A file of the previous format ("ยังไม่ดำเนินการ", in_ordinance) reads with a clear error at
    the old status only; the old key in_ordinance still reads."""
    f = tmp_path / "old.yaml"
    f.write_text(HEAD + rec(rnd=rnd, status="ยังไม่ดำเนินการ", extra="in_ordinance: true")
                 + rec(project="p2", rnd=rnd, status="อยู่ระหว่างดำเนินการ", extra="in_ordinance: ใช่"),
                 "utf-8")
    with pytest.raises(ProgressFileError) as exc:
        load_progress(f)
    [issue] = exc.value.issues
    assert (issue.code, issue.path, issue.line, issue.file) == ("old-status", "records[0].status", 8, str(f))
    assert issue.message_th == "สถานะ 'ยังไม่ดำเนินการ' มาจากรูปแบบเดิม ระบบ E-PlanNACC ไม่มีสถานะนี้"
    assert issue.fix_en == fix_en
    fixed = f.read_text("utf-8").replace("status: ยังไม่ดำเนินการ", "status: 2")
    f.write_text(fixed, "utf-8")
    pf = load_progress(f)
    assert [(r.status, r.input_plan) for r in pf.records] == [(Status.IN_PROGRESS, True)] * 2


def test_year_closes_after_status_3(mini_plan, tmp_path):
    """Once a round reports 3, E-PlanNACC closes the year: the 12-month round cannot say
    otherwise (error), should not change the form's values (warning), needs no record of its own
    (the 6-month record is carried forward), and is not reported missing."""
    text = (HEAD + rec(rnd=6, status="3") + rec(project="p2", rnd=6, status="2")
            + rec(rnd=12, status="2") + rec(project="p2", rnd=12, status="3"))
    i = only(issues_of(text, mini_plan, tmp_path), "year-closed")
    assert i.is_error and i.path == "records[2].status"
    assert i.message_en == ("the 6-month round reports status 3 (done), so E-PlanNACC has closed 2567:"
                            " the 12-month round cannot report status 2")
    changed = (HEAD + rec(rnd=6, status="3") + rec(project="p2", rnd=6, status="2")
               + rec(rnd=12, status="3", extra="remark: เพิ่มเติม") + rec(project="p2", rnd=12, status="3"))
    i = only(issues_of(changed, mini_plan, tmp_path), "year-closed-changed")
    assert not i.is_error and i.path == "records[2]"
    # no 12-month record for p1: no missing-record warning, and the reports carry the 6-month one
    carried = (HEAD + rec(rnd=6, status="3", extra="disbursed: 500\nbudget_ordinance: 500")
               + rec(project="p2", rnd=6, status="2") + rec(project="p2", rnd=12, status="2"))
    assert issues_of(carried, mini_plan, tmp_path) == []
    pf = progress_from_text(carried)
    assert pf.record("p1", 2567, 12) is None
    eff = pf.effective_record("p1", 2567, 12)
    assert (eff.round, eff.status, eff.disbursed) == (12, Status.DONE, Decimal(500))
    assert pf.closing_record("p1", 2567).round == 6 and pf.closing_record("p2", 2567) is None
    total = summarize(mini_plan, pf, 2567, 12)[-1]
    assert (total.done, total.in_progress, total.not_reported) == (1, 1, 0)
    # a year still open: the 12-month round is awaited
    open_year = HEAD + rec(rnd=6, status="2") + rec(project="p2", rnd=6, status="2") + rec(rnd=12, status="2")
    assert [i.code for i in issues_of(open_year, mini_plan, tmp_path)] == ["missing-record"]


def test_warning_satang_is_rounded_for_the_form(mini_plan, tmp_path):
    text = HEAD + rec(extra="budget_ordinance: 1000\ndisbursed: 999.50") + rec(project="p2")
    i = only(issues_of(text, mini_plan, tmp_path), "amount-satang")
    assert i.message_en == "E-PlanNACC takes whole baht: 999.50 will be typed as 1000"
    from antong_reports.model.progress import whole_baht
    assert [whole_baht(Decimal(x)) for x in ("0", "32580", "32580.49", "32580.5", "1234567.00")] == \
        ["0", "32580", "32580", "32581", "1234567"]


def test_warning_missing_record(mini_plan, tmp_path):
    i = only(issues_of(HEAD + rec(), mini_plan, tmp_path), "missing-record")
    assert not i.is_error
    assert i.message_th == "โครงการลำดับที่ ๒ (p2) ยังไม่มีรายงานผล ปี ๒๕๖๗ รอบ ๖ เดือน"
    assert i.message_en == "project 2 (p2) has no record for 2567 round 6"


def test_clean_file_has_no_issue(mini_plan, tmp_path):
    assert issues_of(HEAD + rec() + rec(project="p2"), mini_plan, tmp_path) == []


# --------------------------------------------------------------------------- summaries

@pytest.mark.parametrize("rnd", [6, 12])
def test_summaries_equal_the_records(sample_plan, rnd):
    pf = load_progress(SAMPLE_PROGRESS).resolved(sample_plan)
    summaries = summarize(sample_plan, pf, 2567, rnd)
    records = pf.records_of(2567, rnd)
    by_id = {r.project: r for r in records}
    total = summaries[-1]
    assert total.code == ""
    for s in summaries[:-1]:
        mine = [by_id[p.id] for p in sample_plan.projects_in(s.code)]
        assert s.planned == len(mine)
        assert s.done == sum(r.status is Status.DONE for r in mine)
        assert s.in_progress == sum(r.status is Status.IN_PROGRESS for r in mine)
        assert s.cannot == sum(r.status is Status.CANNOT for r in mine)
        assert s.budget_planned == sample_plan.total(2567, s.code)
        assert s.budget_ordinance == sum((r.budget_ordinance for r in mine), Decimal(0))
        assert s.disbursed == sum((r.disbursed for r in mine), Decimal(0))
    # the planned counts are the plan's 8/12/4/3 and the budget its 339,160 baht
    assert [s.planned for s in summaries[:-1]] == [8, 12, 4, 3]
    assert total.planned == 27 and total.not_reported == 0
    assert total.done + total.in_progress + total.cannot == 27
    assert total.budget_planned == Decimal(339160)
    for field in ("done", "in_progress", "cannot", "budget_ordinance", "disbursed"):
        assert getattr(total, field) == sum((getattr(s, field) for s in summaries[:-1]),
                                            type(getattr(total, field))(0))


def test_summary_values_of_the_sample(sample_plan):
    pf = load_progress(SAMPLE_PROGRESS).resolved(sample_plan)
    six = summarize(sample_plan, pf, 2567, 6)[-1]
    twelve = summarize(sample_plan, pf, 2567, 12)[-1]
    assert (six.done, six.in_progress, six.cannot) == (9, 17, 1)
    assert (twelve.done, twelve.in_progress, twelve.cannot) == (21, 1, 5)
    assert six.budget_ordinance == twelve.budget_ordinance == Decimal(326580)
    assert six.disbursed == Decimal(113900)
    assert twelve.disbursed == Decimal(313820)
    assert six.percent_disbursed == Decimal("34.88")  # 113,900 / 326,580
    assert twelve.percent_disbursed == Decimal("96.09")  # 313,820 / 326,580
    dim2 = summarize(sample_plan, pf, 2567, 12)[1]
    assert dim2.percent_disbursed is None  # no ordinance budget: no per cent


def test_missing_record_counts_as_not_reported(mini_plan):
    pf = ProgressFile(plan="mini", records=(ProgressRecord("p1", 2567, 6, Status.DONE),))
    total = summarize(mini_plan, pf, 2567, 6)[-1]
    assert (total.planned, total.done, total.not_reported) == (2, 1, 1)
    assert total.budget_planned == Decimal(10000)


# --------------------------------------------------------------------------- the workbook

def fill_template(path: Path, progress: ProgressFile, year: int, rnd: int) -> None:
    """Type a progress file's values into a template, as an officer would, with openpyxl."""
    sel = progress.select(year, rnd)
    wb = load_workbook(path)
    ws = wb[pt.SHEET]
    info = {"illustrative": "ใช่" if sel.illustrative else "ไม่ใช่",
            "reporter_name": sel.reporter.name, "reporter_title": sel.reporter.title,
            "executive_name": sel.executive.name, "executive_title": sel.executive.title,
            "date": sel.report_date(year, rnd)}
    for key, value in info.items():
        ws.cell(pt.INFO_ROW[key], pt.INFO_VALUE_COL).value = value
    row = pt.FIRST_DATA_ROW
    while ws.cell(row, pt.COL["id"]).value:
        r = sel.record(ws.cell(row, pt.COL["id"]).value, year, rnd)
        c = pt.COL
        ws.cell(row, c["budget_ordinance"]).value = float(r.budget_ordinance)
        ws.cell(row, c["disbursed"]).value = float(r.disbursed)
        ws.cell(row, c["input_plan"]).value = "ใช่" if r.input_plan else "ไม่ใช่"
        ws.cell(row, c["status"]).value = r.status.coded
        ws.cell(row, c["reason"]).value = r.reason.coded if r.reason else None
        ws.cell(row, c["reason_text"]).value = r.reason_text or None
        for key in pt.LINES_FIELDS:
            ws.cell(row, c[key]).value = "\n".join(getattr(r, key)) or None
        ws.cell(row, c["remark"]).value = r.remark or None
        row += 1
    wb.save(path)


@pytest.mark.parametrize("rnd", [6, 12])
def test_workbook_round_trip(sample_plan, tmp_path, rnd):
    pf = load_progress(SAMPLE_PROGRESS).resolved(sample_plan)
    path = tmp_path / "t.xlsx"
    path.write_bytes(ptw.template_workbook(sample_plan, 2567, rnd))
    fill_template(path, pf, 2567, rnd)
    back = pt.read_progress_workbook(path, sample_plan)
    assert back == pf.select(2567, rnd)


def test_template_structure(sample_plan):
    import io

    data = ptw.template_workbook(sample_plan, 2567, 6)
    assert data == ptw.template_workbook(sample_plan, 2567, 6)  # deterministic
    ws = load_workbook(io.BytesIO(data))[pt.SHEET]
    assert ws.protection.sheet is True
    rows = list(range(pt.FIRST_DATA_ROW, pt.FIRST_DATA_ROW + 27))
    assert [ws.cell(r, pt.COL["number"]).value for r in rows] == list(range(1, 28))
    assert [ws.cell(r, pt.COL["id"]).value for r in rows] == [n.project.id for n in sample_plan.numbered()]
    planned = [ws.cell(r, pt.COL["budget_local_plan"]).value for r in rows]
    assert all(isinstance(v, (int, float)) for v in planned)
    assert sum(planned) == 339160
    for r in rows:
        assert ws.cell(r, pt.COL["name"]).protection.locked is True
        assert ws.cell(r, pt.COL["budget_local_plan"]).protection.locked is True
        assert ws.cell(r, pt.COL["status"]).protection.locked is False
        assert ws.cell(r, pt.COL["disbursed"]).protection.locked is False
        assert ws.cell(r, pt.COL["disbursed"]).number_format.startswith("[$-D00041E]")
    lists = {str(dv.sqref).split(":")[0].rstrip("0123456789"): dv.formula1
             for dv in ws.data_validations.dataValidation if dv.type == "list"}
    status_col = pt.COLUMNS[pt.COL["status"] - 1]
    assert status_col[0] == "status"
    from openpyxl.utils import get_column_letter
    assert lists[get_column_letter(pt.COL["status"])] == \
        '"2 อยู่ระหว่างดำเนินการ,3 ดำเนินการแล้วเสร็จ,4 ไม่สามารถดำเนินการได้"'
    assert lists[get_column_letter(pt.COL["reason"])] == \
        '"1 ไม่ได้รับงบประมาณ,2 นโยบายผู้บริหารเปลี่ยนแปลง,3 บุคลากรไม่เพียงพอ,4 อื่นๆ"'
    assert ws.cell(r, 1).font.name == "TH SarabunPSK"


def test_workbook_bad_cells_are_reported(sample_plan, tmp_path):
    path = tmp_path / "t.xlsx"
    path.write_bytes(ptw.template_workbook(sample_plan, 2567, 6))
    wb = load_workbook(path)
    ws = wb[pt.SHEET]
    row = pt.FIRST_DATA_ROW
    ws.cell(row, pt.COL["status"]).value = "เสร็จ"
    ws.cell(row + 1, pt.COL["disbursed"]).value = "หนึ่งพัน"
    ws.cell(row + 2, pt.COL["achieved"]).value = "อบรมแล้ว"  # no status chosen
    wb.save(path)
    with pytest.raises(ProgressFileError) as exc:
        pt.read_progress_workbook(path, sample_plan)
    got = [(i.code, i.path) for i in exc.value.issues]
    letter = {k: chr(ord("A") + c - 1) for k, c in pt.COL.items()}
    assert got == [("unknown-status", f"รายงานผล!{letter['status']}{row}"),
                   ("not-amount", f"รายงานผล!{letter['disbursed']}{row + 1}"),
                   ("missing-status", f"รายงานผล!{letter['status']}{row + 1}"),
                   ("missing-status", f"รายงานผล!{letter['status']}{row + 2}")]


def test_workbook_prefilled_from_progress_reads_back(sample_plan, tmp_path):
    pf = load_progress(SAMPLE_PROGRESS).resolved(sample_plan)
    path = tmp_path / "t.xlsx"
    path.write_bytes(ptw.template_workbook(sample_plan, 2567, 12, progress=pf))
    assert pt.read_progress_workbook(path, sample_plan) == pf.select(2567, 12)


def test_old_template_reads_with_the_old_status_reported(sample_plan, tmp_path):
    """A filled template of the previous version (labels only, "ยังไม่ดำเนินการ") still reads:
    labels are the form's statuses; the old status is reported at its cell with the fix."""
    path = tmp_path / "old.xlsx"
    path.write_bytes(ptw.template_workbook(sample_plan, 2567, 6))
    wb = load_workbook(path)
    ws = wb[pt.SHEET]
    ws.cell(1, len(pt.COLUMNS) + 2).value = "antong-reports progress template v1"
    row = pt.FIRST_DATA_ROW
    ws.cell(row, pt.COL["status"]).value = "อยู่ระหว่างดำเนินการ"
    ws.cell(row + 1, pt.COL["status"]).value = "ยังไม่ดำเนินการ"
    wb.save(path)
    with pytest.raises(ProgressFileError) as exc:
        pt.read_progress_workbook(path, sample_plan)
    [issue] = exc.value.issues
    letter = chr(ord("A") + pt.COL["status"] - 1)
    assert (issue.code, issue.path) == ("old-status", f"รายงานผล!{letter}{row + 1}")
    assert issue.fix_th.startswith("ถ้ายังจะดำเนินการภายในปีงบประมาณนี้ เลือก 2 อยู่ระหว่างดำเนินการ")
    wb = load_workbook(path)
    wb[pt.SHEET].cell(row + 1, pt.COL["status"]).value = "4 ไม่สามารถดำเนินการได้"
    wb[pt.SHEET].cell(row + 1, pt.COL["reason"]).value = "บุคลากรไม่เพียงพอ"
    wb.save(path)
    pf = pt.read_progress_workbook(path, sample_plan)
    assert [(r.status, r.reason) for r in pf.records] == [(Status.IN_PROGRESS, None),
                                                          (Status.CANNOT, Reason.STAFF_SHORTAGE)]


def test_not_a_template(sample_plan, tmp_path):
    from openpyxl import Workbook

    path = tmp_path / "other.xlsx"
    Workbook().save(path)
    with pytest.raises(ProgressFileError) as exc:
        pt.read_progress_workbook(path, sample_plan)
    assert exc.value.issues[0].code == "not-a-template"
    path.write_text("not a zip")
    with pytest.raises(ProgressFileError) as exc:
        pt.read_progress_workbook(path, sample_plan)
    assert exc.value.issues[0].code == "not-a-workbook"


# --------------------------------------------------------------------------- property

from hypothesis import HealthCheck, given, settings as hsettings, strategies as st  # noqa: E402

_ALPHABET = st.sampled_from(list("กขคงอาิีุูเแ่้๊๋ำะ๑๒๓abcXYZ019 =+-@#/!?\"'(),.:;&<>%"))
_line = st.text(_ALPHABET, min_size=1, max_size=30).map(str.strip).filter(bool)
_amount = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False,
                      allow_infinity=False).map(lambda d: Decimal(int(d)) if d == int(d) else d)


@st.composite
def _records(draw, year=2567, rnd=6):
    out = []
    for pid in ("p1", "p2"):
        status = draw(st.sampled_from(list(Status)))
        out.append(ProgressRecord(
            project=pid, year=year, round=rnd, status=status,
            budget_local_plan=draw(_amount), budget_ordinance=draw(_amount), disbursed=draw(_amount),
            input_plan=draw(st.booleans()), reason=draw(st.none() | st.sampled_from(list(Reason))),
            reason_text=draw(st.just("") | _line), achieved=tuple(draw(st.lists(_line, max_size=3))),
            problems=tuple(draw(st.lists(_line, max_size=2))),
            suggestions=tuple(draw(st.lists(_line, max_size=2))), remark=draw(st.just("") | _line)))
    return tuple(out)


@hsettings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=_records(), name=_line, illustrative=st.booleans())
def test_prefilled_workbook_round_trip_property(mini_plan, tmp_path, records, name, illustrative):
    """Any values, including text that looks like a formula or an error, come back as written."""
    import datetime as _dt2

    from antong_reports.model.progress import Person, RoundInfo

    pf = ProgressFile(plan="mini", records=records, illustrative=illustrative,
                      reports=(RoundInfo(2567, 6, _dt2.date(2024, 4, 30)),),
                      reporter=Person(name, "ตำแหน่ง"), executive=Person("นายก", name))
    path = tmp_path / "t.xlsx"
    path.write_bytes(ptw.template_workbook(mini_plan, 2567, 6, progress=pf))
    assert pt.read_progress_workbook(path, mini_plan) == pf
