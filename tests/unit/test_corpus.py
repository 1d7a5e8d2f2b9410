"""Every valid corpus plan validates; every invalid one gives exactly its expected messages,
and every plan under warnings/ is valid and gives exactly its expected warnings."""

from __future__ import annotations

import pytest

from actionplan_gen.errors import PlanInvalid
from actionplan_gen.pipeline import load_plan

from conftest import CORPUS, SAMPLE_PLANS

INVALID = sorted((CORPUS / "invalid").glob("*.plan.yaml"))
WARNED = sorted((CORPUS / "warnings").glob("*.plan.yaml"))
VALID = sorted((CORPUS / "valid").glob("*.plan.yaml")) + SAMPLE_PLANS


def expected_messages(path) -> list[str]:
    return path.with_name(path.name.replace(".plan.yaml", ".expected")).read_text(
        encoding="utf-8").splitlines()


def located(path, problems) -> list[str]:
    return [str(p).removeprefix(f"{path}:") for p in problems]


def test_corpus_is_not_empty():
    assert len(INVALID) >= 20 and len(VALID) >= 4 and len(WARNED) >= 2


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_plans_load(path):
    plan, warnings = load_plan(path)
    assert plan.actions and warnings == []


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_invalid_plans_give_their_exact_located_messages(path):
    with pytest.raises(PlanInvalid) as info:
        load_plan(path)
    assert located(path, info.value.problems) == expected_messages(path)


@pytest.mark.parametrize("path", WARNED, ids=lambda p: p.name)
def test_warned_plans_load_with_their_exact_located_warnings(path):
    plan, warnings = load_plan(path)
    assert plan.actions and located(path, warnings) == expected_messages(path)
