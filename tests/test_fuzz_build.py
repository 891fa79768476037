"""validate ≡ build, as a property: every generated plan either fails validation with the
project's own error, or builds in every format (DOCX, XLSX, PDF) without a generator failing.

The default profile runs a few examples; ``--hypothesis-profile=long`` runs 10,000."""

from __future__ import annotations

from hypothesis import given, strategies as st

from antong_reports.build import load_generator
from antong_reports.common.errors import PlanFileError
from antong_reports.common.settings import Settings
from antong_reports.sources.reader import structure_plan
from antong_reports.validate.plan import validate
from fuzz_progress import Progress
from strategies import plan_data, plans

FORMATS = ("docx", "xlsx", "pdf")
#: with ANTONG_FUZZ_PROGRESS=FILE, a long run appends its counts there every 25 examples
_PROGRESS = Progress("build")
_count = _PROGRESS.count


def _build_every_format(plan, settings: Settings) -> None:
    for fmt in FORMATS:
        files = load_generator(fmt)(plan, settings)
        assert files and all(isinstance(v, bytes) and v for v in files.values()), fmt


@given(plan_data(), st.booleans())
def test_every_plan_is_refused_or_builds_in_every_format(data, thai_digits):
    try:
        plan = structure_plan(data, {}, "fuzz.yaml")
    except PlanFileError as exc:
        assert exc.issues and all(i.is_error and i.code for i in exc.issues)
        _count("refused-reading")
        return
    issues = validate(plan, "fuzz.yaml")
    if any(i.is_error for i in issues):
        assert all(i.path or i.code in ("no-projects",) for i in issues if i.is_error)
        _count("refused-validation")
        return
    _build_every_format(plan, Settings(thai_digits=thai_digits))
    _count("built")


@given(plans(max_projects=3))
def test_valid_plans_build_in_every_format(plan):
    _build_every_format(plan, Settings())
