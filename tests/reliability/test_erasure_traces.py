"""Erasure is complete: after `!vergeet`, the raw SQLite database file, its WAL and the files directory
hold neither the case code nor the texts typed about the case, while the program still runs (as if it
were killed right then) and after it stops; the audit log keeps only that an erasure happened."""
from __future__ import annotations

import asyncio
import io
import json
from pathlib import Path

from sqlmodel import select

from bot.app import build
from core.clock import FixedClock
from bot.config import Settings
from bot.transports.console import Console
from state import keyvalue
from state.models import AuditEntry

CODE, ACTION, NOTE = "Z-4711", "Qxhuisbezoekplan", "Qxnotitiebijactie"
OTHER_CODE, OTHER_ACTION = "Z-5000", "Qxanderecasus"


def raw_bytes(db: Path) -> dict[str, bytes]:
    """The database file and its companions as they are on disk."""
    found = {}
    for suffix in ("", "-wal", "-shm", "-journal"):
        path = Path(f"{db}{suffix}")
        if path.exists():
            found[path.name] = path.read_bytes()
    return found


def traces(db: Path, files: Path, needles: tuple[str, ...]) -> list[str]:
    hits = [f"{name}: {needle}" for name, content in raw_bytes(db).items() for needle in needles
            if needle.encode() in content]
    for path in files.rglob("*") if files.exists() else ():
        if path.is_file():
            content = path.name.encode() + path.read_bytes()
            hits += [f"{path.name}: {needle}" for needle in needles if needle.encode() in content]
    return hits


def test_forget_leaves_no_trace_in_database_wal_or_files(tmp_path, clock: FixedClock):
    db, data = tmp_path / "z.db", tmp_path / "data"
    settings = Settings(database_url=f"sqlite:///{db}", data_dir=str(data), console_user="Marleen")
    services, router = build(settings, clock=clock)
    out = io.StringIO()
    console = Console(services, router, stdin=io.StringIO(), stdout=out)
    console.greet()
    data.mkdir()
    history = data / "console-history"      # what prompt_toolkit keeps of an interactive session
    history.write_text(f"\n# 2026-11-25 09:00\n+!actie ik {ACTION} {CODE} vrijdag\n"
                       f"\n# 2026-11-25 09:01\n+!acties {OTHER_CODE}\n")

    def type_(*lines: str) -> None:
        for line in lines:
            asyncio.run(console.process(line))

    type_(f"!actie ik {ACTION} {CODE} vrijdag", f"!notitie 1 {NOTE}", f"!export {CODE}", f"!export {CODE} json",
          f"!toestemming brief {CODE} schriftelijk", f"!actie ik {OTHER_ACTION} {OTHER_CODE} vrijdag",
          f"!export {OTHER_CODE}")
    with services.db.session() as session:     # details a member may still ask for with "meer"
        keyvalue.put(session, "questions:last:console:test", json.dumps({"more": [f"Schorsing {CODE}: vijf dagen"]}))
    files = data / "files"
    needles = (CODE, ACTION, NOTE)
    # Before: the texts are on disk (database or WAL) and the exports and the letter are saved.
    assert len([p for p in files.iterdir() if CODE in p.name]) == 3, out.getvalue()
    assert traces(db, files, needles)

    type_(f"!vergeet {CODE}", CODE)
    assert f"Alles over {CODE} is gewist" in out.getvalue().split("» ")[-1]

    # While the program runs (a kill -9 now leaves exactly these bytes): nothing of the case.
    assert traces(db, files, needles) == []
    wal = Path(f"{db}-wal")
    assert not wal.exists() or wal.stat().st_size == 0          # checkpointed and truncated
    # A history file left by an earlier version holds answers that do not name the case: it goes whole.
    assert not history.exists()
    # The other case is untouched: its row and its export are still there.
    assert any(OTHER_CODE in p.name for p in files.iterdir())
    assert any(OTHER_ACTION.encode() in content for content in raw_bytes(db).values())
    with services.db.session() as session:
        erased = session.exec(select(AuditEntry).where(AuditEntry.action == "case/erased")).all()
        assert len(erased) == 1 and CODE not in json.dumps(erased[0].details) + erased[0].subject
    services.db.dispose()
    assert traces(db, files, needles) == []                     # and after it stopped


def test_retention_purge_also_truncates_the_wal_and_removes_files(tmp_path, clock: FixedClock):
    from datetime import timedelta

    from bot.scheduler import ReminderScheduler
    db, data = tmp_path / "z.db", tmp_path / "data"
    settings = Settings(database_url=f"sqlite:///{db}", data_dir=str(data), console_user="Marleen")
    services, router = build(settings, clock=clock)
    console = Console(services, router, stdin=io.StringIO(), stdout=io.StringIO())
    console.greet()
    for line in (f"!actie ik {ACTION} {CODE} vrijdag", f"!export {CODE}", f"!casus sluit {CODE}",
                 "!casus bewaartermijn 1"):
        asyncio.run(console.process(line))
    files = data / "files"
    assert traces(db, files, (CODE, ACTION))
    clock.advance(timedelta(days=3))
    ReminderScheduler(services, {"console": console}).housekeeping(clock.now())
    assert traces(db, files, (CODE, ACTION)) == []
    services.db.dispose()
