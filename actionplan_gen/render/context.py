"""Plan -> the plain values the templates show (documented in templates/README.md).

Every value is final text: dates in en-GB long form, statuses in words, gaps as
"Not yet recorded". How people are named is passed in, so the regulator copy
can render the same template with pseudonyms and roles.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from actionplan_gen.checklist import MET, STATUSES, SYMBOL, Result
from actionplan_gen.ombudsmen import profile
from actionplan_gen.model import Action, Party, Plan
from actionplan_gen.progress import (
    AMBER, ASSURED, GREEN, RED, STAGE_WORDS, WARNING_DAYS, ActionProgress, action_progress,
    schedule)
from actionplan_gen.wording import (
    ACTION_STATUS, BULLET, CATEGORY, NOT_RECORDED, PARTY_KIND, PLAN_STATUS,
    join_paragraphs, listing, long_date, or_missing, paragraphs)

# {decision}: what the plan's ombudsman calls its findings (its profile's "decision").
DEFAULT_TITLE = "Action plan following the Ombudsman's {decision}"

# The tracker's cell fills: light enough for black text, and never the only signal (the
# cell always says the rating in words too).
FILL = {RED: "F4C7C3", AMBER: "FCE8B2", GREEN: "B7E1CD", ASSURED: "C9DAF8", None: "auto"}
# What a tracker cell shows where the plan records nothing: a visible gap, not a sentence.
GAP = "\u2014"
RAG_KEY = (f"Status is given in words in every row; the colour repeats it. Red: past its "
           f"target date. Amber: at risk, due within {WARNING_DAYS} days, or its target date "
           "has moved. Green: on course or complete. Blue: complete and independently assured. "
           "Dates are as at this version of the plan; a dash marks something not yet recorded.")
LEVEL = {"individual": "individual", "team": "team", "directorate": "directorate",
         "trust": "whole organisation", "system": "system (with partner organisations)"}

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
    first_home = {a.id: a.failings[0] for a in plan.actions if a.failings}
    actions = {a.id: _action(a, plan, name) for a in plan.actions}
    cited = _standards_cited(plan)
    return {
        **_common(plan),
        "title": plan.title or DEFAULT_TITLE.format(decision=profile(plan.body).decision),
        "draft_notice": "",
        "progress_recorded": long_date(_last_progress(plan), "No progress recorded yet"),
        "actions": list(actions.values()),
        "grid": _grid(plan, actions),
        "rag_key": RAG_KEY,
        "failings": [{
            "id": f.id,
            "heading": f"Failing {f.id}: {CATEGORY[f.category].lower()}",
            "category": CATEGORY[f.category],
            "source": _report_paragraphs(f.report_paragraph, plan),
            "summary": paragraphs(f.summary),
            "root_cause": paragraphs(f.root_cause, ""),
            "actions": [actions[a.id] for a in plan.actions_for(f.id) if first_home[a.id] == f.id],
            "also_addressed_by": _also(plan, f.id, first_home),
            "action_ids": listing([a.id for a in plan.actions_for(f.id)], ""),
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
        "sign_off": _sign_off(plan, name),
        "history": [{"version": v.version, "date": long_date(v.date),
                     "changes": paragraphs(v.changes, "")} for v in plan.history],
        "approval": [{"by": a.by, "on": long_date(a.on, "")} for a in plan.approval],
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
        "checklist_lead": profile(plan.body).checklist_lead,
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


def _last_progress(plan: Plan) -> dt.date | None:
    """The latest progress note or update sent on or before the plan's date: how current
    the plan's account of its actions is."""
    dates = [p.date for a in plan.actions for p in a.progress] + [u.date for u in plan.updates]
    return max((d for d in dates if d <= plan.prepared_on), default=None)


def _common(plan: Plan) -> dict:
    """What both documents show about the plan, the organisation and the ombudsman."""
    org = plan.organisation
    ombudsman = profile(plan.body)
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
            "name": ombudsman.name,
            "body": plan.body,
            "short_name": ombudsman.short_name,
            "decision": ombudsman.decision,
            "decision_title": ombudsman.decision_title,
            "final_report_date": long_date(plan.final_report_date),
        },
        "case_references": ", ".join(plan.case_references),
    }


