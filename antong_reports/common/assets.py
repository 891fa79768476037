"""Where the bundled files are: the Sarabun fonts (``fonts/``) and the samples (``samples/``).

Both folders sit at the top of the source tree and are installed as the packages
``antong_reports.fonts`` and ``antong_reports.samples``. Code run from a source tree whose
``antong_reports`` shadows the installed one (``python -m pytest`` in a clone, for one) finds them
beside the package instead.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_TOP = Path(__file__).resolve().parents[2]


def _folder(package: str, folder: str) -> Path:
    try:
        return Path(str(resources.files(package)))
    except ModuleNotFoundError:
        return _TOP / folder


def fonts_dir() -> Path:
    """The folder holding Sarabun-*.ttf and OFL.txt."""
    return _folder("antong_reports.fonts", "fonts")


def samples_dir() -> Path:
    """The folder holding the bundled sample plan and progress files."""
    return _folder("antong_reports.samples", "samples")


def sample_plan_path() -> Path:
    """The bundled sample plan: the real Ang Thong plan 2566–2570."""
    return samples_dir() / "angthong-2566-2570.yaml"


def sample_progress_path() -> Path:
    """The bundled illustrative progress file for fiscal year 2567."""
    return samples_dir() / "angthong-progress-2567.yaml"
