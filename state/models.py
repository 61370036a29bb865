"""The tables. The database is the truth: everything a user entered lives here, nothing only in memory.

Pupils appear only as pseudonymous case codes; the zorgteam keeps no dossier (003:L2695-2699), so
cases hold codes, decisions and actions, never names or case files.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Optional

from sqlalchemy import JSON, Column, UniqueConstraint, Index
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Team(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str
    kind: str = "zorgteam"            # zorgteam | zat | cvb
    school_type: str = "PO"           # PO | SO | VO | MBO
    timezone: str = "Europe/Amsterdam"
    language: str = "nl"
    settings: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)


class Room(SQLModel, table=True):
    """A chat room (Matrix room, Telegram group, the console) bound to one team."""
    __table_args__ = (UniqueConstraint("transport", "external_id"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    transport: str
    external_id: str
    team_id: Optional[int] = Field(default=None, foreign_key="team.id", index=True)
    encrypted: bool = False
    is_direct: bool = False
    settings: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)


class Member(SQLModel, table=True):
    """A person in a team, known by a platform identity (never by a name they chose themselves)."""
    __table_args__ = (UniqueConstraint("team_id", "transport", "user_id"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    transport: str
    user_id: str
    display_name: str
    language: Optional[str] = None
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow)


class MemberRole(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("member_id", "role"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="member.id", index=True)
    role: str


class Case(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("team_id", "code"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    code: str
    status: str = "open"              # open | closed
    coordinator_member_id: Optional[int] = Field(default=None, foreign_key="member.id")
    created_at: datetime = Field(default_factory=utcnow)
    closed_at: Optional[datetime] = None


class Consent(SQLModel, table=True):
    """One entry in a case's consent history; the newest entry is the case's current status."""
    id: Optional[int] = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    event: str = "given"              # given | objection | withdrawal
    option: Optional[str] = None      # written_consent | no_objection | anonymous | without_consent
    given_by: Optional[str] = None    # parents | pupil | both | director
    given_on: Optional[datetime] = None
    partners: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    teams: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    partners_may_consult_files: bool = False
    note: str = ""
    director_member_id: Optional[int] = Field(default=None, foreign_key="member.id")
    motivation: str = ""
    recorded_by: Optional[int] = Field(default=None, foreign_key="member.id")
    recorded_at: datetime = Field(default_factory=utcnow)


class Meeting(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    series_id: Optional[str] = Field(default=None, index=True)
    starts_at: datetime
    duration_minutes: int = 90
    place: str = ""
    status: str = "planned"           # planned | running | closed | cancelled
    current_item: Optional[int] = None
    chair_member_id: Optional[int] = Field(default=None, foreign_key="member.id")
    details: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)


class AgendaItem(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    case_id: Optional[int] = Field(default=None, foreign_key="case.id", index=True)
    position: int = 0
    kind: str = "new"                 # new | follow_up | other
    status: str = "open"              # open | discussed | moved | dropped
    brief: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    notes: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    submitted_by: Optional[int] = Field(default=None, foreign_key="member.id")
    created_at: datetime = Field(default_factory=utcnow)


class Action(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("team_id", "number"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    number: int                       # the short number people type: !klaar 12
    case_id: Optional[int] = Field(default=None, foreign_key="case.id", index=True)
    owner_member_id: int = Field(foreign_key="member.id", index=True)
    description: str
    due_at: datetime = Field(index=True)
    status: str = Field(default="open", index=True)   # open | done | cancelled
    recurrence_days: Optional[int] = None
    notes: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_by: Optional[int] = Field(default=None, foreign_key="member.id")
    created_at: datetime = Field(default_factory=utcnow)
    done_at: Optional[datetime] = None
    meeting_id: Optional[int] = Field(default=None, foreign_key="meeting.id")
    # Agreed during a meeting with a date that was missing or ambiguous: recorded at once with a
    # proposed date, which the owner confirms with !verzet (issue 18: the meeting never waits).
    date_to_confirm: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})


class Reminder(SQLModel, table=True):
    """A message due at a moment. Rows are claimed, sent and marked; never deleted when the bot was down."""
    __table_args__ = (Index("ix_reminder_due", "status", "due_at"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    kind: str                         # before_due | due_day | overdue | chair_overview | digest | agenda | ...
    action_id: Optional[int] = Field(default=None, foreign_key="action.id", index=True)
    meeting_id: Optional[int] = Field(default=None, foreign_key="meeting.id")
    member_id: Optional[int] = Field(default=None, foreign_key="member.id")
    due_at: datetime
    status: str = "pending"           # pending | claimed | sent | failed | obsolete
    attempts: int = 0
    next_attempt_at: Optional[datetime] = None
    claimed_by: Optional[str] = None
    claimed_until: Optional[datetime] = None
    idempotency_key: str = Field(unique=True)
    sent_at: Optional[datetime] = None
    late: bool = False
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class EscalationRecord(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    case_id: Optional[int] = Field(default=None, foreign_key="case.id", index=True)
    kind: str                         # veilig_thuis | suspension | expulsion | meldcode | route
    considered: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    decision: str = ""
    decided_by: Optional[int] = Field(default=None, foreign_key="member.id")
    created_at: datetime = Field(default_factory=utcnow)


class Conversation(SQLModel, table=True):
    """An open dialogue: one per member per room and thread, saved after every turn."""
    __table_args__ = (UniqueConstraint("transport", "room_id", "user_id", "thread_id"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    transport: str
    room_id: str
    user_id: str
    thread_id: str = ""
    dialogue: str
    state: str
    answers: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    team_id: Optional[int] = Field(default=None, foreign_key="team.id")
    started_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow, index=True)


class Draft(SQLModel, table=True):
    """A dialogue whose record was complete but not yet confirmed when it timed out or was interrupted:
    kept for its member to confirm or drop (`!open`), never thrown away unasked."""
    id: Optional[int] = Field(default=None, primary_key=True)
    team_id: Optional[int] = Field(default=None, foreign_key="team.id", index=True)
    transport: str
    room_id: str
    user_id: str = Field(index=True)
    thread_id: str = ""
    dialogue: str
    answers: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)


class AuditEntry(SQLModel, table=True):
    """Append-only: who recorded or changed what. Holds codes and field names, never case content."""
    id: Optional[int] = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    team_id: Optional[int] = Field(default=None, index=True)
    actor: str                        # transport:user_id, or "system"
    action: str                       # e.g. team/set_up, consent/recorded, case/erased
    subject: str = ""                 # e.g. "case:Z-17", "action:12"
    details: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class KeyValue(SQLModel, table=True):
    """Small persistent facts of a transport: Matrix sync token, Telegram update offset."""
    key: str = Field(primary_key=True)
    value: str


class HandledEvent(SQLModel, table=True):
    """Platform events already handled, so a redelivery after a crash is not handled twice."""
    __table_args__ = (UniqueConstraint("transport", "event_id"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    transport: str
    event_id: str
    handled_at: datetime = Field(default_factory=utcnow, index=True)
