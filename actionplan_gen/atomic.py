"""Writing outputs all or nothing, never over an input, whatever interrupts the run.

Every output (a file, or a folder such as the regulator pack) is first written whole to a
hidden temporary sibling, ``.NAME.XXXXXXXX.tmp``. Only then are the outputs of one plan put
in place together: each previous version is renamed aside (``.NAME.XXXXXXXX.old``), each new
one renamed in, and the previous versions deleted; if anything fails the previous versions
come back. SIGINT, SIGTERM and SIGHUP are held during those renames and during the cleanup,
so an interruption lands before or after them, never between. Only SIGKILL or a power cut
can leave a hidden sibling behind, and the next run that writes the same output finds it by
its exact name pattern: it removes temporary copies and puts back a previous version that
was renamed aside when nothing replaced it.

A ``Guard`` holds, for one run, every path the run reads (it is never replaced or deleted,
nor a folder holding one) and every output already claimed by a plan (two plans never write
the same file). OS errors become ``UsageError`` naming the user's output, never a hidden
temporary name, so the CLI can report them against the plan and go on.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from actionplan_gen.errors import UsageError

Content = bytes | dict[str, bytes]  # a file's bytes, or a folder's files by (relative) name
HELD = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
TEMP, OLD, DISCARDED = "tmp", "old", "del"


class Guard:
    """What one run must never touch (its inputs) and what it has written (by which plan).

    The CLI makes one per command, from every path given on the command line, so that
    ``apgen build a.plan.yaml a.action-plan.docx`` cannot write over its second argument
    before reading it."""

    def __init__(self, inputs: Iterable[str | Path | None] = ()):
        self.inputs: list[Path] = []
        self.claims: dict[Path, Path] = {}
        self.add(inputs)

    def add(self, inputs: Iterable[str | Path | None]) -> Guard:
        """Protect more inputs (a plan's report, templates); returns self for chaining."""
        self.inputs = list(dict.fromkeys([*self.inputs, *(Path(p) for p in inputs if p)]))
        return self

    def claim(self, output: Path, owner: Path, what: str = "") -> None:
        """Record that ``owner`` (a plan) writes ``output``; a second plan may not.

        ``what`` says why two plans collide (e.g. the same case reference)."""
        first = self.claims.setdefault(Path(os.path.abspath(output)), Path(owner))
        if first != Path(owner) and not _same_file(first, owner):
            raise UsageError(f"{first} and {owner} would both write {output}{what}; "
                             "nothing was written for the second: give them different "
                             "names or build them into different -o folders", file=str(owner))

    def check(self, output: Path) -> None:
        """Refuse an output that is an input, or a folder holding one (it would be deleted)."""
        same_file = _SameFile(output)  # the output looked at once, each input every time
        is_folder = output.is_dir() and not output.is_symlink()
        for source in self.inputs:
            if same_file(source):
                named = "" if Path(output) == source else f" ({source})"
                raise UsageError(f"refusing to overwrite an input file{named}; choose "
                                 "another -o folder or output name", file=str(output))
            if is_folder and _holds(output, source):
                raise UsageError(f"refusing to replace this folder: it holds {source}, which "
                                 "this run reads; move that file out of it or choose another "
                                 "-o folder", file=str(output))


def replace_all(outputs: dict[Path, Content], guard: Guard | None = None) -> None:
    """Put every output in place together, or none of them (previous versions stay)."""
    guard = guard or Guard()
    for output, content in outputs.items():
        guard.check(output)
        _check_kind(output, content)
    staged: dict[Path, Path] = {}
    created = _make_parents({output.parent for output in outputs})
    try:
        for output, content in outputs.items():
            sweep(output)
            _stage(output, content, staged)
        with signals_held():
            _swap(staged)
    except BaseException:
        with signals_held():
            for temp in staged.values():
                _remove(temp)
            _remove_empty(created)
        raise


def discard(output: Path, guard: Guard | None = None) -> None:
    """Delete an output (an older pack that must not be sent), all at once."""
    (guard or Guard()).check(output)
    sweep(output, restore=False)
    if not os.path.lexists(output):
        return
    aside = _sibling(output, DISCARDED)
    with signals_held(), _naming(output):
        os.rename(output, aside)
        _remove(aside)


def atomic_write(path: Path, data: bytes, *, protect: Iterable[Path] = (),
                 exclusive: bool = False) -> None:
    """Write one file all at once; with ``exclusive``, only if it does not exist yet."""
    path = Path(path)
    guard = Guard(protect)
    if not exclusive:
        replace_all({path: data}, guard)
        return
    guard.check(path)
    if os.path.lexists(path):
        raise UsageError(f"{path} already exists; apgen will not overwrite it "
                         "(choose another name or delete it first)")
    staged: dict[Path, Path] = {}
    created = _make_parents({path.parent})
    try:
        _stage(path, data, staged)
        with signals_held(), _naming(path):
            try:
                os.link(staged[path], path)  # fails if the file appeared meanwhile
            except FileExistsError:
                raise UsageError(f"{path} already exists; apgen will not overwrite it") \
                    from None
    except BaseException:
        with signals_held():
            _remove_empty(created)
        raise
    finally:
        with signals_held():
            _remove(staged.get(path))


@contextmanager
def scratch_folder(near: Path) -> Iterator[Path]:
    """A private folder beside ``near`` for work files (LibreOffice's), removed afterwards.

    Beside the output rather than in /tmp: personal data never lands in a shared folder,
    and a copy left by SIGKILL is found and removed by the next run's ``sweep(near)``."""
    created = _make_parents({near.parent})
    sweep(near)
    folder = None
    try:
        with signals_held(), _naming(near):
            folder = Path(tempfile.mkdtemp(prefix=f".{near.name}.", suffix=f".{TEMP}",
                                           dir=near.parent))
        yield folder
    finally:
        with signals_held():
            _remove(folder)
            _remove_empty(created)


def sweep(output: Path, restore: bool = True) -> None:
    """Tidy what a killed run left beside ``output``: remove its temporary copies, and (with
    ``restore``) put back a previous version renamed aside if nothing took its place."""
    pattern = re.compile(rf"\.{re.escape(output.name)}\.[a-z0-9_]{{8}}\.({TEMP}|{OLD}|{DISCARDED})")
    try:
        leftovers = sorted(p for p in output.parent.iterdir() if pattern.fullmatch(p.name))
    except OSError:
        return
    for leftover in leftovers:
        with signals_held(), _naming(output):
            if restore and leftover.name.endswith(f".{OLD}") and not os.path.lexists(output):
                os.rename(leftover, output)
            else:
                _remove(leftover)


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold Ctrl-C, SIGTERM and SIGHUP for a few renames: Python raises the interruption as
    soon as they are done, so it can never split them."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# ---------------------------------------------------------------- staging and swapping

def _stage(output: Path, content: Content, staged: dict[Path, Path]) -> None:
    """Write ``content`` whole to a hidden sibling of ``output``, recorded in ``staged``."""
    with _naming(output):
        with signals_held():
            if isinstance(content, bytes):
                handle, name = tempfile.mkstemp(prefix=f".{output.name}.", suffix=f".{TEMP}",
                                                dir=output.parent)
                os.close(handle)
            else:
                name = tempfile.mkdtemp(prefix=f".{output.name}.", suffix=f".{TEMP}",
                                        dir=output.parent)
            staged[output] = Path(name)
        if isinstance(content, bytes):
            _write(staged[output], content, replace=True)
            os.chmod(staged[output], 0o666 & ~umask())
        else:
            os.chmod(staged[output], 0o777 & ~umask())
            for name, data in content.items():
                # A name may hold folders ("files/E1-letter.pdf"), never climb out of this one.
                parts = Path(name).parts
                if Path(name).is_absolute() or ".." in parts or not parts:
                    raise ValueError(f"not a name inside the folder: {name!r}")
                (staged[output] / name).parent.mkdir(parents=True, exist_ok=True)
                _write(staged[output] / name, data, replace=False)


def _write(path: Path, data: bytes, replace: bool) -> None:
    """Every byte or an OSError: ``os.write`` may write less than asked."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if replace else os.O_EXCL)
    handle = os.open(path, flags, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view):]
        os.fsync(handle)
    finally:
        os.close(handle)


def _swap(staged: dict[Path, Path]) -> None:
    """Rename previous versions aside, new ones in, then delete the previous ones; on any
    failure undo, so the previous versions are what remains."""
    aside: dict[Path, Path] = {}
    placed: list[Path] = []
    try:
        for output, temp in staged.items():
            with _naming(output):
                if os.path.lexists(output):
                    aside[output] = _sibling(output, OLD)
                    os.rename(output, aside[output])
                os.rename(temp, output)
                placed.append(output)
    except BaseException:
        for output in placed:
            _remove(output)
        for output, old in aside.items():
            os.rename(old, output)
        raise
    for old in aside.values():
        _remove(old)


def _sibling(output: Path, kind: str) -> Path:
    """An unused hidden name beside ``output`` that ``sweep`` recognises."""
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
    while True:  # os.urandom, not secrets: that pulls hashlib and hmac into every command
        token = "".join(alphabet[byte % 36] for byte in os.urandom(8))
        candidate = output.parent / f".{output.name}.{token}.{kind}"
        if not os.path.lexists(candidate):
            return candidate


def _remove(path: Path | None) -> None:
    if path is None or not os.path.lexists(path):
        return
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _make_parents(folders: set[Path]) -> list[Path]:
    """Create the output folders; returns those created, so a failed run can remove them."""
    created: list[Path] = []
    for folder in sorted(folders):
        missing = [folder, *folder.parents]
        missing = [f for f in missing if not os.path.lexists(f)][::-1]
        with _naming(folder):
            for part in missing:
                part.mkdir()
                created.append(part)
    return created


def _remove_empty(created: list[Path]) -> None:
    for folder in reversed(created):
        with suppress(OSError):
            folder.rmdir()


def _check_kind(output: Path, content: Content) -> None:
    """A file never replaces a folder, nor a folder a file: that is the user's data."""
    is_folder = output.is_dir() and not output.is_symlink()
    if isinstance(content, bytes) and is_folder:
        raise UsageError("a folder has the name of this output; rename or move the folder, "
                         "or choose another -o folder", file=str(output))
    if isinstance(content, dict) and os.path.lexists(output) and not is_folder:
        raise UsageError("a file has the name of this output folder; rename or move the file, "
                         "or choose another -o folder", file=str(output))


@contextmanager
def _naming(output: Path) -> Iterator[None]:
    """Any OS error while writing ``output`` is reported against ``output`` itself."""
    try:
        yield
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise UsageError(f"could not be written ({reason}); any previous version was kept",
                         file=str(output)) from None


# ---------------------------------------------------------------- comparing paths

def _same_file(a: Path, b: Path) -> bool:
    """The same file however named: symlinks, hard links, ``..`` and relative paths."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


class _SameFile:
    """``_same_file(output, b)`` for one output and many b: the output is stat'ed (or, when
    that fails, resolved) once rather than once per comparison; every b is looked at anew."""

    def __init__(self, output: Path):
        self.output = output
        try:
            self.stat: os.stat_result | None = os.stat(output)
        except OSError:
            self.stat = None
        self.real: str | None = None

    def __call__(self, other: Path) -> bool:
        if self.stat is not None:
            try:
                return os.path.samestat(self.stat, os.stat(other))
            except OSError:
                pass
        if self.real is None:
            self.real = os.path.realpath(self.output)
        return self.real == os.path.realpath(other)


def _holds(folder: Path, source: Path) -> bool:
    """Whether deleting ``folder`` would delete ``source`` (by path or as a hard link)."""
    real = Path(os.path.realpath(folder))
    if Path(os.path.realpath(source)).is_relative_to(real):
        return True
    try:
        wanted = os.stat(source)
    except OSError:
        return False
    for root, _dirs, files in os.walk(real):
        for name in files:
            found = os.lstat(os.path.join(root, name))
            if (found.st_dev, found.st_ino) == (wanted.st_dev, wanted.st_ino):
                return True
    return False
