"""!hulp fits on one screen, a line per area with only what the member may run; !hulp AREA gives the
area's commands with their summaries; help and hints fit the member's roles (issue 16, item 7)."""
from __future__ import annotations


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
    assert "  !overleg plan:" not in app.text("!hulp overleg", user="Tamara")
    assert "  !overleg plan:" in app.text("!hulp overleg")


def test_a_plain_member_is_not_told_to_start_a_meeting(app):
    app.add_member("Tamara", "leerkracht")
    app.text("!overleg plan")
    for answer in ["dinsdag 1 december 14:00", "eenmalig", "Teamkamer", "ja"]:
        app.text(answer)
    reply = app.text("!agenda start", user="Tamara")
    assert "!agenda start" not in reply and "voorzitter" in reply
