"""Progress of the plan: one record per project × fiscal year × round, as E-PlanNACC asks for it.

The statuses and reasons are the form's own numbered choices (:class:`Status` 2/3/4,
:class:`Reason` 1–4); a project of the year with no record is "not reported" (รอรายงานผล). Once a
round reports status 3 the form closes the year: :meth:`ProgressFile.effective_record` carries the
closing record into the 12-month round and the validation refuses a later round that contradicts it.

A progress file (YAML, documented in ``docs/progress.md``) names its plan by slug and its projects
by id. Each record carries the fields of E-PlanNACC's progress report form: the budget in the local
development plan (วงเงินตามแผนพัฒนาท้องถิ่น), the budget in the budget ordinance (ข้อบัญญัติ/
เทศบัญญัติ), the amount disbursed, whether the project is in the ordinance or operating plan (``input_plan``), its
status, the reason when it could not be done, what was achieved, problems, suggestions and a remark.

Reading a file gives a :class:`ProgressFile` or raises :class:`ProgressFileError` whose issues name
the file, the line, the field path, what is wrong and how to fix it (Thai and English).
:func:`validate_progress` checks the file against its plan; :func:`summarize` computes the
per-dimension summary every report prints, so the documents cannot disagree with each other.
"""

from __future__ import annotations

import datetime as _dt
import enum
from decimal import ROUND_HALF_UP, Decimal

import attrs

from antong_reports.model.plan import Plan
from antong_reports.thai import text as tt

ROUNDS = (6, 12)
#: E-PlanNACC's ``round_report`` of each round (1 = รอบ ๖ เดือน, 2 = รอบ ๑๒ เดือน)
ROUND_CODES = {6: 1, 12: 2}
#: what the reports and dashboards show for a project of the year with no report
NOT_REPORTED = "รอรายงานผล"


class _Coded(enum.Enum):
    """A choice of an E-PlanNACC form: the member's value is the form's number, ``label`` its
    Thai text. ``parse`` reads the number (ASCII or Thai digits), the label, ``"2 label"`` or the
    member's English name."""

    def __new__(cls, code: int, label: str):
        obj = object.__new__(cls)
        obj._value_ = code
        obj.label = label
        return obj

    @property
    def code(self) -> int:
        return self._value_

    @property
    def coded(self) -> str:
        """``"2 อยู่ระหว่างดำเนินการ"``: the form's number (ASCII digits) and its label."""
        return f"{self.code} {self.label}"

    @classmethod
    def parse(cls, value) -> "_Coded | None":
        if isinstance(value, bool):
            return None
        if isinstance(value, cls):
            return value
        text = " ".join(tt.arabic_digits(str(value)).split())
        for m in cls:
            if text in (str(m.code), m.label, m.coded, m.name.lower()) or \
                    text.replace(" ", "") in (m.label.replace(" ", ""), m.coded.replace(" ", "")):
                return m
        return None


class Status(_Coded):
    """สถานะ of a project in a round: E-PlanNACC's ``status_process`` (2, 3, 4). A project with
    no record is "not reported" (:data:`NOT_REPORTED`); the form has no "not started"."""

    IN_PROGRESS = (2, "อยู่ระหว่างดำเนินการ")
    DONE = (3, "ดำเนินการแล้วเสร็จ")
    CANNOT = (4, "ไม่สามารถดำเนินการได้")


class Reason(_Coded):
    """Why a project could not be done: E-PlanNACC's ``cant_process`` (4 needs ``cant_reason`` text)."""

    NO_BUDGET = (1, "ไม่ได้รับงบประมาณ")
    POLICY_CHANGED = (2, "นโยบายผู้บริหารเปลี่ยนแปลง")
    STAFF_SHORTAGE = (3, "บุคลากรไม่เพียงพอ")
    OTHER = (4, "อื่นๆ")


#: statuses of earlier versions of this program that E-PlanNACC does not take
OLD_STATUSES = frozenset({"ยังไม่ดำเนินการ", "ยังไม่ได้ดำเนินการ", "not_started"})


