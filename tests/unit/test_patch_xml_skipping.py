"""docxtpl's XML patching with impossible passes skipped (render/patching.py) gives exactly
docxtpl's own result: on every shipped template part, on every docxtpl tag form, and on
random texts built from the pieces those patterns look for."""

from __future__ import annotations

import re
import zipfile

import pytest
from docxtpl import DocxTemplate
from hypothesis import given, settings
from hypothesis import strategies as st

from actionplan_gen.render import patching
from conftest import ROOT

TEMPLATES = sorted((ROOT / "templates").glob("*.docx"))


def _docxtpl(xml: str) -> str:
    """docxtpl's own patch_xml, every pass run."""
    return DocxTemplate.patch_xml(None, xml)


def _skipping(xml: str) -> str:
    with patching.skipping_passes():
        return DocxTemplate.patch_xml(None, xml)


def _parts(path):
    with zipfile.ZipFile(path) as package:
        return [package.read(name).decode("utf-8") for name in package.namelist()
                if name.startswith("word/") and name.endswith(".xml")]


def test_every_listed_pattern_is_one_docxtpl_runs(monkeypatch):
    """The table names docxtpl's patterns exactly; a new docxtpl with other patterns fails
    here (and its passes would simply all run)."""
    seen: set[str] = set()
    original = re.sub

    def recording(pattern, *args, **kwargs):
        seen.add(pattern)
        return original(pattern, *args, **kwargs)

    from docxtpl import template as module
    monkeypatch.setattr(module.re, "sub", recording)
    _docxtpl("<w:p><w:r><w:t>{{ x }}</w:t></w:r></w:p>")
    assert set(patching.NEEDS) <= seen
    assert len(patching.NEEDS) >= 15


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_shipped_templates_patch_the_same(path):
    for xml in _parts(path):
        assert _skipping(xml) == _docxtpl(xml)


def test_the_module_is_restored_afterwards():
    from docxtpl import template as module
    with patching.skipping_passes():
        assert module.re is not re
    assert module.re is re


def _cell(text: str, properties: str = "<w:tcPr><w:tcW w:w=\"1\"/></w:tcPr>") -> str:
    return f"<w:tc>{properties}<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


# Each of docxtpl's special forms, in the markup Word writes around them.
FORMS = [
    "<w:tr>" + _cell("{%tr for a in items %}") + "</w:tr><w:tr>" + _cell("{{ a }}")
    + "</w:tr><w:tr>" + _cell("{%tr endfor %}") + "</w:tr>",
    "<w:p><w:r><w:t>{%p if x %}</w:t></w:r></w:p><w:p><w:r><w:t>{{p y }}</w:t></w:r></w:p>",
    "<w:p><w:r><w:t>{%r if x %}</w:t></w:r><w:r><w:t>{{r y }}</w:t></w:r></w:p>",
    "<w:p><w:r><w:t>{#p a comment #}</w:t></w:r></w:p><w:tr>{#tr note #}</w:tr>",
    "<w:tr>" + _cell("{% colspan 2 %}") + _cell("{% cellbg 'FF0000' %}") + "</w:tr>",
    "<w:tr>" + _cell("a{% vm %}b") + _cell("c{% hm %}d") + "</w:tr>",
    "<w:tr>" + _cell("c{% hm %}d", "<w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr>") + "</w:tr>",
    "<w:p><w:r><w:t>a</w:t></w:r><w:r><w:t>{%- if x -%}</w:t></w:r><w:r><w:t>b</w:t>"
    "</w:r></w:p>",
    "<w:p><w:r><w:t>{</w:t></w:r><w:r><w:t>{ x }</w:t></w:r><w:r><w:t>}</w:t></w:r></w:p>",
    "<w:p><w:r><w:t>{%</w:t></w:r><w:r><w:t> if x %</w:t></w:r><w:r><w:t>}</w:t></w:r></w:p>",
    "<w:p><w:r><w:t>{{ &lt;x&gt; ‘q’ “r” &#8216;s }}</w:t></w:r></w:p>",
]

# Each of {%y ...%}, {{y ...}} and {#y ...#} on its own, in its own element.
for _y, _open, _close in [(y, o, c) for y in ("tr", "tc", "p", "r")
                          for o, c in (("{%", "%}"), ("{{", "}}"), ("{#", "#}"))]:
    FORMS.append(f"<w:{_y}><w:t>a</w:t><w:t>{_open}{_y} x {_close}</w:t></w:{_y}>")


@pytest.mark.parametrize("xml", FORMS)
def test_each_docxtpl_form_patches_the_same(xml):
    assert _skipping(xml) == _docxtpl(xml)


PIECES = ["{", "}", "%", "#", "-", " ", "x", "r", "p", "tr", "tc", "vm", "hm", "colspan",
          "cellbg", "{{", "}}", "{%", "%}", "{#", "#}", "{%-", "-%}", "<w:t>", "</w:t>",
          "<w:t xml:space=\"preserve\">", "<w:r>", "</w:r>", "<w:p>", "</w:p>", "<w:tc>",
          "</w:tc>", "<w:tr>", "</w:tr>", "<w:tcPr>", "</w:tcPr>", "<w:gridSpan w:val=\"2\"/>",
          "<w:shd/>", "&lt;", "’"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_random_texts_patch_the_same(xml):
    assert _skipping(xml) == _docxtpl(xml)
