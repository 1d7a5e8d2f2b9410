"""A typed, read-only view of a valid plan (built by ``pipeline.load_plan``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import field
from pathlib import Path

from actionplan_gen.records import record
from actionplan_gen import welsh
from actionplan_gen.rules import looks_like_file
from actionplan_gen.people import PSEUDONYMISED
from actionplan_gen.sourcemap import SourceMap
from actionplan_gen.standards import Standard, resolve
from actionplan_gen.wording import COMPLETE_STATUSES, month_or_date


@record
class Person:
    id: str
    name: str
    kind: str
    title: str | None = None
    role: str | None = None
    aliases: tuple[str, ...] = ()
    address: tuple[str, ...] = ()
    pseudonym: str | None = None  # overrides the one the ombudsman's style gives
    child: bool = False


@record
class Party:
    id: str
    kind: str
    person: str | None = None
    organisation: str | None = None
    plan_sent_on: dt.date | None = None
    update_frequency: str | None = None
    update_method: str | None = None
    report_sent_on: dt.date | None = None
    update_every: str | None = None
    update_from: dt.date | None = None
    # Where progress letters go (apgen letters).
    address_lines: tuple[str, ...] = ()
    postcode: str | None = None
    email: str | None = None
    language: str = "en"  # en | cy | both: the language of what this party is sent


@record
class Evidence:
    """One piece of evidence: an entry of the plan's register (with its ``id``), or an
    item written inline under an action (no id). ``file`` is relative to the plan file."""

    description: str
    ref: str | None = None
    dated: dt.date | None = None
    id: str | None = None
    file: str | None = None
    personal: bool = False

    @property
    def file_ref(self) -> str | None:
        """The file this evidence is, as written: ``file``, or an inline ``ref`` that looks
        like a relative path (evidence/minutes.pdf), as plans wrote before the register."""
        return self.file or (self.ref if looks_like_file(self.ref) else None)


@record
class Compliance:
    """What was sent to the ombudsman to show a recommendation met, and its answer."""

    evidence: tuple[Evidence, ...] = ()
    sent_on: dt.date | None = None
    accepted_on: dt.date | None = None


@record
class Recommendation:
    id: str
    text: str
    report_paragraph: str | None = None
    due_by: dt.date | None = None
    # personal_remedy | service_improvement | complaint_handling | learning
    category: str | None = None
    compliance: Compliance | None = None


@record
class Failing:
    id: str
    category: str
    summary: str
    report_paragraph: str | None = None
    root_cause: str | None = None


@record
class CitedStandard:
    id: str
    how: str | None
    standard: Standard | None


@record
class Review:
    due: dt.date | None = None
    by: str | None = None
    method: str | None = None


@record
class Audit:
    method: str | None = None
    due: dt.date | None = None
    by: str | None = None


@record
class Monitoring:
    method: str | None = None
    frequency: str | None = None
    reported_to: str | None = None
    audit: Audit | None = None
    reason_no_audit: str | None = None


@record
class Impact:
    measure: str
    baseline: str | None = None
    target: str | None = None
    source: str | None = None


@record
class ProgressEntry:
    """What happened to an action on a date; a new target date comes with its reason."""

    date: dt.date
    note: str
    status: str | None = None
    target_date: dt.date | None = None
    reason: str | None = None


@record
class Owner:
    """Who answers for an action: a person (an id from people), a role that needs no name
    (nothing to redact), a team, or a person with their team."""

    person: str | None = None
    role: str | None = None
    team: str | None = None


@record
class Action:
    id: str
    failings: tuple[str, ...]
    description: str
    recommendations: tuple[str, ...] = ()
    owner_person: str | None = None
    owner_team: str | None = None
    start_date: dt.date | None = None
    target_date: dt.date | None = None
    status: str | None = None
    completed_on: dt.date | None = None
    standards: tuple[CitedStandard, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    review: Review | None = None
    monitoring: Monitoring | None = None
    impact: tuple[Impact, ...] = ()
    reason_no_standard: str | None = None
    progress: tuple[ProgressEntry, ...] = ()
    # Every owner in the plan's order; owner_person and owner_team above are the first
    # person and team among them, kept for code that knew only one owner.
    owners: tuple[Owner, ...] = ()
    level: str | None = None         # individual | team | directorate | trust | system
    organisation: str | None = None  # only where another organisation carries it out

    @property
    def is_complete(self) -> bool:
        return self.status in COMPLETE_STATUSES

    @property
    def has_owner(self) -> bool:
        return bool(self.owners or self.owner_person or self.owner_team)

    @property
    def owner_people(self) -> tuple[str, ...]:
        """The person ids among the owners (a role or team names no one)."""
        people = tuple(o.person for o in self.owners if o.person)
        return people or ((self.owner_person,) if self.owner_person else ())


@record
class Organisation:
    name: str
    address_lines: tuple[str, ...]
    postcode: str
    contact_team: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    contact_signatory: str | None = None  # a people id: who signs progress letters


@record
class Involvement:
    involved: bool
    how: str | None = None
    reason_not_involved: str | None = None


@record
class PlanReview:
    date: dt.date | None = None
    by: str | None = None


@record
class Sufficiency:
    statement: str | None = None
    attested_by: str | None = None
    on: dt.date | None = None


@record
class Update:
    date: dt.date
    summary: str
    sent_to: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()


@record
class SignOff:
    by: str
    on: dt.date


@record
class Version:
    """One entry of the plan's version history: what changed, and when."""

    version: str
    date: dt.date
    changes: str | None = None


