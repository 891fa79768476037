"""Command line: ``antong-reports`` (also ``python -m antong_reports``).

Exit codes: 0 success (warnings allowed), 1 the plan has errors, 2 usage, I/O or output error.
A Python traceback is shown only with ``--debug``.
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from pathlib import Path
from typing import Sequence, TextIO

from antong_reports import __version__
from antong_reports.common.errors import AntongError, Issue, PlanFileError, PlanInvalid
from antong_reports.validate.options import font_name, font_size, year
from antong_reports.sources.reader import is_io_issue

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2

DESCRIPTION = """\
แปลงแผนปฏิบัติการป้องกันการทุจริต ๕ ปี ขององค์กรปกครองส่วนท้องถิ่น (ไฟล์ YAML) เป็นเอกสารราชการ
Turn a Thai local government's five-year anti-corruption action plan (a YAML file) into the
official documents (Word, Excel, PDF).
"""

EPILOG = """\
รหัสออก / exit codes: 0 = สำเร็จ / success (warnings allowed), 1 = แผนมีข้อผิดพลาด / the plan has
errors, 2 = ใช้คำสั่งผิดหรืออ่าน/เขียนไฟล์ไม่ได้ / usage, I/O or output error.
รูปแบบไฟล์แผน / plan file format: docs/plan-file.md; การตรวจ / checks: docs/validation.md
"""


def _parser(extras: bool = True) -> argparse.ArgumentParser:
    """The argument parser. ``extras`` adds the progress-template and pack commands, whose modules
    import the workbook library; validate and build start without them."""
    parser = argparse.ArgumentParser(
        prog="antong-reports", description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"antong-reports {__version__}",
                        help="แสดงรุ่นของโปรแกรม / show the version and exit")
    parser.add_argument("--debug", action="store_true",
                        help="แสดง traceback เมื่อเกิดข้อผิดพลาด / show Python tracebacks on errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND",
                                title="คำสั่ง / commands")

    _add_validate_parser(sub)
    _add_build_parser(sub)
    add_import_parser(sub).add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                                        help="แสดง traceback / show tracebacks")
    if not extras:
        return parser
    from antong_reports import pack

    for extra in (add_progress_template_parser(sub), pack.add_subparsers(sub),
                  add_plan_workbook_parser(sub)):
        extra.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                           help="แสดง traceback / show tracebacks")
    return parser


_PLAN_HELP = ("ไฟล์แผน (.yaml หรือ .json); ไม่ระบุ = แผนตัวอย่างเทศบาลเมืองอ่างทอง / "
              "the plan file (.yaml or .json); default: the bundled Ang Thong sample")


def _add_validate_parser(sub) -> None:
    v = sub.add_parser(
        "validate", formatter_class=argparse.RawDescriptionHelpFormatter,
        help="ตรวจไฟล์แผน / check a plan file",
        description="ตรวจไฟล์แผนและรายงานข้อผิดพลาดและคำเตือน พร้อมบรรทัดและวิธีแก้\n"
                    "Check a plan file; report errors and warnings with their line and fix.",
        epilog=EPILOG)
    v.add_argument("plan", nargs="?", metavar="PLAN", help=_PLAN_HELP)
    v.add_argument("--json", action="store_true",
                   help="แสดงผลเป็น JSON / print the result as JSON")
    v.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                   help="แสดง traceback / show tracebacks")


def _add_build_parser(sub) -> None:
    b = sub.add_parser(
        "build", formatter_class=argparse.RawDescriptionHelpFormatter,
        help="สร้างเอกสารจากไฟล์แผน / build the documents from a plan file",
        description="ตรวจแผนก่อน แล้วสร้างเอกสารทั้งหมดในหน่วยความจำ จึงเขียนลงโฟลเดอร์ในคราวเดียว\n"
                    "Validate the plan, build every document in memory, then write them all at once\n"
                    "(on any error nothing partial is left and earlier files are kept).",
        epilog=EPILOG)
    b.add_argument("plan", nargs="*", metavar="PLAN",
                   help=_PLAN_HELP + "; หลายไฟล์ = สร้างทีละหลายแผน แต่ละแผนลง DIR/<slug>/ / "
                        "several files: a batch, each plan into DIR/<slug>/")
    b.add_argument("-o", "--output", metavar="DIR", default="out",
                   help="โฟลเดอร์ผลลัพธ์ (ค่าเริ่มต้น ./out) / output directory (default: ./out)")
    b.add_argument("-j", "--jobs", metavar="N", type=int, default=None,
                   help="จำนวนแผนที่สร้างพร้อมกันเมื่อมีหลายแผน (ค่าเริ่มต้น: จำนวนคอร์) / "
                        "plans built at a time in a batch (default: the number of cores)")
    b.add_argument("--format", metavar="LIST", default=None,
                   help="รูปแบบที่ต้องการ คั่นด้วยจุลภาค เช่น docx,xlsx,pdf (ค่าเริ่มต้น: ทุกรูปแบบที่มี) / "
                        "comma-separated formats, e.g. docx,xlsx,pdf (default: every available one)")
    b.add_argument("--font", metavar="NAME", default=None, type=font_name,
                   help="ชื่อฟอนต์ในไฟล์ Word/Excel (ค่าเริ่มต้น TH SarabunPSK); PDF ฝังได้เฉพาะ "
                        "Sarabun ที่มากับโปรแกรม / font named in Word/Excel files (default: TH "
                        "SarabunPSK); the PDF can only embed the bundled Sarabun")
    b.add_argument("--font-size", metavar="PT", type=font_size, default=None,
                   help="ขนาดตัวอักษรเนื้อความ (พอยต์) / body font size in points")
    b.add_argument("--force", action="store_true",
                   help="แทนที่ -o ที่มีอยู่แล้วซึ่งไม่ใช่โฟลเดอร์ / replace an existing -o that is not a folder")
    b.add_argument("--arabic-digits", action="store_true",
                   help="ใช้เลขอารบิกแทนเลขไทย / use Arabic digits instead of Thai digits")
    b.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                   help="แสดง traceback / show tracebacks")


# --------------------------------------------------------------------------- output

_LEVEL = {"error": "ผิด/ERROR", "warning": "เตือน/WARN"}


def issue_to_json(issue: Issue) -> dict:
    return {
        "severity": issue.severity.value,
        "code": issue.code,
        "file": issue.file,
        "line": issue.line,
        "column": issue.column,
        "path": issue.path,
        "message_th": issue.message_th,
        "message_en": issue.message_en,
        "fix_th": issue.fix_th,
        "fix_en": issue.fix_en,
    }


def print_table(issues: Sequence[Issue], out: TextIO) -> None:
    """Issues as a table: level, line:column, field path, code; then message and fix."""
    if not issues:
        return
    rows = [(_LEVEL[i.severity.value],
             f"{i.line}:{i.column}" if i.line and i.column else (str(i.line) if i.line else "-"),
             i.path or "-", i.code) for i in issues]
    head = ("ระดับ/Level", "บรรทัด/Line", "ช่อง/Field", "รหัส/Code")
    widths = [max(len(r[k]) for r in [head, *rows]) for k in range(3)]
    fmt = f"{{:<{widths[0]}}}  {{:<{widths[1]}}}  {{:<{widths[2]}}}  {{}}"
    out.write(fmt.format(*head) + "\n")
    out.write(fmt.format(*("-" * w for w in widths), "-" * 9) + "\n")
    for issue, row in zip(issues, rows):
        out.write(fmt.format(*row) + "\n")
        out.write(f"    {issue.message_th} / {issue.message_en}\n")
        if issue.fix_th or issue.fix_en:
            out.write(f"    แก้ไข: {issue.fix_th} / Fix: {issue.fix_en}\n")


def _summary(issues: Sequence[Issue]) -> str:
    errors = sum(1 for i in issues if i.is_error)
    warnings = len(issues) - errors
    return (f"ข้อผิดพลาด {errors} รายการ, คำเตือน {warnings} รายการ / "
            f"{errors} error(s), {warnings} warning(s)")


# --------------------------------------------------------------------------- commands

def _plan_path(arg: str | None) -> Path:
    from antong_reports.build import default_plan_path

    return Path(arg) if arg else default_plan_path()


def cmd_validate(args: argparse.Namespace) -> int:
    from antong_reports.validate.plan import check_file

    path = _plan_path(args.plan)
    plan, issues = check_file(path)
    errors = [i for i in issues if i.is_error]
    if plan is None and any(is_io_issue(i) for i in issues):
        code = EXIT_USAGE
    elif errors:
        code = EXIT_INVALID
    else:
        code = EXIT_OK
    if args.json:
        doc = {
            "file": str(path),
            "ok": not errors,
            "exit_code": code,
            "errors": len(errors),
            "warnings": len(issues) - len(errors),
            "issues": [issue_to_json(i) for i in issues],
        }
        if plan is not None:
            doc["projects"] = len(plan.projects)
            doc["years"] = list(plan.years)
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
        return code
    if code == EXIT_USAGE:
        for i in issues:
            sys.stderr.write(f"antong-reports: {i}\n")
        return code
    out = sys.stdout
    out.write(f"{path}\n")
    print_table(issues, out)
    if plan is not None and not errors:
        out.write(f"ใช้ได้: {len(plan.projects)} โครงการ ปี {plan.first_year}-{plan.last_year} / "
                  f"valid: {len(plan.projects)} projects, {plan.first_year}-{plan.last_year}\n")
    out.write(_summary(issues) + "\n")
    return code


def pdf_font_note(settings, formats: list[str] | None) -> str:
    """What ``--font`` means for the PDF, said once: a PDF can only embed a font the program
    has, so a font other than the bundled Sarabun is named in the Word and Excel files only and
    the PDF keeps Sarabun at the size that matches it. Empty when nothing needs saying."""
    from antong_reports.common.settings import BUILTIN_FONTS

    if settings.font in BUILTIN_FONTS or (formats is not None and "pdf" not in formats):
        return ""
    size = f"{settings.pdf_size:g}"
    return (f"ฟอนต์ \"{settings.font}\" ใช้ในไฟล์ Word/Excel เท่านั้น: ไฟล์ PDF ฝังได้เฉพาะฟอนต์ที่มากับ"
            f"โปรแกรม จึงใช้ Sarabun ขนาด {size} พอยต์ (เทียบเท่า {settings.font} {settings.size:g} "
            f"พอยต์) / the font \"{settings.font}\" is named in the Word and Excel files only: a PDF "
            f"can only embed a font the program has, so the PDF uses the bundled Sarabun at "
            f"{size} pt (matching {settings.font} {settings.size:g} pt)")


def cmd_build(args: argparse.Namespace) -> int:
    from antong_reports import build as b
    from antong_reports.common.settings import Settings

    formats = None
    if args.format is not None:
        formats = [f.strip().lower() for f in args.format.split(",") if f.strip()]
        if not formats:
            sys.stderr.write("antong-reports: --format ว่าง / --format is empty\n")
            return EXIT_USAGE
    kwargs = {}
    if args.font:
        kwargs["font"] = args.font
    if args.font_size:
        kwargs["font_size"] = args.font_size
    if args.arabic_digits:
        kwargs["thai_digits"] = False
    settings = Settings(**kwargs)
    note = pdf_font_note(settings, formats)
    if note:
        sys.stderr.write(f"antong-reports: {note}\n")
    if args.jobs is not None and args.jobs < 1:
        sys.stderr.write("antong-reports: --jobs ต้องเป็น 1 ขึ้นไป / --jobs must be at least 1\n")
        return EXIT_USAGE
    if len(args.plan) > 1:
        return _build_many(args.plan, args.output, formats, settings, args.jobs)
    path = _plan_path(args.plan[0] if args.plan else None)
    try:
        result = b.build(path, args.output, formats, settings,
                         on_skip=lambda _fmt, reason: sys.stderr.write(f"antong-reports: {reason}\n"),
                         force=args.force)
    except PlanFileError as exc:
        if any(is_io_issue(i) for i in exc.issues):
            for i in exc.issues:
                sys.stderr.write(f"antong-reports: {i}\n")
            return EXIT_USAGE
        sys.stderr.write(f"{path}\n")
        print_table(exc.issues, sys.stderr)
        sys.stderr.write(_summary(exc.issues) + "\n")
        return EXIT_INVALID
    except PlanInvalid as exc:
        sys.stderr.write(f"{path}\n")
        print_table(exc.issues, sys.stderr)
        sys.stderr.write(_summary(exc.issues) + "\n")
        sys.stderr.write("ไม่ได้สร้างเอกสาร / no documents were written\n")
        return EXIT_INVALID
    if result.warnings:
        sys.stderr.write(f"{path}\n")
        print_table(result.warnings, sys.stderr)
    for p in result.written:
        sys.stdout.write(f"{p}\n")
    return EXIT_OK


def _build_many(plans: Sequence[str], outdir: str, formats: list[str] | None, settings,
                jobs: int | None) -> int:
    """``build PLAN PLAN…``: every plan into ``outdir/<slug>/``; a progress bar on a terminal,
    a table of what was built and what failed (with why) at the end; 1 if any plan failed."""
    import time

    from antong_reports import build as b

    start = time.perf_counter()
    bar = None
    if sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(total=len(plans), unit="แผน/plan", file=sys.stderr, leave=False,
                   dynamic_ncols=True)

    def heard(outcome: b.PlanOutcome) -> None:
        if bar is not None:
            bar.update(1)
            if outcome.failed:
                bar.write(f"antong-reports: {outcome.plan_path}: ไม่สำเร็จ / failed")

    try:
        outcomes = b.build_many(plans, outdir, formats, settings, jobs=jobs, on_done=heard)
    finally:
        if bar is not None:
            bar.close()
    print_batch(outcomes, time.perf_counter() - start, sys.stdout)
    return EXIT_INVALID if any(o.failed for o in outcomes) else EXIT_OK


def _width(text: str) -> int:
    """Columns ``text`` takes on a terminal: Thai vowels and tone marks above or below a letter
    take none."""
    import unicodedata

    return sum(1 for c in text if unicodedata.category(c) != "Mn")


def print_batch(outcomes: Sequence, seconds: float, out: TextIO) -> None:
    """The summary of a batch: one row per plan (status, plan file, folder or reason)."""
    rows = []
    for o in outcomes:
        if o.built:
            detail = (f"{o.outdir} ({len(o.written)} ไฟล์/files"
                      + (f", คำเตือน/warnings {o.warnings}" if o.warnings else "") + ")")
            rows.append(("สร้างแล้ว/built", str(o.plan_path), detail, ""))
        else:
            rows.append(("ไม่สำเร็จ/FAILED", str(o.plan_path), "-", o.reason))
    head = ("สถานะ/Status", "แผน/Plan", "ผลลัพธ์/Output")
    widths = [max(_width(r[k]) for r in [head, *rows]) for k in range(2)]

    def line(a: str, b: str, c: str) -> str:
        return (a + " " * (widths[0] - _width(a) + 2) + b + " " * (widths[1] - _width(b) + 2)
                + c + "\n")

    out.write(line(*head))
    out.write(line("-" * widths[0], "-" * widths[1], "-" * 14))
    for row in rows:
        out.write(line(*row[:3]))
        if row[3]:
            out.write(f"    {row[3]}\n")
    built = sum(1 for o in outcomes if o.built)
    rate = len(outcomes) / seconds * 60 if seconds > 0 else 0.0
    out.write(f"สร้างแล้ว {built} แผน, ไม่สำเร็จ {len(outcomes) - built} แผน, {seconds:.1f} วินาที / "
              f"{built} built, {len(outcomes) - built} failed, {seconds:.1f} s "
              f"({rate:.0f} plans/min)\n")


class _Stopped(list):
    """Truthy once SIGTERM arrived (then raised as KeyboardInterrupt, so the writing code's
    clean-up runs: no temporary file is left, files already replaced are put back)."""


def _stop_on_sigterm() -> _Stopped:
    import signal
    import threading

    stopped = _Stopped()
    if threading.current_thread() is threading.main_thread():
        def stop(_signum, _frame):
            stopped.append(True)
            raise KeyboardInterrupt
        signal.signal(signal.SIGTERM, stop)
    return stopped


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = next((a for a in argv if not a.startswith("-")), None)
    parser = _parser(extras=command not in ("validate", "build", "import"))
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    stopped = _stop_on_sigterm()
    try:
        if args.command == "validate":
            return cmd_validate(args)
        if args.command == "build":
            return cmd_build(args)
        return args.handler(args)
    except KeyboardInterrupt:
        # build and pack write all their files or none: an interrupted write was rolled back
        sys.stderr.write("antong-reports: ถูกขัดจังหวะ ไม่มีไฟล์ที่เขียนค้างไว้ไม่ครบ "
                         "(ชุดที่กำลังเขียนถูกยกเลิกทั้งชุด) / interrupted; no partly written file "
                         "was left (the files being written were rolled back together)\n")
        return 143 if stopped else 130
    except BrokenPipeError:
        return EXIT_OK
    except AntongError as exc:
        if args.debug:
            traceback.print_exc()
        sys.stderr.write(f"antong-reports: {exc}\n")
        return EXIT_USAGE
    except Exception as exc:  # noqa: BLE001 - never a traceback without --debug
        if args.debug:
            traceback.print_exc()
        else:
            sys.stderr.write("antong-reports: ข้อผิดพลาดภายใน (ใช้ --debug เพื่อดูรายละเอียด) / "
                             "internal error (run with --debug for details)\n")
        sys.stderr.write(f"antong-reports: {type(exc).__name__}: {exc}\n")
        return EXIT_USAGE


# --------------------------------------------------------------------------- progress-template


def add_progress_template_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``progress-template`` on an argparse subparsers object."""
    p = subparsers.add_parser(
        "progress-template",
        help="เขียนแบบรายงานผล (.xlsx) ให้เจ้าหน้าที่กรอก / write a progress workbook to fill in",
        description="เขียนแบบรายงานผลการดำเนินการ (.xlsx) หนึ่งแถวต่อหนึ่งโครงการของปีงบประมาณนั้น / "
                    "Write the progress workbook of one fiscal year and round: one row per project.")
    p.add_argument("plan", metavar="PLAN", help="ไฟล์แผน (YAML) / the plan file")
    p.add_argument("--year", type=year, required=True, help="ปีงบประมาณ พ.ศ. เช่น 2567 / fiscal year (BE)")
    p.add_argument("--round", type=int, required=True, choices=(6, 12),
                   help="รอบ 6 หรือ 12 เดือน / round: 6 or 12 months")
    p.add_argument("--progress", metavar="FILE",
                   help="กรอกค่าจากไฟล์รายงานผล (YAML) ไว้ก่อน / fill in values from a progress file")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="ไฟล์ผลลัพธ์ (ค่าเริ่มต้น: <slug>-progress-<year>-r<round>.xlsx) / output file")
    p.add_argument("--force", action="store_true",
                   help="เขียนทับไฟล์ที่มีอยู่แล้ว / replace a file that already exists")
    p.set_defaults(handler=run_progress_template)
    return p


