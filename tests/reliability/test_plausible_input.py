"""Plausible input only: ages and lengths in range, far dates asked about and shown with their year,
case codes only by the team's rule, a length limit on text, and a privacy hint for names."""
from __future__ import annotations

from sqlmodel import select

from state.models import Action, Case, Conversation


def actions(app) -> list[Action]:
    with app.services.db.session() as session:
        return session.exec(select(Action).order_by(Action.number)).all()


def cases(app) -> list[str]:
    with app.services.db.session() as session:
        return [case.code for case in session.exec(select(Case)).all()]


def test_a_negative_or_impossible_age_in_schorsing_is_refused_with_the_range(app):
    app.text("!schorsing")
    app.text("-")                                   # no case code
    question = app.text("VO")                       # now the age is asked
    for typed in ("-5", "0", "140", "31"):
        text = app.text(typed)
        assert "van 2 tot en met 30 jaar" in text, typed
    for typed in ("¹⁴", "1,5", "veertien"):
        assert "Typ de leeftijd als getal" in app.text(typed), typed
    assert question.splitlines()[-2] in text        # the age question again, not the next one
    assert "Hoe lang" in app.text("14 jaar")


def test_a_due_date_more_than_a_year_ahead_is_asked_and_shown_with_its_year(app):
    text = app.text("!actie ik bellen over 300 jaar")
    assert "meer dan een jaar vooruit" in text and "2326" in text
    assert actions(app) == []                                   # nothing stored before the answer
    app.text("nee")
    text = app.text("vrijdag")
    assert "vrijdag 27 november, 17:00" in text                 # this year: no year needed
    text = app.text("!actie ik verslag 3 maart 2029")
    assert "3 maart 2029" in text
    assert "Actie #2 vastgelegd" in app.text("ja") and "2029" in app.text("!acties")


def test_only_the_teams_case_code_rule_makes_a_word_a_case(app):
    text = app.text("!actie ik bellen taak-A-001 Z-24 vrijdag")
    assert "vastgelegd" in text
    assert cases(app) == ["Z-24"]
    assert actions(app)[0].description == "bellen taak-A-001"


def test_a_huge_text_is_refused_not_stored_or_echoed(app):
    huge = "x" * 200_000
    text = app.text(f"!actie ik {huge} vrijdag")
    assert "te lang (200.011 tekens)" in text and "hoogstens 500 tekens" in text
    assert huge[:1000] not in text
    assert actions(app) == []
    app.text("!actie ik bellen vrijdag")
    text = app.text(f"!notitie 1 {huge}")
    assert "te lang" in text and huge[:1000] not in text
    assert actions(app)[0].notes == []
    app.text("!actie ik")                                       # a dialogue: a pasted page as an answer
    text = app.text(huge)
    assert "te lang" in text and huge[:1000] not in text
    with app.services.db.session() as session:
        assert huge not in str(session.exec(select(Conversation.answers)).all())


def test_a_name_in_free_text_gets_a_hint_and_a_chance_to_rephrase(app, app_en):
    text = app.text("!actie ik gesprek met Jan de Vries vrijdag")
    assert "'Jan de Vries' lijkt een naam" in text
    assert actions(app) == []                                   # not stored yet
    assert "vastgelegd" in app.text("gesprek met ouders")
    assert actions(app)[0].description == "gesprek met ouders"
    text = app.text("!actie ik gesprek met Noor vrijdag")       # a first name from the shipped list
    assert "'Noor' lijkt een naam" in text
    assert "vastgelegd" in app.text("ja")                      # kept as typed, on purpose
    assert actions(app)[1].description == "gesprek met Noor"
    # Organisations and team members are not pupils.
    app.add_member("Karim", "smw")
    assert "lijkt een naam" not in app.text("!actie ik met Karim Veilig Thuis bellen vrijdag")
    assert "looks like a name" in app_en.text("!action me talk to Sophie Jansen friday")


def test_a_name_typed_as_the_answer_or_in_a_note_is_hinted_too(app):
    app.text("!actie ik")                                       # the dialogue asks what is to be done
    text = app.text("gesprek met Jan de Vries")
    assert "'Jan de Vries' lijkt een naam" in text and actions(app) == []
    assert "Wanneer" in app.text("ja")                          # kept as typed; the date is next
    assert "vastgelegd" in app.text("vrijdag")
    assert actions(app)[0].description == "gesprek met Jan de Vries"
    text = app.text("!notitie 1 moeder van Sophie Jansen gebeld")
    assert "'Sophie Jansen' lijkt een naam" in text
    assert actions(app)[0].notes == []                          # not stored yet
    assert "Notitie bij actie #1 bewaard" in app.text("moeder van leerling gebeld")
    assert [note["text"] for note in actions(app)[0].notes] == ["moeder van leerling gebeld"]
