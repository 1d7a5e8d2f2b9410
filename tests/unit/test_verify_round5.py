"""Round five: the verifier's misses of round four (test_verify_attacks_round4.py), closed by
class, and the forms of each class round four did not try.

Each refused form is planted in a clean report with the redactor off: in the body, a table
cell, a header and a document property (and a core property); the verifier alone must refuse
it. Beside each class, clean text that must still pass: the pseudonyms apgen writes, and the
ordinary words and figures that look like the refused form.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pytest
from adversarial_docx import DECL, findings, p, part, properties, r, report_with_body

from actionplan_gen.model import Person
from actionplan_gen.pipeline import load_plan
from actionplan_gen.verify import Registry, verify_text

ROOT = Path(__file__).resolve().parents[2]
PLAIN = p(r("Nothing personal here."))


@pytest.fixture(scope="module")
def ellison():
    return load_plan(ROOT / "samples" / "ellison.plan.yaml")[0]


@pytest.fixture(scope="module")
def registry(ellison):
    return Registry.from_plan(ellison)


def _core(text: str) -> bytes:
    return (DECL + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:title>{escape(text)}</dc:title></cp:coreProperties>").encode("utf-8")


def _custom(text: str) -> bytes:
    return properties("custom-properties", '<property fmtid="{D5CDD505-2E9C-101B-9397-'
                      f'08002B2CF9AE}}" pid="2" name="Note"><vt:lpwstr>{escape(text)}'
                      "</vt:lpwstr></property>")


PLACES = {
    "body": lambda t: report_with_body(p(r(escape(t)))),
    "table-cell": lambda t: report_with_body(
        f"<w:tbl><w:tr><w:tc>{p(r('Note'))}</w:tc><w:tc>{p(r(escape(t)))}</w:tc></w:tr>"
        "</w:tbl>"),
    "header": lambda t: report_with_body(PLAIN, extra_parts={
        "word/header9.xml": part("hdr", p(r(escape(t))))}),
    "custom-property": lambda t: report_with_body(PLAIN, extra_parts={
        "docProps/custom.xml": _custom(t)}),
    "core-property": lambda t: report_with_body(PLAIN, extra_parts={
        "docProps/core.xml": _core(t)}),
    "attribute": lambda t: report_with_body(
        f"<w:sdt><w:sdtPr><w:alias w:val={quoteattr(t)}/></w:sdtPr>"
        f"<w:sdtContent>{PLAIN}</w:sdtContent></w:sdt>"),
}


def planted(forms: dict[str, str]) -> list:
    return [pytest.param(text, place, id=f"{form}-{place}")
            for form, text in forms.items() for place in PLACES]


def kinds(text: str, place: str, registry: Registry) -> set[str]:
    return {f.kind for f in findings(PLACES[place](text), registry)}


def clean(text: str, registry: Registry) -> bool:
    return verify_text(text, registry) == []


# ------------------------------------------------------------------ 1. initials
# Margaret and Robert Ellison are lettered (Mrs A, Mr B); the staff (Sarah Khan, Angela
# Moore, Daniel Okafor, Priya Natarajan, Jonathan Hale, Fiona Grant) and Laura Benn have
# roles. Initials: M.E., R.E., S.K., A.M., D.O., P.N., J.H., F.G., L.B.
INITIALS = {
    "title-and-real-initial": "Mrs E said she was not told.",
    "title-dot-and-real-initial": "Mrs. E said she was not told.",
    "title-real-initial-possessive": "Mr E\u2019s wife was his carer.",
    "title-lower-case-and-real-initial": "mrs E rang the ward.",
    "title-and-dotted-initials": "Mrs M.E. complained.",
    "title-and-dotted-initials-no-space": "Mrs.M.E. complained.",
    "dotted-initials-alone": "M.E. said she was not told.",
    "spaced-dotted-initials": "M. E. said she was not told.",
    "dotted-initials-no-last-dot": "Reviewed by S.K on 3 May.",
    "staff-dotted-initials": "The ward manager (D.O.) replied.",
    "initials-label-run-together": "Patient initials: RE",
    "initials-label-dotted": "Initials - R.E.",
    "initials-label-is": "The patient's initials are RE.",
    "staff-initials-after-title": "Ms SK replied on 3 May.",
    "staff-initials-whole-text": "JH",
    "staff-initials-label": "Initials: PN",
}


@pytest.mark.parametrize(("text", "place"), planted(INITIALS))
def test_initials_of_a_listed_person_are_refused(registry, text, place):
    assert "person's name" in kinds(text, place, registry)


@pytest.mark.parametrize("text", [
    "Mrs A said she was not told.", "Mr B's wife was his carer.", "Mrs A and Mr B",
    "We wrote to Mrs A. She replied.", "Mr B, Mrs C and Mr D", "Dr K reviewed him.",
    "Seen at 10 a.m. and again at 4 p.m.", "Seen at 10 A.M.", "e.g. a leaflet", "i.e. the ward",
    "He has ME/CFS.", "She told me.", "RE: your complaint", "Re: Mrs A", "We do not agree.",
    "The scan was at 9 am.", "Initials of staff are not recorded.", "Ward E1", "Vitamin E",
    "Mrs A (patient initials removed)", "Mrs A. E. coli was found.",
])
def test_pseudonyms_and_ordinary_letters_are_not_initials(registry, text):
    assert clean(text, registry), text


def test_a_letter_that_is_a_pseudonym_is_not_a_real_initial(ellison):
    # Peter Benn is lettered after Mrs A and Mr B: Mr C. "Mr B" is Robert Ellison's
    # pseudonym though B is Mr Benn's initial; "Mr C" is his own pseudonym.
    benn = Person("benn2", "Peter Benn", "relative", title="Mr")
    registry = Registry.from_plan(dataclasses.replace(ellison, people=ellison.people + (benn,)))
    assert clean("Mr B was discharged. Mr C visited.", registry)
    # Ann Dale would be Ms D but D is her own initial: she is Ms C, and "Ms D" is the real one.
    dale = Person("dale", "Ann Dale", "relative", title="Ms")
    registry = Registry.from_plan(dataclasses.replace(ellison, people=ellison.people + (dale,)))
    assert "person's name" in {f.kind for f in verify_text("Ms D phoned.", registry)}
    assert clean("Ms C phoned.", registry)


def test_a_plans_own_pseudonym_letter_is_not_a_real_initial():
    morgan = load_plan(ROOT / "samples" / "morgan.plan.yaml")[0]
    registry = Registry.from_plan(morgan)
    assert clean("Mrs W met the Director of Nursing.", registry)


def test_the_initials_rule_knows_each_ombudsmans_letters():
    # SPSO gives the complainant C and the patient A whatever their names (Mrs C is Fiona
    # Cameron's pseudonym): C is never a real initial there.
    kinmoray = load_plan(ROOT / "samples" / "kinmoray.plan.yaml")[0]
    registry = Registry.from_plan(kinmoray)
    assert clean("Mrs C complained about her husband Mr A.", registry)


# ------------------------------------------------------------------ 2. dates of birth
# Part of a date right after a birth label; a date with its label after it; day, month and
# year written loosely after the label.
BIRTH = {
    "born-month-year": "Mr B (born June 1939) lived with his wife.",
    "born-in-month-year": "He was born in March 1939 in Leeds.",
    "dob-month-year-figures": "DOB: 06/1939",
    "date-of-birth-month-two-digit-year": "date of birth: Jun-39",
    "month-apostrophe-year": "D.O.B. June '39",
    "birth-date-month-year": "Birth date: Sept 1939",
    "year-of-birth": "Year of birth: 1939",
    "dob-year": "DOB 1939",
    "b-dot-year": "Mr B (b. 1939) lived with his wife.",
    "b-dot-month-year": "Mr B (b.June 1939)",
    "dob-spaced-figures": "DOB 12 6 39",
    "dob-compact-six": "DOB: 120639",
    "b-without-dot": "Robert (b 12/06/1939) was admitted.",
    "label-after": "12.06.1939 (DOB)",
    "label-after-words": "12th June 1939 - date of birth",
    "us-order-the": "born June the 12th, 1939",
    "day-of-month": "Date of birth: the 12th day of June 1939",
    "year-first": "DOB 1939 June 12",
}


@pytest.mark.parametrize(("text", "place"), planted(BIRTH))
def test_dates_of_birth_written_in_part_or_loosely_are_refused(registry, text, place):
    assert "date of birth" in kinds(text, place, registry)


@pytest.mark.parametrize("text", [
    "The review is due on 14/02/2027; the Ombudsman was born in 1967.",
    "Babies born in 2025/26 were counted.", "Births 2025: 3,000.",
    "Staff born before 1970 were asked.", "She said where she was born. In June 2026 the ward "
    "changed its checklist.", "(b) 12 June 2026: the ward was audited.",
    "The date of birth field was added in 2025-2026.", "The DOB policy 2026 was agreed.",
    "Recording of date of birth improved (2025/26: 95%).", "b. Ward 7 in May 2026",
    "a, b 12 and c 13",
])
def test_years_and_months_near_a_birth_word_are_not_dates_of_birth(registry, text):
    assert clean(text, registry), text


# ------------------------------------------------------------------ 3. postcodes typed oddly
POSTCODES = {
    "space-moved-left": "She lives at NS37 QT.",
    "space-moved-two-left": "NS 37QT",
    "inward-split": "NS3 7 QT",
    "every-character-spaced": "postcode N S 3 7 Q T",
    "dotted": "N.S.3. 7.Q.T.",
    "hyphens": "NS-3-7QT",
    "two-spaces-inside-inward": "NS3 7Q  T",
    "letter-o-for-zero": "Send it to NS10 OQT please.",
    "letter-o-no-space": "NS10OQT",
    "london-style-outward": "SW1A 1 AA",
    "single-letter-outward": "B1 2 AB",
}


@pytest.mark.parametrize(("text", "place"), planted(POSTCODES))
def test_postcodes_typed_oddly_are_refused(registry, text, place):
    assert "postcode" in kinds(text, place, registry)


@pytest.mark.parametrize("text", [
    "Ward E1 1st floor has a lounge.", "Room A1 2nd floor", "seen at 10 at night",
    "up to 20 at a time", "NEWS2 score 2, SpO2 96% on air", "B12 1mg daily",
    "The Trust's address is NS1 4AB.", "QTc 480 ms", "bay 3 bed 12", "KPI 2 TO 4",
    "Level 3 UK", "Form A1 2 of 3",
])
def test_figures_and_letters_that_are_no_postcode_pass(registry, text):
    assert clean(text, registry), text


# ------------------------------------------------------------------ 4. record numbers
RECORDS = {
    "rio-id": "RiO ID 1234567", "rio-ref": "RiO ref: 1234567", "epr-no": "EPR no. 1234567",
    "systmone-spaced": "SystmOne number 123 4567", "emis-web": "EMIS 1234567",
    "lorenzo": "Lorenzo 1234567", "cerner": "Cerner ID RX1234567", "crn": "CRN: RX1234567",
    "trust-number": "Trust number 1234567", "client-no": "Client no 1234567",
    "patient-reference": "Patient reference RXH-001-234", "mrn-grouped": "MRN RX 123 4567",
    "hospital-number-spelt": "Hospital No R X 1 2 3 4 5 6 7",
    "unit-number-dashes": "unit no 12-345-67",
}


@pytest.mark.parametrize(("text", "place"), planted(RECORDS))
def test_record_numbers_after_more_labels_are_refused(registry, text, place):
    assert "hospital or local record number" in kinds(text, place, registry)


@pytest.mark.parametrize("text", [
    "The EMIS 2026 upgrade is planned.", "RiO 2025/26 audit", "Lorenzo 2026 went live.",
    "The Trust 2026 plan", "The Trust paid 1500 pounds.", "The client 2025 survey",
    "the unit 2025 12 beds", "Trust-wide 2026 audit of 1200 notes", "Patients 2025/26: 1,204",
    "The Trust\u2019s complaint reference COMP-2026-0412 was linked.",
])
def test_years_and_figures_after_system_names_are_not_record_numbers(registry, text):
    assert clean(text, registry), text


# ------------------------------------------------------------------ 5. street words
ADDRESSES = {
    "approach": "7 Station Approach", "parade": "12 Park Parade", "quay": "5 Harbour Quay",
    "wharf": "3 Canal Wharf", "mews": "2 Stable Mews", "boulevard": "7 Elm Boulevard",
    "yard": "2 Kings Yard", "green": "4 The Green", "meadows": "3 Ash Meadows",
    "fields": "6 Abbey Fields", "heights": "15 Orchard Heights", "vale": "9 Rose Vale",
    "croft": "1 Mill Croft", "wynd": "8 Kirk Wynd", "esplanade": "20 North Esplanade",
    "promenade": "11 South Promenade", "embankment": "4 Victoria Embankment",
    "glade": "3 Beech Glade", "cres": "14 Holly Cres", "gdns": "2 Lime Gdns",
    "sq": "10 Market Sq", "pde": "7 Park Pde", "blvd": "9 Elm Blvd",
    "lower-case-road": "she lives at 7 mill road", "lower-case-avenue": "22 acacia avenue",
    "apt": "Apt 4", "apt-dot": "apt. 12b", "apartment": "Apartment 7",
    "registered-abbreviated": "Wren Cl", "registered-number-and-name": "14 Wren, Northshire",
    "registered-abbreviated-with-number": "14 WREN CL",
}


@pytest.mark.parametrize(("text", "place"), planted(ADDRESSES))
def test_addresses_with_more_street_words_are_refused(registry, text, place):
    assert "address" in kinds(text, place, registry)


@pytest.mark.parametrize("text", [
    "4 Our Approach", "Section 3 The Approach", "Recommendation 2 Whole System Approach",
    "Table 2 Required Fields", "RAG 3 Dark Green", "a 10 minute walk", "a 3 hour drive",
    "within 7 days close the complaint", "in 2 different ways", "the 2 car parks",
    "Our switchboard is at Northshire General Hospital, Infirmary Road.",
    "Wren Ward reopened.", "14 wrens were ringed.",
])
def test_headings_and_ordinary_words_after_numbers_are_not_addresses(registry, text):
    assert clean(text, registry), text


# ------------------------------------------------------------------ 6. e-mail addresses
# "at" as a word is looked for where the text has a digit or a mail provider's name: an
# address with neither ("jane.smith at example.org") is not (the shortcut would read every
# XML namespace, which ends in ".org" or ".com").
EMAILS = {
    "at-word": "Her email is wren14 at example.com",
    "at-word-dotted-local-provider": "mags.e at hotmail.co.uk",
    "at-word-provider-no-digit": "Write to jsmith at gmail.com",
    "at-word-provider-only": "email: wren14 at btinternet",
    "label-and-plain-local": "E-mail (since 2024): wrenfamily at example.org",
    "bracketed-at": "wren14 (at) example.com",
    "square-at-real-dot": "wren14 [at] example.net",
    "angle-at-and-dot": "wren14 <at> example <dot> com",
    "underscored-at-and-dot": "wren14_at_example_dot_com",
    "hyphenated-at-and-dot": "wren14-at-example-dot-co-dot-uk",
    "double-at": "wren14@@example.com",
    "entity-decimal": "wren14&#64;example.com",
    "entity-hex": "wren14&#x40;example.com",
    "entity-named": "wren14&commat;example.com",
    "spelt-out": "w r e n 1 4 @ e x a m p l e . c o m",
}


@pytest.mark.parametrize(("text", "place"), planted(EMAILS))
def test_obfuscated_email_addresses_are_refused(registry, text, place):
    assert "e-mail address" in kinds(text, place, registry)


@pytest.mark.parametrize("text", [
    "More information is available at www.nhs.uk.", "Look at nhs.uk and gov.uk today.",
    "Contact us at www.northshire.nhs.uk", "Email us at nhs.uk", "We met at Northshire.com.",
    "Seen at 10.30 at home.", "Contact Ann at the ICB.org office.",
    "NICE guideline NG27 (https://www.nice.org.uk/guidance/ng27) was followed.",
    "Write to complaints@northshire.example.nhs.uk for a copy.",
    "The form is available at gov.uk/complaints in 2026.", "She was seen at 3 at the Outlook.",
    "Staff at BT were helpful.",
])
def test_web_sites_and_at_in_sentences_are_not_email_addresses(registry, text):
    assert clean(text, registry), text


# ------------------------------------------------------------------ false refusals
@pytest.fixture(scope="module")
def morgan_registry():
    return Registry.from_plan(load_plan(ROOT / "samples" / "morgan.plan.yaml")[0])


@pytest.mark.parametrize("text", [
    "The complaint was upheld on a prima facie basis.",
    "Visitors found the grans and grandads group helpful.",
    "Grantham and District Hospital was consulted.", "StEIS reference 2026/12345 was reported.",
    "The CQC location ID 1-123456789 is on the register.", "Provider ID: 1-1234567890",
    "The Trust holds ISO 27001:2013 certification.", "It meets BS EN 15224:2016.",
    "2024/25\t1204\t312", "Year\t2023/24\t2024/25\t2025/26",
])
def test_ordinary_words_places_and_references_are_not_refused(registry, text):
    assert clean(text, registry), text


@pytest.mark.parametrize("text", [
    "Rhannodd Bwrdd Iechyd Prifysgol Cwm Taf Morgannwg eu rhestrau gwirio.",
    "The Vale of Glamorgan shared its checklist.", "Cynhaliwyd y cyfarfod ym Morganstown.",
])
def test_welsh_places_holding_a_listed_name_are_not_refused(morgan_registry, text):
    assert clean(text, morgan_registry), text


# What these exceptions leave refused: the name with a capital or joined to a word, another
# year and number, a number with one tab or grouped as an NHS number, an id with no label.
@pytest.mark.parametrize(("text", "kind"), [
    ("Grant replied on 3 May.", "person's name"), ("GRANT replied.", "person's name"),
    ("fiona grant replied", "person's name"), ("#justiceforgrant", "person's name"),
    ("ref 2012/3456789", "NHS-like number"), ("NHS 943\t476\t5919", "NHS-like number"),
    ("07700\t900123", "telephone number"), ("ID 1-123456789", "NHS-like number"),
    ("2026/943476591", "NHS-like number"),
])
def test_what_the_exceptions_leave_is_still_refused(registry, text, kind):
    assert kind in {f.kind for f in verify_text(text, registry)}, text


def test_morgan_inside_another_word_is_still_a_name(morgan_registry):
    for text in ("TeamMorgan", "#justiceformorgan", "morganfamily2026"):
        assert "person's name" in {f.kind for f in verify_text(text, morgan_registry)}, text
