"""Hand-typed and extracted documents of the classes real plans show, with surface details other
than the reference's own (tests/test_import_handmade.py has those): paragraphs broken inside a
bracket, or merely unbalanced; items numbered "1)", "(1)", "1.", "ข้อ 1", "5.1"; amounts
spelt other ways or not readable; text files as Thai Windows saves them; the damage of text
extracted from a PDF (spaces inside words, page numbers and footers without form feeds,
full-width punctuation).

Each case changes the reference plan's text the way a typist or a PDF extraction would, imports it
(as text and, where the class is Word's, as a hand-made .docx) and compares with the import of
the unchanged reference — the same plan, or a finding naming the place where a value cannot be
read."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from antong_reports.sources.importer import ImportRefused, import_docx_bytes, import_plan, import_text

from handmade import handmade_docx
from import_helpers import shown

HERE = Path(__file__).resolve().parent
REFERENCE = HERE / "data" / "angthong-plan-2566-2570.txt"
#: a paragraph of sheet 20's rationale with a bracket early on, and the paragraph after it
ACT = "พระราชบัญญัติระเบียบบริหารราชการแผ่นดิน (ฉบับที่ ๕) พ.ศ. ๒๕๔๕"
NEXT = "เทศบาลเมืองอ่างทองจึงได้จัดให้มีการจัดทำข้อตกลงและติดตามผลการปฏิบัติราชการ"


@pytest.fixture(scope="module")
def reference() -> str:
    return REFERENCE.read_text("utf-8")


@pytest.fixture(scope="module")
def baseline(reference):
    return shown(import_text(reference, "reference.txt").plan)


def _sheet(plan, n: int) -> dict:
    return shown(plan)["projects"][n - 1]


# --------------------------------------------------------------------------- brackets

@pytest.mark.parametrize("cut", ["(ฉบับ", "(ฉบับที่ ๕", "(ฉ"], ids=["word", "number", "letter"])
def test_paragraph_broken_inside_a_bracket_is_joined(reference, baseline, cut):
    """An Enter typed inside "(ฉบับที่ ๕)" (or a page break of extracted text there): the two
    halves are one paragraph again, in text and in Word."""
    rest = ACT[ACT.index(cut) + len(cut):]
    broken = reference.replace(ACT, f"{ACT[:ACT.index(cut) + len(cut)]}\n\n{rest.lstrip()}", 1)
    assert broken != reference
    for result in (import_text(broken, "broken.txt"),
                   import_docx_bytes(handmade_docx(broken, split_every=31), "broken.docx")):
        assert _sheet(result.plan, 20)["rationale"] == baseline["projects"][19]["rationale"]


@pytest.mark.parametrize("second", [
    # the stray closing bracket far into the next paragraph
    NEXT + " ตามคำรับรองการปฏิบัติราชการของเทศบาล ข้อ ๑)",
    # an inline enumeration "๑) … ๒) …" in the next paragraph
    "ดังนี้ ๑) ลงนามข้อตกลง ๒) ติดตามผล " + NEXT,
    # a bracket opened before the closing one
    "ตามแบบ (ก) และ ข) " + NEXT,
], ids=["far", "inline-enumeration", "opened-before"])
def test_unbalanced_brackets_in_two_paragraphs_stay_apart(reference, baseline, second):
    """The first paragraph leaves "(" open (a typing slip), the next one holds a ")" that is no
    close of it: two paragraphs, as typed."""
    first = ACT.replace("(ฉบับที่ ๕)", "(ฉบับที่ ๕")
    changed = reference.replace(ACT, first, 1).replace(NEXT, second, 1)
    for result in (import_text(changed, "unbalanced.txt"),
                   import_docx_bytes(handmade_docx(changed, split_every=31), "unbalanced.docx")):
        rationale = _sheet(result.plan, 20)["rationale"]
        assert len(rationale) == len(baseline["projects"][19]["rationale"]) == 2
        assert rationale[1].startswith(second.replace(" ", "")[:20])


# --------------------------------------------------------------------------- numbering

THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
#: how typists number a field's items: label of item n of field f
NUMBERINGS = {
    "arabic-paren": lambda f, n: f"{n})",
    "both-parens": lambda f, n: f"({n})",
    "thai-both-parens": lambda f, n: f"({n})".translate(THAI),
    "arabic-dot": lambda f, n: f"{n}.",
    "word-kho": lambda f, n: f"ข้อ {n}".translate(THAI),
    "word-kho-dot": lambda f, n: f"ข้อ {n}.",
    "field-dot-item": lambda f, n: f"{f}.{n}".translate(THAI),
    "field-dot-item-dot": lambda f, n: f"{f}.{n}.".translate(THAI),
    "dash-number": lambda f, n: f"- {n})".translate(THAI),
    "tab-after": lambda f, n: f"{n})\t".translate(THAI),
}


def _renumber(text: str, sheet: str, numbering) -> str:
    """Sheet ``sheet``'s objectives (field 3) and method steps (field 5) numbered another way."""
    start = text.index(f"ลำดับที่ {sheet}\n")
    end = text.index("๖. ระยะเวลาดำเนินการ", start)
    lines = text[start:end].split("\n")
    field = 0
    for k, line in enumerate(lines):
        mt = re.match(r"^([๑-๙])\. ", line)
        if mt:
            field = "๑๒๓๔๕๖๗๘๙".index(mt.group(1)) + 1
            continue
        mt = re.match(r"^([๑-๙])\) (.*)$", line)
        if mt and field in (3, 5):
            n = "๑๒๓๔๕๖๗๘๙".index(mt.group(1)) + 1
            label = numbering(field, n)
            lines[k] = label + ("" if label.endswith("\t") else " ") + mt.group(2)
    return text[:start] + "\n".join(lines) + text[end:]


