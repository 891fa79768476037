"""The Thai typesetting layer for reportlab (antong_reports.thai.typeset).

The measured checks typeset the reference plan text (tests/data) as one paragraph per line on A4
at Sarabun 11 pt and judge the result with tools the typesetter does not use: ICU's line and
grapheme breakers (PyICU) and poppler's pdftotext / pdffonts.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (BaseDocTemplate, Frame, PageTemplate, SimpleDocTemplate, Table,
                                TableStyle)

from antong_reports.thai import typeset as pdfthai

REFERENCE = Path(__file__).resolve().parent / "data" / "angthong-plan-2566-2570.txt"
WS = re.compile(r"\s+")
MARKS = set(pdfthai._MARKS)
SARA_AM = "\u0e33"
NIKHAHIT = "\u0e4d"


def _need(tool):
    if not shutil.which(tool):
        pytest.skip(f"{tool} (poppler-utils) is not installed")


def _pdftotext(path: Path, *args: str) -> str:
    _need("pdftotext")
    return subprocess.run(["pdftotext", *args, str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def _squash(text: str) -> str:
    """Whitespace removed, NFC (what the extraction check compares)."""
    return WS.sub("", unicodedata.normalize("NFC", text))


def _reference_paragraphs() -> list[str]:
    if not REFERENCE.exists():
        pytest.skip("tests/data/angthong-plan-2566-2570.txt is absent")
    return [p.strip() for p in REFERENCE.read_text(encoding="utf-8").splitlines() if p.strip()]


class _RecordingDoc(SimpleDocTemplate):
    """Remembers every flowable drawn, in order, with its page."""

    def __init__(self, *a, **k):
        super().__init__(*a, **k)
        self.drawn: list[tuple[int, pdfthai.Paragraph]] = []

    def afterFlowable(self, flowable):
        if isinstance(flowable, pdfthai.Paragraph):
            self.drawn.append((self.page, flowable))


def _typeset(paragraphs, path: Path, style=None, **kw):
    style = style or pdfthai.paragraph_style("body", size=11, first_line_indent=1.25 * cm)
    flowables = [pdfthai.Paragraph(p, style) for p in paragraphs]
    doc = _RecordingDoc(str(path), pagesize=A4, leftMargin=2.5 * cm, rightMargin=2 * cm,
                        topMargin=2 * cm, bottomMargin=2 * cm, **pdfthai.doc_kwargs(), **kw)
    doc.build(list(flowables))
    return doc, flowables


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    paras = _reference_paragraphs()
    path = tmp_path_factory.mktemp("pdfthai") / "reference.pdf"
    doc, flowables = _typeset(paras, path)
    return paras, path, doc, flowables


def _lines_by_paragraph(doc):
    """{original paragraph: [(start, end, text), …]} over all drawn pieces, in order."""
    out: dict[int, list] = {}
    for _, piece in doc.drawn:
        origin = piece.origin
        spans = piece.line_spans()
        out.setdefault(id(origin), [origin, []])[1].extend(
            (s, e, origin.text[s:e]) for s, e in spans)
    return list(out.values())


# --------------------------------------------------------------------------- measured checks

def test_reference_typesets_as_many_pages(reference):
    paras, path, doc, flowables = reference
    assert len(paras) >= 1000
    assert doc.page >= 30
    # every paragraph was drawn, whole: the drawn lines cover each text exactly once
    by_para = _lines_by_paragraph(doc)
    assert len(by_para) == len(flowables)
    for origin, lines in by_para:
        assert _squash("".join(t for _, _, t in lines)) == _squash(origin.text)


def test_line_breaks_are_word_boundaries(reference):
    icu = pytest.importorskip("icu")
    _, _, doc, _ = reference
    line_bi = icu.BreakIterator.createLineInstance(icu.Locale("th"))
    char_bi = icu.BreakIterator.createCharacterInstance(icu.Locale("th"))
    thai_ends = bad = inside_cluster = mark_starts = 0
    examples = []
    for origin, lines in _lines_by_paragraph(doc):
        text = origin.text
        line_bi.setText(text)
        char_bi.setText(text)
        line_ok = set(line_bi)           # Thai is in the BMP: UTF-16 offsets are str offsets
        clusters = set(char_bi)
        for k, (start, end, line) in enumerate(lines):
            if line and (unicodedata.category(line[0]) == "Mn" or line[0] in pdfthai.NO_LINE_START):
                mark_starts += 1
            if k + 1 == len(lines):
                continue
            if end not in clusters:
                inside_cluster += 1
            nxt = lines[k + 1][0]
            if end == nxt and pdfthai._is_thai_letter(text[end - 1]) and pdfthai._is_thai_letter(text[end]):
                thai_ends += 1
                if end not in line_ok:
                    bad += 1
                    examples.append(text[max(0, end - 8):end] + "|" + text[end:end + 8])
    assert thai_ends > 300, thai_ends
    rate = bad / thai_ends
    print(f"Thai-Thai line ends: {thai_ends}, not ICU break points: {bad} ({rate:.2%}) {examples[:10]}")
    assert rate <= 0.005, (rate, examples[:20])
    assert inside_cluster == 0
    assert mark_starts == 0


def _unmatched(paragraphs, extracted: str) -> list[str]:
    """Paragraphs that the extracted lines do not spell out, in order: each line, with its white
    space collapsed, must continue the paragraph exactly, and consecutive lines join with nothing
    (a break between Thai words) or with the single space the source has there."""
    lines = [WS.sub(" ", line).strip() for line in extracted.split("\n")]
    lines = [line for line in lines if line]
    i = 0
    bad = []
    for p in paragraphs:
        rest = WS.sub(" ", unicodedata.normalize("NFC", p)).strip()
        start = i
        while rest:
            if i < len(lines) and rest.startswith(lines[i]):
                rest = rest[len(lines[i]):]
                i += 1
                if rest.startswith(" "):
                    rest = rest[1:]
            else:
                bad.append(p[:60])
                i = start
                break
    return bad


def test_every_paragraph_extracts_exactly(reference):
    paras, path, _, _ = reference
    bad = _unmatched(paras, _pdftotext(path, "-raw"))
    assert not bad, (len(bad), bad[:5])


def test_extraction_exact_from_tounicode_alone(tmp_path, monkeypatch):
    """Without /ActualText spans the font's ToUnicode CMap alone gives the exact text."""
    paras = _reference_paragraphs()[:200]
    monkeypatch.setattr(pdfthai, "ACTUAL_TEXT", False)
    path = tmp_path / "cmap.pdf"
    _typeset(paras, path)
    assert b"/ActualText" not in path.read_bytes()
    # poppler reads a gap wider than 0.1 em inside a letter-spaced justified line as a space, so
    # without the spans the characters are compared, not the white space
    text = _squash(_pdftotext(path, "-raw"))
    pos = 0
    for p in paras:
        found = text.find(_squash(p), pos)
        assert found >= 0, p
        pos = found + len(_squash(p))


