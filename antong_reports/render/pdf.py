"""PDF renderer: any document tree (:mod:`antong_reports.compose.tree`) → PDF bytes.

The renderer walks the tree once and turns it into reportlab platypus flowables. Every
piece of text it draws — paragraphs, table cells, headings, table-of-contents lines, page
numbers and chart labels — goes through :mod:`antong_reports.thai.typeset`, which breaks Thai lines at
word boundaries, shapes with HarfBuzz, justifies between clusters and makes the text extract
exactly. No base-14 font is ever referenced.

Layout intents of the tree and how they are honoured:

* :class:`~doctree.Section`: its own page template (A4 portrait or landscape), started on a new
  page; its page-number style (none, Thai letters ก ข …, digits) is printed top centre and written
  as the PDF page label, so a viewer shows the pages as the document numbers them.
* :class:`~doctree.Heading`: a named destination (its ``bookmark`` or a generated one) and, when
  ``outline`` is set, an entry of the PDF outline at its level.
* :class:`~doctree.Toc`: real page labels, each line linking to its heading. A TOC line refers to
  a form XObject for its page label; the forms are written when the document ends, once every
  heading has landed, so one layout pass gives the real numbers.
* :class:`~doctree.Table`: column widths scaled to the frame, merged cells, header rows repeated
  on every page, light shading on header, subtotal and total rows. A long table splits between
  any two rows: cells merged vertically across the split are cut at the page end and their text
  is repeated on the next page, as a reader of a landscape budget table expects. A row too tall
  for the rest of a page is cut inside, as Word lets a row break across pages: each of its cells
  is cut at the page end by its own flowables' splitting, the rest of its text continues in the
  same row on the next page under the repeated header, as many pages as the row needs.
* :class:`~doctree.Chart`: a reportlab.graphics bar chart whose labels (title, categories, value
  axis, legend) are drawn by pdfthai.

Output is byte-identical for the same input: reportlab's invariant mode, and the creation date
taken from the document's metadata (never the clock).
"""

from __future__ import annotations

import datetime as _dt
import functools
import io
import zlib
from decimal import Decimal
from typing import Iterable

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import (BaseDocTemplate, Flowable, Frame, FrameBreak, NextPageTemplate,
                                PageBreak, PageTemplate)
from reportlab.platypus import Spacer as RLSpacer
from reportlab.platypus import Table as RLTable
from reportlab.platypus import TableStyle

from antong_reports.compose import tree as dt
from antong_reports.thai import typeset as pdfthai
from antong_reports.thai import text as tt
from antong_reports.common.settings import DEFAULT, Settings
from antong_reports.render import palette

__all__ = ["render_pdf", "render_pdf_with_pages", "generate", "PdfLayout"]

#: light shading of header, subtotal and total rows
SHADE = colors.Color(0.90, 0.90, 0.90)
#: bar colours of the chart's series (restrained, print well in grey)
SERIES_COLOURS = tuple(colors.Color(*c) for c in palette.SERIES)

_ALIGN = {dt.Align.LEFT: "left", dt.Align.CENTER: "center", dt.Align.RIGHT: "right",
          dt.Align.JUSTIFY: "justify"}


class PdfLayout:
    """Sizes derived from the settings (points). One place for every measure of the layout."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.body = float(settings.pdf_size)
        self.margins = (settings.margin_left * cm, settings.margin_right * cm,
                        settings.margin_top * cm, settings.margin_bottom * cm)
        #: one indent level (a nested paragraph or list)
        self.indent_step = 1.0 * cm
        #: first-line indent of Thai body paragraphs
        self.first_line = 1.25 * cm
        self.cell_pad_h = 0.12 * cm
        self.cell_pad_v = 0.06 * cm

    def size(self, name: str) -> float:
        # "table": the Part 2 table's text, the size the Word plan sets it in (TABLE_FACTOR)
        return {"title": self.body * 1.75, "large": self.body * 1.3, "small": self.body * 0.9,
                "table": self.body * 0.875}.get(name, self.body)

    def heading_size(self, level: int) -> float:
        return self.body * (1.35 if level <= 0 else 1.15 if level == 1 else 1.0)


# --------------------------------------------------------------------------- run helpers

def _runs(runs: Iterable[dt.Run]) -> list[tuple[str, bool, bool]]:
    return [(r.text, r.bold, r.italic) for r in runs if r.text]


def _lines(runs: Iterable[dt.Run]) -> list[list[tuple[str, bool, bool]]]:
    """The runs cut into lines at "\n" (a line break inside a paragraph or heading)."""
    lines: list[list[tuple[str, bool, bool]]] = [[]]
    for r in runs:
        for i, piece in enumerate(r.text.split("\n")):
            if i:
                lines.append([])
            if piece:
                lines[-1].append((piece, r.bold, r.italic))
    return lines


def _pdf_date(value) -> str | None:
    """A PDF date string for the document's creation date (Thailand time unless stated)."""
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        d = value
    elif isinstance(value, _dt.date):
        d = _dt.datetime(value.year, value.month, value.day)
    else:
        raise TypeError(f"creation date must be a date or datetime, not {type(value).__name__}")
    offset = d.utcoffset() if d.tzinfo is not None else _dt.timedelta(hours=7)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hh, mm = divmod(abs(minutes), 60)
    return f"D:{d:%Y%m%d%H%M%S}{sign}{hh:02d}'{mm:02d}'"


# --------------------------------------------------------------------------- flowables

