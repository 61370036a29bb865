"""zorgbot as a Matrix bot, against a real Synapse with real end-to-end encryption."""
from __future__ import annotations

import asyncio
import subprocess
import sys
from datetime import timedelta

import pytest
from nio import MegolmEvent

from bot.transports.matrix.crosssigning import device_cross_signing_state
from core.messages import Reply
from tests.integration.matrix_people import Person, RunningBot, bot_settings, unique

pytestmark = pytest.mark.synapse


async def team_room(synapse, tmp_path, bot_user, *, policy="cross-signed", encrypted=True):
    """A chair with a cross-signed device, a running bot, and an encrypted room bound to a new team."""
    chair = await Person.login(synapse, unique("chair"), tmp_path / "chair")
    bot = await RunningBot(bot_settings(synapse, tmp_path, admins=[chair.user_id], policy=policy,
                                        bot_user=bot_user)).start()
    room = await chair.create_room(bot_user, encrypted=encrypted)
    await chair.wait(lambda: chair.has_joined(room, bot_user), timeout=30)
    # Binding a room without encryption must be confirmed (see test_matrix_trust.py).
    await chair.reply_to(room, "!kamer koppel Zorgteam Wilgen" + ("" if encrypted else " bevestig"), "Zorgteam Wilgen")
    return chair, bot, room


async def test_help_in_an_encrypted_room_gets_an_encrypted_reply(synapse, tmp_path, bot_account):
    chair, bot, room = await team_room(synapse, tmp_path, bot_account)
    try:
        seen = await chair.reply_to(room, "!hulp", "Dit kan ik voor je doen")
        assert seen.encrypted, "the reply must arrive end-to-end encrypted"
        assert "!team" in seen.body
        assert seen.event.source["content"].get("format") == "org.matrix.custom.html"
    finally:
        await bot.stop()
        await chair.close()


