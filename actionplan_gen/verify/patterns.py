"""Shapes of personal details, registered or not: titled names, long numbers,
e-mail addresses, postcodes, NI numbers, dates of birth and street addresses.

All run on ``Folded.text`` (accents, odd spaces, dashes and apostrophes already
folded), so one plain ASCII pattern covers every look-alike spelling.
"""

from __future__ import annotations

import re

from actionplan_gen.regexes import fixed
from actionplan_gen.verify.folding import Folded
from actionplan_gen.verify.hit import (ADDRESS, BIRTH, EMAIL, NHS_LIKE, NINO, PHONE, POSTCODE,
                                       RECORD_NUMBER, TITLED, Hit)

class Later:
    """A pattern compiled when first used: several are needed by few texts, and compiling
    one costs milliseconds of every run."""

    __slots__ = ("pattern", "flags", "_compiled")

    def __init__(self, pattern: str, flags: int = 0):
        self.pattern, self.flags, self._compiled = pattern, flags, None

    def __getattr__(self, name: str):
        if self._compiled is None:
            self._compiled = fixed(self.pattern, self.flags)
        return getattr(self._compiled, name)


TITLES = ("mrs", "mr", "ms", "miss", "mx", "dr", "professor", "prof", "sir", "dame", "lady",
          "lord", "revd", "rev", "sister", "nurse", "matron", "mister", "madam", "madame", "mme",
          "mlle", "reverend", "cllr", "councillor", "baroness")
# Initials may stand between title and surname ("Dr J Smith", "Dr J.Smith",
# "Dr J. R. Smith"), but not one initial and a full stop ("Mrs A. She said" is a
# pseudonym ending a sentence), nor a tab or break ("Mrs A<tab>Case reference").
_INITIALS = r"(?:(?:[A-Z]\. *){2,}|[A-Z]\.(?=[A-Z])|(?:[A-Z] +)+)?"
_TITLED = fixed(
    rf"(?<![A-Za-z])(?i:{'|'.join(TITLES)})(?:\.\s*|\s+){_INITIALS}"
    r"(?:(?:de|da|di|du|del|della|van|von|der|den|le|la|ap|bin)\s+)*([A-Z][A-Za-z']*)")
_TITLE_WORDS = frozenset(TITLES)
# A name typed in lower case after a title ("mrs thornton"); not "miss" the verb, and not a
# title in capitals ("MR scan", "MS teams": magnetic resonance, Microsoft).
_TITLED_LOWER = fixed(r"(?<![A-Za-z])(?:[Mm]rs|[Mm]r|[Mm]s|[Mm]x|[Dd]r|[Mm]ister|Miss)\.?\s+"
                           r"([a-z][a-z']+)")
# Words that follow a title as a job, team or day, not a name: "Nurse Practitioner", "Modern
# Matron Team", "miss Monday clinics".
_NOT_AFTER_TITLE = frozenset(re.findall(
    r"\w+", "practitioner practitioners specialist specialists consultant consultants team teams "
    "manager managers lead leads director associate advocate educator assistant assistants "
    "registrar practice prescriber prescribers partner partners unit units ward wards bank "
    "staff station led in charge monday tuesday wednesday thursday friday saturday sunday"))
_NOT_NAMES = frozenset(re.findall(
    r"\w+", "a an and or nor but the of to for with in on at by from as is was were has had "
    "have who which that this said says did does not no"))
_POSSESSIVE = fixed(r"'s?$", re.IGNORECASE)

# Digit groups joined by ONE separator (a bracket may carry a space; up to two spaces or
# tabs count as one, as a typist's or Word's tab stop between groups does): phone and
# NHS/CHI/H&C numbers in any grouping, but never two dates across a word or comma.
_DIGITS = fixed(r"\+?\(?\d+(?:(?: ?[()\[\]] ?|[^\w\s,]|[ \t]{1,2}|_)\d+)*")
# NHS, CHI and H&C numbers (3-3-4, 6-4) and phone numbers (0 or +44 first) with any
# short separator repeated, spaces around it or a comma included: "943 - 476 - 5919".
_SEP = r"(?:\s{0,2}[^\w\s]\s{0,2}|\s{1,3}|_)"
_SHAPED = fixed(
    rf"(?<![\w.])(?:\d{{3}}({_SEP})\d{{3}}\1\d{{4}}|\d{{6}}{_SEP}\d{{4}}"
    rf"|(?:\+\s*44{_SEP}?(?:\(0\){_SEP}?)?|\(?0)\d{{2,4}}\)?({_SEP})\d{{3,4}}(?:\2\d{{3,4}})?)"
    r"(?![\w])")
# Digit groups with any short run of separators between them (spaces, tabs, punctuation,
# a line or paragraph break) or an 'x': an NHS, CHI or H&C number is looked for in such a chain
# as 3-3-4 (or run together, or 6-4, or one digit a group) and must pass the modulus 11 check.
_GAP = r"(?:[^0-9A-Za-z]{1,8}|[^0-9A-Za-z]{0,3}[xX][^0-9A-Za-z]{0,3})"
_CHAIN = fixed(rf"(?<![0-9A-WYZa-wyz])[0-9]++(?:{_GAP}[0-9]++)+(?![0-9A-WYZa-wyz])")
_CHAIN_OR_ONE = fixed(rf"(?<![0-9A-WYZa-wyz])[0-9]++(?:{_GAP}[0-9]++)*(?![0-9A-WYZa-wyz])")
_GROUP = fixed(r"[0-9]+")
# Letters typed for digits inside a number ("943 476 59l9", "9O3"): O and o for 0, l, I and
# | for 1, in a token that holds a digit.
_DIGIT_LOOKALIKE = fixed(r"[0-9][OolI|]")  # searched in the text and reversed
_LOOKALIKE_TOKEN = fixed(r"(?<![A-WYZa-wyz0-9])[0-9OolI|]*[0-9][0-9OolI|]*(?![A-WYZa-wyz0-9])")
_AS_DIGITS = str.maketrans("OolI|", "00111")
_DIGIT_WORD = (r"(?:zero|oh|nought|nil|one|two|three|four|five|six|seven|eight|nine"
               r"|double|treble|triple|\d+)")
