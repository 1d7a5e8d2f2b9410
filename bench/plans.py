"""Generate plans of any size for benchmarks: the Ellison sample with its actions repeated."""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "ellison.plan.yaml"


def plan_with_actions(count: int, folder: Path) -> Path:
    """Write ``folder/bench-N.plan.yaml`` with ``count`` actions and return its path."""
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
    data["ombudsman"]["final_report_file"] = str(SAMPLE.parent / "reports" /
                                                 "ellison-final-report.docx")
    path = folder / f"bench-{count}.plan.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path
