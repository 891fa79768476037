"""Command line: ``antong-reports`` (first version; the full CLI comes with validation)."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    print("antong-reports: not yet", file=sys.stderr)
    return 2
