"""Reading plan files safely, with the place of every problem.

A plan file is read in steps, each of which can only fail with an
:class:`~antong_reports.common.errors.Issue` that names the file, line, column and field path:

1. the bytes (missing file, a directory, unreadable, too large, empty);
2. the text (UTF-8 only; the byte offset and line of the first bad byte are reported);
3. YAML *composition* into nodes with a loader that builds no Python objects: any tag other than
   the standard scalar/collection tags is refused before anything is constructed, and alias
   expansion is bounded (a "billion laughs" file fails in milliseconds);
4. nodes → plain data (str, int, float that remember their written text, lists, dicts), recording
   the line and column of every field path and refusing duplicate keys;
5. plain data → the model with cattrs; its nested errors are translated back into field paths
   such as ``projects[20].target_group.unit`` and their lines.

JSON files (``.json``) are checked by the JSON parser first, so JSON syntax errors are reported as
JSON; the same shape as YAML is expected.
"""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path
from typing import Any, Iterator

import attrs
import yaml
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from yaml.resolver import Resolver

from antong_reports.common.errors import Issue, PlanFileError, Severity
from antong_reports.model.plan import Plan
from antong_reports.sources import guard
from antong_reports.sources.planfile import (FieldProblem, TextFloat, TextInt, describe,
                                             plan_from_data)
from antong_reports.thai.text import arabic_digits

#: Largest plan file read (bytes). The real five-year plan is about 150 kB.
MAX_FILE_BYTES = 20 * 1024 * 1024
#: Largest number of YAML nodes after expanding aliases.
MAX_NODES = 200_000
#: Deepest nesting of lists and mappings (a plan nests about eight levels).
MAX_DEPTH = 64

#: field path → (line, column), both 1-based; a mapping entry is placed at its key
Locations = dict

_T = "tag:yaml.org,2002:"
_ALLOWED_TAGS = frozenset(_T + t for t in ("str", "int", "float", "bool", "null", "seq", "map", "merge"))
_IO_CODES = frozenset({"file-not-found", "is-directory", "unreadable", "not-regular-file"})


def is_io_issue(issue: Issue) -> bool:
    """True for issues about reaching the file at all (the command line exits 2 for these)."""
    return issue.code in _IO_CODES


def _issue(code: str, th: str, en: str, fix_th: str, fix_en: str, file: str | None,
           path: str = "", line: int | None = None, column: int | None = None) -> Issue:
    return Issue(Severity.ERROR, code, th, en, fix_th, fix_en, file=file, path=path, line=line,
                 column=column)


# --------------------------------------------------------------------------- YAML loader

#: YAML 1.1 implicit types without booleans and timestamps: the plan has no such fields, and
#: ``yes``/``no``/``2566-10-01`` should stay text (``true``/``false`` become bools only in a bool field)
_IMPLICIT = {
    first: [(tag, rx) for tag, rx in rules if tag not in (_T + "bool", _T + "timestamp")]
    for first, rules in Resolver.yaml_implicit_resolvers.items()
}


class _Refused(yaml.MarkedYAMLError):
    def __init__(self, code: str, th: str, en: str, fix_th: str, fix_en: str, mark: yaml.Mark):
        super().__init__(problem=en, problem_mark=mark)
        self.code, self.th, self.en, self.fix_th, self.fix_en = code, th, en, fix_th, fix_en


#: libyaml's parser when PyYAML was built with it (about 20 times faster), else the pure one;
#: either way only its *events* are used: nodes are composed here, so the rules below hold alike
C_LOADER: type | None = getattr(yaml, "CSafeLoader", None)


class _PureLoader(yaml.SafeLoader):
    yaml_implicit_resolvers = _IMPLICIT


_LOADERS: dict[type, type] = {}


def _loader_class(use_c: bool | None = None) -> type:
    """The (C or pure) safe loader with the plan's implicit types."""
    base = C_LOADER if (use_c is None or use_c) and C_LOADER is not None else None
    if base is None:
        return _PureLoader
    cls = _LOADERS.get(base)
    if cls is None:
        cls = _LOADERS[base] = type("_CPlanLoader", (base,), {"yaml_implicit_resolvers": _IMPLICIT})
    return cls


