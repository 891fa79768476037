"""Thai typesetting for reportlab: word-boundary line breaks, shaping, justification, exact text.

reportlab 5.1 sets Thai badly out of the box: it breaks lines only at spaces (and otherwise cuts
between a base letter and its marks), its shaped paragraphs fail to split across pages, it
justifies only by widening spaces, and the glyphs HarfBuzz substitutes do not copy back as text.
This module is a small typesetter on top of reportlab's canvas and flowable protocol:

* **Words.** Each paragraph is cut into atoms: runs of text that may not be broken. Thai is
  segmented with the project's dictionary segmenter (:func:`antong_reports.thai.text.segment`), and
  a cut is kept only where a second, longest-matching pass over the same dictionary agrees, where
  it falls on a Thai character-cluster boundary, and where neither side is glued (a line never
  starts with a combining mark, sara am, ๆ, ฯ or closing punctuation, nor ends with a leading
  vowel or opening punctuation). Tokens of 16 letters or more are further cut into dictionary
  words (องค์กรปกครองส่วนท้องถิ่น → องค์กร|ปกครอง|ส่วนท้องถิ่น). Latin words and numbers break at
  spaces. The lines of a paragraph are chosen together, weighing the quality of each break
  against how far lines must be stretched (:func:`break_lines`).
* **Shaping.** Every atom is shaped once per font with HarfBuzz (cached); lines are built from
  shaped atoms, so shaping is never redone or lost when a line or a page is broken. An atom longer
  than the whole line is the only thing ever cut, and only between HarfBuzz clusters.
* **Justification.** The spare width of a full line is spread evenly over the gaps before the
  cluster-starting spacing glyphs (added to the advance of the glyph before each gap), never
  between a base and its marks; the last line of a paragraph is set flush left.
* **Text.** Each HarfBuzz cluster whose glyphs' default characters do not spell its text gets
  glyph codes of its own: the cluster's first spacing glyph carries the cluster's whole text in the
  font's ToUnicode CMap, its other glyphs carry none. Each drawn run is also wrapped in an
  ``/ActualText`` span. Copying, searching and ``pdftotext`` therefore give back the source text.

Public API: :func:`register_fonts`, :func:`paragraph_style`, :class:`Paragraph`,
:func:`string_width`, :func:`draw_string`, :func:`doc_kwargs`, :func:`break_points`.
"""

from __future__ import annotations

import functools
import gc
import re
from typing import NamedTuple, Sequence, Union

import uharfbuzz as hb
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import SUBSETN, TTFont
from reportlab.platypus import paragraph as _rl_paragraph
from reportlab.platypus.flowables import Flowable

from antong_reports.thai import text as thaitext
from antong_reports.thai.breaks import (  # noqa: F401  (re-exported: the finder lives there)
    _MARKS, BREAK_AMBIGUOUS, BREAK_FORCED, BREAK_SPACE, BREAK_WORD, LONG_TOKEN, MIN_EDGE,
    NO_LINE_END, NO_LINE_START, SHORT_WORD, _find_break_points, _is_thai_letter, break_points,
    word_points,
)
from antong_reports.thai.caches import Bounded

__all__ = [
    "FontNames", "register_fonts", "paragraph_style", "Paragraph", "string_width", "draw_string",
    "doc_kwargs", "FONTS", "break_points",
]


# =========================================================================== fonts

class FontNames(NamedTuple):
    regular: str
    bold: str
    italic: str
    bold_italic: str

    def pick(self, bold: bool = False, italic: bool = False) -> str:
        return ((self.regular, self.italic), (self.bold, self.bold_italic))[bool(bold)][bool(italic)]


FONTS = FontNames("Sarabun", "Sarabun-Bold", "Sarabun-Italic", "Sarabun-BoldItalic")
_FILES = FontNames("Sarabun-Regular.ttf", "Sarabun-Bold.ttf", "Sarabun-Italic.ttf",
                   "Sarabun-BoldItalic.ttf")

#: First code point handed out to glyphs that need a text of their own (plane 15 private use,
#: far from anything a text or reportlab's own shaping uses).
_PRIVATE_BASE = 0xF0000
#: private codes a face may hand out before they are recycled between documents
PRIVATE_CODES_MAX = 8192


def _utf16_hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def _to_unicode_cmap(fontname: str, texts: list[str]) -> str:
    """ToUnicode CMap mapping each one-byte code of a subset to its text (possibly several
    characters; empty for glyphs whose text is carried by another glyph of their cluster)."""
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<00> <%02X>" % (len(texts) - 1),
        "endcodespacerange",
    ]
    # bfchar blocks hold at most 100 entries each (PDF reference, 5.9.2)
    for start in range(0, len(texts), 100):
        block = texts[start:start + 100]
        lines.append(f"{len(block)} beginbfchar")
        lines.extend(f"<{start + i:02X}> <{_utf16_hex(t)}>" for i, t in enumerate(block))
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines)


