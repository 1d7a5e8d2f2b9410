"""The leak scan: reopen the bytes that were written and look everywhere.

Every part of the package is read: XML text joined per paragraph (so a name
split across runs is found), every text node, every attribute value, part
names and the zip comment; binary parts are decoded several ways and nested
packages opened. Findings name the part and the kind of identifier, never the
value. A part that cannot be read is itself a finding: the scan fails closed.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from lxml import etree

from actionplan_gen.redact.redactor import Redactor
from actionplan_gen.ooxml import W

_TEXT_TAGS = (f"{W}t", f"{W}delText", f"{W}instrText", f"{W}delInstrText")
_BREAKS = (f"{W}br", f"{W}tab", f"{W}cr")
MAX_DEPTH = 3
# Colours, ids and measurements ("F5F8EE", "00A1B2C3", "1440"): never personal, and a hex
# colour can look like a postcode. Ten digits or more (an NHS number, a telephone number
# written without spaces) are read like any other value.
_MACHINE_VALUE = re.compile(r"^(?!\d{10})(?:[0-9A-Fa-f]+|-?\d+(?:\.\d+)?(?:pt|cm|mm|in|%)?)$")


@dataclass(frozen=True)
class Finding:
    part: str
    kind: str
    where: str

    def __str__(self) -> str:
        return f"{self.part}: a {self.kind} survives in {self.where}"


def scan_docx(data: bytes, redactor: Redactor, _prefix: str = "", _depth: int = 0) -> list[Finding]:
    """Everything personal found in a .docx (or any zip package) given as bytes."""
    findings: list[Finding] = []
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return [Finding(_prefix or "(the document)", "unreadable package", "the file itself")]
    with package:
        if package.comment:
            findings += _text_findings(package.comment.decode("latin-1"), redactor,
                                       _prefix + "(zip comment)", "the zip comment")
        for info in package.infolist():
            part = _prefix + info.filename
            findings += _text_findings(info.filename, redactor, part, "the part's name")
            try:
                content = package.read(info)
            except Exception:  # noqa: BLE001 - any failure to read is a finding
                findings.append(Finding(part, "unreadable part", "the package"))
                continue
            findings += _scan_part(part, content, redactor, _depth)
    return findings


def _scan_part(part: str, content: bytes, redactor: Redactor, depth: int) -> list[Finding]:
    if content[:2] == b"PK" and depth < MAX_DEPTH:
        return scan_docx(content, redactor, part + "/", depth + 1)
    if _looks_like_xml(part, content):
        try:
            root = etree.fromstring(content, etree.XMLParser(
                resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False))
        except etree.XMLSyntaxError:
            return [Finding(part, "unparseable part", "the part's XML")]
        return _scan_xml(part, root, redactor)
    findings: list[Finding] = []
    for encoding in ("utf-8", "utf-16-le", "utf-16-be", "latin-1"):
        decoded = content.decode(encoding, errors="ignore")
        findings += _text_findings(decoded, redactor, part, f"binary data ({encoding})",
                                   binary=True)
    return _unique(findings)


def _scan_xml(part: str, root, redactor: Redactor) -> list[Finding]:
    if _nothing_in(root, redactor):
        return []
    return _scan_xml_fully(part, root, redactor)


# Every text node (an element's text or tail), and every attribute value, of a tree: as
# strings, without making an object of each element (a document has thousands).
_ALL_TEXTS = etree.XPath(".//text()", smart_strings=False)
_ALL_ATTRIBUTES = etree.XPath(".//@*", smart_strings=False)


def _nothing_in(root, redactor: Redactor) -> bool:
    """Whether ``_scan_xml_fully`` would find nothing, read quickly: each distinct value
    among those ``_read_values`` lists, which are every value the full scan reads and more
    (the text nodes it reads with their paragraph only), so nothing found here means nothing
    found there. When anything is found, the full scan says what and where, in its order."""
    paragraphs, texts, attributes = _read_values(root)
    return not (any(_kinds(text, redactor, False) for text in paragraphs)
                or any(text.strip() and _kinds(text, redactor, False) for text in texts)
                or any(not _MACHINE_VALUE.match(value) and _kinds(value, redactor, False)
                       for value in attributes))


def _read_values(root) -> tuple[list[str], set[str], set[str]]:
    """Each paragraph's text joined as ``_scan_xml_fully`` joins it; every text node (an
    element's text or tail) with the text of every comment, processing instruction and
    entity; and every attribute value with their (pseudo-)attributes."""
    paragraphs = [_joined(paragraph) for paragraph in root.iter(f"{W}p")]
    texts = set(_ALL_TEXTS(root))
    attributes = set(_ALL_ATTRIBUTES(root))
    for node in root.iter(etree.Comment, etree.ProcessingInstruction, etree.Entity):
        texts.update(value for value in (node.text, node.tail) if value)
        attributes.update(node.attrib.values())
    return paragraphs, texts, attributes


def _joined(paragraph) -> str:
    return "".join(node.text or "" if node.tag in _TEXT_TAGS else " "
                   for node in paragraph.iter(*_TEXT_TAGS, *_BREAKS))


def _scan_xml_fully(part: str, root, redactor: Redactor) -> list[Finding]:
    findings: list[Finding] = []
    joined_already: set = set()  # text nodes read with their paragraph are not read again
    for paragraph in root.iter(f"{W}p"):
        joined_already.update(paragraph.iter(*_TEXT_TAGS, *_BREAKS))
        findings += _text_findings(_joined(paragraph), redactor, part, "text")
    for node in root.iter():
        texts = (node.tail,) if node in joined_already else (node.text, node.tail)
        for value in texts:
            if value and value.strip():
                findings += _text_findings(value, redactor, part, "text")
        for value in node.attrib.values():
            if not _MACHINE_VALUE.match(value):
                findings += _text_findings(value, redactor, part, "an attribute")
    return _unique(findings)


def _text_findings(text: str, redactor: Redactor, part: str, where: str,
                   binary: bool = False) -> list[Finding]:
    return [Finding(part, kind, where) for kind in _kinds(text, redactor, binary)]


# What the redactor finds in a text depends on the text and the redactor alone, and a pack
# repeats the same values thousands of times (a sample's ~32,700 attribute values are ~590
# distinct): each distinct text is looked at once per redactor, and every place it occurs
# is still reported.
_MEMO: dict = {"redactor": None, "kinds": {}}
_MEMO_LIMIT = 200_000
_MEMO_LONGEST = 10_000


def _kinds(text: str, redactor: Redactor, binary: bool) -> tuple[str, ...]:
    if len(text) > _MEMO_LONGEST:  # a long text (binary data, a whole part) is not repeated
        return tuple(span.kind for span in redactor.spans(text, binary=binary, scanning=True))
    if _MEMO["redactor"] is not redactor or len(_MEMO["kinds"]) > _MEMO_LIMIT:
        _MEMO["redactor"], _MEMO["kinds"] = redactor, {}
    memo = _MEMO["kinds"]
    key = (text, binary)
    kinds = memo.get(key)
    if kinds is None:
        kinds = memo[key] = tuple(span.kind for span in
                                  redactor.spans(text, binary=binary, scanning=True))
    return kinds


def _looks_like_xml(part: str, content: bytes) -> bool:
    head = content[:200].lstrip(b"\xef\xbb\xbf \r\n\t")
    return part.endswith((".xml", ".rels")) or head.startswith((b"<?xml", b"<"))


def _unique(findings: list[Finding]) -> list[Finding]:
    return list(dict.fromkeys(findings))
