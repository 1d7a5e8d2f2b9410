"""A registered name written another way: misspelt by one letter, shortened to a common
English nickname, or run into a longer word.

- One edit: a name token of five letters or more with one letter left out, doubled, added,
  changed or swapped with the next ("Elison", "Ellisson", "Margeret"), never its first letter
  (so "Allison" is not Ellison) and never an ordinary English word ("angel" is not Angela);
  the variant itself has five letters or more.
- A nickname of a listed forename (``NICKNAMES``: Maggie, Peggy, Meg and Madge for Margaret;
  Bob, Rob and Bobby for Robert...). One that is also an ordinary word ("Will", "Bill", "Rob")
  counts only written with a capital and not at the start of a sentence.
- Inside a longer word: a name, alias or nickname of five letters or more inside a word that
  is not an ordinary English word ("justiceformaggie", "TeamEllison"), where the word is
  written in one case or the name starts at a capital of it.
"""

from __future__ import annotations

import re
from string import ascii_lowercase

from actionplan_gen.regexes import fixed
from actionplan_gen.verify.folding import LETTERS, Folded
from actionplan_gen.verify.hit import NAME, Hit

SHORTEST = 5  # letters in a name that may be misspelt, and in a misspelling
_LONGEST_WORD = 40

# Common English diminutives of forenames (either way: a plan may list "Peggy").
NICKNAMES = {
    "margaret": "maggie mags meg peggy peg madge marge margie greta rita daisy molly",
    "robert": "bob bobby bobbie rob robbie robby bert bertie",
    "william": "bill billy billie will willie willy liam wills",
    "elizabeth": "liz lizzie lizzy beth betty bess bessie betsy libby eliza elsie",
    "richard": "rick ricky dick dickie rich richie",
    "james": "jim jimmy jimmie jamie jem",
    "john": "jack johnny jonny",
    "jonathan": "jon jonny johnny",
    "edward": "ed eddie eddy ted teddy ned",
    "thomas": "tom tommy",
    "charles": "charlie chas chuck",
    "henry": "harry hal hank",
    "catherine": "cathy cath kate katie kath kathy kitty kit cat",
    "katherine": "kathy kath kate katie kitty kit",
    "mary": "molly polly mae mamie",
    "sarah": "sally sal sadie",
    "susan": "sue susie suzy",
    "patricia": "pat patty patsy tricia trish",
    "patrick": "pat paddy",
    "anthony": "tony",
    "michael": "mike mick micky mickey",
    "christopher": "chris kit",
    "christine": "chris chrissie tina",
    "daniel": "dan danny",
    "david": "dave davy",
    "joseph": "joe joey",
    "samuel": "sam sammy",
    "benjamin": "ben benny",
    "alexander": "alex alec sandy",
    "alexandra": "alex sandy lexie",
    "frederick": "fred freddie freddy",
    "francis": "frank fran",
    "frances": "fran fanny frankie",
    "gerald": "gerry jerry",
    "geoffrey": "geoff",
    "kenneth": "ken kenny",
    "leonard": "len lenny leo",
    "matthew": "matt matty",
    "nicholas": "nick nicky",
    "peter": "pete",
    "philip": "phil pip",
    "raymond": "ray",
    "ronald": "ron ronnie",
    "donald": "don donnie",
    "stephen": "steve stevie",
    "steven": "steve stevie",
    "timothy": "tim timmy",
    "walter": "walt wally",
    "albert": "bert bertie al",
    "arthur": "art artie",
    "andrew": "andy drew",
    "angela": "angie",
    "barbara": "barb babs",
    "deborah": "deb debbie debby",
    "dorothy": "dot dottie dolly",
    "eleanor": "ellie nell nellie nora",
    "helen": "nell nellie",
    "jennifer": "jen jenny",
    "jacqueline": "jackie jacqui",
    "judith": "judy jude",
    "josephine": "jo josie",
    "joanne": "jo jo",
    "rebecca": "becky becca",
    "victoria": "vicky vicki tori",
    "virginia": "ginny",
    "wilhelmina": "mina minnie",
    "abigail": "abby abbie gail",
    "agnes": "aggie nessie",
    "amanda": "mandy",
    "ann": "annie nan nancy",
    "anne": "annie nan nancy",
    "caroline": "carrie caro",
    "christina": "chris tina",
    "cynthia": "cindy",
    "gillian": "gill jill",
    "harriet": "hattie",
    "isabel": "izzy bella belle",
    "isabella": "izzy bella belle",
    "louise": "lou lulu",
    "lucy": "lu",
    "madeleine": "maddie",
    "martha": "patty mattie",
    "pamela": "pam",
    "penelope": "penny",
    "rosemary": "rose rosie",
    "theresa": "tess tessa terry",
    "valerie": "val",
    "winifred": "winnie freda",
    "fiona": "fi",
    "laura": "laurie",
    "alfred": "alf alfie fred",
    "bernard": "bernie",
    "douglas": "doug dougie",
    "eugene": "gene",
    "harold": "harry hal",
    "lawrence": "larry laurie",
    "laurence": "larry laurie",
    "nathaniel": "nat nate",
    "oliver": "ollie",
    "reginald": "reg reggie",
    "terence": "terry",
    "vincent": "vince vinny",
}
# Nicknames that are also ordinary words: they count only capitalised, not starting a sentence.
_ORDINARY = frozenset(re.findall(r"\w+", (
    "will bill rob peg pat sue sal dick chuck hal hank cat kit kitty nan jack jo sandy ted "
    "don dot dolly fanny frank art drew nell penny rose val fred gene ray ron tim mick polly "
    "bella belle pip gill jill chris mags lou jude barb babs deb ken len ben sam joe dan al "
    "ed fi lu tina rich wills daisy molly nick matt walt")))
