"""Forms the verifier is being taught to refuse (round five), replaced by the redactor so the
pack comes out clean instead of refused:

1. a title and a listed person's real surname initial ("Mrs E" for Mrs Margaret Ellison),
   only with that person's own title, and never a letter a pseudonym of the plan uses;
2. a listed person's initials after a title ("Mrs M.E.", "Mr R. E."), after an "initials"
   label ("Patient initials: RE"), dotted in capitals ("(M.E.)") or as the whole of a text;
3. a postcode with its space moved ("NS39 QT"), in capitals;
4. a date of birth as a month and a year right after a birth label ("born June 1939",
   "DOB: 06/1939", "b. March 1939");
5. street words the address rule did not know (Approach, Parade, Quay, Wharf);
6. record numbers after a record system's label (RiO, EPR, SystmOne, EMIS, Lorenzo, Cerner,
   PAS, CRN).

Each is checked in the redactor's own output and through a whole pack (report body, table
cell, header, footnote); ordinary text beside them must come through word for word.
"""

from __future__ import annotations

import copy

import pytest
from adversarial_docx import p, r
from unit.test_redactor_round3 import ELLISON, _cell_table, _pack, _report, _split

from actionplan_gen.loader import load_file
from actionplan_gen.model import build_plan
from actionplan_gen.pipeline import load_plan
from actionplan_gen.redact.redactor import Redactor

# (id, text, what it must become)
FORMS = [
    # 1. a title and the real initial
    ("mrs-e", "Mrs E said she was not told.", "Mrs A said she was not told."),
    ("mrs-e-dot", "Mrs E. said she was not told.", "Mrs A said she was not told."),
    ("mrs-e-dot-sentence-end", "We wrote to Mrs E. She replied.",
     "We wrote to Mrs A. She replied."),
    ("mr-e-possessive", "Mr E's wife was his main carer.", "Mr B's wife was his main carer."),
    ("mister-e", "Mister E was discharged.", "Mr B was discharged."),
    ("mrs-e-end", "The letter went to Mrs E", "The letter went to Mrs A"),
    # 2. initials
    ("title-two-initials", "Mrs M.E. complained about the discharge.",
     "Mrs A complained about the discharge."),
    ("title-spaced-initials", "Mr R. E. was discharged on 3 March 2026.",
     "Mr B was discharged on 3 March 2026."),
    ("title-run-together", "Mr RE was discharged.", "Mr B was discharged."),
    ("initials-label-dotted", "Patient initials: R.E.", "Patient initials: Mr B"),
    ("initials-label-run-together", "Patient initials: RE", "Patient initials: Mr B"),
    ("initials-in-brackets", "The complainant (M.E.) asked for a meeting.",
     "The complainant (Mrs A) asked for a meeting."),
    ("initials-of-staff", "Dr S.K. answered the complaint.",
     "The Head of Patient Experience answered the complaint."),
    ("initials-whole-text", "ME", "Mrs A"),
    # 3. a postcode with its space moved
    ("postcode-space-moved", "She lives at NS39 QT.", "She lives at [postcode removed]."),
    ("postcode-space-moved-two-digit", "She lives at NS107 QT now.",
     "She lives at [postcode removed] now."),
    # 4. month and year of birth
    ("born-month-year", "Mr B (born June 1939) lived with his wife.",
     "Mr B (born [date of birth removed]) lived with his wife."),
    ("born-in-month-year", "He was born in June 1939.",
     "He was born in [date of birth removed]."),
    ("dob-numeric-month-year", "DOB: 06/1939", "DOB: [date of birth removed]"),
    ("date-of-birth-month-year", "Date of birth: Jun. 1939",
     "Date of birth: [date of birth removed]"),
    ("b-dot-month-year", "Mr B (b. March 1939) lived with his wife.",
     "Mr B (b. [date of birth removed]) lived with his wife."),
    # 5. street words
    ("approach", "She moved to 7 Station Approach last year.",
     "She moved to [address removed] last year."),
    ("parade", "She moved to 7 Park Parade last year.",
     "She moved to [address removed] last year."),
    ("quay", "She moved to 5 Harbour Quay last year.", "She moved to [address removed] last year."),
    ("wharf", "She moved to 2 Canal Wharf last year.", "She moved to [address removed] last year."),
    # 6. record numbers
    ("rio", "RiO ID 1234567", "RiO ID [hospital or client number removed]"),
    ("rio-number", "RiO number 1234567", "RiO number [hospital or client number removed]"),
    ("rio-alone", "RiO: 1234567", "RiO: [hospital or client number removed]"),
    ("epr", "EPR number: 1234567", "EPR number: [hospital or client number removed]"),
    ("systmone", "SystmOne ID 1234567", "SystmOne ID [hospital or client number removed]"),
    ("emis", "EMIS number 1234567", "EMIS number [hospital or client number removed]"),
    ("lorenzo", "Lorenzo ID 1234567", "Lorenzo ID [hospital or client number removed]"),
    ("cerner", "Cerner number 1234567", "Cerner number [hospital or client number removed]"),
    ("pas", "PAS no 1234567", "PAS no [hospital or client number removed]"),
    ("crn", "CRN 1234567", "CRN [hospital or client number removed]"),
]
FORM_IDS = [form[0] for form in FORMS]

