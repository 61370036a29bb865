"""Telling an excluded device why it cannot read the bot: `m.room_key.withheld` to-device messages.

Sent unencrypted, as the spec requires, once per outbound room-key session and device (`m.unverified`,
`m.blacklisted`), and once per device for `m.no_olm` (no encrypted channel could be set up). The
member's client then shows "withheld: your session is not verified" instead of a generic error.
"""
from __future__ import annotations

import logging
from typing import Callable

from nio import AsyncClient, ToDeviceMessage

from bot.transports.matrix.trust import NO_OLM, Excluded

log = logging.getLogger(__name__)
EVENT_TYPE = "m.room_key.withheld"
MEGOLM = "m.megolm.v1.aes-sha2"


class WithheldNotices:
    def __init__(self, client: AsyncClient, reason: Callable[[str], str]) -> None:
        self.client = client
        self.reason = reason                  # withheld code -> human-readable reason
        self._told: set[tuple[str, str, str]] = set()   # (session or code, user, device)

    def _content(self, code: str, room_id: str | None, session_id: str | None) -> dict:
        content = {"algorithm": MEGOLM, "code": code, "reason": self.reason(code),
                   "sender_key": self.client.olm.account.identity_keys["curve25519"],
                   "from_device": self.client.device_id}
        if room_id and session_id:
            content.update(room_id=room_id, session_id=session_id)
        return content

    async def _send(self, user_id: str, device_id: str, content: dict, seed: str) -> bool:
        try:
            response = await self.client.to_device(ToDeviceMessage(EVENT_TYPE, user_id, device_id, content),
                                                   tx_id=seed)
        except Exception:   # the homeserver briefly away: the next send tries again
            log.debug("withheld notice not sent", exc_info=True)
            return False
        return not getattr(response, "status_code", None)

    async def after_send(self, room_id: str, excluded: list[Excluded], users: list[str]) -> None:
        """After the room key of `room_id` was shared: tell every excluded device, and every trusted
        device the bot has no Olm session with, that the key was withheld and why."""
        olm = self.client.olm
        if olm is None:
            return
        session = olm.outbound_group_sessions.get(room_id)
        if session is None:
            return
        for device in excluded:
            told = (session.id, device.user_id, device.device_id)
            if told not in self._told and await self._send(
                    device.user_id, device.device_id, self._content(device.code, room_id, session.id),
                    f"withheld-{session.id[:16]}-{device.device_id}"):
                self._told.add(told)
        left_out = {(device.user_id, device.device_id) for device in excluded}
        for user_id, device_ids in olm.get_missing_sessions(users).items():
            for device_id in device_ids:
                told = (NO_OLM, user_id, device_id)
                if (user_id, device_id) not in left_out and told not in self._told and await self._send(
                        user_id, device_id, self._content(NO_OLM, room_id, session.id),
                        f"withheld-noolm-{session.id[:16]}-{device_id}"):
                    self._told.add(told)
