"""The audit log is append-only: the ORM refuses to change or delete an entry.

The one exception is the erasure of a case (privacy: `!vergeet`), which removes the case's entries
with an explicit statement and appends one entry saying that an erasure happened.
"""
from __future__ import annotations

from sqlalchemy import event
from sqlmodel import Session

from state.models import AuditEntry


class AuditLogIsAppendOnly(Exception):
    pass


@event.listens_for(Session, "before_flush")
def _refuse_audit_changes(session, _flush_context, _instances) -> None:
    for entry in list(session.dirty) + list(session.deleted):
        if isinstance(entry, AuditEntry):
            raise AuditLogIsAppendOnly("audit entries are never changed or deleted")
