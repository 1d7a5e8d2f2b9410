"""The compiled schema check (schema._fast_check) passes a plan exactly when jsonschema finds
no error in it: every corpus plan and sample, and each of them with one value replaced by a
value of another kind, removed, or joined by an unknown key (25 places chosen at random
in each, seeded by the plan's name)."""

from __future__ import annotations

import copy
import random

import pytest

from actionplan_gen import schema
from actionplan_gen.errors import PlanInvalid
from actionplan_gen.loader import load_file

from conftest import CORPUS, SAMPLE_PLANS



def _loads(path) -> bool:
    """Plans the loader refuses (bad YAML, binary, control characters) never reach the
    schema: there is nothing to compare for them."""
    try:
        load_file(path)
    except PlanInvalid:
        return False
    return True


PLANS = [p for p in sorted(CORPUS.glob("*/*.plan.yaml")) + SAMPLE_PLANS if _loads(p)]
VALUES = [None, True, False, 0, 1, 1.0, -1, 1.5, "", "x", "1", "true", "2027-02-30",
          "2027-13-01", "2027-03-31", "2027-03", "2027-3-1", "\uff10", [], {}, ["x"], [None],
          {"a": 1}, {"en": "x"}, {"en": "x", "cy": "y"}, "PHSO", "draft", "Mrs", "A1", "cy"]


def _paths(node, path=()):
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, path + (index,))


def _variants(data, rng, places=25):
    yield data
    paths = list(_paths(data))[1:]
    for path in rng.sample(paths, min(places, len(paths))):
        for value in rng.sample(VALUES, 2):
            changed = copy.deepcopy(data)
            _at(changed, path[:-1])[path[-1]] = value
            yield changed
        changed = copy.deepcopy(data)
        del _at(changed, path[:-1])[path[-1]]
        yield changed
        changed = copy.deepcopy(data)
        parent = _at(changed, path[:-1])
        if isinstance(parent, dict):
            parent["zz_unknown"] = 1
            yield changed


def _at(node, path):
    for key in path:
        node = node[key]
    return node


def test_the_shipped_schema_compiles():
    assert schema._fast_check() is not None


@pytest.mark.parametrize("path", PLANS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_compiled_check_agrees_with_jsonschema(path):
    data = load_file(path).data
    fast, validator = schema._fast_check(), schema._validator()
    rng = random.Random(path.name)
    for variant in _variants(data, rng):
        errors = [e.message for e in validator.iter_errors(variant)]
        assert fast(variant) == (not errors), errors[:1]
