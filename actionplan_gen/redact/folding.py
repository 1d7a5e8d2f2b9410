"""Text folded for matching, with a map back to the original characters.

Names hide behind case, accents, no-break spaces, curly apostrophes, soft
hyphens and zero-width characters, and behind letters of other scripts that look
like Latin ones (Cyrillic 'е', Greek 'Ο', Cherokee 'Ꭼ', small capitals 'ᴇʟʟɪꜱᴏɴ'),
symbol-font letters and digits of other scripts. Matching happens on folded text;
replacements are made on the original, through the index map.

Characters that show nothing, or almost nothing, between two letters (hair and thin
spaces, Hangul fillers, the blank Braille pattern, private-use glyphs) fold to a space:
the redactor also tries the letters either side of them joined (``GAPS`` says where).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from actionplan_gen.regexes import fixed

_APOSTROPHES = dict.fromkeys(map(ord, "\u2018\u2019\u201b\u02bc\u02b9\u0060\u00b4\u2032\uff07"),
                             "'")
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"),
                        "-")
# Dots written between groups of digits ("943·476·5919", "QQ·12·34·56·C"): a full stop.
_DOTS = frozenset("\u00b7\u0387\u2022\u2027\u2219\u22c5\u30fb\uff65")
# Letters that do not decompose into a base letter and an accent: without this, "Łukasz"
# written "Lukasz" (or "Søren" as "Soren") would not match the registered name.
_TRANSLITERATE = str.maketrans({"ł": "l", "ı": "i", "ø": "o", "æ": "ae", "œ": "oe", "đ": "d",
                                "ð": "d", "þ": "th", "ħ": "h", "ŀ": "l", "ŧ": "t"})
# Letters of other scripts (and Latin small capitals and IPA letters) that a reader takes for
# a Latin letter: Latin letter -> its look-alikes. Looked up as written first (capital Greek
# eta 'Η' is an H, its small form 'η' an n), then after case folding (Cherokee small letters
# fold to the capitals listed here).
_LOOK_ALIKES = {
    "a": "\u0430\u0410\u0391\u03b1\u13aa\u1d00\u0251\u237a",
    "b": "\u0432\u0412\u0392\u03b2\u13f4\u13b4\u0299\u042c\u044c",
    "c": "\u0441\u0421\u03f9\u03f2\u13df\u1d04",
    "d": "\u0501\u13a0\u1d05",
    "e": "\u0435\u0415\u0395\u03b5\u13ac\u1d07\u0454\u0404\u04bd",
    "f": "\ua730\u03dc",
    "g": "\u0261\u0262\u13c0\u0581",
    "h": "\u04bb\u04ba\u043d\u041d\u0397\u13bb\u029c\u0570",
    "i": "\u0456\u0406\u0399\u03b9\u13a5\u026a\u0269\u04c0",
    "j": "\u0458\u0408\u03f3\u037f\u13ab\u13eb\u1d0a\u0237\u0575",
    "k": "\u043a\u041a\u039a\u03ba\u13e6\u1d0b",
    "l": "\u04cf\u01c0\u0196\u13de\u029f",
    "m": "\u043c\u041c\u039c\u13b7\u1d0d",
    "n": "\u039d\u03b7\u0578\u0580\u0274\u043f",
    "o": "\u043e\u041e\u039f\u03bf\u13ae\u1d0f\u0585",
    "p": "\u0440\u0420\u03a1\u03c1\u13e2\u1d18",
    "q": "\u051b\u051a\u0566",
    "r": "\u0433\u0491\u13d2\u0280",
    "s": "\u0455\u0405\u13da\ua731",
    "t": "\u0442\u0422\u03a4\u03c4\u13a2\u1d1b",
    "u": "\u03c5\u057d\u1d1c",
    "v": "\u03bd\u13d9\u1d20",
    "w": "\u051d\u051c\u13b3\u1d21\u0561",
    "x": "\u0445\u0425\u03a7\u03c7",
    "y": "\u0443\u0423\u04af\u04ae\u03a5\u03b3\u13bd\u028f",
    "z": "\u0396\u13c3\u1d22",
}
LOOK_ALIKES = {char: latin for latin, chars in _LOOK_ALIKES.items() for char in chars}
# Small capitals are shown as capitals: a name written in them is not a lower-case word.
SMALL_CAPITALS = frozenset("\u1d00\u0299\u1d04\u1d05\u1d07\ua730\u0262\u029c\u026a\u1d0a\u1d0b"
                           "\u029f\u1d0d\u0274\u1d0f\u1d18\u0280\ua731\u1d1b\u1d1c\u1d20\u1d21"
                           "\u028f\u1d22")
# Shown as nothing at all: dropped (with every format character, category Cf, and every
# combining mark, the grapheme joiner and variation selectors among them).
_DROPPED = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff\u180e\u034f\u17b4\u17b5")
# Blank or narrow characters a reader may not see as a break between letters: each folds to a
# space, and the letters either side are also tried joined ("Elli\u200ason").
_BLANKS = "\u115f\u1160\u3164\uffa0\u2800\u2005-\u200a\u202f\u205f"
GAPS = fixed(f"[{_BLANKS}\ue000-\uf040\uf07b-\uf8ff\U000f0000-\U0010ffff]")
# Direction controls: never kept in what the redactor writes (see ``Redactor.spans``).
BIDI = fixed("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_SYMBOL_LETTERS = range(0xF041, 0xF07B)  # a symbol font's 'A'..'z' (w:sym, pasted text)
# Each character's folding, once looked up (a dictionary read per character; bounded, since
# binary parts decoded as text can hold any character).
_SEEN: dict[str, str] = {}
_SEEN_LIMIT = 65536


class Folded:
    """``text`` folded (NFKC, casefold, look-alike letters and other digits made Latin and
    ASCII, apostrophes and dashes unified, invisible characters dropped, every run of
    whitespace or blanks one space); ``origin[i]`` is the original index of folded
    character ``i``."""

    def __init__(self, original: str):
        self.original = original
        if _ONE_CHAR.issuperset(original):
            # Every character folds to exactly one character (all of ASCII does): the folding
            # is a translation, and only runs of spaces are made one, as the loop below does.
            text = original.translate(_ONE)
            if "  " not in text:
                self.text, self.origin = text, list(range(len(text)))
                return
            origin: list[int] = []
            at = 0
            for run in _SPACE_RUN.finditer(text):
                origin += range(at, run.start() + 1)
                at = run.end()
            origin += range(at, len(text))
            self.text, self.origin = _SPACE_RUN.sub(" ", text), origin
            return
        chars: list[str] = []
        origin: list[int] = []
        last_space = False
        seen = _SEEN
        for index, char in enumerate(original):
            folded = seen.get(char)
            if folded is None:
                folded = _fold_one(char)
                if len(seen) < _SEEN_LIMIT:
                    seen[char] = folded
                    if len(folded) == 1:
                        _ONE[ord(char)] = folded
                        _ONE_CHAR.add(char)
            if folded == " ":
                if not last_space:
                    chars.append(" ")
                    origin.append(index)
                last_space = True
            elif folded:
                last_space = False
                if len(folded) == 1:
                    chars.append(folded)
                    origin.append(index)
                else:
                    for piece in folded:
                        chars.append(piece)
                        origin.append(index)
        self.text = "".join(chars)
        self.origin = origin

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span covering folded characters ``start:end``."""
        return self.origin[start], self.origin[end - 1] + 1


