"""Structured logs: one line of key=value pairs. Never a message body or case detail."""
from __future__ import annotations

import logging
import sys

_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


class KeyValueFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        fields = {key: value for key, value in vars(record).items() if key not in _STANDARD}
        parts = [self.formatTime(record, "%Y-%m-%dT%H:%M:%S"), record.levelname.lower(), record.name,
                 f"msg={record.getMessage()!r}"]
        parts += [f"{key}={value!r}" for key, value in sorted(fields.items())]
        if record.exc_info:
            parts.append(f"error={record.exc_info[0].__name__}")
        return " ".join(parts)


def configure(level: str = "warning", verbose: bool = False) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(KeyValueFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if verbose else getattr(logging, level.upper()))
    for noisy in ("alembic", "nio", "httpx", "telegram", "aiohttp", "sqlalchemy", "transitions", "peewee"):
        logging.getLogger(noisy).setLevel(logging.INFO if verbose else logging.WARNING)
