"""Shared fixtures: paths to the samples and corpus, a CLI runner, plan text helpers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from actionplan_gen.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
CORPUS = Path(__file__).resolve().parent / "corpus"
MINIMAL = CORPUS / "valid" / "minimal.plan.yaml"
SAMPLE_PLANS = sorted(SAMPLES.glob("*.plan.yaml"))


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


needs_libreoffice = pytest.mark.skipif(
    soffice() is None,
    reason="LibreOffice (soffice) is not installed: apt-get install -y libreoffice-writer-nogui")


@pytest.fixture
def run_cli():
    """Run ``apgen ARGS`` in-process; returns click's Result (exit_code, output)."""
    runner = CliRunner()

    def run(*args, **kwargs):
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False, **kwargs)
    return run


@pytest.fixture
def plan_file(tmp_path):
    """Write plan text into a temporary ``NAME.plan.yaml`` and return its path."""
    def write(text: str, name: str = "case.plan.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path
    return write
