"""A restart on PostgreSQL takes the same short way to its first sync as on SQLite: the sync token is
read with psycopg, from the database SQLAlchemy would connect to, and whenever anything is in doubt
there is no short way and the bot starts as before."""
from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest
from psycopg.conninfo import conninfo_to_dict
from sqlalchemy.dialects.postgresql.psycopg import PGDialect_psycopg
from sqlalchemy.engine import make_url

from bot.config import MatrixSettings, Settings
from bot.transports.matrix.head_start import begin, postgres_connect_options, postgres_conninfo, \
    stored_sync_token, sync_token_key
from state import keyvalue
from state.db import Database
from tests.conftest import POSTGRES_URL

BOT = "@zorgbot:example.org"
NOBODY_LISTENS = "postgresql+psycopg://postgres@127.0.0.1:1/test"

URLS = [
    "postgresql+psycopg://postgres@127.0.0.1:5432/test",
    "postgresql+psycopg://zorg:p%40ss%20w%27o%5Crd@db.school.nl:6432/zorg%20bot",   # escaped @, space, ', \
    "postgresql+psycopg://zorg:pa:ss/w?rd@db/zorgbot",                              # unescaped : / ? in the password
    "postgresql+psycopg://zorg@/zorgbot?host=/var/run/postgresql",                  # unix socket
    "postgresql+psycopg:///zorgbot?host=/tmp&port=5433",
    "postgresql+psycopg://postgres@127.0.0.1:5432/test?options=-csearch_path%3Dzbtest_abc",
    "postgresql+psycopg://zorg@[::1]:5432/zorgbot",
    "postgresql+psycopg://zorg@db/zorgbot?sslmode=require&application_name=zorg+bot",
    "postgresql+psycopg://zorg@db/zorgbot?host=elsewhere",                          # the query wins, as in SQLAlchemy
    "postgresql+psycopg://zorg:@db/zorgbot?connect_timeout=",                       # empty means: not given
    "postgresql+psycopg://",
]


@pytest.mark.parametrize("url", URLS)
def test_the_token_is_read_from_where_sqlalchemy_connects(url):
    _, expected = PGDialect_psycopg().create_connect_args(make_url(url))
    expected = {name: str(value) for name, value in expected.items() if name != "context"}
    assert postgres_connect_options(url) == expected
    assert conninfo_to_dict(postgres_conninfo(url)) == expected        # quoted so psycopg reads it back


def test_password_port_and_socket_directory_are_kept():
    assert postgres_connect_options("postgresql+psycopg://zorg:p%40ss%20w%27o%5Crd@db.school.nl:6432/zorgbot") == {
        "user": "zorg", "password": "p@ss w'o\\rd", "host": "db.school.nl", "port": "6432", "dbname": "zorgbot"}
    assert postgres_connect_options("postgresql+psycopg://zorg@/zorgbot?host=/var/run/postgresql") == {
        "user": "zorg", "host": "/var/run/postgresql", "dbname": "zorgbot"}
    assert postgres_conninfo("postgresql+psycopg://zorg:it's@db/zorgbot") == \
        "user='zorg' password='it\\'s' host='db' dbname='zorgbot'"


@pytest.mark.parametrize("url", [
    "postgresql://zorg@db/zorgbot",                        # another driver than psycopg
    "postgresql+asyncpg://zorg@db/zorgbot",
    "mysql+pymysql://zorg@db/zorgbot",
    "sqlite:///zorgbot.db",
    "postgresql+psycopg://zorg@db/zorgbot?host=a&host=b",  # several hosts: SQLAlchemy rewrites these
    "postgresql+psycopg://zorg@db/zorgbot?host=a,b",
    "postgresql+psycopg://zorg@db/zorgbot?host=a:5433",
    "postgresql+psycopg://zorg@db/zorgbot?port=5432,5433",
    "postgresql+psycopg://zorg:p@ss@db/zorgbot",           # an unescaped @: SQLAlchemy takes "ss@db" as the host
    "postgresql+psycopg://zorg@db:/zorgbot",                # no port after the colon
    "postgresql+psycopg://zorg@db:54x/zorgbot",
    "postgresql+psycopg://zorg@%2Ftmp/zorgbot",             # SQLAlchemy does not unescape a host
    "postgresql+psycopg://zorg@db/zorgbot?bad%20key=1",
    "",
])
def test_a_url_not_understood_here_gets_no_short_way(url):
    assert postgres_conninfo(url) is None
    assert stored_sync_token(url, BOT) is None


def test_a_server_that_does_not_answer_gets_no_short_way():
    started = time.monotonic()
    assert stored_sync_token(NOBODY_LISTENS, BOT) is None
    assert time.monotonic() - started < 5


def _settings(database_url: str, tmp_path) -> Settings:
    return Settings(database_url=database_url, data_dir=str(tmp_path / "bot-data"),
                    matrix=MatrixSettings(homeserver="http://127.0.0.1:1", user_id=BOT, password="pw",
                                          device_id="ZORGBOT"))


@pytest.fixture
def postgres_url(postgres_url_factory) -> str:
    return postgres_url_factory()


@pytest.mark.postgres
def test_the_token_the_transport_stored_in_postgres_is_read(postgres_url):
    db = Database(postgres_url)
    with db.session() as session:
        keyvalue.put(session, sync_token_key(BOT), "s72594_4483_1934")
    db.dispose()
    assert stored_sync_token(postgres_url, BOT) == "s72594_4483_1934"
    assert stored_sync_token(postgres_url, "@other:example.org") is None      # no token of its own yet


@pytest.mark.postgres
def test_no_tables_or_no_database_gets_no_short_way(postgres_url):
    assert stored_sync_token(postgres_url, BOT) is None                        # a fresh schema: no keyvalue table
    missing = make_url(POSTGRES_URL).set(database="zorgbot_no_such_database").render_as_string(hide_password=False)
    assert stored_sync_token(missing, BOT) is None


@pytest.mark.postgres
async def test_a_token_without_a_saved_login_sends_nothing(postgres_url, tmp_path):
    db = Database(postgres_url)
    with db.session() as session:
        keyvalue.put(session, sync_token_key(BOT), "s1_2_3")
    db.dispose()
    # nothing listens at the homeserver's address: a request would fail instead of giving None
    assert await begin(_settings(postgres_url, tmp_path)) is None


async def test_an_unreachable_database_sends_nothing(tmp_path):
    assert await begin(_settings(NOBODY_LISTENS, tmp_path)) is None


@pytest.mark.postgres
def test_the_token_is_read_without_loading_sqlalchemy(postgres_url):
    db = Database(postgres_url)
    with db.session() as session:
        keyvalue.put(session, sync_token_key(BOT), "s9_9_9")
    db.dispose()
    probe = ("import json, sys\nfrom bot.transports.matrix.head_start import stored_sync_token\n"
             f"token = stored_sync_token({postgres_url!r}, {BOT!r})\n"
             "print(json.dumps([token, 'sqlalchemy' in sys.modules]))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout) == ["s9_9_9", False]
