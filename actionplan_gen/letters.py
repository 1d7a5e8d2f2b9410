"""``apgen letters``: the progress-update letters due on a date, from the plan's own records.

A party is written to when its update falls due (``progress.update_due``). Its letter tells
it what changed since it last heard from the organisation (its last update, or the plan
itself if that came later): actions completed, started, delayed (with the new date and the
reason) or past their target, and the notes recorded in between; then what comes next and
whom to contact. The words come from the plan's progress log, so nobody retypes them.

A regulator's letter is the same letter anonymised by the regulator pack's engine and scanned
the same way (and by the independent verifier where it is installed) before a byte is written;
anything personal surviving stops every letter of that plan. Recording that a letter was sent
stays the author's edit of the YAML: ``updates_lines`` gives the lines to add.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from dataclasses import field
from pathlib import Path

from actionplan_gen.records import record
from actionplan_gen import welsh
from actionplan_gen.atomic import Guard, replace_all
from actionplan_gen.errors import LeakFound, PlanInvalid, Problem
from actionplan_gen.model import Action, Party, Plan
from actionplan_gen.progress import ActionProgress, UpdateDue, action_progress, update_due
from actionplan_gen.redact.final_report import mark_draft
from actionplan_gen.redact.folding import fold
from actionplan_gen.redact.pack import DRAFT_NOTICE, deep_map
from actionplan_gen.redact.redactor import Redactor
from actionplan_gen.render.docx import DocumentProperties, render
from actionplan_gen.resources import template_path
from actionplan_gen.ombudsmen import profile
from actionplan_gen.wording import BULLET, PARAGRAPH_BREAK, join_paragraphs, listing, long_date

TEMPLATE = "letter-update.docx"
REGULATOR = "regulator"
TITLE = "Progress with our action plan"
# The sections of a letter's news, in the order a reader needs them.
COMPLETED, DELAYED, LATE, STARTED, PROGRESS = (
    "What we have completed", "What has been delayed", "What is running late",
    "What we have started", "Other progress")
SECTIONS = (COMPLETED, DELAYED, LATE, STARTED, PROGRESS)


@record
class News:
    """What one action's letter entry says, and under which heading."""

    action: str
    section: str
    text: str
    summary: str  # a few words for the updates line: 'A2 delayed to 30 April 2027'


@record
class Letter:
    party: Party
    name: str  # the file name: 2027-02-01-p-complainant.docx
    regulator: bool
    actions: tuple[str, ...]
    summary: str
    data: bytes = field(repr=False)


@record(frozen=False)
class Letters:
    """One plan's letters as at a date: nothing when no update is due."""

    folder: Path
    letters: list[Letter]
    files: list[Path]
    updates_yaml: list[str]


# ---------------------------------------------------------------- who is due, since when

def due(plan: Plan, as_at: dt.date) -> list[tuple[Party, UpdateDue]]:
    """Every party whose next update falls on or before ``as_at``, in plan order."""
    found = [(party, update_due(plan, party, as_at)) for party in plan.parties]
    return [(party, when) for party, when in found if when.next_due and when.next_due <= as_at]


def since(party: Party, when: UpdateDue) -> tuple[dt.date, str]:
    """The day the party last heard from us, and how the letter says it: the later of
    their last update and the day they were sent the plan (which told them all before)."""
    sent = party.update_from or party.plan_sent_on
    if when.last_sent and (sent is None or when.last_sent >= sent):
        return when.last_sent, f"our last update of {long_date(when.last_sent)}"
    return sent, f"we sent you the action plan on {long_date(sent)}"


# ---------------------------------------------------------------- what changed

def news(plan: Plan, start: dt.date, as_at: dt.date) -> list[News]:
    """Each action's news between ``start`` (exclusive) and ``as_at``, in plan order."""
    found = []
    for action in plan.actions:
        item = _action_news(action, start, as_at)
        if item:
            found.append(item)
    return found


def _action_news(action: Action, start: dt.date, as_at: dt.date) -> News | None:
    before, now = action_progress(action, start), action_progress(action, as_at)
    notes = [f"On {long_date(p.date)}: {_sentence(p.note)}" for p in action.progress
             if start < p.date <= as_at]
    name = f"{action.id} \u2013 {short_description(action.description)}"
    if now.is_complete and not before.is_complete:
        when = f" on {long_date(now.completed_on)}" if now.completed_on else ""
        return _item(action, COMPLETED, f"{name}: completed{when}.", notes, "completed")
    if now.target_date != before.target_date and now.slipped:
        return _item(action, DELAYED, _delay(name, before, now), notes,
                     f"delayed to {long_date(now.target_date)}")
    if now.target_date and now.target_date < as_at and not now.is_complete:
        return _item(action, LATE, f"{name}: this was due to be finished by "
                     f"{long_date(now.target_date)} and is not finished yet.", notes,
                     "running late")
    if _started(action, before, now, start, as_at):
        began = action.start_date if action.start_date and start < action.start_date else None
        when = f" on {long_date(began)}" if began else ""
        return _item(action, STARTED, f"{name}: work started{when}.", notes, "started")
    if notes:
        return _item(action, PROGRESS, f"{name}.", notes, "progress noted")
    return None


