"""The model: the plan (``plan``), the official framework and its data (``framework``, ``data/``)
and the progress records (``progress``). Everything derived — numbering, groups, totals,
counts — is computed here, once."""

from antong_reports.model.framework import Framework, FrameworkItem, framework_2566_2570
from antong_reports.model.plan import (ControlMeasure, DimensionGroup, MissionGroup, Numbered,
                                       Organization, OrgKind, Plan, Project, ProjectKind, RiskItem,
                                       RiskLevel, Step, SubItem, SubItemGroup, TargetCategory,
                                       TargetGroup, TargetRow)

__all__ = ["ControlMeasure", "DimensionGroup", "Framework", "FrameworkItem", "MissionGroup",
           "Numbered", "OrgKind", "Organization", "Plan", "Project", "ProjectKind", "RiskItem",
           "RiskLevel", "Step", "SubItem", "SubItemGroup", "TargetCategory", "TargetGroup",
           "TargetRow", "framework_2566_2570"]
