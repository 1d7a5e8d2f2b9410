"""The checklist as terminal text: a readable table, status in words with a symbol."""

from __future__ import annotations

import datetime as dt
import textwrap

from actionplan_gen.checklist import CONFIRM, MET, NOT_APPLICABLE, NOT_MET, SYMBOL, Result
from actionplan_gen.model import Plan
from actionplan_gen.wording import long_date

_WIDTH = 100


def checklist_text(path: str, plan: Plan, result: Result, today: dt.date) -> str:
    lines = [f"{path}: {plan.organisation.name}, case {', '.join(plan.case_references)}, "
             f"plan version {plan.version}"]
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
            lines.append(f"      {o.action} (line {o.line}) was due by {long_date(o.target_date)}")
    summary = ", ".join(f"{result.count(s)} {s}" for s in (MET, NOT_MET, CONFIRM, NOT_APPLICABLE))
    lines.append(f"  Result: {summary}")
    return "\n".join(lines)


def _wrapped(text: str, indent: str) -> list[str]:
    return textwrap.wrap(text, _WIDTH, initial_indent=indent, subsequent_indent=indent + "  ")
