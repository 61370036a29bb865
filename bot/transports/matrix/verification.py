"""Interactive verification (SAS, emoji) between a member's device and the bot, to-device.

nio carries the SAS core (key agreement, commitment, emoji, MAC of device keys); on top of it this
module adds what a bot needs:

- the request/ready handshake (`m.key.verification.request` / `.ready` / `.done`), either way round:
  a member's client asks, or the member types `!verifieer` and the bot asks their devices;
- showing the emoji in the chat and taking the member's `!verifieer ja` / `nee` as the bot's side
  of the comparison (a bot has no eyes: the person compares both screens);
- the master keys in the MACs: the bot's own master key, so the member's client can mark the bot's
  identity verified, and the member's, which the bot then signs with its user-signing key and pins
  (an identity change held for this member is accepted by it).
- two corrections to nio's SAS, found against Element's own crypto (matrix-js-sdk with Rust crypto,
  tests/integration/test_element_verification.py): the commitment is unpadded base64, not hex, and
  the emoji are vodozemac's seven indices as they come (see `commitment` and `sas_emoji`).
"""
from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import logging
import time
import uuid
from dataclasses import dataclass

import canonicaljson
from nio import (KeyVerificationCancel, KeyVerificationKey, KeyVerificationMac, KeyVerificationStart,
                 ToDeviceMessage, UnknownToDeviceEvent)
from nio.crypto.sas import Sas

from core import i18n
from core.messages import Reply
from bot.delivery import DeliveryError
from bot.transports.matrix.crosssigning import (CrossSigningKeys, master_key_of, query_keys,
                                                sign_user_master_key)
from state import matrix_identities as identities
from state.models import AuditEntry
from state.links import memberships


log = logging.getLogger(__name__)
SAS = "m.sas.v1"
# nio names its MAC "hkdf-hmac-sha256" but computes it the way the spec calls "hkdf-hmac-sha256.v2"
# (the old name stands for libolm's faulty base64). Choosing .v2 whenever it is offered, as Element
# does, makes the name match the computation.
MAC_V2 = "hkdf-hmac-sha256.v2"
# The spec's limits on a request's age (its timestamp, or the event's): older ones are ignored.
REQUEST_MAX_AGE_MS, REQUEST_FUTURE_MS = 10 * 60 * 1000, 5 * 60 * 1000
REQUEST, READY, DONE = "m.key.verification.request", "m.key.verification.ready", "m.key.verification.done"


def commitment(public_key: str, start_content: dict) -> str:
    """The spec's commitment: SHA-256 of our ephemeral public key and the canonical JSON of the start
    content, as unpadded base64. (nio writes it as hex, which only another nio accepts: Element's Rust
    crypto cancels with m.key_mismatch when the key arrives.)"""
    digest = hashlib.sha256((public_key + canonicaljson.encode_canonical_json(start_content).decode()).encode())
    return base64.b64encode(digest.digest()).decode().rstrip("=")


def sas_emoji(sas) -> list[tuple[str, str]]:
    """The seven emoji both screens show. vodozemac already hands out the seven 6-bit indices; nio's
    get_emoji() cuts those bytes into 6-bit groups once more, which gives other emoji than Element
    (two nio clients agree with each other, nobody else does)."""
    indices = sas.established_sas.bytes(sas._extra_info).emoji_indices
    return [Sas.emoji[index] for index in indices]


def accept_message(sas, offered_macs: list[str], start_content: dict) -> ToDeviceMessage:
    sas.commitment = commitment(sas.pubkey, start_content)
    message = sas.accept_verification()
    if MAC_V2 in offered_macs:
        sas.chosen_mac_method = MAC_V2
        message.content["message_authentication_code"] = MAC_V2
    return message


def _mac_info(sender: str, sender_device: str, receiver: str, receiver_device: str, transaction_id: str) -> str:
    return f"MATRIX_KEY_VERIFICATION_MAC{sender}{sender_device}{receiver}{receiver_device}{transaction_id}"


def mac_content(sas, own_user: str, own_device: str, keys: dict[str, str]) -> dict:
    """Our MAC message for a SAS, covering `keys` (key id -> public key): our device key and, beside
    it, our master key, as the spec's cross-signing verification asks."""
    other = sas.other_olm_device
    info = _mac_info(own_user, own_device, other.user_id, other.id, sas.transaction_id)
    calculate = sas.established_sas.calculate_mac
    mac = {key_id: calculate(public, info + key_id) for key_id, public in keys.items()}
    return {"mac": mac, "keys": calculate(",".join(sorted(mac)), info + "KEY_IDS"),
            "transaction_id": sas.transaction_id}


