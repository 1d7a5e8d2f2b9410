"""Where each value of a plan file is: JSON path -> line and column, for located messages.

Kept apart from the loader so that the model and the reporters can use positions
without depending on YAML parsing.
"""

from __future__ import annotations

from dataclasses import field

from actionplan_gen.records import record


@record
class Position:
    """Where a key and its value start in the file (1-based)."""

    key_line: int
    key_col: int
    line: int
    col: int


@record(frozen=False)
class SourceMap:
    """JSON path (tuple of keys and indexes) -> position in the file."""

    positions: dict[tuple, Position] = field(default_factory=dict)

    def locate(self, path: tuple, at_key: bool = False) -> tuple[int, int]:
        """Line and column of ``path``, or of its nearest ancestor that exists."""
        path = tuple(path)
        while path not in self.positions and path:
            path = path[:-1]
        pos = self.positions.get(path)
        if pos is None:
            return 1, 1
        return (pos.key_line, pos.key_col) if at_key else (pos.line, pos.col)
