"""profiles/cy.json and actionplan_gen.welsh: the Welsh wording covers every fixed string of
the shipped templates, every entry awaits a Welsh speaker's review, and values come out in
Welsh with Welsh dates while the author's words stay as written."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from actionplan_gen import welsh
from actionplan_gen.resources import template_path
from actionplan_gen.wording import long_date

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TAGS = re.compile(r"\{[{%].*?[}%]\}")


def _template_strings(name: str) -> list[str]:
    """Every run text of a shipped template with words outside its tags."""
    found = []
    with zipfile.ZipFile(template_path(name)) as package:
        for part in package.namelist():
            if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", part):
                for node in etree.fromstring(package.read(part)).iter(f"{W}t"):
                    if re.search(r"[A-Za-z]{2}", TAGS.sub("", node.text or "")):
                        found.append(node.text)
    return found


@pytest.mark.parametrize("name", ["action-plan.docx", "checklist.docx", "letter-update.docx"])
def test_every_fixed_string_of_the_templates_has_welsh(name):
    welsh_text = {e["en"]: e["cy"] for e in welsh.wording()["template"]}
    missing = [s for s in _template_strings(name) if s not in welsh_text]
    assert not missing, missing
    copy = welsh.template(template_path(name))
    assert not [s for s in _template_strings_of(copy) if s in welsh_text and
                welsh_text[s] != s], "English left in the Welsh copy of the template"


def _template_strings_of(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as package:
        return [node.text for part in package.namelist()
                if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", part)
                for node in etree.fromstring(package.read(part)).iter(f"{W}t")]


def test_every_entry_is_welsh_and_awaits_review():
    data = welsh.wording()
    assert data["reviewed"] is False
    for entry in welsh.entries():
        assert entry["reviewed"] is False
    for key in ("template", "values", "checklist", "phrases"):
        for entry in data[key]:
            assert entry["cy"].strip() and entry["cy"] != entry["en"], entry
            # the same tags and placeholders in both languages
            assert sorted(TAGS.findall(entry["en"])) == sorted(TAGS.findall(entry["cy"]))
            if key == "phrases":
                assert sorted(re.findall(r"\{\w+\}", entry["en"])) == \
                    sorted(re.findall(r"\{\w+\}", entry["cy"]))
    assert data["months"]["names"] == ["Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai",
                                       "Mehefin", "Gorffennaf", "Awst", "Medi", "Hydref",
                                       "Tachwedd", "Rhagfyr"]


def test_welsh_dates():
    assert welsh.welsh_date(long_date(dt.date(2027, 3, 1))) == "1 Mawrth 2027"
    assert welsh.say("April 2027") == "Ebrill 2027"
    assert welsh.say("Starts 2 November 2026; target 31 May 2027") == \
        "Yn dechrau 2 Tachwedd 2026; targed 31 Mai 2027"


def test_values_phrases_and_the_authors_words():
    assert welsh.say("Not yet recorded") == "Heb ei gofnodi eto"
    assert welsh.say("Not yet recorded", author=True) == "Heb ei gofnodi eto"
    assert welsh.say("A1, A2 and A4") == "A1, A2 ac A4"
    assert welsh.say("B1 and C2") == "B1 a C2"
    # the author's words: only a whole value apgen wrote is changed
    note = "Met the family on 3 March 2027 and agreed the plan."
    assert welsh.say(note, author=True) == note
    assert welsh.say("By 6 November 2026, by Quality Committee: An audit.") == \
        "Erbyn 6 Tachwedd 2026, gan Quality Committee: An audit."
    context = welsh.context({"description": "Complete the audit by 1 May 2027.",
                             "status": "Complete", "fill": "B7E1CD"})
    assert context == {"description": "Complete the audit by 1 May 2027.",
                       "status": "Wedi\u2019i gwblhau", "fill": "B7E1CD"}


def test_reviewed_by_the_plan_or_by_every_entry(monkeypatch):
    class Plan:
        welsh_review = None
    assert not welsh.reviewed(Plan())
    Plan.welsh_review = object()
    assert welsh.reviewed(Plan())
    data = welsh.wording()
    everything = {**data, "reviewed": True}
    for key in ("template", "values", "checklist", "phrases"):
        everything[key] = [{**e, "reviewed": True} for e in data[key]]
    for key in ("and", "draft", "months"):
        everything[key] = {**data[key], "reviewed": True}
    monkeypatch.setattr(welsh, "wording", lambda: everything)
    monkeypatch.setattr(welsh, "entries", lambda: [everything["and"], everything["draft"],
                                                   everything["months"],
                                                   *everything["template"]])
    assert welsh.reviewed(type("Plan", (), {"welsh_review": None})())
