"""Flood control, network trouble, redelivered updates, restarts, webhooks and the command menu."""
import socket
from datetime import datetime, timezone

import aiohttp
import pytest
from sqlmodel import select

from bot.delivery import DeliveryError
from bot.scheduler import ReminderScheduler
from bot.transports.telegram import TelegramTransport
from bot.transports.telegram.transport import SECRET_HEADER
from core.messages import Reply
from state.models import Action, KeyValue, Room
from tests.telegram.conftest import ANNA, BOTH_DATABASES, GROUP, KARIM, private, telegram_settings
from tests.telegram.fake_bot_api import BOT_USER


async def test_flood_control_is_waited_out(linked):
    linked.fake.fail("sendMessage", "flood", times=2, retry_after=3)
    await linked.says(private(ANNA), ANNA, "/hulp")
    assert linked.slept == [3.0, 3.0]
    assert sum("Dit kan ik voor je doen" in text for text in linked.fake.texts(private(ANNA))) == 1


async def test_network_failures_are_retried_with_growing_pauses(linked):
    linked.fake.fail("sendMessage", "bad_gateway", times=2)
    await linked.says(private(ANNA), ANNA, "/hulp")
    assert linked.slept == [1.0, 2.0]
    assert sum("Dit kan ik voor je doen" in text for text in linked.fake.texts(private(ANNA))) == 1


@BOTH_DATABASES
async def test_what_cannot_be_delivered_now_is_delivered_later_once(linked):
    reminder = Reply("Herinnering: actie #1 moet vandaag af.")
    linked.fake.fail("sendMessage", "bad_gateway", times=5)
    with pytest.raises(DeliveryError):
        await linked.transport.send(str(GROUP.id), reminder, txn_id="reminder-1")
    linked.fake.fail("sendMessage", "flood", retry_after=600)
    with pytest.raises(DeliveryError) as refused:
        await linked.transport.send(str(GROUP.id), reminder, txn_id="reminder-1")
    assert refused.value.retry_after == 600                          # a long wait goes back to the scheduler
    await linked.transport.send(str(GROUP.id), reminder, txn_id="reminder-1")
    await linked.transport.send(str(GROUP.id), reminder, txn_id="reminder-1")   # e.g. after a crash
    assert linked.fake.texts(GROUP).count("Herinnering: actie #1 moet vandaag af.") == 1


@BOTH_DATABASES
async def test_a_reminder_reaches_the_group_mentioning_the_member_after_a_failed_attempt(linked):
    await linked.link(KARIM, "Karim smw")
    await linked.says(GROUP, ANNA, "/actie Karim bellen met ouders vrijdag")
    scheduler = ReminderScheduler(linked.chat.services, {"telegram": linked.transport})
    clock = linked.chat.services.clock
    clock.set(datetime(2026, 11, 27, 7, 31, tzinfo=timezone.utc))   # the due-day reminder
    linked.fake.fail("sendMessage", "bad_gateway", times=5)
    assert (await scheduler.tick()).failed == 1
    clock.set(datetime(2026, 11, 27, 7, 40, tzinfo=timezone.utc))   # after the scheduler's back-off
    assert (await scheduler.tick()).sent == 1
    await scheduler.tick()
    reminders = [m for m in linked.fake.in_chat(GROUP) if "vandaag is de deadline" in m.plain]
    assert len(reminders) == 1
    assert reminders[0].plain.startswith("(Verlaat: deze herinnering was gepland")       # and says so
    assert '<a href="tg://user?id=1002">Karim</a>, vandaag is de deadline van actie #1' in reminders[0].text
    assert "bellen" not in reminders[0].text                          # the description stays encrypted


@BOTH_DATABASES
async def test_an_update_delivered_twice_is_handled_once(linked):
    update = linked.fake.user_says(GROUP, ANNA, "/actie ik bellen met ouders vrijdag")
    await linked.fake.drained()
    linked.fake.redeliver(update)
    await linked.fake.drained()
    with linked.chat.services.db.session() as session:
        assert len(session.exec(select(Action)).all()) == 1
    assert sum("vastgelegd" in text for text in linked.fake.texts(GROUP)) == 1


