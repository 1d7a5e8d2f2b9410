"""The ten questions as at a date: the samples meet them; each rule fails with its exact reason."""

from __future__ import annotations

import copy
import shutil
import datetime as dt
import json
import re
import subprocess

import pytest

from actionplan_gen.checklist import CONFIRM, MET, NOT_APPLICABLE, NOT_MET, NOT_YET_DUE, evaluate
from actionplan_gen.loader import load_file
from actionplan_gen.model import build_plan
from actionplan_gen.render.context import checklist_context, plan_context
from actionplan_gen.scaffold import scaffold
from actionplan_gen.standards import catalogue

from conftest import MINIMAL, SAMPLE_PLANS, SAMPLES, needs_libreoffice
from docx_reading import paragraphs, pdf_text, text

ELLISON = SAMPLES / "ellison.plan.yaml"
TODAY = dt.date(2026, 11, 27)
BASE = load_file(ELLISON)
D = dt.date.fromisoformat


def plan_with(change=None):
    data = copy.deepcopy(BASE.data)
    if change:
        change(data)
    return build_plan(data, ELLISON, BASE.source_map)


def answer(number: int, change=None, today=TODAY):
    return evaluate(plan_with(change), today).answers[number - 1]


def action(data, action_id):
    return next(a for a in data["actions"] if a["id"] == action_id)


def statuses(result):
    return [a.status for a in result.answers]


@pytest.mark.parametrize("sample", SAMPLE_PLANS, ids=lambda p: p.stem)
def test_samples_meet_every_question(run_cli, sample):
    result = run_cli("check", "--strict", "--today", "2026-11-27", sample)
    assert result.exit_code == 0, result.output
    assert "Result: 10 met, 0 not met, 0 needs confirmation, 0 not yet due, 0 not applicable" \
        in result.output


# ---------------------------------------------------------------- the stages, in PHSO's order

def test_before_submission_copies_are_not_yet_due(run_cli):
    result = run_cli("check", "--today", "2026-11-10", ELLISON)
    assert result.exit_code == 0, result.output
    got = evaluate(plan_with(), D("2026-11-10"))
    assert got.stage == "draft"
    assert statuses(got) == [MET, CONFIRM, MET, MET, MET, MET, MET, NOT_YET_DUE, NOT_YET_DUE, MET]
    assert "the plan is being drafted" in result.output


def test_after_submission_waiting_for_the_ombudsman(run_cli):
    assert run_cli("check", "--strict", "--today", "2026-11-21", ELLISON).exit_code == 0
    got = evaluate(plan_with(), D("2026-11-21"))
    assert got.stage == "submitted"
    assert statuses(got) == [MET] * 7 + [NOT_YET_DUE, NOT_YET_DUE, MET]


def test_after_acceptance_with_nothing_sent_copies_are_not_met(run_cli):
    result = run_cli("check", "--today", "2026-11-23", ELLISON)
    assert result.exit_code == 1
    got = evaluate(plan_with(), D("2026-11-23"))
    assert got.stage == "accepted"
    q8, q9 = got.answers[7], got.answers[8]
    assert (q8.status, q9.status) == (NOT_MET, NOT_MET)
    assert q8.reason == ("The ombudsman accepted the plan on 23 November 2026; still to be sent "
                         "the plan: the complainant, the NHS Northshire Integrated Care Board and "
                         "the Care Quality Commission.")
    assert q9.reason == ("The Care Quality Commission is not recorded as sent the final report "
                         "with the plan.")
    assert [r.id for r in q9.refs] == ["p-cqc"]


def test_after_everything_is_sent_all_ten_are_met(run_cli):
    got = evaluate(plan_with(), TODAY)
    assert got.stage == "sent" and statuses(got) == [MET] * 10


def test_the_ellison_sheet_is_true_on_its_own_date():
    """Seen: a sheet checked on 20 November said the copies sent on 24 and 25 November
    had been sent."""
    got = evaluate(plan_with(), D("2026-11-20"))
    assert got.answers[7].status == NOT_YET_DUE
    assert "been sent" not in got.answers[7].reason
    sheet = checklist_context(plan_with(), got, D("2026-11-20"))
    assert "All 3 recipients have been sent the plan" not in json.dumps(sheet)
    assert "\u2026 Not yet due" in [q["answer"] for q in sheet["questions"]]


