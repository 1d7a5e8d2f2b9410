"""``apgen evidence``: the pack for the ombudsman's compliance stage.

For each recommendation, the evidence that it was met: through the actions answering it
(``actions[].recommendations``) and through its own ``compliance.evidence``. The pack is one
folder, written all or nothing: a covering letter to the ombudsman, an index (Word and CSV)
that walks recommendation -> actions -> evidence, each evidence file copied once under
``files/`` as ``E1-<original name>``, and ``SHA256SUMS`` so the ombudsman can check that
the files are the ones sent (``sha256sum -c SHA256SUMS`` inside the folder).

Judged as at a date: evidence dated after it is left out, and every recommendation due by
then (``due_by <= as_at``) must have evidence, or the pack is not written (``partial``
writes it with each gap named). An evidence file that is missing, unreadable or outside
the plan's repository stops the pack: half a pack is never sent. Evidence marked
``personal`` is flagged in the index and the letter as not for any regulator.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from dataclasses import field
from pathlib import Path

from actionplan_gen.records import record
from actionplan_gen.atomic import Guard, replace_all
from actionplan_gen.errors import PlanInvalid, Problem, format_path
from actionplan_gen.model import Evidence, Plan, Recommendation
from actionplan_gen.ombudsmen import profile
from actionplan_gen.paths import PathOutside, inside_plan
from actionplan_gen.progress import evidence_by
from actionplan_gen.render.docx import DocumentProperties, render
from actionplan_gen.resources import template_path
from actionplan_gen.wording import BULLET, PARAGRAPH_BREAK, listing, long_date

LETTER_TEMPLATE = "evidence-letter.docx"
INDEX_TEMPLATE = "evidence-index.docx"
LETTER, INDEX_DOCX, INDEX_CSV, SUMS, FILES = (
    "covering-letter.docx", "evidence-index.docx", "evidence-index.csv", "SHA256SUMS", "files")
PERSONAL = "Personal: not for any regulator"
COMPLIANCE = "compliance"  # evidence cited by the recommendation's own compliance entry
OTHER = "Actions answering no recommendation"
CSV_COLUMNS = ["recommendation", "category", "due_by", "due", "via", "evidence", "description",
               "dated", "reference", "file", "sha256", "personal", "gap"]


@record
class Enclosure:
    """One file copied into the pack (once, however often it is cited)."""

    name: str  # files/E1-apology.pdf
    sha256: str
    size: int
    personal: bool
    data: bytes = field(repr=False)
    source: Path = field(repr=False)  # the file read, as paths.inside_plan resolved it


@record
class Item:
    """One citation in the index: evidence reached through an action or a compliance entry."""

    via: str  # the action id, or COMPLIANCE
    label: str  # E1, or A3.2 for the second item written inline under action A3
    evidence: Evidence
    where: tuple  # the evidence's file (or ref) in the plan, for located problems
    enclosure: Enclosure | None = None


@record(frozen=False)
class Group:
    """A recommendation (None: the actions answering none) and the evidence reaching it."""

    recommendation: Recommendation | None
    index: int | None
    due: bool
    items: list[Item]


@record
class Gap:
    recommendation: str
    due_by: dt.date
    line: int | None
    message: str
    path: str  # the recommendation in the plan: ombudsman.recommendations[1]

    def to_dict(self) -> dict:
        return {"recommendation": self.recommendation, "due_by": self.due_by.isoformat(),
                "line": self.line, "message": self.message}


@record(frozen=False)
class EvidencePack:
    folder: Path
    files: list[Path]
    gaps: list[Gap]


# ---------------------------------------------------------------- the walk

def walk(plan: Plan, as_at: dt.date) -> list[Group]:
    """Recommendation -> actions -> evidence (dated by ``as_at``, or undated), in plan
    order; then the actions that answer no recommendation, when they have evidence."""
    inline = _inline_labels(plan)
    register = {e.id: i for i, e in enumerate(plan.evidence)}

    def item(via: str, evidence: Evidence, where: tuple) -> Item:
        if evidence.id is not None:
            i = register[evidence.id]
            where = ("evidence", i, "file" if evidence.file else "id")
            return Item(via, evidence.id, evidence, where)
        return Item(via, inline[where][0], evidence, inline[where][1])

    def of_action(index: int) -> list[Item]:
        action = plan.actions[index]
        return [item(action.id, e, ("actions", index, "evidence", n))
                for n, e in enumerate(action.evidence) if evidence_by(e, as_at)]

    groups = []
    for r_index, rec in enumerate(plan.recommendations):
        items = [x for a_index, action in enumerate(plan.actions)
                 if rec.id in action.recommendations for x in of_action(a_index)]
        if rec.compliance:
            items += [item(COMPLIANCE, e, ()) for e in rec.compliance.evidence
                      if evidence_by(e, as_at)]
        due = rec.due_by is not None and rec.due_by <= as_at
        groups.append(Group(rec, r_index, due, items))
    known = {r.id for r in plan.recommendations}
    others = [x for a_index, action in enumerate(plan.actions)
              if not set(action.recommendations) & known for x in of_action(a_index)]
    if others:
        groups.append(Group(None, None, False, others))
    return groups


def _inline_labels(plan: Plan) -> dict[tuple, tuple[str, tuple]]:
    """Each inline item's label (A3.2: action A3's second item) and where its ref is."""
    labels = {}
    for a_index, action in enumerate(plan.actions):
        for n, e in enumerate(action.evidence):
            if e.id is None:
                where = ("actions", a_index, "evidence", n)
                labels[where] = (f"{action.id}.{n + 1}", where + (("ref",) if e.ref else ()))
    return labels


def gaps(plan: Plan, groups: list[Group]) -> list[Gap]:
    """Each recommendation due by the date with no evidence reaching it."""
    found = []
    for group in groups:
        rec = group.recommendation
        if rec is None or not group.due or group.items:
            continue
        answering = [a.id for a in plan.actions if rec.id in a.recommendations]
        through = (f"its actions ({listing(answering)}) record none" if answering
                   else "no action answers it")
        where = ("ombudsman", "recommendations", group.index)
        found.append(Gap(rec.id, rec.due_by, plan.line_of(where),
                         f"{rec.id} was due by {long_date(rec.due_by)} and has no evidence: "
                         f"{through}, and it has no compliance.evidence", format_path(where)))
    return found


# ---------------------------------------------------------------- the files

def enclose(plan: Plan, groups: list[Group]) -> list[Group]:
    """Read every evidence file once (the same file cited twice is copied once), or raise
    PlanInvalid naming, at its line, each file missing, unreadable or outside the plan."""
    problems: list[Problem] = []
    by_path: dict[Path, Enclosure] = {}
    by_label: dict[str, Enclosure | None] = {}
    names: set[str] = set()
    enclosed = []
    for group in groups:
        items = []
        for x in group.items:
            if x.label not in by_label:
                by_label[x.label] = _read(plan, x, by_path, names, problems)
            items.append(Item(x.via, x.label, x.evidence, x.where, by_label[x.label]))
        enclosed.append(Group(group.recommendation, group.index, group.due, items))
    if problems:
        raise PlanInvalid(problems)
    return enclosed


def _read(plan: Plan, x: Item, by_path: dict, names: set, problems: list) -> Enclosure | None:
    written = x.evidence.file_ref
    if not written:
        return None

    def problem(message: str) -> None:
        problems.append(Problem(str(plan.file), plan.line_of(x.where), None,
                                format_path(x.where), f"{x.label}: the evidence file "
                                f"'{written}' {message}; nothing was written"))
    try:
        path = inside_plan(plan.base_dir, written)
    except PathOutside as exc:
        problem(str(exc))
        return None
    if path in by_path:
        return by_path[path]
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        problem("does not exist (paths are relative to the plan file)")
        return None
    except IsADirectoryError:
        problem("is a folder, not a file")
        return None
    except OSError as exc:
        problem(f"cannot be read ({exc.strerror or exc})")
        return None
    name = f"{FILES}/{x.label}-{_safe_name(Path(written).name)}"
    while name in names:  # two originals of the same name under one label: keep both
        name = f"{FILES}/{x.label}-{len(names)}-{_safe_name(Path(written).name)}"
    names.add(name)
    by_path[path] = Enclosure(name, hashlib.sha256(data).hexdigest(), len(data),
                              x.evidence.personal, data, path)
    return by_path[path]


def _safe_name(name: str) -> str:
    """A file name that every system, and SHA256SUMS, carries as it is."""
    return re.sub(r"[\x00-\x1f\x7f\\/:*?\"<>|]", "-", name).strip() or "file"


# ---------------------------------------------------------------- the documents

def _dated(e: Evidence) -> str:
    return long_date(e.dated, "Undated")


def _where(x: Item) -> str:
    if x.enclosure:
        return x.enclosure.name
    return f"Not enclosed: {x.evidence.ref}" if x.evidence.ref else "Not enclosed"


def _rec_heading(rec: Recommendation | None, decision: str) -> str:
    if rec is None:
        return OTHER
    where = f" ({decision}, paragraph {rec.report_paragraph})" if rec.report_paragraph else ""
    return f"Recommendation {rec.id}{where}"


def _rec_status(group: Group, as_at: dt.date, body) -> str:
    rec = group.recommendation
    if rec is None:
        return "Evidence for actions that do not answer a recommendation listed in the report."
    words = [f"{body.category_label(rec.category)}." if rec.category else ""]
    if rec.due_by is None:
        words.append("No date was set for it.")
    elif group.due:
        words.append(f"Due by {long_date(rec.due_by)}.")
    else:
        words.append(f"Not yet due: due by {long_date(rec.due_by)}.")
    if rec.compliance and rec.compliance.sent_on and rec.compliance.sent_on <= as_at:
        words.append(f"Evidence sent to the ombudsman on {long_date(rec.compliance.sent_on)}.")
    if rec.compliance and rec.compliance.accepted_on and rec.compliance.accepted_on <= as_at:
        words.append(f"Accepted as met on {long_date(rec.compliance.accepted_on)}.")
    return " ".join(w for w in words if w)


def _gap_text(group: Group, gap_of: dict[str, Gap]) -> str:
    rec = group.recommendation
    if rec is not None and rec.id in gap_of:
        return f"Gap: {gap_of[rec.id].message}."
    if not group.items:
        return "No evidence is recorded for it yet."
    return ""


def enclosures(groups: list[Group]) -> list[Enclosure]:
    """Every file copied, once each, in the order the index first cites it."""
    seen: dict[str, Enclosure] = {}
    for group in groups:
        for x in group.items:
            if x.enclosure:
                seen.setdefault(x.enclosure.name, x.enclosure)
    return list(seen.values())


def _common(plan: Plan, as_at: dt.date) -> dict:
    org = plan.organisation
    body = profile(plan.body)
    return {
        "organisation": {"name": org.name, "address": "\n".join([*org.address_lines,
                                                                  org.postcode])},
        "case_references": ", ".join(plan.case_references),
        "date": long_date(as_at),
        "ombudsman": {"name": body.name, "decision": body.decision},
    }


def index_context(plan: Plan, groups: list[Group], found: list[Gap], as_at: dt.date) -> dict:
    body = profile(plan.body)
    gap_of = {g.recommendation: g for g in found}
    files = enclosures(groups)
    personal = sorted({x.label for g in groups for x in g.items if x.evidence.personal})
    return {
        **_common(plan, as_at),
        "title": "Evidence of compliance: index",
        "lead": (f"The evidence that {plan.organisation.name} has done what the "
                 f"{body.name} recommended in its {body.decision} of "
                 f"{long_date(plan.final_report_date)}, as at {long_date(as_at)}: for each "
                 "recommendation, the actions answering it and the evidence of each. Every "
                 f"file is in the folder {FILES}, named after its evidence id; its SHA-256 "
                 f"checksum is listed here and in {SUMS}."),
        "recommendations": [{
            "heading": _rec_heading(g.recommendation, body.decision),
            "text": g.recommendation.text if g.recommendation else "",
            "status": _rec_status(g, as_at, body),
            "gap": _gap_text(g, gap_of),
            "rows": [{"via": "Compliance" if x.via == COMPLIANCE else x.via, "id": x.label,
                      "description": x.evidence.description,
                      "dated": _dated(x.evidence), "file": _where(x),
                      "sha256": x.enclosure.sha256 if x.enclosure else "\u2014",
                      "personal": PERSONAL if x.evidence.personal else ""}
                     for x in g.items],
        } for g in groups],
        "files": [{"name": f.name, "sha256": f.sha256, "size": f"{f.size:,} bytes",
                   "personal": PERSONAL if f.personal else ""} for f in files],
        "personal_note": (f"Evidence marked \u201c{PERSONAL}\u201d ({listing(personal)}) "
                          f"{_hold(personal)} personal information about the people the complaint "
                          "concerns: it is "
                          "for the ombudsman only and must not be passed to any regulator."
                          if personal else ""),
    }


def letter_context(plan: Plan, groups: list[Group], found: list[Gap], as_at: dt.date,
                   pdf: bool = False) -> dict:
    body = profile(plan.body)
    due = [g for g in groups if g.due]
    files = enclosures(groups)
    personal = sorted({x.label for g in groups for x in g.items if x.evidence.personal})
    report = f"your {body.decision} of {long_date(plan.final_report_date)}"
    if due:
        opening = (f"Following {report}, we enclose the evidence that we have done what you "
                   f"recommended, for each recommendation due by {long_date(as_at)}. The "
                   "enclosed index also lists the evidence so far for recommendations not yet "
                   "due.")
    else:
        opening = (f"Following {report}, we enclose the evidence so far that we are doing what "
                   f"you recommended. No recommendation was due by {long_date(as_at)}.")
    lines = []
    for g in due:
        rec = g.recommendation
        labels = list(dict.fromkeys(x.label for x in g.items))
        what = (f"evidence {listing(labels)}" if labels else "no evidence yet (see below)")
        lines.append(f"{BULLET}{rec.id} (due by {long_date(rec.due_by)}): "
                     f"{_sentence_end(rec.text)} We enclose {what}.")
    index = f"{INDEX_DOCX}, {_pdf_name(INDEX_DOCX)}" if pdf else INDEX_DOCX
    enclosed = [f"{BULLET}{index} and {INDEX_CSV}: the index, walking each "
                "recommendation to its actions and their evidence."]
    for f in files:
        labels = [x for g in groups for x in g.items if x.enclosure is f]
        label = labels[0].label if labels else ""
        desc = labels[0].evidence.description if labels else ""
        flag = f" ({PERSONAL.lower()})" if f.personal else ""
        enclosed.append(f"{BULLET}{f.name}: {label}, {_sentence_end(desc)[:-1]}{flag}.")
    enclosed.append(f"{BULLET}{SUMS}: the SHA-256 checksum of every file, so you can check "
                    f"they are as we sent them (sha256sum -c {SUMS}).")
    return {
        **_common(plan, as_at),
        "title": "Evidence that we have met your recommendations",
        "recipient": body.name,
        "salutation": "Dear Sir or Madam",
        "opening": opening,
        "due": PARAGRAPH_BREAK.join(lines),
        "gaps": PARAGRAPH_BREAK.join(
            f"{BULLET}{g.message}." for g in found),
        "enclosed": PARAGRAPH_BREAK.join(enclosed),
        "personal_note": (f"Evidence {listing(personal)} "
                          f"{_hold(personal)} personal information about the "
                          "people the complaint concerns. It is sent to you alone: please do not "
                          "pass it to any regulator." if personal else ""),
        "contact": _contact(plan),
        "closing": "Yours faithfully,",
        "signature": _signature(plan),
    }


def _hold(labels: list[str]) -> str:
    return "holds" if len(labels) == 1 else "hold"


def _sentence_end(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else text + "."


def _contact(plan: Plan) -> str:
    org = plan.organisation
    ways = [f"by email at {org.contact_email}" if org.contact_email else "",
            f"by telephone on {org.contact_phone}" if org.contact_phone else ""]
    how = " or ".join(w for w in ways if w)
    team = f"the {org.contact_team}" if org.contact_team else org.name
    return (f"If you need anything more, please contact {team}{' ' + how if how else ''}, "
            f"quoting case {', '.join(plan.case_references)}.")


def _signature(plan: Plan) -> str:
    """The plan's signatory (name and role), or its contact team; then the organisation."""
    org = plan.organisation
    person = plan.person(org.contact_signatory)
    lines = [person.name, person.role] if person else [org.contact_team]
    return "\n".join(x for x in [*lines, org.name] if x)


