"""Every command's --format json prints the one envelope of DESIGN section 2, from the real
program run as a user would run it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ELLISON = ROOT / "samples" / "ellison.plan.yaml"
BAD = ROOT / "tests" / "corpus" / "invalid" / "bad-enum.plan.yaml"


def apgen(*args, cwd=ROOT):
    done = subprocess.run([sys.executable, "-m", "actionplan_gen", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, timeout=300)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def envelope(done, command: str) -> dict:
    data = json.loads(done.stdout)
    assert set(data) >= {"command", "exit_code", "problems", "plans"}
    assert data["command"] == command and data["exit_code"] == done.returncode
    for problem in data["problems"]:
        assert set(problem) == {"file", "line", "col", "path", "message", "severity"}
    return data


def test_validate_envelope_lists_each_file():
    done = apgen("validate", "--format", "json", ELLISON, BAD)
    data = envelope(done, "validate")
    assert done.returncode == 1
    assert [p["file"] for p in data["plans"]] == [str(ELLISON), str(BAD)]
    assert [p["valid"] for p in data["plans"]] == [True, False]
    assert data["problems"][0]["file"] == str(BAD) and data["problems"][0]["line"] == 4


def test_check_envelope_holds_questions_and_accepts_as_at_and_today():
    for option in ("--as-at", "--today"):
        done = apgen("check", "--format", "json", option, "2027-02-15", ELLISON)
        data = envelope(done, "check")
        (plan,) = data["plans"]
        assert plan["file"] == str(ELLISON)
        assert [q["number"] for q in plan["questions"]] == list(range(1, 11))
        assert "A1" in [o["id"] for o in plan["overdue"] if o["kind"] == "action"]
        assert isinstance(plan["advice"], list)


def test_build_envelope_names_what_was_written(tmp_path):
    done = apgen("build", "--format", "json", ELLISON, "-o", tmp_path)
    data = envelope(done, "build")
    assert done.returncode == 0, done.stderr
    (plan,) = data["plans"]
    outputs = [Path(o) for o in plan["outputs"]]
    assert sorted(o.name for o in outputs) == ["ellison.action-plan.docx",
                                               "ellison.checklist.docx"]
    assert all(o.is_file() and o.stat().st_size > 10_000 for o in outputs)


def test_redact_envelope_names_the_pack(tmp_path):
    done = apgen("redact", "--format", "json", ELLISON, "-o", tmp_path)
    data = envelope(done, "redact")
    assert done.returncode == 0, done.stderr
    (record,) = data["plans"]
    folder = Path(record["folder"])
    assert folder.is_dir() and sorted(Path(f).name for f in record["files"]) == sorted(
        p.name for p in folder.iterdir())
    assert record["warnings"] == [] and data["problems"] == []  # reviewed, and no images


def test_redact_warnings_are_problems_too(tmp_path):
    text = ELLISON.read_text(encoding="utf-8")
    start = text.index("  intruder_review:")
    end = text.index("\n", start) + 1
    plan = tmp_path / "unreviewed.plan.yaml"
    plan.write_text(text[:start] + text[end:], encoding="utf-8")
    shutil.copytree(ROOT / "samples" / "reports", tmp_path / "reports")
    shutil.copytree(ROOT / "samples" / "evidence", tmp_path / "evidence")
    done = apgen("redact", "--format", "json", plan, "-o", tmp_path / "out")
    data = envelope(done, "redact")
    (record,) = data["plans"]
    assert any("DRAFT" in w for w in record["warnings"])
    assert [p["message"] for p in data["problems"]] == record["warnings"]
    assert {p["severity"] for p in data["problems"]} == {"warning"}


def test_missing_file_is_a_located_problem_with_exit_2(tmp_path):
    done = apgen("check", "--format", "json", tmp_path / "nope.plan.yaml", ELLISON)
    data = envelope(done, "check")
    assert done.returncode == 2
    assert data["problems"][0]["file"] == str(tmp_path / "nope.plan.yaml")
    assert [p["file"] for p in data["plans"]] == [str(ELLISON)]
