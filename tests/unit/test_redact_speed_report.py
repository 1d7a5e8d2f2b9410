"""The final report's structural cleaning, made faster (issue #14), cleans exactly as before.

The attributes that can name who edited what (rsid..., w:author, w:initials, w:tooltip,
o:title, o:gfxdata) used to be found by making a QName of every attribute of every node; the
reference below is that code. Over every part of the samples' reports and of the
adversarial documents, and a part written to tempt it (rsid attributes in other namespaces
and in none, a namespace whose name holds "rsid", names that only end in rsid, the same local
names in other namespaces), the cleaning leaves the same XML with either.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

from lxml import etree

from actionplan_gen.redact import final_report

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import adversarial_docx  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
OFFICE = "urn:schemas-microsoft-com:office:office"
TEMPTING = (
    f'<w:document xmlns:w="{W}" xmlns:o="{OFFICE}" xmlns:x="urn:rsid:x" xmlns:v="urn:v" '
    'w:rsidR="00A1" rsidRoot="1"><w:body><w:p w:rsidR="00A1" w:rsidRDefault="00B2" '
    'x:rsidQ="1" x:xrsid="2" x:val="3" w:xrsid="4" rsid="5" w:author="Laura Benn" '
    'author="kept: no namespace" w:initials="LB" o:title="Margaret" title="kept" '
    'o:gfxdata="UEsDBBQ" w:tooltip="Write to Margaret" x:author="kept: other namespace">'
    '<w:r w:rsidRPr="003"><w:t>Text</w:t></w:r><!-- a comment --><?pi x="y"?>'
    '<v:shape o:title="Ellison" alt="Ellison"/></w:p></w:body></w:document>')


def reference_drop(root) -> None:
    """The attribute step of ``_structural_clean`` as it was."""
    for element in root.iter():
        for attr in list(element.attrib):
            local = etree.QName(attr).localname
            if local.startswith("rsid") or attr in (f"{{{W}}}author", f"{{{W}}}initials",
                                                   f"{{{OFFICE}}}title", f"{{{W}}}tooltip",
                                                   f"{{{OFFICE}}}gfxdata"):
                del element.attrib[attr]


def _parts() -> list[bytes]:
    documents = [path.read_bytes() for path in sorted((ROOT / "samples").rglob("*.docx"))]
    documents += [adversarial_docx.adversarial_report(),
                  adversarial_docx.report_with_pictures(
                      {"a.png": adversarial_docx.small_image("PNG")})]
    parts = [TEMPTING.encode()]
    for data in documents:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            parts += [package.read(name) for name in package.namelist()
                      if name.endswith((".xml", ".rels"))]
    return parts


def test_structural_cleaning_leaves_what_it_left_before(monkeypatch):
    parts = _parts()
    assert len(parts) > 30
    cleaned = []
    for content in parts:
        root = final_report._parse(content)
        final_report._structural_clean(root)
        cleaned.append(final_report._serialise(root))
    monkeypatch.setattr(final_report, "_drop_personal_attributes", reference_drop)
    for content, expected in zip(parts, cleaned, strict=True):
        root = final_report._parse(content)
        final_report._structural_clean(root)
        assert final_report._serialise(root) == expected
    kept = etree.fromstring(cleaned[0])
    paragraph = kept.find(f".//{{{W}}}p")
    assert dict(paragraph.attrib) == {"{urn:rsid:x}xrsid": "2", "{urn:rsid:x}val": "3",
                                      f"{{{W}}}xrsid": "4", "author": "kept: no namespace",
                                      "title": "kept", "{urn:rsid:x}author":
                                      "kept: other namespace"}
    assert "rsidRoot" not in kept.attrib and "rsidR" not in kept.attrib


def reference_format_part(content: bytes) -> bytes:
    """``_clean_format_part`` as it was: every step, the attribute step among them."""
    root = final_report._parse(content)
    final_report._structural_clean(root)
    if root.tag == f"{{{W}}}settings" and root.find(f"{{{W}}}removePersonalInformation") is None:
        leading = [child for child in root if child.tag in (
            f"{{{W}}}writeProtection", f"{{{W}}}view", f"{{{W}}}zoom")]
        position = root.index(leading[-1]) + 1 if leading else 0
        root.insert(position, etree.Element(f"{{{W}}}removePersonalInformation"))
    return final_report._serialise(root)


SETTINGS = (f'<w:settings xmlns:w="{W}" xmlns:o="{OFFICE}" xmlns:p="urn:rsid"><w:zoom '
            'w:percent="100"/><w:rsids><w:rsidRoot w:val="00A1"/></w:rsids><w:style '
            'w:rsidR="1" p:rsid="2" o:title="Margaret" w:author="LB"/><w:p w:rsidP="3">'
            '<w:r><w:t>rsid=" title=" author="</w:t></w:r></w:p></w:settings>')


def test_format_parts_are_cleaned_as_before(monkeypatch):
    """The attribute step runs last, and only when the written part may hold a personal
    attribute: the same bytes as every step in the old order, over every part (each read as
    a format part), a settings part full of them and one that only mentions them."""
    parts = _parts() + [SETTINGS.encode(), TEMPTING.replace("w:document", "w:styles").encode()]
    parts += [f'<w:styles xmlns:w="{W}" xmlns:o="{OFFICE}"><w:style {name}="Margaret"/>'
              '</w:styles>'.encode() for name in ("o:title", "w:author", "w:rsidRPr")]
    cleaned = [final_report._clean_format_part(content) for content in parts]
    monkeypatch.setattr(final_report, "_drop_personal_attributes", reference_drop)
    for content, expected in zip(parts, cleaned, strict=True):
        assert reference_format_part(content) == expected
    assert b"rsidR" not in cleaned[-5] and b"Margaret" not in cleaned[-5]
    assert b"removePersonalInformation" in cleaned[-5]
    assert not any(b"Margaret" in part for part in cleaned[-3:])


def test_a_written_personal_attribute_is_always_noticed():
    for name in ("w:rsidR", "rsidRoot", "x:rsid", "w:rsid\u00e9", "w:author", "o:title",
                 "w:initials", "w:tooltip", "o:gfxdata"):
        root = etree.fromstring(f'<w:a xmlns:w="{W}" xmlns:o="{OFFICE}" xmlns:x="urn:x" '
                                f'{name}="v"/>'.encode())
        assert final_report._MAY_BE_PERSONAL.search(final_report._serialise(root)), name
