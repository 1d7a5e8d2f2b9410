"""The committed templates and sample reports are exactly what tools/ generates."""

from __future__ import annotations

import importlib.util

import pytest

from conftest import ROOT


def load_tool(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_templates_match_their_generator(tmp_path, monkeypatch, capsys):
    tool = load_tool("make_templates")
    monkeypatch.setattr(tool, "TEMPLATES", tmp_path)
    tool.action_plan()
    tool.checklist()
    for name in ("action-plan.docx", "checklist.docx"):
        assert (tmp_path / name).read_bytes() == (ROOT / "templates" / name).read_bytes(), \
            f"templates/{name} is out of date: run python tools/make_templates.py"


@pytest.mark.parametrize("name", ["ellison-final-report.docx", "nowak-decision.docx"])
def test_sample_reports_match_their_generator(tmp_path, monkeypatch, capsys, name):
    tool = load_tool("make_sample_report")
    monkeypatch.setattr(tool, "REPORTS", tmp_path)
    tool.main()
    assert (tmp_path / name).read_bytes() == (ROOT / "samples" / "reports" / name).read_bytes()
