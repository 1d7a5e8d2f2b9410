"""One redactor per plan: the same map of people serves the plan and the final report.

``spans`` finds what to replace in a piece of text; ``redact`` applies it. The
organisation's own name, address and contact details, and the plan's
``regulator_copy.allow`` entries, are left as they are.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from actionplan_gen.records import record
from actionplan_gen.regexes import fixed
from actionplan_gen.model import Plan
from actionplan_gen.people import TITLED_NAME, names_a_person
from actionplan_gen.redact import identifiers, names, variants
from actionplan_gen.redact.folding import BIDI, GAPS, SMALL_CAPITALS, Folded, fold, only_blanks
from actionplan_gen.wording import NOT_RECORDED

PERSON_NAME = "person's name"
UNLISTED_NAME = "name with a title (Mr, Mrs, Dr...) of someone not in people"
ADDRESS = "address"


@record
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
        self._widest = names.widest(self.forms)
        self.name_pieces = names.pieces(plan)  # sets _has_piece too
        self.name_words = names.words(plan)
        self.joined_words = names.joined(plan)
        self.longest_word = max(map(len, self.joined_words), default=0)
        # Nicknames and one-letter misspellings of listed names (``variants``).
        self.watch = variants.Watch(variants.people_names(plan))
        # Initials ("M.E.") and a title with the real surname initial ("Mrs E"): ``_initials``.
        self.initials = names.initials(plan)
        self.title_letters = names.title_letters(plan, self.replacement)
        # Where such initials can be: their capitals standing alone, anything but letters and
        # digits between them, as written (most texts have none). From the plan: compiled
        # here, never stored.
        # (Each capital first, then the look-behind: the search skips to those capitals.)
        cues = sorted({r"\W{0,4}".join(key.upper()) for key in self.initials}
                      | {letter.upper() for _, letter in self.title_letters})
        self._initials_cue = re.compile("|".join(
            rf"{re.escape(cue[0])}(?<![^\W\d_]{re.escape(cue[0])}){cue[1:]}(?![^\W\d_])"
            for cue in cues)).search if cues else names.NEVER.search
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
        # Each distinct text's redaction, once per redactor: a plan's documents repeat the
        # same texts (headings, labels, names, dates) many times.
        self._redacted: dict[str, str] = {}

    @property
    def name_pieces(self) -> frozenset[str]:
        """The names' letter runs (``names.pieces``): a text holding none holds no name."""
        return self._name_pieces

    @name_pieces.setter
    def name_pieces(self, pieces: frozenset[str]) -> None:
        # One search for all of them: whether any piece is in a text, as ``piece in text``
        # for each would say ("" is in every text, and no pieces is never).
        self._name_pieces = pieces
        self._has_piece = re.compile("|".join(map(re.escape, sorted(pieces)))).search \
            if pieces else names.NEVER.search

    @property
    def names_regex(self) -> re.Pattern:
        """One alternation over every form (``names.regex``)."""
        return self._names_regex

    @names_regex.setter
    def names_regex(self, pattern: re.Pattern) -> None:
        self._names_regex = pattern
        self._widest = None  # how wide its matches can be is not known: texts are read whole

    def _name_matches(self, folded: str) -> list[re.Match]:
        """``names_regex.finditer(folded)``, read only where a match can be. Every match holds
        one of the names' letter runs whole, and is at most ``_widest`` characters long: none
        starts more than that before a run, and none (with the letter after it, which its
        look-ahead reads) reaches past the last run's start plus that width. Each search
        starts where the next match can first start, and reads no further than that end."""
        widest = self._widest
        if widest is None:
            return list(self.names_regex.finditer(folded))
        starts = sorted({at for piece in self.name_pieces for at in _occurrences(folded, piece)})
        if not starts:
            return []
        end = min(len(folded), starts[-1] + widest + 1)
        found: list[re.Match] = []
        position, index = 0, 0
        while True:
            index = bisect_left(starts, position, index)
            if index == len(starts):
                return found
            match = self.names_regex.search(folded, max(position, starts[index] - widest), end)
            if match is None:
                return found
            if match.end() == match.start():  # no form matches nothing; if one did, read all
                return list(self.names_regex.finditer(folded))
            found.append(match)
            position = match.end()

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
        if "\u202e" in text:
            return self._overridden(text, binary, scanning)
        folded = Folded(text)
        kept = self._kept_ranges(folded, text)
        found: list[tuple[int, int, str, str]] = []
        # Nicknames and misspellings are read as the listed words they stand for: the names
        # are looked for in the text with them replaced (one set look-up of the text's words
        # says whether it holds any; most hold none).
        named = folded
        if not binary and not self.watch.words.isdisjoint(
                map(str.lower, _CAPITALISED.findall(text)) if text.isascii()
                else _LETTERS.findall(folded.text)):
            swaps = self.watch.swaps(folded, text)
            if swaps:
                named = variants.Renamed(folded, swaps)
        # Every form holds one of the names' letter runs as written: a text holding none
        # cannot match, and most texts of a document hold none.
        has_name = self._has_piece(named.text) is not None
        tokens = _Tokens(named.text) if has_name else None
        for m in self._name_matches(named.text) if has_name else ():
            form = self.forms[int(m.lastgroup[1:])]
            start, end = named.span(m.start(), m.end())
            if form.single and (_month_in_date(named.text, m.start(), m.end()) or (
                    not (scanning or binary) and _not_a_name(named.text, text, m, start, end))):
                continue
            found.append(_glued(named.text, m.start(), m.end(), tokens)
                         or self._apposition(named.text, m.start(), m.end(), form.person)
                         or self._name_span(named, text, m.start(), m.end(), form.person))
        if named is not folded:
            found = [(*named.to_folded(start, end), replacement, kind)
                     for start, end, replacement, kind in found]
        if "-" in folded.text:
            found += self._broken_names(folded, text)
        if not (binary or text.isascii()) and GAPS.search(text):
            found += self._gap_joined(folded, text)
        if not binary and self._initials_cue(text):
            found += self._initials(folded, text)
        if _DIGIT.search(folded.text):  # every street or flat number has one
            found += _streets(folded, text)
            if not binary and (not text.isascii() or _AREA_AND_DISTRICT.search(text)) and \
                    identifiers.MOVED_INWARD.search(folded.text):
                found += _moved_postcodes(folded, text)
        # A title is followed by a space (or a no-break one), as is a lower-case title.
        if scanning and not binary and (" " in folded.text or "\u00a0" in folded.text):
            found += self._unlisted_titled_names(folded, text)
            found += [(m.start(), m.end(), "", UNLISTED_NAME)
                      for m in _LOWER_TITLED.finditer(folded.text)
                      if m.group(1) not in _NOT_NAMES and text[slice(
                          *folded.span(*m.span(1)))].islower()]
        for line, _ in self.addresses:
            if line not in folded.text:  # every match holds the line as written
                continue
            for m in re.finditer(r"(?<!\w)" + re.escape(line) + r"(?!\w)", folded.text):
                found.append((m.start(), m.end(), "[address removed]", ADDRESS))
        for hit in identifiers.find(folded.text, self.local_patterns):
            if not binary or hit.kind in (identifiers.NHS_NUMBER, identifiers.HC_NUMBER):
                found.append((hit.start, hit.end, f"[{hit.kind} removed]", hit.kind))
        chosen = []
        taken_until = -1
        within_kept = _Cover(kept).holds if kept and found else None
        for start, end, replacement, kind in sorted(found, key=lambda f: (f[0], -(f[1] - f[0]))):
            original = folded.span(start, end)
            if start < taken_until or (within_kept and within_kept(*original)):
                continue
            chosen.append(Span(*original, replacement, kind))
            taken_until = end
        if not (scanning or text.isascii()) and BIDI.search(text):
            chosen = _without_direction_marks(text, chosen)
        return chosen

    def _overridden(self, text: str, binary: bool, scanning: bool) -> list[Span]:
        """Text with a right-to-left override ('\u202enosillE\u202c' shows 'Ellison'): read
        as shown, and each overridden stretch (with any detail it runs into) rewritten as
        shown, the direction controls gone. The scan reports what is found in the shown text
        only."""
        shown, origin, stretches = _as_shown(text)
        inner = self.spans(shown, binary, scanning)
        groups: list[list] = []  # [shown start, shown end, spans, original stretches]
        for start, end, span, stretch in sorted(
                [(s.start, s.end, s, None) for s in inner]
                + [(a, b, None, (c, d)) for a, b, c, d in stretches],
                key=lambda item: (item[0], item[1])):
            last = groups[-1] if groups else None
            if last and start < last[1]:
                last[1] = max(last[1], end)
            else:
                last = [start, end, [], []]
                groups.append(last)
            if span:
                last[2].append(span)
            if stretch:
                last[3].append(stretch)
        result = []
        for start, end, spans, overridden in groups:
            if not overridden:
                result += [Span(origin[s.start], origin[s.end - 1] + 1, s.replacement, s.kind)
                           for s in spans]
                continue
            if scanning and not spans:
                continue
            covered = [origin[i] for i in range(start, end)]
            first = min(covered + [a for a, _ in overridden])
            last = max([i + 1 for i in covered] + [b for _, b in overridden])
            pieces, cursor = [], start
            for span in spans:
                pieces += [shown[cursor:span.start], span.replacement]
                cursor = span.end
            pieces.append(shown[cursor:end])
            result.append(Span(first, last, "".join(pieces),
                               spans[0].kind if spans else DIRECTION))
        result.sort(key=lambda span: span.start)
        return result if scanning else _without_direction_marks(text, result)

    def _gap_joined(self, folded: Folded, text: str) -> list[tuple]:
        """'Elli\u200ason', 'E\u3164l\u3164l...': letters parted only by blanks a reader does
        not see (thin and hair spaces, Hangul fillers, blank Braille, private-use glyphs),
        joined, are a name when they spell one."""
        found = []
        chain: list[re.Match] = []
        for m in _LETTERS.finditer(folded.text):
            if chain and not only_blanks(text[folded.origin[chain[-1].end() - 1] + 1:
                                             folded.origin[m.start()]]):
                found += self._joins(folded, text, chain)
                chain = []
            chain.append(m)
        return found + self._joins(folded, text, chain)

    def _joins(self, folded: Folded, text: str, chain: list[re.Match]) -> list[tuple]:
        found = []
        for i in range(len(chain) - 1):
            word = chain[i].group()
            for j in range(i + 1, len(chain)):
                word += chain[j].group()
                if len(word) > self.longest_word:
                    break
                person = self.joined_words.get(word)
                if person:
                    found.append(self._name_span(folded, text, chain[i].start(), chain[j].end(),
                                                 person))
        return found

    def _initials(self, folded: Folded, text: str) -> list[tuple]:
        """A listed person's initials, written in capitals: after a title ("Mrs M.E.", "Mr
        R. E.", "Dr SK"), after an "initials" label ("Patient initials: RE"), dotted ("(M.E.)",
        not "A.M.", "N.B." and the like) or as the whole text ("ME" in a table cell); and a
        title with a listed person's surname initial, with that person's own title ("Mrs E",
        "Mr E's"). The person's pseudonym or role replaces them (the title with them). Not
        where a name follows ("Mrs E. Smith" is someone else, with an initial); where they
        could end a sentence ("to Mrs E. She said"), the full stop stays."""
        line = folded.text
        found = []
        for m in _TITLED_INITIALS.finditer(line):
            letters = _initial_letters(m.group("run"))
            person = (self.title_letters.get((m.group("title"), letters)) if len(letters) == 1
                      else self.initials.get(letters))
            if person and _in_capitals(folded, text, m.start("run"), m.end("run")) and \
                    not _name_follows(line, text, folded, m.end("run")):
                found.append(self._initials_span(folded, text, m.start(), m.end("run"), person))
        runs = []
        if "initial" in line:
            runs += [(m.start(1), m.end(1), True) for m in _INITIALS_LABEL.finditer(line)]
        if "." in line:
            runs += [(m.start(), m.end(), False) for m in _DOTTED_INITIALS.finditer(line)]
        whole = _WHOLE_INITIALS.match(line) if len(line) <= 16 else None
        if whole:
            runs.append((whole.start(1), whole.end(1), False))
        for start, end, labelled in runs:
            letters = _initial_letters(line[start:end])
            person = self.initials.get(letters)
            if person and _in_capitals(folded, text, start, end) and (
                    labelled or "." in line[start:end] and letters not in _NOT_INITIALS
                    or "." not in line[start:end] and letters not in _NOT_INITIALS):
                found.append(self._initials_span(folded, text, start, end, person))
        return found

    def _initials_span(self, folded: Folded, text: str, start: int, end: int, person: str):
        """The span of initials (or a title and initials) and who replaces them; a full stop
        ending them is left where a sentence may begin after it ('Mrs E. She said')."""
        line = folded.text
        if line[end - 1] == "." and _SENTENCE_AFTER.match(line, end) and \
                text[folded.span(end, end + 2)[1] - 1].isupper():
            end -= 1
        return start, end, self._person_text(text, folded.span(start, end)[0], person), \
            PERSON_NAME

    def _name_span(self, folded: Folded, text: str, start: int, end: int, person_id: str):
        """A name and the title typed before it when the form has none ('Mrs Hughes' for
        Margaret Ellison-Hughes): the pseudonym brings its own title, never 'Mrs Mrs A'."""
        title = _TITLE_BEFORE.search(folded.text, max(0, start - 13), start)
        start = title.start() if title else start
        return start, end, self._person_text(text, folded.span(start, end)[0], person_id), \
            PERSON_NAME

    def _broken_names(self, folded: Folded, text: str) -> list[tuple]:
        """'Elli-' at the end of a line and 'son' at the start of the next: one name."""
        found = []
        for m in _HYPHENATED.finditer(folded.text):
            person = self.name_words.get(m.group(1) + m.group(2))
            if person:
                found.append(self._name_span(folded, text, m.start(), m.end(), person))
        return found

    def _kept_ranges(self, folded: Folded, text: str) -> list[tuple[int, int]]:
        """Original spans left alone: the organisation's details (any case) and allowed text."""
        ranges = []
        for needle in self.kept:
            start = folded.text.find(needle)
            while start != -1:
                ranges.append(folded.span(start, start + len(needle)))
                start = folded.text.find(needle, start + 1)
        for needle in self.allowed:
            start = text.find(needle)
            while start != -1:
                ranges.append((start, start + len(needle)))
                start = text.find(needle, start + 1)
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
        if not folded.endswith(role, 0, start):
            return None
        end += 1 if folded[end:end + 1] == "," else 0
        return start - 2, end, "", PERSON_NAME

    def _person_text(self, text: str, start: int, person_id: str) -> str:
        replacement = self.replacement[person_id]
        if replacement.startswith("the ") and _last_shown(text, start) in ("", *".!?:\a\n"):
            return "The " + replacement[4:]
        return replacement

    # ------------------------------------------------------------------ applying

    def redact(self, text: str) -> str:
        if not isinstance(text, str) or not text:
            return text
        done = self._redacted.get(text)
        if done is None:
            done = self._redact(text)
            if len(self._redacted) < _REDACTED_LIMIT:
                self._redacted[text] = done
        return done

    def _redact(self, text: str) -> str:
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


