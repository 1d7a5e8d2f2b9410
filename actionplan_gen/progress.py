"""Where a plan stands on a given date: its stage, each action's status, updates due, deadline.

One answer for the checklist, the documents, letters, the calendar and the portfolio, so
they never disagree. Anything dated after the as-at date has not happened yet. Nothing
here renders or judges the ombudsman's questions: it only reads dates.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from actionplan_gen.regexes import fixed
from actionplan_gen.records import record
from actionplan_gen.model import Action, Evidence, Party, Plan
from actionplan_gen.wording import COMPLETE_STATUSES

# The plan's stages, in the order the ombudsman's guidance sets: written, sent to the
# ombudsman, accepted by it, copies sent to everyone listed, every action complete.
DRAFT, SUBMITTED, ACCEPTED, SENT, COMPLETE = "draft", "submitted", "accepted", "sent", "complete"
STAGES = (DRAFT, SUBMITTED, ACCEPTED, SENT, COMPLETE)
STAGE_WORDS = {
    DRAFT: "being drafted (not yet sent to the ombudsman)",
    SUBMITTED: "sent to the ombudsman, awaiting its response",
    ACCEPTED: "accepted by the ombudsman; copies still to be sent",
    SENT: "sent to everyone listed; actions under way",
    COMPLETE: "every action complete",
}

RED, AMBER, GREEN, ASSURED = "red", "amber", "green", "assured"
# An action whose target date is this close is flagged before it is missed.
WARNING_DAYS = 14

# 'monthly', 'quarterly', '3 months', 'every 6 weeks'; old free-text frequencies are read
# with the same words where they start with them ('every two months until ...').
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "eight": 8,
            "twelve": 12}
_NAMED = {"weekly": (1, "weeks"), "fortnightly": (2, "weeks"), "monthly": (1, "months"),
          "quarterly": (3, "months"), "annually": (12, "months"), "yearly": (12, "months")}
_EVERY = fixed(r"\s*(?:every\s+)?(\d+|" + "|".join(_NUMBERS) + r")\s+(week|month)s?\b",
                    re.I)


@record
class ActionProgress:
    """An action as it stood on the as-at date."""

    id: str
    status: str | None          # planned | in_progress | at_risk | complete | assured | None
    rag: str | None             # red | amber | green | assured, or None when not yet judged
    target_date: dt.date | None  # the latest target date agreed by then
    original_target: dt.date | None
    slipped: bool
    slip_reason: str | None
    completed_on: dt.date | None

    @property
    def is_complete(self) -> bool:
        return self.status in COMPLETE_STATUSES

    @property
    def overdue(self) -> bool:
        return self.rag == RED


@record
class Schedule:
    """How often a party hears of progress: ``count`` weeks or months."""

    count: int
    unit: str  # "weeks" | "months"

    def after(self, day: dt.date, times: int = 1) -> dt.date:
        if self.unit == "weeks":
            return day + dt.timedelta(weeks=self.count * times)
        return add_months(day, self.count * times)

    def words(self) -> str:
        unit = self.unit[:-1] if self.count == 1 else self.unit
        return f"every {self.count} {unit}" if self.count != 1 else f"every {unit}"


@record
class UpdateDue:
    """When a party's next progress update falls due, and the last one sent to them."""

    party: str
    schedule: Schedule | None
    last_sent: dt.date | None
    next_due: dt.date | None

    def overdue_on(self, as_at: dt.date) -> bool:
        return self.next_due is not None and self.next_due < as_at


def on(day: dt.date | None, as_at: dt.date) -> bool:
    """True when something dated ``day`` had happened by ``as_at``."""
    return day is not None and day <= as_at


def evidence_by(evidence: Evidence, as_at: dt.date) -> bool:
    """True when an item of evidence counts on ``as_at``: dated by then, or undated."""
    return evidence.dated is None or evidence.dated <= as_at


def compliance_missing(plan: Plan, recommendation, as_at: dt.date) -> list[str]:
    """What keeps a recommendation from being evidenced on ``as_at``; empty when it is.

    Evidenced: evidence cited by the recommendation's own ``compliance`` by then, or every
    action answering it complete by then with evidence of its own."""
    compliance = recommendation.compliance
    if compliance and any(evidence_by(e, as_at) for e in compliance.evidence):
        return []
    answering = [a for a in plan.actions if recommendation.id in a.recommendations]
    if not answering:
        return ["No action answers it"]
    missing = []
    for action in answering:
        if not action_progress(action, as_at).is_complete:
            missing.append(f"{action.id} not complete")
        elif not any(evidence_by(e, as_at) for e in action.evidence):
            missing.append(f"{action.id} complete without evidence")
    return missing


