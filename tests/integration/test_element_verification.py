"""Emoji verification and encryption against Element's own crypto stack: a member on matrix-js-sdk with
Rust crypto (tests/integration/element/member.mjs), in "exclude insecure devices" mode, and zorgbot,
both on the test session's real Synapse."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from bot.transports.matrix.crosssigning import master_key_of, query_keys, user_signing_key_of, verify_json_signature
from state import matrix_identities as identities
from state.models import AuditEntry
from tests.integration.element import member as element
from tests.integration.matrix_people import PASSWORD, RunningBot, bot_settings, new_bot_account, unique

pytestmark = pytest.mark.synapse


@pytest.fixture(scope="session")
def element_sdk():
    reason = element.node_missing_reason()
    if reason:
        pytest.skip(reason)
    element.ensure_installed()


@pytest.fixture
async def bot_and_member(synapse, tmp_path: Path, element_sdk):
    """A running bot and a member on js-sdk (cross-signing bootstrapped) with an encrypted direct chat."""
    bot_user = new_bot_account(synapse)
    localpart = unique("anna")
    synapse.register(localpart, PASSWORD)
    member = await element.ElementMember.start(tmp_path / "member.log")
    bot = None
    try:
        login = await member.login(synapse, synapse.user_id(localpart), PASSWORD)
        assert login["cross_signing_ready"] and login["master_key"]
        bot = await RunningBot(bot_settings(synapse, tmp_path, admins=[member.user_id], bot_user=bot_user)).start()
        room = (await member.call("create_room", invite=[bot_user], direct=True))["room_id"]
        await member.call("wait_member", room_id=room, user_id=bot_user)
        yield bot, member, room
    finally:
        await member.close()
        if bot is not None:
            await bot.stop()


def _bot_user(bot) -> str:
    return bot.settings.matrix.user_id


async def _compare_and_confirm(bot, member, room: str, txn: str, *, after: int) -> list[str]:
    """Both screens: the emoji js-sdk shows and the ones the bot shows in the chat must be the same;
    the member then confirms on their device and tells the bot. Returns the emoji."""
    sas = await member.wait_event(lambda e: e.get("event") == "sas" and e["transaction_id"] == txn, after=after)
    shown = await member.message_from(_bot_user(bot), room, "Vergelijk deze emoji", after=after)
    assert shown["encrypted"], "the bot's half of the comparison arrives encrypted"
    on_device = [symbol for symbol, _name in sas["emoji"]]
    assert len(on_device) == 7
    in_chat = shown["body"].split("\n", 1)[0].rsplit(": ", 1)[1].split()
    assert in_chat == on_device, (in_chat, on_device)
    await member.call("confirm", transaction_id=txn)
    before = len(member.events)
    await member.call("send", room_id=room, body="!verifieer ja")
    await member.message_from(_bot_user(bot), room, "Geverifieerd", after=before)
    await member.call("wait_verified", transaction_id=txn)
    return on_device


async def _both_sides_verified(bot, member, master_key: str) -> None:
    bot_user = _bot_user(bot)
    trust = await member.call("trust", user_id=bot_user, device_id="ZORGBOT")
    assert trust["user_cross_signing_verified"], trust          # the bot's identity, verified by the member
    assert trust["device_cross_signing_verified"], trust        # the bot's device: verified shield
    # For the bot: the member's identity pinned, audited, and signed with the bot's user-signing key.
    with bot.services.db.session() as session:
        assert identities.pinned_masters(session, bot_user)[member.user_id] == master_key
        audit = session.exec(select(AuditEntry).where(AuditEntry.action == "matrix/identity_verified")).all()
    assert [a.details["signed"] for a in audit] == [True]
    keys = await query_keys(bot.transport.client, [member.user_id, bot_user])
    usk = user_signing_key_of(keys, bot_user)
    assert master_key_of(keys, member.user_id) == master_key
    assert verify_json_signature(keys["master_keys"][member.user_id], signer_user_id=bot_user, key_id=usk,
                                 public_key=usk)


async def test_element_verify_session_by_emoji_completes_on_both_sides(bot_and_member):
    """Element's "Verify session" on the bot's device: a to-device request from the member's client."""
    bot, member, room = bot_and_member
    master = (await member.call("own_master_key"))["master_key"]
    before = len(member.events)
    request = await member.call("request_verification", user_id=_bot_user(bot), device_id="ZORGBOT")
    txn = request["transaction_id"]
    await member.call("wait_phase", transaction_id=txn, phase="Ready")
    await member.call("start_sas", transaction_id=txn)
    await _compare_and_confirm(bot, member, room, txn, after=before)
    await _both_sides_verified(bot, member, master)


