"""Forms the verifier used to refuse are now replaced by the redactor, and the verifier finds
nothing in what it writes; ordinary words that are also names are left alone."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest

from actionplan_gen.loader import load_file
from actionplan_gen.model import build_plan
from actionplan_gen.pipeline import load_plan
from actionplan_gen.redact.redactor import Redactor
from actionplan_gen.verify import Registry, verify_text

ELLISON = Path(__file__).resolve().parents[2] / "samples" / "ellison.plan.yaml"

REPLACED = {
    "see Ellison_complaint_file.pdf": "see [file name removed]",
    "letter ref Ellison2026": "letter ref [reference removed]",
    "Mrs Ellison3 said": "Mrs A3 said",
    "NHS number 943.476.5919": "NHS number [NHS number removed]",
    "NHS number 9434 765 919": "NHS number [NHS number removed]",
    "call (01632) 960-123": "call [telephone number removed]",
    "call +44-1632-960123": "call [telephone number removed]",
    "email margaret at example dot com": "email [email address removed]",
    "margaret @ example . com": "[email address removed]",
    "born 14-Feb-1939": "born [date of birth removed]",
    "born February 14, 1939": "born [date of birth removed]",
    "Birth date: 14/02/1939": "Birth date: [date of birth removed]",
    "at 14, Wren Close": "at [address removed]",
    "at 22 Acacia Rd.": "at [address removed]",
    "Flat 3a": "[address removed]",
    "QQ 12 34 56": "[National Insurance number removed]",
    "Hosp No 12345678": "Hosp No [hospital or client number removed]",
    "hospital number is 12345678": "hospital number is [hospital or client number removed]",
    "Elli-\nson said": "Mrs A said",
}


def _plan(*extra_people, allow=()):
    data = copy.deepcopy(load_file(ELLISON).data)
    data["people"] += list(extra_people)
    data["regulator_copy"]["allow"] = [{"text": t, "reason": "test"} for t in allow]
    return build_plan(data, ELLISON)


def _clean(plan, out):
    return verify_text(out, Registry.from_plan(plan)) == []


@pytest.mark.parametrize("before", REPLACED)
def test_a_form_the_verifier_refused_is_replaced(before):
    plan = load_plan(ELLISON)[0]
    if "12345678" not in before:  # eight digits: the verifier has no rule, the redactor does
        assert not _clean(plan, before)  # the verifier does refuse the form itself
    out = Redactor(plan).redact(before)
    assert out == REPLACED[before]
    assert _clean(plan, out)


def test_letters_that_do_not_decompose_and_missing_accents():
    plan = _plan({"id": "rel", "name": "Łukasz Søndergård", "title": "Mr", "kind": "relative"})
    redactor = Redactor(plan)
    out = redactor.redact("Lukasz Sondergard and Mr Søndergard and Łukasz called.")
    assert "ukasz" not in out and "ndergard" not in out, out
    assert _clean(plan, out)


def test_mrs_and_a_double_barrelled_part_is_not_mrs_mrs_a():
    plan = _plan({"id": "rel", "name": "Jean Ellison-Hughes", "title": "Mrs",
                  "kind": "relative"})
    out = Redactor(plan).redact("Mrs Hughes wrote.")
    assert "Mrs Mrs" not in out and "Hughes" not in out and out.endswith(" wrote.")


def test_ordinary_words_that_are_names_are_left():
    plan = _plan({"id": "w", "name": "Will Carter", "title": "Mr", "kind": "relative"},
                 {"id": "n", "name": "Jane Ward", "kind": "staff", "role": "Staff Nurse"},
                 {"id": "j", "name": "June Bell", "title": "Mrs", "kind": "relative"},
                 allow=["Will the Trust", "Ward 7"])
    redactor = Redactor(plan)
    text = "Will the Trust review Ward 7 by 3 June 2026? Will Carter and Jane Ward agreed."
    out = redactor.redact(text)
    assert out.startswith("Will the Trust review Ward 7 by 3 June 2026?"), out
    assert "Carter" not in out and "Jane" not in out
    assert _clean(plan, out)


def test_over_redaction_of_postcode_shapes():
    redactor = Redactor(load_plan(ELLISON)[0])
    assert redactor.redact("vitamin B12 1mg in room G5") == "vitamin B12 1mg in room G5"


@pytest.mark.parametrize("unlisted", ["Mr O'Brien", "Dr de Souza", "Sister Jones"])
def test_unlisted_titled_names_are_still_refused(unlisted):
    plan = load_plan(ELLISON)[0]
    out = Redactor(plan).redact(f"We spoke to {unlisted}.")
    assert unlisted in out and not _clean(plan, out)


@pytest.mark.parametrize("text", ["Margaret A said", " Margaret A", "Margaret I", "Margaret The"])
def test_a_first_name_before_a_capital_is_not_read_as_a_question(text):
    """Only names that are also question verbs ('Will the Trust...') are left at the start
    of a question, and only before a lower-case word or 'I'; found by the property test."""
    redactor = Redactor(load_plan(ELLISON)[0])
    assert "Margaret" not in redactor.redact(text)


def test_welsh_mutated_names_are_replaced_in_plans_written_in_welsh():
    """'at Wenllian' is Gwenllian after a soft mutation: replaced where apgen writes Welsh,
    and the independent verifier finds nothing left; in an English plan 'men' stays."""
    morgan = load_plan(ELLISON.parent / "morgan.plan.yaml")[0]
    out = Redactor(morgan).redact("Ysgrifennwyd at Wenllian ddoe.")
    assert "Wenllian" not in out and "Mrs W" in out
    assert verify_text(out, Registry.from_plan(morgan)) == []
    assert Redactor(load_plan(ELLISON)[0]).redact("The men met.") == "The men met."


def test_the_name_prefilter_never_changes_what_is_found():
    """Texts holding none of the names' letter runs skip the name search: over every text of
    the samples' plans and reports (and the planted forms above), the spans are the same
    with the prefilter as without it."""
    import zipfile

    from actionplan_gen.rules import strings
    for sample in sorted(ELLISON.parent.glob("*.plan.yaml")):
        plan = load_plan(sample)[0]
        texts = [text for _, text in strings(plan.data)]
        if plan.final_report_file:
            with zipfile.ZipFile(plan.base_dir / plan.final_report_file) as report:
                xml = report.read("word/document.xml").decode("utf-8")
            texts += [t for t in re.findall(r">([^<]+)<", xml) if t.strip()]
        texts += ["Mrs Ellison3 said", "see Ellison_complaint_file.pdf", "ELLISON", "Elli-\nson"]
        filtered, unfiltered = Redactor(plan), Redactor(plan)
        unfiltered.name_pieces = frozenset({""})  # "" is in every text: never skips
        for text in texts:
            for scanning in (False, True):
                assert filtered.spans(text, scanning=scanning) == \
                    unfiltered.spans(text, scanning=scanning), text
