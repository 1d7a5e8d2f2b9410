"""Forms the verifier is being taught to refuse, now replaced by the redactor (round 3), in
the final report (body split across runs, a table cell, a header, a footnote) and in the
plan's own text, so the pack is written and holds none of them:

1. NHS numbers and postcodes with unusual separators, and a letter typed for a digit of a
   number that otherwise validates (O for 0, l or I for 1);
2. dates of birth as "12 Jun '39", "12/VI/1939", "b. 12 June 1939", "12061939" by a label,
   "the 12th day of June", and a date whose label ends the paragraph before or heads its
   table column;
3. listed names misspelt by one edit, and common nicknames of a listed forename, replaced
   by the same pseudonym or role; nicknames that are ordinary words (Will, Bill, Rob) only
   beside the person.

Each test also holds ordinary text that must come through unchanged.
"""

from __future__ import annotations

import copy
import io
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml
from adversarial_docx import DECL, NS, REL, p, r
from docx import Document
from lxml import etree

from actionplan_gen.loader import load_file
from actionplan_gen.model import build_plan
from actionplan_gen.pipeline import load_plan
from actionplan_gen.redact.redactor import Redactor

ROOT = Path(__file__).resolve().parents[2]
ELLISON = ROOT / "samples" / "ellison.plan.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"

# (id, text, the detail that must be gone): each form the redactor did not replace before.
FORMS = [
    # 1. numbers
    ("nhs-l-for-1", "NHS number 943 476 59l9 on file", "59l9"),
    ("nhs-capital-i-for-1", "NHS number 943 476 59I9 on file", "59I9"),
    ("nhs-o-for-0", "NHS number 4O1 000 0l47 on file", "4O1"),
    ("nhs-unbroken-typed", "NHS number 94347659l9 on file", "94347659l9"),
    ("nhs-mixed-separators", "NHS number 943 / 476-5919 on file", "476-5919"),
    ("nhs-comma-then-space", "NHS number 943, 476 5919 on file", "476 5919"),
    ("postcode-dot", "lives at NS3.9QT now", "9QT"),
    ("postcode-slash", "lives at NS3/9QT now", "9QT"),
    ("postcode-dash", "lives at SW1A-1AA now", "1AA"),
    ("postcode-spaced-comma", "lives at NS3 , 9QT now", "9QT"),
    # 2. dates of birth
    ("dob-apostrophe-year", "born 12 Jun '39 in Leeds", "Jun '39"),
    ("dob-roman-month", "Date of birth: 12/VI/1939.", "VI/1939"),
    ("dob-roman-month-dots", "D.O.B. 12.vi.39.", "12.vi"),
    ("dob-b-dot", "Mr Ellison (b. 12 June 1939) said", "June 1939"),
    ("dob-ddmmyyyy", "DOB 12061939 recorded", "12061939"),
    ("dob-day-of-the-month", "born on the 12th day of June 1939", "June 1939"),
    ("dob-month-the-day", "born June the 12th, 1939", "12th, 1939"),
    # 3. names
    ("misspelt-dropped-letter", "Elison complained to the Trust", "Elison"),
    ("misspelt-doubled-letter", "Ellisson complained to the Trust", "Ellisson"),
    ("misspelt-swapped-letters", "Ellsion complained to the Trust", "Ellsion"),
    ("misspelt-forename", "Margret complained to the Trust", "Margret"),
    ("misspelt-titled", "We wrote to Mrs Elison twice", "Elison"),
    ("misspelt-staff-surname", "We met Mr Okafer on the ward", "Okafer"),
    ("misspelt-capitals", "ELISON complained to the Trust", "ELISON"),
    ("nickname-peggy", "Peggy complained to the Trust", "Peggy"),
    ("nickname-meg", "Meg complained to the Trust", "Meg"),
    ("nickname-bob", "Bob went home on Tuesday", "Bob"),
    ("nickname-bob-surname", "We phoned Bob Ellison at home", "Bob"),
    ("nickname-rob-surname", "We phoned Rob Ellison at home", "Rob"),
    ("nickname-dan-staff", "Dan told us nothing", "Dan "),
]
FORM_IDS = [form[0] for form in FORMS]
# Ordinary text in every test document: it must come through word for word.
ORDINARY = ["Will you attend? The bill was paid on 12 June 2026.",
            "Allison Road was closed; Ward 7 reopened.",
            "Room A1, 2nd floor, was used for 3 weeks."]


@pytest.fixture(scope="module")
def plan():
    return load_plan(ELLISON)[0]


