"""zorgbot in Matrix: an end-to-end encrypted bot on matrix-nio.

One sync loop. Every timeline event is turned into an Inbound and handled once: the sync token is
stored after each batch and the router records handled event ids, so a crash or restart neither
loses nor repeats a message. Events from before the bot joined a room are ignored. A message the
bot cannot decrypt is kept, its key requested, and it is handled when the key arrives; only after a
grace period is the sender told (once, in a thread) why the bot cannot read it.
"""
from __future__ import annotations

import asyncio
import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path

from aiohttp import ClientConnectionError
from nio import (InviteMemberEvent, JoinError, MegolmEvent, ReactionEvent, RoomMemberEvent, RoomMessageText,
                 RoomSendResponse, SyncError, SyncResponse, UnknownEvent, UploadResponse)
from nio import RedactionEvent
from nio.exceptions import EncryptionError, OlmUnverifiedDeviceError
from sqlmodel import col, select

from bot.config import MatrixSettings
from bot.delivery import DeliveryError
from bot.transports.matrix import polls
from bot.transports.matrix import edits
from bot.transports.matrix.account import MatrixAccount, open_account
from core.policy import unencrypted_reminders_allowed
from bot.transports.matrix.render import NUMBER_EMOJI, message_content, text_from_event, warm_up
from bot.transports.matrix.trust import DeviceTrust
from bot.transports.matrix.txn import txn_id
from bot.transports.matrix.trust_notices import TrustNotices
from bot.transports.matrix.verification import Verifications
from bot.transports.matrix.withheld import WithheldNotices
from core import i18n
from core.commands import is_command
from core.messages import Inbound, Reply, privacy_of
from state import matrix_identities as identities
from state import keyvalue as facts
from state.models import Conversation, Room

log = logging.getLogger(__name__)
TRANSPORT = "matrix"
SYNC_TIMEOUT_MS = 30_000
FIRST_SYNC_TIMEOUT_MS = 0     # the first sync after start returns at once, so the bot is ready at once
PENDING_MAX_AGE = 24 * 3600


@dataclass
class _Where:
    """Where replies to one inbound message go."""
    room_id: str
    thread_root: str | None     # the thread the member wrote in, if any
    event_id: str