def _glyph_marks(font, gid) -> Counter:
    """Thai marks a glyph draws, from its name (uni0E48.small, uni0E4D0E49, …)."""
    name = font.hb_font.glyph_to_string(gid)
    out = Counter()
    for m in re.finditer(r"uni((?:[0-9A-F]{4})+)", name):
        hexes = m.group(1)
        for i in range(0, len(hexes), 4):
            ch = chr(int(hexes[i:i + 4], 16))
            if ch in MARKS:
                out[ch] += 1
    return out


def test_every_mark_is_drawn(reference):
    _, _, doc, _ = reference
    fonts = {}
    drawn: dict[int, Counter] = {}
    for _, piece in doc.drawn:
        c = drawn.setdefault(id(piece.origin), Counter())
        for line in piece._lines:
            for w in piece._words[line.start:line.end]:
                for a in w.atoms:
                    font = fonts.setdefault(a.font, pdfthai._font(a.font))
                    for g in a.shaped.glyphs:
                        c.update(_glyph_marks(font, g.gid))
    checked = 0
    for _, piece in doc.drawn:
        origin = piece.origin
        if id(origin) not in drawn:
            continue
        want = Counter(ch for ch in origin.text if ch in MARKS)
        want[NIKHAHIT] += origin.text.count(SARA_AM)
        want = +want
        assert drawn.pop(id(origin)) == want, origin.text[:80]
        checked += 1
    assert checked > 900


