"""Plan files (YAML or JSON) ⇄ the model.

Keys are the model's attribute names. Shorthands people write by hand:

* a step may be a plain string instead of ``{text: ..., steps: [...]}``;
* a control measure may be a plain string (free text) or ``{project: id}``;
* amounts may be integers or strings of Thai or Arabic digits ("32580", "32,580.00", "๓๒,๕๘๐");
  a YAML float (``32580.50``) is read from its written text, never through binary floating point.

Structuring is strict: a list where text is expected, text where a list is expected, an unknown key
or a value outside a fixed choice raises an error that :mod:`antong_reports.sources.reader` turns into an
:class:`~antong_reports.common.errors.Issue` with the field path and line.
"""

from __future__ import annotations

import difflib
import enum
import json
import re
import typing
from decimal import Decimal, InvalidOperation
from typing import Any

import attrs
import cattrs
import cattrs.gen
import yaml
from cattrs.errors import IterableValidationError, IterableValidationNote

from antong_reports.model import plan as model
from antong_reports.thai.text import amount_digits, arabic_digits


class TextInt(int):
    """An integer read from a plan file, remembering the text it was written as."""

    text: str

    def __new__(cls, value: int, text: str):
        obj = super().__new__(cls, value)
        obj.text = text
        return obj


class TextFloat(float):
    """A YAML/JSON float, remembering the text it was written as (so amounts stay exact)."""

    text: str

    def __new__(cls, value: float, text: str):
        obj = super().__new__(cls, value)
        obj.text = text
        return obj


class FieldProblem(ValueError):
    """A value that cannot become its field: carries a stable code and a Thai/English message."""

    def __init__(self, code: str, message_th: str, message_en: str, fix_th: str = "", fix_en: str = ""):
        super().__init__(message_en)
        self.code = code
        self.message_th = message_th
        self.message_en = message_en
        self.fix_th = fix_th
        self.fix_en = fix_en


def describe(value: Any) -> tuple[str, str]:
    """What a value is, in Thai and English ("ข้อความ"/"text", "รายการ"/"a list", ...)."""
    if value is None:
        return "ค่าว่าง", "nothing (null)"
    if isinstance(value, bool):
        return "ค่าจริง/เท็จ", f"a boolean ({str(value).lower()})"
    if isinstance(value, (int, float, Decimal)):
        return f"ตัวเลข {_shown(value)}", f"a number ({_shown(value)})"
    if isinstance(value, str):
        return f"ข้อความ \"{_short(value)}\"", f"text (\"{_short(value)}\")"
    if isinstance(value, dict):
        return "ชุดข้อมูล (mapping)", "a mapping"
    if isinstance(value, (list, tuple)):
        return "รายการ (list)", "a list"
    return type(value).__name__, type(value).__name__


def _shown(value: Any) -> str:
    return getattr(value, "text", None) or str(value)


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _wrong_type(value: Any, want_th: str, want_en: str, fix_th: str = "", fix_en: str = "") -> FieldProblem:
    got_th, got_en = describe(value)
    return FieldProblem(
        "wrong-type",
        f"ต้องเป็น{want_th} แต่พบ{got_th}",
        f"expected {want_en}, got {got_en}",
        fix_th or f"ใส่ค่าเป็น{want_th}",
        fix_en or f"write {want_en} here",
    )


# --------------------------------------------------------------------------- scalar hooks

def _str(value: Any, _type: Any = None) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (TextInt, TextFloat)):
        return value.text  # "code: 1.10" stays "1.10"; "id: 007" stays "007"
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise _wrong_type(value, "ข้อความ", "text",
                      "ใส่ข้อความ (ถ้าเป็นรายการ ให้รวมเป็นข้อความเดียว)", "write a single text value")


