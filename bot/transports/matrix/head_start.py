"""A restart of `zorgbot serve` on Matrix: the first /sync request goes out before the rest of the bot
(SQLAlchemy, the tables, handlers, dialogues, catalogs) is loaded.

All the first request needs is the saved login (see account.restore_account) and the stored sync
token. The token is read here with the sqlite3 module from the bot's own SQLite database; for another
database, or when anything is unusual (no token yet, no saved login, a first start), there is no head
start and the transport starts as before. The answer is kept, not handled: the transport checks the
account as on every start (whoami, device, cross-signing) and then handles the batch through the
router like any other, so no event of it is lost or handled before the bot is ready.
"""
from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.transports.matrix.account import MatrixAccount, restore_account

if TYPE_CHECKING:
    from bot.config import Settings

FIRST_SYNC_TIMEOUT_MS = 0      # as the transport's first sync: answered at once, no long poll
_SQLITE_PREFIXES = ("sqlite:///", "sqlite+pysqlite:///")


@dataclass
class HeadStart:
    account: MatrixAccount     # restored, not yet checked against the homeserver
    since: str                 # the sync token the request started from
    response: Any              # nio's SyncResponse (or SyncError), received but not yet handled


def sync_token_key(user_id: str) -> str:
    """The key the transport stores its sync token under (MatrixTransport._key("next_batch"))."""
    return ".".join(["matrix", user_id, "next_batch"])


def sqlite_file(database_url: str) -> Path | None:
    """The file of a plain SQLite URL; None for anything else (another database, memory, options)."""
    prefix = next((p for p in _SQLITE_PREFIXES if database_url.startswith(p)), None)
    if prefix is None:
        return None
    name = database_url[len(prefix):]
    if not name or name == ":memory:" or name.startswith("file:") or any(c in name for c in "?%#"):
        return None
    return Path(name)


def stored_sync_token(database_url: str, user_id: str) -> str | None:
    """The sync token the last run stored, read without SQLAlchemy; None when there is none to read."""
    path = sqlite_file(database_url)
    if path is None or not path.is_file():
        return None
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)) as connection:
            row = connection.execute("SELECT value FROM keyvalue WHERE key = ?", (sync_token_key(user_id),)).fetchone()
    except sqlite3.Error:        # no such table yet, locked, not a database: the ordinary start handles it
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
