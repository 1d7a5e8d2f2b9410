"""Atomic writes: a temporary file in the same folder, then a rename.

A failed run therefore never leaves a partial file, and an input file is never
overwritten by an output.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from actionplan_gen.errors import UsageError


def atomic_write(path: Path, data: bytes, *, protect: tuple[Path, ...] = (),
                 exclusive: bool = False) -> None:
    """Write ``data`` to ``path`` all at once; refuse to touch any ``protect``-ed input."""
    path = Path(path)
    for guarded in protect:
        if path.exists() and guarded.exists() and os.path.samefile(path, guarded):
            raise UsageError(f"{path}: refusing to overwrite an input file; choose another -o folder")
    if exclusive and path.exists():
        raise UsageError(f"{path} already exists; apgen will not overwrite it "
                         "(choose another name or delete it first)")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise UsageError(f"{path}: cannot write here ({exc.strerror})") from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temp, 0o666 & ~umask())
        if exclusive:
            os.link(temp, path)  # fails if the file appeared meanwhile
            os.unlink(temp)
        else:
            os.replace(temp, path)
    except FileExistsError:
        os.unlink(temp)
        raise UsageError(f"{path} already exists; apgen will not overwrite it") from None
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


def umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
