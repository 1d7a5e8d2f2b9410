"""The verifier as it was at an earlier commit, importable beside the current one: the tests
that hold the faster verifier to finding at least what it found before load it from git."""

from __future__ import annotations

import importlib
import io
import subprocess
import sys
import zipfile
from collections import Counter
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _git(*args: str) -> bytes:
    return subprocess.run(["git", "-C", str(ROOT), *args], check=True,
                          capture_output=True).stdout


@contextmanager
def verifier_at(commit: str, folder: Path, module: str):
    """``actionplan_gen/verify/`` at ``commit`` as the package ``module`` (written into
    ``folder``); skips the test where git or the commit is not available."""
    try:
        names = _git("ls-tree", "--name-only", commit, "actionplan_gen/verify/").split()
    except (OSError, subprocess.CalledProcessError):
        pytest.skip(f"git or the baseline commit {commit[:7]} is not available")
    package = folder / module
    package.mkdir()
    for name in names:
        source = _git("show", f"{commit}:{name.decode()}").decode("utf-8")
        (package / Path(name.decode()).name).write_text(
            source.replace("actionplan_gen.verify", module), encoding="utf-8")
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module(module)
    finally:
        sys.path.remove(str(folder))
        for loaded in [m for m in sys.modules if m.startswith(module)]:
            del sys.modules[loaded]


# The one finding the verifier gave up on purpose since its baselines: a phone, NHS-like or NI
# number made of clock times and dates ("at 06:00 12:00 18:00 22:00", "seen on 12/06/26"),
# which refused real reports. A baseline finding of those kinds is excused where the baseline
# itself, shown the same input with its times and dates blanked, no longer finds it.
NUMBER_KINDS = frozenset({"NHS-like number", "telephone number", "National Insurance number"})


def blanked_text(text: str) -> str:
    """``text`` as the verifier reads it (folded), its times and dates blanked."""
    from actionplan_gen.verify.folding import fold
    from actionplan_gen.verify.patterns import without_times_and_dates
    return without_times_and_dates(fold(text).text)


def blanked_docx(data: bytes) -> bytes:
    """``data`` with times and dates blanked in every part that is UTF-8 text."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            part = source.read(info)
            with suppress(UnicodeDecodeError):
                part = blanked_text(part.decode("utf-8")).encode("utf-8")
            target.writestr(info, part)
        target.comment = source.comment
    return out.getvalue()


def excused(old, blanked) -> Counter:
    """(part, kind, paragraph) of the baseline's number findings (``old``) that it does not
    make once times and dates are blanked (``blanked``: its findings then)."""
    key = lambda f: (f.part, f.kind, f.paragraph)  # noqa: E731
    return (Counter(key(f) for f in old if f.kind in NUMBER_KINDS)
            - Counter(key(f) for f in blanked if f.kind in NUMBER_KINDS))
