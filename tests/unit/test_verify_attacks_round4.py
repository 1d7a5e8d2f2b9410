"""Round four of attacks on the independent verifier: misses (redactor off) and false
refusals (redactor on).

A. MISSES. With the redactor switched off, a detail of samples/ellison.plan.yaml's people (or an
identifier of the kinds DESIGN.md section 7 names) is planted straight into a clean regulator
document, in the body and in other parts (header, footnote, comment, core, app and custom
properties, an attribute, custom XML, settings); the verifier alone must refuse it. Forms are
grouped by class, the most realistic (how NHS letters, complaint reports and e-mails write
details) first. A form the verifier lets through is marked
``xfail(strict=True, reason="verifier misses: ...")``; the forms tried that it already refuses
are ordinary tests, so the file documents what is covered.

B. FALSE REFUSALS. With the redactor on (the real ``apgen redact`` through click's CliRunner on
copies of the samples, with a final report written here with python-docx), realistic clean
content must not make the verifier refuse the pack. Each paragraph's refusal is read from the
refusal message (document, part, paragraph number). A paragraph the verifier refuses is marked
``xfail(strict=True, reason="verifier refuses clean text: ...")``.
"""

from __future__ import annotations

import base64
import io
import re
import shutil
import struct
import zipfile
import zlib
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pytest
from adversarial_docx import DECL, p, r, part as _w, properties as _props
from adversarial_docx import findings, report_with_body, with_hyperlink
from click.testing import CliRunner
from docx import Document
from lxml import etree

from actionplan_gen.cli import main
from actionplan_gen.pipeline import load_plan
from actionplan_gen.verify import Registry

ROOT = Path(__file__).resolve().parents[2]
ELLISON = ROOT / "samples" / "ellison.plan.yaml"
PLAIN = p(r("Nothing personal here."))
W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def miss(why: str):
    return pytest.mark.xfail(strict=True, reason=f"verifier misses: {why}")


def refuses(why: str):
    return pytest.mark.xfail(strict=True, reason=f"verifier refuses clean text: {why}")


@pytest.fixture(scope="module")
def registry():
    return Registry.from_plan(load_plan(ELLISON)[0])


def report(body_xml: str, extra_parts: dict[str, bytes] | None = None) -> bytes:
    """A clean report whose body is ``body_xml``."""
    return report_with_body(body_xml, extra_parts=extra_parts)


def _custom(name: str, value: str, vtype: str = "lpwstr") -> bytes:
    return _props("custom-properties", '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" '
                  f'pid="2" name={quoteattr(name)}><vt:{vtype}>{escape(value)}</vt:{vtype}>'
                  "</property>")


def _core(inner: str) -> bytes:
    return (DECL + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"{inner}</cp:coreProperties>").encode("utf-8")


# Where a detail is planted: each takes the detail's text and gives the document.
PLACES = {
    "body": lambda t: report(p(r(escape(t)))),
    "table-cell": lambda t: report(f"<w:tbl><w:tr><w:tc>{p(r('Note'))}</w:tc>"
                                   f"<w:tc>{p(r(escape(t)))}</w:tc></w:tr></w:tbl>"),
    "header": lambda t: report(PLAIN, {"word/header9.xml": _w("hdr", p(r(escape(t))))}),
    "footnote": lambda t: report(PLAIN, {"word/footnotes.xml": _w(
        "footnotes", f'<w:footnote w:id="1">{p(r(escape(t)))}</w:footnote>')}),
    "comment": lambda t: report(PLAIN, {"word/comments.xml": _w(
        "comments", f'<w:comment w:id="0" w:author="A" w:initials="A">{p(r(escape(t)))}'
                    "</w:comment>")}),
    "textbox": lambda t: report(p('<w:r><w:pict><v:shape id="t1"><v:textbox><w:txbxContent>'
                                  f"{p(r(escape(t)))}</w:txbxContent></v:textbox></v:shape>"
                                  "</w:pict></w:r>")),
    "core": lambda t: report(PLAIN, {"docProps/core.xml": _core(
        f"<dc:title>{escape(t)}</dc:title>")}),
    "app": lambda t: report(PLAIN, {"docProps/app.xml": _props(
        "extended-properties", f"<Company>{escape(t)}</Company>")}),
    "custom": lambda t: report(PLAIN, {"docProps/custom.xml": _custom("Ref", t)}),
    "custom-xml": lambda t: report(PLAIN, {"customXml/item1.xml": (
        f"<root><note>{escape(t)}</note></root>").encode()}),
    "alt-text": lambda t: report(p(
        '<w:r><w:drawing><wp:inline><wp:extent cx="1" cy="1"/>'
        f'<wp:docPr id="1" name="Picture 1" descr={quoteattr(t)}/></wp:inline></w:drawing>'
        "</w:r>")),
    "attribute": lambda t: report(
        f"<w:sdt><w:sdtPr><w:alias w:val={quoteattr(t)}/></w:sdtPr>"
        f"<w:sdtContent>{PLAIN}</w:sdtContent></w:sdt>"),
}
TEXT_PLACES = ("body", "table-cell", "header", "footnote", "comment", "textbox")
ALL_PLACES = tuple(PLACES)


def _planted(forms: dict[str, str], places, mark=None, caught_in=()) -> list:
    """One case per form and place; ``mark`` (a miss) on every case but those of
    ``caught_in`` ((form, place) pairs the verifier already refuses)."""
    out = []
    for form, text in forms.items():
        for place in places:
            marks = [mark] if mark is not None and (form, place) not in caught_in else []
            out.append(pytest.param(text, place, id=f"{form}-{place}", marks=marks))
    return out


def _found(text: str, place: str, registry: Registry) -> set[str]:
    return {f.kind for f in findings(PLACES[place](text), registry)}


# ====================================================================================
# A. MISSES (redactor off)
# ====================================================================================

# ------------------------------------------------ A1. initials standing for a listed person
# Incident forms, Datix extracts and clinical letters name a patient by initials ("Patient
# initials: R.E.", "Mrs M.E."), and Word writes a comment author's initials ("ME") into
# w:initials. A title followed only by initials is never a pseudonym ("Mrs A" is one letter),
# and the initials of a listed person (M.E., R.E., S.K., ...) are known from the plan.
INITIALS = {
    "title-and-two-initials": "Mrs M.E. complained about the discharge.",
    "title-and-spaced-initials": "Mr R. E. was discharged on 3 March 2026.",
    "initials-label-dotted": "Patient initials: R.E.",
    "initials-label-run-together": "Patient initials: RE",
    "initials-in-brackets": "The complainant (M.E.) asked for a meeting.",
}


