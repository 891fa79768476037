"""Checking a progress file against its plan."""

from __future__ import annotations

from pathlib import Path

from antong_reports.common.errors import Issue, ProgressFileError, ProgressInvalid, Severity
from antong_reports.model.plan import Plan
from antong_reports.model.progress import ROUNDS, ProgressFile, Reason, Status, whole_baht
from antong_reports.sources import guard
from antong_reports.sources.progress_file import _MAX_BYTES, _compose, _Located
from antong_reports.validate import limits
from antong_reports.thai import text as tt
# =========================================================================== validation


def _issue(severity: Severity, code: str, th: str, en: str, fix_th: str, fix_en: str, *, file: str | None,
           path: str, loc: "_Located | None" = None) -> Issue:
    line = col = None
    if loc is not None:
        line, col = loc.at(path)
    return Issue(severity, code, th, en, fix_th, fix_en, file=file, path=path, line=line, column=col)


def validate_progress(progress: ProgressFile, plan: Plan, file: str | None = None,
                      path: str | Path | None = None) -> list[Issue]:
    """Check a progress file against its plan: errors first, then warnings, in file order.

    ``path``: the file the progress came from, to give each issue its line (optional).
    """
    loc = None
    if path is not None:
        file = file or str(path)
        try:
            raw = guard.read_bounded(path, max_bytes=_MAX_BYTES, error=ProgressFileError)
            _, loc = _compose(raw.decode("utf-8-sig"), str(path))
        except (OSError, UnicodeDecodeError, ProgressFileError):
            loc = None
    checker = _ProgressChecker(progress, plan, file, loc)
    checker.check_plan_slug()
    for i, info in enumerate(progress.reports):
        checker.check_year_round(info.year, info.round, f"reports[{i}]")
    checker.check_keys()
    for i, r in enumerate(progress.records):
        checker.check_record(f"records[{i}]", r)
    checker.check_missing_records()
    checker.check_texts()
    return checker.errors + checker.warnings


