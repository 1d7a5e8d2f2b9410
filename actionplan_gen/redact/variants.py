"""Names written otherwise than the plan lists them: misspelt by one letter, or a nickname.

A listed name word of five letters or more misspelt by one edit (a letter left out, added,
changed, or two side by side swapped: "Elison", "Ellisson", "Ellsion" for Ellison), and a
common English nickname of a listed forename ("Peggy", "Meg" for Margaret; "Bob" for
Robert), are read as the listed word itself, so every form of the name (with a title, the
whole name, a possessive...) is replaced by the same pseudonym or role as the listed person.

The rule, decided word by word in the folded text (``Watch.swaps``):

- Only whole words written with a capital ("Elison", "ELISON"); never a word in lower case.
- Never a word the plan lists as it is (someone's own name or alias), a name word with an
  "s" added ("the Ellisons", "Roberts" is another surname), a title, or an ordinary English
  word apgen knows (review.common_words and the short list below: "Grand" is not Grant,
  "Magpie" not Maggie, "More" not Moore), with its usual endings.
- Never before a word naming a place ("Allison Road", "Magpie Ward", "Bob Lane House"): a
  street or a building named after someone is not that person.
- A nickname that is also an ordinary word ("Will", "Bill", "Rob", "Pat", "Sue", "Peg";
  ``ORDINARY``), or shorter than three letters ("Al", "Jo"), is read as the forename only
  beside the person: right after a title ("Mr Bill", "Mrs Peg Ellison"), or followed by
  the listed person's surname (or a misspelling of it, "Bill Elison"); and when it is an
  auxiliary verb ("Will", "May"), not at the start of a sentence, where "Will Ellison attend?"
  is a question ("Ellison" alone is replaced as always). "Will you attend?", "the bill was
  paid" and "Rob the bank" stay as they are.
- A nickname right before a capitalised word that is not the person's surname is someone
  else's whole name ("Bob Smith", "Peggy Jones"), left whole rather than half replaced.

What is found is passed on to the names' forms, which decide as for the listed word
("Elison" alone is whoever "Ellison" alone is; "Mr Elison" is Mr Ellison).
"""

from __future__ import annotations

import re
import string
from functools import lru_cache

from actionplan_gen.records import record
from actionplan_gen.regexes import fixed
from actionplan_gen.redact.folding import Folded, fold
from actionplan_gen.redact.names import ALL_TITLES

# Forename -> its common English nicknames (folded). Compact: the diminutives in everyday
# use in the UK, not every historical one.
DIMINUTIVES = {
    "margaret": "maggie meg peggy peg madge marge margie maisie greta mags daisy rita",
    "robert": "bob bobby rob robbie robin bert bertie",
    "william": "bill billy will willie willy liam",
    "elizabeth": "liz lizzie lizzy beth betty bet bess bessie eliza libby elsie lisa",
    "richard": "dick rick ricky rich richie",
    "edward": "ed eddie ted teddy ned",
    "james": "jim jimmy jamie jem",
    "john": "jack johnny jonny",
    "jonathan": "jon jonny johnny",
    "thomas": "tom tommy",
    "joseph": "joe joey",
    "charles": "charlie chas chuck chaz",
    "henry": "harry hal hank",
    "michael": "mike mick micky mikey",
    "david": "dave davy davie",
    "daniel": "dan danny",
    "anthony": "tony ant",
    "antony": "tony ant",
    "christopher": "chris kit topher",
    "christine": "chris chrissie tina",
    "christina": "chris chrissie tina",
    "stephen": "steve stevie",
    "steven": "steve stevie",
    "peter": "pete",
    "patrick": "pat paddy",
    "patricia": "pat patsy patty trish tricia",
    "susan": "sue susie suzy",
    "suzanne": "sue susie suzy",
    "catherine": "cath cathy kate katie kath kathy kitty",
    "katherine": "kate katie kath kathy kit kitty",
    "kathleen": "kath kathy",
    "deborah": "debbie debs deb",
    "rebecca": "becky becca",
    "jennifer": "jen jenny",
    "alexander": "alex sandy alec",
    "alexandra": "alex sandy lexie",
    "andrew": "andy drew",
    "benjamin": "ben benny",
    "frederick": "fred freddie freddy",
    "gerald": "gerry",
    "gerard": "gerry",
    "kenneth": "ken kenny",
    "leonard": "len lenny leo",
    "matthew": "matt matty",
    "nicholas": "nick nicky",
    "philip": "phil pip",
    "phillip": "phil pip",
    "raymond": "ray",
    "ronald": "ron ronnie",
    "donald": "don donnie",
    "samuel": "sam sammy",
    "timothy": "tim timmy",
    "terence": "terry",
    "vincent": "vince vinny",
    "albert": "bert bertie al",
    "alfred": "alf alfie fred",
    "arthur": "art artie",
    "barbara": "barb babs",
    "dorothy": "dot dottie dolly dora",
    "eleanor": "ellie nell nellie",
    "helen": "nell nellie",
    "ellen": "nell nellie",
    "frances": "fran frankie fanny",
    "francis": "frank frankie",
    "joanna": "jo",
    "josephine": "jo josie",
    "judith": "judy jude",
    "mary": "molly polly mae may",
    "pamela": "pam",
    "penelope": "penny",
    "sarah": "sally sadie",
    "victoria": "vicky vicki tori",
    "valerie": "val",
    "winifred": "win winnie",
    "angela": "angie ange",
    "priya": "pri",
    "fiona": "fi fifi",
    "laura": "laurie",
    "abigail": "abbie abby gail",
    "gwendolyn": "gwen",
    "gwenllian": "gwen",
    "llewellyn": "llew",
    "dafydd": "dai",
    "siobhan": "shiv",
}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Nicknames that are also ordinary words (or auxiliary verbs): read as a name only beside
# the person (see the module's rule).
ORDINARY = _words(
    "will bill rob pat sue peg dick rich jack sandy kit ray art drew chuck frank don ken "
    "nick penny dot dolly win harry nell may bet mags fanny daisy robin ant hank pip jude "
    "rick ted")