_REDACTED_LIMIT = 100_000


def _occurrences(text: str, piece: str):
    """Where ``piece`` starts in ``text``, overlaps included."""
    at = text.find(piece)
    while at != -1:
        yield at
        at = text.find(piece, at + 1)


_DIGIT = identifiers.DIGIT
_GLUE = set("-_/\\@.")
_TITLE_BEFORE = fixed(r"(?<![a-z])(?:" + "|".join(names.ALL_TITLES) + r")(?:\.? |\.)\Z")
_LETTERS = fixed(r"[^\W\d_]+")
# In ASCII text, each word written with a capital (a word of folded text whose first letter
# is upper case as written starts one of these, which runs to the word's end): only such
# words can be a nickname or misspelling (``variants``), and most words are lower case.
_CAPITALISED = fixed(r"[A-Z][A-Za-z]*")
DIRECTION = "right-to-left override"
# A name typed in lower case after a title ('mrs thornton'): the scan reports it when it is
# nobody the plan lists (a listed person's is replaced before), as the verifier does.
_LOWER_TITLED = fixed(r"[md](?<![^\W\d_][md])(?:(?<=m)(?:rs?|s|x|ister)|(?<=d)r)\.? "
                      r"([a-z][a-z']+)")  # mrs, mr, ms, mx, mister, dr: first letter first
