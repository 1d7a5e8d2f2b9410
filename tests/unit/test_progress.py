"""progress.py: a plan's stage, action status and RAG, updates due and deadline, as at a date."""

from __future__ import annotations

import copy
import datetime as dt

from actionplan_gen import progress
from actionplan_gen.loader import load_file
from actionplan_gen.model import build_plan

from conftest import SAMPLES

ELLISON = SAMPLES / "ellison.plan.yaml"
BASE = load_file(ELLISON)
D = dt.date.fromisoformat


def plan_with(change=None):
    data = copy.deepcopy(BASE.data)
    if change:
        change(data)
    return build_plan(data, ELLISON, BASE.source_map)


def action(plan, action_id):
    return next(a for a in plan.actions if a.id == action_id)


def test_stage_follows_the_dates_not_the_label():
    plan = plan_with()
    assert [progress.stage(plan, D(day)) for day in
            ("2026-11-19", "2026-11-20", "2026-11-23", "2026-11-24", "2026-11-25")] == \
        ["draft", "submitted", "accepted", "accepted", "sent"]


def test_stage_complete_once_every_action_is():
    def finish(d):
        for a in d["actions"]:
            a.update(status="complete", completed_on="2026-12-01", evidence=[{"description": "x"}])
    plan = plan_with(finish)
    assert progress.stage(plan, D("2026-11-30")) == "sent"
    assert progress.stage(plan, D("2026-12-01")) == "complete"


def test_sending_to_everyone_implies_acceptance_for_plans_without_the_date():
    def old(d):
        d["ombudsman"].pop("accepted_on")
        d["parties"][2].pop("report_sent_on")
    assert progress.stage(plan_with(old), D("2026-11-27")) == "accepted"


def test_action_status_and_rag_as_at_a_date():
    plan = plan_with()
    a4 = action(plan, "A4")  # complete on 10 November 2026, target 15 November
    assert progress.action_progress(a4, D("2026-11-09")).status == "in_progress"
    assert progress.action_progress(a4, D("2026-11-09")).rag == "amber"
    assert progress.action_progress(a4, D("2026-11-10")).rag == "green"
    assert progress.action_progress(action(plan, "A5"), D("2026-11-27")).rag == "assured"
    a1 = action(plan, "A1")  # target 31 January 2027
    assert progress.action_progress(a1, D("2026-09-01")).status == "planned"
    assert progress.action_progress(a1, D("2026-12-01")).rag == "green"
    assert progress.action_progress(a1, D("2027-01-20")).rag == "amber"
    assert progress.action_progress(a1, D("2027-02-01")).rag == "red"


def test_a_progress_entry_moves_the_target_only_from_its_date():
    a2 = action(plan_with(), "A2")
    before = progress.action_progress(a2, D("2026-11-25"))
    after = progress.action_progress(a2, D("2026-11-26"))
    assert (before.target_date, before.slipped) == (D("2027-03-31"), False)
    assert (after.target_date, after.slipped, after.rag) == (D("2027-04-30"), True, "amber")
    assert after.slip_reason == "Supplier delay in connecting the two systems"
    assert progress.action_progress(a2, D("2027-04-15")).rag == "amber"  # not red: moved


def test_update_schedules():
    plan = plan_with()
    by_id = {p.id: p for p in plan.parties}
    assert progress.schedule(by_id["p-complainant"]) == progress.Schedule(2, "months")
    assert progress.schedule(by_id["p-icb"]) == progress.Schedule(3, "months")
    due = progress.update_due(plan, by_id["p-complainant"], D("2027-02-01"))
    assert (due.next_due, due.overdue_on(D("2027-02-01"))) == (D("2027-01-24"), True)
    # The ICB's quarterly updates count from the day it was sent the plan.
    assert progress.update_due(plan, by_id["p-icb"], D("2027-01-01")).next_due == D("2027-02-24")
    assert progress.update_due(plan, by_id["p-icb"], D("2026-11-20")).next_due is None


def test_an_update_sent_restarts_the_interval():
    def sent(d):
        d["updates"].append({"date": "2027-01-20", "summary": "Pilot done.",
                             "sent_to": ["p-complainant"]})
    plan = plan_with(sent)
    due = progress.update_due(plan, plan.parties[0], D("2027-02-01"))
    assert (due.last_sent, due.next_due) == (D("2027-01-20"), D("2027-03-20"))


def test_old_frequencies_and_free_text():
    def old(d):
        d["parties"][0]["updates"] = {"frequency": "quarterly", "method": "letter"}
        d["parties"][1]["updates"] = {"frequency": "every two months until done", "method": "x"}
        d["parties"][2]["updates"] = {"frequency": "at each milestone", "method": "email"}
    plan = plan_with(old)
    assert [progress.schedule(p) for p in plan.parties] == [
        progress.Schedule(3, "months"), progress.Schedule(2, "months"), None]
    assert progress.update_due(plan, plan.parties[0], D("2027-03-01")).next_due == D("2027-02-24")


def test_deadline_is_the_latest_agreed_extension():
    def late(d):
        d["plan"].update(submit_by="2026-11-01")
        d["plan"].pop("submitted_on")
        d["ombudsman"].pop("accepted_on")
        for p in d["parties"]:
            p.pop("plan_sent_on")
    plan = plan_with(late)
    assert progress.deadline_missed(plan, D("2026-11-28"))
    assert not progress.deadline_missed(plan, D("2026-11-01"))

    def extended(d):
        late(d)
        d["plan"]["extensions"] = [{"until": "2026-12-10", "agreed_on": "2026-10-25",
                                    "reason": "Waiting for the coroner"}]
    plan = plan_with(extended)
    assert progress.deadline(plan) == D("2026-12-10")
    assert not progress.deadline_missed(plan, D("2026-11-28"))


def test_add_months_keeps_to_the_month_end():
    assert progress.add_months(D("2027-01-31"), 1) == D("2027-02-28")
    assert progress.add_months(D("2026-11-30"), 3) == D("2027-02-28")
    assert progress.add_months(D("2026-12-15"), 12) == D("2027-12-15")


def test_a_recommendation_is_evidenced_by_its_own_compliance_evidence_or_its_actions():
    import dataclasses

    from actionplan_gen.model import Compliance, Evidence
    from actionplan_gen.pipeline import load_plan
    from actionplan_gen.progress import compliance_missing
    plan = load_plan(SAMPLES / "ellison.plan.yaml")[0]
    rec = plan.recommendations[0]
    bare = dataclasses.replace(rec, compliance=None)
    answering = [a for a in plan.actions if rec.id in a.recommendations]
    early = min(a.start_date for a in answering) - dt.timedelta(days=1)
    assert compliance_missing(plan, bare, early)  # nothing complete yet: not evidenced
    letter = Evidence("Letter sent", dated=early)
    sent = dataclasses.replace(rec, compliance=Compliance((letter,), None, None))
    assert compliance_missing(plan, sent, early) == []
    unanswered = dataclasses.replace(rec, id="R99", compliance=None)
    assert compliance_missing(plan, unanswered, early) == ["No action answers it"]
