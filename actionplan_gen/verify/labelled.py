"""Dates of birth whose label is the document's structure, not its text.

Letters made from a patient record, SharePoint content types and form templates keep a date of
birth in a property, element, attribute or content control whose NAME is the label
(``<property name="PatientDOB">``, ``<dob>``, ``<w:docVar w:name="DOB" w:val=...>``, a
control titled "Date of birth"): the text holds only the bare date, which alone is no
personal detail. Here a date anywhere within a labelled place is one.

Where the label is: an element's name (its whole content is the value); an attribute's name
(its value); an attribute's value (the element's content and other attributes; for an element
that is only the label, such as a control's ``w:alias``, its parent's, or the control's when
the parent is a properties element like ``w:sdtPr``).
"""

from __future__ import annotations

import re

from lxml import etree

from actionplan_gen.regexes import fixed
from actionplan_gen.verify.folding import fold
from actionplan_gen.verify.hit import BIRTH
from actionplan_gen.verify.patterns import BIRTH_DATE, Later, ends_with_birth_label

# A label's letters inside a tag (after a "<", no "<" or ">" between) in lower-cased bytes:
# "dob", "birth", "born", or "d.o.b" spaced out. Tags do not overlap, so one search is linear.
_IN_A_TAG = fixed(rb"<[^<>]*?(?:dob|birth|born|d[^a-z0-9]{1,2}o[^a-z0-9]{1,2}b)")
# Words of a name: "PatientDOB" -> Patient, DOB; "dateOfBirth" -> date, Of, Birth.
_WORDS = fixed(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
_A_DATE = Later(BIRTH_DATE, re.IGNORECASE)
_LONGEST_LABEL = 60
CONTEXT = "a date in a place labelled as a date of birth"


def may_hold(content: bytes) -> bool:
    """Whether a label's letters stand inside a tag (between "<" and ">"), where a name or
    attribute could be a label; text alone is read by the text rules."""
    return _IN_A_TAG.search(content.lower()) is not None


def is_label(text: str) -> bool:
    """A birth label: a word "dob", "born" or starting "birth", or single letters d, o, b in a
    row ("D.O.B."), in a short name or value."""
    if len(text) > _LONGEST_LABEL:
        return False
    words = [w.lower() for w in _WORDS.findall(text)]
    if any(w == "dob" or w == "born" or w.startswith("birth") for w in words):
        return True
    singles = "".join(w if len(w) == 1 else " " for w in words)
    return "dob" in singles


def heads_births(text: str) -> bool:
    """Whether a paragraph or table cell is a birth label whose value is elsewhere (the next
    cell, the cells below): it ends with a label ("Date of birth:"), or is short and holds one
    ("Birth date", "DOB / age", "Date of birth (dd/mm/yyyy)"), and holds no bracketed note
    that a date of birth was taken out ("[date of birth removed]", "born [DOB redacted]": the
    value is there, and a date beside it is another)."""
    return ends_with_birth_label(text) or (is_label(text) and not any(
        is_label(note.group()) for note in REMOVAL_NOTE.finditer(text)))


# A bracketed note that something was taken out: "[date of birth removed]", "[DOB redacted]".
REMOVAL_NOTE = fixed(r"(?i)\[[^\[\]]{0,60}\b(?:removed|redacted|withheld|omitted|deleted)\]")


def labelled_dates(root) -> list:
    """Each element holding a date in a labelled place (the element where it was found)."""
    found = []
    for el in root.iter(etree.Element):
        local = etree.QName(el).localname
        if is_label(local):
            found += _dated(el, skip=None)
        for attribute, value in el.items():
            if is_label(etree.QName(attribute).localname) and _is_date(value):
                found.append(el)
            elif is_label(value):
                found += _dated(_scope(el), skip=(el, attribute))
    return found


def _scope(el):
    """Where a label held in ``el``'s attribute applies: ``el`` itself, or for an element
    that is only the label, its parent (or grandparent, past a properties element)."""
    if len(el) or (el.text and el.text.strip()) or len(el.attrib) > 1:
        return el
    parent = el.getparent()
    if parent is None:
        return el
    if etree.QName(parent).localname.endswith("Pr") and parent.getparent() is not None:
        return parent.getparent()
    return parent


def _dated(scope, skip) -> list:
    """The elements in ``scope`` (itself included) whose text or an attribute is a date;
    ``skip``: the (element, attribute) holding the label."""
    out = []
    for el in scope.iter(etree.Element):
        values = [el.text or ""] + [v for a, v in el.items() if (el, a) != skip]
        if any(_is_date(v) for v in values):
            out.append(el)
    return out


def _is_date(value: str) -> bool:
    return bool(value) and any(c.isdigit() for c in value) and (
        _A_DATE.search(fold(value).text) is not None)


__all__ = ["BIRTH", "CONTEXT", "heads_births", "is_label", "labelled_dates", "may_hold"]
