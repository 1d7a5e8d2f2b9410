"""Refusals of clean text a cold review of round three found (each failed before its fix),
and the leaks next to them that must still be refused."""

from __future__ import annotations

import pytest

from actionplan_gen.pipeline import load_plan
from actionplan_gen.verify import verify_text
from actionplan_gen.verify.registry import Registry
from conftest import SAMPLES


@pytest.fixture(scope="module")
def registries():
    return {name: Registry.from_plan(load_plan(SAMPLES / f"{name}.plan.yaml")[0])
            for name in ("ellison", "harbour")}


@pytest.mark.parametrize("sample, text", [
    # a listed Tom does not make Thomas a name (harbour lists Tom Reilly)
    ("harbour", "She was transferred to St Thomas' Hospital."),
    ("harbour", "Guy's and St Thomas' NHS Foundation Trust agreed."),
    # a listed name and "s" is another surname
    ("ellison", "The audit was led by Jane Roberts, a senior nurse."),
    ("ellison", "Jane Daniels chaired the panel."),
    # a nickname or misspelling before a place word is a place
    ("ellison", "She was moved to Daisy Ward on 3 May."),
    ("ellison", "The Sally Army visited."),
    # a sentence ending with birth or born does not label the next paragraph's date
    ("ellison", "Mrs A was moved to the postnatal ward after the birth.\n"
                "14 March 2025: Mrs A reported severe pain."),
    ("ellison", "She returned to the hospital where she was born.\n12 June 2025: admitted."),
    # a row of one value is no NHS number
    ("ellison", "Pain scores: 0, 0, 0, 0, 0, 0, 0, 0, 0, 0"),
    ("ellison", "Falls by month: 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1"),
])
def test_clean_text_is_not_refused(registries, sample, text):
    assert verify_text(text, registries[sample]) == []


@pytest.mark.parametrize("text", [
    "Maggie called the ward.", "Mr Elison called.", "TeamEllison2026", "#justiceformaggie",
    "the Ellisons were told", "Date of birth:\n12 June 1939", "NHS number 943 476 5919",
    "NHS 9, 4, 3, 4, 7, 6, 5, 9, 1, 9", "Robert Ellison's wife",
    "Peggy, Unit manager, said", "Maggie, Ward 7",  # a comma: not a place's name
])
def test_the_leaks_beside_them_are_still_refused(registries, text):
    assert verify_text(text, registries["ellison"])

