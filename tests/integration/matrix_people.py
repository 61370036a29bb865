"""Members of a care team as real Matrix clients (matrix-nio with end-to-end encryption), and a
running zorgbot, both against the test session's Synapse."""
from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from nio import (AsyncClient, AsyncClientConfig, KeysQueryError, MegolmEvent, RoomCreateResponse, RoomMessageText,
                 RoomSendResponse, UnknownEvent, UnknownToDeviceEvent)

from bot.app import build
from bot.config import MatrixSettings, Settings
from bot.transports.matrix.crosssigning import ensure_cross_signing
from bot.transports.matrix.transport import MatrixTransport

PASSWORD = "a long and careful password"


@dataclass
class Seen:
    room_id: str
    sender: str
    body: str
    event: object
    encrypted: bool


class _MemberClient(AsyncClient):
    """nio's client, except that a key query with nothing left to ask is a no-op.

    nio's sync_forever checks `should_query_keys` when an iteration starts, but the keys_query task it
    creates reads the users to ask only when it first runs. A query already under way (room_send's
    own, or know_devices' below) may have answered them all by then; nio then raises
    LocalProtocolError("No key query required."), sync_forever re-raises it and ends, and the member
    silently receives nothing more. (zorgbot does not use sync_forever: its own loop checks and queries
    in one step, so this race is the test member's, not the bot's.)"""

    async def keys_query(self):
        if not self.should_query_keys:
            return KeysQueryError("no key query required: a concurrent query answered it")
        return await super().keys_query()


