"""Deterministic zip packages (DOCX and XLSX are zip files).

Office libraries stamp each zip entry with the time of writing; re-packing with a fixed date, the
same entry order and fixed attributes makes the same input give byte-identical files.
"""

from __future__ import annotations

import io
import zipfile

FIXED_DATE = (2000, 1, 1, 0, 0, 0)


def repack(data: bytes, date: tuple[int, int, int, int, int, int] = FIXED_DATE) -> bytes:
    """The same zip with every entry dated ``date``, deflated, in the original order."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=date)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            fixed.create_system = 3
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
