"""The upload pack: every file E-PlanNACC and the ITA assessment ask of an organization this year.

``antong-reports pack PLAN [--progress FILE ...] --year 2567 [--ita-year 2568] [-o DIR]`` writes
DIR holding:

* the five-year plan (DOCX, PDF), the budget workbook and the summary PDF (the build generators);
* the one-year plan of ``--year`` (DOCX, PDF);
* the 6-month and annual reports of that year that the progress files hold (DOCX, PDF, XLSX);
* an E-PlanNACC workbook (the project sheet of the budget workbook and one report row per project
  for each reported round, in the web forms' order);
* an index page (PDF, Thai) and ``manifest.json`` listing every file with its purpose, the ITA item
  it answers for the chosen assessment year and agency group (the register
  ``model/data/ita-register.yaml``, docs/ita.md; unconfirmed codes say so; ``--ita-item KIND=CODE``
  overrides a code and the manifest records it), its size and SHA-256;
* a zip of all of the above.

File names are ASCII and stable. Every file is checked after it is written (DOCX/XLSX: the zip and
its XML parse; PDF: the structure, and with ``pdffonts`` when installed that every font is
embedded; every file under a size limit). The pack writes only its own files, atomically: a new
DIR is built as a temporary folder beside it and renamed into place; into an existing folder only
the pack's files are placed (all or none), and nothing else in it is deleted, renamed or changed;
a DIR that exists and is not a folder (a file, a symlink) is an error unless ``--force``, which
replaces it leaving nothing behind. The same inputs give byte-identical files.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Callable, Iterable, Mapping, Sequence
from xml.parsers import expat

import attrs

from antong_reports.thai import text as tt
from antong_reports.build import NO_WRITE_FIX
from antong_reports.common.errors import AntongError, Issue, OutputError
from antong_reports.model.ita import DEFAULT_GROUP, GROUPS, ItaItem, parse_override, register, resolve_items
from antong_reports.model.ita import KINDS as ITA_KINDS
from antong_reports.model.plan import Plan
from antong_reports.model.progress import ProgressFile
from antong_reports.common.errors import ProgressInvalid
from antong_reports.sources.progress_file import load_progress
from antong_reports.common.settings import Settings
from antong_reports.render.ziputil import FIXED_DATE, repack

#: default limit of one file's size in bytes (a configurable upload limit)
DEFAULT_MAX_BYTES = 20_000_000
MANIFEST = "manifest.json"
MANIFEST_FORMAT = "antong-reports pack 1"
#: the kind of each document of the pack (an ITA item names the kind that answers it)
DOCUMENT_KINDS = ITA_KINDS


class PackError(AntongError):
    """The pack could not be made (a generator failed, a file failed its check, I/O)."""


# =========================================================================== ITA items

def items_answered(kind: str, fiscal_years: Sequence[int], items: Sequence[ItaItem],
                   ita_year: int | None) -> tuple[ItaItem, ...]:
    """The items (of assessment ``ita_year``) that a document of ``kind`` covering
    ``fiscal_years`` answers."""
    if ita_year is None:
        return ()
    return tuple(i for i in items if i.kind == kind and i.year(ita_year) in fiscal_years)


def ita_label(item: ItaItem, thai: bool = True) -> str:
    """A code as the pack prints it: ``"O25 (ยังไม่ยืนยัน)"`` when unconfirmed."""
    if item.confirmed:
        return item.code
    return f"{item.code} ({UNCONFIRMED_TH if thai else UNCONFIRMED_EN})"


UNCONFIRMED_TH = "ยังไม่ยืนยัน"
UNCONFIRMED_EN = "unconfirmed"


# =========================================================================== the files

@attrs.frozen
class PackFile:
    name: str  # ASCII file name
    data: bytes = attrs.field(repr=False)
    purpose_th: str
    purpose_en: str
    kind: str = ""  # one of DOCUMENT_KINDS, or "" for workbooks and the index
    fiscal_years: tuple[int, ...] = ()

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@attrs.frozen
class PackResult:
    outdir: Path
    zip_path: Path
    files: tuple[Path, ...]
    manifest: dict
    warnings: tuple[Issue, ...]


def merge_progress(files: Sequence[ProgressFile]) -> ProgressFile | None:
    """Several progress files (e.g. one per round) as one; the later names and flags win."""
    if not files:
        return None
    merged = files[0]
    for f in files[1:]:
        if f.plan != merged.plan:
            raise PackError(f"ไฟล์รายงานผลอ้างถึงแผนต่างกัน ({merged.plan}, {f.plan}) / "
                            f"the progress files refer to different plans ({merged.plan}, {f.plan})")
        merged = attrs.evolve(
            merged, records=merged.records + f.records, reports=merged.reports + f.reports,
            illustrative=merged.illustrative or f.illustrative,
            reporter=f.reporter if f.reporter.name else merged.reporter,
            executive=f.executive if f.executive.name else merged.executive)
    return merged


def _round_tag(round: int) -> str:
    return f"{round}m"


def _is_ascii_name(name: str) -> bool:
    return name.isascii() and all(c.isalnum() or c in "-_." for c in name) and not name.startswith(".")


def compose_pack(plan: Plan, progress: ProgressFile | None, year: int, ita_year: int | None,
                 settings: Settings, *, generate: Callable | None = None) -> list[PackFile]:
    """Every file of the pack except the index and the manifest, in memory, in pack order.

    ``generate``: the build's ``generate_all(plan, formats, settings)`` (replaceable in tests)."""
    from antong_reports.compose import reports as cr
    from antong_reports.build import generate_all
    from antong_reports.render.docx import render_docx
    from antong_reports.render.pdf import render_pdf
    from antong_reports.render.report_xlsx import eplan_workbook

    generate = generate or generate_all
    thai = settings.thai_digits
    slug = plan.slug
    files = _plan_files(plan, generate(plan, ["docx", "xlsx", "pdf"], settings), thai)
    year_title = cr.year_plan_title(year, thai)
    doc = cr.compose_year_plan(plan, year, settings)
    files.append(PackFile(f"{slug}-plan-{year}.docx", render_docx(doc, settings), f"{year_title} ฉบับ Word",
                          f"the one-year plan {year} (Word)", "plan", (year,)))
    files.append(PackFile(f"{slug}-plan-{year}.pdf", render_pdf(doc, settings), f"{year_title} ฉบับ PDF",
                          f"the one-year plan {year} (PDF)", "plan", (year,)))
    if progress:
        files += _report_files(plan, progress, year, settings)
    files.append(PackFile(
        f"{slug}-eplannacc-{year}.xlsx", eplan_workbook(plan, progress, year, settings),
        "ข้อมูลสำหรับกรอกในระบบ E-PlanNACC: บันทึกแผนรายโครงการ และรายงานผลรายโครงการแต่ละรอบ",
        "what to type into E-PlanNACC: one row per project (plan entry and each round's report)"))
    for f in files:
        if not _is_ascii_name(f.name):
            raise PackError(f"ชื่อไฟล์ต้องเป็น ASCII: {f.name!r} (ตรวจ slug ของแผน) / "
                            f"file names must be ASCII: {f.name!r} (check the plan's slug)")
    return files


