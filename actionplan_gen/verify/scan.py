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

from actionplan_gen.regexes import fixed
from actionplan_gen.verify.finding import Finding, contexts
from actionplan_gen.verify.folding import LETTERS, Folded, fold
from actionplan_gen.verify.hit import LOCAL_ID, NAME, NUMBERS, Hit
from actionplan_gen.verify.names import (address_hits, address_pattern, broken_across, hyphenated,
                                         name_hits, read_as_written, spelt_out)
from actionplan_gen.verify.hit import BIRTH
from actionplan_gen.verify.labelled import heads_births
from actionplan_gen.verify.patterns import (BIRTH_DATE, BIRTH_VALUE, FULL_DATE, MAY_MATCH,
                                            SPOKEN_WORDS, TRIGGER_WORDS, Later, ends_as_group,
                                            ends_with_birth_label, guids, may_be_inward,
                                            may_hold_a_number,
                                            shapes, split_hits, starts_as_group, titled_hits)
from actionplan_gen.verify.registry import Registry
from actionplan_gen.verify.variants import may_hold_a_name_inside, variant_hits

Paragraph = int | None | Callable[[], int | None]
_Vouch = tuple[int, int, frozenset[str] | None]
_ALNUM = fixed(r"[^\W_]")
_NEIGHBOURS = fixed(r"[\s'.,-]{1,3}")
_NAMES = frozenset({NAME})
_BASE64 = fixed(r"(?<![\w+/=])[A-Za-z0-9+/]{16,}={0,2}(?![\w+/=])")
_PUNYCODE = Later(r"xn--[a-z0-9-]+", re.IGNORECASE)
_A_DATE = Later(BIRTH_DATE, re.IGNORECASE)  # a date as a date of birth may be written
_NO_DIGITS = str.maketrans("", "", "0123456789")
_LONE_DIGITS = frozenset("OolI|")
_AS_DIGIT = str.maketrans("OolI|", "00111")


def decoded(text: str, cache: dict | None = None) -> list[str]:
    """What ``text`` says once decoded, where it holds percent-escapes ("%45llison", applied
    twice: "%2545llison"), base64 that decodes to text (UTF-8 or UTF-16; a short run of it at
    any alignment: "bWFnZ2ll"), hex that decodes to text ("4d6167676965") or punycode domain
    labels: each is read as well. ``cache``: a registry's memo of words (short runs of base64
    decoded before)."""
    out = []
    if "%" in text:
        plain = text
        for _ in range(5):
            once = unquote(plain)
            if once == plain:
                break
            out.append(once)
            plain = once
    if len(text) >= 16:
        for m in _BASE64.finditer(text):
            chunk = m.group()
            try:
                raw = base64.b64decode(chunk + "=" * (-len(chunk) % 4), validate=True)
            except (binascii.Error, ValueError):
                continue
            try:
                words = raw.decode("utf-8")
            except UnicodeDecodeError:
                words = None
            if words is not None and words.isprintable():
                out.append(words)
            elif len(raw) > 3 and raw.count(0) * 3 >= len(raw):
                out += _readable(raw, strict=True)
    if "xn--" in text.lower():
        for m in _PUNYCODE.finditer(text):
            try:
                out.append(m.group()[4:].encode("ascii").decode("punycode"))
            except (UnicodeError, ValueError):
                continue
    if _CODED.search(text):
        out += _short_codes(text, cache)
    return out


# Text that may hold hex or a short run of base64: a digit before a letter, or a character
# of a URL or of base64 ('=', '+', '/', '_'). Base64 of a short name with none of them
# ("RWxsaXNvbg", no digit and no padding) and hex of a name with no letter in it are not
# read: testing every word of every text for them costs more than the rest of this rule.
_CODED = fixed(r"[0-9][A-Za-z]|[=/+_?&]")
# Base64 of ASCII text has no '+' or '/' (nor '-' or '_' in the URL alphabet) but for a few
# punctuation marks, so a short run is letters and digits between other characters.
_RUN = fixed(r"[A-Za-z0-9]{6,}")  # base64 (six to 64 of them) or hex (eight or more)
_HEX = fixed(r"[0-9A-Fa-f]+")
# Runs not read as base64 unless '=' pads them: digits; a word in one case, a capitalised
# word or words in camel case ("officeDocument"), a number after it ("Accent1") or not.
_WORDLIKE = fixed(r"[0-9]+|(?:[A-Z]?[a-z]++)++[0-9]{0,3}|[A-Z]++[0-9]{0,3}")
_UNPRINTABLE = fixed(rb"[^\x20-\x7e]+")
_PRINTABLE = fixed(rb"[\x20-\x7e]+")
_WORDISH = fixed(rb"[A-Za-z]{3}")