def _bool(value: Any, _type: Any = None) -> bool:
    """true/false (YAML 1.2 spelling); the loader leaves yes/no/on/off as text, never booleans."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise _wrong_type(value, "ค่าจริง/เท็จ (true หรือ false)", "true or false",
                      "เขียน true หรือ false", "write true or false")


_INT_RE = re.compile(r"^[+-]?[0-9]{1,3}(,[0-9]{3})+$|^[+-]?[0-9]+$")


def _int(value: Any, _type: Any = None) -> int:
    if isinstance(value, bool):
        raise _wrong_type(value, "จำนวนเต็ม", "a whole number")
    if isinstance(value, TextInt):
        text = value.text
    elif isinstance(value, int):
        return int(value)
    elif isinstance(value, str):
        text = value
    else:
        raise _wrong_type(value, "จำนวนเต็ม", "a whole number")
    text = arabic_digits(text).strip()
    if not _INT_RE.match(text) or len(text) > 100:
        raise _wrong_type(value, "จำนวนเต็ม", "a whole number",
                          "เขียนเป็นตัวเลขจำนวนเต็ม เช่น 2566", "write whole digits, e.g. 2566")
    return int(text.replace(",", ""))


_AMOUNT_RE = re.compile(r"^-?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?$")


def parse_amount(value: Any) -> Decimal:
    """An amount in baht from a plan file value: exact, not negative, at most 2 decimals."""
    if isinstance(value, bool) or value is None or isinstance(value, (list, dict, tuple)):
        raise _not_amount(value)
    if isinstance(value, Decimal):
        text = str(value)
    elif isinstance(value, (TextInt, TextFloat)):
        text = value.text
    elif isinstance(value, float):
        text = repr(value)
    elif isinstance(value, int):
        text = str(value)
    elif isinstance(value, str):
        text = value
    else:
        raise _not_amount(value)
    text = amount_digits(text).replace("_", "")
    if not _AMOUNT_RE.match(text):
        raise _not_amount(value)
    try:
        d = Decimal(text.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
        raise _not_amount(value) from None
    if d < 0:
        raise FieldProblem(
            "negative-amount",
            f"งบประมาณติดลบ ({text})",
            f"negative amount ({text})",
            "ใส่จำนวนเงินเป็นบาท ไม่ติดลบ (ปีที่ไม่ใช้งบประมาณ ให้ลบปีนั้นออก)",
            "write the amount in baht, zero or more (leave out a year that uses no budget)",
        )
    if -d.as_tuple().exponent > 2 and d != d.quantize(Decimal("0.01")):
        raise FieldProblem(
            "amount-decimals",
            f"จำนวนเงินมีทศนิยมเกิน ๒ ตำแหน่ง ({text})",
            f"amount has more than 2 decimals ({text})",
            "ปัดเศษเป็นสตางค์ (ทศนิยม ๒ ตำแหน่ง)",
            "round to satang (2 decimals)",
        )
    return d


def _not_amount(value: Any) -> FieldProblem:
    got_th, got_en = describe(value)
    return FieldProblem(
        "not-an-amount",
        f"ไม่ใช่จำนวนเงิน: {got_th}",
        f"not an amount: {got_en}",
        "เขียนจำนวนเงินเป็นตัวเลข เช่น 32580 หรือ \"32,580.00\" (ไม่ใช้ตัวหนังสือ)",
        "write the amount as digits, e.g. 32580 or \"32,580.00\" (not in words)",
    )


def _decimal(value: Any, _type: Any = None) -> Decimal:
    return parse_amount(value)


def _enum_hook(cls: type[enum.Enum]):
    labels: dict[str, enum.Enum] = {}
    if cls is model.TargetCategory:
        labels = {label: cat for cat, label in model.TARGET_CATEGORY_LABELS.items()}

    def hook(value: Any, _type: Any = None) -> enum.Enum:
        if isinstance(value, str):
            for member in cls:
                if member.value == value:
                    return member
            if value in labels:
                return labels[value]
        allowed = [m.value for m in cls]
        shown = ", ".join(allowed)
        got_th, got_en = describe(value)
        close = difflib.get_close_matches(str(value), allowed + list(labels), n=1, cutoff=0.5)
        hint_th = f" (หมายถึง \"{close[0]}\" หรือไม่)" if close else ""
        hint_en = f" (did you mean \"{close[0]}\"?)" if close else ""
        raise FieldProblem(
            "bad-choice",
            f"ค่าที่ใช้ไม่ได้: {got_th}{hint_th}",
            f"not one of the allowed values: {got_en}{hint_en}",
            f"ใช้ค่าใดค่าหนึ่ง: {shown}",
            f"use one of: {shown}",
        )

    return hook


# --------------------------------------------------------------------------- containers

def _is_var_tuple(t: Any) -> bool:
    args = typing.get_args(t)
    return typing.get_origin(t) is tuple and len(args) == 2 and args[1] is Ellipsis


def _is_dict(t: Any) -> bool:
    return typing.get_origin(t) is dict


def _index_note(t: Any, index: Any, elem: Any) -> IterableValidationNote:
    return IterableValidationNote(f"Structuring {t} @ index {index!r}", index, elem)


def _key_note(t: Any, key: Any, elem: Any) -> IterableValidationNote:
    return IterableValidationNote(f"Structuring mapping value @ key {key!r}", key, elem)


def _add_note(exc: BaseException, note: Any) -> BaseException:
    exc.__notes__ = [*getattr(exc, "__notes__", []), note]
    return exc


def make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)

    conv.register_structure_hook(str, _str)
    conv.register_structure_hook(int, _int)
    conv.register_structure_hook(bool, _bool)
    conv.register_structure_hook(Decimal, _decimal)
    conv.register_unstructure_hook(Decimal, _unstructure_decimal)
    # each enum of the model by its own class: a str-based enum must not be taken for plain text
    for cls in (model.OrgKind, model.ProjectKind, model.RiskLevel, model.TargetCategory):
        conv.register_structure_hook(cls, _enum_hook(cls))

    conv.register_structure_hook_factory(_is_var_tuple, _tuple_hooks(conv))
    conv.register_structure_hook_factory(_is_dict, _dict_hooks(conv))
    conv.register_structure_hook_factory(attrs.has, _attrs_hooks(conv))

    conv.register_unstructure_hook(model.Step, _unstructure_step)
    conv.register_unstructure_hook(model.ControlMeasure, _unstructure_measure)
    return conv


def _tuple_hooks(conv: cattrs.Converter):
    """The hook factory for tuples: a list of items, each item's error collected with its index."""
    def tuple_factory(t: Any):
        elem = typing.get_args(t)[0]

        def hook(value: Any, _type: Any = None) -> tuple:
            if not isinstance(value, (list, tuple)):
                raise _wrong_type(value, "รายการ (list)", "a list",
                                  "เขียนเป็นรายการ: ขึ้นบรรทัดละรายการด้วย \"- \"",
                                  "write a list: one item per line starting with \"- \"")
            out, errors = [], []
            for i, item in enumerate(value):
                try:
                    out.append(conv.structure(item, elem))
                except Exception as exc:  # noqa: BLE001 - collected with its index
                    errors.append(_add_note(exc, _index_note(t, i, elem)))
            if errors:
                raise IterableValidationError(f"While structuring {t!r}", errors, t)
            return tuple(out)

        return hook

    return tuple_factory


