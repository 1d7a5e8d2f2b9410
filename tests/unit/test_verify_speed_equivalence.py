"""The verifier made faster (issue #14) is exactly as strict as it was.

Its caches (what each exact string holds, kept per registry) and its shortcut (a part whose
every string is proved quiet is not walked element by element) must change no finding: the
same findings, in the same order, with the same words, as the verifier at ``BASELINE`` (read
from git), over the samples' packs and unredacted documents, every document and text the
verifier's tests plant, and random mutations of them. ``APGEN_EQUIVALENCE_MUTATIONS`` sets how
many mutations (default 120). Skipped where git or the baseline commit is not available.

When the verifier is made stricter on purpose, move ``BASELINE`` to that commit. Since round
three of the attacks (test_verify_attacks_round3.py) added rules (names misspelt or shortened,
details split between paragraphs, short encodings), the current verifier's findings must hold
the baseline's, in the same order, and may hold more: a superset, same order for the old ones.
"""

from __future__ import annotations

import base64
import dataclasses
import io
import os
import random
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from adversarial_docx import adversarial_report, p, r, report_with_body
from click.testing import CliRunner

import actionplan_gen.verify as current
from actionplan_gen.cli import main
from actionplan_gen.model import Person
from actionplan_gen.pipeline import load_plan
from verify_baseline import blanked_docx, blanked_text, excused, verifier_at

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "samples").glob("*.plan.yaml"))
BASELINE = "3c46b28fce42391a36d1e061d4a82f30515337a1"  # the verifier before issue #14's work
MUTATIONS = int(os.environ.get("APGEN_EQUIVALENCE_MUTATIONS", "120"))



@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    """The verifier at BASELINE, importable beside the current one."""
    with verifier_at(BASELINE, tmp_path_factory.mktemp("baseline"),
                     "_verify_baseline") as module:
        yield module


class Pair:
    """One registry as both verifiers build it, reused (so the caches are exercised)."""

    def __init__(self, baseline, plan):
        self.baseline, self.plan = baseline, plan
        self.old = baseline.Registry.from_plan(plan)
        self.new = current.Registry.from_plan(plan)

    def docx(self, data: bytes, name: str = "x.docx", exact: bool = False) -> None:
        """``exact``: the same findings (a regulator pack: a new one would be a refusal)."""
        found = self.baseline.verify_docx(data, self.old, name)
        new = _rows(current.verify_docx(data, self.new, name))
        old = _rows(found)
        if not (new == old if exact else _holds_in_order(new, old)):
            old = _rows(_unexcused(found, self.baseline.verify_docx(blanked_docx(data),
                                                                    self.old, name)))
        assert new == old if exact else _holds_in_order(new, old), (name, _diff(old, new))

    def text(self, text: str) -> None:
        found = self.baseline.verify_text(text, self.old)
        new = _rows(current.verify_text(text, self.new))
        old = _rows(found)
        if not _holds_in_order(new, old):
            old = _rows(_unexcused(found, self.baseline.verify_text(blanked_text(text), self.old)))
        assert _holds_in_order(new, old), text


def _unexcused(found, blanked) -> list:
    """The baseline's findings but those made of times and dates (see verify_baseline)."""
    excuse = excused(found, blanked)
    kept = []
    for f in found:
        key = (f.part, f.kind, f.paragraph)
        if excuse[key] > 0:
            excuse[key] -= 1
        else:
            kept.append(f)
    return kept


def _holds_in_order(new: list, old: list) -> bool:
    """Whether ``new`` holds every row of ``old``, in the same order (a superset)."""
    rows = iter(new)
    return all(any(row == seen for seen in rows) for row in old)


def _rows(findings) -> list[tuple]:
    return [(f.document, f.part, f.kind, f.paragraph, f.context) for f in findings]


def _diff(old: list, new: list) -> str:
    return f"only before: {[x for x in old if x not in new][:3]}; " \
           f"only now: {[x for x in new if x not in old][:3]}; order same: {old == new}"


