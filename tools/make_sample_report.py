"""Regenerate samples/reports/ellison-final-report.docx: a fictional PHSO final report.

The report names the people of samples/ellison.plan.yaml and holds the kinds of
identifier a real one does (NHS number, date of birth, address, telephone), so
`apgen redact` has something real to anonymise. Run: python tools/make_sample_report.py
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from actionplan_gen.render.package import normalise

OUT = Path(__file__).resolve().parent.parent / "samples" / "reports" / "ellison-final-report.docx"

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
        "it had arrived. Mr Ellison was readmitted on 7 March 2026 with an infected pressure ulcer.",
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


def build() -> bytes:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    section = doc.sections[0]
    section.header.paragraphs[0].text = "Final report: complaint by Mrs M Ellison (P-004417)"
    section.footer.paragraphs[0].text = "Investigator: Laura Benn, Parliamentary and Health " \
                                        "Service Ombudsman"
    title = doc.add_heading("Final report of an investigation into a complaint about "
                            "Northshire Hospitals NHS Foundation Trust", level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.LEFT
    doc.add_paragraph("Complainant: Mrs Margaret Ellison\nCase reference: P-004417\n"
                      "Date of report: 14 September 2026")
    number = 1
    for heading, paragraphs in SECTIONS:
        doc.add_heading(heading, level=1)
        for text in paragraphs:
            doc.add_paragraph(f"{number}. {text}")
            number += 1
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ["Date", "Event", "Who"]):
        cell.text = text
    for row in [("3 March 2026", "Discharged from Ward 7", "Mr R Ellison"),
                ("7 March 2026", "Readmitted", "Mr Ellison"),
                ("2 April 2025", "Complaint made", "Mrs Ellison")]:
        cells = table.add_row().cells
        for cell, text in zip(cells, row):
            cell.text = text
    doc.add_paragraph("Laura Benn\nSenior Caseworker, on behalf of the Ombudsman")
    props = doc.core_properties
    props.author = "Laura Benn"
    props.last_modified_by = "Laura Benn"
    props.title = "Final report P-004417 (Mrs Ellison)"
    props.created = props.modified = dt.datetime(2026, 9, 14)
    buffer = io.BytesIO()
    doc.save(buffer)
    return normalise(buffer.getvalue())


if __name__ == "__main__":
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(build())
    print(f"wrote {OUT}")
