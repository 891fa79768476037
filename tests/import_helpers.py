"""Helpers of the import tests: the model as the documents show it, and the reference's
corrections list."""

from __future__ import annotations

import os
import re
from decimal import Decimal

from antong_reports.model import plan as m
from antong_reports.thai.text import arabic_digits

#: examples per generated-plan round trip: modest by default (the suite stays fast);
#: ANTONG_IMPORT_EXAMPLES=500 for a deeper run
EXAMPLES = int(os.environ.get("ANTONG_IMPORT_EXAMPLES", "25"))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def steps_shape(steps, depth: int = 1):
    """Steps as (text, bullet, children); a bullet mark at depth ≥ 3 prints as every step there
    does ("-"), so it is not part of what a document can show."""
    return tuple((squash(s.text), s.bullet and depth < 3, steps_shape(s.steps, depth + 1))
                 for s in steps)


def _preface(plan: m.Plan) -> list[str]:
    """The preface as the document prints it: its last paragraph ends with the lead-in to the
    generated list of parts (added when the plan's text lacks it)."""
    intro = "ประกอบด้วย ๓ ส่วน ดังนี้"
    paragraphs = list(plan.preface)
    if paragraphs and not arabic_digits(squash(paragraphs[-1])).endswith(arabic_digits(squash(intro))):
        paragraphs[-1] = f"{paragraphs[-1].rstrip()} {intro}"
    elif not paragraphs:
        paragraphs = [intro]
    return paragraphs


def shown(plan: m.Plan) -> dict:
    """Everything of a plan that its Word document shows (ids, slug, quarters, target categories,
    district and province are not printed), in a comparable form."""
    projects = []
    for n in plan.numbered():
        p = n.project
        tg = p.target_group
        projects.append({
            "kind": p.kind, "name": squash(p.name), "code": p.code,
            "rationale": tuple(squash(t) for t in p.rationale),
            "objectives": tuple(squash(t) for t in p.objectives),
            "target": (squash(tg.description), tg.count, tg.unit if tg.count is not None else None)
            if tg else None,
            "steps": steps_shape(p.steps),
            "years": tuple(plan.project_years(p)),
            "budget": {y: f"{Decimal(v):.2f}" for y, v in p.budget.items() if v},
            "responsible": squash(p.responsible),
            "outputs": tuple(squash(t) for t in p.outputs),
            "outcomes": tuple(squash(t) for t in p.outcomes),
            "remark": squash(p.remark),
        })
    names = {p.id: p.name for p in plan.projects}
    return {
        "title": plan.title, "org": (plan.organization.name, plan.organization.kind),
        "years": (plan.first_year, plan.last_year),
        "preface": tuple(squash(t) for t in _preface(plan)),
        "closing": tuple(squash(t) for t in plan.preface_closing),
        "signed": (plan.signed_place or plan.organization.name, plan.signed_month, plan.signed_year_be),
        "risks": tuple((squash(r.process_step), tuple(squash(i) for i in r.risk_issues), r.risk_level,
                        tuple(squash(names.get(c.project, c.text) if c.project else c.text)
                              for c in r.control_measures)) for r in plan.risks),
        "rationale": tuple(squash(t) for t in plan.rationale),
        "objectives": tuple(squash(t) for t in plan.objectives),
        "targets": tuple(squash(t) for t in plan.targets),
        "target_table": tuple((squash(r.label), tuple(sorted((y, squash(v)) for y, v in r.values.items())))
                              for r in plan.target_table),
        "benefits": tuple(squash(t) for t in plan.benefits),
        "projects": projects,
    }


def corrected_lines() -> set[str]:
    """The reference lines docs/corrections.md lists (cells split, "- " and labels dropped),
    squashed."""
    from test_fidelity import LABEL, corrections

    out = set()
    for line in corrections():
        for cell in line.split("\t"):
            cell = re.sub(r"^- ", "", cell.strip())
            out.add(squash(LABEL.sub("", cell)))
    return {c for c in out if c}


def _flat(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, (tuple, list)):
        return [x for v in value for x in _flat(v)]
    if value is None or isinstance(value, (bool, int)):
        return []
    return [str(value)]


PART3_FIELDS = ("name", "rationale", "objectives", "target", "steps", "responsible", "outputs",
                "outcomes")


def part3_differences(imported: m.Plan, sample: m.Plan) -> list[tuple[int, str, str]]:
    """(sheet, field, text) for every Part 3 text of ``imported`` the sample does not hold; each
    must be, or hold, a line docs/corrections.md lists."""
    listed = corrected_lines()
    a, b = shown(imported), shown(sample)
    out = []
    for n, (x, y) in enumerate(zip(a["projects"], b["projects"]), start=1):
        for key in PART3_FIELDS:
            if x[key] == y[key]:
                continue
            for text in set(_flat(x[key])) - set(_flat(y[key])):
                assert any(c in text for c in listed if len(c) > 8), (n, key, text)
                out.append((n, key, text))
    return out


#: the documented corrections of Part 3: the responsible units of sheets 1, 3, 4, 5, 6, 11 and
#: sheet 8's template placeholder
DOCUMENTED = [(1, "responsible"), (3, "responsible"), (4, "responsible"), (5, "responsible"),
              (6, "responsible"), (8, "steps"), (11, "responsible")]
