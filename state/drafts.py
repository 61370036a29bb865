"""Drafts: complete but unconfirmed dialogue records, kept per member until confirmed or dropped."""
from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from state.models import Conversation, Draft


def keep(session: Session, conversation: Conversation, answers: dict, now: datetime) -> Draft:
    """Keep a conversation's record as a draft (the conversation itself is closed by the caller)."""
    draft = Draft(team_id=conversation.team_id, transport=conversation.transport, room_id=conversation.room_id,
                  user_id=conversation.user_id, thread_id=conversation.thread_id,
                  dialogue=conversation.dialogue, answers=answers, created_at=now)
    session.add(draft)
    session.flush()
    return draft


def of_member(session: Session, transport: str, user_id: str, team_id: int | None,
              dialogue: str | None = None) -> list[Draft]:
    """A member's drafts for a team, oldest first. `!open` shows each under its id, which stays the
    same while other drafts are confirmed or dropped (a list position would shift)."""
    query = select(Draft).where(Draft.transport == transport, Draft.user_id == user_id,
                                Draft.team_id == team_id)
    if dialogue is not None:
        query = query.where(Draft.dialogue == dialogue)
    return list(session.exec(query.order_by(Draft.id)).all())


def of_member_numbered(session: Session, transport: str, user_id: str, team_id: int | None,
                       number: int) -> Draft | None:
    """The member's draft shown as `number`, or None (someone else's, gone, or never there)."""
    return next((d for d in of_member(session, transport, user_id, team_id) if d.id == number), None)


def drop(session: Session, draft: Draft) -> None:
    session.delete(draft)
    session.flush()
