"""The ombudsman's report, part by part: pictures kept only as fresh pixels, the places Word
keeps a second copy of text (o:gfxdata, maths, symbols, XML comments), and what is refused."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest
from PIL import Image

from actionplan_gen.errors import UsageError
from actionplan_gen.pipeline import load_plan
from actionplan_gen.redact.final_report import (TOO_LARGE, UNKNOWN, UNREADABLE_IMAGE, VECTOR,
                                                redact_report)
from actionplan_gen.redact.redactor import Redactor
from actionplan_gen.render.docx import DocumentProperties
from actionplan_gen.verify import Registry, verify_docx
from actionplan_gen.verify.images import image_problem

from adversarial_docx import (EMF, SVG, p, r, report_with_body, report_with_pictures,
                              small_image)
from conftest import SAMPLES
from docx_reading import paragraphs, parts

PROPS = DocumentProperties("Final report (anonymised)", "case", "Org", "2026-01-01")


@pytest.fixture(scope="module")
def plan():
    return load_plan(SAMPLES / "ellison.plan.yaml")[0]


@pytest.fixture(scope="module")
def redactor(plan):
    return Redactor(plan)


def redact(data, redactor, drop_images=False):
    return redact_report(data, "report.docx", redactor, drop_images, PROPS)


def png(width: int, height: int, idat: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2,
                                                               0, 0, 0))
            + chunk(b"IDAT", idat) + chunk(b"IEND", b""))


# ---------------------------------------------------------------- pictures

RASTERS = {"a.png": small_image("PNG"), "b.jpg": small_image("JPEG"), "c.gif": small_image("GIF"),
           "d.bmp": small_image("BMP"), "e.tif": small_image("TIFF")}


def test_positive_control_the_planted_pictures_carry_the_name(redactor, plan):
    original = report_with_pictures(RASTERS)
    media = {n: d for n, d in parts(original).items() if n.startswith("word/media/")}
    assert all(b"Margaret Ellison" in data for data in media.values())
    assert verify_docx(original, Registry.from_plan(plan), "report.docx")  # the verifier objects


def test_every_raster_picture_is_kept_as_fresh_pixels_only(redactor, plan):
    outcome = redact(report_with_pictures(RASTERS), redactor)
    media = {n: d for n, d in parts(outcome.data).items() if n.startswith("word/media/")}
    assert sorted(media) == ["word/media/image1.png", "word/media/image2.jpeg",
                             "word/media/image3.png", "word/media/image4.png",
                             "word/media/image5.png"]
    for name, data in media.items():
        assert b"Ellison" not in data and b"trailer" not in data, name
        assert image_problem(data) is None, name  # the verifier's own test: pixels only
        with Image.open(io.BytesIO(data)) as image:
            assert image.size == (8, 6) and not image.getexif()
            assert image.convert("RGB").getpixel((3, 3))[0] > 150  # still the red picture
    assert outcome.warnings == [
        "5 image(s) kept in the report (re-encoded: nothing but their pixels is kept): their "
        "pixels were not checked for names or identifiers; look at them, or use --drop-images"]
    assert verify_docx(outcome.data, Registry.from_plan(plan), "final-report.docx") == []
    types = parts(outcome.data)["[Content_Types].xml"].decode()
    assert 'Extension="png"' in types and 'Extension="jpeg"' in types
    assert 'Extension="gif"' not in types and 'Extension="bmp"' not in types


def test_drawings_unknown_and_unreadable_pictures_are_dropped_with_the_reason(redactor, plan):
    bomb = png(30000, 30000, zlib.compress(b"\x00" * 1000))
    outcome = redact(report_with_pictures({
        "keep.png": small_image("PNG"), "a.emf": EMF, "b.svg": SVG, "c.wmf": b"\xd7\xcd\xc6\x9a" +
        b"\x00" * 40, "d.webp": b"RIFF\x00\x00\x00\x00WEBPVP8 ", "e.png": b"\x89PNG\r\n\x1a\nbad",
        "f.png": bomb}), redactor)
    names = [n for n in parts(outcome.data) if n.startswith("word/media/")]
    assert names == ["word/media/image1.png"]
    assert sorted(outcome.warnings[1:]) == sorted([
        f"3 image(s) dropped from the report: {VECTOR}",
        f"1 image(s) dropped from the report: {UNKNOWN}",
        f"1 image(s) dropped from the report: {TOO_LARGE}",
        f"1 image(s) dropped from the report: {UNREADABLE_IMAGE}"])
    document = parts(outcome.data)["word/document.xml"].decode()
    assert document.count("<w:drawing>") == 1  # the dropped pictures' drawings went too
    assert verify_docx(outcome.data, Registry.from_plan(plan), "final-report.docx") == []


def test_a_picture_only_in_a_deleted_change_is_dropped(redactor):
    outcome = redact(report_with_pictures({"shown.png": small_image("PNG")},
                                          deleted={"deleted.png": small_image("GIF")}), redactor)
    names = [n for n in parts(outcome.data) if n.startswith("word/media/")]
    assert names == ["word/media/image1.png"]
    rels = parts(outcome.data)["word/_rels/document.xml.rels"].decode()
    assert rels.count("media/") == 1
    assert "Kept words." in paragraphs(outcome.data)


def test_drop_images_still_drops_every_picture(redactor):
    outcome = redact(report_with_pictures(RASTERS), redactor, drop_images=True)
    assert not [n for n in parts(outcome.data) if n.startswith("word/media/")]
    assert outcome.warnings == []


def test_an_svg_beside_its_png_copy_loses_only_the_svg(redactor, plan):
    original = report_with_pictures({"copy.png": small_image("PNG"), "drawing.svg": SVG})
    files = parts(original)
    document = files["word/document.xml"].decode()
    svg_blip = ('<a:extLst><a:ext uri="{96DAC541-7B7A-43D3-8B79-37D633B846F1}"><asvg:svgBlip '
                'xmlns:asvg="http://schemas.microsoft.com/office/drawing/2016/SVG/main" '
                'r:embed="rIdPic2"/></a:ext></a:extLst>')
    first_blip = document.index('<a:blip r:embed="rIdPic1"/>')
    document = (document[:first_blip] + '<a:blip r:embed="rIdPic1">' + svg_blip + "</a:blip>"
                + document[first_blip + len('<a:blip r:embed="rIdPic1"/>'):])
    document = document.replace('<a:blip r:embed="rIdPic2"/>', "")  # only the extension uses it
    files["word/document.xml"] = document.encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name, data in files.items():
            package.writestr(name, data)
    outcome = redact(out.getvalue(), redactor)
    result = parts(outcome.data)["word/document.xml"].decode()
    assert "svgBlip" not in result and 'r:embed="rIdPic1"' in result
    assert [n for n in parts(outcome.data) if n.startswith("word/media/")] == [
        "word/media/image1.png"]
    assert verify_docx(outcome.data, Registry.from_plan(plan), "final-report.docx") == []


# ---------------------------------------------------------------- second copies of text

GFX = ('<w:r><w:pict><v:shape id="s1" style="width:10pt;height:10pt" o:gfxdata="'
       + __import__("base64").b64encode(b"Margaret Ellison lives here").decode()
       + '"><v:textbox><w:txbxContent>' + p(r("Box text.")) + "</w:txbxContent></v:textbox>"
       "</v:shape></w:pict></w:r>")
MATHS = ("<m:oMath><m:r><m:t>Margaret Elli</m:t></m:r><m:r><m:t>son + 1</m:t></m:r></m:oMath>")


@pytest.mark.parametrize("body, gone, kept", [
    (p(GFX), "gfxdata", "Box text."),
    (p(r("Sum: "), MATHS), "Ellison", "Sum: Mrs A + 1"),
    (p(r("Mrs Elli"), "<!-- a comment -->", r("son wrote.")), "Ellison", "Mrs A wrote."),
    ('<w:p><w:r><w:t xml:space="preserve">Mrs Elli<!-- split -->son wrote.</w:t></w:r></w:p>',
     "Ellison", "Mrs A wrote."),
    (p(r("Mrs Elli"), "<?mso-thing Ellison?>", r("son wrote.")), "Ellison", "Mrs A wrote."),
    (p(r("NHS 999"), "<w:r><w:noBreakHyphen/></w:r>", r("123"), "<w:r><w:noBreakHyphen/></w:r>",
       r("4578 noted.")), "noBreakHyphen", "NHS [NHS number removed] noted."),
    (p(r("Mrs Elli"), "<w:r><w:softHyphen/></w:r>", r("son wrote.")), "softHyphen",
     "Mrs A wrote."),
    (p(r("Margaret"), '<w:r><w:ptab w:relativeTo="margin" w:alignment="right" '
       'w:leader="none"/></w:r>', r("Ellison wrote.")), "Ellison", "wrote."),
    (p(r("Mrs Elli"), '<w:r><w:sym w:font="Arial" w:char="0073"/></w:r>', r("on wrote.")),
     "w:sym", "Mrs A wrote."),
])
def test_second_copies_and_odd_characters_are_redacted(redactor, plan, body, gone, kept):
    original = report_with_body(body)
    assert verify_docx(original, Registry.from_plan(plan), "report.docx")  # positive control
    outcome = redact(original, redactor)
    document = parts(outcome.data)["word/document.xml"].decode()
    assert gone not in document
    assert "<!--" not in document and "<?mso" not in document
    assert any(kept in text.replace("\t", " ").replace("  ", " ")
               for text in _word_paragraphs(outcome.data)), _word_paragraphs(outcome.data)
    assert verify_docx(outcome.data, Registry.from_plan(plan), "final-report.docx") == []


def _word_paragraphs(data: bytes) -> list[str]:
    """Paragraph text including maths (docx_reading's reader knows only w:t)."""
    from lxml import etree
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    m = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
    root = etree.fromstring(parts(data)["word/document.xml"])
    return ["".join(t.text or "" for t in para.iter(f"{w}t", f"{m}t", f"{w}ptab"))
            for para in root.iter(f"{w}p")]


def test_the_verifier_reads_a_digits_only_attribute(plan):
    def body_findings(ppr: str) -> list[tuple[str, str]]:
        document = report_with_body(p(r("Nothing here."), ppr=ppr))
        return [(f.part, f.kind) for f in verify_docx(document, Registry.from_plan(plan), "r")
                if f.part == "word/document.xml"]

    assert body_findings('<w:pPr><w:pStyle w:val="9434765919"/></w:pPr>') == [
        ("word/document.xml", "NHS-like number")]
    assert body_findings('<w:pPr><w:spacing w:after="1440"/></w:pPr>') == []


# ---------------------------------------------------------------- refused up front

STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"


def test_a_strict_open_xml_document_is_refused_in_plain_words(redactor):
    with pytest.raises(UsageError) as refused:
        redact(report_with_body(p(r("Hello.")), document_ns=STRICT), redactor)
    assert "this is a Strict Open XML document: save it from Word as an ordinary Word " \
           "Document (.docx) first" in str(refused.value)


@pytest.mark.parametrize("declaration", [
    '<!DOCTYPE w:document [<!ENTITY name "Margaret Ellison">]>',
    '<!DOCTYPE lol [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>',
])
@pytest.mark.parametrize("where", ["word/document.xml", "word/styles.xml", "customXml/item1.xml"])
def test_a_doctype_or_entity_in_any_part_is_refused(redactor, declaration, where):
    base = report_with_body(p(r("Hello.")))
    content = parts(base).get(where, b'<?xml version="1.0"?><root/>')
    content = content.replace(b"?>", b"?>" + declaration.encode(), 1)
    with pytest.raises(UsageError) as refused:
        redact(report_with_body(p(r("Hello.")), extra_parts={where: content}), redactor)
    assert "DOCTYPE" in str(refused.value)


def test_a_damaged_part_is_refused_not_a_traceback(redactor):
    broken = report_with_body(p(r("Hello.")), extra_parts={"word/footnotes.xml": b"<w:oops"})
    files = parts(broken)
    files["word/document.xml"] = files["word/document.xml"][:-20]  # cut short
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name, data in files.items():
            package.writestr(name, data)
    with pytest.raises(UsageError) as refused:
        redact(out.getvalue(), redactor)
    assert "damaged" in str(refused.value)


# ---------------------------------------------------------------- patient-details tables

def table(*rows: tuple[str, str]) -> str:
    cells = "".join(f"<w:tr><w:tc>{p(r(label))}</w:tc><w:tc>{p(r(value))}</w:tc></w:tr>"
                    for label, value in rows)
    return f"<w:tbl>{cells}</w:tbl>"


@pytest.mark.parametrize("label, value", [("Date of birth", "14/02/1939"),
                                          ("DOB:", "14 Feb. 1939"),
                                          ("Birth date", "February 14, 1939")])
def test_a_date_of_birth_in_the_cell_after_its_label_is_removed(plan, redactor, label, value):
    data = report_with_body(p(r("Patient details")) + table((label, value),
                                                            ("Admitted", "3 March 2026")))
    assert verify_docx(data, Registry.from_plan(plan), "report.docx")  # the control: caught
    out = redact(data, redactor).data
    text = "\n".join(paragraphs(out))
    assert value not in text and "[date of birth removed]" in text
    assert label in text and "3 March 2026" in text  # the label and other dates stay
    assert verify_docx(out, Registry.from_plan(plan), "report.docx") == []
