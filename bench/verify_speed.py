"""How long the leak verifier takes on a 100-page report (about 2,000 paragraphs).

Run: python bench/verify_speed.py

The one expected finding is python-docx's own template thumbnail (a JPEG with
an ICC profile segment), which the redactor drops from real packs.
"""

from __future__ import annotations

import io
import random
import time
from pathlib import Path

from docx import Document

from actionplan_gen.pipeline import load_plan
from actionplan_gen.verify import Registry, verify_docx

ROOT = Path(__file__).resolve().parent.parent
WORDS = ("the Trust", "discharged", "Mrs A", "from Ward 7", "on 3 March 2026", "without",
         "a referral to", "the community nursing team", "and did not tell", "her son, Mr B,",
         "what care", "he would need at home", "so", "the Head of Patient Experience",
         "agreed", "an action plan")


def report(paragraphs: int) -> bytes:
    """A report-like .docx: ~150-character paragraphs of three runs (some bold), a
table every 50 paragraphs; 2,000 paragraphs is about 100 pages."""
    rng = random.Random(1)
    document = Document()
    for n in range(paragraphs):
        if n % 50 == 49:
            table = document.add_table(rows=3, cols=3)
            for cell in table._cells:
                cell.text = " ".join(rng.choices(WORDS, k=4))
            continue
        paragraph = document.add_paragraph(f"{n + 1}. ")
        for _ in range(3):
            paragraph.add_run(" ".join(rng.choices(WORDS, k=4)) + " ").bold = rng.random() < .2
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def main() -> None:
    plan, _ = load_plan(ROOT / "samples" / "ellison.plan.yaml")
    for paragraphs in (2000, 20000):
        data = report(paragraphs)
        times = []
        for _ in range(5):
            registry = Registry.from_plan(plan)  # fresh: the verifier remembers quiet texts
            start = time.perf_counter()
            findings = verify_docx(data, registry, "bench.docx")
            times.append(time.perf_counter() - start)
        print(f"{paragraphs:>6} paragraphs ({len(data) // 1024} KiB): "
              f"best {min(times) * 1000:.0f} ms, median {sorted(times)[2] * 1000:.0f} ms, "
              f"findings: {sorted({f'{f.part}: {f.kind}' for f in findings})}")


if __name__ == "__main__":
    main()
