"""Word (DOCX) rendering of any document tree, on python-docx's layers.

:func:`render_docx` walks a :class:`doctree.Document` (the plan, the progress reports, …) into
python-docx's default template: core properties, sections (A4, orientation, margins), headers
(``is_linked_to_previous``) and styles through python-docx's objects; what it has no API for
(complex-script fonts and sizes, Thai language, theme fonts removed, compatibility mode 15,
``w:updateFields``, Thai page numbering) through its oxml layer (``docxutil``); the body as
schema-ordered fragments parsed once per section. The Thai rules of ``docs/documents.md``: every
run marked complex script with its font and size set for both scripts, explicit fonts in the
styles, body paragraphs ``thaiDistribute`` (never in table cells), explicit line spacing, real
heading styles with bookmarks, a computed table of contents (PAGEREF fields, dot leaders), tables
with fixed column widths, repeated header rows, vertical and horizontal merges. The package is
saved by python-docx and re-packed with fixed zip dates (same tree → same bytes).

:func:`generate` composes and renders the plan: ``{"<slug>-plan.docx": bytes}``.
"""

from __future__ import annotations

import datetime as _dt
import functools
import io
import re
from decimal import Decimal

import docx
from docx.enum.section import WD_HEADER_FOOTER, WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.oxml.shape import CT_Inline
from docx.section import Section as DocxSection
from docx.shared import Emu, Pt, Twips
from lxml import etree

from antong_reports.compose import phrases
from antong_reports.render import docxutil as dx
from antong_reports.thai import text as tt
from antong_reports.compose.tree import (Align, Block, Cell, Chart, Document, Heading, Image, Visitor,
                                         ListBlock, Orientation, PageBreak, PageNumbers, Paragraph,
                                         Row, Run, Section, Spacer, Table, Toc)
from antong_reports.common.settings import MATCHING_SIZE, Settings
from antong_reports.render.ziputil import repack

#: Line pitch as a multiple of the matching body size (20.8 pt for TH SarabunPSK 16 pt; the same
#: physical pitch for Sarabun 11 pt): explicit, so Word and LibreOffice paginate alike.
LINE_FACTOR = 1.3
#: Indent of one nesting level, the first-line indent of body paragraphs (cm).
INDENT_STEP = 1.25
FIRST_LINE = 1.25
#: Size factors of paragraph sizes and heading levels (relative to the body size).
SIZE_FACTORS = {"body": 1.0, "title": 1.5, "large": 1.125, "small": 0.875, "table": 1.0}
HEADING_FACTORS = {0: 1.25, 1: 1.125}
#: Table text is a little smaller than body text.
TABLE_FACTOR = 0.875
#: Line pitch of a wide table's text (``size="table"``: Part 2) against the body's: 1.14 em in
#: TH SarabunPSK (the PDF sets the same table at 1.5 em of Sarabun, about 1.03 em of it).
TABLE_PITCH = 0.88
#: Light shading of header and total rows; table borders.
SHADE = "E7E6E6"
BORDER = '<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
#: Header distance from the page edge (cm).
HEADER_DISTANCE = 1.25
#: Table cell margins (twips) and the width of a character of an unbreakable token (an amount, a
#: Latin word) in em: Thai digits are about 0.6 em wide in the fonts a client falls back to
#: (Laksaman, Sarabun: "๓๓๙,๑๖๐" = 4.3 em) and 0.4 em in TH SarabunPSK, so columns sized with
#: 0.62 em hold amounts whole in any of them.
CELL_MARGIN = 57
#: A body row whose longest cell holds at most this many characters is never split across pages
#: (a project row of Part 2); longer rows (a risk with its lists) may be.
KEEP_ROW_CHARS = 400
TOKEN_EM = 0.62
BOLD_WIDEN = 1.03
#: Where a table cannot give every column its longest word, a column whose numbers need at least
#: this share of its header's longest word lets that word wrap (at a break LibreOffice's ICU
#: allows: งบ|ประมาณ) rather than widen for it.
HEAD_WRAP = 0.8
FOOTER_DISTANCE = 1.0
#: Outside table cells, a zero-width space only between two words of at least this many
#: characters: measured in LibreOffice, marks next to short words only add breaks its own
#: dictionary (and ICU's) rejects (ประเทศ|ไทย), while long runs need them.
MARK_MIN = 4
#: Colour of a spanning cell's text repeated in the later rows it covers.
MUTED = "808080"

#: Where a cell's text may break: white space (not a no-break space) and zero-width spaces. The
#: pieces between (a Thai word, an amount, "พ.ศ. ๒๕๖๖") must fit their column whole.
_TOKEN_SPLIT = re.compile("\\s+|\u200b")  # no-break spaces too: a group too wide is unglued
_MARKS = frozenset("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a"
                   "\u0e4b\u0e4c\u0e4d\u0e4e\u2060")


def _spacing_chars(token: str) -> int:
    """Characters of ``token`` that take width (combining marks and joiners take none)."""
    return sum(1 for ch in token if ch not in _MARKS)


#: the comment marking where a section's blocks go in the saved document part
BODY_MARK = "antong-reports-body-"

_JC = {Align.LEFT: "left", Align.CENTER: "center", Align.RIGHT: "right",
       Align.JUSTIFY: "thaiDistribute"}