_SPOKEN = Later(rf"(?<![A-Za-z]){_DIGIT_WORD}(?:[\s,.\-]+{_DIGIT_WORD}){{7,}}(?![A-Za-z])",
                     re.IGNORECASE)
_SPOKEN_WORDS = frozenset(re.findall(
    r"\w+", "zero oh nought nil one two three four five six seven eight nine"))
# A record number after its label: "Hospital number RX1234567", "MRN: 00123456", a trust's
# record system's ("RiO ID", "SystmOne number", "EMIS", "Lorenzo", "Cerner", "EPR") or an
# id's ("CRN", "Trust ID", "Client ID", "Patient ref"); letters and digits in groups ("RX 123
# 4567", "RXH-001-234", "R X 1 2 3 4 5 6 7"). The lookahead is a quick first test.
_RECORD = fixed(
    r"(?<![A-Za-z])(?=[hukmcpaerslt])(?P<label>hospital|hosp|unit|medical\s+record"
    r"|case\s*notes?|patient|mrn|pas|k|rio|epr|systm\s*one|emis|lorenzo|cerner|crn|trust"
    r"|client)\s*(?P<key>number|no\b\.?|num\b|id\b|ref(?:erence)?\b\.?|#)?\W{0,4}"
    r"(?P<id>(?:[A-Z][\s\-]?){0,4}\d(?:[\s\-]?\d){3,}[A-Z]?)(?![\w])", re.IGNORECASE)
# Labels that are also ordinary words ("admitted to hospital in 2025", "the unit 2025 review",
# "PAS 2026 upgrade", "20k in 2026", "the EMIS 2026 upgrade"): after these, without
# "number", "no", "id" or "ref", a year is a year, a word in lower case is a word, and
# digits in groups are not read as one number ("the unit 2025 12 beds").
_WEAK_RECORD_LABELS = frozenset({"hospital", "hosp", "unit", "patient", "pas", "k", "rio",
                                 "epr", "emis", "lorenzo", "cerner", "systmone"})
# Labels that are a number's only with "number", "no", "id" or "ref": "Trust ID 1234567",
# not "the Trust 1234567 pounds".
_KEYED_RECORD_LABELS = frozenset({"trust", "client"})
_RECORD_LABELS = ("hospital", "hosp", "unit", "record", "case note", "patient", "mrn", "pas",
                  "k", "rio", "epr", "systm", "emis", "lorenzo", "cerner", "crn", "trust",
                  "client")
_UNGROUPED_ID = fixed(r"[A-Z]{0,4}[\s\-]?\d{4,}[A-Z]?", re.IGNORECASE)
_GUID = fixed(r"\{?[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-"
                   r"[0-9A-Fa-f]{12}\}?")

_LOCAL = r"[\w.+'-]+"
_DOT_WORD = r"(?:\s*[(\[{<_]\s*dot\s*[)\]}>_]\s*|\s+dot\s+|-dot-)"
_AT_WORD = r"(?:\s*[(\[{<_]\s*at\s*[)\]}>_]\s*|\s+at\s+|-at-)"
_EMAIL = fixed(
    rf"{_LOCAL}@[\w-]+(?:(?:\.|{_DOT_WORD})[\w-]+)+"                       # x@y.z
    rf"|{_LOCAL}\s+@\s+[\w-]+(?:\s*\.\s*[\w-]+|{_DOT_WORD}[\w-]+)+"        # x @ y . z
    rf"|{_LOCAL}{_AT_WORD}[\w-]+(?:{_DOT_WORD}[\w-]+)+",                    # x at y dot z
    re.IGNORECASE)

_AT_ALONE = fixed(rf"{_LOCAL}\s*@+\s*[\w-]{{2,}}")  # "x@examplecom", "x@example·com", "x@@y"
# An address spelt out a character at a time: "w r e n 1 4 @ e x a m p l e . c o m".
_SPELT_EMAIL = fixed(r"(?:[\w.+-] ){2,}@(?: [\w.-]){3,}")
# "at" as a word, or bracketed, and a real domain ("wren14 at example.co.uk", "x (at)
# example.com", "email: jsmith at gmail.com") or a mail provider's name ("wren14 at
# btinternet"): an address where "at" is bracketed, or the part before it has a digit, a
# dot, an underscore or a plus, or follows an e-mail label and is no pronoun; never a web
# site's name ("look at nhs.uk", "email us at nhs.uk", "contact us at www.nhs.uk").
_MAIL_DOMAINS = ("com", "net", "org", "uk", "co", "info", "me", "io")
_MAIL_PROVIDERS = ("btinternet", "gmail", "googlemail", "hotmail", "yahoo", "aol", "icloud",
                   "ntlworld", "virginmedia", "talktalk", "blueyonder", "tiscali", "btopenworld",
                   "protonmail", "outlook", "live", "sky", "btconnect")
_AT_DOMAIN = fixed(
    rf"(?<![\w.+'-])(?P<local>{_LOCAL})(?:\s+at\s+|(?P<bracket>{_AT_WORD}))"
    rf"(?!www\.)(?P<domain>[\w-]+(?:\.[\w-]+)*"
    rf"\.(?:{'|'.join(_MAIL_DOMAINS)})|(?:{'|'.join(_MAIL_PROVIDERS)}))(?![\w.-]*\w)",
    re.IGNORECASE)
