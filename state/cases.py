"""Case rows: finding and opening a team's case by its code (parsed by core.cases)."""
from __future__ import annotations

import re

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from core.cases import looks_like_case_code, normalise_case_code
from state.models import Case


# The team's case-code rule: a known case of the team, or this pattern (Team.settings["case_code_pattern"]
# overrides it). Letters, then numbers joined by hyphens: Z-17, ZT-2026-04; a word such as taak-A-001
# is text, not a case.
DEFAULT_CASE_CODE_PATTERN = r"[A-Z]{1,4}(?:-[0-9]{1,6})+"


def team_case_code(session: Session, team, word: str) -> str | None:
    """The normalised code when `word` names a case by the team's rule, else None."""
    if not looks_like_case_code(word):
        return None
    code = normalise_case_code(word)
    if find_case(session, team.id, code) is not None:
        return code
    pattern = (team.settings or {}).get("case_code_pattern") or DEFAULT_CASE_CODE_PATTERN
    try:
        return code if re.fullmatch(pattern, code) else None
    except re.error:          # a broken team pattern falls back to the default rule
        return code if re.fullmatch(DEFAULT_CASE_CODE_PATTERN, code) else None


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