class _Renderer(Visitor):
    def __init__(self, doc: Document, settings: Settings, document):
        self.doc = doc
        self.document = document  # the python-docx Document being filled
        self.s = settings
        self.font = settings.font
        self.size = settings.size
        # the pitch scales with the size relative to the font's matching size
        self.pitch_per_pt = LINE_FACTOR * 16.0 / MATCHING_SIZE.get(settings.font, 16.0)
        self.out: list[str] = []
        #: each section's body fragments, written into the saved part where its mark is
        self.streamed: list[dx.PackedFragments | None] = []
        self.bookmark_id = 0
        self.pic_id = 0
        self.pending_break = False
        self._rpr_cache: dict[tuple, str] = {}
        self.frame = dx.cm(21.0 - settings.margin_left - settings.margin_right)
        self._marked: dict[tuple, str] = {}
        self.keep_next = False  # inside a table's heading row: keep it with the next row
        self.muted = False  # grey text: a spanning cell's text repeated in a row it covers
        self.room: float | None = None  # the width of the current table cell, in em of its text
        # names that never break across lines: the organization's
        names = [n for n in (doc.meta.author,) if n and tt.is_thai(n[:1])]
        self._names = re.compile("(" + "|".join(map(re.escape, names)) + ")") if names else None

    # ------------------------------------------------------------------ properties

    def rpr(self, size: float, bold: bool = False, italic: bool = False,
            underline: bool = False) -> str:
        key = (size, bold, italic, underline, self.muted)
        props = self._rpr_cache.get(key)
        if props is None:
            props = self._rpr_cache[key] = dx.rpr(self.font, size, bold, italic, underline,
                                                  MUTED if self.muted else None)
        return props

    def line(self, size: float) -> int:
        """Exact line pitch in twips for text of ``size`` points."""
        return dx.pt(size * self.pitch_per_pt)

    def heading_size(self, level: int) -> float:
        return self.size * HEADING_FACTORS.get(level, 1.0)

    # ------------------------------------------------------------------ paragraphs

    def ppr(self, *, style: str | None = None, align: Align = Align.LEFT, left: int = 0,
            first_line: int = 0, hanging: int = 0, size: float, before: int = 0, after: int = 0,
            keep_next: bool = False, tabs: str = "", mark_bold: bool = False,
            line: int | None = None, rule: str = "exact") -> str:
        """Paragraph properties in schema order; ``line``/``rule`` override the exact pitch."""
        parts = ["<w:pPr>"]
        if style:
            parts.append(f'<w:pStyle w:val="{style}"/>')
        if keep_next or self.keep_next:
            parts.append("<w:keepNext/>")
        if self.pending_break:
            parts.append("<w:pageBreakBefore/>")
            self.pending_break = False
        if tabs:
            parts.append(tabs)
        line = self.line(size) if line is None else line
        parts.append(f'<w:spacing w:before="{before}" w:after="{after}" '
                     f'w:line="{line}" w:lineRule="{rule}"/>')
        if left or first_line or hanging:
            ind = f'<w:ind w:left="{left}"'
            if hanging:
                ind += f' w:hanging="{hanging}"'
            elif first_line:
                ind += f' w:firstLine="{first_line}"'
            parts.append(ind + "/>")
        parts.append(f'<w:jc w:val="{_JC[align]}"/>')
        parts.append(self.rpr(size, mark_bold))
        parts.append("</w:pPr>")
        return "".join(parts)

    def runs(self, runs: tuple[Run, ...], size: float, force_bold: bool = False) -> str:
        """Runs with adjacent runs of one format merged (Word breaks Thai words only inside a run)."""
        merged: list[list] = []
        for r in runs:
            fmt = (r.bold or force_bold, r.italic, r.underline)
            if merged and merged[-1][0] == fmt:
                merged[-1][1] += r.text
            else:
                merged.append([fmt, r.text])
        room = None if self.room is None else self.room * self.size * TABLE_FACTOR / size
        return "".join(dx.run(self.marked(text, room), self.rpr(size, *fmt))
                       for fmt, text in merged if text)

    def marked(self, text: str, room: float | None = None) -> str:
        """Text with its line-break marks (see :func:`word_breaks`): the organization's name kept
        whole (:func:`thai.text.unbreakable`)."""
        key = (text, room)
        out = self._marked.get(key)
        if out is None:
            if self._names is None:
                out = word_breaks(text, room)
            else:
                out = "".join(tt.unbreakable(piece) if i % 2 else word_breaks(piece, room)
                              for i, piece in enumerate(self._names.split(text)))
            self._marked[key] = out = punctuation_breaks(out)
        return out

    def paragraph(self, p: Paragraph, *, in_table: bool = False, left: int | None = None,
                  label: str | None = None, hanging: int = 0) -> str:
        factor = SIZE_FACTORS.get(p.size, 1.0) * (TABLE_FACTOR if in_table else 1.0)
        size = self.size * factor
        align = p.align
        if in_table and align is Align.JUSTIFY:
            align = Align.LEFT  # distributed justification spreads letters in narrow cells
        if left is None:
            left = dx.cm(INDENT_STEP * p.indent)
        first = dx.cm(FIRST_LINE) if p.first_line_indent and not in_table and not hanging else 0
        before = dx.pt(6) if p.space_before else 0
        line = round(self.line(size) * TABLE_PITCH) if p.size == "table" else None
        pp = self.ppr(align=align, left=left, first_line=first, hanging=hanging, size=size,
                      before=before, keep_next=p.keep_with_next, line=line)
        runs = p.runs if label is None else (Run(label + "\t"),) + p.runs
        return f"<w:p>{pp}{self.runs(runs, size)}</w:p>"

    def heading(self, h: Heading, *, in_table: bool = False) -> str:
        level = max(0, min(h.level, 8))
        size = self.heading_size(level) * (TABLE_FACTOR if in_table else 1.0)
        before = dx.pt(12) if level <= 1 else dx.pt(6)
        pp = self.ppr(style=None if in_table else f"Heading{level + 1}", align=h.align, size=size,
                      before=before, after=dx.pt(6), keep_next=True, mark_bold=True)
        body = self.runs(h.runs, size, force_bold=True)
        if h.bookmark and not in_table:
            self.bookmark_id += 1
            bid = self.bookmark_id
            name = dx.bookmark_name(h.bookmark)
            body = (f'<w:bookmarkStart w:id="{bid}" w:name="{name}"/>{body}'
                    f'<w:bookmarkEnd w:id="{bid}"/>')
        return f"<w:p>{pp}{body}</w:p>"

    def empty(self, size: float, lines: float = 1.0) -> str:
        pp = self.ppr(size=size, line=max(20, round(self.line(size) * lines)))
        return f"<w:p>{pp}</w:p>"

    # ------------------------------------------------------------------ lists

    def list_block(self, lb: ListBlock, out: list[str], *, in_table: bool = False) -> None:
        size = self.size * (TABLE_FACTOR if in_table else 1.0)
        longest = max((len(i.label) for i in lb.items), default=1)
        hanging = dx.cm(max(0.6, 0.25 * longest + 0.25) * size / self.size)
        base = dx.cm(INDENT_STEP * lb.indent)
        left = base + hanging
        for item in lb.items:
            first = True
            for b in item.blocks:
                if isinstance(b, Paragraph):
                    if first:
                        out.append(self.paragraph(b, in_table=in_table, left=left,
                                                  label=item.label, hanging=hanging))
                    else:
                        out.append(self.paragraph(b, in_table=in_table, left=left))
                else:
                    if first:  # a label with no paragraph of its own
                        out.append(self.paragraph(Paragraph(()), in_table=in_table, left=left,
                                                  label=item.label, hanging=hanging))
                    self.block(b, out, in_table=in_table)
                first = False
            if first:
                out.append(self.paragraph(Paragraph(()), in_table=in_table, left=left,
                                          label=item.label, hanging=hanging))
            if item.children is not None:
                self.list_block(item.children, out, in_table=in_table)

    # ------------------------------------------------------------------ tables

    def table(self, t: Table, out: list[str], frame: int) -> None:
        if not t.rows or not t.widths:
            return
        if self.pending_break:
            out.append(self.empty(self.size * TABLE_FACTOR, lines=0.05))
        grid = t.grid()
        cols = self.column_widths(t, frame, grid)
        borders = "".join(BORDER.format(side=s) for s in
                          ("top", "left", "bottom", "right", "insideH", "insideV"))
        parts = [
            '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/>'
            f'<w:tblW w:w="{sum(cols)}" w:type="dxa"/><w:jc w:val="center"/>'
            f"<w:tblBorders>{borders}</w:tblBorders>"
            '<w:tblLayout w:type="fixed"/>'
            f'<w:tblCellMar><w:left w:w="{CELL_MARGIN}" w:type="dxa"/>'
            f'<w:right w:w="{CELL_MARGIN}" w:type="dxa"/>'
            "</w:tblCellMar>"
            '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" '
            'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>',
            "".join(f'<w:gridCol w:w="{c}"/>' for c in cols),
            "</w:tblGrid>",
        ]
        for r, row in enumerate(t.rows):
            header = _is_header(t, r)
            parts.append("<w:tr>")
            if header:
                parts.append("<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>")
            elif max((len(c.text) for c in row.cells), default=0) <= KEEP_ROW_CHARS:
                parts.append("<w:trPr><w:cantSplit/></w:trPr>")  # a short row stays on one page
            # a group's heading row keeps with its first row, the row before a subtotal or the
            # total with it: no page holds a heading row alone, or only the closing sums
            following = t.rows[r + 1].kind if r + 1 < len(t.rows) else ""
            self.keep_next = row.kind == "group" or (
                not header and following in ("subtotal", "total"))
            parts += self.row_cells(t, r, row, grid, cols)
            parts.append("</w:tr>")
        self.keep_next = False
        parts.append("</w:tbl>")
        out.append("".join(parts))

    def row_cells(self, t: Table, r: int, row: Row, grid, cols: list[int]) -> list[str]:
        """The cells of body or header row ``r``: spans, vertical merges, and the spanning body
        cells with a short name repeated in every row they cover."""
        cells: list[str] = []
        c = 0
        while c < t.ncols:
            pos = grid[r][c]
            if pos is None:  # a row with fewer cells than columns: fill the gap
                cells.append(self.cell_xml(Cell(()), cols[c], 1, None, row))
                c += 1
                continue
            r0, c0, cell = pos
            span = cell.colspan
            width = sum(cols[c0:c0 + span])
            if cell.rowspan > 1 and cell.continued and not _is_header(t, r0):
                # a body cell spanning rows (a dimension, a mission) is a cell in every row
                # it covers, each with its four borders: Word and LibreOffice do not repeat
                # a merged cell on the next page, and every printed page must name its
                # dimension and mission; nor do they draw a border where a page splits the
                # table, so cells left open below would leave each page's table open. Later
                # rows print the cell's short name in grey.
                if r0 != r:
                    cell = Cell((Paragraph((Run(cell.continued),)),), colspan=span)
                cells.append(self.cell_xml(cell, width, span, None, row, muted=r0 != r))
            elif r0 == r:
                vmerge = "restart" if cell.rowspan > 1 else None
                cells.append(self.cell_xml(cell, width, span, vmerge, row))
            else:
                cells.append(self.cell_xml(cell, width, span, "continue", row, empty=True))
            c = c0 + span
        return cells

    def column_widths(self, t: Table, frame: int, grid) -> list[int]:
        """Column widths in twips: the table's proportions, but every column at least as wide as
        its longest unbreakable token (an amount such as "๓๓๙,๑๖๐", a Latin word) needs, so a
        number is never cut across lines, even where the client substitutes a wider font; then,
        as far as the others can give, as wide as the longest Thai word of its header (repeated
        on every page) and then of its body needs."""
        total = sum(t.widths)
        cols = [frame * w / total for w in t.widths]
        hard = [0.0] * t.ncols  # the longest number or Latin word: never cut
        head = [0.0] * t.ncols  # the longest Thai word of the header rows
        soft = [0.0] * t.ncols  # the longest Thai word: cut only where the table cannot fit it
        for r, c, cell in _own_cells(grid):
            whole, thai = self._token_needs(cell)
            hard[c] = max(hard[c], whole)
            if _is_header(t, r):
                head[c] = max(head[c], thai)
            else:
                soft[c] = max(soft[c], thai)
        cols = _widen(cols, hard, whole=True)
        if sum(map(max, hard, head, soft)) > frame:
            # no room for every word: a column of amounts keeps about their width, its header
            # ("งบประมาณ (บาท)") wraps
            head = [0.0 if h >= HEAD_WRAP * e else e for h, e in zip(hard, head)]
        cols = _widen(cols, [max(h, e) for h, e in zip(hard, head)], whole=False)
        return _finish(_widen(cols, [max(h, e, s) for h, e, s in zip(hard, head, soft)],
                              whole=False), frame, t.ncols)

    def _token_needs(self, cell: Cell) -> tuple[float, float]:
        """(widest token never cut: a number, a Latin word, a name glued by word joiners; widest
        Thai word) of a cell, in twips with the cell margins."""
        key = ("needs", cell.text, cell.blocks)
        got = self._marked.get(key)
        if got is not None:
            return got
        size = self.size * TABLE_FACTOR
        bold = any(run.bold for b in cell.blocks if isinstance(b, Paragraph) for run in b.runs)
        em = TOKEN_EM * (BOLD_WIDEN if bold else 1.0) * size * 20
        hard = thai = 0.0
        for tok in filter(None, _words(self.marked(cell.text, 1e9))):
            if tt.WORD_JOINER in tok.rstrip(tt.WORD_JOINER):  # a name glued whole
                hard = max(hard, _thai_width(tok, bold, size) + 2 * CELL_MARGIN + 20)
            elif _THAI.search(tok):
                thai = max(thai, _thai_width(tok, bold, size) + 2 * CELL_MARGIN + 20)
            else:
                hard = max(hard, _spacing_chars(tok) * em + 2 * CELL_MARGIN + 20)
        self._marked[key] = (hard, thai)
        return hard, thai

    def cell_xml(self, cell: Cell, width: int, span: int, vmerge: str | None, row: Row,
                 empty: bool = False, muted: bool = False) -> str:
        props = [f'<w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>']
        if span > 1:
            props.append(f'<w:gridSpan w:val="{span}"/>')
        if vmerge == "restart":
            props.append('<w:vMerge w:val="restart"/>')
        elif vmerge == "continue":
            props.append("<w:vMerge/>")
        if cell.shade or row.kind in ("header", "total"):
            props.append(f'<w:shd w:val="clear" w:color="auto" w:fill="{SHADE}"/>')
        if cell.valign == "middle":
            props.append('<w:vAlign w:val="center"/>')
        props.append("</w:tcPr>")
        content: list[str] = []
        if not empty:
            outer, outer_muted = self.room, self.muted
            self.room = (width - 2 * CELL_MARGIN) / 20 / (self.size * TABLE_FACTOR)
            self.muted = muted or outer_muted
            for b in cell.blocks:
                self.block(b, content, in_table=True, frame=width)
            self.room, self.muted = outer, outer_muted
        if not content or content[-1].startswith("<w:tbl>"):
            content.append(self.empty(self.size * TABLE_FACTOR))
        return f"<w:tc>{''.join(props)}{''.join(content)}</w:tc>"

    # ------------------------------------------------------------------ other blocks

    def toc(self, toc: Toc, out: list[str], frame: int) -> None:
        size = self.size
        tabs = f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{frame}"/></w:tabs>'
        out.append(f"<w:p>{self.ppr(align=Align.RIGHT, size=size, after=dx.pt(3))}"
                   f"{dx.run(toc.page_heading, self.rpr(size, True))}</w:p>")
        props = self.rpr(size)
        for e in toc.entries:
            level = max(0, min(e.level, 2))
            pp = self.ppr(style=f"TOC{level + 1}", size=size, left=dx.cm(0.75 * level),
                          tabs=tabs, before=dx.pt(3) if level == 0 else 0)
            if e.page_label is not None:  # a fixed page: text, tab and label in one run
                entry = dx.run(f"{e.text}\t{e.page_label}", props)
            else:
                entry = (dx.run(f"{e.text}\t", props)
                         + dx.field(f"PAGEREF {dx.bookmark_name(e.bookmark)} \\h", "", props))
            out.append(f"<w:p>{pp}{entry}</w:p>")

    def chart(self, ch: Chart, out: list[str], frame: int, in_table: bool) -> None:
        """A chart as a picture (``render.chartpng``: the same node the PDF draws) followed by the
        table of its numbers (zero as "-", as every table of the documents prints it): its
        caption the chart's title and unit ("(หน่วย: บาท)"), its first column headed by the
        categories' name ("มิติ")."""
        from antong_reports.render.chartpng import chart_png

        thai = self.doc.thai_digits

        def value_text(v: float) -> str:
            return tt.amount(Decimal(repr(v)), thai)

        if not in_table:
            self.image(Image(chart_png(ch, thai), width=1.0 if frame < dx.cm(20) else 0.75,
                             alt=ch.title), out, frame, keep_next=True)
        caption = f"{ch.title} ({phrases.UNIT_WORD} {ch.unit})" if ch.unit else ch.title
        out.append(self.paragraph(Paragraph((Run(caption, bold=True),), align=Align.CENTER,
                                            keep_with_next=True), in_table=in_table))
        head = Row((_text_cell(ch.category_label or ch.value_label, True),)
                   + tuple(_text_cell(label, True) for label, _ in ch.series), kind="header")
        rows = [head]
        for i, cat in enumerate(ch.categories):
            cells = [_text_cell(cat)]
            for _, values in ch.series:
                v = values[i] if i < len(values) else 0.0
                cells.append(_text_cell(value_text(v), align=Align.RIGHT))
            rows.append(Row(tuple(cells)))
        widths = (3.0,) + (1.0,) * len(ch.series)
        self.table(Table(widths=widths, rows=rows, header_rows=1, name="chart"), out, frame)

    def image(self, im: Image, out: list[str], frame: int, keep_next: bool = False) -> None:
        """A picture: python-docx stores the image part and its relationship and writes the inline
        drawing; its description (alt text) is set on the drawing's ``wp:docPr``."""
        rid, picture = self.document.part.get_or_add_image(io.BytesIO(im.png))
        self.pic_id += 1
        width = round(frame * max(0.05, min(1.0, im.width)) * 635)  # twips → EMU
        height = round(width * picture.px_height / max(1, picture.px_width))
        inline = CT_Inline.new_pic_inline(self.pic_id, rid, f"image{self.pic_id}.png",
                                          Emu(width), Emu(height))
        if im.alt:
            inline.docPr.set("descr", dx.clean(im.alt))
        drawing = etree.tostring(inline, encoding="unicode")
        pp = self.ppr(align=Align.CENTER, size=self.size, line=240, rule="auto",  # grows to fit
                      keep_next=keep_next)
        out.append(f"<w:p>{pp}<w:r>{self.rpr(self.size)}<w:drawing>{drawing}</w:drawing></w:r></w:p>")

    def block(self, b: Block, out: list[str], *, in_table: bool = False,
              frame: int | None = None) -> None:
        if (out and out[-1].startswith("<w:tbl>") and not self.pending_break
                and (isinstance(b, Heading) or isinstance(b, Paragraph) and b.keep_with_next)):
            # LibreOffice 7.4 never moves the paragraph right after a table to the next page
            # with the one it keeps with (the annual report's "๓. แผนภูมิ" stayed alone at the
            # foot of a page, its charts on the next): a hairline paragraph between them
            out.append(self.empty(self.size, lines=0.05))
        self.visit(b, out, in_table=in_table, frame=self.frame if frame is None else frame)

    # one method per block type (see compose.tree.Visitor); each appends WordprocessingML to out

    def visit_paragraph(self, b: Paragraph, out: list[str], *, in_table: bool, frame: int) -> None:
        out.append(self.paragraph(b, in_table=in_table))

    def visit_heading(self, b: Heading, out: list[str], *, in_table: bool, frame: int) -> None:
        out.append(self.heading(b, in_table=in_table))

    def visit_list_block(self, b: ListBlock, out: list[str], *, in_table: bool, frame: int) -> None:
        self.list_block(b, out, in_table=in_table)

    def visit_table(self, b: Table, out: list[str], *, in_table: bool, frame: int) -> None:
        self.table(b, out, frame)
        if in_table:
            out.append(self.empty(self.size * TABLE_FACTOR))

    def visit_toc(self, b: Toc, out: list[str], *, in_table: bool, frame: int) -> None:
        self.toc(b, out, frame)

    def visit_page_break(self, b: PageBreak, out: list[str], *, in_table: bool, frame: int) -> None:
        if not in_table:
            self.pending_break = True

    def visit_spacer(self, b: Spacer, out: list[str], *, in_table: bool, frame: int) -> None:
        out.append(self.empty(self.size, lines=b.lines))

    def visit_image(self, b: Image, out: list[str], *, in_table: bool, frame: int) -> None:
        self.image(b, out, frame)

    def visit_chart(self, b: Chart, out: list[str], *, in_table: bool, frame: int) -> None:
        self.chart(b, out, frame, in_table)

    # ------------------------------------------------------------------ sections

    def frame_of(self, section: Section) -> int:
        width = 29.7 if section.orientation is Orientation.LANDSCAPE else 21.0
        return dx.cm(width - self.s.margin_left - self.s.margin_right)

    def section_blocks(self, section: Section, last: bool) -> dx.PackedFragments:
        """The body fragments of one section, ending with a paragraph that can carry its
        ``w:sectPr`` (the section ends with the paragraph mark of its last paragraph)."""
        out = dx.PackedFragments()       # a large body is kept compressed until written
        self.frame = self.frame_of(section)
        self.pending_break = False
        for b in section.blocks:
            self.block(b, out)
        if last:
            if not out or out[-1].startswith("<w:tbl>") or self.pending_break:
                self.pending_break = False  # the body ends with a paragraph, as Word writes it
                out.append(self.empty(self.size, lines=0.05))
        elif not out or not out[-1].startswith("<w:p>") or self.pending_break:
            self.pending_break = False
            out.append(f"<w:p>{self.ppr(size=1)}</w:p>")
        return out

    def body(self) -> list:
        """Every section's content appended to the body before its final ``w:sectPr``; each
        section's properties through python-docx's ``Section``. The sections' ``w:sectPr``."""
        body = self.document.element.body
        final = body.get_or_add_sectPr()
        pristine = final.clone()
        out = []
        sections = self.doc.sections
        for i, section in enumerate(sections):
            last = i == len(sections) - 1
            fragments = self.section_blocks(section, last)
            # the section's blocks are streamed into the saved part (render_docx); only the
            # paragraph that carries a section's properties is in the tree
            carrier = [] if last else [fragments.pop()]
            final.addprevious(etree.Comment(f"{BODY_MARK}{len(self.streamed)}"))
            self.streamed.append(fragments)
            elements = dx.parse_blocks(carrier) if carrier else []
            dx.insert_before(final, elements)
            if last:
                sect_pr = final
            else:
                sect_pr = pristine.clone()
                elements[-1].set_sectPr(sect_pr)
            out.append(sect_pr)
            self.layout(sect_pr, section)
        if not sections:  # still an A4 page, not the template's Letter
            self.layout(final, Section(()))
        return out

    def write_document(self, saved: bytes, stream) -> None:
        """The saved document part with each section's mark replaced by its blocks, serialized
        a few at a time (the body is never one tree, nor one string)."""
        pos = 0
        for i, fragments in enumerate(self.streamed):
            mark = f"<!--{BODY_MARK}{i}-->".encode()
            at = saved.index(mark, pos)
            stream.write(saved[pos:at])
            for data in dx.serialized_blocks(fragments.texts()):
                stream.write(data)
            self.streamed[i] = None
            pos = at + len(mark)
        stream.write(saved[pos:])

    def layout(self, sect_pr, section: Section) -> None:
        """A4 in the section's orientation, the margins of the settings (through python-docx's
        ``Section`` over the ``w:sectPr``), Thai page numbering."""
        sec = DocxSection(sect_pr, self.document.part)
        s = self.s
        width, height = Twips(dx.A4_WIDTH), Twips(dx.A4_HEIGHT)
        sec.start_type = WD_SECTION.NEW_PAGE
        if section.orientation is Orientation.LANDSCAPE:
            sec.orientation = WD_ORIENT.LANDSCAPE
            sec.page_width, sec.page_height = height, width
        else:
            sec.orientation = WD_ORIENT.PORTRAIT
            sec.page_width, sec.page_height = width, height
        sec.top_margin = Twips(dx.cm(s.margin_top))
        sec.right_margin = Twips(dx.cm(s.margin_right))
        sec.bottom_margin = Twips(dx.cm(s.margin_bottom))
        sec.left_margin = Twips(dx.cm(s.margin_left))
        sec.header_distance = Twips(dx.cm(HEADER_DISTANCE))
        sec.footer_distance = Twips(dx.cm(FOOTER_DISTANCE))
        sec.gutter = Twips(0)
        if section.page_numbers is PageNumbers.THAI_LETTERS:
            fmt = "thaiLetters"
        elif self.doc.thai_digits:
            fmt = "thaiNumbers"
        else:
            fmt = "decimal"
        dx.set_page_numbering(sect_pr, fmt, section.page_start)

    def headers(self, sect_prs: list) -> None:
        """Two header parts: the page number (a PAGE field, top centre, in the section's format:
        ก, ข in the front matter, ๑, ๒ after) for numbered sections and an empty one for the
        cover, so nothing is inherited.

        The first section of each kind gets its own definition (``is_linked_to_previous =
        False`` makes python-docx add the header part and its relationship); the later ones
        reference the same part. The page-number header is created first (``header1.xml``)."""
        kinds = ["empty" if s.page_numbers is PageNumbers.NONE else "page"
                 for s in self.doc.sections]
        rids: dict[str, str] = {}
        for i in sorted(range(len(sect_prs)), key=lambda k: kinds[k] != "page"):
            sect_pr, kind = sect_prs[i], kinds[i]
            if kind in rids:
                sect_pr.add_headerReference(WD_HEADER_FOOTER.PRIMARY, rids[kind])
                continue
            header = DocxSection(sect_pr, self.document.part).header
            header.is_linked_to_previous = False
            hdr = header.part.element
            for child in list(hdr):
                hdr.remove(child)
            dx.append_fragment(hdr, self.header_paragraph(kind == "page"))
            rids[kind] = sect_pr.get_headerReference(WD_HEADER_FOOTER.PRIMARY).rId

    def header_paragraph(self, page: bool) -> str:
        size = self.size
        props = self.rpr(size)
        pp = (f'<w:pPr><w:pStyle w:val="Header"/><w:spacing w:before="0" w:after="0" '
              f'w:line="{self.line(size)}" w:lineRule="exact"/><w:jc w:val="center"/>{props}</w:pPr>')
        if not page:
            return f"<w:p>{pp}</w:p>"
        return f"<w:p>{pp}{dx.field('PAGE', '', props)}</w:p>"

    # ------------------------------------------------------------------ styles

    def styles(self) -> None:
        """The template's styles with the font named everywhere: theme fonts and colours and the
        Arabic ``bidi`` language removed from every style and the defaults; Normal, Heading 1–9,
        TOC 1–3, Header and the Table Grid table style set for the document's font and sizes."""
        styles = self.document.styles
        font, half = self.font, _half_points
        root = styles.element
        dx.strip_theme(root, font)
        defaults = root.find(qn("w:docDefaults"))
        rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        rpr.get_or_add_sz().val = half(self.size)
        dx.pair_complex_script(rpr, font)
        spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).get_or_add_spacing()
        spacing.before, spacing.after = Twips(0), Twips(0)
        spacing.line, spacing.lineRule = Twips(self.line(self.size)), WD_LINE_SPACING.EXACTLY

        def font_of(style, size: float, bold: bool | None = None) -> None:
            """The style's character formatting from scratch: the template's (italic level-4
            headings, accent colours) would show through the runs."""
            old = style.element.rPr
            if old is not None:
                style.element.remove(old)
            style.font.name = font
            style.font.size = half(size)
            if bold is not None:
                style.font.bold = bold
            dx.pair_complex_script(style.element.get_or_add_rPr(), font)

        font_of(styles["Normal"], self.size)
        for level in range(9):
            style = styles[f"Heading {level + 1}"]
            size = self.heading_size(level)
            font_of(style, size, bold=True)
            pf = style.paragraph_format
            pf.keep_with_next = pf.keep_together = True
            pf.space_before, pf.space_after = Twips(dx.pt(6)), Twips(dx.pt(3))
            pf.line_spacing = Twips(self.line(size))
        for level in (1, 2, 3):
            style = styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH, builtin=True)
            style.style_id = f"TOC{level}"  # the id Word gives its built-in TOC styles
            style.base_style = styles["Normal"]
            style.next_paragraph_style = styles["Normal"]
            style.priority = 39
            style.unhide_when_used = True
            font_of(style, self.size)
        header = styles["Header"]
        font_of(header, self.size)
        header.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        # the template's table style every table names (tables set their own borders and widths)
        font_of(styles["Table Grid"], self.size * TABLE_FACTOR)

    def core_properties(self) -> None:
        """Title, author (the organization), subject, keywords and dates from the tree's meta:
        modified = created (the plan's date), a fixed editor and revision — never "now"."""
        meta = self.doc.meta
        cp = self.document.core_properties
        created = meta.created
        if isinstance(created, _dt.datetime):
            stamp = created.replace(tzinfo=None)
        elif isinstance(created, _dt.date):
            stamp = _dt.datetime(created.year, created.month, created.day)
        else:
            stamp = _dt.datetime(2000, 1, 1)
        cp.title = _property(meta.title)
        cp.author = _property(meta.author)
        cp.subject = _property(meta.subject)
        cp.keywords = _property(", ".join(meta.keywords))
        cp.comments = ""
        cp.language = _property(meta.language)
        cp.last_modified_by = dx.APPLICATION
        cp.revision = 1
        cp.created = stamp
        cp.modified = stamp


