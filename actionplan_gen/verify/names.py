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
    letters = any(len(a) == 1 == len(b) for a, b in zip(words, words[1:], strict=False))
    if letters:
        for run in _SPELT.finditer(low):
            hits += _spelt_out(run, fragments)
    hits += initials_hits(folded, words, fragments, letters)
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
    """"E l l i s o n": runs of single letters, read as words. Where ``scan``'s shortcut asks
    it (``patterns.MAY_MATCH`` found single letters in a row), also a listed person's
    initials so written ("m.e."), in either case (``initials_hits`` reads the case)."""
    runs = _initials(fragments)[0]
    hits = []
    for run in _SPELT.finditer(low):
        hits += _spelt_out(run, fragments, runs)
    return hits


# ------------------------------------------------------------------ initials
# A report anonymised by hand writes a person's initials ("Mrs M.E.", "Patient initials: RE",
# "(M.E.)", "ME" in a comment's w:initials) or a title and the real initial of the surname
# ("Mrs E"): apgen's pseudonyms never use a person's own initial. Registry.fragments holds
# them as "initials:me" and "titled:e" (never a token: only these rules read them). The
# scanner's shortcut (scan._nothing_in) reads a text with the rules where it holds single
# letters in a row (dotted initials: MAY_MATCH, then spelt_out), the word "initials"
# (TRIGGER_WORDS), or a token of ``initial_tokens`` (in Registry.near). Initials that are a
# common word ("ME", "DO") are not looked for run together after a title or as a whole text:
# the shortcut would have to read every text holding the word.
_HONORIFIC = r"(?:mrs|mr|ms|miss|mx|mister|master|dr)"
_RUN = r"(?:[a-z]\.\s?){1,3}[a-z]\.?|[a-z]{2,4}"  # dotted ("m.e.", "r. e.") or run together
_LABELLED = fixed(rf"(?<![a-z])initials?\b[^a-z0-9]{{0,4}}(?:(?:are|were|is|was)\s+)?"
                  rf"({_RUN})(?![a-z0-9])")
_AFTER_TITLE = fixed(rf"(?<![a-z]){_HONORIFIC}(?:\.\s*|\s+)([a-z]{{2,4}})(?![a-z0-9])")
_DOTTED = fixed(r"(?<![a-z0-9])(?<![0-9] )(?:[a-z]\.\s?){1,3}[a-z]\.?(?![a-z0-9])")
_WHOLE = fixed(r"\A[\W_]*([a-z]{2,4})[\W_]*\Z")
_WHOLE_LONGEST = 16
_TITLE_LETTER = fixed(rf"(?<![a-z]){_HONORIFIC}(?:\.\s*|\s+)([a-z])(?![a-z0-9])")
# Initials that are also common words: the shortcut does not read every text holding one
# ("do", "me"), so they are found run together only after a label or as a whole text.
_COMMON_SHORT = frozenset(re.findall(r"\w+", (
    "am an as at be by do go ha he hi ho if in is it lo me my no of oh ok on or ox pa re so "
    "to up us we ye yo id eg ie uk nb pm "
    "all and any are ask bad bed big bit box boy but buy can car cut day did die dog due eat "
    "end far few fit for fun get got had has her him his hot how its job let lot low man may "
    "men met new nor not now odd off old one our out own pay per put ran red run sad saw say "
    "see set she sit six son sum ten the too top try two use via war was way who why win yes "
    "yet you also area back been best both call came care case come days does done down each "
    "even ever fact feel felt find five four from full gave give good half hand have head "
    "help here high home into just keep kind know last left less life like line live long "
    "look made make many more most move much must name need next note once only open over "
    "part past plan read said same seen side some soon take talk tell than that them then "
    "they this time told took true turn very wait want ward week well went were what when "
    "will with word work year your")))


def initial_tokens(fragments: frozenset[str]) -> frozenset[str]:
    """The tokens that make the shortcut read a text for initials: each surname initial after
    which a title is looked for, and initials run together that are not a common word."""
    runs, titled = _initials(fragments)
    return titled | (runs - _COMMON_SHORT)


@lru_cache(maxsize=8)
def _initials(fragments: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    """(initials run together, surname initials after a title) held in ``fragments``."""
    return (frozenset(f[9:] for f in fragments if f.startswith("initials:")),
            frozenset(f[7:] for f in fragments if f.startswith("titled:")))


def initials_hits(folded: Folded, words: list[str], fragments: frozenset[str],
                  letters: bool) -> list[Hit]:
    """A listed person's initials dotted, in capitals ("M.E.", "R. E.", not "10 a.m." or
    "e.g."); after an "initials" label ("initials: RE"); where they are no common word, in
    capitals after a title ("Mrs SK") or as the whole of a short text ("SK"). And a title
    before a lettered person's real surname initial ("Mrs E", "Mr E's"). ``letters``:
    whether ``words`` has single letters in a row."""
    runs, titled = _initials(fragments)
    if not runs:
        return []
    low, text = folded.lower, folded.text
    hits = []
    if titled and not titled.isdisjoint(words):
        hits += [Hit(NAME, m.start(), m.end()) for m in _TITLE_LETTER.finditer(low)
                 if m.group(1) in titled and text[m.start(1)].isupper()]
    if "initial" in low:
        hits += [Hit(NAME, m.start(1), m.end(1)) for m in _LABELLED.finditer(low)
                 if _letters(m.group(1)) in runs and ("." in m.group(1) or _upper(text, m, 1))]
    routed = runs - _COMMON_SHORT
    if routed and not routed.isdisjoint(words):
        hits += [Hit(NAME, m.start(1), m.end(1)) for m in _AFTER_TITLE.finditer(low)
                 if m.group(1) in routed and _upper(text, m, 1)]
    if letters:
        hits += [Hit(NAME, m.start(), m.end()) for m in _DOTTED.finditer(low)
                 if _letters(m.group()) in runs and _upper(text, m, 0)]
    if routed and len(low) <= _WHOLE_LONGEST and not routed.isdisjoint(words):
        whole = _WHOLE.match(low)
        if whole and whole.group(1) in routed and _upper(text, whole, 1):
            hits.append(Hit(NAME, whole.start(1), whole.end(1)))
    return hits


def _letters(run: str) -> str:
    return "".join(c for c in run if c.isalpha())


def _upper(text: str, match: re.Match, group: int) -> bool:
    return text[match.start(group):match.end(group)].isupper()


def _spelt_out(run: re.Match, fragments: frozenset[str],
               initials: frozenset[str] = frozenset()) -> list[Hit]:
    """Every stretch of a run of single letters, tried as one word (or as ``initials``)."""
    letters = list(LETTERS.finditer(run.string, run.start(), run.end()))
    hits = []
    for i in range(len(letters)):
        for j in range(i + 2, min(len(letters), i + _LONGEST_SPELLING) + 1):
            joined = "".join(x.group() for x in letters[i:j])
            if joined in fragments or joined in initials:
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
