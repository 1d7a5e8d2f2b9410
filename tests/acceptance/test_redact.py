"""The regulator pack: everything planted is found in the input, gone from the output, and a
leak leaves nothing behind."""

from __future__ import annotations

import copy
import io
import string
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actionplan_gen.loader import load_file
from actionplan_gen.model import build_plan
from actionplan_gen.pipeline import load_plan
from actionplan_gen.redact.names import replacements
from actionplan_gen.redact.redactor import PERSON_NAME, Redactor
from actionplan_gen.redact.final_report import redact_report
from actionplan_gen.render.docx import DocumentProperties
from actionplan_gen.verify import Registry, verify_docx

from adversarial_docx import PLANTED, SURVIVORS, adversarial_report
from conftest import MINIMAL, SAMPLES, needs_libreoffice, soffice
from docx_reading import paragraphs, parts, text

ELLISON = SAMPLES / "ellison.plan.yaml"
PROPS = DocumentProperties("Final report (anonymised)", "case", "Org", "2026-01-01")


@pytest.fixture(scope="module")
def redactor():
    return Redactor(load_plan(ELLISON)[0])


def verified(data: bytes) -> list:
    """The independent verifier's findings, as the pack runs it."""
    return verify_docx(data, Registry.from_plan(load_plan(ELLISON)[0]), "final-report.docx")


@pytest.fixture(scope="module")
def original():
    return adversarial_report()


@pytest.fixture(scope="module")
def redacted(original, redactor):
    return redact_report(original, "report.docx", redactor, False, PROPS)


def test_positive_control_the_verifier_finds_every_planted_value(original):
    findings = verified(original)
    where = {f.part for f in findings}
    expected = set(PLANTED) | {"word/document.xml", "word/footnotes.xml", "word/endnotes.xml",
                               "word/comments.xml", "word/people.xml", "customXml/item1.xml",
                               "docProps/core.xml", "docProps/app.xml", "docProps/custom.xml",
                               "word/settings.xml", "word/media/margaret-ellison.png",
                               "word/_rels/document.xml.rels"}
    assert expected <= where, expected - where
    kinds = {f.kind for f in findings}
    assert {"person's name", "NHS-like number", "postcode", "telephone number",
            "e-mail address", "National Insurance number", "date of birth", "address"} <= kinds
    for finding in findings:  # never the value itself
        assert "Ellison" not in str(finding) and "999" not in str(finding)


def test_every_planted_value_is_gone(redacted, redactor):
    assert verified(redacted.data) == []
    everything = b"".join(parts(redacted.data).values()).decode("utf-8", "ignore").lower()
    for value in ("ellison", "margaret", "maggie", "sarah khan", "laura benn", "benn",
                  "999 123 4578", "9991234578", "07700 900123", "ns3 9qt", "wren close",
                  "qq 12 34 56 c", "12/06/1939", "maggie.ellison@example.com"):
        assert value not in everything, value


def test_removed_parts_and_structure(redacted):
    names = set(parts(redacted.data))
    for gone in ("word/comments.xml", "word/people.xml", "customXml/item1.xml",
                 "docProps/custom.xml", "word/media/margaret-ellison.png"):
        assert gone not in names
    assert "word/media/image1.png" in names
    document = parts(redacted.data)["word/document.xml"]
    for marker in (b"w:del ", b"w:author", b"w:instrText", b"w:bookmarkStart", b"w:comment",
                   b"w:hyperlink", b"descr=", b"alt="):
        assert marker not in document, marker
    assert redacted.warnings and "pixels were not checked" in redacted.warnings[0]


def test_non_personal_sentences_survive_and_names_read_naturally(redacted):
    body = text(redacted.data)
    for sentence in SURVIVORS:
        assert sentence in body
    assert "Mrs A complained." in body
    assert "NHS number [NHS number removed] and also [NHS number removed]." in body
    assert "Mrs A\u2019s son and Mrs A\u2019s GP" in body
    # Both copies of the text box are redacted.
    boxes = [p for p in paragraphs(redacted.data)
             if p == "Box: The Head of Patient Experience, DOB [date of birth removed]"]
    assert len(boxes) == 2
    headers = " ".join(paragraphs(redacted.data, "word/header"))
    assert "Even header: Mr B" in headers and "Second section header: The Head of" in headers


