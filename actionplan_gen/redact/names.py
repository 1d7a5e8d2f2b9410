"""Every written form of every registered name, and who each person becomes.

Complainants, patients, relatives and representatives (and anyone else without
a role) get pseudonyms in the style of the plan's ombudsman (its profile's
``pseudonyms``), in order of appearance in ``people``: PHSO "Mrs A", "Mr B"; LGSCO
from "B"; SPSO role letters without titles, "C" the complainant and "A" the
aggrieved. A letter equal to one of the person's own initials is skipped, and a
``pseudonym`` given in the plan is used as it stands. Staff, and others with a role,
become their role: "the Head of Patient Experience".
"""

from __future__ import annotations

import re
import string
from typing import TYPE_CHECKING

from actionplan_gen.records import record
from actionplan_gen.regexes import fixed
from actionplan_gen.ombudsmen import profile
from actionplan_gen.people import PSEUDONYMISED, TITLES
from actionplan_gen.redact.folding import fold

try:  # the engine's own parser and compiler (``compiled``); another Python may differ
    import _sre
    from re import _compiler, _parser
    from re._constants import LITERAL as _LITERAL
except ImportError:  # pragma: no cover - then names are compiled from their text
    _parser = None

if TYPE_CHECKING:
    from actionplan_gen.model import Person, Plan

# The titles validation knows, and those a writer may use instead ('Mister Ellison').
ALL_TITLES = (*TITLES, "mister", "madam", "madame", "mme", "mlle", "reverend", "cllr",
              "councillor", "baroness")
_TITLE = r"(?:" + "|".join(ALL_TITLES) + r")\.?"
_TITLE_WIDEST = max(map(len, ALL_TITLES)) + 1  # and its full stop
_LETTER_RUN = fixed(r"[^\W\d_]+")
_TITLE_WORDS = frozenset(ALL_TITLES)


@record
class Form:
    """One way of writing one person's name, as a regex over folded text."""

    person: str
    pattern: str
    words: int  # how many words: single words must be capitalised to be replaced

    @property
    def single(self) -> bool:
        return self.words == 1


def replacements(plan: Plan) -> dict[str, str]:
    """person id -> how the regulator copy names them ("Mrs A", "the Ward Manager", "C")."""
    style = profile(plan.body).pseudonyms
    letters = list(string.ascii_uppercase)
    start = letters.index(plan.regulator_copy.pseudonym_start or style.start)
    queue = letters[start:] + letters[:start]
    # Letters the plan gives itself, and the style's role letters, are not handed out again.
    for person in plan.people:
        if person.pseudonym and person.pseudonym.split()[-1] in queue:
            queue.remove(person.pseudonym.split()[-1])
    roles = {letter for _, letter in style.role_letters}
    queue = [x for x in queue if x not in roles]
    result: dict[str, str] = {}
    for person in plan.people:
        if person.pseudonym:
            result[person.id] = person.pseudonym
            continue
        if person.role and person.kind not in PSEUDONYMISED:
            role = person.role.strip()
            result[person.id] = role if role.lower().startswith("the ") else f"the {role}"
            continue
        letter = style.role_letter(person.kind)
        if letter is None or letter in result.values():
            letter = _next_letter(queue, person, style.skip_own_initials, len(result))
        titled = style.titles and person.title and not (person.child and style.child == "letter")
        if titled:
            result[person.id] = f"{person.title} {letter}"
        elif style.titles and not person.child:
            result[person.id] = f"Person {letter}"
        else:
            result[person.id] = letter  # SPSO's role letters, and LGSCO's children
    return result


def _next_letter(queue: list[str], person: Person, skip_initials: bool, used: int) -> str:
    """The first free letter, never one of the person's own initials when the style says so;
    past Z, numbers (never a repeat)."""
    initials = {w[0].upper() for w in _LETTER_RUN.findall(person.name)} \
        if skip_initials else set()
    free = [x for x in queue if x not in initials]
    letter = free[0] if free else f"{used + 1}"
    if letter in queue:
        queue.remove(letter)
    return letter


def forms(plan: Plan) -> list[Form]:
    """All name forms of all people, longest first (so 'Mrs Ellison' beats 'Ellison')."""
    found: list[Form] = []
    for person in plan.people:
        found.extend(_person_forms(person))
    if _in_welsh(plan):
        found.extend(Form(f.person, mutated, 1) for f in list(found) if f.single
                     for mutated in _mutated(f.pattern))
    # Longer patterns first; for equal length keep people order (first-listed wins).
    return sorted(found, key=lambda f: (-f.words, -len(f.pattern)))


