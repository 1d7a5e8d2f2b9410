"""The redactor reads long texts in time linear in their length (round five), and finds what
it found before.

A final report with a long table of digits, a run of letters or an address glued to many
names made the redactor read the same characters again from each place in a run: 200,000
nines took some 570 s (``_SPOKEN``, and ``_EMAIL`` wherever the text held an "@" or the word
"dot"). Each shortcut is compared here with the code it replaces, kept as it was written
before, over many generated texts; and long texts (20,000 characters: a quadratic regression
makes this file visibly slow, but nothing here is timed) are checked for what they become.
Speed itself is measured in bench/, never here.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from lxml import etree

from actionplan_gen.pipeline import load_plan
from actionplan_gen.redact import final_report, identifiers, redactor as module, variants
from actionplan_gen.redact.redactor import Redactor, Span

ROOT = Path(__file__).resolve().parents[2]
LONG = 20_000
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    return Redactor(load_plan(ROOT / "samples" / "ellison.plan.yaml")[0])


def _spans(found) -> list[tuple[int, int]]:
    return [m.span() for m in found]


# ------------------------------------------------------------------ the code before

def reference_glued(folded: str, start: int, end: int):
    """``_glued`` as it was: the token read back and on from each name."""
    token = re.compile(r"[\w.\-]*")
    before = folded[start - 1:start]
    after = folded[end:end + 1]
    if not (before.isdigit() or before == "_" or after.isdigit() or after == "_"):
        return None
    if module._FOOTNOTE.match(folded, end) and not (before.isdigit() or before == "_"):
        return None
    token_start = start
    while token_start > 0 and token.fullmatch(folded[token_start - 1]):
        token_start -= 1
    token_end = token.match(folded, end).end()
    while token_end > end and folded[token_end - 1] in ".-":
        token_end -= 1
    text = folded[token_start:token_end]
    if module._EXTENSION.search(text):
        return token_start, token_end, "[file name removed]", module.FILE_NAME
    return token_start, token_end, "[reference removed]", module.REFERENCE


def reference_sentence_start(text: str, start: int, marks: str) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in marks


def reference_next_word(text: str, end: int) -> bool:
    following = text[end:].split(maxsplit=1)
    word = following[0] if following else ""
    return word == "I" or word[:1].islower()


def reference_paragraph(paragraph, redactor: Redactor, label: str = "") -> str:
    """``final_report._redact_paragraph`` as it was: every span read for every segment."""
    from dataclasses import replace
    fr = final_report
    segments = []
    for node in paragraph.iter(*fr._TEXT_NODES, f"{fr.W}sym", *fr._FIXED):
        if fr._owning_paragraph(node) is not paragraph:
            continue
        if node.tag in fr._TEXT_NODES:
            segments.append((node, node.text or "", True))
        elif node.tag == f"{fr.W}sym":
            segments.append((node, fr._symbol(node.get(f"{fr.W}char")), False))
        else:
            segments.append((node, fr._FIXED[node.tag], False))
    joined = "".join(text for _, text, _ in segments)
    spans = [replace(span, start=span.start - len(label), end=span.end - len(label))
             for span in redactor.spans(label + joined) if span.start >= len(label)]
    if not spans:
        return joined
    placed: set[int] = set()
    position = 0
    for node, text, is_text in segments:
        start, end = position, position + len(text)
        position = end
        if not is_text:
            if node.tag in fr._INLINE and any(s.start <= start < s.end for s in spans):
                node.getparent().remove(node)
            continue
        pieces, cursor = [], start
        for number, span in enumerate(spans):
            if span.end <= start or span.start >= end:
                continue
            if number not in placed:
                pieces.append(joined[cursor:max(span.start, start)])
                pieces.append(span.replacement)
                placed.add(number)
            cursor = max(cursor, min(span.end, end))
        pieces.append(joined[cursor:end])
        node.text = "".join(pieces)
        if node.tag == f"{fr.W}t":
            node.set(fr.XML_SPACE, "preserve")
    return joined


# ------------------------------------------------------------------ generated texts

PIECES = ["9", "0", "1", "99", "943", "a", "x", "o", "l", "b", "e", "ab", " ", " ", ",", ".",
          "-", "_", "'", "%", "+", "@", "(", ")", "[", "]", "{", "}", "nine", "oh", "one",
          "double", "zero", "dot", "at", " dot ", " at ", "com", "example", "ellison", "mrs",
          "pdf", ".docx", "2026", "\u00a0", "\n", "I", "Will"]


def _texts(count: int, seed: int, longest: int = 60) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(1, longest)))
            for _ in range(count)]


def _numbers_read_out(count: int, seed: int) -> list[str]:
    """Numbers and number words between separators, now and then something else: texts
    where numbers read out (and runs of digits that are not) begin and end anywhere."""
    rng = random.Random(seed)
    words = ["9", "99", "0", "1", "12345", "nine", "oh", "one", "double", "zero", "x", "a9"]
    gaps = [" ", " ", " ", ", ", ".", "-", " - ", "", "x"]
    return ["".join(rng.choice(words) + rng.choice(gaps) for _ in range(rng.randint(6, 30)))
            for _ in range(count)]


def _addresses(count: int, seed: int) -> list[str]:
    """Local parts, domains and the ways "@" and "." are written, in any order: texts where
    addresses (and runs of their characters that are none) begin and end anywhere."""
    rng = random.Random(seed)
    words = ["a", "ab", "m.ellison", "x_y", "9", "o'neil", "a-b", "example", "com", "org",
             "ab%c", "a+b", "-", ".", "_", "'"]
    marks = ["@", " @ ", " at ", "(at)", " [at] ", ".", " . ", " dot ", "(dot)", " [ dot ] ",
             " ", "", ",", "@@", "x"]
    return ["".join(rng.choice(words) + rng.choice(marks) for _ in range(rng.randint(2, 12)))
            for _ in range(count)]


# ------------------------------------------------------------------ the comparisons

@pytest.mark.parametrize("name", ["_EMAIL", "_SPOKEN"])
def test_runs_read_once_find_what_finditer_finds(name):
    pattern = getattr(identifiers, name)
    first = getattr(identifiers, name + "_FIRST")
    texts = _texts(5000, 5) + _numbers_read_out(5000, 5) + _addresses(5000, 5) + [
        "x99, 1, 2, 3, 4, 5, 6, 7", "one two three four five six seven eight 99x",
        "one two three four five six seven eight 99x 1 2 3 4 5 6 7 8 9",
        "a@b.com_foo@x.org", "a@b.com%c@d.org", "x9nine 1 2 3 4 5 6 7 8",
        "9" * 300 + " 1 2 3 4 5 6 7", "ab" * 200 + " @ example . com", "9" * 50 + "@x.org"]
    matched = 0
    for text in texts:
        expected = _spans(pattern.finditer(text))
        assert _spans(identifiers._leftmost(pattern, first, text)) == expected, repr(text)
        matched += bool(expected)
    assert matched > 500  # the texts hold matches, not only misses


def test_find_reads_emails_and_numbers_in_words_as_finditer_does():
    i = identifiers
    for text in _texts(2000, 11) + _numbers_read_out(2000, 11) + _addresses(2000, 11):
        found = i.find(text)
        emails = []
        if "@" in text or "dot" in text:
            emails = [(m.start(), m.end()) for m in i._EMAIL.finditer(text)]
        if "@" in text:
            emails += [(h.start, h.end) for h in i._emails_without_dot(text)]
        assert [(h.start, h.end) for h in found if h.kind == i.EMAIL] == emails, repr(text)
        spoken = [(m.start(), m.end()) for m in i._SPOKEN.finditer(text)
                  if len(text) >= 15 and i._spoken_digits(m.group()) >= 9]
        assert [(h.start, h.end) for h in found if h.kind == i.NUMBER_IN_WORDS or (
            h.kind == i.PHONE and not i._PHONE.fullmatch(text, h.start, h.end))] == spoken, \
            repr(text)


def test_glued_names_read_their_token_once(redactor):
    rng = random.Random(3)
    glue = ["ellison", "_", "1", "2026", ".", "-", "pdf", "docx", "x", " ", "..", "-.", "mrs "]
    for _ in range(5000):
        text = "".join(rng.choice(glue) for _ in range(rng.randint(1, 30)))
        tokens = module._Tokens(text)
        for m in re.finditer("ellison", text):
            assert module._glued(text, *m.span(), tokens) == \
                reference_glued(text, *m.span()), repr(text)
            assert module._glued(text, *m.span()) == reference_glued(text, *m.span())


def test_cover_is_any_range_holding_the_span():
    rng = random.Random(4)
    for _ in range(3000):
        ranges = [(a, a + rng.randint(0, 8)) for a in
                  (rng.randint(0, 40) for _ in range(rng.randint(0, 6)))]
        holds = module._Cover(ranges).holds
        for _ in range(10):
            start = rng.randint(0, 45)
            end = start + rng.randint(0, 6)
            assert holds(start, end) == any(a <= start and end <= b for a, b in ranges)


def test_the_text_before_and_after_a_name_is_read_as_before():
    rng = random.Random(6)
    chars = ["a", "I", "i", ".", "!", "?", ":", ";", '"', "'", "(", "\u2026", "\a", "\n", " ",
             "\t", "\u00a0", "\u2009", "\x1c", "\u3000", "Z", "x", "\u00e9"]
    for _ in range(20_000):
        text = "".join(rng.choice(chars) for _ in range(rng.randint(0, 8)))
        at = rng.randint(0, len(text))
        assert module._sentence_start(text, at) == reference_sentence_start(
            text, at, ".!?:;\"'("), repr(text)
        assert variants._sentence_start(text, at) == reference_sentence_start(
            text, at, ".!?:;\"'(\u2026"), repr(text)
        before = text[:at].rstrip()
        assert module._last_shown(text, at) == before[-1:], repr(text)
        assert module._ordinary_next_word(text, at) == reference_next_word(text, at), repr(text)


def _paragraph(pieces: list[str]):
    """A w:p whose runs hold ``pieces``; "<tab>", "<nbh>", "<soft>" and "<sym>" stand for the
    elements that show a tab, a no-break hyphen, a soft hyphen and a symbol's 'E'."""
    xml = [f'<w:p xmlns:w="{W}">']
    for piece in pieces:
        inner = {"<tab>": "<w:tab/>", "<nbh>": "<w:noBreakHyphen/>",
                 "<soft>": "<w:softHyphen/>", "<sym>": '<w:sym w:char="F045"/>'}.get(piece)
        if inner is None:
            inner = f'<w:t xml:space="preserve">{piece}</w:t>'
        xml.append(f"<w:r>{inner}</w:r>")
    xml.append("</w:p>")
    return etree.fromstring("".join(xml).encode())