def stage(plan: Plan, as_at: dt.date) -> str:
    """The furthest stage the plan's dates show it had reached by ``as_at``.

    A later step recorded implies the earlier ones: a copy sent to everyone listed means
    the ombudsman had accepted the plan, whatever the other dates say.
    """
    if copies_sent(plan, as_at):
        done = all(action_progress(a, as_at).is_complete for a in plan.actions)
        return COMPLETE if done else SENT
    if on(plan.accepted_on, as_at) or (plan.parties and all(on(p.plan_sent_on, as_at)
                                                            for p in plan.parties)):
        return ACCEPTED
    if on(plan.submitted_on, as_at):
        return SUBMITTED
    return DRAFT


def copies_sent(plan: Plan, as_at: dt.date) -> bool:
    """Every listed party has the plan, and every regulator the final report with it."""
    return bool(plan.parties) and all(
        on(p.plan_sent_on, as_at) and (p.kind != "regulator" or on(p.report_sent_on, as_at))
        for p in plan.parties)


def reached(current: str, wanted: str) -> bool:
    return STAGES.index(current) >= STAGES.index(wanted)


def deadline(plan: Plan) -> dt.date | None:
    """The date the plan must reach the ombudsman by: the latest agreed extension, if any."""
    dates = [d for d in [plan.submit_by, *(e.until for e in plan.extensions)] if d]
    return max(dates) if dates else None


def deadline_missed(plan: Plan, as_at: dt.date) -> bool:
    """Past the deadline and not yet submitted (judged only on the dates, not the label)."""
    due = deadline(plan)
    submitted = reached(stage(plan, as_at), SUBMITTED)
    return due is not None and due < as_at and not submitted


def action_progress(action: Action, as_at: dt.date) -> ActionProgress:
    """The action's status, target and RAG rating as they stood on ``as_at``."""
    entries = sorted((p for p in action.progress if p.date <= as_at), key=lambda p: p.date)
    targets = [p for p in entries if p.target_date]
    target = targets[-1].target_date if targets else action.target_date
    slipped = any(p.target_date != action.target_date for p in targets)
    status = _status(action, entries, as_at)
    completed = action.completed_on if status in COMPLETE_STATUSES else None
    return ActionProgress(action.id, status, _rag(status, target, slipped, as_at), target,
                          action.target_date, slipped, targets[-1].reason if slipped else None,
                          completed)


def _status(action: Action, entries, as_at: dt.date) -> str | None:
    """The plan's status only counts once it could be true: 'complete' from its date on,
    'in progress' from the start date on; before that, the latest progress entry says."""
    if action.is_complete and (action.completed_on is None or action.completed_on <= as_at):
        return action.status
    stated = [p.status for p in entries if p.status]
    if stated:
        return stated[-1]
    if action.start_date and action.start_date > as_at:
        return "planned"
    if action.is_complete:  # finished later than the as-at date
        return "in_progress"
    return action.status


def _rag(status: str | None, target: dt.date | None, slipped: bool, as_at: dt.date):
    if status == "assured":
        return ASSURED
    if status == "complete":
        return GREEN
    if target and target < as_at:
        return RED
    if status == "at_risk" or slipped or (target and (target - as_at).days <= WARNING_DAYS):
        return AMBER
    return GREEN if status else None


def schedule(party: Party) -> Schedule | None:
    """The party's update interval from ``every`` (or an old ``frequency``), if it gives one."""
    text = party.update_every or party.update_frequency
    if not text:
        return None
    named = _NAMED.get(text.strip().lower().split(" ")[0].rstrip(",;"))
    if named:
        return Schedule(*named)
    m = _EVERY.match(text)
    if not m:
        return None
    count = _NUMBERS.get(m.group(1).lower()) or int(m.group(1))
    return Schedule(count, m.group(2).lower() + "s")


def update_due(plan: Plan, party: Party, as_at: dt.date) -> UpdateDue:
    """The party's next update date: one interval after the last update sent to them, or
    after the schedule's start (``from``, else the day they were sent the plan)."""
    every = schedule(party)
    sent = [u.date for u in plan.updates if party.id in u.sent_to and u.date <= as_at]
    start = party.update_from or party.plan_sent_on
    last = max(sent) if sent else None
    if every is None or not on(start, as_at):
        return UpdateDue(party.id, every, last, None)
    since = last if last and last >= start else start
    return UpdateDue(party.id, every, last, every.after(since))


def add_months(day: dt.date, months: int) -> dt.date:
    """31 January + 1 month -> 28 (or 29) February: the month's last day when it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