AUXILIARIES = _words("will may can")
# English words one edit from common names (more in review.common_words): never misspellings.
ENGLISH = _words("""
    grand giant grunt graft grants angel angle angles ankle moor more mores moose morse
    magpie margin margins aura mauve robber robe robes daniels denial donor
    honor honour manor minor motor rotor tutor moral mural coral carol choral laurel
    elision alliance collision ballot barrow arrow narrow harrow
    marrow sorrow borrow follow hollow hallow fallow mallow shallow willow pillow billow
    yellow fellow bellow mellow cellar collar dollar pillar stellar hector nectar sector
    vector doctor factor tractor actor manager matron nurse sister brother mother father
    daughter cousin uncle family ward wards house court grove green greene brown browne
    white black gray grey young king kings queen prince princes knight baker barker banker
    parker porter potter carter hunter butler cook cooke clark clarke wright smith smyth
    waters walker walkers fisher taylor tailor miller millar mills wood woods hill hills
    field fields stone stones marsh marshal marshall street martin martins sunday monday
    tuesday wednesday thursday friday saturday january february march april june july
    august september october november december annual manual mutual casual visual usual
    ritual actual dental mental rental rental central general federal several natural
    rural plural moral final local vocal focal total metal petal medal pedal model modal
    noble nobel table cable fable label level novel hotel motel panel camel angelic
    evening morning meeting greeting heating seating eating beating reading leading
    heading trading grading loading hearing bearing wearing sharing caring daring
    paring baring staring nursing cursing parsing
""")
# Words after which a capitalised word names a place, not a person.
PLACE_WORDS = _words("""
    road rd street st lane ln crescent way close cl avenue ave drive dr court ct gardens
    place pl terrace grove mews row walk square hill rise view park ward wing unit house
    centre center hospital clinic surgery practice school college lodge hall building suite
    block room estate farm manor cottage cottages villas parade green
""")
_LETTERS = fixed(r"[^\W\d_]+")
_WORD_AFTER = fixed(r" *([^\W\d_]+)")  # not after a comma: "Peggy, Unit manager"
_TITLE_BEFORE = fixed(r"(?<![^\W\d_])(?:" + "|".join(ALL_TITLES) + r")\.? ?\Z")
_TITLES = frozenset(ALL_TITLES)
_ENDINGS = (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("d", ""),
            ("ing", ""), ("ing", "e"), ("ly", ""), ("ers", ""), ("er", ""), ("ment", ""))


@record
class Variant:
    word: str  # the listed name word it stands for (folded)
    nickname: bool
    guarded: bool  # read as a name only beside the person (an ordinary word, or short)
    surnames: frozenset[str]  # the surnames of the people whose forename it shortens