async def test_verifieer_typed_in_the_chat_starts_it_and_element_accepts(bot_and_member, synapse, tmp_path):
    """The bot asks every session of the member; the one that accepts goes on, the others are told
    it was accepted elsewhere (m.accepted), so Element stops showing the request there."""
    bot, member, room = bot_and_member
    master = (await member.call("own_master_key"))["master_key"]
    laptop = await element.ElementMember.start(tmp_path / "laptop.log")
    try:
        await laptop.login(synapse, member.user_id, PASSWORD, cross_sign=False)
        before, laptop_before = len(member.events), len(laptop.events)
        await member.call("send", room_id=room, body="!verifieer")
        await member.message_from(_bot_user(bot), room, "verificatieverzoek", after=before)
        incoming = await member.wait_event(lambda e: e.get("event") == "verification_request"
                                           and e["other_user"] == _bot_user(bot), after=before)
        txn = incoming["transaction_id"]
        await laptop.wait_event(lambda e: e.get("event") == "verification_request" and e["transaction_id"] == txn,
                                after=laptop_before)
        await member.call("accept", transaction_id=txn)
        await member.call("wait_phase", transaction_id=txn, phase="Ready")
        elsewhere = await laptop.call("wait_phase", transaction_id=txn, phase="Cancelled")
        assert elsewhere["phase"] == "Cancelled" and elsewhere["cancellation_code"] == "m.accepted", elsewhere
        await member.call("start_sas", transaction_id=txn)           # Element: "Verify by emoji"
        await _compare_and_confirm(bot, member, room, txn, after=before)
        await _both_sides_verified(bot, member, master)
    finally:
        await laptop.close()


async def test_replies_decrypt_in_element_excluding_insecure_devices_and_an_unsigned_session_is_told_why(
        bot_and_member, synapse, tmp_path):
    """The core promise: with "exclude insecure devices" on, the member's client reads the bot. A second
    session of the member that is not cross-signed gets no room key, and is told so with the spec's
    withheld code, so Element says "not verified" rather than a generic error."""
    bot, member, room = bot_and_member
    before = len(member.events)
    await member.call("send", room_id=room, body="!hulp")
    reply = await member.message_from(_bot_user(bot), room, "Dit kan ik voor je doen", after=before)
    assert reply["encrypted"]
    assert not [e for e in member.events[before:] if e.get("event") == "undecryptable"]
    shield = (await member.call("shield", room_id=room, event_id=reply["event_id"]))["shield"]
    assert shield["colour"] == 0, shield          # EventShieldColour.NONE: no warning on the bot's message

    laptop = await element.ElementMember.start(tmp_path / "laptop.log")
    try:
        await laptop.login(synapse, member.user_id, PASSWORD, cross_sign=False)
        await laptop.call("wait_member", room_id=room, user_id=_bot_user(bot))
        start = len(laptop.events)
        seen_at = len(member.events)
        await member.call("send", room_id=room, body="!hulp")
        await member.message_from(_bot_user(bot), room, "Dit kan ik voor je doen", after=seen_at)
        withheld = await laptop.wait_event(lambda e: e.get("event") == "to_device"
                                           and e["type"] == "m.room_key.withheld" and e["sender"] == _bot_user(bot),
                                           after=start)
        assert withheld["content"]["code"] == "m.unverified" and withheld["content"]["room_id"] == room
        # Element's reason for the bot's reply: withheld because this session is not verified.
        await laptop.wait_event(lambda e: e.get("event") == "undecryptable" and e["sender"] == _bot_user(bot)
                                and e["reason"] == "MEGOLM_KEY_WITHHELD_FOR_UNVERIFIED_DEVICE", after=start)
        assert not [e for e in laptop.events[start:] if e.get("event") == "message"
                    and e["sender"] == _bot_user(bot) and "Dit kan ik" in e["body"]]
        # The member's verified session is told, in the chat, which session is left out.
        notice = await member.message_from(_bot_user(bot), room, laptop.device_id, after=seen_at)
        assert member.user_id in notice["content"]["m.mentions"]["user_ids"]
    finally:
        await laptop.close()


async def test_cancelled_in_element_or_a_mismatch_in_the_chat_stops_it_and_nothing_is_signed(bot_and_member):
    bot, member, room = bot_and_member
    bot_user = _bot_user(bot)

    async def emoji_shown() -> str:
        before = len(member.events)
        request = await member.call("request_verification", user_id=bot_user, device_id="ZORGBOT")
        txn = request["transaction_id"]
        await member.call("wait_phase", transaction_id=txn, phase="Ready")
        await member.call("start_sas", transaction_id=txn)
        await member.wait_event(lambda e: e.get("event") == "sas" and e["transaction_id"] == txn, after=before)
        await member.message_from(bot_user, room, "Vergelijk deze emoji", after=before)
        return txn

    # The member presses "Cancel" in Element: the bot says so, and a late yes is not taken for it.
    txn = await emoji_shown()
    before = len(member.events)
    await member.call("cancel", transaction_id=txn)
    await member.message_from(bot_user, room, "De verificatie is afgebroken", after=before)
    late = len(member.events)
    await member.call("send", room_id=room, body="!verifieer ja")
    await member.message_from(bot_user, room, "Er loopt geen verificatie met je", after=late)
    assert not [e for e in member.events[late:] if e.get("event") == "message" and "rond de verificatie af" in e["body"]]

    # The emoji differ, the member says so in the chat: the bot cancels on Element's side too.
    txn = await emoji_shown()
    before = len(member.events)
    await member.call("send", room_id=room, body="!verifieer nee")
    await member.call("wait_phase", transaction_id=txn, phase="Cancelled")
    await member.wait_event(lambda e: e.get("event") == "verify_failed" and e["transaction_id"] == txn, after=before)

    trust = await member.call("trust", user_id=bot_user, device_id="ZORGBOT")
    assert not trust["user_cross_signing_verified"] and not trust["device_cross_signing_verified"]
    with bot.services.db.session() as session:
        assert not session.exec(select(AuditEntry).where(AuditEntry.action == "matrix/identity_verified")).all()
    keys = await query_keys(bot.transport.client, [member.user_id])
    assert not keys["master_keys"][member.user_id].get("signatures", {}).get(bot_user)


