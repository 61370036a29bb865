"""`zorgbot serve`: run the configured network transports until stopped."""
from __future__ import annotations

import sys

from bot.config import Settings


async def serve(settings: Settings, *, forced_language: str | None = None) -> int:
    if not (settings.matrix.enabled or settings.telegram.enabled):
        print("zorgbot: no transport configured: add a [matrix] (homeserver, user_id) or [telegram] "
              "(token) section", file=sys.stderr)
        return 2
    print("zorgbot: the Matrix and Telegram transports are not available in this version yet",
          file=sys.stderr)
    return 2


async def matrix_status(settings: Settings) -> int:
    print("zorgbot: the Matrix transport is not available in this version yet", file=sys.stderr)
    return 2
