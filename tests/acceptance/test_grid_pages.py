"""A 40-action plan: the tracker grid opens the document, is read back from the .docx, and
its pages are counted in LibreOffice's PDF (about eight actions a page)."""

from __future__ import annotations

import math
import re
import subprocess
import sys

import pytest

from actionplan_gen.render.context import FILL

from conftest import ROOT, needs_libreoffice, soffice
from docx_reading import W, xml_parts

ACTIONS = 40


@pytest.fixture(scope="module")
def big_build(tmp_path_factory):
    """The Ellison sample with its actions repeated to 40 (bench/common.py), built once."""
    sys.path.insert(0, str(ROOT / "bench"))
    from common import plan_with_actions

    from click.testing import CliRunner

    from actionplan_gen.cli import main
    folder = tmp_path_factory.mktemp("forty")
    plan = plan_with_actions(ACTIONS, folder)
    pdf = ["--pdf"] if soffice() else []
    result = CliRunner().invoke(main, ["build", str(plan), "-o", str(folder / "out"), *pdf],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    stem = folder / "out" / f"{plan.name.removesuffix('.plan.yaml')}.action-plan"
    return {"docx": stem.parent / f"{stem.name}.docx", "pdf": stem.parent / f"{stem.name}.pdf"}


def _cell_text(tc) -> str:
    return "".join(t.text or "" for t in tc.iter(f"{W}t"))


def test_the_grid_is_the_first_table_after_the_cover_with_a_row_per_action(big_build):
    body = xml_parts(big_build["docx"])["word/document.xml"]
    tables = list(body.iter(f"{W}tbl"))
    grid = tables[1]  # the cover block's details first
    rows = grid.findall(f"{W}tr")
    assert [_cell_text(c) for c in rows[0].findall(f"{W}tc")] == [
        "Action", "Lead", "Start", "Target", "Status", "Evidence"]
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    action_rows = [r for r in rows[1:] if len(r.findall(f"{W}tc")) == 6]
    assert len(action_rows) == ACTIONS
    for row in action_rows:
        status = row.findall(f"{W}tc")[4]
        fill = status.find(f"{W}tcPr/{W}shd").get(f"{W}fill")
        words = _cell_text(status)
        # The colour is never the only signal: the words name the same rating.
        rating = next(k for k, v in FILL.items() if v == fill)
        assert rating and words.lower().startswith(
            {"assured": "blue"}.get(rating, rating) + " \u2013 "), words
    group_rows = [r for r in rows[1:] if len(r.findall(f"{W}tc")) == 1]
    assert group_rows and all(_cell_text(r).startswith(("Recommendation ", "Failing "))
                              for r in group_rows)


def test_not_yet_recorded_is_said_at_most_once_per_action(big_build):
    body = xml_parts(big_build["docx"])["word/document.xml"]
    text = "\n".join(_cell_text(p) for p in body.iter(f"{W}p"))
    assert text.count("Not yet recorded") <= ACTIONS


def _pages(pdf) -> list[str]:
    count = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout).group(1))
    return [subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout
            for i in range(1, count + 1)]


@needs_libreoffice
def test_forty_actions_fit_about_eight_a_page_and_the_document_shrinks(big_build):
    pages = _pages(big_build["pdf"])
    grid_ends = next(i for i, page in enumerate(pages)
                     if "The ombudsman's recommendations" in page)
    # The grid starts under the cover block on page 1: one page per 8 actions, plus that.
    assert grid_ends + 1 <= math.ceil(ACTIONS / 8) + 2, grid_ends
    # The old layout (every action as a full table under its failing) took 37 pages.
    assert len(pages) <= 34, len(pages)