class _Heading(Flowable):
    """A heading (one paragraph per line) that leaves a named destination, an outline entry and
    the page it landed on."""

    def __init__(self, paras: list, key: str, outline: tuple[str, int] | None,
                 renderer: "_Renderer", space_before: float, space_after: float):
        super().__init__()
        self.paras = paras
        self.key = key
        self.outline = outline
        self.renderer = renderer
        self.spaceBefore = space_before
        self.spaceAfter = space_after
        self.keepWithNext = 1
        self._heights: list[float] = []

    def wrap(self, aw, ah):
        self._heights = [p.wrap(aw, ah)[1] for p in self.paras]
        self.width, self.height = aw, sum(self._heights)
        return self.width, self.height

    def draw(self):
        canv = self.canv
        canv.bookmarkHorizontal(self.key, 0, self.height)
        if self.outline is not None:
            title, level = self.outline
            canv.addOutlineEntry(title, self.key, level=level, closed=level >= 1)
        self.renderer.landed(self.key)
        y = self.height
        for p, h in zip(self.paras, self._heights):
            y -= h
            p.drawOn(canv, 0, y)


class _Hanging(Flowable):
    """A list item: its label hanging in the left margin of its body flowables.

    The body may split across pages; the label stays with the first part.
    """

    def __init__(self, label_para, hang: float, body: list, left: float = 0.0, first: bool = True):
        super().__init__()
        self.label_para = label_para
        self.hang = hang
        self.body = body
        self.left = left
        self.first = first
        self._sizes: list[tuple[float, float]] = []

    def _inner(self, aw):
        return max(aw - self.left - self.hang, 1.0)

    def wrap(self, aw, ah):
        inner = self._inner(aw)
        self._sizes = []
        h = 0.0
        for i, f in enumerate(self.body):
            if i:
                h += max(self.body[i - 1].getSpaceAfter(), f.getSpaceBefore())
            w_, h_ = f.wrap(inner, ah)
            self._sizes.append((w_, h_))
            h += h_
        if self.label_para is not None:
            _, lh = self.label_para.wrap(self.hang + 1000, ah)
            h = max(h, lh)
        self.width, self.height = aw, h
        return aw, h

    def getSpaceBefore(self):
        return self.body[0].getSpaceBefore() if self.body else 0

    def getSpaceAfter(self):
        return self.body[-1].getSpaceAfter() if self.body else 0

    def draw(self):
        y = self.height
        if self.label_para is not None:
            _, lh = self.label_para.wrap(self.hang + 1000, self.height)
            self.label_para.drawOn(self.canv, self.left, y - lh)
        x = self.left + self.hang
        for i, f in enumerate(self.body):
            if i:
                y -= max(self.body[i - 1].getSpaceAfter(), f.getSpaceBefore())
            _, h_ = self._sizes[i]
            y -= h_
            f.drawOn(self.canv, x, y)

    def split(self, aw, ah):
        inner = self._inner(aw)
        used = 0.0
        for i, f in enumerate(self.body):
            gap = max(self.body[i - 1].getSpaceAfter(), f.getSpaceBefore()) if i else 0.0
            _, h_ = f.wrap(inner, ah)
            if used + gap + h_ <= ah + 1e-6:
                used += gap + h_
                continue
            parts = f.split(inner, ah - used - gap) if ah - used - gap > 0 else []
            if parts:
                head = self.body[:i] + [parts[0]]
                tail = list(parts[1:]) + self.body[i + 1:]
            else:
                head, tail = self.body[:i], self.body[i:]
            if not head or not tail:
                return []
            first = _Hanging(self.label_para, self.hang, head, self.left, self.first)
            rest = _Hanging(None, self.hang, tail, self.left, False)
            return [first, rest]
        return []  # everything fits: nothing to split


class _TocLine(Flowable):
    """One table-of-contents entry: title, dot leader, page label; the line links to its page.

    The page label and the leader that reaches it are a form XObject, referenced here and written
    when the document ends, once every heading has landed: one pass gives real page numbers.
    """

    def __init__(self, entry: dt.TocEntry, renderer: "_Renderer", style, indent: float):
        super().__init__()
        self.entry = entry
        self.renderer = renderer
        self.style = style
        self.indent = indent
        self.para = None
        self.page_col = renderer.layout.body * 3.0

    def wrap(self, aw, ah):
        fonts = self.renderer.fonts
        size = self.style.fontSize
        text_w = aw - self.indent - self.page_col
        self.single = pdfthai.string_width(self.entry.text, fonts.regular, size) <= text_w - size
        if self.single:
            self.height = self.style.leading
        else:
            self.para = pdfthai.Paragraph([(self.entry.text, False, False)], self.style)
            _, self.height = self.para.wrap(text_w, ah)
        self.width = aw
        return aw, self.height

    def draw(self):
        canv = self.canv
        fonts = self.renderer.fonts
        size = self.style.fontSize
        base = (self.style.leading - size) / 2 + size * 0.28
        if self.single:
            pdfthai.draw_string(canv, self.indent, base, self.entry.text, fonts.regular, size)
            start = self.indent + pdfthai.string_width(self.entry.text, fonts.regular, size) + size * 0.4
            lead = self.width - start
        else:
            self.para.drawOn(canv, self.indent, 0)
            lead = None
        name = self.renderer.toc_form(self.entry, lead, size)
        canv.saveState()
        canv.translate(self.width, base)
        canv.doForm(name)
        canv.restoreState()
        canv.linkRect("", self.entry.bookmark, (0, 0, self.width, self.height), relative=1)


