"""Workbook helpers for Thai official spreadsheets (openpyxl).

What every sheet we write needs, in one place:

* :class:`Styles` — fonts (family and size from :class:`~antong_reports.common.settings.Settings`, set on
  every cell: LibreOffice ignores the default style's font for Thai), alignments, borders and fills,
  created once per workbook so openpyxl interns them once;
* number formats that keep cells numeric while showing Thai digits (``[$-D00041E]`` at the start of
  each section), with "-" for zero, or with the Part 2 table's words around the number
  ("จำนวน ๗๕,๑๖๐ บาท");
* safe writers: :func:`put_text` stores any text from a plan as text, never a formula or an error
  value; :func:`put_number` and :func:`put_formula` for our own numbers and totals;
* row heights estimated from the text and the column width (Thai lines are clipped otherwise);
* print setup: A4, orientation, fit to one page wide, repeated title rows, a Thai page footer;
* :func:`save` — byte-identical output for the same workbook (fixed document properties, no
  "now", fixed zip entry dates).
"""

from __future__ import annotations

import datetime as _dt
import io
import math
import re
import zipfile
from decimal import Decimal
from typing import Iterable

from openpyxl.cell.cell import Cell as XCell
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.text import RichText
from openpyxl.chart.title import Title
from openpyxl.drawing.text import CharacterProperties, Font as DrawingFont
from openpyxl.drawing.text import Paragraph as DParagraph
from openpyxl.drawing.text import ParagraphProperties, RegularTextRun
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from antong_reports.common.settings import Settings
from antong_reports.render.ziputil import repack

# --------------------------------------------------------------------------- number formats

#: Locale tag that makes Excel and LibreOffice draw a number's digits in Thai.
THAI_DIGITS_TAG = "[$-D00041E]"


def _q(text: str) -> str:
    """A literal inside a number format: quoted, with embedded quotes doubled."""
    return '"' + text.replace('"', '""') + '"'


def number_format(thai: bool, decimals: int = 0, zero: str | None = "-",
                  prefix: str = "", suffix: str = "") -> str:
    """A three-section number format: positive; negative; zero.

    ``zero``: what a zero shows ("-" by default); None shows the number itself ("๐").
    ``prefix``/``suffix`` are literal words around the number ("จำนวน ", " บาท").
    """
    tag = THAI_DIGITS_TAG if thai else ""
    digits = "#,##0" + ("." + "0" * decimals if decimals else "")
    pre = _q(prefix) if prefix else ""
    suf = _q(suffix) if suffix else ""
    pos = f"{tag}{pre}{digits}{suf}"
    neg = f"{tag}{pre}-{digits}{suf}"
    if zero is None:
        z = f"{tag}{pre}0{suf}"
    else:
        z = f"{tag}{pre}{_q(zero)}{suf}" if (pre or suf) else _q(zero)
    return f"{pos};{neg};{z}"


def amount_format(thai: bool, decimals: int = 0) -> str:
    """``[$-D00041E]#,##0;[$-D00041E]-#,##0;"-"`` (Arabic digits without the tag)."""
    return number_format(thai, decimals)


def integer_format(thai: bool) -> str:
    """A plain integer (a code such as a dimension number) in the chosen digits."""
    return f"{THAI_DIGITS_TAG}0" if thai else "0"


def decimals_of(value: Decimal | int) -> int:
    """0 for whole baht, 2 when the amount has satang."""
    d = Decimal(value)
    return 0 if d == d.to_integral_value() else 2


# --------------------------------------------------------------------------- styles

THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
NO_BORDER = Border()
SHADE = PatternFill("solid", fgColor="F2F2F2")
HEAD_SHADE = PatternFill("solid", fgColor="DDEBF7")
NO_FILL = PatternFill()


