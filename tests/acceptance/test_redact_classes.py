"""Through the whole pack: forms the verifier used to refuse are replaced, the pack is made,
and the detail is in none of the written bytes."""

from __future__ import annotations

import zipfile
import shutil
from pathlib import Path

import pytest
import yaml

from actionplan_gen.loader import load_file
from actionplan_gen.pipeline import load_plan
from actionplan_gen.redact import pack
from actionplan_gen.render.build import Templates

ROOT = Path(__file__).resolve().parents[2]
ELLISON = ROOT / "samples" / "ellison.plan.yaml"

CASES = [("see Ellison_complaint_file.pdf", "complaint_file"),
         ("NHS number 943.476.5919", "943.476.5919"),
         ("email margaret at example dot com", "example dot com"),
         ("lives at 22 Acacia Road", "Acacia")]


@pytest.mark.parametrize(("planted", "detail"), CASES)
def test_the_pack_is_made_without_the_detail(tmp_path, planted, detail):
    data = load_file(ELLISON).data
    data["failings"][0]["root_cause"] = f"Noted: {planted}."
    case = tmp_path / "case.plan.yaml"
    case.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    shutil.copytree(ROOT / "samples" / "reports", tmp_path / "reports")
    made = pack.make_pack(load_plan(case)[0], tmp_path / "out", Templates.default())
    assert made.files
    for file in made.files:
        with zipfile.ZipFile(file) as docx:
            xml = b"".join(docx.read(n) for n in docx.namelist()).decode("utf-8", "replace")
        assert detail not in xml, file.name