def _plan_files(plan: Plan, built: Mapping[str, bytes], thai: bool) -> list[PackFile]:
    """The five-year plan's files the build made, as pack files."""
    slug = plan.slug
    period = f"{tt.year_range(plan.first_year, plan.last_year, thai)}"
    plan_years = plan.years
    wanted = {
        f"{slug}-plan.docx": (f"แผนปฏิบัติการป้องกันการทุจริต (พ.ศ. {period}) ฉบับ Word",
                              "the five-year plan (Word)", "plan"),
        f"{slug}-plan.pdf": (f"แผนปฏิบัติการป้องกันการทุจริต (พ.ศ. {period}) ฉบับ PDF สำหรับเผยแพร่",
                             "the five-year plan (PDF, to publish)", "plan"),
        f"{slug}-budget.xlsx": ("สมุดงานงบประมาณ ส่วนที่ ๒ สรุปงบประมาณ และข้อมูลบันทึกแผนใน E-PlanNACC",
                                "the budget workbook", ""),
        f"{slug}-summary.pdf": ("สรุปแผนสำหรับผู้บริหารและผู้ประเมิน", "the plan's summary (PDF)", ""),
    }
    files: list[PackFile] = []
    for name, (th, en, kind) in wanted.items():
        if name not in built:
            raise PackError(f"ตัวสร้างเอกสารไม่ได้สร้าง {name} / the generators did not produce {name}")
        files.append(PackFile(name, built[name], th, en, kind, plan_years if kind else ()))
    return files


def _report_files(plan: Plan, progress: ProgressFile, year: int, settings: Settings) -> list[PackFile]:
    """Each round's report of ``year``: Word, PDF and workbook."""
    from antong_reports.compose import reports as cr
    from antong_reports.render.docx import render_docx
    from antong_reports.render.pdf import render_pdf
    from antong_reports.render.report_xlsx import report_workbook

    thai = settings.thai_digits
    files: list[PackFile] = []
    for rnd in sorted({r for y, r in progress.rounds() if y == year}):
        title = cr.report_title(year, rnd, thai)
        doc = cr.compose_progress_report(plan, progress, year, rnd, settings)
        kind = f"report-{_round_tag(rnd)}"
        en = f"the {'6-month' if rnd == 6 else 'annual'} report {year}"
        base = f"{plan.slug}-report-{year}-{_round_tag(rnd)}"
        files.append(PackFile(f"{base}.docx", render_docx(doc, settings), f"{title} ฉบับ Word",
                              f"{en} (Word)", kind, (year,)))
        files.append(PackFile(f"{base}.pdf", render_pdf(doc, settings), f"{title} ฉบับ PDF",
                              f"{en} (PDF)", kind, (year,)))
        files.append(PackFile(f"{base}.xlsx", report_workbook(plan, progress, year, rnd, settings),
                              f"{title} ฉบับ Excel", f"{en} (workbook)", kind, (year,)))
    return files


