"""Bounded memo tables for the Thai layout (segmentation, break points, shaping, numbers).

Every cache of :mod:`antong_reports.thai` is a :class:`Bounded` table: a dict that is emptied
when it reaches its cap, so a process that builds documents for ever (a batch worker, a long
property-test run) keeps its memory bounded whatever texts come. The caches only remember pure
results, so emptying one changes how fast a text is set, never what is set. :func:`tables`
lists them all (a test checks the caps hold and that tiny caps give the same bytes).
"""

from __future__ import annotations

import functools
from typing import Callable, TypeVar

__all__ = ["Bounded", "memoize", "tables"]

_K = TypeVar("_K")
_V = TypeVar("_V")
_MISSING = object()
_TABLES: dict[str, "Bounded"] = {}


class Bounded(dict):
    """A dict of at most ``cap`` entries: :meth:`put` empties it first when it is full."""

    __slots__ = ("name", "cap")

    def __init__(self, name: str, cap: int):
        super().__init__()
        if cap < 1:
            raise ValueError("a cache holds at least one entry")
        self.name = name
        self.cap = cap
        _TABLES[name] = self

    def put(self, key, value):
        """Remember ``value`` for ``key`` (emptying the table first if it is full); returns it."""
        if len(self) >= self.cap:
            self.clear()
        self[key] = value
        return value


def memoize(name: str, cap: int) -> Callable[[Callable[[_K], _V]], Callable[[_K], _V]]:
    """Decorate a one-argument pure function with a :class:`Bounded` table (``fn.cache``)."""

    def wrap(fn: Callable[[_K], _V]) -> Callable[[_K], _V]:
        cache = Bounded(name, cap)
        get = cache.get

        @functools.wraps(fn)
        def cached(arg: _K) -> _V:
            got = get(arg, _MISSING)
            if got is _MISSING:
                got = cache.put(arg, fn(arg))
            return got

        cached.cache = cache          # type: ignore[attr-defined]
        return cached

    return wrap


def tables() -> dict[str, Bounded]:
    """Every bounded cache made so far, by name."""
    return dict(_TABLES)