_MAIL_LABEL = fixed(r"e-?mail|mail\s+to|write\s+to|contact", re.IGNORECASE)
# The words that make ``shapes`` look for such an address: a domain's or a provider's,
# in a text with digits ("wren14 at example.com": the shortcut reads it by
# ``may_hold_a_number``) or with a provider's name that is no English word ("jsmith at
# gmail.com": TRIGGER_WORDS). Not a domain's alone: every namespace of an XML part ends in
# ".org" or ".com", and an address with no digit and a domain of its own is not looked for.
MAIL_WORDS = frozenset(_MAIL_DOMAINS) | frozenset(_MAIL_PROVIDERS)
MAIL_PROVIDERS = frozenset(_MAIL_PROVIDERS) - {"live", "sky", "outlook"}


def _may_be_mail(low: str) -> bool:
    """Whether ``_AT_DOMAIN`` could match the lower-case ``low`` (holding "at"): "at" as a
    word and a domain's ending (plain substring tests: a sentence has the one, an XML
    namespace the other)."""
    return ((" at " in low or "at)" in low or "at]" in low or "at>" in low or "at}" in low
             or "_at_" in low or "-at-" in low)
            and (".co" in low or ".uk" in low or ".org" in low or ".net" in low
                 or ".info" in low or ".io" in low or ".me" in low))
# "@" written as an HTML entity in text ("wren14&#64;example.com").
_AT_ENTITY = fixed(r"&#0*64;|&#[xX]0*40;|&commat;")

_AT_DOT = frozenset({"at", "dot"})
_NO_DIGITS = str.maketrans("", "", "0123456789")

# Inward letters never include C, I, K, M, O or V: "B12 1mg" is not a postcode.
_POSTCODE = fixed(r"(?<![A-Za-z0-9])[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2}"
                       r"(?![A-Za-z0-9])", re.IGNORECASE)

# The two parts with a wider separator ("NS3   7QT", "NS3/7QT", "NS3\t7QT", a line break):
# an inward part written as an ordinal ("R1, 2nd") is not one.
_POSTCODE_WIDE = fixed(
    r"(?<![A-Za-z0-9])[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?([^0-9A-Za-z]{1,8})(\d[ABD-HJLNP-UW-Z]{2})"
    r"(?![A-Za-z0-9])", re.IGNORECASE)
_ORDINAL = fixed(r"\d(?:st|nd|rd|th)", re.IGNORECASE)

# A postcode in capitals with its space moved, doubled or spread between every character
# ("NS37 QT", "NS 3 7QT", "N S 3 7 Q T", "N.S.3. 7.Q.T.") or O typed for the inward digit
# ("NS10 OQT"): looked for where ``_INWARD`` finds an inward part so written (in capitals,
# after a digit, the O included), as well as one written as it should be.
_GAP = r"[ .\-_]{0,2}"
_INWARD = fixed(r"\d(?:[ABD-HJLNP-UW-Z]{2}|(?-i:" + _GAP + r"(?:O" + _GAP
                + r")?[ABD-HJLNP-UW-Z]" + _GAP + r"[ABD-HJLNP-UW-Z]))(?![A-Za-z0-9])",
                re.IGNORECASE)
_LOOSE_POSTCODE = fixed(
    rf"(?<![A-Za-z0-9])[A-PR-UWYZ](?:{_GAP}[A-HK-Y])?{_GAP}[0-9](?:{_GAP}[A-Z0-9])?{_GAP}"
    rf"[0-9O]{_GAP}[ABD-HJLNP-UW-Z]{_GAP}[ABD-HJLNP-UW-Z](?![A-Za-z0-9])")

# HMRC prefixes (no D, F, I, Q, U, V first; no D, F, I, O, Q, U, V second) and the
# specimen prefix QQ; six digits in any grouping; optional suffix A-D.
_NINO = fixed(r"(?<![A-Za-z0-9])(?:[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]|QQ)"
                   r"(?:[^\w\n]{0,2}\d){6}(?:[^\w\n]{0,2}[A-D])?(?![A-Za-z0-9])", re.IGNORECASE)

_SIX_DIGITS = fixed(r"\d(?:[^\w\n]{0,2}\d){5}")

MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
         r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_ORDINALS = ("first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth"
             "|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth"
             "|twentieth|thirtieth")
_DAY = (rf"(?<![\w])(?:\d{{1,2}}(?:st|nd|rd|th)?|(?:(?:twenty|thirty)[\s-]?)?(?:{_ORDINALS})"
        r"|(?:the\s+)?(?:twenty|thirty)[\s-]?(?:one|first))")


_ROMAN_MONTH = r"(?:xii|xi|x|ix|viii|vii|vi|v|iv|iii|ii|i)"


def _dates(year: str) -> str:
    return (rf"(?:{_DAY}[\s\-./]*(?:of\s+)?{MONTH}\.?[\s\-./,']*{year}"
            rf"|(?<![\w])\d{{1,2}}[\s/.\-]+{_ROMAN_MONTH}[\s/.\-]+{year}"
            rf"|(?<![\w]){MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{year}"
            rf"|(?<![\w])\d{{1,2}}[/.\-]\d{{1,2}}[/.\-]{year}"
            rf"|(?<![\w])\d{{4}}[/.\-]\d{{1,2}}[/.\-]\d{{1,2}}(?!\d))")


_YEAR = r"\d{4}(?!\d)"
_SHORT_OR_LONG_YEAR = r"(?:\d{4}|\d{2})(?!\d)"
FULL_DATE = Later(_dates(_YEAR), re.IGNORECASE)
"""Day, month and year: a month name inside one is not a person called June."""
_BIRTH_LABELS = ("born", "birth", "dob", "d.o", "d. o", "d/o", "d o b", "d-o-b", "d_o_b", "b.",
                 ", b ", ",b ", "(b ")
# A date written as eight digits, day first or year first ("12061939", "19390612").
_COMPACT_DATE = (r"(?<!\d)(?:(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])(?:1[89]|20)\d\d"
                 r"|(?:1[89]|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))(?!\d)")
