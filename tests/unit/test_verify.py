"""The independent leak verifier: it must find what is planted (positive controls),
stay quiet on ordinary and vouched-for text, and pass the samples' packs."""

from __future__ import annotations

import dataclasses
import io
import re
import struct
import zipfile
from pathlib import Path

import pytest
from adversarial_docx import NS, PLANTED, adversarial_report, p, png_with_text, r, textbox

import actionplan_gen.verify.package as package
from actionplan_gen.model import Person
from actionplan_gen.pipeline import load_plan
from actionplan_gen.verify import Finding, Registry, verify_docx, verify_text

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
MASK = "\u2587" * 4


@pytest.fixture(scope="module")
def ellison():
    return load_plan(SAMPLES / "ellison.plan.yaml")[0]


@pytest.fixture(scope="module")
def nowak():
    return load_plan(SAMPLES / "nowak.plan.yaml")[0]


@pytest.fixture(scope="module")
def registry(ellison):
    return Registry.from_plan(ellison)


def with_people(plan, *people: Person) -> Registry:
    return Registry.from_plan(dataclasses.replace(plan, people=plan.people + people))


def docx(body: str = "", parts: dict[str, bytes | str] | None = None,
         comment: bytes = b"") -> bytes:
    """A small package: the body's paragraphs in word/document.xml plus any parts."""
    files: dict[str, bytes | str] = {
        "[Content_Types].xml": DECL + '<Types xmlns="http://schemas.openxmlformats.org/'
                               'package/2006/content-types"/>',
        "word/document.xml": f"{DECL}<w:document {NS}><w:body>{body}</w:body></w:document>",
        **(parts or {}),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, data in files.items():
            target.writestr(name, data)
        target.comment = comment
    return out.getvalue()


def story(root: str, text: str) -> str:
    return f"{DECL}<w:{root} {NS}>{p(r(text))}</w:{root}>"


def kinds(findings: list[Finding]) -> set[str]:
    return {f.kind for f in findings}


def found(registry: Registry, text: str) -> set[str]:
    return kinds(verify_docx(docx(p(r(text))), registry))


# --- person's names --------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "A letter from Ellison.", "ELLISON", "Ellison_2026", "Ellison2026", "see ellison-letter.pdf",
    "Mrs A (Ellison12) wrote", "Éllison", "Elli\u00adson", "Elli\u200bson", "Elli\u2060son",
    "\u2067Ellison\u2069", "Ellison\ufe0f", "\uff25llison", "Maggie's son", "Margaret\u2019s",
    "Sarah", "Natarajan", "E l l i s o n", "E.L.L.I.S.O.N.", "Mrs A, E. l. l. i. s. o. n.",
    "Elli-son", "Elli- son",
])
def test_every_registered_name_fragment_fires(registry, text):
    assert "person's name" in found(registry, text)


def test_name_split_across_runs_fires(registry):
    findings = verify_docx(docx(p(r("Mrs A and Mr Elli"), r("son", "<w:rPr><w:b/></w:rPr>"))),
                           registry)
    assert "person's name" in kinds(findings)


def test_name_hyphenated_across_a_line_break_fires(registry):
    body = p(r("a letter from Mr B Elli-"), "<w:r><w:br/></w:r>", r("son dated 3 May"))
    assert "person's name" in kinds(verify_docx(docx(body), registry))


def test_name_hyphenated_across_paragraphs_fires(registry):
    findings = verify_docx(docx(p(r("The complaint by Elli-")) + p(r("son continued."))),
                           registry)
    assert [(f.kind, f.paragraph) for f in findings] == [("person's name", 1)]


def test_letters_that_do_not_decompose_are_transliterated(ellison):
    registry = with_people(ellison, Person("x", "Łucja Dørte Strauß-Ðæhr", "relative"))
    for text in ("Lucja", "DORTE", "Strauss", "dæhr", "Daehr", "łucja"):
        assert "person's name" in found(registry, f"Mrs A met {text} today"), text


