"""Whose identity the bot trusts: each member's pinned master key, and changes held for a lead.

A member's master (cross-signing) key is pinned when the bot first sees it. When the homeserver later
reports another one (Element's "reset identity", or a server swapping keys), the change is held: the
member's devices get no room keys and no case data until a lead accepts the new key with
`!vertrouw` or the member verifies the bot by emoji. Both the transport and the handler read and
write this through one database session, so an acceptance takes effect at the next send.
"""
from __future__ import annotations

import json
import time

from sqlmodel import Session

from state import keyvalue as facts


def _prefix(bot_user: str) -> str:
    return f"matrix.{bot_user}."


def _pinned_key(bot_user: str) -> str:
    return _prefix(bot_user) + "pinned_masters"


def _held_key(bot_user: str, user_id: str) -> str:
    return _prefix(bot_user) + "identity_held." + user_id


def pinned_masters(session: Session, bot_user: str) -> dict[str, str]:
    return json.loads(facts.get(session, _pinned_key(bot_user)) or "{}")


def pin(session: Session, bot_user: str, user_id: str, master_key: str) -> None:
    pinned = pinned_masters(session, bot_user)
    pinned[user_id] = master_key
    facts.put(session, _pinned_key(bot_user), json.dumps(pinned, sort_keys=True))


def held(session: Session, bot_user: str, user_id: str) -> dict | None:
    """The held change for this member: {"old": key, "new": key, "since": epoch seconds}, or None."""
    value = facts.get(session, _held_key(bot_user, user_id))
    return json.loads(value) if value else None


def hold(session: Session, bot_user: str, user_id: str, old_key: str, new_key: str) -> bool:
    """Hold a change; True when it is news (not the same new key held already)."""
    current = held(session, bot_user, user_id)
    if current and current["new"] == new_key:
        return False
    facts.put(session, _held_key(bot_user, user_id),
              json.dumps({"old": old_key, "new": new_key, "since": int(time.time())}))
    return True


def accept(session: Session, bot_user: str, user_id: str) -> dict | None:
    """Pin the held key: the member's devices are trusted again. Returns the change, or None."""
    change = held(session, bot_user, user_id)
    if change is None:
        return None
    pin(session, bot_user, user_id, change["new"])
    facts.remove(session, _held_key(bot_user, user_id))
    return change


# -- interactive verification asked for in the chat (!verifieer) --------------------------------------
# The handler records the member's wish or answer here; the transport, which holds the verification
# in progress, picks it up right after the message is handled.

def _verify_key(bot_user: str, user_id: str) -> str:
    return _prefix(bot_user) + "verify." + user_id


def ask_verification(session: Session, bot_user: str, user_id: str, room_id: str, thread_root: str) -> None:
    facts.put(session, _verify_key(bot_user, user_id),
              json.dumps({"room_id": room_id, "thread_root": thread_root, "answer": None, "requested": False}))


def answer_verification(session: Session, bot_user: str, user_id: str, matches: bool) -> bool:
    """Record the member's "the emoji match" (or not); False when no verification was asked."""
    ask = verification_ask(session, bot_user, user_id)
    if ask is None:
        return False
    ask["answer"] = "match" if matches else "mismatch"
    facts.put(session, _verify_key(bot_user, user_id), json.dumps(ask))
    return True


def verification_ask(session: Session, bot_user: str, user_id: str) -> dict | None:
    value = facts.get(session, _verify_key(bot_user, user_id))
    return json.loads(value) if value else None


def verification_asks(session: Session, bot_user: str) -> dict[str, dict]:
    prefix = _prefix(bot_user) + "verify."
    return {key[len(prefix):]: json.loads(value) for key, value in facts.with_prefix(session, prefix).items()}


def update_verification(session: Session, bot_user: str, user_id: str, ask: dict | None) -> None:
    if ask is None:
        facts.remove(session, _verify_key(bot_user, user_id))
    else:
        facts.put(session, _verify_key(bot_user, user_id), json.dumps(ask))


# -- reminders and digests by direct chat -------------------------------------------------------------

def _direct_key(bot_user: str, user_id: str) -> str:
    return _prefix(bot_user) + "by_direct_chat." + user_id


def deliver_by_direct_chat(session: Session, bot_user: str, user_id: str, room_id: str | None) -> None:
    """Reminders and digests for this member go to this direct chat (None: back to the team room)."""
    if room_id is None:
        facts.remove(session, _direct_key(bot_user, user_id))
    else:
        facts.put(session, _direct_key(bot_user, user_id), room_id)


def direct_chat_for_delivery(session: Session, bot_user: str, user_id: str) -> str | None:
    return facts.get(session, _direct_key(bot_user, user_id))
