"""Render a context through a docxtpl template into reproducible .docx bytes.

Templates are Word files users restyle and share between trusts, so a template is untrusted
code. One sandboxed Jinja environment per process renders every template: autoescape on (so
& < > survive), StrictUndefined (a template asking for something apgen does not provide is an
error, not a blank), and None shown as empty. Templates are checked before anything is rendered,
and compiled once per process, in memory only (nothing compiled is written to disk, which would
bypass the sandbox).

The sandbox (``jinja2.sandbox.ImmutableSandboxedEnvironment``) refuses any attribute or item
starting with ``_`` (``__globals__``, ``|attr('__class__')``, ``['__init__']``), Python's
internal attributes, and changes to lists and dicts. On top of it, per document rendered:

- ``range()`` gives at most MAX_RANGE (10,000) numbers; ``lipsum`` is removed;
- at most MAX_STEPS (200,000) steps: loop iterations (including ``loop(...)`` in recursive
  loops), calls, filters and the operators ``* ** + %``;
- no value may grow beyond MAX_SIZE (1,000,000 characters or items, counted through lists and
  dicts): ``*``, ``+``, ``~`` and ``%`` are checked, and so is every filter's and call's input;
  a number larger than MAX_SIZE may not be given to a string method or a width-like filter
  argument (``center``, ``indent``, ``batch`` ...);
- ``**`` takes an exponent of at most MAX_EXPONENT (100), and no integer may exceed MAX_BITS
  (10,000 bits, about 3,000 digits);
- at most MAX_OUTPUT (50 MB) of document text, counted as it is produced, each line break,
  tab or page break in a value at the size its Word markup will have (a 2,000-action plan
  makes about 20 MB); and at most as much again of values shown (inside macros too);
- at most MAX_SECONDS (30) of rendering, checked at every step;
- a recursive macro, an exhausted memory or an overflow ends the render.

Any of these, a sandbox refusal, or anything else going wrong while rendering becomes a
TemplateError (exit 2) naming the template and what it tried; never a traceback.
"""

from __future__ import annotations

import contextvars
import copy
import functools
import io
import re
import time
import zipfile
from dataclasses import field
from functools import lru_cache
from pathlib import Path

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, optimizeconst
from jinja2.runtime import LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from actionplan_gen.regexes import fixed
from actionplan_gen.records import record
from actionplan_gen.errors import TemplateError
from actionplan_gen.ooxml import FIXED_TIME, W, escape, reproducible_zip

MAX_RANGE = 10_000
MAX_STEPS = 200_000
MAX_SIZE = 1_000_000
MAX_EXPONENT = 100
MAX_BITS = 10_000
MAX_OUTPUT = 50_000_000
MAX_SECONDS = 30.0

# What one line break, tab, paragraph mark or page break becomes in Word markup (at most).
_CONTROL_WEIGHT = 120
_CONTROLS = "\n\t\a\f"

@record
class DocumentProperties:
    """What File > Properties shows. The author is the organisation, never a person."""

    title: str
    subject: str
    author: str
    date: str  # ISO date: the plan's prepared_on, so rebuilding changes nothing


class TemplateLimit(SecurityError):
    """A template went past one of the limits above; the message says which, in plain words."""


@record(frozen=False)
class _Budget:
    """What one document's render has used so far: steps, output and time."""

    steps: int = 0
    output: int = 0  # the document's text as produced, line breaks at their Word size
    shown: int = 0  # every value shown, also inside macros and {% set %} blocks
    deadline: float = 0.0

    def step(self) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise TemplateLimit(f"tried to do more than {MAX_STEPS:,} steps (loop rounds, "
                                "calls and filters)")
        if time.monotonic() > self.deadline:
            raise TemplateLimit(f"took longer than {MAX_SECONDS:g} seconds to fill in")

    def produce(self, size: int) -> None:
        self.output += size
        _check_output(self.output)

    def show(self, size: int) -> None:
        self.shown += size
        _check_output(self.shown)


def _check_output(size: int) -> None:
    if size > MAX_OUTPUT:
        raise TemplateLimit(f"tried to produce more than {MAX_OUTPUT // 1_000_000} MB "
                            "of document text")


_BUDGET: contextvars.ContextVar[_Budget] = contextvars.ContextVar("apgen_template_budget")


def _budget() -> _Budget:
    """The budget of the render in progress (a fresh one if called outside ``render``)."""
    budget = _BUDGET.get(None)
    if budget is None:
        budget = _fresh_budget()
        _BUDGET.set(budget)
    return budget


