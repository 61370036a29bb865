"""Trust in Matrix, against a real Synapse: identity resets and their recovery, withheld room keys,
polls, answers outside the thread, and rooms without encryption."""
from __future__ import annotations

from nio import RoomCreateResponse
from sqlmodel import select

from core.messages import Reply
from bot.transports.matrix.crosssigning import ensure_cross_signing
from state.models import AuditEntry
from tests.integration.matrix_people import (PASSWORD, Person, RunningBot, bot_settings, new_bot_account,
                                             spec_commitment_check, unique)
from tests.integration.test_matrix_transport import team_room

import pytest

pytestmark = pytest.mark.synapse


@pytest.fixture
def bot_account(synapse):
    return new_bot_account(synapse)


@pytest.fixture(autouse=True)
def nio_members_check_commitments_as_the_spec_says(monkeypatch):
    from nio.crypto.sas import Sas
    monkeypatch.setattr(Sas, "_check_commitment", spec_commitment_check)


def _from_bot(person, room, contains, after=0):
    return [s for s in person.seen[after:] if s.room_id == room and s.sender.startswith("@zorgbot")
            and contains in s.body]


async def _member_in_room(synapse, tmp_path, chair, room, localpart):
    member = await Person.login(synapse, unique(localpart), tmp_path / localpart)
    await chair.reply_to(room, f"!team lid {member.user_id} smw", "is lid met de rol")
    await chair.invite(room, member.user_id)
    await member.join(room)
    await member.reply_to(room, "!hulp", "Dit kan ik voor je doen")   # the bot has seen (pinned) her identity
    return member


async def test_identity_reset_is_announced_held_and_recovered_with_vertrouw(synapse, tmp_path, bot_account):
    chair, bot, room = await team_room(synapse, tmp_path, bot_account)
    anna = await _member_in_room(synapse, tmp_path, chair, room, "anna")
    try:
        before = len(chair.seen)
        # Anna resets her identity (as Element's "reset identity" does): a new master key.
        status = await ensure_cross_signing(anna.client, key_file=tmp_path / "anna-new.keys", secret=b"a-new-secret",
                                            password=PASSWORD, reset=True)
        assert status.ok
        notice = await chair.next_from_bot(room, f"!vertrouw {anna.user_id}", after=before)
        mentions = notice.event.source["content"]["m.mentions"]["user_ids"]
        assert anna.user_id in mentions and chair.user_id in mentions, "the member and the lead are mentioned"
        with bot.services.db.session() as session:
            audit = session.exec(select(AuditEntry).where(AuditEntry.action == "matrix/identity_changed")).all()
        assert len(audit) == 1 and audit[0].details["new_key"] != audit[0].details["old_key"]

        # While held, Anna gets no case data (the chair can read the refusal), and cannot read the bot.
        refusal_at = len(chair.seen)
        unreadable_before = len(anna.unreadable)
        await anna.say(room, "!acties")
        await chair.next_from_bot(room, "deel ik geen zaakgegevens met je", after=refusal_at)
        await anna.wait(lambda: len(anna.unreadable) > unreadable_before)
        assert not _from_bot(anna, room, "deel ik geen zaakgegevens")
        withheld = await anna.wait(lambda: [e for e in anna.to_device if e["type"] == "m.room_key.withheld"])
        assert withheld[0]["content"]["code"] == "m.unverified" and withheld[0]["content"]["room_id"] == room

        # A lead accepts after checking with Anna; her device reads the bot again.
        await chair.reply_to(room, f"!vertrouw {anna.user_id}", "Geaccepteerd")
        seen = await anna.reply_to(room, "!hulp", "Dit kan ik voor je doen")
        assert seen.encrypted
        with bot.services.db.session() as session:
            assert session.exec(select(AuditEntry).where(AuditEntry.action == "matrix/identity_accepted")).all()
        # The change was announced once, not again on every send.
        assert len(_from_bot(chair, room, f"!vertrouw {anna.user_id}", after=before)) == 1
        # Accepting twice says there is nothing to accept.
        await chair.reply_to(room, f"!vertrouw {anna.user_id}", "wacht geen identiteitswijziging")
    finally:
        await anna.close()
        await bot.stop()
        await chair.close()


