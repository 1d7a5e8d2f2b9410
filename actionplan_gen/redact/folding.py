"""Text folded for matching, with a map back to the original characters.

Names hide behind case, accents, no-break spaces, curly apostrophes, soft
hyphens and zero-width characters. Matching happens on folded text;
replacements are made on the original, through the index map.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_APOSTROPHES = dict.fromkeys(map(ord, "\u2018\u2019\u02bc\u02b9\u0060\u00b4\u2032\uff07"), "'")
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2212\ufe63\uff0d"), "-")
_INVISIBLE = set("\u00ad\u200b\u200c\u200d\u2060\ufeff\u180e")
# Letters that do not decompose into a base letter and an accent: without this, "Łukasz"
# written "Lukasz" (or "Søren" as "Soren") would not match the registered name.
_TRANSLITERATE = str.maketrans({"ł": "l", "ı": "i", "ø": "o", "æ": "ae", "œ": "oe", "đ": "d",
                                "ð": "d", "þ": "th", "ħ": "h", "ŀ": "l", "ŧ": "t"})


class Folded:
    """``text`` folded (NFKC, casefold, apostrophes and dashes unified, invisible characters
    dropped, every run of whitespace one space); ``origin[i]`` is the original index of
    folded character ``i``."""

    def __init__(self, original: str):
        self.original = original
        chars: list[str] = []
        origin: list[int] = []
        last_space = False
        for index, char in enumerate(original):
            if char in _INVISIBLE:
                continue
            if char.isspace():
                if not last_space:
                    chars.append(" ")
                    origin.append(index)
                last_space = True
                continue
            last_space = False
            for piece in _fold_char(char):
                chars.append(piece)
                origin.append(index)
        self.text = "".join(chars)
        self.origin = origin

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span covering folded characters ``start:end``."""
        return self.origin[start], self.origin[end - 1] + 1


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """One character folded: compatibility forms, case and accents gone ('É' -> 'e')."""
    folded = unicodedata.normalize("NFKC", char).translate(_APOSTROPHES).translate(_DASHES)
    decomposed = unicodedata.normalize("NFKD", folded.casefold().translate(_TRANSLITERATE))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    return Folded(text).text
