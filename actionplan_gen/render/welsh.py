"""``apgen build``'s Welsh copies: the action plan and checklist sheet in Welsh
(``STEM.action-plan.cy.docx``, ``STEM.checklist.cy.docx``) when ``plan.language`` is cy or
both; the wording and the language marking are ``actionplan_gen.welsh``'s.

The author's text is shown in Welsh where the plan gives it as ``{en, cy}`` (the plan's
``welsh_text``, put back by ``welsh.in_welsh`` before the context is built, so the Welsh
sits wherever the English would, cy-GB), and as written in English (en-GB) where not. The
checklist's answers are worked out from the English plan, as every check is."""

from __future__ import annotations

from actionplan_gen import welsh
from actionplan_gen.checklist import evaluate
from actionplan_gen.render.context import checklist_context, plan_context
from actionplan_gen.render.docx import DocumentProperties, render


def outputs(plan) -> tuple[str, ...]:
    """The Welsh copies ``apgen build`` adds for the plan's language (names less the stem)."""
    if not welsh.wants_welsh(getattr(plan, "language", "en")):
        return ()
    return ("action-plan" + welsh.SUFFIX, "checklist" + welsh.SUFFIX)


def documents(plan, templates) -> dict[str, bytes]:
    """The plan's Welsh action plan and checklist sheet, by output name (less the stem)."""
    if not outputs(plan):
        return {}
    texts = getattr(plan, "welsh_text", None) or {}
    cymraeg = welsh.in_welsh(plan, texts)
    own_welsh = welsh.welsh_paragraphs(texts)
    english = welsh.English(own_welsh)
    plan_values = welsh.context(plan_context(cymraeg), english=english)
    result = evaluate(plan, plan.prepared_on)
    sheet = welsh.context(checklist_context(cymraeg, result, plan.prepared_on),
                          english=english)
    draft = not welsh.reviewed(plan)
    if draft:
        plan_values["title"] = f"DRAFFT \u2013 {plan_values['title']}"
    org, date = plan.organisation.name, plan.prepared_on.isoformat()
    cases = ", ".join(plan.case_references)
    english = (welsh.author_texts(plan) | english) - own_welsh
    names = outputs(plan)
    return {
        names[0]: welsh.finish(render(welsh.template(templates.action_plan), plan_values,
                                      DocumentProperties(plan_values["title"],
                                                         f"Cynllun gweithredu ar gyfer achos "
                                                         f"ombwdsmon {cases}", org, date)),
                               english, draft),
        names[1]: welsh.finish(render(welsh.template(templates.checklist), sheet,
                                      DocumentProperties("Rhestr wirio\u2019r cynllun gweithredu",
                                                         f"Rhestr wirio ar gyfer achos ombwdsmon "
                                                         f"{cases}", org, date)),
                               english, draft),
    }
