"""Reading plan files safely, with the place of every problem.

(First version: plain safe loading; line numbers and the full error catalogue come with validation.)
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .errors import Issue, PlanFileError, Severity
from .model import Plan
from .planfile import plan_from_data


def read_plan_file(path: Path) -> Plan:
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise PlanFileError([Issue(Severity.ERROR, "unreadable", f"อ่านไฟล์ไม่ได้: {exc}",
                                   f"cannot read the file: {exc}", file=str(path))]) from exc
    data = yaml.safe_load(text)
    return plan_from_data(data)
