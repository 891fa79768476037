"""Batch builds: many plans, each into DIR/<slug>/, in worker processes; a failing plan never
stops or corrupts the others (build.build_many and ``antong-reports build PLAN… --jobs N``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from antong_reports import build
from antong_reports.cli import main

HERE = Path(__file__).resolve().parent
MINI = HERE / "fixtures" / "mini.yaml"
BAD = HERE / "bad_plans" / "budget-year-outside.yaml"


def _plan_with_slug(tmp_path: Path, slug: str) -> Path:
    text = MINI.read_text("utf-8").replace("slug: mini", f"slug: {slug}", 1)
    path = tmp_path / f"{slug}.yaml"
    path.write_text(text, "utf-8")
    return path


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("jobs", [1, 2])
def test_each_plan_into_its_slug_folder_and_failures_stay_apart(tmp_path, jobs):
    other = _plan_with_slug(tmp_path, "mini-two")
    twin = tmp_path / "twin.yaml"                   # the same slug as MINI: may not overwrite it
    twin.write_text(MINI.read_text("utf-8"), "utf-8")
    out = tmp_path / "out"
    heard = []
    outcomes = build.build_many([MINI, BAD, other, tmp_path / "missing.yaml", twin], out,
                                formats=["docx", "xlsx"], jobs=jobs, on_done=heard.append)
    assert [o.plan_path for o in outcomes] == [MINI, BAD, other, tmp_path / "missing.yaml", twin]
    assert sorted(map(str, (o.plan_path for o in heard))) == sorted(
        map(str, (o.plan_path for o in outcomes)))
    assert [o.built for o in outcomes] == [True, False, True, False, False]
    assert outcomes[0].outdir == out / "mini" and outcomes[2].outdir == out / "mini-two"
    assert "line 16" in outcomes[1].reason and "2571" in outcomes[1].reason
    assert "missing.yaml" in outcomes[3].reason
    assert "slug" in outcomes[4].reason and str(MINI) in outcomes[4].reason
    assert sorted(p.name for p in out.iterdir()) == ["mini", "mini-two"]
    # each folder holds exactly what a build of that plan alone writes
    alone = tmp_path / "alone"
    build.build(MINI, alone, ["docx", "xlsx"])
    assert _files(out / "mini") == _files(alone)
    assert sorted(_files(out / "mini-two")) == ["mini-two-budget.xlsx", "mini-two-plan.docx"]


def test_cli_batch_summary_and_exit_code(tmp_path, capsys):
    other = _plan_with_slug(tmp_path, "mini-three")
    out = tmp_path / "out"
    assert main(["build", str(MINI), str(other), "-o", str(out), "--format", "xlsx",
                 "--jobs", "2"]) == 0
    text = capsys.readouterr().out
    assert "2 built, 0 failed" in text and str(out / "mini-three") in text
    assert main(["build", str(MINI), str(BAD), "-o", str(out), "--format", "xlsx",
                 "--jobs", "1"]) == 1
    captured = capsys.readouterr()
    assert "1 built, 1 failed" in captured.out
    assert "FAILED" in captured.out and "2571" in captured.out
    assert "\r" not in captured.err                 # no progress bar when not on a terminal
    assert main(["build", str(MINI), str(other), "--jobs", "0"]) == 2


def test_batch_from_a_fresh_process_with_default_jobs(tmp_path):
    """As a user runs it: ``python -m antong_reports build A B -o DIR`` (workers started by the
    platform's clean start method, not a fork of the command)."""
    other = _plan_with_slug(tmp_path, "mini-four")
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "antong_reports", "build", str(MINI), str(other),
                           str(BAD), "-o", str(out), "--format", "xlsx"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr
    assert "2 built, 1 failed" in done.stdout
    assert sorted(p.name for p in out.iterdir()) == ["mini", "mini-four"]
