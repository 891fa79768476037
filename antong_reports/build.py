"""Building documents: the generator registry and atomic writing.

A generator is a function ``generate(plan, settings) -> dict[str, bytes]`` (file name → content).
Generators are registered by module path and imported only when asked for, so a format whose
module is absent is simply not available. :func:`build` validates the plan, runs every generator
in memory, and only then writes, with :func:`write_atomically`: on any error nothing partial is
left in the output directory and files written earlier are left as they were.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import tempfile
from pathlib import Path
from typing import Callable, Iterable, Mapping

import attrs

from antong_reports.common import forking
from antong_reports.common.errors import AntongError, Issue, OutputError
from antong_reports.model.plan import Plan
from antong_reports.common.settings import Settings

Generator = Callable[[Plan, Settings], Mapping[str, bytes]]

#: format name → "module:function" (or a callable); the order is the build order
FORMATS: dict[str, str | Generator] = {
    "docx": "antong_reports.render.docx:generate",
    "xlsx": "antong_reports.render.xlsx:generate",
    "pdf": "antong_reports.render.pdf:generate",
}

DEFAULT_OUTDIR = Path("out")


class FormatUnavailable(AntongError):
    """An output format is unknown or its generator module is not installed."""


def default_plan_path() -> Path:
    """The bundled sample plan (the real Ang Thong plan 2566–2570), from a source tree or a wheel."""
    from antong_reports.common.assets import sample_plan_path

    return sample_plan_path()


def register_format(name: str, generator: str | Generator) -> None:
    """Add or replace a format: ``generator`` is a callable or ``"module:function"``."""
    FORMATS[name] = generator


def load_generator(name: str) -> Generator:
    """The generator of a format. Raises :class:`FormatUnavailable`."""
    target = FORMATS.get(name)
    if target is None:
        raise FormatUnavailable(
            f"ไม่รู้จักรูปแบบ \"{name}\" (มี: {', '.join(FORMATS)}) / "
            f"unknown format \"{name}\" (known: {', '.join(FORMATS)})")
    if callable(target):
        return target
    module_name, _, attr = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and (module_name == exc.name or module_name.startswith(exc.name + ".")):
            raise FormatUnavailable(
                f"รูปแบบ {name} ยังใช้ไม่ได้ในรุ่นนี้ (ไม่มีโมดูล {module_name}) / "
                f"format {name} is not available in this version (module {module_name} is missing)"
            ) from None
        raise FormatUnavailable(
            f"โหลดรูปแบบ {name} ไม่ได้ ({exc}) / format {name} cannot be loaded ({exc})") from exc
    except ImportError as exc:
        raise FormatUnavailable(
            f"โหลดรูปแบบ {name} ไม่ได้ ({exc}) / format {name} cannot be loaded ({exc})") from exc
    fn = getattr(module, attr or "generate", None)
    if not callable(fn):
        raise FormatUnavailable(
            f"โมดูล {module_name} ไม่มีฟังก์ชัน {attr} / module {module_name} has no function {attr}")
    return fn


def format_status() -> dict[str, str | None]:
    """Each format → None when its generator loads, else the reason it is not available."""
    out: dict[str, str | None] = {}
    for name in FORMATS:
        try:
            load_generator(name)
        except FormatUnavailable as exc:
            out[name] = str(exc)
        else:
            out[name] = None
    return out


def available_formats() -> list[str]:
    """Formats whose generator can be loaded, in build order."""
    return [name for name, reason in format_status().items() if reason is None]


def _check_name(name: str) -> None:
    if (not isinstance(name, str) or not name or name in (".", "..") or "/" in name or "\\" in name
            or "\0" in name or name.startswith(".")):
        raise OutputError(f"ชื่อไฟล์ผลลัพธ์ใช้ไม่ได้: {name!r} / invalid output file name: {name!r}")


def _generate(fmt: str, plan: Plan, settings: Settings) -> Mapping[str, bytes]:
    generator = load_generator(fmt)
    try:
        return generator(plan, settings)
    except AntongError:
        raise
    except Exception as exc:
        raise OutputError(f"สร้างเอกสาร {fmt} ไม่สำเร็จ ({type(exc).__name__}: {exc}) / "
                          f"the {fmt} generator failed ({type(exc).__name__}: {exc})") from exc


def _add(files: dict[str, bytes], fmt: str, produced: Mapping[str, bytes]) -> None:
    for name, data in produced.items():
        _check_name(name)
        if name in files:
            raise OutputError(f"สองรูปแบบสร้างไฟล์ชื่อเดียวกัน: {name} / two formats produced {name}")
        if not isinstance(data, (bytes, bytearray)):
            raise OutputError(f"{fmt}: {name} ไม่ใช่ข้อมูลไบต์ / {fmt}: {name} is not bytes")
        files[name] = bytes(data)


#: formats a build runs in its own process; when one of them is asked for with other formats
#: (and :func:`antong_reports.common.forking.can_fork`), the others are generated in a forked process
#: meanwhile (:class:`_Others`)
IN_PROCESS = ("pdf",)

#: generator → a context manager (``"module:function"``) worth entering before the plan is read
#: when that generator will run: the PDF typesetter's helper process loads the Thai segmenter
#: while the plan is read and checked
WARM_UPS: dict[str, str] = {
    "antong_reports.render.pdf:generate": "antong_reports.thai.typeset:break_point_warmup",
}


class _Others:
    """Formats generated in a forked process while this process generates the rest.

    The process imports the generators of ``loads`` as soon as it starts and tells which ones
    loaded, then waits for the formats to run, the plan and the settings, runs the generators in
    order and sends back each one's files. Whatever it does not send (it failed to start, a
    generator raised, the process died) is generated here by :func:`generate_all`, so every
    result and every error is exactly that of a build in one process (generators are
    deterministic and have no side effects)."""

    def __init__(self, loads: list[str]):
        self.loads = loads
        self.formats = list(loads)              # the formats it runs
        self.child = forking.Child(self._work)
        self.given = False
        self._statuses: dict[str, bool] | None = None

    @classmethod
    def start_for(cls, formats: list[str]) -> "_Others | None":
        """A started process for the formats of ``formats`` not in :data:`IN_PROCESS`, or None
        if none is worth it (no such format, or none of :data:`IN_PROCESS` to overlap with)."""
        others = [f for f in formats if f not in IN_PROCESS]
        if not others or len(others) == len(formats) or not forking.can_fork():
            return None
        helper = cls(others)
        return helper if helper.child.start() else None

    def _work(self, link: forking.Link) -> None:                # in the forked process
        loaded = {}
        for fmt in self.loads:
            try:
                load_generator(fmt)
            except Exception:               # noqa: BLE001 - loaded again there, for the reason
                loaded[fmt] = False
            else:
                loaded[fmt] = True
        link.send(loaded)
        ok, got = link.receive()
        if not ok:
            return
        formats, plan, settings = got
        done = []                           # sent at the end: the parent reads only then
        try:
            for fmt in formats:
                done.append((fmt, dict(_generate(fmt, plan, settings))))
        finally:
            for item in done:
                link.send(item)

    def statuses(self) -> dict[str, bool]:
        """Format → whether its generator loaded in the process (waits for it)."""
        if self._statuses is None:
            ok, got = self.child.receive()
            self._statuses = got if ok and isinstance(got, dict) else {}
        return self._statuses

    def give(self, formats: list[str], plan: Plan, settings: Settings) -> None:
        """Run ``formats`` (in order) for ``plan``."""
        self.formats = formats
        self.given = self.child.send((formats, plan, settings))
        self.child.close_input()

    def results(self) -> dict[str, Mapping[str, bytes]]:
        """The files of each format the process generated (in order; it is ended after)."""
        out: dict[str, Mapping[str, bytes]] = {}
        if self.given:
            self.statuses()
            for fmt in self.formats:
                ok, got = self.child.receive()
                if not ok or not (isinstance(got, tuple) and len(got) == 2 and got[0] == fmt):
                    break
                out[fmt] = got[1]
        self.end()
        return out

    def end(self) -> None:
        self.child.end()


def generate_all(plan: Plan, formats: Iterable[str], settings: Settings, *,
                 _others: _Others | None = None) -> dict[str, bytes]:
    """Run the generators in memory; every file name must be new and plain.

    When a format of :data:`IN_PROCESS` is asked for with others and a second process can run,
    the others are generated in a forked process meanwhile; the files, and the error raised if a
    generator fails, are those of running the generators one after another in this process."""
    formats = list(formats)
    others = _others if _others is not None else _Others.start_for(formats)
    if others is None:
        files: dict[str, bytes] = {}
        for fmt in formats:
            _add(files, fmt, _generate(fmt, plan, settings))
        return files
    try:
        produced: dict[str, Mapping[str, bytes]] = {}
        failed: dict[str, Exception] = {}
        others.give(others.formats, plan, settings)
        for fmt in formats:                 # this process's formats, up to the first failure
            if fmt in others.formats:
                continue
            try:
                produced[fmt] = _generate(fmt, plan, settings)
            except Exception as exc:        # raised below, in build order
                failed[fmt] = exc
                break
        produced.update(others.results())
        if _others is not None:             # a build checks every format before the plan
            for fmt in others.formats:
                if fmt not in produced:
                    load_generator(fmt)
        files = {}
        for fmt in formats:
            if fmt in failed:
                raise failed[fmt]
            if fmt not in produced:         # the other process did not send it: made here
                produced[fmt] = _generate(fmt, plan, settings)
            _add(files, fmt, produced[fmt])
        return files
    finally:
        others.end()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomically(outdir: str | Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write every file into ``outdir`` or none of them.

    Each file goes to a temporary file in ``outdir`` first (flushed to disk); only when all are
    written are they moved into place with :func:`os.replace`. If anything fails, the temporary
    files are removed and files already moved are rolled back to the versions that were there
    before. Raises :class:`~antong_reports.common.errors.OutputError`.
    """
    outdir = Path(outdir)
    for name in files:
        _check_name(name)
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"สร้างโฟลเดอร์ {outdir} ไม่ได้ ({exc.strerror}) / "
                          f"cannot create {outdir} ({exc.strerror})") from None
    mode = 0o666 & ~_umask()
    temps: dict[str, Path] = {}
    try:
        for name, data in files.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=outdir)
            temps[name] = Path(tmp)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, mode)
    except BaseException as exc:
        _remove(temps.values())
        if isinstance(exc, OSError):
            raise OutputError(f"เขียนไฟล์ใน {outdir} ไม่ได้ ({exc.strerror}) / "
                              f"cannot write in {outdir} ({exc.strerror})") from None
        raise

    backups: dict[str, Path] = {}
    placed: list[str] = []
    try:
        for name, tmp in temps.items():
            target = outdir / name
            if target.exists() or target.is_symlink():
                fd, backup = tempfile.mkstemp(prefix=f".{name}.", suffix=".bak", dir=outdir)
                os.close(fd)
                try:
                    os.replace(target, backup)
                except BaseException:
                    _remove([Path(backup)])
                    raise
                backups[name] = Path(backup)
            os.replace(tmp, target)
            placed.append(name)
    except BaseException as exc:
        for name in placed:
            if name not in backups:
                _remove([outdir / name])
        for name, backup in backups.items():
            os.replace(backup, outdir / name)
        _remove(t for n, t in temps.items() if n not in placed)
        if isinstance(exc, OSError):
            raise OutputError(f"ย้ายไฟล์เข้าที่ใน {outdir} ไม่ได้ ({exc.strerror}) / "
                              f"cannot move files into {outdir} ({exc.strerror})") from None
        raise
    _remove(backups.values())
    return [outdir / name for name in files]