_NOT_NAMES = frozenset(fixed(r"\w+").findall(
    "a an and or nor but the of to for with in on at by from as is was were has had "
    "have who which that this said says did does not no")) | frozenset(names.ALL_TITLES)
_HYPHENATED = fixed(r"(?<![^\W\d_])([^\W\d_]+)- ?([^\W\d_]+)(?![^\W\d_])")
# 'Ward 7', 'Bay 3a': a capitalised word before a small number names a place.
_PLACE_NUMBER = fixed(r" \d{1,3}[a-z]?(?![\w/.:-])")
# 'Will the Trust...', 'May we...': a question, not a person called Will or May. Only names
# that are also verbs that open a question can be read so ('Margaret I...' is a name).
_AUXILIARIES = {"will", "may", "can", "shall", "should", "would", "could", "might", "must",
                "do", "does", "did", "have", "has", "had", "is", "are", "was", "were"}
_QUESTION = fixed(r" (?:the|a|an|this|that|these|those|we|you|they|it|he|she|i|there|our|"
                  r"your|their|his|her|its|all|any|each|every|staff|us|them)\b")
_MONTH = fixed(r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
               r"aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\Z")
_DAY_BEFORE = fixed(r"(?<!\d)\d{1,2}(?:st|nd|rd|th)?[ \-./]*(?:of )?\Z")
_YEAR_AFTER = fixed(r"\.?(?:[ \-./,]*\d{1,2}(?:st|nd|rd|th)?,?)?[ \-./,]*\d{2,4}(?!\d)")
_TOKEN_RUN = fixed(r"[\w.\-]+")  # a file name or reference, its name glued in
_EXTENSION = fixed(r"\.[a-z][a-z0-9]{1,4}\Z")
_FOOTNOTE = fixed(r"\d{1,2}(?![\w])")
# Initials: single letters with full stops ("m.e.", "r. e."), or two to four run together.
_RUN = r"(?:[a-z]\. ?){1,3}[a-z]\.?|[a-z]{2,4}"
# A title not after a letter, written first letter first (the search skips to those letters):
# "m(?<![^\W\d_]m)(?:atron|ister|...)". At most one title of a place can be followed by the
# full stop or space, so the order the titles are tried in changes nothing.
_TITLES_FIRST = "|".join(
    rf"{first}(?<![^\W\d_]{first})(?:{'|'.join(t[1:] for t in names.ALL_TITLES if t[0] == first)})"
    for first in dict.fromkeys(t[0] for t in names.ALL_TITLES))
