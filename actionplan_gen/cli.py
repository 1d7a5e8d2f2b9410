"""The ``apgen`` command line: parse, call the core, report, choose the exit code.

Nothing else in apgen prints or exits. Heavy modules (docxtpl, lxml) are
imported inside the commands that need them, so ``validate`` stays quick.
"""

from __future__ import annotations

import datetime as dt
import functools
import sys
from pathlib import Path

import click

from actionplan_gen import __version__
from actionplan_gen.errors import WARNING, ApgenError, PlanInvalid, Problem, TemplateError
from actionplan_gen.reporting import Reporter, reporter

# ----------------------------------------------------------------- options used by several commands

format_option = click.option("--format", "fmt", type=click.Choice(["text", "json"]),
                             default="text", show_default=True,
                             help="json prints one envelope: command, exit_code, problems, plans.")
output_option = click.option("-o", "--output", "out_dir", default=".", show_default=True,
                             type=click.Path(file_okay=False),
                             help="Folder to write into.")


def strict_option(help_text: str):
    return click.option("--strict", is_flag=True, help=help_text)


def as_at_option(command):
    """``--as-at YYYY-MM-DD`` (alias ``--today``): the date a command judges time against."""
    return click.option("--as-at", "--today", "as_at", type=click.DateTime(formats=["%Y-%m-%d"]),
                        help="Judge dates as at this day (default: today).")(command)


def template_options(command):
    command = click.option("--checklist-template", type=click.Path(dir_okay=False),
                           help="Your restyled copy of templates/checklist.docx.")(command)
    return click.option("--template", type=click.Path(dir_okay=False),
                        help="Your restyled copy of templates/action-plan.docx.")(command)


class _Bodies(click.Choice):
    """``click.Choice`` of the bodies with a profile (``ombudsmen.bodies()``), read only when
    ``init``'s option is parsed or shown: other commands neither import nor read profiles/."""

    def __init__(self) -> None:
        self.case_sensitive = True

    @functools.cached_property
    def choices(self) -> tuple[str, ...]:
        from actionplan_gen import ombudsmen
        return tuple(ombudsmen.bodies())


def _as_at(value) -> dt.date:
    return value.date() if value else dt.date.today()


# ----------------------------------------------------------------- errors, signals, exit codes

