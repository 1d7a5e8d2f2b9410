"""Each ombudsman is a profile in profiles/: its name, its word for its decision, its
checklist, pseudonym style and regulators, read through ombudsmen.profile(body)."""

from __future__ import annotations

import json
import re

import pytest

from actionplan_gen import checklist, ombudsmen
from actionplan_gen.resources import data_dir, schema_path

BODIES = ["LGSCO", "PHSO", "PHSO+LGSCO", "PSOW", "SPSO"]
PHSO_WORDS = re.compile(r"PHSO|Parliamentary|final report", re.IGNORECASE)


def _texts(profile: ombudsmen.Profile) -> list[str]:
    """Every sentence a profile can put in a document."""
    return [profile.name, profile.short_name, profile.decision, profile.checklist_lead,
            profile.evidence, *(q.text for q in profile.questions),
            *(q.source for q in profile.questions), *(c.label for c in profile.categories),
            *(f"{r.name} {r.short_name} {r.scope}" for r in profile.regulators)]


def test_every_profile_file_is_a_body_the_schema_allows():
    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    allowed = schema["properties"]["ombudsman"]["properties"]["body"]["enum"]
    assert ombudsmen.bodies() == BODIES
    assert sorted(allowed) == ombudsmen.bodies()


@pytest.mark.parametrize("body", BODIES)
def test_each_profile_is_complete(body):
    p = ombudsmen.profile(body)
    assert p.body == body
    assert len(p.questions) == checklist.QUESTION_COUNT
    assert all(q.text.endswith("?") and q.source for q in p.questions)
    assert p.decision == p.decision.lower() and p.decision_title[0].isupper()
    assert p.regulators and p.categories and p.checklist_lead
    assert re.fullmatch(r"[A-Z]", p.pseudonyms.start)
    assert p.pseudonyms.child in ("titled", "letter")


@pytest.mark.parametrize("body", ["PHSO", "PHSO+LGSCO"])
def test_where_phso_is_involved_its_checklist_is_cited_by_name(body):
    p = ombudsmen.profile(body)
    assert p.involves("PHSO") and p.decision == "final report"
    assert all(q.source.startswith("PHSO guidance, \u2018Action plan checklist\u2019, question "
                                   f"{n}") for n, q in enumerate(p.questions, start=1))


@pytest.mark.parametrize("body", ["LGSCO", "PSOW", "SPSO"])
def test_elsewhere_no_text_names_phso_or_its_final_report(body):
    p = ombudsmen.profile(body)
    assert not p.involves("PHSO")
    leaks = [t for t in _texts(p) if PHSO_WORDS.search(t)]
    assert leaks == []
    # The same ten points, with the ombudsman's own word for its decision.
    assert p.decision in p.questions[7].text and p.decision in p.questions[8].text


@pytest.mark.parametrize("body, decision, regulators, categories", [
    ("PHSO", "final report", ["CQC"], ["Remedy for the person affected",
                                       "Learning and service improvement"]),
    ("LGSCO", "decision", ["CQC"], ["Personal remedy", "Service improvement"]),
    ("PSOW", "report", ["HIW", "CIW"], ["Putting things right for the person affected",
                                        "Service improvement"]),
    ("SPSO", "decision report", ["HIS", "Care Inspectorate"],
     ["Personal redress", "Learning and improvement", "Complaint handling"]),
])
def test_vocabulary_and_routing(body, decision, regulators, categories):
    p = ombudsmen.profile(body)
    assert p.decision == decision
    assert [r.short_name for r in p.regulators] == regulators
    assert [c.label for c in p.categories] == categories


def test_a_joint_investigation_combines_both_profiles():
    joint, phso, lgsco = (ombudsmen.profile(b) for b in ("PHSO+LGSCO", "PHSO", "LGSCO"))
    assert joint.bodies == ("PHSO", "LGSCO")
    assert joint.name.startswith(phso.name) and joint.name.endswith(lgsco.name)
    assert joint.questions == phso.questions and joint.pseudonyms == phso.pseudonyms
    assert [r.short_name for r in joint.regulators] == ["CQC"]  # once, not twice
    assert {c.id for c in joint.categories} == {c.id for c in phso.categories + lgsco.categories}


def test_pseudonym_styles():
    lgsco, spso, phso = (ombudsmen.profile(b).pseudonyms for b in ("LGSCO", "SPSO", "PHSO"))
    assert (lgsco.start, lgsco.titles, lgsco.child) == ("B", True, "letter")
    assert (spso.titles, spso.role_letter("complainant"), spso.role_letter("patient")) == \
        (False, "C", "A")
    assert (phso.start, phso.titles, phso.role_letter("complainant")) == ("A", True, None)


@pytest.mark.parametrize("body", ["NIPSO", "../schemas/action-plan.schema", "phso", ""])
def test_an_unknown_body_is_refused(body):
    with pytest.raises(ombudsmen.UnknownOmbudsman):
        ombudsmen.profile(body)


def test_a_fifth_ombudsman_is_a_data_file(tmp_path, monkeypatch):
    """Another body needs its file only: nothing in the code names the bodies."""
    for path in data_dir("profiles").glob("*.json"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    fifth = json.loads((tmp_path / "SPSO.json").read_text(encoding="utf-8"))
    fifth.update(body="XO", name="Example Ombudsman", short_name="XO", decision="finding")
    (tmp_path / "XO.json").write_text(json.dumps(fifth), encoding="utf-8")
    monkeypatch.setattr(ombudsmen, "data_dir", lambda name: tmp_path)
    ombudsmen._raw.cache_clear()
    ombudsmen._profile.cache_clear()
    try:
        assert "XO" in ombudsmen.bodies()
        p = ombudsmen.profile("XO")
        assert (p.name, p.decision, p.decision_title) == ("Example Ombudsman", "finding",
                                                          "Finding")
    finally:
        ombudsmen._raw.cache_clear()
        ombudsmen._profile.cache_clear()


def test_every_profile_category_is_one_a_plan_can_record():
    """A recommendation's `category` in a plan takes the ids the profiles name."""
    import json

    from actionplan_gen.resources import data_dir
    schema = json.loads((data_dir("schemas") / "action-plan.schema.json").read_text())
    recommendation = schema["properties"]["ombudsman"]["properties"]["recommendations"]["items"]
    allowed = set(recommendation["properties"]["category"]["enum"])
    for path in sorted(data_dir("profiles").glob("*.json")):
        ids = {c["id"] for c in json.loads(path.read_text()).get("recommendation_categories", [])}
        assert ids <= allowed, (path.name, sorted(ids - allowed))


def test_a_category_is_named_in_the_ombudsmans_own_words():
    phso = ombudsmen.profile("PHSO")
    assert phso.category_label("personal_remedy") == "Remedy for the person affected"
    assert ombudsmen.profile("SPSO").category_label("personal_remedy") == "Personal redress"
    assert ombudsmen.profile("PHSO").category_label("learning") == "Learning"  # none of its own
