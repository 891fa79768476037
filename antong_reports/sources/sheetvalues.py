"""Values as officers leave them in a spreadsheet, read the same way by the plan workbook and the
progress workbook: a formula's number as the digits Excel shows, and a sheet renamed only by
spaces around its name."""

from __future__ import annotations

from decimal import Decimal
from typing import Collection


def excel_number(v: float) -> int | Decimal:
    """A spreadsheet's number as the value it shows: an int when whole, else the decimal of its
    15 significant digits (Excel's precision), so the binary noise of a formula's result
    (0.1 + 0.2 = 0.30000000000000004, 10000 * 1.07 = 10700.000000000002) is not read as
    more decimals than it has. Not finite: the text "inf"/"nan", refused as an amount."""
    if v != v or v in (float("inf"), float("-inf")):
        return repr(v)   # type: ignore[return-value]
    if v.is_integer():
        return int(v)
    d = Decimal(format(v, ".15g"))
    return int(d) if d == d.to_integral_value() else d


def names_trimmed(wb, names: Collection[str]):
    """The workbook with a sheet renamed only by spaces around one of ``names``
    (``"โครงการ "``) known by that name again."""
    for ws in wb.worksheets:
        name = ws.title.strip()
        if name != ws.title and name in names and name not in wb.sheetnames:
            ws.title = name
    return wb