def _fresh_budget() -> _Budget:
    return _Budget(deadline=time.monotonic() + MAX_SECONDS)


def _size(value, limit: int = MAX_SIZE) -> int:
    """An upper estimate of how big ``value`` becomes as text, counting through containers
    (a list repeating one long string a million times is a million long strings); stops
    counting once past ``limit``."""
    total, pending = 0, [value]
    while pending and total <= limit:
        item = pending.pop()
        if isinstance(item, str):
            total += len(item)
        elif isinstance(item, bool | float | None):
            total += 8
        elif isinstance(item, int):
            total += item.bit_length() // 3 + 1
        elif isinstance(item, dict):
            total += 4 * len(item)
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list | tuple | set | frozenset):
            total += 4 * len(item)
            pending.extend(item)
        elif hasattr(item, "__html__"):
            total += len(item.__html__())
        else:
            total += 100  # apgen's own values and Jinja's objects show as short text
    return total


def _check_size(value, what: str = "build a value"):
    if _size(value) > MAX_SIZE:
        raise TemplateLimit(f"tried to {what} longer than {MAX_SIZE:,} characters or items")
    return value


def _check_number(value, what: str) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_SIZE:
        raise TemplateLimit(f"gave {what} a number larger than {MAX_SIZE:,}")


def _bounded_range(*args: int) -> range:
    """``range`` for templates: at most MAX_RANGE numbers."""
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise TemplateLimit(f"asked range() for more than {MAX_RANGE:,} numbers")
    return numbers


def _counted(iterable):
    """Every loop runs through this: each round is a step of the render's budget."""
    budget = _budget()
    for item in iterable:
        budget.step()
        yield item


# Filters whose arguments are widths or counts: a huge one builds a huge text or list.
_WIDTH_FILTERS = frozenset({"center", "indent", "batch", "slice", "format"})


def _guarded_filter(name: str, function):
    """A built-in filter that counts as a step and refuses oversized input or widths."""

    @functools.wraps(function)
    def guarded(*args, **kwargs):
        _budget().step()
        for value in (*args, *kwargs.values()):
            if not isinstance(value, jinja2.Environment | jinja2.runtime.Context
                              | jinja2.nodes.EvalContext):
                _check_size(value, f"pass the filter {name} a value")
            if name in _WIDTH_FILTERS:
                _check_number(value, f"the filter {name}")
        return function(*args, **kwargs)

    return guarded


_FORMAT_WIDTH = fixed(r"%[-#0 +]*(\*|\d{7,})|\.(\*|\d{7,})")


