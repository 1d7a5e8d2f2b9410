"""Regenerate templates/letter-update.docx, the progress-update letter of ``apgen letters``.

Built with the same styles and helpers as the action plan's templates (tools/make_templates.py),
so the letters look like the plan they follow; users restyle the Word file as they like (a
letterhead, a logo) and apgen lints it like the others. Run: python tools/make_letter_templates.py
"""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from actionplan_gen.ooxml import reproducible_zip

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def _shared():
    """tools/make_templates.py, loaded by path: tools/ is not a package."""
    spec = importlib.util.spec_from_file_location(
        "make_templates", Path(__file__).resolve().parent / "make_templates.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def letter_update() -> None:
    shared = _shared()
    doc = shared.new_document(landscape=False)
    _letter_styles(doc, shared.NAVY)
    shared.page_footer(doc.sections[0], "{{ organisation.name }}  ·  Ombudsman case "
                                         "{{ case_references }}")
    shared.para(doc, "{{ organisation.name }}", "Letterhead")
    shared.para(doc, "{{ organisation.address }}", "Sender Address")
    shared.tag(doc, "{%p if recipient %}")
    shared.para(doc, "{{ recipient }}", "Recipient")
    shared.tag(doc, "{%p endif %}")
    shared.para(doc, "{{ date }}")
    shared.para(doc, "Our reference: ombudsman case {{ case_references }}", "Small Print")
    shared.para(doc, "{{ salutation }}", "Salutation")
    shared.para(doc, "{{ title }}", "Heading 1")
    shared.tag(doc, "{%p if draft_notice %}")
    shared.para(doc, "{{ draft_notice }}", "Lead Text")
    shared.tag(doc, "{%p endif %}")
    shared.para(doc, "{{ opening }}")
    shared.tag(doc, "{%p for section in sections %}")
    shared.para(doc, "{{ section.heading }}", "Heading 2")
    shared.para(doc, "{{ section.text }}")
    shared.tag(doc, "{%p endfor %}")
    shared.para(doc, "What happens next", "Heading 2")
    shared.para(doc, "{{ next_steps }}")
    shared.tag(doc, "{%p if next_letter %}")
    shared.para(doc, "{{ next_letter }}")
    shared.tag(doc, "{%p endif %}")
    shared.para(doc, "Who to contact", "Heading 2")
    shared.para(doc, "{{ contact }}")
    shared.para(doc, "{{ closing }}", "Closing")
    shared.para(doc, "{{ signature }}", "Signature")
    save(doc, shared, "letter-update.docx", "Progress update")


def _letter_styles(doc, navy) -> None:
    """A letter reads at 11 point with room to breathe; the letterhead sits on the right."""
    styles = doc.styles
    styles["Normal"].font.size = Pt(11)
    styles["Normal"].paragraph_format.space_after = Pt(8)
    for name in ("Heading 1", "Heading 2"):
        styles[name].font.size = Pt(13 if name == "Heading 1" else 11.5)
    head = styles.add_style("Letterhead", WD_STYLE_TYPE.PARAGRAPH)
    head.base_style = styles["Normal"]
    head.font.size, head.font.bold, head.font.color.rgb = Pt(15), True, navy
    head.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    head.paragraph_format.space_after = Pt(2)
    sender = styles.add_style("Sender Address", WD_STYLE_TYPE.PARAGRAPH)
    sender.base_style = styles["Normal"]
    sender.font.size = Pt(9.5)
    sender.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    sender.paragraph_format.space_after = Pt(24)
    for name, before, after in [("Recipient", 0, 18), ("Salutation", 18, 8),
                                ("Closing", 16, 48), ("Signature", 0, 0)]:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
        style.paragraph_format.keep_with_next = name == "Closing"


def save(doc, shared, name: str, title: str) -> None:
    """As make_templates.save, into this script's TEMPLATES (which tests may redirect)."""
    props = doc.core_properties
    for attribute in ("author", "last_modified_by", "subject", "keywords", "comments",
                      "category"):
        setattr(props, attribute, "")
    props.title, props.language, props.revision = title, "en-GB", 1
    props.created = props.modified = shared.dt.datetime(2026, 1, 1)
    shared._drop_parts(doc)
    shared.prune_styles(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    (TEMPLATES / name).write_bytes(reproducible_zip(buffer.getvalue()))
    print(f"wrote {TEMPLATES / name}")


if __name__ == "__main__":
    TEMPLATES.mkdir(exist_ok=True)
    letter_update()
