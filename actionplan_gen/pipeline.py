"""The one road from a path to a valid plan: loader -> schema -> rules -> model.

Every command starts here. ``check_file`` stops before the model, so that
``apgen validate`` does not pay for building it.
"""

from __future__ import annotations

from pathlib import Path

from actionplan_gen import rules, schema, welsh
from actionplan_gen.errors import ERROR, PlanInvalid, Problem
from actionplan_gen.loader import LoadedYaml, load_file


def check_file(path: str | Path) -> tuple[LoadedYaml, list[Problem]]:
    """(loaded plan, warnings) of a valid plan file; otherwise raise PlanInvalid listing
    every problem in file order (UsageError when the file cannot be read)."""
    path = Path(path)
    loaded = load_file(path)
    problems = loaded.warnings + schema.validate(loaded)
    # The schema has seen each {en, cy} pair; from here on the plan is its English.
    loaded.welsh_text = welsh.split_pairs(loaded.data)
    problems += rules.check(loaded, path.parent)
    problems.sort(key=lambda p: (p.line or 0, p.col or 0))
    if any(p.severity == ERROR for p in problems):
        raise PlanInvalid(problems)
    return loaded, problems


def load_plan(path: str | Path):
    """Path -> (valid Plan, warnings), or raise PlanInvalid with every problem located."""
    from actionplan_gen.model import build_plan
    loaded, warnings = check_file(path)
    return build_plan(loaded.data, Path(path), loaded.source_map, loaded.welsh_text), warnings
