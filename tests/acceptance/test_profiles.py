"""Documents speak the plan's ombudsman's language: its name, its word for its decision,
its checklist and its pseudonyms. Every check reads the written .docx files back."""

from __future__ import annotations

import re

import pytest

from conftest import SAMPLES
from docx_reading import paragraphs, parts, text

PHSO_WORDS = re.compile(r"PHSO|Parliamentary|final[\s_-]*report", re.IGNORECASE)


def _every_docx(folder):
    return sorted(folder.rglob("*.docx"))


def _build_and_redact(run_cli, plan, out):
    built = run_cli("build", plan, "-o", out / "built")
    assert built.exit_code == 0, built.output
    packed = run_cli("redact", plan, "-o", out / "pack")
    assert packed.exit_code == 0, packed.output
    files = _every_docx(out)
    assert len(files) >= 4, files
    return files


def test_the_lgsco_sample_never_speaks_of_phso_or_a_final_report(run_cli, tmp_path):
    files = _build_and_redact(run_cli, SAMPLES / "nowak.plan.yaml", tmp_path)
    assert any(f.name == "final-report.docx" for f in files)  # the decision, anonymised
    found = []
    for docx in files:
        for name, data in parts(docx).items():
            if name.endswith((".xml", ".rels")):
                found += [f"{docx.name} {name}: {m.group(0)}"
                          for m in PHSO_WORDS.finditer(data.decode("utf-8"))]
    assert found == []
    plan = text(tmp_path / "built" / "nowak.action-plan.docx")
    assert "Local Government and Social Care Ombudsman's decision of 7 August 2026" in plan
    assert "Date of the decision" in plan and "(Decision, paragraph 44)" in plan
    assert "Everyone the decision lists receives a copy" in plan


def test_a_phso_plan_keeps_phsos_words(sample_builds):
    built = sample_builds
    plan = text(built / "ellison.action-plan.docx")
    assert "Parliamentary and Health Service Ombudsman's final report of" in plan
    sheet = text(built / "ellison.checklist.docx")
    assert "The ombudsman asks organisations to check their action plan against ten" in sheet
    assert sheet.count("PHSO guidance, \u2018Action plan checklist\u2019, question") == 10


@pytest.mark.parametrize("sample, decision, short", [
    ("nowak", "decision", "LGSCO"), ("morgan", "report", "PSOW"),
    ("kinmoray", "decision report", "SPSO")])
def test_other_ombudsmen_get_the_neutral_checklist(sample_builds, sample, decision, short):
    built = sample_builds
    sheet = text(built / f"{sample}.checklist.docx")
    assert not PHSO_WORDS.search(sheet)
    assert "points of good practice for any action plan" in sheet
    assert f"not a checklist the {short} publishes" in sheet
    assert sheet.count("Good practice for action plans, point") == 10
    assert f"every person and organisation the {decision} lists?" in sheet


@pytest.mark.parametrize("sample, shown, never", [
    # PSOW: the plan chose "Mrs W" for the complainant (PSOW-style titles and letters).
    ("morgan", ["apologise to Mrs W for the failings"], ["Morgan", "Gwenllian", "Idris", "Mrs A"]),
    # SPSO: role letters without titles, C the complainant and A the aggrieved.
    ("kinmoray", ["apologise to C for the failings", "The Director of Nursing met C on"],
     ["Cameron", "Fiona", "Alasdair", "Mrs C", "Mr A", "Mrs A"]),
])
def test_new_samples_pack_with_their_ombudsmans_pseudonyms(run_cli, tmp_path, sample, shown,
                                                           never):
    plan = SAMPLES / f"{sample}.plan.yaml"
    for command in ("validate", "check"):
        result = run_cli(command, plan)
        assert result.exit_code == 0, result.output
    files = _build_and_redact(run_cli, plan, tmp_path)
    pack = [f for f in files if "regulator" in str(f.parent)]
    assert {f.name for f in pack} == {"action-plan.docx", "checklist.docx"}
    written = " ".join(text(f) for f in pack)
    assert [s for s in shown if s not in written] == []
    assert [n for n in never if re.search(rf"\b{n}\b", written)] == []
    assert not PHSO_WORDS.search(" ".join(text(f) for f in files))


def test_kinmoray_paragraphs_use_the_bare_letters(run_cli, tmp_path):
    _build_and_redact(run_cli, SAMPLES / "kinmoray.plan.yaml", tmp_path)
    plan = next((tmp_path / "pack").rglob("action-plan.docx"))
    involved = [p for p in paragraphs(plan) if "met C on 28 October 2026" in p]
    assert involved and all("Mrs" not in p for p in involved)


@pytest.mark.parametrize("body, decision, case", [
    ("PHSO", "final report", '"P-000000"'), ("LGSCO", "decision", '"00 000 000"'),
    ("PSOW", "report", '"000000000"'), ("SPSO", "decision report", '"000000000"'),
    ("PHSO+LGSCO", "final report", '"P-000000"')])
def test_init_writes_a_plan_in_the_ombudsmans_terms(run_cli, tmp_path, body, decision, case):
    target = tmp_path / "new.plan.yaml"
    assert run_cli("init", target, "--ombudsman", body).exit_code == 0
    written = target.read_text(encoding="utf-8")
    assert f"  body: {body}  " in written
    assert f"case_references: [{case}]   # as on the {decision}\n" in written
    assert f"everyone the {decision} lists as getting a copy" in written
    assert ("phso." in written) == (body.startswith("PHSO"))
    result = run_cli("validate", target)
    assert result.exit_code == 0, result.output
    built = run_cli("build", target, "-o", tmp_path / "out")
    assert built.exit_code == 0, built.output
    document = text(tmp_path / "out" / "new.action-plan.docx")
    assert f"Date of the {decision}" in document


def test_init_refuses_an_unknown_ombudsman(run_cli, tmp_path):
    result = run_cli("init", tmp_path / "x.plan.yaml", "--ombudsman", "NIPSO")
    assert result.exit_code == 2 and "NIPSO" in result.output
    assert not (tmp_path / "x.plan.yaml").exists()


@pytest.mark.parametrize("sample, decision", [("kinmoray", "decision report"),
                                              ("morgan", "report"), ("nowak", "decision"),
                                              ("harbour", "final report")])
def test_date_order_messages_use_the_ombudsmans_word(run_cli, tmp_path, sample, decision):
    """A plan dated as submitted before its ombudsman's findings were issued is told so in
    that ombudsman's own word for them."""
    source = (SAMPLES / f"{sample}.plan.yaml").read_text(encoding="utf-8")
    plan = tmp_path / f"{sample}.plan.yaml"
    submitted = re.search(r"^  submitted_on: (\S+)$", source, re.M)
    plan.write_text(source.replace(submitted.group(0), "  submitted_on: 2020-01-02"),
                    encoding="utf-8")
    for folder in ("reports", "evidence"):
        (tmp_path / folder).symlink_to(SAMPLES / folder)
    result = run_cli("validate", plan)
    assert result.exit_code == 1, result.output
    assert re.search(rf"plan\.submitted_on: 2020-01-02 is before the {decision} \(\d{{4}}-",
                     result.output), result.output
