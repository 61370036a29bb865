"""Three `zorgbot chat` processes write to one SQLite file at once: every message is answered and
saved, none is lost to "database is locked". And when the database really stays locked past the
retry window, the member hears "busy, try again" instead of silence or a traceback."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time

from state import db as state_db

LINES = 30
PROCESSES = 3


def script(process: int) -> str:
    return "".join(f"!actie ik werkpunt proces{process} regel{line} vrijdag\n!acties\n" for line in range(LINES))


def test_three_consoles_on_one_sqlite_file_answer_and_save_everything(tmp_path):
    env = dict(os.environ, ZORGBOT_CONSOLE_USER="Marleen", ZORGBOT_DATA_DIR=str(tmp_path / "data"))
    command = [sys.executable, "-m", "bot.cli", "chat", "--db", str(tmp_path / "z.db")]
    workers = [subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, env=env, cwd=tmp_path) for _ in range(PROCESSES)]
    outputs = [worker.communicate(script(number), timeout=300) for number, worker in enumerate(workers)]
    for worker, (out, err) in zip(workers, outputs):
        assert worker.returncode == 0, err[-2000:]
        assert "Traceback" not in err and "database is locked" not in err
        assert out.count("vastgelegd voor Marleen") == LINES, out[-2000:]
    with sqlite3.connect(tmp_path / "z.db") as connection:
        saved = {row[0] for row in connection.execute("select description from action")}
    expected = {f"werkpunt proces{p} regel{line}" for p in range(PROCESSES) for line in range(LINES)}
    assert saved == expected
    # One demo team although all three started together.
    with sqlite3.connect(tmp_path / "z.db") as connection:
        assert connection.execute("select count(*) from team").fetchone()[0] == 1


def console_on(db_file):
    import io

    from bot.app import build
    from bot.config import Settings
    from bot.transports.console import Console

    services, router = build(Settings(database_url=f"sqlite:///{db_file}", data_dir=str(db_file.parent / "data"),
                                      console_user="Marleen"))
    out = io.StringIO()
    console = Console(services, router, stdin=io.StringIO(), stdout=out)
    console.greet()
    return services, console, out


def lock_for(db_file, seconds: float) -> tuple[sqlite3.Connection, threading.Event]:
    """Another program takes the write lock and keeps it for `seconds`."""
    holder = sqlite3.connect(db_file, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    released = threading.Event()

    def release_later() -> None:
        time.sleep(seconds)
        holder.execute("ROLLBACK")
        released.set()

    threading.Thread(target=release_later, daemon=True).start()
    return holder, released


def test_a_lock_longer_than_busy_timeout_is_waited_out_by_retrying_the_turn(tmp_path):
    import asyncio
    db_file = tmp_path / "z.db"
    services, console, out = console_on(db_file)
    holder, released = lock_for(db_file, state_db.BUSY_TIMEOUT_MS / 1000 + 1.5)
    asyncio.run(console.process("!actie ik werkpunt tijdens slot vrijdag"))
    assert released.is_set()
    assert "vastgelegd" in out.getvalue() and "druk" not in out.getvalue()
    with sqlite3.connect(db_file) as connection:
        assert connection.execute("select description from action").fetchall() == [("werkpunt tijdens slot",)]
    holder.close()
    services.db.dispose()


def test_a_database_locked_past_the_retry_window_gives_busy_try_again(tmp_path, monkeypatch):
    import asyncio
    db_file = tmp_path / "z.db"
    services, console, out = console_on(db_file)
    monkeypatch.setattr(state_db, "TURN_RETRY_SECONDS", 1.0)
    # Another program holds the write lock for longer than busy_timeout plus the retry window.
    holder, released = lock_for(db_file, 8)
    asyncio.run(console.process("!actie ik werkpunt tijdens slot vrijdag"))
    text = out.getvalue()
    assert "Het is even erg druk" in text and "niet bewaard" in text
    assert "vastgelegd" not in text
    released.wait(15)
    with sqlite3.connect(db_file) as connection:
        assert connection.execute("select count(*) from action").fetchone()[0] == 0   # not half-saved
    asyncio.run(console.process("!actie ik werkpunt na slot vrijdag"))
    assert "vastgelegd" in out.getvalue()        # and the next message goes through
    holder.close()
    services.db.dispose()
