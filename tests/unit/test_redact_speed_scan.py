"""The leak scan's quick read of an XML part (issue #14) never misses what the full read finds.

``scan._nothing_in`` reads each distinct value of a part once; only when something is found
does the full read run, to say what and where. Over the samples' packs, their unredacted
reports and the adversarial documents (which hide details everywhere Word can), the scan's
findings are the same with the quick read as without it, and every value the full read
looks at is among the values the quick read looks at.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from actionplan_gen.pipeline import load_plan
from actionplan_gen.redact import pack, scan
from actionplan_gen.redact.redactor import Redactor
from actionplan_gen.render.build import Templates

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import adversarial_docx  # noqa: E402

SAMPLES = sorted((Path(__file__).resolve().parents[2] / "samples").glob("*.plan.yaml"))
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
ODD_XML = [
    # comments, processing instructions (with pseudo-attributes), CDATA, an entity declared
    # in the part, tails after each, nested paragraphs, breaks and attributes holding names
    f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY e "Ellison">]><w:document '
    f'xmlns:w="{W}" note="Margaret Ellison"><w:body><!-- Mrs Ellison -->after comment'
    '<?mso-note href="Ellison" by="07700 900123"?>after pi<w:p><w:r><w:t>Mrs </w:t>'
    '<w:t>Elli</w:t><w:br/><w:t>son &e; said</w:t></w:r><w:r><w:txbxContent><w:p><w:r>'
    '<w:t><![CDATA[Marg]]>aret</w:t><w:tab/><w:t>14 Wren Close</w:t></w:r></w:p>'
    '</w:txbxContent></w:r>tail NS3 9QT</w:p><w:p w:rsidR="00A1B2C3" w:val="943 476 5919">'
    '<w:r><w:instrText>HYPERLINK "mailto:m.ellison@example.org"</w:instrText></w:r></w:p>'
    '</w:body></w:document>',
    f'<w:hdr xmlns:w="{W}"><w:p><w:r><w:t>Nothing personal here</w:t></w:r></w:p>'
    '<!-- a note --><?pi plain?></w:hdr>',
]


def _packages(sample: Path) -> list[tuple[str, bytes]]:
    """The sample's pack as make_pack makes it, and its unredacted report and plan."""
    plan = load_plan(sample)[0]
    redactor = Redactor(plan)
    source = pack.report_path(plan, None)
    files, _ = pack._documents(plan, redactor, Templates.default(), source, False)
    packages = sorted(files.items())
    if source is not None:
        packages.append(("report (unredacted)", source.read_bytes()))
    return packages


def _xml_parts(data: bytes) -> list[bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return [package.read(name) for name in package.namelist()
                if scan._looks_like_xml(name, package.read(name))]


def _documents():
    documents = [("adversarial", adversarial_docx.adversarial_report())]
    documents.append(("pictures", adversarial_docx.report_with_pictures(
        {"a.png": adversarial_docx.png_with_text("Author", "Margaret Ellison")})))
    return documents


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_the_quick_read_finds_what_the_full_read_finds(sample, monkeypatch):
    redactor = Redactor(load_plan(sample)[0])
    packages = _packages(sample) + _documents()
    quick = [scan.scan_docx(pack._without_pixels(data), redactor, name)
             for name, data in packages]
    scan._MEMO["redactor"] = None  # the full read starts from nothing remembered
    monkeypatch.setattr(scan, "_nothing_in", lambda root, redactor: False)
    full = [scan.scan_docx(pack._without_pixels(data), redactor, name)
            for name, data in packages]
    assert quick == full
    assert any(full) and not any(full[:2])  # the unredacted documents are positive controls


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_every_value_the_full_read_looks_at_is_read_quickly(sample, monkeypatch):
    redactor = Redactor(load_plan(sample)[0])
    parts = [part for _, data in _packages(sample) + _documents() for part in _xml_parts(data)]
    parts += [xml.encode() for xml in ODD_XML]
    looked_at: list[tuple[str, str]] = []
    real = scan._text_findings

    def recording(text, redactor, part, where, binary=False):
        looked_at.append((text, where))
        return real(text, redactor, part, where, binary)

    monkeypatch.setattr(scan, "_text_findings", recording)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             load_dtd=False)
    for content in parts:
        root = etree.fromstring(content, parser)
        looked_at.clear()
        scan._scan_xml_fully("part", root, redactor)
        paragraphs, texts, attributes = scan._read_values(root)
        for text, where in looked_at:
            assert text in (attributes if where == "an attribute" else {*paragraphs, *texts}), \
                (text, where)


def test_the_odd_places_are_read_quickly():
    """Comments, processing instructions' pseudo-attributes, entities and tails are read;
    a part holding a detail only there is read in full."""
    root = etree.fromstring(ODD_XML[0].encode(), etree.XMLParser(resolve_entities=False))
    paragraphs, texts, attributes = scan._read_values(root)
    assert {" Mrs Ellison ", "after comment", "after pi", "&e;", "tail NS3 9QT"} <= texts
    assert {"Ellison", "07700 900123", "Margaret Ellison", "943 476 5919"} <= attributes
    assert "Mrs Elli son Margaret 14 Wren Close" in paragraphs  # CDATA joined to its text
    redactor = Redactor(load_plan(SAMPLES[0])[0])
    assert not scan._nothing_in(root, redactor)
    clean = etree.fromstring(ODD_XML[1].encode(), etree.XMLParser(resolve_entities=False))
    assert scan._nothing_in(clean, redactor)
