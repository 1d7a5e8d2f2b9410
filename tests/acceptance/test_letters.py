"""`apgen letters` run as a user runs it; every letter opened and read back, from the .docx
and through LibreOffice."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from actionplan_gen.loader import load_file

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from conftest import needs_libreoffice  # noqa: E402
from docx_reading import parts, pdf_text, squash, text  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
ELLISON = ROOT / "samples" / "ellison.plan.yaml"


def apgen(*args):
    done = subprocess.run([sys.executable, "-m", "actionplan_gen", *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def copy_plan(tmp_path: Path, edit=None) -> Path:
    """The Ellison sample in a temporary folder, optionally edited as data."""
    data = load_file(ELLISON).data  # apgen's loader: 'on' stays a key, dates stay text
    if edit:
        edit(data)
    path = tmp_path / "ellison.plan.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def names_in(plan: Path) -> set[str]:
    data = load_file(plan).data
    return {w for p in data["people"] for w in re.findall(r"[^\W\d_]{2,}", p["name"])}


def test_only_the_complainant_is_due_and_hears_of_the_delay(tmp_path):
    done = apgen("letters", ELLISON, "--as-at", "2027-02-01", "-o", tmp_path, "--format", "json")
    assert done.returncode == 0, done.stdout + done.stderr
    (plan,) = json.loads(done.stdout)["plans"]
    assert [(x["party"], x["regulator"]) for x in plan["letters"]] == [("p-complainant", False)]
    letter = Path(plan["letters"][0]["file"])
    assert letter == tmp_path / "ellison.letters" / "2027-02-01-p-complainant.docx"
    assert sorted(p.name for p in (tmp_path / "ellison.letters").iterdir()) == [letter.name]
    body = text(letter)
    assert "Dear Mrs Ellison" in body and "Mrs Margaret Ellison 14 Wren Close" in body
    assert "since we sent you the action plan on 24 November 2026" in body
    # A2 slipped on 26 November: its new date, the old one and the reason.
    assert ("we now expect to finish this by 30 April 2027, not 31 March 2027. Reason for the "
            "change: Supplier delay in connecting the two systems.") in body
    assert "31 January 2027 and is not finished yet" in body  # A1 is late
    assert "completed" not in body  # A4 and A5 were finished before she had the plan
    assert "Yours sincerely, Sarah Khan Head of Patient Experience" in body
    assert "1 February 2027" in body and "We will write to you again by 1 April 2027" in body
    assert plan["updates_yaml"] == ("- {date: 2027-02-01, summary: \"Progress letter: A1 running "
                                    "late; A2 delayed to 30 April 2027.\", sent_to: "
                                    "[p-complainant], actions: [A1, A2]}")


def test_each_party_hears_only_what_changed_since_its_last_update(tmp_path):
    def edit(data):
        data["updates"].append({"date": "2026-12-01", "summary": "Pilot results.",
                                "sent_to": ["p-complainant"], "actions": ["A2"]})
    plan = copy_plan(tmp_path, edit)
    done = apgen("letters", plan, "--as-at", "2027-03-01", "-o", tmp_path / "out")
    assert done.returncode == 0, done.stdout + done.stderr
    folder = tmp_path / "out" / "ellison.letters"
    assert sorted(p.name for p in folder.iterdir()) == [
        "2027-03-01-p-complainant.docx", "2027-03-01-p-cqc.docx", "2027-03-01-p-icb.docx"]
    complainant = text(folder / "2027-03-01-p-complainant.docx")
    cqc = text(folder / "2027-03-01-p-cqc.docx")
    assert "since our last update of 1 December 2026" in complainant
    assert "Supplier delay" not in complainant  # the delay of 26 November was told already
    assert "Reason for the change: Supplier delay" in cqc  # the CQC has not heard of it
    for letter in (complainant, cqc):
        assert "A3 – Give every patient on Ward 7 a named nurse" in letter  # late since 28 Feb
    assert "- {date: 2027-03-01" in done.stdout and "sent_to: [p-icb, p-cqc]" in done.stdout


def test_the_printed_lines_record_the_letters_so_nothing_is_due_after(tmp_path):
    plan = tmp_path / "ellison.plan.yaml"
    sample = ELLISON.read_text(encoding="utf-8")
    plan.write_text(sample, encoding="utf-8")
    done = apgen("letters", plan, "--as-at", "2027-03-01", "-o", tmp_path / "out",
                 "--format", "json")
    lines = json.loads(done.stdout)["plans"][0]["updates_yaml"]
    last = next(line for line in sample.splitlines() if line.startswith("  - {date: 2026-10-14"))
    plan.write_text(sample.replace(last, last + "".join(f"\n  {x}" for x in lines.splitlines())),
                    encoding="utf-8")
    data = load_file(plan).data
    assert [u["date"] for u in data["updates"]][-1] == "2027-03-01"
    assert apgen("validate", plan).returncode == 0
    again = apgen("letters", plan, "--as-at", "2027-03-02", "-o", tmp_path / "again")
    assert again.returncode == 0 and "no progress update is due" in again.stdout
    assert not (tmp_path / "again").exists()


def test_the_regulator_letter_names_nobody_and_keeps_its_own_address(tmp_path):
    done = apgen("letters", ELLISON, "--as-at", "2027-03-01", "-o", tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    letter = tmp_path / "ellison.letters" / "2027-03-01-p-cqc.docx"
    body = text(letter)
    xml = " ".join(data.decode("utf-8", "replace") for data in parts(letter).values())
    found = [w for w in names_in(ELLISON)
             if re.search(rf"(?<!\w){w}(?!\w)", xml, re.I)]
    assert found == []
    assert "Care Quality Commission Citygate Gallowgate Newcastle upon Tyne NE1 4PA" in body
    assert "Dear Sir or Madam" in body and "Yours faithfully, Head of Patient Experience" in body
    assert "DRAFT" not in body  # the sample records its intruder review


def test_the_regulator_letter_is_draft_until_the_intruder_review(tmp_path):
    plan = copy_plan(tmp_path, lambda d: d["regulator_copy"].pop("intruder_review"))
    assert apgen("letters", plan, "--as-at", "2027-03-01", "-o", tmp_path).returncode == 0
    body = text(tmp_path / "ellison.letters" / "2027-03-01-p-cqc.docx")
    assert "DRAFT – Progress with our action plan" in body and "intruder_review" in body
    assert "DRAFT" not in text(tmp_path / "ellison.letters" / "2027-03-01-p-icb.docx")


def test_a_name_the_redactor_cannot_know_stops_every_letter_of_the_plan(tmp_path):
    def edit(data):
        data["actions"][1]["progress"].append({"date": "2027-01-20", "note":
                                               "Mr Jones from the supplier visited the ward."})
    plan = copy_plan(tmp_path, edit)
    done = apgen("letters", plan, "--as-at", "2027-03-01", "-o", tmp_path / "out")
    assert done.returncode == 1
    said = done.stdout + done.stderr
    assert "2027-03-01-p-cqc.docx" in said and "no letters were written" in said
    refusal = said[said.index("no letters were written"):]
    assert "Jones" not in refusal  # findings say where and what kind, never the name
    assert not (tmp_path / "out").exists()


def test_a_party_due_with_nowhere_to_send_is_a_located_problem(tmp_path):
    def edit(data):
        party = data["parties"][1]
        party.pop("address")
        party["updates"].pop("method")
    plan = copy_plan(tmp_path, edit)
    done = apgen("letters", plan, "--as-at", "2027-03-01", "-o", tmp_path / "out")
    assert done.returncode == 1
    line = next(n for n, text_line in enumerate(plan.read_text().splitlines(), 1)
                if "id: p-icb" in text_line)
    assert f"{plan}:{line}:1: parties[1]: p-icb is due a progress update" in done.stdout
    assert not (tmp_path / "out").exists()


def test_two_runs_give_the_same_bytes(tmp_path):
    for out in ("one", "two"):
        assert apgen("letters", ELLISON, "--as-at", "2027-03-01", "-o",
                     tmp_path / out).returncode == 0
    for letter in (tmp_path / "one" / "ellison.letters").iterdir():
        assert letter.read_bytes() == (tmp_path / "two" / "ellison.letters" /
                                       letter.name).read_bytes()


@needs_libreoffice
@pytest.mark.libreoffice
def test_letters_read_the_same_through_libreoffice(tmp_path):
    done = apgen("letters", ELLISON, "--as-at", "2027-03-01", "-o", tmp_path, "--pdf")
    assert done.returncode == 0, done.stdout + done.stderr
    folder = tmp_path / "ellison.letters"
    complainant = squash(pdf_text(folder / "2027-03-01-p-complainant.pdf"))
    assert "Dear Mrs Ellison" in complainant and "30 April 2027" in complainant
    assert "Supplier delay in connecting the two systems" in complainant
    cqc = squash(pdf_text(folder / "2027-03-01-p-cqc.pdf"))
    assert "Dear Sir or Madam" in cqc and "Supplier delay" in cqc
    assert [w for w in names_in(ELLISON) if re.search(rf"(?<!\w){w}(?!\w)", cqc, re.I)] == []
