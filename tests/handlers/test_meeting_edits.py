"""Editing or redacting a `besluit:`, `notitie:` or `actie:` message (Matrix edits and redactions,
Telegram edits, as Inbound with replaces_event_id / redacts_event_id) corrects the decision, note or
action it recorded; an edit is never a new line, and an edited command is never run again.

The meeting of test_meeting_run: Tuesday 1 December 2026, 14:00 Amsterdam, Z-17 first on the agenda.
"""
from __future__ import annotations

from datetime import datetime, timezone
from types import SimpleNamespace

from sqlmodel import select

from core.messages import Inbound
from state.models import Action, AuditEntry, Member, Reminder
from tests.conftest import SentReplies, plain_text
from tests.handlers.test_meeting_run import AMS, item_notes, run, team  # noqa: F401  (the fixture)


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
    assert send(team, "even thee halen", event_id="$t2", replaces="$talk") == ""
    assert send(team, "", event_id="$t4", redacts="$talk") == ""
    assert send(team, "", event_id="$t5", redacts="$unknown") == ""
    assert decisions(team) == [] and not item_notes(team)[0].get("notes")


def test_an_edit_is_no_new_line_and_says_so_once(team):
    run(team, ["!agenda start", "!volgende"])
    send(team, "even koffie halen", event_id="$talk")
    told = send(team, "besluit: nu wel een besluit", event_id="$t3", replaces="$talk")
    assert told.startswith("Deze bewerking verandert niets")
    assert "!verwijder actie NUMMER" in told
    assert send(team, "actie: Anna belt de ouders", event_id="$t4", replaces="$talk") == ""    # once
    assert decisions(team) == [] and not item_notes(team)[0].get("notes")
    with team.services.db.session() as session:
        assert not [a for a in session.exec(select(Action)).all() if a.description.startswith("belt")]


# -- `notitie:` lines ---------------------------------------------------------------------------------------------
def test_an_edited_note_is_updated_and_a_redacted_one_removed(team):
    run(team, ["!agenda start", "!volgende"])
    send(team, "notitie: moeder belde", "Piet", event_id="$note")
    send(team, "notitie: tikfout", event_id="$typo")
    assert send(team, "notitie: vader belde", "Piet", event_id="$n2", replaces="$note") == \
        "Aangepast: de notitie bij punt 1 in het verslag."
    assert send(team, "notitie: vader belde", "Piet", event_id="$n2", replaces="$note") == ""    # delivered twice
    assert send(team, "notitie: vader belde", "Piet", event_id="$n3", replaces="$note") == ""    # no change
    assert send(team, "", event_id="$r", redacts="$typo") == \
        "Verwijderd: de notitie bij punt 1; ze staat niet meer in het verslag."
    assert [n["text"] for n in item_notes(team)[0]["notes"]] == ["vader belde"]
    minutes = minutes_after_close(team)
    assert "vader belde" in minutes and "moeder belde" not in minutes and "tikfout" not in minutes
    with team.services.db.session() as session:
        entries = session.exec(select(AuditEntry).where(AuditEntry.action.like("meeting/note_%"))).all()
        assert sorted(e.action for e in entries) == ["meeting/note_edited", "meeting/note_removed"]
        assert "belde" not in " ".join(str(e.details) for e in entries)


def test_a_note_is_changed_only_by_its_author_or_who_steers_and_stays_a_note(team):
    run(team, ["!agenda start", "!volgende"])
    send(team, "notitie: moeder belde", "Anna", event_id="$note")
    refusal = send(team, "notitie: iets anders", "Piet", event_id="$e1", replaces="$note")
    assert refusal.startswith("De notitie bij punt 1 blijft staan zoals ze was")
    assert send(team, "", "Piet", event_id="$r1", redacts="$note").startswith("De notitie bij punt 1 blijft staan")
    assert send(team, "besluit: moeder belde", "Anna", event_id="$e2", replaces="$note").startswith(
        "De notitie bij punt 1 blijft een notitie")
    assert send(team, "notitie:", "Anna", event_id="$e3", replaces="$note") == "Er staat niets na de dubbele punt."
    assert [n["text"] for n in item_notes(team)[0]["notes"]] == ["moeder belde"] and decisions(team) == []
    assert send(team, "moeder belde twee keer", event_id="$e4", replaces="$note").startswith("Aangepast")  # chair
    assert [n["text"] for n in item_notes(team)[0]["notes"]] == ["moeder belde twee keer"]


