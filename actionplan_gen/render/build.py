"""``apgen build``: one plan -> its action plan and checklist sheet (and PDFs), all or nothing."""

from __future__ import annotations

from pathlib import Path

from actionplan_gen.records import record
from actionplan_gen.checklist import evaluate
from actionplan_gen.model import Plan
from actionplan_gen.atomic import Guard, replace_all
from actionplan_gen.render.context import checklist_context, plan_context
from actionplan_gen.render import welsh
from actionplan_gen.render.docx import DocumentProperties, render
from actionplan_gen.resources import template_path

OUTPUTS = ("action-plan.docx", "checklist.docx")


@record
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
    return stage(plan, out_dir, templates, pdf, guard).write()


@record(frozen=False)
class Staged:
    """One plan's documents, rendered and claimed, not yet written (see ``build``)."""

    plan: Plan
    out_dir: Path
    names: list[str]
    named: dict[str, bytes]
    guard: Guard
    pdf: bool
    converted: bool = False

    @property
    def outputs(self) -> list[Path]:
        return [self.out_dir / name for name in self.names]

    def write(self) -> list[Path]:
        """Convert (unless ``convert_all`` did), then write every output or none."""
        if self.pdf and not self.converted:
            self.add_pdfs(_convert(self.named, self.plan, self.out_dir))
        replace_all({self.out_dir / name: self.named[name] for name in self.names}, self.guard)
        return self.outputs

    def add_pdfs(self, pdfs: dict[str, bytes]) -> None:
        self.named.update(pdfs)
        self.converted = True


def stage(plan: Plan, out_dir: Path, templates: Templates, pdf: bool = False,
          guard: Guard | None = None) -> Staged:
    """Claim one plan's outputs and render its documents, writing nothing."""
    guard = (guard or Guard()).add([plan.file, templates.action_plan, templates.checklist])
    names = [f"{plan.stem}.{name}" for name in (*OUTPUTS, *welsh.outputs(plan))]
    if pdf:
        names += [name.removesuffix(".docx") + ".pdf" for name in names]
    for output in (out_dir / name for name in names):
        guard.claim(output, plan.file, " (the same file name less .plan.yaml)")
        guard.check(output)
    named = {f"{plan.stem}.{name}": data for name, data in
             {**documents(plan, templates), **welsh.documents(plan, templates)}.items()}
    return Staged(plan, out_dir, names, named, guard, pdf)


def _convert(named: dict[str, bytes], plan: Plan, out_dir: Path) -> dict[str, bytes]:
    from actionplan_gen.render.pdf import to_pdf
    return to_pdf(named, plan.prepared_on, near=out_dir / f"{plan.stem}.pdf")


def convert_all(staged: list[Staged]) -> None:
    """Every staged plan's PDFs in one LibreOffice start (each stamped with its own plan's
    date). If that run fails, nothing is converted, and each plan converts on its own when
    written, so a document LibreOffice cannot convert fails its own plan only."""
    jobs = [job for job in staged if job.pdf and not job.converted]
    if len(jobs) < 2:
        return
    from actionplan_gen.errors import ToolError
    from actionplan_gen.render.pdf import to_pdf_many

    try:
        results = to_pdf_many([(job.named, job.plan.prepared_on) for job in jobs],
                              near=jobs[0].out_dir / f"{jobs[0].plan.stem}.pdf")
    except ToolError:
        return
    for job, pdfs in zip(jobs, results, strict=True):
        job.add_pdfs(pdfs)
