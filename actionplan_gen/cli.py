"""The ``apgen`` command line: parse, call the core, print, choose the exit code.

Nothing else in apgen prints or exits. Heavy modules (docxtpl, lxml) are
imported inside the commands that need them, so ``validate`` stays quick.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from pathlib import Path

import click

from actionplan_gen import __version__
from actionplan_gen.errors import WARNING, ApgenError, PlanInvalid, Problem, TemplateError

FORMATS = click.Choice(["text", "json"])


def _handles_errors(command):
    """Turns an ApgenError into its message and exit code: users never see a traceback."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except ApgenError as exc:
            click.echo(f"apgen: {exc}", err=True)
            sys.exit(exc.exit_code)
        except OSError as exc:  # a folder that cannot be written, a full disk...
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"apgen: {where}{exc.strerror or exc}", err=True)
            sys.exit(2)
    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="apgen")
def main():
    """Action plans as code: validate, check, build and redact the action plan an
    ombudsman asks for after upholding a complaint."""


class _Run:
    """Collects per-file outcomes of a multi-file command and works out the exit code."""

    def __init__(self, fmt: str, strict: bool = False):
        self.fmt = fmt
        self.strict = strict
        self.code = 0
        self.records: list[dict] = []
        self.unreadable = False
        self.warnings: list[Problem] = []

    def fail(self, code: int) -> None:
        self.code = max(self.code, code)

    def open(self, path: str, work):
        """``work(path)`` -> (result, warnings), reporting every problem of the file.

        Returns the result, or None when the file is invalid (``self.unreadable`` tells
        whether it could not even be read)."""
        self.unreadable = False
        try:
            result, warnings = work(path)
        except PlanInvalid as exc:
            self.report(exc.problems)
            self.fail(1)
            return None
        except ApgenError as exc:
            self.error(path, exc)
            self.unreadable = True
            return None
        self.report(warnings)
        if warnings and self.strict:
            self.fail(1)
        self.warnings = warnings
        return result

    def plans(self, paths, failed: str):
        """Each valid plan in turn, as (path, plan); the others are reported and skipped."""
        from actionplan_gen.pipeline import load_plan
        for path in paths:
            plan = self.open(path, load_plan)
            if plan is None:
                self.say(f"{path}: {failed}")
            else:
                yield path, plan

    def attempt(self, path: str, failed: str, work):
        """``work()`` for one plan: its own problems are reported and the run goes on.

        A broken template stops the whole run: it would fail for every plan."""
        try:
            return work()
        except TemplateError:
            raise
        except ApgenError as exc:
            self.error(path, exc)
            self.say(f"{path}: {failed}")
            return None

    def error(self, path: str, exc: ApgenError) -> None:
        """Report an error about one file as a located problem, and keep its exit code."""
        self.report([Problem(exc.file or path, exc.line, exc.col, "", exc.message)])
        self.fail(exc.exit_code)

    def report(self, problems: list[Problem]) -> None:
        for problem in problems:
            self.records.append(problem.to_dict())
            self.say(str(problem))

    def say(self, message: str) -> None:
        if self.fmt == "text":
            click.echo(message)

    def finish(self, payload=None) -> None:
        if self.fmt == "json":
            click.echo(json.dumps(self.records if payload is None else payload, indent=2,
                                  ensure_ascii=False))
        sys.exit(self.code)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@_handles_errors
def validate(paths, strict, fmt):
    """Check plan files against the schema and apgen's rules.

    Every problem of every file is reported as FILE:LINE:COL: message.
    Exit 0 all valid, 1 any problem, 2 a file missing or unreadable."""
    from actionplan_gen.pipeline import check_file

    run = _Run(fmt, strict)
    for path in paths:
        if run.open(path, check_file) is None:
            run.say(f"{path}: {'could not be read' if run.unreadable else 'not valid'}")
        elif run.warnings:
            count = len(run.warnings)
            run.say(f"{path}: valid, with {count} warning{'s' if count > 1 else ''}")
        else:
            run.say(f"{path}: valid")
    run.finish()


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", "out_dir", default=".", show_default=True,
              type=click.Path(file_okay=False), help="Folder to write the documents into.")
@click.option("--pdf", is_flag=True, help="Also write PDFs (needs LibreOffice).")
@click.option("--template", type=click.Path(dir_okay=False),
              help="Your restyled copy of templates/action-plan.docx.")
@click.option("--checklist-template", type=click.Path(dir_okay=False),
              help="Your restyled copy of templates/checklist.docx.")
