"""Registering and listing actions: one line or a short dialogue, in Dutch and English.

The clock stands on Wednesday 25 November 2026, 09:30 in Amsterdam.
"""
from __future__ import annotations

import logging
from datetime import datetime, timezone

import pytest
from sqlmodel import select

from state.models import Action, AuditEntry, Case, Consent
from tests.conftest import make_chat_app


@pytest.fixture
def team(app):
    app.add_member("Anna", "smw")
    app.add_member("Ilse", "ib")
    app.add_member("Piet", "jgz")
    return app


def actions(app) -> list[Action]:
    with app.services.db.session() as session:
        return list(session.exec(select(Action).order_by(Action.number)).all())


def allow_naming(app, code: str) -> None:
    with app.services.db.session() as session:
        case = session.exec(select(Case).where(Case.code == code)).one()
        session.add(Consent(case_id=case.id, option="written_consent", given_by="parents"))


# -- one line ----------------------------------------------------------------------------------------
def test_one_line_registers_owner_description_case_and_date(team):
    text = team.text("!actie @anna huisbezoek plannen Z-17 vrijdag")
    assert "Actie #1 vastgelegd voor Anna: huisbezoek plannen" in text
    assert "vrijdag 27 november, 17:00" in text
    [action] = actions(team)
    assert action.description == "huisbezoek plannen"          # the code is kept apart from the text
    assert action.due_at == datetime(2026, 11, 27, 16, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("line, description", [
    ("!actie ik bel de moeder van casus Z-3 vrijdag", "bel de moeder"),
    ("!actie ik gesprek met Z-4 over verzuim vrijdag", "gesprek over verzuim"),
    ("!action me call the parents of pupil Z-5 Friday", "call the parents"),
])
def test_the_words_leading_up_to_the_case_code_leave_with_it(team, line, description):
    """The case shows through its label after the text; "van casus (anonieme casus A)" would dangle."""
    team.text(line)
    [action] = actions(team)
    assert action.description == description


def test_at_ik_is_the_speaker(team):
    assert "Actie #1 vastgelegd voor chair: gesprek plannen" in team.text("!actie @ik gesprek plannen vrijdag")


def test_the_same_action_typed_twice_is_saved_and_pointed_out_with_its_undo(team):
    team.text("!actie @anna bellen Z-4 vrijdag")
    second = team.text("!actie @anna Bellen  Z-4 maandag")
    assert "actie #1 staat met dezelfde tekst al open" in second and "!schrap 2" in second
    assert "al open" not in team.text("!actie @anna bellen Z-5 vrijdag")      # another case: no remark
    assert "al open" not in team.text("!actie @piet bellen Z-4 vrijdag")      # another owner: no remark


def test_the_confirmation_mentions_the_owner_but_not_the_speaker(team):
    assert team.say("!actie anna huisbezoek plannen vrijdag")[0].mentions == ["anna"]
    assert team.say("!actie ik agenda maken vrijdag")[0].mentions == []


def test_english_one_line_with_me_and_next_tuesday(app_en):
    text = app_en.text("!action me call the parents Z-17 next Tuesday")
    assert "Action #1 recorded for chair: call the parents" in text
    assert "Tuesday 1 December, 17:00" in text


def test_a_dutch_member_may_type_an_english_date(team):
    assert "dinsdag 1 december, 17:00" in team.text("!actie anna school bellen next Tuesday")


def test_a_role_names_the_one_member_who_has_it(team):
    assert "vastgelegd voor Anna" in team.text("!actie smw ouders bellen morgen 9:00")
    assert "donderdag 26 november, 09:00" in team.text("!acties anna")


def test_a_role_held_by_two_members_is_asked(team):
    team.add_member("Sanne", "smw")
    text = team.text("!actie smw ouders bellen morgen 9:00")
    assert "Wie bedoel je: Anna of Sanne?" in text
    assert actions(team) == []
    assert "vastgelegd voor Sanne" in team.text("sanne")


def test_an_unknown_mention_is_asked_again(team):
    text = team.text("!actie @karel huisbezoek vrijdag")
    assert "'@karel' ken ik niet" in text
    assert "vastgelegd voor Piet: huisbezoek" in team.text("Piet")


# -- dates are never guessed -------------------------------------------------------------------------
def test_an_ambiguous_date_is_asked_again_with_a_suggestion(team):
    text = team.text("!actie anna verslag schrijven woensdag")        # said on a Wednesday
    assert "'woensdag' kan meer dan één moment zijn" in text
    assert "Bedoel je woensdag 2 december, 17:00?" in text
    assert actions(team) == []
    assert "woensdag 2 december, 17:00" in team.text("ja")
    assert len(actions(team)) == 1


def test_a_past_date_is_asked_again_and_another_answer_is_read_as_a_date(team):
    text = team.text("!actie anna verslag schrijven 1 november 2026")
    assert "ligt in het verleden" in text and "Bedoel je maandag 1 november" in text
    text = team.text("31 februari")
    assert "'31 februari' bestaat niet" in text and actions(team) == []
    assert "vrijdag 4 december, 17:00" in team.text("volgende week vrijdag")


def test_no_says_no_to_the_suggestion_and_asks_the_plain_question(team):
    team.say("!actie anna verslag schrijven woensdag")
    assert "Wanneer moet het klaar zijn?" in team.text("nee")


def test_missing_parts_are_asked_in_a_short_dialogue(team):
    assert "Wie doet het?" in team.text("!actie")
    assert "Wat moet er gebeuren?" in team.text("ik")
    assert "Wanneer moet het klaar zijn?" in team.text("agenda maken Z-3")
    text = team.text("over 2 weken")
    assert "Actie #1 vastgelegd voor chair: agenda maken" in text and "woensdag 9 december" in text
    assert actions(team)[0].case_id is not None


def test_stop_ends_the_dialogue_without_an_action(team):
    team.say("!actie")
    team.say("anna")
    assert "gestopt" in team.text("stop").casefold() or "stop" in team.text("!acties").casefold()
    assert actions(team) == []


# -- numbers -----------------------------------------------------------------------------------------
def test_numbers_are_short_never_reused_and_per_team(database_url, clock):
    app = make_chat_app(database_url, clock)
    app.text("!actie ik agenda maken vrijdag")
    app.text("!actie ik verslag maken vrijdag")
    app.text("!schrap 2")
    assert "Actie #3" in app.text("!actie ik notulen maken vrijdag")
    from state.models import Room, Team
    from state.teams import add_member
    with app.services.db.session() as session:
        team = Team(name="Tweede team")
        session.add(team)
        session.flush()
        session.add(Room(transport="console", external_id="room-2", team_id=team.id))
        add_member(session, team, "console", "chair", "chair", {"voorzitter"})
    app.room_id = "room-2"
    assert "Actie #1" in app.text("!actie ik agenda maken vrijdag")
    app.services.db.dispose()


# -- listing -----------------------------------------------------------------------------------------
def test_lists_mine_team_case_overdue_and_someone_elses(team, clock):
    team.say("!actie anna huisbezoek plannen Z-17 vrijdag")
    team.say("!actie piet ouders uitnodigen Z-17 15 december")
    team.say("!actie anna verslag Z-20 morgen 12:00")
    mine = team.text("!acties", "anna")
    assert mine.startswith("Jouw open acties:") and "#1" in mine and "#3" in mine and "#2" not in mine
    assert mine.index("#3") < mine.index("#1")                        # soonest first
    assert all(f"#{n}" in team.text("!acties team") for n in (1, 2, 3))
    case = team.text("!acties Z-17")
    assert "#1" in case and "#2" in case and "#3" not in case
    assert "Geen acties over tijd." in team.text("!acties te laat")
    clock.set(datetime(2026, 11, 26, 12, 0, tzinfo=timezone.utc))
    overdue = team.text("!acties te laat")
    assert "#3" in overdue and "over tijd" in overdue and "#1" not in overdue
    assert "#2" in team.text("!acties Piet") and "#1" not in team.text("!acties Piet")
    assert "Je hebt geen open acties" in team.text("!acties", "ilse")


def test_a_case_shows_by_code_only_when_consent_allows_it(team):
    team.say("!actie anna huisbezoek plannen Z-17 vrijdag")
    assert "(anonieme casus A)" in team.text("!acties team") and "Z-17" not in team.text("!acties team")
    allow_naming(team, "Z-17")
    assert "#1 huisbezoek plannen (Z-17)" in team.text("!acties team")


def test_anonymous_cases_are_told_apart_by_their_own_letter_everywhere(team):
    # Without consent no code is shown, but two anonymous cases must not read the same.
    registered = [team.text("!actie anna huisbezoek plannen Z-17 vrijdag"),
                  team.text("!actie ilse gesprek ouders Z-20 maandag"),
                  team.text("!actie piet dossier lezen Z-17 dinsdag")]
    assert "huisbezoek plannen (anonieme casus A)" in registered[0]
    assert "gesprek ouders (anonieme casus B)" in registered[1]
    listing = team.text("!acties team")
    assert "#1 huisbezoek plannen (anonieme casus A) · Anna" in listing
    assert "#2 gesprek ouders (anonieme casus B) · Ilse" in listing
    assert "#3 dossier lezen (anonieme casus A) · Piet" in listing
    assert "(anonieme casus)" not in listing and "Z-17" not in listing and "Z-20" not in listing
    case = team.text("!acties Z-20")
    assert case.startswith("Open acties voor anonieme casus B:") and "#2 gesprek ouders (anonieme casus B)" in case
    assert "Z-20" not in case
    assert "(anonieme casus A)" in team.text("!acties", "anna") and "(anonieme casus A)" in team.text("!actie 3")
    allow_naming(team, "Z-20")                      # consent: the code; the other case keeps its letter
    listing = team.text("!acties team")
    assert "#2 gesprek ouders (Z-20)" in listing and "#1 huisbezoek plannen (anonieme casus A)" in listing


def test_anonymous_case_letters_in_english(app_en):
    app_en.text("!action me call the parents Z-17 Friday")
    app_en.text("!action me write the report Z-20 Monday")
    listing = app_en.text("!actions")
    assert "call the parents (anonymous case A)" in listing and "write the report (anonymous case B)" in listing
    assert "(anonymous case)" not in listing and "Z-17" not in listing


def test_a_listing_hides_descriptions_where_only_codes_may_travel(team):
    team.say("!actie anna huisbezoek plannen Z-17 vrijdag")
    [reply] = team.say("!acties team")
    assert reply.privacy == "full" and "huisbezoek" not in reply.withheld_text and "#1" in reply.withheld_text


def test_show_one_action_with_its_notes(team):
    team.say("!actie anna huisbezoek plannen vrijdag")
    team.say("!notitie 1 teruggekoppeld aan de coördinator", "anna")
    text = team.text("!actie 1")
    assert "#1 huisbezoek plannen" in text and "notitie van Anna: teruggekoppeld aan de coördinator" in text


def test_an_unknown_number_is_said_plainly(team):
    assert "Actie #9 bestaat niet" in team.text("!klaar 9")


# -- privacy -----------------------------------------------------------------------------------------
def test_descriptions_stay_out_of_the_audit_log_and_the_logs(team, caplog):
    caplog.set_level(logging.DEBUG)
    team.say("!actie anna geheime-omschrijving-xyz Z-17 vrijdag")
    team.say("!notitie 1 nog-een-geheim-abc", "anna")
    team.say("!klaar 1", "anna")
    with team.services.db.session() as session:
        entries = session.exec(select(AuditEntry)).all()
    assert {"action/created", "action/noted", "action/done"} <= {e.action for e in entries}
    created = next(e for e in entries if e.action == "action/created")
    assert created.subject == "action:1" and created.details["case"] == "Z-17"
    for secret in ("geheime-omschrijving-xyz", "nog-een-geheim-abc"):
        assert all(secret not in str(e.details) for e in entries)
        assert secret not in caplog.text


def test_a_role_nobody_in_the_team_holds_is_said_not_left_as_a_blank_question(app):
    out = app.text("!actie smw gesprek met ouders Z-3 vrijdag")
    assert "Niemand in dit team heeft de rol smw" in out and "\n\n\n" not in out
    again = app.text("smw")
    assert again.count("Niemand in dit team heeft de rol smw") == 1
    assert "gesprek met ouders" in app.text("ik")          # the role word is no part of the description


def test_no_overdue_actions_is_said_once(app):
    assert app.text("!acties te laat").strip() == "Geen acties over tijd."


def test_a_case_code_typed_without_its_dash_gets_a_suggestion(team, app_en):
    team.say("!actie anna huisbezoek plannen Z-20 vrijdag")
    assert team.text("!acties Z20") == "'Z20' ken ik niet als lijst. Bedoel je !acties Z-20?"
    assert "Bedoel je" not in team.text("!acties Z99")                  # no such case: no guess
    app_en.text("!action me call the parents Z-20 Friday")
    assert app_en.text("!actions z20") == "I don't know 'z20' as a list. Did you mean !actions Z-20?"