def whole_baht(amount: Decimal) -> str:
    """An amount as E-PlanNACC's amount fields take it: whole baht (half up), ASCII digits, no
    separators (``Decimal("32580.50")`` → ``"32581"``)."""
    return str(int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP)))


def _tuple(x):
    if x is None:
        return ()
    if isinstance(x, str):
        return (x,) if x else ()
    return tuple(x)


def _dec(x) -> Decimal:
    return tt.to_decimal(x)


def _opt_dec(x) -> Decimal | None:
    return None if x is None else tt.to_decimal(x)


@attrs.frozen
class ProgressRecord:
    """One project's report for one fiscal year and round."""

    project: str  # project id in the plan
    year: int  # fiscal year, Buddhist era
    round: int  # 6 (October–March) or 12 (the whole fiscal year)
    status: Status
    #: วงเงินตามแผนพัฒนาท้องถิ่น; None = the plan's budget for that year
    budget_local_plan: Decimal | None = attrs.field(default=None, converter=_opt_dec)
    #: วงเงินตามข้อบัญญัติ/เทศบัญญัติ
    budget_ordinance: Decimal = attrs.field(default=Decimal(0), converter=_dec)
    #: การเบิกจ่ายงบประมาณ (up to the end of the round)
    disbursed: Decimal = attrs.field(default=Decimal(0), converter=_dec)
    #: บรรจุไว้ในข้อบัญญัติ/เทศบัญญัติ/แผนการดำเนินงาน (the form's ``input_plan``, Y/N)
    input_plan: bool = False
    reason: Reason | None = None
    reason_text: str = ""
    #: ผลการดำเนินงาน: what was achieved, one line per output, with numbers
    achieved: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    problems: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    suggestions: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    remark: str = ""

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.project, self.year, self.round)

    def planned(self, plan: Plan) -> Decimal:
        """The budget in the local development plan (the plan's budget unless given)."""
        if self.budget_local_plan is not None:
            return self.budget_local_plan
        return plan.project(self.project).amount(self.year)

    @property
    def reason_label(self) -> str:
        """The reason as a report prints it ("อื่นๆ (…)" with its text)."""
        if self.reason is None:
            return self.reason_text
        if self.reason_text:
            return f"{self.reason.label} ({self.reason_text})"
        return self.reason.label

    def form_values(self) -> tuple:
        """The values E-PlanNACC's report form keeps (what a closed year cannot change)."""
        return (self.budget_local_plan, self.budget_ordinance, self.disbursed, self.input_plan,
                self.status, self.reason, self.reason_text, self.remark)


@attrs.frozen
class Person:
    name: str = ""
    title: str = ""  # position, e.g. "นายกเทศมนตรีเมืองอ่างทอง"


@attrs.frozen
class RoundInfo:
    """A report of one fiscal year and round: the date it is signed."""

    year: int
    round: int
    date: _dt.date | None = None  # common-era date object (printed in the Buddhist era)


