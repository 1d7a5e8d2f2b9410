"""Acceptance tests for validate, init, schema and standards, driven as a user would."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import CORPUS, MINIMAL, ROOT, SAMPLE_PLANS


def test_validate_samples_exit_0(run_cli):
    result = run_cli("validate", *SAMPLE_PLANS)
    assert result.exit_code == 0, result.output
    for path in SAMPLE_PLANS:
        assert f"{path}: valid\n" in result.output


def test_validate_reports_every_file_and_exits_1(run_cli):
    bad = sorted((CORPUS / "invalid").glob("unknown-*.plan.yaml"))
    result = run_cli("validate", MINIMAL, *bad)
    assert result.exit_code == 1
    assert f"{MINIMAL}: valid" in result.output
    for path in bad:
        assert f"{path}: not valid" in result.output
    assert "did you mean 'owner'?" in result.output and "did you mean 'status'?" in result.output


def test_missing_path_exits_2_and_others_are_still_checked(run_cli, tmp_path):
    bad = CORPUS / "invalid" / "bad-enum.plan.yaml"
    result = run_cli("validate", tmp_path / "nope.yaml", bad)
    assert result.exit_code == 2
    assert f"{tmp_path / 'nope.yaml'}: no such file; check the path" in result.output
    assert f"{bad}:4:11: plan.status: 'finished' is not allowed here" in result.output
    assert "Traceback" not in result.output


def test_json_format_lists_located_problems(run_cli):
    bad = CORPUS / "invalid" / "unknown-key.plan.yaml"
    result = run_cli("validate", "--format", "json", bad)
    assert result.exit_code == 1
    data = json.loads(result.output)
    problems = data["problems"]
    assert data["command"] == "validate" and data["exit_code"] == 1
    assert data["plans"] == [{"file": str(bad), "valid": False, "warnings": []}]
    assert problems == [{"file": str(bad), "line": 5, "col": 3, "path": "plan.stauts",
                         "severity": "error",
                         "message": problems[0]["message"]}]
    assert problems[0]["message"].startswith("'stauts' is not a field apgen knows here")


def test_warnings_fail_only_under_strict(run_cli, plan_file):
    text = MINIMAL.read_text().replace("  final_report_date: 2026-10-14\n",
                                       "  final_report_date: 2026-10-14\n"
                                       "  final_report_file: missing.docx\n")
    path = plan_file(text)
    relaxed = run_cli("validate", path)
    assert relaxed.exit_code == 0
    assert "warning: ombudsman.final_report_file: the file 'missing.docx' does not exist" \
        in relaxed.output
    assert run_cli("validate", "--strict", path).exit_code == 1


def test_init_writes_a_plan_that_validates_and_refuses_to_overwrite(run_cli, tmp_path):
    target = tmp_path / "cases" / "smith.plan.yaml"
    target.parent.mkdir()
    made = run_cli("init", target, "--organisation", "St Mary's: Surgery", "--ombudsman", "LGSCO")
    assert made.exit_code == 0, made.output
    text = target.read_text()
    assert text.startswith("# yaml-language-server: $schema=")
    assert "body: LGSCO" in text
    assert run_cli("validate", target).exit_code == 0
    again = run_cli("init", target)
    assert again.exit_code == 2 and "will not overwrite" in again.output
    assert target.read_text() == text


def test_init_schema_reference_resolves(run_cli, tmp_path):
    target = tmp_path / "a.plan.yaml"
    run_cli("init", target)
    reference = target.read_text().splitlines()[0].split("$schema=", 1)[1]
    assert (target.parent / reference).resolve().is_file()


def test_schema_command_prints_the_json_schema(run_cli):
    result = run_cli("schema")
    schema = json.loads(result.output)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] and schema["title"]


def test_every_schema_property_has_a_description_and_objects_are_closed(run_cli):
    schema = json.loads(run_cli("schema").output)

    def walk(node, where):
        if isinstance(node, dict):
            if node.get("type") == "object" or "properties" in node:
                assert node.get("additionalProperties") is False, where
            for name, prop in node.get("properties", {}).items():
                assert prop.get("description"), f"{where}.{name}"
            for key, value in node.items():
                if key != "if":  # a condition ("is it a block?"), not a definition
                    walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}[{i}]")
    walk(schema, "$")


def test_standards_lists_the_catalogue(run_cli):
    result = run_cli("standards")
    assert "cqc.reg16" in result.output and "Receiving and acting on complaints" in result.output
    data = json.loads(run_cli("standards", "--format", "json").output)
    ids = {s["id"] for s in data}
    assert {"phso.pgch", "phso.pga", "phso.pfr", "phso.ncs", "regs.complaints2009", "nmc.code",
            "gmc.gmp"} <= ids
    assert {f"cqc.reg{n}" for n in range(9, 21)} <= ids


def test_python_dash_m_works():
    result = subprocess.run([sys.executable, "-m", "actionplan_gen", "validate", str(MINIMAL)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0 and "valid" in result.stdout


def test_validate_does_not_import_docx_libraries():
    code = ("import sys; from actionplan_gen.cli import main\n"
            f"try: main(['validate', r'{MINIMAL}'])\n"
            "except SystemExit: pass\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('docx', 'docxtpl', 'lxml')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_a_new_plan_goes_through_every_command(run_cli, tmp_path):
    plan = tmp_path / "cases" / "smith.plan.yaml"
    assert run_cli("init", plan, "--organisation", "Riverside Medical Practice").exit_code == 0
    assert run_cli("validate", plan).exit_code == 0
    checked = run_cli("check", plan)
    # The placeholders answer nothing: each unanswered question says which line to fill in.
    assert checked.exit_code == 1 and "8 not met" in checked.output
    assert "Still the starting text" in checked.output and "F1's summary (line" in checked.output
    assert run_cli("build", plan, "-o", tmp_path / "out").exit_code == 0
    redacted = run_cli("redact", plan, "-o", tmp_path / "out")
    assert redacted.exit_code == 0, redacted.output
    assert "the pack is marked DRAFT" in redacted.output


def test_text_naming_someone_not_in_people_is_a_warning(run_cli, plan_file):
    text = MINIMAL.read_text().replace("summary: The complaint response was late.",
                                       "summary: Dr Patel's reply to Mr O'Neill was late.")
    result = run_cli("validate", plan_file(text))
    assert result.exit_code == 0
    assert "warning: failings[0].summary: mentions Dr Patel, who is not listed under people" \
        in result.output
    assert "mentions Mr O'Neill" in result.output