def test_tokens_are_whole_words(nowak):
    registry = Registry.from_plan(nowak)  # lists Tomasz Nowak, alias "Tom Nowak"
    assert found(registry, "The Customer Relations Team wrote to Mr Tomlinson's office.") \
        == {"name with a title"}
    assert found(registry, "The Customer Relations Team wrote to the atom lab.") == set()
    assert "person's name" in found(registry, "Tom phoned.")


def test_month_name_inside_a_full_date_is_vouched(ellison):
    registry = with_people(ellison, Person("j", "June May", "relative"))
    quiet = ["on 3 June 2026", "by June 3, 2026", "14th May 2027", "3-Jun-2026",
             "from 1 May 2026 to 30 June 2026"]
    for text in quiet:
        assert found(registry, text) == set(), text
    for text in ("June said no.", "in June", "May we ask"):
        assert "person's name" in found(registry, text), text


def test_short_fragments_and_titles_are_not_names(ellison):
    registry = with_people(ellison, Person("i", "J Mr Oyelaran", "relative"))
    assert "j" not in registry.fragments and "mr" not in registry.fragments
    assert "oyelaran" in registry.fragments


# --- titled names ------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Mr O'Brien", "Mr O\u2019Brien", "Dr D'Souza", "Dr de Souza", "Mr van der Berg",
    "Sister Jones", "Nurse Patel", "Matron Hughes", "Mrs Ellison", "MRS SMITH", "Prof. Chen",
    "Revd Okoro", "Lady Fenwick", "the ward nurse Bolton said", "Mr\u00a0Thornton",
    "Dr J Smith", "Dr J.Smith", "Dr J. R. Smith", "Mrs M Ellison",
])
def test_title_with_a_capitalised_word_fires(registry, text):
    assert "name with a title" in found(registry, text)


@pytest.mark.parametrize("text", ["Mrs A", "Mr B's son", "Mrs A\u2019s", "Mr and Mrs A",
                                  "the Chief Nurse, who", "Lead Nurse for Discharge",
                                  "We wrote to Mrs A. She replied.", "Mr B, Mrs C and Mr D",
                                  "Mrs A Mrs A"])
def test_pseudonyms_and_roles_are_not_titled_names(registry, text):
    assert found(registry, text) == set()


def test_a_tab_or_break_after_a_pseudonym_ends_it(registry):
    for separator in ("<w:tab/>", "<w:br/>"):
        body = p(r("Complainant: Mrs A"), f"<w:r>{separator}</w:r>", r("Case reference: P-004417"))
        assert verify_docx(docx(body), registry) == []
    body = p(r("Complainant: Mrs"), "<w:r><w:tab/></w:r>", r("Ellis"))
    assert kinds(verify_docx(docx(body), registry)) == {"name with a title"}


# --- numbers -------------------------------------------------------------------------

@pytest.mark.parametrize("text, kind", [
    ("NHS number 943 476 5919", "NHS-like number"), ("9434765919", "NHS-like number"),
    ("943-476-5919", "NHS-like number"), ("943.476.5919", "NHS-like number"),
    ("CHI 150203 1234", "NHS-like number"), ("H&amp;C 320 000 0011", "NHS-like number"),
    ("NHS9434765919", "NHS-like number"), ("call 07700 900123", "telephone number"),
    ("+44 (0)113 496 0001", "telephone number"), ("+44 (0) 113 496 0001", "telephone number"),
    ("(0113) 496 0001", "telephone number"), ("0113-496-0001", "telephone number"),
])
def test_nine_or_more_digits_fire(registry, text, kind):
    assert kind in found(registry, text)


@pytest.mark.parametrize("text", [
    "2026-11-20 to 2027-03-31", "2026-11-20, 2027-03-31", "1 March 2027",
    "14/02/2026 and 15/02/2026", "from 2026-10-01 \u2013 2027-01-31", "Ward 7, 20 discharges",
    "payment of \u00a31,250,000", "Letter reference CE/2026/0412", "Payment run 2026-10-09",
])
def test_dates_and_ordinary_numbers_do_not_fire(registry, text):
    assert found(registry, text) == set()