def test_a_draft_not_sent_to_anyone_does_not_fail(run_cli, tmp_path):
    def draft(d):
        for key in ("submitted_on",):
            d["plan"].pop(key)
        d["ombudsman"].pop("accepted_on")
        for p in d["parties"]:
            p.pop("plan_sent_on")
            p.pop("report_sent_on", None)
    got = evaluate(plan_with(draft), TODAY)
    assert (got.answers[7].status, got.answers[8].status) == (NOT_YET_DUE, NOT_YET_DUE)
    assert not got.fails()


# ---------------------------------------------------------------- what was seen in issue 11

def test_q9_needs_the_report_recorded_as_sent_not_a_file_on_disk():
    got = answer(9, lambda d: d["parties"][2].pop("report_sent_on"))
    assert (ELLISON.parent / BASE.data["ombudsman"]["final_report_file"]).is_file()
    assert got.status == NOT_MET
    assert answer(9).reason == ("The anonymised final report went with the plan to the Care "
                                "Quality Commission on 25 November 2026.")

    def no_regulator(d):
        d["parties"] = [p for p in d["parties"] if p["kind"] != "regulator"]
    assert answer(9, no_regulator).status == NOT_APPLICABLE


def test_all_seven_points_monitoring_audit_and_impact():
    def strip(d):
        action(d, "A3").pop("monitoring")
        action(d, "A3").pop("impact")
    q2, q7 = answer(2, strip), answer(7, strip)
    assert (q2.status, q2.reason) == (NOT_MET, "Impact: A3 has no measure with a target, so no "
                                               "one can tell whether it worked.")
    assert (q7.status, q7.reason) == (NOT_MET, "A3 has no monitoring; A3 has no audit, nor a "
                                               "reason for having none.")
    assert [r.id for r in q7.refs] == ["A3"]
    assert q7.refs[0].line == BASE.source_map.locate(("actions", 2))[0]


def test_a_missing_audit_is_a_gap_unless_a_reason_is_given():
    plan = plan_with(lambda d: action(d, "A2")["monitoring"].pop("reason_no_audit"))
    a2 = next(a for a in plan_context(plan)["actions"] if a["id"] == "A2")
    assert a2["audit"] == "Not yet recorded"
    a2 = next(a for a in plan_context(plan_with())["actions"] if a["id"] == "A2")
    assert a2["audit"].startswith("No separate audit: The weekly report covers every referral")


def test_q1_recommendations_need_an_action_and_dates_within_theirs():
    def unanswered(d):
        d["ombudsman"]["recommendations"].append({"id": "R4", "text": "Review the policy."})
    got = answer(1, unanswered)
    assert (got.status, got.reason) == (NOT_MET, "No action answers recommendation R4.")

    def late(d):
        action(d, "A6")["target_date"] = "2026-10-31"
        action(d, "A6")["completed_on"] = "2026-10-30"
    assert answer(1, late).reason == ("A6's target date (31 October 2026) is after R1's due "
                                      "date (14 October 2026).")


def test_q1_a_failing_without_an_action():
    def change(d):
        d["failings"].append({"id": "F4", "category": "record_keeping", "summary": "Notes lost."})
    got = answer(1, change)
    assert (got.status, got.reason) == (NOT_MET, "F4 has no action.")
    assert got.todo == ("add an action that addresses F4",)
    assert [r.id for r in got.refs] == ["F4"]


def test_q1_no_complaint_handling_failing_unless_the_report_found_none():
    def drop(d):
        d["failings"] = [f for f in d["failings"] if f["id"] != "F3"]
        d["actions"] = [a for a in d["actions"] if "F3" not in a["failings"]]
        d["ombudsman"]["recommendations"] = d["ombudsman"]["recommendations"][1:2]
    got = answer(1, drop)
    assert (got.status, got.reason) == (NOT_MET, "No failing is about complaint handling.")

    def drop_but_state(d):
        drop(d)
        d["ombudsman"]["complaint_handling_not_criticised"] = "Paragraph 90 found no fault."
    assert answer(1, drop_but_state).status == MET


def test_the_deadline_and_extensions(run_cli):
    def late(d):
        d["plan"].update(submit_by="2026-11-01", status="draft")
        d["plan"].pop("submitted_on")
        d["ombudsman"].pop("accepted_on")
        for p in d["parties"]:
            p.pop("plan_sent_on")
            p.pop("report_sent_on", None)
    got = evaluate(plan_with(late), D("2026-11-28"))
    assert got.fails()
    [submission] = [o for o in got.overdue if o.kind == "submission"]
    assert submission.text == ("The plan was due with the ombudsman by 1 November 2026 and is "
                               "not recorded as sent.")

    def extended(d):
        late(d)
        d["plan"]["extensions"] = [{"until": "2026-12-10", "agreed_on": "2026-10-28",
                                    "reason": "Waiting for the coroner's report"}]
    assert not evaluate(plan_with(extended), D("2026-11-28")).fails()