class ThaiTTFont(TTFont):
    """A TrueType font whose glyphs can stand for any text in the PDF's ToUnicode map.

    :meth:`code_for` gives a code point that draws glyph ``gid`` and extracts as ``text``: the
    font's own character where the cmap already says so, else a private code made for the pair.
    """

    def __init__(self, name: str, filename: str):
        super().__init__(name, filename, shapable=True)
        self._pair_codes: dict[tuple[int, str], str] = {}
        self._code_text: dict[int, str] = {}
        self._next_private = _PRIVATE_BASE
        self._defaults: dict[int, str | None] = {}
        self._hb_font = None
        upem = self.face.unitsPerEm
        self.em_scale = 1000.0 / upem

    @property
    def hb_font(self):
        if self._hb_font is None:
            self._hb_font = hb.Font(self.hbFace)
        return self._hb_font

    def code_for(self, gid: int, text: str) -> str:
        key = (gid, text)
        code = self._pair_codes.get(key)
        if code is not None:
            return code
        face = self.face
        if len(text) == 1 and face.charToGlyph.get(ord(text)) == gid:
            code = text
        else:
            cp = self._next_private
            while cp in face.charToGlyph:
                cp += 1
            self._next_private = cp + 1
            face.charToGlyph[cp] = gid
            face.charWidths[cp] = self.hb_font.get_glyph_h_advance(gid) * self.em_scale
            self._code_text[cp] = text
            code = chr(cp)
        self._pair_codes[key] = code
        return code

    def recycle_codes(self) -> bool:
        """Forget the private codes once more than :data:`PRIVATE_CODES_MAX` are handed out and
        no document uses the font (its codes are then free again: a long-running process does
        not run out of them nor grow for ever). True if forgotten: shapings made before hold
        stale codes and must be dropped."""
        if self._next_private - _PRIVATE_BASE <= PRIVATE_CODES_MAX:
            return False
        if len(self.state):
            gc.collect()                        # documents already built may wait for it
            if len(self.state):
                return False
        face = self.face
        for cp in self._code_text:
            face.charToGlyph.pop(cp, None)
            face.charWidths.pop(cp, None)
        self._pair_codes.clear()
        self._code_text.clear()
        self._next_private = _PRIVATE_BASE
        return True

    def default_chars(self, gids: list[int]) -> list[str | None]:
        """:meth:`default_char` of each glyph (remembered per glyph: the font's own cmap)."""
        known = self._defaults
        out = []
        for gid in gids:
            ch = known.get(gid, "")
            if ch == "":
                ch = known[gid] = self.default_char(gid)
            out.append(ch)
        return out

    def default_char(self, gid: int) -> str | None:
        chars = self.face.glyphToChar.get(gid)
        if not chars:
            return None
        for c in chars:
            if c < _PRIVATE_BASE and not 0xE000 <= c <= 0xF8FF:
                return chr(c)
        return None

    def addObjects(self, doc):
        """As :meth:`TTFont.addObjects`, with a ToUnicode CMap that knows the private codes."""
        state = self._assignState(doc)
        state.frozen = 1
        code_text = self._code_text
        for n, subset in enumerate(state.subsets):
            internal_name = self.getSubsetInternalName(n, doc)[1:]
            base_font_name = (b"".join((SUBSETN(n), b"+", self.face.name,
                                        self.face.subfontNameX))).decode("pdfdoc")
            pdf_font = pdfdoc.PDFTrueTypeFont()
            pdf_font.__Comment__ = "Font %s subset %d" % (self.fontName, n)
            pdf_font.Name = internal_name
            pdf_font.BaseFont = base_font_name
            pdf_font.FirstChar = 0
            pdf_font.LastChar = len(subset) - 1
            pdf_font.Widths = pdfdoc.PDFArray(list(map(self.face.getCharWidth, subset)))
            cmap = pdfdoc.PDFStream()
            cmap.content = _to_unicode_cmap(
                base_font_name, [code_text.get(c, chr(c)) for c in subset])
            if doc.compression:
                cmap.filters = [pdfdoc.PDFZCompress]
            pdf_font.ToUnicode = doc.Reference(cmap, "toUnicodeCMap:" + base_font_name)
            pdf_font.FontDescriptor = self.face.addSubsetObjects(doc, base_font_name, subset)
            doc.Reference(pdf_font, internal_name)
            doc.idToObject["BasicFonts"].dict[internal_name] = pdf_font
        del self.state[doc]


def register_fonts() -> FontNames:
    """Register the bundled Sarabun faces (idempotent) and return their reportlab names."""
    return _register_fonts()


@functools.lru_cache(maxsize=1)
def _register_fonts() -> FontNames:
    from antong_reports.common.assets import fonts_dir

    root = fonts_dir()
    for name, fname in zip(FONTS, _FILES):
        font = pdfmetrics._fonts.get(name)
        if not isinstance(font, ThaiTTFont):
            pdfmetrics.registerFont(ThaiTTFont(name, str(root / fname)))
    pdfmetrics.registerFontFamily(FONTS.regular, normal=FONTS.regular, bold=FONTS.bold,
                                  italic=FONTS.italic, boldItalic=FONTS.bold_italic)
    return FONTS


def _font(name: str) -> ThaiTTFont:
    if name in FONTS:
        register_fonts()
    font = pdfmetrics.getFont(name)
    if not isinstance(font, ThaiTTFont):
        raise ValueError(f"{name!r} is not a font registered by pdfthai.register_fonts()")
    return font


def doc_kwargs(size: float = 11) -> dict:
    """Keyword arguments for a ``BaseDocTemplate``: Sarabun as the canvas' initial font (so no
    base-14 font is ever referenced) and reportlab's invariant mode (byte-identical output)."""
    fonts = register_fonts()
    if any([_font(name).recycle_codes() for name in fonts]):
        _shape_cache.clear()                # a new document: no shaping of the old codes lives
    return {"initialFontName": fonts.regular, "initialFontSize": size, "invariant": 1}


# =========================================================================== shaping

class Glyph(NamedTuple):
    code: str        # one character: draws the glyph, extracts as its text
    adv: float       # advance, 1/1000 em
    xoff: float      # 1/1000 em
    yoff: float      # 1/1000 em
    width: float     # the code's width in the PDF font (1/1000 em)
    cluster: int     # offset of the glyph's cluster in the shaped text
    gap: bool        # a cluster starts here with a spacing glyph: justification may widen before it
    mark: bool       # zero-advance glyph (a combining mark)
    gid: int         # glyph id in the font
    script: str      # first character of its cluster: "T" Thai letter, "S" space, "O" other


class Shaped(NamedTuple):
    glyphs: tuple[Glyph, ...]
    width: float     # 1/1000 em


SARA_AM = "\u0e33"

#: (text, font name) -> its shaping
_shape_cache: Bounded = Bounded("typeset.shape", 16384)


def shape(text: str, font_name: str) -> Shaped:
    """HarfBuzz-shape ``text`` in a registered Sarabun face (cached per text and font; the
    result is in 1/1000 em and so serves every size)."""
    key = (text, font_name)
    got = _shape_cache.get(key)
    if got is None:
        got = _shape_cache.put(key, _shape(text, _font(font_name)))
    return got