def test_organisation_phone_as_registered_is_vouched(nowak):
    registry = Registry.from_plan(nowak)
    assert found(registry, "Call the team on 0113 496 0000.") == set()
    assert "telephone number" in found(registry, "Call the team on (0113) 496 0000.")
    assert "telephone number" in found(registry, "Call 0113 496 0000 1234.")


def test_case_reference_is_vouched_for_the_digit_rule(ellison):
    plan = dataclasses.replace(ellison, case_references=("2026 123 4567",))
    registry = Registry.from_plan(plan)
    assert found(registry, "Our reference: 2026 123 4567.") == set()
    assert "NHS-like number" in found(registry, "Our reference: 2026 123 4568.")


# --- e-mail, postcodes, NI numbers -----------------------------------------------------

@pytest.mark.parametrize("text", [
    "write to someone@example.com", "someone @ example . com", "someone at example dot com",
    "someone(at)example(dot)com", "someone [at] example [dot] com", "mailto:a.b@x.co.uk",
    "someone @ example dot com",
])
def test_email_shapes_fire(registry, text):
    assert "e-mail address" in found(registry, text)


def test_email_vouching(ellison, registry):
    assert found(registry, "Write to complaints@northshire.example.nhs.uk.") == set()
    assert found(registry, "We met at home. Then we left at noon.") == set()
    org = dataclasses.replace(ellison.organisation,
                              contact_email="sarah.khan@northshire.example.nhs.uk")
    named = Registry.from_plan(dataclasses.replace(ellison, organisation=org))
    assert {"e-mail address", "person's name"} <= found(
        named, "Write to sarah.khan@northshire.example.nhs.uk.")


@pytest.mark.parametrize("text", ["NS3 9QT", "ns39qt", "SW1A 1AA", "at m1 1ae today",
                                  "EC1A1BB"])
def test_postcodes_fire(registry, text):
    assert "postcode" in found(registry, text)


@pytest.mark.parametrize("text", ["vitamin B12 1mg", "room G5", "NS1 4AB", "ns1 4ab",
                                  "Northshire, NS1 4AB"])
def test_not_postcodes_or_the_organisations_own(registry, text):
    assert found(registry, text) == set()


def test_colours_and_font_signatures_in_attributes_are_hex_not_postcodes(registry):
    body = p('<w:pPr><w:shd w:val="clear" w:color="auto" w:fill="F5F8EE"/></w:pPr>', r("x"))
    fonts = (f'{DECL}<w:fonts {NS}><w:font w:name="Arial"><w:panose1 w:val="020B0604020202020204"'
             '/><w:sig w:usb0="E0002EFF" w:usb1="C000785B" w:usb2="00000009" w:usb3="00000000" '
             'w:csb0="000001FF" w:csb1="00000000"/></w:font></w:fonts>')
    assert verify_docx(docx(body, {"word/fontTable.xml": fonts}), registry) == []
    assert "postcode" in found(registry, "colour F5F8EE")  # in text, it is a postcode's shape


@pytest.mark.parametrize("text", ["QQ 12 34 56 C", "QQ123456", "qq-12-34-56-c", "AB123456D",
                                  "JG 103759 A", "QQ 123 456 C"])
def test_national_insurance_numbers_fire(registry, text):
    assert "National Insurance number" in found(registry, text)


def test_references_with_invalid_prefixes_are_not_ni_numbers(registry):
    assert found(registry, "Internal Audit report IA-2026-31") == set()


# --- dates of birth --------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "born 14-Feb-1939", "DOB: 14 Feb. 1939", "D.O.B. February 14, 1939",
    "date of birth 14/02/1939", "Birth date: 1939-02-14", "Mrs A was born on 14th February 1939",
    "dob 14.2.39",
])
def test_dates_of_birth_fire(registry, text):
    assert "date of birth" in found(registry, text)


