"""Every limit a plan must keep so that every generator can build it — in one place.

validate ≡ build: what :func:`antong_reports.validate.plan.validate` accepts, the DOCX, XLSX and PDF
generators build; what one of them cannot build is rejected here first, with the field path and
the limit (docs/validation.md lists them). Bounds on *reading* (file sizes, YAML nodes and depth,
workbook cells) live with the readers in :mod:`antong_reports.sources` and are re-exported below
so this module is the one list to look at.

Nothing here imports a document or font library: the PDF font's character map is read from the
font files directly (:func:`font_cmap`), and only when a text holds a character outside the ranges
every face surely covers.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal

from antong_reports.sources.guard import DEFAULT_ZIP_LIMITS  # noqa: F401 - re-exported
from antong_reports.sources.reader import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES  # noqa: F401

# --------------------------------------------------------------------------- numbers

#: Largest amount of one project in one year (baht). With :data:`MAX_PROJECTS` and
#: :data:`MAX_PLAN_YEARS`, every total stays below 2**53 satang, so a workbook's floating-point
#: cells and SUM formulas keep every satang exact.
MAX_AMOUNT = Decimal("999999999.99")
#: Plausible Buddhist-era fiscal years (a common-era year such as 2023 is far below).
MIN_YEAR_BE, MAX_YEAR_BE = 2500, 2700
#: Longest plan period in fiscal years (official plans run five years); each year is a column of
#: the Part 2 tables, which must fit a landscape page.
MAX_PLAN_YEARS = 10
#: Most projects in one plan.
MAX_PROJECTS = 5000
#: Largest head count of a target group.
MAX_COUNT = 10 ** 9

# --------------------------------------------------------------------------- text

#: Longest slug: it names every output file (``<slug>-report-2567-12m.docx``, a pack folder and
#: its zip), which must stay well under the 255 bytes a file name may have.
MAX_SLUG = 64
#: Longest text value (characters).
MAX_TEXT = 4000
#: Longest list of texts (outputs, outcomes, objectives, paragraphs, a project's steps) counted
#: with a line end and an item number each: a workbook writes such a list one item per line in
#: one cell, which holds at most :data:`XLSX_CELL_CHARS`.
MAX_LIST_CHARS = 30_000
#: Most items of one list.
MAX_LIST_ITEMS = 200
#: Longest text of a field printed inside a table cell of the PDF (names, outputs, outcomes,
#: risk rows): a table row is not split across pages, so a cell must fit on one page.
MAX_CELL_TEXT = 1500
#: Longest run of characters without a space: the PDF cuts an over-long word between clusters;
#: beyond this the text is not words (real plans: under 200).
MAX_WORD = 1000
#: A spreadsheet cell's limit (Excel, LibreOffice, openpyxl).
XLSX_CELL_CHARS = 32_767

#: Characters no document can hold: C0 controls but tab and line feed, DEL and C1 controls
#: (invalid or unsafe in XML 1.0 and so in DOCX/XLSX, refused by openpyxl), lone surrogates (not
#: encodable as UTF-8), and the non-characters U+FFFE/U+FFFF and U+nFFFE/U+nFFFF.
_UNWRITABLE_RE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    "\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0003fffe\U0003ffff\U000efffe\U000effff"
    "\U000ffffe\U000fffff\U0010fffe\U0010ffff]")
#: Characters the PDF typesetter sets without a glyph of its own (spacing, line ends, ZWSP)
_PDF_LAYOUT = frozenset("\t\n\r\u200b\u202f")
#: Characters surely in every Sarabun face: printable ASCII and the Thai block
_FAST = frozenset(chr(c) for c in range(0x20, 0x7F)) | frozenset(
    chr(c) for c in (*range(0x0E01, 0x0E3B), *range(0x0E3F, 0x0E5C)))


def unwritable_character(text: str) -> str | None:
    """The first character of ``text`` that DOCX/XLSX (XML) cannot hold, or None."""
    m = _UNWRITABLE_RE.search(text)
    return m.group() if m else None


def font_cmap(data: bytes) -> frozenset[int]:
    """The code points a TrueType/OpenType font maps to a glyph (its ``cmap`` table, Unicode
    subtables of formats 4 and 12), read without any font library (``validate`` stays light; the
    tests check it against HarfBuzz's reading)."""
    from antong_reports.common.fontfile import cmap_glyphs

    return frozenset(cp for cp, glyph in cmap_glyphs(data).items() if glyph)


@functools.lru_cache(maxsize=1)
def pdf_coverage() -> frozenset[int]:
    """Code points every bundled Sarabun face has a glyph for (their cmaps' intersection)."""
    from antong_reports.common.assets import fonts_dir

    covered: frozenset[int] | None = None
    for name in ("Regular", "Bold", "Italic", "BoldItalic"):
        cps = font_cmap((fonts_dir() / f"Sarabun-{name}.ttf").read_bytes())
        covered = cps if covered is None else covered & cps
    return covered or frozenset()


def unprintable_character(text: str) -> str | None:
    """The first character of ``text`` the PDF font has no glyph for, or None."""
    rest = set(text) - _FAST - _PDF_LAYOUT
    if not rest:
        return None
    covered = pdf_coverage()
    for ch in text:
        if ch in rest and ord(ch) not in covered:
            return ch
    return None


_WORD_RE = re.compile(r"\S{%d,}" % (MAX_WORD + 1))


def longest_word(text: str) -> int:
    """Length of the longest run without whitespace, when above :data:`MAX_WORD` (else 0)."""
    m = _WORD_RE.search(text)
    return len(m.group()) if m else 0


def code_point(ch: str) -> str:
    """``U+0E01`` for a character."""
    return f"U+{ord(ch):04X}"


def text_problems(text: str, limit: int = MAX_TEXT) -> list[tuple[str, str, str, str, str]]:
    """Why ``text`` cannot be written to every format: (code, Thai, English, fix in Thai, fix in
    English) for each problem — characters DOCX/XLSX cannot hold, characters the PDF font lacks,
    length above ``limit``, a run without a space above :data:`MAX_WORD`."""
    out = []
    bad = unwritable_character(text)
    if bad is not None:
        cp = code_point(bad)
        out.append(("control-character",
                    f"ข้อความมีอักขระควบคุม ({cp}) ที่ทำให้ไฟล์เอกสารเสีย",
                    f"the text contains a control character ({cp}) that would corrupt the documents",
                    "ลบอักขระที่มองไม่เห็นนั้นออก", "delete the invisible character"))
        return out
    missing = unprintable_character(text)
    if missing is not None:
        cp = code_point(missing)
        out.append(("unprintable-character",
                    f"ฟอนต์ Sarabun ของ PDF ไม่มีอักขระ \"{missing}\" ({cp})",
                    f"the PDF font (Sarabun) has no glyph for \"{missing}\" ({cp})",
                    "ใช้อักษรไทยหรือละติน หรือเขียนเป็นคำแทนสัญลักษณ์นั้น",
                    "use Thai or Latin letters, or write the symbol out in words"))
    if len(text) > limit:
        out.append(("text-too-long",
                    f"ข้อความยาว {len(text):,} อักขระ เกินขีดจำกัด {limit:,} อักขระของช่องนี้",
                    f"the text is {len(text):,} characters long, above this field's limit of {limit:,}",
                    "ย่อข้อความ หรือแบ่งเป็นหลายรายการ", "shorten it or split it into several items"))
    elif longest_word(text):
        n = longest_word(text)
        out.append(("word-too-long",
                    f"มีคำยาว {n:,} อักขระโดยไม่มีเว้นวรรค (ได้ไม่เกิน {MAX_WORD:,})",
                    f"a run of {n:,} characters has no space (the limit is {MAX_WORD:,})",
                    "เว้นวรรคระหว่างวลี", "put spaces between phrases"))
    return out