def _person_forms(person: Person) -> list[Form]:
    result: list[Form] = []
    for name in (person.name, *person.aliases):
        words = [re.escape(w) for w in fold(name).split()]
        if not words:
            continue
        gap = r"\s?"  # folded text has single spaces
        full = " ".join(words)
        result.append(Form(person.id, rf"(?:{_TITLE} )?{full}".replace(" ", gap), len(words) + 1))
        if len(words) > 1:
            first, surname = words[0], words[-1]
            initial = re.escape(fold(name)[0])
            if person.title:
                # Their own title first: 'Mr Ellison' is Robert even when Margaret is listed first.
                own = re.escape(fold(person.title))
                own = "(?:mr|mister)" if own == "mr" else own
                result.append(Form(person.id, rf"{own}\.? {surname}", 3))
            result.append(Form(person.id, rf"(?:{_TITLE} )?{initial}\.? ?{surname}", 2))
            result.append(Form(person.id, rf"{_TITLE} {surname}", 2))
            result.append(Form(person.id, rf"{_TITLE} {first}", 2))
            result.append(Form(person.id, surname, 1))
            result.append(Form(person.id, first, 1))
            # double-barrelled surnames: each part on its own
            for part in surname.split(r"\-"):
                if part != surname and len(part) > 2:
                    result.append(Form(person.id, part, 1))
                    # 'Mrs Hughes' for Margaret Ellison-Hughes: the title goes too, never
                    # 'Mrs Mrs A'
                    result.append(Form(person.id, rf"{_TITLE} {part}", 2))
        else:
            result.append(Form(person.id, full, 1))
    return result


# Welsh changes a word's first consonant after some words ("at Wenllian" for Gwenllian):
# soft, nasal and aspirate mutations, (radical, mutated), on folded letters.
_MUTATIONS = (("p", "b"), ("t", "d"), ("c", "g"), ("b", "f"), ("d", "dd"), ("g", ""),
              ("m", "f"), ("ll", "l"), ("rh", "r"), ("p", "mh"), ("t", "nh"), ("c", "ngh"),
              ("b", "m"), ("d", "n"), ("g", "ng"), ("p", "ph"), ("t", "th"), ("c", "ch"))


def _in_welsh(plan: Plan) -> bool:
    """Whether anything apgen writes for the plan may be in Welsh: only then are mutated
    forms names ("men" is not Ben in English)."""
    return (plan.body == "PSOW" or getattr(plan, "language", "en") != "en"
            or any(getattr(p, "language", "en") != "en" for p in plan.parties))


def _mutated(word: str) -> list[str]:
    """The mutated forms of one folded name word, as patterns: 'gwenllian' -> 'wenllian'."""
    if not word.isalpha():
        return []
    forms = {mutated + word[len(radical):] for radical, mutated in _MUTATIONS
             if word.startswith(radical)}
    return sorted(form for form in forms if len(form) >= 3 and form != word)


def words(plan: Plan) -> dict[str, str]:
    """Folded name word -> person id (first listed wins): for names broken across a line,
    where 'Elli-' ends one line and 'son' starts the next."""
    result: dict[str, str] = {}
    for person in plan.people:
        for name in (person.name, *person.aliases):
            for word in _LETTER_RUN.findall(fold(name)):
                if len(word) >= 2:
                    result.setdefault(word, person.id)
    return result


def joined(plan: Plan) -> dict[str, str]:
    """Folded name word, or a whole name run together ('margaretellison'), or first name and
    surname run together -> person id (first listed wins): for names whose letters are
    parted by blanks a reader does not see ('Elli\u200ason', 'Margaret\u2009Elli\u2009son')."""
    result = words(plan)
    for person in plan.people:
        for name in (person.name, *person.aliases):
            parts = _LETTER_RUN.findall(fold(name))
            if len(parts) > 1:
                result.setdefault("".join(parts), person.id)
                result.setdefault(parts[0] + parts[-1], person.id)
    return result


def initials(plan: Plan) -> dict[str, str]:
    """A listed person's initials, folded ("me" for Margaret Ellison: every word's first
    letter, up to four words, and the first and last word's) -> person id, first listed
    first. Titles written into a name are no part of them."""
    result: dict[str, str] = {}
    for person in plan.people:
        words = [w for w in _LETTER_RUN.findall(fold(person.name)) if w not in _TITLE_WORDS]
        if len(words) > 1:
            result.setdefault("".join(w[0] for w in words[:4]), person.id)
            result.setdefault(words[0][0] + words[-1][0], person.id)
    return result


