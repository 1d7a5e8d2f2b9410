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
import string
import warnings as python_warnings
import zipfile
import zlib
from bisect import bisect_left, bisect_right
from struct import error as struct_error
from collections import Counter
from dataclasses import field, replace

from lxml import etree

from actionplan_gen.records import record
from actionplan_gen.regexes import fixed
from actionplan_gen.errors import UsageError
from actionplan_gen.redact.folding import fold
from actionplan_gen.redact.identifiers import BIRTH_LABEL
from actionplan_gen.redact.redactor import Redactor
from actionplan_gen.render.docx import DocumentProperties, finish
from actionplan_gen.ooxml import FIXED_TIME, M, W

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
PIC = "{http://schemas.openxmlformats.org/drawingml/2006/picture}"
V = "{urn:schemas-microsoft-com:vml}"
VML_OFFICE = "{urn:schemas-microsoft-com:office:office}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
STRICT_W = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

# Parts whose text is redacted (all sections' headers and footers, notes, the body).
_TEXT_PART = fixed(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
# Parts kept as they are (after cleaning): formatting, not content. Not stylesWithEffects.xml,
# Word 2010's second copy of the styles (often hundreds of kilobytes, style names and all):
# later versions neither write nor need it, and the regulator's copy is better without it.
_FORMAT_PART = fixed(r"^word/(styles|numbering|fontTable|webSettings|"
                     r"settings|theme/theme\d*)\.xml$")
_MEDIA = fixed(r"^word/media/[^/]+$")
_REFUSED_CONTENT = ("macroEnabled", "vbaProject", "vbaData", "digital-signature")
# Declarations that can define entities or fetch files: no Word part has one.
_DECLARATIONS = tuple(marker.encode(encoding) for marker in ("<!DOCTYPE", "<!ENTITY")
                      for encoding in ("utf-8", "utf-16-le", "utf-16-be"))
_READ_ERRORS = (zipfile.BadZipFile, zlib.error, RuntimeError, NotImplementedError, ValueError,
                OSError, EOFError, KeyError)

# Pictures: only these are kept, and only as freshly encoded pixels (see _reencode).
_RASTER = ((b"\x89PNG\r\n\x1a\n", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"GIF87a", "GIF"),
           (b"GIF89a", "GIF"), (b"BM", "BMP"), (b"II*\x00", "TIFF"), (b"MM\x00*", "TIFF"))
_VECTOR_EXTENSIONS = {"emf", "wmf", "emz", "wmz", "svg", "svgz", "eps", "pict"}
MAX_PIXELS = 64_000_000  # a 48-megapixel phone photograph fits; a decompression bomb does not
VECTOR = ("drawings (EMF, WMF or SVG) can hold text and hidden shapes that cannot be checked; "
          "paste them as a picture (PNG) if they are needed")
UNKNOWN = "not a picture apgen can check (PNG, JPEG, GIF, BMP or TIFF)"
UNREADABLE_IMAGE = "the picture could not be read (damaged, or not what its name says)"
TOO_LARGE = (f"the picture is larger than {MAX_PIXELS // 1_000_000} million pixels, which "
             "apgen does not open (it could be built to exhaust memory)")

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


DRAFT_LINE = "DRAFT \u2013 not yet checked for details that could identify someone"
HEADER_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
HEADER_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"


@record(frozen=False)
class Outcome:
    data: bytes
    warnings: list[str] = field(default_factory=list)


def triage(data: bytes, name: str) -> dict[str, bytes]:
    """Refuse what cannot be redacted safely, in plain words (exit 2). Returns the parts it
    read (all but pictures), by name, so that nothing is read twice."""
    try:
        return _triage(data, name)
    except _READ_ERRORS:
        raise UsageError("the .docx package is damaged or uses features apgen cannot read: open "
                         "it in Word and save it again as a Word Document (.docx)",
                         file=name) from None


def _triage(data: bytes, name: str) -> dict[str, bytes]:
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise UsageError("this is an encrypted (password-protected) document or an old .doc "
                         "file: save it from Word as an unprotected .docx first", file=name)
    if data[:5] == b"{\\rtf":
        raise UsageError("this is an .rtf file: save it from Word as .docx first", file=name)
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise UsageError("this is not a Word .docx file", file=name)
    read: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as package:

        def part_named(part: str) -> bytes:
            if part not in read:
                read[part] = package.read(part)
            return read[part]

        names = package.namelist()
        if len(names) != len(set(names)) or any(n.startswith("/") or ".." in n.split("/")
                                                for n in names):
            raise UsageError("the .docx package has unsafe or duplicate part names", file=name)
        types = part_named("[Content_Types].xml").decode("utf-8", "replace") \
            if "[Content_Types].xml" in names else ""
        if "word/document.xml" not in names:
            raise UsageError("this zip file is not a Word document (no word/document.xml)",
                             file=name)
        if any(t in types for t in _REFUSED_CONTENT) or any("vbaProject" in n for n in names):
            raise UsageError("this document contains macros or a digital signature: save it "
                             "as a plain .docx (not .docm) first", file=name)
        if STRICT_W in part_named("word/document.xml")[:4096].replace(b"\x00", b""):
            raise UsageError("this is a Strict Open XML document: save it from Word as an "
                             "ordinary Word Document (.docx) first", file=name)
        for part in names:
            if _MEDIA.match(part):
                continue  # pictures are never parsed as XML: SVGs are dropped
            content = part_named(part)
            # every declaration holds a "!", in each encoding (most parts hold none)
            if b"!" in content and any(marker in content for marker in _DECLARATIONS):
                raise UsageError("a part of this document declares a DOCTYPE or XML entities, "
                                 "which Word never writes: apgen does not read it; save it "
                                 "from Word as a Word Document (.docx) first", file=name)
    return read


def redact_report(data: bytes, name: str, redactor: Redactor, drop_images: bool,
                  properties: DocumentProperties, draft: bool = False) -> Outcome:
    """The anonymised report's bytes (not yet verified: the caller scans them).

    With ``draft``, the report opens with a DRAFT line and every header carries one."""
    read = triage(data, name)
    try:
        return _redact_report(data, read, redactor, drop_images, properties, draft)
    except etree.XMLSyntaxError:
        raise UsageError("a part of this document is damaged (its XML cannot be read): open it "
                         "in Word and save it again as a Word Document (.docx)",
                         file=name) from None


def _redact_report(data: bytes, read: dict[str, bytes], redactor: Redactor, drop_images: bool,
                   properties: DocumentProperties, draft: bool) -> Outcome:
    """``read``: the parts ``triage`` read; the others (pictures) are read here."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = {n: read[n] if n in read else package.read(n) for n in package.namelist()
                 if not n.endswith("/")}
    kept: dict[str, bytes] = {}
    for part, content in parts.items():
        if _TEXT_PART.match(part):
            kept[part] = _clean_text_part(content, redactor)
        elif _FORMAT_PART.match(part):
            kept[part] = _clean_format_part(content)
    # Pictures only the cleaned text still shows (not those of deleted tracked changes).
    media = sorted(n for n in _referenced(parts, kept) if _MEDIA.match(n) and n in parts)
    images, renamed, warnings = _keep_images(media, parts, drop_images)
    for part in list(kept):
        rels = _rels_path(part)
        if rels in parts:
            kept[rels] = _clean_rels(parts[rels], part, {**kept, **images}, renamed)
    kept["_rels/.rels"] = _package_rels()
    kept["[Content_Types].xml"] = _content_types(parts.get("[Content_Types].xml", b""),
                                                 {**kept, **images})
    kept["docProps/core.xml"] = b""
    kept["docProps/app.xml"] = b""
    kept = _drop_dangling_references(kept)
    # Stored, not deflated: ``finish`` writes every part again, deflated, in this order and
    # with its own fixed dates, so only the order and the parts' bytes reach the output.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as out:
        out.writestr("[Content_Types].xml", kept.pop("[Content_Types].xml"))
        for part in sorted(kept):
            out.writestr(part, kept[part])
    result = buffer.getvalue()
    if draft:
        result = mark_draft(result)
    result = finish(result, properties)
    # Pictures go in last, stored as they are: they are compressed already, and deflating a
    # 10 MiB photograph again would only cost time.
    buffer = io.BytesIO(result)
    with zipfile.ZipFile(buffer, "a") as out:
        for part in sorted(images):
            info = zipfile.ZipInfo(part, FIXED_TIME)
            info.external_attr = 0o644 << 16
            out.writestr(info, images[part], zipfile.ZIP_STORED)
    return Outcome(buffer.getvalue(), warnings)


def _referenced(parts: dict, kept: dict) -> set[str]:
    """Targets of the relationships the kept (cleaned) parts still use."""
    found: set[str] = set()
    for part, content in kept.items():
        rels = _rels_path(part)
        if rels not in parts:
            continue
        folder = posixpath.dirname(part)
        targets = {rel.get("Id"): posixpath.normpath(posixpath.join(folder, rel.get("Target", "")))
                   for rel in _parse(parts[rels]) if rel.get("TargetMode") != "External"}
        for element in _parse(content).iter():
            for attr, value in element.attrib.items():
                if (attr.startswith(f"{{{R_NS}}}") or attr == f"{VML_OFFICE}relid") and (
                        value in targets):
                    found.add(targets[value])
    return found


# ---------------------------------------------------------------- pictures

def _keep_images(media: list[str], parts: dict, drop_images: bool):
    """(new parts, old name -> new name, warnings). Each picture is decoded and its pixels
    written into a fresh PNG or JPEG: metadata, comments, thumbnails, colour profiles and
    anything appended cannot survive. Drawings and what cannot be decoded are dropped."""
    if drop_images or not media:
        return {}, {}, []
    images: dict[str, bytes] = {}
    renamed: dict[str, str] = {}
    dropped: Counter = Counter()
    for old in media:
        fresh, outcome = _reencode(old, parts[old])
        if fresh is None:
            dropped[outcome] += 1
            continue
        new = f"word/media/image{len(images) + 1}.{outcome}"
        renamed[old] = new
        images[new] = fresh
    warnings = []
    if images:
        warnings.append(f"{len(images)} image(s) kept in the report (re-encoded: nothing but "
                        "their pixels is kept): their pixels were not checked for names or "
                        "identifiers; look at them, or use --drop-images")
    for reason, count in sorted(dropped.items()):
        warnings.append(f"{count} image(s) dropped from the report: {reason}")
    return images, renamed, warnings


def _reencode(name: str, data: bytes) -> tuple[bytes | None, str]:
    """(fresh bytes, "png" or "jpeg"), or (None, why the picture was dropped)."""
    from PIL import Image, ImageOps, UnidentifiedImageError  # only when there are pictures

    kind = next((kind for magic, kind in _RASTER if data.startswith(magic)), None)
    if kind is None:
        extension = posixpath.splitext(name)[1].lower().lstrip(".")
        vector = (extension in _VECTOR_EXTENSIONS or data[40:44] == b" EMF"
                  or data[:4] in (b"\xd7\xcd\xc6\x9a", b"\x01\x00\x09\x00",
                                  b"\x02\x00\x09\x00")
                  or b"<svg" in data[:1024].lower())
        return None, VECTOR if vector else UNKNOWN
    try:
        with python_warnings.catch_warnings():
            python_warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[kind]) as image:
                width, height = image.size
                if width * height > MAX_PIXELS or width <= 0 or height <= 0:
                    return None, TOO_LARGE
                image.load()
                pixels = ImageOps.exif_transpose(image)  # photographs stay the right way up
                return _fresh(pixels, kind == "JPEG")
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return None, TOO_LARGE
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError, MemoryError,
            struct_error, IndexError, TypeError, KeyError, ZeroDivisionError):
        return None, UNREADABLE_IMAGE


def _fresh(image, photograph: bool) -> tuple[bytes, str]:
    """A new image holding only the pixels (``Image.frombytes``: no info, EXIF, ICC, text)."""
    from PIL import Image

    if photograph:
        image = image.convert("L" if image.mode in ("1", "L") else "RGB")
    elif image.mode not in ("1", "L", "LA", "RGB", "RGBA"):
        transparent = image.mode in ("PA", "RGBa", "La") or "transparency" in image.info
        image = image.convert("RGBA" if transparent or "A" in image.mode else "RGB")
    pixels = Image.frombytes(image.mode, image.size, image.tobytes())
    out = io.BytesIO()
    if photograph:
        pixels.save(out, "JPEG", quality=90)
        return out.getvalue(), "jpeg"
    pixels.save(out, "PNG")
    return out.getvalue(), "png"


# ---------------------------------------------------------------- XML cleaning

def _parse(content: bytes):
    return etree.fromstring(content, etree.XMLParser(resolve_entities=False, no_network=True,
                                                     remove_blank_text=False))


def _serialise(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _clean_text_part(content: bytes, redactor: Redactor) -> bytes:
    root = _parse(content)
    named = _named_births(root)  # before the controls and fields naming them are flattened
    _structural_clean(root)
    # The container (body, cell, note...) of the last paragraph with any text, when that
    # paragraph ended with a date-of-birth label: the next one in the same container is read
    # after it (never the next cell or row of a table, which have labels of their own).
    labelled = None
    # Whether each cell read as a label is one: a cell is read only once every paragraph in
    # it is redacted (it comes before the cells it labels), and no later one changes it.
    labels: dict = {}
    for paragraph in list(root.iter(f"{W}p")):
        parent = paragraph.getparent()
        label = _cell_label(paragraph, labels) or (
            _LABEL if parent is labelled or paragraph in named else "")
        joined = _redact_paragraph(paragraph, redactor, label)
        if joined.strip():
            labelled = parent if _ends_with_birth_label(joined) else None
    return _serialise(root)


# A patient-details table: "Date of birth" (or "Birthday", "D/O/B") in one cell, the date in
# the next, or in the cell under it (a table whose first row holds the labels); or a label
# that ends one paragraph and the date in the next ("Date of birth:" / "12 June 1939").
_BIRTH_LABEL = fixed(BIRTH_LABEL + r"\W*$")
_LABEL = "Date of birth: "
_ANY_BIRTH_LABEL = fixed(BIRTH_LABEL)
_SHORT_HEADING = 60
_REMOVAL_NOTE = fixed(r"\[[^\[\]]{0,60}\b(?:removed|redacted|withheld|omitted|deleted)\]")
# A label ending a paragraph: not a sentence ending in "born." ("D.O.B." keeps its dot).
_ENDING_LABEL = fixed(BIRTH_LABEL + r"[^\w.!?]*$")
_LABEL_TAIL = 120  # how much of a paragraph's end is read for a label ending it


_TRAILING = string.punctuation + string.whitespace


def _named_births(root) -> set:
    """Paragraphs holding the value of a date of birth named only by the document's structure,
    which cleaning drops: a content control titled or tagged so ("Date of birth", "PatientDOB"),
    a field merging one ("MERGEFIELD DOB", "DOCPROPERTY PatientDOB") or a form field named so.
    Their dates are read as after a label, so they go."""
    found = set()
    for control in root.iter(f"{W}sdt"):
        names = [el.get(f"{W}val") or "" for el in control.iterfind(f"{W}sdtPr/*")
                 if el.tag in (f"{W}alias", f"{W}tag")]
        if any(map(_names_a_birth, names)):
            found.update(control.iter(f"{W}p"))
            found.update(control.iterancestors(f"{W}p"))
    for el in root.iter(f"{W}instrText", f"{W}fldSimple", f"{W}ffData"):
        if el.tag == f"{W}ffData":
            name = el.find(f"{W}name")
            text = name.get(f"{W}val") if name is not None else ""
        else:
            text = el.text if el.tag == f"{W}instrText" else el.get(f"{W}instr")
        if text and _names_a_birth(text):
            found.update(el.iterancestors(f"{W}p"))
    return found


def _names_a_birth(name: str) -> bool:
    """A control's title or a field's name that is a birth label: a word 'dob', 'born' or one
    starting 'birth', camel case read apart ('PatientDOB', 'DateOfBirth'), or D.O.B."""
    words = [w.lower() for w in _NAME_WORDS.findall(name)]
    return any(w in ("dob", "born") or w.startswith("birth") for w in words) or "dob" in "".join(
        w if len(w) == 1 else " " for w in words)


_NAME_WORDS = fixed(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")


def _ends_with_birth_label(joined: str) -> bool:
    """Whether the paragraph ends with a date-of-birth label. Every label has a "b" among
    its last 20 letters and marks ("date of birth", "birthday", "D.O.B", "born"): an ASCII
    text without one is not read further."""
    if joined.isascii() and "b" not in joined.rstrip(_TRAILING)[-20:].lower():
        return False
    tail = joined[-_LABEL_TAIL:]
    found = _ENDING_LABEL.search(fold(tail))
    # a label cut off at the tail's start ('stub|born') is not one
    return found is not None and (found.start() > 0 or len(tail) == len(joined))


def _cell_label(paragraph, labels: dict | None = None) -> str:
    """What the cell before this paragraph's cell says, or the first row's cell above it,
    when it is a date-of-birth label: read as if written before the value ("Date of birth:
    14/02/1939"), so the date goes."""
    cell = paragraph.getparent()
    if cell is None or cell.tag != f"{W}tc":
        return ""
    previous = cell.getprevious()
    while previous is not None and previous.tag != f"{W}tc":
        previous = previous.getprevious()
    if previous is not None and (_is_birth_label(previous, labels) or _heads_births(previous)):
        return _LABEL
    return _LABEL if _under_birth_heading(cell, labels) else ""


def _is_birth_label(cell, labels: dict | None = None) -> bool:
    """Whether the cell's text ends with a date-of-birth label ("Date of birth", "D.O.B.:");
    ``labels`` keeps each cell's answer."""
    if labels is not None and cell in labels:
        return labels[cell]
    label = _cell_text(cell)
    found = bool(label) and bool(_BIRTH_LABEL.search(fold(label)))
    if labels is not None:
        labels[cell] = found
    return found


def _under_birth_heading(cell, labels: dict | None) -> bool:
    """Whether a cell in a row above ``cell``, in its grid column (spans counted), heads a
    column of dates of birth ("Date of birth", "Birth date", "DOB / age"): a header of one
    row or two, read once per table (``labels`` keeps each table's reading)."""
    row = cell.getparent()
    table = row.getparent() if row is not None else None
    if row is None or row.tag != f"{W}tr" or table is None or table.tag != f"{W}tbl":
        return False
    memo = labels if labels is not None else {}
    headings = memo.get(table)
    if headings is None:
        headings = memo[table] = _Headings(table)
    column = 0
    for sibling in row.iterchildren(f"{W}tc"):
        if sibling is cell:
            break
        column += _span(sibling)
    return bool(headings.above(row) & set(range(column, column + _span(cell))))


class _Headings:
    """The grid columns headed by a birth label in the rows above each row of a table, read
    row by row as the rows are reached (so a heading is read once it has been redacted)."""

    def __init__(self, table):
        self._rows = table.iterchildren(f"{W}tr")
        self._labelled: set[int] = set()
        self._above: dict = {}

    def above(self, row) -> frozenset[int]:
        while row not in self._above:
            current = next(self._rows, None)
            if current is None:
                return frozenset()
            self._above[current] = frozenset(self._labelled)
            column = 0
            for cell in current.iterchildren(f"{W}tc"):
                span = _span(cell)
                if _heads_births(cell):
                    self._labelled.update(range(column, column + span))
                column += span
        return self._above[row]


def _heads_births(cell) -> bool:
    """A heading ending with a birth label, or short and holding one anywhere; not a cell
    holding a note that its date of birth was taken out ("[date of birth removed]"): a date
    beside or below that is another."""
    text = fold(_cell_text(cell))
    if not text or any(_ANY_BIRTH_LABEL.search(note.group())
                       for note in _REMOVAL_NOTE.finditer(text)):
        return False
    return _BIRTH_LABEL.search(text) is not None or (
        len(text) <= _SHORT_HEADING and _ANY_BIRTH_LABEL.search(text) is not None)


def _cell_text(cell) -> str:
    """A cell's text, its paragraphs apart ("DOB" above "Age" is "DOB Age", not "DOBAge")."""
    return " ".join("".join(node.text or "" for node in paragraph.iter(f"{W}t"))
                    for paragraph in cell.iter(f"{W}p")).strip()


def _span(cell) -> int:
    span = cell.find(f"{W}tcPr/{W}gridSpan")
    try:
        return max(1, int(span.get(f"{W}val"))) if span is not None else 1
    except (TypeError, ValueError):
        return 1


def _clean_format_part(content: bytes) -> bytes:
    root = _parse(content)
    _structural_clean(root, attributes=False)
    if root.tag == f"{W}settings" and root.find(f"{W}removePersonalInformation") is None:
        # Word then keeps author names out of later saves. The schema orders it after these:
        leading = [child for child in root
                   if child.tag in (f"{W}writeProtection", f"{W}view", f"{W}zoom")]
        position = root.index(leading[-1]) + 1 if leading else 0
        root.insert(position, etree.Element(f"{W}removePersonalInformation"))
    # The personal attributes last (no other step reads, sets or orders them), and only when
    # the written part may hold one: every attribute is written ' name="' or ' prefix:name="'
    # (styles parts run to hundreds of kilobytes, and hardly ever hold one).
    cleaned = _serialise(root)
    if not _MAY_BE_PERSONAL.search(cleaned):
        return cleaned
    _drop_personal_attributes(root)
    return _serialise(root)


def _structural_clean(root, attributes: bool = True) -> None:
    """Accept tracked changes, flatten fields and links, drop comments, bookmarks, alt text
    (and, unless the caller does it, the personal attributes)."""
    for node in list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        _remove_keeping_tail(node)  # XML comments and processing instructions: not text
    for element in list(root.iter(*_DROP)):
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)
    for element in list(root.iter(f"{W}sdtContent")):
        _unwrap(element)
    for element in list(root.iter(f"{W}sdt")):
        _unwrap(element)
    for element in list(root.iter(f"{W}bdo")):
        _mark_override(element)
    for element in list(root.iter(*_UNWRAP)):
        _unwrap(element)
    if attributes:
        _drop_personal_attributes(root)
    for number, doc_pr in enumerate(root.iter(f"{WP}docPr", f"{PIC}cNvPr"), start=1):
        for attr in ("descr", "title"):
            doc_pr.attrib.pop(attr, None)
        doc_pr.set("name", f"Picture {number}")
    for shape in root.iter(f"{V}shape", f"{V}imagedata", f"{V}rect", f"{V}textbox"):
        for attr in ("alt", f"{VML_OFFICE}title", "title"):
            shape.attrib.pop(attr, None)


# Attributes dropped from every element, with revision ids (any rsid..., in any namespace).
# o:gfxdata: Word's base64 copy of a compatibility-mode shape, text box included.
_PERSONAL_ATTRIBUTES = frozenset((f"{W}author", f"{W}initials", f"{VML_OFFICE}title",
                                  f"{W}tooltip", f"{VML_OFFICE}gfxdata"))


# Where a serialised part may hold one of them (more often than it does: any prefix, any text).
_MAY_BE_PERSONAL = fixed(rb'[ :](?:rsid[^ ="]*|author|initials|tooltip|title|gfxdata)="')


def _drop_personal_attributes(root) -> None:
    """Revision ids and the attributes above, from every element: names read as strings
    ('{namespace}local'), the local name after the last '}'."""
    for element in root.iter(etree.Element):
        for attr in element.keys():  # noqa: SIM118 - names, not the children
            if attr in _PERSONAL_ATTRIBUTES or (
                    "rsid" in attr and attr[attr.rfind("}") + 1:].startswith("rsid")):
                del element.attrib[attr]


def _mark_override(bdo) -> None:
    """``w:bdo w:val="rtl"`` shows its letters in reverse order ('nosillE' reads 'Ellison'):
    before it is unwrapped, its text is put between a right-to-left override and its pop,
    which the redactor reads as shown and rewrites in the order shown."""
    if bdo.get(f"{W}val") != "rtl":
        return
    texts = list(bdo.iter(f"{W}t"))
    if texts:
        texts[0].text = "\u202e" + (texts[0].text or "")
        texts[-1].text = (texts[-1].text or "") + "\u202c"


def _unwrap(element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    index = parent.index(element)
    for child in reversed(list(element)):
        parent.insert(index, child)
    _keep_tail(element, parent, index)
    parent.remove(element)


def _remove_keeping_tail(node) -> None:
    """Remove a node; the text after it (even one space) stays where it was."""
    parent = node.getparent()
    if parent is None:
        return
    if node.tail:
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + node.tail
        else:
            parent.text = (parent.text or "") + node.tail
    parent.remove(node)


def _keep_tail(element, parent, index) -> None:
    if element.tail and element.tail.strip():
        previous = parent[index - 1] if index > 0 else None
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail


# Elements that stand for characters when a paragraph is read as Word shows it.
_TEXT_NODES = (f"{W}t", f"{M}t")
_FIXED = {f"{W}br": " ", f"{W}tab": " ", f"{W}cr": " ", f"{W}ptab": " ",
          f"{W}noBreakHyphen": "-", f"{W}softHyphen": ""}
# Those removed when a replaced name or number runs across them ("Smith-Jones").
_INLINE = (f"{W}noBreakHyphen", f"{W}softHyphen", f"{W}sym")


def _redact_paragraph(paragraph, redactor: Redactor, label: str = "") -> str:
    """Join the paragraph's own text across runs, redact it, and put it back run by run;
    returns the text as it was joined.

    Word's text (``w:t``) and maths (``m:t``) are joined with what non-breaking hyphens,
    symbols, tabs and breaks show, so a name is found however it is written. ``label`` is
    read as if it came first (a label in the table cell before, or ending the paragraph
    before), never written back."""
    segments = []  # (element, its text, whether it is a text node)
    for node in paragraph.iter(*_TEXT_NODES, f"{W}sym", *_FIXED):
        if _owning_paragraph(node) is not paragraph:
            continue  # a nested text box's paragraph is redacted on its own
        if node.tag in _TEXT_NODES:
            segments.append((node, node.text or "", True))
        elif node.tag == f"{W}sym":
            segments.append((node, _symbol(node.get(f"{W}char")), False))
        else:
            segments.append((node, _FIXED[node.tag], False))
    joined = "".join(text for _, text, _ in segments)
    spans = [replace(span, start=span.start - len(label), end=span.end - len(label))
             for span in redactor.spans(label + joined) if span.start >= len(label)]
    if not spans:
        return joined
    placed: set[int] = set()
    position = 0
    # The spans come in order of their starts. Those ended before a segment starts end
    # before every later one too: each segment reads from the first span not yet ended
    # (``first``) to the last that starts before the segment's end.
    starts = [span.start for span in spans]
    first = 0
    for node, text, is_text in segments:
        start, end = position, position + len(text)
        position = end
        while first < len(spans) and spans[first].end <= start:
            first += 1
        if not is_text:
            if node.tag in _INLINE and any(
                    span.end > start for span in spans[first:bisect_right(starts, start)]):
                node.getparent().remove(node)  # part of a replaced name
            continue
        pieces, cursor = [], start
        for number in range(first, bisect_left(starts, end)):
            span = spans[number]
            if span.end <= start or span.start >= end:
                continue
            if number not in placed:  # the replacement goes where the span's text begins
                pieces.append(joined[cursor:max(span.start, start)])
                pieces.append(span.replacement)
                placed.add(number)
            cursor = max(cursor, min(span.end, end))
        pieces.append(joined[cursor:end])
        node.text = "".join(pieces)
        if node.tag == f"{W}t":
            node.set(XML_SPACE, "preserve")
    return joined


def _symbol(code: str | None) -> str:
    """The character a ``w:sym`` shows, unless it is a private-use font glyph; a symbol
    font's letter (F041 to F07A, 'F045' an 'E') is read as its private-use character, which
    folding makes the letter."""
    try:
        value = int(code or "", 16)
    except ValueError:
        return ""
    if 0xF041 <= value <= 0xF07A:
        return chr(value)
    return chr(value) if 0x20 <= value < 0xD800 and not 0xE000 <= value <= 0xF8FF else ""


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
    for part, ctype in (("docProps/core.xml", "application/vnd.openxmlformats-package.core-"
                         "properties+xml"),
                        ("docProps/app.xml", "application/vnd.openxmlformats-officedocument."
                         "extended-properties+xml")):
        if f"/{part}" not in have:
            etree.SubElement(root, f"{{{CT_NS}}}Override", PartName=f"/{part}", ContentType=ctype)
    used = {posixpath.splitext(part)[1].lower().lstrip(".") for part in kept}
    for default in list(root.iter(f"{{{CT_NS}}}Default")):
        if default.get("Extension", "").lower() not in used | {"rels", "xml"}:
            root.remove(default)  # no part of that kind is left (a dropped GIF or EMF)
    defaults = {d.get("Extension", "").lower() for d in root.iter(f"{{{CT_NS}}}Default")}
    for ext, ctype in (("rels", "application/vnd.openxmlformats-package.relationships+xml"),
                       ("xml", "application/xml"), ("png", "image/png"), ("jpeg", "image/jpeg")):
        if ext not in defaults and (ext in used or ext in ("rels", "xml")):
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
                extension = _extension_of(element)
                drawing = _outermost_drawing(element)
                if extension is not None and extension.getparent() is not None:
                    # An SVG (or a picture effect) beside its PNG copy: only that copy stays.
                    extension.getparent().remove(extension)
                    changed = True
                elif drawing is not None and drawing.getparent() is not None:
                    drawing.getparent().remove(drawing)
                    changed = True
                elif element.getparent() is not None and element.tag != f"{W}sectPr":
                    for k in [k for k in element.attrib if k.startswith(f"{{{R_NS}}}")]:
                        del element.attrib[k]
                    changed = True
        if changed:
            kept[part] = _serialise(root)
    return kept


def _extension_of(element):
    """The DrawingML extension (``a:ext`` in ``a:extLst``) holding ``element``, if any."""
    for ancestor in element.iterancestors(f"{A}ext"):
        if ancestor.getparent() is not None and ancestor.getparent().tag == f"{A}extLst":
            return ancestor
    return None


def _outermost_drawing(element):
    node = element
    found = None
    while node is not None:
        if node.tag in (f"{W}drawing", f"{W}pict"):
            found = node
        node = node.getparent()
    return found


# ---------------------------------------------------------------- DRAFT marking

def mark_draft(data: bytes, line: str = DRAFT_LINE) -> bytes:
    """Mark any .docx DRAFT: ``line`` as the body's first paragraph (in bold, unless the first
    paragraph already starts with DRAFT) and at the top of every header. A first section
    without a header of its own (default; first-page and even-page ones when the document
    uses them) is given one holding only that line, so every page shows it."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        infos = package.infolist()
        parts = {info.filename: package.read(info) for info in infos}
    document = _parse(parts["word/document.xml"])
    body = document.find(f"{W}body")
    first = next(body.iter(f"{W}p"), None)
    if first is None or not "".join(t.text or "" for t in first.iter(f"{W}t")).startswith(
            "DRAFT"):
        _insert_draft_paragraph(body, line)
    rels_name = "word/_rels/document.xml.rels"
    rels = (_parse(parts[rels_name]) if rels_name in parts
            else etree.Element(f"{{{REL_NS}}}Relationships", nsmap={None: REL_NS}))
    for rel in rels:
        if rel.get("Type") == HEADER_REL and rel.get("TargetMode") != "External":
            target = rel.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join("word", target))
            if target in parts:
                header = _parse(parts[target])
                _insert_draft_paragraph(header, line)
                parts[target] = _serialise(header)
    section = _first_section(body)
    settings = parts.get("word/settings.xml", b"")
    wanted = ["default"]
    if section.find(f"{W}titlePg") is not None:
        wanted.append("first")
    if b"evenAndOddHeaders" in settings:
        wanted.append("even")
    have = {ref.get(f"{W}type", "default") for ref in section.findall(f"{W}headerReference")}
    missing = [kind for kind in wanted if kind not in have]
    new_infos = []
    if missing:
        name = next(f"word/header-draft{n or ''}.xml" for n in range(100)
                    if f"word/header-draft{n or ''}.xml" not in parts)
        ids = {rel.get("Id") for rel in rels}
        rel_id = next(f"rIdDraft{n}" for n in range(1, 1000) if f"rIdDraft{n}" not in ids)
        etree.SubElement(rels, f"{{{REL_NS}}}Relationship", Id=rel_id, Type=HEADER_REL,
                         Target=posixpath.basename(name))
        for kind in missing:
            reference = etree.SubElement(section, f"{W}headerReference")
            reference.set(f"{W}type", kind)
            reference.set(f"{{{R_NS}}}id", rel_id)
            section.insert(0, reference)  # references come first in a section's properties
        header = etree.Element(f"{W}hdr", nsmap={"w": W[1:-1], "r": R_NS})
        _insert_draft_paragraph(header, line)
        parts[name] = _serialise(header)
        types = _parse(parts["[Content_Types].xml"])
        etree.SubElement(types, f"{{{CT_NS}}}Override", PartName=f"/{name}",
                         ContentType=HEADER_CONTENT_TYPE)
        parts["[Content_Types].xml"] = _serialise(types)
        parts[rels_name] = _serialise(rels)
        new_infos += [zipfile.ZipInfo(added, date_time=(1980, 1, 1, 0, 0, 0)) for added in
                      (name, rels_name) if added not in {info.filename for info in infos}]
        for info in new_infos:
            info.compress_type = zipfile.ZIP_DEFLATED
    parts["word/document.xml"] = _serialise(document)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in [*infos, *new_infos]:
            target.writestr(info, parts[info.filename])
    return out.getvalue()


def _insert_draft_paragraph(parent, line: str) -> None:
    """A bold, dark red first paragraph (made inside ``parent`` so it uses its prefixes)."""
    paragraph = etree.SubElement(parent, f"{W}p")
    parent.insert(0, paragraph)
    run = etree.SubElement(paragraph, f"{W}r")
    properties = etree.SubElement(run, f"{W}rPr")
    etree.SubElement(properties, f"{W}b")
    etree.SubElement(properties, f"{W}color").set(f"{W}val", "C00000")
    etree.SubElement(run, f"{W}t").text = line


def _first_section(body):
    """The first section's properties (in its last paragraph, or the body's own)."""
    for section in body.iter(f"{W}sectPr"):
        if section.getparent().tag in (f"{W}pPr", f"{W}body"):
            return section
    return etree.SubElement(body, f"{W}sectPr")
