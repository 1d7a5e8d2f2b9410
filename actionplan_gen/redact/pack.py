"""``apgen redact``: build the regulator pack in a hidden folder, scan every file as written,
and only then put it in place. Any finding or scanner error leaves no file of the pack."""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from actionplan_gen.errors import LeakFound, UsageError
from actionplan_gen.model import Plan
from actionplan_gen.atomic import atomic_write, umask
from actionplan_gen.redact.redactor import PERSON_NAME, UNLISTED_NAME, Redactor
from actionplan_gen.redact.final_report import redact_report
from actionplan_gen.redact.scan import Finding, scan_docx
from actionplan_gen.render.build import Templates, documents
from actionplan_gen.render.context import plan_context
from actionplan_gen.render.docx import DocumentProperties

DRAFT_NOTICE = ("DRAFT: nobody has yet recorded a check of this anonymised copy for details that "
                "could still identify someone (regulator_copy.intruder_review in the plan). Check "
                "it before sending it.")


@dataclass
class Pack:
    folder: Path
    files: list[Path]
    warnings: list[str] = field(default_factory=list)


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
    if given:
        path = Path(given)
    elif plan.final_report_file:
        path = plan.base_dir / plan.final_report_file
    else:
        return None
    if not path.is_file():
        raise UsageError("the final report was not found; check --report or "
                         "ombudsman.final_report_file", file=str(path))
    return path


def make_pack(plan: Plan, out_dir: Path, templates: Templates, report: str | None = None,
              key: str | None = None, drop_images: bool = False) -> Pack:
    redactor = Redactor(plan)
    folder = out_dir / f"{plan.stem}.regulator"
    if key and _inside(Path(key), folder):
        raise UsageError("the pseudonym key must not be written inside the regulator pack; "
                         "choose a path outside it", file=key)
    source = report_path(plan, report)
    files = _render(plan, redactor, templates)
    warnings: list[str] = []
    if source is not None:
        properties = DocumentProperties("Final report (anonymised)",
                                        f"Ombudsman case {', '.join(plan.case_references)}",
                                        plan.organisation.name, plan.prepared_on.isoformat())
        outcome = redact_report(source.read_bytes(), str(source), redactor, drop_images,
                                properties)
        files["final-report.docx"] = outcome.data
        warnings += outcome.warnings
    if plan.regulator_copy.intruder_review is None:
        warnings.append("no intruder_review is recorded: the pack is marked DRAFT")
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{plan.stem}.regulator.", dir=out_dir))
    staging.chmod(0o777 & ~umask())
    try:
        for name, data in files.items():
            (staging / name).write_bytes(data)
        findings = _verify(staging, redactor)
        if findings:
            raise LeakFound(_leak_message(findings))
        _replace_folder(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(folder, ignore_errors=True)  # never leave an older pack to be sent
        raise
    if key:
        atomic_write(Path(key), _key_csv(redactor), protect=(plan.file,))
    return Pack(folder, sorted(folder.iterdir()), warnings)


def _render(plan: Plan, redactor: Redactor, templates: Templates) -> dict[str, bytes]:
    """The plan and checklist rendered from redacted data, through the same templates."""
    context = deep_map(plan_context(plan, name=redactor.name), redactor.redact)
    if plan.regulator_copy.intruder_review is None:
        context["title"] = f"DRAFT \u2013 {context['title']}"
        context["draft_notice"] = DRAFT_NOTICE
    return documents(plan, templates, context=context,
                     sheet_filter=lambda sheet: deep_map(sheet, redactor.redact))


def _verify(staging: Path, redactor: Redactor) -> list[Finding]:
    """Scan the files as written to disk; any error while scanning is a finding too."""
    findings: list[Finding] = []
    for path in sorted(staging.iterdir()):
        try:
            findings += scan_docx(path.read_bytes(), redactor, f"{path.name}: ")
        except Exception as exc:  # noqa: BLE001 - fail closed on any scanner failure
            findings.append(Finding(path.name, f"scanner error ({type(exc).__name__})",
                                    "the scan itself"))
    return findings


def _leak_message(findings: list[Finding]) -> str:
    message = ("nothing was written: personal details would survive in the regulator pack:\n  "
               + "\n  ".join(map(str, findings)))
    if any(f.kind == UNLISTED_NAME for f in findings):
        message += ("\nAdd everyone the documents name to people (staff with their role), so "
                    "they can be given a pseudonym or role; if the words are not a person, add "
                    "them exactly as written under regulator_copy.allow with a reason.")
    if any(f.kind == PERSON_NAME for f in findings):
        message += ("\nIf a name is also an ordinary word in the documents (such as 'will' for "
                    "someone called Will), add that word, exactly as written, under "
                    "regulator_copy.allow with a reason.")
    return message


def _replace_folder(staging: Path, folder: Path) -> None:
    old = None
    if folder.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{folder.name}.old.", dir=folder.parent))
        os.rename(folder, old / "pack")
    os.rename(staging, folder)
    if old:
        shutil.rmtree(old, ignore_errors=True)


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False


def _key_csv(redactor: Redactor) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["id", "name", "shown_as"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(redactor.key())
    return out.getvalue().encode("utf-8")
