"""The redactor's fast paths (issue #14) find exactly what the slow paths find.

Each shortcut is compared with the code it shortcuts, kept here as it was written before:
folding through a translation table, identifier patterns skipped in texts that cannot hold a
match, and each distinct text redacted once per redactor. The texts are every string of every
sample's plan and checklist contexts, every text, attribute value and paragraph of the
samples' final reports and rendered packs, planted forms, and random strings built from the
characters the folding treats specially (look-alikes, invisible characters, blanks, digits of
other scripts, names glued to digits).
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from re import _parser
from functools import cache
from pathlib import Path

import pytest
from lxml import etree

from actionplan_gen.checklist import evaluate
from actionplan_gen.pipeline import load_plan
from actionplan_gen.redact import folding, identifiers, names
from actionplan_gen.redact.pack import _render, deep_map
from actionplan_gen.redact.redactor import Redactor
from actionplan_gen.render.build import Templates
from actionplan_gen.render.context import checklist_context, plan_context

SAMPLES = sorted((Path(__file__).resolve().parents[2] / "samples").glob("*.plan.yaml"))

PLANTED = [
    "Mrs Ellison3 said", "see Ellison_complaint_file.pdf", "ELLISON", "Elli-\nson", "ᴇʟʟɪꜱᴏɴ",
    "Ell\u0456son", "\u0415llison", "Elli\u200bson", "Elli\u00adson", "Elli\u200ason",
    "E\u3164l\u3164l\u3164i\u3164s\u3164o\u3164n", "\u202enosillE\u202c wrote", "Ellison2026",
    "MaggieEllison", "@maggieellison39", "14WRENCLOSE", "14, Wren Close", "Flat 3a",
    "NHS number 943 476 5919", "943.476.5919", "9434 765 919", "943\u00b7476\u00b75919",
    "\u0669\u0664\u0663 476 5919", "call (01632) 960-123", "+44 (0) 1632 960123",
    "07700\t900123", "oh seven seven oh oh nine oh oh one two three",
    "nine four three four seven six five nine one nine", "margaret at example dot com",
    "margaret (at) example (dot) com", "margaret @ example . com", "x@examplecom",
    "m.ellison@example.org", "born 14-Feb-1939", "born the fourteenth of February 1939",
    "Date of birth (as held): 14/02/1939", "QQ 12 34 56 C", "QQ123456C", "Hosp No 12345678",
    "MRN: AB12345", "GMC 1234567", "HCPC PA 12345", "12A3456B", "NS3 9QT", "ns39qt",
    "GIR 0AA", "\uff2e\uff33\uff13 \uff19\uff31\uff34", "a`b", "Tab\there", "  two  spaces  ",
    "\u00a0\u2009\u205f\u3000", "\ufb01ne \u2026 \u00df \u00e6 \u0153 \u0142", "\ue000\uf041",
    "caf\u0065\u0301", "\u00a8\u00b4", "\ufdfa", "\u2460 \u2474 \u2488", "",
    "943 476 59l9", "9434765919l", "b. 12 June 1939", "DOB 12061939", "12/VI/1939 born",
    "NS3/9QT", "Room A1, 2nd floor", "Elison and Bob Ellison", "Will Ellison attend?",
]

# Characters the folding treats specially, and ordinary ones, for random texts.
POOL = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    "          .,;:-_/\\@'`\"()[]{}#%+*&\t\n\r\x0b\x0c\x1c\x1f\x00"
    "\u0430\u0435\u043e\u0440\u0441\u0443\u0445\u0456\u0415\u039f\u0391\u13ac\u1d07\u029f\u026a"
    "\ua731\u1d0f\u0274\u00e9\u00c9\u00e8\u00fc\u00df\u00e6\u0153\u0142\u00f8\u0131\u00fe"
    "\ufb01\u2026\u00a0\u2009\u200a\u202f\u205f\u3000\u3164\u2800\u115f\ue000\uf045\uf8ff"
    "\u00ad\u200b\u200c\u200d\u2060\ufeff\u034f\u0301\u0308\u202a\u202c\u202e\u200e\u2066"
    "\u2018\u2019\u201c\u201d\u2013\u2014\u2212\u00b7\u2022\u30fb\u0660\u0663\u0669\u0967"
    "\u2460\u00b2\u00bd\u00a8\ufdfa\uff21\uff41\uff10\u2028\u2029\u0085\U0001d400\U000f0001"
)
WORDS = ["Ellison", "Margaret", "Maggie", "Robert", "Okafor", "Khan", "Wren", "Close", "NHS",
         "number", "born", "dot", "at", "oh", "seven", "nine", "double", "Mrs", "Mr", "Dr",
         "Hosp No", "GMC", "flat", "Ward", "will", "May", "June", "2026", "14", "07700",
         "900123", "943", "476", "5919", "QQ", "NS3", "9QT", "@", "example", "com"]


def _random_texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        pieces = []
        for _ in range(rng.randint(1, 12)):
            if rng.random() < 0.5:
                pieces.append(rng.choice(WORDS))
            else:
                pieces.append("".join(rng.choice(POOL) for _ in range(rng.randint(1, 6))))
            pieces.append(rng.choice(["", " ", "  ", "-", ".", "\u200b", "\u2009", "\n", "_"]))
        texts.append("".join(pieces))
    return texts


def _package_texts(data: bytes) -> list[str]:
    """Every part name, text, tail and attribute value of a package's XML parts, and each
    paragraph's text joined, as the scan and the report redaction read them."""
    texts = []
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            texts.append(name)
            if not name.endswith((".xml", ".rels")):
                continue
            root = etree.fromstring(package.read(name))
            for node in root.iter():
                texts += [value for value in (node.text, node.tail) if value]
                texts += list(node.attrib.values())
            for paragraph in root.iter(f"{w}p"):
                texts.append("".join(t.text or "" for t in paragraph.iter(f"{w}t")))
    return texts