_SPACE_RUNS = re.compile(r"[\s]+|[^\s]+")
_NOT_BREAKING_SPACE = "\u00a0\u202f"


def word_breaks(text: str, room: float | None = None) -> str:
    """``text`` as the DOCX holds it: the spaces a line must not break at made no-break spaces
    (:func:`thai.text.no_break`: "พ.ศ. ๒๕๖๖", "๓๒,๕๘๐ บาท") and a zero-width space (U+200B, a
    break opportunity Word and LibreOffice honour, invisible, ignored by search in both) at each
    place between two Thai words where the PDF typesetter may break a line
    (``thai.typeset.break_points`` of class word, and of class ambiguous: where a dictionary word
    straddles the segmenter's boundary, a reader's longest-match breaker cuts the next word
    instead, e.g. LibreOffice's "พัฒนากร|อบ" for พัฒนา|กรอบ). Word's own Thai breaker then never has
    to guess inside a long run.

    In a table cell ``room`` is the cell's width in em of its text: every word boundary gets its
    mark (ลำดับ|ที่, ``thai.typeset.word_points``), and a group glued by no-break spaces wider
    than the cell keeps its plain spaces (a break between "๗๕,๑๖๐" and "บาท" rather than inside
    "บาท")."""
    if not text:
        return text
    glued = tt.no_break(text)
    if room is not None and glued != text:
        glued = _unglue_wide(text, glued, room)
    if not _THAI.search(text):
        return glued
    from antong_reports.thai import breaks as typeset

    out = []
    for chunk in _SPACES.split(glued):
        if not chunk or chunk.isspace() and chunk[0] not in _NOT_BREAKING_SPACE:
            out.append(chunk)
            continue
        if room is None:
            points = [p for p, cls in typeset.break_points(chunk)
                      if cls in (typeset.BREAK_WORD, typeset.BREAK_AMBIGUOUS)]
        else:
            points = [p for sub, off in _sub_chunks(chunk) for p in
                      (off + q for q in typeset.word_points(sub))]
        last = 0
        words = tt.word_dictionary()
        for k, pos in enumerate(points):
            nxt = points[k + 1] if k + 1 < len(points) else len(chunk)
            if chunk[last:nxt] in words:  # together one dictionary word: kept whole
                continue
            if room is None and min(pos - last, nxt - pos) < MARK_MIN:
                continue  # next to a short word (ประเทศ|ไทย): the reader's own breaker decides
            out.append(chunk[last:pos])
            out.append(tt.ZWSP)
            last = pos
        out.append(chunk[last:])
    return _glue_prefixes("".join(out))


