"""Regenerate templates/action-plan.docx and templates/checklist.docx.

The templates are ordinary Word files with docxtpl tags; users may restyle them
in Word. This script is how the shipped versions are made, so that a change to
their layout is reviewable as code. Run: python tools/make_templates.py
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from actionplan_gen.ooxml import reproducible_zip

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
NAVY = RGBColor(0x1F, 0x38, 0x64)
GREY = RGBColor(0x59, 0x59, 0x59)
HEADER_FILL = "DCE6F2"
LABEL_FILL = "F2F2F2"


# ---------------------------------------------------------------- styles

def new_document(landscape: bool) -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    section.top_margin, section.bottom_margin = Cm(1.8), Cm(1.8)
    section.header_distance = section.footer_distance = Cm(0.9)
    _styles(doc)
    return doc


def _styles(doc: Document) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.1
    _set_language_and_font(doc)
    for name, size, before, after in [("Title", 22, 0, 6), ("Heading 1", 15, 16, 6),
                                      ("Heading 2", 12.5, 14, 4), ("Heading 3", 11, 10, 4)]:
        style = styles[name]
        style.font.name = "Arial"
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = NAVY
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
        style.paragraph_format.keep_with_next = True
        _arial(style)
    title = styles["Title"]
    pbdr = title.element.get_or_add_pPr().find(qn("w:pBdr"))
    if pbdr is not None:
        title.element.get_or_add_pPr().remove(pbdr)
    subtitle = styles["Subtitle"]
    _arial(subtitle)
    for spacing in subtitle.element.get_or_add_rPr().findall(qn("w:spacing")):
        subtitle.element.get_or_add_rPr().remove(spacing)
    subtitle.font.size = Pt(14)
    subtitle.font.italic = False
    subtitle.font.color.rgb = GREY
    for name, size, bold, after in [("Table Text", 9.5, False, 2), ("Table Label", 9.5, True, 2),
                                    ("Table Heading", 9.5, True, 2), ("Small Print", 8, False, 0)]:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.size = Pt(size)
        style.font.bold = bold
        style.paragraph_format.space_after = Pt(after)
        style.paragraph_format.space_before = Pt(0)
    styles["Small Print"].font.color.rgb = GREY
    intro = styles.add_style("Lead Text", WD_STYLE_TYPE.PARAGRAPH)
    intro.base_style = normal
    intro.font.size = Pt(10.5)
    intro.paragraph_format.space_after = Pt(8)


def _arial(style) -> None:
    """Arial for every script, replacing the theme fonts the stock styles point to."""
    rpr = style.element.get_or_add_rPr()
    for old in rpr.findall(qn("w:rFonts")):
        rpr.remove(old)
    fonts = OxmlElement("w:rFonts")
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), "Arial")
    rpr.insert(0, fonts)


def _set_language_and_font(doc: Document) -> None:
    """en-GB everywhere (spelling, screen readers) and Arial as the default font."""
    styles_el = doc.styles.element
    rpr_default = styles_el.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for tag in ("w:lang", "w:rFonts"):
        for old in rpr_default.findall(qn(tag)):
            rpr_default.remove(old)
    fonts = OxmlElement("w:rFonts")
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), "Arial")
    rpr_default.insert(0, fonts)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-GB")
    lang.set(qn("w:eastAsia"), "en-GB")
    lang.set(qn("w:bidi"), "ar-SA")
    rpr_default.append(lang)


# ---------------------------------------------------------------- building blocks

def para(container, text: str = "", style: str | None = None):
    paragraph = container.add_paragraph(text, style=style)
    return paragraph


def tag(container, text: str):
    """A paragraph holding only a docxtpl {%p ... %} tag (removed when rendered)."""
    return container.add_paragraph(text)


def _shade(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def _keep_row_together(row) -> None:
    """A row is not split across pages (LibreOffice still splits one taller than a page)."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _repeat_header(row) -> None:
    """Mark a row as a header row: read as such by screen readers, repeated on each page."""
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


