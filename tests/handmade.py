"""Word files that look typed by hand, built with python-docx from the reference text.

What a planning officer's file has and this project's own output does not: headings that are only
bold paragraphs (no heading styles), numbering typed by hand with a tab after the label, no
indents, the Part 2 dimension and mission cells merged vertically, several projects typed into one
cell with line breaks, runs split in the middle of words with two fonts, digits mixed inside one
number ("๒๕66").
"""

from __future__ import annotations

import io
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
REFERENCE = HERE / "data" / "angthong-plan-2566-2570.txt"

_BOLD = re.compile(r"^(ส่วนที่|มติที่|มิติที่|ลำดับที่|โครงการที่|ตัวอย่างที่|[๐-๙0-9]+\.[๐-๙0-9]+(\.[๐-๙0-9]+)? |"
                   r"[๐-๙0-9]+\. |ผลผลิต$|ผลลัพธ์$|คำนำ$|สารบัญ$|บทนำ$)")
_ITEM = re.compile(r"^(?:- )?((?:\(?[๐-๙]+\)|[๐-๙]+\.[๐-๙]+\))) (.*)$")
FONTS = ("TH SarabunPSK", "Angsana New")


def _runs(paragraph, text: str, bold: bool = False, split_every: int = 7) -> None:
    """Add ``text`` as runs of at most ``split_every`` characters, fonts alternating (Word splits
    runs mid-word wherever formatting or editing history changes)."""
    for k in range(0, len(text), split_every):
        run = paragraph.add_run(text[k:k + split_every])
        run.bold = bold or None
        run.font.name = FONTS[(k // split_every) % 2]


def handmade_docx(text: str | None = None, *, split_every: int = 7, tabs: bool = True,
                  merge_cells: bool = True, breaks_in_cells: bool = True) -> bytes:
    """The reference text (or ``text``) typed into Word by hand."""
    from docx import Document
    from docx.shared import Pt

    text = REFERENCE.read_text("utf-8") if text is None else text
    doc = Document()
    doc.styles["Normal"].font.name = FONTS[0]
    doc.styles["Normal"].font.size = Pt(16)
    lines = text.split("\n")
    k = 0
    while k < len(lines):
        line = lines[k]
        if "\t" in line:
            rows = []
            while k < len(lines) and "\t" in lines[k]:
                rows.append(lines[k].split("\t"))
                k += 1
            _table(doc, rows, merge_cells, breaks_in_cells, split_every)
            continue
        k += 1
        s = line.strip()
        if not s or s == "#####":
            continue
        # a wrapped sentence (the next line has no label and no blank line between) is typed as one
        # paragraph with a line break (Shift+Enter)
        wraps = []
        while (k < len(lines) and lines[k].strip() and "\t" not in lines[k]
               and not _ITEM.match(lines[k].strip()) and not lines[k].startswith("- ")
               and not _BOLD.match(lines[k].strip()) and not _BOLD.match(s)):
            wraps.append(lines[k].strip())
            k += 1
        p = doc.add_paragraph()
        mt = _ITEM.match(s)
        if mt and tabs:
            _runs(p, mt.group(1) + "\t" + mt.group(2), split_every=split_every)
        else:
            _runs(p, re.sub(r"^- (?=\()", "", s), bold=bool(_BOLD.match(s)), split_every=split_every)
        for w in wraps:
            p.add_run().add_break()
            _runs(p, w, split_every=split_every)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _table(doc, rows: list[list[str]], merge_cells: bool, breaks: bool, split_every: int) -> None:
    ncols = max(len(r) for r in rows)
    table = doc.add_table(rows=len(rows), cols=ncols)
    for r, row in enumerate(rows):
        for c in range(ncols):
            value = row[c].strip() if c < len(row) else ""
            cell = table.cell(r, c)
            p = cell.paragraphs[0]
            pieces = [value]
            if breaks and re.search(r"\s[๐-๙]+\) ", value):  # several projects in one cell
                pieces = [x.strip() for x in re.split(r"\s(?=[๐-๙]+\) )", value)]
            elif breaks and re.fullmatch(r"(?:\S+ )+\S+", value) and all(
                    re.fullmatch(r"[-๐-๙,]+", x) for x in value.split()):
                pieces = value.split()  # the amounts of those projects, one a line
            for j, piece in enumerate(pieces):
                if j:
                    p.add_run().add_break()
                _runs(p, piece, split_every=split_every)
    if not merge_cells:
        return
    # the dimension and mission columns of a Part 2 table: an empty cell under a filled one is
    # part of it (vertically merged)
    if rows and rows[0] and rows[0][0].strip() == "มิติ":
        for c in (0, 1):
            top = None
            for r in range(2, len(rows)):
                value = rows[r][c].strip() if c < len(rows[r]) else ""
                if value:
                    top = r
                elif top is not None:
                    table.cell(top, c).merge(table.cell(r, c))
