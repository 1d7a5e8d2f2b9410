"""Every rule over one piece of text, minus what the plan vouches for.

The only ways past: the organisation's own details and the allow list (any
rule), a case reference or a GUID (long-number rule), a month name inside a
full date (name rule).
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Iterable
from urllib.parse import unquote

from actionplan_gen.verify.finding import Finding, context
from actionplan_gen.verify.folding import LETTERS, Folded, fold
from actionplan_gen.verify.hit import LOCAL_ID, NAME, NUMBERS, Hit
from actionplan_gen.verify.names import (address_hits, address_pattern, broken_across, hyphenated,
                                         name_hits, read_as_written, spelt_out)
from actionplan_gen.verify.patterns import (FULL_DATE, MAY_MATCH, SPOKEN_WORDS, TRIGGER_WORDS,
                                            Later, guids, may_hold_a_number, shapes,
                                            titled_hits)
from actionplan_gen.verify.registry import Registry

Paragraph = int | None | Callable[[], int | None]
_Vouch = tuple[int, int, frozenset[str] | None]
_ALNUM = re.compile(r"[^\W_]")
_NEIGHBOURS = re.compile(r"[\s'.,-]{1,3}")
_NAMES = frozenset({NAME})
_BASE64 = re.compile(r"(?<![\w+/=])[A-Za-z0-9+/]{16,}={0,2}(?![\w+/=])")
_PUNYCODE = Later(r"xn--[a-z0-9-]+", re.IGNORECASE)
_NO_DIGITS = str.maketrans("", "", "0123456789")


def decoded(text: str) -> list[str]:
    """What ``text`` says once decoded, where it holds percent-escapes ("%45llison"),
    base64 that decodes to text, or punycode domain labels: each is read as well."""
    out = []
    if "%" in text:
        plain = unquote(text)
        if plain != text:
            out.append(plain)
    if len(text) >= 16:
        for m in _BASE64.finditer(text):
            chunk = m.group()
            try:
                raw = base64.b64decode(chunk + "=" * (-len(chunk) % 4), validate=True)
                words = raw.decode("utf-8")
            except (binascii.Error, UnicodeDecodeError, ValueError):
                continue
            if words.isprintable():
                out.append(words)
    if "xn--" in text.lower():
        for m in _PUNYCODE.finditer(text):
            try:
                out.append(m.group()[4:].encode("ascii").decode("punycode"))
            except (UnicodeError, ValueError):
                continue
    return out


def hits_in(folded: Folded, registry: Registry, tail: str = "") -> list[Hit]:
    """Every detail in ``folded`` (``tail``: the next table cell) that the plan does not
    vouch for. Most texts hold nothing: where ``_nothing_in`` proves that, no rule is run."""
    words = LETTERS.findall(folded.lower)
    if read_as_written(folded) and _nothing_in(folded, registry, words,
                                                fold(tail).text if tail else ""):
        return []
    return _all_hits(folded, registry, tail, words)


def _nothing_in(folded: Folded, registry: Registry, words: list[str], tail: str = "") -> bool:
    """True only for text that ``name_hits`` reads by its tokens alone (``read_as_written``;
    ``words``: its tokens; ``tail``: the next table cell, folded, which the rules read only
    for digits and a date of birth) in which no rule of ``_all_hits`` can match: no token
    that is a registered name fragment (``name_hits``); nothing a shape needs without
    digits (``TRIGGER_WORDS``, ``SPOKEN_WORDS``, "@"); no name spelt out (``spelt_out``,
    run where ``MAY_MATCH`` finds single letters in a row, as ``name_hits`` runs it), after
    a title (``titled_hits``) or joined across a hyphen (``hyphenated``): the rules
    themselves; no shape with digits (``may_hold_a_number``: the shapes' own tests); no
    registered address line; no match of the plan's local_id_patterns."""
    quick = registry.memo.quick
    if quick is None:
        quick = registry.memo.quick = (
            registry.fragments | TRIGGER_WORDS,
            address_pattern(registry.addresses) if registry.addresses else None)
    low, text = folded.lower, folded.text
    if not quick[0].isdisjoint(words) or len(SPOKEN_WORDS.intersection(words)) >= 2:
        return False
    found = MAY_MATCH.search(low)
    if found and ("@" in low or spelt_out(low, registry.fragments)):  # the rule itself
        return False
    if titled_hits(text, words):
        return False
    if "-" in low and hyphenated(low, registry.fragments):
        return False
    joined = f"{text} {tail}" if tail else text
    digits = len(joined) - len(joined.translate(_NO_DIGITS))
    return (not (digits and may_hold_a_number(text, low, joined, digits))
            and not (quick[1] is not None and quick[1].search(low))
            and not (registry.local_patterns and any(
                m.end() > m.start() for pattern in registry.local_patterns
                for m in pattern.finditer(text))))


def _all_hits(folded: Folded, registry: Registry, tail: str = "",
              words: list[str] | None = None) -> list[Hit]:
    if words is None:
        words = LETTERS.findall(folded.lower)
    found = (name_hits(folded, words, registry.fragments)
             + address_hits(folded, registry.addresses)
             + shapes(folded, words, fold(tail).text if tail else "")
             + [Hit(LOCAL_ID, m.start(), m.end()) for pattern in registry.local_patterns
                for m in pattern.finditer(folded.text) if m.end() > m.start()])
    if not found:
        return []
    vouched = _vouched(folded, registry, {h.kind for h in found})
    return _joined(folded.lower, [h for h in found if not any(
        s <= h.start and h.end <= e and (kinds is None or h.kind in kinds)
        for s, e, kinds in vouched)])


def _joined(text: str, hits: list[Hit]) -> list[Hit]:
    """Overlapping or neighbouring hits of one kind ("Margaret Ellison") are one detail."""
    out: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.kind, h.start)):
        last = out[-1] if out else None
        if last and last.kind == hit.kind and (
                hit.start <= last.end or _NEIGHBOURS.fullmatch(text, last.end, hit.start)):
            out[-1] = Hit(hit.kind, last.start, max(last.end, hit.end))
        else:
            out.append(hit)
    return out


