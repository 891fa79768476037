"""Sharing work with a forked process (antong_reports.common.forking) and the build that uses it."""

from __future__ import annotations

import os
import threading

import pytest

from antong_reports import build
from antong_reports.common import forking
from antong_reports.common.settings import Settings

needs_fork = pytest.mark.skipif(not forking.can_fork(), reason="no second process on this machine")


def _reaped(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_can_fork_needs_a_single_thread():
    if not forking.can_fork():
        pytest.skip("no second process on this machine")
    stop = threading.Event()
    t = threading.Thread(target=stop.wait)
    t.start()
    try:
        assert forking.can_fork() is False
    finally:
        stop.set()
        t.join()
    assert forking.can_fork() is True


def _echo(link):
    while True:
        ok, obj = link.receive()
        if not ok:
            return
        link.send((os.getpid(), obj * 2))


@needs_fork
def test_objects_go_both_ways_and_the_child_is_reaped():
    child = forking.Child(_echo)
    assert child.start() and child.running
    pid = child.pid
    big = "ก" * 300_000                             # larger than a pipe's buffer
    for obj in (1, [1, 2], big):
        assert child.send(obj)
        ok, (their_pid, got) = child.receive()
        assert ok and their_pid == pid != os.getpid() and got == obj * 2
    child.close_input()                             # the child's receive ends: it returns
    assert child.receive() == (False, None)
    assert not child.running and _reaped(pid)
    child.end()                                     # ending twice is harmless


@needs_fork
def test_a_failing_child_just_stops_answering():
    def work(link):
        link.send("first")
        raise RuntimeError("child fails")

    with forking.Child(work) as child:
        assert child.start()
        pid = child.pid
        assert child.receive() == (True, "first")
        assert child.receive() == (False, None)
        assert not child.running and _reaped(pid)


@needs_fork
def test_a_child_that_dies_or_sends_garbage():
    def dies(link):
        os._exit(3)

    def garbage(link):
        os.write(link._write_fd, (10).to_bytes(4, "big") + b"not pickle")

    for work in (dies, garbage):
        child = forking.Child(work)
        assert child.start()
        pid = child.pid
        assert child.receive() == (False, None)
        assert _reaped(pid)


@needs_fork
def test_end_stops_a_running_child():
    def waits(link):
        link.receive()
        link.receive()

    child = forking.Child(waits)
    assert child.start()
    pid = child.pid
    child.end()
    assert not child.running and _reaped(pid)
    assert child.send("late") is False
    assert child.receive() == (False, None)


@needs_fork
def test_unpicklable_objects_are_refused():
    with forking.Child(_echo) as child:
        assert child.start()
        assert child.send(lambda: 1) is False
        assert child.send(3)
        assert child.receive()[1][1] == 6


@needs_fork
def test_a_later_child_forgets_the_earlier_ones():
    """A child closes the pipes of children started before it and never stops them."""
    first = forking.Child(_echo)
    assert first.start()

    def look(link):
        first.end()                                 # in the second child: must not kill
        link.send((first.running, first._read_fd, first._write_fd))

    with first, forking.Child(look) as second:
        assert second.start()
        assert second.receive() == (True, (False, -1, -1))
        assert first.send(21)
        assert first.receive()[1][1] == 42          # the first child still answers


# --------------------------------------------------------------------------- the build

def _sequential(monkeypatch):
    monkeypatch.setattr(build.forking, "can_fork", lambda: False)


def test_every_format_build_gives_the_same_bytes_both_ways(sample_path, tmp_path, monkeypatch):
    if not sample_path.exists():
        pytest.skip("the sample plan is not there yet")
    formats = ["docx", "xlsx", "pdf"]
    with monkeypatch.context() as m:
        _sequential(m)
        build.build(sample_path, tmp_path / "one", formats)
    result = build.build(sample_path, tmp_path / "two", formats)
    one = {p.name: p.read_bytes() for p in sorted((tmp_path / "one").iterdir())}
    two = {p.name: p.read_bytes() for p in sorted((tmp_path / "two").iterdir())}
    assert len(one) == 4 and one == two
    slug = result.plan.slug
    assert [p.name for p in result.written] == [
        f"{slug}-plan.docx", f"{slug}-budget.xlsx", f"{slug}-plan.pdf", f"{slug}-summary.pdf"]


def _fake(name):
    def generate(plan, settings):
        return {f"{plan.slug}-{name}": f"{name} {os.getpid() == generate.parent}".encode()}

    generate.parent = os.getpid()
    return generate


@needs_fork
def test_other_formats_run_in_a_child_while_pdf_runs_here(mini_plan, monkeypatch):
    monkeypatch.setattr(build, "FORMATS", {"docx": _fake("docx"), "xlsx": _fake("xlsx"),
                                           "pdf": _fake("pdf")})
    files = build.generate_all(mini_plan, ["docx", "pdf", "xlsx"], Settings())
    assert files == {"mini-docx": b"docx False", "mini-pdf": b"pdf True", "mini-xlsx": b"xlsx False"}
    assert list(files) == ["mini-docx", "mini-pdf", "mini-xlsx"]
    # one format alone, or no PDF to overlap with: no child
    assert build.generate_all(mini_plan, ["docx"], Settings()) == {"mini-docx": b"docx True"}
    assert build._Others.start_for(["docx", "xlsx"]) is None


@needs_fork
def test_the_child_failing_falls_back_to_this_process(mini_plan, monkeypatch):
    monkeypatch.setattr(build, "FORMATS", {"docx": _fake("docx"), "xlsx": _fake("xlsx"),
                                           "pdf": _fake("pdf")})
    started = []
    real_start = build.forking.Child.start

    def start(self):
        started.append(self)
        return real_start(self)

    def dying(self, link):
        os._exit(1)

    monkeypatch.setattr(build.forking.Child, "start", start)
    monkeypatch.setattr(build._Others, "_work", dying)
    files = build.generate_all(mini_plan, ["docx", "xlsx", "pdf"], Settings())
    assert files == {"mini-docx": b"docx True", "mini-xlsx": b"xlsx True", "mini-pdf": b"pdf True"}
    assert len(started) == 1 and not started[0].running


# --------------------------------------------------------------------------- the typesetter's helper

def _paragraphs():
    return ["การป้องกันการทุจริตในองค์กรปกครองส่วนท้องถิ่น เพื่อสร้างจิตสำนึกที่ดี",
            "โครงการส่งเสริมคุณธรรมและจริยธรรมของบุคลากร ประจำปีงบประมาณ",
            "มาตรการเสริมสร้างความโปร่งใสในการจัดซื้อจัดจ้าง/การเงินการคลัง"]


@needs_fork
def test_a_warm_helper_serves_the_next_prefetch(monkeypatch):
    from antong_reports.thai import typeset as pdfthai

    paragraphs = _paragraphs()
    chunks = list(dict.fromkeys(m.group() for p in paragraphs for m in pdfthai._CHUNKS.finditer(p)
                                if pdfthai._THAI_RUN.search(m.group())))
    direct = {c: pdfthai._find_break_points(c) for c in chunks}
    monkeypatch.setattr(pdfthai, "_BREAK_POINTS", {})
    parent = os.getpid()
    here: list[str] = []
    real = pdfthai._find_break_points

    def find(chunk):
        if os.getpid() == parent:
            here.append(chunk)
        return real(chunk)

    monkeypatch.setattr(pdfthai, "_find_break_points", find)
    with pdfthai.break_point_warmup() as warm:
        assert warm
        helper = pdfthai._warm
        pid = helper.pid
        # few chunks: no helper of its own, but the warm one is taken
        with pdfthai.break_point_prefetch(paragraphs) as helped:
            assert helped and pdfthai._helper is helper and pdfthai._warm is None
            for c in chunks:
                assert pdfthai.break_points(c) == direct[c]
        assert pdfthai._helper is None and _reaped(pid)
        with pdfthai.break_point_prefetch(paragraphs) as helped:    # once only
            assert not helped
    assert here == []                       # every point came from the helper


@needs_fork
def test_a_warm_helper_nobody_takes_is_stopped():
    from antong_reports.thai import typeset as pdfthai

    with pdfthai.break_point_warmup() as warm:
        assert warm
        pid = pdfthai._warm.pid
        with pdfthai.break_point_warmup() as again:     # one at a time
            assert not again
    assert pdfthai._warm is None and _reaped(pid)


@needs_fork
def test_a_build_of_every_available_format_skips_the_unavailable(tmp_path, monkeypatch):
    """The other formats' process checks its generators for the build; one that does not load is
    left out with its reason, and the rest are made in the two processes."""
    from conftest import MINI

    formats = {"docx": _fake("docx"), "gone": "antong_reports.no_such_renderer:generate",
               "pdf": _fake("pdf")}
    monkeypatch.setattr(build, "FORMATS", formats)
    status = build.format_status()
    assert status["docx"] is None and status["pdf"] is None and "no_such_renderer" in status["gone"]
    result = build.build(MINI, tmp_path)
    assert [fmt for fmt, _ in result.skipped] == ["gone"]
    assert "no_such_renderer" in result.skipped[0][1]
    # docx was made in the second process, pdf in this one
    assert {p.name: p.read_bytes() for p in result.written} == {
        "mini-docx": b"docx False", "mini-pdf": b"pdf True"}
    with pytest.raises(build.FormatUnavailable, match="no_such_renderer"):
        build.build(MINI, tmp_path, ["docx", "gone", "pdf"])


def test_a_child_that_cannot_start_is_not_started(monkeypatch):
    def no_pipe():
        raise OSError(24, "Too many open files")

    def no_fork():
        raise OSError(11, "Resource temporarily unavailable")

    open_fds = len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else None
    with monkeypatch.context() as m:
        m.setattr(forking.os, "fork", no_fork)
        child = forking.Child(_echo)
        assert child.start() is False and not child.running
    if open_fds is not None:                        # the pipes made for it are closed
        assert len(os.listdir("/proc/self/fd")) == open_fds
    monkeypatch.setattr(forking.os, "pipe", no_pipe)
    child = forking.Child(_echo)
    assert child.start() is False and not child.running
    assert child.send(1) is False and child.receive() == (False, None)


def test_the_environment_can_turn_forking_off(monkeypatch):
    monkeypatch.setenv(forking.ENV_SWITCH, "0")
    assert forking.can_fork() is False
    assert build._Others.start_for(["docx", "xlsx", "pdf"]) is None
    from antong_reports.thai import typeset as pdfthai

    with pdfthai.break_point_warmup() as warm:
        assert not warm
