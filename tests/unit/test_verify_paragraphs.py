"""How the verifier reads a paragraph (verify/package.py, _Part): a text box's paragraph is
read as its own and not again as part of the paragraph holding the box, so each detail is
reported once, where it is."""

from __future__ import annotations

from pathlib import Path

import pytest
from adversarial_docx import findings, p, r, report_with_body

from actionplan_gen.pipeline import load_plan
from actionplan_gen.verify import Registry
from actionplan_gen.verify.hit import NAME

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def registry():
    return Registry.from_plan(load_plan(ROOT / "samples" / "ellison.plan.yaml")[0])


def _box(text: str) -> str:
    """A text box (VML) with ``text`` in its own paragraph and nowhere else."""
    return (f'<w:r><w:pict><v:shape id="b1"><v:textbox><w:txbxContent>{p(r(text))}'
            "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>")


def test_a_name_in_a_text_box_is_reported_at_the_box_paragraph_only(registry):
    data = report_with_body(p(r("Intro.")) + p(r("Before the box. "), _box("Margaret Ellison"),
                                                r(" After the box.")))
    assert [(f.kind, f.paragraph) for f in findings(data, registry)] == [(NAME, 3)]


def test_a_name_split_around_a_text_box_is_still_one_name(registry):
    data = report_with_body(p(r("Margaret "), _box("Nothing here."), r("Ellison")))
    assert [(f.kind, f.paragraph) for f in findings(data, registry)] == [(NAME, 1)]
