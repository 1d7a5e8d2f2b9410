"""{en, cy} pairs in the plan's free text: the schema checks them, the pipeline turns each
into its English for every check and the English documents, and keeps the Welsh
(Plan.welsh_text) for the Welsh copies."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from actionplan_gen import welsh
from actionplan_gen.errors import PlanInvalid
from actionplan_gen.loader import load_file
from actionplan_gen.pipeline import check_file, load_plan

ROOT = Path(__file__).resolve().parents[2]
MORGAN = ROOT / "samples" / "morgan.plan.yaml"


def _copy(tmp_path: Path, edit) -> Path:
    data = load_file(MORGAN).data
    edit(data)
    path = tmp_path / "morgan.plan.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def test_split_pairs_gives_the_english_and_keeps_the_welsh():
    data = {"a": {"en": "Hello", "cy": "Helo"}, "b": ["plain", {"en": "One", "cy": "Un"}],
            "c": {"en": "Only English"}, "d": {"method": "kept", "by": "x"}}
    found = welsh.split_pairs(data)
    assert data == {"a": "Hello", "b": ["plain", "One"], "c": "Only English",
                    "d": {"method": "kept", "by": "x"}}
    assert found == {"Hello": "Helo", "One": "Un"}  # an incomplete pair keeps no Welsh


def test_the_sample_plan_is_english_throughout_with_its_welsh_on_the_side():
    plan, _ = load_plan(MORGAN)
    a1 = plan.actions[0]
    assert a1.description.startswith("Write to Mrs Morgan")
    assert plan.welsh_text[a1.description].startswith("Ysgrifennu at Mrs Morgan")
    assert plan.involvement.how in plan.welsh_text
    assert plan.sufficiency.statement in plan.welsh_text
    # the loaded data every check reads holds no pair and no Welsh
    assert "Ysgrifennu" not in repr(plan.data) and "'cy':" not in repr(plan.data)
    cymraeg = welsh.in_welsh(plan, plan.welsh_text)
    assert cymraeg.actions[0].description == plan.welsh_text[a1.description]
    assert cymraeg.actions[1].description == plan.actions[1].description  # no pair: as written
    assert plan.actions[0].description.startswith("Write")  # the plan itself is untouched


@pytest.mark.parametrize("pair, where, words", [
    ({"en": "Only English"}, "complainant_involvement.how", "'cy' is missing"),
    ({"cy": "Cymraeg yn unig"}, "complainant_involvement.how", "'en' is missing"),
    ({"en": "English", "cy": "  "}, "complainant_involvement.how.cy", "must not be blank"),
    ({"en": "English", "cy": "Cymraeg", "fr": "x"}, "complainant_involvement.how.fr",
     "not a field apgen knows"),
])
def test_the_schema_refuses_an_incomplete_pair_where_it_is(tmp_path, pair, where, words):
    path = _copy(tmp_path, lambda d: d["complainant_involvement"].update(how=pair))
    with pytest.raises(PlanInvalid) as caught:
        check_file(path)
    found = [p for p in caught.value.problems if p.path == where]
    assert found, [str(p) for p in caught.value.problems]
    assert words in found[0].message and found[0].line, str(found[0])
    text = path.read_text(encoding="utf-8").splitlines()
    assert "how" in text[found[0].line - 1] or "cy" in text[found[0].line - 1] \
        or "fr" in text[found[0].line - 1]


def test_a_pair_where_a_required_text_is_expected_passes_every_rule(tmp_path):
    def edit(data):
        data["actions"][1]["description"] = {"en": data["actions"][1]["description"],
                                             "cy": "Ychwanegu asesiad o’r mannau pwyso."}
        data["actions"][1]["impact"][0]["measure"] = {"en": "Visits assessed",
                                                      "cy": "Ymweliadau a aseswyd"}
    loaded, _ = check_file(_copy(tmp_path, edit))
    assert loaded.welsh_text["Visits assessed"] == "Ymweliadau a aseswyd"
    assert loaded.data["actions"][1]["impact"][0]["measure"] == "Visits assessed"


def test_every_checklist_reason_pattern_is_reviewed_false_until_a_welsh_speaker_checks_it():
    reasons = [e for e in welsh.wording()["phrases"] if "{" in e["en"] or e["en"].endswith(".")]
    assert len(reasons) > 60
    assert all(e["reviewed"] is False for e in reasons)


@pytest.mark.parametrize("english, cymraeg", [
    ("All 4 recommendations have an action answering it; the plan records that the report "
     "found no complaint-handling failing.",
     "Mae gan bob un o’r 4 argymhelliad gam gweithredu sy’n ei ateb; mae’r cynllun yn "
     "cofnodi na chanfu’r adroddiad unrhyw fethiant wrth ymdrin â’r gŵyn."),
    ("A1 has no owner; a2 has no target date.",
     "Nid oes gan A1 berchennog; nid oes gan a2 ddyddiad targed."),
    ("No action was complete on 1 March 2027, so no evidence is due yet.",
     "Nid oedd unrhyw gam gweithredu wedi’i gwblhau ar 1 Mawrth 2027, felly nid oes "
     "tystiolaeth yn ddyledus eto."),
    ("Still to do: add evidence that A1 was done.",
     "I’w wneud o hyd: ychwanegu tystiolaeth bod A1 wedi’i wneud."),
])
def test_checklist_reasons_in_welsh(english, cymraeg):
    assert welsh.say(english) == cymraeg


def test_a_sentence_with_no_welsh_stays_english_and_is_collected():
    english = welsh.English()
    sentence = "Something apgen has no Welsh for, on 1 March 2027."
    assert welsh.say(sentence, english=english) == sentence  # its date stays English too
    assert sentence in english
    own = welsh.English({"Brawddeg yr awdur yn Gymraeg."})
    assert welsh.say("Brawddeg yr awdur yn Gymraeg.", english=own) == \
        "Brawddeg yr awdur yn Gymraeg." and not own
