"""The dialogue engine: resume after a restart, cancel, timeout, invalid input, choices."""
from datetime import timedelta

from sqlmodel import select

from bot.app import build
from bot.config import Settings
from state.models import Conversation, Member, Team


def test_invalid_answer_is_asked_again_with_the_reason(app):
    app.say("!team inrichten")
    app.say("-")                                   # keep the name
    text = app.text("zeven")                       # not one of the kinds
    assert "Kies een van de 3 mogelijkheden" in text and "Wat voor team is het?" in text
    assert "Welk onderwijs?" in app.text("2")      # a number picks the option


def test_choices_accept_number_word_or_prefix(app):
    app.say("!team inrichten")
    app.say("-")
    assert "Welk onderwijs?" in app.text("ZAT")
    assert "doel" in app.text("voortg")            # unique prefix of "VO (voortgezet onderwijs)"
    with app.services.db.session() as session:
        answers = session.exec(select(Conversation)).one().answers
    assert answers["kind"] == "zat" and answers["school_type"] == "VO"


def test_cancel_says_what_was_not_saved_and_changes_nothing(app):
    app.say("!team inrichten")
    app.say("Nieuw team")
    app.say("1")
    text = app.text("stop")
    assert "Gestopt met Team inrichten" in text and "2 antwoorden zijn niet opgeslagen" in text
    with app.services.db.session() as session:
        assert session.exec(select(Conversation)).all() == []
        assert session.get(Team, app.team_id).name == "Zorgteam De Wilgen"


def test_a_restart_resumes_exactly_where_the_member_was(app, clock):
    app.say("!team inrichten")
    app.say("Wilgen")
    app.say("zorgteam")
    app.services.db.dispose()                      # the process ends ...
    services, router = build(Settings(database_url=app.services.db.url), clock=clock)
    app.services, app.router = services, router     # ... and a new one starts on the same database
    text = app.text("PO")
    assert "doel van het team" in text
    with services.db.session() as session:
        conversation = session.exec(select(Conversation)).one()
    assert conversation.state == "goal" and conversation.answers["name"] == "Wilgen"


def test_inactivity_closes_the_dialogue_and_says_so_at_the_next_message(app, clock):
    app.say("!team inrichten")
    app.say("Wilgen")
    clock.advance(timedelta(minutes=31))
    text = app.text("1")
    assert "gesloten na 30 minuten" in text
    with app.services.db.session() as session:
        assert session.exec(select(Conversation)).all() == []


def test_a_command_during_a_dialogue_runs_without_losing_the_dialogue(app):
    app.say("!team inrichten")
    assert "Dit kan ik voor je doen" in app.text("!hulp")
    assert "Je bent nog bezig met 'Team inrichten'" in app.text("!team inrichten")
    assert "Wat voor team" in app.text("-")


def test_one_dialogue_per_member_per_room(app):
    app.add_member("Anna", "ib")
    app.say("!team inrichten")
    app.say("!team inrichten", user="Anna")
    app.say("Ander team", user="Anna")
    with app.services.db.session() as session:
        rows = session.exec(select(Conversation)).all()
    assert len(rows) == 2 and {r.state for r in rows} == {"name", "kind"}


def test_each_dialogue_builds_its_machine_once():
    from dialogues.team_setup import TEAM_SETUP
    machine = TEAM_SETUP.machine
    assert TEAM_SETUP.next_state("name", {}) == "kind"
    assert TEAM_SETUP.next_state("confirm", {}) == "done"
    assert TEAM_SETUP.machine is machine and len(machine.models) == 1
