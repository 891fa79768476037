"""No input makes a reader raise anything but the project's own errors (issue 12): arbitrary
bytes, and valid files with random edits, as plan files (YAML, JSON), progress files (YAML) and
progress workbooks (XLSX). A plan that is read is also validated, which must not fail either.

The default profile runs a few examples; ``--hypothesis-profile=long`` runs 10,000."""

from __future__ import annotations

import functools
import io
import json
import tempfile
import zipfile
from pathlib import Path

import yaml
from hypothesis import given, strategies as st

from antong_reports.common.errors import AntongError
from fuzz_progress import Progress
from strategies import plan_data

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
MINI = HERE / "fixtures" / "mini.yaml"
SAMPLE_PROGRESS = ROOT / "samples" / "angthong-progress-2567.yaml"


@st.composite
def edited(draw, base: st.SearchStrategy[bytes]) -> bytes:
    """``base`` with a few random byte edits (replace, insert, delete, duplicate a slice)."""
    data = bytearray(draw(base))
    for _ in range(draw(st.integers(0, 6))):
        if not data:
            data += draw(st.binary(min_size=1, max_size=8))
            continue
        at = draw(st.integers(0, len(data) - 1))
        op = draw(st.sampled_from(["replace", "insert", "delete", "dup"]))
        chunk = draw(st.one_of(st.binary(min_size=1, max_size=8),
                               st.sampled_from([b"\n", b": ", b"- ", b"[", b"{", b"&a ", b"*a",
                                                b"!!python/object ", b'"', b"\t", b"\xff",
                                                b"\xe0\xb8", b"<<: ", b"---\n", b"%YAML 1.1\n"])))
        end = min(len(data), at + draw(st.integers(1, 40)))
        if op == "replace":
            data[at:at + len(chunk)] = chunk
        elif op == "insert":
            data[at:at] = chunk
        elif op == "delete":
            del data[at:end]
        else:
            data[at:at] = data[at:end]
    return bytes(data)


def _dump(data, as_json: bool) -> bytes:
    if as_json:
        return json.dumps(data, ensure_ascii=False, default=str).encode("utf-8", "surrogatepass")
    try:
        # libyaml's emitter (the pure-Python one took most of an example's time on long texts);
        # the pure one where libyaml refuses (it cannot write a lone surrogate, which PyYAML escapes)
        return yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True,
                         sort_keys=False).encode("utf-8", "surrogatepass")
    except (yaml.YAMLError, UnicodeError):
        pass
    try:
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8", "surrogatepass")
    except yaml.YAMLError:
        return json.dumps(data, default=str).encode()


plan_bytes = st.one_of(
    st.binary(max_size=300),
    edited(st.just(MINI.read_bytes())),
    st.builds(_dump, plan_data(max_projects=2), st.booleans()),
    edited(st.builds(_dump, plan_data(valid=True, max_projects=2), st.booleans())),
)


#: with ANTONG_FUZZ_PROGRESS=FILE, a long run appends each property's counts there: examples,
#: refused with each of the project's error types, accepted
_PROGRESS = {name: Progress(f"readers-{name}") for name in ("plan", "progress", "workbook")}


def _in_file(data: bytes, suffix: str, read, progress: Progress):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        try:
            got = read(path)
        except AntongError as exc:
            issues = getattr(exc, "issues", None)
            assert issues is None or (issues and all(i.file for i in issues)), exc
            progress.count(f"refused-{type(exc).__name__}")
            return None
    progress.count("accepted")
    return got


@given(plan_bytes, st.sampled_from([".yaml", ".json"]))
def test_plan_reader_raises_only_its_own_errors(data, suffix):
    from antong_reports.sources.reader import read_plan_with_locations
    from antong_reports.validate.plan import validate

    got = _in_file(data, suffix, read_plan_with_locations, _PROGRESS["plan"])
    if got is not None:
        plan, locations = got
        for issue in validate(plan, "input", locations):
            assert issue.code and (issue.path or issue.code in ("no-projects",))


@given(st.one_of(st.binary(max_size=300), edited(st.just(SAMPLE_PROGRESS.read_bytes()))))
def test_progress_reader_raises_only_its_own_errors(data):
    from antong_reports.sources.progress_file import load_progress

    _in_file(data, ".yaml", load_progress, _PROGRESS["progress"])


@functools.lru_cache(maxsize=1)
def _template() -> tuple:
    from antong_reports.render.progress_workbook import template_workbook
    from antong_reports.sources import load_plan

    plan = load_plan(MINI)
    return plan, template_workbook(plan, 2567, 6)


@st.composite
def workbooks(draw) -> bytes:
    """The progress template with its bytes or one of its XML parts edited."""
    _plan, data = _template()
    if draw(st.booleans()):
        return draw(edited(st.just(data)))
    src = zipfile.ZipFile(io.BytesIO(data))
    names = src.namelist()
    target = draw(st.sampled_from([n for n in names if n.endswith(".xml")]))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in names:
            body = src.read(name)
            if name == target:
                body = draw(edited(st.just(body)))
            z.writestr(name, body)
    return out.getvalue()


@given(workbooks())
def test_workbook_reader_raises_only_its_own_errors(data):
    from antong_reports.sources.progress_workbook import read_progress_workbook

    plan, _ = _template()
    _in_file(data, ".xlsx", lambda p: read_progress_workbook(p, plan), _PROGRESS["workbook"])
