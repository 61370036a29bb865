"""One-time link codes: how a person's Telegram account becomes a known team member.

A chair or IB'er creates a code in an encrypted channel (`!koppel telegram`); the person sends it
privately to the bot in Telegram. Only a hash of the code is stored; a code expires after a day and
works once. A redeemed code is the link itself: which platform account (`used_by`) speaks for which
member (`linked_member_id`), created by whom. The account does not get a Member row of its own when
the person is already a member (one person, one set of roles and actions); `state.teams.member_for`
finds them through `linked_member`. A code for someone new makes a Member row on the platform.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any, Optional

from sqlalchemy import JSON, Column, update
from sqlmodel import Field, Session, SQLModel, select

from state.models import Member, Team
from state.teams import add_member

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"   # no 0/O, 1/I: codes are read aloud and retyped
LENGTH = 10                                      # 50 bits: not guessable within a day
VALID_FOR = timedelta(hours=24)


def _fk(model) -> str:
    # Built rather than written out, so that "team.id" is not mistaken for a message key.
    return f"{model.__tablename__}.id"


class LinkCode(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key=_fk(Team), index=True)
    transport: str = "telegram"
    code_hash: str = Field(unique=True)
    member_id: Optional[int] = Field(default=None, foreign_key=_fk(Member))   # None: a new person
    display_name: str
    roles: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_by: Optional[int] = Field(default=None, foreign_key=_fk(Member))
    created_at: datetime
    expires_at: datetime
    status: str = "open"              # open | used | burned | revoked
    used_at: Optional[datetime] = None
    used_by: Optional[str] = None     # the platform user id that redeemed it
    linked_member_id: Optional[int] = Field(default=None, foreign_key=_fk(Member))   # the member it made


class LinkRefused(Exception):
    """A code that cannot be redeemed; `key` is the catalog key of the reason."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


def normalise(text: str) -> str | None:
    """"abcde-fghjk" / "ABCDEFGHJK" -> "ABCDEFGHJK"; None when it cannot be a code."""
    raw = "".join(ch for ch in text.upper() if ch not in "- ")
    if len(raw) != LENGTH or any(ch not in ALPHABET for ch in raw):
        return None
    return raw


def display(raw: str) -> str:
    return f"{raw[:5]}-{raw[5:]}"


def _hash(raw: str) -> str:
    return hashlib.sha256(f"zorgbot-link:{raw}".encode()).hexdigest()


def create(session: Session, team: Team, *, display_name: str, now: datetime, member: Member | None = None,
           roles: set[str] | None = None, created_by: Member | None = None,
           transport: str = "telegram") -> tuple[LinkCode, str]:
    """A new code for an existing member (their roles are copied when redeemed) or for a new person
    with the given roles. Returns the row and the plain code, which is shown once and never stored."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    code = LinkCode(team_id=team.id, transport=transport, code_hash=_hash(raw),
                    member_id=member.id if member else None, display_name=display_name,
                    roles=sorted(roles or ()), created_by=created_by.id if created_by else None,
                    created_at=now, expires_at=now + VALID_FOR)
    session.add(code)
    session.flush()
    return code, raw


def find_open(session: Session, raw: str, now: datetime, transport: str = "telegram") -> LinkCode | None:
    code = session.exec(select(LinkCode).where(LinkCode.code_hash == _hash(raw),
                                               LinkCode.transport == transport)).first()
    if code is None or code.status != "open" or _aware(code.expires_at) <= now:
        return None
    return code


def burn(session: Session, code: LinkCode, now: datetime) -> None:
    """Make a code useless, e.g. because it was posted where others could read it."""
    session.exec(update(LinkCode).where(LinkCode.id == code.id, LinkCode.status == "open")
                 .values(status="burned", used_at=now))


def redeem(session: Session, code: LinkCode, user_id: str, now: datetime) -> Member:
    """Link `user_id` to the code's member (or make it a new member with the code's name and roles),
    exactly once. A linked account is the same Member as the person's other accounts, so roles,
    actions and names stay one; `member_for` finds it through `linked_member`."""
    team = session.get(Team, code.team_id)
    existing = memberships(session, code.transport, user_id, team_id=team.id)
    if existing:
        raise LinkRefused("link.already_linked", name=existing[0].display_name, team=team.name)
    origin = session.get(Member, code.member_id) if code.member_id is not None else None
    if code.member_id is not None and (origin is None or not origin.active):
        raise LinkRefused("link.code_invalid")
    # A conditional update, so that two simultaneous attempts cannot both use the code.
    taken = session.exec(update(LinkCode).where(LinkCode.id == code.id, LinkCode.status == "open")
                         .values(status="used", used_at=now, used_by=user_id))
    if taken.rowcount != 1:
        raise LinkRefused("link.code_invalid")
    member = origin or add_member(session, team, code.transport, user_id, code.display_name, set(code.roles))
    session.exec(update(LinkCode).where(LinkCode.id == code.id).values(linked_member_id=member.id))
    return member


def revoke(session: Session, member: Member, transport: str = "telegram") -> int:
    """End the member's linked accounts on `transport`; returns how many there were."""
    result = session.exec(update(LinkCode).where(LinkCode.linked_member_id == member.id,
                                                 LinkCode.transport == transport, LinkCode.status == "used")
                          .values(status="revoked"))
    return result.rowcount


def linked_member(session: Session, team_id: int, transport: str, user_id: str) -> Member | None:
    """The member a platform account was linked to in this team, if the link and member are active."""
    link = session.exec(select(LinkCode).where(LinkCode.team_id == team_id, LinkCode.transport == transport,
                                               LinkCode.used_by == user_id, LinkCode.status == "used")
                        .order_by(LinkCode.used_at.desc())).first()
    if link is None or link.linked_member_id is None:
        return None
    member = session.get(Member, link.linked_member_id)
    return member if member is not None and member.active else None


def account_of(session: Session, member: Member, transport: str = "telegram") -> str | None:
    """The member's user id on `transport`: their own, or the account linked to them."""
    if member.transport == transport:
        return member.user_id
    return session.exec(select(LinkCode.used_by).where(LinkCode.linked_member_id == member.id,
                                                       LinkCode.transport == transport,
                                                       LinkCode.status == "used")
                        .order_by(LinkCode.used_at.desc())).first()


def memberships(session: Session, transport: str, user_id: str, team_id: int | None = None) -> list[Member]:
    """Every active membership of a platform account: its own member rows and the members it is
    linked to, in any team (or in `team_id`)."""
    own = select(Member).where(Member.transport == transport, Member.user_id == user_id, Member.active == True)  # noqa: E712
    links = select(LinkCode).where(LinkCode.transport == transport, LinkCode.used_by == user_id,
                                   LinkCode.status == "used")
    if team_id is not None:
        own, links = own.where(Member.team_id == team_id), links.where(LinkCode.team_id == team_id)
    found = {m.id: m for m in session.exec(own).all()}
    for link in session.exec(links).all():
        member = session.get(Member, link.linked_member_id) if link.linked_member_id else None
        if member is not None and member.active:
            found.setdefault(member.id, member)
    return [found[key] for key in sorted(found)]


def _aware(moment: datetime) -> datetime:
    from datetime import timezone
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
