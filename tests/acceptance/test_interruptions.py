"""Ctrl-C, SIGTERM and SIGHUP at any moment of a real run: the conventional exit code, and on
disk either the whole new output or what was there before; never a hidden temporary file, a
partial pack, or a copy of a personal detail anywhere (the output folder or TMPDIR)."""

from __future__ import annotations

import copy
import io
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "ellison.plan.yaml"
REPORT = ROOT / "samples" / "reports" / "ellison-final-report.docx"
PACK = "P-004417.regulator"
REVIEW = "P-004417.review.txt"
EXIT = {signal.SIGINT: 130, signal.SIGTERM: 143, signal.SIGHUP: 129}
PERSONAL = (b"ellison", b"margaret")


def write_plan(folder: Path, actions: int) -> Path:
    """The Ellison sample with its actions repeated ``actions`` times over (a long plan)."""
    from actionplan_gen.loader import load_file
    data = load_file(SAMPLE).data
    data["actions"] = [dict(copy.deepcopy(data["actions"][i % len(data["actions"])]),
                            id=f"A{i + 1}") for i in range(actions)]
    plan = folder / "ellison.plan.yaml"
    plan.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return plan


@pytest.fixture
def case(tmp_path):
    (tmp_path / "reports").mkdir()
    shutil.copy(REPORT, tmp_path / "reports" / REPORT.name)
    (tmp_path / "tmp").mkdir()
    return tmp_path


def start(case: Path, *args) -> subprocess.Popen:
    """``apgen ARGS`` as a user runs it, with a private TMPDIR to search afterwards; returns
    once apgen has installed its signal handlers (so the exit code can be asserted)."""
    process = subprocess.Popen([sys.executable, "-m", "actionplan_gen", *map(str, args)],
                               cwd=case, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "TMPDIR": str(case / "tmp")})
    deadline = time.monotonic() + 60
    while not _catches(process.pid, signal.SIGHUP):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "apgen never installed its signal handlers"
        time.sleep(0.005)
    return process


def _catches(pid: int, signum: int) -> bool:
    """Whether the process has a handler for ``signum`` (Linux: /proc/PID/status SigCgt)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    mask = next(line.split()[1] for line in status.splitlines() if line.startswith("SigCgt"))
    return bool(int(mask, 16) & (1 << (signum - 1)))


def stop(process: subprocess.Popen, signum: int, after: float | None, out: Path) -> int:
    """Send ``signum`` after ``after`` seconds, or (None) as soon as a hidden temporary
    output appears in ``out``; returns the exit code."""
    if after is None:
        while process.poll() is None and not _hidden(out):
            time.sleep(0.0005)
    else:
        time.sleep(after)
    if process.poll() is None:
        process.send_signal(signum)
    stdout, stderr = process.communicate(timeout=120)
    assert "Traceback" not in stderr, stderr
    return process.returncode


def _hidden(folder: Path) -> list[str]:
    try:
        return [p.name for p in folder.iterdir() if p.name.startswith(".")]
    except FileNotFoundError:
        return []


def personal_copies(*folders: Path) -> list[str]:
    """Every file (or part of a .docx) under ``folders`` holding the complainant's name."""
    found = []
    for folder in folders:
        for path in (p for p in folder.rglob("*") if p.is_file()):
            data = path.read_bytes()
            parts = {path.name: data}
            if zipfile.is_zipfile(io.BytesIO(data)):
                with zipfile.ZipFile(io.BytesIO(data)) as package:
                    parts.update({n: package.read(n) for n in package.namelist()})
            found += [f"{path}:{name}" for name, part in parts.items()
                      if any(word in part.lower() for word in PERSONAL)]
    return found


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.exists() else {}


MOMENTS = [(signal.SIGTERM, 0.2), (signal.SIGHUP, 0.5), (signal.SIGINT, 1.0),
           (signal.SIGTERM, None)]


@pytest.mark.parametrize("signum, after", MOMENTS,
                         ids=[f"{signal.Signals(s).name}-{a or 'writing'}" for s, a in MOMENTS])
def test_an_interrupted_redact_leaves_the_old_pack_or_the_new_and_no_personal_copy(
        case, signum, after):
    out = case / "out"
    small = write_plan(case, 3)
    assert subprocess.run([sys.executable, "-m", "actionplan_gen", "redact", small, "-o", out],
                          capture_output=True).returncode == 0
    old = snapshot(out / PACK)
    write_plan(case, 300)
    process = start(case, "redact", "ellison.plan.yaml", "-o", out)
    code = stop(process, signum, after, out)
    assert code in (EXIT[signum], 0)
    # The pack and, beside it, the intruder review's word list: old or new, never partial.
    assert _hidden(out) == [] and sorted(p.name for p in out.iterdir()) == [PACK, REVIEW]
    new = snapshot(out / PACK)
    assert sorted(new) == ["action-plan.docx", "checklist.docx", "final-report.docx"]
    assert (new == old) == (code != 0)
    assert personal_copies(out, case / "tmp") == []


def test_an_interrupted_first_redact_leaves_nothing(case):
    out = case / "out"
    write_plan(case, 300)
    process = start(case, "redact", "ellison.plan.yaml", "-o", out)
    assert stop(process, signal.SIGTERM, 0.3, out) == 143
    assert not out.exists() or list(out.iterdir()) == []
    assert personal_copies(case / "tmp") == []


@pytest.mark.parametrize("after", [0.3, None], ids=["rendering", "writing"])
def test_an_interrupted_build_leaves_both_documents_or_neither(case, after):
    out = case / "out"
    write_plan(case, 300)
    process = start(case, "build", "ellison.plan.yaml", "-o", out)
    code = stop(process, signal.SIGTERM, after, out)
    assert code in (143, 0)
    assert _hidden(out) == []
    written = sorted(p.name for p in out.iterdir()) if out.exists() else []
    assert written == (["ellison.action-plan.docx", "ellison.checklist.docx"] if code == 0
                       else [])
    assert personal_copies(case / "tmp") == []


@pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")),
                    reason="LibreOffice (soffice) is not installed: "
                           "apt-get install -y libreoffice-writer-nogui")
def test_an_interrupted_pdf_conversion_stops_libreoffice_and_leaves_no_copy(case):
    out = case / "out"
    write_plan(case, 20)
    process = start(case, "build", "ellison.plan.yaml", "-o", out, "--pdf")
    deadline = time.monotonic() + 60
    while not _converting(out) and process.poll() is None:
        assert time.monotonic() < deadline, "LibreOffice never started"
        time.sleep(0.01)
    time.sleep(1.0)
    assert stop(process, signal.SIGTERM, 0, out) == 143
    assert not out.exists() or list(out.iterdir()) == []
    assert personal_copies(case / "tmp") == []
    time.sleep(0.5)
    assert _processes_naming(out) == []


def _converting(out: Path) -> bool:
    return any(_processes_naming(out)) if out.exists() else False


def _processes_naming(folder: Path) -> list[str]:
    """Command lines of running processes that mention ``folder`` (LibreOffice's profile)."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            command = (proc / "cmdline").read_bytes()
        except OSError:
            continue
        if str(folder).encode() in command:
            found.append(command.replace(b"\0", b" ").decode(errors="replace"))
    return found
