"""Pseudonyms follow the ombudsman's profile; a plan's own ``pseudonym`` wins."""

from __future__ import annotations

import dataclasses

import pytest

from actionplan_gen.pipeline import load_plan
from actionplan_gen.model import Person
from actionplan_gen.redact.names import replacements
from conftest import SAMPLES


@pytest.fixture(scope="module")
def nowak():
    return load_plan(SAMPLES / "nowak.plan.yaml")[0]


def _plan(base, body, people, start=None):
    copy = dataclasses.replace(base.regulator_copy, pseudonym_start=start)
    return dataclasses.replace(base, body=body, people=tuple(people), regulator_copy=copy)


PEOPLE = [
    Person("complainant", "Brenda Carter", "complainant", "Mrs"),
    Person("patient", "Dennis Carter", "patient", "Mr"),
    Person("grandson", "Ben Carter", "relative", "Mr", child=True),
    Person("advocate", "Sam Okoro", "representative"),
    Person("manager", "Ann Lee", "staff", role="Registered Manager"),
]


def test_lgsco_starts_at_b_never_a_real_initial_and_a_child_has_no_title(nowak):
    shown = replacements(_plan(nowak, "LGSCO", PEOPLE))
    # Brenda Carter skips B and C; Dennis Carter may be B (not his initial); Ben Carter
    # skips B and C again; the advocate, with no title, is "Person C".
    assert shown == {"complainant": "Mrs D", "patient": "Mr B", "grandson": "E",
                     "advocate": "Person C", "manager": "the Registered Manager"}


def test_phso_starts_at_a_with_titles_for_everyone(nowak):
    shown = replacements(_plan(nowak, "PHSO", PEOPLE))
    assert shown["complainant"] == "Mrs A" and shown["patient"] == "Mr B"
    assert shown["grandson"] == "Mr D"  # PHSO's profile gives a child a title too


def test_spso_role_letters_without_titles(nowak):
    shown = replacements(_plan(nowak, "SPSO", PEOPLE))
    assert shown["complainant"] == "C" and shown["patient"] == "A"
    # Others take the following free letters, never C or A, nor their own initials.
    assert shown["grandson"] == "D" and shown["advocate"] == "B"
    assert shown["manager"] == "the Registered Manager"


def test_a_second_complainant_does_not_repeat_the_role_letter(nowak):
    people = [*PEOPLE, Person("second", "Gail Hart", "complainant", "Ms")]
    shown = replacements(_plan(nowak, "SPSO", people))
    assert shown["second"] not in {"C", "A"} and len(set(shown.values())) == len(shown)


def test_the_plans_own_pseudonym_wins_and_its_letter_is_not_reused(nowak):
    people = [dataclasses.replace(PEOPLE[0], pseudonym="Mrs W"), *PEOPLE[1:]]
    shown = replacements(_plan(nowak, "PSOW", people))
    assert shown["complainant"] == "Mrs W"
    assert shown["patient"] == "Mr A"
    people = [PEOPLE[0], dataclasses.replace(PEOPLE[1], pseudonym="Mr A")]
    assert replacements(_plan(nowak, "PHSO", people)) == {"complainant": "Mrs D",
                                                          "patient": "Mr A"}


def test_an_explicit_start_letter_still_wins(nowak):
    assert replacements(_plan(nowak, "LGSCO", PEOPLE[:1], start="K"))["complainant"] == "Mrs K"
