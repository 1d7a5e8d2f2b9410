"""Plan -> the plain values the templates show (documented in templates/README.md).

Every value is final text: dates in en-GB long form, statuses in words, gaps as
"Not yet recorded". How people are named is passed in, so the regulator copy
can render the same template with pseudonyms and roles.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from actionplan_gen.checklist import MET, STATUSES, SYMBOL, Result
from actionplan_gen.model import Action, Party, Plan
from actionplan_gen.progress import STAGE_WORDS, schedule
from actionplan_gen.wording import (
    ACTION_STATUS, BULLET, CATEGORY, NOT_RECORDED, OMBUDSMAN, PARTY_KIND, PLAN_STATUS,
    join_paragraphs, listing, long_date, or_missing, paragraphs)

DEFAULT_TITLE = "Action plan following the Ombudsman's final report"

Namer = Callable[[str | None], str]


def named(plan: Plan) -> Namer:
    """Names as in the plan: 'Sarah Khan, Head of Patient Experience'."""
    def name(person_id: str | None) -> str:
        person = plan.person(person_id)
        if person is None:
            return NOT_RECORDED
        full = f"{person.title} {person.name}" if person.title and person.kind != "staff" \
            else person.name
        return f"{full}, {person.role}" if person.role else full
    return name


def plan_context(plan: Plan, name: Namer | None = None) -> dict:
    """The action-plan template's context; ``name`` says how to name a person given by id."""
    name = name or named(plan)
    first_home = {a.id: a.failings[0] for a in plan.actions}
    actions = {a.id: _action(a, plan, name) for a in plan.actions}
    cited = _standards_cited(plan)
    return {
        **_common(plan),
        "title": plan.title or DEFAULT_TITLE,
        "draft_notice": "",
        "actions": list(actions.values()),
        "failings": [{
            "id": f.id,
            "heading": f"Failing {f.id}: {CATEGORY[f.category].lower()}",
            "category": CATEGORY[f.category],
            "source": _report_paragraphs(f.report_paragraph),
            "summary": paragraphs(f.summary),
            "root_cause": paragraphs(f.root_cause, ""),
            "actions": [actions[a.id] for a in plan.actions_for(f.id) if first_home[a.id] == f.id],
            "also_addressed_by": _also(plan, f.id, first_home),
        } for f in plan.failings],
        "recommendations": [{
            "id": r.id,
            "text": paragraphs(r.text),
            "report_paragraph": or_missing(r.report_paragraph),
            "actions": listing([a.id for a in plan.actions if r.id in a.recommendations],
                               "No action yet"),
        } for r in plan.recommendations],
        "involvement": _involvement(plan),
        "parties": [{
            "id": p.id,
            "name": name(p.person) if p.person else p.organisation,
            "kind": PARTY_KIND[p.kind],
            "plan_sent_on": long_date(p.plan_sent_on, "Not yet sent"),
            "updates": _updates(p),
        } for p in plan.parties],
        "updates": [{
            "date": long_date(u.date),
            "summary": paragraphs(u.summary),
            "sent_to": listing([_party_name(plan, pid, name) for pid in u.sent_to]),
        } for u in plan.updates],
        "review": {
            "date": long_date(plan.plan_review.date if plan.plan_review else None),
            "by": or_missing(plan.plan_review.by if plan.plan_review else None),
        },
        "sufficiency": {
            "statement": paragraphs(plan.sufficiency.statement if plan.sufficiency else None),
            "by": name(plan.sufficiency.attested_by) if plan.sufficiency
            and plan.sufficiency.attested_by else NOT_RECORDED,
            "on": long_date(plan.sufficiency.on if plan.sufficiency else None),
        },
        "sign_off": {
            "by": name(plan.sign_off.by) if plan.sign_off else NOT_RECORDED,
            "on": long_date(plan.sign_off.on if plan.sign_off else None),
        },
        "standards": [{
            "id": s.id,
            "title": s.title,
            "publisher": or_missing(s.publisher),
            "url": s.url or "",
            "cited_by": listing(ids),
        } for s, ids in cited],
    }


def checklist_context(plan: Plan, result: Result, as_at: dt.date) -> dict:
    """The checklist sheet's context: each question in PHSO's order with the guidance it
    follows, its answer as at ``as_at``, and what remains to do. Advice on wording and
    file lines stay in the terminal: the sheet is a document."""
    counts = [f"{result.count(status)} {status}" for status in STATUSES if result.count(status)]
    org = plan.organisation
    return {
        **_common(plan),
        "checked_on": f"{long_date(as_at)} (the date of this version of the plan)",
        "stage": STAGE_WORDS[result.stage][0].upper() + STAGE_WORDS[result.stage][1:],
        "prepared_by": ", ".join(x for x in (org.contact_team, org.name) if x),
        "summary": "All ten questions are met." if result.count(MET) == len(result.answers)
        else f"{listing(counts)}.",
        "questions": [{
            "number": str(a.number),
            "question": a.question,
            "source": a.source,
            "answer": f"{SYMBOL[a.status]} {a.status.capitalize()}",
            "detail": join_paragraphs([a.reason] + _still_to_do(a.todo)),
        } for a in result.answers],
        "also_noted": join_paragraphs([o.text for o in result.overdue],
                                      f"Nothing was overdue on {long_date(as_at)}."),
    }


def _still_to_do(todo: tuple[str, ...]) -> list[str]:
    if len(todo) == 1:
        return [f"Still to do: {todo[0]}."]
    return ["Still to do:"] + [BULLET + x for x in todo] if todo else []


