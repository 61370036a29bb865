"""Whom the bot encrypts for: the recipient-device policy.

`cross-signed` (default): room keys go only to devices that their owner has cross-signed, checked by
verifying the signatures from /keys/query ourselves; each user's master key is pinned at first sight,
so a homeserver cannot swap a whole key chain unnoticed. `tofu`: every device as first seen.
`all`: every device. A device left out is named once in the room with what to do.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from nio import AsyncClient

from bot.transports.matrix.crosssigning import cross_signed_devices, master_key_of, query_keys

log = logging.getLogger(__name__)
REFRESH_SECONDS = 30.0


@dataclass
class _UserTrust:
    signed: set[str]
    master_key: str | None
    checked_at: float
    known_devices: frozenset[str] = field(default_factory=frozenset)


class DeviceTrust:
    def __init__(self, client: AsyncClient, policy: str, pinned_masters: dict[str, str] | None = None) -> None:
        self.client = client
        self.policy = policy
        self.pinned = pinned_masters if pinned_masters is not None else {}
        self._users: dict[str, _UserTrust] = {}

    def _devices(self, user_id: str):
        return list(self.client.olm.device_store.active_user_devices(user_id)) if self.client.olm else []

    async def _refresh(self, user_ids: list[str]) -> list[str]:
        """Re-check users whose devices changed or whose check is old; returns users whose pinned
        master key changed (their devices are then untrusted until an operator looks)."""
        now = time.monotonic()
        stale = []
        for user_id in user_ids:
            known = frozenset(d.id for d in self._devices(user_id))
            entry = self._users.get(user_id)
            if entry is None or entry.known_devices != known or now - entry.checked_at > REFRESH_SECONDS:
                stale.append(user_id)
        changed_masters = []
        if not stale:
            return changed_masters
        response = await query_keys(self.client, stale)
        signed = cross_signed_devices(response)
        for user_id in stale:
            master = master_key_of(response, user_id)
            pinned = self.pinned.get(user_id)
            devices = signed.get(user_id, set())
            if master and pinned and master != pinned:
                changed_masters.append(user_id)
                devices = set()
            elif master and not pinned:
                self.pinned[user_id] = master
            self._users[user_id] = _UserTrust(signed=set(devices), master_key=master, checked_at=now,
                                              known_devices=frozenset(d.id for d in self._devices(user_id)))
        return changed_masters

    async def prepare_room(self, room_id: str) -> list[tuple[str, str, str]]:
        """Mark every device of the room's members as trusted or excluded, per the policy.

        Returns the devices newly excluded: (user id, device id, device name).
        """
        room = self.client.rooms.get(room_id)
        if room is None or not room.encrypted or self.client.olm is None:
            return []
        users = [u for u in room.users if u != self.client.user_id]
        if self.policy in ("all", "tofu"):
            for user_id in users:
                for device in self._devices(user_id):
                    if not device.verified and not device.blacklisted:
                        self.client.verify_device(device)
            return []
        await self._refresh(users)
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
                    excluded.append((user_id, device.id, device.display_name or device.id))
        return excluded
