"""Progress of the plan: one record per project × fiscal year × round, as E-PlanNACC asks for it.

A progress file (YAML, documented in ``docs/progress.md``) names its plan by slug and its projects
by id. Each record carries the fields of E-PlanNACC's progress report form: the budget in the local
development plan (วงเงินตามแผนพัฒนาท้องถิ่น), the budget in the budget ordinance (ข้อบัญญัติ/
เทศบัญญัติ), the amount disbursed, whether the project is in the ordinance or operating plan, its
status, the reason when it could not be done, what was achieved, problems, suggestions and a remark.

Reading a file gives a :class:`ProgressFile` or raises :class:`ProgressFileError` whose issues name
the file, the line, the field path, what is wrong and how to fix it (Thai and English).
:func:`validate_progress` checks the file against its plan; :func:`summarize` computes the
per-dimension summary every report prints, so the documents cannot disagree with each other.
"""

from __future__ import annotations

import datetime as _dt
import enum
import functools
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Iterable

import attrs
import yaml

from . import thaitext as tt
from .errors import AntongError, Issue, Severity
from .model import Plan

ROUNDS = (6, 12)


class Status(str, enum.Enum):
    """สถานะ of a project in a round (E-PlanNACC's three, and "not started" before work begins)."""

    NOT_STARTED = "ยังไม่ดำเนินการ"
    IN_PROGRESS = "อยู่ระหว่างดำเนินการ"
    DONE = "ดำเนินการแล้วเสร็จ"
    CANNOT = "ไม่สามารถดำเนินการได้"

    @property
    def not_done(self) -> bool:
        return self in (Status.NOT_STARTED, Status.CANNOT)


class Reason(str, enum.Enum):
    """Why a project could not be done, in E-PlanNACC's order."""

    NO_BUDGET = "ไม่ได้รับงบประมาณ"
    POLICY_CHANGED = "นโยบายผู้บริหารเปลี่ยนแปลง"
    STAFF_SHORTAGE = "บุคลากรไม่เพียงพอ"
    OTHER = "อื่นๆ"


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
    #: บรรจุไว้ในข้อบัญญัติ/เทศบัญญัติ/แผนการดำเนินงาน
    in_ordinance: bool = False
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
            return f"{self.reason.value} ({self.reason_text})"
        return self.reason.value


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


# =========================================================================== errors


class ProgressFileError(AntongError):
    """The progress file cannot be read as a progress file (I/O, YAML, shape or types)."""

    def __init__(self, issues: Iterable[Issue]):
        self.issues = tuple(issues)
        super().__init__("\n".join(str(i) for i in self.issues))


class ProgressInvalid(AntongError):
    """The progress file was read but has errors against its plan."""

    def __init__(self, issues: Iterable[Issue]):
        self.issues = tuple(issues)
        super().__init__("\n".join(str(i) for i in self.issues if i.is_error))


# =========================================================================== reading YAML

_MAX_BYTES = 5_000_000
#: libyaml's loader when present (the same events and marks, faster)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PLAIN_TAGS = frozenset({"!"} | {f"tag:yaml.org,2002:{t}" for t in
                                 ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")})


class _Located:
    """Line and column (1-based) of every node of a YAML document, by field path."""

    def __init__(self) -> None:
        self.marks: dict[str, tuple[int, int]] = {}

    def at(self, path: str) -> tuple[int | None, int | None]:
        while True:
            if path in self.marks:
                return self.marks[path]
            if not path:
                return (None, None)
            # walk up: "records[3].status" → "records[3]" → "records"
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""


def _compose(text: str, file: str) -> tuple[Any, _Located]:
    """Parse YAML safely, keeping node positions; anchors, aliases and tags are refused.

    The result is cached by text (loading and then validating a file parse it once)."""
    return _compose_cached(text, file)