@pytest.mark.parametrize("style", sorted(NUMBERINGS))
def test_items_numbered_by_hand_in_other_ways(reference, baseline, style):
    """Objectives and steps numbered "1)", "(1)", "(๑)", "1.", "ข้อ ๑", "๕.๑", "๕.๑.", "- ๑)":
    the same items, without their numbers."""
    changed = _renumber(reference, "๒", NUMBERINGS[style])
    assert changed != reference
    want = baseline["projects"][1]
    results = [import_text(changed, f"{style}.txt")]
    if style != "tab-after":  # the hand-made Word files type every label with a tab already
        results.append(import_docx_bytes(handmade_docx(changed, split_every=31), f"{style}.docx"))
    for result in results:
        got = _sheet(result.plan, 2)
        assert (got["objectives"], got["steps"]) == (want["objectives"], want["steps"]), style


# --------------------------------------------------------------------------- amounts

def _budget_line(text: str, line: int, value: str) -> str:
    """The reference with its line ``line`` (1-based: a sheet's budget) written as ``value``."""
    lines = text.split("\n")
    lines[line - 1] = value
    return "\n".join(lines)


@pytest.mark.parametrize("value", ["32,580 บาท", "๓๒,๕๘๐.-", "32580.00", "๓๒,๕80 บาท",
                                   "จำนวน ๓๒,๕๘๐ บาท", "๓๒,๕๘๐.๐๐ บาท (สามหมื่นสองพันห้าร้อยแปดสิบบาทถ้วน)",
                                   "งบประมาณ ๓๒,๕๘๐ บาท"],
                         ids=["baht", "dash", "decimals", "mixed-digits", "jamnuan", "in-words-too",
                              "label"])
def test_sheet_amounts_spelt_other_ways(reference, baseline, value):
    """Sheet 1's budget (line 201) spelt as typists do: the same amount, every year."""
    result = import_text(_budget_line(reference, 201, value), "amount.txt")
    assert _sheet(result.plan, 1)["budget"] == baseline["projects"][0]["budget"]
    assert not [f for f in result.findings if f.code == "part2-part3-budget"]


@pytest.mark.parametrize("value", ["๓ หมื่น ๒ พันบาท", "ประมาณสามหมื่นบาท", "32,5800 บาท"],
                         ids=["units-in-words", "all-in-words", "misplaced-comma"])