# Caught since round five (names.initials_hits; tests/unit/test_verify_round5.py).
@pytest.mark.parametrize(("text", "place"), _planted(
    INITIALS, [*TEXT_PLACES, "core", "custom", "custom-xml", "alt-text"]))
def test_initials_of_a_listed_person_are_caught(registry, text, place):
    assert _found(text, place, registry)


@pytest.mark.parametrize("where", [
    # "ME" run together is a common word: looked for only after a label or a title when it is
    # no word (round five); the attribute's name (w:initials, w15:author) would be the label.
    pytest.param("comment-initials", marks=miss("w:initials of a comment holds a listed "
                                                 "person's initials")),
    "core-creator",  # dotted initials: caught since round five
    "custom-property",
    pytest.param("people-part", marks=miss("w15:person author holding initials")),
])
def test_initials_in_document_metadata_are_caught(registry, where):
    data = {
        "comment-initials": lambda: report(PLAIN, {"word/comments.xml": _w(
            "comments", f'<w:comment w:id="0" w:author="Reviewer" w:initials="ME">{PLAIN}'
                        "</w:comment>")}),
        "core-creator": lambda: report(PLAIN, {"docProps/core.xml": _core(
            "<dc:creator>M.E.</dc:creator>")}),
        "custom-property": lambda: report(PLAIN, {"docProps/custom.xml": _custom(
            "PatientInitials", "M.E.")}),
        "people-part": lambda: report(PLAIN, {"word/people.xml": _w(
            "people", '<w15:person w15:author="ME"><w15:presenceInfo w15:providerId="None" '
                      'w15:userId="ME"/></w15:person>')}),
    }[where]()
    assert findings(data, registry)


# ------------------------------------------------ A2. a title and the person's real initial
# A report anonymised by hand with the real initial ("Mrs E", "Mr E's wife"): apgen's
# pseudonyms never use a person's own initial, so a title and the initial of a listed lay
# person's surname is the real one.
REAL_INITIAL = {
    "mrs-e": "Mrs E said she was not told.",
    "mrs-e-dot": "Mrs E. said she was not told.",
    "mr-e-possessive": "Mr E's wife was his main carer.",
}


# Caught since round five (names.initials_hits; tests/unit/test_verify_round5.py).
@pytest.mark.parametrize(("text", "place"), _planted(
    REAL_INITIAL, ["body", "header", "footnote", "comment", "core"]))
def test_title_and_real_initial_is_caught(registry, text, place):
    assert _found(text, place, registry)


# ------------------------------------------------ A3. a date of birth labelled by structure
# Letters generated from an EPR, SharePoint content types and form templates keep the date of
# birth in a property or element whose NAME is the label: the text holds the bare date.
def _sdt_date() -> bytes:
    return report('<w:sdt><w:sdtPr><w:alias w:val="Date of birth"/><w:date w:fullDate='
                  '"1939-06-12T00:00:00Z"><w:dateFormat w:val="dd/MM/yyyy"/></w:date></w:sdtPr>'
                  f'<w:sdtContent>{p(r("[date of birth removed]"))}</w:sdtContent></w:sdt>')


STRUCTURED_BIRTH = {
    "custom-property-named-PatientDOB": lambda: report(PLAIN, {
        "docProps/custom.xml": _custom("PatientDOB", "1939-06-12T00:00:00Z", "filetime")}),
    "custom-property-named-date-of-birth": lambda: report(PLAIN, {
        "docProps/custom.xml": _custom("Date of birth", "12/06/1939")}),
    "custom-property-named-DOB-vt-date": lambda: report(PLAIN, {
        "docProps/custom.xml": _custom("DOB", "1939-06-12T00:00:00Z", "date")}),
    "custom-xml-element-dob": lambda: report(PLAIN, {
        "customXml/item1.xml": b"<patient><dob>1939-06-12</dob></patient>"}),
    "custom-xml-element-DateOfBirth": lambda: report(PLAIN, {
        "customXml/item1.xml": b"<p><DateOfBirth>12/06/1939</DateOfBirth></p>"}),
    "custom-xml-element-birthDate-compact": lambda: report(PLAIN, {
        "customXml/item1.xml": b"<r><birthDate>19390612</birthDate></r>"}),
    "custom-xml-attribute-dob": lambda: report(PLAIN, {
        "customXml/item1.xml": b'<p dob="1939-06-12"/>'}),
    "custom-xml-name-value-pair": lambda: report(PLAIN, {
        "customXml/item1.xml": b'<p><field name="DateOfBirth" value="1939-06-12"/></p>'}),
    "settings-docvar": lambda: report(PLAIN, {"word/settings.xml": _w(
        "settings", '<w:docVars><w:docVar w:name="DOB" w:val="12/06/1939"/></w:docVars>')}),
    "content-control-date": _sdt_date,
}


@pytest.mark.parametrize("form", list(STRUCTURED_BIRTH))
def test_date_of_birth_labelled_by_structure_is_caught(registry, form):
    assert findings(STRUCTURED_BIRTH[form](), registry)


def test_date_of_birth_labelled_in_the_same_attribute_is_caught(registry):
    data = report(p('<w:bookmarkStart w:id="0" w:name="DOB_19390612"/>', r("x"),
                    '<w:bookmarkEnd w:id="0"/>'))
    assert "date of birth" in {f.kind for f in findings(data, registry)}


# ------------------------------------------------ A4. dates of birth written other ways
BIRTH_MISSED = {
    "label-after-date": "Mrs A's husband (12/06/1939 - DOB) was readmitted.",
    "label-after-date-words": "12 June 1939 (date of birth)",
    "month-and-year": "Mr B (born June 1939) lived with his wife.",
    "month-and-year-b-dot": "Mr B (b. March 1939) lived with his wife.",
    "year-after-dob-label": "DOB: 1939",
    "b-dot-year": "Mr B (b.1939)",
    "spaces-between-parts": "DOB 12 06 1939",
    "spaced-slashes": "DOB: 12 / 06 / 1939",
    "six-digit-compact": "DOB 120639",
    "month-the-ordinal": "born June the 12th, 1939",
    "day-of-month": "born on the 12th day of June 1939",
    "us-order-apostrophe-year": "born on June 12, '39",
    "year-first-words": "born 1939 June 12",
    "b-without-dot": "Mr B, b 12/06/1939, was admitted.",
    "ordinal-word-day-after-month": "DOB: June twelfth 1939",
}
# Caught since round five (patterns.birth_spans); the rest stay misses.
BIRTH_CAUGHT = BIRTH_MISSED
BIRTH_MISSED = {"year-in-words": "born on the twelfth of June nineteen thirty-nine"}
BIRTH_HELD = {
    "us-order": "DOB: 06/12/1939",
    "us-month-first-ordinal": "born June 12th, 1939",
    "the-ordinal-of": "born on the 12th of June 1939",
    "dd-mon-yy": "DOB 12-Jun-39",
    "dot-short-year": "DoB 12.06.39",
    "d-o-b-dots": "D.o.B. 12/06/1939",
    "birth-date": "Birth date: 12/06/1939",
    "dotted-leader": "Date Of Birth.........12/06/1939",
    "iso": "birthdate 1939-06-12",
    "weekday": "born on Monday, 12 June 1939",
    "place-between": "born in Leeds on 12 June 1939",
    "age-and-dob": "aged 87 (DOB 12/06/39)",
    "roman": "born 12.VI.1939",
    "of-month-comma": "Date of birth 12th of June, 1939",
}