class PlanLoader:
    """Composes YAML into nodes only, from the events of libyaml's parser (or the pure one).

    Composition is iterative and refuses, with the place: any tag other than the standard
    scalar/collection tags (before anything is constructed), nesting deeper than ``max_depth``,
    and alias expansion beyond ``max_nodes`` nodes or referring to itself. No Python object other
    than str/int/float/bool/None/list/dict is ever built."""

    def __init__(self, stream: str, max_nodes: int = MAX_NODES, max_depth: int = MAX_DEPTH,
                 use_c: bool | None = None):
        self.loader = _loader_class(use_c)(stream)
        self.max_nodes = max_nodes
        self.max_depth = max_depth
        self._expanded = 0
        self._sizes: dict[int, int] = {}
        self._anchors: dict[str, yaml.Node] = {}

    # the constructor methods the builder uses (flatten_mapping, construct_yaml_int, ...)
    def __getattr__(self, name: str):
        return getattr(self.loader, name)

    def dispose(self) -> None:
        self.loader.dispose()

    def _count(self, n: int, mark: yaml.Mark) -> None:
        self._expanded += n
        if self._expanded > self.max_nodes:
            raise _Refused(
                "too-many-nodes",
                f"ไฟล์ขยายเป็นข้อมูลมากเกินไป (เกิน {self.max_nodes:,} รายการ เมื่อแทนค่า alias)",
                f"the file expands to too much data (over {self.max_nodes:,} nodes once aliases "
                "are expanded)",
                "อย่าใช้ alias (*ชื่อ) ซ้อนกันหลายชั้น ให้เขียนข้อมูลตรง ๆ",
                "do not nest aliases (*name); write the data out",
                mark,
            )

    def _check_tag(self, event) -> None:
        tag = getattr(event, "tag", None)
        if tag not in (None, "!") and tag not in _ALLOWED_TAGS:
            raise _Refused(
                "forbidden-tag",
                f"ไม่รับแท็ก {tag} (ไฟล์แผนเป็นข้อมูลล้วน ไม่สร้างอ็อบเจกต์ใด ๆ)",
                f"tag {tag} is not allowed (a plan file is plain data; no objects are built)",
                "ลบแท็กที่ขึ้นต้นด้วย ! ออก แล้วเขียนค่าเป็นข้อความหรือตัวเลข",
                "remove the tag starting with ! and write the value as text or a number",
                event.start_mark,
            )

    def _anchor(self, event, node: yaml.Node) -> None:
        anchor = event.anchor
        if anchor is None:
            return
        if anchor in self._anchors:
            raise yaml.composer.ComposerError(
                "found duplicate anchor %r; first occurrence" % anchor,
                self._anchors[anchor].start_mark, "second occurrence", event.start_mark)
        self._anchors[anchor] = node

    def get_single_node(self) -> yaml.Node | None:
        L = self.loader
        L.get_event()                                   # stream start
        node = None
        if not L.check_event(yaml.StreamEndEvent):
            L.get_event()                               # document start
            node = self._compose()
            L.get_event()                               # document end
        if not L.check_event(yaml.StreamEndEvent):
            event = L.get_event()
            raise yaml.composer.ComposerError(
                "expected a single document in the stream",
                node.start_mark if node is not None else None, "but found another document",
                event.start_mark)
        L.get_event()                                   # stream end
        return node

    def _compose(self) -> yaml.Node:
        L = self.loader
        #: open collections: [node, expanded count before it, pending mapping key]
        stack: list[list] = []
        while True:
            event = L.get_event()
            if isinstance(event, yaml.AliasEvent):
                node = self._alias(event)
            elif isinstance(event, yaml.ScalarEvent):
                node = self._scalar(event)
            elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                stack.append(self._open(event, len(stack)))
                continue
            else:                                       # sequence or mapping end
                node, before, _key = stack.pop()
                node.end_mark = event.end_mark
                self._sizes[id(node)] = self._expanded - before
            if not stack:
                return node
            _attach(stack[-1], node)

    def _alias(self, event) -> yaml.Node:
        """The anchored node, counted again at its full size; a cycle is refused."""
        node = self._anchors.get(event.anchor)
        if node is None:
            raise yaml.composer.ComposerError(
                None, None, "found undefined alias %r" % event.anchor, event.start_mark)
        size = self._sizes.get(id(node))
        if size is None:  # the anchored node is still being composed: a cycle
            raise _Refused(
                "recursive-alias",
                f"alias *{event.anchor} อ้างถึงตัวเอง",
                f"alias *{event.anchor} refers to itself",
                "ลบ alias ที่วนกลับมาที่ตัวเอง", "remove the self-referring alias",
                event.start_mark,
            )
        self._count(size, event.start_mark)
        return node

    def _scalar(self, event) -> yaml.Node:
        self._check_tag(event)
        self._count(1, event.start_mark)
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark,
                               style=event.style)
        self._anchor(event, node)
        self._sizes[id(node)] = 1
        return node

    def _open(self, event, depth: int) -> list:
        """A sequence or mapping opened at ``depth``: its stack entry [node, expanded count before
        it, pending mapping key]."""
        self._check_tag(event)
        if depth >= self.max_depth:
            raise _Refused(
                "too-deep", f"ข้อมูลซ้อนกันลึกเกินไป (เกิน {self.max_depth} ชั้น)",
                f"the data is nested too deeply (over {self.max_depth} levels)",
                "ไฟล์แผนซ้อนกันไม่เกินไม่กี่ชั้น ตรวจวงเล็บที่ไม่ได้ปิด",
                "a plan nests only a few levels; look for unclosed brackets",
                event.start_mark)
        before = self._expanded
        self._count(1, event.start_mark)
        is_seq = isinstance(event, yaml.SequenceStartEvent)
        kind = yaml.SequenceNode if is_seq else yaml.MappingNode
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(kind, None, event.implicit)
        node = kind(tag, [], event.start_mark, None, flow_style=event.flow_style)
        self._anchor(event, node)
        return [node, before, None]