def _action(a: Action, plan: Plan, name: Namer) -> dict:
    """One action's values: the detail an old template shows field by field, and what the
    tracker row and the appendix show (recorded parts only, gaps named once)."""
    status = action_progress(a, plan.prepared_on)
    details, to_record = _details(a, plan, name)
    return {
        "id": a.id,
        "description": paragraphs(a.description),
        "failing_ids": listing(a.failings, ""),
        "addresses": _addresses(a),
        "owner": _owners(a, plan, name, full=True) or NOT_RECORDED,
        "lead": _owners(a, plan, name, full=False) or GAP,
        "start_date": long_date(a.start_date),
        "start": long_date(a.start_date, GAP),
        "target_date": long_date(a.target_date),
        "target": _target(status),
        "completed_on": long_date(a.completed_on, "Not yet complete"),
        "status": ACTION_STATUS.get(a.status, "Status not recorded"),
        "rag_status": _rag_words(status, plan.prepared_on),
        "fill": FILL[status.rag],
        "note": _note(a, plan),
        "evidence_refs": "\n".join(e.ref or e.description for e in a.evidence) or GAP,
        "details": details,
        "to_record": f"Still to be recorded: {listing(to_record)}" if to_record else "",
        # The appendix row: what the tracker does not show, each gap a dash (named once,
        # in ``about``).
        "about": join_paragraphs([x for x in (
            f"Responsible: {_owners(a, plan, name, full=True)}" if a.has_owner else "",
            f"Completed {long_date(a.completed_on)}" if a.completed_on else "",
            f"Still to be recorded: {listing(to_record)}." if to_record else "") if x], ""),
        "standards_brief": _standards(a, brief=True) or GAP,
        "review_brief": _known(_review(a)),
        "monitoring_audit": _monitoring_and_audit(a),
        "impact_brief": join_paragraphs([_measure(i) for i in a.impact], GAP),
        "record": join_paragraphs([x for x in (_evidence(a, brief=True),
                                               _progress(a, plan.prepared_on))
                                   if x], GAP),
        "standards": _standards(a) or NOT_RECORDED,
        "review": _review(a),
        "monitoring": _monitoring(a),
        "audit": _audit(a),
        "impact": join_paragraphs([_measure(i) for i in a.impact]),
        "evidence": _evidence(a) or (NOT_RECORDED if a.is_complete
                                     else "To follow when the action is complete"),
    }


def _addresses(a: Action) -> str:
    """'Failings F1 and F2; recommendation R2', or 'Recommendation R1' with no failing."""
    parts = [f"{noun}{'s' if len(ids) > 1 else ''} {listing(ids)}" for noun, ids in
             (("failing", a.failings), ("recommendation", a.recommendations)) if ids]
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


def _owners(a: Action, plan: Plan, name: Namer, full: bool) -> str:
    """'Director of Nursing; Head of Safeguarding'. ``full`` names a person as ``name``
    does; otherwise a person is shown by their role, as the tracker's lead column is."""
    shown = []
    for owner in a.owners:
        person = plan.person(owner.person)
        who = person.role if person and person.role and not full else \
            name(owner.person) if owner.person else None
        shown.extend(x for x in (who, owner.role, owner.team) if x)
    return "; ".join(shown)


def _target(status: ActionProgress) -> str:
    """The target as agreed by the plan's date: a moved one shows the date it replaced."""
    target = long_date(status.target_date, GAP)
    if status.slipped and status.original_target:
        return f"{target}\n(was {long_date(status.original_target)})"
    return target


def _rag_words(status: ActionProgress, as_at: dt.date) -> str:
    """The rating in words, so the cell's colour is never the only signal."""
    if status.rag == RED:
        return "Red \u2013 past its target date"
    if status.rag == AMBER:
        return "Amber \u2013 " + (
            "at risk of delay" if status.status == "at_risk" else
            f"due within {WARNING_DAYS} days" if status.target_date
            and (status.target_date - as_at).days <= WARNING_DAYS else
            "target date moved")
    if status.rag == ASSURED:
        return "Blue \u2013 complete and independently assured"
    if status.rag == GREEN:
        return f"Green \u2013 {ACTION_STATUS[status.status].lower()}"
    return GAP