_BIRTH_PLACES = ["body", "table-cell", "header", "footnote", "core", "custom", "alt-text"]


@pytest.mark.parametrize(("text", "place"), _planted(BIRTH_CAUGHT, _BIRTH_PLACES) + _planted(
    BIRTH_MISSED, _BIRTH_PLACES, miss("a date of birth in a form the birth rule does not know")))
def test_date_of_birth_form_is_caught(registry, text, place):
    assert "date of birth" in _found(text, place, registry)


@pytest.mark.parametrize(("text", "place"), _planted(BIRTH_HELD, ["body", "footnote", "core"]))
def test_date_of_birth_form_already_caught(registry, text, place):
    assert "date of birth" in _found(text, place, registry)


def _cells(groups: list[str]) -> str:
    return "".join(f"<w:tc>{p(r(escape(g)))}</w:tc>" for g in groups)


def test_date_of_birth_under_its_column_heading_is_caught(registry):
    body = ("<w:tbl>" + f"<w:tr>{_cells(['Name', 'NHS number', 'DOB'])}</w:tr>"
            f"<w:tr>{_cells(['Mrs A', 'removed', '12/06/1939'])}</w:tr></w:tbl>")
    assert "date of birth" in {f.kind for f in findings(report(body), registry)}


# ------------------------------------------------ A5. postcodes typed with odd spacing
# People type the space in the wrong place ("NS37 QT"), split the inward code or type O for 0.
POSTCODE_MISSED = {
    "space-moved-left": "She lives at NS37 QT.",
    "inward-split": "She lives at NS3 7 QT.",
    "outward-split": "She lives at NS 3 7QT.",
    "inward-split-late": "She lives at NS3 7Q T.",
    "letter-o-for-zero": "Send it to NS10 OQT please.",
    "spelt-out": "postcode N S 3 7 Q T",
    "dotted": "postcode N.S.3. 7.Q.T.",
}
POSTCODE_HELD = {"lower-no-space": "ns37qt", "hyphen": "ns3-7qt", "no-break-space": "NS3\u00a07QT",
                 "underscore": "NS3_7QT", "brackets": "(NS3 7QT)"}


# Caught since round five (patterns._LOOSE_POSTCODE; tests/unit/test_verify_round5.py).
@pytest.mark.parametrize(("text", "place"), _planted(
    POSTCODE_MISSED, ["body", "table-cell", "header", "comment", "custom", "custom-xml",
                      "attribute", "alt-text"]))
def test_postcode_typed_oddly_is_caught(registry, text, place):
    assert "postcode" in _found(text, place, registry)


@pytest.mark.parametrize(("text", "place"), _planted(POSTCODE_HELD, ["body", "custom"]))
def test_postcode_form_already_caught(registry, text, place):
    assert "postcode" in _found(text, place, registry)


# ------------------------------------------------ A6. e-mail addresses obfuscated
EMAIL_MISSED = {
    "at-word-real-domain": "Her email is wren14 at example.com",
    "bracket-at-real-dot": "Write to wren14 (at) example.com",
    "at-word-co-uk": "wren14 at example.co.uk",
    "angle-brackets": "wren14 <at> example <dot> com",
    "underscored-words": "wren14 _at_ example _dot_ com",
    "hyphenated-words": "wren14-at-example-dot-com",
    "double-at": "wren14@@example.com",
    "html-entity-at": "wren14&#64;example.com",
    "provider-only": "email: wren14 at btinternet",
    "spelt-out": "w r e n 1 4 @ e x a m p l e . c o m",
}
EMAIL_HELD = {"at-dot-words": "wren14 AT example DOT com",
              "square-brackets": "wren14[at]example[dot]com",
              "spaces-round-at": "wren14 @ example.com",
              "full-width-at": "wren14\uff20example.com",
              "percent-at": "mailto:wren14%40example.com",
              "no-dot": "wren14@example"}


# Caught since round five (patterns.shapes' e-mail rules; tests/unit/test_verify_round5.py).
@pytest.mark.parametrize(("text", "place"), _planted(
    EMAIL_MISSED, ["body", "header", "comment", "custom", "attribute"]))
def test_obfuscated_email_is_caught(registry, text, place):
    assert "e-mail address" in _found(text, place, registry)


@pytest.mark.parametrize(("text", "place"), _planted(EMAIL_HELD, ["body", "custom"]))
def test_email_form_already_caught(registry, text, place):
    assert "e-mail address" in _found(text, place, registry)


# ------------------------------------------------ A7. addresses
# The registered line (14 Wren Close) abbreviated, and unregistered addresses with street
# words the rule does not list, a house name, a number in words or a lower-case street.
ADDRESS_MISSED = {
    "registered-abbreviated": "She still lives in Wren Cl with her son.",
    "registered-number-only": "14 Wren, Northshire",
    "crescent-abbreviated": "She moved to 14 Wren Cres last year.",
    "approach": "She moved to 7 Station Approach last year.",
    "parade": "She moved to 7 Park Parade last year.",
    "boulevard": "She moved to 7 Elm Boulevard last year.",
    "quay": "She moved to 5 Harbour Quay last year.",
    "yard": "She moved to 2 Kings Yard last year.",
    "green": "She moved to 4 The Green last year.",
    "meadow": "She moved to 3 Ash Meadow last year.",
    "fields": "She moved to 6 Abbey Fields last year.",
    "heights": "She moved to 15 Orchard Heights last year.",
    "lower-case": "she moved to 7 mill road last year",
    "apartment": "She moved to Apt 4 last year.",
}
# Caught since round five (patterns._STREET, _FLAT; registry._address_forms); the rest stay
# misses.
ADDRESS_CAUGHT = ADDRESS_MISSED
ADDRESS_MISSED = {
    "house-name": "She moved to Rose Cottage, Mill Lane last year.",
    "number-in-words": "She moved to seven Mill Road last year.",
}
ADDRESS_HELD = {"registered": "14 Wren Close", "registered-no-number": "Wren Close",
                "registered-joined": "WrenClose", "registered-caps": "14 WREN CLOSE",
                "number-word-registered": "fourteen Wren Close", "flat": "Flat 2b",
                "road-abbreviated": "7 Mill Rd.", "apartment-word": "Apartment 3, 7 Mill Road",
                "high-st": "7 High St"}


