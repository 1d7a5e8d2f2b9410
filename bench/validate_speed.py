"""Whole-process time of `apgen validate SAMPLE` against `python -c "import yaml, jsonschema"`.

The target: validate within 1.3x of merely importing its two libraries, which
means validate must not import docxtpl, python-docx or lxml. Prints both
medians and the ratio. Run: python bench/validate_speed.py [RUNS]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import SAMPLE, median_seconds  # noqa: E402


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
