"""A template is parsed and compiled once per process: the lint reads the names a template
uses from the same compile that renders it. Both halves are checked against Jinja's own."""

from __future__ import annotations

import zipfile

import pytest
from jinja2 import meta

from actionplan_gen.pipeline import load_plan
from actionplan_gen.render import docx
from actionplan_gen.render.build import Templates, documents
from conftest import ROOT

TEMPLATES = sorted((ROOT / "templates").glob("*.docx"))


def _tagged_parts(path):
    """Each tagged part's XML as docxtpl prepares it for Jinja."""
    template = docx._template_class()(str(path))
    with zipfile.ZipFile(path) as package:
        return [template.patch_xml(package.read(name).decode("utf-8"))
                for name in package.namelist()
                if name.startswith("word/") and name.endswith(".xml")
                and b"{" in package.read(name)]


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_the_names_noted_while_compiling_are_jinjas_own(path):
    environment = docx.environment()
    sources = _tagged_parts(path)
    assert sources
    for source in sources:
        expected = meta.find_undeclared_variables(environment.parse(source))
        assert environment.compile_with_names(source) == expected


def test_names_of_loops_macros_and_sets_are_not_reported():
    source = ("{% set a = 1 %}{% for x in items %}{{ x }}{{ loop.index }}{% endfor %}"
              "{% macro m(y) %}{{ y }}{{ z }}{% endmacro %}{{ m(a) }}{{ range(2)|list }}")
    names = docx.environment().compile_with_names(source)
    assert names == {"items", "z"} == meta.find_undeclared_variables(
        docx.environment().parse(source))


def test_each_part_is_compiled_once_for_lint_and_render(monkeypatch):
    compiled: list[str] = []
    original = docx._Sandbox.compile_with_names

    def counting(self, source):
        compiled.append(source)
        return original(self, source)

    monkeypatch.setattr(docx._Sandbox, "compile_with_names", counting)
    monkeypatch.setattr(docx.environment(), "_compiled", {})
    monkeypatch.setattr(docx, "_LINTED", {})
    monkeypatch.setattr(docx, "_PREPARED", {})
    plan, _ = load_plan(ROOT / "samples" / "ellison.plan.yaml")
    first = documents(plan, Templates.default())
    assert len(compiled) == len(set(compiled))
    bodies = [source for source in compiled if "<w:body" in source]
    assert len(bodies) == 2
    count = len(compiled)
    assert documents(plan, Templates.default()) == first
    assert len(compiled) == count
