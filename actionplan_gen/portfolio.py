"""``apgen portfolio``: where many action plans stand on one date, for a board that meets in public.

For each plan, as at the date: its stage, its submission deadline, its actions counted by
status (planned, in progress, at risk of delay, complete, complete and assured), the actions
past their target date (id, the owner's role or team, days overdue), the parties due a
progress update, and the ombudsman's recommendations already due whose answering actions are
not all complete with evidence. Then totals across plans, and a chart of actions by status.

A board paper is published, so nobody is named in it, nor in the CSV or the JSON: a plan is
named by its case reference, never by its file name (which often carries a surname); an
owner by role or team; a party by its kind or organisation. Every text taken from a plan
(a team, an organisation, a problem's message) has each word of every listed person's name
removed, whatever field it was written in. An invalid plan is listed by its position on the
command line (and its case reference when the file gives one) with its first problem's line;
the terminal names the file.

Plans are read once each (in parallel when there are many: reading is most of the cost) and
reduced to small summaries; the paper is rendered once. The same plans, date and template
give the same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
from dataclasses import field
from pathlib import Path

from actionplan_gen.records import record
from actionplan_gen.atomic import Guard, replace_all
from actionplan_gen.errors import ApgenError, PlanInvalid, Problem, TemplateError
from actionplan_gen.model import Action, Party, Plan
from actionplan_gen.people import name_words
from actionplan_gen.progress import (
    STAGE_WORDS, action_progress, compliance_missing, deadline, deadline_missed, stage,
    update_due)
from actionplan_gen.render.docx import DocumentProperties, render
from actionplan_gen.resources import template_path
from actionplan_gen.wording import ACTION_STATUS, PARTY_KIND, listing, long_date

TEMPLATE = "portfolio.docx"
DOCX, CSV = "portfolio.docx", "portfolio.csv"
TITLE = "Ombudsman action plans: board summary"
# Status as at the date, in the order work moves; None is an action with no status recorded.
STATUSES = ("planned", "in_progress", "at_risk", "complete", "assured", None)
STATUS_WORDS = {**ACTION_STATUS, None: "Status not recorded"}
STATUS_KEYS = {s: (s or "not_recorded") for s in STATUSES}
# The chart shows at most this many plans (those with most overdue actions): more bars than
# this is no longer read at a glance; the tables list every plan.
MAX_BARS = 15
# Read plans in parallel from this many on (a process costs more than a few plans).
PARALLEL_FROM = 40
REMOVED = "[name removed]"
# The alt text's own name: the template's picture is found by it after rendering.
CHART_NAME = "apgen-portfolio-chart"
_EMU_PER_CM = 360_000


# ---------------------------------------------------------------- one plan's summary

@record
class OverdueAction:
    action: str
    owner: str          # roles and teams, never a person's name
    target_date: dt.date
    days: int


@record
class UpdateOwed:
    party: str          # 'the complainant', or the organisation
    due: dt.date
    days: int           # days past due (0: due today)


@record
class RecommendationGap:
    recommendation: str
    due_by: dt.date
    missing: str        # what stands between it and evidence of compliance, in words


@record
class PlanSummary:
    """What the portfolio says of one valid plan: nothing in it names a person."""

    index: int          # position on the command line, from 1
    case: str           # the case reference(s)
    organisation: str
    stage: str
    deadline: dt.date | None
    deadline_missed: bool
    statuses: tuple[int, ...]  # counts in STATUSES order
    overdue: tuple[OverdueAction, ...]
    updates: tuple[UpdateOwed, ...]
    recommendations_due: tuple[str, ...]
    gaps: tuple[RecommendationGap, ...]

    @property
    def actions(self) -> int:
        return sum(self.statuses)

    @property
    def open_actions(self) -> int:
        """Actions not complete (nor assured) on the date."""
        return self.actions - self.statuses[STATUSES.index("complete")] \
            - self.statuses[STATUSES.index("assured")]


@record
class InvalidPlan:
    """A plan that could not be counted, with its first problem in words that name nobody;
    ``problems`` keeps every problem as located in the file, for the terminal only."""

    index: int
    case: str | None
    line: int | None
    path: str           # where in the plan ('plan.status'), or empty
    message: str
    exit_code: int
    problems: tuple[Problem, ...] = field(default=(), compare=False)

    @property
    def label(self) -> str:
        return f"input {self.index}" + (f" (case {self.case})" if self.case else "")

    @property
    def first_problem(self) -> str:
        return ((f"line {self.line}: " if self.line else "")
                + (f"{self.path}: " if self.path else "") + self.message)


def summarise(plan: Plan, index: int, as_at: dt.date) -> PlanSummary:
    """One valid plan as it stood on ``as_at``."""
    scrub = Scrubber(person.name for person in plan.people)
    counts = dict.fromkeys(STATUSES, 0)
    overdue = []
    for action in plan.actions:
        now = action_progress(action, as_at)
        counts[now.status if now.status in counts else None] += 1
        if now.overdue and now.target_date:
            overdue.append(OverdueAction(action.id, scrub(owner_words(plan, action)),
                                         now.target_date, (as_at - now.target_date).days))
    updates = []
    for party in plan.parties:
        when = update_due(plan, party, as_at)
        if when.next_due and when.next_due <= as_at:
            updates.append(UpdateOwed(scrub(party_words(party)), when.next_due,
                                      (as_at - when.next_due).days))
    due = [r for r in plan.recommendations if r.due_by and r.due_by <= as_at]
    gaps = [gap for gap in (_gap(plan, r, as_at) for r in due) if gap]
    return PlanSummary(index, scrub(", ".join(plan.case_references)),
                       scrub(plan.organisation.name), stage(plan, as_at), deadline(plan),
                       deadline_missed(plan, as_at), tuple(counts.values()), tuple(overdue),
                       tuple(updates), tuple(r.id for r in due), tuple(gaps))


def owner_words(plan: Plan, action: Action) -> str:
    """Each owner's role or team ('Chief Nurse; Patient Experience Team'): a person is
    shown by their role, and an owner with neither is said to be unrecorded."""
    return "; ".join(plan.owner_roles(action)) or "No role or team recorded"


def party_words(party: Party) -> str:
    """A party by its organisation, or by its kind ('the complainant'), never by name."""
    if party.organisation and party.kind != "complainant":
        return party.organisation
    return f"the {PARTY_KIND.get(party.kind, 'Other').lower()}"


def _gap(plan: Plan, rec, as_at: dt.date) -> RecommendationGap | None:
    """Why a recommendation due by ``as_at`` has no evidence of compliance yet, or None."""
    missing = compliance_missing(plan, rec, as_at)
    return RecommendationGap(rec.id, rec.due_by, "; ".join(missing)) if missing else None


class Scrubber:
    """Removes each word of the given names (whole words, any case) from a text."""

    def __init__(self, names):
        words = sorted({w.casefold() for n in names for w in _words(n) if len(w) > 1},
                       key=lambda w: (-len(w), w))
        self.pattern = (re.compile(r"(?<![^\W_])(?:" + "|".join(map(re.escape, words))
                                   + r")(?![^\W_])", re.IGNORECASE) if words else None)

    def __call__(self, text: str) -> str:
        if not text or self.pattern is None:
            return text
        return self.pattern.sub(REMOVED, text)


def _words(name: str) -> list[str]:
    return [w for part in name_words(name) for w in re.findall(r"[^\W\d_]+", part)]


# ---------------------------------------------------------------- reading every plan

def read(paths: list[str], as_at: dt.date, meanwhile=None) -> list[PlanSummary | InvalidPlan]:
    """Each path as a summary or an invalid plan, in the order given. Many plans are read by
    a pool of processes (one per core): each returns only its small summary, and the parent
    does ``meanwhile()`` (its own imports) while they read."""
    jobs = [(str(path), index, as_at) for index, path in enumerate(paths, start=1)]
    workers = min(os.cpu_count() or 1, 8)
    if len(jobs) < PARALLEL_FROM or workers < 2:
        if meanwhile:
            meanwhile()
        return [_read_one(job) for job in jobs]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_quiet_worker)
    try:
        read_plans = pool.map(_read_one, jobs, chunksize=max(1, len(jobs) // (workers * 8)))
        if meanwhile:
            meanwhile()
        return list(read_plans)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _quiet_worker() -> None:
    """Interruptions are the parent's to handle: it stops the pool and writes nothing."""
    import signal
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_IGN)