def test_date_of_birth_in_the_next_table_cell_fires(registry):
    cell = "<w:tc>{}</w:tc>"
    row = f"<w:tbl><w:tr>{cell.format(p(r('Birth date:')))}{cell.format(p(r('14/02/1939')))}" \
          "</w:tr></w:tbl>"
    findings = verify_docx(docx(row), registry)
    assert [(f.kind, f.paragraph) for f in findings] == [("date of birth", 1)]


def test_dates_without_a_birth_label_are_not_dates_of_birth(registry):
    assert found(registry, "The review is due on 14/02/2027; the Ombudsman was born in 1967.") \
        == set()


# --- addresses ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["14 Wren Close", "14, Wren Close", "14 WREN CLOSE",
                                  "lives in Wren Close", "22 Acacia Avenue", "7b, High St.",
                                  "3 Upper Mill Rd", "Flat 3a", "flat 12"])
def test_addresses_fire(registry, text):
    assert "address" in found(registry, text)


@pytest.mark.parametrize("text", ["Northshire General Hospital, Infirmary Road, Northshire",
                                  "Ward 7 closed for 3 days", "a flat 3% rate"])
def test_organisations_address_and_ordinary_text_are_not_addresses(registry, text):
    assert found(registry, text) == set()


# --- allow list ----------------------------------------------------------------------------

def test_allow_list_is_exact_and_case_sensitive(ellison):
    copy = dataclasses.replace(ellison.regulator_copy,
                               allow=(("Grant Thornton", "the Trust's auditors"),))
    registry = Registry.from_plan(dataclasses.replace(ellison, regulator_copy=copy))
    assert found(registry, "Audited by Grant Thornton in 2026.") == set()
    assert "person's name" in found(registry, "Audited by GRANT THORNTON in 2026.")
    assert "person's name" in found(registry, "A grant was made.")


# --- every part of the package ----------------------------------------------------------------

def png(extra: bytes = b"") -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + b"\0\0\0\0"
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", b"x") + chunk(b"IEND", b"") + extra)


def jpeg(*segments: bytes, after: bytes = b"") -> bytes:
    jfif = b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    scan = b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00" + b"\x12\xff\x00\x34"
    return b"\xff\xd8" + jfif + b"".join(segments) + b"\xff\xdb\x00\x03\x00" + scan \
        + b"\xff\xd9" + after