@pytest.fixture(scope="module")
def pairs(baseline):
    return {path.name.split(".")[0]: Pair(baseline, load_plan(path)[0]) for path in SAMPLES}


@pytest.fixture(scope="module")
def sample_documents(tmp_path_factory) -> dict[str, list[tuple[str, bytes]]]:
    """Per sample: its regulator pack, its unredacted build and its unredacted report."""
    out = tmp_path_factory.mktemp("equivalence-samples")
    documents: dict[str, list[tuple[str, bytes]]] = {}
    runner = CliRunner()
    for path in SAMPLES:
        sample = path.name.split(".")[0]
        found = documents.setdefault(sample, [])
        for command in ("build", "redact"):
            target = out / command / sample
            runner.invoke(main, [command, str(path), "-o", str(target)])
            found += [(f"{command}/{file.name}", file.read_bytes())
                      for file in sorted(target.rglob("*.docx"))]
        plan = load_plan(path)[0]
        if plan.final_report_file and (path.parent / plan.final_report_file).exists():
            found.append(("report.docx", (path.parent / plan.final_report_file).read_bytes()))
    return documents


def test_the_samples_documents_give_the_same_findings(pairs, sample_documents):
    assert sum(len(d) for d in sample_documents.values()) >= 15
    for sample, documents in sample_documents.items():
        for name, data in documents:
            pairs[sample].docx(data, name, exact=name.startswith("redact/"))
            pairs["ellison" if sample != "ellison" else "nowak"].docx(data, name)
    for name, data in sample_documents["ellison"]:
        pairs["ellison"].docx(data, name)  # again: every string is now known to the registry


# ------------------------------------------------------------------ the tests' planted details

def _test_modules():
    from unit import (test_pack_two_defences, test_verify, test_verify_attacks,
                      test_verify_attacks_round2)
    return test_verify, test_verify_attacks, test_verify_attacks_round2, test_pack_two_defences


def _parametrized(module) -> list:
    """Every value any test of ``module`` is parametrized with, flattened."""
    values: list = []

    def walk(value):
        if isinstance(value, (tuple, list)):
            for item in value:
                walk(item)
        elif hasattr(value, "values") and hasattr(value, "marks"):  # pytest.param
            walk(value.values)
        else:
            values.append(value)
    for function in vars(module).values():
        for mark in getattr(function, "pytestmark", []):
            if mark.name == "parametrize":
                walk(list(mark.args[1]))
    return values


def planted_documents() -> list[tuple[str, bytes]]:
    test_verify, attacks, round2, two_defences = _test_modules()
    documents = [("adversarial.docx", adversarial_report())]
    texts = [text for _id, text, _detail in attacks.TEXT_ATTACKS]
    texts += [text for _id, text in round2.CAUGHT_TEXT]
    texts += [text for text, _detail in two_defences.PLANTED]
    documents += [(f"package-{name}.docx", data)
                  for name, (data, _detail) in attacks.package_attacks().items()]
    documents += [(f"part-{name}.docx", report_with_body(body, extra_parts=extra))
                  for name, (extra, body) in round2.PART_ATTACKS.items()]
    documents += [(f"layout-{name}.docx", report_with_body(body))
                  for name, body, _why in round2.SPLIT_LAYOUTS]
    for module in (test_verify, attacks, round2):
        for value in _parametrized(module):
            if isinstance(value, dict):
                documents.append(("parts.docx", test_verify.docx(p(r("Nothing here.")), value)))
            elif isinstance(value, str) and value.startswith("<"):
                documents.append(("body.docx", test_verify.docx(value)))
            elif isinstance(value, str) and value.startswith(("http", "mailto")):
                documents.append(("target.docx", round2._with_rel(
                    report_with_body(round2.PLAIN), value)))
            elif isinstance(value, str):
                texts.append(value)
    texts = list(dict.fromkeys(texts))
    documents += [(f"text-{n}.docx", test_verify.docx(p(r(text)))) for n, text in enumerate(texts)]
    documents += [(f"report-{n}.docx", report_with_body(p(r(text))))
                  for n, text in enumerate(texts[:12])]
    return documents


