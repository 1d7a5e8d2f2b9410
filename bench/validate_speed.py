"""Whole-process time of `apgen validate SAMPLE` against `python -c "import yaml, jsonschema"`.

The target: validate within 1.3x of merely importing its two libraries, which
means validate must not import docxtpl, python-docx or lxml. Prints both
medians and the ratio. Run: python bench/validate_speed.py [RUNS]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "ellison.plan.yaml"


def median_seconds(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    baseline = median_seconds([sys.executable, "-c", "import yaml, jsonschema"], runs)
    validate = median_seconds([sys.executable, "-m", "actionplan_gen", "validate", str(SAMPLE)],
                              runs)
    print(f"python -c 'import yaml, jsonschema': {baseline * 1000:7.1f} ms (median of {runs})")
    print(f"apgen validate {SAMPLE.name}:      {validate * 1000:7.1f} ms (median of {runs})")
    print(f"ratio: {validate / baseline:.2f}x (target: within 1.3x)")


if __name__ == "__main__":
    main()
