"""A restart's short way to its first sync: what it reads, and when it does not take it."""
from __future__ import annotations

import json
import sqlite3
import stat
from types import SimpleNamespace

from bot.config import MatrixSettings
from bot.transports.matrix import account
from bot.transports.matrix.head_start import sqlite_file, stored_sync_token
from bot.transports.matrix.transport import MatrixTransport
from state import keyvalue
from state.db import Database

BOT = "@zorgbot:example.org"


def test_only_a_plain_sqlite_file_is_read_directly():
    assert str(sqlite_file("sqlite:///data/zorgbot.db")) == "data/zorgbot.db"
    assert str(sqlite_file("sqlite:////srv/zorgbot.db")) == "/srv/zorgbot.db"
    for url in ("postgresql+psycopg://u@h/db", "sqlite://", "sqlite:///:memory:", "sqlite:///x.db?mode=ro",
                "sqlite:///file:x.db", "mysql:///x"):
        assert sqlite_file(url) is None, url


def test_the_token_the_transport_stored_is_read_without_sqlalchemy(tmp_path):
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    db = Database(url)
    key = MatrixTransport._key(SimpleNamespace(settings=SimpleNamespace(user_id=BOT)), "next_batch")
    with db.session() as session:
        keyvalue.put(session, key, "s72594_4483_1934")
    db.dispose()
    assert stored_sync_token(url, BOT) == "s72594_4483_1934"
    assert stored_sync_token(url, "@other:example.org") is None


def test_no_token_no_short_way(tmp_path):
    assert stored_sync_token(f"sqlite:///{tmp_path / 'missing.db'}", BOT) is None
    assert not (tmp_path / "missing.db").exists()                      # nothing created by looking
    sqlite3.connect(tmp_path / "empty.db").close()
    assert stored_sync_token(f"sqlite:///{tmp_path / 'empty.db'}", BOT) is None      # no tables yet
    (tmp_path / "junk.db").write_bytes(b"not a database at all, not even close" * 10)
    assert stored_sync_token(f"sqlite:///{tmp_path / 'junk.db'}", BOT) is None


def test_a_configured_token_is_remembered_by_its_hash_only_owner_only(tmp_path):
    settings = MatrixSettings(homeserver="https://hs", user_id=BOT, access_token="syt_secret_token_value")
    account._remember_token_device(tmp_path, BOT, "DEVICEID", settings.access_token)
    record = tmp_path / "token-device.json"
    assert stat.S_IMODE(record.stat().st_mode) == 0o600
    assert "syt_secret_token_value" not in record.read_text()
    assert json.loads(record.read_text())["device_id"] == "DEVICEID"
    assert account._saved_login(settings, tmp_path) == (BOT, "DEVICEID", "syt_secret_token_value")
    other = settings.model_copy(update={"access_token": "syt_another_token"})
    assert account._saved_login(other, tmp_path) is None               # a new token: ask whoami first


def test_saved_password_login_is_resumed_only_for_the_configured_device(tmp_path):
    (tmp_path / "credentials.json").write_text(json.dumps({"user_id": BOT, "device_id": "ZORGBOT",
                                                             "access_token": "syt_saved"}))
    settings = MatrixSettings(homeserver="https://hs", user_id=BOT, password="pw", device_id="ZORGBOT")
    assert account._saved_login(settings, tmp_path) == (BOT, "ZORGBOT", "syt_saved")
    assert account._saved_login(settings.model_copy(update={"device_id": "NEWDEVICE"}), tmp_path) is None