@pytest.fixture(scope="module")
def redactor(plan):
    return Redactor(plan)


# ------------------------------------------------------------------ the text itself

@pytest.mark.parametrize("text, detail", [f[1:] for f in FORMS], ids=FORM_IDS)
def test_the_redactor_replaces_the_form(redactor, text, detail):
    out = redactor.redact(text)
    assert detail not in out, out
    assert "removed]" in out or "Mrs A" in out or "Mr B" in out or "Ward Manager" in out
    for ordinary in ORDINARY:
        assert redactor.redact(f"{ordinary} {text}").startswith(ordinary)


@pytest.mark.parametrize("text, expected", [
    ("Elison said so.", "Mrs A said so."),  # the surname alone, as 'Ellison' alone
    ("Mr Elison said so.", "Mr B said so."),  # his own title: Robert, as 'Mr Ellison'
    ("Margret Elison said so.", "Mrs A said so."),  # the whole name, misspelt twice
    ("Elison's letter", "Mrs A's letter"),
    ("Bob Elison said so.", "Mr B said so."),
    ("Mrs Peggy Ellison said so.", "Mrs A said so."),  # never 'Mrs Mrs A'
    ("Okafer's ward", "The Ward Manager's ward"),
])
def test_a_variant_is_replaced_as_the_listed_name_would_be(redactor, text, expected):
    assert redactor.redact(text) == expected


def _plan(*people):
    data = copy.deepcopy(load_file(ELLISON).data)
    data["people"] += list(people)
    return build_plan(data, ELLISON)


@pytest.fixture(scope="module")
def william():
    """The sample plan with William Hughes and Patricia Wood listed too."""
    return Redactor(_plan({"id": "w", "name": "William Hughes", "title": "Mr", "kind": "relative"},
                          {"id": "pw", "name": "Patricia Wood", "title": "Ms",
                           "kind": "relative"}))


@pytest.mark.parametrize("text, expected", [
    # beside the surname, or after a title: the person
    ("We asked Will Hughes and Bill Hughes.", "We asked Mr C and Mr C."),
    ("Bill Hughes paid the bill.", "Mr C paid the bill."),
    ("Then Mr Bill said no.", "Then Mr C said no."),
    ("We asked Pat Wood.", "We asked Ms D."),
    ("Billy came; Liam too.", "Mr C came; Mr C too."),  # nicknames that are no ordinary word
    # anywhere else: the ordinary word, left as it was
    ("Will you attend? We will. Bill them later. The Bill was paid. Pat the dog. Bill Hughes",
     "Will you attend? We will. Bill them later. The Bill was paid. Pat the dog. Mr C"),
    # a question: the verb stays (and the surname goes, as always)
    ("Will Hughes attend? We asked Will Hughes.", "Will Mr C attend? We asked Mr C."),
    ("Rob the bank, Rob said. Rob Ellison did not.",  # Robert's only before Ellison
     "Rob the bank, Rob said. Mr B did not."),
    # someone else's full name is not half replaced
    ("Bob Smith and Peggy Jones came. Peggy did not.",
     "Bob Smith and Peggy Jones came. Mrs A did not."),
])
def test_nicknames_that_are_ordinary_words_only_beside_the_person(william, text, expected):
    assert william.redact(text) == expected


def test_ordinary_words_and_places_near_names_are_left(redactor):
    """Not English words apgen knows ('Grand', 'More', 'Magpie'), not a place ('Allison
    Road', 'Magie Ward'), not in lower case, not a plural ('the Ellisons' is the family),
    while the misspelt name in the same text goes."""
    text = ("Grand total. More staff. Magpie Ward. Allison Road. Magie Ward. elison. "
            "Roberts and the Ellisons. Elison came.")
    out = redactor.redact(text)
    assert out == ("Grand total. More staff. Magpie Ward. Allison Road. Magie Ward. elison. "
                   "Roberts and the Ellisons. Mrs A came.")


def test_dates_that_are_not_of_birth_are_left(redactor):
    text = ("The meeting of 12 June 2026 (item b. 3) and 12/VI/2026 set 20260612 as the date; "
            "b. 12 June 1939.")
    assert redactor.redact(text) == ("The meeting of 12 June 2026 (item b. 3) and 12/VI/2026 "
                                     "set 20260612 as the date; b. [date of birth removed].")


def test_numbers_that_do_not_validate_are_left(redactor):
    text = ("Budget 1,234,567,890; ref 943 476 59l8; oil 101 lol; Ward B2, 3rd bay; "
            "NHS 943 476 59l9.")
    assert redactor.redact(text) == ("Budget 1,234,567,890; ref 943 476 59l8; oil 101 lol; "
                                     "Ward B2, 3rd bay; NHS [NHS number removed].")