def _short_codes(text: str, cache: dict | None = None) -> list[str]:
    """Hex (whole bytes, UTF-8 or UTF-16) and runs of 6 to 64 base64 characters (at each of
    the four alignments: a short value cannot be told from a word by its look) decoded to
    ASCII text with three letters in a row. ``cache``: what each run gave, and the runs that
    gave nothing."""
    if cache is None:
        cache = {}
    quiet = cache.get("quiet runs")
    if quiet is None:
        quiet = cache["quiet runs"] = set()
    out = []
    if "=" not in text:  # no run is padded: only those not known to give nothing are read
        fresh = set(_RUN.findall(text))
        fresh -= quiet
        runs = [(run, False) for run in fresh]
    else:
        runs = [(m.group(), text.startswith("=", m.end())) for m in _RUN.finditer(text)]
    for run, padded in runs:
        if run in quiet and not padded:
            continue
        found = cache.get(("run", run, padded))
        if found is None:
            found = cache[("run", run, padded)] = _run_codes(run, padded)
            if not found and not padded:
                quiet.add(run)
        out += found
    return out


def _run_codes(run: str, padded: bool) -> list[str]:
    out = []
    if len(run) >= 8 and not len(run) % 2 and _HEX.fullmatch(run):
        out += _readable(bytes.fromhex(run), strict=True)
    if len(run) > 64 or (_WORDLIKE.fullmatch(run) and not padded):
        return out  # a word, in camel case or with a number after it, and no padding
    for skip in range(4):
        piece = run[skip:]
        piece = piece[:len(piece) - len(piece) % 4] if len(piece) % 4 == 1 else piece
        if len(piece) < 4:
            break
        out += _readable(base64.b64decode(piece + "=" * (-len(piece) % 4)), strict=False)
    return out