def _read_one(job: tuple[str, int, dt.date]) -> PlanSummary | InvalidPlan:
    path, index, as_at = job
    from actionplan_gen.pipeline import load_plan
    try:
        plan, _warnings = load_plan(path)
    except PlanInvalid as exc:
        return _invalid(path, index, exc.problems, 1)
    except ApgenError as exc:
        problem = Problem(exc.file or path, exc.line, exc.col, "", exc.message)
        return _invalid(path, index, [problem], exc.exit_code)
    return summarise(plan, index, as_at)


def _invalid(path: str, index: int, problems: list[Problem], code: int) -> InvalidPlan:
    """The first problem, with the names the file lists (as far as it can be read) removed."""
    case, names = _what_can_be_read(path)
    scrub = Scrubber(names)
    first = problems[0] if problems else Problem(path, None, None, "", "the plan has problems")
    message = scrub(first.message)
    return InvalidPlan(index, scrub(case) if case else None, first.line, first.path, message,
                       code,
                       tuple(problems))


def _what_can_be_read(path: str) -> tuple[str | None, list[str]]:
    """The first case reference and the people's names of a file that may not be valid."""
    from actionplan_gen.loader import load_file
    try:
        data = load_file(Path(path)).data
    except Exception:  # noqa: BLE001 - unreadable: nothing more can be said of it
        return None, []
    if not isinstance(data, dict):
        return None, []
    omb = data.get("ombudsman")
    refs = omb.get("case_references") if isinstance(omb, dict) else None
    case = refs[0] if isinstance(refs, list) and refs and isinstance(refs[0], str) else None
    people = data.get("people") if isinstance(data.get("people"), list) else []
    names = [p["name"] for p in people if isinstance(p, dict) and isinstance(p.get("name"), str)]
    return case, names


