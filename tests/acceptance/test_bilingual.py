"""PSOW: a Welsh copy of the plan, the checklist and each Welsh-speaking party's letters,
built through the real CLI and read back: every fixed string in both languages, cy-GB on
every Welsh paragraph and run, DRAFT until the Welsh is reviewed, and through LibreOffice."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from actionplan_gen import welsh
from actionplan_gen.checklist import evaluate
from actionplan_gen.loader import load_file
from actionplan_gen.pipeline import load_plan
from actionplan_gen.render.context import checklist_context, plan_context

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from conftest import needs_libreoffice  # noqa: E402
from docx_reading import W, paragraphs, pdf_text, squash, text, xml_parts  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
MORGAN = ROOT / "samples" / "morgan.plan.yaml"
TAG = re.compile(r"\{\{\s*([\w.]+)\s*\}\}")


def apgen(*args):
    done = subprocess.run([sys.executable, "-m", "actionplan_gen", *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def copy_plan(tmp_path: Path, edit=None) -> Path:
    data = load_file(MORGAN).data
    if edit:
        edit(data)
    path = tmp_path / "morgan.plan.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bilingual")
    plan = copy_plan(folder)
    done = apgen("build", plan, "-o", folder / "out")
    assert done.returncode == 0, done.stderr
    return folder / "out"


def _filled(template: str, values: dict) -> str:
    """A template string with its {{ tags }} filled from a context, as the document says it."""
    def value(match):
        found = values
        for key in match.group(1).split("."):
            found = found[key]
        return found
    return squash(TAG.sub(value, template))


def _pairs(english_docx: Path, en_values: dict, cy_values: dict):
    """(English, Welsh) of each wording-file template string the English document shows:
    a whole paragraph, or inside one where it is a sentence (a header, the lead text)."""
    document_en = text(english_docx)
    whole = {squash(p) for p in paragraphs(english_docx)}
    found = []
    for entry in welsh.wording()["template"]:
        try:
            english, cymraeg = _filled(entry["en"], en_values), _filled(entry["cy"], cy_values)
        except KeyError:  # a string of another template
            continue
        if english in whole or (len(english.split()) > 3 and english in document_en):
            found.append((english, cymraeg))
    return found


def test_every_fixed_string_is_in_both_languages(built):
    plan, _ = load_plan(MORGAN)
    checked = 0
    for stem, en_values in (("action-plan", plan_context(plan)),
                            ("checklist", checklist_context(plan, evaluate(
                                plan, plan.prepared_on), plan.prepared_on))):
        cy_values = welsh.context(en_values)
        cymraeg = text(built / f"morgan.{stem}.cy.docx")
        welsh_paragraphs = {squash(p) for p in paragraphs(built / f"morgan.{stem}.cy.docx")}
        pairs = _pairs(built / f"morgan.{stem}.docx", en_values, cy_values)
        for en, cy in pairs:
            assert cy in welsh_paragraphs or (len(cy.split()) > 3 and cy in cymraeg), (stem, cy)
            if len(en.split()) > 2 and en != cy:
                assert en not in cymraeg, (stem, en)
        checked += len(pairs)
        # what apgen writes into the template: statuses, labels, questions, dates
        for entry in welsh.wording()["values"] + welsh.wording()["checklist"]:
            if any(squash(entry["en"]) == squash(p) for p in paragraphs(
                    built / f"morgan.{stem}.docx")):
                assert squash(entry["cy"]) in cymraeg, entry["cy"]
                checked += 1
    assert checked > 80
    cy_plan = text(built / "morgan.action-plan.cy.docx")
    assert "24 Tachwedd 2026" in cy_plan and "24 November 2026" not in cy_plan
    for question in welsh.wording()["checklist"][1:]:
        assert squash(question["cy"]) in text(built / "morgan.checklist.cy.docx")
    # the author's text stays as written where it has no Welsh ({en, cy}: test_bilingual_pairs)
    assert squash(plan.actions[1].description) in cy_plan


def _runs(docx: Path):
    for name, root in xml_parts(docx).items():
        if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", name):
            yield from ((name, r) for r in root.iter(f"{W}r"))


def _lang(element) -> str | None:
    found = element.find(f"{W}rPr/{W}lang")
    return found.get(f"{W}val") if found is not None else None


def test_every_welsh_paragraph_and_run_says_it_is_welsh(built):
    plan, _ = load_plan(MORGAN)
    description = squash(plan.actions[1].description)  # A2: English only
    for stem in ("action-plan", "checklist"):
        docx = built / f"morgan.{stem}.cy.docx"
        parts = xml_parts(docx)
        for name, root in parts.items():
            if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", name):
                for p in root.iter(f"{W}p"):
                    assert p.find(f"{W}pPr/{W}rPr/{W}lang").get(f"{W}val") == "cy-GB", name
        langs = {}
        for _, run in _runs(docx):
            words = squash("".join(t.text or "" for t in run.iter(f"{W}t")))
            langs[words] = _lang(run)
            assert _lang(run) in ("cy-GB", "en-GB"), words
        assert langs["Manylion y cynllun" if stem == "action-plan" else "Y deg cwestiwn"] \
            == "cy-GB"
        assert parts["docProps/core.xml"].find(
            "{http://purl.org/dc/elements/1.1/}language").text == "cy-GB"
    langs = {squash("".join(t.text or "" for t in r.iter(f"{W}t"))): _lang(r)
             for _, r in _runs(built / "morgan.action-plan.cy.docx")}
    assert langs[description] == "en-GB"  # the author's English, said as English
    assert langs["Gwyrdd \u2013 wedi\u2019i gwblhau"] == "cy-GB"
    english = built / "morgan.action-plan.docx"
    assert all(_lang(r) != "cy-GB" for _, r in _runs(english))
    assert b"cy-GB" not in (english.read_bytes())


def test_welsh_copies_are_draft_until_the_welsh_review_is_recorded(built, tmp_path):
    for stem in ("action-plan", "checklist"):
        docx = built / f"morgan.{stem}.cy.docx"
        assert paragraphs(docx)[0].startswith("DRAFT")
        for name, root in xml_parts(docx).items():
            if name.startswith("word/header"):
                assert "DRAFFT" in squash("".join(t.text or "" for t in root.iter(f"{W}t")))
        assert "DRAFT" not in text(built / f"morgan.{stem}.docx")

    def review(data):
        data["plan"]["welsh_review"] = {"by": "Elin Hughes, Welsh Language Officer",
                                        "on": "2026-11-20"}
    plan = copy_plan(tmp_path, review)
    done = apgen("build", plan, "-o", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    for stem in ("action-plan", "checklist"):
        words = text(tmp_path / "out" / f"morgan.{stem}.cy.docx")
        assert "DRAFT" not in words and "DRAFFT" not in words
        assert "Cynllun gweithredu" in words or "Rhestr wirio" in words


def test_an_english_plan_has_no_welsh_copy(tmp_path):
    def english(data):
        data["plan"].pop("language")
    plan = copy_plan(tmp_path, english)
    done = apgen("build", plan, "-o", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "morgan.action-plan.docx", "morgan.checklist.docx"]


def test_each_party_is_written_to_in_its_language(tmp_path):
    def languages(data):
        data["parties"][1]["language"] = "both"
    plan = copy_plan(tmp_path, languages)
    done = apgen("letters", plan, "-o", tmp_path / "out", "--as-at", "2027-02-23")
    assert done.returncode == 0, done.stderr
    folder = tmp_path / "out" / "morgan.letters"
    assert sorted(p.name for p in folder.iterdir()) == [
        "2027-02-23-p-complainant.cy.docx", "2027-02-23-p-hiw.docx",
        "2027-02-23-p-llais.cy.docx", "2027-02-23-p-llais.docx"]
    cymraeg = text(folder / "2027-02-23-p-complainant.cy.docx")
    for phrase in ("Annwyl Mrs Morgan", "23 Chwefror 2027", "Yn gywir,",
                   "Beth sy\u2019n digwydd nesaf", "Yr hyn sy\u2019n hwyr",
                   "Byddwn yn ysgrifennu atoch eto erbyn 23 Ebrill 2027.",
                   "Ein cyfeirnod: achos ombwdsmon 202401234"):
        assert phrase in cymraeg, phrase
    for english in ("Dear", "Yours sincerely", "What happens next", "February"):
        assert english not in cymraeg.replace("DRAFT \u2013 the Welsh", ""), english
    assert paragraphs(folder / "2027-02-23-p-complainant.cy.docx")[0].startswith("DRAFT")
    assert "Yours faithfully," in text(folder / "2027-02-23-p-llais.docx")
    assert "Yn ffyddlon," in text(folder / "2027-02-23-p-llais.cy.docx")
    assert all(_lang(r) in ("cy-GB", "en-GB")
               for _, r in _runs(folder / "2027-02-23-p-llais.cy.docx"))
    # the updates line names each party once, whatever languages it was sent
    assert "sent_to: [p-complainant, p-llais, p-hiw]" in done.stdout


@needs_libreoffice
def test_the_welsh_plan_reads_the_same_through_libreoffice(tmp_path):
    plan = copy_plan(tmp_path)
    done = apgen("build", plan, "-o", tmp_path / "out", "--pdf")
    assert done.returncode == 0, done.stderr
    pdf = re.sub(r"\s+", "", pdf_text(tmp_path / "out" / "morgan.action-plan.cy.pdf"))
    for words in ("Manylion y cynllun", "Traciwr y camau gweithredu", "24 Tachwedd 2026",
                  "Atodiad: sut y caiff pob cam gweithredu ei wirio", "DRAFFT"):
        assert re.sub(r"\s+", "", words) in pdf, words
