"""A detail found in one folded piece of text, before vouching and reporting."""

from __future__ import annotations

from typing import NamedTuple

NAME = "person's name"
TITLED = "name with a title"
NHS_LIKE = "NHS-like number"
PHONE = "telephone number"
EMAIL = "e-mail address"
POSTCODE = "postcode"
NINO = "National Insurance number"
BIRTH = "date of birth"
ADDRESS = "address"
RECORD_NUMBER = "hospital or local record number"
LOCAL_ID = "identifier in one of the plan's local_id_patterns"

NUMBERS = frozenset({NHS_LIKE, PHONE, RECORD_NUMBER})


class Hit(NamedTuple):
    kind: str
    start: int
    end: int
