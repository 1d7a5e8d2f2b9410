"""How the verifier reads a paragraph (verify/package.py, _Part): a text box's paragraph is
read as its own and not again as part of the paragraph holding the box, so each detail is
reported once, where it is."""

from __future__ import annotations

from pathlib import Path

import pytest
from adversarial_docx import findings, p, r, report_with_body

from actionplan_gen.pipeline import load_plan
from actionplan_gen.verify import Registry
from actionplan_gen.verify.hit import NAME

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def registry():
    return Registry.from_plan(load_plan(ROOT / "samples" / "ellison.plan.yaml")[0])


def _box(text: str) -> str:
    """A text box (VML) with ``text`` in its own paragraph and nowhere else."""
    return (f'<w:r><w:pict><v:shape id="b1"><v:textbox><w:txbxContent>{p(r(text))}'
            "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>")


def test_a_name_in_a_text_box_is_reported_at_the_box_paragraph_only(registry):
    data = report_with_body(p(r("Intro.")) + p(r("Before the box. "), _box("Margaret Ellison"),
                                                r(" After the box.")))
    assert [(f.kind, f.paragraph) for f in findings(data, registry)] == [(NAME, 3)]


def test_a_name_split_around_a_text_box_is_still_one_name(registry):
    data = report_with_body(p(r("Margaret "), _box("Nothing here."), r("Ellison")))
    assert [(f.kind, f.paragraph) for f in findings(data, registry)] == [(NAME, 1)]


# --------------------------------------------- a date of birth in a column under its label
def _cell(text: str, span: int = 1, wrap: bool = False) -> str:
    props = f'<w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>' if span > 1 else ""
    cell = f"<w:tc>{props}{p(r(text)) if text is not None else p()}</w:tc>"
    return f"<w:sdt><w:sdtContent>{cell}</w:sdtContent></w:sdt>" if wrap else cell


def _row(*cells) -> str:
    return "<w:tr>" + "".join(c if c.startswith("<") else _cell(c) for c in cells) + "</w:tr>"


def _table(*rows: str) -> str:
    return "<w:tbl>" + "".join(rows) + "</w:tbl>"


COLUMN_BIRTHS = {  # the table, and the paragraphs where a date of birth is
    "header row": (_table(_row("Patient", "Date of birth", "Ward"),
                          _row("Mrs A", "12/06/1939", "Ward 7"),
                          _row("Mr B", "3 April 1941", "Ward 9")), [6, 9]),
    "last column": (_table(_row("Patient", "Admitted", "DOB:"),
                           _row("Mrs A", "12/03/2025", "12/06/1939")), [7]),
    "two header rows": (_table(_row(_cell("Patient details", span=3)),
                               _row("Patient", "Date of birth", "Ward"),
                               _row("Mrs A", "12/06/1939", "Ward 7")), [7]),
    "merged label": (_table(_row("Patient", _cell("D.O.B.", span=2)),
                            _row("Mrs A", "12/06/1939", "seen")), [5]),
    "cells in content controls": (_table(
        _row(_cell("Patient", wrap=True), _cell("Born", wrap=True)),
        _row(_cell("Mrs A", wrap=True), _cell("12.06.39", wrap=True))), [5]),
}


COLUMN_LABELS = ["Birth date", "DOB / age", "DOB (age)", "Date of birth (dd/mm/yyyy)",
                 "Patient's D.O.B.", "Births"]
for _label in COLUMN_LABELS:  # a label anywhere in a short heading, not only at its end
    COLUMN_BIRTHS[f"heading {_label}"] = (_table(_row("Patient", _label, "Ward"),
                                                 _row("Mrs A", "12 June 1939", "Ward 7")), [6])


