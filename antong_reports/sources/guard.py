"""Bounded, safe reading of every input before a parser sees it.

Every way in (plan files, progress files, workbooks, documents to import) reads its bytes through
:func:`read_bounded`, which refuses what is not a regular file (a folder, a named pipe, a device
such as ``/dev/zero``, also behind a symlink) *without opening it*, and reads at most a fixed number
of bytes. Office files (DOCX, XLSX) are zip containers: :func:`open_office_zip` checks the
container before any XML parser runs — entry count, declared and real uncompressed sizes,
compression ratio, encryption — and refuses XML that declares a DTD or entities.

Each function raises the caller's own error class (``error=``), an
:class:`~antong_reports.common.errors.AntongError` built from a list of
:class:`~antong_reports.common.errors.Issue`, so the message names the file and the fix in Thai and
English.
"""

from __future__ import annotations

import io
import os
import re
import stat
import zipfile
import zlib
from pathlib import Path
from typing import Callable, Iterable

import attrs

from antong_reports.common.errors import Issue, PlanFileError, Severity

ErrorFactory = Callable[[Iterable[Issue]], Exception]


@attrs.frozen
class ZipLimits:
    """Bounds of a zip container (DOCX/XLSX)."""

    max_entries: int = 2_000
    max_member: int = 64 * 1024 * 1024       # one uncompressed part
    max_total: int = 200 * 1024 * 1024       # all parts, uncompressed
    max_ratio: int = 200                     # uncompressed / compressed, per part larger than 1 MiB


DEFAULT_ZIP_LIMITS = ZipLimits()
_KIND = (
    (stat.S_ISDIR, "โฟลเดอร์", "a directory"),
    (stat.S_ISFIFO, "named pipe (FIFO)", "a named pipe (FIFO)"),
    (stat.S_ISCHR, "อุปกรณ์ (character device)", "a character device"),
    (stat.S_ISBLK, "อุปกรณ์ (block device)", "a block device"),
    (stat.S_ISSOCK, "socket", "a socket"),
)


def issue(code: str, th: str, en: str, fix_th: str, fix_en: str, file: str | None,
          path: str = "") -> Issue:
    return Issue(Severity.ERROR, code, th, en, fix_th, fix_en, file=file, path=path)


