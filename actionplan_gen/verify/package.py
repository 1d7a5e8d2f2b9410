"""Every byte of a .docx: each zip entry, its name, and the zip comment.

XML is read as Word shows it (text joined per paragraph across runs, fields,
tracked changes, maths and symbols) and also as raw XML (every other text node,
every attribute, comments and processing instructions). Anything that is not
XML or a pixels-only PNG/JPEG is a finding: the verifier cannot vouch for it.
"""

from __future__ import annotations

import io
import struct
import zipfile

from lxml import etree

from actionplan_gen.regexes import fixed
from actionplan_gen.verify import labelled
from actionplan_gen.verify.images import image_problem, is_image
from actionplan_gen.verify.scan import Scanner

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
GFXDATA = "{urn:schemas-microsoft-com:office:office}gfxdata"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

UNREADABLE = "unreadable part"
DOCTYPE = "XML with a DOCTYPE"
NESTED_ZIP = "nested zip"
BINARY = "binary part"
SHAPE_COPY = "compatibility copy of a shape"
HIDDEN_BYTES = "bytes outside the zip's entries"
ZIP_EXTRA = "zip extra field the verifier cannot vouch for"
# Extra fields that hold only numbers: ZIP64 sizes, NTFS and Unix times, Unix ids.
_NUMERIC_EXTRAS = {0x0001, 0x000A, 0x5455, 0x7875, 0x000D}
_NAMESPACE = fixed(rb"""xmlns(?::([^\s=]+))?\s*=\s*(?:"([^"]*)"|'([^']*)')""")

_TEXT = {W + "t", W + "delText", W + "instrText", W + "delInstrText", M + "t"}
_FIXED = {W + "noBreakHyphen": "-", W + "softHyphen": "", W + "tab": "\t", W + "ptab": "\t",
          W + "br": "\n", W + "cr": "\n"}
_CONTRIBUTING = (*_TEXT, W + "sym", *_FIXED)
# Hex numbers Word writes (colours, font signatures, revision and paragraph ids),
# by (element or "*", attribute) and exact length: no name or number fits them.
_HEX_NUMBERS = {
    ("*", "color"): 6, ("*", "fill"): 6, ("color", "val"): 6, ("srgbClr", "val"): 6,
    ("sysClr", "lastClr"): 6, ("panose1", "val"): 20, ("*", "paraId"): 8, ("*", "textId"): 8,
    ("*", "durableId"): 8, **{("sig", name): 8 for name in ("usb0", "usb1", "usb2", "usb3",
                                                            "csb0", "csb1")},
}
_HEX = fixed(r"[0-9A-Fa-f]+")
_HEX_SIZES = {8, *_HEX_NUMBERS.values()}  # rsid* values are 8 long
_XML_START = fixed(rb"^(?:\xef\xbb\xbf|\xff\xfe|\xfe\xff)?\s*<")

# For _quiet_raw: encodings whose bytes are the text's UTF-8, tag names, every attribute
# value, and every text node that is not a paragraph's text (those are read as paragraphs).
_UTF8 = {"UTF-8", "UTF8", "US-ASCII", "ASCII"}
_PLAIN_START = fixed(rb"(?:\xef\xbb\xbf)?[ \t\r\n]*<")
_TAG_NAME = fixed(rb"<([^\s/>]+)")
_TEXT_AFTER_TAG = fixed(rb">[ \t\r\n]*[^\s<]")  # a text node not only of spaces
# For _quiet_without_tree, in bytes where every "<" starts a tag and every ">" ends one:
# start tags, any tag, an attribute's value, and the declared encoding.
_START_TAG = fixed(rb"<[^\s/>][^>]*>")
_ANY_TAG = fixed(rb"<[^>]*>")
_ATTRIBUTE = fixed(rb"""=\s*(?:"([^"]*)"|'([^']*)')""")  # in a tag, after its name
_VALUE_SPACES = bytes.maketrans(b"\t\n", b"  ")
# A whole attribute name (after a space, so not cut by the window) and "=", ending where
# its value starts.
_NAMED = fixed(rb"(?<=[ \t\n])([^\s=<>\"']+)[ \t\n]*=[ \t\n]*\Z")
_DECLARATION = fixed(  # the XML declaration, and the encoding it names
    rb"""(?:\xef\xbb\xbf)?<\?xml[ \t\n](?:[^>]*?\sencoding\s*=\s*["']([^"']*)["'])?[^>]*>""")
