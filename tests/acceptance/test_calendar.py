"""`apgen calendar` run as a user runs it; the .ics files read back by two independent
iCalendar parsers and checked byte by byte against RFC 5545's line rules."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest
import vobject
import yaml

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "samples").glob("*.plan.yaml"))
ELLISON = ROOT / "samples" / "ellison.plan.yaml"
NAMED = {"weekly", "monthly", "quarterly"}


def apgen(*args):
    done = subprocess.run([sys.executable, "-m", "actionplan_gen", *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def data_of(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def expected_dates(data: dict) -> dict[str, int]:
    """How many events of each kind the plan's YAML calls for, counted without apgen."""
    actions = data["actions"]
    meta = data["plan"]
    latest = max(str(d) for d in [meta["prepared_on"],
                                  *(p["date"] for a in actions for p in a.get("progress") or []),
                                  *(u["date"] for u in data.get("updates") or [])])
    parties = [p for p in data.get("parties") or []
               if (p.get("updates") or {}).get("every")
               and str(p["updates"].get("from") or p.get("plan_sent_on") or "9999") <= latest]
    return {
        "deadline": int(bool(meta.get("submit_by") or meta.get("extensions"))),
        "start": sum(1 for a in actions if a.get("start_date")),
        "target": sum(1 for a in actions if a.get("target_date")
                      or any(p.get("target_date") for p in a.get("progress") or [])),
        "review": sum(1 for a in actions if (a.get("review") or {}).get("due")),
        "audit": sum(1 for a in actions
                     if ((a.get("monitoring") or {}).get("audit") or {}).get("due")),
        "due": sum(1 for r in data["ombudsman"].get("recommendations") or [] if r.get("due_by")),
        "plan-review": int(bool((data.get("plan_review") or {}).get("date"))),
        "update": len(parties),
    }


def kind_of(uid: str) -> str:
    stem = uid.removesuffix("@apgen")
    return "plan-review" if stem.endswith("plan-review") else stem.rsplit("-", 1)[1]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("calendar")
    done = apgen("calendar", *SAMPLES, "-o", out, "--format", "json")
    assert done.returncode == 0, done.stderr
    return out, json.loads(done.stdout)


@pytest.mark.parametrize("plan", SAMPLES, ids=lambda p: p.stem)
def test_every_date_of_the_plan_is_one_event(built, plan):
    out, _ = built
    calendar = icalendar.Calendar.from_ical((out / plan.name.replace(".plan.yaml", ".ics"))
                                            .read_bytes())
    events = calendar.walk("VEVENT")
    counted: dict[str, int] = {}
    for event in events:
        counted[kind_of(str(event["UID"]))] = counted.get(kind_of(str(event["UID"])), 0) + 1
    wanted = {k: v for k, v in expected_dates(data_of(plan)).items() if v}
    assert counted == wanted
    assert len({str(e["UID"]) for e in events}) == len(events)
    for event in events:  # all-day, one day long, free time
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is dt.date and end - start == dt.timedelta(days=1)
        assert event["DTSTART"].params.get("VALUE") == "DATE"


def test_dates_uids_and_reminders_of_the_sample(built):
    out, _ = built
    calendar = icalendar.Calendar.from_ical((out / "ellison.ics").read_bytes())
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert events["P-004417-A1-target@apgen"].decoded("DTSTART") == dt.date(2027, 1, 31)
    # A2's target moved to 30 April 2027 with a reason: the latest target is the one shown.
    assert events["P-004417-A2-target@apgen"].decoded("DTSTART") == dt.date(2027, 4, 30)
    assert "moved from 31 March 2027" in str(events["P-004417-A2-target@apgen"]["DESCRIPTION"])
    assert events["P-004417-deadline@apgen"].decoded("DTSTART") == dt.date(2026, 12, 15)
    assert events["P-004417-R1-due@apgen"].decoded("DTSTART") == dt.date(2026, 10, 14)
    # Complainant: every 2 months from 24 November 2026 -> 24 January 2027.
    update = events["P-004417-p-complainant-update@apgen"]
    assert update.decoded("DTSTART") == dt.date(2027, 1, 24)
    assert "the complainant" in str(update["SUMMARY"])
    for uid, event in events.items():
        alarms = event.walk("VALARM")
        if uid.endswith(("-target@apgen", "-deadline@apgen")):
            (alarm,) = alarms
            assert str(alarm["ACTION"]) == "DISPLAY" and alarm["DESCRIPTION"]
            assert alarm.decoded("TRIGGER") == dt.timedelta(days=-7)
        else:
            assert alarms == []
    stamps = {e.decoded("DTSTAMP") for e in events.values()}
    assert stamps == {dt.datetime(2026, 11, 27, tzinfo=dt.UTC)}  # the plan's date


