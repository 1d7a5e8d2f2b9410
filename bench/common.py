"""Shared by the benchmark scripts: timing whole processes, and plans of any size."""

from __future__ import annotations

import copy
import shutil
import statistics
import subprocess
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "ellison.plan.yaml"


def median_seconds(command: list[str], runs: int) -> float:
    """Median wall-clock time of running ``command`` as a whole process ``runs`` times."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def plan_with_actions(count: int, folder: Path) -> Path:
    """Write ``folder/bench-N.plan.yaml``: the Ellison sample with its actions repeated."""
    from actionplan_gen.loader import load_file
    data = load_file(SAMPLE).data
    templates = data["actions"]
    actions = []
    for i in range(count):
        action = copy.deepcopy(templates[i % len(templates)])
        action["id"] = f"A{i + 1}"
        action["description"] = f"({i + 1}) " + action["description"]
        actions.append(action)
    data["actions"] = actions
    # Paths in a plan stay inside its folder: bring the report and evidence along.
    for name in ("reports", "evidence"):
        if not (folder / name).exists():
            shutil.copytree(SAMPLE.parent / name, folder / name)
    path = folder / f"bench-{count}.plan.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path
