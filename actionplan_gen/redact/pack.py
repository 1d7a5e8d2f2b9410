"""``apgen redact``: make the regulator pack in memory, scan those bytes, and only then write
them (see ``atomic``). Any finding or scanner error leaves no file of the pack, and no older
pack either; nothing un-anonymised is ever written."""

from __future__ import annotations

import io
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from actionplan_gen.errors import LeakFound, UsageError
from actionplan_gen.model import Plan
from actionplan_gen.paths import PathOutside, inside_plan
from actionplan_gen.regexes import fixed
from actionplan_gen.ombudsmen import profile
from actionplan_gen.atomic import Guard, discard, replace_all
from actionplan_gen.redact.redactor import Redactor
from actionplan_gen.redact.final_report import mark_draft, redact_report
from actionplan_gen.redact.review import review_text, unvouched
from actionplan_gen.verify import SCANNER_ERROR, Finding, Registry, verify_docx
from actionplan_gen.verify.hit import NAME, TITLED
from actionplan_gen.render.build import Templates, documents
from actionplan_gen.render.context import plan_context
from actionplan_gen.render.docx import DocumentProperties

_NOT_IN_FOLDER_NAMES = fixed(r"[\s/\\:*?\"<>|\x00-\x1f]+")
DRAFT_NOTICE = ("DRAFT: nobody has yet recorded a check of this anonymised copy for details that "
                "could still identify someone (regulator_copy.intruder_review in the plan). Check "
                "it before sending it.")


@dataclass
class Pack:
    folder: Path
    files: list[Path]
    warnings: list[str] = field(default_factory=list)
    review: Path | None = None  # the review list, beside the pack (never inside it)


def deep_map(value, function):
    """Apply ``function`` to every string inside dicts and lists."""
    if isinstance(value, str):
        return function(value)
    if isinstance(value, dict):
        return {k: deep_map(v, function) for k, v in value.items()}
    if isinstance(value, list):
        return [deep_map(v, function) for v in value]
    return value


def report_path(plan: Plan, given: str | None) -> Path | None:
    """The report to anonymise: ``--report`` as given on the command line, or the plan's
    ``final_report_file``, which must stay inside the plan's repository (paths.py)."""
    if given:
        path = Path(given)
    elif plan.final_report_file:
        try:
            path = inside_plan(plan.base_dir, plan.final_report_file)
        except PathOutside as exc:
            line = plan.line_of(("ombudsman", "final_report_file"))
            raise UsageError(f"ombudsman.final_report_file {plan.final_report_file} {exc}",
                             file=str(plan.file), line=line) from None
    else:
        return None
    if not path.is_file():
        raise UsageError("the final report was not found; check --report or "
                         "ombudsman.final_report_file", file=str(path))
    return path


def pack_name(plan: Plan) -> str:
    """``P-004417.regulator``: named after the first case reference, never after the plan's
    file name, which often carries a surname. Spaces, slashes and anything else a folder
    name cannot hold become hyphens."""
    reference = _NOT_IN_FOLDER_NAMES.sub("-", plan.case_references[0])
    return f"{reference.strip('.-') or 'case'}.regulator"


def review_name(plan: Plan) -> str:
    """``P-004417.review.txt``: the review list's name, beside the pack folder."""
    return pack_name(plan).removesuffix(".regulator") + ".review.txt"


def make_pack(plan: Plan, out_dir: Path, templates: Templates, report: str | None = None,
              key: str | None = None, drop_images: bool = False,
              guard: Guard | None = None) -> Pack:
    """Render, redact and scan everything in memory; only verified bytes reach the disk.

    A leak removes any older pack too (nothing is left to be sent by mistake); an I/O
    error keeps the last good pack. ``guard`` is the run's (see ``atomic.Guard``)."""
    folder = out_dir / pack_name(plan)
    review = out_dir / review_name(plan)
    source = report_path(plan, report)
    guard = (guard or Guard()).add([plan.file, templates.action_plan, templates.checklist,
                                   source])
    outputs = [folder, review, Path(key)] if key else [folder, review]
    _check_outputs(plan, outputs, guard)
    _remove_legacy_staging(out_dir, plan.stem)
    redactor = Redactor(plan)
    files, warnings = _documents(plan, redactor, templates, source, drop_images)
    findings = _findings(files, redactor)
    if findings:
        discard(folder, guard)
        discard(review, guard)  # it describes a pack that no longer exists
        raise LeakFound(_leak_message(findings))
    found = unvouched(files, plan, list(redactor.replacement.values()))
    contents: dict[Path, bytes | dict[str, bytes]] = {
        folder: files, review: review_text(folder.name, found)}
    if key:
        contents[Path(key)] = _key_csv(redactor)
    replace_all(contents, guard)
    if found and plan.regulator_copy.intruder_review is None:
        warnings.append(f"{len(found)} name-like word(s) nothing vouched for are listed in "
                        f"{review} for the intruder review")
    return Pack(folder, [folder / name for name in sorted(files)], warnings, review)


