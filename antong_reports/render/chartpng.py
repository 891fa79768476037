"""A :class:`compose.tree.Chart` drawn as a PNG picture, for documents that cannot hold a chart
of their own (the Word files: python-docx has no chart API).

Bars, axes and grid are drawn with Pillow (a dependency of reportlab); every label is Thai text
shaped by HarfBuzz in the bundled Sarabun (``thai.typeset.shape``) and drawn from the glyphs'
outlines, so tone marks and vowels sit where the PDF puts them (an unshaped renderer, such as
reportlab's renderPM, which also needs pycairo, stacks them wrongly). The same chart node gives
the PDF's chart, so the two cannot differ; the numbers are also printed in a table next to the
picture. Drawn at 3× and reduced, for smooth edges; same chart → same bytes.
"""

from __future__ import annotations

import io
import math
from decimal import Decimal

from antong_reports.compose.tree import Chart
from antong_reports.render import palette
from antong_reports.thai import text as tt

#: Series colours: the PDF's (``render.palette``), so a series has one colour in every document.
COLOURS = tuple(palette.rgb255(c) for c in palette.SERIES)
GRID = palette.rgb255((palette.GRID,) * 3)
INK = (0, 0, 0)
SUPER = 2  # drawn at this multiple, then reduced


def _number(v: float, thai: bool) -> str:
    d = Decimal(str(v))
    if d == d.to_integral_value():
        return tt.number(int(d), thai)
    return tt.digits(f"{d:,.2f}", thai)


def _nice_ticks(vmax: float, n: int = 6, whole: bool = False) -> list[float]:
    """0, step, 2·step … up to the first tick at or above ``vmax``: step 1, 2 or 5 × 10^k, at
    most ``n`` steps (the PDF's axes: 0–12 by 2 projects, 0–300,000 by 50,000 baht); ``whole``:
    the values are counts, so the step is a whole number (never "๒.๕๐" projects)."""
    if vmax <= 0:
        return [0.0, 1.0]
    raw = vmax / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw)
    if whole:
        step = max(1.0, round(step))
    count = math.ceil(vmax / step - 1e-9)
    return [step * i for i in range(count + 1)]