def test_a_fresh_init_plan_fails_and_lists_its_placeholders(run_cli, tmp_path):
    path = tmp_path / "new.plan.yaml"
    assert run_cli("init", path).exit_code == 0
    result = run_cli("check", path)
    assert result.exit_code == 1, result.output
    for placeholder in ("F1's summary", "A1's description", "A1's impact measure",
                        "A1's monitoring", "A1's review", "A1's standards",
                        "the complainant's involvement", "the name of the complainant",
                        "the name of the Complaints Manager",
                        "the organisation's name and address"):
        assert placeholder in result.output, placeholder
    answers = evaluate(build_plan(load_file(path).data, path, load_file(path).source_map),
                       dt.date.today()).answers
    assert [a.number for a in answers if a.status == NOT_MET] == [1, 2, 3, 4, 6, 7, 8, 10]


def test_placeholder_texts_are_the_ones_init_writes():
    written = scaffold("x.plan.yaml", "s.json", "Name of your organisation", "PHSO")
    for text_ in ("Forename Surname", "Describe how", "Say how", "What will be monitored",
                  "How the action will be checked", "What will show the action worked"):
        assert text_ in written


def test_q6_relevant_standards_or_a_reason_for_none():
    got = answer(6, lambda d: action(d, "A6").pop("standards"))
    assert (got.status, got.reason) == (NOT_MET, "A6 cites no standard and does not say why "
                                                 "none applies.")

    def reason(d):
        action(d, "A6").pop("standards")
        action(d, "A6")["reason_no_standard"] = "A payment; no professional standard applies."
    got = answer(6, reason)
    assert got.status == MET and got.reason.endswith("; A6 says why none applies.")
    got = answer(6, lambda d: action(d, "A2")["standards"][0].pop("how"))
    assert got.reason == "A2 does not say how it meets NICE guideline NG27."


def test_q6_counts_standards_in_words():
    def one(d):
        for a in d["actions"]:
            a["standards"] = [{"id": "cqc.reg16", "how": "Complaints are acted on."}]
    assert "(1 standard named in full)" in answer(6, one).reason


def test_q10_updates_need_an_interval_and_are_overdue_once_missed(run_cli):
    got = answer(10, today=D("2027-02-01"))
    assert (got.status, got.reason) == (NOT_MET, "The complainant was due an update on 24 "
                                                 "January 2027; last sent 14 October 2026.")
    assert [r.id for r in got.refs] == ["p-complainant"]

    def free_text(d):
        d["parties"][1]["updates"] = {"frequency": "at each milestone", "method": "report"}
    got = answer(10, free_text)
    assert got.status == CONFIRM and "the NHS Northshire Integrated Care Board" in got.reason

    def old_quarterly(d):
        d["parties"][1]["updates"] = {"frequency": "quarterly", "method": "report"}
    def late_parties(day):
        return [o.id for o in evaluate(plan_with(old_quarterly), day).overdue if o.kind == "update"]
    assert late_parties(D("2027-02-24")) == ["p-complainant"]
    assert late_parties(D("2027-02-25")) == ["p-complainant", "p-icb"]  # 3 months from sending
    got = answer(10, lambda d: d["parties"][1]["updates"].pop("method"))
    assert (got.status, got.reason) == (NOT_MET, "No arrangement (how often and how) for the NHS "
                                                 "Northshire Integrated Care Board.")


def test_q2_needs_confirmation_until_sufficiency_is_recorded():
    got = answer(2, lambda d: d.pop("sufficiency"))
    assert (got.status, got.reason) == (CONFIRM,
                                        "No one has yet recorded that the actions are sufficient.")
    assert answer(2, today=D("2026-11-18")).status == CONFIRM  # recorded on 19 November


def test_q3_names_only_what_is_missing():
    got = answer(3, lambda d: action(d, "A2").pop("owner"))
    assert (got.status, got.reason) == (NOT_MET, "A2 has no owner.")

    def two(d):
        action(d, "A2").pop("owner")
        action(d, "A2").pop("start_date")
    got = answer(3, two)
    assert (got.reason, got.todo) == ("A2 has no owner or start date.",
                                      ("give A2 an owner and a start date",))
    assert got.refs[0].line == BASE.source_map.locate(("actions", 1))[0]