def _attach(top: list, node: yaml.Node) -> None:
    """A finished node into the open collection ``top`` (a mapping takes key, then value)."""
    parent = top[0]
    if isinstance(parent, yaml.SequenceNode):
        parent.value.append(node)
    elif top[2] is None:
        top[2] = node
    else:
        parent.value.append((top[2], node))
        top[2] = None


# --------------------------------------------------------------------------- nodes → data

def key_part(parent: str, key: Any) -> str:
    """The field path of ``key`` under ``parent``: ``a.b`` for names, ``a[3]`` for the rest."""
    if isinstance(key, str) and key.isidentifier():
        return f"{parent}.{key}" if parent else key
    return f"{parent}[{key}]"


def _pos(mark: yaml.Mark) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


#: longest integer a plan file's YAML makes a number of (far above any year, count or amount)
MAX_NUMBER_CHARS = 100


def _json_int(text: str) -> Any:
    """A JSON integer as :class:`TextInt`; one far too long stays its text (as in YAML)."""
    return text if len(text) > MAX_NUMBER_CHARS else TextInt(int(text), text)


class _Builder:
    def __init__(self, loader: PlanLoader, file: str | None):
        self.loader = loader
        self.file = file
        self.locations: Locations = {}

    def scalar(self, node: yaml.ScalarNode) -> Any:
        tag = node.tag
        if tag == _T + "null":
            return None
        if tag == _T + "int":
            if len(node.value) > MAX_NUMBER_CHARS:   # kept as its text: no field takes it, and
                return node.value                     # Python refuses int() of 4,300+ digits
            return TextInt(self.loader.construct_yaml_int(node), node.value)
        if tag == _T + "float":
            return TextFloat(self.loader.construct_yaml_float(node), node.value)
        if tag == _T + "bool":
            return self.loader.construct_yaml_bool(node)
        return node.value

    def build(self, node: yaml.Node, path: str) -> Any:
        self.locations.setdefault(path, _pos(node.start_mark))
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, f"{path}[{i}]") for i, child in enumerate(node.value)]
        self.loader.flatten_mapping(node)
        out: dict[Any, Any] = {}
        seen: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _T + "null":
                line, col = _pos(key_node.start_mark)
                raise PlanFileError([_issue(
                    "bad-key", "ชื่อช่องต้องเป็นข้อความ", "a key must be a plain name",
                    "เขียนชื่อช่องเป็นคำเดียว เช่น name:", "write the key as a single word, e.g. name:",
                    self.file, path, line, col)])
            key = self.scalar(key_node)
            child = key_part(path, key)
            ident = key_identity(key)
            if ident in seen:
                line, col = _pos(key_node.start_mark)
                raise PlanFileError([_duplicate_key(key, seen[ident], self.file, child, line, col)])
            seen[ident] = key
            self.locations[child] = _pos(key_node.start_mark)
            out[key] = self.build(value_node, child)
        return out


