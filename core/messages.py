"""The two plain types everything above the transports speaks: Inbound and Reply."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional


@dataclass(frozen=True)
class Inbound:
    """One message from a person, whatever the platform."""

    transport: str            # console | matrix | telegram
    room_id: str
    user_id: str
    text: str
    display_name: str = ""
    thread_id: str = ""       # the thread the message belongs to ("" for the main timeline)
    event_id: str = ""
    is_direct: bool = False
    encrypted: bool = True    # the console is local; Matrix sets this from the event
    language_hint: str | None = None  # the platform's idea of the person's language (Telegram), if any
    # A change to an earlier message rather than a new one (Matrix edits and redactions): the id of the
    # message edited (`text` is then its new wording) or removed. Such an Inbound is never run as a
    # command nor taken as a dialogue's answer; see handlers/meeting_corrections.changed_message.
    replaces_event_id: str = ""
    redacts_event_id: str = ""


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass
class Reply:
    """What a handler wants said. Transports render it in their own idiom."""

    text: str
    mentions: list[str] = field(default_factory=list)    # platform user ids to mention
    choices: list[Choice] = field(default_factory=list)
    in_thread: bool = False     # continue under the command (Matrix threads)
    attachment: Optional[tuple[str, bytes, str]] = None  # (file name, content, mime type)
    room_id: Optional[str] = None   # send to another room than the one asked in (e.g. DM)
    # What the reply reveals, for rooms without end-to-end encryption (and Telegram's team setting):
    # "advice" (no case data), "codes" (case codes, actions, dates, agenda without details), "full".
    # None: the router fills it in from the command or dialogue (case_data -> "codes", else "advice");
    # a transport that still sees None must treat it as "codes".
    privacy: Optional[str] = None
    withheld_text: Optional[str] = None   # what to say instead where `privacy` may not travel
    # The full reasoning behind a short answer, kept by the router and shown when the member types
    # "meer" / "more" (or picks the "meer" choice); never sent with the reply itself.
    more: list[str] = field(default_factory=list)


def privacy_of(reply: Reply) -> str:
    return reply.privacy or "codes"
