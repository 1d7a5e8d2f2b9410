"""Convert .docx files to PDF with LibreOffice, headless, with a private profile.

A private profile directory lets several conversions run at once without
colliding; a timeout stops a hung LibreOffice from hanging apgen.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import shutil
import signal
import subprocess
from pathlib import Path

from actionplan_gen.regexes import fixed
from actionplan_gen.atomic import scratch_folder
from actionplan_gen.errors import ToolError

INSTALL_HINT = ("LibreOffice is needed for PDF output and was not found: install it, e.g. "
                "`apt-get install -y libreoffice-writer-nogui` on Debian or Ubuntu, or from "
                "libreoffice.org, and make sure `soffice` is on the PATH")
TIMEOUT_SECONDS = 180
PER_DOCUMENT_SECONDS = 20  # more time for a run converting many plans' documents at once
# Tagged PDF/UA: headings, tables and reading order reach screen readers, and the
# viewer shows the document's title (public bodies must publish accessible documents).
PDF_FILTER = ('pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"},'
              '"PDFUACompliance":{"type":"boolean","value":"true"}}')


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise ToolError(INSTALL_HINT)
    return found


def to_pdf(documents: dict[str, bytes], date: dt.date, near: Path) -> dict[str, bytes]:
    """{'name.docx': bytes} -> {'name.pdf': bytes}, converted in one LibreOffice run and
    stamped with ``date`` (the plan's), so the same plan gives the same PDF.

    LibreOffice works in a private folder beside ``near`` (the output), never in the shared
    temporary folder, and that folder goes whatever stops the run."""
    return to_pdf_many([(documents, date)], near)[0]


def to_pdf_many(batches: list[tuple[dict[str, bytes], dt.date]],
                near: Path) -> list[dict[str, bytes]]:
    """Several plans' documents converted in one LibreOffice start (one private profile for
    the run); each batch's PDFs stamped with its own date. Names must differ across batches."""
    program = soffice()
    with scratch_folder(near) as work_dir:
        work_dir = work_dir.absolute()  # LibreOffice takes its profile as a file: URI
        sources = []
        for documents, _ in batches:
            for name, data in documents.items():
                source = work_dir / name
                if source.exists():
                    raise ToolError(f"two documents named {name} in one conversion")
                source.write_bytes(data)
                sources.append(source)
        command = [program, f"-env:UserInstallation={(work_dir / 'profile').as_uri()}",
                   "--headless", "--norestore", "--nolockcheck", "--convert-to", PDF_FILTER,
                   "--outdir", str(work_dir / "out"), *map(str, sources)]
        report = _run(command, work_dir, TIMEOUT_SECONDS + PER_DOCUMENT_SECONDS
                      * max(0, len(sources) - 2))
        results = []
        for documents, date in batches:
            converted = {}
            for name in documents:
                pdf = work_dir / "out" / (Path(name).stem + ".pdf")
                if not pdf.is_file():
                    detail = report.strip().splitlines()[-1:] or ["no output"]
                    raise ToolError(f"LibreOffice could not convert {name} to PDF "
                                     f"({detail[0]})")
                converted[pdf.name] = reproducible(pdf.read_bytes(), date)
            results.append(converted)
        return results


def _run(command: list[str], work_dir: Path, timeout: float = TIMEOUT_SECONDS) -> str:
    """Run LibreOffice in its own process group and return what it printed.

    Any interruption (Ctrl-C, SIGTERM, a timeout) kills the whole group: soffice starts
    soffice.bin, which would otherwise live on, holding the plan's text."""
    with subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, env=_environment(work_dir),
                          start_new_session=True) as process:
        try:
            return process.communicate(timeout=timeout)[0]
        except subprocess.TimeoutExpired:
            _kill(process)
            raise ToolError(f"LibreOffice did not finish converting to PDF within "
                             f"{timeout:g} seconds") from None
        except BaseException:
            _kill(process)
            raise


def _environment(work_dir: Path) -> dict[str, str]:
    """UTC and one locale, so the time zone or language of the machine never reaches the
    PDF (LibreOffice writes its UTC offset into the creation date); and LibreOffice's own
    temporary files (copies of the document) inside the private folder, never in /tmp."""
    private_tmp = work_dir / "tmp"
    private_tmp.mkdir(exist_ok=True)
    return {**os.environ, "TZ": "UTC", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8",
            "TMPDIR": str(private_tmp), "TMP": str(private_tmp), "TEMP": str(private_tmp)}


def _kill(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


_DATES = fixed(rb"/(CreationDate|ModDate)\(D:\d{14}[^)]{0,8}\)")
_XMP_DATES = fixed(rb"<xmp:(CreateDate|ModifyDate|MetadataDate)>"
                        rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:Z|[+-]\d\d:\d\d)?</xmp:\1>")
_ID = fixed(rb"/ID \[ <([0-9A-F]{32})>\s*<([0-9A-F]{32})> \]")
_CHECKSUM = fixed(rb"/DocChecksum /([0-9A-F]{32})")


def reproducible(pdf: bytes, date: dt.date) -> bytes:
    """Replace LibreOffice's clock time and UTC offset, random file id and checksum with
    values derived from the date and the content.

    Every replacement keeps its length (a shorter date is followed by spaces, which PDF
    and XML both ignore there), so the PDF's cross-reference offsets stay right."""
    stamp = date.strftime("D:%Y%m%d000000").encode()
    pdf = _DATES.sub(lambda m: _padded(b"/%s(%s" % (m.group(1), stamp), b"Z)", b")",
                                       m.group(0)), pdf)
    xmp_stamp = date.strftime("%Y-%m-%dT00:00:00").encode()
    pdf = _XMP_DATES.sub(lambda m: _padded(b"<xmp:%s>%s" % (m.group(1), xmp_stamp),
                                           b"Z</xmp:%s>" % m.group(1),
                                           b"</xmp:%s>" % m.group(1), m.group(0)), pdf)
    neutral = _CHECKSUM.sub(b"/DocChecksum /" + b"0" * 32, _ID.sub(b"", pdf))
    digest = hashlib.md5(neutral, usedforsecurity=False).hexdigest().upper().encode()
    pdf = _ID.sub(lambda m: m.group(0).replace(m.group(1), digest).replace(m.group(2), digest),
                  pdf)
    return _CHECKSUM.sub(b"/DocChecksum /" + digest, pdf)


def _padded(start: bytes, utc_end: bytes, plain_end: bytes, original: bytes) -> bytes:
    """The date in UTC, padded with spaces to the original length (without the zone when
    LibreOffice wrote none, so it still fits)."""
    whole = start + utc_end
    return (whole if len(whole) <= len(original) else start + plain_end).ljust(len(original))