@functools.lru_cache(maxsize=1)
def _prefix_joins() -> tuple[re.Pattern, dict[str, str]]:
    """The Thai words a number follows (``thai.text.NUMBER_PREFIXES``) that are two dictionary
    words, each with a word joiner between its parts ("ร้อย⁠ละ"), and a pattern finding them
    glued to their number."""
    words = tt.word_dictionary()
    joined = {}
    for w in tt.NUMBER_PREFIXES:
        cuts = [i for i in range(2, len(w) - 1) if w[:i] in words and w[i:] in words]
        if _THAI.search(w) and cuts:
            joined[w] = w[:cuts[0]] + tt.WORD_JOINER + w[cuts[0]:]
    alt = "|".join(map(re.escape, sorted(joined, key=len, reverse=True)))
    return re.compile(f"({alt})(?=\u00a0)" if alt else "(?!)"), joined


def _glue_prefixes(text: str) -> str:
    """``text`` with a word joiner inside each two-word prefix glued to its number ("ร้อยละ ๘๐"):
    the no-break space keeps the number with the word, but LibreOffice 7.4's Thai dictionary
    broke the word itself ("ไม่น้อยกว่า ร้อย|ละ ๘๐", five times in the plan)."""
    if "\u00a0" not in text:
        return text
    pattern, joined = _prefix_joins()
    return pattern.sub(lambda m: joined[m.group(1)], text)