def index_csv(groups: list[Group], found: list[Gap]) -> bytes:
    """The index as data: a row per citation, and a row per gap (no evidence)."""
    gap_of = {g.recommendation: g for g in found}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for g in groups:
        rec = g.recommendation
        head = [rec.id if rec else "", (rec.category or "") if rec else "",
                rec.due_by.isoformat() if rec and rec.due_by else "", "yes" if g.due else "no"]
        for x in g.items:
            writer.writerow([_cell(v) for v in head + [
                x.via, x.label, x.evidence.description,
                x.evidence.dated.isoformat() if x.evidence.dated else "", x.evidence.ref or "",
                x.enclosure.name if x.enclosure else "", x.enclosure.sha256 if x.enclosure else "",
                "yes" if x.evidence.personal else "no", ""]])
        if rec is not None and rec.id in gap_of:
            writer.writerow([_cell(v) for v in head + ["", "", "", "", "", "", "", "",
                                                         gap_of[rec.id].message]])
        elif rec is not None and not g.items:  # not due yet: listed, with nothing to show
            writer.writerow([_cell(v) for v in head + [""] * 9])
    return buffer.getvalue().encode("utf-8")


def _cell(value: str) -> str:
    """Text a spreadsheet shows as text, never runs as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _pdf_name(docx_name: str) -> str:
    return docx_name.removesuffix(".docx") + ".pdf"


def sha256sums(files: dict[str, bytes]) -> bytes:
    """``sha256sum -c`` format: '<hex>  <name>' per file, names relative to the folder."""
    return "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n"
                   for name, data in sorted(files.items())).encode("utf-8")


# ---------------------------------------------------------------- the pack

def make_evidence_pack(plan: Plan, out_dir: Path, as_at: dt.date, partial: bool = False,
                       guard: Guard | None = None, letter_template: Path | None = None,
                       index_template: Path | None = None, pdf: bool = False) -> EvidencePack:
    """Walk, check and read everything in memory; then write ``STEM.evidence/`` at once.

    The letter and index come from the shipped templates or the user's restyled copies, and
    with ``pdf`` also as PDFs (in SHA256SUMS like every other file). Raises PlanInvalid
    (nothing written) for an evidence file that cannot be enclosed, and for recommendations
    due without evidence unless ``partial``."""
    groups = walk(plan, as_at)
    found = gaps(plan, groups)
    problems = [Problem(str(plan.file), g.line, None, g.path,
                        f"{g.message}; add the evidence, or run with --partial to send the "
                        "pack with this gap named") for g in found]
    try:
        groups = enclose(plan, groups)
    except PlanInvalid as exc:
        raise PlanInvalid(exc.problems + ([] if partial else problems)) from None
    if problems and not partial:
        raise PlanInvalid(problems)
    letter_template = Path(letter_template) if letter_template else template_path(LETTER_TEMPLATE)
    index_template = Path(index_template) if index_template else template_path(INDEX_TEMPLATE)
    read = [f.source for f in enclosures(groups)]
    guard = (guard or Guard()).add([plan.file, letter_template, index_template, *read])
    folder = out_dir / f"{plan.stem}.evidence"
    guard.claim(folder, plan.file, " (the same file name less .plan.yaml)")
    subject = f"Ombudsman case {', '.join(plan.case_references)}: evidence of compliance"
    files = {
        LETTER: render(letter_template, letter_context(plan, groups, found, as_at, pdf),
                       DocumentProperties("Evidence that we have met your recommendations",
                                          subject, plan.organisation.name, as_at.isoformat())),
        INDEX_DOCX: render(index_template, index_context(plan, groups, found, as_at),
                           DocumentProperties("Evidence of compliance: index", subject,
                                              plan.organisation.name, as_at.isoformat())),
        INDEX_CSV: index_csv(groups, found),
        **{f.name: f.data for f in enclosures(groups)},
    }
    if pdf:
        from actionplan_gen.render.pdf import to_pdf
        files.update(to_pdf({name: files[name] for name in (LETTER, INDEX_DOCX)}, as_at,
                            near=folder / _pdf_name(LETTER)))
    files[SUMS] = sha256sums(files)
    replace_all({folder: files}, guard)
    return EvidencePack(folder, [folder / name for name in sorted(files)], found)
