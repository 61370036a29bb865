"""Calling the Bot API patiently: flood control and network trouble are waited out, then given up.

A 429 (RetryAfter) is waited for as long as Telegram asks, when that is short; network errors and
time-outs are retried with a growing pause. What still fails becomes a DeliveryError, which the
reminder scheduler answers by trying again later.
"""
from __future__ import annotations

import asyncio
import logging
import warnings
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Awaitable, Callable

from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.delivery import DeliveryError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 4              # tries after the first one
    first_pause: float = 1.0       # seconds before the first retry after a network error
    longest_pause: float = 30.0
    longest_flood_wait: float = 60.0   # a longer "retry after" is handed back to the caller


def retry_after_seconds(error: RetryAfter) -> float:
    with warnings.catch_warnings():   # PTB 22 warns that the int form will become a timedelta
        warnings.simplefilter("ignore")
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class Delivery:
    def __init__(self, *, sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
                 policy: RetryPolicy = RetryPolicy(),
                 on_migrate: Callable[[str, str], Awaitable[None]] | None = None) -> None:
        self.sleep = sleep
        self.policy = policy
        self.on_migrate = on_migrate

    async def call(self, method: Callable[..., Awaitable[Any]], **kwargs) -> Any:
        """`method(**kwargs)`, retried; raises DeliveryError when it cannot be done."""
        name = getattr(method, "__name__", "call")
        retries = 0
        while True:
            try:
                return await method(**kwargs)
            except RetryAfter as error:
                wait = retry_after_seconds(error)
                retries += 1
                if retries > self.policy.attempts or wait > self.policy.longest_flood_wait:
                    log.warning("flood control: giving up", extra={"method": name, "retry_after": wait})
                    raise DeliveryError("flood control", retry_after=wait) from None
                log.info("flood control: waiting", extra={"method": name, "retry_after": wait})
                await self.sleep(wait)
            except ChatMigrated as error:
                # A group became a supergroup: same people, new chat id.
                retries += 1
                if "chat_id" not in kwargs or retries > self.policy.attempts:
                    raise DeliveryError("chat migrated") from None
                old, new = str(kwargs["chat_id"]), str(error.new_chat_id)
                if self.on_migrate:
                    await self.on_migrate(old, new)
                kwargs["chat_id"] = error.new_chat_id
            except BadRequest as error:          # a NetworkError subclass, but retrying will not help
                raise DeliveryError(f"rejected: {error.message}") from None
            except Forbidden:
                raise DeliveryError("forbidden: the bot was blocked or removed from the chat") from None
            except NetworkError as error:        # includes TimedOut
                retries += 1
                if retries > self.policy.attempts:
                    log.warning("network: giving up", extra={"method": name, "error": type(error).__name__})
                    raise DeliveryError(f"network: {type(error).__name__}") from None
                pause = min(self.policy.first_pause * 2 ** (retries - 1), self.policy.longest_pause)
                log.info("network: retrying", extra={"method": name, "pause": pause})
                await self.sleep(pause)
            except TelegramError as error:
                raise DeliveryError(f"telegram: {type(error).__name__}") from None
