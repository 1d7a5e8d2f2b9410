"""Anonymise the ombudsman's final report (.docx) structurally.

Text is redacted per paragraph with the runs joined, so a name split across
runs, proofing marks, hyperlinks, fields or smart tags is still found. Tracked
changes are accepted, comments dropped, fields flattened to their results,
bookmarks, alt text and document properties cleaned, and every part not known
to be needed (custom XML, thumbnails, embedded objects, people.xml...) dropped.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from actionplan_gen.errors import UsageError
from actionplan_gen.redact.redactor import Redactor
from actionplan_gen.render.docx import DocumentProperties, finish
from actionplan_gen.ooxml import W

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
PIC = "{http://schemas.openxmlformats.org/drawingml/2006/picture}"
V = "{urn:schemas-microsoft-com:vml}"
VML_OFFICE = "{urn:schemas-microsoft-com:office:office}"

# Parts whose text is redacted (all sections' headers and footers, notes, the body).
_TEXT_PART = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
# Parts kept as they are (after cleaning): formatting, not content.
_FORMAT_PART = re.compile(r"^word/(styles|stylesWithEffects|numbering|fontTable|webSettings|"
                          r"settings|theme/theme\d*)\.xml$")
_MEDIA = re.compile(r"^word/media/[^/]+$")
_REFUSED_CONTENT = ("macroEnabled", "vbaProject", "vbaData", "digital-signature")

_UNWRAP = {f"{W}ins", f"{W}moveTo", f"{W}smartTag", f"{W}customXml", f"{W}hyperlink",
           f"{W}fldSimple", f"{W}dir", f"{W}bdo"}
_DROP = {f"{W}del", f"{W}moveFrom", f"{W}rPrChange", f"{W}pPrChange", f"{W}sectPrChange",
         f"{W}tblPrChange", f"{W}trPrChange", f"{W}tcPrChange", f"{W}tblGridChange",
         f"{W}tblPrExChange", f"{W}numberingChange", f"{W}commentRangeStart",
         f"{W}commentRangeEnd", f"{W}commentReference", f"{W}bookmarkStart", f"{W}bookmarkEnd",
         f"{W}moveFromRangeStart", f"{W}moveFromRangeEnd", f"{W}moveToRangeStart",
         f"{W}moveToRangeEnd", f"{W}customXmlInsRangeStart", f"{W}customXmlInsRangeEnd",
         f"{W}customXmlDelRangeStart", f"{W}customXmlDelRangeEnd", f"{W}proofErr",
         f"{W}permStart", f"{W}permEnd", f"{W}object", f"{W}altChunk", f"{W}instrText",
         f"{W}delInstrText", f"{W}fldChar", f"{W}sdtPr", f"{W}sdtEndPr", f"{W}docVars",
         f"{W}attachedTemplate", f"{W}mailMerge", f"{W}rsids", f"{W}annotationRef"}


@dataclass
class Outcome:
    data: bytes
    warnings: list[str] = field(default_factory=list)


def triage(data: bytes, name: str) -> None:
    """Refuse what cannot be redacted safely, in plain words (exit 2)."""
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise UsageError("this is an encrypted (password-protected) document or an old .doc "
                         "file: save it from Word as an unprotected .docx first", file=name)
    if data[:5] == b"{\\rtf":
        raise UsageError("this is an .rtf file: save it from Word as .docx first", file=name)
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise UsageError("this is not a Word .docx file", file=name)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = package.namelist()
        if len(names) != len(set(names)) or any(n.startswith("/") or ".." in n.split("/")
                                                for n in names):
            raise UsageError("the .docx package has unsafe or duplicate part names", file=name)
        types = package.read("[Content_Types].xml").decode("utf-8", "replace") \
            if "[Content_Types].xml" in names else ""
        if "word/document.xml" not in names:
            raise UsageError("this zip file is not a Word document (no word/document.xml)",
                             file=name)
        if any(t in types for t in _REFUSED_CONTENT) or any("vbaProject" in n for n in names):
            raise UsageError("this document contains macros or a digital signature: save it "
                             "as a plain .docx (not .docm) first", file=name)


def redact_report(data: bytes, name: str, redactor: Redactor, drop_images: bool,
                  properties: DocumentProperties) -> Outcome:
    """The anonymised report's bytes (not yet verified: the caller scans them)."""
    triage(data, name)
    warnings: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = {n: package.read(n) for n in package.namelist() if not n.endswith("/")}
    kept: dict[str, bytes] = {}
    renamed: dict[str, str] = {}
    media = sorted(n for n in parts if _MEDIA.match(n))
    if media and not drop_images:
        warnings.append(f"{len(media)} image(s) kept in the report: their pixels were not "
                        "checked for names or identifiers; look at them, or use --drop-images")
        for number, old in enumerate(media, start=1):
            new = f"word/media/image{number}{posixpath.splitext(old)[1].lower()}"
            renamed[old] = new
            kept[new] = _strip_image_metadata(parts[old])
    for part, content in parts.items():
        if _TEXT_PART.match(part):
            kept[part] = _clean_text_part(content, redactor)
        elif _FORMAT_PART.match(part):
            kept[part] = _clean_format_part(content)
    for part in list(kept):
        rels = _rels_path(part)
        if rels in parts:
            kept[rels] = _clean_rels(parts[rels], part, kept, renamed)
    kept["_rels/.rels"] = _package_rels()
    kept["[Content_Types].xml"] = _content_types(parts.get("[Content_Types].xml", b""), kept)
    kept["docProps/core.xml"] = b""
    kept["docProps/app.xml"] = b""
    kept = _drop_dangling_references(kept)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("[Content_Types].xml", kept.pop("[Content_Types].xml"))
        for part in sorted(kept):
            out.writestr(part, kept[part])
    return Outcome(finish(buffer.getvalue(), properties), warnings)


