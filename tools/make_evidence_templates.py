"""Regenerate templates/evidence-letter.docx and templates/evidence-index.docx, the covering
letter and the index of ``apgen evidence``.

Built with the same styles and helpers as the plan's templates (tools/make_templates.py) and
the progress letter (tools/make_letter_templates.py), so the pack looks like the plan it
evidences. Run: python tools/make_evidence_templates.py
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from docx.shared import Pt

TOOLS = Path(__file__).resolve().parent


def _load(name: str):
    """A sibling script, loaded by path: tools/ is not a package."""
    spec = importlib.util.spec_from_file_location(name, TOOLS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def evidence_letter(letters, shared) -> None:
    doc = shared.new_document(landscape=False)
    letters._letter_styles(doc, shared.NAVY)
    shared.page_footer(doc.sections[0], "{{ organisation.name }}  ·  Ombudsman case "
                                         "{{ case_references }}")
    shared.para(doc, "{{ organisation.name }}", "Letterhead")
    shared.para(doc, "{{ organisation.address }}", "Sender Address")
    shared.para(doc, "{{ recipient }}", "Recipient")
    shared.para(doc, "{{ date }}")
    shared.para(doc, "Our reference: ombudsman case {{ case_references }}", "Small Print")
    shared.para(doc, "{{ salutation }}", "Salutation")
    shared.para(doc, "{{ title }}", "Heading 1")
    shared.para(doc, "{{ opening }}")
    shared.tag(doc, "{%p if due %}")
    shared.para(doc, "The recommendations due", "Heading 2")
    shared.para(doc, "{{ due }}")
    shared.tag(doc, "{%p endif %}")
    shared.tag(doc, "{%p if gaps %}")
    shared.para(doc, "What we cannot send yet", "Heading 2")
    shared.para(doc, "{{ gaps }}")
    shared.tag(doc, "{%p endif %}")
    shared.para(doc, "What is enclosed", "Heading 2")
    shared.para(doc, "{{ enclosed }}")
    shared.tag(doc, "{%p if personal_note %}")
    shared.para(doc, "Personal information", "Heading 2")
    shared.para(doc, "{{ personal_note }}")
    shared.tag(doc, "{%p endif %}")
    shared.para(doc, "Who to contact", "Heading 2")
    shared.para(doc, "{{ contact }}")
    shared.para(doc, "{{ closing }}", "Closing")
    shared.para(doc, "{{ signature }}", "Signature")
    letters.save(doc, shared, "evidence-letter.docx", "Evidence of compliance")


def evidence_index(letters, shared) -> None:
    doc = shared.opening(True, "Evidence of compliance", "{{ title }}",
                         "{{ organisation.name }}  ·  Ombudsman case {{ case_references }}"
                         "  ·  As at {{ date }}", "{{ lead }}")
    shared.tag(doc, "{%p for rec in recommendations %}")
    shared.para(doc, "{{ rec.heading }}", "Heading 2")
    shared.tag(doc, "{%p if rec.text %}")
    shared.para(doc, "{{ rec.text }}")
    shared.tag(doc, "{%p endif %}")
    shared.para(doc, "{{ rec.status }}", "Small Print")
    shared.tag(doc, "{%p if rec.gap %}")
    gap = shared.para(doc, "", "Lead Text")
    gap.add_run("{{ rec.gap }}").bold = True
    shared.tag(doc, "{%p endif %}")
    shared.tag(doc, "{%p if rec.rows %}")
    table = shared.table(doc, [2.4, 2.2, 6.6, 2.6, 5.2, 4.4, 2.3],
                         ["Through", "Evidence", "What it is", "Dated", "File", "SHA-256",
                          "Personal"], [
                             "{%tr for row in rec.rows %}",
                             ["{{ row.via }}", "{{ row.id }}", "{{ row.description }}",
                              "{{ row.dated }}", "{{ row.file }}", "{{ row.sha256 }}",
                              "{{ row.personal }}"],
                             "{%tr endfor %}",
                         ], caption="Evidence for the recommendation")
    _small(table.rows[2].cells[5])
    shared.tag(doc, "{%p endif %}")
    shared.tag(doc, "{%p endfor %}")
    shared.para(doc, "Files enclosed", "Heading 1")
    shared.tag(doc, "{%p if files %}")
    table = shared.table(doc, [8.0, 11.4, 3.0, 3.3], ["File", "SHA-256", "Size", "Personal"], [
        "{%tr for f in files %}",
        ["{{ f.name }}", "{{ f.sha256 }}", "{{ f.size }}", "{{ f.personal }}"],
        "{%tr endfor %}",
    ], caption="Files enclosed")
    _small(table.rows[2].cells[1])
    shared.tag(doc, "{%p else %}")
    shared.para(doc, "No file is enclosed: the evidence is described by its references.")
    shared.tag(doc, "{%p endif %}")
    shared.tag(doc, "{%p if personal_note %}")
    shared.para(doc, "{{ personal_note }}", "Lead Text")
    shared.tag(doc, "{%p endif %}")
    letters.save(doc, shared, "evidence-index.docx", "Evidence of compliance: index")


def _small(cell) -> None:
    """A checksum in a monospaced face, small enough to sit on one or two lines."""
    for run in cell.paragraphs[0].runs:
        run.font.name = "Courier New"
        run.font.size = Pt(7.5)


if __name__ == "__main__":
    letters = _load("make_letter_templates")
    shared = letters._shared()
    letters.TEMPLATES.mkdir(exist_ok=True)
    evidence_letter(letters, shared)
    evidence_index(letters, shared)