def planted_texts() -> list[str]:
    test_verify, attacks, round2, two_defences = _test_modules()
    texts = [text for _id, text, _detail in attacks.TEXT_ATTACKS]
    texts += [text for _id, text in round2.CAUGHT_TEXT]
    texts += [text for text, _detail in two_defences.PLANTED]
    texts += [v for m in (test_verify, attacks, round2) for v in _parametrized(m)
              if isinstance(v, str)]
    return list(dict.fromkeys(texts + ["Dear Mrs A,\nwe wrote to Robert\nabout NS3 9QT", ""]))


def test_the_planted_details_give_the_same_findings(pairs, baseline):
    ellison = pairs["ellison"]
    plan = ellison.plan
    more = Pair(baseline, dataclasses.replace(plan, people=plan.people + (
        Person(id="P9", name="Grant Thornton", kind="staff",
                                   address=("7 Mill Lane",)),)))
    for name, data in planted_documents():
        ellison.docx(data, name)
        if name.startswith(("adversarial", "package", "part", "parts")):  # texts: below
            more.docx(data, name)
            pairs["morgan"].docx(data, name)
    for text in planted_texts():
        for pair in (ellison, more, pairs["nowak"], pairs["morgan"]):
            pair.text(text)


# ------------------------------------------------------------------ random mutations

SNIPPETS = [
    "Ellison", "Margaret Ellison", "Mrs Thornton", "MaggieEllison", "Elli-", "son", "ELLISON",
    "E l l i s o n", "\u0415llison", "Elli\u200bson", "Elli\u00adson", "nosillE",
    "\u202enosillE", "943 476 5919", "07700 900123", "NS3 7QT", "ns37qt", "NS3 9QT",
    "mje39@example.com", "mje39 at example dot com", "born 14/02/1939", "DOB", "14 Wren Close",
    "14WRENCLOSE", "Flat 3", "QQ 12 34 56 C", "Hospital number RX1234567", "F5F8EE",
    "AB123456", "020F0502020204030204", "00A1B2C3", "3 March 2026", "June", "12 June 1939",
    "Nothing personal.", "the Trust", "Northshire", "https://x.example/?who=robert.ellison",
    "%45llison%20%4Dargaret", "xn--llison-9ua", "nine four three four seven six five nine one nine",
    " ", "\t", "-", "0", "1", "true", "Normal", "heading 1",
    "{4B5C1D2E-1A2B-3C4D-5E6F-7A8B9C0D1E2F}",
]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


def _markup(rng: random.Random) -> str:
    s = _escape(rng.choice(SNIPPETS + [base64.b64encode(b"Margaret Ellison").decode()]))
    word = re.sub(r"[^A-Za-z]", "", s) or "x"
    return rng.choice([
        f"<!-- {s} -->", f"<?pi {s}?>", f"<?{word} data?>", f"<![CDATA[{s}]]>",
        f'<w:r><w:t xml:space="preserve">{s}</w:t></w:r>', f"<w:p><w:r><w:t>{s}</w:t></w:r></w:p>",
        f'<x:{word} xmlns:x="urn:{word}"/>', f'<w:bookmarkStart w:id="9" w:name="{s}"/>',
        f'<w:color w:val="{s}"/>', f'<w:r><w:rPr><w:color w:val="{s}"/></w:rPr></w:r>',
        f'<w:p w:rsidR="{s}" w:paraId="{s}"/>', f'<w:font w:name="x"><w:panose1 w:val="{s}"/>'
        "</w:font>", f'<o:x xmlns:o="urn:schemas-microsoft-com:office:office" o:gfxdata="{s}"/>',
        "<w:r><w:tab/></w:r>", f"<w:r><w:delText>{s}</w:delText></w:r>",
        f"<w:r><w:instrText>{s}</w:instrText></w:r>", f"&#69;llison {s}", f"&amp;{s}",
        '<w:r><w:sym w:font="Arial" w:char="F045"/></w:r>', f"<w:r><w:t>Elli</w:t>{s}</w:r>",
        f"{s}", f'<w:tbl><w:tr><w:tc><w:p><w:r><w:t>{s}</w:t></w:r></w:p></w:tc><w:tc><w:p>'
        f"<w:r><w:t>born</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
        f'<w:t xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">{s}</w:t>',
        f'<m:t xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math">{s}</m:t>',
    ])


