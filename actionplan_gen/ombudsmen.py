"""Each ombudsman's profile, read from the data files in profiles/ (one per ``ombudsman.body``).

A profile says what the ombudsman is called, what it calls the document setting out its
findings, how the regulator copy names people, its recommendation categories, the checklist
the plan is answered against, and the regulators a copy usually goes to. Code asks for it
through ``profile(plan.body)``; adding an ombudsman is a new file in profiles/, not code.

A file with ``combines`` (``PHSO+LGSCO.json``) is a joint investigation: it starts from the
first body's profile, adds the regulators and recommendation categories of the others, and
then takes whatever the file itself gives.
"""

from __future__ import annotations

import json
from functools import cache

from actionplan_gen.records import record
from actionplan_gen.resources import data_dir


@record
class Pseudonyms:
    """How the regulator copy names complainants, patients and their families."""

    start: str  # the first letter handed out
    titles: bool  # "Mrs B" (True) or a bare letter "B" (False)
    skip_own_initials: bool  # never a letter that is one of the person's own initials
    role_letters: tuple[tuple[str, str], ...]  # kind of person -> fixed letter (SPSO: C, A)
    child: str  # "titled": as an adult; "letter": an initial without a title

    def role_letter(self, kind: str) -> str | None:
        return dict(self.role_letters).get(kind)


@record
class Question:
    text: str
    source: str  # the guidance the question follows


@record
class Regulator:
    name: str
    short_name: str
    scope: str


@record
class Category:
    id: str
    label: str


@record
class Profile:
    body: str
    name: str
    short_name: str
    bodies: tuple[str, ...]  # the ombudsmen involved: ("PHSO", "LGSCO") for a joint case
    decision: str  # lower case, as in running text: "final report", "decision"
    languages: tuple[str, ...]
    pseudonyms: Pseudonyms
    categories: tuple[Category, ...]
    evidence: str
    regulators: tuple[Regulator, ...]
    checklist_lead: str
    questions: tuple[Question, ...]
    case_reference_example: str = "000000"

    def category_label(self, category: str) -> str:
        """The ombudsman's own name for a recommendation category ("Personal redress" for
        SPSO's personal_remedy), or the category in plain words where it has none."""
        own = {c.id: c.label for c in self.categories}
        return own.get(category) or category.replace("_", " ").capitalize()

    @property
    def decision_title(self) -> str:
        """'Final report', 'Decision report': as the start of a sentence or a label."""
        return self.decision[:1].upper() + self.decision[1:]

    def involves(self, body: str) -> bool:
        return body in self.bodies


class UnknownOmbudsman(KeyError):
    pass


def bodies() -> list[str]:
    """Every body a plan may name, from the files in profiles/."""
    return sorted(path.stem for path in data_dir("profiles").glob("*.json")
                  if "body" in _raw(path.stem))


def profile(body: str) -> Profile:
    """The profile of ``ombudsman.body``; KeyError (UnknownOmbudsman) for an unknown body."""
    return _profile(body)


@cache
def _profile(body: str) -> Profile:
    data = _merged(body)
    p = data["pseudonyms"]
    return Profile(
        body=data["body"], name=data["name"], short_name=data["short_name"],
        bodies=tuple(data.get("combines") or (data["body"],)), decision=data["decision"],
        languages=tuple(data.get("languages") or ("en",)),
        pseudonyms=Pseudonyms(p["start"], bool(p["titles"]), bool(p["skip_own_initials"]),
                              tuple(sorted((p.get("role_letters") or {}).items())),
                              p.get("child", "titled")),
        categories=tuple(Category(c["id"], c["label"])
                         for c in data.get("recommendation_categories") or ()),
        evidence=data.get("evidence", ""),
        regulators=tuple(Regulator(r["name"], r.get("short_name", r["name"]), r.get("scope", ""))
                         for r in data.get("regulators") or ()),
        checklist_lead=data["checklist"]["lead"],
        questions=tuple(Question(q["text"], q["source"]) for q in data["checklist"]["questions"]),
        case_reference_example=data.get("case_reference_example", "000000"),
    )


def _merged(body: str) -> dict:
    """The file's own fields over the profiles it combines (first body first)."""
    own = _raw(body)
    combined = own.get("combines") or []
    if not combined:
        return own
    merged = dict(_merged(combined[0]))
    for other in combined[1:]:
        extra = _merged(other)
        for key, unique in (("regulators", "name"), ("recommendation_categories", "id")):
            seen = {item[unique] for item in merged.get(key) or ()}
            merged[key] = [*(merged.get(key) or ()),
                           *(item for item in extra.get(key) or () if item[unique] not in seen)]
    merged.update(own)
    return merged


@cache
def _raw(body: str) -> dict:
    path = data_dir("profiles") / f"{body}.json"
    if "/" in body or "\\" in body or not path.is_file():
        raise UnknownOmbudsman(body)
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)