def _ita_text(items: Iterable[ItaItem]) -> str:
    return "\n".join(ita_label(i) for i in items)


def compose_index(plan: Plan, files: Sequence[PackFile], year: int, ita_year: int | None,
                  illustrative: bool, settings: Settings, items: Sequence[ItaItem] = (),
                  group: str = DEFAULT_GROUP):
    """The Thai index page: one row per file with its purpose, ITA item, size and SHA-256; above
    it the assessment's items (code, title, the fiscal year asked, what the file must show),
    unconfirmed codes marked as such."""
    from antong_reports.compose import reports as cr
    from antong_reports.compose import tree as dt

    thai = settings.thai_digits
    p = _index_paragraph
    table = _index_table(files, items, ita_year, thai)
    title = "รายการเอกสารสำหรับระบบ E-PlanNACC และการประเมิน ITA"
    blocks: list = []
    if illustrative:
        blocks.append(p(f"[ {cr.SAMPLE_MARK} ] {cr.SAMPLE_NOTE}", bold=True, align=dt.Align.CENTER))
    blocks += [
        dt.Heading((dt.Run(title, bold=True),), level=0, bookmark="index", align=dt.Align.CENTER),
        p(plan.organization.name, bold=True, align=dt.Align.CENTER, size="large"),
        p(f"{cr.FISCAL_YEAR} {tt.digits(year, thai)}" +
          (f" · การประเมิน ITA พ.ศ. {tt.digits(ita_year, thai)} ({register().groups[group]})"
           if ita_year else ""),
          align=dt.Align.CENTER),
    ]
    blocks += _index_ita_items(items, ita_year, thai)
    blocks += [dt.Spacer(0.5), table,
               p("ตรวจความถูกต้องของไฟล์ได้จากค่า SHA-256 (เช่น คำสั่ง sha256sum) และ manifest.json",
                 size="small")]
    section = dt.Section(tuple(blocks), orientation=dt.Orientation.LANDSCAPE,
                         page_numbers=dt.PageNumbers.DIGITS, page_start=1, name="index")
    import datetime as _dt

    meta = dt.Meta(title=f"{title} {plan.organization.name} {tt.digits(year, thai)}",
                   author=plan.organization.name, subject=title, keywords=("E-PlanNACC", "ITA"),
                   created=_dt.datetime.combine(plan.date, _dt.time(0, 0)))
    return dt.Document(meta=meta, sections=(section,), thai_digits=thai)


def _index_paragraph(text, *, bold=False, align=None, size="body"):
    from antong_reports.compose import tree as dt

    return dt.Paragraph((dt.Run(text, bold=bold),), align=align or dt.Align.LEFT, size=size)


def _index_cell(text, *, bold=False, align=None, shade=False, value=None):
    from antong_reports.compose import tree as dt

    align = align or dt.Align.LEFT
    return dt.Cell(tuple(_index_paragraph(t, bold=bold, align=align, size="small")
                         for t in text.split("\n")),
                   align=align, shade=shade, value=value)


def _index_table(files: Sequence[PackFile], items: Sequence[ItaItem], ita_year: int | None,
                 thai: bool):
    """The index's table: one row per file with its purpose, ITA item, size and SHA-256."""
    from antong_reports.compose import tree as dt

    cell = _index_cell
    head = ("ลำดับ", "ไฟล์", "เอกสาร", "ตัวชี้วัด ITA", "ขนาด (ไบต์)", "SHA-256")
    rows = [dt.Row(tuple(cell(h, bold=True, align=dt.Align.CENTER, shade=True) for h in head),
                   kind="header")]
    for i, f in enumerate(files, start=1):
        sha = f.sha256
        rows.append(dt.Row((
            cell(tt.number(i, thai), align=dt.Align.CENTER, value=i),
            cell(f.name),
            cell(f.purpose_th),
            cell(_ita_text(items_answered(f.kind, f.fiscal_years, items, ita_year)) or tt.DASH,
                 align=dt.Align.CENTER),
            cell(tt.number(len(f.data), thai), align=dt.Align.RIGHT, value=len(f.data)),
            cell(f"{sha[:32]}\n{sha[32:]}"),
        ), kind="body", key=f.name))
    return dt.Table(widths=(1.1, 7.2, 6.6, 1.8, 2.1, 5.9), rows=rows, header_rows=1, name="pack-index")


