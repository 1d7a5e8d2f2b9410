"""The ``apgen`` process: the command line, with Python's garbage collector set for one short run.

A run makes tens of thousands of objects that live until it ends (modules, compiled templates,
the plan) and very little garbage. With Python's defaults the collector walks them all some
seventy times during a build (~12 ms), then again several times while the interpreter shuts
down (~50 ms: more than reading and checking the plan). So young objects are collected every
10,000 allocations instead of 700, and at the end what is left is frozen: shutdown still frees
it, runs atexit handlers and finalizers, and flushes output, but does not walk it again.
``cli.main`` stays the click group that tests and other code call in-process.
"""

from __future__ import annotations

import gc


def main() -> None:
    gc.set_threshold(10_000, 10, 10)
    try:
        from actionplan_gen.cli import main as command_line
        command_line()
    finally:
        gc.freeze()
