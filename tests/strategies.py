"""Hypothesis strategies for whole plans, valid and invalid (shared by every test that fuzzes).

Strategies are built once per set of arguments (cached): hypothesis checks a strategy the first
time it draws from it, and a strategy built anew in every draw made that check most of a fuzz
example's time.

* :func:`plan_data` — raw plan data (the dicts a YAML/JSON file holds). ``valid=True`` draws only
  data meant to pass validation; ``valid=False`` (the default) mixes in every class of bad input the
  project must refuse with its own error: characters no document can hold (control characters,
  surrogates, U+FFFE/FFFF, scripts the PDF font has no glyphs for), texts and words beyond the
  limits, extreme amounts and years, wrong types, duplicate ids, unknown codes.
* :func:`plans` — valid :class:`~antong_reports.model.plan.Plan` objects of varied sizes: Thai
  text, very long words, mixed scripts, extreme but valid amounts and years.
* :func:`texts` — one text value (``valid`` as above).

Typical use::

    from strategies import plans, plan_data

    @given(plans())
    def test_something(plan): ...
"""

from __future__ import annotations

import functools
from typing import Any

from hypothesis import strategies as st

from antong_reports.model.framework import framework_2566_2570
from antong_reports.validate.limits import MAX_YEAR_BE, MIN_YEAR_BE

# --------------------------------------------------------------------------- text

#: common words of real plans (so segmentation and line breaking see dictionary words)
THAI_WORDS = (
    "โครงการ", "กิจกรรม", "มาตรการ", "การ", "ป้องกัน", "ทุจริต", "คุณธรรม", "ความโปร่งใส", "บุคลากร",
    "องค์กร", "ปกครอง", "ส่วนท้องถิ่น", "เทศบาล", "ประชาชน", "ส่งเสริม", "พัฒนา", "อบรม", "ความรู้",
    "กฎหมาย", "ระเบียบ", "ปฏิบัติงาน", "เผยแพร่", "ข้อมูล", "ข่าวสาร", "จัดซื้อจัดจ้าง", "ตรวจสอบ",
    "ผู้บริหาร", "สภา", "ท้องถิ่น", "เจตจำนง", "สุจริต", "ประเมิน", "ผล", "ร้อยละ", "ครั้ง", "คน", "ปี",
    "ๆ", "ฯ", "น้ำ", "ผู้ใหญ่", "เด็ก", "เยาวชน", "โรงเรียน", "ศูนย์", "ยุติธรรม", "ชุมชน", "ใส่ใจ",
)
LATIN_WORDS = ("ITA", "E-PlanNACC", "NACC", "LPA", "www.nacc.go.th", "e-mail", "Facebook", "Line",
               "COVID-19", "PDPA", "Smart", "City", "Việt", "Ngữ", "café", "naïve", "Straße")
DIGITS = "0123456789๐๑๒๓๔๕๖๗๘๙"
#: punctuation the documents meet in real plans
PUNCT = ".,:;()/-–—\"'“”‘’…%+=*&!?[]_#@"
THAI_LETTERS = "".join(chr(c) for c in range(0x0E01, 0x0E2F))
THAI_MARKS = "\u0E31\u0E34\u0E35\u0E36\u0E37\u0E38\u0E39\u0E47\u0E48\u0E49\u0E4A\u0E4B\u0E4C"
THAI_VOWELS = "\u0E30\u0E32\u0E33\u0E40\u0E41\u0E42\u0E43\u0E44"

#: characters each document format cannot hold, or that Sarabun has no glyph for
BAD_CHARACTERS = (
    "\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x85", "\x9f",
    "\ud800", "\udfff", "\ufffe", "\uffff", "\U0010fffe",
    "😀", "🇹🇭", "中", "文", "한", "ا", "ש", "ሀ", "अ", "က", "ກ", "ខ", "∰", "\U0001d49c", "\ue000",
)


