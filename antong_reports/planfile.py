"""Plan files (YAML or JSON) ⇄ the model.

Keys are the model's attribute names. Shorthands people write by hand:

* a step may be a plain string instead of ``{text: ..., steps: [...]}``;
* a control measure may be a plain string (free text) or ``{project: id}``;
* amounts may be integers or strings ("32580", "32,580.00").
"""

from __future__ import annotations

import enum
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import cattrs
import yaml

from . import model
from .thaitext import to_decimal


def _decimal(value: Any, _type: Any = None) -> Decimal:
    if isinstance(value, float):
        # YAML floats: keep the written value, never binary noise (32580.5 → "32580.5")
        value = repr(value)
    try:
        return to_decimal(value)
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise ValueError(f"not an amount: {value!r}") from exc


def _step(value: Any, _type: Any = None) -> model.Step:
    if isinstance(value, str):
        return model.Step(text=value)
    if isinstance(value, dict):
        return model.Step(text=value["text"], steps=tuple(_step(s) for s in value.get("steps") or ()))
    raise TypeError(f"a step is a string or a mapping with 'text', not {type(value).__name__}")


def _measure(value: Any, _type: Any = None) -> model.ControlMeasure:
    if isinstance(value, str):
        return model.ControlMeasure(text=value)
    if isinstance(value, dict):
        return model.ControlMeasure(text=value.get("text", "") or "", project=value.get("project"))
    raise TypeError(f"a control measure is a string or a mapping, not {type(value).__name__}")


def make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    conv.register_structure_hook(Decimal, _decimal)
    conv.register_unstructure_hook(Decimal, _unstructure_decimal)
    conv.register_structure_hook(model.Step, _step)
    conv.register_unstructure_hook(model.Step, _unstructure_step)
    conv.register_structure_hook(model.ControlMeasure, _measure)
    conv.register_unstructure_hook(model.ControlMeasure, _unstructure_measure)
    return conv


def _unstructure_decimal(d: Decimal) -> int | str:
    return int(d) if d == d.to_integral_value() else str(d)


def _unstructure_step(s: model.Step) -> Any:
    if not s.steps:
        return s.text
    return {"text": s.text, "steps": [_unstructure_step(c) for c in s.steps]}


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
    import attrs

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


def load_plan(path: str | Path) -> model.Plan:
    """Read a plan file (YAML or JSON). Raises :class:`~antong_reports.errors.PlanFileError`."""
    from .loader import read_plan_file  # robust reading with line numbers

    return read_plan_file(Path(path))


def dump_plan_yaml(plan: model.Plan) -> str:
    """The plan as YAML text that loads back to an equal plan."""
    return yaml.dump(plan_to_data(plan), allow_unicode=True, sort_keys=False, width=100,
                     Dumper=_Dumper)


def dump_plan_json(plan: model.Plan) -> str:
    return json.dumps(plan_to_data(plan), ensure_ascii=False, indent=2)


class _Dumper(yaml.SafeDumper):
    pass


def _str_presenter(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str_presenter)
