"""!overleg / !meeting: planning a series or a one-off in the chat, the invitation with its calendar
file, listing, moving and cancelling one occurrence or the rest of a series, and the settings.

The clock stands on Wednesday 25 November 2026, 09:30 in Amsterdam.
"""
from __future__ import annotations

import re

from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from sqlmodel import select

from state.models import AgendaItem, AuditEntry, Meeting, Reminder

AMS = ZoneInfo("Europe/Amsterdam")
SERIES_NL = ["!overleg plan", "dinsdag 1 december 14:00", "elke 3 weken", "Teamkamer", "ja"]
SERIES_EN = ["!meeting plan", "Tuesday 1 December 14:00", "every 3 weeks", "Staff room", "yes"]


@pytest.fixture
def team(app):
    app.add_member("Ilse", "ib")
    app.add_member("Anna", "smw")
    app.add_member("Piet", "jgz")
    return app


def say_all(app, lines, user="chair"):
    replies = []
    for line in lines:
        replies = app.say(line, user)
    return replies


def plan_series(app, lines=SERIES_NL, user="chair"):
    return say_all(app, lines, user)


def meetings(app) -> list[Meeting]:
    with app.services.db.session() as session:
        return list(session.exec(select(Meeting).where(Meeting.team_id == app.team_id)
                                 .order_by(Meeting.starts_at)).all())


def local(meeting) -> str:
    return meeting.starts_at.astimezone(AMS).strftime("%a %d-%m %H:%M")


# -- planning -------------------------------------------------------------------------------------------
def test_planning_a_series_invites_everyone_with_a_calendar_file(team):
    [reply] = plan_series(team)
    assert "Uitnodiging voor het overleg van Zorgteam De Wilgen:" in reply.text
    assert "Een reeks: elke 3 weken, te beginnen dinsdag 1 december, 14:00." in reply.text
    assert "#1 dinsdag 1 december, 14:00 · Teamkamer · elke 3 weken" in reply.text
    assert sorted(reply.mentions) == ["anna", "ilse", "piet"]             # not the chair who planned it
    name, content, mime = reply.attachment
    assert re.fullmatch(r"overleg-reeks-[0-9a-f]{8}\.ics", name) and mime == "text/calendar"
    assert name in reply.text                              # the invitation names its own file
    [event] = Calendar.from_ical(content).walk("VEVENT")
    assert event["RRULE"]["INTERVAL"] == [3]
    found = meetings(team)
    assert [local(m) for m in found[:3]] == ["Tue 01-12 14:00", "Tue 22-12 14:00", "Tue 12-01 14:00"]
    with team.services.db.session() as session:
        audit = session.exec(select(AuditEntry).where(AuditEntry.action == "meeting/planned")).one()
        assert audit.details["occurrences"] == len(found)


def test_the_plan_dialogue_wants_a_time_and_confirms_a_suggestion(team):
    team.text("!overleg plan")
    assert "begintijd" in team.text("dinsdag 1 december")
    out = team.text("vandaag 8:00")
    assert "al voorbij" in out and "Bedoel je donderdag 26 november, 08:00?" in out
    assert "Eenmalig of een reeks?" in team.text("ja")
    assert "Waar" in team.text("eenmalig")
    assert "Zo plannen?" in team.text("-")
    out = team.text("ja")
    assert "#1 donderdag 26 november, 08:00" in out
    [meeting] = meetings(team)
    assert meeting.series_id is None and meeting.place == ""


def test_the_teams_own_frequency_and_place_are_offered(team):
    with team.services.db.session() as session:
        from state.models import Team
        row = session.get(Team, team.team_id)
        row.settings = {**row.settings, "frequency": "4", "place": "Kamer 12"}
    team.text("!overleg plan")
    assert "Het team koos bij het inrichten voor: elke 4 weken." in team.text("maandag 30 november 13:00")
    assert "Met '-' wordt het: Kamer 12." in team.text("elke 4 weken")
    assert "Plaats: Kamer 12" in team.text("-")
    team.text("ja")
    assert meetings(team)[0].place == "Kamer 12"