def _index_ita_items(items: Sequence[ItaItem], ita_year: int | None, thai: bool) -> list:
    """The assessment's items the pack answers (code, title, the fiscal year asked, what the file
    must show), unconfirmed codes marked as such."""
    p = _index_paragraph
    blocks: list = []
    if items:
        blocks.append(p("ตัวชี้วัด ITA ที่เอกสารในชุดนี้ตอบ:", bold=True))
        for it in items:
            fy = it.year(ita_year)
            note = " (กำหนดโดยผู้ใช้ตามคู่มือการประเมินปีปัจจุบัน)" if it.overridden else ""
            blocks.append(p(f"{ita_label(it)} {it.title} (ปีงบประมาณ พ.ศ. {tt.digits(fy, thai)}){note}"
                            f": {it.contents}", size="small"))
        if any(not it.confirmed for it in items):
            blocks.append(p(f"รหัสที่มีคำว่า \"{UNCONFIRMED_TH}\" ยังไม่ได้ยืนยันจากเอกสารการประเมินของปีนั้น"
                            " ตรวจกับคู่มือการประเมินก่อนส่ง (แก้ได้ด้วย --ita-item)", size="small"))
    elif ita_year:
        blocks.append(p(f"ยังไม่มีข้อมูลตัวชี้วัด ITA ของปี พ.ศ. {tt.digits(ita_year, thai)} ในโปรแกรม"
                        " (ระบุด้วย --ita-item)"))
    return blocks


def manifest_data(plan: Plan, progress: ProgressFile | None, files: Sequence[PackFile], year: int,
                  ita_year: int | None, items: Sequence[ItaItem] = (), group: str = DEFAULT_GROUP,
                  overrides: Mapping[str, str] | None = None) -> dict:
    """The manifest: no timestamps other than the plan's and the reports' own dates. Records the
    ITA items used (with their source and whether confirmed) and the officer's overrides."""
    registered = {i.kind: i.code for i in register().items(ita_year, group)} if ita_year else {}
    return {
        "format": MANIFEST_FORMAT,
        "plan": {"slug": plan.slug, "title": plan.title, "organization": plan.organization.name,
                 "first_year": plan.first_year, "last_year": plan.last_year,
                 "date": plan.date.isoformat()},
        "fiscal_year": year,
        "ita_year": ita_year,
        "ita_group": group,
        "ita_items": [{"code": i.code, "kind": i.kind, "title": i.title,
                       "fiscal_year": i.year(ita_year), "contents": i.contents, "source": i.source,
                       "confirmed": i.confirmed, "overridden": i.overridden} for i in items],
        "ita_overrides": [{"kind": k, "code": c, "register_code": registered.get(k)}
                          for k, c in (overrides or {}).items()],
        "progress": None if progress is None else {
            "illustrative": progress.illustrative,
            "rounds": [{"year": y, "round": r,
                        "date": (d.isoformat() if (d := progress.report_date(y, r)) else None)}
                       for y, r in progress.rounds() if y == year],
        },
        "files": [{
            "name": f.name,
            "purpose_th": f.purpose_th,
            "purpose_en": f.purpose_en,
            "ita": [i.code for i in items_answered(f.kind, f.fiscal_years, items, ita_year)],
            "size": len(f.data),
            "sha256": f.sha256,
        } for f in files],
    }


def pack_warnings(plan: Plan, progress: ProgressFile | None, files: Sequence[PackFile], year: int,
                  ita_year: int | None, items: Sequence[ItaItem], settings: Settings) -> list[Issue]:
    """What an assessor would find missing: an ITA item no file answers, the year's 6-month or
    annual report, a report without its signing date or dated before its round ends, a report
    that does not state its period (October–March, October–September) in the Buddhist era."""
    from antong_reports.compose import reports as cr
    from antong_reports.compose.tree import document_text
    from antong_reports.common.errors import Severity

    out: list[Issue] = []

    def warn(code, th, en, fix_th, fix_en):
        out.append(Issue(Severity.WARNING, code, th, en, fix_th, fix_en, path="pack"))

    for it in items:
        if not any(items_answered(f.kind, f.fiscal_years, (it,), ita_year) for f in files):
            fy = it.year(ita_year)
            warn("ita-item-unanswered",
                 f"ตัวชี้วัด {ita_label(it)} ของการประเมิน ITA พ.ศ. {tt.digits(ita_year)} ต้องการ"
                 f" {register().kinds[it.kind]} ปีงบประมาณ พ.ศ. {tt.digits(fy)} แต่ชุดเอกสารนี้ไม่มี",
                 f"ITA {ita_year} item {it.code} asks for the {it.kind} of fiscal year {fy}, which"
                 " the pack does not hold",
                 "เพิ่มไฟล์รายงานผลของปีนั้นด้วย --progress หรือทำชุดเอกสารของปีนั้น (--year)",
                 "add that year's progress file with --progress, or make the pack of that year (--year)")
    rounds = {r for y, r in progress.rounds() if y == year} if progress else set()
    for rnd, kind in ((6, "report-6m"), (12, "report-12m")):
        if rnd not in rounds:
            warn(f"missing-{kind}",
                 f"ชุดเอกสารไม่มี{register().kinds[kind]} ปีงบประมาณ พ.ศ. {tt.digits(year)}"
                 f" ({cr.fiscal_period(year, rnd)})",
                 f"the pack has no {'6-month' if rnd == 6 else 'annual'} report of fiscal year {year}",
                 "เพิ่มไฟล์รายงานผลรอบนี้ด้วย --progress (ไม่ต้องแก้ถ้ายังไม่สิ้นรอบ)",
                 "add the round's progress file with --progress (nothing to do before the round ends)")
            continue
        start, end = tt.fiscal_year_bounds(year)
        if rnd == 6:
            end = _dt.date(start.year + 1, 3, 31)
        date = progress.report_date(year, rnd)
        if date is None:
            warn("report-undated",
                 f"{cr.report_title(year, rnd)} ไม่มีวันที่รายงาน", f"the {rnd}-month report has no date",
                 "ระบุ reports: - {year: …, round: …, date: …} ในไฟล์รายงานผล",
                 "give reports: - {year, round, date} in the progress file")
        elif date < end:
            warn("report-dated-early",
                 f"{cr.report_title(year, rnd)} ลงวันที่ {tt.thai_date(date)} ก่อนสิ้นรอบ ({tt.thai_date(end)})",
                 f"the {rnd}-month report is dated {date.isoformat()}, before its round ends ({end.isoformat()})",
                 "แก้วันที่รายงานให้หลังสิ้นรอบ", "date the report after its round ends")
        doc = cr.compose_progress_report(plan, progress, year, rnd, settings)
        text = " ".join(document_text(doc).split())
        period = " ".join(cr.fiscal_period(year, rnd, settings.thai_digits).split())
        if period not in text:
            warn("report-period-missing",
                 f"{cr.report_title(year, rnd)} ไม่ได้ระบุช่วงเวลาที่รายงาน ({period})",
                 f"the {rnd}-month report does not state its period ({period})",
                 "แจ้งผู้ดูแลโปรแกรม", "report this to the program's maintainers")
    return out


