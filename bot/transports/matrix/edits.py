"""Edits and redactions in Matrix, as Inbound messages.

An edit is an m.room.message whose `m.relates_to` has `rel_type` "m.replace": the new wording is in
`m.new_content` (the event's own body is a fallback starting with "* "), and the relation points at
the original message, also after several edits. A redaction (m.room.redaction) names the removed
event in `redacts`. Both become an Inbound with `replaces_event_id` / `redacts_event_id` set, under
their own event id (so each is handled once); the router gives them to the meeting corrections only,
never to a command or an open dialogue.
"""
from __future__ import annotations

from typing import NamedTuple

from bot.transports.matrix.render import text_from_event
from core.messages import Inbound

TRANSPORT = "matrix"
HTML = "org.matrix.custom.html"


def replaced_event_id(content: dict) -> str:
    """The original message an m.room.message content edits, or "" when it is no edit."""
    relates = content.get("m.relates_to") or {}
    if relates.get("rel_type") != "m.replace":
        return ""
    original = relates.get("event_id")
    return original if isinstance(original, str) else ""


def new_text(content: dict) -> str | None:
    """What the edited message says now (mention pills turned back into Matrix IDs), or None when
    the edit carries no new text (a malformed or non-text edit)."""
    new = content.get("m.new_content")
    if not isinstance(new, dict) or not isinstance(new.get("body"), str):
        return None
    formatted = new.get("formatted_body") if new.get("format") == HTML else None
    return text_from_event(new["body"], formatted if isinstance(formatted, str) else None)


def edit_inbound(room_id: str, event, *, display_name: str, is_direct: bool) -> Inbound | None:
    """An edit event (a decrypted RoomMessageText) as an Inbound, or None when it is no usable edit."""
    content = (getattr(event, "source", None) or {}).get("content") or {}
    original, text = replaced_event_id(content), new_text(content)
    if not original or text is None:
        return None
    return Inbound(transport=TRANSPORT, room_id=room_id, user_id=event.sender, text=text,
                   display_name=display_name, thread_id="", event_id=event.event_id, is_direct=is_direct,
                   encrypted=bool(getattr(event, "decrypted", False)), replaces_event_id=original)


def redaction_inbound(room_id: str, event, *, display_name: str, is_direct: bool, encrypted: bool) -> Inbound | None:
    """A redaction event (nio's RedactionEvent) as an Inbound, or None when it names no event. A
    redaction travels unencrypted even in an encrypted room; `encrypted` is the room's state."""
    redacts = getattr(event, "redacts", None)
    if not isinstance(redacts, str) or not redacts:
        return None
    return Inbound(transport=TRANSPORT, room_id=room_id, user_id=event.sender, text="",
                   display_name=display_name, thread_id="", event_id=event.event_id, is_direct=is_direct,
                   encrypted=encrypted, replaces_event_id="", redacts_event_id=redacts)


async def on_edit(transport, room_id: str, event) -> None:
    """Hand an edit to the router; the reply (if any) goes to the room's main timeline."""
    room = transport.client.rooms.get(room_id)
    inbound = edit_inbound(room_id, event, display_name=room.user_name(event.sender) if room else event.sender,
                           is_direct=await transport._is_direct(room_id))
    if inbound is not None:
        await transport._handle(inbound, _where(room_id, event.event_id))


async def on_redaction(transport, room_id: str, event) -> None:
    room = transport.client.rooms.get(room_id)
    inbound = redaction_inbound(room_id, event, display_name=room.user_name(event.sender) if room else event.sender,
                                is_direct=await transport._is_direct(room_id),
                                encrypted=bool(room and room.encrypted))
    if inbound is not None:
        await transport._handle(inbound, _where(room_id, event.event_id))


class Where(NamedTuple):
    """Where the reply to an edit or redaction goes (what MatrixTransport._handle reads): the room's
    main timeline, as a reply to the edit or redaction event."""
    room_id: str
    thread_root: str | None
    event_id: str


def _where(room_id: str, event_id: str) -> Where:
    return Where(room_id=room_id, thread_root=None, event_id=event_id)
