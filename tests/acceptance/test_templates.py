"""--template: a user's restyled template works; a broken one is refused before rendering."""

from __future__ import annotations

import re

import pytest
from docx import Document
from docx.shared import Pt

from actionplan_gen.resources import template_path

from conftest import MINIMAL, SAMPLE_PLANS
from docx_reading import parts, text


def template_with(tmp_path, *lines: str):
    doc = Document()
    for line in lines:
        doc.add_paragraph(line)
    path = tmp_path / "mine.docx"
    doc.save(path)
    return path


@pytest.mark.parametrize("lines, message", [
    (["{{ plan.version "], "the template has a tag error"),
    (["{% for x in actions %}never closed"], "the template has a tag error"),
    (["{{ nonsense }}"], "the template uses nonsense, which apgen does not provide"),
    (["{{ plan.nonsense }}"], "the template asks for something apgen does not provide"),
])
def test_broken_templates_are_refused_with_exit_2_and_nothing_written(run_cli, tmp_path, lines,
                                                                       message):
    template = template_with(tmp_path, *lines)
    out = tmp_path / "out"
    result = run_cli("build", MINIMAL, "-o", out, "--template", template)
    assert result.exit_code == 2
    assert f"{template}: {message}" in result.output
    assert "Traceback" not in result.output
    assert not out.exists() or not list(out.iterdir())


def test_a_file_that_is_not_a_docx_is_refused(run_cli, tmp_path):
    fake = tmp_path / "fake.docx"
    fake.write_text("not a zip")
    result = run_cli("build", MINIMAL, "-o", tmp_path / "out", "--template", fake)
    assert result.exit_code == 2
    assert "is not a Word .docx file" in result.output


def test_a_missing_template_is_refused(run_cli, tmp_path):
    result = run_cli("build", MINIMAL, "-o", tmp_path, "--template", tmp_path / "nope.docx")
    assert result.exit_code == 2 and "template not found" in result.output


def test_a_restyled_copy_of_the_shipped_template_is_used(run_cli, tmp_path):
    doc = Document(str(template_path("action-plan.docx")))
    doc.styles["Normal"].font.name = "Georgia"
    doc.styles["Normal"].font.size = Pt(12)
    mine = tmp_path / "our-branding.docx"
    doc.save(mine)
    result = run_cli("build", SAMPLE_PLANS[0], "-o", tmp_path / "out", "--template", mine)
    assert result.exit_code == 0, result.output
    built = tmp_path / "out" / "ellison.action-plan.docx"
    assert b"Georgia" in parts(built)["word/styles.xml"]
    assert "Introduce a discharge checklist" in text(built)


def documented_variables(readme: str, section: str) -> set[str]:
    """Top-level names documented in the variables tables: those common to both templates
    and those of ``section`` ('action-plan.docx' or 'checklist.docx')."""
    names = set()
    for heading, body in re.findall(r"^## (.*)\n((?:(?!^## ).*\n?)*)", readme, re.M):
        if "`" in heading and section not in heading:
            continue
        for row in re.findall(r"^\| (.*?) \|", body, re.M):
            names.update(re.findall(r"`([a-z_]+)[.`]", row))
    return names


def test_documented_variables_are_read_exactly():
    readme = ("## Both\n| `plan.version`, `case_references` | x |\n"
              "## `checklist.docx`\n| `x` | y |\n")
    assert documented_variables(readme, "action-plan.docx") == {"plan", "case_references"}
    assert documented_variables(readme, "checklist.docx") == {"plan", "case_references", "x"}


def test_the_shipped_templates_use_only_documented_variables():
    readme = template_path("README.md").read_text(encoding="utf-8")
    from docxtpl import DocxTemplate

    from actionplan_gen.render.docx import environment
    for name in ("action-plan.docx", "checklist.docx"):
        used = DocxTemplate(str(template_path(name))).get_undeclared_template_variables(
            environment())
        assert used and used <= documented_variables(readme, name), \
            f"{name}: {sorted(used - documented_variables(readme, name))} are not documented"