class Styles:
    """Style objects for one workbook: the settings' font in regular, bold and title sizes, and
    the alignments a Thai table needs (wrapped, top or centred)."""

    def __init__(self, settings: Settings):
        self.settings = settings
        size = settings.size
        self.font = Font(name=settings.font, size=size)
        self.bold = Font(name=settings.font, size=size, bold=True)
        self.title = Font(name=settings.font, size=round(size * 1.25, 1), bold=True)
        self._align: dict[tuple[str, str], Alignment] = {}
        self._ids: dict[tuple[int, int], int] = {}
        self._keep: list[object] = []

    def font_for(self, bold: bool = False, title: bool = False) -> Font:
        return self.title if title else (self.bold if bold else self.font)

    def align(self, horizontal: str = "left", vertical: str = "top", wrap: bool = True) -> Alignment:
        key = (horizontal, vertical + ("w" if wrap else ""))
        a = self._align.get(key)
        if a is None:
            a = self._align[key] = Alignment(horizontal=horizontal, vertical=vertical,
                                             wrap_text=wrap)
        return a

    def apply(self, cell, *, bold: bool = False, title: bool = False, horizontal: str = "left",
              vertical: str = "top", border: bool = True, fill: PatternFill | None = None,
              wrap: bool = True) -> None:
        """Font, alignment (and border, fill) on one cell; the number format and quote prefix
        the cell already has are kept."""
        wb = cell.parent.parent
        style = cell._style
        if not style:
            style = cell._style = StyleArray()
        style.fontId = self._index(wb._fonts, self.font_for(bold, title))
        style.alignmentId = self._index(wb._alignments, self.align(horizontal, vertical, wrap))
        if border:
            style.borderId = self._index(wb._borders, BOX)
        if fill is not None:
            style.fillId = self._index(wb._fills, fill)

    def _index(self, collection, obj) -> int:
        """The index of a style object in a workbook collection, looked up once (openpyxl hashes
        the whole object on every assignment, which dominates large sheets)."""
        key = (id(collection), id(obj))
        idx = self._ids.get(key)
        if idx is None:
            idx = self._ids[key] = collection.add(obj)
            self._keep.append(obj)  # the id() stays valid while the object lives
        return idx


# --------------------------------------------------------------------------- safe values

#: Error values a spreadsheet would store as errors rather than text.
ERROR_VALUES = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A",
                          "#GETTING_DATA", "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!",
                          "#CONNECT!", "#BUSY!", "#UNKNOWN!"})
_FORMULA_START = ("=", "+", "-", "@")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def needs_quote(text: str) -> bool:
    """True for text a spreadsheet would read as a formula, a number or an error when typed."""
    if not text:
        return False
    return text.startswith(_FORMULA_START) or text.strip().upper() in ERROR_VALUES


def clean_text(text: str) -> str:
    """Text without the control characters XML 1.0 cannot hold (tab and line breaks stay)."""
    return _ILLEGAL.sub("", text)


def put_text(cell, text: str | None) -> None:
    """Store ``text`` as a text cell, whatever it looks like: never a formula, an error value or
    a number. Text a user could mistake for a formula also gets Excel's quote prefix, so editing
    the cell keeps it text."""
    text = clean_text(str(text)) if text is not None else ""
    if not text:
        cell.value = None
        return
    cell._value = text  # bypass openpyxl's type guessing ("=…" → formula, "#N/A" → error)
    cell.data_type = "s"
    if needs_quote(text):
        cell.quotePrefix = True


def put_number(cell, value: Decimal | int | float, fmt: str) -> None:
    """A number (Decimal amounts are written exactly as the plan gives them)."""
    if isinstance(value, Decimal):
        value = int(value) if value == value.to_integral_value() else float(value)
    cell.value = value
    cell.number_format = fmt


def put_formula(cell, formula: str, fmt: str | None = None) -> None:
    """One of our own formulas (totals); ``formula`` starts with "="."""
    if not formula.startswith("="):
        raise ValueError(f"not a formula: {formula!r}")
    cell.value = formula
    cell.data_type = "f"
    if fmt:
        cell.number_format = fmt


def ref(col: int, row: int, absolute: bool = False) -> str:
    """A1 reference of a 1-based column and row."""
    letter = get_column_letter(col)
    return f"${letter}${row}" if absolute else f"{letter}{row}"