BIRTH_DATE = rf"(?:{_dates(_SHORT_OR_LONG_YEAR)}|{_COMPACT_DATE})"
# Part of a date, or a date written loosely, read as a date of birth only right after its
# label: "the 12th day of June 1939", "June the 12th, 1939", "June twelfth 1939", "June 12,
# '39", "1939 June 12"; month and year ("June 1939", "Jun-39", "June '39"), month and year in
# figures ("06/1939"); day, month and year with spaces or none ("12 06 1939", "12 / 06 /
# 1939", "120639").
_ORDINAL_DAY = rf"(?:(?:twenty|thirty)[\s-]?)?(?:{_ORDINALS})"
_PARTIAL_DATE = (rf"(?:(?:the\s+)?{_DAY}\s+day\s+of\s+{MONTH}\.?[\s\-./,']*{_SHORT_OR_LONG_YEAR}"
                 rf"|{MONTH}\.?\s+(?:the\s+)?(?:\d{{1,2}}(?:st|nd|rd|th)?|{_ORDINAL_DAY})"
                 rf",?\s+'?{_SHORT_OR_LONG_YEAR}"
                 rf"|(?:1[89]|20)\d\d,?\s+{MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?![\w])"
                 rf"|(?<![0-9A-Za-z]){MONTH}\.?[\s\-./,']*(?:\d{{4}}|'?\d{{2}})(?![\d/])"
                 r"|(?<![0-9A-Za-z])(?:0?[1-9]|1[0-2])[/.\-](?:1[89]|20)\d\d(?![\d/])"
                 r"|(?<![0-9A-Za-z])(?:0?[1-9]|[12]\d|3[01])(?:\s*[/.\-]\s*(?:0?[1-9]|1[0-2])"
                 r"\s*[/.\-]\s*|\s+(?:0?[1-9]|1[0-2])\s+)(?:(?:1[89]|20)\d\d|\d\d)(?![\d/])"
                 r"|(?<![0-9A-Za-z])(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])\d\d(?![\d/]))")
# The year alone: after "DOB", "date of birth" or "b." only ("born in 1967" is a year of
# someone's life in a report, "DOB: 1939" a date of birth), not "2025/26" or "2025-2026".
_BIRTH_YEAR = r"(?<![0-9A-Za-z])(?:1[89]|20)\d\d(?![\d/]|\s*[-\u2013]\s*\d)"
_SEPARATOR = r"[^0-9A-Za-z.!?]{0,4}(?:(?:on|in|is|was)\s+){0,2}"
# A label, then the date within 80 characters (a run of spaces counts as one), or "b." just
# before it ("b. 12 June 1939", not "(b) 12 June").
_BIRTH = Later(r"(?<![A-Za-z])(?:born|birth[a-z]*|dob|d[\s./_-]{1,2}o[\s./_-]{1,2}b"
                    r"|date\s+of\s+birth)"
                    rf"(?![A-Za-z])(?:\s++|\S){{0,80}}?{BIRTH_DATE}"
                    rf"|(?<![A-Za-z])b\.\s{{0,3}}{BIRTH_DATE}",
                    re.IGNORECASE | re.DOTALL)
# Part of a date right after its label ("born June 1939", "DOB: 06/1939", "(b.1939)"): the
# label is found, then the date matched where it ends (a pattern trying every character of the
# text with each form costs more than the rest of the birth rule).
_CLOSE_LABEL = Later(r"(?<![A-Za-z])(?:(?:(born)|dob|d[\s./_-]{1,2}o[\s./_-]{1,2}b\.?"
                     r"|(?:date|year)\s+of\s+birth|birth\s*date)(?![A-Za-z])|b\.)",
                     re.IGNORECASE)
_CLOSE_DATE = Later(rf"{_SEPARATOR}{_PARTIAL_DATE}", re.IGNORECASE)
_CLOSE_YEAR = Later(rf"{_SEPARATOR}{_BIRTH_YEAR}", re.IGNORECASE)
# "b" for born after a comma or bracket ("Mr B, b 12/06/1939"; not "(b) 12 June").
_B_DATE = Later(rf"b\s{{1,3}}{BIRTH_DATE}", re.IGNORECASE)
_B_AFTER = (", b ", ",b ", "(b ", ", B ", ",B ", "(B ")
# A label after its date ("12/06/1939 - DOB", "12 June 1939 (date of birth)"): the label is
# found, then the date ending just before it.
_LABEL_AFTER = Later(r"(?<![A-Za-z])(?:dob|d\.o\.b\.?|date\s+of\s+birth)(?![A-Za-z])",
                     re.IGNORECASE)
_DATE_BEFORE = Later(rf"{BIRTH_DATE}[^0-9A-Za-z]{{1,6}}\Z", re.IGNORECASE)
_DATE_BEFORE_WIDEST = 48
_NOT_ALNUM = "".join(chr(c) for c in range(32, 127) if not chr(c).isalnum()) + "\t\n"
# A paragraph or table cell that starts with a date (after a label in one before it).
BIRTH_VALUE = Later(rf"\A[^0-9A-Za-z]{{0,6}}{BIRTH_DATE}", re.IGNORECASE)


def birth_spans(text: str):
    """The dates of birth in ``text`` (one with a birth label: ``_BIRTH_LABELS``), as
    (start, end), in no particular order."""
    for m in _BIRTH.finditer(text):
        yield m.span()
    for label in _CLOSE_LABEL.finditer(text):
        date = _CLOSE_DATE.match(text, label.end()) or (
            None if label.group(1) else _CLOSE_YEAR.match(text, label.end()))
        if date:
            yield label.start(), date.end()
    for mark in _B_AFTER:
        at = text.find(mark)
        while at >= 0:
            date = _B_DATE.match(text, at + len(mark) - 2)
            if date:
                yield date.span()
            at = text.find(mark, at + 1)
    low = text.lower()
    if "dob" in low or "of birth" in low or "d.o.b" in low:
        for label in _LABEL_AFTER.finditer(text):
            before = text[max(0, label.start() - 7):label.start()].rstrip(_NOT_ALNUM)
            if not before or not before[-1].isdigit():
                continue  # a date ends with a digit
            date = _DATE_BEFORE.search(text, max(0, label.start() - _DATE_BEFORE_WIDEST),
                                       label.start())
            if date:
                yield date.start(), label.end()