def _shape(text: str, font: ThaiTTFont) -> Shaped:
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    hb.shape(font.hb_font, buf)
    infos = buf.glyph_infos
    positions = buf.glyph_positions
    scale = font.em_scale
    gids = [g.codepoint for g in infos]
    clusters = [g.cluster for g in infos]
    advs = [p.x_advance * scale for p in positions]
    xoffs = [p.x_offset * scale for p in positions]
    yoffs = [p.y_offset * scale for p in positions]
    out: list[Glyph] = []
    # glyphs by cluster (HarfBuzz clusters are monotone for left-to-right text)
    n = len(gids)
    i = 0
    while i < n:
        c = clusters[i]
        j = i + 1
        while j < n and clusters[j] == c:
            j += 1
        ctext = text[c:clusters[j] if j < n else len(text)]
        out += _cluster_glyphs(font, ctext, c, gids[i:j], advs[i:j], xoffs[i:j], yoffs[i:j])
        i = j
    return Shaped(tuple(out), sum(advs))


def _cluster_glyphs(font: ThaiTTFont, ctext: str, c: int, gids: list[int], advs: list[float],
                    xoffs: list[float], yoffs: list[float]) -> list[Glyph]:
    """The glyphs of one HarfBuzz cluster (text ``ctext`` at offset ``c``), with the codes that
    draw them and extract as the cluster's text."""
    first = ctext[:1]
    script = "T" if _is_thai_letter(first) else "S" if first in _SPACES else "O"
    defaults = font.default_chars(gids)
    if None not in defaults and "".join(defaults) == ctext:
        codes = defaults
    else:
        texts = [""] * len(gids)
        spacing = [m for m, adv in enumerate(advs) if adv > 0] or [0]
        if ctext.endswith(SARA_AM) and len(ctext) > 1 and len(spacing) > 1:
            # sara am is drawn as nikhahit + sara aa: the sara aa glyph stands for ำ, so the
            # text stays where it is drawn
            texts[spacing[0]] = ctext[:-1]
            texts[spacing[-1]] = SARA_AM
        else:
            texts[spacing[0]] = ctext
        codes = [font.code_for(gid, texts[m]) for m, gid in enumerate(gids)]
    widths = font.face.charWidths
    default_width = font.face.defaultWidth
    new = tuple.__new__
    return [new(Glyph, (code, adv, xoff, yoff, widths.get(ord(code), default_width), c,
                        m == 0 and adv > 0, adv == 0, gid, script))
            for m, (code, adv, xoff, yoff, gid) in enumerate(zip(codes, advs, xoffs, yoffs, gids))]


def string_width(text: str, font_name: str, size: float) -> float:
    """Width in points of ``text`` shaped in ``font_name`` at ``size``."""
    if not text:
        return 0.0
    return shape(text, font_name).width * size / 1000.0


def _actual_text_open(text: str) -> str:
    """The opening of a run's /ActualText span. A no-break space (set where a line must not
    break, e.g. between "พ.ศ." and its year) is copied and searched as the space it was typed as."""
    if "\xa0" in text:
        text = text.replace("\xa0", " ")
    return f"/Span <</ActualText <FEFF{_utf16_hex(text)}>>> BDC"


#: Wrap every drawn run in an /ActualText span (exact text in viewers that prefer it).
ACTUAL_TEXT = True


_NUMS: Bounded = Bounded("typeset.numbers", 16384)


def _num(v: float) -> str:
    """A PDF number with at most two decimals (1/100 of a thousandth of an em in TJ arrays)."""
    got = _NUMS.get(v)
    if got is None:
        r = round(v, 2)
        got = str(int(r)) if r == int(r) else f"{r:.2f}".rstrip("0")
        _NUMS.put(v, got)
    return got


#: byte -> its form in a PDF literal string, as reportlab escapes it (for ``str.translate``)
_ESCAPES = {c: pdfdoc.escapePDF(bytes([c])) for c in range(256)}


def _literal(codes: bytes) -> str:
    """``codes`` as a PDF literal string (reportlab's escaping, in one C-level pass)."""
    return "(" + codes.decode("latin-1").translate(_ESCAPES) + ")"


def _split_codes(font: ThaiTTFont, text: str, doc) -> list[tuple[int, bytes]]:
    """``font.splitString(text, doc)``: the text's one-byte codes per font subset. Codes the
    document has already assigned are looked up directly; any new character (or a no-break
    space, which reportlab maps to a space) goes through reportlab."""
    state = font.state.get(doc)
    if state is not None and "\xa0" not in text:
        assigned = state.assignments
        try:
            ns = [assigned[c] for c in map(ord, text)]
        except KeyError:
            pass
        else:
            subset = ns[0] >> 8 if ns else -1
            if ns and max(ns) >> 8 == subset and min(ns) >> 8 == subset:
                base = subset << 8
                return [(subset, bytes([n - base for n in ns]) if base else bytes(ns))]
    return font.splitString(text, doc)


def _emit_run(tx, font_name: str, size: float, text: str, glyphs: Sequence[Glyph],
              extra: Sequence[float] | None = None) -> None:
    """Append one shaped run to a text object at its current position: ``TJ`` arrays that
    place every glyph where HarfBuzz put it, ``Ts`` for vertical mark offsets. ``extra`` holds,
    per glyph, advance (1/1000 em) added after it (justification)."""
    if not glyphs:
        return
    font = _font(font_name)
    doc = tx._canvas._doc
    out = tx._code
    if ACTUAL_TEXT:
        out.append(_actual_text_open(text))
    items: list[str] = []       # the pieces of the text-showing operator being built
    state = [0.0, 0.0, 0]       # position adjustment owed before the next glyph, rise, glyph
    size_str = _num(size)
    for subset, codes in _split_codes(font, "".join([g[0] for g in glyphs]), doc):
        if items:
            _show(out, items)
        out.append(f"{font.getSubsetInternalName(subset, doc)} {size_str} Tf")
        _emit_codes(out, items, codes, glyphs, extra, size, state)
    pending = state[0]
    if pending > 0.004 or pending < -0.004:
        items.append(_num(pending))
    if items:
        _show(out, items)
    if state[1]:
        out.append("0 Ts")
    if ACTUAL_TEXT:
        out.append("EMC")
    # the text object's own font state no longer matches what was emitted
    tx._fontname = font_name
    tx._fontsize = size
    tx._curSubset = -1


