"""Builds .docx files that hide personal details everywhere Word can hide them.

Used by the redaction tests: every planted value must be found in the input by
the scanner (the positive control) and be gone from the output.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from functools import cache

from xml.sax.saxutils import quoteattr

from docx import Document

NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
      'xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" mc:Ignorable="w15"')
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

# Sentences with no personal detail: they must survive redaction word for word.
SURVIVORS = [
    "The ward changed its discharge checklist in May.",
    "Kept sentence inside a bookmark.",
    "Kept sentence under a comment.",
    "Inserted by the Ombudsman.",
    "The table lists who did what.",
]


def p(*runs: str, ppr: str = "") -> str:
    return f"<w:p>{ppr}{''.join(runs)}</w:p>"


def r(text: str, rpr: str = "") -> str:
    return f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'


def png_with_text(key: str, value: str) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"tEXt", key.encode() + b"\x00" + value.encode())
            + chunk(b"IDAT", pixels) + chunk(b"IEND", b""))


def textbox(text: str) -> str:
    inner = f"<w:txbxContent>{p(r(text))}</w:txbxContent>"
    return (
        "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing>"
        '<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="2286000" cy="457200"/>'
        '<wp:docPr id="20" name="Text box about Margaret Ellison" descr="Margaret Ellison"/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/'
        'wordprocessingShape"><wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm>'
        '<a:off x="0" y="0"/><a:ext cx="2286000" cy="457200"/></a:xfrm><a:prstGeom prst="rect">'
        f"<a:avLst/></a:prstGeom></wps:spPr><wps:txbx>{inner}</wps:txbx><wps:bodyPr/></wps:wsp>"
        "</a:graphicData></a:graphic></wp:inline></w:drawing></mc:Choice><mc:Fallback><w:pict>"
        f'<v:shape id="tb1" style="width:180pt;height:36pt" alt="Margaret Ellison"><v:textbox>'
        f"{inner}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>")


def picture() -> str:
    return (
        '<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
        '<wp:extent cx="457200" cy="457200"/>'
        '<wp:docPr id="21" name="margaret-ellison.png" descr="Photo of Margaret Ellison" '
        'title="Robert Ellison"/><a:graphic><a:graphicData '
        'uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr>'
        '<pic:cNvPr id="0" name="margaret-ellison.png" descr="Margaret Ellison"/><pic:cNvPicPr/>'
        '</pic:nvPicPr><pic:blipFill><a:blip r:embed="rIdImg"/><a:stretch><a:fillRect/>'
        '</a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/>'
        '<a:ext cx="457200" cy="457200"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
        "</a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing>"
        "</w:r>")


def body() -> str:
    first_section = ('<w:pPr><w:sectPr><w:headerReference w:type="default" r:id="rIdH1"/>'
                     '<w:headerReference w:type="first" r:id="rIdH2"/>'
                     '<w:headerReference w:type="even" r:id="rIdH3"/>'
                     '<w:footerReference w:type="default" r:id="rIdF1"/><w:titlePg/>'
                     '<w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:pPr>')
    return "".join([
        p(r("Mrs Marg"), '<w:proofErr w:type="spellStart"/>',
          r("aret Elli", "<w:rPr><w:b/></w:rPr>"), r("son complained.", "<w:rPr><w:i/></w:rPr>"),
          '<w:proofErr w:type="spellEnd"/>'),
        p(r("NHS number 999 "), r("123 45"), r("78 and also 9991234578.")),
        p(r(SURVIVORS[0])),
        p('<w:hyperlink r:id="rIdLink" w:tooltip="Write to Margaret Ellison">',
          r("maggie.ellison@example.com"), "</w:hyperlink>"),
        p('<w:fldSimple w:instr=" AUTHOR Sarah Khan ">', r("Sarah Khan"), "</w:fldSimple>"),
        p('<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
          "<w:r><w:instrText> MERGEFIELD Robert_Ellison </w:instrText></w:r>",
          '<w:r><w:fldChar w:fldCharType="separate"/></w:r>', r("Robert Ellison"),
          '<w:r><w:fldChar w:fldCharType="end"/></w:r>'),
        p('<w:bookmarkStart w:id="0" w:name="Ellison_home"/>', r(SURVIVORS[1]),
          '<w:bookmarkEnd w:id="0"/>'),
        p('<w:smartTag w:uri="urn:x" w:element="PersonName">', r("ROBERT ELLISON"),
          "</w:smartTag>"),
        '<w:sdt><w:sdtPr><w:alias w:val="Margaret Ellison"/><w:tag w:val="Ellison"/></w:sdtPr>'
        f"<w:sdtContent>{p(r('Lives at 14 Wren Close, NS3 9QT.'))}</w:sdtContent></w:sdt>",
        p('<w:ins w:id="1" w:author="Laura Benn" w:date="2026-09-01T00:00:00Z">', r(SURVIVORS[3]),
          '</w:ins><w:del w:id="2" w:author="Laura Benn" w:date="2026-09-01T00:00:00Z"><w:r>'
          "<w:delText>Mrs Ellison phoned 07700 900123.</w:delText></w:r></w:del>"),
        p('<w:commentRangeStart w:id="0"/>', r(SURVIVORS[2]), '<w:commentRangeEnd w:id="0"/>'
          '<w:r><w:commentReference w:id="0"/></w:r>'),
        p(r("Hidden: Margaret Ellison on 07700 900123", "<w:rPr><w:vanish/></w:rPr>")),
        p(r("Maggie\u2019s son and Mrs\u00a0Ellison\u2019s GP; Margaret"), "<w:r><w:br/></w:r>",
          r("Ellison again.")),
        p(r("A note"), '<w:r><w:footnoteReference w:id="1"/></w:r>', r(" and another"),
          '<w:r><w:endnoteReference w:id="1"/></w:r>', r(".")),
        p(textbox("Box: Sarah Khan, DOB 12/06/1939")),
        p(picture()),
        "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr><w:tblGrid>"
        "<w:gridCol w:w=\"4000\"/><w:gridCol w:w=\"4000\"/></w:tblGrid><w:tr>"
        f"<w:tc>{p(r(SURVIVORS[4]))}</w:tc><w:tc>{p(r('Sarah Khan, NI QQ 12 34 56 C'))}</w:tc>"
        "</w:tr></w:tbl>",
        p(r("End of section one."), ppr=first_section),
        p(r("Section two mentions nobody.")),
        '<w:sectPr><w:headerReference w:type="default" r:id="rIdH4"/>'
        '<w:pgSz w:w="11906" w:h="16838"/></w:sectPr>',
    ])


def part(root: str, content: str, extra_ns: str = "") -> bytes:
    return (DECL + f"<w:{root} {NS}{extra_ns}>{content}</w:{root}>").encode("utf-8")


def notes(kind: str, text: str) -> bytes:
    return part(f"{kind}s", f'<w:{kind} w:type="separator" w:id="-1">{p(r(""))}</w:{kind}>'
                            f'<w:{kind} w:type="continuationSeparator" w:id="0">{p(r(""))}'
                            f'</w:{kind}><w:{kind} w:id="1">{p(r(text))}</w:{kind}>')


PLANTED = {
    "word/header1.xml": "Default header: Margaret Ellison",
    "word/header2.xml": "First-page header: NHS 999 123 4578",
    "word/header3.xml": "Even header: Robert Ellison",
    "word/header4.xml": "Second section header: Sarah Khan",
    "word/footer1.xml": "Footer: Mrs Ellison, NS3 9QT",
}


def adversarial_report() -> bytes:
    parts = blank_parts()
    parts["word/document.xml"] = (DECL + f"<w:document {NS}><w:body>{body()}</w:body>"
                                  "</w:document>").encode("utf-8")
    for name, text in PLANTED.items():
        root = "hdr" if "header" in name else "ftr"
        parts[name] = part(root, p(r(text)))
    parts["word/footnotes.xml"] = notes("footnote", "Footnote: Sarah Khan told us.")
    parts["word/endnotes.xml"] = notes("endnote", "Endnote: email maggie.ellison@example.com")
    parts["word/comments.xml"] = part("comments", '<w:comment w:id="0" w:author="Laura Benn" '
                                      f'w:initials="LB">{p(r("Ask Margaret Ellison"))}</w:comment>')
    parts["word/people.xml"] = part("people", '<w15:person w15:author="Laura Benn">'
                                    '<w15:presenceInfo w15:providerId="AD" '
                                    'w15:userId="laura.benn@ombudsman.example"/></w15:person>')
    parts["word/media/margaret-ellison.png"] = png_with_text("Author", "Margaret Ellison")
    parts["customXml/item1.xml"] = b"<root><patient>Robert Ellison</patient></root>"
    parts["docProps/core.xml"] = (
        DECL + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        "<dc:title>Report about Margaret Ellison</dc:title><dc:creator>Laura Benn</dc:creator>"
        "</cp:coreProperties>").encode("utf-8")
    parts["docProps/app.xml"] = (
        DECL + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties"><Company>Ellison family</Company><Manager>Sarah Khan</Manager>'
        "</Properties>").encode("utf-8")
    parts["docProps/custom.xml"] = (
        DECL + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        'docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" '
        'name="Patient"><vt:lpwstr>Robert Ellison</vt:lpwstr></property></Properties>'
    ).encode("utf-8")
    rels = {
        "rIdH1": ("header", "header1.xml"), "rIdH2": ("header", "header2.xml"),
        "rIdH3": ("header", "header3.xml"), "rIdH4": ("header", "header4.xml"),
        "rIdF1": ("footer", "footer1.xml"), "rIdFn": ("footnotes", "footnotes.xml"),
        "rIdEn": ("endnotes", "endnotes.xml"), "rIdCm": ("comments", "comments.xml"),
        "rIdImg": ("image", "media/margaret-ellison.png"),
        "rIdPpl": ("http://schemas.microsoft.com/office/2011/relationships/people", "people.xml"),
    }
    doc_rels = parts["word/_rels/document.xml.rels"].decode("utf-8")
    extra = "".join(
        f'<Relationship Id="{rid}" Type="{t if t.startswith("http") else REL + "/" + t}" '
        f'Target="{target}"/>' for rid, (t, target) in rels.items())
    extra += (f'<Relationship Id="rIdLink" Type="{REL}/hyperlink" '
              'Target="mailto:maggie.ellison@example.com" TargetMode="External"/>'
              f'<Relationship Id="rIdCx" Type="{REL}/customXml" Target="../customXml/item1.xml"/>')
    parts["word/_rels/document.xml.rels"] = doc_rels.replace("</Relationships>",
                                                             extra + "</Relationships>").encode()
    package_rels = parts["_rels/.rels"].decode("utf-8")
    parts["_rels/.rels"] = package_rels.replace(
        "</Relationships>", f'<Relationship Id="rIdCu" Type="{REL}/custom-properties" '
        'Target="docProps/custom.xml"/></Relationships>').encode()
    types = parts["[Content_Types].xml"].decode("utf-8")
    wml = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    overrides = "".join(f'<Override PartName="/{name}" ContentType="{wml}.{kind}+xml"/>'
                        for name, kind in [*((n, "header" if "header" in n else "footer")
                                              for n in PLANTED),
                                           ("word/footnotes.xml", "footnotes"),
                                           ("word/endnotes.xml", "endnotes"),
                                           ("word/comments.xml", "comments")])
    overrides += ('<Override PartName="/docProps/custom.xml" ContentType="application/'
                  'vnd.openxmlformats-officedocument.custom-properties+xml"/>'
                  '<Default Extension="png" ContentType="image/png"/>')
    parts["[Content_Types].xml"] = types.replace("</Types>", overrides + "</Types>").encode()
    parts["word/settings.xml"] = parts["word/settings.xml"].replace(
        b"</w:settings>", b'<w:evenAndOddHeaders/><w:docVars><w:docVar w:name="patient" '
                          b'w:val="Robert Ellison"/></w:docVars></w:settings>')
    return package(parts)


# ---------------------------------------------------------------- pictures

def noisy_jpeg(width: int = 3000, height: int = 2500, quality: int = 97,
               author: str = "Margaret Ellison") -> bytes:
    """A photograph-sized JPEG of random pixels (it barely compresses) whose EXIF names
    someone: 3000x2500 at quality 97 is about 10 MiB."""
    import os

    from PIL import Image
    image = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    exif = Image.Exif()
    exif[0x013B] = author  # Artist
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, exif=exif, comment=author.encode())
    return out.getvalue()


def small_image(kind: str, text: str = "Margaret Ellison") -> bytes:
    """A small picture of ``kind`` (PNG, GIF, BMP, TIFF, JPEG) carrying ``text`` in its
    metadata where the format allows, and bytes appended after its end."""
    from PIL import Image
    image = Image.new("RGB", (8, 6), (200, 30, 30))
    out = io.BytesIO()
    if kind == "PNG":
        from PIL.PngImagePlugin import PngInfo
        info = PngInfo()
        info.add_text("Author", text)
        image.save(out, "PNG", pnginfo=info)
    elif kind == "JPEG":
        exif = Image.Exif()
        exif[0x013B] = text
        image.save(out, "JPEG", exif=exif)
    elif kind == "TIFF":
        image.save(out, "TIFF", tiffinfo={315: text})  # Artist
    else:
        image.save(out, kind)
    return out.getvalue() + b"trailer " + text.encode()


EMF = (b"\x01\x00\x00\x00" + b"\x00" * 36 + b" EMF" + b"\x00" * 40
       + "Margaret Ellison".encode("utf-16-le"))
SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
       b"<text>Margaret Ellison</text></svg>")


def _picture(rel_id: str, number: int) -> str:
    return (
        f'<w:r><w:drawing><wp:inline><wp:extent cx="457200" cy="457200"/>'
        f'<wp:docPr id="{number}" name="Picture {number}"/><a:graphic><a:graphicData '
        'uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr>'
        f'<pic:cNvPr id="{number}" name="p{number}"/><pic:cNvPicPr/></pic:nvPicPr>'
        f'<pic:blipFill><a:blip r:embed="{rel_id}"/><a:stretch><a:fillRect/></a:stretch>'
        '</pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="457200" cy="457200"/>'
        '</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>'
        "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>")


def report_with_pictures(pictures: dict[str, bytes], deleted: dict[str, bytes] | None = None,
                         body_xml: str = "") -> bytes:
    """A report showing each of ``pictures`` (media name -> bytes) in its own paragraph, and
    each of ``deleted`` only inside a deleted tracked change."""
    deleted = deleted or {}
    parts = blank_parts()
    paragraphs, rels = [p(r("The report has pictures."))], []
    for number, (name, data) in enumerate([*pictures.items(), *deleted.items()], start=1):
        rel_id = f"rIdPic{number}"
        parts[f"word/media/{name}"] = data
        rels.append(f'<Relationship Id="{rel_id}" Type="{REL}/image" Target="media/{name}"/>')
        if name in deleted:
            paragraphs.append(p('<w:del w:id="9" w:author="Laura Benn" '
                                'w:date="2026-01-01T00:00:00Z">' + _picture(rel_id, number)
                                + "</w:del>", r("Kept words.")))
        else:
            paragraphs.append(p(_picture(rel_id, number)))
    parts["word/document.xml"] = (DECL + f"<w:document {NS}><w:body>{''.join(paragraphs)}"
                                  f"{body_xml}</w:body></w:document>").encode("utf-8")
    doc_rels = parts["word/_rels/document.xml.rels"].decode("utf-8")
    parts["word/_rels/document.xml.rels"] = doc_rels.replace(
        "</Relationships>", "".join(rels) + "</Relationships>").encode()
    return package(parts)


def report_with_body(body_xml: str, document_ns: str | None = None,
                     extra_parts: dict[str, bytes] | None = None) -> bytes:
    """A report whose body is ``body_xml``; ``document_ns`` replaces the WordprocessingML
    namespace (a Strict Open XML document); ``extra_parts`` are added or replaced as they are."""
    parts = blank_parts()
    namespaces = NS + (' xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"')
    document = (DECL + f"<w:document {namespaces}><w:body>{body_xml}</w:body></w:document>")
    if document_ns:
        document = document.replace("http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                                    document_ns)
    parts["word/document.xml"] = document.encode("utf-8")
    parts.update(extra_parts or {})
    return package(parts)


def properties(kind: str, inner: str) -> bytes:
    """A document properties part: ``kind`` "extended-properties" or "custom-properties"."""
    return (DECL + f'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            f'{kind}" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
            f'docPropsVTypes">{inner}</Properties>').encode("utf-8")


@cache
def _blank() -> dict[str, bytes]:
    base = io.BytesIO()
    Document().save(base)
    with zipfile.ZipFile(base) as source:
        return {n: source.read(n) for n in source.namelist()}


def blank_parts() -> dict[str, bytes]:
    """python-docx's blank document, part by part (read once; a fresh dict each call)."""
    return dict(_blank())


def package(parts: dict[str, bytes]) -> bytes:
    """The parts as a .docx: [Content_Types].xml first, as Word writes it."""
    parts = dict(parts)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        target.writestr("[Content_Types].xml", parts.pop("[Content_Types].xml"))
        for name, data in parts.items():
            target.writestr(name, data)
    return out.getvalue()


def with_hyperlink(rels: bytes, target: str) -> bytes:
    """A relationships part with one more external hyperlink, to ``target``."""
    return rels.replace(b"</Relationships>", (
        '<Relationship Id="rIdZ" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships/hyperlink" Target={quoteattr(target)} TargetMode="External"/>'
        "</Relationships>").encode())


def findings(data: bytes, registry) -> list:
    """The verifier's findings on ``data``, less the python-docx template's own thumbnail."""
    from actionplan_gen.verify import verify_docx
    return [f for f in verify_docx(data, registry, "x.docx") if "thumbnail" not in f.part]