def test_drop_images_removes_pictures_and_their_relationships(original, redactor):
    outcome = redact_report(original, "r.docx", redactor, True, PROPS)
    names = set(parts(outcome.data))
    assert not [n for n in names if n.startswith("word/media/")]
    assert b"rIdImg" not in parts(outcome.data)["word/document.xml"]
    assert outcome.warnings == []
    assert verified(outcome.data) == []


@needs_libreoffice
def test_redacted_report_opens_in_libreoffice(redacted, tmp_path):
    import subprocess
    source = tmp_path / "final-report.docx"
    source.write_bytes(redacted.data)
    subprocess.run([soffice(), f"-env:UserInstallation={(tmp_path / 'p').as_uri()}",
                    "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180)
    from docx_reading import pdf_text
    pdf = pdf_text(tmp_path / "final-report.pdf")
    assert "Mrs A complained." in pdf and "Ellison" not in pdf


# ---------------------------------------------------------------- names and pseudonyms

def plan_with_people(people, start="A"):
    data = copy.deepcopy(load_file(MINIMAL).data)
    data["people"] = people
    data["regulator_copy"] = {"pseudonym_start": start}
    return build_plan(data, MINIMAL)


def test_every_form_of_a_name_becomes_the_same_pseudonym():
    plan = plan_with_people([{"id": "c", "name": "Jane Smith", "title": "Mrs",
                              "kind": "complainant"}])
    redactor = Redactor(plan)
    for form in ("Mrs Jane Smith", "Jane Smith", "Jane", "Mrs Smith", "JANE SMITH", "J Smith",
                 "J. Smith", "Mrs J Smith", "Smith", "Jane\u00a0Smith", "Ja\u00adne Smith"):
        assert redactor.redact(f"Yesterday {form} wrote.") == "Yesterday Mrs A wrote.", form
    assert redactor.redact("Jane's letter") == "Mrs A's letter"
    assert redactor.redact("Jane\u2019s letter") == "Mrs A\u2019s letter"
    assert "Mrs Mrs" not in redactor.redact("Mrs Smith and Mrs Jane Smith")


def test_letters_follow_people_order_and_skip_real_initials():
    plan = plan_with_people([
        {"id": "a", "name": "Anne Archer", "title": "Ms", "kind": "complainant"},
        {"id": "b", "name": "Carl Brown", "title": "Mr", "kind": "patient"},
        {"id": "c", "name": "Dora Evans", "kind": "relative"},
        {"id": "s", "name": "Sam Lee", "kind": "staff", "role": "Ward Manager"},
    ])
    assert replacements(plan) == {"a": "Ms B", "b": "Mr A", "c": "Person C",
                                  "s": "the Ward Manager"}


def test_lgsco_letters_start_at_b():
    plan = plan_with_people([{"id": "x", "name": "Tom Nowak", "title": "Mr",
                              "kind": "complainant"}], start="B")
    assert replacements(plan) == {"x": "Mr B"}


def test_titled_names_of_people_not_listed_fail_the_scan(run_cli, tmp_path):
    redactor = Redactor(load_plan(ELLISON)[0])
    kinds = [s.kind for s in redactor.spans("Then Dr Patel saw Mr Ellison and Mrs A.",
                                            scanning=True)]
    assert kinds == ["name with a title (Mr, Mrs, Dr...) of someone not in people",
                     "person's name"]
    assert redactor.spans("Mr and Mrs Ellison; Mrs B; MR A", scanning=True)[0].kind == \
        "person's name"
    report = tmp_path / "report.docx"
    from docx import Document
    doc = Document()
    doc.add_paragraph("Dr Patel reviewed Mr Ellison on the ward.")
    doc.save(report)
    result = run_cli("redact", ELLISON, "-o", tmp_path / "out", "--report", report)
    assert result.exit_code == 1
    assert "final-report.docx, word/document.xml, paragraph 1: a name with a title" in result.output
    assert "Add everyone the documents name to people" in result.output
    assert "Patel" not in result.output
    assert not (tmp_path / "out" / "P-004417.regulator").exists()


def test_a_name_after_its_own_role_is_not_repeated():
    redactor = Redactor(load_plan(ELLISON)[0])
    assert redactor.redact("The Ward Manager, Mr Daniel Okafor, told us.") == \
        "The Ward Manager told us."
    assert redactor.redact("our Head of Patient Experience, Sarah Khan.") == \
        "our Head of Patient Experience."
    assert redactor.redact("Then Sarah Khan, the ward sister, came.") == \
        "Then the Head of Patient Experience, the ward sister, came."


def test_same_surname_follows_the_title():
    redactor = Redactor(load_plan(ELLISON)[0])
    assert redactor.redact("Mr Ellison and Mrs Ellison") == "Mr B and Mrs A"
    assert redactor.redact("Sarah Khan said") == "The Head of Patient Experience said"


def test_lower_case_names_glued_to_files_go_but_ordinary_words_fail_the_scan():
    redactor = Redactor(load_plan(ELLISON)[0])
    assert redactor.redact("reports/ellison-report.docx") == "reports/Mrs A-report.docx"
    assert redactor.redact("mail khan@example.org") == "mail [email address removed]"
    assert redactor.redact("We grant the request.") == "We grant the request."
    assert [s.kind for s in redactor.spans("We grant the request.", scanning=True)] == \
        ["person's name"]


def test_allowed_text_is_exact():
    data = copy.deepcopy(load_file(ELLISON).data)
    data["regulator_copy"]["allow"] = [{"text": "grant", "reason": "the verb, not Fiona Grant"}]
    redactor = Redactor(build_plan(data, ELLISON))
    assert redactor.redact("We grant it; Fiona Grant agreed.") == \
        "We grant it; the Head of Information Governance agreed."


def test_organisation_details_and_allowed_text_are_kept():
    redactor = Redactor(load_plan(ELLISON)[0])
    kept = ("Northshire Hospitals NHS Foundation Trust, NS1 4AB, "
            "complaints@northshire.example.nhs.uk")
    assert redactor.redact(kept) == kept


def test_identifier_patterns():
    redactor = Redactor(load_plan(ELLISON)[0])
    cases = {
        "NHS 943 476 5919.": "NHS [NHS number removed].",
        "NHS 9434765919.": "NHS [NHS number removed].",
        "H&C 320 000 0015.": "H&C [Health and Care number removed].",
        "CHI 0101901232.": "CHI [CHI number removed].",
        "CHI (mod 10) 010190 1239.": "CHI (mod 10) [CHI number removed].",
        "Call 020 7946 0123 or +44 (0)7700 900456.":
            "Call [telephone number removed] or [telephone number removed].",
        "NI AB 12 34 56 C.": "NI [National Insurance number removed].",
        "Write to SW1A 1AA.": "Write to [postcode removed].",
        "Date of birth: 3rd March 1950.": "Date of birth: [date of birth removed].",
        "Invalid 943 476 5918 stays.": "Invalid 943 476 5918 stays.",
        "Hospital no. RX12345 and MRN: 00456789.":
            "Hospital no. [hospital or client number removed] and MRN: "
            "[hospital or client number removed].",
        "Mosaic ID 1234567 on file.": "Mosaic ID [hospital or client number removed] on file.",
        "GMC number 1234567; NMC PIN 01A2345N.":
            "[professional registration number removed]; NMC PIN "
            "[professional registration number removed].",
        "The patient number was not known.": "The patient number was not known.",
        "On 12 March 2026 nothing happened.": "On 12 March 2026 nothing happened.",
    }
    for before, after in cases.items():
        assert redactor.redact(before) == after, before


# ---------------------------------------------------------------- the command

def test_redact_command_makes_the_pack(run_cli, tmp_path):
    key = tmp_path / "key.csv"
    result = run_cli("redact", ELLISON, "-o", tmp_path / "out", "--key", key)
    assert result.exit_code == 0, result.output
    folder = tmp_path / "out" / "P-004417.regulator"
    assert sorted(p.name for p in folder.iterdir()) == ["action-plan.docx", "checklist.docx",
                                                        "final-report.docx"]
    plan_text = text(folder / "action-plan.docx")
    assert "Mrs A" in plan_text and "Ellison" not in plan_text and "Sarah Khan" not in plan_text
    assert "Northshire Hospitals NHS Foundation Trust" in plan_text
    assert "The Head of Patient Experience; Patient Experience Team" in plan_text
    assert "Northshire General Hospital" in plan_text  # the organisation's address block
    assert "DRAFT" not in plan_text
    assert "Margaret Ellison,Mrs A" in key.read_text()
    assert not (folder / "key.csv").exists()


def test_pack_without_intruder_review_is_marked_draft(run_cli, tmp_path):
    source = ELLISON.read_text()
    start = source.index("  intruder_review:")
    edited = source[:start] + source[source.index("\n", start) + 1:]
    plan = tmp_path / "ellison.plan.yaml"
    plan.write_text(edited)
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "ellison-final-report.docx").write_bytes(
        (SAMPLES / "reports" / "ellison-final-report.docx").read_bytes())
    result = run_cli("redact", plan, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "the pack is marked DRAFT" in result.output
    body = text(tmp_path / "out" / "P-004417.regulator" / "action-plan.docx")
    assert body.startswith("DRAFT") or "DRAFT \u2013 Action plan" in body
    assert "nobody has yet recorded a check of this anonymised copy" in body


def test_a_leak_deletes_everything_and_exits_1(run_cli, tmp_path, monkeypatch):
    assert run_cli("redact", ELLISON, "-o", tmp_path).exit_code == 0  # an older pack exists
    from actionplan_gen.redact import pack
    from actionplan_gen.redact.final_report import Outcome
    monkeypatch.setattr(pack, "redact_report",
                        lambda data, *args, **kwargs: Outcome(data, []))  # "forgets" to redact
    result = run_cli("redact", ELLISON, "-o", tmp_path)
    assert result.exit_code == 1
    assert "final-report.docx, word/document.xml, paragraph 2: a person's name survives" \
        in result.output
    assert "Ellison" not in result.output.replace(str(ELLISON), "")
    assert list(tmp_path.iterdir()) == []


def test_a_scanner_error_fails_closed(run_cli, tmp_path, monkeypatch):
    from actionplan_gen.redact import pack

    def broken(*args, **kwargs):
        raise RuntimeError("boom")
    monkeypatch.setattr(pack, "verify_docx", broken)
    result = run_cli("redact", ELLISON, "-o", tmp_path)
    assert result.exit_code == 1 and "(package): scanner error: RuntimeError" in result.output
    assert list(tmp_path.iterdir()) == []


def test_key_inside_the_pack_is_refused(run_cli, tmp_path):
    result = run_cli("redact", ELLISON, "-o", tmp_path,
                     "--key", tmp_path / "P-004417.regulator" / "key.csv")
    assert result.exit_code == 2
    assert "must not be written inside the regulator pack" in result.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("content, reason", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "encrypted (password-protected)"),
    (b"{\\rtf1\\ansi hello}", "this is an .rtf file"),
    (b"just text", "this is not a Word .docx file"),
])
def test_refused_reports_exit_2(run_cli, tmp_path, content, reason):
    report = tmp_path / "report.docx"
    report.write_bytes(content)
    result = run_cli("redact", ELLISON, "-o", tmp_path / "out", "--report", report)
    assert result.exit_code == 2 and reason in result.output
    assert not (tmp_path / "out" / "P-004417.regulator").exists()