def test_report_paragraphs_are_put_back_as_before(redactor):
    rng = random.Random(8)
    parts = ["Mrs ", "Elli", "son", "Ellison", " said ", "9", "43 476 59", "19", "<tab>",
             "<nbh>", "<soft>", "<sym>", "llison", "Smith", "Jones", "NS3 ", "9QT", ". ", "x",
             "\u202e", "nosillE", "\u202c", "Margaret", " ", "-"]
    for _ in range(1500):
        pieces = [rng.choice(parts) for _ in range(rng.randint(1, 25))]
        label = rng.choice(["", "", "Date of birth: "])
        new, old = _paragraph(pieces), _paragraph(pieces)
        assert final_report._redact_paragraph(new, redactor, label) == \
            reference_paragraph(old, redactor, label)
        assert etree.tostring(new) == etree.tostring(old), pieces


# ------------------------------------------------------------------ long texts

@pytest.mark.parametrize("text, expected", [
    ("9" * LONG, "9" * LONG),  # no identifier in it: 571 s for 200,000 before
    ("0" * LONG, "0" * LONG),
    ("9" * LONG + " four three four seven six five nine one nine",
     "[number written in words removed]"),
    ("x" + "9" * LONG + " four three four seven six five nine one nine",
     "x9[number written in words removed]"),  # a start after a letter is no start
    ("nine " * (LONG // 5), "[number written in words removed] "),
    ("a" * LONG + "@example.com", "[email address removed]"),
    ("a" * LONG + " dot ", "a" * LONG + " dot "),
    ("ab-" * (LONG // 3) + " @ example . com", "[email address removed]"),
    ("0123456789abcdef" * (LONG // 16) + "@example.org", "[email address removed]"),
    ("deadbeef" * (LONG // 8) + " at x", "deadbeef" * (LONG // 8) + " at x"),
    ("x" * LONG + " at example dot com", "[email address removed]"),
    ("Ellison_" * (LONG // 8), "[reference removed]"),
    ("Ellison_" * (LONG // 8) + ".pdf", "[file name removed]"),
    ("Ellison_" * (LONG // 8) + "." * 50, "[reference removed]" + "." * 50),
    ("Ellison1" * (LONG // 8), "[reference removed]"),
], ids=lambda value: repr(value[:12]) + str(len(value)))
def test_long_runs_come_out_as_expected(redactor, text, expected):
    assert redactor.redact(text) == expected
    assert "".join(span.replacement for span in redactor.spans(text, scanning=True)) in \
        ("", "[email address removed]", "[number written in words removed]",
         "[reference removed]", "[file name removed]")


@pytest.mark.parametrize("unit", [
    "Northshire Hospitals NHS Foundation Trust, Mrs Ellison. ",  # many kept ranges and names
    "\u202aMrs Ellison said. ", "\u202enosillE\u202c wrote. ",  # many direction marks
    "Mrs Ellison, ", "The Ward Manager, Mr Daniel Okafor, told us. ", "Elli-\nson. ",
    "Ellison3 ", "NS3 9QT ", "Will the Trust pay? ", "Call 07700 900123. ",
    "NHS number 943 476 5919; ", "born 12 June 1939. ", "14 Wren Close, ",
])
def test_a_unit_repeated_is_redacted_as_the_unit_repeated(redactor, unit):
    count = LONG // len(unit)
    assert redactor.redact(unit * count) == redactor.redact(unit) * count


def test_a_long_paragraph_of_many_runs_is_redacted_whole(redactor):
    pieces = ["Mrs ", "Elli", "son", " said", "<nbh>", " 943 ", "476", " 5919", ". "] * 600
    paragraph = _paragraph(pieces)
    joined = final_report._redact_paragraph(paragraph, redactor)
    shown = "".join(node.text or "" for node in paragraph.iter(f"{{{W}}}t"))
    assert shown == redactor.redact(joined.replace("-", ""))
    assert "Ellison" not in shown and "5919" not in shown


def test_a_cell_of_many_dates_under_a_birth_label_loses_them_all(redactor):
    rows = "".join(
        f'<w:tc><w:p><w:r><w:t>{"Date of birth" if n == 0 else "x"}</w:t></w:r></w:p></w:tc>'
        for n in range(1))
    dates = "".join("<w:p><w:r><w:t>12 June 1939</w:t></w:r></w:p>" for _ in range(2000))
    xml = (f'<w:document xmlns:w="{W}"><w:body><w:tbl><w:tr>{rows}<w:tc>{dates}</w:tc>'
           "</w:tr></w:tbl></w:body></w:document>").encode()
    out = final_report._clean_text_part(xml, redactor).decode()
    assert "1939" not in out and out.count("[date of birth removed]") == 2000


def test_spans_are_in_order_and_apart_for_a_long_mixed_text(redactor):
    text = ("Mrs Ellison (NHS number 943 476 5919) of 14 Wren Close, NS3 9QT; Ellison_file.pdf "
            "m.ellison@example.org 9 9 9 ") * 300
    spans = redactor.spans(text)
    assert all(isinstance(span, Span) for span in spans)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))
    assert len(spans) == 300 * len(redactor.spans(text[:len(text) // 300]))
