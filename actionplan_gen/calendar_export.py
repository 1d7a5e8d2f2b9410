"""``apgen calendar``: a plan's dates as iCalendar (RFC 5545) events.

Built with the ``icalendar`` library, not by formatting strings, so folding, escaping and
CRLF line ends are right for Outlook, Google Calendar and Thunderbird alike. The same plan
always gives the same bytes: each event's UID comes from the case reference, the kind of
date and its id, and DTSTAMP from the plan's own dates, never the clock. A calendar is
shared and synced far beyond the complaints team, so event text names action ids, roles,
teams and the party's kind ("the complainant"), never a person: and every text is passed
through the redactor as well, in case a team or committee field holds a name.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from actionplan_gen.records import record
from actionplan_gen.atomic import Guard, replace_all
from actionplan_gen.errors import UsageError
from actionplan_gen.model import Action, Party, Plan
from actionplan_gen.progress import action_progress, deadline, update_due
from actionplan_gen.redact.redactor import Redactor
from actionplan_gen.wording import PARTY_KIND, listing, long_date

PRODID = "-//apgen//Ombudsman action plans//EN"
ONE_FILE = "calendar.ics"
# Dates a week's notice helps with: an action's target and the submission deadline.
REMINDER = dt.timedelta(days=-7)


@record
class Event:
    """One all-day date of a plan, in words that name nobody."""

    uid: str
    day: dt.date
    summary: str
    description: str
    reminder: bool = False


@record
class Written:
    """What one plan put into which file."""

    plan: Plan
    output: Path
    events: int


def as_of(plan: Plan) -> dt.date:
    """The latest date the plan itself records (prepared, progress, updates sent): the
    calendar is judged on it and stamped with it, so a rebuild changes nothing."""
    dates = [plan.prepared_on, *(p.date for a in plan.actions for p in a.progress),
             *(u.date for u in plan.updates)]
    return max(dates)


def reference(plan: Plan) -> str:
    """The first case reference as a UID part: spaces, slashes and the like as hyphens."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", plan.case_references[0]).strip(".-")
    return cleaned or "case"


def events(plan: Plan) -> list[Event]:
    """Every dated thing of the plan, by date (then UID, so the order never varies)."""
    ref = reference(plan)
    found = [*_plan_events(plan, ref)]
    for action in plan.actions:
        found += _action_events(plan, action, ref)
    for party in plan.parties:
        found += _update_events(plan, party, ref)
    redactor = Redactor(plan)
    found = [Event(e.uid, e.day, redactor.redact(e.summary), redactor.redact(e.description),
                   e.reminder) for e in found]
    return sorted(found, key=lambda e: (e.day, e.uid))


def _plan_events(plan: Plan, ref: str) -> list[Event]:
    case = ", ".join(plan.case_references)
    found = []
    due = deadline(plan)
    if due:
        found.append(Event(f"{ref}-deadline@apgen", due, f"{case}: action plan due to the "
                           "ombudsman", f"The agreed date for sending the action plan for case "
                           f"{case} to the ombudsman.", reminder=True))
    for rec in plan.recommendations:
        if rec.due_by:
            found.append(Event(f"{ref}-{rec.id}-due@apgen", rec.due_by,
                               f"{case}: recommendation {rec.id} due",
                               f"The ombudsman's recommendation {rec.id} is due. Actions: "
                               f"{_answering(plan, rec.id)}."))
    if plan.plan_review and plan.plan_review.date:
        by = f" by the {plan.plan_review.by}" if plan.plan_review.by else ""
        found.append(Event(f"{ref}-plan-review@apgen", plan.plan_review.date,
                           f"{case}: action plan review", f"The action plan is reviewed{by}."))
    return found


def _answering(plan: Plan, rec_id: str) -> str:
    return listing([a.id for a in plan.actions if rec_id in a.recommendations], "none yet")