#: every Thai syllable of a leading vowel (or none), a consonant and a mark or following vowel
#: (or none): drawn as one choice, not three
SYLLABLES = tuple(v + c + m for v in ("",) + tuple(THAI_VOWELS[3:]) for c in THAI_LETTERS
                  for m in ("",) + tuple(THAI_MARKS) + tuple(THAI_VOWELS[:3]))


def _thai_syllable() -> st.SearchStrategy[str]:
    return st.sampled_from(SYLLABLES)


@functools.lru_cache(maxsize=None)
def words(valid: bool = True, long: bool = True) -> st.SearchStrategy[str]:
    """One word: Thai dictionary words, Thai syllables, Latin words, numbers, punctuation; with
    ``long``, words of up to 300 letters without a space (Thai, Latin or both mixed)."""
    parts = [
        st.sampled_from(THAI_WORDS),
        st.lists(_thai_syllable(), min_size=1, max_size=4).map("".join),
        st.sampled_from(LATIN_WORDS),
        st.text(DIGITS, min_size=1, max_size=12),
        st.text(PUNCT, min_size=1, max_size=3),
    ]
    if long:
        parts.append(st.lists(st.one_of(st.sampled_from(THAI_WORDS), st.sampled_from(LATIN_WORDS),
                                        st.text(DIGITS + PUNCT, min_size=1, max_size=4)),
                              min_size=5, max_size=40).map("".join))
        parts.append(st.builds(lambda c, n: c * n, st.sampled_from("กขAWม๑ก้ำ"),
                               st.integers(20, 300)))
    if not valid:
        parts.append(st.sampled_from(BAD_CHARACTERS))
        parts.append(st.text(st.characters(codec=None), min_size=1, max_size=8))
    return st.one_of(*parts)


@functools.lru_cache(maxsize=None)
def texts(valid: bool = True, min_size: int = 1, max_words: int = 30,
          long: bool = True) -> st.SearchStrategy[str]:
    """A text value: words joined by single spaces (or none, as Thai is written)."""
    sep = st.sampled_from([" ", "", "", " ", "\u00a0"] + (["\n", "\t", "\x0c"] if not valid else []))
    text = st.lists(st.tuples(words(valid, long), sep), min_size=min_size, max_size=max_words).map(
        lambda ws: "".join(w + s for w, s in ws).strip())
    if valid:
        text = text.filter(lambda t: len(t) >= min_size)
    else:
        text = st.one_of(text, st.builds(lambda n: "ก" * n, st.integers(10_000, 40_000)),
                         st.text(max_size=50))
    return text


@functools.lru_cache(maxsize=None)
def short_texts(valid: bool = True) -> st.SearchStrategy[str]:
    return texts(valid, max_words=6, long=False)


# --------------------------------------------------------------------------- values

_FW = framework_2566_2570()
MISSIONS = tuple(m.code for m in _FW.missions())
SUB_ITEMS = tuple(i.code for i in _FW.items if i.code.count(".") == 2)
#: sub-items of real missions the shipped framework does not list (a plan names them in sub_items)
NEW_SUB_ITEMS = ("1.1.9", "2.2.7", "3.1.4", "4.3.5")
TARGET_CATEGORIES = ("executive_politicians", "council_members", "local_officials", "children_youth",
                     "citizens", "schools", "government_agencies", "state_enterprises", "private_sector")
SLUG_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789"


@functools.lru_cache(maxsize=None)
def slugs(valid: bool = True) -> st.SearchStrategy[str]:
    good = st.lists(st.text(SLUG_CHARS, min_size=1, max_size=10), min_size=1, max_size=4).map("-".join)
    if valid:
        return good
    return st.one_of(good, good.map(lambda s: s + "\n"), good.map(lambda s: s.upper()),
                     st.text(max_size=12), st.just("a/../b"), st.just(""))


