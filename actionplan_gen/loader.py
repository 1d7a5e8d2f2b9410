"""YAML -> plain data plus a source map, refusing anything a plan file should not be.

The loader follows YAML 1.2's core schema, so ``no``, ``on`` and ``yes`` stay
text and dates stay ISO strings; it never runs tags, refuses duplicate keys
(naming both lines), alias bombs, absurd nesting, binary or huge files and
characters that a Word document cannot hold. Every refusal is located.
"""

from __future__ import annotations

import math
import re
from dataclasses import field
from pathlib import Path

import yaml
from yaml.composer import Composer
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

from actionplan_gen.regexes import fixed
from actionplan_gen.records import record
from actionplan_gen.errors import WARNING, PlanInvalid, Problem, UsageError, format_path
from actionplan_gen.sourcemap import Position, SourceMap

MAX_BYTES = 5 * 1024 * 1024
MAX_ALIASES = 100
MAX_DEPTH = 50
MAX_NODES = 200_000

# Characters XML 1.0 (and so Word) cannot hold; tab, LF and CR are fine.
XML_ILLEGAL = fixed("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# DEL and the C1 controls are legal XML but invisible, and Word shows them as boxes or
# breaks the line there; they only ever arrive by pasting.
INVISIBLE = fixed("[\x7f-\x9f]")
_REFUSED = fixed(f"{XML_ILLEGAL.pattern[:-1]}{INVISIBLE.pattern[1:]}")
# A number longer than this is not a quantity a plan can mean (and past 4,300 digits Python
# cannot even print it): it stays text, and the schema says so where a number was wanted.
MAX_NUMBER_CHARS = 50

_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


try:  # libyaml's event parser is about seven times faster than PyYAML's own.
    from yaml._yaml import CParser as _EventParser

    class _Parser(Composer, _EventParser, Resolver):
        def __init__(self, stream):
            _EventParser.__init__(self, stream)
            Composer.__init__(self)
            Resolver.__init__(self)
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    class _Parser(Reader, Scanner, Parser, Composer, Resolver):
        def __init__(self, stream):
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)
            Resolver.__init__(self)


class _Core12Loader(_Parser):
    """A YAML event parser and PyYAML's composer, with YAML 1.2 core resolvers, an
    alias budget and a depth limit. No constructor: _Builder makes the data."""

    yaml_implicit_resolvers: dict = {}

    def __init__(self, stream):
        super().__init__(stream)
        self.alias_count = 0
        self.depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            self.alias_count += 1
            if self.alias_count > MAX_ALIASES:
                mark = self.peek_event().start_mark
                raise _Refusal(mark, f"the file uses more than {MAX_ALIASES} aliases (*name); "
                               "write the values out instead")
        self.depth += 1
        if self.depth > MAX_DEPTH:
            mark = self.peek_event().start_mark
            raise _Refusal(mark, f"the file nests deeper than {MAX_DEPTH} levels; "
                           "a plan never needs that, so check the indentation")
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


