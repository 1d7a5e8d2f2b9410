"""What the plan says is personal, and the little it lets through.

Built from the plan alone, never from the redactor, so a form the redactor
misses is still looked for here.
"""

from __future__ import annotations

import re
from dataclasses import field

from actionplan_gen.regexes import fixed
from actionplan_gen.model import Plan
from actionplan_gen.records import record
from actionplan_gen.verify.folding import fold, key, tokens
from actionplan_gen.verify.names import initial_tokens
from actionplan_gen.verify.patterns import TITLES
from actionplan_gen.verify.variants import SHORTEST, nicknames, one_edit

_WORDS = fixed(r"[^\W_]+")
_HOUSE_NUMBER = fixed(r"\d+[a-z]?")


class Memo:
    """Results by exact string: a value's hits and a text's hits (its decoded copies
    included); and the exact bytes of XML parts in which nothing at all was found. Emptied
    when it grows past ``LIMIT`` entries or ``BYTES``. (Paragraphs are not kept: they
    rarely repeat, and keeping every one of a long report costs more than it saves.)"""

    __slots__ = ("values", "texts", "quiet_parts", "size", "quick", "words")
    LIMIT = 200_000
    BYTES = 64 << 20

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self.values: dict = {}
        self.texts: dict = {}
        self.quiet_parts: set[bytes] = set()
        self.size = 0  # bytes held in quiet_parts
        self.quick = None  # scan._nothing_in's words and address pattern for this registry
        self.words: dict = {}  # variants.variant_hits's findings about single words

    def full(self) -> bool:
        return (len(self.values) + len(self.texts) + len(self.quiet_parts)
                + len(self.words) > self.LIMIT
                or self.size > self.BYTES)


@record
class Registry:
    """Folded values: ``fragments`` and ``addresses`` are looked for; the rest vouch.

    ``fragments`` are name tokens, and entries that are never a token (they hold a colon),
    read only by ``names.initials_hits``: "initials:me" (a listed person's initials) and
    "titled:e" (a lettered person's surname initial that is no one's pseudonym letter:
    "Mrs E" is the real one).

    ``organisation``: the organisation's own details (lower-case keys), vouched
    everywhere; ``allow``: the plan's allow list, vouched exactly as written
    (case kept); ``case_references``: vouched for the long-number rule only.
    """

    fragments: frozenset[str] = frozenset()
    addresses: tuple[tuple[str, ...], ...] = ()
    organisation: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()
    case_references: tuple[str, ...] = ()
    local_patterns: tuple[re.Pattern, ...] = ()  # the plan's own identifier shapes
    # Names written another way (variants.py): one edit from a name token of five letters or
    # more (and, shorter, tokens of ``fragments``' "initials:" and "titled:" entries, there
    # only to make the scanner read a text holding one: names.initial_tokens); nicknames
    # of listed forenames; names of five letters or more looked for inside longer words.
    near: frozenset[str] = frozenset()
    nicknames: frozenset[str] = frozenset()
    inside: tuple[str, ...] = ()
    # What the scanner found in each exact string under this registry, kept between the
    # documents of one pack (their styles, themes and settings repeat): never compared,
    # and a fresh one for every registry made (dataclasses.replace included).
    memo: Memo = field(default_factory=Memo, init=False, repr=False, compare=False)

    @classmethod
    def from_plan(cls, plan: Plan) -> Registry:
        fragments = frozenset(
            token for person in plan.people for name in (person.name, *person.aliases)
            for token in tokens(name) if len(token) >= 2 and token not in TITLES
        ) | frozenset(joined for person in plan.people
                      for name in (person.name, *person.aliases,
                                   *_aliases_with_surname(person.name, person.aliases))
                      for joined in _joined(name)) | frozenset(
            plural for person in plan.people for plural in _plurals(person.name))
        if _writes_welsh(plan):
            fragments |= frozenset(form for fragment in fragments
                                   for form in welsh_mutations(fragment))
        fragments |= initials_entries(plan)
        addresses = {line for person in plan.people for text in person.address
                     for line in _address_forms(text)}
        org = plan.organisation
        details = (org.name, *org.address_lines, org.postcode, org.contact_email,
                   org.contact_phone, org.contact_team)
        organisation = tuple(key(d) for d in details
                             if d and d.strip() and not fragments.intersection(tokens(d)))
        names = {token for person in plan.people for name in (person.name, *person.aliases)
                 for token in tokens(name) if token not in TITLES}
        forenames = {token for person in plan.people for token in (
            [t for t in tokens(person.name) if t not in TITLES][:-1]
            + [t for alias in person.aliases for t in tokens(alias)])}
        nicks = frozenset(nicknames(forenames) - fragments)
        long_names = {n for n in names if len(n) >= SHORTEST}
        near = frozenset().union(*map(one_edit, long_names)) - fragments - nicks
        # Initials (names.initials_hits): their tokens make the scanner read a text.
        near |= initial_tokens(fragments)
        long_names |= {n for n in nicks if len(n) >= SHORTEST}
        return cls(fragments, tuple(sorted(addresses)), organisation,
                   tuple(fold(text).text for text, _reason in plan.regulator_copy.allow if text),
                   tuple(key(ref) for ref in plan.case_references if ref.strip()),
                   tuple(re.compile(p, re.IGNORECASE)
                         for p in plan.regulator_copy.local_id_patterns),
                   near, nicks, tuple(sorted(long_names)))