class _Generator(CodeGenerator):
    """Jinja's code generator, with ``~`` checked so repeated joining cannot grow forever.

    It also notes the names the template reads from the context, as ``jinja2.meta`` does with
    a second pass of the same generator: the lint costs no parse or pass of its own."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.undeclared: set[str] = set()

    def enter_frame(self, frame) -> None:
        super().enter_frame(frame)
        for action, param in frame.symbols.loads.values():
            if action == "resolve" and param not in self.environment.globals:
                self.undeclared.add(param)

    @optimizeconst
    def visit_Concat(self, node: nodes.Concat, frame) -> None:
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            join = "markup_join"
        else:
            join = "str_join"
        self.write(f"{join}(environment.checked_parts((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write(")))")


class _Sandbox(ImmutableSandboxedEnvironment):
    """The sandbox with apgen's limits (see the module docstring) and a compile cache."""

    code_generator_class = _Generator
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self) -> None:
        super().__init__(autoescape=True, undefined=jinja2.StrictUndefined,
                         finalize=self._finalize)
        self.globals["range"] = _bounded_range
        self.globals.pop("lipsum", None)
        self.filters = {name: _guarded_filter(name, function)
                        for name, function in self.filters.items()}
        self.filters[_COUNTED] = _counted
        self._compiled: dict[str, jinja2.Template] = {}

    @staticmethod
    def _finalize(value):
        """None shows as empty; everything shown counts towards the output limits, and a
        line break, tab or page break in a value towards the document at its Word size."""
        if value is None:
            return ""
        budget = _budget()
        budget.show(_size(value, MAX_OUTPUT))
        if isinstance(value, str):
            budget.produce(_CONTROL_WEIGHT * sum(map(value.count, _CONTROLS)))
        return value

    def concat(self, parts) -> str:
        """Join a rendered part, counting it towards the output limit as it grows."""
        budget, pieces = _budget(), []
        for piece in parts:
            budget.produce(len(piece))
            pieces.append(piece)
        return "".join(pieces)

    def checked_parts(self, parts: tuple) -> tuple:
        """The operands of ``~``, refused if joining them would build an oversized text."""
        return _check_size(parts, "join text")

    def _parse(self, source, name, filename):
        """Parse, then route every loop through ``_counted`` so each round is counted."""
        tree = super()._parse(source, name, filename)
        for loop in tree.find_all(nodes.For):
            loop.iter = nodes.Filter(loop.iter, _COUNTED, [], [], None, None,
                                     lineno=loop.iter.lineno)
        return tree

    def from_string(self, source, globals=None, template_class=None):
        """Compile each distinct template text once per process (in memory only)."""
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        if source not in self._compiled:
            self.compile_with_names(source)
        return self._compiled[source]

    def compile_with_names(self, source: str) -> frozenset:
        """Parse and compile ``source`` once (kept for ``from_string``); the names it reads
        from the context. A syntax error raises TemplateSyntaxError, as ``from_string`` does."""
        try:
            generator = self.code_generator_class(self, None, None, None, False, self.optimized)
            generator.visit(self._parse(source, None, None))
        except jinja2.TemplateSyntaxError:
            self.handle_exception(source=source)
        code = self._compile(generator.stream.getvalue(), "<template>")
        if len(self._compiled) > 64:
            self._compiled.clear()
        self._compiled[source] = self.template_class.from_code(self, code,
                                                               self.make_globals(None))
        return frozenset(generator.undeclared)

    def call_binop(self, context, operator: str, left, right):
        """``* ** + %`` with their results bounded before they are built."""
        _budget().step()
        if operator == "**":
            _check_power(left, right)
        elif operator == "*":
            _check_product(left, right)
        elif operator == "+":
            _check_sum(left, right)
        elif operator == "%" and isinstance(left, str):
            _check_format(left, right)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context, __obj, *args, **kwargs):  # Jinja's own signature
        """Every call is a step; a recursive loop's ``loop(...)`` is counted too; string
        methods may not be given widths or counts beyond the limit."""
        _budget().step()
        for value in (*args, *kwargs.values()):
            _check_size(value, "pass a call a value")
            if isinstance(getattr(__obj, "__self__", None), str):
                _check_number(value, f"the string method {getattr(__obj, '__name__', '')}")
        if isinstance(__obj, LoopContext) and args:
            args = (_counted(args[0]), *args[1:])
        return super().call(__context, __obj, *args, **kwargs)


_COUNTED = "apgen_counted_loop"


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _bits(value) -> int:
    return value.bit_length() if isinstance(value, int) else 64


def _check_power(base, exponent) -> None:
    if _is_number(base) and _is_number(exponent) and exponent > 0:
        if exponent > MAX_EXPONENT:
            raise TemplateLimit(f"tried to raise a number to a power above {MAX_EXPONENT}")
        if isinstance(base, int) and isinstance(exponent, int) \
                and _bits(base) * exponent > MAX_BITS:
            raise TemplateLimit(f"tried to build a number longer than {MAX_BITS:,} bits")


def _check_product(left, right) -> None:
    if _is_number(left) and _is_number(right):
        if _bits(left) + _bits(right) > MAX_BITS:
            raise TemplateLimit(f"tried to build a number longer than {MAX_BITS:,} bits")
        return
    count = right if _is_number(right) else left
    sequence = left if count is right else right
    if isinstance(count, int) and count > 0 and _size(sequence) * count > MAX_SIZE:
        raise TemplateLimit(f"tried to repeat text or a list beyond {MAX_SIZE:,} "
                            "characters or items")


def _check_sum(left, right) -> None:
    if _is_number(left) and _is_number(right):
        return
    if _size(left) + _size(right) > MAX_SIZE:
        raise TemplateLimit(f"tried to join text or lists beyond {MAX_SIZE:,} "
                            "characters or items")