_SENTENCE_END = frozenset(".!?:;\n\t\"'(")
# A word after which a name is a place's: wards, streets, buildings, organisations.
_PLACE_WORD_AFTER = fixed(
    r" +(?i:road|rd|street|st|lane|crescent|way|close|avenue|drive|court|gardens|place"
    r"|terrace|grove|mews|row|walk|square|hill|rise|view|park|ward|wing|unit|house|centre"
    r"|center|hospital|clinic|surgery|practice|school|college|lodge|hall|building|suite|block"
    r"|room|estate|farm|manor|cottage|cottages|villas|parade|green|army)(?![A-Za-z])")


def nicknames(forenames) -> set[str]:
    """The nicknames of ``forenames`` (folded, lower case). Not the other way: a listed
    "Tom" does not make "Thomas" a name ("St Thomas' Hospital")."""
    out: set[str] = set()
    for name in forenames:
        out.update(NICKNAMES.get(name, "").split())
    return {n for n in out if len(n) >= 3}


def one_edit(word: str) -> set[str]:
    """Every spelling one edit from ``word`` that keeps its first letter, of SHORTEST letters
    or more."""
    splits = [(word[:i], word[i:]) for i in range(1, len(word) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out.update(a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1)
    out.update(a + c + b[1:] for a, b in splits if b for c in ascii_lowercase)
    out.update(a + c + b for a, b in splits for c in ascii_lowercase)
    out.discard(word)
    out.discard(word + "s")  # another surname: Roberts, Daniels, Edwards
    return {v for v in out if len(v) >= SHORTEST}


def variant_hits(folded: Folded, words: list[str], near: frozenset[str],
                 nicks: frozenset[str], inside: tuple[str, ...], cache: dict) -> list[Hit]:
    """Names misspelt by one edit (``near``), nicknames (``nicks``) and names inside longer
    words (``inside``). ``cache``: what each word was found to be, kept between texts."""
    if not may_hold_a_variant(words, near, nicks, inside, cache):
        return []
    candidates = [w for w in set(words) if w in near or w in nicks
                  or (inside and len(w) > SHORTEST and _holds_a_name(w, inside, cache))]
    if not candidates:
        return []
    hits = []
    low, text = folded.lower, folded.text
    wanted = set(candidates)
    for m in LETTERS.finditer(low):
        word = m.group()
        if word not in wanted:
            continue
        if _reads_as_a_name(word, text, m.start(), m.end(), near, nicks, inside, cache):
            hits.append(Hit(NAME, m.start(), m.end()))
    return hits


def _reads_as_a_name(word: str, text: str, start: int, end: int, near: frozenset[str],
                     nicks: frozenset[str], inside: tuple[str, ...], cache: dict) -> bool:
    """Whether ``word`` (lower case), written ``text[start:end]``, is a name another way."""
    written = text[start:end]
    if _PLACE_WORD_AFTER.match(text, end):
        return False  # "Daisy Ward", "Allison Road": a place named after someone
    if word in near and len(word) >= SHORTEST and not _ordinary(word, cache):
        # (shorter entries are initials, read by names.initials_hits)
        return True
    if word in nicks and (word not in _ORDINARY or (
            written[:1].isupper() and written[1:].islower()
            and not _starts_sentence(text, start))):
        return True
    return (len(word) > SHORTEST and _holds_a_name(word, inside, cache)
            and _as_a_name(written, word, inside))


def may_hold_a_variant(words: list[str], near: frozenset[str], nicks: frozenset[str],
                       inside: tuple[str, ...], cache: dict) -> bool:
    """Whether ``variant_hits`` could find anything in a text of these ``words``: one of them
    is a misspelling or a nickname, or holds a name of ``inside`` (the words known to hold
    none are kept in ``cache``, and the others are searched at once)."""
    if not (near.isdisjoint(words) and nicks.isdisjoint(words)):
        return True
    return may_hold_a_name_inside(words, inside, cache)


def may_hold_a_name_inside(words: list[str], inside: tuple[str, ...], cache: dict,
                           low: str = "") -> bool:
    """Whether one of ``words`` (the tokens of ``low``, when given) may hold a name of
    ``inside``."""
    if not inside or not words:
        return False
    pattern = cache.get("pattern")
    if pattern is None:
        pattern = cache["pattern"] = re.compile("|".join(map(re.escape, inside)))
    clean = cache.setdefault("clean", set())
    if clean.issuperset(words):
        return False
    if low and len(low) <= 48:  # a short text: searched whole
        if pattern.search(low) is not None:
            return True
        clean.update(words)
        return False
    fresh = set(words)
    fresh -= clean
    if not fresh:
        return False
    if pattern.search(" ".join(fresh)) is None:
        clean |= fresh
        return False
    for word in fresh:
        if len(word) > SHORTEST and _holds_a_name(word, inside, cache):
            return True
        clean.add(word)
    return False


def _ordinary(word: str, cache: dict) -> bool:
    key = ("word", word)
    found = cache.get(key)
    if found is None:
        found = cache[key] = is_word(word)
    return found


def _holds_a_name(word: str, inside: tuple[str, ...], cache: dict) -> bool:
    """Whether ``word`` (longer than a name) holds one of ``inside`` and is no ordinary word."""
    key = ("inside", word)
    found = cache.get(key)
    if found is None:
        found = cache[key] = (len(word) <= _LONGEST_WORD and any(
            name in word and word not in (name, name + "s") and not _place(word, name)
            for name in inside)
            and not _stem_is_word(word))  # a name and "s" is a surname: Roberts, Daniels
    return found


# Places named with a name: a name and an English place-name ending ("Grantham",
# "Morganstown", "Allisonby"), and Welsh names of places that hold Morgan.
_PLACE_ENDINGS = frozenset(re.findall(r"\w+", (
    "ham ton town stown by ford field wick ley bury borough brough mouth worth stead minster "
    "chester caster cester thorpe dale port well stone bridge burgh")))
_PLACES = frozenset({"morgannwg", "glamorgan", "forgannwg", "morganwg"})


def _place(word: str, name: str) -> bool:
    """Whether ``word``, holding ``name``, is a place's name rather than the person's."""
    return word in _PLACES or (word.startswith(name) and word[len(name):] in _PLACE_ENDINGS)


def is_word(word: str) -> bool:
    """english.is_word, its module (a 130 KB list) imported only when a rule needs it."""
    from actionplan_gen.verify.english import is_word as listed
    return listed(word)


def _stem_is_word(word: str) -> bool:
    if is_word(word):
        return True
    for suffix in ("s", "es", "ed", "d", "ing", "er", "ers", "ly", "'s"):
        if word.endswith(suffix) and is_word(word[:-len(suffix)]):
            return True
    return False


def _as_a_name(written: str, word: str, inside: tuple[str, ...]) -> bool:
    """A word in one case, or one where a name held in it starts at a capital (or at its
    start): not a run of mixed case (base64, an identifier)."""
    if written.islower() or written.isupper() or (written[:1].isupper() and written[1:].islower()):
        return True
    for name in inside:
        at = word.find(name)
        while at >= 0:
            if at == 0 or written[at].isupper():
                return True
            at = word.find(name, at + 1)
    return False


def _starts_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip(" ")
    return not before or before[-1] in _SENTENCE_END
