"""The review list, made faster (issue #14), lists exactly what it listed before.

Each paragraph's words are found once, a possessive is looked for only in words with an
apostrophe, and each capitalised piece is looked up once; the reference below is the code
before. Over the samples' packs, their unredacted reports and the adversarial documents (many
names left in), the words listed and their places are the same.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from actionplan_gen.pipeline import load_plan
from actionplan_gen.redact import pack, review
from actionplan_gen.redact.redactor import Redactor
from actionplan_gen.render.build import Templates

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import adversarial_docx  # noqa: E402

SAMPLES = sorted((Path(__file__).resolve().parents[2] / "samples").glob("*.plan.yaml"))


def reference_known(word, vouched) -> bool:
    lower = re.sub(r"['\u2019]", "", word.lower())
    if word.lower() in vouched or lower in vouched:
        return True
    for suffix, ending in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"),
                           ("d", ""), ("ing", ""), ("ing", "e"), ("ly", ""), ("ers", ""),
                           ("er", ""), ("ment", "")):
        if lower.endswith(suffix) and len(lower) - len(suffix) >= 3 and (
                lower[:-len(suffix)] + ending) in vouched:
            return True
    return False


def reference_unvouched(files, plan, pack_words):
    paragraphs = [(review.Place(name, part, number), text)
                  for name, data in sorted(files.items())
                  for part, number, text in review._paragraphs(data)]
    lower: set[str] = set()
    for _, text in paragraphs:
        lower.update(w.lower() for w in review._WORD.findall(text) if w[0].islower())
    vouched = review.common_words() | lower | review._words(pack_words) | review._words(
        review._plan_texts(plan))
    found: dict = {}
    for place, text in paragraphs:
        for word in review._WORD.findall(text):
            for piece in review._POSSESSIVE.sub("", word).split("-"):
                if len(piece) < 2 or not piece[0].isupper():
                    continue
                if reference_known(piece, vouched):
                    continue
                places = found.setdefault(piece, [])
                if place not in places:
                    places.append(place)
    return found


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_the_review_list_is_what_it_was(sample):
    plan = load_plan(sample)[0]
    redactor = Redactor(plan)
    source = pack.report_path(plan, None)
    files, _ = pack._documents(plan, redactor, Templates.default(), source, False)
    words = list(redactor.replacement.values())
    extra = {"adversarial.docx": adversarial_docx.adversarial_report(),
             "possessive.docx": adversarial_docx.report_with_body(adversarial_docx.p(
                 adversarial_docx.r("Maggie\u2019s and O'Brien's son, Smith-Jones's MAGGIE'S "
                                    "Reviewing Activities Addressed Wrens Zoë's")))}
    if source is not None:
        extra["report.docx"] = source.read_bytes()
    for documents in (files, {**files, **extra}, {**files, "p.docx": extra["possessive.docx"]}):
        found = review.unvouched(documents, plan, words)
        assert found == reference_unvouched(documents, plan, words)
        assert list(found) == list(reference_unvouched(documents, plan, words))  # same order
        assert found or documents is files  # the unredacted documents leave names to list


def test_ascii_text_gives_the_same_words_by_either_pattern():
    """review._words_in reads ASCII text with an ASCII pattern: the same words as _WORD."""
    import random
    alphabet = "abcXYZ'-_09 \t.,\u00e9\u2019"
    rng = random.Random(14)
    texts = ["O'Brien-Smith's ward_7 re-audit", "-'a'-b--c''d", "x" * 50]
    texts += ["".join(rng.choice(alphabet[:-2] if n % 2 else alphabet)
                      for _ in range(rng.randint(0, 40))) for n in range(3000)]
    assert sum(map(str.isascii, texts)) > 1500
    for text in texts:
        assert review._words_in(text) == review._WORD.findall(text), text
