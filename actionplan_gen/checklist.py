"""PHSO's ten questions, answered from the plan as it stood on a date.

Each answer is met, not met, needs confirmation (a human judgement not yet recorded),
not yet due (the plan has not reached the stage where it is asked) or not applicable,
with a reason naming exactly what is missing, what remains to do, and the ids and file
lines involved. The stage and every date come from progress.py; nothing here prints or
renders. Texts here may reach the checklist sheet, so they never use YAML keys or
apgen's command names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import field

from actionplan_gen.records import record
from actionplan_gen import ombudsmen, progress
from actionplan_gen.model import Action, Party, Plan
from actionplan_gen.paths import PathOutside, inside_plan
from actionplan_gen.rules import strings
from actionplan_gen.smart import Advice, advise, wording_checks
from actionplan_gen.wording import listing, long_date

MET = "met"
NOT_MET = "not met"
CONFIRM = "needs confirmation"
NOT_YET_DUE = "not yet due"
NOT_APPLICABLE = "not applicable"
STATUSES = (MET, NOT_MET, CONFIRM, NOT_YET_DUE, NOT_APPLICABLE)
# Shown beside the status words, never instead of them.
SYMBOL = {MET: "\u2713", NOT_MET: "\u2717", CONFIRM: "?", NOT_YET_DUE: "\u2026",
          NOT_APPLICABLE: "\u2013"}

# The questions and the guidance each follows come from the ombudsman's profile
# (profiles/<body>.json): PHSO's ten where PHSO is involved, otherwise the same points of
# good practice without PHSO's name on them. The answers below are the same for every body.
QUESTION_COUNT = 10


def questions(plan: Plan) -> list[tuple[str, str]]:
    """(question, guidance it follows) in order, for the plan's ombudsman."""
    return [(q.text, q.source) for q in ombudsmen.profile(plan.body).questions]


@record
class Reference:
    """An id (or section) involved in an answer, and its line in the plan file if present."""

    id: str
    line: int | None


@record
class Answer:
    number: int
    question: str
    status: str
    reason: str
    todo: tuple[str, ...] = ()
    refs: tuple[Reference, ...] = ()
    source: str = ""

    def to_dict(self) -> dict:
        return {"number": self.number, "question": self.question, "source": self.source,
                "status": self.status, "reason": self.reason, "todo": list(self.todo),
                "refs": [{"id": r.id, "line": r.line} for r in self.refs]}


@record
class Overdue:
    """Something past its date on the as-at date: an action, the submission, an update."""

    kind: str  # "action" | "submission" | "update"
    id: str
    due: dt.date
    line: int | None
    text: str

    def to_dict(self) -> dict:
        return {"kind": self.kind, "id": self.id, "due": self.due.isoformat(),
                "line": self.line, "text": self.text}


@record(frozen=False)
class Result:
    answers: list[Answer]
    overdue: list[Overdue] = field(default_factory=list)
    as_at: dt.date | None = None
    stage: str = progress.DRAFT
    advice: list[Advice] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for a in self.answers if a.status == status)

    @property
    def deadline_missed(self) -> bool:
        return any(o.kind == "submission" for o in self.overdue)

    def fails(self, strict: bool = False) -> bool:
        """Not met, or the plan is late; with ``strict``, an unconfirmed judgement too."""
        return (self.count(NOT_MET) > 0 or self.deadline_missed
                or (strict and self.count(CONFIRM) > 0))

    def to_dict(self) -> dict:
        return {"as_at": self.as_at.isoformat() if self.as_at else None, "stage": self.stage,
                "questions": [a.to_dict() for a in self.answers],
                "overdue": [o.to_dict() for o in self.overdue],
                "advice": [a.to_dict() for a in self.advice]}


@record(frozen=False)
class _Check:
    """What every question needs: the plan, the date, the stage and the placeholders."""

    plan: Plan
    as_at: dt.date
    stage: str
    placeholders: dict[int, list[Reference]]

    def status(self, action: Action) -> progress.ActionProgress:
        return progress.action_progress(action, self.as_at)

    def ref(self, kind: str, index: int, ident: str) -> Reference:
        return Reference(ident, self.plan.line_of((kind, index)))

    @property
    def decision(self) -> str:
        """What the ombudsman calls its findings: 'final report', 'decision', 'report'."""
        return ombudsmen.profile(self.plan.body).decision


