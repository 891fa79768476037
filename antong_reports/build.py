"""Building documents: the generator registry and atomic writing.

A generator is a function ``generate(plan, settings) -> dict[str, bytes]`` (file name → content).
Generators are registered by module path and imported only when asked for, so a format whose
module is absent is simply not available. :func:`build` validates the plan, runs every generator
in memory, and only then writes, with :func:`write_atomically`: on any error nothing partial is
left in the output directory and files written earlier are left as they were.
"""

from __future__ import annotations

import concurrent.futures
import importlib
import os
import stat
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, Iterable, Mapping

import attrs

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


#: the fix of every "cannot write" error
NO_WRITE_FIX = (" — แก้ไข: ตรวจสิทธิ์การเขียนและพื้นที่ว่างของโฟลเดอร์ หรือเลือกที่อื่นด้วย -o / "
                 "Fix: check the folder's write permission and free space, or choose another "
                 "place with -o")


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


def generate_all(plan: Plan, formats: Iterable[str], settings: Settings) -> dict[str, bytes]:
    """Run the generators in memory, in order; every file name must be new and plain.
    Between two generators the memory the first one freed is given back to the system
    (:func:`_give_back_memory`), so the next one does not start on top of it."""
    files: dict[str, bytes] = {}
    for k, fmt in enumerate(formats):
        if k:
            _give_back_memory()
        _add(files, fmt, _generate(fmt, plan, settings))
    return files


def _give_back_memory() -> None:
    """Collect reference cycles, then ask the C library to return its free heap pages to the
    system (glibc's ``malloc_trim``; elsewhere nothing more is done)."""
    import gc

    gc.collect()
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomically(outdir: str | Path, files: Mapping[str, bytes], *,
                     force: bool = False, keep_existing: bool = False) -> list[Path]:
    """Write every file into ``outdir`` or none of them; touch nothing else.

    Each file goes to a temporary file in ``outdir`` first (flushed to disk); only when all are
    written are they moved into place with :func:`os.replace`. If anything fails, the temporary
    files are removed and files already moved are rolled back to the versions that were there
    before. Only the named files are written or replaced; no other entry of ``outdir`` is ever
    deleted, renamed or changed. An ``outdir`` that exists and is not a folder (a file, a link to
    one, a pipe) is an error unless ``force``, which replaces it with a new folder (nothing of it
    is left). A file of the same name as one to write is replaced only when this program wrote
    it (:func:`written_by_us`) and ``keep_existing`` is false (files officers fill in, such as a
    plan workbook, are never replaced): anything else there — a user's file, a symlink, a folder —
    is an error unless ``force``. Raises :class:`~antong_reports.common.errors.OutputError`.
    """
    outdir = Path(outdir)
    for name in files:
        _check_name(name)
    _prepare_outdir(outdir, force)
    _check_targets(outdir, files, force, keep_existing)
    temps = _write_temporaries(outdir, files)
    backups = _move_into_place(outdir, temps)
    _remove(backups.values())
    return [outdir / name for name in files]


def _prepare_outdir(outdir: Path, force: bool) -> None:
    """``outdir`` as a folder: made when missing; a non-folder in its place is an error unless
    ``force`` (then removed)."""
    if (outdir.exists() or outdir.is_symlink()) and not outdir.is_dir():
        if not force:
            raise OutputError(
                f"{outdir} มีอยู่แล้วและไม่ใช่โฟลเดอร์ ไม่เขียนทับ (ใช้ --force เพื่อแทนที่) / "
                f"{outdir} exists and is not a folder; it is not replaced (use --force to replace it)")
        try:
            os.unlink(outdir)                   # the file or the link itself
        except OSError as exc:
            raise OutputError(f"แทนที่ {outdir} ไม่ได้ ({exc.strerror}) / "
                              f"cannot replace {outdir} ({exc.strerror})") from None
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"สร้างโฟลเดอร์ {outdir} ไม่ได้ ({exc.strerror}) / "
                          f"cannot create {outdir} ({exc.strerror})" + NO_WRITE_FIX) from None


