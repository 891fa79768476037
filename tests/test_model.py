"""The model's derived values: totals, numbering and groups, on the mini plan, the sample and
random plans."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from antong_reports.model.framework import framework_2566_2570
from antong_reports.model.plan import (Organization, OrgKind, Plan, Project, ProjectKind, Step,
                                       TargetGroup)


def test_mini_totals(mini_plan):
    assert mini_plan.years == (2566, 2567, 2568, 2569, 2570)
    assert mini_plan.totals() == {2566: 10000, 2567: 10000, 2568: 0, 2569: 0, 2570: 0}
    assert mini_plan.totals("1") == mini_plan.totals()
    assert mini_plan.totals("2") == dict.fromkeys(mini_plan.years, Decimal(0))
    assert mini_plan.grand_total == Decimal(20000)
    p1, p2 = mini_plan.projects
    assert p1.uses_budget and not p2.uses_budget
    assert p1.amount(2568) == 0 and p1.total_budget == 20000
    assert (p1.dimension_code, p1.mission_code, p1.sub_item_code) == ("1", "1.1", "1.1.1")
    assert (p2.dimension_code, p2.mission_code, p2.sub_item_code) == ("2", "2.1", None)


def test_mini_numbering_and_groups(mini_plan):
    assert [(n.number, n.project.id) for n in mini_plan.numbered()] == [(1, "p1"), (2, "p2")]
    assert mini_plan.number_of("p2") == 2
    groups = mini_plan.groups()
    assert [g.item.code for g in groups] == ["1", "2", "3", "4"]
    assert [len(g.projects) for g in groups] == [1, 1, 0, 0]
    (m2,) = groups[1].missions
    assert m2.item.code == "2.1" and m2.sub_items[0].item is None
    steps = [s.text for s in mini_plan.projects[0].steps[1].walk()]
    assert steps == ["ดำเนินการ", "อบรม", "ประเมิน", "แบบสอบถาม"]
    assert mini_plan.projects[0].target_group.text() == "บุคลากร จำนวน ๕๐ คน"


def test_sample_totals(sample_plan):
    years = (2566, 2567, 2568, 2569, 2570)
    assert sample_plan.years == years
    per_dimension = {"1": 75160, "2": 0, "3": 264000, "4": 0}
    for dim, amount in per_dimension.items():
        assert sample_plan.totals(dim) == dict.fromkeys(years, Decimal(amount))
    assert sample_plan.totals() == dict.fromkeys(years, Decimal(339160))
    assert sample_plan.grand_total == 5 * 339160
    assert [sample_plan.count(d) for d in "1234"] == [8, 12, 4, 3]
    assert sample_plan.count() == 27


def test_sample_numbering(sample_plan):
    numbered = sample_plan.numbered()
    assert [n.number for n in numbered] == list(range(1, 28))
    codes = [tuple(int(x) for x in n.project.code.split(".")) for n in numbered]
    assert codes == sorted(codes)
    groups = sample_plan.groups()
    assert [len(g.projects) for g in groups] == [8, 12, 4, 3]
    assert [n.number for g in groups for n in g.projects] == list(range(1, 28))
    assert len({p.id for p in sample_plan.projects}) == 27


# --------------------------------------------------------------------------- random plans

_CODES = [i.code for i in framework_2566_2570().items if i.level >= 2]
_YEARS = (2566, 2567, 2568, 2569, 2570)
_amount = st.decimals(min_value=0, max_value=Decimal("9999999.99"), places=2,
                      allow_nan=False, allow_infinity=False)


@st.composite
def plans(draw):
    n = draw(st.integers(min_value=1, max_value=25))
    projects = []
    for i in range(n):
        budget = draw(st.dictionaries(st.sampled_from(_YEARS), _amount, max_size=5))
        projects.append(Project(
            id=f"p{i}", kind=draw(st.sampled_from(list(ProjectKind))), name=f"โครงการ {i}",
            code=draw(st.sampled_from(_CODES)), budget=budget,
            target_group=TargetGroup("ประชาชน", draw(st.none() | st.integers(0, 5000))),
            steps=(Step("ขั้นตอน", (Step("ย่อย"),)),),
        ))
    return Plan(slug="random", title="แผน", organization=Organization("อบต.ทดสอบ", OrgKind.SAO, "เมือง", "อ่างทอง"),
                first_year=2566, last_year=2570, projects=tuple(projects))


@given(plans())
@settings(max_examples=150, deadline=None)
def test_grand_total_is_the_sum_of_dimension_totals(plan):
    dims = [d.code for d in plan.framework.dimensions()]
    by_dimension = sum((sum(plan.totals(d).values(), Decimal(0)) for d in dims), Decimal(0))
    assert plan.grand_total == by_dimension
    assert plan.grand_total == sum((p.total_budget for p in plan.projects), Decimal(0))
    for year in plan.years:
        assert plan.total(year) == sum((plan.total(year, d) for d in dims), Decimal(0))
    assert sum(plan.count(d) for d in dims) == len(plan.projects)
    assert sum(plan.count(kind=k) for k in ProjectKind) == len(plan.projects)


@given(plans())
@settings(max_examples=100, deadline=None)
def test_numbering_is_a_stable_permutation(plan):
    numbered = plan.numbered()
    assert [n.number for n in numbered] == list(range(1, len(plan.projects) + 1))
    assert sorted(n.project.id for n in numbered) == sorted(p.id for p in plan.projects)
    keys = [tuple(int(x) for x in n.project.code.split(".")) for n in numbered]
    assert keys == sorted(keys)
    # within one code, file order is kept
    for code in set(p.code for p in plan.projects):
        in_file = [p.id for p in plan.projects if p.code == code]
        assert [n.project.id for n in numbered if n.project.code == code] == in_file
    # groups hold every numbered project once, in number order
    assert [n.number for g in plan.groups() for n in g.projects] == [n.number for n in numbered]


@given(plans())
@settings(max_examples=50, deadline=None)
def test_dump_and_load_gives_an_equal_plan(plan):
    from antong_reports.sources.reader import parse_text, structure_plan
    from antong_reports.sources.planfile import dump_plan_json, dump_plan_yaml

    for text in (dump_plan_yaml(plan), dump_plan_json(plan)):
        data, locations = parse_text(text)
        assert structure_plan(data, locations) == plan


def test_plans_are_immutable(mini_plan):
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        mini_plan.slug = "x"  # type: ignore[misc]
