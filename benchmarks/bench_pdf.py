"""Benchmark of the PDF plan and summary (not a test: run it by hand).

    python benchmarks/bench_pdf.py [--repeat N] [--plan PLAN.yaml]

Prints, measured in one run on this machine:

* the plan PDF's build time in a warm process (compose + render, median of N);
* the whole ``antong-reports build --format pdf`` process (plan and summary PDFs);
* LibreOffice converting the same plan's DOCX to PDF (``soffice --headless --convert-to pdf``,
  its profile created beforehand, median of N), and the ratio of the two;
* the whole ``antong-reports build`` of every format against the same conversion;
* peak memory (maximum resident set size) of the PDF build process;
* a synthetic plan of 100, 300 and 1,000 projects (time per project shows whether it stays linear).

Bars (each printed as PASS or FAIL at the end; the exit status is 1 if any fails): whole-process
PDF build ≥ 1.5× faster than LibreOffice's conversion; the build of every format faster than the
conversion alone; peak RSS < 300 MB; the 1,000-project plan no worse than linear (time per project
at 1,000 projects at most 1.1× that at 100).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import attrs

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "angthong-2566-2570.yaml"

os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")


def run_child(cmd: list[str], cwd: Path) -> tuple[float, int]:
    """Wall time (s) and peak RSS (MiB) of one child process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err}")
    return elapsed, usage.ru_maxrss // 1024


def cli() -> list[str]:
    exe = shutil.which("antong-reports")
    return [exe] if exe else [sys.executable, "-m", "antong_reports"]


def synthetic(plan, n: int):
    """The plan's projects repeated (new ids) up to ``n`` projects."""
    base = plan.projects
    projects = [attrs.evolve(base[i % len(base)], id=f"{base[i % len(base)].id}-{i}")
                for i in range(n)]
    return attrs.evolve(plan, projects=tuple(projects), risks=())


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--plan", type=Path, default=SAMPLE)
    args = ap.parse_args()

    from antong_reports.compose.plan import compose_plan
    from antong_reports.sources import load_plan
    from antong_reports.render.pdf import render_pdf
    from antong_reports.common.settings import DEFAULT

    plan = load_plan(args.plan)
    tmp = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    print(f"plan: {args.plan.name} ({len(plan.projects)} projects), {os.cpu_count()} CPUs")

    # --- warm, in this process
    t0 = time.perf_counter()
    data = render_pdf(compose_plan(plan, DEFAULT), DEFAULT)
    first = time.perf_counter() - t0
    warm = median_time(lambda: render_pdf(compose_plan(plan, DEFAULT), DEFAULT), args.repeat)
    pages = data.count(b"/Type /Page\n")
    print(f"plan PDF in this process: first {first:.2f} s, warm {warm:.2f} s "
          f"({len(data) / 1024:.0f} KiB, {pages} pages)")

    # --- whole processes
    pdf_runs = [run_child(cli() + ["build", str(args.plan), "--format", "pdf", "-o",
                                   str(tmp / f"pdf{i}")], ROOT) for i in range(args.repeat)]
    pdf_proc = statistics.median(t for t, _ in pdf_runs)
    pdf_rss = max(r for _, r in pdf_runs)
    print(f"antong-reports build --format pdf (process): {pdf_proc:.2f} s, peak RSS {pdf_rss} MiB")

    all_runs = [run_child(cli() + ["build", str(args.plan), "-o", str(tmp / f"all{i}")], ROOT)
                for i in range(args.repeat)]
    all_proc = statistics.median(t for t, _ in all_runs)
    all_rss = max(r for _, r in all_runs)
    produced = sorted(p.name for p in (tmp / "all0").iterdir())
    print(f"antong-reports build, every format (process): {all_proc:.2f} s, peak RSS {all_rss} MiB"
          f" -> {', '.join(produced)}")

    # --- LibreOffice converting the same plan's DOCX
    lo = None
    soffice = shutil.which("soffice")
    docx = next((tmp / "all0").glob("*-plan.docx"), None)
    if soffice and docx is not None:
        profile = tmp / "lo-profile"
        cmd = [soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
               "--convert-to", "pdf", "--outdir", str(tmp / "lo"), str(docx)]
        run_child(cmd, tmp)  # creates the profile: not timed
        lo_runs = [run_child(cmd, tmp) for _ in range(args.repeat)]
        lo = statistics.median(t for t, _ in lo_runs)
        print(f"LibreOffice DOCX -> PDF (process, warm profile): {lo:.2f} s, "
              f"peak RSS {max(r for _, r in lo_runs)} MiB")
    else:
        print("LibreOffice comparison skipped (no soffice or no DOCX generator)")

    # --- synthetic plans
    per = []
    for n in (100, 300, 1000):
        big = synthetic(plan, n)
        t = median_time(lambda: render_pdf(compose_plan(big, DEFAULT), DEFAULT), 1)
        per.append(t / n)
        print(f"synthetic plan, {n} projects: {t:.2f} s ({1000 * t / n:.1f} ms per project)")
    growth = per[-1] / per[0]
    print(f"time per project, 1000 vs 100: {growth:.2f}x (linear ≈ 1)")
    self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"peak RSS of this process (1,000-project render included): {self_rss} MiB")

    # --- the bars
    print()
    print("bars:")
    results = []

    def bar(name: str, ok: bool | None, detail: str) -> None:
        verdict = "SKIP" if ok is None else "PASS" if ok else "FAIL"
        results.append(ok)
        print(f"  [{verdict}] {name}: {detail}")

    if lo is not None:
        bar("PDF build >= 1.5x faster than LibreOffice", lo / pdf_proc >= 1.5,
            f"ratio LibreOffice / PDF build process = {lo:.2f} / {pdf_proc:.2f} = "
            f"{lo / pdf_proc:.2f}x (bar >= 1.5x)")
        bar("every-format build faster than LibreOffice's conversion", lo / all_proc > 1.0,
            f"ratio LibreOffice / every-format build = {lo:.2f} / {all_proc:.2f} = "
            f"{lo / all_proc:.2f}x (bar > 1x)")
    else:
        bar("PDF build >= 1.5x faster than LibreOffice", None, "no LibreOffice")
        bar("every-format build faster than LibreOffice's conversion", None, "no LibreOffice")
    bar("peak RSS < 300 MB", pdf_rss * 1024 * 1024 < 300e6 and all_rss * 1024 * 1024 < 300e6,
        f"PDF build {pdf_rss} MiB, every-format build {all_rss} MiB")
    # "no worse than linear": the time per project does not grow (10 % allowed for noise)
    bar("1,000-project plan no worse than linear", growth <= 1.1,
        f"time per project 1000 vs 100 = {growth:.2f}x (bar <= 1.1x)")
    shutil.rmtree(tmp, ignore_errors=True)
    return 0 if all(r is not False for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
