"""The redactor's shortcuts of round five find what the code they shortcut finds.

- ``names.compiled`` reads the titles once instead of 37 times: the pattern it makes is
  the pattern ``re.compile`` makes (the same text, flags, groups and engine code), for the
  samples' people and people written to stretch it;
- ``identifiers.find`` looks first for what every match of a pattern holds (six digits, an
  inward code, three number words, a label) and ``_streets`` for a street word: a pattern
  skipped would have found nothing;
- the final report's parts are read once (``triage`` hands on what it read).

Speed itself is measured in bench/redactor_parts.py, never here.
"""

from __future__ import annotations

import copy
import dataclasses
import io
import random
import re
import zipfile
from pathlib import Path

import pytest

from actionplan_gen.loader import load_file
from actionplan_gen.model import build_plan
from actionplan_gen.pipeline import load_plan
from actionplan_gen.redact import final_report, identifiers, names
from actionplan_gen.redact import redactor as module
from actionplan_gen.redact.folding import Folded, fold
from actionplan_gen.redact.redactor import Redactor, Span

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "samples").glob("*.plan.yaml"))

ODD_PEOPLE = [("Councillor", "Zoë Ní Bhraonáin-O'Sullivan-Smythe"), ("Mx", "A. B. C. Dee-Ell"),
              ("Reverend", "Gwenllian ap Rhys"), (None, "Jo"), ("Madame", "Łukasz (Lu) Nowak"),
              ("Dr", "Mrs Smith"), ("Sister", "Mary Mr"), ("Prof", "Ann-Marie de la Cruz"),
              ("Miss", "Tom [x] {y}"), ("Lord", "Ab\\d Cd.e")]


def _stretched(sample: Path):
    """The sample's plan with people whose names hold titles, escapes, hyphens, brackets,
    dots and accents, each with an alias (and each title the model knows, once)."""
    from actionplan_gen.people import TITLES
    data = copy.deepcopy(load_file(sample).data)
    people = ODD_PEOPLE + [(title.capitalize(), f"Pat Q{n} Orr") for n, title in enumerate(TITLES)]
    for number, (title, name) in enumerate(people):
        data["people"].append({"id": f"odd{number}", "name": name, "kind": "relative",
                               "aliases": [name.split()[-1] + "y", "Q"],
                               **({"title": title} if title else {})})
    return build_plan(data, sample)


def _same_pattern(made: re.Pattern, text: str) -> None:
    expected = re.compile(text)
    assert made == expected  # the same text, flags and engine code
    assert (made.groups, made.groupindex, made.flags) == \
        (expected.groups, expected.groupindex, expected.flags)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_names_read_their_titles_once_and_make_the_same_pattern(sample):
    for plan in (load_plan(sample)[0], _stretched(sample)):
        forms = names.forms(plan)
        made = names.regex(forms)
        assert names._TITLE in made.pattern
        _same_pattern(made, made.pattern)
        for form in forms:  # each form alone, titles or not
            text = rf"(?P<f0>{form.pattern})"
            _same_pattern(names.compiled(text), text)


def test_names_are_found_by_the_pattern_as_compiled_from_its_text():
    plan = _stretched(SAMPLES[0])
    made = names.regex(names.forms(plan))
    expected = re.compile(made.pattern)
    rng = random.Random(2)
    words = ["mrs", "mr", "mr.", "dr", "madam", "madame", "reverend", "rev", "revd", "prof",
             "professor", "councillor", "margaret", "ellison", "m.", "m", "e", "robert",
             "zoe", "ni", "bhraonain-o'sullivan-smythe", "o'sullivan", "smythe", "a.", "b.",
             "dee-ell", "ell", "ann-marie", "cruz", "jo", "joy", "q", "nowak", "lukasz",
             "(lu)", "tom", "[x]", "{y}", "ab\\d", "cd.e", "pat", "q3", "orr", "orry", "x"]
    for _ in range(4000):
        text = "".join(rng.choice(words) + rng.choice([" ", "", ".", "-", ", ", "'s "])
                       for _ in range(rng.randint(1, 12)))
        assert [(m.span(), m.lastgroup) for m in made.finditer(text)] == \
            [(m.span(), m.lastgroup) for m in expected.finditer(text)], text


def test_a_pattern_the_shortcut_cannot_read_is_compiled_from_its_text():
    for text in ["(?P<f0>ellison)", "(?P<f0>\ue000" + names._TITLE + " x)", "(?P<f0>" +
                 names._TITLE + "x)" + "\ue000"]:
        _same_pattern(names.compiled(text), text)
    assert names.regex([]) is names.NEVER


# ------------------------------------------------------------------ what find skips

