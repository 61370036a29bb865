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


def _import_pycryptodome_without_cffi() -> None:
    """nio encrypts attachments with pycryptodome, which prefers cffi when it is installed (it is, for
    other packages) and then parses C declarations with pycparser at import: about 1.4 MiB and 40 ms
    more than its own ctypes binding, which does the same work. Hide cffi for that one import."""
    if "Crypto.Util._raw_api" in sys.modules or "cffi" in sys.modules:
        return
    sys.modules["cffi"] = None             # pycryptodome catches the ImportError and uses ctypes
    try:
        import Crypto.Util._raw_api  # noqa: F401
    finally:
        del sys.modules["cffi"]


_import_peewee_without_postgres_probe()
_import_pycryptodome_without_cffi()
