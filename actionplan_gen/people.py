"""Titles and the shape of a titled name, shared by validation and redaction.

A name written after a title ("Mr O'Brien", "Dr de Souza", "Sister Jones") is a
person whoever they are: validation warns when the plan does not list them, and
the redactor's scan refuses a pack that still shows one.
"""

from __future__ import annotations

import re

from actionplan_gen.regexes import fixed

TITLES = ["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lady",
          "lord", "rev", "revd", "sister", "nurse", "matron"]
# Kinds of people shown by pseudonym ("Mrs A") rather than by role.
PSEUDONYMISED = ("complainant", "patient", "relative", "representative")

_PARTICLES = r"(?:(?:de|del|della|di|da|du|van|von|der|den|le|la|st\.?)\s+)*"
# Case-insensitive, so it also runs on folded text: callers check that the name itself is
# capitalised in the original, since "the nurse said" names nobody.
TITLED_NAME = fixed(
    r"(?<![\w])(?P<title>" + "|".join(TITLES) + r")\.?[ \u00a0]+"
    r"(?P<name>" + _PARTICLES + r"[^\W\d_](?:[^\W\d_]|['\u2019](?!s(?![^\W\d_]))(?=[^\W\d_]))+"
    r"(?:-[^\W\d_]+)*)", re.IGNORECASE)


# Words that follow a title in job names ("Clinical Nurse Specialist", "Sister Ward"):
# they make a role, not a person.
_ROLE_WORDS = {"specialist", "specialists", "practitioner", "practitioners", "manager",
               "consultant", "lead", "leads", "associate", "associates", "educator", "director",
               "assistant", "advisor", "adviser", "team", "staff", "station", "ward", "unit",
               "in", "of", "for", "and", "on", "at", "to", "with", "training", "led", "prescriber",
               "champion", "champions", "band", "bank", "agency", "rota", "handover", "notes"}


def names_a_person(name: str) -> bool:
    """Whether the words after a title, as written, are a person's name: capitalised and
    not a job word ("Nurse Specialist" is a role)."""
    surname = name.split()[-1]  # after any particles: "de Souza", "van der Berg"
    return surname[:1].isupper() and surname.casefold() not in _ROLE_WORDS


def titled_names(text: str):
    """Each 'Mr Jones'-shaped match in ``text`` that names a person."""
    return (m for m in TITLED_NAME.finditer(text) if names_a_person(m.group("name")))


def name_words(name: str) -> list[str]:
    """'Zoë O'Brien-Hughes' -> ['Zoë', 'O', 'Brien', 'Hughes']: the words a name is made of."""
    return [w for w in re.split(r"[\s'\u2019-]+", name) if w]
