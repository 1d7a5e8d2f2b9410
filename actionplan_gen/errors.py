"""One exception base, and the located problem every check reports.

Every error a user can cause carries the file, and the line and column when
known, so the CLI can print ``plan.yaml:12:5: message`` and never a traceback.
"""

from __future__ import annotations

from dataclasses import asdict

from actionplan_gen.records import record

ERROR = "error"
WARNING = "warning"


@record
class Problem:
    """One thing wrong with a plan, located in its file."""

    file: str
    line: int | None
    col: int | None
    path: str
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}:{self.col or 1}"
        label = "warning: " if self.severity == WARNING else ""
        subject = f"{self.path}: " if self.path else ""
        return f"{where}: {label}{subject}{self.message}"

    def to_dict(self) -> dict:
        return asdict(self)


def format_path(path: tuple) -> str:
    """``('actions', 2, 'owner')`` -> ``actions[2].owner`` (how users see it)."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


class ApgenError(Exception):
    """Base of every error apgen raises on purpose; ``exit_code`` says how the CLI ends."""

    exit_code = 1

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 col: int | None = None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.col = col

    def __str__(self) -> str:
        if self.file is None:
            return self.message
        return str(Problem(self.file, self.line, self.col, "", self.message))


class UsageError(ApgenError):
    """A missing or unreadable file, a bad option: exit 2."""

    exit_code = 2


class ToolError(ApgenError):
    """A tool apgen relies on (LibreOffice) failed or is missing: exit 2, not a plan problem."""

    exit_code = 2


class TemplateError(ApgenError):
    """A template that cannot be used: exit 2, located in the template when possible."""

    exit_code = 2


class PlanInvalid(ApgenError):
    """The plan has problems; ``problems`` lists all of them, located."""

    exit_code = 1

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        first = problems[0] if problems else None
        super().__init__(str(first) if first else "the plan has problems")


class LeakFound(ApgenError):
    """A personal detail survived redaction: nothing was written, exit 1."""

    exit_code = 1