def sheet_ref(sheet_title: str, col: int, row: int, absolute: bool = False) -> str:
    """``'ส่วนที่ ๒'!D13``: a reference to a cell of another sheet (title always quoted)."""
    return f"'{sheet_title.replace(chr(39), chr(39) * 2)}'!{ref(col, row, absolute)}"


def range_ref(col1: int, row1: int, col2: int, row2: int, absolute: bool = False) -> str:
    return f"{ref(col1, row1, absolute)}:{ref(col2, row2, absolute)}"


# --------------------------------------------------------------------------- measuring text

#: Mean advance per character as :func:`text_width_em` counts them, in em, per family. Measured
#: with HarfBuzz over the sample plan's project names and objectives: TH Sarabun New 0.362,
#: Sarabun 0.549; about 10 % is added so estimates err towards an extra line.
EM_PER_CHAR = {"TH SarabunPSK": 0.40, "TH Sarabun New": 0.40, "Sarabun": 0.60}
DEFAULT_EM_PER_CHAR = 0.60
#: Line height as a multiple of the font size (Sarabun in LibreOffice needs ≈ 1.9).
LINE_FACTOR = 1.9
#: Points per unit of Excel column width (7 px of the default 11 pt font at 96 dpi).
PT_PER_WIDTH_UNIT = 5.25
#: Cell padding (points) left and right inside a column.
CELL_PADDING_PT = 4.0
#: Share of a line that wrapped Thai text fills on average (breaks fall between words).
FILL_RATIO = 0.88

# Thai characters that take no advance: above/below vowels and tone marks.
_ZERO_WIDTH = frozenset(
    "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e"
    "\u200b\u200c\u200d"
)
_NARROW = frozenset(" .,:;'!|()[]-/")


def text_width_em(text: str) -> float:
    """Approximate advance of one line of text, in em of a TH Sarabun-like face."""
    width = 0.0
    for ch in text:
        if ch in _ZERO_WIDTH:
            continue
        if ch in _NARROW:
            width += 0.5
        elif ch.isascii() and ch.isupper():
            width += 1.3
        else:
            width += 1.0
    return width


def line_count(text: str, width_units: float, settings: Settings, bold: bool = False,
               size: float | None = None) -> int:
    """How many lines ``text`` takes in a column ``width_units`` wide (Excel width units)."""
    size = size or settings.size
    em = EM_PER_CHAR.get(settings.font, DEFAULT_EM_PER_CHAR) * (1.06 if bold else 1.0)
    usable = max(width_units * PT_PER_WIDTH_UNIT - 2 * CELL_PADDING_PT, size)
    per_line = usable * FILL_RATIO
    lines = 0
    for para in (text or "").split("\n"):
        w = text_width_em(para) * em * size
        lines += max(1, math.ceil(w / per_line)) if w > usable else 1
    return max(lines, 1)


def line_height(settings: Settings, size: float | None = None) -> float:
    return round(LINE_FACTOR * (size or settings.size), 1)


def width_units_for(text: str, settings: Settings, bold: bool = False) -> float:
    """Column width (Excel units) that holds the longest line of ``text`` unwrapped."""
    em = EM_PER_CHAR.get(settings.font, DEFAULT_EM_PER_CHAR) * (1.06 if bold else 1.0)
    longest = max((text_width_em(p) for p in (text or "").split("\n")), default=0.0)
    return (longest * em * settings.size + 2 * CELL_PADDING_PT) / PT_PER_WIDTH_UNIT


def number_width(text: str, settings: Settings, bold: bool = False) -> float:
    """Column width (Excel units) a formatted number needs: spreadsheets never wrap a number,
    they show "###" instead, so its column must hold the whole text on one line (10 % spare)."""
    return width_units_for(text, settings, bold) * 1.1 + 1.0