def _remove(paths: Iterable[Path]) -> None:
    for p in list(paths):
        try:
            os.unlink(p)
        except FileNotFoundError:
            pass


def _statuses(chosen: list[str], others: _Others | None) -> dict[str, FormatUnavailable | None]:
    """Each format of ``chosen`` → None when its generator loads, else why not. The other
    formats' process (when there is one) imports its generators while this one imports the rest,
    and its word is taken for those it loaded."""
    out: dict[str, FormatUnavailable | None] = {}

    def check(fmt: str) -> None:
        try:
            load_generator(fmt)
        except FormatUnavailable as exc:
            out[fmt] = exc
        else:
            out[fmt] = None

    there = others.loads if others is not None else []
    for fmt in chosen:
        if fmt not in there:
            check(fmt)
    loaded = others.statuses() if others is not None else {}
    for fmt in there:
        if loaded.get(fmt):
            out[fmt] = None
        else:
            check(fmt)                      # loaded here too, for the reason
    return out


@attrs.frozen
class BuildResult:
    plan: Plan
    written: tuple[Path, ...]
    warnings: tuple[Issue, ...]
    #: formats left out of a build of every available format, with the reason
    skipped: tuple[tuple[str, str], ...] = ()


def build(plan_path: str | Path | None = None, outdir: str | Path = DEFAULT_OUTDIR,
          formats: Iterable[str] | None = None, settings: Settings | None = None,
          on_skip: Callable[[str, str], None] | None = None) -> BuildResult:
    """Validate a plan and write its documents. ``formats=None``: every available format;
    ``on_skip(format, reason)`` hears at once of each one left out (also in the result).

    Raises PlanFileError / PlanInvalid (the plan), FormatUnavailable, OutputError.
    """
    from antong_reports.validate.plan import load_and_validate

    path = Path(plan_path) if plan_path is not None else default_plan_path()
    explicit = formats is not None
    chosen = list(formats) if explicit else list(FORMATS)
    settings = settings or Settings()
    skipped: list[tuple[str, str]] = []
    with contextlib.ExitStack() as stack:
        # the formats not made in this process are made in a second one, which imports their
        # generators now, while this one imports the rest and reads the plan
        others = _Others.start_for(chosen)
        if others is not None:
            stack.callback(others.end)
        statuses = _statuses(chosen, others)   # fail early, before reading the plan
        for fmt in chosen:
            problem = statuses[fmt]
            if problem is not None:
                if explicit:
                    raise problem
                skipped.append((fmt, str(problem)))
                if on_skip is not None:
                    on_skip(fmt, str(problem))
        chosen = [fmt for fmt in chosen if statuses[fmt] is None]
        if not chosen:
            raise FormatUnavailable("ยังไม่มีรูปแบบเอกสารที่ใช้ได้ / no output format is available")
        if others is not None:
            others.formats = [fmt for fmt in others.loads if fmt in chosen]
            if not others.formats or len(others.formats) == len(chosen):
                others.end()                    # nothing left to overlap with
                others = None
        for fmt in chosen:
            warm_up = WARM_UPS.get(FORMATS[fmt]) if isinstance(FORMATS[fmt], str) else None
            if warm_up:
                module_name, _, attr = warm_up.partition(":")
                stack.enter_context(getattr(importlib.import_module(module_name), attr)())
        plan, warnings = load_and_validate(path)
        files = generate_all(plan, chosen, settings, _others=others)
    written = write_atomically(outdir, files)
    return BuildResult(plan=plan, written=tuple(written), warnings=tuple(warnings),
                       skipped=tuple(skipped))