@dataclass
class Person:
    """One person on one device. Messages they can read land in `seen`; ones they cannot, in `unreadable`."""

    client: AsyncClient
    user_id: str
    seen: list[Seen] = field(default_factory=list)
    unreadable: list[MegolmEvent] = field(default_factory=list)
    to_device: list[dict] = field(default_factory=list)    # to-device events nio does not know (withheld)
    room_events: list[tuple[str, dict]] = field(default_factory=list)   # (room, event) nio does not know
    task: asyncio.Task | None = None

    @classmethod
    async def login(cls, synapse, localpart: str, store: Path, *, register: bool = True,
                    cross_sign: bool = True, device_id: str | None = None) -> "Person":
        if register:
            synapse.register(localpart, PASSWORD)
        user_id = f"@{localpart}:{synapse.server_name}"
        store.mkdir(parents=True, exist_ok=True)
        client = _MemberClient(synapse.base_url, user_id, device_id=device_id, store_path=str(store),
                             config=AsyncClientConfig(encryption_enabled=True, store_sync_tokens=False))
        await client.login(PASSWORD, device_name=f"{localpart}-device")
        await client.keys_upload()
        if cross_sign:
            await ensure_cross_signing(client, key_file=store / "xsign.keys", secret=b"test-secret",
                                       password=PASSWORD)
        person = cls(client=client, user_id=user_id)
        client.add_event_callback(person._on_text, RoomMessageText)
        client.add_event_callback(person._on_unreadable, MegolmEvent)
        client.add_event_callback(person._on_poll, UnknownEvent)
        client.add_to_device_callback(person._on_to_device, UnknownToDeviceEvent)
        await client.sync(timeout=0, full_state=True)
        person.task = asyncio.create_task(client.sync_forever(timeout=1000))
        return person

    async def _on_text(self, room, event) -> None:
        self.seen.append(Seen(room.room_id, event.sender, event.body, event, bool(getattr(event, "decrypted", False))))

    async def _on_unreadable(self, room, event) -> None:
        self.unreadable.append(event)

    async def _on_poll(self, room, event) -> None:
        """A poll counts as seen, with its fallback text (the question and numbered options) as body."""
        self.room_events.append((room.room_id, event.source))
        if event.type == "m.poll.start":
            body = (event.source.get("content") or {}).get("body", "")
            self.seen.append(Seen(room.room_id, event.sender, body, event, bool(getattr(event, "decrypted", False))))

    async def _on_to_device(self, event) -> None:
        self.to_device.append(event.source)

    async def answer_poll(self, room_id: str, poll_event_id: str, option: str) -> str:
        """Tap an option of a poll, as Element sends it."""
        content = {"m.relates_to": {"rel_type": "m.reference", "event_id": poll_event_id},
                   "org.matrix.msc3381.poll.response": {"answers": [option]}}
        response = await self.client.room_send(room_id, "org.matrix.msc3381.poll.response", content,
                                                ignore_unverified_devices=True)
        assert isinstance(response, RoomSendResponse), response
        return response.event_id

    async def close(self) -> None:
        if self.task:
            self.task.cancel()
        await self.client.close()

    async def create_room(self, *invite: str, encrypted: bool = True, name: str = "zorgteam") -> str:
        initial_state = [{"type": "m.room.encryption", "state_key": "",
                          "content": {"algorithm": "m.megolm.v1.aes-sha2"}}] if encrypted else []
        response = await self.client.room_create(name=name, invite=list(invite), initial_state=initial_state)
        assert isinstance(response, RoomCreateResponse), response
        await self.wait(lambda: response.room_id in self.client.rooms)
        return response.room_id

    def has_joined(self, room_id: str, user_id: str) -> bool:
        """Joined, not merely invited (nio lists invited users among a room's users)."""
        room = self.client.rooms.get(room_id)
        return bool(room and user_id in room.users and user_id not in room.invited_users)

    async def invite(self, room_id: str, user_id: str) -> None:
        await self.client.room_invite(room_id, user_id)

    async def join(self, room_id: str) -> None:
        await self.client.join(room_id)
        await self.wait(lambda: room_id in self.client.rooms)

    async def say(self, room_id: str, text: str, *, thread: str | None = None) -> str:
        content = {"msgtype": "m.text", "body": text}
        if thread:
            content["m.relates_to"] = {"rel_type": "m.thread", "event_id": thread, "is_falling_back": True,
                                       "m.in_reply_to": {"event_id": thread}}
        await self.know_devices(room_id)
        response = await self.client.room_send(room_id, "m.room.message", content, ignore_unverified_devices=True)
        assert isinstance(response, RoomSendResponse), response
        return response.event_id

    async def know_devices(self, room_id: str) -> None:
        """Make sure the client knows every member's devices before it encrypts for the room, so no
        member (the bot included) misses the room key because its join was only just seen. Asked are
        the users nio never asked about, the ones it has yet to ask (a join the sync loop has not acted
        on) and the ones it knows no device of: a bot invited while it was still starting had none
        when nio first asked, and encrypting for it then shares the room key with nobody. The person's
        own user is left out: nio never counts its own device, and asking again on every message only
        adds a query racing the sync loop's (see _MemberClient)."""
        await self.client.joined_members(room_id)
        users = set(self.client.rooms[room_id].users) - {self.user_id}
        store = self.client.device_store
        missing = [u for u in users if u not in self.client.olm.tracked_users
                   or not list(store.active_user_devices(u))]
        if missing:
            self.client.olm.users_for_key_query.update(missing)
        if self.client.should_query_keys:
            await self.client.keys_query()

    async def wait(self, predicate, timeout: float = 30.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.task is not None and self.task.done() and not self.task.cancelled():
                # Without this, a dead sync loop looks like a bot that never answers.
                raise AssertionError(f"{self.user_id}: the sync loop stopped") from self.task.exception()
            result = predicate()
            if result:
                return result
            await asyncio.sleep(0.05)
        seen = [(s.sender, s.body[:60]) for s in self.seen[-5:]]
        raise AssertionError(f"{self.user_id}: waited {timeout}s in vain; last seen {seen}; "
                             f"unreadable {len(self.unreadable)}")

    async def reply_to(self, room_id: str, text: str, contains: str, *, thread: str | None = None,
                       timeout: float = 30.0) -> Seen:
        """Send `text` and wait for the bot's message containing `contains` that arrives after it."""
        before = len(self.seen)
        await self.say(room_id, text, thread=thread)
        return await self.next_from_bot(room_id, contains, after=before, timeout=timeout)

    async def settled(self, room_id: str, *, after: int = 0) -> int:
        """Ask the bot something harmless (`!taal`) and wait for its answer. The bot handles a room's
        messages in order and sends its replies in order, so whatever it was going to say before has
        arrived by then: the positive signal to assert "nothing else was said" against, instead of a
        sleep. Returns the answer's position in `seen`, the end of that window."""
        before = len(self.seen)
        await self.say(room_id, "!taal")
        answer = await self.next_from_bot(room_id, "Je taal is", after=max(before, after))
        return self.seen.index(answer)

    async def next_from_bot(self, room_id: str, contains: str, *, after: int = 0, timeout: float = 30.0) -> Seen:
        def found():
            return next((s for s in self.seen[after:] if s.room_id == room_id and s.sender.startswith("@zorgbot")
                         and contains in s.body), None)
        return await self.wait(found, timeout)


def bot_settings(synapse, tmp_path: Path, *, admins: list[str], policy: str = "cross-signed",
                 database_url: str | None = None, grace: int = 2, bot_user: str = "") -> Settings:
    return Settings(
        database_url=database_url or f"sqlite:///{tmp_path / 'bot.db'}",
        data_dir=str(tmp_path / "bot-data"),
        matrix=MatrixSettings(homeserver=synapse.base_url, user_id=bot_user or f"@zorgbot:{synapse.server_name}",
                              password=PASSWORD, device_id="ZORGBOT", admins=admins,
                              allowed_inviters=[f":{synapse.server_name}"], recipient_devices=policy,
                              cross_signing_secret="bot-secret-for-the-tests", undecryptable_grace_seconds=grace))


class RunningBot:
    """zorgbot's Matrix transport on a database of its own; `restart()` is a new process in all but name."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.transport: MatrixTransport | None = None
        self.services = None
        self.reminders = None

    async def start(self) -> "RunningBot":
        self.services, router = build(self.settings)
        self.transport = MatrixTransport(self.services, router, self.settings.matrix, self.settings.data_dir)
        await self.transport.start()
        await asyncio.wait_for(self.transport.ready.wait(), 30)
        return self

    def start_reminders(self, **options) -> None:
        """The reminder scheduler, as `zorgbot serve` runs it (options shorten its waits for tests)."""
        from bot.scheduler import start_scheduler
        self.reminders = start_scheduler(self.services, {"matrix": self.transport}, **options)

    async def stop(self) -> None:
        if self.reminders is not None:
            self.reminders.stop_event.set()
            await self.reminders
            self.reminders = None
        await self.transport.stop()
        self.services.db.dispose()

    async def restart(self) -> None:
        await self.stop()
        await self.start()


def spec_commitment_check(sas, key: str) -> bool:
    """For a nio member who starts a verification: check the bot's commitment as the spec (and
    Element) computes it, unpadded base64, instead of nio's hex (patched over Sas._check_commitment)."""
    from bot.transports.matrix.verification import commitment
    return sas.commitment == commitment(key, sas.start_verification().content)


def unique(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:6]}"


def new_bot_account(synapse) -> str:
    """A bot account of its own: one device, one encryption store."""
    localpart = unique("zorgbot")
    synapse.register(localpart, PASSWORD)
    return f"@{localpart}:{synapse.server_name}"
