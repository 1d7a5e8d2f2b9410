"""`apgen build`: the documents are read back, checked part by part, and compared."""

from __future__ import annotations

import re
import sys
from collections import Counter

import pytest
from click.testing import CliRunner

from actionplan_gen.cli import main
from actionplan_gen.pipeline import load_plan
from actionplan_gen.render.context import GAP, short_title
from actionplan_gen.resources import template_path
from actionplan_gen.wording import ACTION_STATUS, long_date

from conftest import MINIMAL, SAMPLE_PLANS, needs_libreoffice
from docx_reading import W, core_properties, paragraphs, parts, pdf_text, squash, text, xml_parts


@pytest.fixture
def built(sample_builds):
    """Both samples built once per session, with PDFs when LibreOffice is present."""
    return sample_builds


def plan_of(path):
    return load_plan(path)[0]


APPENDIX_HEADER = ["Action", "Standards and how they are met", "Review", "Monitoring and audit",
                   "How impact is measured", "Evidence and progress"]


def appendix_rows(docx) -> dict[str, list[str]]:
    """The appendix table's rows by action id: each row's cell texts."""
    from docx import Document
    [table] = [t for t in Document(str(docx)).tables
               if [c.text for c in t.rows[0].cells] == APPENDIX_HEADER]
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    return {row[0].split(" \u00b7 ")[0]: row for row in rows}


def owner_names(plan, action) -> list[str]:
    """How the document names each owner: 'Name, Role' for a person, else the role or team."""
    names = []
    for owner in action.owners:
        person = plan.person(owner.person)
        names += [f"{person.name}, {person.role}" if person else None, owner.role, owner.team]
    return [n for n in names if n]


def pdf_cells_text(pdf) -> str:
    """The PDF's text in the order LibreOffice wrote it (cell by cell, so a table cell's
    text is not interleaved with its neighbours'), whitespace removed."""
    import subprocess
    done = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True,
                          text=True, check=True)
    return re.sub(r"\s+", "", done.stdout)


@pytest.mark.parametrize("sample", SAMPLE_PLANS, ids=lambda p: p.stem)
def test_every_action_owner_date_and_standard_is_in_the_document(built, sample):
    plan = plan_of(sample)
    doc = text(built / f"{plan.stem}.action-plan.docx")
    for action in plan.actions:
        assert squash(action.description) in doc
        if action.owner_person:
            person = plan.person(action.owner_person)
            assert f"{person.name}, {person.role}" in doc
        if action.owner_team:
            assert action.owner_team in doc
        for day in (action.start_date, action.target_date, action.completed_on):
            if day:
                assert long_date(day) in doc
        for cited in action.standards:
            assert squash(cited.standard.title) in doc
            assert squash(cited.how) in doc
        for measure in action.impact:
            assert squash(measure.measure) in doc
    for failing in plan.failings:
        assert squash(failing.summary) in doc
    assert plan.organisation.name in doc and plan.organisation.postcode in doc
    assert long_date(plan.final_report_date) in doc
    for party in plan.parties:
        assert (party.organisation or plan.person(party.person).name) in doc


@pytest.mark.parametrize("kind", ["action-plan", "checklist"])
@pytest.mark.parametrize("sample", SAMPLE_PLANS, ids=lambda p: p.stem)
def test_every_part_parses_and_drawing_ids_are_unique(built, sample, kind):
    path = built / f"{plan_of(sample).stem}.{kind}.docx"
    roots = xml_parts(path)  # strict parse of every part
    assert "word/document.xml" in roots
    from docx import Document
    opened = Document(str(path))  # and python-docx opens it
    assert opened.paragraphs and opened.tables
    ids = [el.get("id") for root in roots.values()
           for el in root.iter("{http://schemas.openxmlformats.org/drawingml/2006/"
                               "wordprocessingDrawing}docPr")]
    assert not [i for i, n in Counter(ids).items() if n > 1]
    assert not [p for p in paragraphs(path) if re.search(r"\{\{|\{%|\bNone\b", p)]


@pytest.mark.parametrize("sample", SAMPLE_PLANS, ids=lambda p: p.stem)
def test_document_properties_name_the_organisation_not_a_person(built, sample):
    plan = plan_of(sample)
    props = core_properties(built / f"{plan.stem}.action-plan.docx")
    assert props["creator"] == plan.organisation.name
    assert props["lastModifiedBy"] == plan.organisation.name
    assert props["language"] == "en-GB"
    assert props["title"] == (plan.title or "Action plan following the Ombudsman's final report")
    assert plan.case_references[0] in props["subject"]
    assert props["created"] == f"{plan.prepared_on.isoformat()}T00:00:00Z"
    everything = b"".join(parts(built / f"{plan.stem}.action-plan.docx").values())
    assert b"python-docx" not in everything and b"thumbnail" not in everything


