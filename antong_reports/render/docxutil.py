"""WordprocessingML helpers below python-docx's API: text, units, run fragments and the oxml
elements python-docx models but gives no API for.

The DOCX renderer works on python-docx's three layers (see ``docs/documents.md``):

* **API objects** (``docx.Document()`` and its default template, core properties, sections,
  headers, styles, the settings part) for what python-docx models;
* its **oxml layer** (``OxmlElement``, ``parse_xml``, ``qn`` and the ``CT_*`` element classes) for
  what Thai needs and python-docx has no API for: ``w:rFonts w:cs``/``w:eastAsia``, ``w:szCs``,
  ``w:bCs``, ``w:iCs``, ``<w:cs/>``, ``<w:lang w:val="en-US" w:bidi="th-TH"/>``, theme fonts removed from the
  template, compatibility mode 15, ``w:updateFields``, ``w:pgNumType``;
* its **OPC package** for parts and relationships (headers, pictures, document properties).

Body content is written as schema-ordered fragments (:func:`rpr`, :func:`run`, :func:`field`)
and parsed in one ``parse_xml`` call per section (:func:`parse_blocks`): python-docx's paragraph
API costs far more per run for the thousands of paragraphs of a large plan. Every run carries
``w:rFonts`` ascii/hAnsi/eastAsia/cs, ``w:sz`` and ``w:szCs``, ``w:b``+``w:bCs``, ``w:i``+``w:iCs``,
``<w:cs/>`` and ``<w:lang w:val="en-US" w:bidi="th-TH"/>`` (Thai text in Thai, Latin text in
English). Element order inside ``w:pPr``, ``w:rPr``,
``w:tcPr`` and ``w:tblPr`` follows the schema sequence (Word refuses files that break it).
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
PIC_NS = "http://schemas.openxmlformats.org/drawingml/2006/picture"

#: The application name written in the document properties.
APPLICATION = "antong-reports"

# --------------------------------------------------------------------------- text

# Characters XML 1.0 cannot hold at all (C0 controls other than tab/newline/CR, surrogates,
# U+FFFE/U+FFFF). Tab and newline are turned into <w:tab/> and <w:br/> by :func:`run_content`.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """Text that XML can hold: CR/CRLF become newlines; other control characters are dropped
    (validation rejects them before a build; the renderer never writes a corrupt file)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _INVALID_XML.sub("", text)


