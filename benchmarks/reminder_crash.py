"""A reminder burst with a worker killed half-way, against a fake Telegram Bot API.

Shared by the test (tests/reliability/test_reminder_crash.py) and the benchmark
(benchmarks/bench_reminder_crash.py). A worker is a separate OS process running the real scheduler
loop and the real Telegram transport on the real clock; the Bot API is tests/telegram/fake_bot_api.py,
which takes `delay` seconds per sendMessage. Each reminder's text carries its action's description
(`burst-<n>`), so counting what the fake Bot API received shows what was delivered, twice or never.

    python -m benchmarks.reminder_crash URL BASE_URL WORKER_ID   # one worker; stops on SIGTERM
"""
from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHAT_ID = "-100200300"
MARK = re.compile(r"burst-(\d+)\b")


def seed(url: str, reminders: int, due_in: timedelta = timedelta(0)) -> None:
    """A team with a Telegram group and `reminders` due-day reminders, all due `due_in` from now."""
    from state.db import Database
    from state.models import Action, Reminder, Room, Team
    from state.reminders import new_key
    from state.teams import add_member

    now = datetime.now(timezone.utc) + due_in
    db = Database(url)
    with db.session() as session:
        team = Team(name="Regio", settings={"telegram_privacy": "full"})
        session.add(team)
        session.flush()
        session.add(Room(transport="telegram", external_id=CHAT_ID, team_id=team.id, encrypted=False))
        owner = add_member(session, team, "console", "anna", "Anna", {"smw"})
        for number in range(1, reminders + 1):
            action = Action(team_id=team.id, number=number, owner_member_id=owner.id,
                            description=f"burst-{number}", due_at=now + timedelta(days=1))
            session.add(action)
            session.flush()
            session.add(Reminder(team_id=team.id, kind="due_day", action_id=action.id, member_id=owner.id,
                                 due_at=now - timedelta(milliseconds=number), idempotency_key=new_key()))
    db.dispose()


def due_moments(url: str) -> dict[int, datetime]:
    from sqlmodel import select

    from state.db import Database
    from state.erasure import aware
    from state.models import Action, Reminder
    db = Database(url, run_migrations=False)
    with db.session() as session:
        rows = session.exec(select(Action.number, Reminder.due_at).join(Reminder, Reminder.action_id == Action.id)
                            .where(Reminder.kind == "due_day")).all()
    db.dispose()
    return {number: aware(due) for number, due in rows}


def start_worker(url: str, base_url: str, worker_id: str, *, batch: int = 200, concurrency: int = 8) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZORGBOT_")}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.Popen([sys.executable, "-m", "benchmarks.reminder_crash", url, base_url, worker_id,
                             str(batch), str(concurrency)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def make_fake(delay: float):
    """The fake Bot API with `delay` seconds per sendMessage, noting when each message arrived."""
    import time

    from tests.telegram.fake_bot_api import FakeBotAPI

    class SlowBotAPI(FakeBotAPI):
        def __post_init__(self) -> None:
            super().__post_init__()
            self.arrivals: list[tuple[str, float]] = []

        async def _api_sendMessage(self, params: dict) -> dict:
            await asyncio.sleep(delay)
            self.arrivals.append((params["text"], time.time()))
            return await super()._api_sendMessage(params)

    return SlowBotAPI()


@dataclass
class BurstResult:
    reminders: int
    delivered: int
    duplicated: int
    lost: int
    notices: int
    takeover_seconds: float | None
    lateness_ms: list[float]


IN_FLIGHT_SECONDS = 5.0   # arrivals this soon after the kill were in flight from the dead worker (the lease is 20 s)


def count(fake, due: dict[int, datetime], killed_at: float | None) -> BurstResult:
    seen: Counter = Counter()
    first: dict[int, float] = {}
    takeover = None
    for text, moment in fake.arrivals:
        found = MARK.search(text)
        if not found:
            continue
        number = int(found.group(1))
        seen[number] += 1
        first.setdefault(number, moment)
        if killed_at is not None and moment > killed_at + IN_FLIGHT_SECONDS and takeover is None:
            takeover = moment - killed_at
    notices = sum(1 for text, _ in fake.arrivals if not MARK.search(text))
    lateness = [(first[n] - due[n].timestamp()) * 1000 for n in first]
    return BurstResult(reminders=len(due), delivered=len(seen), duplicated=sum(c - 1 for c in seen.values()),
                       lost=len(set(due) - set(seen)), notices=notices, takeover_seconds=takeover,
                       lateness_ms=lateness)


async def _work(url: str, base_url: str, worker_id: str, batch: int, concurrency: int) -> None:
    from bot.app import build
    from bot.config import Settings, TelegramSettings
    from bot.scheduler import ReminderScheduler
    from bot.transports.telegram import TelegramTransport
    from state.db import Database
    from tests.telegram.fake_bot_api import TOKEN

    settings = Settings(database_url=url, telegram=TelegramSettings(token=TOKEN, base_url=base_url))
    services, router = build(settings, database=Database(url, run_migrations=False))
    transport = TelegramTransport(services, router, settings.telegram)
    await transport.start()
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    scheduler = ReminderScheduler(services, {"telegram": transport}, worker_id, batch=batch,
                                  concurrency=concurrency, poll_seconds=0.2)
    await scheduler.run(stop)
    await transport.stop()
    services.db.dispose()


if __name__ == "__main__":
    url, base_url, worker_id, batch, concurrency = sys.argv[1:6]
    asyncio.run(_work(url, base_url, worker_id, int(batch), int(concurrency)))