def run_progress_template(args: argparse.Namespace) -> int:
    """Handler of ``progress-template``: 0 written, 1 invalid input, 2 usage or I/O error."""
    from antong_reports.build import write_atomically
    from antong_reports.render.progress_workbook import template_file_name, template_workbook
    from antong_reports.sources.progress_file import load_progress
    from antong_reports.validate import load_and_validate

    try:
        plan, _warnings = load_and_validate(Path(args.plan))
        progress = load_progress(args.progress).resolved(plan) if args.progress else None
        data = template_workbook(plan, args.year, args.round, progress=progress)
        out = Path(args.output) if args.output else Path(template_file_name(plan, args.year, args.round))
        write_atomically(out.parent if str(out.parent) else Path("."), {out.name: data},
                         force=args.force, keep_existing=True)
    except AntongError as exc:
        print(str(exc), file=sys.stderr)
        return 1 if getattr(exc, "issues", None) else 2
    print(str(out))
    return 0


# --------------------------------------------------------------------------- import

def add_import_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``import`` (no heavy imports here)."""
    p = subparsers.add_parser(
        "import", formatter_class=argparse.RawDescriptionHelpFormatter,
        help="นำเข้าแผนจาก Word (.docx) หรือข้อความ (.txt) / import a plan from Word or text",
        description="อ่านแผนที่มีอยู่แล้ว (Word .docx หรือข้อความ .txt จาก Word หรือ pdftotext) เป็นไฟล์แผน YAML\n"
                    "พร้อมรายงานข้อขัดกันเองและสิ่งที่โปรแกรมเดา (docs/import.md)\n"
                    "Read an existing plan (Word .docx, or .txt copied from Word or made by pdftotext)\n"
                    "into a plan file, reporting contradictions and guesses (docs/import.md).",
        epilog=EPILOG)
    p.add_argument("source", metavar="SOURCE",
                   help="แผนต้นฉบับ .docx / .txt (หรือ .yaml/.json/.xlsx) / the source plan")
    p.add_argument("-o", "--output", metavar="PLAN.yaml",
                   help="ไฟล์แผนที่จะเขียน (ไม่ระบุ = แสดงทาง stdout) / plan file to write (default: stdout)")
    p.add_argument("--report", metavar="REPORT.json",
                   help="เขียนรายงานข้อสังเกตเป็น JSON / write the findings as JSON")
    p.add_argument("--force", action="store_true",
                   help="เขียนทับไฟล์ที่มีอยู่แล้ว / replace a file that already exists")
    p.set_defaults(handler=run_import)
    return p


def run_import(args: argparse.Namespace) -> int:
    """Handler of ``import``: 0 written (findings allowed), 1 not a plan / invalid, 2 usage or I/O."""
    from antong_reports.sources.importer.findings import print_findings, summary

    source = Path(args.source)
    findings: tuple = ()
    guesses: dict = {}
    try:
        if source.suffix.lower() in (".yaml", ".yml", ".json", ".xlsx"):
            from antong_reports.sources import load_plan

            plan = load_plan(source)
        else:
            from antong_reports.sources.importer import import_plan

            result = import_plan(source)
            plan, findings, guesses = result.plan, result.findings, result.guesses
    except PlanFileError as exc:
        code = getattr(exc, "exit_code", None) or (EXIT_USAGE if any(is_io_issue(i) for i in exc.issues)
                                                   else EXIT_INVALID)
        sys.stderr.write(f"{source}\n")
        print_table(exc.issues, sys.stderr)
        sys.stderr.write("ไม่ได้เขียนไฟล์ใด / nothing was written\n")
        return code
    from antong_reports.validate.plan import validate

    issues = validate(plan)
    errors = [i for i in issues if i.is_error]
    report_out = sys.stderr if not args.output else sys.stdout
    report_out.write(f"{source}\n")
    print_findings(findings, report_out)
    report_out.write(summary(findings) + "\n")
    if issues:
        print_table(issues, report_out)
    if errors:
        sys.stderr.write(_summary(issues) + "\n")
        sys.stderr.write("แผนที่นำเข้ายังมีข้อผิดพลาด ไม่ได้เขียนไฟล์ใด / the imported plan has errors; "
                         "nothing was written\n")
        return EXIT_INVALID
    return _write_import(args, source, plan, guesses, findings, issues)


def _write_import(args: argparse.Namespace, source: Path, plan, guesses: dict, findings: tuple,
                  issues: list) -> int:
    """The imported plan as YAML (to ``-o`` or stdout) and the findings as JSON (``--report``),
    the files written all at once."""
    from antong_reports.build import write_atomically
    from antong_reports.common.errors import OutputError
    from antong_reports.sources.importer.findings import report_json
    from antong_reports.sources.importer.yamlout import plan_yaml

    text = plan_yaml(plan, guesses, findings, str(source))
    files: dict[Path, bytes] = {}
    if args.output:
        files[Path(args.output)] = text.encode("utf-8")
    if args.report:
        doc = report_json(str(source), findings, plan)
        doc["validation"] = [issue_to_json(i) for i in issues]
        files[Path(args.report)] = (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    try:
        by_dir: dict[Path, dict[str, bytes]] = {}
        for path, data in files.items():
            by_dir.setdefault(path.parent if str(path.parent) else Path("."), {})[path.name] = data
        for folder, group in by_dir.items():
            write_atomically(folder, group, force=args.force, keep_existing=True)
    except (OutputError, AntongError) as exc:
        sys.stderr.write(f"antong-reports: {exc}\n")
        return EXIT_USAGE
    if not args.output:
        sys.stdout.write(text)
    else:
        sys.stdout.write(f"{args.output}: {len(plan.projects)} โครงการ / projects\n")
    return EXIT_OK


# --------------------------------------------------------------------------- plan-workbook


def add_plan_workbook_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``plan-workbook`` on an argparse subparsers object."""
    p = subparsers.add_parser(
        "plan-workbook",
        help="เขียนสมุดงานแผน (.xlsx) ให้กรอกใน Excel / write the plan as a workbook to fill in",
        description="เขียนแผนทั้งฉบับเป็นสมุดงาน Excel ให้เจ้าหน้าที่กรอกและแก้ไข แล้วใช้แทนไฟล์แผนได้ "
                    "(validate/build/pack แผน.xlsx); ไม่ระบุแผน = สมุดงานเปล่าพร้อมแถวตัวอย่าง / "
                    "Write the whole plan as a workbook officers fill in and correct; validate, build "
                    "and pack read it like a plan file. Without PLAN: an empty workbook with example "
                    "rows. Layout: docs/plan-workbook.md")
    p.add_argument("plan", nargs="?", metavar="PLAN",
                   help="ไฟล์แผน (.yaml/.json/.xlsx); ไม่ระบุ = สมุดงานเปล่า / the plan; none: empty")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="ไฟล์ผลลัพธ์ (ค่าเริ่มต้น: <slug>-plan-workbook.xlsx) / output file")
    p.add_argument("--force", action="store_true",
                   help="เขียนทับไฟล์ที่มีอยู่แล้ว / replace a file that already exists")
    p.add_argument("--font", metavar="NAME", default=None,
                   help="ชื่อฟอนต์ (ค่าเริ่มต้น TH SarabunPSK) / font name (default: TH SarabunPSK)")
    p.add_argument("--arabic-digits", action="store_true",
                   help="แสดงตัวเลขเป็นเลขอารบิก / show numbers in Arabic digits")
    p.set_defaults(handler=run_plan_workbook)
    return p


