"""Round three of attacks on the independent verifier, with the redactor switched off.

Every document is a clean regulator document built in code with one detail of
samples/ellison.plan.yaml (or an identifier) planted straight into it; the verifier alone must
refuse it. Each class is planted in several parts (body, header, footnote, comment, core, app
and custom properties, a relationship's target, an attribute), in forms the rules do not spell
out one by one. Every positive case here was let through by the verifier before this round
(checked against the commit before it). Negative cases: the samples' regulator packs and
ordinary text, colours, revision ids and base64 of pictures still give no finding.
"""

from __future__ import annotations

import base64
import io
import zipfile
from pathlib import Path
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

import pytest
from adversarial_docx import DECL, p, r, report_with_body, small_image
from adversarial_docx import findings, package, with_hyperlink
from adversarial_docx import part as _w
from adversarial_docx import properties as _props
from click.testing import CliRunner

from actionplan_gen.cli import main
from actionplan_gen.pipeline import load_plan
from actionplan_gen.verify import Registry, verify_docx

ROOT = Path(__file__).resolve().parents[2]
ELLISON = ROOT / "samples" / "ellison.plan.yaml"
SAMPLES = sorted((ROOT / "samples").glob("*.plan.yaml"))
PLAIN = p(r("Nothing personal here."))
NHS = "NHS-like number"


@pytest.fixture(scope="module")
def registry():
    return Registry.from_plan(load_plan(ELLISON)[0])


