"""Every valid corpus plan validates; every invalid one gives exactly its expected messages."""

from __future__ import annotations

import pytest

from actionplan_gen.errors import PlanInvalid
from actionplan_gen.pipeline import load_plan

from conftest import CORPUS, SAMPLE_PLANS

INVALID = sorted((CORPUS / "invalid").glob("*.plan.yaml"))
VALID = sorted((CORPUS / "valid").glob("*.plan.yaml")) + SAMPLE_PLANS


def test_corpus_is_not_empty():
    assert len(INVALID) >= 20 and len(VALID) >= 4


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_plans_load(path):
    plan, warnings = load_plan(path)
    assert plan.actions and warnings == []


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_invalid_plans_give_their_exact_located_messages(path):
    expected = path.with_name(path.name.replace(".plan.yaml", ".expected")).read_text(
        encoding="utf-8").splitlines()
    with pytest.raises(PlanInvalid) as info:
        load_plan(path)
    got = [str(p).removeprefix(f"{path}:") for p in info.value.problems]
    assert got == expected