def read_bounded(path: str | Path, *, max_bytes: int, error: ErrorFactory = PlanFileError,
                 file: str | None = None) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``; anything else raises ``error``."""
    path = Path(path)
    file = file or str(path)

    def fail(code: str, th: str, en: str, fix_th: str, fix_en: str) -> Exception:
        return error([issue(code, th, en, fix_th, fix_en, file)])

    try:
        st = os.stat(path)  # follows symlinks; never opens, so a FIFO cannot block here
    except FileNotFoundError:
        raise fail("file-not-found", "ไม่พบไฟล์", "the file does not exist",
                   "ตรวจชื่อไฟล์และโฟลเดอร์", "check the file name and folder") from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise fail("unreadable", f"อ่านไฟล์ไม่ได้ ({reason})", f"cannot read the file ({reason})",
                   "ตรวจชื่อและสิทธิ์การอ่านไฟล์", "check the file name and read permission") from None
    if not stat.S_ISREG(st.st_mode):
        th, en = next(((t, e) for test, t, e in _KIND if test(st.st_mode)),
                      ("ไม่ใช่ไฟล์ปกติ", "not a regular file"))
        code = "is-directory" if stat.S_ISDIR(st.st_mode) else "not-regular-file"
        raise fail(code, f"ที่ระบุเป็น{th} ไม่ใช่ไฟล์", f"this is {en}, not a regular file",
                   "ระบุไฟล์ปกติที่บันทึกไว้บนดิสก์", "name an ordinary file saved on disk")
    if st.st_size > max_bytes:
        raise fail("file-too-large", f"ไฟล์ใหญ่เกินไป ({st.st_size:,} ไบต์)",
                   f"the file is too large ({st.st_size:,} bytes)",
                   f"ไฟล์ต้องไม่เกิน {max_bytes:,} ไบต์", f"the limit is {max_bytes:,} bytes")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):  # replaced since the stat
                raise fail("not-regular-file", "ไฟล์ถูกเปลี่ยนระหว่างอ่าน", "the file changed while read",
                           "ลองอีกครั้ง", "try again")
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise fail("unreadable", f"อ่านไฟล์ไม่ได้ ({reason})", f"cannot read the file ({reason})",
                   "ตรวจสิทธิ์การอ่านไฟล์", "check the file's read permission") from None
    if len(data) > max_bytes:
        raise fail("file-too-large", "ไฟล์ใหญ่เกินไป", "the file is too large",
                   f"ไฟล์ต้องไม่เกิน {max_bytes:,} ไบต์", f"the limit is {max_bytes:,} bytes")
    return data


def open_office_zip(data: bytes, *, file: str, error: ErrorFactory = PlanFileError,
                    limits: ZipLimits = DEFAULT_ZIP_LIMITS, what_th: str = "ไฟล์ Office",
                    what_en: str = "an Office file") -> dict[str, bytes]:
    """Every part of a DOCX/XLSX container, checked and read within ``limits``.

    Refuses: not a zip, an encrypted file, too many parts, parts or totals too large (declared or
    real), a suspicious compression ratio, and XML declaring a DTD or entities.
    """

    def fail(code: str, th: str, en: str, fix_th: str, fix_en: str, part: str = "") -> Exception:
        return error([issue(code, th, en, fix_th, fix_en, file, part)])

    if data[:4] != b"PK\x03\x04" and data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise fail("encrypted-or-legacy",
                   f"ไฟล์นี้ถูกเข้ารหัสด้วยรหัสผ่าน หรือเป็นรูปแบบเก่า (.doc/.xls) ไม่ใช่{what_th}",
                   f"the file is password-protected or an old .doc/.xls, not {what_en}",
                   "เปิดในโปรแกรม ถอดรหัสผ่าน แล้วบันทึกเป็น .docx/.xlsx",
                   "open it, remove the password and save as .docx/.xlsx")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, NotImplementedError,
            OSError, zlib.error):
        raise fail("not-a-zip", f"ไฟล์นี้ไม่ใช่{what_th} (ไม่ใช่ไฟล์ zip หรือไฟล์เสีย)",
                   f"the file is not {what_en} (not a zip container, or damaged)",
                   "บันทึกไฟล์ใหม่จาก Word/Excel/LibreOffice", "save it again from Word/Excel/LibreOffice"
                   ) from None
    _check_declared(infos, limits, fail)
    return _read_parts(zf, infos, limits, fail)


def _too_large(fail: Callable[..., Exception], limits: ZipLimits, part: str) -> Exception:
    return fail("zip-too-large", "ข้อมูลเมื่อขยายแล้วใหญ่เกินขีดจำกัด (zip bomb?)",
                "the uncompressed content exceeds the limit (a zip bomb?)",
                f"ส่วนละไม่เกิน {limits.max_member:,} ไบต์ รวมไม่เกิน {limits.max_total:,} ไบต์",
                f"at most {limits.max_member:,} bytes a part and {limits.max_total:,} in all", part)


def _check_declared(infos: list[zipfile.ZipInfo], limits: ZipLimits,
                    fail: Callable[..., Exception]) -> None:
    """What the directory declares, before anything is read: the number of parts, no encrypted
    part, sizes and compression ratios within the limits."""
    if len(infos) > limits.max_entries:
        raise fail("zip-too-many-parts", f"มีส่วนประกอบ {len(infos):,} ส่วน เกิน {limits.max_entries:,}",
                   f"{len(infos):,} parts, more than {limits.max_entries:,}",
                   "ตรวจว่าเป็นไฟล์ที่ถูกต้อง", "check that this is the right file")
    declared = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise fail("encrypted", "ไฟล์ถูกเข้ารหัส", "the file is encrypted",
                       "ถอดรหัสผ่านแล้วบันทึกใหม่", "remove the password and save again", info.filename)
        declared += info.file_size
        ratio_bad = (info.file_size > 1024 * 1024
                     and info.file_size > limits.max_ratio * max(info.compress_size, 1))
        if info.file_size > limits.max_member or declared > limits.max_total or ratio_bad:
            raise _too_large(fail, limits, info.filename)


def _read_parts(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], limits: ZipLimits,
                fail: Callable[..., Exception]) -> dict[str, bytes]:
    """Every part's bytes, read no further than the limits (whatever the directory declared); XML
    declaring a DTD or entities is refused."""
    parts: dict[str, bytes] = {}
    total = 0
    for info in infos:
        if info.is_dir():
            continue
        try:
            with zf.open(info) as fh:
                body = fh.read(limits.max_member + 1)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError,
                ValueError, zlib.error) as exc:   # damaged data: bad lengths, offsets, streams
            raise fail("not-a-zip", f"อ่านส่วน {info.filename} ไม่ได้ ({exc})",
                       f"cannot read part {info.filename} ({exc})",
                       "บันทึกไฟล์ใหม่จาก Word/Excel/LibreOffice",
                       "save it again from Word/Excel/LibreOffice", info.filename) from None
        total += len(body)
        if len(body) > limits.max_member or total > limits.max_total:
            raise _too_large(fail, limits, info.filename)
        if info.filename.endswith((".xml", ".rels", ".vml")) and has_dtd(body):
            raise fail("xml-dtd", "XML ในไฟล์ประกาศ DTD หรือ entity ซึ่งไม่อนุญาต",
                       "the file's XML declares a DTD or entities, which are refused",
                       "บันทึกไฟล์ใหม่จาก Word/Excel/LibreOffice",
                       "save it again from Word/Excel/LibreOffice", info.filename)
        parts[info.filename] = body
    return parts


_DTD_RE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def has_dtd(xml: bytes) -> bool:
    """Whether XML bytes declare a document type or an entity, anywhere in the part (a prolog may
    hold megabytes of comments or spaces before the DTD), in UTF-8 or UTF-16 with or without a
    byte order mark. A comment or CDATA holding the words is refused too: content never does."""
    if xml.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in xml[:4]:
        if xml.startswith((b"\xff\xfe", b"\xfe\xff")):
            encoding = "utf-16"
        else:
            encoding = "utf-16-be" if xml[:1] == b"\x00" else "utf-16-le"
        xml = xml.decode(encoding, errors="replace").encode("utf-8", errors="replace")
    return _DTD_RE.search(xml) is not None


def count_cells(sheet_xml: bytes) -> int:
    """The number of cells a worksheet part holds (``<c`` elements), without parsing it."""
    return sheet_xml.count(b"<c ") + sheet_xml.count(b"<c>") + sheet_xml.count(b":c ")


def zip_bytes(parts: dict[str, bytes]) -> io.BytesIO:
    """A checked container again as a file object for python-docx/openpyxl (stored, no compression)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        for name, body in parts.items():
            z.writestr(name, body)
    buf.seek(0)
    return buf