@cache
def sample_texts(sample: Path) -> tuple:
    """(plan, every text of its contexts, report and rendered documents)."""
    plan = load_plan(sample)[0]
    redactor = Redactor(plan)
    texts: list[str] = []
    deep_map(plan_context(plan, name=redactor.name), texts.append)
    deep_map(checklist_context(plan, evaluate(plan, plan.prepared_on), plan.prepared_on),
             texts.append)
    if plan.final_report_file:
        texts += _package_texts((plan.base_dir / plan.final_report_file).read_bytes())
    for data in _render(plan, redactor, Templates.default()).values():
        texts += _package_texts(data)
    return plan, list(dict.fromkeys(texts))


def all_texts(sample: Path) -> list[str]:
    return sample_texts(sample)[1] + PLANTED + _random_texts(1500, sum(map(ord, sample.name)))


# ------------------------------------------------------------------ the code before

def reference_fold(original: str) -> tuple[str, list[int]]:
    """``Folded`` as it was: one character at a time, no table."""
    chars: list[str] = []
    origin: list[int] = []
    last_space = False
    for index, char in enumerate(original):
        folded = " " if char.isspace() else folding._fold_char(char)
        if folded == " ":
            if not last_space:
                chars.append(" ")
                origin.append(index)
            last_space = True
        elif folded:
            last_space = False
            for piece in folded:
                chars.append(piece)
                origin.append(index)
    return "".join(chars), origin


def reference_find(folded: str, local_patterns=()) -> list:
    """``identifiers.find`` as it was: every pattern searched in every text."""
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
    for m in i._TEN_TYPED.finditer(folded):  # added with the pattern (letters for digits)
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
    for m in i._BORN_ABBREVIATED.finditer(folded):  # added with the pattern ("b. 12 June")
        hits.append(i.Hit(m.start(1), m.end(1), i.BIRTH_DATE))
    for m in i._LABELLED.finditer(folded):
        value = i._LABELLED_VALUE.match(folded, m.end())
        if value:
            hits.append(i.Hit(value.start(1), value.end(1), i.HOSPITAL_NUMBER))
    hits.extend(i.Hit(m.start(), m.end(), i.REGISTRATION)
                for m in i._REGISTRATION.finditer(folded))
    for pattern in local_patterns:
        hits.extend(i.Hit(m.start(), m.end(), i.LOCAL_ID) for m in pattern.finditer(folded)
                    if m.end() > m.start())
    return hits


