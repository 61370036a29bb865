"""Telegram transport on python-telegram-bot's `Bot`, with our own polling loop and webhook endpoint.

Updates become Inbound messages for the same router and dialogue engine as every other transport;
all state (dialogues, polling offset, open keyboards, delivered reminders) lives in zorgbot's
database, so a restart continues where it stopped. Updates are handled one at a time, in order.

Identity: only Telegram accounts linked with a one-time code (handlers/link.py) and the configured
admins are answered; anyone else gets one polite refusal. Privacy: Telegram bot chats are not
end-to-end encrypted, so every reply passes the team's `telegram_privacy` level, and the first
message in each chat says so. An edited message (`edited_message`) becomes an Inbound with
`replaces_event_id` naming the message it edits, as a Matrix edit does.
"""
from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import html
import hmac
import logging
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Awaitable, Callable
from urllib.parse import urlparse

from aiohttp import web
from sqlalchemy.exc import IntegrityError
from sqlmodel import select
from telegram import Bot, CallbackQuery, ForceReply, InputFile, Message, ReplyParameters, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import Conflict, InvalidToken, NetworkError, RetryAfter
from telegram.request import HTTPXRequest

from bot.config import TelegramSettings
from bot.delivery import DeliveryError
from bot.transports.telegram import privacy, render, store
from bot.transports.telegram.delivery import Delivery, RetryPolicy, retry_after_seconds
from core import policy
from core.commands import is_command, split_command
from core.i18n import normalise_language, t
from core.messages import Inbound, Reply
from state.links import account_of, linked_member, memberships
from state.models import HandledEvent, Member
from state.teams import room_for

log = logging.getLogger(__name__)

TRANSPORT = "telegram"
ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]
LINK_COMMAND = "koppel"          # strangers may use only this, with a code (handlers/link.py)
HELP_COMMAND = "hulp"
POLL_TIMEOUT = 30                # seconds Telegram holds a getUpdates open
KEEP_TRANSACTIONS = timedelta(days=30)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class TelegramSetupError(Exception):
    """A configuration or account problem that stops start-up, worded for the operator."""


def make_bot(settings: TelegramSettings) -> Bot:
    # Separate connection pools: the long poll holds one connection while replies use the others.
    request = HTTPXRequest(connection_pool_size=8, connect_timeout=10, read_timeout=20, write_timeout=20,
                           pool_timeout=10)
    updates = HTTPXRequest(connection_pool_size=1, connect_timeout=10, read_timeout=10)
    extra = {"base_url": settings.base_url} if settings.base_url else {}
    return Bot(settings.token, request=request, get_updates_request=updates, **extra)


def language_hint(code: str | None) -> str | None:
    """Telegram's app language ("nl", "en-GB"), for people zorgbot does not know yet."""
    return normalise_language((code or "").split("-")[0]) if code else None


@dataclass(frozen=True)
class Where:
    chat_id: str
    thread_id: str = ""          # a forum topic; "" for the chat itself
    private: bool = False

    @property
    def chat(self) -> int | str:
        return int(self.chat_id) if self.chat_id.lstrip("-").isdigit() else self.chat_id

    @property
    def thread(self) -> int | None:
        return int(self.thread_id) if self.thread_id else None


def where_of(message: Message) -> Where:
    thread = str(message.message_thread_id) if message.is_topic_message and message.message_thread_id else ""
    return Where(str(message.chat.id), thread, message.chat.type == ChatType.PRIVATE)


@dataclass
class Plan:
    """What to send after one update, decided in one go against the database."""
    lang: str
    replies: list[Reply] = field(default_factory=list)
    notice: str | None = None        # the first-message explanation, when this chat has not had it
    level_key: str = ""
    stale_keyboard: int | None = None
    force_reply: bool = False        # the member is in a dialogue in a group: let them answer easily