@record
class Approval:
    """One step of the plan's approval and assurance route: a committee or board, and when."""

    by: str
    on: dt.date | None = None


@record
class IntruderReview:
    by: str
    on: dt.date
    notes: str | None = None


@record
class WelshReview:
    """A Welsh speaker's check of the Welsh wording (profiles/cy.json) the plan's Welsh
    copies carry: until it is recorded they are marked DRAFT."""

    by: str
    on: dt.date
    notes: str | None = None


@record
class RegulatorCopy:
    pseudonym_start: str | None = None  # None: the ombudsman's profile says
    allow: tuple[tuple[str, str], ...] = ()
    local_id_patterns: tuple[str, ...] = ()
    intruder_review: IntruderReview | None = None


@record
class Extension:
    """A later submission date the ombudsman agreed."""

    until: dt.date
    agreed_on: dt.date | None = None
    reason: str | None = None


@record
class Plan:
    file: Path
    title: str | None
    version: str
    status: str
    prepared_on: dt.date
    submit_by: dt.date | None
    body: str
    case_references: tuple[str, ...]
    final_report_date: dt.date
    final_report_file: str | None
    complaint_handling_not_criticised: str | None
    recommendations: tuple[Recommendation, ...]
    organisation: Organisation
    people: tuple[Person, ...]
    parties: tuple[Party, ...]
    involvement: Involvement | None
    failings: tuple[Failing, ...]
    actions: tuple[Action, ...]
    own_standards: tuple[Standard, ...]
    plan_review: PlanReview | None
    sufficiency: Sufficiency | None
    regulator_copy: RegulatorCopy
    updates: tuple[Update, ...]
    sign_off: SignOff | None
    submitted_on: dt.date | None = None
    accepted_on: dt.date | None = None
    extensions: tuple[Extension, ...] = ()
    history: tuple[Version, ...] = ()
    approval: tuple[Approval, ...] = ()
    # The evidence register, in the plan's order (actions and compliance cite it by id).
    evidence: tuple[Evidence, ...] = ()
    language: str = "en"  # en | cy | both: cy and both add Welsh copies (actionplan_gen.welsh)
    welsh_review: WelshReview | None = None
    # The loaded data as written, for checks that read every text (placeholders).
    data: dict = field(repr=False, compare=False, default_factory=dict)
    source_map: SourceMap = field(repr=False, compare=False, default_factory=SourceMap)
    # English -> Welsh of each text the author wrote as {en, cy}: every field above holds
    # the English; the Welsh copies put the Welsh back (welsh.in_welsh).
    welsh_text: dict[str, str] = field(repr=False, compare=False, default_factory=dict)

    @property
    def stem(self) -> str:
        """``cases/ellison.plan.yaml`` -> ``ellison``: the base of every output name."""
        name = self.file.name
        for suffix in (".yaml", ".yml"):
            if name.endswith(suffix):
                name = name[: -len(suffix)]
                break
        return name[: -len(".plan")] if name.endswith(".plan") else name

    @property
    def base_dir(self) -> Path:
        return self.file.parent

    def person(self, person_id: str | None) -> Person | None:
        return next((p for p in self.people if p.id == person_id), None)

    def owner_roles(self, action: Action) -> list[str]:
        """Each owner of ``action`` as a public paper may show them: a role or team, and a
        person only by their role, or by kind ('the complainant') when they have none."""
        shown: list[str] = []
        for owner in action.owners:
            person = self.person(owner.person)
            by_role = person.role if person and person.kind not in PSEUDONYMISED else None
            by_kind = f"the {person.kind}" if person and not by_role else None
            for words in (owner.role, by_role or by_kind, owner.team):
                if words and words not in shown:
                    shown.append(words)
        return shown

    def actions_for(self, failing_id: str) -> list[Action]:
        return [a for a in self.actions if failing_id in a.failings]

    def line_of(self, path: tuple) -> int | None:
        """The line of ``path`` in the plan file, or None where the plan leaves it out."""
        if tuple(path) not in self.source_map.positions:
            return None
        return self.source_map.locate(path)[0]


