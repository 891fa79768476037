"""validate ≡ build (issue 12): a plan at every limit of validate/limits.py builds in every format;
one step beyond any limit is refused by validate with the field path, the line and the limit, and
build writes nothing. Each run is a child process with a bounded address space."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from antong_reports.validate import limits
from safety_util import run_cli, snapshot, user_folder

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
MINI = HERE / "fixtures" / "mini.yaml"


def _mini() -> dict:
    return yaml.safe_load(MINI.read_text("utf-8"))


def _write(tmp_path: Path, data: dict, name: str = "plan.yaml") -> Path:
    path = tmp_path / name
    if name.endswith(".json"):
        path.write_text(json.dumps(data, ensure_ascii=True, indent=1), "utf-8")
    else:
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000), "utf-8")
    return path


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text("utf-8").splitlines(), 1) if needle in line)


MIXED_WORD = ("ก้ำVietnamเวียดนามViệt๑๒๓/-–ผู้ใหญ่naïveå" * 40)[: limits.MAX_WORD]


def _extreme() -> dict:
    """A plan at every limit at once."""
    data = _mini()
    data["slug"] = ("mx" + "-x" * 40)[: limits.MAX_SLUG]
    top = str(limits.MAX_AMOUNT)
    first = limits.MAX_YEAR_BE - limits.MAX_PLAN_YEARS + 1
    data["first_year"], data["last_year"] = first, limits.MAX_YEAR_BE
    data["signed_year"] = first - 1
    for row in data.get("target_table", []):
        row["values"] = {first: "๘๕ คะแนน"}
    years = list(range(first, limits.MAX_YEAR_BE + 1))
    cell = ("ผู้ใหญ่ใส่ใจชุมชน ITA " * 200)[: limits.MAX_CELL_TEXT]
    for i, p in enumerate(data["projects"]):
        p["budget"] = {y: top for y in years}
        p.pop("years", None)
        p["name"] = cell if i == 0 else MIXED_WORD
        p["outputs"] = [cell, MIXED_WORD]
        p["rationale"] = [("การป้องกันการทุจริต " * 400)[: limits.MAX_TEXT]]
    data["projects"][0]["target_group"]["count"] = limits.MAX_COUNT
    data["preface"] = [MIXED_WORD + " " + "ข้อความ " * 300]
    return data


def test_a_plan_at_every_limit_builds_in_every_format(tmp_path):
    path = _write(tmp_path, _extreme())
    proc = run_cli("validate", str(path))
    assert proc.returncode == 0, proc.stdout
    out = user_folder(tmp_path / "out")
    before = snapshot(tmp_path / "out")
    proc = run_cli("build", str(path), "-o", str(out), timeout=600)
    assert proc.returncode == 0, proc.stderr
    added = set(snapshot(out)) - set(before)
    slug = ("mx" + "-x" * 40)[: limits.MAX_SLUG]
    assert added == {f"{slug}-plan.docx", f"{slug}-budget.xlsx", f"{slug}-plan.pdf", f"{slug}-summary.pdf"}
    # every satang of the largest totals survives the workbook's numbers
    from openpyxl import load_workbook

    wb = load_workbook(out / f"{slug}-budget.xlsx")
    amounts = [c.value for ws in wb for row in ws.iter_rows() for c in row
               if isinstance(c.value, (int, float)) and c.value >= float(limits.MAX_AMOUNT) - 1]
    from decimal import Decimal

    sums = {limits.MAX_AMOUNT * k for k in range(1, 2 * limits.MAX_PLAN_YEARS + 1)}
    sums |= {s.quantize(Decimal(1), "ROUND_HALF_UP") for s in sums}    # E-PlanNACC's whole baht
    assert amounts and all(Decimal(repr(v)) in sums for v in amounts), sorted(set(amounts))[:10]


def _edit(edit) -> dict:
    data = _mini()
    edit(data)
    return data


def _set_name(text):
    return lambda d: d["projects"][0].__setitem__("name", text)


#: one step beyond each limit: (edit, code, field path, words the message must hold, line needle)
BEYOND = [
    (lambda d: d["projects"][0]["budget"].__setitem__(2566, "1000000000.00"), "amount-too-large",
     "projects[0].budget[2566]", str(f"{limits.MAX_AMOUNT:,}"), "2566: '1000000000.00'"),
    (lambda d: d["projects"][0]["budget"].__setitem__(2566, 10 ** 30), "amount-too-large",
     "projects[0].budget[2566]", "999,999,999.99", "2566: 1000000000000000000000000000000"),
    (lambda d: d.update(first_year=2566, last_year=2566 + limits.MAX_PLAN_YEARS), "too-many-years",
     "last_year", f"limit of {limits.MAX_PLAN_YEARS}", "last_year:"),
    (lambda d: d.update(first_year=2499), "bad-year", "first_year", "2500-2700", "first_year:"),
    (lambda d: d.update(last_year=2701), "bad-year", "last_year", "2500-2700", "last_year:"),
    (lambda d: d.update(signed_year=25650), "bad-year", "signed_year", "2500-2700", "signed_year:"),
    (_set_name("ก" * (limits.MAX_CELL_TEXT + 1)), "text-too-long", "projects[0].name",
     f"limit of {limits.MAX_CELL_TEXT:,}", "name: กกก"),
    (lambda d: d.__setitem__("preface", ["ก " * (limits.MAX_TEXT // 2 + 1)]), "text-too-long",
     "preface[0]", f"limit of {limits.MAX_TEXT:,}", "ก ก ก"),
    (lambda d: d.__setitem__("preface", ["x" + MIXED_WORD]), "word-too-long", "preface[0]",
     f"limit is {limits.MAX_WORD:,}", "xก้ำ"),
    (lambda d: d["projects"][0].__setitem__("outputs", ["ผลผลิต " * 500] * 12), "list-too-long",
     "projects[0].outputs", f"{limits.MAX_LIST_CHARS:,} characters", "outputs:"),
    (_set_name("อบรม\x0bคุณธรรม"), "control-character", "projects[0].name", "U+000B", "name: \"อบรม"),
    (_set_name("อบรม\ufffeคุณธรรม"), "control-character", "projects[0].name", "U+FFFE", "name: \"อบรม"),
    (_set_name("อบรม😀คุณธรรม"), "unprintable-character", "projects[0].name", "U+1F600", "name: อบรม"),
    (_set_name("อบรม中文"), "unprintable-character", "projects[0].name", "U+4E2D", "name: อบรม"),
    (_set_name("שלום" * 100), "unprintable-character", "projects[0].name", "U+05E9", "name: שלום"),
    (lambda d: d["organization"].__setitem__("name", "เทศบาล\u0645"), "unprintable-character",
     "organization.name", "U+0645", "  name: เทศบาล"),
    (lambda d: d.__setitem__("slug", "a" * (limits.MAX_SLUG + 1)), "slug-too-long", "slug",
     f"limit of {limits.MAX_SLUG}", "slug: aaa"),
    (lambda d: d["projects"][0]["target_group"].__setitem__("count", limits.MAX_COUNT + 1),
     "count-too-large", "projects[0].target_group.count", f"{limits.MAX_COUNT:,}", "count:"),
]


@pytest.mark.parametrize("edit,code,path,limit,needle", BEYOND, ids=[b[1] + "-" + str(i) for i, b in enumerate(BEYOND)])
def test_beyond_a_limit_validate_refuses_with_the_place(tmp_path, edit, code, path, limit, needle):
    from antong_reports.validate.plan import check_file

    plan_path = _write(tmp_path, _edit(edit))
    _plan, issues = check_file(plan_path)
    issue = next((i for i in issues if i.code == code), None)
    assert issue is not None, [str(i) for i in issues]
    assert issue.is_error and issue.path == path
    assert limit in issue.message_en + issue.fix_en, issue.message_en
    assert issue.line == _line_of(plan_path, needle)


@pytest.mark.parametrize("index", [0, 6, 10, 12])
def test_beyond_a_limit_build_exits_1_and_writes_nothing(tmp_path, index):
    edit, code, path, _limit, _needle = BEYOND[index]
    plan_path = _write(tmp_path, _edit(edit))
    out = user_folder(tmp_path / "out")
    before = snapshot(tmp_path)
    proc = run_cli("build", str(plan_path), "-o", str(out))
    assert proc.returncode == 1, proc.stderr
    assert code in proc.stderr and path in proc.stderr and "generator failed" not in proc.stderr
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("text,cp", [("\x85", "U+0085"), ("\ud800", "U+D800"), ("\udfff", "U+DFFF"), ("\x00", "U+0000"),
                                     ("\uffff", "U+FFFF"), ("\U0010fffe", "U+10FFFE")])
def test_characters_only_json_can_carry_are_refused(tmp_path, text, cp):
    data = _mini()
    data["projects"][0]["name"] = "อบรม" + text
    path = _write(tmp_path, data, "plan.json")
    proc = run_cli("validate", str(path))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "projects[0].name" in proc.stdout and cp in proc.stdout


def test_json_surrogate_pairs_are_one_character(tmp_path):
    data = _mini()
    data["projects"][0]["name"] = "อบรม\u0e01\U0001d400"   # MATHEMATICAL BOLD A: not in Sarabun
    path = _write(tmp_path, data, "plan.json")
    assert "\\ud835\\udc00" in path.read_text("utf-8")
    proc = run_cli("validate", str(path))
    assert proc.returncode == 1 and "U+1D400" in proc.stdout and "U+D835" not in proc.stdout


def test_right_to_left_words_wider_than_a_line_do_not_break_the_typesetter():
    """The PDF's long-word splitting cut right-to-left runs by text offsets that do not hold for
    them (an IndexError); such runs are now kept whole (validation refuses their characters, as
    Sarabun has no glyphs for them, but the typesetter must not crash on any text)."""
    from antong_reports.thai import typeset as ts

    fonts = ts.register_fonts()
    for text in ("שלום" * 40, "مرحبا" * 40, "abcשלוםdef" * 20, "ก" * 10 + "שלום" * 30):
        words, lines = ts.break_lines(ts.build_words([(text, fonts.regular)]), [30, 30], 11)
        assert lines and "".join(a.text for w in words for a in w.atoms) == text


@pytest.mark.parametrize("face", ["Regular", "Bold", "Italic", "BoldItalic"])
def test_the_pdf_coverage_is_the_fonts_own_cmap(face):
    """limits.font_cmap reads the cmap without a font library; HarfBuzz reads the same."""
    import uharfbuzz as hb

    data = (ROOT / "fonts" / f"Sarabun-{face}.ttf").read_bytes()
    assert limits.font_cmap(data) == frozenset(hb.Face(data).unicodes)
    assert limits.pdf_coverage() <= limits.font_cmap(data)
    for ch in "กข๑ฯ“”–—…฿€ViệtÄ":
        assert limits.unprintable_character(ch) is None
    for ch in "😀中ש\u0645\u200d":
        assert limits.unprintable_character("ก" + ch) == ch


@pytest.mark.parametrize("text,code,cp", [
    ('"\\u0007ผล\\uFFFEการอบรม"', "control-character", "U+0007"),
    ('"อบรม 😀 แล้ว"', "unprintable-character", "U+1F600"),
    ('"' + "ผล" * 1000 + '"', "text-too-long", "1,500"),
])
def test_progress_texts_keep_the_same_limits(tmp_path, text, code, cp):
    """A report is built from the progress file's texts: what no document can hold is refused
    by the progress file's validation, with its line, before anything is built."""
    sample = ROOT / "samples" / "angthong-progress-2567.yaml"
    src = sample.read_text("utf-8")
    first = next(line for line in src.splitlines() if line.strip().startswith("- ") and "achieved" not in line
                 and src.splitlines()[src.splitlines().index(line) - 1].strip() == "achieved:")
    indent = first[: len(first) - len(first.lstrip())]
    path = tmp_path / "progress.yaml"
    path.write_text(src.replace(first, f"{indent}- {text}\n{first}", 1), "utf-8")
    line = path.read_text("utf-8").splitlines().index(f"{indent}- {text}") + 1
    out = user_folder(tmp_path / "out")
    before = snapshot(tmp_path)
    proc = run_cli("pack", "--progress", str(path), "--year", "2567", "-o", str(out / "pack"))
    assert proc.returncode == 1, proc.stderr
    assert f"line {line}" in proc.stderr and code not in ("",) and cp in proc.stderr
    assert "achieved[0]" in proc.stderr
    assert snapshot(tmp_path) == before


