"""The one place that decides how a case is shown: by its code, or anonymised.

A case appears by its code (which the team can link to the pupil's file) only when the newest
consent record allows naming (DOMAIN.md section 2); without a record, under the anonymous option,
or after an objection under the no-objection option, it appears as an anonymous case.
"""
from __future__ import annotations

from sqlmodel import Session, select

from bot.i18n import t
from state.models import Case, Consent

NAMING_OPTIONS = frozenset({"written_consent", "no_objection", "without_consent"})


def current_consent(session: Session, case_id: int) -> Consent | None:
    return session.exec(select(Consent).where(Consent.case_id == case_id)
                        .order_by(Consent.recorded_at.desc(), Consent.id.desc())).first()


def naming_allowed(session: Session, case: Case) -> bool:
    record = current_consent(session, case.id)
    if record is None or record.event in ("objection", "withdrawal"):
        return False
    return record.option in NAMING_OPTIONS


def case_label(session: Session, case: Case | None, lang: str) -> str:
    """"Z-17" when naming is allowed, otherwise "anonieme casus" / "anonymous case"."""
    if case is None:
        return ""
    return case.code if naming_allowed(session, case) else t("case.anonymous", lang)
