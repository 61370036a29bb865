"""The router: generated help, suggestions, usage errors, permissions, strangers, once-only."""
from sqlmodel import select

from state.models import AuditEntry


def test_help_lists_commands_in_the_members_language(app, app_en):
    dutch = app.text("!hulp")
    assert "!team" in dutch and "!taal (!language)" in dutch and "Dit kan ik voor je doen" in dutch
    english = app_en.text("!help")
    assert "!language (!taal)" in english and "This is what I can do" in english


def test_help_for_one_command_is_generated_from_its_declaration(app):
    text = app.text("!hulp team")
    assert "!team inrichten" in text and "!team lid <naam rol[,rol]>" in text


def test_mistyped_command_gets_a_suggestion(app):
    assert "Bedoel je !team?" in app.text("!taem")
    assert "ken ik niet" in app.text("!xyzzy")


def test_usage_error_shows_the_usage_line(app):
    text = app.text("!team lid")
    assert "Er ontbreekt nog iets: naam rol[,rol]" in text
    assert "Gebruik: !team lid <naam rol[,rol]>" in text


def test_permission_refusal_names_the_role(app):
    app.add_member("Tamara", "leerkracht")
    text = app.text("!team inrichten", user="Tamara")
    assert "Dit mag alleen" in text and "voorzitter" in text and "IB'er" in text
    with app.services.db.session() as session:
        assert not session.exec(select(AuditEntry)).all()   # nothing changed


def test_someone_outside_the_team_is_refused_politely(app):
    text = app.text("!team", user="Onbekend")
    assert "geen lid van team Zorgteam De Wilgen" in text
    assert "!hulp" not in text


def test_help_works_for_strangers_too(app):
    assert "Dit kan ik voor je doen" in app.text("!hulp", user="Onbekend")


def test_case_data_is_refused_in_an_unencrypted_room(app):
    from core.commands import Command
    from core.i18n import N_
    app.services.commands.add(Command("proefzaak", "testcase", N_("cmd.team.summary"), handler=lambda ctx: [],
                                      case_data=True))
    assert "niet end-to-end versleuteld" in app.text("!proefzaak", encrypted=False)
    assert "versleuteld" not in app.text("!proefzaak", encrypted=True)


def test_an_event_is_handled_once(app):
    first = app.say("!team lid Karim smw", event_id="$event1")
    again = app.say("!team lid Karim smw", event_id="$event1")
    assert first and again == []


def test_plain_talk_in_a_team_room_is_ignored_but_the_console_answers(app):
    app.transport = "matrix-like"
    assert app.say("goedemorgen allemaal") == []


def test_language_switch(app):
    assert "English" in app.text("!taal en")
    assert "This is what I can do" in app.text("!hulp")
    assert "I don't know the language 'xx'" in app.text("!taal xx")


def test_stop_as_a_command_leaves_a_dialogue_and_says_so_when_there_is_none(app):
    assert "geen gesprek met mij om te stoppen" in app.text("!stop")
    app.text("!actie")
    assert app.text("!annuleer").startswith("Gestopt met")
    assert "no conversation with me here to stop" in app.text("!cancel")   # the English word: English
