"""Two real OS processes tick schedulers against one database: every reminder goes out exactly once.

This is how a region runs several bot workers on one PostgreSQL (claims with SKIP LOCKED); SQLite,
with its single writer, must hold the same promise. Each worker process records the transaction id
of every send it makes in its own file; together they must list every reminder once.

Run as a script (`python tests/bot/test_scheduler_processes.py URL WORKER OUT NOW START`) it is one
such worker.
"""
from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time as wall
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REMINDERS = 400
OVERTAKEN_EVERY = 4           # every 4th action also has a later, overtaking reminder due


class FileRecorder:
    """A transport that appends the transaction id of every send to a file."""

    name = "console"

    def __init__(self, path: str) -> None:
        self.file = open(path, "a", encoding="utf-8")

    async def send(self, room_id, reply, *, txn_id=None):
        await asyncio.sleep(0)            # let the other sends of the batch interleave, as real I/O would
        self.file.write(f"{txn_id}\n")
        self.file.flush()


async def work(url: str, worker_id: str, out: str, now: datetime, start_at: float) -> None:
    from bot.app import build
    from core.clock import FixedClock
    from bot.config import Settings
    from bot.scheduler import ReminderScheduler
    from state.db import Database
    from state.reminders import next_due_at

    services, _ = build(Settings(database_url=url), clock=FixedClock(now),
                        database=Database(url, run_migrations=False))
    scheduler = ReminderScheduler(services, {"console": FileRecorder(out)}, worker_id, batch=25)
    while wall.time() < start_at:        # both workers begin together
        await asyncio.sleep(0.01)
    idle = 0
    while idle < 3:
        stats = await scheduler.tick()
        with services.db.session() as session:
            upcoming = next_due_at(session)
        idle = idle + 1 if stats.claimed == 0 and (upcoming is None or upcoming > now) else 0
    services.db.dispose()


def seed(url: str, due: datetime) -> None:
    from state.db import Database
    from state.models import Action, Reminder, Room, Team
    from state.reminders import new_key
    from state.teams import add_member

    db = Database(url)
    with db.session() as session:
        team = Team(name="Regio")
        session.add(team)
        session.flush()
        session.add(Room(transport="console", external_id="room-1", team_id=team.id))
        owner = add_member(session, team, "console", "anna", "Anna", {"smw"})
        for number in range(1, REMINDERS + 1):
            action = Action(team_id=team.id, number=number, owner_member_id=owner.id, description="taak",
                            due_at=due + timedelta(days=1))
            session.add(action)
            session.flush()
            session.add(Reminder(team_id=team.id, kind="due_day", action_id=action.id, member_id=owner.id,
                                 due_at=due - timedelta(milliseconds=number * 100), idempotency_key=new_key()))
            if number % OVERTAKEN_EVERY == 0:
                # a later reminder of the same action fell due too (downtime): only it may go out
                session.add(Reminder(team_id=team.id, kind="overdue", action_id=action.id, member_id=owner.id,
                                     due_at=due - timedelta(milliseconds=50), idempotency_key=new_key()))
    db.dispose()


def test_two_worker_processes_send_every_reminder_exactly_once(database_url, tmp_path):
    from sqlmodel import select

    from state.db import Database
    from state.models import Reminder

    due = datetime(2026, 11, 27, 7, 30, tzinfo=timezone.utc)
    seed(database_url, due)
    start_at = wall.time() + 2.0
    outputs = [tmp_path / f"worker-{n}.txt" for n in (1, 2)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    workers = [subprocess.Popen([sys.executable, __file__, database_url, f"worker-{n}", str(out),
                                 (due + timedelta(seconds=1)).isoformat(), str(start_at)], cwd=ROOT, env=env)
               for n, out in zip((1, 2), outputs)]
    for worker in workers:
        assert worker.wait(timeout=180) == 0
    sent = [line for out in outputs if out.exists() for line in out.read_text().split()]
    db = Database(database_url, run_migrations=False)
    with db.session() as session:
        found = session.exec(select(Reminder).where(Reminder.action_id.is_not(None))).all()
        overtaken = {r.action_id for r in found if r.kind == "overdue"}
        current = {r.idempotency_key for r in found if r.kind == "overdue" or r.action_id not in overtaken}
        statuses = {(r.kind, r.action_id in overtaken, r.status) for r in found}
    db.dispose()
    assert len(overtaken) == REMINDERS // OVERTAKEN_EVERY
    assert len(sent) == REMINDERS                 # one per action, none twice ...
    assert set(sent) == current                   # ... none lost, and never an overtaken one
    assert statuses == {("due_day", False, "sent"), ("due_day", True, "skipped"), ("overdue", True, "sent")}


if __name__ == "__main__":
    url, worker_id, out, now, start_at = sys.argv[1:6]
    asyncio.run(work(url, worker_id, out, datetime.fromisoformat(now), float(start_at)))
