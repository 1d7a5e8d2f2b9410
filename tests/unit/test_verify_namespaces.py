"""Namespace prefixes and URIs are read as the parser reads them: an attacker found details
hidden in them with character references or in a UTF-16 part, with the redactor off."""

from __future__ import annotations

import io
import zipfile

import pytest
from click.testing import CliRunner

from actionplan_gen.cli import main
from actionplan_gen.pipeline import load_plan
from actionplan_gen.verify import Registry, verify_docx
from conftest import SAMPLES

PLAN = SAMPLES / "ellison.plan.yaml"
FOOTNOTES = "word/footnotes.xml"
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> bytes:
    out = tmp_path_factory.mktemp("pack")
    assert CliRunner().invoke(main, ["redact", str(PLAN), "-o", str(out)]).exit_code == 0
    return (out / "P-004417.regulator" / "action-plan.docx").read_bytes()


def _found(clean: bytes, part: str, change) -> list[tuple[str, str]]:
    source, out = zipfile.ZipFile(io.BytesIO(clean)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info.filename, change(data) if info.filename == part else data)
        if part not in source.namelist():
            target.writestr(part, change(b""))
    registry = Registry.from_plan(load_plan(PLAN)[0])
    return [(f.part, f.kind) for f in verify_docx(out.getvalue(), registry, "plan.docx")]


def test_the_clean_pack_has_no_finding(clean):
    assert _found(clean, "word/document.xml", lambda data: data) == []


def test_a_character_reference_in_a_namespace_uri(clean):
    found = _found(clean, "word/document.xml", lambda data: data.replace(
        b"<w:document ", b'<w:document xmlns:z="urn:&#77;aggie.&#69;llison" ', 1))
    assert ("word/document.xml", "person's name") in found


@pytest.mark.parametrize("declared, kinds", [
    ('xmlns:z="https://x/maggie.ellison/9434765919"', {"person's name", "NHS-like number"}),
    ('xmlns:margaretellison="urn:x"', {"person's name"}),
])
def test_namespaces_of_a_utf16_part(clean, declared, kinds):
    text = f'<?xml version="1.0" encoding="UTF-16"?><w:footnotes {W_NS} {declared}/>'
    found = _found(clean, FOOTNOTES, lambda _: text.encode("utf-16"))
    assert {kind for part, kind in found if part == FOOTNOTES} == kinds