@functools.lru_cache(maxsize=None)
def amounts(valid: bool = True) -> st.SearchStrategy[Any]:
    """Amounts as a plan file writes them: ints, exact decimal strings (Thai digits too)."""
    from antong_reports.validate.limits import MAX_AMOUNT

    top = int(MAX_AMOUNT)
    whole = st.one_of(st.integers(0, 100_000), st.integers(0, top), st.just(top))
    good = st.one_of(
        whole,
        st.builds(lambda n, c: f"{n:,}.{c:02d}", st.integers(0, top - 1), st.integers(0, 99)),
        whole.map(lambda n: str(n).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))),
        st.just(str(MAX_AMOUNT)),
    )
    if valid:
        return good
    return st.one_of(good, st.integers(top + 1, 10 ** 40), st.integers(-10 ** 6, -1),
                     st.just("1e400"), st.just("NaN"), st.just(".inf"), st.just("12.345"),
                     st.floats(allow_nan=True), st.just([1]), st.none(), st.booleans())


@functools.lru_cache(maxsize=None)
def plan_years(valid: bool = True) -> st.SearchStrategy[tuple[int, int]]:
    from antong_reports.validate.limits import MAX_PLAN_YEARS

    good = st.integers(MIN_YEAR_BE, MAX_YEAR_BE).flatmap(
        lambda first: st.tuples(st.just(first),
                                st.integers(first, min(first + MAX_PLAN_YEARS - 1, MAX_YEAR_BE))))
    normal = st.integers(2560, 2575).map(lambda y: (y, y + 4))
    if valid:
        return st.one_of(normal, normal, good)
    return st.one_of(normal, good, st.tuples(st.integers(-10 ** 6, 10 ** 6), st.integers(-10 ** 6, 10 ** 6)),
                     st.integers(2500, 2600).map(lambda y: (y, y + 150)))


# --------------------------------------------------------------------------- whole plans

@st.composite
def _steps_of(draw, valid: bool, depth: int) -> list[Any]:
    out: list[Any] = []
    for _ in range(draw(st.integers(0, 3 if depth == 0 else 2))):
        text = draw(texts(valid, max_words=12))
        if depth < 2 and draw(st.booleans()):
            out.append({"text": text, "steps": draw(_steps(valid, depth + 1)),
                        "bullet": draw(st.booleans())})
        else:
            out.append(text)
    return out


@functools.lru_cache(maxsize=None)
def _steps(valid: bool, depth: int = 0) -> st.SearchStrategy[list[Any]]:
    return _steps_of(valid, depth)


@functools.lru_cache(maxsize=None)
def _project_optional(plan_years_: tuple[int, ...], valid: bool) -> dict[str, st.SearchStrategy]:
    """The optional fields of a project and their strategies."""
    return {
        "rationale": st.lists(texts(valid, max_words=40), max_size=3),
        "objectives": st.lists(texts(valid, max_words=15), max_size=3),
        "steps": _steps(valid),
        "outputs": st.lists(texts(valid, max_words=10), min_size=1, max_size=3),
        "outcomes": st.lists(texts(valid, max_words=10), min_size=1, max_size=3),
        "responsible": short_texts(valid),
        "remark": short_texts(valid),
        "target_group": st.fixed_dictionaries(
            {"description": texts(valid, max_words=8)},
            optional={"count": st.integers(0, 10 ** 7) if valid else st.integers(-5, 10 ** 30),
                      "unit": st.sampled_from(["คน", "ครัวเรือน", "หน่วยงาน", "แห่ง"]),
                      "categories": st.lists(st.sampled_from(TARGET_CATEGORIES + (() if valid else ("x",))),
                                             unique=valid, max_size=9)}),
        "years": st.lists(st.sampled_from(plan_years_), unique=True, min_size=1, max_size=3),
        "quarters": st.lists(st.integers(1, 4) if valid else st.integers(-1, 6), unique=valid, max_size=4),
    }


