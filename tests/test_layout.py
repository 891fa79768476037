"""The package layout shows the pipeline, and imports follow it.

Layers, lowest first: ``common`` < ``thai`` < ``model`` < ``sources`` < ``validate`` <
``compose`` < ``render`` < the top modules (``build``, ``pack``, ``cli``). A module may import its
own layer and the layers below; never a higher one; and no module imports itself back through a
cycle (imports inside functions count too). No function runs longer than a screen."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from antong_reports.compose import tree
from antong_reports.render import docx as render_docx
from antong_reports.render import pdf as render_pdf

PKG = Path(__file__).resolve().parent.parent / "antong_reports"
LAYERS = ("common", "thai", "model", "sources", "validate", "compose", "render")
TOP = len(LAYERS)


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PKG.rglob("*.py")):
        rel = path.relative_to(PKG.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _resolve(importer: str, node: ast.ImportFrom) -> list[str]:
    if node.level:
        base = importer.split(".")
        is_pkg = MODULES[importer].name == "__init__.py"
        base = base[: len(base) - node.level + (1 if is_pkg else 0)]
        module = ".".join(base + ([node.module] if node.module else []))
    else:
        module = node.module or ""
    if not module.startswith("antong_reports"):
        return []
    targets = []
    for alias in node.names:
        sub = f"{module}.{alias.name}"
        targets.append(sub if sub in MODULES else module)
    return targets


def _imports(name: str) -> set[str]:
    tree_ = ast.parse(MODULES[name].read_text("utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree_):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("antong_reports."))
        elif isinstance(node, ast.ImportFrom):
            found.update(_resolve(name, node))
    return {m for m in found if m in MODULES and m != name}


GRAPH = {name: _imports(name) for name in MODULES}


def layer(module: str) -> int:
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in LAYERS:
        return LAYERS.index(parts[1])
    if len(parts) > 1 and parts[1] in ("fonts", "samples"):
        return 0
    return TOP


def test_every_module_lives_in_a_room():
    loose = [m for m in MODULES if layer(m) == TOP and m not in (
        "antong_reports", "antong_reports.__main__", "antong_reports.build", "antong_reports.pack",
        "antong_reports.cli")]
    assert not loose, f"modules outside the pipeline's folders: {loose}"


def test_no_upward_imports():
    upward = sorted(f"{m} ({LAYERS[layer(m)] if layer(m) < TOP else 'top'}) imports {t} "
                    f"({LAYERS[layer(t)] if layer(t) < TOP else 'top'})"
                    for m, targets in GRAPH.items() for t in targets if layer(t) > layer(m))
    assert not upward, "\n".join(upward)


def test_no_import_cycles():
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = [0]

    def strong(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(GRAPH[v]):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                cycles.append(sorted(comp))

    for v in sorted(GRAPH):
        if v not in index:
            strong(v)
    assert not cycles, f"import cycles: {cycles}"


def test_the_checks_see_a_violation(tmp_path):
    """The walker itself finds an upward import and a cycle (so the tests above can fail)."""
    graph = {"antong_reports.model.x": {"antong_reports.render.y"},
             "antong_reports.render.y": {"antong_reports.model.x"}}
    assert any(layer(t) > layer(m) for m, ts in graph.items() for t in ts)
    node = ast.parse("from ..render import docx").body[0]
    assert _resolve("antong_reports.model.plan", node) == ["antong_reports.render.docx"]


@pytest.mark.parametrize("renderer", [render_docx._Renderer, render_pdf._Renderer],
                         ids=["docx", "pdf"])
def test_renderers_visit_every_block_type(renderer):
    assert issubclass(renderer, tree.Visitor)
    missing = [t.__name__ for t in tree.BLOCK_TYPES if not callable(getattr(renderer, tree.visit_name(t), None))]
    assert not missing, f"{renderer.__module__} has no visit method for {missing}"


def test_block_types_are_the_block_union():
    import typing

    assert set(typing.get_args(tree.Block)) == set(tree.BLOCK_TYPES)


def test_visitor_dispatch_names_the_missing_method():
    class Partial(tree.Visitor):
        def visit_paragraph(self, node):
            return "p"

    v = Partial()
    assert v.visit(tree.Paragraph(())) == "p"
    with pytest.raises(TypeError, match="visit_list_block"):
        v.visit(tree.ListBlock(()))


def test_public_api_from_the_package(sample_path):
    import subprocess
    import sys

    import antong_reports as ar

    plan = ar.load_plan(sample_path)
    assert isinstance(plan, ar.Plan) and len(plan.projects) == 27
    assert ar.validate.validate(plan) == []
    assert callable(ar.build.build) and callable(ar.pack.make_pack)
    assert ar.ProjectKind and ar.Project and ar.PlanFileError and ar.PlanInvalid
    # importing the package loads no generator library
    code = ("import sys, antong_reports; antong_reports.__version__; "
            "print(sorted(m for m in ('docx', 'openpyxl', 'reportlab') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_every_subpackage_is_packaged():
    """A new room (e.g. ``sources/importer/``) is listed in pyproject.toml, or the wheel lacks it."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        pytest.skip("tomllib needs Python 3.11")
    conf = tomllib.loads((PKG.parent / "pyproject.toml").read_text("utf-8"))
    listed = set(conf["tool"]["setuptools"]["packages"])
    present = {".".join(p.parent.relative_to(PKG.parent).parts) for p in PKG.rglob("__init__.py")}
    assert present <= listed, f"not in pyproject.toml's packages: {sorted(present - listed)}"


#: a screen: no function (its def line to its last line, docstring included) runs longer
SCREEN = 60


def long_functions(source: str, limit: int = SCREEN) -> list[tuple[str, int, int]]:
    """(qualified name, first line, length) of every function in ``source`` longer than
    ``limit`` lines."""
    found = []

    def walk(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = f"{prefix}{child.name}"
                if not isinstance(child, ast.ClassDef):
                    length = child.end_lineno - child.lineno + 1
                    if length > limit:
                        found.append((name, child.lineno, length))
                walk(child, name + ".")
            else:
                walk(child, prefix)

    walk(ast.parse(source), "")
    return found


def test_no_function_longer_than_a_screen():
    too_long = [f"{path.relative_to(PKG.parent)}:{line} {name} ({length} lines)"
                for path in sorted(PKG.rglob("*.py"))
                for name, line, length in long_functions(path.read_text("utf-8"))]
    assert not too_long, f"split these (at most {SCREEN} lines each):\n" + "\n".join(too_long)


def test_the_length_check_sees_a_long_function():
    body = "\n".join(f"    x{i} = {i}" for i in range(SCREEN))
    source = f"class K:\n    def short(self):\n        return 1\n\ndef long():\n{body}\n"
    assert long_functions(source) == [("long", 5, SCREEN + 1)]
    method = "\n".join("    " + line for line in f"def long(self):\n{body}".splitlines())
    assert long_functions(f"class K:\n{method}\n") == [("K.long", 2, SCREEN + 1)]
    assert long_functions(source, limit=SCREEN + 1) == []