def _check_format(text: str, arguments) -> None:
    """``'%10d' % x``: a width or precision may not build oversized text."""
    if _FORMAT_WIDTH.search(text):
        raise TemplateLimit(f"tried to format with a width beyond {MAX_SIZE:,}")
    _check_size(arguments, "format a value")


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The one sandboxed environment of this process, made when first needed."""
    return _Sandbox()


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
    """The top-level names a template uses; a Jinja syntax error, or no tag at all (the wrong
    file, most likely), is a TemplateError. Each part is compiled here exactly as docxtpl's
    ``render_xml_part`` will ask for it, so rendering finds it compiled."""
    parts = [template.patch_xml(template.get_xml())]
    for relation in template.docx.part.rels.values():
        if relation.reltype in (template.HEADER_URI, template.FOOTER_URI):
            parts.append(template.patch_xml(relation.target_part.blob.decode("utf-8")))
    if not any("{{" in xml or "{%" in xml for xml in parts):
        raise TemplateError("the template has no placeholders ({{ ... }}); is this the right "
                            "file? templates/README.md lists what apgen provides", file=name)
    names: set[str] = set()
    try:
        for xml in parts:
            names |= environment().compile_with_names(_PARAGRAPH_START.sub(r"\n<w:p\1", xml))
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"the template has a tag error: {exc.message}{_near(exc)}",
                            file=name) from None
    return frozenset(names)


# docxtpl's render_xml_part puts each paragraph on its own line before compiling.
_PARAGRAPH_START = fixed(r"<w:p([ >])")


@lru_cache(maxsize=1)
def _template_class():
    """DocxTemplate remembering its XML patching: linting and rendering patch the same XML."""
    from docxtpl import DocxTemplate

    from actionplan_gen.render.patching import skipping_passes

    patched: dict[str, str] = {}

    class CachingTemplate(DocxTemplate):
        def patch_xml(self, src_xml):
            if src_xml not in patched:
                if len(patched) > 64:
                    patched.clear()
                with skipping_passes():
                    patched[src_xml] = super().patch_xml(src_xml)
            return patched[src_xml]

        def resolve_listing(self, xml):
            """docxtpl's, applied only to the paragraphs holding a tab, line break, paragraph
            mark or page break: on any other paragraph it changes nothing."""
            if not _HAS_CONTROL.search(xml):
                return xml
            resolve = super().resolve_listing
            return _PARAGRAPH.sub(lambda m: resolve(m.group(0))
                                  if _HAS_CONTROL.search(m.group(0)) else m.group(0), xml)

    return CachingTemplate


# docxtpl's own paragraph pattern (resolve_listing), and the characters it turns into markup.
_PARAGRAPH = fixed(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)
_HAS_CONTROL = fixed("[\t\a\n\f]")


def render(template_path: Path, context: dict, properties: DocumentProperties) -> bytes:
    """The rendered document's bytes, with properties set and zip timestamps fixed.

    A template is opened once per process (per file version). Each render fills in the parts
    that carry tags (body, headers, footers) exactly as docxtpl's ``render`` does, takes every
    other part's bytes as python-docx's ``save`` writes them (serialised once), and writes the
    zip once, in ``finish``'s order and form: the bytes docxtpl, python-docx and ``finish``
    made, without reopening, saving and rezipping the package each time."""
    key = _file_key(template_path)
    prepared = _PREPARED.get(key)
    if prepared is None:
        template = check_template(template_path, context)
        prepared = _prepare(template, key)
        if prepared is None:  # a template with footnotes: docxtpl's whole road
            return _render_whole(template, template_path, context, properties)
    _check_variables(prepared.variables, str(template_path), context)
    return prepared.render(template_path, context, properties)


def _render_whole(template, template_path: Path, context: dict,
                  properties: DocumentProperties) -> bytes:
    token = _BUDGET.set(_fresh_budget())
    try:
        template.render(context, environment())
    except Exception as exc:  # a template is untrusted code: whatever it does, exit 2
        raise TemplateError(_render_failure(exc), file=str(template_path)) from None
    finally:
        _BUDGET.reset(token)
    _real_bullets(template.docx)
    buffer = io.BytesIO()
    template.save(buffer)
    return finish(buffer.getvalue(), properties)


def _file_key(path: Path) -> tuple | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (str(path), stat.st_mtime_ns, stat.st_size)


def _check_variables(variables: frozenset, name: str, context: dict) -> None:
    unknown = variables - set(context)
    if unknown:
        raise TemplateError(f"the template uses {', '.join(sorted(unknown))}, which apgen does "
                            "not provide; templates/README.md lists what it does", file=name)


# Templates rendered once in this process, by (file, mtime, size): what later renders reuse.
_PREPARED: dict[tuple, _Prepared] = {}


@record(frozen=False)
class _Prepared:
    """One template, opened once: its tagged parts' patched XML and every other part's bytes
    as python-docx writes them, in the order of the package ``finish`` makes."""

    template: object  # a CachingTemplate, opened and never rendered
    variables: frozenset
    root: object  # the document part's element, copied for each render
    body: str  # the body's patched XML
    document_name: str
    headers_footers: list  # (zip name, part, patched XML, encoding), in docxtpl's order
    num_id: str | None  # the List Bullet numbering, or None
    names: list[str]
    static: dict[str, bytes]
    # The static parts' zip entries (ZipInfo, local header and deflated data), each
    # compressed on the first render only: styles.xml alone is ~2 ms of zlib per document.
    packed: dict[str, tuple] = field(default_factory=dict)

    def render(self, template_path: Path, context: dict,
               properties: DocumentProperties) -> bytes:
        from docx.opc.oxml import serialize_part_xml
        from docx.oxml.parser import parse_xml

        template = self.template
        replaced: dict[str, bytes] = {}
        token = _BUDGET.set(_fresh_budget())
        try:  # docxtpl's render, step by step (DocxTemplate.render)
            template.docx_ids_index = 1000
            xml = template.render_xml_part(self.body, template.docx._part, context,
                                           environment())
            tree = template.fix_tables(xml)
            template.fix_docpr_ids(tree)
            root = copy.deepcopy(self.root)
            root.replace(root.find(f"{W}body"), tree)
            for name, part, patched, encoding in self.headers_footers:
                rendered = template.render_xml_part(patched, part, context, environment())
                replaced[name] = serialize_part_xml(parse_xml(rendered.encode(encoding)))
            for text in _property_texts(template):
                environment().from_string(text).render(context)
        except Exception as exc:  # a template is untrusted code: whatever it does, exit 2
            raise TemplateError(_render_failure(exc), file=str(template_path)) from None
        finally:
            _BUDGET.reset(token)
        _bullets(tree, self.num_id)
        replaced[self.document_name] = serialize_part_xml(root)
        replaced["docProps/core.xml"] = _core_xml(properties)
        if "docProps/app.xml" in self.static:
            replaced["docProps/app.xml"] = _app_xml(properties)
        for name in self.names:
            if name not in replaced and name not in self.packed:
                self.packed[name] = _packed(name, self.static[name])
        return _write_zip((name, replaced[name]) if name in replaced else self.packed[name]
                           for name in self.names)


def _property_texts(template) -> list[str]:
    """The core properties docxtpl fills in (DocxTemplate.render_properties)."""
    core = template.docx.core_properties
    return [getattr(core, prop) for prop in ("author", "comments", "identifier", "language",
                                             "subject", "title")]


def _prepare(template, key: tuple | None) -> _Prepared | None:
    """Remember an opened, linted template (None for one with footnotes, which docxtpl
    renders in its own way, or one whose package is unusual)."""
    from docx.opc.packuri import PACKAGE_URI
    from docx.opc.pkgwriter import _ContentTypesItem

    if key is None or key not in _LINTED:
        return None
    template.render_init()
    docx = template.docx
    _property_texts(template)  # as render_properties would, adds core properties if missing
    package = docx.part.package
    parts = list(package.iter_parts())
    if any(part.content_type == "application/vnd.openxmlformats-officedocument."
           "wordprocessingml.footnotes+xml" for part in parts):
        return None
    headers_footers = []
    for uri in (template.HEADER_URI, template.FOOTER_URI):
        for _, part in template.get_headers_footers(uri):
            xml = template.get_part_xml(part)
            headers_footers.append((part.partname.membername, part,
                                    template.patch_xml(xml),
                                    template.get_headers_footers_encoding(xml)))
    document_name = docx.part.partname.membername
    rendered = {document_name, *(name for name, *_ in headers_footers)}
    # What python-docx's PackageWriter writes, in its order; finish() then puts
    # [Content_Types].xml first (it is already) and replaces the properties.
    entries = [("[Content_Types].xml", _ContentTypesItem.from_parts(parts).blob),
               (PACKAGE_URI.rels_uri.membername, package.rels.xml)]
    for part in parts:
        entries.append((part.partname.membername,
                        b"" if part.partname.membername in rendered else part.blob))
        if len(part.rels):
            entries.append((part.partname.rels_uri.membername, part.rels.xml))
    names = [name for name, _ in entries]
    if len(set(names)) != len(names) or "docProps/core.xml" not in names:
        return None
    if len(_PREPARED) > 16:
        _PREPARED.clear()
    prepared = _PREPARED[key] = _Prepared(
        template, _LINTED[key], docx.element, template.patch_xml(template.get_xml()),
        document_name, headers_footers, _list_bullet_numbering(docx), names, dict(entries))
    return prepared


def _write_zip(entries) -> bytes:
    """The package from (name, bytes) in order, written as ``reproducible_zip`` writes it.

    An entry may instead be one ``_packed`` already compressed: its bytes are copied in as
    they are and its ZipInfo, placed at their offset, goes to the central directory that
    zipfile writes, so the package is byte for byte the one ``writestr`` would have made."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in entries:
            if isinstance(entry[0], str):
                target.writestr(_entry_info(entry[0]), entry[1])
                continue
            info, raw = entry
            placed = copy.copy(info)
            placed.header_offset = target.fp.tell()
            target.fp.write(raw)
            target.start_dir = target.fp.tell()  # where zipfile puts what follows
            target.filelist.append(placed)
            target.NameToInfo[placed.filename] = placed
    return out.getvalue()