class _Chart(Flowable):
    """A vertical bar chart: reportlab.graphics draws bars and axes, pdfthai draws every label."""

    def __init__(self, chart: dt.Chart, renderer: "_Renderer"):
        super().__init__()
        self.chart = chart
        self.renderer = renderer
        self.spaceBefore = renderer.layout.body * 0.5
        self.spaceAfter = renderer.layout.body * 0.5

    def wrap(self, aw, ah):
        self.width = aw
        self.height = min(aw * 0.55, 9.0 * cm + self.renderer.layout.body * 6)
        return self.width, self.height

    def _number(self, v: float) -> str:
        thai = self.renderer.thai_digits
        d = Decimal(str(v))
        if d == d.to_integral_value():
            return tt.number(int(d), thai)
        return tt.digits(f"{d:,.2f}", thai)

    def draw(self):
        canv = self.canv
        lay = self.renderer.layout
        fonts = self.renderer.fonts
        c = self.chart
        size = lay.body * 0.85
        lead = size * 1.45
        W, H = self.width, self.height

        # title on top
        top = H
        if c.title:
            pdfthai.draw_string(canv, W / 2, top - lay.body * 1.1, c.title, fonts.bold, lay.body,
                                anchor="centre")
            top -= lay.body * 1.8
        legend_h = self._draw_legend(size, lead)
        values = [v for _, vs in c.series for v in vs] or [0]
        vmax = max(max(values), 1)
        label_w = max(pdfthai.string_width(self._number(vmax), fonts.regular, size),
                      pdfthai.string_width(self._number(0), fonts.regular, size))
        # value-axis caption (the unit), above the axis
        if c.value_label:
            pdfthai.draw_string(canv, 0, top - size, c.value_label, fonts.regular, size)
            top -= lead * 1.2
        cat_lines = 3
        plot_x = label_w + size * 0.8
        plot_y = legend_h + lead * cat_lines + size * 0.4
        plot_w = W - plot_x - size * 0.5
        plot_h = max(top - plot_y - size * 0.5, 10)
        plot = (plot_x, plot_y, plot_w, plot_h)
        self._draw_labels(self._draw_bars(plot, size), plot, size, lead, cat_lines)

    def _draw_legend(self, size: float, lead: float) -> float:
        """The legend at the bottom: one swatch and label per series, centred; its height."""
        canv = self.canv
        fonts = self.renderer.fonts
        c = self.chart
        legend_h = lead * 1.3 if c.series else 0
        items = [(label, pdfthai.string_width(label, fonts.regular, size)) for label, _ in c.series]
        total = sum(w + size * 2.2 for _, w in items)
        x = max((self.width - total) / 2, 0)
        for i, (label, w) in enumerate(items):
            canv.saveState()
            canv.setFillColor(SERIES_COLOURS[i % len(SERIES_COLOURS)])
            canv.rect(x, size * 0.35, size * 0.8, size * 0.8, stroke=0, fill=1)
            canv.restoreState()
            pdfthai.draw_string(canv, x + size * 1.1, size * 0.4, label, fonts.regular, size)
            x += w + size * 2.2
        return legend_h

    def _draw_bars(self, plot: tuple[float, float, float, float], size: float):
        """Bars, axes and grid, drawn by reportlab.graphics in ``plot`` (x, y, w, h): the chart."""
        # reportlab.graphics is imported only when a chart is drawn
        from reportlab.graphics import renderPDF
        from reportlab.graphics.charts.barcharts import VerticalBarChart
        from reportlab.graphics.shapes import Drawing

        c = self.chart
        n_cat = max(len(c.categories), 1)
        d = Drawing(self.width, self.height)
        # the drawing's initial state selects a font even with no text: name ours, not Helvetica
        d.initialFontName = self.renderer.fonts.regular
        d.initialFontSize = size
        bc = VerticalBarChart()
        bc.x, bc.y, bc.width, bc.height = plot
        bc.data = [tuple(float(v) for v in vs) for _, vs in c.series] or [(0,) * n_cat]
        bc.valueAxis.valueMin = 0
        bc.valueAxis.rangeRound = "both"  # the axis ends on a labelled tick above the tallest bar
        bc.valueAxis.visibleLabels = 0
        bc.valueAxis.visibleGrid = 1
        bc.valueAxis.gridStrokeColor = colors.Color(palette.GRID, palette.GRID, palette.GRID)
        bc.valueAxis.gridStrokeWidth = 0.4
        bc.valueAxis.strokeWidth = 0.6
        bc.categoryAxis.visibleLabels = 0
        bc.categoryAxis.strokeWidth = 0.6
        bc.categoryAxis.categoryNames = [str(i) for i in range(n_cat)]
        bc.groupSpacing = max(plot[2] / n_cat * 0.18, 2)
        bc.barSpacing = 0.5
        bc.bars.strokeWidth = 0
        bc.bars.strokeColor = None
        for i in range(max(len(c.series), 1)):
            bc.bars[i].fillColor = SERIES_COLOURS[i % len(SERIES_COLOURS)]
        d.add(bc)
        renderPDF.draw(d, self.canv, 0, 0)
        return bc

    def _draw_labels(self, bc, plot: tuple[float, float, float, float], size: float, lead: float,
                     cat_lines: int) -> None:
        """Value-axis labels at the chart's own ticks, category labels wrapped under each group."""
        canv = self.canv
        fonts = self.renderer.fonts
        plot_x, plot_y, plot_w, _ = plot
        va = bc.valueAxis
        for v in getattr(va, "_tickValues", ()) or ():
            y = va.scale(v)
            pdfthai.draw_string(canv, plot_x - size * 0.4, y - size * 0.3, self._number(v),
                                fonts.regular, size, anchor="right")
        categories = self.chart.categories
        cat_w = plot_w / max(len(categories), 1)
        style = self.renderer.style("chart-cat", size=size, align="center", leading=lead)
        for i, name in enumerate(categories):
            para = pdfthai.Paragraph([(name, False, False)], style)
            pw, ph = para.wrap(cat_w - size * 0.3, lead * cat_lines)
            para.drawOn(canv, plot_x + i * cat_w + size * 0.15, plot_y - size * 0.3 - ph)