@click.option("--strict", is_flag=True, help="Fail on plan warnings too.")
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@_handles_errors
def build(paths, out_dir, pdf, template, checklist_template, strict, fmt):
    """Render each plan into its Word action plan and checklist sheet.

    For cases/ellison.plan.yaml this writes ellison.action-plan.docx and
    ellison.checklist.docx (and the PDFs with --pdf) into the output folder.
    One bad plan does not stop the others; the exit code says some failed."""
    from actionplan_gen.render.build import Templates, build as build_plan

    templates = Templates.default(template, checklist_template)
    if pdf:
        from actionplan_gen.render.pdf import soffice
        soffice()  # fail before any work when LibreOffice is missing
    run = _Run(fmt, strict)
    written = []
    for path, plan in run.plans(paths, "not built"):
        outputs = run.attempt(path, "not built",
                              lambda: build_plan(plan, Path(out_dir), templates, pdf=pdf))
        if outputs:
            written.append({"file": path, "outputs": [str(o) for o in outputs]})
            run.say(f"{path}: wrote {', '.join(str(o) for o in outputs)}")
    run.finish({"problems": run.records, "built": written})


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--strict", is_flag=True,
              help="Fail while a question needs confirmation too (for CI).")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="The date to judge overdue actions against (default: today).")
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@_handles_errors
def check(paths, strict, today, fmt):
    """Answer the ombudsman's ten checklist questions for each plan.

    Each question is met, not met, needs confirmation or not applicable, with
    the reason and the ids and lines involved. Exit 1 when any is not met (and,
    with --strict, when any needs confirmation)."""
    import datetime as dt

    from actionplan_gen.checklist import evaluate
    from actionplan_gen.checklist_text import checklist_text

    as_at = today.date() if today else dt.date.today()
    run = _Run(fmt, strict=False)
    results = []
    for path, plan in run.plans(paths, "not checked"):
        result = evaluate(plan, as_at)
        if result.fails(strict):
            run.fail(1)
        results.append({"file": path, "today": as_at.isoformat(),
                        "questions": [a.to_dict() for a in result.answers],
                        "overdue": [{"action": o.action, "target_date": o.target_date.isoformat(),
                                     "line": o.line} for o in result.overdue]})
        run.say(checklist_text(path, plan, result, as_at))
    run.finish({"problems": run.records, "plans": results})


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", "out_dir", default=".", show_default=True,
              type=click.Path(file_okay=False), help="Folder in which to make STEM.regulator/.")
@click.option("--report", type=click.Path(dir_okay=False),
              help="The final report (.docx); default: the plan's ombudsman.final_report_file.")
@click.option("--key", type=click.Path(dir_okay=False),
              help="Also write the pseudonym key (who is who) to this CSV file, outside the pack.")
@click.option("--drop-images", is_flag=True, help="Remove images from the report.")
@click.option("--template", type=click.Path(dir_okay=False),
              help="Your restyled copy of templates/action-plan.docx.")
@click.option("--checklist-template", type=click.Path(dir_okay=False),
              help="Your restyled copy of templates/checklist.docx.")
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@_handles_errors
def redact(paths, out_dir, report, key, drop_images, template, checklist_template, fmt):
    """Make the anonymised pack for the regulator.

    For cases/ellison.plan.yaml this makes the folder ellison.regulator/ holding
    action-plan.docx, checklist.docx and final-report.docx with people shown by
    pseudonym or role and identifiers removed. Every file is scanned as written;
    if anything personal survives, nothing is left behind and the exit code is 1."""
    from actionplan_gen.errors import UsageError
    from actionplan_gen.redact.pack import make_pack
    from actionplan_gen.render.build import Templates

    if (report or key) and len(paths) > 1:
        raise UsageError("--report and --key apply to one plan at a time")
    templates = Templates.default(template, checklist_template)
    run = _Run(fmt)
    made = []
    for path, plan in run.plans(paths, "no pack made"):
        pack = run.attempt(path, "no pack made", lambda: make_pack(
            plan, Path(out_dir), templates, report, key, drop_images))
        if pack is None:
            continue
        for warning in pack.warnings:
            run.report([Problem(path, None, None, "", warning, WARNING)])
        made.append({"file": path, "folder": str(pack.folder),
                     "files": [str(f) for f in pack.files], "warnings": pack.warnings})
        run.say(f"{path}: wrote {pack.folder}/ ({', '.join(f.name for f in pack.files)})")
    run.finish({"problems": run.records, "packs": made})


@main.command()
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--organisation", default="Name of your organisation", show_default=True,
              help="Your organisation's full name.")
@click.option("--ombudsman", "body", type=click.Choice(["PHSO", "LGSCO", "PHSO+LGSCO"]),
              default="PHSO", show_default=True)
@_handles_errors
def init(path, organisation, body):
    """Write a commented starting plan to PATH (never overwrites)."""
    from actionplan_gen.atomic import atomic_write
    from actionplan_gen.resources import schema_path
    from actionplan_gen.scaffold import scaffold

    target = Path(path)
    schema_ref = os.path.relpath(schema_path(), target.resolve().parent)
    text = scaffold(target.name, Path(schema_ref).as_posix(), organisation, body)
    atomic_write(target, text.encode("utf-8"), exclusive=True)
    click.echo(f"wrote {target}: fill it in, then run `apgen validate {target}`")


@main.command("schema")
def schema_command():
    """Print the plan's JSON Schema (for editors and other tools)."""
    from actionplan_gen.resources import schema_path
    click.echo(schema_path().read_text(encoding="utf-8"), nl=False)


@main.command("standards")
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
def standards_command(fmt):
    """List the built-in standards an action may cite by id."""
    from actionplan_gen.standards import catalogue
    items = list(catalogue().values())
    if fmt == "json":
        click.echo(json.dumps([s.__dict__ for s in items], indent=2, ensure_ascii=False))
        return
    width = max(len(s.id) for s in items)
    for s in items:
        click.echo(f"{s.id.ljust(width)}  {s.title}")
    click.echo(f"{'nice.<ID>'.ljust(width)}  NICE guidance, e.g. nice.NG27 (NG, CG, QS, TA, PH, DG, "
               "IPG, MTG, HTG + number)")
    click.echo("\nAny other standard: add it under 'standards:' in the plan with its full title.")
