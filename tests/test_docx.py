"""The plan as a Word document: structure, Thai typography rules, a real client, determinism."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile

import attrs
import pytest
from lxml import etree

from conftest import convert_with_libreoffice, pdftotext

from antong_reports.compose import phrases
from antong_reports.thai import text as tt
from antong_reports.compose.plan import compose_plan
from antong_reports.compose.tables import part2_table
from antong_reports.render.docxutil import paragraph_texts
from antong_reports.thai.text import strip_break_marks
from antong_reports.render.docx import generate, render_docx
from antong_reports.common.settings import Settings

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W}
S = Settings()


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _part(data: bytes, name: str) -> etree._Element:
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read(name))


def _text(el) -> str:
    """The text of an element as a reader sees it: break marks stripped (strip_break_marks)."""
    return strip_break_marks("".join(el.xpath(".//w:t/text()", namespaces=NS)))


@pytest.fixture(scope="module")
def sample_docx(sample_plan) -> bytes:
    out = generate(sample_plan, S)
    assert list(out) == ["angthong-2566-2570-plan.docx"]
    return out["angthong-2566-2570-plan.docx"]


@pytest.fixture(scope="module")
def body(sample_docx):
    return _part(sample_docx, "word/document.xml")


@pytest.fixture(scope="module")
def part2(body):
    tables = [t for t in body.iter(q("tbl")) if "รวมทั้งสิ้น" in _text(t)]
    assert len(tables) == 1
    return tables[0]


def _rows(table):
    return table.findall(q("tr"))


def _cells_text(row):
    return [_text(tc) for tc in row.findall(q("tc"))]


# --------------------------------------------------------------------------- package

def test_package_parts_parse(sample_docx):
    z = zipfile.ZipFile(io.BytesIO(sample_docx))
    names = z.namelist()
    for required in ("[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml",
                     "word/settings.xml", "word/_rels/document.xml.rels", "docProps/core.xml",
                     "docProps/app.xml", "word/header1.xml", "word/header2.xml"):
        assert required in names
    for name in names:
        etree.fromstring(z.read(name))
    assert {i.date_time for i in z.infolist()} == {(2000, 1, 1, 0, 0, 0)}


def test_core_properties_from_the_plan(sample_docx, sample_plan):
    core = zipfile.ZipFile(io.BytesIO(sample_docx)).read("docProps/core.xml").decode()
    assert f"<dc:creator>{sample_plan.organization.name}</dc:creator>" in core
    assert sample_plan.title in core
    assert ">2022-09-01T00:00:00Z</dcterms:created>" in core
    assert ">2022-09-01T00:00:00Z</dcterms:modified>" in core
    assert "<cp:revision>1</cp:revision>" in core


# --------------------------------------------------------------------------- structure

def test_three_parts_as_heading_styles(body):
    heads = []
    for p in body.iter(q("p")):
        style = p.find("w:pPr/w:pStyle", NS)
        if style is not None and style.get(q("val")).startswith("Heading"):
            heads.append((style.get(q("val")), strip_break_marks(" ".join(p.xpath(".//w:t/text()", namespaces=NS)))))
    parts = [t for s, t in heads if s == "Heading1" and t.startswith("ส่วนที่")]
    assert [t.split()[0:2] for t in parts] == [["ส่วนที่", "๑"], ["ส่วนที่", "๒"], ["ส่วนที่", "๓"]]
    sheets = [t for s, t in heads if t.startswith("ลำดับที่")]
    assert sheets == [f"ลำดับที่ {tt.digits(n)}" for n in range(1, 28)]


def test_nine_fields_per_sheet(sample_docx):
    texts = paragraph_texts(sample_docx)
    for i in range(1, 10):
        label = phrases.field_label(i)
        if i == 1:
            found = sum(1 for t in texts if t.startswith(label + phrases.PROJECT_NAME_SEPARATOR))
        else:
            found = texts.count(label)
        assert found == 27, label


def test_part2_totals(part2):
    rows = _rows(part2)
    subtotals = [_cells_text(r) for r in rows if "รวม" in _cells_text(r)]
    assert len(subtotals) == 4
    expected = ["๗๕,๑๖๐", "๐", "๒๖๔,๐๐๐", "๐"]
    counts = ["๘", "๑๒", "๔", "๓"]
    for cells, amount, count in zip(subtotals, expected, counts):
        assert f"จำนวน {count} โครงการ" in cells
        assert cells.count(f"จำนวน {amount} บาท") == 5
    total = _cells_text(rows[-1])
    assert total[0] == "รวมทั้งสิ้น"
    assert "จำนวน ๒๗ โครงการ" in total
    assert total.count("จำนวน ๓๓๙,๑๖๐ บาท") == 5
    # the grand-total label spans the dimension and mission columns
    assert rows[-1].find("w:tc/w:tcPr/w:gridSpan", NS).get(q("val")) == "2"


def test_part2_header_rows_repeat_and_cells_merge(part2, sample_plan):
    rows = _rows(part2)
    flags = [r.find("w:trPr/w:tblHeader", NS) is not None for r in rows]
    assert flags[:2] == [True, True] and not any(flags[2:])
    # header rows and the (short) project rows never split across pages
    assert all(r.find("w:trPr/w:cantSplit", NS) is not None for r in rows)
    assert _cells_text(rows[0])[:3] == list(phrases.PART2_COLUMNS)
    assert _cells_text(rows[1]).count(phrases.BUDGET_UNIT) == 5
    restarts = part2.xpath(".//w:vMerge[@w:val='restart']", namespaces=NS)
    continues = part2.xpath(".//w:vMerge[not(@w:val)]", namespaces=NS)
    table = part2_table(sample_plan, S)
    head_spans = [c.rowspan for r in table.rows[:2] for c in r.cells if c.rowspan > 1]
    # header cells merge vertically (header rows never split); body cells spanning rows (a
    # dimension, a mission) do not: Word and LibreOffice would leave them blank on the next page
    assert len(restarts) == len(head_spans) == 4 and len(continues) == 4
    for vm in continues:  # a merged-away cell holds no text (cell.merge() would concatenate it)
        assert _text(vm.getparent().getparent()) == ""
    # every body row names its dimension and mission: the first row of a group in full, the
    # later ones by their short name in grey, every cell with its borders (no client draws one
    # where a page splits the table: a cell open below would leave the page's table open)
    body_rows = [r for r in rows[2:] if _cells_text(r)[0] != "รวมทั้งสิ้น"]
    dims = [_cells_text(r)[0] for r in body_rows]
    assert all(d.startswith(("มิติที่", "๑.", "๒.", "๓.", "๔.")) for d in dims), dims
    project_rows = [r for r in body_rows if r.find("w:tc[2]", NS) is not None
                    and _cells_text(r)[1] != "รวม"]
    assert len(project_rows) == 27
    assert all(_cells_text(r)[1].startswith(("ภารกิจ ", "๑.", "๒.", "๓.", "๔.")) for r in project_rows)
    grey = part2.xpath(".//w:tc[.//w:color[@w:val='808080']]", namespaces=NS)
    assert len(grey) == sum(c.rowspan - 1 for r in table.rows[2:] for c in r.cells if c.rowspan > 1)
    assert part2.xpath(".//w:tcBorders", namespaces=NS) == []
    sides = part2.find("w:tblPr/w:tblBorders", NS)
    assert [(b.tag.split("}")[1], b.get(q("val"))) for b in sides] == [
        (side, "single") for side in ("top", "left", "bottom", "right", "insideH", "insideV")]
    # each row covers the whole grid
    ncols = len(part2.findall("w:tblGrid/w:gridCol", NS))
    assert ncols == 9
    for r in rows:
        spans = [int(tc.find("w:tcPr/w:gridSpan", NS).get(q("val")))
                 if tc.find("w:tcPr/w:gridSpan", NS) is not None else 1 for tc in r.findall(q("tc"))]
        assert sum(spans) == ncols


def test_tables_fixed_widths(body):
    for tbl in body.iter(q("tbl")):
        assert tbl.find("w:tblPr/w:tblLayout", NS).get(q("type")) == "fixed"
        grid = [int(g.get(q("w"))) for g in tbl.findall("w:tblGrid/w:gridCol", NS)]
        assert all(w > 0 for w in grid)
        for tc in tbl.iter(q("tc")):
            assert tc.find("w:tcPr/w:tcW", NS) is not None


def test_sections_orientation_and_numbering(body):
    sects = body.xpath(".//w:sectPr", namespaces=NS)
    assert len(sects) == 5
    fmts = [s.find("w:pgNumType", NS).get(q("fmt")) for s in sects]
    starts = [s.find("w:pgNumType", NS).get(q("start")) for s in sects]
    assert fmts[1] == "thaiLetters" and starts[1] == "1"
    assert fmts[2:] == ["thaiNumbers"] * 3 and starts[2:] == ["1", None, None]
    sizes = [s.find("w:pgSz", NS) for s in sects]
    landscape = [sz.get(q("orient")) == "landscape" for sz in sizes]
    assert landscape == [False, False, False, True, False]
    for sz, land in zip(sizes, landscape):
        w, h = int(sz.get(q("w"))), int(sz.get(q("h")))
        assert (w > h) == land and {w, h} == {11906, 16838}
    margins = sects[0].find("w:pgMar", NS)
    assert [margins.get(q(k)) for k in ("left", "right", "top", "bottom")] == \
        ["1701", "1134", "1417", "1134"]


def test_page_number_header_from_the_front_matter(sample_docx, body):
    """Every page but the cover is numbered: the preface and the TOC by Thai letters (ก, ข, as
    the TOC lists "คำนำ … ก"), Part 1 on by Thai digits (section number formats)."""
    rels = zipfile.ZipFile(io.BytesIO(sample_docx)).read("word/_rels/document.xml.rels").decode()
    target = dict(re.findall(r'Id="([^"]+)"[^>]*Target="([^"]+)"', rels))
    refs = [target[s.find("w:headerReference", NS).get(f"{{{R}}}id")]
            for s in body.xpath(".//w:sectPr", namespaces=NS)]
    page = [name for name in sorted(set(refs))
            if "PAGE" in "".join(_part(sample_docx, f"word/{name}").xpath(".//w:instrText/text()",
                                                                         namespaces=NS))]
    assert len(page) == 1
    assert [r == page[0] for r in refs] == [False, True, True, True, True]
    formats = [s.find("w:pgNumType", NS).get(q("fmt")) for s in body.xpath(".//w:sectPr", namespaces=NS)]
    assert formats[1:] == ["thaiLetters", "thaiNumbers", "thaiNumbers", "thaiNumbers"]
    header = _part(sample_docx, f"word/{page[0]}")
    assert header.find(".//w:jc", NS).get(q("val")) == "center"


def test_toc_entries_are_pageref_fields_with_dot_leaders(body):
    bookmarks = {b.get(q("name")) for b in body.iter(q("bookmarkStart"))}
    instr = [t.strip() for t in body.xpath(".//w:instrText/text()", namespaces=NS)]
    refs = [i.split()[1] for i in instr if i.startswith("PAGEREF")]
    assert refs == ["part1", "part1_s1", "part1_s2", "part1_s3", "part1_s4",
                    "part1_s5", "part2", "part3"]
    assert all(r in bookmarks for r in refs)
    assert all(i.endswith("\\h") for i in instr if i.startswith("PAGEREF"))
    leaders = body.xpath(".//w:tabs/w:tab[@w:leader='dot' and @w:val='right']", namespaces=NS)
    assert len(leaders) == len(refs) + 1
    # the preface's page is known (the first of the front matter): a fixed "ก"
    preface = next(p for p in body.iter(q("p")) if p.find("w:pPr/w:tabs", NS) is not None)
    assert strip_break_marks(" ".join(preface.xpath(".//w:t/text()", namespaces=NS))) == "คำนำ ก"


def test_settings(sample_docx):
    settings = _part(sample_docx, "word/settings.xml")
    children = [etree.QName(c).localname for c in settings]
    assert children.index("updateFields") < children.index("compat")
    mode = settings.xpath(".//w:compatSetting[@w:name='compatibilityMode']", namespaces=NS)
    assert mode[0].get(q("val")) == "15"


# --------------------------------------------------------------------------- Thai typography

def test_every_run_is_complex_script(sample_docx):
    z = zipfile.ZipFile(io.BytesIO(sample_docx))
    runs = 0
    for name in ("word/document.xml", "word/header1.xml"):
        root = etree.fromstring(z.read(name))
        for r in root.iter(q("r")):
            runs += 1
            rpr = r.find(q("rPr"))
            assert rpr is not None
            fonts = rpr.find(q("rFonts"))
            assert {k: fonts.get(q(k)) for k in ("ascii", "hAnsi", "cs", "eastAsia")} == \
                dict.fromkeys(("ascii", "hAnsi", "cs", "eastAsia"), "TH SarabunPSK")
            assert rpr.find(q("cs")) is not None
            # Thai text in Thai, Latin text in English (LibreOffice breaks Latin words of a
            # run whose w:val is Thai with its Thai breaker: "Tran|sparency")
            lang = rpr.find(q("lang"))
            assert (lang.get(q("bidi")), lang.get(q("val"))) == ("th-TH", "en-US")
            sz, szcs = rpr.find(q("sz")), rpr.find(q("szCs"))
            assert sz is not None and szcs is not None and sz.get(q("val")) == szcs.get(q("val"))
            assert (rpr.find(q("b")) is None) == (rpr.find(q("bCs")) is None)
            assert (rpr.find(q("i")) is None) == (rpr.find(q("iCs")) is None)
            assert rpr.find(q("noProof")) is None
    assert runs > 1000


def test_one_run_per_format(body):
    for p in body.iter(q("p")):
        prev = None
        for r in p.findall(q("r")):
            if r.find(q("fldChar")) is not None or r.find(q("instrText")) is not None:
                prev = None  # a field's runs are apart by nature
                continue
            fmt = etree.tostring(r.find(q("rPr")))
            assert fmt != prev, _text(p)
            prev = fmt


def test_styles_name_the_font_not_the_theme(sample_docx):
    styles = zipfile.ZipFile(io.BytesIO(sample_docx)).read("word/styles.xml").decode()
    assert "Theme" not in styles and "theme" not in styles
    assert "ar-SA" not in styles
    root = etree.fromstring(styles.encode())
    defaults = root.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    assert defaults.find("w:rFonts", NS).get(q("cs")) == "TH SarabunPSK"
    assert defaults.find("w:szCs", NS).get(q("val")) == "32"
    assert defaults.find("w:lang", NS).get(q("bidi")) == "th-TH"
    assert defaults.find("w:lang", NS).get(q("val")) == "en-US"
    ids = {s.get(q("styleId")) for s in root.findall("w:style", NS)}
    assert {"Normal", "Heading1", "Heading2", "Heading5", "TOC1", "Header"} <= ids


def test_justification_in_body_never_in_cells(body):
    in_cells = body.xpath(".//w:tc//w:jc[@w:val='thaiDistribute']", namespaces=NS)
    assert in_cells == []
    assert len(body.xpath(".//w:jc[@w:val='thaiDistribute']", namespaces=NS)) > 100


def test_explicit_line_spacing(body):
    for p in body.iter(q("p")):
        spacing = p.find("w:pPr/w:spacing", NS)
        assert spacing is not None and spacing.get(q("lineRule")) in ("exact", "auto")


def test_font_setting(mini_plan):
    data = render_docx(compose_plan(mini_plan, Settings(font="Sarabun")), Settings(font="Sarabun"))
    root = _part(data, "word/document.xml")
    fonts = {f.get(q("cs")) for f in root.iter(q("rFonts"))}
    assert fonts == {"Sarabun"}
    body_sizes = {s.get(q("val")) for s in root.iter(q("szCs"))}
    assert "22" in body_sizes and "32" not in body_sizes


def test_arabic_digits_setting(mini_plan):
    settings = Settings(thai_digits=False)
    data = render_docx(compose_plan(mini_plan, settings), settings)
    root = _part(data, "word/document.xml")
    fmts = {p.get(q("fmt")) for p in root.iter(q("pgNumType"))}
    assert fmts == {"decimal", "thaiLetters"}
    assert "ลำดับที่ 1" in paragraph_texts(data)


# --------------------------------------------------------------------------- text safety

def test_xml_special_characters_round_trip(mini_plan):
    name = 'โครงการ "A&B" <ทดสอบ> \'ITA\' & ; ]]> &amp;'
    p1 = attrs.evolve(mini_plan.projects[0], name=name, responsible="กอง <คลัง> & ฝ่าย")
    plan = attrs.evolve(mini_plan, projects=(p1,) + mini_plan.projects[1:],
                        title="แผน & <ทดสอบ>")
    data = generate(plan, S)["mini-plan.docx"]
    texts = paragraph_texts(data)
    assert f"{phrases.field_label(1)} : {name}" in texts
    assert f"{phrases.project_label(1)} {name}" in texts  # the Part 2 cell
    assert "กอง <คลัง> & ฝ่าย" in texts
    core = _part(data, "docProps/core.xml")
    assert core.find("{http://purl.org/dc/elements/1.1/}title").text.startswith("แผน & <ทดสอบ>")


def test_control_characters_never_corrupt_the_file(mini_plan):
    p1 = attrs.evolve(mini_plan.projects[0], name="โครงการ\x07ทดสอบ\x00\x1b", rationale=("ก\tข\r\nค",))
    plan = attrs.evolve(mini_plan, projects=(p1,) + mini_plan.projects[1:])
    data = generate(plan, S)["mini-plan.docx"]
    z = zipfile.ZipFile(io.BytesIO(data))
    for name in z.namelist():
        etree.fromstring(z.read(name))
    texts = paragraph_texts(data)
    assert f"{phrases.field_label(1)} : โครงการทดสอบ" in texts
    assert "ก ข ค" in texts


# --------------------------------------------------------------------------- determinism

_BUILD = """
import hashlib, sys
from antong_reports.sources import load_plan
from antong_reports.render.docx import generate
from antong_reports.common.settings import Settings
out = generate(load_plan(sys.argv[1]), Settings())
sys.stdout.write(hashlib.sha256(next(iter(out.values()))).hexdigest())
"""


def test_byte_identical_across_processes(sample_path, sample_docx):
    import hashlib

    digests = {
        subprocess.run([sys.executable, "-c", _BUILD, str(sample_path)], capture_output=True,
                       text=True, check=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2")
    }
    assert digests == {hashlib.sha256(sample_docx).hexdigest()}


# --------------------------------------------------------------------------- a real client

@pytest.fixture(scope="module")
def libreoffice_pdf(sample_docx, soffice, poppler, tmp_path_factory):
    d = tmp_path_factory.mktemp("docx-pdf")
    src = d / "plan.docx"
    src.write_bytes(sample_docx)
    return convert_with_libreoffice(src, "pdf", d)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_libreoffice_pdf_holds_totals_and_names(libreoffice_pdf, sample_plan):
    text = pdftotext(libreoffice_pdf, "-raw")
    flat = _squash(text)
    assert "๓๓๙,๑๖๐" in text
    missing = [p.name for p in sample_plan.projects if _squash(p.name) not in flat]
    assert missing == []


def test_libreoffice_toc_shows_page_numbers(libreoffice_pdf, sample_plan):
    pages = pdftotext(libreoffice_pdf, "-layout").split("\f")
    toc = next(p for p in pages if "สารบัญ" in p and "หน้า" in p)
    entries = ["คำนำ", "ส่วนที่ ๑ บทนำ", "๒. หลักการและเหตุผล", "ส่วนที่ ๒", "ส่วนที่ ๓"]
    numbers = {}
    for entry in entries:
        lines = toc.splitlines()
        i = next(k for k, line in enumerate(lines) if line.strip().startswith(entry))
        # an entry may wrap: its dot leader and number end the line or the next one
        m = (re.search(r"\.{3,}\s*([0-9๐-๙กข]+)\s*$", lines[i])
             or re.search(r"\.{3,}\s*([0-9๐-๙กข]+)\s*$", lines[i + 1]))
        assert m, lines[i:i + 2]
        numbers[entry] = m.group(1)
    assert numbers["ส่วนที่ ๑ บทนำ"] in ("1", "๑")
    assert numbers["คำนำ"] == "ก"
    as_int = {k: int(tt.arabic_digits(v)) for k, v in numbers.items() if k != "คำนำ"}
    assert as_int["ส่วนที่ ๑ บทนำ"] <= as_int["๒. หลักการและเหตุผล"] < as_int["ส่วนที่ ๒"] \
        < as_int["ส่วนที่ ๓"]
    # the numbers are right: the physical pages of the part headings are that far apart
    start = pages.index(toc) + 1

    def physical(head: str) -> int:
        return next(i for i, p in enumerate(pages[start:], start)
                    if head in [line.strip() for line in p.splitlines()])

    p1, p2, p3 = (physical(f"ส่วนที่ {tt.digits(n)}") for n in (1, 2, 3))
    assert p2 - p1 == as_int["ส่วนที่ ๒"] - as_int["ส่วนที่ ๑ บทนำ"]
    assert p3 - p1 == as_int["ส่วนที่ ๓"] - as_int["ส่วนที่ ๑ บทนำ"]


def test_libreoffice_landscape_pages(libreoffice_pdf):
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "200", str(libreoffice_pdf)],
                          capture_output=True, text=True, check=True).stdout
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)
    landscape = [float(w) > float(h) for w, h in sizes]
    assert any(landscape) and not landscape[0] and not landscape[-1]
    # the landscape pages form one run (Part 2)
    first, last = landscape.index(True), len(landscape) - 1 - landscape[::-1].index(True)
    assert all(landscape[first:last + 1])


# --------------------------------------------------------------------------- other trees, other readers

def _png(width: int, height: int) -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def test_any_tree_images_and_charts():
    from antong_reports.compose.tree import (Chart, Document, Image, ListBlock, ListItem, Meta,
                                             PageBreak, PageNumbers, Paragraph, Run, Section,
                                             Spacer)

    png = _png(40, 20)
    doc = Document(
        meta=Meta(title="ทดสอบ", author="หน่วยงาน"),
        sections=(Section((
            Paragraph((Run("ก", bold=True), Run("ข", bold=True), Run("ค", italic=True),
                       Run("ง", underline=True))),
            ListBlock((ListItem("๑)", ()),)),
            Spacer(2), PageBreak(),
            Image(png, width=0.5, alt="กราฟ"),
            Chart("งบประมาณ", ("มิติที่ ๑", "มิติที่ ๒"), (("ปี ๒๕๖๖", (1500.0, 0.0)),),
                  value_label="บาท"),
        ), page_numbers=PageNumbers.DIGITS, page_start=1),),
    )
    data = render_docx(doc, S)
    z = zipfile.ZipFile(io.BytesIO(data))
    assert z.read("word/media/image1.png") == png
    assert 'Extension="png"' in z.read("[Content_Types].xml").decode()
    root = etree.fromstring(z.read("word/document.xml"))
    extent = root.find(".//{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent")
    assert int(extent.get("cx")) == 2 * int(extent.get("cy"))  # the picture keeps its aspect
    texts = paragraph_texts(data)
    assert "กข ค ง".replace(" ", "") in [t.replace(" ", "") for t in texts]
    # bold runs merged into one run, other formats apart
    first = root.find(".//w:p", NS)
    assert [_text(r) for r in first.findall("w:r", NS)] == ["กข", "ค", "ง"]
    # the chart as a table of its data
    assert "๑,๕๐๐" in texts and "ปี ๒๕๖๖" in texts and "มิติที่ ๒" in texts
    assert root.find(".//w:p/w:pPr/w:pageBreakBefore", NS) is not None


def test_python_docx_reads_the_plan(sample_docx, sample_plan):
    import docx

    d = docx.Document(io.BytesIO(sample_docx))
    assert d.core_properties.author == sample_plan.organization.name
    assert d.core_properties.created.year == 2022
    assert len(d.tables) >= 3
    assert len(d.sections) == 5
    assert d.sections[3].orientation == 1  # WD_ORIENT.LANDSCAPE
    names = [p.style.name for p in d.paragraphs if strip_break_marks(p.text).startswith("ลำดับที่")]
    assert names == ["Heading 5"] * 27  # the built-in style Word lists in its navigation


def test_python_docx_opens_it_with_the_plans_properties(sample_docx, sample_plan):
    import datetime as dt

    import docx

    from antong_reports.compose.plan import plan_meta

    d = docx.Document(io.BytesIO(sample_docx))
    cp = d.core_properties
    meta = plan_meta(sample_plan, S)
    assert cp.title == meta.title and sample_plan.title in cp.title
    assert cp.author == sample_plan.organization.name
    assert cp.created == dt.datetime(2022, 9, 1, tzinfo=cp.created.tzinfo)
    assert cp.created.date() == sample_plan.date
    assert cp.modified == cp.created  # never "now"
    assert (cp.last_modified_by, cp.revision) == ("antong-reports", 1)
    assert cp.keywords.endswith(sample_plan.organization.name)
    assert "python-docx" not in (cp.comments + cp.author + cp.last_modified_by)
    # every section has its own page-number header or the empty one, never the template's
    headers = [s.header for s in d.sections]
    assert not any(h.is_linked_to_previous for h in headers)
    assert [h.paragraphs[0].text for h in headers] == [""] * 5
    app = zipfile.ZipFile(io.BytesIO(sample_docx)).read("docProps/app.xml").decode()
    assert "<Application>antong-reports</Application>" in app


_THEME_FONTS = re.compile(r"\b(?:w:)?(?:asciiTheme|cstheme|hAnsiTheme|eastAsiaTheme)=")


def test_no_theme_fonts_no_noproof_no_arabic(sample_docx):
    z = zipfile.ZipFile(io.BytesIO(sample_docx))
    for name in ("word/styles.xml", "word/document.xml"):
        xml = z.read(name).decode()
        assert not _THEME_FONTS.search(xml), name
        assert "<w:noProof" not in xml, name
    # nor anywhere else in the package (numbering, headers, …), and no Arabic bidi language;
    # the template's Word 2010 copy of the styles and its thumbnail are gone
    for name in z.namelist():
        if name.endswith(".xml") and not name.startswith("word/theme/"):
            xml = z.read(name).decode()
            assert not _THEME_FONTS.search(xml) and "ar-SA" not in xml, name
    assert not any("stylesWithEffects" in n or "thumbnail" in n for n in z.namelist())


def test_template_heading_styles_do_not_show_through(sample_docx):
    """python-docx's template makes level-4 headings italic and headings blue; the styles here
    are bold, black, in the document's font, with the heading sizes of the runs."""
    styles = _part(sample_docx, "word/styles.xml")
    for level in range(1, 10):
        style = styles.find(f"w:style[@w:styleId='Heading{level}']", NS)
        rpr = style.find("w:rPr", NS)
        assert rpr.find("w:i", NS) is None and rpr.find("w:iCs", NS) is None, level
        assert rpr.find("w:color", NS) is None, level
        assert rpr.find("w:b", NS) is not None and rpr.find("w:bCs", NS) is not None
        assert rpr.find("w:sz", NS).get(q("val")) == rpr.find("w:szCs", NS).get(q("val"))
        assert rpr.find("w:rFonts", NS).get(q("cs")) == "TH SarabunPSK"
    toc1 = styles.find("w:style[@w:styleId='TOC1']", NS)
    assert toc1.find("w:name", NS).get(q("val")) == "toc 1"  # Word's built-in name
    assert toc1.get(q("customStyle")) is None