# Ordinary text near them: it must come through word for word.
ORDINARY = [
    "At 10:30 on Ward E the nurse (Ward B) saw Plan A.",
    "Mrs E. Smith and Mr J. Patel are not listed; Dr E said so; Mrs e. is lower case.",
    "Mr A and Mrs B, the ombudsman's letters, stay as written.",
    "She has ME and CFS; e.g. fatigue, i.e. tiredness; ME/CFS.",
    "N.B. the U.K. and NHS rules; a.m. and p.m. times; the 10 A.M. round.",
    "She drove on the M25 at night; take the A12 NB exit; vitamin B12 1mg.",
    "The approach to the ward, 3 parades, 2 quays; Rio 2016; the EMIS rollout in 2019.",
    "Patient initials were not recorded.",
]
# Near a birth label (and so not before the forms, whose event dates the label would take).
ORDINARY_ALONE = ["In June 2026 she complained; her baby was born. June 2026 was hard.",
                  "Born in Leeds, she moved in June 2026."]


@pytest.fixture(scope="module")
def redactor():
    return Redactor(load_plan(ELLISON)[0])


@pytest.mark.parametrize("text, expected", [f[1:] for f in FORMS], ids=FORM_IDS)
def test_the_redactor_replaces_the_form(redactor, text, expected):
    assert redactor.redact(text) == expected
    if text == "ME":  # the whole of a text only
        return
    for ordinary in ORDINARY:
        assert redactor.redact(f"{ordinary} {text}") == f"{ordinary} {expected}"


@pytest.mark.parametrize("text", ORDINARY + ORDINARY_ALONE)
def test_ordinary_text_is_left_as_written(redactor, text):
    assert redactor.redact(text) == text


def _plan(*people):
    data = copy.deepcopy(load_file(ELLISON).data)
    data["people"] += list(people)
    return build_plan(data, ELLISON)


def test_a_letter_a_pseudonym_uses_is_left():
    """Mr Brown is listed: 'Mr B' could be Robert Ellison's pseudonym, so it is not read as
    Mr Brown's real initial (nor is anything the pack writes)."""
    redactor = Redactor(_plan({"id": "b", "name": "Tom Brown", "title": "Mr", "kind": "relative"}))
    assert redactor.replacement["b"] == "Mr C"
    assert redactor.redact("Mr B said so.") == "Mr B said so."
    assert redactor.redact("Mr T.B. said so.") == "Mr C said so."


def test_the_first_listed_person_takes_a_shared_initial():
    """Two listed Mrs E: the first listed (as for every other form two people share)."""
    redactor = Redactor(_plan({"id": "e", "name": "Eve Evans", "title": "Mrs",
                               "kind": "relative"}))
    assert redactor.redact("Mrs E said so.") == "Mrs A said so."
    assert redactor.redact("Mrs E.E. said so.") == f"{redactor.replacement['e']} said so."


def test_a_person_without_a_title_has_no_titled_initial():
    redactor = Redactor(_plan({"id": "q", "name": "Quentin Zed", "kind": "relative"}))
    assert redactor.redact("Mr Z said so.") == "Mr Z said so."
    assert redactor.redact("Mr Q.Z. said so.") == f"{redactor.replacement['q']} said so."


# ------------------------------------------------------------------ through the whole pack

PACK_FORMS = ["mrs-e", "mr-e-possessive", "title-two-initials", "initials-label-run-together",
              "initials-in-brackets", "postcode-space-moved", "born-month-year",
              "dob-numeric-month-year", "approach", "quay", "rio", "crn"]


@pytest.mark.parametrize("form", PACK_FORMS)
def test_a_report_with_the_form_makes_a_pack_without_it(tmp_path, run_cli, form):
    text, expected = dict((f[0], f[1:]) for f in FORMS)[form]
    ordinary = ORDINARY[0]
    body = _split(text) + _cell_table(["Notes", text]) + p(r(ordinary))
    code, output, found, _ = _pack(tmp_path, run_cli, _report(body, text, text))
    assert code == 0, output
    assert expected in found and ordinary in found, found
    assert text not in found
