"""antong-reports against LibreOffice, whole processes, interleaved (not a test: run it by hand).

    python benchmarks/bench_vs_libreoffice.py [--pairs 5] [--batch 100] [--jobs 2] [--json OUT]

What it measures, on the machine it runs on (docs/performance.md has the figures and the method):

* LibreOffice converting the project's own plan DOCX (built with ``--font Sarabun``) to PDF,
  with the bundled Sarabun made available to it by a fontconfig file that adds ``fonts/``
  (checked with ``pdffonts``: every font of its PDF is an embedded Sarabun, none substituted),
  against ``antong-reports build --format pdf`` of the same plan as a whole process: run
  interleaved, A B A B …, ``--pairs`` pairs, and the median of the pair-by-pair ratios is the
  figure (bar: ≥ 4×);
* the same against ``antong-reports build`` of every format (bar: ≥ 3×);
* a batch of ``--batch`` generated plans built by one ``antong-reports build P1 … Pn --jobs 2``
  against the same plans built by n sequential CLI runs, and plans per minute of each;
* peak RSS of the sample's build and of a 1,000-project plan's build, every format (bar:
  ≤ 250 MB each);
* time per project of the every-format build at 27, 270 and 1,000 projects (bar: the
  1,000-project build takes ≤ 40× the 27-project build).

It prints one PASS/FAIL line per bar; the exit status is 1 if any bar fails. Timings are of
whole processes (``os.wait4``), so imports and start-up count as a user sees them.

The project is run as it is installed: the package (with ``fonts/`` and ``samples/``) is copied
to a temporary folder and byte-compiled there, as ``pip install`` does, so a run does not spend
its time compiling the package's source (which it would on every run where bytecode is not
written, e.g. with ``PYTHONDONTWRITEBYTECODE=1``). ``--from-source`` runs the source tree as it
is instead.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
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
MB = 1_000_000

os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
# this script uses the tree it belongs to; the CLI runs it starts use HOME: that tree, or (the
# default) a byte-compiled copy of it (installed())
sys.path.insert(0, str(ROOT))
HOME = ROOT
_PYTHONPATH = os.environ.get("PYTHONPATH")


def use_tree(tree: Path) -> None:
    """Run the CLI from ``tree`` (its folder first on the children's path, and their cwd)."""
    global HOME
    HOME = tree
    os.environ["PYTHONPATH"] = os.pathsep.join([str(tree), *filter(None, [_PYTHONPATH])])


def installed(tmp: Path) -> Path:
    """The package as ``pip install`` leaves it: a copy with the bundled fonts and samples,
    byte-compiled (``compileall``), so no run compiles source."""
    tree = tmp / "installed"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("antong_reports", "fonts", "samples"):
        shutil.copytree(ROOT / name, tree / name, ignore=ignore)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree / "antong_reports")],
                   check=True, stdout=subprocess.DEVNULL)
    return tree


use_tree(ROOT)


#: CPU time (user + system, s) of each command run, by kind: a second view of the same runs,
#: less sensitive to other jobs on the machine than wall time
CPU: dict[str, list[float]] = {}


def run(cmd: list[str], cwd: Path, env: dict | None = None, kind: str = "") -> tuple[float, int]:
    """Wall time (s) and peak RSS (bytes) of one child process (its CPU time is recorded in
    :data:`CPU` under ``kind``); it must succeed."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t0
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"{' '.join(map(str, cmd))} failed ({code}):\n{err[-2000:]}")
    if kind:
        CPU.setdefault(kind, []).append(usage.ru_utime + usage.ru_stime)
    return elapsed, usage.ru_maxrss * 1024


def cli() -> list[str]:
    return [sys.executable, "-m", "antong_reports"]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count()
    load = " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return (f"{platform.system()} {platform.release()}, {cpu}, {cores} cores usable, "
            f"Python {platform.python_version()}, load average at start {load}")


def fontconfig_file(tmp: Path) -> Path:
    """A fontconfig file: the system's configuration plus the bundled fonts/ folder."""
    conf = tmp / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <dir>{ROOT / 'fonts'}</dir>\n"
        f"  <cachedir>{tmp / 'fc-cache'}</cachedir>\n"
        "</fontconfig>\n", "utf-8")
    return conf