class MatrixTransport:
    name = TRANSPORT

    def __init__(self, services, router, settings: MatrixSettings, data_dir: str | Path, *,
                 head_start=None) -> None:
        self.services = services
        self.router = router
        self.settings = settings
        self.data_dir = data_dir
        self._head_start = head_start     # a restart's first sync, already answered (head_start.py)
        self.account: MatrixAccount | None = None
        self.trust: DeviceTrust | None = None
        self.withheld: WithheldNotices | None = None
        self.notices = TrustNotices(self)
        self.verifier = Verifications(self)
        self._task: asyncio.Task | None = None
        self._stopping = asyncio.Event()
        self.ready = asyncio.Event()      # set after the first sync: the bot is listening
        self.synced = asyncio.Event()     # pulses after every sync batch (for tests and benchmarks)

    @property
    def client(self):
        return self.account.client

    # -- persistent small facts -----------------------------------------------------------------
    # Read and written on the router's worker (router.run), never on the event loop: a slow or busy
    # database must not stall the sync loop, and the worker keeps them in order with the turns.
    async def _get(self, key: str) -> str | None:
        return await self.router.run(self._read, key)

    async def _put(self, key: str, value: str) -> None:
        await self.router.run(self._write, key, value)

    async def _delete(self, key: str) -> None:
        await self.router.run(self._remove, key)

    async def _with_prefix(self, prefix: str) -> dict[str, str]:
        return await self.router.run(self._read_prefix, prefix)

    async def _claim(self, key: str) -> bool:
        """Mark something as done once: True only for the first caller (checked and set in one step)."""
        return await self.router.run(self._mark_once, key)

    def _read(self, key: str) -> str | None:
        with self.services.db.session() as session:
            return facts.get(session, key)

    def _write(self, key: str, value: str) -> None:
        with self.services.db.session() as session:
            facts.put(session, key, value)

    def _remove(self, key: str) -> None:
        with self.services.db.session() as session:
            facts.remove(session, key)

    def _read_prefix(self, prefix: str) -> dict[str, str]:
        with self.services.db.session() as session:
            return facts.with_prefix(session, prefix)

    def _mark_once(self, key: str) -> bool:
        with self.services.db.session() as session:
            if facts.get(session, key) is not None:
                return False
            facts.put(session, key, "1")
            return True

    def _key(self, *parts: str) -> str:
        return ".".join(["matrix", self.settings.user_id, *parts])

    # -- life cycle -----------------------------------------------------------------------------
    async def start(self) -> None:
        head, self._head_start = self._head_start, None
        self.account = await open_account(self.settings, self.data_dir, quick=True,
                                          restored=head.account if head else None)
        self.trust = DeviceTrust(self.client, self.settings.recipient_devices,
                                 _DatabasePins(self.services.db, self.router, self.settings.user_id))
        self.withheld = WithheldNotices(self.client, self.notices.withheld_reason)
        self.verifier.install()
        self._stopping.clear()
        self._task = asyncio.create_task(self._sync_loop(head), name="matrix-sync")

    async def stop(self) -> None:
        """Stop syncing and close the connection. Never logs out: that would destroy the device's keys."""
        self._stopping.set()
        if self._task:
            self._task.cancel()
            try:
                await self._task
            except (asyncio.CancelledError, Exception):
                pass
        if self.account:
            await self.client.close()

    # -- sync -------------------------------------------------------------------------------
    async def _sync_loop(self, head=None) -> None:
        backoff = 1.0
        timeout = FIRST_SYNC_TIMEOUT_MS
        while not self._stopping.is_set():
            if head is not None and not isinstance(head.response, SyncResponse):
                head = None                  # the head start's sync was refused: sync again as usual
            token = head.since if head else await self._get(self._key("next_batch"))
            try:
                # A restart's first batch may have been fetched before the bot was built (head_start.py).
                response = head.response if head else await self.client.sync(
                    timeout=timeout if token else 0, since=token, full_state=token is None)
            except (ClientConnectionError, asyncio.TimeoutError, TimeoutError, OSError) as exc:
                log.warning("sync failed; retrying", extra={"error": type(exc).__name__, "wait": backoff})
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 30.0)
                continue
            head = None
            if isinstance(response, SyncError) or not isinstance(response, SyncResponse):
                log.warning("sync refused; retrying", extra={"status": getattr(response, "status_code", None)})
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 30.0)
                continue
            backoff = 1.0
            try:
                await self._after_sync(response, first=token is None)
            except Exception:   # one bad batch must not stop the bot; the events stay unhandled-once safe
                log.exception("processing a sync batch failed")
            await self._put(self._key("next_batch"), response.next_batch)
            if not self.ready.is_set():
                # Listening now; load what the first reply needs while waiting for it.
                asyncio.get_running_loop().run_in_executor(None, warm_up)
            timeout = SYNC_TIMEOUT_MS
            self.ready.set()
            self.synced.set()
            self.synced.clear()

    async def _after_sync(self, response: SyncResponse, *, first: bool) -> None:
        await self._housekeeping()
        await self._accept_invites(response)
        await self._check_identities(response.device_list.changed)
        for room_id, info in response.rooms.join.items():
            if first:
                # Everything before the bot's first sync happened before it listened.
                await self._put(self._key("joined", room_id), "0")
                continue
            await self._room_events(room_id, info.timeline.events)
        await self._retry_pending()

    async def _housekeeping(self) -> None:
        client = self.client
        if client.should_upload_keys:
            await client.keys_upload()
        if client.should_query_keys:
            await client.keys_query()
        if client.should_claim_keys:
            await client.keys_claim(client.get_users_for_key_claiming())
        await client.send_to_device_messages()

    async def _check_identities(self, user_ids: list[str]) -> None:
        """A member's keys changed: see whether their identity (master key) did, before anything is sent."""
        shared = {u for room in self.client.rooms.values() for u in room.users}
        users = [u for u in user_ids if u != self.client.user_id and u in shared]
        if users:
            for change in await self.trust.refresh(users, force=True):
                await self.notices.identity_changed(change)

    async def _accept_invites(self, response: SyncResponse) -> None:
        for room_id, info in response.rooms.invite.items():
            invite = next((e for e in info.invite_state if isinstance(e, InviteMemberEvent)
                           and e.state_key == self.client.user_id and e.membership == "invite"), None)
            inviter = invite.sender if invite else None
            if inviter and self._may_invite(inviter):
                if invite.content.get("is_direct"):
                    await self._put(self._key("direct", room_id), "1")
                result = await self.client.join(room_id)
                if isinstance(result, JoinError):
                    log.warning("join failed", extra={"room": room_id})
                else:
                    log.info("joined room", extra={"room": room_id})
            else:
                log.info("invite ignored: inviter not allowed", extra={"room": room_id})
                await self.client.room_leave(room_id)

    def _may_invite(self, user_id: str) -> bool:
        allowed = self.settings.allowed_inviters or self.settings.admins
        server = ":" + user_id.split(":", 1)[1]
        return user_id in allowed or server in allowed

    # -- events ---------------------------------------------------------------------------------
    async def _room_events(self, room_id: str, events: list) -> None:
        joined_key = self._key("joined", room_id)
        joined_ts = await self._get(joined_key)
        for event in events:
            if isinstance(event, RoomMemberEvent) and event.state_key == self.client.user_id \
                    and event.membership == "join" and joined_ts is None:
                joined_ts = str(event.server_timestamp)
                await self._put(joined_key, joined_ts)
                continue
            if (joined_ts is None or event.server_timestamp < int(joined_ts)) and _is_verification_step(event):
                await self.verifier.room_event(room_id, event)   # Element's "Verify user" asks before the bot joins
                continue
            if joined_ts is None or event.server_timestamp < int(joined_ts):
                continue                     # from before the bot was in the room
            if getattr(event, "sender", None) == self.client.user_id:
                continue
            if isinstance(event, MegolmEvent):
                await self._keep_undecryptable(room_id, event)
            elif isinstance(event, RoomMessageText):
                await self._message(room_id, event)
            elif isinstance(event, ReactionEvent):
                await self._reaction(room_id, event)
            elif isinstance(event, RedactionEvent):
                await edits.on_redaction(self, room_id, event)   # may take a meeting decision out
            elif isinstance(event, UnknownEvent) and event.type in polls.RESPONSE_TYPES:
                await self._poll_response(room_id, event)
            elif _is_verification_step(event):
                await self.verifier.room_event(room_id, event)

    async def _is_direct(self, room_id: str) -> bool:
        """A direct chat is one the bot was invited to as such (the invite's is_direct flag)."""
        return (await self._get(self._key("direct", room_id))) == "1"

    async def _inbound(self, room_id: str, event, text: str, thread_root: str | None) -> tuple[Inbound, _Where]:
        room = self.client.rooms.get(room_id)
        direct = await self._is_direct(room_id)
        # In a room, a dialogue started in the main timeline lives in a thread under the command,
        # so the conversation is keyed by that thread; in a direct chat there are no threads.
        thread_id = "" if direct else (thread_root or event.event_id)
        inbound = Inbound(transport=TRANSPORT, room_id=room_id, user_id=event.sender, text=text,
                          display_name=room.user_name(event.sender) if room else event.sender,
                          thread_id=thread_id, event_id=event.event_id, is_direct=direct,
                          encrypted=bool(getattr(event, "decrypted", False)))
        return inbound, _Where(room_id=room_id, thread_root=None if direct else thread_root,
                               event_id=event.event_id)

    async def _message(self, room_id: str, event: RoomMessageText) -> None:
        relates = (event.source.get("content") or {}).get("m.relates_to") or {}
        if relates.get("rel_type") == "m.replace":
            await edits.on_edit(self, room_id, event)   # corrects a meeting decision; never a new command
            return
        thread_root = relates.get("event_id") if relates.get("rel_type") == "m.thread" else None
        text = text_from_event(event.body, event.formatted_body)
        if thread_root is None and not is_command(text.strip()) and not await self._is_direct(room_id):
            thread_root = await self.router.run(self._open_thread, room_id, event.sender)
        inbound, where = await self._inbound(room_id, event, text, thread_root)
        await self._handle(inbound, where)

    def _open_thread(self, room_id: str, user_id: str) -> str | None:
        """The thread of this member's open dialogue in this room, for an answer typed in the main
        timeline instead of in the thread (the most recent one if there are several)."""
        with self.services.db.session() as session:
            return session.exec(select(Conversation.thread_id).where(
                Conversation.transport == TRANSPORT, Conversation.room_id == room_id,
                Conversation.user_id == user_id, Conversation.thread_id != "").order_by(
                col(Conversation.updated_at).desc())).first()

    async def _reaction(self, room_id: str, event: ReactionEvent) -> None:
        """A number reaction under a question asked before polls (kept so old questions still work)."""
        question = await self._get(self._key("question", event.reacts_to))
        if not question:
            return
        info = json.loads(question)
        if event.key not in NUMBER_EMOJI[:info["count"]]:
            return
        await self._answer(room_id, event, info, str(NUMBER_EMOJI.index(event.key) + 1))

    async def _poll_response(self, room_id: str, event: UnknownEvent) -> None:
        """A tap on a poll option: the option's number, as if typed, once per member and poll."""
        found = polls.answered(event.type, event.source.get("content") or {})
        if found is None:
            return
        poll_id, number = found
        question = await self._get(self._key("question", poll_id))
        if not question or not 1 <= int(number) <= json.loads(question)["count"]:
            return
        answered = self._key("answered", poll_id, event.sender)
        if not await self._claim(answered):
            return                           # a changed vote: the dialogue has moved on
        await self._answer(room_id, event, json.loads(question), number)

    async def _answer(self, room_id: str, event, info: dict, number: str) -> None:
        room = self.client.rooms.get(room_id)
        inbound = Inbound(transport=TRANSPORT, room_id=room_id, user_id=event.sender, text=number,
                          display_name=room.user_name(event.sender) if room else event.sender,
                          thread_id=info["thread_id"], event_id=event.event_id,
                          is_direct=await self._is_direct(room_id), encrypted=bool(room and room.encrypted))
        await self._handle(inbound, _Where(room_id, info["thread_root"], event.event_id))

    async def _handle(self, inbound: Inbound, where: _Where) -> None:
        await self._note_room(inbound)
        replies = (await self.router.handle(inbound)).replies
        for index, reply in enumerate(replies):
            txn = txn_id(f"{inbound.event_id}:{index}")
            thread_root = where.thread_root or (where.event_id if reply.in_thread and inbound.thread_id else None)
            try:
                await self._deliver(reply.room_id or where.room_id, reply, txn_id=txn, thread_root=thread_root,
                                    reply_to=where.event_id)
            except DeliveryError:
                log.warning("a reply could not be delivered", extra={"room": where.room_id})
        if is_command(inbound.text.strip()):
            await self.verifier.follow_up()       # a !verifieer just typed

    async def _note_room(self, inbound: Inbound) -> None:
        """Keep the stored encryption state of a bound room up to date."""
        room = self.client.rooms.get(inbound.room_id)
        if room is None:
            return
        await self.router.run(self._store_room_state, inbound, room.encrypted)   # off the event loop

    def _store_room_state(self, inbound: Inbound, encrypted: bool) -> None:
        with self.services.db.session() as session:
            row = session.exec(select(Room).where(Room.transport == TRANSPORT,
                                                  Room.external_id == inbound.room_id)).first()
            if row and (row.encrypted != encrypted or row.is_direct != inbound.is_direct):
                row.encrypted, row.is_direct = encrypted, inbound.is_direct
                session.add(row)

    # -- undecryptable messages ---------------------------------------------------------------------
    async def _keep_undecryptable(self, room_id: str, event: MegolmEvent) -> None:
        key = self._key("pending", event.event_id)
        if await self._get(key) is None:
            await self._put(key, json.dumps({"room_id": room_id, "source": event.source, "received": time.time(),
                                       "notified": False}))
            log.info("undecryptable message kept; key requested", extra={"room": room_id})
            try:
                await self.client.request_room_key(event)
            except Exception:   # a request already under way, or the server is briefly away
                log.debug("room key request not sent", exc_info=True)

    async def _retry_pending(self) -> None:
        grace = self.settings.undecryptable_grace_seconds
        for key, value in (await self._with_prefix(self._key("pending", ""))).items():
            info = json.loads(value)
            event = MegolmEvent.from_dict(info["source"])
            event.room_id = info["room_id"]
            try:
                decrypted = self.client.decrypt_event(event)
            except EncryptionError:
                decrypted = None
            if isinstance(decrypted, RoomMessageText):
                await self._delete(key)
                await self._message(info["room_id"], decrypted)
                continue
            age = time.time() - info["received"]
            if age > PENDING_MAX_AGE:
                await self._delete(key)
            elif age > grace and not info["notified"]:
                info["notified"] = True
                await self._put(key, json.dumps(info))
                await self._tell_unreadable(info["room_id"], event)

    async def _tell_unreadable(self, room_id: str, event: MegolmEvent) -> None:
        lang = self.services.forced_language or self.services.settings.language
        relates = (event.source.get("content") or {}).get("m.relates_to") or {}
        root = relates.get("event_id") if relates.get("rel_type") == "m.thread" else event.event_id
        reply = Reply(i18n.t("matrix.cannot_decrypt", lang), mentions=[event.sender], privacy="advice")
        try:
            await self._deliver(room_id, reply, txn_id=txn_id(f"undecryptable:{event.event_id}"),
                                thread_root=root, reply_to=event.event_id)
        except DeliveryError:
            pass

    # -- sending ------------------------------------------------------------------------------
    async def send(self, room_id: str, reply: Reply, *, txn_id: str | None = None) -> None:
        """Reminders and digests. For a member who chose it, into their encrypted direct chat. Never
        into a room without end-to-end encryption unless a lead of its team allowed that there
        (!onversleuteld aan); such a room is simply skipped."""
        target = await self._direct_chat_of(reply) or reply.room_id or room_id
        room = self.client.rooms.get(target)
        if room is not None and not room.encrypted \
                and not await self.router.run(self._unencrypted_allowed, target):
            log.info("reminder kept out of a room without encryption", extra={"room": target})
            return
        await self._deliver(target, reply, txn_id=txn_id)

    async def _direct_chat_of(self, reply: Reply) -> str | None:
        """A reminder or digest for one member who chose their direct chat (!overzicht privé), if that
        chat is still there and encrypted."""
        if len(set(reply.mentions)) != 1:
            return None
        room_id = await self.router.run(self._stored_direct_chat, reply.mentions[0])
        room = self.client.rooms.get(room_id) if room_id else None
        return room_id if room is not None and room.encrypted else None

    def _stored_direct_chat(self, user_id: str) -> str | None:
        with self.services.db.session() as session:
            return identities.direct_chat_for_delivery(session, self.settings.user_id, user_id)

    def _unencrypted_allowed(self, room_id: str) -> bool:
        with self.services.db.session() as session:
            row = session.exec(select(Room).where(Room.transport == TRANSPORT, Room.external_id == room_id)).first()
            return bool(row and unencrypted_reminders_allowed(row.settings))

    async def _deliver(self, room_id: str, reply: Reply, *, txn_id: str | None = None,
                       thread_root: str | None = None, reply_to: str | None = None) -> None:
        room = self.client.rooms.get(room_id)
        if room is None:
            raise DeliveryError(f"the bot is not in room {room_id}")
        if self.settings.require_encryption and not room.encrypted and privacy_of(reply) != "advice":
            lang = self.services.forced_language or self.services.settings.language
            reply = Reply(reply.withheld_text or i18n.t("matrix.withheld_unencrypted", lang), privacy="advice")
        await self._prepare_room(room_id)
        if reply.attachment:
            await self._send_file(room_id, reply.attachment, thread_root, txn_id)
        if reply.choices and len(reply.choices) <= polls.MAX_OPTIONS:
            content = polls.poll_content(reply, thread_root=thread_root, reply_to=reply_to)
            if reply.mentions:
                content["m.mentions"] = {"user_ids": list(dict.fromkeys(reply.mentions))}
            response = await self._room_send(room_id, polls.START, content, txn_id)
            await self._put(self._key("question", response.event_id), json.dumps(
                {"count": len(reply.choices), "thread_root": thread_root, "thread_id": thread_root or ""}))
            return
        content = message_content(reply, display_name=lambda uid: room.user_name(uid) or uid,
                                  thread_root=thread_root, reply_to=reply_to if thread_root else None)
        await self._room_send(room_id, "m.room.message", content, txn_id)

    async def _room_send(self, room_id: str, event_type: str, content: dict, txn_id: str | None):
        try:
            response = await self.client.room_send(room_id, event_type, content, tx_id=txn_id,
                                                    ignore_unverified_devices=self.settings.recipient_devices != "cross-signed")
        except OlmUnverifiedDeviceError:
            # A device appeared between preparing the room and sending: classify (and tell) again, once.
            await self._prepare_room(room_id)
            response = await self.client.room_send(room_id, event_type, content, tx_id=txn_id)
        except (ClientConnectionError, asyncio.TimeoutError, TimeoutError, OSError) as exc:
            raise DeliveryError(f"homeserver unreachable: {type(exc).__name__}") from None
        if not isinstance(response, RoomSendResponse):
            retry = getattr(response, "retry_after_ms", None)
            raise DeliveryError(f"send refused: {getattr(response, 'status_code', response)}",
                                retry_after=retry / 1000 if retry else None)
        room = self.client.rooms.get(room_id)
        if room is not None and room.encrypted and self.settings.recipient_devices == "cross-signed":
            members = [u for u in room.users if u != self.client.user_id]
            await self.withheld.after_send(room_id, self.trust.excluded_devices(room_id), members)
        return response

    async def _send_file(self, room_id: str, attachment, thread_root: str | None, txn_id: str | None) -> None:
        name, data, mime = attachment
        room = self.client.rooms.get(room_id)
        encrypt = bool(room and room.encrypted)
        response, keys = await self.client.upload(lambda *_: data, content_type=mime, filename=name,
                                                  encrypt=encrypt, filesize=len(data))
        if not isinstance(response, UploadResponse):
            raise DeliveryError("file upload refused")
        content = {"msgtype": "m.file", "body": name, "info": {"mimetype": mime, "size": len(data)}}
        if encrypt:
            content["file"] = {**keys, "url": response.content_uri}
        else:
            content["url"] = response.content_uri
        if thread_root:
            content["m.relates_to"] = {"rel_type": "m.thread", "event_id": thread_root}
        await self._room_send(room_id, "m.room.message", content, txn_id(f"{txn_id}:file") if txn_id else None)

    async def _prepare_room(self, room_id: str) -> None:
        """Decide which devices get the room key, and say what changed: identities and excluded devices."""
        excluded, changes = await self.trust.prepare_room(room_id)
        for change in changes:
            await self.notices.identity_changed(change)
        await self.notices.devices_excluded(room_id, excluded)


class _DatabasePins:
    """The trust policy's pinned master keys, in the database (a lead's !vertrouw changes them), read
    and written on the router's worker."""

    def __init__(self, db, router, bot_user: str) -> None:
        self.db, self.router, self.bot_user = db, router, bot_user

    async def pinned(self) -> dict[str, str]:
        return await self.router.run(self._pinned)

    async def pin(self, user_id: str, master_key: str) -> None:
        await self.router.run(self._pin, user_id, master_key)

    def _pinned(self) -> dict[str, str]:
        with self.db.session() as session:
            return identities.pinned_masters(session, self.bot_user)

    def _pin(self, user_id: str, master_key: str) -> None:
        with self.db.session() as session:
            identities.pin(session, self.bot_user, user_id, master_key)


def _is_verification_step(event) -> bool:
    """An in-room verification event: the request (a message of its own msgtype) or a later step."""
    source = getattr(event, "source", None) or {}
    kind = source.get("type", "")
    return kind.startswith("m.key.verification.") or (
        kind == "m.room.message" and (source.get("content") or {}).get("msgtype") == "m.key.verification.request")