_UTF8_BYTES = {e.encode() for e in _UTF8}
# Each value once (EXSLT's set:distinct keeps the first node of each string value).
_ATTRIBUTE_VALUES = etree.XPath("set:distinct(//@*)", namespaces={"set": "http://exslt.org/sets"},
                                smart_strings=False)
_OUTSIDE_TEXT = etree.XPath(
    "//text()[normalize-space()][not((" + " or ".join(f"parent::t{n}:{tag.partition('}')[2]}"
                                   for n, tag in enumerate(sorted(_TEXT)))
    + ") and ancestor::w:p)]",
    namespaces={"w": W[1:-1], **{f"t{n}": tag[1:].partition("}")[0]
                                 for n, tag in enumerate(sorted(_TEXT))}},
    smart_strings=False)

_HAS_NESTED = etree.XPath("boolean(//w:p//w:p)", namespaces={"w": W[1:-1]})  # text boxes

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                          dtd_validation=False, huge_tree=False, remove_comments=False,
                          remove_pis=False)


class _NoTree:
    """A parser target that builds nothing: the parser only checks the XML."""

    def close(self) -> None:
        return None


_CHECKER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, remove_comments=False,
                           remove_pis=False, target=_NoTree())


def scan_package(data: bytes, scanner: Scanner) -> None:
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        scanner.add("(package)", UNREADABLE, where="not a zip file")
        return
    with package:
        if package.comment:
            scanner.text("(zip comment)", package.comment.decode("utf-8", "replace"))
        _scan_layout(data, package, scanner)
        for entry in package.infolist():
            scanner.value(entry.filename, entry.filename)
            if entry.comment:
                scanner.text(entry.filename, entry.comment.decode("utf-8", "replace"))
            _scan_extra(entry.filename, entry.extra, scanner)
            if entry.is_dir():
                continue
            try:
                content = package.read(entry)
            except Exception as error:  # noqa: BLE001 - any failure to read is a finding
                scanner.add(entry.filename, UNREADABLE, where=type(error).__name__)
                continue
            _scan_part(entry.filename, content, scanner)


def _scan_layout(data: bytes, package: zipfile.ZipFile, scanner: Scanner) -> None:
    """Every byte belongs to an entry, the central directory or the end record: bytes
    before, between or after them (a hidden entry, a trailer) are read by other tools."""
    covered, at = [], 0
    for entry in sorted(package.infolist(), key=lambda e: e.header_offset):
        start = entry.header_offset
        header = data[start:start + 30]
        if len(header) < 30 or header[:4] != b"PK\x03\x04":
            scanner.add(entry.filename, UNREADABLE, where="no local header")
            return
        name_size, extra_size = struct.unpack("<HH", header[26:30])
        local = data[start + 30:start + 30 + name_size + extra_size]
        if local[:name_size] != entry.orig_filename.encode(
                "utf-8" if entry.flag_bits & 0x800 else "cp437", "replace"):
            scanner.value(entry.filename, local[:name_size].decode("utf-8", "replace"))
        _scan_extra(entry.filename, local[name_size:], scanner)
        end = start + 30 + name_size + extra_size + entry.compress_size
        if entry.flag_bits & 0x08:  # a data descriptor follows the data
            end += 16 if data[end:end + 4] == b"PK\x07\x08" else 12
        covered.append((start, end))
    directory = package.start_dir
    ends = data.rfind(b"PK\x05\x06")
    comment_size = struct.unpack("<H", data[ends + 20:ends + 22])[0] if ends >= 0 else 0
    covered.append((directory, ends + 22 + comment_size if ends >= 0 else len(data)))
    for start, end in sorted(covered):
        if start > at:
            scanner.add("(package)", HIDDEN_BYTES, where=f"{start - at} bytes at offset {at}")
        at = max(at, end)
    if at < len(data):
        scanner.add("(package)", HIDDEN_BYTES, where=f"{len(data) - at} bytes at the end")


