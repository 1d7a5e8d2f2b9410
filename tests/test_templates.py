"""--template: a user's restyled template works; a broken one is refused before rendering."""

from __future__ import annotations

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


def test_the_shipped_templates_use_only_documented_variables():
    readme = template_path("README.md").read_text(encoding="utf-8")
    from docxtpl import DocxTemplate
    from actionplan_gen.render.docx import environment
    for name in ("action-plan.docx", "checklist.docx"):
        used = DocxTemplate(str(template_path(name))).get_undeclared_template_variables(
            environment())
        for variable in used:
            assert f"`{variable}" in readme, f"{name}: {variable} is not documented"