_CODES = {True: st.one_of(st.sampled_from(MISSIONS), st.sampled_from(SUB_ITEMS),
                          st.sampled_from(NEW_SUB_ITEMS)),
          False: st.one_of(st.sampled_from(MISSIONS), st.sampled_from(["9.9", "1.x", "", "1.1.1.1"]))}
#: project ids: unique in a plan by their index, after a stem (ASCII slug or Thai)
_ID_STEMS = st.one_of(st.just("p"), slugs(), st.sampled_from(THAI_WORDS[:20]))
_KINDS = st.sampled_from(["โครงการ", "กิจกรรม", "มาตรการ", "แนวปฏิบัติงาน"])


@st.composite
def _project(draw, index: int, years: tuple[int, int], valid: bool) -> dict[str, Any]:
    first, last = years
    plan_years_ = tuple(range(first, last + 1)) if 0 <= last - first < 40 else tuple(range(first, first + 5))
    budget_years = draw(st.lists(st.sampled_from(plan_years_), unique=True, max_size=len(plan_years_)))
    project: dict[str, Any] = {
        "id": f"{draw(_ID_STEMS)}-{index}" if valid or draw(st.integers(0, 9)) else "p-0",
        "kind": draw(_KINDS),
        "name": draw(texts(valid, max_words=25)),
        "code": draw(_CODES[valid]),
        "budget": {y: draw(amounts(valid)) for y in budget_years},
    }
    for key, strategy in _project_optional(plan_years_, valid).items():
        if draw(st.booleans()):
            project[key] = draw(strategy)
    return project


_ORG_KINDS = st.sampled_from(["เทศบาลนคร", "เทศบาลเมือง", "เทศบาลตำบล", "อบจ.", "อบต."])
STANDARD_TITLE = "แผนปฏิบัติการป้องกันการทุจริตเพื่อยกระดับคุณธรรมและความโปร่งใส"
#: an organization's name as documents print it: its kind written out, then its place
_ORG_NAMES = {kind: st.sampled_from(["บางปลา", "หนองแค", "ท่าช้าง", "โพธิ์ทอง", "วังน้อย"]).map(
    lambda place, prefix=prefix: prefix + place) for kind, prefix in {
        "เทศบาลนคร": "เทศบาลนคร", "เทศบาลเมือง": "เทศบาลเมือง", "เทศบาลตำบล": "เทศบาลตำบล",
        "อบจ.": "องค์การบริหารส่วนจังหวัด", "อบต.": "องค์การบริหารส่วนตำบล"}.items()}


@functools.lru_cache(maxsize=None)
def _organization(valid: bool) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"name": short_texts(valid), "kind": _ORG_KINDS, "district": short_texts(valid),
         "province": short_texts(valid)},
        optional={"address": texts(valid, max_words=12), "executive_name": short_texts(valid),
                  "executive_title": short_texts(valid)})
_WRONG_SHAPES = st.one_of(st.none(), st.integers(), st.text(max_size=5),
                          st.lists(st.integers(), max_size=2), st.just({"x": 1}))


@functools.lru_cache(maxsize=None)
def _plan_optional(valid: bool) -> dict[str, st.SearchStrategy]:
    """The optional plan fields that depend on nothing else drawn, and their strategies."""
    return {
        "preface": st.lists(texts(valid, max_words=60), max_size=2),
        "rationale": st.lists(texts(valid, max_words=60), max_size=2),
        "objectives": st.lists(texts(valid, max_words=12), max_size=3),
        "targets": st.lists(texts(valid, max_words=12), max_size=2),
        "benefits": st.lists(texts(valid, max_words=12), max_size=2),
        "preface_closing": st.lists(texts(valid, max_words=20), max_size=2),
        "signed_place": short_texts(valid),
        "signed_month": st.integers(1, 12),
        "signed_year": st.one_of(st.just(0), st.integers(MIN_YEAR_BE, MAX_YEAR_BE)) if valid
        else st.integers(-10 ** 6, 10 ** 6),
        "sub_items": st.lists(st.fixed_dictionaries({
            "code": st.sampled_from(SUB_ITEMS + NEW_SUB_ITEMS + (() if valid else ("9.9.9", "1.1"))),
            "title": short_texts(valid)}), unique_by=(lambda s: s["code"]) if valid else None, max_size=3),
    }


