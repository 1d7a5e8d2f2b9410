"""Identifiers found by pattern, whether or not the plan registers them.

NHS numbers and Northern Ireland Health and Care numbers pass the modulus 11
check; CHI numbers start with a real date and pass modulus 11 (or the newer
modulus 10). These run before the telephone pattern, which would match them too.
"""

from __future__ import annotations

import datetime as dt
import re

from actionplan_gen.records import record
from actionplan_gen.regexes import fixed

NHS_NUMBER = "NHS number"
HC_NUMBER = "Health and Care number"
CHI_NUMBER = "CHI number"
NI_NUMBER = "National Insurance number"
POSTCODE = "postcode"
PHONE = "telephone number"
EMAIL = "email address"
BIRTH_DATE = "date of birth"
LOCAL_ID = "local identifier"
HOSPITAL_NUMBER = "hospital or client number"
REGISTRATION = "professional registration number"
NUMBER_IN_WORDS = "number written in words"

# Ten digits in any grouping, joined by one space, dot, dash, slash or underscore
# ("943.476.5919", "9434 765 919", "943_476_5919"; middle dots are folded to dots), or in
# the 3-3-4 and 6-4 shapes with any separators, spaced or not, alike or mixed ("943 - 476 -
# 5919", "943, 476, 5919", "943 / 476-5919"; tabs, runs of spaces, no-break and thin spaces
# are folded to one space): the checksum, not the grouping, says whether it is an NHS number.
_GROUP_GAP = r"(?: ?[^\w\s] ?| )"
# (A digit first, then the look-behind: the search skips to digits; "\d(?<!\d\d)" is
# "(?<!\d)\d".)
_TEN_DIGITS = fixed(rf"\d(?<!\d\d)(?:(?:[ .\-/_]?\d){{9}}|\d\d{_GROUP_GAP}\d{{3}}"
                    rf"{_GROUP_GAP}\d{{4}}|\d{{5}}{_GROUP_GAP}\d{{4}})(?![\d])")
# The same shapes with a letter typed for a digit ("943 476 59l9", "9O3 476 5919": O for 0,
# l or I for 1), as a whole word: an NHS number when, read as digits, it passes the checks
# (``_misread``: seven digits at least, three letters at most).
_DIGITISH = r"[\doli]"
_TEN_TYPED = fixed(rf"{_DIGITISH}(?<!\w{_DIGITISH})(?:(?:[ .\-/_]?{_DIGITISH}){{9}}"
                   rf"|{_DIGITISH}{{2}}{_GROUP_GAP}{_DIGITISH}{{3}}{_GROUP_GAP}{_DIGITISH}{{4}}"
                   rf"|{_DIGITISH}{{5}}{_GROUP_GAP}{_DIGITISH}{{4}})(?![\w])")
_TYPED_DIGITS = str.maketrans("oli", "011")
# HMRC prefixes (and the specimen QQ), six digits in any grouping, the suffix letter optional.
_NINO = fixed(r"(?<![a-z0-9])(?:[a-ceghj-pr-tw-z][a-ceghj-npr-tw-z]|qq)(?:[ .\-_]?\d){6}"
              r"(?:[ .\-_]?[a-d])?(?![a-z0-9])")
# Inward letters never include C, I, K, M, O or V: "vitamin B12 1mg" is not a postcode. The
# two halves are parted by a space (tabs, runs of spaces, no-break and thin spaces fold to
# one), by nothing, or by a dot, comma, slash or dash, spaced or not ("NS3.9QT", "NS3 - 9QT");
# after a punctuation mark, never by an ordinal ("Room A1, 2nd floor" is no postcode).
_POSTCODE = fixed(r"(?<![a-z0-9])(?:gir ?0aa|[a-pr-uwyz][a-hk-y]?\d[a-z\d]?"
                  r"(?: ?[.,/\-] ?(?!\d(?:st|nd|rd|th)(?![a-z0-9]))| ?)\d"
                  r"[abd-hjlnp-uw-z]{2})(?![a-z0-9])")