def test_q4_involvement():
    assert answer(4, lambda d: d.pop("complainant_involvement")).status == NOT_MET
    got = answer(4, lambda d: d["complainant_involvement"].pop("how"))
    assert (got.status, got.reason) == (
        NOT_MET, "The complainant was involved, but the plan does not say how.")

    def not_involved(d):
        d["complainant_involvement"] = {"involved": False,
                                        "reason_not_involved": "She asked not to be contacted."}
    assert answer(4, not_involved).status == MET


def test_q5_evidence_for_actions_complete_on_the_date():
    got = answer(5, lambda d: action(d, "A6").pop("evidence"))
    assert (got.status, got.reason) == (NOT_MET, "A6 is complete but has no evidence.")

    def missing_file(d):
        action(d, "A6")["evidence"][0] = {"description": "Letter", "ref": "evidence/letter.pdf"}
    assert answer(5, missing_file).reason == \
        "A6's evidence file evidence/letter.pdf does not exist."
    assert answer(5, today=D("2026-10-01")).status == NOT_APPLICABLE  # nothing complete yet


def test_q7_review_dates():
    def change(d):
        d.pop("plan_review")
        action(d, "A3").pop("review")
    got = answer(7, change)
    assert (got.status, got.reason) == (NOT_MET, "The plan has no review date; A3 has no review "
                                                 "date or method.")


def test_overdue_actions_and_updates_are_reported(run_cli):
    result = run_cli("check", "--today", "2027-02-15", ELLISON)
    assert result.exit_code == 1  # the complainant's update was due on 24 January
    assert "Overdue on 15 February 2027:" in result.output
    assert "Action A1 was due by 31 January 2027 and is not complete. (line" in result.output
    assert "An update to the complainant was due on 24 January 2027." in result.output


def test_result_to_dict_for_the_command_line():
    data = evaluate(plan_with(), D("2027-02-15")).to_dict()
    assert list(data) == ["as_at", "stage", "questions", "overdue", "advice"]
    assert data["as_at"] == "2027-02-15" and data["stage"] == "sent"
    assert data["questions"][7]["status"] == "met"
    assert {o["kind"] for o in data["overdue"]} == {"action", "update"}
    json.dumps(data)


# ---------------------------------------------------------------- advice on wording

@pytest.mark.parametrize("wording", ["Remind staff of the policy.",
                                     "Share learning at the team meeting.",
                                     "Raise awareness of the discharge policy among staff."])
def test_advice_fires_on_vague_actions(wording):
    def change(d):
        action(d, "A3")["description"] = wording
    got = evaluate(plan_with(change), TODAY)
    [advice] = [a for a in got.advice if a.id == "A3"]
    assert advice.line == BASE.source_map.locate(("actions", 2))[0]
    assert not got.fails(strict=True)


def test_advice_on_training_only_committee_owners_and_outcomes():
    def change(d):
        for a in d["actions"]:
            if "F2" in a["failings"]:
                a["description"] = "Train all ward staff in discharge conversations."
        action(d, "A1")["owner"] = {"team": "Patient Safety Committee"}
        action(d, "A2")["impact"][0]["target"] = "Better than now"
    advice = {a.id: a.text for a in evaluate(plan_with(change), TODAY).advice}
    assert advice["F2"].startswith("F2 is answered only by training or reminders (A3 and A4)")
    assert "no one person accountable" in advice["A1"]
    assert "no outcome with a figure" in advice["A2"]


@pytest.mark.parametrize("sample", SAMPLE_PLANS, ids=lambda p: p.stem)
def test_no_advice_on_the_samples(sample):
    loaded = load_file(sample)
    plan = build_plan(loaded.data, sample, loaded.source_map)
    assert evaluate(plan, TODAY).advice == []


def test_advice_is_in_the_terminal_and_never_on_the_sheet(run_cli, tmp_path):
    plan = ELLISON.read_text().replace("Give every patient on Ward 7", "Remind staff to give "
                                       "every patient on Ward 7", 1)
    path = tmp_path / "ellison.plan.yaml"
    path.write_text(plan)
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "ellison-final-report.docx").write_bytes(
        (SAMPLES / "reports" / "ellison-final-report.docx").read_bytes())
    shutil.copytree(SAMPLES / "evidence", tmp_path / "evidence")
    result = run_cli("check", "--today", "2026-11-27", path)
    said = " ".join(result.output.split())
    assert result.exit_code == 0 and re.search(r"ellison\.plan\.yaml:\d+: A3 relies on reminding",
                                               said)
    assert run_cli("build", path, "-o", tmp_path / "out").exit_code == 0
    assert "relies on reminding" not in text(tmp_path / "out" / "ellison.checklist.docx")