def _handles_errors(command):
    """Turns an ApgenError, an OS error or a signal into a message and an exit code:
    users never see a traceback."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        from actionplan_gen.interrupts import Interrupted
        try:
            return command(*args, **kwargs)
        except ApgenError as exc:
            click.echo(f"apgen: {exc}", err=True)
            sys.exit(exc.exit_code)
        except OSError as exc:  # a folder that cannot be written, a full disk...
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"apgen: {where}{exc.strerror or exc}", err=True)
            sys.exit(2)
        except KeyboardInterrupt:
            click.echo("apgen: interrupted; nothing partial was left behind", err=True)
            sys.exit(130)
        except Interrupted as exc:
            click.echo(f"apgen: stopped ({exc}); nothing partial was left behind", err=True)
            sys.exit(exc.exit_code)
    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="apgen")
def main():
    """Action plans as code: validate, check, build and redact the action plan an
    ombudsman asks for after upholding a complaint."""
    from actionplan_gen.interrupts import install
    install()


class _Run:
    """One command over several plan files: each file's problems are reported against it,
    the run goes on, and the exit code is the worst outcome."""

    def __init__(self, report: Reporter, strict: bool = False):
        self.report = report
        self.strict = strict
        self.code = 0

    def fail(self, code: int) -> None:
        self.code = max(self.code, code)

    def open(self, path: str, work):
        """``work(path)`` -> (result, warnings); returns (result, warnings), or
        (None, reason) when the file is invalid or unreadable, every problem reported."""
        try:
            result, warnings = work(path)
        except PlanInvalid as exc:
            self.problems(exc.problems)
            self.fail(1)
            return None, "not valid"
        except ApgenError as exc:
            self.error(path, exc)
            return None, "could not be read"
        self.problems(warnings)
        if warnings and self.strict:
            self.fail(1)
        return result, warnings

    def plans(self, paths, failed: str):
        """Each valid plan in turn, as (path, plan); the others are reported and skipped."""
        from actionplan_gen.pipeline import load_plan
        for path in paths:
            plan, _ = self.open(path, load_plan)
            if plan is None:
                self.report.say(f"{path}: {failed}")
            else:
                yield path, plan

    def attempt(self, path: str, failed: str, work):
        """``work()`` for one plan: its own problems are reported and the run goes on.

        A broken template stops the whole run: it would fail for every plan."""
        try:
            return work()
        except TemplateError:
            raise
        except PlanInvalid as exc:  # problems found while working: every one, located
            self.problems(exc.problems)
            self.fail(1)
            self.report.say(f"{path}: {failed}")
            return None
        except ApgenError as exc:
            self.error(path, exc)
            self.report.say(f"{path}: {failed}")
            return None

    def error(self, path: str, exc: ApgenError) -> None:
        """Report an error about one file as a located problem, and keep its exit code."""
        self.problems([Problem(exc.file or path, exc.line, exc.col, "", exc.message)])
        self.fail(exc.exit_code)

    def problems(self, problems: list[Problem]) -> None:
        for problem in problems:
            self.report.problem(problem)

    def finish(self) -> None:
        self.report.finish(self.code)
        sys.exit(self.code)


# ----------------------------------------------------------------- commands

@main.command()
@click.argument("paths", nargs=-1, required=True)
@strict_option("Fail on warnings too.")
@format_option
@_handles_errors
def validate(paths, strict, fmt):
    """Check plan files against the schema and apgen's rules.

    Every problem of every file is reported as FILE:LINE:COL: message.
    Exit 0 all valid, 1 any problem, 2 a file missing or unreadable."""
    from actionplan_gen.pipeline import check_file

    run = _Run(reporter("validate", fmt), strict)
    for path in paths:
        loaded, outcome = run.open(path, check_file)
        if loaded is None:
            run.report.say(f"{path}: {outcome}")
            run.report.plan({"file": path, "valid": False, "warnings": []})
            continue
        count = len(outcome)
        run.report.say(f"{path}: valid" + (f", with {count} warning{'s' if count > 1 else ''}"
                                           if count else ""))
        run.report.plan({"file": path, "valid": True,
                         "warnings": [w.to_dict() for w in outcome]})
    run.finish()


@main.command()
@click.argument("paths", nargs=-1, required=True)
@output_option
@click.option("--pdf", is_flag=True, help="Also write PDFs (needs LibreOffice).")
@template_options
@strict_option("Fail on plan warnings too.")
@format_option
@_handles_errors
def build(paths, out_dir, pdf, template, checklist_template, strict, fmt):
    """Render each plan into its Word action plan and checklist sheet.

    For cases/ellison.plan.yaml this writes ellison.action-plan.docx and
    ellison.checklist.docx (and the PDFs with --pdf) into the output folder.
    One bad plan does not stop the others; the exit code says some failed."""
    from actionplan_gen.atomic import Guard
    from actionplan_gen.render.build import Templates, convert_all, stage

    templates = Templates.default(template, checklist_template)
    if pdf:
        from actionplan_gen.render.pdf import soffice
        soffice()  # fail before any work when LibreOffice is missing
    # Every path the run reads, before any is read: no output may replace one.
    guard = Guard([*paths, template, checklist_template])
    run = _Run(reporter("build", fmt), strict)

    def write(path, job) -> None:
        outputs = run.attempt(path, "not built", job.write)
        if outputs:
            run.report.plan({"file": path, "outputs": [str(o) for o in outputs]})
            run.report.say(f"{path}: wrote {', '.join(str(o) for o in outputs)}")

    staged = []  # with --pdf, every plan's PDFs come from one LibreOffice start
    for path, plan in run.plans(paths, "not built"):
        job = run.attempt(path, "not built",
                          lambda plan=plan: stage(plan, Path(out_dir), templates, pdf=pdf,
                                                  guard=guard))
        if job and pdf:
            staged.append((path, job))
        elif job:
            write(path, job)
    convert_all([job for _, job in staged])
    for path, job in staged:
        write(path, job)
    run.finish()


@main.command()
@click.argument("paths", nargs=-1, required=True)
@strict_option("Fail while a question needs confirmation too (for CI).")
@as_at_option
@format_option
@_handles_errors
def check(paths, strict, as_at, fmt):
    """Answer the ombudsman's ten checklist questions for each plan.

    Each question is met, not met, needs confirmation, not yet due or not
    applicable, with the reason and the ids and lines involved. Exit 1 when any
    is not met (and, with --strict, when any needs confirmation)."""
    from actionplan_gen.checklist import evaluate
    from actionplan_gen.checklist_text import checklist_text

    as_at = _as_at(as_at)
    run = _Run(reporter("check", fmt))
    for path, plan in run.plans(paths, "not checked"):
        result = evaluate(plan, as_at)
        if result.fails(strict):
            run.fail(1)
        run.report.plan({"file": path, **result.to_dict()})
        run.report.say(checklist_text(path, plan, result, as_at))
    run.finish()


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", "out_dir", default=".", show_default=True,
              type=click.Path(file_okay=False),
              help="Folder in which to make the pack folder (named after the case reference).")
@click.option("--report", type=click.Path(dir_okay=False),
              help="The final report (.docx); default: the plan's ombudsman.final_report_file.")
@click.option("--key", type=click.Path(dir_okay=False),
              help="Also write the pseudonym key (who is who) to this CSV file, outside the pack.")
@click.option("--drop-images", is_flag=True, help="Remove images from the report.")
@template_options
@format_option
@_handles_errors
def redact(paths, out_dir, report, key, drop_images, template, checklist_template, fmt):
    """Make the anonymised pack for the regulator.

    For a plan whose first case reference is P-004417 this makes the folder
    P-004417.regulator/ holding action-plan.docx, checklist.docx and
    final-report.docx with people shown by pseudonym or role and identifiers
    removed. Every file is scanned before it is written; if anything personal
    survives, nothing is left behind and the exit code is 1."""
    from actionplan_gen.atomic import Guard
    from actionplan_gen.errors import UsageError
    from actionplan_gen.redact.pack import make_pack
    from actionplan_gen.render.build import Templates

    if (report or key) and len(paths) > 1:
        raise UsageError("--report and --key apply to one plan at a time")
    templates = Templates.default(template, checklist_template)
    guard = Guard([*paths, report, template, checklist_template])
    run = _Run(reporter("redact", fmt))
    for path, plan in run.plans(paths, "no pack made"):
        pack = run.attempt(path, "no pack made", lambda plan=plan: make_pack(
            plan, Path(out_dir), templates, report, key, drop_images, guard=guard))
        if pack is None:
            continue
        run.problems([Problem(path, None, None, "", warning, WARNING)
                      for warning in pack.warnings])
        run.report.plan({"file": path, "folder": str(pack.folder),
                         "files": [str(f) for f in pack.files], "warnings": pack.warnings,
                         "review": str(pack.review)})
        run.report.say(f"{path}: wrote {pack.folder}/ ({', '.join(f.name for f in pack.files)})")
        run.report.say(f"{path}: wrote {pack.review} (words to check in the intruder review; "
                       "not part of the pack)")
    run.finish()


@main.command()
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--organisation", default="Name of your organisation", show_default=True,
              help="Your organisation's full name.")
@click.option("--ombudsman", "body", type=_Bodies(),
              default="PHSO", show_default=True,
              help="Whose decision the plan answers: its profile (profiles/) sets the terms.")
@_handles_errors
def init(path, organisation, body):
    """Write a commented starting plan to PATH (never overwrites).

    The plan's first line points editors at action-plan.schema.json beside it;
    that copy of the schema is written too when it is not there yet."""
    from actionplan_gen.scaffold import SCHEMA_FILE, write_starting_plan

    target = Path(path)
    schema_written = write_starting_plan(target, organisation, body)
    click.echo(f"wrote {target}: fill it in, then run `apgen validate {target}`")
    if schema_written:
        click.echo(f"wrote {target.parent / SCHEMA_FILE} for your editor's completion "
                   "(refresh it after upgrading apgen: apgen schema > action-plan.schema.json)")


@main.command("schema")
@_handles_errors
def schema_command():
    """Print the plan's JSON Schema (for editors and other tools)."""
    from actionplan_gen.resources import schema_path
    click.echo(schema_path().read_text(encoding="utf-8"), nl=False)


