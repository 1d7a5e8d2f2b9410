"""``apgen evidence`` as a user runs it: the real command in a subprocess, the pack opened
and read back (index from the .docx and the CSV, SHA256SUMS checked by sha256sum itself)."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from docx import Document

from conftest import ROOT, SAMPLES, needs_libreoffice

PERSONAL = "Personal: not for any regulator"
TEMPLATES = ROOT / "templates"


def apgen(*args, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "actionplan_gen", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd)


def case(tmp_path: Path, edit=None, evidence: bool = True) -> Path:
    """The Ellison sample copied into its own folder (with its evidence), optionally edited."""
    folder = tmp_path / "case"
    folder.mkdir()
    text = (SAMPLES / "ellison.plan.yaml").read_text(encoding="utf-8")
    plan = folder / "ellison.plan.yaml"
    plan.write_text(edit(text) if edit else text, encoding="utf-8")
    shutil.copytree(SAMPLES / "reports", folder / "reports")
    if evidence:
        shutil.copytree(SAMPLES / "evidence", folder / "evidence")
    return plan


def line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def rows_of(csv_path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(csv_path.read_text(encoding="utf-8"))))


def docx_tables(path: Path) -> list[list[list[str]]]:
    return [[[cell.text for cell in row.cells] for row in table.rows]
            for table in Document(str(path)).tables]


def docx_text(path: Path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def written(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_the_sample_pack_reads_back_and_its_checksums_verify(tmp_path):
    out = tmp_path / "out"
    done = apgen("evidence", SAMPLES / "ellison.plan.yaml", "--as-at", "2026-12-01", "-o", out)
    assert done.returncode == 0, done.stderr
    folder = out / "ellison.evidence"
    assert written(folder) == [
        "SHA256SUMS", "covering-letter.docx", "evidence-index.csv", "evidence-index.docx",
        "files/E1-northshire-trust-apology-2026-10-09.pdf",
        "files/E2-northshire-trust-remedy-payment-2026-10-09.pdf",
        "files/E4-chief-nurse-assurance-report-2026-11.pdf",
        "files/E5-complaints-policy-v9.pdf"]
    # Each file is the original, byte for byte, and sha256sum itself agrees.
    assert (folder / "files/E1-northshire-trust-apology-2026-10-09.pdf").read_bytes() == \
        (SAMPLES / "evidence/northshire-trust-apology-2026-10-09.pdf").read_bytes()
    check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=folder, capture_output=True,
                           text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.count(": OK") == 7
    sums = (folder / "SHA256SUMS").read_text().splitlines()
    assert [line.split("  ", 1)[1] for line in sums] == \
        [name for name in written(folder) if name != "SHA256SUMS"]

    # The CSV walks recommendation -> action (or compliance) -> evidence.
    rows = rows_of(folder / "evidence-index.csv")
    r1 = [(r["via"], r["evidence"], r["personal"]) for r in rows if r["recommendation"] == "R1"]
    assert r1 == [("A6", "E1", "yes"), ("A6", "E2", "yes"), ("compliance", "E1", "yes"),
                  ("compliance", "E2", "yes")]
    e1 = [r for r in rows if r["evidence"] == "E1"]
    assert {r["file"] for r in e1} == {"files/E1-northshire-trust-apology-2026-10-09.pdf"}
    [e1_sum] = [line.split()[0] for line in sums if "/E1-" in line]
    assert {r["sha256"] for r in e1} == {e1_sum}
    e6 = next(r for r in rows if r["evidence"] == "E6")  # a reference, not a file
    assert (e6["file"], e6["sha256"], e6["reference"]) == \
        ("", "", "Internal Audit report IA-2026-31")
    assert next(r for r in rows if r["recommendation"] == "R2")["evidence"] == ""

    # The Word index says the same, personal items flagged.
    tables = docx_tables(folder / "evidence-index.docx")
    assert tables[0][0] == ["Through", "Evidence", "What it is", "Dated", "File", "SHA-256",
                            "Personal"]
    assert tables[0][1] == ["A6", "E1", "Letter of apology from the Chief Executive",
                            "9 October 2026", "files/E1-northshire-trust-apology-2026-10-09.pdf",
                            e1[0]["sha256"], PERSONAL]
    assert [row[:2] for row in tables[0][1:]] == [["A6", "E1"], ["A6", "E2"],
                                                 ["Compliance", "E1"], ["Compliance", "E2"]]
    files_table = tables[-1]
    assert [row[0] for row in files_table[1:]] == [
        "files/E1-northshire-trust-apology-2026-10-09.pdf",
        "files/E2-northshire-trust-remedy-payment-2026-10-09.pdf",
        "files/E5-complaints-policy-v9.pdf", "files/E4-chief-nurse-assurance-report-2026-11.pdf"]
    assert [row[3] for row in files_table[1:]] == [PERSONAL, PERSONAL, "", ""]
    index = docx_text(folder / "evidence-index.docx")
    assert "Recommendation R1 (final report, paragraph 118)" in index
    assert "Due by 14 October 2026. Evidence sent to the ombudsman on 14 October 2026." in index

    # The covering letter: to the ombudsman, the case, what is due, what is enclosed, signed.
    letter = docx_text(folder / "covering-letter.docx")
    for words in ["Parliamentary and Health Service Ombudsman", "ombudsman case P-004417",
                  "R1 (due by 14 October 2026)", "We enclose evidence E1 and E2.",
                  "files/E1-northshire-trust-apology-2026-10-09.pdf: E1, Letter of apology",
                  "please do not pass it to any regulator", "Sarah Khan",
                  "Head of Patient Experience", "sha256sum -c SHA256SUMS"]:
        assert words in letter, words
    assert "What we cannot send yet" not in letter


def test_a_file_cited_many_times_is_copied_once(tmp_path):
    def edit(text):
        text = text.replace("    evidence: [E5, E6]\n", "    evidence: [E5, E6, E1, E7]\n")
        return text.replace("  - {id: E6,", "  - {id: E7, description: The same letter again, "
                            "file: evidence/../evidence/northshire-trust-apology-2026-10-09.pdf}\n"
                            "  - {id: E6,")
    out = tmp_path / "out"
    done = apgen("evidence", case(tmp_path, edit), "--as-at", "2026-12-01", "-o", out)
    assert done.returncode == 0, done.stderr
    folder = out / "ellison.evidence"
    assert [n for n in written(folder) if "apology" in n] == \
        ["files/E1-northshire-trust-apology-2026-10-09.pdf"]
    rows = rows_of(folder / "evidence-index.csv")
    assert {r["file"] for r in rows if r["evidence"] in ("E1", "E7")} == \
        {"files/E1-northshire-trust-apology-2026-10-09.pdf"}
    assert len([r for r in rows if r["evidence"] == "E1"]) == 3  # A6, compliance and A5


def test_a_recommendation_due_without_evidence_stops_the_pack(tmp_path):
    def edit(text):
        return text.replace('      report_paragraph: "119"\n',
                            '      report_paragraph: "119"\n      due_by: 2026-11-30\n')
    plan = case(tmp_path, edit)
    out = tmp_path / "out"
    done = apgen("evidence", plan, "--as-at", "2026-12-01", "-o", out, "--format", "json")
    assert done.returncode == 1
    data = json.loads(done.stdout)
    [problem] = [p for p in data["problems"] if p["severity"] == "error"]
    assert problem["line"] == line_of(plan, "- id: R2")
    assert problem["path"] == "ombudsman.recommendations[1]"
    assert problem["message"].startswith("R2 was due by 30 November 2026 and has no evidence: "
                                         "its actions (A1, A2 and A3) record none")
    assert "--partial" in problem["message"]
    assert not out.exists() or list(out.iterdir()) == []

    # Before it was due, the pack is whole.
    assert apgen("evidence", plan, "--as-at", "2026-11-29", "-o", out).returncode == 0

    done = apgen("evidence", plan, "--as-at", "2026-12-01", "-o", out, "--partial",
                 "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    [record] = data["plans"]
    assert set(record) == {"file", "folder", "files", "gaps"}
    assert [(g["recommendation"], g["due_by"], g["line"]) for g in record["gaps"]] == \
        [("R2", "2026-11-30", line_of(plan, "- id: R2"))]
    assert {p["severity"] for p in data["problems"]} == {"warning"}
    assert [p["line"] for p in data["problems"] if "has no evidence" in p["message"]] == \
        [line_of(plan, "- id: R2")]
    folder = Path(record["folder"])
    [gap_row] = [r for r in rows_of(folder / "evidence-index.csv") if r["gap"]]
    assert (gap_row["recommendation"], gap_row["due"], gap_row["evidence"]) == ("R2", "yes", "")
    assert "R2 was due by 30 November 2026 and has no evidence" in \
        docx_text(folder / "evidence-index.docx")
    letter = docx_text(folder / "covering-letter.docx")
    assert "What we cannot send yet" in letter
    assert "R2 was due by 30 November 2026 and has no evidence" in letter
    assert "R2 (due by 30 November 2026)" in letter
    assert subprocess.run(["sha256sum", "-c", "--quiet", "SHA256SUMS"],
                          cwd=folder).returncode == 0


def test_a_missing_evidence_file_is_located_and_nothing_is_written(tmp_path):
    plan = case(tmp_path)
    os.remove(plan.parent / "evidence" / "complaints-policy-v9.pdf")
    out = tmp_path / "out"
    done = apgen("evidence", plan, "--as-at", "2026-12-01", "-o", out, "--partial")
    assert done.returncode == 1
    located = f"{plan}:{line_of(plan, 'evidence/complaints-policy-v9.pdf')}:"
    assert any(line.startswith(located) and "E5: the evidence file "
               "'evidence/complaints-policy-v9.pdf' does not exist" in line
               for line in done.stdout.splitlines()), done.stdout
    assert not out.exists() or list(out.iterdir()) == []


def test_an_unreadable_evidence_file_is_located_and_an_earlier_pack_is_kept(tmp_path):
    plan = case(tmp_path)
    out = tmp_path / "out"
    assert apgen("evidence", plan, "--as-at", "2026-12-01", "-o", out).returncode == 0
    before = {n: (out / "ellison.evidence" / n).read_bytes()
              for n in written(out / "ellison.evidence")}
    policy = plan.parent / "evidence" / "complaints-policy-v9.pdf"
    policy.unlink()
    policy.mkdir()  # a folder where the file was: it cannot be read as one
    done = apgen("evidence", plan, "--as-at", "2026-12-01", "-o", out)
    assert done.returncode == 1
    assert f"{plan}:{line_of(plan, 'complaints-policy-v9.pdf')}:" in done.stdout
    assert "E5: the evidence file 'evidence/complaints-policy-v9.pdf' is a folder" in done.stdout
    assert {n: (out / "ellison.evidence" / n).read_bytes()
            for n in written(out / "ellison.evidence")} == before
    assert [p.name for p in out.iterdir()] == ["ellison.evidence"]  # no temporary left


def test_a_symlink_out_of_the_plans_folder_is_refused(tmp_path):
    plan = case(tmp_path)
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(b"%PDF not for the pack")
    target = plan.parent / "evidence" / "complaints-policy-v9.pdf"
    target.unlink()
    target.symlink_to(secret)
    out = tmp_path / "out"
    done = apgen("evidence", plan, "--as-at", "2026-12-01", "-o", out)
    assert done.returncode == 1
    assert re.search(rf"{re.escape(str(plan))}:{line_of(plan, 'complaints-policy-v9.pdf')}:\d+: "
                     r"evidence\[4\]\.file: the evidence file 'evidence/complaints-policy-v9.pdf' "
                     r"is, or passes through, a symbolic link leading outside", done.stdout)
    assert not out.exists() or list(out.iterdir()) == []


def test_the_same_plan_gives_the_same_bytes(tmp_path):
    for name in ("a", "b"):
        done = apgen("evidence", SAMPLES / "nowak.plan.yaml", "--as-at", "2026-12-01", "-o",
                     tmp_path / name)
        assert done.returncode == 0, done.stderr
    a, b = tmp_path / "a" / "nowak.evidence", tmp_path / "b" / "nowak.evidence"
    assert written(a) == written(b)
    for name in written(a):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


@needs_libreoffice
def test_the_letter_and_index_open_in_libreoffice(tmp_path):
    out = tmp_path / "out"
    assert apgen("evidence", SAMPLES / "ellison.plan.yaml", "--as-at", "2026-12-01", "-o",
                 out).returncode == 0
    folder = out / "ellison.evidence"
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"),
                    str(folder / "covering-letter.docx"), str(folder / "evidence-index.docx")],
                   check=True, capture_output=True, timeout=180)
    for name, words in [("covering-letter", "We enclose evidence E1 and E2."),
                        ("evidence-index", PERSONAL)]:
        text = subprocess.run(["pdftotext", str(tmp_path / "pdf" / f"{name}.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert words in " ".join(text.split()), name


def _restyled(source: Path, target: Path, document_edit=None) -> Path:
    """A user's copy of a shipped template: another font, optionally other document text."""
    with zipfile.ZipFile(source) as package, zipfile.ZipFile(target, "w") as copy:
        for item in package.infolist():
            data = package.read(item.filename)
            if item.filename == "word/styles.xml":
                data = data.replace(b'w:ascii="Arial"', b'w:ascii="Georgia"')
            if item.filename == "word/document.xml" and document_edit:
                data = document_edit(data)
            copy.writestr(item, data)
    return target