@attrs.frozen
class ProgressFile:
    plan: str  # the plan's slug
    records: tuple[ProgressRecord, ...] = attrs.field(default=(), converter=_tuple)
    reports: tuple[RoundInfo, ...] = attrs.field(default=(), converter=_tuple)
    #: sample data: every report built from it carries a visible "ตัวอย่าง" mark
    illustrative: bool = False
    reporter: Person = Person()
    executive: Person = Person()

    def rounds(self) -> tuple[tuple[int, int], ...]:
        """(year, round) pairs that have records or a report entry, sorted."""
        keys = {(r.year, r.round) for r in self.records} | {(r.year, r.round) for r in self.reports}
        return tuple(sorted(keys))

    def records_of(self, year: int, round: int) -> tuple[ProgressRecord, ...]:
        return tuple(r for r in self.records if r.year == year and r.round == round)

    def record(self, project: str, year: int, round: int) -> ProgressRecord | None:
        for r in self.records:
            if r.key == (project, year, round):
                return r
        return None

    def closing_record(self, project: str, year: int) -> ProgressRecord | None:
        """The record that closed ``project``'s fiscal ``year`` in E-PlanNACC: the first round
        that reports status 3 (ดำเนินการแล้วเสร็จ). After it the form takes no other round of
        that year."""
        for rnd in ROUNDS:
            r = self.record(project, year, rnd)
            if r is not None and r.status is Status.DONE:
                return r
        return None

    def effective_record(self, project: str, year: int, round: int) -> ProgressRecord | None:
        """The record a report of ``round`` shows: the round's own, or, for the 12-month round of
        a year the 6-month round closed, the 6-month record carried forward (as E-PlanNACC keeps
        it)."""
        own = self.record(project, year, round)
        if own is not None:
            return own
        closing = self.closing_record(project, year)
        if closing is not None and closing.round < round:
            return attrs.evolve(closing, round=round)
        return None

    def report_date(self, year: int, round: int) -> _dt.date | None:
        for r in self.reports:
            if (r.year, r.round) == (year, round):
                return r.date
        return None

    def select(self, year: int, round: int) -> "ProgressFile":
        """The same file holding only one fiscal year and round."""
        return attrs.evolve(
            self,
            records=self.records_of(year, round),
            reports=tuple(r for r in self.reports if (r.year, r.round) == (year, round)),
        )

    def resolved(self, plan: Plan) -> "ProgressFile":
        """Records with the planned budget filled in from the plan where the file leaves it out."""
        out = []
        for r in self.records:
            if r.budget_local_plan is None:
                try:
                    amount = plan.project(r.project).amount(r.year)
                except KeyError:
                    out.append(r)
                    continue
                r = attrs.evolve(r, budget_local_plan=amount)
            out.append(r)
        return attrs.evolve(self, records=tuple(out))



# =========================================================================== summaries


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """Per cent to two decimals, half up; None when ``whole`` is zero."""
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@attrs.frozen
class Summary:
    """Counts and budgets of one dimension (``code``) or of the whole plan (``code`` = "")."""

    code: str
    title: str
    planned: int  # projects of the year in the plan
    done: int  # status 3
    in_progress: int  # status 2
    cannot: int  # status 4
    not_reported: int  # รอรายงานผล
    budget_planned: Decimal
    budget_ordinance: Decimal
    disbursed: Decimal

    @property
    def percent_disbursed(self) -> Decimal | None:
        """Disbursed as a per cent of the ordinance budget."""
        return percent(self.disbursed, self.budget_ordinance)

    @property
    def percent_done(self) -> Decimal | None:
        return percent(Decimal(self.done), Decimal(self.planned))


def year_rows(plan: Plan, progress: ProgressFile, year: int, round: int):
    """(Numbered, record or None) for every project of the year, in Part 2 order."""
    return tuple((n, progress.effective_record(n.project.id, year, round))
                 for n in plan.projects_of_year(year))


def summarize(plan: Plan, progress: ProgressFile, year: int, round: int) -> tuple[Summary, ...]:
    """One summary per dimension of the framework, then the total (code "")."""
    rows = year_rows(plan, progress, year, round)
    out = []
    for dim in plan.framework.dimensions():
        out.append(_summary(plan, dim.code, dim.title, [r for r in rows if r[0].project.dimension_code == dim.code],
                            year))
    out.append(_summary(plan, "", "รวมทั้งสิ้น", list(rows), year))
    return tuple(out)


def _summary(plan: Plan, code: str, title: str, rows, year: int) -> Summary:
    counts = {s: 0 for s in Status}
    missing = 0
    planned = ordinance = disbursed = Decimal(0)
    for n, rec in rows:
        if rec is None:
            missing += 1
            planned += n.project.amount(year)
            continue
        counts[rec.status] += 1
        planned += rec.planned(plan)
        ordinance += rec.budget_ordinance
        disbursed += rec.disbursed
    return Summary(code=code, title=title, planned=len(rows), done=counts[Status.DONE],
                   in_progress=counts[Status.IN_PROGRESS], cannot=counts[Status.CANNOT], not_reported=missing, budget_planned=planned,
                   budget_ordinance=ordinance, disbursed=disbursed)
