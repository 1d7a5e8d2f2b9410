"""docxtpl's ``patch_xml``, with the passes that cannot change the text skipped.

docxtpl cleans a template's XML for Jinja in about twenty ``re.sub`` passes over the whole
part, most of them for tags a template rarely uses (``{%tr``, ``colspan``, ``{% vm %}`` ...).
On the action plan's body that was 13 ms of every build. A pass whose every match must contain
some literal (``{%tr `` or ``{{tr ``, say) cannot match text without one, and ``re.sub``
returns such text unchanged, so skipping it gives exactly docxtpl's result. Passes not listed
here, and every pass of a docxtpl other than the pinned one, run as before.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

# Every match of the pattern (docxtpl 0.20.2's text, exactly) holds one of these literals.
NEEDS: dict[str, tuple[str, ...]] = {
    r"(?<={)(<[^>]*>)+(?=[\{%\#])|(?<=[%\}\#])(<[^>]*>)+(?=\})": ("{<", "%<", "}<", "#<"),
    r"(<w:tc[ >](?:(?!<w:tc[ >]).)*){%\s*colspan\s+([^%]*)\s*%}(.*?</w:tc>)": ("colspan",),
    r"(<w:tc[ >](?:(?!<w:tc[ >]).)*){%\s*cellbg\s+([^%]*)\s*%}(.*?</w:tc>)": ("cellbg",),
    r"({{r\s.*?}}|{%r\s.*?%})": ("{{r", "{%r"),
    r"</w:t>(?:(?!</w:t>).)*?{%-": ("{%-",),
    r"-%}(?:(?!<w:t[ >]|{%|{{).)*?<w:t[^>]*?>": ("-%}",),
    r"<w:tc[ >](?:(?!<w:tc[ >]).)*?{%\s*vm\s*%}.*?</w:tc[ >]": ("vm",),
    r"<w:tc[ >](?:(?!<w:tc[ >]).)*?{%\s*hm\s*%}.*?</w:tc[ >]": ("hm",),
}
# {%tr ...%}, {{p ...}} and {#tc ... #}: the tag takes the place of its row, cell, paragraph or run.
_ELEMENT_TAG = r"<w:Y[ >](?:(?!<w:Y[ >]).)*({%|{{)Y ([^}%]*(?:%}|}})).*?</w:Y>"
_ELEMENT_COMMENT = r"<w:Y[ >](?:(?!<w:Y[ >]).)*({#)Y ([^}#]*(?:#})).*?</w:Y>"
for _y in ("tr", "tc", "p", "r"):
    NEEDS[_ELEMENT_TAG.replace("Y", _y)] = ("{%" + _y + " ", "{{" + _y + " ")
for _y in ("tr", "tc", "p"):
    NEEDS[_ELEMENT_COMMENT.replace("Y", _y)] = ("{#" + _y + " ",)


class _SkippingRe:
    """``re`` as docxtpl's template module sees it in ``skipping_passes``: ``sub`` skips a
    listed pattern when the text holds none of its literals."""

    def __getattr__(self, name):
        return getattr(re, name)

    @staticmethod
    def sub(pattern, repl, string, count=0, flags=0):
        needs = NEEDS.get(pattern) if isinstance(pattern, str) else None
        if needs is not None and not any(literal in string for literal in needs):
            return string
        return re.sub(pattern, repl, string, count=count, flags=flags)


@contextmanager
def skipping_passes():
    """Within this block, docxtpl's ``patch_xml`` skips the passes that cannot match."""
    from docxtpl import template as module

    module.re = _SkippingRe()
    try:
        yield
    finally:
        module.re = re