@pytest.mark.parametrize("form", list(COLUMN_BIRTHS))
def test_a_date_of_birth_in_a_column_under_its_label_is_found(registry, form):
    table, paragraphs = COLUMN_BIRTHS[form]
    found = findings(report_with_body(p(r("Records:")) + table), registry)
    assert sorted(f.paragraph for f in found if f.kind == "date of birth") == paragraphs
    assert all("1939" not in str(f) and "1941" not in str(f) for f in found)


@pytest.mark.parametrize("table", [
    _table(_row("Patient", "Admitted", "Ward"), _row("Mrs A", "12/03/2025", "Ward 7")),
    _table(_row("Ward", "Births", "Birth weight"), _row("Ward 7", "14", "3.2 kg")),
    # the note left of a removed date is no label of the admission date beside it
    _table(_row("Patient", "DOB", "Admitted"),
           _row("Mrs A", "[date of birth removed]", "12/03/2025")),
    # a label whose removed value is in its own cell labels no date beside it (cold review)
    _table(_row("Mrs A (DOB [date of birth removed])", "12/03/2025")),
    _table(_row("Mrs A, born [date of birth removed]", "12/03/2025")),
    # a record of label and value rows: the removed date is no heading of the dates below it
    _table(_row("Name", "Mrs A"), _row("Date of birth", "[date of birth removed]"),
           _row("Admitted", "12/03/2025"), _row("DOB", "[DOB redacted]"), _row("Seen", "1/4/25")),
    _table(_row("Patient", "Date of birth", "Ward"), _row("Mrs A", "[removed]", "12/03/2025")),
    _table(_row("Date of birth", "Admitted"), _row("[removed]", "12/03/2025")),
    # a table nested in a labelled cell's row is read as its own table
    _table(_row("Patient", "Date of birth"),
           _row("Mrs A", "<w:tc>" + p(r("[removed]")) + _table(_row("Seen", "12/03/2025"))
                + p() + "</w:tc>")),
])
def test_dates_under_other_labels_pass(registry, table):
    assert findings(report_with_body(p(r("Records:")) + table), registry) == []


@pytest.mark.parametrize("cell", ["Date of birth", "[name removed] DOB:", "DOB [age removed]"])
def test_a_label_beside_a_note_of_removal_still_labels_the_next_cell(registry, cell):
    found = findings(report_with_body(_table(_row(cell, "12/06/1939"))), registry)
    assert found and {f.kind for f in found} == {"date of birth"}


def _cell_of(*paragraphs: str) -> str:
    return "<w:tc>" + "".join(p(r(text)) for text in paragraphs) + "</w:tc>"


@pytest.mark.parametrize("rows", [
    [[_cell_of("Patient", "DOB")], [_cell_of("Mrs A", "12/06/1939")]],  # both in one column
    [[_cell_of("DOB", "Age")], [_cell_of("12/06/1939", "85")]],
    [[_cell_of("Date of birth", "(dd/mm/yyyy)"), _cell_of("12/06/1939")]],  # a row's label
    [[_cell_of("DOB", "Age"), _cell_of("12/06/1939", "85")]],
], ids=["heading-second", "value-first", "row-label-two-lines", "row-label-and-value"])
def test_cells_of_several_paragraphs_are_read_whole(registry, rows):
    """Found by a cold review: the heading or label is any paragraph of its cell, and the
    value any paragraph of the cell it labels."""
    table = _table(*("<w:tr>" + "".join(cells) + "</w:tr>" for cells in rows))
    found = findings(report_with_body(p(r("Records:")) + table), registry)
    assert "date of birth" in {f.kind for f in found}


def test_a_date_anywhere_in_a_cell_under_a_birth_heading_is_found(registry):
    """'86 / 12.06.1939' under 'Age/DOB': the date need not start the cell."""
    table = _table(_row("Name", "Age/DOB"), _row("Mrs A", "86 / 12.06.1939"))
    found = findings(report_with_body(p(r("Records:")) + table), registry)
    assert [(f.kind, f.paragraph) for f in found] == [("date of birth", 5)]