def test_accessibility_structure(built):
    roots = xml_parts(built / "ellison.action-plan.docx")
    body = roots["word/document.xml"]
    styles = [p.get(f"{W}val") for p in body.iter(f"{W}pStyle")]
    assert {"Title", "Heading1", "Heading2"} <= set(styles)
    tables = list(body.iter(f"{W}tbl"))
    assert tables and all(t.find(f"{W}tr/{W}trPr/{W}tblHeader") is not None for t in tables)
    styles_xml = parts(built / "ellison.action-plan.docx")["word/styles.xml"]
    assert b'w:val="en-GB"' in styles_xml
    # No table text is smaller than 8 pt (sizes are in half-points).
    sizes = [int(v) for v in re.findall(rb'<w:sz w:val="(\d+)"/>', styles_xml)]
    assert sizes and min(sizes) >= 16, sizes
    rows = appendix_rows(built / "ellison.action-plan.docx")
    assert rows["A1"][0].startswith("A1 \u00b7 In progress")
    assert rows["A5"][0].startswith("A5 \u00b7 Complete and independently assured")


def test_multiline_text_becomes_paragraphs_line_breaks_and_bullets(built):
    paras = paragraphs(built / "ellison.action-plan.docx")
    assert any(p.startswith("The Head of Patient Experience and the Lead Nurse") for p in paras)
    assert "Mrs Ellison commented on the first draft of this plan. At her suggestion:" in paras
    # '- ' lines are real Word list items (numbered with the template's List Bullet).
    body = xml_parts(built / "ellison.action-plan.docx")["word/document.xml"]
    listed = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in body.iter(f"{W}p")
              if p.find(f"{W}pPr/{W}numPr") is not None]
    assert len(listed) == 2 and listed[0].startswith("the carer's discharge leaflet")
    assert not [p for p in paras if p.startswith("\u2022")]
    # A single newline inside a cell is a line break, not a new paragraph.
    assert "30 April 2027\n(was 31 March 2027)" in paras


def test_missing_information_shows_not_yet_recorded(run_cli, tmp_path):
    result = run_cli("build", MINIMAL, "-o", tmp_path)
    assert result.exit_code == 0, result.output
    docx = tmp_path / "minimal.action-plan.docx"
    paras = paragraphs(docx)
    assert paras.count("Not yet recorded") >= 8
    assert "None" not in paras
    # The draft's action has its appendix row: every gap a dash, and named once.
    row = appendix_rows(docx)["A1"]
    assert row[0] == ("A1 \u00b7 Status not recorded\nStill to be recorded: owner, start date, "
                      "target date, standards, review, monitoring, audit and impact measures.")
    assert row[1:] == [GAP] * 5
    assert "Not yet recorded" not in " ".join(row)


@pytest.mark.parametrize("sample", SAMPLE_PLANS, ids=lambda p: p.stem)
def test_the_appendix_has_a_row_per_action_with_how_it_will_be_checked(built, sample):
    plan = plan_of(sample)
    docx = built / f"{plan.stem}.action-plan.docx"
    rows = appendix_rows(docx)
    assert list(rows) == [a.id for a in plan.actions]
    for action in plan.actions:
        about, standards, review, monitoring, impact, record = rows[action.id]
        assert about.startswith(f"{action.id} \u00b7 {ACTION_STATUS[action.status]}")
        for owner in owner_names(plan, action):
            assert owner in about
        if action.completed_on:
            assert f"Completed {long_date(action.completed_on)}" in about
        for cited in action.standards:
            assert f"{short_title(cited.standard.title)}: {squash(cited.how)}" in squash(standards)
        if action.review and action.review.due:
            assert long_date(action.review.due) in review
        if action.monitoring and action.monitoring.method:
            assert squash(action.monitoring.method).rstrip(".") in squash(monitoring)
        for measure in action.impact:
            assert squash(measure.measure) in squash(impact)
        for item in action.evidence:
            assert squash(item.description).rstrip(".") in squash(record)
        assert "Not yet recorded" not in " ".join(rows[action.id])
    # The full titles stay in the standards cited table.
    from docx import Document
    [cited] = [t for t in Document(str(docx)).tables if t.rows[0].cells[0].text == "Standard"]
    titles = [r.cells[0].text for r in cited.rows[1:]]
    assert titles == list(dict.fromkeys(c.standard.title for a in plan.actions
                                        for c in a.standards))


