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


def test_month_only_dates_read_as_the_month_and_count_as_its_last_day(run_cli, tmp_path):
    """harbour.plan.yaml gives A5's target as 2027-03, its review as 2027-04 and the plan's
    review as 2027-06: the document says the month, and time is judged at the month's end."""
    import datetime as dt

    from actionplan_gen.calendar_export import calendar_bytes, events
    from actionplan_gen.pipeline import load_plan
    from actionplan_gen.wording import long_date
    plan = load_plan(HARBOUR)[0]
    a5 = next(a for a in plan.actions if a.id == "A5")
    assert a5.target_date == dt.date(2027, 3, 31) and long_date(a5.target_date) == "March 2027"
    assert a5.target_date.isoformat() == "2027-03"
    assert plan.plan_review.date == dt.date(2027, 6, 30)

    assert run_cli("build", HARBOUR, "-o", tmp_path).exit_code == 0
    docx = tmp_path / "harbour.action-plan.docx"
    grid = _table(docx, "Action")
    row = next(r for r in grid.rows if r.cells[0].text.startswith("A5"))
    assert row.cells[3].text == "March 2027"
    appendix = next(t for t in Document(str(docx)).tables
                    if t.rows[0].cells[1].text == "Standards and how they are met")
    review = next(r for r in appendix.rows if r.cells[0].text.startswith("A5")).cells[2].text
    assert review.startswith("By April 2027, by Quality Committee")
    assert "Plan review date June 2027" in text(docx)

    # On 31 March 2027 a March target is not yet missed; on 1 April it is.
    on_the_day = run_cli("check", HARBOUR, "--as-at", "2027-03-31").output
    assert "Action A5 was due" not in on_the_day
    next_day = run_cli("check", HARBOUR, "--as-at", "2027-04-01").output
    assert "Action A5 was due by March 2027 and is not complete." in next_day

    [target] = [e for e in events(plan) if e.uid.endswith("-A5-target@apgen")]
    assert target.day == dt.date(2027, 3, 31) and "target date (month only)" in target.summary
    ics = calendar_bytes([(plan, events(plan))], "harbour")
    assert b"DTSTART;VALUE=DATE:20270331" in ics


def test_a_day_that_something_happened_may_not_be_month_only(run_cli, tmp_path):
    plan = tmp_path / "harbour.plan.yaml"
    plan.write_text(HARBOUR.read_text(encoding="utf-8").replace(
        "plan_review:\n  date: 2027-06", "plan_review:\n  date: 2027-13"), encoding="utf-8")
    assert run_cli("check", plan).exit_code != 0
    for good, bad in (("2026-11-24, changes: Accepted", "2026-11, changes: Accepted"),):
        plan.write_text(HARBOUR.read_text(encoding="utf-8").replace(good, bad), encoding="utf-8")
        result = run_cli("check", plan)
        assert result.exit_code != 0 and "YYYY-MM-DD" in result.output, result.output
