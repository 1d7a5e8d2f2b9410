"""The action plan's tracker grid and appendix values, from the plan's typed model."""

from __future__ import annotations

import copy

import yaml

from actionplan_gen.loader import load_file
from actionplan_gen.pipeline import load_plan
from actionplan_gen.render.context import FILL, GAP, plan_context

from conftest import SAMPLES


def _plan(tmp_path, change=None, sample="ellison"):
    data = copy.deepcopy(load_file(SAMPLES / f"{sample}.plan.yaml").data)
    if change:
        change(data)
    path = tmp_path / f"{sample}.plan.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    plan, _ = load_plan(path)
    return plan


def _row(context, action_id):
    return next(r for g in context["grid"] for r in g["rows"] if r["id"] == action_id)


def test_each_action_has_one_row_under_its_first_recommendation(tmp_path):
    context = plan_context(_plan(tmp_path))
    ids = [r["id"] for g in context["grid"] for r in g["rows"]]
    assert sorted(ids) == ["A1", "A2", "A3", "A4", "A5", "A6"]
    headings = {r["id"]: g["heading"] for g in context["grid"] for r in g["rows"]}
    assert headings["A1"].startswith("Recommendation R2: Within three months")
    assert headings["A4"].startswith("Failing F1: Ward 7 discharged")  # no recommendation
    assert _row(context, "A4")["note"] == "  (also linked to F2)"


def test_a_moved_target_shows_the_date_it_replaced_and_amber_in_words(tmp_path):
    row = _row(plan_context(_plan(tmp_path)), "A2")
    assert row["target"] == "30 April 2027\n(was 31 March 2027)"
    assert row["rag_status"] == "Amber \u2013 target date moved"
    assert row["fill"] == FILL["amber"]


def test_ratings_are_words_as_at_the_plan_date(tmp_path):
    def overdue_and_soon(d):
        d["actions"][0]["target_date"] = "2026-11-01"   # before prepared_on 2026-11-27
        d["actions"][2]["target_date"] = "2026-12-05"   # within 14 days
    context = plan_context(_plan(tmp_path, overdue_and_soon))
    assert _row(context, "A1")["rag_status"] == "Red \u2013 past its target date"
    assert _row(context, "A3")["rag_status"] == "Amber \u2013 due within 14 days"
    assert _row(context, "A5")["rag_status"] == "Blue \u2013 complete and independently assured"
    assert _row(context, "A6")["rag_status"] == "Green \u2013 complete"


def test_owners_may_be_roles_teams_and_people_in_a_list(tmp_path):
    def owners(d):
        d["actions"][0]["owner"] = [{"role": "Director of Nursing"},
                                    {"role": "Head of Safeguarding"}]
        d["actions"][1]["owner"] = [{"person": "dischargelead"}, {"team": "Discharge Group"}]
    plan = _plan(tmp_path, owners)
    context = plan_context(plan)
    assert _row(context, "A1")["lead"] == "Director of Nursing; Head of Safeguarding"
    assert _row(context, "A2")["lead"] == "Lead Nurse for Discharge and Flow; Discharge Group"
    assert _row(context, "A2")["owner"] == ("Priya Natarajan, Lead Nurse for Discharge and "
                                            "Flow; Discharge Group")
    assert plan.actions[1].owner_people == ("dischargelead",) and plan.actions[0].has_owner


def test_a_fully_missing_block_is_named_once_and_gaps_show_as_dashes(tmp_path):
    def strip(d):
        a = d["actions"][2]
        for key in ("review", "monitoring", "impact", "owner", "start_date"):
            a.pop(key)
    context = plan_context(_plan(tmp_path, strip))
    row = _row(context, "A3")
    assert row["to_record"] == ("Still to be recorded: owner, start date, review, monitoring, "
                                "audit and impact measures")
    assert (row["lead"], row["start"]) == (GAP, GAP)
    labels = [d["label"] for d in row["details"]]
    assert "How it is monitored" not in labels and "Responsible" not in labels
    values = " ".join(d["value"] for d in row["details"])
    assert "Not yet recorded" not in values + row["rag_status"] + row["lead"]


