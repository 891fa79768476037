"""build and pack write only their own files, atomically (issue 12): a folder's other files are
never deleted, renamed or changed; an output path that exists and is not a folder is an error
(exit 2) unless --force, which leaves nothing behind. Each run is a child process with a bounded
address space; the folder tree around the output is compared before and after."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from safety_util import run_cli, snapshot, user_folder

HERE = Path(__file__).resolve().parent
MINI = HERE / "fixtures" / "mini.yaml"
PACK = ("pack", str(MINI), "--year", "2567")


def _own(before: dict, after: dict) -> dict:
    """Entries that are new or changed."""
    return {k: v for k, v in after.items() if before.get(k) != v}


def _kept(before: dict, after: dict) -> None:
    lost = {k for k in before if k not in after}
    changed = {k for k in before if k in after and before[k] != after[k]}
    assert not lost and not changed, (lost, changed)


@pytest.fixture(scope="module")
def packed(tmp_path_factory):
    """``pack -o DIR`` into a folder holding keep.txt and sub/thesis.docx."""
    root = tmp_path_factory.mktemp("pack")
    out = user_folder(root / "out")
    before = snapshot(root)
    proc = run_cli(*PACK, "-o", str(out))
    return root, out, before, snapshot(root), proc


def test_pack_into_a_folder_keeps_the_users_files(packed):
    root, out, before, after, proc = packed
    assert proc.returncode == 0, proc.stderr
    _kept(before, after)
    added = _own(before, after)
    assert "out/mini-pack-2567.zip" in added and "out/manifest.json" in added
    assert all(k.startswith("out/") and "/" not in k[4:] and not k[4:].startswith(".")
               for k in added), sorted(added)


def test_pack_again_into_the_same_folder(packed, tmp_path):
    root, out, _before, after, _proc = packed
    proc = run_cli(*PACK, "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    again = snapshot(root)
    assert {k for k in again} == {k for k in after}          # nothing added, nothing lost
    for k in ("out/keep.txt", "out/sub/thesis.docx"):
        assert again[k] == after[k]


@pytest.mark.parametrize("kind", ["file", "link-to-file", "link-to-folder", "dangling-link"])
def test_pack_onto_something_that_is_not_a_folder(tmp_path, kind):
    root = tmp_path / "root"
    user_folder(root)
    target = root / "keep.txt" if kind == "link-to-file" else root / "sub"
    out = root / "pack-out"
    if kind == "file":
        out.write_text("a file the user keeps\n", "utf-8")
    elif kind == "dangling-link":
        out.symlink_to(root / "nowhere")
    else:
        out.symlink_to(target)
    before = snapshot(root)
    proc = run_cli(*PACK, "-o", str(out))
    assert proc.returncode == 2, proc.stderr
    assert str(out) in proc.stderr and "--force" in proc.stderr
    assert snapshot(root) == before

    proc = run_cli(*PACK, "-o", str(out), "--force")
    assert proc.returncode == 0, proc.stderr
    after = snapshot(root)
    assert out.is_dir() and not out.is_symlink()
    assert (out / "mini-pack-2567.zip").is_file()
    # the link's target is untouched; nothing else is left, no hidden copy of the old entry
    _kept({k: v for k, v in before.items() if k != "pack-out"}, after)
    assert set(after) - set(before) - {"pack-out"} == {f"pack-out/{p.name}" for p in out.iterdir()}
    assert not [p for p in root.iterdir() if p.name.startswith(".")]


def test_build_into_a_folder_writes_only_its_own_files(tmp_path):
    out = user_folder(tmp_path / "out")
    assert run_cli("build", str(MINI), "-o", str(out), "--format", "docx").returncode == 0
    (out / "mini-plan.docx").write_bytes((out / "mini-plan.docx").read_bytes() + b"\0")
    before = snapshot(tmp_path)
    proc = run_cli("build", str(MINI), "-o", str(out), "--format", "docx,xlsx")
    assert proc.returncode == 0, proc.stderr
    after = snapshot(tmp_path)
    changed = _own(before, after)
    assert set(changed) == {"out/mini-plan.docx", "out/mini-budget.xlsx"}
    _kept({k: v for k, v in before.items() if k != "out/mini-plan.docx"}, after)


@pytest.mark.parametrize("kind", ["file", "link-to-file"])
def test_build_onto_a_file_is_an_error_unless_forced(tmp_path, kind):
    user_folder(tmp_path)
    out = tmp_path / "out"
    if kind == "file":
        out.write_text("user data\n", "utf-8")
    else:
        out.symlink_to(tmp_path / "keep.txt")
    before = snapshot(tmp_path)
    proc = run_cli("build", str(MINI), "-o", str(out), "--format", "xlsx")
    assert proc.returncode == 2 and "--force" in proc.stderr and str(out) in proc.stderr
    assert snapshot(tmp_path) == before
    proc = run_cli("build", str(MINI), "-o", str(out), "--format", "xlsx", "--force")
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in out.iterdir()) == ["mini-budget.xlsx"]
    _kept({k: v for k, v in before.items() if k != "out"}, snapshot(tmp_path))
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_a_failed_build_or_pack_touches_nothing(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINI.read_text("utf-8").replace("first_year: 2566", "first_year: 1566"), "utf-8")
    out = user_folder(tmp_path / "out")
    before = snapshot(tmp_path)
    assert run_cli("build", str(bad), "-o", str(out)).returncode == 1
    assert run_cli("pack", str(bad), "--year", "2567", "-o", str(out)).returncode == 1
    assert snapshot(tmp_path) == before


# --------------------------------------------------------------------------- option values

@pytest.mark.parametrize("args,option", [
    (["build", "--font-size", "nan"], "--font-size"),
    (["build", "--font-size", "inf"], "--font-size"),
    (["build", "--font-size", "-Infinity"], "--font-size"),
    (["build", "--font-size", "-3"], "--font-size"),
    (["build", "--font-size", "0"], "--font-size"),
    (["build", "--font-size", "1e308"], "--font-size"),
    (["build", "--font-size", "sixteen"], "--font-size"),
    (["build", "--font", "x" * 100_000], "--font"),
    (["build", "--font", ""], "--font"),
    (["build", "--font", "Sara\nbun"], "--font"),
    (["build", "--font", "Sarabun\x00"[:-1] + "\x07"], "--font"),
    (["build", "--font", "<w:b/>\"&"], "--font"),
    (["pack", str(MINI), "--year", "nan"], "--year"),
    (["pack", str(MINI), "--year", "-2567"], "--year"),
    (["pack", str(MINI), "--year", "99999999999999999999"], "--year"),
    (["pack", str(MINI), "--year", "2567", "--ita-year", "2567.5"], "--ita-year"),
    (["pack", str(MINI), "--year", "2567", "--max-size", "nan"], "--max-size"),
    (["pack", str(MINI), "--year", "2567", "--max-size", "-1"], "--max-size"),
    (["pack", str(MINI), "--year", "2567", "--max-size", "inf"], "--max-size"),
    (["pack", str(MINI), "--year", "2567", "--max-size", "0"], "--max-size"),
    (["progress-template", str(MINI), "--year", "inf", "--round", "6"], "--year"),
])
def test_bad_option_values_are_usage_errors_naming_the_option(tmp_path, args, option):
    out = tmp_path / "out"
    proc = run_cli(*args, "-o", str(out), memory=512 * 1024 * 1024, timeout=60)
    assert proc.returncode == 2, proc.stderr
    assert f"argument {option}" in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stderr) < 2000
    assert not out.exists() and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("size", ["6", "36", "๑๖"])
def test_font_sizes_at_the_limits_build(tmp_path, size):
    out = tmp_path / "out"
    proc = run_cli("build", str(MINI), "-o", str(out), "--font-size", size, "--font", "TH Sarabun New")
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in out.iterdir()) == ["mini-budget.xlsx", "mini-plan.docx",
                                                      "mini-plan.pdf", "mini-summary.pdf"]


# --------------------------------------------------------------------------- our names, not ours

USER_BYTES = {
    "text": b"the user's own notes\n",
    "docx-of-word": None,          # a real DOCX another program wrote
    "pdf-of-another": b"%PDF-1.4\n1 0 obj << /Creator (Microsoft Word) >> endobj\n%%EOF\n",
}


def _users_docx() -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("docProps/app.xml", "<Properties><Application>Microsoft Office Word"
                                       "</Application></Properties>")
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


@pytest.mark.parametrize("kind", ["text", "docx-of-word", "pdf-of-another", "symlink"])
def test_a_users_file_with_our_name_is_not_replaced_without_force(tmp_path, kind):
    """A file named as one of ours that this program did not write (or a symlink there) stops
    build and pack (exit 2, the file and --force named, nothing written); --force replaces it
    (a symlink itself, never what it points to)."""
    out = user_folder(tmp_path / "out")
    name = "mini-plan.pdf" if kind == "pdf-of-another" else "mini-plan.docx"
    target = out / name
    if kind == "symlink":
        target.symlink_to(out / "keep.txt")
    else:
        target.write_bytes(USER_BYTES[kind] or _users_docx())
    before = snapshot(tmp_path)
    proc = run_cli("build", str(MINI), "-o", str(out), "--format", "docx,pdf,xlsx")
    assert proc.returncode == 2, proc.stderr
    assert str(target) in proc.stderr and "--force" in proc.stderr and "ไม่เขียนทับ" in proc.stderr
    assert snapshot(tmp_path) == before
    proc = run_cli("build", str(MINI), "-o", str(out), "--format", "docx,pdf,xlsx", "--force")
    assert proc.returncode == 0, proc.stderr
    assert not target.is_symlink() and target.read_bytes()[:4] in (b"PK\x03\x04", b"%PDF")
    _kept({k: v for k, v in before.items() if not k.endswith(name)}, snapshot(tmp_path))


def test_pack_beside_a_users_file_with_our_name(tmp_path):
    out = user_folder(tmp_path / "out")
    (out / "mini-plan-2567.docx").write_bytes(b"the user's draft\n")
    before = snapshot(tmp_path)
    proc = run_cli(*PACK, "-o", str(out))
    assert proc.returncode == 2 and "mini-plan-2567.docx" in proc.stderr and "--force" in proc.stderr
    assert snapshot(tmp_path) == before
    proc = run_cli(*PACK, "-o", str(out), "--force")
    assert proc.returncode == 0, proc.stderr
    assert (out / "mini-plan-2567.docx").read_bytes()[:2] == b"PK"


def test_a_folder_with_our_files_name_is_never_replaced(tmp_path):
    out = user_folder(tmp_path / "out")
    (out / "mini-budget.xlsx").mkdir()
    before = snapshot(tmp_path)
    for extra in ((), ("--force",)):
        proc = run_cli("build", str(MINI), "-o", str(out), "--format", "xlsx", *extra)
        assert proc.returncode == 2 and "folder" in proc.stderr
        assert snapshot(tmp_path) == before


@pytest.mark.parametrize("command", [
    ("plan-workbook", str(MINI)),
    ("progress-template", str(MINI), "--year", "2567", "--round", "6"),
    ("import", str(MINI)),
])
def test_files_officers_fill_in_are_never_replaced_without_force(tmp_path, command):
    """plan-workbook, progress-template and import write files people then fill in or edit: an
    existing file there — even one this program wrote — is kept unless --force."""
    target = tmp_path / ("out.yaml" if command[0] == "import" else "out.xlsx")
    target.write_bytes(b"filled in by an officer\n")
    before = snapshot(tmp_path)
    proc = run_cli(*command, "-o", str(target))
    assert proc.returncode == 2, proc.stderr
    assert str(target) in proc.stderr and "--force" in proc.stderr
    assert snapshot(tmp_path) == before
    proc = run_cli(*command, "-o", str(target), "--force")
    assert proc.returncode == 0, proc.stderr
    assert target.read_bytes() != b"filled in by an officer\n"
    proc = run_cli(*command, "-o", str(target))   # now one of ours, still an officer's to fill
    assert proc.returncode == 2


# --------------------------------------------------------------------------- interrupted



@pytest.mark.parametrize("sig,code", [("SIGINT", 130), ("SIGTERM", 143)])
def test_interrupted_while_writing_leaves_no_partial_file(tmp_path, sig, code):
    """SIGINT (Ctrl+C) or SIGTERM while the files are written: the command says so in Thai and
    English, exits 130/143, and the folder is as it was (no temporary file, an earlier build of
    ours put back)."""
    import subprocess
    import sys

    out = user_folder(tmp_path / "out")
    assert run_cli("build", str(MINI), "-o", str(out), "--format", "docx,xlsx").returncode == 0
    before = snapshot(out)
    script = tmp_path / "interrupt.py"
    script.write_text(
        "import os, signal, sys\n"
        "from antong_reports import cli\n"
        "real_fsync, calls = os.fsync, []\n"
        "def fsync(fd):\n"
        "    calls.append(fd)\n"
        "    if len(calls) == 2:\n"
        "        os.kill(os.getpid(), getattr(signal, sys.argv[1]))\n"
        "    return real_fsync(fd)\n"
        "os.fsync = fsync\n"
        "sys.exit(cli.main(sys.argv[2:]))\n", "utf-8")
    env = {**os.environ, "PYTHONPATH": str(HERE.parent)}
    proc = subprocess.run([sys.executable, str(script), sig, "build", str(MINI), "-o", str(out),
                           "--format", "docx,xlsx"], capture_output=True, text=True, env=env,
                          timeout=300)
    assert proc.returncode == code, proc.stderr
    assert "interrupted" in proc.stderr and "ขัดจังหวะ" in proc.stderr
    assert snapshot(out) == before


def _unwritable(folder: Path) -> Path:
    """A folder nothing can be written in: read-only for a user; immutable (chattr +i) for root,
    who may write anywhere else. Skips when neither can be had."""
    import shutil
    import subprocess

    folder.mkdir()
    os.chmod(folder, 0o555)
    if not os.access(folder, os.W_OK):
        return folder
    if shutil.which("chattr") and subprocess.run(["chattr", "+i", str(folder)],
                                                 capture_output=True).returncode == 0:
        return folder
    pytest.skip("no way to make a folder unwritable here")


def test_an_unwritable_output_folder(tmp_path):
    import subprocess

    out = _unwritable(tmp_path / "out")
    try:
        for args in (("build", str(MINI), "-o", str(out), "--format", "xlsx"),
                     (*PACK, "-o", str(out)),
                     ("plan-workbook", str(MINI), "-o", str(out / "plan.xlsx"))):
            proc = run_cli(*args)
            assert proc.returncode == 2, proc.stderr
            assert str(out) in proc.stderr and "-o" in proc.stderr.split("Fix:")[-1], proc.stderr
            assert list(out.iterdir()) == []
    finally:
        subprocess.run(["chattr", "-i", str(out)], capture_output=True)
        os.chmod(out, 0o755)