def evaluate(plan: Plan, as_at: dt.date) -> Result:
    """All ten answers as at ``as_at``, what is overdue then, and advice on wording."""
    check = _Check(plan, as_at, progress.stage(plan, as_at), _placeholders(plan))
    asks = [_q1_failings, _q2_sufficiency, _q3_responsibility, _q4_involvement,
            _q5_evidence, _q6_standards, _q7_review, _q8_copies, _q9_regulator, _q10_updates]
    answers = []
    for number, (ask, (question, source)) in enumerate(zip(asks, questions(plan), strict=True),
                                                       start=1):
        status, reason, todo, refs = _with_placeholders(check, number, *ask(check))
        answers.append(Answer(number, question, status, reason, tuple(todo), tuple(refs),
                              source))
    return Result(answers, _overdue(check), as_at, check.stage, advise(plan))


# ---------------------------------------------------------------- placeholders

def _placeholders(plan: Plan) -> dict[int, list[Reference]]:
    """The starting text 'apgen init' writes, found anywhere, grouped by the question it
    leaves unanswered."""
    words = wording_checks()["placeholders"]
    found: dict[int, list[Reference]] = {}
    for path, text in strings(plan.data):
        stripped = text.strip()
        if stripped in words["exactly"] or any(stripped.startswith(w)
                                               for w in words["starts_with"]):
            for number in _questions_of(plan, path):
                found.setdefault(number, []).append(
                    Reference(_describe(plan, path), plan.line_of(path)))
    return found


_ACTION_PARTS = {"impact": (2, "impact measure"), "owner": (3, "owner"),
                 "evidence": (5, "evidence"), "standards": (6, "standards"),
                 "reason_no_standard": (6, "standards"), "review": (7, "review"),
                 "monitoring": (7, "monitoring"), "description": (1, "description"),
                 "progress": (1, "progress note")}
_SECTIONS = {"failings": (1, "summary"), "ombudsman": (1, "case reference"),
             "complainant_involvement": (4, "the complainant's involvement"),
             "plan_review": (7, "the plan's review"),
             "sufficiency": (2, "the sufficiency statement"),
             "organisation": (8, "the organisation's name and address"),
             "parties": (8, "recipient"), "updates": (10, "progress update"),
             "regulator_copy": (9, "anonymisation review"), "sign_off": (2, "sign-off"),
             "standards": (6, "standard's title")}


def _questions_of(plan: Plan, path: tuple) -> list[int]:
    """The questions a placeholder at ``path`` leaves unanswered; a person's name counts
    wherever the person is relied on."""
    if path[0] == "actions" and len(path) > 2:
        return [_ACTION_PARTS.get(path[2], (1, ""))[0]]
    if path[0] == "people":
        person = plan.data["people"][path[1]]
        uses = [(4, person.get("kind") != "staff"),
                (3, any(person.get("id") in a.owner_people for a in plan.actions)),
                (8, any(p.person == person.get("id") for p in plan.parties)),
                (10, any(p.person == person.get("id") for p in plan.parties))]
        return [number for number, used in uses if used] or [3]
    return [_SECTIONS.get(path[0], (1, ""))[0]]


def _describe(plan: Plan, path: tuple) -> str:
    """'A1's monitoring', 'F1's summary', 'the complainant's name': no keys, no ids of ours."""
    head = path[0]
    item = plan.data[head][path[1]] if isinstance(plan.data.get(head), list) \
        and len(path) > 1 else None
    if head == "actions" and len(path) > 2:
        return f"{item['id']}'s {_ACTION_PARTS.get(path[2], (1, 'text'))[1]}"
    if head == "people":
        who = item.get("role") or item.get("kind", "person")
        return f"the name of the {who.lower() if item.get('kind') != 'staff' else who}"
    if head == "failings":
        return f"{item['id']}'s summary"
    return _SECTIONS.get(head, (1, "text"))[1]


