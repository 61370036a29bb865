"""Editing and redacting a `besluit:` message in an encrypted Matrix room corrects the minutes,
against a real Synapse: the chair's client sends the edit as Element does (encrypted, m.replace with
m.new_content) and redacts a message; the bot's decisions then follow, and so does the action of an
edited `actie:` line."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from nio import RoomRedactResponse, RoomSendResponse
from sqlmodel import select

from state import agenda as items_store
from state import meetings as plans
from state.models import Action, AgendaItem, Team
from tests.integration.test_matrix_transport import team_room

pytestmark = pytest.mark.synapse


def plan_a_meeting(services) -> int:
    """A one-off meeting with one agenda item, straight in the bot's database (planning it by chat is
    tested elsewhere); started by number, so the time of day the test runs does not matter."""
    with services.db.session() as session:
        team = session.exec(select(Team).where(Team.name == "Zorgteam Wilgen")).one()
        now = datetime.now(timezone.utc)
        meeting = plans.plan(session, team, start=now + timedelta(hours=2), every_weeks=None, place="Teamkamer",
                             duration=60, now=now)[0]
        items_store.add_item(session, meeting, kind=items_store.OTHER, brief={"title": "jaarplanning"})
        return meeting.id


def decisions_stored(services) -> list[str]:
    with services.db.session() as session:
        return [d["text"] for item in session.exec(select(AgendaItem)).all()
                for d in (item.notes or {}).get("decisions", [])]


def actions_stored(services) -> list[str]:
    with services.db.session() as session:
        return [a.description for a in session.exec(select(Action).where(Action.meeting_id.is_not(None))).all()]


async def edit(chair, room: str, original: str, new_body: str) -> str:
    """An edit as Element sends it: a fallback body with "* ", the new content, and the relation."""
    content = {"msgtype": "m.text", "body": f"* {new_body}",
               "m.new_content": {"msgtype": "m.text", "body": new_body},
               "m.relates_to": {"rel_type": "m.replace", "event_id": original}}
    await chair.know_devices(room)
    response = await chair.client.room_send(room, "m.room.message", content, ignore_unverified_devices=True)
    assert isinstance(response, RoomSendResponse), response
    return response.event_id


async def test_an_edited_decision_is_corrected_and_a_redacted_one_removed(synapse, tmp_path, bot_account):
    chair, bot, room = await team_room(synapse, tmp_path, bot_account)
    try:
        meeting_id = plan_a_meeting(bot.services)
        await chair.reply_to(room, f"!agenda start {meeting_id}", "jaarplanning")
        await chair.reply_to(room, "!volgende", "Punt 1 van 1")
        before = len(chair.seen)
        first = await chair.say(room, "besluit: jaarplanning in januari")
        await chair.next_from_bot(room, "Besluit", after=before)
        before = len(chair.seen)
        second = await chair.say(room, "besluit: tikfout")
        await chair.next_from_bot(room, "Besluit", after=before)

        before = len(chair.seen)
        await edit(chair, room, first, "besluit: jaarplanning in februari")
        corrected = await chair.next_from_bot(room, "Besluit 1 aangepast", after=before)
        assert corrected.encrypted
        before = len(chair.seen)
        redaction = await chair.client.room_redact(room, second)
        assert isinstance(redaction, RoomRedactResponse), redaction
        await chair.next_from_bot(room, "Besluit 2 verwijderd", after=before)
        assert decisions_stored(bot.services) == ["jaarplanning in februari"]

        listing = await chair.reply_to(room, "!besluiten", "Besluiten")
        assert "jaarplanning in februari" in listing.body
        assert "januari" not in listing.body and "tikfout" not in listing.body

        # An edited `actie:` line changes the stored action (no second one), with one confirmation.
        before = len(chair.seen)
        line = await chair.say(room, "actie: ik jaarplanning rondsturen")
        await chair.next_from_bot(room, "vastgelegd", after=before)
        assert actions_stored(bot.services) == ["jaarplanning rondsturen"]
        before = len(chair.seen)
        await edit(chair, room, line, "actie: ik jaarplanning en rooster rondsturen")
        updated = await chair.next_from_bot(room, "Aangepast: #", after=before)
        assert "jaarplanning en rooster rondsturen" in updated.body and updated.encrypted
        assert actions_stored(bot.services) == ["jaarplanning en rooster rondsturen"]

        # An edited command is not run a second time; the member is told so, once.
        before = len(chair.seen)
        command = await chair.say(room, "!taal")
        await chair.next_from_bot(room, "Je taal is", after=before)
        before = len(chair.seen)
        await edit(chair, room, command, "!taal en")
        await chair.next_from_bot(room, "Een bewerkt commando voer ik niet opnieuw uit", after=before)
        end = await chair.settled(room, after=before)
        window = chair.seen[before:end]          # up to (not including) the settling answer
        assert not any("Je taal is" in s.body for s in window)
        assert sum("Een bewerkt commando" in s.body for s in window) == 1
    finally:
        await bot.stop()
        await chair.close()
