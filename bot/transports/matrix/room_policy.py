"""Per-room choices a lead makes about what the bot may send into a Matrix room."""
from __future__ import annotations

# Room.settings flag: reminders and digests may go into this room although it has no end-to-end
# encryption (set with !onversleuteld aan). Without it such a room is skipped.
UNENCRYPTED_REMINDERS = "unencrypted_reminders"


def unencrypted_reminders_allowed(room_settings: dict | None) -> bool:
    return bool((room_settings or {}).get(UNENCRYPTED_REMINDERS))
