"""The Telegram transport's helpers, offline, on recorded updates and replies (fixtures/ beside this
file): rendering, callback data, the patient Bot API caller and the transport's small store. No
network; tests/telegram drives the whole transport against a fake Bot API."""
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from telegram import Update
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.delivery import DeliveryError
from bot.registry import build_commands
from bot.transports.telegram import store
from bot.transports.telegram.delivery import Delivery, RetryPolicy
from bot.transports.telegram.render import (
    MAX_TEXT, command_pattern, keyboard, menu, parse_callback, render, split_text,
)
from core.messages import Choice, Reply
from state.db import Database

FIXTURES = Path(__file__).parent / "fixtures"
UPDATES = json.loads((FIXTURES / "updates.json").read_text(encoding="utf-8"))
REPLIES = json.loads((FIXTURES / "replies.json").read_text(encoding="utf-8"))
COMMANDS = build_commands()
PATTERN = command_pattern(COMMANDS)


# -- rendering --------------------------------------------------------------------------------
@pytest.mark.parametrize("case", REPLIES["cases"], ids=[c["name"] for c in REPLIES["cases"]])
def test_reply_as_telegram_html(case):
    spec = case["reply"]
    reply = Reply(spec["text"], mentions=spec.get("mentions", []),
                  choices=[Choice(value, label) for value, label in spec.get("choices", [])])
    accounts = {key: tuple(value) for key, value in REPLIES["accounts"].items()}
    rendered = render(reply, pattern=PATTERN, names=accounts.get, number_choices=case.get("number_choices", False))
    assert rendered.parts == case["parts"]
    assert rendered.labels == case.get("labels", [])


def test_a_long_reply_is_cut_at_line_ends_and_nothing_is_lost():
    lines = [f"regel {n}: " + "x" * 90 for n in range(120)]
    pieces = split_text("\n".join(lines))
    assert len(pieces) > 1 and all(len(piece) <= MAX_TEXT for piece in pieces)
    assert "\n".join(pieces).split("\n") == lines


def test_a_line_longer_than_a_message_is_cut_into_pieces():
    pieces = split_text("y" * (MAX_TEXT * 2 + 10))
    assert [len(p) for p in pieces] == [MAX_TEXT, MAX_TEXT, 10]


def test_the_command_menu_is_in_the_members_language():
    dutch = {entry.command for entry in menu(COMMANDS, "nl")}
    english = {entry.command for entry in menu(COMMANDS, "en")}
    assert {"hulp", "acties"} <= dutch and {"help", "actions"} <= english
    assert "help" not in dutch and "hulp" not in english


# -- recorded updates: callback data -------------------------------------------------------------
def test_a_button_press_names_who_may_answer_and_the_choice():
    update = Update.de_json(UPDATES["callback_query"], None)
    assert parse_callback(update.callback_query.data) == ("7001", 2)


def test_a_button_from_another_bot_or_no_data_is_not_ours():
    update = Update.de_json(UPDATES["foreign_callback"], None)
    assert parse_callback(update.callback_query.data) is None
    assert parse_callback(None) is None and parse_callback("zb:7001:x") is None


def test_keyboard_buttons_carry_the_target_and_number_and_are_short():
    markup = keyboard(["Zorgteam", "Een heel lang antwoord " * 5], "7001")
    buttons = [row[0] for row in markup.inline_keyboard]
    assert [b.callback_data for b in buttons] == ["zb:7001:1", "zb:7001:2"]
    assert len(buttons[1].text) <= 64 and buttons[1].text.endswith("…")
    assert all(parse_callback(b.callback_data) for b in buttons)


def test_a_recorded_group_command_reads_as_the_command_it_is():
    update = Update.de_json(UPDATES["group_message"], None)
    assert update.message.text == "/acties team" and update.effective_chat.id == -100123


# -- delivery: flood control, network trouble, migrations ---------------------------------------
class Script:
    """A Bot API method that fails as recorded, then succeeds; counts its calls."""

    def __init__(self, *failures):
        self.failures = list(failures)
        self.calls = []

    async def __call__(self, **kwargs):
        self.calls.append(dict(kwargs))
        if self.failures:
            raise self.failures.pop(0)
        return "sent"


def delivery(**kwargs):
    pauses = []

    async def sleep(seconds):
        pauses.append(seconds)

    return Delivery(sleep=sleep, **kwargs), pauses