def _scan_extra(name: str, extra: bytes, scanner: Scanner) -> None:
    at = 0
    while at + 4 <= len(extra):
        kind, size = struct.unpack("<HH", extra[at:at + 4])
        if kind not in _NUMERIC_EXTRAS:
            scanner.add(name, ZIP_EXTRA, where=f"0x{kind:04X}")
            scanner.text(name, extra[at + 4:at + 4 + size].decode("utf-8", "replace"))
        at += 4 + size
    if at != len(extra):
        scanner.add(name, ZIP_EXTRA, where="truncated")


def _scan_part(name: str, content: bytes, scanner: Scanner) -> None:
    if content.startswith(b"PK\x03\x04"):
        scanner.add(name, NESTED_ZIP)
    elif is_image(name, content):
        problem = image_problem(content)
        if problem:
            scanner.add(name, problem[0], where=problem[1])
    elif name.endswith((".xml", ".rels", ".vml")) or _XML_START.match(content):
        _scan_xml(name, content, scanner)
    elif content:
        scanner.add(name, BINARY)


def _scan_xml(name: str, content: bytes, scanner: Scanner) -> None:
    """A part whose exact bytes were read before, under the same registry, with nothing
    found in them is not read again: what is found depends only on the bytes and the
    registry (never on the part's name or what else the document holds)."""
    memo = scanner.memo
    if content in memo.quiet_parts:
        return
    noticed = scanner.noticed
    if labelled.may_hold(content):
        _scan_labelled(name, content, scanner)
    if _quiet_without_tree(content, scanner):
        _scan_namespaces(name, content, scanner)  # all _read_xml could find there
    else:
        _read_xml(name, content, scanner)
    if scanner.noticed == noticed:
        memo.quiet_parts.add(content)
        memo.size += len(content)


def _scan_labelled(name: str, content: bytes, scanner: Scanner) -> None:
    """Dates of birth labelled by the part's structure (``labelled``); a part the parser
    refuses is reported by the other readings."""
    try:
        root = etree.fromstring(content, _PARSER)
    except etree.XMLSyntaxError:
        return
    numbers = None
    for el in dict.fromkeys(labelled.labelled_dates(root)):
        owner = next(el.iterancestors(W + "p"), None) if el.tag != W + "p" else el
        if owner is not None and numbers is None:
            numbers = {p: n for n, p in enumerate(root.iter(W + "p"), 1)}
        scanner.add(name, labelled.BIRTH, numbers.get(owner) if owner is not None else None,
                    labelled.CONTEXT)


def _read_xml(name: str, content: bytes, scanner: Scanner) -> None:
    try:
        root = etree.fromstring(content, _PARSER)
    except etree.XMLSyntaxError as error:
        scanner.add(name, UNREADABLE, where=f"XML error at line {error.lineno}")
        return
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
        scanner.add(name, DOCTYPE)
    part = _Part(name, root)
    _scan_namespaces(name, content, scanner)
    if b"&" in content or b"\0" in content or (info.encoding or "UTF-8").upper() not in _UTF8:
        _scan_declarations(name, root, scanner)
    for node in _prolog_and_epilog(root):
        scanner.text(name, node.text or "")
        if isinstance(node, etree._ProcessingInstruction):  # <?Ellison ...?> names itself
            scanner.value(name, node.target)
    if not _quiet_raw(root, content, info, scanner):
        part.scan_raw(scanner)
    scanner.paragraphs(name, part.paragraphs())
    scanner.births_below(name, part.below_birth_labels())
    for number, text in part.branches():
        scanner.text(name, text, number)


def _scan_namespaces(name: str, content: bytes, scanner: Scanner) -> None:
    for match in _NAMESPACE.finditer(content):  # prefixes and URIs are no attribute
        for declared in match.groups():
            if declared:
                scanner.value(name, declared.decode("utf-8", "replace"))


def _scan_declarations(name: str, root, scanner: Scanner) -> None:
    """Every namespace prefix and URI as the parser read it, for a part whose bytes do not
    show them as written (a character reference such as ``&#69;`` in a URI, UTF-16)."""
    for prefix, uri in set(root.xpath("//namespace::*")):
        scanner.value(name, prefix or "")
        scanner.value(name, uri)


