"""Engine, sessions and automatic migrations for SQLite (default) and any SQLAlchemy URL."""
from __future__ import annotations

import logging
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import event, text
from sqlalchemy.exc import DatabaseError
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, create_engine

import state.audit  # noqa: E402,F401  (the append-only guard applies to every session)

log = logging.getLogger(__name__)
MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def sqlite_url(path: str | Path) -> str:
    return f"sqlite:///{Path(path)}"


def _tune_sqlite(dbapi_connection, _record) -> None:
    # Python's sqlite3 driver starts and ends transactions by itself, which silently commits
    # at a SAVEPOINT; SQLAlchemy's documented remedy: switch that off and BEGIN ourselves.
    dbapi_connection.isolation_level = None
    # WAL lets the scheduler read while a turn writes; foreign keys are off by default in SQLite.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _tune_sqlite)
        # IMMEDIATE takes the write lock at the start, so two writers (a turn and the scheduler, or two
        # processes) queue for busy_timeout instead of failing halfway when one upgrades its lock.
        event.listen(engine, "begin", lambda connection: connection.exec_driver_sql("BEGIN IMMEDIATE"))
    else:
        engine = create_engine(url, pool_pre_ping=True)
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


class Database:
    """The one handle the program passes around: an engine plus a session factory."""

    def __init__(self, url: str, *, run_migrations: bool = True) -> None:
        self.url = url
        self.engine = make_engine(url)
        if run_migrations:
            migrate(self.engine)

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

    def dispose(self) -> None:
        self.engine.dispose()