@main.command("standards")
@format_option
@_handles_errors
def standards_command(fmt):
    """List the built-in standards an action may cite by id."""
    import json

    from actionplan_gen.standards import catalogue
    items = list(catalogue().values())
    if fmt == "json":
        click.echo(json.dumps([s.__dict__ for s in items], indent=2, ensure_ascii=False))
        return
    width = max(len(s.id) for s in items)
    for s in items:
        click.echo(f"{s.id.ljust(width)}  {s.title}")
    click.echo(f"{'nice.<ID>'.ljust(width)}  NICE guidance, e.g. nice.NG27 (NG, CG, QS, TA, PH, "
               "DG, IPG, MTG, HTG + number)")
    click.echo("\nAny other standard: add it under 'standards:' in the plan with its full title.")


@main.command("calendar")
@click.argument("paths", nargs=-1, required=True)
@output_option
@click.option("--one-file", is_flag=True,
              help="Write one calendar.ics holding every plan's dates.")
@format_option
@_handles_errors
def calendar_command(paths, out_dir, one_file, fmt):
    """Write each plan's dates as a calendar (iCalendar .ics) for Outlook, Google or
    Thunderbird: the submission deadline, each action's start, target, review and audit,
    recommendations due, the plan's review and every party's next update.

    For cases/ellison.plan.yaml this writes ellison.ics; with --one-file, calendar.ics.
    Events name action ids, roles and teams, never a complainant or patient."""
    from actionplan_gen.atomic import Guard
    from actionplan_gen.calendar_export import write_calendars

    run = _Run(reporter("calendar", fmt))
    guard = Guard(paths)
    plans = [plan for _, plan in run.plans(paths, "no calendar written")]
    groups = [plans] if one_file else [[plan] for plan in plans]
    for group in groups:
        if not group:
            continue
        written = run.attempt(str(group[-1].file), "no calendar written",
                              lambda group=group: write_calendars(group, Path(out_dir),
                                                                  one_file, guard))
        for item in written or []:
            run.report.plan({"file": str(item.plan.file), "output": str(item.output),
                             "events": item.events})
            run.report.say(f"{item.plan.file}: {item.events} dates in {item.output}")
    run.finish()