def _with_placeholders(check: _Check, number: int, status, reason, todo, refs):
    """Starting text never counts as an answer, whatever the stage."""
    found = check.placeholders.get(number)
    if not found:
        return status, reason, todo, refs
    names = listing([r.id for r in found])
    lead = f"Still the starting text: {names}."
    return NOT_MET, lead if status == MET else f"{lead} {reason}", \
        [f"replace the starting text in {r.id}" for r in found] + list(todo), found + list(refs)


# ---------------------------------------------------------------- the questions

def _q1_failings(c: _Check):
    plan, problems, todo, refs = c.plan, [], [], []
    for i, f in enumerate(plan.failings):
        if not plan.actions_for(f.id):
            problems.append(f"{f.id} has no action")
            todo.append(f"add an action that addresses {f.id}")
            refs.append(c.ref("failings", i, f.id))
    handling = [f.id for f in plan.failings if f.category == "complaint_handling"]
    if not handling and not plan.complaint_handling_not_criticised:
        problems.append("no failing is about complaint handling")
        todo.append("add the report's complaint-handling failing, or record that the report "
                    "found none")
        refs.append(Reference("failings", plan.line_of(("failings",))))
    p, t, r = _recommendations(c)
    problems, todo, refs = problems + p, todo + t, refs + r
    if problems:
        return NOT_MET, _sentence("; ".join(problems)), todo, refs
    extra = (f", including complaint handling ({listing(handling)})" if handling else
             "; the plan records that the report found no complaint-handling failing")
    recs = (f"; {_lower(_every(plan.recommendations, 'recommendation', 'an action answering it'))}"
            if plan.recommendations else "")
    if not plan.failings:  # a recommendation-led plan: the recommendations are the findings
        return MET, f"{_every(plan.recommendations, 'recommendation', 'an action answering it')}" \
                    f"{extra}.", [], []
    return MET, f"{_every(plan.failings, 'failing', 'at least one action')}{extra}{recs}.", \
        [], []


def _recommendations(c: _Check):
    """Every recommendation answered by an action whose target is not after its due date."""
    problems, todo, refs = [], [], []
    for i, rec in enumerate(c.plan.recommendations):
        answering = [(j, a) for j, a in enumerate(c.plan.actions) if rec.id in a.recommendations]
        where = Reference(rec.id, c.plan.line_of(("ombudsman", "recommendations", i)))
        if not answering:
            problems.append(f"no action answers recommendation {rec.id}")
            todo.append(f"link an action to recommendation {rec.id}")
            refs.append(where)
        for j, a in answering:
            target = c.status(a).target_date
            if rec.due_by and target and target > rec.due_by:
                problems.append(f"{a.id}'s target date ({long_date(target)}) is after "
                                f"{rec.id}'s due date ({long_date(rec.due_by)})")
                todo.append(f"bring {a.id} forward, or agree a later date for {rec.id} with "
                            "the ombudsman")
                refs.append(c.ref("actions", j, a.id))
    return problems, todo, refs


def _q2_sufficiency(c: _Check):
    plan = c.plan
    lacking, refs = [], []
    for i, a in enumerate(plan.actions):
        if not any(m.target for m in a.impact):
            lacking.append(a.id)
            refs.append(c.ref("actions", i, a.id))
    s = plan.sufficiency
    recorded = s is not None and s.statement and s.attested_by and progress.on(s.on, c.as_at)
    if lacking:
        missing = (f"Impact: {listing(lacking)} {'has' if len(lacking) == 1 else 'have'} no "
                   "measure with a target, so no one can tell whether it worked.")
        return NOT_MET, missing, [f"give {a} a measure of its impact with a baseline and a "
                                  "target" for a in lacking], refs
    if not recorded:
        return CONFIRM, "No one has yet recorded that the actions are sufficient.", \
            ["record who judged the actions sufficient, when, and why"], \
            [Reference("sufficiency", plan.line_of(("sufficiency",)))]
    person = plan.person(s.attested_by)
    who = (f"the {person.role}" if person.role else person.name) if person else s.attested_by
    return MET, f"Judged sufficient by {who} on {long_date(s.on)}; every action measures " \
                "its impact against a target.", [], []