@pytest.mark.parametrize("parts, kind", [
    ({"word/header1.xml": story("hdr", "Header: Margaret Ellison")}, "person's name"),
    ({"word/footer2.xml": story("ftr", "Footer: NS3 9QT")}, "postcode"),
    ({"word/footnotes.xml": story("footnotes", "Sarah Khan told us")}, "person's name"),
    ({"word/endnotes.xml": story("endnotes", "maggie@example.com")}, "e-mail address"),
    ({"docProps/core.xml": DECL + '<cp:coreProperties xmlns:cp="urn:cp" xmlns:dc="urn:dc">'
      "<dc:creator>Laura Benn</dc:creator></cp:coreProperties>"}, "person's name"),
    ({"docProps/app.xml": "<Properties><Company>Ellison family</Company></Properties>"},
     "person's name"),
    ({"word/_rels/document.xml.rels": '<Relationships><Relationship Id="r1" Type="x" '
      'Target="mailto:maggie.ellison@example.com"/></Relationships>'}, "e-mail address"),
    ({"word/media/ellison-photo.png": png()}, "person's name"),
    ({"word/media/a.png": png_with_text("Author", "Margaret Ellison")},
     "image with non-pixel data"),
    ({"word/media/a.png": png(b"trailing")}, "image with non-pixel data"),
    ({"word/media/a.jpeg": jpeg(b"\xff\xe1\x00\x08Exif")}, "image with non-pixel data"),
    ({"word/media/a.jpeg": jpeg(b"\xff\xfe\x00\x09Ellison")}, "image with non-pixel data"),
    ({"word/media/a.jpeg": jpeg(after=b"hidden")}, "image with non-pixel data"),
    ({"word/media/a.gif": b"GIF89a\x01\x00\x01\x00"}, "image kind the verifier cannot vouch for"),
    ({"word/media/a.emf": b"\x01\x00\x00\x00junk"}, "image kind the verifier cannot vouch for"),
    ({"word/media/a.svg": "<svg><text>Ellison</text></svg>"},
     "image kind the verifier cannot vouch for"),
    ({"word/embeddings/x.docx": docx(p(r("nothing")))}, "nested zip"),
    ({"word/vbaProject.bin": b"\xd0\xcf\x11\xe0 binary"}, "binary part"),
    ({"word/broken.xml": "<w:document><unclosed>"}, "unreadable part"),
    ({"customXml/item1.xml": b'<?xml version="1.0" encoding="UTF-16"?><r>Robert Ellison</r>'
      .decode().encode("utf-16")}, "person's name"),
    ({"word/settings.xml": '<!DOCTYPE x [<!ENTITY e "Ellison">]><s>&e;</s>'},
     "XML with a DOCTYPE"),
    ({"word/settings.xml": "<s><!-- reviewed by Laura Benn --><?pi Ellison?></s>"},
     "person's name"),
])
def test_every_part_is_read(registry, parts, kind):
    assert kind in kinds(verify_docx(docx(p(r("Nothing here.")), parts), registry))


def test_good_images_pass(registry):
    parts = {"word/media/a.png": png(), "word/media/b.jpeg": jpeg()}
    assert verify_docx(docx(p(r("Nothing here.")), parts), registry) == []


def test_entities_are_never_resolved(registry):
    part = '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><s>&e;</s>'
    findings = verify_docx(docx(parts={"word/settings.xml": part}), registry)
    assert kinds(findings) == {"XML with a DOCTYPE"}


@pytest.mark.parametrize("body", [
    p(textbox("Box: Sarah Khan")),
    p('<w:r><w:delText>Mrs A phoned Ellison</w:delText></w:r>'),
    p('<w:r><w:instrText> MERGEFIELD Robert_Ellison </w:instrText></w:r>'),
    p('<w:bookmarkStart w:id="0" w:name="Ellison_home"/>', r("kept")),
    p('<w:hyperlink w:tooltip="Write to Margaret">', r("link"), "</w:hyperlink>"),
    p('<w:sdt><w:sdtPr><w:alias w:val="Ellison"/></w:sdtPr></w:sdt>'),
    p(r("Elli"), "<w:r><w:t>s<!-- x -->on</w:t></w:r>"),
    p('<m:oMath xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"><m:r>'
      "<m:t>Elli</m:t></m:r><m:r><m:t>son</m:t></m:r></m:oMath>"),
    p(r("Elli"), '<w:r><w:sym w:font="Arial" w:char="0073"/></w:r>', r("on")),
    p(r("Elli"), "<w:r><w:softHyphen/></w:r>", r("son")),
])
def test_every_place_in_a_paragraph_is_read(registry, body):
    assert "person's name" in kinds(verify_docx(docx(body), registry))


def test_shape_compatibility_copy_is_a_finding(registry):
    body = p('<w:r><w:pict><v:shape id="s" o:gfxdata="UEsDBAoAAAAAAA=="/></w:pict></w:r>')
    assert kinds(verify_docx(docx(body), registry)) == {"compatibility copy of a shape"}


def test_zip_comment_is_read(registry):
    assert kinds(verify_docx(docx(p(r("x")), comment=b"Made for Robert Ellison"), registry)) \
        == {"person's name"}


