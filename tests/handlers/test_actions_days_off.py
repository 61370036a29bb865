"""Due dates on days off, snoozes past the deadline, natural start and holiday phrases, and an action line
that names two cases: what the member is told, and what must not happen (a silent date, a lost reminder,
a code printed in the open). The clock: Wednesday 25 November 2026, 09:30 Amsterdam time."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from state.models import Action, Case, Reminder, Team

AMS = ZoneInfo("Europe/Amsterdam")


def region(app, name: str = "midden") -> None:
    with app.services.db.session() as session:
        team = session.get(Team, app.team_id)
        team.settings = {**(team.settings or {}), "region": name}
        session.add(team)


def actions(app) -> list[Action]:
    with app.services.db.session() as session:
        return session.exec(select(Action).order_by(Action.number)).all()


def due_day(app, number: int = 1) -> date:
    found = [a for a in actions(app) if a.number == number][0]
    moment = found.due_at if found.due_at.tzinfo else found.due_at.replace(tzinfo=ZoneInfo("UTC"))
    return moment.astimezone(AMS).date()


def pending(app, number: int = 1) -> list[tuple[str, datetime]]:
    action_id = [a for a in actions(app) if a.number == number][0].id
    with app.services.db.session() as session:
        return sorted((r.kind, r.due_at) for r in session.exec(select(Reminder).where(
            Reminder.action_id == action_id, Reminder.status == "pending")).all())


# -- a due date on a day off ----------------------------------------------------------------------------
def test_a_due_date_in_the_weekend_is_asked_about_with_the_friday_before(app):
    text = app.text("!actie ik bellen over 3 dagen")          # Saturday 28 November
    assert "zaterdag 28 november valt in het weekend." in text
    assert "Bedoel je vrijdag 27 november, 17:00?" in text
    assert actions(app) == []                                    # nothing saved before the answer
    assert "uiterlijk vrijdag 27 november, 17:00" in app.text("ja")
    assert due_day(app) == date(2026, 11, 27)


def test_the_member_may_keep_the_day_off(app, app_en):
    app.say("!actie ik bellen zaterdag")
    assert "uiterlijk zaterdag 28 november" in app.text("toch")
    app_en.say("!action me call saturday")
    assert "due Saturday 28 November" in app_en.text("keep")
    app.say("!actie ik verslag zondag")
    assert "uiterlijk zondag 29 november" in app.text("zondag")    # the same day typed again: meant


def test_a_date_in_the_school_holiday_names_the_holiday_and_the_last_school_day(app):
    region(app)
    text = app.text("!actie ik verslag 21 december")
    assert "maandag 21 december valt in de kerstvakantie." in text
    assert "Bedoel je vrijdag 18 december, 17:00?" in text and "Wil je toch maandag 21 december? Typ 'toch'." in text
    app.say("ja")
    assert due_day(app) == date(2026, 12, 18)


def test_a_team_study_day_is_a_day_off_too(app):
    app.say("!instellingen vrij 2026-12-04")
    text = app.text("!actie ik verslag 4 december")
    assert "vrijdag 4 december is een vrije dag van het team" in text and "Bedoel je donderdag 3 december" in text


def test_reschedule_to_a_day_off_is_asked_about_the_same_way(app):
    app.say("!actie ik bellen vrijdag")
    text = app.text("!verzet 1 zaterdag")
    assert "zaterdag 28 november valt in het weekend." in text and "Bedoel je vrijdag 27 november" in text
    assert due_day(app) == date(2026, 11, 27)                   # unchanged while asked
    assert "nieuwe deadline: vrijdag 27 november" in app.text("ja")


def test_english_day_off_question(app_en):
    region(app_en)
    text = app_en.text("!action me report 21 December")
    assert "Monday 21 December falls in the Christmas holiday." in text
    assert "Do you mean Friday 18 December, 17:00?" in text


# -- natural phrases -----------------------------------------------------------------------------------
def test_end_of_the_month_before_a_holiday_says_why(app, clock):
    region(app)
    clock.set(datetime(2026, 12, 4, 9, 0, tzinfo=AMS))
    text = app.text("!actie ik evaluatie eind van de maand")
    assert "uiterlijk vrijdag 18 december, 17:00" in text
    assert "donderdag 31 december valt in de kerstvakantie. Daarom de laatste werkdag ervoor." in text


def test_after_the_christmas_holiday_is_the_first_school_day_after_it(app, app_en):
    region(app)
    text = app.text("!actie ik gesprek na de kerstvakantie")
    assert "Actie #1 vastgelegd voor chair: gesprek, uiterlijk maandag 4 januari 2027, 17:00." in text
    region(app_en)
    assert "due Monday 4 January 2027, 17:00" in app_en.text("!action me talk after the Christmas holidays")


def test_after_the_holiday_without_a_region_asks(app):
    text = app.text("!actie ik gesprek na de kerstvakantie")
    assert "Wanneer de kerstvakantie is, weet ik niet: de regio van het team" in text
    assert actions(app) == []


def test_every_six_weeks_from_monday_starts_that_monday(app):
    text = app.text("!actie ik verslag elke 6 weken vanaf maandag")
    assert "Actie #1 vastgelegd voor chair: verslag, uiterlijk maandag 30 november, 17:00." in text
    assert "elke 6 weken" in text
    assert actions(app)[0].recurrence_days == 42


def test_the_first_date_question_of_a_series_says_the_repeat_is_kept(app):
    app.say("!actie ik verslag elke 6 weken")
    text = app.text("nee")
    assert "Wanneer moet het klaar zijn?" in text and "daarna herhaalt de actie zich elke 6 weken" in text


# -- snooze ----------------------------------------------------------------------------------------------
def test_snooze_until_a_date_is_understood_and_keeps_the_deadline(app, app_en):
    app.say("!actie ik bellen vrijdag")
    text = app.text("!uitstel 1 tot donderdag")
    assert "uitgesteld tot donderdag 26 november, 17:00. De deadline blijft vrijdag 27 november" in text
    app_en.say("!action me call friday")
    assert "snoozed until Thursday 26 November" in app_en.text("!snooze 1 until thursday")


def test_snooze_asks_for_the_snooze_date_not_the_deadline(app):
    app.say("!actie ik bellen vrijdag")
    text = app.text("!uitstel 1 blabla")
    assert "Tot wanneer wil je geen herinneringen voor deze actie? De deadline blijft staan." in text
    assert "Wanneer moet het klaar zijn?" not in text


@pytest.mark.parametrize("when", ["maandag", "tot 20 december"])
def test_a_snooze_past_the_deadline_is_refused_and_no_reminder_is_lost(app, when):
    app.say("!actie ik bellen vrijdag")
    before = pending(app)
    text = app.text(f"!uitstel 1 {when}")
    assert text.startswith("Niet uitgesteld:") and "na de deadline van actie #1 (vrijdag 27 november, 17:00)" in text
    assert "!verzet 1 " in text
    assert pending(app) == before                                 # due-day and overdue reminders stay
    assert "snooze" not in [kind for kind, _ in pending(app)]


def test_a_snooze_two_years_ahead_is_refused_after_the_far_question(app):
    app.say("!actie ik bellen vrijdag")
    app.say("!uitstel 1 over 2 jaar")
    assert "Niet uitgesteld" in app.text("ja")


def test_english_snooze_past_the_due_date(app_en):
    app_en.say("!action me call friday")
    text = app_en.text("!snooze 1 monday")
    assert text.startswith("Not snoozed:") and "!reschedule 1 30-11-2026" in text


def test_an_overdue_action_may_still_be_snoozed(app, clock):
    app.say("!actie ik bellen morgen")
    clock.set(datetime(2026, 11, 27, 9, 0, tzinfo=AMS))
    assert "uitgesteld tot maandag 30 november" in app.text("!uitstel 1 maandag")


# -- two case codes --------------------------------------------------------------------------------------
@pytest.mark.parametrize("line", ["!actie ik broer van Z-17 bellen Z-18 vrijdag", "!actie ik Z-17 en Z-18 bellen vrijdag"])
def test_two_case_codes_in_one_action_are_refused_without_printing_a_code(app, line):
    text = app.text(line)
    assert "meer dan één casuscode" in text and "Niets vastgelegd" in text
    assert "Z-17" not in text and "Z-18" not in text
    assert actions(app) == []
    with app.services.db.session() as session:
        assert session.exec(select(Case)).all() == []


def test_the_same_code_twice_is_one_case(app):
    assert "vastgelegd" in app.text("!actie ik Z-17 bellen over Z-17 vrijdag")


# -- settings ---------------------------------------------------------------------------------------------
def test_a_settings_change_without_open_actions_does_not_count_zero(app):
    text = app.text("!instellingen tijd 09:00")
    assert "0 open" not in text and "geen open acties" in text