def _q3_responsibility(c: _Check):
    problems, todo, refs = [], [], []
    for i, a in enumerate(c.plan.actions):
        missing = [word for word, present in [("an owner", a.has_owner),
                                              ("a start date", a.start_date),
                                              ("a target date", a.target_date)] if not present]
        if missing:
            problems.append(f"{a.id} has no {_or([m.split(' ', 1)[1] for m in missing])}")
            todo.append(f"give {a.id} {listing(missing)}")
            refs.append(c.ref("actions", i, a.id))
    if problems:
        return NOT_MET, _sentence("; ".join(problems)), todo, refs
    return MET, f"{_every(c.plan.actions, 'action', 'an owner, a start date and a target date')}" \
                ".", [], []


def _q4_involvement(c: _Check):
    inv = c.plan.involvement
    where = [Reference("complainant involvement", c.plan.line_of(("complainant_involvement",)))]
    if inv is None:
        return NOT_MET, "The plan does not say whether the complainant was involved, or how " \
                        "they will take part.", \
            ["say how the complainant was involved and will be kept involved, or why not"], where
    if inv.involved and not inv.how:
        return NOT_MET, "The complainant was involved, but the plan does not say how.", \
            ["describe how the complainant was involved and will take part"], where
    if inv.involved:
        return MET, "The plan records how the complainant was involved and will take part.", \
            [], []
    return MET, "The complainant was not involved; the plan records why.", [], []


def _q5_evidence(c: _Check):
    complete = [(i, a) for i, a in enumerate(c.plan.actions) if c.status(a).is_complete]
    if not complete:
        return NOT_APPLICABLE, f"No action was complete on {long_date(c.as_at)}, so no " \
                               "evidence is due yet.", [], []
    problems, todo, refs = [], [], []
    for i, a in complete:
        items = [e for e in a.evidence if progress.evidence_by(e, c.as_at)]
        if not items:
            problems.append(f"{a.id} is complete but has no evidence")
            todo.append(f"add evidence that {a.id} was done")
            refs.append(c.ref("actions", i, a.id))
        for e in items:
            written = e.file_ref
            if written and not _evidence_file_found(c.plan.base_dir, written):
                problems.append(f"{a.id}'s evidence file {written} does not exist")
                todo.append(f"correct the path {written} (relative to the plan) or add the file")
                refs.append(c.ref("actions", i, a.id))
    if problems:
        return NOT_MET, _sentence("; ".join(problems)), todo, refs
    return MET, f"{_every(complete, 'completed action', 'evidence')}.", [], []


def _evidence_file_found(plan_dir, written: str) -> bool:
    """The file is there, inside the plan's repository (validation refuses one outside)."""
    try:
        return inside_plan(plan_dir, written).is_file()
    except PathOutside:
        return False


def _q6_standards(c: _Check):
    problems, todo, refs = [], [], []
    for i, a in enumerate(c.plan.actions):
        found = []
        if not a.standards and not a.reason_no_standard:
            found.append(f"{a.id} cites no standard and does not say why none applies")
            todo.append(f"name the standards {a.id} complies with, or say why none applies")
        for s in a.standards:
            if s.standard is None:
                found.append(f"{a.id} cites {s.id} without its full title")
                todo.append(f"give the full title of {s.id}")
            elif not s.how:
                found.append(f"{a.id} does not say how it meets {s.standard.title}")
                todo.append(f"say how {a.id} meets {s.id}")
        if found:
            problems += found
            refs.append(c.ref("actions", i, a.id))
    if problems:
        return NOT_MET, _sentence("; ".join(problems)), todo, refs
    cited = {s.id for a in c.plan.actions for s in a.standards}
    none = [a.id for a in c.plan.actions if not a.standards]
    why = f"; {listing(none)} {'says' if len(none) == 1 else 'say'} why none applies" \
        if none else ""
    named = _count(len(cited), "standard")
    return MET, f"Every action citing a standard says how it complies ({named} named in " \
                f"full){why}.", [], []