def test_only_embedded_sarabun_subsets(reference):
    _need("pdffonts")
    _, path, _, _ = reference
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                         check=True).stdout.splitlines()[2:]
    assert out
    for row in out:
        cols = row.split()
        assert re.fullmatch(r"[A-Z]{6}\+Sarabun-(Regular|Bold|Italic|BoldItalic)", cols[0]), row
        emb, sub = cols[-5], cols[-4]
        assert (emb, sub) == ("yes", "yes"), row
    assert b"Helvetica" not in path.read_bytes()


def test_justified_lines_are_even(reference):
    _, _, doc, _ = reference
    stretch = sorted(s for _, piece in doc.drawn for s in piece.line_stretch() if s > 0)
    assert len(stretch) > 500
    p95 = stretch[int(0.95 * (len(stretch) - 1))]
    print(f"justified lines: {len(stretch)}, widest gap p95 {p95:.3f} em, max {stretch[-1]:.3f} em")
    assert p95 <= 0.15
    assert stretch[-1] <= 0.5


def test_long_paragraph_splits_across_pages_and_output_is_deterministic(tmp_path):
    paras = _reference_paragraphs()
    long_text = " ".join(paras[100:260])
    out = []
    for name in ("a.pdf", "b.pdf"):
        doc, _ = _typeset([long_text], tmp_path / name)
        out.append((tmp_path / name).read_bytes())
        assert doc.page >= 3
        pieces = [p for _, p in doc.drawn]
        assert len(pieces) == doc.page
        # a page ends on a full line: every piece but the last ends justified
        assert all(p._lines[-1].justify for p in pieces[:-1])
    assert out[0] == out[1]
    assert _squash(_pdftotext(tmp_path / "a.pdf", "-raw")) == _squash(long_text)


# --------------------------------------------------------------------------- units

def test_register_fonts_is_idempotent():
    a = pdfthai.register_fonts()
    b = pdfthai.register_fonts()
    assert a == b == ("Sarabun", "Sarabun-Bold", "Sarabun-Italic", "Sarabun-BoldItalic")
    assert (a.regular, a.bold, a.italic, a.bold_italic) == tuple(a)
    from reportlab.lib.fonts import tt2ps

    assert tt2ps("Sarabun", 1, 1) == "Sarabun-BoldItalic"


def test_doc_kwargs():
    kw = pdfthai.doc_kwargs()
    assert kw["initialFontName"] == "Sarabun"
    assert kw["invariant"] == 1


def test_long_thai_tokens_are_cut_into_words():
    cuts = [p for p, _ in pdfthai.break_points("องค์กรปกครองส่วนท้องถิ่น")]
    assert cuts and all(0 < c < 24 for c in cuts)
    pieces = [("องค์กรปกครองส่วนท้องถิ่น"[a:b]) for a, b in zip([0] + cuts, cuts + [24])]
    assert pieces[0] == "องค์กร"
    assert "ปกครอง" in pieces[1]


@pytest.mark.parametrize("text", ["ต่างๆ", "ทำ", "ให้้", "เพื่อ", "(พ.ศ.", "ABC", "การ/่การ", "งาน/ๆนี้"])
def test_no_break_before_glued_characters(text):
    for p, _ in pdfthai.break_points(text):
        assert text[p] not in pdfthai.NO_LINE_START
        assert text[p - 1] not in pdfthai.NO_LINE_END


def test_space_before_mai_yamok_never_breaks():
    st = pdfthai.paragraph_style("t", size=11)
    words = pdfthai.build_words([("เรื่อง ต่าง ๆ ที่เกี่ยวข้อง", st.fontName)])
    texts = [w.text for w in words]
    assert "ต่าง ๆ" in texts
    assert " ๆ" not in texts and "ๆ" not in texts


def test_over_long_word_splits_between_clusters_keeping_shaping():
    word = "ปฏิบัติการป้องกันการทุจริตเพื่อยกระดับคุณธรรม"
    font = pdfthai.register_fonts().regular
    whole = pdfthai.shape(word, font)
    atoms = [pdfthai.Atom(font, word, whole)]
    pieces = pdfthai._split_long_word(pdfthai.Word(pdfthai.CONTENT, atoms), 1500)
    assert len(pieces) > 3
    assert "".join(p.text for p in pieces) == word
    glyphs = [g for p in pieces for a in p.atoms for g in a.shaped.glyphs]
    assert [(g.gid, g.adv, g.xoff, g.yoff) for g in glyphs] == [
        (g.gid, g.adv, g.xoff, g.yoff) for g in whole.glyphs]
    for p in pieces:
        assert p.width <= 1500 + 1e-6
        assert unicodedata.category(p.text[0]) != "Mn"
        assert p.atoms[0].shaped.glyphs[0].gap


