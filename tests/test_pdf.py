"""The PDF renderer on hand-built trees and on the sample's whole plan.

The plan PDF is checked from outside, with poppler (pdftotext, pdffonts, pdfinfo) and a small
reader of the PDF's own objects (outline, page labels, catalog): text, table of contents against
the pages its headings really land on, outline, landscape Part 2, page numbers, fonts, document
information, determinism across processes.
"""

from __future__ import annotations

import datetime as dt_
import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import pdftotext

from antong_reports.compose import tree as dt
from antong_reports.thai import text as tt
from antong_reports.render.pdf import generate, render_pdf, render_pdf_with_pages
from antong_reports.common.settings import DEFAULT

ROOT = Path(__file__).resolve().parent.parent

#: Thai combining marks (above/below vowels, tone marks, thanthakhat …) and sara am
MARKS = frozenset(chr(c) for c in (0x0E31, 0x0E33, *range(0x0E34, 0x0E3B), *range(0x0E47, 0x0E4F)))


def norm(text: str) -> str:
    """Text compared after NFC and removing whitespace and line breaks only."""
    return "".join(unicodedata.normalize("NFC", text).split())


# --------------------------------------------------------------------------- reading PDFs

def pdf_objects(data: bytes) -> dict[int, bytes]:
    return {int(m.group(1)): m.group(2)
            for m in re.finditer(rb"(\d+) 0 obj\s*(.*?)endobj", data, re.S)}


def _literal(raw: bytes) -> bytes:
    out = bytearray()
    i = 0
    esc = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
    while i < len(raw):
        c = raw[i:i + 1]
        if c == b"\\":
            nxt = raw[i + 1:i + 2]
            if nxt.isdigit():
                j = i + 1
                while j < len(raw) and j < i + 4 and raw[j:j + 1].isdigit():
                    j += 1
                out.append(int(raw[i + 1:j], 8) & 0xFF)
                i = j
                continue
            out += esc.get(nxt, nxt)
            i += 2
            continue
        out += c
        i += 1
    return bytes(out)


def pdf_string(body: bytes, key: bytes) -> str | None:
    """The text string stored under ``key`` in an object's dictionary (literal or hex)."""
    m = re.search(re.escape(key) + rb"\s*\(((?:\\.|[^\\)])*)\)", body, re.S)
    if m:
        raw = _literal(m.group(1))
    else:
        m = re.search(re.escape(key) + rb"\s*<([0-9A-Fa-f\s]*)>", body)
        if not m:
            return None
        raw = bytes.fromhex(m.group(1).decode())
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be")
    return raw.decode("latin-1")


def outline(data: bytes) -> list[tuple[int, str]]:
    """The PDF outline as (depth, title) in reading order (depth 0 = top level)."""
    objs = pdf_objects(data)
    root = next(n for n, b in objs.items() if b"/Type /Catalog" in b)
    m = re.search(rb"/Outlines (\d+) 0 R", objs[root])
    if not m:
        return []
    out: list[tuple[int, str]] = []

    def ref(body: bytes, key: bytes) -> int | None:
        r = re.search(re.escape(key) + rb" (\d+) 0 R", body)
        return int(r.group(1)) if r else None

    def walk(first: int | None, depth: int):
        n = first
        while n is not None:
            body = objs[n]
            out.append((depth, pdf_string(body, b"/Title") or ""))
            walk(ref(body, b"/First"), depth + 1)
            n = ref(body, b"/Next")

    walk(ref(objs[int(m.group(1))], b"/First"), 0)
    return out


def page_labels(data: bytes) -> list[str]:
    """The /PageLabels prefixes in page order (this renderer writes one label per page)."""
    objs = pdf_objects(data)
    root = next(n for n, b in objs.items() if b"/Type /Catalog" in b)
    m = re.search(rb"/PageLabels (\d+) 0 R", objs[root])
    assert m, "no /PageLabels in the catalog"
    body = objs[int(m.group(1))]
    labels = []
    for num, ref in re.findall(rb"(\d+) (\d+) 0 R", body):
        labels.append((int(num), pdf_string(objs[int(ref)], b"/P") or ""))
    return [label for _, label in sorted(labels)]