_TITLED_INITIALS = fixed(rf"(?P<title>{_TITLES_FIRST})(?:\. ?| )(?P<run>{_RUN}|[a-z]\.?)"
                         r"(?![^\W\d_]|\d)")
_INITIALS_LABEL = fixed(rf"(?<![a-z])initials?\b[^a-z0-9]{{0,4}}(?:(?:are|were|is|was) )?"
                        rf"({_RUN})(?![a-z0-9])")
_DOTTED_INITIALS = fixed(r"(?<![a-z0-9])(?<![0-9] )(?:[a-z]\. ?){1,3}[a-z]\.?(?![a-z0-9])")
_WHOLE_INITIALS = fixed(rf"[\W_]*({_RUN})[\W_]*\Z")
# Letters that stand for something else when written alone ("A.M.", "N.B.", a rota's "PM").
_NOT_INITIALS = frozenset({"am", "pm", "na", "nb", "no", "ok", "id", "uk"})
# A postcode's two-letter area and district in capitals, as ASCII text writes them.
_AREA_AND_DISTRICT = fixed(r"[A-PR-UWYZ][A-HK-Y]\d")
_NEXT_WORD = fixed(r" ?([^\W\d_]+)")
_SENTENCE_AFTER = fixed(r" [^\W\d_]")
# Words that begin a sentence after initials and a full stop ('to Mrs E. She said').
_SENTENCE_WORDS = frozenset((
    "she", "he", "it", "they", "we", "i", "you", "the", "a", "an", "this", "that", "these",
    "those", "her", "his", "their", "our", "its", "there", "then", "when", "after", "before",
    "in", "on", "at", "by", "for", "from", "with", "as", "but", "and", "or", "so", "if",
    "while", "since", "although", "however", "mrs", "mr", "ms", "miss", "dr"))