def _show(out: list[str], items: list[str]) -> None:
    """Emit the text-showing operator of ``items`` (``Tj`` for one string, else ``TJ``)."""
    if len(items) == 1 and items[0][0] == "(":
        out.append(items[0] + " Tj")
    else:
        out.append("[" + " ".join(items) + "] TJ")
    items.clear()


def _emit_codes(out: list[str], items: list[str], codes: bytes, glyphs: Sequence[Glyph],
                extra: Sequence[float] | None, size: float, state: list) -> None:
    """The glyphs of one font subset (``codes``, from glyph ``state[2]`` on) into ``items``."""
    pending, rise, gi = state
    nums = _NUMS
    num = _num
    literal = _literal
    start = 0                                   # codes[start:i] not yet in items
    for i in range(len(codes)):
        _, adv, xoff, yoff, width = glyphs[gi][:5]
        if extra is not None:
            adv += extra[gi]
        gi += 1
        if yoff != rise:
            if start < i or items:
                if start < i:
                    items.append(literal(codes[start:i]))
                    start = i
                if pending:
                    items.append(nums.get(pending) or num(pending))
                    pending = 0.0
                _show(out, items)
            elif pending:
                out.append(f"[{num(pending)}] TJ")
                pending = 0.0
            rise = yoff
            out.append(f"{num(size * rise / 1000.0)} Ts")
        if xoff:
            pending -= xoff
        if pending > 0.004 or pending < -0.004:
            if start < i:
                items.append(literal(codes[start:i]))
                start = i
            items.append(nums.get(pending) or num(pending))
        pending = width - adv + xoff
    if start < len(codes):
        items.append(literal(codes[start:]))
    state[:] = [pending, rise, gi]


class _TextObject:
    """As much of reportlab's ``PDFTextObject`` as :func:`_emit_run` uses, made without its
    set-up (font look-ups, colour state) and drawn into the canvas as reportlab draws one."""

    __slots__ = ("_canvas", "_code", "_fontname", "_fontsize", "_curSubset")

    def __init__(self, canvas, x: float, y: float):
        self._canvas = canvas
        self._code = ["BT", "1 0 0 1 %s Tm" % fp_str(x, y)]

    def draw(self) -> None:
        self._code.append("ET")
        self._canvas._code.append(" ".join(self._code))


def _begin_text(canvas, x: float, y: float):
    """A text object at ``x, y``: :class:`_TextObject` on a bottom-up canvas, else reportlab's."""
    return _TextObject(canvas, x, y) if canvas.bottomup else canvas.beginText(x, y)


def _end_text(canvas, tx) -> None:
    if isinstance(tx, _TextObject):
        tx.draw()
    else:
        canvas.drawText(tx)


def draw_string(canvas, x: float, y: float, text: str, font_name: str, size: float,
                anchor: str = "left") -> float:
    """Draw one line of shaped text; ``anchor`` is ``left``, ``centre``/``center`` or ``right``.
    Returns the width drawn."""
    if anchor not in ("left", "centre", "center", "right"):
        raise ValueError(f"anchor must be left, centre or right, not {anchor!r}")
    if not text:
        return 0.0
    shaped = shape(text, font_name)
    width = shaped.width * size / 1000.0
    if anchor in ("centre", "center"):
        x -= width / 2.0
    elif anchor == "right":
        x -= width
    tx = _begin_text(canvas, x, y)
    _emit_run(tx, font_name, size, text, shaped.glyphs)
    _end_text(canvas, tx)
    return width


# =========================================================================== words and lines

CONTENT, SPACE, HARD = 0, 1, 2
#: a hard line break, breakable white space, or a chunk between them (no-break space stays inside)
_CHUNKS = re.compile(r"\n|[^\S\n\u00a0\u202f]+|(?:[^\s]|[\u00a0\u202f])+")


class Atom(NamedTuple):
    font: str
    text: str
    shaped: Shaped


#: (font, text) of a one-atom word -> its justification gaps
_ATOM_GAPS: Bounded = Bounded("typeset.atom-gaps", 16384)


class Word:
    """Atoms that stay on one line; ``brk`` is the class of the break opportunity after it
    (``None``: the next word is a space or a hard break, which carry their own)."""

    __slots__ = ("kind", "atoms", "width", "brk", "_gaps")

    def __init__(self, kind: int, atoms: list[Atom], brk: int | None = None):
        self.kind = kind
        self.atoms = atoms
        if len(atoms) == 1:
            self.width = atoms[0].shaped.width                  # 1/1000 em
        else:
            self.width = sum(a.shaped.width for a in atoms)
        self.brk = brk
        self._gaps: int | None = None

    @property
    def gaps(self) -> int:
        """How many justification gaps the word has (its first glyph's included)."""
        if self._gaps is None:
            atoms = self.atoms
            if len(atoms) == 1:                         # most words: one atom, counted once
                key = (atoms[0].font, atoms[0].text)
                n = _ATOM_GAPS.get(key)
                if n is None:
                    n = _ATOM_GAPS.put(key, len(_gaps(atoms, first=True)))
                self._gaps = n
            else:
                self._gaps = len(_gaps(atoms, first=True))
        return self._gaps

    @property
    def text(self) -> str:
        if self.kind == HARD:
            return "\n"
        return "".join(a.text for a in self.atoms)

    def extend(self, other: "Word") -> None:
        self.atoms = self.atoms + other.atoms
        self.width += other.width
        self.brk = other.brk
        self._gaps = None

    def __repr__(self):
        return f"Word({self.kind}, {self.text!r}, brk={self.brk})"


def _atoms(text: str, spans: Sequence[tuple[int, int, str]], a: int, b: int) -> list[Atom]:
    """Shaped atoms for ``text[a:b]``, cut where the font changes."""
    out = []
    for s, e, font in spans:
        lo, hi = max(s, a), min(e, b)
        if lo < hi:
            piece = text[lo:hi]
            out.append(Atom(font, piece, shape(piece, font)))
    return out


