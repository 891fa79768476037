"""Sharing work with a forked process: one small mechanism, with a fallback.

A :class:`Child` is a process forked from this one that runs ``work(link)``; ``link`` is its end
of two pipes, and both sides exchange Python objects over them in frames (a 4-byte length, then
a pickle). Forking is used only where it is cheap and safe (:func:`can_fork`: Linux, a second
core to run on, and no other thread in this process). Everything the parent asks of a child it
can also do itself: a child that cannot be started, that dies, or whose frames are broken simply
stops answering (:meth:`Child.receive` returns ``(False, None)``), and the caller does the work in
this process. Results therefore never depend on whether a child helped.

A forked process inherits the pipes of the children started before it; it closes them at once
and forgets those children, so a child never reads another child's answers nor keeps its pipes
open, and stopping or reaping a child is only ever done by the process that started it.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
import weakref
from typing import Any, Callable

__all__ = ["can_fork", "Child", "Link"]

_HEAD = 4

#: the children this process has started and not ended yet
_live: "weakref.WeakSet[Child]" = weakref.WeakSet()


#: set to "0" to keep all work in one process (e.g. where forking is unwelcome)
ENV_SWITCH = "ANTONG_REPORTS_FORK"


def can_fork() -> bool:
    """A second process can share the work: Linux (fork is cheap and safe there), a second
    core to run on, and no other thread in this process (a forked child gets only this one);
    ``ANTONG_REPORTS_FORK=0`` in the environment turns it off."""
    if os.environ.get(ENV_SWITCH, "").strip() == "0":
        return False
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return False
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return cores >= 2 and threading.active_count() == 1


#: the pipe capacity asked for (Linux allows unprivileged processes up to 1 MiB by default)
PIPE_SIZE = 1 << 20


def _widen(fd: int) -> None:
    """Ask for a pipe of :data:`PIPE_SIZE` bytes, so that a writer seldom waits for its reader;
    a smaller pipe only makes the writer wait."""
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_SIZE)
    except (ImportError, AttributeError, OSError):
        pass


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _read_exactly(fd: int, n: int) -> bytes | None:
    parts = []
    while n:
        try:
            part = os.read(fd, n)
        except InterruptedError:
            continue
        except OSError:
            return None
        if not part:
            return None
        parts.append(part)
        n -= len(part)
    return b"".join(parts)


def _send(fd: int, obj: Any) -> bool:
    if fd < 0:
        return False
    try:
        data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
        _write_all(fd, len(data).to_bytes(_HEAD, "big") + data)
    except Exception:                           # noqa: BLE001 - unpicklable, or the pipe is gone
        return False
    return True


def _receive(fd: int) -> tuple[bool, Any]:
    if fd < 0:
        return False, None
    head = _read_exactly(fd, _HEAD)
    if head is None:
        return False, None
    body = _read_exactly(fd, int.from_bytes(head, "big"))
    if body is None:
        return False, None
    try:
        return True, pickle.loads(body)
    except Exception:                           # noqa: BLE001 - a broken frame ends the exchange
        return False, None


class Link:
    """The child's end: :meth:`send` objects to the parent, :meth:`receive` objects from it."""

    def __init__(self, read_fd: int, write_fd: int):
        self._read_fd, self._write_fd = read_fd, write_fd

    def send(self, obj: Any) -> None:
        """Send ``obj`` to the parent. Raises :class:`BrokenPipeError` if it cannot be sent
        (the parent has stopped listening), which ends the child."""
        if not _send(self._write_fd, obj):
            raise BrokenPipeError("the parent is not listening")

    def receive(self) -> tuple[bool, Any]:
        """``(True, obj)``, or ``(False, None)`` when the parent has closed its end."""
        return _receive(self._read_fd)


class Child:
    """A forked process running ``work(link)``; its exit status is 0 if ``work`` returned.

    In the parent: :meth:`start` (False if no process could be started), :meth:`send`,
    :meth:`receive` and :meth:`end`, which closes the pipes, stops the process if it is still
    running, and reaps it. Use it as a context manager to be sure it is ended."""

    def __init__(self, work: Callable[[Link], None]):
        self.work = work
        self.pid = 0
        self._read_fd = -1                      # the child's answers
        self._write_fd = -1                     # to the child
        self._lock = threading.Lock()           # one reader at a time

    @property
    def running(self) -> bool:
        """Started and not ended (its pipes are open in this process)."""
        return self.pid != 0

    def start(self) -> bool:
        """Fork the process. False (and nothing started) if forking fails."""
        if self.pid:
            raise RuntimeError("already started")
        fds: list[int] = []
        try:
            fds.extend(os.pipe())               # child → parent
            fds.extend(os.pipe())               # parent → child
            up_read, up_write, down_read, down_write = fds
            for fd in (up_write, down_write):   # neither side waits for the other to read
                _widen(fd)
            pid = os.fork()
        except OSError:
            for fd in fds:
                os.close(fd)
            return False
        if pid == 0:                                                # the child
            status = 1
            try:
                os.close(up_read)
                os.close(down_write)
                _forget_inherited()
                self.work(Link(down_read, up_write))
                status = 0
            except BaseException:                   # noqa: BLE001 - the parent falls back
                status = 1
            finally:
                os._exit(status)
        os.close(up_write)
        os.close(down_read)
        self.pid, self._read_fd, self._write_fd = pid, up_read, down_write
        _live.add(self)
        return True

    def send(self, obj: Any) -> bool:
        """Send ``obj`` to the child; False if it could not be sent."""
        return _send(self._write_fd, obj)

    def close_input(self) -> None:
        """Tell the child nothing more will be sent (its :meth:`Link.receive` returns False)."""
        if self._write_fd >= 0:
            os.close(self._write_fd)
            self._write_fd = -1

    def receive(self) -> tuple[bool, Any]:
        """The child's next object: ``(True, obj)``, or ``(False, None)`` once it has ended,
        failed or sent a broken frame (the child is then ended)."""
        with self._lock:
            got = _receive(self._read_fd)
        if not got[0]:
            self.end()
        return got

    def end(self) -> None:
        """Close the pipes, stop the process if it still runs, and reap it."""
        for name in ("_read_fd", "_write_fd"):
            fd = getattr(self, name)
            if fd >= 0:
                setattr(self, name, -1)
                try:
                    os.close(fd)
                except OSError:
                    pass
        pid, self.pid = self.pid, 0
        _live.discard(self)
        if pid:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
            while True:
                try:
                    os.waitpid(pid, 0)
                except InterruptedError:
                    continue
                except OSError:
                    pass
                break

    def __enter__(self) -> "Child":
        return self

    def __exit__(self, *exc) -> None:
        self.end()


def _forget_inherited() -> None:
    """In a newly forked process: close the pipes of the parent's children and forget them."""
    for child in list(_live):
        for name in ("_read_fd", "_write_fd"):
            fd = getattr(child, name)
            if fd >= 0:
                try:
                    os.close(fd)
                except OSError:
                    pass
                setattr(child, name, -1)
        child.pid = 0
    _live.clear()