@pytest.mark.parametrize(("text", "place"), _planted(
    ADDRESS_CAUGHT, ["body", "header", "custom"]) + _planted(
    ADDRESS_MISSED, ["body", "header", "custom"],
    miss("an address with a street word not listed, a house name, or the registered line "
         "abbreviated")))
def test_address_form_is_caught(registry, text, place):
    assert "address" in _found(text, place, registry)


@pytest.mark.parametrize(("text", "place"), _planted(ADDRESS_HELD, ["body", "custom"]))
def test_address_form_already_caught(registry, text, place):
    assert "address" in _found(text, place, registry)


# ------------------------------------------------ A8. record numbers after other labels
# Trusts' record systems have names (RiO, SystmOne, EMIS, Lorenzo, EPR) and their ids labels
# ("Trust ID", "Client ID", "CRN"); numbers are written in groups.
RECORD_MISSED = {
    "rio": "RiO ID 1234567", "rio-number": "RiO number 1234567", "epr": "EPR number: 1234567",
    "systmone": "SystmOne ID 1234567", "emis": "EMIS number 1234567",
    "trust-id": "Trust ID 1234567", "crn": "CRN 1234567", "client-id": "Client ID 1234567",
    "patient-ref": "Patient ref RX1234567", "lorenzo": "Lorenzo ID 1234567",
    "mrn-grouped": "MRN RX 123 4567", "hospital-number-grouped": "hospital number: RXH-001-234",
    "hospital-number-spelt": "hospital number R X 1 2 3 4 5 6 7",
}
RECORD_HELD = {"hospital-no": "Hospital No: RX1234567", "mrn": "MRN 00123456",
               "pas": "PAS no 1234567", "k-number": "K1234567", "unit": "Unit number 123456",
               "cerner": "Cerner MRN: 1234567", "sentence": "the hospital number was 1234567"}


# Caught since round five (patterns._RECORD; tests/unit/test_verify_round5.py).
@pytest.mark.parametrize(("text", "place"), _planted(RECORD_MISSED, ["body", "custom"]))
def test_record_number_is_caught(registry, text, place):
    assert _found(text, place, registry)


@pytest.mark.parametrize(("text", "place"), _planted(RECORD_HELD, ["body", "custom"]))
def test_record_number_already_caught(registry, text, place):
    assert _found(text, place, registry)


# ------------------------------------------------ A9. telephone numbers
PHONE_MISSED = {
    "local-number-after-label": "Her home phone is 960123.",
    "letter-o-for-zero": "mobile 07700 9OO 123",
    "slash-with-spaces": "call 07700 / 900123",
    "hundred-in-words": "07700 nine hundred 123",
    "all-o": "O77OO 9OO123",
}
PHONE_HELD = {
    "extension": "Tel: 01632 960123 ext. 4567", "plus-44-zero": "+44 (0)7700 900123",
    "double-zero-44": "0044 7700 900123", "brackets": "(01632) 960123",
    "dots": "07700.900.123", "digit-spaced": "tel 0 7 7 0 0 9 0 0 1 2 3",
    "tel-uri": "tel:+447700900123", "odd-grouping": "077 009 001 23",
    "non-breaking-hyphen": "phone 07700\u2011900\u2011123",
    "two-numbers": "07700 900123 / 07700 900124",
    "spoken-mixed": "0 seven 7 0 0 9 0 0 1 2 3",
}


@pytest.mark.parametrize(("text", "place"), _planted(
    PHONE_MISSED, ["body", "header", "custom", "attribute"],
    miss("a phone number with letters for digits, a wide separator, words, or a local number "
         "after its label")))
def test_phone_number_is_caught(registry, text, place):
    assert _found(text, place, registry)


@pytest.mark.parametrize(("text", "place"), _planted(PHONE_HELD, ["body", "custom"]))
def test_phone_number_already_caught(registry, text, place):
    assert _found(text, place, registry)


# ------------------------------------------------ A10. names misspelt by two edits, short names
# misspelt, nicknames not listed
NAME_MISSED = {
    "two-edits-elisson": "Elisson wrote to the Trust.",
    "two-edits-elyson": "a letter from Elyson",
    "short-surname-transposed": "the Head of Patient Experience (Kahn) replied",
    "alias-misspelt-two-edits": "Maggy phoned the ward.",
    "nickname-ange": "Ange agreed to speak to the family.",
    "nickname-rab": "Rab was discharged home.",
    "nickname-saz": "Saz from the complaints team rang.",
}
NAME_HELD = {
    "title-dot-initial": "Mrs. M. Ellison", "surname-comma-forename": "ELLISON, Margaret",
    "surname-initial-title": "Ellison M (Mrs)", "alias-initial": "Maggie E.",
    "possessive-plural": "the Ellisons' home", "accent-added": "\u00c9llison",
    "nee": "Mrs Ellison (nee Smith)", "forename-only": "Dear Margaret,",
    "abbreviated-forename": "Margt. Ellison", "robt": "Robt. Ellison",
    "one-edit-substitution": "Margerat wrote", "spelt-dotted": "E.L.L.I.S.O.N",
    "spelt-hyphens": "E-L-L-I-S-O-N",
    "superscript-letters": "\u1d31\u02e1\u02e1\u2071\u02e2\u1d52\u207f",
    "stroke-o": "Ellis\u00f8n", "swapcase": "eLLISON", "l-for-i": "ELLlSON",
    "title-and-two-letters": "Mrs El. said",
}


@pytest.mark.parametrize(("text", "place"), _planted(
    NAME_MISSED, ["body", "header", "comment", "core", "custom"],
    miss("a name misspelt by two edits, a short name misspelt, or a nickname not in the list")))
def test_misspelt_or_nicknamed_name_is_caught(registry, text, place):
    assert "person's name" in _found(text, place, registry)