# Welsh changes a word's first consonant after some words ("i Wenllian", "fy Nghymru"):
# soft, nasal and aspirate mutations, as (radical, mutated) pairs on folded letters.
_MUTATIONS = (("p", "b"), ("t", "d"), ("c", "g"), ("b", "f"), ("d", "dd"), ("g", ""),
              ("m", "f"), ("ll", "l"), ("rh", "r"),
              ("p", "mh"), ("t", "nh"), ("c", "ngh"), ("b", "m"), ("d", "n"), ("g", "ng"),
              ("p", "ph"), ("t", "th"), ("c", "ch"))


def welsh_mutations(word: str) -> set[str]:
    """The mutated forms of a name fragment ("gwenllian" -> "wenllian", "ngwenllian"):
    looked for only in plans written in Welsh, since in English text "men" is not Ben."""
    forms = {mutated + word[len(radical):] for radical, mutated in _MUTATIONS
             if word.startswith(radical)}
    return {form for form in forms if len(form) >= 3 and form != word}


# People the regulator copy names by a letter unless they have a role (DESIGN.md section 7;
# the verifier keeps its own copy of the rule, as it shares no code with the redactor).
_LETTERED = ("complainant", "patient", "relative", "representative")


def initials_entries(plan: Plan) -> frozenset[str]:
    """"initials:me" for each listed person's initials (of every word of the name, up to four,
    and of the first and last only); "titled:e" for the surname initial of each person named by
    a letter, unless that letter is anyone's pseudonym ("Mr B" for Robert Ellison when Laura
    Benn is listed)."""
    out = set()
    lettered = []
    for person in plan.people:
        words = [t for t in tokens(person.name) if t not in TITLES]
        if len(words) >= 2:
            out.add("initials:" + "".join(w[0] for w in words[:4]))
            out.add("initials:" + words[0][0] + words[-1][0])
        if words and (person.pseudonym or not (person.role and person.kind not in _LETTERED)):
            lettered.append((person, words))
    letters = _pseudonym_letters(plan, lettered)
    if letters is not None:
        out |= {"titled:" + words[-1][0] for _, words in lettered if len(words) >= 2
                and words[-1][0].isascii() and words[-1][0] not in letters}
    return frozenset(out)