def test_the_adversarial_report_is_caught_in_every_planted_part(registry):
    findings = verify_docx(adversarial_report(), registry, "final-report.docx")
    parts = {f.part for f in findings}
    for name in [*PLANTED, "word/document.xml", "word/footnotes.xml", "word/endnotes.xml",
                 "word/comments.xml", "word/people.xml", "word/media/margaret-ellison.png",
                 "customXml/item1.xml", "docProps/core.xml", "docProps/app.xml",
                 "docProps/custom.xml", "word/settings.xml", "word/_rels/document.xml.rels"]:
        assert name in parts, name
    assert {"National Insurance number", "date of birth", "NHS-like number", "address",
            "postcode", "telephone number", "e-mail address"} <= kinds(findings)


# --- failing closed, and what a finding says ----------------------------------------------------

def test_garbage_is_a_finding_not_an_exception(registry):
    assert kinds(verify_docx(b"not a zip at all", registry)) == {"unreadable part"}


def test_an_internal_error_is_a_finding(registry, monkeypatch):
    def explode(*_args):
        raise RuntimeError("boom")
    monkeypatch.setattr(package, "_scan_part", explode)
    assert kinds(verify_docx(docx(p(r("x"))), registry)) == {"scanner error"}


def test_finding_names_place_and_masks_the_detail(registry):
    body = p(r("Opening.")) + p(r("The Trust received an email from Maggie Ellison on 3 May "
                                  "2026 about the discharge of her husband from Ward 7."))
    [finding] = verify_docx(docx(body), registry, "final-report.docx")
    assert (finding.document, finding.part, finding.paragraph) == (
        "final-report.docx", "word/document.xml", 2)
    assert MASK in finding.context and "Maggie" not in finding.context
    assert "Ellison" not in finding.context and len(finding.context) <= 65
    assert str(finding).startswith(
        "final-report.docx, word/document.xml, paragraph 2: a person's name survives: …")
    assert "email from \u2587\u2587\u2587\u2587 on 3 May" in str(finding)


def test_context_masks_every_detail_near_the_one_reported(registry):
    findings = verify_docx(docx(p(r("Ellison, NS3 9QT, Ellison again, 07700 900123"))),
                           registry)
    assert len(findings) == 3
    for finding in findings:
        assert not any(v in finding.context for v in ("Ellison", "9QT", "900123")), finding


def test_verify_text_numbers_lines(registry):
    findings = verify_text("Dear Mrs A,\nwe wrote to Robert\nabout NS3 9QT", registry, "letter")
    assert {(f.kind, f.paragraph) for f in findings} == {("person's name", 2), ("postcode", 3)}
    assert str(findings[0]).startswith("letter, text, paragraph ")


def test_the_verifier_shares_no_code_with_the_redactor():
    sources = (Path(package.__file__).parent).glob("*.py")
    imports = re.compile(r"^\s*(from|import)\s+actionplan_gen\.redact", re.MULTILINE)
    assert not [s.name for s in sources if imports.search(s.read_text())]


# --- the samples' packs ---------------------------------------------------------------------------

@pytest.mark.parametrize("sample", ["ellison", "nowak"])
def test_the_samples_packs_are_clean(run_cli, tmp_path, sample):
    result = run_cli("redact", SAMPLES / f"{sample}.plan.yaml", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    registry = Registry.from_plan(load_plan(SAMPLES / f"{sample}.plan.yaml")[0])
    written = sorted(tmp_path.glob("*.regulator/*.docx"))
    assert len(written) == 3
    for path in written:
        assert verify_docx(path.read_bytes(), registry, path.name) == [], path.name


@pytest.mark.parametrize("sample", ["ellison", "nowak"])
def test_the_samples_unredacted_reports_are_caught(sample):
    plan = load_plan(SAMPLES / f"{sample}.plan.yaml")[0]
    data = (SAMPLES / plan.final_report_file).read_bytes()
    findings = verify_docx(data, Registry.from_plan(plan))
    assert {"person's name", "name with a title"} <= kinds(findings)
