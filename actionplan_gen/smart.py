"""Advice on how actions are worded: the weaknesses an ombudsman's reviewer tends to spot.

Advice never fails a check and never appears in a document: wording is a judgement the
organisation makes, so apgen points at the line and says what a stronger action adds.
The words it looks for are in schemas/wording-checks.json, so they can be tuned without
touching the code.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from actionplan_gen.records import record
from actionplan_gen.model import Action, Plan
from actionplan_gen.resources import data_dir
from actionplan_gen.wording import listing


@record
class Advice:
    """One piece of advice about an action (or a failing), with its line in the plan."""

    id: str
    line: int | None
    text: str

    def to_dict(self) -> dict:
        return {"id": self.id, "line": self.line, "advice": self.text}


@lru_cache(maxsize=1)
def wording_checks() -> dict:
    """The word lists shared by the placeholder check and the advice (read once)."""
    with open(data_dir("schemas") / "wording-checks.json", encoding="utf-8") as handle:
        return json.load(handle)


def _pattern(name: str) -> re.Pattern:
    return re.compile(wording_checks()["advice"][name], re.I)


def advise(plan: Plan) -> list[Advice]:
    """Every piece of advice for the plan, in the order of its actions and failings."""
    found: list[Advice] = []
    for index, action in enumerate(plan.actions):
        line = plan.line_of(("actions", index))
        found += [Advice(action.id, line, text) for text in _action_advice(action)]
    found += _training_only(plan)
    return found


def _action_advice(action: Action) -> list[str]:
    advice = [f"{action.id} relies on {v['phrase']}: {v['stronger']}."
              for v in wording_checks()["advice"]["vague"]
              if re.search(v["pattern"], action.description, re.I)]
    if action.impact and not any(i.target and _pattern("figure").search(i.target)
                                 for i in action.impact):
        advice.append(f"{action.id} has no outcome with a figure to reach: give each measure a "
                      "baseline and a target number, so anyone can see whether it worked.")
    if (action.owner_team and not action.owner_person
            and _pattern("committee").search(action.owner_team)):
        advice.append(f"{action.id} is owned by {action.owner_team} with no one person "
                      "accountable: add the role that answers for it, so someone chases it.")
    return advice


def _training_only(plan: Plan) -> list[Advice]:
    """A failing answered by nothing but training or reminders: both fade without a change to
    how the work is done."""
    weak = _pattern("training_or_reminder")
    found = []
    for index, failing in enumerate(plan.failings):
        actions = plan.actions_for(failing.id)
        if actions and all(weak.search(a.description) for a in actions):
            found.append(Advice(failing.id, plan.line_of(("failings", index)),
                                f"{failing.id} is answered only by training or reminders "
                                f"({listing([a.id for a in actions])}): add a change to the "
                                "way the work is done (a form, a system step, a check) and a "
                                "measure of whether it holds."))
    return found
