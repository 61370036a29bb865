"""!hulp fits on one screen, a line per area with only what the member may run; !hulp AREA gives the
area's commands with their summaries; help and hints fit the member's roles (issue 16, item 7)."""
from __future__ import annotations

from sqlmodel import select

from core.messages import Inbound
from core.render import plain_text
from core.roles import CHAIR
from state.models import Room, Team
from state.teams import add_member


def test_the_overview_is_one_short_screen_in_both_languages(app, app_en):
    dutch = app.text("!hulp")
    assert dutch.startswith("Dit kan ik voor je doen:")
    assert len(dutch.splitlines()) <= 9
    assert "Overleg: !overleg (!meeting)" in dutch and "!taal (!language)" in dutch
    assert "!hulp basis · taken · overleggen" in dutch
    english = app_en.text("!help")
    assert len(english.splitlines()) <= 9 and "Meetings: !meeting (!overleg)" in english


def test_an_area_lists_its_commands_with_what_they_do(app, app_en):
    text = app.text("!hulp overleggen")
    assert text.startswith("Overleg")
    assert "!besluiten (!decisions): besluiten en acties van het lopende overleg" in text
    assert "  !overleg instellingen:" in text
    assert "!overleg instellingen agenda <werkdagen>" in app.text("!hulp overleg instellingen")
    assert "!agenda heropen [nummer overleg]" in text or "!agenda heropen" in text
    assert "!escalatie" not in text
    assert "!decisions (!besluiten)" in app_en.text("!help meetings")


def test_a_plain_member_is_not_pointed_at_lead_commands(app):
    app.add_member("Tamara", "leerkracht")
    text = app.text("!hulp overleggen", user="Tamara")
    assert "!overleg plan" not in text and "!overleg instellingen" not in text
    assert "!aanmelden" in text
    assert "  !overleg plan " not in app.text("!hulp overleg", user="Tamara")
    assert "  !overleg plan [datum en tijd]:" in app.text("!hulp overleg")


def test_a_plain_member_is_not_told_to_start_a_meeting(app):
    app.add_member("Tamara", "leerkracht")
    app.text("!overleg plan")
    for answer in ["dinsdag 1 december 14:00", "eenmalig", "Teamkamer", "ja"]:
        app.text(answer)
    reply = app.text("!agenda start", user="Tamara")
    assert "!agenda start" not in reply and "voorzitter" in reply


# -- per transport: Matrix-only commands are listed in Matrix only --------------------------------------------
MATRIX_ONLY = ("!vertrouw", "!verifieer", "!onversleuteld")
MATRIX_ONLY_EN = ("!trust", "!verify", "!unencrypted")


def help_on(app, transport: str, text: str) -> str:
    """`text` typed by the team's chair in a room of this transport bound to the team."""
    room, user = f"room-{transport}", f"chair-{transport}"
    with app.services.db.session() as session:
        if transport != "console" and session.exec(select(Room).where(Room.external_id == room)).first() is None:
            session.add(Room(transport=transport, external_id=room, team_id=app.team_id, encrypted=True))
            add_member(session, session.get(Team, app.team_id), transport, user, "Chair", {CHAIR})
    if transport == "console":
        room, user = app.room_id, "chair"
    replies = app.router.turn(Inbound(transport=transport, room_id=room, user_id=user, text=text)).replies
    return "\n".join(plain_text(r) for r in replies)


def test_matrix_only_commands_are_listed_in_matrix(app, app_en):
    for topic in ("!hulp", "!hulp basis"):
        text = help_on(app, "matrix", topic)
        assert all(name in text for name in MATRIX_ONLY), (topic, text)
    assert all(name in help_on(app_en, "matrix", "!help basics") for name in MATRIX_ONLY_EN)


def test_the_console_does_not_list_matrix_only_commands(app, app_en):
    for topic in ("!hulp", "!hulp basis"):
        text = help_on(app, "console", topic)
        assert "!taal" in text and not any(name in text for name in MATRIX_ONLY), (topic, text)
    text = help_on(app_en, "console", "!help basics")
    assert "!language" in text and not any(name in text for name in MATRIX_ONLY_EN)


def test_telegram_does_not_list_matrix_only_commands(app, app_en):
    for topic in ("!hulp", "!hulp basis"):
        text = help_on(app, "telegram", topic)
        assert "!taal" in text and not any(name in text for name in MATRIX_ONLY), (topic, text)
    text = help_on(app_en, "telegram", "!help basics")
    assert "!language" in text and not any(name in text for name in MATRIX_ONLY_EN)
