"""portfolio.py: one plan's summary as at a date, the name scrubber, the chart, the template."""

from __future__ import annotations

import datetime as dt
import importlib.util

from actionplan_gen import portfolio
from actionplan_gen.pipeline import load_plan

from conftest import ROOT

ELLISON = ROOT / "samples" / "ellison.plan.yaml"


def test_summary_of_the_sample_on_two_dates():
    plan, _ = load_plan(ELLISON)
    early = portfolio.summarise(plan, 1, dt.date(2026, 11, 1))
    assert early.stage == "draft" and early.deadline == dt.date(2026, 12, 15)
    assert not early.deadline_missed and early.overdue == () and early.updates == ()
    assert early.recommendations_due == ("R1",)
    late = portfolio.summarise(plan, 1, dt.date(2027, 4, 1))
    assert late.stage == "sent" and late.statuses == (0, 3, 0, 2, 1, 0)
    assert [(o.action, o.days) for o in late.overdue] == [("A1", 60), ("A3", 32)]
    assert late.overdue[1].owner == "Ward Manager"  # the person's role, never their name
    assert [u.party for u in late.updates] == ["the complainant",
                                               "NHS Northshire Integrated Care Board",
                                               "Care Quality Commission"]


def test_scrubber_removes_whole_words_in_any_case_only():
    scrub = portfolio.Scrubber(["Zoë O'Brien-Hughes", "Will Grant"])
    # A one-letter part ('O') names nobody and is left: it would also strike 'a' and 'I'.
    assert scrub("Team of zoë o'brien-HUGHES") == ("Team of [name removed] o'"
                                                   "[name removed]-[name removed]")
    assert scrub("Willow Grantham team") == "Willow Grantham team"
    assert portfolio.Scrubber([])("anything") == "anything"


def test_chart_is_the_same_bytes_twice_and_has_no_timestamp():
    plan, _ = load_plan(ELLISON)
    results = [portfolio.summarise(plan, 1, dt.date(2027, 4, 1))]
    first, size = portfolio.chart_png(results)
    second, _ = portfolio.chart_png(results)
    assert first == second and first.startswith(b"\x89PNG")
    assert b"tIME" not in first and b"Software" not in first
    assert size[0] == 24 * 360_000 and 0 < size[1] < size[0]


def test_more_plans_than_bars_shows_those_with_most_overdue():
    plan, _ = load_plan(ELLISON)
    base = portfolio.summarise(plan, 1, dt.date(2027, 4, 1))
    import dataclasses
    many = [dataclasses.replace(base, index=i, case=f"C-{i}",
                                overdue=base.overdue[: i % 3]) for i in range(40)]
    shown = portfolio.chart_plans(many)
    assert len(shown) == portfolio.MAX_BARS
    # 13 plans have two overdue actions; the other two bars go to plans with one.
    assert sorted(len(r.overdue) for r in shown) == [1, 1] + [2] * 13
    assert "the 15 plans (of 40) with most overdue actions" in portfolio.chart_alt(many)


def test_committed_template_matches_its_generator(tmp_path, monkeypatch, capsys):
    spec = importlib.util.spec_from_file_location(
        "make_portfolio_template", ROOT / "tools" / "make_portfolio_template.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    monkeypatch.setattr(tool, "TEMPLATES", tmp_path)
    tool.portfolio()
    assert (tmp_path / "portfolio.docx").read_bytes() == \
        (ROOT / "templates" / "portfolio.docx").read_bytes(), \
        "templates/portfolio.docx is out of date: run python tools/make_portfolio_template.py"
    assert tool.CHART_NAME == portfolio.CHART_NAME


def test_matplotlib_is_not_imported_by_the_cli_itself():
    import subprocess
    import sys
    done = subprocess.run([sys.executable, "-c", "import sys, actionplan_gen.cli, "
                           "actionplan_gen.portfolio; print('matplotlib' in sys.modules)"],
                          capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