def _common(plan: Plan) -> dict:
    """What both documents show about the plan, the organisation and the ombudsman."""
    org = plan.organisation
    return {
        "plan": {
            "version": plan.version,
            "status": PLAN_STATUS[plan.status],
            "prepared_on": long_date(plan.prepared_on),
            "submit_by": long_date(plan.submit_by, "Not set"),
        },
        "organisation": {
            "name": org.name,
            "address": "\n".join([*org.address_lines, org.postcode]),
            "contact": " · ".join(x for x in (org.contact_team, org.contact_email,
                                              org.contact_phone) if x) or NOT_RECORDED,
        },
        "ombudsman": {
            "name": OMBUDSMAN[plan.body],
            "body": plan.body,
            "final_report_date": long_date(plan.final_report_date),
        },
        "case_references": ", ".join(plan.case_references),
    }


def _action(a: Action, plan: Plan, name: Namer) -> dict:
    owner = [x for x in (name(a.owner_person) if a.owner_person else None, a.owner_team) if x]
    recs = f"; recommendation{'s' if len(a.recommendations) > 1 else ''} " \
           f"{listing(a.recommendations)}" if a.recommendations else ""
    return {
        "id": a.id,
        "description": paragraphs(a.description),
        "failing_ids": listing(a.failings),
        "addresses": f"Failing{'s' if len(a.failings) > 1 else ''} {listing(a.failings)}{recs}",
        "owner": "; ".join(owner) if owner else NOT_RECORDED,
        "start_date": long_date(a.start_date),
        "target_date": long_date(a.target_date),
        "completed_on": long_date(a.completed_on, "Not yet complete"),
        "status": ACTION_STATUS.get(a.status, "Status not recorded"),
        "standards": join_paragraphs([
            f"{c.standard.title if c.standard else c.id}: "
            f"{c.how or 'how the action meets it is not yet recorded'}"
            for c in a.standards]),
        "review": _review(a),
        "monitoring": _monitoring(a),
        "audit": _audit(a),
        "impact": join_paragraphs([
            f"{i.measure}. Baseline: {i.baseline or NOT_RECORDED.lower()}; target: "
            f"{i.target or NOT_RECORDED.lower()}; source: {i.source or NOT_RECORDED.lower()}."
            for i in a.impact]),
        "evidence": join_paragraphs([
            " ".join(x for x in (e.description.rstrip(".") + ".",
                                 f"Reference: {e.ref}." if e.ref else "",
                                 f"Dated {long_date(e.dated)}." if e.dated else "") if x)
            for e in a.evidence],
            NOT_RECORDED if a.is_complete else "To follow when the action is complete"),
    }


def _report_paragraphs(reference: str | None) -> str:
    """'45-52' -> 'Final report, paragraphs 45-52'; '112' -> 'Final report, paragraph 112'."""
    if not reference:
        return "Final report paragraph not yet recorded"
    plural = "s" if any(mark in reference for mark in "-,\u2013 ") else ""
    return f"Final report, paragraph{plural} {reference}"


def _review(a: Action) -> str:
    r = a.review
    if r is None or not (r.due or r.by or r.method):
        return NOT_RECORDED
    parts = [f"By {long_date(r.due)}" if r.due else "Date not yet recorded",
             f"by {r.by}" if r.by else "reviewer not yet recorded"]
    return ", ".join(parts) + (f": {r.method}" if r.method else "")


def _monitoring(a: Action) -> str:
    m = a.monitoring
    if m is None or not (m.method or m.frequency or m.reported_to):
        return NOT_RECORDED
    lines = [m.method or "Method not yet recorded"]
    details = [f"Frequency: {m.frequency}" if m.frequency else "",
               f"Reported to: {m.reported_to}" if m.reported_to else ""]
    return "\n".join(lines + [d for d in details if d])


def _audit(a: Action) -> str:
    audit = a.monitoring.audit if a.monitoring else None
    if audit is None:
        reason = a.monitoring.reason_no_audit if a.monitoring else None
        return f"No separate audit: {reason}" if reason else NOT_RECORDED
    parts = [audit.method or "Audit", f"due {long_date(audit.due)}" if audit.due else "",
             f"by {audit.by}" if audit.by else ""]
    return ", ".join(p for p in parts if p)


def _updates(party: Party) -> str:
    every = schedule(party) if party.update_every else None
    how_often = every.words() if every else party.update_frequency
    if every and party.update_from:
        how_often = f"{how_often} from {long_date(party.update_from)}"
    if not how_often and not party.update_method:
        return "Not yet arranged"
    return ", ".join((how_often or "frequency not yet recorded",
                      f"by {party.update_method}" if party.update_method
                      else "method not yet recorded"))


def _involvement(plan: Plan) -> str:
    inv = plan.involvement
    if inv is None:
        return NOT_RECORDED
    if inv.involved:
        return paragraphs(inv.how)
    return paragraphs("The complainant was not involved in preparing this plan. "
                      + (inv.reason_not_involved or ""))


def _also(plan: Plan, failing_id: str, first_home: dict[str, str]) -> str:
    shared = [a for a in plan.actions_for(failing_id) if first_home[a.id] != failing_id]
    return " ".join(f"Action {a.id}, set out under failing {first_home[a.id]}, also addresses "
                    "this failing." for a in shared)


def _party_name(plan: Plan, party_id: str, name: Namer) -> str:
    party = next((p for p in plan.parties if p.id == party_id), None)
    if party is None:
        return party_id
    return name(party.person) if party.person else party.organisation


def _standards_cited(plan: Plan):
    """Each standard cited, in order of first citation, with the actions that cite it."""
    found: dict[str, tuple] = {}
    for a in plan.actions:
        for c in a.standards:
            if c.standard is None:
                continue
            entry = found.setdefault(c.id, (c.standard, []))
            if a.id not in entry[1]:
                entry[1].append(a.id)
    return list(found.values())