def _quiet_without_tree(content: bytes, scanner: Scanner) -> bool:
    """True only for a part in which _read_xml would find nothing but in its namespace
    declarations, proved without building the tree (the most of reading a large part):
    well-formed XML (libxml2 reads it, building nothing) in UTF-8 whose bytes hold no
    reference ("&"), no "<!" (DTD, comment or CDATA), no processing instruction, no
    carriage return, no ">" but those ending tags (as many as "<") and no element named p
    (so no paragraph, and so no text run, in it). In such bytes every tag is "<...>",
    attribute values are as written but that a tab or line break in one is a space, and
    text nodes are what lies between tags:
    every name, value and text _Part.scan_raw would read is read here, and has no finding.
    The parser that builds nothing finds every error the tree's parser finds but those of
    xml:id (checked as the tree is built): bytes that could hold one are left to _read_xml,
    as is anything else, and _read_xml reads the part as before."""
    if (b"&" in content or b"<!" in content or b"\r" in content or b"\0" in content
            or b"gfxdata" in content or not _PLAIN_START.match(content)
            or content.count(b"<") != content.count(b">")
            or b"xml:id" in content or b"www.w3.org/XML/1998" in content):  # ids: see below
        return False
    declaration = _DECLARATION.match(content)  # the only "<?" allowed
    if content.find(b"<?", declaration.end() if declaration else 0) >= 0 or (
            declaration and declaration.group(1) and declaration.group(1).upper() not in
            _UTF8_BYTES):
        return False
    try:
        return _quiet_tags_and_texts(content, scanner)
    except Exception:  # noqa: BLE001 - anything unforeseen: read the part as before
        return False


def _quiet_tags_and_texts(content: bytes, scanner: Scanner) -> bool:
    names = _names_in(content)
    if names is None or any(n.rpartition(":")[2] == "p" for n in names):
        return False
    etree.fromstring(content, _CHECKER)  # raises on XML that is not well formed
    if len(_CHECKER.error_log):  # a namespace error: the tree's parser refuses it
        return False
    quiet_value, quiet_text = scanner.quiet_value, scanner.quiet_text
    if not all(map(quiet_value, {f for n in names for f in _name_forms(n)})):
        return False
    tags = b"\n".join(set(_START_TAG.findall(content)))
    suspects = []
    for double, single in set(_ATTRIBUTE.findall(tags)):
        value = (double or single).translate(_VALUE_SPACES).decode("utf-8")
        if not quiet_value(value):
            suspects.append(value)
    if suspects and not _only_hex_in_bytes(content, suspects):
        return False
    return not _TEXT_AFTER_TAG.search(content) or all(
        quiet_text(piece.decode("utf-8")) for piece in set(_ANY_TAG.split(content))
        if not piece.isspace())


def _names_in(content: bytes) -> set[str] | None:
    """Every element and attribute name written in the bytes (and more): names hold no
    "=", so each is inside one piece between two "=" signs, an attribute's name at the end
    of the piece before its "="; repeated pieces are read once. None if not UTF-8."""
    pieces = content.split(b"=")
    last = pieces.pop()
    unique = set(pieces)
    names = set(_TAG_NAME.findall(b"\n".join(unique) + b"\n" + last))
    for piece in unique:
        words = piece.rsplit(None, 1)
        if words:
            names.add(words[-1])
    try:
        return {raw.decode("utf-8") for raw in names}
    except UnicodeDecodeError:
        return None


def _only_hex_in_bytes(content: bytes, values: list[str]) -> bool:
    """_only_hex_numbers for bytes as _quiet_without_tree reads them: every attribute
    holding a value is written 'name="value"' or "name='value'" (spaces allowed around the
    "="), inside its element's tag (which is after the last "<"). Each place the quoted
    value is written must show a whole name before it (within a window) that makes it a
    hex number; any other place, even one in text, sends the part the long way."""
    for value in values:
        if len(value) not in _HEX_SIZES or not _HEX.fullmatch(value):
            return False
        raw = value.encode("ascii")
        for quoted in (b'"' + raw + b'"', b"'" + raw + b"'"):
            at = content.find(quoted)
            while at >= 0:
                named = _NAMED.search(content, max(0, at - 120), at)
                tag = _TAG_NAME.match(content, content.rfind(b"<", 0, at))
                if not named or not tag or not _hex_number(
                        tag.group(1).decode().rpartition(":")[2],
                        named.group(1).decode().rpartition(":")[2], value):
                    return False
                at = content.find(quoted, at + 1)
    return True