_STREET_WORDS = ("road", "rd", "street", "st", "lane", "ln", "crescent", "cres", "cresc", "way",
                 "close", "cl", "avenue", "ave", "drive", "dr", "court", "ct", "gardens",
                 "gdns", "place", "pl", "terrace", "terr", "grove", "mews", "row", "walk",
                 "square", "sq", "hill", "rise", "view", "park", "parade", "pde", "quay",
                 "wharf", "boulevard", "blvd", "yard", "heights", "meadow", "meadows", "vale",
                 "croft", "wynd", "esplanade", "promenade", "embankment", "glade")
# Street words that are also a heading's or a colour's ("4 Our Approach", "Table 2 Required
# Fields", "RAG 3 Dark Green"): a street only after a name that is none of these words.
_SHARED_STREET_WORDS = {
    "approach": frozenset(re.findall(r"\w+", (
        "the our a an this that their its whole system systems proposed new overall trust "
        "clinical quality joint agreed revised current future preferred recommended standard "
        "same local national different integrated coordinated consistent common person "
        "patient family centred improvement partnership collaborative holistic team"))),
    "fields": frozenset(re.findall(r"\w+", (
        "the required mandatory free text data empty blank key all other new optional form "
        "missing"))),
    "green": frozenset(re.findall(r"\w+", (
        "dark light lime bright pale sea olive forest bottle mint amber red rag status "
        "traffic go"))),
}
# A house number and a street: capitalised words and a street word ("7 Station Approach",
# "4 The Green"), or in lower case with a word that is only a street's ("7 mill road").
_STREET = fixed(
    r"\d(?<![\w]\d)\d{0,3}[A-Za-z]?,?\s+(?:(?:[A-Z][A-Za-z'-]*\s+){0,2}"
    r"(?P<name>[A-Z][A-Za-z'-]*)\s+"
    rf"(?P<word>(?i:{'|'.join((*_STREET_WORDS, *_SHARED_STREET_WORDS))}))"
    r"|[a-z]+\s+(?:road|street|lane|avenue|crescent|terrace|gardens|grove|mews))(?![A-Za-z])\.?")
_FLAT = Later(r"(?<![A-Za-z])(?:flat|apt\.?|apartment)\s+\d+[a-z]?(?![\w%])", re.IGNORECASE)


# What ``shapes`` needs before it can find anything in a text (see scan._nothing_in): a
# name after a title (``titled_hits`` itself); "dot" (an address written "x at y dot z") or
# "initials" (names.initials_hits: "initials: RE") as a whole token; two of the spoken
# digits; "@" or single letters in a row (a name spelt out, or "d o b") as MAY_MATCH finds
# them; or, with digits, ``may_hold_a_number``.
TRIGGER_WORDS = frozenset({"dot", "initial", "initials", "commat"}) | MAIL_PROVIDERS
SPOKEN_WORDS = _SPOKEN_WORDS
_L = r"[^\W\d_]"
MAY_MATCH = fixed(rf"@|(?<!{_L}){_L}[\W\d_]+{_L}(?!{_L})")
"""'@', or two single letters in a row: a name spelt out or dotted initials, or "d o b" (see
scan)."""


def may_hold_a_number(text: str, low: str, joined: str, digits: int) -> bool:
    """Whether a shape that needs digits could match ``text`` (``low`` its lower case;
    ``joined``: it and the next table cell, with ``digits`` digits): each condition is the
    shape's own test in ``shapes``."""
    return ((_numbers_possible(text, digits)
             and bool(_number_hits(text) or chained_numbers(text)))
            or (digits >= 4 and _RECORD.search(text) is not None)
            or (digits >= 6 and _SIX_DIGITS.search(text) is not None)
            or _INWARD.search(text) is not None or _STREET.search(text) is not None
            or ("&#" in text and _AT_ENTITY.search(text) is not None)
            or ("at" in low and _may_be_mail(low) and _AT_DOMAIN.search(text) is not None)
            or (("flat" in low or "apt" in low or "apartment" in low)
                and _FLAT.search(text) is not None)
            or (_may_be_born(low if joined is text else joined.lower())
                and next(birth_spans(joined), None) is not None))


def _numbers_possible(text: str, digits: int) -> bool:
    """Whether ``text`` (with ``digits`` digits, or its next table cell's too) could hold
    nine digits, some of them perhaps written as letters."""
    return digits >= 9 or (digits >= 6 and _lookalike_near(text))


def _lookalike_near(text: str) -> bool:
    """A letter that may stand for a digit next to a digit ("59l9", "4O1")."""
    return (_DIGIT_LOOKALIKE.search(text) is not None
            or _DIGIT_LOOKALIKE.search(text[::-1]) is not None)


# Across paragraphs and table cells: a paragraph that ends as a number's group or a postcode's
# outward part can, and one that starts as a group or an inward part ("NHS 943" | "476").
_ENDS_GROUP = fixed(r"(?:[0-9]|(?<![A-Za-z])[OolI|])[A-Za-z]?[^0-9A-Za-z]{0,8}\Z")
_TRAILING = " \t\n.,;:)]}!?-'\"/"
_PLAIN_LETTERS = frozenset("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz")  # not O o l I
_STARTS_GROUP = fixed(r"[^0-9A-Za-z]{0,8}(?:[0-9]|[OolI|](?![A-Za-z]))")
_BIRTH_LABEL = Later(r"(?<![A-Za-z])(?:born|birth[a-z]*|dob|d[\s./_-]{1,2}o[\s./_-]{1,2}b"
                     r"|date\s+of\s+birth)(?:[^0-9A-Za-z]|\b(?:is|was|on|in)\b)*\Z",
                     re.IGNORECASE)