# =========================================================================== checks

def _pdffonts() -> str | None:
    return shutil.which("pdffonts")


def check_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
    """Check one written file: it opens as what its name says, and it is not too large.

    Raises :class:`PackError`."""
    name = path.name
    size = path.stat().st_size
    if size > max_bytes:
        raise PackError(f"{name}: ขนาด {size:,} ไบต์ เกินขีดจำกัด {max_bytes:,} ไบต์ / "
                        f"{name}: {size:,} bytes is above the limit of {max_bytes:,} bytes")
    if size == 0:
        raise PackError(f"{name}: ไฟล์ว่าง / {name}: the file is empty")
    suffix = path.suffix.lower()
    try:
        if suffix in (".docx", ".xlsx", ".zip"):
            with zipfile.ZipFile(path) as z:
                bad = z.testzip()
                if bad is not None:
                    raise PackError(f"{name}: {bad} เสีย / {name}: entry {bad} is corrupt")
                if suffix != ".zip":
                    names = z.namelist()
                    required = "word/document.xml" if suffix == ".docx" else "xl/workbook.xml"
                    if required not in names or "[Content_Types].xml" not in names:
                        raise PackError(f"{name}: ไม่ใช่ไฟล์ Office / {name}: not an Office file")
                    for entry in names:
                        if entry.endswith((".xml", ".rels")):
                            parser = expat.ParserCreate()  # well-formedness only, no tree
                            parser.Parse(z.read(entry), True)
        elif suffix == ".pdf":
            data = path.read_bytes()
            if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
                raise PackError(f"{name}: ไม่ใช่ไฟล์ PDF ที่สมบูรณ์ / {name}: not a complete PDF")
            tool = _pdffonts()
            if tool:
                proc = subprocess.run([tool, str(path)], capture_output=True, text=True, timeout=120)
                if proc.returncode != 0:
                    raise PackError(f"{name}: pdffonts อ่านไม่ได้ / {name}: pdffonts failed: {proc.stderr}")
                for line in proc.stdout.splitlines()[2:]:
                    parts = line.split()
                    if len(parts) >= 7 and parts[-5] != "yes":
                        raise PackError(f"{name}: ฟอนต์ {parts[0]} ไม่ได้ฝังในไฟล์ / "
                                        f"{name}: font {parts[0]} is not embedded")
        elif suffix == ".json":
            json.loads(path.read_text("utf-8"))
    except PackError:
        raise
    except Exception as exc:  # zipfile, expat, JSON and OS errors: the file does not open
        raise PackError(f"{name}: เปิดไฟล์ไม่ได้ ({exc}) / {name}: the file does not open ({exc})") from None


# =========================================================================== writing

