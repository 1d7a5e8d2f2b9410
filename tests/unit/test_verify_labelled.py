"""Dates of birth labelled by a document's structure (verify/labelled.py), beside the forms in
test_verify_attacks_round4.py (custom properties, custom XML, document variables, a content
control's date): the label's forms, a date shown in a labelled control's content, where the
finding says it is, and the labelled places and look-alike names that hold no date of birth."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from adversarial_docx import DECL, findings, p, part, properties, r, report_with_body

from actionplan_gen.pipeline import load_plan
from actionplan_gen.verify import Registry
from actionplan_gen.verify.hit import BIRTH
from actionplan_gen.verify.labelled import is_label, may_hold

ROOT = Path(__file__).resolve().parents[2]
PLAIN = p(r("Nothing personal here."))


@pytest.fixture(scope="module")
def registry():
    return Registry.from_plan(load_plan(ROOT / "samples" / "ellison.plan.yaml")[0])


def _births(data: bytes, registry) -> list:
    return [f for f in findings(data, registry) if f.kind == BIRTH]


def _control(alias: str, shown: str, date: str = "") -> str:
    full = f' w:fullDate="{date}"' if date else ""
    return (f'<w:sdt><w:sdtPr><w:alias w:val="{alias}"/><w:date{full}/></w:sdtPr>'
            f"<w:sdtContent>{p(r(shown))}</w:sdtContent></w:sdt>")


def _custom(*named: tuple[str, str]) -> bytes:
    return properties("custom-properties", "".join(
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{n + 2}" '
        f'name="{name}"><vt:lpwstr>{value}</vt:lpwstr></property>'
        for n, (name, value) in enumerate(named)))


@pytest.mark.parametrize("label", ["DOB", "dob", "PatientDOB", "DateOfBirth", "date of birth",
                                   "birthDate", "Birthday", "D.O.B.", "d_o_b", "patient_dob",
                                   "BORN", "DOB_19390612"])
def test_label_forms(label):
    assert is_label(label)


@pytest.mark.parametrize("name", ["adobe", "Doberman", "Osborne", "DateOfDeath", "ReviewDate",
                                  "doubt", "x" * 61 + "DOB", "http://ns.adobe.com/xap/1.0/"])
def test_names_that_are_no_label(name):
    assert not is_label(name)


def test_a_label_only_in_the_text_is_left_to_the_text_rules():
    assert not may_hold(b"<w:t>date of birth removed</w:t>")
    assert may_hold(b'<w:docVar w:name="DOB" w:val="x"/>')
    assert may_hold(b"<patient><dob>x</dob></patient>")


def test_a_date_shown_in_a_control_titled_date_of_birth_is_found_in_its_paragraph(registry):
    data = report_with_body(PLAIN + PLAIN + _control("Date of birth", "12/06/1939"))
    found = _births(data, registry)
    assert [(f.part, f.paragraph) for f in found] == [("word/document.xml", 3)]
    assert "1939" not in str(found[0])  # a finding never shows the detail


def test_a_date_in_a_control_titled_date_of_birth_in_a_header(registry):
    header = part("hdr", _control("DOB", "[removed]", "1939-06-12T00:00:00Z"))
    data = report_with_body(PLAIN, extra_parts={"word/header1.xml": header})
    assert [f.part for f in _births(data, registry)] == ["word/header1.xml"]


@pytest.mark.parametrize("body", [
    _control("Date of birth", "[date of birth removed]"),  # the label, no date
    _control("Date of review", "12/06/2026", "2026-06-12T00:00:00Z"),  # a date, no label
    _control("Patient DOB", "[removed]") + _control("Review", "3 March 2026"),  # side by side
])
def test_labelled_places_without_a_date_of_birth_pass(registry, body):
    assert _births(report_with_body(PLAIN + body), registry) == []


def test_only_the_labelled_property_counts(registry):
    """A custom property named DOB is one finding; its neighbours' dates are not."""
    data = report_with_body(PLAIN, extra_parts={"docProps/custom.xml": _custom(
        ("ReportDate", "14/09/2026"), ("DOB", "12/06/1939"), ("ReviewDate", "2026-12-01"))})
    assert len(_births(data, registry)) == 1


def test_an_adobe_namespace_with_dates_is_no_label(registry):
    xmp = (DECL + '<x:xmpmeta xmlns:x="adobe:ns:meta/"><x:CreateDate>2026-01-01</x:CreateDate>'
           '<x:Doberman when="2025-02-02"/></x:xmpmeta>').encode()
    data = report_with_body(PLAIN, extra_parts={"customXml/item1.xml": xmp})
    assert _births(data, registry) == []


def _inside_a_tag_slowly(content: bytes) -> bool:
    """The reference may_hold: each place a label's letters start, looked up one by one."""
    low = content.lower()
    starts = [m.start() for m in re.finditer(rb"(?=dob|birth|born|d[^a-z0-9]{1,2}o[^a-z0-9]{1,2}b)",
                                             low)]
    return any(low.rfind(b"<", 0, at) > low.rfind(b">", 0, at) for at in starts)


def test_may_hold_is_the_reference_in_one_search():
    """One search over the bytes (a long text of 'born's was quadratic, found by a cold
    review), the same answer as looking up each place on 20,000 random texts."""
    rng = random.Random(5)
    pieces = [b"<", b">", b"d", b"o", b"b", b".", b" ", b"B", b"irth", b"orn", b"x", b'="', b'"']
    for _ in range(20000):
        data = b"".join(rng.choice(pieces) for _ in range(rng.randint(1, 30)))
        assert may_hold(data) == _inside_a_tag_slowly(data), data
    assert not may_hold(b"<w:t>" + b"born " * 100000 + b"</w:t>")
