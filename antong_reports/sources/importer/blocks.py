"""Sources as one stream of located blocks: paragraphs and tables (rows of cells).

A DOCX is read from its checked parts (:func:`antong_reports.sources.guard.open_office_zip`) with
lxml, entities never resolved and no network; plain text is split into lines, a run of lines that
hold tabs becoming one table. Every block keeps its place in the source — "paragraph N",
"table T, row R, cell C" for Word, "line L" for text — so each finding can name it.
"""

from __future__ import annotations

import re

import attrs


@attrs.frozen
class Place:
    """Where a piece of the source is: a paragraph, a table cell or a line (all 1-based)."""

    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    cell: int | None = None
    line: int | None = None

    def __str__(self) -> str:
        if self.line is not None and self.table is None:
            return f"line {self.line}"
        if self.table is not None:
            where = f"table {self.table}"
            if self.row is not None:
                where += f", row {self.row}"
            if self.cell is not None:
                where += f", cell {self.cell}"
            if self.line is not None:
                where += f" (line {self.line})"
            return where
        if self.paragraph is not None:
            return f"paragraph {self.paragraph}"
        return "-"

    def thai(self) -> str:
        if self.line is not None and self.table is None:
            return f"บรรทัด {self.line}"
        if self.table is not None:
            where = f"ตาราง {self.table}"
            if self.row is not None:
                where += f" แถว {self.row}"
            if self.cell is not None:
                where += f" ช่อง {self.cell}"
            return where
        if self.paragraph is not None:
            return f"ย่อหน้า {self.paragraph}"
        return "-"

    def to_json(self) -> dict:
        return {k: v for k, v in attrs.asdict(self).items() if v is not None}


@attrs.frozen
class Para:
    """A paragraph (or a line of text): its text, whether it is all bold, its heading level."""

    text: str
    place: Place
    bold: bool = False
    heading: int | None = None  # Word heading level 1..9 from the style, when named so
    indent: int | None = None  # DOCX: where the paragraph's label starts (left - hanging), twips
    start: bool = True  # the first line of a paragraph (False: after a line break in it)


@attrs.frozen
class Cell:
    """A table cell: its lines (paragraphs and line breaks), place and merge state."""

    lines: tuple[str, ...]
    place: Place
    span: int = 1
    merged_up: bool = False  # a vertical-merge continuation: the cell above holds the text

    @property
    def text(self) -> str:
        return " ".join(x for x in self.lines if x.strip())


@attrs.frozen
class TableBlock:
    rows: tuple[tuple[Cell, ...], ...]
    place: Place


Block = Para | TableBlock

# --------------------------------------------------------------------------- plain text

_BLANK = re.compile(r"^\s*$")


def text_blocks(text: str, page_breaks: frozenset[int] = frozenset()) -> list[Block]:
    """Lines of text as blocks: a line with a tab is a table row; consecutive rows are one table
    (a blank line ends it). In ``pdftotext -layout`` text a paragraph starts where a first-line
    indent is deeper than the lines after it, and the blank lines around a page break
    (``page_breaks``: 0-based line indices that held a form feed) do not end a paragraph."""
    out: list[Block] = []
    rows: list[tuple[Cell, ...]] = []
    tables = 0
    table_place: Place | None = None

    def flush() -> None:
        nonlocal rows, table_place
        if rows:
            out.append(TableBlock(tuple(rows), table_place))
        rows = []
        table_place = None

    prev_blank = True
    lines = text.split("\n")
    layout = _Layout(lines, page_breaks) if _is_layout(lines) else None
    since_break = False
    for n, line in enumerate(lines, start=1):
        line = line.rstrip("\r")
        if n - 1 in page_breaks:
            since_break = True
        if "\t" in line and _LABEL_TAB.match(line):
            line = line.replace("\t", " ", 1)  # "๑)<tab>text": Word's tab after typed numbering
        if "\t" in line:
            prev_blank = True
            if not rows:
                tables += 1
                table_place = Place(table=tables, line=n)
            r = len(rows) + 1
            rows.append(tuple(Cell((c.strip(),), Place(table=tables, row=r, cell=i, line=n))
                              for i, c in enumerate(line.split("\t"), start=1)))
            continue
        flush()
        start = prev_blank
        if layout and since_break and line.strip():
            start = False  # the blank lines were the page break's, not a paragraph end
        if layout and not start and line.strip():
            start = layout.opens(n - 1)
        out.append(Para(line.strip(), Place(line=n), start=start,
                        indent=layout.indents[n - 1] if layout else None))
        prev_blank = not line.strip()
        if line.strip():
            since_break = False
    flush()
    return out