# ---------------------------------------------------------------- wording

def test_the_catalogue_names_parliament_as_publisher_of_the_2014_regulations():
    reg = catalogue()["cqc.reg16"]
    assert reg.publisher.startswith("UK Parliament (statutory instrument")


def test_exit_codes_strict_and_json(run_cli, tmp_path):
    text_plan = ELLISON.read_text().replace("sufficiency:\n", "unused_sufficiency:\n", 1)
    path = tmp_path / "bad.plan.yaml"
    path.write_text(text_plan)
    shutil.copytree(SAMPLES / "evidence", tmp_path / "evidence")
    assert run_cli("check", path).exit_code == 1  # an unknown key: nothing checked
    unconfirmed = ELLISON.read_text()
    start = unconfirmed.index("sufficiency:\n")
    end = unconfirmed.index("regulator_copy:")
    path.write_text(unconfirmed[:start] + unconfirmed[end:])
    assert run_cli("check", "--today", "2026-11-27", path).exit_code == 0
    assert run_cli("check", "--strict", "--today", "2026-11-27", path).exit_code == 1
    result = run_cli("check", "--format", "json", "--today", "2026-11-27", path)
    q2 = json.loads(result.output)["plans"][0]["questions"][1]
    assert q2["status"] == "needs confirmation" and q2["number"] == 2


def test_missing_plan_exits_2(run_cli, tmp_path):
    result = run_cli("check", "--today", "2026-11-27", tmp_path / "nope.plan.yaml", ELLISON)
    assert result.exit_code == 2 and "Result: 10 met" in result.output


# ---------------------------------------------------------------- the sheet

TOOL_WORDS = re.compile(r"\bapgen\b|plan_sent_on|report_sent_on|standards\[\]|\w+_\w+:|"
                        r"\b(redact|validate|init)\b|complainant_involvement|plan_review")


def test_checklist_sheet_reads_back(run_cli, tmp_path):
    assert run_cli("build", ELLISON, "-o", tmp_path).exit_code == 0
    sheet = tmp_path / "ellison.checklist.docx"
    body = text(sheet)
    assert "Northshire Hospitals NHS Foundation Trust" in body and "P-004417" in body
    assert "All ten questions are met." in body
    assert body.count("\u2713 Met") == 10
    assert "Sent to everyone listed; actions under way" in body
    assert "PHSO guidance, \u2018Action plan checklist\u2019, question 9" in body
    assert "Patient Experience Team, Northshire Hospitals NHS Foundation Trust" in body
    footer = paragraphs(sheet, "word/footer")
    assert any("Checklist for action plan version 1.3" in p for p in footer)
    assert not TOOL_WORDS.search(body), TOOL_WORDS.search(body)


def test_checklist_sheet_shows_what_remains_without_tool_words(run_cli, tmp_path):
    assert run_cli("build", MINIMAL, "-o", tmp_path).exit_code == 0
    body = text(tmp_path / "minimal.checklist.docx")
    assert "\u2717 Not met" in body and "\u2013 Not applicable" in body
    assert "Still to do: give A1 an owner, a start date and a target date." in body
    assert not TOOL_WORDS.search(body), TOOL_WORDS.search(body)


def test_every_answer_and_todo_is_free_of_tool_words(tmp_path):
    path = tmp_path / "new.plan.yaml"
    path.write_text(scaffold(path.name, "s.json", "Name of your organisation", "PHSO"))
    loaded = load_file(path)
    for plan, day in [(build_plan(loaded.data, path, loaded.source_map), TODAY),
                      (plan_with(), D("2026-11-23")), (plan_with(), D("2027-02-15"))]:
        result = evaluate(plan, day)
        words = [a.reason for a in result.answers] + [t for a in result.answers for t in a.todo] \
            + [o.text for o in result.overdue]
        for said in words:
            assert not TOOL_WORDS.search(said), said


@needs_libreoffice
def test_checklist_sheet_fits_two_portrait_pages(run_cli, tmp_path):
    assert run_cli("build", ELLISON, MINIMAL, "-o", tmp_path, "--pdf").exit_code == 0
    for name in ("ellison", "minimal"):
        pdf = tmp_path / f"{name}.checklist.pdf"
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        assert re.search(r"Pages:\s+[12]\n", info), info
        assert re.search(r"Page size:\s+595", info), info  # A4 portrait
    assert "Action plan checklist" in pdf_text(tmp_path / "ellison.checklist.pdf")