def key_identity(key: Any) -> Any:
    """What a mapping key means once read: ``2566``, ``"2566"``, ``"๒๕๖๖"`` and ``"2,566"`` all
    become the year 2566, so two of them in one mapping are the same key written twice."""
    if isinstance(key, bool) or key is None:
        return ("other", key)
    if isinstance(key, int):
        return ("int", int(key))
    text = getattr(key, "text", None) or str(key)
    norm = arabic_digits(text).strip()
    if _INT_KEY_RE.match(norm):
        return ("int", int(norm.replace(",", "")))
    if isinstance(key, float):
        return ("float", float(key))
    return ("str", norm)


_INT_KEY_RE = re.compile(r"^[+-]?[0-9]{1,3}(,[0-9]{3})+$|^[+-]?[0-9]+$")


def _duplicate_key(key: Any, first: Any, file: str | None, path: str, line: int | None = None,
                   column: int | None = None) -> Issue:
    if type(first) is type(key) and str(first) == str(key) or (
            isinstance(first, str) and isinstance(key, str) and first == key):
        th, en = (f"ชื่อช่อง \"{key}\" ซ้ำในชุดเดียวกัน", f"key \"{key}\" appears twice in the same mapping")
    else:
        shown_first = getattr(first, "text", None) or str(first)
        shown = getattr(key, "text", None) or str(key)
        th = (f"ชื่อช่อง \"{shown}\" ซ้ำกับ \"{shown_first}\" ในชุดเดียวกัน (เขียนต่างแบบแต่หมายถึงค่าเดียวกัน)")
        en = (f"key \"{shown}\" repeats \"{shown_first}\" in the same mapping (written differently, "
              "the same key)")
    return _issue("duplicate-key", th, en, "ลบหรือรวมช่องที่ซ้ำให้เหลือช่องเดียว",
                  "remove or merge the repeated key", file, path, line, column)


# --------------------------------------------------------------------------- reading

def load_plan(path: str | Path) -> Plan:
    """Read a plan file (YAML or JSON) or a plan workbook (.xlsx).
    Raises :class:`~antong_reports.common.errors.PlanFileError`."""
    if is_plan_workbook(path):
        return read_plan_workbook_with_places(path)[0]
    return read_plan_file(Path(path))


def is_plan_workbook(path: str | Path) -> bool:
    """True for a plan workbook (.xlsx), which :mod:`antong_reports.sources.plan_workbook` reads."""
    return Path(path).suffix.lower() == ".xlsx"


def read_plan_workbook_with_places(path: str | Path) -> tuple[Plan, dict[str, str]]:
    """A plan workbook's plan and the cell (``โครงการ!F12``) of each field path; its problems,
    structuring ones included, are placed at their cells."""
    from antong_reports.sources.plan_workbook import read_plan_workbook_data, relocate

    data, places = read_plan_workbook_data(path)
    try:
        return structure_plan(data, {}, str(path)), places
    except PlanFileError as exc:
        raise PlanFileError(relocate(exc.issues, places, str(path))) from None


def read_plan_file(path: str | Path) -> Plan:
    """Read and structure a plan file. Raises :class:`PlanFileError` with every problem found."""
    return read_plan_with_locations(path)[0]