def _check_targets(outdir: Path, files: Mapping[str, bytes], force: bool,
                   keep_existing: bool) -> None:
    """Refuses, before anything is written, to replace what this program may not: a folder
    always; without ``force``, any existing entry when ``keep_existing``, else one it did not
    write."""
    for name in files:
        target = outdir / name
        if not os.path.lexists(target):
            continue
        if target.is_dir() and not target.is_symlink():
            raise OutputError(
                f"{target} เป็นโฟลเดอร์ จึงเขียนไฟล์ชื่อนี้ไม่ได้ (ย้ายหรือเปลี่ยนชื่อโฟลเดอร์นั้น) / "
                f"{target} is a folder, so this file cannot be written (move or rename the folder)")
        if force or (not keep_existing and written_by_us(target)):
            continue
        what_th, what_en = (("ลิงก์ (symlink)", "a symbolic link") if target.is_symlink() else
                            ("ไฟล์ที่มีอยู่แล้ว", "a file that exists") if keep_existing else
                            ("ไฟล์ที่ antong-reports ไม่ได้สร้าง", "a file antong-reports did not write"))
        raise OutputError(
            f"{target} เป็น{what_th} ไม่เขียนทับ ไม่ได้เขียนไฟล์ใด "
            "(ย้ายหรือเปลี่ยนชื่อไฟล์นั้น เลือกที่เก็บอื่นด้วย -o หรือใช้ --force เพื่อเขียนทับ) / "
            f"{target} is {what_en}; it is not replaced and nothing was written (move or rename "
            "it, choose another place with -o, or use --force to replace it)")


#: how much of an existing file is read to tell whether this program wrote it
_OWNED_READ = 64 * 1024 * 1024


def written_by_us(path: Path) -> bool:
    """Whether ``path`` is a regular file (not a link) this program wrote, so a new build may
    replace it: a DOCX/XLSX naming antong-reports as its application, a PDF it created, a pack
    zip or manifest of its format. Read within bounds; anything unreadable is not ours."""
    try:
        st = os.lstat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size > _OWNED_READ:
            return False
        data = path.read_bytes()
    except OSError:
        return False
    if data.startswith(b"%PDF-"):
        return b"/Creator (antong-reports)" in data
    if data.startswith(b"{"):
        return b'"format": "antong-reports ' in data[:200]
    if not data.startswith(b"PK\x03\x04"):
        return False
    return _zip_written_by_us(data)


def _zip_written_by_us(data: bytes) -> bool:
    import io
    import zipfile
    import zlib

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for info in z.infolist():
                if info.file_size > 1024 * 1024:
                    continue
                name = info.filename
                if name == "docProps/app.xml":
                    return b"<Application>antong-reports</Application>" in z.read(info)
                if name.count("/") == 1 and name.endswith("/manifest.json"):
                    return b'"format": "antong-reports ' in z.read(info)[:200]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError,
            zlib.error):
        return False
    return False


def _write_temporaries(outdir: Path, files: Mapping[str, bytes]) -> dict[str, Path]:
    """Each file in a temporary file of ``outdir``, flushed to disk; on failure none is left."""
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
                              f"cannot write in {outdir} ({exc.strerror})" + NO_WRITE_FIX) from None
        raise
    return temps


def _move_into_place(outdir: Path, temps: dict[str, Path]) -> dict[str, Path]:
    """The temporary files moved to their names, the files they replace kept as backups (returned);
    on failure the files already moved are rolled back and the temporaries removed."""
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
                              f"cannot move files into {outdir} ({exc.strerror})" + NO_WRITE_FIX) from None
        raise
    return backups


def _remove(paths: Iterable[Path]) -> None:
    for p in list(paths):
        try:
            os.unlink(p)
        except FileNotFoundError:
            pass


def _statuses(chosen: list[str]) -> dict[str, FormatUnavailable | None]:
    """Each format of ``chosen`` → None when its generator loads, else why not."""
    out: dict[str, FormatUnavailable | None] = {}
    for fmt in chosen:
        try:
            load_generator(fmt)
        except FormatUnavailable as exc:
            out[fmt] = exc
        else:
            out[fmt] = None
    return out