def ends_as_group(text: str) -> bool:
    """Whether ``text`` ends as a digit group may (``_ENDS_GROUP``), read by that pattern
    only where it does not end with two plain letters (a word) before separators."""
    end = text[-12:]
    stripped = end.rstrip(_TRAILING)
    if len(stripped) > 1 and len(end) - len(stripped) <= 8 and stripped[-1] in _PLAIN_LETTERS \
            and stripped[-2] in _PLAIN_LETTERS:
        return False  # a word: no digit, and neither letter may stand for one
    return _ENDS_GROUP.search(end) is not None


def starts_as_group(text: str) -> bool:
    return _STARTS_GROUP.match(text) is not None


def ends_with_birth_label(text: str) -> bool:
    """Whether ``text`` ends with a birth label (a label cell, "Date of birth:", "born on"),
    not a sentence ending with the word ("after the birth.", "where she was born.")."""
    end = text[-40:]
    return (("b" in end or "B" in end) and _may_be_born(end.lower())
            and _BIRTH_LABEL.search(end) is not None
            and _BIRTH_ENDING_SENTENCE.search(end) is None)


_BIRTH_ENDING_SENTENCE = fixed(r"(?<![A-Za-z.])(?:born|birth[a-z]*)\s*[.!?]\W*\Z",
                                    re.IGNORECASE)


def may_be_inward(text: str) -> bool:
    return _INWARD.search(text) is not None


def split_hits(text: str) -> list[Hit]:
    """NHS-like numbers and postcodes in ``text``, the ends of paragraphs joined by breaks."""
    hits = [Hit(NHS_LIKE, s, e) for s, e in chained_numbers(text)]
    if _INWARD.search(text):
        hits += postcode_hits(text)
    return hits


def _may_be_born(low: str) -> bool:
    return any(label in low for label in _BIRTH_LABELS)


def shapes(folded: Folded, words: list[str], tail: str = "") -> list[Hit]:
    """Every shape in ``folded``; ``tail`` (the next table cell) only completes a birth date.

    Cheap tests on ``words`` (its letter tokens) and plain substrings decide which
    patterns can match at all, so ordinary paragraphs cost few regex passes.
    """
    text, low = folded.text, folded.lower
    hits = []
    tokens = set(words)
    hits += titled_hits(text, tokens)
    if "@" in text or tokens >= _AT_DOT:
        hits += [Hit(EMAIL, m.start(), m.end()) for m in _EMAIL.finditer(text)]
        hits += [Hit(EMAIL, m.start(), m.end()) for m in _AT_ALONE.finditer(text)]
        if "@ " in text:
            hits += [Hit(EMAIL, m.start(), m.end()) for m in _SPELT_EMAIL.finditer(text)]
    joined = f"{text} {tail}" if tail else text
    digits = len(joined) - len(joined.translate(_NO_DIGITS))
    if "at" in tokens and not MAIL_WORDS.isdisjoint(tokens) and (
            digits or not MAIL_PROVIDERS.isdisjoint(tokens)):
        hits += [Hit(EMAIL, m.start(), m.end()) for m in _AT_DOMAIN.finditer(text)
                 if _mail_local(m, text)]
    if "&" in text and ("&#" in text or "&commat" in text):
        hits += entity_at_hits(text)
    if len(tokens & _SPOKEN_WORDS) >= 2:
        hits += [Hit(PHONE if m.group().lower().startswith(("0", "oh", "zero", "nought")) else
                     NHS_LIKE, m.start(), m.end())
                 for m in _SPOKEN.finditer(text) if _spoken_digits(m.group()) >= 9]
    if not digits:
        return hits  # every other shape has a digit in it
    numeric = without_times_and_dates(text)
    if _numbers_possible(text, digits):
        hits += number_hits(numeric)
    if digits >= 4 and any(label in low for label in _RECORD_LABELS):
        hits += [Hit(RECORD_NUMBER, m.start(), m.end()) for m in _RECORD.finditer(text)
                 if sum(c.isdigit() for c in m.group("id")) >= 4
                 and not FULL_DATE.search(m.group()) and _record_number(m)]
    if _INWARD.search(text):
        hits += [Hit(POSTCODE, m.start(), m.end()) for m in _POSTCODE.finditer(text)
                 if not _ordinal_inward(m.group())]
        hits += postcode_hits(text)
        hits += [Hit(POSTCODE, m.start(), m.end()) for m in _LOOSE_POSTCODE.finditer(text)]
    if digits >= 6 and _SIX_DIGITS.search(numeric):
        hits += [Hit(NINO, m.start(), m.end()) for m in _NINO.finditer(numeric)]
    hits += [Hit(ADDRESS, m.start(), m.end()) for m in _STREET.finditer(text)
             if not _shared_street_word(m)]
    if "flat" in low or "apt" in low or "apartment" in low:
        hits += [Hit(ADDRESS, m.start(), m.end()) for m in _FLAT.finditer(text)]
    joined_low = joined.lower()
    if any(label in joined_low for label in _BIRTH_LABELS):
        hits += [Hit(BIRTH, start, min(end, len(text)))
                 for start, end in birth_spans(joined) if start < len(text)]
    return hits


def _shared_street_word(match: re.Match) -> bool:
    """A ``_STREET`` match ending with a heading's or a colour's word after one of its
    own (``_SHARED_STREET_WORDS``): "4 Our Approach", "2 Required Fields"."""
    word = match.group("word")
    shared = _SHARED_STREET_WORDS.get(word.lower()) if word else None
    return shared is not None and match.group("name").lower() in shared


def _mail_local(match: re.Match, text: str) -> bool:
    """Whether the word before "at" (``_AT_DOMAIN``) is an address's: "at" bracketed, a
    digit, a dot, an underscore or a plus in it, or an e-mail label just before it."""
    local = match.group("local")
    return (match.group("bracket") is not None
            or any(c.isdigit() or c in "._+" for c in local)
            or (local.lower() not in _PRONOUNS and _MAIL_LABEL.search(
                text, max(0, match.start() - 30), match.start()) is not None))


