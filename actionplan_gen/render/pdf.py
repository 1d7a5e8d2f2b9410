"""Convert .docx files to PDF with LibreOffice, headless, with a private profile.

A private profile directory lets several conversions run at once without
colliding; a timeout stops a hung LibreOffice from hanging apgen.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from actionplan_gen.errors import ApgenError, UsageError

INSTALL_HINT = ("LibreOffice is needed for PDF output and was not found: install it, e.g. "
                "`apt-get install -y libreoffice-writer-nogui` on Debian or Ubuntu, or from "
                "libreoffice.org, and make sure `soffice` is on the PATH")
TIMEOUT_SECONDS = 180
# Tagged PDF/UA: headings, tables and reading order reach screen readers, and the
# viewer shows the document's title (public bodies must publish accessible documents).
PDF_FILTER = ('pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"},'
              '"PDFUACompliance":{"type":"boolean","value":"true"}}')


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise UsageError(INSTALL_HINT)
    return found


def to_pdf(documents: dict[str, bytes], date: dt.date) -> dict[str, bytes]:
    """{'name.docx': bytes} -> {'name.pdf': bytes}, converted in one LibreOffice run and
    stamped with ``date`` (the plan's), so the same plan gives the same PDF."""
    program = soffice()
    with tempfile.TemporaryDirectory(prefix="apgen-pdf-") as work:
        work_dir = Path(work)
        profile = work_dir / "profile"
        sources = []
        for name, data in documents.items():
            source = work_dir / name
            source.write_bytes(data)
            sources.append(source)
        command = [program, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                   "--norestore", "--nolockcheck", "--convert-to", PDF_FILTER, "--outdir",
                   str(work_dir / "out"), *map(str, sources)]
        try:
            done = subprocess.run(command, capture_output=True, text=True,
                                  timeout=TIMEOUT_SECONDS, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise ApgenError(f"LibreOffice did not finish converting to PDF within "
                             f"{TIMEOUT_SECONDS} seconds") from None
        results = {}
        for source in sources:
            pdf = work_dir / "out" / (source.stem + ".pdf")
            if not pdf.is_file():
                detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
                raise ApgenError(f"LibreOffice could not convert {source.name} to PDF "
                                 f"({detail[0]})")
            results[pdf.name] = reproducible(pdf.read_bytes(), date)
        return results


_DATES = re.compile(rb"/(CreationDate|ModDate)\(D:(\d{14})")
_XMP_DATES = re.compile(rb"<xmp:(CreateDate|ModifyDate|MetadataDate)>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")
_ID = re.compile(rb"/ID \[ <([0-9A-F]{32})>\s*<([0-9A-F]{32})> \]")
_CHECKSUM = re.compile(rb"/DocChecksum /([0-9A-F]{32})")


def reproducible(pdf: bytes, date: dt.date) -> bytes:
    """Replace LibreOffice's clock time, random file id and checksum with values derived
    from the date and the content. Every replacement keeps its length, so the PDF's
    cross-reference offsets stay right."""
    stamp = date.strftime("%Y%m%d000000").encode()
    pdf = _DATES.sub(lambda m: b"/" + m.group(1) + b"(D:" + stamp, pdf)
    xmp_stamp = date.strftime("%Y-%m-%dT00:00:00").encode()
    pdf = _XMP_DATES.sub(lambda m: b"<xmp:" + m.group(1) + b">" + xmp_stamp, pdf)
    neutral = _CHECKSUM.sub(b"/DocChecksum /" + b"0" * 32, _ID.sub(b"", pdf))
    digest = hashlib.md5(neutral, usedforsecurity=False).hexdigest().upper().encode()
    pdf = _ID.sub(lambda m: m.group(0).replace(m.group(1), digest).replace(m.group(2), digest),
                  pdf)
    return _CHECKSUM.sub(b"/DocChecksum /" + digest, pdf)