@attrs.frozen
class BuildResult:
    plan: Plan
    written: tuple[Path, ...]
    warnings: tuple[Issue, ...]
    #: formats left out of a build of every available format, with the reason
    skipped: tuple[tuple[str, str], ...] = ()


def build(plan_path: str | Path | None = None,
          outdir: str | Path | Callable[[Plan], str | Path] = DEFAULT_OUTDIR,
          formats: Iterable[str] | None = None, settings: Settings | None = None,
          on_skip: Callable[[str, str], None] | None = None, *, force: bool = False) -> BuildResult:
    """Validate a plan and write its documents. ``formats=None``: every available format;
    ``on_skip(format, reason)`` hears at once of each one left out (also in the result).
    ``outdir`` may be a function of the validated plan (e.g. a folder named by its slug).

    Raises PlanFileError / PlanInvalid (the plan), FormatUnavailable, OutputError.
    """
    from antong_reports.validate.plan import load_and_validate

    path = Path(plan_path) if plan_path is not None else default_plan_path()
    explicit = formats is not None
    chosen = list(formats) if explicit else list(FORMATS)
    settings = settings or Settings()
    skipped: list[tuple[str, str]] = []
    statuses = _statuses(chosen)            # fail early, before reading the plan
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
    plan, warnings = load_and_validate(path)
    if callable(outdir):
        outdir = outdir(plan)
    files = generate_all(plan, chosen, settings)
    written = write_atomically(outdir, files, force=force)
    return BuildResult(plan=plan, written=tuple(written), warnings=tuple(warnings),
                       skipped=tuple(skipped))


# --------------------------------------------------------------------------- many plans

@attrs.frozen
class PlanOutcome:
    """What became of one plan of :func:`build_many`: built into ``outdir`` (``written``), or
    failed with ``reason`` (nothing of it was written)."""

    plan_path: Path
    built: bool
    outdir: Path | None = None
    slug: str | None = None
    written: tuple[Path, ...] = ()
    warnings: int = 0
    reason: str = ""
    seconds: float = 0.0

    @property
    def failed(self) -> bool:
        return not self.built


def default_jobs() -> int:
    """The number of cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _reason(exc: BaseException) -> str:
    """One line saying why a plan failed: the first error of a plan's issues, or the error."""
    issues = getattr(exc, "issues", None)
    if issues:
        errors = [i for i in issues if i.is_error] or list(issues)
        more = len(errors) - 1
        text = str(errors[0])
        if more > 0:
            text += f" (+{more} ข้อผิดพลาด / more error(s))"
        return text
    if isinstance(exc, AntongError):
        return str(exc)
    return f"ข้อผิดพลาดภายใน / internal error: {type(exc).__name__}: {exc}"


class _Claims:
    """Output folders claimed by the plans of one batch (one marker file per slug in a private
    folder), so two plans with the same slug never write into the same folder: the first to
    claim it builds, the other fails."""

    def __init__(self, folder: str):
        self.folder = folder

    def claim(self, slug: str, plan_path: Path, owner: int) -> None:
        """Claim ``slug`` for the plan at index ``owner`` of the batch (again if it had)."""
        marker = os.path.join(self.folder, slug)
        try:
            fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            with open(marker, encoding="utf-8") as fh:
                index, _, other = fh.read().partition("\t")
            if index == str(owner):
                return
            raise OutputError(
                f"แผน {other} ในชุดเดียวกันใช้ slug \"{slug}\" แล้ว: แก้ slug ให้ไม่ซ้ำกัน / "
                f"the plan {other} of this batch has the same slug \"{slug}\": give each plan "
                f"its own slug") from None
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(f"{owner}\t{plan_path}")


