"""What the bot says when trust changes, and to whom.

- A member's identity (master key) changed: the change is held (identities.py), written to the audit
  log, and said once in every room the bot shares with the member, mentioning the member and the
  team's leads there; leads with a direct chat with the bot are told there too.
- A device is left out (not cross-signed): said once per room as a mention, and once by direct chat,
  where only the member's verified devices can read it.
- Case data is held for a member whose identity change is not accepted yet.
"""
from __future__ import annotations

import logging

from sqlmodel import select

from core import i18n
from core.messages import Reply
from core.roles import lead_roles
from bot.delivery import DeliveryError
from bot.transports.matrix.txn import txn_id
from bot.transports.matrix.crosssigning import format_fingerprint
from bot.transports.matrix.trust import BLACKLISTED, NO_OLM, Excluded, IdentityChange
from state import matrix_identities as identities
from state.links import memberships
from state.models import AuditEntry, Room, Team
from state.teams import members_with_role


log = logging.getLogger(__name__)
_WITHHELD_REASON = {BLACKLISTED: "matrix.withheld_blacklisted", NO_OLM: "matrix.withheld_no_olm"}


class TrustNotices:
    def __init__(self, transport) -> None:   # the MatrixTransport that owns this (it imports us)
        self.transport = transport

    @property
    def _bot(self) -> str:
        return self.transport.settings.user_id

    def _default_lang(self) -> str:
        services = self.transport.services
        return services.forced_language or services.settings.language

    async def _room_lang(self, room_id: str) -> str:
        if self.transport.services.forced_language:
            return self.transport.services.forced_language
        return await self.transport.router.run(self._stored_room_lang, room_id)

    def _stored_room_lang(self, room_id: str) -> str:
        services = self.transport.services
        with services.db.session() as session:
            row = session.exec(select(Room).where(Room.transport == "matrix", Room.external_id == room_id)).first()
            team = session.get(Team, row.team_id) if row and row.team_id else None
            return team.language if team and team.language else services.settings.language

    def withheld_reason(self, code: str) -> str:
        return i18n.t(_WITHHELD_REASON.get(code, "matrix.withheld_unverified"), self._default_lang())

    # -- case data ---------------------------------------------------------------------------------
    # -- identity changes --------------------------------------------------------------------------
    async def identity_changed(self, change: IdentityChange) -> None:
        leads = await self.transport.router.run(self._hold_and_audit, change)
        if leads is None:
            return       # already held and said
        leads.discard(change.user_id)
        log.warning("a member's identity changed; their devices get no room keys until it is accepted")
        told = set()
        for room_id, room in list(self.transport.client.rooms.items()):
            if change.user_id not in room.users:
                continue
            name = room.user_name(change.user_id) or change.user_id
            present = sorted(lead for lead in leads if lead in room.users)
            told |= set(present)
            reply = Reply(i18n.t("matrix.identity_changed_room", await self._room_lang(room_id), name=name,
                                 user=change.user_id), mentions=[change.user_id, *present], privacy="advice")
            await self._say(room_id, reply, f"identity:{room_id}:{change.user_id}:{change.new_key}")
        for lead in sorted(leads - told):
            direct = await self.direct_room_with(lead)
            if direct:
                reply = Reply(i18n.t("matrix.identity_changed_lead", self._default_lang(), user=change.user_id),
                              privacy="advice")
                await self._say(direct, reply, f"identity-lead:{lead}:{change.user_id}:{change.new_key}")

    def _hold_and_audit(self, change: IdentityChange) -> set[str] | None:
        """Hold the changed identity and audit it; the leads to tell, or None when it was already held."""
        services = self.transport.services
        leads: set[str] = set()
        with services.db.session() as session:
            if not identities.hold(session, self._bot, change.user_id, change.old_key, change.new_key):
                return None  # already held and said
            details = {"old_key": format_fingerprint(change.old_key), "new_key": format_fingerprint(change.new_key)}
            members = memberships(session, "matrix", change.user_id)
            for member in members:
                session.add(AuditEntry(team_id=member.team_id, actor=f"matrix:{self._bot}",
                                       action="matrix/identity_changed", subject=f"member:{member.id}",
                                       details=details, at=services.clock.now()))
                for role in lead_roles():
                    leads |= {m.user_id for m in members_with_role(session, member.team_id, role)
                              if m.transport == "matrix"}
            if not members:
                session.add(AuditEntry(team_id=None, actor=f"matrix:{self._bot}", action="matrix/identity_changed",
                                       subject="matrix-user", details=details, at=services.clock.now()))
        return leads

    # -- excluded devices --------------------------------------------------------------------------
    async def devices_excluded(self, room_id: str, excluded: list[Excluded]) -> None:
        transport = self.transport
        for device in excluded:
            if transport.trust.held(device.user_id):
                continue     # the identity notice covers every device of this member
            said = transport._key("excluded", room_id, device.user_id, device.device_id)
            if not await transport._claim(said):
                continue
            reply = Reply(i18n.t("matrix.device_not_cross_signed", await self._room_lang(room_id),
                                 device=device.device_name, device_id=device.device_id),
                          mentions=[device.user_id], privacy="advice")
            await self._say(room_id, reply, f"excluded:{room_id}:{device.device_id}")
            direct = await self.direct_room_with(device.user_id)
            said_direct = transport._key("excluded_direct", device.user_id, device.device_id)
            if direct and direct != room_id and await transport._claim(said_direct):
                await self._say(direct, Reply(reply.text, privacy="advice"),
                                f"excluded-direct:{device.user_id}:{device.device_id}")

    # -- helpers -------------------------------------------------------------------------------------
    async def direct_room_with(self, user_id: str) -> str | None:
        """The direct chat the member opened with the bot, if any (only their verified devices read it)."""
        transport = self.transport
        for key in await transport._with_prefix(transport._key("direct", "")):
            room_id = key.rsplit(".direct.", 1)[1]
            room = transport.client.rooms.get(room_id)
            if room is not None and set(room.users) - {transport.client.user_id} == {user_id}:
                return room_id
        return None

    async def _say(self, room_id: str, reply: Reply, seed: str) -> None:
        try:
            await self.transport._deliver(room_id, reply, txn_id=txn_id(seed))
        except DeliveryError:
            log.warning("a trust notice could not be delivered", extra={"room": room_id})