@functools.lru_cache(maxsize=4096)
def _plan_tables(valid: bool, ids: tuple[str, ...], first: int, last: int) -> dict[str, st.SearchStrategy]:
    """Risks (whose measures name the plan's projects) and the target table (of its years)."""
    return {
        "risks": st.lists(st.fixed_dictionaries({
            "process_step": short_texts(valid),
            "risk_issues": st.lists(texts(valid, max_words=10), min_size=1, max_size=2),
            "risk_level": st.sampled_from(["ต่ำ", "ปานกลาง", "สูง", "สูงมาก"]),
            "control_measures": st.lists(st.one_of(
                texts(valid, max_words=8),
                st.sampled_from([{"project": i} for i in ids])), max_size=2),
        }), max_size=2),
        "target_table": st.lists(st.fixed_dictionaries({
            "label": short_texts(valid),
            "values": st.dictionaries(st.sampled_from(range(first, max(first, min(last, first + 9)) + 1)),
                                      short_texts(valid), max_size=3),
        }), max_size=2),
    }


@st.composite
def plan_data(draw, valid: bool = False, max_projects: int = 6, years: tuple[int, int] | None = None,
              titled: bool = False) -> dict[str, Any]:
    """Raw plan data as a YAML/JSON plan file holds it (see the module's docstring); ``years``
    fixes the plan's first and last year; ``titled``: the plan's standard title, an
    organization named by its kind and place, project names that start with their kind, as the
    Word import finds them in a document."""
    bad = not valid and draw(st.integers(0, 3)) > 0  # a quarter of the invalid draws are fine
    first, last = years or draw(plan_years(not bad))
    n = draw(st.integers(1, max_projects))
    projects = [draw(_project(i, (first, last), not bad)) for i in range(n)]
    data: dict[str, Any] = {
        "slug": draw(slugs(not bad)),
        "title": draw(texts(not bad, max_words=15)),
        "organization": draw(_organization(not bad)),
        "first_year": first,
        "last_year": last,
        "projects": projects,
    }
    if titled:
        data["title"] = STANDARD_TITLE
        data["organization"]["name"] = draw(_ORG_NAMES[data["organization"]["kind"]])
        for p in projects:  # a document says a project's kind only by its name's first word
            p["name"] = f"{p['kind']}{draw(st.sampled_from(['', ' ']))}{p['name']}"
    ids = tuple(str(p["id"]) for p in projects)
    optional = {**_plan_optional(not bad), **_plan_tables(not bad, ids, first, last)}
    for key, strategy in optional.items():
        if draw(st.booleans()):
            data[key] = draw(strategy)
    if bad and draw(st.booleans()):
        # wrong shapes and types somewhere at the top level
        key = draw(st.sampled_from(sorted(data)))
        data[key] = draw(_WRONG_SHAPES)
    return data


def plans(max_projects: int = 6, years: tuple[int, int] | None = None,
          titled: bool = False) -> st.SearchStrategy:
    """Valid model Plans (they pass validation with no error), of 1 to ``max_projects`` projects
    (``years`` as for :func:`plan_data`)."""
    from antong_reports.sources.planfile import plan_from_data
    from antong_reports.validate.plan import validate

    def ok(plan) -> bool:
        return not any(i.is_error for i in validate(plan))

    return plan_data(valid=True, max_projects=max_projects, years=years, titled=titled).map(
        plan_from_data).filter(ok)


__all__ = ["plan_data", "plans", "texts", "words", "amounts", "plan_years", "slugs",
           "BAD_CHARACTERS", "THAI_WORDS"]
