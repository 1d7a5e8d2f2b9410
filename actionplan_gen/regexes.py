"""Fixed regular expressions compiled once per installation, not once per run.

Python compiles a pattern from its text in pure Python, and apgen's own patterns (the
verifier's and the redactor's shapes above all) took some 30 ms of every ``apgen redact``:
more than reading and checking the plan. ``fixed`` keeps what the compiler made for each of
them beside Python's own bytecode (``__pycache__``, or PYTHONPYCACHEPREFIX), under the
pattern's exact text and flags, in a file named for this Python and its regular-expression
engine, and builds the pattern from it on later runs. The engine checks the stored code as
it builds the pattern; anything unreadable is ignored and the pattern compiled from its text.

Only patterns written in apgen's source go through ``fixed``: a pattern made from a plan
(people's names, addresses, a plan's local_id_patterns) is compiled with ``re.compile`` and
never stored, so no personal detail reaches the disk. Nothing is written where Python writes
no bytecode (PYTHONDONTWRITEBYTECODE, ``python -B``).
"""

from __future__ import annotations

import re
import sys

try:  # the engine's own compiler; another Python may lay it out differently
    import _sre
    from re import _compiler, _parser
    _ENGINE = (f"{sys.implementation.cache_tag}-{'.'.join(map(str, sys.version_info[:3]))}"
               f"-{_sre.MAGIC}-{_sre.CODESIZE}")
except (ImportError, AttributeError):  # pragma: no cover - then every pattern is compiled
    _sre = None
    _ENGINE = None

_Key = tuple[str | bytes, int]
_stored: dict[_Key, tuple] | None = None  # read from the file on first use
_fresh: dict[_Key, tuple] = {}  # compiled in this run, written at exit
_MOST = 2000  # entries kept: patterns of older versions of apgen are dropped beyond this


def fixed(pattern: str | bytes, flags: int = 0) -> re.Pattern:
    """``re.compile(pattern, flags)`` for a pattern written in apgen's source."""
    if _ENGINE is None or flags & re.DEBUG:
        return re.compile(pattern, flags)
    flags = int(flags)  # a plain int, as marshal stores it (not re.RegexFlag)
    key = (pattern, flags)
    entry = _store().get(key)
    if entry is not None:
        try:
            return _sre.compile(pattern, *entry)
        except Exception:  # noqa: BLE001 - a damaged entry: compile from the text instead
            pass
    compiled, entry = _compile(pattern, flags)
    if not _fresh:
        import atexit
        atexit.register(_save)
    _fresh[key] = entry
    return compiled


def _compile(pattern: str | bytes, flags: int) -> tuple[re.Pattern, tuple]:
    """The pattern and what ``_sre.compile`` takes besides its text, as ``re`` makes them."""
    parsed = _parser.parse(pattern, flags)
    code = [int(op) for op in _compiler._code(parsed, flags)]  # plain ints: marshal stores them
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    entry = (int(flags | parsed.state.flags), code, parsed.state.groups - 1, groupindex,
             tuple(indexgroup))
    return _sre.compile(pattern, *entry), entry


def _path():
    import importlib.util
    from pathlib import Path
    beside_bytecode = Path(importlib.util.cache_from_source(__file__))
    return beside_bytecode.with_name(f"apgen-regexes.{_ENGINE}.marshal")


def _store() -> dict[_Key, tuple]:
    global _stored
    if _stored is None:
        _stored = {}
        try:
            import marshal
            loaded = marshal.loads(_path().read_bytes())
            if isinstance(loaded, dict):
                _stored = loaded
        except Exception:  # noqa: BLE001 - missing, unreadable or foreign: start afresh
            pass
    return _stored


def _save() -> None:
    """Write what this run compiled, with what was stored before (unless that has grown past
    ``_MOST``): a temporary file renamed into place, so a reader never sees half of one."""
    if sys.dont_write_bytecode or not _fresh:
        return
    import marshal
    import os
    import tempfile
    entries = dict(_fresh) if len(_store()) + len(_fresh) > _MOST else {**_store(), **_fresh}
    try:
        path = _path()
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".apgen-regexes.")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(marshal.dumps(entries))
            os.replace(temporary, path)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
    except Exception:  # noqa: BLE001 - read-only, no bytecode folder: compile each run
        pass
