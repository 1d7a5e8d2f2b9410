"""Render a context through a docxtpl template into reproducible .docx bytes.

One Jinja environment for every template: autoescape on (so & < > survive),
StrictUndefined (a template asking for something apgen does not provide is an
error, not a blank), and None shown as empty. Templates are checked before
anything is rendered.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jinja2
from jinja2 import meta

from actionplan_gen.errors import TemplateError
from actionplan_gen.ooxml import W, escape, reproducible_zip


@dataclass(frozen=True)
class DocumentProperties:
    """What File > Properties shows. The author is the organisation, never a person."""

    title: str
    subject: str
    author: str
    date: str  # ISO date: the plan's prepared_on, so rebuilding changes nothing


def environment() -> jinja2.Environment:
    return jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined,
                              finalize=lambda value: "" if value is None else value)


def check_template(path: Path, context: dict):
    """Open and lint a template: a valid .docx, valid Jinja, only variables apgen provides.

    Returns the loaded template, ready to render; raises TemplateError (exit 2) in plain words."""
    name = str(path)
    if not path.is_file():
        raise TemplateError("template not found; check the path", file=name)
    if not zipfile.is_zipfile(path):
        raise TemplateError("this is not a Word .docx file (it is not a zip package)", file=name)
    template = _template_class()(str(path))
    try:
        template.init_docx()
    except Exception as exc:  # python-docx raises many kinds for a broken package
        raise TemplateError(f"Word could not open this template ({type(exc).__name__}); "
                            "save it again from Word as a .docx", file=name) from None
    stat = path.stat()
    key = (name, stat.st_mtime_ns, stat.st_size)
    if key not in _LINTED:
        _LINTED[key] = _variables(template, name)
    unknown = _LINTED[key] - set(context)
    if unknown:
        raise TemplateError(f"the template uses {', '.join(sorted(unknown))}, which apgen does "
                            "not provide; templates/README.md lists what it does", file=name)
    return template


# Top-level names each template uses, by (file, mtime, size): linted once per run.
_LINTED: dict[tuple, frozenset] = {}


def _variables(template, name: str) -> frozenset:
    """The top-level names a template uses; a Jinja syntax error is a TemplateError."""
    xml = template.patch_xml(template.get_xml())
    for relation in template.docx.part.rels.values():
        if relation.reltype in (template.HEADER_URI, template.FOOTER_URI):
            xml += template.patch_xml(relation.target_part.blob.decode("utf-8"))
    try:
        return frozenset(meta.find_undeclared_variables(environment().parse(xml)))
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"the template has a tag error: {exc.message}{_near(exc)}",
                            file=name) from None


@lru_cache(maxsize=1)
def _template_class():
    """DocxTemplate remembering its XML patching: linting and rendering patch the same XML."""
    from docxtpl import DocxTemplate

    patched: dict[str, str] = {}

    class CachingTemplate(DocxTemplate):
        def patch_xml(self, src_xml):
            if src_xml not in patched:
                if len(patched) > 64:
                    patched.clear()
                patched[src_xml] = super().patch_xml(src_xml)
            return patched[src_xml]

    return CachingTemplate


def render(template_path: Path, context: dict, properties: DocumentProperties) -> bytes:
    """The rendered document's bytes, with properties set and zip timestamps fixed."""
    template = check_template(template_path, context)
    try:
        template.render(context, environment())
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"the template asks for something apgen does not provide "
                            f"({exc.message}); templates/README.md lists what it does",
                            file=str(template_path)) from None
    except jinja2.TemplateError as exc:
        raise TemplateError(f"the template could not be rendered: {exc}{_near(exc)}",
                            file=str(template_path)) from None
    _real_bullets(template.docx)
    buffer = io.BytesIO()
    template.save(buffer)
    return finish(buffer.getvalue(), properties)


# Elements that come before w:numPr inside w:pPr (ECMA-376 order).
_BEFORE_NUMPR = {f"{W}{t}" for t in ("pStyle", "keepNext", "keepLines", "pageBreakBefore",
                                      "framePr", "widowControl")}


def _real_bullets(document) -> None:
    """Turn the '•' paragraphs made from '- ' lines into real Word list items, so screen
    readers announce a list. Uses the template's List Bullet numbering; a template
    without one keeps the '•' characters."""
    from actionplan_gen.wording import BULLET

    num_id = _list_bullet_numbering(document)
    if num_id is None:
        return
    for paragraph in document.element.body.iter(f"{W}p"):
        first = next(paragraph.iter(f"{W}t"), None)
        if first is None or not (first.text or "").startswith(BULLET):
            continue
        first.text = first.text[len(BULLET):]
        ppr = paragraph.find(f"{W}pPr")
        if ppr is None:
            ppr = paragraph.makeelement(f"{W}pPr", {})
            paragraph.insert(0, ppr)
        position = sum(1 for child in ppr if child.tag in _BEFORE_NUMPR)
        numpr = ppr.makeelement(f"{W}numPr", {})
        numpr.append(numpr.makeelement(f"{W}ilvl", {f"{W}val": "0"}))
        numpr.append(numpr.makeelement(f"{W}numId", {f"{W}val": num_id}))
        ppr.insert(position, numpr)


def _list_bullet_numbering(document) -> str | None:
    styles = document.styles.element
    for style in styles.iter(f"{W}style"):
        if style.get(f"{W}styleId") == "ListBullet":
            num_id = style.find(f"{W}pPr/{W}numPr/{W}numId")
            return num_id.get(f"{W}val") if num_id is not None else None
    return None


def finish(docx: bytes, properties: DocumentProperties) -> bytes:
    """Replace the document properties and drop the template's leftovers, reproducibly."""
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        names = set(package.namelist())
    replace = {"docProps/core.xml": _core_xml(properties)}
    if "docProps/app.xml" in names:
        replace["docProps/app.xml"] = _app_xml(properties)
    return reproducible_zip(docx, replace=replace)


def _near(exc) -> str:
    context = [line.strip() for line in getattr(exc, "docx_context", []) or [] if line.strip()]
    return f" (near: {' / '.join(context)[:200]})" if context else ""


def _core_xml(p: DocumentProperties) -> bytes:
    stamp = f"{p.date}T00:00:00Z"
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(p.title)}</dc:title>"
        f"<dc:subject>{escape(p.subject)}</dc:subject>"
        f"<dc:creator>{escape(p.author)}</dc:creator>"
        f"<cp:lastModifiedBy>{escape(p.author)}</cp:lastModifiedBy>"
        "<cp:revision>1</cp:revision>"
        "<dc:language>en-GB</dc:language>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode("utf-8")


def _app_xml(p: DocumentProperties) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        'docPropsVTypes">'
        "<Application>apgen</Application>"
        f"<Company>{escape(p.author)}</Company>"
        "</Properties>"
    ).encode("utf-8")