def _dict_hooks(conv: cattrs.Converter):
    """The hook factory for mappings (year: value), each value's error collected with its key."""
    def dict_factory(t: Any):
        key_t, val_t = typing.get_args(t)

        def hook(value: Any, _type: Any = None) -> dict:
            if not isinstance(value, dict):
                raise _wrong_type(value, "ชุดข้อมูลแยกตามปี (mapping)", "a mapping (year: value)",
                                  "เขียนแบบ ปี: ค่า เช่น 2566: 32580", "write year: value, e.g. 2566: 32580")
            out, errors = {}, []
            for k, v in value.items():
                try:
                    out[conv.structure(k, key_t)] = conv.structure(v, val_t)
                except Exception as exc:  # noqa: BLE001 - collected with its key
                    errors.append(_add_note(exc, _key_note(t, k, val_t)))
            if errors:
                raise IterableValidationError(f"While structuring {t!r}", errors, t)
            return out

        return hook

    return dict_factory


def _attrs_hooks(conv: cattrs.Converter):
    """The hook factory for the model's classes: a mapping (a step or a measure may be its text
    alone), any other value a wrong-type error naming the class."""
    def attrs_factory(cl: type):
        inner = cattrs.gen.make_dict_structure_fn(cl, conv, _cattrs_forbid_extra_keys=True,
                                                  _cattrs_detailed_validation=True)
        shorthand = cl in (model.Step, model.ControlMeasure)
        name_th = _CLASS_NAMES_TH.get(cl, cl.__name__)

        def hook(value: Any, _type: Any = None):
            if shorthand and isinstance(value, str):
                value = {"text": value}
            if not isinstance(value, dict):
                extra_th = " หรือข้อความ" if shorthand else ""
                extra_en = " or text" if shorthand else ""
                raise _wrong_type(value, f"ชุดข้อมูล{name_th} (mapping){extra_th}",
                                  f"a mapping ({cl.__name__}){extra_en}",
                                  "เขียนเป็นชุด ชื่อช่อง: ค่า ตามรูปแบบไฟล์แผน",
                                  "write key: value pairs as the plan file format describes")
            return inner(value, cl)

        return hook

    return attrs_factory


