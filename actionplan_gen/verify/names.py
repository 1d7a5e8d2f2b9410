"""Registered people by token: name fragments and address lines.

A fragment matches a whole letter token, never part of one ("Tom" is not in
"Customer" or "Tomlinson"), but also the joins a typist or Word can make: a
hyphen at a line break ("Elli- son"), letters spelt out ("E l l i s o n").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from actionplan_gen.regexes import fixed
from actionplan_gen.verify.folding import LETTERS, NARROW, Folded
from actionplan_gen.verify.hit import ADDRESS, NAME, Hit

_L = r"[^\W\d_]"
_HYPHEN = fixed(r"-\s*")
_WORD_BEFORE = fixed(rf"{_L}+\Z")
_SPELT = fixed(rf"(?<!{_L}){_L}(?:[\s.'-]{{1,3}}{_L}(?!{_L}))+")
_TRAILING = fixed(rf"({_L}+)-\s*$")
_LEADING = fixed(rf"^\s*({_L}+)")
_LONGEST_SPELLING = 40
# Controls that make a reader see the letters after them in reverse order.
_REVERSING = frozenset("\u202e\u202b\u2067\u200f\u061c")


def name_hits(folded: Folded, words: list[str], fragments: frozenset[str]) -> list[Hit]:
    """``words``: the letter tokens of ``folded.lower``, already found by the caller."""
    if not fragments:
        return []
    low = folded.lower
    hits = []
    if not fragments.isdisjoint(words):
        hits = [Hit(NAME, m.start(), m.end()) for m in LETTERS.finditer(low)
                if m.group() in fragments]
    if "-" in low:
        hits += hyphenated(low, fragments)
    if any(len(a) == 1 == len(b) for a, b in zip(words, words[1:], strict=False)):
        hits += spelt_out(low, fragments)
    if folded.origin is not None:  # only text with characters other than printable ASCII
        original = folded.original
        if any(_gap(c) for c in set(original)):
            hits += _gap_joined(folded, fragments)
        if not _REVERSING.isdisjoint(original):
            hits += [Hit(NAME, m.start(), m.end()) for m in LETTERS.finditer(low)
                     if m.group()[::-1] in fragments]
    return hits


def read_as_written(folded: Folded) -> bool:
    """Whether ``name_hits`` reads ``folded`` only by its tokens, hyphens and single
    letters: printable ASCII, or text with no narrow gap and no reversing control (the
    two things it reads from the original characters)."""
    if folded.origin is None:
        return True
    original = folded.original
    return _REVERSING.isdisjoint(original) and not any(_gap(c) for c in set(original))


def _gap(char: str) -> bool:
    """A character a reader may not see as a break between letters: a narrow space, a
    private-use or unassigned glyph."""
    return char in NARROW or unicodedata.category(char) in ("Co", "Cn")


def _gap_joined(folded: Folded, fragments: frozenset[str]) -> list[Hit]:
    """"Elli\u200ason", "Elli\ue000son": letters either side of narrow gaps, joined."""
    hits = []
    chain: list[re.Match] = []
    for m in LETTERS.finditer(folded.lower):
        if chain:
            gap = folded.original[folded.source(chain[-1].end()):folded.source(m.start())]
            if not (gap and all(_gap(c) or not c.strip() and c not in " \t\n\u00a0"
                                for c in gap) and any(_gap(c) for c in gap)):
                hits += _joins(chain, fragments)
                chain = []
        chain.append(m)
    return hits + _joins(chain, fragments)


def _joins(chain: list[re.Match], fragments: frozenset[str]) -> list[Hit]:
    hits = []
    for i in range(len(chain)):
        for j in range(i + 2, min(len(chain), i + _LONGEST_SPELLING) + 1):
            if "".join(x.group() for x in chain[i:j]) in fragments:
                hits.append(Hit(NAME, chain[i].start(), chain[j - 1].end()))
    return hits


def hyphenated(low: str, fragments: frozenset[str]) -> list[Hit]:
    """"Elli-son", "Elli- son": the words either side of a hyphen, joined. A word after a
    hyphen that ends no fragment joins none."""
    suffixes = _suffixes(fragments)
    hits = []
    for hyphen in _HYPHEN.finditer(low):
        after = LETTERS.match(low, hyphen.end())
        if not after or after.group() not in suffixes:
            continue
        before = _WORD_BEFORE.search(low, max(0, hyphen.start() - 40), hyphen.start())
        if before and before.group() + after.group() in fragments:
            hits.append(Hit(NAME, before.start(), after.end()))
    return hits


@lru_cache(maxsize=8)
def _suffixes(fragments: frozenset[str]) -> frozenset[str]:
    return frozenset(fragment[i:] for fragment in fragments for i in range(1, len(fragment)))


def spelt_out(low: str, fragments: frozenset[str]) -> list[Hit]:
    """"E l l i s o n": runs of single letters, read as words."""
    hits = []
    for run in _SPELT.finditer(low):
        hits += _spelt_out(run, fragments)
    return hits


def _spelt_out(run: re.Match, fragments: frozenset[str]) -> list[Hit]:
    """Every stretch of a run of single letters, tried as one word."""
    letters = list(LETTERS.finditer(run.string, run.start(), run.end()))
    hits = []
    for i in range(len(letters)):
        for j in range(i + 2, min(len(letters), i + _LONGEST_SPELLING) + 1):
            if "".join(x.group() for x in letters[i:j]) in fragments:
                hits.append(Hit(NAME, letters[i].start(), letters[j - 1].end()))
    return hits


def broken_across(before: Folded, after: Folded, fragments: frozenset[str]) -> Hit | None:
    """A name hyphenated at the end of ``before`` and finished at the start of ``after``."""
    if not before.lower.rstrip().endswith("-"):
        return None
    tail = _TRAILING.search(before.lower)
    head = _LEADING.match(after.lower)
    if tail and head and tail.group(1) + head.group(1) in fragments:
        return Hit(NAME, tail.start(1), len(before.lower))
    return None


def address_hits(folded: Folded, addresses: tuple[tuple[str, ...], ...]) -> list[Hit]:
    """A registered address line as a sequence of words, whatever joins them."""
    if not addresses:
        return []
    return [Hit(ADDRESS, m.start(), m.end()) for m in address_pattern(addresses).finditer(
        folded.lower)]


@lru_cache(maxsize=8)
def address_pattern(addresses: tuple[tuple[str, ...], ...]) -> re.Pattern:
    lines = sorted((r"[\W_]+".join(map(re.escape, line)) for line in addresses),
                   key=len, reverse=True)
    # Bounded by letters only, as name fragments are: "14WRENCLOSE" holds "wrenclose".
    return re.compile(rf"(?<!{_L})(?:{'|'.join(lines)})(?!{_L})")
