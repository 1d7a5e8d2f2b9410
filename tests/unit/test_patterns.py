"""Local identifier patterns: the shapes an identifier needs pass, shapes that could hang or
crash the redaction are refused before anything runs them; and a plan with no people redacts."""

from __future__ import annotations

import re
import time

import pytest

from actionplan_gen.pipeline import load_plan
from actionplan_gen.redact import names
from actionplan_gen.redact.redactor import Redactor
from actionplan_gen.rules import pattern_fault

from conftest import MINIMAL

FINE = ["RX[0-9]{6}", r"RX1-\d{7}", r"[A-Z]{2}\d+", r"(?:MRN|RX)-?\d{6}", r"(ab)+", r"(\d{2}-)+",
        r"(a+)?", r"(?=RX)RX\d{6}", r"(a|aa)+", r"[A-Z]+-?\d+", r"\d+-\d+", r"RX\d+A\d+"]

REFUSED = {
    "(a+)+$": "repeats a group that itself repeats",
    "(a*)*": "repeats a group that itself repeats",
    r"(\d+\w*)+": "repeats a group that itself repeats",
    r"(?:x|\d{1,3})*": "repeats a group that itself repeats",
    "((a)+){2,}": "repeats a group that itself repeats",
    "(" * 11 + "a" + ")" * 11: "nests groups more than 10 deep",
    "(" * 1000 + "a" + ")" * 1000: "is 2001 characters long, more than 200",
    "x" * 201: "is 201 characters long",
    r"(RX)\1": "refers back to an earlier group",
    r"(?P<p>RX)(?P=p)": "refers back to an earlier group",
    "(?<=RX)[0-9]{6}": "looks behind",
    "(?<!RX)[0-9]{6}": "looks behind",
    "RX[0-9]{99999999999}": "cannot be used",
    r"\d*\d*x": "has two repeats that can take the same characters",
    r"\w+\d+": "has two repeats that can take the same characters",
    r"RX\d+-?\d+": "has two repeats that can take the same characters",
    r"(\d+)\d+": "has two repeats that can take the same characters",
    r".*.*": "has two repeats that can take the same characters",
}
AMBIGUOUS = ["[[RX]", "RX[0-9--]", "[a&&b]", "[a||b]"]


@pytest.mark.parametrize("pattern", FINE)
def test_identifier_shapes_are_accepted(pattern):
    assert pattern_fault(pattern) is None


@pytest.mark.parametrize("pattern", list(REFUSED), ids=lambda p: p[:30])
def test_dangerous_shapes_are_refused_with_what_to_write_instead(pattern):
    fault = pattern_fault(pattern)
    assert fault is not None and REFUSED[pattern] in fault
    assert "'RX[0-9]{6}'" in fault


@pytest.mark.parametrize("pattern", AMBIGUOUS)
def test_shapes_python_warns_about_are_refused_not_printed(pattern):
    """Found by the fuzzer: re prints a FutureWarning for these (an error under -W error)."""
    assert pattern_fault(pattern).startswith("is ambiguous (possible ")


def test_a_syntax_error_says_what_to_check():
    assert pattern_fault("RX1-(\\d{7}") == (
        "is not a valid regular expression (missing ), unterminated subpattern); check brackets "
        "and backslashes, and quote it with single quotes")


@pytest.mark.parametrize("pattern", FINE)
def test_accepted_shapes_stay_fast_on_hostile_text(pattern):
    """What the validation lets through must not backtrack without end on long runs."""
    started = time.perf_counter()
    for text in ["a" * 5000 + "!", "1" * 5000 + "x", "ab" * 2500 + "!", "rx" + "1-" * 2500]:
        list(re.finditer(pattern, text, re.IGNORECASE))
    assert time.perf_counter() - started < 2


def test_no_people_gives_a_pattern_that_never_matches():
    assert names.regex([]).search("Mr Ellison said") is None
    assert names.regex([]).search("") is None


def test_a_plan_without_people_redacts():
    plan, _ = load_plan(MINIMAL)
    assert not plan.people
    redactor = Redactor(plan)
    assert redactor.redact("Mr Jones, NHS number 943 476 5919.") == \
        "Mr Jones, NHS number [NHS number removed]."