_SPACES = re.compile(r"([^\S\u00a0\u202f]+)")
#: a space before an opening bracket or quote that starts Thai text ("ร้อยละ ๗๐ (สำรวจ",
#: 'เป้าหมาย “ประเทศไทย'), and a slash before Thai text ("แบบประเมิน/แบบสำรวจ")
_OPENING_AFTER_SPACE = re.compile("(?<=[^\\s\u2060]) (?=[(\\[{“‘][\u0e01-\u0e59])")
_SLASH_BEFORE_THAI = re.compile("/(?=[\u0e01-\u0e59])")


def punctuation_breaks(text: str) -> str:
    """``text`` with the two marks LibreOffice needs to break a line where ICU (and Word) would,
    measured with LibreOffice 7.4: without them it cuts a word when the last piece of a line
    starts with an opening bracket or quote after a space ("(สำร|วจ", "“ประเทศไท|ย"), or follows
    a slash (it looks back from a break after "/" to the previous space, which may lie on an
    earlier line: "แบบประเมิน/แ|บบ").

    - a word joiner (U+2060) before such a space: LibreOffice then breaks at the space or before
      the word (ICU's rules keep the break at the space: WJ only glues its neighbours);
    - a zero-width space after a slash followed by Thai text: the break after it is no longer
      "after a slash" for LibreOffice, and it is one ICU and Word allow.
    Both are invisible and read back as nothing (:func:`thai.text.strip_break_marks`)."""
    if " " in text:
        text = _OPENING_AFTER_SPACE.sub(tt.WORD_JOINER + " ", text)
    if "/" in text:
        text = _SLASH_BEFORE_THAI.sub("/" + tt.ZWSP, text)
    return text



