"""The commented starting plan written by ``apgen init``; it validates as written."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from actionplan_gen.ombudsmen import bodies, profile

# The schema copy beside the plans that the first line of every new plan points at: a
# path into the installed package would break whenever the environment is rebuilt.
SCHEMA_FILE = "action-plan.schema.json"

_SCAFFOLD = """\
# yaml-language-server: $schema={schema}
#
# Action plan for {organisation}.
# Fill in each section by following its comments, then run:
#   apgen validate {filename}   (is it well formed?)
#   apgen check {filename}      (does it answer the ombudsman's ten questions?)
#   apgen build {filename}      (the Word action plan and checklist)
# Dates are written YYYY-MM-DD. Text with a colon followed by a space, or starting
# with a quote, goes in quotes. Names of people go only under 'people'.
# A '#' starts a comment, so text containing ' #' goes in quotes.
schema_version: 1

plan:
  version: "0.1"            # raise it each time you send a new version
  status: draft             # draft | submitted | accepted | in_progress | closed
  prepared_on: {today}
  # submit_by: {today}      # the date agreed with the ombudsman

ombudsman:
  body: {body}              # {bodies}
  case_references: [{case}]   # as on the {decision}
  final_report_date: {today}   # the date of the {decision}
  # final_report_file: reports/final-report.docx   # needed for the regulator pack
  # recommendations:        # copy the {decision}'s recommendations so actions can refer to them
  # ({categories})
  #   - {{id: R1, report_paragraph: "112", text: "..."}}

organisation:
  name: {organisation_yaml}
  address:
    lines: [First line of address, Town]
    postcode: AB1 2CD
  contact: {{team: Complaints Team}}

people:                     # everyone named in the plan or the report, once
  - id: complainant
    name: Forename Surname  # the complainant's full name, as in the report
    title: Mrs              # Mr | Mrs | Ms | Miss | Mx | Dr | Prof, or leave out
    kind: complainant       # complainant | patient | relative | representative | staff | external
  - id: lead
    name: Forename Surname  # their full name
    kind: staff
    role: Complaints Manager  # staff are shown by role in the regulator copy

parties:                    # everyone the {decision} lists as getting a copy
  - id: p-complainant
    person: complainant
    kind: complainant
    # plan_sent_on: {today}
    updates: {{frequency: monthly, method: letter}}
  # - id: p-regulator         # {regulator_note}
  #   organisation: {regulator}
  #   kind: regulator

complainant_involvement:
  involved: true            # if false, give reason_not_involved instead of how
  how: Describe how the complainant was involved in preparing this plan.

failings:                   # every failing the report found, complaint handling included
  - id: F1
    report_paragraph: "1"
    category: complaint_handling   # clinical_care | communication | record_keeping | administration | complaint_handling | other
    summary: Describe the failing the report found, in one or two sentences.
    # root_cause: Why it happened.

actions:                    # at least one action for every failing
  - id: A1
    failings: [F1]
    description: Describe what will be done to stop the failing happening again.
    owner: {{person: lead}}   # a person from people, and/or {{team: ...}}
    start_date: {today}
    target_date: {today}
    status: planned         # planned | in_progress | at_risk | complete | assured
    standards:              # `apgen standards` lists the built-in ids
      - id: {standard}
        how: Say how the action meets this standard.
    review: {{due: {today}, by: Complaints Committee, method: How the action will be checked.}}
    monitoring:
      method: What will be monitored, and how.
      frequency: monthly
      reported_to: Quality Committee
    impact:
      - {{measure: What will show the action worked, baseline: Today's figure, target: The aim, source: Where the figures come from}}

plan_review: {{date: {today}, by: Quality Committee}}
{own_standards}
# sufficiency:              # record who judged the actions sufficient, once they have
#   statement: ...
#   attested_by: lead
#   on: {today}
"""


def scaffold(filename: str, schema_ref: str, organisation: str, body: str,
             today: dt.date | None = None) -> str:
    """The starting plan's text, in the terms of ``body``'s profile (profiles/)."""
    ombudsman = profile(body)
    own = "" if ombudsman.involves("PHSO") else (
        "\nstandards:                  # standards of your own that actions cite\n"
        "  - id: local.complaints-policy\n"
        "    title: Your complaints policy, with its version\n"
        f"    publisher: {json.dumps(organisation, ensure_ascii=False)}\n")
    regulator = ombudsman.regulators[0]
    return _SCAFFOLD.format(schema=schema_ref, organisation=organisation, body=body,
                            bodies=" | ".join(bodies()), decision=ombudsman.decision,
                            case=json.dumps(ombudsman.case_reference_example),
                            categories="its recommendations are: " + "; ".join(
                                c.label.lower() for c in ombudsman.categories),
                            regulator=regulator.name,
                            regulator_note=f"usually, for {regulator.scope}",
                            standard="phso.pgch" if ombudsman.involves("PHSO")
                            else "local.complaints-policy", own_standards=own,
                            organisation_yaml=json.dumps(organisation, ensure_ascii=False),
                            filename=filename, today=(today or dt.date.today()).isoformat())


def write_starting_plan(target: Path, organisation: str, body: str) -> bool:
    """Write the starting plan (never over an existing file) and, when it is not there
    yet, the schema copy its first line names. Returns whether the schema was written."""
    from actionplan_gen.atomic import atomic_write
    from actionplan_gen.resources import schema_path

    text = scaffold(target.name, SCHEMA_FILE, organisation, body)
    atomic_write(target, text.encode("utf-8"), exclusive=True)
    schema_copy = target.parent / SCHEMA_FILE
    if schema_copy.exists():
        return False
    atomic_write(schema_copy, schema_path().read_bytes(), exclusive=True)
    return True
