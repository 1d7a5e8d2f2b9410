"""The shapes real plans take (samples/harbour.plan.yaml): led by recommendations with no
failings list, owners that are posts, governance tables; built and redacted, read back."""

from __future__ import annotations

from docx import Document

from conftest import SAMPLES
from docx_reading import text

HARBOUR = SAMPLES / "harbour.plan.yaml"


def _table(docx, first_cell: str):
    return next(t for t in Document(str(docx)).tables if t.rows[0].cells[0].text == first_cell)


def test_a_recommendation_led_plan_builds_with_roles_and_governance(run_cli, tmp_path):
    result = run_cli("build", HARBOUR, "-o", tmp_path)
    assert result.exit_code == 0, result.output
    docx = tmp_path / "harbour.action-plan.docx"
    doc = text(docx)
    assert "The failings the ombudsman found" not in doc  # none listed: no empty section
    grid = _table(docx, "Action")
    leads = [row.cells[1].text for row in grid.rows[1:]]
    assert "Director of Nursing and Quality; Head of Tissue Viability" in leads
    assert "Chief Nursing Information Officer; Digital Services" in leads
    a3 = next(row for row in grid.rows if row.cells[0].text.startswith("A3"))
    assert a3.cells[3].text == "30 April 2027\n(was 26 February 2027)"
    assert "carried out by NHS Saltmarsh Integrated Care Board" in a3.cells[0].text
    history = _table(docx, "Version")
    assert [r.cells[0].text for r in history.rows[1:]] == ["1.0", "1.1", "2.0"]
    route = _table(docx, "Approved by")
    assert [r.cells[0].text for r in route.rows[1:]] == [
        "Quality Committee", "Executive Management Team", "Trust Board (public session)"]
    signature = _table(docx, "Accountable officer")
    rows = {r.cells[0].text: r.cells[1].text for r in signature.rows[1:]}
    assert rows == {"Name and role": "Marcus Webb, Chief Executive",
                    "Date approved": "12 November 2026", "Signature": ""}


def test_the_regulator_copy_keeps_roles_and_names_no_one(run_cli, tmp_path):
    result = run_cli("redact", HARBOUR, "-o", tmp_path)
    assert result.exit_code == 0, result.output
    docx = tmp_path / "P-007731.regulator" / "action-plan.docx"
    doc = text(docx)
    for name in ("Hughes", "Marcus Webb", "Helen Price", "Tom Reilly"):
        assert name not in doc
    assert "Director of Nursing and Quality; Head of Tissue Viability" in doc
    signature = _table(docx, "Accountable officer")
    assert signature.rows[1].cells[1].text == "The Chief Executive"


def test_check_answers_every_recommendation_without_failings(run_cli):
    result = run_cli("check", HARBOUR)
    assert result.exit_code == 0, result.output
    assert "All 4 recommendations have an action answering it" in result.output
    assert "10 met, 0 not met" in result.output