# ---------------------------------------------------------------- totals, rows, records

def ordered(results: list[PlanSummary | InvalidPlan]) -> list[PlanSummary | InvalidPlan]:
    """Valid plans by case reference (whatever order the shell gave), then invalid ones in
    the order given."""
    valid = sorted((r for r in results if isinstance(r, PlanSummary)),
                   key=lambda r: (_natural(r.case), r.index))
    return valid + [r for r in results if isinstance(r, InvalidPlan)]


def _natural(text: str) -> tuple:
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
                 for part in re.split(r"(\d+)", text) if part)


def totals(results: list[PlanSummary | InvalidPlan]) -> dict:
    valid = [r for r in results if isinstance(r, PlanSummary)]
    by_status = [sum(r.statuses[i] for r in valid) for i in range(len(STATUSES))]
    return {
        "plans": len(valid),
        "invalid_plans": len(results) - len(valid),
        "deadlines_missed": sum(r.deadline_missed for r in valid),
        "actions": sum(by_status),
        "actions_by_status": {STATUS_KEYS[s]: n for s, n in zip(STATUSES, by_status,
                                                                  strict=True)},
        "overdue_actions": sum(len(r.overdue) for r in valid),
        "updates_due": sum(len(r.updates) for r in valid),
        "recommendations_due": sum(len(r.recommendations_due) for r in valid),
        "recommendations_lacking_evidence": sum(len(r.gaps) for r in valid),
    }


def envelope_entry(result: PlanSummary | InvalidPlan) -> dict:
    """One plan in the JSON envelope: no file name, nobody named."""
    if isinstance(result, InvalidPlan):
        return {"input": result.index, "case_reference": result.case, "valid": False,
                "line": result.line, "problem": result.first_problem}
    return {
        "input": result.index, "case_reference": result.case, "valid": True,
        "organisation": result.organisation, "stage": result.stage,
        "stage_words": _capital(STAGE_WORDS[result.stage]),
        "deadline": _iso(result.deadline), "deadline_missed": result.deadline_missed,
        "actions": result.actions,
        "actions_by_status": {STATUS_KEYS[s]: n for s, n in zip(STATUSES, result.statuses,
                                                                  strict=True)},
        "overdue_actions": [{"id": o.action, "owner": o.owner, "target_date": _iso(
            o.target_date), "days_overdue": o.days} for o in result.overdue],
        "updates_due": [{"party": u.party, "due": _iso(u.due), "days_overdue": u.days}
                        for u in result.updates],
        "recommendations_due": list(result.recommendations_due),
        "recommendations_lacking_evidence": [{"id": g.recommendation, "due_by": _iso(
            g.due_by), "missing": g.missing} for g in result.gaps],
    }


