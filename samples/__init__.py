"""Bundled sample files, installed as the package ``antong_reports.samples``.

``angthong-2566-2570.yaml`` is the real plan of Ang Thong town municipality (the default plan of
``antong-reports build``); ``angthong-progress-2567.yaml`` is an illustrative progress file.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

DEFAULT_PLAN = "angthong-2566-2570.yaml"
DEFAULT_PROGRESS = "angthong-progress-2567.yaml"


def sample_path(name: str = DEFAULT_PLAN) -> Path:
    """Path of a bundled sample file (works from a source tree and from an installed wheel)."""
    return Path(str(resources.files(__name__).joinpath(name)))