def _thai_width(token: str, bold: bool, size: float) -> float:
    """Width in twips of a Thai word at ``size`` points in the bundled Sarabun (the font a
    client without the named one falls back to here; TH SarabunPSK is narrower): its advance
    widths (Thai marks have none), with 1 % for a renderer's rounding."""
    widths = _sarabun_widths(bold)
    em = sum(widths.get(ord(ch), 0.0 if ch in _MARKS else TOKEN_EM) for ch in token)
    return em * size * 20 * 1.01


@functools.lru_cache(maxsize=2)
def _sarabun_widths(bold: bool) -> dict[int, float]:
    from antong_reports.common.assets import fonts_dir

    face = "Bold" if bold else "Regular"
    return dx.advance_widths((fonts_dir() / f"Sarabun-{face}.ttf").read_bytes())


def _sub_chunks(chunk: str):
    """A chunk cut at its no-break spaces, with offsets (word points are found per piece)."""
    pos = 0
    for piece in re.split("([\u00a0\u202f])", chunk):
        if piece and piece not in _NOT_BREAKING_SPACE:
            yield piece, pos
        pos += len(piece)


def _widen(cols: list[float], need: list[float], whole: bool) -> list[float]:
    """Columns narrower than their ``need`` widened at the cost of the others' slack: only when
    all can be (``whole``), or by a share of what the others can give."""
    short = [max(0.0, n - w) for n, w in zip(need, cols)]
    deficit = sum(short)
    if deficit <= 0:
        return cols
    slack = [max(0.0, w - n) if s == 0 else 0.0 for w, n, s in zip(cols, need, short)]
    give = min(deficit, sum(slack))
    if give <= 0 or (whole and give < deficit):
        return cols
    return [w + s * give / deficit if s > 0 else w - give * sl / sum(slack)
            for w, s, sl in zip(cols, short, slack)]


