"""The Thai layout's caches stay bounded in a long-running process (a batch worker, a long
property-test run), whatever texts come, and bounding them never changes what is built."""

from __future__ import annotations

import contextlib
from pathlib import Path

from hypothesis import given, settings

from antong_reports.build import load_generator
from antong_reports.common.settings import Settings
from antong_reports.thai import caches, segmenter, text, typeset
from strategies import plans

TINY = 5
PRIVATE_TINY = 2
NODES_TINY = 300


def _tables() -> dict[str, caches.Bounded]:
    load_generator("pdf")              # imports every module that makes a cache
    load_generator("docx")
    return caches.tables()


@contextlib.contextmanager
def _caps(cap: int, private: int):
    tables = _tables()
    saved = {name: t.cap for name, t in tables.items()}
    saved_private = typeset.PRIVATE_CODES_MAX
    saved_nodes = text.WordDictionary.MAX_NODES
    try:
        for t in tables.values():
            t.cap = cap
            t.clear()                   # as if full and emptied: from here on the cap holds
        typeset.PRIVATE_CODES_MAX = private
        text.WordDictionary.MAX_NODES = NODES_TINY
        text.word_dictionary()._new_root()  # as if it had just started again
        yield tables
    finally:
        for name, t in tables.items():
            t.cap = saved[name]
        typeset.PRIVATE_CODES_MAX = saved_private
        text.WordDictionary.MAX_NODES = saved_nodes


def _build(plan) -> dict[str, bytes]:
    files = {}
    for fmt in ("pdf", "docx"):
        files.update(load_generator(fmt)(plan, Settings()))
    return files


def _private_codes() -> list[int]:
    return [len(typeset._font(name)._code_text) for name in typeset.register_fonts()]


def test_every_cache_of_the_thai_layout_is_bounded():
    tables = _tables()
    for name in ("text.segment", "breaks.break-points", "breaks.all-points",
                 "breaks.word-points", "breaks.word-cost",
                 "typeset.shape", "typeset.atom-gaps", "typeset.numbers"):
        assert name in tables
    assert all(1 <= t.cap <= 65536 for t in tables.values())
    assert all(len(t) <= t.cap for t in tables.values())


@settings(max_examples=6)
@given(plans(max_projects=2))
def test_many_plans_in_one_process_keep_the_caches_under_their_caps(plan):
    """Built with caps a few entries small, every cache is emptied many times over and stays
    under its cap, the fonts' private codes are recycled between documents, the dictionary's
    prefix tree starts again, and the files are byte for byte those built with the normal caps."""
    with _caps(TINY, PRIVATE_TINY) as tables:
        small = _build(plan)
        assert all(len(t) <= TINY for t in tables.values()), {n: len(t) for n, t in tables.items()}
        typeset.doc_kwargs()            # a new document starts: the private codes recycle
        assert all(n <= PRIVATE_TINY for n in _private_codes())
        # the dictionary's prefix tree starts again from its root beyond its cap
        assert text.word_dictionary().node_count() <= NODES_TINY
    assert _build(plan) == small
    assert all(len(t) <= t.cap for t in _tables().values())


def test_the_dictionarys_prefix_tree_starts_again_beyond_its_cap(monkeypatch):
    """A long text makes thousands of nodes; with a cap of 50 the tree keeps starting again
    from its root and still gives the same words."""
    sample = (Path(__file__).parent / "data" / "angthong-plan-2566-2570.txt").read_text("utf-8")
    chunks = sample.split()[:400]
    fresh = text.WordDictionary.from_sorted(text.word_dictionary().words)
    expected = [segmenter.newmm(c, fresh) for c in chunks]
    assert fresh.node_count() > 1000
    monkeypatch.setattr(text.WordDictionary, "MAX_NODES", 50)
    capped = text.WordDictionary.from_sorted(text.word_dictionary().words)
    got = []
    for c in chunks:
        got.append(segmenter.newmm(c, capped))
        assert capped.node_count() <= 50
    assert got == expected