@pytest.mark.parametrize(("text", "place"), _planted(NAME_HELD, ["body", "core"]))
def test_name_form_already_caught(registry, text, place):
    assert _found(text, place, registry)


# ------------------------------------------------ A11. look-alike characters inside names
LOOKALIKE_MISSED = {
    "digit-ones-for-ls": "E11ison phoned", "zero-for-o": "0kafor said", "four-for-a": "Kh4n said",
    "zero-for-o-end": "Ellis0n", "capital-i-for-l": "EIIison phoned", "pipe-for-l": "E|lison",
    "latin-open-e": "\u0190llison", "latin-open-o": "Ellis\u0254n",
}


@pytest.mark.parametrize(("text", "place"), _planted(
    LOOKALIKE_MISSED, ["body", "custom", "attribute"],
    miss("digits, capital I, a bar or Latin letters standing for letters of a name")))
def test_name_with_lookalike_characters_is_caught(registry, text, place):
    assert "person's name" in _found(text, place, registry)


# ------------------------------------------------ A12. names split by a space or punctuation
SPLIT_NAME_MISSED = {
    "space-inside": "Ell ison", "space-before-last-syllable": "Ellis on", "syllables": "El li son",
    "hyphenated-syllables": "El-li-son", "apostrophe": "Elli'son", "dot": "Ell.ison",
    "middle-dots": "El\u00b7li\u00b7son", "underscored-letters": "E_L_L_I_S_O_N",
}


@pytest.mark.parametrize(("text", "place"), _planted(
    SPLIT_NAME_MISSED, ["body", "custom"],
    miss("a name split by a space, an apostrophe, a dot, a middle dot or underscores")))
def test_name_split_by_punctuation_is_caught(registry, text, place):
    assert "person's name" in _found(text, place, registry)


# ------------------------------------------------ A13. text a reader does not show, in a name
# Word shows "Ellison"; the verifier joins the hidden, deleted or field text in between.
HIDDEN_SPLIT = {
    "hidden-run": p(r("Mrs A and Elli"), r("xx", "<w:rPr><w:vanish/></w:rPr>"), r("son phoned")),
    "web-hidden-run": p(r("Mrs A and Elli"), r("xx", "<w:rPr><w:webHidden/></w:rPr>"),
                        r("son phoned")),
    "deleted-text": p(r("Mrs A and Elli"), '<w:del w:id="1" w:author="A"><w:r><w:delText>xx'
                      "</w:delText></w:r></w:del>", r("son phoned")),
    "empty-field": p(r("Mrs A and Elli"), '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                     '<w:r><w:instrText> QUOTE "" </w:instrText></w:r><w:r><w:fldChar '
                     'w:fldCharType="separate"/></w:r><w:r><w:fldChar w:fldCharType="end"/>'
                     "</w:r>", r("son phoned")),
    "symbol-field-for-a-letter": p(r("Mrs A and "), '<w:r><w:fldChar w:fldCharType="begin" '
                                   'w:dirty="true"/></w:r><w:r><w:instrText> SYMBOL 69 '
                                   '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/>'
                                   "</w:r>", r("llison phoned")),
}


@pytest.mark.parametrize("where", ["word/document.xml", "word/header9.xml"])
@pytest.mark.parametrize("form", [pytest.param(f, marks=miss(
    "a name split by hidden text, deleted text or a field a reader does not see"))
    for f in HIDDEN_SPLIT])
def test_name_split_by_text_a_reader_does_not_show_is_caught(registry, form, where):
    body = HIDDEN_SPLIT[form]
    data = report(body) if where == "word/document.xml" else report(
        PLAIN, {where: _w("hdr", body)})
    assert findings(data, registry)


def test_name_split_by_a_ruby_annotation_is_caught(registry):
    body = p(r("Elli"), "<w:r><w:ruby><w:rubyPr/><w:rt><w:r><w:t>x</w:t></w:r></w:rt>"
             "<w:rubyBase><w:r><w:t>son</w:t></w:r></w:rubyBase></w:ruby></w:r>")
    assert findings(report(body), registry)


# ------------------------------------------------ A14. encodings
def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


_LONG = ("Mrs Margaret Ellison of 14 Wren Close complained about the discharge of her "
         "husband from Ward 7 and asked for an apology.")
# Wrapped as MIME does (76 characters, 57 bytes a line), the surname straddling a line end.
_SPLIT_LONG = "Note for the ward: the complaint about the discharge of".ljust(54) + (
    "Ellison was upheld in part and the Trust apologised.")
_WRAPPED = _b64(_SPLIT_LONG.encode())
ENCODED_MISSED = {
    "json-unicode-escape": "\\u0045llison",
    "python-hex-escape": "\\x45llison",
    "html-entity-decimal-as-text": "&#69;llison",
    "html-entity-hex-as-text": "&#x45;llison",
    "percent-u": "%u0045llison",
    "quoted-printable": "=45llison",
    "utf-7": "+AEU-llison",
    "base32": base64.b32encode(b"Ellison").decode(),
    "base64-no-digit-no-padding": "RWxsaXNvbg",
    "base64-of-deflate": _b64(zlib.compress(_LONG.encode())),
    "base64-wrapped-mid-name": "\n".join(_WRAPPED[i:i + 76] for i in range(0, len(_WRAPPED), 76)),
    "rot13": "Ryyvfba",
    "reversed-without-control": "nosillE",
}


@pytest.mark.parametrize(("text", "place"), _planted(
    ENCODED_MISSED, ["body", "custom-xml", "attribute"],
    miss("a name behind an escape, entity, UTF-7, base32, unpadded base64 with no digit, "
         "compressed or line-wrapped base64, ROT13 or reversed")))
def test_encoded_name_is_caught(registry, text, place):
    assert findings(PLACES[place](text), registry)


# ------------------------------------------------ A15. NHS numbers with words between groups
NHS_MISSED = {
    "and-between": "NHS 943 and 476 and 5919",
    "then-between": "NHS number: 943 then 476 then 5919",
    "middle-group-in-words": "NHS no 943 four seven six 5919",
    "driving-licence-with-name": "licence ELLIS406129MR9AB",
}
NHS_HELD = {
    "dashes": "NHS no. 943-476-5919", "words-commas": "nine four three, four seven six, "
                                                     "five nine one nine",
    "last-digit-apart": "NHS: 943476591 9", "brackets": "NHS (943) 476-5919",
    "hash-dots": "NHS #943.476.5919", "spaced-digits": "NHS number 9 4 3 4 7 6 5 9 1 9",
    "hyphenated-words": "NHS number nine-four-three four-seven-six five-nine-one-nine",
    "five-five": "NHS 94347 65919", "invalid-check-digit": "NHS number 943 476 5920",
}