def _finish(cols: list[float], frame: int, ncols: int) -> list[int]:
    out = [round(w) for w in cols]
    out[-1] += frame - sum(out) if abs(frame - sum(out)) < ncols else 0
    return out


def _words(text: str) -> list[str]:
    """The pieces of a cell's marked text a line cannot break inside: between spaces, zero-width
    spaces and any break point of the PDF typesetter (inside a long dictionary word too)."""
    from antong_reports.thai import breaks as typeset

    out = []
    for tok in _TOKEN_SPLIT.split(text):
        if len(tok) > typeset.LONG_TOKEN // 2 and _THAI.search(tok):
            last = 0
            for pos, _ in typeset._find_break_points(tok, 0):
                out.append(tok[last:pos])
                last = pos
            out.append(tok[last:])
        else:
            out.append(tok)
    return out


def _unglue_wide(text: str, glued: str, room: float) -> str:
    """``glued`` with the no-break spaces of each group wider than ``room`` em put back as the
    spaces of ``text`` (same length: no_break only replaces spaces)."""
    out = list(glued)
    pos = 0
    for piece in _SPACES.split(glued):
        if "\u00a0" in piece and _spacing_chars(piece) * TOKEN_EM > room:
            for i in range(pos, pos + len(piece)):
                out[i] = text[i]
        pos += len(piece)
    return "".join(out)