async def test_an_unverified_device_receives_withheld_with_the_spec_code(synapse, tmp_path, bot_account):
    chair, bot, room = await team_room(synapse, tmp_path, bot_account)
    laptop = await Person.login(synapse, chair.user_id[1:].split(":")[0], tmp_path / "laptop", register=False,
                                cross_sign=False, device_id="UNSIGNEDLAPTOP")
    try:
        await laptop.know_devices(room)
        # The bot learns of the new device from its sync (a device-list change); wait for that, as a busy
        # machine may be slower than the next message.
        await chair.wait(lambda: any(d.id == "UNSIGNEDLAPTOP" for d in
                                     bot.transport.client.device_store.active_user_devices(chair.user_id)))
        await chair.reply_to(room, "!hulp", "Dit kan ik voor je doen")
        withheld = await laptop.wait(lambda: [e for e in laptop.to_device if e["type"] == "m.room_key.withheld"])
        content = withheld[0]["content"]
        assert content["code"] == "m.unverified" and content["room_id"] == room
        assert content["session_id"] and content["algorithm"] == "m.megolm.v1.aes-sha2"
        assert "niet geverifieerd" in content["reason"]
        # The verified device is told in the room, mentioning its owner.
        warning = await chair.next_from_bot(room, "UNSIGNEDLAPTOP")
        assert chair.user_id in warning.event.source["content"]["m.mentions"]["user_ids"]
    finally:
        await laptop.close()
        await bot.stop()
        await chair.close()


async def test_a_question_is_one_poll_and_a_poll_answer_is_taken(synapse, tmp_path, bot_account):
    chair, bot, room = await team_room(synapse, tmp_path, bot_account)
    try:
        before = len(chair.seen)
        command = await chair.say(room, "!team inrichten")
        await chair.next_from_bot(room, "Hoe heet het team?", after=before)
        poll = await chair.reply_to(room, "-", "Wat voor team is het?", thread=command)
        assert poll.event.type == "m.poll.start"
        content = poll.event.source["content"]
        answers = content["m.poll.start"]["answers"]
        assert [a["id"] for a in answers] == [str(n) for n in range(1, len(answers) + 1)]
        assert "1." in content["body"], "the numbered text is the fallback"
        assert content["m.relates_to"]["event_id"] == command
        after_poll = len(chair.seen)
        await chair.answer_poll(room, poll.event.event_id, "2")
        following = await chair.next_from_bot(room, "Welk onderwijs?", after=after_poll)
        # No burst of reactions: between the poll and the next question the bot sent nothing.
        history = await chair.client.room_messages(room, start=chair.client.next_batch, limit=50)
        between = [e for e in history.chunk if e.sender == bot_account
                   and poll.event.server_timestamp < e.server_timestamp < following.event.server_timestamp]
        assert not between, [getattr(e, "source", {}).get("type") for e in between]
    finally:
        await bot.stop()
        await chair.close()


async def test_an_answer_in_the_main_timeline_continues_the_thread_dialogue(synapse, tmp_path, bot_account):
    chair, bot, room = await team_room(synapse, tmp_path, bot_account)
    try:
        before = len(chair.seen)
        command = await chair.say(room, "!team inrichten")
        await chair.next_from_bot(room, "Hoe heet het team?", after=before)
        # Typed in the room, not in the thread.
        seen = await chair.reply_to(room, "Zorgteam Wilgen", "Wat voor team is het?")
        assert seen.event.source["content"]["m.relates_to"]["event_id"] == command, "the answer lands in the thread"
    finally:
        await bot.stop()
        await chair.close()


async def test_binding_an_unencrypted_room_asks_for_confirmation_and_reminders_stay_out(synapse, tmp_path,
                                                                                        bot_account):
    chair = await Person.login(synapse, unique("chair"), tmp_path / "chair")
    bot = await RunningBot(bot_settings(synapse, tmp_path, admins=[chair.user_id], bot_user=bot_account)).start()
    room = await chair.create_room(bot_account, encrypted=False)
    try:
        await chair.wait(lambda: chair.has_joined(room, bot_account))
        await chair.reply_to(room, "!kamer koppel Zorgteam Berken", "niet end-to-end versleuteld")
        await chair.reply_to(room, "!kamer", "hoort bij geen enkel team")         # nothing was bound
        await chair.reply_to(room, "!kamer koppel Zorgteam Berken bevestig", "Zorgteam Berken")
        await chair.reply_to(room, "!kamer", "Zorgteam Berken")

        # A reminder does not go into this room; an ordinary reply after it does.
        before = len(chair.seen)
        await bot.transport.send(room, Reply("Herinnering: huisbezoek", privacy="advice"), txn_id="r-1")
        await chair.reply_to(room, "!hulp", "Dit kan ik voor je doen")
        assert not _from_bot(chair, room, "Herinnering", after=before)
        # Until a lead allows it explicitly.
        await chair.reply_to(room, "!onversleuteld aan", "onversleutelde kamer")
        await bot.transport.send(room, Reply("Herinnering: huisbezoek", privacy="advice"), txn_id="r-2")
        await chair.next_from_bot(room, "Herinnering", after=before)
    finally:
        await bot.stop()
        await chair.close()


