"""The reminder burst with a worker killed half-way: delivered, duplicated, lost, lateness p99.

    python -m benchmarks.bench_reminder_crash [--reminders 500] [--send-ms 20] [--runs 3]
                                               [--postgres URL] [--only sqlite|postgres]

Two worker processes (bot.scheduler with the Telegram transport, real clock) serve one database; the
fake Bot API (tests/telegram/fake_bot_api.py) takes `--send-ms` per message. The first worker claims
the whole burst; when half of it has arrived, it gets SIGKILL at that very moment, sends in flight
and all: unlike the test, nothing is held back, so a message Telegram accepted but the worker had not
yet recorded is sent again by the survivor. That is the remaining Telegram risk (no idempotency key).
The burst falls due `--lead` seconds after seeding, once both workers are up, so lateness (arrival
at the Bot API minus the due moment) measures the burst and the takeover, not start-up; takeover is
the time from the kill to the survivor's first send.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import signal
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from benchmarks.common import DEFAULT_POSTGRES, percentile, postgres_database
from benchmarks.reminder_crash import count, due_moments, make_fake, seed, start_worker

# `make bench`: one small SQLite run (the takeover alone takes about 20 s).
QUICK = ["--reminders", "100", "--runs", "1", "--lead", "10", "--only", "sqlite"]

HEADER = ("| database | reminders | delivered | duplicated | lost | notices | takeover | p50 late | p99 late |\n"
          "|---|---:|---:|---:|---:|---:|---:|---:|---:|")


async def one_run(url: str, reminders: int, send_ms: float, lead: float) -> str:
    seed(url, reminders, timedelta(seconds=lead))
    fake = make_fake(send_ms / 1000)
    await fake.start()
    workers = []
    try:
        dying = start_worker(url, fake.base_url, "dying", batch=reminders, concurrency=8)
        workers.append(dying)
        while not fake.arrivals:              # the burst has begun: the first worker claimed all of it
            await asyncio.sleep(0.001)
        workers.append(start_worker(url, fake.base_url, "survivor", batch=200, concurrency=8))
        while len(fake.arrivals) < reminders // 2:
            await asyncio.sleep(0.001)
        os.kill(dying.pid, signal.SIGKILL)
        killed_at = time.time()
        due = due_moments(url)
        deadline = time.time() + 120
        while time.time() < deadline and count(fake, due, killed_at).delivered < reminders:
            await asyncio.sleep(0.2)
        await asyncio.sleep(1.0)
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
                worker.wait(timeout=30)
        await fake.stop()
    result = count(fake, due, killed_at)
    takeover = f"{result.takeover_seconds:.1f} s" if result.takeover_seconds is not None else "-"
    late = result.lateness_ms
    return (f"{result.reminders} | {result.delivered} | {result.duplicated} | {result.lost} | {result.notices} | "
            f"{takeover} | {percentile(late, 0.5) / 1000:.1f} s | {percentile(late, 0.99) / 1000:.1f} s |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reminders", type=int, default=500)
    parser.add_argument("--send-ms", type=float, default=20)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--lead", type=float, default=30, help="seconds from seeding to the burst")
    parser.add_argument("--postgres", default=os.environ.get("ZORGBOT_TEST_POSTGRES_URL", DEFAULT_POSTGRES))
    parser.add_argument("--only", choices=("sqlite", "postgres"))
    args = parser.parse_args()
    print(HEADER)
    for run in range(args.runs):
        if args.only != "postgres":
            with tempfile.TemporaryDirectory() as folder:
                url = f"sqlite:///{Path(folder) / 'bench.db'}"
                print("| SQLite | " + asyncio.run(one_run(url, args.reminders, args.send_ms, args.lead)), flush=True)
        if args.only != "sqlite":
            with postgres_database(args.postgres) as url:
                if url:
                    print("| PostgreSQL | " + asyncio.run(one_run(url, args.reminders, args.send_ms, args.lead)), flush=True)


if __name__ == "__main__":
    main()
