"""Editing or redacting a `besluit:` message (Matrix edits and redactions, as Inbound with
replaces_event_id / redacts_event_id) corrects the decision it recorded; nothing else follows an edit,
and an edited command is never run again.

The meeting of test_meeting_run: Tuesday 1 December 2026, 14:00 Amsterdam, Z-17 first on the agenda.
"""
from __future__ import annotations

from sqlmodel import select

from core.messages import Inbound
from state.models import Action, AuditEntry
from tests.conftest import plain_text
from tests.handlers.test_meeting_run import item_notes, run, team  # noqa: F401  (the fixture)


def send(app, text, user="chair", *, event_id, replaces="", redacts=""):
    inbound = Inbound(transport=app.transport, room_id=app.room_id, user_id=user.casefold(), display_name=user,
                      text=text, event_id=event_id, replaces_event_id=replaces, redacts_event_id=redacts)
    return "\n\n".join(plain_text(r) for r in app.router.turn(inbound).replies)


def decisions(app):
    return [d["text"] for d in item_notes(app)[0].get("decisions", [])]


def minutes_after_close(app):
    run(app, ["!volgende punt", "!volgende punt", "!agenda sluit"])
    return app.say("ja zonder acties")[1].text


def test_an_edited_decision_is_corrected_and_a_redacted_one_removed(team):
    run(team, ["!agenda start", "!volgende"])
    send(team, "besluit: SMW doet een huisbezoek", event_id="$a")
    send(team, "besluit: tikfout", event_id="$b")
    assert item_notes(team)[0]["decisions"][0]["event"] == "$a"
    assert send(team, "besluit: SMW en IB doen samen een huisbezoek", event_id="$a2",
                replaces="$a") == "Besluit 1 aangepast in het verslag."
    assert send(team, "", event_id="$r", redacts="$b") == \
        "Besluit 2 verwijderd; het staat niet meer in het verslag."
    assert decisions(team) == ["SMW en IB doen samen een huisbezoek"]
    # A second edit of the same message is applied too (Matrix points every edit at the original).
    send(team, "besluit: SMW en IB doen samen een huisbezoek voor de kerst", event_id="$a3", replaces="$a")
    minutes = minutes_after_close(team)
    assert "- SMW en IB doen samen een huisbezoek voor de kerst" in minutes
    assert "tikfout" not in minutes and "- SMW doet een huisbezoek\n" not in minutes
    with team.services.db.session() as session:
        entries = session.exec(select(AuditEntry).where(AuditEntry.action.like("meeting/decision_%"))).all()
        assert sorted((e.action, e.details.get("via")) for e in entries) == [
            ("meeting/decision_edited", "edit"), ("meeting/decision_edited", "edit"),
            ("meeting/decision_removed", "redaction")]
        assert "huisbezoek" not in " ".join(str(e.details) for e in entries)


def test_the_author_may_edit_and_another_member_may_not(team):
    run(team, ["!agenda start", "!volgende"])
    send(team, "besluit: Anna belt de ouders", "Anna", event_id="$anna")
    send(team, "besluit: voorzitter schrijft", event_id="$chair")
    assert send(team, "besluit: Anna belt de ouders maandag", "Anna", event_id="$e1",
                replaces="$anna") == "Besluit 1 aangepast in het verslag."
    refusal = send(team, "", "Piet", event_id="$r1", redacts="$chair")     # a moderator's redaction
    assert "Besluit 2 blijft staan" in refusal and "wie het overleg leidt" in refusal
    assert send(team, "", "Anna", event_id="$r2", redacts="$chair").startswith("Besluit 2 blijft staan")
    assert send(team, "", event_id="$r3", redacts="$anna").startswith("Besluit 1 verwijderd")  # the chair may
    assert decisions(team) == ["voorzitter schrijft"]


def test_edits_of_other_messages_are_ignored_quietly(team):
    run(team, ["!agenda start", "!volgende"])
    send(team, "even koffie halen", event_id="$talk")
    send(team, "notitie: moeder belde", event_id="$note")
    assert send(team, "even thee halen", event_id="$t2", replaces="$talk") == ""
    assert send(team, "", event_id="$t4", redacts="$talk") == ""
    assert send(team, "", event_id="$t5", redacts="$note") == ""
    assert decisions(team) == []
    assert item_notes(team)[0]["notes"][0]["text"] == "moeder belde"


def test_an_edited_line_that_was_no_decision_changes_nothing_and_says_so_once(team):
    run(team, ["!agenda start", "!volgende"])
    send(team, "notitie: moeder belde", event_id="$note")
    send(team, "even koffie halen", event_id="$talk")
    send(team, "actie: Anna belt de ouders vrijdag", event_id="$act")
    with team.services.db.session() as session:
        calls_before = [(a.description, a.due_at) for a in session.exec(select(Action)).all()
                        if "ouders" in a.description and a.description.startswith("belt")]
    assert len(calls_before) == 1
    told = send(team, "notitie: vader belde", event_id="$n2", replaces="$note")
    assert told.startswith("Een bewerkt bericht neem ik alleen over als het een besluit was")
    assert "!verwijder actie NUMMER" in told
    assert send(team, "notitie: vader en moeder belden", event_id="$n3", replaces="$note") == ""    # once
    assert send(team, "besluit: nu wel een besluit", event_id="$t3", replaces="$talk").startswith(
        "Een bewerkt bericht")                         # an edit is no new line: nothing recorded
    assert send(team, "actie: Anna belt de ouders maandag", event_id="$a2", replaces="$act").startswith(
        "Een bewerkt bericht")
    assert decisions(team) == [] and item_notes(team)[0]["notes"][0]["text"] == "moeder belde"
    with team.services.db.session() as session:
        calls = [(a.description, a.due_at) for a in session.exec(select(Action)).all() if "ouders" in a.description
                 and a.description.startswith("belt")]
    assert calls == calls_before                       # the action as first typed, not a second one


