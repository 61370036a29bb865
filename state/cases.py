"""Case rows: finding and opening a team's case by its code (parsed by core.cases)."""
from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from state.models import Case


def find_case(session: Session, team_id: int, code: str) -> Case | None:
    """The team's case with this (normalised) code, or None."""
    return session.exec(select(Case).where(Case.team_id == team_id, Case.code == code)).first()


def get_or_create_case(session: Session, team_id: int, code: str) -> Case:
    """The team's case with this code; a code the team has not used yet opens a case.

    Created in a nested transaction, so that another process opening the same code at the same
    moment (unique team_id + code) costs only this insert, not the whole turn.
    """
    case = find_case(session, team_id, code)
    if case is not None:
        return case
    case = Case(team_id=team_id, code=code)
    try:
        with session.begin_nested():
            session.add(case)
    except IntegrityError:
        case = find_case(session, team_id, code)
    return case