def _build_one(plan_path: Path, root: Path, formats: list[str] | None, settings: Settings,
               claims: _Claims, owner: int) -> PlanOutcome:
    """Build one plan of a batch into ``root/<slug>/``; every failure becomes the outcome."""
    start = time.perf_counter()
    where: dict[str, Path] = {}

    def folder(plan: Plan) -> Path:
        claims.claim(plan.slug, plan_path, owner)
        where["dir"] = root / plan.slug
        return where["dir"]

    try:
        result = build(plan_path, folder, formats, settings)
    except Exception as exc:                # noqa: BLE001 - one plan's failure is its outcome
        return PlanOutcome(plan_path, False, reason=_reason(exc),
                           seconds=time.perf_counter() - start)
    return PlanOutcome(plan_path, True, where["dir"], result.plan.slug, result.written,
                       len(result.warnings), seconds=time.perf_counter() - start)


def build_many(plan_paths: Iterable[str | Path], outdir: str | Path = DEFAULT_OUTDIR,
               formats: Iterable[str] | None = None, settings: Settings | None = None,
               jobs: int | None = None,
               on_done: Callable[[PlanOutcome], None] | None = None) -> list[PlanOutcome]:
    """Build many plans, each into ``outdir/<slug>/``, and return their outcomes in the order
    of ``plan_paths``. ``jobs`` (default: the number of cores) plans are built at a time in
    worker processes (:class:`concurrent.futures.ProcessPoolExecutor`), only when there are
    ``jobs > 1`` and more than one plan; otherwise one after another in this process.

    A plan that fails (unreadable, invalid, a generator error, two plans of the batch with the
    same slug, even a worker process that dies) is an outcome with its reason and writes
    nothing; the other plans are built all the same. ``on_done`` hears of each outcome as soon
    as it is known (in the order the plans finish). Workers are not forks of the caller (a
    forkserver where there is one, else spawned), so a script calling this with ``jobs > 1``
    keeps its top-level code under ``if __name__ == "__main__":``, as multiprocessing asks."""
    paths = [Path(p) for p in plan_paths]
    root = Path(outdir)
    settings = settings or Settings()
    formats = list(formats) if formats is not None else None
    jobs = default_jobs() if jobs is None else max(1, int(jobs))
    outcomes: list[PlanOutcome | None] = [None] * len(paths)

    def done(k: int, outcome: PlanOutcome) -> None:
        outcomes[k] = outcome
        if on_done is not None:
            on_done(outcome)

    with tempfile.TemporaryDirectory(prefix="antong-batch-") as folder:
        claims = _Claims(folder)
        if jobs <= 1 or len(paths) <= 1:
            for k, path in enumerate(paths):
                done(k, _build_one(path, root, formats, settings, claims, k))
        else:
            broken = _run_pool(paths, range(len(paths)), min(jobs, len(paths)), root, formats,
                               settings, claims, done)
            for k in broken:            # a worker died: each such plan again, on its own
                if not _run_pool(paths, [k], 1, root, formats, settings, claims, done):
                    continue
                done(k, PlanOutcome(paths[k], False, reason=(
                    "โปรเซสที่สร้างแผนนี้หยุดทำงานกลางคัน / the process building this plan died")))
    return [o for o in outcomes if o is not None]


def _pool_context():
    """Workers start from a clean server process where the platform has one (never a fork of
    a caller that may run threads), else as the platform starts processes."""
    import multiprocessing

    if "forkserver" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("forkserver")
    return None


def _run_pool(paths: list[Path], indexes: Iterable[int], workers: int, root: Path,
              formats: list[str] | None, settings: Settings, claims: _Claims,
              done: Callable[[int, PlanOutcome], None]) -> list[int]:
    """Build ``paths[k]`` for each ``k`` in a pool of ``workers`` processes; the indexes of
    the plans whose worker died are returned (a dead worker breaks the whole pool)."""
    broken: list[int] = []
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers,
                                                mp_context=_pool_context()) as pool:
        futures = {pool.submit(_build_one, paths[k], root, formats, settings, claims, k): k
                   for k in indexes}
        for future in concurrent.futures.as_completed(futures):
            k = futures[future]
            try:
                outcome = future.result()
            except concurrent.futures.process.BrokenProcessPool:
                broken.append(k)
                continue
            except Exception as exc:    # noqa: BLE001 - e.g. an outcome that could not be sent
                outcome = PlanOutcome(paths[k], False, reason=_reason(exc))
            done(k, outcome)
    return sorted(broken)