def _item(action: Action, section: str, text: str, notes: list[str], words: str) -> News:
    return News(action.id, section, " ".join([text, *notes]), f"{action.id} {words}")


def _delay(name: str, before: ActionProgress, now: ActionProgress) -> str:
    text = (f"{name}: we now expect to finish this by {long_date(now.target_date)}, not "
            f"{long_date(before.target_date)}.")
    if now.slip_reason:
        text += f" Reason for the change: {_sentence(now.slip_reason)}"
    return text


def _started(action: Action, before: ActionProgress, now: ActionProgress, start: dt.date,
             as_at: dt.date) -> bool:
    begun = ("in_progress", "at_risk")
    in_window = action.start_date is not None and start < action.start_date <= as_at
    return now.status in begun and (in_window or before.status not in begun)


def short_description(text: str) -> str:
    """The action's first clause ('Introduce a discharge checklist'): enough for the
    reader to know which action, where the plan they hold says it in full."""
    words = " ".join(text.split())
    first = re.split(r"(?<=[.;:])\s", words, maxsplit=1)[0].rstrip(".;:")
    clauses = re.split(r",\s|;\s", first)
    shown = clauses[0]
    for clause in clauses[1:]:
        if len(shown.split()) >= 6:
            break
        shown += ", " + clause
    return shown


def _sentence(text: str | None) -> str:
    text = " ".join((text or "").split())
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


# ---------------------------------------------------------------- the letter's words

def letter_context(plan: Plan, party: Party, when: UpdateDue, as_at: dt.date,
                   anonymous: bool = False) -> dict:
    """The letter template's values (templates/README.md lists them). ``anonymous`` leaves
    every person's name out of what apgen itself writes (salutation, signature); the
    caller still redacts the plan's own text."""
    start, phrase = since(party, when)
    items = news(plan, start, as_at)
    person = plan.person(party.person)
    salutation = _salutation(person) if person and not anonymous else None
    org = plan.organisation
    return {
        "title": TITLE,
        "draft_notice": "",
        "organisation": {"name": org.name, "address": "\n".join([*org.address_lines,
                                                                  org.postcode])},
        "case_references": ", ".join(plan.case_references),
        "date": long_date(as_at),
        "recipient": "" if anonymous and person else _recipient(party, person),
        "salutation": f"Dear {salutation}" if salutation else "Dear Sir or Madam",
        "opening": _opening(plan, person is not None, phrase),
        "sections": _sections(items, phrase),
        "next_steps": _next_steps(plan, as_at),
        "next_letter": _next_letter(when, as_at),
        "contact": _contact(plan),
        "closing": "Yours sincerely," if salutation else "Yours faithfully,",
        "signature": _signature(plan, anonymous),
        "actions": [item.action for item in items],
        "summary": _summary(items, phrase),
    }


def _salutation(person) -> str:
    surname = person.name.split()[-1]
    return f"{person.title} {surname}" if person.title else person.name


def _recipient(party: Party, person) -> str:
    """The address block: name (with title), lines, postcode; an email when that is all."""
    if person:
        top = f"{person.title} {person.name}" if person.title else person.name
    else:
        top = party.organisation or ""
    lines = list(party.address_lines) or list(person.address if person else ())
    block = [top, *lines, *([party.postcode] if party.postcode else [])]
    if party.email and not lines:
        block.append(f"By email: {party.email}")
    return "\n".join(x for x in block if x)


def _opening(plan: Plan, to_a_person: bool, phrase: str) -> str:
    ombudsman = profile(plan.body)
    report = (f"the {ombudsman.name}\u2019s {ombudsman.decision} of "
              f"{long_date(plan.final_report_date)}")
    if to_a_person:
        return (f"We are writing, as we promised, to tell you how we are getting on with the "
                f"action plan we made after {report}. This letter covers what has happened "
                f"since {phrase}.")
    return (f"We are writing with our regular update on the action plan "
            f"{plan.organisation.name} made after {report} (case "
            f"{', '.join(plan.case_references)}). It covers what has happened since {phrase}.")


