"""Round trip: build a plan's Word document, import it, get the same plan back (what the document
shows: ids, slug, quarters, target categories, district and province are not printed).

The property runs on the bundled sample and on generated plans (tests/strategies.py)."""

from __future__ import annotations

import re

import attrs

from hypothesis import HealthCheck, given, settings as hsettings

from antong_reports.common.settings import Settings
from antong_reports.model import plan as m
from antong_reports.model.framework import framework_2566_2570
from antong_reports.render.docx import generate
from antong_reports.sources.importer import import_docx_bytes
from antong_reports.sources.importer.parse import split_label
from antong_reports.validate.plan import validate

from import_helpers import EXAMPLES, shown, squash
from strategies import plans


def docx_of(plan: m.Plan, settings: Settings = Settings()) -> bytes:
    return next(iter(generate(plan, settings).values()))


def test_sample_round_trip(sample_plan):
    result = import_docx_bytes(docx_of(sample_plan), "sample.docx")
    assert shown(result.plan) == shown(sample_plan)
    assert not [i for i in validate(result.plan) if i.is_error]
    # what the import could not know is reported, not invented silently
    codes = {f.code for f in result.findings}
    assert "kind-guessed" in codes and "several-targets" in codes
    assert not codes & {"part2-part3-name", "part2-part3-budget", "part2-part3-order",
                        "number-repeated", "total-differs", "count-differs"}


def test_sample_round_trip_arabic_digits(sample_plan):
    from antong_reports.thai.text import arabic_digits

    result = import_docx_bytes(docx_of(sample_plan, Settings(thai_digits=False)), "arabic.docx")
    got, want = shown(result.plan), shown(sample_plan)
    assert arabic_digits(repr(got)) == arabic_digits(repr(want))


# --------------------------------------------------------------------------- generated plans
# whole plans from tests/strategies.py (the strategies every format is fuzzed with)


#: a Thai mark or vowel typed twice in a row: the import drops the repeat as a typing slip
#: (reported as "normalised"), so such a plan cannot come back unchanged
_DOUBLED_MARK = re.compile("([\u0e31\u0e33-\u0e3a\u0e47-\u0e4e])\\1")


def plan_shown(plan: m.Plan) -> dict:
    """What the document shows, plus the sub-item titles it prints that differ from the
    framework's; a project's years as the document lists them (in order), the signing place
    with its spaces as any spaces."""
    out = shown(plan)
    fw = framework_2566_2570()
    used = {p.code for p in plan.projects}
    out["sub_items"] = sorted((s.code, s.title) for s in plan.sub_items
                              if s.code in used and (fw.get(s.code) is None or fw.get(s.code).title != s.title))
    for p in out["projects"]:
        p["years"] = tuple(sorted(p["years"]))
    place, month, year = out["signed"]
    out["signed"] = (squash(place), month, year)
    return out


def _lone_item_like_a_label(plan: m.Plan) -> bool:
    """A project's only output or outcome starts like list numbering ("(1) …", "1. …", "- …"):
    the document prints a lone item without a number of its own, so nothing tells that start
    from the numbering a typist puts before a lone item, which the import drops — rightly, for
    the hand-typed plans it exists for."""
    return any(len(items) == 1 and split_label(items[0])[0] is not None
               for p in plan.projects for items in (p.outputs, p.outcomes))


def _a_text_is_a_dash(plan: m.Plan) -> bool:
    """A text that is only a dash: typed plans write "-" for "none" (a target group, a
    responsible unit, a field left empty), so the import reads it so."""
    return bool(re.search(r"'\s*[-–—]\s*'", repr(attrs.asdict(plan))))


def _in_document_form(plan: m.Plan) -> bool:
    """A plan whose document can show all of it: no doubled mark, every sub-item it uses titled
    (by the framework or the plan), no lone item that reads as numbered, no text that is a dash."""
    return (not _DOUBLED_MARK.search(repr(attrs.asdict(plan)))
            and not _lone_item_like_a_label(plan) and not _a_text_is_a_dash(plan)
            and not any(i.code == "unknown-sub-item" for i in validate(plan)))


@hsettings(max_examples=EXAMPLES, deadline=None,
           suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                  HealthCheck.data_too_large])
@given(plans(years=(2566, 2570), titled=True).filter(_in_document_form))
def test_generated_plans_round_trip(plan):
    result = import_docx_bytes(docx_of(plan), "generated.docx")
    assert plan_shown(result.plan) == plan_shown(plan)
