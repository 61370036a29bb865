"""The local Bot API answers as the real one does, and the transport copes with what it answers:
refusals, a blocked bot, webhook mode, and a reminder due in a bound group delivered through a webhook."""
import socket
from datetime import datetime, timezone

import aiohttp
import pytest
from telegram import ForceReply
from telegram.error import BadRequest, Forbidden, RetryAfter

from bot.delivery import DeliveryError
from bot.scheduler import ReminderScheduler
from bot.transports.telegram import TelegramTransport
from bot.transports.telegram.delivery import retry_after_seconds
from bot.transports.telegram.transport import SECRET_HEADER
from core.messages import Reply
from tests.telegram.conftest import ANNA, GROUP, KARIM, private, telegram_settings
from tests.telegram.fake_bot_api import BOT_USER


async def test_the_local_server_answers_and_refuses_as_telegram_does(linked):
    bot, fake = linked.transport.bot, linked.fake
    me = await bot.get_me()
    assert (me.username, me.can_read_all_group_messages) == (BOT_USER["username"], False)
    sent = await bot.send_message(chat_id=GROUP.id, text="Vraag?", reply_markup=ForceReply(selective=True))
    assert sent.reply_markup is None                                   # ForceReply is never echoed
    assert fake.last(GROUP).reply_markup == {"force_reply": True, "selective": True}
    for text, problem in [("", "message text is empty"), ("x" * 4097, "message is too long"),
                          ("<b>open", "can't parse entities"), ("a < b", "can't parse entities")]:
        with pytest.raises(BadRequest, match=f"(?i){problem}"):
            await bot.send_message(chat_id=GROUP.id, text=text, parse_mode="HTML")
    with pytest.raises(BadRequest, match="(?i)not modified"):
        await bot.edit_message_text(chat_id=GROUP.id, message_id=sent.message_id, text="Vraag?")
    fake.fail("sendMessage", "blocked")
    with pytest.raises(Forbidden, match="(?i)blocked"):
        await bot.send_message(chat_id=ANNA.id, text="hallo")
    fake.fail("sendMessage", "flood", retry_after=7)
    with pytest.raises(RetryAfter) as flood:
        await bot.send_message(chat_id=ANNA.id, text="hallo")
    assert retry_after_seconds(flood.value) == 7


def test_a_result_python_telegram_bot_cannot_parse_is_caught():
    from tests.telegram.fake_bot_api import FakeBotAPI
    fake = FakeBotAPI()
    echoed = {"message_id": 1, "date": 0, "chat": {"id": -1, "type": "supergroup"}, "text": "?",
              "reply_markup": {"force_reply": True, "selective": True}}
    fake._check_parses("sendMessage", echoed)                          # what the old server returned
    assert len(fake.parse_errors) == 1 and "KeyError" in fake.parse_errors[0]


async def test_a_member_who_blocked_the_bot_costs_a_log_line_not_the_loop(linked):
    linked.fake.fail("sendMessage", "blocked")
    await linked.says(private(ANNA), ANNA, "/hulp")                     # the answer cannot be delivered
    await linked.says(private(ANNA), ANNA, "/hulp")                     # the next one is
    assert "Dit kan ik voor je doen" in linked.fake.texts(private(ANNA))[-1]
    linked.fake.fail("sendMessage", "blocked")
    with pytest.raises(DeliveryError, match="forbidden"):              # the scheduler tries again later
        await linked.transport.send(str(ANNA.id), Reply("Herinnering"), txn_id="r-1")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_webhook_mode_end_to_end_with_a_reminder_due_in_the_group(linked):
    tg, fake = linked, linked.fake
    await tg.link(KARIM, "Karim smw")
    await tg.transport.stop()                                          # from here on: the webhook
    port = free_port()
    url = f"http://127.0.0.1:{port}/tg/hook"
    settings = telegram_settings(fake, mode="webhook", webhook_url=url, webhook_port=port)
    hooked = TelegramTransport(tg.chat.services, tg.chat.router, settings)
    await hooked.start()

    async def deliver(update: dict) -> None:
        fake._updates.clear()                                          # pushed to the hook, not polled
        async with aiohttp.ClientSession() as client:
            async with client.post(url, json=update, headers={SECRET_HEADER: hooked.webhook_secret}) as response:
                assert response.status == 200

    try:
        with pytest.raises(Exception):                                 # Telegram refuses polling now
            await hooked.bot.get_updates()
        await deliver(fake.user_says(GROUP, ANNA, "/actie"))
        await deliver(fake.user_says(GROUP, ANNA, "Karim", reply_to=fake.last(GROUP)))
        await deliver(fake.user_says(GROUP, ANNA, "bellen met ouders", reply_to=fake.last(GROUP)))
        await deliver(fake.user_says(GROUP, ANNA, "vrijdag", reply_to=fake.last(GROUP)))
        assert "Actie #1 vastgelegd voor Karim" in fake.texts(GROUP)[-1]

        scheduler = ReminderScheduler(tg.chat.services, {"telegram": hooked})
        tg.chat.services.clock.set(datetime(2026, 11, 27, 7, 31, tzinfo=timezone.utc))   # the due day
        assert (await scheduler.tick()).sent == 1
        await scheduler.tick()
        reminders = [m for m in fake.in_chat(GROUP) if "vandaag is de deadline" in m.plain]
        assert len(reminders) == 1                                     # arrives once
        assert '<a href="tg://user?id=1002">Karim</a>' in reminders[0].text   # mentioned the Telegram way
        assert "@" not in reminders[0].plain and "!" not in reminders[0].plain
        assert "bellen" not in reminders[0].plain
    finally:
        await hooked.stop()