def _sections(items: list[News], phrase: str) -> list[dict]:
    sections = [{"heading": heading,
                 "text": join_paragraphs([BULLET + i.text for i in items if i.section == heading])}
                for heading in SECTIONS if any(i.section == heading for i in items)]
    return sections or [{"heading": "What has changed",
                         "text": f"No action has changed since {phrase}."}]


def _next_steps(plan: Plan, as_at: dt.date) -> str:
    """The actions still open, soonest target first."""
    open_actions = []
    for action in plan.actions:
        now = action_progress(action, as_at)
        if not now.is_complete and not now.overdue:
            open_actions.append((now.target_date or dt.date.max, action, now))
    if not open_actions:
        return ("Every action in the plan is now complete." if not any(
            action_progress(a, as_at).overdue for a in plan.actions)
            else "The actions still open are those running late, above.")
    lines = []
    for target, action, _ in sorted(open_actions, key=lambda x: (x[0], x[1].id)):
        due_words = (f"due to be finished by {long_date(target)}" if target != dt.date.max
                     else "no target date set yet")
        lines.append(f"{BULLET}{action.id} \u2013 {short_description(action.description)}: "
                     f"{due_words}.")
    return PARAGRAPH_BREAK.join(lines)


def _next_letter(when: UpdateDue, as_at: dt.date) -> str:
    if when.schedule is None:
        return ""
    return f"We will write to you again by {long_date(when.schedule.after(as_at))}."


def _contact(plan: Plan) -> str:
    org = plan.organisation
    ways = [f"by email at {org.contact_email}" if org.contact_email else "",
            f"by telephone on {org.contact_phone}" if org.contact_phone else ""]
    ways = [w for w in ways if w]
    team = f"the {org.contact_team}" if org.contact_team else org.name
    how = f" {' or '.join(ways)}" if ways else ""
    return (f"If you have any questions about this letter or the plan, please contact "
            f"{team}{how}, quoting case {', '.join(plan.case_references)}.")


def _signature(plan: Plan, anonymous: bool) -> str:
    """Name and role of the plan's signatory (role alone when anonymous), or the team."""
    org = plan.organisation
    person = plan.person(org.contact_signatory)
    if person is None:
        return "\n".join(x for x in (org.contact_team, org.name) if x)
    lines = [person.role] if anonymous else [person.name, person.role]
    return "\n".join(x for x in [*lines, org.name] if x)


def _summary(items: list[News], phrase: str) -> str:
    if not items:
        return f"Progress letter: no change since {phrase}."
    return "Progress letter: " + "; ".join(i.summary for i in items) + "."


# ---------------------------------------------------------------- rendering and writing

def make_letters(plan: Plan, out_dir: Path, as_at: dt.date, template: Path | None = None,
                 pdf: bool = False, guard: Guard | None = None) -> Letters:
    """Every letter due as at ``as_at``, rendered, scanned where bound for a regulator, and
    written into ``STEM.letters/`` together; no letters (and nothing written) when nothing
    is due."""
    folder = out_dir / f"{plan.stem}.letters"
    parties = due(plan, as_at)
    if not parties:
        return Letters(folder, [], [], [])
    _check_parties(plan, [party for party, _ in parties])
    template = Path(template) if template else template_path(TEMPLATE)
    guard = (guard or Guard()).add([plan.file, template])
    guard.claim(folder, plan.file, " (the same file name less .plan.yaml)")
    letters = [_letter(plan, party, when, as_at, template, language)
               for party, when in parties for language in _languages(party)]
    files = {letter.name: letter.data for letter in letters}
    if pdf:
        from actionplan_gen.render.pdf import to_pdf
        files.update(to_pdf(files, as_at, near=folder / f"{as_at.isoformat()}.pdf"))
    outputs = {folder / name: data for name, data in sorted(files.items())}
    for output in outputs:
        guard.check(output)
    replace_all(outputs, guard)
    return Letters(folder, letters, list(outputs), updates_lines(letters, as_at))


def _check_parties(plan: Plan, parties: list[Party]) -> None:
    """A letter needs somewhere to go; a signatory must be someone the plan lists."""
    problems = []
    for index, party in enumerate(plan.parties):
        person = plan.person(party.person)
        somewhere = (party.address_lines or party.email or party.update_method
                     or (person and person.address))
        if party in parties and not somewhere:
            problems.append(Problem(str(plan.file), plan.line_of(("parties", index)), None,
                                    f"parties[{index}]",
                                    f"{party.id} is due a progress update but the plan says "
                                    "neither where nor how to send it: add address (lines "
                                    "and postcode, or email) or updates.method"))
    signatory = plan.organisation.contact_signatory
    if signatory and plan.person(signatory) is None:
        path = ("organisation", "contact", "signatory")
        problems.append(Problem(str(plan.file), plan.line_of(path), None,
                                "organisation.contact.signatory",
                                f"'{signatory}' is not an id in people: give the id of the "
                                "person who signs letters"))
    if problems:
        raise PlanInvalid(problems)