CSV_COLUMNS = ["case_reference", "input", "valid", "stage", "submission_deadline",
               "deadline_missed", "actions", *(f"actions_{STATUS_KEYS[s]}" for s in STATUSES),
               "overdue_actions", "overdue_action_details", "updates_due", "updates_due_to",
               "recommendations_due", "recommendations_lacking_evidence",
               "recommendations_lacking_evidence_details", "problem"]


def csv_bytes(results: list[PlanSummary | InvalidPlan]) -> bytes:
    """One row per plan, then the totals; UTF-8 with a byte-order mark, for Excel."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for r in results:
        if isinstance(r, InvalidPlan):
            writer.writerow([r.case or "", r.index, "no", *[""] * (len(CSV_COLUMNS) - 4),
                             r.first_problem])
            continue
        writer.writerow([
            r.case, r.index, "yes", _capital(STAGE_WORDS[r.stage]), _iso(r.deadline),
            "yes" if r.deadline_missed else "no", r.actions, *r.statuses, len(r.overdue),
            "; ".join(f"{o.action} ({o.owner}): {_days(o.days)} overdue" for o in r.overdue),
            len(r.updates), "; ".join(f"{u.party} (due {_iso(u.due)})" for u in r.updates),
            len(r.recommendations_due), len(r.gaps),
            "; ".join(f"{g.recommendation}: {g.missing}" for g in r.gaps), ""])
    t = totals(results)
    writer.writerow(["Total", "", f"{t['plans']} valid, {t['invalid_plans']} not valid", "", "",
                     t["deadlines_missed"], t["actions"], *t["actions_by_status"].values(),
                     t["overdue_actions"], "", t["updates_due"], "", t["recommendations_due"],
                     t["recommendations_lacking_evidence"], "", ""])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _days(n: int) -> str:
    return f"{n} day{'' if n == 1 else 's'}"


# ---------------------------------------------------------------- the paper

def context(results: list[PlanSummary | InvalidPlan], as_at: dt.date, chart_alt: str,
            chart_size: tuple[int, int]) -> dict:
    """The portfolio template's values (templates/README.md lists them)."""
    valid = [r for r in results if isinstance(r, PlanSummary)]
    invalid = [r for r in results if isinstance(r, InvalidPlan)]
    t = totals(results)
    organisations = sorted({r.organisation for r in valid})
    return {
        "title": TITLE,
        "organisation": {"name": organisations[0] if len(organisations) == 1 else
                         "Several organisations" if organisations else ""},
        "as_at": long_date(as_at),
        "summary": _summary(t, as_at),
        "totals": [{"label": label, "value": str(value)} for label, value in [
            ("Action plans counted", t["plans"]),
            ("Plans that could not be read (listed at the end)", t["invalid_plans"]),
            ("Plans past their submission deadline and not yet sent", t["deadlines_missed"]),
            ("Actions in all plans", t["actions"]),
            *((f"Actions: {STATUS_WORDS[s].lower()}", t["actions_by_status"][STATUS_KEYS[s]])
              for s in STATUSES if s or t["actions_by_status"]["not_recorded"]),
            ("Actions past their target date and not complete", t["overdue_actions"]),
            ("Progress updates due to complainants and organisations", t["updates_due"]),
            ("Recommendations due", t["recommendations_due"]),
            ("Recommendations due without evidence of compliance",
             t["recommendations_lacking_evidence"])]],
        "chart_alt": chart_alt,
        "chart_cx": str(chart_size[0]),
        "chart_cy": str(chart_size[1]),
        "status_headings": [STATUS_WORDS[s] for s in STATUSES],
        "plans": [{
            "case": r.case, "stage": _capital(STAGE_WORDS[r.stage]),
            "deadline": long_date(r.deadline, "None set") + (
                "\nMissed: not yet sent" if r.deadline_missed else ""),
            "actions": _status_words(r.statuses),
            "overdue": str(len(r.overdue)),
            "updates": str(len(r.updates)),
            "recommendations_due": listing(r.recommendations_due, "None"),
            "lacking_evidence": listing([g.recommendation for g in r.gaps], "None"),
        } for r in valid],
        "by_status": [{"case": r.case, "counts": [str(n) for n in r.statuses],
                       "total": str(r.actions)} for r in valid],
        "status_totals": [str(n) for n in t["actions_by_status"].values()],
        "actions_total": str(t["actions"]),
        "overdue": [{"case": r.case, "action": o.action, "owner": o.owner,
                     "target": long_date(o.target_date), "days": _days(o.days)}
                    for r in valid for o in r.overdue],
        "updates": [{"case": r.case, "party": _capital(u.party), "due": long_date(u.due),
                     "days": "Due today" if u.days == 0 else f"{_days(u.days)} overdue"}
                    for r in valid for u in r.updates],
        "gaps": [{"case": r.case, "recommendation": g.recommendation,
                  "due_by": long_date(g.due_by), "missing": g.missing}
                 for r in valid for g in r.gaps],
        "invalid": [{"label": r.label, "problem": r.first_problem} for r in invalid],
    }