def test_paragraph_narrower_than_a_word(tmp_path):
    st = pdfthai.paragraph_style("narrow", size=11, align="left")
    p = pdfthai.Paragraph("การป้องกันและปราบปรามการทุจริตแห่งชาติ", st)
    p.wrap(40, 1000)
    lines = p.line_texts()
    assert len(lines) > 2
    assert "".join(lines) == p.text
    for line in lines:
        assert unicodedata.category(line[0]) != "Mn"


def test_runs_take_bold_and_italic_faces():
    st = pdfthai.paragraph_style("runs")
    p = pdfthai.Paragraph([("ตัวหนา ", True, False), ("เอียง ", False, True),
                           ("หนาเอียง", True, True), (" ธรรมดา", False, False)], st)
    fonts: dict[str, str] = {}
    for a in (a for w in p._words for a in w.atoms):      # join the atoms of each face
        fonts.setdefault(a.font, "")
        fonts[a.font] += a.text
    fonts = {t.strip(): f for f, t in fonts.items()}
    assert fonts["ตัวหนา"] == "Sarabun-Bold"
    assert fonts["เอียง"] == "Sarabun-Italic"
    assert fonts["หนาเอียง"] == "Sarabun-BoldItalic"
    assert fonts["ธรรมดา"] == "Sarabun"
    assert p.getPlainText() == "ตัวหนา เอียง หนาเอียง ธรรมดา"
    bold_style = pdfthai.paragraph_style("b", bold=True)
    q = pdfthai.Paragraph("หัวข้อ", bold_style)
    assert q._words[0].atoms[0].font == "Sarabun-Bold"


@pytest.mark.parametrize("align", ["left", "center", "right", "justify"])
def test_alignments(tmp_path, align):
    st = pdfthai.paragraph_style("a", size=11, align=align)
    text = "การป้องกันการทุจริต " * 12
    p = pdfthai.Paragraph(text.strip(), st)
    w, h = p.wrap(300, 1000)
    assert h == len(p.line_texts()) * st.leading
    c = Canvas(str(tmp_path / "a.pdf"), **{"initialFontName": "Sarabun", "invariant": 1})
    p.drawOn(c, 50, 500)
    c.save()
    assert _squash(_pdftotext(tmp_path / "a.pdf", "-raw")) == _squash(text)
    stretch = p.line_stretch()
    if align == "justify":
        assert any(s > 0 for s in stretch[:-1]) and stretch[-1] == 0
    else:
        assert not any(stretch)


def test_string_width_and_draw_string(tmp_path):
    font = pdfthai.register_fonts().regular
    text = "หน้า ๑๒ ทำน้ำ ป้องกัน"
    w = pdfthai.string_width(text, font, 12)
    assert w == pytest.approx(sum(g.adv for g in pdfthai.shape(text, font).glyphs) * 12 / 1000)
    assert pdfthai.string_width("", font, 12) == 0
    c = Canvas(str(tmp_path / "s.pdf"), initialFontName="Sarabun", invariant=1)
    for y, anchor in ((700, "left"), (650, "centre"), (600, "right")):
        assert pdfthai.draw_string(c, 300, y, text, font, 12, anchor=anchor) == pytest.approx(w)
    c.save()
    out = _pdftotext(tmp_path / "s.pdf", "-raw").split("\n")
    assert [WS.sub(" ", line).strip() for line in out if line.strip()] == [text] * 3
    with pytest.raises(ValueError):
        pdfthai.draw_string(c, 0, 0, text, font, 12, anchor="middle")


def test_sara_am_and_substituted_marks_extract_exactly(tmp_path, monkeypatch):
    monkeypatch.setattr(pdfthai, "ACTUAL_TEXT", False)
    font = pdfthai.register_fonts().regular
    samples = ["ทำ", "น้ำ", "เพื่อ", "ป้องกัน", "ปี่", "กิ่ง", "ฐูปฏิ", "ญู", "ที่", "กำลังคำนำ"]
    c = Canvas(str(tmp_path / "m.pdf"), initialFontName="Sarabun", invariant=1)
    for k, s in enumerate(samples):
        pdfthai.draw_string(c, 72, 750 - 20 * k, s, font, 14)
    c.save()
    out = [line for line in _pdftotext(tmp_path / "m.pdf", "-raw").split("\n") if line.strip()]
    assert out == samples


