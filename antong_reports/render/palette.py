"""The colours every renderer draws charts with, so a chart reads the same in the PDF (reportlab)
and in the Word files (a PNG from ``render.chartpng``): one series, one colour."""

from __future__ import annotations

#: Series colours as (red, green, blue) in 0–1, in series order.
SERIES = (
    (0.16, 0.32, 0.55), (0.35, 0.55, 0.75), (0.55, 0.70, 0.45), (0.90, 0.65, 0.30),
    (0.75, 0.35, 0.30), (0.50, 0.45, 0.65), (0.60, 0.60, 0.60),
)
#: Grid lines of the value axis (grey, 0–1).
GRID = 0.82


def rgb255(colour: tuple[float, float, float]) -> tuple[int, int, int]:
    """A colour of :data:`SERIES` as 0–255 channels (Pillow)."""
    return tuple(round(255 * c) for c in colour)