def test_two_builds_are_byte_identical(run_cli, tmp_path):
    for folder in ("a", "b"):
        assert run_cli("build", *SAMPLE_PLANS, "-o", tmp_path / folder).exit_code == 0
    for path in (tmp_path / "a").iterdir():
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes(), path.name


def test_one_bad_plan_does_not_stop_the_others(run_cli, tmp_path):
    from conftest import CORPUS
    bad = CORPUS / "invalid" / "bad-enum.plan.yaml"
    result = run_cli("build", bad, SAMPLE_PLANS[0], "-o", tmp_path)
    assert result.exit_code == 1
    assert f"{bad}: not built" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ellison.action-plan.docx",
                                                           "ellison.checklist.docx"]


def test_a_template_is_never_overwritten(run_cli, tmp_path):
    template = tmp_path / "ellison.action-plan.docx"  # a template where the output goes
    template.write_bytes(template_path("action-plan.docx").read_bytes())
    before = template.read_bytes()
    result = run_cli("build", SAMPLE_PLANS[0], "-o", tmp_path, "--template", template)
    assert result.exit_code == 2 and "refusing to overwrite an input file" in result.output
    assert template.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_pdf_without_libreoffice_exits_2_with_the_install_command(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    result = CliRunner().invoke(main, ["build", str(MINIMAL), "-o", str(tmp_path / "o"), "--pdf"])
    assert result.exit_code == 2
    assert "apt-get install -y libreoffice-writer-nogui" in result.output
    assert not (tmp_path / "o").exists()


@needs_libreoffice
@pytest.mark.parametrize("sample", SAMPLE_PLANS, ids=lambda p: p.stem)
def test_libreoffice_pdf_has_the_same_content(built, sample):
    plan = plan_of(sample)
    pdf = pdf_cells_text(built / f"{plan.stem}.action-plan.pdf")
    checklist = re.sub(r"\s+", "", pdf_text(built / f"{plan.stem}.checklist.pdf"))
    for action in plan.actions:
        assert re.sub(r"\s+", "", action.description) in pdf
        assert re.sub(r"\s+", "", long_date(action.target_date)) in pdf
        for owner in owner_names(plan, action):
            assert re.sub(r"\s+", "", owner) in pdf
        for cited in action.standards:
            assert re.sub(r"\s+", "", cited.standard.title) in pdf
        for measure in action.impact:
            assert re.sub(r"\s+", "", measure.measure) in pdf
    assert re.sub(r"\s+", "", plan.organisation.name) in checklist
    assert "Alltenquestionsaremet." in checklist


def test_an_output_folder_that_is_a_file_is_a_usage_error(run_cli, tmp_path):
    blocker = tmp_path / "out"
    blocker.write_text("a file where the folder should be")
    for command in ("build", "redact"):
        result = run_cli(command, SAMPLE_PLANS[0], "-o", blocker)
        assert result.exit_code == 2, (command, result.output)
        assert "Traceback" not in result.output
    assert blocker.read_text() == "a file where the folder should be"


@needs_libreoffice
def test_pdfs_are_tagged_and_reproducible(run_cli, tmp_path, built):
    import subprocess
    nowak = next(p for p in SAMPLE_PLANS if p.name == "nowak.plan.yaml")
    result = run_cli("build", nowak, "-o", tmp_path, "--pdf")
    assert result.exit_code == 0, result.output
    for name in ("nowak.action-plan.pdf", "nowak.checklist.pdf"):
        first = built / name
        assert first.read_bytes() == (tmp_path / name).read_bytes(), name
        info = subprocess.run(["pdfinfo", str(first)], capture_output=True, text=True).stdout
        assert re.search(r"Tagged:\s+yes", info)
        assert re.search(r"Author:\s+Northshire County Council", info)
        assert "2026" in re.search(r"CreationDate:(.*)", info).group(1)


def test_the_cover_says_when_progress_was_last_recorded(built):
    doc = text(built / "ellison.action-plan.docx")
    assert "Progress last recorded" in doc and "26 November 2026" in doc


@needs_libreoffice
def test_pdfs_into_a_folder_named_relative_to_where_the_user_is(tmp_path, built):
    """`apgen build plan.yaml -o out --pdf`, as the README writes it: a relative folder."""
    import subprocess
    nowak = next(p for p in SAMPLE_PLANS if p.name == "nowak.plan.yaml")
    done = subprocess.run([sys.executable, "-m", "actionplan_gen", "build", str(nowak), "-o",
                           "out", "--pdf"], cwd=tmp_path, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    for name in ("nowak.action-plan.pdf", "nowak.checklist.pdf"):
        assert (tmp_path / "out" / name).read_bytes() == (built / name).read_bytes(), name
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no scratch folder left