def _with_rel(data: bytes, target: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    rels = "word/_rels/document.xml.rels"
    parts[rels] = with_hyperlink(parts[rels], target)
    return package(parts)


# Where a detail is planted: each takes the detail's text and gives the document.
PLACES = {
    "body": lambda t: report_with_body(p(r(escape(t)))),
    "header": lambda t: report_with_body(PLAIN, extra_parts={
        "word/header9.xml": _w("hdr", p(r(escape(t))))}),
    "footnote": lambda t: report_with_body(PLAIN, extra_parts={"word/footnotes.xml": _w(
        "footnotes", f'<w:footnote w:id="1">{p(r(escape(t)))}</w:footnote>')}),
    "comment": lambda t: report_with_body(PLAIN, extra_parts={"word/comments.xml": _w(
        "comments", f'<w:comment w:id="0" w:author="A" w:initials="A">{p(r(escape(t)))}'
                    "</w:comment>")}),
    "core": lambda t: report_with_body(PLAIN, extra_parts={"docProps/core.xml": (
        DECL + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:title>{escape(t)}</dc:title></cp:coreProperties>").encode("utf-8")}),
    "app": lambda t: report_with_body(PLAIN, extra_parts={"docProps/app.xml": _props(
        "extended-properties", f"<Company>{escape(t)}</Company>")}),
    "custom": lambda t: report_with_body(PLAIN, extra_parts={"docProps/custom.xml": _props(
        "custom-properties", '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" '
        f'name="Ref"><vt:lpwstr>{escape(t)}</vt:lpwstr></property>')}),
    "attribute": lambda t: report_with_body(
        f"<w:sdt><w:sdtPr><w:alias w:val={quoteattr(t)}/></w:sdtPr>"
        f"<w:sdtContent>{PLAIN}</w:sdtContent></w:sdt>"),
    "rels-target": lambda t: _with_rel(report_with_body(PLAIN),
                                       "https://x.example/c?q=" + quote(t, safe="")),
}
TEXT_PLACES = ("body", "header", "footnote", "comment")


def _planted(forms: dict[str, str], places) -> list:
    return [pytest.param(text, place, id=f"{form}-{place}")
            for form, text in forms.items() for place in places]


# ------------------------------------------------------------ 1. numbers and postcodes

# 943 476 5919 and 401 023 2137 pass the modulus 11 check.
NHS_FORMS = {
    "four-spaces": "NHS 943    476    5919",
    "five-tabs": "NHS 943\t\t\t\t\t476\t\t\t\t\t5919",
    "four-no-break-spaces": "NHS 943\u00a0\u00a0\u00a0\u00a0476\u00a0\u00a0\u00a0\u00a05919",
    "thin-and-no-break": "NHS 943\u2009\u00a0\u2009\u00a0476\u2009\u00a0\u2009\u00a05919",
    "x-between": "NHS 943x476x5919",
    "double-slash": "NHS 943 // 476 // 5919",
    "comma-dot": "NHS 943,.476,.5919",
    "letter-l-for-one": "NHS 943 476 59l9",
    "letter-o-for-zero": "NHS 4O1 O23 2l37",
}
POSTCODE_FORMS = {
    "four-spaces": "lives at NS3    7QT",
    "tab": "lives at NS3\t7QT",
    "slash": "lives at NS3/7QT",
    "comma": "lives at NS3,7QT",
    "dot": "lives at NS3.7QT",
    "lower-dashes": "lives at ns3 -- 7qt",
}


@pytest.mark.parametrize(("text", "place"), _planted(NHS_FORMS, [*TEXT_PLACES, "core", "app",
                                                                   "custom", "attribute"]))
def test_nhs_number_with_odd_separators_is_caught(registry, text, place):
    assert NHS in {f.kind for f in findings(PLACES[place](text), registry)}


@pytest.mark.parametrize("text", ["943x476x5919", "943 -/- 476 -/- 5919", "401O232137"])
def test_nhs_number_in_a_relationship_target_is_caught(registry, text):
    assert findings(_with_rel(report_with_body(PLAIN), f"https://x.example/c?n={text}"),
                    registry)


@pytest.mark.parametrize(("text", "place"), _planted(POSTCODE_FORMS, [
    *TEXT_PLACES, "core", "custom", "attribute"]))
def test_postcode_with_odd_separators_is_caught(registry, text, place):
    assert "postcode" in {f.kind for f in findings(PLACES[place](text), registry)}


def _cells(groups: list[str]) -> str:
    return "".join(f"<w:tc>{p(r(g))}</w:tc>" for g in groups)


def _row(groups: list[str]) -> str:
    return f"<w:tbl><w:tr>{_cells(groups)}</w:tr></w:tbl>"


SPLIT = {
    "nhs-group-per-cell": (_row(["NHS", "943", "476", "5919"]), NHS),
    "nhs-two-cells-tab": (_row(["NHS 943\t476", "5919"]), NHS),
    "nhs-digit-per-paragraph-lookalike": ("".join(p(r(d)) for d in "94347659l9"), NHS),
    "nhs-groups-per-line-break-and-cell": (p(r("NHS 943")) + _row(["476", "5919"]), NHS),
    "postcode-per-cell": (_row(["14 Wren", "NS3", "7QT"]), "postcode"),
    "postcode-per-paragraph": (p(r("Lives at NS3")) + p(r("7QT")), "postcode"),
}


@pytest.mark.parametrize("where", ["document", "header", "footnote", "comment"])
@pytest.mark.parametrize("form", sorted(SPLIT))
def test_identifier_split_between_cells_or_paragraphs_is_caught(registry, form, where):
    body, kind = SPLIT[form]
    if where == "document":
        data = report_with_body(body)
    else:
        part = {"header": ("word/header9.xml", "hdr", "{}"),
                "footnote": ("word/footnotes.xml", "footnotes",
                             '<w:footnote w:id="1">{}</w:footnote>'),
                "comment": ("word/comments.xml", "comments",
                            '<w:comment w:id="0" w:author="A">{}</w:comment>')}[where]
        data = report_with_body(PLAIN, extra_parts={part[0]: _w(part[1], part[2].format(body))})
    assert kind in {f.kind for f in findings(data, registry)}


# ------------------------------------------------------------ 2. dates of birth

BIRTH_FORMS = {
    "apostrophe-year": "born 12 Jun '39",
    "roman-month": "DOB 12/VI/1939",
    "roman-month-spaces": "date of birth: 3 xii 1941",
    "ddmmyyyy": "DOB: 12061939",
    "yyyymmdd": "Date of birth 19390612",
    "b-dot": "Mrs A (b. 12 June 1939) complained",
    "b-dot-short-year": "her mother, b. 3.4.41, lives alone",
    "far-after-label": "DOB:" + " " * 100 + "12/06/1939",
    "far-after-label-tabs": "Date of birth" + "\t" * 90 + "12.06.1939",
}


@pytest.mark.parametrize(("text", "place"), _planted(BIRTH_FORMS, [*TEXT_PLACES, "core",
                                                                   "custom"]))
def test_date_of_birth_form_is_caught(registry, text, place):
    assert "date of birth" in {f.kind for f in findings(PLACES[place](text), registry)}


BIRTH_LAYOUTS = {
    "next-paragraph": p(r("Date of birth:")) + p(r("12 June 1939")),
    "next-row-first-cell": "<w:tbl>" + f"<w:tr>{_cells(['Name', 'Date of birth'])}</w:tr>"
                           f"<w:tr>{_cells(['12.06.1939', 'Mrs A'])}</w:tr></w:tbl>",
    "after-an-empty-paragraph": p(r("Her date of birth is")) + p(r("")) + p(r("12/06/1939.")),
    "next-cell-compact": _row(["D.O.B.", "12061939"]),
}


@pytest.mark.parametrize("layout", sorted(BIRTH_LAYOUTS))
def test_date_of_birth_after_its_label_in_another_paragraph_is_caught(registry, layout):
    found = findings(report_with_body(BIRTH_LAYOUTS[layout]), registry)
    assert "date of birth" in {f.kind for f in found}


# ------------------------------------------------------------ 3. names misspelt or shortened

NAME_FORMS = {
    "deletion": "Mrs A and Elison",
    "insertion": "Ellisson family",
    "substitution": "Margeret wrote",
    "transposition": "the ward manager Okafro",
    "staff-deletion": "Natarjan said",
    "upper-misspelt": "ELLISEN",
    "nickname-peggy": "Peggy phoned",
    "nickname-madge": "a letter from Madge",
    "nickname-meg": "as Meg said",
    "nickname-bob": "We spoke to Bob",
    "nickname-bobby": "bobby was discharged",
    "nickname-angie": "Angie agreed",
    "nickname-sally": "we told Sally about it",
    "nickname-in-word": "#justiceforpeggy",
    "surname-in-camel-word": "TeamEllison2026",
    "name-in-hashtag": "#margaretsstory",
    "nickname-and-surname": "PeggyEllison",
}


@pytest.mark.parametrize(("text", "place"), _planted(NAME_FORMS, [*TEXT_PLACES, "core", "app",
                                                                   "custom", "attribute"]))
def test_misspelt_or_nicknamed_name_is_caught(registry, text, place):
    assert "person's name" in {f.kind for f in findings(PLACES[place](text), registry)}


@pytest.mark.parametrize("text", ["Elison", "peggy", "justiceformaggie"])
def test_misspelt_or_nicknamed_name_in_a_relationship_target_is_caught(registry, text):
    assert findings(_with_rel(report_with_body(PLAIN), f"https://x.example/u/{text}"), registry)


# ------------------------------------------------------------ 4. mc:Choice and mc:Fallback

def _alternate(choice: str, fallback: str) -> str:
    return (f'<w:r><mc:AlternateContent><mc:Choice Requires="w14"><w:t>{choice}</w:t>'
            f"</mc:Choice><mc:Fallback><w:t>{fallback}</w:t></mc:Fallback>"
            "</mc:AlternateContent></w:r>")


ALTERNATE = {
    "fallback-ends-surname": p(r("Mrs A and Elli"), _alternate("xx", "son"), r(" phoned")),
    "choice-ends-surname": p(r("Mrs A and Elli"), _alternate("son", "xx"), r(" phoned")),
    "two-alternates": p(r("Mar"), _alternate("garet", "tin"), r(" Ell"), _alternate("is", "y"),
                        r("on")),
    "postcode": p(r("Lives at NS3 7"), _alternate("QT", "xx"), r(" now")),
}


@pytest.mark.parametrize("where", ["word/document.xml", "word/header9.xml"])
@pytest.mark.parametrize("form", sorted(ALTERNATE))
def test_detail_split_between_choice_and_fallback_is_caught(registry, form, where):
    body = ALTERNATE[form]
    if where == "word/document.xml":
        data = report_with_body(body)
    else:
        data = report_with_body(PLAIN, extra_parts={where: _w("hdr", body)})
    assert findings(data, registry)


# ------------------------------------------------------------ 5. encodings

def _b64(text: str, encoding: str = "utf-8") -> str:
    return base64.b64encode(text.encode(encoding)).decode()


ENCODED = {
    "short-base64-alias": _b64("Maggie"),
    "short-base64-surname-unpadded-in-a-query": "id=" + _b64("Ellison").rstrip("="),
    "short-base64-in-a-run": "xyz" + _b64("maggie"),
    "base64-utf16": _b64("Maggie", "utf-16-le"),
    "base64-utf16-name": _b64("Margaret Ellison", "utf-16-le"),
    "base64-utf16-be": _b64("Ellison", "utf-16-be"),
    "hex-lower": b"Ellison".hex(),
    "hex-upper": b"Okafor".hex().upper(),
}
# Percent-escapes applied more than once (text outside paragraphs was already decoded again
# and again; paragraphs, attribute values and targets only once).
PERCENT = {"percent-twice": "%2545llison", "percent-thrice": "%252545llison",
           "percent-twice-alias": "%254Daggie"}


@pytest.mark.parametrize(("text", "place"), _planted(ENCODED, [*TEXT_PLACES, "core", "app",
                                                               "custom", "attribute",
                                                               "rels-target"])
                         + _planted(PERCENT, [*TEXT_PLACES, "attribute", "rels-target"]))
def test_encoded_name_is_caught(registry, text, place):
    assert findings(PLACES[place](text), registry)


# ------------------------------------------------------------ 6. hex attributes

@pytest.mark.parametrize(("attribute", "value"), [
    ("w14:paraId", b"Khan".hex().upper()),
    ("w:rsidR", b"Benn".hex().upper()),
    ("w:rsidRDefault", b"Hale".hex()),
])
def test_name_in_a_hex_id_is_caught(registry, attribute, value):
    body = (f'<w:p xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
            f'{attribute}="{value}">{r("Nothing personal here.")}</w:p>')
    assert findings(report_with_body(body), registry)


# ------------------------------------------------------------ negative cases

ORDINARY = [
    "Allison Road was closed for works.",
    "The 12 June 2026 meeting agreed the plan.",
    "See the minutes of 3 March 2026, item 4(b). 12 June 2026 is the next date.",
    "The Trust granted the request and the angel of the ward, a grand magpie, said more.",
    "Will the Trust pay the bill? We will rob no one of their time.",
    "A fragrant garden; the vagrants moved on; emigrants and immigrants.",
    "Recommendation R1, 2nd stage; R2, 3rd stage.",
    "Rooms 101, 102, 103, 104, 105, 106, 107, 108, 109 and 110 were checked.",
    "Ward 7 had 943 patients, 476 of them over 65, in 5919 bed days over 2026.",
    "Phone 01632 960 400 or write to NS1 4AB.",
    "Moor Lane and Angel Street are not in the plan.",
    "https://www.example.org/guidance/discharge-planning?year=2026&page=2",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_text_gives_no_finding(registry, text):
    assert findings(report_with_body(p(r(escape(text)))), registry) == []


def test_a_date_after_the_redacted_value_of_a_birth_label_gives_no_finding(registry):
    body = _row(["Date of birth", "[date of birth removed]"]) + _row(["Admitted", "3 March 2026"])
    assert findings(report_with_body(body), registry) == []


def test_ordinary_numbers_in_cells_give_no_finding(registry):
    body = ("<w:tbl>" + "".join(f"<w:tr>{_cells(row)}</w:tr>" for row in [
        ["Action", "Due", "Done"], ["R1", "12/06/2026", "3"], ["R2", "14/07/2026", "10"],
        ["R3", "2026", "11"], ["Total", "943", "476"]]) + "</w:tbl>"
            + p(r("Date of birth: removed")) + p(r("Next review")) + p(r("12 June 2026")))
    assert findings(report_with_body(body), registry) == []


def test_colours_revision_ids_and_base64_of_a_picture_give_no_finding(registry):
    picture = base64.b64encode(small_image("PNG", "x")[:600]).decode()
    body = ('<w:p w:rsidR="00A1B2C3" w:rsidRDefault="4D6167FF" w:rsidP="0045AB12">'
            '<w:pPr><w:shd w:val="clear" w:color="auto" w:fill="4D6167"/></w:pPr>'
            '<w:r w:rsidR="61626364"><w:rPr><w:color w:val="6C6C69"/></w:rPr>'
            '<w:t>Colours and ids only.</w:t></w:r></w:p>')
    extra = {"docProps/custom.xml": _props(
        "custom-properties", '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" '
        f'name="Logo"><vt:lpwstr>{picture}</vt:lpwstr></property>')}
    assert findings(report_with_body(body, extra_parts=extra), registry) == []


@pytest.fixture(scope="module")
def sample_packs(tmp_path_factory) -> list[tuple[str, Path]]:
    out = tmp_path_factory.mktemp("round3-packs")
    runner = CliRunner()
    packs = []
    for path in SAMPLES:
        target = out / path.name.split(".")[0]
        result = runner.invoke(main, ["redact", str(path), "-o", str(target)])
        assert result.exit_code == 0, (path.name, result.output)
        packs.append((path.name, target))
    return packs


def test_each_samples_regulator_pack_verifies_clean(sample_packs):
    """``apgen redact`` exits 0 (the verifier found nothing) and the verifier, run again on
    each document of each pack, still finds nothing."""
    checked = 0
    for name, target in sample_packs:
        plan = load_plan(ROOT / "samples" / name)[0]
        registry = Registry.from_plan(plan)
        for document in sorted(target.rglob("*.regulator/*.docx")):
            assert verify_docx(document.read_bytes(), registry, document.name) == [], document
            checked += 1
    assert checked >= len(SAMPLES)