def _note(a: Action, plan: Plan) -> str:
    """The small print under an action in the tracker: the findings it answers besides the
    one it is listed under, its level, and the organisation carrying it out if another."""
    others = [*a.recommendations[1:], *a.failings] if a.recommendations else [*a.failings[1:]]
    parts = [f"also linked to {listing(others)}" if others else "",
             f"level: {LEVEL[a.level]}" if a.level else "",
             f"carried out by {a.organisation}" if a.organisation
             and a.organisation != plan.organisation.name else ""]
    shown = " \u00b7 ".join(p for p in parts if p)
    return f"  ({shown})" if shown else ""


def _details(a: Action, plan: Plan, name: Namer) -> tuple[list[dict], list[str]]:
    """The appendix rows: what the plan records about the action beyond the tracker's
    columns, and the names of the parts it does not record yet (said once, in one line)."""
    parts = [
        ("Addresses", _addresses(a), None),
        ("Responsible", _owners(a, plan, name, full=True), "owner"),
        ("Dates", _dates(a), None),
        ("Start date", "", "start date" if not a.start_date else None),
        ("Target date", "", "target date" if not a.target_date else None),
        ("Completed", _completed(a), "completion date" if a.is_complete else None),
        ("Standards, and how the action meets them", _standards(a), "standards"),
        ("How and when it is reviewed", "" if _review(a) == NOT_RECORDED else _review(a),
         "review"),
        ("How it is monitored", "" if _monitoring(a) == NOT_RECORDED else _monitoring(a),
         "monitoring"),
        ("How it is audited", "" if _audit(a) == NOT_RECORDED else _audit(a), "audit"),
        ("How its impact is measured", join_paragraphs([_measure(i) for i in a.impact], ""),
         "impact measures"),
        ("Evidence of what has been done", _evidence(a), "evidence" if a.is_complete else None),
        ("Progress", _progress(a, plan.prepared_on), None),
    ]
    shown = [{"label": label, "value": value} for label, value, _ in parts if value]
    return shown, [gap for _, value, gap in parts if not value and gap]


def _dates(a: Action) -> str:
    """'Starts 1 October 2026; target 31 January 2027', leaving out what is not recorded."""
    text = "; ".join(x for x in (f"starts {long_date(a.start_date)}" if a.start_date else "",
                                 f"target {long_date(a.target_date)}" if a.target_date else "")
                     if x)
    return text[:1].upper() + text[1:]


def _completed(a: Action) -> str:
    return long_date(a.completed_on) if a.completed_on else ""


def _standards(a: Action, brief: bool = False) -> str:
    """Each standard with how the action meets it, or why none applies: in full, or
    (``brief``, for the appendix) by a short title, the full one being in the standards
    cited table."""
    if not a.standards:
        return f"No standard applies: {a.reason_no_standard}" if a.reason_no_standard else ""
    return join_paragraphs([
        f"{(short_title(c.standard.title) if brief else c.standard.title) if c.standard else c.id}"
        f": {c.how or 'how the action meets it is not yet recorded'}" for c in a.standards])


def short_title(title: str, most: int = 60) -> str:
    """A standard's title short enough for a table cell: 'Regulation 12: Safe care and
    treatment' (its first clause), 'The Code' (before a colon); else the title in full."""
    if len(title) <= most:
        return title
    clause = title.split(", ")[0]
    if len(clause) <= most:
        return clause
    before_colon = clause.split(": ")[0]
    return before_colon if ": " in clause and len(before_colon) >= 8 else title


def _known(text: str) -> str:
    return GAP if text == NOT_RECORDED else text


def _monitoring_and_audit(a: Action) -> str:
    """The monitoring and the audit in one cell, a dash if neither is recorded."""
    monitoring, audit = _monitoring(a, brief=True), _audit(a)
    parts = [x for x in (_known(monitoring) if monitoring != NOT_RECORDED else "",
                         "" if audit == NOT_RECORDED else audit if a.monitoring.audit is None
                         else f"Audit: {audit}") if x]
    return join_paragraphs(parts, GAP)


def _measure(i) -> str:
    """'Measure. Baseline: 40%; target: 95%; source: audit.' naming any part still to come."""
    known = [f"{word}: {value}" for word, value in
             (("Baseline", i.baseline), ("target", i.target), ("source", i.source)) if value]
    gaps = [word.lower() for word, value in
            (("Baseline", i.baseline), ("target", i.target), ("source", i.source)) if not value]
    text = f"{i.measure}. " + ("; ".join(known) + "." if known else "")
    return (text + (f" Still to be recorded: {listing(gaps)}." if gaps else "")).strip()