def esc(text: str) -> str:
    """Escape text content (and attribute values) for XML."""
    return (clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


# --------------------------------------------------------------------------- units

def cm(value: float) -> int:
    """Centimetres in twentieths of a point (twips)."""
    return round(value * 1440 / 2.54)


def pt(value: float) -> int:
    """Points in twips."""
    return round(value * 20)


def half_points(value: float) -> int:
    return round(value * 2)


A4_WIDTH = cm(21.0)
A4_HEIGHT = cm(29.7)


# --------------------------------------------------------------------------- runs

#: The language of Latin text in every run (``w:lang w:val``; Thai text takes ``w:bidi``, th-TH):
#: English. With Thai there, LibreOffice 7.4 breaks Latin words with its Thai dictionary breaker
#: ("Integrity and Tran|sparency", "Corruption Perc|eption Index" at the ends of lines of the
#: plan's preface and Part 1); Word, whose ``<w:cs/>`` runs take the ``w:bidi`` language
#: throughout, is unaffected.
LATIN_LANG = "en-US"


def rpr(font: str, size: float, bold: bool = False, italic: bool = False,
        underline: bool = False, color: str | None = None) -> str:
    """Run properties, every Latin property paired with its complex-script twin; ``color`` an
    RGB hex colour."""
    f = esc(font)
    hp = half_points(size)
    parts = [f'<w:rPr><w:rFonts w:ascii="{f}" w:hAnsi="{f}" w:eastAsia="{f}" w:cs="{f}"/>']
    if bold:
        parts.append("<w:b/><w:bCs/>")
    if italic:
        parts.append("<w:i/><w:iCs/>")
    if color:
        parts.append(f'<w:color w:val="{color}"/>')
    parts.append(f'<w:sz w:val="{hp}"/><w:szCs w:val="{hp}"/>')
    if underline:
        parts.append('<w:u w:val="single"/>')
    parts.append(f'<w:cs/><w:lang w:val="{LATIN_LANG}" w:eastAsia="th-TH" w:bidi="th-TH"/></w:rPr>')
    return "".join(parts)


def run_content(text: str) -> str:
    """The inside of a run: text with newlines as ``<w:br/>`` and tabs as ``<w:tab/>``."""
    text = clean(text)
    out = []
    for i, line in enumerate(text.split("\n")):
        if i:
            out.append("<w:br/>")
        for j, piece in enumerate(line.split("\t")):
            if j:
                out.append("<w:tab/>")
            if piece:
                out.append(f"<w:t>{esc(piece)}</w:t>")  # xml:space: see preserve_space
    return "".join(out)


def run(text: str, props: str) -> str:
    return f"<w:r>{props}{run_content(text)}</w:r>"


def field(instruction: str, result: str, props: str) -> str:
    """A complex field (``PAGE``, ``PAGEREF bookmark \\h``) with a cached result."""
    return (f'<w:r>{props}<w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r>{props}<w:instrText> {esc(instruction)} </w:instrText></w:r>'
            f'<w:r>{props}<w:fldChar w:fldCharType="separate"/></w:r>'
            f"{run(result, props) if result else ''}"
            f'<w:r>{props}<w:fldChar w:fldCharType="end"/></w:r>')


_BOOKMARK_BAD = re.compile(r"[^A-Za-z0-9_]")


def bookmark_name(name: str) -> str:
    """A Word bookmark name for an ASCII anchor: letters, digits and "_" only, at most 40
    characters, starting with a letter ("part1-s1" → "part1_s1")."""
    out = _BOOKMARK_BAD.sub("_", name)
    if not out[:1].isalpha():
        out = "b" + out
    return out[:40]


# --------------------------------------------------------------------------- oxml layer

_BODY_OPEN = (f'<w:body xmlns:w="{W_NS}" xmlns:r="{R_NS}" xmlns:wp="{WP_NS}" xmlns:a="{A_NS}" '
              f'xmlns:pic="{PIC_NS}">')


def parse_blocks(fragments: list[str]) -> list:
    """Block-level fragments (``w:p``, ``w:tbl``) as python-docx oxml elements, in one
    ``parse_xml`` call."""
    return list(parse_xml(_BODY_OPEN + "".join(fragments) + "</w:body>"))


def insert_before(anchor, elements: list) -> None:
    """Move parsed ``elements`` (from :func:`parse_blocks`) into ``anchor``'s document, in order,
    before ``anchor`` (the body's final ``w:sectPr``), and mark their text to keep its spaces.

    Their parsed ``w:body`` moves first, as a whole (lxml moves a tree whose namespaces are
    declared at its top in linear time), and is then unwrapped inside the document."""
    if not elements:
        return
    wrapper = elements[0].getparent()
    anchor.addprevious(wrapper)
    for el in elements:
        anchor.addprevious(el)
    wrapper.getparent().remove(wrapper)
    preserve_space(elements)


#: how much fragment text :class:`PackedFragments` keeps in one compressed piece
_PACK_CHUNK = 1 << 18


class PackedFragments:
    """Block-level fragments (``w:p``, ``w:tbl``) as a renderer appends them, kept compressed a
    piece at a time (a 1,000-project body is ~36 MB of XML; compressed, a few MB). It answers
    what a renderer asks of its list: ``append``, ``[-1]``, ``pop()`` of the last fragment,
    ``len`` and truth; :meth:`texts` gives the fragments back, in order, as texts of whole
    fragments."""

    def __init__(self):
        self._packed: list[bytes] = []
        self._tail: list[str] = []
        self._size = 0
        self._count = 0

    def append(self, fragment: str) -> None:
        self._tail.append(fragment)
        self._size += len(fragment)
        self._count += 1
        if self._size >= _PACK_CHUNK and len(self._tail) > 1:
            last = self._tail.pop()                 # the last one stays readable
            self._packed.append(zlib.compress("".join(self._tail).encode("utf-8"), 1))
            self._tail = [last]
            self._size = len(last)

    def __getitem__(self, index: int) -> str:
        if index != -1 or not self._tail:
            raise IndexError("only the last fragment can be read")
        return self._tail[-1]

    def pop(self) -> str:
        if not self._tail:
            raise IndexError("pop from no fragments")
        self._count -= 1
        fragment = self._tail.pop()
        self._size -= len(fragment)
        return fragment

    def __len__(self) -> int:
        return self._count

    def texts(self):
        """The fragments, in order, as a few texts of whole fragments."""
        for piece in self._packed:
            yield zlib.decompress(piece).decode("utf-8")
        if self._tail:
            yield "".join(self._tail)


def serialized_blocks(texts):
    """The bytes of block-level fragments exactly as they serialize inside the document (parsed
    as :func:`parse_blocks` does, :func:`preserve_space` applied, the enclosing ``w:body`` and
    its namespace declarations left out), one text of whole fragments at a time, so a large body
    is never held as one tree."""
    end = b"</w:body>"
    for text in texts:
        if not text:
            continue
        wrapper = parse_xml(_BODY_OPEN + text + "</w:body>")
        preserve_space(list(wrapper))
        data = etree.tostring(wrapper, encoding="UTF-8")
        del wrapper
        yield data[data.index(b">") + 1:len(data) - len(end)]


_SPACED = (qn("w:t"), qn("w:instrText"))
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def preserve_space(elements: list) -> None:
    """``xml:space="preserve"`` on every ``w:t`` and ``w:instrText`` (Word trims the spaces of
    text without it). Set once the elements are in their document: lxml moves an element holding
    ``xml:``-namespaced attributes between documents in time quadratic in their number."""
    for el in elements:
        for t in el.iter(_SPACED):
            t.set(_XML_SPACE, "preserve")


def append_fragment(parent, fragment: str) -> None:
    """Parse one element fragment and append it to ``parent`` (a header's ``w:hdr``)."""
    el = parse_blocks([fragment])[0]
    parent.append(el)
    preserve_space([el])


_FONT_SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")
# successors of w:szCs and w:lang in the w:rPr sequence
_AFTER_SZCS = ("w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign",
               "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")
_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
# successors of w:pgNumType in the w:sectPr sequence
_AFTER_PGNUMTYPE = ("w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg",
                    "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings",
                    "w:sectPrChange")


def _get_or_insert(parent, tag: str, successors: tuple[str, ...]):
    el = parent.find(qn(tag))
    if el is None:
        el = OxmlElement(tag)
        parent.insert_element_before(el, *successors)
    return el


def set_thai_lang(rpr) -> None:
    """``<w:lang w:val="en-US" w:eastAsia="th-TH" w:bidi="th-TH"/>`` in a ``w:rPr``: Thai for the
    complex script (``w:bidi``, the language of Thai text), English for Latin text (see
    :data:`LATIN_LANG`)."""
    lang = _get_or_insert(rpr, "w:lang", _AFTER_LANG)
    lang.set(qn("w:val"), LATIN_LANG)
    for attr in ("w:eastAsia", "w:bidi"):
        lang.set(qn(attr), "th-TH")


def pair_complex_script(rpr, font: str) -> None:
    """Complete a ``w:rPr`` (a ``CT_RPr``) python-docx has set the Latin properties of: the font
    named for every script (``w:rFonts`` eastAsia and cs beside ascii and hAnsi), ``w:szCs`` equal
    to ``w:sz``, ``w:bCs``/``w:iCs`` beside ``w:b``/``w:i``, and the Thai language."""
    fonts = rpr.get_or_add_rFonts()
    for slot in _FONT_SLOTS:
        fonts.set(qn(f"w:{slot}"), font)
    if rpr.b is not None:
        rpr.get_or_add_bCs()
    if rpr.i is not None:
        rpr.get_or_add_iCs()
    if rpr.sz is not None:
        _get_or_insert(rpr, "w:szCs", _AFTER_SZCS).set(qn("w:val"), rpr.sz.get(qn("w:val")))
    set_thai_lang(rpr)


def strip_theme(root, font: str) -> None:
    """Remove every theme attribute under ``root`` (``asciiTheme``, ``cstheme``, ``themeColor``,
    ``themeFill`` …: a theme font overrides the explicit name) and the Arabic ``bidi`` language.
    A ``w:rFonts`` that named theme fonts names ``font`` instead."""
    rfonts, lang, bidi = qn("w:rFonts"), qn("w:lang"), qn("w:bidi")
    for el in root.iter(etree.Element):
        attrib = el.attrib
        if not attrib:
            continue
        themed = [k for k in attrib if "heme" in k]
        if themed:
            for k in themed:
                del attrib[k]
            if el.tag == rfonts:
                for slot in _FONT_SLOTS:
                    attrib[qn(f"w:{slot}")] = font
        if el.tag == lang and attrib.get(bidi) == "ar-SA":
            attrib[bidi] = "th-TH"


def set_page_numbering(sect_pr, fmt: str, start: int | None) -> None:
    """``<w:pgNumType w:fmt=… w:start=…/>`` in a section's ``w:sectPr`` (``thaiNumbers``,
    ``thaiLetters`` or ``decimal``; ``start`` None continues the numbering)."""
    old = sect_pr.find(qn("w:pgNumType"))
    if old is not None:
        sect_pr.remove(old)
    el = OxmlElement("w:pgNumType", {qn("w:fmt"): fmt})
    if start is not None:
        el.set(qn("w:start"), str(start))
    sect_pr.insert_element_before(el, *_AFTER_PGNUMTYPE)


def thai_settings(settings) -> None:
    """The settings part (``docx.settings.Settings``): compatibility mode 15, ``w:updateFields``
    before ``w:compat`` (Word offers to refresh the TOC's page numbers on open), Thai as the
    language of theme fonts."""
    el = settings.element
    compat = el.find(qn("w:compat"))
    if compat is None:
        compat = OxmlElement("w:compat")
        el.insert_element_before(compat, "w:docVars", "w:rsids", "m:mathPr",
                                 "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping",
                                 "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures",
                                 "w:forceUpgrade", "w:captions", "w:readModeInkLockDown",
                                 "w:smartTagType", "w:schemaLibrary", "w:shapeDefaults",
                                 "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator")
    if compat.find(qn("w:doNotExpandShiftReturn")) is None:
        # Word spreads the letters of a justified line ended by a manual line break across the
        # whole width (a short line letter-spaced): not here
        compat.insert(0, OxmlElement("w:doNotExpandShiftReturn"))
    mode = [c for c in compat.iter(qn("w:compatSetting"))
            if c.get(qn("w:name")) == "compatibilityMode"]
    if mode:
        mode[0].set(qn("w:val"), "15")
    else:
        compat.append(OxmlElement("w:compatSetting", {
            qn("w:name"): "compatibilityMode", qn("w:uri"): "http://schemas.microsoft.com/office/word",
            qn("w:val"): "15"}))
    update = el.find(qn("w:updateFields"))
    if update is None:
        update = OxmlElement("w:updateFields")
        compat.addprevious(update)
    update.set(qn("w:val"), "true")
    lang = el.find(qn("w:themeFontLang"))
    if lang is not None:
        for attr in ("w:val", "w:eastAsia", "w:bidi"):
            lang.set(qn(attr), "th-TH")


_RT_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def _app_xml() -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties '
            'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            f"<Application>{APPLICATION}</Application><DocSecurity>0</DocSecurity>"
            "</Properties>").encode("utf-8")