def table(container, widths_cm: list[float], header: list[str] | None,
          rows: list[list[str]], label_column: bool = False, caption: str | None = None):
    """A bordered table; ``rows`` may include single-string rows for {%tr %} tags."""
    columns = len(widths_cm)
    tbl = container.add_table(rows=0, cols=columns)
    tbl.style = "Table Grid"
    tbl.alignment = WD_TABLE_ALIGNMENT.LEFT
    tbl.autofit = False
    if caption:
        tblpr = tbl._tbl.tblPr
        cap = OxmlElement("w:tblCaption")
        cap.set(qn("w:val"), caption)
        tblpr.append(cap)
    if header:
        row = tbl.add_row()
        _repeat_header(row)
        for cell, text in zip(row.cells, header, strict=True):
            cell.paragraphs[0].text = text
            cell.paragraphs[0].style = "Table Heading"
            _shade(cell, HEADER_FILL)
    for values in rows:
        row = tbl.add_row()
        _keep_row_together(row)
        if isinstance(values, str):  # a {%tr %} control row
            row.cells[0].paragraphs[0].text = values
            continue
        for i, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
            cell.paragraphs[0].text = text
            is_label = label_column and i == 0
            cell.paragraphs[0].style = "Table Label" if is_label else "Table Text"
            if is_label:
                _shade(cell, LABEL_FILL)
    for row in tbl.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)
    _grid(tbl, widths_cm)
    return tbl


def _grid(tbl, widths_cm: list[float]) -> None:
    grid = tbl._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_cm, strict=True):
        col.set(qn("w:w"), str(int(Cm(width).twips)))


def page_footer(section, left: str) -> None:
    footer = section.footer
    paragraph = footer.paragraphs[0]
    paragraph.style = "Small Print"
    paragraph.text = left + "    Page "
    _field(paragraph, "PAGE")
    paragraph.add_run(" of ")
    _field(paragraph, "NUMPAGES")


def _field(paragraph, code: str) -> None:
    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), f" {code} \\* MERGEFORMAT ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    simple.append(run)
    paragraph._p.append(simple)


def page_header(section, text: str) -> None:
    paragraph = section.header.paragraphs[0]
    paragraph.style = "Small Print"
    paragraph.text = text


def _drop_parts(doc: Document) -> None:
    """Leave out the parts a template does not need: python-docx's stock thumbnail (a
    picture of someone else's page), its custom XML and the Word 2010 style copy."""
    unwanted = ("thumbnail", "customXml", "stylesWithEffects")
    for rels in (doc.part.package.rels, doc.part.rels):
        for rid, rel in list(rels.items()):
            if any(word in rel.reltype for word in unwanted):
                del rels[rid]


# Styles kept though no paragraph of a template names them: apgen's renderer turns "- " lines
# into real list items with List Bullet's numbering.
KEPT_STYLES = ("ListBullet",)
_STYLE_REFERENCES = ("pStyle", "rStyle", "tblStyle", "numStyleLink", "styleLink")


def prune_styles(doc: Document) -> None:
    """Keep only the styles the document uses (with the styles they are based on, link to
    or are followed by) and the defaults. python-docx starts every document from a sheet of
    171 styles (350 KB of XML, about 15 times what Word itself writes for a document like
    these); every build, redaction and check would otherwise parse, copy and search it.
    Word still offers every built-in style by name (the latent styles stay)."""
    styles = doc.styles.element
    used = set(KEPT_STYLES)
    for part in doc.part.package.iter_parts():
        element = getattr(part, "_element", None)
        if element is None or element is styles:
            continue
        for name in _STYLE_REFERENCES:
            used.update(reference.get(qn("w:val")) for reference in element.iter(qn(f"w:{name}")))
    by_id = {style.get(qn("w:styleId")): style for style in styles.iterchildren(qn("w:style"))}
    used.update(style_id for style_id, style in by_id.items() if style.get(qn("w:default")) == "1")
    pending = list(used)
    while pending:
        style = by_id.get(pending.pop())
        for link in () if style is None else ("basedOn", "link", "next"):
            target = style.find(qn(f"w:{link}"))
            if target is not None and target.get(qn("w:val")) not in used:
                used.add(target.get(qn("w:val")))
                pending.append(target.get(qn("w:val")))
    for style_id, style in by_id.items():
        if style_id not in used:
            styles.remove(style)


def opening(landscape: bool, kind: str, title: str, footer: str, lead: str) -> Document:
    """A new template with its running header and footer, title, subtitle and lead text."""
    doc = new_document(landscape)
    section = doc.sections[0]
    page_header(section, "{{ organisation.name }}  ·  " + kind + "  ·  Ombudsman case "
                         "{{ case_references }}")
    page_footer(section, footer)
    para(doc, title, "Title")
    para(doc, "{{ organisation.name }}", "Subtitle")
    para(doc, lead, "Lead Text")
    return doc


