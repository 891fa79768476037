"""Benchmark of the budget workbook.

Prints the warm time of the bundled sample's workbook (target: under 0.3 s on a 2-core machine)
and the time of a synthetic plan of 1,000 projects built from the sample's projects.

    python benchmarks/bench_xlsx.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from decimal import Decimal

import attrs

from antong_reports.render import xlsx as render_xlsx
from antong_reports.sources import load_plan
from antong_reports.common.assets import sample_plan_path
from antong_reports.common.settings import Settings


def synthetic_plan(plan, n: int):
    """A plan of ``n`` projects: the sample's projects repeated with new ids and budgets."""
    base = plan.projects
    projects = []
    for i in range(n):
        p = base[i % len(base)]
        budget = {y: Decimal(1000 * (1 + (i * 7 + k) % 50)) for k, y in enumerate(plan.years)
                  if (i + k) % 3}
        projects.append(attrs.evolve(p, id=f"{p.id}-{i}", name=f"{p.name} ({i + 1})",
                                     budget=budget))
    return attrs.evolve(plan, projects=tuple(projects))


def timed(plan, settings: Settings, repeat: int) -> tuple[float, int]:
    times = []
    size = 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        files = render_xlsx.generate(plan, settings)
        times.append(time.perf_counter() - t0)
        size = sum(len(b) for b in files.values())
    return statistics.median(times), size


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    settings = Settings()
    plan = load_plan(sample_plan_path())
    render_xlsx.generate(plan, settings)  # warm up: imports, framework, caches
    t, size = timed(plan, settings, args.repeat)
    print(f"sample ({len(plan.projects)} projects): {t:.3f} s warm (median of {args.repeat}), "
          f"{size:,} bytes; target < 0.3 s: {'ok' if t < 0.3 else 'MISSED'}")
    for n in (250, 1000):
        big = synthetic_plan(plan, n)
        tb, size = timed(big, settings, max(1, args.repeat // 2))
        print(f"synthetic ({n} projects): {tb:.3f} s, {size:,} bytes")


if __name__ == "__main__":
    main()