def mac_covers(sas, own_user: str, own_device: str, content: dict, key_id: str, public: str) -> bool:
    """Did the other side's MAC message vouch for `public` under `key_id` (e.g. their master key)?"""
    other = sas.other_olm_device
    info = _mac_info(other.user_id, other.id, own_user, own_device, sas.transaction_id)
    calculate = sas.established_sas.calculate_mac
    macs = content.get("mac") or {}
    return (key_id in macs and content.get("keys") == calculate(",".join(sorted(macs)), info + "KEY_IDS")
            and macs[key_id] == calculate(public, info + key_id))


@dataclass
class _Flow:
    user_id: str
    device_id: str | None
    transaction_id: str
    their_mac: dict | None = None
    confirmed: bool = False
    shown: bool = False
    room_id: str | None = None     # in-room verification (Element's "Verify user"): steps are room events
    asked_devices: tuple[str, ...] = ()   # the devices a request from the bot went to


class Verifications:
    def __init__(self, transport) -> None:   # the MatrixTransport that owns this (it imports us)
        self.transport = transport
        self.flows: dict[str, _Flow] = {}

    @property
    def client(self):
        return self.transport.client

    @property
    def _bot(self) -> str:
        return self.transport.settings.user_id

    def install(self) -> None:
        self.client.add_to_device_callback(
            self._on_event, (UnknownToDeviceEvent, KeyVerificationStart, KeyVerificationKey, KeyVerificationMac,
                             KeyVerificationCancel))

    def _smallest_shared_room(self, user_id: str) -> str | None:
        """Emoji are no secret (they only compare two screens), but keep them among few people, and
        encrypted where possible."""
        shared = [room for room in self.client.rooms.values() if user_id in room.users]
        shared.sort(key=lambda room: (not room.encrypted, len(room.users)))
        return shared[0].room_id if shared else None

    def _shares_room(self, user_id: str) -> bool:
        return any(user_id in room.users for room in self.client.rooms.values())

    async def _send(self, event_type: str, user_id: str, device_id: str, content: dict) -> None:
        await self.client.to_device(ToDeviceMessage(event_type, user_id, device_id, content))

    # -- events from the member's device ---------------------------------------------------------------
    async def _on_event(self, event) -> None:
        try:
            await self._dispatch(event)
        except Exception:   # a broken verification must never stop the sync loop
            log.exception("verification step failed")

    async def _dispatch(self, event) -> None:
        if event.sender == self._bot:
            return
        if isinstance(event, UnknownToDeviceEvent):
            content = event.source.get("content") or {}
            txn = content.get("transaction_id")
            age = time.time() * 1000 - (content.get("timestamp") or 0)
            if event.type == REQUEST and txn and SAS in (content.get("methods") or []) \
                    and -REQUEST_FUTURE_MS < age < REQUEST_MAX_AGE_MS and self._shares_room(event.sender):
                self.flows[txn] = _Flow(event.sender, content.get("from_device"), txn)
                await self._send(READY, event.sender, content.get("from_device"),
                                 {"from_device": self.client.device_id, "methods": [SAS], "transaction_id": txn})
            elif event.type == READY and txn in self.flows and self.flows[txn].device_id is None:
                flow = self.flows[txn]
                flow.device_id = content.get("from_device")
                # The member's other sessions showed the request too: tell them it was answered elsewhere
                # (the spec's m.accepted), so Element stops offering it there.
                for device_id in flow.asked_devices:
                    if device_id != flow.device_id:
                        await self._send("m.key.verification.cancel", flow.user_id, device_id, {
                            "transaction_id": txn, "code": "m.accepted",
                            "reason": "Verification accepted on another device"})
            return
        flow = self.flows.get(event.transaction_id)
        if isinstance(event, KeyVerificationStart):
            if flow is None and self._shares_room(event.sender):   # started without a request
                flow = self.flows[event.transaction_id] = _Flow(event.sender, event.from_device, event.transaction_id)
            sas = self.client.key_verifications.get(event.transaction_id)
            if flow and sas is not None and not sas.canceled:
                flow.device_id = event.from_device
                await self.client.to_device(accept_message(sas, event.message_authentication_codes,
                                                           event.source.get("content") or {}))
        elif flow is None:
            return
        elif isinstance(event, KeyVerificationKey):
            await self._show_emoji(flow)
        elif isinstance(event, KeyVerificationMac):
            flow.their_mac = event.source.get("content") or {}
            if flow.confirmed:
                await self._finish(flow)
        elif isinstance(event, KeyVerificationCancel):
            self.flows.pop(flow.transaction_id, None)
            await self._cancelled(flow)

    async def _cancelled(self, flow: _Flow) -> None:
        """The member's client cancelled (Element's "Cancel", a timeout): say so, and forget the
        member's pending answer, so a later `!verifieer ja` is not taken for this one."""
        await self._tell(flow.user_id, "verify.cancelled")
        await self._update(flow.user_id, None)

    # -- in-room verification ---------------------------------------------------------------------------
    # The same steps as room events in a direct chat, related to the request event, whose id is the
    # transaction id. nio does not drive these, so each step is handed to its SAS object here.
    async def room_event(self, room_id: str, event) -> None:
        try:
            await self._room_step(room_id, event)
        except Exception:
            log.exception("in-room verification step failed")

    async def _room_step(self, room_id: str, event) -> None:
        content = event.source.get("content") or {}
        event_type = event.source.get("type")
        if event_type == "m.room.message" and content.get("msgtype") == REQUEST:
            age = time.time() * 1000 - event.server_timestamp
            if content.get("to") == self._bot and SAS in (content.get("methods") or []) \
                    and -REQUEST_FUTURE_MS < age < REQUEST_MAX_AGE_MS and event.event_id not in self.flows:
                flow = _Flow(event.sender, content.get("from_device"), event.event_id, room_id=room_id)
                self.flows[event.event_id] = flow
                await self._step(flow, READY, {"from_device": self.client.device_id, "methods": [SAS]})
            return
        relates = content.get("m.relates_to") or {}
        flow = self.flows.get(relates.get("event_id"))
        if flow is None or flow.room_id != room_id or event.sender != flow.user_id:
            return
        parsed = {"sender": event.sender, "type": event_type,
                  "content": {**content, "transaction_id": flow.transaction_id}}
        sas = self.client.key_verifications.get(flow.transaction_id)
        if event_type == "m.key.verification.start":
            start = KeyVerificationStart.from_dict(parsed)
            start.source = {"sender": event.sender, "content": content}     # the commitment covers this
            device = self.client.device_store[event.sender][start.from_device]
            sas = Sas.from_key_verification_start(self.client.user_id, self.client.device_id,
                                                  self.client.olm.account.identity_keys["ed25519"], device, start)
            if sas.canceled:
                await self._step(flow, "m.key.verification.cancel", sas.get_cancellation().content)
                self.flows.pop(flow.transaction_id, None)
                return
            flow.device_id = start.from_device
            self.client.key_verifications[flow.transaction_id] = sas
            await self._step(flow, "m.key.verification.accept",
                             accept_message(sas, start.message_authentication_codes, content).content)
        elif sas is None:
            return
        elif event_type == "m.key.verification.key":
            sas.receive_key_event(KeyVerificationKey.from_dict(parsed))
            if sas.canceled:
                await self._step(flow, "m.key.verification.cancel", sas.get_cancellation().content)
                return
            await self._step(flow, "m.key.verification.key", sas.share_key().content)
            await self._show_emoji(flow)
        elif event_type == "m.key.verification.mac":
            sas.receive_mac_event(KeyVerificationMac.from_dict(parsed))
            flow.their_mac = content
            if flow.confirmed:
                await self._finish(flow)
        elif event_type == "m.key.verification.cancel":
            self.flows.pop(flow.transaction_id, None)
            await self._cancelled(flow)

    async def _step(self, flow: _Flow, event_type: str, content: dict, device_id: str | None = None) -> None:
        """One step to the member's device: a room event in an in-room verification, else to-device."""
        if flow.room_id is None:
            await self._send(event_type, flow.user_id, device_id or flow.device_id, content)
            return
        content = {k: v for k, v in content.items() if k != "transaction_id"}
        content["m.relates_to"] = {"rel_type": "m.reference", "event_id": flow.transaction_id}
        await self.transport._room_send(flow.room_id, event_type, content, None)

    # -- the chat side ------------------------------------------------------------------------------------
    # The member's request and verdict live in the database; read and written on the router's worker.
    async def _ask(self, user_id: str) -> dict | None:
        return await self.transport.router.run(self._stored_ask, user_id)

    async def _update(self, user_id: str, ask: dict | None) -> None:
        await self.transport.router.run(self._store_ask, user_id, ask)

    def _stored_ask(self, user_id: str) -> dict | None:
        with self.transport.services.db.session() as session:
            return identities.verification_ask(session, self._bot, user_id)

    def _store_ask(self, user_id: str, ask: dict | None) -> None:
        with self.transport.services.db.session() as session:
            identities.update_verification(session, self._bot, user_id, ask)

    def _stored_asks(self) -> dict[str, dict]:
        with self.transport.services.db.session() as session:
            return identities.verification_asks(session, self._bot)

    async def _tell(self, user_id: str, key: str, **values) -> None:
        """Say something about the verification where the member asked for it, or in their direct chat."""
        ask = await self._ask(user_id)
        in_room = next((f.room_id for f in self.flows.values() if f.user_id == user_id and f.room_id), None)
        room_id = ask["room_id"] if ask else in_room or await self.transport.notices.direct_room_with(user_id)
        if room_id is None:
            return
        thread_root = ask.get("thread_root") if ask else None
        lang = await self.transport.notices._room_lang(room_id)
        reply = Reply(i18n.t(key, lang, **values), mentions=[user_id], privacy="advice")
        try:
            await self.transport._deliver(room_id, reply, thread_root=thread_root or None, reply_to=thread_root or None)
        except DeliveryError:
            log.warning("a verification message could not be delivered", extra={"room": room_id})

    async def _show_emoji(self, flow: _Flow) -> None:
        sas = self.client.key_verifications.get(flow.transaction_id)
        if sas is None or flow.shown:
            return
        flow.shown = True
        if await self._ask(flow.user_id) is None:
            # The member's client started it (Element's "Verify session"): answer in their direct chat
            # with the bot, or else in the smallest room the bot shares with them, where they are.
            where = flow.room_id or await self.transport.notices.direct_room_with(flow.user_id) \
                or self._smallest_shared_room(flow.user_id)
            if where:
                await self._update(flow.user_id,
                                   {"room_id": where, "thread_root": "", "answer": None, "requested": True})
        emoji = "  ".join(symbol for symbol, _name in sas_emoji(sas))
        device = sas.other_olm_device
        if device.blacklisted:
            # The device is left out (e.g. its owner reset their identity): it must still see the emoji.
            async with self._one_message_for(device):
                await self._tell(flow.user_id, "verify.compare", emoji=emoji)
        else:
            await self._tell(flow.user_id, "verify.compare", emoji=emoji)

    @contextlib.asynccontextmanager
    async def _one_message_for(self, device):
        """Let one left-out device read exactly the next message: a room key made for this message
        alone, shared with it, and discarded afterwards, so later messages use a key it never gets."""
        client, trust = self.client, self.transport.trust
        trust.suspended = True
        client.unblacklist_device(device)
        client.verify_device(device)
        rooms = [room_id for room_id, room in client.rooms.items() if device.user_id in room.users]
        for room_id in rooms:
            client.olm.outbound_group_sessions.pop(room_id, None)
        try:
            yield
        finally:
            client.unverify_device(device)
            client.blacklist_device(device)
            for room_id in rooms:
                client.olm.outbound_group_sessions.pop(room_id, None)
            trust.suspended = False

    async def follow_up(self) -> None:
        """Act on what members typed: a new `!verifieer`, or their verdict on the emoji."""
        asks = await self.transport.router.run(self._stored_asks)
        for user_id, ask in asks.items():
            flow = next((f for f in self.flows.values() if f.user_id == user_id), None)
            if ask["answer"] is None and not ask["requested"]:
                await self._request(user_id)
                ask["requested"] = True
                await self._update(user_id, ask)
            elif ask["answer"] and flow is None:
                await self._update(user_id, None)
                await self._tell_after_forget(user_id, ask, "verify.nothing_running")
            elif ask["answer"] == "mismatch":
                self.flows.pop(flow.transaction_id, None)
                sas = self.client.key_verifications.get(flow.transaction_id)
                if sas is not None:
                    sas.reject_sas()
                    await self._step(flow, "m.key.verification.cancel", sas.get_cancellation().content,
                                     sas.other_olm_device.id)
                await self._tell(user_id, "verify.mismatch")
                await self._update(user_id, None)
            elif ask["answer"] == "match" and not flow.confirmed:
                await self._confirm(flow)

    async def _tell_after_forget(self, user_id: str, ask: dict, key: str) -> None:
        await self._update(user_id, ask)
        await self._tell(user_id, key)
        await self._update(user_id, None)

    async def _request(self, user_id: str) -> None:
        """Ask every device of the member to verify with the bot; the first that answers goes on."""
        txn = uuid.uuid4().hex
        self.flows[txn] = _Flow(user_id, None, txn)
        content = {"from_device": self.client.device_id, "methods": [SAS], "transaction_id": txn,
                   # wall-clock time: the member's client drops a request more than 10 minutes old
                   # by its own clock (the bot's clock may be a simulated one)
                   "timestamp": int(time.time() * 1000)}
        devices = [device.id for device in self.client.device_store.active_user_devices(user_id)]
        self.flows[txn].asked_devices = tuple(devices)
        for device_id in devices:
            await self._send(REQUEST, user_id, device_id, content)

    async def _confirm(self, flow: _Flow) -> None:
        sas = self.client.key_verifications.get(flow.transaction_id)
        if sas is None or sas.established_sas is None:
            return
        sas.accept_sas()
        keys = {f"ed25519:{self.client.device_id}": self.client.olm.account.identity_keys["ed25519"]}
        status = self.transport.account.cross_signing
        if status and status.master_key:
            keys[f"ed25519:{status.master_key}"] = status.master_key
        await self._step(flow, "m.key.verification.mac", mac_content(sas, self._bot, self.client.device_id, keys),
                         sas.other_olm_device.id)
        flow.confirmed = True
        if flow.their_mac is not None:
            await self._finish(flow)

    async def _finish(self, flow: _Flow) -> None:
        """Both sides compared and sent their MACs: sign and pin the member's master key."""
        sas = self.client.key_verifications.get(flow.transaction_id)
        self.flows.pop(flow.transaction_id, None)
        query = await query_keys(self.client, [flow.user_id])
        master = master_key_of(query, flow.user_id)
        if sas is None or not sas.verified or not master or not mac_covers(
                sas, self._bot, self.client.device_id, flow.their_mac, f"ed25519:{master}", master):
            await self._tell(flow.user_id, "verify.failed")
            await self._update(flow.user_id, None)
            return
        await self._step(flow, DONE, {"transaction_id": flow.transaction_id}, sas.other_olm_device.id)
        problem = await self._sign(query, flow.user_id)
        await self.transport.router.run(self._record_verified, flow.user_id, master, problem is None)
        if problem:
            log.warning("verified, but the master key signature was refused", extra={"problem": problem})
        await self._tell(flow.user_id, "verify.done")
        await self._update(flow.user_id, None)

    def _record_verified(self, user_id: str, master: str, signed: bool) -> None:
        """Accept a held identity, pin the verified master key and audit it, in one transaction."""
        services = self.transport.services
        with services.db.session() as session:
            if identities.held(session, self._bot, user_id):
                identities.accept(session, self._bot, user_id)
            identities.pin(session, self._bot, user_id, master)
            for member in memberships(session, "matrix", user_id) or [None]:
                session.add(AuditEntry(team_id=member.team_id if member else None, actor=f"matrix:{user_id}",
                                       action="matrix/identity_verified",
                                       subject=f"member:{member.id}" if member else "matrix-user",
                                       details={"signed": signed}, at=services.clock.now()))

    async def _sign(self, query: dict, user_id: str) -> str | None:
        from bot.transports.matrix.account import _cross_signing_secret
        account = self.transport.account
        key_file = account.store_dir / "cross-signing.keys"
        try:
            secret = _cross_signing_secret(self.transport.settings, account.store_dir)
            keys = await asyncio.to_thread(CrossSigningKeys.load, key_file, secret, user_id=self._bot)
            return await sign_user_master_key(self.client, keys, self._bot, query, user_id)
        except Exception as exc:   # no key file or a wrong secret: verified, but not signed
            return type(exc).__name__