FILE_NAME = "file name"
REFERENCE = "reference"


def _month_in_date(folded: str, start: int, end: int) -> bool:
    """'3 June 2026', 'June 3, 2026': a month inside a date is never a person called June."""
    return bool(_MONTH.match(folded, start, end) and (
        _DAY_BEFORE.search(folded, max(0, start - 10), start) or _YEAR_AFTER.match(folded, end)))


def _not_a_name(folded: str, text: str, m: re.Match, start: int, end: int) -> bool:
    """A one-word form used as an ordinary word: 'will' in prose, 'Ward 7' (a place),
    'Will the Trust...' (a question). Only redaction leaves it: the scan still reports it,
    so the pack waits for the plan's allow list or a rewording."""
    if _ordinary_word(text, start, end):
        return True
    if _TITLE_BEFORE.search(folded, max(0, m.start() - 13), m.start()):
        return False
    return bool(_PLACE_NUMBER.match(folded, m.end())) or bool(
        folded[m.start():m.end()] in _AUXILIARIES and _QUESTION.match(folded, m.end())
        and _sentence_start(folded, m.start()) and _ordinary_next_word(text, end))


def _ordinary_next_word(text: str, end: int) -> bool:
    """The word after a possible question ('Will the Trust...') is written in lower case
    ('I' apart); 'Margaret A' is a name and a pseudonym-like letter, not a question."""
    at = end
    while at < len(text) and text[at].isspace():  # as str.split reads words
        at += 1
    first = text[at:at + 1]
    return (first == "I" and not text[at + 1:at + 2].strip()) or first.islower()


