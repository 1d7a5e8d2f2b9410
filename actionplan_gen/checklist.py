"""PHSO's ten questions, answered from the plan itself.

Each answer is met, not met, needs confirmation (a human judgement not yet
recorded) or not applicable, with a one-line reason, what remains to do, and
the ids and file lines involved. Nothing here prints or renders.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from actionplan_gen.model import Plan
from actionplan_gen.wording import long_date
from actionplan_gen.rules import looks_like_file

MET = "met"
NOT_MET = "not met"
CONFIRM = "needs confirmation"
NOT_APPLICABLE = "not applicable"
# Shown beside the status words, never instead of them.
SYMBOL = {MET: "\u2713", NOT_MET: "\u2717", CONFIRM: "?", NOT_APPLICABLE: "\u2013"}

QUESTIONS = [
    "Does the plan deal with every failing in the final report, including any in how the "
    "complaint was handled?",
    "Has someone accountable judged that the actions are enough to stop the failings "
    "happening again?",
    "Does every action say who is responsible, when it starts and when it will be complete?",
    "Was the person who complained involved in the plan, and is it recorded how (or why not)?",
    "Is there evidence for the actions already taken?",
    "Does every action name the professional or other standards it meets, and say how?",
    "Is there a date for reviewing the plan, and does every action say how and when it is "
    "reviewed?",
    "Has everyone the final report lists been sent a copy of the plan?",
    "Will the regulator receive the ombudsman's final report with the plan?",
    "Are progress updates arranged for everyone the final report lists?",
]

# Actions that change nothing lasting unless someone checks they worked.
_WEAK = re.compile(r"\b(remind\w*|reminder|memo|e-?mail(ed)? (to )?(all )?staff|briefing|"
                   r"brief(ed)?|training|trained|awareness|cascade[ds]?|newsletter)\b", re.I)


@dataclass(frozen=True)
class Reference:
    """An id (or section) involved in an answer, and its line in the plan file if present."""

    id: str
    line: int | None


@dataclass(frozen=True)
class Answer:
    number: int
    question: str
    status: str
    reason: str
    todo: tuple[str, ...] = ()
    refs: tuple[Reference, ...] = ()

    def to_dict(self) -> dict:
        return {"number": self.number, "question": self.question, "status": self.status,
                "reason": self.reason, "todo": list(self.todo),
                "refs": [{"id": r.id, "line": r.line} for r in self.refs]}


@dataclass(frozen=True)
class Overdue:
    action: str
    target_date: dt.date
    line: int


@dataclass
class Result:
    answers: list[Answer]
    overdue: list[Overdue] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for a in self.answers if a.status == status)

    def fails(self, strict: bool = False) -> bool:
        return self.count(NOT_MET) > 0 or (strict and self.count(CONFIRM) > 0)

    def to_dict(self) -> dict:
        return {"questions": [a.to_dict() for a in self.answers],
                "overdue": [{"action": o.action, "target_date": o.target_date.isoformat(),
                             "line": o.line} for o in self.overdue],
                "advice": []}


def evaluate(plan: Plan, today: dt.date) -> Result:
    """All ten answers, and the actions overdue against ``today``."""
    checks = [_q1_failings, _q2_sufficiency, _q3_responsibility, _q4_involvement, _q5_evidence,
              _q6_standards, _q7_review, _q8_copies, _q9_regulator, _q10_updates]
    answers = []
    for number, check in enumerate(checks, start=1):
        status, reason, todo, refs = check(plan)
        answers.append(Answer(number, QUESTIONS[number - 1], status, reason, tuple(todo),
                              tuple(refs)))
    overdue = [Overdue(a.id, a.target_date, plan.line_of(("actions", i)))
               for i, a in enumerate(plan.actions)
               if a.target_date and a.target_date < today and not a.is_complete]
    return Result(answers, overdue)


def _ref(plan: Plan, kind: str, index: int, ident: str) -> Reference:
    return Reference(ident, plan.line_of((kind, index)))


def _q1_failings(plan: Plan):
    todo, refs = [], []
    for i, f in enumerate(plan.failings):
        if not plan.actions_for(f.id):
            todo.append(f"{f.id} has no action: add one that addresses it")
            refs.append(_ref(plan, "failings", i, f.id))
    handling = [f.id for f in plan.failings if f.category == "complaint_handling"]
    if not handling and not plan.complaint_handling_not_criticised:
        todo.append("no failing is about complaint handling: add the report's complaint-handling "
                    "failing, or record under ombudsman.complaint_handling_not_criticised that "
                    "the report found none")
        refs.append(Reference("failings", plan.line_of(("failings",))))
    if todo:
        return NOT_MET, _sentence("; ".join(todo)), todo, refs
    extra = (f", including complaint handling ({', '.join(handling)})" if handling else
             "; the plan records that the report found no complaint-handling failing")
    return MET, f"{_every(plan.failings, 'failing')} at least one action{extra}.", [], []


def _q2_sufficiency(plan: Plan):
    weak, refs = [], []
    for i, f in enumerate(plan.failings):
        actions = plan.actions_for(f.id)
        if actions and all(_WEAK.search(a.description) and not (a.monitoring and a.monitoring.method)
                           for a in actions):
            weak.append(f.id)
            refs.append(_ref(plan, "failings", i, f.id))
    s = plan.sufficiency
    recorded = s is not None and s.statement and s.attested_by and s.on
    caution = (f"{', '.join(weak)} rel{'y' if len(weak) > 1 else 'ies'} only on reminders, "
               "briefings or one-off training with no monitoring; check that this will last"
               if weak else "")
    if not recorded:
        todo = ["record under sufficiency who judged the actions sufficient, when, and why"]
        if caution:
            todo.append(caution)
        return CONFIRM, "No one has yet recorded that the actions are sufficient.", todo, \
            refs or [Reference("sufficiency", plan.line_of(("sufficiency",)))]
    person = plan.person(s.attested_by)
    who = (f"the {person.role}" if person.role else person.name) if person else s.attested_by
    if caution:
        return CONFIRM, f"Judged sufficient by {who}, but {caution}.", [caution], refs
    return MET, f"Judged sufficient by {who} on {long_date(s.on)}.", [], []


def _q3_responsibility(plan: Plan):
    lacking, todo, refs = [], [], []
    for i, a in enumerate(plan.actions):
        missing = [word for word, present in [("an owner", a.owner_person or a.owner_team),
                                              ("a start date", a.start_date),
                                              ("a target date", a.target_date)] if not present]
        if missing:
            lacking.append(a.id)
            todo.append(f"give {a.id} {_and(missing)}")
            refs.append(_ref(plan, "actions", i, a.id))
    if lacking:
        return NOT_MET, f"{_and(lacking)} {_lack(lacking)} an owner, a start date or a target " \
                        "date.", todo, refs
    return MET, f"{_every(plan.actions, 'action')} an owner, a start date and a target date.", \
        [], []


def _q4_involvement(plan: Plan):
    inv = plan.involvement
    where = [Reference("complainant_involvement", plan.line_of(("complainant_involvement",)))]
    if inv is None:
        return NOT_MET, "The plan does not say whether the complainant was involved.", \
            ["add complainant_involvement: how they were involved, or why not"], where
    if inv.involved and not inv.how:
        return NOT_MET, "The complainant was involved, but the plan does not say how.", \
            ["describe how under complainant_involvement.how"], where
    if inv.involved:
        return MET, "The plan records how the complainant was involved.", [], []
    return MET, "The complainant was not involved; the plan records why.", [], []


def _q5_evidence(plan: Plan):
    complete = [(i, a) for i, a in enumerate(plan.actions) if a.is_complete]
    if not complete:
        return NOT_APPLICABLE, "No action is complete yet, so no evidence is due.", [], []
    problems, todo, refs = [], [], []
    for i, a in complete:
        if not a.evidence:
            problems.append(f"{a.id} is {a.status} but has no evidence")
            todo.append(f"add evidence that {a.id} was done (actions[].evidence)")
            refs.append(_ref(plan, "actions", i, a.id))
        for e in a.evidence:
            if looks_like_file(e.ref) and not (plan.base_dir / e.ref).exists():
                problems.append(f"{a.id}'s evidence file {e.ref} does not exist")
                todo.append(f"correct the path {e.ref} (relative to the plan) or add the file")
                refs.append(_ref(plan, "actions", i, a.id))
    if problems:
        return NOT_MET, _sentence("; ".join(problems)), todo, refs
    return MET, f"{_every(complete, 'completed action')} evidence.", [], []


def _q6_standards(plan: Plan):
    lacking, todo, refs = [], [], []
    for i, a in enumerate(plan.actions):
        needs = []
        if not a.standards:
            needs.append(f"cite at least one standard for {a.id} and say how it complies")
        needs += [f"give {c.id} (cited by {a.id}) a full title under standards:"
                  for c in a.standards if c.standard is None]
        needs += [f"say how {a.id} meets {c.id} (standards[].how)"
                  for c in a.standards if c.standard is not None and not c.how]
        if needs:
            lacking.append(a.id)
            todo += needs
            refs.append(_ref(plan, "actions", i, a.id))
    if lacking:
        return NOT_MET, f"{_and(lacking)} {'does' if len(lacking) == 1 else 'do'} not name a " \
                        "standard with how it is met.", todo, refs
    cited = {c.id for a in plan.actions for c in a.standards}
    return MET, f"Every action cites at least one standard and says how it complies " \
                f"({len(cited)} standards in all).", [], []


def _q7_review(plan: Plan):
    problems, todo, refs = [], [], []
    if not (plan.plan_review and plan.plan_review.date):
        problems.append("the plan has no review date")
        todo.append("add plan_review.date (and who reviews it)")
        refs.append(Reference("plan_review", plan.line_of(("plan_review",))))
    lacking = []
    for i, a in enumerate(plan.actions):
        if not (a.review and a.review.due and (a.review.method or a.review.by)):
            lacking.append(a.id)
            todo.append(f"say when and how {a.id} is reviewed (review.due and review.method)")
            refs.append(_ref(plan, "actions", i, a.id))
    if lacking:
        problems.append(f"{_and(lacking)} {'has' if len(lacking) == 1 else 'have'} no review")
    if problems:
        return NOT_MET, _sentence("; ".join(problems)), todo, refs
    return MET, f"The plan is reviewed on {long_date(plan.plan_review.date)} and every action " \
                "has a review.", [], []


def _q8_copies(plan: Plan):
    return _every_party(
        plan, lambda p: not p.plan_sent_on,
        reason=lambda names: f"Still to be sent the plan: {names}.",
        todo=lambda label: f"send the plan to {label} and record plan_sent_on",
        met="been sent the plan.", empty="No recipients are listed.",
        empty_todo="list under parties everyone the final report lists")


def _q9_regulator(plan: Plan):
    regulators = [(i, p) for i, p in enumerate(plan.parties) if p.kind == "regulator"]
    if not regulators:
        return NOT_APPLICABLE, "No regulator is among the recipients.", [], []
    names = _and([_party_label(plan, p) for _, p in regulators])
    where = [Reference("final_report_file", plan.line_of(("ombudsman", "final_report_file")))]
    if not plan.final_report_file:
        return NOT_MET, f"{names} should receive the final report, but the plan does not name " \
                        "the file.", ["add ombudsman.final_report_file (the report as .docx)"], where
    if not (plan.base_dir / plan.final_report_file).is_file():
        return NOT_MET, f"The final report file {plan.final_report_file} does not exist.", \
            ["correct ombudsman.final_report_file (relative to the plan file)"], where
    return MET, f"The final report is ready to go to {names} with the plan; apgen redact " \
                "makes the anonymised copy.", [], []


def _q10_updates(plan: Plan):
    return _every_party(
        plan, lambda p: not (p.update_frequency and p.update_method),
        reason=lambda names: f"No full update arrangements (how often and how) for {names}.",
        todo=lambda label: f"add updates (frequency and method) for {label}",
        met="update arrangements.",
        empty="No recipients are listed, so no updates are arranged.",
        empty_todo="list under parties everyone the final report lists, with updates")


def _every_party(plan: Plan, lacks, reason, todo, met: str, empty: str, empty_todo: str):
    """Questions 8 and 10: something every recipient the report lists must have."""
    if not plan.parties:
        return NOT_MET, empty, [empty_todo], [Reference("parties", plan.line_of(("parties",)))]
    lacking = [(i, p) for i, p in enumerate(plan.parties) if lacks(p)]
    if lacking:
        labels = [_party_label(plan, p) for _, p in lacking]
        return NOT_MET, reason(_and(labels)), [todo(label) for label in labels], \
            [_ref(plan, "parties", i, p.id) for i, p in lacking]
    return MET, f"{_every(plan.parties, 'recipient')} {met}", [], []


def _party_label(plan: Plan, party) -> str:
    """A party as shown in the checklist: the organisation, or the person's role or kind."""
    if party.organisation:
        return party.organisation
    return f"the {party.kind.replace('_', ' ')} ({party.id})"


def _every(items, noun: str) -> str:
    """'All 3 failings have' / 'Both failings have' / 'The only failing has'."""
    if len(items) == 1:
        return f"The only {noun} has"
    return f"Both {noun}s have" if len(items) == 2 else f"All {len(items)} {noun}s have"


def _lack(ids: list[str]) -> str:
    return "lacks" if len(ids) == 1 else "lack"


def _sentence(text: str) -> str:
    return text[0].upper() + text[1:] + "."


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