class _ImageBlock(Flowable):
    def __init__(self, image: dt.Image):
        super().__init__()
        self.image = image
        self.reader = ImageReader(io.BytesIO(image.png))
        self.iw, self.ih = self.reader.getSize()

    def wrap(self, aw, ah):
        self.width = aw * max(min(self.image.width, 1.0), 0.05)
        self.height = self.width * self.ih / max(self.iw, 1)
        self._aw = aw
        return aw, self.height

    def draw(self):
        self.canv.drawImage(self.reader, (self._aw - self.width) / 2, 0, self.width, self.height)


class _Table(Flowable):
    """A document-tree table over a range of its body rows, splittable between any two rows.

    Cells merged vertically across a split are cut: the part on each page keeps its text. A row
    too tall for what is left of a page is cut inside (as Word lets rows break across pages),
    with the header repeated above its continuation: ``cut`` holds, for cells that a cut has
    shortened, the flowables they still show (keyed by the cell's grid origin).
    """

    def __init__(self, table: dt.Table, renderer: "_Renderer", width: float,
                 start: int | None = None, stop: int | None = None, grid=None, heights=None,
                 with_header: bool = True, cut: dict | None = None):
        super().__init__()
        self.table = table
        self.renderer = renderer
        self.total_width = width
        self.grid = grid if grid is not None else table.grid()
        self.header = min(table.header_rows, len(table.rows))
        self.start = self.header if start is None else start
        self.stop = len(table.rows) if stop is None else stop
        self.with_header = with_header
        scale = width / (sum(table.widths) or 1)
        self.col_widths = [w * scale for w in table.widths]
        #: estimated height of each row (shared between the pieces of one table)
        self.heights = heights if heights is not None else {}
        self.cut = cut if cut is not None else {}
        self._built = None
        lay = renderer.layout
        self.spaceBefore = lay.body * 0.3 if with_header else 0.0
        self.spaceAfter = lay.body * 0.5

    def _piece(self, start: int, stop: int, with_header: bool = True,
               cut: dict | None = None) -> "_Table":
        return _Table(self.table, self.renderer, self.total_width, start, stop, self.grid,
                      self.heights, with_header, self.cut if cut is None else cut)

    def _flowables(self, r0: int, c0: int, cell: dt.Cell, outer: float) -> list:
        """The flowables of the cell at grid origin (r0, c0): what a cut left of it, or all."""
        left = self.cut.get((r0, c0))
        return left if left is not None else self.renderer.cell_flowables(cell, outer)

    # -- building one platypus table for header + rows[start:stop]
    def _rows(self) -> list[int]:
        head = list(range(self.header)) if self.with_header else []
        return head + list(range(self.start, self.stop))

    def _build(self) -> RLTable:
        rows = self._rows()
        pos = {r: i for i, r in enumerate(rows)}
        lay = self.renderer.layout
        data = [["" for _ in self.col_widths] for _ in rows]
        cmds = [
            # the cell font is never used for text (cells hold paragraphs), but the table
            # selects it on the canvas: name ours so no base-14 font is referenced
            ("FONT", (0, 0), (-1, -1), self.renderer.fonts.regular, lay.body),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), lay.cell_pad_h),
            ("RIGHTPADDING", (0, 0), (-1, -1), lay.cell_pad_h),
            ("TOPPADDING", (0, 0), (-1, -1), lay.cell_pad_v),
            ("BOTTOMPADDING", (0, 0), (-1, -1), lay.cell_pad_v * 2),
        ]
        seen = set()
        for i, r in enumerate(rows):
            kind = self.table.rows[r].kind
            if kind in ("header", "subtotal", "total") or r < self.header:
                cmds.append(("BACKGROUND", (0, i), (-1, i), SHADE))
            for c in range(len(self.col_widths)):
                slot = self.grid[r][c]
                if slot is None:
                    continue
                r0, c0, cell = slot
                if (r0, c0) in seen:
                    continue
                # the cell starts here, or started on an earlier page (cut at this piece's top)
                if r0 != r and r0 in pos:
                    continue
                seen.add((r0, c0))
                last_row = r0 + cell.rowspan - 1
                end = max(p for q, p in pos.items() if r0 <= q <= last_row)
                data[i][c] = self._flowables(
                    r0, c0, cell, sum(self.col_widths[c0:c0 + cell.colspan]))
                if cell.colspan > 1 or end > i:
                    cmds.append(("SPAN", (c, i), (c0 + cell.colspan - 1, end)))
                if cell.valign == "middle":
                    cmds.append(("VALIGN", (c, i), (c, i), "MIDDLE"))
                if cell.shade:
                    cmds.append(("BACKGROUND", (c, i), (c0 + cell.colspan - 1, end), SHADE))
        t = RLTable(data, colWidths=self.col_widths,
                    repeatRows=self.header if self.with_header else 0,
                    splitByRow=1, splitInRow=0, hAlign="LEFT")
        t.setStyle(TableStyle(cmds))
        return t

    def _row_height(self, r: int) -> float:
        """Height of one body row from its cells that do not span rows (cached per table, unless
        a cut has shortened cells of the row)."""
        shortened = any(r0 == r for r0, _ in self.cut)
        h = None if shortened else self.heights.get(r)
        if h is None:
            lay = self.renderer.layout
            h = lay.body * 1.5
            for c, slot in enumerate(self.grid[r]):
                if slot is None or slot[0] != r or slot[1] != c or slot[2].rowspan != 1:
                    continue
                cell = slot[2]
                outer = sum(self.col_widths[c:c + cell.colspan])
                w = outer - 2 * lay.cell_pad_h
                fh = sum(f.wrap(w, 1e6)[1] + f.getSpaceBefore() + f.getSpaceAfter()
                         for f in self._flowables(r, c, cell, outer))
                h = max(h, fh + lay.cell_pad_v * 3)
            if not shortened:
                self.heights[r] = h
        return h

    def _header_height(self) -> float:
        if not self.with_header:
            return 0.0
        if "header" not in self.heights:
            t = self._piece(self.header, self.header)._build()
            self.heights["header"] = t.wrap(self.total_width, 1e6)[1]
        return self.heights["header"]

    def _estimate(self) -> float:
        return self._header_height() + sum(self._row_height(r) for r in range(self.start, self.stop))

    def wrap(self, aw, ah):
        est = self._estimate()
        if est > ah * 1.15:  # certainly too tall: the frame will ask for a split
            self.width, self.height = self.total_width, est
            self._built = None
            return self.width, self.height
        self._built = self._build()
        self.width, self.height = self._built.wrap(self.total_width, ah)
        return self.width, self.height

    def draw(self):
        if self._built is None:
            self._built = self._build()
            self._built.wrap(self.total_width, 1e6)
        self._built.drawOn(self.canv, 0, 0)

    def _cut_row(self, n: int, aw, ah, above: float) -> list:
        """Rows start..n-1 whole and row n cut where the page ends, ``above`` (header and whole
        rows) taking the top of the ``ah`` points; the rest of row n goes on in the same row of
        the next piece, header repeated. Every cell that starts in row n is cut by its own
        flowables' splitting, so no text is lost or shown twice; [] when nothing of row n fits."""
        lay = self.renderer.layout
        room = ah - above - lay.cell_pad_v * 3  # the cell paddings: top one, bottom two
        origins = [(n, c) for c, slot in enumerate(self.grid[n])
                   if slot is not None and slot[0] == n and slot[1] == c]
        for _ in range(8):
            if room <= 0:
                return []
            head_cut, tail_cut = dict(self.cut), dict(self.cut)
            moved = kept = False
            for r0, c0 in origins:
                cell = self.grid[r0][c0][2]
                outer = sum(self.col_widths[c0:c0 + cell.colspan])
                head, tail = _cut_flowables(self._flowables(r0, c0, cell, outer),
                                            outer - 2 * lay.cell_pad_h, room)
                head_cut[(r0, c0)], tail_cut[(r0, c0)] = head, tail
                moved = moved or bool(tail)
                kept = kept or bool(head)
            if not kept:
                return []
            first = self._piece(self.start, n + 1, self.with_header, head_cut)
            built = first._build()
            height = built.wrap(self.total_width, ah)[1]
            if height > ah + 1e-6:
                # a cell merged across the cut row made the piece taller: cut higher up
                room -= height - ah + 0.5
                continue
            first._built, first.width, first.height = built, self.total_width, height
            if not moved:  # the row fits whole after all
                if n + 1 >= self.stop:
                    return [first]
                return [first, FrameBreak(), self._piece(n + 1, self.stop, with_header=True)]
            return [first, FrameBreak(), self._piece(n, self.stop, with_header=True, cut=tail_cut)]
        return []

    def split(self, aw, ah):
        lead = self.renderer.layout.body * 1.5
        room = ah - self._header_height()
        n, used = self.start, 0.0
        while n < self.stop and used + self._row_height(n) <= room:
            used += self._row_height(n)
            n += 1
        # the estimate ignores merged cells' own height: verify and step back when needed
        first = None
        while n > self.start:
            first = self._piece(self.start, n, self.with_header)
            if first.wrap(aw, ah)[1] <= ah + 1e-6:
                break
            n -= 1
            first = None
        # a continuation never starts with a subtotal or total row: it takes a body row along;
        # a heading row of a group (a dimension) never ends a page: it goes on with its rows
        kinds = [row.kind for row in self.table.rows]
        while self.start + 1 < n < self.stop and (kinds[n] in ("subtotal", "total")
                                                  or kinds[n - 1] == "group"):
            n -= 1
            first = None
        if first is None and n > self.start:
            first = self._piece(self.start, n, self.with_header)
            first.wrap(aw, ah)
        if n < self.stop:
            above = first.height if first is not None else self._header_height()
            # a row that was already sent on from a page (reportlab marks it postponed) is
            # taller than a whole page: it must be cut now, or the build would fail
            must = first is None and getattr(self, "_postponed", 0)
            if must or (self._row_height(n) > 6 * lead and ah - above > 4 * lead):
                parts = self._cut_row(n, aw, ah, above)
                if parts:
                    return parts
        if first is None:
            return []
        # the rest goes to the next page, header repeated: without the frame break it would
        # start below a first part kept short (so as not to leave a subtotal behind), header
        # and all, on the same page
        return [first, FrameBreak(), self._piece(n, self.stop, with_header=True)]


