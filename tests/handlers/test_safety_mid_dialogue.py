"""A child in danger told while a dialogue waits for an answer: the safety answer comes first, the
question stays open, and nothing is recorded from that line."""
from __future__ import annotations


def test_a_disclosure_at_a_choice_question_gets_the_safety_answer_and_the_question_again(app):
    app.text("!schorsing")
    app.text("Z-5")
    out = app.text("een leerling vertelt net dat haar vader haar slaat")
    assert "112" in out and "0800-2000" in out
    assert "Dat klopt niet" not in out
    assert "Welk onderwijs?" in out              # the question is still open
    assert "Typ meer" not in out                 # no choice that competes with the question's numbers
    assert "Hoe oud" in app.text("3")            # and is answered as before: the next question


def test_a_disclosure_at_a_case_code_question_in_english(app_en):
    app_en.text("!suspension")
    out = app_en.text("a pupil just told me her stepfather hurts her at home")
    assert "112" in out and "does not quite work" not in out


def test_an_ordinary_wrong_answer_still_gets_the_usual_message(app):
    app.text("!schorsing")
    app.text("Z-5")
    out = app.text("weet ik veel wat dit is")
    assert "112" not in out and "Dat klopt niet" in out


def test_a_disclosure_at_a_free_question_gets_the_safety_answer_first(app):
    """A date question takes any line; the safety answer still comes first, and the date is asked again."""
    app.text("!actie ik bellen Z-4")
    out = app.text("leerling zegt net dat haar vader haar slaat")
    assert out.index("112") < out.index("Wanneer moet het klaar zijn?")
    assert "Actie #1 vastgelegd" in app.text("morgen")


def test_a_disclosure_typed_into_a_registration_field_is_kept_there_and_answered_first(app):
    """What happened may be exactly what a field asks for: kept as typed, and the safety answer first."""
    from sqlmodel import select

    from state.models import AgendaItem
    from tests.handlers.test_meetings import plan_series
    plan_series(app)
    disclosure = "hij vertelt net dat zijn vader hem slaat"
    app.text("!aanmelden Z-5")
    app.text("hoe ga ik om met driftbuien")
    app.text("-")
    app.text("-")
    out = app.text(disclosure)                                   # the 'aanleiding' question
    assert "112" in out and "0800-2000" in out
    for answer in ["regulatie", "-", "-", "-", "-", "-", "-", "ja"]:
        app.text(answer)
    with app.services.db.session() as session:
        [item] = session.exec(select(AgendaItem)).all()
    assert disclosure in str(item.brief)
