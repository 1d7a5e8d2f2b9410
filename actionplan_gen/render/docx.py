"""Render a context through a docxtpl template into reproducible .docx bytes.

One Jinja environment for every template: autoescape on (so & < > survive),
StrictUndefined (a template asking for something apgen does not provide is an
error, not a blank), and None shown as empty. Templates are checked before
anything is rendered.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import jinja2
from jinja2 import meta

from actionplan_gen.errors import TemplateError
from actionplan_gen.render.package import normalise


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

    Returns the loaded DocxTemplate; raises TemplateError (exit 2) in plain words."""
    from docxtpl import DocxTemplate

    name = str(path)
    if not path.is_file():
        raise TemplateError("template not found; check the path", file=name)
    if not zipfile.is_zipfile(path):
        raise TemplateError("this is not a Word .docx file (it is not a zip package)", file=name)
    try:
        template = DocxTemplate(str(path))
        template.init_docx()
    except Exception as exc:  # python-docx raises many kinds for a broken package
        raise TemplateError(f"Word could not open this template ({type(exc).__name__}); "
                            "save it again from Word as a .docx", file=name) from None
    env = environment()
    try:
        unknown = template.get_undeclared_template_variables(env) - set(context)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"the template has a tag error: {exc.message}"
                            f"{_near(exc)}", file=name) from None
    if unknown:
        raise TemplateError(f"the template uses {', '.join(sorted(unknown))}, which apgen does "
                            "not provide; templates/README.md lists what it does", file=name)
    return template


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
    buffer = io.BytesIO()
    template.save(buffer)
    return finish(buffer.getvalue(), properties)


def finish(docx: bytes, properties: DocumentProperties) -> bytes:
    """Replace the document properties and drop the template's leftovers, reproducibly."""
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        names = set(package.namelist())
    replace = {"docProps/core.xml": _core_xml(properties)}
    if "docProps/app.xml" in names:
        replace["docProps/app.xml"] = _app_xml(properties)
    return normalise(docx, replace=replace)


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


_TAG = re.compile(r"\{[{%]")
