"""Time as a service, so tests and the console can move it (the console's /klok command)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone


class Clock:
    """The real time, optionally shifted by an offset."""

    def __init__(self, offset: timedelta = timedelta(0)) -> None:
        self.offset = offset

    def now(self) -> datetime:
        return datetime.now(timezone.utc) + self.offset

    def advance(self, delta: timedelta) -> None:
        self.offset += delta

    def set(self, moment: datetime) -> None:
        self.offset = moment - datetime.now(timezone.utc)


class FixedClock(Clock):
    """A clock that only moves when told to: for tests."""

    def __init__(self, moment: datetime) -> None:
        super().__init__()
        self.moment = moment

    def now(self) -> datetime:
        return self.moment

    def advance(self, delta: timedelta) -> None:
        self.moment += delta

    def set(self, moment: datetime) -> None:
        self.moment = moment
