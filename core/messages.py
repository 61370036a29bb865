"""The two plain types everything above the transports speaks: Inbound and Reply."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Optional

# Terminal escape sequences (CSI "ESC [ ... m", OSC "ESC ] ... BEL", and any other ESC + one character),
# removed whole so no "[2J" debris is left; then every other control character: C0 but newline and
# tab, DEL, C1, and lone UTF-16 surrogates (never valid text, refused by PostgreSQL and by UTF-8 files).
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]?|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?|\x9b[0-?]*[ -/]*[@-~]?"
                      r"|\x9d[^\x07\x1b\x9c]*(?:\x07|\x9c)?")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_IDENTIFIER_CONTROLS = re.compile(r"[\x00\ud800-\udfff]")


def clean_text(text: str) -> str:
    """What a person typed, without the characters that are no text: escape sequences and control
    characters (a terminal, an export or another member's screen would obey them). Newline and tab stay;
    a carriage return becomes a newline."""
    if not text:
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS.sub("", _ESCAPES.sub("", text))


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

    def cleaned(self) -> "Inbound":
        """This message as the router takes it in (the one door, for every transport): its text and
        name by `clean_text`; identifiers keep their form, only NUL and lone surrogates go (neither may
        reach the database)."""
        texts = {"text": clean_text(self.text), "display_name": clean_text(self.display_name)}
        ids = {name: _IDENTIFIER_CONTROLS.sub("", getattr(self, name))
               for name in ("transport", "room_id", "user_id", "thread_id", "event_id",
                            "replaces_event_id", "redacts_event_id")}
        changed = {k: v for k, v in {**texts, **ids}.items() if v != getattr(self, k)}
        return replace(self, **changed) if changed else self


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