def edits(word: str) -> set[str]:
    """Every word one edit from ``word`` (a letter dropped, added, changed, or two side by
    side swapped), letters a to z."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    letters = string.ascii_lowercase
    found = {a + b[1:] for a, b in splits if b}
    found |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    found |= {a + c + b[1:] for a, b in splits if b for c in letters}
    found |= {a + c + b for a, b in splits for c in letters}
    found.discard(word)
    return found


@lru_cache(maxsize=64)
def _table(people: tuple[tuple[str, ...], ...]) -> dict[str, Variant]:
    """Folded word -> what it stands for, for ``people`` given as each person's names
    (name, then aliases). Nicknames first, then misspellings; first listed person first."""
    listed = {word for names in people for name in names for word in _LETTERS.findall(name)}
    table: dict[str, Variant] = {}
    for names in people:
        words = [_LETTERS.findall(name) for name in names]
        surnames = frozenset(w[-1] for w in words if len(w) > 1)
        for parts in words:
            if len(parts) < 1:
                continue
            for nick in DIMINUTIVES.get(parts[0], "").split():
                if nick not in listed and "-" not in nick:
                    table.setdefault(nick, Variant(parts[0], True,
                                                   nick in ORDINARY or len(nick) < 3, surnames))
    done: set[str] = set()  # a word listed again ('Ellison' of two people) adds nothing new
    for names in people:
        for word in dict.fromkeys(w for name in names for w in _LETTERS.findall(name)):
            if len(word) < 5 or not word.isascii() or word in done:
                continue
            done.add(word)
            typos = edits(word) - listed - table.keys() - _TITLES
            typos.discard(word + "s")
            table.update(dict.fromkeys(typos, Variant(word, False, False, frozenset())))
    return table


def _english(word: str) -> bool:
    """An ordinary word apgen knows, or one of its usual endings ("angels", "margins")."""
    from actionplan_gen.redact.review import common_words  # its word list, read once

    known = common_words()
    if word in ENGLISH or word in known:
        return True
    for ending, stem in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            base = word[:-len(ending)] + stem
            if base in ENGLISH or base in known:
                return True
    return False


class Watch:
    """The words to watch for, for one plan's people."""

    def __init__(self, people: tuple[tuple[str, ...], ...]):
        self.table = _table(people)
        self.words = frozenset(self.table)

    def swaps(self, folded: Folded, text: str) -> list[tuple[int, int, str]]:
        """(start, end, listed word) in folded text for each word read as a listed one."""
        found = []
        line = folded.text
        for m in _LETTERS.finditer(line):
            variant = self.table.get(m.group())
            if variant is None or not text[folded.origin[m.start()]].isupper():
                continue
            after = _WORD_AFTER.match(line, m.end())
            following = after.group(1) if after and line[m.end():after.start(1)] == " " \
                else ""
            if following in PLACE_WORDS:
                continue
            if not variant.nickname and _english(m.group()):
                continue
            if variant.guarded and not self._beside(line, m, variant, following):
                continue
            if variant.nickname and following and following not in variant.surnames and \
                    text[folded.origin[after.start(1)]].isupper() and \
                    getattr(self.table.get(following), "word", None) not in variant.surnames:
                continue  # 'Bob Smith': someone else, whose name is not half replaced
            found.append((m.start(), m.end(), variant.word))
        return found

    def _beside(self, line: str, m: re.Match, variant: Variant, following: str) -> bool:
        if _TITLE_BEFORE.search(line, max(0, m.start() - 14), m.start()):
            return True
        surname = following if following in variant.surnames else getattr(
            self.table.get(following), "word", None)
        if surname not in variant.surnames:
            return False
        return not (m.group() in AUXILIARIES and _sentence_start(line, m.start()))


def _sentence_start(line: str, start: int) -> bool:
    at = start  # line[:start].rstrip(), read back only over the spaces before the word
    while at > 0 and line[at - 1].isspace():
        at -= 1
    return at == 0 or line[at - 1] in ".!?:;\"'(\u2026"


def people_names(plan) -> tuple[tuple[str, ...], ...]:
    """Each person's folded name and aliases, in the plan's order (``Watch``'s key)."""
    return tuple(tuple(fold(name) for name in (person.name, *person.aliases))
                 for person in plan.people)


class Renamed:
    """Folded text with some words replaced by the listed words they stand for: ``text``,
    ``origin`` (original index of each character, as ``Folded``) and ``base`` (the folded
    index of each character). A replaced word's first and last characters map to the
    first and last of the word as written."""

    def __init__(self, folded: Folded, swaps: list[tuple[int, int, str]]):
        pieces: list[str] = []
        base: list[int] = []
        at = 0
        for start, end, word in swaps:
            pieces.append(folded.text[at:start])
            base.extend(range(at, start))
            pieces.append(word)
            last, width = len(word) - 1, end - 1 - start
            base.extend(start + (k * width) // last if last else start
                        for k in range(len(word)))
            at = end
        pieces.append(folded.text[at:])
        base.extend(range(at, len(folded.text)))
        self.text = "".join(pieces)
        self.base = base
        self.origin = [folded.origin[i] for i in base]

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.origin[start], self.origin[end - 1] + 1

    def to_folded(self, start: int, end: int) -> tuple[int, int]:
        return self.base[start], self.base[end - 1] + 1
