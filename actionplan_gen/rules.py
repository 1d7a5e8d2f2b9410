"""Rules the schema cannot express: ids unique, references resolve, dates in order.

They run on the loaded data even when the schema found problems, skipping
anything of the wrong shape, so one run reports everything it can.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import warnings
from pathlib import Path
from re import _compiler, _parser

from actionplan_gen import standards
from actionplan_gen.errors import WARNING, Problem, format_path
from actionplan_gen.loader import LoadedYaml
from actionplan_gen.paths import PathOutside, inside_plan
from actionplan_gen.people import name_words, titled_names
from actionplan_gen.wording import COMPLETE_STATUSES, month_or_date

_LISTS_WITH_IDS = ["people", "parties", "failings", "actions", "standards",
                   ("ombudsman", "recommendations"), "evidence"]


class _Checker:
    def __init__(self, loaded: LoadedYaml, base_dir: Path):
        self.loaded = loaded
        self.data = loaded.data
        self.base_dir = base_dir
        self.problems: list[Problem] = []

    def report(self, path: tuple, message: str, severity: str = "error", at_key=False) -> None:
        line, col = self.loaded.source_map.locate(path, at_key=at_key)
        self.problems.append(Problem(self.loaded.file, line, col, format_path(path), message,
                                     severity))

    def items(self, *keys) -> list[tuple[tuple, dict]]:
        """(path, item) for each mapping in the list at ``keys``; other shapes are skipped."""
        node = self.get(*keys)
        if not isinstance(node, list):
            return []
        return [(keys + (i,), item) for i, item in enumerate(node) if isinstance(item, dict)]

    def ids(self, *keys) -> set[str]:
        return {item["id"] for _, item in self.items(*keys) if isinstance(item.get("id"), str)}

    def get(self, *keys):
        """The value at ``keys`` (names and list indexes), or None where the shape differs."""
        node = self.data
        for key in keys:
            if isinstance(node, dict):
                node = node.get(key)
            elif isinstance(node, list) and isinstance(key, int) and key < len(node):
                node = node[key]
            else:
                return None
        return node

    def reference(self, path: tuple, value, known: set[str], what: str) -> None:
        if isinstance(value, str) and value not in known:
            listed = ", ".join(sorted(known)) or "none yet"
            self.report(path, f"'{value}' is not {what} in this plan (known: {listed})")


def check(loaded: LoadedYaml, base_dir: Path) -> list[Problem]:
    """All rule problems (errors and warnings) of one loaded plan."""
    checker = _Checker(loaded, base_dir)
    _unique_ids(checker)
    _references(checker)
    _dates(checker)
    _due_dates(checker)
    _progress(checker)
    _stage_dates(checker)
    _people(checker)
    _involvement(checker)
    _patterns(checker)
    _files(checker)
    _unlisted_people(checker)
    _invisible_text(checker)
    return checker.problems


def _unique_ids(c: _Checker) -> None:
    for keys in _LISTS_WITH_IDS:
        keys = keys if isinstance(keys, tuple) else (keys,)
        first: dict[str, int] = {}
        for path, item in c.items(*keys):
            ident = item.get("id")
            if not isinstance(ident, str):
                continue
            if ident in first:
                c.report(path + ("id",), f"the id '{ident}' is already used at line "
                         f"{first[ident]}; give each entry its own id")
            else:
                first[ident] = c.loaded.source_map.locate(path + ("id",))[0]


def _references(c: _Checker) -> None:
    people, parties = c.ids("people"), c.ids("parties")
    failings, recs = c.ids("failings"), c.ids("ombudsman", "recommendations")
    own = {s["id"]: standards.Standard(s["id"], str(s.get("title")))
           for _, s in c.items("standards") if isinstance(s.get("id"), str)}
    for path, action in c.items("actions"):
        for i, ref in enumerate(_as_list(action.get("failings"))):
            c.reference(path + ("failings", i), ref, failings, "a failing")
        for i, ref in enumerate(_as_list(action.get("recommendations"))):
            c.reference(path + ("recommendations", i), ref, recs,
                        "a recommendation (under ombudsman.recommendations)")
        owner = action.get("owner")
        if isinstance(owner, dict):
            c.reference(path + ("owner", "person"), owner.get("person"), people, "a person")
        for i, each in enumerate(owner if isinstance(owner, list) else []):
            if isinstance(each, dict):
                c.reference(path + ("owner", i, "person"), each.get("person"), people,
                            "a person")
        for i, cited in enumerate(_as_list(action.get("standards"))):
            ident = cited.get("id") if isinstance(cited, dict) else None
            if isinstance(ident, str) and standards.resolve(ident, own) is None:
                c.report(path + ("standards", i, "id"),
                         f"'{ident}' is not a standard apgen knows; run `apgen standards` for the "
                         "built-in ids, write NICE guidance as nice.NG27, or add it under "
                         "standards: with its full title")
    for path, party in c.items("parties"):
        c.reference(path + ("person",), party.get("person"), people, "a person")
    for keys in [("sufficiency", "attested_by"), ("regulator_copy", "intruder_review", "by"),
                 ("sign_off", "by")]:
        c.reference(keys, c.get(*keys), people, "a person")
    evidence = c.ids("evidence")
    for path, action in c.items("actions"):
        for i, ref in enumerate(_as_list(action.get("evidence"))):
            c.reference(path + ("evidence", i), ref, evidence, "an evidence id (under evidence:)")
    for path, rec in c.items("ombudsman", "recommendations"):
        compliance = rec.get("compliance")
        cited = compliance.get("evidence") if isinstance(compliance, dict) else None
        for i, ref in enumerate(_as_list(cited)):
            c.reference(path + ("compliance", "evidence", i), ref, evidence,
                        "an evidence id (under evidence:)")
    actions = c.ids("actions")
    for path, update in c.items("updates"):
        for i, ref in enumerate(_as_list(update.get("sent_to"))):
            c.reference(path + ("sent_to", i), ref, parties, "a party")
        for i, ref in enumerate(_as_list(update.get("actions"))):
            c.reference(path + ("actions", i), ref, actions, "an action")


def _dates(c: _Checker) -> None:
    for path, action in c.items("actions"):
        start = _date(action.get("start_date"))
        for key, words in [("target_date", "the target date"),
                           ("completed_on", "the completion date")]:
            other = _date(action.get(key))
            if start and other and other < start:
                c.report(path + (key,), f"{words} {other.isoformat()} is before the start date "
                         f"{start.isoformat()}")
        if action.get("status") in COMPLETE_STATUSES and not action.get("completed_on"):
            c.report(path + ("status",), f"the action is {action['status']}: add completed_on "
                     "with the date it was completed (YYYY-MM if only the month is known)",
                     WARNING)


def _due_dates(c: _Checker) -> None:
    """An action that answers a recommendation should finish by the date the ombudsman set
    for it; otherwise the plan promises what the report did not agree to."""
    due = {rec["id"]: (date, path + ("due_by",))
           for path, rec in c.items("ombudsman", "recommendations")
           if isinstance(rec.get("id"), str) and (date := _date(rec.get("due_by")))}
    for path, action in c.items("actions"):
        target = _date(action.get("target_date"))
        for ref in _as_list(action.get("recommendations")):
            if not target or not isinstance(ref, str) or ref not in due:
                continue
            due_by, due_path = due[ref]
            if target > due_by:
                line = c.loaded.source_map.locate(due_path)[0]
                c.report(path + ("target_date",),
                         f"{action.get('id', 'this action')}'s target date {target.isoformat()} "
                         f"is after {ref}'s due date {due_by.isoformat()} (line {line}); agree a "
                         "later date with the ombudsman or bring the action forward", WARNING)


def _progress(c: _Checker) -> None:
    """A progress entry that moves the target date says why (the letters and the grid show
    the reason beside the new date), and nothing progresses before the action starts."""
    for path, action in c.items("actions"):
        start = _date(action.get("start_date"))
        for entry_path, entry in c.items(*path, "progress"):
            if entry.get("target_date") and not entry.get("reason"):
                c.report(entry_path + ("target_date",), "a new target date needs a reason: add "
                         "reason: saying why the date moved")
            day = _date(entry.get("date"))
            if start and day and day < start:
                c.report(entry_path + ("date",), f"this progress note ({day.isoformat()}) is "
                         f"dated before the action starts ({start.isoformat()})", WARNING)


# The plan's stages in the order they happen: each date on or after the one before it.
_STAGE_ORDER = [(("ombudsman", "final_report_date"), "the {decision}"),
                (("plan", "submitted_on"), "the plan was submitted"),
                (("ombudsman", "accepted_on"), "the ombudsman accepted it")]
# Labels that say the plan has reached a stage whose date the plan must then record.
_STATUS_NEEDS = {"submitted": ("plan", "submitted_on"), "accepted": ("ombudsman", "accepted_on"),
                 "in_progress": ("ombudsman", "accepted_on")}


def _stage_dates(c: _Checker) -> None:
    """Stage dates in the order PHSO's process runs, and a status label that the dates bear
    out: the checklist judges the stage from the dates, so a label they contradict misleads."""
    previous = None
    for keys, words in _STAGE_ORDER:
        words = words.format(decision=_decision(c.get("ombudsman", "body")))
        day = _date(c.get(*keys))
        if day and previous and day < previous[0]:
            c.report(keys, f"{day.isoformat()} is before {previous[1]} ({previous[0].isoformat()});"
                     " check the dates")
        previous = (day, words) if day else previous
    accepted = _date(c.get("ombudsman", "accepted_on"))
    for path, party in c.items("parties"):
        sent = _date(party.get("plan_sent_on"))
        if accepted and sent and sent < accepted:
            c.report(path + ("plan_sent_on",), f"the plan was sent on {sent.isoformat()}, before "
                     f"the ombudsman accepted it on {accepted.isoformat()}", WARNING)
    status = c.get("plan", "status")
    needed = _STATUS_NEEDS.get(status) if isinstance(status, str) else None
    if needed and not c.get(*needed):
        c.report(("plan", "status"), f"the status says '{status}' but {'.'.join(needed)} is not "
                 "recorded; add the date, or correct the status", WARNING)
    if status == "draft" and c.get("plan", "submitted_on"):
        c.report(("plan", "status"), "the status says 'draft' but plan.submitted_on is "
                 "recorded; correct the status", WARNING)


def _decision(body) -> str:
    """What the plan's ombudsman calls its findings ('final report', 'decision' ...)."""
    from actionplan_gen import ombudsmen
    try:
        return ombudsmen.profile(body).decision
    except (KeyError, TypeError):  # the schema has already said the body is unknown
        return "final report"