def build_plan(data: dict, path: Path, source_map: SourceMap | None = None,
               welsh_text: dict[str, str] | None = None) -> Plan:
    """Schema-valid data -> Plan. Dates become ``datetime.date``; each {en, cy} pair its
    English (``welsh_text`` keeps the Welsh; given by the pipeline, which already split
    them, or found here)."""
    if welsh_text is None:
        welsh_text = welsh.split_pairs(data)
    meta, omb, org = data["plan"], data["ombudsman"], data["organisation"]
    own = tuple(Standard(s["id"], s["title"], s.get("publisher"), s.get("url"))
                for s in data.get("standards") or [])
    own_by_id = {s.id: s for s in own}
    contact = org.get("contact") or {}
    register = tuple(Evidence(e["description"], e.get("ref"), _date(e.get("dated")), e["id"],
                              e.get("file"), bool(e.get("personal")))
                     for e in data.get("evidence") or [])
    by_id = {e.id: e for e in register}
    return Plan(
        file=path,
        title=meta.get("title"),
        version=meta["version"],
        status=meta["status"],
        prepared_on=_date(meta["prepared_on"]),
        submit_by=_date(meta.get("submit_by")),
        body=omb["body"],
        case_references=tuple(omb["case_references"]),
        final_report_date=_date(omb["final_report_date"]),
        final_report_file=omb.get("final_report_file"),
        complaint_handling_not_criticised=omb.get("complaint_handling_not_criticised"),
        recommendations=tuple(_recommendation(r, by_id)
                              for r in omb.get("recommendations") or []),
        organisation=Organisation(org["name"], tuple(org["address"]["lines"]),
                                  org["address"]["postcode"], contact.get("team"),
                                  contact.get("email"), contact.get("phone"),
                                  contact.get("signatory")),
        people=tuple(Person(p["id"], p["name"], p["kind"], p.get("title"), p.get("role"),
                            tuple(p.get("aliases") or ()), tuple(p.get("address") or ()),
                            p.get("pseudonym"), bool(p.get("child")))
                     for p in data.get("people") or []),
        parties=tuple(_party(p) for p in data.get("parties") or []),
        involvement=_optional(Involvement, data.get("complainant_involvement")),
        failings=tuple(Failing(f["id"], f["category"], f["summary"], f.get("report_paragraph"),
                               f.get("root_cause")) for f in data.get("failings") or []),
        actions=tuple(_action(a, own_by_id, by_id) for a in data["actions"]),
        own_standards=own,
        plan_review=_optional(PlanReview, data.get("plan_review"), "date", parse=month_or_date),
        sufficiency=_optional(Sufficiency, data.get("sufficiency"), "on"),
        regulator_copy=_regulator_copy(data.get("regulator_copy") or {}),
        updates=tuple(Update(_date(u["date"]), u["summary"], tuple(u.get("sent_to") or ()),
                             tuple(u.get("actions") or ()))
                      for u in data.get("updates") or []),
        sign_off=_optional(SignOff, data.get("sign_off"), "on"),
        submitted_on=_date(meta.get("submitted_on")),
        accepted_on=_date(omb.get("accepted_on")),
        extensions=tuple(_optional(Extension, e, "until", "agreed_on")
                         for e in meta.get("extensions") or []),
        history=tuple(_optional(Version, v, "date") for v in meta.get("history") or []),
        approval=tuple(_optional(Approval, a, "on") for a in meta.get("approval") or []),
        evidence=register,
        language=meta.get("language", "en"),
        welsh_review=_optional(WelshReview, meta.get("welsh_review"), "on"),
        data=data,
        source_map=source_map or SourceMap(),
        welsh_text=welsh_text,
    )