def test_a_series_typed_in_one_line_is_not_asked_again(team):
    team.text("!overleg plan")
    out = team.text("elke 2 weken op dinsdag om 14:00 vanaf 1 december")
    assert "Typ eerst alleen de datum en tijd van het eerste overleg" in out      # says how, changes nothing
    out = team.text("wekelijks dinsdag 1 december 14:00")
    assert "Eenmalig of een reeks?" not in out and "Waar" in out
    assert "Herhaling: elke week" in team.text("-")
    team.text("ja")
    found = meetings(team)
    assert [local(m) for m in found[:2]] == ["Tue 01-12 14:00", "Tue 08-12 14:00"]


def test_a_series_in_one_line_in_english(app_en):
    app_en.text("!meeting plan")
    out = app_en.text("every 2 weeks on Tuesday at 14:00 from 1 December")
    assert "Type only the date and time of the first meeting" in out
    assert "Where" in app_en.text("every 2 weeks tuesday 1 december 14:00")


def test_planning_in_english(app_en):
    app_en.add_member("Anna", "smw")
    [reply] = plan_series(app_en, SERIES_EN)
    assert "Invitation to the meeting of Zorgteam De Wilgen:" in reply.text
    assert "A series: every 3 weeks, starting Tuesday 1 December, 14:00." in reply.text
    assert reply.attachment[0].startswith("overleg-reeks-") and reply.attachment[0] in reply.text


@pytest.mark.parametrize("fixture, lines, asked, done", [
    ("team", ["!overleg plan dinsdag 1 december 14:00", "eenmalig", "Teamkamer", "ja"],
     "Eenmalig of een reeks?", "Uitnodiging voor het overleg"),
    ("app_en", ["!meeting plan Tuesday 1 December 14:00", "once", "Staff room", "yes"],
     "Once, or a series?", "Invitation to the meeting")])
def test_a_date_typed_with_plan_answers_its_first_question(request, fixture, lines, asked, done):
    app = request.getfixturevalue(fixture)
    first = app.text(lines[0])
    assert asked in first and "meer gegevens" not in first and "more details" not in first
    for line in lines[1:-1]:
        app.text(line)
    assert done in app.text(lines[-1])
    assert [local(m) for m in meetings(app)] == ["Tue 01-12 14:00"]


def test_a_past_date_typed_with_plan_is_refused_there_and_asked_again(team):
    out = team.text("!overleg plan gisteren 10:00")
    assert "Dat moment is al voorbij." in out and "Wanneer is het (eerste) overleg?" in out
    assert "Eenmalig of een reeks?" in team.text("!overleg plan dinsdag 1 december 14:00")   # typed again, taken
    assert meetings(team) == []


def test_only_the_lead_roles_plan(team):
    out = team.text("!overleg plan", "Anna")
    assert "voorzitter" in out and "Wanneer" not in out
    assert "Wanneer is het (eerste) overleg?" in team.text("!overleg plan", "Ilse")


def test_everyone_sees_the_list_and_strangers_see_nothing(team):
    plan_series(team)
    out = team.text("!overleg", "Anna")
    assert "Komende overleggen van Zorgteam De Wilgen:" in out
    assert "#1 dinsdag 1 december, 14:00 · Teamkamer · elke 3 weken" in out
    assert "Zorgteam De Wilgen" in team.text("!overleg", "stranger") and "geen lid" in team.text("!overleg", "stranger")


def test_the_list_says_how_to_plan_when_there_is_nothing(team):
    assert "Er is nog geen overleg gepland. Plannen: !overleg plan" in team.text("!overleg")


