"""The school year in planning (issue 16, items 2 and 3): the team's school-holiday region, a series
that skips the holidays and ends, the calendar file that says so (UNTIL, EXDATE), a warning for a
date in a holiday, and working-day deadlines that do not count holidays.

The clock stands on Wednesday 26 November 2025, 09:30 in Amsterdam: the school year 2025-2026, whose
dates per region are in the data file (Rijksoverheid).
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar
from sqlmodel import select

from core.calendar import add_working_days
from core.clock import FixedClock
from state.models import Meeting, Reminder, Team
from state.reminders import ReminderSettings
from tests.conftest import make_chat_app

AMS = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2025, 11, 26, 8, 30, tzinfo=timezone.utc))


@pytest.fixture
def team(database_url, clock):
    chat = make_chat_app(database_url, clock)
    yield chat
    chat.services.db.dispose()


def say_all(app, lines, user="chair"):
    replies = []
    for line in lines:
        replies = app.say(line, user)
    return replies


def days(app) -> list[date]:
    with app.services.db.session() as session:
        rows = session.exec(select(Meeting).where(Meeting.team_id == app.team_id).order_by(Meeting.starts_at)).all()
        return [m.starts_at.astimezone(AMS).date() for m in rows if m.status == "planned"]


def occurrences(content: bytes) -> tuple[Calendar, list[date]]:
    """The calendar file and the dates a calendar program would show for its series."""
    calendar = Calendar.from_ical(content)
    [event] = calendar.walk("VEVENT")
    start = event.decoded("dtstart")
    rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=start)
    excluded = {d.dt.date() for exdate in _list(event.get("EXDATE")) for d in exdate.dts}
    return calendar, [o.date() for o in rule if o.date() not in excluded]


def _list(value):
    return value if isinstance(value, list) else [value] if value is not None else []


def test_a_weekly_series_across_christmas_skips_it_and_ends_with_the_school_year(team):
    assert "Regio schoolvakanties: zuid" in team.text("!team inrichten regio zuid")
    say_all(team, ["!overleg plan", "dinsdag 2 december 14:00", "elke week"])
    confirmation = team.text("Teamkamer")              # the summary with the end and the skips
    assert "Overgeslagen (schoolvakantie of vrije dag van het team):" in confirmation
    assert "23 december" in confirmation and "30 december" in confirmation
    assert "Einde: uiterlijk vrijdag 10 juli 2026 (het einde van het schooljaar)." in confirmation
    [reply] = team.say("ja")
    assert "De reeks loopt tot en met vrijdag 10 juli 2026." in reply.text and "23 december" in reply.text
    planned = days(team)
    assert date(2025, 12, 16) in planned and date(2026, 1, 6) in planned
    for holiday in (date(2025, 12, 23), date(2025, 12, 30), date(2026, 2, 17), date(2026, 4, 28)):
        assert holiday not in planned                 # Christmas, spring (zuid) and May holiday
    calendar, shown = occurrences(reply.attachment[1])
    [event] = calendar.walk("VEVENT")
    assert "UNTIL" in event["RRULE"] and "EXDATE" in event
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert date(2025, 12, 23) not in shown and date(2025, 12, 30) not in shown
    assert shown[0] == date(2025, 12, 2) and shown[-1] == date(2026, 7, 7)
    assert shown[:len(planned)] == planned              # the file shows what the bot planned


def test_a_count_is_honoured_and_holidays_do_not_count(team):
    team.text("!team inrichten regio midden")
    say_all(team, ["!overleg plan", "dinsdag 2 december 14:00", "elke week", "Teamkamer"])
    confirmation = team.text("6 keer")
    assert "Einde: na 6 keer overleg, het laatste uiterlijk dinsdag 20 januari 2026." in confirmation
    [reply] = team.say("ja")
    assert days(team) == [date(2025, 12, 2), date(2025, 12, 9), date(2025, 12, 16), date(2026, 1, 6),
                          date(2026, 1, 13), date(2026, 1, 20)]
    _, shown = occurrences(reply.attachment[1])
    assert shown == days(team)


def test_an_end_date_is_honoured_and_a_bad_end_changes_nothing(team):
    say_all(team, ["!overleg plan", "dinsdag 2 december 14:00", "elke 2 weken", "Teamkamer"])
    assert "Dat einde begrijp ik niet." in team.text("tot sint-juttemis")
    assert "vóór het eerste overleg" in team.text("tot 1 november 2025")
    assert days(team) == []                            # nothing planned while the end is asked
    assert "Einde: uiterlijk dinsdag 13 januari 2026." in team.text("tot 13 januari 2026")
    team.say("ja")
    assert days(team) == [date(2025, 12, 2), date(2025, 12, 16), date(2025, 12, 30), date(2026, 1, 13)]


def test_without_a_region_nothing_is_skipped_and_the_chair_is_told(team):
    say_all(team, ["!overleg plan", "dinsdag 2 december 14:00", "elke week"])
    confirmation = team.text("Teamkamer")
    assert "geen regio voor de schoolvakanties" in confirmation and "Overgeslagen" not in confirmation
    assert "Einde: uiterlijk vrijdag 31 juli 2026 (het einde van het schooljaar)." in confirmation
    team.say("ja")
    assert date(2025, 12, 23) in days(team)


def test_a_date_in_a_holiday_warns_and_one_outside_does_not(team):
    team.text("!team inrichten regio noord")
    say_all(team, ["!overleg plan", "maandag 29 december 10:00", "eenmalig"])
    warned = team.text("-")
    assert "Let op:" in warned and "valt in de kerstvakantie (regio noord)" in warned
    team.say("nee")
    say_all(team, ["!overleg plan", "maandag 15 december 10:00", "eenmalig"])
    assert "Let op:" not in team.text("-")


def test_working_day_deadlines_and_agenda_reminders_skip_the_holidays_unless_the_team_says_no(team):
    team.text("!team inrichten regio zuid")
    with team.services.db.session() as session:
        settings = ReminderSettings.of(session.get(Team, team.team_id))
    assert add_working_days(date(2025, 12, 19), 1, settings.workdays, settings.holidays) == date(2026, 1, 5)
    say_all(team, ["!overleg plan", "dinsdag 6 januari 14:00", "eenmalig", "-", "ja"])
    with team.services.db.session() as session:
        agenda = session.exec(select(Reminder).where(Reminder.kind == "agenda")).one()
    assert agenda.due_at.replace(tzinfo=timezone.utc).astimezone(AMS).date() == date(2025, 12, 18)
    shown = team.text("!instellingen vrij 2026-01-05")                    # a study day of its own
    assert "5 januari 2026" in shown and "22 december" not in shown        # its own days listed, not the holidays
    with team.services.db.session() as session:
        team_row = session.get(Team, team.team_id)
        assert team_row.settings["reminders"]["holidays"] == ["2026-01-05"]    # school holidays never stored as its own
        settings = ReminderSettings.of(team_row)
        assert add_working_days(date(2025, 12, 19), 1, settings.workdays, settings.holidays) == date(2026, 1, 6)
        replace(settings, skip_school_holidays=False).store(team_row)       # the team says otherwise
        session.add(team_row)
    with team.services.db.session() as session:
        settings = ReminderSettings.of(session.get(Team, team.team_id))
    assert add_working_days(date(2025, 12, 19), 1, settings.workdays, settings.holidays) == date(2025, 12, 22)
    assert date(2026, 1, 5) in settings.holidays                            # its own day stays


def test_no_region_means_no_school_holidays(team):
    team.text("!team inrichten regio zuid")
    assert "Regio schoolvakanties: -" in team.text("!team inrichten regio geen")
    with team.services.db.session() as session:
        assert ReminderSettings.of(session.get(Team, team.team_id)).holidays == frozenset()


def test_set_up_asks_the_region_and_refuses_an_unknown_one(team):
    assert "Kies noord, midden of zuid" in team.text("!team inrichten regio oost")
    with team.services.db.session() as session:
        assert "region" not in (session.get(Team, team.team_id).settings or {})
    assert "Regio schoolvakanties: -" in team.text("!team")


def test_english_region_and_series(clock, tmp_path):
    app = make_chat_app(f"sqlite:///{tmp_path / 'en.db'}", clock, lang="en")
    try:
        assert "School-holiday region: south" in app.text("!team setup region south")
        say_all(app, ["!meeting plan", "Tuesday 2 December 14:00", "every week"])
        confirmation = app.text("Staff room")
        assert "Skipped (school holiday or team day off):" in confirmation
        assert "Ends: on" in confirmation and "(the end of the school year)" in confirmation
        confirmation = app.text("4 times")
        assert "Ends: after 4 meetings" in confirmation
        [reply] = app.say("yes")
        assert days(app) == [date(2025, 12, 2), date(2025, 12, 9), date(2025, 12, 16), date(2026, 1, 6)]
        assert "Skipped (school holiday or day off):" in reply.text
    finally:
        app.services.db.dispose()


# -- the school year 2026-2027 (today's): the data holds it, with the team's study days and the switch ----
@pytest.fixture
def this_year(database_url):
    chat = make_chat_app(database_url, FixedClock(datetime(2026, 12, 2, 8, 30, tzinfo=timezone.utc)))
    yield chat
    chat.services.db.dispose()


def test_a_weekly_series_across_christmas_2026_skips_it_and_the_study_day(this_year):
    team = this_year
    team.text("!team inrichten regio midden")
    team.text("!team inrichten vrij 2027-01-12")                     # a study day on a meeting Tuesday
    say_all(team, ["!overleg plan", "dinsdag 8 december 14:00", "elke week"])
    confirmation = team.text("Teamkamer")
    assert "dinsdag 22 december 2026, dinsdag 29 december 2026, dinsdag 12 januari 2027" in confirmation
    # midden 2026-2027: spring 20-28 February, May 24 April-2 May, summer from 17 July 2027
    assert "dinsdag 23 februari 2027" in confirmation and "dinsdag 27 april 2027" in confirmation
    assert "Einde: uiterlijk vrijdag 16 juli 2027 (het einde van het schooljaar)." in confirmation
    [reply] = team.say("ja")
    planned = days(team)
    assert planned[:3] == [date(2026, 12, 8), date(2026, 12, 15), date(2027, 1, 5)]
    for off in (date(2026, 12, 22), date(2026, 12, 29), date(2027, 1, 12), date(2027, 2, 23), date(2027, 4, 27)):
        assert off not in planned
    calendar, shown = occurrences(reply.attachment[1])
    assert shown[:len(planned)] == planned and shown[-1] == date(2027, 7, 13)


def test_with_school_holidays_turned_off_nothing_is_skipped_or_warned_and_the_region_stays(this_year):
    team = this_year
    team.text("!team inrichten regio midden")
    assert "Schoolvakanties overslaan: uit" in team.text("!team inrichten vakanties uit")
    say_all(team, ["!overleg plan", "dinsdag 22 december 14:00", "elke week"])
    confirmation = team.text("Teamkamer")
    assert "Let op:" not in confirmation and "Overgeslagen" not in confirmation
    assert "Het team heeft de schoolvakanties uitgezet" in confirmation
    assert "geen regio" not in confirmation
    assert "Einde: uiterlijk vrijdag 16 juli 2027" in confirmation       # the school year still ends
    team.say("ja")
    assert date(2026, 12, 29) in days(team)
    with team.services.db.session() as session:
        settings = ReminderSettings.of(session.get(Team, team.team_id))
    assert add_working_days(date(2026, 12, 18), 1, settings.workdays, settings.holidays) == date(2026, 12, 21)
    team.text("!instellingen vakanties aan")
    with team.services.db.session() as session:
        settings = ReminderSettings.of(session.get(Team, team.team_id))
    assert add_working_days(date(2026, 12, 18), 1, settings.workdays, settings.holidays) == date(2027, 1, 4)
    say_all(team, ["!overleg plan", "maandag 28 december 10:00", "eenmalig"])
    assert "valt in de kerstvakantie (regio midden)" in team.text("-")


def test_a_day_off_added_later_points_out_the_meetings_already_on_it_and_moves_nothing(this_year):
    team = this_year
    say_all(team, ["!overleg plan", "dinsdag 8 december 14:00", "elke week", "Teamkamer", "ja"])
    before = days(team)
    assert "Let op" not in team.text("!team inrichten vrij 2027-01-14")          # a Thursday: no meeting
    clash = team.text("!team inrichten vrij 2027-01-12")
    assert "valt nu op een vrije dag" in clash and "dinsdag 12 januari 2027" in clash
    assert "!overleg verzet" in clash and "!overleg annuleer" in clash
    assert "2 overleggen vallen nu op een vrije dag" in team.text("!instellingen vrij 2027-01-19")
    region = team.text("!team inrichten regio midden")                         # Christmas, spring, May
    assert "dinsdag 22 december 2026" in region and "dinsdag 29 december 2026" in region
    assert days(team) == before                                                 # nothing moved by itself
    assert "dinsdag 12 januari" not in team.text("!instellingen vrij geen")   # the school holidays still clash
    assert "Let op" not in team.text("!instellingen vakanties uit")             # and then nothing does


def test_the_holiday_data_holds_the_coming_school_years_saturday_to_sunday():
    from core import school_holidays
    periods = school_holidays._periods()
    years = {year for year, *_ in periods}
    assert {"2025-2026", "2026-2027", "2027-2028", "2028-2029"} <= years
    for year, name, region, first, last in periods:
        assert (first.weekday(), last.weekday()) == (5, 6), (year, name, region)     # as published
        assert region in school_holidays.REGIONS and first.year >= int(year[:4])
    for region in school_holidays.REGIONS:                  # today's school year: Christmas 2026 everywhere
        assert school_holidays.holiday_name(region, date(2026, 12, 24)) == "kerstvakantie"
        assert school_holidays.holiday_name(region, date(2027, 1, 4)) is None
    assert school_holidays.school_year_end("noord", date(2026, 12, 2)) == date(2027, 7, 9)
    assert school_holidays.school_year_end("midden", date(2026, 12, 2)) == date(2027, 7, 16)
    assert school_holidays.school_year_end("zuid", date(2026, 12, 2)) == date(2027, 7, 23)
