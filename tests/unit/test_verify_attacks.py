"""Attacks on the regulator pack's second line of defence, the independent verifier.

Each attack hides a listed person's detail (or an unlisted titled name) in a form or a place
the code did not know. Positive control: the verifier finds it in the unredacted document.
Pack level: whatever the redactor makes of it, the detail never reaches a written file (it
is removed, or the pack is refused and nothing is written). The pack-level cases are the
ones that reached a written pack with exit 0 before the verifier learnt them.
"""

from __future__ import annotations

import io
import shutil
import struct
import zipfile
from pathlib import Path

import pytest
import yaml
from adversarial_docx import p, r, report_with_body

from actionplan_gen.errors import LeakFound
from actionplan_gen.loader import load_file
from actionplan_gen.pipeline import load_plan
from actionplan_gen.redact import pack
from actionplan_gen.render.build import Templates
from actionplan_gen.verify import Registry, verify_docx, verify_text

ROOT = Path(__file__).resolve().parents[2]
ELLISON = ROOT / "samples" / "ellison.plan.yaml"


@pytest.fixture(scope="module")
def registry():
    return Registry.from_plan(load_plan(ELLISON)[0])


def findings(data: bytes, registry: Registry) -> list:
    """The verifier's findings, less the python-docx template's own thumbnail."""
    return [f for f in verify_docx(data, registry, "x.docx") if "thumbnail" not in f.part]


# (id, text planted in a paragraph, a piece of the detail that must never be written)
TEXT_ATTACKS = [
    ("cyrillic-e", "\u0415llison complained", "\u0415llison"),
    ("cyrillic-o-titled", "Mrs Ellis\u043en complained", "Ellis\u043en"),
    ("greek-epsilon", "\u0395llison complained", "\u0395llison"),
    ("cherokee-e", "\u13acllison complained", "\u13acllison"),
    ("small-capitals", "\u1d07\u029f\u029f\u026a\ua731\u1d0f\u0274 complained", "\u029f\u029f"),
    ("cyrillic-alias", "M\u0430ggie said", "M\u0430ggie"),
    ("fullwidth", "\uff25\uff4c\uff4c\uff49\uff53\uff4f\uff4e complained", "\uff25\uff4c\uff4c"),
    ("mathematical-bold", "\U0001d404\U0001d425\U0001d425\U0001d422\U0001d42c\U0001d428\U0001d427",
     "\U0001d404\U0001d425"),
    ("combining-mark", "E\u0301llison", "E\u0301llison"),
    ("combining-grapheme-joiner", "Elli\u034fson", "Elli\u034fson"),
    ("right-to-left-override", "patient \u202enosillE\u202c complained", "nosillE"),
    ("zero-width-every-letter", "\u200b".join("Ellison"), "E\u200bl"),
    ("hangul-filler", "\u3164".join("Ellison"), "E\u3164l"),
    ("hair-space", "Elli\u200ason complained", "Elli\u200ason"),
    ("thin-space", "Ell\u2009ison", "Ell\u2009ison"),
    ("private-use-glyph", "Elli\ue000son", "Elli\ue000son"),
    ("braille-blank", "Elli\u2800son", "Elli\u2800son"),
    ("symbol-font-letters", "Mrs \uf045llison", "\uf045llison"),
    ("ligature", "Mrs \ufb01ona Grant", "Grant"),
    ("nhs-middle-dots", "NHS 943\u00b7476\u00b75919", "943\u00b7476"),
    ("nhs-thin-spaces", "NHS 943\u2009476\u20095919", "943\u2009476"),
    ("nhs-arabic-indic", "NHS \u0669\u0664\u0663\u0664\u0667\u0666\u0665\u0669\u0661\u0669",
     "\u0669\u0664\u0663"),
    ("nhs-devanagari", "NHS \u096f\u096a\u0969\u096a\u096d\u096c\u096b\u096f\u0967\u096f",
     "\u096f\u096a\u0969"),
    ("nhs-spaced-dashes", "NHS 943 - 476 - 5919", "943 - 476"),
    ("nhs-underscores", "NHS 943_476_5919", "943_476"),
    ("nhs-commas", "NHS 943,476,5919", "943,476"),
    ("nhs-in-words", "NHS number nine four three four seven six five nine one nine",
     "nine four three four"),
    ("phone-in-words", "call oh seven seven oh oh nine oh oh one two three", "seven seven oh"),
    ("phone-middle-dot", "call 07700\u00b7900123", "07700\u00b7900123"),
    ("email-fullwidth-at", "write to mje39\uff20example.com", "mje39"),
    ("email-without-dot", "write to mje39@examplecom", "mje39"),
    ("email-middle-dot", "write to mje39@example\u00b7com", "mje39"),
    ("birthday-label", "Birthday: 14/02/1939", "14/02/1939"),
    ("d-slash-o-slash-b", "D/O/B 14/02/1939", "14/02/1939"),
    ("birth-label-far", "Date of birth (as held on the patient administration system): "
                        "14/02/1939", "14/02/1939"),
    ("birth-day-in-words", "born on the fourteenth of February 1939", "fourteenth of February"),
    ("ni-middle-dots", "NI QQ\u00b712\u00b734\u00b756\u00b7C", "QQ\u00b712"),
    ("postcode-cyrillic", "lives at N\u04053 7QT", "3 7QT"),
    ("address-cyrillic", "14 Wren Cl\u043ese", "Wren Cl"),
    ("unlisted-title-lower-case", "mrs thornton said", "thornton"),
    ("unlisted-title-no-space", "Dr.Patel said", "Patel"),
    ("unlisted-mister", "Mister Thornton said", "Thornton"),
    ("unlisted-madam", "Madam Thornton wrote", "Thornton"),
    ("unlisted-title-cyrillic-s", "M\u0455 Thornton said", "Thornton"),
    ("unlisted-title-cyrillic-name", "Mrs \u0422hornton said", "hornton"),
    ("hospital-number", "Hospital number RX1234567 was used", "RX1234567"),
    ("base64-text", "ref TWFyZ2FyZXQgRWxsaXNvbg==", "TWFyZ2FyZXQgRWxsaXNvbg"),
]