# -- moving and cancelling ---------------------------------------------------------------------------------
def test_moving_one_occurrence_sends_a_changed_invitation(team):
    plan_series(team)
    [reply] = team.say("!overleg verzet 2 woensdag 23 december 10:00")
    # only this one moved: said so, with from and to, and that the series keeps its day (not "Een reeks ...")
    assert ("Gewijzigd: alleen dit overleg van Zorgteam De Wilgen is verzet, van dinsdag 22 december, 14:00 "
            "naar woensdag 23 december, 10:00. De reeks blijft: elke 3 weken.") in reply.text
    assert "te beginnen" not in reply.text and "later" not in reply.text
    assert "#2 woensdag 23 december, 10:00 · Teamkamer · elke 3 weken · verzet" in reply.text
    events = Calendar.from_ical(reply.attachment[1]).walk("VEVENT")
    assert any("RECURRENCE-ID" in e for e in events)
    assert [local(m) for m in meetings(team)[:3]] == ["Tue 01-12 14:00", "Wed 23-12 10:00", "Tue 12-01 14:00"]


def test_moving_the_series_moves_every_later_occurrence(team):
    plan_series(team)
    team.say("!overleg verzet 3 donderdag 14 januari 15:00 reeks")
    assert [local(m) for m in meetings(team)[:5]] == \
        ["Tue 01-12 14:00", "Tue 22-12 14:00", "Thu 14-01 15:00", "Thu 04-02 15:00", "Thu 25-02 15:00"]


def test_a_move_without_a_time_is_refused_and_changes_nothing(team):
    plan_series(team)
    assert "begintijd" in team.text("!overleg verzet 2 woensdag")
    assert local(meetings(team)[1]) == "Tue 22-12 14:00"


def test_cancelling_one_meeting_moves_its_registrations_to_the_next(team):
    plan_series(team)
    register_quickly(team, "Z-17")
    asked = team.text("!overleg annuleer 1")
    assert "Je annuleert overleg 1 van dinsdag 1 december, 14:00." in asked
    assert "Er staat 1 agendapunt op (1 aangemelde casus)." in asked
    assert "Die schuiven door naar het overleg van dinsdag 22 december, 14:00." in asked
    assert "Geannuleerd" not in asked and meetings(team)[0].status == "planned"    # nothing before 'ja'
    out = team.text("ja")
    assert "Geannuleerd: het overleg van Zorgteam De Wilgen." in out
    assert "1 agendapunt schuift door naar dinsdag 22 december, 14:00." in out
    with team.services.db.session() as session:
        items = session.exec(select(AgendaItem).order_by(AgendaItem.id)).all()
        assert [(i.meeting_id, i.status) for i in items] == [(1, "moved"), (2, "open")]
        assert items[1].brief["reason"] == "driftbuien"


def test_cancelling_the_series_ends_it_from_there(team):
    plan_series(team)
    asked = team.text("!overleg annuleer 2 reeks")
    assert "Je annuleert" in asked and "overleggen van de reeks, vanaf dinsdag 22 december, 14:00." in asked
    out = team.text("ja")
    assert "Geannuleerd" in out
    assert [m.status for m in meetings(team)][:3] == ["planned", "cancelled", "cancelled"]
    assert "#1 dinsdag 1 december" in team.text("!overleg") and "#2" not in team.text("!overleg")


def test_a_move_without_a_date_asks_for_it_and_takes_the_next_line(team):
    plan_series(team)
    asked = team.text("!overleg verzet 2")
    assert "Naar welke datum en tijd verzet je overleg 2 (dinsdag 22 december, 14:00)?" in asked
    assert "Er ontbreekt nog iets" not in asked and "Gebruik:" not in asked
    assert "begintijd" in team.text("woensdag")              # no time: asked again, nothing moved
    assert local(meetings(team)[1]) == "Tue 22-12 14:00"
    out = team.text("woensdag 23 december 10:00")
    assert "Gewijzigd: alleen dit overleg van Zorgteam De Wilgen is verzet" in out
    assert "!agenda" not in out
    assert [local(m) for m in meetings(team)[:3]] == ["Tue 01-12 14:00", "Wed 23-12 10:00", "Tue 12-01 14:00"]