def test_a_recommendation_led_plan_groups_by_recommendation(tmp_path):
    plan = _plan(tmp_path, sample="harbour")
    context = plan_context(plan)
    assert plan.failings == () and context["failings"] == []
    assert [g["heading"].split(":")[0] for g in context["grid"]] == [
        "Recommendation R1", "Recommendation R2", "Recommendation R3", "Recommendation R4"]
    a3 = _row(context, "A3")
    assert "level: system (with partner organisations)" in a3["note"]
    assert "carried out by NHS Saltmarsh Integrated Care Board" in a3["note"]
    assert a3["target"] == "30 April 2027\n(was 26 February 2027)"
    assert [v["version"] for v in context["history"]] == ["1.0", "1.1", "2.0"]
    assert context["approval"][-1] == {"by": "Trust Board (public session)",
                                       "on": "12 November 2026"}
    assert context["sign_off"]["by"] == "Marcus Webb, Chief Executive"


def test_a_recommendation_with_no_action_shows_as_a_gap(tmp_path):
    def unanswered(d):
        d["ombudsman"]["recommendations"].append({"id": "R5", "text": "Review the policy."})
    groups = plan_context(_plan(tmp_path, unanswered, "harbour"))["grid"]
    assert groups[-1]["rows"] == [] and groups[-1]["empty"]


def test_the_appendix_row_names_standards_briefly_and_gaps_once(tmp_path):
    def strip(d):
        a = d["actions"][2]
        for key in ("review", "monitoring", "impact", "owner", "start_date"):
            a.pop(key)
    context = plan_context(_plan(tmp_path, strip))
    a1, a3 = _row(context, "A1"), _row(context, "A3")
    assert a1["standards_brief"].split("\a")[1].startswith(
        "Regulation 12: Safe care and treatment: Making sure care continues safely")
    assert a1["about"].startswith("Responsible: Priya Natarajan, Lead Nurse for Discharge")
    assert a1["monitoring_audit"].split("\a") == [
        "Monthly audit of 10 discharge records from Ward 7 for a completed checklist and a "
        "confirmed referral. Monthly; reported to Quality and Safety Committee.",
        "Audit: Trust-wide clinical audit of discharges needing community nursing, due "
        "30 September 2027, by Clinical Audit Team"]
    assert (a3["review_brief"], a3["monitoring_audit"], a3["impact_brief"]) == (GAP, GAP, GAP)
    assert a3["about"] == ("Still to be recorded: owner, start date, review, monitoring, audit "
                           "and impact measures.")
    a6 = _row(context, "A6")
    assert a6["record"].startswith("Letter of apology from the Chief Executive (Letter "
                                   "reference CE/2026/0412; 9 October 2026).")


def test_short_titles_keep_the_first_clause_or_the_name_before_a_colon():
    from actionplan_gen.render.context import short_title
    assert short_title("Regulation 12: Safe care and treatment, Health and Social Care Act 2008 "
                       "(Regulated Activities) Regulations 2014") == (
        "Regulation 12: Safe care and treatment")
    assert short_title("The Code: Professional standards of practice and behaviour for nurses, "
                       "midwives and nursing associates") == "The Code"
    long = ("The Local Authority Social Services and National Health Service Complaints "
            "(England) Regulations 2009")
    assert short_title(long) == long and short_title("NICE guideline NG27") == "NICE guideline NG27"


def test_the_cover_says_when_progress_was_last_recorded(tmp_path):
    """The latest progress note or update sent by the plan's date; later ones not yet."""
    def later_note(data):
        data["actions"][0].setdefault("progress", []).append(
            {"date": "2027-01-10", "note": "After this version of the plan."})
    assert plan_context(_plan(tmp_path, later_note))["progress_recorded"] == "26 November 2026"
    minimal = load_plan(SAMPLES.parent / "tests" / "corpus" / "valid" / "minimal.plan.yaml")[0]
    assert plan_context(minimal)["progress_recorded"] == "No progress recorded yet"
