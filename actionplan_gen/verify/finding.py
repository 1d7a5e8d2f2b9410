"""A finding names where a detail survives and the words around it, never the detail."""

from __future__ import annotations

from bisect import bisect_left

from actionplan_gen.records import record
from actionplan_gen.verify.folding import Folded
from actionplan_gen.verify.hit import (ADDRESS, BIRTH, EMAIL, NAME, NHS_LIKE, NINO, PHONE,
                                       POSTCODE, RECORD_NUMBER, TITLED, Hit)

MASK = "\u2587" * 4
_SIDE = 26
_ARTICLES = {NAME: "a", TITLED: "a", NHS_LIKE: "an", PHONE: "a", EMAIL: "an", POSTCODE: "a",
             NINO: "a", BIRTH: "a", ADDRESS: "an", RECORD_NUMBER: "a"}


@record
class Finding:
    document: str
    part: str
    kind: str
    paragraph: int | None = None
    context: str = ""

    def __str__(self) -> str:
        where = f"{self.document}, {self.part}"
        if self.paragraph is not None:
            where += f", paragraph {self.paragraph}"
        if self.kind in _ARTICLES:
            return f"{where}: {_ARTICLES[self.kind]} {self.kind} survives: {self.context}"
        return f"{where}: {self.kind}" + (f": {self.context}" if self.context else "")


def contexts(folded: Folded, hits: list[Hit]) -> list[str]:
    """``context`` of each hit, each reading only the hits that can reach its window: a long
    text may hold thousands of hits, and reading all of them for each was quadratic."""
    if len(hits) <= 16:
        return [context(folded, hit, hits) for hit in hits]
    spans = sorted(((folded.source(h.start), folded.source(h.end)), n) for n, h in
                   enumerate(hits))
    starts = [s for (s, _), _ in spans]
    longest = max(e - s for (s, e), _ in spans)
    out = []
    for hit in hits:
        start, end = folded.source(hit.start), folded.source(hit.end)
        lo, hi = start - 3 * _SIDE, end + 3 * _SIDE
        near = spans[bisect_left(starts, lo - longest):bisect_left(starts, hi)]
        out.append(context(folded, hit, [hits[n] for _, n in near]))
    return out


def context(folded: Folded, hit: Hit, hits: list[Hit]) -> str:
    """About 60 characters around ``hit``, with it and every other hit masked."""
    original = folded.original
    start, end = folded.source(hit.start), folded.source(hit.end)
    lo, hi = max(0, start - 3 * _SIDE), min(len(original), end + 3 * _SIDE)
    clipped = ((max(lo, folded.source(h.start)), min(hi, folded.source(h.end))) for h in hits)
    left, right, cursor = [], [], lo
    side = left
    for s, e in _merge(sorted((s, e) for s, e in clipped if s < e)):
        side.append(original[cursor:s])
        if s <= start < e:
            side = right
        else:
            side.append(MASK)
        cursor = e
    side.append(original[cursor:hi])
    before = _trim("".join(left)[::-1], cut=lo > 0)[::-1]
    after = _trim("".join(right), cut=hi < len(original))
    return " ".join(f"{before}{MASK}{after}".split())


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


def _trim(text: str, cut: bool) -> str:
    """The first ``_SIDE`` characters, ending at a whole word, … where words were cut.

    The left side is passed reversed, so both sides read outwards from the detail.
    """
    if len(text) > _SIDE:
        text, cut = text[:_SIDE], True
    if cut:
        space = max(text.rfind(" "), text.rfind("\n"), text.rfind("\t"))
        text = (text[:space] if space > 0 else "") + "\u2026"
    return text
