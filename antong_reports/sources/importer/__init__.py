"""Bring an existing plan in: Word (.docx) or plain text (.txt) in the NACC three-part layout.

    from antong_reports.sources.importer import import_plan
    result = import_plan("แผน.docx")        # ImportResult: .plan, .findings, .guesses
    plan, findings = result                 # unpacks as (plan, findings)

Every input is read through :mod:`antong_reports.sources.guard` (bounded size; a DOCX container is
checked and its XML parsed without entities or network). A source that is not a 2566–2570 plan
raises :class:`ImportRefused` (exit 1); an unreadable one :class:`ImportRefused` with
``exit_code`` 2. See docs/import.md.
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path
from typing import Iterator

import attrs

from antong_reports.common.errors import Issue, PlanFileError

MAX_TEXT_BYTES = 8 * 1024 * 1024
MAX_DOCX_BYTES = 50 * 1024 * 1024
MAX_BLOCKS = 200_000
MAX_SECONDS = 60.0


class ImportRefused(PlanFileError):
    """The source cannot be imported; ``exit_code`` 1 (not a plan / wrong edition) or 2 (I/O)."""

    def __init__(self, issues, exit_code: int = 1):
        super().__init__(issues)
        self.exit_code = exit_code


@attrs.frozen
class ImportResult:
    plan: object
    findings: tuple
    guesses: dict
    normalised: dict
    source: str
    seconds: float = 0.0

    def __iter__(self) -> Iterator:
        return iter((self.plan, self.findings))


def _refuse(file: str, code: str, th: str, en: str, fix_th: str = "", fix_en: str = "",
            exit_code: int = 1, place: str = "") -> ImportRefused:
    from antong_reports.common.errors import Severity

    return ImportRefused([Issue(Severity.ERROR, code, th, en, fix_th, fix_en, file=file, path=place)],
                         exit_code)


def decode_text(data: bytes, file: str) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with BOM; TIS-620/CP874 is recognised and refused
    with the command that converts it."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        thai_bytes = sum(1 for b in data[:200_000] if 0xA1 <= b <= 0xFB)
        if thai_bytes > 20:
            raise _refuse(file, "tis-620", "ไฟล์ข้อความนี้เข้ารหัสแบบ TIS-620/Windows-874 ไม่ใช่ UTF-8",
                          "the text file is encoded in TIS-620/Windows-874, not UTF-8",
                          "บันทึกเป็น UTF-8 (Notepad: Save As → Encoding: UTF-8) หรือ "
                          "iconv -f TIS-620 -t UTF-8 ไฟล์.txt > ไฟล์-utf8.txt",
                          "save it as UTF-8, e.g. iconv -f TIS-620 -t UTF-8 in.txt > out.txt") from None
        raise _refuse(file, "not-utf8", "ไฟล์ข้อความนี้ไม่ใช่ UTF-8", "the text file is not UTF-8",
                      "บันทึกเป็น UTF-8", "save it as UTF-8") from None
    if "\x00" in text[:10000]:
        raise _refuse(file, "binary", "ไฟล์นี้ไม่ใช่ไฟล์ข้อความ", "the file is not text",
                      "ใช้ไฟล์ .txt (UTF-8) หรือ .docx", "use a .txt (UTF-8) or .docx file")
    return text


def import_plan(source: str | Path, *, file: str | None = None):
    """Import a plan from a .docx or .txt file; returns an :class:`ImportResult`."""
    from antong_reports.sources.guard import read_bounded

    path = Path(source)
    file = file or str(path)
    suffix = path.suffix.lower()
    error = lambda issues: ImportRefused(issues, 2)  # noqa: E731 - I/O problems exit 2
    if suffix == ".docx":
        data = read_bounded(path, max_bytes=MAX_DOCX_BYTES, error=error, file=file)
        return import_docx_bytes(data, file)
    if suffix in (".txt", ".text", ""):
        data = read_bounded(path, max_bytes=MAX_TEXT_BYTES, error=error, file=file)
        return import_text(decode_text(data, file), file)
    if suffix == ".doc":
        raise _refuse(file, "legacy-doc", "ไฟล์ .doc (Word รุ่นเก่า) นำเข้าไม่ได้",
                      "an old Word .doc file cannot be imported",
                      "เปิดใน Word/LibreOffice แล้วบันทึกเป็น .docx", "open it and save as .docx", 2)
    if suffix == ".pdf":
        raise _refuse(file, "pdf", "ยังนำเข้า PDF โดยตรงไม่ได้", "PDF files are not imported directly",
                      "ใช้ pdftotext -layout แผน.pdf แผน.txt แล้วนำเข้า .txt",
                      "run pdftotext -layout plan.pdf plan.txt and import the .txt", 2)
    raise _refuse(file, "unknown-type", f"ไม่รู้จักชนิดไฟล์ \"{suffix}\"", f"unknown file type \"{suffix}\"",
                  "ใช้ .docx หรือ .txt (UTF-8)", "use .docx or .txt (UTF-8)", 2)


def import_text(text: str, file: str = "<text>"):
    from antong_reports.sources.importer.blocks import text_blocks
    from antong_reports.sources.importer.normalize import drop_page_furniture

    furniture: Counter = Counter()
    raw = text.split("\n")
    breaks = frozenset(i for i, line in enumerate(raw) if "\f" in line)
    lines = drop_page_furniture(raw, furniture)
    if not "".join(lines).strip():
        raise _refuse(file, "empty", "ไฟล์ว่าง", "the file is empty", "เลือกไฟล์แผนที่มีเนื้อหา",
                      "choose the plan file with its content")
    return _run(text_blocks("\n".join(lines), breaks), file, furniture)


def import_docx_bytes(data: bytes, file: str = "<docx>"):
    from antong_reports.sources.guard import open_office_zip
    from antong_reports.sources.importer.blocks import docx_blocks

    if not data:
        raise _refuse(file, "empty", "ไฟล์ว่าง", "the file is empty", "เลือกไฟล์ .docx ที่มีเนื้อหา",
                      "choose a .docx with content")
    parts = open_office_zip(data, file=file, error=lambda issues: ImportRefused(issues, 1),
                            what_th="ไฟล์ Word (.docx)", what_en="a Word file (.docx)")
    if "word/document.xml" not in parts:
        raise _refuse(file, "not-docx", "ไม่พบเนื้อหาเอกสาร Word (word/document.xml)",
                      "no Word document body (word/document.xml) in the file",
                      "บันทึกไฟล์ใหม่จาก Word เป็น .docx", "save it again from Word as .docx")
    try:
        blocks = docx_blocks(parts)
    except Exception as exc:  # lxml raises XMLSyntaxError and friends
        raise _refuse(file, "bad-xml", f"อ่าน XML ในไฟล์ไม่ได้ ({type(exc).__name__})",
                      f"the file's XML cannot be read ({type(exc).__name__}: {exc})",
                      "บันทึกไฟล์ใหม่จาก Word", "save it again from Word") from None
    return _run(blocks, file, Counter())


def _run(blocks, file: str, furniture: Counter):
    from antong_reports.sources.importer.parse import NotAPlan, Parser

    t0 = time.perf_counter()
    if len(blocks) > MAX_BLOCKS:
        raise _refuse(file, "too-large", f"เอกสารยาวเกินไป ({len(blocks):,} ย่อหน้า)",
                      f"the document is too long ({len(blocks):,} paragraphs)",
                      f"ไม่เกิน {MAX_BLOCKS:,} ย่อหน้า", f"at most {MAX_BLOCKS:,} paragraphs")
    if not any(getattr(b, "text", "").strip() or getattr(b, "rows", None) for b in blocks):
        raise _refuse(file, "empty", "เอกสารไม่มีข้อความ", "the document holds no text",
                      "เลือกไฟล์แผนที่มีเนื้อหา", "choose the plan file with its content")
    try:
        result = Parser(blocks, file, furniture).run()
    except NotAPlan as exc:
        raise _refuse(file, exc.code, exc.th, exc.en, exc.fix_th, exc.fix_en, 1,
                      str(exc.place) if exc.place else "") from None
    return ImportResult(result.plan, tuple(result.findings), dict(result.guesses.notes),
                        result.normalised, file, time.perf_counter() - t0)