def test_macro_enabled_report_is_refused(run_cli, tmp_path, original):
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(original)) as source, \
            zipfile.ZipFile(buffer, "w") as target:
        for name in source.namelist():
            target.writestr(name, source.read(name))
        target.writestr("word/vbaProject.bin", b"macro")
    report = tmp_path / "report.docm"
    report.write_bytes(buffer.getvalue())
    result = run_cli("redact", ELLISON, "-o", tmp_path / "out", "--report", report)
    assert result.exit_code == 2 and "contains macros" in result.output


def test_the_pack_is_reproducible(run_cli, tmp_path):
    for folder in ("a", "b"):
        assert run_cli("redact", ELLISON, "-o", tmp_path / folder).exit_code == 0
    for path in (tmp_path / "a" / "P-004417.regulator").iterdir():
        twin = tmp_path / "b" / "P-004417.regulator" / path.name
        assert path.read_bytes() == twin.read_bytes(), path.name


def test_second_sample_pack_reads_naturally(run_cli, tmp_path):
    nowak = SAMPLES / "nowak.plan.yaml"
    assert run_cli("redact", nowak, "-o", tmp_path).exit_code == 0
    report = text(tmp_path / "25-004-118.regulator" / "final-report.docx")
    assert "Mr B complains that Northshire County Council (the Council) charged his mother, " \
           "Mrs C," in report
    assert "Nowak" not in report and "Orchard Row" not in report