def title_letters(plan: Plan, shown_as: dict[str, str]) -> dict[tuple[str, str], str]:
    """(title, surname initial), folded -> person id: "Mrs E" for Mrs Margaret Ellison, with
    her own title only ("mister" for "mr" too), first listed first. Never a letter one of
    the plan's pseudonyms (``shown_as``) uses: "Mr B" may be the pack's own name for someone."""
    used = {value.split()[-1].lower() for value in shown_as.values()
            if value.split() and len(value.split()[-1]) == 1}
    result: dict[tuple[str, str], str] = {}
    for person in plan.people:
        words = [w for w in _LETTER_RUN.findall(fold(person.name)) if w not in _TITLE_WORDS]
        title = fold(person.title or "").strip(" .")
        if len(words) < 2 or not title or words[-1][0] in used:
            continue
        for written in ("mr", "mister") if title == "mr" else (title,):
            result.setdefault((written, words[-1][0]), person.id)
    return result


NEVER = fixed(r"(?!)")


def widest(form_list: list[Form]) -> int | None:
    """How many characters a match of ``regex(form_list)`` holds at most (its look-arounds
    hold none), or None when that is not known. A form is written in literal characters,
    escapes, classes, optional parts and alternations, each matching no more characters than
    it is written in, and titles (at most the longest title and its full stop); a form with
    a repeat ('*', '+' or '{', even escaped) is not counted on."""
    widths = [0]
    for form in form_list:
        if any(char in form.pattern for char in "*+{"):
            return None
        widths.append(len(form.pattern.replace(_TITLE, "t" * _TITLE_WIDEST)))
    return max(widths)


def pieces(plan: Plan) -> frozenset[str]:
    """The letter runs of every folded name and alias (and, in Welsh plans, their mutated
    forms): every form in ``forms`` holds at least one of them literally."""
    runs = {run for person in plan.people for name in (person.name, *person.aliases)
            for run in _LETTER_RUN.findall(fold(name))}
    if _in_welsh(plan):
        runs |= {form for run in runs for form in _mutated(run)}
    return frozenset(runs)


def regex(form_list: list[Form]) -> re.Pattern:
    """One alternation over every form, each a named group per form index, whole words only.

    A plan without people has no forms; an empty alternation would match the empty string
    everywhere (with no named group to say whose name it was), so it gets a never-matching
    pattern instead."""
    if not form_list:
        return NEVER
    parts = [f"(?P<f{i}>{f.pattern})" for i, f in enumerate(form_list)]
    # Bounded by letters only, as the verifier's tokens are: 'Ellison2026', 'Ellison_file.pdf'
    # and a footnote 'Ellison3' are found (the redactor decides what replaces them).
    return compiled(r"(?<![^\W\d_])(?:" + "|".join(parts) + r")(?![^\W\d_])")


# A character no form holds (private-use characters fold to a space), standing for _TITLE.
_STAND_IN = "\ue000"


def compiled(pattern: str) -> re.Pattern:
    """``re.compile(pattern)``, the same pattern (equal: the same text, flags and code), with
    its titles read once. Python's compiler reads a pattern's text one character at a time,
    in Python, and _TITLE is most of a plan's names (37 times in a sample's 6,900
    characters): the pattern is read with a stand-in for each title, each stand-in is
    replaced by the title as read once, and the engine's code is made from the whole, as
    ``re.compile`` makes it. ``re.compile`` where that cannot be done."""
    if _STAND_IN in pattern or _TITLE not in pattern or _parser is None:
        return re.compile(pattern)
    try:
        tree = _parser.parse(pattern.replace(_TITLE, _STAND_IN))
        _put_back(tree, _parser.parse(_TITLE).data, set())
        code = _compiler._code(tree, 0)
        names = tree.state.groupdict
        index = [None] * tree.state.groups
        for name, number in names.items():
            index[number] = name
        return _sre.compile(pattern, tree.state.flags, code, tree.state.groups - 1, names,
                            tuple(index))
    except Exception:  # noqa: BLE001 - another Python's compiler: compile the text
        return re.compile(pattern)


def _put_back(tree, title: list, seen: set) -> None:
    """Each stand-in in the parsed ``tree`` replaced by the parsed ``title``'s items; every
    width the parser worked out (over stand-ins) forgotten, for the compiler to work out."""
    if id(tree) in seen:
        return
    seen.add(id(tree))
    tree.width = None
    data = []
    for op, av in tree.data:
        if op is _LITERAL and av == ord(_STAND_IN):
            data.extend(title)
            continue
        data.append((op, av))
        for value in av if isinstance(av, (tuple, list)) else (av,):
            for inner in value if isinstance(value, list) else (value,):
                if isinstance(inner, _parser.SubPattern):
                    _put_back(inner, title, seen)
    tree.data = data