def _cut_flowables(flows: list, aw: float, room: float) -> tuple[list, list]:
    """A cell's flowables cut so the head is at most ``room`` tall, the way a table measures a
    cell (the spaces between flowables count, none before the first or after the last); a
    flowable that does not fit is split by its own ``split``. Returns (head, tail)."""
    used = 0.0
    for i, f in enumerate(flows):
        gap = flows[i - 1].getSpaceAfter() + f.getSpaceBefore() if i else 0.0
        h = f.wrap(aw, room)[1]
        if used + gap + h <= room + 1e-6:
            used += gap + h
            continue
        left = room - used - gap
        parts = f.split(aw, left) if left > 0 else []
        if len(parts) >= 2 and parts[0].wrap(aw, left)[1] <= left + 1e-6:
            return flows[:i] + [parts[0]], list(parts[1:]) + flows[i + 1:]
        return flows[:i], flows[i:]
    return list(flows), []


# --------------------------------------------------------------------------- the renderer

class _PackedFlate:
    """A page stream compressed when its page ends (:func:`_pack_page`): written as it is, named
    FlateDecode, as reportlab's own filter would have written it at the end."""

    pdfname = "FlateDecode"

    def encode(self, content: bytes) -> bytes:
        return content


_PACKED_FLATE = _PackedFlate()