def _normalise(text: str) -> str:
    """A run's text as it is set: tabs are spaces, any line end is "\n", no zero-width space;
    no-break spaces where a line must not break ("พ.ศ. ๒๕๖๖", "๓๒,๕๘๐ บาท": ``thaitext.no_break``)."""
    return thaitext.no_break(
        text.replace("\t", " ").replace("\r\n", "\n").replace("\r", "\n").replace("\u200b", ""))


def build_words(runs: Sequence[tuple[str, str]]) -> list[Word]:
    """Words of a paragraph given as ``(text, font name)`` runs."""
    spans = []
    pos = 0
    parts = []
    for t, font in runs:
        t = _normalise(t)
        if t:
            spans.append((pos, pos + len(t), font))
            parts.append(t)
            pos += len(t)
    text = "".join(parts)
    words: list[Word] = []
    glue_next = False
    for m in _CHUNKS.finditer(text):
        a, b = m.span()
        chunk = m.group()
        if chunk == "\n":
            words.append(Word(HARD, []))
            glue_next = False
            continue
        if chunk[0] not in "\u00a0\u202f" and chunk.isspace():
            word = Word(SPACE, _atoms(text, spans, a, b))
            nxt = text[b:b + 1]
            prev = text[a - 1:a]
            if words and words[-1].kind == CONTENT and (
                    (nxt and nxt in NO_LINE_START) or (prev and prev in NO_LINE_END)):
                words[-1].extend(word)           # a space that may not break: ต่าง ๆ
                glue_next = True
            else:
                words.append(word)
            continue
        cuts = break_points(chunk)
        edges = [(0, None)] + list(cuts) + [(len(chunk), None)]
        for k in range(len(edges) - 1):
            s, _ = edges[k]
            e, cls = edges[k + 1]
            word = Word(CONTENT, _atoms(text, spans, a + s, a + e), cls)
            if glue_next:
                words[-1].extend(word)
                glue_next = False
            else:
                words.append(word)
    return words


def _cut_atom(atom: Atom, k: int) -> tuple[Atom, Atom]:
    """Cut a shaped atom before glyph ``k`` (a cluster start), keeping the shaping."""
    glyphs = atom.shaped.glyphs
    off = glyphs[k].cluster
    g1 = glyphs[:k]
    g2 = tuple(g._replace(cluster=g.cluster - off) for g in glyphs[k:])
    return (Atom(atom.font, atom.text[:off], Shaped(g1, sum(g.adv for g in g1))),
            Atom(atom.font, atom.text[off:], Shaped(g2, sum(g.adv for g in g2))))


def _split_long_word(word: Word, limit: float) -> list[Word]:
    """Cut a word wider than ``limit`` (1/1000 em) into pieces that fit, only between HarfBuzz
    clusters, preferring cuts where no leading vowel is left behind and no following vowel or
    mark starts a piece."""
    pieces: list[Word] = []
    atoms = list(word.atoms)
    current: list[Atom] = []
    width = 0.0
    while atoms:
        atom = atoms.pop(0)
        if width + atom.shaped.width <= limit or (not current and len(atom.shaped.glyphs) <= 1):
            current.append(atom)
            width += atom.shaped.width
            continue
        # find the last cluster start inside the atom that still fits
        glyphs = atom.shaped.glyphs
        # right-to-left runs have falling clusters: no cut inside them (the text offsets of a
        # cut hold only for glyphs in text order)
        cuttable = all(a.cluster <= b.cluster for a, b in zip(glyphs, glyphs[1:]))
        best = good = None
        acc = width
        for k, g in enumerate(glyphs):
            if cuttable and k and g.gap and acc <= limit:
                best = k
                prev_char = atom.text[g.cluster - 1]
                if prev_char not in NO_LINE_END and atom.text[g.cluster] not in NO_LINE_START:
                    good = k
            acc += g.adv
        k = good or best
        if k is None:
            if current:                        # nothing of this atom fits: new piece
                pieces.append(Word(CONTENT, current, BREAK_FORCED))
                current, width = [], 0.0
                atoms.insert(0, atom)
                continue
            # the first cluster alone is wider than the line: it makes a piece of its own
            k = next((m for m, g in enumerate(glyphs) if m and g.gap), None) if cuttable else None
            if k is None:
                current.append(atom)
                width += atom.shaped.width
                continue
        head, tail = _cut_atom(atom, k)
        current.append(head)
        pieces.append(Word(CONTENT, current, BREAK_FORCED))
        current, width = [], 0.0
        atoms.insert(0, tail)
    if current:
        pieces.append(Word(CONTENT, current, word.brk))
    return pieces


class Line(NamedTuple):
    start: int          # index of the first word in the paragraph's word list
    end: int            # index after the last word on the line
    width: float        # points, without trailing spaces
    justify: bool       # False for the last line and lines ended by a hard break


#: Cost of ending a line at a break of each class (see :func:`break_lines`): a cut between Thai
#: words costs as much as stretching a line by 0.045 em per gap, a doubtful cut as much as
#: 0.2 em, so spaces are preferred and doubtful cuts are taken only to avoid loose lines.
BREAK_COST = {BREAK_SPACE: 0.0, BREAK_WORD: 20.0, BREAK_AMBIGUOUS: 400.0, BREAK_FORCED: 0.0}
#: Cost of each line (prefers fewer lines) and of stretching a line by 0.1 em per gap.
LINE_COST = 10.0
STRETCH_COST = 100.0


def _rejoin(words: Sequence[Word]) -> list[Word]:
    """A fresh word list in which the pieces of words cut for an earlier width are whole again."""
    out: list[Word] = []
    for w in words:
        if out and out[-1].brk == BREAK_FORCED and w.kind == CONTENT:
            joined = Word(CONTENT, out[-1].atoms + w.atoms, w.brk)
            out[-1] = joined
        else:
            out.append(w)
    return out