def _q7_review(c: _Check):
    plan, problems, todo, refs = c.plan, [], [], []
    if not (plan.plan_review and plan.plan_review.date):
        problems.append("the plan has no review date")
        todo.append("set a date, and who reviews the plan")
        refs.append(Reference("plan review", plan.line_of(("plan_review",))))
    for i, a in enumerate(plan.actions):
        missing = _seven_points_missing(a)
        if missing:
            problems += [f"{a.id} has no {gap}" for gap in missing]
            todo.append(f"say for {a.id} how it is {_or([_VERB[gap] for gap in missing])}")
            refs.append(c.ref("actions", i, a.id))
    if problems:
        return NOT_MET, _sentence("; ".join(problems)), todo, refs
    return MET, f"The plan is reviewed on {long_date(plan.plan_review.date)}, and every action " \
                "says when and how it is reviewed, how it is monitored, and how it is audited " \
                "(or why no audit is needed).", [], []


_REVIEW, _MONITORING, _AUDIT = ("review date or method", "monitoring",
                                "audit, nor a reason for having none")
_VERB = {_REVIEW: "reviewed and when", _MONITORING: "monitored",
         _AUDIT: "audited (or why no audit is needed)"}


def _seven_points_missing(a: Action) -> list[str]:
    """What an action lacks of the guidance's points on reviewing, monitoring and auditing."""
    m = a.monitoring
    missing = []
    if not (a.review and a.review.due and (a.review.method or a.review.by)):
        missing.append(_REVIEW)
    if not (m and m.method):
        missing.append(_MONITORING)
    if not (m and (m.audit or m.reason_no_audit)):
        missing.append(_AUDIT)
    return missing


def _q8_copies(c: _Check):
    plan = c.plan
    if not plan.parties:
        return NOT_MET, "No recipients are listed.", \
            [f"list everyone the {c.decision} says should receive the plan"], \
            [Reference("parties", plan.line_of(("parties",)))]
    unsent = [(i, p) for i, p in enumerate(plan.parties) if not progress.on(p.plan_sent_on,
                                                                            c.as_at)]
    if not unsent:
        return MET, f"{_every(plan.parties, 'recipient', 'been sent the plan')}, the last on " \
                    f"{long_date(max(p.plan_sent_on for p in plan.parties))}.", [], []
    labels = [_party_label(plan, p) for _, p in unsent]
    if not progress.reached(c.stage, progress.ACCEPTED):
        return NOT_YET_DUE, f"Copies go out once the ombudsman accepts the plan; not yet " \
                            f"sent to {listing(labels)}.", [], []
    return NOT_MET, f"The ombudsman accepted the plan on {long_date(plan.accepted_on)}; still " \
                    f"to be sent the plan: {listing(labels)}.", \
        [f"send the plan to {label} and record the date" for label in labels], \
        [c.ref("parties", i, p.id) for i, p in unsent]


def _q9_regulator(c: _Check):
    plan = c.plan
    regulators = [(i, p) for i, p in enumerate(plan.parties) if p.kind == "regulator"]
    if not regulators:
        return NOT_APPLICABLE, "No regulator is among the recipients.", [], []
    waiting = [(i, p) for i, p in regulators if not progress.on(p.report_sent_on, c.as_at)]
    if not waiting:
        sent = listing([f"{_party_label(plan, p)} on {long_date(p.report_sent_on)}"
                        for _, p in regulators])
        return MET, f"The anonymised {c.decision} went with the plan to {sent}.", [], []
    labels = listing([_party_label(plan, p) for _, p in waiting])
    if not progress.reached(c.stage, progress.ACCEPTED):
        return NOT_YET_DUE, f"Due once the ombudsman accepts the plan: {labels} should then " \
                            f"receive it with an anonymised copy of the {c.decision}.", [], []
    return NOT_MET, f"{_capital(labels)} {'is' if len(waiting) == 1 else 'are'} not " \
                    f"recorded as sent the {c.decision} with the plan.", \
        [f"send {label} the anonymised {c.decision} with the plan, and record the date"
         for label in [_party_label(plan, p) for _, p in waiting]], \
        [c.ref("parties", i, p.id) for i, p in waiting]