def test_restyled_letter_and_index_templates_are_used(tmp_path):
    plan = case(tmp_path)
    letter = _restyled(TEMPLATES / "evidence-letter.docx", tmp_path / "our-letter.docx",
                       lambda xml: xml.replace(b"What is enclosed", b"Enclosures"))
    index = _restyled(TEMPLATES / "evidence-index.docx", tmp_path / "our-index.docx")
    done = apgen("evidence", plan, "--as-at", "2026-12-01", "-o", tmp_path / "out",
                 "--template", letter, "--index-template", index)
    assert done.returncode == 0, done.stderr
    folder = tmp_path / "out" / "ellison.evidence"
    for name in ("covering-letter.docx", "evidence-index.docx"):
        with zipfile.ZipFile(folder / name) as package:
            assert b'w:ascii="Georgia"' in package.read("word/styles.xml"), name
    assert "Enclosures" in docx_text(folder / "covering-letter.docx")
    assert "What is enclosed" not in docx_text(folder / "covering-letter.docx")


def test_a_template_asking_for_what_apgen_lacks_stops_before_writing(tmp_path):
    plan = case(tmp_path)
    index = _restyled(TEMPLATES / "evidence-index.docx", tmp_path / "our-index.docx",
                      lambda xml: xml.replace(b"<w:t>Through</w:t>",
                                              b"<w:t>{{ home_address }}</w:t>"))
    done = apgen("evidence", plan, "--as-at", "2026-12-01", "-o", tmp_path / "out",
                 "--index-template", index)
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"{index}: the template uses home_address, which apgen does not provide" \
        in done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists() or written(tmp_path / "out") == []


