"""`apgen validate SAMPLE` against the import floor, `python -c "import yaml, jsonschema"`.

Budget (DESIGN 11): validate within 1.2x of merely importing its two libraries, which means
validate must not import docxtpl, python-docx or lxml. The floor and validate are run in
alternation (paired, after one warm-up round); prints both medians, wall and CPU, and the
ratios. Run: python bench/validate_speed.py [RUNS]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import SAMPLE, paired, verdict  # noqa: E402

BUDGET = 1.2


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 21
    timing = paired({
        "floor": [sys.executable, "-c", "import yaml, jsonschema"],
        "validate": [sys.executable, "-m", "actionplan_gen", "validate", str(SAMPLE)],
    }, runs)
    floor, validate = timing["floor"], timing["validate"]
    print(f"medians of {runs} paired runs        wall ms   CPU ms")
    print(f"anchor: python -c 'import yaml, jsonschema' {floor.wall * 1000:7.1f} "
          f"{floor.cpu * 1000:8.1f}")
    print(f"apgen validate {SAMPLE.name}      {validate.wall * 1000:7.1f} "
          f"{validate.cpu * 1000:8.1f}")
    print(f"validate / floor, CPU:  {verdict(validate.cpu / floor.cpu, BUDGET)}")
    print(f"validate / floor, wall: {verdict(validate.wall / floor.wall, BUDGET)}")


if __name__ == "__main__":
    main()
