"""Editing a message in Telegram (an `edited_message` update) during a meeting: an edited `actie:` or
`notitie:` line changes the action or note it recorded, as a Matrix edit does; the group hears one
short confirmation (within the team's Telegram privacy level), once however often Telegram delivers
the edit; other edits keep the old behaviour."""
from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from sqlmodel import select

from state.models import Action, AgendaItem, Member, Reminder
from tests.handlers.test_meeting_run import MEETING_TIME
from tests.handlers.test_meetings import plan_series, register_quickly
from tests.telegram.conftest import ANNA, GROUP, KARIM, private

AMS = ZoneInfo("Europe/Amsterdam")


async def meeting_in_the_group(tg) -> None:
    """Anna (the chair) runs the meeting in the bound group; Karim (SMW) is linked too. The group
    reads everything (privacy mode off), as a team group that types lines during a meeting must."""
    await tg.link(KARIM, "Karim smw")
    tg.chat.add_member("Ilse", "ib")
    plan_series(tg.chat)
    register_quickly(tg.chat, "Z-17", "Ilse")
    tg.chat.services.clock.set(MEETING_TIME)
    tg.fake.privacy_mode = False
    await tg.says(GROUP, ANNA, "/agenda start")
    await tg.says(GROUP, ANNA, "/volgende")
    assert "Punt 1 van 1" in tg.fake.texts(GROUP)[-2] + tg.fake.texts(GROUP)[-1]


def the_action(tg, description_start: str):
    with tg.chat.services.db.session() as session:
        action = next(a for a in session.exec(select(Action)).all() if a.description.startswith(description_start))
        owner = session.get(Member, action.owner_member_id).display_name
        due = action.due_at if action.due_at.tzinfo else action.due_at.replace(tzinfo=timezone.utc)
        members = {r.member_id for r in session.exec(select(Reminder).where(
            Reminder.action_id == action.id, Reminder.status == "pending")).all()}
        return action.number, action.description, owner, due.astimezone(AMS), members == {action.owner_member_id}


def notes(tg) -> list[str]:
    with tg.chat.services.db.session() as session:
        return [n["text"] for item in session.exec(select(AgendaItem)).all() for n in (item.notes or {}).get("notes", [])]


async def test_an_edited_action_line_changes_the_action_once_and_keeps_its_description_out_of_the_group(linked):
    tg, fake = linked, linked.fake
    await meeting_in_the_group(tg)
    line = await tg.says(GROUP, ANNA, "actie: Karim huisbezoek plannen vrijdag")
    number, _, owner, due, _ = the_action(tg, "huisbezoek")
    assert (owner, due) == ("Karim", datetime(2026, 12, 4, 17, 0, tzinfo=AMS))
    sent_before = len(fake.sent)
    edit = fake.user_edits(line, "actie: ik huisbezoek en gesprek plannen maandag")
    await fake.drained()
    assert the_action(tg, "huisbezoek") == (number, "huisbezoek en gesprek plannen", "chair",
                                           datetime(2026, 12, 7, 17, 0, tzinfo=AMS), True)
    answer = fake.texts(GROUP)[len(fake.texts(GROUP)) - (len(fake.sent) - sent_before):]
    # The team's level is "codes": no description over Telegram, and the case only as its label.
    assert answer == [f"Aangepast: #{number} (anonieme casus A) · chair · maandag 7 december, 17:00\n"
                      "🔒 Details: in het versleutelde kanaal van je team."]
    assert "huisbezoek" not in answer[0]
    fake.redeliver(edit)                        # Telegram delivers at least once
    await fake.drained()
    assert len(fake.sent) == sent_before + 1
    assert sum(text.startswith("Aangepast") for text in fake.texts(GROUP)) == 1


async def test_an_edited_note_is_updated_and_an_invalid_action_edit_changes_nothing(linked):
    tg, fake = linked, linked.fake
    await meeting_in_the_group(tg)
    note = await tg.says(GROUP, ANNA, "notitie: moeder belde")
    fake.user_edits(note, "notitie: vader belde")
    await fake.drained()
    assert fake.texts(GROUP)[-1] == "Aangepast: de notitie bij punt 1 in het verslag."
    assert notes(tg) == ["vader belde"]
    line = await tg.says(GROUP, ANNA, "actie: Karim verslag schrijven vrijdag")
    before = the_action(tg, "verslag")
    fake.user_edits(line, "actie: verslag schrijven vrijdag")
    await fake.drained()
    assert fake.texts(GROUP)[-1].startswith(f"Actie #{before[0]} blijft zoals ze was: in de bewerkte regel staat "
                                            "niet wie het doet.")
    assert the_action(tg, "verslag") == before


async def test_other_edits_keep_their_old_answer(linked):
    tg, fake = linked, linked.fake
    await meeting_in_the_group(tg)
    talk = await tg.says(GROUP, ANNA, "even koffie halen")
    before = len(fake.sent)
    fake.user_edits(talk, "even thee halen")                 # group talk: still ignored
    await fake.drained()
    assert len(fake.sent) == before
    said = await tg.says(private(KARIM), KARIM, "hallo")
    fake.user_edits(said, "hallo daar")                      # a private chat: told that edits are not read
    await fake.drained()
    assert fake.texts(private(KARIM))[-1].startswith("Een bewerkt bericht verwerk ik niet")
