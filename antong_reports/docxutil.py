"""Low-level OOXML (WordprocessingML) helpers: escaping, units, runs and the package parts.

The DOCX renderer writes WordprocessingML directly as text: it is fast (a 1,000-project plan in
seconds), deterministic, and gives full control over what Thai needs (see
``docs/documents.md``): every run carries ``w:rFonts`` ascii/hAnsi/eastAsia/cs, ``w:sz`` and
``w:szCs``, ``w:b``+``w:bCs``, ``w:i``+``w:iCs``, ``<w:cs/>`` and ``<w:lang w:bidi="th-TH"/>``; styles
name the font explicitly (no theme fonts) and the settings ask for compatibility mode 15.

Element order inside ``w:pPr``, ``w:rPr``, ``w:tcPr``, ``w:tblPr`` and ``w:sectPr`` follows the
schema sequence (Word refuses files that break it).
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import struct
import zipfile

from .ziputil import repack

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
PIC_NS = "http://schemas.openxmlformats.org/drawingml/2006/picture"

RT_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
RT_CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
RT_APP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"
RT_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
RT_SETTINGS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings"
RT_HEADER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
RT_IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"

CT_DOC = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
CT_STYLES = "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"
CT_SETTINGS = "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"
CT_HEADER = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
CT_CORE = "application/vnd.openxmlformats-package.core-properties+xml"
CT_APP = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
CT_RELS = "application/vnd.openxmlformats-package.relationships+xml"

XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

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


def emu_cm(value: float) -> int:
    """Centimetres in English Metric Units (drawings)."""
    return round(value * 360000)


A4_WIDTH = cm(21.0)
A4_HEIGHT = cm(29.7)


# --------------------------------------------------------------------------- runs

def rpr(font: str, size: float, bold: bool = False, italic: bool = False,
        underline: bool = False) -> str:
    """Run properties, every Latin property paired with its complex-script twin."""
    f = esc(font)
    hp = half_points(size)
    parts = [f'<w:rPr><w:rFonts w:ascii="{f}" w:hAnsi="{f}" w:eastAsia="{f}" w:cs="{f}"/>']
    if bold:
        parts.append("<w:b/><w:bCs/>")
    if italic:
        parts.append("<w:i/><w:iCs/>")
    parts.append(f'<w:sz w:val="{hp}"/><w:szCs w:val="{hp}"/>')
    if underline:
        parts.append('<w:u w:val="single"/>')
    parts.append('<w:cs/><w:lang w:val="th-TH" w:eastAsia="th-TH" w:bidi="th-TH"/></w:rPr>')
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
                out.append(f'<w:t xml:space="preserve">{esc(piece)}</w:t>')
    return "".join(out)


def run(text: str, props: str) -> str:
    return f"<w:r>{props}{run_content(text)}</w:r>"


def field(instruction: str, result: str, props: str) -> str:
    """A complex field (``PAGE``, ``PAGEREF bookmark \\h``) with a cached result."""
    return (f'<w:r>{props}<w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r>{props}<w:instrText xml:space="preserve"> {esc(instruction)} </w:instrText></w:r>'
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


# --------------------------------------------------------------------------- images

def png_size(data: bytes) -> tuple[int, int]:
    """Pixel width and height of a PNG (from its IHDR chunk)."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise ValueError("not a PNG image")
    w, h = struct.unpack(">II", data[16:24])
    return w, h


def inline_picture(rid: str, pic_id: int, width_emu: int, height_emu: int, alt: str) -> str:
    a = esc(alt)
    return (
        f'<w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{width_emu}" cy="{height_emu}"/>'
        f'<wp:docPr id="{pic_id}" name="Picture {pic_id}" descr="{a}"/>'
        f'<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>'
        f'<a:graphic><a:graphicData uri="{PIC_NS}"><pic:pic>'
        f'<pic:nvPicPr><pic:cNvPr id="{pic_id}" name="image{pic_id}.png" descr="{a}"/>'
        f"<pic:cNvPicPr/></pic:nvPicPr>"
        f'<pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
        f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{width_emu}" cy="{height_emu}"/></a:xfrm>'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>'
        f"</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing>"
    )


# --------------------------------------------------------------------------- package parts

def document_xml(body: str) -> str:
    return (f'{XML_DECL}<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}" xmlns:wp="{WP_NS}" '
            f'xmlns:a="{A_NS}" xmlns:pic="{PIC_NS}"><w:body>{body}</w:body></w:document>')


def header_xml(paragraph: str) -> str:
    return f'{XML_DECL}<w:hdr xmlns:w="{W_NS}" xmlns:r="{R_NS}">{paragraph}</w:hdr>'


def settings_xml() -> str:
    """Settings: ask Word to update fields (the TOC page numbers) on open; compatibility mode 15."""
    uri = "http://schemas.microsoft.com/office/word"
    return (
        f'{XML_DECL}<w:settings xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
        '<w:zoom w:percent="100"/>'
        '<w:defaultTabStop w:val="720"/>'
        '<w:characterSpacingControl w:val="doNotCompress"/>'
        '<w:updateFields w:val="true"/>'
        "<w:compat>"
        f'<w:compatSetting w:name="compatibilityMode" w:uri="{uri}" w:val="15"/>'
        f'<w:compatSetting w:name="overrideTableStyleFontSizeAndJustification" w:uri="{uri}" w:val="1"/>'
        f'<w:compatSetting w:name="enableOpenTypeFeatures" w:uri="{uri}" w:val="1"/>'
        f'<w:compatSetting w:name="doNotFlipMirrorIndents" w:uri="{uri}" w:val="1"/>'
        "</w:compat>"
        '<w:themeFontLang w:val="th-TH" w:eastAsia="th-TH" w:bidi="th-TH"/>'
        '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/>'
        "</w:settings>"
    )


