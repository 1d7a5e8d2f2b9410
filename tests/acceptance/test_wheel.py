"""The built wheel carries templates/ and schemas/ and works from any directory."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, SAMPLES


@pytest.fixture(scope="module")
def installed_venv(tmp_path_factory):
    work = tmp_path_factory.mktemp("wheel")
    # Built from a clean copy: a stale build/ folder in the checkout would hide a package
    # missing from pyproject.toml.
    source = work / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        "build", "dist", ".git", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis",
        "out"))
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                            str(work / "dist"), str(source)], capture_output=True, text=True)
    if built.returncode != 0:
        pytest.fail(f"building the wheel failed:\n{built.stderr[-2000:]}")
    [wheel] = (work / "dist").glob("apgen-*.whl")
    venv = work / "venv"
    # The venv sees the already installed dependencies, so no download is needed.
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    pip = venv / "bin" / "pip"
    subprocess.run([str(pip), "install", "-q", "--no-deps", "--ignore-installed", str(wheel)],
                   check=True)
    return venv, wheel


def test_wheel_contains_templates_and_schemas(installed_venv):
    import zipfile
    _, wheel = installed_venv
    names = zipfile.ZipFile(wheel).namelist()
    assert "actionplan_gen/schemas/action-plan.schema.json" in names
    assert "actionplan_gen/schemas/standards.json" in names
    assert "actionplan_gen/templates/action-plan.docx" in names


def test_wheel_holds_every_module_and_data_file_of_the_checkout(installed_venv):
    """A package left out of pyproject.toml's list works from the checkout but not once
    installed: compare the wheel with the tree."""
    import zipfile
    _, wheel = installed_venv
    names = set(zipfile.ZipFile(wheel).namelist())
    package = ROOT / "actionplan_gen"
    wanted = {f"actionplan_gen/{p.relative_to(package).as_posix()}"
              for p in package.rglob("*.py")}
    for folder, patterns in (("templates", ("*.docx",)), ("schemas", ("*.json",)),
                             ("profiles", ("*.json",))):
        wanted |= {f"actionplan_gen/{folder}/{p.name}" for pattern in patterns
                   for p in (ROOT / folder).glob(pattern)}
    assert sorted(wanted - names) == []


def test_installed_apgen_runs_from_another_directory(installed_venv, tmp_path):
    venv, _ = installed_venv
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    where = subprocess.run([str(venv / "bin" / "python"), "-c",
                            "import actionplan_gen; print(actionplan_gen.__file__)"],
                           capture_output=True, text=True, cwd=tmp_path, env=env)
    assert str(venv) in where.stdout, "the test must exercise the wheel, not the checkout"
    apgen = str(venv / "bin" / "apgen")
    result = subprocess.run([apgen, "validate", str(SAMPLES / "nowak.plan.yaml")],
                            capture_output=True, text=True, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    schema = subprocess.run([apgen, "schema"], capture_output=True, text=True, cwd=tmp_path,
                            env=env)
    assert '"$schema"' in schema.stdout