def _action_events(plan: Plan, action: Action, ref: str) -> list[Event]:
    """Start, latest target, review and audit of one action, each saying who is responsible."""
    case, who = ", ".join(plan.case_references), owner_words(plan, action)
    uid = f"{ref}-{action.id}"
    found = []
    if action.start_date:
        found.append(Event(f"{uid}-start@apgen", action.start_date,
                           f"{case} {action.id}: starts ({who})",
                           f"Action {action.id} starts. Responsible: {who}."))
    progress = action_progress(action, dt.date.max)
    if progress.target_date:
        moved = (f" It was moved from {long_date(progress.original_target)}."
                 if progress.slipped and progress.original_target else "")
        month = " (month only)" if getattr(progress.target_date, "month_only", False) else ""
        found.append(Event(f"{uid}-target@apgen", progress.target_date,
                           f"{case} {action.id}: target date{month} ({who})",
                           f"Action {action.id} is due to be complete.{moved} "
                           f"Responsible: {who}.", reminder=True))
    if action.review and action.review.due:
        found.append(Event(f"{uid}-review@apgen", action.review.due,
                           f"{case} {action.id}: review due",
                           f"Action {action.id} is reviewed{_by(action.review.by)}."))
    audit = action.monitoring.audit if action.monitoring else None
    if audit and audit.due:
        found.append(Event(f"{uid}-audit@apgen", audit.due, f"{case} {action.id}: audit due",
                           f"The audit of action {action.id} is due{_by(audit.by)}."))
    return found


def _by(who: str | None) -> str:
    return f" (by {who})" if who else ""


def owner_words(plan: Plan, action: Action) -> str:
    """Every owner's role or team: 'Lead Nurse for Discharge and Flow; Discharge Improvement
    Group'. A person with no role is named by kind ('the complainant'), never by name."""
    return "; ".join(plan.owner_roles(action)) or "not yet recorded"


def party_words(party: Party) -> str:
    """'the complainant', 'Care Quality Commission': a party as a calendar may show it."""
    if party.person:
        return f"the {PARTY_KIND[party.kind].lower()}"
    return party.organisation or party.id


def _update_events(plan: Plan, party: Party, ref: str) -> list[Event]:
    due = update_due(plan, party, as_of(plan))
    if due.next_due is None:
        return []
    case, who = ", ".join(plan.case_references), party_words(party)
    how = f" ({party.update_method})" if party.update_method else ""
    return [Event(f"{ref}-{party.id}-update@apgen", due.next_due,
                  f"{case}: progress update due to {who}",
                  f"A progress update is due to {who}{how}, {due.schedule.words()}.")]


def calendar_bytes(plans: list[tuple[Plan, list[Event]]], name: str) -> bytes:
    """One VCALENDAR holding each plan's events, as RFC 5545 bytes."""
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for plan, found in plans:
        stamp = dt.datetime.combine(as_of(plan), dt.time(), dt.UTC)
        for event in found:
            calendar.add_component(_vevent(event, stamp))
    return calendar.to_ical()


def _vevent(event: Event, stamp: dt.datetime):
    """An all-day, free-time event; with a reminder a week before where it helps."""
    from icalendar import Alarm
    from icalendar import Event as VEvent

    vevent = VEvent()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", event.day)
    vevent.add("dtend", event.day + dt.timedelta(days=1))
    vevent.add("summary", event.summary)
    vevent.add("description", event.description)
    vevent.add("transp", "TRANSPARENT")
    if event.reminder:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", REMINDER)
        alarm.add("description", f"In a week: {event.summary}")
        vevent.add_component(alarm)
    return vevent


def write_calendars(plans: list[Plan], out_dir: Path, one_file: bool,
                    guard: Guard | None = None) -> list[Written]:
    """``STEM.ics`` per plan, or one ``calendar.ics`` for them all; each file all at once.

    Two plans with the same first case reference would give events the same UIDs, so they
    may not share one file."""
    guard = (guard or Guard()).add([p.file for p in plans])
    found = [(plan, events(plan)) for plan in plans]
    if one_file:
        _refuse_shared_references(plans)
        output = out_dir / ONE_FILE
        guard.check(output)
        replace_all({output: calendar_bytes(found, "Action plans")}, guard)
        return [Written(plan, output, len(items)) for plan, items in found]
    written = []
    for plan, items in found:
        output = out_dir / f"{plan.stem}.ics"
        guard.claim(output, plan.file, " (the same file name less .plan.yaml)")
        guard.check(output)
        name = f"Action plan {plan.case_references[0]}"
        replace_all({output: calendar_bytes([(plan, items)], name)}, guard)
        written.append(Written(plan, output, len(items)))
    return written


def _refuse_shared_references(plans: list[Plan]) -> None:
    seen: dict[str, Plan] = {}
    for plan in plans:
        first = seen.setdefault(reference(plan), plan)
        if first is not plan:
            raise UsageError(f"{first.file} and this plan have the same first case reference "
                             f"({plan.case_references[0]}), so their events would clash in "
                             "one calendar; write them without --one-file",
                             file=str(plan.file))