# ------------------------------------------------------------------ the comparisons

@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_folding_through_the_table_is_folding_one_character_at_a_time(sample):
    for text in all_texts(sample):
        folded = folding.Folded(text)
        assert (folded.text, folded.origin) == reference_fold(text), repr(text)
        again = folding.Folded(text)  # its characters are all in the table now
        assert (again.text, again.origin) == reference_fold(text), repr(text)


def test_the_table_holds_only_characters_folded_to_one_character():
    for text in PLANTED + _random_texts(500, 7):
        folding.Folded(text)
    assert {chr(code) for code in folding._ONE} == folding._ONE_CHAR
    for char in folding._ONE_CHAR:
        assert folding._ONE[ord(char)] == reference_fold(char + "x")[0][:-1], repr(char)
        assert len(folding._ONE[ord(char)]) == 1


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_identifier_patterns_skipped_would_have_found_nothing(sample):
    plan = sample_texts(sample)[0]
    local = Redactor(plan).local_patterns
    digits = ["9434765919", "943 476 5919", "3201234567", "0101001234", "07700 900123",
              "QQ123456C", "12A3456B", "1234567", "12345"]
    texts = all_texts(sample) + [f"{a} {b}" for a in WORDS for b in digits]
    for text in texts:
        folded = folding.fold(text)
        assert identifiers.find(folded, local) == reference_find(folded, local), repr(text)
        patterns = [re.compile(r"\d{3}"), re.compile(r"x*")]
        assert identifiers.find(folded, patterns) == reference_find(folded, patterns)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_each_text_is_redacted_as_if_for_the_first_time(sample):
    plan = sample_texts(sample)[0]
    texts = all_texts(sample)
    cached, fresh = Redactor(plan), Redactor(plan)
    for _ in range(2):
        for text in texts:
            expected = fresh._redact(text) if text else text
            assert cached.redact(text) == expected, repr(text)
    assert cached.redact(None) is None and cached.redact(3) == 3


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_what_spans_skips_would_have_found_nothing(sample):
    """``spans`` looks for street addresses only in texts with a digit, for titled names
    only in texts with a space, and for names only in texts holding one of their letter
    runs (one search for all the runs)."""
    from actionplan_gen.redact import redactor as module
    redactor = Redactor(sample_texts(sample)[0])
    texts = all_texts(sample) + ["Mr Jones", "mrs thornton", "Dr\u00a0Who", "Flat 3", "3 Wren Rd"]
    for text in texts:
        folded = folding.Folded(text)
        if not identifiers.DIGIT.search(folded.text):
            assert module._streets(folded, text) == [], repr(text)
        if " " not in folded.text and "\u00a0" not in folded.text:
            assert redactor._unlisted_titled_names(folded, text) == [], repr(text)
            assert not module._LOWER_TITLED.search(folded.text), repr(text)
        assert (redactor._has_piece(folded.text) is not None) == \
            any(piece in folded.text for piece in redactor.name_pieces), repr(text)
    for pieces in (frozenset(), frozenset({""}), frozenset({"a.b", "(x"})):
        redactor.name_pieces = pieces
        for text in ("", "a.b", "axb", "(x", "x"):
            assert (redactor._has_piece(text) is not None) == any(p in text for p in pieces)


