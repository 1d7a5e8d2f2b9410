"""Whatever a plan says appears in the document exactly as written: body, tables, headers,
properties."""

from __future__ import annotations

import string

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actionplan_gen.loader import load_text
from actionplan_gen.model import build_plan
from actionplan_gen.render.build import Templates, documents

from conftest import MINIMAL
from docx_reading import core_properties, paragraphs, squash, text

BASE = load_text(MINIMAL.read_text(), str(MINIMAL)).data
TRICKY = ("{{ x }} {% if y %} & < > \" ' \U0001F642 Welsh \u0175 \u0177, "
          "\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627")


def render_with(tmp_path, **changes):
    data = yaml.safe_load(yaml.safe_dump(BASE))  # a deep copy
    for dotted, value in changes.items():
        node = data
        keys = dotted.split(".")
        for key in keys[:-1]:
            node = node[int(key)] if key.isdigit() else node[key]
        node[keys[-1]] = value
    plan = build_plan(data, tmp_path / "t.plan.yaml")
    return documents(plan, Templates.default())["action-plan.docx"]


def test_tricky_text_survives_everywhere(tmp_path):
    long_paragraph = ("The ward will audit every discharge record. " * 92)[:4000]
    docx = render_with(tmp_path, **{
        "plan.title": "Plan " + TRICKY,
        "organisation.name": "Trust & <Partners> \"Ltd\"",
        "failings.0.summary": TRICKY,
        "actions.0.description": long_paragraph,
    })
    body = text(docx)
    assert squash("Plan " + TRICKY) in body
    assert squash(TRICKY) in body
    assert squash(long_paragraph) in body
    header = " ".join(paragraphs(docx, "word/header"))
    assert "Trust & <Partners> \"Ltd\"" in header
    footer = " ".join(paragraphs(docx, "word/footer"))
    assert squash("Plan " + TRICKY) in squash(footer)
    props = core_properties(docx)
    assert props["title"] == "Plan " + TRICKY
    assert props["creator"] == "Trust & <Partners> \"Ltd\""


# Printable text without XML-illegal characters; docxtpl reserves "{_{", "}_}", "{_%", "%_}".
SAFE = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")),
               min_size=1, max_size=120).filter(
    lambda s: s.strip() and not any(t in s for t in ("{_{", "}_}", "{_%", "%_}"))
    and "\ufffe" not in s and "\uffff" not in s)
WORDS = st.text(alphabet=string.ascii_letters + " &<>'\"{}%", min_size=1, max_size=40).filter(
    lambda s: s.strip() and not any(t in s for t in ("{_{", "}_}", "{_%", "%_}")))


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(summary=SAFE, description=SAFE, team=WORDS, title=SAFE)
def test_generated_text_round_trips(tmp_path, summary, description, team, title):
    docx = render_with(tmp_path, **{"failings.0.summary": summary,
                                    "actions.0.description": description,
                                    "actions.0.owner": {"team": team},
                                    "plan.title": title})
    body = text(docx)
    for value in (summary, description, team, title):
        assert squash(value) in body
    assert core_properties(docx)["title"] == title