def widen_for_numbers(table, widths: list[float], settings: Settings, display=None) -> list[float]:
    """``widths`` with each column of a doctree table widened so the display text of every
    number cell (``Cell.value`` set, one column wide) fits on its lines.

    ``display(row, cell)`` gives the text a cell shows in the sheet when its number format
    differs from the document's wording (a line break in "จำนวน\n๗๕,๑๖๐ บาท"); default
    ``cell.text``."""
    display = display or _plain_display
    out = list(widths)
    grid = table.grid()
    for r, row in enumerate(table.rows):
        for c in range(table.ncols):
            entry = grid[r][c]
            if entry is None or entry[:2] != (r, c):
                continue
            cell = entry[2]
            if cell.value is None or cell.colspan != 1:
                continue
            bold = row.kind == "header" or cell_is_bold(cell)
            out[c] = max(out[c], number_width(display(row, cell), settings, bold))
    return out


def _plain_display(row, cell) -> str:
    return cell.text


class HeightPlanner:
    """Collects the lines each cell needs and sets row heights so no line is clipped.

    A cell spanning several rows adds the height it misses to the last row it covers.
    """

    def __init__(self, settings: Settings):
        self.settings = settings
        self.rows: dict[int, float] = {}
        self.spans: list[tuple[int, int, float]] = []

    def need(self, row: int, points: float, rowspan: int = 1) -> None:
        if rowspan <= 1:
            self.rows[row] = max(self.rows.get(row, 0.0), points)
        else:
            self.spans.append((row, rowspan, points))

    def text(self, row: int, text: str, width_units: float, *, rowspan: int = 1,
             bold: bool = False, size: float | None = None) -> None:
        n = line_count(text, width_units, self.settings, bold, size)
        self.need(row, n * line_height(self.settings, size) + 2, rowspan)

    def apply(self, ws: Worksheet) -> None:
        minimum = line_height(self.settings) + 2
        heights = {r: max(h, minimum) for r, h in self.rows.items()}
        for row, span, points in self.spans:
            have = sum(heights.get(r, minimum) for r in range(row, row + span))
            if have < points:
                last = row + span - 1
                heights[last] = heights.get(last, minimum) + (points - have)
        for r in sorted(heights):
            ws.row_dimensions[r].height = round(heights[r], 1)


# --------------------------------------------------------------------------- sheet setup

def set_widths(ws: Worksheet, widths: Iterable[float], first_col: int = 1) -> None:
    for i, w in enumerate(widths):
        # rounded up, so a width computed to hold a text never ends up a hair narrower
        ws.column_dimensions[get_column_letter(first_col + i)].width = math.ceil(w * 100 - 1e-9) / 100


def style_range(ws: Worksheet, styles: Styles, row1: int, col1: int, row2: int, col2: int,
                **kwargs) -> None:
    """Font (and the given alignment, border, fill) on every cell of a range, empty or merged."""
    for r in range(row1, row2 + 1):
        for c in range(col1, col2 + 1):
            styles.apply(ws.cell(r, c), **kwargs)


