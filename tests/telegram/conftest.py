"""A team in the console plus zorgbot's Telegram transport, talking to the local fake Bot API."""
from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass, field

import pytest

from bot.config import Settings, TelegramSettings
from bot.transports.telegram import TelegramTransport
from tests.conftest import ChatApp, make_chat_app
from tests.telegram.fake_bot_api import TOKEN, BotMessage, Chat, FakeBotAPI, Person

ANNA = Person(1001, "Anna")              # the chair's Telegram account
KARIM = Person(1002, "Karim")
STRANGER = Person(1666, "Mallory", "en")
ADMIN = Person(1900, "Beheer")
GROUP = Chat(-100500, "supergroup", "Zorgteam De Wilgen")
CODE = re.compile(r"\b[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}\b")


def private(person: Person) -> Chat:
    return Chat(person.id, "private")


@dataclass
class Telegram:
    """The people's side: type in Telegram, tap buttons, and read what the bot sent."""

    fake: FakeBotAPI
    chat: ChatApp                    # the team, with its chair in the console
    transport: TelegramTransport
    slept: list[float] = field(default_factory=list)

    async def says(self, chat: Chat, person: Person, text: str, **kwargs) -> dict:
        update = self.fake.user_says(chat, person, text, **kwargs)
        await self.fake.drained()
        return update

    async def answers(self, chat: Chat, person: Person, text: str, **kwargs) -> dict:
        """Type an answer as a reply to the bot's last message here, as a group member does when
        Telegram opens the reply for them (ForceReply) or they swipe to reply: in privacy mode only
        that reaches the bot."""
        return await self.says(chat, person, text, reply_to=self.fake.last(chat), **kwargs)

    async def press(self, message: BotMessage, person: Person, label: str) -> dict:
        update = self.fake.press(message, person, label)
        await self.fake.drained()
        return update

    def code_for(self, who: str = "") -> str:
        """A link code, created by the chair in the console (`!koppel telegram [who]`)."""
        text = self.chat.text(f"!koppel telegram {who}".strip())
        found = CODE.search(text)
        assert found, text
        return found.group(0)

    async def link(self, person: Person, who: str = "") -> None:
        await self.says(private(person), person, f"/koppel {self.code_for(who)}")

    async def bind(self, group: Chat = GROUP, person: Person = ANNA) -> None:
        await self.says(group, person, "/koppel groep")

    def set_privacy(self, level: str) -> None:
        self.chat.text(f"!koppel privacy {level}")


def telegram_settings(fake: FakeBotAPI, **overrides) -> TelegramSettings:
    return TelegramSettings(token=TOKEN, base_url=fake.base_url, admins=[str(ADMIN.id)], **overrides)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture
async def fake():
    """The local Bot API. A test fails when PTB could not parse one of its answers, or when the
    transport dropped an update with "update not handled" (errors must reach the member instead)."""
    api = FakeBotAPI()
    await api.start()
    transport_log = logging.getLogger("bot.transports.telegram")
    collected = _Collect()
    transport_log.addHandler(collected)
    yield api
    transport_log.removeHandler(collected)
    await api.stop()
    assert api.parse_errors == []
    assert collected.messages.count("update not handled") == api.expected_unhandled


async def recording_sleep(slept: list[float], seconds: float) -> None:
    slept.append(seconds)
    await asyncio.sleep(0)


@pytest.fixture
def telegram_db(request, tmp_path, postgres_url_factory) -> str:
    """SQLite, or PostgreSQL for the tests marked BOTH_DATABASES (the flows whose database work
    differs most: conditional updates, deletes that must count once, JSON rows)."""
    if getattr(request, "param", "sqlite") == "postgres":
        return postgres_url_factory()
    return f"sqlite:///{tmp_path / 'zorgbot.db'}"


BOTH_DATABASES = pytest.mark.parametrize(
    "telegram_db", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True)


@pytest.fixture
async def telegram(fake, telegram_db, clock):
    """Transport started in polling mode: each `says`/`press` returns once the bot has handled it."""
    settings = Settings(database_url=telegram_db, language="nl", telegram=telegram_settings(fake))
    chat = make_chat_app(telegram_db, clock, settings=settings)
    slept: list[float] = []
    transport = TelegramTransport(chat.services, chat.router, settings.telegram, poll_timeout=1,
                                  sleep=lambda seconds: recording_sleep(slept, seconds))
    await transport.start()
    yield Telegram(fake=fake, chat=chat, transport=transport, slept=slept)
    await transport.stop()
    chat.services.db.dispose()


@pytest.fixture
async def linked(telegram):
    """Anna (the chair) linked in Telegram and the group bound to the team."""
    await telegram.link(ANNA)
    await telegram.bind()
    return telegram
