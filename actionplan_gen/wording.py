"""How plan values are said: en-GB dates, statuses in words, lists, multi-line text.

Shared by the checklist, the documents and redaction, so each says a value the same way.
"""

from __future__ import annotations

import calendar
import datetime as dt

NOT_RECORDED = "Not yet recorded"

# Statuses that count as done: "assured" is complete and independently checked.
COMPLETE_STATUSES = ("complete", "assured")
ACTION_STATUS = {
    "planned": "Planned",
    "in_progress": "In progress",
    "at_risk": "At risk of delay",
    "complete": "Complete",
    "assured": "Complete and independently assured",
}
PLAN_STATUS = {
    "draft": "draft",
    "submitted": "submitted to the ombudsman",
    "accepted": "accepted by the ombudsman",
    "in_progress": "being carried out",
    "closed": "closed",
}
CATEGORY = {
    "clinical_care": "Clinical care",
    "communication": "Communication",
    "record_keeping": "Record keeping",
    "administration": "Administration",
    "complaint_handling": "Complaint handling",
    "other": "Other",
}
# The ombudsman's name, and what it calls its decision, come from its profile
# (profiles/<body>.json, read by ombudsmen.profile).
PARTY_KIND = {
    "complainant": "Complainant",
    "organisation": "Organisation",
    "commissioner": "Commissioner",
    "regulator": "Regulator",
    "professional_regulator": "Professional regulator",
    "mp": "Member of Parliament",
    "government_department": "Government department",
    "other": "Other",
}

# docxtpl turns these into a new paragraph (keeping the template's paragraph
# style) and a line break. A plan cannot contain \a itself: the loader refuses it.
PARAGRAPH_BREAK = "\a"
LINE_BREAK = "\n"
BULLET = "\u2022\u00a0\u00a0"


def long_date(value: dt.date | None, missing: str = NOT_RECORDED) -> str:
    """2027-03-01 -> '1 March 2027'; a month-only date (Month) -> 'March 2027'."""
    if not value:
        return missing
    return f"{value:%B %Y}" if getattr(value, "month_only", False) else \
        f"{value.day} {value:%B %Y}"


class Month(dt.date):
    """A date known only to its month ('2027-04'): held as the month's last day, so every
    comparison (progress, checklist, calendar) judges it at the month's end. It says the
    month only: isoformat() is '2027-04', and wording.long_date gives 'April 2027'."""

    month_only = True

    def isoformat(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    __str__ = isoformat

    def __repr__(self) -> str:
        return f"Month({self.year}, {self.month})"

    def __add__(self, other):
        """A day counted from the month's end is an ordinary day, not a month."""
        found = dt.date(self.year, self.month, self.day) + other
        return found

    __radd__ = __add__

    def __sub__(self, other):
        return dt.date(self.year, self.month, self.day) - other


def month_or_date(value: str | None) -> dt.date | None:
    """'2027-04-15' -> that date; '2027-04' -> Month(2027, 4), i.e. 30 April 2027."""
    if not value or len(value) != 7:
        return dt.date.fromisoformat(value) if value else None
    year, month = int(value[:4]), int(value[5:])
    last = calendar.monthrange(year, month)[1]
    return Month(year, month, last)


def or_missing(value: str | None) -> str:
    return value if value and value.strip() else NOT_RECORDED


def paragraphs(text: str | None, missing: str = NOT_RECORDED) -> str:
    """Multi-line plan text as document text: a blank line starts a new paragraph, a
    single newline is a line break, and lines starting '- ' become bulleted paragraphs."""
    if not text or not text.strip():
        return missing
    blocks: list[str] = []
    for block in text.strip().split("\n\n"):
        lines = [line.rstrip() for line in block.strip("\n").split("\n") if line.strip()]
        current: list[str] = []
        for line in lines:
            if line.lstrip().startswith("- "):
                if current:
                    blocks.append(LINE_BREAK.join(current))
                    current = []
                blocks.append(BULLET + line.lstrip()[2:].strip())
            else:
                current.append(line.strip())
        if current:
            blocks.append(LINE_BREAK.join(current))
    return PARAGRAPH_BREAK.join(blocks)


def join_paragraphs(items: list[str], missing: str = NOT_RECORDED) -> str:
    return PARAGRAPH_BREAK.join(items) if items else missing


def listing(items, missing: str = NOT_RECORDED) -> str:
    """['A1', 'A2', 'A3'] -> 'A1, A2 and A3'."""
    items = [str(i) for i in items if i]
    if not items:
        return missing
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