# Those that were written with exit 0 before the verifier was fixed (through the report).
WRITTEN_BEFORE = {
    "cyrillic-e", "greek-epsilon", "right-to-left-override", "hangul-filler", "hair-space",
    "thin-space", "private-use-glyph", "braille-blank", "nhs-middle-dots", "nhs-spaced-dashes",
    "nhs-underscores", "nhs-commas", "nhs-in-words", "email-without-dot", "email-middle-dot",
    "birthday-label", "d-slash-o-slash-b", "birth-label-far", "birth-day-in-words",
    "phone-in-words", "phone-middle-dot", "ni-middle-dots", "unlisted-title-lower-case",
    "unlisted-title-no-space", "unlisted-mister", "unlisted-madam", "unlisted-title-cyrillic-s",
    "postcode-cyrillic", "cyrillic-alias", "cherokee-e", "small-capitals",
    "base64-text", "symbol-font-letters",
}


@pytest.mark.parametrize("text, detail", [(t, d) for _, t, d in TEXT_ATTACKS],
                         ids=[i for i, _, _ in TEXT_ATTACKS])
def test_the_verifier_finds_the_attack_in_the_unredacted_report(registry, text, detail):
    assert findings(report_with_body(p(r(text))), registry), text
    assert verify_text(text, registry), text


def test_split_across_runs_with_a_homoglyph_is_found(registry):
    data = report_with_body(p(r("Mrs Marg"), r("aret \u0415lli"), r("son")))
    assert findings(data, registry)


def test_ordinary_text_is_still_quiet(registry):
    for text in ("The ward will not miss appointments.", "Dr and nurse met on 3 May 2026.",
                 "Budget 2019/20 - 2025/26 and 2026-10-01 - 2027-01-31.",
                 "The Master Patient Index was updated.", "Call 01632 960 400.",
                 "one, two or three visits", "The patient was seen in 1,234 cases."):
        assert not verify_text(text, registry), text


# ------------------------------------------------------------------ parts of the package

