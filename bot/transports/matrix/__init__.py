"""Matrix transport: client glue, end-to-end encryption helpers and cross-signing."""
from __future__ import annotations

import sys


def _import_peewee_without_postgres_probe() -> None:
    """matrix-nio keeps its encryption store in SQLite through peewee, and peewee probes at import for
    every PostgreSQL driver it knows. psycopg is installed for zorgbot's own PostgreSQL support, so the
    probe alone would load it (about 9 MiB and 0.1-0.2 s) into every Matrix bot, also one on SQLite.
    Hide it for that one import; SQLAlchemy still imports it when the database is PostgreSQL, and
    peewee's PostgreSQL classes (which need it) are never used by nio."""
    if "peewee" in sys.modules or "psycopg" in sys.modules:
        return
    sys.modules["psycopg"] = None          # makes `import psycopg` raise ImportError, which peewee expects
    try:
        import peewee  # noqa: F401
    finally:
        del sys.modules["psycopg"]


_import_peewee_without_postgres_probe()
