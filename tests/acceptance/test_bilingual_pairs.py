"""Author text in both languages ({en, cy}), through the real CLI and read back: the Welsh
copies show the Welsh (cy-GB) and the English documents the English; text given once shows
in both (en-GB in the Welsh copy); the checklist sheet's reasons are Welsh; and a Welsh
text naming someone never reaches a regulator unredacted."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from actionplan_gen.loader import load_file
from actionplan_gen.pipeline import load_plan

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from docx_reading import W, squash, text, xml_parts  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
MORGAN = ROOT / "samples" / "morgan.plan.yaml"


def apgen(*args):
    done = subprocess.run([sys.executable, "-m", "actionplan_gen", *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def copy_plan(folder: Path, edit=None) -> Path:
    data = load_file(MORGAN).data
    if edit:
        edit(data)
    path = folder / "morgan.plan.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pairs")
    done = apgen("build", copy_plan(folder), "-o", folder / "out")
    assert done.returncode == 0, done.stderr
    return folder / "out"


def _langs(docx: Path) -> dict[str, str]:
    """Each run's text (whitespace collapsed) -> its w:lang."""
    found = {}
    for name, root in xml_parts(docx).items():
        if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", name):
            for run in root.iter(f"{W}r"):
                words = squash("".join(t.text or "" for t in run.iter(f"{W}t")))
                lang = run.find(f"{W}rPr/{W}lang")
                if words:
                    found[words] = lang.get(f"{W}val") if lang is not None else None
    return found


def test_a_pair_shows_its_welsh_in_the_welsh_copy_and_its_english_in_the_english(built):
    plan, _ = load_plan(MORGAN)
    cymraeg = text(built / "morgan.action-plan.cy.docx")
    english = text(built / "morgan.action-plan.docx")
    pairs = {plan.actions[0].description, plan.involvement.how, plan.sufficiency.statement,
             plan.actions[2].progress[0].note}
    assert pairs <= set(plan.welsh_text)
    langs = _langs(built / "morgan.action-plan.cy.docx")
    for en in pairs:
        cy = squash(plan.welsh_text[en])
        assert cy in cymraeg and squash(en) not in cymraeg, en
        assert squash(en) in english and cy not in english, en
    for en in (plan.actions[0].description, plan.involvement.how, plan.sufficiency.statement):
        assert langs[squash(plan.welsh_text[en])] == "cy-GB"
    # the tracker cell: the Welsh description in the cy-GB run
    assert any(squash(plan.welsh_text[plan.actions[0].description]) in words and lang == "cy-GB"
               for words, lang in langs.items())
    # one language's text never in the other's document, the checklist sheets included
    assert "Ysgrifennu" not in text(built / "morgan.checklist.docx")


def test_text_given_once_is_in_both_and_english_in_the_welsh_copy(built):
    plan, _ = load_plan(MORGAN)
    plain = squash(plan.actions[1].description)  # A2: no Welsh given
    assert plain in text(built / "morgan.action-plan.docx")
    assert plain in text(built / "morgan.action-plan.cy.docx")
    assert _langs(built / "morgan.action-plan.cy.docx")[plain] == "en-GB"


def _lang(run) -> str | None:
    found = run.find(f"{W}rPr/{W}lang")
    return found.get(f"{W}val") if found is not None else None


def _reasons(docx: Path) -> dict[int, list[tuple[str, str]]]:
    """The checklist table's last cell for each question 1-10: (text, lang) per run."""
    found = {}
    root = xml_parts(docx)["word/document.xml"]
    for row in root.iter(f"{W}tr"):
        cells = row.findall(f"{W}tc")
        first = squash("".join(t.text or "" for t in cells[0].iter(f"{W}t"))) if cells else ""
        if len(cells) >= 4 and first.isdigit():
            found[int(first)] = [
                (squash("".join(t.text or "" for t in r.iter(f"{W}t"))), _lang(r))
                for r in cells[-1].iter(f"{W}r")
                if squash("".join(t.text or "" for t in r.iter(f"{W}t")))]
    return found


def test_the_welsh_sheet_gives_every_reason_in_welsh(built):
    welsh, english = _reasons(built / "morgan.checklist.cy.docx"), \
        _reasons(built / "morgan.checklist.docx")
    assert sorted(welsh) == list(range(1, 11)) == sorted(english)
    for number, runs in welsh.items():
        assert runs and all(lang == "cy-GB" for _, lang in runs), (number, runs)
        said = " ".join(words for words, _ in runs)
        assert said != " ".join(words for words, _ in english[number]), number
        # no English sentence left: none of the English words apgen writes in reasons
        assert not re.search(r"\b(?:the|have|has|and|every|action)\b", said), (number, said)


def test_a_welsh_text_naming_someone_never_reaches_a_regulator_unredacted(tmp_path):
    def edit(data):
        hiw = next(p for p in data["parties"] if p["id"] == "p-hiw")
        hiw["language"] = "both"
        data["actions"][2]["progress"].append({
            "date": "2027-01-11",
            "note": {"en": "The supplier confirmed the new date with the complainant.",
                     "cy": "Cadarnhaodd y cyflenwr y dyddiad newydd gyda Gwenllian Morgan."}})
    plan = copy_plan(tmp_path, edit)
    out = tmp_path / "out"
    done = apgen("letters", plan, "-o", out, "--as-at", "2027-02-23")
    letters = sorted((out / "morgan.letters").glob("*p-hiw*.docx")) \
        if (out / "morgan.letters").exists() else []
    if done.returncode == 0:
        assert [p.name for p in letters] == ["2027-02-23-p-hiw.cy.docx",
                                             "2027-02-23-p-hiw.docx"]
        welsh = text(letters[0])
        assert "Cadarnhaodd y cyflenwr" in welsh  # the Welsh note went, redacted
        for letter in letters:
            said = text(letter)
            assert "Gwenllian" not in said and "Morgan" not in said, letter.name
    else:  # refused: then nothing for the regulator is written at all
        assert letters == [] and "regulator" in done.stderr + done.stdout
    # the complainant's own Welsh letter keeps the Welsh as written
    if done.returncode == 0:
        assert "Gwenllian Morgan" in text(out / "morgan.letters" /
                                          "2027-02-23-p-complainant.cy.docx")
    # the regulator pack is English only, and names no one
    pack = apgen("redact", plan, "-o", tmp_path / "pack")
    assert pack.returncode == 0, pack.stderr
    for docx in (tmp_path / "pack").rglob("*.docx"):
        said = text(docx)
        assert "Gwenllian" not in said and "Morgan" not in said, docx.name
        assert "Cadarnhaodd" not in said, docx.name