_PRONOUNS = frozenset({"us", "me", "him", "her", "them", "it", "you", "we", "i", "one"})


def entity_at_hits(text: str) -> list[Hit]:
    """Addresses whose "@" is written as an HTML entity in the text."""
    if _AT_ENTITY.search(text) is None:
        return []
    plain = _AT_ENTITY.sub(lambda m: "@".ljust(len(m.group())), text)  # same length
    return [Hit(EMAIL, m.start(), m.end()) for m in _AT_ALONE.finditer(plain)]


def _record_number(match: re.Match) -> bool:
    """Whether a ``_RECORD`` match reads as a record number: after "number", "no", "id" or
    "ref", yes; after "Trust" or "Client" alone, no; after a label that is also an ordinary
    word, its first group of digits ("unit 2025 12 beds": 2025), not a year (1900-2099)
    alone or after a word in lower case ("in 2025", "hospice 2026")."""
    label = "".join(match.group("label").lower().split())
    if match.group("key"):
        return True
    if label in _KEYED_RECORD_LABELS:
        return False
    if label not in _WEAK_RECORD_LABELS:
        return True
    first = _UNGROUPED_ID.match(match.group("id"))
    if first is None:
        return False
    ident = first.group()
    letters = _LETTERS_AT_START.match(ident)
    digits = ident.translate(_ONLY_DIGITS)
    year = len(digits) == 4 and 1900 <= int(digits) <= 2099
    return not (year and (not letters or not letters.group().isupper()))


_ONLY_DIGITS = str.maketrans("", "", "".join(chr(c) for c in range(128)
                                             if not chr(c).isdigit()))

# Clock times (14:00, 10.30) and dates (03/03/2026, 12/06/26, 03/03, 2026-03-03T14:00) are not
# digit groups of a phone, NHS or NI number: "at 06:00 12:00 18:00 22:00", "on 12/06/26".
# A time or date whose digits run on into another group ("94:34:76") is left as it is.
_TIMES_AND_DATES = fixed(
    r"(?<![\d:.])(?:[01]?\d|2[0-3])[:.][0-5]\d(?![:.]?\d)"
    r"|(?<![\d/.\-])(?:0?[1-9]|[12]\d|3[01])([/.\-])(?:0?[1-9]|1[0-2])\1(?:19|20)\d\d(?!\d)"
    r"|(?<![\d/.\-])(?:0?[1-9]|[12]\d|3[01])([/.])(?:0?[1-9]|1[0-2])(?:\2\d\d)?(?![\d]|[/.\-]\d)"
    r"|(?<![\d/.\-])(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?!\d)")


def without_times_and_dates(text: str) -> str:
    """``text`` with each clock time and date written as a run of "D" (same length): D is
    no digit, no separator, no letter standing for a digit and no NI number letter."""
    if ":" not in text and "/" not in text and "." not in text and "-" not in text:
        return text
    return _TIMES_AND_DATES.sub(lambda m: "D" * len(m.group()), text)


def as_digits(text: str) -> str:
    """``text`` with O, o, l, I and | read as digits in every token that holds a digit (same
    length, so every index stays)."""
    if not _lookalike_near(text):
        return text
    return _LOOKALIKE_TOKEN.sub(lambda m: m.group().translate(_AS_DIGITS), text)


def nhs_valid(digits: str) -> bool:
    """The modulus 11 check of NHS, CHI and H&C numbers (ten digits)."""
    total = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9]))
    check = 11 - total % 11
    return check != 10 and (0 if check == 11 else check) == int(digits[9])


def chained_numbers(text: str) -> list[tuple[int, int]]:
    """Spans of ten digits passing the modulus 11 check in chains of digit groups with any
    short separators between them (``_GAP``), grouped 3-3-4 (or coarser: 6-4, run together)
    or one digit a group; letters typed for digits read as digits (``as_digits``)."""
    spans: list[tuple[int, int]] = []
    digits = as_digits(text)
    if digits is text and len(text) - len(text.translate(_NO_DIGITS)) < 10:
        return spans
    # A single group of ten digits is the long-number rule's, unless letters stood for some.
    for chain in (_CHAIN if digits is text else _CHAIN_OR_ONE).finditer(digits):
        found = chain.group()
        if len(found) - len(found.translate(_NO_DIGITS)) < 10:
            continue
        groups = list(_GROUP.finditer(found))
        for i in range(len(groups)):
            count, bounds, j = 0, [], i
            while j < len(groups) and count < 10:
                count += len(groups[j].group())
                bounds.append(count)
                j += 1
            if count != 10 or not (set(bounds[:-1]) <= {3, 6}
                                   or all(len(g.group()) == 1 for g in groups[i:j])):
                continue
            number = "".join(g.group() for g in groups[i:j])
            if len(set(number)) > 1 and nhs_valid(number):  # not a row of 0s or 1s
                at = chain.start()
                spans.append((at + groups[i].start(), at + groups[j - 1].end()))
    return spans


def number_hits(text: str) -> list[Hit]:
    """Phone and NHS-like numbers: nine digits or more, grouped as they are written; and
    valid NHS-like numbers however their groups are separated (``chained_numbers``)."""
    hits = _number_hits(text)
    written = list(hits)
    reached = -1  # the chained spans come in order of their starts: one end to compare
    for start, end in chained_numbers(text):
        if start >= reached and not any(h.start < end and start < h.end for h in written):
            hits.append(Hit(NHS_LIKE, start, end))
            reached = end
    return hits