# ------------------------------------------------------------------ through the whole pack

def _report(body: str, header: str, footnote: str) -> bytes:
    """A report whose body is ``body`` (paragraph XML), with a default header and a footnote
    (referenced from the body) holding ``header`` and ``footnote``."""
    base = io.BytesIO()
    Document().save(base)
    with zipfile.ZipFile(base) as source:
        parts = {n: source.read(n) for n in source.namelist()}
    reference = '<w:r><w:footnoteReference w:id="1"/></w:r>'
    section = ('<w:sectPr><w:headerReference w:type="default" r:id="rIdH1"/>'
               '<w:pgSz w:w="11906" w:h="16838"/></w:sectPr>')
    parts["word/document.xml"] = (DECL + f"<w:document {NS}><w:body>{body}"
                                  f"{p(r('See the note.'), reference)}{section}</w:body>"
                                  "</w:document>").encode("utf-8")
    parts["word/header1.xml"] = (DECL + f"<w:hdr {NS}>{p(r(header))}</w:hdr>").encode("utf-8")
    notes = (f'<w:footnote w:type="separator" w:id="-1">{p(r(""))}</w:footnote>'
             f'<w:footnote w:type="continuationSeparator" w:id="0">{p(r(""))}</w:footnote>'
             f'<w:footnote w:id="1">{p(r(footnote))}</w:footnote>')
    parts["word/footnotes.xml"] = (DECL + f"<w:footnotes {NS}>{notes}</w:footnotes>").encode()
    rels = parts["word/_rels/document.xml.rels"].decode("utf-8").replace(
        "</Relationships>",
        f'<Relationship Id="rIdH1" Type="{REL}/header" Target="header1.xml"/>'
        f'<Relationship Id="rIdFn" Type="{REL}/footnotes" Target="footnotes.xml"/>'
        "</Relationships>")
    parts["word/_rels/document.xml.rels"] = rels.encode("utf-8")
    types = parts["[Content_Types].xml"].decode("utf-8").replace(
        "</Types>",
        f'<Override PartName="/word/header1.xml" ContentType="{WML}.header+xml"/>'
        f'<Override PartName="/word/footnotes.xml" ContentType="{WML}.footnotes+xml"/>'
        "</Types>")
    parts["[Content_Types].xml"] = types.encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        target.writestr("[Content_Types].xml", parts.pop("[Content_Types].xml"))
        for name, data in parts.items():
            target.writestr(name, data)
    return out.getvalue()


def _split(text: str, width: int = 3) -> str:
    """``text`` as one paragraph of runs ``width`` characters long, as Word leaves it."""
    return p(*(r(_escape(text[i:i + width])) for i in range(0, len(text), width)))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cell_table(*rows: list[str]) -> str:
    return "<w:tbl>" + "".join(
        "<w:tr>" + "".join(f"<w:tc>{p(r(_escape(cell)))}</w:tc>" for cell in row) + "</w:tr>"
        for row in rows) + "</w:tbl>"


def paragraphs(docx: Path) -> list[str]:
    """Every paragraph's text, joined across runs, of every text part of a .docx."""
    found = []
    with zipfile.ZipFile(docx) as package:
        for name in package.namelist():
            if name.startswith("word/") and name.endswith(".xml") and "/" not in name[5:]:
                root = etree.fromstring(package.read(name))
                found += ["".join(t.text or "" for t in para.iter(f"{W}t"))
                          for para in root.iter(f"{W}p")]
    return found


def _pack(tmp_path: Path, run_cli, report: bytes, root_cause: str | None = None):
    """``apgen redact`` on a copy of the sample with ``report``: (exit code, output,
    paragraphs of the regulator's report, paragraphs of the regulator's action plan)."""
    data = load_file(ELLISON).data
    if root_cause is not None:
        data["failings"][0]["root_cause"] = root_cause
    case = tmp_path / "case.plan.yaml"
    case.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    shutil.copytree(ROOT / "samples" / "evidence", tmp_path / "evidence")
    source = tmp_path / "report.docx"
    source.write_bytes(report)
    out = tmp_path / "out"
    result = run_cli("redact", case, "--report", source, "-o", out)
    folders = list(out.glob("*.regulator"))
    if result.exit_code or not folders:
        return result.exit_code, result.output, [], []
    return (result.exit_code, result.output, paragraphs(folders[0] / "final-report.docx"),
            paragraphs(folders[0] / "action-plan.docx"))


