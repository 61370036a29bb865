"""When reminders fall: working days, quiet hours, holidays, lead times and daylight saving."""
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from state.db import Database
from state.models import Reminder, Team
from state.reminders import (ReminderSettings, action_moments, ensure_evaluation, ensure_overview, next_daily,
                             savepoint)

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 11, 25, 8, 30, tzinfo=timezone.utc)   # Wednesday 09:30 in Amsterdam


def local(*args) -> datetime:
    return datetime(*args, tzinfo=AMS)


def moments(due, settings=ReminderSettings(), now=NOW):
    return [(kind, at.astimezone(AMS).replace(tzinfo=None)) for kind, at in action_moments(due, settings, AMS, now)]


def test_default_reminders_two_working_days_before_on_the_day_and_when_overdue():
    # Due Tuesday: Friday before (two working days, skipping the weekend), Tuesday morning, Wednesday morning.
    assert moments(local(2026, 12, 1, 17, 0)) == [
        ("before_due", datetime(2026, 11, 27, 8, 30)),
        ("due_day", datetime(2026, 12, 1, 8, 30)),
        ("overdue", datetime(2026, 12, 2, 8, 30)),
    ]


def test_a_reminder_already_past_when_the_action_is_made_is_left_out():
    # Due Friday: "two working days before" is this very Wednesday morning, which has passed.
    assert moments(local(2026, 11, 27, 17, 0)) == [
        ("due_day", datetime(2026, 11, 27, 8, 30)),
        ("overdue", datetime(2026, 11, 30, 8, 30)),     # Saturday and Sunday are quiet: Monday
    ]


def test_a_due_date_on_a_weekend_is_reminded_before_it_and_on_the_next_working_day():
    assert moments(local(2026, 11, 28, 17, 0)) == [
        ("before_due", datetime(2026, 11, 26, 8, 30)),
        ("overdue", datetime(2026, 11, 30, 8, 30)),
    ]


def test_holidays_are_not_working_days():
    settings = ReminderSettings(holidays=frozenset({date(2026, 11, 27)}))
    assert moments(local(2026, 12, 1, 17, 0), settings)[0] == ("before_due", datetime(2026, 11, 26, 8, 30))


def test_lead_time_and_working_days_are_team_settings():
    # A team working Monday to Thursday, first reminder three working days ahead.
    settings = ReminderSettings(workdays=frozenset({0, 1, 2, 3}), lead_working_days=3)
    assert moments(local(2026, 12, 3, 12, 0), settings) == [
        ("before_due", datetime(2026, 11, 30, 8, 30)),
        ("due_day", datetime(2026, 12, 3, 8, 30)),
        ("overdue", datetime(2026, 12, 7, 8, 30)),     # Friday is not a working day for this team
    ]


def test_a_reminder_time_inside_quiet_hours_moves_to_the_end_of_them():
    settings = ReminderSettings(reminder_time=time(7, 0))   # before the default quiet end of 08:00
    assert moments(local(2026, 12, 1, 17, 0), settings) == [
        ("before_due", datetime(2026, 11, 27, 8, 0)),
        ("due_day", datetime(2026, 12, 1, 8, 0)),
        ("overdue", datetime(2026, 12, 2, 8, 0)),
    ]


def test_next_allowed_moves_night_and_weekend_moments_to_the_next_working_morning():
    settings = ReminderSettings()
    assert settings.next_allowed(local(2026, 11, 27, 22, 0), AMS) == local(2026, 11, 30, 8, 30)   # Fri night
    assert settings.next_allowed(local(2026, 11, 26, 6, 0), AMS) == local(2026, 11, 26, 8, 30)    # Thu early
    assert settings.next_allowed(local(2026, 11, 26, 14, 0), AMS) == local(2026, 11, 26, 14, 0)   # allowed
    daytime_quiet = ReminderSettings(quiet_start=time(12, 0), quiet_end=time(13, 0))
    assert daytime_quiet.next_allowed(local(2026, 11, 26, 12, 15), AMS) == local(2026, 11, 26, 13, 0)


def test_an_action_due_before_the_reminder_time_is_reminded_as_overdue_the_same_morning():
    assert moments(local(2026, 11, 26, 8, 0)) == [("overdue", datetime(2026, 11, 26, 8, 30))]


def test_reminder_times_stay_on_the_wall_clock_across_daylight_saving():
    spring = datetime(2026, 3, 25, 12, 0, tzinfo=timezone.utc)
    found = action_moments(local(2026, 3, 30, 17, 0), ReminderSettings(), AMS, spring)
    assert [(k, at.astimezone(AMS).strftime("%a %H:%M")) for k, at in found] == [
        ("before_due", "Thu 08:30"), ("due_day", "Mon 08:30"), ("overdue", "Tue 08:30")]
    # ... which are different UTC hours before and after the change.
    assert [at.hour for _, at in found] == [7, 6, 6]


def test_settings_round_trip_through_the_team_json():
    team = Team(name="t")
    settings = ReminderSettings(workdays=frozenset({0, 2, 4}), quiet_start=time(19, 0), quiet_end=time(7, 30),
                                reminder_time=time(9, 15), lead_working_days=1,
                                holidays=frozenset({date(2026, 12, 25)}), chair_overview=False)
    settings.store(team)
    assert ReminderSettings.of(team) == settings
    assert ReminderSettings.of(Team(name="new")) == ReminderSettings()


def test_next_daily_skips_weekends():
    assert next_daily(ReminderSettings(), AMS, local(2026, 11, 27, 9, 0)) == local(2026, 11, 30, 8, 30)
    assert next_daily(ReminderSettings(), AMS, local(2026, 11, 26, 7, 0)) == local(2026, 11, 26, 8, 30)


def test_team_rows_are_planned_once_even_when_asked_twice(database_url):
    db = Database(database_url)
    with db.session() as session:
        team = Team(name="t", created_at=NOW - timedelta(days=10))
        session.add(team)
        session.flush()
        first = ensure_evaluation(session, team, NOW)
        second = ensure_evaluation(session, team, NOW)
        assert first.id == second.id
        assert first.due_at.astimezone(AMS) == local(2027, 11, 15, 8, 30)   # one year on, a Monday
        assert ensure_overview(session, team, NOW) is None                  # no open actions, no overview
    with db.session() as session:
        assert len(session.exec(select(Reminder)).all()) == 1
    db.dispose()


def test_savepoint_keeps_the_unit_of_work_whole_on_sqlite(sqlite_url):
    db = Database(sqlite_url)
    with pytest.raises(RuntimeError):
        with db.session() as session:
            with savepoint(session):
                session.add(Team(name="half"))
            raise RuntimeError("a later step fails")
    with db.session() as session:
        assert session.exec(select(Team)).all() == []
    db.dispose()


def test_holiday_ranges_and_bad_entries_are_read_the_same_for_reminders_and_advice():
    from datetime import date as _date

    from core.calendar import DEFAULT_WORKDAYS
    from state.models import Team as _Team
    from state.reminders import ReminderSettings
    team = _Team(name="t", settings={"reminders": {"holidays": ["2026-12-24/2026-12-26", "kerst", "2027-01-01"],
                                                   "workdays": [7, "x"]}})
    settings = ReminderSettings.of(team)
    assert settings.holidays == {_date(2026, 12, 24), _date(2026, 12, 25), _date(2026, 12, 26), _date(2027, 1, 1)}
    assert settings.workdays == DEFAULT_WORKDAYS