class _Pen:
    """Collects a glyph's contours as polygons (quadratic and cubic curves flattened)."""

    def __init__(self, transform):
        self.t = transform
        self.contours: list[list[tuple[float, float]]] = []
        self.cur: list[tuple[float, float]] = []

    def moveTo(self, p):
        self.cur = [p]

    def lineTo(self, p):
        self.cur.append(p)

    def qCurveTo(self, *pts):
        start = self.cur[-1]
        offs, end = list(pts[:-1]), pts[-1]
        for i, c in enumerate(offs):
            e = end if i == len(offs) - 1 else ((c[0] + offs[i + 1][0]) / 2, (c[1] + offs[i + 1][1]) / 2)
            for k in range(1, 7):
                t = k / 6
                a, b, d = (1 - t) ** 2, 2 * t * (1 - t), t * t
                self.cur.append((a * start[0] + b * c[0] + d * e[0], a * start[1] + b * c[1] + d * e[1]))
            start = e

    def curveTo(self, c1, c2, end):
        s = self.cur[-1]
        for k in range(1, 9):
            t = k / 8
            a, b, c, d = (1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t ** 3
            self.cur.append((a * s[0] + b * c1[0] + c * c2[0] + d * end[0],
                             a * s[1] + b * c1[1] + c * c2[1] + d * end[1]))

    def closePath(self):
        if len(self.cur) > 2:
            self.contours.append([self.t(p) for p in self.cur])
        self.cur = []

    endPath = closePath


class _Canvas:
    def __init__(self, width: int, height: int):
        from PIL import Image, ImageDraw

        self.w, self.h = width * SUPER, height * SUPER
        self.img = Image.new("RGB", (self.w, self.h), (255, 255, 255))
        self.draw = ImageDraw.Draw(self.img)
        from antong_reports.thai import typeset

        self.typeset = typeset
        self.fonts = typeset.register_fonts()

    def rect(self, x0, y0, x1, y1, fill):
        self.draw.rectangle([x0 * SUPER, y0 * SUPER, x1 * SUPER, y1 * SUPER], fill=fill)

    def line(self, x0, y0, x1, y1, fill, width=1.0):
        self.draw.line([x0 * SUPER, y0 * SUPER, x1 * SUPER, y1 * SUPER], fill=fill,
                       width=max(1, round(width * SUPER)))

    def width_of(self, text: str, size: float, bold: bool = False) -> float:
        return self.typeset.string_width(text, self.fonts.bold if bold else self.fonts.regular, size)

    def text(self, x: float, baseline: float, text: str, size: float, *, bold: bool = False,
             anchor: str = "left", fill=INK) -> None:
        """Shaped text with its baseline at ``baseline`` (pixels from the top)."""
        from PIL import Image, ImageChops, ImageDraw

        if not text:
            return
        name = self.fonts.bold if bold else self.fonts.regular
        shaped = self.typeset.shape(text, name)
        hb_font = self.typeset._font(name).hb_font
        upem = hb_font.face.upem
        width = shaped.width * size / 1000
        if anchor == "centre":
            x -= width / 2
        elif anchor == "right":
            x -= width
        pen_x = x * SUPER
        px = size * SUPER / upem  # pixels per font unit
        em = size * SUPER / 1000  # pixels per 1/1000 em
        for g in shaped.glyphs:
            ox = pen_x + g.xoff * em
            oy = baseline * SUPER - g.yoff * em
            pen = _Pen(lambda p, ox=ox, oy=oy: (ox + p[0] * px, oy - p[1] * px))
            hb_font.draw_glyph_with_pen(g.gid, pen)
            if pen.contours:
                xs = [p[0] for c in pen.contours for p in c]
                ys = [p[1] for c in pen.contours for p in c]
                left, top = math.floor(min(xs)), math.floor(min(ys))
                w, h = math.ceil(max(xs)) - left + 2, math.ceil(max(ys)) - top + 2
                mask = Image.new("1", (w, h), 0)
                for contour in pen.contours:  # even-odd: each contour toggles what it covers
                    one = Image.new("1", (w, h), 0)
                    ImageDraw.Draw(one).polygon([(p[0] - left, p[1] - top) for p in contour],
                                                fill=1)
                    mask = ImageChops.logical_xor(mask, one)
                self.img.paste(fill, (left, top, left + w, top + h), mask)
            pen_x += g.adv * em

    def png(self, width: int, height: int) -> bytes:
        from PIL import Image

        small = self.img.resize((width, height), Image.LANCZOS)
        buf = io.BytesIO()
        small.save(buf, format="PNG", optimize=False)
        return buf.getvalue()


def chart_png(chart: Chart, thai: bool = True, width: int = 1400, height: int = 760) -> bytes:
    """The bar chart as PNG bytes, ``width`` × ``height`` pixels (about 200 dpi across a page)."""
    W, H = width, height
    cv = _Canvas(W, H)
    size = H / 26  # label size in pixels
    title = size * 1.2
    lead = size * 1.6
    top = size * 0.6
    if chart.title:
        cv.text(W / 2, top + title, chart.title, title, bold=True, anchor="centre")
        top += title * 1.9
    if chart.value_label:
        cv.text(size * 0.4, top + size, chart.value_label, size)
        top += lead * 1.2
    values = [float(v) for _, vs in chart.series for v in vs] or [0.0]
    ticks = _nice_ticks(max(values), whole=all(v == int(v) for v in values))
    labels = [_number(t, thai) for t in ticks]
    label_w = max(cv.width_of(t, size) for t in labels)
    legend_h = lead * 1.4 if chart.series else 0
    plot_x0 = label_w + size * 1.0
    plot_x1 = W - size * 0.8
    plot_y1 = H - legend_h - lead * 1.3  # bottom of the plot (the category axis)
    plot_y0 = top + size * 0.5
    vmax = ticks[-1] or 1.0

    def y_of(v: float) -> float:
        return plot_y1 - (plot_y1 - plot_y0) * v / vmax

    for t, label in zip(ticks, labels):
        y = y_of(t)
        cv.line(plot_x0, y, plot_x1, y, GRID, 1.0)
        cv.text(plot_x0 - size * 0.4, y + size * 0.35, label, size, anchor="right")
    n_cat = max(len(chart.categories), 1)
    n_series = max(len(chart.series), 1)
    group = (plot_x1 - plot_x0) / n_cat
    pad = group * 0.15
    bar = (group - 2 * pad) / n_series
    for i, cat in enumerate(chart.categories):
        gx = plot_x0 + i * group
        for s, (_, vs) in enumerate(chart.series):
            v = float(vs[i]) if i < len(vs) else 0.0
            if v > 0:
                cv.rect(gx + pad + s * bar, y_of(v), gx + pad + (s + 1) * bar - 1, plot_y1,
                        COLOURS[s % len(COLOURS)])
        csize = size
        while csize > size * 0.6 and cv.width_of(cat, csize) > group * 0.95:
            csize *= 0.92
        cv.text(gx + group / 2, plot_y1 + lead * 0.9, cat, csize, anchor="centre")
    cv.line(plot_x0, plot_y1, plot_x1, plot_y1, INK, 1.5)
    cv.line(plot_x0, plot_y0, plot_x0, plot_y1, INK, 1.5)
    # legend, centred under the plot
    items = [(label, cv.width_of(label, size)) for label, _ in chart.series]
    total = sum(w + size * 2.4 for _, w in items)
    x = max((W - total) / 2, 0)
    y = H - legend_h * 0.45
    for s, (label, w) in enumerate(items):
        cv.rect(x, y - size * 0.8, x + size * 0.8, y, COLOURS[s % len(COLOURS)])
        cv.text(x + size * 1.2, y, label, size)
        x += w + size * 2.4
    return cv.png(W, H)