def _evidence(a: Action, brief: bool = False) -> str:
    """Each item: 'Description. Reference: X. Dated 1 May 2027.', or (``brief``)
    'Description (X; 1 May 2027).'"""
    if brief:
        items = []
        for e in a.evidence:
            known = "; ".join(x for x in (e.ref, long_date(e.dated, "")) if x)
            items.append(e.description.rstrip(".") + (f" ({known})." if known else "."))
        return join_paragraphs(items, "")
    return join_paragraphs([
        " ".join(x for x in (e.description.rstrip(".") + ".",
                             f"Reference: {e.ref}." if e.ref else "",
                             f"Dated {long_date(e.dated)}." if e.dated else "") if x)
        for e in a.evidence], "")


def _progress(a: Action, as_at: dt.date) -> str:
    """What the plan records happening to the action by its date, oldest first."""
    return join_paragraphs([
        f"{long_date(p.date)}: {p.note}" + (f" New target date {long_date(p.target_date)}"
                                            f"{': ' + p.reason if p.reason else ''}."
                                            if p.target_date else "")
        for p in sorted(a.progress, key=lambda p: p.date) if p.date <= as_at], "")


def _grid(plan: Plan, actions: dict[str, dict]) -> list[dict]:
    """The tracker: a group per recommendation (or per failing where the plan has none, or
    for actions answering no recommendation), each holding the actions first listed under
    it, so each action has one row and its other links are named in its note."""
    groups: dict[str, list] = {r.id: [] for r in plan.recommendations}
    groups.update({f.id: [] for f in plan.failings})
    for a in plan.actions:
        home = a.recommendations[0] if a.recommendations else a.failings[0]
        groups.setdefault(home, []).append(actions[a.id])
    headings = {r.id: _heading(f"Recommendation {r.id}", r.text, r.report_paragraph, plan)
                for r in plan.recommendations}
    headings.update({f.id: _heading(f"Failing {f.id}", f.summary, f.report_paragraph, plan)
                     for f in plan.failings})
    used = [key for key in groups if groups[key] or key in {r.id for r in plan.recommendations}
            or not plan.recommendations]
    return [{"heading": headings.get(key, key), "rows": groups[key],
             "empty": "" if groups[key] else "No action is recorded against this yet."}
            for key in used]


def _heading(what: str, text: str, paragraph: str | None, plan: Plan) -> str:
    """'Recommendation R1: text (Final report, paragraph 112)', on one line."""
    where = f" ({_report_paragraphs(paragraph, plan)})" if paragraph else ""
    return f"{what}: {' '.join(text.split())}{where}"


def _sign_off(plan: Plan, name: Namer) -> dict:
    """The accountable officer's sign-off: who (name and role, by role to a regulator) and
    when; a signature line is left to sign on paper."""
    s = plan.sign_off
    return {
        "by": name(s.by) if s else NOT_RECORDED,
        "on": long_date(s.on if s else None),
    }


def _report_paragraphs(reference: str | None, plan: Plan) -> str:
    """'45-52' -> 'Final report, paragraphs 45-52'; '112' -> 'Decision, paragraph 112' (the
    ombudsman's own name for its findings)."""
    document = profile(plan.body).decision_title
    if not reference:
        return f"{document} paragraph not yet recorded"
    plural = "s" if any(mark in reference for mark in "-,\u2013 ") else ""
    return f"{document}, paragraph{plural} {reference}"


def _review(a: Action) -> str:
    r = a.review
    if r is None or not (r.due or r.by or r.method):
        return NOT_RECORDED
    parts = [f"By {long_date(r.due)}" if r.due else "Date not yet recorded",
             f"by {r.by}" if r.by else "reviewer not yet recorded"]
    return ", ".join(parts) + (f": {r.method}" if r.method else "")


def _monitoring(a: Action, brief: bool = False) -> str:
    """The method, then its frequency and whom it is reported to: a line each, or
    (``brief``) one sentence after the method."""
    m = a.monitoring
    if m is None or not (m.method or m.frequency or m.reported_to):
        return NOT_RECORDED
    lines = [m.method or "Method not yet recorded"]
    if brief:
        how = "; ".join(x for x in (m.frequency, f"reported to {m.reported_to}"
                                    if m.reported_to else "") if x)
        return " ".join([lines[0].rstrip(".") + ".", how[:1].upper() + how[1:] + "."
                         if how else ""]).strip()
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
