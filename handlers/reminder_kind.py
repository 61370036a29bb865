"""How a handler module declares a kind of reminder it owns (`REMINDERS = {kind: ReminderKind(...)}`)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from sqlmodel import Session

from core.messages import Reply
from state.models import Reminder, Team


@dataclass(frozen=True)
class ReminderKind:
    """How one kind of reminder is said: `render(session, reminder, team, now)` gives the Reply, or None
    when there is nothing to say any more (the row is then marked skipped). `after(session, reminder,
    team, now)` runs once the row went out or was skipped, to plan the next one of a periodic kind."""

    render: Callable[[Session, Reminder, Team, datetime], Reply | None]
    after: Callable[[Session, Reminder, Team, datetime], None] | None = None
