"""Engine, sessions and automatic migrations for SQLite (default) and any SQLAlchemy URL.

Four guarantees live here because every write passes through this module:
- no content in logs: statement parameters are hidden from SQLAlchemy's own logging;
- owner-only files: a SQLite database is created 0600 before SQLite opens it, and its -wal and
  -shm follow that mode (state/private_files.py);
- busy is not fatal: `Database.retry_busy` runs a whole unit of work again, with backoff, when SQLite
  says "database is locked" (or PostgreSQL reports a serialization failure or deadlock), and raises
  `DatabaseBusy` only after a real timeout, so the caller can say "busy, try again";
- erasure leaves no copy behind: when a transaction that erased a case commits, the SQLite WAL is
  checkpointed and truncated (freed pages are zeroed by secure_delete) and the erasure listeners run
  (the case's files).
"""
from __future__ import annotations

import logging
import os
import random
import re
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, TypeVar

from sqlalchemy import event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, DBAPIError, NoSuchModuleError, OperationalError
from sqlmodel import Session, create_engine

import state.audit  # noqa: E402,F401  (the append-only guard applies to every session)
from state.private_files import create_private_database_file, tighten_database_files

log = logging.getLogger(__name__)
MIGRATIONS_DIR = Path(__file__).parent / "migrations"
BUSY_TIMEOUT_MS = 5000          # SQLite waits this long for a lock within one statement
TURN_RETRY_SECONDS = 20.0       # then the whole unit of work is retried, with backoff, up to this long
ERASED_KEY = "zorgbot_erased_cases"   # session.info key: (team id, code) of cases erased in this transaction
T = TypeVar("T")


class DatabaseBusy(Exception):
    """The database stayed locked by other writers for longer than TURN_RETRY_SECONDS."""


class DatabaseSetupError(Exception):
    """The database cannot be opened; the message names what to fix, in one line."""


def sqlite_url(path: str | Path) -> str:
    return f"sqlite:///{Path(path)}"


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL; None for other databases and in-memory ones."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    if parsed.database.startswith("file:"):
        return None
    return Path(parsed.database)


def _tune_sqlite(dbapi_connection, _record) -> None:
    # Python's sqlite3 driver starts and ends transactions by itself, which silently commits
    # at a SAVEPOINT; SQLAlchemy's documented remedy: switch that off and BEGIN ourselves.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # First the busy timeout: switching to WAL takes a lock too, and without it a second process
    # starting while the first writes would fail at once with "database is locked".
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    # WAL lets the scheduler read while a turn writes; foreign keys are off by default in SQLite.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Deleted rows are overwritten with zeros, so an erased case does not linger in free pages.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseSetupError("database_url is not a valid URL (expected e.g. sqlite:///zorgbot.db or "
                                 "postgresql+psycopg://user@host/db)") from None
    # hide_parameters: statement values (action texts, notes, codes) never reach SQLAlchemy's logs.
    try:
        if parsed.get_backend_name() == "sqlite":
            if parsed.database in (None, "", ":memory:") or parsed.query.get("mode") == "memory":
                # Each connection would get a database of its own: every turn would find no tables.
                raise DatabaseSetupError("database_url points at an in-memory SQLite database, which keeps "
                                         "nothing; give a file, e.g. sqlite:///zorgbot.db")
            path = sqlite_path(url)
            if path is not None:
                _check_sqlite_path(path)
                try:
                    create_private_database_file(path)
                except OSError as problem:
                    raise DatabaseSetupError(f"database path {path} cannot be created ({problem.strerror}); "
                                             "choose another path or fix its permissions") from None
            engine = create_engine(url, connect_args={"check_same_thread": False}, hide_parameters=True)
            event.listen(engine, "connect", _tune_sqlite)
            # IMMEDIATE takes the write lock at the start, so two writers (a turn and the scheduler, or
            # two processes) queue for busy_timeout instead of failing halfway when one upgrades its lock.
            event.listen(engine, "begin", lambda connection: connection.exec_driver_sql("BEGIN IMMEDIATE"))
        else:
            engine = create_engine(url, pool_pre_ping=True, hide_parameters=True)
    except NoSuchModuleError:
        raise DatabaseSetupError(f"database_url: unknown database driver {parsed.drivername!r} "
                                 "(use sqlite:/// or postgresql+psycopg://)") from None
    except ModuleNotFoundError as missing:
        raise DatabaseSetupError(f"database_url: the driver for {parsed.drivername!r} is not installed "
                                 f"({missing.name})") from None
    return engine


_REVISION = re.compile(r"^(down_revision|revision)\s*=\s*['\"]?([^'\"\s]+)['\"]?", re.MULTILINE)


def head_revision() -> str | None:
    """The newest migration, read from the files themselves (the one no other migration follows)."""
    revisions, followed = set(), set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        fields = dict((name, value) for name, value in _REVISION.findall(path.read_text()))
        if "revision" in fields:
            revisions.add(fields["revision"])
            if fields.get("down_revision") not in (None, "None"):
                followed.add(fields["down_revision"])
    heads = revisions - followed
    return heads.pop() if len(heads) == 1 else None


def current_revision(engine: Engine) -> str | None:
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DatabaseError:
        return None      # a new database: no version table yet