def _people(c: _Checker) -> None:
    for path, person in c.items("people"):
        if person.get("kind") == "staff" and not person.get("role"):
            c.report(path, "staff need a role (their job title): it replaces their name in "
                     "the regulator copy", at_key=True)


def _involvement(c: _Checker) -> None:
    involvement = c.get("complainant_involvement")
    if isinstance(involvement, dict) and involvement.get("involved") is False \
            and not involvement.get("reason_not_involved"):
        c.report(("complainant_involvement", "involved"),
                 "the complainant was not involved: add reason_not_involved saying why")


MAX_PATTERN_CHARS = 200
MAX_PATTERN_GROUPS = 10
_FIXED_SHAPE = "a local identifier is a fixed shape such as 'RX[0-9]{6}'"
_REPEATS = {_parser.MAX_REPEAT, _parser.MIN_REPEAT, _parser.POSSESSIVE_REPEAT}
_GROUPS = {_parser.SUBPATTERN, _parser.ATOMIC_GROUP, _parser.ASSERT, _parser.ASSERT_NOT}


def _patterns(c: _Checker) -> None:
    """Local identifier patterns run over every text of the pack, so one that backtracks
    without end (a repeated group that itself repeats) would hang the redaction; such shapes
    are refused here, from the parsed pattern, before anything runs them."""
    for i, pattern in enumerate(_as_list(c.get("regulator_copy", "local_id_patterns"))):
        if isinstance(pattern, str):
            fault = pattern_fault(pattern)
            if fault:
                c.report(("regulator_copy", "local_id_patterns", i), f"'{_shown(pattern)}' {fault}")