def _pseudonym_letters(plan: Plan, lettered) -> set[str] | None:
    """The letters the regulator copy hands out as pseudonyms (lower case), as DESIGN.md
    section 7 says: from the style's (or plan's) first letter on, in order of the people,
    never a letter the plan or the style's role letters keep, and never one of the person's
    own initials where the style says so. None if the style is unknown."""
    try:
        from actionplan_gen.ombudsmen import profile
        style = profile(plan.body).pseudonyms
    except Exception:  # noqa: BLE001 - an unknown style: no letter is known to be free
        return None
    alphabet = [chr(c) for c in range(ord("a"), ord("z") + 1)]
    first = (plan.regulator_copy.pseudonym_start or style.start or "A").lower()
    if first not in alphabet:
        return None
    queue = alphabet[alphabet.index(first):] + alphabet[:alphabet.index(first)]
    taken = {_last_letter(p.pseudonym) for p, _ in lettered if p.pseudonym}
    taken |= {_last_letter(p.pseudonym) for p in plan.people if p.pseudonym}
    taken |= {letter.lower() for _, letter in style.role_letters}
    taken.discard("")
    queue = [x for x in queue if x not in taken]
    used = set(taken)
    for person, words in lettered:
        if person.pseudonym:
            continue
        own = {w[0] for w in words} if style.skip_own_initials else set()
        free = [x for x in queue if x not in own]
        if free:
            used.add(free[0])
            queue.remove(free[0])
    return used


def _last_letter(pseudonym: str) -> str:
    word = pseudonym.split()[-1].lower() if pseudonym.split() else ""
    return word if len(word) == 1 and word.isalpha() else ""


def _writes_welsh(plan: Plan) -> bool:
    """Whether anything apgen writes for this plan may be in Welsh."""
    return (plan.body == "PSOW" or plan.language != "en"
            or any(party.language != "en" for party in plan.parties))


def _aliases_with_surname(name: str, aliases) -> list[str]:
    """'Maggie Ellison' for the alias Maggie of Margaret Ellison: run together it is a
    handle ("maggieellison"), which only a joined form finds."""
    words = [t for t in tokens(name) if t not in TITLES]
    return [f"{alias} {words[-1]}" for alias in aliases if len(words) > 1
            and len(tokens(alias)) == 1]


def _plurals(name: str) -> set[str]:
    """'the Ellisons': a family called by the surname's plural."""
    words = [t for t in tokens(name) if t not in TITLES]
    if len(words) < 2 or len(words[-1]) < 3:
        return set()
    surname = words[-1]
    return {surname + "s", surname + "es"}


def _joined(name: str) -> set[str]:
    """A name run together as user names and file names write it: "margaretellison",
    "mellison", "ellisonm", "ellisonmargaret"."""
    words = [t for t in tokens(name) if t not in TITLES]
    if len(words) < 2:
        return set()
    given, surname = words[:-1], words[-1]
    forms = {"".join(words), "".join(w[0] for w in given) + surname}
    for word in given:
        forms |= {word + surname, surname + word, word[0] + surname, surname + word[0]}
    return {form for form in forms if len(form) >= 5}


# How a street word is shortened ("Wren Cl", "Wren Cres").
_SHORT_STREET_WORDS = {
    "close": ("cl",), "crescent": ("cres", "cresc"), "road": ("rd",), "street": ("st",),
    "avenue": ("ave", "av"), "drive": ("dr",), "lane": ("ln",), "court": ("ct",),
    "gardens": ("gdns",), "place": ("pl",), "terrace": ("terr", "ter"), "square": ("sq",),
    "grove": ("gr",), "parade": ("pde",), "boulevard": ("blvd",),
}


def _address_forms(line: str) -> list[tuple[str, ...]]:
    """The line's words, and without its house number when a street name remains; with its
    street word shortened ("Wren Cl"); a house number and the street's name without its
    street word ("14 Wren, Northshire")."""
    words = tuple(_WORDS.findall(fold(line).lower))
    forms = [words] if words else []
    if len(words) >= 3 and _HOUSE_NUMBER.fullmatch(words[0]):
        forms.append(words[1:])
        forms.append(("".join(words[1:]),))  # "14WRENCLOSE": the spaces taken out
        if words[-1] in _SHORT_STREET_WORDS:
            forms.append(words[:-1])
    for form in list(forms):
        if len(form) >= 2:
            forms += [(*form[:-1], short) for short in _SHORT_STREET_WORDS.get(form[-1], ())]
    return forms