def read_plan_with_locations(path: str | Path) -> tuple[Plan, Locations]:
    """The plan and the line/column of every field path in the file."""
    path = Path(path)
    data, locations = read_plan_data(path)
    return structure_plan(data, locations, str(path)), locations


def read_plan_data(path: str | Path) -> tuple[Any, Locations]:
    """The file as plain data (a mapping) and its locations; raises :class:`PlanFileError`."""
    path = Path(path)
    file = str(path)
    raw = _read_bytes(path, file)
    text = _decode(raw, file)
    if not text.strip():
        raise PlanFileError([_issue(
            "empty-file", "ไฟล์แผนว่างเปล่า", "the plan file is empty",
            "ใส่ข้อมูลแผนตามรูปแบบใน docs/plan-file.md", "fill in the plan as docs/plan-file.md shows",
            file, line=1, column=1)])
    json_data = _check_json_syntax(text, file) if path.suffix.lower() == ".json" else None
    try:
        data, locations = parse_text(text, file)
    except PlanFileError as exc:
        if json_data is None or exc.issues[0].code not in ("bad-yaml", "control-character"):
            raise
        data, locations = json_data, {}  # valid JSON that PyYAML reads differently: no lines
    if json_data is not None:
        # JSON's own reading of the values (a surrogate pair such as "\ud83d\ude00" is one
        # character in JSON, two in YAML); YAML's reading gives only the lines
        data = json_data
    if data is None:
        raise PlanFileError([_issue(
            "empty-file", "ไฟล์แผนไม่มีข้อมูล (มีแต่หมายเหตุหรือบรรทัดว่าง)",
            "the plan file holds no data (only comments or blank lines)",
            "ใส่ข้อมูลแผนตามรูปแบบใน docs/plan-file.md", "fill in the plan as docs/plan-file.md shows",
            file, line=1, column=1)])
    if not isinstance(data, dict):
        got_th, got_en = describe(data)
        raise PlanFileError([_issue(
            "not-a-plan", f"ไฟล์นี้ไม่ใช่แผน: ระดับบนสุดเป็น{got_th} ไม่ใช่ชุดข้อมูล",
            f"this is not a plan: the top level is {got_en}, not a mapping",
            "ระดับบนสุดของไฟล์ต้องเป็นชุด ชื่อช่อง: ค่า เช่น slug:, title:, projects:",
            "the top level must be key: value pairs such as slug:, title:, projects:",
            file, line=1, column=1)])
    return data, locations


def _read_bytes(path: Path, file: str) -> bytes:
    """The file's bytes: a regular file (also behind a symlink) of at most :data:`MAX_FILE_BYTES`;
    a folder, a named pipe or a device is refused without being opened."""
    try:
        if path.is_dir():
            raise PlanFileError([_issue(
                "is-directory", "ที่ระบุเป็นโฟลเดอร์ ไม่ใช่ไฟล์แผน",
                "this is a directory, not a plan file",
                "ระบุชื่อไฟล์แผน (.yaml) ในโฟลเดอร์นั้น", "name the plan file (.yaml) inside it", file)])
        if not path.exists() and not path.is_symlink():
            raise PlanFileError([_issue(
                "file-not-found", "ไม่พบไฟล์แผน", "the plan file does not exist",
                "ตรวจชื่อไฟล์และโฟลเดอร์", "check the file name and folder", file)])
    except OSError:
        pass  # reported by read_bounded below, with the reason
    return guard.read_bounded(path, max_bytes=MAX_FILE_BYTES, error=PlanFileError, file=file)