#: a line of a list typed with a tab after its label ("๑)\tข้อความ"), not a table row
_LABEL_TAB = re.compile(r"^\s*(?:[-•]|\(?[0-9๐-๙]+(?:\.[0-9๐-๙]+)*[).]|ข้อ\s*[0-9๐-๙]+[.)]?)\t[^\t]+$")
_LABELLED = re.compile(r"^\s*(?:[-•]\s|\(?[0-9๐-๙]+(?:\.[0-9๐-๙]+)*[).]\s)")


#: Thai marks above and below a letter take no column in ``pdftotext -layout`` text
_NO_COLUMN = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u0300-\u036f]")
#: a line that ends this many columns short of its page's margin ended its paragraph there
#: (a justified line falls short by less than that: the columns of proportional text vary)
_SHORT = 12


def _width(line: str) -> int:
    return len(_NO_COLUMN.sub("", line.rstrip()))


class _Layout:
    """Where paragraphs start in ``pdftotext -layout`` text: at a first-line indent deeper than
    the next line's, after a line less deep — never at the hanging indent of a labelled item
    ("๑) …" wrapped under its text) — or at the depth of the line before when paragraphs nearby
    start at that depth (their lines wrap to a shallower one), or when that line ended short of
    the margin."""

    def __init__(self, lines: list[str], page_breaks: frozenset[int] = frozenset()) -> None:
        self.lines = lines
        self.indents = [len(x) - len(x.lstrip(" ")) if x.strip() else None for x in lines]
        self.margins = self._margins(page_breaks)

    def _margins(self, page_breaks: frozenset[int]) -> list[int]:
        """Each line's right margin: where most lines that start at the left end end, in the
        whole text or, wider, on its page (a landscape page; right-aligned signatures and short
        headings do not count)."""
        body = [k for k, i in enumerate(self.indents) if i is not None and i <= 12]

        def upper(ks: list[int]) -> int:
            ends = sorted(_width(self.lines[k]) for k in ks)
            return ends[len(ends) * 3 // 4] if ends else 0

        overall = upper(body)
        cuts = sorted(page_breaks | {0, len(self.lines)})
        out = [overall] * len(self.lines)
        for a, b in zip(cuts, cuts[1:]):
            page = [k for k in body if a <= k < b]
            out[a:b] = [max(overall, upper(page) if len(page) >= 12 else 0)] * (b - a)
        return out

    def opens(self, k: int) -> bool:
        """Whether line ``k`` (0-based) opens a paragraph."""
        indents = self.indents
        nxt = next((i for i in indents[k + 1:k + 4] if i is not None), None)
        prev = next((j for j in range(k - 1, max(-1, k - 9), -1) if indents[j] is not None), None)
        deeper = nxt is not None and indents[k] > nxt + 2  # a first line's indent
        if prev is None or indents[k] > indents[prev] + 2:
            if prev is not None and self._hangs(prev, k):
                return False
            return deeper or self._first_lines_here(k)
        if abs(indents[k] - indents[prev]) > 1 or _LABELLED.match(self.lines[k]):
            return False
        top = prev  # the run of lines at this depth, and the line above it
        while (top > max(0, k - 30) and indents[top - 1] is not None
               and abs(indents[top - 1] - indents[k]) <= 1):
            top -= 1
        if top > 0 and indents[top - 1] is not None and self._hangs(top - 1, k):
            return False  # the wrapped lines of a labelled item
        if self._first_lines_here(k):
            return True
        # the line before ended short: by more than this line's first word, which would have fit
        first = _width(self.lines[k].split()[0])
        return deeper and self.margins[k] - _width(self.lines[prev]) > max(_SHORT, first + 1)

    def _first_lines_here(self, k: int) -> bool:
        """Paragraphs near line ``k`` start at its depth and wrap to a shallower one: a full line
        at that depth is followed by a full line less deep (a paragraph of three lines or more)."""
        indents, lines = self.indents, self.lines
        for j in range(max(0, k - 40), min(len(lines) - 1, k + 40)):
            if (j != k and indents[j] is not None and abs(indents[j] - indents[k]) <= 1
                    and indents[j + 1] is not None and indents[j + 1] < indents[k] - 2
                    and not _LABELLED.match(lines[j + 1])
                    and min(_width(lines[j]), _width(lines[j + 1])) >= self.margins[j] - _SHORT):
                return True
        return False

    def _hangs(self, label: int, k: int) -> bool:
        """Line ``k`` is at (or past) the hanging indent of labelled line ``label``."""
        line = self.lines[label]
        mt = _LABELLED.match(line)
        if mt is None:
            return False
        column = len(line) - len(line[mt.end():].lstrip(" "))
        return self.indents[k] >= column - 1


def _is_layout(lines: list[str]) -> bool:
    """Text laid out by ``pdftotext -layout``: many lines indented with runs of spaces."""
    body = [x for x in lines if x.strip()]
    if not body:
        return False
    indented = sum(1 for x in body if x.startswith("   "))
    return indented > len(body) // 5


# --------------------------------------------------------------------------- DOCX

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_w = "{%s}" % W


def parse_xml(data: bytes):
    """XML parsed with lxml, entities never resolved, no network, no huge trees."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, dtd_validation=False,
                             load_dtd=False, huge_tree=False, remove_comments=True)
    return etree.fromstring(data, parser)


def _paragraph_text(p) -> str:
    parts = []
    for node in p.iter(_w + "t", _w + "tab", _w + "br", _w + "cr", _w + "delText", _w + "instrText"):
        tag = node.tag
        if tag == _w + "t":
            parts.append(node.text or "")
        elif tag == _w + "tab":
            parent = node.getparent()
            if parent is not None and parent.tag == _w + "r":
                parts.append("\t")
        elif tag in (_w + "br", _w + "cr"):
            parts.append("\n")
    return "".join(parts)


def _is_bold(p, styles_bold: set[str]) -> bool:
    """Every run with text is bold (directly or by the paragraph's style)."""
    pstyle = p.find(f"{_w}pPr/{_w}pStyle")
    style_bold = pstyle is not None and pstyle.get(_w + "val") in styles_bold
    seen = False
    for r in p.iter(_w + "r"):
        text = "".join(t.text or "" for t in r.iter(_w + "t"))
        if not text.strip():
            continue
        seen = True
        b = r.find(f"{_w}rPr/{_w}b")
        if b is None:
            b = r.find(f"{_w}rPr/{_w}bCs")
        if b is None:
            if not style_bold:
                return False
        elif b.get(_w + "val") in ("0", "false", "off"):
            return False
    return seen


def _twips(value: str | None) -> int:
    try:
        return int(float(value or 0))
    except ValueError:
        return 0


def _indent(p) -> int | None:
    ind = p.find(f"{_w}pPr/{_w}ind")
    if ind is None:
        return None
    left = _twips(ind.get(_w + "left") or ind.get(_w + "start"))
    return left - _twips(ind.get(_w + "hanging"))


_HEADING_STYLE = re.compile(r"^(?:heading|หัวเรื่อง)\s*(\d)$", re.I)


def _styles(parts: dict[str, bytes]) -> tuple[set[str], dict[str, int]]:
    """Style ids that make text bold, and heading levels by style id."""
    bold: set[str] = set()
    heading: dict[str, int] = {}
    data = parts.get("word/styles.xml")
    if not data:
        return bold, heading
    root = parse_xml(data)
    for st in root.iter(_w + "style"):
        sid = st.get(_w + "styleId") or ""
        name_el = st.find(_w + "name")
        name = name_el.get(_w + "val") if name_el is not None else sid
        b = st.find(f"{_w}rPr/{_w}b")
        if b is not None and b.get(_w + "val") not in ("0", "false", "off"):
            bold.add(sid)
        for candidate in (sid, name or ""):
            m = _HEADING_STYLE.match(candidate.replace("Heading", "heading "))
            if m:
                heading[sid] = int(m.group(1))
                bold.add(sid)
    return bold, heading


def _table_cell(tc, place: Place) -> Cell:
    """A ``w:tc`` as a cell: its lines (a nested table's cells row by row), its span and whether
    it continues the merged cell above."""
    pr = tc.find(_w + "tcPr")
    span = 1
    merged_up = False
    if pr is not None:
        gs = pr.find(_w + "gridSpan")
        if gs is not None:
            try:
                span = max(1, int(gs.get(_w + "val") or 1))
            except ValueError:
                span = 1
        vm = pr.find(_w + "vMerge")
        if vm is not None and vm.get(_w + "val") in (None, "continue"):
            merged_up = True
    lines: list[str] = []
    for child in tc:
        if child.tag == _w + "p":
            lines.extend(_paragraph_text(child).split("\n"))
        elif child.tag == _w + "tbl":  # a nested table: its cells' text, row by row
            for tr2 in child.iter(_w + "tr"):
                lines.append("\t".join(_paragraph_text(p) for p in tr2.iter(_w + "p")))
    lines = [x.strip() for x in lines]
    while lines and not lines[-1]:
        lines.pop()
    return Cell(tuple(lines), place, span, merged_up)


def docx_blocks(parts: dict[str, bytes]) -> list[Block]:
    """The body of ``word/document.xml`` as blocks, in document order. A paragraph's line breaks
    split it into lines (Word users press Shift+Enter); a table cell keeps its lines."""
    data = parts.get("word/document.xml")
    if data is None:
        raise KeyError("word/document.xml")
    root = parse_xml(data)
    body = root.find(_w + "body")
    if body is None:
        return []
    styles_bold, heading_styles = _styles(parts)
    out: list[Block] = []
    counters = {"p": 0, "t": 0}

    def para(p) -> list[Para]:
        counters["p"] += 1
        place = Place(paragraph=counters["p"])
        pstyle = p.find(f"{_w}pPr/{_w}pStyle")
        level = heading_styles.get(pstyle.get(_w + "val")) if pstyle is not None else None
        bold = _is_bold(p, styles_bold)
        text = _paragraph_text(p)
        indent = _indent(p)
        return [Para(line, place, bold, level, indent, k == 0)
                for k, line in enumerate(text.split("\n"))]

    def table(tbl) -> TableBlock:
        counters["t"] += 1
        t = counters["t"]
        rows = []
        for r, tr in enumerate(tbl.findall(_w + "tr"), start=1):
            cells = [_table_cell(tc, Place(table=t, row=r, cell=c))
                     for c, tc in enumerate(tr.findall(_w + "tc"), start=1)]
            rows.append(tuple(cells))
        return TableBlock(tuple(rows), Place(table=t))

    def walk(container) -> None:
        for child in container:
            tag = child.tag
            if tag == _w + "p":
                out.extend(para(child))
            elif tag == _w + "tbl":
                out.append(table(child))
            elif tag in (_w + "sdt", _w + "customXml", _w + "ins", _w + "smartTag"):
                content = child.find(_w + "sdtContent")
                walk(content if content is not None else child)

    walk(body)
    return out
