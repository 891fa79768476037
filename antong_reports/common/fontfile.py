"""Reading a TrueType/OpenType font file without a font library: its table directory, the
Unicode ``cmap`` (code point → glyph) and advance widths (``hmtx``).

Both light users read the bundled Sarabun through here: validation (which characters the PDF
font can draw, :mod:`antong_reports.validate.limits`) and the DOCX renderer (column widths,
:mod:`antong_reports.render.docx`), neither of which may import reportlab or HarfBuzz. The tests
check the readings against HarfBuzz."""

from __future__ import annotations

import struct
from typing import Iterable

__all__ = ["tables", "cmap_glyphs", "advance_widths"]

#: (platform, encoding) of the cmap subtables that map Unicode code points
_UNICODE = ((0, 3), (0, 4), (3, 1), (3, 10))


def tables(data: bytes) -> dict[bytes, int]:
    """Offset of each table in the font file, by its tag."""
    count = struct.unpack_from(">H", data, 4)[0]
    return {data[12 + 16 * i:16 + 16 * i]: struct.unpack_from(">I", data, 20 + 16 * i)[0]
            for i in range(count)}


def cmap_glyphs(data: bytes) -> dict[int, int]:
    """Code point → glyph of every Unicode ``cmap`` subtable of formats 4 and 12 (glyph 0, the
    missing glyph, where a range maps a code point to nothing)."""
    cmap = tables(data)[b"cmap"]
    out: dict[int, int] = {}
    for i in range(struct.unpack_from(">H", data, cmap + 2)[0]):
        platform, encoding, offset = struct.unpack_from(">HHI", data, cmap + 4 + 8 * i)
        if (platform, encoding) not in _UNICODE:
            continue
        sub = cmap + offset
        fmt = struct.unpack_from(">H", data, sub)[0]
        if fmt == 12:
            _format12(data, sub, out)
        elif fmt == 4:
            _format4(data, sub, out)
    return out


def _format12(data: bytes, sub: int, out: dict[int, int]) -> None:
    for g in range(struct.unpack_from(">I", data, sub + 12)[0]):
        start, end, glyph = struct.unpack_from(">III", data, sub + 16 + 12 * g)
        for c in range(start, end + 1):
            out.setdefault(c, glyph + c - start)


def _format4(data: bytes, sub: int, out: dict[int, int]) -> None:
    seg = struct.unpack_from(">H", data, sub + 6)[0] // 2
    ends = struct.unpack_from(f">{seg}H", data, sub + 14)
    starts = struct.unpack_from(f">{seg}H", data, sub + 16 + 2 * seg)
    deltas = struct.unpack_from(f">{seg}h", data, sub + 16 + 4 * seg)
    ranges_at = sub + 16 + 6 * seg
    ranges = struct.unpack_from(f">{seg}H", data, ranges_at)
    for k in range(seg):
        for c in range(starts[k], min(ends[k], 0xFFFE) + 1):
            if ranges[k] == 0:
                glyph = (c + deltas[k]) & 0xFFFF
            else:
                at = ranges_at + 2 * k + ranges[k] + 2 * (c - starts[k])
                glyph = struct.unpack_from(">H", data, at)[0]
                glyph = (glyph + deltas[k]) & 0xFFFF if glyph else 0
            out.setdefault(c, glyph)


def advance_widths(data: bytes, code_points: Iterable[int]) -> dict[int, float]:
    """Advance width in em of each of ``code_points`` the font maps to a glyph."""
    offsets = tables(data)
    upem = struct.unpack_from(">H", data, offsets[b"head"] + 18)[0]
    metrics = struct.unpack_from(">H", data, offsets[b"hhea"] + 34)[0]
    hmtx = offsets[b"hmtx"]
    glyphs = cmap_glyphs(data)
    return {cp: struct.unpack_from(">H", data, hmtx + 4 * min(g, metrics - 1))[0] / upem
            for cp in code_points if (g := glyphs.get(cp))}