def page_sizes(path: Path) -> list[tuple[float, float]]:
    out = subprocess.run(["pdfinfo", "-f", "1", "-l", "100000", str(path)], capture_output=True,
                         text=True, check=True).stdout
    return [(float(w), float(h)) for w, h in
            re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", out, re.M)]


def pdfinfo(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def fonts(path: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def raw_pages(path: Path) -> list[str]:
    """``pdftotext -raw`` text of every page."""
    pages = pdftotext(path, "-raw").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def without_page_numbers(pages: list[str], labels: list[str]) -> list[str]:
    """Pages without the page number printed at their top (the first line, when it is one)."""
    out = []
    for text, label in zip(pages, labels):
        lines = text.split("\n")
        if label and lines and lines[0].strip() == label:
            lines = lines[1:]
        out.append("\n".join(lines))
    return out


def found(text: str, pages: list[str], joined: str) -> bool:
    """``text`` appears whole, or cut once across two consecutive pages."""
    t = norm(text)
    if not t or t in joined:
        return True
    for k in range(len(pages) - 1):
        a, b = pages[k], pages[k + 1]
        for i in range(1, len(t)):
            if a.endswith(t[:i]) and t[i:] in b:
                return True
            if t[:i] in a and b.startswith(t[i:]):
                return True
    return False


def found_in_cut_cell(text: str, pages: list[str]) -> bool:
    """A table cell cut at a page end: its two parts, in order, on consecutive pages."""
    t = norm(text)
    for k in range(len(pages) - 1):
        a, b = pages[k], pages[k + 1]
        for i in range(1, len(t)):
            if t[:i] in a and t[i:] in b:
                return True
    return False


# --------------------------------------------------------------------------- hand-built trees

def _p(text, **kw):
    return dt.Paragraph(dt.runs(text), **kw)


def _cell(text, **kw):
    return dt.Cell((_p(text),), **kw)


def _tiny_png() -> bytes:
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\x80\x80\xc0" * 4 for _ in range(3))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 3, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def every_node_document(thai: bool = True, rows: int = 60) -> dt.Document:
    """A document using every node type, with a table long enough to cross pages and a cell
    merged over all its body rows."""
    head = dt.Row((_cell("กลุ่ม", shade=True), _cell("รายการ", shade=True),
                   _cell("จำนวนเงิน", shade=True, align=dt.Align.RIGHT)), kind="header")
    body = []
    for i in range(rows):
        cells = []
        if i == 0:
            cells.append(_cell("กลุ่มที่ยาวข้ามหน้า", rowspan=rows, valign="middle"))
        cells += [_cell(f"รายการที่ {tt.digits(i + 1, thai)} การป้องกันการทุจริตในองค์กร"),
                  _cell(tt.amount(1000 * (i + 1), thai), align=dt.Align.RIGHT)]
        body.append(dt.Row(cells))
    total = dt.Row((dt.Cell((_p("รวมทั้งสิ้น"),), colspan=2, align=dt.Align.CENTER),
                    _cell(tt.amount(sum(1000 * (i + 1) for i in range(rows)), thai))), kind="total")
    table = dt.Table((3, 8, 3), (head, *body, total), header_rows=1, name="long")
    nested = dt.ListBlock((
        dt.ListItem("๑)", (_p("ขั้นตอนแรกของการดำเนินงาน"),)),
        dt.ListItem("๒)", (_p("ขั้นตอนที่สอง"),), dt.ListBlock((
            dt.ListItem("๒.๑)", (_p("ขั้นตอนย่อยที่หนึ่ง"),), dt.ListBlock((
                dt.ListItem("-", (_p("รายละเอียดย่อยที่สุด"),)),), indent=2)),
        ), indent=1)),
    ))
    toc = dt.Toc((dt.TocEntry("บทที่หนึ่ง", "ch1", 0), dt.TocEntry("ตารางยาว", "ch1-table", 1),
                  dt.TocEntry("บทที่สอง", "ch2", 0), dt.TocEntry("ภาคผนวก", "annex", 0, "ผ")))
    chart = dt.Chart("งบประมาณจำแนกตามมิติ", ("มิติที่ ๑", "มิติที่ ๒"),
                     (("ปี ๒๕๖๖", (100.0, 2500.0)), ("ปี ๒๕๖๗", (0.0, 1200.0))), "บาท")
    return dt.Document(
        meta=dt.Meta("เอกสารทดสอบ", "เทศบาลตัวอย่าง", "หัวเรื่อง", ("คำค้น",),
                     dt_.datetime(2023, 3, 15, 9, 30)),
        thai_digits=thai,
        sections=(
            dt.Section((_p("ปกเอกสาร", align=dt.Align.CENTER, size="title"),),
                       page_numbers=dt.PageNumbers.NONE),
            dt.Section((dt.Heading(dt.runs("สารบัญ"), level=0, bookmark="toc", outline=False),
                        toc), page_numbers=dt.PageNumbers.THAI_LETTERS, page_start=1),
            dt.Section((
                dt.Heading(dt.runs("บทที่หนึ่ง"), level=0, bookmark="ch1"),
                dt.Paragraph((dt.Run("ตัวหนา", bold=True), dt.Run(" และ "),
                              dt.Run("ตัวเอียง", italic=True), dt.Run(" ในย่อหน้าเดียว")),
                             align=dt.Align.JUSTIFY, first_line_indent=True),
                _p("บรรทัดแรก\nบรรทัดที่สอง", indent=1),
                nested,
                dt.Spacer(1),
                dt.Image(_tiny_png(), width=0.3, alt="ภาพ"),
                chart,
                dt.Heading(dt.runs("ตารางยาว"), level=1, bookmark="ch1-table"),
                table,
                dt.PageBreak(),
                dt.Heading(dt.runs("บทที่สอง"), level=0, bookmark="ch2", outline_title="บทสอง"),
                _p("ย่อหน้าสุดท้าย", align=dt.Align.RIGHT),
            ), page_numbers=dt.PageNumbers.DIGITS, page_start=1),
            dt.Section((dt.Heading(dt.runs("ภาคผนวก"), level=0, bookmark="annex"),
                        dt.Table((1, 1), (dt.Row((_cell("ก"), _cell("ข")), kind="header"),)),),
                       orientation=dt.Orientation.LANDSCAPE),
        ),
    )


@pytest.fixture(scope="module")
def every_node(tmp_path_factory, poppler):
    doc = every_node_document()
    data, landed = render_pdf_with_pages(doc, DEFAULT)
    path = tmp_path_factory.mktemp("nodes") / "nodes.pdf"
    path.write_bytes(data)
    return SimpleNamespace(doc=doc, data=data, path=path, landed=landed, pages=raw_pages(path))


def test_every_node_type_renders(every_node):
    text = norm("".join(every_node.pages))
    for b in every_node.doc.walk():
        if isinstance(b, (dt.Paragraph, dt.Heading)):
            assert norm(b.text) in text, b.text
    # list labels, chart labels and the TOC's fixed label are drawn as text
    for s in ("๒.๑)", "มิติที่๒", "ปี๒๕๖๗", "ผ"):
        assert s in text


def test_long_table_repeats_header_and_cuts_merged_cell(every_node):
    pages = every_node.pages
    with_rows = [i for i, p in enumerate(pages) if "การป้องกันการทุจริตในองค์กร" in p]
    assert len(with_rows) >= 2, "the long table should cross a page"
    for i in with_rows:
        assert "จำนวนเงิน" in pages[i], f"header not repeated on page {i + 1}"
        # the merged cell is cut at the page end and its text kept on each page
        assert "กลุ่มที่ยาวข้ามหน้า" in pages[i], f"merged cell text missing on page {i + 1}"
    joined = norm("".join(pages))
    for i in range(60):
        assert norm(f"รายการที่ {tt.digits(i + 1)} การป้องกันการทุจริตในองค์กร") in joined


def test_toc_of_hand_built_tree(every_node):
    pages = every_node.pages
    toc_page = next(p for p in pages if p.lstrip().startswith("ก") and "บทที่หนึ่ง" in p)
    lines = [norm(x) for x in toc_page.splitlines()]
    for key, text in (("ch1", "บทที่หนึ่ง"), ("ch1-table", "ตารางยาว"), ("ch2", "บทที่สอง")):
        page, label = every_node.landed[key]
        assert norm(text) + label in lines
        assert pages[page - 1].splitlines()[0].strip() == label
        assert norm(text) in norm(pages[page - 1])
    assert norm("ภาคผนวก") + "ผ" in lines  # a fixed label is printed as given


def test_orientation_and_page_labels(every_node):
    sizes = page_sizes(every_node.path)
    assert sizes[0][0] < sizes[0][1]
    assert sizes[-1][0] > sizes[-1][1], "the last section is landscape"
    labels = page_labels(every_node.data)
    assert labels[0] == "" and labels[1] == "ก"
    digits = labels[2:]
    assert digits == [tt.thai_digits(i) for i in range(1, len(digits) + 1)]


def test_outline_levels_and_titles(every_node):
    ol = outline(every_node.data)
    titles = [t for _, t in ol]
    assert "สารบัญ" not in titles  # outline=False
    assert (0, "บทที่หนึ่ง") in ol and (1, "ตารางยาว") in ol
    assert (0, "บทสอง") in ol  # outline_title is used


def test_arabic_digits_page_numbers(tmp_path, poppler):
    doc = every_node_document(thai=False, rows=5)
    path = tmp_path / "arabic.pdf"
    path.write_bytes(render_pdf(doc, DEFAULT))
    labels = page_labels(path.read_bytes())
    assert labels[2:4] == ["1", "2"][:len(labels[2:4])]
    first = raw_pages(path)[2].splitlines()[0].strip()
    assert first == "1"


def test_every_node_fonts_are_embedded_sarabun(every_node):
    rows = fonts(every_node.path)
    assert rows
    for row in rows:
        assert re.fullmatch(r"[A-Z]{6}\+Sarabun-[A-Za-z]+", row[0]), row
        assert row[-5:-2] == ["yes", "yes", "yes"], row  # embedded, subset, ToUnicode


def test_creation_date_and_language(every_node):
    assert b"/CreationDate (D:20230315093000+07'00')" in every_node.data
    assert b"/Lang (th-TH)" in every_node.data


# --------------------------------------------------------------------------- the sample's plan

@pytest.fixture(scope="module")
def plan_pdf(sample_plan, tmp_path_factory, poppler):
    from antong_reports.compose.plan import compose_plan

    doc = compose_plan(sample_plan, DEFAULT)
    data, landed = render_pdf_with_pages(doc, DEFAULT)
    path = tmp_path_factory.mktemp("plan") / "plan.pdf"
    path.write_bytes(data)
    labels = page_labels(data)
    pages = raw_pages(path)
    return SimpleNamespace(doc=doc, data=data, path=path, landed=landed, pages=pages,
                           labels=labels, body=without_page_numbers(pages, labels))


def test_generate_names_both_files(sample_plan):
    out = generate(sample_plan, DEFAULT)
    assert set(out) == {f"{sample_plan.slug}-plan.pdf", f"{sample_plan.slug}-summary.pdf"}
    assert all(v.startswith(b"%PDF-") for v in out.values())


def test_plan_text_has_projects_and_grand_total(plan_pdf, sample_plan):
    text = norm("".join(plan_pdf.body))
    assert "๓๓๙,๑๖๐" in text
    missing = [p.name for p in sample_plan.projects if norm(p.name) not in text]
    assert not missing


def test_every_paragraph_and_cell_extracts(plan_pdf):
    pages = [norm(p) for p in plan_pdf.body]
    joined = "".join(pages)
    missing = []
    cells = []
    in_cells = set()
    for b in plan_pdf.doc.walk():
        if isinstance(b, dt.Table):
            cells += [c for row in b.rows for c in row.cells]
            in_cells |= {id(x) for c in cells for blk in c.blocks for x in dt.walk_block(blk)}
        if isinstance(b, (dt.Paragraph, dt.Heading)):
            # a paragraph of a table row cut at a page end: its parts, in order, on two pages
            cut_ok = id(b) in in_cells and found_in_cut_cell(b.text, pages)
            if not found(b.text, pages, joined) and not cut_ok:
                missing.append(b.text)
    assert not missing, f"{len(missing)} paragraphs not found, e.g. {missing[:3]}"
    # a whole cell (all its paragraphs and list labels, in order) is found, or cut at a page end
    missing_cells = [c.text for c in cells
                     if not found(c.text, pages, joined) and not found_in_cut_cell(c.text, pages)]
    assert not missing_cells, f"{len(missing_cells)} cells not found, e.g. {missing_cells[:3]}"


def test_no_line_starts_with_a_combining_mark(plan_pdf):
    bad = [line for page in plan_pdf.pages for line in page.splitlines()
           if line and (line[0] in MARKS or line[0] in "ๆฯ")]
    assert not bad, bad[:5]


def test_toc_page_numbers_are_real_pages(plan_pdf):
    toc = next(b for b in plan_pdf.doc.walk() if isinstance(b, dt.Toc))
    toc_pages = [p for p in plan_pdf.body if norm(toc.page_heading) in norm(p)
                 and all(norm(e.text) in norm(p) for e in toc.entries[:2])]
    assert toc_pages, "no table-of-contents page"
    toc_lines = [norm(x) for x in toc_pages[0].splitlines()]
    after_toc = plan_pdf.pages.index(next(p for p in plan_pdf.pages
                                          if toc_pages[0].strip() in p)) + 1
    for e in toc.entries:
        line = next((x for x in toc_lines if x.startswith(norm(e.text))), None)
        assert line is not None, f"TOC has no line for {e.text}"
        label = line[len(norm(e.text)):]
        assert label, f"TOC line for {e.text} has no page number"
        assert all(ch in tt.THAI_DIGITS or ch in tt.THAI_LETTER_NUMERALS for ch in label)
        target = plan_pdf.labels.index(label)  # the physical page printed with that label
        text = norm(plan_pdf.pages[target])
        assert norm(e.text) in text or (e.bookmark.startswith("part")
                                        and norm(e.text)[:8] in text), (e.text, label)
        # and the heading is not on an earlier page after the TOC
        if target >= after_toc:
            for k in range(after_toc, target):
                assert norm(e.text) not in norm(plan_pdf.pages[k]), (e.text, k + 1)


def test_outline_has_parts_dimensions_projects(plan_pdf, sample_plan):
    ol = outline(plan_pdf.data)
    titles = [t for _, t in ol]
    top = [t for d, t in ol if d == 0]
    assert any(t.startswith("ส่วนที่ ๑") for t in top)
    assert any(t.startswith("ส่วนที่ ๒") for t in top)
    assert any(t.startswith("ส่วนที่ ๓") for t in top)
    dims = [t for d, t in ol if d == 1 and t.startswith("มิติที่")]
    assert len(dims) == len([g for g in sample_plan.groups() if g.projects])
    projects = [t for t in titles if t.startswith("ลำดับที่")]
    assert len(projects) == len(sample_plan.projects)
    for n in sample_plan.numbered():
        assert any(t.startswith(f"ลำดับที่ {tt.thai_digits(n.number)} ") and
                   norm(n.project.name) in norm(t) for t in projects), n.number
    # projects sit under their dimension, deeper than it
    depth = {t: d for d, t in ol}
    assert all(depth[t] > 1 for t in projects)


def test_part2_pages_are_landscape_with_repeated_header(plan_pdf):
    sizes = page_sizes(plan_pdf.path)
    assert len(sizes) == len(plan_pdf.pages)
    part2 = [i for i, p in enumerate(plan_pdf.pages) if "ภารกิจตามมิติ" in p]
    assert len(part2) >= 2, "the Part 2 table should take several pages"
    assert part2 == list(range(part2[0], part2[-1] + 1))
    for i, (w, h) in enumerate(sizes):
        if i in part2:
            assert w > h, f"page {i + 1} of Part 2 is not landscape"
            assert norm("งบประมาณ (บาท)") in norm(plan_pdf.pages[i]), f"header missing, page {i + 1}"
        else:
            assert h > w, f"page {i + 1} is landscape outside Part 2"
    assert "รวมทั้งสิ้น" in plan_pdf.pages[part2[-1]]


def test_page_numbers_thai(plan_pdf):
    labels = plan_pdf.labels
    assert len(labels) == len(plan_pdf.pages)
    assert labels[0] == ""  # the cover
    assert labels[1] == "ก"  # the preface
    first = labels.index("๑")
    assert labels[first:] == [tt.thai_digits(i) for i in range(1, len(labels) - first + 1)]
    assert all(ch in tt.THAI_LETTER_NUMERALS for label in labels[1:first] for ch in label)
    # the label is printed at the top of every numbered page, none on the cover
    for text, label in zip(plan_pdf.pages, labels):
        first_line = text.split("\n", 1)[0].strip()
        if label:
            assert first_line == label
    assert plan_pdf.pages[0].split("\n", 1)[0].strip() not in ("ก", "๑")
    # preface page: "ก"; Part 1 starts on "๑"
    assert "คำนำ" in plan_pdf.pages[1]
    assert "ส่วนที่ ๑" in plan_pdf.pages[first]


def test_plan_fonts_are_embedded_sarabun_subsets(plan_pdf):
    rows = fonts(plan_pdf.path)
    names = {r[0].split("+")[-1] for r in rows}
    assert {"Sarabun-Regular", "Sarabun-Bold"} <= names
    for row in rows:
        assert re.fullmatch(r"[A-Z]{6}\+Sarabun-[A-Za-z]+", row[0]), row
        assert row[-5:-3] == ["yes", "yes"], row


def test_plan_document_information(plan_pdf, sample_plan):
    info = pdfinfo(plan_pdf.path)
    assert sample_plan.title in info["Title"]
    assert info["Author"] == sample_plan.organization.name
    assert sample_plan.organization.name in info["Subject"]
    assert info["Keywords"]
    d = sample_plan.date
    assert f"/CreationDate (D:{d:%Y%m%d}000000+07'00')".encode() in plan_pdf.data
    assert b"/Lang (th-TH)" in plan_pdf.data


_BUILD = """
import sys
from antong_reports.sources import load_plan
from antong_reports.render.pdf import generate
out = generate(load_plan(sys.argv[1]), __import__("antong_reports.common.settings").common.settings.DEFAULT)
for name, data in sorted(out.items()):
    open(sys.argv[2] + "/" + name, "wb").write(data)
"""


def test_deterministic_across_processes(tmp_path, sample_path):
    outs = []
    for k in range(2):
        d = tmp_path / f"run{k}"
        d.mkdir()
        subprocess.run([sys.executable, "-c", _BUILD, str(sample_path), str(d)], check=True,
                       cwd=ROOT)
        outs.append({p.name: p.read_bytes() for p in d.iterdir()})
    assert outs[0].keys() == outs[1].keys() and len(outs[0]) == 2
    for name in outs[0]:
        assert outs[0][name] == outs[1][name], f"{name} differs between processes"


def _word_x(path: Path, word: str) -> float:
    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    m = re.search(r'<word xMin="([\d.]+)"[^>]*>' + re.escape(word) + "</word>", out)
    assert m, word
    return float(m.group(1))


def test_nested_lists_hang_under_their_parent_text(every_node):
    x1 = _word_x(every_node.path, "ขั้นตอนที่สอง")
    x2 = _word_x(every_node.path, "ขั้นตอนย่อยที่หนึ่ง")
    x3 = _word_x(every_node.path, "รายละเอียดย่อยที่สุด")
    label1 = _word_x(every_node.path, "๒)")
    label2 = _word_x(every_node.path, "๒.๑)")
    # each level's label starts where its parent's text starts; its text is to the right
    assert abs(label2 - x1) < 1.0
    assert x1 < x2 < x3
    assert label1 < x1
    assert x3 - x2 < 2.0 * 28.35  # one hang, not a hang plus an indent step


def test_sample_plan_line_breaks_judged_by_icu(sample_plan):
    """The measured bar on the sample's whole plan PDF: every line end between two Thai letters
    is judged by ICU's line breaker (not used to generate): at most 0.5 % are not ICU break
    points, none falls inside a grapheme cluster, and no line starts with a combining mark."""
    icu = pytest.importorskip("icu")
    from antong_reports.thai import typeset as pdfthai
    from antong_reports.compose.plan import compose_plan

    drawn: dict[int, list] = {}
    keep = []  # the paragraphs themselves, so no id is reused while the render frees objects
    original = pdfthai.Paragraph.drawOn

    def recording(self, *args, **kwargs):
        origin = self.origin
        if id(origin) not in drawn:
            keep.append(origin)
        drawn.setdefault(id(origin), [origin.text, []])[1].extend(self.line_spans())
        return original(self, *args, **kwargs)

    pdfthai.Paragraph.drawOn = recording
    try:
        render_pdf(compose_plan(sample_plan, DEFAULT), DEFAULT)
    finally:
        pdfthai.Paragraph.drawOn = original

    line_bi = icu.BreakIterator.createLineInstance(icu.Locale("th"))
    char_bi = icu.BreakIterator.createCharacterInstance(icu.Locale("th"))
    thai_ends = bad = inside_cluster = mark_starts = 0
    examples = []
    for text, spans in drawn.values():
        line_bi.setText(text)
        char_bi.setText(text)
        breaks, clusters = set(line_bi), set(char_bi)
        for k, (start, end) in enumerate(spans):
            line = text[start:end]
            if line and unicodedata.category(line[0]) == "Mn":
                mark_starts += 1
            if k + 1 == len(spans) or spans[k + 1][0] != end:
                continue
            if end not in clusters:
                inside_cluster += 1
            if pdfthai._is_thai_letter(text[end - 1]) and pdfthai._is_thai_letter(text[end]):
                thai_ends += 1
                if end not in breaks:
                    bad += 1
                    examples.append(text[max(0, end - 8):end] + "|" + text[end:end + 8])
    assert len(drawn) > 1000 and thai_ends > 500, (len(drawn), thai_ends)
    print(f"sample plan: {thai_ends} Thai-Thai line ends, {bad} not ICU break points "
          f"({bad / thai_ends:.2%}) {examples[:10]}")
    assert bad / thai_ends <= 0.005, examples
    assert inside_cluster == 0 and mark_starts == 0


def test_table_header_never_repeats_on_the_same_page(mini_plan, tmp_path, poppler):
    """A Part 2 table split before a subtotal it must not leave behind continues on the next
    page: its repeated header never appears twice on one page (a two-year plan whose last
    dimensions have no projects is such a table)."""
    import attrs

    from antong_reports.compose.plan import compose_plan

    plan = attrs.evolve(mini_plan, last_year=2567, target_table=())
    path = tmp_path / "two-years.pdf"
    path.write_bytes(render_pdf(compose_plan(plan, DEFAULT), DEFAULT))
    pages = pdftotext(path, "-raw").split("\f")
    counts = [page.count("ภารกิจตามมิติ") for page in pages]
    assert sum(counts) >= 2, counts          # the table did split across pages
    assert max(counts) == 1, counts


# --------------------------------------------------------------------------- rows taller than a page

#: tokens of cell texts that once made a row too tall for reportlab's own row splitting
LONG_WORD = "ก" * 80
URL = "https://example.org/a/very/long/path/that/does/not/break"


def column_texts(path: Path, widths, orientation=dt.Orientation.PORTRAIT) -> list[str]:
    """The text of each column of a frame-wide table, every page read top to bottom (pdftotext
    cropped to the column, below the top margin and its page number), normalised as ``norm``."""
    from reportlab.lib.pagesizes import A4, landscape

    from antong_reports.render.pdf import PdfLayout

    page_w, page_h = landscape(A4) if orientation == dt.Orientation.LANDSCAPE else A4
    left, right, top, _ = PdfLayout(DEFAULT).margins
    scale = (page_w - left - right) / sum(widths)
    edges = [left]
    for w in widths:
        edges.append(edges[-1] + w * scale)
    out = []
    for x0, x1 in zip(edges, edges[1:]):
        out.append(norm(pdftotext(path, "-raw", "-x", str(int(x0 + 3)), "-y", str(int(top)),
                                  "-W", str(int(x1 - x0 - 6)), "-H", str(int(page_h)))))
    return out


def _risk_plan_pdf(plan, risk, path: Path) -> list[str]:
    """The plan with one risk row rendered to ``path``; the risk table's column texts, each
    without its header cell's text (repeated on every page the row crosses)."""
    import attrs

    from antong_reports.compose import phrases
    from antong_reports.compose.plan import RISK_WIDTHS, compose_plan

    path.write_bytes(render_pdf(compose_plan(attrs.evolve(plan, risks=(risk,)), DEFAULT), DEFAULT))
    return [text.replace(norm(head), "")
            for text, head in zip(column_texts(path, RISK_WIDTHS), phrases.RISK_COLUMNS)]


def test_tall_risk_row_of_long_tokens_renders_each_text_once(mini_plan, tmp_path, poppler):
    """A risk row of long unbreakable tokens (URLs, an 80-letter word) and line breaks, taller
    than a page: the PDF builds, and each text is printed exactly once, in order, in its column."""
    from antong_reports.model import plan as m

    K, U = LONG_WORD, URL
    step = "–/–ทุจริตการ –ทุจริตฯลฯITAITA ป้องกัน(๑)ทุจริต(๑)ไม่ไม่ผู้บริหารทุจริต"
    issues = (
        f"ทุจริต/ITA123,456{K}<b>&amp;ไม่ไม่องค์กรปกครองส่วนท้องถิ่น–ฯลฯ(๑)/ITAผู้บริหาร123,456การฯลฯ"
        f"/ผู้บริหารๆการ–\nผู้บริหาร ไม่ไม่ –ผู้บริหาร123,456\nๆ<b>&amp;ป้องกัน<b>&amp;{U}{U}ITAผู้บริหาร"
        f"/การITA123,456ไม่(๑)/ฯลฯ/ไม่น้ำITA123,456การ{K}การ{U}{U}ทุจริต(๑)ๆ{K}123,456(๑)"
        f"องค์กรปกครองส่วนท้องถิ่น{U}(๑)–/ไม่ป้องกันๆฯลฯฯลฯ“บริการเป็นเลิศ”<b>&amp;{K}"
        f"องค์กรปกครองส่วนท้องถิ่น{U}(๑){U}{U}/ITAป้องกัน{U}ผู้บริหาร(๑)“บริการเป็นเลิศ”{U}น้ำไม่"
        f"/ผู้บริหารฯลฯ{U}(๑)123,456ผู้บริหารผู้บริหารไม่<b>&amp;–ไม่น้ำ/ๆองค์กรปกครองส่วนท้องถิ่น(๑)"
        f"ไม่123,456“บริการเป็นเลิศ”–ฯลฯผู้บริหารไม่ไม่––องค์กรปกครองส่วนท้องถิ่นไม่{K}ผู้บริหาร–ไม่ไม่",
        f"–<b>&amp;(๑)องค์กรปกครองส่วนท้องถิ่นน้ำ{K}(๑)ITAๆITAองค์กรปกครองส่วนท้องถิ่น\n น้ำ"
        f"องค์กรปกครองส่วนท้องถิ่นองค์กรปกครองส่วนท้องถิ่น{K}\n\n123,456ไม่น้ำการ<b>&amp;การไม่น้ำ\n\n"
        f"การฯลฯน้ำน้ำ–ITA“บริการเป็นเลิศ”{K}/ทุจริต/ITAๆ{K}(๑)น้ำ<b>&amp;ป้องกันป้องกันการ{U}\n"
        f"ทุจริตไม่(๑) ฯลฯน้ำ–การ{U}ไม่“บริการเป็นเลิศ”{U}ทุจริตองค์กรปกครองส่วนท้องถิ่น<b>&amp;"
        f"ผู้บริหาร123,456{U} น้ำการ\nน้ำ123,456{U}/<b>&amp; \nการ–{U}“บริการเป็นเลิศ”ป้องกัน/ทุจริต"
        f"{K}123,456/<b>&amp;องค์กรปกครองส่วนท้องถิ่นไม่การๆ/\n{K}–<b>&amp;การฯลฯ<b>&amp;"
        f"องค์กรปกครองส่วนท้องถิ่น<b>&amp;ป้องกันน้ำ\nITA–{U}ไม่<b>&amp;{U}“บริการเป็นเลิศ” ผู้บริหาร"
        f"{U}ๆ–“บริการเป็นเลิศ”\nองค์กรปกครองส่วนท้องถิ่นองค์กรปกครองส่วนท้องถิ่นฯลฯ/123,456ITA"
        f"ผู้บริหารน้ำทุจริตITAทุจริต(๑)(๑)ไม่“บริการเป็นเลิศ”123,456<b>&amp;ทุจริต(๑)การน้ำไม่"
        f"องค์กรปกครองส่วนท้องถิ่น",
    )
    risk = m.RiskItem(step, issues, m.RiskLevel.VERY_HIGH)
    cols = _risk_plan_pdf(mini_plan, risk, tmp_path / "tall-risk.pdf")
    assert cols[1].count(norm(step)) == 1
    for text in issues:
        assert cols[2].count(norm(text)) == 1, text[:60]
    assert cols[2].index(norm(issues[0])) < cols[2].index(norm(issues[1]))


def test_risk_row_several_pages_tall(mini_plan, tmp_path, poppler):
    """Six long risk issues and six long measures: the row runs over several pages, the header
    repeated above each part, every issue and measure printed once, in order; same bytes twice."""
    from antong_reports.model import plan as m
    from antong_reports.compose.plan import compose_plan

    def text(k: int, what: str) -> str:
        words = [f"{what}ข้อ{tt.digits(k)}", "การป้องกันการทุจริตในองค์กรปกครองส่วนท้องถิ่น",
                 f"ตามมาตรการที่{k}", URL, "การเปิดเผยข้อมูลต่อสาธารณะ", LONG_WORD[:30 + k]]
        return " ".join(words[j % len(words)] + (str(j) if j % 5 == 0 else "") for j in range(60))

    issues = tuple(text(k, "ประเด็นความเสี่ยง") for k in range(1, 7))
    measures = tuple(m.ControlMeasure(text(k, "มาตรการควบคุม")) for k in range(1, 7))
    risk = m.RiskItem("ขั้นตอนการจัดซื้อจัดจ้าง", issues, m.RiskLevel.HIGH, measures)
    path = tmp_path / "pages-tall.pdf"
    cols = _risk_plan_pdf(mini_plan, risk, path)
    positions = []
    for text_ in issues:
        assert cols[2].count(norm(text_)) == 1, text_[:40]
        positions.append(cols[2].index(norm(text_)))
    assert positions == sorted(positions)
    positions = []
    for measure in measures:
        assert cols[4].count(norm(measure.text)) == 1, measure.text[:40]
        positions.append(cols[4].index(norm(measure.text)))
    assert positions == sorted(positions)
    pages = pdftotext(path, "-raw").split("\f")
    with_header = [i for i, page in enumerate(pages) if norm("ประเด็นความเสี่ยงการทุจริต") in norm(page)]
    assert len(with_header) >= 4, with_header       # the row crosses at least three page ends
    assert with_header == list(range(with_header[0], with_header[-1] + 1))
    import attrs

    again = render_pdf(compose_plan(attrs.evolve(mini_plan, risks=(risk,)), DEFAULT), DEFAULT)
    assert again == path.read_bytes()


def _table_document(table: dt.Table, orientation=dt.Orientation.PORTRAIT,
                    lead: bool = True) -> dt.Document:
    blocks = (_p("ตารางทดสอบ"), table) if lead else (table,)
    return dt.Document(meta=dt.Meta("ตาราง", "เทศบาลตัวอย่าง", created=dt_.datetime(2023, 3, 15)),
                       sections=(dt.Section(blocks, orientation=orientation,
                                            page_numbers=dt.PageNumbers.NONE),))


def test_part2_like_tall_row_under_merged_dimension_cell(tmp_path, poppler):
    """A landscape budget table whose dimension cell is merged over three projects, the middle
    one taller than two pages: each of its paragraphs is printed once, the other rows once, and
    the dimension's name stays beside every part of its rows."""
    widths = (3.0, 7.0, 9.0, 2.5, 2.5)
    heads = ("DIMENSION", "PROJECT", "DETAILS", "Y2566", "Y2567")
    head = dt.Row(tuple(_cell(h, shade=True, align=dt.Align.CENTER) for h in heads), kind="header")
    paras = tuple(f"ขั้นตอนที่{tt.digits(k)} การประชุมชี้แจงและติดตามผลการดำเนินงานตามแผน "
                  f"{URL}/{k} " * 6 + LONG_WORD for k in range(1, 19))
    tall = dt.Cell((dt.ListBlock(tuple(dt.ListItem(f"{tt.digits(k)}.", (_p(t),))
                                       for k, t in enumerate(paras, start=1))),))
    rows = [head,
            dt.Row((_cell("มิติที่ ๑ การสร้างสังคมที่ไม่ทนต่อการทุจริต", rowspan=3, valign="middle"),
                    _cell("โครงการแรกสั้น"), _cell("รายละเอียดสั้น"), _cell("๑,๐๐๐"), _cell("-"))),
            dt.Row((_cell("โครงการที่มีรายละเอียดยาวมาก"), tall, _cell("๒๐,๐๐๐"), _cell("๕,๐๐๐"))),
            dt.Row((_cell("โครงการสุดท้ายของมิติ"), _cell("รายละเอียดท้าย"), _cell("๓๐๐"),
                    _cell("๔๐๐"))),
            dt.Row((dt.Cell((_p("รวมมิติที่ ๑"),), colspan=3), _cell("๒๑,๓๐๐"), _cell("๕,๔๐๐")),
                   kind="subtotal")]
    table = dt.Table(widths, rows, header_rows=1, name="part2-like")
    path = tmp_path / "part2-like.pdf"
    path.write_bytes(render_pdf(_table_document(table, dt.Orientation.LANDSCAPE), DEFAULT))
    cols = [text.replace(norm(h), "") for text, h in
            zip(column_texts(path, widths, dt.Orientation.LANDSCAPE), heads)]
    positions = []
    for t in paras:
        assert cols[2].count(norm(t)) == 1, t[:40]
        positions.append(cols[2].index(norm(t)))
    assert positions == sorted(positions)
    for t in ("รายละเอียดสั้น", "รายละเอียดท้าย"):
        assert cols[2].count(norm(t)) == 1
    for t in ("โครงการแรกสั้น", "โครงการที่มีรายละเอียดยาวมาก", "โครงการสุดท้ายของมิติ"):
        assert cols[1].count(norm(t)) == 1
    pages = [p for p in pdftotext(path, "-raw").split("\f") if p.strip()]
    assert len(pages) >= 3
    dimension = norm("มิติที่ ๑ การสร้างสังคมที่ไม่ทนต่อการทุจริต")
    assert all(dimension in norm(p) for p in pages)
    assert sum(norm(p).count(norm("รวมมิติที่ ๑")) for p in pages) == 1


_TOKENS = ("องค์กรปกครองส่วนท้องถิ่น", "การ", "ทุจริต", "ITA", "(๑)", "“บริการเป็นเลิศ”", "123,456",
           "<b>&amp;", "ๆ", "ฯลฯ", "น้ำ", LONG_WORD, URL, "ไม่", "–", "/", "ป้องกัน", " ", "\n")


def test_random_tall_cells_never_fail_and_print_each_text_once(tmp_path_factory, poppler):
    """Random cells of long tokens, URLs, line breaks and numbered lists, some rows many pages
    tall: the PDF always builds and each column prints its cells' texts exactly once, in order."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    texts = st.lists(st.sampled_from(_TOKENS), min_size=1, max_size=150).map("".join).filter(
        lambda t: norm(t) != "")
    cell = st.tuples(st.booleans(), st.lists(texts, min_size=1, max_size=10))
    table_ = st.integers(2, 4).flatmap(lambda n: st.tuples(
        st.lists(st.integers(1, 6), min_size=n, max_size=n),
        st.lists(st.lists(cell, min_size=n, max_size=n), min_size=1, max_size=3)))
    heads = ("HEADA", "HEADB", "HEADC", "HEADD")
    folder = tmp_path_factory.mktemp("random-tall")

    @settings(max_examples=15, deadline=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(table_)
    def check(spec):
        widths, body = spec
        rows = [dt.Row(tuple(_cell(h, shade=True) for h in heads[:len(widths)]), kind="header")]
        expected = [""] * len(widths)
        for cells in body:
            out = []
            for c, (as_list, items) in enumerate(cells):
                if as_list:
                    blocks = (dt.ListBlock(tuple(dt.ListItem(f"{k}.", (_p(t),))
                                                 for k, t in enumerate(items, start=1))),)
                    expected[c] += "".join(f"{k}.{norm(t)}" for k, t in enumerate(items, start=1))
                else:
                    blocks = tuple(_p(t) for t in items)
                    expected[c] += "".join(norm(t) for t in items)
                out.append(dt.Cell(blocks))
            rows.append(dt.Row(tuple(out)))
        table = dt.Table(tuple(float(w) for w in widths), rows, header_rows=1, name="random")
        path = folder / "random.pdf"
        path.write_bytes(render_pdf(_table_document(table, lead=False), DEFAULT))
        cols = column_texts(path, widths)
        for c, (text, head) in enumerate(zip(cols, heads)):
            assert text.replace(head, "") == expected[c], c

    check()


def test_no_break_spaces_copy_as_spaces(plan_pdf):
    """"พ.ศ." and its year are kept on one line with a no-break space, but a reader who copies or
    searches the text gets the plain space the plan file has (pdftotext without any clean-up)."""
    raw = subprocess.run(["pdftotext", str(plan_pdf.path), "-"], capture_output=True, text=True,
                         check=True).stdout
    assert "\xa0" not in raw
    assert "พ.ศ. ๒๕๖๖" in raw
