"""The regulator pack end to end: a photograph in the report, DRAFT on every document until
the intruder review is recorded, the review list beside (never inside) the pack, and reports
refused up front in plain words."""

from __future__ import annotations

import shutil
import subprocess
import time

import pytest

from adversarial_docx import noisy_jpeg, p, r, report_with_body, report_with_pictures
from conftest import SAMPLES, needs_libreoffice, soffice
from docx_reading import W, parts, xml_parts

ELLISON = SAMPLES / "ellison.plan.yaml"
PACK = "P-004417.regulator"
DOCUMENTS = ["action-plan.docx", "checklist.docx", "final-report.docx"]


def unreviewed_plan(tmp_path):
    """The Ellison sample without its intruder review, its report copied (not linked)."""
    text = ELLISON.read_text(encoding="utf-8")
    start = text.index("  intruder_review:")
    plan = tmp_path / "case.plan.yaml"
    plan.write_text(text[:start] + text[text.index("\n", start) + 1:], encoding="utf-8")
    shutil.copytree(SAMPLES / "reports", tmp_path / "reports")
    return plan


def paragraph_text(paragraph) -> str:
    return "".join(t.text or "" for t in paragraph.iter(f"{W}t"))


def first_body_paragraph(docx) -> str:
    body = xml_parts(docx)["word/document.xml"].find(f"{W}body")
    return paragraph_text(next(body.iter(f"{W}p")))


def header_texts(docx) -> list[str]:
    return [" ".join(paragraph_text(x) for x in root.iter(f"{W}p"))
            for name, root in xml_parts(docx).items() if name.startswith("word/header")]


def test_a_report_with_a_10_mib_photograph_is_redacted_quickly(run_cli, tmp_path):
    photo = noisy_jpeg()
    assert len(photo) > 9 * 2**20 and b"Margaret Ellison" in photo  # EXIF and comment
    report = tmp_path / "report.docx"
    report.write_bytes(report_with_pictures({"IMG_2041.jpg": photo}))
    started = time.perf_counter()
    result = run_cli("redact", ELLISON, "-o", tmp_path / "out", "--report", report)
    elapsed = time.perf_counter() - started
    print(f"\napgen redact with a {len(photo) / 2**20:.1f} MiB photograph: {elapsed:.2f} s")
    assert result.exit_code == 0, result.output
    assert elapsed < 20, elapsed  # a hang guard; it takes about 2 s
    files = parts(tmp_path / "out" / PACK / "final-report.docx")
    assert [n for n in files if n.startswith("word/media/")] == ["word/media/image1.jpeg"]
    kept = files["word/media/image1.jpeg"]
    assert b"Ellison" not in kept and b"Exif" not in kept
    assert "re-encoded: nothing but their pixels is kept" in result.output
    assert "their pixels were not checked" in result.output


