"""A small format-neutral document tree.

Composers (``compose_*`` modules) build the wording and structure of a document once into this
tree; renderers (DOCX, PDF, and the Part 2 sheet of the workbook) walk it. The tree knows nothing of
Word, reportlab or Excel: no fonts, no points, only structure and the few layout intents a Thai
official document needs (page orientation, page-number style, alignment, merged cells).

All text in the tree is final: numbers are already in Thai or Arabic digits, labels such as
"๑)" are already computed. A renderer never formats a number itself.
"""

from __future__ import annotations

import enum
from typing import Iterator, Union

import attrs


def _tuple(x):
    return tuple(x) if x is not None else ()


class Align(str, enum.Enum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"
    JUSTIFY = "justify"  # Thai distributed justification in body text


class Orientation(str, enum.Enum):
    PORTRAIT = "portrait"
    LANDSCAPE = "landscape"


class PageNumbers(str, enum.Enum):
    NONE = "none"  # no page number printed (cover)
    THAI_LETTERS = "letters"  # ก, ข, … (front matter)
    DIGITS = "digits"  # ๑, ๒, … (Thai or Arabic per the document's digit setting)


@attrs.frozen
class Run:
    """Inline text of one format."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False


def runs(*parts: Union[str, Run]) -> tuple[Run, ...]:
    return tuple(p if isinstance(p, Run) else Run(p) for p in parts)


@attrs.frozen
class Paragraph:
    """A paragraph of inline runs.

    ``indent`` is a nesting level (0 = flush with the body); ``first_line_indent`` asks for the
    Thai habit of indenting the first line of body paragraphs; ``keep_with_next`` keeps a label
    paragraph on the page of what follows.
    """

    runs: tuple[Run, ...] = attrs.field(converter=_tuple)
    align: Align = Align.LEFT
    indent: int = 0
    first_line_indent: bool = False
    keep_with_next: bool = False
    space_before: bool = False
    size: str = "body"  # "body", "title" (cover), "large", "small", "table" (a wide table's)

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@attrs.frozen
class Heading:
    """A heading. ``level`` 0 = part title (ส่วนที่ ๑), 1 = section, 2–4 = lower.

    ``bookmark`` is an ASCII anchor other nodes (TOC entries) can point to; ``outline`` puts the
    heading in the PDF outline; ``toc`` says whether the TOC lists it.
    """

    runs: tuple[Run, ...] = attrs.field(converter=_tuple)
    level: int = 1
    bookmark: str | None = None
    align: Align = Align.LEFT
    outline: bool = True
    outline_title: str | None = None  # shorter text for the PDF outline

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@attrs.frozen
class ListItem:
    """A list item: its computed label ("๑)", "(๒)", "-"), its paragraph(s) and a nested list."""

    label: str
    blocks: tuple["Block", ...] = attrs.field(converter=_tuple)
    children: "ListBlock | None" = None


@attrs.frozen
class ListBlock:
    items: tuple[ListItem, ...] = attrs.field(converter=_tuple)
    indent: int = 0  # nesting level of the list as a whole


@attrs.frozen
class Cell:
    """A table cell. A cell that is covered by another's span is simply not present in its row:
    renderers place cells left to right, skipping grid positions covered by earlier spans."""

    blocks: tuple["Block", ...] = attrs.field(converter=_tuple)
    colspan: int = 1
    rowspan: int = 1
    align: Align = Align.LEFT
    valign: str = "top"  # "top", "middle"
    shade: bool = False  # header or total rows are lightly shaded
    #: the number an amount or count cell shows (Decimal or int), so a workbook can store a
    #: number or a formula where a document prints text; None for text cells
    value: object = None
    #: for a cell spanning rows: the short text ("มิติที่ ๑") a renderer that cannot repeat a
    #: merged cell on the next page (Word) prints in each later row it covers
    continued: str = ""

    @property
    def text(self) -> str:
        return "\n".join(block_text(b) for b in self.blocks)


@attrs.frozen
class Row:
    """A table row. ``kind`` tells renderers what the row is: "header" (repeats on every page),
    "body", "subtotal" (sums the body rows since the previous subtotal) or "total" (sums the
    subtotals); ``key`` is an optional stable id (a project id, a dimension code)."""

    cells: tuple[Cell, ...] = attrs.field(converter=_tuple)
    kind: str = "body"
    key: str = ""


@attrs.frozen
class Table:
    """A table. ``widths`` are relative column widths (any unit; renderers scale to the frame).
    The first ``header_rows`` rows repeat on every page."""

    widths: tuple[float, ...] = attrs.field(converter=_tuple)
    rows: tuple[Row, ...] = attrs.field(converter=_tuple)
    header_rows: int = 1
    name: str = ""  # a stable name ("part2-budget") tests and the workbook use

    @property
    def ncols(self) -> int:
        return len(self.widths)

    def grid(self) -> list[list[tuple[int, int, Cell] | None]]:
        """The table as a full grid: each position holds (row, col, cell) of the cell that
        starts there or covers it. Raises ValueError when spans overlap or leave the grid."""
        nrows = len(self.rows)
        grid: list[list[tuple[int, int, Cell] | None]] = [[None] * self.ncols for _ in range(nrows)]
        for r, row in enumerate(self.rows):
            c = 0
            for cell in row.cells:
                while c < self.ncols and grid[r][c] is not None:
                    c += 1
                if c + cell.colspan > self.ncols or r + cell.rowspan > nrows:
                    raise ValueError(f"table {self.name!r}: cell at row {r} leaves the grid")
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        if grid[r + dr][c + dc] is not None:
                            raise ValueError(f"table {self.name!r}: overlapping spans at row {r + dr}")
                        grid[r + dr][c + dc] = (r, c, cell)
                c += cell.colspan
        return grid


@attrs.frozen
class TocEntry:
    text: str
    bookmark: str
    level: int = 0
    page_label: str | None = None  # a fixed label; None = the renderer computes the page


@attrs.frozen
class Toc:
    """A table of contents with computed entries (page column headed ``page_heading``)."""

    entries: tuple[TocEntry, ...] = attrs.field(converter=_tuple)
    page_heading: str = "หน้า"


@attrs.frozen
class PageBreak:
    pass


@attrs.frozen
class Spacer:
    lines: float = 1.0


@attrs.frozen
class Image:
    """A picture (a chart) given as PNG bytes with its intended width as a fraction of the frame."""

    png: bytes = attrs.field(repr=False)
    width: float = 1.0
    alt: str = ""


@attrs.frozen
class Chart:
    """A bar chart described as data; renderers draw it natively (PDF) or as an image (DOCX).

    ``series`` are (label, values) with one value per category. ``value_label`` names the value
    axis; a table of the numbers (the Word files print one under the picture) heads its first
    column ``category_label`` ("มิติ") and states ``unit`` ("บาท") in its caption."""

    title: str
    categories: tuple[str, ...] = attrs.field(converter=_tuple)
    series: tuple[tuple[str, tuple[float, ...]], ...] = attrs.field(converter=_tuple)
    value_label: str = ""
    category_label: str = ""
    unit: str = ""


Block = Union[Paragraph, Heading, ListBlock, Table, Toc, PageBreak, Spacer, Image, Chart]
#: every block type, in the order of ``Block``; a renderer has one ``visit_*`` method for each
BLOCK_TYPES: tuple[type, ...] = (Paragraph, Heading, ListBlock, Table, Toc, PageBreak, Spacer, Image,
                                 Chart)


def visit_name(node_type: type) -> str:
    """``ListBlock`` → ``"visit_list_block"``: the method a :class:`Visitor` calls for a node type."""
    name = node_type.__name__
    return "visit_" + "".join("_" + c.lower() if c.isupper() and i else c.lower()
                              for i, c in enumerate(name))


class Visitor:
    """Base of the renderers (as docutils' and Sphinx's node visitors): :meth:`visit` calls the
    method named for the node's type — ``visit_paragraph``, ``visit_table``, … — with the same
    arguments. Adding a block type means adding one ``visit_*`` method to each renderer."""

    _methods: dict[type, str] = {}

    def visit(self, node: object, *args, **kwargs):
        name = Visitor._methods.get(type(node))
        if name is None:
            name = Visitor._methods.setdefault(type(node), visit_name(type(node)))
        method = getattr(self, name, None)
        if method is None:
            raise TypeError(f"{type(self).__name__} has no {name} for {type(node).__name__}")
        return method(node, *args, **kwargs)


@attrs.frozen
class Section:
    """A run of pages with one orientation and page-number style.

    ``page_start`` restarts numbering at that number; None continues from the previous section.
    """

    blocks: tuple[Block, ...] = attrs.field(converter=_tuple)
    orientation: Orientation = Orientation.PORTRAIT
    page_numbers: PageNumbers = PageNumbers.DIGITS
    page_start: int | None = None
    name: str = ""


@attrs.frozen
class Meta:
    title: str
    author: str  # the organization
    subject: str = ""
    keywords: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    created: "object | None" = None  # datetime.datetime from the plan (never "now")
    language: str = "th-TH"


@attrs.frozen
class Document:
    meta: Meta
    sections: tuple[Section, ...] = attrs.field(converter=_tuple)
    thai_digits: bool = True  # page numbers in Thai digits

    def walk(self) -> Iterator[Block]:
        """Every block, depth first, including those inside lists and table cells."""
        for s in self.sections:
            for b in s.blocks:
                yield from walk_block(b)


def walk_block(block: Block) -> Iterator[Block]:
    yield block
    if isinstance(block, ListBlock):
        for item in block.items:
            for b in item.blocks:
                yield from walk_block(b)
            if item.children is not None:
                yield from walk_block(item.children)
    elif isinstance(block, Table):
        for row in block.rows:
            for cell in row.cells:
                for b in cell.blocks:
                    yield from walk_block(b)


def block_text(block: Block) -> str:
    """Plain text of a block (labels included), one line per paragraph."""
    if isinstance(block, (Paragraph, Heading)):
        return block.text
    if isinstance(block, ListBlock):
        lines = []
        for item in block.items:
            first = True
            for b in item.blocks:
                t = block_text(b)
                lines.append(f"{item.label} {t}" if first and item.label else t)
                first = False
            if item.children is not None:
                lines.append(block_text(item.children))
        return "\n".join(lines)
    if isinstance(block, Table):
        return "\n".join(c.text for row in block.rows for c in row.cells)
    if isinstance(block, Toc):
        return "\n".join(e.text for e in block.entries)
    return ""


def document_text(doc: Document) -> str:
    return "\n".join(block_text(b) for s in doc.sections for b in s.blocks)


def map_text(doc: Document, fn) -> Document:
    """The document with ``fn`` applied to every text it prints (runs, list labels, TOC entries,
    chart labels, the properties' title and subject): one pass for a setting that concerns every
    character, such as the digits of ``--arabic-digits``."""

    def block(b):
        if isinstance(b, (Paragraph, Heading)):
            changes = {"runs": tuple(attrs.evolve(r, text=fn(r.text)) for r in b.runs)}
            if isinstance(b, Heading) and b.outline_title:
                changes["outline_title"] = fn(b.outline_title)
            return attrs.evolve(b, **changes)
        if isinstance(b, ListBlock):
            return attrs.evolve(b, items=tuple(
                attrs.evolve(i, label=fn(i.label), blocks=tuple(block(x) for x in i.blocks),
                             children=None if i.children is None else block(i.children))
                for i in b.items))
        if isinstance(b, Table):
            return attrs.evolve(b, rows=tuple(
                attrs.evolve(r, cells=tuple(attrs.evolve(c, blocks=tuple(block(x) for x in c.blocks))
                                            for c in r.cells)) for r in b.rows))
        if isinstance(b, Toc):
            return attrs.evolve(b, page_heading=fn(b.page_heading), entries=tuple(
                attrs.evolve(e, text=fn(e.text),
                             page_label=None if e.page_label is None else fn(e.page_label))
                for e in b.entries))
        if isinstance(b, Chart):
            return attrs.evolve(b, title=fn(b.title), value_label=fn(b.value_label),
                                categories=tuple(fn(c) for c in b.categories),
                                series=tuple((fn(label), values) for label, values in b.series))
        if isinstance(b, Image):
            return attrs.evolve(b, alt=fn(b.alt))
        return b

    meta = attrs.evolve(doc.meta, title=fn(doc.meta.title), subject=fn(doc.meta.subject))
    return attrs.evolve(doc, meta=meta, sections=tuple(
        attrs.evolve(s, blocks=tuple(block(b) for b in s.blocks)) for s in doc.sections))


def with_digits(doc: Document, thai: bool) -> Document:
    """The document with every digit it prints in Arabic digits when ``thai`` is False (text
    from the plan file included: "(พ.ศ. ๒๕๖๖ – ๒๕๗๐)" becomes "(พ.ศ. 2566 – 2570)"); unchanged
    when True (the digits the plan's author wrote are kept)."""
    if thai:
        return doc
    table = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
    return map_text(doc, lambda t: t.translate(table))
