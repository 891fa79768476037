"""Types of the command-line options (argparse ``type=`` functions), shared by every command.

A bad value is a usage error (exit 2) naming the option, before anything is read or built; the
bounds are those every generator is known to build with (docs/validation.md, section 5).
"""

from __future__ import annotations

import argparse

#: body font size in points
MIN_FONT_SIZE, MAX_FONT_SIZE = 6.0, 36.0
#: longest font name (Word's own names are under 32 characters)
MAX_FONT_NAME = 64
#: largest --max-size (MB)
MAX_SIZE_MB = 10_000.0


def _number(text: str) -> float:
    from antong_reports.thai.text import arabic_digits

    try:
        value = float(arabic_digits(text.strip()))
    except ValueError:
        raise argparse.ArgumentTypeError(f"ไม่ใช่ตัวเลข: {text!r} / not a number: {text!r}") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise argparse.ArgumentTypeError(f"ต้องเป็นตัวเลขจำกัด: {text!r} / must be a finite number: {text!r}")
    return value


def font_size(text: str) -> float:
    """``--font-size``: a finite number of points from :data:`MIN_FONT_SIZE` to :data:`MAX_FONT_SIZE`."""
    value = _number(text)
    if not MIN_FONT_SIZE <= value <= MAX_FONT_SIZE:
        raise argparse.ArgumentTypeError(
            f"ขนาดตัวอักษรต้องอยู่ระหว่าง {MIN_FONT_SIZE:g} ถึง {MAX_FONT_SIZE:g} พอยต์: {text!r} / "
            f"the font size must be from {MIN_FONT_SIZE:g} to {MAX_FONT_SIZE:g} points: {text!r}")
    return value


def font_name(text: str) -> str:
    """``--font``: 1 to :data:`MAX_FONT_NAME` letters, digits, spaces and ``-_.,()+&'``."""
    name = text.strip()
    shown = name if len(name) <= 40 else name[:39] + "…"
    if not name or len(name) > MAX_FONT_NAME:
        raise argparse.ArgumentTypeError(
            f"ชื่อฟอนต์ต้องยาว 1-{MAX_FONT_NAME} อักขระ (ได้ {len(name):,}) / "
            f"a font name is 1 to {MAX_FONT_NAME} characters long (got {len(name):,})")
    bad = next((c for c in name if not (c.isalnum() or c in " -_.,()+&'")), None)
    if bad is not None:
        raise argparse.ArgumentTypeError(
            f"ชื่อฟอนต์มีอักขระที่ใช้ไม่ได้ U+{ord(bad):04X}: {shown!r} / "
            f"the font name holds a character that is not allowed (U+{ord(bad):04X}): {shown!r}")
    return name


def year(text: str) -> int:
    """``--year``/``--ita-year``: a Buddhist-era year within the plausible range of plans."""
    from antong_reports.thai.text import arabic_digits
    from antong_reports.validate.limits import MAX_YEAR_BE, MIN_YEAR_BE

    digits = arabic_digits(text.strip())
    if not (digits.isascii() and digits.isdigit()) or not MIN_YEAR_BE <= int(digits) <= MAX_YEAR_BE:
        raise argparse.ArgumentTypeError(
            f"ต้องเป็นปี พ.ศ. {MIN_YEAR_BE}-{MAX_YEAR_BE}: {text!r} / "
            f"must be a Buddhist-era year {MIN_YEAR_BE}-{MAX_YEAR_BE}: {text!r}")
    return int(digits)


def size_mb(text: str) -> float:
    """``--max-size``: a finite, positive number of megabytes up to :data:`MAX_SIZE_MB`."""
    value = _number(text)
    if not 0 < value <= MAX_SIZE_MB:
        raise argparse.ArgumentTypeError(
            f"ขนาดต้องมากกว่า 0 และไม่เกิน {MAX_SIZE_MB:g} MB: {text!r} / "
            f"the size must be above 0 and at most {MAX_SIZE_MB:g} MB: {text!r}")
    return value
