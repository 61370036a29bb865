"""The router is the error boundary: an unexpected error becomes a short apology with a reference in
the member's language, the turn is rolled back, the log names the error without any content, and the
next message is handled as usual. Numbers are read within bounds, so a typo is a usage message."""
import logging
import re

import pytest
from sqlmodel import select

from core.commands import Command
from core.i18n import N_
from core.messages import Inbound
from state.models import AuditEntry, Case

SECRET = "Z-99 thuissituatie Jan de Vries"


def _failing_command(app) -> None:
    def explode(ctx):
        ctx.session.add(Case(team_id=ctx.team.id, code="Z-99"))
        ctx.audit("probe/written", "case:Z-99")
        ctx.session.flush()
        raise RuntimeError(f"broken while handling {SECRET}")
    app.router.commands.add(Command("stuk", "broken", N_("cmd.team.summary"), handler=explode))


def test_an_unexpected_error_gives_an_apology_with_a_reference_and_changes_nothing(app, caplog):
    _failing_command(app)
    caplog.set_level(logging.DEBUG)
    turn = app.router.turn(Inbound(transport="console", room_id="room-1", user_id="chair", text="!stuk"))
    assert len(turn.replies) == 1
    text = turn.replies[0].text
    assert text.startswith("Sorry, daar ging bij mij iets mis; er is niets opgeslagen.")
    assert turn.reference and re.fullmatch(r"[0-9a-f]{8}", turn.reference) and turn.reference in text
    assert SECRET not in text and "RuntimeError" not in text
    with app.services.db.session() as session:          # the turn was rolled back
        assert session.exec(select(Case).where(Case.code == "Z-99")).first() is None
        assert session.exec(select(AuditEntry).where(AuditEntry.action == "probe/written")).first() is None
    failures = [r for r in caplog.records if r.getMessage() == "turn failed"]
    assert len(failures) == 1
    record = failures[0]
    assert record.reference == turn.reference and record.error == "RuntimeError"
    assert record.where.startswith("test_router_boundary.py:") and record.where.endswith("in explode")
    logged = " ".join(f"{r.getMessage()} {vars(r)}" for r in caplog.records)
    assert "Z-99" not in logged and "Jan de Vries" not in logged and "thuissituatie" not in logged
    assert record.exc_info is None                        # no traceback: it could quote values
    assert "!actie" in app.text("!hulp")                  # and the next message is handled as usual


def test_the_apology_is_in_the_members_language(app_en):
    _failing_command(app_en)
    text = app_en.text("!broken")
    assert text.startswith("Sorry, something went wrong on my side; nothing was saved.")
    assert "reference" in text


async def test_the_awaited_door_answers_the_same_way_and_keeps_the_event_loop_free(app):
    _failing_command(app)
    turn = await app.router.handle(Inbound(transport="console", room_id="room-1", user_id="chair", text="!stuk"))
    assert "Sorry" in turn.replies[0].text and turn.reference
    turn = await app.router.handle(Inbound(transport="console", room_id="room-1", user_id="chair", text="!hulp"))
    assert turn.reference is None and "!actie" in turn.replies[0].text and turn.lang == "nl"


@pytest.mark.parametrize("line", [
    "!klaar 99999999999999999999", "!verzet 99999999999999999999 morgen", "!schrap 99999999999999999999",
    "!uitstel 99999999999999999999 morgen", "!notitie 99999999999999999999 gebeld",
    "!overdragen 99999999999999999999 chair", "!agenda verplaats 1 99999999999999999999",
])
def test_a_number_beyond_what_it_names_gives_the_usage_message(app, line):
    text = app.text(line)
    assert "is te groot: een nummer gaat tot 999999." in text and "Gebruik: !" in text


@pytest.mark.parametrize("line", ["!klaar ¹", "!schrap ٣", "!heropen ²", "!klaar 1٣"])
def test_digits_that_are_not_ascii_are_not_a_number(app, line):
    text = app.text(line)
    assert "is geen nummer." in text and "Gebruik: !" in text


def test_hand_read_numbers_are_bounded_too(app):
    assert app.text("!actie 99999999999999999999") == "Actie #99999999999999999999 bestaat niet in dit team."
    assert "geen verslag" in app.text("!notulen 99999999999999999999")
    assert app.text("!notulen ¹").startswith("Gebruik: !notulen")
    assert app.text("!overleg instellingen agenda 99999999999999999999") == "Kies 1 tot 15 werkdagen."
    with app.services.db.session() as session:
        assert session.exec(select(Case)).all() == []


def test_a_redelivered_event_is_answered_once_and_any_other_conflict_is_an_error_not_a_duplicate(
        database_url, clock):
    from state.models import Room
    from tests.conftest import make_chat_app
    app = make_chat_app(database_url, clock)
    try:
        def clash(ctx):
            # A second room with the same transport and id: a unique conflict inside the turn.
            ctx.session.add(Room(transport="console", external_id="room-1", team_id=ctx.team.id))
            ctx.session.flush()
        app.router.commands.add(Command("botsing", "clash", N_("cmd.team.summary"), handler=clash))
        assert "!actie" in app.text("!hulp", event_id="ev-1")
        assert app.say("!hulp", event_id="ev-1") == []                    # the same event again: nothing
        turn = app.router.turn(Inbound(transport="console", room_id="room-1", user_id="chair", text="!botsing",
                                       event_id="ev-2"))
        assert turn.reference and turn.replies[0].text.startswith("Sorry")
        assert "!actie" in app.text("!hulp", event_id="ev-2")             # rolled back: ev-2 was not recorded
    finally:
        app.services.db.dispose()


def test_a_nested_command_declares_its_argument_parser_and_the_router_gives_the_usage_message(app):
    from core.commands import Arg, number_between
    got = []
    deep = Command("diep", "deep", N_("cmd.team.summary"), handler=lambda ctx, days: got.append(days) or [],
                   args=(Arg(N_("arg.command"), "int", parser=number_between(1, 15)),))
    app.router.commands.add(Command("proef", "probe", N_("cmd.team.summary"), subcommands=(
        Command("binnen", "inner", N_("cmd.team.summary"), subcommands=(deep,)),)))
    app.say("!proef binnen diep 7")
    assert got == [7]
    text = app.text("!proef binnen diep 16")
    assert "'16' past niet: kies een nummer van 1 tot 15." in text and "Gebruik: !proef binnen diep" in text
    assert "is geen nummer." in app.text("!proef binnen diep ¹") and got == [7]