@pytest.mark.parametrize(("text", "place"), _planted(
    NHS_MISSED, ["body", "custom"],
    miss("an NHS number's groups with words between them; a driving licence number")))
def test_nhs_number_with_words_between_is_caught(registry, text, place):
    assert findings(PLACES[place](text), registry)


@pytest.mark.parametrize(("text", "place"), _planted(NHS_HELD, ["body", "custom"]))
def test_nhs_number_form_already_caught(registry, text, place):
    assert findings(PLACES[place](text), registry)


# ------------------------------------------------ A16. the same misses in names and targets
def _with_rel(data: bytes, target: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    rels = "word/_rels/document.xml.rels"
    parts[rels] = with_hyperlink(parts[rels], target)
    return report(PLAIN, {n: c for n, c in parts.items() if n != "word/document.xml"})


def _with_entry(name: str) -> bytes:
    return report(PLAIN, {name: b"<x/>"})


NAMED = {
    "target-postcode-space-moved": lambda: _with_rel(
        report(PLAIN), "https://maps.example/search?q=NS37%20QT"),
    "target-file-named-by-initials-and-dob": lambda: _with_rel(
        report(PLAIN), "file:///C:/Letters/ME%20DOB%20120639.docx"),
    "target-short-name-misspelt": lambda: _with_rel(report(PLAIN), "https://x.example/u/Kahn"),
    "entry-name-capital-i-for-l": lambda: _with_entry("customXml/EIIison.xml"),
    "entry-name-postcode-space-moved": lambda: _with_entry("customXml/NS37 QT.xml"),
    "bookmark-dob-six-digits": lambda: report(p(
        '<w:bookmarkStart w:id="0" w:name="DOB_120639"/>', r("x"), '<w:bookmarkEnd w:id="0"/>')),
    "field-code-initials": lambda: report(p(
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> AUTHOR "M.E." '
        '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>')),
}


NAMED_CAUGHT = {"field-code-initials", "target-file-named-by-initials-and-dob",
                "bookmark-dob-six-digits", "target-postcode-space-moved",
                "entry-name-postcode-space-moved"}  # since round five


@pytest.mark.parametrize("form", [pytest.param(f, marks=[] if f in NAMED_CAUGHT else miss(
    "a form of classes A1, A4, A5, A10 or A11 in a relationship target, a part name, a "
    "bookmark or a field code")) for f in NAMED])
def test_missed_forms_in_names_and_targets_are_caught(registry, form):
    assert findings(NAMED[form](), registry)


# ====================================================================================
# B. FALSE REFUSALS (redactor on)
# ====================================================================================

# Each entry: (id, text, None if the pack is made with it, else the reason it is refused).
# Paragraphs are written one after another into one final report; a table follows them.
_DR_FOSTER = ("a company named like a person (Dr Foster): regulator_copy.allow is the "
              "way out")
ELLISON_CLEAN = [
    # ---- clinical prose, doses and times: times and dates read as numbers
    ("dose-and-time", "Paracetamol 1g QDS was prescribed at 14:00 on 3 March 2026.", None),
    ("observations", "Observations at 14:00: BP 120/80, HR 88, RR 18, SpO2 96% on air, "
                     "temperature 37.2, GCS 15, NEWS2 score 2.", None),
    ("ward-bay-bed", "Mr A was in Ward 7, bay 3 bed 12, and was moved to bay 4 bed 2 at 22:30.",
     None),
    ("doses-list", "Enoxaparin 40 mg once daily; furosemide 40mg BD; insulin 10 units at 08:00 "
                   "and 18:00.", None),
    ("drug-round-times", "Medicines were given at 06:00 12:00 18:00 22:00 as prescribed.",
     None),
    ("date-and-time", "The nursing note timed 03/03/2026 14:00 records the referral.", None),
    ("short-date-after-on", "He was seen on 12/06/26 by the community nurse.", None),
    ("times-after-at", "Calls to the community team were logged at 10:15, 11:30 and 14:00.",
     None),
    ("dotted-times", "Doses were given at 10.30, 11.45 and 14.15 on the day.", None),
    ("opening-hours", "The helpline is open 08:00-20:00 7 days a week.", None),
    ("drug-chart-times", "The drug chart shows doses at 03/03 14:00 18:00.", None),
    ("date-range", "Audit period 01/04/2026-31/03/2027.", None),
    ("iso-date-time", "The entry 2026-03-03T14:00 shows the referral.", None),
    # ---- titles before ordinary words
    ("dr-aware", "Nursing entry: Dr aware, to review. Dr informed at 14:00.", None),
    ("on-call-dr", "The on-call dr reviewed him at 14:00 and the FY1 dr reviewed him at 18:00.",
     None),
    ("mr-scan", "An urgent MR scan was requested.", None),
    ("ms-teams", "The MS Teams meeting on 5 May 2026 agreed the plan.", None),
    ("ms-word", "A report was written in MS Word and shared on MS Teams.", None),
    ("qtc-ms", "The ECG showed a QTc of 480 ms prolonged compared with May.", None),
    ("dr-plan", "The Trust's IT team keeps a DR Plan for the discharge system.", None),
    ("nurse-roles", "The Nurse Practitioner and the Ward Sister reviewed the discharge.", None),
    ("nurse-specialist-matron", "The Nurse Specialist, the Nurse Consultant and the Modern "
                                "Matron Team met.", None),
    ("miss-a-weekday", "The checklist makes sure patients do not miss Monday clinics.", None),
    ("dr-foster", "Dr Foster data were used for the readmission figures.", _DR_FOSTER),
    ("lord-darzi", "Lord Darzi's 2024 review of the NHS was cited.",
     "a public figure's title and name (allow list is the way out, but it is published "
     "material)"),
    ("dear-sir-or-madam", "Dear Sir or Madam,", None),
    # ---- record-number labels before a year
    ("admitted-to-hospital-in", "He had been admitted to hospital in 2025 and again in 2026.",
     None),
    ("stroke-unit-in", "The stroke unit in 2025 had a similar audit.", None),
    ("a-patient-in", "A patient in 2024 had the same problem.", None),
    ("patients-year", "Patients 2025/26: 1,204 discharges.", None),
    ("hospice-year", "The hospice 2026 contract includes night sitting.", None),
    ("pas-upgrade", "The PAS 2026 upgrade will record referrals.", None),
    ("kpis-year", "KPIs 2026/27 are reported monthly to the Quality and Safety Committee.",
     None),
    ("key-dates", "The Key 2026 dates are in appendix 2.", None),
    ("thousands-in", "The Trust invested \u00a320k in 2026/27 in community nursing.", None),
    ("thousands-year", "The Trust paid \u00a35k 2026/27 for training.", None),
    ("past-year", "The past 2025 audits showed the same gap.", None),
    ("unit-year", "The unit 2025 review found gaps.", None),
    ("kent-year", "In Kent 2026 guidance was similar.", None),
    # ---- references, policies, incidents, standards
    # (these three were refused until round five: patterns._reference)
    ("steis-reference", "StEIS reference 2026/12345 was reported.", None),
    ("cqc-location-id", "The CQC location ID 1-123456789 is on the register.", None),
    ("iso-standard", "The Trust holds ISO 27001:2013 certification.", None),
    ("datix-and-complaint", "Datix incident W12345 and complaint reference COMP-2026-0412 were "
                            "linked.", None),
    ("policy", "Policy CP-12 v3.2 (Discharge Policy), section 4.3.1, applies.", None),
    ("paragraph-numbers", "See paragraphs 45 to 52 and 118 to 120 of the final report.", None),
    ("version", "Version 1.3, 27/11/2026.", None),
    ("room", "Room A1, 2nd floor, Block 3.", None),
    ("bleep-extension", "The ward can be reached on bleep 1234 or ext. 4567.", None),
    ("dates-of-events", "The Trust met the Ombudsman on 14 September 2026 and on 23 November "
                        "2026.", None),
    ("pseudonyms", "Mrs A's husband, Mr B, was 87 and lived with her.", None),
    ("reports-and-years", "The Francis Report (2013) and the 2015 Kirkup report were considered.",
     None),
    ("audit-figures", "The Ward Manager's audit of 20 discharges found 19 compliant (95%).",
     None),
    # ---- the organisation's own details and public web pages
    ("own-phone-and-address", "Our switchboard is 01632 960 400 and our address is Northshire "
                              "General Hospital, Infirmary Road, Northshire, NS1 4AB.", None),
    ("own-address-one-line", "Write to the Patient Experience Team, Northshire General "
                             "Hospital, Infirmary Road, Northshire NS1 4AB.", None),
    ("own-mailbox", "Write to complaints@northshire.example.nhs.uk for a copy.", None),
    ("nhs-and-gov-urls", "More information: https://www.nhs.uk/conditions/pressure-sores/ and "
                         "https://www.gov.uk/government/publications/nhs-complaints-guidance.",
     None),
    ("nice-url", "NICE guideline NG27 (https://www.nice.org.uk/guidance/ng27) was followed.",
     None),
    ("trust-names", "Northshire Hospitals NHS Foundation Trust and NHS Northshire Integrated "
                    "Care Board agreed the plan.", None),
    # ---- words that are a listed name, one letter from one, a nickname or hold one
    # (prima, grans, grantham refused until round five: english._MORE, variants._place)
    ("grant-the-word", "The grant from the charity paid for the leaflet; the Trust applied for "
                       "two further grants.",
     "'grant' and 'grants' (the staff surname Grant and its plural) as ordinary words; "
     "test_verify's test_allow_list_is_exact_and_case_sensitive holds 'A grant was made.' a "
     "name"),
    ("prima-facie", "The complaint was upheld on a prima facie basis.", None),
    ("daisy-ward", "The patient was transferred to Daisy Ward on 4 March 2026.", None),
    ("grans", "Visitors found the grans and grandads group helpful.", None),
    ("grantham", "Grantham and District Hospital was consulted about its checklist.", None),
    ("telangiectasia", "Hereditary haemorrhagic telangiectasia was excluded.",
     "a medical word holding a nickname (Angie in telangiectasia)"),
    ("allison-road", "Allison Road was closed for works.", None),
    ("magpie-angel", "The magpie and the angel on the ward's mural were repainted.", None),
    ("will-bill-rob", "Will the Trust pay the bill? We will rob no one of their time.", None),
    ("peg-feed", "His PEG feed was stopped at 22:00.", None),
    # ---- the redactor removes these today (so the pack is made), though nothing is personal:
    # the verifier would refuse them too if the redactor stopped over-redacting.
    ("head-ct-after-time", "At 14:00 Head CT was requested.", None),
    ("six-minute-walk", "He completed a 6 Minute Walk Test before discharge.", None),
    ("supreme-court", "In the 2015 Supreme Court judgment in Montgomery v Lanarkshire Health "
                      "Board, consent was defined.", None),
    ("lettered-list-date", "b. 7 March 2026: readmitted to Ward 7.", None),
    ("bed-numbers", "Beds 12 13 14 15 16 were closed for cleaning.", None),
    ("birth-policy-date", "The policy on recording date of birth was updated on 12 June 2026.",
     None),
    ("by-short-date", "By 12.06.26 the ward had completed the audit.", None),
    ("ward-floor", "Ward E1 1st floor has a discharge lounge.", None),
    ("invoice", "Invoice 2026-000123 was paid.", None),
    ("angola", "Nurses were recruited from Angola and the Philippines.", None),
    ("own-phone-spaced-otherwise", "Contact the Patient Experience Team on 01632 960400.", None),
    ("ombudsman-helpline", "The Ombudsman's helpline is 0345 015 4033.", None),
    # ---- tables written with tabs
    ("tabbed-heading", "Year\tComplaints\tUpheld", None),
    ("tabbed-figures", "2024/25\t1204\t312", None),  # refused until round five
]
# A table of figures: the row's cells 412 | 398 | 1615 pass the modulus 11 check together.
ELLISON_TABLE = [
    ("table-heading", ["Ward 7", "April", "May", "Bed days"], None),
    ("table-figures", ["Discharges", "412", "398", "1615"],
     "figures in neighbouring table cells read as one NHS number (3-3-4, modulus 11)"),
    ("table-percentages", ["Checklist complete", "38%", "61%", "95%"], None),
]
MORGAN_CLEAN = [
    ("cy-meeting", "Cyfarfu\u2019r Cyfarwyddwr Gweithredol Nyrsio \u00e2 Mrs W ar 28 Hydref 2026 "
                   "i drafod yr argymhellion.", None),
    ("cy-apology", "Mae\u2019r Bwrdd Iechyd yn ymddiheuro am y methiannau yng ngofal ei thad.",
     None),
    ("cy-learning", "Gofynnodd i gartrefi gofal glywed y gwersi hefyd, a daeth hynny\u2019n gam "
                    "gweithredu A5.", None),
    ("cy-discharge", "Bydd y ward yn ffonio\u2019r teulu cyn i\u2019r claf adael yr ysbyty, a "
                     "bydd y nyrs yn rhoi taflen iddynt.", None),
    ("cy-committee", "Cafodd y cynllun ei gymeradwyo gan y Pwyllgor Ansawdd, Diogelwch a "
                     "Phrofiad Cleifion ar 3 Mawrth 2026.", None),
    ("cy-own-contact", "Ffoniwch ni ar 01632 960 700 neu anfonwch e-bost at "
                       "concerns@cwmalaw.example.nhs.wales.", None),
    ("cy-own-address", "Ysgrifennwch at D\u00eem Cyngor Cleifion a Chwynion, T\u0177 Alaw, 4 Heol "
                       "y Cei, Porth Alaw, SA99 1AB.", None),
    ("cy-ward-bed-time", "Roedd y claf ar ward 4, gwely 12, ac fe\u2019i symudwyd i\u2019r uned "
                         "str\u00f4c am 14:00.", None),
    ("cy-medicine", "Ni chafodd ei feddyginiaeth am 22:00 ar 5 Mawrth 2026.", None),
    ("cy-regulator", "Bydd y bwrdd yn adrodd i Arolygiaeth Gofal Iechyd Cymru bob tri mis.", None),
    ("cy-care", "Mae\u2019r bwrdd yn cydnabod bod ei ofal wedi bod yn wael, a bod ei ferch wedi "
                "gorfod aros am ateb.", None),
    ("cy-professionals", "Roedd y meddyg teulu, y fferyllydd a\u2019r nyrs ardal yn rhan "
                         "o\u2019r adolygiad.", None),
    ("cy-regulations", "Cafodd y g\u0175yn ei thrin dan Gweithio i Wella a Rheoliadau 2011.",
     None),
    ("cy-cafe", "Mae dros bowlen o gawl a bara brith yn y caffi.", None),
    # (the four Welsh place names holding Morgan were refused until round five)
    ("cy-health-board-morgannwg", "Rhannodd Bwrdd Iechyd Prifysgol Cwm Taf Morgannwg a Bwrdd "
                                  "Iechyd Prifysgol Caerdydd a\u2019r Fro eu rhestrau gwirio.",
     None),
    ("cy-bro-morgannwg", "Mae gwasanaethau Bro Morgannwg yn debyg.", None),
    ("en-vale-of-glamorgan", "The Vale of Glamorgan and Cwm Taf Morgannwg University Health "
                             "Board shared their checklists.", None),
    ("cy-morganstown", "Cynhaliwyd y cyfarfod ym Morganstown, Caerdydd.", None),
]


def _png() -> bytes:
    """A small real picture (a 16 x 16 gradient), for the report's image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    rows = b"".join(b"\x00" + bytes(v for x in range(16) for v in (x * 16, y * 16, 128))
                   for y in range(16))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def _write_report(path: Path, paragraphs, table=None) -> dict[str, set[int]]:
    """The report, and each entry's paragraph numbers as the verifier counts them (every w:p
    of word/document.xml in document order; a table row's are its cells')."""
    document = Document()
    for _id, text, _why in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0][1]))
        for row, (_id, cells, _why) in zip(grid.rows, table, strict=True):
            for cell, text in zip(row.cells, cells, strict=True):
                cell.text = text
    document.add_paragraph("Picture of the ward's new leaflet:")
    document.add_picture(io.BytesIO(_png()))
    document.save(path)
    with zipfile.ZipFile(path) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    texts = ["".join("\t" if el.tag == W_NS + "tab" else el.text or ""
                     for el in para.iter(W_NS + "t", W_NS + "tab"))
             for para in root.iter(W_NS + "p")]
    numbers: dict[str, set[int]] = {}
    at = 0
    for entry_id, text, _why in paragraphs:
        at = texts.index(text, at) + 1
        numbers[entry_id] = {at}
    for entry_id, cells, _why in table or []:
        numbers[entry_id] = set()
        for text in cells:
            at = texts.index(text, at) + 1
            numbers[entry_id].add(at)
    return numbers


def _refused(tmp_path: Path, plan: str, paragraphs, table=None) -> tuple[dict, set[int], str]:
    """Run ``apgen redact`` on a copy of the samples with the report; the paragraph numbers
    of word/document.xml of final-report.docx named in the refusal."""
    samples = tmp_path / "samples"
    shutil.copytree(ROOT / "samples", samples)
    numbers = _write_report(tmp_path / "report.docx", paragraphs, table)
    result = CliRunner().invoke(main, ["redact", str(samples / f"{plan}.plan.yaml"), "--report",
                                       str(tmp_path / "report.docx"), "-o", str(tmp_path / "out")])
    refused = {int(n) for n in re.findall(
        r"final-report\.docx, word/document\.xml, paragraph (\d+)", result.output)}
    # Anything refused elsewhere (another part or document) would be unexplained: fail loudly.
    others = [line for line in result.output.splitlines() if "survives" in line
              and "final-report.docx, word/document.xml, paragraph" not in line]
    assert not others, others
    assert (result.exit_code == 0) == (not refused), result.output
    return numbers, refused, result.output


@pytest.fixture(scope="module")
def ellison_run(tmp_path_factory):
    return _refused(tmp_path_factory.mktemp("r4-ellison"), "ellison", ELLISON_CLEAN,
                    ELLISON_TABLE)


@pytest.fixture(scope="module")
def morgan_run(tmp_path_factory):
    return _refused(tmp_path_factory.mktemp("r4-morgan"), "morgan", MORGAN_CLEAN)


def _cases(entries):
    return [pytest.param(entry_id, id=entry_id, marks=[refuses(why)] if why else [])
            for entry_id, _text, why in entries]


@pytest.mark.parametrize("entry_id", _cases(ELLISON_CLEAN + ELLISON_TABLE))
def test_clean_report_paragraph_is_not_refused(ellison_run, entry_id):
    numbers, refused, _output = ellison_run
    assert not numbers[entry_id] & refused


@pytest.mark.parametrize("entry_id", _cases(MORGAN_CLEAN))
def test_clean_welsh_report_paragraph_is_not_refused(morgan_run, entry_id):
    numbers, refused, _output = morgan_run
    assert not numbers[entry_id] & refused


def test_the_picture_and_its_caption_are_not_refused(ellison_run):
    numbers, refused, output = ellison_run
    assert max(refused, default=0) <= max(max(n) for n in numbers.values()), output