def pdf_fonts(pdf: Path) -> list[tuple[str, bool]]:
    """(name without subset prefix, embedded) of every font ``pdffonts`` lists."""
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    fonts = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        if not parts:
            continue
        name = re.sub(r"^[A-Z]{6}\+", "", parts[0])
        # columns from the right: object ID (2), uni, sub, emb
        emb = parts[-5] == "yes"
        fonts.append((name, emb))
    return fonts


def pdf_pages(pdf: Path) -> int | None:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    m = re.search(r"^Pages:\s+(\d+)", out, re.M)
    return int(m.group(1)) if m else None


def generated_plans(folder: Path, count: int) -> list[Path]:
    """``count`` plans made from the sample: each its own slug and organisation name, and a
    different number of projects (from 9 to all 27), so the batch is not one plan repeated."""
    from antong_reports.sources import load_plan
    from antong_reports.sources.planfile import dump_plan_yaml

    plan = load_plan(SAMPLE)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        projects = plan.projects[:9 + (i * 7) % 19]
        kept = {p.id for p in projects}
        risks = tuple(r for r in plan.risks
                      if all(m.project is None or m.project in kept for m in r.control_measures))
        org = attrs.evolve(plan.organization, name=f"{plan.organization.name} {i + 1}")
        variant = attrs.evolve(plan, slug=f"generated-{i + 1:03d}", projects=projects,
                               risks=risks, organization=org)
        path = folder / f"generated-{i + 1:03d}.yaml"
        path.write_text(dump_plan_yaml(variant), "utf-8")
        paths.append(path)
    return paths


def synthetic_plan(path: Path, n: int) -> Path:
    """The sample's projects repeated up to ``n`` (new ids, numbered names), without risks."""
    from antong_reports.sources import load_plan
    from antong_reports.sources.planfile import dump_plan_yaml

    plan = load_plan(SAMPLE)
    base = plan.projects
    projects = []
    for i in range(n):
        p = base[i % len(base)]
        name = p.name if i < len(base) else f"{p.name} (ชุดที่ {i // len(base) + 1})"
        projects.append(attrs.evolve(p, id=f"{p.id}-{i}", name=name))
    big = attrs.evolve(plan, projects=tuple(projects), risks=(), slug=f"synthetic-{n}")
    path.write_text(dump_plan_yaml(big), "utf-8")
    return path


def interleaved(a_cmd, b_cmd, pairs: int, cwd: Path, a_env=None, b_env=None, kinds=("", "")):
    """A B A B …: the times of each and the pair-by-pair ratios A/B."""
    a_times, b_times, ratios, b_rss = [], [], [], []
    for _ in range(pairs):
        ta, _ = run(a_cmd(), cwd, a_env, kinds[0])
        tb, rb = run(b_cmd(), cwd, b_env, kinds[1])
        a_times.append(ta)
        b_times.append(tb)
        b_rss.append(rb)
        ratios.append(ta / tb)
    return a_times, b_times, ratios, b_rss


