"""Progress files (YAML): reading with line numbers, and writing."""

from __future__ import annotations

import datetime as _dt
import functools
import re
from enum import Enum
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import attrs
import yaml

from antong_reports.common.errors import Issue, ProgressFileError, Severity
from antong_reports.model.progress import (OLD_STATUSES, Person, ProgressFile, ProgressRecord,
                                           Reason, RoundInfo, Status)
from antong_reports.sources import guard
from antong_reports.thai import text as tt
# =========================================================================== reading YAML

_MAX_BYTES = 5_000_000
#: deepest nesting of lists and mappings (a progress file nests four levels)
_MAX_DEPTH = 64


def _key_identity(key: str) -> Any:
    """A key as read: "2567", 2567 and "๒๕๖๗" are the same key."""
    norm = tt.arabic_digits(str(key)).strip()
    return int(norm) if norm.lstrip("+-").isdigit() and norm.isascii() else norm
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


def _too_deep(file: str, mark: "yaml.Mark | None") -> ProgressFileError:
    return ProgressFileError([Issue(
        Severity.ERROR, "too-deep",
        f"ข้อมูลซ้อนกันลึกเกินไป (เกิน {_MAX_DEPTH} ชั้น)",
        f"the data is nested too deeply (over {_MAX_DEPTH} levels)",
        "ตรวจวงเล็บที่ไม่ได้ปิดและการย่อหน้า", "look for unclosed brackets and indentation",
        file=file, line=mark.line + 1 if mark else None, column=mark.column + 1 if mark else None)])


@functools.lru_cache(maxsize=8)
def _compose_cached(text: str, file: str) -> tuple[Any, _Located]:
    loc = _Located()
    node, data = _parse_checked(text, file)
    if node is None:
        return None, loc
    _mark_places(node, "", loc, file)
    return data, loc