# ---------------------------------------------------------------- XML cleaning

def _parse(content: bytes):
    return etree.fromstring(content, etree.XMLParser(resolve_entities=False, no_network=True,
                                                     remove_blank_text=False))


def _serialise(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _clean_text_part(content: bytes, redactor: Redactor) -> bytes:
    root = _parse(content)
    _structural_clean(root)
    for paragraph in list(root.iter(f"{W}p")):
        _redact_paragraph(paragraph, redactor)
    return _serialise(root)


def _clean_format_part(content: bytes) -> bytes:
    root = _parse(content)
    _structural_clean(root)
    if root.tag == f"{W}settings" and root.find(f"{W}removePersonalInformation") is None:
        # Word then keeps author names out of later saves. The schema orders it after these:
        leading = [child for child in root
                   if child.tag in (f"{W}writeProtection", f"{W}view", f"{W}zoom")]
        position = root.index(leading[-1]) + 1 if leading else 0
        root.insert(position, etree.Element(f"{W}removePersonalInformation"))
    return _serialise(root)


def _structural_clean(root) -> None:
    """Accept tracked changes, flatten fields and links, drop comments, bookmarks, alt text."""
    for element in list(root.iter(*_DROP)):
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)
    for element in list(root.iter(f"{W}sdtContent")):
        _unwrap(element)
    for element in list(root.iter(f"{W}sdt")):
        _unwrap(element)
    for element in list(root.iter(*_UNWRAP)):
        _unwrap(element)
    for element in root.iter():
        for attr in list(element.attrib):
            local = etree.QName(attr).localname
            if local.startswith("rsid") or attr in (f"{W}author", f"{W}initials",
                                                   f"{VML_OFFICE}title", f"{W}tooltip"):
                del element.attrib[attr]
    for number, doc_pr in enumerate(root.iter(f"{WP}docPr", f"{PIC}cNvPr"), start=1):
        for attr in ("descr", "title"):
            doc_pr.attrib.pop(attr, None)
        doc_pr.set("name", f"Picture {number}")
    for shape in root.iter(f"{V}shape", f"{V}imagedata", f"{V}rect", f"{V}textbox"):
        for attr in ("alt", f"{VML_OFFICE}title", "title"):
            shape.attrib.pop(attr, None)


