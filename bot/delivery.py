"""What every network transport offers the rest of the program."""
from __future__ import annotations

from typing import Protocol

from core.messages import Reply


class DeliveryError(Exception):
    """A send that did not go through; `retry_after` (seconds) when the platform said when to retry."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


class Transport(Protocol):
    name: str          # "matrix", "telegram", "console": the value of Room.transport

    async def start(self) -> None:
        """Connect and begin handling incoming messages (returns once running)."""

    async def stop(self) -> None:
        """Stop handling; never logs out or destroys keys."""

    async def send(self, room_id: str, reply: Reply, *, txn_id: str | None = None) -> None:
        """Deliver a reply to a room, unprompted (reminders, agendas). `txn_id` makes a retry idempotent
        where the platform supports it. Raises DeliveryError when it could not be delivered."""