class _ProgressChecker:
    """The checks of :func:`validate_progress`, each family in a method; errors and warnings are
    collected apart, each in the order found."""

    def __init__(self, progress: ProgressFile, plan: Plan, file: str | None, loc) -> None:
        self.progress = progress
        self.plan = plan
        self.file = file
        self.loc = loc
        self.ids = {p.id for p in plan.projects}
        self.errors: list[Issue] = []
        self.warnings: list[Issue] = []

    def err(self, code, th, en, fix_th, fix_en, p):
        self.errors.append(_issue(Severity.ERROR, code, th, en, fix_th, fix_en, file=self.file,
                                  path=p, loc=self.loc))

    def warn(self, code, th, en, fix_th, fix_en, p):
        self.warnings.append(_issue(Severity.WARNING, code, th, en, fix_th, fix_en, file=self.file,
                                    path=p, loc=self.loc))

    def check_plan_slug(self) -> None:
        progress, plan = self.progress, self.plan
        if progress.plan != plan.slug:
            self.err("plan-mismatch",
                     f"ไฟล์รายงานผลอ้างถึงแผน '{progress.plan}' แต่แผนที่ให้มาคือ '{plan.slug}'",
                     f"the progress file refers to plan '{progress.plan}' but the plan given is '{plan.slug}'",
                     f"แก้ plan: เป็น {plan.slug} หรือใช้ไฟล์แผนที่ถูกต้อง",
                     f"set plan: {plan.slug} or give the right plan file", "plan")

    def check_year_round(self, year: int, rnd: int, p: str) -> None:
        plan = self.plan
        if year not in plan.years:
            self.err("year-outside-plan",
                     f"ปีงบประมาณ {tt.digits(year)} อยู่นอกช่วงของแผน ({tt.year_range(plan.first_year, plan.last_year)})",
                     f"fiscal year {year} is outside the plan ({plan.first_year}-{plan.last_year})",
                     "แก้ปีงบประมาณ (พ.ศ.) ให้อยู่ในช่วงของแผน",
                     "use a fiscal year (Buddhist era) within the plan", f"{p}.year")
        if rnd not in ROUNDS:
            self.err("bad-round",
                     f"รอบการรายงานต้องเป็น ๖ หรือ ๑๒ เดือน แต่พบ {tt.digits(rnd)}",
                     f"the round must be 6 or 12 (months), found {rnd}",
                     "ใช้ round: 6 (ตุลาคม–มีนาคม) หรือ round: 12 (ทั้งปีงบประมาณ)",
                     "use round: 6 (October-March) or round: 12 (the whole fiscal year)", f"{p}.round")

    def check_keys(self) -> None:
        """Each record names a project of the plan, a year and round within it, and is the only
        record of its project, year and round."""
        seen: dict[tuple[str, int, int], int] = {}
        for i, r in enumerate(self.progress.records):
            p = f"records[{i}]"
            if r.project not in self.ids:
                self.err("unknown-project",
                         f"ไม่มีโครงการรหัส '{r.project}' ในแผน",
                         f"there is no project with id '{r.project}' in the plan",
                         "ใช้รหัสโครงการ (id) ตามไฟล์แผน", "use a project id from the plan file",
                         f"{p}.project")
            self.check_year_round(r.year, r.round, p)
            if r.key in seen:
                self.err("duplicate-record",
                         f"โครงการ '{r.project}' ปี {tt.digits(r.year)} รอบ {tt.digits(r.round)} เดือน มีรายงานซ้ำ"
                         f" (ซ้ำกับ records[{seen[r.key]}])",
                         f"project '{r.project}' has two records for {r.year} round {r.round}"
                         f" (same as records[{seen[r.key]}])",
                         "ลบรายการที่ซ้ำ", "remove the duplicate", p)
            else:
                seen[r.key] = i

    def check_record(self, p: str, r) -> None:
        self.check_amounts(p, r)
        self.check_form_rules(p, r)
        self.check_whole_baht(p, r)
        if r.round == 12:
            self.check_closed_year(p, r)
        if r.project in self.ids and r.year in self.plan.years:
            project = self.plan.project(r.project)
            if r.year not in self.plan.project_years(project):
                self.warn("project-not-in-year",
                          f"โครงการ '{r.project}' ไม่ได้อยู่ในแผนปีงบประมาณ {tt.digits(r.year)}",
                          f"project '{r.project}' does not run in fiscal year {r.year} in the plan",
                          "ตรวจปีงบประมาณของรายการนี้", "check the fiscal year of this record",
                          f"{p}.year")

    def check_amounts(self, p: str, r) -> None:
        """Each amount within the plan's limit (what every report generator can write)."""
        for key in ("budget_local_plan", "budget_ordinance", "disbursed"):
            amount = getattr(r, key)
            if amount is not None and (not amount.is_finite() or amount > limits.MAX_AMOUNT):
                shown = f"{amount:,}" if amount.adjusted() < 30 else f"{amount:.3E}"
                self.err("amount-too-large",
                         f"จำนวนเงิน {shown} บาท เกินขีดจำกัด {limits.MAX_AMOUNT:,} บาท",
                         f"the amount {shown} baht is above the limit of {limits.MAX_AMOUNT:,} baht",
                         "ตรวจจำนวนเงิน (พิมพ์เลขศูนย์เกินหรือไม่)", "check the amount (extra zeros?)",
                         f"{p}.{key}")

    def check_form_rules(self, p: str, r) -> None:
        """What E-PlanNACC's report form requires of the amounts, the status and the reason."""
        if r.disbursed > r.budget_ordinance:
            self.warn("disbursed-above-ordinance",
                      f"เบิกจ่าย {tt.amount_baht(r.disbursed)} สูงกว่าวงเงินตามข้อบัญญัติ {tt.amount_baht(r.budget_ordinance)}",
                      f"disbursed {r.disbursed} baht is above the ordinance budget {r.budget_ordinance} baht",
                      "ตรวจจำนวนเงินเบิกจ่ายหรือวงเงินตามข้อบัญญัติ/เทศบัญญัติ (รวมการโอนเพิ่ม)",
                      "check the amount disbursed or the ordinance budget (including transfers)",
                      f"{p}.disbursed")
        if r.status is Status.CANNOT and r.reason is None:
            self.err("cannot-without-reason",
                     "สถานะ 4 ไม่สามารถดำเนินการได้ แต่ไม่ได้ระบุเหตุผล (แบบฟอร์ม E-PlanNACC บังคับให้เลือก)",
                     "status 4 (could not be done) but no reason is given (the E-PlanNACC form requires one)",
                     "ระบุ reason: " + " · ".join(m.coded for m in Reason),
                     "give reason: one of " + " · ".join(f"{m.code} ({m.name.lower()})" for m in Reason),
                     f"{p}.reason")
        if r.reason is Reason.OTHER and not r.reason_text:
            self.err("other-reason-without-text",
                     "เหตุผล 4 อื่นๆ แต่ไม่ได้ระบุรายละเอียด (แบบฟอร์มบังคับให้กรอก)",
                     "reason 4 (other) without its text (the form requires it)",
                     "ระบุ reason_text", "give reason_text", f"{p}.reason_text")
        if r.reason is not None and r.status is not Status.CANNOT:
            self.warn("reason-without-cannot",
                      f"ระบุเหตุผล แต่สถานะเป็น {r.status.coded} (แบบฟอร์มรับเหตุผลเฉพาะสถานะ 4)",
                      f"a reason is given but the status is {r.status.code} (the form takes a reason with status 4 only)",
                      "ลบ reason หรือแก้สถานะ", "remove reason or correct the status", f"{p}.reason")

    def check_whole_baht(self, p: str, r) -> None:
        for key in ("budget_local_plan", "budget_ordinance", "disbursed"):
            value = getattr(r, key)
            if value is not None and value != value.to_integral_value():
                self.warn("amount-satang",
                          f"E-PlanNACC รับจำนวนเงินเป็นบาทเต็ม: {tt.amount_baht(value)} จะกรอกเป็น {whole_baht(value)}",
                          f"E-PlanNACC takes whole baht: {value:.2f} will be typed as {whole_baht(value)}",
                          "ปัดเป็นบาทเต็มในไฟล์ หรือยอมรับค่าที่ปัดแล้วในแผ่นงาน E-PlanNACC",
                          "round it to whole baht in the file, or accept the rounded value of the E-PlanNACC sheet",
                          f"{p}.{key}")

    def check_closed_year(self, p: str, r) -> None:
        """A 12-month record of a year the 6-month round closed (status 3) can change nothing."""
        first = self.progress.record(r.project, r.year, 6)
        if first is None or first.status is not Status.DONE:
            return
        if r.status is not Status.DONE:
            self.err("year-closed",
                     f"รอบ ๖ เดือนรายงานว่า 3 ดำเนินการแล้วเสร็จ ระบบ E-PlanNACC จึงปิดการรายงานของปี"
                     f" {tt.digits(r.year)} แล้ว รอบ ๑๒ เดือนรายงานเป็น {r.status.coded} ไม่ได้",
                     f"the 6-month round reports status 3 (done), so E-PlanNACC has closed {r.year}:"
                     f" the 12-month round cannot report status {r.status.code}",
                     "แก้สถานะรอบ ๑๒ เดือนเป็น 3 หรือลบรายการนี้ (รายงานประจำปีใช้ผลรอบ ๖ เดือน)"
                     " หรือแก้สถานะรอบ ๖ เดือนถ้ารายงานผิด",
                     "set the 12-month status to 3 or remove this record (the annual report carries the"
                     " 6-month one forward), or correct the 6-month status if it was wrong",
                     f"{p}.status")
        elif r.form_values() != first.form_values():
            self.warn("year-closed-changed",
                      f"รอบ ๖ เดือนปิดการรายงานของปี {tt.digits(r.year)} แล้ว ค่าที่ต่างจากรอบ ๖ เดือน"
                      " (งบประมาณ เบิกจ่าย การบรรจุ เหตุผล หมายเหตุ) กรอกในระบบ E-PlanNACC ไม่ได้",
                      f"the 6-month round closed {r.year}: values that differ from it (budgets,"
                      " disbursed, input_plan, reason, remark) cannot be typed into E-PlanNACC",
                      "ใช้ค่าเดียวกับรอบ ๖ เดือน หรือแจ้งผู้ดูแลระบบ E-PlanNACC เพื่อแก้ไข",
                      "use the 6-month values, or ask E-PlanNACC's administrators to reopen the year",
                      p)

    def check_missing_records(self) -> None:
        progress, plan = self.progress, self.plan
        for year, rnd in progress.rounds():
            if year not in plan.years or rnd not in ROUNDS:
                continue
            reported = {r.project for r in progress.records_of(year, rnd)}
            if rnd == 12:  # a year the 6-month round closed needs no 12-month record
                reported |= {r.project for r in progress.records_of(year, 6) if r.status is Status.DONE}
            for n in plan.projects_of_year(year):
                if n.project.id not in reported:
                    self.warn("missing-record",
                              f"โครงการลำดับที่ {tt.digits(n.number)} ({n.project.id}) ยังไม่มีรายงานผล"
                              f" ปี {tt.digits(year)} รอบ {tt.digits(rnd)} เดือน",
                              f"project {n.number} ({n.project.id}) has no record for {year} round {rnd}",
                              "เพิ่มรายงานของโครงการนี้ (รายงานจะแสดงว่า รอรายงานผล)",
                              "add a record for it (reports show it as awaiting a report)", "records")

    def check_texts(self) -> None:
        """What a report cannot be written with (the limits of the plan's own texts)."""
        for i, record in enumerate(self.progress.records):
            for name in ("reason_text", "remark", "achieved", "problems", "suggestions"):
                value = getattr(record, name)
                for k, text in ([(None, value)] if isinstance(value, str) else enumerate(value)):
                    p = f"records[{i}].{name}" + (f"[{k}]" if k is not None else "")
                    for code, th, en, fix_th, fix_en in limits.text_problems(text, limits.MAX_CELL_TEXT):
                        self.err(code, th, en, fix_th, fix_en, p)
        for name in ("reporter", "executive"):
            person = getattr(self.progress, name)
            for part in ("name", "title"):
                for code, th, en, fix_th, fix_en in limits.text_problems(getattr(person, part),
                                                                         limits.MAX_CELL_TEXT):
                    self.err(code, th, en, fix_th, fix_en, f"{name}.{part}")


def check_progress(progress: ProgressFile, plan: Plan, path: str | Path | None = None) -> list[Issue]:
    """Validate and raise :class:`ProgressInvalid` on errors; returns the warnings."""
    issues = validate_progress(progress, plan, path=path)
    if any(i.is_error for i in issues):
        raise ProgressInvalid(issues)
    return [i for i in issues if not i.is_error]