def fmt_times(ts) -> str:
    return ", ".join(f"{t:.2f}" for t in ts)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pairs", type=int, default=5, help="interleaved pairs (at least 5)")
    ap.add_argument("--batch", type=int, default=100, help="plans in the batch comparison")
    ap.add_argument("--jobs", type=int, default=2, help="--jobs of the batch build")
    ap.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    ap.add_argument("--skip", action="append", default=[], choices=["batch", "scale"],
                    help="leave out a part (its bars are not printed)")
    ap.add_argument("--from-source", action="store_true",
                    help="run the source tree as it is, not a byte-compiled copy")
    args = ap.parse_args()
    pairs = max(5, args.pairs)
    soffice = shutil.which("soffice")
    if not soffice or not shutil.which("pdffonts"):
        raise SystemExit("needs LibreOffice (soffice) and poppler (pdffonts) on PATH")

    tmp = Path(tempfile.mkdtemp(prefix="bench-vs-lo-"))
    figures: dict = {"machine": machine(), "pairs": pairs}
    if not args.from_source:
        use_tree(installed(tmp))
    figures["runs"] = f"{'source tree' if args.from_source else 'byte-compiled copy'} {HOME}"

    def save() -> None:
        if args.json:
            args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False), "utf-8")
    print(f"machine: {figures['machine']}")
    print(f"antong-reports runs from: {figures['runs']}")
    lo_version = subprocess.run([soffice, "--version"], capture_output=True, text=True).stdout
    figures["libreoffice"] = lo_version.strip()
    print(f"LibreOffice: {figures['libreoffice']}")

    # --- the plan DOCX LibreOffice converts: built by the project, naming Sarabun
    run(cli() + ["build", str(SAMPLE), "--format", "docx", "--font", "Sarabun", "-o",
                 str(tmp / "docx")], HOME)
    docx = next((tmp / "docx").glob("*-plan.docx"))
    lo_env = dict(os.environ, FONTCONFIG_FILE=str(fontconfig_file(tmp)))
    profile = tmp / "lo-profile"

    def lo_cmd():
        return [soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
                "--convert-to", "pdf", "--outdir", str(tmp / "lo"), str(docx)]

    run(lo_cmd(), tmp, lo_env)          # creates the profile and the font cache: not timed
    lo_pdf = tmp / "lo" / (docx.stem + ".pdf")
    fonts = pdf_fonts(lo_pdf)
    names = sorted({n for n, _ in fonts})
    fonts_ok = bool(fonts) and all(n.startswith("Sarabun") and emb for n, emb in fonts)
    figures["lo_fonts"] = names
    figures["lo_pages"] = pdf_pages(lo_pdf)
    print(f"LibreOffice's PDF: {figures['lo_pages']} pages, fonts {', '.join(names)} "
          f"({'all embedded Sarabun' if fonts_ok else 'NOT all embedded Sarabun'})")

    counter = iter(range(10**6))

    def ours(*extra):
        return lambda: cli() + ["build", str(SAMPLE), *extra, "-o", str(tmp / f"o{next(counter)}")]

    # --- A/B: LibreOffice against the PDF build, then against the build of every format
    lo_a, pdf_b, pdf_ratios, pdf_rss = interleaved(lo_cmd, ours("--format", "pdf"), pairs, HOME,
                                                   lo_env, None, ("lo", "pdf"))
    our_pdf = next((tmp / "o0").glob("*-plan.pdf"))
    figures["our_pages"] = pdf_pages(our_pdf)
    figures["pdf"] = {"libreoffice": lo_a, "ours": pdf_b, "ratios": pdf_ratios,
                      "median_ratio": statistics.median(pdf_ratios)}
    print(f"LibreOffice DOCX→PDF: {fmt_times(lo_a)} s")
    print(f"build --format pdf:   {fmt_times(pdf_b)} s ({figures['our_pages']} pages)")
    print(f"  ratios {fmt_times(pdf_ratios)}; median {figures['pdf']['median_ratio']:.2f}x")
    cpu_ratio = statistics.median(a / b for a, b in zip(CPU["lo"], CPU["pdf"]))
    figures["pdf"]["cpu"] = {"libreoffice": CPU["lo"], "ours": CPU["pdf"], "median_ratio": cpu_ratio}
    print(f"  CPU time: LibreOffice {fmt_times(CPU['lo'])} s, ours {fmt_times(CPU['pdf'])} s; "
          f"median ratio {cpu_ratio:.2f}x")

    lo_a2, all_b, all_ratios, all_rss = interleaved(lo_cmd, ours(), pairs, HOME, lo_env, None,
                                                    ("lo2", "all"))
    figures["all"] = {"libreoffice": lo_a2, "ours": all_b, "ratios": all_ratios,
                      "median_ratio": statistics.median(all_ratios)}
    print(f"LibreOffice DOCX→PDF: {fmt_times(lo_a2)} s")
    print(f"build (every format): {fmt_times(all_b)} s")
    print(f"  ratios {fmt_times(all_ratios)}; median {figures['all']['median_ratio']:.2f}x")
    cpu_ratio = statistics.median(a / b for a, b in zip(CPU["lo2"], CPU["all"]))
    figures["all"]["cpu"] = {"libreoffice": CPU["lo2"], "ours": CPU["all"],
                             "median_ratio": cpu_ratio}
    print(f"  CPU time: LibreOffice {fmt_times(CPU['lo2'])} s, ours {fmt_times(CPU['all'])} s; "
          f"median ratio {cpu_ratio:.2f}x")
    sample_rss = max(all_rss + pdf_rss)
    figures["sample_rss_mb"] = sample_rss / MB
    save()
    print(f"peak RSS, sample build: every format {max(all_rss) / MB:.0f} MB, "
          f"PDF {max(pdf_rss) / MB:.0f} MB")

    # --- scale: time per project and peak RSS
    scale = {}
    for n in (() if "scale" in args.skip else (27, 270, 1000)):
        path = SAMPLE if n == 27 else synthetic_plan(tmp / f"synthetic-{n}.yaml", n)
        t, rss = run(cli() + ["build", str(path), "-o", str(tmp / f"scale{n}")], HOME,
                     kind=f"scale{n}")
        cpu = CPU[f"scale{n}"][-1]
        scale[n] = {"seconds": t, "cpu_seconds": cpu, "per_project_ms": 1000 * t / n,
                    "rss_mb": rss / MB}
        print(f"{n:>5} projects, every format: {t:.2f} s ({1000 * t / n:.1f} ms per project; "
              f"CPU {cpu:.2f} s), peak RSS {rss / MB:.0f} MB")
    figures["scale"] = scale
    save()
    # --- a batch against sequential CLI runs
    batch = "batch" not in args.skip
    plans = generated_plans(tmp / "plans", args.batch) if batch else []
    if batch:
        t_batch, _ = run(cli() + ["build", *map(str, plans), "-o", str(tmp / "batch"),
                                  "--jobs", str(args.jobs)], HOME)
        t0 = time.perf_counter()
        for k, plan in enumerate(plans):
            run(cli() + ["build", str(plan), "-o", str(tmp / "seq" / str(k))], HOME)
        t_seq = time.perf_counter() - t0
        built = sum(1 for p in (tmp / "batch").iterdir() if p.is_dir())
        figures["batch"] = {"plans": len(plans), "jobs": args.jobs, "batch_s": t_batch,
                            "sequential_s": t_seq, "ratio": t_seq / t_batch,
                            "batch_per_min": len(plans) / t_batch * 60,
                            "sequential_per_min": len(plans) / t_seq * 60, "folders": built}
        print(f"batch of {len(plans)} plans, --jobs {args.jobs}: {t_batch:.1f} s "
              f"({figures['batch']['batch_per_min']:.1f} plans/min, {built} folders); "
              f"{len(plans)} sequential CLI runs: {t_seq:.1f} s "
              f"({figures['batch']['sequential_per_min']:.1f} plans/min); "
              f"{figures['batch']['ratio']:.2f}x")

    growth = scale[1000]["seconds"] / scale[27]["seconds"] if scale else None

    # --- bars
    print()
    results = []

    def bar(name: str, ok: bool, detail: str) -> None:
        results.append(ok)
        print(f"{'PASS' if ok else 'FAIL'}  {name}: {detail}")

    bar("LibreOffice had Sarabun", fonts_ok, f"fonts in its PDF: {', '.join(names)}")
    bar("PDF build >= 4x faster than LibreOffice", figures["pdf"]["median_ratio"] >= 4,
        f"median of {pairs} pair ratios {figures['pdf']['median_ratio']:.2f}x")
    bar("every-format build >= 3x faster than LibreOffice", figures["all"]["median_ratio"] >= 3,
        f"median of {pairs} pair ratios {figures['all']['median_ratio']:.2f}x")
    if batch:
        bar("batch --jobs faster than sequential CLI runs", t_batch < t_seq,
            f"{t_batch:.1f} s vs {t_seq:.1f} s ({figures['batch']['ratio']:.2f}x)")
    bar("peak RSS of the sample build <= 250 MB", sample_rss <= 250 * MB,
        f"{sample_rss / MB:.0f} MB")
    if scale:
        bar("peak RSS of the 1,000-project build <= 250 MB", scale[1000]["rss_mb"] <= 250,
            f"{scale[1000]['rss_mb']:.0f} MB")
        bar("1,000 projects <= 40x the 27-project time", growth <= 40,
            f"{scale[1000]['seconds']:.1f} s / {scale[27]['seconds']:.2f} s = {growth:.1f}x")
    figures["bars_passed"] = sum(results)
    figures["bars"] = len(results)
    save()
    shutil.rmtree(tmp, ignore_errors=True)
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