# Every UK written form: brackets round the code, dots or dashes between groups, +44- and
# +44 (0).
_PHONE = fixed(r"(?<![\d+])(?:\+44[ .\-]?(?:\(0\)[ .\-]?)?|0044[ .\-]?|\(?0)"
               r"(?:\d(?:\) ?|[ .\-_])?){8,9}\d(?!\d)")
_LOCAL_PART = r"[a-z0-9._%+'-]+"
_DOT_WORD = r"(?: ?[(\[{] ?dot ?[)\]}] ?| dot )"
# Also written out to dodge spam filters: "margaret at example dot com", "margaret @ example . com".
_EMAIL = fixed(rf"{_LOCAL_PART}@[a-z0-9-]+(?:(?:\.|{_DOT_WORD})[a-z0-9-]+)+"
               rf"|{_LOCAL_PART} @ [a-z0-9-]+(?: ?\. ?[a-z0-9-]+|{_DOT_WORD}[a-z0-9-]+)+"
               rf"|{_LOCAL_PART}(?: ?[(\[{{] ?at ?[)\]}}] ?| at )[a-z0-9-]+"
               rf"(?:{_DOT_WORD}[a-z0-9-]+)+")
# _EMAIL's starts but those inside a local part: every form reads the local part to its end
# (a character of none follows it: "@", a space or a bracket), so a match from inside a run
# of its characters holds the rest of the run and goes on as one from the run's start would
# (``_leftmost``).
_EMAIL_FIRST = fixed(rf"(?<![a-z0-9._%+'-])(?:{_EMAIL.pattern})")
# "x@examplecom": an address with its dot left out is still an address (found from its "@",
# then back over its local part).
_AT_DOMAIN = fixed(r"@ ?[a-z][a-z0-9-]+")
_LOCAL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789._%+'-")
_MONTHS = ("jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
           "sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
_NOT_DIGIT = fixed(r"\D")
# Day, month and year as people write them: "14-Feb-1939", "14 Feb. 1939", "February 14, 1939".
# The day in words too: "the fourteenth of February 1939", "twenty-first May 1940".
_ORDINALS = ("first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|"
             "twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|"
             "nineteenth|twentieth|thirtieth")
_DAY = (rf"(?:\d{{1,2}}(?:st|nd|rd|th)?|(?:(?:twenty|thirty)[ -]?)?(?:{_ORDINALS})"
        rf"|(?:twenty|thirty)[ -]?one)")
# The year in four digits or two, these with an apostrophe or not ("12 Jun '39").
_YEAR = r"(?:\d{4}|'?\d{2})(?!\d)"
# A month in Roman numerals between separators ("12/VI/1939", "12.vi.39").
_ROMAN = r"(?:i{1,3}|iv|vi{0,3}|ix|xi{0,2})"
_DAY_ORDER = r"(?:0[1-9]|[12]\d|3[01])"
_MONTH_ORDER = r"(?:0[1-9]|1[0-2])"
_DATE = (rf"(?:\d{{1,2}}[/.\-]\d{{1,2}}[/.\-]'?(?:\d{{4}}|\d{{2}})(?!\d)|"
         rf"\d{{4}}[/.\-]\d{{1,2}}[/.\-]\d{{1,2}}(?!\d)|"
         rf"(?<![a-z\d]){_DAY}(?: day)?[ \-./]*(?:of )?(?:{_MONTHS})\.?[ \-./,]*{_YEAR}|"
         rf"(?<![a-z])(?:{_MONTHS})\.?,? (?:the )?{_DAY},? {_YEAR}|"
         rf"(?<![a-z\d])\d{{1,2}}(?:st|nd|rd|th)?[ /.\-]+{_ROMAN}[ /.\-]+{_YEAR}|"
         # eight digits that read as a date, day first or year first ("12061939")
         rf"(?<!\d){_DAY_ORDER}{_MONTH_ORDER}(?:1[89]|20)\d\d(?!\d)|"
         rf"(?<!\d)(?:1[89]|20)\d\d{_MONTH_ORDER}{_DAY_ORDER}(?!\d))")
# A hospital or social-care number has no national format, but it is written after a label.
# Record systems' names are labels too ("RiO ID 1234567", "EPR number: ...", "PAS no ...").
_RECORD_SYSTEMS = ("rio", "epr", "systmone", "emis", "lorenzo", "cerner", "pas")
_LABELLED = fixed(r"\b(?:hosp(?:ital)?\.?|unit|patient|client|mosaic|case ?file|"
                  rf"{'|'.join(_RECORD_SYSTEMS)})(?: (?:no\.?|number|id))|\b(?:mrn|crn)\b"
                  r"|\brm ?no\.?")
# A record system's name right before a number of six digits or more ("RiO: 1234567"); not a
# year ("Rio 2016").
_SYSTEM_NUMBER = fixed(rf"\b(?:{'|'.join(_RECORD_SYSTEMS)})[\s:#]*(\d{{6,12}})(?![a-z0-9])")
_LABELLED_VALUE = fixed(r"[\s:.#]*(?:(?:is|was|of) )?([a-z]{0,4}\d[a-z0-9/-]{3,14})")
# Staff are shown by role, so their registration numbers must go too.
_REGISTRATION = fixed(r"\b(?:gmc|gphc)(?: (?:no\.?|number|reference))?[\s:.#]*\d{7}\b|"
                      r"\bhcpc(?: (?:no\.?|number|registration))?[\s:.#]*[a-z]{2} ?\d{5,6}\b|"
                      r"(?<![a-z0-9])\d{2}[a-z]\d{4}[a-z](?![a-z0-9])")
# A date up to 80 characters past a label ("Birth date:", "born", "Birthday", "D/O/B",
# "Date of birth (as held on the patient administration system):"), as the verifier reads.
BIRTH_LABEL = (r"(?<![a-z])(?:born|birth ?date|birth[a-z]*|dob|d[ ./_-]{1,2}o[ ./_-]{1,2}b\.?"
               r"|date of birth)(?![a-z])")
# "b. 12 June 1939": the abbreviation only right before its date (an "(b)" or "b." of a list
# elsewhere in the text is no label).
_BIRTH = fixed(rf"{BIRTH_LABEL}.{{0,80}}?({_DATE})")
# (Its "b." first, then the look-behind: the search skips to the letter b.)
_BORN_ABBREVIATED = fixed(rf"b\.(?<![\w.]b\.) ?({_DATE})")
# A month and a year with no day ("June 1939", "Jun. '39", "06/1939") only right after the
# label ("born June 1939", "born in June 1939", "DOB: 06/1939", "b. March 1939"), never past
# a full stop ("after the birth. In June 2026 ...").
_MONTH_YEAR = (rf"(?<![a-z\d])(?:{_MONTHS})\.?,? (?:\d{{4}}|'\d{{2}})(?!\d)"
               r"|(?<![\d/.\-])(?:0?[1-9]|1[0-2])[/.\-](?:1[89]|20)\d\d(?![\d/.\-])")
_BIRTH_MONTH = fixed(rf"{BIRTH_LABEL}[ :,(\-]*(?:(?:in|on) )?({_MONTH_YEAR})")
_BORN_MONTH_ABBREVIATED = fixed(rf"b\.(?<![\w.]b\.) ?({_MONTH_YEAR})")


# A telephone or NHS number read out: "oh seven seven oh oh nine...", "nine four three...".
_DIGIT_WORD = r"(?:zero|oh|nought|nil|one|two|three|four|five|six|seven|eight|nine|double|treble|" \
              r"triple|\d+)"
_SPOKEN_BODY = rf"{_DIGIT_WORD}(?:[ ,.\-]+{_DIGIT_WORD}){{7,}}(?![a-z])"
_SPOKEN = fixed(rf"(?<![a-z]){_SPOKEN_BODY}")
# _SPOKEN's starts but a digit after a digit that is itself a start (not after a letter):
# from inside a run of digits a match reads the rest of the run as its first number (a
# separator must follow it) and goes on from the run's end, as from the run's first start,
# so the later starts of a run match only if its first does (``_leftmost``).
_SPOKEN_FIRST = fixed(rf"(?<![a-z])(?!(?<=\d)(?<![a-z]\d)\d){_SPOKEN_BODY}")
_WORDS_OR_DIGITS = fixed(r"[a-z]+|\d+")


def _spoken_digits(run: str) -> int:
    """How many digits a number read out stands for ("double seven" is two); 0 when fewer
    than three of its words are words (a list of numerals, "paragraphs 101, 102, 103...", is
    not a number read out)."""
    words = _WORDS_OR_DIGITS.findall(run)
    if sum(word.isalpha() for word in words) < 3:
        return 0
    count, repeat = 0, 1
    for word in words:
        if word in ("double", "treble", "triple"):
            repeat = 2 if word == "double" else 3
            continue
        count += repeat * (len(word) if word.isdigit() else 1)
        repeat = 1
    return count


# An address not registered: a house number and up to three words before a street word.
# The words must be capitalised in the original; the caller checks (folded text is lower case).
_STREET_SHORT = "rd|st|ln|cl|ave|dr|ct|pl"
_STREET_WORDS = ("road|street|lane|crescent|way|close|avenue|drive|court|gardens|place|terrace|"
                 "grove|mews|row|walk|square|hill|rise|view|park|approach|parade|quay|wharf")
STREET = fixed(
    r"(?<![\w])\d{1,4}[a-z]?,? (?P<words>(?:[a-z][a-z'-]* ){1,3})"
    rf"(?:(?:{_STREET_SHORT})(?![a-z])\.?|(?:{_STREET_WORDS})(?![a-z]))")
# What every match of STREET holds: a street word after a space (a quick search first).
STREET_WORD = fixed(rf" (?:{_STREET_SHORT}|{_STREET_WORDS})(?![a-z])")
FLAT = fixed(r"(?<![a-z])flat \d+[a-z]?(?![\w%])")
# A postcode typed with its space one place late ("NS39 QT" for NS3 9QT): an area of two
# letters (not a road, "A12 NB"); the caller checks that it is written in capitals ("the M25
# at night" is no postcode).
POSTCODE_MOVED = fixed(r"(?<![a-z0-9])[a-pr-uwyz][a-hk-y]\d[a-z\d]?\d [abd-hjlnp-uw-z]{2}"
                       r"(?![a-z0-9])")
MOVED_INWARD = fixed(r"\d [abd-hjlnp-uw-z]{2}(?![a-z0-9])")  # what every match of it holds


@record
class Hit:
    start: int
    end: int
    kind: str


def mod11_ok(digits: str) -> bool:
    total = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9]))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def _mod10_ok(digits: str) -> bool:
    total = 0
    for i, d in enumerate(reversed(digits[:9])):
        value = int(d) * (2 if i % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return (10 - total % 10) % 10 == int(digits[9])


def _chi_date_ok(digits: str) -> bool:
    """CHI numbers start with the date of birth, DDMMYY (010100 to 311299)."""
    try:
        dt.date(2000 + int(digits[4:6]), int(digits[2:4]), int(digits[0:2]))
        return True
    except ValueError:
        return False


def _misread(found: str) -> str | None:
    """The kind of a ten-digit number with one to three letters typed for digits ("59l9"),
    read as the digits they stand for; None when it is not one (seven digits at least)."""
    letters = sum(char in "oli" for char in found)
    if not 1 <= letters <= 3:
        return None
    number = _NOT_DIGIT.sub("", found.translate(_TYPED_DIGITS))
    if _chi_date_ok(number):
        return CHI_NUMBER if mod11_ok(number) or _mod10_ok(number) else None
    if mod11_ok(number):
        return HC_NUMBER if 320 <= int(number[:3]) <= 399 else NHS_NUMBER
    return None


def _leftmost(pattern: re.Pattern, first: re.Pattern, text: str):
    """``pattern.finditer(text)`` for a pattern whose matches are never empty, in time linear
    in a run where many starts read the same characters to fail alike: ``first`` is the
    pattern read only at the first start of each such run, since a later start of the run
    matches only if the first does. The first search reads from the text's start, each later
    one from where the last match ended (as ``finditer`` does), which may be inside a run:
    that place is tried as it stands, then ``first`` from the next one on."""
    position = 0
    while True:
        found = pattern.match(text, position) or first.search(text, position + 1)
        if found is None:
            return
        yield found
        position = found.end()


def _emails_without_dot(folded: str) -> list[Hit]:
    hits = []
    for m in _AT_DOMAIN.finditer(folded):
        start = m.start() - (folded[m.start() - 1:m.start()] == " ")
        local = start
        while local > 0 and folded[local - 1] in _LOCAL_CHARS:
            local -= 1
        if local < start:
            hits.append(Hit(local, m.end(), EMAIL))
    return hits


# Each pattern is searched only in a text holding what any match of it holds (most texts of a
# document hold few digits and no "@"): ten digits for _TEN_DIGITS, nine for _PHONE, six for
# _NINO, five for _REGISTRATION, one for _POSTCODE ("gir 0aa"), _BIRTH (its dates) and
# _LABELLED (its value), seven for _TEN_TYPED, one and "b." for _BORN_ABBREVIATED; "@", or
# the word "dot" of _EMAIL's written-out form; 15 characters
# for _SPOKEN (eight numbers or number words, seven separators). A pattern
# skipped would have found nothing, and the others' hits keep their order.
DIGIT = fixed(r"\d")  # \d as the patterns read it: any decimal digit
# Beyond those counts, what every match of a pattern holds, looked for first (in a text
# without it, the pattern would find nothing; each is a search that skips ahead to its first
# character, where the pattern, starting with a look-behind, is tried at every place):
# _NINO's six digits; _POSTCODE's inward code ('gir 0aa' too); for a hit of _SPOKEN, three
# number words (``_spoken_digits``), each whole in the text (separators part the words of a
# match, and a letter never stands before its first word or after its last); _BIRTH's label
# ("born", "birth", "dob" or "d.o.b"), as for _BIRTH_MONTH's; _LABELLED's label (a word then
# "no", "number" or "id", or "mrn", "crn", "rm no"); _SYSTEM_NUMBER's system;
# _REGISTRATION's "gmc", "gphc", "hcpc" or shape.
_SIX_DIGITS = fixed(r"\d(?:[ .\-_]?\d){5}")
_INWARD = fixed(r"\d[abd-hjlnp-uw-z]{2}(?![a-z0-9])")
_NUMBER_WORD = fixed(r"(?:z(?<![a-z]z)ero|o(?<![a-z]o)(?:h|ne)|n(?<![a-z]n)(?:ought|il|ine)"
                     r"|t(?<![a-z]t)(?:wo|hree|reble|riple)|f(?<![a-z]f)(?:our|ive)"
                     r"|s(?<![a-z]s)(?:ix|even)|e(?<![a-z]e)ight|d(?<![a-z]d)ouble)(?![a-z])")
_DOB_SPACED = fixed(r"d[ ./_-]{1,2}o[ ./_-]{1,2}b")
_REGISTRATION_SHAPE = fixed(r"\d\d[a-z]\d{4}[a-z]")


def _birth_label(folded: str) -> bool:
    return ("born" in folded or "birth" in folded or "dob" in folded
            or _DOB_SPACED.search(folded) is not None)


def _hospital_label(folded: str) -> bool:  # _LABELLED's words, "no", "number" or "id"
    return ("mrn" in folded or "crn" in folded or "rm no" in folded or "rmno" in folded or (
        (" no" in folded or " number" in folded or " id" in folded) and (
            "hosp" in folded or "unit" in folded or "patient" in folded or "client" in folded
            or "mosaic" in folded or "case" in folded or _record_system(folded))))


def _record_system(folded: str) -> bool:  # a word of _RECORD_SYSTEMS
    return ("rio" in folded or "epr" in folded or "systmone" in folded or "emis" in folded
            or "lorenzo" in folded or "cerner" in folded or "pas" in folded)


def _registration(folded: str) -> bool:
    return ("gmc" in folded or "gphc" in folded or "hcpc" in folded
            or _REGISTRATION_SHAPE.search(folded) is not None)


def find(folded: str, local_patterns: list[re.Pattern] = ()) -> list[Hit]:
    """Every identifier in folded (lower-case) text, longest-first where they overlap."""
    digits = len(DIGIT.findall(folded))
    hits: list[Hit] = []
    for m in _TEN_DIGITS.finditer(folded) if digits >= 10 else ():
        number = _NOT_DIGIT.sub("", m.group())
        if _chi_date_ok(number):
            # CHI's range (a date of birth first): the CHI checks decide
            if mod11_ok(number) or _mod10_ok(number):
                hits.append(Hit(m.start(), m.end(), CHI_NUMBER))
        elif mod11_ok(number):
            kind = HC_NUMBER if 320 <= int(number[:3]) <= 399 else NHS_NUMBER
            hits.append(Hit(m.start(), m.end(), kind))
    for m in _TEN_TYPED.finditer(folded) if digits >= 7 else ():
        kind = _misread(m.group())
        if kind:
            hits.append(Hit(m.start(), m.end(), kind))
    for pattern, kind, possible in ((_NINO, NI_NUMBER,
                                     digits >= 6 and _SIX_DIGITS.search(folded) is not None),
                                    (None, EMAIL, "@" in folded or "dot" in folded),
                                    (_POSTCODE, POSTCODE,
                                     digits >= 1 and _INWARD.search(folded) is not None),
                                    (_PHONE, PHONE, digits >= 9)):
        if possible:
            found = pattern.finditer(folded) if pattern else _leftmost(_EMAIL, _EMAIL_FIRST,
                                                                       folded)
            hits.extend(Hit(m.start(), m.end(), kind) for m in found)
    if "@" in folded:
        hits.extend(_emails_without_dot(folded))
    spoken = len(folded) >= 15 and len(_NUMBER_WORD.findall(folded)) >= 3
    for m in _leftmost(_SPOKEN, _SPOKEN_FIRST, folded) if spoken else ():
        if _spoken_digits(m.group()) >= 9:
            phone = m.group().startswith(("0", "oh", "zero", "nought", "nil"))
            hits.append(Hit(m.start(), m.end(), PHONE if phone else NUMBER_IN_WORDS))
    labelled = digits and _birth_label(folded)
    for m in _BIRTH.finditer(folded) if labelled else ():
        hits.append(Hit(m.start(1), m.end(1), BIRTH_DATE))
    for m in _BORN_ABBREVIATED.finditer(folded) if digits and "b." in folded else ():
        hits.append(Hit(m.start(1), m.end(1), BIRTH_DATE))
    for m in _BIRTH_MONTH.finditer(folded) if labelled and digits >= 2 else ():
        hits.append(Hit(m.start(1), m.end(1), BIRTH_DATE))
    for m in (_BORN_MONTH_ABBREVIATED.finditer(folded) if digits >= 2 and "b." in folded
              else ()):
        hits.append(Hit(m.start(1), m.end(1), BIRTH_DATE))
    for m in _LABELLED.finditer(folded) if digits and _hospital_label(folded) else ():
        value = _LABELLED_VALUE.match(folded, m.end())
        if value:
            hits.append(Hit(value.start(1), value.end(1), HOSPITAL_NUMBER))
    for m in _SYSTEM_NUMBER.finditer(folded) if digits >= 6 and _record_system(folded) else ():
        hits.append(Hit(m.start(1), m.end(1), HOSPITAL_NUMBER))
    if digits >= 5 and _registration(folded):
        hits.extend(Hit(m.start(), m.end(), REGISTRATION) for m in _REGISTRATION.finditer(folded))
    for pattern in local_patterns:
        hits.extend(Hit(m.start(), m.end(), LOCAL_ID) for m in pattern.finditer(folded)
                    if m.end() > m.start())
    return hits