def test_a_move_without_a_date_in_english(app_en):
    plan_series(app_en, SERIES_EN)
    assert "To which date and time do you move meeting 2" in app_en.text("!meeting move 2")
    assert "Changed: only this meeting of Zorgteam De Wilgen has moved, from Tuesday 22 December, 14:00" \
        in app_en.text("Wednesday 23 December 10:00")
    assert local(meetings(app_en)[1]) == "Wed 23-12 10:00"


def test_a_cancel_is_asked_first_and_nee_keeps_the_meeting(team):
    say_all(team, ["!overleg plan", "dinsdag 1 december 14:00", "eenmalig", "-", "ja"])
    asked = team.text("!overleg annuleer 1")
    assert "Je annuleert overleg 1 van dinsdag 1 december, 14:00." in asked
    assert "Er staan nog geen agendapunten op." in asked
    assert "Niet geannuleerd: overleg 1 blijft staan." in team.text("nee")
    assert meetings(team)[0].status == "planned"


def test_a_cancel_with_cases_and_no_next_meeting_says_they_wait(team):
    say_all(team, ["!overleg plan", "dinsdag 1 december 14:00", "eenmalig", "-", "ja"])
    register_quickly(team, "Z-17")
    asked = team.text("!overleg annuleer 1")
    assert "Er staat 1 agendapunt op (1 aangemelde casus)." in asked
    assert "ze wachten op het volgende overleg dat gepland wordt" in asked
    out = team.text("ja")
    assert "Geannuleerd: het overleg van Zorgteam De Wilgen." in out
    assert "1 agendapunt schuift door naar het volgende overleg dat gepland wordt." in out
    # a cancellation is nothing to import as a meeting, nor anything to bring a case to
    assert "kun je in je agenda importeren" not in out and "!aanmelden" not in out
    assert "Het bestand overleg-1.ics haalt het overleg uit je agenda als je het importeert." in out
    assert meetings(team)[0].status == "cancelled"


def test_a_cancel_in_english_is_asked_first(app_en):
    say_all(app_en, ["!meeting plan", "Tuesday 1 December 14:00", "once", "-", "yes"])
    asked = app_en.text("!meeting cancel 1")
    assert "You are cancelling meeting 1 of" in asked and "Its agenda is still empty." in asked
    out = app_en.text("yes")
    assert "Importing the file overleg-1.ics removes the meeting from your calendar." in out
    assert "To bring a case" not in out and "!refer" not in out


def test_unknown_or_past_meetings_are_refused(team):
    plan_series(team)
    assert "Overleg #99 ken ik niet" in team.text("!overleg verzet 99 vrijdag 14:00")
    team.text("!overleg annuleer 1")
    team.text("ja")
    assert "geannuleerd; dat kan niet meer" in team.text("!overleg annuleer 1")


def test_planning_from_a_direct_chat_queues_the_invitation_for_the_team_room(team):
    from core.messages import Inbound
    for line in SERIES_NL:
        replies = team.router.turn(Inbound(transport="console", room_id="dm-chair", user_id="chair", text=line,
                                           is_direct=True)).replies
    assert "De uitnodiging gaat ook naar de teamkamer." in replies[0].text
    count = len(meetings(team))
    with team.services.db.session() as session:
        [row] = session.exec(select(Reminder).where(Reminder.kind == "meeting_invite")).all()
        assert row.payload["change"] == "planned" and len(row.payload["meetings"]) == count


# -- calendar and settings ---------------------------------------------------------------------------------------
def test_the_calendar_file_of_all_coming_meetings(team):
    plan_series(team)
    say_all(team, ["!overleg plan", "donderdag 3 december 9:00", "eenmalig", "https://meet.example.org/x", "ja"])
    [reply] = team.say("!overleg kalender", "Anna")
    assert reply.attachment[0] == "overleg.ics"
    events = Calendar.from_ical(reply.attachment[1]).walk("VEVENT")
    assert sorted(str(e["UID"]).split("-")[0] for e in events) == ["meeting", "series"]