def _check_outputs(plan: Plan, outputs: list[Path], guard: Guard) -> None:
    """Refuse before any work: a key inside the pack, an input in the way, a second plan of
    the run with the same first case reference (or key file)."""
    folder = outputs[0]
    for key in outputs[2:]:
        if _inside(key, folder):
            raise UsageError("the pseudonym key must not be written inside the regulator pack; "
                             "choose a path outside it", file=str(key))
    guard.claim(folder, plan.file, f" (the same first case reference, {plan.case_references[0]})")
    for output in outputs:
        guard.claim(output, plan.file)  # the folder again is no conflict: same plan
        guard.check(output)


def _documents(plan: Plan, redactor: Redactor, templates: Templates, source: Path | None,
               drop_images: bool) -> tuple[dict[str, bytes], list[str]]:
    """Every file of the pack, by name, as bytes; and the warnings for the human review."""
    draft = plan.regulator_copy.intruder_review is None
    files = _render(plan, redactor, templates)
    if draft:  # every document, not only the plan: a header line and a first line
        files = {name: mark_draft(data) for name, data in files.items()}
    warnings: list[str] = []
    if source is not None:
        decision = profile(plan.body).decision_title
        properties = DocumentProperties(f"{decision} (anonymised)",
                                        f"Ombudsman case {', '.join(plan.case_references)}",
                                        plan.organisation.name, plan.prepared_on.isoformat())
        outcome = redact_report(_read(source), str(source), redactor, drop_images, properties,
                                draft=draft)
        files["final-report.docx"] = outcome.data
        warnings += outcome.warnings
    if draft:
        warnings.append("no intruder_review is recorded: the pack is marked DRAFT")
    return files, warnings


def _read(source: Path) -> bytes:
    try:
        return source.read_bytes()
    except OSError as exc:
        raise UsageError(f"the final report could not be read ({exc.strerror})",
                         file=str(source)) from None


def _render(plan: Plan, redactor: Redactor, templates: Templates) -> dict[str, bytes]:
    """The plan and checklist rendered from redacted data, through the same templates."""
    context = deep_map(plan_context(plan, name=redactor.name), redactor.redact)
    if plan.regulator_copy.intruder_review is None:
        context["title"] = f"DRAFT \u2013 {context['title']}"
        context["draft_notice"] = DRAFT_NOTICE
    return documents(plan, templates, context=context,
                     sheet_filter=lambda sheet: deep_map(sheet, redactor.redact))


def _findings(files: dict[str, bytes], redactor: Redactor) -> list[Finding]:
    """The independent verifier over the exact bytes that will be written (nothing is read
    back from disk). It shares no detection code with the redactor (a scan by the redactor's
    own patterns would find only what the redactor already replaced), vouches only for the
    organisation's registered details, months in dates and allowed words, and reports any
    error of its own as a finding."""
    registry = Registry.from_plan(redactor.plan)
    findings: list[Finding] = []
    for name, data in sorted(files.items()):
        try:
            findings += verify_docx(data, registry, name)
        except Exception as exc:  # noqa: BLE001 - it never raises; if it did, fail closed
            findings.append(Finding(name, "(package)", SCANNER_ERROR, None,
                                    type(exc).__name__))
    return findings


def _leak_message(findings: list[Finding]) -> str:
    message = ("nothing was written: personal details would survive in the regulator pack:\n  "
               + "\n  ".join(map(str, findings)))
    if any(f.kind == TITLED for f in findings):
        message += ("\nAdd everyone the documents name to people (staff with their role), so "
                    "they can be given a pseudonym or role; if the words are not a person, add "
                    "them exactly as written under regulator_copy.allow with a reason.")
    if any(f.kind == NAME for f in findings):
        message += ("\nIf a name is also an ordinary word in the documents (such as 'will' for "
                    "someone called Will), add that word, exactly as written, under "
                    "regulator_copy.allow with a reason.")
    return message


def _remove_legacy_staging(out_dir: Path, stem: str) -> None:
    """Remove hidden folders that earlier versions of apgen left when killed: they were named
    after the plan (``.ellison.regulator.XXXXXXXX``, ``.ellison.regulator.old.XXXXXXXX``) and
    could hold documents not yet scanned. Only folders holding nothing but pack files go."""
    pattern = re.compile(rf"\.{re.escape(stem)}\.regulator\.(old\.)?[a-z0-9_]{{8}}")
    pack_files = {"action-plan.docx", "checklist.docx", "final-report.docx", "pack"}
    for folder in out_dir.glob(f".{stem}.regulator.*"):
        if (pattern.fullmatch(folder.name) and folder.is_dir() and not folder.is_symlink()
                and {p.name for p in folder.iterdir()} <= pack_files):
            shutil.rmtree(folder, ignore_errors=True)


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False


def _key_csv(redactor: Redactor) -> bytes:
    import csv  # only with --key

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["id", "name", "shown_as"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(redactor.key())
    return out.getvalue().encode("utf-8")