@main.command("letters")
@click.argument("paths", nargs=-1, required=True)
@output_option
@as_at_option
@click.option("--pdf", is_flag=True, help="Also write each letter as a PDF (needs LibreOffice).")
@click.option("--template", type=click.Path(dir_okay=False),
              help="Your restyled copy of templates/letter-update.docx.")
@format_option
@_handles_errors
def letters_command(paths, out_dir, as_at, pdf, template, fmt):
    """Write the progress-update letters due on the date (default: today).

    For cases/ellison.plan.yaml this writes ellison.letters/DATE-PARTY.docx for each party
    whose update is due: what changed since their last update, what comes next and whom
    to contact. A regulator's letter is anonymised and scanned like the regulator pack; if
    anything personal survives, no letter of that plan is written (exit 1). Prints the
    lines to add under updates: once the letters are sent."""
    from actionplan_gen.atomic import Guard
    from actionplan_gen.letters import listing_of, make_letters
    from actionplan_gen.wording import long_date

    as_at = _as_at(as_at)
    if pdf:
        from actionplan_gen.render.pdf import soffice
        soffice()  # fail before any work when LibreOffice is missing
    run = _Run(reporter("letters", fmt))
    guard = Guard([*paths, template])
    for path, plan in run.plans(paths, "no letters written"):
        made = run.attempt(path, "no letters written", lambda plan=plan: make_letters(
            plan, Path(out_dir), as_at, template, pdf, guard))
        if made is None:
            continue
        if not made.letters:
            run.report.plan({"file": path, "folder": None, "letters": [], "updates_yaml": ""})
            run.report.say(f"{path}: no progress update is due on {long_date(as_at)}; "
                           "nothing written")
            continue
        run.report.plan({"file": path, "folder": str(made.folder), "letters": [
            {"party": x.party.id, "file": str(made.folder / x.name), "regulator": x.regulator}
            for x in made.letters], "updates_yaml": "\n".join(made.updates_yaml)})
        run.report.say(f"{path}: wrote {made.folder}/ for {listing_of(made.letters)}\n"
                       "Once they are sent, add under updates: in the plan:\n  "
                       + "\n  ".join(made.updates_yaml))
    run.finish()


@main.command("portfolio")
@click.argument("paths", nargs=-1, required=True)
@output_option
@as_at_option
@click.option("--template", type=click.Path(dir_okay=False),
              help="Your restyled copy of templates/portfolio.docx.")
