"""Typed errors and validation issues. Every message is given in Thai and English, with a fix."""

from __future__ import annotations

import enum
from typing import Iterable

import attrs


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@attrs.frozen
class Issue:
    """One finding about a plan file: where it is, what is wrong and how to fix it."""

    severity: Severity
    code: str  # stable machine code, e.g. "duplicate-project-id"
    message_th: str
    message_en: str
    fix_th: str = ""
    fix_en: str = ""
    file: str | None = None
    path: str = ""  # field path, e.g. "projects[20].target_group.unit"
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def where(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.line is not None:
            parts.append(f"line {self.line}" + (f", column {self.column}" if self.column else ""))
        if self.path:
            parts.append(self.path)
        return ": ".join(parts)

    def __str__(self) -> str:
        text = f"{self.where()}: {self.severity.value}: {self.message_th} / {self.message_en}"
        if self.fix_th or self.fix_en:
            text += f" — แก้ไข: {self.fix_th} / Fix: {self.fix_en}"
        return text


class AntongError(Exception):
    """Base class of the library's errors."""


class PlanFileError(AntongError):
    """The plan file cannot be read as a plan (I/O, encoding, YAML syntax, shape or types)."""

    def __init__(self, issues: list[Issue] | tuple[Issue, ...]):
        self.issues = tuple(issues)
        super().__init__("\n".join(str(i) for i in self.issues))


class PlanInvalid(AntongError):
    """The plan was read but has errors that block a build."""

    def __init__(self, issues: list[Issue] | tuple[Issue, ...]):
        self.issues = tuple(issues)
        super().__init__("\n".join(str(i) for i in self.issues if i.is_error))


class OutputError(AntongError):
    """An output file could not be written."""


class ProgressFileError(AntongError):
    """The progress file cannot be read as a progress file (I/O, YAML, shape or types)."""

    def __init__(self, issues: Iterable[Issue]):
        self.issues = tuple(issues)
        super().__init__("\n".join(str(i) for i in self.issues))


class ProgressInvalid(AntongError):
    """The progress file was read but has errors against its plan."""

    def __init__(self, issues: Iterable[Issue]):
        self.issues = tuple(issues)
        super().__init__("\n".join(str(i) for i in self.issues if i.is_error))
