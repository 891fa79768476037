"""Counts of a fuzz run, logged for long runs: with ``ANTONG_FUZZ_PROGRESS=FILE`` a property
appends a line every 25 examples (time, its counts, the process's current and peak RSS)."""

from __future__ import annotations

import atexit
import os
import resource
import time
from collections import Counter

_ALL: list["Progress"] = []


def rss_mb() -> int:
    """Current resident set size of this process in MB (0 where /proc is absent)."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 2 ** 20
    except (OSError, ValueError, IndexError):
        return 0


def peak_rss_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


class Progress:
    """Counts of one property: ``count(key)`` adds an example under ``key``."""

    def __init__(self, name: str, every: int = 25):
        self.name = name
        self.every = every
        self.counts: Counter[str] = Counter()
        self.path = os.environ.get("ANTONG_FUZZ_PROGRESS")
        self.start = time.time()
        _ALL.append(self)

    def count(self, key: str) -> None:
        self.counts["examples"] += 1
        self.counts[key] += 1
        if self.path and self.counts["examples"] % self.every == 0:
            self.log()

    def log(self, final: bool = False) -> None:
        if not self.path:
            return
        line = (f"{time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime())}Z {self.name}"
                f"{' FINAL' if final else ''} "
                f"{dict(self.counts)} {time.time() - self.start:.0f}s "
                f"rss={rss_mb()}MB peak={peak_rss_mb()}MB\n")
        with open(self.path, "a", encoding="utf-8") as fh:
            fh.write(line)


@atexit.register
def _final() -> None:
    for progress in _ALL:
        if progress.counts:
            progress.log(final=True)
