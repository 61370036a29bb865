"""Shared fixtures: a database on SQLite and on the real PostgreSQL, an app, and a chat driver.

PostgreSQL tests use ZORGBOT_TEST_POSTGRES_URL (default: the local server, database `test`), each
in a schema of its own that is dropped afterwards. When the server is not there they are skipped
and the run ends with a line saying so; with ZORGBOT_REQUIRE_POSTGRES=1 (as in .ci/run) they fail.
"""
from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone

import pytest
from sqlalchemy import create_engine, text

from bot.app import build
from bot.config import Settings
from core.clock import FixedClock
from core.messages import Inbound, Reply
from core.render import plain_text
from core.roles import CHAIR
from state.db import Database
from state.models import Room, Team
from state.teams import add_member

POSTGRES_URL = os.environ.get("ZORGBOT_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REQUIRE_POSTGRES = os.environ.get("ZORGBOT_REQUIRE_POSTGRES") == "1"
_postgres_skips: list[str] = []


def postgres_available() -> str | None:
    """None when the server answers, else the reason it does not."""
    try:
        engine = create_engine(POSTGRES_URL)
        with engine.connect() as connection:
            connection.execute(text("select 1"))
        engine.dispose()
        return None
    except Exception as exc:  # any connection problem means: not available here
        return f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}"


@pytest.fixture(scope="session")
def postgres_url_factory():
    reason = postgres_available()
    created: list[str] = []

    def make() -> str:
        if reason:
            if REQUIRE_POSTGRES:
                pytest.fail(f"PostgreSQL is required (ZORGBOT_REQUIRE_POSTGRES=1) but not reachable: {reason}")
            _postgres_skips.append(reason)
            pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL}: {reason}")
        schema = f"zbtest_{uuid.uuid4().hex[:12]}"
        admin = create_engine(POSTGRES_URL)
        with admin.begin() as connection:
            connection.execute(text(f'create schema "{schema}"'))
        admin.dispose()
        created.append(schema)
        separator = "&" if "?" in POSTGRES_URL else "?"
        return f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"

    yield make
    if created:
        admin = create_engine(POSTGRES_URL)
        for schema in created:   # one transaction each: dropping many at once exhausts the lock table
            with admin.begin() as connection:
                connection.execute(text(f'drop schema if exists "{schema}" cascade'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request, tmp_path, postgres_url_factory) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'zorgbot.db'}"
    return postgres_url_factory()


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'zorgbot.db'}"


@pytest.fixture
def clock() -> FixedClock:
    # A Wednesday morning in November, Amsterdam time (UTC+1).
    return FixedClock(datetime(2026, 11, 25, 8, 30, tzinfo=timezone.utc))


@dataclass
class ChatApp:
    """An app with a team in a console room, and a way to talk to it as any member."""

    services: object
    router: object
    team_id: int
    room_id: str = "room-1"
    transport: str = "console"
    sent: list = field(default_factory=list)

    def say(self, text: str, user: str = "chair", *, encrypted: bool = True, event_id: str = "",
            thread_id: str = "") -> list[Reply]:
        inbound = Inbound(transport=self.transport, room_id=self.room_id, user_id=user.casefold(),
                          display_name=user, text=text, encrypted=encrypted, event_id=event_id,
                          thread_id=thread_id)
        return self.router.turn(inbound).replies

    def text(self, text: str, user: str = "chair", **kwargs) -> str:
        return "\n\n".join(plain_text(reply) for reply in self.say(text, user, **kwargs))

    def add_member(self, name: str, *roles: str) -> None:
        with self.services.db.session() as session:
            team = session.get(Team, self.team_id)
            add_member(session, team, self.transport, name.casefold(), name, set(roles))


def make_chat_app(url: str, clock, *, lang: str = "nl", settings: Settings | None = None,
                  database: Database | None = None) -> ChatApp:
    settings = settings or Settings(database_url=url, language=lang)
    services, router = build(settings, clock=clock, database=database)
    with services.db.session() as session:
        team = Team(name="Zorgteam De Wilgen", language=lang)
        session.add(team)
        session.flush()
        session.add(Room(transport="console", external_id="room-1", team_id=team.id, encrypted=True))
        add_member(session, team, "console", "chair", "chair", {CHAIR})
        team_id = team.id
    return ChatApp(services=services, router=router, team_id=team_id)


@pytest.fixture
def app(sqlite_url, clock) -> ChatApp:
    chat = make_chat_app(sqlite_url, clock)
    yield chat
    chat.services.db.dispose()


@pytest.fixture
def app_en(tmp_path, clock) -> ChatApp:
    chat = make_chat_app(f"sqlite:///{tmp_path / 'zorgbot-en.db'}", clock, lang="en")
    yield chat
    chat.services.db.dispose()


def pytest_terminal_summary(terminalreporter):
    if _postgres_skips:
        terminalreporter.write_line(
            f"NOTE: {len(_postgres_skips)} PostgreSQL test(s) were skipped: the server at {POSTGRES_URL} "
            f"is not reachable ({_postgres_skips[0]}). Set ZORGBOT_TEST_POSTGRES_URL or start PostgreSQL.",
            yellow=True, bold=True)


class SentReplies:
    """A transport for handler tests that keeps every reply it is asked to send, in order."""

    name = "console"

    def __init__(self) -> None:
        self.sent = []

    async def send(self, room_id, reply, *, txn_id=None):
        self.sent.append(reply)
