"""Telegram transport (python-telegram-bot, asyncio): see transport.py.

The transport itself is imported on first use, so that importing the package for its small
modules (privacy, render) does not load python-telegram-bot and aiohttp.
"""
from __future__ import annotations

__all__ = ["TelegramSetupError", "TelegramTransport", "make_bot"]


def __getattr__(name: str):
    if name in __all__:
        from bot.transports.telegram import transport
        return getattr(transport, name)
    raise AttributeError(name)
