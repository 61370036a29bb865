"""The router's door: commands typed beside an open dialogue (one rule, nothing typed lost), 'stop' with
nothing open, people who are not (yet) members, control characters, and guessed sub-commands."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlmodel import select

from core.messages import Inbound, clean_text
from state.models import Action, Conversation, Draft, Member

WEDNESDAY = datetime(2026, 12, 9, 8, 0, tzinfo=timezone.utc)      # 09:00 in Amsterdam


def rows(app, model):
    with app.services.db.session() as session:
        return list(session.exec(select(model)).all())


@pytest.fixture
def wednesday(clock):
    clock.set(WEDNESDAY)
    return clock


# -- 1. one rule beside an open dialogue -----------------------------------------------------------
def test_complete_one_liners_run_beside_an_open_dialogue_which_stays_open(app, wednesday):
    app.say("!team inrichten")
    text = app.text("!actie ik ouders bellen Z-17 vrijdag")
    assert "Actie #1 vastgelegd" in text and "Nog open: 'Team inrichten'" in text
    assert "Je bent nog bezig" not in text
    moved = app.text("!verzet 1 maandag")
    assert "nieuwe deadline: maandag 14 december" in moved and "Nog open: 'Team inrichten'" in moved
    snoozed = app.text("!uitstel 1 vrijdag")              # before the deadline: a snooze past it is refused
    assert "uitgesteld tot vrijdag" in snoozed and "Nog open" in snoozed
    assert [c.dialogue for c in rows(app, Conversation)] == ["team_setup"]
    assert len(rows(app, Action)) == 1 and rows(app, Draft) == []          # stored once, nothing held


def test_a_command_that_would_ask_is_kept_as_a_draft_and_the_open_question_stays(app, wednesday):
    app.say("!team inrichten")
    text = app.text("!actie ik ouders bellen")                 # no date: it would ask one
    assert "'!actie ik ouders bellen' bewaard als concept 1" in text
    assert "nog bezig met 'Team inrichten'" in text and "'stop'" in text and "!stop" not in text
    assert text.rstrip().endswith("(of 'stop').")                  # the "Nog open" line ends the reply
    assert [c.dialogue for c in rows(app, Conversation)] == ["team_setup"]
    assert [d.dialogue for d in rows(app, Draft)] == ["action_register"] and rows(app, Action) == []
    app.say("stop")
    resumed = app.text("!open 1")
    assert "verder waar je gebleven was" in resumed and "Wanneer moet het klaar zijn?" in resumed
    assert "Actie #1 vastgelegd voor chair: ouders bellen" in app.text("vrijdag")
    assert len(rows(app, Action)) == 1 and rows(app, Draft) == [] and rows(app, Conversation) == []


def test_a_command_without_arguments_is_kept_too(app, wednesday):
    app.say("!team inrichten")
    text = app.text("!escalatie")
    assert "'!escalatie' bewaard als concept 1" in text and "Nog open" in text
    assert "Beantwoord eerst de vraag" not in text


def test_in_english_the_held_line_is_named_and_stop_is_plain(app_en, clock):
    clock.set(WEDNESDAY)
    app_en.say("!team setup")
    text = app_en.text("!action me call the parents")
    assert "I kept '!action me call the parents' as draft 1" in text and "!pending 1" in text
    assert "'stop'" in text and "!stop" not in text
    ran = app_en.text("!action me call the parents friday")
    assert "Action #1" in ran and "Still open: 'Team set-up'" in ran
    assert len(rows(app_en, Action)) == 1 and len(rows(app_en, Draft)) == 1


def test_a_complete_record_waiting_for_its_confirmation_stays_open_beside_a_one_liner(app, wednesday):
    app.say("!actie ik bellen elke 6 weken")          # waits only for 'ja'
    text = app.text("!actie ik verslag lezen vrijdag")
    assert "Actie #1 vastgelegd voor chair: verslag lezen" in text and "Nog open:" in text
    assert [c.dialogue for c in rows(app, Conversation)] == ["action_register"] and rows(app, Draft) == []


# -- 2. 'stop' with nothing open --------------------------------------------------------------------
@pytest.mark.parametrize("word", ["stop", "annuleer", "cancel", "stoppen", "Stop."])
def test_stop_words_with_nothing_open_are_answered_as_stop(app, word):
    text = app.text(word)
    assert text == "Er loopt hier geen gesprek met mij om te stoppen."


def test_stop_with_nothing_open_in_english(app_en):
    assert app_en.text("cancel") == "There is no conversation with me here to stop."


def test_stop_still_stops_an_open_dialogue(app):
    app.say("!team inrichten")
    assert app.text("stop").startswith("Gestopt met Team inrichten")
    assert rows(app, Conversation) == []


# -- 3. not (yet) a member --------------------------------------------------------------------------
def test_a_child_in_danger_gets_the_safety_answer_from_anyone(app):
    text = app.text("hij heeft blauwe plekken en zegt dat papa hem slaat", user="Sanne")
    assert "112" in text and "0800-2000" in text
    assert "Dat begrijp ik niet" not in text


def test_a_question_from_a_non_member_says_how_to_become_one(app):
    text = app.text("VT?", user="Sanne")
    assert "geen lid van team Zorgteam De Wilgen" in text and "!team lid" in text
    assert "Dat begrijp ik niet" not in text
    with app.services.db.session() as session:
        assert [m.user_id for m in session.exec(select(Member)).all()] == ["chair"]   # nobody added


def test_talk_of_a_non_member_in_a_team_room_stays_theirs(app):
    app.transport = "matrix"
    with app.services.db.session() as session:
        from state.models import Room
        session.add(Room(transport="matrix", external_id="room-1", team_id=app.team_id, encrypted=True))
    assert app.say("goedemorgen allemaal", user="@sanne:x") == []


def test_help_for_a_non_member_lists_only_what_they_may_run(app, app_en):
    text = app.text("!hulp", user="Sanne")
    assert "!hulp" in text and "!actie" not in text and "!overleg" not in text and "!team " not in text
    assert "geen lid van team" in text
    member = app.text("!hulp")
    assert "!actie" in member and "geen lid" not in member
    english = app_en.text("!help", user="Sanne")
    assert "!action" not in english and "not (yet) a member" in english


# -- 4. control characters -------------------------------------------------------------------------
def test_clean_text_removes_escapes_and_controls_but_keeps_text():
    assert clean_text("ik \x1b[2J\x1b[31mROOD\x1b]0;pwned\x07 vrijdag") == "ik ROOD vrijdag"
    assert clean_text("bel\x00len\x08 \x7f\x85\x9b31mZ-17") == "bellen Z-17"
    assert clean_text("a\tb\r\nc\rd") == "a\tb\nc\nd"
    assert clean_text("x\ud800y") == "xy"
    assert clean_text("é 🙂 Ölçü ﷺ") == "é 🙂 Ölçü ﷺ"


def test_inbound_is_cleaned_for_every_field_that_reaches_the_database():
    inbound = Inbound(transport="matrix", room_id="!r\x00", user_id="@a\ud800:x", text="a\x1b[31mb",
                      display_name="An\x07na", event_id="$e\x00")
    cleaned = inbound.cleaned()
    assert (cleaned.room_id, cleaned.user_id, cleaned.text, cleaned.display_name, cleaned.event_id) == \
        ("!r", "@a:x", "ab", "Anna", "$e")
    plain = Inbound(transport="console", room_id="r", user_id="u", text="gewoon")
    assert plain.cleaned() is plain


@pytest.mark.parametrize("fixture", ["app", "app_en"])
def test_control_characters_never_reach_the_database_or_a_reply(fixture, request, clock):
    chat = request.getfixturevalue(fixture)
    clock.set(WEDNESDAY)
    word = "actie" if fixture == "app" else "action"
    replies = chat.text(f"!{word} ik \x1b[2J\x1b[31mROOD\x1b]0;pwned\x07 bel\x00len\ud800 vrijdag")
    listing = chat.text("!acties" if fixture == "app" else "!actions")
    [action] = rows(chat, Action)
    assert action.description == "ROOD bellen"
    for text in (replies, listing, action.description):
        assert not any(ord(c) < 32 and c not in "\n\t" or 0x7f <= ord(c) <= 0x9f or 0xd800 <= ord(c) <= 0xdfff
                       for c in text)


# -- 5. guessed sub-commands ---------------------------------------------------------------------
def test_a_guessed_subcommand_gets_the_nearest_and_the_list(app):
    team = app.text("!team toevoegen Anna ib")
    assert team.startswith("!team toevoegen ken ik niet. Bedoel je !team lid?")
    assert "!team lid <naam rol[,rol]>" in team and "!team inrichten" in team
    meeting = app.text("!overleg plannen")
    assert "Bedoel je !overleg plan?" in meeting and "!overleg verzet" in meeting
    assert "Bedoel je !overleg plan?" in app.text("!overleg nieuw")
    assert "meer gegevens dan deze opdracht kent" not in meeting
    with app.services.db.session() as session:
        assert [m.user_id for m in session.exec(select(Member)).all()] == ["chair"]    # Anna not added


def test_a_guessed_subcommand_in_english(app_en):
    text = app_en.text("!meeting new")
    assert "Did you mean !meeting plan?" in text and "!meeting move" in text


def test_a_date_typed_with_overleg_plan_answers_its_first_question(app):
    text = app.text("!overleg plan morgen 10:00")
    assert "Eenmalig of een reeks?" in text and "Gebruik" not in text
    [conversation] = rows(app, Conversation)
    assert conversation.dialogue == "meeting_plan" and conversation.state == "repeat" and rows(app, Draft) == []
