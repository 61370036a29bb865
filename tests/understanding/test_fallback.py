"""When the bot is not sure, the member is never left at a dead end: two or three closest topics as
numbered choices and a pointer to the help, in the member's language; a message outside the team's
work names what the bot can do and the help. Through the router, as a member types in the console."""
from __future__ import annotations

import pytest

from tests.understanding.heldout import set_questions

DEAD_ENDS = ("Dat begrijp ik niet", "I don't understand", "I do not understand")


@pytest.mark.parametrize("fixture, text, unsure, helpcmd, foreign", [
    ("app", "ouders bellen", "Ik weet niet zeker wat je bedoelt", "!hulp", "Type the number"),
    ("app_en", "parents and the meeting", "I am not sure what you mean", "!help", "Typ het nummer"),
])
def test_unsure_offers_two_or_three_choices_and_the_help(request, fixture, text, unsure, helpcmd, foreign):
    app = request.getfixturevalue(fixture)
    reply = app.say(text)[-1]
    assert unsure in reply.text
    assert 2 <= len(reply.choices) <= 3
    assert helpcmd in reply.text
    assert foreign not in reply.text
    assert not any(dead in reply.text for dead in DEAD_ENDS)


@pytest.mark.parametrize("fixture, text, expected", [
    ("app", "wat is de hoofdstad van frankrijk", "!hulp"),
    ("app_en", "what is the capital of france", "!help"),
])
def test_outside_the_work_names_the_help_and_is_no_dead_end(request, fixture, text, expected):
    app = request.getfixturevalue(fixture)
    out = app.text(text)
    assert expected in out
    assert not any(dead in out for dead in DEAD_ENDS)


@pytest.mark.parametrize("fixture, lang", [("app", "nl"), ("app_en", "en")])
def test_plain_questions_of_the_third_set_never_get_dat_begrijp_ik_niet(request, fixture, lang):
    """The complaint that started this: plain questions answered with "Dat begrijp ik niet"."""
    app = request.getfixturevalue(fixture)
    questions = [text for _, text, expected in set_questions("fresh3", lang) if expected][::4]
    assert len(questions) >= 25
    for text in questions:
        out = app.text(text)
        assert out.strip(), text
        assert not any(dead in out for dead in DEAD_ENDS), text
        assert "Dat kan ik niet plaatsen" not in out and "I cannot place that" not in out, text


@pytest.mark.parametrize("fixture, text, expected, not_expected", [
    ("app", "hoi", "Hallo!", "niet plaatsen"),
    ("app", "Goedemorgen!", "Hallo!", "niet plaatsen"),
    ("app", "dank je wel", "Graag gedaan", "niet plaatsen"),
    ("app_en", "hello zorgbot", "Hello!", "cannot place"),
    ("app_en", "thanks!", "You're welcome", "cannot place"),
])
def test_a_greeting_or_thanks_is_answered_as_a_colleague_would(request, fixture, text, expected, not_expected):
    out = request.getfixturevalue(fixture).text(text)
    assert expected in out and not_expected not in out


def test_a_greeting_with_a_question_gets_the_answer_not_the_greeting(app):
    out = app.text("hoi, hoe lang mag een schorsing duren?")
    assert "Hallo!" not in out and "schorsing" in out.casefold()