def _entry_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def _packed(name: str, data: bytes) -> tuple[zipfile.ZipInfo, bytes]:
    """One entry as ``_write_zip`` writes it: its ZipInfo (offset 0), and its local header
    and deflated data (everything zipfile wrote before the central directory)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as one:
        one.writestr(_entry_info(name), data)
        raw = out.getvalue()
        (info,) = one.infolist()
    return info, raw


_UNSAFE = fixed(r"attribute '([^']*)' of '([^']*)' object is unsafe")
_INTERNAL_NAME = fixed(r"attribute '(_[^']*)'")


def _render_failure(exc: Exception) -> str:
    """What went wrong while filling in a template, in a complaints manager's words."""
    if isinstance(exc, TemplateLimit):
        return f"the template {exc.message}; apgen stopped it"
    if isinstance(exc, SecurityError):
        return _refusal(str(exc))
    internal = _INTERNAL_NAME.search(str(exc))
    if isinstance(exc, jinja2.UndefinedError) and internal:  # e.g. ``|attr`` on a refused value
        return (f"the template tried to reach an internal attribute ({internal.group(1)}); "
                "templates may only use the values apgen provides")
    if isinstance(exc, jinja2.UndefinedError):
        return (f"the template asks for something apgen does not provide ({exc.message}); "
                "templates/README.md lists what it does")
    if isinstance(exc, jinja2.TemplateError):
        return f"the template could not be rendered: {exc}{_near(exc)}"
    if isinstance(exc, RecursionError):
        return "the template calls itself without end (a macro that calls itself); apgen stopped it"
    if isinstance(exc, MemoryError | OverflowError):
        return "the template tried to build a value too big for memory; apgen stopped it"
    return f"the template could not be rendered ({type(exc).__name__}: {str(exc)[:200]})"