def break_lines(source: Sequence[Word], widths: Sequence[float], size: float,
                ragged: bool = False) -> tuple[list[Word], list[Line]]:
    """Break a paragraph into lines, choosing all its breaks together (as TeX does): the sum
    over its lines of :data:`LINE_COST`, :data:`BREAK_COST` of the line's break and
    :data:`STRETCH_COST` × (added space per gap / 0.1 em)² is minimal; the last line and lines
    ending at a hard break are not stretched. ``widths``: the first line's width and the others'
    (points). ``ragged`` (left, centred or right aligned text): uneven line ends cost a quarter
    as much, so good breaks weigh more. Returns the words as laid out (words wider than a line cut into pieces first) and
    the lines, which index into them. ``source`` is not modified."""
    words = _rejoin(source)
    scale = size / 1000.0
    limit = min(widths) / scale
    if any(w.kind == CONTENT and w.width > limit + 1e-6 for w in words):
        cut: list[Word] = []
        for w in words:
            if w.kind == CONTENT and w.width > limit + 1e-6:
                cut.extend(_split_long_word(w, limit))
            else:
                cut.append(w)
        words = cut
    n = len(words)
    lines: list[Line] = []
    if not any(w.kind != SPACE for w in words):
        return words, lines
    a = 0
    while a <= n:
        b = a
        while b < n and words[b].kind != HARD:
            b += 1
        if b == n and a == n and words and words[-1].kind == HARD:
            break                                       # nothing after a final "\n"
        lines.extend(_break_segment(words, a, b, widths, size, first=not lines,
                                    stretch_cost=STRETCH_COST * (0.25 if ragged else 1.0)))
        a = b + 1
    return words, lines


def _break_segment(words: list[Word], a: int, b: int, widths: Sequence[float], size: float,
                   first: bool, stretch_cost: float) -> list[Line]:
    """Optimal lines for ``words[a:b]`` (no hard break inside)."""
    scale = size / 1000.0
    s0 = a
    while s0 < b and words[s0].kind == SPACE:
        s0 += 1
    if s0 >= b:
        return [Line(a, a, 0.0, False)]
    # prefix sums of widths (1/1000 em) and of justification gaps
    pw = [0.0] * (b + 1)
    pg = [0] * (b + 1)
    for k in range(a, b):
        w = words[k]
        pw[k + 1] = pw[k] + w.width
        pg[k + 1] = pg[k] + w.gaps
    trail = b
    while trail > s0 and words[trail - 1].kind == SPACE:
        trail -= 1
    cands = _break_candidates(words, s0, b)
    maxws = ((widths[0] if first else widths[-1]) / scale, widths[-1] / scale)
    best, final = _best_breaks(cands, pw, pg, s0, trail, maxws, stretch_cost)
    out: list[Line] = []
    s = final
    out.append(Line(s, trail, (pw[trail] - pw[s]) * scale, False))
    while s != s0:
        _, prev, end, _ = best[s]
        e = end
        while e > prev and words[e - 1].kind == SPACE:
            e -= 1
        out.append(Line(prev, e, (pw[e] - pw[prev]) * scale, True))
        s = prev
    out.reverse()
    return out


def _break_candidates(words: list[Word], s0: int, b: int) -> list[tuple[int, int, int]]:
    """The break opportunities of ``words[s0:b]``: (end of the line, start of the next, class)."""
    cands: list[tuple[int, int, int]] = []
    for j in range(s0, b):
        w = words[j]
        if w.kind == SPACE:
            ns = j + 1
            while ns < b and words[ns].kind == SPACE:
                ns += 1
            if ns < b and j > s0:
                cands.append((j, ns, BREAK_SPACE))
        elif w.brk is not None and j + 1 < b and words[j + 1].kind == CONTENT:
            cands.append((j + 1, j + 1, w.brk))
    return cands


def _best_breaks(cands: list[tuple[int, int, int]], pw: list[float], pg: list[int], s0: int,
                 trail: int, maxws: tuple[float, float], stretch_cost: float):
    """The cheapest way to every line start (``start -> (cost, prev start, end, class)``) and
    the start of the cheapest last line. ``maxws``: the first line's width and the others'
    (1/1000 em)."""
    eps = 1e-6
    best: dict[int, tuple[float, int, int, int]] = {s0: (0.0, -1, -1, -1)}
    starts = sorted({s0} | {c[1] for c in cands})
    final: tuple[float, int] | None = None
    ncands = len(cands)
    cand_ends = [c[0] for c in cands]
    break_cost = BREAK_COST
    ci0 = 0
    for s in starts:
        entry = best.get(s)
        if entry is None:
            continue
        base = entry[0]
        maxw = maxws[0] if s == s0 else maxws[1]
        limit = maxw + eps
        pws = pw[s]
        if pw[trail] - pws <= limit:
            if final is None or base < final[0]:
                final = (base, s)
        while ci0 < ncands and cand_ends[ci0] <= s:
            ci0 += 1
        pgs = pg[s] + 1
        for ci in range(ci0, ncands):
            end, ns, cls = cands[ci]
            width = pw[end] - pws
            over = width > limit
            if over and ci > ci0:
                break                           # no longer line from s fits
            gaps = pg[end] - pgs
            if gaps < 1:
                gaps = 1
            slack = maxw - width
            stretch = (slack if slack > 0.0 else 0.0) / gaps / 100.0     # per gap, in 0.1 em
            cost = base + LINE_COST + break_cost[cls] + stretch_cost * stretch * stretch
            if over:
                cost += 1e9                                   # overfull: only if nothing fits
            old = best.get(ns)
            if old is None or cost < old[0]:
                best[ns] = (cost, s, end, cls)
    if final is None:                                       # cannot happen once words fit
        final = (best[starts[-1]][0], starts[-1])
    return best, final[1]


# =========================================================================== paragraphs

_ALIGN = {"justify": TA_JUSTIFY, "left": TA_LEFT, "center": TA_CENTER, "centre": TA_CENTER,
          "right": TA_RIGHT}

Runs = Union[str, Sequence[tuple]]


