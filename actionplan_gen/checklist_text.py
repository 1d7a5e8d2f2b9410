"""The checklist as terminal text: a readable table, status in words with a symbol.

Unlike the checklist sheet, this is for the plan's author at the keyboard, so it
adds the file's line numbers and the advice on action wording.
"""

from __future__ import annotations

import datetime as dt
import textwrap

from actionplan_gen.checklist import STATUSES, SYMBOL, Result
from actionplan_gen.model import Plan
from actionplan_gen.progress import STAGE_WORDS
from actionplan_gen.wording import long_date

_WIDTH = 100


def checklist_text(path: str, plan: Plan, result: Result, today: dt.date) -> str:
    """The answers as at ``today``, what is overdue then, and advice located by line."""
    lines = [f"{path}: {plan.organisation.name}, case {', '.join(plan.case_references)}, "
             f"plan version {plan.version}",
             f"  As at {long_date(today)} the plan is {STAGE_WORDS[result.stage]}."]
    for a in result.answers:
        status = f"{SYMBOL[a.status]} {a.status}"
        lines.append(f"  {a.number:>2}. {status:<20} {a.question}")
        lines.extend(_wrapped(a.reason, "      "))
        for todo in a.todo:
            lines.extend(_wrapped(f"to do: {todo}", "      "))
        located = [f"{r.id} (line {r.line})" if r.line else r.id for r in a.refs]
        if located:
            lines.extend(_wrapped(f"see: {', '.join(located)}", "      "))
    if result.overdue:
        lines.append(f"  Overdue on {long_date(today)}:")
        for o in result.overdue:
            where = f" (line {o.line})" if o.line else ""
            lines.extend(_wrapped(f"{o.text}{where}", "      "))
    if result.advice:
        lines.append("  Advice on wording (never a failure):")
        for advice in result.advice:
            lines.extend(_wrapped(f"{path}:{advice.line}: {advice.text}", "      "))
    summary = ", ".join(f"{result.count(s)} {s}" for s in STATUSES)
    lines.append(f"  Result: {summary}")
    return "\n".join(lines)


def _wrapped(text: str, indent: str) -> list[str]:
    """Wrapped at spaces only, so a file path or a date range is never split."""
    return textwrap.wrap(text, _WIDTH, initial_indent=indent, subsequent_indent=indent + "  ",
                         break_long_words=False, break_on_hyphens=False)
