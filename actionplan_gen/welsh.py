"""Welsh (cy-GB) copies of the action plan, the checklist sheet and the progress letters.

Bodies in Wales work under the Welsh Language Standards: they answer in Welsh and publish
bilingual documents. ``plan.language`` (en | cy | both) asks for a Welsh copy of the plan and
its checklist beside the English one (``STEM.action-plan.cy.docx``); each party's ``language``
chooses the language of its letters. Separate files, not two columns: the tracker is a dense
landscape table with no room for a second language, each file is whole in its language (a
Welsh reader never reads around English), and one set of templates serves both.

Every fixed word is in ``profiles/cy.json`` (one file a Welsh speaker reviews):

- ``template``: the shipped templates' fixed text, swapped in a copy of the template before
  it is filled in (a restyled template keeps whatever the file has no Welsh for);
- ``values``, ``checklist``, ``phrases``: what apgen writes into the template (statuses,
  labels, the checklist's questions, the letters' sentences), matched in the English values;
  ``{date}`` in a phrase stands for a date, any other ``{name}`` for any text; dates become
  Welsh ("1 Mawrth 2027");
- what the author wrote (descriptions, notes, names) stays as written.

Every paragraph and run of a Welsh copy carries ``w:lang w:val="cy-GB"``, except runs holding
only the author's own (English) text, which keep en-GB, so a screen reader says each in its
own language. A copy is marked DRAFT (first line and every header) until the plan records
``welsh_review`` or every entry in the file is marked reviewed.
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
import zipfile
from functools import cache
from pathlib import Path


from actionplan_gen.regexes import fixed
from actionplan_gen.ooxml import W, reproducible_zip
from actionplan_gen.resources import data_dir
from actionplan_gen.wording import PARAGRAPH_BREAK

CY, EN = "cy-GB", "en-GB"
SUFFIX = ".cy.docx"
ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
                  "September", "October", "November", "December")
_DATE = r"(?:\d{1,2} )?(?:" + "|".join(ENGLISH_MONTHS) + r") \d{4}"
_DATE_GROUPS = fixed(r"\b(?:(\d{1,2}) )?(" + "|".join(ENGLISH_MONTHS) + r") (\d{4})\b")
# What a {name} in a phrase stands for: a date, an id (A1, R2, local.redress), a list of ids
# (A1, A2 and A3), a number; any other name, any text.
_ID = r"\b[A-Za-z0-9][\w.\-/]*"
_GROUPS = {"date": _DATE, "id": _ID, "ids": rf"{_ID}(?:(?:, | and ){_ID})*", "num": r"\d+"}
_IDS_AND = fixed(r"(\b[A-Z]{1,3}\d{1,3}) and (?=[A-Z]{1,3}\d{1,3}\b)")
# Keys whose values are the author's own words (or names): only a whole value apgen wrote
# ("Not yet recorded") is put into Welsh; phrases and dates inside them stay as written.
AUTHOR_KEYS = frozenset({
    "description", "owner", "lead", "evidence_refs", "text", "root_cause", "address",
    "contact", "statement", "changes", "publisher", "url", "case_references", "version",
    "id", "fill", "number", "recipient", "signature", "prepared_by", "by",
    "sent_to", "involvement"})
KEEP_KEYS = frozenset({"fill"})  # never words


def wants_welsh(language: str | None) -> bool:
    return language in ("cy", "both")


def wants_english(language: str | None) -> bool:
    return language in (None, "en", "both")


@cache
def wording() -> dict:
    """profiles/cy.json, read once."""
    with (data_dir("profiles") / "cy.json").open(encoding="utf-8") as handle:
        return json.load(handle)


def entries() -> list[dict]:
    """Every entry of the wording file that carries Welsh."""
    data = wording()
    return [data["and"], data["draft"], data["months"],
            *(e for key in ("template", "values", "checklist", "phrases") for e in data[key])]


def reviewed(plan) -> bool:
    """Has a Welsh speaker checked the Welsh? The plan's welsh_review, or every entry of
    the file (and the file itself) marked reviewed by the reviewer."""
    if getattr(plan, "welsh_review", None) is not None:
        return True
    return bool(wording().get("reviewed")) and all(e.get("reviewed") for e in entries())


def welsh_date(text: str) -> str:
    """'1 March 2027' -> '1 Mawrth 2027'; 'April 2027' -> 'Ebrill 2027', anywhere in text."""
    months = wording()["months"]["names"]

    def swap(match: re.Match) -> str:
        day, month, year = match.groups()
        name = months[ENGLISH_MONTHS.index(month)]
        return f"{day} {name} {year}" if day else f"{name} {year}"
    return _DATE_GROUPS.sub(swap, text)


# ---------------------------------------------------------------- values

@cache
def _exact() -> dict[str, str]:
    data = wording()
    return {e["en"]: e["cy"] for key in ("values", "checklist") for e in data[key]}


@cache
def _phrases() -> list[tuple[re.Pattern, str]]:
    """Each phrase as a pattern, longest first; its {names} become groups."""
    found = []
    for entry in sorted(wording()["phrases"], key=lambda e: -len(e["en"])):
        pattern, last = "", 0
        for match in re.finditer(r"\{(\w+)\}", entry["en"]):
            pattern += re.escape(entry["en"][last:match.start()])
            name = match.group(1)
            pattern += f"(?P<{name}>{_GROUPS.get(name.rstrip('0123456789'), '.+?')})"
            last = match.end()
        tail = entry["en"][last:]
        # any text at the very end runs to the end of the value; a date ends itself
        pattern += re.escape(tail) if tail or entry["en"].endswith("{date}") else "$"
        found.append((re.compile(pattern), entry["cy"]))
    return found


class English(set):
    """Collects what apgen wrote that has no Welsh in the wording file yet (no value or
    phrase matched it, dates aside): such a paragraph is left wholly in English and its run
    marked en-GB, rather than shown as English marked Welsh. ``welsh`` is the author's own
    Welsh ({en, cy} pairs), which is never counted as English."""

    def __init__(self, welsh: set[str] | None = None):
        super().__init__()
        self.welsh = tuple(welsh or ())

    def untranslated(self, text: str, welsh: str) -> bool:
        if welsh != welsh_date(text):
            return False
        if not re.search(r"[A-Za-z]{3}", re.sub(_DATE, "", text)):
            return False
        squashed = _squash(text)
        return not any(part in squashed for part in self.welsh)


def say(text: str, author: bool = False, english: English | None = None) -> str:
    """One value in Welsh: a whole value or paragraph apgen wrote, its phrases and dates;
    with ``author``, only a whole value apgen wrote. With ``english``, a paragraph apgen
    wrote that has no Welsh yet stays English (dates too) and is collected there."""
    if not isinstance(text, str) or not text:
        return text
    if PARAGRAPH_BREAK in text:
        return PARAGRAPH_BREAK.join(say(part, author, english)
                                    for part in text.split(PARAGRAPH_BREAK))
    if "\n" in text:
        return "\n".join(say(part, author, english) for part in text.split("\n"))
    exact = _exact()
    bullet = re.match(r"^(\u2022\u00a0\u00a0|\s+)", text)
    lead = bullet.group(0) if bullet else ""
    body = text[len(lead):]
    if body in exact:
        return lead + exact[body]
    if author:
        return text
    welsh = _phrase(body)
    if english is not None and english.untranslated(body, welsh):
        english.add(_squash(body))
        return text
    return lead + welsh


def _phrase(text: str) -> str:
    exact = _exact()
    capital = text[:1].isupper()

    def value(part: str) -> str:
        """A phrase's {name}: a value apgen wrote ('the complainant'), 'the' and a
        value ('the Healthcare Inspectorate Wales' -> its Welsh name), or its phrases."""
        if part in exact:
            return exact[part]
        if part.startswith("the ") and part[4:] in exact:
            return exact[part[4:]]
        return _phrase(part)
    for pattern, welsh in _phrases():
        def swap(match: re.Match, welsh=welsh) -> str:
            values = {k: (v if k.startswith("date") else value(v))
                      for k, v in match.groupdict().items()}
            return welsh.format(**values)
        text = pattern.sub(swap, text)
    if capital:  # a sentence begun in English begins in Welsh too
        text = text[:1].upper() + text[1:]
    joined = wording()["and"]
    text = _IDS_AND.sub(lambda m: m.group(1) + (joined["cy_before_vowel"] if text[m.end()]
                                                 in "AEIOUWY" else joined["cy"]), text)
    return welsh_date(text)


# A letter's own keys holding the author's words (its "text" and "contact" are apgen's).
LETTER_AUTHOR_KEYS = frozenset({"name", "address", "case_references", "recipient",
                                "signature", "actions", "summary"})


def context(value, key: str = "", author: frozenset = AUTHOR_KEYS,
            english: English | None = None):
    """A whole template context in Welsh, key by key (see AUTHOR_KEYS); ``english``
    collects what stays in English (see ``English``)."""
    if key in KEEP_KEYS:
        return value
    if isinstance(value, dict):
        return {k: context(v, k, author, english) for k, v in value.items()}
    if isinstance(value, list):
        return [context(v, key, author, english) for v in value]
    if isinstance(value, str):
        return say(value, author=key in author, english=english)
    return value


def author_texts(plan) -> set[str]:
    """Every text the author wrote in the plan, by paragraph, whitespace collapsed: the
    runs that keep en-GB in a Welsh copy."""
    found: set[str] = set()

    def walk(value) -> None:
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str) and re.search(r"[A-Za-z]{3}", value):
            found.add(_squash(value))
            for part in re.split(r"\n\s*\n|\n", value):
                if part.strip():
                    found.add(_squash(part.strip().removeprefix("- ")))
    walk(plan.data)
    return found - set(_exact()) - {e["cy"] for e in wording()["values"]}


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# ---------------------------------------------------------------- the author's own Welsh

def split_pairs(data) -> dict[str, str]:
    """Turn each ``{en: ..., cy: ...}`` the author wrote into its English, in place, and
    return English -> Welsh for every complete pair. Everything after the schema (the
    rules, the model, the English documents, the checklist, the regulator pack) sees the
    English only, as if the plan had been written in English; the Welsh copies put the
    Welsh back (``in_welsh``). Run after the schema has checked the pairs: a pair it
    refused (no ``cy``, an unknown key) still becomes one string, so that the rules read
    text where they expect text while the schema's problem is reported."""
    found: dict[str, str] = {}

    def flat(value):
        if isinstance(value, dict):
            if value and set(value) <= {"en", "cy"}:
                english, cymraeg = value.get("en"), value.get("cy")
                if isinstance(english, str) and isinstance(cymraeg, str) and \
                        english.strip() and cymraeg.strip():
                    found[english] = cymraeg
                return english if isinstance(english, str) else \
                    cymraeg if isinstance(cymraeg, str) else value
            for key, item in value.items():
                value[key] = flat(item)
        elif isinstance(value, list):
            value[:] = [flat(item) for item in value]
        return value

    flat(data)
    return found


