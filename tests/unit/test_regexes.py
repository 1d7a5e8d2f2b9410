"""apgen's fixed patterns, kept compiled beside Python's bytecode (actionplan_gen/regexes.py).

Each run here is a real `apgen` process with its own bytecode folder (PYTHONPYCACHEPREFIX),
so the store is written by one process and read by the next, as it is for users."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from actionplan_gen import regexes

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "ellison.plan.yaml"


def _env(prefix: Path, write: bool = True) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(prefix)
    if not write:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def _run(args: list[str], prefix: Path, cwd: Path, write: bool = True):
    return subprocess.run([sys.executable, *args], cwd=cwd, env=_env(prefix, write),
                          capture_output=True, text=True, timeout=300)


def _stores(prefix: Path) -> list[Path]:
    return sorted(prefix.rglob("apgen-regexes.*.marshal"))


def test_patterns_read_back_are_the_patterns_compiled(tmp_path):
    """A redact writes the store; a second process builds every stored pattern from it, and
    each equals what re.compile makes of the same text and flags (patterns compare by their
    text, flags and compiled code), with the same groups; and that second redact compiled
    nothing from text, so the store is what it used."""
    prefix = tmp_path / "pyc"
    out = tmp_path / "out"
    first = _run(["-m", "actionplan_gen", "redact", str(SAMPLE), "-o", str(out)], prefix, tmp_path)
    assert first.returncode == 0, first.stderr
    [store] = _stores(prefix)
    check = textwrap.dedent("""
        import marshal, re, sys
        from actionplan_gen import regexes
        stored = marshal.loads(open(sys.argv[1], "rb").read())
        for (pattern, flags) in stored:
            built, compiled = regexes.fixed(pattern, flags), re.compile(pattern, flags)
            assert built == compiled, pattern
            assert (built.groupindex, built.groups, built.flags) == (
                compiled.groupindex, compiled.groups, compiled.flags), pattern
        assert not regexes._fresh, list(regexes._fresh)[:3]
        print(len(stored))
    """)
    checked = _run(["-c", check, str(store)], prefix, tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert int(checked.stdout) > 60  # the verifier's and the loader's patterns at least
    second = _run(["-c", "import sys, runpy; sys.argv = ['apgen', 'redact', sys.argv[1], '-o', "
                   "sys.argv[2]]\nfrom actionplan_gen import regexes\ntry:\n"
                   " runpy.run_module('actionplan_gen', run_name='__main__')\n"
                   "except SystemExit as end:\n assert not end.code, end.code\n"
                   "fixed_text = [p for p, _ in regexes._fresh]\nprint(len(fixed_text))",
                   str(SAMPLE), str(tmp_path / "again")], prefix, tmp_path)
    assert second.returncode == 0, second.stderr
    assert second.stdout.strip().splitlines()[-1] == "0"


def test_a_damaged_store_is_ignored_and_replaced(tmp_path):
    prefix = tmp_path / "pyc"
    out = tmp_path / "out"
    assert _run(["-m", "actionplan_gen", "validate", str(SAMPLE)], prefix, tmp_path).returncode == 0
    [store] = _stores(prefix)
    store.write_bytes(b"\x00not marshal at all" * 50)
    redacted = _run(["-m", "actionplan_gen", "redact", str(SAMPLE), "-o", str(out)], prefix,
                    tmp_path)
    assert redacted.returncode == 0, redacted.stderr
    assert (out / "P-004417.regulator" / "final-report.docx").is_file()
    assert store.read_bytes()[:1] != b"\x00"  # written afresh


def test_an_entry_the_engine_refuses_is_compiled_from_its_text(monkeypatch):
    pattern = r"(?P<surname>[A-Z][a-z]+)\s+\d{3}"
    monkeypatch.setattr(regexes, "_stored", {(pattern, 0): (32, [1, 2, 3], 1, {}, (None,))})
    monkeypatch.setattr(regexes, "_fresh", {"already": ()})  # no exit handler from a test
    built = regexes.fixed(pattern)
    assert built == re.compile(pattern)
    assert built.search("Mr Smith 123").group("surname") == "Smith"


def test_nothing_is_written_where_python_writes_no_bytecode(tmp_path):
    prefix = tmp_path / "pyc"
    done = _run(["-m", "actionplan_gen", "validate", str(SAMPLE)], prefix, tmp_path, write=False)
    assert done.returncode == 0, done.stderr
    assert _stores(prefix) == []


@pytest.mark.parametrize("planted", [
    ("Ellison", "Quillfeatherby", "quillfeatherby"), ("Margaret", "Zebedeea", "zebedeea"),
    ("Okafor", "Vrantzikos", "vrantzikos"), ("14 Wren Close", "27 Xylophone Mews", "xylophone"),
    ("NS3 7QT", "ZE9 9QJ", "9qj")])
def test_no_detail_from_a_plan_reaches_the_store(tmp_path, planted):
    """Patterns made from a plan (its people, their addresses) are never stored: a name,
    address or postcode planted in the plan is in no byte of the store, in any case."""
    old, new, unique = planted
    text = SAMPLE.read_text(encoding="utf-8").replace(old, new)
    text = re.sub(r"(?m)^\s*final_report_file:.*\n", "", text)
    text = text.replace("regulator_copy:\n",
                        "regulator_copy:\n  local_id_patterns: ['QXJ[0-9]{5}']\n")
    assert "QXJ" in text
    plan = tmp_path / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    prefix = tmp_path / "pyc"
    done = _run(["-m", "actionplan_gen", "redact", str(plan), "-o", str(tmp_path / "out")],
                prefix, tmp_path)
    assert done.returncode in (0, 1), done.stderr
    [store] = _stores(prefix)
    data = store.read_bytes().lower()
    assert unique.encode() not in data
    assert b"qxj" not in data


def test_a_store_that_cannot_be_written_is_no_error(monkeypatch):
    """No bytecode folder (a Python without cache_tag), or one that cannot be written: the
    patterns are compiled from their text next run, and the run ends without an error."""
    def nowhere():
        raise NotImplementedError("no cache_tag")
    monkeypatch.setattr(regexes, "_path", nowhere)
    monkeypatch.setattr(regexes, "_fresh", {("x", 0): (32, [1], 0, {}, (None,))})
    monkeypatch.setattr(regexes.sys, "dont_write_bytecode", False)
    regexes._save()  # raises nothing