# -- `actie:` lines -----------------------------------------------------------------------------------------------
def action_row(app, number):
    with app.services.db.session() as session:
        action = session.exec(select(Action).where(Action.number == number)).one()
        owner = session.get(Member, action.owner_member_id).display_name
        reminders = session.exec(select(Reminder).where(Reminder.action_id == action.id,
                                                        Reminder.status == "pending")).all()
        due = action.due_at if action.due_at.tzinfo else action.due_at.replace(tzinfo=timezone.utc)
        return SimpleNamespace(description=action.description, owner=owner, due=due.astimezone(AMS),
                               status=action.status, to_confirm=action.date_to_confirm,
                               reminders=[(r.kind, r.member_id, r.due_at) for r in reminders],
                               owner_id=action.owner_member_id)


def action_count(app):
    with app.services.db.session() as session:
        return len(session.exec(select(Action)).all())


def test_an_edited_action_line_changes_the_action_and_its_reminders(team):
    run(team, ["!agenda start", "!volgende"])
    assert "Actie #3 vastgelegd voor Anna" in send(team, "actie: @anna huisbezoek plannen vrijdag", "Ilse",
                                                      event_id="$act")
    before, count = action_row(team, 3), action_count(team)
    assert before.due == datetime(2026, 12, 4, 17, 0, tzinfo=AMS)
    edited = send(team, "actie: Piet huisbezoek en gesprek plannen maandag", "Ilse", event_id="$e1", replaces="$act")
    assert edited == "Aangepast: #3 huisbezoek en gesprek plannen (Z-17) · Piet · maandag 7 december, 17:00"
    after = action_row(team, 3)
    assert (after.description, after.owner, after.due, after.status) == (
        "huisbezoek en gesprek plannen", "Piet", datetime(2026, 12, 7, 17, 0, tzinfo=AMS), "open")
    assert action_count(team) == count                                  # the same action, no second one
    # The reminders follow: the new owner, the new day; none of the old ones is left waiting.
    assert after.reminders and {member for _, member, _ in after.reminders} == {after.owner_id}
    assert not set(after.reminders) & set(before.reminders)
    due_day = [at for kind, _, at in after.reminders if kind == "due_day"]
    assert due_day and (due_day[0] if due_day[0].tzinfo else due_day[0].replace(tzinfo=timezone.utc)
                        ).astimezone(AMS).date().isoformat() == "2026-12-07"
    # The same edit arriving again, or a later edit that changes nothing, says nothing.
    assert send(team, "actie: Piet huisbezoek en gesprek plannen maandag", "Ilse", event_id="$e1",
                replaces="$act") == ""
    assert send(team, "actie: Piet huisbezoek en gesprek plannen maandag", "Ilse", event_id="$e2",
                replaces="$act") == ""
    # A line without a date keeps the date; the wording follows.
    assert send(team, "actie: Piet huisbezoek plannen", "Ilse", event_id="$e3", replaces="$act").startswith(
        "Aangepast: #3 huisbezoek plannen (Z-17) · Piet · maandag 7 december, 17:00")
    with team.services.db.session() as session:
        audit = session.exec(select(AuditEntry).where(AuditEntry.subject == "action:3")).all()
        assert {"action/reworded", "action/reassigned", "action/rescheduled"} <= {e.action for e in audit}
        assert "huisbezoek" not in " ".join(str(e.details) for e in audit)