def test_table_cells_split_with_repeated_header(tmp_path):
    paras = _reference_paragraphs()[200:320]
    body = pdfthai.paragraph_style("cell", size=10, align="left")
    head = pdfthai.paragraph_style("head", size=10, align="center", bold=True)
    data = [[pdfthai.Paragraph("ลำดับ", head), pdfthai.Paragraph("รายละเอียด", head)]]
    for k, p in enumerate(paras):
        data.append([pdfthai.Paragraph(str(k + 1), body), pdfthai.Paragraph(p, body)])
    table = Table(data, colWidths=[2 * cm, 14 * cm], repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0)),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    path = tmp_path / "t.pdf"
    doc = SimpleDocTemplate(str(path), pagesize=A4, **pdfthai.doc_kwargs())
    doc.build([table])
    assert doc.page > 1
    text = _pdftotext(path, "-raw")
    assert text.count("รายละเอียด") == doc.page
    squashed = _squash(text)
    for p in paras:
        assert _squash(p) in squashed


def test_continued_paragraph_in_a_narrower_frame(tmp_path):
    """A split paragraph's remainder is broken again for the width of the next frame."""
    text = " ".join(_reference_paragraphs()[300:330])
    st = pdfthai.paragraph_style("body", size=11)
    path = tmp_path / "frames.pdf"
    doc = BaseDocTemplate(str(path), pagesize=A4, **pdfthai.doc_kwargs())
    frames = [Frame(2 * cm, 15 * cm, 17 * cm, 10 * cm, id="wide"),
              Frame(2 * cm, 2 * cm, 8 * cm, 12 * cm, id="narrow")]
    doc.addPageTemplates([PageTemplate("two", frames=frames)])
    doc.build([pdfthai.Paragraph(text, st)])
    assert _squash(_pdftotext(path, "-raw")) == _squash(text)


def test_rewrapping_wider_rejoins_cut_words():
    st = pdfthai.paragraph_style("w", size=11, align="left")
    text = "การป้องกันและปราบปรามการทุจริตแห่งชาติ"
    p = pdfthai.Paragraph(text, st)
    p.wrap(40, 1000)
    assert len(p.line_texts()) > 2
    p.wrap(400, 1000)
    assert p.line_texts() == [text]


def test_empty_paragraph_and_hard_line_breaks(tmp_path):
    st = pdfthai.paragraph_style("e", size=11)
    empty = pdfthai.Paragraph("", st)
    assert empty.wrap(300, 100) == (300, 0)
    p = pdfthai.Paragraph("บรรทัดแรก\nบรรทัดที่สอง\n\nบรรทัดที่สี่", st)
    p.wrap(300, 1000)
    assert p.line_texts() == ["บรรทัดแรก", "บรรทัดที่สอง", "", "บรรทัดที่สี่"]
    assert not any(p.line_stretch())
    path = tmp_path / "e.pdf"
    SimpleDocTemplate(str(path), **pdfthai.doc_kwargs()).build([empty, p])
    assert _squash(_pdftotext(path, "-raw")) == _squash(p.text)


_DETERMINISM_SCRIPT = r"""
import sys
from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate
from antong_reports.thai import typeset as pdfthai
paras = [p.strip() for p in open(sys.argv[1], encoding="utf-8").read().splitlines() if p.strip()]
style = pdfthai.paragraph_style("body", size=11, first_line_indent=30)
doc = SimpleDocTemplate(sys.argv[2], pagesize=A4, **pdfthai.doc_kwargs())
doc.build([pdfthai.Paragraph(p, style) for p in paras[40:140]])
"""


