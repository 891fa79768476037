"""Benchmark: the Word plan of the sample (warm) and of synthetic 250/500/1,000-project plans.

Run: ``python benchmarks/bench_docx.py``. Targets: the sample's DOCX in under 0.5 s warm; time linear
in the project count (the per-project figure stays flat).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import attrs

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from antong_reports.compose.plan import compose_plan  # noqa: E402
from antong_reports.sources import load_plan  # noqa: E402
from antong_reports.render.docx import render_docx  # noqa: E402
from antong_reports.common.settings import Settings  # noqa: E402

SAMPLE = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "samples" / "angthong-2566-2570.yaml"


def synthetic(plan, n: int):
    """A plan of ``n`` projects: the sample's projects repeated, each copy with its own id and name
    (the first copy keeps the sample's ids, so the risk table still names its projects)."""
    base = plan.projects
    projects = []
    for k in range(n):
        p = base[k % len(base)]
        if k < len(base):
            projects.append(p)
        else:
            projects.append(attrs.evolve(p, id=f"{p.id}-{k}", name=f"{p.name} (ชุดที่ {k // len(base) + 1})"))
    return attrs.evolve(plan, projects=tuple(projects), slug=f"synthetic-{n}")


def timed(plan, settings, repeat: int) -> tuple[float, float, int]:
    """Median seconds of compose and of compose + render, and the DOCX size."""
    compose, total, size = [], [], 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        doc = compose_plan(plan, settings)
        t1 = time.perf_counter()
        data = render_docx(doc, settings)
        t2 = time.perf_counter()
        compose.append(t1 - t0)
        total.append(t2 - t0)
        size = len(data)
    return statistics.median(compose), statistics.median(total), size


def main() -> int:
    settings = Settings()
    plan = load_plan(SAMPLE)
    timed(plan, settings, 1)  # warm up: imports, framework data, caches
    compose, total, size = timed(plan, settings, 7)
    print(f"sample ({len(plan.projects)} projects): {total:.3f} s warm "
          f"(compose {compose:.3f} s, render {total - compose:.3f} s), {size / 1024:.0f} KiB "
          f"— target < 0.5 s: {'ok' if total < 0.5 else 'MISSED'}")
    rows = []
    for n in (250, 500, 1000):
        big = synthetic(plan, n)
        compose, total, size = timed(big, settings, 3)
        rows.append((n, total))
        print(f"synthetic {n:>5} projects: {total:.3f} s (compose {compose:.3f} s), "
              f"{size / 1024 / 1024:.1f} MiB, {1000 * total / n:.2f} ms per project")
    (n0, t0), (n1, t1) = rows[0], rows[-1]
    print(f"scaling {n0} → {n1} projects: time × {t1 / t0:.2f} for projects × {n1 / n0:.0f} "
          f"({'linear' if t1 / t0 < 1.3 * n1 / n0 else 'worse than linear'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