def zip_bytes(folder: str, files: Mapping[str, bytes]) -> bytes:
    """A zip of ``files`` under ``folder/`` with fixed dates and order (deterministic)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=FIXED_DATE)
            z.writestr(info, data)
    return repack(buf.getvalue())


def write_pack(outdir: Path, files: Mapping[str, bytes], zip_name: str,
               max_bytes: int = DEFAULT_MAX_BYTES, *, force: bool = False) -> list[Path]:
    """Write ``files`` and their zip into ``outdir``; check every file before it is placed.

    Only the pack's own files are ever written or replaced, atomically:

    * ``outdir`` does not exist: the folder is built as a hidden temporary sibling, checked, and
      renamed into place in one step;
    * ``outdir`` is a folder: the pack's files are placed in it with
      :func:`antong_reports.build.write_atomically` (all or none); every other file in it is left
      exactly as it was;
    * ``outdir`` is anything else (a file, a symlink, a pipe): :class:`OutputError`, unless
      ``force``; then it is replaced by the new folder and nothing of it is left behind.
    """
    from antong_reports.build import write_atomically

    outdir = Path(outdir)
    parent = outdir.parent if str(outdir.parent) else Path(".")
    is_link = outdir.is_symlink()
    exists = is_link or outdir.exists()
    if exists and (is_link or not outdir.is_dir()) and not force:
        what_th, what_en = (("ลิงก์ (symlink)", "a symbolic link") if is_link else
                            ("ไฟล์ที่ไม่ใช่โฟลเดอร์", "not a folder"))
        raise OutputError(f"{outdir} มีอยู่แล้วและเป็น{what_th} ไม่เขียนทับ (ใช้ --force เพื่อแทนที่) / "
                          f"{outdir} exists and is {what_en}; it is not replaced (use --force to "
                          "replace it)")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{outdir.name}.", suffix=".tmp", dir=parent))
    except OSError as exc:
        raise OutputError(f"สร้างโฟลเดอร์ใน {parent} ไม่ได้ ({exc.strerror}) / "
                          f"cannot create a folder in {parent} ({exc.strerror})" + NO_WRITE_FIX) from None
    all_files = dict(files)
    try:
        all_files[zip_name] = zip_bytes(Path(zip_name).stem, files)  # a stable folder name
        for name, data in all_files.items():
            target = tmp / name
            with open(target, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            check_file(target, max_bytes)
        os.chmod(tmp, 0o777 & ~_umask())
        if exists and outdir.is_dir() and not is_link:
            write_atomically(outdir, all_files, force=force)  # beside the user's files
        elif exists:                                # --force: the file or link gives way
            _replace_with_folder(outdir, tmp, parent)
        else:
            os.rename(tmp, outdir)
    except OSError as exc:
        raise OutputError(f"เขียนชุดเอกสารใน {outdir} ไม่ได้ ({exc.strerror}) / "
                          f"cannot write the pack in {outdir} ({exc.strerror})" + NO_WRITE_FIX) from None
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return [outdir / n for n in all_files]


def _replace_with_folder(outdir: Path, folder: Path, parent: Path) -> None:
    """Put ``folder`` where the non-folder ``outdir`` is; the old entry is gone afterwards (on
    failure it is put back)."""
    fd, aside = tempfile.mkstemp(prefix=f".{outdir.name}.", suffix=".replaced", dir=parent)
    os.close(fd)
    os.replace(outdir, aside)                       # the link itself, never what it points to
    try:
        os.rename(folder, outdir)
    except BaseException:
        os.replace(aside, outdir)
        raise
    os.unlink(aside)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def load_progress_any(path: Path, plan: Plan) -> ProgressFile:
    """A progress file: YAML, or a filled progress workbook (.xlsx)."""
    return load_progress_placed(path, plan)[0]


def load_progress_placed(path: Path, plan: Plan) -> tuple[ProgressFile, dict[str, str] | None]:
    """A progress file and, for a workbook, the cell of each field path (None for YAML, whose
    issues get their lines from the file)."""
    if path.suffix.lower() == ".xlsx":
        from antong_reports.sources.progress_workbook import read_progress_workbook_placed

        return read_progress_workbook_placed(path, plan)
    return load_progress(path), None


def make_pack(plan_path: str | Path | None, progress_paths: Sequence[str | Path], year: int,
              ita_year: int | None = None, outdir: str | Path | None = None,
              settings: Settings | None = None, max_bytes: int = DEFAULT_MAX_BYTES, *,
              generate: Callable | None = None, ita_group: str = DEFAULT_GROUP,
              ita_overrides: Mapping[str, str] | Sequence[str] = (), force: bool = False) -> PackResult:
    """Validate the plan and the progress files, build every file in memory, write the pack.

    ``ita_year`` defaults to the assessment that looks at ``year``'s results (``year + 1``);
    ``ita_group`` picks the register's agency group; ``ita_overrides`` (``{"plan": "O22"}`` or
    ``["plan=O22"]``) replace the register's codes and are recorded in the manifest.
    Raises PlanFileError/PlanInvalid, ProgressFileError/ProgressInvalid, PackError, OutputError."""
    from antong_reports.build import default_plan_path
    from antong_reports.validate.plan import load_and_validate

    settings = settings or Settings()
    path = Path(plan_path) if plan_path is not None else default_plan_path()
    plan, warnings = load_and_validate(path)
    if year not in plan.years:
        raise PackError(f"ปีงบประมาณ {year} อยู่นอกช่วงของแผน ({plan.first_year}-{plan.last_year}) / "
                        f"fiscal year {year} is outside the plan ({plan.first_year}-{plan.last_year})")
    if ita_year is None:
        ita_year = year + 1
    ita_overrides, items = _ita_items(ita_year, ita_group, ita_overrides)
    progress, progress_warnings = _load_progress_files(progress_paths, plan)
    all_warnings = list(warnings) + progress_warnings
    outdir = Path(outdir) if outdir is not None else Path("out") / f"{plan.slug}-pack-{year}"
    files = _build_files(plan, progress, year, ita_year, settings, generate, items, ita_group)
    manifest = manifest_data(plan, progress, files, year, ita_year, items, ita_group, ita_overrides)
    all_warnings += pack_warnings(plan, progress, files, year, ita_year, items, settings)
    data = {f.name: f.data for f in files}
    data[MANIFEST] = (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    zip_name = f"{plan.slug}-pack-{year}.zip"
    written = write_pack(outdir, data, zip_name, max_bytes, force=force)
    return PackResult(outdir=outdir, zip_path=outdir / zip_name, files=tuple(written),
                      manifest=manifest, warnings=tuple(all_warnings))


def _ita_items(ita_year: int, ita_group: str,
               ita_overrides: Mapping[str, str] | Sequence[str]) -> tuple[Mapping[str, str], list]:
    """The officer's overrides as a mapping, and the ITA items of the year and group with them."""
    if ita_group not in GROUPS:
        raise PackError(f"กลุ่มหน่วยงาน ITA ต้องเป็น {' / '.join(GROUPS)} ไม่ใช่ {ita_group!r} / "
                        f"the ITA group must be one of {', '.join(GROUPS)}, not {ita_group!r}")
    if not isinstance(ita_overrides, Mapping):
        try:
            ita_overrides = dict(parse_override(o) for o in ita_overrides)
        except ValueError as exc:
            raise PackError(str(exc)) from None
    return ita_overrides, resolve_items(ita_year, ita_group, ita_overrides)


