"""The words around each finding (verify/finding.py): ``contexts`` reads only the hits near
each one, and says exactly what ``context`` says when given every hit."""

from __future__ import annotations

import random
from pathlib import Path

from actionplan_gen.pipeline import load_plan
from actionplan_gen.verify import Registry, verify_text
from actionplan_gen.verify.finding import context, contexts
from actionplan_gen.verify.folding import fold
from actionplan_gen.verify.hit import NAME, NHS_LIKE, Hit

ROOT = Path(__file__).resolve().parents[2]


def test_contexts_are_those_read_with_every_hit():
    rng = random.Random(11)
    words = ["Mrs", "Smith", "called", "\u00c9llison", "ﬁle", "943\u00a0476\u00a05919", "\u2013",
             "on", "Ward", "7", "about", "it."]
    for _ in range(300):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(5, 120)))
        folded = fold(text)
        size = len(folded.text)
        hits = []
        for _ in range(rng.randint(17, 60)):  # past the few read the plain way
            start = rng.randrange(size)
            end = min(size, start + rng.choice([1, 3, 8, 20, size]))
            hits.append(Hit(rng.choice([NAME, NHS_LIKE]), start, end))
        assert contexts(folded, hits) == [context(folded, h, hits) for h in hits]


def test_thousands_of_names_in_one_text_are_each_masked():
    """16,000 hits in one text (read in well under a second; before, each hit read every
    other one: minutes). The finding masks the name and shows the words beside it."""
    registry = Registry.from_plan(load_plan(ROOT / "samples" / "ellison.plan.yaml")[0])
    found = verify_text(" ".join(["Mrs Smith called about it."] * 16000), registry)
    assert found and all("Smith" not in str(f) for f in found)
    assert any("\u2587\u2587\u2587\u2587 called about" in str(f) for f in found)
