"""The plan's JSON Schema: load it, validate data, and turn failures into located plain words."""

from __future__ import annotations

import json
import re
from datetime import date
from functools import lru_cache

from actionplan_gen.regexes import fixed
from actionplan_gen.errors import Problem, format_path
from actionplan_gen.loader import LoadedYaml
from actionplan_gen.resources import schema_path

_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a block of 'key: value' entries",
    "null": "empty",
}

# When two complaints concern the same value, the first kind listed wins.
_PRIORITY = ["type", "const", "enum", "pattern", "format", "minLength", "minItems",
             "oneOf", "anyOf"]


@lru_cache(maxsize=1)
def schema() -> dict:
    with open(schema_path(), encoding="utf-8") as handle:
        return json.load(handle)


@lru_cache(maxsize=1)
def _validator():
    from jsonschema import Draft202012Validator, FormatChecker
    return Draft202012Validator(_inline_refs(schema()), format_checker=FormatChecker())


def _inline_refs(node, defs=None):
    """Replace each local ``$ref`` to ``#/$defs/...`` with the definition itself.

    The published schema keeps its refs for editors; validating against the
    inlined copy skips jsonschema's reference resolution and halves the time."""
    defs = node["$defs"] if defs is None else defs
    if isinstance(node, list):
        return [_inline_refs(item, defs) for item in node]
    if not isinstance(node, dict):
        return node
    node = {k: _inline_refs(v, defs) for k, v in node.items() if k != "$defs"}
    ref = node.pop("$ref", None)
    if ref and ref.startswith("#/$defs/"):
        return {**_inline_refs(defs[ref.removeprefix("#/$defs/")], defs), **node}
    if ref:
        node["$ref"] = ref
    return node


def validate(loaded: LoadedYaml) -> list[Problem]:
    """Every schema problem in the plan, located at the offending key or value.

    A plan the compiled check passes has none, and jsonschema (some 40-70 ms to import) is not
    even loaded; any other plan is judged and explained by jsonschema itself."""
    fast = _fast_check()
    if fast is not None and fast(loaded.data):
        return []
    problems: dict[tuple, Problem] = {}
    ranked = sorted(_validator().iter_errors(loaded.data), key=_rank)
    for error in ranked:
        for problem in _explain(error, loaded):
            key = (problem.line, problem.col, problem.path)
            problems.setdefault(key, problem)
    return sorted(problems.values(), key=lambda p: (p.line or 0, p.col or 0))


# --------------------------------------------- the compiled check: valid or not, nothing more
#
# Each schema node becomes a function of the instance giving True exactly when jsonschema's
# Draft 2020-12 validator (with a FormatChecker) would find no error there, keyword by keyword
# as jsonschema 4 judges them (bool is neither integer nor number, 1.0 equals const 1, pattern
# is re.search, a date is YYYY-MM-DD that date.fromisoformat accepts). A keyword it does not
# know makes the whole check None, and validate() then always asks jsonschema: a schema edit
# can cost speed, never correctness. A False answer is only a cue to ask jsonschema.

_ANNOTATIONS = frozenset({"description", "title", "$schema", "$id", "$comment", "examples",
                          "default", "errorMessage", "patternErrorMessage", "deprecated",
                          "readOnly", "writeOnly", "then", "else", "markdownDescription"})
_DATE = fixed(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)


class _Unsupported(Exception):
    pass


@lru_cache(maxsize=1)
def _fast_check():
    try:
        return _compile(_inline_refs(schema()))
    except _Unsupported:
        return None


def _is_number(x) -> bool:
    return type(x) in (int, float)


_TYPES = {
    "string": lambda x: isinstance(x, str),
    "object": lambda x: isinstance(x, dict),
    "array": lambda x: isinstance(x, list),
    "boolean": lambda x: isinstance(x, bool),
    "null": lambda x: x is None,
    # jsonschema: not bool, an int (1.0 is not an integer); a number is any numbers.Number but
    # bool: int and float are all a plan can hold, anything else is left to jsonschema.
    "integer": lambda x: type(x) is int,
    "number": _is_number,
}


def _equal_to(value):
    """jsonschema's equal(instance, value) for a text, null or number value."""
    if value is None:
        return lambda x: x is None
    if isinstance(value, str):
        return lambda x: isinstance(x, str) and x == value
    if _is_number(value):
        return lambda x: _is_number(x) and x == value
    raise _Unsupported(value)


def _is_date(x) -> bool:
    if not isinstance(x, str):
        return True
    if not _DATE.fullmatch(x):
        return False
    try:
        date.fromisoformat(x)
    except ValueError:
        return False
    return True


def _compile(node):
    if node is True:
        return lambda x: True
    if node is False:
        return lambda x: False
    if not isinstance(node, dict):
        raise _Unsupported(node)
    checks = []
    for key, value in node.items():
        if key in _ANNOTATIONS:
            continue
        checks.append(_keyword(key, value, node))
    if not checks:
        return lambda x: True
    if len(checks) == 1:
        return checks[0]

    checks = tuple(checks)
    return lambda x: all(check(x) for check in checks)


