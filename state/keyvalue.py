"""Small persistent facts kept by the transports (sync tokens, offsets, notices shown), one table."""
from __future__ import annotations

from sqlmodel import Session, select

from state.models import KeyValue


def get(session: Session, key: str) -> str | None:
    row = session.get(KeyValue, key)
    return row.value if row else None


def put(session: Session, key: str, value: str) -> None:
    row = session.get(KeyValue, key)
    if row is None:
        session.add(KeyValue(key=key, value=value))
    else:
        row.value = value
        session.add(row)


def remove(session: Session, key: str) -> None:
    row = session.get(KeyValue, key)
    if row is not None:
        session.delete(row)


def with_prefix(session: Session, prefix: str) -> dict[str, str]:
    rows = session.exec(select(KeyValue).where(KeyValue.key.startswith(prefix))).all()
    return {row.key: row.value for row in rows}