def test_accents_apostrophes_and_hyphens_in_names():
    plan = plan_with_people([
        {"id": "a", "name": "Zoë O'Brien-Hughes", "title": "Ms", "kind": "complainant"}])
    redactor = Redactor(plan)
    for form in ("Zoë O'Brien-Hughes", "Zoe O\u2019Brien-Hughes", "ZOË", "Ms O'Brien-Hughes",
                 "Hughes", "O'BRIEN"):
        assert redactor.redact(f"Then {form} left.") == "Then Ms A left.", form


NAME_FORMS = ["Margaret Ellison", "Mrs Ellison", "M. Ellison", "MARGARET ELLISON", "Maggie",
              "Margaret", "Robert Ellison", "Mr R Ellison", "Sarah Khan", "Dr Khan",
              "Daniel Okafor", "Okafor", "Priya Natarajan", "Fiona Grant", "Laura Benn"]


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=st.text(alphabet=string.ascii_letters + " ,.;()\u2019'\u00a0\n", max_size=40),
       form=st.sampled_from(NAME_FORMS),
       after=st.text(alphabet=string.ascii_letters + " ,.;()\u2019'\u00a0\n", max_size=40))
def test_a_registered_name_never_survives_whatever_surrounds_it(redactor, before, form, after):
    # A name glued to other letters is a different word ("Benning"): keep the edges apart.
    text = f"{before} {form} {after}"
    redacted = redactor.redact(text)
    # What the scan still sees of the registered names can only be lower-case words standing
    # alone in the random prose (which stop the pack until allowed), never the capitalised
    # name put in. (Random letters can also make a new titled name, "MR AA": the scan rightly
    # stops the pack for that unlisted person, but it is not the name put in.)
    for span in redactor.spans(redacted, scanning=True):
        if span.kind == PERSON_NAME:
            assert redacted[span.start:span.end].islower(), (text, redacted)
    assert redacted.lower().count(form.lower()) < text.lower().count(form.lower())


def test_word_2010s_second_copy_of_the_styles_is_left_out(redactor):
    source = (SAMPLES / "reports" / "ellison-final-report.docx").read_bytes()
    assert "word/stylesWithEffects.xml" in parts(source)
    outcome = redact_report(source, "report.docx", redactor, False, PROPS)
    kept = parts(outcome.data)
    assert "word/stylesWithEffects.xml" not in kept and "word/styles.xml" in kept
    assert b"stylesWithEffects" not in kept["word/_rels/document.xml.rels"]
    assert b"stylesWithEffects" not in kept["[Content_Types].xml"]
