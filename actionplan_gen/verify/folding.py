"""Fold text so that look-alike spellings of a detail compare equal.

Word, autocorrect and copy-paste give one name many spellings: accents, curly
apostrophes, no-break spaces, soft hyphens, bidi marks, full-width letters.
Folding removes those differences before any rule looks at the text, and
keeps a map back to the original so a finding can show the words around it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import cache
from typing import NamedTuple

from actionplan_gen.regexes import fixed

# Letters that NFKD does not decompose into a base letter plus a mark.
_TRANSLITERATE = {
    "Ł": "L", "ł": "l", "ı": "i", "Ø": "O", "ø": "o", "Æ": "AE", "æ": "ae", "Œ": "OE",
    "œ": "oe", "ß": "ss", "ẞ": "SS", "Đ": "D", "đ": "d", "Ð": "D", "ð": "d", "Þ": "TH",
    "þ": "th", "Ħ": "H", "ħ": "h",
}
# Look-alikes from other scripts that NFKD leaves alone (Cyrillic, Greek, Armenian,
# Cherokee, Latin small capitals and IPA letters): "\u0415llison" reads "Ellison".
_CONFUSABLE_PAIRS = (
    "\u0410A \u0412B \u0421C \u0415E \u041dH \u0406I \u0408J \u041aK \u041cM \u041eO \u0420P "
    "\u0405S \u0422T \u0425X \u0423Y \u04aeY \u04c0I \u0501d \u051aQ \u051cW \u0430a \u0441c "
    "\u0435e \u0456i \u0458j \u043eo \u0440p \u0455s \u0443y \u0445x \u04bbh \u04cfl \u051bq "
    "\u051dw \u04afy \u0432b \u043dh \u043cm \u0442t \u043ak \u0491r \u0433r \u0457i \u0454e "
    "\u0391A \u0392B \u0395E \u0396Z \u0397H \u0399I \u039aK \u039cM \u039dN \u039fO \u03a1P "
    "\u03a4T \u03a5Y \u03a7X \u03f9C \u037fJ \u03b1a \u03b2b \u03b5e \u03b9i \u03b7n \u03bfo "
    "\u03c1p \u03c4t \u03c5u \u03c7x \u03bdv \u03f2c \u03f3j \u03b3y \u03bak "
    "\u0585o \u057du \u0578n \u0570h \u0581g \u0566q \u0561w \u0575j \u0580n "
    "\u13aaA \u13b4B \u13dfC \u13a0D \u13acE \u13c0G \u13bbH \u13a5I \u13ebJ \u13e6K \u13deL "
    "\u13b7M \u13aeO \u13e2P \u13d2R \u13daS \u13a2T \u13d9V \u13b3W \u13bdY \u13c3Z "
    "\u1d00a \u0299b \u1d04c \u1d05d \u1d07e \ua730f \u0262g \u029ch \u026ai \u1d0aj \u1d0bk "
    "\u029fl \u1d0dm \u0274n \u1d0fo \u1d18p \u0280r \ua731s \u1d1bt \u1d1cu \u1d20v \u1d21w "
    "\u028fy \u1d22z \u0251a \u0261g \u0269i \u0237j \u01c0l \u0131i \u0196l \u01a0O")
CONFUSABLES = {pair[0]: pair[1] for pair in _CONFUSABLE_PAIRS.split()}
# Letters and symbols that show nothing: Hangul fillers and the blank Braille pattern.
_BLANK = frozenset("\u115f\u1160\u3164\uffa0\u2800\u17b4\u17b5")
# Narrow spaces and glyphs a reader may not see as a word break inside a name.
NARROW = frozenset("\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u2800")

_APOSTROPHES = "\u2018\u2019\u201b\u02bc\u2032\uff07`\u00b4"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"

LETTERS = fixed(r"[^\W\d_]+")
"""A token: a run of letters. Digits, underscores and punctuation all split."""


def _invisible(char: str) -> bool:
    code = ord(char)
    return (unicodedata.category(char) == "Cf" or char in _BLANK or 0xFE00 <= code <= 0xFE0F
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
    if 0xF041 <= ord(char) <= 0xF07A:  # a symbol font's letter (w:sym and PUA text)
        return _fold_char(chr(ord(char) - 0xF000))
    return "".join(_plain(part) for part in unicodedata.normalize("NFKD", char)
                   if not unicodedata.category(part).startswith("M"))


def _plain(part: str) -> str:
    """A decomposed character as ASCII where it has a look-alike or is a digit."""
    if part.isascii():
        return part
    digit = unicodedata.decimal(part, None)
    if digit is not None:  # Arabic-Indic, Devanagari, ... digits are numbers too
        return str(digit)
    return _TRANSLITERATE.get(part) or CONFUSABLES.get(part, part)


class Folded(NamedTuple):
    """Folded text in two cases of equal length, and where each character came from.

    Every space becomes " " except tabs and line breaks, which stay as "\\t" and "\\n".

    ``text`` keeps case (titles and street shapes need capitals); ``lower`` is
    for token and registry matching. ``origin`` maps an index of ``text`` to an
    index of ``original`` (None: the same index).
    """

    original: str
    text: str
    lower: str
    origin: Sequence[int] | None = None

    def source(self, index: int) -> int:
        """Index in ``original`` of folded index ``index`` (``len(text)`` allowed)."""
        return index if self.origin is None else self.origin[index]


def fold(text: str) -> Folded:
    if text.isascii():
        if text.isprintable():
            return Folded(text, text, text.lower())
        folds = _ascii_folds()
        if folds is not None:  # one character each: every index stays, as origin None says
            folded = text.translate(folds)
            return Folded(text, folded, folded.lower())
    pieces = {char: _fold_char(char) for char in set(text)}
    if all(len(piece) == 1 for piece in pieces.values()):
        # One character each, as in most text: fold by table; every index stays.
        upper, lower = {}, {}
        for char, piece in pieces.items():
            low = piece.lower()
            low = low if len(low) == 1 else piece
            if piece != char:
                upper[ord(char)] = piece
            if low != char:
                lower[ord(char)] = low
        return Folded(text, text.translate(upper), text.translate(lower), range(len(text) + 1))
    return fold_each(text)


def fold_each(text: str) -> Folded:
    """``fold`` character by character: what its shortcuts must give (tested)."""
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


@cache
def _ascii_folds() -> dict[int, str] | None:
    """What ``_fold_char`` makes of each ASCII character it changes (a vertical tab, a
    backquote), for text holding ASCII characters that are not printable (tabs, breaks);
    None if one of them folded to other than one character."""
    folds = {code: _fold_char(chr(code)) for code in range(128)}
    if any(len(piece) != 1 for piece in folds.values()):
        return None
    return {code: piece for code, piece in folds.items() if piece != chr(code)}


def key(text: str) -> str:
    """A registered value as compared: folded, lower case, spaces collapsed."""
    return " ".join(fold(text).lower.split())


def tokens(text: str) -> list[str]:
    """The letter tokens of ``text`` after folding, lower case."""
    return LETTERS.findall(fold(text).lower)
