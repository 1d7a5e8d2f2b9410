"""A shared template is untrusted code: the real ``apgen build`` and ``apgen redact`` refuse one
that reaches for Python's internals or tries to exhaust the machine, with exit 2, a plain
message naming the template, no traceback, nothing run and nothing written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from unit.test_template_sandbox import evil_template

ROOT = Path(__file__).resolve().parents[2]
PLAN = "samples/ellison.plan.yaml"
HANG = 60  # seconds: a hang detector, not a timing assertion


def apgen(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "actionplan_gen", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=HANG)


def refused(result: subprocess.CompletedProcess, template: Path, message: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    output = result.stdout + result.stderr
    assert f"{template}: " in output and message in output, output
    assert "Traceback" not in output


def written(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*")] if folder.exists() else []


def escapes(sentinel: Path) -> dict[str, str]:
    """Ways out of the sandbox to the shell; each would create ``sentinel``."""
    shell = f"os.popen('touch {sentinel}').read()"
    return {
        "globals": f"{{{{ cycler.__init__.__globals__.os.{shell} }}}}",
        "joiner": f"{{{{ joiner.__init__.__globals__.os.{shell} }}}}",
        "lipsum": f"{{{{ lipsum.__globals__.os.{shell} }}}}",
        "item": f"{{{{ cycler['__init__']['__globals__']['os'].{shell} }}}}",
        "attr filter": f"{{{{ (cycler|attr('__init__')|attr('__globals__'))['os'].{shell} }}}}",
        "subclasses": "{{ ().__class__.__base__.__subclasses__()[0] }}",
        "mro": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "namespace": f"{{{{ namespace.__init__.__globals__.os.{shell} }}}}",
    }


@pytest.mark.parametrize("way", sorted(escapes(Path("x"))))
def test_a_template_reaching_for_internals_runs_nothing(tmp_path, way):
    sentinel = tmp_path / "SENTINEL_x"
    template = evil_template(tmp_path, escapes(sentinel)[way])
    out = tmp_path / "out"
    result = apgen("build", PLAN, "--template", template, "-o", out)
    message = ("uses lipsum, which apgen does not provide" if way == "lipsum"
               else "templates may only use the values apgen provides")
    refused(result, template, message)
    assert not sentinel.exists()
    assert written(out) == []


@pytest.mark.parametrize("injected, message", [
    ("{% for x in range(10**9) %}{{ x }}{% endfor %}", "asked range() for more than 10,000"),
    ("{{ 'a' * 10**10 }}", "tried to repeat text or a list beyond 1,000,000"),
    ("{{ 10**(10**10) }}", "tried to raise a number to a power above 100"),
    ("{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}", "calls itself without end"),
    ("{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}",
     "more than 200,000 steps"),
])
def test_a_template_exhausting_the_machine_is_stopped(tmp_path, injected, message):
    template = evil_template(tmp_path, injected)
    out = tmp_path / "out"
    refused(apgen("build", PLAN, "--template", template, "-o", out), template, message)
    assert written(out) == []


def test_a_template_with_no_placeholders_is_refused(tmp_path):
    from docx import Document
    template = tmp_path / "letterhead.docx"
    document = Document()
    document.add_paragraph("NHS trust letterhead")
    document.save(template)
    out = tmp_path / "out"
    refused(apgen("build", PLAN, "--template", template, "-o", out), template,
            "the template has no placeholders ({{ ... }}); is this the right file?")
    assert written(out) == []


def test_redact_refuses_the_same_template(tmp_path):
    sentinel = tmp_path / "SENTINEL_redact"
    template = evil_template(tmp_path, escapes(sentinel)["globals"])
    out = tmp_path / "out"
    result = apgen("redact", PLAN, "--template", template, "-o", out)
    refused(result, template, "tried to reach an internal attribute (__init__)")
    assert not sentinel.exists()
    assert written(out) == []


def test_the_shipped_template_still_builds(tmp_path):
    result = apgen("build", PLAN, "-o", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "ellison.action-plan.docx").is_file()
