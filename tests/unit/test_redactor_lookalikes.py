"""Forms of a listed person's details that only the verifier stopped (the pack was refused and
the user had to reword) are now replaced by the redactor, and the verifier finds nothing in
what it writes: look-alike letters, blanks inside a name, right-to-left overrides, digits of
other scripts and unusual separators, e-mails without a dot, more birth labels. A lower-case
titled name of someone the plan does not list is still refused."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
import yaml
from adversarial_docx import p, r, report_with_body

from actionplan_gen.loader import load_file
from actionplan_gen.pipeline import load_plan
from actionplan_gen.redact import pack
from actionplan_gen.redact.folding import Folded, fold
from actionplan_gen.redact.redactor import UNLISTED_NAME, Redactor
from actionplan_gen.render.build import Templates
from actionplan_gen.verify import Registry, verify_docx, verify_text

ROOT = Path(__file__).resolve().parents[2]
ELLISON = ROOT / "samples" / "ellison.plan.yaml"


@pytest.fixture(scope="module")
def plan():
    return load_plan(ELLISON)[0]


@pytest.fixture(scope="module")
def redactor(plan):
    return Redactor(plan)


@pytest.fixture(scope="module")
def registry(plan):
    return Registry.from_plan(plan)


# (id, text, what the redactor writes, a piece of the detail that must be gone)
REPLACED = [
    # look-alike letters inside names
    ("cyrillic-e", "\u0415llison complained", "Mrs A complained", "llison"),
    ("cyrillic-a", "M\u0430rgaret Ellison wrote", "Mrs A wrote", "rgaret"),
    ("cyrillic-o-titled", "Mrs Ellis\u043en complained", "Mrs A complained", "Ellis"),
    ("cyrillic-s", "Elli\u0455on said", "Mrs A said", "Elli"),
    ("cyrillic-several", "Okafor and Mrs \u0415lli\u0455\u043en", "The Ward Manager and Mrs A",
     "lli"),
    ("cyrillic-alias", "M\u0430ggie said", "Mrs A said", "ggie"),
    ("greek-epsilon", "\u0395llison complained", "Mrs A complained", "llison"),
    ("greek-omicron", "Ellis\u039fn complained", "Mrs A complained", "Ellis"),
    ("cherokee-e", "\u13acllison complained", "Mrs A complained", "llison"),
    ("small-capitals", "\u1d07\u029f\u029f\u026a\ua731\u1d0f\u0274 complained", "Mrs A complained",
     "\u029f\u029f"),
    ("ipa-letters", "Ma\u0261\u0261ie said", "Mrs A said", "\u0261\u0261"),
    ("symbol-font-letter", "Mrs \uf045llison said", "Mrs A said", "llison"),
    ("symbol-font-word", "\uf04d\uf061\uf072\uf067\uf061\uf072\uf065\uf074 wrote", "Mrs A wrote",
     "\uf04d\uf061"),
    # invisible or narrow characters between letters
    ("hangul-filler", "\u3164".join("Ellison") + " said", "Mrs A said", "\u3164l"),
    ("hangul-choseong-filler", "Elli\u115fson said", "Mrs A said", "Elli"),
    ("hangul-jungseong-filler", "Elli\u1160son said", "Mrs A said", "Elli"),
    ("braille-blank", "Elli\u2800son said", "Mrs A said", "Elli"),
    ("hair-space", "Elli\u200ason complained", "Mrs A complained", "Elli"),
    ("thin-space", "Ell\u2009ison said", "Mrs A said", "Ell"),
    ("narrow-no-break-space", "Mrs Elli\u202fson said", "Mrs A said", "Elli"),
    ("thin-spaces-title-and-name", "Mrs\u2009Elli\u2009son said", "Mrs A said", "Elli"),
    ("thin-spaces-whole-name", "Margaret\u2009Elli\u2009son said", "Mrs A said", "Elli"),
    ("private-use", "Elli\ue000son said", "Mrs A said", "Elli"),
    ("grapheme-joiner", "Elli\u034fson said", "Mrs A said", "Elli"),
    ("variation-selector", "Elli\ufe0fson said", "Mrs A said", "Elli"),
    # names reversed under a right-to-left override
    ("right-to-left-override", "patient \u202enosillE\u202c complained",
     "patient Mrs A complained", "nosillE"),
    ("override-two-words", "the patient \u202enosillE treboR\u202c was", "the patient Mr B was",
     "treboR"),
    ("override-to-the-end", "the patient \u202enosillE", "the patient Mrs A", "nosillE"),
    # numbers with unusual separators, thin spaces, other digits
    ("nhs-middle-dots", "NHS 943\u00b7476\u00b75919", "NHS [NHS number removed]", "943"),
    ("nhs-underscores", "NHS 943_476_5919", "NHS [NHS number removed]", "943"),
    ("nhs-commas", "NHS 943,476,5919", "NHS [NHS number removed]", "943"),
    ("nhs-commas-spaced", "NHS 943, 476, 5919", "NHS [NHS number removed]", "943"),
    ("nhs-spaced-dashes", "NHS 943 - 476 - 5919", "NHS [NHS number removed]", "943"),
    ("nhs-thin-spaces", "NHS 943\u2009476\u20095919", "NHS [NHS number removed]", "943"),
    ("nhs-arabic-indic", "NHS \u0669\u0664\u0663\u0664\u0667\u0666\u0665\u0669\u0661\u0669",
     "NHS [NHS number removed]", "\u0669\u0664\u0663"),
    ("nhs-devanagari", "NHS \u096f\u096a\u0969\u096a\u096d\u096c\u096b\u096f\u0967\u096f",
     "NHS [NHS number removed]", "\u096f\u096a\u0969"),
    ("phone-middle-dot", "call 07700\u00b7900123", "call [telephone number removed]", "07700"),
    ("ni-middle-dots", "NI QQ\u00b712\u00b734\u00b756\u00b7C",
     "NI [National Insurance number removed]", "QQ"),
    ("postcode-cyrillic", "lives at N\u04053 7QT", "lives at [postcode removed]", "7QT"),
    ("nhs-in-words", "NHS number nine four three four seven six five nine one nine",
     "NHS number [number written in words removed]", "nine four"),
    ("phone-in-words", "call oh seven seven oh oh nine oh oh one two three",
     "call [telephone number removed]", "seven seven"),
    # e-mail addresses
    ("email-fullwidth-at", "write to mje39\uff20example.com", "write to [email address removed]",
     "mje39"),
    ("email-without-dot", "write to x@examplecom", "write to [email address removed]",
     "examplecom"),
    ("email-middle-dot", "write to mje39@example\u00b7com", "write to [email address removed]",
     "mje39"),
    # titled names in lower case, and titles validation does not know
    ("lower-case-titled", "mrs ellison said", "Mrs A said", "ellison"),
    ("lower-case-titled-cyrillic", "mrs \u0435llison said", "Mrs A said", "llison"),
    ("mister", "Mister Ellison said", "Mr B said", "Ellison"),
    ("title-no-space", "then Dr.Okafor said", "then the Ward Manager said", "Okafor"),
    # date-of-birth labels the verifier knows
    ("birthday", "Birthday: 14/02/1939", "Birthday: [date of birth removed]", "1939"),
    ("d-slash-o-slash-b", "D/O/B 14/02/1939", "D/O/B [date of birth removed]", "1939"),
    ("label-far-away", "Date of birth (as held on the patient administration system): "
     "14/02/1939", "Date of birth (as held on the patient administration system): "
     "[date of birth removed]", "1939"),
    ("day-in-words", "born on the fourteenth of February 1939",
     "born on the [date of birth removed]", "fourteenth"),
    ("day-in-words-compound", "Date of birth: twenty-first May 1940",
     "Date of birth: [date of birth removed]", "1940"),
]


@pytest.mark.parametrize("text, expected, detail", [c[1:] for c in REPLACED],
                         ids=[c[0] for c in REPLACED])
def test_the_redactor_replaces_what_the_verifier_refused(redactor, registry, text, expected,
                                                         detail):
    assert verify_text(text, registry)  # the control: the verifier refuses the form itself
    out = redactor.redact(text)
    assert out == expected
    assert detail not in out
    assert verify_text(out, registry) == []


def test_a_lower_case_titled_name_of_someone_unlisted_is_still_refused(redactor, registry):
    """Nobody can be given a consistent pseudonym without being listed: the redactor leaves
    the words, its own scan reports them and the verifier refuses them."""
    for text in ("mrs thornton said", "Mr and mrs thornton said"):
        assert redactor.redact(text) == text
        assert UNLISTED_NAME in [s.kind for s in redactor.spans(text, scanning=True)]
        assert verify_text(text, registry)
    for text in ("Mr and Mrs A said", "mr and mrs were there", "The dr said"):
        assert not any(s.kind == UNLISTED_NAME for s in redactor.spans(text, scanning=True)), text


def test_ordinary_text_is_left_as_it_was(redactor, registry):
    for text in ("The ward will not miss appointments.", "Dr and nurse met on 3 May 2026.",
                 "10\u202f000 patients were seen.", "Budget 1,234,567,890 this year.",
                 "Call 01632 960 400.", "one, two or three visits",
                 "Items 1, 2, 3 and 4 were done.", "the first of May was a Monday",
                 "Born in Leeds, she moved.", "Ward 7 \u00b7 Bay 3 \u00b7 Side room 2",
                 "one two three four five six seven eight"):
        assert redactor.redact(text) == text, text
        assert verify_text(text, registry) == [], text
    # a list of numerals is not a number read out (the verifier refuses it: no control)
    assert redactor.redact("paragraphs 101, 102, 103, 104, 105, 106, 107, 108") == \
        "paragraphs 101, 102, 103, 104, 105, 106, 107, 108"
    # a date and a time are not a telephone number (the verifier reads them so: no control)
    assert redactor.redact("Dates 01/02/2026 12:00 and 2026-10-01.") == \
        "Dates 01/02/2026 12:00 and 2026-10-01."


def test_thin_spaces_between_words_still_part_words(redactor):
    out = redactor.redact("Ellison\u2009and\u2009Okafor met.")
    assert out == "Mrs A\u2009and\u2009the Ward Manager met."


def test_direction_controls_go_and_an_override_is_written_as_shown(redactor, registry):
    assert redactor.redact("\u202eecnahc\u202c on Ward 7") == "chance on Ward 7"
    assert redactor.redact("A \u200fnote\u200e and \u202bnosillE\u202c") == "A note and nosillE"
    out = redactor.redact("Mrs \u202enosillE\u202c and \u202eregnarts\u202c.")
    assert out == "Mrs A and stranger."  # read as shown: 'Mrs Ellison'
    assert verify_text(out, registry) == []
    # the scan reports only what it finds in the shown text
    assert redactor.spans("\u202eecnahc\u202c", scanning=True) == []
    assert [s.kind for s in redactor.spans("\u202enosillE\u202c", scanning=True)] == [
        "person's name"]


def test_the_index_map_stays_right():
    text = "x \u0415l\u200bli\u2009son \uf045 \u0669\u0664 \u1d07\u029f \ufb01 \u202e"
    folded = Folded(text)
    assert folded.text == "x elli son e 94 el fi "
    for i, char in enumerate(folded.text):
        original = text[folded.origin[i]]
        assert fold(original) in (char, "fi") or (char == " " and not fold(original).strip())
    start = folded.text.index("elli")
    assert folded.span(start, start + 4) == (2, 7)  # 'Еl\u200bli': the zero-width inside
    start = folded.text.index("94")
    assert text[slice(*folded.span(start, start + 2))] == "\u0669\u0664"


def test_every_look_alike_the_verifier_knows_folds_as_it_does():
    """The redactor's own table (it may not share the verifier's): every look-alike the
    verifier folds to a Latin letter, the redactor folds to the same letter."""
    from actionplan_gen.verify.folding import CONFUSABLES  # the test may read it; code may not
    differs = {c: (fold(c), latin.lower()) for c, latin in CONFUSABLES.items()
               if fold(c) != latin.lower()}
    assert differs == {}


# ------------------------------------------------------------------ through the whole pack

def _case(tmp_path: Path, root_cause: str | None = None) -> Path:
    data = load_file(ELLISON).data
    if root_cause is not None:
        data["failings"][0]["root_cause"] = f"Noted: {root_cause}."
    case = tmp_path / "case.plan.yaml"
    case.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    shutil.copytree(ROOT / "samples" / "reports", tmp_path / "reports")
    shutil.copytree(ROOT / "samples" / "evidence", tmp_path / "evidence")
    return case


def _made_without(case: Path, out: Path, details: list[str], report: Path | None = None):
    """The pack is made (no LeakFound) and no written part holds any of ``details``."""
    plan = load_plan(case)[0]
    made = pack.make_pack(plan, out, Templates.default(), report=str(report) if report else None)
    assert made.files
    for file in made.files:
        with zipfile.ZipFile(file) as docx:
            for info in docx.infolist():
                content = docx.read(info).decode("utf-8", "replace")
                for detail in details:
                    assert detail not in info.filename and detail not in content, (
                        detail, file.name, info.filename)
    return made


PLAN_PLANTED = {  # id -> (text planted in the plan, the detail that must be gone)
    "cyrillic-e": ("\u0415llison complained", "\u0415llison"),
    "hangul-filler": ("\u3164".join("Ellison"), "E\u3164l"),
    "hair-space": ("Elli\u200ason complained", "Elli\u200ason"),
    "right-to-left-override": ("patient \u202enosillE\u202c complained", "nosillE"),
    "nhs-middle-dots": ("NHS 943\u00b7476\u00b75919", "943\u00b7476"),
    "nhs-commas-spaced": ("NHS 943, 476, 5919", "943, 476"),
    "email-without-dot": ("write to mje39@examplecom", "mje39"),
    "birthday": ("Birthday: 14/02/1939", "14/02/1939"),
    "day-in-words": ("born on the fourteenth of February 1939", "fourteenth"),
}


@pytest.mark.parametrize("planted", list(PLAN_PLANTED))
def test_a_plan_with_the_form_now_makes_a_pack_without_it(tmp_path, planted):
    text, detail = PLAN_PLANTED[planted]
    _made_without(_case(tmp_path, text), tmp_path / "out", [detail])


REPORT_PLANTED = {  # id -> (paragraph XML of the report, details that must be gone)
    "homoglyphs": (p(r("Mrs Ellis\u043en and M\u0430ggie and \u1d07\u029f\u029f\u026a\ua731"
                       "\u1d0f\u0274")), ["Ellis\u043en", "M\u0430ggie", "\u029f\u029f"]),
    "blanks": (p(r("Elli\u2800son and Elli\ue000son and Elli\u034fson")),
               ["Elli\u2800son", "Elli\ue000son", "Elli\u034fson"]),
    "split-runs": (p(r("Mrs Marg"), r("aret \u0415lli"), r("son said")), ["\u0415lli"]),
    "symbol-font": (p(r("Mrs "), '<w:r><w:sym w:font="Arial" w:char="F045"/></w:r>',
                      r("llison said")), ['w:char="F045"', "llison"]),
    "bdo-rtl": (p(r("The patient "), '<w:bdo w:val="rtl">' + r("nosillE") + "</w:bdo>",
                  r(" said")), ["w:bdo", "nosillE"]),
    "numbers": (p(r("NHS 943_476_5919, NI QQ\u00b712\u00b734\u00b756\u00b7C, x@examplecom")),
                ["943_476", "QQ\u00b712", "x@examplecom"]),
    "birthday-table": ("<w:tbl><w:tr><w:tc>" + p(r("Birthday")) + "</w:tc><w:tc>"
                       + p(r("14/02/1939")) + "</w:tc></w:tr></w:tbl>" + p(r("x")),
                       ["14/02/1939"]),
}


@pytest.mark.parametrize("planted", list(REPORT_PLANTED))
def test_a_report_with_the_form_now_makes_a_pack_without_it(tmp_path, plan, planted):
    body, details = REPORT_PLANTED[planted]
    data = report_with_body(body)
    assert [f for f in verify_docx(data, Registry.from_plan(plan), "x.docx")
            if "thumbnail" not in f.part]  # the control: the verifier refuses the input
    report = tmp_path / "attack.docx"
    report.write_bytes(data)
    made = _made_without(_case(tmp_path), tmp_path / "out", details, report)
    with zipfile.ZipFile(made.folder / "final-report.docx") as docx:
        document = docx.read("word/document.xml").decode("utf-8")
    assert "Mrs A" in document or "removed]" in document
