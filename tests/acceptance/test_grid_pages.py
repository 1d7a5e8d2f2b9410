"""A 40-action plan: the tracker grid opens the document, is read back from the .docx, and
its pages are counted in LibreOffice's PDF (about eight actions a page; the whole plan at
most 17 pages, under half the old layout's 36)."""

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
    plan = plan_with_actions(ACTIONS, folder)  # with the report and evidence beside it
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
    # The appendix is one table with a row per action, not a table (or a heading) each.
    appendix = [t for t in body.iter(f"{W}tbl")
                if _cell_text(t.find(f"{W}tr/{W}tc")) == "Action"
                and len(t.find(f"{W}tr").findall(f"{W}tc")) == 6
                and _cell_text(t.find(f"{W}tr").findall(f"{W}tc")[1]).startswith("Standards")]
    assert len(appendix) == 1
    rows = appendix[0].findall(f"{W}tr")
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    assert [_cell_text(r.find(f"{W}tc")).split(" \u00b7 ")[0] for r in rows[1:]] == [
        f"A{i}" for i in range(1, ACTIONS + 1)]
    assert "Heading3" not in {p.get(f"{W}val") for p in body.iter(f"{W}pStyle")}


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
    # The grid starts under the cover block on page 1 and takes about a page per 8 actions:
    # the pages from the first to the one where the grid ends, at most 40 / 8 + 1.
    assert grid_ends + 1 <= math.ceil(ACTIONS / 8) + 1, grid_ends
    # Every action's appendix row is on a page after the grid's.
    assert all(any(f"A{i} \u00b7 " in page for page in pages[grid_ends:])
               for i in range(1, ACTIONS + 1))
    # The old layout took 36 pages (a table per action under a heading); at most half now.
    assert len(pages) <= 17, len(pages)
