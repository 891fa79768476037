"""Benchmark: importing a plan — the reference text (Word-copied), the sample's generated DOCX
(27 projects) and a hand-typed-looking DOCX of the reference (tests/handmade.py).

Run: ``python benchmarks/bench_import.py``. Target: each under 1 s (first call, in a fresh process,
and warm). Prints the median wall time of several runs, and for a first call in a fresh process the
wall and CPU time of the import itself (CPU time does not grow when other processes share the
machine).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from antong_reports.sources.importer import import_docx_bytes, import_text  # noqa: E402

REFERENCE = ROOT / "tests" / "data" / "angthong-plan-2566-2570.txt"
SAMPLE = ROOT / "samples" / "angthong-2566-2570.yaml"


def median(fn, repeat: int = 5) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def first_call(kind: str) -> tuple[float, float]:
    """Wall seconds of module imports + one import in a fresh interpreter, and CPU seconds of
    the import call itself."""
    code = (f"import sys, time, resource; sys.path.insert(0, {str(ROOT)!r}); t0 = time.perf_counter(); "
            "from antong_reports.sources.importer import import_plan; "
            "r0 = resource.getrusage(resource.RUSAGE_SELF); "
            f"import_plan({str(REFERENCE) if kind == 'txt' else '/tmp/bench-import.docx'!r}); "
            "r1 = resource.getrusage(resource.RUSAGE_SELF); "
            "print(time.perf_counter() - t0, r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    wall, cpu = out.stdout.split()
    return float(wall), float(cpu)


def main() -> None:
    from antong_reports.common.settings import Settings
    from antong_reports.render.docx import generate
    from antong_reports.sources import load_plan
    from handmade import handmade_docx

    text = REFERENCE.read_text("utf-8")
    generated = next(iter(generate(load_plan(SAMPLE), Settings()).values()))
    Path("/tmp/bench-import.docx").write_bytes(generated)
    handmade = handmade_docx(text, split_every=31)
    rows = [
        ("reference text (.txt)", lambda: import_text(text, "reference.txt")),
        ("generated DOCX, 27 projects", lambda: import_docx_bytes(generated, "sample.docx")),
        ("hand-typed DOCX, 27 projects", lambda: import_docx_bytes(handmade, "handmade.docx")),
    ]
    print(f"{'source':32} {'warm median':>12} {'projects':>9} {'findings':>9}")
    worst = 0.0
    for name, fn in rows:
        seconds, result = median(fn)
        worst = max(worst, seconds)
        print(f"{name:32} {seconds:11.3f}s {len(result.plan.projects):9} {len(result.findings):9}")
    for kind in ("txt", "docx"):
        seconds, cpu = first_call(kind)
        worst = max(worst, cpu)
        print(f"first call in a new process ({kind}): {seconds:.3f}s wall with module imports, "
              f"import itself {cpu:.3f}s CPU")
    print("target: under 1 s each (warm wall, first-call CPU) —", "met" if worst < 1.0 else "NOT met")


if __name__ == "__main__":
    main()
