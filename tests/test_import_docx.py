"""Round trip: build a plan's Word document, import it, get the same plan back (what the document
shows: ids, slug, quarters, target categories, district and province are not printed).

The property runs on the bundled sample and on generated plans (a strategy of this module; to be
replaced by tests/strategies.py once that lands)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from antong_reports.common.settings import Settings
from antong_reports.model import plan as m
from antong_reports.model.framework import framework_2566_2570
from antong_reports.render.docx import generate
from antong_reports.sources.importer import import_docx_bytes
from antong_reports.validate.plan import validate

from import_helpers import shown


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

WORDS = ("การ", "พัฒนา", "ความรู้", "บุคลากร", "ท้องถิ่น", "โปร่งใส", "คุณธรรม", "ประชาชน", "ส่งเสริม",
         "ตรวจสอบ", "จริยธรรม", "เครือข่าย", "เยาวชน", "ข้อมูล", "เผยแพร่", "ร้องเรียน", "ระบบ", "งาน",
         "บริการ", "สำนักปลัด", "กองคลัง", "แผน", "สภา", "ชุมชน", "ITA", "online", "และ", "ของ", "ใน")
FIRST = tuple(w for w in WORDS if w not in ("และ", "ของ", "ใน"))


@st.composite
def sentences(draw, min_words: int = 1, max_words: int = 8) -> str:
    first = draw(st.sampled_from(FIRST))
    rest = draw(st.lists(st.sampled_from(WORDS), min_size=min_words - 1, max_size=max_words - 1))
    seps = draw(st.lists(st.sampled_from(("", " ")), min_size=len(rest), max_size=len(rest)))
    text = first
    for sep, w in zip(seps, rest):
        text += (" " if not (w[0] >= "\u0e00" and text[-1] >= "\u0e00") else sep) + w
    return text


def texts(max_size: int = 3, min_size: int = 0):
    return st.lists(sentences(), min_size=min_size, max_size=max_size)


@st.composite
def steps(draw, depth: int = 1):
    n = draw(st.integers(0 if depth > 1 else 0, 4 if depth == 1 else 2))
    out = []
    for _ in range(n):
        children = draw(steps(depth + 1)) if depth < 3 and draw(st.booleans()) else ()
        bullet = draw(st.booleans()) if depth < 3 and draw(st.integers(0, 3)) == 0 else False
        out.append(m.Step(text=draw(sentences()), steps=children, bullet=bullet))
    return tuple(out)


CODES = tuple(i.code for i in framework_2566_2570().items if i.code.count(".") >= 1)
AMOUNTS = st.one_of(st.integers(1, 500_000).map(Decimal),
                    st.integers(1, 5_000_000).map(lambda n: Decimal(n) / 100))


@st.composite
def projects(draw, k: int, years: tuple[int, ...]):
    kind = draw(st.sampled_from(list(m.ProjectKind)))
    name = kind.value + draw(st.sampled_from(("", " "))) + draw(sentences(1, 6))
    pyears = draw(st.one_of(st.just(()), st.lists(st.sampled_from(years), min_size=1,
                                                    max_size=len(years), unique=True).map(sorted)))
    run = tuple(pyears) or years
    mode = draw(st.integers(0, 2))
    if mode == 0:
        budget = {}
    elif mode == 1:
        amount = draw(AMOUNTS)
        budget = {y: amount for y in run}
    else:
        budget = {y: draw(AMOUNTS) for y in draw(st.lists(st.sampled_from(run), min_size=1, unique=True))}
    target = None
    if draw(st.booleans()):
        target = m.TargetGroup(description=draw(sentences()),
                               count=draw(st.one_of(st.none(), st.integers(1, 5000))),
                               unit=draw(st.sampled_from(("คน", "ครัวเรือน", "แห่ง"))))
    return m.Project(
        id=f"p{k}", kind=kind, name=name, code=draw(st.sampled_from(CODES)),
        rationale=draw(texts()), objectives=draw(texts()), target_group=target,
        steps=draw(steps()), years=tuple(pyears), budget=budget,
        responsible=draw(st.one_of(st.just(""), sentences(1, 4))),
        outputs=draw(texts()), outcomes=draw(texts()),
        remark=draw(st.one_of(st.just(""), sentences(1, 3))))


@st.composite
def plans(draw):
    kind = draw(st.sampled_from(list(m.OrgKind)))
    prefix = {m.OrgKind.PAO: "องค์การบริหารส่วนจังหวัด", m.OrgKind.SAO: "องค์การบริหารส่วนตำบล"}.get(
        kind, kind.value)
    org_name = prefix + draw(st.sampled_from(("บางปลา", "หนองแค", "ท่าช้าง", "โพธิ์ทอง", "วังน้อย")))
    first, last = 2566, 2570
    years = tuple(range(first, last + 1))
    n = draw(st.integers(1, 8))
    projs = tuple(draw(projects(k, years)) for k in range(n))
    risks = []
    for _ in range(draw(st.integers(0, 2))):
        measures = tuple(
            m.ControlMeasure(project=draw(st.sampled_from(projs)).id) if draw(st.booleans())
            else m.ControlMeasure(text=draw(sentences())) for _ in range(draw(st.integers(0, 3))))
        risks.append(m.RiskItem(process_step=draw(sentences()), risk_issues=draw(texts(3, 1)),
                                risk_level=draw(st.sampled_from(list(m.RiskLevel))),
                                control_measures=measures))
    target_table = tuple(
        m.TargetRow(label=draw(sentences()),
                    values={y: draw(sentences(1, 2)) for y in draw(st.lists(st.sampled_from(years),
                                                                          unique=True))})
        for _ in range(draw(st.integers(0, 2))))
    used = sorted({p.code for p in projs if p.code.count(".") == 2})
    subs = tuple(m.SubItem(c, draw(sentences(2, 6))) for c in used if draw(st.integers(0, 3)) == 0)
    return m.Plan(
        slug="generated", title="แผนปฏิบัติการป้องกันการทุจริตเพื่อยกระดับคุณธรรมและความโปร่งใส",
        organization=m.Organization(name=org_name, kind=kind, district="เมือง", province="อ่างทอง"),
        first_year=first, last_year=last, projects=projs,
        preface=draw(texts(2)), preface_closing=draw(texts(1)),
        signed_place=draw(st.one_of(st.just(""), st.just(org_name))),
        signed_month=draw(st.integers(1, 12)), signed_year=draw(st.sampled_from((0, 2565))),
        risks=tuple(risks), rationale=draw(texts()), objectives=draw(texts()),
        targets=draw(texts()), target_table=target_table, benefits=draw(texts()), sub_items=subs)


def plan_shown(plan: m.Plan) -> dict:
    """What the document shows, plus the sub-item titles it prints that differ from the
    framework's."""
    out = shown(plan)
    fw = framework_2566_2570()
    used = {p.code for p in plan.projects}
    out["sub_items"] = sorted((s.code, s.title) for s in plan.sub_items
                              if s.code in used and (fw.get(s.code) is None or fw.get(s.code).title != s.title))
    return out


@hsettings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_generated_plans_round_trip(plan):
    result = import_docx_bytes(docx_of(plan), "generated.docx")
    assert plan_shown(result.plan) == plan_shown(plan)
