"""A restart of `zorgbot serve` on Matrix: the first /sync request goes out before the rest of the bot
(SQLAlchemy, the tables, handlers, dialogues, catalogs) is loaded.

All the first request needs is the saved login (see account.restore_account) and the stored sync
token. The token is read here without SQLAlchemy: from an SQLite file with the sqlite3 module, from
PostgreSQL with psycopg (one plain connection, one SELECT; SQLAlchemy loads psycopg afterwards anyway).
When anything is unusual (no token yet, no saved login, a first start, a database URL not understood
here, a database that cannot be reached or has no tables yet) there is no head start and the transport
starts as before. The answer is kept, not handled: the transport checks the account as on every start
(whoami, device, cross-signing) and then handles the batch through the router like any other, so no
event of it is lost or handled before the bot is ready.
"""
from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, unquote

from bot.transports.matrix.account import MatrixAccount, restore_account

if TYPE_CHECKING:
    from bot.config import Settings

FIRST_SYNC_TIMEOUT_MS = 0      # as the transport's first sync: answered at once, no long poll
READ_TIMEOUT_SECONDS = 5       # connecting to, or waiting on, the database for the token
_SQLITE_PREFIXES = ("sqlite:///", "sqlite+pysqlite:///")

# A PostgreSQL URL split as SQLAlchemy splits it (sqlalchemy.engine.url): user:password@host:port/db?query.
# Forms that SQLAlchemy reads differently or not at all (an unescaped @ in the password or the host,
# a %-escaped host, an empty or odd port) do not match, and get no head start.
_POSTGRES_URL = re.compile(r"""
    postgresql\+psycopg://
    (?: (?P<user>[^:/@]*) (?: :(?P<password>[^@]*) )? @ )?
    (?: \[(?P<ipv6host>[^\]/?@]+)\] | (?P<host>[^/:?@%\[\]]*) )
    (?: :(?P<port>[0-9]+) )?
    (?: /(?P<dbname>[^?]*) )?
    (?: \?(?P<query>.*) )?
    """, re.VERBOSE | re.DOTALL)
_CONNINFO_KEYWORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass
class HeadStart:
    account: MatrixAccount     # restored, not yet checked against the homeserver
    since: str                 # the sync token the request started from
    response: Any              # nio's SyncResponse (or SyncError), received but not yet handled


def sync_token_key(user_id: str) -> str:
    """The key the transport stores its sync token under (MatrixTransport._key("next_batch"))."""
    return ".".join(["matrix", user_id, "next_batch"])


# -- which database --------------------------------------------------------------------------------
def sqlite_file(database_url: str) -> Path | None:
    """The file of a plain SQLite URL; None for anything else (another database, memory, options)."""
    prefix = next((p for p in _SQLITE_PREFIXES if database_url.startswith(p)), None)
    if prefix is None:
        return None
    name = database_url[len(prefix):]
    if not name or name == ":memory:" or name.startswith("file:") or any(c in name for c in "?%#"):
        return None
    return Path(name)


def postgres_connect_options(database_url: str) -> dict[str, str] | None:
    """The connection parameters SQLAlchemy's psycopg dialect would give psycopg for this URL (user,
    password, host, port, dbname, then the query's parameters over them: a unix socket directory as
    ?host=/run/postgresql, options=-csearch_path=..., sslmode=...); None for anything else, and for the
    forms SQLAlchemy rewrites (several hosts, host:port in the query) or where the reading is unsure."""
    match = _POSTGRES_URL.fullmatch(database_url)
    if match is None:
        return None
    parts = match.groupdict()
    options = {"user": unquote(parts["user"] or ""), "password": unquote(parts["password"] or ""),
               "host": parts["ipv6host"] or parts["host"], "port": parts["port"] or "",
               "dbname": unquote(parts["dbname"] or "")}
    options = {name: value for name, value in options.items() if value}     # empty means: not given
    query = parse_qsl(parts["query"] or "")
    names = [name for name, _ in query]
    if len(set(names)) != len(names) or not all(_CONNINFO_KEYWORD.fullmatch(name) for name in names):
        return None                                  # a repeated parameter is SQLAlchemy's multi-host form
    query_options = dict(query)
    if "," in query_options.get("host", "") + query_options.get("port", "") or ":" in query_options.get("host", ""):
        return None                                  # several hosts, or host:port, which SQLAlchemy splits
    return {**options, **query_options}


def conninfo(options: dict[str, str]) -> str:
    """A libpq connection string (keyword='value' ...) holding exactly these parameters."""
    def quoted(value: str) -> str:
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    return " ".join(f"{name}={quoted(str(value))}" for name, value in options.items())


def postgres_conninfo(database_url: str) -> str | None:
    """The psycopg connection string of a postgresql+psycopg:// URL; None when it is not one (see above)."""
    options = postgres_connect_options(database_url)
    return None if options is None else conninfo(options)


# -- the stored token ------------------------------------------------------------------------------
def stored_sync_token(database_url: str, user_id: str) -> str | None:
    """The sync token the last run stored (table keyvalue, see state/keyvalue.py), read without
    SQLAlchemy; None when there is none to read."""
    key = sync_token_key(user_id)
    path = sqlite_file(database_url)
    if path is not None:
        return _sqlite_token(path, key)
    options = postgres_connect_options(database_url)
    if options is not None:
        return _postgres_token(options, key)
    return None


def _sqlite_token(path: Path, key: str) -> str | None:
    if not path.is_file():
        return None
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                                     timeout=READ_TIMEOUT_SECONDS)) as connection:
            row = connection.execute("SELECT value FROM keyvalue WHERE key = ?", (key,)).fetchone()
    except sqlite3.Error:        # no such table yet, locked, not a database: the ordinary start handles it
        return None
    return row[0] if row and row[0] else None


def _postgres_token(options: dict[str, str], key: str) -> str | None:
    try:
        import psycopg
    except ImportError:
        return None
    try:
        with psycopg.connect(conninfo({"connect_timeout": str(READ_TIMEOUT_SECONDS), **options}),
                             autocommit=True) as connection:
            # a migration holding the table must not keep the start waiting: give up, start as before
            connection.execute(f"SET statement_timeout = {READ_TIMEOUT_SECONDS * 1000}")
            row = connection.execute("SELECT value FROM keyvalue WHERE key = %s", (key,)).fetchone()
    except (psycopg.Error, OSError, ValueError):   # not reachable, refused, no such table: the ordinary start
        return None
    return row[0] if row and row[0] else None


async def begin(settings: Settings) -> HeadStart | None:
    """Restore the login and send the first /sync; None when this start cannot take that short cut."""
    since = stored_sync_token(settings.database_url, settings.matrix.user_id)
    if since is None:
        return None
    account = await restore_account(settings.matrix, settings.data_dir)
    if account is None:
        return None
    try:
        response = await account.client.sync(timeout=FIRST_SYNC_TIMEOUT_MS, since=since, full_state=False)
    except BaseException:
        await account.client.close()
        raise
    return HeadStart(account=account, since=since, response=response)