def _quiet_raw(root, content: bytes, info, scanner: Scanner) -> bool:
    """True only where ``_Part.scan_raw`` would find nothing, proved more cheaply than by
    walking every element in Python: every string scan_raw would read is among the strings
    read here (a superset: every element and attribute name in the bytes, in every form
    lxml could give it; every attribute value; every text node outside a paragraph's
    text; comments and processing instructions), and none has a finding. A part this cannot
    see as the parser saw it (not UTF-8, a DTD, CDATA, a shape's copy) is left to scan_raw,
    as is one where anything has a finding, so that findings come in reading order."""
    if not _readable_quickly(content, info):
        return False
    names = _names_in(content)
    if names is None:
        return False
    local = {form for name in names for form in _name_forms(name)}
    quiet_value, quiet_text = scanner.quiet_value, scanner.quiet_text
    if not all(map(quiet_value, local)):
        return False
    # Every comment's bytes start "<!--" and every processing instruction's "<?" (after the
    # XML declaration, if there is one: a root as short as "<a>" may be followed by one at
    # the fourth byte); every text node follows a ">".
    declaration = _DECLARATION.match(content)
    if b"<!--" in content or content.find(b"<?", declaration.end() if declaration else 0) >= 0:
        for node in root.iter(etree.Comment, etree.ProcessingInstruction, etree.Entity):
            if isinstance(node, etree._Entity) or not quiet_text(node.text or ""):
                return False
            if isinstance(node, etree._ProcessingInstruction) and not quiet_value(node.target):
                return False
    if _TEXT_AFTER_TAG.search(content) and not all(map(quiet_text, _OUTSIDE_TEXT(root))):
        return False
    suspects = [value for value in _ATTRIBUTE_VALUES(root) if not quiet_value(value)]
    return not suspects or _only_hex_numbers(root, suspects)


def _readable_quickly(content: bytes, info) -> bool:
    """Whether the part's bytes are its text's UTF-8 and hold no DTD (so no entity), no
    CDATA and no shape's copy: what _quiet_raw reads from the bytes is then what lxml read."""
    return not (info.doctype or info.internalDTD is not None or info.externalDTD is not None
                or (info.encoding or "").upper() not in _UTF8 or b"\0" in content
                or not _PLAIN_START.match(content) or b"<![CDATA[" in content
                or b"gfxdata" in content)


def _only_hex_numbers(root, values: list[str]) -> bool:
    """Whether every attribute holding one of ``values`` is a hex number scan_raw does not
    read (a colour, a font's panose or signature, a revision or paragraph id)."""
    if len(values) > 64 or not all(len(v) in _HEX_SIZES and _HEX.fullmatch(v) for v in values):
        return False
    names = [f"v{n}" for n in range(len(values))]
    query = "//@*[" + " or ".join(f". = ${name}" for name in names) + "]"
    for found in root.xpath(query, **dict(zip(names, values, strict=True))):
        attribute = found.attrname
        if attribute == GFXDATA or not _hex_number(
                found.getparent().tag.rpartition("}")[2], attribute.rpartition("}")[2], found):
            return False
    return True


def _name_forms(qualified: str) -> list[str]:
    """A name as written ("w:val") and as lxml's local name could be ("val")."""
    forms = [qualified]
    at = qualified.find(":")
    while at >= 0:
        forms.append(qualified[at + 1:])
        at = qualified.find(":", at + 1)
    return forms


def _prolog_and_epilog(root) -> list:
    nodes = []
    for step in (lambda n: n.getprevious(), lambda n: n.getnext()):
        node = step(root)
        while node is not None:
            nodes.append(node)
            node = step(node)
    return nodes


