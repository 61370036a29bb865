"""Whom the bot encrypts for: the recipient-device policy.

`cross-signed` (default): room keys go only to devices that their owner has cross-signed, checked by
verifying the signatures from /keys/query ourselves; each user's master key is pinned at first sight,
so a homeserver cannot swap a whole key chain unnoticed. A changed master key is held (see
identities.py) until it is accepted. `tofu`: every device as first seen. `all`: every device.

Every excluded device carries the `m.room_key.withheld` code the spec defines for its case, so the
transport can tell that device why it cannot read the bot.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Protocol

from nio import AsyncClient

from bot.transports.matrix.crosssigning import evaluate_device, master_key_of, query_keys

log = logging.getLogger(__name__)
REFRESH_SECONDS = 30.0

# The spec's withheld codes (client-server API, "Reporting that decryption keys are withheld").
UNVERIFIED = "m.unverified"     # not cross-signed by its owner, or its owner's identity is not trusted
BLACKLISTED = "m.blacklisted"   # its keys carry a signature that does not check out
NO_OLM = "m.no_olm"             # no encrypted channel could be set up with it
_FORGED = {"bad_device_self_signature", "invalid_device_keys", "invalid_master_key", "invalid_self_signing_key",
           "self_signing_key_not_signed_by_master"}


class PinStore(Protocol):
    async def pinned(self) -> dict[str, str]: ...
    async def pin(self, user_id: str, master_key: str) -> None: ...


@dataclass(frozen=True)
class IdentityChange:
    user_id: str
    old_key: str
    new_key: str


@dataclass(frozen=True)
class Excluded:
    user_id: str
    device_id: str
    device_name: str
    code: str


@dataclass
class _UserTrust:
    signed: set[str]
    codes: dict[str, str]            # device id -> withheld code, for devices left out
    master_key: str | None
    pinned_at_check: str | None
    checked_at: float
    known_devices: frozenset[str] = field(default_factory=frozenset)


class DeviceTrust:
    def __init__(self, client: AsyncClient, policy: str, store: PinStore) -> None:
        self.client = client
        self.policy = policy
        self.store = store
        self._users: dict[str, _UserTrust] = {}
        self.suspended = False    # while a verification shows its emoji to one left-out device

    def _devices(self, user_id: str):
        return list(self.client.olm.device_store.active_user_devices(user_id)) if self.client.olm else []

    def held(self, user_id: str) -> bool:
        """Is this member's identity changed and not yet accepted (as last checked)?"""
        entry = self._users.get(user_id)
        return bool(entry and entry.master_key and entry.pinned_at_check and entry.master_key != entry.pinned_at_check)

    def code_for(self, user_id: str, device_id: str) -> str:
        entry = self._users.get(user_id)
        return (entry.codes.get(device_id) if entry else None) or UNVERIFIED

    async def refresh(self, user_ids: list[str], *, force: bool = False) -> list[IdentityChange]:
        """Re-check users whose devices changed, whose check is old, or whose pinned key was changed
        (accepted) since; returns the users whose master key differs from the pinned one."""
        if self.policy != "cross-signed" or self.client.olm is None:
            return []
        now = time.monotonic()
        pinned = await self.store.pinned()
        stale = []
        for user_id in user_ids:
            known = frozenset(d.id for d in self._devices(user_id))
            entry = self._users.get(user_id)
            if force or entry is None or entry.known_devices != known or now - entry.checked_at > REFRESH_SECONDS \
                    or entry.pinned_at_check != pinned.get(user_id):
                stale.append(user_id)
        if not stale:
            return []
        response = await query_keys(self.client, stale)
        changes = []
        for user_id in stale:
            master = master_key_of(response, user_id)
            pin = pinned.get(user_id)
            if master and not pin:
                await self.store.pin(user_id, master)
                pin = master
            signed, codes = set(), {}
            for device_id in (response.get("device_keys") or {}).get(user_id) or {}:
                state = evaluate_device(response, user_id, device_id)
                if state.cross_signed and master == pin:
                    signed.add(device_id)
                else:
                    codes[device_id] = BLACKLISTED if state.reason in _FORGED else UNVERIFIED
            if master and pin and master != pin:
                changes.append(IdentityChange(user_id, pin, master))
            self._users[user_id] = _UserTrust(signed=signed, codes=codes, master_key=master, pinned_at_check=pin,
                                              checked_at=now,
                                              known_devices=frozenset(d.id for d in self._devices(user_id)))
        return changes

    async def prepare_room(self, room_id: str) -> tuple[list[Excluded], list[IdentityChange]]:
        """Mark every device of the room's members as trusted or excluded, per the policy.

        Returns the devices newly excluded and the identity changes found on the way.
        """
        room = self.client.rooms.get(room_id)
        if room is None or not room.encrypted or self.client.olm is None or self.suspended:
            return [], []
        users = [u for u in room.users if u != self.client.user_id]
        if self.policy in ("all", "tofu"):
            for user_id in users:
                for device in self._devices(user_id):
                    if not device.verified and not device.blacklisted:
                        self.client.verify_device(device)
            return [], []
        changes = await self.refresh(users)
        excluded = []
        for user_id in users:
            trusted = self._users[user_id].signed if user_id in self._users else set()
            for device in self._devices(user_id):
                if device.id in trusted:
                    if device.blacklisted:
                        self.client.unblacklist_device(device)
                    if not device.verified:
                        self.client.verify_device(device)
                elif not device.blacklisted:
                    if device.verified:
                        self.client.unverify_device(device)
                    self.client.blacklist_device(device)
                    excluded.append(Excluded(user_id, device.id, device.display_name or device.id,
                                             self.code_for(user_id, device.id)))
        return excluded, changes

    def excluded_devices(self, room_id: str) -> list[Excluded]:
        """Every device of the room's members the bot currently leaves out."""
        room = self.client.rooms.get(room_id)
        if room is None or self.client.olm is None:
            return []
        return [Excluded(user_id, device.id, device.display_name or device.id, self.code_for(user_id, device.id))
                for user_id in room.users if user_id != self.client.user_id
                for device in self._devices(user_id) if device.blacklisted]
