"""The built-in catalogue of standards, NICE ids by pattern, and the plan's own standards."""

from __future__ import annotations

import json
from functools import lru_cache

from actionplan_gen.regexes import fixed
from actionplan_gen.records import record
from actionplan_gen.resources import data_dir

NICE_ID = fixed(r"^nice\.(NG|CG|QS|TA|PH|DG|IPG|MTG|HTG)(\d+)$")


@record
class Standard:
    id: str
    title: str
    publisher: str | None = None
    url: str | None = None


@lru_cache(maxsize=1)
def _catalogue_file() -> dict:
    with open(data_dir("schemas") / "standards.json", encoding="utf-8") as handle:
        return json.load(handle)


@lru_cache(maxsize=1)
def catalogue() -> dict[str, Standard]:
    """The built-in standards, by id (read once; treat as read-only)."""
    return {s["id"]: Standard(**s) for s in _catalogue_file()["standards"]}


def nice_standard(standard_id: str) -> Standard | None:
    """``nice.NG27`` -> 'NICE guideline NG27' with its page on nice.org.uk; None if not a
    NICE id."""
    match = NICE_ID.match(standard_id)
    if not match:
        return None
    kind, number = match.groups()
    code = f"{kind}{number}"
    return Standard(standard_id, f"{_catalogue_file()['nice_kinds'][kind]} {code}",
                    "National Institute for Health and Care Excellence",
                    f"https://www.nice.org.uk/guidance/{code.lower()}")


def resolve(standard_id: str, own: dict[str, Standard]) -> Standard | None:
    """The plan's own entry first (it may give a NICE product its full title), then built-ins."""
    if standard_id in own:
        found = own[standard_id]
        nice = nice_standard(standard_id)
        if nice and not found.url:
            return Standard(found.id, found.title, found.publisher or nice.publisher, nice.url)
        return found
    return catalogue().get(standard_id) or nice_standard(standard_id)
