"""Text and JSON reporters behind one interface, and the one JSON envelope of every command.

A command reports located problems, plain-text lines for people, and one record per
plan file it handled. The text reporter prints as it goes; the JSON reporter keeps
quiet and prints, at the end, ``{"command", "exit_code", "problems", "plans"}``
(plus whatever the command adds, such as ``totals``), so dashboards and CI read every
command the same way.
"""

from __future__ import annotations

import json
import sys
from typing import TextIO

from actionplan_gen.errors import Problem


class Reporter:
    """What every command tells its user; subclasses decide how it is shown."""

    def __init__(self, command: str, stream: TextIO | None = None):
        self.command = command
        self.stream = stream
        self.problems: list[Problem] = []
        self.plans: list[dict] = []
        self.extra: dict = {}

    def _write(self, text: str) -> None:
        stream = self.stream or sys.stdout  # looked up late: click's test runner swaps it
        stream.write(text + "\n")

    def problem(self, problem: Problem) -> None:
        self.problems.append(problem)

    def record(self, problem: Problem) -> None:
        """Keep a problem for the envelope without showing it: for a command whose terminal
        says more than its JSON may (portfolio names files only on the terminal)."""
        self.problems.append(problem)

    def say(self, text: str) -> None:
        """A line meant for a person reading the terminal."""

    def plan(self, record: dict) -> None:
        """What the command found or wrote for one plan file (``record["file"]`` names it)."""
        self.plans.append(record)

    def finish(self, exit_code: int) -> None:
        """Called once, last."""


class TextReporter(Reporter):
    def problem(self, problem: Problem) -> None:
        super().problem(problem)
        self._write(str(problem))

    def say(self, text: str) -> None:
        self._write(text)


class JsonReporter(Reporter):
    def finish(self, exit_code: int) -> None:
        self._write(json.dumps(envelope(self.command, exit_code, self.problems, self.plans,
                                        self.extra), indent=2, ensure_ascii=False))


def envelope(command: str, exit_code: int, problems: list[Problem], plans: list[dict],
             extra: dict | None = None) -> dict:
    """The JSON every command prints under ``--format json``."""
    return {"command": command, "exit_code": exit_code,
            "problems": [p.to_dict() for p in problems], "plans": plans, **(extra or {})}


def reporter(command: str, fmt: str) -> Reporter:
    return JsonReporter(command) if fmt == "json" else TextReporter(command)