async def test_a_direct_chat_without_a_team_says_how_to_be_added(synapse, tmp_path, bot_account):
    chair = await Person.login(synapse, unique("chair"), tmp_path / "chair")
    stranger = await Person.login(synapse, unique("nieuw"), tmp_path / "stranger")
    bot = await RunningBot(bot_settings(synapse, tmp_path, admins=[chair.user_id], bot_user=bot_account)).start()
    try:
        response = await stranger.client.room_create(is_direct=True, invite=[bot_account], initial_state=[
            {"type": "m.room.encryption", "state_key": "", "content": {"algorithm": "m.megolm.v1.aes-sha2"}}])
        assert isinstance(response, RoomCreateResponse)
        room = response.room_id
        await stranger.wait(lambda: stranger.has_joined(room, bot_account))
        seen = await stranger.reply_to(room, "!acties", "Vraag de voorzitter of IB'er")
        assert f"!team lid {stranger.user_id}" in seen.body
        assert "!kamer koppel" not in seen.body
    finally:
        await stranger.close()
        await bot.stop()
        await chair.close()


async def verify_by_emoji(person, bot_account: str, room: str) -> tuple[object, str]:
    """The member types !verifieer; their device (nio, driving the SAS flow with our MAC helper, which
    includes the master key as Element does) answers the bot's request, compares the emoji the bot
    shows in the chat with its own, confirms, and says "!verifieer ja". Returns (SAS, command id)."""
    from nio import ToDeviceMessage
    from nio.crypto.sas import Sas

    from bot.transports.matrix.crosssigning import master_key_of, query_keys
    from bot.transports.matrix.verification import mac_content, sas_emoji

    client = person.client
    before, requests_before = len(person.seen), len(person.to_device)
    command = await person.say(room, "!verifieer")
    request = await person.wait(lambda: next((e for e in person.to_device[requests_before:]
                                              if e["type"] == "m.key.verification.request"), None))
    txn = request["content"]["transaction_id"]
    assert request["sender"] == bot_account and "m.sas.v1" in request["content"]["methods"]
    await client.to_device(ToDeviceMessage("m.key.verification.ready", bot_account, "ZORGBOT", {
        "from_device": client.device_id, "methods": ["m.sas.v1"], "transaction_id": txn}))
    bot_device = client.device_store[bot_account]["ZORGBOT"]
    sas = Sas(person.user_id, client.device_id, client.olm.account.identity_keys["ed25519"], bot_device,
              transaction_id=txn)
    client.olm.key_verifications[txn] = sas
    await client.to_device(sas.start_verification())

    # The bot shows the emoji in the thread of the command; they are the ones on the member's screen.
    shown = await person.next_from_bot(room, "Vergelijk deze emoji", after=before)
    assert shown.event.source["content"]["m.relates_to"]["event_id"] == command
    await person.wait(lambda: sas.established_sas is not None)
    assert "  ".join(symbol for symbol, _ in sas_emoji(sas)) in shown.body

    own = await query_keys(client, [person.user_id])
    master = master_key_of(own, person.user_id)
    sas.accept_sas()
    await client.to_device(ToDeviceMessage("m.key.verification.mac", bot_account, "ZORGBOT", mac_content(
        sas, person.user_id, client.device_id, {f"ed25519:{client.device_id}": client.olm.account.identity_keys[
            "ed25519"], f"ed25519:{master}": master})))
    done_at = len(person.seen)
    await person.say(room, "!verifieer ja", thread=command)
    await person.next_from_bot(room, "Geverifieerd", after=done_at)
    return sas, command