def test_sheet_amount_that_cannot_be_read_is_reported_not_invented(reference, value):
    """An amount in words or malformed: the import keeps Part 2's figure, says so with the line
    and the fix, and makes up nothing."""
    result = import_text(_budget_line(reference, 201, value), "amount.txt")
    found = [f for f in result.findings if f.place.line == 201]
    assert found, [(f.code, str(f.place)) for f in result.findings if f.project == 1]
    assert any("งบประมาณ" in f.message_th and "budget" in f.message_en for f in found)


# --------------------------------------------------------------------------- files Thai Windows users save

@pytest.mark.parametrize("form", ["crlf", "bom", "bom-crlf", "utf-16"])
def test_text_files_saved_on_windows(tmp_path, reference, baseline, form):
    """Notepad's "Save As": CRLF line ends, a UTF-8 byte-order mark, UTF-16 ("Unicode")."""
    text = reference.replace("\n", "\r\n") if "crlf" in form else reference
    data = text.encode("utf-16") if form == "utf-16" else text.encode("utf-8")
    if "bom" in form:
        data = b"\xef\xbb\xbf" + data
    path = tmp_path / "แผน.txt"
    path.write_bytes(data)
    assert shown(import_plan(path).plan) == baseline


def test_text_file_in_windows_874_is_refused_with_the_fix(tmp_path, reference):
    """Notepad's "ANSI" on Thai Windows is TIS-620/Windows-874: refused, naming the file and
    how to convert it, nothing guessed."""
    path = tmp_path / "แผน-ansi.txt"
    path.write_bytes(reference.encode("cp874", errors="replace"))
    with pytest.raises(ImportRefused) as err:
        import_plan(path)
    (issue,) = err.value.issues
    assert issue.file == str(path) and "UTF-8" in issue.fix_th and "iconv" in issue.fix_en


# --------------------------------------------------------------------------- damage of extracted text

def test_spaces_pdf_extraction_put_inside_thai_words(reference, baseline):
    """A space before a tone mark or a vowel sign and after a leading vowel ("ที ่", "เ ทศบาล"):
    no Thai word holds one; the spaces go and are counted."""
    damaged = (reference.replace("ที่", "ที ่", 200).replace("เทศบาล", "เ ทศบาล", 200)
               .replace("ได้", "ได ้", 100).replace("การ", "กา ร", 0))
    result = import_text(damaged, "spaced.txt")
    assert shown(result.plan) == baseline
    assert result.normalised["space-in-word"] >= 450  # those in the lines the plan reads


def test_page_numbers_and_running_footers_without_form_feeds(reference, baseline):
    """Text copied out of a PDF viewer: no form feeds, but "- 12 -" / "หน้า 12" lines and a
    running footer inside the text."""
    lines = reference.split("\n")
    out: list[str] = []
    pages = 0
    for line in lines:
        out.append(line)
        if len(out) > 60 * (pages + 1) and not line.strip() and "\t" not in out[-2]:
            pages += 1
            footer = "แผนปฏิบัติการป้องกันการทุจริต เทศบาลเมืองอ่างทอง"
            out += [footer, f"- {pages} -" if pages % 2 else f"หน้า {pages}", ""]
    result = import_text("\n".join(out), "copied.txt")
    assert shown(result.plan)["projects"] == baseline["projects"]
    assert (result.normalised["page-number"], result.normalised["running-title"]) == (pages, pages)


def test_full_width_and_odd_punctuation(reference, baseline):
    """Full-width colon and brackets, a Thai-style bracket label ("（๑）"), "：" after labels."""
    damaged = _renumber(reference.replace("ชื่อโครงการ :", "ชื่อโครงการ：", 10), "๒",
                        lambda f, n: f"（{n}）".translate(THAI))
    damaged = damaged.replace("(พ.ศ.", "（พ.ศ.", 5).replace("ไม่ใช้งบประมาณ", "－", 3)
    result = import_text(damaged, "fullwidth.txt")
    got = shown(result.plan)
    assert got["projects"] == baseline["projects"]
    assert result.normalised["full-width"] > 0