@format_option
@_handles_errors
def portfolio_command(paths, out_dir, as_at, template, fmt):
    """Write a board paper on where many plans stand on the date (default: today).

    Writes portfolio.docx (landscape: totals, a chart of actions by status, each plan's
    stage and deadline, overdue actions, updates due, recommendations due without evidence)
    and portfolio.csv. Plans are named by case reference, owners by role or team, and no
    person is named: a board meets in public. A plan that is not valid is listed with its
    first problem and the rest are still counted (exit 1)."""
    from actionplan_gen.atomic import Guard
    from actionplan_gen.portfolio import InvalidPlan, envelope_entry, make_portfolio

    as_at = _as_at(as_at)
    run = _Run(reporter("portfolio", fmt))
    made = make_portfolio(list(paths), Path(out_dir), as_at, template, Guard([*paths, template]))
    for result in made.results:
        run.report.plan(envelope_entry(result))
        if isinstance(result, InvalidPlan):
            # The terminal names the file; the envelope, like the paper, names nobody.
            run.report.record(Problem(result.label, result.line, None, result.path,
                                      result.message))
            run.fail(result.exit_code)
            run.report.say(f"{paths[result.index - 1]}: not counted ({result.label})")
            for problem in result.problems:
                run.report.say(f"  {problem}")
    run.report.extra["totals"] = made.totals
    t = made.totals
    run.report.say(f"wrote {', '.join(str(o) for o in made.outputs)}: {t['plans']} plans, "
                   f"{t['actions']} actions, {t['overdue_actions']} overdue, "
                   f"{t['updates_due']} updates due, {t['recommendations_lacking_evidence']} "
                   "recommendations due without evidence")
    run.finish()


@main.command("evidence")
@click.argument("paths", nargs=-1, required=True)
@output_option
@as_at_option
@click.option("--partial", is_flag=True,
              help="Write the pack even when a recommendation due has no evidence, naming "
                   "each gap in the index and the letter.")
@click.option("--pdf", is_flag=True,
              help="Also write the letter and the index as PDFs (needs LibreOffice).")
@click.option("--template", type=click.Path(dir_okay=False),
              help="Your restyled copy of templates/evidence-letter.docx.")
@click.option("--index-template", type=click.Path(dir_okay=False),
              help="Your restyled copy of templates/evidence-index.docx.")
@format_option
@_handles_errors
def evidence_command(paths, out_dir, as_at, partial, pdf, template, index_template, fmt):
    """Make the evidence pack for the ombudsman's compliance stage.

    For cases/ellison.plan.yaml this writes the folder ellison.evidence/: a covering
    letter, an index (.docx and .csv) walking each recommendation to its actions and
    their evidence, each evidence file once under files/ (E1-<name>), and SHA256SUMS
    (check with `sha256sum -c SHA256SUMS` inside the folder). A recommendation due by the
    date (default: today) without evidence, or an evidence file missing or unreadable,
    stops the pack (exit 1, nothing written); --partial writes it with each gap named."""
    from actionplan_gen.atomic import Guard
    from actionplan_gen.evidence import make_evidence_pack

    as_at = _as_at(as_at)
    if pdf:
        from actionplan_gen.render.pdf import soffice
        soffice()  # fail before any work when LibreOffice is missing
    run = _Run(reporter("evidence", fmt))
    guard = Guard([*paths, template, index_template])
    for path, plan in run.plans(paths, "no evidence pack written"):
        made = run.attempt(path, "no evidence pack written", lambda plan=plan: make_evidence_pack(
            plan, Path(out_dir), as_at, partial, guard, template, index_template, pdf))
        if made is None:
            continue
        run.problems([Problem(path, gap.line, None, "", gap.message, WARNING)
                      for gap in made.gaps])
        run.report.plan({"file": path, "folder": str(made.folder),
                         "files": [str(f) for f in made.files],
                         "gaps": [gap.to_dict() for gap in made.gaps]})
        gaps = f", with {len(made.gaps)} gap{'s' if len(made.gaps) > 1 else ''}" \
            if made.gaps else ""
        run.report.say(f"{path}: wrote {made.folder}/ ({len(made.files)} files{gaps})")
    run.finish()