async def test_an_emoji_verification_with_the_bot_completes_and_signs_the_members_identity(synapse, tmp_path,
                                                                                             bot_account):
    from bot.transports.matrix.crosssigning import (master_key_of, query_keys, user_signing_key_of,
                                                    verify_json_signature)
    from bot.transports.matrix.verification import mac_covers

    chair, bot, room = await team_room(synapse, tmp_path, bot_account)
    client = chair.client
    try:
        from nio import KeyVerificationMac
        macs = []
        client.add_to_device_callback(lambda event: macs.append(event.source), KeyVerificationMac)
        sas, _command = await verify_by_emoji(chair, bot_account, room)
        # The bot's MAC vouches for its device and its master key; the member's device verified the bot's.
        bot_mac = await chair.wait(lambda: macs[-1] if macs else None)
        bot_master = master_key_of(await query_keys(client, [bot_account]), bot_account)
        assert mac_covers(sas, chair.user_id, client.device_id, bot_mac["content"], f"ed25519:{bot_master}", bot_master)
        await chair.wait(lambda: sas.verified)
        # The member's master key now carries the bot's user-signing signature (a user-signing signature
        # is served only to its signer, so ask as the bot).
        after = await query_keys(bot.transport.client, [chair.user_id, bot_account])
        usk = user_signing_key_of(after, bot_account)
        master_obj = after["master_keys"][chair.user_id]
        assert verify_json_signature(master_obj, signer_user_id=bot_account, key_id=usk, public_key=usk)
        with bot.services.db.session() as session:
            assert session.exec(select(AuditEntry).where(AuditEntry.action == "matrix/identity_verified")).all()
    finally:
        await bot.stop()
        await chair.close()


async def test_after_an_identity_reset_the_member_recovers_by_emoji_verification(synapse, tmp_path, bot_account):
    chair, bot, room = await team_room(synapse, tmp_path, bot_account)
    anna = await _member_in_room(synapse, tmp_path, chair, room, "anna")
    try:
        before = len(chair.seen)
        status = await ensure_cross_signing(anna.client, key_file=tmp_path / "anna-new.keys", secret=b"a-new-secret",
                                            password=PASSWORD, reset=True)
        assert status.ok
        await chair.next_from_bot(room, "!verifieer", after=before)       # the notice names the way back
        # Anna cannot read the bot now, except the emoji shown to her device for the comparison.
        await verify_by_emoji(anna, bot_account, room)
        seen = await anna.reply_to(room, "!hulp", "Dit kan ik voor je doen")
        assert seen.encrypted
        with bot.services.db.session() as session:
            actions = [a.action for a in session.exec(select(AuditEntry)).all()]
        assert "matrix/identity_changed" in actions and "matrix/identity_verified" in actions
    finally:
        await anna.close()
        await bot.stop()
        await chair.close()


async def test_a_member_who_chose_it_gets_reminders_by_encrypted_direct_chat(synapse, tmp_path, bot_account):
    chair, bot, room = await team_room(synapse, tmp_path, bot_account)
    try:
        await chair.reply_to(room, "!overzicht privé", "privégesprek met mij")    # not from the team room
        response = await chair.client.room_create(is_direct=True, invite=[bot_account], initial_state=[
            {"type": "m.room.encryption", "state_key": "", "content": {"algorithm": "m.megolm.v1.aes-sha2"}}])
        direct = response.room_id
        await chair.wait(lambda: chair.has_joined(direct, bot_account))
        await chair.reply_to(direct, "!overzicht privé", "komen voortaan hier")

        before = len(chair.seen)
        await bot.transport.send(room, Reply("Herinnering: huisbezoek Z-17", mentions=[chair.user_id]),
                                 txn_id="dm-reminder-1")
        seen = await chair.next_from_bot(direct, "Herinnering: huisbezoek", after=before)
        assert seen.encrypted
        await chair.reply_to(room, "!hulp", "Dit kan ik voor je doen")
        assert not _from_bot(chair, room, "Herinnering", after=before), "not also in the team room"

        await chair.reply_to(direct, "!overzicht kamer", "weer in de teamkamer")
        await bot.transport.send(room, Reply("Herinnering: verslag", mentions=[chair.user_id]), txn_id="dm-reminder-2")
        await chair.next_from_bot(room, "Herinnering: verslag", after=before)
    finally:
        await bot.stop()
        await chair.close()