def pattern_fault(pattern: str) -> str | None:
    """Why ``pattern`` cannot be a local identifier pattern, or None when it can."""
    if len(pattern) > MAX_PATTERN_CHARS:
        return (f"is {len(pattern)} characters long, more than {MAX_PATTERN_CHARS}; "
                f"{_FIXED_SHAPE}: write just that shape")
    try:
        with warnings.catch_warnings():
            # Python warns (once, on stderr) about shapes whose meaning it will change.
            warnings.simplefilter("error")
            tree = _parser.parse(pattern)
            re.compile(pattern)
    except re.error as exc:
        return (f"is not a valid regular expression ({exc.msg}); check brackets and "
                "backslashes, and quote it with single quotes")
    except (RecursionError, OverflowError):
        return ("cannot be used: it nests too deeply or repeats too many times; "
                f"{_FIXED_SHAPE}: write just that shape")
    except Warning as exc:
        return (f"is ambiguous ({str(exc).lower()}); write a literal '[' as '\\[', "
                "and '&&', '--', '~~' or '||' inside [ ] with a backslash before each")
    return _shape_fault(tree, depth=0, repeated=False)


def _shape_fault(items, depth: int, repeated: bool) -> str | None:
    """Walk the parsed pattern; ``repeated`` says an enclosing group repeats."""
    for op, av in items:
        if op in (_parser.GROUPREF, _parser.GROUPREF_EXISTS):
            return (f"refers back to an earlier group (\\1 or (?P=name)); {_FIXED_SHAPE}: "
                    "write the shape out in full instead")
        if op in (_parser.ASSERT, _parser.ASSERT_NOT) and av[0] < 0:
            return (f"looks behind ((?<=...) or (?<!...)); {_FIXED_SHAPE}: write just that "
                    "shape, without the look-behind")
        inner_depth = depth + (op in _GROUPS)
        if inner_depth > MAX_PATTERN_GROUPS:
            return (f"nests groups more than {MAX_PATTERN_GROUPS} deep; {_FIXED_SHAPE}: "
                    "write just that shape")
        if op in _REPEATS and av[0] != av[1] and repeated:
            return ("repeats a group that itself repeats, which can take hours on some text; "
                    f"{_FIXED_SHAPE}: write it without a repeated group")
        for sub in _children(op, av):
            fault = _shape_fault(sub, inner_depth,
                                 repeated or (op in _REPEATS and av[1] > 1))
            if fault:
                return fault
    if _competing_repeats(items):
        return ("has two repeats that can take the same characters with nothing between them "
                "that only one can take (as in '\\d+-?\\d+'), which can take hours on some text; "
                f"{_FIXED_SHAPE}: give each part its own characters or a fixed count")
    return None


