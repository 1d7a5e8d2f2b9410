"""`apgen redact` against its budgets (DESIGN 11).

1. `apgen redact SAMPLE` (render, redact, and the independent verifier over every byte)
   against `apgen build SAMPLE` as its anchor, run in alternation (paired, medians; CPU time of
   the child processes beside wall time, see common.py). Budget: within 1.5x.
2. Generated final reports of 10, 100 and 1,000 pages, each in a fresh process: structural
   redaction and the verifier over the output bytes. CPU time (wall
   beside it) and peak memory per size, after the imports. Budgets: 100 pages within 1 s,
   verifier included; linear (1,000 pages within 12x of 100).
Run: python bench/redact_speed.py [RUNS]
"""

from __future__ import annotations

import io
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ENV, SAMPLE, paired, verdict  # noqa: E402
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
from actionplan_gen.pipeline import load_plan
from actionplan_gen.redact.redactor import Redactor
from actionplan_gen.redact.final_report import redact_report
from actionplan_gen.render.docx import DocumentProperties
from actionplan_gen.verify import Registry, verify_docx
plan, _ = load_plan(sys.argv[1])
started, cpu = time.perf_counter(), time.process_time()
redactor = Redactor(plan)
outcome = redact_report(Path(sys.argv[2]).read_bytes(), sys.argv[2], redactor, False,
                        DocumentProperties("Final report", "case", "Org", "2026-01-01"))
verified = verify_docx(outcome.data, Registry.from_plan(plan), "report.docx")
assert not verified, verified[:3]
print(time.process_time() - cpu, time.perf_counter() - started,
      resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""
SAMPLE_BUDGET = 1.5
PAGES_BUDGET = 1.0


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
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    apgen = [sys.executable, "-m", "actionplan_gen"]
    with tempfile.TemporaryDirectory() as work:
        timing = paired({
            "build": [*apgen, "build", str(SAMPLE), "-o", str(Path(work) / "build")],
            "redact": [*apgen, "redact", str(SAMPLE), "-o", str(Path(work) / "pack")],
        }, runs)
        build, redact = timing["build"], timing["redact"]
        print(f"1. medians of {runs} paired runs                  wall ms   CPU ms")
        print(f"   anchor: apgen build {SAMPLE.name}      {build.wall * 1000:7.0f} "
              f"{build.cpu * 1000:8.0f}")
        print(f"   apgen redact {SAMPLE.name} (verifier included) {redact.wall * 1000:5.0f} "
              f"{redact.cpu * 1000:8.0f}")
        print(f"   redact / build, CPU:  {verdict(redact.cpu / build.cpu, SAMPLE_BUDGET)}")
        print(f"   redact / build, wall: {verdict(redact.wall / build.wall, SAMPLE_BUDGET)}")
        print(f"2. {'pages':>6} {'CPU s':>7} {'wall s':>7} {'peak MiB':>9}")
        figures = {}
        for pages in (10, 100, 1000):
            source = Path(work) / f"report-{pages}.docx"
            source.write_bytes(report(pages))
            done = subprocess.run([sys.executable, "-c", ONE_RUN, str(SAMPLE), str(source)],
                                  check=True, capture_output=True, text=True, env=ENV)
            cpu, wall, peak_kib = done.stdout.split()
            figures[pages] = float(cpu)
            print(f"   {pages:>6} {float(cpu):>7.2f} {float(wall):>7.2f} "
                  f"{int(peak_kib) / 1024:>9.0f}")
    ratio = figures[1000] / figures[100]
    print(f"   1,000 pages / 100 pages: {ratio:.1f}x (budget: within 12x, i.e. linear: "
          f"{'met' if ratio <= 12 else 'NOT MET'})")
    print(f"   100 pages redacted and verified: {figures[100]:.2f} s CPU (budget "
          f"{PAGES_BUDGET:g} s: {'met' if figures[100] <= PAGES_BUDGET else 'NOT MET'})")

if __name__ == "__main__":
    main()