def reference_find(folded: str, local_patterns=()) -> list:
    """``identifiers.find`` with every pattern searched in every text (no count, no label
    looked for first), each read by ``finditer``."""
    i = identifiers
    hits = []
    for m in i._TEN_DIGITS.finditer(folded):
        digits = i._NOT_DIGIT.sub("", m.group())
        if i._chi_date_ok(digits):
            if i.mod11_ok(digits) or i._mod10_ok(digits):
                hits.append(i.Hit(m.start(), m.end(), i.CHI_NUMBER))
        elif i.mod11_ok(digits):
            kind = i.HC_NUMBER if 320 <= int(digits[:3]) <= 399 else i.NHS_NUMBER
            hits.append(i.Hit(m.start(), m.end(), kind))
    for m in i._TEN_TYPED.finditer(folded):
        if kind := i._misread(m.group()):
            hits.append(i.Hit(m.start(), m.end(), kind))
    for pattern, kind in ((i._NINO, i.NI_NUMBER), (i._EMAIL, i.EMAIL),
                          (i._POSTCODE, i.POSTCODE), (i._PHONE, i.PHONE)):
        hits.extend(i.Hit(m.start(), m.end(), kind) for m in pattern.finditer(folded))
    if "@" in folded:
        hits.extend(i._emails_without_dot(folded))
    for m in i._SPOKEN.finditer(folded):
        if i._spoken_digits(m.group()) >= 9:
            phone = m.group().startswith(("0", "oh", "zero", "nought", "nil"))
            hits.append(i.Hit(m.start(), m.end(), i.PHONE if phone else i.NUMBER_IN_WORDS))
    for m in i._BIRTH.finditer(folded):
        hits.append(i.Hit(m.start(1), m.end(1), i.BIRTH_DATE))
    for m in i._BORN_ABBREVIATED.finditer(folded):
        hits.append(i.Hit(m.start(1), m.end(1), i.BIRTH_DATE))
    for pattern in (i._BIRTH_MONTH, i._BORN_MONTH_ABBREVIATED):  # round five: month and year
        hits.extend(i.Hit(m.start(1), m.end(1), i.BIRTH_DATE) for m in pattern.finditer(folded))
    for m in i._LABELLED.finditer(folded):
        value = i._LABELLED_VALUE.match(folded, m.end())
        if value:
            hits.append(i.Hit(value.start(1), value.end(1), i.HOSPITAL_NUMBER))
    hits.extend(i.Hit(m.start(1), m.end(1), i.HOSPITAL_NUMBER)  # round five: "RiO 1234567"
                for m in i._SYSTEM_NUMBER.finditer(folded))
    hits.extend(i.Hit(m.start(), m.end(), i.REGISTRATION)
                for m in i._REGISTRATION.finditer(folded))
    for pattern in local_patterns:
        hits.extend(i.Hit(m.start(), m.end(), i.LOCAL_ID) for m in pattern.finditer(folded)
                    if m.end() > m.start())
    return hits


LABELS = ["born", "birth", "birthday", "birth date", "dob", "d.o.b", "d o b", "d/o/b.", "d_-o b",
          "date of birth", "b.", "hosp no", "hospital number", "hosp. id", "unit no.", "patient id",
          "client number", "mosaic no", "case file no", "casefile id", "mrn", "rm no", "rmno",
          "gmc", "gmc number", "gphc no.", "hcpc", "hcpc registration", "12a3456b", "ab",
          "is", "of", "no", "id", "number", "nhs", "ns3", "9qt", "gir 0aa", "qq", "12", "34",
          "56", "c", "943", "476", "5919", "07700", "900123", "+44", "(0)", "0044", "1939",
          "june", "12", "vi", "'39", "oh", "one", "nine", "double", "two", "triple", "seven",
          "zero", "nought", "nil", "eight", "five", "four", "six", "three", "treble", "x9",
          "9x", "1234567", "12345", "someone", "john", "nineteen", "flat", "14", "wren", "close",
          "rd", "st", "road", "way", "park", "@", "example", "com", "dot", "at",
          # whole details, for the labels to find
          "12 june 1939", "14/02/1939", "12061939", "12/vi/1939", "943 476 5919", "qq 12 34 56 c",
          "ns3 9qt", "07700 900123", "1234567", "pa 12345", "ab12345", "12a3456b",
          "oh seven seven oh oh nine oh oh one two three",
          "nine four three four seven six five nine one nine", "m.ellison@example.org",
          # round five: record systems, months and years
          "rio", "rio id", "epr number", "systmone", "emis", "lorenzo id", "cerner", "pas no",
          "crn", "june 1939", "jun. '39", "06/1939", "6.1939", "in june 1939", "born june 1939",
          "dob: 06/1939", "b. march 1939", "1234567890", "rio 12345678", "emis: 123456"]


def _labelled_texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    gaps = [" ", " ", ": ", ". ", ", ", "-", "/", "", "#", " - "]
    return ["".join(rng.choice(LABELS) + rng.choice(gaps) for _ in range(rng.randint(1, 16)))
            for _ in range(count)]