async def test_the_bots_device_is_cross_signed_and_status_says_so(synapse, tmp_path, bot_account):
    chair, bot, room = await team_room(synapse, tmp_path, bot_account)
    try:
        state = await device_cross_signing_state(chair.client, bot_account, "ZORGBOT")
        assert state, state.reason
        status = bot.transport.account.cross_signing
        assert status.ok and status.device_fingerprint
    finally:
        await bot.stop()
        await chair.close()
    config = tmp_path / "zorgbot.toml"
    config.write_text(f'data_dir = "{tmp_path / "bot-data"}"\ndatabase_url = "sqlite:///{tmp_path / "bot.db"}"\n'
                      f'[matrix]\nhomeserver = "{synapse.base_url}"\nuser_id = "{bot_account}"\n'
                      f'password = "a long and careful password"\ndevice_id = "ZORGBOT"\n'
                      f'cross_signing_secret = "bot-secret-for-the-tests"\n')
    result = subprocess.run(
[sys.executable, "-m", "bot.cli", "--config", str(config), "matrix", "status"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "device:         ZORGBOT" in result.stdout and "signed by its owner" in result.stdout


async def test_a_member_device_that_is_not_cross_signed_gets_no_room_key(synapse, tmp_path, bot_account):
    chair, bot, room = await team_room(synapse, tmp_path, bot_account)
    # The same person logs in on a second device and does not verify it.
    laptop = await Person.login(synapse, chair.user_id[1:].split(":")[0], tmp_path / "laptop", register=False,
                                cross_sign=False, device_id="UNVERIFIEDLAPTOP")
    try:
        await asyncio.sleep(1)   # let the bot's device list learn of the new device
        before_unreadable = len(laptop.unreadable)
        seen = await chair.reply_to(room, "!hulp", "Dit kan ik voor je doen")
        assert seen.encrypted
        warning = await chair.next_from_bot(room, "UNVERIFIEDLAPTOP")
        assert chair.user_id in warning.event.source["content"]["m.mentions"]["user_ids"]
        # The unverified device saw the reply but holds no key for it.
        await laptop.wait(lambda: any(e.event_id == seen.event.event_id for e in laptop.unreadable[before_unreadable:]))
        assert not any(s.event.event_id == seen.event.event_id for s in laptop.seen)
        # The warning is given once, not at every message.
        count = len(chair.seen)
        await chair.reply_to(room, "!hulp", "Dit kan ik voor je doen")
        end = await chair.settled(room, after=count)
        assert sum("UNVERIFIEDLAPTOP" in s.body for s in chair.seen[count:end]) == 0
    finally:
        await laptop.close()
        await bot.stop()
        await chair.close()


async def test_a_dialogue_in_a_thread_survives_a_bot_restart(synapse, tmp_path, bot_account):
    chair, bot, room = await team_room(synapse, tmp_path, bot_account)
    try:
        before = len(chair.seen)
        command = await chair.say(room, "!team inrichten")
        question = await chair.next_from_bot(room, "Hoe heet het team?", after=before)
        relates = question.event.source["content"]["m.relates_to"]
        assert relates["rel_type"] == "m.thread" and relates["event_id"] == command
        await chair.reply_to(room, "Zorgteam Wilgen", "Wat voor team is het?", thread=command)
        await bot.restart()
        seen = await chair.reply_to(room, "2", "Welk onderwijs?", thread=command)
        assert seen.event.source["content"]["m.relates_to"]["event_id"] == command
        # Nothing from before the restart is answered a second time.
        end = await chair.settled(room)
        assert sum("Wat voor team is het?" in s.body for s in chair.seen[:end]) == 1
    finally:
        await bot.stop()
        await chair.close()


async def test_reaction_answers_a_numbered_question(synapse, tmp_path, bot_account):
    chair, bot, room = await team_room(synapse, tmp_path, bot_account)
    try:
        before = len(chair.seen)
        command = await chair.say(room, "!team inrichten")
        await chair.next_from_bot(room, "Hoe heet het team?", after=before)
        question = await chair.reply_to(room, "-", "Wat voor team is het?", thread=command)
        before = len(chair.seen)
        await chair.client.room_send(room, "m.reaction", {"m.relates_to": {
            "rel_type": "m.annotation", "event_id": question.event.event_id, "key": "2️⃣"}},
            ignore_unverified_devices=True)
        await chair.next_from_bot(room, "Welk onderwijs?", after=before)
    finally:
        await bot.stop()
        await chair.close()


async def test_unencrypted_room_gets_the_refusal_for_case_data(synapse, tmp_path, bot_account):
    chair, bot, room = await team_room(synapse, tmp_path, bot_account, encrypted=False)
    try:
        seen = await chair.reply_to(room, "!acties", "niet end-to-end versleuteld")
        assert not seen.encrypted
        await chair.reply_to(room, "!hulp", "Dit kan ik voor je doen")   # advice is fine
    finally:
        await bot.stop()
        await chair.close()


async def test_someone_outside_the_team_is_refused(synapse, tmp_path, bot_account):
    chair, bot, room = await team_room(synapse, tmp_path, bot_account)
    outsider = await Person.login(synapse, unique("outsider"), tmp_path / "outsider")
    try:
        await chair.invite(room, outsider.user_id)
        await outsider.join(room)
        await asyncio.sleep(1)
        await outsider.reply_to(room, "!team", "geen lid van team Zorgteam Wilgen")
    finally:
        await outsider.close()
        await bot.stop()
        await chair.close()


async def test_a_reminder_mentions_the_member(synapse, tmp_path, bot_account):
    chair, bot, room = await team_room(synapse, tmp_path, bot_account)
    try:
        before = len(chair.seen)
        await bot.transport.send(room, Reply("Herinnering voor chair: huisbezoek", mentions=[chair.user_id]),
                                 txn_id="reminder-1")
        seen = await chair.next_from_bot(room, "Herinnering", after=before)
        content = seen.event.source["content"]
        assert content["m.mentions"] == {"user_ids": [chair.user_id]}
        assert f"https://matrix.to/#/{chair.user_id}" in content["formatted_body"]
        # The same transaction id again is not a second message.
        await bot.transport.send(room, Reply("Herinnering voor chair: huisbezoek", mentions=[chair.user_id]),
                                 txn_id="reminder-1")
        # A message sent after the repeat arrives after it: any second copy would be in between.
        await bot.transport.send(room, Reply("Afsluiter"), txn_id="marker-1")
        marker = await chair.next_from_bot(room, "Afsluiter", after=before)
        assert sum("Herinnering" in s.body for s in chair.seen[before:chair.seen.index(marker)]) == 1
    finally:
        await bot.stop()
        await chair.close()


async def test_a_message_whose_key_arrives_late_is_still_answered(synapse, tmp_path, bot_account):
    chair, bot, room = await team_room(synapse, tmp_path, bot_account)
    client = chair.client
    try:
        await chair.reply_to(room, "!hulp", "Dit kan ik voor je doen")
        # The chair's client withholds the room key from the bot's device for the next message ...
        bot_device = client.device_store[bot_account]["ZORGBOT"]
        client.blacklist_device(bot_device)
        client.olm.create_outbound_group_session(room)
        session = client.olm.outbound_group_sessions[room]
        session_id, first_key = session.id, session.session_key   # the key from message index 0 on
        before = len(chair.seen)
        held_back = await chair.say(room, "!team")
        # The bot has the message but cannot read it: it keeps it and asks for the key (the positive
        # signal), and has not answered it.
        await chair.wait(lambda: bot.transport._read(bot.transport._key("pending", held_back)) is not None)
        assert not [s for s in chair.seen[before:] if s.sender == bot_account]
        # ... and then sends it after all, as a client does when it answers a key request.
        olm_session = client.olm.session_store.get(bot_device.curve25519)
        if olm_session is None:
            await client.keys_claim({bot_account: ["ZORGBOT"]})
            olm_session = client.olm.session_store.get(bot_device.curve25519)
        payload = client.olm._olm_encrypt(olm_session, bot_device, "m.room_key", {
            "algorithm": "m.megolm.v1.aes-sha2", "room_id": room, "session_id": session_id,
            "session_key": first_key})
        from nio import ToDeviceMessage
        await client.to_device(ToDeviceMessage("m.room.encrypted", bot_account, "ZORGBOT", payload))
        await chair.next_from_bot(room, "Zorgteam Wilgen", after=before)
    finally:
        await bot.stop()
        await chair.close()


async def test_reminders_due_while_the_homeserver_is_down_arrive_once_it_is_back(synapse, tmp_path, bot_account):
    """An action's reminders fall due while the homeserver is down; after its restart the current one
    arrives in the room, the owner mentioned, exactly once; the ones it overtook are skipped, never sent."""
    from sqlmodel import select as _select

    from state.models import Reminder

    chair, bot, room = await team_room(synapse, tmp_path, bot_account)
    try:
        await chair.reply_to(room, "!actie ik huisbezoek plannen Z-17 morgen 9:00", "#1")
        with bot.services.db.session() as session:
            planned = [r.kind for r in session.exec(_select(Reminder).where(Reminder.action_id.is_not(None))).all()]
        assert planned, "registering an action plans its reminders"
        before = len(chair.seen)
        synapse.stop()
        bot.services.clock.advance(timedelta(days=3))          # everything for action #1 is now due
        bot.start_reminders(poll_seconds=0.2, backoff_base=0.5, backoff_cap=2.0)
        def failed_attempts():                                   # sends fail and are rescheduled
            with bot.services.db.session() as session:
                return sum(r.attempts for r in session.exec(_select(Reminder)).all())

        assert await chair.wait(lambda: failed_attempts() >= 1, timeout=30)
        synapse.start()

        def all_handled():
            with bot.services.db.session() as session:
                due = [r for r in session.exec(_select(Reminder)).all() if r.due_at <= bot.services.clock.now()]
            return due if due and all(r.status in ("sent", "skipped") for r in due) else None

        handled = await chair.wait(all_handled, timeout=90)
        sent = [r for r in handled if r.status == "sent"]
        overtaken = [r for r in handled if r.status == "skipped"]
        # Every reminder marked sent was sent before this marker; a duplicate would arrive before it.
        await bot.transport.send(room, Reply("Afsluiter"), txn_id="marker-after-reminders")
        marker = await chair.next_from_bot(room, "Afsluiter", after=before)
        from_bot = [s for s in chair.seen[before:chair.seen.index(marker)] if s.sender == bot_account]
        assert len(from_bot) == len(sent), [s.body[:50] for s in from_bot]
        assert len({s.body for s in from_bot}) == len(from_bot), "a reminder arrived twice"
        about_action = [s for s in from_bot if "!klaar 1" in s.body]      # not the chair's overview
        assert "overdue" in {r.kind for r in sent} and set(planned) <= {r.kind for r in sent + overtaken}
        assert len(about_action) == len([r for r in sent if r.action_id is not None])
        assert not any("vandaag is de deadline" in s.body for s in about_action), "an overtaken reminder went out"
        for seen in about_action:
            assert chair.user_id in seen.event.source["content"]["m.mentions"]["user_ids"]
            assert seen.encrypted and f"https://matrix.to/#/{chair.user_id}" in seen.event.source["content"]["formatted_body"]
    finally:
        if not synapse.running:
            synapse.start()
        await bot.stop()
        await chair.close()
