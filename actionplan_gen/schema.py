"""The plan's JSON Schema: load it, validate data, and turn failures into located plain words."""

from __future__ import annotations

import difflib
import json
from functools import lru_cache

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
    """Every schema problem in the plan, located at the offending key or value."""
    problems: dict[tuple, Problem] = {}
    ranked = sorted(_validator().iter_errors(loaded.data), key=_rank)
    for error in ranked:
        for problem in _explain(error, loaded):
            key = (problem.line, problem.col, problem.path)
            problems.setdefault(key, problem)
    return sorted(problems.values(), key=lambda p: (p.line or 0, p.col or 0))


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
