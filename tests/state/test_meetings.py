"""Meeting series and their occurrences: local wall-clock times across daylight saving, moving and
cancelling one occurrence or the rest of a series, extending the horizon, the agenda's timing in
working days, and which meeting a registration goes to."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from state import agenda as items_store
from state import meetings as plans
from state.models import Case, Meeting, Reminder, Team
from state.reminders import ReminderSettings
from tests.conftest import make_chat_app

AMS = ZoneInfo("Europe/Amsterdam")


def ams(*args) -> datetime:
    return datetime(*args, tzinfo=AMS)


def local(meeting: Meeting) -> datetime:
    return plans.aware(meeting.starts_at).astimezone(AMS)


@pytest.fixture
def db(database_url, clock):
    app = make_chat_app(database_url, clock)
    yield app
    app.services.db.dispose()


def series(app, start: datetime, weeks: int = 3, place: str = "Teamkamer", now: datetime | None = None):
    now = now or app.services.clock.now()
    with app.services.db.session() as session:
        team = session.get(Team, app.team_id)
        made = plans.plan(session, team, start=start, every_weeks=weeks, place=place, duration=90, now=now)
        return [m.id for m in made]


def meetings(app, **where) -> list[Meeting]:
    with app.services.db.session() as session:
        query = select(Meeting).where(Meeting.team_id == app.team_id)
        for name, value in where.items():
            query = query.where(getattr(Meeting, name) == value)
        return list(session.exec(query.order_by(Meeting.starts_at)).all())


# -- recurrence --------------------------------------------------------------------------------------
def test_a_series_stays_at_two_in_the_afternoon_across_both_daylight_saving_changes(db):
    db.services.clock.set(ams(2026, 9, 1, 9, 0))
    series(db, ams(2026, 9, 15, 14, 0), weeks=3)
    found = meetings(db)
    days = [local(m).date() for m in found]
    assert days[:4] == [date(2026, 9, 15), date(2026, 10, 6), date(2026, 10, 27), date(2026, 11, 17)]
    # 25 October 2026 ends summer time: 14:00 local is 12:00 UTC before and 13:00 UTC after.
    assert {local(m).time() for m in found} == {time(14, 0)}
    assert plans.aware(found[1].starts_at).hour == 12 and plans.aware(found[2].starts_at).hour == 13
    assert all(local(m).weekday() == 1 for m in found)
    # Half a year ahead, no further.
    assert local(found[-1]).date() <= date(2027, 3, 2) and len(found) == 9


def test_spring_forward_keeps_the_wall_clock_too(db):
    db.services.clock.set(ams(2027, 3, 1, 9, 0))
    series(db, ams(2027, 3, 16, 14, 0), weeks=2)
    found = meetings(db)
    assert [local(m).strftime("%d-%m %H:%M") for m in found[:3]] == ["16-03 14:00", "30-03 14:00", "13-04 14:00"]
    assert plans.aware(found[0].starts_at).hour == 13 and plans.aware(found[1].starts_at).hour == 12


def test_each_row_knows_its_series_and_slot(db):
    series(db, ams(2026, 12, 1, 14, 0), weeks=3)
    first, second = meetings(db)[:2]
    assert first.series_id == second.series_id
    assert first.details["series"]["rule"] == "FREQ=WEEKLY;INTERVAL=3;BYDAY=TU"
    assert (first.details["slot"], second.details["slot"]) == ("2026-12-01T14:00", "2026-12-22T14:00")


def test_the_series_is_extended_to_half_a_year_from_now_without_duplicates(db):
    series(db, ams(2026, 12, 1, 14, 0), weeks=3)
    before = len(meetings(db))
    db.services.clock.set(ams(2027, 3, 1, 9, 0))
    with db.services.db.session() as session:
        team = session.get(Team, db.team_id)
        plans.extend_all(session, team, db.services.clock.now())
        plans.extend_all(session, team, db.services.clock.now())
    found = meetings(db)
    slots = [m.details["slot"] for m in found]
    assert len(slots) == len(set(slots)) and len(found) > before
    assert local(found[-1]).date() <= date(2027, 9, 1) and local(found[-1]).date() > date(2027, 8, 1)


# -- moving and cancelling ---------------------------------------------------------------------------
def test_moving_one_occurrence_keeps_its_slot_and_leaves_the_others(db):
    ids = series(db, ams(2026, 12, 1, 14, 0), weeks=3)
    with db.services.db.session() as session:
        team = session.get(Team, db.team_id)
        plans.move_one(session, team, session.get(Meeting, ids[1]), ams(2026, 12, 23, 10, 0), db.services.clock.now())
    found = {m.id: m for m in meetings(db)}
    assert local(found[ids[1]]).strftime("%d-%m %H:%M") == "23-12 10:00"
    assert found[ids[1]].details["slot"] == "2026-12-22T14:00" and found[ids[1]].details["moved"] is True
    assert found[ids[1]].details["sequence"] == 1
    assert local(found[ids[2]]).strftime("%d-%m %H:%M") == "12-01 14:00"


def test_moving_the_series_from_an_occurrence_splits_it(db):
    ids = series(db, ams(2026, 12, 1, 14, 0), weeks=3)
    with db.services.db.session() as session:
        team = session.get(Team, db.team_id)
        plans.move_series(session, team, session.get(Meeting, ids[2]), ams(2027, 1, 13, 15, 30),
                          db.services.clock.now())
    found = {m.id: m for m in meetings(db)}
    early, late = found[ids[0]], found[ids[2]]
    assert early.series_id != late.series_id
    assert early.details["series"]["until"] == "2027-01-12T13:59"
    assert late.details["series"]["rule"] == "FREQ=WEEKLY;INTERVAL=3;BYDAY=WE"
    assert [local(found[i]).strftime("%a %d-%m %H:%M") for i in ids[2:5]] == \
        ["Wed 13-01 15:30", "Wed 03-02 15:30", "Wed 24-02 15:30"]
    assert local(found[ids[1]]).strftime("%a %d-%m %H:%M") == "Tue 22-12 14:00"


def test_cancelling_the_series_from_an_occurrence_ends_it_there(db):
    ids = series(db, ams(2026, 12, 1, 14, 0), weeks=3)
    with db.services.db.session() as session:
        team = session.get(Team, db.team_id)
        cancelled = plans.cancel_series(session, team, session.get(Meeting, ids[1]), db.services.clock.now())
        assert len(cancelled) == len(ids) - 1
        session.flush()
        plans.extend_all(session, team, db.services.clock.now() + timedelta(days=60))
    statuses = [m.status for m in meetings(db)]
    assert statuses == ["planned"] + ["cancelled"] * (len(ids) - 1)     # and nothing new after the end


def test_a_cancelled_meeting_has_no_pending_agenda_reminders(db):
    ids = series(db, ams(2026, 12, 1, 14, 0), weeks=3)
    with db.services.db.session() as session:
        team = session.get(Team, db.team_id)
        plans.cancel_one(session, team, session.get(Meeting, ids[0]), db.services.clock.now())
    with db.services.db.session() as session:
        pending = session.exec(select(Reminder).where(Reminder.meeting_id == ids[0],
                                                      Reminder.status == "pending")).all()
        assert pending == []


# -- the agenda's timing -----------------------------------------------------------------------------
def test_the_agenda_goes_three_working_days_before_and_on_the_morning(db):
    team = Team(name="x", timezone="Europe/Amsterdam")
    now = ams(2026, 11, 20, 9, 0)
    moments = plans.agenda_moments(team, ams(2026, 12, 1, 14, 0), now)      # a Tuesday
    assert [(kind, m.astimezone(AMS).strftime("%a %d-%m %H:%M")) for kind, m in moments] == \
        [("agenda", "Thu 26-11 08:30"), ("agenda_morning", "Tue 01-12 08:30")]


def test_the_agenda_skips_weekends_and_holidays_and_follows_the_team_setting(db):
    team = Team(name="x", timezone="Europe/Amsterdam", settings={"meetings": {"agenda_days": 2}})
    ReminderSettings(holidays=frozenset({date(2026, 11, 27)})).store(team)
    team.settings = {**team.settings, "meetings": {"agenda_days": 2}}
    moments = dict(plans.agenda_moments(team, ams(2026, 11, 30, 14, 0), ams(2026, 11, 20, 9, 0)))  # Monday
    # Two working days before Monday 30 November, with Friday 27 a holiday: Wednesday 25 and Thursday 26.
    assert moments["agenda"].astimezone(AMS).strftime("%a %d-%m %H:%M") == "Wed 25-11 08:30"


def test_a_moment_already_past_or_a_meeting_before_the_reminder_time_gets_no_row(db):
    team = Team(name="x", timezone="Europe/Amsterdam")
    kinds = [kind for kind, _ in plans.agenda_moments(team, ams(2026, 12, 1, 8, 0), ams(2026, 11, 30, 9, 0))]
    assert kinds == []       # the agenda moment has passed; 08:30 is after the 08:00 start


def test_moving_a_meeting_replans_its_agenda_rows_and_moving_back_revives_them(db):
    ids = series(db, ams(2026, 12, 1, 14, 0), weeks=3)
    with db.services.db.session() as session:
        team = session.get(Team, db.team_id)
        meeting = session.get(Meeting, ids[0])
        plans.move_one(session, team, meeting, ams(2026, 12, 3, 14, 0), db.services.clock.now())
        plans.move_one(session, team, meeting, ams(2026, 12, 1, 14, 0), db.services.clock.now())
    with db.services.db.session() as session:
        rows = session.exec(select(Reminder).where(Reminder.meeting_id == ids[0])).all()
        pending = sorted(r.idempotency_key for r in rows if r.status == "pending")
        assert pending == ["agenda:%d:2026-11-26" % ids[0], "agenda_morning:%d:2026-12-01" % ids[0]]
        assert len(rows) == 4          # the rows of 3 December stay, obsolete


# -- where a registration goes -------------------------------------------------------------------------
def test_a_registration_after_the_teams_deadline_goes_to_the_following_meeting(db):
    ids = series(db, ams(2026, 12, 1, 14, 0), weeks=3)
    with db.services.db.session() as session:
        team = session.get(Team, db.team_id)
        assert plans.registration_target(session, team, ams(2026, 11, 26, 9, 0))[0].id == ids[0]
        team.settings = {**team.settings, "case_deadline_days": 5}
        target, skipped = plans.registration_target(session, team, ams(2026, 11, 26, 9, 0))
        assert (target.id, skipped) == (ids[1], True)


def test_follow_up_cases_come_from_evaluation_dates_and_agreed_actions(db):
    ids = series(db, ams(2026, 12, 1, 14, 0), weeks=3)
    with db.services.db.session() as session:
        team = session.get(Team, db.team_id)
        first = session.get(Meeting, ids[0])
        cases = [Case(team_id=team.id, code=code) for code in ("Z-1", "Z-2", "Z-3")]
        session.add_all(cases)
        session.flush()
        for case, follow_up in zip(cases, ("2026-12-22", "2027-01-12", items_store.NEXT_MEETING)):
            item = items_store.add_item(session, first, kind=items_store.NEW, case=case)
            item.status, item.notes = items_store.DISCUSSED, {"follow_up": follow_up}
        first.status = plans.CLOSED
        session.flush()
        due = items_store.follow_up_cases(session, team, session.get(Meeting, ids[1]))
        assert due == {cases[0].id: "evaluation", cases[2].id: "evaluation"}
        later = items_store.follow_up_cases(session, team, session.get(Meeting, ids[2]))
        assert set(later) == {c.id for c in cases}
