"""Looking at a printed page as pixels: a PDF page rasterized in grey by poppler's pdftoppm and
the ruled lines of a table found on it (no imaging library needed).

A table's borders are the long unbroken runs of dark pixels: the top line of its header gives its left and
right edges; its lowest long line is where the table ends on the page. :func:`table_bottom` says
how much of the table's width that lowest line covers (1.0: the page's table is closed below).
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

DARK = 160   # a grey level (0 black … 255 white) at or below which a pixel is ink
LONG = 0.3   # a ruled line: dark over at least this share of the page's width


class Page:
    """One page in grey: ``width`` × ``height`` pixels, ``rows[y][x]`` in 0–255."""

    def __init__(self, width: int, height: int, data: bytes):
        self.width, self.height = width, height
        self.rows = [data[y * width:(y + 1) * width] for y in range(height)]

    def dark(self, y: int, x: int) -> bool:
        """Ink at (x, y) or a pixel above or below (a thin line is drawn on one of them)."""
        return any(self.rows[yy][x] <= DARK for yy in (y - 1, y, y + 1) if 0 <= yy < self.height)

    def long_lines(self) -> list[int]:
        """The pixel rows holding a ruled line: an unbroken run of ink (a line of text is
        broken between its letters)."""
        need = LONG * self.width
        return [y for y, row in enumerate(self.rows) if _longest_run(row) >= need]


def _longest_run(row: bytes) -> int:
    best = run = 0
    for v in row:
        run = run + 1 if v <= DARK else 0
        best = max(best, run)
    return best


def render_page(pdf: Path, page: int, dpi: int = 100) -> Page:
    """Page ``page`` (1-based) of ``pdf`` rasterized in grey."""
    with tempfile.TemporaryDirectory() as d:
        stem = Path(d) / "p"
        subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), "-f", str(page), "-l", str(page),
                        "-singlefile", str(pdf), str(stem)], check=True, capture_output=True)
        raw = (Path(d) / "p.pgm").read_bytes()
    magic, width, height, maxval, data = raw.split(maxsplit=4)
    assert magic == b"P5" and maxval == b"255", magic
    return Page(int(width), int(height), data)


def table_bottom(page: Page) -> tuple[float, tuple[int, int, int]]:
    """(share of the table's width the table's lowest ruled line covers, (left, right, y)).

    The table's edges are those of its highest ruled line (the top of the header)."""
    lines = page.long_lines()
    assert lines, "no ruled line on the page"
    top = page.rows[lines[0]]
    inked = [x for x, v in enumerate(top) if v <= DARK]
    left, right = inked[0], inked[-1]  # the header's top line, from its first ink to its last
    y = lines[-1]
    span = range(left + 2, right - 1)
    covered = sum(1 for x in span if page.dark(y, x))
    return covered / len(span), (left, right, y)
