"""The review list: name-like words in the finished pack that nothing vouched for.

It is written beside the pack, never inside it, for the person doing the intruder review.
A capitalised word is left off the list when it is a word of someone in ``people`` (which
should not be there at all: the scans stop the pack first), a pseudonym or role the pack
uses, one of the organisation's own words or an allowed text, written in lower case
anywhere in the same documents (so an ordinary English word), or in the short bundled list
of capitalised words that are not names (days, months, NHS, Trust, Ward...). It is a help for
the human review, not a guarantee: a name that is also an ordinary word ("Rose", "Hope")
or that the list happens to vouch for is not listed.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass
from functools import cache

from lxml import etree

from actionplan_gen.model import Plan
from actionplan_gen.ooxml import M, W
from actionplan_gen.regexes import fixed
from actionplan_gen.resources import data_dir

WORDS_FILE = "review-words.json"
_PART_ORDER = fixed(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
# A word: letters, with apostrophes or hyphens inside it ("O'Brien", "Smith-Jones").
_WORD = fixed(r"[^\W\d_]+(?:['\u2019\-][^\W\d_]+)*")
# The same words in ASCII text (where letters are A-Z and a-z and there is no \u2019), found
# faster: a range test instead of a Unicode category one.
_ASCII_WORD = fixed(r"[A-Za-z]+(?:['\-][A-Za-z]+)*")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
_POSSESSIVE = fixed(r"['\u2019]s$", re.IGNORECASE)


@dataclass(frozen=True)
class Place:
    document: str
    part: str
    paragraph: int

    def __str__(self) -> str:
        where = "" if self.part == "word/document.xml" else f", {_part_label(self.part)}"
        return f"{self.document}{where}, paragraph {self.paragraph}"


@cache
def common_words() -> frozenset[str]:
    """Words known not to be names, folded to lower case: the bundled capitalised ones, and
    every word apgen's own shipped text (schemas, wording checks, standards) writes in lower
    case, which makes a small English vocabulary without a dictionary."""
    folder = data_dir("schemas")
    data = json.loads((folder / WORDS_FILE).read_text(encoding="utf-8"))
    words = {word.lower() for word in data["words"]}
    for path in sorted(folder.glob("*.json")):
        if path.name != WORDS_FILE:
            text = path.read_text(encoding="utf-8")
            words.update(w.lower() for w in _words_in(text) if w[0].islower())
    return frozenset(words)


def _known(word: str, vouched) -> bool:
    """``word`` or its plain stem ("Activities", "Addressed", "Reviewing") is vouched for."""
    lower = word.lower().replace("'", "").replace("\u2019", "")
    if word.lower() in vouched or lower in vouched:
        return True
    for suffix, ending in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"),
                           ("d", ""), ("ing", ""), ("ing", "e"), ("ly", ""), ("ers", ""),
                           ("er", ""), ("ment", "")):
        if lower.endswith(suffix) and len(lower) - len(suffix) >= 3 and (
                lower[:-len(suffix)] + ending) in vouched:
            return True
    return False


def unvouched(files: dict[str, bytes], plan: Plan, pack_words: list[str]) -> dict[str, list]:
    """Each name-like word nothing vouched for, with the places it is, in first-seen order.

    ``pack_words`` are the texts the pack itself uses for people (pseudonyms and roles)."""
    paragraphs = [(Place(name, part, number), _words_in(text))
                  for name, data in sorted(files.items())
                  for part, number, text in _paragraphs(data)]
    lower: set[str] = set()
    for _, words in paragraphs:
        lower.update(w.lower() for w in words if w[0].islower())
    vouched = common_words() | lower | _words(pack_words) | _words(_plan_texts(plan))
    found: dict[str, list[Place]] = {}
    known: dict[str, bool] = {}  # each piece looked up once: vouched no longer changes
    for place, words in paragraphs:
        for word in words:
            if "'" in word or "\u2019" in word:  # only then can it end in a possessive
                word = _POSSESSIVE.sub("", word)
            for piece in word.split("-"):
                if len(piece) < 2 or not piece[0].isupper():
                    continue
                if piece not in known:
                    known[piece] = _known(piece, vouched)
                if known[piece]:
                    continue
                places = found.setdefault(piece, [])
                if place not in places:
                    places.append(place)
    return found


def _words_in(text: str) -> list[str]:
    return (_ASCII_WORD if text.isascii() else _WORD).findall(text)


def review_text(pack: str, found: dict[str, list]) -> bytes:
    lines = [
        f"Name-like words in the regulator pack {pack}/ to check (this file is not part of "
        "the pack: do not send it).",
        "",
        "Each capitalised word below is in the anonymised documents, and apgen could not "
        "vouch for it: it is not a pseudonym or role the pack uses, not one of the "
        "organisation's words, not written in lower case anywhere in the documents, and not "
        "in apgen's short list of capitalised words that are not names. Check each one during "
        "the intruder review: a name, a place, a ward or anything else that could identify "
        "someone must be added to the plan (people, or regulator_copy.allow when it is "
        "harmless) and the pack made again.",
        "",
        "This list is a help for the human review, not a guarantee: names that are also "
        "ordinary words, exact dates, rare conditions, and text inside pictures are not on it.",
        "",
    ]
    if not found:
        lines.append("No such words were found.")
    for word in sorted(found, key=str.lower):
        lines.append(word)
        lines += [f"  {place}" for place in found[word]]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _plan_texts(plan: Plan) -> list[str]:
    org = plan.organisation
    return [org.name, *org.address_lines, org.postcode, org.contact_team or "",
            org.contact_email or "", *(text for text, _ in plan.regulator_copy.allow)]


def _words(texts) -> set[str]:
    return {piece.lower() for text in texts for word in _WORD.findall(text or "")
            for piece in [_POSSESSIVE.sub("", word), *_POSSESSIVE.sub("", word).split("-")]}


def _paragraphs(data: bytes):
    """(part, paragraph number in that part, text) for the body, headers, footers, notes."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = sorted((n for n in package.namelist() if _PART_ORDER.match(n)),
                       key=lambda n: (n != "word/document.xml", n))
        for name in names:
            root = etree.fromstring(package.read(name), _PARSER)
            for number, paragraph in enumerate(root.iter(f"{W}p"), start=1):
                text = "".join(node.text or "" if node.tag in (f"{W}t", f"{M}t") else " "
                               for node in paragraph.iter(f"{W}t", f"{M}t", f"{W}tab",
                                                          f"{W}br"))
                if text.strip():
                    yield name, number, text


def _part_label(part: str) -> str:
    match = re.match(r"word/(header|footer|footnotes|endnotes)(\d*)\.xml", part)
    if not match:
        return part
    kind, number = match.groups()
    return {"footnotes": "footnotes", "endnotes": "endnotes"}.get(kind, f"{kind} {number}".strip())
