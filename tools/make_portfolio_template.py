"""Regenerate templates/portfolio.docx, the board paper of ``apgen portfolio``.

Landscape A4, built with the same styles and helpers as the action plan's templates
(tools/make_templates.py): real headings, tables with their header rows marked (repeated on
each page, read as headers by screen readers), en-GB throughout. The chart is a placeholder
picture named ``apgen-portfolio-chart`` whose alt text and size are tags; apgen fills them in
and swaps the picture's bytes for the chart. Run: python tools/make_portfolio_template.py
"""

from __future__ import annotations

import importlib.util
import struct
import zlib
from io import BytesIO
from pathlib import Path

from docx.shared import Cm

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
CHART_NAME = "apgen-portfolio-chart"  # actionplan_gen.portfolio.CHART_NAME
STATUS_HEADINGS = ["Planned", "In progress", "At risk of delay", "Complete",
                   "Complete and independently assured", "Status not recorded"]


def _load(name: str):
    """A sibling script, loaded by path: tools/ is not a package."""
    spec = importlib.util.spec_from_file_location(name, Path(__file__).resolve().parent
                                                  / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _blank_png() -> bytes:
    """A 1x1 white PNG: the placeholder apgen replaces with the chart."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(b"IEND", b""))


def portfolio() -> None:
    shared = _load("make_templates")
    doc = shared.opening(
        landscape=True, kind="Board summary of action plans",
        title="{{ title }}",
        footer="Ombudsman action plans as at {{ as_at }}",
        lead="Position as at {{ as_at }}")
    # The running header names the plans by case reference; one paper covers many cases.
    header = doc.sections[0].header.paragraphs[0]
    header.text = "{{ organisation.name }}  \u00b7  Board summary of ombudsman action plans"
    shared.para(doc, "{{ summary }}")

    shared.para(doc, "Summary", "Heading 1")
    shared.table(doc, [18.7, 7.0], ["Measure", "Number"], [
        "{%tr for item in totals %}",
        ["{{ item.label }}", "{{ item.value }}"],
        "{%tr endfor %}",
    ], label_column=True, caption="Totals across all plans")

    # The chart opens a page of its own: a board turns to it after the totals.
    shared.para(doc, "Actions by status", "Heading 1").paragraph_format.page_break_before = True
    picture = doc.add_paragraph()
    picture.paragraph_format.keep_with_next = True
    run = picture.add_run()
    run.add_picture(BytesIO(_blank_png()), width=Cm(24))
    _tag_picture(run)
    shared.para(doc, "The chart\u2019s numbers, with every status in words:", "Small Print")
    widths = [4.3] + [2.9] * 6 + [4.0]
    shared.table(doc, widths, ["Case", *STATUS_HEADINGS, "All actions"], [
        "{%tr for row in by_status %}",
        ["{{ row.case }}", *(f"{{{{ row.counts[{i}] }}}}" for i in range(6)),
         "{{ row.total }}"],
        "{%tr endfor %}",
        ["All plans", *(f"{{{{ status_totals[{i}] }}}}" for i in range(6)),
         "{{ actions_total }}"],
    ], caption="Actions by status in each plan")

    shared.para(doc, "Each plan", "Heading 1")
    shared.table(doc, [3.2, 4.4, 3.4, 5.2, 2.2, 2.2, 2.5, 2.6],
                 ["Case", "Stage", "Submission deadline", "Actions by status",
                  "Overdue actions", "Updates due", "Recommend\u00adations due",
                  "Due without evidence"], [
                     "{%tr for row in plans %}",
                     ["{{ row.case }}", "{{ row.stage }}", "{{ row.deadline }}",
                      "{{ row.actions }}", "{{ row.overdue }}", "{{ row.updates }}",
                      "{{ row.recommendations_due }}", "{{ row.lacking_evidence }}"],
                     "{%tr endfor %}",
                 ], caption="Where each plan stands")

    shared.para(doc, "Actions past their target date", "Heading 1")
    shared.tag(doc, "{%p if overdue %}")
    shared.table(doc, [4.3, 2.4, 11.0, 4.5, 3.5],
                 ["Case", "Action", "Responsible (role or team)", "Target date", "Overdue by"], [
                     "{%tr for row in overdue %}",
                     ["{{ row.case }}", "{{ row.action }}", "{{ row.owner }}",
                      "{{ row.target }}", "{{ row.days }}"],
                     "{%tr endfor %}",
                 ], caption="Actions past their target date")
    shared.tag(doc, "{%p else %}")
    shared.para(doc, "No action was past its target date.")
    shared.tag(doc, "{%p endif %}")

    shared.para(doc, "Progress updates due", "Heading 1")
    shared.tag(doc, "{%p if updates %}")
    shared.table(doc, [4.3, 11.9, 4.5, 5.0], ["Case", "Update due to", "Due on", "Now"], [
        "{%tr for row in updates %}",
        ["{{ row.case }}", "{{ row.party }}", "{{ row.due }}", "{{ row.days }}"],
        "{%tr endfor %}",
    ], caption="Progress updates due")
    shared.tag(doc, "{%p else %}")
    shared.para(doc, "No progress update was due.")
    shared.tag(doc, "{%p endif %}")

    shared.para(doc, "Recommendations due without evidence of compliance", "Heading 1")
    shared.para(doc, "A recommendation has evidence of compliance when every action answering "
                     "it is complete with at least one item of evidence.", "Small Print")
    shared.tag(doc, "{%p if gaps %}")
    shared.table(doc, [4.3, 3.4, 4.5, 13.5],
                 ["Case", "Recommend\u00adation", "Due by", "What is missing"], [
                     "{%tr for row in gaps %}",
                     ["{{ row.case }}", "{{ row.recommendation }}", "{{ row.due_by }}",
                      "{{ row.missing }}"],
                     "{%tr endfor %}",
                 ], caption="Recommendations due without evidence of compliance")
    shared.tag(doc, "{%p else %}")
    shared.para(doc, "Every recommendation due has evidence of compliance.")
    shared.tag(doc, "{%p endif %}")

    shared.tag(doc, "{%p if invalid %}")
    shared.para(doc, "Plans that could not be counted", "Heading 1")
    shared.para(doc, "These plan files are not valid, so nothing in them is counted above. "
                     "Each is named by its place in the list of files given (the terminal "
                     "shows the file); the first problem is shown.", "Small Print")
    shared.table(doc, [7.0, 18.7], ["Plan", "First problem"], [
        "{%tr for row in invalid %}",
        ["{{ row.label }}", "{{ row.problem }}"],
        "{%tr endfor %}",
    ], caption="Plans that could not be counted")
    shared.tag(doc, "{%p endif %}")
    shared.TEMPLATES = TEMPLATES  # this script's (tests may redirect it)
    shared.save(doc, "portfolio.docx", "Ombudsman action plans: board summary")


def _tag_picture(run) -> None:
    """Name the picture, give it tagged alt text and a tagged size (EMU)."""
    from docx.oxml.ns import qn

    inline = run._r.find(f".//{qn('wp:inline')}")
    inline.find(qn("wp:extent")).set("cx", "{{ chart_cx }}")
    inline.find(qn("wp:extent")).set("cy", "{{ chart_cy }}")
    doc_pr = inline.find(qn("wp:docPr"))
    doc_pr.set("name", CHART_NAME)
    doc_pr.set("descr", "{{ chart_alt }}")
    doc_pr.set("title", "Chart: actions by status in each plan")
    ext = inline.find(f".//{qn('a:xfrm')}/{qn('a:ext')}")
    ext.set("cx", "{{ chart_cx }}")
    ext.set("cy", "{{ chart_cy }}")
    for cnv in inline.iter(qn("pic:cNvPr")):
        cnv.set("name", CHART_NAME)
        cnv.set("descr", "{{ chart_alt }}")


if __name__ == "__main__":
    TEMPLATES.mkdir(exist_ok=True)
    portfolio()
