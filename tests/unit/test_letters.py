"""letters: who is due, since when, and what each action's news says."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from actionplan_gen.letters import COMPLETED, DELAYED, LATE, due, news, short_description, since
from actionplan_gen.pipeline import load_plan

ELLISON = Path(__file__).resolve().parents[2] / "samples" / "ellison.plan.yaml"


@pytest.fixture(scope="module")
def plan():
    return load_plan(ELLISON)[0]


def test_the_first_clause_names_the_action():
    text = "Replace fax referrals with the electronic system, which records acceptance; more."
    assert short_description(text) == "Replace fax referrals with the electronic system"
    assert short_description("Write to Mrs E, apologising, and pay £750.") \
        == "Write to Mrs E, apologising, and pay £750"


def test_due_parties_and_the_day_they_last_heard(plan):
    assert [p.id for p, _ in due(plan, dt.date(2027, 1, 23))] == []
    [(party, when)] = due(plan, dt.date(2027, 1, 24))
    assert party.id == "p-complainant"
    # Her last update (14 October) came before the plan itself (24 November).
    assert since(party, when) == (dt.date(2026, 11, 24),
                                  "we sent you the action plan on 24 November 2026")


def test_news_is_judged_between_the_two_dates(plan):
    before_plan = {n.action: n.section for n in news(plan, dt.date(2026, 10, 14),
                                                     dt.date(2027, 2, 1))}
    assert before_plan["A4"] == COMPLETED and before_plan["A2"] == DELAYED
    assert before_plan["A1"] == LATE
    after_slip = {n.action for n in news(plan, dt.date(2026, 11, 27), dt.date(2027, 1, 30))}
    assert after_slip == set()  # nothing happened, and A1 is not late until 1 February


def test_an_action_finished_late_is_completed_news(plan):
    a1 = next(a for a in plan.actions if a.id == "A1")
    done = dataclasses.replace(a1, status="complete", completed_on=dt.date(2027, 2, 10))
    changed = dataclasses.replace(plan, actions=(done, *plan.actions[1:]))
    [item] = [n for n in news(changed, dt.date(2027, 2, 1), dt.date(2027, 2, 12))
              if n.action == "A1"]
    assert item.section == COMPLETED and "completed on 10 February 2027" in item.text