def _decode(raw: bytes, file: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):   # UTF-16 with its mark: Notepad's "Unicode"
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise PlanFileError([_issue(
                "not-utf8", f"ไฟล์ UTF-16 เสีย (ที่ตำแหน่งไบต์ {exc.start})",
                f"the UTF-16 file is damaged (at byte offset {exc.start})",
                "บันทึกไฟล์ใหม่เป็น UTF-8", "save the file again as UTF-8", file)]) from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start
        line = raw.count(b"\n", 0, offset) + 1
        line_start = raw.rfind(b"\n", 0, offset) + 1
        column = len(raw[line_start:offset].decode("utf-8", "replace")) + 1
        bad = raw[offset:offset + 1].hex()
        raise PlanFileError([_issue(
            "not-utf8",
            f"ไฟล์ไม่ได้เข้ารหัส UTF-8 (ไบต์ 0x{bad} ที่ตำแหน่งไบต์ {offset})",
            f"the file is not UTF-8 (byte 0x{bad} at byte offset {offset})",
            "บันทึกไฟล์ใหม่เป็น UTF-8 (ไฟล์ภาษาไทยแบบ TIS-620/Windows-874 ต้องแปลงก่อน)",
            "save the file as UTF-8 (convert TIS-620/Windows-874 Thai text first)",
            file, line=line, column=column)]) from None


def _too_deep(file: str | None) -> Issue:
    return _issue("too-deep", "ข้อมูลซ้อนกันลึกเกินไป", "the data is nested too deeply",
                  "ไฟล์แผนซ้อนกันไม่เกินไม่กี่ชั้น ตรวจวงเล็บที่ไม่ได้ปิด",
                  "a plan nests only a few levels; look for unclosed brackets", file, line=1, column=1)


class _JsonObject(dict):
    """A JSON object that remembers the first key written twice (JSON parsers keep the last)."""

    duplicate: tuple[Any, Any] | None = None


def _json_pairs(pairs: list[tuple[str, Any]]) -> dict:
    out = _JsonObject()
    seen: dict[Any, str] = {}
    for key, value in pairs:
        ident = key_identity(key)
        if ident in seen and out.duplicate is None:
            out.duplicate = (seen[ident], key)
        seen.setdefault(ident, key)
        out[key] = value
    return out


def _json_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _json_duplicate(data: Any, path: str = "") -> tuple[str, Any, Any] | None:
    """The field path and keys of the first duplicate key in parsed JSON, depth first."""
    if isinstance(data, _JsonObject):
        if data.duplicate is not None:
            first, key = data.duplicate
            return key_part(path, key), first, key
        items = data.items()
    elif isinstance(data, list):
        items = enumerate(data)
    else:
        return None
    for k, v in items:
        found = _json_duplicate(v, f"{path}[{k}]" if isinstance(k, int) else key_part(path, k))
        if found:
            return found
    return None


def _check_json(text: str, file: str) -> Any:
    try:
        data = json.loads(text, parse_float=lambda s: TextFloat(float(s), s),
                          parse_int=_json_int, parse_constant=_json_constant,
                          object_pairs_hook=_json_pairs)
    except RecursionError:
        raise PlanFileError([_too_deep(file)]) from None
    except ValueError as exc:
        if isinstance(exc, json.JSONDecodeError):
            raise
        raise PlanFileError([_issue(
            "bad-json", f"JSON มีค่าที่ไม่ใช่ตัวเลขมาตรฐาน: {exc}", f"JSON holds a non-standard number: {exc}",
            "เขียนจำนวนเป็นตัวเลข (NaN และ Infinity ใช้ไม่ได้)",
            "write the amount as digits (NaN and Infinity are not numbers)", file)]) from None
    found = _json_duplicate(data)
    if found:
        path, first, key = found
        raise PlanFileError([_duplicate_key(key, first, file, path)])
    return data


def _check_json_syntax(text: str, file: str) -> Any:
    try:
        return _check_json(text, file)
    except json.JSONDecodeError as exc:
        raise PlanFileError([_issue(
            "bad-json", f"ไวยากรณ์ JSON ผิด: {exc.msg}", f"JSON syntax error: {exc.msg}",
            "ตรวจวงเล็บ เครื่องหมายคำพูด และจุลภาคบริเวณนี้",
            "check brackets, quotes and commas around here",
            file, line=exc.lineno, column=exc.colno)]) from None


