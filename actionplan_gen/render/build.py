"""``apgen build``: one plan -> its action plan and checklist sheet (and PDFs), all or nothing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from actionplan_gen.checklist import evaluate
from actionplan_gen.model import Plan
from actionplan_gen.atomic import Guard, replace_all
from actionplan_gen.render.context import checklist_context, plan_context
from actionplan_gen.render.docx import DocumentProperties, render
from actionplan_gen.resources import template_path

OUTPUTS = ("action-plan.docx", "checklist.docx")


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
        OUTPUTS[0]: render(templates.action_plan, context, DocumentProperties(
            context["title"], f"Action plan for ombudsman case {cases}", org, date)),
        OUTPUTS[1]: render(templates.checklist, sheet, DocumentProperties(
            "Action plan checklist", f"Checklist for ombudsman case {cases}", org, date)),
    }


def build(plan: Plan, out_dir: Path, templates: Templates, pdf: bool = False,
          guard: Guard | None = None) -> list[Path]:
    """Render, optionally convert, then write ``out_dir/STEM.action-plan.docx`` and friends,
    all of them or none (previous versions stay when anything fails or stops the run).

    ``guard`` is the run's: every path it reads, and the outputs other plans have claimed.
    The plan and the templates are protected whether or not the caller listed them."""
    guard = (guard or Guard()).add([plan.file, templates.action_plan, templates.checklist])
    names = [f"{plan.stem}.{name}" for name in OUTPUTS]
    if pdf:
        names += [name.removesuffix(".docx") + ".pdf" for name in names]
    outputs = [out_dir / name for name in names]
    for output in outputs:
        guard.claim(output, plan.file, " (the same file name less .plan.yaml)")
        guard.check(output)
    named = {f"{plan.stem}.{name}": data for name, data in documents(plan, templates).items()}
    if pdf:
        from actionplan_gen.render.pdf import to_pdf
        named.update(to_pdf(named, plan.prepared_on, near=out_dir / f"{plan.stem}.pdf"))
    replace_all({out_dir / name: named[name] for name in names}, guard)
    return outputs
