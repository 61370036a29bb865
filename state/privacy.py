"""How a case is shown: by its code, or anonymised. This module gathers the case's consent records;
the decision itself is core.policy.naming_decision.

zorgbot stores no pupil names; "by name" means by the case code, which the team can link to the
pupil's file. Whether that is allowed follows from the case's newest consent record, through the
rules in core/policy.py (`naming_decision`; the options' naming rules are data in consent.toml):

- no record, or the anonymous option: anonymous (003:L2827-2833, L2902-2906);
- after an objection (no-objection option) or a withdrawal (written consent): anonymous at once,
  and the case cannot go on an agenda by name (003:L2885-2887);
- without consent: by name only on a recorded decision of the director (003:L2948-2956);
- a record that names the meetings it covers (zorgteam, ZAT) covers only those (003:L2851-2855).

Agenda, actions and minutes call `case_label` / `may_be_named_on_agenda`; nothing else decides this.

An anonymous case still has to be told apart from the others: `case_label` gives it a letter of its
own ("anonieme casus C"), derived from the case's row and so the same in every list, reminder,
agenda and set of minutes, and across meetings, for as long as the case exists. The letter says
nothing about the code or the pupil; which code is behind it only the chair sees (`!agenda codes`).
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from core.i18n import t
from core import policy
from state.models import Case, Consent, Team

OBJECTION_EVENTS = frozenset({"objection", "withdrawal"})


@dataclass(frozen=True)
class NamingStatus:
    allowed: bool
    reason: str                    # catalog key explaining why (no placeholders)
    option: str | None             # the option in force, if any
    objected: bool                 # the newest record is an objection or withdrawal
    record: Consent | None         # the newest record


def history(session: Session, case_id: int) -> list[Consent]:
    """Every consent record of a case, newest first."""
    return list(session.exec(select(Consent).where(Consent.case_id == case_id)
                             .order_by(Consent.recorded_at.desc(), Consent.id.desc())).all())


def current_consent(session: Session, case_id: int) -> Consent | None:
    return session.exec(select(Consent).where(Consent.case_id == case_id)
                        .order_by(Consent.recorded_at.desc(), Consent.id.desc())).first()


def latest_given(session: Session, case_id: int) -> Consent | None:
    """The newest record in which consent (or a no-objection notice, or a decision) was given."""
    return session.exec(select(Consent).where(Consent.case_id == case_id, Consent.event == "given")
                        .order_by(Consent.recorded_at.desc(), Consent.id.desc())).first()


def naming_status(session: Session, case: Case) -> NamingStatus:
    record = current_consent(session, case.id)
    if record is None:
        return NamingStatus(False, "consent.naming_no_record", None, False, None)
    objected = record.event in OBJECTION_EVENTS
    option = record.option
    if option is None and objected:
        given = latest_given(session, case.id)
        option = given.option if given else None
    scope = _scope_record(session, case, record) if option is not None else record
    team = session.get(Team, case.team_id)
    allowed, reason = policy.naming_decision(option, objected=objected, withdrawn=record.event == "withdrawal",
                                             director_decided=scope.director_member_id is not None,
                                             record_teams=scope.teams or (), team_kind=team.kind if team else None)
    return NamingStatus(allowed, reason, option, objected, record)


def _scope_record(session: Session, case: Case, record: Consent) -> Consent:
    """The record whose `teams` list applies: an objection row carries none, the consent it follows does."""
    if record.event == "given":
        return record
    return latest_given(session, case.id) or record


def naming_allowed(session: Session, case: Case) -> bool:
    return naming_status(session, case).allowed


def case_letter(case: Case) -> str:
    """The anonymous case's own letter: 1 -> A, 26 -> Z, 27 -> AA, from the case's row id, which never
    changes (a code, a consent record or an erased case elsewhere moves no other case's letter)."""
    number, letters = case.id or 0, ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters or "?"


def case_label(session: Session, case: Case | None, lang: str) -> str:
    """"Z-17" when naming is allowed, otherwise "anonieme casus C" / "anonymous case C" (its letter)."""
    if case is None:
        return ""
    if naming_allowed(session, case):
        return case.code
    return t("case.anonymous_letter", lang, letter=case_letter(case))


def may_be_named_on_agenda(session: Session, case: Case) -> tuple[bool, str]:
    """(allowed, catalog key of the reason) for putting this case on an agenda by name.

    A named agenda item needs a record that allows naming; otherwise the item can only be discussed
    anonymously (consent.toml [record].naming). The reason key has no placeholders.
    """
    status = naming_status(session, case)
    return status.allowed, status.reason
