"""Shared fixtures. Tools used only to check output (LibreOffice, poppler) are optional here:
tests that need them are skipped with a visible reason where they are absent (CI installs them)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "angthong-2566-2570.yaml"
MINI = Path(__file__).resolve().parent / "fixtures" / "mini.yaml"
REFERENCE = Path(__file__).resolve().parent / "data" / "angthong-plan-2566-2570.txt"

# Child processes started by the tests (the CLI, builds in a fresh interpreter) import the tree
# under test, whatever else is installed.
if (ROOT / "antong_reports").is_dir():
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])


@pytest.fixture(scope="session")
def sample_path() -> Path:
    return SAMPLE


@pytest.fixture(scope="session")
def sample_plan():
    from antong_reports.sources import load_plan
    return load_plan(SAMPLE)


@pytest.fixture(scope="session")
def mini_plan():
    from antong_reports.sources import load_plan
    return load_plan(MINI)


def _need(tool: str) -> str:
    path = shutil.which(tool)
    if not path:
        pytest.skip(f"{tool} is not installed (apt-get install libreoffice-writer-nogui "
                    f"libreoffice-calc-nogui poppler-utils); CI installs it")
    return path


@pytest.fixture(scope="session")
def soffice():
    """Path of LibreOffice's soffice, or skip."""
    return _need("soffice")


@pytest.fixture(scope="session")
def poppler():
    """Check poppler-utils are present (pdftotext, pdffonts, pdftoppm), or skip."""
    for tool in ("pdftotext", "pdffonts", "pdftoppm"):
        _need(tool)
    return True


def fontconfig_with_bundled_fonts(folder: Path) -> dict:
    """Environment for LibreOffice with the bundled Sarabun (fonts/) added to the system's fonts
    through a fontconfig file (its cache in ``folder``)."""
    folder.mkdir(parents=True, exist_ok=True)
    conf = folder / "fonts.conf"
    conf.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
                    '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
                    f"  <dir>{ROOT / 'fonts'}</dir>\n  <cachedir>{folder / 'cache'}</cachedir>\n"
                    "</fontconfig>\n", encoding="utf-8")
    return {**os.environ, "FONTCONFIG_FILE": str(conf)}


def convert_with_libreoffice(src: Path, fmt: str, outdir: Path, timeout: int = 300,
                             env: dict | None = None) -> Path:
    """Convert ``src`` with LibreOffice headless (its own profile, so runs never collide)."""
    outdir.mkdir(parents=True, exist_ok=True)
    profile = outdir / ".lo-profile"
    cmd = [
        shutil.which("soffice") or "soffice", "--headless", "--norestore",
        f"-env:UserInstallation=file://{profile}",
        "--convert-to", fmt, "--outdir", str(outdir), str(src),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    target = outdir / (src.stem + "." + fmt.split(":")[0])
    if proc.returncode != 0 or not target.exists():
        raise AssertionError(f"LibreOffice failed on {src.name}: {proc.stdout}\n{proc.stderr}")
    return target


def pdftotext(pdf: Path, *args: str) -> str:
    """The text of a PDF as a reader searches it: no-break spaces (kept between "พ.ศ." and its
    year, a number and its unit) read as spaces, zero-width break marks dropped."""
    out = subprocess.run(["pdftotext", *args, str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    return out.translate({0xA0: " ", 0x200B: None, 0x2060: None})


# --------------------------------------------------------------------------- hypothesis profiles
# default: a few examples per property (fast); `--hypothesis-profile=long`: 10,000 examples
try:
    from hypothesis import HealthCheck, settings as _hyp_settings
except ImportError:  # pragma: no cover - hypothesis is in the [test] extra
    pass
else:
    _slow_ok = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
    _hyp_settings.register_profile("default", max_examples=12, deadline=None,
                                   suppress_health_check=_slow_ok, print_blob=True)
    # ANTONG_FUZZ_SHARDS=N: the long run is split over N processes (each started with its own
    # --hypothesis-seed) of 10,000 / N examples each, for a loaded machine
    _shards = max(1, int(os.environ.get("ANTONG_FUZZ_SHARDS", "1") or 1))
    _hyp_settings.register_profile("long", max_examples=10_000 // _shards, deadline=None,
                                   suppress_health_check=_slow_ok, print_blob=True)
    _hyp_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
    # Hypothesis keeps the full record (every choice and span) of its last 10,000 test cases, to
    # reuse them while shrinking: a whole generated plan is ~1,000 choices, ~0.3 MB of records, so
    # a 10,000-example run held ~3 GB for that cache alone. 1,000 records serve shrinking as well.
    try:
        from hypothesis.internal.conjecture import engine as _hyp_engine
    except ImportError:  # pragma: no cover - internal module moved in another version
        pass
    else:
        _hyp_engine.CACHE_SIZE = min(getattr(_hyp_engine, "CACHE_SIZE", 1000), 1000)