class TelegramTransport:
    name = TRANSPORT

    def __init__(self, services, router, settings: TelegramSettings | None = None, *, bot: Bot | None = None,
                 sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep, retry: RetryPolicy = RetryPolicy(),
                 poll_timeout: int = POLL_TIMEOUT) -> None:
        self.services = services
        self.router = router
        self.settings = settings or services.settings.telegram
        self.bot = bot or make_bot(self.settings)
        self.sleep = sleep
        self.poll_timeout = poll_timeout
        self.delivery = Delivery(sleep=sleep, policy=retry, on_migrate=self._migrated)
        self.pattern = render.command_pattern(services.commands)
        self.username = ""
        self.webhook_secret = hashlib.sha256(f"zorgbot-webhook:{self.settings.token}".encode()).hexdigest()
        self._lock = asyncio.Lock()
        self._task: asyncio.Task | None = None
        self._runner: web.AppRunner | None = None
        self._stopping = False
        self._waiting = False

    # -- life cycle -------------------------------------------------------------------------
    async def start(self) -> None:
        """Raises TelegramSetupError when the configuration or the token is wrong."""
        if self.settings.mode == "webhook" and not self.settings.webhook_url:
            raise TelegramSetupError("telegram.webhook_url is needed when telegram.mode is webhook")
        try:
            await self.delivery.call(self.bot.initialize)      # getMe: our own name, for /cmd@name
        except DeliveryError as problem:
            raise TelegramSetupError(f"cannot use the Bot API ({problem}); check telegram.token, "
                                     "telegram.base_url and the network") from None
        self.username = self.bot.username or ""
        self.services.telegram_username = self.username
        await self.router.run(self._prune)
        await self.set_menu()
        self._stopping = False
        if self.settings.mode == "webhook":
            await self._start_webhook()
        else:
            # getUpdates is refused while a webhook is set, e.g. after switching modes.
            await self._quietly(self.bot.delete_webhook)
            self._task = asyncio.create_task(self._poll_forever(), name="telegram-polling")
        log.info("telegram started", extra={"mode": self.settings.mode, "bot": self.username})

    async def stop(self) -> None:
        self._stopping = True
        if self._task is not None:
            if self._waiting:           # only an idle long poll is interrupted, never a turn
                self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            self._task = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        await self.bot.shutdown()

    async def set_menu(self) -> None:
        """The command menu: Dutch for Telegram apps in Dutch, English for everyone else."""
        for lang, code in (("nl", "nl"), ("en", None)):
            try:
                await self.delivery.call(self.bot.set_my_commands,
                                         commands=render.menu(self.services.commands, lang), language_code=code)
            except DeliveryError as error:
                log.warning("command menu not set", extra={"lang": lang, "reason": str(error)})

    # -- long polling ---------------------------------------------------------------------------
    async def poll_once(self, timeout: int = 0) -> int:
        """Fetch and handle one batch of updates; the offset is saved after each one."""
        offset = await self.router.run(self._load_offset)
        if self._stopping:
            return 0
        self._waiting = True        # no await between the check and this: stop() sees one or the other
        try:
            updates = await self.bot.get_updates(offset=offset, timeout=timeout, allowed_updates=ALLOWED_UPDATES)
        finally:
            self._waiting = False
        for update in updates:
            if self._stopping:
                break
            await self.process_update(update)
            await self.router.run(self._save_offset, update.update_id + 1)
        return len(updates)

    async def _poll_forever(self) -> None:
        failures = 0
        while not self._stopping:
            try:
                await self.poll_once(self.poll_timeout)
                failures = 0
            except asyncio.CancelledError:
                raise
            except RetryAfter as error:
                await self.sleep(retry_after_seconds(error))
            except InvalidToken:
                log.error("telegram refused the bot token; polling stopped")
                return
            except (NetworkError, Conflict) as error:   # Conflict: another poller, or a webhook is set
                failures += 1
                log.warning("polling failed", extra={"error": type(error).__name__, "failures": failures})
                await self.sleep(min(2 ** failures, 60))
            except Exception:
                failures += 1
                log.exception("polling failed")
                await self.sleep(min(2 ** failures, 60))

    def _load_offset(self) -> int | None:
        with self.services.db.session() as session:
            value = store.get(session, store.offset_key(self.bot.id))
        return int(value) if value else None

    def _save_offset(self, offset: int) -> None:
        with self.services.db.session() as session:
            store.put(session, store.offset_key(self.bot.id), str(offset))

    # -- webhook --------------------------------------------------------------------------------
    async def _start_webhook(self) -> None:
        url = self.settings.webhook_url
        app = web.Application()
        app.router.add_post(urlparse(url).path or "/", self._on_webhook)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.settings.webhook_listen, self.settings.webhook_port).start()
        # One connection at a time keeps each member's messages in order.
        await self.delivery.call(self.bot.set_webhook, url=url, secret_token=self.webhook_secret,
                                 allowed_updates=ALLOWED_UPDATES, max_connections=1)

    async def _on_webhook(self, request: web.Request) -> web.Response:
        if not hmac.compare_digest(request.headers.get(SECRET_HEADER, ""), self.webhook_secret):
            return web.Response(status=403)
        try:
            update = Update.de_json(await request.json(), self.bot)
        except (ValueError, KeyError, TypeError):
            return web.Response(status=400)
        if update is not None:
            await self.process_update(update)
        return web.Response(text="ok")

    # -- updates --------------------------------------------------------------------------------
    async def process_update(self, update: Update) -> None:
        async with self._lock:
            try:
                if update.callback_query is not None:
                    await self._on_callback(update.callback_query)
                elif update.message is not None:
                    await self._on_message(update.message)
                elif update.edited_message is not None:
                    await self._on_edit(update.edited_message)
            except Exception:   # one broken update must not stop the others (the formatter logs no text)
                reference = uuid.uuid4().hex[:8]
                log.exception("update not handled", extra={"update_id": update.update_id, "reference": reference})
                await self._apologise(update, reference)

    async def _apologise(self, update: Update, reference: str) -> None:
        """The router's one apology, for a failure in the transport itself: where a member expects an
        answer (a private chat, a command in a group), never in the middle of ordinary group talk."""
        message = update.effective_message
        user = update.effective_user
        if message is None or user is None:
            return
        where = where_of(message)
        if not (where.private or update.callback_query is not None or is_command(message.text or "")):
            return
        lang = language_hint(user.language_code) or self.services.settings.language
        try:
            await self._send_reply(where, Reply(t("router.error", lang, reference=reference), privacy="advice"),
                                   target=None, lang=lang)
        except Exception:   # nothing more to do: the reference is in the log
            log.warning("apology not delivered", extra={"reference": reference})

    async def _on_message(self, message: Message) -> None:
        if message.migrate_to_chat_id:
            await self._migrated(str(message.chat.id), str(message.migrate_to_chat_id))
            return
        user = message.from_user
        if user is None or user.is_bot:
            return
        where = where_of(message)
        text = self._text_of(message)
        if text is None:
            if where.private and (message.effective_attachment is not None or message.caption):
                await self._note(message, "telegram.text_only", f"m:{where.chat_id}:{message.message_id}")
            return   # in a group: photos and service messages are none of the bot's business
        if not self._addressed_to_us(text):
            return
        inbound = Inbound(transport=TRANSPORT, room_id=where.chat_id, user_id=str(user.id),
                          text=self._start_as_command(self._without_bot_name(text)), display_name=user.full_name,
                          thread_id=where.thread_id, event_id=f"m:{where.chat_id}:{message.message_id}",
                          is_direct=where.private, encrypted=False,
                          language_hint=language_hint(user.language_code))
        plan = await self._plan(inbound, where, message.message_id)
        await self._deliver(plan, where, str(user.id), reply_to=None if where.private else message.message_id)

    @staticmethod
    def _text_of(message: Message) -> str | None:
        """The text to handle: the message's text, or a media caption that is a command (a photo
        captioned "/acties" is the command); None when there is nothing to read."""
        if message.text and message.text.strip():
            return message.text.strip()
        caption = (message.caption or "").strip()
        return caption if is_command(caption) else None

    async def _on_edit(self, message: Message) -> None:
        """Telegram sends an edited message again. It goes to the router as a change to the message
        it edits (`replaces_event_id`, as a Matrix edit does), which is never run as a command nor
        taken as a dialogue's answer: a `besluit:`, `notitie:` or `actie:` line typed during a meeting
        follows it (handlers/meeting_corrections.py). Where that changes nothing and the member may
        expect an answer (a private chat, an edited command, a reply to the bot), they are told,
        once per edit, that edits are not read; other edited group talk stays ignored."""
        user = message.from_user
        if user is None or user.is_bot:
            return
        where = where_of(message)
        text = (message.text or message.caption or "").strip()
        replied = message.reply_to_message
        to_bot = replied is not None and replied.from_user is not None and replied.from_user.id == self.bot.id
        edited = int(message.edit_date.timestamp()) if message.edit_date else 0
        event_id = f"e:{where.chat_id}:{message.message_id}:{edited}"
        if message.text and text and not is_command(text):
            inbound = Inbound(transport=TRANSPORT, room_id=where.chat_id, user_id=str(user.id), text=text,
                              display_name=user.full_name, thread_id=where.thread_id, event_id=event_id,
                              is_direct=where.private, encrypted=False, language_hint=language_hint(user.language_code),
                              replaces_event_id=f"m:{where.chat_id}:{message.message_id}")
            plan = await self._plan(inbound, where, None)
            if plan.replies:
                plan.force_reply = False          # an answer to an edit opens no reply prompt
                await self._deliver(plan, where, str(user.id), reply_to=message.message_id)
                return
        if not (where.private or to_bot or (is_command(text) and self._addressed_to_us(text))):
            return
        # Its own event: the router may have recorded the edit's event as handled already.
        await self._note(message, "telegram.edit_not_processed", f"en:{where.chat_id}:{message.message_id}:{edited}")

    async def _note(self, message: Message, key: str, event_id: str) -> None:
        """A one-line answer to something the bot does not handle, once per event."""
        where = where_of(message)
        user = message.from_user
        plan = await self.router.run(self._plan_note, where, str(user.id), key, event_id,
                                     language_hint(user.language_code))
        await self._deliver(plan, where, str(user.id), reply_to=None if where.private else message.message_id)

    def _plan_note(self, where: Where, user_id: str, key: str, event_id: str, hint: str | None) -> Plan:
        try:
            with self.services.db.session() as session:   # once, even when Telegram delivers it again
                session.add(HandledEvent(transport=TRANSPORT, event_id=event_id))
        except IntegrityError:
            return Plan(lang=hint or self.services.settings.language)
        with self.services.db.session() as session:
            if not self._known(session, user_id):
                key = "telegram.stranger"
            lang = self._audience(session, where.chat_id, user_id, hint).lang
        return Plan(lang=lang, replies=[Reply(t(key, lang), privacy="advice")])

    async def _on_callback(self, query: CallbackQuery) -> None:
        parsed = render.parse_callback(query.data)
        message = query.message
        user_id = str(query.from_user.id)
        hint = language_hint(query.from_user.language_code)
        if parsed is None or not isinstance(message, Message):
            await self._answer(query)
            return
        target, number = parsed
        where = where_of(message)
        known, record, lang = await self.router.run(self._claim_choice, where, user_id, message.message_id,
                                                      number, hint)
        if not known:
            await self._answer(query, t("telegram.stranger_short", lang))
            return
        if target not in (render.ANYONE, user_id):
            await self._answer(query, t("telegram.choice_not_yours", lang))
            return
        if record is None:
            await self._answer(query, t("telegram.choice_closed", lang))
            await self._quietly(self.bot.edit_message_reply_markup, chat_id=where.chat,
                                message_id=message.message_id, reply_markup=None)
            return
        await self._answer(query)
        await self._quietly(self.bot.edit_message_text, chat_id=where.chat, message_id=message.message_id,
                            text=render.answered(record["text"], record["labels"][number - 1], lang),
                            parse_mode=ParseMode.HTML)
        # The press is the member typing the option's number, in the same chat and thread.
        inbound = Inbound(transport=TRANSPORT, room_id=where.chat_id, user_id=user_id, text=str(number),
                          display_name=query.from_user.full_name, thread_id=where.thread_id,
                          event_id=f"cb:{query.id}", is_direct=where.private, encrypted=False,
                          language_hint=hint)
        plan = await self._plan(inbound, where, None)
        await self._deliver(plan, where, user_id, reply_to=None, pressed=True)

    def _addressed_to_us(self, text: str) -> bool:
        """`/hulp@other_bot` in a group is for another bot."""
        if not is_command(text):
            return True
        word = text.split(None, 1)[0]
        return "@" not in word or word.split("@", 1)[1].casefold() == self.username.casefold()

    def _without_bot_name(self, text: str) -> str:
        """"/foobar@zorgbot_bot 3" -> "/foobar 3": the bot's name is Telegram's addressing, not part of
        the command, and must not come back in an answer ("I don't know /foobar@zorgbot_bot")."""
        if not is_command(text):
            return text
        word, _, rest = text.partition(" ")
        name = word.split("@", 1)[0]
        return f"{name} {rest}" if rest else name

    @staticmethod
    def _start_as_command(text: str) -> str:
        """`/start CODE` (a t.me/bot?start=CODE link) redeems a link code; a bare /start asks for help."""
        if not is_command(text):
            return text
        name, _, rest = split_command(text)
        if name != "start":
            return text
        return f"/{LINK_COMMAND} {rest}" if rest else f"/{HELP_COMMAND}"

    # -- deciding (in a worker thread: database work) -------------------------------------------
    def _known(self, session, user_id: str) -> bool:
        return user_id in self.settings.admins or bool(memberships(session, TRANSPORT, user_id))

    def _may_link(self, text: str) -> bool:
        if not is_command(text):
            return False
        name, words, _ = split_command(text)
        command = self.services.commands.get(name)
        return command is not None and command is self.services.commands.get(LINK_COMMAND) and bool(words)

    def _audience(self, session, chat_id: str, user_id: str, hint: str | None = None):
        """The router's view of this chat and person (team, member, language), outside a turn."""
        return self.router.context(session, Inbound(transport=TRANSPORT, room_id=chat_id, user_id=user_id, text="",
                                                    is_direct=not chat_id.startswith("-"), encrypted=False,
                                                    language_hint=hint))

    async def _plan(self, inbound: Inbound, where: Where, typed_message_id: int | None) -> Plan:
        """Screen the sender, let the router handle the message (the one door), then decide what goes
        out: Telegram's privacy filter, the first-message notice, a reply prompt during a dialogue."""
        known, stale = await self.router.run(self._screen, inbound, where, typed_message_id)
        if not policy.may_address_bot(known, redeems_link_code=self._may_link(inbound.text)):
            return await self.router.run(self._stranger, inbound, where, inbound.language_hint)
        turn = await self.router.handle(inbound)
        return await self.router.run(self._plan_replies, turn, where, stale)

    def _screen(self, inbound: Inbound, where: Where, typed_message_id: int | None) -> tuple[bool, int | None]:
        """Is the sender known here, and which earlier question keyboard does a typed answer close?"""
        with self.services.db.session() as session:
            known = self._known(session, inbound.user_id)
            stale = None
            if known and typed_message_id is not None and not is_command(inbound.text):
                # A typed answer closes the keyboard of the question before it.
                record = store.take_keyboard(session, where.chat_id, where.thread_id, inbound.user_id,
                                             before=typed_message_id)
                stale = record["message_id"] if record else None
        return known, stale

    def _plan_replies(self, turn, where: Where, stale: int | None) -> Plan:
        plan = Plan(lang=turn.lang, stale_keyboard=stale)
        if not turn.replies:
            return plan
        level = policy.team_privacy_level(turn.team_settings)
        plan.level_key = level if turn.team_id is not None else privacy.UNBOUND
        with self.services.db.session() as session:
            if store.claim_notice(session, where.chat_id, plan.level_key):   # atomic: once per chat
                plan.notice = t(privacy.notice_key(plan.level_key), plan.lang)
        plan.replies = [privacy.filtered(render.telegram_hints(reply, plan.lang), level, plan.lang)
                        for reply in turn.replies]
        plan.force_reply = not where.private and turn.in_dialogue
        return plan

    def _stranger(self, inbound: Inbound, where: Where, hint: str | None) -> Plan:
        """One polite refusal (in private, or to a command in a group), and nothing else."""
        plan = Plan(lang=hint or self.services.settings.language)
        if not (where.private or is_command(inbound.text)):
            return plan
        try:
            with self.services.db.session() as session:   # once, even when Telegram delivers it again
                session.add(HandledEvent(transport=TRANSPORT, event_id=inbound.event_id))
        except IntegrityError:
            return plan
        log.info("stranger refused", extra={"transport": TRANSPORT, "private": where.private})
        plan.replies = [Reply(t("telegram.stranger", plan.lang), privacy="advice")]
        return plan

    def _claim_choice(self, where: Where, user_id: str, message_id: int, number: int,
                      hint: str | None) -> tuple[bool, dict | None, str]:
        with self.services.db.session() as session:
            known = self._known(session, user_id)
            lang = self._audience(session, where.chat_id, user_id, hint).lang
            if not known:
                return False, None, hint or self.services.settings.language
            record = store.peek_keyboard(session, where.chat_id, where.thread_id, user_id)
            if record is None or record["message_id"] != message_id or not 1 <= number <= len(record["labels"]):
                return True, None, lang
            return True, store.take_keyboard(session, where.chat_id, where.thread_id, user_id,
                                             message_id=message_id), lang

    def _prune(self) -> None:
        with self.services.db.session() as session:
            store.prune_transactions(session, self.services.clock.now() - KEEP_TRANSACTIONS)

    def _mention_names(self, chat_id: str, ids: list[str]) -> dict[str, tuple[str, str]]:
        """Mentioned members as (Telegram user id, name). Mentions name members by any of their
        accounts (a Matrix ID, a console name); the one linked in Telegram is the one mentioned."""
        found: dict[str, tuple[str, str]] = {}
        with self.services.db.session() as session:
            team = self._audience(session, chat_id, chat_id).team
            for mention_id in ids:
                member = None
                if team is not None:
                    member = session.exec(select(Member).where(
                        Member.team_id == team.id, Member.user_id == mention_id, Member.active == True)  # noqa: E712
                        .order_by(Member.id)).first() or linked_member(session, team.id, TRANSPORT, mention_id)
                account = account_of(session, member, TRANSPORT) if member is not None else None
                if account is not None:
                    found[mention_id] = (account, member.display_name)
        return found

    def _rename_chat(self, old: str, new: str) -> None:
        with self.services.db.session() as session:
            room = room_for(session, TRANSPORT, old)
            if room is not None and room_for(session, TRANSPORT, new) is None:
                room.external_id = new
                session.add(room)
            store.rename_chat(session, old, new)

    async def _migrated(self, old: str, new: str) -> None:
        log.info("telegram group became a supergroup")
        await self.router.run(self._rename_chat, old, new)

    # -- sending ---------------------------------------------------------------------------------
    async def send(self, room_id: str, reply: Reply, *, txn_id: str | None = None) -> None:
        """An unprompted message (reminder, agenda). With `txn_id`, a message already delivered is not
        sent again: Telegram has no transaction ids, so the delivered parts are remembered here."""
        where = Where(str(room_id))
        plan = await self.router.run(self._plan_send, where, reply)
        if plan.notice:
            await self._send_reply(where, Reply(plan.notice, privacy="advice"), target=None, lang=plan.lang)
        await self._send_reply(where, plan.replies[0], target=None, lang=plan.lang, txn_id=txn_id)

    def _plan_send(self, where: Where, reply: Reply) -> Plan:
        with self.services.db.session() as session:
            audience = self._audience(session, where.chat_id, where.chat_id)
            team = audience.team
            level = privacy.team_level(team)
            plan = Plan(lang=audience.lang, level_key=level if team else privacy.UNBOUND)
            if store.claim_notice(session, where.chat_id, plan.level_key):   # atomic: once per chat
                plan.notice = t(privacy.notice_key(plan.level_key), plan.lang)
            plan.replies = [privacy.filtered(render.telegram_hints(reply, plan.lang), level, plan.lang)]
        return plan

    async def _deliver(self, plan: Plan, where: Where, user_id: str, *, reply_to: int | None,
                       pressed: bool = False) -> None:
        """The replies to one update; a reply that cannot be delivered is logged and skipped."""
        if plan.stale_keyboard is not None:
            await self._quietly(self.bot.edit_message_reply_markup, chat_id=where.chat,
                                message_id=plan.stale_keyboard, reply_markup=None)
        try:
            if plan.notice:
                await self._send_reply(where, Reply(plan.notice, privacy="advice"), target=None, lang=plan.lang)
            for index, reply in enumerate(plan.replies):
                here = reply.room_id in (None, where.chat_id)
                target = where if here else Where(str(reply.room_id))
                force = plan.force_reply and here and index == len(plan.replies) - 1 and not reply.choices
                if force and pressed:
                    # Nothing of theirs to reply to: naming them makes Telegram offer them the reply.
                    reply = dataclasses.replace(reply, mentions=[*reply.mentions, user_id])
                await self._send_reply(target, reply, target=user_id, lang=plan.lang,
                                       reply_to=reply_to if here else None, force_reply=force)
        except DeliveryError as error:
            log.warning("reply not delivered", extra={"reason": str(error)})

    async def _send_reply(self, where: Where, reply: Reply, *, target: str | None, lang: str,
                          reply_to: int | None = None, force_reply: bool = False, txn_id: str | None = None) -> None:
        names = await self.router.run(self._mention_names, where.chat_id, list(reply.mentions)) \
            if reply.mentions else {}
        rendered = render.render(reply, pattern=self.pattern, names=names.get, number_choices=target is None)
        done = await self.router.run(self._delivered, txn_id) if txn_id else 0
        keyboard = render.keyboard(rendered.labels, target) if rendered.labels and target else None
        # In a group, a typed answer reaches the bot only as a reply to its message (privacy mode).
        tap_or_reply = "" if keyboard is None or where.private else \
            "\n\n" + html.escape(t("telegram.tap_or_reply", lang), quote=False)
        last = len(rendered.parts) - 1
        for index, part in enumerate(rendered.parts):
            if index < done:
                continue
            text = part + tap_or_reply if index == last else part
            kwargs: dict[str, Any] = {"chat_id": where.chat, "text": text, "parse_mode": ParseMode.HTML,
                                      "message_thread_id": where.thread}
            if reply_to is not None and (index == 0 or force_reply):
                kwargs["reply_parameters"] = ReplyParameters(message_id=reply_to, allow_sending_without_reply=True)
            if index == last and keyboard is not None:
                kwargs["reply_markup"] = keyboard
            elif index == last and force_reply:
                kwargs["reply_markup"] = ForceReply(selective=True)
            sent = await self.delivery.call(self.bot.send_message, **kwargs)
            if txn_id:
                await self.router.run(self._record, txn_id, index + 1)
            if index == last and keyboard is not None:
                await self.router.run(self._save_keyboard, where, target, sent.message_id, part, rendered.labels)
        if reply.attachment is not None and done <= last + 1:
            filename, content, _mime = reply.attachment
            await self.delivery.call(self.bot.send_document, chat_id=where.chat, message_thread_id=where.thread,
                                     document=InputFile(content, filename=filename))
            if txn_id:
                await self.router.run(self._record, txn_id, last + 2)

    def _delivered(self, txn_id: str) -> int:
        with self.services.db.session() as session:
            return store.delivered_parts(session, txn_id)

    def _record(self, txn_id: str, parts: int) -> None:
        with self.services.db.session() as session:
            store.record_parts(session, txn_id, parts, self.services.clock.now())

    def _save_keyboard(self, where: Where, user_id: str, message_id: int, html_text: str, labels: list[str]) -> None:
        with self.services.db.session() as session:
            store.save_keyboard(session, where.chat_id, where.thread_id, user_id, message_id, html_text, labels)

    async def _answer(self, query: CallbackQuery, text: str | None = None) -> None:
        """Every button press is answered, or the member's app keeps showing a spinner."""
        await self._quietly(self.bot.answer_callback_query, callback_query_id=query.id, text=text)

    async def _quietly(self, method, **kwargs) -> None:
        """For calls whose failure changes nothing for the member (edits, answers)."""
        try:
            await self.delivery.call(method, **kwargs)
        except DeliveryError as error:
            log.info("telegram call skipped", extra={"method": getattr(method, "__name__", ""), "reason": str(error)})