def _table_doc(rows: int):
    from antong_reports.compose.tree import (Cell, Document, Meta, Paragraph, Row, Run, Section,
                                             Table)

    def cell(text):
        return Cell((Paragraph((Run(text),)),))

    body = [Row((cell(f"แถว {i}"), cell("ข้อความ ภาษาไทย " * 3), cell(f"{i:,}"))) for i in range(rows)]
    table = Table(widths=(1, 3, 1), rows=[Row((cell("ก"), cell("ข"), cell("ค")), kind="header")] + body)
    return Document(Meta("t", "a"), (Section((table,)),))


def test_long_tables_render_in_linear_time():
    """A table moves into the document in time linear in its size (lxml moves a subtree with
    namespaces declared above it, or with xml:space attributes, in quadratic time)."""
    import time

    def best(doc):
        times = []
        for _ in range(2):
            t0 = time.perf_counter()
            data = render_docx(doc, S)
            times.append(time.perf_counter() - t0)
        return min(times), data

    small, _ = best(_table_doc(500))
    large, data = best(_table_doc(4000))
    assert large < 12 * small, (small, large)  # 8× the rows; quadratic would be about 64×
    root = _part(data, "word/document.xml")
    assert len(root.find("w:body/w:tbl", NS).findall("w:tr", NS)) == 4001
    spaced = root.findall(".//w:t", NS)
    assert spaced and all(t.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"
                          for t in spaced)


