"""`apgen portfolio` over 10, 100 and 1,000 generated plans, whole processes.

DESIGN section 11: 1,000 plans <= 15 s, linear in the number of plans. The plans are the
three samples in turn, each with its own case reference and one action moved per plan so
the rows differ. Prints the seconds of each run and the cost per plan (the difference
between sizes, so start-up is not counted in it).

Run: python bench/portfolio_speed.py [--sizes 10 100 1000] [--runs 1]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path


sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, median_seconds, plan_copies  # noqa: E402

SAMPLES = sorted((ROOT / "samples").glob("*.plan.yaml"))
BUDGET_1000 = 15.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    apgen = [sys.executable, "-m", "actionplan_gen", "portfolio", "--as-at", "2027-04-01"]
    results = []
    with tempfile.TemporaryDirectory() as work:
        for size in args.sizes:
            paths = [str(p) for p in plan_copies(size, Path(work) / f"p{size}", SAMPLES, "B")]
            seconds = median_seconds([*apgen, *paths, "-o", str(Path(work) / f"o{size}")],
                                     args.runs)
            results.append((size, seconds))
    for size, seconds in results:
        print(f"apgen portfolio, {size:>5} plans: {seconds:6.2f} s  "
              f"({1000 * seconds / size:6.1f} ms per plan, start-up included)")
    for (a, sa), (b, sb) in zip(results, results[1:], strict=False):
        print(f"  {a} -> {b} plans: {1000 * (sb - sa) / (b - a):5.1f} ms per extra plan")
    big = dict(results).get(1000)
    if big is not None:
        verdict = "within" if big <= BUDGET_1000 else "OVER"
        print(f"1,000 plans: {big:.2f} s, {verdict} the {BUDGET_1000:g} s budget")


if __name__ == "__main__":
    main()
