"""Thai typesetting for reportlab (provisional: stock reportlab shaping; the API is stable)."""

from __future__ import annotations

import functools
from typing import NamedTuple, Sequence, Union
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import paragraph as _rl_paragraph


class FontNames(NamedTuple):
    regular: str
    bold: str
    italic: str
    bold_italic: str


FONTS = FontNames("Sarabun", "Sarabun-Bold", "Sarabun-Italic", "Sarabun-BoldItalic")
_FILES = FontNames("Sarabun-Regular.ttf", "Sarabun-Bold.ttf", "Sarabun-Italic.ttf",
                   "Sarabun-BoldItalic.ttf")

Runs = Union[str, Sequence[tuple]]


@functools.lru_cache(maxsize=1)
def register_fonts() -> FontNames:
    from importlib.resources import files

    root = files("antong_reports.fonts")
    for name, fname in zip(FONTS, _FILES):
        pdfmetrics.registerFont(TTFont(name, str(root / fname), shapable=True))
    pdfmetrics.registerFontFamily(FONTS.regular, normal=FONTS.regular, bold=FONTS.bold,
                                  italic=FONTS.italic, boldItalic=FONTS.bold_italic)
    return FONTS


_ALIGN = {"justify": TA_JUSTIFY, "left": TA_LEFT, "center": TA_CENTER, "centre": TA_CENTER,
          "right": TA_RIGHT}


def paragraph_style(name: str, size: float = 11, leading: float | None = None,
                    align: str = "justify", bold: bool = False, left_indent: float = 0,
                    first_line_indent: float = 0, space_before: float = 0,
                    space_after: float = 0, **extra) -> ParagraphStyle:
    fonts = register_fonts()
    return ParagraphStyle(
        name, fontName=fonts.bold if bold else fonts.regular, fontSize=size,
        leading=leading if leading is not None else round(size * 1.5, 2),
        alignment=_ALIGN[align], leftIndent=left_indent, firstLineIndent=first_line_indent,
        spaceBefore=space_before, spaceAfter=space_after, shaping=1, **extra)


def _markup(runs: Runs) -> str:
    if isinstance(runs, str):
        return escape(runs)
    out = []
    for text, bold, italic in runs:
        t = escape(text)
        if italic:
            t = f"<i>{t}</i>"
        if bold:
            t = f"<b>{t}</b>"
        out.append(t)
    return "".join(out)


class Paragraph(_rl_paragraph.Paragraph):
    def __init__(self, runs: Runs, style: ParagraphStyle):
        super().__init__(_markup(runs), style)


def string_width(text: str, font_name: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, font_name, size)


def draw_string(canvas, x: float, y: float, text: str, font_name: str, size: float,
                anchor: str = "left") -> float:
    w = string_width(text, font_name, size)
    if anchor in ("centre", "center"):
        x -= w / 2
    elif anchor == "right":
        x -= w
    canvas.setFont(font_name, size)
    canvas.drawString(x, y, text)
    return w


def doc_kwargs() -> dict:
    register_fonts()
    return {"initialFontName": FONTS.regular, "initialFontSize": 11, "invariant": 1}