def test_document_ending_with_a_table_ends_with_a_paragraph(mini_plan):
    from antong_reports.compose.tables import part2_table as table
    from antong_reports.compose.tree import Document, Meta, Section

    doc = Document(Meta("t", "a"), (Section((table(mini_plan, S),)),))
    root = _part(render_docx(doc, S), "word/document.xml")
    body_children = [etree.QName(c).localname for c in root.find("w:body", NS)]
    assert body_children == ["tbl", "p", "sectPr"]


from hypothesis import HealthCheck, given, settings as hsettings, strategies as st  # noqa: E402


@hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40))
def test_any_plan_text_gives_a_sound_file(mini_plan, text):
    from antong_reports.render.docxutil import clean

    p1 = attrs.evolve(mini_plan.projects[0], name=text, outputs=(text, "x"))
    plan = attrs.evolve(mini_plan, projects=(p1,) + mini_plan.projects[1:], title=text)
    data = generate(plan, S)["mini-plan.docx"]
    z = zipfile.ZipFile(io.BytesIO(data))
    for name in ("word/document.xml", "docProps/core.xml"):
        etree.fromstring(z.read(name))
    expected = strip_break_marks(re.sub(r"[\t\n]", " ", clean(text)))
    assert f"{phrases.field_label(1)} : {expected}" in paragraph_texts(data)