def _check_sqlite_path(path: Path) -> None:
    if path.is_dir():
        raise DatabaseSetupError(f"database path {path} is a directory; give a file name such as {path / 'zorgbot.db'}")
    if not path.parent.is_dir():
        raise DatabaseSetupError(f"database path {path}: the directory {path.parent} does not exist")
    if not os.access(path.parent, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.R_OK | os.W_OK)):
        raise DatabaseSetupError(f"database path {path} is not writable by this user; "
                                 "choose another path or fix its permissions")


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision; runs at every start. Alembic (about 12 MiB and 0.15 s
    to import) is only loaded when a migration is due."""
    head = head_revision()
    if head is not None and current_revision(engine) == head:
        return
    from alembic import command
    from alembic.config import Config as AlembicConfig
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")


def is_busy(error: BaseException) -> bool:
    """A lock held by another writer: worth running the unit of work again."""
    if not isinstance(error, DBAPIError):
        return False
    if isinstance(error, OperationalError) and error.orig is not None:
        text = str(error.orig).lower()
        if "database is locked" in text or "database table is locked" in text or "database is busy" in text:
            return True
    return getattr(error.orig, "sqlstate", None) in ("40001", "40P01")   # serialization failure, deadlock


def _describe_connect_failure(url: str, error: BaseException) -> str:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"database {parsed.database} cannot be opened ({type(error.__cause__ or error).__name__}); " \
               "check that it is a SQLite file this user may write"
    where = f"{parsed.host or 'localhost'}:{parsed.port or 'default port'}"
    first = str(getattr(error, "orig", error)).strip().splitlines()[0][:160] if str(error).strip() else ""
    return f"database server at {where} is not reachable or refused the login ({first}); " \
           "check that it runs and that database_url is right"


def _describe_damaged(url: str, error: DatabaseError) -> str:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        # Never "repaired" or overwritten here: the file may be the only copy of a team's records.
        return f"database {parsed.database} is not a SQLite database or is damaged; zorgbot left it as it is. " \
               "Restore it from a backup, or move it aside to start with an empty one"
    first = str(getattr(error, "orig", error)).strip().splitlines()[0][:160] if str(error).strip() else ""
    return f"database at {parsed.host or 'localhost'} gave an error zorgbot cannot work with ({first})"


class Database:
    """The one handle the program passes around: an engine plus a session factory."""

    def __init__(self, url: str, *, run_migrations: bool = True) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.path = sqlite_path(url)
        # Called with (team id, case code) after a transaction that erased that case has committed.
        self.erasure_listeners: list[Callable[[int, str], None]] = []
        if run_migrations:
            try:
                self.retry_busy(lambda: migrate(self.engine))
            except DatabaseBusy:
                raise DatabaseSetupError(f"database {self.path or url} stayed locked by another program") from None
            except OperationalError as problem:
                self.engine.dispose()
                raise DatabaseSetupError(_describe_connect_failure(url, problem)) from None
            except DatabaseError as problem:      # not a database at all, or a damaged one
                self.engine.dispose()
                raise DatabaseSetupError(_describe_damaged(url, problem)) from None
        if self.path is not None:
            tighten_database_files(self.path)
            self.truncate_wal(attempts=1)   # a crash after an erasure may have left old pages in the WAL

    @property
    def is_postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends, rolled back on any error."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise
            erased = session.info.pop(ERASED_KEY, None)
        if erased:
            self.after_erasure(erased)

    def retry_busy(self, work: Callable[[], T], *, within: float | None = None) -> T:
        """Run `work` (a whole unit of work that opens its own session); when the database is busy,
        run it again after a growing, jittered pause, for at most `within` seconds, then raise
        DatabaseBusy. `work` must be safe to repeat: its transaction was rolled back."""
        deadline = time.monotonic() + (TURN_RETRY_SECONDS if within is None else within)
        pause = 0.02
        attempt = 0
        while True:
            attempt += 1
            try:
                return work()
            except DBAPIError as problem:
                if not is_busy(problem):
                    raise
                if time.monotonic() + pause > deadline:
                    log.warning("database busy; giving up", extra={"attempts": attempt})
                    raise DatabaseBusy() from None
                log.info("database busy; retrying", extra={"attempt": attempt})
                time.sleep(pause * (0.5 + random.random()))
                pause = min(pause * 2, 1.0)

    # -- erasure -------------------------------------------------------------------------------
    def after_erasure(self, erased: list[tuple[int, str]]) -> None:
        self.truncate_wal()
        for team_id, code in erased:
            for listener in self.erasure_listeners:
                listener(team_id, code)

    def truncate_wal(self, attempts: int = 5) -> bool:
        """Copy the WAL into the database and cut it to zero bytes, so old pages (an erased case's
        rows) do not stay in it. Other connections reading at that moment can hold it up: retried.
        True when the WAL is empty afterwards. Nothing to do for other databases."""
        if self.path is None:
            return True
        for attempt in range(attempts):
            raw = self.engine.raw_connection()
            try:
                busy, _frames, _copied = raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            finally:
                raw.close()
            if not busy:
                return True
            time.sleep(0.05 * (attempt + 1))
        log.warning("WAL checkpoint kept waiting for readers; it will be retried at the next erasure or start")
        return False

    def dispose(self) -> None:
        self.engine.dispose()
