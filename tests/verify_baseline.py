"""The verifier as it was at an earlier commit, importable beside the current one: the tests
that hold the faster verifier to finding at least what it found before load it from git."""

from __future__ import annotations

import importlib
import subprocess
import sys
from contextlib import contextmanager
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
