"""An in-process turn (router, dialogue step, database write) with 1,000 open conversations and
100,000 actions in the database, on SQLite and, when reachable, PostgreSQL.

    python -m benchmarks.bench_turns [--turns 3000] [--postgres URL]
"""
from __future__ import annotations

import argparse
import os
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import insert, text

from benchmarks.common import DEFAULT_POSTGRES, TABLE_HEADER, postgres_database, summary_row
from bot.app import build, settle_after_start
from bot.config import Settings
from core.clock import FixedClock
from core.messages import Inbound
from state.models import Action, Conversation, Member, MemberRole, Room, Team

# Quick mode for `make bench` (benchmarks/run.py): the same measurement on a smaller workload.
QUICK = ["--turns", "300"]

OPEN_CONVERSATIONS = 1_000
ACTIONS = 100_000


def populate(services) -> list[str]:
    """A team with 1,000 members who each have the team set-up dialogue open, and 100,000 actions."""
    engine = services.db.engine
    now = datetime(2026, 11, 25, 8, 0, tzinfo=timezone.utc)
    with services.db.session() as session:
        team = Team(name="Benchmark team")
        session.add(team)
        session.flush()
        session.add(Room(transport="console", external_id="bench", team_id=team.id, encrypted=True))
        team_id = team.id
    users = [f"member{i}" for i in range(OPEN_CONVERSATIONS)]
    with engine.begin() as connection:
        connection.execute(insert(Member), [dict(team_id=team_id, transport="console", user_id=u, display_name=u,
                                                 active=True, created_at=now) for u in users])
        ids = [row[0] for row in connection.execute(text("select id from member order by id"))]
        connection.execute(insert(MemberRole), [dict(member_id=i, role="voorzitter") for i in ids])
        connection.execute(insert(Conversation), [dict(
            transport="console", room_id="bench", user_id=u, thread_id="", dialogue="team_setup", state="goal",
            answers={"name": "x", "kind": "zorgteam", "school_type": "PO"}, team_id=team_id,
            started_at=now, updated_at=now) for u in users])
        for start in range(0, ACTIONS, 10_000):
            connection.execute(insert(Action), [dict(
                team_id=team_id, number=n + 1, owner_member_id=ids[n % len(ids)], description=f"action {n}",
                due_at=now + timedelta(days=n % 90), status="open", notes=[], created_at=now)
                for n in range(start, min(start + 10_000, ACTIONS))])
    return users


def run(url: str, label: str, turns: int) -> str:
    clock = FixedClock(datetime(2026, 11, 25, 8, 5, tzinfo=timezone.utc))
    services, router = build(Settings(database_url=url), clock=clock)
    users = populate(services)
    settle_after_start()          # as `zorgbot chat` and `zorgbot serve` do once they are up
    samples = []
    started = time.perf_counter()
    for turn in range(turns):
        user = users[turn % len(users)]
        # "goal" is optional free text: one answer moves the member to the next step and is saved.
        # After "members" the step repeats; "klaar" moves on. Cycling keeps every turn a real write.
        inbound = Inbound(transport="console", room_id="bench", user_id=user, text=f"doel {turn}")
        before = time.perf_counter()
        router.turn(inbound)
        samples.append((time.perf_counter() - before) * 1000)
        if turn % len(users) == len(users) - 1:   # put everyone back on the "goal" step
            with services.db.engine.begin() as connection:
                connection.execute(text("update conversation set state='goal'"))
    total = time.perf_counter() - started
    services.db.dispose()
    return summary_row(label, samples, total)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--turns", type=int, default=3000)
    parser.add_argument("--postgres", default=os.environ.get("ZORGBOT_TEST_POSTGRES_URL", DEFAULT_POSTGRES))
    args = parser.parse_args()
    print(TABLE_HEADER)
    with tempfile.TemporaryDirectory() as tmp:
        print(run(f"sqlite:///{Path(tmp) / 'bench.db'}", "turn, SQLite", args.turns), flush=True)
    with postgres_database(args.postgres) as url:
        if url:
            print(run(url, "turn, PostgreSQL", args.turns))


if __name__ == "__main__":
    main()