def test_an_edit_changes_only_the_wording_of_a_decision(team):
    run(team, ["!agenda start", "!volgende"])
    send(team, "besluit: eerst observeren", event_id="$a")
    assert "Besluit 1 blijft een besluit" in send(team, "notitie: eerst observeren", event_id="$e", replaces="$a")
    assert send(team, "besluit:", event_id="$e2", replaces="$a") == "Er staat niets na de dubbele punt."
    assert send(team, "eerst twee weken observeren", event_id="$e3", replaces="$a").startswith("Besluit 1 aangepast")
    assert decisions(team) == ["eerst twee weken observeren"]


def test_an_edited_command_is_not_run_again_and_said_once(team):
    team.add_member("Anna", "smw")
    team.say("!actie @anna huisbezoek plannen vrijdag", event_id="$cmd")
    with team.services.db.session() as session:
        before = len(session.exec(select(Action)).all())
    first = send(team, "!actie @anna huisbezoek plannen maandag", event_id="$cmd2", replaces="$cmd")
    assert first == "Een bewerkt commando voer ik niet opnieuw uit. Typ het commando opnieuw als een nieuw bericht."
    assert send(team, "!actie @anna huisbezoek plannen dinsdag", event_id="$cmd3", replaces="$cmd") == ""
    with team.services.db.session() as session:
        assert len(session.exec(select(Action)).all()) == before


def test_an_edit_is_not_taken_as_the_answer_of_an_open_dialogue(app):
    question = app.text("!team inrichten")
    assert "Hoe heet het team?" in question
    assert send(app, "Zorgteam Eiken", event_id="$hi2", replaces="$hi") == ""
    assert "Wat voor team is het?" in app.text("Zorgteam Wilgen")      # the question was still open


def test_a_decision_of_a_closed_meeting_asks_to_reopen_first(team):
    run(team, ["!agenda start", "!volgende"])
    send(team, "besluit: eerst observeren", event_id="$a")
    minutes_after_close(team)
    assert send(team, "besluit: anders", event_id="$e", replaces="$a") == \
        "Het overleg is gesloten. Heropen het eerst met !agenda heropen."
    team.text("!agenda heropen")
    assert send(team, "besluit: anders", event_id="$e2", replaces="$a").startswith("Besluit 1 aangepast")


def test_edit_and_redaction_in_english(app_en):
    from tests.handlers.test_meetings import SERIES_EN, plan_series, register_quickly
    from tests.handlers.test_meeting_run import MEETING_TIME
    app_en.add_member("Ilse", "ib")
    plan_series(app_en, SERIES_EN)
    register_quickly(app_en, "Z-17", "Ilse", ["how do I handle tantrums", "-", "-", "tantrums", "regulation",
                                               "-", "-", "-", "-", "-", "-", "yes"])
    app_en.services.clock.set(MEETING_TIME)
    run(app_en, ["!agenda start", "!next"])
    send(app_en, "decision: observe first", event_id="$a")
    send(app_en, "decision: typo", event_id="$b")
    assert send(app_en, "decision: observe for two weeks", event_id="$a2", replaces="$a") == \
        "Decision 1 corrected in the minutes."
    assert send(app_en, "", event_id="$r", redacts="$b") == "Decision 2 removed; it is no longer in the minutes."
    assert send(app_en, "!help", event_id="$h2", replaces="$h") == \
        "I do not run an edited command again. Type the command again as a new message."
    assert decisions(app_en) == ["observe for two weeks"]


def test_edits_and_redactions_on_each_database(database_url, clock):
    from tests.conftest import make_chat_app
    from tests.handlers.test_meeting_run import MEETING_TIME
    from tests.handlers.test_meetings import plan_series, register_quickly
    app = make_chat_app(database_url, clock)
    try:
        app.add_member("Ilse", "ib")
        plan_series(app)
        register_quickly(app, "Z-17", "Ilse")
        app.services.clock.set(MEETING_TIME)
        run(app, ["!agenda start", "!volgende"])
        send(app, "besluit: eerst observeren", "Ilse", event_id="$a")
        send(app, "besluit: tikfout", event_id="$b")
        assert send(app, "besluit: twee weken observeren", "Ilse", event_id="$a2", replaces="$a").startswith(
            "Besluit 1 aangepast")
        assert send(app, "", event_id="$r", redacts="$b").startswith("Besluit 2 verwijderd")
        assert send(app, "", event_id="$r", redacts="$b") == ""            # the same event again: once
        minutes = minutes_after_close(app)
        assert "- twee weken observeren" in minutes
        assert "tikfout" not in minutes and "eerst observeren" not in minutes
    finally:
        app.services.db.dispose()