def _last_shown(text: str, start: int) -> str:
    """``text[:start].rstrip()[-1:]``, read back only over the spaces before ``start``."""
    at = start
    while at > 0 and text[at - 1].isspace():
        at -= 1
    return text[at - 1:at] if at > 0 else ""


def _sentence_start(folded: str, start: int) -> bool:
    return _last_shown(folded, start) in ("", *".!?:;\"'(")


def _glued(folded: str, start: int, end: int, tokens: _Tokens | None = None):
    """A name inside a file name or reference ('Ellison_complaint_file.pdf', 'Ellison2026'):
    the whole token goes, since half of it would still point to the person. A footnote
    number after a name ('Mrs Ellison3') is not glue: the name alone is replaced.
    ``tokens``: the text's tokens, found once for all its names."""
    before = folded[start - 1:start]
    after = folded[end:end + 1]
    if not (before.isdigit() or before == "_" or after.isdigit() or after == "_"):
        return None
    if _FOOTNOTE.match(folded, end) and not (before.isdigit() or before == "_"):
        return None
    token_start, token_end = (tokens or _Tokens(folded)).around(start, end)
    # its extension: at most six characters ('.' and five), ending the token
    if _EXTENSION.search(folded, max(token_start, token_end - 6), token_end):
        return token_start, token_end, "[file name removed]", FILE_NAME
    return token_start, token_end, "[reference removed]", REFERENCE


class _Tokens:
    """A text's tokens (``_TOKEN_RUN``), found on first use: each name glued
    into a long token ('Ellison_Ellison_...') reads where its token starts and ends without
    reading the token again."""

    def __init__(self, text: str):
        self.text = text
        self.starts: list[int] | None = None
        self.ends: list[int] = []
        self.trimmed: dict[int, int] = {}

    def around(self, start: int, end: int) -> tuple[int, int]:
        """The token holding ``folded[start:end]``: back from ``start`` and on from ``end``
        over token characters, less the full stops and dashes that end it (never back past
        ``end``)."""
        if self.starts is None:
            runs = [m.span() for m in _TOKEN_RUN.finditer(self.text)]
            self.starts = [a for a, _ in runs]
            self.ends = [b for _, b in runs]
        token_start = token_end = None
        run = bisect_right(self.starts, start - 1) - 1
        if start > 0 and run >= 0 and self.ends[run] > start - 1:
            token_start = self.starts[run]
        run = bisect_right(self.starts, end) - 1
        if run >= 0 and self.ends[run] > end:
            trimmed = self.trimmed.get(run)
            if trimmed is None:
                trimmed = self.ends[run]
                while trimmed > self.starts[run] and self.text[trimmed - 1] in ".-":
                    trimmed -= 1
                self.trimmed[run] = trimmed
            token_end = max(trimmed, end)
        return (start if token_start is None else token_start,
                end if token_end is None else token_end)


class _Cover:
    """Whether a span lies within any of some ranges (sorted once, then each span looked up
    in them): as ``any(a <= start and end <= b for a, b in ranges)``."""

    def __init__(self, ranges: list[tuple[int, int]]):
        ordered = sorted(ranges)
        self.starts = [a for a, _ in ordered]
        self.reach: list[int] = []  # the furthest end of the ranges up to each
        furthest = None
        for _, b in ordered:
            furthest = b if furthest is None or b > furthest else furthest
            self.reach.append(furthest)

    def holds(self, start: int, end: int) -> bool:
        count = bisect_right(self.starts, start)
        return count > 0 and self.reach[count - 1] >= end


