"""Signals become exceptions, so every command cleans up the same way on Ctrl-C or a kill.

SIGINT raises KeyboardInterrupt (Python's own); SIGTERM and SIGHUP raise
``Interrupted``. Both derive from BaseException, so ``finally`` blocks and
``except BaseException`` cleanups run and no partial or un-anonymised file is left.
The CLI turns them into the shell's conventional exit codes: 130, 143, 129.
"""

from __future__ import annotations

import signal

EXIT_CODES = {signal.SIGINT: 130, signal.SIGTERM: 143, signal.SIGHUP: 129}


class Interrupted(BaseException):
    """The process was asked to stop (SIGTERM or SIGHUP)."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.exit_code = EXIT_CODES[signum]


def _raise(signum, _frame):
    raise Interrupted(signum)


def install() -> None:
    """Turn SIGTERM and SIGHUP into ``Interrupted`` for the rest of the process."""
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _raise)
