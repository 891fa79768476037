"""Helpers of the safety tests: folder snapshots and the command line in a bounded child process."""

from __future__ import annotations

import hashlib
import os
import resource
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: address-space limit of a child process (virtual memory, bytes); the sample build of every
#: format needs well under this, the failures the tests provoke used gigabytes before
MEMORY_LIMIT = 1536 * 1024 * 1024


def snapshot(folder: Path) -> dict[str, tuple]:
    """Every entry under ``folder`` (not following symlinks) → (kind, content hash or target, mode)."""
    out: dict[str, tuple] = {}
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            rel = str(p.relative_to(folder))
            st = p.lstat()
            if p.is_symlink():
                out[rel] = ("link", os.readlink(p))
            elif p.is_dir():
                out[rel] = ("dir", st.st_mode)
            else:
                out[rel] = ("file", hashlib.sha256(p.read_bytes()).hexdigest(), st.st_mode,
                            st.st_mtime_ns)
    return out


def user_folder(folder: Path) -> Path:
    """A folder holding what a user keeps: ``keep.txt`` and ``sub/thesis.docx``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "keep.txt").write_text("ข้อมูลของผู้ใช้ / the user's own file\n", "utf-8")
    (folder / "sub").mkdir(exist_ok=True)
    (folder / "sub" / "thesis.docx").write_bytes(b"PK\x03\x04 the user's thesis " * 100)
    return folder


def _limit(limit: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def run_cli(*args: str, cwd: Path | None = None, timeout: float = 240,
            memory: int = MEMORY_LIMIT) -> subprocess.CompletedProcess:
    """``python -m antong_reports ARGS`` in a child process whose address space is limited to
    ``memory`` bytes (``resource.setrlimit(RLIMIT_AS)``) and that must end within ``timeout``."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    env.setdefault("PYTHAINLP_READ_ONLY", "1")
    env.setdefault("PYTHAINLP_OFFLINE", "1")
    return subprocess.run([sys.executable, "-m", "antong_reports", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout,
                          preexec_fn=lambda: _limit(memory))
