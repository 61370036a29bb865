"""Exactly once across a crash: a worker is killed with SIGKILL in the middle of a reminder burst
to the (fake) Telegram Bot API; a second worker takes its claims over within 30 seconds; every
reminder arrives exactly once and the "not end-to-end encrypted" notice once for the chat.

The kill falls while the dead worker has sends in flight that the Bot API has not accepted (as when
a process dies before its request reaches Telegram), after the ones it accepted were answered.
The one moment no test can make safe on Telegram, between the Bot API's answer and the worker's
record of it, is measured by benchmarks/bench_reminder_crash.py and stated in the README.
"""
from __future__ import annotations

import asyncio
import os
import signal
import time

import pytest

from benchmarks.reminder_crash import count, due_moments, make_fake, seed, start_worker

REMINDERS = 200


@pytest.mark.parametrize("database", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def test_kill_9_during_a_burst_loses_and_repeats_nothing(database, tmp_path, postgres_url_factory):
    url = f"sqlite:///{tmp_path / 'z.db'}" if database == "sqlite" else postgres_url_factory()
    seed(url, REMINDERS)
    fake = make_fake(delay=0.02)
    gate = asyncio.Event()
    gate.set()
    accept_any = True
    original = fake._api_sendMessage

    async def gated(params):
        # While the gate is shut, requests wait; those of a worker that died meanwhile never arrive.
        await gate.wait()
        if not accept_any:
            raise LookupError("connection of a dead worker")
        return await original(params)

    fake._api_sendMessage = gated
    await fake.start()
    dying = survivor = None
    try:
        dying = start_worker(url, fake.base_url, "dying", batch=REMINDERS, concurrency=4)
        while len(fake.arrivals) < REMINDERS // 2:
            assert dying.poll() is None, dying.stderr.read().decode()[-2000:]
            await asyncio.sleep(0.01)
        gate.clear()                          # its next requests are in flight, not accepted
        await asyncio.sleep(0.5)              # the answered ones are recorded by now
        accepted = len(fake.arrivals)
        os.kill(dying.pid, signal.SIGKILL)
        killed_at = time.time()
        dying.wait()
        accept_any = False
        gate.set()
        await asyncio.sleep(0.1)
        accept_any = True
        survivor = start_worker(url, fake.base_url, "survivor", batch=50, concurrency=4)
        due = due_moments(url)
        deadline = time.time() + 60
        while len({n for n in map(_number, fake.arrivals) if n}) < REMINDERS and time.time() < deadline:
            await asyncio.sleep(0.1)
        await asyncio.sleep(1.0)              # anything sent twice would arrive by now
    finally:
        for worker in (dying, survivor):
            if worker is not None and worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
                worker.wait(timeout=30)
        await fake.stop()
    result = count(fake, due, killed_at)
    assert REMINDERS // 2 <= accepted < REMINDERS         # the kill fell in the middle of the burst
    assert result.lost == 0
    assert result.duplicated == 0
    assert result.notices == 1
    assert result.takeover_seconds is not None and result.takeover_seconds <= 30


def _number(arrival) -> int | None:
    from benchmarks.reminder_crash import MARK
    found = MARK.search(arrival[0])
    return int(found.group(1)) if found else None