def _load_progress_files(progress_paths: Sequence[str | Path],
                         plan: Plan) -> tuple[ProgressFile | None, list[Issue]]:
    """The progress files each validated, then merged and validated together; their warnings."""
    from antong_reports.validate.progress import validate_progress

    from antong_reports.sources.plan_workbook import relocate

    loaded: list[ProgressFile] = []
    origins: list[tuple[str, dict[str, str] | None]] = []
    progress_warnings: list[Issue] = []
    for p in progress_paths:
        p = Path(p)
        pf, places = load_progress_placed(p, plan)
        issues = validate_progress(pf, plan, path=p if places is None else None, file=str(p))
        if places is not None:      # a workbook: each issue at its cell
            issues = relocate(issues, places, str(p))
        if any(i.is_error for i in issues):
            raise ProgressInvalid(issues)
        progress_warnings += issues
        loaded.append(pf)
        origins.append((str(p), places))
    progress = merge_progress(loaded)
    if len(loaded) > 1:  # the files together: duplicates across files, rounds that disagree
        issues = _from_files(validate_progress(progress, plan), loaded, origins)
        if any(i.is_error for i in issues):
            raise ProgressInvalid(issues)
        progress_warnings = issues
    if progress is not None:
        progress = progress.resolved(plan)
    return progress, progress_warnings


def _from_files(issues: list[Issue], loaded: Sequence[ProgressFile],
                origins: Sequence[tuple[str, dict[str, str] | None]]) -> list[Issue]:
    """Issues about the merged progress files, each given the file its record came from and its
    place there (the record's cell, or its path in that file)."""
    from antong_reports.sources.plan_workbook import place_of

    out = []
    for issue in issues:
        m = re.match(r"records\[(\d+)\]", issue.path or "")
        if m:
            n = int(m.group(1))
            for pf, (file, places) in zip(loaded, origins):
                if n < len(pf.records):
                    local = f"records[{n}]" + issue.path[m.end():]
                    where = place_of(places, local) if places else local
                    issue = attrs.evolve(issue, file=file, path=where or local, line=None,
                                         column=None)
                    break
                n -= len(pf.records)
        out.append(issue)
    return out


def _build_files(plan: Plan, progress: ProgressFile | None, year: int, ita_year: int | None,
                 settings: Settings, generate: Callable | None, items: Sequence[ItaItem],
                 ita_group: str) -> list[PackFile]:
    """Every file of the pack but the manifest, the index last; a failure other than ours is a
    :class:`PackError`."""
    try:
        files = compose_pack(plan, progress, year, ita_year, settings, generate=generate)
        index_name = f"{plan.slug}-index-{year}.pdf"
        from antong_reports.render.pdf import render_pdf

        index = compose_index(plan, files, year, ita_year, bool(progress and progress.illustrative),
                              settings, items, ita_group)
        files.append(PackFile(index_name, render_pdf(index, settings), "หน้ารายการเอกสารในชุดนี้ (ไฟล์นี้)",
                              "this index of the pack's files"))
    except AntongError:
        raise
    except Exception as exc:
        raise PackError(f"สร้างเอกสารไม่สำเร็จ: {type(exc).__name__}: {exc} / "
                        f"a document could not be built: {type(exc).__name__}: {exc}") from exc
    return files


