"""`apgen portfolio` as a user runs it: plans whose standing on 1 April 2027 is worked out by
hand, an invalid plan among them, every CSV cell and every paper table cell read back, and
no word of anyone's name anywhere in the paper, the CSV or the JSON."""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from docx import Document

from actionplan_gen.loader import load_file

from conftest import ROOT, needs_libreoffice
from docx_reading import core_properties, xml_parts

ELLISON = ROOT / "samples" / "ellison.plan.yaml"
AS_AT = "2027-04-01"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def apgen(*args, cwd=ROOT):
    done = subprocess.run([sys.executable, "-m", "actionplan_gen", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, timeout=300)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def _action(data: dict, action_id: str) -> dict:
    return next(a for a in data["actions"] if a["id"] == action_id)


def make_plans(folder: Path) -> list[Path]:
    """Four files named after the family (as real files often are), one of them invalid.

    ellison.plan.yaml      the sample as it is (P-004417)
    ellison-2.plan.yaml    P-100002: R1 and R2 due, A6 and R1's compliance entry have lost
                           their evidence, A3 owned by a
                           team whose name holds a staff member's name, A2 at risk
    ellison-3.plan.yaml    P-100003: still a draft, past its deadline, nothing sent to anyone
    ellison-bad.plan.yaml  P-100004: plan.status 'finished' (not valid)
    """
    sample = load_file(ELLISON).data
    second = copy.deepcopy(sample)
    second["ombudsman"]["case_references"] = ["P-100002"]
    second["ombudsman"]["recommendations"][1]["due_by"] = "2027-03-01"
    del _action(second, "A6")["evidence"]
    del second["ombudsman"]["recommendations"][0]["compliance"]
    _action(second, "A3")["owner"] = {"team": "Ward 7 team of Daniel Okafor"}
    _action(second, "A2")["progress"].append(
        {"date": "2027-03-20", "note": "Supplier still testing.", "status": "at_risk"})
    third = copy.deepcopy(sample)
    third["ombudsman"]["case_references"] = ["P-100003"]
    third["plan"]["status"] = "draft"
    for key in ("submitted_on",):
        third["plan"].pop(key)
    third["ombudsman"].pop("accepted_on")
    for party in third["parties"]:
        for key in ("plan_sent_on", "report_sent_on"):
            party.pop(key, None)
        party["updates"].pop("from", None)
    third.pop("updates")
    bad = copy.deepcopy(sample)
    bad["ombudsman"]["case_references"] = ["P-100004"]
    bad["plan"]["status"] = "finished"
    paths = []
    for name, data in [("ellison", sample), ("ellison-2", second), ("ellison-3", third),
                       ("ellison-bad", bad)]:
        data["ombudsman"].pop("final_report_file", None)
        path = folder / f"{name}.plan.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True),
                        encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("portfolio")
    paths = make_plans(folder)
    # Given in an order unlike the paper's: the paper sorts by case reference.
    order = [paths[2], paths[3], paths[0], paths[1]]
    out = folder / "out"
    done = apgen("portfolio", *order, "--as-at", AS_AT, "-o", out, "--format", "json")
    return {"paths": paths, "order": order, "out": out, "done": done,
            "json": json.loads(done.stdout)}


# Worked out by hand from the sample as at 1 April 2027 (see make_plans for the changes):
#   A1 in progress, target 31 January 2027: 60 days overdue; A2 in progress (target moved to
#   30 April 2027); A3 in progress, target 28 February 2027: 32 days overdue; A4 and A6
#   complete; A5 assured. Updates: complainant every 2 months from 24 November 2026 -> due
#   24 January 2027; ICB quarterly from 24 November 2026 -> 24 February 2027; CQC every 3
#   months from 25 November 2026 -> 25 February 2027. R1 due 14 October 2026, answered by
#   A6 (complete, two evidence items).
SENT = "Sent to everyone listed; actions under way"
UPDATES = ("the complainant (due 2027-01-24); NHS Northshire Integrated Care Board (due "
           "2027-02-24); Care Quality Commission (due 2027-02-25)")
CSV_ROWS = [
    ["case_reference", "input", "valid", "stage", "submission_deadline", "deadline_missed",
     "actions", "actions_planned", "actions_in_progress", "actions_at_risk",
     "actions_complete", "actions_assured", "actions_not_recorded", "overdue_actions",
     "overdue_action_details", "updates_due", "updates_due_to", "recommendations_due",
     "recommendations_lacking_evidence", "recommendations_lacking_evidence_details",
     "problem"],
    ["P-004417", "3", "yes", SENT, "2026-12-15", "no", "6", "0", "3", "0", "2", "1", "0", "2",
     "A1 (Lead Nurse for Discharge and Flow; Discharge Improvement Group): 60 days overdue; "
     "A3 (Ward Manager): 32 days overdue", "3", UPDATES, "1", "0", "", ""],
    ["P-100002", "4", "yes", SENT, "2026-12-15", "no", "6", "0", "2", "1", "2", "1", "0", "2",
     "A1 (Lead Nurse for Discharge and Flow; Discharge Improvement Group): 60 days overdue; "
     "A3 (Ward 7 team of [name removed] [name removed]): 32 days overdue", "3", UPDATES, "2",
     "2", "R1: A6 complete without evidence; R2: A1 not complete; A2 not complete; "
     "A3 not complete", ""],
    ["P-100003", "1", "yes", "Being drafted (not yet sent to the ombudsman)", "2026-12-15",
     "yes", "6", "0", "3", "0", "2", "1", "0", "2",
     "A1 (Lead Nurse for Discharge and Flow; Discharge Improvement Group): 60 days overdue; "
     "A3 (Ward Manager): 32 days overdue", "0", "", "1", "0", "", ""],
    ["P-100004", "2", "no", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "",
     "line 6: plan.status: 'finished' is not allowed here; use one of: draft, submitted, "
     "accepted, in_progress, closed"],
    ["Total", "", "3 valid, 1 not valid", "", "", "1", "18", "0", "8", "1", "6", "3", "0",
     "6", "", "6", "", "4", "2", "", ""],
]


def test_every_csv_cell(run):
    assert run["done"].returncode == 1, run["done"].stderr
    data = (run["out"] / "portfolio.csv").read_bytes()
    assert data.startswith("\ufeff".encode()) and b"\r\n" in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    # The invalid plan's first problem: its line is wherever yaml.safe_dump put the status.
    rows[4][-1] = re.sub(r"^line \d+:", "line 6:", rows[4][-1])
    assert rows == CSV_ROWS


def test_json_envelope_holds_plans_and_totals(run):
    data = run["json"]
    assert data["command"] == "portfolio" and data["exit_code"] == 1
    assert [p["case_reference"] for p in data["plans"]] == ["P-004417", "P-100002",
                                                           "P-100003", "P-100004"]
    assert [p["valid"] for p in data["plans"]] == [True, True, True, False]
    assert data["totals"] == {
        "plans": 3, "invalid_plans": 1, "deadlines_missed": 1, "actions": 18,
        "actions_by_status": {"planned": 0, "in_progress": 8, "at_risk": 1, "complete": 6,
                              "assured": 3, "not_recorded": 0},
        "overdue_actions": 6, "updates_due": 6, "recommendations_due": 4,
        "recommendations_lacking_evidence": 2}
    second = data["plans"][1]
    assert second["overdue_actions"][1] == {"id": "A3", "owner": "Ward 7 team of "
                                            "[name removed] [name removed]",
                                            "target_date": "2027-01-31".replace("01-31",
                                                                                "02-28"),
                                            "days_overdue": 32}
    assert second["recommendations_lacking_evidence"] == [
        {"id": "R1", "due_by": "2026-10-14", "missing": "A6 complete without evidence"},
        {"id": "R2", "due_by": "2027-03-01",
         "missing": "A1 not complete; A2 not complete; A3 not complete"}]
    (problem,) = data["problems"]
    assert problem["file"] == "input 2 (case P-100004)" and problem["line"] > 0
    assert "finished" in problem["message"]


def _cells(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_every_table_cell_of_the_paper(run):
    doc = Document(run["out"] / "portfolio.docx")
    tables = [_cells(t) for t in doc.tables]
    assert len(tables) == 7
    totals, by_status, plans, overdue, updates, gaps, invalid = tables
    assert totals == [["Measure", "Number"],
                      ["Action plans counted", "3"],
                      ["Plans that could not be read (listed at the end)", "1"],
                      ["Plans past their submission deadline and not yet sent", "1"],
                      ["Actions in all plans", "18"],
                      ["Actions: planned", "0"], ["Actions: in progress", "8"],
                      ["Actions: at risk of delay", "1"], ["Actions: complete", "6"],
                      ["Actions: complete and independently assured", "3"],
                      ["Actions past their target date and not complete", "6"],
                      ["Progress updates due to complainants and organisations", "6"],
                      ["Recommendations due", "4"],
                      ["Recommendations due without evidence of compliance", "2"]]
    assert by_status == [
        ["Case", "Planned", "In progress", "At risk of delay", "Complete",
         "Complete and independently assured", "Status not recorded", "All actions"],
        ["P-004417", "0", "3", "0", "2", "1", "0", "6"],
        ["P-100002", "0", "2", "1", "2", "1", "0", "6"],
        ["P-100003", "0", "3", "0", "2", "1", "0", "6"],
        ["All plans", "0", "8", "1", "6", "3", "0", "18"]]
    mixed = "3 in progress, 2 complete, 1 complete and independently assured"
    assert plans == [
        ["Case", "Stage", "Submission deadline", "Actions by status", "Overdue actions",
         "Updates due", "Recommend\u00adations due", "Due without evidence"],
        ["P-004417", SENT, "15 December 2026", mixed, "2", "3", "R1", "None"],
        ["P-100002", SENT, "15 December 2026", "2 in progress, 1 at risk of delay, 2 complete, "
         "1 complete and independently assured", "2", "3", "R1 and R2", "R1 and R2"],
        ["P-100003", "Being drafted (not yet sent to the ombudsman)",
         "15 December 2026\nMissed: not yet sent", mixed, "2", "0", "R1", "None"]]
    lead = "Lead Nurse for Discharge and Flow; Discharge Improvement Group"
    assert overdue == [
        ["Case", "Action", "Responsible (role or team)", "Target date", "Overdue by"],
        ["P-004417", "A1", lead, "31 January 2027", "60 days"],
        ["P-004417", "A3", "Ward Manager", "28 February 2027", "32 days"],
        ["P-100002", "A1", lead, "31 January 2027", "60 days"],
        ["P-100002", "A3", "Ward 7 team of [name removed] [name removed]", "28 February 2027",
         "32 days"],
        ["P-100003", "A1", lead, "31 January 2027", "60 days"],
        ["P-100003", "A3", "Ward Manager", "28 February 2027", "32 days"]]
    owed = [["The complainant", "24 January 2027", "67 days overdue"],
            ["NHS Northshire Integrated Care Board", "24 February 2027", "36 days overdue"],
            ["Care Quality Commission", "25 February 2027", "35 days overdue"]]
    assert updates == [["Case", "Update due to", "Due on", "Now"],
                       *(["P-004417", *row] for row in owed),
                       *(["P-100002", *row] for row in owed)]
    assert gaps == [["Case", "Recommend\u00adation", "Due by", "What is missing"],
                    ["P-100002", "R1", "14 October 2026", "A6 complete without evidence"],
                    ["P-100002", "R2", "1 March 2027",
                     "A1 not complete; A2 not complete; A3 not complete"]]
    assert invalid[0] == ["Plan", "First problem"]
    assert invalid[1][0] == "input 2 (case P-100004)"
    assert re.fullmatch(r"line \d+: plan.status: 'finished' is not allowed here; .*",
                        invalid[1][1])


def test_no_word_of_anyones_name_in_any_output(run):
    words = set()
    for path in run["paths"]:
        for person in load_file(path).data["people"]:
            for name in [person["name"], *person.get("aliases", [])]:
                words.update(re.findall(r"[^\W\d_]+", name))
    assert {"Margaret", "Ellison", "Okafor", "Maggie"} <= words
    texts = {"stdout (JSON)": run["done"].stdout,
             "portfolio.csv": (run["out"] / "portfolio.csv").read_text(encoding="utf-8-sig")}
    with zipfile.ZipFile(run["out"] / "portfolio.docx") as package:
        for name in package.namelist():
            if not name.endswith(".png"):
                texts[f"portfolio.docx/{name}"] = package.read(name).decode("utf-8")
    found = [(where, word) for where, text in texts.items() for word in sorted(words)
             if re.search(rf"(?<![^\W_]){word}(?![^\W_])", text, re.IGNORECASE)]
    assert found == []
    # The check can fail: the terminal (not an output) names the invalid file.
    done = apgen("portfolio", *run["order"], "--as-at", AS_AT, "-o", run["out"] / "again")
    assert "ellison-bad.plan.yaml" in done.stdout


def test_paper_is_landscape_accessible_and_has_the_chart(run):
    path = run["out"] / "portfolio.docx"
    doc = Document(path)
    section = doc.sections[0]
    assert section.page_width > section.page_height
    assert round(section.page_width.cm, 1) == 29.7 and round(section.page_height.cm, 1) == 21.0
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["Summary", "Actions by status", "Each plan",
                        "Actions past their target date", "Progress updates due",
                        "Recommendations due without evidence of compliance",
                        "Plans that could not be counted"]
    for table in doc.tables:
        header = table.rows[0]._tr.trPr
        assert header is not None and header.find(f"{W}tblHeader") is not None
    props = core_properties(path)
    assert props["title"] == "Ombudsman action plans: board summary"
    assert props["language"] == "en-GB"
    assert props["creator"] == "Northshire Hospitals NHS Foundation Trust"
    styles = xml_parts(path)["word/styles.xml"]
    assert styles.find(f".//{W}docDefaults//{W}lang").get(f"{W}val") == "en-GB"
    (picture,) = xml_parts(path)["word/document.xml"].iter(f"{WP}docPr")
    alt = picture.get("descr")
    assert alt.startswith("Bar chart of actions by status, one bar per plan (3).")
    assert ("P-100002: 2 in progress, 1 at risk of delay, 2 complete, 1 complete and "
            "independently assured, 2 overdue") in alt
    with zipfile.ZipFile(path) as package:
        png = package.read("word/media/image1.png")
    assert png.startswith(b"\x89PNG") and len(png) > 5_000
    assert b"tIME" not in png and b"tEXt" not in png  # no timestamp, no software stamp


def test_same_inputs_same_bytes(run, tmp_path):
    apgen("portfolio", *run["order"], "--as-at", AS_AT, "-o", tmp_path)
    for name in ("portfolio.docx", "portfolio.csv"):
        assert (tmp_path / name).read_bytes() == (run["out"] / name).read_bytes(), name


def test_only_invalid_plans_still_writes_a_paper_and_a_missing_file_exits_2(run, tmp_path):
    done = apgen("portfolio", run["paths"][3], tmp_path / "nope.plan.yaml", "--as-at", AS_AT,
                 "-o", tmp_path, "--format", "json")
    assert done.returncode == 2
    data = json.loads(done.stdout)
    assert data["totals"]["plans"] == 0 and data["totals"]["invalid_plans"] == 2
    rows = list(csv.reader(io.StringIO((tmp_path / "portfolio.csv").read_text("utf-8-sig"))))
    assert [r[:3] for r in rows[1:3]] == [["P-100004", "1", "no"], ["", "2", "no"]]
    assert "nope" not in (tmp_path / "portfolio.csv").read_text("utf-8-sig")


@needs_libreoffice
@pytest.mark.libreoffice
def test_the_paper_opens_in_libreoffice(run, tmp_path):
    import shutil
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(run["out"] / "portfolio.docx")], check=True, capture_output=True,
                   timeout=180)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "portfolio.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "Ombudsman action plans: board summary" in text
    assert "P-100002" in text and "Ward 7 team of [name removed]" in text
