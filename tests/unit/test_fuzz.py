"""Fuzzing the whole validation road: mutated plans may be refused, never crash or hang.

Each example mutates a known-good plan (the samples and the valid corpus) at byte level, at
token level (one value replaced by something hostile, in the block text or in a flow
rendering of the data) or in its local identifier patterns, then runs ``check_file`` and
``load_plan``. Only ``ApgenError`` (a located refusal) is an acceptable way to fail; any other
exception is a finding. When the plan is still valid, every string of it goes through the
redaction, so a pattern that backtracks without end shows up as a hang, which a 20-second
alarm turns into a failure. Derandomised and database-free, so CI sees the same examples;
``--hypothesis-show-statistics`` shows how many examples were refused and how many redacted.
"""

from __future__ import annotations

import json
import os
import re
import signal
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st

from actionplan_gen.errors import ApgenError
from actionplan_gen.pipeline import check_file, load_plan
from actionplan_gen.redact.redactor import Redactor

from conftest import CORPUS, SAMPLE_PLANS

SEEDS = [p.read_bytes() for p in SAMPLE_PLANS + sorted((CORPUS / "valid").glob("*.plan.yaml"))]
HANG_SECONDS = 20
# No 'explain' phase: its report imports a module that raises a DeprecationWarning, which
# this project's warnings-are-errors setting would turn into an INTERNALERROR.
# APGEN_FUZZ_EXAMPLES=5000 explores further by hand; the default keeps the file under a minute.
FUZZ = settings(max_examples=int(os.environ.get("APGEN_FUZZ_EXAMPLES", "200")), deadline=None,
                derandomize=True, database=None,
                phases=[Phase.explicit, Phase.generate, Phase.shrink],
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# A 100 kB token makes a 100 kB example; Hypothesis warns before showing it, which is fine here.
pytestmark = pytest.mark.filterwarnings(
    "ignore:Generating overly large repr:hypothesis.errors.HypothesisWarning")

CONTROLS = [chr(c) for c in [*range(0, 9), 11, 12, *range(14, 32), *range(0x7F, 0xA0)]]
ODD_UNICODE = ["\u202e", "\u200b", "\ufeff", "e\u0301", "\U0001d518", "\u0130", "\u00df",
               "\u2028", "\u2029", "\U0001f600", "\U0010ffff", "\ufffd", "\u00a0"]
HOSTILE_TEXT = ["a" * 3000 + "!", "1" * 3000 + "x", "ab" * 1500 + "!", "rx1-" * 800,
                "Mr " * 1000 + "x", "- " * 1500, "0" * 4400]
# Raw YAML that replaces one value: each has tripped a YAML loader or a validator somewhere.
TOKENS = [
    "9" * 5000, "-" + "1" * 4400, "0x" + "f" * 3600, "0o" + "7" * 5000, "1e99999", "-1e99999",
    "1." + "0" * 400, ".inf", "-.inf", ".nan", "~", "null", "", "[]", "{}", "[[[[[]]]]]",
    "[a, [b, [c, [d]]]]", "{a: {b: {c: 1}}}", "x" * 100_000, "'" + "y" * 50_000 + "'",
    "&a x", "*a", "*undefined", "&b [1, 2]", "!!python/object/apply:os.system ['true']",
    "!!binary aGVsbG8=", "!!str 5", "!!int abc", "!!float x", "!!bool maybe", "!!set {a}",
    "!!timestamp 2026-01-01", "!custom x", "!!map {a: 1}", "!!seq [1]", "!!null x",
    "no", "yes", "on", "off", "y", "n", "NO", "True", "2026-02-30", "2026-13-01", "2026-1-1",
    "99999-01-01", "0000-00-00", "2026-01-01T10:00:00Z", "12:30", "017", "0b101", "+5",
    "Standards #3 and #4.", "x #y", ": x", "'", '"', "|", ">", "- x", "? x", "@x", "`x",
    "%x", "a: b", '"\\x00"', '"\\ud800"', '"\\N\\_\\L\\P"', '"\\u0085"', "<<: *a",
    *ODD_UNICODE, *HOSTILE_TEXT,
]
REGEX_PIECES = ["a", "x", "\\d", "\\w", "\\s", "[a-z]", "[0-9]", ".", "(", ")", "(?:", "|",
                "+", "*", "?", "{2}", "{1,3}", "{2,}", "$", "^", "\\b", "\\1", "(?<=a)",
                "(?=a)", "(?!x)", "[", "]", "-", "rx", "\\", "{", "}", "(?P<n>", "(?P=n)",
                "(?i)", "*?", "++"]

# One value of a 'key: value' or '- value' line, for token replacement in the block text.
_VALUE = re.compile(rb"^( *(?:- )?(?:[\w-]+: )?)(\S.*)$", re.MULTILINE)
_PLACEHOLDER = "\u2063fuzz\u2063"
_WORK_DIR = tempfile.TemporaryDirectory(prefix="apgen-fuzz-")  # removed when Python exits
_WORK = Path(_WORK_DIR.name)


class Hang(Exception):
    """An example ran longer than HANG_SECONDS: something backtracks or loops."""


@contextmanager
def time_limit(seconds: int):
    def fire(signum, frame):
        raise Hang(f"no answer after {seconds} s")
    previous = signal.signal(signal.SIGALRM, fire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run_pipeline(text: bytes) -> None:
    """The whole road on one mutated file; a refusal is fine, anything else is a finding."""
    path = _WORK / "fuzzed.plan.yaml"
    path.write_bytes(text)
    with time_limit(HANG_SECONDS):
        try:
            loaded, _ = check_file(path)
            plan, _ = load_plan(path)
        except ApgenError as exc:
            assert str(exc)  # a refusal must say something
            event("refused")
            return
        event("valid, redacted")
        redactor = Redactor(plan)
        for value in strings(loaded.data):
            assert isinstance(redactor.redact(value), str)


def strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)


def paths(node, prefix=()):
    """Every path to a scalar in plain data, for choosing what to replace."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from paths(value, (*prefix, index))
    else:
        yield prefix


def seed_data(seed: bytes) -> dict:
    from actionplan_gen.loader import load_text
    return load_text(seed.decode("utf-8"), "seed.plan.yaml").data


def set_path(data, path: tuple, value) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


def flow_yaml(data: dict, raw_token: str) -> bytes:
    """The data as JSON (which is YAML 1.2 flow style) with the placeholder replaced by raw
    YAML text, so a token lands exactly where a value was."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return text.replace(json.dumps(_PLACEHOLDER), raw_token).encode("utf-8")


@st.composite
def byte_mutants(draw) -> bytes:
    text = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["flip", "insert", "delete", "control", "truncate"]))
        if kind == "flip" and at < len(text):
            text[at] ^= draw(st.integers(1, 255))
        elif kind == "insert":
            text[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif kind == "delete":
            del text[at:at + draw(st.integers(1, 40))]
        elif kind == "control":
            text[at:at] = draw(st.sampled_from(CONTROLS)).encode("utf-8")
        elif kind == "truncate":
            del text[at:]
    return bytes(text)


@st.composite
def line_token_mutants(draw) -> bytes:
    """One value in the block text replaced by a token, or one line doubled (duplicate key)."""
    seed = draw(st.sampled_from(SEEDS))
    lines = list(_VALUE.finditer(seed))
    m = draw(st.sampled_from(lines))
    if draw(st.booleans()):
        token = draw(st.sampled_from(TOKENS)).encode("utf-8")
        return seed[:m.start(2)] + token + seed[m.end(2):]
    line = seed[m.start():m.end()] + b"\n"
    return seed[:m.start()] + line + seed[m.start():]


@st.composite
def flow_token_mutants(draw) -> bytes:
    data = seed_data(draw(st.sampled_from(SEEDS)))
    where = draw(st.sampled_from(sorted(paths(data), key=repr)))
    if not where:
        return flow_yaml(data, "")
    set_path(data, where, _PLACEHOLDER)
    return flow_yaml(data, draw(st.sampled_from(TOKENS)))


@st.composite
def pattern_mutants(draw) -> bytes:
    """A plan whose local identifier patterns are random regexes, and whose text includes a
    long run of the kind that makes a backtracking pattern blow up."""
    data = seed_data(draw(st.sampled_from(SEEDS)))
    pieces = st.lists(st.sampled_from(REGEX_PIECES), min_size=1, max_size=14).map("".join)
    patterns = draw(st.lists(pieces, min_size=1, max_size=3))
    data.setdefault("regulator_copy", {})["local_id_patterns"] = patterns
    action = data["actions"][0]
    hostile = " " + draw(st.sampled_from(HOSTILE_TEXT))
    if isinstance(action["description"], dict):  # written in English and Welsh
        action["description"] = {k: v + hostile for k, v in action["description"].items()}
    else:
        action["description"] += hostile
    return flow_yaml(data, "")


@FUZZ
@given(byte_mutants())
def test_byte_mutations_are_refused_or_pass_never_crash(text):
    run_pipeline(text)


@FUZZ
@given(line_token_mutants())
def test_hostile_values_in_block_text_never_crash(text):
    run_pipeline(text)


@FUZZ
@given(flow_token_mutants())
def test_hostile_values_anywhere_in_the_data_never_crash(text):
    run_pipeline(text)


@FUZZ
@given(pattern_mutants())
def test_local_patterns_never_crash_or_hang_the_redaction(text):
    run_pipeline(text)
