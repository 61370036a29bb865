"""Queries about teams, rooms and members."""
from __future__ import annotations

from sqlalchemy import and_, bindparam
from sqlmodel import Session, select

from core.roles import CHAIR, IB
from state.models import Member, MemberRole, Room, Team


def room_for(session: Session, transport: str, external_id: str) -> Room | None:
    return session.exec(select(Room).where(Room.transport == transport, Room.external_id == external_id)).first()


def member_for(session: Session, team_id: int, transport: str, user_id: str) -> Member | None:
    return session.exec(select(Member).where(Member.team_id == team_id, Member.transport == transport,
                                             Member.user_id == user_id, Member.active == True)).first()  # noqa: E712


def members_of(session: Session, team_id: int) -> list[Member]:
    return list(session.exec(select(Member).where(Member.team_id == team_id, Member.active == True)  # noqa: E712
                             .order_by(Member.id)).all())


def members_with_role(session: Session, team_id: int, role: str) -> list[Member]:
    return list(session.exec(select(Member).join(MemberRole, MemberRole.member_id == Member.id).where(
        Member.team_id == team_id, Member.active == True, MemberRole.role == role)).all())  # noqa: E712


def first_holder(session: Session, team_id: int, roles: tuple[str, ...]) -> Member | None:
    """The first member holding the first of `roles` that anyone holds (e.g. the IB'er, else the chair)."""
    for role in roles:
        holders = members_with_role(session, team_id, role)
        if holders:
            return holders[0]
    return None


def team_roles(session: Session, team_id: int) -> set[str]:
    rows = session.exec(select(MemberRole.role).join(Member, Member.id == MemberRole.member_id).where(
        Member.team_id == team_id, Member.active == True)).all()  # noqa: E712
    return set(rows)


def former_member(session: Session, team_id: int, transport: str, user_id: str) -> Member | None:
    """Someone who was removed from the team (their row stays, inactive, so their records stay theirs)."""
    return session.exec(select(Member).where(Member.team_id == team_id, Member.transport == transport,
                                             Member.user_id == user_id, Member.active == False)).first()  # noqa: E712


def add_member(session: Session, team: Team, transport: str, user_id: str, display_name: str,
               roles: set[str]) -> Member:
    """Add someone to a team, or give an existing member the extra roles. Someone removed earlier
    comes back as the same member (their earlier actions and records stay theirs) with only `roles`:
    the roles they had before are not given back."""
    member = member_for(session, team.id, transport, user_id)
    if member is None:
        member = former_member(session, team.id, transport, user_id)
        if member is not None:
            for row in session.exec(select(MemberRole).where(MemberRole.member_id == member.id)).all():
                session.delete(row)
            member.active = True
            session.add(member)
            session.flush()
    if member is None:
        member = Member(team_id=team.id, transport=transport, user_id=user_id, display_name=display_name)
        session.add(member)
        session.flush()
    existing = roles_of(session, member.id)
    for role in sorted(roles - existing):
        session.add(MemberRole(member_id=member.id, role=role))
    session.flush()
    return member


def remove_roles(session: Session, member: Member, roles: set[str]) -> None:
    """Take `roles` away from a member (the member stays)."""
    for row in session.exec(select(MemberRole).where(MemberRole.member_id == member.id,
                                                     MemberRole.role.in_(sorted(roles)))).all():
        session.delete(row)
    session.flush()


def find_member_by_name(session: Session, team_id: int, name: str) -> list[Member]:
    wanted = name.strip().lstrip("@").casefold()
    found = []
    for member in members_of(session, team_id):
        if wanted in (member.display_name.casefold(), member.user_id.casefold().lstrip("@"),
                      member.user_id.casefold().lstrip("@").split(":")[0]):
            found.append(member)
    return found


# Built once: the router runs these for every message, and building SQL expressions costs more
# than running them.
_WHERE_AND_WHO = (
    select(Room, Team, Member)
    .outerjoin(Team, Team.id == Room.team_id)
    .outerjoin(Member, and_(Member.team_id == Room.team_id, Member.transport == bindparam("transport"),
                            Member.user_id == bindparam("user_id"), Member.active == True))  # noqa: E712
    .where(Room.transport == bindparam("transport"), Room.external_id == bindparam("room_id"))
)
_ROLES = select(MemberRole.role).where(MemberRole.member_id == bindparam("member_id"))


def where_and_who(session: Session, transport: str, room_id: str, user_id: str):
    """(room, team, member) for a message in one query; each may be None."""
    row = session.execute(_WHERE_AND_WHO, {"transport": transport, "room_id": room_id, "user_id": user_id}).first()
    return (row[0], row[1], row[2]) if row else (None, None, None)


def roles_of(session: Session, member_id: int) -> frozenset[str]:
    return frozenset(session.execute(_ROLES, {"member_id": member_id}).scalars())


def parent_talk_owner(session: Session, team: Team, speaker: Member | None,
                      roles: frozenset[str]) -> Member | None:
    """The IB'er talks with the parents (003:L2360-2370, L2403-2411): the speaker when they are one,
    else the team's IB'er, else the chair, else the speaker."""
    if speaker is not None and IB in roles:
        return speaker
    return first_holder(session, team.id, (IB, CHAIR)) or speaker
