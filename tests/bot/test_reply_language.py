"""The language of a reply, through the real router: an English-speaking partner who never chose a
language is answered in English, a Dutch line in Dutch, a line that says nothing ("2", "ja", "Z-17")
keeps the language of the exchange, and a member's own choice and the operator's --lang win."""
from __future__ import annotations

import os
import subprocess
import sys

from core import language_guess

NOTE_EN = "I answer in English because you wrote in English"
NOTE_NL = "Ik antwoord in het Nederlands"


def test_an_english_safety_message_gets_the_english_safety_answer(app):
    text = app.text("my student says her uncle touches her")
    assert "Call 112" in text and "Veilig Thuis" in text and "0800-2000" in text
    assert "Bel 112" not in text and "Nu doen" not in text
    assert NOTE_EN in text and "!taal nl" in text            # how to fix it, once


def test_the_same_message_in_dutch_gets_the_dutch_safety_answer_without_a_note(app):
    text = app.text("mijn leerling zegt dat haar oom aan haar zit")
    assert "Bel 112" in text and "Veilig Thuis" in text
    assert "Call 112" not in text and NOTE_EN not in text and NOTE_NL not in text


def test_the_english_help_command_gives_english_help_and_the_dutch_one_dutch(app):
    english = app.text("!help")
    assert "This is what I can do" in english and "Dit kan ik" not in english
    dutch = app.text("!hulp")
    assert "Dit kan ik voor je doen" in dutch and "This is what I can do" not in dutch


def test_the_note_on_the_language_comes_only_once(app):
    first = app.text("who sits in the ZAT")
    second = app.text("what does the attendance officer do")
    assert NOTE_EN in first and "ZAT" in first
    assert NOTE_EN not in second and NOTE_NL not in second


def test_a_dutch_line_after_english_is_answered_in_dutch(app):
    app.add_member("Sam", "jeugdzorg")
    assert "This is what I can do" in app.text("!help", user="Sam")
    text = app.text("wie zit er in het ZAT", user="Sam")
    assert "Zorgteam op school" in text and "Zorgteam at school" not in text
    assert "Dat kan ik niet plaatsen" in app.text("ok", user="Sam")   # and stays Dutch after it


def test_lines_that_say_nothing_stay_in_the_language_of_an_english_dialogue(app):
    assert "Who does it?" in app.text("!action")
    assert "What needs doing?" in app.text("me")
    assert "When is it due?" in app.text("bel de ouders Z-17")      # a Dutch answer: the dialogue stays English
    assert "as a date" in app.text("Z-17")
    assert "as a date" in app.text("2")
    recorded = app.text("vrijdag")
    assert "Action #1 recorded for chair" in recorded and "vastgelegd" not in recorded
    assert "I cannot place that" in app.text("ja")                  # after the dialogue too


def test_a_member_who_chose_dutch_gets_dutch_even_when_typing_english(app):
    assert "Nederlands" in app.text("!taal nl")
    text = app.text("my student says her uncle touches her")
    assert "Bel 112" in text and "Call 112" not in text and NOTE_EN not in text
    assert "Dit kan ik voor je doen" in app.text("!help")


def test_a_member_who_chose_english_gets_english_even_when_typing_dutch(app):
    assert "English" in app.text("!language en")
    assert NOTE_EN not in app.text("who sits in the ZAT")           # a choice: no note after it
    assert "Zorgteam at school" in app.text("wie zit er in het ZAT")


def test_the_operators_forced_language_wins(app):
    app.services.forced_language = "nl"
    text = app.text("my student says her uncle touches her")
    assert "Bel 112" in text and "Call 112" not in text and NOTE_EN not in text
    assert "Dit kan ik voor je doen" in app.text("!help")


def test_one_members_english_does_not_change_another_members_replies(app):
    app.add_member("Sam", "jeugdzorg")
    app.text("who sits in the ZAT", user="Sam")
    assert "Dat kan ik niet plaatsen" in app.text("ok")
    assert "I cannot place that" in app.text("ok", user="Sam")


def test_an_english_team_answers_a_dutch_line_in_dutch_with_the_note_in_dutch(app_en):
    text = app_en.text("wie zit er in het ZAT")
    assert "Zorgteam op school" in text and NOTE_NL in text and "!language en" in text
    assert "I cannot place that" not in app_en.text("ok")


def test_plain_talk_in_a_team_room_stays_unanswered_in_either_language(app):
    app.transport = "matrix-like"
    assert app.say("good morning everyone, how are you all") == []
    assert app.say("goedemorgen allemaal, hoe gaat het") == []


def test_the_guesser_decides_only_on_clear_evidence():
    assert language_guess.guess("my student says her uncle touches her") == "en"
    assert language_guess.guess("mijn leerling wordt thuis geslagen") == "nl"
    for nothing in ("ok", "ja", "yes", "Z-17", "2", "12-03-2027", "Anna", "meldcode", "", "de uncle"):
        assert language_guess.guess(nothing) is None, nothing
    assert language_guess.guess("she wants to die") == "en"         # "die" is no Dutch evidence


def test_a_console_session_without_lang_answers_english_in_english(tmp_path):
    script = "my student says her uncle touches her\nwho sits in the ZAT\n!help\nwie zit er in het ZAT\n"
    env = dict(os.environ, ZORGBOT_CONSOLE_USER="Jo", ZORGBOT_DATA_DIR=str(tmp_path / "data"))
    result = subprocess.run([sys.executable, "-m", "bot.cli", "chat", "--db", str(tmp_path / "z.db")],
                            input=script, capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    turns = result.stdout.split("» Jo: ")[1:]
    safety, zat, help_, dutch = turns
    assert "Call 112" in safety and "Veilig Thuis" in safety and NOTE_EN in safety
    assert "Zorgteam at school" in zat and NOTE_EN not in zat
    assert "This is what I can do" in help_
    assert "Zorgteam op school" in dutch and NOTE_NL not in dutch
    assert result.stdout.count(NOTE_EN) == 1


def test_a_console_session_with_lang_keeps_the_forced_language(tmp_path):
    env = dict(os.environ, ZORGBOT_CONSOLE_USER="Jo", ZORGBOT_DATA_DIR=str(tmp_path / "data"))
    result = subprocess.run([sys.executable, "-m", "bot.cli", "chat", "--lang", "nl", "--db", str(tmp_path / "z.db")],
                            input="my student says her uncle touches her\n", capture_output=True, text=True,
                            env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Bel 112" in result.stdout and "Call 112" not in result.stdout and NOTE_EN not in result.stdout


def test_leaving_a_dutch_dialogue_with_an_english_stop_word_is_said_in_the_dialogues_language(app):
    app.text("!actie")
    assert app.text("!cancel").startswith("Gestopt met")
    assert "no conversation with me here to stop" in app.text("!cancel")   # no dialogue: the word's language


def test_a_dialogue_started_in_dutch_stays_dutch_when_answered_in_english(app):
    assert "Wie doet het?" in app.text("!actie")
    assert "Wat moet er gebeuren?" in app.text("me")
    assert "Wanneer moet het klaar zijn?" in app.text("call the parents about his absence")
