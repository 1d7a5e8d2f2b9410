"""`apgen letters` and `apgen calendar` timings, whole processes, against `apgen build` of the
same sample in the same run (the anchor: a letter is one small render, so it should cost no
more than a build; the calendar of 100 plans is mostly loading them).

Run: python bench/letters_calendar_speed.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path


sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import SAMPLE, median_seconds, plan_copies  # noqa: E402

RUNS = 3


def main() -> None:
    apgen = [sys.executable, "-m", "actionplan_gen"]
    with tempfile.TemporaryDirectory() as work:
        out = Path(work)
        build = median_seconds([*apgen, "build", str(SAMPLE), "-o", str(out / "b")], RUNS)
        letters = median_seconds([*apgen, "letters", str(SAMPLE), "--as-at", "2027-03-01",
                                  "-o", str(out / "l")], RUNS)
        many = [str(p) for p in plan_copies(100, out)]
        calendar = median_seconds([*apgen, "calendar", *many, "-o", str(out / "c")], RUNS)
        one_file = median_seconds([*apgen, "calendar", *many, "--one-file", "-o",
                                   str(out / "o")], RUNS)
    print(f"apgen build, 1 plan (anchor):    {build:6.2f} s")
    for label, seconds in [("apgen letters, 1 plan, 3 letters", letters),
                           ("apgen calendar, 100 plans", calendar),
                           ("apgen calendar --one-file, 100", one_file)]:
        print(f"{label + ':':<33}{seconds:6.2f} s  ({seconds / build:.2f}x build)")

if __name__ == "__main__":
    main()