def test_an_action_with_a_date_to_confirm_gets_its_date_from_the_edit(team):
    run(team, ["!agenda start", "!volgende"])
    send(team, "actie: Piet ouders oproepen", "Ilse", event_id="$act")
    assert action_row(team, 3).to_confirm
    assert send(team, "actie: Piet ouders oproepen 11 december", "Ilse", event_id="$e", replaces="$act").startswith(
        "Aangepast: #3 ouders oproepen (Z-17) · Piet · vrijdag 11 december, 17:00")
    row = action_row(team, 3)
    assert not row.to_confirm and row.due == datetime(2026, 12, 11, 17, 0, tzinfo=AMS)


def test_a_redacted_action_line_strikes_the_action(team):
    run(team, ["!agenda start", "!volgende"])
    send(team, "actie: @anna huisbezoek plannen vrijdag", "Ilse", event_id="$act")
    assert send(team, "", "Ilse", event_id="$r", redacts="$act") == \
        "Verwijderd: actie #3 is geschrapt; herinneringen komen er niet meer voor."
    assert send(team, "", "Ilse", event_id="$r", redacts="$act") == ""          # the same redaction again
    row = action_row(team, 3)
    assert row.status == "cancelled" and row.reminders == []


def test_an_action_closed_or_changed_since_is_left_as_it_is_and_says_why(team):
    run(team, ["!agenda start", "!volgende"])
    send(team, "actie: @anna huisbezoek plannen vrijdag", "Ilse", event_id="$a3")
    send(team, "actie: @anna verslag schrijven vrijdag", "Ilse", event_id="$a4")
    assert "nieuwe deadline" in team.text("!verzet 3 dinsdag 8 december", "Anna")
    moved = action_row(team, 3)
    told = send(team, "actie: @anna huisbezoek plannen donderdag", "Ilse", event_id="$e1", replaces="$a3")
    assert told.startswith("Actie #3 is na het typen al met een opdracht gewijzigd, dus deze bewerking neem ik "
                           "niet over")
    assert "!verzet" in told and "!schrap" in told
    assert send(team, "", "Ilse", event_id="$r1", redacts="$a3").startswith("Actie #3 is na het typen al")
    assert action_row(team, 3) == moved
    team.text("!klaar 4", "Anna")
    assert send(team, "", "Ilse", event_id="$r2", redacts="$a4") == \
        "Actie #4 is al klaar, dus ik pas haar niet meer aan; deze bewerking verandert niets."
    assert action_row(team, 4).status == "done"


def test_an_edit_that_makes_the_action_line_invalid_changes_nothing(team):
    run(team, ["!agenda start", "!volgende"])
    send(team, "actie: @anna huisbezoek plannen vrijdag", "Ilse", event_id="$act")
    before = action_row(team, 3)
    assert send(team, "actie: huisbezoek plannen vrijdag", "Ilse", event_id="$e1", replaces="$act").startswith(
        "Actie #3 blijft zoals ze was: in de bewerkte regel staat niet wie het doet.")
    assert send(team, "actie: @anna vrijdag", "Ilse", event_id="$e2", replaces="$act") == \
        "Actie #3 blijft zoals ze was: in de bewerkte regel staat niet wat er moet gebeuren."
    assert send(team, "actie: @anna huisbezoek plannen 30 november", "Ilse", event_id="$e3",
                replaces="$act").startswith("Actie #3 blijft zoals ze was: de datum")
    assert send(team, "besluit: huisbezoek", "Ilse", event_id="$e4", replaces="$act").startswith(
        "Actie #3 blijft een actie")
    assert send(team, "actie:", "Ilse", event_id="$e5", replaces="$act") == "Er staat niets na de dubbele punt."
    assert action_row(team, 3) == before and decisions(team) == []