@pytest.mark.parametrize("text, detail", [f[1:] for f in FORMS], ids=FORM_IDS)
def test_a_report_with_the_form_makes_a_pack_without_it(tmp_path, run_cli, text, detail):
    """The form in the body split into three-character runs, in a table cell, in the header
    and in a footnote: the pack is written, no paragraph holds it, ordinary text stays."""
    body = (_split(text) + _cell_table(["Notes", text]) + "".join(p(r(o)) for o in ORDINARY))
    code, output, found, _ = _pack(tmp_path, run_cli, _report(body, text, text))
    assert code == 0, output
    assert not [para for para in found if detail in para], found
    for ordinary in ORDINARY:
        assert ordinary in found
    assert sum("removed]" in para or "Mrs A" in para or "Mr B" in para
               or "Ward Manager" in para for para in found) >= 4, found


PLAN_FORMS = ["nhs-l-for-1", "postcode-slash", "dob-roman-month", "dob-b-dot",
              "misspelt-dropped-letter", "nickname-peggy", "nickname-rob-surname"]


@pytest.mark.parametrize("form", PLAN_FORMS)
def test_a_plan_with_the_form_makes_a_pack_without_it(tmp_path, run_cli, form):
    text, detail = dict((f[0], f[1:]) for f in FORMS)[form]
    report = _report(p(r("The report.")), "Final report", "A note.")
    code, output, _, plan_text = _pack(tmp_path, run_cli, report, f"Noted: {text}.")
    assert code == 0, output
    assert not [para for para in plan_text if detail in para]
    assert any("Noted:" in para for para in plan_text)


BIRTH_BODY = (p(r("Date of birth:")) + p(r("")) + _split("12 June 1939")
              + p(r("D.O.B.")) + p(r("12.06.39"))
              + _cell_table(["Name", "Date of birth", "Ward"], ["Mrs A", "14/02/1939", "Ward 7"])
              + _cell_table(["Birthday", "12061939"]))


def test_a_birth_date_after_its_label_in_the_next_paragraph_or_cell_goes(tmp_path, run_cli):
    """'Date of birth:' ending one paragraph and the date starting the next (an empty
    paragraph between); a table whose first row holds the labels, the dates under them; a
    label in the cell before: the pack is written without the dates."""
    code, output, found, _ = _pack(tmp_path, run_cli, _report(BIRTH_BODY, "Header", "Note"))
    assert code == 0, output
    for detail in ("1939", "12.06.39", "12061939"):
        assert not [para for para in found if detail in para], (detail, found)
    assert found.count("[date of birth removed]") == 4, found
    assert "Ward 7" in found


def test_a_date_after_a_sentence_or_under_another_heading_stays(redactor):
    """The redactor alone (what the verifier makes of event dates near a birth label is its
    own rule): a sentence ending 'born.' is no label, nor is a column headed 'Seen on'; the
    labelled dates in the same report go."""
    from actionplan_gen.redact.final_report import redact_report
    from actionplan_gen.render.docx import DocumentProperties

    body = (BIRTH_BODY + p(r("She said the baby was born.")) + p(r("On 3 May 2026 we met."))
            + _cell_table(["Seen on", "Date of birth"], ["4 May 2026", "14/02/1939"]))
    properties = DocumentProperties("Final report", "case", "Org", "2026-01-01")
    out = redact_report(_report(body, "Header", "Note"), "r.docx", redactor, False, properties)
    path = Path(__file__).parent / "_round3_dates.docx"
    try:
        path.write_bytes(out.data)
        found = paragraphs(path)
    finally:
        path.unlink(missing_ok=True)
    assert "On 3 May 2026 we met." in found and "4 May 2026" in found
    assert not [para for para in found if "1939" in para or "12.06.39" in para], found
    assert found.count("[date of birth removed]") == 5, found


HEADINGS = ["Date of birth", "Birth date", "DOB / age", "DOB (age)", "Date of birth (dd/mm/yyyy)",
            "Patient's D.O.B."]


