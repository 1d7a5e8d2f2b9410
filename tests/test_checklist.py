"""The ten questions: both samples meet them all; each rule fails with its exact reason."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest

from actionplan_gen.checklist import CONFIRM, MET, NOT_APPLICABLE, NOT_MET, evaluate
from actionplan_gen.loader import load_file
from actionplan_gen.model import build_plan

from conftest import SAMPLES, SAMPLE_PLANS, needs_libreoffice
from docx_reading import paragraphs, pdf_text, text

ELLISON = SAMPLES / "ellison.plan.yaml"
TODAY = dt.date(2026, 11, 27)
BASE = load_file(ELLISON)


def answer(number: int, change=None, today=TODAY):
    data = copy.deepcopy(BASE.data)
    if change:
        change(data)
    plan = build_plan(data, ELLISON, BASE.source_map)
    return evaluate(plan, today).answers[number - 1]


def action(data, action_id):
    return next(a for a in data["actions"] if a["id"] == action_id)


@pytest.mark.parametrize("sample", SAMPLE_PLANS, ids=lambda p: p.stem)
def test_samples_meet_every_question(run_cli, sample):
    result = run_cli("check", "--strict", "--today", "2026-11-27", sample)
    assert result.exit_code == 0, result.output
    assert "Result: 10 met, 0 not met, 0 needs confirmation, 0 not applicable" in result.output


def test_q1_a_failing_without_an_action():
    def change(d):
        d["failings"].append({"id": "F4", "category": "record_keeping", "summary": "Notes lost."})
    got = answer(1, change)
    assert (got.status, got.reason) == (NOT_MET, "F4 has no action: add one that addresses it.")
    assert [r.id for r in got.refs] == ["F4"]


def test_q1_no_complaint_handling_failing_unless_the_report_found_none():
    def drop(d):
        d["failings"] = [f for f in d["failings"] if f["id"] != "F3"]
        d["actions"] = [a for a in d["actions"] if "F3" not in a["failings"]]
    got = answer(1, drop)
    assert got.status == NOT_MET
    assert got.reason.startswith("No failing is about complaint handling: add the report's")

    def drop_but_state(d):
        drop(d)
        d["ombudsman"]["complaint_handling_not_criticised"] = "Paragraph 90 found no fault."
    assert answer(1, drop_but_state).status == MET


def test_q2_needs_confirmation_until_sufficiency_is_recorded():
    got = answer(2, lambda d: d.pop("sufficiency"))
    assert (got.status, got.reason) == (CONFIRM,
                                        "No one has yet recorded that the actions are sufficient.")


def test_q2_warns_about_reminders_and_training_without_monitoring():
    def change(d):
        for a in d["actions"]:
            if "F2" in a["failings"]:
                a["description"] = "Remind all ward staff by email to tell carers about discharge."
                a.pop("monitoring", None)
    got = answer(2, change)
    assert got.status == CONFIRM
    assert got.reason == ("Judged sufficient by the Chief Nurse, but F2 relies only on reminders, "
                          "briefings or one-off training with no monitoring; check that this will "
                          "last.")


def test_q3_owner_and_dates():
    def change(d):
        a = action(d, "A2")
        a.pop("owner")
        a.pop("start_date")
    got = answer(3, change)
    assert (got.status, got.reason) == (NOT_MET,
                                        "A2 lacks an owner, a start date or a target date.")
    assert got.todo == ("give A2 an owner and a start date",)
    assert got.refs[0].line == BASE.source_map.locate(("actions", 1))[0]


def test_q4_involvement():
    assert answer(4, lambda d: d.pop("complainant_involvement")).reason == \
        "The plan does not say whether the complainant was involved."
    got = answer(4, lambda d: d["complainant_involvement"].pop("how"))
    assert (got.status, got.reason) == (NOT_MET,
                                        "The complainant was involved, but the plan does not say how.")

    def not_involved(d):
        d["complainant_involvement"] = {"involved": False,
                                        "reason_not_involved": "She asked not to be contacted."}
    assert answer(4, not_involved).status == MET


def test_q5_evidence_for_completed_actions():
    got = answer(5, lambda d: action(d, "A6").pop("evidence"))
    assert (got.status, got.reason) == (NOT_MET, "A6 is complete but has no evidence.")

    def missing_file(d):
        action(d, "A6")["evidence"][0]["ref"] = "evidence/letter.pdf"
    assert answer(5, missing_file).reason == \
        "A6's evidence file evidence/letter.pdf does not exist."

    def nothing_complete(d):
        for a in d["actions"]:
            a["status"] = "in_progress"
            a.pop("completed_on", None)
    assert answer(5, nothing_complete).status == NOT_APPLICABLE


def test_q6_standards_and_how():
    def change(d):
        action(d, "A1").pop("standards")
        action(d, "A2")["standards"][0].pop("how")
    got = answer(6, change)
    assert (got.status, got.reason) == (NOT_MET,
                                        "A1 and A2 do not name a standard with how it is met.")
    assert got.todo == ("cite at least one standard for A1 and say how it complies",
                        "say how A2 meets nice.NG27 (standards[].how)")


def test_q7_review_dates():
    def change(d):
        d.pop("plan_review")
        action(d, "A3").pop("review")
    got = answer(7, change)
    assert (got.status, got.reason) == (NOT_MET, "The plan has no review date; A3 has no review.")


def test_q8_copies_sent():
    got = answer(8, lambda d: d["parties"][2].pop("plan_sent_on"))
    assert (got.status, got.reason) == (NOT_MET,
                                        "Still to be sent the plan: Care Quality Commission.")
    assert got.refs[0].id == "p-cqc"


def test_q9_final_report_for_the_regulator():
    def wrong_file(d):
        d["ombudsman"]["final_report_file"] = "reports/missing.docx"
    assert answer(9, wrong_file).reason == \
        "The final report file reports/missing.docx does not exist."
    got = answer(9, lambda d: d["ombudsman"].pop("final_report_file"))
    assert got.reason == ("Care Quality Commission should receive the final report, but the "
                          "plan does not name the file.")

    def no_regulator(d):
        d["parties"] = [p for p in d["parties"] if p["kind"] != "regulator"]
    assert answer(9, no_regulator).status == NOT_APPLICABLE


def test_q10_update_arrangements():
    got = answer(10, lambda d: d["parties"][1]["updates"].pop("method"))
    assert (got.status, got.reason) == (NOT_MET, "No full update arrangements (how often and how) "
                                                 "for NHS Northshire Integrated Care Board.")


def test_overdue_actions_are_reported(run_cli):
    result = run_cli("check", "--today", "2027-02-15", ELLISON)
    assert result.exit_code == 0
    assert "Overdue on 15 February 2027:" in result.output
    assert "A1 (line" in result.output and "was due by 31 January 2027" in result.output


def test_exit_codes_strict_and_json(run_cli, tmp_path):
    text_plan = ELLISON.read_text().replace("sufficiency:\n", "unused_sufficiency:\n", 1)
    assert "unused_sufficiency" in text_plan
    # An unknown key is a validation error: exit 1 and nothing checked.
    path = tmp_path / "bad.plan.yaml"
    path.write_text(text_plan)
    assert run_cli("check", path).exit_code == 1
    unconfirmed = ELLISON.read_text()
    start = unconfirmed.index("sufficiency:\n")
    end = unconfirmed.index("regulator_copy:")
    path.write_text(unconfirmed[:start] + unconfirmed[end:])
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "ellison-final-report.docx").write_bytes(b"x")
    assert run_cli("check", path).exit_code == 0
    assert run_cli("check", "--strict", path).exit_code == 1
    result = run_cli("check", "--format", "json", path)
    data = json.loads(result.output)
    q2 = data["plans"][0]["questions"][1]
    assert q2["status"] == "needs confirmation" and q2["number"] == 2


def test_missing_plan_exits_2(run_cli, tmp_path):
    result = run_cli("check", tmp_path / "nope.plan.yaml", ELLISON)
    assert result.exit_code == 2 and "Result: 10 met" in result.output


def test_checklist_sheet_reads_back(run_cli, tmp_path):
    assert run_cli("build", ELLISON, "-o", tmp_path).exit_code == 0
    sheet = tmp_path / "ellison.checklist.docx"
    body = text(sheet)
    assert "Northshire Hospitals NHS Foundation Trust" in body and "P-004417" in body
    assert "All ten questions are met." in body
    assert body.count("\u2713 Met") == 10
    assert "Patient Experience Team, Northshire Hospitals NHS Foundation Trust" in body
    assert any("Checklist for action plan version 1.2" in p for p in paragraphs(sheet, "word/footer"))


def test_checklist_sheet_shows_what_remains(run_cli, tmp_path, plan_file):
    from conftest import MINIMAL
    assert run_cli("build", MINIMAL, "-o", tmp_path).exit_code == 0
    body = text(tmp_path / "minimal.checklist.docx")
    assert "\u2717 Not met" in body and "? Needs confirmation" in body
    assert "Still to do: give A1 an owner, a start date and a target date" in body


@needs_libreoffice
def test_checklist_sheet_through_libreoffice(run_cli, tmp_path):
    assert run_cli("build", ELLISON, "-o", tmp_path, "--pdf").exit_code == 0
    pdf = pdf_text(tmp_path / "ellison.checklist.pdf")
    assert "Action plan checklist" in pdf and pdf.count("Met") >= 10
