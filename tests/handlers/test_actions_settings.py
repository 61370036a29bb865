"""!instellingen (reminder rules per team) and !overzicht (a member's own digest)."""
from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from handlers.action_settings import COMMANDS as SETTINGS_COMMANDS
from state.models import Reminder, Team
from state.reminders import ReminderSettings

AMS = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def team(app):
    app.add_member("Anna", "smw")
    app.add_member("Ilse", "ib")
    return app


def settings(app) -> ReminderSettings:
    with app.services.db.session() as session:
        return ReminderSettings.of(session.get(Team, app.team_id))


def pending(app, **where) -> list[Reminder]:
    with app.services.db.session() as session:
        query = select(Reminder).where(Reminder.status == "pending")
        for name, value in where.items():
            query = query.where(getattr(Reminder, name) == value)
        return list(session.exec(query.order_by(Reminder.due_at)).all())


def test_only_the_chair_and_the_ib_may_change_reminder_settings(team):
    assert "voorzitter" in team.text("!instellingen", "anna").casefold()
    assert "herinneringstijd: 08:30" in team.text("!instellingen", "ilse")


def test_the_defaults_are_shown(team):
    text = team.text("!instellingen")
    assert "werkdagen: maandag, dinsdag, woensdag, donderdag en vrijdag" in text
    assert "stille uren: 18:00-08:00" in text and "2 werkdagen voor de deadline" in text


def test_working_days_quiet_hours_lead_time_and_time_can_be_changed(team):
    team.say("!instellingen werkdagen ma-do")
    team.say("!instellingen stil 19:00-07:30")
    team.say("!instellingen vooraf 1")
    team.say("!instellingen tijd 9:15")
    assert settings(team) == ReminderSettings(workdays=frozenset({0, 1, 2, 3}), quiet_start=time(19, 0),
                                              quiet_end=time(7, 30), lead_working_days=1,
                                              reminder_time=time(9, 15))


def test_english_names_work_too(app_en):
    assert "quiet hours: 19:00-07:00" in app_en.text("!settings quiet 19:00-07:00")


def test_holidays_move_reminders_and_can_be_removed(team):
    team.say("!actie anna verslag schrijven 8 januari")              # Friday 8 January 2027
    before = [r.due_at.astimezone(AMS).date() for r in pending(team, kind="before_due")]
    assert before == [date(2027, 1, 6)]
    assert "opnieuw gepland" in team.text("!instellingen vrij 2026-12-21 2027-01-06")
    # Two working days before 8 January now reach back past the Christmas holiday.
    assert [r.due_at.astimezone(AMS).date() for r in pending(team, kind="before_due")] == [date(2026, 12, 18)]
    team.say("!instellingen vrij -2027-01-06")
    assert date(2027, 1, 6) not in settings(team).holidays and date(2027, 1, 5) in settings(team).holidays
    assert "maandag 21 december 2026" in team.text("!instellingen")


@pytest.mark.parametrize("line, reason", [
    ("!instellingen tijd 25:00", "geen tijd"),
    ("!instellingen werkdagen maan", "geen dag"),
    ("!instellingen vooraf veel", "aantal werkdagen"),
    ("!instellingen vrij 31-02-2027", "geen datum"),
    ("!instellingen overzicht misschien", "aan of uit"),
    ("!instellingen kleur blauw", "Gebruik"),
])
def test_bad_values_are_explained_and_change_nothing(team, line, reason):
    assert reason in team.text(line)
    assert settings(team) == ReminderSettings()


def test_the_chair_overview_can_be_switched_off(team):
    team.say("!actie anna verslag schrijven vrijdag")
    assert pending(team, kind="chair_overview")
    team.say("!instellingen overzicht uit")
    assert pending(team, kind="chair_overview") == []


def test_digest_lists_my_actions_by_urgency(team, clock):
    team.say("!actie anna verslag schrijven morgen 12:00")
    team.say("!actie anna huisbezoek 15 december")
    clock.set(datetime(2026, 11, 26, 14, 0, tzinfo=AMS))
    text = team.text("!overzicht", "anna")
    assert text.index("Over tijd:") < text.index("#1") < text.index("Later:") < text.index("#2")
    assert "!overzicht dagelijks" in text
    assert "Je hebt geen open acties." in team.text("!overzicht", "ilse")


def test_digest_daily_on_and_off(team):
    assert "elke werkdag; de eerste keer donderdag 26 november, 08:30" in team.text("!overzicht dagelijks", "anna")
    assert "elke werkdag. Stoppen" in team.text("!overzicht", "anna")
    assert "uit" in team.text("!overzicht uit", "anna")
    assert pending(team, kind="digest") == []
    assert "Gebruik" in team.text("!overzicht wekelijks", "anna")


def test_each_rule_is_a_declared_subcommand_whose_parser_reads_the_value():
    settings_command = SETTINGS_COMMANDS[0]
    assert {sub.name for sub in settings_command.subcommands} == {
        "werkdagen", "tijd", "stil", "vooraf", "vrij", "overzicht", "vakanties"}
    assert all(sub.args[0].parser is not None and sub.roles == settings_command.roles
               for sub in settings_command.subcommands)
    tijd = settings_command.find_sub("herinnertijd")                     # the old synonyms still select it
    assert tijd.parse_args(["9:15"]) == [time(9, 15)]


def test_a_bad_value_gets_the_subcommands_usage_and_a_missing_one_is_named(team):
    text = team.text("!instellingen tijd 25:00")
    assert "'25:00' is geen tijd" in text and "Gebruik: !instellingen tijd <tijd>" in text
    missing = team.text("!instellingen vooraf")
    assert "Er ontbreekt nog iets: werkdagen." in missing and "Gebruik: !instellingen vooraf <werkdagen>" in missing
    assert settings(team) == ReminderSettings()
    team.say("!instellingen vakantie 2026-12-21 2026-12-23")             # a synonym, as before
    assert settings(team).holidays == {date(2026, 12, 21), date(2026, 12, 22), date(2026, 12, 23)}


def test_english_usage_for_a_bad_setting(app_en):
    text = app_en.text("!settings lead many")
    assert "Usage: !settings lead <working days>" in text
    assert "lead" in app_en.text("!help settings")


# -- issue 16: the region's school holidays can be turned off and on without removing the region -----------
def test_school_holidays_are_turned_off_and_on_and_the_region_stays(team):
    assert "schoolvakanties: geen regio ingesteld" in team.text("!instellingen")
    team.text("!team inrichten regio zuid")
    assert date(2026, 12, 21) in settings(team).holidays                  # kerstvakantie 2026-2027, zuid
    off = team.text("!instellingen vakanties uit")
    assert "schoolvakanties (regio zuid) als vrije dagen: uit" in off
    assert date(2026, 12, 21) not in settings(team).holidays and settings(team).skip_school_holidays is False
    with team.services.db.session() as session:
        assert session.get(Team, team.team_id).settings["region"] == "zuid"      # the region is kept
    assert "Gebruik: !instellingen vakanties" in team.text("!instellingen vakanties misschien")
    assert "voorzitter" in team.text("!instellingen vakanties aan", "anna").casefold()   # leads only
    assert settings(team).skip_school_holidays is False
    assert "als vrije dagen: aan" in team.text("!instellingen schoolvakanties aan")      # the synonym
    assert date(2026, 12, 21) in settings(team).holidays


def test_school_holidays_setting_in_english(app_en):
    app_en.text("!team setup region north")
    assert "school holidays (region north) as days off: off" in app_en.text("!settings school-holidays off")