def _q10_updates(c: _Check):
    plan = c.plan
    if not plan.parties:
        return NOT_MET, "No recipients are listed, so no updates are arranged.", \
            [f"list everyone the {c.decision} lists, with how and how often they hear of "
             "progress"], [Reference("parties", plan.line_of(("parties",)))]
    missing, vague, late, refs = [], [], [], []
    for i, p in enumerate(plan.parties):
        label, due = _party_label(plan, p), progress.update_due(plan, p, c.as_at)
        if not ((p.update_every or p.update_frequency) and p.update_method):
            missing.append(label)
        elif due.schedule is None:
            vague.append(label)
        elif due.overdue_on(c.as_at):
            last = f"; last sent {long_date(due.last_sent)}" if due.last_sent else ""
            late.append(f"{label} was due an update on {long_date(due.next_due)}{last}")
        else:
            continue
        refs.append(c.ref("parties", i, p.id))
    if missing or late:
        problems = ([f"no arrangement (how often and how) for {listing(missing)}"]
                    if missing else []) + late
        return NOT_MET, _sentence("; ".join(problems)), \
            [f"arrange how often and how {label} hears of progress" for label in missing] + \
            (["send the overdue updates and record them"] if late else []), refs
    if vague:
        return CONFIRM, f"How often {listing(vague)} will hear gives no interval, so the next " \
                        "update's date cannot be worked out.", \
            [f"say how often {label} hears of progress, e.g. every 3 months"
             for label in vague], refs
    return MET, f"{_every(plan.parties, 'recipient', 'update arrangements')}" \
                f"{_next_update(c)}.", [], []


def _next_update(c: _Check) -> str:
    dues = [(d.next_due, p) for p in c.plan.parties
            if (d := progress.update_due(c.plan, p, c.as_at)).next_due]
    if not dues:
        return "; the first falls due once the plan is sent"
    when, party = min(dues, key=lambda item: item[0])
    return f"; the next is due on {long_date(when)} ({_party_label(c.plan, party)})"


# ---------------------------------------------------------------- overdue

def _overdue(c: _Check) -> list[Overdue]:
    plan, found = c.plan, []
    due = progress.deadline(plan)
    if progress.deadline_missed(plan, c.as_at):
        found.append(Overdue("submission", "plan", due, plan.line_of(("plan", "submit_by")),
                             f"The plan was due with the ombudsman by {long_date(due)} and is "
                             "not recorded as sent."))
    for i, a in enumerate(plan.actions):
        state = c.status(a)
        if state.overdue:
            found.append(Overdue("action", a.id, state.target_date, plan.line_of(("actions", i)),
                                 f"Action {a.id} was due by {long_date(state.target_date)} and "
                                 "is not complete."))
    for i, p in enumerate(plan.parties):
        when = progress.update_due(plan, p, c.as_at)
        if when.overdue_on(c.as_at):
            found.append(Overdue("update", p.id, when.next_due, plan.line_of(("parties", i)),
                                 f"An update to {_party_label(plan, p)} was due on "
                                 f"{long_date(when.next_due)}."))
    return found


# ---------------------------------------------------------------- words

def _party_label(plan: Plan, party: Party) -> str:
    """'the Care Quality Commission', 'the complainant': as the sentence needs it."""
    if party.organisation:
        name = party.organisation
        return name if name.lower().startswith("the ") else f"the {name}"
    person = plan.person(party.person)
    role = person.role if person and person.kind == "staff" and person.role else None
    return f"the {role or party.kind.replace('_', ' ')}"


def _every(items, noun: str, has: str) -> str:
    """'All 3 failings have X' / 'Both failings have X' / 'The only failing has X'."""
    if len(items) == 1:
        return f"The only {noun} has {has}"
    return f"Both {noun}s have {has}" if len(items) == 2 else \
        f"All {len(items)} {noun}s have {has}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _or(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def _lower(text: str) -> str:
    return text[0].lower() + text[1:]


def _capital(text: str) -> str:
    return text[0].upper() + text[1:]


def _sentence(text: str) -> str:
    return _capital(text) + "."