def _optional(cls, block: dict | None, *date_keys: str, parse=None):
    """A dataclass from an optional block, converting the named date fields."""
    if not block:
        return None
    parse = parse or _date
    return cls(**{k: parse(v) if k in date_keys else v for k, v in block.items()})


def _regulator_copy(block: dict) -> RegulatorCopy:
    review = _optional(IntruderReview, block.get("intruder_review"), "on")
    return RegulatorCopy(block.get("pseudonym_start") or None,
                         tuple((a["text"], a["reason"]) for a in block.get("allow") or []),
                         tuple(block.get("local_id_patterns") or ()), review)


def _party(p: dict) -> Party:
    updates = p.get("updates") or {}
    address = p.get("address") or {}
    return Party(p["id"], p["kind"], p.get("person"), p.get("organisation"),
                 _date(p.get("plan_sent_on")), updates.get("frequency"), updates.get("method"),
                 _date(p.get("report_sent_on")), updates.get("every"), _date(updates.get("from")),
                 tuple(address.get("lines") or ()), address.get("postcode"), address.get("email"),
                 p.get("language", "en"))


def _recommendation(r: dict, register: dict[str, Evidence]) -> Recommendation:
    compliance = r.get("compliance")
    return Recommendation(
        r["id"], r["text"], r.get("report_paragraph"), _date(r.get("due_by")), r.get("category"),
        Compliance(tuple(register[e] for e in compliance.get("evidence") or []),
                   _date(compliance.get("sent_on")), _date(compliance.get("accepted_on")))
        if compliance else None)


def _evidence(items: list | None, register: dict[str, Evidence]) -> tuple[Evidence, ...]:
    """An action's evidence: register ids looked up, inline items as written."""
    return tuple(register[e] if isinstance(e, str) else
                 Evidence(e["description"], e.get("ref"), _date(e.get("dated")))
                 for e in items or [])


def _action(a: dict, own: dict[str, Standard],
            register: dict[str, Evidence] | None = None) -> Action:
    owners = _owners(a.get("owner"))
    review = a.get("review")
    monitoring = a.get("monitoring")
    audit = (monitoring or {}).get("audit")
    return Action(
        id=a["id"],
        failings=tuple(a.get("failings") or ()),
        description=a["description"],
        recommendations=tuple(a.get("recommendations") or ()),
        owner_person=next((o.person for o in owners if o.person), None),
        owner_team=next((o.team for o in owners if o.team), None),
        start_date=month_or_date(a.get("start_date")),
        target_date=month_or_date(a.get("target_date")),
        status=a.get("status"),
        completed_on=month_or_date(a.get("completed_on")),
        standards=tuple(CitedStandard(s["id"], s.get("how"), resolve(s["id"], own))
                        for s in a.get("standards") or []),
        evidence=_evidence(a.get("evidence"), register or {}),
        review=Review(month_or_date(review.get("due")), review.get("by"), review.get("method"))
        if review else None,
        monitoring=Monitoring(monitoring.get("method"), monitoring.get("frequency"),
                              monitoring.get("reported_to"),
                              Audit(audit.get("method"), month_or_date(audit.get("due")),
                                    audit.get("by"))
                              if audit else None, monitoring.get("reason_no_audit"))
        if monitoring else None,
        impact=tuple(Impact(i["measure"], i.get("baseline"), i.get("target"), i.get("source"))
                     for i in a.get("impact") or []),
        reason_no_standard=a.get("reason_no_standard"),
        progress=tuple(_optional(ProgressEntry, p, "date", "target_date")
                       for p in a.get("progress") or []),
        owners=owners,
        level=a.get("level"),
        organisation=a.get("organisation"),
    )


def _owners(owner: dict | list | None) -> tuple[Owner, ...]:
    """``owner`` as written, one object or a list of them, as Owners in the plan's order."""
    given = owner if isinstance(owner, list) else [owner] if owner else []
    return tuple(Owner(o.get("person"), o.get("role"), o.get("team")) for o in given)


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
