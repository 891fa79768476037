"""The command line: help, version, exit codes, JSON output, no tracebacks, atomic builds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from antong_reports import __version__
from antong_reports import build
from antong_reports.cli import main
from antong_reports.common.errors import OutputError
from antong_reports.common.settings import Settings

HERE = Path(__file__).resolve().parent
MINI = HERE / "fixtures" / "mini.yaml"
BAD = HERE / "bad_plans"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "antong_reports", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=300)


# --------------------------------------------------------------------------- help and version

def test_help_is_thai_and_english(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "validate" in out and "build" in out
    assert "ตรวจไฟล์แผน" in out and "check a plan file" in out


@pytest.mark.parametrize("command,thai,english", [
    ("validate", "แสดงผลเป็น JSON", "print the result as JSON"),
    ("build", "โฟลเดอร์ผลลัพธ์", "output directory"),
])
def test_subcommand_help(capsys, command, thai, english):
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert thai in out and english in out


def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"antong-reports {__version__}"


def test_usage_errors_exit_2(capsys):
    assert main([]) == 2
    with pytest.raises(SystemExit) as info:
        main(["frobnicate"])
    assert info.value.code == 2
    with pytest.raises(SystemExit) as info:
        main(["validate", "--no-such-option"])
    assert info.value.code == 2


def test_console_script_and_module_agree():
    proc = run("--version")
    assert proc.returncode == 0 and proc.stdout.strip() == f"antong-reports {__version__}"


# --------------------------------------------------------------------------- validate

def test_validate_default_is_the_sample(sample_path, capsys):
    if not sample_path.exists():
        pytest.skip("the sample plan is not there yet")
    assert build.default_plan_path().resolve() == sample_path.resolve()
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    assert "valid: 27 projects, 2566-2570" in out and "0 error(s)" in out


def test_validate_json(capsys):
    assert main(["validate", "--json", str(MINI)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc == {"file": str(MINI), "ok": True, "exit_code": 0, "errors": 0, "warnings": 0,
                   "issues": [], "projects": 2, "years": [2566, 2567, 2568, 2569, 2570]}


def test_validate_json_sample(sample_path, capsys):
    if not sample_path.exists():
        pytest.skip("the sample plan is not there yet")
    assert main(["validate", "--json", str(sample_path)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["ok"] is True and doc["errors"] == 0 and doc["projects"] == 27


def test_table_layout(capsys):
    assert main(["validate", str(BAD / "negative-amount.yaml")]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == str(BAD / "negative-amount.yaml")
    assert lines[1].split() == ["ระดับ/Level", "บรรทัด/Line", "ช่อง/Field", "รหัส/Code"]
    assert lines[3].split() == ["ผิด/ERROR", "16:27", "projects[0].budget[2567]", "negative-amount"]
    assert lines[4].strip() == "งบประมาณติดลบ (-500) / negative amount (-500)"
    assert lines[5].strip().startswith("แก้ไข: ") and "Fix: write the amount in baht" in lines[5]
    assert lines[-1] == "ข้อผิดพลาด 1 รายการ, คำเตือน 0 รายการ / 1 error(s), 0 warning(s)"


@pytest.mark.parametrize("args,code", [
    (["validate", "no-such-plan.yaml"], 2),
    (["validate", "."], 2),
    (["validate", str(BAD / "python-tag.yaml")], 1),
    (["validate", str(BAD / "not-utf8.yaml")], 1),
    (["build", "no-such-plan.yaml"], 2),
    (["build", str(BAD / "duplicate-project-id.yaml"), "--format", "docx"], None),
    (["build", str(MINI), "--format", "nope"], 2),
])
def test_no_traceback_in_a_real_process(tmp_path, args, code):
    proc = run(*args, "-o", str(tmp_path / "out")) if args[0] == "build" else run(*args)
    if code is None:  # a plan error, or the format is not available yet
        assert proc.returncode in (1, 2)
    else:
        assert proc.returncode == code
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    assert proc.stderr or proc.stdout


def test_debug_shows_traceback_only_when_asked(tmp_path, monkeypatch, capsys):
    def boom(plan, settings):
        raise RuntimeError("generator exploded")

    monkeypatch.setitem(build.FORMATS, "boom", boom)
    assert main(["build", str(MINI), "--format", "boom", "-o", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "generator exploded" in err and "Traceback" not in err
    assert main(["--debug", "build", str(MINI), "--format", "boom", "-o", str(tmp_path)]) == 2
    assert "Traceback" in capsys.readouterr().err
    assert main(["build", "--debug", str(MINI), "--format", "boom", "-o", str(tmp_path)]) == 2
    assert "Traceback" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- build with fake generators

def fake_docx(plan, settings):
    digits = "thai" if settings.thai_digits else "arabic"
    return {f"{plan.slug}-plan.docx": f"{plan.slug} {settings.font} {digits}".encode()}


def fake_xlsx(plan, settings):
    return {f"{plan.slug}-budget.xlsx": str(plan.grand_total).encode()}


def failing(plan, settings):
    raise ValueError("cannot render")


@pytest.fixture
def fakes(monkeypatch):
    monkeypatch.setattr(build, "FORMATS", {"docx": fake_docx, "xlsx": fake_xlsx, "bad": failing,
                                           "gone": "antong_reports.no_such_renderer:generate"})


def _listing(d: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(d.iterdir())}


def test_build_writes_files(tmp_path, fakes, capsys):
    out = tmp_path / "out"
    assert main(["build", str(MINI), "-o", str(out), "--format", "docx,xlsx"]) == 0
    assert _listing(out) == {"mini-plan.docx": b"mini TH SarabunPSK thai", "mini-budget.xlsx": b"20000"}
    assert capsys.readouterr().out.split() == [str(out / "mini-plan.docx"), str(out / "mini-budget.xlsx")]


def test_build_default_outdir_and_settings(tmp_path, fakes, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["build", str(MINI), "--format", "docx", "--font", "Sarabun", "--arabic-digits"]) == 0
    assert _listing(tmp_path / "out") == {"mini-plan.docx": b"mini Sarabun arabic"}


def test_build_default_formats_are_the_available_ones(tmp_path, fakes, capsys):
    # "bad" loads (it fails only when run), so the default set includes it and the build fails
    assert build.available_formats() == ["docx", "xlsx", "bad"]
    assert main(["build", str(MINI), "-o", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "format gone is not available" in err and "cannot render" in err
    assert list(tmp_path.iterdir()) == []


def test_failed_build_keeps_earlier_files(tmp_path, fakes):
    out = tmp_path / "out"
    out.mkdir()
    (out / "mini-plan.docx").write_bytes(b"earlier good file")
    (out / "notes.txt").write_bytes(b"not ours")
    before = _listing(out)
    assert main(["build", str(MINI), "-o", str(out), "--format", "docx,xlsx,bad"]) == 2
    assert _listing(out) == before  # nothing partial, nothing clobbered, no temp files


def test_unavailable_format_exits_2_before_anything(tmp_path, fakes, capsys):
    assert main(["build", str(MINI), "-o", str(tmp_path / "out"), "--format", "docx,gone"]) == 2
    err = capsys.readouterr().err
    assert "format gone is not available in this version" in err
    assert not (tmp_path / "out").exists()
    assert main(["build", str(MINI), "-o", str(tmp_path / "out"), "--format", "pdfx"]) == 2
    assert 'unknown format "pdfx"' in capsys.readouterr().err


def test_build_refuses_an_invalid_plan(tmp_path, fakes, capsys):
    out = tmp_path / "out"
    assert main(["build", str(BAD / "budget-year-outside.yaml"), "-o", str(out), "--format", "docx"]) == 1
    err = capsys.readouterr().err
    assert "budget-year-outside" in err and "no documents were written" in err
    assert not out.exists()
    assert main(["build", str(BAD / "bad-syntax.yaml"), "-o", str(out), "--format", "docx"]) == 1
    assert not out.exists()


def test_build_shows_warnings_and_builds(tmp_path, fakes, capsys):
    out = tmp_path / "out"
    assert main(["build", str(BAD / "warn-money-unit.yaml"), "-o", str(out), "--format", "docx"]) == 0
    assert "money-unit" in capsys.readouterr().err
    assert _listing(out) == {"example-plan-plan.docx": b"example-plan TH SarabunPSK thai"}


def test_build_default_plan(tmp_path, fakes, sample_path):
    if not sample_path.exists():
        pytest.skip("the sample plan is not there yet")
    result = build.build(None, tmp_path, ["xlsx"], Settings())
    assert result.plan.grand_total == 5 * 339160
    assert _listing(tmp_path) == {f"{result.plan.slug}-budget.xlsx": b"1695800"}


# --------------------------------------------------------------------------- write_atomically

def test_write_atomically_replaces_all(tmp_path):
    build.write_atomically(tmp_path, {"a.txt": b"1", "b.txt": b"2"})
    with pytest.raises(OutputError, match="a.txt"):   # not a file this program recognizes
        build.write_atomically(tmp_path, {"a.txt": b"one", "b.txt": b"two"})
    assert _listing(tmp_path) == {"a.txt": b"1", "b.txt": b"2"}
    paths = build.write_atomically(tmp_path, {"a.txt": b"one", "b.txt": b"two"}, force=True)
    assert paths == [tmp_path / "a.txt", tmp_path / "b.txt"]
    assert _listing(tmp_path) == {"a.txt": b"one", "b.txt": b"two"}
    mode = (tmp_path / "a.txt").stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    assert mode == 0o666 & ~umask


def test_write_atomically_rolls_back_when_a_move_fails(tmp_path, monkeypatch):
    build.write_atomically(tmp_path, {"a.txt": b"old a", "b.txt": b"old b"})
    real_replace = os.replace
    calls = []

    def flaky(src, dst):
        calls.append((Path(src).name, Path(dst).name))
        # fail when the second new file is moved into place
        if Path(dst).name == "c.txt":
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(build.os, "replace", flaky)
    with pytest.raises(OutputError) as info:
        build.write_atomically(tmp_path, {"a.txt": b"new a", "c.txt": b"new c", "b.txt": b"new b"},
                               force=True)
    monkeypatch.setattr(build.os, "replace", real_replace)
    assert "No space left on device" in str(info.value)
    assert _listing(tmp_path) == {"a.txt": b"old a", "b.txt": b"old b"}
    assert any(dst == "a.txt" for _, dst in calls)  # a.txt had been replaced, then restored


def test_write_atomically_cleans_up_when_writing_fails(tmp_path, monkeypatch):
    real_fsync = os.fsync
    count = {"n": 0}

    def failing_fsync(fd):
        count["n"] += 1
        if count["n"] == 2:
            raise OSError(5, "Input/output error")
        return real_fsync(fd)

    monkeypatch.setattr(build.os, "fsync", failing_fsync)
    (tmp_path / "a.txt").write_bytes(b"keep")
    with pytest.raises(OutputError):
        build.write_atomically(tmp_path, {"a.txt": b"new", "b.txt": b"new"})
    assert _listing(tmp_path) == {"a.txt": b"keep"}


@pytest.mark.parametrize("name", ["../escape.txt", "sub/file.txt", "", ".hidden", "..", "a\\b"])
def test_write_atomically_refuses_bad_names(tmp_path, name):
    with pytest.raises(OutputError):
        build.write_atomically(tmp_path / "out", {name: b"x"})
    assert not (tmp_path / "out").exists()
    assert not (tmp_path / "escape.txt").exists()


def test_write_atomically_reports_an_unwritable_directory(tmp_path):
    (tmp_path / "file").write_bytes(b"")
    with pytest.raises(OutputError) as info:
        build.write_atomically(tmp_path / "file" / "out", {"a.txt": b"x"})
    assert "cannot create" in str(info.value)


def test_two_formats_must_not_write_the_same_file(tmp_path, monkeypatch):
    monkeypatch.setattr(build, "FORMATS", {"one": fake_docx, "two": fake_docx})
    with pytest.raises(OutputError):
        build.build(MINI, tmp_path, ["one", "two"])
    assert list(tmp_path.iterdir()) == []


def test_progress_and_pack_commands_are_wired(tmp_path, sample_path, capsys):
    """The help lists every command, and progress-template runs from the main entry point."""
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in ("validate", "build", "progress-template", "pack"):
        assert command in out
    target = tmp_path / "progress-2567-6.xlsx"
    code = main(["progress-template", str(sample_path), "--year", "2567", "--round", "6",
                 "-o", str(target)])
    assert code == 0
    from openpyxl import load_workbook

    wb = load_workbook(target)
    rows = [r for r in wb.worksheets[0].iter_rows(values_only=True) if any(v is not None for v in r)]
    from antong_reports.sources import load_plan
    names = {n.project.name for n in load_plan(sample_path).projects_of_year(2567)}
    texts = {v for r in rows for v in r if isinstance(v, str)}
    assert names <= texts


_HEAVY = ("reportlab", "openpyxl", "docx", "uharfbuzz", "tqdm")


@pytest.mark.parametrize("argv, needed", [
    (["--version"], ()),
    (["validate"], ()),
    (["validate", "--json"], ()),
    (["build", "--format", "xlsx", "-o", "{out}"], ("openpyxl",)),
    (["build", "--format", "pdf", "-o", "{out}"], ("reportlab", "uharfbuzz")),
    # the DOCX's Thai word boundaries come from the PDF typesetter's break finder (one source,
    # thai/breaks.py), which needs neither reportlab nor HarfBuzz
    (["build", "--format", "docx", "-o", "{out}"], ("docx",)),
])
def test_a_command_imports_only_what_it_needs(tmp_path, argv, needed):
    """In a fresh interpreter, as a user runs it: ``--version`` and ``validate`` import none of
    the document libraries; a build imports those of its formats only (and no progress bar off
    a terminal)."""
    argv = [a.replace("{out}", str(tmp_path / "out")) for a in argv]
    code = ("import sys\nfrom antong_reports.cli import main\n"
            "try:\n    main(%r)\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in %r if m in sys.modules))" % (argv, _HEAVY))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == str(sorted(needed))


def test_validate_and_build_do_not_import_the_workbook_library():
    """validate and build start without importing openpyxl (pack and progress-template need it)."""
    code = ("import sys; from antong_reports.cli import main; main(['validate']); "
            "print('openpyxl' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.stdout.strip().splitlines()[-1] == "False"


# --------------------------------------------------------------------------- a failing generator

def _fake_pdf(plan, settings):
    return {f"{plan.slug}-plan.pdf": b"%PDF fake"}


def _failing_where(record: Path):
    def generate(plan, settings):
        with open(record, "a") as fh:
            fh.write(f"{os.getpid()}\n")
        raise ValueError("cannot render")

    return generate


@pytest.mark.parametrize("order", ["docx,xlsx,pdf", "pdf,docx,xlsx"])
def test_a_failing_generator_fails_the_build_in_this_process(tmp_path, monkeypatch, capsys, order):
    """Every generator runs once, in this process (no helper process): one that fails fails the
    build with its message and exit code 2, and nothing is written."""
    record = tmp_path / "pids"
    monkeypatch.setattr(build, "FORMATS", {"docx": fake_docx, "xlsx": _failing_where(record),
                                           "pdf": _fake_pdf})
    out = tmp_path / "out"
    assert main(["build", str(MINI), "-o", str(out), "--format", order]) == 2
    err = capsys.readouterr().err
    assert [int(x) for x in record.read_text().split()] == [os.getpid()]
    assert "the xlsx generator failed (ValueError: cannot render)" in err
    assert not out.exists()


def test_a_failing_pdf_or_a_missing_format_writes_nothing(tmp_path, monkeypatch, capsys):
    def bad_pdf(plan, settings):
        raise RuntimeError("no pages")

    monkeypatch.setattr(build, "FORMATS", {"docx": fake_docx, "xlsx": fake_xlsx, "pdf": bad_pdf,
                                           "gone": "antong_reports.no_such_renderer:generate"})
    out = tmp_path / "out"
    runs = [(["build", str(MINI), "--format", "docx,pdf,xlsx"], "the pdf generator failed "
             "(RuntimeError: no pages)"),
            (["build", str(MINI), "--format", "pdf,docx,gone"], "format gone is not available"),
            (["build", str(BAD / "budget-year-outside.yaml"), "--format", "pdf,gone"],
             "format gone is not available")]
    for args, message in runs:
        args += ["-o", str(out)]
        assert main(args) == 2
        assert message in capsys.readouterr().err
        assert not out.exists()


def test_font_option_says_the_pdf_keeps_sarabun(tmp_path, capsys):
    """--font names the font of the Word/Excel files; the PDF can only embed the bundled
    Sarabun: the build says so (not silently), and not when no PDF is built."""
    from antong_reports.cli import main

    code = main(["build", "--format", "docx,pdf", "--font", "TH Sarabun New", "-o", str(tmp_path / "a")])
    err = capsys.readouterr().err
    assert code == 0
    assert "TH Sarabun New" in err and "Sarabun" in err and "PDF" in err and "embed" in err
    code = main(["build", "--format", "docx", "--font", "TH Sarabun New", "-o", str(tmp_path / "b")])
    assert code == 0 and "embed" not in capsys.readouterr().err
