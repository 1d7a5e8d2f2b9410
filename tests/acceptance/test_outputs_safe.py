"""Outputs never replace or delete an input, two plans never write one file, one failed output
does not stop a batch nor cost the last good version, and the same plan gives the same bytes
whatever the machine's time zone, language, umask or folder."""

from __future__ import annotations

import errno
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
ELLISON = SAMPLES / "ellison.plan.yaml"
REPORT = SAMPLES / "reports" / "ellison-final-report.docx"
PACK = "P-004417.regulator"
REVIEW = "P-004417.review.txt"  # the intruder review's word list, beside the pack


def apgen(*args, cwd=ROOT, env=None, umask=None):
    command = [sys.executable, "-m", "actionplan_gen", *map(str, args)]
    if umask is not None:
        command = ["sh", "-c", f'umask {umask:03o} && exec "$@"', "sh", *command]
    done = subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=600,
                          env={**os.environ, **(env or {})})
    assert "Traceback" not in done.stderr, done.stderr
    return done


def said(done) -> str:
    return done.stdout + done.stderr


@pytest.fixture
def case(tmp_path):
    """The Ellison sample and its report, copied into a folder of its own."""
    folder = tmp_path / "case"
    (folder / "reports").mkdir(parents=True)
    shutil.copy(ELLISON, folder / "ellison.plan.yaml")
    shutil.copy(REPORT, folder / "reports" / REPORT.name)
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


# ---------------------------------------------------------------- inputs are never touched

def test_key_naming_the_report_is_refused_and_the_report_kept(case):
    report = case / "reports" / REPORT.name
    done = apgen("redact", case / "ellison.plan.yaml", "-o", case / "out", "--key", report)
    assert done.returncode == 2 and "refusing to overwrite an input file" in said(done)
    assert report.read_bytes() == REPORT.read_bytes()
    assert not (case / "out" / PACK).exists()


@pytest.mark.parametrize("moved", ["report", "plan"])
def test_a_pack_folder_holding_an_input_is_not_replaced(case, moved):
    out = case / "out"
    assert apgen("redact", case / "ellison.plan.yaml", "-o", out).returncode == 0
    report = case / "reports" / REPORT.name
    plan = case / "ellison.plan.yaml"
    if moved == "report":
        report = report.rename(out / PACK / "report.docx")
    else:
        # --report names the report: the plan's own path to it would lead out of its folder.
        text = re.sub(r"\n  final_report_file: .*", "", plan.read_text())
        plan.unlink()
        plan = out / PACK / "ellison.plan.yaml"
        plan.write_text(text)
    before = snapshot(out)
    done = apgen("redact", plan, "-o", out, "--report", report)
    assert done.returncode == 2 and "refusing to replace this folder" in said(done)
    assert snapshot(out) == before


def test_a_later_argument_is_read_before_anything_writes_over_it(case):
    docx = case / "ellison.action-plan.docx"
    docx.write_bytes(b"not a plan, but the user's file")
    done = apgen("build", "ellison.plan.yaml", "ellison.action-plan.docx", "-o", ".", cwd=case)
    assert docx.read_bytes() == b"not a plan, but the user's file"
    assert "refusing to overwrite an input file" in said(done)


def test_two_plans_with_one_stem_do_not_overwrite_each_other(case):
    other = case / "b" / "ellison.plan.yaml"
    other.parent.mkdir()
    shutil.copy(SAMPLES / "nowak.plan.yaml", other)
    done = apgen("build", case / "ellison.plan.yaml", other, "-o", case / "out")
    assert done.returncode == 2
    output = said(done)
    assert str(case / "ellison.plan.yaml") in output and str(other) in output
    body = zipfile.ZipFile(case / "out" / "ellison.checklist.docx").read("word/document.xml")
    assert b"Northshire Hospitals" in body and b"Northshire County Council" not in body