def _mutate(xml: str, rng: random.Random) -> str | bytes:
    kind = rng.randrange(9)
    ends = [m.end() for m in re.finditer(">", xml)]
    if kind <= 2 and ends:  # markup after any ">", the declaration's and the last one's too
        at = rng.choice(ends)
        return xml[:at] + _markup(rng) + xml[at:]
    if kind <= 4:
        values = list(re.finditer(r'="([^"]*)"', xml))
        if values:
            m = rng.choice(values)
            return xml[:m.start(1)] + _escape(rng.choice(SNIPPETS)) + xml[m.end(1):]
    if kind == 5:
        texts = list(re.finditer(r">([^<]+)<", xml))
        if texts:
            m = rng.choice(texts)
            return xml[:m.start(1)] + _escape(rng.choice(SNIPPETS)) + xml[m.end(1):]
    if kind == 6:
        tags = list(re.finditer(r"<([A-Za-z][\w.:-]*)(?=[\s/>])", xml))
        if tags:
            m = rng.choice(tags)
            return xml[:m.end()] + f' xml:lang="{_escape(rng.choice(SNIPPETS))}"' + xml[m.end():]
    if kind == 7:
        encoding = rng.choice(["UTF-16", "ISO-8859-1", "utf-8", "US-ASCII"])
        text = re.sub(r'encoding="[^"]*"', f'encoding="{encoding}"', xml, count=1)
        try:
            return text.encode(encoding.lower().replace("us-ascii", "ascii"))
        except UnicodeEncodeError:
            return text.encode("utf-8")
    if kind == 8 and xml.startswith("<?xml"):
        end = xml.index("?>") + 2
        return xml[:end] + rng.choice(['<!DOCTYPE x [<!ENTITY e "Ellison">]>',
                                        "<!DOCTYPE x>", "<!-- Robert Ellison -->"]) + xml[end:]
    return xml + rng.choice(["", " ", "<!-- Ellison -->", "\n"])


def _mutated(data: bytes, rng: random.Random) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = {i.filename: source.read(i) for i in source.infolist()}
    names = [n for n in parts if n.endswith((".xml", ".rels"))]
    for _ in range(rng.randint(1, 3)):
        name = rng.choice(names + ["word/document.xml"] * 3)
        if name not in parts:
            continue
        try:
            xml = parts[name].decode("utf-8")
        except UnicodeDecodeError:
            continue
        changed = _mutate(xml, rng)
        parts[name] = changed.encode("utf-8") if isinstance(changed, str) else changed
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            target.writestr(name, content)
    return out.getvalue()


def test_random_mutations_give_the_same_findings(pairs, sample_documents):
    rng = random.Random(14)
    test_verify = _test_modules()[0]
    bases = [(name, data) for sample in ("ellison", "nowak", "kinmoray")
             for name, data in sample_documents[sample] if "report" not in name]
    bases += [("plain.docx", test_verify.docx(p(r("Nothing here.")))),
              ("report.docx", report_with_body(p(r("Nothing personal here."))))]
    for n in range(MUTATIONS):
        name, data = rng.choice(bases)
        mutated = _mutated(data, rng)
        for sample in rng.sample(sorted(pairs), 2):
            pairs[sample].docx(mutated, f"{n}-{name.replace('/', '-')}")


def test_the_baseline_is_the_verifier_before_the_speed_work(baseline):
    """The comparison is with the old code, not the new code twice."""
    assert "memo" not in {f.name for f in dataclasses.fields(baseline.Registry)}
    assert shutil.which("git")