for _tag, _pattern, _first in [
    (_NULL, r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    (_BOOL, r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    (_INT, r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    (_FLOAT, r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
             r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", list("-+.0123456789")),
]:
    _Core12Loader.add_implicit_resolver(_tag, re.compile(_pattern), _first)


class _Refusal(Exception):
    def __init__(self, mark, message):
        super().__init__(message)
        self.mark = mark
        self.message = message


@record(frozen=False)
class LoadedYaml:
    file: str
    data: dict
    source_map: SourceMap
    warnings: list[Problem] = field(default_factory=list)
    # English -> Welsh of each {en, cy} pair, once pipeline.check_file has made ``data``
    # English throughout (welsh.split_pairs).
    welsh_text: dict[str, str] = field(default_factory=dict)


# Friendlier words for the parser's commonest complaints (libyaml's and PyYAML's wording).
_TAB_HINT = "a tab character; YAML is indented with spaces only"
_SYNTAX_HINTS = {
    "mapping values are not allowed": "a ':' in the middle of a value; "
                                      "put the whole value in quotes",
    "tab character": _TAB_HINT,
    "found undefined alias": "an alias (*name) with no matching anchor (&name)",
    "could not find expected ':'": "a line that is neither 'key: value' nor '- item'; "
                                   "check the indentation and any unclosed quote above",
    "did not find expected key": "this line does not line up with the lines above it; "
                                 "check its indentation",
    "unexpected end of stream": "a quote or bracket that is never closed",
    "expected ',' or ']'": "a list in [ ] that is not closed, or a comma inside an item: "
                           "put the item in quotes",
    "expected ',' or '}'": "a block in { } that is not closed, or a comma inside a value: "
                           "put the value in quotes",
    "expected '-' indicator": "list items ('- ...') and 'key: value' lines are mixed at the "
                              "same indentation",
}


def load_file(path: str | Path) -> LoadedYaml:
    """Read and parse one plan file, or raise PlanInvalid / UsageError."""
    path = Path(path)
    name = str(path)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise UsageError("this is a folder, not a plan file", file=name)
        if size > MAX_BYTES:
            raise PlanInvalid([Problem(name, None, None, "",
                                       f"the file is {size / 1048576:.1f} MiB; a plan must be "
                                       "under 5 MiB (is this the right file?)")])
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UsageError("no such file; check the path", file=name) from None
    except PermissionError:
        raise UsageError("permission denied; check the file's permissions", file=name) from None
    except OSError as exc:
        raise UsageError(f"cannot be read ({exc.strerror})", file=name) from None
    return load_text(decode(raw, name), name)


def decode(raw: bytes, name: str) -> str:
    """Bytes -> text: UTF-8 only (a BOM is fine), never a binary file."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise PlanInvalid([Problem(name, 1, 1, "", "the file is saved as UTF-16; "
                                   "save it as UTF-8 (in most editors: Save As, Encoding UTF-8)")])
    if b"\x00" in raw[:8192]:
        raise PlanInvalid([Problem(name, None, None, "", "this is not a text file (it holds binary "
                                   "data); a plan is a YAML text file")])
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise PlanInvalid([Problem(name, line, col, "", "the file is not valid UTF-8 here; "
                                   "save it as UTF-8")]) from None


def load_text(text: str, name: str) -> LoadedYaml:
    """Parse YAML text into plain data and a source map."""
    illegal = _REFUSED.search(text)
    if illegal:
        line, col = _line_col(text, illegal.start())
        raise PlanInvalid([Problem(name, line, col, "", _control_message(illegal.group()))])
    loader = _Core12Loader(text)
    try:
        root = loader.get_single_node()
    except _Refusal as exc:
        raise PlanInvalid([Problem(name, exc.mark.line + 1, exc.mark.column + 1, "",
                                   exc.message)]) from None
    except yaml.MarkedYAMLError as exc:
        raise PlanInvalid([_syntax_problem(name, exc, text)]) from None
    except yaml.YAMLError as exc:  # reader errors carry no mark
        raise PlanInvalid([Problem(name, None, None, "", f"the file is not valid YAML: {exc}")]) \
            from None
    if root is None or (isinstance(root, ScalarNode) and root.tag == _NULL and not root.value):
        raise PlanInvalid([Problem(name, 1, 1, "", "the file is empty (or holds only comments); "
                                   "start from `apgen init`")])
    if not isinstance(root, MappingNode):
        line, col = root.start_mark.line + 1, root.start_mark.column + 1
        raise PlanInvalid([Problem(name, line, col, "", "a plan must be a set of 'key: value' "
                                   "entries (schema_version, plan, ombudsman, ...), not a list "
                                   "or a single value")])
    builder = _Builder(name, text)
    data = builder.build(root, ())
    if builder.problems:
        raise PlanInvalid(builder.problems)
    return LoadedYaml(name, data, builder.source_map, builder.warnings)


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _control_message(char: str) -> str:
    effect = ("Word shows as a box or a line break" if INVISIBLE.match(char)
              else "a Word document cannot hold")
    return (f"contains the control character U+{ord(char):04X}, which {effect}; delete it "
            "(it usually comes from pasting)")


def _syntax_problem(name: str, exc: yaml.MarkedYAMLError, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "unexpected content"
    if "expected a single document" in (exc.context or "") + problem:
        message = ("the file holds more than one YAML document (a second '---'); "
                   "keep one plan per file")
    else:
        hint = next((h for key, h in _SYNTAX_HINTS.items() if key in problem), None)
        if mark and 0 <= mark.index < len(text) and text[mark.index] == "\t":
            hint = _TAB_HINT
        message = f"YAML syntax error: {problem}" + (f" ({hint})" if hint else "")
    line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
    return Problem(name, line, col, "", message)


class _Builder:
    """Turns composed nodes into dicts, lists and scalars, recording positions."""

    def __init__(self, name: str, text: str):
        self.name = name
        self.text = text
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.source_map = SourceMap()
        self.nodes = 0
        # An aliased node is built once; later uses only add its size to the
        # budget, so an alias bomb is refused by arithmetic, not by expansion.
        self.built: dict[int, tuple] = {}
        self.building: set[int] = set()

    def problem(self, node, path: tuple, message: str) -> None:
        self.problems.append(Problem(self.name, node.start_mark.line + 1,
                                     node.start_mark.column + 1, format_path(path), message))

    def build(self, node, path: tuple, key_node=None):
        anchor = key_node or node
        self.source_map.positions.setdefault(path, Position(
            anchor.start_mark.line + 1, anchor.start_mark.column + 1,
            node.start_mark.line + 1, node.start_mark.column + 1))
        if id(node) in self.built:
            value, size = self.built[id(node)]
            self._count(node, path, size)
            return value
        if id(node) in self.building:
            raise PlanInvalid([Problem(self.name, node.start_mark.line + 1,
                                       node.start_mark.column + 1, format_path(path),
                                       "an alias refers to the block that contains it")])
        self.building.add(id(node))
        before = self.nodes
        self._count(node, path, 1)
        if isinstance(node, MappingNode):
            value = self._mapping(node, path)
        elif isinstance(node, SequenceNode):
            if node.tag != _SEQ:
                self.problem(node, path, _tag_message(node.tag))
            value = [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        else:
            value = self._scalar(node, path)
        self.building.discard(id(node))
        self.built[id(node)] = (value, self.nodes - before)
        return value

    def _count(self, node, path: tuple, size: int) -> None:
        self.nodes += size
        if self.nodes > MAX_NODES:
            raise PlanInvalid([Problem(self.name, node.start_mark.line + 1,
                                       node.start_mark.column + 1, format_path(path),
                                       "the file expands to more than "
                                       f"{MAX_NODES:,} values through its aliases or size; "
                                       "that is not a plan")])

    def _mapping(self, node: MappingNode, path: tuple) -> dict:
        if node.tag != _MAP:
            self.problem(node, path, _tag_message(node.tag))
        result: dict = {}
        first_line: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.problem(key_node, path, "a key must be a plain word, not a list or mapping")
                continue
            key = key_node.value
            if key in first_line:
                self.problem(key_node, path + (key,),
                             f"'{key}' appears twice in the same block (lines {first_line[key]} "
                             f"and {key_node.start_mark.line + 1}); keep one")
                continue
            first_line[key] = key_node.start_mark.line + 1
            self._check_text(key_node, path + (key,), key)
            result[key] = self.build(value_node, path + (key,), key_node)
        return result

    def _scalar(self, node: ScalarNode, path: tuple):
        tag, value = node.tag, node.value
        if not node.style:  # plain: None from PyYAML's parser, '' from libyaml's
            self._check_cut_by_comment(node, path)
        if tag == _STR:
            self._check_text(node, path, value)
            return value
        if tag == _NULL:
            return None
        try:  # an explicit tag (!!int, !!bool, ...) can sit on any text
            if tag == _BOOL:
                return _to_bool(value)
            if tag == _INT:
                return _to_int(value)
            if tag == _FLOAT:
                return _to_float(value)
        except ValueError:
            shown = value if len(value) <= 40 else value[:37] + "..."
            self.problem(node, path, f"'{shown}' is not a valid {tag.rsplit(':', 1)[-1]}")
            return value
        self.problem(node, path, _tag_message(tag))
        return value

    def _check_text(self, node, path: tuple, text: str) -> None:
        bad = _REFUSED.search(text)
        if bad:
            self.problem(node, path, _control_message(bad.group()))

    def _check_cut_by_comment(self, node: ScalarNode, path: tuple) -> None:
        """Warn when an unquoted value is followed on its line by a '#' that reads like more
        of the text ('Standards #3 and #4.'): YAML makes it a comment and the value silently
        ends before it. Comments written as comments ('draft   # or submitted') pass."""
        end = node.end_mark.index
        line_end = self.text.find("\n", end)
        rest = self.text[end:line_end if line_end != -1 else len(self.text)]
        gap = len(rest) - len(rest.lstrip(" \t"))
        comment = rest[gap:]
        if not comment.startswith("#") or not node.value:
            return
        after = comment[1:]
        glued = after[:1] not in ("", " ", "\t")
        continues = gap == 1 and after[:1] == " " and after[1:2].isdigit() | after[1:2].islower()
        if glued or continues:
            last_word = node.value.split()[-1]
            self.warnings.append(Problem(
                self.name, node.start_mark.line + 1, node.start_mark.column + 1,
                format_path(path), f"the text after '#' is read as a comment, so this value "
                f"ends at '{last_word}'; put the whole value in quotes", WARNING))


def _tag_message(tag: str) -> str:
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    return (f"the tag {shown} is not allowed in a plan (apgen never runs code or converts types "
            "from a plan); remove it")


def _to_bool(value: str) -> bool:
    if value.lower() not in ("true", "false"):
        raise ValueError(value)
    return value.lower() == "true"


def _to_int(value: str) -> int | str:
    """The resolver's pattern guarantees the digits; only the length can be absurd."""
    if len(value) > MAX_NUMBER_CHARS:
        return value
    if value.startswith("0o"):
        return int(value[2:], 8)
    if value.startswith("0x"):
        return int(value[2:], 16)
    return int(value, 10)


def _to_float(value: str) -> float | str:
    """'.inf' means infinity; '1e99999' only overflows to it, so it stays text."""
    lowered = value.lower()
    if lowered.endswith(".inf"):
        return float("-inf") if lowered.startswith("-") else float("inf")
    if lowered == ".nan":
        return float("nan")
    if len(value) > MAX_NUMBER_CHARS:
        return value
    number = float(value)
    return value if math.isinf(number) else number
