"""Read a .docx back the way a checker should: every part, text joined per paragraph."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def parts(docx: bytes | Path) -> dict[str, bytes]:
    data = docx.read_bytes() if isinstance(docx, Path) else docx
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: package.read(name) for name in package.namelist()}


def xml_parts(docx) -> dict[str, etree._Element]:
    """Every XML part, parsed strictly (an unparseable part fails the test)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return {name: etree.fromstring(data, parser) for name, data in parts(docx).items()
            if name.endswith(".xml") or name.endswith(".rels")}


def paragraphs(docx, part_prefix: str = "word/") -> list[str]:
    """Text of every paragraph in the body, headers, footers and notes, in order."""
    found = []
    for name, root in xml_parts(docx).items():
        if not name.startswith(part_prefix):
            continue
        for p in root.iter(f"{W}p"):
            text = []
            for node in p.iter(f"{W}t", f"{W}br", f"{W}tab"):
                if node.tag == f"{W}t":
                    text.append(node.text or "")
                else:
                    text.append("\n" if node.tag == f"{W}br" else "\t")
            found.append("".join(text))
    return found


def text(docx) -> str:
    """All paragraph text, whitespace collapsed: for 'is this value in the document?'."""
    return squash("\n".join(paragraphs(docx)))


def squash(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()


def core_properties(docx) -> dict[str, str]:
    root = xml_parts(docx)["docProps/core.xml"]
    return {etree.QName(child).localname: child.text or "" for child in root}


def pdf_text(pdf: Path) -> str:
    done = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True)
    return done.stdout
