"""The evidence register: ids cited by actions and recommendations, inline items as before,
and every file a plan names kept inside the plan's repository (or folder)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from actionplan_gen.errors import PlanInvalid
from actionplan_gen.loader import load_file
from actionplan_gen.paths import PathOutside, inside_plan, plan_root
from actionplan_gen.pipeline import load_plan

from conftest import MINIMAL, SAMPLES


def write_plan(folder: Path, change) -> Path:
    data = load_file(MINIMAL).data
    data["ombudsman"]["recommendations"] = [{"id": "R1", "text": "Apologise.",
                                             "due_by": "2026-11-14"}]
    data["actions"][0]["recommendations"] = ["R1"]
    change(data)
    path = folder / "case.plan.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def problems_of(path: Path) -> list:
    with pytest.raises(PlanInvalid) as caught:
        load_plan(path)
    return [p for p in caught.value.problems if p.severity == "error"]


def line_of(path: Path, text: str) -> int:
    """The 1-based line of the first line of the file holding ``text``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def test_actions_and_recommendations_cite_the_register_by_id(tmp_path):
    (tmp_path / "evidence").mkdir()
    (tmp_path / "evidence" / "apology.pdf").write_bytes(b"%PDF-1.4\n")

    def change(d):
        d["evidence"] = [
            {"id": "E1", "description": "Apology letter", "file": "evidence/apology.pdf",
             "dated": "2026-10-09", "personal": True},
            {"id": "E2", "description": "Board minute", "ref": "Minute 2026/41"}]
        d["actions"][0]["evidence"] = ["E1", {"description": "Inline, as before",
                                              "ref": "Policy v9", "dated": "2026-10-01"}, "E2"]
        d["ombudsman"]["recommendations"][0].update(
            category="personal_remedy",
            compliance={"evidence": ["E1"], "sent_on": "2026-10-10", "accepted_on": "2026-10-20"})
    plan, warnings = load_plan(write_plan(tmp_path, change))
    assert warnings == []
    e1, inline, e2 = plan.actions[0].evidence
    assert (e1.id, e1.file, e1.personal, e1.dated.isoformat()) == \
        ("E1", "evidence/apology.pdf", True, "2026-10-09")
    assert (inline.id, inline.description, inline.ref, inline.personal) == \
        (None, "Inline, as before", "Policy v9", False)
    assert (e2.id, e2.ref, e2.file, e2.personal) == ("E2", "Minute 2026/41", None, False)
    assert [e.id for e in plan.evidence] == ["E1", "E2"]
    rec = plan.recommendations[0]
    assert rec.category == "personal_remedy"
    assert rec.compliance.evidence == (e1,) and rec.compliance.evidence[0] is plan.evidence[0]
    assert (rec.compliance.sent_on.isoformat(), rec.compliance.accepted_on.isoformat()) == \
        ("2026-10-10", "2026-10-20")


def test_an_unknown_id_is_located_and_the_known_ids_listed(tmp_path):
    def change(d):
        d["evidence"] = [{"id": "E1", "description": "Apology letter"},
                         {"id": "E2", "description": "Payment"}]
        d["actions"][0]["evidence"] = ["E1", "E9"]
        d["ombudsman"]["recommendations"][0]["compliance"] = {"evidence": ["E7"]}
    path = write_plan(tmp_path, change)
    found = {(p.path, p.line, p.message) for p in problems_of(path)}
    assert ("actions[0].evidence[1]", line_of(path, "- E9"),
            "'E9' is not an evidence id (under evidence:) in this plan (known: E1, E2)") in found
    assert ("ombudsman.recommendations[0].compliance.evidence[0]", line_of(path, "- E7"),
            "'E7' is not an evidence id (under evidence:) in this plan (known: E1, E2)") in found


def test_evidence_ids_are_unique(tmp_path):
    def change(d):
        d["evidence"] = [{"id": "E1", "description": "One"}, {"id": "E1", "description": "Two"}]
    path = write_plan(tmp_path, change)
    [problem] = problems_of(path)
    assert problem.path == "evidence[1].id"
    assert "the id 'E1' is already used at line" in problem.message


def test_a_category_must_be_one_of_the_four(tmp_path):
    def change(d):
        d["ombudsman"]["recommendations"][0]["category"] = "money"
    [problem] = problems_of(write_plan(tmp_path, change))
    assert problem.path == "ombudsman.recommendations[0].category"
    assert "personal_remedy, service_improvement, complaint_handling, learning" in problem.message