def _pack_page(canvas) -> None:
    """Compress the page just ended now rather than when the document is saved, exactly as
    reportlab would then (zlib over its UTF-8 text, named FlateDecode), so a long document does
    not hold every page's drawing operators as text until the end (a 2,000-page plan: ~40 MB)."""
    page = canvas._doc.Pages.pages[-1]
    stream = page.stream
    if page.Contents or not stream or not page.compression or rl_config.useA85:
        return                          # reportlab's own way (see PDFPage.check_format)
    packed = pdfdoc.PDFStream()
    packed.filters = [_PACKED_FLATE]
    packed.content = zlib.compress(stream.encode("utf8") if isinstance(stream, str) else stream)
    packed.__Comment__ = "page stream"
    page.Contents = packed
    page.stream = None


class _DocTemplate(BaseDocTemplate):
    def __init__(self, buf, renderer: "_Renderer", **kw):
        self.renderer = renderer
        super().__init__(buf, **kw)
        self.setPageCallBack(lambda _number: _pack_page(self.canv))

    def _endBuild(self):
        # the last page is finished first; the TOC's page labels are written before saving
        self._doSave = 0
        super()._endBuild()
        self.renderer.write_toc_forms(self.canv)
        self.canv.save()

    def beforeDocument(self):
        date = _pdf_date(self.renderer.doc.meta.created)
        if date is not None:
            self.canv.setDateFormatter(lambda *a, _d=date: _d)
        self.canv.showOutline()


@functools.lru_cache(maxsize=1)
def _fonts() -> pdfthai.FontNames:
    """Register the fonts, once per process, as long-lived data: the fonts and everything loaded
    before the first document (modules, the plan) are moved out of the cyclic garbage
    collector's generations, so later collections, and the last one when the process ends, do
    not walk them again."""
    with tt.long_lived_data():
        return pdfthai.register_fonts()


