"""Word files and texts the way real plans differ (docs/import.md, "what is tolerated"): the
reference plan typed into Word by hand, mixed digits, sheet and label variants, Part 2 as one
table per dimension, amount spellings, page furniture of extracted text, decomposed sara am."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from antong_reports.sources.importer import import_docx_bytes, import_text
from antong_reports.sources.reader import load_plan
from antong_reports.validate.plan import validate

from handmade import handmade_docx
from import_helpers import DOCUMENTED, part3_differences, shown, squash

HERE = Path(__file__).resolve().parent
REFERENCE = HERE / "data" / "angthong-plan-2566-2570.txt"
SAMPLE = HERE.parent / "samples" / "angthong-2566-2570.yaml"


@pytest.fixture(scope="module")
def sample():
    return load_plan(SAMPLE)


@pytest.fixture(scope="module")
def reference() -> str:
    return REFERENCE.read_text("utf-8")


def projects_of(plan):
    return [(p.kind, p.code, {y: v for y, v in p.budget.items() if v}) for p in plan.projects]


def assert_like_sample(plan, sample):
    assert not [i for i in validate(plan) if i.is_error]
    assert projects_of(plan) == projects_of(sample)
    assert [squash(p.name) for p in plan.projects] == [squash(p.name) for p in sample.projects]
    assert sorted({(n, k) for n, k, _ in part3_differences(plan, sample)}) == DOCUMENTED


@pytest.fixture(scope="module")
def handmade(reference):
    return import_docx_bytes(handmade_docx(reference, split_every=31), "handmade.docx")


def test_handmade_word_file_imports_like_the_text(handmade, sample):
    assert_like_sample(handmade.plan, sample)
    a, b = shown(handmade.plan), shown(sample)
    for key in ("preface", "closing", "signed", "risks", "objectives", "targets", "target_table",
                "benefits"):
        assert a[key] == b[key], key


def test_handmade_findings_name_places_in_the_word_file(handmade):
    codes = {f.code for f in handmade.findings}
    assert {"dimension-misspelt", "field-number", "number-repeated", "part2-part3-name",
            "part2-part3-order", "head-count-in-baht", "heading-several"} <= codes
    part2 = [f for f in handmade.findings if f.code == "part2-part3-name"]
    assert all(f.place.table and f.place.row and f.place.cell for f in part2)
    sheets = [f for f in handmade.findings if f.code == "field-number"]
    assert sheets[0].place.paragraph and str(sheets[0].place).startswith("paragraph ")


def test_runs_split_mid_word_and_two_fonts(sample):
    """Every few characters a new run in another font: the words come out whole."""
    text = REFERENCE.read_text("utf-8")
    part3 = text[text.index("ลำดับที่ ๒\n"):text.index("ลำดับที่ ๓\n")]
    heads = text[text.index("ส่วนที่ ๓\n"):text.index("ลำดับที่ ๑\n")]
    small = heads + part3.replace("ลำดับที่ ๒", "ลำดับที่ ๑", 1)
    data = handmade_docx(small, split_every=3)
    result = import_docx_bytes(data, "split.docx")
    (p,) = result.plan.projects
    want = sample.projects[1]
    assert (p.name, p.objectives, p.outputs, p.outcomes) == (
        want.name, want.objectives, want.outputs, want.outcomes)
    assert [s.text for s in p.steps] == [s.text for s in want.steps]


def test_no_merges_no_breaks_no_tabs(reference, sample):
    data = handmade_docx(reference, split_every=400, tabs=False, merge_cells=False,
                         breaks_in_cells=False)
    assert_like_sample(import_docx_bytes(data, "plain.docx").plan, sample)


# --------------------------------------------------------------------------- text variants

def test_mixed_digits_sheet_words_label_variants_amount_spellings(reference, sample):
    text = reference.replace("(พ.ศ. 2566 - 2570)", "(พ.ศ. ๒๕66 - ๒๕7๐)")
    text = text.replace("ลำดับที่ ๒\n", "โครงการที่ 2\n").replace("ลำดับที่ ๓\n", "ตัวอย่างที่ ๓\n")
    text = text.replace("๑. ชื่อโครงการ : โครงการเผยแพร่", "1. ชื่อโครงการ/กิจกรรม/มาตรการ : โครงการเผยแพร่")
    text = text.replace("๔. กลุ่มเป้าหมาย\n\nบุคลากร ผู้บริหาร และสมาชิกสภาท้องถิ่น จำนวน ๑๑๒ คน",
                        "๔ . กลุ่มเป้าหมาย :\n\nบุคลากร ผู้บริหาร และสมาชิกสภาท้องถิ่น จำนวน ๑๑๒ คน")
    # Part 2 amounts of row ๒) and ๖), the sheets' amounts
    lines = text.split("\n")
    for k, line in enumerate(lines):
        if line.startswith("\t\t๒) โครงการพัฒนา"):
            lines[k] = line.replace("๓๒,๕๘๐", "32,580.-")
        elif line.startswith("\t\t๖) โครงการเสริมสร้างองค์ความรู้"):
            lines[k] = line.replace("๓๒,๕๘๐", "32580")
        elif line.startswith("\t\t๘) โครงการประกวด"):
            lines[k] = line.replace("๑๐,๐๐๐", "๑๐,๐๐๐ บาท")
    text = "\n".join(lines)
    text = text.replace("\n๓๒,๕๘๐.๐๐\n", "\n32,580.-\n", 1)
    text = text.replace("\n๓๒,๕๘๐.๐๐ บาท\n", "\n๓๒,๕๘๐ บาท\n", 1)
    result = import_text(text, "variants.txt")
    assert (result.plan.first_year, result.plan.last_year) == (2566, 2570)
    assert_like_sample(result.plan, sample)
    assert not [f for f in result.findings if f.code == "part2-part3-budget"]


def test_part2_one_table_per_dimension(reference, sample):
    """Part 2 as four tables, each under its "มิติที่ N" heading, without a มิติ column."""
    lines = reference.split("\n")
    start = lines.index("ส่วนที่ ๒")
    end = lines.index("ส่วนที่ ๓")
    out = []
    dims = {"๑": "การสร้างวัฒนธรรมสุจริต", "๒": "การบริหารราชการด้วยความโปร่งใส",
            "๓": "การส่งเสริมบทบาทและการมีส่วนร่วมของภาคประชาชน",
            "๔": "การยกระดับกลไกการตรวจสอบการดำเนินงานขององค์กรปกครองส่วนท้องถิ่น"}
    for line in lines[start:end]:
        if "\t" not in line:
            out.append(line)
            continue
        cells = line.split("\t")
        mt = re.match(r"^([๑-๔])\. ", cells[0].strip())
        if mt:
            out += ["", f"มิติที่ {mt.group(1)} {dims[mt.group(1)]}", ""]
            out.append("ภารกิจตามมิติ\tโครงการ/กิจกรรม/มาตรการ\tปี ๒๕๖๖\tปี ๒๕๖๗\tปี ๒๕๖๘\tปี ๒๕๖๙\tปี ๒๕๗๐\tหมายเหตุ")
        if cells[0].strip() == "มิติ" or cells[1].strip() == "" and "งบประมาณ" in line:
            continue
        out.append("\t".join(cells[1:]))
    text = "\n".join(lines[:start] + out + lines[end:])
    result = import_text(text, "per-dimension.txt")
    assert_like_sample(result.plan, sample)
    assert not [f for f in result.findings if f.code in ("part2-missing", "part3-missing")]
    assert len([f for f in result.findings if f.code == "part2-part3-name"]) == 5


def test_page_numbers_running_titles_and_wraps(reference, sample):
    """pdftotext output: a form feed between pages, a running title and a page number."""
    lines = reference.split("\n")
    out = []
    page = 1
    for k, line in enumerate(lines):
        out.append(line)
        if k and k % 57 == 0 and "\t" not in line and k < len(lines) - 3:
            page += 1
            out += [f"- {page} -", "\f", "แผนปฏิบัติการป้องกันการทุจริต เทศบาลเมืองอ่างทอง", ""]
    result = import_text("\n".join(out), "paged.txt")
    assert_like_sample(result.plan, sample)
    assert result.normalised["page-number"] >= 25
    assert result.normalised["running-title"] >= 25


def test_decomposed_sara_am_and_doubled_marks_are_counted(reference, sample):
    text = reference.replace("ดำเนินการ", "ด\u0e4d\u0e32เนินการ", 40).replace("ที่", "ที่\u0e48", 30)
    result = import_text(text, "decomposed.txt")
    assert result.normalised["sara-am"] == 40
    assert result.normalised["doubled-mark"] == 31  # 30 added, 1 in the document
    assert_like_sample(result.plan, sample)
    found = {f.kept for f in result.findings if f.code == "normalised"}
    assert {"40", "31"} <= found