async def test_verify_session_from_a_shared_room_without_a_direct_chat_shows_the_emoji_there(
        synapse, tmp_path, element_sdk):
    bot_user = new_bot_account(synapse)
    localpart = unique("bram")
    synapse.register(localpart, PASSWORD)
    member = await element.ElementMember.start(tmp_path / "member.log")
    bot = None
    try:
        await member.login(synapse, synapse.user_id(localpart), PASSWORD)
        master = (await member.call("own_master_key"))["master_key"]
        bot = await RunningBot(bot_settings(synapse, tmp_path, admins=[member.user_id], bot_user=bot_user)).start()
        room = (await member.call("create_room", invite=[bot_user]))["room_id"]
        await member.call("wait_member", room_id=room, user_id=bot_user)
        before = len(member.events)
        request = await member.call("request_verification", user_id=bot_user, device_id="ZORGBOT")
        txn = request["transaction_id"]
        await member.call("wait_phase", transaction_id=txn, phase="Ready")
        await member.call("start_sas", transaction_id=txn)
        await _compare_and_confirm(bot, member, room, txn, after=before)
        await _both_sides_verified(bot, member, master)
    finally:
        await member.close()
        if bot is not None:
            await bot.stop()


async def test_after_an_identity_reset_in_element_the_member_recovers_by_emoji(bot_and_member):
    """Element's "reset identity" gives a new master key: the bot holds the member (their device
    cannot read it), except the emoji shown for the comparison; verifying accepts the new identity."""
    bot, member, room = bot_and_member
    bot_user = _bot_user(bot)
    await member.call("send", room_id=room, body="!hulp")        # the bot has seen (pinned) her identity
    await member.message_from(bot_user, room, "Dit kan ik voor je doen")
    old = (await member.call("own_master_key"))["master_key"]
    new = (await member.call("reset_identity"))["master_key"]
    assert new != old

    before = len(member.events)
    await member.call("send", room_id=room, body="!verifieer")
    incoming = await member.wait_event(lambda e: e.get("event") == "verification_request"
                                       and e["other_user"] == bot_user, after=before)
    txn = incoming["transaction_id"]
    await member.call("accept", transaction_id=txn)
    await member.call("wait_phase", transaction_id=txn, phase="Ready")
    await member.call("start_sas", transaction_id=txn)
    # While held the member reads nothing from the bot but the emoji.
    await _compare_and_confirm(bot, member, room, txn, after=before)
    unreadable = [e for e in member.events[before:] if e.get("event") == "undecryptable" and e["sender"] == bot_user]
    assert unreadable, "the bot's other messages while held were not readable"
    await _both_sides_verified(bot, member, new)
    with bot.services.db.session() as session:
        actions = [a.action for a in session.exec(select(AuditEntry)).all()]
    assert "matrix/identity_changed" in actions
    after = len(member.events)
    await member.call("send", room_id=room, body="!hulp")
    assert (await member.message_from(bot_user, room, "Dit kan ik voor je doen", after=after))["encrypted"]


async def test_element_verify_user_in_a_new_direct_chat_completes_on_both_sides(synapse, tmp_path, element_sdk):
    """Element's "Verify user": the request and every step are events in a direct chat. Without one,
    Element creates it and sends the request at once, before the bot has accepted the invite (here:
    while the bot is not even running)."""
    bot_user = new_bot_account(synapse)
    localpart = unique("cato")
    synapse.register(localpart, PASSWORD)
    member = await element.ElementMember.start(tmp_path / "member.log")
    bot = None
    try:
        await member.login(synapse, synapse.user_id(localpart), PASSWORD)
        master = (await member.call("own_master_key"))["master_key"]
        bot = await RunningBot(bot_settings(synapse, tmp_path, admins=[member.user_id], bot_user=bot_user)).start()
        await bot.stop()              # restarting, say: the bot accepts the invite after the request was sent
        room = (await member.call("create_room", invite=[bot_user], direct=True))["room_id"]
        before = len(member.events)
        request = await member.call("request_verification", user_id=bot_user, room_id=room)
        txn = request["transaction_id"]
        await bot.start()
        await member.call("wait_phase", transaction_id=txn, phase="Ready")
        await member.call("start_sas", transaction_id=txn)
        await _compare_and_confirm(bot, member, room, txn, after=before)
        await _both_sides_verified(bot, member, master)
    finally:
        await member.close()
        if bot is not None:
            await bot.stop()