def _keyword(key: str, value, node: dict):
    if key == "type":
        kinds = [value] if isinstance(value, str) else value
        if not kinds or any(k not in _TYPES for k in kinds):
            raise _Unsupported(key)
        tests = tuple(_TYPES[k] for k in kinds)
        return tests[0] if len(tests) == 1 else (lambda x: any(t(x) for t in tests))
    if key == "properties":
        subs = tuple((name, _compile(sub)) for name, sub in value.items())

        def properties(x):
            if isinstance(x, dict):
                for name, check in subs:
                    if name in x and not check(x[name]):
                        return False
            return True
        return properties
    if key == "additionalProperties":
        if "patternProperties" in node:
            raise _Unsupported(key)
        known = frozenset(node.get("properties", {}))
        if value is True:
            return lambda x: True
        if value is False:
            return lambda x: not isinstance(x, dict) or known.issuperset(x)
        extra = _compile(value)
        return lambda x: not isinstance(x, dict) or all(
            extra(v) for k, v in x.items() if k not in known)
    if key == "required":
        names = tuple(value)
        return lambda x: not isinstance(x, dict) or all(n in x for n in names)
    if key == "items":
        if "prefixItems" in node:
            raise _Unsupported(key)
        item = _compile(value)
        return lambda x: not isinstance(x, list) or all(item(v) for v in x)
    if key == "enum":
        options = tuple(_equal_to(v) for v in value)
        return lambda x: any(o(x) for o in options)
    if key == "const":
        return _equal_to(value)
    if key == "pattern":
        search = re.compile(value).search
        return lambda x: not isinstance(x, str) or search(x) is not None
    if key == "format":
        if value != "date":
            raise _Unsupported(value)
        return _is_date
    if key == "minItems":
        return lambda x: not isinstance(x, list) or len(x) >= value
    if key == "minLength":
        return lambda x: not isinstance(x, str) or len(x) >= value
    if key == "anyOf":
        subs = tuple(_compile(sub) for sub in value)
        return lambda x: any(s(x) for s in subs)
    if key == "oneOf":
        subs = tuple(_compile(sub) for sub in value)
        return lambda x: sum(1 for s in subs if s(x)) == 1
    if key == "if":
        test = _compile(value)
        then = _compile(node.get("then", True))
        otherwise = _compile(node.get("else", True))
        return lambda x: then(x) if test(x) else otherwise(x)
    raise _Unsupported(key)


def _rank(error) -> int:
    kind = error.validator
    return _PRIORITY.index(kind) if kind in _PRIORITY else len(_PRIORITY)


def _explain(error, loaded: LoadedYaml) -> list[Problem]:
    path = tuple(error.absolute_path)
    smap = loaded.source_map
    kind = error.validator
    sub = error.schema if isinstance(error.schema, dict) else {}

    def at(p: tuple, message: str, at_key: bool = False) -> Problem:
        line, col = smap.locate(p, at_key=at_key)
        return Problem(loaded.file, line, col, format_path(p), message)

    if kind == "additionalProperties":
        known = sorted(sub.get("properties", {}))
        extras = [k for k in error.instance if k not in sub.get("properties", {})]
        return [at(path + (k,), _unknown_key(k, known), at_key=True) for k in extras]
    if kind == "required":
        missing = [k for k in error.validator_value if k not in error.instance]
        props = sub.get("properties", {})
        return [at(path, f"'{k}' is missing; add it" + _help(props.get(k)), at_key=True)
                for k in missing]
    if "errorMessage" in sub and kind not in ("pattern",):
        return [at(path, sub["errorMessage"])]
    value = error.instance
    if kind == "type":
        wanted = error.validator_value
        wanted = [wanted] if isinstance(wanted, str) else wanted
        words = " or ".join(_TYPE_WORDS[w] for w in wanted if w != "null")
        return [at(path, f"expected {words}, found {_describe(value)}{_type_hint(value, wanted)}")]
    if kind == "enum":
        options = ", ".join(str(o) for o in error.validator_value if o is not None)
        return [at(path, f"{_describe(value)} is not allowed here; use one of: {options}")]
    if kind == "const":
        return [at(path, f"must be {error.validator_value!r}")]
    if kind == "pattern":
        fallback = f"does not match {error.validator_value}"
        return [at(path, f"{_describe(value)}: " + sub.get("patternErrorMessage", fallback))]
    if kind == "format":
        return [at(path, f"{_describe(value)} is not a real date; write YYYY-MM-DD, "
                         "e.g. 2027-03-31")]
    if kind == "minItems":
        return [at(path, "give at least one entry")]
    if kind == "minLength":
        return [at(path, "must not be empty")]
    return [at(path, error.message)]


def _unknown_key(key: str, known: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else "check the spelling"
    listed = ", ".join(known)
    return f"'{key}' is not a field apgen knows here; {hint} (allowed: {listed})"


def _help(prop_schema) -> str:
    if isinstance(prop_schema, dict) and prop_schema.get("description"):
        return f" ({prop_schema['description'].rstrip('.')})"
    return ""


def _describe(value) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"'{shown}'"
    if isinstance(value, list):
        return "a list"
    return "a block of entries"


def _type_hint(value, wanted: list[str]) -> str:
    if "string" in wanted and isinstance(value, (bool, int, float)):
        return "; put the value in quotes to make it text"
    if "array" in wanted and not isinstance(value, list):
        return "; write it as a list, e.g. [F1] or lines starting '- '"
    return ""