def _number_hits(text: str) -> list[Hit]:
    hits = []
    for m in _DIGITS.finditer(text):  # nine digits need nine characters
        if m.end() - m.start() >= 9 and sum(c.isdigit() for c in m.group()) >= 9:
            if _reference(text, m):
                continue
            if _figures_in_columns(m.group()):
                continue
            phone = m.group().lstrip("(").startswith(("+", "0"))
            hits.append(Hit(PHONE if phone else NHS_LIKE, m.start(), m.end()))
    for m in _SHAPED.finditer(text):
        if m.end() - m.start() >= 9 and 9 <= sum(c.isdigit() for c in m.group()) <= 13:
            phone = m.group().lstrip("(").startswith(("+", "0"))
            hits.append(Hit(PHONE if phone else NHS_LIKE, m.start(), m.end()))
    return hits


# Digits that read as nine or more in a row but are a reference of another kind: a year and a
# serial number ("StEIS 2026/12345"), a standard and its year ("ISO 27001:2013", "BS EN
# 15224:2016"), a CQC location or provider id ("1-123456789"); and a table's figures written
# with tab stops (``_figures_in_columns``). A phone or NHS number grouped as one is written
# is still read by _SHAPED, and a valid NHS number however grouped by chained_numbers.
_YEAR_SERIAL = fixed(r"(?:19|20)\d\d/\d{4,6}")
_STANDARD = fixed(r"\d{3,5}(?:-\d{1,2})?:(?:19|20)\d\d")
_STANDARD_BEFORE = fixed(r"(?<![A-Za-z])(?:ISO|IEC|BS|EN|ISO/IEC|BS\s+EN(?:\s+ISO)?)\s*\Z")
_CQC_ID = fixed(r"1-\d{8,11}")
_CQC_BEFORE = fixed(r"(?<![A-Za-z])(?:cqc|location|provider)\b[^0-9]{0,24}\Z", re.IGNORECASE)


def _reference(text: str, match: re.Match) -> bool:
    """Whether a ``_DIGITS`` match is one of the references above, not a phone, NHS or
    CHI number."""
    found = match.group()
    if "/" in found and _YEAR_SERIAL.fullmatch(found):
        digits = found.replace("/", "")
        return not (len(digits) == 10 and nhs_valid(digits))
    before = text[max(0, match.start() - 32):match.start()]
    if ":" in found and _STANDARD.fullmatch(found):
        return _STANDARD_BEFORE.search(before) is not None
    if found.startswith("1-") and _CQC_ID.fullmatch(found):
        return _CQC_BEFORE.search(before) is not None
    return False


def _figures_in_columns(found: str) -> bool:
    """A chain of digit groups with two tab stops or more, none of its columns nine digits or
    more: a table's figures ("2024/25<tab>1204<tab>312"), not one number."""
    return (found.count("\t") >= 2 and not found.lstrip("(").startswith(("+", "0"))
            and all(sum(c.isdigit() for c in piece) < 9 for piece in found.split("\t")))


def _ordinal_inward(postcode: str) -> bool:
    """An "inward part" that is an ordinal in lower case: "E1 1st", "A1 2nd" (a floor)."""
    inward = postcode[-3:]
    return _ORDINAL.fullmatch(inward) is not None and inward[1:].islower()


def postcode_hits(text: str) -> list[Hit]:
    """Postcodes whose parts are apart by more than one space or by other separators."""
    return [Hit(POSTCODE, m.start(), m.end()) for m in _POSTCODE_WIDE.finditer(text)
            if m.group(1) != " " and not (_ORDINAL.fullmatch(m.group(2))
                                          and not m.group(2).isupper())]




def titled_hits(text: str, tokens) -> list[Hit]:
    """Names after a title ("Mrs Thornton", "dr patel"); ``tokens``: the text's letter
    tokens, lower case. Not after "miss" the verb (lower case), nor a job, team or day
    ("Nurse Practitioner"), nor a word in lower case after its capital after a two-letter
    title in capitals ("MS Teams", "DR Plan", "MR Scan"; "MR SMITH" is still a name); a
    lower-case word after a title only if it is no English word of five letters or more
    ("dr aware", "480 ms prolonged")."""
    if _TITLE_WORDS.isdisjoint(tokens):
        return []
    return [Hit(TITLED, m.start(), m.end()) for m in _TITLED.finditer(text)
            if _is_name(_POSSESSIVE.sub("", m.group(1))) and _titled_name(m)] + [
        Hit(TITLED, m.start(), m.end()) for m in _TITLED_LOWER.finditer(text)
        if _is_name(_POSSESSIVE.sub("", m.group(1))) and m.group(1) not in _NOT_NAMES
        and not _english(_POSSESSIVE.sub("", m.group(1)))]


def _titled_name(match: re.Match) -> bool:
    """Whether a title and the capitalised word after it (``_TITLED``) read as a name."""
    title = _LETTERS_AT_START.match(match.group(0)).group()
    word = _POSSESSIVE.sub("", match.group(1))
    if title == "miss" or word.lower() in _NOT_AFTER_TITLE:
        return False
    return not (len(title) == 2 and title.isupper() and word[1:].islower())


_LETTERS_AT_START = fixed(r"[A-Za-z]+")


def _english(word: str) -> bool:
    from actionplan_gen.verify.english import is_word
    return is_word(word.lower())


def _spoken_digits(run: str) -> int:
    """How many digits a run of spoken digits stands for ("double seven" is two)."""
    count, repeat = 0, 1
    for word in re.findall(r"[a-z]+|\d+", run.lower()):
        if word in ("double", "treble", "triple"):
            repeat = 2 if word == "double" else 3
            continue
        count += repeat * (len(word) if word.isdigit() else 1)
        repeat = 1
    return count


def _is_name(word: str) -> bool:
    """Two letters or more, and not another title ("Mr A and Mrs A Mrs B")."""
    return sum(c.isalpha() for c in word) >= 2 and word.lower() not in _TITLE_WORDS


def guids(text: str) -> list[tuple[int, int]]:
    """Spans of GUIDs: hex identifiers Word writes, whose digits are not a number."""
    return [m.span() for m in _GUID.finditer(text)]