#: PyYAML's commonest complaints, in Thai (the English text is kept in the English message)
_YAML_PROBLEMS_TH = (
    ("mapping values are not allowed here",
     "มีเครื่องหมาย : ในที่ที่ไม่ควรมี (ข้อความที่มี : ต้องอยู่ในเครื่องหมายคำพูด หรือย่อหน้าผิด)"),
    ("cannot start any token", "มีอักขระที่ขึ้นต้นค่าไม่ได้ (เช่น แท็บ ให้ย่อหน้าด้วยเว้นวรรค)"),
    ("could not find expected ':'", "ไม่พบเครื่องหมาย : หลังชื่อช่อง"),
    ("found undefined alias", "ใช้ alias ที่ไม่ได้ประกาศไว้"),
    ("found unexpected end of stream", "ไฟล์จบก่อนปิดเครื่องหมายคำพูดหรือวงเล็บ"),
    ("expected a single document", "ไฟล์มีหลายเอกสาร (---) ให้มีเอกสารเดียว"),
    ("did not find expected key", "ย่อหน้าไม่ตรงกับชื่อช่องระดับเดียวกัน"),
    ("did not find expected '-' indicator", "ย่อหน้าไม่ตรงกับรายการระดับเดียวกัน"),
    ("expected ',' or ']'", "รายการในวงเล็บ [ ] ไม่ได้คั่นด้วยจุลภาคหรือไม่ได้ปิดวงเล็บ"),
    ("expected ',' or '}'", "ชุดข้อมูลในวงเล็บ { } ไม่ได้คั่นด้วยจุลภาคหรือไม่ได้ปิดวงเล็บ"),
    ("found duplicate anchor", "ประกาศ anchor ชื่อซ้ำ"),
)


def _thai_problem(problem: str) -> str:
    for en, th in _YAML_PROBLEMS_TH:
        if en in problem:
            return f"{th} ({problem})"
    return problem


def parse_text(text: str, file: str | None = None, max_nodes: int = MAX_NODES,
               use_c: bool | None = None) -> tuple[Any, Locations]:
    """YAML (or JSON) text → plain data and locations. Raises :class:`PlanFileError`.

    ``use_c``: None or True use libyaml's parser when present, False the pure-Python one (the
    data, the places and the errors are the same)."""
    if use_c is not False and C_LOADER is not None:
        try:
            return _parse(text, file, max_nodes, True)
        except _SyntaxProblem:
            # libyaml words its complaints differently: the pure parser gives the messages
            # (and the places) this project documents
            pass
    return _parse(text, file, max_nodes, False)


class _SyntaxProblem(Exception):
    pass


def _parse(text: str, file: str | None, max_nodes: int, use_c: bool) -> tuple[Any, Locations]:
    try:
        loader = PlanLoader(text, max_nodes=max_nodes, use_c=use_c)
        try:
            node = loader.get_single_node()
            if node is None:
                return None, {}
            builder = _Builder(loader, file)
            return builder.build(node, ""), builder.locations
        finally:
            loader.dispose()
    except RecursionError:
        raise PlanFileError([_too_deep(file)]) from None
    except _Refused as exc:
        line, col = _pos(exc.problem_mark)
        raise PlanFileError([_issue(exc.code, exc.th, exc.en, exc.fix_th, exc.fix_en, file,
                                    line=line, column=col)]) from None
    except yaml.YAMLError as exc:
        if use_c:
            raise _SyntaxProblem() from None
        raise _yaml_error(exc, text, file) from None


def _yaml_error(exc: yaml.YAMLError, text: str, file: str | None) -> PlanFileError:
    """The issue of a YAML syntax error of the pure parser."""
    if isinstance(exc, yaml.reader.ReaderError):
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        code_point = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        return PlanFileError([_issue(
            "control-character", f"ไฟล์มีอักขระควบคุมที่ใช้ไม่ได้ ({code_point})",
            f"the file contains a control character that is not allowed ({code_point})",
            "ลบอักขระที่มองไม่เห็นนั้นออก (มักติดมาจากการคัดลอก)",
            "delete the invisible character (often pasted in by accident)",
            file, line=line, column=column)])
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line, col = _pos(mark) if mark else (None, None)
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            problem = f"{exc.context}: {exc.problem}"
        return PlanFileError([_issue(
            "bad-yaml", f"ไวยากรณ์ YAML ผิด: {_thai_problem(problem)}", f"YAML syntax error: {problem}",
            "ตรวจการย่อหน้า เครื่องหมาย : และเครื่องหมายคำพูดบริเวณนี้",
            "check indentation, colons and quotes around here",
            file, line=line, column=col)])
    return PlanFileError([_issue("bad-yaml", f"ไวยากรณ์ YAML ผิด: {exc}", f"YAML syntax error: {exc}",
                                 "ตรวจไฟล์", "check the file", file)])


