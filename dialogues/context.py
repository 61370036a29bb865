"""What a handler or dialogue step gets to work with for one message."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from sqlmodel import Session

from core import i18n
from core.clock import Clock
from core.commands import CommandTable
from core.messages import Inbound, Reply
from state.models import AuditEntry, Member, Room, Team
import state.audit  # noqa: F401  (the append-only guard)


class Services(Protocol):
    """What a turn may use of the application (bot.app.Services provides it). Declared here, as a
    protocol, so that dialogues and handlers never import the application above them."""

    settings: Any                 # bot.config.Settings
    db: Any                       # state.db.Database
    clock: Clock
    dialogues: Any                # dialogues.engine.DialogueEngine
    commands: CommandTable
    telegram_username: str | None


@dataclass
class Context:
    services: Services
    inbound: Inbound
    session: Session
    lang: str
    team: Team | None = None
    member: Member | None = None
    roles: frozenset[str] = frozenset()
    room: Room | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def t(self, key: str, **values) -> str:
        return i18n.t(key, self.lang, **values)

    def reply(self, key: str, **values) -> Reply:
        return Reply(self.t(key, **values))

    @property
    def tz(self) -> ZoneInfo:
        name = self.team.timezone if self.team else self.services.settings.timezone
        return ZoneInfo(name)

    def now(self) -> datetime:
        return self.services.clock.now()

    @property
    def actor(self) -> str:
        return f"{self.inbound.transport}:{self.inbound.user_id}"

    def audit(self, action: str, subject: str = "", **details) -> None:
        """Append to the audit log in the same transaction as the change it describes."""
        self.session.add(AuditEntry(team_id=self.team.id if self.team else None, actor=self.actor,
                                    action=action, subject=subject, details=details, at=self.now()))
