"""Reminder delivery: 10,000 reminders fall due within one minute; how late does each go out, and is
any sent twice or lost? On SQLite and PostgreSQL, with one and with two worker processes. Also the
cost of registering an action in one line (`!actie ...`: date parsing, numbering, reminder planning).

    python -m benchmarks.bench_reminders [--reminders 10000] [--window 60] [--send-ms 5]
                                         [--registrations 500] [--postgres URL]
                                         [--only sqlite|postgres] [--processes 1,2]

Each worker is a separate OS process running the real scheduler loop (bot.scheduler) on the real
clock, with a transport that takes `--send-ms` per message (concurrently, as a homeserver would) and
notes when it was handed each reminder. Lateness is that moment minus the reminder's due moment.
The reminders belong to 10,000 open actions of 20 teams, so each is rendered as in production.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time

from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import insert, select

from benchmarks.common import TABLE_HEADER, percentile, postgres_database, summary_row

# Quick mode for `make bench` (benchmarks/run.py): the same measurement on a smaller workload.
QUICK = ["--reminders", "1000", "--window", "10", "--registrations", "50", "--processes", "1"]

TEAMS = 20
ROOT = Path(__file__).resolve().parent.parent
HEADER = ("| database | processes | reminders | p50 late | p99 late | max late | duplicates | lost |\n"
          "|---|---:|---:|---:|---:|---:|---:|---:|")

# -- one worker process ------------------------------------------------------------------------------
class TimedTransport:
    """Takes `delay` seconds per send and notes (idempotency key, moment handed over)."""

    name = "console"

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.log: list[tuple[str, float]] = []

    async def send(self, room_id, reply, *, txn_id=None):
        self.log.append((txn_id, time.time()))
        if self.delay:
            await asyncio.sleep(self.delay)

async def worker(url: str, worker_id: str, out: str, stop_file: str, send_ms: float) -> None:
    from bot.app import build
    from bot.config import Settings
    from bot.scheduler import ReminderScheduler
    from state.db import Database

    services, _ = build(Settings(database_url=url), database=Database(url, run_migrations=False))
    transport = TimedTransport(send_ms / 1000)
    scheduler = ReminderScheduler(services, {"console": transport}, worker_id)
    stop = asyncio.Event()

    async def watch() -> None:
        while not os.path.exists(stop_file):
            await asyncio.sleep(0.2)
        stop.set()

    watcher = asyncio.create_task(watch())
    await scheduler.run(stop)
    watcher.cancel()
    with open(out, "w", encoding="utf-8") as fh:
        fh.writelines(f"{key} {moment:.6f}\n" for key, moment in transport.log)
    services.db.dispose()

# -- the run -----------------------------------------------------------------------------------------
def seed(url: str, count: int, first_due: datetime, window: float) -> dict[str, float]:
    """Teams, rooms, members, `count` open actions and one reminder each, due evenly over the window.
    Returns {idempotency key: due moment (epoch seconds)}."""
    from state.db import Database
    from state.models import Action, Member, Reminder, Room, Team
    from state.reminders import new_key

    db = Database(url)
    now = datetime.now(timezone.utc)
    with db.engine.begin() as connection:
        team_ids = [connection.execute(insert(Team).values(name=f"Team {n}", settings={}, created_at=now)
                                       .returning(Team.id)).scalar_one() for n in range(TEAMS)]
        connection.execute(insert(Room), [dict(transport="console", external_id=f"room-{t}", team_id=t,
                                               encrypted=True, is_direct=False, settings={}, created_at=now)
                                          for t in team_ids])
        member_ids = {t: connection.execute(insert(Member).values(
            team_id=t, transport="console", user_id=f"owner-{t}", display_name=f"Owner {t}", active=True,
            created_at=now).returning(Member.id)).scalar_one() for t in team_ids}
        actions = [dict(team_id=team_ids[n % TEAMS], number=n // TEAMS + 1, owner_member_id=member_ids[team_ids[n % TEAMS]],
                        description=f"action {n}", due_at=first_due + timedelta(days=2), status="open", notes=[],
                        created_at=now) for n in range(count)]
        action_ids = [row[0] for row in connection.execute(insert(Action).returning(Action.id), actions)]
        keys: dict[str, float] = {}
        reminders = []
        for n, action_id in enumerate(action_ids):
            due = first_due + timedelta(seconds=window * n / count)
            key = new_key()
            keys[key] = due.timestamp()
            reminders.append(dict(team_id=actions[n]["team_id"], kind="due_day", action_id=action_id,
                                  member_id=actions[n]["owner_member_id"], due_at=due, status="pending",
                                  attempts=0, idempotency_key=key, late=False, payload={}))
        for start in range(0, len(reminders), 2000):
            connection.execute(insert(Reminder), reminders[start:start + 2000])
    db.dispose()
    return keys

def run(url: str, label: str, count: int, window: float, processes: int, send_ms: float) -> str:
    from state.db import Database
    from state.models import Reminder

    first_due = datetime.now(timezone.utc) + timedelta(seconds=10)   # time for the workers to start
    keys = seed(url, count, first_due, window)
    with tempfile.TemporaryDirectory() as tmp:
        stop_file = str(Path(tmp) / "stop")
        outs = [str(Path(tmp) / f"worker-{n}.txt") for n in range(processes)]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        workers = [subprocess.Popen([sys.executable, "-m", "benchmarks.bench_reminders", "--worker", url,
                                     f"bench-{n}", out, stop_file, str(send_ms)], cwd=ROOT, env=env)
                   for n, out in enumerate(outs)]
        db = Database(url, run_migrations=False)
        deadline = time.time() + 10 + window + 120
        while time.time() < deadline:
            time.sleep(1)
            with db.engine.connect() as connection:
                left = connection.execute(select(Reminder.id).where(
                    Reminder.kind == "due_day", Reminder.status != "sent").limit(1)).first()
            if left is None:
                break
        time.sleep(2)                    # a send still in flight would show up as a duplicate
        Path(stop_file).touch()
        for process in workers:
            process.wait(timeout=60)
        db.dispose()
        sends = [line.split() for out in outs if os.path.exists(out) for line in open(out, encoding="utf-8")]
    first: dict[str, float] = {}
    for key, moment in sends:
        if key in keys:
            first[key] = min(first.get(key, float("inf")), float(moment))
    counted = [key for key, _ in sends if key in keys]
    duplicates = len(counted) - len(set(counted))
    lost = len(keys) - len(first)
    late_ms = [max(0.0, (first[key] - keys[key]) * 1000) for key in first]
    return (f"| {label} | {processes} | {count:,} | {percentile(late_ms, 0.5):.0f} ms | "
            f"{percentile(late_ms, 0.99):.0f} ms | {max(late_ms):.0f} ms | {duplicates} | {lost} |")

def registrations(url: str, label: str, count: int) -> str:
    """`!actie @anna ... Z-n vrijdag` through the router, one transaction each, as a member types it."""
    from bot.app import build
    from core.clock import FixedClock
    from bot.config import Settings
    from core.messages import Inbound
    from state.models import Room, Team
    from state.teams import add_member

    clock = FixedClock(datetime(2026, 11, 25, 8, 30, tzinfo=timezone.utc))
    services, router = build(Settings(database_url=url), clock=clock)
    with services.db.session() as session:
        team = Team(name="Benchmark")
        session.add(team)
        session.flush()
        session.add(Room(transport="console", external_id="bench", team_id=team.id, encrypted=True))
        add_member(session, team, "console", "chair", "chair", {"voorzitter"})
        add_member(session, team, "console", "anna", "Anna", {"smw"})
    samples = []
    started = time.perf_counter()
    for n in range(count):
        inbound = Inbound(transport="console", room_id="bench", user_id="chair",
                          text=f"!actie @anna huisbezoek plannen Z-{n % 50 + 1} vrijdag")
        before = time.perf_counter()
        router.turn(inbound)
        samples.append((time.perf_counter() - before) * 1000)
    total = time.perf_counter() - started
    services.db.dispose()
    return summary_row(label, samples, total)

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reminders", type=int, default=10_000)
    parser.add_argument("--window", type=float, default=60.0, help="seconds over which the reminders fall due")
    parser.add_argument("--send-ms", type=float, default=5.0, help="time a send takes at the transport")
    parser.add_argument("--processes", default="1,2")
    parser.add_argument("--registrations", type=int, default=500)
    parser.add_argument("--only", choices=("sqlite", "postgres"))
    parser.add_argument("--postgres", default=os.environ.get(
        "ZORGBOT_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--worker", nargs=5, metavar=("URL", "ID", "OUT", "STOP", "SEND_MS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        url, worker_id, out, stop_file, send_ms = args.worker
        asyncio.run(worker(url, worker_id, out, stop_file, float(send_ms)))
        return
    counts = [int(n) for n in args.processes.split(",")]
    if args.registrations:
        print(TABLE_HEADER, flush=True)
        if args.only != "postgres":
            with tempfile.TemporaryDirectory() as tmp:
                print(registrations(f"sqlite:///{Path(tmp) / 'reg.db'}", "!actie one line, SQLite",
                                    args.registrations), flush=True)
        if args.only != "sqlite":
            with postgres_database(args.postgres) as url:
                if url:
                    print(registrations(url, "!actie one line, PostgreSQL", args.registrations), flush=True)
        print(flush=True)
    print(HEADER, flush=True)
    if args.only != "postgres":
        for processes in counts:
            with tempfile.TemporaryDirectory() as tmp:
                print(run(f"sqlite:///{Path(tmp) / 'bench.db'}", "SQLite", args.reminders, args.window, processes,
                          args.send_ms), flush=True)
    if args.only == "sqlite":
        return
    for processes in counts:
        with postgres_database(args.postgres) as url:
            if url is None:
                return
            print(run(url, "PostgreSQL", args.reminders, args.window, processes, args.send_ms), flush=True)

if __name__ == "__main__":
    main()
