"""Small persistent facts kept by the transports (sync tokens, offsets, notices shown), one table."""
from __future__ import annotations

from sqlalchemy import insert, update
from sqlalchemy.exc import IntegrityError
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


def set_if_different(session: Session, key: str, value: str) -> bool:
    """Set `key` to `value` and say whether this call changed it, atomically: of several transactions
    doing this at once, exactly one gets True. A conditional UPDATE (concurrent writers of the row
    wait for each other and re-check the condition), else an INSERT that a concurrent insert of the
    same key makes fail."""
    session.flush()
    changed = session.execute(update(KeyValue).where(KeyValue.key == key, KeyValue.value != value)
                              .values(value=value).execution_options(synchronize_session=False))
    if changed.rowcount:
        session.expire_all()
        return True
    try:
        with session.begin_nested():
            session.execute(insert(KeyValue).values(key=key, value=value))
    except IntegrityError:
        return False
    return True