def _refusal(message: str) -> str:
    """A sandbox refusal: the template reached for Python's internals or changed data."""
    unsafe = _UNSAFE.search(message)
    if unsafe and unsafe.group(1).startswith("_"):
        return (f"the template tried to reach an internal attribute ({unsafe.group(1)}); "
                "templates may only use the values apgen provides")
    if unsafe:
        return (f"the template tried to use {unsafe.group(1)} on a {unsafe.group(2)}, which "
                "templates may not do; templates may only show the values apgen provides")
    return (f"the template tried something templates may not do ({message[:200]}); "
            "templates may only use the values apgen provides")


# Elements that come before w:numPr inside w:pPr (ECMA-376 order).
_BEFORE_NUMPR = {f"{W}{t}" for t in ("pStyle", "keepNext", "keepLines", "pageBreakBefore",
                                      "framePr", "widowControl")}


def _real_bullets(document) -> None:
    """Turn the '•' paragraphs made from '- ' lines into real Word list items, so screen
    readers announce a list. Uses the template's List Bullet numbering; a template
    without one keeps the '•' characters."""
    _bullets(document.element.body, _list_bullet_numbering(document))


def _bullets(body, num_id: str | None) -> None:
    from actionplan_gen.wording import BULLET

    if num_id is None:
        return
    for paragraph in body.iter(f"{W}p"):
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
    ).encode()


def _app_xml(p: DocumentProperties) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        'docPropsVTypes">'
        "<Application>apgen</Application>"
        f"<Company>{escape(p.author)}</Company>"
        "</Properties>"
    ).encode()

