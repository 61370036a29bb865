"""Which thread opens each database session: the transports must leave every piece of database
work to the router's one worker (threads named "zorgbot-turn..."), never do it on the event loop."""
from __future__ import annotations

import threading
from contextlib import contextmanager

ROUTER_WORKER = "zorgbot-turn"


def record_session_threads(monkeypatch, db) -> list[str]:
    """From now on, note the name of the thread that opens each session of `db`."""
    threads: list[str] = []
    opened = db.session

    @contextmanager
    def session():
        threads.append(threading.current_thread().name)
        with opened() as unit_of_work:
            yield unit_of_work

    monkeypatch.setattr(db, "session", session)
    return threads


def off_the_worker(threads: list[str]) -> list[str]:
    return [name for name in threads if not name.startswith(ROUTER_WORKER)]