def save(doc: Document, name: str, title: str) -> None:
    props = doc.core_properties
    props.author = ""
    props.last_modified_by = ""
    props.title = title
    props.subject = ""
    props.keywords = ""
    props.comments = ""
    props.category = ""
    props.language = "en-GB"
    props.revision = 1
    props.created = props.modified = dt.datetime(2026, 1, 1)
    _drop_parts(doc)
    prune_styles(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    data = reproducible_zip(buffer.getvalue())
    (TEMPLATES / name).write_bytes(data)
    print(f"wrote {TEMPLATES / name}")


# ---------------------------------------------------------------- the action plan

def action_plan() -> None:
    body = opening(
        landscape=True, kind="Action plan", title="{{ title }}",
        footer="{{ title }}  ·  Version {{ plan.version }} ({{ plan.status }}), "
               "{{ plan.prepared_on }}",
        lead="This plan sets out what {{ organisation.name }} has done and will do about the "
             "failings and recommendations of the {{ ombudsman.name }}'s "
             "{{ ombudsman.decision }} of "
             "{{ ombudsman.final_report_date }} (case {{ case_references }}), who is "
             "responsible, when each action starts and finishes, and how the organisation "
             "will know that the changes have worked and are lasting.")
    _appendix_styles(body)
    table(body, [6.5, 19.2], ["Plan details", ""], [
        ["Organisation", "{{ organisation.name }}"],
        ["Address", "{{ organisation.address }}"],
        ["Contact about this plan", "{{ organisation.contact }}"],
        ["Ombudsman", "{{ ombudsman.name }}"],
        ["Case reference", "{{ case_references }}"],
        ["Date of the {{ ombudsman.decision }}", "{{ ombudsman.final_report_date }}"],
        ["Plan version and status", "Version {{ plan.version }}: {{ plan.status }}"],
        ["Date of this version", "{{ plan.prepared_on }}"],
        ["Progress last recorded", "{{ progress_recorded }}"],
        ["Date agreed for sending the plan", "{{ plan.submit_by }}"],
    ], label_column=True, caption="Plan details")

    para(body, "Action tracker", "Heading 1")
    para(body, "{{ rag_key }}", "Small Print")
    tracker(body)

    tag(body, "{%p if recommendations %}")
    para(body, "The ombudsman's recommendations", "Heading 1")
    table(body, [2.0, 16.2, 3.0, 4.5], ["Ref", "Recommendation", "Report paragraph",
                                         "Answered by actions"], [
        "{%tr for rec in recommendations %}",
        ["{{ rec.id }}", "{{ rec.text }}", "{{ rec.report_paragraph }}", "{{ rec.actions }}"],
        "{%tr endfor %}",
    ], caption="Recommendations")
    tag(body, "{%p endif %}")

    tag(body, "{%p if failings %}")
    para(body, "The failings the ombudsman found", "Heading 1")
    tag(body, "{%p for failing in failings %}")
    para(body, "{{ failing.heading }}", "Heading 2")
    para(body, "{{ failing.source }}", "Small Print")
    para(body, "{{ failing.summary }}")
    tag(body, "{%p if failing.root_cause %}")
    para(body, "Why it happened: {{ failing.root_cause }}")
    tag(body, "{%p endif %}")
    tag(body, "{%p if failing.action_ids %}")
    para(body, "Addressed by: {{ failing.action_ids }} (see the tracker and the appendix).")
    tag(body, "{%p else %}")
    para(body, "No action has been recorded for this failing yet.")
    tag(body, "{%p endif %}")
    tag(body, "{%p endfor %}")
    tag(body, "{%p endif %}")

    para(body, "Involving the complainant", "Heading 1")
    para(body, "{{ involvement }}")

    para(body, "Copies of this plan and progress updates", "Heading 1")
    para(body, "Everyone the {{ ombudsman.decision }} lists receives a copy of this plan "
               "and regular "
               "updates until every action is complete.").paragraph_format.keep_with_next = True
    table(body, [8.2, 4.5, 4.5, 8.5], ["Recipient", "Role in the case", "Copy of the plan sent",
                                       "Progress updates"], [
        "{%tr for party in parties %}",
        ["{{ party.name }}", "{{ party.kind }}", "{{ party.plan_sent_on }}", "{{ party.updates }}"],
        "{%tr endfor %}",
    ], caption="Recipients of the plan")
    tag(body, "{%p if not parties %}")
    para(body, "No recipients have been recorded yet.")
    tag(body, "{%p endif %}")
    tag(body, "{%p if updates %}")
    para(body, "Updates sent so far", "Heading 2")
    table(body, [4.0, 13.7, 8.0], ["Date", "Update", "Sent to"], [
        "{%tr for update in updates %}",
        ["{{ update.date }}", "{{ update.summary }}", "{{ update.sent_to }}"],
        "{%tr endfor %}",
    ], caption="Progress updates sent")
    tag(body, "{%p endif %}")

    governance(body)

    para(body, "Standards cited in this plan", "Heading 1")
    tag(body, "{%p if standards %}")
    table(body, [8.7, 7.2, 6.3, 4.5], ["Standard", "Published by", "Where to read it",
                                        "Cited by"], [
        "{%tr for standard in standards %}",
        ["{{ standard.title }}", "{{ standard.publisher }}", "{{ standard.url }}",
         "{{ standard.cited_by }}"],
        "{%tr endfor %}",
    ], caption="Standards cited")
    tag(body, "{%p else %}")
    para(body, "No standards are cited yet.")
    tag(body, "{%p endif %}")

    appendix(body)
    tag(body, "{%p if draft_notice %}")
    para(body, "{{ draft_notice }}", "Small Print")
    tag(body, "{%p endif %}")
    # Denser than the checklist: a 40-action plan's tracker fits about 8 actions a page.
    body.styles["Heading 3"].paragraph_format.space_before = Pt(6)
    for name in ("Table Text", "Table Label", "Table Heading"):
        body.styles[name].font.size = Pt(8.5)
        body.styles[name].paragraph_format.space_after = Pt(1)
    section = body.sections[0]
    section.left_margin = section.right_margin = Cm(1.5)
    section.top_margin = section.bottom_margin = Cm(1.5)
    save(body, "action-plan.docx", "Action plan")


def _cell_margins(tbl, side) -> None:
    """Narrower left and right cell margins than Word's 0.19 cm, for a dense table."""
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        margin = OxmlElement(f"w:{edge}")
        margin.set(qn("w:w"), str(int(side.twips)))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    tbl._tbl.tblPr.append(margins)


def _appendix_styles(body) -> None:
    """The appendix's 8 pt text (the smallest the plan uses) and its header row's style."""
    for name, bold in (("Appendix Text", False), ("Appendix Heading", True)):
        style = body.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = body.styles["Normal"]
        style.font.size = Pt(8)
        style.font.bold = bold
        style.paragraph_format.space_after = Pt(1)
        style.paragraph_format.space_before = Pt(0)
        style.paragraph_format.line_spacing = 1.0


def _span(row, style: str = "Table Label", fill: str | None = LABEL_FILL):
    """Merge a row's cells into one (a group heading or a one-line note across the table)."""
    cell = row.cells[0].merge(row.cells[-1])
    for extra in cell.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    cell.paragraphs[0].style = style
    if fill:
        _shade(cell, fill)
    return cell


def tracker(body) -> None:
    """The one-page-per-eight-actions grid: a heading row per recommendation (or failing),
    then a row per action, its status in words over a RAG fill (docxtpl's cellbg)."""
    grid = table(body, [9.6, 3.6, 2.8, 2.9, 3.0, 4.8],
                 ["Action", "Lead", "Start", "Target", "Status", "Evidence"], [
                     "{%tr for group in grid %}",
                     ["{{ group.heading }}"] + [""] * 5,
                     "{%tr for row in group.rows %}",
                     ["", "{{ row.lead }}", "{{ row.start }}", "{{ row.target }}",
                      "{% cellbg row.fill %}{{ row.rag_status }}", "{{ row.evidence_refs }}"],
                     "{%tr endfor %}",
                     "{%tr endfor %}",
                 ], caption="Action tracker")
    heading = _span(grid.rows[2])
    heading.paragraphs[0].paragraph_format.keep_with_next = True
    tag(heading, "{%p if group.empty %}")
    para(heading, "{{ group.empty }}", "Small Print")
    tag(heading, "{%p endif %}")
    action = grid.rows[4].cells[0].paragraphs[0]
    action.add_run("{{ row.id }}").bold = True
    action.add_run("  {{ row.description }}")
    note = action.add_run("{{ row.note }}")
    note.font.size, note.font.color.rgb = Pt(8), GREY


def governance(body) -> None:
    """Review, sufficiency, the approval route, the version history and the accountable
    officer's signature block."""
    para(body, "Review, approval and assurance", "Heading 1")
    table(body, [6.5, 19.2], ["Assurance", ""], [
        ["Plan review date", "{{ review.date }}"],
        ["Plan reviewed by", "{{ review.by }}"],
        ["Are the actions sufficient?", "{{ sufficiency.statement }}"],
        ["Judgement made by", "{{ sufficiency.by }}"],
        ["Judgement recorded on", "{{ sufficiency.on }}"],
    ], label_column=True, caption="Review and assurance")
    tag(body, "{%p if approval %}")
    para(body, "Approval and assurance route", "Heading 2")
    table(body, [16.2, 9.5], ["Approved by", "On"], [
        "{%tr for step in approval %}",
        ["{{ step.by }}", "{{ step.on }}"],
        "{%tr endfor %}",
    ], caption="Approval and assurance route")
    tag(body, "{%p endif %}")
    tag(body, "{%p if history %}")
    para(body, "Version history", "Heading 2")
    table(body, [3.0, 4.5, 18.2], ["Version", "Date", "What changed"], [
        "{%tr for version in history %}",
        ["{{ version.version }}", "{{ version.date }}", "{{ version.changes }}"],
        "{%tr endfor %}",
    ], caption="Version history")
    tag(body, "{%p endif %}")
    para(body, "Sign-off by the accountable officer", "Heading 2")
    signature = table(body, [6.5, 19.2], ["Accountable officer", ""], [
        ["Name and role", "{{ sign_off.by }}"],
        ["Date approved", "{{ sign_off.on }}"],
        ["Signature", ""],
    ], label_column=True, caption="Sign-off by the accountable officer")
    signature.rows[-1].height = Cm(1.6)


def appendix(body) -> None:
    """One compact table, a row per action, for what the tracker does not show: who is
    responsible, the standards and how each is met, review, monitoring and audit, impact,
    evidence and progress. A gap is a dash; the first cell names the gaps once."""
    para(body, "Appendix: how each action will be checked", "Heading 1")
    para(body, "Each row continues the action of the same number in the tracker. Standards "
               "are named briefly; their full titles are in the list of standards cited. A "
               "dash marks something not yet recorded.",
         "Small Print").paragraph_format.keep_with_next = True
    detail = table(body, [2.9, 5.9, 3.0, 5.4, 5.0, 4.5],
                   ["Action", "Standards and how they are met", "Review",
                    "Monitoring and audit", "How impact is measured", "Evidence and progress"], [
        "{%tr for action in actions %}",
        ["", "{{ action.standards_brief }}", "{{ action.review_brief }}",
         "{{ action.monitoring_audit }}", "{{ action.impact_brief }}", "{{ action.record }}"],
        "{%tr endfor %}",
    ], caption="How each action will be checked")
    for row in detail.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.style = "Appendix Heading" if row is detail.rows[0] else "Appendix Text"
    _cell_margins(detail, Cm(0.1))
    first = detail.rows[2].cells[0].paragraphs[0]
    first.add_run("{{ action.id }}").bold = True
    first.add_run(" \u00b7 {{ action.status }}")
    para(detail.rows[2].cells[0], "{{ action.about }}", "Appendix Text")


# ---------------------------------------------------------------- the checklist sheet

def checklist() -> None:
    doc = opening(
        landscape=False, kind="Action plan checklist", title="Action plan checklist",
        footer="Checklist for action plan version {{ plan.version }}, {{ plan.prepared_on }}",
        lead="{{ checklist_lead }} Each answer below is worked out from the plan as it stood "
             "on the date checked: \u201cnot yet due\u201d marks a step the plan has not "
             "reached yet, and \u201cneeds confirmation\u201d a judgement that someone still "
             "has to record.")
    table(doc, [5.5, 11.5], ["Plan checked", ""], [
        ["Organisation", "{{ organisation.name }}"],
        ["Case reference", "{{ case_references }}"],
        ["Ombudsman", "{{ ombudsman.name }}"],
        ["Plan version and status", "Version {{ plan.version }}: {{ plan.status }}"],
        ["Date of the plan", "{{ plan.prepared_on }}"],
        ["Checked on", "{{ checked_on }}"],
        ["Stage on that date", "{{ stage }}"],
        ["Prepared by", "{{ prepared_by }}"],
        ["Result", "{{ summary }}"],
    ], label_column=True, caption="Plan checked")
    para(doc, "The ten questions", "Heading 1")
    questions = table(doc, [1.1, 5.6, 2.6, 7.7],
                      ["No.", "Question", "Answer", "Why, and what remains to do"], [
        "{%tr for q in questions %}",
        ["{{ q.number }}", "{{ q.question }}", "{{ q.answer }}", "{{ q.detail }}"],
        "{%tr endfor %}",
    ], caption="Checklist questions")
    para(questions.rows[2].cells[1], "{{ q.source }}", "Small Print")
    para(doc, "Also noted", "Heading 1")
    para(doc, "{{ also_noted }}")
    save(doc, "checklist.docx", "Action plan checklist")


if __name__ == "__main__":
    TEMPLATES.mkdir(exist_ok=True)
    action_plan()
    checklist()