def page_setup(ws: Worksheet, settings: Settings, *, landscape: bool = True,
               title_rows: tuple[int, int] | None = None, footer: str = "หน้า &P / &N",
               freeze: str | None = None, fit_width: bool = True) -> None:
    """A4, orientation, margins from the settings, fit to one page wide, repeated title rows,
    a page-number footer in the settings' font, and frozen panes."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    if fit_width:
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
    inch = 1 / 2.54  # margins are in centimetres in the settings, inches in the file
    ws.page_margins.left = round(settings.margin_left * inch, 3)
    ws.page_margins.right = round(settings.margin_right * inch, 3)
    ws.page_margins.top = round(settings.margin_top * inch, 3)
    ws.page_margins.bottom = round(settings.margin_bottom * inch, 3)
    ws.page_margins.header = 0.3
    ws.page_margins.footer = 0.3
    ws.print_options.horizontalCentered = True
    if title_rows:
        ws.print_title_rows = f"{title_rows[0]}:{title_rows[1]}"
    if footer:
        ws.oddFooter.center.text = footer
        ws.oddFooter.center.font = f"{settings.font},Regular"
        ws.oddFooter.center.size = int(round(settings.size * 0.875))
    if freeze:
        ws.freeze_panes = freeze


# --------------------------------------------------------------------------- saving

def set_properties(wb: Workbook, *, title: str, creator: str, date: _dt.date | _dt.datetime,
                   subject: str = "", keywords: str = "") -> None:
    """Document properties from the plan (never "now")."""
    when = date if isinstance(date, _dt.datetime) else _dt.datetime(date.year, date.month, date.day)
    props = wb.properties
    props.title = clean_text(title)
    props.creator = clean_text(creator)
    props.lastModifiedBy = clean_text(creator)
    props.subject = clean_text(subject) or None
    props.keywords = clean_text(keywords) or None
    props.language = "th-TH"
    props.created = when
    props.modified = when


def save(wb: Workbook) -> bytes:
    """The workbook as bytes, identical for the same workbook: written through ExcelWriter (which,
    unlike ``Workbook.save``, does not stamp the time) and re-packed with fixed zip dates."""
    buf = io.BytesIO()
    archive = zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(wb, archive).save()  # closes the archive
    return repack(buf.getvalue(), writers={"docProps/app.xml": _write_app_xml})


#: the application a workbook names in its extended properties: how a later build knows a file
#: of the same name is its own (antong_reports.build.written_by_us)
APPLICATION = "antong-reports"


def _write_app_xml(_old: bytes, stream) -> None:
    stream.write(('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties '
                  'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
                  'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
                  f"<Application>{APPLICATION}</Application><DocSecurity>0</DocSecurity>"
                  "</Properties>").encode("utf-8"))


def is_formula_cell(cell: XCell) -> bool:
    return cell.data_type == "f"


# --------------------------------------------------------------------------- document tables

_HORIZONTAL = {"left": "left", "center": "center", "right": "right", "justify": "left"}
_VERTICAL = {"top": "top", "middle": "center", "bottom": "bottom"}


def cell_is_bold(cell) -> bool:
    """True when the first paragraph of a doctree cell is bold throughout."""
    for block in cell.blocks:
        runs = getattr(block, "runs", None)
        if runs:
            return all(r.bold for r in runs if r.text)
    return False


class PlacedCell:
    """A doctree cell written to a sheet: where it went and what it is."""

    __slots__ = ("row", "col", "rowspan", "colspan", "cell", "xcell")

    def __init__(self, row: int, col: int, cell, xcell):
        self.row, self.col = row, col
        self.rowspan, self.colspan = cell.rowspan, cell.colspan
        self.cell = cell
        self.xcell = xcell


def write_table(ws: Worksheet, table, styles: Styles, widths: list[float], planner: HeightPlanner,
                *, top: int = 1, left: int = 1, display=None) -> list[list[PlacedCell]]:
    """Write a :class:`~antong_reports.compose.tree.Table` at (``top``, ``left``): text cells as text,
    cells with a ``value`` as numbers in the settings' digits ("-" for zero), spans merged, the
    font and borders on every grid position (merged ones included), header rows shaded.

    ``widths`` are the sheet's column widths (Excel units) for the table's columns; they are used
    to estimate row heights into ``planner``. Returns the placed cells, one list per table row,
    so a caller can replace totals with formulas. ``display(row, cell)``: the text a cell will
    show, for the height estimate (see :func:`widen_for_numbers`).
    """
    display = display or _plain_display
    thai = styles.settings.thai_digits
    grid = table.grid()
    placed: list[list[PlacedCell]] = []
    for r, row in enumerate(table.rows):
        out: list[PlacedCell] = []
        header = row.kind == "header"
        for c in range(table.ncols):
            entry = grid[r][c]
            if entry is None or entry[0] != r or entry[1] != c:
                continue
            cell = entry[2]
            sr, sc = top + r, left + c
            xc = ws.cell(sr, sc)
            bold = header or cell_is_bold(cell)
            horizontal = _HORIZONTAL.get(getattr(cell.align, "value", cell.align), "left")
            vertical = _VERTICAL.get(cell.valign, "top")
            fill = HEAD_SHADE if header else (SHADE if cell.shade else None)
            if cell.value is not None and not isinstance(cell.value, bool):
                value = cell.value
                if isinstance(value, Decimal):
                    put_number(xc, value, amount_format(thai, decimals_of(value)))
                else:
                    put_number(xc, value, number_format(thai))
            else:
                put_text(xc, cell.text)
            if cell.rowspan > 1 or cell.colspan > 1:
                ws.merge_cells(start_row=sr, start_column=sc, end_row=sr + cell.rowspan - 1,
                               end_column=sc + cell.colspan - 1)
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    styles.apply(ws.cell(sr + dr, sc + dc), bold=bold, horizontal=horizontal,
                                 vertical=vertical, fill=fill)
            width = sum(widths[c:c + cell.colspan])
            planner.text(sr, display(row, cell), width, rowspan=cell.rowspan, bold=bold)
            out.append(PlacedCell(sr, sc, cell, xc))
        placed.append(out)
    return placed


def write_title(ws: Worksheet, styles: Styles, planner: HeightPlanner, row: int, text: str,
                ncols: int, widths: list[float], *, title: bool = True, left: int = 1) -> None:
    """A centred title line merged across ``ncols`` columns, without borders."""
    xc = ws.cell(row, left)
    put_text(xc, text)
    if ncols > 1:
        ws.merge_cells(start_row=row, start_column=left, end_row=row, end_column=left + ncols - 1)
    for c in range(left, left + ncols):
        styles.apply(ws.cell(row, c), bold=True, title=title, horizontal="center",
                     vertical="center", border=False)
    size = styles.title.size if title else styles.settings.size
    planner.text(row, text, sum(widths[:ncols]), bold=True, size=size)


# --------------------------------------------------------------------------- charts

def _char_props(settings: Settings, scale: float, bold: bool = False) -> CharacterProperties:
    face = DrawingFont(typeface=settings.font)
    return CharacterProperties(latin=face, cs=face, sz=int(round(settings.size * scale * 100)),
                               b=bold)


def chart_text_props(settings: Settings, scale: float) -> RichText:
    """Text properties naming the document font (Thai labels need it on axes and legends)."""
    props = _char_props(settings, scale)
    return RichText(p=[DParagraph(pPr=ParagraphProperties(defRPr=props), endParaRPr=props)])


def chart_title(text: str, settings: Settings, scale: float) -> Title:
    """A chart or axis title in the document font, bold."""
    props = _char_props(settings, scale, bold=True)
    title = Title()
    title.tx.rich = RichText(p=[DParagraph(pPr=ParagraphProperties(defRPr=props),
                                           r=[RegularTextRun(rPr=props, t=text)])])
    title.overlay = False
    return title


def bar_chart(settings: Settings, data: Reference, categories: Reference, *, title: str,
              value_label: str, number_format: str, category_label: str | None = None,
              width: float = 24, height: float = 9.5, title_scale: float = 1.1) -> BarChart:
    """A native clustered column chart with Thai titles, axis labels and legend in the document
    font, its series in the colours of ``render.palette``; series titles come from the first row
    of ``data``."""
    bar = BarChart()
    bar.type = "col"
    bar.grouping = "clustered"
    bar.title = chart_title(title, settings, title_scale)
    bar.y_axis.title = chart_title(value_label, settings, 0.8)
    if category_label:
        bar.x_axis.title = chart_title(category_label, settings, 0.8)
    bar.y_axis.number_format = number_format.split(";")[0]
    bar.x_axis.delete = False
    bar.y_axis.delete = False
    bar.add_data(data, titles_from_data=True)
    bar.set_categories(categories)
    from openpyxl.chart.shapes import GraphicalProperties

    from antong_reports.render import palette

    for i, series in enumerate(bar.series):  # the PDF's and the Word picture's colours
        colour = palette.SERIES[i % len(palette.SERIES)]
        series.graphicalProperties = GraphicalProperties(
            solidFill="".join(f"{c:02X}" for c in palette.rgb255(colour)))
    props = chart_text_props(settings, 0.75)
    bar.x_axis.txPr = props
    bar.y_axis.txPr = props
    bar.legend.position = "b"
    bar.legend.txPr = props
    bar.width = width
    bar.height = height
    return bar
