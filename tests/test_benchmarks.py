"""The benchmark scripts stay runnable: every name they import from the package exists.

(The scripts themselves measure speed and memory; they are run by hand, not as timed tests.)"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

BENCHMARKS = sorted((Path(__file__).resolve().parent.parent / "benchmarks").glob("bench_*.py"))


def test_there_are_benchmarks():
    names = {p.stem for p in BENCHMARKS}
    assert {"bench_docx", "bench_xlsx", "bench_pdf", "bench_pdfthai", "bench_pack"} <= names


@pytest.mark.parametrize("script", BENCHMARKS, ids=lambda p: p.stem)
def test_benchmark_imports_resolve(script: Path):
    tree = ast.parse(script.read_text("utf-8"))
    checked = 0
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("antong_reports"):
            module = importlib.import_module(node.module)
            for alias in node.names:
                assert hasattr(module, alias.name) or importlib.util.find_spec(
                    f"{node.module}.{alias.name}") is not None, (
                    f"{script.name}: {node.module} has no {alias.name}")
                checked += 1
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("antong_reports"):
                    importlib.import_module(alias.name)
                    checked += 1
    if not checked:  # a script that drives the package in a subprocess: it must still compile
        compile(script.read_text("utf-8"), str(script), "exec")