async def test_flood_control_waits_as_long_as_telegram_asks_then_sends_once():
    method = Script(RetryAfter(3))
    caller, pauses = delivery()
    assert await caller.call(method, chat_id=1, text="x") == "sent"
    assert pauses == [3.0] and len(method.calls) == 2


async def test_a_long_flood_wait_is_handed_back_without_sending():
    method = Script(RetryAfter(600))
    caller, pauses = delivery()
    with pytest.raises(DeliveryError) as raised:
        await caller.call(method, chat_id=1, text="x")
    assert raised.value.retry_after == 600.0 and pauses == [] and len(method.calls) == 1


async def test_network_trouble_is_retried_with_growing_pauses_then_given_up():
    method = Script(*[TimedOut()] * 5)
    caller, pauses = delivery(policy=RetryPolicy(attempts=4, first_pause=1.0, longest_pause=30.0))
    with pytest.raises(DeliveryError):
        await caller.call(method, chat_id=1, text="x")
    assert pauses == [1.0, 2.0, 4.0, 8.0] and len(method.calls) == 5


@pytest.mark.parametrize("error", [BadRequest("Chat not found"), Forbidden("bot was blocked by the user")])
async def test_a_refusal_is_not_retried(error):
    method = Script(error)
    caller, pauses = delivery()
    with pytest.raises(DeliveryError):
        await caller.call(method, chat_id=1, text="x")
    assert len(method.calls) == 1 and pauses == []


async def test_a_migrated_group_is_followed_to_its_new_chat_id():
    moved = []

    async def on_migrate(old, new):
        moved.append((old, new))

    method = Script(ChatMigrated(-100999))
    caller, _ = delivery(on_migrate=on_migrate)
    assert await caller.call(method, chat_id=-123, text="x") == "sent"
    assert moved == [("-123", "-100999")] and method.calls[-1]["chat_id"] == -100999


async def test_network_then_success_sends_exactly_once():
    method = Script(NetworkError("reset"))
    caller, pauses = delivery()
    assert await caller.call(method, chat_id=1, text="x") == "sent"
    assert len(method.calls) == 2 and pauses == [1.0]


# -- the store ---------------------------------------------------------------------------------
@pytest.fixture
def db(sqlite_url):
    database = Database(sqlite_url)
    yield database
    database.dispose()


def test_a_keyboard_is_closed_once_even_when_pressed_twice(db):
    with db.session() as session:
        store.save_keyboard(session, "-100123", "", "7001", 42, "Welk soort team?", ["Zorgteam", "ZAT"])
    with db.session() as session:
        assert store.peek_keyboard(session, "-100123", "", "7001")["labels"] == ["Zorgteam", "ZAT"]
        assert store.take_keyboard(session, "-100123", "", "7001", message_id=41) is None   # another message
        first = store.take_keyboard(session, "-100123", "", "7001", message_id=42)
        second = store.take_keyboard(session, "-100123", "", "7001", message_id=42)
    assert first == {"message_id": 42, "text": "Welk soort team?", "labels": ["Zorgteam", "ZAT"]}
    assert second is None


def test_an_older_keyboard_is_closed_by_a_newer_message_only(db):
    with db.session() as session:
        store.save_keyboard(session, "1", "", "7001", 50, "?", ["a"])
        assert store.take_keyboard(session, "1", "", "7001", before=50) is None
        assert store.take_keyboard(session, "1", "", "7001", before=51)["message_id"] == 50


def test_delivered_parts_survive_and_old_transactions_are_pruned(db):
    now = datetime(2026, 12, 1, 8, 0, tzinfo=timezone.utc)
    with db.session() as session:
        assert store.delivered_parts(session, "rem-1") == 0
        store.record_parts(session, "rem-1", 2, now - timedelta(days=3))
        store.record_parts(session, "rem-2", 1, now)
    with db.session() as session:
        assert store.delivered_parts(session, "rem-1") == 2
        assert store.prune_transactions(session, now - timedelta(days=1)) == 1
    with db.session() as session:
        assert store.delivered_parts(session, "rem-1") == 0 and store.delivered_parts(session, "rem-2") == 1


def test_a_migrated_chat_keeps_its_privacy_notice(db):
    with db.session() as session:
        store.put(session, store.notice_key("-123"), "codes")
        store.rename_chat(session, "-123", "-100999")
        assert store.get(session, store.notice_key("-100999")) == "codes"
        store.rename_chat(session, "-555", "-100555")   # nothing noted: nothing made up
        assert store.get(session, store.notice_key("-100555")) is None