def test_a_missing_file_is_a_warning_not_an_error(tmp_path):
    def change(d):
        d["evidence"] = [{"id": "E1", "description": "Apology", "file": "evidence/gone.pdf"}]
    path = write_plan(tmp_path, change)
    _, warnings = load_plan(path)
    [warning] = warnings
    assert (warning.path, warning.line) == ("evidence[0].file", line_of(path, "evidence/gone.pdf"))
    assert warning.message == ("the evidence file 'evidence/gone.pdf' does not exist (paths "
                               "are relative to the plan file)")


@pytest.mark.parametrize("written, words", [
    ("../../../../../../etc/passwd", "leads outside the plan's folder"),
    ("/etc/passwd", "is an absolute path"),
    ("evidence/../../outside.pdf", "leads outside the plan's folder"),
])
@pytest.mark.parametrize("where", ["register", "inline", "report"])
def test_a_path_out_of_the_plans_folder_is_refused_where_it_is_written(tmp_path, written,
                                                                       words, where):
    case = tmp_path / "case"
    case.mkdir()
    (tmp_path / "outside.pdf").write_bytes(b"%PDF")

    def change(d):
        if where == "register":
            d["evidence"] = [{"id": "E1", "description": "Apology", "file": written}]
        elif where == "inline":
            d["actions"][0]["evidence"] = [{"description": "Apology", "ref": written}]
        else:
            d["ombudsman"]["final_report_file"] = written
    path = write_plan(case, change)
    [problem] = problems_of(path)
    assert problem.line == line_of(path, written)
    assert problem.path == {"register": "evidence[0].file", "inline": "actions[0].evidence[0].ref",
                            "report": "ombudsman.final_report_file"}[where]
    assert f"'{written}' {words}" in problem.message


def test_a_symlink_leading_out_is_refused_and_one_inside_is_followed(tmp_path):
    case = tmp_path / "case"
    (case / "evidence").mkdir(parents=True)
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(b"%PDF secret")
    (case / "evidence" / "real.pdf").write_bytes(b"%PDF")
    (case / "evidence" / "out.pdf").symlink_to(secret)
    (case / "evidence" / "in.pdf").symlink_to(case / "evidence" / "real.pdf")
    (case / "linked").symlink_to(tmp_path)  # a folder link: evidence "linked/secret.pdf"

    def change(d):
        d["evidence"] = [{"id": "E1", "description": "Out", "file": "evidence/out.pdf"},
                         {"id": "E2", "description": "In", "file": "evidence/in.pdf"},
                         {"id": "E3", "description": "Through", "file": "linked/secret.pdf"}]
    path = write_plan(case, change)
    problems = problems_of(path)
    assert [(p.path, p.line) for p in problems] == [
        ("evidence[0].file", line_of(path, "evidence/out.pdf")),
        ("evidence[2].file", line_of(path, "linked/secret.pdf"))]
    for problem in problems:
        assert "symbolic link leading outside the plan's folder" in problem.message
    assert inside_plan(case, "evidence/in.pdf") == (case / "evidence" / "real.pdf").resolve()


def test_in_git_the_repository_is_the_limit(tmp_path):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "cases").mkdir()
    (repo / "evidence").mkdir()
    (repo / "evidence" / "minutes.pdf").write_bytes(b"%PDF")
    assert plan_root(repo / "cases") == repo.resolve()
    assert inside_plan(repo / "cases", "../evidence/minutes.pdf") == \
        (repo / "evidence" / "minutes.pdf").resolve()
    with pytest.raises(PathOutside, match="leads outside the plan's git repository"):
        inside_plan(repo / "cases", "../../elsewhere.pdf")
    with pytest.raises(PathOutside, match="absolute"):
        inside_plan(repo / "cases", "C:\\Users\\x\\evidence.pdf")


def test_the_samples_use_the_register_and_stay_valid():
    plan, warnings = load_plan(SAMPLES / "ellison.plan.yaml")
    assert warnings == []
    assert [e.id for e in plan.actions[-1].evidence] == ["E1", "E2"]
    assert all(e.personal for e in plan.recommendations[0].compliance.evidence)
    for item in plan.evidence:
        if item.file:
            assert os.path.isfile(plan.base_dir / item.file)
