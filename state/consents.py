"""The consent register: one row per event (given, objection, withdrawal), newest row in force.

What a record holds follows the seed's minimum (consent.toml [record], DOMAIN.md section 2): the
option, who gave it, the date, the named partners, the meetings covered, whether partners may consult
their own files, an objection or withdrawal, and for the exceptional discussion without consent the
director's decision and motivation (003:L2948-2956). Rows are never changed: an objection or a
withdrawal is a new row that takes effect the moment it is stored (state/privacy.py reads the newest).
"""
from __future__ import annotations

from datetime import date, datetime, time, timezone

from sqlmodel import Session

from core import policy
from core.policy import CONSENT_OPTIONS as OPTIONS
from state.models import Case, Consent, Member
from state.teams import roles_of

EVENTS = ("given", "objection", "withdrawal")
GIVERS = ("parents", "pupil", "both", "director")
TEAMS = ("zorgteam", "zat")
MAX_PARTNERS = 15
MAX_PARTNER_LENGTH = 60
MAX_NOTE = 500
MAX_MOTIVATION = 2000


class ConsentRefused(Exception):
    """A record the rules do not allow; `key` is the catalog key of the reason."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def is_director(session: Session, member: Member | None) -> bool:
    return member is not None and policy.may_decide_without_consent(roles_of(session, member.id))


def stored_day(day: date) -> datetime:
    """A calendar date as a stored moment: noon UTC, so no time-zone conversion can move the day."""
    return datetime.combine(day, time(12, 0), tzinfo=timezone.utc)


def record_consent(session: Session, *, case: Case, event: str, option: str, given_by: str | None,
                   given_on: date, partners: list[str] | None = None, teams: list[str] | None = None,
                   partners_may_consult_files: bool = False, note: str = "", motivation: str = "",
                   recorded_by: Member | None, now: datetime) -> Consent:
    """Store one consent event. Without consent needs a director and a written motivation."""
    if event not in EVENTS:
        raise ValueError(f"event must be one of {EVENTS}, not {event!r}")
    if option not in OPTIONS:
        raise ValueError(f"option must be one of {OPTIONS}, not {option!r}")
    if given_by is not None and given_by not in GIVERS:
        raise ValueError(f"given_by must be one of {GIVERS}, not {given_by!r}")
    unknown_teams = set(teams or ()) - set(TEAMS)
    if unknown_teams:
        raise ValueError(f"teams must be among {TEAMS}, not {sorted(unknown_teams)}")
    director_id = None
    if option == "without_consent" and event == "given":
        # The IB'er involves the director; the director decides, with reasons on record (003:L2948-2956).
        if not is_director(session, recorded_by):
            raise ConsentRefused("consent.director_only")
        if not motivation.strip():
            raise ConsentRefused("consent.motivation_required")
        director_id = recorded_by.id
        given_by = "director"
    row = Consent(case_id=case.id, event=event, option=option, given_by=given_by,
                  given_on=stored_day(given_on), partners=list(partners or []), teams=list(teams or []),
                  partners_may_consult_files=bool(partners_may_consult_files and option == "written_consent"),
                  note=note.strip()[:MAX_NOTE], director_member_id=director_id,
                  motivation=motivation.strip()[:MAX_MOTIVATION],
                  recorded_by=recorded_by.id if recorded_by else None, recorded_at=now)
    session.add(row)
    session.flush()
    return row