# --------------------------------------------------------------------------- data → model

def structure_plan(data: Any, locations: Locations | None = None, file: str | None = None) -> Plan:
    """Plain data → Plan; cattrs errors become issues with field paths and lines."""
    try:
        return plan_from_data(data)
    except (ClassValidationError, IterableValidationError, FieldProblem, ValueError, TypeError,
            KeyError) as exc:
        issues = list(translate(exc, locations or {}, file))
        issues.sort(key=lambda i: (i.line or 0, i.column or 0, i.path, i.code))
        raise PlanFileError(issues) from None


def locate(locations: Locations, path: str) -> tuple[int | None, int | None]:
    """Line and column of ``path``, or of its nearest ancestor present in the file."""
    p = path
    while True:
        if p in locations:
            return locations[p]
        if not p:
            return None, None
        p = _parent(p)


def _parent(path: str) -> str:
    if path.endswith("]"):
        return path[: path.rindex("[")]
    if "." in path:
        return path[: path.rindex(".")]
    return ""


def _child(path: str, note: Any) -> str:
    if isinstance(note, AttributeValidationNote):
        return f"{path}.{note.name}" if path else note.name
    if isinstance(note, IterableValidationNote):
        return key_part(path, note.index)  # a list index or a mapping key, as the file reads
    return path


def translate(exc: BaseException, locations: Locations, file: str | None, path: str = "") -> Iterator[Issue]:
    """Issues for a (nested) cattrs structuring error."""
    for note in getattr(exc, "__notes__", ()) or ():
        path = _child(path, note)
    if isinstance(exc, (ClassValidationError, IterableValidationError)):
        for sub in exc.exceptions:
            yield from translate(sub, locations, file, path)
        return
    if isinstance(exc, ForbiddenExtraKeysError):
        known = [f.name for f in attrs.fields(exc.cl)] if attrs.has(exc.cl) else []
        for key in sorted(exc.extra_fields, key=str):
            kpath = key_part(path, key)
            close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
            if close:
                fix_th, fix_en = f"หมายถึง \"{close[0]}\" หรือไม่", f"did you mean \"{close[0]}\"?"
            else:
                fix_th = "ลบช่องนี้ออก (ช่องที่ใช้ได้: " + ", ".join(known) + ")"
                fix_en = "remove it (known keys: " + ", ".join(known) + ")"
            line, col = locate(locations, kpath)
            yield _issue("unknown-key", f"ไม่รู้จักช่อง \"{key}\"", f"unknown key \"{key}\"",
                         fix_th, fix_en, file, kpath, line, col)
        return
    if isinstance(exc, KeyError) and exc.args and isinstance(exc.args[0], str) and path.endswith(exc.args[0]):
        # a required attribute is missing: cattrs notes name the attribute, place it at its parent
        name = exc.args[0]
        line, col = locate(locations, _parent(path))
        yield _issue("missing-field", f"ไม่มีช่อง \"{name}\" ที่ต้องระบุ",
                     f"required field \"{name}\" is missing",
                     f"เพิ่มช่อง {name}: ตามรูปแบบใน docs/plan-file.md",
                     f"add {name}: as docs/plan-file.md shows", file, path, line, col)
        return
    line, col = locate(locations, path)
    if isinstance(exc, FieldProblem):
        yield _issue(exc.code, exc.message_th, exc.message_en, exc.fix_th, exc.fix_en, file, path,
                     line, col)
        return
    yield _issue("wrong-type", f"ค่าไม่ถูกต้อง: {exc}", f"invalid value: {exc}",
                 "แก้ค่าให้ตรงตามรูปแบบใน docs/plan-file.md",
                 "correct the value as docs/plan-file.md describes", file, path, line, col)