@pytest.mark.parametrize("two_rows", [False, True], ids=["one-row header", "two-row header"])
@pytest.mark.parametrize("heading", HEADINGS)
def test_dates_under_a_birth_heading_go_and_other_columns_stay(tmp_path, run_cli, heading,
                                                                two_rows):
    """A column headed by a birth label anywhere in a short heading, under a header of one
    row or two: every date in it goes (the verifier refuses them), the dates of another
    column stay, and the pack is written."""
    rows = [["Patient", heading, "Ward", "Admitted"],
            ["Mrs A", "12/06/1939", "Ward 7", "12/03/2025"],
            ["Mr B", "3 April 1941", "Ward 9", "14/03/2025"]]
    if two_rows:
        rows.insert(0, ["Patient details", "", "", ""])
    code, output, found, _ = _pack(tmp_path, run_cli,
                                   _report(_cell_table(*rows), "Header", "Note"))
    assert code == 0, output
    assert not [para for para in found if "1939" in para or "1941" in para], found
    assert found.count("[date of birth removed]") == 2, found
    assert "12/03/2025" in found and "14/03/2025" in found


def test_a_removed_date_of_birth_beside_an_admission_date_makes_the_pack(tmp_path, run_cli):
    """'Patient | DOB | Admitted': the redactor's note '[date of birth removed]' is no label
    of the admission date in the next cell, for the verifier either."""
    rows = [["Patient", "DOB", "Admitted"], ["Mrs A", "12/06/1939", "12/03/2025"]]
    code, output, found, _ = _pack(tmp_path, run_cli,
                                   _report(_cell_table(*rows), "Header", "Note"))
    assert code == 0, output
    assert "[date of birth removed]" in found and "12/03/2025" in found


def _cells(*paragraph_lists) -> str:
    return "<w:tr>" + "".join("<w:tc>" + "".join(p(r(t)) for t in texts) + "</w:tc>"
                              for texts in paragraph_lists) + "</w:tr>"


@pytest.mark.parametrize("table", [
    _cells(["Patient", "DOB"]) + _cells(["Mrs A", "12/06/1939"]),
    _cells(["DOB", "Age"]) + _cells(["12/06/1939", "85"]),
    _cells(["DOB", "Age"], ["12/06/1939", "85"]),
], ids=["heading-second", "heading-first", "row-label"])
def test_labels_and_dates_in_cells_of_several_paragraphs_go(tmp_path, run_cli, table):
    """A cell's paragraphs are read apart ('DOB' above 'Age'), found by a cold review: the
    pack is made and the date is gone."""
    code, output, found, _ = _pack(tmp_path, run_cli,
                                   _report(f"<w:tbl>{table}</w:tbl>", "Header", "Note"))
    assert code == 0, output
    assert not [para for para in found if "1939" in para], found


def _field(instruction: str, shown: str) -> str:
    return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            f'{r(shown)}<w:r><w:fldChar w:fldCharType="end"/></w:r>')


NAMED_BIRTHS = {
    "control-titled": ('<w:sdt><w:sdtPr><w:alias w:val="Date of birth"/></w:sdtPr><w:sdtContent>'
                       f'{p(r("12/06/1939"))}</w:sdtContent></w:sdt>'),
    "inline-control-tagged": p(r("Patient: Mrs A, "), '<w:sdt><w:sdtPr><w:tag w:val="PatientDOB"/>'
                               f'</w:sdtPr><w:sdtContent>{r("12/06/1939")}</w:sdtContent></w:sdt>'),
    "merge-field": p(r("Patient: Mrs A, "), _field("MERGEFIELD DOB \\* MERGEFORMAT", "12/06/1939")),
    "simple-field": p(r("Patient: Mrs A, "), '<w:fldSimple w:instr=" DOCPROPERTY PatientDOB ">'
                      f'{r("12 June 1939")}</w:fldSimple>'),
    "form-field": p('<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="DOB"/>'
                    '<w:enabled/></w:ffData></w:fldChar></w:r><w:r><w:instrText> FORMTEXT '
                    '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>',
                    r("12/06/1939"), '<w:r><w:fldChar w:fldCharType="end"/></w:r>'),
}


@pytest.mark.parametrize("form", list(NAMED_BIRTHS))
def test_a_date_of_birth_named_only_by_a_control_or_field_goes(tmp_path, run_cli, form):
    """Found by a cold review: cleaning drops the control's title or the field's code that
    names the date, and left the date. The pack is made without it; a control titled
    otherwise keeps its date."""
    other = ('<w:sdt><w:sdtPr><w:alias w:val="Date of review"/></w:sdtPr><w:sdtContent>'
             f'{p(r("12/03/2025"))}</w:sdtContent></w:sdt>')
    code, output, found, _ = _pack(tmp_path, run_cli,
                                   _report(NAMED_BIRTHS[form] + other, "Header", "Note"))
    assert code == 0, output
    assert not [para for para in found if "1939" in para], found
    assert "12/03/2025" in found
