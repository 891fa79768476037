"""antong-reports: Thai local-government anti-corruption action plans as official documents.

The package follows the data::

    sources/  ──▶  model/  ──▶  validate/  ──▶  compose/  ──▶  render/  ──▶  build, pack, cli
    (plan files,   (plan,       (checks with     (document      (DOCX, PDF,
     workbooks)     framework,   places)          tree, once)     XLSX visitors)
                    progress)

with ``thai/`` (Thai text and the PDF typesetter) and ``common/`` (errors, settings, bundled files)
below them all. The public API is importable from here: :func:`load_plan`, the model classes, and
the modules ``validate``, ``build`` and ``pack``. Names are loaded on first use, so importing the
package (``--version``) stays cheap.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_LAZY = {
    "load_plan": "antong_reports.sources",
    "load_and_validate": "antong_reports.validate",
    "check_file": "antong_reports.validate",
    "PlanFileError": "antong_reports.common.errors",
    "PlanInvalid": "antong_reports.common.errors",
    "Issue": "antong_reports.common.errors",
    "Settings": "antong_reports.common.settings",
}
_MODEL = ("ControlMeasure", "Organization", "OrgKind", "Plan", "Project", "ProjectKind", "RiskItem",
          "RiskLevel", "Step", "TargetCategory", "TargetGroup", "TargetRow")
_LAZY.update({name: "antong_reports.model" for name in _MODEL})

__all__ = ["__version__", "build", "pack", "validate", *_LAZY]


def __getattr__(name: str):
    if name in ("build", "pack", "cli", "validate"):
        return importlib.import_module(f"antong_reports.{name}")
    target = _LAZY.get(name)
    if target is None:
        raise AttributeError(f"module 'antong_reports' has no attribute {name!r}")
    value = getattr(importlib.import_module(target), name)
    globals()[name] = value
    return value