def _competing_repeats(items) -> bool:
    """True when a variable-length part follows another that could take the same characters
    with nothing in between that the first cannot take: every split between the two is then
    tried before a match fails, for each starting point ('\\d+\\d+x' on a run of digits)."""
    running: list[frozenset] = []
    for item in items:
        low, high = _parser.SubPattern(items.state, [item]).getwidth()
        chars = _chars(item, items.state)
        if low != high:
            if any(chars & earlier for earlier in running):
                return True
            running.append(chars)
        elif low > 0:
            running = [earlier for earlier in running if earlier & chars]
    return False


_SINGLE_CHAR = {_parser.LITERAL, _parser.NOT_LITERAL, _parser.IN, _parser.ANY}
_UNIVERSE = [chr(code) for code in range(256)]


def _chars(item, state) -> frozenset:
    """The Latin-1 characters one parsed item can take (case-insensitively, as the redaction
    runs it); for a group, those of everything inside it."""
    op, av = item
    if op in _SINGLE_CHAR:
        one = _compiler.compile(_parser.SubPattern(state, [item]), re.IGNORECASE)
        return frozenset(c for c in _UNIVERSE if one.fullmatch(c))
    return frozenset().union(*(_chars(inner, state) for sub in _children(op, av)
                               for inner in sub))


