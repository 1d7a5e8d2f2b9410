"""``apgen build``: one plan -> its action plan and checklist sheet (and PDFs), all or nothing."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from actionplan_gen.checklist import evaluate
from actionplan_gen.model import Plan
from actionplan_gen.atomic import atomic_write
from actionplan_gen.render.context import checklist_context, plan_context
from actionplan_gen.render.docx import DocumentProperties, render
from actionplan_gen.resources import template_path


@dataclass(frozen=True)
class Templates:
    action_plan: Path
    checklist: Path

    @classmethod
    def default(cls, action_plan: Path | None = None, checklist: Path | None = None):
        return cls(Path(action_plan) if action_plan else template_path("action-plan.docx"),
                   Path(checklist) if checklist else template_path("checklist.docx"))


def documents(plan: Plan, templates: Templates, context: dict | None = None,
              sheet_filter=None) -> dict[str, bytes]:
    """The two documents of one plan, by output name (without the plan's stem).

    The regulator pack passes its own redacted ``context`` and a ``sheet_filter``
    that redacts the checklist sheet's context."""
    context = context or plan_context(plan)
    org = plan.organisation.name
    date = plan.prepared_on.isoformat()
    cases = ", ".join(plan.case_references)
    result = evaluate(plan, plan.prepared_on)
    sheet = checklist_context(plan, result, plan.prepared_on)
    if sheet_filter:
        sheet = sheet_filter(sheet)
    return {
        "action-plan.docx": render(templates.action_plan, context, DocumentProperties(
            context["title"], f"Action plan for ombudsman case {cases}", org, date)),
        "checklist.docx": render(templates.checklist, sheet, DocumentProperties(
            "Action plan checklist", f"Checklist for ombudsman case {cases}", org, date)),
    }


def write_all(outputs: dict[Path, bytes], protect: tuple[Path, ...]) -> None:
    """Write every output atomically; if one fails, remove those already written."""
    written: list[Path] = []
    try:
        for path, data in outputs.items():
            atomic_write(path, data, protect=protect)
            written.append(path)
    except BaseException:
        for path in written:
            if path.exists():
                os.unlink(path)
        raise


def build(plan: Plan, out_dir: Path, templates: Templates, pdf: bool = False) -> list[Path]:
    """Render, optionally convert, then write: ``out_dir/STEM.action-plan.docx`` and friends."""
    docs = documents(plan, templates)
    named = {f"{plan.stem}.{name}": data for name, data in docs.items()}
    if pdf:
        from actionplan_gen.render.pdf import to_pdf
        named.update(to_pdf(named, plan.prepared_on))
    outputs = {out_dir / name: data for name, data in named.items()}
    write_all(outputs, protect=(plan.file, templates.action_plan, templates.checklist))
    return list(outputs)
