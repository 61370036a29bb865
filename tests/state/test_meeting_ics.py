"""The calendar file, parsed back with the icalendar library: one event per series with its rule in the
team's zone, cancelled occurrences as EXDATE, a moved occurrence as RECURRENCE-ID, stable UIDs, and no
case in it. The occurrences it describes stay at 14:00 local across daylight saving."""
from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar

from dialogues import meeting_ics as ics
from state import meetings as plans
from state.models import Meeting, Team
from tests.conftest import make_chat_app

AMS = ZoneInfo("Europe/Amsterdam")


def ams(*args) -> datetime:
    return datetime(*args, tzinfo=AMS)


@pytest.fixture
def app(sqlite_url, clock):
    chat = make_chat_app(sqlite_url, clock)
    yield chat
    chat.services.db.dispose()


def calendar(app, ids=None, lang="nl") -> Calendar:
    with app.services.db.session() as session:
        team = session.get(Team, app.team_id)
        now = app.services.clock.now()
        found = [session.get(Meeting, i) for i in ids] if ids else plans.upcoming(session, team, now)
        return Calendar.from_ical(ics.calendar_bytes(session, team, found, lang=lang, now=app.services.clock.now()))


def plan(app, start, weeks=None, place="Teamkamer") -> list[int]:
    with app.services.db.session() as session:
        team = session.get(Team, app.team_id)
        return [m.id for m in plans.plan(session, team, start=start, every_weeks=weeks, place=place, duration=90,
                                         now=app.services.clock.now())]


def events(cal: Calendar):
    return [c for c in cal.walk("VEVENT")]


def test_a_series_is_one_event_with_a_weekly_rule_in_the_teams_zone(app):
    app.services.clock.set(ams(2027, 2, 1, 9, 0))
    plan(app, ams(2027, 2, 16, 14, 0), weeks=3)
    cal = calendar(app)
    [event] = events(cal)
    assert cal["VERSION"] == "2.0" and cal["METHOD"] == "PUBLISH"
    start = event.decoded("DTSTART")
    assert start.tzinfo is not None and str(event["DTSTART"].params["TZID"]) == "Europe/Amsterdam"
    assert (start.hour, start.minute) == (14, 0)
    assert event.decoded("DTEND") - start == timedelta(minutes=90)
    rule = event["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"] and rule["INTERVAL"] == [3] and rule["BYDAY"] == ["TU"]
    assert str(event["LOCATION"]) == "Teamkamer"
    assert str(event["UID"]).startswith("series-") and str(event["UID"]).endswith("@zorgbot")
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Amsterdam"]


def test_the_rule_read_back_gives_two_oclock_local_on_both_sides_of_the_clock_change(app):
    app.services.clock.set(ams(2027, 2, 1, 9, 0))
    plan(app, ams(2027, 2, 16, 14, 0), weeks=3)
    [event] = events(calendar(app))
    start = event.decoded("DTSTART")
    rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=start.replace(tzinfo=None))
    local = [datetime.combine(d.date(), d.time(), tzinfo=AMS) for d in rule[:4]]
    assert [d.strftime("%d-%m") for d in local] == ["16-02", "09-03", "30-03", "20-04"]
    assert {d.time() for d in local} == {time(14, 0)}
    assert [d.utcoffset() for d in local] == [timedelta(hours=1)] * 2 + [timedelta(hours=2)] * 2


def test_cancelled_and_moved_occurrences(app):
    ids = plan(app, ams(2026, 12, 1, 14, 0), weeks=3)
    with app.services.db.session() as session:
        team = session.get(Team, app.team_id)
        plans.cancel_one(session, team, session.get(Meeting, ids[1]), app.services.clock.now())
        plans.move_one(session, team, session.get(Meeting, ids[2]), ams(2027, 1, 13, 9, 0), app.services.clock.now())
    master, moved = events(calendar(app, ids[:1]))
    exdates = [d.dt for d in master["EXDATE"].dts] if not isinstance(master["EXDATE"], list) else \
        [d.dt for e in master["EXDATE"] for d in e.dts]
    assert [d.astimezone(AMS).strftime("%d-%m %H:%M") for d in exdates] == ["22-12 14:00"]
    assert moved["UID"] == master["UID"]
    assert moved.decoded("RECURRENCE-ID").astimezone(AMS).strftime("%d-%m %H:%M") == "12-01 14:00"
    assert moved.decoded("DTSTART").astimezone(AMS).strftime("%d-%m %H:%M") == "13-01 09:00"
    assert int(moved["SEQUENCE"]) >= 1


def test_a_series_cancelled_from_an_occurrence_gets_an_until_in_utc(app):
    ids = plan(app, ams(2026, 12, 1, 14, 0), weeks=3)
    with app.services.db.session() as session:
        team = session.get(Team, app.team_id)
        plans.cancel_series(session, team, session.get(Meeting, ids[2]), app.services.clock.now())
    [event] = events(calendar(app, ids[:1]))
    until = event["RRULE"]["UNTIL"][0]
    assert until.tzinfo is not None and until.utcoffset() == timedelta(0)
    assert until.astimezone(AMS).strftime("%d-%m %H:%M") == "12-01 13:59"


def test_a_one_off_meeting_with_a_video_link(app):
    [meeting_id] = plan(app, ams(2026, 12, 3, 9, 30), place="https://meet.example.org/zorgteam")
    [event] = events(calendar(app, [meeting_id], lang="en"))
    assert "RRULE" not in event
    assert str(event["UID"]) == f"meeting-{meeting_id}@zorgbot"
    assert str(event["URL"]) == "https://meet.example.org/zorgteam"
    assert str(event["SUMMARY"]) == "Meeting Zorgteam De Wilgen"


def test_a_cancelled_one_off_is_marked_cancelled(app):
    [meeting_id] = plan(app, ams(2026, 12, 3, 9, 30))
    with app.services.db.session() as session:
        plans.cancel_one(session, session.get(Team, app.team_id), session.get(Meeting, meeting_id),
                         app.services.clock.now())
    [event] = events(calendar(app, [meeting_id]))
    assert str(event["STATUS"]) == "CANCELLED" and int(event["SEQUENCE"]) == 1


def test_the_file_names_no_case(app):
    from state.models import Case
    from state import agenda as items_store
    [meeting_id] = plan(app, ams(2026, 12, 3, 9, 30))
    with app.services.db.session() as session:
        case = Case(team_id=app.team_id, code="Z-17")
        session.add(case)
        session.flush()
        items_store.add_item(session, session.get(Meeting, meeting_id), kind="new", case=case,
                             brief={"reason": "driftbuien"})
    with app.services.db.session() as session:
        team = session.get(Team, app.team_id)
        raw = ics.calendar_bytes(session, team, [session.get(Meeting, meeting_id)], lang="nl",
                                 now=datetime.now(timezone.utc))
    assert b"Z-17" not in raw and b"driftbuien" not in raw