def _unwrap(element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    index = parent.index(element)
    for child in reversed(list(element)):
        parent.insert(index, child)
    _keep_tail(element, parent, index)
    parent.remove(element)


def _keep_tail(element, parent, index) -> None:
    if element.tail and element.tail.strip():
        previous = parent[index - 1] if index > 0 else None
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail


def _redact_paragraph(paragraph, redactor: Redactor) -> None:
    """Join the paragraph's own text across runs, redact it, and put it back run by run."""
    segments = []  # (w:t element or None for a break/tab, its text)
    for node in paragraph.iter(f"{W}t", *(f"{W}{t}" for t in ("br", "tab", "cr"))):
        if _owning_paragraph(node) is not paragraph:
            continue  # a nested text box's paragraph is redacted on its own
        segments.append((node, node.text or "") if node.tag == f"{W}t" else (None, " "))
    joined = "".join(text for _, text in segments)
    spans = redactor.spans(joined)
    if not spans:
        return
    position = 0
    for node, text in segments:
        start, end = position, position + len(text)
        position = end
        if node is None:
            continue
        pieces, cursor = [], start
        for span in spans:
            if span.end <= start or span.start >= end:
                continue
            if span.start >= start:
                pieces.append(joined[cursor:span.start])
                pieces.append(span.replacement)
            cursor = max(cursor, min(span.end, end))
        pieces.append(joined[cursor:end])
        node.text = "".join(pieces)
        node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _owning_paragraph(node):
    parent = node.getparent()
    while parent is not None and parent.tag != f"{W}p":
        parent = parent.getparent()
    return parent


# ---------------------------------------------------------------- package plumbing

def _rels_path(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def _clean_rels(content: bytes, owner: str, kept: dict, renamed: dict) -> bytes:
    """Keep relationships to kept parts only; hyperlinks and other external targets go."""
    root = _parse(content)
    folder = posixpath.dirname(owner)
    for rel in list(root):
        if rel.get("TargetMode") == "External":
            root.remove(rel)
            continue
        target = posixpath.normpath(posixpath.join(folder, rel.get("Target", "")))
        if target in renamed:
            rel.set("Target", posixpath.relpath(renamed[target], folder))
        elif target not in kept:
            root.remove(rel)
    return _serialise(root)


def _package_rels() -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{REL_NS}">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="word/document.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
        'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
        '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/extended-properties" Target="docProps/app.xml"/>'
        "</Relationships>").encode()


def _content_types(original: bytes, kept: dict) -> bytes:
    root = _parse(original) if original else etree.Element(f"{{{CT_NS}}}Types")
    for override in list(root.iter(f"{{{CT_NS}}}Override")):
        if override.get("PartName", "").lstrip("/") not in kept:
            root.remove(override)
    have = {o.get("PartName") for o in root.iter(f"{{{CT_NS}}}Override")}
    defaults = {d.get("Extension", "").lower() for d in root.iter(f"{{{CT_NS}}}Default")}
    for part, ctype in (("docProps/core.xml", "application/vnd.openxmlformats-package.core-"
                         "properties+xml"),
                        ("docProps/app.xml", "application/vnd.openxmlformats-officedocument."
                         "extended-properties+xml")):
        if f"/{part}" not in have:
            etree.SubElement(root, f"{{{CT_NS}}}Override", PartName=f"/{part}", ContentType=ctype)
    for ext, ctype in (("rels", "application/vnd.openxmlformats-package.relationships+xml"),
                       ("xml", "application/xml"), ("png", "image/png"), ("jpeg", "image/jpeg"),
                       ("jpg", "image/jpeg"), ("gif", "image/gif"), ("emf", "image/x-emf")):
        if ext not in defaults:
            etree.SubElement(root, f"{{{CT_NS}}}Default", Extension=ext, ContentType=ctype)
    return _serialise(root)


def _drop_dangling_references(kept: dict) -> dict:
    """Remove drawings whose image relationship was dropped (with --drop-images)."""
    rel_ids: dict[str, set] = {}
    for part in kept:
        rels = _rels_path(part)
        if rels in kept:
            rel_ids[part] = {r.get("Id") for r in _parse(kept[rels])}
    for part in list(kept):
        if not _TEXT_PART.match(part):
            continue
        root = _parse(kept[part])
        ids = rel_ids.get(part, set())
        changed = False
        for element in list(root.iter()):
            refs = [v for k, v in element.attrib.items() if k.startswith(f"{{{R_NS}}}")]
            if refs and any(r not in ids for r in refs):
                drawing = _outermost_drawing(element)
                if drawing is not None and drawing.getparent() is not None:
                    drawing.getparent().remove(drawing)
                    changed = True
                elif element.getparent() is not None and element.tag != f"{W}sectPr":
                    for k in [k for k in element.attrib if k.startswith(f"{{{R_NS}}}")]:
                        del element.attrib[k]
                    changed = True
        if changed:
            kept[part] = _serialise(root)
    return kept


def _outermost_drawing(element):
    node = element
    found = None
    while node is not None:
        if node.tag in (f"{W}drawing", f"{W}pict"):
            found = node
        node = node.getparent()
    return found


def _strip_image_metadata(data: bytes) -> bytes:
    """Drop JPEG APP1-APP15 and COM segments and PNG text chunks (EXIF, XMP, comments)."""
    if data[:2] == b"\xff\xd8":
        out, i = bytearray(b"\xff\xd8"), 2
        while i + 4 <= len(data) and data[i] == 0xFF:
            marker, length = data[i + 1], int.from_bytes(data[i + 2:i + 4], "big")
            if marker == 0xDA:  # start of scan: the rest is image data
                break
            if not (0xE1 <= marker <= 0xEF or marker == 0xFE):
                out += data[i:i + 2 + length]
            i += 2 + length
        return bytes(out + data[i:])
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        out, i = bytearray(data[:8]), 8
        while i + 8 <= len(data):
            length = int.from_bytes(data[i:i + 4], "big")
            kind = data[i + 4:i + 8]
            chunk = data[i:i + 12 + length]
            if kind not in (b"tEXt", b"zTXt", b"iTXt", b"eXIf"):
                out += chunk
            i += 12 + length
        return bytes(out)
    return data
