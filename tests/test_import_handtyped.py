"""Hand-typed and extracted documents of the classes real plans show, with surface details other
than the reference's own (tests/test_import_handmade.py has those): paragraphs broken inside a
bracket, or merely unbalanced.

Each case changes the reference plan's text the way a typist or a PDF extraction would, imports it
(as text and, where the class is Word's, as a hand-made .docx) and compares with the import of
the unchanged reference — the same plan, or a finding naming the place where a value cannot be
read."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from antong_reports.sources.importer import import_docx_bytes, import_text

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