def test_an_action_line_is_changed_only_by_its_author_or_who_steers(team):
    run(team, ["!agenda start", "!volgende"])
    send(team, "actie: @anna huisbezoek plannen vrijdag", "Ilse", event_id="$act")
    before = action_row(team, 3)
    refusal = send(team, "actie: @piet huisbezoek plannen vrijdag", "Piet", event_id="$e1", replaces="$act")
    assert refusal.startswith("Actie #3 blijft zoals ze is: alleen wie de regel typte of wie het overleg leidt")
    assert send(team, "", "Anna", event_id="$r1", redacts="$act").startswith("Actie #3 blijft zoals ze is")
    assert action_row(team, 3) == before
    assert send(team, "", event_id="$r2", redacts="$act").startswith("Verwijderd: actie #3")      # the chair may


def test_an_action_asked_about_in_a_dialogue_follows_its_line_once_recorded(team):
    run(team, ["!agenda start", "!volgende"])
    question = send(team, "actie: huisbezoek plannen vrijdag", "Ilse", event_id="$act")
    assert "Wie" in question
    assert send(team, "actie: huisbezoek plannen maandag", "Ilse", event_id="$e0", replaces="$act").startswith(
        "Deze bewerking verandert niets")                             # nothing recorded yet
    assert "Actie #3 vastgelegd voor Anna" in team.text("Anna", "Ilse")
    assert send(team, "actie: Anna huisbezoek plannen maandag", "Ilse", event_id="$e1", replaces="$act").startswith(
        "Aangepast: #3 huisbezoek plannen (Z-17) · Anna · maandag 7 december, 17:00")


def test_an_action_line_of_a_closed_meeting_asks_to_reopen_first(team):
    run(team, ["!agenda start", "!volgende"])
    send(team, "actie: @anna huisbezoek plannen vrijdag", "Ilse", event_id="$act")
    minutes_after_close(team)
    assert send(team, "actie: @anna huisbezoek plannen maandag", "Ilse", event_id="$e", replaces="$act") == \
        "Het overleg is gesloten. Heropen het eerst met !agenda heropen."


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
    send(app_en, "note: mother called", event_id="$n")
    assert send(app_en, "note: father called", event_id="$n2", replaces="$n") == \
        "Updated: the note for item 1 in the minutes."
    app_en.add_member("Anna", "smw")
    send(app_en, "action: Anna home visit Friday", event_id="$act")
    number = action_count(app_en)
    updated = send(app_en, "action: Anna home visit Monday", event_id="$a3", replaces="$act")
    assert updated.startswith(f"Updated: #{number} home visit (") and "· Anna · Monday 7 December" in updated


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




async def test_the_reminders_of_an_edited_action_say_its_new_wording_to_its_new_owner_on_its_new_day(team):
    from datetime import timedelta

    from bot.scheduler import advance_and_deliver
    run(team, ["!agenda start", "!volgende"])
    send(team, "actie: @anna huisbezoek plannen vrijdag", "Ilse", event_id="$act")
    send(team, "actie: Piet huisbezoek en gesprek plannen maandag", "Ilse", event_id="$e1", replaces="$act")
    transport = SentReplies()
    await advance_and_deliver(team.services, {"console": transport}, timedelta(days=5))     # to Sunday 6 December
    about = [r for r in transport.sent if "#3" in r.text]
    assert about and all("huisbezoek en gesprek plannen" in r.text for r in about)
    assert all(r.mentions == ["piet"] for r in about)
    assert not [r for r in transport.sent if "#3 huisbezoek plannen" in r.text]
    with team.services.db.session() as session:
        pending = session.exec(select(Reminder).join(Action, Action.id == Reminder.action_id).where(
            Action.number == 3, Reminder.status == "pending", Reminder.kind == "due_day")).all()
        assert len(pending) == 1
        due_day = pending[0].due_at if pending[0].due_at.tzinfo else pending[0].due_at.replace(tzinfo=timezone.utc)
        assert due_day.astimezone(AMS).date().isoformat() == "2026-12-07"      # still to come, on Monday