def paragraph_style(name: str, size: float = 11, leading: float | None = None,
                    align: str = "justify", bold: bool = False, left_indent: float = 0,
                    first_line_indent: float = 0, space_before: float = 0,
                    space_after: float = 0, **extra) -> ParagraphStyle:
    """A ParagraphStyle for :class:`Paragraph` (Sarabun, shaping on). ``leading`` defaults to
    1.5 × size; other ParagraphStyle attributes (``rightIndent``, ``textColor``,
    ``allowWidows``, …) may be passed as keywords."""
    fonts = register_fonts()
    if align not in _ALIGN:
        raise ValueError(f"align must be one of {sorted(_ALIGN)}, not {align!r}")
    return ParagraphStyle(
        name, fontName=fonts.bold if bold else fonts.regular, fontSize=size,
        leading=leading if leading is not None else round(size * 1.5, 3),
        alignment=_ALIGN[align], leftIndent=left_indent, firstLineIndent=first_line_indent,
        spaceBefore=space_before, spaceAfter=space_after, shaping=1, **extra)


def _font_runs(runs: Runs, style) -> list[tuple[str, str]]:
    base = style.fontName
    fonts = register_fonts()
    if base not in fonts:
        raise ValueError(f"style {style.name!r} uses {base!r}, not a font from register_fonts()")
    base_bold = base in (fonts.bold, fonts.bold_italic)
    base_italic = base in (fonts.italic, fonts.bold_italic)
    if isinstance(runs, str):
        return [(runs, base)]
    out = []
    for run in runs:
        if isinstance(run, str):
            out.append((run, base))
            continue
        text, bold, italic = (tuple(run) + (False, False))[:3]
        out.append((str(text), fonts.pick(bold or base_bold, italic or base_italic)))
    return out


class _LineBag:
    """A laid-out line as reportlab's paragraph line tuples look (for code that inspects
    ``blPara``): ``words`` holds one object per atom with ``text`` and ``fontName``."""

    __slots__ = ("words", "extraSpace", "wordCount", "lineBreak", "text")

    def __init__(self, words, extra, text, hard):
        self.words = words
        self.extraSpace = extra
        self.wordCount = len(words)
        self.lineBreak = hard
        self.text = text