_CLASS_NAMES_TH = {
    model.Plan: "แผน",
    model.Organization: "องค์กร",
    model.Project: "โครงการ",
    model.TargetGroup: "กลุ่มเป้าหมาย",
    model.Step: "ขั้นตอน",
    model.RiskItem: "ความเสี่ยง",
    model.ControlMeasure: "มาตรการควบคุม",
    model.TargetRow: "แถวค่าเป้าหมาย",
    model.SubItem: "ภารกิจย่อย",
}


def _unstructure_decimal(d: Decimal) -> int | str:
    return int(d) if d == d.to_integral_value() else str(d)


def _unstructure_step(s: model.Step) -> Any:
    if not s.steps and not s.bullet:
        return s.text
    out: dict[str, Any] = {"text": s.text}
    if s.bullet:
        out["bullet"] = True
    if s.steps:
        out["steps"] = [_unstructure_step(c) for c in s.steps]
    return out


def _unstructure_measure(m: model.ControlMeasure) -> Any:
    if m.project is None:
        return m.text
    out: dict[str, Any] = {"project": m.project}
    if m.text:
        out["text"] = m.text
    return out


CONVERTER = make_converter()


def plan_from_data(data: Any) -> model.Plan:
    """Structure already-parsed data into a Plan (raises cattrs errors on bad shape)."""
    return CONVERTER.structure(data, model.Plan)


def plan_to_data(plan: model.Plan) -> dict[str, Any]:
    """The plan as plain data, keys in model order, defaults left out."""
    return _prune(CONVERTER.unstructure(plan), plan)


def _prune(data: Any, obj: Any) -> Any:
    if attrs.has(type(obj)) and isinstance(data, dict):
        out = {}
        for f in attrs.fields(type(obj)):
            value = getattr(obj, f.name)
            default = f.default
            if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                default = default.factory()
            if default is not attrs.NOTHING and value == default:
                continue
            out[f.name] = _prune(data[f.name], value)
        return out
    if isinstance(data, list) and isinstance(obj, (tuple, list)):
        return [_prune(d, o) for d, o in zip(data, obj)]
    return _plain(data)


def _plain(data: Any) -> Any:
    """Enums (str subclasses that cattrs passes through) as their values, recursively."""
    if isinstance(data, enum.Enum):
        return data.value
    if isinstance(data, dict):
        return {_plain(k): _plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    return data


def dump_plan_yaml(plan: model.Plan) -> str:
    """The plan as YAML text that loads back to an equal plan."""
    return yaml.dump(plan_to_data(plan), allow_unicode=True, sort_keys=False, width=100,
                     Dumper=_Dumper)


def dump_plan_json(plan: model.Plan) -> str:
    """The plan as JSON text (same shape as the YAML file; budget years become string keys)."""
    return json.dumps(plan_to_data(plan), ensure_ascii=False, indent=2)


class _Dumper(yaml.SafeDumper):
    pass


def _str_presenter(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str_presenter)