def run_plan_workbook(args: argparse.Namespace) -> int:
    """Handler of ``plan-workbook``: 0 written, 1 the plan has errors, 2 usage or I/O error."""
    from antong_reports.build import write_atomically
    from antong_reports.common.settings import Settings
    from antong_reports.render.plan_workbook import file_name, plan_workbook
    from antong_reports.validate import load_and_validate

    plan = None
    if args.plan:
        try:
            plan, _warnings = load_and_validate(Path(args.plan))
        except (PlanFileError, PlanInvalid) as exc:
            if isinstance(exc, PlanFileError) and any(is_io_issue(i) for i in exc.issues):
                for i in exc.issues:
                    sys.stderr.write(f"antong-reports: {i}\n")
                return EXIT_USAGE
            sys.stderr.write(f"{args.plan}\n")
            print_table(exc.issues, sys.stderr)
            sys.stderr.write(_summary(exc.issues) + "\n")
            return EXIT_INVALID
    kwargs = {"font": args.font} if args.font else {}
    data = plan_workbook(plan, Settings(thai_digits=not args.arabic_digits, **kwargs))
    out = Path(args.output) if args.output else Path(file_name(plan))
    write_atomically(out.parent if str(out.parent) else Path("."), {out.name: data},
                     force=args.force, keep_existing=True)
    print(str(out))
    return EXIT_OK