def _readable(raw: bytes, strict: bool) -> list[str]:
    """``raw`` as ASCII text (as UTF-16 too where every other byte is zero) where three letters
    stand in a row: all of it printable (``strict``), or all but three bytes at its ends (a
    run decoded from the wrong alignment starts and ends with a part of a character)."""
    candidates = [raw]
    if raw.count(0) * 3 >= len(raw):
        candidates += [raw[0::2], raw[1::2]]
    out = []
    for candidate in candidates:
        if strict:
            if _UNPRINTABLE.search(candidate.replace(b"\0", b"") if candidate is raw
                                   and len(candidates) > 1 else candidate) is not None:
                continue
        else:
            stretch = max(_PRINTABLE.findall(candidate), key=len, default=b"")
            if len(stretch) < len(candidate) - 3:
                continue
            candidate = stretch
        if _WORDISH.search(candidate):
            out.append(candidate.decode("ascii"))
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
            registry.fragments | TRIGGER_WORDS | registry.near | registry.nicknames,
            address_pattern(registry.addresses) if registry.addresses else None,
            registry.memo.words.setdefault("clean", set()))  # words holding no name
    low, text = folded.lower, folded.text
    if not quick[0].isdisjoint(words) or len(SPOKEN_WORDS.intersection(words)) >= 2:
        return False
    if not quick[2].issuperset(words) and may_hold_a_name_inside(
            words, registry.inside, registry.memo.words, low):
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
             + variant_hits(folded, words, registry.near, registry.nicknames, registry.inside,
                            registry.memo.words)
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
        for plain in decoded(value, self.memo.words):
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
        dated = set()  # paragraphs with a date of birth found in them or their next cell
        for index, (number, text, tail) in enumerate(paragraphs):
            folded = fold(text)
            hits = hits_in(folded, self.registry, _tail_for(text, tail)) if text.strip() else []
            for plain in decoded(text, self.memo.words):
                hits = hits or [Hit(h.kind, 0, len(folded.text))
                                for h in hits_in(fold(plain), self.registry)]
            if previous is not None:
                broken = broken_across(previous[1], folded, self.registry.fragments)
                if broken:
                    self._report(part, previous[0], previous[1], [broken])
            self._report(part, number, folded, hits)
            previous = (number, folded)
            if hits and any(h.kind == BIRTH for h in hits):
                dated.add(index)
        self._across(part, paragraphs, dated)

    _PIECE = 24  # characters of a paragraph's end or start read with the next or the last
    _BIRTH_AHEAD = 4  # paragraphs after a birth label in which a date is its value

    def _across(self, part: str, paragraphs: list[tuple[int, str, str]], dated: set) -> None:
        """Details split between paragraphs or table cells (each is a paragraph): a number's
        digit groups or a postcode's two parts one a cell, row or paragraph ("NHS 943" | "476"
        | "5919"); a date of birth in a paragraph or cell (of the next few) after the one
        ending with its label (unless ``dated``: its date was found with it). Each is reported
        once, at the paragraph where it starts."""
        chain: list[tuple[int, str]] = []  # (index, piece) of paragraphs read as one
        last = len(paragraphs) - 1
        for index, (_number, text, _tail) in enumerate(paragraphs):
            if chain and starts_as_group(text):
                if len(text) <= self._PIECE:
                    chain.append((index, text))
                    if index < last:
                        continue
                else:
                    chain.append((index, text[:self._PIECE]))
            if len(chain) > 1:
                self._split(part, paragraphs, chain)
            chain = [(index, text[-self._PIECE:])] if ends_as_group(text) else []
            if index not in dated and ends_with_birth_label(text):
                self._birth_after(part, paragraphs, index)

    def _split(self, part: str, paragraphs, chain: list[tuple[int, str]]) -> None:
        # A cell or paragraph of one letter standing for a digit ("9" | "l" | "9") is read so.
        joined = "\n".join(piece.translate(_AS_DIGIT) if piece.strip() in _LONE_DIGITS
                           else piece for _, piece in chain)
        if len(joined) - len(joined.translate(_NO_DIGITS)) < 10 and not may_be_inward(joined):
            return  # neither ten digits nor a postcode's inward part
        folded = fold(joined)
        hits = [h for h in split_hits(folded.text) if "\n" in folded.text[h.start:h.end]]
        hits = self._unvouched(folded, hits)
        if hits:
            starts, at = [], 0
            for index, piece in chain:
                starts.append((at, index))
                at += len(piece) + 1
            for hit in hits:
                index = max(i for s, i in starts if s <= folded.source(hit.start))
                self._report(part, paragraphs[index][0], folded, [hit])

    def births_below(self, part: str, cells: list[tuple[int, str]]) -> None:
        """A date anywhere in a paragraph of a table cell a birth label heads (its column, or
        the cell after it: ``_Part.below_birth_labels``): "86 / 12.06.1939" under "Age/DOB"."""
        for number, text in cells:
            folded = fold(text)
            hits = [Hit(BIRTH, m.start(), m.end()) for m in _A_DATE.finditer(folded.text)]
            if hits:
                self._report(part, number, folded, self._unvouched(folded, hits))

    def _birth_after(self, part: str, paragraphs, index: int) -> None:
        """A date starting the first paragraph or cell with text after a birth label (a later
        one is not the label's value: "[removed]" | "Admitted" | "3 March 2026")."""
        for number, text, _tail in paragraphs[index + 1:index + 1 + self._BIRTH_AHEAD]:
            if not text.strip():
                continue
            folded = fold(text)
            found = BIRTH_VALUE.match(folded.text)
            if found:
                hits = self._unvouched(folded, [Hit(BIRTH, 0, found.end())])
                self._report(part, number, folded, hits)
            return

    def _unvouched(self, folded: Folded, hits: list[Hit]) -> list[Hit]:
        if not hits:
            return hits
        vouched = _vouched(folded, self.registry, {h.kind for h in hits})
        return [h for h in hits if not any(s <= h.start and h.end <= e and (
            kinds is None or h.kind in kinds) for s, e, kinds in vouched)]

    def _report(self, part: str, paragraph: int | None, folded: Folded, hits: list[Hit]) -> None:
        for hit, around in zip(hits, contexts(folded, hits), strict=True):
            self.add(part, hit.kind, paragraph, around)


def _tail_for(text: str, tail: str) -> str:
    """The next table cell, read with ``text`` for a date of birth only where ``text`` is a
    label whose value is not in it: it ends with a birth label ("Date of birth:"), or is a
    short heading holding one ("Date of birth (dd/mm/yyyy)"), not a bracketed note of removal.
    "Mrs A, born [date of birth removed]" or "[date of birth removed]" beside "12/03/2025"
    holds its own value, and the next cell's date is another. Each cell is read on its own as
    before."""
    return tail if tail and heads_births(text) else ""


def _text_events(text: str, registry: Registry, events: list, depth: int = 0) -> None:
    """(folded, hits) of ``text`` and of each copy decoded from it (and from those, four
    levels down), in reading order."""
    if not text or text.isspace() or depth > 4:
        return
    folded = fold(text)
    hits = hits_in(folded, registry)
    if hits:
        events.append((folded, hits))
    for plain in decoded(text, registry.memo.words):
        _text_events(plain, registry, events, depth + 1)