def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def _zip(parts: dict[str, bytes], comments: dict[str, bytes] | None = None,
         extras: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in parts.items():
            info = zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.comment = (comments or {}).get(name, b"")
            info.extra = (extras or {}).get(name, b"")
            z.writestr(info, content)
    return out.getvalue()


def _with_rel(data: bytes, rels: str, target: str) -> bytes:
    parts = _parts(data)
    parts[rels] = parts.get(rels, (
        b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        b'2006/relationships"></Relationships>')).replace(b"</Relationships>", (
            '<Relationship Id="rIdZ" Type="http://schemas.openxmlformats.org/officeDocument/'
            f'2006/relationships/hyperlink" Target="{target}" TargetMode="External"/>'
            "</Relationships>").encode())
    return _zip(parts)


def _plain() -> bytes:
    return report_with_body(p(r("Nothing personal here.")))


def package_attacks() -> dict[str, tuple[bytes, str]]:
    """id -> (report, a piece of the detail that must never be written)."""
    ellison = "TWFyZ2FyZXQgRWxsaXNvbg=="  # base64 of the complainant's name
    return {
        "namespace-uri": (report_with_body(p(r("x")).replace(
            "<w:p>", '<w:p xmlns:q="urn:margaret-ellison">')), "margaret-ellison"),
        "namespace-prefix": (report_with_body(p(r("x")).replace(
            "<w:p>", '<w:p xmlns:ellison="urn:x" ellison:a="1">')), "ellison:"),
        "attribute-name": (report_with_body(p(r("x")).replace(
            "<w:p>", '<w:p xmlns:q="urn:x" q:Ellison="1">')), "q:Ellison"),
        "base64-attribute": (report_with_body(p(r("x")).replace(
            "<w:p>", f'<w:p xmlns:q="urn:x" q:d="{ellison}">')), ellison[:12]),
        "symbol-font-character": (report_with_body(p(
            r("Mrs "), '<w:r><w:sym w:font="Arial" w:char="F045"/></w:r>', r("llison said"))),
            'w:char="F045"'),
        # Written without the override, "nosillE" no longer reads as the name.
        "bidi-override-element": (report_with_body(p('<w:bdo w:val="rtl">' + r("nosillE")
                                                     + "</w:bdo>")), "w:bdo"),
        "percent-encoded-target": (_with_rel(_plain(), "word/_rels/document.xml.rels",
                                             "https://example.com/%45llison%20%4Dargaret"),
                                   "%45llison"),
        "user-name-in-template-path": (_with_rel(
            _plain(), "word/_rels/settings.xml.rels",
            "file:///C:/Users/mellison/Templates/Normal.dotm"), "mellison"),
        "zip-entry-comment": (_zip(_parts(_plain()),
                                   comments={"word/document.xml": b"Margaret Ellison"}),
                              "Margaret Ellison"),
        "zip-entry-extra-field": (_zip(_parts(_plain()), extras={
            "word/document.xml": struct.pack("<HH", 0x6666, 16) + b"Margaret Ellison"}),
            "Margaret Ellison"),
        "bytes-before-the-zip": (_hidden_entry() + _plain(), "Margaret Ellison"),
        "bytes-after-the-zip": (_plain() + b"Margaret Ellison", "Margaret Ellison"),
    }


def _hidden_entry() -> bytes:
    """A local entry that no central directory lists."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("hidden.xml", "<x>Margaret Ellison</x>")
    data = out.getvalue()
    return data[:data.index(b"PK\x01\x02")]


PACKAGE_IDS = list(package_attacks())
PACKAGE_WRITTEN_BEFORE = {"namespace-uri", "namespace-prefix", "attribute-name",
                          "base64-attribute", "symbol-font-character", "bidi-override-element"}


@pytest.mark.parametrize("attack", PACKAGE_IDS)
def test_the_verifier_reads_every_byte_of_the_package(registry, attack):
    data, _detail = package_attacks()[attack]
    assert findings(data, registry), attack


def test_a_clean_package_has_no_layout_finding(registry):
    assert findings(_plain(), registry) == []


# ------------------------------------------------------------------ the pack itself

def _case(tmp_path: Path, root_cause: str | None = None) -> Path:
    data = load_file(ELLISON).data
    if root_cause is not None:
        data["failings"][0]["root_cause"] = f"Noted: {root_cause}."
    case = tmp_path / "case.plan.yaml"
    case.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    shutil.copytree(ROOT / "samples" / "reports", tmp_path / "reports")
    return case


def _never_written(case: Path, out: Path, detail: str, report: Path | None = None) -> None:
    plan = load_plan(case)[0]
    try:
        made = pack.make_pack(plan, out, Templates.default(),
                              report=str(report) if report else None)
    except LeakFound as refused:
        assert detail not in str(refused)
        assert not out.exists() or not any(out.rglob("*.docx"))
        return
    needle = detail.encode("utf-8")
    for file in made.files:
        with zipfile.ZipFile(file) as docx:
            for info in docx.infolist():
                assert detail not in info.filename and detail.encode() not in info.comment
                assert needle not in docx.read(info), (detail, file.name, info.filename)
        assert needle not in file.read_bytes()


@pytest.mark.parametrize("text, detail",
                         [(t, d) for i, t, d in TEXT_ATTACKS if i in WRITTEN_BEFORE],
                         ids=[i for i, _, _ in TEXT_ATTACKS if i in WRITTEN_BEFORE])
def test_report_attack_never_reaches_a_written_pack(tmp_path, text, detail):
    report = tmp_path / "attack.docx"
    case = _case(tmp_path)
    report.write_bytes(report_with_body(p(r(text))))
    _never_written(case, tmp_path / "out", detail, report)


@pytest.mark.parametrize("text, detail",
                         [(t, d) for i, t, d in TEXT_ATTACKS if i in WRITTEN_BEFORE],
                         ids=[i for i, _, _ in TEXT_ATTACKS if i in WRITTEN_BEFORE])
def test_plan_attack_never_reaches_a_written_pack(tmp_path, text, detail):
    _never_written(_case(tmp_path, text), tmp_path / "out", detail)


@pytest.mark.parametrize("attack", sorted(PACKAGE_WRITTEN_BEFORE))
def test_package_attack_never_reaches_a_written_pack(tmp_path, attack):
    data, detail = package_attacks()[attack]
    report = tmp_path / "attack.docx"
    case = _case(tmp_path)
    report.write_bytes(data)
    _never_written(case, tmp_path / "out", detail, report)


def test_the_plans_own_identifier_patterns_are_looked_for_too():
    """An unlabelled local identifier the redactor missed: the verifier knows the plan's
    local_id_patterns as data (they are the plan's, not the redactor's)."""
    import dataclasses

    from actionplan_gen.pipeline import load_plan
    from actionplan_gen.verify import Registry, verify_text
    plan = load_plan(ROOT / "samples" / "ellison.plan.yaml")[0]
    copy = dataclasses.replace(plan.regulator_copy, local_id_patterns=("RX[0-9]{7}",))
    registry = Registry.from_plan(dataclasses.replace(plan, regulator_copy=copy))
    found = verify_text("The referral RX0012345 went missing.", registry)
    assert [f.kind for f in found] == ["identifier in one of the plan's local_id_patterns"]
    assert "RX0012345" not in str(found[0])
    assert verify_text("The referral went missing.", registry) == []


def test_welsh_mutated_names_are_looked_for_in_plans_written_in_welsh():
    """'at Wenllian' is Gwenllian after a soft mutation; only where apgen writes Welsh, since
    in English 'men' is not a mutated Ben."""
    import dataclasses

    from actionplan_gen.pipeline import load_plan
    from actionplan_gen.verify import Registry, verify_text
    welsh = load_plan(ROOT / "samples" / "morgan.plan.yaml")[0]
    found = verify_text("Ysgrifennwyd at Wenllian, a'i gŵr Idris, ddoe.", Registry.from_plan(welsh))
    assert [f.kind for f in found] == ["person's name"] * len(found) and found
    english = load_plan(ROOT / "samples" / "ellison.plan.yaml")[0]
    ben = dataclasses.replace(english.people[0], name="Ben Ellison", aliases=())
    plan = dataclasses.replace(english, people=(ben, *english.people[1:]))
    assert verify_text("The men on the ward.", Registry.from_plan(plan)) == []