def test_every_document_is_marked_draft_until_the_review_is_recorded(run_cli, tmp_path):
    result = run_cli("redact", unreviewed_plan(tmp_path), "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    for name in DOCUMENTS:
        docx = tmp_path / "out" / PACK / name
        assert first_body_paragraph(docx).startswith("DRAFT"), name
        headers = header_texts(docx)
        assert headers and all("DRAFT" in h for h in headers), (name, headers)
    report = tmp_path / "out" / PACK / "final-report.docx"
    assert first_body_paragraph(report) == ("DRAFT \u2013 not yet checked for details that "
                                            "could identify someone")
    first = next(xml_parts(report)["word/document.xml"].iter(f"{W}p"))
    assert first.find(f"{W}r/{W}rPr/{W}b") is not None  # bold


def test_a_reviewed_pack_has_no_draft_mark(run_cli, tmp_path):
    result = run_cli("redact", ELLISON, "-o", tmp_path)
    assert result.exit_code == 0, result.output
    for name in DOCUMENTS:
        docx = tmp_path / PACK / name
        assert not first_body_paragraph(docx).startswith("DRAFT"), name
        assert not any("DRAFT" in h for h in header_texts(docx)), name


def test_a_report_without_headers_is_given_a_draft_header(run_cli, tmp_path):
    plan = unreviewed_plan(tmp_path)
    (tmp_path / "reports" / "ellison-final-report.docx").write_bytes(
        report_with_body(p(r("The complaint was upheld."))))
    result = run_cli("redact", plan, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    report = tmp_path / "out" / PACK / "final-report.docx"
    assert header_texts(report) == ["DRAFT \u2013 not yet checked for details that could "
                                    "identify someone"]
    section = xml_parts(report)["word/document.xml"].find(f"{W}body/{W}sectPr")
    reference = section[0]
    assert reference.tag == f"{W}headerReference" and reference.get(f"{W}type") == "default"


def test_the_review_list_is_beside_the_pack_and_names_unvouched_words(run_cli, tmp_path):
    plan = unreviewed_plan(tmp_path)
    (tmp_path / "reports" / "ellison-final-report.docx").write_bytes(report_with_body(
        p(r("On a Tuesday Mrs Ellison was moved to Thornbury ward by the night staff.")) +
        p(r("Moved again, she met Dr Okafor near the Quillfeather Suite."))))
    result = run_cli("redact", plan, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    review = tmp_path / "out" / "P-004417.review.txt"
    assert review.is_file()
    assert sorted(p.name for p in (tmp_path / "out" / PACK).iterdir()) == DOCUMENTS
    text = review.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[lines.index("Thornbury") + 1] == "  final-report.docx, paragraph 2"
    assert lines[lines.index("Quillfeather") + 1] == "  final-report.docx, paragraph 3"
    for vouched in ("Tuesday", "Mrs", "Moved", "Northshire", "Okafor", "Ellison"):
        assert vouched not in lines, vouched  # ordinary, organisation's, or never there
    assert "a help for the human review, not a guarantee" in text
    assert f"wrote {review}" in result.output


def test_a_leak_removes_the_review_list_too(run_cli, tmp_path, monkeypatch):
    assert run_cli("redact", ELLISON, "-o", tmp_path).exit_code == 0
    assert (tmp_path / "P-004417.review.txt").is_file()
    from actionplan_gen.redact import pack
    from actionplan_gen.redact.final_report import Outcome
    monkeypatch.setattr(pack, "redact_report", lambda data, *a, **k: Outcome(data, []))
    assert run_cli("redact", ELLISON, "-o", tmp_path).exit_code == 1
    assert list(tmp_path.iterdir()) == []


STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"


@pytest.mark.parametrize("report, reason", [
    (report_with_body(p(r("Hello.")), document_ns=STRICT),
     "this is a Strict Open XML document: save it from Word as an ordinary Word Document "
     "(.docx) first"),
    (report_with_body(p(r("Hello.")), extra_parts={
        "word/footnotes.xml": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY n "Ellison">]><x/>'}),
     "declares a DOCTYPE or XML entities"),
])
def test_a_report_apgen_cannot_read_safely_is_refused_with_exit_2(run_cli, tmp_path, report,
                                                                   reason):
    path = tmp_path / "report.docx"
    path.write_bytes(report)
    result = run_cli("redact", ELLISON, "-o", tmp_path / "out", "--report", path)
    assert result.exit_code == 2, result.output
    assert reason in " ".join(result.output.split())
    assert "Traceback" not in result.output and not (tmp_path / "out").exists()


@needs_libreoffice
def test_the_draft_report_opens_in_libreoffice_with_draft_on_the_page(run_cli, tmp_path):
    result = run_cli("redact", unreviewed_plan(tmp_path), "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    source = tmp_path / "out" / PACK / "final-report.docx"
    subprocess.run([soffice(), f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
                    "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180)
    from docx_reading import pdf_text
    pdf = pdf_text(tmp_path / "final-report.pdf")
    assert pdf.count("DRAFT") >= 2 and "Ellison" not in pdf


