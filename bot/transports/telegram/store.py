"""The Telegram transport's small facts, kept in the KeyValue table (never PTB's own persistence).

Keys: the long-polling offset per bot; per chat, the privacy level the first-message notice was
shown for; per reply transaction, how many of its messages were delivered; per open inline keyboard,
which message it is and what it offered.
"""
from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import delete
from sqlmodel import Session

from state.keyvalue import get, put, set_if_different  # noqa: F401  (the transport reads and writes through here)
from state.models import KeyValue

PREFIX = "telegram"


def offset_key(bot_id: int) -> str:
    return f"{PREFIX}:offset:{bot_id}"


def notice_key(chat_id: str) -> str:
    return f"{PREFIX}:notice:{chat_id}"


def txn_key(txn_id: str) -> str:
    return f"{PREFIX}:txn:{txn_id}"


def keyboard_key(chat_id: str, thread_id: str, user_id: str) -> str:
    return f"{PREFIX}:kb:{chat_id}:{thread_id}:{user_id}"


def take(session: Session, key: str) -> str | None:
    """Remove and return a value; of two simultaneous takers only one gets it."""
    value = get(session, key)
    if value is None:
        return None
    gone = session.exec(delete(KeyValue).where(KeyValue.key == key, KeyValue.value == value))
    return value if gone.rowcount == 1 else None


def claim_notice(session: Session, chat_id: str, level_key: str) -> bool:
    """True for exactly one of several simultaneous turns in a chat that has not had the notice for
    this privacy level: that one sends it. Marked before sending, so a burst never repeats it."""
    return set_if_different(session, notice_key(chat_id), level_key)


def rename_chat(session: Session, old: str, new: str) -> None:
    """A group that became a supergroup keeps its notice state."""
    value = get(session, notice_key(old))
    if value is not None:
        put(session, notice_key(new), value)


# -- delivered transactions: "<ISO time>|<messages delivered>", so old ones can be pruned by value --
def delivered_parts(session: Session, txn_id: str) -> int:
    value = get(session, txn_key(txn_id))
    return int(value.rsplit("|", 1)[1]) if value else 0


def record_parts(session: Session, txn_id: str, parts: int, now: datetime) -> None:
    put(session, txn_key(txn_id), f"{now.isoformat()}|{parts}")


def prune_transactions(session: Session, before: datetime) -> int:
    result = session.exec(delete(KeyValue).where(KeyValue.key.startswith(f"{PREFIX}:txn:"),
                                                 KeyValue.value < before.isoformat()))
    return result.rowcount


# -- inline keyboards -----------------------------------------------------------------------------
def save_keyboard(session: Session, chat_id: str, thread_id: str, user_id: str, message_id: int, html_text: str,
                  labels: list[str]) -> None:
    put(session, keyboard_key(chat_id, thread_id, user_id),
        json.dumps({"message_id": message_id, "text": html_text, "labels": labels}))


def peek_keyboard(session: Session, chat_id: str, thread_id: str, user_id: str) -> dict | None:
    value = get(session, keyboard_key(chat_id, thread_id, user_id))
    return json.loads(value) if value else None


def take_keyboard(session: Session, chat_id: str, thread_id: str, user_id: str, message_id: int | None = None,
                  before: int | None = None) -> dict | None:
    """Close the member's open keyboard in this chat: the one on `message_id`, or one sent `before` a
    message id. Returns it when this call closed it, so a double press counts once."""
    key = keyboard_key(chat_id, thread_id, user_id)
    value = get(session, key)
    if value is None:
        return None
    record = json.loads(value)
    if message_id is not None and record["message_id"] != message_id:
        return None
    if before is not None and record["message_id"] >= before:
        return None
    return record if take(session, key) is not None else None

