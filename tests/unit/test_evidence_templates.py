"""The evidence pack's shipped templates are exactly what their generator writes, and the
index's parts say what the pack holds (names, checksum format, gaps)."""

from __future__ import annotations

import hashlib
import importlib.util

import pytest

from actionplan_gen import evidence
from actionplan_gen.pipeline import load_plan

from conftest import ROOT, SAMPLES


def load_tool(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_evidence_templates_match_their_generator(tmp_path, monkeypatch, capsys):
    tool = load_tool("make_evidence_templates")
    letters = tool._load("make_letter_templates")
    monkeypatch.setattr(letters, "TEMPLATES", tmp_path)
    shared = letters._shared()
    tool.evidence_letter(letters, shared)
    tool.evidence_index(letters, shared)
    for name in ("evidence-letter.docx", "evidence-index.docx"):
        assert (tmp_path / name).read_bytes() == (ROOT / "templates" / name).read_bytes(), \
            f"templates/{name} is out of date: run python tools/make_evidence_templates.py"


def test_sha256sums_lists_every_file_sorted_in_sha256sum_format():
    files = {"files/E1-a b.pdf": b"one", "covering-letter.docx": b"two"}
    assert evidence.sha256sums(files).decode().splitlines() == [
        f"{hashlib.sha256(b'two').hexdigest()}  covering-letter.docx",
        f"{hashlib.sha256(b'one').hexdigest()}  files/E1-a b.pdf"]


@pytest.mark.parametrize("as_at, due", [("2026-10-13", []), ("2026-10-14", ["R1"])])
def test_due_means_due_by_on_or_before_the_date(as_at, due):
    import datetime as dt
    plan, _ = load_plan(SAMPLES / "ellison.plan.yaml")
    groups = evidence.walk(plan, dt.date.fromisoformat(as_at))
    assert [g.recommendation.id for g in groups if g.due] == due
    assert evidence.gaps(plan, groups) == []


def test_evidence_dated_after_the_date_is_left_out():
    import datetime as dt
    plan, _ = load_plan(SAMPLES / "ellison.plan.yaml")
    [r3] = [g for g in evidence.walk(plan, dt.date(2026, 11, 1)) if g.recommendation
            and g.recommendation.id == "R3"]
    assert [x.label for x in r3.items] == ["E5"]  # E6 is dated 18 November 2026


def test_a_file_name_is_kept_whole_but_never_a_path_or_control_character():
    assert evidence._safe_name("apology letter (signed).pdf") == "apology letter (signed).pdf"
    assert evidence._safe_name("a\\b\nc.pdf") == "a-b-c.pdf"