def _children(op, av) -> list:
    """The sub-patterns inside one parsed item (none for a literal or a character class)."""
    if op in _REPEATS:
        return [av[2]]
    if op == _parser.SUBPATTERN:
        return [av[3]]
    if op in (_parser.ASSERT, _parser.ASSERT_NOT):
        return [av[1]]
    if op == _parser.ATOMIC_GROUP:
        return [av]
    if op == _parser.BRANCH:
        return list(av[1])
    return []


def _shown(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def _files(c: _Checker) -> None:
    """Files a plan names stay inside its repository (an error otherwise); a file not
    there yet is a warning, since a plan is drafted before its evidence exists."""
    _file(c, ("ombudsman", "final_report_file"), c.get("ombudsman", "final_report_file"),
          "the file")
    for path, item in c.items("evidence"):
        _file(c, path + ("file",), item.get("file"), "the evidence file")
    for path, action in c.items("actions"):
        for i, item in enumerate(_as_list(action.get("evidence"))):
            ref = item.get("ref") if isinstance(item, dict) else None
            if looks_like_file(ref) or _climbs(ref):
                _file(c, path + ("evidence", i, "ref"), ref, "the evidence file")


def _climbs(ref) -> bool:
    """A reference written as a path out of somewhere (/etc/passwd, ../../notes): not a
    document number, whatever its extension, so it is checked like a file."""
    return isinstance(ref, str) and " " not in ref.strip() and (
        ref.startswith(("/", "\\", "~")) or re.match(r"[A-Za-z]:[\\/]", ref) is not None
        or ".." in re.split(r"[\\/]", ref))


def _file(c: _Checker, path: tuple, written, what: str) -> None:
    if not isinstance(written, str) or not written.strip():
        return
    try:
        found = inside_plan(c.base_dir, written)
    except PathOutside as exc:
        c.report(path, f"{what} '{written}' {exc}")
        return
    if not found.is_file():
        c.report(path, f"{what} '{written}' does not exist (paths are relative to the plan "
                 "file)", WARNING)


def _unlisted_people(c: _Checker) -> None:
    """Warn about 'Mr Jones' in the plan's text when no one in people is called Jones: the
    regulator copy can only anonymise people it knows."""
    known = {word.casefold() for _, person in c.items("people")
             for name in [person.get("name"), *(person.get("aliases") or [])]
             if isinstance(name, str) for word in name_words(name)}
    for path, text in strings(c.data):
        if path[:1] == ("people",):
            continue
        for m in titled_names(text):
            if not any(w.casefold() in known for w in name_words(m.group("name"))):
                c.report(path, f"mentions {m.group(0)}, who is not listed under people: add "
                         "them (staff with their role) so the regulator copy can anonymise them",
                         WARNING)


def _invisible_text(c: _Checker) -> None:
    """Text made only of zero-width characters, soft hyphens or lone accents shows nothing in
    Word, and folds to nothing when the regulator copy matches names against it."""
    for path, text in strings(c.data):
        if text.strip() and not any(_visible(char) for char in text):
            codes = ", ".join(sorted({f"U+{ord(char):04X}" for char in text if not char.isspace()}))
            c.report(path, f"holds only invisible characters ({codes}); write the text, or "
                     "remove the line")


def _visible(char: str) -> bool:
    return not char.isspace() and unicodedata.category(char) not in ("Cf", "Mn", "Me")


def strings(node, path: tuple = ()):
    """(path, text) for every string in plan data: the checks that read all free text."""
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from strings(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from strings(value, path + (index,))


def looks_like_file(ref) -> bool:
    """A relative path such as evidence/minutes.pdf, not a URL or a document title."""
    return (isinstance(ref, str) and "://" not in ref and not ref.startswith("mailto:")
            and re.fullmatch(r"[^\s]+\.[A-Za-z0-9]{1,5}", ref) is not None)


def _as_list(value) -> list:
    return value if isinstance(value, list) else []


def _date(value) -> dt.date | None:
    try:
        return month_or_date(value) if isinstance(value, str) else None
    except ValueError:
        return None