def _matches(found) -> list[tuple]:
    return [(m.span(), m.lastgroup, m.group()) for m in found]


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_names_are_searched_for_only_where_they_can_be_and_all_are_found(sample):
    """``_name_matches`` reads only near the names' letter runs; it finds what
    ``names_regex.finditer`` finds, over every text, names packed together, at both ends,
    after long titles, overlapping runs and texts longer than any match."""
    plan = sample_texts(sample)[0]
    redactor = Redactor(plan)
    written = [f"{person.title or ''} {person.name}" for person in plan.people]
    packed = [" ".join(written), "".join(written), "x" * 40 + " ".join(written) + "y" * 40,
              " and ".join(f"Councillor {name}" for name in written) + " " * 50]
    for text in all_texts(sample) + packed:
        folded = folding.fold(text)
        expected = _matches(redactor.names_regex.finditer(folded))
        assert _matches(redactor._name_matches(folded)) == expected, repr(text)
    assert redactor._widest and redactor._widest < 100
    assert redactor._widest >= _parser.parse(redactor.names_regex.pattern).getwidth()[1]
    redactor.name_pieces = frozenset({""})  # a run in every place: every place is read
    for text in packed:
        folded = folding.fold(text)
        assert _matches(redactor._name_matches(folded)) == \
            _matches(redactor.names_regex.finditer(folded))
    redactor.names_regex = re.compile(r"(?<![^\W\d_])(?P<f0>ellison+)")  # no widest: all read
    assert redactor._widest is None and names.widest([names.Form("p", "ellison+", 1)]) is None
    assert _matches(redactor._name_matches("mrs ellisonnn")) == [((4, 13), "f0", "ellisonnn")]


def test_the_search_window_is_as_wide_as_the_widest_match():
    """Forms whose letter run comes as late, or as early, as a match allows: the bounds are
    reached exactly, and every match is still found."""
    redactor = Redactor(sample_texts(SAMPLES[0])[0])
    for pattern, text in [(r"(?:abcdefghij )?zq", "x abcdefghij zq y"),
                          (r"zq(?: abcdefghij)?", "x zq abcdefghij"),
                          (r"zq(?: abcdefghij)?", "zq abcdefghij zq abcdefghij zq"),
                          (r"zq(?: abcdefghij)?", "x zq abcdefghijk")]:
        redactor.names_regex = re.compile(rf"(?<![^\W\d_])(?P<f0>{pattern})(?![^\W\d_])")
        redactor.name_pieces = frozenset({"zq"})
        assert redactor._widest is None  # a pattern set by hand: read whole
        redactor._widest = _parser.parse(redactor.names_regex.pattern).getwidth()[1]
        assert redactor._widest == 13
        expected = _matches(redactor.names_regex.finditer(text))
        assert _matches(redactor._name_matches(text)) == expected
        # As wide as a match can be; or (the last) cut short by the letter after it.
        assert any(len(match) == 13 for _, _, match in expected) or text.endswith("k")


def test_the_widest_name_match_is_never_underestimated():
    """``names.widest`` against the regex parser's own count, for the samples' people and
    people written to stretch it: long titles, initials, double-barrelled names, aliases,
    names with escaped characters and Welsh mutations."""
    import copy

    from actionplan_gen.loader import load_file
    from actionplan_gen.model import build_plan
    odd = [("Councillor", "Zoë Ní Bhraonáin-O'Sullivan-Smythe"), ("Mx", "A. B. C. Dee-Ell"),
           ("Reverend", "Gwenllian ap Rhys"), (None, "Jo"), ("Madame", "Łukasz (Lu) Nowak")]
    for sample in SAMPLES:
        plan = sample_texts(sample)[0]
        assert names.widest(names.forms(plan)) >= \
            _parser.parse(names.regex(names.forms(plan)).pattern).getwidth()[1]
        data = copy.deepcopy(load_file(sample).data)
        for number, (title, name) in enumerate(odd):
            data["people"].append({"id": f"odd{number}", "name": name, "kind": "relative",
                                   "aliases": [name.split()[-1] + "y", "Q"],
                                   **({"title": title} if title else {})})
        stretched = build_plan(data, sample)
        forms = names.forms(stretched)
        assert names.widest(forms) >= _parser.parse(names.regex(forms).pattern).getwidth()[1]
        for form in forms:
            counted = names.widest([form])
            assert counted is None or counted >= _parser.parse(form.pattern).getwidth()[1]