def _fold_one(char: str) -> str:
    """One character as ``Folded`` folds it: any whitespace is a space."""
    return " " if char.isspace() else _fold_char(char)


@lru_cache(maxsize=16384)
def _fold_char(char: str) -> str:
    """One character folded: compatibility forms, case, accents and look-alikes gone
    ('É' -> 'e', Cyrillic 'е' -> 'e', '٣' -> '3'); "" when it shows nothing, " " for a
    blank."""
    if char in _DROPPED:
        return ""
    category = unicodedata.category(char)
    if category == "Cf" or category[0] == "M":
        return ""
    code = ord(char)
    if code in _SYMBOL_LETTERS:
        char = chr(code - 0xF000)
    elif category in ("Co", "Cn", "Zs") or GAPS.match(char):
        return " "
    if char in _DOTS:
        return "."
    if char in LOOK_ALIKES:  # before NFKC, which makes the lunate sigma 'ϲ' a sigma
        return LOOK_ALIKES[char]
    folded = "".join(LOOK_ALIKES.get(c, c) for c in unicodedata.normalize("NFKC", char))
    folded = folded.translate(_APOSTROPHES).translate(_DASHES).casefold()
    decomposed = unicodedata.normalize("NFKD", folded.translate(_TRANSLITERATE))
    return "".join(_plain(c) for c in decomposed if not unicodedata.category(c).startswith("M"))


def _plain(char: str) -> str:
    if char.isascii():
        return char
    digit = unicodedata.decimal(char, None)
    if digit is not None:  # Arabic-Indic, Devanagari... digits
        return str(digit)
    return LOOK_ALIKES.get(char, char)


# Characters known to fold to exactly one character, and a translation table folding them
# (``Folded``'s fast path): ASCII from the start, others as ``Folded`` first folds them.
_ONE: dict[int, str] = {code: folded for code in range(128)
                        if len(folded := _fold_one(chr(code))) == 1}
_ONE_CHAR = {chr(code) for code in _ONE}
_SPACE_RUN = fixed(" {2,}")


def only_blanks(between: str) -> bool:
    """Whether ``between`` (the original text between two letters) is blanks a reader may not
    see as a word break (``GAPS``), with nothing else but characters that show nothing."""
    return bool(GAPS.search(between)) and all(
        GAPS.match(char) or not _fold_char(char) for char in between)


def fold(text: str) -> str:
    return Folded(text).text
