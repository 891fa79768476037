"""Benchmark of the upload pack.

Prints, for the bundled Ang Thong plan and its illustrative 2567 progress file: the time of each
stage warm (the five-year plan's generators, the one-year plan, the two reports, the E-PlanNACC
workbook, the index), the whole pack warm in this process, and ``antong-reports``-equivalent
whole-process time (a fresh interpreter running :func:`antong_reports.pack.make_pack`).

    python benchmarks/bench_pack.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from antong_reports import pack as pk
from antong_reports.sources.progress_file import load_progress
from antong_reports.common.assets import sample_plan_path, sample_progress_path
from antong_reports.common.settings import Settings
from antong_reports.validate.plan import load_and_validate


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    plan_path = sample_plan_path()
    progress_path = sample_progress_path()
    settings = Settings()
    plan, _ = load_and_validate(plan_path)
    progress = load_progress(progress_path).resolved(plan)

    # warm-up: fonts, dictionaries, shaping caches
    pk.compose_pack(plan, progress, 2567, 2568, settings)

    stages = []
    t0 = time.perf_counter()
    files = pk.compose_pack(plan, progress, 2567, 2568, settings)
    stages.append(("documents (compose_pack)", time.perf_counter() - t0))
    from antong_reports.render.pdf import render_pdf

    t0 = time.perf_counter()
    render_pdf(pk.compose_index(plan, files, 2567, 2568, True, settings), settings)
    stages.append(("index page", time.perf_counter() - t0))
    for name, seconds in stages:
        print(f"{name:<28} {seconds:7.3f} s")
    total = sum(len(f.data) for f in files)
    print(f"{'files / bytes':<28} {len(files):7d}   {total:,}")

    warm = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.repeat):
            t0 = time.perf_counter()
            pk.make_pack(plan_path, [progress_path], 2567, 2568, Path(tmp) / f"pack{i}")
            warm.append(time.perf_counter() - t0)
        print(f"{'whole pack, warm':<28} {statistics.median(warm):7.3f} s (median of {args.repeat})")

        code = ("import sys; from antong_reports.pack import make_pack; "
                "make_pack(sys.argv[1], [sys.argv[2]], 2567, 2568, sys.argv[3])")
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", code, str(plan_path), str(progress_path),
                        str(Path(tmp) / "process")], check=True)
        print(f"{'whole pack, new process':<28} {time.perf_counter() - t0:7.3f} s")


if __name__ == "__main__":
    main()