class _Renderer(dt.Visitor):
    def __init__(self, doc: dt.Document, settings: Settings):
        self.doc = doc
        self.settings = settings
        self.layout = PdfLayout(settings)
        self.fonts = _fonts()
        self.thai_digits = doc.thai_digits
        #: bookmark → page label, recorded as headings land
        self.landed_labels: dict[str, str] = {}
        #: bookmark → 1-based physical page
        self.landed_pages: dict[str, int] = {}
        self.page_labels: list[str] = []
        self._styles: dict[tuple, object] = {}
        self._heading_no = 0
        self._outline_level = -1
        self._section = -1
        self._counter = 0
        self._label = ""
        self._cell_cache: dict[tuple[int, float], list] = {}
        self._story: list | None = None
        self._toc_forms: list[tuple] = []

    # -- styles
    def style(self, name: str, size: float, align: str = "left", bold: bool = False,
              left_indent: float = 0.0, first_line_indent: float = 0.0, space_before: float = 0.0,
              space_after: float = 0.0, leading: float | None = None):
        key = (name, size, align, bold, left_indent, first_line_indent, space_before, space_after,
               leading)
        st = self._styles.get(key)
        if st is None:
            st = pdfthai.paragraph_style(
                f"{name}-{len(self._styles)}", size=size, leading=leading, align=align, bold=bold,
                left_indent=left_indent, first_line_indent=first_line_indent,
                space_before=space_before, space_after=space_after)
            self._styles[key] = st
        return st

    # -- page furniture
    def on_page(self, canv, doc):
        index = int(doc.pageTemplate.id[1:])
        section = self.doc.sections[index]
        if index != self._section:
            self._section = index
            self._counter = section.page_start if section.page_start is not None else self._counter + 1
        else:
            self._counter += 1
        if section.page_numbers == dt.PageNumbers.NONE:
            label = ""
        elif section.page_numbers == dt.PageNumbers.THAI_LETTERS:
            label = tt.thai_letter(self._counter)
        else:
            label = tt.digits(self._counter, self.thai_digits)
        self._label = label
        self.page_labels.append(label)
        canv.addPageLabel(canv.getPageNumber() - 1, prefix=label)
        if label:
            w, h = doc.pageTemplate.pagesize
            top = self.layout.margins[2]
            pdfthai.draw_string(canv, w / 2, h - top * 0.55, label, self.fonts.regular,
                                self.layout.body, anchor="centre")

    def landed(self, key: str):
        self.landed_labels[key] = self._label
        self.landed_pages[key] = len(self.page_labels)

    def toc_form(self, entry: dt.TocEntry, lead: float | None, size: float) -> str:
        """Name a form for a TOC line's page label; ``lead`` is the room for its dot leader."""
        name = f"toc{len(self._toc_forms)}"
        self._toc_forms.append((name, entry, lead, size))
        return name

    def write_toc_forms(self, canv):
        """Write the TOC lines' page labels, now that every heading has landed."""
        for name, entry, lead, size in self._toc_forms:
            label = entry.page_label if entry.page_label is not None else \
                self.landed_labels.get(entry.bookmark, "")
            lw = pdfthai.string_width(label, self.fonts.regular, size) if label else 0.0
            canv.beginForm(name, lowerx=-(lead or lw) - size, lowery=-size, upperx=size,
                           uppery=size * 1.5)
            if label:
                pdfthai.draw_string(canv, 0, 0, label, self.fonts.regular, size, anchor="right")
                end = -lw - size * 0.4
                if lead is not None and end > -lead:
                    # a dot leader in the text colour, drawn as dots (no glyphs, nothing to extract)
                    canv.setLineWidth(size * 0.09)
                    canv.setLineCap(1)
                    canv.setDash(0.01, size * 0.33)
                    canv.line(-lead, size * 0.02, end, size * 0.02)
            canv.endForm()

    # -- blocks
    def fit_size(self, p: dt.Paragraph, size: float, avail: float) -> float:
        """The size for a cell paragraph: when its longest unbreakable word is wider than the
        cell, the paragraph is set smaller (down to 80 %) rather than the word being cut."""
        points = getattr(pdfthai, "break_points", None)
        longest = 0.0
        for r in p.runs:
            font = self.fonts.bold if r.bold else self.fonts.regular
            for chunk in r.text.split():
                cuts = [0, len(chunk)]
                if points is not None:
                    cuts = sorted({0, len(chunk), *(o for o, _ in points(chunk))})
                for a, b in zip(cuts, cuts[1:]):
                    longest = max(longest, pdfthai.string_width(chunk[a:b], font, size))
        if longest <= avail:
            return size
        return max(size * avail / longest * 0.995, size * 0.8)

    def paragraph(self, p: dt.Paragraph, in_cell: bool = False,
                  cell_align: dt.Align | None = None, avail: float | None = None) -> list:
        """A paragraph: one platypus paragraph per line ("\n" breaks a line). ``avail`` is the
        width of the table cell holding it."""
        lay = self.layout
        align = p.align
        if in_cell:
            if align == dt.Align.LEFT and cell_align is not None:
                align = cell_align
            if align == dt.Align.JUSTIFY:  # table cells are never distributed
                align = dt.Align.LEFT
        size = lay.size(p.size)
        if in_cell and avail is not None:
            size = self.fit_size(p, size, avail - p.indent * lay.indent_step)
        out = []
        lines = _lines(p.runs)
        for i, runs in enumerate(lines):
            last = i == len(lines) - 1
            st = self.style(
                "cell" if in_cell else "body", size=size,
                # a line that ends at a forced break is not stretched to the margin
                align=_ALIGN[align] if last or align != dt.Align.JUSTIFY else "left",
                left_indent=p.indent * lay.indent_step,
                first_line_indent=lay.first_line if p.first_line_indent and i == 0 else 0.0,
                space_before=lay.body * 0.5 if p.space_before and i == 0 else 0.0,
                space_after=0.0 if in_cell or not last else lay.body * 0.15)
            if not runs:
                out.append(RLSpacer(1, st.leading))
                continue
            para = pdfthai.Paragraph(runs, st)
            if p.keep_with_next or not last:
                para.keepWithNext = 1
            out.append(para)
        return out

    def heading(self, h: dt.Heading):
        lay = self.layout
        size = lay.heading_size(h.level)
        st = self.style("heading", size=size, align=_ALIGN[h.align], bold=True)
        paras = [pdfthai.Paragraph(line, st) for line in _lines(h.runs) if line]
        self._heading_no += 1
        key = h.bookmark or f"h{self._heading_no}"
        outline = None
        if h.outline:
            level = max(0, min(h.level, self._outline_level + 1))
            self._outline_level = level
            title = " ".join((h.outline_title or h.text).split())
            outline = (title or key, level)
        before = lay.body * (1.0 if h.level <= 0 else 0.7 if h.level == 1 else 0.45)
        return _Heading(paras, key, outline, self, before, lay.body * 0.3)

    def list_block(self, lb: dt.ListBlock, in_cell: bool = False, cell_align=None,
                   parent_indent: int | None = None) -> list:
        """List items with hanging labels. ``ListBlock.indent`` is the list's nesting level; a
        nested list is drawn inside its parent item, so only levels beyond the parent's next one
        add indentation."""
        lay = self.layout
        levels = lb.indent if parent_indent is None else max(lb.indent - parent_indent - 1, 0)
        size = lay.body
        label_w = max((pdfthai.string_width(it.label, self.fonts.regular, size) for it in lb.items
                       if it.label), default=0.0)
        hang = max(label_w + size * 0.45, size * 1.1) if label_w else size * 0.3
        label_style = self.style("label", size=size, align="left")
        out = []
        for item in lb.items:
            body: list = []
            for b in item.blocks:
                body.extend(self.block(b, in_cell=in_cell, cell_align=cell_align, width=None))
            if item.children is not None:
                body.extend(self.list_block(item.children, in_cell=in_cell, cell_align=cell_align,
                                            parent_indent=lb.indent))
            if not body:
                body = [RLSpacer(1, label_style.leading)]
            label = pdfthai.Paragraph([(item.label, False, False)], label_style) if item.label else None
            out.append(_Hanging(label, hang, body, left=levels * lay.indent_step))
        return out

    def cell_flowables(self, cell: dt.Cell, width: float) -> list:
        key = (id(cell), round(width, 3))
        cached = self._cell_cache.get(key)
        if cached is not None:
            return cached[1]
        out: list = []
        for b in cell.blocks:
            out.extend(self.block(b, in_cell=True, cell_align=cell.align, width=width))
        # keep the cell object alive with its flowables so its id() stays unique
        self._cell_cache[key] = (cell, out)
        return out

    def block(self, b, in_cell: bool = False, cell_align=None, width: float | None = None) -> list:
        return self.visit(b, in_cell=in_cell, cell_align=cell_align, width=width)

    # one method per block type (see compose.tree.Visitor); each returns reportlab flowables

    def visit_paragraph(self, b: dt.Paragraph, *, in_cell, cell_align, width) -> list:
        avail = width - 2 * self.layout.cell_pad_h if in_cell and width else None
        return self.paragraph(b, in_cell, cell_align, avail)

    def visit_heading(self, b: dt.Heading, *, in_cell, cell_align, width) -> list:
        if in_cell:
            return self.paragraph(dt.Paragraph(b.runs, align=b.align), True, cell_align)
        return [self.heading(b)]

    def visit_list_block(self, b: dt.ListBlock, *, in_cell, cell_align, width) -> list:
        return self.list_block(b, in_cell, cell_align)

    def visit_table(self, b: dt.Table, *, in_cell, cell_align, width) -> list:
        return [_Table(b, self, width or self.frame_width)]

    def visit_toc(self, b: dt.Toc, *, in_cell, cell_align, width) -> list:
        return self.toc(b)

    def visit_page_break(self, b: dt.PageBreak, *, in_cell, cell_align, width) -> list:
        return [] if in_cell else [PageBreak()]

    def visit_spacer(self, b: dt.Spacer, *, in_cell, cell_align, width) -> list:
        return [RLSpacer(1, b.lines * self.layout.body * 1.5)]

    def visit_image(self, b: dt.Image, *, in_cell, cell_align, width) -> list:
        return [_ImageBlock(b)]

    def visit_chart(self, b: dt.Chart, *, in_cell, cell_align, width) -> list:
        return [_Chart(b, self)]

    def toc(self, toc: dt.Toc) -> list:
        lay = self.layout
        st = self.style("toc", size=lay.body, align="left", leading=lay.body * 1.75)
        out: list = [_TocHead(toc.page_heading, self)]
        for e in toc.entries:
            out.append(_TocLine(e, self, st, indent=e.level * lay.indent_step))
        return out

    # -- the document
    def frame_size(self, orientation: dt.Orientation) -> tuple[tuple[float, float], float, float]:
        size = landscape(A4) if orientation == dt.Orientation.LANDSCAPE else A4
        left, right, top, bottom = self.layout.margins
        return size, size[0] - left - right, size[1] - top - bottom

    def story(self) -> list:
        """The flowables of the whole document (made once)."""
        if self._story is None:
            story: list = []
            for i, s in enumerate(self.doc.sections):
                _, self.frame_width, _ = self.frame_size(s.orientation)
                blocks = list(s.blocks)
                while blocks and isinstance(blocks[-1], dt.PageBreak):
                    blocks.pop()
                if i:
                    story.append(NextPageTemplate(f"s{i}"))
                    story.append(PageBreak())
                for b in blocks:
                    story.extend(self.block(b))
            self._story = story
        return self._story

    def release(self) -> None:
        """Drop the laid-out flowables (some refer back to the renderer): once a document is
        drawn they are freed at once rather than left for the cyclic garbage collector."""
        self._story = None
        self._cell_cache = {}

    def build(self) -> bytes:
        """Lay out and draw the document."""
        self.landed_labels, self.landed_pages, self.page_labels = {}, {}, []
        self._section, self._counter, self._label = -1, 0, ""
        self._toc_forms = []
        meta = self.doc.meta
        buf = io.BytesIO()
        kw = dict(pdfthai.doc_kwargs())
        kw.setdefault("invariant", 1)
        templates = []
        left, right, top, bottom = self.layout.margins
        for i, s in enumerate(self.doc.sections):
            size, fw, fh = self.frame_size(s.orientation)
            frame = Frame(left, bottom, fw, fh, leftPadding=0, rightPadding=0, topPadding=0,
                          bottomPadding=0, id=f"f{i}")
            templates.append(PageTemplate(id=f"s{i}", frames=[frame], onPage=self.on_page,
                                          pagesize=size))
        if not templates:
            raise ValueError("a document needs at least one section")
        template = _DocTemplate(
            buf, self, pagesize=A4, pageTemplates=templates, title=meta.title, author=meta.author,
            subject=meta.subject, keywords=list(meta.keywords), creator="antong-reports",
            lang=meta.language, displayDocTitle=1, leftMargin=left, rightMargin=right,
            topMargin=top, bottomMargin=bottom, **kw)
        # binary (Flate only) streams: smaller files, and no slow ASCII85 encoding
        a85 = rl_config.useA85
        rl_config.useA85 = 0
        try:
            template.build(self.story())
        finally:
            rl_config.useA85 = a85
        return buf.getvalue()