def _parse_checked(text: str, file: str) -> tuple[Any, Any]:
    """The document's root node and its data, once its events passed :func:`_check_events`;
    a YAML error as a :class:`ProgressFileError` with its line."""
    try:
        _check_events(text, file)
        loader = _LOADER(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        m = exc.problem_mark or exc.context_mark
        if "nesting depth" in (exc.problem or ""):  # libyaml's own limit, met while scanning ahead
            raise _too_deep(file, m) from None
        raise ProgressFileError([Issue(
            Severity.ERROR, "yaml-syntax",
            f"ไฟล์ YAML ไม่ถูกต้อง: {exc.problem}", f"invalid YAML: {exc.problem}",
            "ตรวจการย่อหน้าและเครื่องหมาย : - \" ในบรรทัดนั้น",
            "check the indentation and the : - \" marks on that line",
            file=file, line=m.line + 1 if m else None, column=m.column + 1 if m else None)]) from exc
    except yaml.YAMLError as exc:
        raise ProgressFileError([Issue(Severity.ERROR, "yaml-syntax", f"ไฟล์ YAML ไม่ถูกต้อง: {exc}",
                                       f"invalid YAML: {exc}", file=file)]) from exc
    return node, data


_LONG_INT = re.compile(r"[-+]?[0-9][0-9_]*\Z")


def _check_events(text: str, file: str) -> None:
    """No nesting deeper than the limit (checked before libyaml's recursive composer sees it),
    no alias, no tag other than the plain ones."""
    depth = 0
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > _MAX_DEPTH:  # before libyaml's recursive composer sees it
                raise _too_deep(file, event.start_mark)
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
        if isinstance(event, yaml.AliasEvent):
            m = event.start_mark
            raise ProgressFileError([Issue(
                Severity.ERROR, "yaml-alias",
                "ไฟล์รายงานผลใช้ alias (*) ของ YAML ซึ่งไม่อนุญาต",
                "the progress file uses a YAML alias (*), which is not allowed",
                "เขียนค่าซ้ำแทนการอ้างอิง", "write the value out instead of referring to it",
                file=file, line=m.line + 1, column=m.column + 1)])
        if (isinstance(event, yaml.ScalarEvent) and not event.style
                and len(event.value) > 100 and _LONG_INT.match(event.value)):
            m = event.start_mark   # Python's int() refuses 4,300+ digits; no field needs 100
            raise ProgressFileError([Issue(
                Severity.ERROR, "number-too-long",
                f"ตัวเลขยาว {len(event.value):,} หลัก เกินกว่าค่าใด ๆ ในรายงานผล",
                f"a number of {len(event.value):,} digits, longer than any value of a progress file",
                "ตรวจตัวเลขในบรรทัดนั้น", "check the number on that line",
                file=file, line=m.line + 1, column=m.column + 1)])
        tag = getattr(event, "tag", None)
        if tag and tag not in _PLAIN_TAGS:
            m = event.start_mark
            raise ProgressFileError([Issue(
                Severity.ERROR, "yaml-tag",
                f"ไม่อนุญาตให้ใช้ tag {tag}", f"the YAML tag {tag} is not allowed",
                "ลบ tag ออก", "remove the tag",
                file=file, line=m.line + 1, column=m.column + 1)])


def _mark_places(n: yaml.Node, path: str, loc: _Located, file: str) -> None:
    """Each node's line and column by its path; a repeated key is an error."""
    loc.marks[path] = (n.start_mark.line + 1, n.start_mark.column + 1)
    if isinstance(n, yaml.MappingNode):
        seen: dict[Any, str] = {}
        for k, v in n.value:
            key = k.value if isinstance(k, yaml.ScalarNode) else "?"
            sub = f"{path}.{key}" if path else str(key)
            ident = _key_identity(key)
            if ident in seen:  # YAML keeps the last silently; "2567" and 2567 are one key
                raise ProgressFileError([Issue(
                    Severity.ERROR, "duplicate-key",
                    f"ชื่อข้อมูล '{key}' ซ้ำกับ '{seen[ident]}' ในชุดเดียวกัน",
                    f"key '{key}' repeats '{seen[ident]}' in the same mapping",
                    "ลบหรือรวมข้อมูลที่ซ้ำให้เหลือรายการเดียว", "remove or merge the repeated key",
                    file=file, path=sub, line=k.start_mark.line + 1,
                    column=k.start_mark.column + 1)])
            seen[ident] = key
            _mark_places(v, sub, loc, file)
            loc.marks.setdefault(sub + "@key", (k.start_mark.line + 1, k.start_mark.column + 1))
    elif isinstance(n, yaml.SequenceNode):
        for i, v in enumerate(n.value):
            _mark_places(v, f"{path}[{i}]", loc, file)


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
        """An amount as a plan's amounts are read (:func:`planfile.parse_amount`: Arabic or Thai
        digits, commas, "บาท" or ".-" around them; no exponent, NaN or infinity)."""
        from antong_reports.sources.planfile import FieldProblem, parse_amount

        if value is None:
            return None
        try:
            d = parse_amount(value)
        except FieldProblem as problem:
            code = "not-amount" if problem.code == "not-an-amount" else problem.code
            self.error(path, code, problem.message_th, problem.message_en,
                       problem.fix_th, problem.fix_en)
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

    def enum(self, cls: type[Enum], value: Any, path: str, round: int | None = None):
        """A status or reason: the form's number, its label, or both (``2 อยู่ระหว่างดำเนินการ``)."""
        if value is None:
            return None
        member = cls.parse(value)
        if member is not None:
            return member
        text = str(value).strip()
        if cls is Reason and text in ("อื่น ๆ", "อื่น"):
            return Reason.OTHER
        if cls is Status and text in OLD_STATUSES:
            th, en = old_status_fix(round)
            self.error(path, "old-status",
                       f"สถานะ '{text}' มาจากรูปแบบเดิม ระบบ E-PlanNACC ไม่มีสถานะนี้",
                       f"the status '{text}' is from the old format: E-PlanNACC has no such status",
                       th, en)
            return None
        allowed = " · ".join(m.coded for m in cls)
        self.error(path, f"unknown-{cls.__name__.lower()}",
                   f"ไม่รู้จักค่า '{text}'", f"unknown value '{text}'",
                   f"ใช้เลขหรือข้อความตามแบบฟอร์ม: {allowed}", f"use the form's number or label: {allowed}")
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
        status = self.enum(Status, m["status"], f"{path}.status", rnd)
        if "input_plan" in m and "in_ordinance" in m:
            self.error(f"{path}.in_ordinance", "duplicate-field",
                       "มีทั้ง input_plan และ in_ordinance (ชื่อเดิมของช่องเดียวกัน)",
                       "both input_plan and in_ordinance (its old name) are given",
                       "ลบ in_ordinance ออก", "remove in_ordinance")
        key = "in_ordinance" if "in_ordinance" in m and "input_plan" not in m else "input_plan"
        reason = self.enum(Reason, m.get("reason"), f"{path}.reason")
        fields = dict(
            budget_local_plan=self.amount(m.get("budget_local_plan"), f"{path}.budget_local_plan"),
            budget_ordinance=self.amount(m.get("budget_ordinance"), f"{path}.budget_ordinance") or Decimal(0),
            disbursed=self.amount(m.get("disbursed"), f"{path}.disbursed") or Decimal(0),
            input_plan=self.boolean(m.get(key), f"{path}.{key}"),
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
#: ``in_ordinance`` is the old name of ``input_plan`` (still read)
RECORD_FIELDS = ("project", "year", "round", "status", "budget_local_plan", "budget_ordinance",
                 "disbursed", "input_plan", "in_ordinance", "reason", "reason_text", "achieved", "problems",
                 "suggestions", "remark")
YES_WORDS = frozenset({"ใช่", "yes", "true", "มี", "บรรจุ"})
NO_WORDS = frozenset({"ไม่ใช่", "no", "false", "ไม่มี", "ไม่บรรจุ", ""})


def _kind(value: Any) -> str:
    if value is None:
        return "ค่าว่าง (null)"
    return {dict: "mapping", list: "list", str: "text", int: "number", float: "number",
            bool: "true/false"}.get(type(value), type(value).__name__)


def old_status_fix(round: int | None, workbook: bool = False) -> tuple[str, str]:
    """How to fix an old-format "ยังไม่ดำเนินการ" status (Thai, English), by round; ``workbook``
    words it for the template's dropdowns rather than the YAML keys."""
    if workbook:
        s2, s4, rs, rt, rm = ("เลือก 2 อยู่ระหว่างดำเนินการ", "เลือก 4 ไม่สามารถดำเนินการได้", "เลือกเหตุผล 1–4",
                              "เหตุผล 4 อื่นๆ ต้องกรอกเหตุผลอื่น", "หมายเหตุ")
        e2, e4, ers, ert, erm = ("choose 2 (in progress)", "choose 4 (could not be done)",
                                 "with a reason 1-4", "reason 4 needs its text", "the remark")
        drop_th = "หรือล้างแถวนี้ รายงานจะแสดงว่า รอรายงานผล"
        drop_en = "or clear the row: the reports then show it as awaiting a report"
    else:
        s2, s4, rs, rt, rm = ("ใช้ status: 2 อยู่ระหว่างดำเนินการ", "ใช้ status: 4 ไม่สามารถดำเนินการได้",
                              "พร้อม reason: 1–4", "4 อื่นๆ ต้องมี reason_text", "remark")
        e2, e4, ers, ert, erm = ("use status: 2 (in progress)", "use status: 4 (could not be done)",
                                 "with reason: 1-4", "4 needs reason_text", "remark")
        drop_th = "หรือลบรายการนี้ออก รายงานจะแสดงว่า รอรายงานผล"
        drop_en = "or remove the record: the reports then show it as awaiting a report"
    later_th = f"ถ้ายังจะดำเนินการภายในปีงบประมาณนี้ {s2} (บอกกำหนดการใน {rm})"
    later_en = f"if it will still be done this fiscal year, {e2} and give the date in {erm}"
    cannot_th = f"ถ้าจะไม่ได้ดำเนินการ {s4} {rs} ({rt})"
    cannot_en = f"if it will not be done, {e4} {ers} ({ert})"
    if round == 12:
        return (f"รอบ ๑๒ เดือนคือสิ้นปีงบประมาณแล้ว: {cannot_th} {drop_th}",
                f"the 12-month round is the end of the fiscal year: {cannot_en}; {drop_en}")
    return f"{later_th}; {cannot_th}; {drop_th}", f"{later_en}; {cannot_en}; {drop_en}"


_MONTH_NAMES = {name: i for i, name in enumerate(tt.MONTHS_FULL, start=1)} | {
    name: i for i, name in enumerate(tt.MONTHS_SHORT, start=1)} | {
    name.replace(".", ""): i for i, name in enumerate(tt.MONTHS_SHORT, start=1)}
_NAMED_DATE = re.compile(r"^(\d{1,2})\s*(\S+?)\s*(?:พ\.ศ\.\s*)?(\d{4})$")


def _month_named(text: str) -> str:
    """``"30 เมษายน 2567"`` or ``"30 เม.ย. 2567"`` as ``"30-4-2567"``; other text unchanged."""
    m = _NAMED_DATE.match(text)
    if m and m.group(2) in _MONTH_NAMES:
        return f"{m.group(1)}-{_MONTH_NAMES[m.group(2)]}-{m.group(3)}"
    return text


def parse_date(value: Any) -> _dt.date | None:
    """A date written in the Buddhist era (2567-04-30, 30/04/2567) or the common era.

    Years above 2400 are Buddhist era. Returns a common-era date object, or None when unreadable.
    """
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        y, mo, d = value.year, value.month, value.day
    elif isinstance(value, str):
        text = _month_named(tt.arabic_digits(value.strip()))
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

    def error(issues):
        # a missing file keeps its historical code; folders, pipes and devices are refused unopened
        issues = [attrs.evolve(i, code="unreadable", message_th=f"อ่านไฟล์ไม่ได้: {i.message_th}",
                               message_en=f"cannot read the file: {i.message_en}")
                  if i.code == "file-not-found" else i for i in issues]
        return ProgressFileError(issues)

    raw = guard.read_bounded(path, max_bytes=_MAX_BYTES, error=error, file=file)
    try:
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):   # UTF-16 with its mark (Notepad's "Unicode")
            text = raw.decode("utf-16")
        else:
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
        item = {"project": r.project, "year": r.year, "round": r.round, "status": r.status.coded}
        if r.budget_local_plan is not None:
            item["budget_local_plan"] = amount(r.budget_local_plan)
        item["budget_ordinance"] = amount(r.budget_ordinance)
        item["disbursed"] = amount(r.disbursed)
        item["input_plan"] = r.input_plan
        if r.reason is not None:
            item["reason"] = r.reason.coded
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