class _Part:
    """One XML part read twice: as Word shows it (paragraphs) and as raw XML."""

    def __init__(self, name: str, root):
        self.name = name
        self.root = root
        self.numbers = {p: n for n, p in enumerate(root.iter(W + "p"), 1)}
        # Looked for once in the part, then in a paragraph only where the part has any.
        self._overrides = next(root.iter(W + "bdo"), None) is not None
        self._nested = _HAS_NESTED(root)
        self._texts: dict = {}  # each paragraph's text, once ``paragraphs`` has read them

    def paragraph_of(self, el) -> int | None:
        while el is not None and el not in self.numbers:
            el = el.getparent()
        return None if el is None else self.numbers[el]

    def paragraphs(self) -> list[tuple[int, str, str]]:
        """(number, joined text, the next table cell's text) in document order."""
        if not self.numbers:
            return []
        texts = self._texts = {p: self._joined(p) for p in self.numbers}
        tails: dict = {}
        for row in self.root.iter(W + "tr"):
            cells = [list(tc.iter(W + "p")) for tc in row.iterchildren(W + "tc")]
            for cell, following in zip(cells, cells[1:], strict=False):
                if cell and following:
                    tails[cell[-1]] = " ".join(texts[p] for p in following)
        return [(n, texts[p], tails.get(p, "")) for p, n in self.numbers.items()]

    def below_birth_labels(self) -> list[tuple[int, str]]:
        """(number, text) of each paragraph with text in the table cells a cell heading births
        (``labelled.heads_births``) labels: those below it in its column ("Patient | Date of birth |
        Ward" over "Mrs A | 12/06/1939 | 7"; a header of two rows and merged cells included)
        and the cell after it in its row. A cell is read whole: a heading or a value may be
        any of its paragraphs ("Patient" / "DOB" over "Mrs A" / "12/06/1939"). Read after
        ``paragraphs``."""
        texts = self._texts
        if not any(map(labelled.heads_births, texts.values())):
            return []
        out = []
        for table in self.root.iter(W + "tbl"):
            headed: set[int] = set()  # grid columns under a birth label
            for row in _own(table, W + "tr"):
                column, after_label = 0, False
                for cell in _own(row, W + "tc"):
                    span = _grid_span(cell)
                    written = [p for p in _own(cell, W + "p") if p in texts and texts[p].strip()]
                    if after_label or headed.intersection(range(column, column + span)):
                        out += [(self.numbers[p], texts[p]) for p in written]
                    heads = labelled.heads_births(" ".join(texts[p] for p in written)) or any(
                        labelled.heads_births(texts[p]) for p in written)
                    if heads:
                        headed.update(range(column, column + span))
                    # The next cell is read with a label's last paragraph (Scanner.paragraphs'
                    # tail); here only where the label is not that paragraph ("DOB" / "Age").
                    after_label = heads and not labelled.heads_births(texts[written[-1]])
                    column += span
        return out

    def branches(self) -> list[tuple[int, str]]:
        """(number, text) of each paragraph holding text in mc:AlternateContent, as each
        reader shows it: with every mc:Choice and no mc:Fallback, and the other way round (a
        name split between the two is whole in neither the joined text nor either branch
        alone, but in what a reader shows). Only texts other than the joined one."""
        out = []
        owners = {}
        for alternate in self.root.iter(MC + "AlternateContent"):
            owner = next(alternate.iterancestors(W + "p"), None)
            if owner is not None:
                owners[owner] = None
        for paragraph in owners:
            joined = self._joined(paragraph)
            for leave_out in (MC + "Fallback", MC + "Choice"):
                text = self._joined(paragraph, leave_out)
                if text != joined:
                    out.append((self.numbers[paragraph], text))
        return out

    def _joined(self, paragraph, leave_out: str | None = None) -> str:
        out = []
        if self._overrides and paragraph.find(".//" + W + "bdo") is not None:
            out.append("\u202e")  # an override shows its letters in reverse order
        nested = self._nested and next(paragraph.iterdescendants(W + "p"), None) is not None
        for el in paragraph.iter(*_CONTRIBUTING):
            if nested and next(el.iterancestors(W + "p")) is not paragraph:
                continue  # a text box's paragraph: read as its own
            if leave_out is not None and _within(el, leave_out, paragraph):
                continue
            tag = el.tag
            if tag in _TEXT:
                out.append(el.text or "")
                if len(el):
                    out.extend(child.tail or "" for child in el)
            elif tag == W + "sym":
                out.append(_symbol(el.get(W + "char")))
            elif tag in _FIXED:
                out.append(_FIXED[tag])
        return "".join(out)

    def scan_raw(self, scanner: Scanner) -> None:
        """Every attribute value, element name, and text not already in a paragraph."""
        name = self.name
        local_names: dict[str, str] = {}
        quiet: set[str] = set()  # values read in this part without a finding
        for el in self.root.iter():
            tag = el.tag
            if not isinstance(tag, str):  # comment, processing instruction, entity
                scanner.text(name, el.text or "", _Locator(self, el))
                if isinstance(el, etree._ProcessingInstruction):
                    scanner.value(name, el.target, _Locator(self, el))
            else:
                element = local_names.get(tag)
                if element is None:
                    element = local_names[tag] = tag.rpartition("}")[2]
                    scanner.value(name, element, _Locator(self, el))
                for attribute, value in el.items():
                    local = local_names.get(attribute)
                    if local is None:
                        local = local_names[attribute] = attribute.rpartition("}")[2]
                        scanner.value(name, local, _Locator(self, el))
                    if attribute == GFXDATA:
                        scanner.add(name, SHAPE_COPY, self.paragraph_of(el))
                    elif value not in quiet and not _hex_number(element, local, value):
                        if scanner.leak(value) is None:
                            quiet.add(value)
                        else:
                            scanner.value(name, value, _Locator(self, el))
                if el.text and not (tag in _TEXT and self._in_paragraph(el)):
                    scanner.text(name, el.text, _Locator(self, el))
            if el.tail:
                parent = el.getparent()
                if not (parent is not None and parent.tag in _TEXT
                        and self._in_paragraph(parent)):
                    scanner.text(name, el.tail, _Locator(self, el))

    @staticmethod
    def _in_paragraph(el) -> bool:
        return next(el.iterancestors(W + "p"), None) is not None