_THAI = re.compile("[\u0e01-\u0e4e]")


def _own_cells(grid):
    """(row, column, cell) of each single-column cell at the place it starts."""
    for r, line in enumerate(grid):
        for c, pos in enumerate(line):
            if pos is not None and pos[:2] == (r, c) and pos[2].colspan == 1:
                yield r, c, pos[2]


def _is_header(t: Table, r: int) -> bool:
    return t.rows[r].kind == "header" or r < t.header_rows


def _half_points(size: float) -> Pt:
    """A size rounded to the half point Word stores (``w:sz`` is in half points)."""
    return Pt(dx.half_points(size) / 2)


def _property(text: str) -> str:
    """Text a core property can hold (python-docx limits them to 255 characters)."""
    return dx.clean(text)[:255]


def _text_cell(text: str, bold: bool = False, align: Align = Align.CENTER) -> Cell:
    return Cell((Paragraph((Run(text, bold=bold),), align=align),), align=align)


def render_docx(doc: Document, settings: Settings) -> bytes:
    """The document as DOCX bytes (byte-identical for the same tree and settings).

    python-docx's default template gives the package, its parts and relationships; styles,
    settings, core properties, sections and headers are set through its objects and its oxml
    layer; the body is appended as parsed fragments; the saved package is re-packed with fixed
    zip dates."""
    document = docx.Document()
    dx.trim_template(document)
    r = _Renderer(doc, settings, document)
    r.styles()
    dx.thai_settings(document.settings)
    r.core_properties()
    r.headers(r.body())
    buf = io.BytesIO()
    document.save(buf)
    return repack(buf.getvalue(), writers={"word/document.xml": r.write_document})


def generate(plan, settings: Settings) -> dict[str, bytes]:
    """The plan as ``{"<slug>-plan.docx": bytes}``."""
    from antong_reports.compose.plan import compose_plan

    return {f"{plan.slug}-plan.docx": render_docx(compose_plan(plan, settings), settings)}