def in_welsh(value, texts: dict[str, str]):
    """A copy of ``value`` (a Plan, or any frozen dataclass, tuple or list of them) with
    every string the author gave in Welsh too replaced by its Welsh. The loaded data
    (``Plan.data``) is left as it is."""
    if not texts:
        return value
    if isinstance(value, str):
        return texts.get(value, value)
    if isinstance(value, (tuple, list)):
        return type(value)(in_welsh(item, texts) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for item in dataclasses.fields(value):
            if not item.init or item.name in ("data", "welsh_text", "source_map"):
                continue
            old = getattr(value, item.name)
            new = in_welsh(old, texts)
            if new is not old and new != old:
                changes[item.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    return value


def welsh_paragraphs(texts: dict[str, str]) -> set[str]:
    """The author's Welsh, whole and by paragraph, whitespace collapsed: runs that are
    cy-GB even though apgen did not put them into Welsh."""
    found: set[str] = set()
    for text in texts.values():
        found.add(_squash(text))
        found.update(_squash(part.strip().removeprefix("- "))
                     for part in re.split(r"\n\s*\n|\n", text) if part.strip())
    return found


# ---------------------------------------------------------------- templates

_FOLDER: list[Path] = []


def template(source: Path) -> Path:
    """A Welsh copy of the template ``source``: its fixed text from the wording file and
    cy-GB as its default language, written once per process into a private folder."""
    # Only when writing a Welsh document: every other run stays without these.
    import atexit
    import hashlib
    import shutil
    import tempfile

    from lxml import etree
    data = Path(source).read_bytes()
    if not _FOLDER:
        folder = Path(tempfile.mkdtemp(prefix="apgen-cy-"))
        atexit.register(shutil.rmtree, folder, True)
        _FOLDER.append(folder)
    digest = hashlib.sha256(data + json.dumps(wording()).encode()).hexdigest()[:16]
    target = _FOLDER[0] / f"{Path(source).stem}-{digest}.cy.docx"
    if not target.exists():
        welsh = {e["en"]: e["cy"] for e in wording()["template"]}
        replace = {}
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            for name in package.namelist():
                if _is_text_part(name):
                    root = etree.fromstring(package.read(name))
                    for node in root.iter(f"{W}t"):
                        if node.text in welsh:
                            node.text = welsh[node.text]
                    replace[name] = etree.tostring(root, xml_declaration=True,
                                                   encoding="UTF-8", standalone=True)
                elif name == "word/styles.xml":
                    root = etree.fromstring(package.read(name))
                    for lang in root.iter(f"{W}lang"):
                        lang.set(f"{W}val", CY)
                    replace[name] = etree.tostring(root, xml_declaration=True,
                                                   encoding="UTF-8", standalone=True)
        target.write_bytes(reproducible_zip(data, replace))
    return target


def _is_text_part(name: str) -> bool:
    return re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", name) is not None


# ---------------------------------------------------------------- the finished document

# rPr's children that come after w:lang in the schema's order.
_AFTER_LANG = {f"{W}eastAsianLayout", f"{W}specVanish", f"{W}oMath"}


def finish(docx: bytes, english: set[str] | None = None, draft: bool = False) -> bytes:
    """The rendered Welsh copy made whole: with ``draft``, the DRAFT lines (Welsh and
    English) first in the body and in every header it has; every paragraph mark and run
    cy-GB (runs of the author's own text, and the English DRAFT line, en-GB); and the
    package's language cy-GB. (A document without a header, a letter, is marked by its
    caller through the regulator pack's ``mark_draft``, which adds one.)"""
    from lxml import etree  # only when writing documents: validate stays light
    lines = wording()["draft"]
    english = (english or set()) | {lines["en"]}
    replace = {}
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        for name in package.namelist():
            if _is_text_part(name):
                root = etree.fromstring(package.read(name))
                if draft and not name.startswith("word/footer"):
                    _draft_lines(root.find(f"{W}body") if name == "word/document.xml"
                                 else root, (lines["en"], lines["cy"]))
                _mark(root, english)
                replace[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                               standalone=True)
            elif name == "docProps/core.xml":
                replace[name] = package.read(name).replace(b">en-GB<", b">cy-GB<")
            elif name == "word/styles.xml":
                root = etree.fromstring(package.read(name))
                for lang in root.iter(f"{W}lang"):
                    lang.set(f"{W}val", CY)
                replace[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                               standalone=True)
    return reproducible_zip(docx, replace)


def _draft_lines(parent, lines: tuple[str, ...]) -> None:
    """Bold dark red paragraphs at the top of ``parent`` (the body, or a header)."""
    from lxml import etree  # only when writing documents: validate stays light
    for line in reversed(lines):
        paragraph = etree.Element(f"{W}p")
        run = etree.SubElement(paragraph, f"{W}r")
        properties = etree.SubElement(run, f"{W}rPr")
        etree.SubElement(properties, f"{W}b")
        etree.SubElement(properties, f"{W}color").set(f"{W}val", "C00000")
        etree.SubElement(run, f"{W}t").text = line
        parent.insert(0, paragraph)


def _mark(root, english: set[str]) -> None:
    from lxml import etree  # only when writing documents: validate stays light
    for paragraph in root.iter(f"{W}p"):
        ppr = paragraph.find(f"{W}pPr")
        if ppr is None:
            ppr = etree.Element(f"{W}pPr")
            paragraph.insert(0, ppr)
        mark = ppr.find(f"{W}rPr")
        if mark is None:
            mark = etree.SubElement(ppr, f"{W}rPr")
            for later in (f"{W}sectPr", f"{W}pPrChange"):
                found = ppr.find(later)
                if found is not None:
                    found.addprevious(mark)
                    break
        _set_lang(mark, CY)
    for run in root.iter(f"{W}r"):
        text = _squash("".join(" " if n.tag == f"{W}br" else (n.text or "")
                               for n in run.iter(f"{W}t", f"{W}br"))).lstrip("\u2022 ")
        rpr = run.find(f"{W}rPr")
        if rpr is None:
            rpr = etree.Element(f"{W}rPr")
            run.insert(0, rpr)
        _set_lang(rpr, EN if text and text in english else CY)


def _set_lang(rpr, value: str) -> None:
    from lxml import etree  # only when writing documents: validate stays light
    lang = rpr.find(f"{W}lang")
    if lang is None:
        lang = etree.Element(f"{W}lang")
        after = next((child for child in rpr if child.tag in _AFTER_LANG), None)
        if after is not None:
            after.addprevious(lang)
        else:
            rpr.append(lang)
    lang.set(f"{W}val", value)