class _Locator:
    """The paragraph number of an element, worked out only when something is found there."""

    __slots__ = ("part", "el")

    def __init__(self, part: _Part, el):
        self.part, self.el = part, el

    def __call__(self) -> int | None:
        return self.part.paragraph_of(self.el)


def _own(parent, tag: str):
    """Elements ``tag`` inside ``parent`` (a table's rows, a row's cells), wrapped in a
    content control or not, but not those of a table nested inside."""
    for el in parent.iter(tag):
        if next(el.iterancestors(parent.tag), None) is parent:
            yield el


def _grid_span(cell) -> int:
    span = cell.find(f"{W}tcPr/{W}gridSpan")
    try:
        return max(1, min(64, int(span.get(W + "val")))) if span is not None else 1
    except (TypeError, ValueError):
        return 1


def _within(el, tag: str, paragraph) -> bool:
    """Whether ``el`` is inside an element ``tag`` inside ``paragraph``."""
    for ancestor in el.iterancestors():
        if ancestor is paragraph:
            return False
        if ancestor.tag == tag:
            return True
    return False


def _hex_number(element: str, attribute: str, value: str) -> bool:
    """A hex number Word writes there, that is not ASCII letters written in hex (a name in a
    paragraph id: "4B68616E" is "Khan"; such a value is read as any other)."""
    if attribute.startswith("rsid"):
        return len(value) == 8 and bool(_HEX.fullmatch(value)) and not _letters_in_hex(value)
    size = _HEX_NUMBERS.get((element, attribute)) or _HEX_NUMBERS.get(("*", attribute))
    return size == len(value) and bool(_HEX.fullmatch(value)) and not _letters_in_hex(value)


def _letters_in_hex(value: str) -> bool:
    """Whether every byte of ``value`` (hex) is an ASCII letter, a space, an apostrophe or a
    hyphen."""
    return _LETTER_BYTES.fullmatch(value) is not None


# 41-5A and 61-7A (letters), 20 (space), 27 (apostrophe), 2D (hyphen), in either case.
_LETTER_BYTES = fixed(r"(?:[46][1-9A-Fa-f]|[57][0-9Aa]|2[07Dd])+")


def _symbol(code: str | None) -> str:
    """w:sym's character when it is an ordinary one, not a private-use font glyph."""
    try:
        value = int(code or "", 16)
    except ValueError:
        return ""
    if 0xF020 <= value <= 0xF0FF:  # a symbol font's code: Word shows character value - F000
        value -= 0xF000
    return chr(value) if 0x20 <= value < 0xD800 and not 0xE000 <= value <= 0xF8FF else ""
