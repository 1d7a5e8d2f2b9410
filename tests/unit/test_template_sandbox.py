"""The template sandbox (render/docx.py): internals refused, every limit holds, any failure
while rendering is a TemplateError naming the template, never a traceback."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

import jinja2
import pytest
from jinja2.sandbox import SecurityError

from actionplan_gen.errors import TemplateError
from actionplan_gen.pipeline import load_plan
from actionplan_gen.render import docx
from actionplan_gen.render.context import plan_context
from actionplan_gen.resources import template_path

ROOT = Path(__file__).resolve().parents[2]
ANCHOR = "Version {{ plan.version }}"
PROPERTIES = docx.DocumentProperties("t", "s", "Org", "2027-01-01")


def evil_template(folder: Path, injected: str, name: str = "evil.docx") -> Path:
    """A copy of the shipped action-plan template with ``injected`` typed into a paragraph."""
    path = folder / name
    shutil.copyfile(template_path("action-plan.docx"), path)
    with zipfile.ZipFile(template_path("action-plan.docx")) as source:
        parts = {info: source.read(info) for info in source.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in parts.items():
            if info.filename == "word/document.xml":
                text = data.decode("utf-8")
                assert ANCHOR in text
                data = text.replace(ANCHOR, ANCHOR + xml_escape(injected), 1).encode("utf-8")
            out.writestr(info, data)
    return path


@pytest.fixture(scope="module")
def context():
    plan, _warnings = load_plan(ROOT / "samples" / "ellison.plan.yaml")
    return plan_context(plan)


def render_string(source: str, **values) -> str:
    with_budget = docx._BUDGET.set(docx._fresh_budget())
    try:
        return docx.environment().from_string(source).render(**values)
    finally:
        docx._BUDGET.reset(with_budget)


@pytest.mark.parametrize("source", [
    "{{ cycler.__init__.__globals__ }}",
    "{{ joiner.__init__.__globals__.os }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ ''.__class__.__mro__ }}",
    "{{ ().__class__.__base__.__subclasses__() }}",
    "{{ cycler|attr('__init__') }}",
    "{{ cycler['__init__'] }}",
    "{{ dict.__init__ }}",
])
def test_internal_attributes_are_refused(source):
    with pytest.raises(SecurityError):
        render_string(source)


def test_lipsum_is_gone_and_range_is_bounded():
    assert "lipsum" not in docx.environment().globals
    assert render_string("{{ range(3)|list }}") == "[0, 1, 2]"
    with pytest.raises(docx.TemplateLimit, match="range"):
        render_string("{{ range(10**9)|list }}")


@pytest.mark.parametrize("source, what", [
    ("{{ 'a' * 10**10 }}", "repeat"),
    ("{{ 10**(10**10) }}", "power"),
    ("{{ 10**10**10 }}", None),  # Jinja reads it as (10**10)**10: 10 to the 100th, harmless
    ("{{ 2**100 * 2**100 * 2**100 * 2**100 }}", None),
    ("{% set x = 10**100 %}{{ x**100 }}", "bits"),
    ("{% set s = 'a' * 900000 %}{{ s ~ s }}", "join text"),
    ("{% set s = 'a' * 900000 %}{{ s + s }}", "join text or lists"),
    ("{{ ['a' * 1000] * 100000 }}", "repeat"),
    ("{{ '%999999999d' % 1 }}", "width"),
    ("{{ 'x'|center(10**9) }}", "center"),
    ("{{ 'x'.ljust(10**9) }}", "ljust"),
    ("{% set ns = namespace(s='ab') %}{% for i in range(40) %}"
     "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}", "join text"),
    ("{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}", "steps"),
])
def test_limits_stop_a_template_before_it_grows(source, what):
    if what is None:  # well within the limits, and the arithmetic is still right
        assert render_string(source) in (str(2 ** 400), str(10 ** 100))
        return
    with pytest.raises(docx.TemplateLimit, match=what):
        render_string(source)


def test_a_recursive_loop_is_counted():
    source = ("{% for x in [0] * 30 recursive %}{% if x == 0 %}{{ loop(range(1, 10000)) }}"
              "{% endif %}{% endfor %}")  # 30 outer rounds, 300,000 through loop(...)
    with pytest.raises(docx.TemplateLimit, match="steps"):
        render_string(source)


def test_output_is_bounded_as_it_is_produced():
    source = "{% set s = 'a' * 1000000 %}{% for i in range(60) %}{{ s }}{% endfor %}"
    with pytest.raises(docx.TemplateLimit, match="50 MB"):
        render_string(source)


def test_line_breaks_count_at_their_word_size():
    source = "{% set s = '\\n' * 1000000 %}{{ s }}"
    with pytest.raises(docx.TemplateLimit, match="50 MB"):
        render_string(source)


def test_a_slow_template_is_stopped_at_the_deadline(monkeypatch):
    monkeypatch.setattr(docx, "MAX_SECONDS", -1.0)
    with pytest.raises(docx.TemplateLimit, match="seconds"):
        render_string("{% for i in range(2) %}{{ i }}{% endfor %}")


def test_one_environment_and_one_compilation_per_text():
    env = docx.environment()
    assert env is docx.environment()
    assert isinstance(env, jinja2.sandbox.ImmutableSandboxedEnvironment)
    assert env.from_string("{{ a }}!") is env.from_string("{{ a }}!")


def test_none_is_empty_and_text_is_escaped():
    assert render_string("[{{ x }}]", x=None) == "[]"
    assert render_string("{{ x }}", x="A & <B>") == "A &amp; &lt;B&gt;"


@pytest.mark.parametrize("injected, message", [
    ("{{ cycler.__init__.__globals__.os.popen('id').read() }}",
     "tried to reach an internal attribute (__init__)"),
    ("{{ plan['__class__'] }}", "tried to reach an internal attribute (__class__)"),
    ("{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}", "calls itself without end"),
    ("{{ 'a' * 10**10 }}", "tried to repeat text"),
    ("{% for x in range(10**9) %}{% endfor %}", "asked range() for more than 10,000"),
    ("{{ plan.version + 1 }}", "could not be rendered (TypeError"),
])
def test_render_turns_every_failure_into_a_template_error(tmp_path, context, injected, message):
    template = evil_template(tmp_path, injected)
    with pytest.raises(TemplateError) as caught:
        docx.render(template, context, PROPERTIES)
    assert caught.value.file == str(template)
    assert message in caught.value.message
    assert caught.value.exit_code == 2


def test_a_template_without_placeholders_is_refused_at_lint(tmp_path, context):
    from docx import Document
    path = tmp_path / "letterhead.docx"
    document = Document()
    document.add_paragraph("Our trust's letterhead, and nothing to fill in")
    document.save(path)
    with pytest.raises(TemplateError, match=r"has no placeholders \(\{\{ \.\.\. \}\}\)"):
        docx.check_template(path, context)


def test_the_shipped_template_still_renders(context):
    rendered = docx.render(template_path("action-plan.docx"), context, PROPERTIES)
    assert rendered[:2] == b"PK"
