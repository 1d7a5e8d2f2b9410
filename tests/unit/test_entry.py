"""The ``apgen`` process entry (entry.py): the same command line, exit codes and output, with
the garbage collector set for one short run."""

from __future__ import annotations

import gc
import subprocess
import sys
import tomllib

import pytest

from actionplan_gen import entry
from conftest import ROOT


def test_the_installed_command_and_python_m_use_the_entry():
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts == {"apgen": "actionplan_gen.entry:main"}
    assert "from actionplan_gen.entry import main" in (
        ROOT / "actionplan_gen" / "__main__.py").read_text()


@pytest.fixture
def collector():
    """Put the collector back as it was: the entry changes it for the whole process."""
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


@pytest.mark.parametrize("argv, code", [(["--version"], 0), (["validate", "no-such.yaml"], 2),
                                        (["no-such-command"], 2)])
def test_exit_codes_are_the_command_lines(monkeypatch, capsys, collector, argv, code):
    monkeypatch.setattr(sys, "argv", ["apgen", *argv])
    with pytest.raises(SystemExit) as stopped:
        entry.main()
    assert (stopped.value.code or 0) == code
    assert gc.get_threshold()[0] == 10_000
    assert gc.get_freeze_count() > 0  # what was left is frozen for shutdown


def test_a_whole_process_writes_and_reports_as_before(tmp_path):
    done = subprocess.run([sys.executable, "-m", "actionplan_gen", "build",
                           str(ROOT / "samples" / "ellison.plan.yaml"), "-o", str(tmp_path)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "wrote" in done.stdout and "Traceback" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ellison.action-plan.docx",
                                                         "ellison.checklist.docx"]