# =========================================================================== command line

def add_subparsers(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``pack`` on an argparse subparsers object."""
    from antong_reports.validate import options
    p = subparsers.add_parser(
        "pack", formatter_class=argparse.RawDescriptionHelpFormatter,
        help="สร้างชุดเอกสารสำหรับ E-PlanNACC และ ITA / build the upload pack for E-PlanNACC and ITA",
        description="สร้างโฟลเดอร์และไฟล์ zip ที่มีแผน ๕ ปี แผนประจำปี รายงานผลรอบ ๖ และ ๑๒ เดือน สมุดงาน\n"
                    "E-PlanNACC หน้ารายการเอกสาร และ manifest.json\n"
                    "Write a folder and a zip with the five-year plan, the one-year plan, the 6- and\n"
                    "12-month reports, the E-PlanNACC workbook, an index page and manifest.json.")
    p.add_argument("plan", nargs="?", metavar="PLAN",
                   help="ไฟล์แผน (ไม่ระบุ = แผนตัวอย่าง) / the plan file (default: the bundled sample)")
    p.add_argument("--progress", metavar="FILE", action="append", default=[],
                   help="ไฟล์รายงานผล (.yaml หรือแบบรายงาน .xlsx ที่กรอกแล้ว) ระบุได้หลายครั้ง / "
                        "a progress file (.yaml or a filled .xlsx template); may repeat")
    p.add_argument("--year", type=options.year, required=True,
                   help="ปีงบประมาณ พ.ศ. ของแผนประจำปีและรายงาน / fiscal year (BE) of the reports")
    p.add_argument("--ita-year", type=options.year, default=None,
                   help="ปีการประเมิน ITA (ค่าเริ่มต้น: ปีงบประมาณ + 1) / ITA assessment year "
                        "(default: the fiscal year + 1)")
    p.add_argument("--ita-group", choices=GROUPS, default=DEFAULT_GROUP,
                   help="กลุ่มหน่วยงานในทะเบียนตัวชี้วัด ITA (ค่าเริ่มต้น local = อปท.) / the agency group "
                        "of the ITA register (default: local governments)")
    p.add_argument("--ita-item", metavar="KIND=CODE", action="append", default=[],
                   help="แก้รหัสตัวชี้วัดตามคู่มือการประเมินปีปัจจุบัน เช่น plan=O22 (KIND: "
                        + ", ".join(ITA_KINDS) + ") ระบุได้หลายครั้ง / override an item's code from "
                        "the current assessment manual, e.g. plan=O22; may repeat")
    p.add_argument("-o", "--output", metavar="DIR", default=None,
                   help="โฟลเดอร์ผลลัพธ์ (ค่าเริ่มต้น out/<slug>-pack-<year>) / output folder")
    p.add_argument("--max-size", metavar="MB", type=options.size_mb, default=DEFAULT_MAX_BYTES / 1e6,
                   help="ขนาดสูงสุดของแต่ละไฟล์ (เมกะไบต์) / largest allowed file size in MB")
    p.add_argument("--force", action="store_true",
                   help="แทนที่ -o ที่มีอยู่แล้วซึ่งไม่ใช่โฟลเดอร์ (ไฟล์หรือลิงก์) / replace an existing "
                        "-o that is not a folder (a file or a link)")
    p.set_defaults(handler=run_pack)
    return p


def run_pack(args: argparse.Namespace) -> int:
    """Handler of ``pack``: 0 written, 1 invalid plan or progress, 2 usage, build or I/O error."""
    from antong_reports.common.errors import PlanFileError, PlanInvalid
    from antong_reports.common.errors import ProgressFileError

    try:
        result = make_pack(args.plan, args.progress, args.year, args.ita_year, args.output,
                           max_bytes=int(args.max_size * 1e6), ita_group=args.ita_group,
                           ita_overrides=args.ita_item, force=args.force)
    except (PlanInvalid, ProgressInvalid, ProgressFileError, PlanFileError) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except AntongError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    for w in result.warnings:
        print(str(w), file=sys.stderr)
    confirmed = {i["code"]: i["confirmed"] for i in result.manifest["ita_items"]}
    for entry in result.manifest["files"]:
        ita = ",".join(c if confirmed.get(c, True) else f"{c} ({UNCONFIRMED_EN})" for c in entry["ita"])
        print(f"{entry['name']}\t{entry['size']}\t{ita}")
    print(str(result.zip_path))
    return 0