def test_thai_word_boundaries_and_no_break_spaces(sample_docx):
    """Zero-width spaces between Thai words (break opportunities Word and LibreOffice honour),
    no-break spaces between "พ.ศ." and its year and a number and its unit, the organization's
    name kept whole; reading the text back gives the plain text."""
    xml = zipfile.ZipFile(io.BytesIO(sample_docx)).read("word/document.xml").decode()
    assert xml.count("\u200b") > 2000
    assert "พ.ศ.\u00a0๒๕๖๖" in xml and "พ.ศ. ๒๕๖๖" not in xml
    assert "\u00a0บาท" in xml
    assert "เทศบาลเมือง\u2060อ่างทอง" in xml and "เทศบาล\u200bเมือง" not in xml
    texts = paragraph_texts(sample_docx)
    joined = "\n".join(texts)
    assert not set(joined) & {"\u200b", "\u2060", "\u00a0"}
    assert "(พ.ศ. ๒๕๖๖ – ๒๕๗๐)" in joined


def test_column_widths_read_sarabuns_advances_as_harfbuzz_shapes_them():
    """The DOCX sizes table columns with Sarabun's advance widths read from the font file (no
    HarfBuzz in a DOCX build): a Thai word's width is HarfBuzz's shaped width."""
    import uharfbuzz as hb

    from antong_reports.common.assets import fonts_dir
    from antong_reports.render import docx as rd

    for bold, face in ((False, "Regular"), (True, "Bold")):
        blob = hb.Blob((fonts_dir() / f"Sarabun-{face}.ttf").read_bytes())
        font = hb.Font(hb.Face(blob))
        for word in ("หมายเหตุ", "การปฏิบัติงาน", "ที่นี่ปิ่นโต", "ดำเนินงาน", "๓๓๙,๑๖๐", "งบประมาณ"):
            buf = hb.Buffer()
            buf.add_str(word)
            buf.guess_segment_properties()
            hb.shape(font, buf)
            shaped = sum(p.x_advance for p in buf.glyph_positions) / hb.Face(blob).upem
            assert rd._thai_width(word, bold, 10.0) == pytest.approx(shaped * 10 * 20 * 1.01)