def test_same_bytes_in_a_fresh_process(tmp_path):
    """Output does not depend on what the process shaped before (private glyph codes)."""
    import sys

    _reference_paragraphs()
    for text in ("น้ำ ที่ ปี่ กิ่ง ป้อง ฐูปฏิ", "ทำ คำ กำลัง"):       # shape in another order first
        pdfthai.shape(text, "Sarabun")
        pdfthai.shape(text, "Sarabun-Bold")
    here = tmp_path / "here.pdf"
    fresh = tmp_path / "fresh.pdf"
    subprocess.run([sys.executable, "-c", _DETERMINISM_SCRIPT, str(REFERENCE), str(fresh)],
                   check=True)
    paras = _reference_paragraphs()[40:140]
    style = pdfthai.paragraph_style("body", size=11, first_line_indent=30)
    SimpleDocTemplate(str(here), pagesize=A4, **pdfthai.doc_kwargs()).build(
        [pdfthai.Paragraph(p, style) for p in paras])
    assert here.read_bytes() == fresh.read_bytes()


# --------------------------------------------------------------------------- properties

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as hs  # noqa: E402

_PIECES = ["การ", "ป้องกัน", "ทุจริต", "เพื่อ", "น้ำ", "ที่", "ๆ", "ฯ", " ", " ", "  ", "\n",
           "ITA", "2566", "๒๕๖๖", "(", ")", "“", "”", ".", ",", "องค์กรปกครองส่วนท้องถิ่น",
           "กิ่ง", "ปี่", "ฐูปฏิ", "ทำ", "ให้้", "/", "-", "\u00a0", "ก", "ำ", "่"]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=hs.lists(hs.sampled_from(_PIECES), min_size=1, max_size=40),
       width=hs.sampled_from([12.0, 40.0, 90.0, 200.0, 450.0]),
       align=hs.sampled_from(["justify", "left", "center", "right"]),
       bold=hs.booleans())
def test_any_text_lays_out_whole(pieces, width, align, bold):
    text = "".join(pieces)
    st = pdfthai.paragraph_style("prop", size=11, align=align, bold=bold)
    p = pdfthai.Paragraph([(text, False, True)], st)
    w, h = p.wrap(width, 10_000)
    lines = p.line_texts()
    assert h == len(lines) * st.leading
    # nothing lost but white space at line ends and the newlines themselves
    assert _squash("".join(lines)) == _squash(text)
    spans = p.line_spans()
    for (s, e), line in zip(spans, lines):
        assert p.text[s:e] == line
    for line, width_used in zip(p._lines, p.getActualLineWidths0()):
        atoms = [a for wd in p._words[line.start:line.end] for a in wd.atoms]
        clusters = sum(1 for a in atoms for g in a.shaped.glyphs if g.gap)
        assert width_used <= width + 1e-6 or clusters <= 1
    for k, (s, e) in enumerate(spans):
        if k and s < len(p.text) and s == spans[k - 1][1] and p.text[s] not in "\n":
            assert unicodedata.category(p.text[s]) != "Mn" or p.text[s - 1].isspace()
    stretch = p.line_stretch()
    assert all(x >= 0 for x in stretch)
    canvas = Canvas(io.BytesIO(), initialFontName="Sarabun", invariant=1)
    p.drawOn(canvas, 10, 10)
    canvas.save()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=hs.lists(hs.sampled_from(_PIECES), min_size=5, max_size=80),
       width=hs.sampled_from([40.0, 120.0, 300.0]),
       lines_first=hs.integers(min_value=0, max_value=8),
       narrower=hs.booleans())
def test_split_pieces_cover_the_text(pieces, width, lines_first, narrower):
    text = "".join(pieces)
    st = pdfthai.paragraph_style("split", size=11, first_line_indent=10)
    p = pdfthai.Paragraph(text, st)
    p.wrap(width, 10_000)
    parts = p.split(width, lines_first * st.leading + 1)
    if not parts:                   # nothing fits (or an orphan would be left): moved whole
        assert lines_first <= 1 or len(p.line_texts()) <= 1
        return
    if len(parts) == 1:
        assert parts[0] is p
        return
    head, tail = parts
    assert head.wrap(width, 10_000)[1] == lines_first * st.leading
    tail.wrap(width * (0.5 if narrower else 1.0), 10_000)
    covered = [t for part in (head, tail) for t in part.line_texts()]
    assert _squash("".join(covered)) == _squash(text)
    assert head.origin is p and tail.origin is p
    spans = head.line_spans() + tail.line_spans()
    for (s, e), t in zip(spans, covered):
        assert p.text[s:e] == t