async def test_a_restart_continues_after_the_last_handled_update(linked):
    update = await linked.says(private(ANNA), ANNA, "/hulp")
    with linked.chat.services.db.session() as session:
        offset = session.get(KeyValue, f"telegram:offset:{BOT_USER['id']}").value
    assert offset == str(update["update_id"] + 1)
    await linked.transport.stop()
    again = TelegramTransport(linked.chat.services, linked.chat.router, linked.transport.settings, poll_timeout=1)
    await again.start()
    await linked.fake.drained()
    await again.stop()
    assert linked.fake.called("getUpdates")[-1]["offset"] == update["update_id"] + 1


async def test_a_group_that_became_a_supergroup_keeps_its_team(linked):
    linked.fake.fail("sendMessage", "migrated", new_chat_id=-100999)
    await linked.transport.send(str(GROUP.id), Reply("Agenda voor donderdag"))
    assert linked.fake.sent[-1].chat_id == -100999
    with linked.chat.services.db.session() as session:
        room = session.exec(select(Room).where(Room.external_id == "-100999")).one()
    assert room.team_id == linked.chat.team_id


async def test_the_command_menu_is_set_in_dutch_and_english(telegram):
    dutch = {entry["command"]: entry["description"] for entry in telegram.fake.commands["nl"]}
    english = {entry["command"]: entry["description"] for entry in telegram.fake.commands[None]}
    assert {"hulp", "team", "koppel", "actie"} <= set(dutch)
    assert {"help", "team", "link", "action"} <= set(english)
    assert "!" not in dutch["actie"] and "/actie" in dutch["actie"]
    assert dutch["stop"] == "een gesprek met mij stoppen" and english["stop"] == "stop a conversation with me"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_webhook_mode_registers_the_hook_and_handles_updates_once(fake, telegram):
    await telegram.link(ANNA)
    await telegram.transport.stop()                                # the polling one
    port = free_port()
    settings = telegram_settings(fake, mode="webhook", webhook_url=f"http://127.0.0.1:{port}/tg/hook",
                                 webhook_port=port)
    hooked = TelegramTransport(telegram.chat.services, telegram.chat.router, settings)
    await hooked.start()
    try:
        assert fake.webhook["url"] == f"http://127.0.0.1:{port}/tg/hook"
        assert fake.webhook["secret_token"] == hooked.webhook_secret
        update = fake.user_says(private(ANNA), ANNA, "/hulp")
        fake._updates.clear()                                      # delivered by webhook, not polled
        url = f"http://127.0.0.1:{port}/tg/hook"
        async with aiohttp.ClientSession() as client:
            async with client.post(url, json=update, headers={SECRET_HEADER: "wrong"}) as response:
                assert response.status == 403
            for _ in range(2):                                     # Telegram retries: handled once
                async with client.post(url, json=update, headers={SECRET_HEADER: hooked.webhook_secret}) as response:
                    assert response.status == 200
        assert sum("Dit kan ik voor je doen" in text for text in fake.texts(private(ANNA))) == 1
    finally:
        await hooked.stop()


async def test_a_wrong_token_or_missing_webhook_url_stops_start_up_with_a_clear_message(fake, telegram):
    from bot.transports.telegram import TelegramSetupError
    wrong = telegram_settings(fake).model_copy(update={"token": "999:wrong"})
    with pytest.raises(TelegramSetupError, match="token"):
        await TelegramTransport(telegram.chat.services, telegram.chat.router, wrong).start()
    hookless = telegram_settings(fake, mode="webhook")
    with pytest.raises(TelegramSetupError, match="webhook_url"):
        await TelegramTransport(telegram.chat.services, telegram.chat.router, hookless).start()