def _moved_postcodes(folded: Folded, text: str) -> list[tuple]:
    """'NS39 QT': a postcode with its space one place late, written in capitals."""
    return [(m.start(), m.end(), f"[{identifiers.POSTCODE} removed]", identifiers.POSTCODE)
            for m in identifiers.POSTCODE_MOVED.finditer(folded.text)
            if not any(char.islower() for char in text[slice(*folded.span(*m.span()))])]


def _initial_letters(run: str) -> str:
    return run.replace(".", "").replace(" ", "")


def _in_capitals(folded: Folded, text: str, start: int, end: int) -> bool:
    written = text[slice(*folded.span(start, end))]
    return not any(char.islower() for char in written)


def _name_follows(line: str, text: str, folded: Folded, end: int) -> bool:
    """A word in capitals after initials that does not start a sentence: 'Mrs E. Smith',
    'Mrs E Ellison' are someone's name with an initial."""
    word = _NEXT_WORD.match(line, end)
    return bool(word) and word.group(1) not in _SENTENCE_WORDS and \
        text[folded.origin[word.start(1)]].isupper()


def _streets(folded: Folded, text: str) -> list[tuple]:
    """Unregistered addresses: '14, Wren Close', '22 Acacia Rd.', 'Flat 3a'. The street's
    name must be capitalised as written ('3 weeks the Trust would...' is not an address)."""
    found = []
    for m in identifiers.STREET.finditer(folded.text) if identifiers.STREET_WORD.search(
            folded.text) else ():
        start, end = folded.span(*m.span("words"))
        if all(word[:1].isupper() for word in text[start:end].split()):
            found.append((m.start(), m.end(), "[address removed]", ADDRESS))
    if "flat" in folded.text:
        found += [(m.start(), m.end(), "[address removed]", ADDRESS)
                  for m in identifiers.FLAT.finditer(folded.text)]
    return found


def _ordinary_word(text: str, start: int, end: int) -> bool:
    """Lower case and standing alone in prose, as 'will' or 'grant' would (small capitals
    are shown as capitals)."""
    if not text[start:end].islower() or not SMALL_CAPITALS.isdisjoint(text[start:end]):
        return False
    before = text[start - 1] if start > 0 else " "
    after = text[end:end + 2] or " "
    glued_after = after[0] in _GLUE and (after[0] != "." or after[1:2].isalnum())
    return before not in _GLUE and not glued_after


def _as_shown(text: str) -> tuple[str, list[int], list[tuple[int, int, int, int]]]:
    """``text`` in the order it is shown, without direction controls: each stretch from a
    right-to-left override to its pop (or the line's end) reversed. Returns the shown text,
    the original index of each of its characters, and each overridden stretch as (shown
    start, shown end, original start, original end)."""
    shown: list[str] = []
    origin: list[int] = []
    stretches = []
    index = 0
    while index < len(text):
        char = text[index]
        if char != "\u202e":
            if not BIDI.match(char):
                shown.append(char)
                origin.append(index)
            index += 1
            continue
        depth, end = 1, index + 1
        while end < len(text) and depth and text[end] not in "\n\r\u2029":
            if text[end] in "\u202a\u202b\u202d\u202e":
                depth += 1
            elif text[end] == "\u202c":
                depth -= 1
            end += 1
        inner = [i for i in range(index + 1, end) if not BIDI.match(text[i])]
        start = len(shown)
        for i in reversed(inner):
            shown.append(text[i])
            origin.append(i)
        stretches.append((start, len(shown), index, end))
        index = end
    return "".join(shown), origin, stretches


def _without_direction_marks(text: str, spans: list[Span]) -> list[Span]:
    """Direction controls outside every span go too: the copy shows what the reader saw, and
    a reversed word after one cannot be read as a reversed name."""
    inside = _Cover([(s.start, s.end) for s in spans]).holds
    marks = [Span(m.start(), m.end(), "", DIRECTION) for m in BIDI.finditer(text)
             if not inside(m.start(), m.start() + 1)]
    return sorted(spans + marks, key=lambda span: span.start) if marks else spans
