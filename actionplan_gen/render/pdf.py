"""Convert .docx files to PDF with LibreOffice, headless, with a private profile.

A private profile directory lets several conversions run at once without
colliding; a timeout stops a hung LibreOffice from hanging apgen.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from actionplan_gen.errors import ApgenError, UsageError

INSTALL_HINT = ("LibreOffice is needed for PDF output and was not found: install it, e.g. "
                "`apt-get install -y libreoffice-writer-nogui` on Debian or Ubuntu, or from "
                "libreoffice.org, and make sure `soffice` is on the PATH")
TIMEOUT_SECONDS = 180


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise UsageError(INSTALL_HINT)
    return found


def to_pdf(documents: dict[str, bytes]) -> dict[str, bytes]:
    """{'name.docx': bytes} -> {'name.pdf': bytes}, converted in one LibreOffice run."""
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
                   "--norestore", "--nolockcheck", "--convert-to", "pdf", "--outdir",
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
            results[pdf.name] = pdf.read_bytes()
        return results