def _summary(t: dict, as_at: dt.date) -> str:
    plans = f"{t['plans']} action plan{'' if t['plans'] == 1 else 's'}"
    text = (f"This paper shows where {plans} stood on {long_date(as_at)}: each plan's stage, "
            f"its actions by status, the actions past their target date, the progress updates "
            f"due and the ombudsman's recommendations due without evidence of compliance. "
            f"Plans are named by case reference and people by role or team.")
    if t["invalid_plans"]:
        text += (f" {t['invalid_plans']} plan{' was' if t['invalid_plans'] == 1 else 's were'} "
                 "not valid and could not be counted; they are listed at the end.")
    return text


def _status_words(counts: tuple[int, ...]) -> str:
    """'1 planned, 2 in progress, 3 complete' (statuses with no action left out)."""
    parts = [f"{n} {STATUS_WORDS[s].lower()}" for s, n in zip(STATUSES, counts, strict=True)
             if n]
    return ", ".join(parts) if parts else "No actions"


def chart_plans(results: list[PlanSummary | InvalidPlan]) -> list[PlanSummary]:
    """The plans the chart shows: all, or the MAX_BARS with most overdue then open actions."""
    valid = [r for r in results if isinstance(r, PlanSummary)]
    if len(valid) <= MAX_BARS:
        return valid
    chosen = sorted(valid, key=lambda r: (-len(r.overdue), -r.open_actions, _natural(r.case)))
    keep = {id(r) for r in chosen[:MAX_BARS]}
    return [r for r in valid if id(r) in keep]


def chart_alt(results: list[PlanSummary | InvalidPlan]) -> str:
    """The chart's numbers in words, for a screen reader."""
    shown = chart_plans(results)
    valid = [r for r in results if isinstance(r, PlanSummary)]
    if not shown:
        return "Bar chart of actions by status: no valid plans to show."
    which = (f"one bar per plan ({len(shown)})" if len(shown) == len(valid) else
             f"the {len(shown)} plans (of {len(valid)}) with most overdue actions")
    bars = "; ".join(f"{r.case}: {_status_words(r.statuses)}, {len(r.overdue)} overdue"
                     for r in shown)
    return f"Bar chart of actions by status, {which}. {bars}."


