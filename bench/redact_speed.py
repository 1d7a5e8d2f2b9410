"""Redact and verify generated final reports of 10, 100 and 1,000 pages.

Each size runs in a fresh process: generated report -> structural redaction ->
leak scan of the output bytes. Prints time and peak memory per size.
Targets: linear (1,000 pages within 12x of 100); 100 pages in under 2 s.
Run: python bench/redact_speed.py
"""

from __future__ import annotations

import io
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import SAMPLE  # noqa: E402
PARAGRAPHS_PER_PAGE = 8

PAGE = [
    "Mrs Margaret Ellison complained that Ward 7 discharged her husband, Mr Robert Ellison, "
    "without arranging community nursing.",
    "Mr Ellison (NHS number 999 123 4578, born 12 June 1939) lived at 14 Wren Close, "
    "Northshire NS3 9QT; Mrs Ellison can be reached on 07700 900123.",
    "The Ward Manager, Mr Daniel Okafor, told us that discharge planning was left to whichever "
    "nurse was on shift.",
    "We find that the Trust did not refer Mr Ellison to the community nursing team before he "
    "left hospital, and that this was a failing.",
    "The Head of Patient Experience, Ms Sarah Khan, acknowledged the complaint but the Trust "
    "did not respond for seven months.",
    "Relevant guidance from NICE (NG27) says hospitals should share information with "
    "community services before discharge.",
    "Maggie's son wrote to the Trust in May 2025 asking for an update.",
    "The Trust should apologise and pay Mrs Ellison £750 within one month of this report.",
]

ONE_RUN = """
import resource, sys, time
from pathlib import Path
started = time.perf_counter()
from actionplan_gen.pipeline import load_plan
from actionplan_gen.redact.redactor import Redactor
from actionplan_gen.redact.final_report import redact_report
from actionplan_gen.redact.scan import scan_docx
from actionplan_gen.render.docx import DocumentProperties
plan, _ = load_plan(sys.argv[1])
redactor = Redactor(plan)
outcome = redact_report(Path(sys.argv[2]).read_bytes(), sys.argv[2], redactor, False,
                        DocumentProperties("Final report", "case", "Org", "2026-01-01"))
findings = scan_docx(outcome.data, redactor)
assert not findings, findings[:3]
print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def report(pages: int) -> bytes:
    from docx import Document
    from docx.enum.text import WD_BREAK
    doc = Document()
    doc.sections[0].header.paragraphs[0].text = "Final report: complaint by Mrs M Ellison"
    for page in range(pages):
        doc.add_heading(f"Part {page + 1}", level=1)
        for text in PAGE:
            paragraph = doc.add_paragraph()
            # Split each sentence over several runs, as Word does after editing.
            for i in range(0, len(text), 37):
                paragraph.add_run(text[i:i + 37]).bold = (i // 37) % 2 == 1
        doc.paragraphs[-1].runs[-1].add_break(WD_BREAK.PAGE)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def main() -> None:
    print(f"{'pages':>6} {'seconds':>9} {'peak MiB':>9}")
    figures = {}
    with tempfile.TemporaryDirectory() as work:
        for pages in (10, 100, 1000):
            source = Path(work) / f"report-{pages}.docx"
            source.write_bytes(report(pages))
            done = subprocess.run([sys.executable, "-c", ONE_RUN, str(SAMPLE), str(source)],
                                  check=True, capture_output=True, text=True)
            seconds, peak_kib = done.stdout.split()
            figures[pages] = float(seconds)
            print(f"{pages:>6} {float(seconds):>9.2f} {int(peak_kib) / 1024:>9.0f}")
    print(f"1,000 pages / 100 pages: {figures[1000] / figures[100]:.1f}x (target: within 12x)")
    print(f"100 pages: {figures[100]:.2f} s (target: under 2 s)")


if __name__ == "__main__":
    main()
