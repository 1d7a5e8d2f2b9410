"""Fold text so that look-alike spellings of a detail compare equal.

Word, autocorrect and copy-paste give one name many spellings: accents, curly
apostrophes, no-break spaces, soft hyphens, bidi marks, full-width letters.
Folding removes those differences before any rule looks at the text, and
keeps a map back to the original so a finding can show the words around it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

# Letters that NFKD does not decompose into a base letter plus a mark.
_TRANSLITERATE = {
    "Ł": "L", "ł": "l", "ı": "i", "Ø": "O", "ø": "o", "Æ": "AE", "æ": "ae", "Œ": "OE",
    "œ": "oe", "ß": "ss", "ẞ": "SS", "Đ": "D", "đ": "d", "Ð": "D", "ð": "d", "Þ": "TH",
    "þ": "th", "Ħ": "H", "ħ": "h",
}
_APOSTROPHES = "\u2018\u2019\u201b\u02bc\u2032\uff07`\u00b4"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"

LETTERS = re.compile(r"[^\W\d_]+")
"""A token: a run of letters. Digits, underscores and punctuation all split."""


def _invisible(char: str) -> bool:
    code = ord(char)
    return (unicodedata.category(char) == "Cf" or 0xFE00 <= code <= 0xFE0F
            or 0xE0100 <= code <= 0xE01EF)


@cache
def _fold_char(char: str) -> str:
    """One character -> its folded spelling (case kept), possibly empty or longer."""
    if _invisible(char):
        return ""
    if char in "\t\n":  # tabs and line breaks are kept: they end a run of initials
        return char
    if char.isspace() or unicodedata.category(char) in ("Zs", "Zl", "Zp"):
        return " "
    if char in _APOSTROPHES:
        return "'"
    if char in _DASHES:
        return "-"
    return "".join(_TRANSLITERATE.get(part, part)
                   for part in unicodedata.normalize("NFKD", char)
                   if not unicodedata.category(part).startswith("M"))


@dataclass(frozen=True)
class Folded:
    """Folded text in two cases of equal length, and where each character came from.

    Every space becomes " " except tabs and line breaks, which stay as "\\t" and "\\n".

    ``text`` keeps case (titles and street shapes need capitals); ``lower`` is
    for token and registry matching. ``origin`` maps an index of ``text`` to an
    index of ``original`` (None: the same index).
    """

    original: str
    text: str
    lower: str
    origin: tuple[int, ...] | None = None

    def source(self, index: int) -> int:
        """Index in ``original`` of folded index ``index`` (``len(text)`` allowed)."""
        return index if self.origin is None else self.origin[index]


def fold(text: str) -> Folded:
    if text.isascii() and text.isprintable():
        return Folded(text, text, text.lower())
    upper_parts, lower_parts, origin = [], [], []
    for index, char in enumerate(text):
        piece = _fold_char(char)
        if not piece:
            continue
        low = piece.lower()
        upper_parts.append(piece)
        lower_parts.append(low if len(low) == len(piece) else piece)
        origin.extend([index] * len(piece))
    origin.append(len(text))
    return Folded(text, "".join(upper_parts), "".join(lower_parts), tuple(origin))


def key(text: str) -> str:
    """A registered value as compared: folded, lower case, spaces collapsed."""
    return " ".join(fold(text).lower.split())


def tokens(text: str) -> list[str]:
    """The letter tokens of ``text`` after folding, lower case."""
    return LETTERS.findall(fold(text).lower)
