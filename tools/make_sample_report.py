"""Regenerate the fictional final reports in samples/reports/.

ellison-final-report.docx is a PHSO final report naming the people of
samples/ellison.plan.yaml; nowak-decision.docx is an LGSCO decision naming those
of samples/nowak.plan.yaml. Both hold the kinds of identifier a real report does
(NHS number, date of birth, address, telephone), so `apgen redact` has something
real to anonymise. Like a document Word saves, each carries only the styles it uses (see
make_templates.prune_styles), not python-docx's stock sheet of 171.
Run: python tools/make_sample_report.py
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from actionplan_gen.ooxml import reproducible_zip

REPORTS = Path(__file__).resolve().parent.parent / "samples" / "reports"

SECTIONS = [
    ("The complaint", [
        "Mrs Margaret Ellison complains about the care and treatment Northshire Hospitals NHS "
        "Foundation Trust (the Trust) gave her husband, Mr Robert Ellison, on Ward 7 of "
        "Northshire General Hospital, and about how the Trust handled her complaint.",
        "Mrs Ellison says the Trust discharged Mr Ellison on 3 March 2026 without arranging "
        "the community nursing he needed, that nobody told her when he would come home or how "
        "to care for him, and that the Trust took seven months to answer her complaint.",
        "Mrs Ellison wants the Trust to acknowledge what went wrong, apologise, and make sure "
        "other families do not go through the same experience.",
    ]),
    ("Background", [
        "Mr Ellison (NHS number 999 123 4578, born 12 June 1939) lived with his wife at "
        "14 Wren Close, Northshire NS3 9QT. Mrs Ellison, known to the family as Maggie, was "
        "his main carer. She can be reached on 07700 900123.",
        "Mr Ellison was admitted to Ward 7 on 19 February 2026 with a chest infection. He had "
        "a pressure ulcer on his sacrum and a long-term urinary catheter.",
        "The Ward Manager, Mr Daniel Okafor, told us that discharge planning on the ward was "
        "led by whichever nurse was on shift on the day of discharge.",
    ]),
    ("Our findings: discharge planning", [
        "We find that the Trust did not refer Mr Ellison to the community nursing team before "
        "he left hospital. A referral was faxed on the day of discharge but nobody checked that "
        "it had arrived. Mr Ellison was readmitted on 7 March 2026 with an infected pressure "
        "ulcer.",
        "Relevant guidance from NICE (NG27) says hospitals should make sure community services "
        "have the information they need before a person is discharged. The Trust did not do so. "
        "This was a failing in Mr Ellison's care.",
    ]),
    ("Our findings: communication with Mrs Ellison", [
        "Mrs Ellison was not told the date of discharge until the morning it happened, and was "
        "given no written information about her husband's medicines. Mrs Ellison's account is "
        "supported by the nursing notes, which record no discussion with her.",
        "We find that this was a failing. It caused Mrs Ellison avoidable distress and left her "
        "unable to care for her husband safely in the days after he came home.",
    ]),
    ("Our findings: complaint handling", [
        "Mrs Ellison complained on 2 April 2025. The Trust's Head of Patient Experience, "
        "Ms Sarah Khan, acknowledged the complaint but the Trust did not respond until "
        "6 November 2025, and did not update Mrs Ellison in the meantime.",
        "The response did not address her concerns about the referral and did not apologise. "
        "This fell short of the NHS Complaint Standards and the 2009 Complaints Regulations.",
    ]),
    ("Recommendations", [
        "Within one month of this report, the Trust should write to Mrs Ellison acknowledging "
        "the failings and apologising, and pay her £750.",
        "Within three months, the Trust should prepare an action plan describing how it will "
        "make sure discharges from Ward 7 are planned safely with community services and that "
        "patients and carers are told what to expect.",
        "The action plan should also explain how the Trust will make sure complaints are "
        "investigated and answered fully and without unreasonable delay. The Trust should send "
        "the plan to Mrs Ellison, NHS Northshire Integrated Care Board and the Care Quality "
        "Commission.",
    ]),
]


NOWAK_SECTIONS = [
    ("The complaint", [
        "Mr Tomasz Nowak complains that Northshire County Council (the Council) charged his "
        "mother, Mrs Halina Nowak, for respite care without first assessing what she could "
        "afford, and did not tell the family that charges applied.",
    ]),
    ("What happened", [
        "Mrs Nowak (born 2 February 1936) lived at 3 Orchard Row, Northshire NS4 2LP. Her NHS "
        "number is 999 000 0026 and her National Insurance number is QQ 12 34 56 C.",
        "In March 2025 a social worker arranged eleven weeks of respite care. The Council's "
        "records show no referral for a financial assessment. Tom Nowak was sent an invoice "
        "for £2,184.60 in June 2025.",
        "The care needs assessment does not record any discussion of charges with Mr Nowak or "
        "his mother's views about respite care.",
    ]),
    ("Analysis", [
        "The Council should have started a financial assessment before charging Mrs Nowak. "
        "That it did not was fault, which caused injustice to Mrs Nowak's estate and distress "
        "to Mr Nowak.",
        "The Council's complaint response was thorough and sent within the timescale it gave "
        "Mr Nowak. We find no fault in how it handled the complaint.",
    ]),
    ("Agreed action", [
        "Within one month, the Council will apologise to Mr Nowak, refund the £2,184.60 and pay "
        "him £300 for his time and trouble.",
        "Within three months, the Council will review how financial assessments are started "
        "and tell staff what must be recorded at each care needs assessment. It will send its "
        "plan to Mr Nowak and the Care Quality Commission.",
    ]),
]


def build(title: str, header: str, footer: str, intro: str, sections, table_rows,
          signed: str, author: str, when: dt.datetime) -> bytes:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    section = doc.sections[0]
    section.header.paragraphs[0].text = header
    section.footer.paragraphs[0].text = footer
    heading = doc.add_heading(title, level=0)
    heading.alignment = WD_ALIGN_PARAGRAPH.LEFT
    doc.add_paragraph(intro)
    number = 1
    for heading_text, paragraphs in sections:
        doc.add_heading(heading_text, level=1)
        for text in paragraphs:
            doc.add_paragraph(f"{number}. {text}")
            number += 1
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ["Date", "Event", "Who"], strict=True):
        cell.text = text
    for row in table_rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    doc.add_paragraph(signed)
    props = doc.core_properties
    props.author = props.last_modified_by = author
    props.title = header
    props.created = props.modified = when
    _make_templates().prune_styles(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    return reproducible_zip(buffer.getvalue())


def _make_templates():
    """tools/make_templates.py, loaded by path: tools/ is not a package."""
    spec = importlib.util.spec_from_file_location(
        "make_templates", Path(__file__).resolve().parent / "make_templates.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    REPORTS.mkdir(parents=True, exist_ok=True)
    reports = {
        "ellison-final-report.docx": build(
            "Final report of an investigation into a complaint about Northshire Hospitals NHS "
            "Foundation Trust", "Final report: complaint by Mrs M Ellison (P-004417)",
            "Investigator: Laura Benn, Parliamentary and Health Service Ombudsman",
            "Complainant: Mrs Margaret Ellison\nCase reference: P-004417\n"
            "Date of report: 14 September 2026", SECTIONS,
            [("3 March 2026", "Discharged from Ward 7", "Mr R Ellison"),
             ("7 March 2026", "Readmitted", "Mr Ellison"),
             ("2 April 2025", "Complaint made", "Mrs Ellison")],
            "Laura Benn\nSenior Caseworker, on behalf of the Ombudsman", "Laura Benn",
            dt.datetime(2026, 9, 14)),
        "nowak-decision.docx": build(
            "Decision: Northshire County Council (25 004 118)",
            "Complaint by Mr T Nowak about Northshire County Council (25 004 118)",
            "Investigator: Owen Pritchard, Local Government and Social Care Ombudsman",
            "Complainant: Mr Tomasz Nowak\nReference: 25 004 118\nDate of decision: 7 August 2026",
            NOWAK_SECTIONS,
            [("March 2025", "Respite care arranged", "Mrs H Nowak"),
             ("June 2025", "Invoice sent", "Mr T Nowak")],
            "Owen Pritchard\nInvestigator", "Owen Pritchard", dt.datetime(2026, 8, 7)),
    }
    for name, data in reports.items():
        (REPORTS / name).write_bytes(data)
        print(f"wrote {REPORTS / name}")


if __name__ == "__main__":
    main()