class Paragraph(_rl_paragraph.Paragraph):
    """A Thai paragraph flowable: word-boundary line breaks, HarfBuzz shaping, Thai
    justification, splitting across frames and pages, exact text extraction.

    ``runs`` is a plain string or a list of ``(text, bold, italic)``; a newline is a line break.
    """

    def __init__(self, runs: Runs, style: ParagraphStyle, *, _words: list[Word] | None = None,
                 _lines: list[Line] | None = None, _first_indent: float | None = None):
        Flowable.__init__(self)
        self.style = style
        self.bulletText = None
        self.caseSensitive = 1
        self.encoding = "utf8"
        self.frags = []
        self.debug = 0
        if _words is None:
            # the words are built when first needed (the first wrap)
            self._runs = _font_runs(runs, style)
            self._built: list[Word] | None = None
            self.text = "".join(_normalise(t) for t, _ in self._runs)
        else:
            self._runs = None
            self._built = _words
            self.text = "".join(w.text for w in _words)
        self._laid = _words             # as laid out for the current width (None: as built)
        self._fixed = _lines            # lines fixed by a split: never re-broken
        self._first_indent = style.firstLineIndent if _first_indent is None else _first_indent
        self._lines: list[Line] = _lines or []
        self._layout_width: float | None = None
        #: where this paragraph's text starts in :attr:`origin`'s text
        self.origin_offset = 0
        self._origin: Paragraph | None = None   # None: itself (no reference cycle)

    @property
    def _source(self) -> list[Word]:
        """The words as built (never modified)."""
        if self._built is None:
            self._built = build_words(self._runs)
        return self._built

    @property
    def _words(self) -> list[Word]:
        """The words as laid out for the current width (as built before the first layout)."""
        return self._source if self._laid is None else self._laid

    @_words.setter
    def _words(self, words: list[Word]) -> None:
        self._laid = words

    @property
    def origin(self) -> "Paragraph":
        """The paragraph this one was split from (itself if it was not)."""
        return self if self._origin is None else self._origin

    # ---------------------------------------------------------------- layout
    def _line_widths(self) -> list[float]:
        """The widths the current lines were laid out for."""
        return self._widths(self._layout_width if self._layout_width is not None else self.width)

    def _widths(self, avail: float) -> list[float]:
        st = self.style
        inner = avail - st.leftIndent - st.rightIndent
        return [inner - self._first_indent, inner]

    def _layout(self, avail: float) -> list[Line]:
        if self._fixed is not None:
            return self._fixed
        if self._layout_width != avail:
            self._words, self._lines = break_lines(
                self._source, self._widths(avail), self.style.fontSize,
                ragged=self.style.alignment != TA_JUSTIFY)
            self._layout_width = avail
        return self._lines

    def wrap(self, availWidth, availHeight):
        lines = self._layout(availWidth)
        self.width = availWidth
        self.height = len(lines) * self.style.leading
        self._bl = None
        return availWidth, self.height

    @property
    def blPara(self):
        """The laid-out lines in the shape of reportlab's ``ParaLines`` (built on demand)."""
        if getattr(self, "_bl", None) is None:
            self._bl = self._bl_para(self._lines if self._fixed is None else self._fixed)
        return self._bl

    @blPara.setter
    def blPara(self, value):
        self._bl = value

    def _bl_para(self, lines):
        from reportlab.platypus.paragraph import ParaLines

        out = []
        for k, line in enumerate(lines):
            atoms = [a for w in self._words[line.start:line.end] for a in w.atoms]
            bags = [_rl_paragraph.ABag(text=a.text, fontName=a.font, fontSize=self.style.fontSize)
                    for a in atoms]
            maxw = self._line_widths()[min(k, 1)]
            out.append(_LineBag(bags, maxw - line.width, "".join(a.text for a in atoms),
                                not line.justify))
        return ParaLines(kind=1, lines=out)

    def line_texts(self) -> list[str]:
        """The text of each laid-out line (after :meth:`wrap`)."""
        return ["".join(a.text for w in self._words[l.start:l.end] for a in w.atoms)
                for l in self._lines]

    def line_spans(self) -> list[tuple[int, int]]:
        """``(start, end)`` of each laid-out line in :attr:`origin`'s text (after :meth:`wrap`)."""
        starts = [0]
        for w in self._words:
            starts.append(starts[-1] + len(w.text))
        base = self.origin_offset
        return [(base + starts[l.start], base + starts[l.end]) for l in self._lines]

    def line_glyphs(self) -> list[list[Glyph]]:
        """The glyphs drawn on each laid-out line (after :meth:`wrap`)."""
        return [[g for w in self._words[l.start:l.end] for a in w.atoms for g in a.shaped.glyphs]
                for l in self._lines]

    def line_stretch(self) -> list[float]:
        """For each laid-out line, the space justification adds at each gap, in em (0 for lines
        that are not justified)."""
        st = self.style
        widths = self._line_widths()
        out = []
        for k, line in enumerate(self._lines):
            spare = widths[min(k, 1)] - line.width
            if st.alignment != TA_JUSTIFY or not line.justify or spare <= 0:
                out.append(0.0)
                continue
            atoms = [a for w in self._words[line.start:line.end] for a in w.atoms]
            extras = justification(atoms, spare, st.fontSize)
            out.append(max(extras) / 1000.0 if extras else 0.0)
        return out

    def minWidth(self):
        st = self.style
        widest = max((w.width for w in _rejoin(self._source) if w.kind == CONTENT), default=0.0)
        return widest * st.fontSize / 1000.0 + st.leftIndent + st.rightIndent + max(
            self._first_indent, 0)

    def getPlainText(self, identify=None):
        return self.text

    def getActualLineWidths0(self):
        return [l.width for l in self._lines]

    def split(self, availWidth, availHeight):
        lines = self._layout(availWidth)
        st = self.style
        leading = st.leading
        n = int((availHeight + 1e-6) // leading)
        total = len(lines)
        if total <= 1 or n <= 0:
            return []
        if n >= total:
            return [self]
        if not st.allowWidows and total - n == 1:
            n -= 1
        if not st.allowOrphans and n == 1:
            return []
        if n <= 0:
            return []
        head_style = st.clone(st.name, spaceAfter=0) if st.spaceAfter else st
        tail_style = st.clone(st.name, spaceBefore=0) if st.spaceBefore else st
        rest = lines[n].start
        head = Paragraph(None, head_style, _words=self._words, _lines=lines[:n],
                         _first_indent=self._first_indent)
        head._layout_width = availWidth         # the width its lines were made for
        tail = Paragraph(None, tail_style, _words=self._words[rest:], _first_indent=0.0)
        head._origin = tail._origin = self.origin
        head.origin_offset = self.origin_offset
        tail.origin_offset = self.origin_offset + sum(len(w.text) for w in self._words[:rest])
        return [head, tail]

    # ---------------------------------------------------------------- drawing
    def draw(self):
        lines = self._lines if self._fixed is None else self._fixed
        if not lines:
            return
        st = self.style
        canv = self.canv
        size = st.fontSize
        leading = st.leading
        ascent, descent = pdfmetrics.getAscentDescent(st.fontName, size)
        baseline = self.height - (leading - (ascent - descent)) / 2.0 - ascent
        widths = self._line_widths()
        canv.saveState()
        canv.setFillColor(st.textColor)
        for k, line in enumerate(lines):
            maxw = widths[min(k, 1)]
            x = st.leftIndent + (self._first_indent if k == 0 else 0.0)
            spare = maxw - line.width
            justify = False
            if st.alignment == TA_JUSTIFY:
                justify = line.justify
            elif st.alignment == TA_CENTER:
                x += spare / 2.0
            elif st.alignment == TA_RIGHT:
                x += spare
            self._draw_line(canv, x, baseline - k * leading, line, size,
                            spare if justify and spare > 0 else 0.0)
        canv.restoreState()

    def _draw_line(self, canv, x, y, line, size, spare):
        atoms = [a for w in self._words[line.start:line.end] for a in w.atoms]
        if not atoms:
            return
        extras = justification(atoms, spare, size)
        tx = _begin_text(canv, x, y)
        k = 0
        seg_start = 0
        for idx in range(1, len(atoms) + 1):
            if idx == len(atoms) or atoms[idx].font != atoms[seg_start].font:
                seg = atoms[seg_start:idx]
                glyphs = [g for a in seg for g in a.shaped.glyphs]
                ng = len(glyphs)
                _emit_run(tx, seg[0].font, size, "".join(a.text for a in seg), glyphs,
                          extras[k:k + ng] if extras is not None else None)
                k += ng
                seg_start = idx
        _end_text(canv, tx)

    def __repr__(self):
        return f"pdfthai.Paragraph({self.text[:40]!r}…)"


_SPACES = frozenset(" \u00a0\u202f")


def _gaps(atoms: Sequence[Atom], first: bool = False) -> list[int]:
    """Indexes (in the glyphs of ``atoms``) of the glyphs after which justification may add
    space: before every cluster that starts with a spacing glyph, except between two clusters
    that are neither Thai letters nor spaces (Latin words and numbers are not letter-spaced).
    ``first``: also count the gap before the first glyph (as index -1)."""
    gaps = []
    idx = -1
    started = first
    prev = ""
    for a in atoms:
        for g in a.shaped.glyphs:
            if g[6]:                                    # g.gap
                script = g[9]                           # g.script
                if started and (script != "O" or prev != "O"):
                    gaps.append(idx)
                prev = script
            started = True
            idx += 1
    return gaps


#: the widest a justification gap may grow (em)
MAX_GAP = 0.15


def justification(atoms: Sequence[Atom], spare: float, size: float) -> list[float] | None:
    """Per-glyph added advance (1/1000 em) spreading ``spare`` points evenly over the gaps of
    :func:`_gaps` (never between a base and its marks, never inside a Latin word or a number)."""
    if spare <= 0:
        return None
    gaps = _gaps(atoms)
    if not gaps:
        return None
    extras = [0.0] * sum(len(a.shaped.glyphs) for a in atoms)
    # at most MAX_GAP em between two clusters: a short line (before a long unbreakable word)
    # stays a little short rather than letter-spaced
    each = min(spare * 1000.0 / size / len(gaps), MAX_GAP * 1000.0)
    for i in gaps:
        extras[i] += each
    return extras