def test_patterns_skipped_would_have_found_nothing():
    local = [re.compile(r"\d{3}"), re.compile(r"x*")]
    kinds: dict[str, int] = {}
    for text in _labelled_texts(6000, 21):
        folded = fold(text)
        expected = reference_find(folded)
        assert identifiers.find(folded) == expected, repr(text)
        assert identifiers.find(folded, local) == reference_find(folded, local), repr(text)
        for hit in expected:
            kinds[hit.kind] = kinds.get(hit.kind, 0) + 1
    i = identifiers
    for kind in (i.BIRTH_DATE, i.HOSPITAL_NUMBER, i.REGISTRATION, i.NI_NUMBER, i.POSTCODE,
                 i.NUMBER_IN_WORDS, i.PHONE, i.EMAIL):
        assert kinds.get(kind, 0) > 50, (kind, kinds)  # the texts hold each kind


def test_number_words_are_counted_whole():
    simple = re.compile(r"(?<![a-z])(?:zero|oh|nought|nil|one|two|three|four|five|six|seven|"
                        r"eight|nine|double|treble|triple)(?![a-z])")
    for text in _labelled_texts(4000, 22) + ["oneone", "9one", "one9", "ohm oh", "atone one"]:
        folded = fold(text)
        assert identifiers._NUMBER_WORD.findall(folded) == simple.findall(folded), repr(text)


def test_street_words_looked_for_first_hide_no_address():
    rng = random.Random(23)
    words = ["14", "3a", "22", "Wren", "Acacia", "Old", "Mill", "Close", "Rd", "Rd.", "St",
             "Road", "Way", "Park", "the", "weeks", "Trust", ",", "Flat", "3", "and", "View",
             "O'Neil", "Lane-End", "x"]
    for _ in range(4000):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 10)))
        folded = Folded(text)
        expected = [(m.start(), m.end(), "[address removed]", module.ADDRESS)
                    for m in identifiers.STREET.finditer(folded.text)
                    if all(w[:1].isupper() for w in text[slice(*folded.span(
                        *m.span("words")))].split())]
        if "flat" in folded.text:
            expected += [(m.start(), m.end(), "[address removed]", module.ADDRESS)
                         for m in identifiers.FLAT.finditer(folded.text)]
        assert module._streets(folded, text) == expected, text
        if identifiers.STREET.search(folded.text):
            assert identifiers.STREET_WORD.search(folded.text)


# ------------------------------------------------------------------ the report, read once

@pytest.mark.parametrize("sample", [s for s in SAMPLES if load_plan(s)[0].final_report_file],
                         ids=lambda p: p.stem)
def test_triage_hands_on_every_part_but_the_pictures_as_read(sample):
    plan = load_plan(sample)[0]
    data = (plan.base_dir / plan.final_report_file).read_bytes()
    read = final_report.triage(data, "report.docx")
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        expected = {n: package.read(n) for n in package.namelist()
                    if not final_report._MEDIA.match(n)}
    assert read == expected


def test_the_redactors_records_are_still_dataclasses():
    span = Span(1, 2, "x", "y")
    assert dataclasses.is_dataclass(span) and dataclasses.replace(span, start=0) == \
        Span(0, 2, "x", "y")
    assert repr(span) == "Span(start=1, end=2, replacement='x', kind='y')"
    with pytest.raises(dataclasses.FrozenInstanceError):
        span.start = 3
    assert hash(identifiers.Hit(1, 2, "k")) == hash(identifiers.Hit(1, 2, "k"))
    outcome = final_report.Outcome(b"")
    outcome.warnings.append("w")
    assert final_report.Outcome(b"").warnings == [] and outcome.warnings == ["w"]
    plan = load_plan(SAMPLES[0])[0]
    assert Redactor(plan).spans("Mrs Ellison") == [Span(0, 11, "Mrs A", module.PERSON_NAME)]


def test_titles_written_first_letter_first_are_the_titles():
    """``_TITLED_INITIALS`` tries each title from its first letter: it finds what the same
    pattern with one look-behind before all the titles finds."""
    plain = re.compile(r"(?<![^\W\d_])(?P<title>" + "|".join(names.ALL_TITLES) +
                       rf")(?:\. ?| )(?P<run>{module._RUN}|[a-z]\.?)(?![^\W\d_]|\d)")
    rng = random.Random(24)
    words = [*names.ALL_TITLES, "x", "h", "e", "me", "m.e.", "r. e.", "sk", "abcde", "e's",
             "madame", "3", "é"]
    for _ in range(20_000):
        text = "".join(rng.choice(words) + rng.choice([" ", ". ", ".", "", "-"])
                       for _ in range(rng.randint(1, 8)))
        assert [(m.span(), m.group("title"), m.group("run"))
                for m in module._TITLED_INITIALS.finditer(text)] == \
            [(m.span(), m.group("title"), m.group("run")) for m in plain.finditer(text)], text