def _vouched(folded: Folded, registry: Registry, kinds: set[str]) -> list[_Vouch]:
    spans: list[_Vouch] = []
    spans += [(s, e, None) for s, e in _occurrences(folded.lower, registry.organisation)]
    spans += [(s, e, None) for s, e in _occurrences(folded.text, registry.allow)]
    if kinds & NUMBERS:
        spans += [(s, e, NUMBERS) for s, e in _occurrences(folded.lower,
                                                           registry.case_references)]
        spans += [(s, e, NUMBERS) for s, e in guids(folded.text)]
    if NAME in kinds:
        spans += [(*m.span(), _NAMES) for m in FULL_DATE.finditer(folded.text)]
    return spans


def _occurrences(text: str, values: Iterable[str]) -> Iterable[tuple[int, int]]:
    """Where each value stands on its own (not inside a longer word or number)."""
    for value in values:
        start = text.find(value)
        while start >= 0:
            end = start + len(value)
            if not (start and _ALNUM.match(text, start - 1)) and not (
                    end < len(text) and _ALNUM.match(text, end)):
                yield start, end
            start = text.find(value, start + 1)


class Scanner:
    """Findings for one document. What a string holds is worked out once per registry
    (``Registry.memo``): a value's finding is reported once in each part it is in."""

    def __init__(self, registry: Registry, document: str):
        self.registry = registry
        self.document = document
        self.findings: dict[Finding, None] = {}
        self.memo = registry.memo
        if self.memo.full():
            self.memo.clear()
        self._reported: set[tuple[str, str]] = set()
        self.noticed = 0  # findings made, and values with a finding (reported or not)

    def add(self, part: str, kind: str, paragraph: int | None = None, where: str = "") -> None:
        self.noticed += 1
        self.findings[Finding(self.document, part, kind, paragraph, where)] = None

    def text(self, part: str, text: str, paragraph: Paragraph = None) -> None:
        """``paragraph``: its number, or a function giving it, called only for a finding."""
        if not text or text.isspace():
            return
        found = self.memo.texts.get(text)
        if found is None:
            events: list[tuple[Folded, list[Hit]]] = []
            try:
                _text_events(text, self.registry, events)
            except Exception:
                # Report what was found before the error, as reading in order would.
                if events:
                    self._report_all(part, paragraph, events)
                raise
            found = self.memo.texts[text] = tuple(events)
        if found:
            self._report_all(part, paragraph, found)

    def quiet_text(self, text: str) -> bool:
        """Whether ``text`` (read by ``text``) has no finding; never raises."""
        found = self.memo.texts.get(text)
        if found is None:
            if not text or text.isspace():
                return True
            events: list[tuple[Folded, list[Hit]]] = []
            try:
                _text_events(text, self.registry, events)
            except Exception:  # noqa: BLE001 - not quiet: the caller reads in order instead
                return False
            found = self.memo.texts[text] = tuple(events)
        return not found

    def _report_all(self, part: str, paragraph: Paragraph, events) -> None:
        number = paragraph() if callable(paragraph) else paragraph
        for folded, hits in events:
            self._report(part, number, folded, hits)

    def leak(self, value: str) -> tuple[Folded, list[Hit]] | None:
        """What ``value`` (an attribute value, element or part name) holds, or None."""
        values = self.memo.values
        if value in values:
            return values[value]
        folded = fold(value)
        hits = hits_in(folded, self.registry)
        for plain in decoded(value):
            hits = hits or [Hit(h.kind, 0, len(folded.text))
                            for h in hits_in(fold(plain), self.registry)]
        found = values[value] = (folded, hits) if hits else None
        return found

    def quiet_value(self, value: str) -> bool:
        """Whether ``value`` (read by ``value``) has no finding; never raises."""
        try:
            return self.leak(value) is None
        except Exception:  # noqa: BLE001 - not quiet: the caller reads in order instead
            return False

    def value(self, part: str, value: str, paragraph: Paragraph = None) -> None:
        """An attribute value, element or part name: a value with a finding is reported
        once in each part it is in."""
        found = self.leak(value)
        if found is not None:
            self.noticed += 1
        if found is not None and (part, value) not in self._reported:
            self._reported.add((part, value))
            folded, hits = found
            self._report(part, paragraph() if callable(paragraph) else paragraph, folded, hits)

    def paragraphs(self, part: str, paragraphs: list[tuple[int, str, str]]) -> None:
        """(number, text, next table cell) in document order; names may break between them."""
        previous = None
        for number, text, tail in paragraphs:
            folded = fold(text)
            hits = hits_in(folded, self.registry, tail) if text.strip() else []
            for plain in decoded(text):
                hits = hits or [Hit(h.kind, 0, len(folded.text))
                                for h in hits_in(fold(plain), self.registry)]
            if previous is not None:
                broken = broken_across(previous[1], folded, self.registry.fragments)
                if broken:
                    self._report(part, previous[0], previous[1], [broken])
            self._report(part, number, folded, hits)
            previous = (number, folded)

    def _report(self, part: str, paragraph: int | None, folded: Folded, hits: list[Hit]) -> None:
        for hit in hits:
            self.add(part, hit.kind, paragraph, context(folded, hit, hits))


def _text_events(text: str, registry: Registry, events: list) -> None:
    """(folded, hits) of ``text`` and of each copy decoded from it, in reading order."""
    if not text or text.isspace():
        return
    folded = fold(text)
    hits = hits_in(folded, registry)
    if hits:
        events.append((folded, hits))
    for plain in decoded(text):
        _text_events(plain, registry, events)