def test_a_missing_template_is_named(tmp_path):
    done = apgen("evidence", case(tmp_path), "--as-at", "2026-12-01", "-o", tmp_path / "out",
                 "--template", tmp_path / "nope.docx")
    assert done.returncode == 2
    assert f"{tmp_path / 'nope.docx'}: template not found; check the path" \
        in done.stdout + done.stderr


@needs_libreoffice
def test_pdf_copies_of_the_letter_and_index_are_in_the_pack_and_its_checksums(tmp_path):
    done = apgen("evidence", case(tmp_path), "--as-at", "2026-12-01", "-o", tmp_path / "out",
                 "--pdf")
    assert done.returncode == 0, done.stderr
    folder = tmp_path / "out" / "ellison.evidence"
    names = written(folder)
    assert "covering-letter.pdf" in names and "evidence-index.pdf" in names
    sums = (folder / "SHA256SUMS").read_text()
    assert "  covering-letter.pdf\n" in sums and "  evidence-index.pdf\n" in sums
    subprocess.run(["sha256sum", "--quiet", "-c", "SHA256SUMS"], cwd=folder, check=True)
    letter = subprocess.run(["pdftotext", str(folder / "covering-letter.pdf"), "-"],
                            capture_output=True, text=True, check=True).stdout
    assert "evidence-index.docx, evidence-index.pdf and evidence-index.csv" in \
        " ".join(letter.split())
    index = subprocess.run(["pdftotext", str(folder / "evidence-index.pdf"), "-"],
                           capture_output=True, text=True, check=True).stdout
    assert PERSONAL in " ".join(index.split())