async def test_in_room_verification_as_element_starts_it_from_a_user_profile(synapse, tmp_path, bot_account,
                                                                               monkeypatch):
    """Element's "Verify user" runs the same steps as events in a direct chat, related to the request;
    the member's side is a nio SAS object fed those events, its commitment over the start as sent."""
    from nio import KeyVerificationAccept, KeyVerificationKey, ToDeviceMessage
    from nio.crypto.sas import Sas

    from bot.transports.matrix.crosssigning import master_key_of, query_keys
    from bot.transports.matrix.verification import mac_content, mac_covers, sas_emoji

    chair, bot, room = await team_room(synapse, tmp_path, bot_account)
    client = chair.client
    try:
        response = await client.room_create(is_direct=True, invite=[bot_account], initial_state=[
            {"type": "m.room.encryption", "state_key": "", "content": {"algorithm": "m.megolm.v1.aes-sha2"}}])
        direct = response.room_id
        await chair.wait(lambda: chair.has_joined(direct, bot_account))
        await chair.know_devices(direct)

        async def send(event_type: str, content: dict) -> str:
            sent = await client.room_send(direct, event_type, content, ignore_unverified_devices=True)
            return sent.event_id

        def from_bot(event_type: str, relates_to: str):
            return next((e for r, e in chair.room_events if r == direct and e.get("type") == event_type
                         and e.get("sender") == bot_account
                         and (e.get("content") or {}).get("m.relates_to", {}).get("event_id") == relates_to), None)

        request = await send("m.room.message", {"msgtype": "m.key.verification.request", "body": "verify",
                                                "to": bot_account, "from_device": client.device_id,
                                                "methods": ["m.sas.v1"]})
        await chair.wait(lambda: from_bot("m.key.verification.ready", request))
        relation = {"rel_type": "m.reference", "event_id": request}
        bot_device = client.device_store[bot_account]["ZORGBOT"]
        sas = Sas(chair.user_id, client.device_id, client.olm.account.identity_keys["ed25519"], bot_device,
                  transaction_id=request)
        start = {k: v for k, v in sas.start_verification().content.items() if k != "transaction_id"}
        start["m.relates_to"] = relation
        # As Element: the fixed MAC method first, the old one still offered.
        start["message_authentication_codes"] = ["hkdf-hmac-sha256.v2", "hkdf-hmac-sha256"]
        sas.start_verification = lambda: ToDeviceMessage("m.key.verification.start", bot_account, "ZORGBOT", start)
        await send("m.key.verification.start", start)

        accept = await chair.wait(lambda: from_bot("m.key.verification.accept", request))
        assert accept["content"]["message_authentication_code"] == "hkdf-hmac-sha256.v2"
        monkeypatch.setattr(Sas, "_mac_v1", ["hkdf-hmac-sha256", "hkdf-hmac-sha256.v2"])   # nio's side, too
        sas.receive_accept_event(KeyVerificationAccept.from_dict(
            {"sender": bot_account, "content": {**accept["content"], "transaction_id": request}}))
        key = {k: v for k, v in sas.share_key().content.items() if k != "transaction_id"}
        await send("m.key.verification.key", {**key, "m.relates_to": relation})
        their_key = await chair.wait(lambda: from_bot("m.key.verification.key", request))
        sas.receive_key_event(KeyVerificationKey.from_dict(
            {"sender": bot_account, "content": {**their_key["content"], "transaction_id": request}}))
        assert not sas.canceled, sas.cancel_reason          # the bot's commitment matched its key

        shown = await chair.next_from_bot(direct, "Vergelijk deze emoji")
        assert "  ".join(symbol for symbol, _ in sas_emoji(sas)) in shown.body
        master = master_key_of(await query_keys(client, [chair.user_id]), chair.user_id)
        sas.accept_sas()
        mac = mac_content(sas, chair.user_id, client.device_id, {
            f"ed25519:{client.device_id}": client.olm.account.identity_keys["ed25519"], f"ed25519:{master}": master})
        await send("m.key.verification.mac", {**{k: v for k, v in mac.items() if k != "transaction_id"},
                                              "m.relates_to": relation})
        before = len(chair.seen)
        await chair.say(direct, "!verifieer ja")
        await chair.next_from_bot(direct, "Geverifieerd", after=before)
        bot_mac = await chair.wait(lambda: from_bot("m.key.verification.mac", request))
        bot_master = master_key_of(await query_keys(client, [bot_account]), bot_account)
        assert mac_covers(sas, chair.user_id, client.device_id, bot_mac["content"], f"ed25519:{bot_master}", bot_master)
        await chair.wait(lambda: from_bot("m.key.verification.done", request))
    finally:
        await bot.stop()
        await chair.close()
