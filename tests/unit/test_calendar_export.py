"""calendar_export: words that name nobody, dates from the plan alone, UIDs that never move."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from actionplan_gen.calendar_export import as_of, calendar_bytes, events, owner_words
from actionplan_gen.model import Owner
from actionplan_gen.pipeline import load_plan

ELLISON = Path(__file__).resolve().parents[2] / "samples" / "ellison.plan.yaml"


@pytest.fixture(scope="module")
def plan():
    return load_plan(ELLISON)[0]


def test_an_owner_is_named_by_role_or_kind_never_by_name(plan):
    a1 = next(a for a in plan.actions if a.id == "A1")
    assert owner_words(plan, a1) == "Lead Nurse for Discharge and Flow; Discharge Improvement Group"
    given_to_complainant = dataclasses.replace(a1, owners=(Owner(person="complainant"),))
    assert owner_words(plan, given_to_complainant) == "the complainant"


def test_a_name_written_into_a_team_field_is_redacted(plan):
    a1 = next(a for a in plan.actions if a.id == "A1")
    review = dataclasses.replace(a1.review, by="Margaret Ellison and the Patient Safety Committee")
    changed = dataclasses.replace(plan, actions=(dataclasses.replace(a1, review=review),
                                                 *plan.actions[1:]))
    text = " ".join(e.summary + e.description for e in events(changed))
    assert "Ellison" not in text and "Margaret" not in text
    assert "Mrs A and the Patient Safety Committee" in text


def test_the_stamp_is_the_latest_date_the_plan_records(plan):
    assert as_of(plan) == dt.date(2026, 11, 27)
    later = dataclasses.replace(plan, updates=(dataclasses.replace(plan.updates[0],
                                                                   date=dt.date(2027, 1, 5)),))
    assert as_of(later) == dt.date(2027, 1, 5)
    assert b"DTSTAMP:20270105T000000Z" in calendar_bytes([(later, events(later))], "x")


def test_a_uid_does_not_depend_on_the_date_it_marks(plan):
    """Moving a target moves the event in the user's calendar instead of adding a second."""
    a3 = next(a for a in plan.actions if a.id == "A3")
    moved = dataclasses.replace(plan, actions=tuple(
        dataclasses.replace(a, target_date=dt.date(2027, 6, 30)) if a is a3 else a
        for a in plan.actions))
    before = {e.uid: e.day for e in events(plan)}
    after = {e.uid: e.day for e in events(moved)}
    assert before.keys() == after.keys()
    assert after["P-004417-A3-target@apgen"] == dt.date(2027, 6, 30)
