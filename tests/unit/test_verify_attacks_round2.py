"""Round two of attacks on the independent verifier, with the redactor switched off.

Every document is the UNREDACTED form built in code; the verifier alone must refuse it.
Caught forms are asserted caught. Forms the verifier misses, where the form surely names a
listed person of samples/ellison.plan.yaml or carries an identifier, are strict xfails.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from adversarial_docx import DECL, NS, p, r, report_with_body

from actionplan_gen.pipeline import load_plan
from actionplan_gen.verify import Registry, verify_docx

ROOT = Path(__file__).resolve().parents[2]
ELLISON = ROOT / "samples" / "ellison.plan.yaml"

A = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
C = 'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"'
W15 = 'xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"'
PLAIN = p(r("Nothing personal here."))


@pytest.fixture(scope="module")
def registry():
    return Registry.from_plan(load_plan(ELLISON)[0])


def findings(data: bytes, registry: Registry) -> list:
    """The verifier's findings, less the python-docx template's own thumbnail."""
    return [f for f in verify_docx(data, registry, "x.docx") if "thumbnail" not in f.part]


def _w(root: str, body: str) -> bytes:
    return (DECL + f"<w:{root} {NS}>{body}</w:{root}>").encode("utf-8")


def _xml(text: str) -> bytes:
    return (DECL + text).encode("utf-8")


def _with_rel(data: bytes, target: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    rels = "word/_rels/document.xml.rels"
    parts[rels] = parts[rels].replace(b"</Relationships>", (
        '<Relationship Id="rIdZ" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships/hyperlink" Target="{target}" TargetMode="External"/>'
        "</Relationships>").encode())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", parts.pop("[Content_Types].xml"))
        for name, content in parts.items():
            z.writestr(name, content)
    return out.getvalue()


# ------------------------------------------------------------------ forms in body text

CAUGHT_TEXT = [
    ("alias-apostrophe-s", "Maggie's son phoned"),
    ("reversed-with-comma", "Ellison, Margaret complained"),
    ("csv-upper-case", "ELLISON,MARGARET,14 WREN CLOSE"),
    ("csv-semicolon", "ELLISON;MARGARET"),
    ("initial-and-surname", "M. Ellison complained"),
    ("curly-apostrophe-s", "Ellison\u2019s complaint"),
    ("upper-apostrophe-s", "ELLISON'S complaint"),
    ("lower-apostrophe-s-staff", "natarajan's ward"),
    ("url-path", "see https://example.com/margaret-ellison/case"),
    ("url-query-camel", "see https://example.com/?name=MargaretEllison&x=1"),
    ("url-query-plus", "see https://example.com/?q=margaret+ellison"),
    ("url-staff-slug", "https://trust.example/staff/priya-natarajan"),
    ("hashtag-camel", "#MargaretEllison"),
    ("handle-underscore", "@maggie_ellison"),
    ("staff-camel-concat", "DanielOkafor"),
    ("staff-reversed", "Okafor, Daniel"),
    ("staff-initial", "D. Okafor"),
    ("email-with-name", "write to margaret.ellison@gmail.com"),
    ("email-at-dot-in-brackets", "write to mje39(at)example(dot)com"),
    ("email-at-dot-square", "write to mje39 [at] example [dot] com"),
    ("email-at-dot-words", "write to mje39 at example dot com"),
    ("postcode-no-space-lower", "lives at ns37qt"),
    ("postcode-no-space-upper", "lives at NS37QT"),
    ("postcode-lower", "lives at ns3 7qt"),
    ("phone-extension", "call 07700 900123 x123"),
    ("phone-0044", "call 0044 7700 900123"),
    ("phone-plus44-bracket-zero", "call +44 (0)7700 900123"),
    ("phone-0044-no-space", "call 00447700900123"),
    ("ni-lower-case-dots", "NI qq.12.34.56.c"),
    ("ni-lower-case-no-space", "NI qq123456c"),
    ("dob-iso-born-on", "born on 1939-02-14"),
    ("dob-iso-label", "DOB: 1939-02-14"),
    ("dob-dots-two-digit-year", "DOB 14.02.39"),
    ("dob-dots-born", "born 14.02.39"),
    ("dob-short-month", "aged 87, born 14 Feb 1939"),
    ("address-lower-case", "14 wren close"),
    ("address-abbreviated", "14 Wren Cl."),
    # Missed in the first round of this file, caught since (registry: plurals of surnames,
    # aliases run together with the surname, address lines with the spaces taken out).
    ("surname-plural", "the Ellisons complained"),
    ("alias-surname-camel", "MaggieEllison"),
    ("handle-alias-surname-digits", "@maggieellison39"),
    ("address-no-spaces-upper", "14WRENCLOSE"),
    # Missed until round three (a name of five letters or more inside a longer word).
    ("hashtag-alias-inside-word", "#justiceformaggie"),
]


@pytest.mark.parametrize("text", [t for _, t in CAUGHT_TEXT], ids=[i for i, _ in CAUGHT_TEXT])
def test_text_form_is_caught(registry, text):
    assert findings(report_with_body(p(r(text))), registry), text


# ------------------------------------------------------------------ other parts of the package

def _part_attacks() -> dict[str, tuple[dict[str, bytes], str]]:
    return {
        "endnotes": ({"word/endnotes.xml": _w(
            "endnotes", f'<w:endnote w:id="1">{p(r("Robert Ellison"))}</w:endnote>')}, PLAIN),
        "comments-extended-para-id": ({"word/commentsExtended.xml": _xml(
            f'<w15:commentsEx {W15}><w15:commentEx w15:paraId="Ellison01" w15:done="0"/>'
            "</w15:commentsEx>")}, PLAIN),
        "people-part-author": ({"word/people.xml": _xml(
            f'<w15:people {W15}><w15:person w15:author="Laura Benn"><w15:presenceInfo '
            'w15:providerId="None" w15:userId="Laura Benn"/></w15:person></w15:people>')}, PLAIN),
        "glossary-document": ({"word/glossary/document.xml": _w(
            "glossaryDocument", "<w:docParts><w:docPart><w:docPartPr><w:name w:val=\"x\"/>"
            f"</w:docPartPr><w:docPartBody>{p(r('Sarah Khan'))}</w:docPartBody></w:docPart>"
            "</w:docParts>")}, PLAIN),
        "settings-docvars": ({"word/settings.xml": _w(
            "settings", '<w:docVars><w:docVar w:name="patient" w:val="Robert Ellison"/>'
            "</w:docVars>")}, PLAIN),
        "customxml-item": ({"customXml/item1.xml": _xml(
            "<case><patient>Robert Ellison</patient></case>")}, PLAIN),
        "customxml-item-props": ({"customXml/itemProps1.xml": _xml(
            '<ds:datastoreItem ds:itemID="{x}" xmlns:ds="http://schemas.openxmlformats.org/'
            'officeDocument/2006/customXml"><ds:schemaRefs><ds:schemaRef '
            'ds:uri="urn:ellison-margaret"/></ds:schemaRefs></ds:datastoreItem>')}, PLAIN),
        "docprops-custom": ({"docProps/custom.xml": _xml(
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
            '2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" '
            'pid="2" name="Patient"><vt:lpwstr>Robert Ellison</vt:lpwstr></property>'
            "</Properties>")}, PLAIN),
        "chart-title-a-t": ({"word/charts/chart1.xml": _xml(
            f"<c:chartSpace {C} {A}><c:chart><c:title><c:tx><c:rich><a:p><a:r>"
            "<a:t>Readmissions of Robert Ellison</a:t></a:r></a:p></c:rich></c:tx></c:title>"
            "</c:chart></c:chartSpace>")}, PLAIN),
        "chart-string-cache": ({"word/charts/chart1.xml": _xml(
            f"<c:chartSpace {C}><c:chart><c:plotArea><c:barChart><c:ser><c:cat><c:strRef>"
            '<c:strCache><c:pt idx="0"><c:v>Maggie</c:v></c:pt></c:strCache></c:strRef>'
            "</c:cat></c:ser></c:barChart></c:plotArea></c:chart></c:chartSpace>")}, PLAIN),
        "smartart-data": ({"word/diagrams/data1.xml": _xml(
            '<dgm:dataModel xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/'
            f'diagram" {A}><dgm:ptLst><dgm:pt modelId="1"><dgm:t><a:bodyPr/><a:p><a:r>'
            "<a:t>Angela Moore</a:t></a:r></a:p></dgm:t></dgm:pt></dgm:ptLst>"
            "</dgm:dataModel>")}, PLAIN),
        "smartart-drawing": ({"word/diagrams/drawing1.xml": _xml(
            '<dsp:drawing xmlns:dsp="http://schemas.microsoft.com/office/drawing/2008/diagram" '
            f"{A}><dsp:spTree><dsp:sp><dsp:txBody><a:p><a:r><a:t>Angela Moore</a:t></a:r>"
            "</a:p></dsp:txBody></dsp:sp></dsp:spTree></dsp:drawing>")}, PLAIN),
        "header-of-second-section": ({"word/header9.xml": _w("hdr", p(r("Fiona Grant")))},
                                     PLAIN + '<w:sectPr><w:headerReference w:type="default" '
                                     'r:id="rIdH9"/></w:sectPr>'),
        "numbering-lvltext": ({"word/numbering.xml": _w(
            "numbering", '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start '
            'w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="Ellison %1."/></w:lvl>'
            '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>')}, PLAIN),
        "font-table-names": ({"word/fontTable.xml": _w(
            "fonts", '<w:font w:name="MargaretEllisonHand"><w:altName '
            'w:val="Margaret Ellison"/></w:font>')}, PLAIN),
        "style-name": ({"word/styles.xml": _w(
            "styles", '<w:style w:type="paragraph" w:styleId="Ellison"><w:name '
            'w:val="Letter to Mrs Ellison"/></w:style>')}, PLAIN),
        "vml-textpath-string": ({}, p(
            '<w:r><w:pict><v:shape id="wm" type="#_x0000_t136"><v:textpath '
            'style="font-family:Arial" string="Daniel Okafor"/></v:shape></w:pict></w:r>')),
        "fldsimple-instr": ({}, p('<w:fldSimple w:instr=" DOCPROPERTY Priya_Natarajan ">',
                                  r("x"), "</w:fldSimple>")),
        "fldsimple-instr-hyperlink-query": ({}, p(
            '<w:fldSimple w:instr=" HYPERLINK &quot;https://x.example/?who=jonathan.hale&quot; ">',
            r("link"), "</w:fldSimple>")),
        "app-manager": ({"docProps/app.xml": _xml(
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'extended-properties"><Manager>Jonathan Hale</Manager></Properties>')}, PLAIN),
        "app-company": ({"docProps/app.xml": _xml(
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'extended-properties"><Company>Ellison household</Company></Properties>')}, PLAIN),
        "core-last-modified-by-login": ({"docProps/core.xml": _xml(
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties"><cp:lastModifiedBy>fgrant</cp:lastModifiedBy>'
            "</cp:coreProperties>")}, PLAIN),
    }


PART_ATTACKS = _part_attacks()


@pytest.mark.parametrize("attack", sorted(PART_ATTACKS))
def test_part_attack_is_caught(registry, attack):
    extra, body = PART_ATTACKS[attack]
    assert findings(report_with_body(body, extra_parts=extra), registry)


@pytest.mark.parametrize("target", [
    "https://x.example/case?patient=robert.ellison",
    "https://x.example/c?nhs=9434765919",
    "https://x.example/c?pc=NS37QT",
    "mailto:mje39@example.com?subject=x",
])
def test_relationship_target_query_string_is_caught(registry, target):
    assert findings(_with_rel(report_with_body(PLAIN), target), registry)


def test_short_base64_alias_in_relationship_target(registry):
    """Missed until round three: base64 of the alias 'maggie' ('bWFnZ2ll') in a query string
    of a document.xml.rels target URL."""
    data = _with_rel(report_with_body(PLAIN), "https://x.example/c?u=bWFnZ2ll")
    assert findings(data, registry)


# ------------------------------------------------------------------ identifier layouts

def test_nhs_number_with_tabs_between_groups_in_separate_runs_is_caught(registry):
    body = p(r("NHS 943"), "<w:r><w:tab/></w:r>", r("476"), "<w:r><w:tab/></w:r>", r("5919"))
    assert findings(report_with_body(body), registry)


def _cells(groups: list[str]) -> str:
    return "".join(f"<w:tc>{p(r(g))}</w:tc>" for g in groups)


def test_phone_number_with_a_tab_between_groups_is_caught(registry):
    """Missed in the first round of this file: a tab (or two spaces) between groups."""
    body = p(r("Tel 07700"), "<w:r><w:tab/></w:r>", r("900123"))
    assert "telephone number" in {f.kind for f in findings(report_with_body(body), registry)}


# Missed until round three (digit groups split between table cells, rows and paragraphs).
SPLIT_LAYOUTS = [
    ("nhs-one-digit-per-cell",
     p(r("NHS number")) + f"<w:tbl><w:tr>{_cells(list('9434765919'))}</w:tr></w:tbl>",
     "NHS number one digit per table cell (one row) in document.xml"),
    ("nhs-group-per-row",
     "<w:tbl>" + "".join(f"<w:tr>{_cells([g])}</w:tr>" for g in ("NHS 943", "476", "5919"))
     + "</w:tbl>",
     "NHS number with one digit group per table row in document.xml"),
    ("nhs-group-per-paragraph", p(r("NHS 943")) + p(r("476")) + p(r("5919")),
     "NHS number with one digit group per paragraph in document.xml"),
]


@pytest.mark.parametrize("body", [pytest.param(b, id=i) for i, b, _why in SPLIT_LAYOUTS])
def test_identifier_split_between_paragraphs_is_caught(registry, body):
    assert "NHS-like number" in {f.kind for f in findings(report_with_body(body), registry)}
