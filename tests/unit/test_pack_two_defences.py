"""The regulator pack has two lines of defence: with the redactor switched off, or blind to
a form of a name, the independent verifier still refuses the pack and nothing is written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from actionplan_gen.errors import LeakFound
from actionplan_gen.loader import load_file
from actionplan_gen.pipeline import load_plan
from actionplan_gen.redact import pack
from actionplan_gen.redact.redactor import Redactor
from actionplan_gen.render.build import Templates

ROOT = Path(__file__).resolve().parents[2]
ELLISON = ROOT / "samples" / "ellison.plan.yaml"


@pytest.fixture
def plan():
    return load_plan(ELLISON)[0]


def test_with_the_redactor_switched_off_the_verifier_refuses(plan, tmp_path, monkeypatch):
    monkeypatch.setattr(Redactor, "spans", lambda self, text, **_: [])
    with pytest.raises(LeakFound) as refused:
        pack.make_pack(plan, tmp_path, Templates.default())
    message = str(refused.value)
    assert "a person's name survives" in message and "final-report.docx" in message
    assert "Ellison" not in message and "Margaret" not in message  # never the detail itself
    assert list(tmp_path.iterdir()) == []


# Forms of the complainant's name and identifiers from issue #10, each seen leaking with exit 0.
PLANTED = [  # (the text planted, the detail that must not reach any written file)
    ("see Ellison_complaint_file.pdf", "Ellison_complaint"),
    ("letter ref Ellison2026", "Ellison2026"),
    ("Mrs Ellison3 said", "Ellison3"),  # a footnote number typed after a name
    ("Elli\u00adson", "Elli\u00adson"),  # a soft hyphen inside the name
    ("ELLISON", "ELLISON"),
    ("Margaret\u200dEllison", "Margaret\u200dEllison"),
    ("NHS number 943.476.5919", "943.476.5919"),
    ("call (01632) 960-123", "960-123"),
    ("email margaret at example dot com", "example dot com"),
    ("born 14-Feb-1939", "14-Feb-1939"),
]


@pytest.mark.parametrize("planted, detail", PLANTED)
def test_a_planted_detail_is_removed_or_the_pack_refused(tmp_path, planted, detail):
    """Whatever the redactor makes of it, the detail never reaches a written file."""
    data = load_file(ELLISON).data
    data["failings"][0]["root_cause"] = f"Noted: {planted}."
    case = tmp_path / "case.plan.yaml"
    case.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    shutil.copytree(ROOT / "samples" / "reports", tmp_path / "reports")
    plan = load_plan(case)[0]
    out = tmp_path / "out"
    try:
        made = pack.make_pack(plan, out, Templates.default())
    except LeakFound:
        assert not out.exists() or not any(out.iterdir())
        return
    import zipfile
    for file in made.files:
        with zipfile.ZipFile(file) as docx:
            xml = b"".join(docx.read(n) for n in docx.namelist()).decode("utf-8", "replace")
        seen = fold(xml)
        assert fold(detail) not in seen and "ellison" not in seen, (planted, file.name)


def fold(text: str) -> str:
    """Lower case with the invisible characters a name may hide behind removed."""
    return text.replace("\u00ad", "").replace("\u200d", "").lower()


def test_the_samples_pass_both_defences(tmp_path):
    for path in sorted((ROOT / "samples").glob("*.plan.yaml")):
        made = pack.make_pack(load_plan(path)[0], tmp_path, Templates.default())
        assert made.folder.is_dir() and made.files


def test_the_report_named_by_the_plan_must_stay_inside_its_folder(plan):
    """Validation refuses such a plan first; the pack checks again, in case it is called
    on a plan built another way."""
    import dataclasses

    from actionplan_gen.errors import UsageError
    outside = dataclasses.replace(plan, final_report_file="../../etc/passwd")
    with pytest.raises(UsageError) as refused:
        pack.report_path(outside, None)
    assert "leads outside" in refused.value.message and refused.value.line