@functools.lru_cache(maxsize=8)
def _compose_cached(text: str, file: str) -> tuple[Any, _Located]:
    loc = _Located()
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            if isinstance(event, yaml.AliasEvent):
                m = event.start_mark
                raise ProgressFileError([Issue(
                    Severity.ERROR, "yaml-alias",
                    "ไฟล์รายงานผลใช้ alias (*) ของ YAML ซึ่งไม่อนุญาต",
                    "the progress file uses a YAML alias (*), which is not allowed",
                    "เขียนค่าซ้ำแทนการอ้างอิง", "write the value out instead of referring to it",
                    file=file, line=m.line + 1, column=m.column + 1)])
            tag = getattr(event, "tag", None)
            if tag and tag not in _PLAIN_TAGS:
                m = event.start_mark
                raise ProgressFileError([Issue(
                    Severity.ERROR, "yaml-tag",
                    f"ไม่อนุญาตให้ใช้ tag {tag}", f"the YAML tag {tag} is not allowed",
                    "ลบ tag ออก", "remove the tag",
                    file=file, line=m.line + 1, column=m.column + 1)])
        loader = _LOADER(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        m = exc.problem_mark or exc.context_mark
        raise ProgressFileError([Issue(
            Severity.ERROR, "yaml-syntax",
            f"ไฟล์ YAML ไม่ถูกต้อง: {exc.problem}", f"invalid YAML: {exc.problem}",
            "ตรวจการย่อหน้าและเครื่องหมาย : - \" ในบรรทัดนั้น",
            "check the indentation and the : - \" marks on that line",
            file=file, line=m.line + 1 if m else None, column=m.column + 1 if m else None)]) from exc
    except yaml.YAMLError as exc:
        raise ProgressFileError([Issue(Severity.ERROR, "yaml-syntax", f"ไฟล์ YAML ไม่ถูกต้อง: {exc}",
                                       f"invalid YAML: {exc}", file=file)]) from exc
    if node is None:
        return None, loc

    def walk(n: yaml.Node, path: str) -> None:
        loc.marks[path] = (n.start_mark.line + 1, n.start_mark.column + 1)
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                key = k.value if isinstance(k, yaml.ScalarNode) else "?"
                sub = f"{path}.{key}" if path else str(key)
                walk(v, sub)
                loc.marks.setdefault(sub + "@key", (k.start_mark.line + 1, k.start_mark.column + 1))
        elif isinstance(n, yaml.SequenceNode):
            for i, v in enumerate(n.value):
                walk(v, f"{path}[{i}]")

    walk(node, "")
    return data, loc


class _Reader:
    """Turns parsed data into the model, collecting every problem with its place."""

    def __init__(self, file: str, loc: _Located) -> None:
        self.file = file
        self.loc = loc
        self.issues: list[Issue] = []

    def error(self, path: str, code: str, th: str, en: str, fix_th: str = "", fix_en: str = "") -> None:
        line, col = self.loc.at(path)
        self.issues.append(Issue(Severity.ERROR, code, th, en, fix_th, fix_en, file=self.file,
                                 path=path, line=line, column=col))

    # ---------------------------------------------------------------- typed fields

    def mapping(self, value: Any, path: str, known: tuple[str, ...], required: tuple[str, ...] = ()) -> dict | None:
        if not isinstance(value, dict):
            self.error(path, "not-a-mapping",
                       f"ต้องเป็นชุดข้อมูลแบบ ชื่อ: ค่า แต่พบ {_kind(value)}",
                       f"expected a mapping (key: value), found {_kind(value)}",
                       "เขียนเป็นรายการ ชื่อ: ค่า", "write it as key: value lines")
            return None
        for k in value:
            if k not in known:
                p = f"{path}.{k}" if path else str(k)
                self.error(p, "unknown-field", f"ไม่รู้จักชื่อข้อมูล '{k}'", f"unknown field '{k}'",
                           "ชื่อที่ใช้ได้: " + ", ".join(known), "known fields: " + ", ".join(known))
        ok = True
        for k in required:
            if k not in value or value[k] is None:
                self.error(path, "missing-field", f"ขาดข้อมูล '{k}'", f"missing field '{k}'",
                           f"เพิ่ม {k}: …", f"add {k}: …")
                ok = False
        return value if ok else None

    def text(self, value: Any, path: str) -> str:
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            self.error(path, "not-text", f"ต้องเป็นข้อความ แต่พบ {_kind(value)}",
                       f"expected text, found {_kind(value)}", "เขียนเป็นข้อความ", "write it as text")
            return ""
        return str(value).strip()

    def lines(self, value: Any, path: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if isinstance(value, list):
            return tuple(t for i, v in enumerate(value) if (t := self.text(v, f"{path}[{i}]")))
        t = self.text(value, path)
        return (t,) if t else ()

    def integer(self, value: Any, path: str) -> int | None:
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            self.error(path, "not-integer", f"ต้องเป็นจำนวนเต็ม แต่พบ {_kind(value)}",
                       f"expected a whole number, found {_kind(value)}", "เขียนเป็นตัวเลข", "write a number")
            return None
        try:
            return int(tt.arabic_digits(str(value)).strip())
        except ValueError:
            self.error(path, "not-integer", f"ต้องเป็นจำนวนเต็ม แต่พบ '{value}'",
                       f"expected a whole number, found '{value}'", "เขียนเป็นตัวเลข", "write a number")
            return None

    def amount(self, value: Any, path: str) -> Decimal | None:
        if value is None:
            return None
        if isinstance(value, float):
            value = repr(value)
        try:
            if isinstance(value, bool):
                raise TypeError
            d = tt.to_decimal(value)
        except (InvalidOperation, TypeError, ValueError):
            self.error(path, "not-amount", f"ไม่ใช่จำนวนเงิน: '{value}'", f"not an amount: '{value}'",
                       "เขียนเป็นตัวเลข เช่น 32580 หรือ \"32,580.50\"",
                       "write a number such as 32580 or \"32,580.50\"")
            return None
        if not d.is_finite() or d < 0:
            self.error(path, "negative-amount", f"จำนวนเงินต้องไม่ติดลบ: {value}",
                       f"an amount cannot be negative: {value}", "แก้เป็นจำนวนศูนย์หรือมากกว่า",
                       "use zero or more")
            return None
        if d != d.quantize(Decimal("0.01")):
            self.error(path, "amount-decimals", f"จำนวนเงินมีทศนิยมเกิน ๒ ตำแหน่ง: {value}",
                       f"an amount has more than 2 decimals: {value}", "ปัดเป็นสตางค์",
                       "round to satang (2 decimals)")
            return None
        return d

    def boolean(self, value: Any, path: str) -> bool:
        if value is None:
            return False
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip() in YES_WORDS | NO_WORDS:
            return value.strip() in YES_WORDS
        self.error(path, "not-boolean", f"ต้องเป็น true/false (ใช่/ไม่ใช่) แต่พบ '{value}'",
                   f"expected true or false, found '{value}'", "เขียน true หรือ false", "write true or false")
        return False

    def enum(self, cls: type[enum.Enum], value: Any, path: str):
        if value is None:
            return None
        text = str(value).strip()
        for member in cls:
            if text in (member.value, member.name.lower()):
                return member
        if cls is Reason and text in ("อื่น ๆ", "อื่น"):
            return Reason.OTHER
        allowed = " / ".join(m.value for m in cls)
        self.error(path, f"unknown-{cls.__name__.lower()}",
                   f"ไม่รู้จักค่า '{text}'", f"unknown value '{text}'",
                   f"ใช้ค่าใดค่าหนึ่ง: {allowed}", f"use one of: {allowed}")
        return None

    def date(self, value: Any, path: str) -> _dt.date | None:
        if value is None or value == "":
            return None
        d = parse_date(value)
        if d is None:
            self.error(path, "not-date", f"ไม่ใช่วันที่: '{value}'", f"not a date: '{value}'",
                       "เขียนเป็น ปี-เดือน-วัน พ.ศ. เช่น 2567-04-30",
                       "write year-month-day in the Buddhist era, e.g. 2567-04-30")
        return d

    # ---------------------------------------------------------------- structure

    def person(self, value: Any, path: str) -> Person:
        if value is None:
            return Person()
        m = self.mapping(value, path, ("name", "title"))
        if m is None:
            return Person()
        return Person(name=self.text(m.get("name"), f"{path}.name"),
                      title=self.text(m.get("title"), f"{path}.title"))

    def round_info(self, value: Any, path: str) -> RoundInfo | None:
        m = self.mapping(value, path, ("year", "round", "date"), ("year", "round"))
        if m is None:
            return None
        year = self.integer(m["year"], f"{path}.year")
        rnd = self.integer(m["round"], f"{path}.round")
        date = self.date(m.get("date"), f"{path}.date")
        if year is None or rnd is None:
            return None
        return RoundInfo(year=year, round=rnd, date=date)

    def record(self, value: Any, path: str) -> ProgressRecord | None:
        m = self.mapping(value, path, RECORD_FIELDS, ("project", "year", "round", "status"))
        if m is None:
            return None
        n = len(self.issues)
        project = self.text(m["project"], f"{path}.project")
        year = self.integer(m["year"], f"{path}.year")
        rnd = self.integer(m["round"], f"{path}.round")
        status = self.enum(Status, m["status"], f"{path}.status")
        reason = self.enum(Reason, m.get("reason"), f"{path}.reason")
        fields = dict(
            budget_local_plan=self.amount(m.get("budget_local_plan"), f"{path}.budget_local_plan"),
            budget_ordinance=self.amount(m.get("budget_ordinance"), f"{path}.budget_ordinance") or Decimal(0),
            disbursed=self.amount(m.get("disbursed"), f"{path}.disbursed") or Decimal(0),
            in_ordinance=self.boolean(m.get("in_ordinance"), f"{path}.in_ordinance"),
            reason_text=self.text(m.get("reason_text"), f"{path}.reason_text"),
            achieved=self.lines(m.get("achieved"), f"{path}.achieved"),
            problems=self.lines(m.get("problems"), f"{path}.problems"),
            suggestions=self.lines(m.get("suggestions"), f"{path}.suggestions"),
            remark=self.text(m.get("remark"), f"{path}.remark"),
        )
        if len(self.issues) > n or year is None or rnd is None or status is None:
            return None
        return ProgressRecord(project=project, year=year, round=rnd, status=status, reason=reason,
                              **fields)

    def items(self, m: dict, key: str, parse, fix_en: str) -> list:
        """The entries of the list under ``key``, each read by ``parse(value, path)``; the ones
        that could not be read are left out (their issues are recorded)."""
        raw = m.get(key) or []
        if not isinstance(raw, list):
            self.error(key, "not-a-list", f"{key} ต้องเป็นรายการ แต่พบ {_kind(raw)}",
                       f"{key} must be a list, found {_kind(raw)}", "เขียนแต่ละรายการขึ้นต้นด้วย -",
                       fix_en)
            raw = []
        out = []
        for i, value in enumerate(raw):
            item = parse(value, f"{key}[{i}]")
            if item is not None:
                out.append(item)
        return out

    def progress(self, data: Any) -> ProgressFile | None:
        m = self.mapping(data, "", FILE_FIELDS, ("plan",))
        if m is None:
            return None
        records = self.items(m, "records", self.record, "start each record with -")
        reports = self.items(m, "reports", self.round_info, "start each entry with -")
        return ProgressFile(
            plan=self.text(m["plan"], "plan"),
            records=tuple(records),
            reports=tuple(reports),
            illustrative=self.boolean(m.get("illustrative"), "illustrative"),
            reporter=self.person(m.get("reporter"), "reporter"),
            executive=self.person(m.get("executive"), "executive"),
        )


FILE_FIELDS = ("plan", "illustrative", "reporter", "executive", "reports", "records")
RECORD_FIELDS = ("project", "year", "round", "status", "budget_local_plan", "budget_ordinance",
                 "disbursed", "in_ordinance", "reason", "reason_text", "achieved", "problems",
                 "suggestions", "remark")
YES_WORDS = frozenset({"ใช่", "yes", "true", "มี", "บรรจุ"})
NO_WORDS = frozenset({"ไม่ใช่", "no", "false", "ไม่มี", "ไม่บรรจุ", ""})


def _kind(value: Any) -> str:
    if value is None:
        return "ค่าว่าง (null)"
    return {dict: "mapping", list: "list", str: "text", int: "number", float: "number",
            bool: "true/false"}.get(type(value), type(value).__name__)


def parse_date(value: Any) -> _dt.date | None:
    """A date written in the Buddhist era (2567-04-30, 30/04/2567) or the common era.

    Years above 2400 are Buddhist era. Returns a common-era date object, or None when unreadable.
    """
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        y, mo, d = value.year, value.month, value.day
    elif isinstance(value, str):
        text = tt.arabic_digits(value.strip())
        parts = text.replace("/", "-").split("-")
        if len(parts) != 3 or not all(p.strip().isdigit() for p in parts):
            return None
        a, b, c = (int(p) for p in parts)
        if a > 31:  # year-month-day
            y, mo, d = a, b, c
        else:  # day/month/year
            d, mo, y = a, b, c
    else:
        return None
    if y > 2400:
        y -= tt.BE_OFFSET
    try:
        return _dt.date(y, mo, d)
    except ValueError:
        return None


def load_progress(path: str | Path) -> ProgressFile:
    """Read a progress file (YAML). Raises :class:`ProgressFileError` with every problem found."""
    path = Path(path)
    file = str(path)

    def fail(code: str, th: str, en: str, fix_th: str = "", fix_en: str = "") -> ProgressFileError:
        return ProgressFileError([Issue(Severity.ERROR, code, th, en, fix_th, fix_en, file=file)])

    if path.is_dir():
        raise fail("is-directory", "เป็นโฟลเดอร์ ไม่ใช่ไฟล์", "this is a directory, not a file",
                   "ระบุไฟล์รายงานผล (.yaml)", "give the progress file (.yaml)")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise fail("unreadable", f"อ่านไฟล์ไม่ได้: {exc.strerror}", f"cannot read the file: {exc.strerror}",
                   "ตรวจชื่อไฟล์และสิทธิ์การอ่าน", "check the file name and permissions") from exc
    if len(raw) > _MAX_BYTES:
        raise fail("too-large", "ไฟล์ใหญ่เกินไป", f"the file is larger than {_MAX_BYTES} bytes")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise fail("not-utf8", "ไฟล์ไม่ได้เข้ารหัส UTF-8", "the file is not UTF-8 text",
                   "บันทึกไฟล์ใหม่เป็น UTF-8", "save the file again as UTF-8") from exc
    if not text.strip():
        raise fail("empty", "ไฟล์ว่างเปล่า", "the file is empty",
                   "ดูตัวอย่างใน docs/progress.md", "see the example in docs/progress.md")
    return progress_from_text(text, file)


def progress_from_text(text: str, file: str = "<text>") -> ProgressFile:
    """A progress file from YAML text (as :func:`load_progress`)."""
    data, loc = _compose(text, file)
    reader = _Reader(file, loc)
    result = reader.progress(data)
    if reader.issues or result is None:
        raise ProgressFileError(reader.issues)
    return result


# =========================================================================== writing YAML


def progress_to_data(progress: ProgressFile) -> dict[str, Any]:
    """The progress file as plain data (the YAML shape), defaults left out."""

    def amount(d: Decimal) -> int | str:
        return int(d) if d == d.to_integral_value() else str(d)

    out: dict[str, Any] = {"plan": progress.plan}
    if progress.illustrative:
        out["illustrative"] = True
    for key in ("reporter", "executive"):
        p = getattr(progress, key)
        if p != Person():
            out[key] = {k: v for k, v in (("name", p.name), ("title", p.title)) if v}
    if progress.reports:
        out["reports"] = []
        for r in progress.reports:
            item: dict[str, Any] = {"year": r.year, "round": r.round}
            if r.date is not None:
                item["date"] = be_date_text(r.date)
            out["reports"].append(item)
    recs = []
    for r in progress.records:
        item = {"project": r.project, "year": r.year, "round": r.round, "status": r.status.value}
        if r.budget_local_plan is not None:
            item["budget_local_plan"] = amount(r.budget_local_plan)
        item["budget_ordinance"] = amount(r.budget_ordinance)
        item["disbursed"] = amount(r.disbursed)
        item["in_ordinance"] = r.in_ordinance
        if r.reason is not None:
            item["reason"] = r.reason.value
        for key in ("reason_text", "remark"):
            if getattr(r, key):
                item[key] = getattr(r, key)
        for key in ("achieved", "problems", "suggestions"):
            if getattr(r, key):
                item[key] = list(getattr(r, key))
        recs.append(item)
    out["records"] = recs
    return out


def be_date_text(date: _dt.date) -> str:
    """``date(2024, 4, 30)`` → ``"2567-04-30"`` (the file's Buddhist-era form)."""
    return f"{tt.be_year(date.year):04d}-{date.month:02d}-{date.day:02d}"


def dump_progress_yaml(progress: ProgressFile) -> str:
    return yaml.safe_dump(progress_to_data(progress), allow_unicode=True, sort_keys=False, width=100)


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
            _, loc = _compose(Path(path).read_text("utf-8-sig"), str(path))
        except (OSError, UnicodeDecodeError, ProgressFileError):
            loc = None
    ids = {p.id for p in plan.projects}
    errors: list[Issue] = []
    warnings: list[Issue] = []

    def err(code, th, en, fix_th, fix_en, p):
        errors.append(_issue(Severity.ERROR, code, th, en, fix_th, fix_en, file=file, path=p, loc=loc))

    def warn(code, th, en, fix_th, fix_en, p):
        warnings.append(_issue(Severity.WARNING, code, th, en, fix_th, fix_en, file=file, path=p, loc=loc))

    if progress.plan != plan.slug:
        err("plan-mismatch",
            f"ไฟล์รายงานผลอ้างถึงแผน '{progress.plan}' แต่แผนที่ให้มาคือ '{plan.slug}'",
            f"the progress file refers to plan '{progress.plan}' but the plan given is '{plan.slug}'",
            f"แก้ plan: เป็น {plan.slug} หรือใช้ไฟล์แผนที่ถูกต้อง",
            f"set plan: {plan.slug} or give the right plan file", "plan")

    def check_year_round(year: int, rnd: int, p: str) -> None:
        if year not in plan.years:
            err("year-outside-plan",
                f"ปีงบประมาณ {tt.digits(year)} อยู่นอกช่วงของแผน ({tt.year_range(plan.first_year, plan.last_year)})",
                f"fiscal year {year} is outside the plan ({plan.first_year}-{plan.last_year})",
                "แก้ปีงบประมาณ (พ.ศ.) ให้อยู่ในช่วงของแผน",
                "use a fiscal year (Buddhist era) within the plan", f"{p}.year")
        if rnd not in ROUNDS:
            err("bad-round",
                f"รอบการรายงานต้องเป็น ๖ หรือ ๑๒ เดือน แต่พบ {tt.digits(rnd)}",
                f"the round must be 6 or 12 (months), found {rnd}",
                "ใช้ round: 6 (ตุลาคม–มีนาคม) หรือ round: 12 (ทั้งปีงบประมาณ)",
                "use round: 6 (October-March) or round: 12 (the whole fiscal year)", f"{p}.round")

    for i, info in enumerate(progress.reports):
        check_year_round(info.year, info.round, f"reports[{i}]")

    seen: dict[tuple[str, int, int], int] = {}
    for i, r in enumerate(progress.records):
        p = f"records[{i}]"
        if r.project not in ids:
            err("unknown-project",
                f"ไม่มีโครงการรหัส '{r.project}' ในแผน",
                f"there is no project with id '{r.project}' in the plan",
                "ใช้รหัสโครงการ (id) ตามไฟล์แผน", "use a project id from the plan file", f"{p}.project")
        check_year_round(r.year, r.round, p)
        if r.key in seen:
            err("duplicate-record",
                f"โครงการ '{r.project}' ปี {tt.digits(r.year)} รอบ {tt.digits(r.round)} เดือน มีรายงานซ้ำ"
                f" (ซ้ำกับ records[{seen[r.key]}])",
                f"project '{r.project}' has two records for {r.year} round {r.round}"
                f" (same as records[{seen[r.key]}])",
                "ลบรายการที่ซ้ำ", "remove the duplicate", p)
        else:
            seen[r.key] = i

    for i, r in enumerate(progress.records):
        p = f"records[{i}]"
        if r.disbursed > r.budget_ordinance:
            warn("disbursed-above-ordinance",
                 f"เบิกจ่าย {tt.amount_baht(r.disbursed)} สูงกว่าวงเงินตามข้อบัญญัติ {tt.amount_baht(r.budget_ordinance)}",
                 f"disbursed {r.disbursed} baht is above the ordinance budget {r.budget_ordinance} baht",
                 "ตรวจจำนวนเงินเบิกจ่ายหรือวงเงินตามข้อบัญญัติ/เทศบัญญัติ (รวมการโอนเพิ่ม)",
                 "check the amount disbursed or the ordinance budget (including transfers)",
                 f"{p}.disbursed")
        if r.status is Status.CANNOT and r.reason is None:
            warn("cannot-without-reason",
                 "สถานะ ไม่สามารถดำเนินการได้ แต่ไม่ได้ระบุเหตุผล",
                 "status is 'could not be done' but no reason is given",
                 "ระบุ reason: " + " / ".join(m.value for m in Reason),
                 "give reason: one of " + " / ".join(m.value for m in Reason), f"{p}.reason")
        if r.reason is Reason.OTHER and not r.reason_text:
            warn("other-reason-without-text",
                 "เหตุผล อื่นๆ แต่ไม่ได้ระบุรายละเอียด", "reason 'other' without its text",
                 "ระบุ reason_text", "give reason_text", f"{p}.reason_text")
        if r.round == 12 and r.status is not Status.DONE:
            first = progress.record(r.project, r.year, 6)
            if first is not None and first.status is Status.DONE:
                warn("status-went-back",
                     f"รอบ ๖ เดือนรายงานว่า ดำเนินการแล้วเสร็จ แต่รอบ ๑๒ เดือนรายงานว่า {r.status.value}",
                     f"the 6-month round says done but the 12-month round says '{r.status.value}'",
                     "เมื่อรายงานว่าแล้วเสร็จ E-PlanNACC ไม่ให้แก้รอบอื่นของปีนั้น: ตรวจสถานะอีกครั้ง",
                     "E-PlanNACC locks the other round once a project is done: check the status",
                     f"{p}.status")
        if r.project in ids and r.year in plan.years:
            project = plan.project(r.project)
            if r.year not in plan.project_years(project):
                warn("project-not-in-year",
                     f"โครงการ '{r.project}' ไม่ได้อยู่ในแผนปีงบประมาณ {tt.digits(r.year)}",
                     f"project '{r.project}' does not run in fiscal year {r.year} in the plan",
                     "ตรวจปีงบประมาณของรายการนี้", "check the fiscal year of this record", f"{p}.year")

    for year, rnd in progress.rounds():
        if year not in plan.years or rnd not in ROUNDS:
            continue
        reported = {r.project for r in progress.records_of(year, rnd)}
        for n in plan.projects_of_year(year):
            if n.project.id not in reported:
                warn("missing-record",
                     f"โครงการลำดับที่ {tt.digits(n.number)} ({n.project.id}) ยังไม่มีรายงานผล"
                     f" ปี {tt.digits(year)} รอบ {tt.digits(rnd)} เดือน",
                     f"project {n.number} ({n.project.id}) has no record for {year} round {rnd}",
                     "เพิ่มรายงานของโครงการนี้ (รายงานจะแสดงว่า รอรายงานผล)",
                     "add a record for it (reports show it as awaiting a report)", "records")
    return errors + warnings


def check_progress(progress: ProgressFile, plan: Plan, path: str | Path | None = None) -> list[Issue]:
    """Validate and raise :class:`ProgressInvalid` on errors; returns the warnings."""
    issues = validate_progress(progress, plan, path=path)
    if any(i.is_error for i in issues):
        raise ProgressInvalid(issues)
    return [i for i in issues if not i.is_error]


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
    done: int
    in_progress: int
    not_started: int
    cannot: int
    not_reported: int  # รอรายงานผล
    budget_planned: Decimal
    budget_ordinance: Decimal
    disbursed: Decimal

    @property
    def not_done(self) -> int:
        return self.not_started + self.cannot

    @property
    def percent_disbursed(self) -> Decimal | None:
        """Disbursed as a per cent of the ordinance budget."""
        return percent(self.disbursed, self.budget_ordinance)

    @property
    def percent_done(self) -> Decimal | None:
        return percent(Decimal(self.done), Decimal(self.planned))


def year_rows(plan: Plan, progress: ProgressFile, year: int, round: int):
    """(Numbered, record or None) for every project of the year, in Part 2 order."""
    return tuple((n, progress.record(n.project.id, year, round)) for n in plan.projects_of_year(year))


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
                   in_progress=counts[Status.IN_PROGRESS], not_started=counts[Status.NOT_STARTED],
                   cannot=counts[Status.CANNOT], not_reported=missing, budget_planned=planned,
                   budget_ordinance=ordinance, disbursed=disbursed)
