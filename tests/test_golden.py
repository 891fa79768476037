"""The sample's files are byte-identical to the recorded hashes (tests/data/golden-hashes.json).

The hashes were recorded before the package was laid out in subpackages; a change that alters the
output on purpose records new ones with ``python tests/golden.py --update`` in the same commit."""

from __future__ import annotations

import json

import golden  # tests/golden.py (pytest puts tests/ on sys.path)


def test_sample_output_matches_golden_hashes():
    recorded = json.loads(golden.GOLDEN.read_text("utf-8"))
    now = golden.current()
    assert set(now) == set(recorded)
    for variant, files in recorded.items():
        assert now[variant] == files, (
            f"{variant}: the built files changed; if on purpose, run python tests/golden.py --update")
