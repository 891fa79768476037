"""Deterministic zip packages (DOCX and XLSX are zip files).

Office libraries stamp each zip entry with the time of writing; re-packing with a fixed date, the
same entry order and fixed attributes makes the same input give byte-identical files.
"""

from __future__ import annotations

import io
import zipfile
from typing import IO, Callable, Mapping

FIXED_DATE = (2000, 1, 1, 0, 0, 0)


def repack(data: bytes, date: tuple[int, int, int, int, int, int] = FIXED_DATE,
           writers: Mapping[str, Callable[[bytes, IO[bytes]], None]] | None = None) -> bytes:
    """The same zip with every entry dated ``date``, deflated, in the original order.
    ``writers``: entry name → ``write(content, stream)``, which writes that entry's new
    content to ``stream`` piece by piece instead of its content (a large part streamed, never
    held whole)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=date)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            fixed.create_system = 3
            writer = writers.get(info.filename) if writers else None
            if writer is None:
                dst.writestr(fixed, src.read(info.filename))
            else:
                with dst.open(fixed, "w") as stream:
                    writer(src.read(info.filename), stream)
    return out.getvalue()