def trim_template(document) -> None:
    """Parts of python-docx's default template a generated document must not carry: the Word 2010
    copy of the styles (``stylesWithEffects``, theme fonts throughout), the template's thumbnail
    (a blank page as the file's preview) and its extended properties (naming another
    application); the extended properties become this application's."""
    part = document.part
    for rid, rel in list(part.rels.items()):
        if rel.reltype == _RT_STYLES_WITH_EFFECTS:
            part.drop_rel(rid)
    package = part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype in (RT.THUMBNAIL, RT.EXTENDED_PROPERTIES):
            del package.rels[rid]
    app = Part(PackURI("/docProps/app.xml"), CT.OFC_EXTENDED_PROPERTIES, _app_xml(), package)
    package.relate_to(app, RT.EXTENDED_PROPERTIES)


# --------------------------------------------------------------------------- reading back

def paragraph_texts(docx: bytes, part: str = "word/document.xml") -> list[str]:
    """The text of every paragraph of a DOCX part, in document order (tables included): tabs and
    line breaks as one space each, field instructions left out, cached field results kept; the
    marks of line breaking the renderer writes (zero-width space U+200B, word joiner U+2060) left
    out and no-break spaces read as spaces (``thai.text.strip_break_marks``)."""
    from antong_reports.thai.text import strip_break_marks

    from xml.etree import ElementTree as ET

    w = "{%s}" % W_NS
    root = ET.fromstring(zipfile.ZipFile(io.BytesIO(docx)).read(part))
    out = []
    for p in root.iter(w + "p"):
        pieces = []
        for el in p.iter():
            if el.tag == w + "t":
                pieces.append(el.text or "")
            elif el.tag in (w + "tab", w + "br") and el.tag != w + "tabs":
                pieces.append(" ")
        out.append(strip_break_marks("".join(pieces)))
    return out


# --------------------------------------------------------------------------- font metrics

#: the code points whose advances :func:`advance_widths` reads: Latin, Thai, general punctuation
_MEASURED = (range(0x20, 0x7F), range(0xA0, 0x100), range(0x0E00, 0x0E80), range(0x2000, 0x2070))


def advance_widths(data: bytes) -> dict[int, float]:
    """Advance width in em of each code point of :data:`_MEASURED` a TrueType font maps, read
    without a font library (:mod:`antong_reports.common.fontfile`): the DOCX sizes its table
    columns with the bundled Sarabun's widths and imports neither reportlab nor HarfBuzz."""
    from antong_reports.common.fontfile import advance_widths as widths

    return widths(data, (cp for r in _MEASURED for cp in r))
