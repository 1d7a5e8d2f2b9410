"""Shared fixtures: paths to the samples and corpus, a CLI runner, plan text helpers."""

from __future__ import annotations

import os
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


# CI sets this: there a missing LibreOffice is a failure, not a reason to skip.
REQUIRE_LIBREOFFICE = os.environ.get("APGEN_REQUIRE_LIBREOFFICE") == "1"

needs_libreoffice = pytest.mark.skipif(
    soffice() is None and not REQUIRE_LIBREOFFICE,
    reason="LibreOffice (soffice) is not installed: apt-get install -y libreoffice-writer-nogui")


def pytest_sessionstart(session):
    if REQUIRE_LIBREOFFICE and soffice() is None:
        pytest.exit("APGEN_REQUIRE_LIBREOFFICE=1 but soffice is not installed", returncode=3)


@pytest.fixture(scope="session")
def sample_builds(tmp_path_factory):
    """Both samples built once per test session, with their PDFs when LibreOffice is
    present: converting is the slowest step of the suite, so tests share it."""
    out = tmp_path_factory.mktemp("samples-built")
    args = ["build", *map(str, SAMPLE_PLANS), "-o", str(out)] + (["--pdf"] if soffice() else [])
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


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