def test_settings_change_the_agenda_moment_of_every_coming_meeting(team):
    plan_series(team)
    assert "3 werkdagen voor het overleg" in team.text("!overleg instellingen")
    assert "Opgeslagen: agenda 5 werkdagen vooraf" in team.text("!overleg instellingen agenda 5")
    with team.services.db.session() as session:
        row = session.exec(select(Reminder).where(Reminder.meeting_id == 2, Reminder.kind == "agenda",
                                                  Reminder.status == "pending")).one()
        assert row.due_at.astimezone(AMS).strftime("%a %d-%m %H:%M") == "Tue 15-12 08:30"
    assert "Kies 1 tot 15 werkdagen." in team.text("!overleg instellingen agenda 40")
    assert "Gebruik" in team.text("!overleg instellingen kleur blauw")
    assert "voorzitter" in team.text("!overleg instellingen agenda 2", "Anna")


def register_quickly(app, code, user="chair", answers=None):
    """!aanmelden with the required answers only."""
    app.text(f"!aanmelden {code}", user)
    for answer in answers or ["hoe ga ik om met driftbuien", "-", "-", "driftbuien", "regulatie",
                              "-", "-", "-", "-", "-", "-", "ja"]:
        out = app.text(answer, user)
    return out


def test_meeting_settings_are_declared_sub_commands_with_their_own_ranges(team):
    plan_series(team)
    assert "Opgeslagen: agenda 3 werkdagen vooraf, overleg 45 minuten." in team.text("!overleg instellingen duur 45")
    assert team.text("!overleg instellingen duur 5") == "Kies 15 tot 480 minuten."
    assert team.text("!overleg instellingen duur 99999999999999999999") == "Kies 15 tot 480 minuten."
    not_a_number = team.text("!overleg instellingen agenda veel")
    assert "is geen nummer" in not_a_number and "Gebruik: !overleg instellingen agenda <werkdagen>" in not_a_number
    assert "Gebruik: !overleg instellingen agenda <werkdagen>" in team.text("!overleg instellingen agenda")
    # the English command is answered in English, the Dutch one after it in Dutch again
    assert "Saved: agenda 4 working days ahead, meetings of 45 minutes." in team.text("!meeting settings agenda 4")
    assert "Opgeslagen: agenda 4 werkdagen vooraf, overleg 60 minuten." in team.text("!overleg instellingen duration 60")
    help_text = team.text("!hulp overleg")
    assert "instellingen" in help_text


def test_each_meeting_has_its_own_calendar_file_and_a_cancellation_is_sent_as_one(team):
    plan_series(team)
    one_off = say_all(team, ["!overleg plan", "donderdag 3 december 9:00", "eenmalig", "-", "ja"])[-1]
    assert re.fullmatch(r"overleg-\d+\.ics", one_off.attachment[0])
    series_file = team.say("!overleg kalender 1", "chair")[0].attachment[0]
    assert series_file.startswith("overleg-reeks-") and series_file != one_off.attachment[0]
    number = int(one_off.attachment[0].removeprefix("overleg-").removesuffix(".ics"))
    team.say(f"!overleg annuleer {number}")
    [cancel, *_] = team.say("ja")
    calendar = Calendar.from_ical(cancel.attachment[1])
    assert str(calendar["METHOD"]) == "CANCEL" and cancel.attachment[0] == one_off.attachment[0]
    [event] = calendar.walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED" and int(event["SEQUENCE"]) >= 1
    assert str(Calendar.from_ical(team.say("!overleg kalender 1")[0].attachment[1])["METHOD"]) == "PUBLISH"


@pytest.mark.parametrize("fixture, command, marker, next_question", [
    ("team", "!overleg plan", "Bijvoorbeeld: ", "Eenmalig of een reeks?"),
    ("app_en", "!meeting plan", "For example: ", "Once, or a series?"),
])
def test_the_example_date_lies_ahead_and_can_be_typed_as_it_stands(request, fixture, command, marker, next_question):
    app = request.getfixturevalue(fixture)
    prompt = app.text(command)
    example = prompt.split(marker, 1)[1].splitlines()[0]
    assert next_question in app.text(example)          # not "al voorbij" / "already past", not unparsed