def test_a_second_parser_reads_the_same_events(built):
    out, _ = built
    with_icalendar = icalendar.Calendar.from_ical((out / "ellison.ics").read_bytes())
    parsed = vobject.readOne((out / "ellison.ics").read_text(encoding="utf-8"))
    by_vobject = {e.uid.value: (e.dtstart.value, e.summary.value)
                  for e in parsed.vevent_list}
    by_icalendar = {str(e["UID"]): (e.decoded("DTSTART"), str(e["SUMMARY"]))
                    for e in with_icalendar.walk("VEVENT")}
    assert by_vobject == by_icalendar and len(by_vobject) > 20


@pytest.mark.parametrize("plan", SAMPLES, ids=lambda p: p.stem)
def test_lines_follow_rfc5545_and_the_file_round_trips(built, plan):
    data = (built[0] / plan.name.replace(".plan.yaml", ".ics")).read_bytes()
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    assert max(len(line) for line in data.split(b"\r\n")) <= 75  # octets, before CRLF
    assert icalendar.Calendar.from_ical(data).to_ical() == data


@pytest.mark.parametrize("plan", SAMPLES, ids=lambda p: p.stem)
def test_no_person_is_named(built, plan):
    unfolded = (built[0] / plan.name.replace(".plan.yaml", ".ics")).read_bytes() \
        .replace(b"\r\n ", b"").decode("utf-8")
    words = {w for person in data_of(plan).get("people") or []
             for w in re.findall(r"[^\W\d_]{2,}", person["name"] + " "
                                 + " ".join(person.get("aliases") or []))}
    assert words
    found = [w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", unfolded, re.I)]
    assert found == []


def test_two_runs_give_the_same_bytes_and_one_file_holds_every_plan(built, tmp_path):
    out, envelope = built
    again = apgen("calendar", *SAMPLES, "-o", tmp_path)
    assert again.returncode == 0, again.stderr
    for plan in envelope["plans"]:
        first = Path(plan["output"])
        assert (tmp_path / first.name).read_bytes() == first.read_bytes()
    assert apgen("calendar", *SAMPLES, "-o", tmp_path, "--one-file").returncode == 0
    combined = icalendar.Calendar.from_ical((tmp_path / "calendar.ics").read_bytes())
    assert len(combined.walk("VEVENT")) == sum(p["events"] for p in envelope["plans"])


def test_one_file_refuses_two_plans_with_one_case_reference(tmp_path):
    copy = tmp_path / "copy.plan.yaml"
    copy.write_text(ELLISON.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "reports").mkdir()
    done = apgen("calendar", ELLISON, copy, "-o", tmp_path / "out", "--one-file")
    assert done.returncode == 2
    said = done.stdout + done.stderr
    assert "same first case reference" in said and f"{copy}: " in said
    assert not (tmp_path / "out" / "calendar.ics").exists()


def test_an_invalid_plan_is_reported_and_the_others_written(tmp_path):
    bad = ROOT / "tests" / "corpus" / "invalid" / "bad-enum.plan.yaml"
    done = apgen("calendar", bad, ELLISON, "-o", tmp_path)
    assert done.returncode == 1
    assert f"{bad}:4:" in done.stdout + done.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["ellison.ics"]