def test_two_plans_with_one_case_reference_make_one_pack(case):
    twin = case / "twin.plan.yaml"
    shutil.copy(case / "ellison.plan.yaml", twin)
    done = apgen("redact", case / "ellison.plan.yaml", twin, "-o", case / "out")
    assert done.returncode == 2 and "the same first case reference, P-004417" in \
        said(done)
    assert (case / "out" / PACK).is_dir()


# ---------------------------------------------------------------- one failure, not the batch

def test_an_output_name_taken_by_a_folder_fails_that_plan_only(tmp_path):
    (tmp_path / "ellison.action-plan.docx").mkdir()
    done = apgen("build", ELLISON, SAMPLES / "nowak.plan.yaml", "-o", tmp_path)
    assert done.returncode == 2
    assert f"{tmp_path / 'ellison.action-plan.docx'}: a folder has the name" in \
        said(done)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "ellison.action-plan.docx", "nowak.action-plan.docx", "nowak.checklist.docx"]


def test_a_full_disk_names_the_pack_and_keeps_the_last_good_one(run_cli, tmp_path, monkeypatch):
    assert run_cli("redact", ELLISON, "-o", tmp_path).exit_code == 0
    before = snapshot(tmp_path)
    real = os.write

    def full(handle, data):
        if os.readlink(f"/proc/self/fd/{handle}").startswith(str(tmp_path)):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(handle, data)
    monkeypatch.setattr(os, "write", full)
    result = run_cli("redact", ELLISON, "-o", tmp_path)
    assert result.exit_code == 2
    assert f"{tmp_path / PACK}: could not be written (No space left on device)" in result.output
    assert ".tmp" not in result.output
    assert snapshot(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [PACK, REVIEW]


# ---------------------------------------------------------------- the pack's name and leftovers

def test_the_pack_is_named_after_the_case_and_a_killed_runs_leftovers_go(case):
    out = case / "out"
    legacy = out / ".ellison.regulator.ab12cd34"  # an older apgen's unchecked staging
    legacy.mkdir(parents=True)
    shutil.copy(REPORT, legacy / "final-report.docx")
    (out / f".{PACK}.zz99yy88.tmp").mkdir()
    (out / f".{PACK}.zz99yy88.tmp" / "action-plan.docx").write_bytes(b"partial")
    done = apgen("redact", case / "ellison.plan.yaml", "-o", out)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == [PACK, REVIEW]
    assert f"wrote {out / PACK}/" in done.stdout


# ---------------------------------------------------------------- reproducible anywhere

@pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")),
                    reason="LibreOffice (soffice) is not installed: "
                           "apt-get install -y libreoffice-writer-nogui")
def test_the_same_plan_gives_the_same_bytes_in_any_time_zone_language_umask_or_folder(case):
    runs = {"london": ({"TZ": "Europe/London", "LANG": "en_GB.UTF-8"}, 0o022, "a"),
            "kolkata": ({"TZ": "Asia/Kolkata", "LANG": "C", "LC_ALL": "C"}, 0o077, "b/deeper")}
    outputs = {}
    for name, (env, umask, folder) in runs.items():
        private_tmp = case / f"tmp-{name}"
        private_tmp.mkdir()
        done = apgen("build", case / "ellison.plan.yaml", "-o", case / folder, "--pdf",
                     env={**env, "TMPDIR": str(private_tmp)}, umask=umask)
        assert done.returncode == 0, done.stderr
        outputs[name] = snapshot(case / folder)
        leftovers = [p for p in private_tmp.rglob("*") if p.is_file()
                     and b"Ellison" in p.read_bytes()]
        assert leftovers == []  # LibreOffice worked beside the output, not in TMPDIR
    assert sorted(outputs["london"]) == ["ellison.action-plan.docx", "ellison.action-plan.pdf",
                                         "ellison.checklist.docx", "ellison.checklist.pdf"]
    for name, data in outputs["london"].items():
        assert data == outputs["kolkata"][name], name
    pdf = case / "a" / "ellison.action-plan.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True)
    assert info.returncode == 0 and "Syntax Error" not in info.stderr, info.stderr
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Ellison" in text