class _TocHead(Flowable):
    """The page column's heading ("หน้า") at the right of the table of contents."""

    def __init__(self, text: str, renderer: _Renderer):
        super().__init__()
        self.text = text
        self.renderer = renderer

    def wrap(self, aw, ah):
        self.width, self.height = aw, self.renderer.layout.body * 1.8
        return self.width, self.height

    def draw(self):
        if self.text:
            pdfthai.draw_string(self.canv, self.width, self.renderer.layout.body * 0.4, self.text,
                                self.renderer.fonts.bold, self.renderer.layout.body, anchor="right")


def render_pdf(doc: dt.Document, settings: Settings = DEFAULT) -> bytes:
    """The document as PDF bytes (byte-identical for the same document and settings)."""
    return render_pdf_with_pages(doc, settings)[0]


def render_pdf_with_pages(doc: dt.Document, settings: Settings = DEFAULT):
    """Render, and tell where each heading landed: ``(bytes, {bookmark: (page, label)})``.

    ``page`` is the 1-based physical page, ``label`` the page number as printed.
    """
    r = _Renderer(doc, settings)
    with tt.collector_paused():
        data = r.build()
    r.release()
    return data, {k: (r.landed_pages[k], r.landed_labels[k]) for k in r.landed_labels}


def generate(plan, settings: Settings = DEFAULT) -> dict[str, bytes]:
    """The plan's PDFs: ``{"<slug>-plan.pdf": …, "<slug>-summary.pdf": …}``."""
    from antong_reports.compose.plan import compose_plan
    from antong_reports.compose.summary import compose_summary

    plan_doc = compose_plan(plan, settings)
    summary_doc = compose_summary(plan, settings)
    return {
        f"{plan.slug}-plan.pdf": render_pdf(plan_doc, settings),
        f"{plan.slug}-summary.pdf": render_pdf(summary_doc, settings),
    }