# --------------------------------------------------------------------------- blank texts

BLANK = [
    (lambda d: d["projects"][0].__setitem__("name", ""), "projects[0].name"),
    (lambda d: d["projects"][0].__setitem__("name", " \u00a0\u200b"), "projects[0].name"),
    (lambda d: d.__setitem__("title", "  "), "title"),
    (lambda d: d["organization"].__setitem__("province", "\u3000"), "organization.province"),
    (lambda d: d["projects"][0].__setitem__("outputs", ["อบรม", "\ufeff"]), "projects[0].outputs[1]"),
    (lambda d: d.__setitem__("preface", ["\n"]), "preface[0]"),
    (lambda d: d["projects"][0].__setitem__("steps", ["ขั้นแรก", {"text": " ", "steps": ["ย่อย"]}]),
     "projects[0].steps[1].text"),
    (lambda d: d["risks"][0].__setitem__("process_step", ""), "risks[0].process_step"),
    (lambda d: d["target_table"][0].__setitem__("label", "\u2060"), "target_table[0].label"),
    (lambda d: d["projects"][1].__setitem__("id", " "), "projects[1].id"),
]


@pytest.mark.parametrize("edit,path", BLANK, ids=[b[1] for b in BLANK])
def test_a_blank_required_text_is_refused_as_the_workbook_refuses_an_empty_cell(tmp_path, edit,
                                                                                 path):
    """A required text of only spaces or invisible characters: the workbook reports its empty
    cell, so a plan file must be refused too (it printed an empty name, heading or bullet)."""
    from antong_reports.validate import check_file

    plan_path = _write(tmp_path, _edit(edit))
    _plan, issues = check_file(plan_path)
    errors = [(i.code, i.path) for i in issues if i.is_error]
    assert ("blank-text", path) in errors, errors
    out = tmp_path / "out"
    proc = run_cli("build", str(plan_path), "-o", str(out), "--format", "xlsx")
    assert proc.returncode == 1 and "blank-text" in proc.stderr and not out.exists()


def test_a_workbook_cell_of_invisible_characters_is_blank_at_its_cell(tmp_path):
    import io

    from openpyxl import load_workbook

    from antong_reports.render.plan_workbook import plan_workbook
    from antong_reports.sources import load_plan
    from antong_reports.sources import plan_workbook as L
    from antong_reports.validate import check_file

    wb = load_workbook(io.BytesIO(plan_workbook(load_plan(MINI))))
    wb[L.PROJECTS]["D7"] = "\u200b\u200b"
    path = tmp_path / "plan.xlsx"
    wb.save(path)
    _plan, issues = check_file(path)
    assert [(i.code, i.path) for i in issues if i.is_error] == [("blank-text", f"{L.PROJECTS}!D7")]