def chart_png(results: list[PlanSummary | InvalidPlan]) -> tuple[bytes, tuple[int, int]]:
    """Stacked horizontal bars of actions by status per plan, as PNG bytes, and the size the
    paper shows it at (EMU). matplotlib is imported here only: other commands stay quick."""
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    shown = chart_plans(results)
    width_in, height_in = 10.0, 1.6 + 0.32 * max(len(shown), 1)
    with matplotlib.rc_context({"font.family": "DejaVu Sans", "font.size": 9,
                                "svg.hashsalt": "apgen", "hatch.linewidth": 0.6,
                                "axes.spines.top": False, "axes.spines.right": False}):
        figure = Figure(figsize=(width_in, height_in), dpi=150)
        axes = figure.add_subplot()
        labels = [r.case for r in reversed(shown)]
        left = [0] * len(shown)
        styles = {"planned": ("#D9D9D9", ""), "in_progress": ("#56B4E9", ""),
                  "at_risk": ("#E69F00", "///"), "complete": ("#009E73", ""),
                  "assured": ("#0072B2", ".."), None: ("#FFFFFF", "xx")}
        for i, status in enumerate(STATUSES):
            values = [r.statuses[i] for r in reversed(shown)]
            if not any(values):
                continue
            colour, hatch = styles[status]
            bars = axes.barh(labels, values, left=left, color=colour, hatch=hatch,
                             edgecolor="#404040", linewidth=0.5, label=STATUS_WORDS[status])
            axes.bar_label(bars, labels=[str(v) if v else "" for v in values],
                           label_type="center", fontsize=8,
                           color="white" if status == "assured" else "black")
            left = [a + b for a, b in zip(left, values, strict=True)]
        for y, r in enumerate(reversed(shown)):
            if r.overdue:
                axes.text(left[y] + 0.15, y, f"{len(r.overdue)} overdue", va="center",
                          fontsize=8, color="#A50021", fontweight="bold")
        if not shown:
            axes.text(0.5, 0.5, "No valid plans", ha="center", va="center",
                      transform=axes.transAxes)
        axes.set_xlabel("Number of actions")
        axes.set_xlim(0, max(left, default=0) * 1.18 + 1)
        axes.xaxis.get_major_locator().set_params(integer=True)
        axes.set_title("Actions by status" + ("" if len(shown) == sum(
            isinstance(r, PlanSummary) for r in results) else
            f": the {len(shown)} plans with most overdue actions"), loc="left",
            fontweight="bold")
        if shown:
            axes.legend(loc="lower center", bbox_to_anchor=(0.5, 1.02 + 0.2 / height_in),
                        ncols=6, frameon=False, fontsize=8)
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", metadata={"Software": None})
    shown_cm = 24.0
    cx = int(shown_cm * _EMU_PER_CM)
    return buffer.getvalue(), (cx, int(cx * height_in / width_in))


def put_chart(docx: bytes, png: bytes) -> bytes:
    """Replace the template's placeholder picture (the one named CHART_NAME) with the chart."""
    import zipfile

    from actionplan_gen.ooxml import reproducible_zip

    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        document = package.read("word/document.xml").decode("utf-8")
        rels = package.read("word/_rels/document.xml.rels").decode("utf-8")
    # Found by text, not by parsing: the document of 1,000 plans is large, the picture one.
    named = re.search(r'<wp:docPr\b[^>]*\bname="' + CHART_NAME + r'"', document)
    embed = named and re.search(r'r:embed="([^"]+)"', document[named.end():])
    target = embed and re.search(r'<Relationship\b[^>]*\bId="' + re.escape(embed.group(1))
                                 + r'"[^>]*>', rels)
    found = target and re.search(r'\bTarget="([^"]+)"', target.group(0))
    if not found:
        raise TemplateError("the portfolio template has no chart picture (a picture named "
                            f"{CHART_NAME}); regenerate it with tools/make_portfolio_template.py")
    return reproducible_zip(docx, replace={"word/" + found.group(1).lstrip("/"): png})


# ---------------------------------------------------------------- writing

@record(frozen=False)
class Portfolio:
    results: list[PlanSummary | InvalidPlan]
    totals: dict
    outputs: list[Path]


def _imports() -> None:
    """What rendering needs, imported while the plans are read."""
    import docxtpl  # noqa: F401
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.figure  # noqa: F401


def make_portfolio(paths: list[str], out_dir: Path, as_at: dt.date,
                   template: Path | None = None, guard: Guard | None = None) -> Portfolio:
    """Read every plan, then write portfolio.docx and portfolio.csv together (all or none)."""
    template = Path(template) if template else template_path(TEMPLATE)
    guard = (guard or Guard()).add([*paths, template])
    results = ordered(read(paths, as_at, meanwhile=_imports))
    png, size = chart_png(results)
    values = context(results, as_at, chart_alt(results), size)
    valid = [r for r in results if isinstance(r, PlanSummary)]
    properties = DocumentProperties(
        TITLE, f"Ombudsman action plans as at {long_date(as_at)}",
        values["organisation"]["name"] if len({r.organisation for r in valid}) == 1 else "apgen",
        as_at.isoformat())
    docx = put_chart(render(template, values, properties), png)
    outputs = {out_dir / DOCX: docx, out_dir / CSV: csv_bytes(results)}
    replace_all(outputs, guard)
    return Portfolio(results, totals(results), list(outputs))
