"""Paths written in a plan (the final report, evidence files), resolved safely.

A plan names files relative to itself. Such a path must stay inside the plan's git
repository (or the plan's folder, when the plan is not in git): an absolute path, a path
that climbs out with ``..``, or a symbolic link leading out is refused, so a plan shared
between trusts cannot make apgen copy ``/etc/passwd`` or a colleague's home folder into a
pack. One function, used by validation, the checklist and every command that reads a file
a plan names.
"""

from __future__ import annotations

import os
from pathlib import Path

from actionplan_gen.regexes import fixed

# C:\..., C:/..., \\server\share: absolute on Windows, whatever system reads the plan.
_WINDOWS_ABSOLUTE = fixed(r"^(?:[A-Za-z]:[\\/]|[\\/]{2})")


class PathOutside(ValueError):
    """A path in a plan that leads outside the plan's repository or folder; the message
    says why, in words to show after the path."""


def plan_root(plan_dir: Path) -> Path:
    """The top of the git repository holding ``plan_dir`` (a ``.git`` folder, or the
    ``.git`` file of a worktree or submodule), else ``plan_dir`` itself; resolved."""
    start = Path(os.path.realpath(plan_dir))
    for folder in (start, *start.parents):
        if os.path.lexists(folder / ".git"):
            return folder
    return start


def inside_plan(plan_dir: Path, written: str) -> Path:
    """The file ``written`` (as in the plan, relative to ``plan_dir``) names, with every
    symbolic link resolved; raise PathOutside when it is absolute or leads out of the
    plan's repository (or folder), by ``..`` or by a link. The file need not exist."""
    if os.path.isabs(written) or _WINDOWS_ABSOLUTE.match(written) or written.startswith("~"):
        raise PathOutside("is an absolute path; write it relative to the plan file, "
                          "inside the plan's repository")
    root = plan_root(plan_dir)
    where = "the plan's git repository" if (root / ".git").exists() else "the plan's folder"
    base = Path(os.path.realpath(plan_dir))
    lexical = Path(os.path.normpath(base / written))
    if not lexical.is_relative_to(root):
        raise PathOutside(f"leads outside {where} ({root}); keep evidence and reports "
                          "inside it")
    real = Path(os.path.realpath(lexical))
    if not real.is_relative_to(root):
        raise PathOutside(f"is, or passes through, a symbolic link leading outside {where} "
                          f"({root}); copy the file into it instead")
    return real