def styles_xml(font: str, size: float, line_twips: int, heading_sizes: dict[int, float],
               heading_line: dict[int, int]) -> str:
    """Styles with the font named explicitly everywhere (no theme fonts, no ar-SA).

    ``heading_sizes`` maps Word heading level (1–9) to a size in points.
    """
    f = esc(font)
    fonts = f'<w:rFonts w:ascii="{f}" w:hAnsi="{f}" w:eastAsia="{f}" w:cs="{f}"/>'
    lang = '<w:lang w:val="th-TH" w:eastAsia="th-TH" w:bidi="th-TH"/>'

    def size_props(s: float) -> str:
        return f'<w:sz w:val="{half_points(s)}"/><w:szCs w:val="{half_points(s)}"/>'

    parts = [
        f'{XML_DECL}<w:styles xmlns:w="{W_NS}" xmlns:r="{R_NS}">',
        f"<w:docDefaults><w:rPrDefault><w:rPr>{fonts}{size_props(size)}{lang}</w:rPr></w:rPrDefault>",
        f'<w:pPrDefault><w:pPr><w:spacing w:before="0" w:after="0" w:line="{line_twips}" '
        'w:lineRule="exact"/></w:pPr></w:pPrDefault></w:docDefaults>',
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
        f"<w:qFormat/><w:rPr>{fonts}{size_props(size)}{lang}</w:rPr></w:style>",
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
        "<w:unhideWhenUsed/></w:style>",
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr>'
        '<w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
        '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
        '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>',
        '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>',
    ]
    for level in sorted(heading_sizes):
        s = heading_sizes[level]
        parts.append(
            f'<w:style w:type="paragraph" w:styleId="Heading{level}"><w:name w:val="heading {level}"/>'
            '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/>'
            f'<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="{pt(6)}" w:after="{pt(3)}" '
            f'w:line="{heading_line[level]}" w:lineRule="exact"/><w:outlineLvl w:val="{level - 1}"/>'
            f"</w:pPr><w:rPr>{fonts}<w:b/><w:bCs/>{size_props(s)}</w:rPr></w:style>"
        )
    for level in (1, 2, 3):
        parts.append(
            f'<w:style w:type="paragraph" w:styleId="TOC{level}"><w:name w:val="toc {level}"/>'
            '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="39"/>'
            f"<w:unhideWhenUsed/><w:rPr>{fonts}{size_props(size)}</w:rPr></w:style>"
        )
    parts.append(
        '<w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/>'
        '<w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
        f'<w:pPr><w:jc w:val="center"/></w:pPr><w:rPr>{fonts}{size_props(size)}</w:rPr></w:style>'
    )
    parts.append(
        '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/>'
        '<w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/><w:tblPr><w:tblBorders>'
        + "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                  for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
        + "</w:tblBorders></w:tblPr></w:style>"
    )
    parts.append("</w:styles>")
    return "".join(parts)


def _w3cdtf(value: object) -> str:
    if isinstance(value, _dt.datetime):
        d = value
    elif isinstance(value, _dt.date):
        d = _dt.datetime(value.year, value.month, value.day)
    else:
        d = _dt.datetime(2000, 1, 1)
    return d.strftime("%Y-%m-%dT%H:%M:%SZ")


def core_xml(title: str, author: str, subject: str, keywords: str, created: object,
             language: str) -> str:
    """Core properties from the document's meta; modified = created, a fixed editor and revision
    (no "now" anywhere, so the same plan gives the same bytes)."""
    stamp = _w3cdtf(created)
    return (
        f'{XML_DECL}<cp:coreProperties '
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{esc(title)}</dc:title><dc:subject>{esc(subject)}</dc:subject>"
        f"<dc:creator>{esc(author)}</dc:creator><cp:keywords>{esc(keywords)}</cp:keywords>"
        f"<cp:lastModifiedBy>{APPLICATION}</cp:lastModifiedBy><cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        f"<dc:language>{esc(language)}</dc:language>"
        "</cp:coreProperties>"
    )


def app_xml() -> str:
    return (f'{XML_DECL}<Properties '
            'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            f"<Application>{APPLICATION}</Application><DocSecurity>0</DocSecurity></Properties>")


def rels_xml(rels: list[tuple[str, str, str]]) -> str:
    """A relationships part from (id, type, target) triples."""
    body = "".join(f'<Relationship Id="{rid}" Type="{typ}" Target="{esc(target)}"/>'
                   for rid, typ, target in rels)
    return f'{XML_DECL}<Relationships xmlns="{REL_NS}">{body}</Relationships>'


def content_types_xml(overrides: list[tuple[str, str]], png: bool) -> str:
    body = [f'<Default Extension="rels" ContentType="{CT_RELS}"/>',
            '<Default Extension="xml" ContentType="application/xml"/>']
    if png:
        body.append('<Default Extension="png" ContentType="image/png"/>')
    body += [f'<Override PartName="{name}" ContentType="{ct}"/>' for name, ct in overrides]
    return f'{XML_DECL}<Types xmlns="{CT_NS}">{"".join(body)}</Types>'


def package(parts: list[tuple[str, bytes | str]]) -> bytes:
    """A zip package of the parts in the given order, re-packed with fixed entry dates."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            if isinstance(data, str):
                data = data.encode("utf-8")
            z.writestr(zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0)), data,
                       compress_type=zipfile.ZIP_DEFLATED)
    return repack(buf.getvalue())


# --------------------------------------------------------------------------- reading back

def paragraph_texts(docx: bytes, part: str = "word/document.xml") -> list[str]:
    """The text of every paragraph of a DOCX part, in document order (tables included): tabs and
    line breaks as one space each, field instructions left out, cached field results kept."""
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
        out.append("".join(pieces))
    return out
