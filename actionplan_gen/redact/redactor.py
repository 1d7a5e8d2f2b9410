"""One redactor per plan: the same map of people serves the plan and the final report.

``spans`` finds what to replace in a piece of text; ``redact`` applies it. The
organisation's own name, address and contact details, and the plan's
``regulator_copy.allow`` entries, are left as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from actionplan_gen.model import Plan
from actionplan_gen.people import TITLED_NAME, names_a_person
from actionplan_gen.redact import identifiers, names
from actionplan_gen.redact.folding import Folded, fold
from actionplan_gen.wording import NOT_RECORDED

PERSON_NAME = "person's name"
UNLISTED_NAME = "name with a title (Mr, Mrs, Dr...) of someone not in people"
ADDRESS = "address"


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    replacement: str
    kind: str


class Redactor:
    def __init__(self, plan: Plan):
        self.plan = plan
        self.replacement = names.replacements(plan)
        self.forms = names.forms(plan)
        self.names_regex = names.regex(self.forms)
        self.local_patterns = [re.compile(p, re.IGNORECASE)
                               for p in plan.regulator_copy.local_id_patterns]
        org = plan.organisation
        kept = [org.name, org.postcode, *org.address_lines, org.contact_email, org.contact_phone,
                org.contact_team]
        self.kept = [fold(k) for k in kept if k and k.strip()]
        # Allowed text is matched exactly, case included: allowing "grant" the word does not
        # allow "Grant" the person.
        self.allowed = [text for text, _ in plan.regulator_copy.allow if text.strip()]
        self.addresses = [(fold(line), person.id) for person in plan.people
                          for line in person.address if line.strip()]

    # ------------------------------------------------------------------ finding

    def spans(self, text: str, binary: bool = False, scanning: bool = False) -> list[Span]:
        """What to replace in ``text`` (original indexes), in order, never overlapping.

        A one-word name in lower case inside prose ('will', 'grant') may be an ordinary
        word: redaction leaves it, but the scan (``scanning``) reports it, so the pack fails
        until the word is allowed or reworded. Glued to a file name or address
        ('ellison-letter.pdf') it is replaced like any other form.
        ``binary`` is for text decoded from images and other binary parts: there only
        names and NHS numbers are looked for, since random bytes can look like a postcode."""
        if not text:
            return []
        folded = Folded(text)
        kept = self._kept_ranges(folded, text)
        found: list[tuple[int, int, str, str]] = []
        for m in self.names_regex.finditer(folded.text):
            form = self.forms[int(m.lastgroup[1:])]
            start, end = folded.span(m.start(), m.end())
            if form.single and not (scanning or binary) and _ordinary_word(text, start, end):
                continue
            found.append(self._apposition(folded.text, m.start(), m.end(), form.person)
                         or (m.start(), m.end(), self._person_text(text, start, form.person),
                             PERSON_NAME))
        if scanning and not binary:
            found += self._unlisted_titled_names(folded, text)
        for line, _ in self.addresses:
            for m in re.finditer(r"(?<!\w)" + re.escape(line) + r"(?!\w)", folded.text):
                found.append((m.start(), m.end(), "[address removed]", ADDRESS))
        for hit in identifiers.find(folded.text, self.local_patterns):
            if not binary or hit.kind in (identifiers.NHS_NUMBER, identifiers.HC_NUMBER):
                found.append((hit.start, hit.end, f"[{hit.kind} removed]", hit.kind))
        chosen = []
        taken_until = -1
        for start, end, replacement, kind in sorted(found, key=lambda f: (f[0], -(f[1] - f[0]))):
            original = folded.span(start, end)
            if start < taken_until or any(a <= original[0] and original[1] <= b
                                          for a, b in kept):
                continue
            chosen.append(Span(*original, replacement, kind))
            taken_until = end
        return chosen

    def _kept_ranges(self, folded: Folded, text: str) -> list[tuple[int, int]]:
        """Original spans left alone: the organisation's details (any case) and allowed text."""
        ranges = []
        for needle, haystack, convert in [(k, folded.text, True) for k in self.kept] + \
                                         [(a, text, False) for a in self.allowed]:
            start = haystack.find(needle)
            while start != -1:
                end = start + len(needle)
                ranges.append(folded.span(start, end) if convert else (start, end))
                start = haystack.find(needle, start + 1)
        return ranges

    def _unlisted_titled_names(self, folded: Folded, text: str) -> list[tuple]:
        """Someone the plan does not list, written as 'Mr Jones': the scan fails on them, since
        nobody can be anonymised consistently without being listed in people."""
        hits = []
        for m in TITLED_NAME.finditer(folded.text):
            name_start, name_end = folded.span(m.start("name"), m.end("name"))
            if names_a_person(text[name_start:name_end]):
                hits.append((m.start(), m.end(), "", UNLISTED_NAME))
        return hits

    def _apposition(self, folded: str, start: int, end: int, person_id: str):
        """'the Ward Manager, Mr Daniel Okafor, told us' -> 'the Ward Manager told us':
        a name right after its own role goes, commas and all, instead of repeating it."""
        replacement = self.replacement[person_id]
        if not replacement.startswith("the "):
            return None
        role = fold(replacement[4:]) + ", "
        if not folded[:start].endswith(role):
            return None
        end += 1 if folded[end:end + 1] == "," else 0
        return start - 2, end, "", PERSON_NAME

    def _person_text(self, text: str, start: int, person_id: str) -> str:
        replacement = self.replacement[person_id]
        before = text[:start].rstrip()
        if replacement.startswith("the ") and (not before or before[-1] in ".!?:\a\n"):
            return "The " + replacement[4:]
        return replacement

    # ------------------------------------------------------------------ applying

    def redact(self, text: str) -> str:
        if not isinstance(text, str) or not text:
            return text
        out, last = [], 0
        for span in self.spans(text):
            out.append(text[last:span.start])
            out.append(span.replacement)
            last = span.end
        out.append(text[last:])
        return "".join(out)

    def name(self, person_id: str | None) -> str:
        """How the regulator copy names a person referred to by id."""
        if person_id not in self.replacement:
            return NOT_RECORDED
        replacement = self.replacement[person_id]
        return "The " + replacement[4:] if replacement.startswith("the ") else replacement

    def key(self) -> list[dict]:
        """The pseudonym key: who is who. Never written inside the pack."""
        return [{"id": p.id, "name": p.name, "shown_as": self.replacement[p.id]}
                for p in self.plan.people]


_GLUE = set("-_/\\@.")


def _ordinary_word(text: str, start: int, end: int) -> bool:
    """Lower case and standing alone in prose, as 'will' or 'grant' would."""
    if not text[start:end].islower():
        return False
    before = text[start - 1] if start > 0 else " "
    after = text[end:end + 2] or " "
    glued_after = after[0] in _GLUE and (after[0] != "." or after[1:2].isalnum())
    return before not in _GLUE and not glued_after