def _languages(party: Party) -> tuple[str, ...]:
    """The letter's languages: its party's ``language`` (en | cy | both)."""
    return ("cy", "en") if party.language == "both" else (party.language,)


def _letter(plan: Plan, party: Party, when: UpdateDue, as_at: dt.date,
            template: Path, language: str = "en") -> Letter:
    regulator = party.kind == REGULATOR
    cymraeg = language == "cy"
    name = f"{as_at.isoformat()}-{party.id}{welsh.SUFFIX if cymraeg else '.docx'}"
    # A Welsh letter shows the author's Welsh where the plan gives it ({en, cy}); it is
    # redacted and scanned exactly as the English one is.
    written = welsh.in_welsh(plan, plan.welsh_text) if cymraeg else plan
    context = letter_context(written, party, when, as_at, anonymous=regulator)
    if regulator:
        redactor = _redactor(plan, party)
        context = deep_map(context, redactor.redact)
    summary = context["summary"]  # the updates line stays in the plan's English
    if cymraeg:
        english = welsh.English(welsh.welsh_paragraphs(plan.welsh_text))
        context = welsh.context(context, author=welsh.LETTER_AUTHOR_KEYS, english=english)
        template = welsh.template(template)
    if regulator and plan.regulator_copy.intruder_review is None:
        context["title"] = f"DRAFT \u2013 {context['title']}"
        context["draft_notice"] = DRAFT_NOTICE
    properties = DocumentProperties(context["title"], f"Ombudsman case "
                                    f"{context['case_references']}: progress update",
                                    plan.organisation.name, as_at.isoformat())
    data = render(template, context, properties)
    if cymraeg:  # DRAFT while the Welsh is unreviewed, then every run in its language
        if not welsh.reviewed(plan):
            lines = welsh.wording()["draft"]
            data = mark_draft(mark_draft(data, lines["cy"]), lines["en"])
        data = welsh.finish(data, (welsh.author_texts(plan) | english)
                            - welsh.welsh_paragraphs(plan.welsh_text))
    context["summary"] = summary
    if regulator:
        _refuse_leaks(plan, party, data, name)
    return Letter(party, name, regulator, tuple(context["actions"]), context["summary"], data)


def _own_details(party: Party) -> list[str]:
    """The regulator's own name and address: never personal, so never removed."""
    return [x for x in (party.organisation, *party.address_lines, party.postcode, party.email)
            if x and x.strip()]


def _redactor(plan: Plan, party: Party) -> Redactor:
    """The pack's redactor, also leaving the regulator's own address as written."""
    redactor = Redactor(plan)
    redactor.kept += [fold(x) for x in _own_details(party)]
    return redactor


def _refuse_leaks(plan: Plan, party: Party, data: bytes, name: str) -> None:
    """The independent verifier over the exact bytes to be written, as for the regulator
    pack; any finding stops every letter of the plan."""
    findings = _verified(plan, party, data, name)
    if findings:
        raise LeakFound("no letters were written for this plan: personal details would "
                        "survive in the letter to the regulator:\n  " + "\n  ".join(findings)
                        + "\nReword the progress notes named, or add the person to people.",
                        file=str(plan.file))


def _verified(plan: Plan, party: Party, data: bytes, name: str) -> list[str]:
    """The independent verifier's findings, vouching for the regulator's own address."""
    from actionplan_gen.verify import Registry, verify_docx
    from actionplan_gen.verify.folding import key

    registry = Registry.from_plan(plan)
    registry = dataclasses.replace(registry, organisation=registry.organisation + tuple(
        key(x) for x in _own_details(party)))
    return [f"{name}: {finding}" for finding in verify_docx(data, registry, name)]


def updates_lines(letters: list[Letter], as_at: dt.date) -> list[str]:
    """The YAML lines to add under ``updates:`` once the letters are sent: one line per
    distinct letter content, naming every party it went to."""
    groups: dict[tuple, list[str]] = {}
    for letter in letters:
        groups.setdefault((letter.summary, letter.actions), []).append(letter.party.id)
    return [f"- {{date: {as_at.isoformat()}, summary: {json.dumps(summary, ensure_ascii=False)}"
            f", sent_to: [{', '.join(dict.fromkeys(parties))}], actions: [{', '.join(actions)}]}}"
            for (summary, actions), parties in groups.items()]


def listing_of(letters: list[Letter]) -> str:
    """'p-complainant and p-cqc (anonymised)': what the terminal says was written."""
    return listing([f"{x.party.id} (anonymised)" if x.regulator else x.party.id
                    for x in letters])
