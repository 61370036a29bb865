"""Structured logs: one line of key=value pairs. Never a message body or case detail, at any level.

Our own modules log fixed messages with counts and ids in `extra`. Libraries are another matter:
SQLAlchemy logs statement parameters and result rows at INFO/DEBUG, HTTP clients log URLs (a Telegram
URL holds the bot token), chat libraries log payloads. `NoContentFilter` keeps only a library's
message template and drops its arguments, which is where such content travels; the database engine
also hides its parameters (state/db.py). Exceptions are logged by class name only, never their text
or traceback, because both can quote what a member typed.
"""
from __future__ import annotations

import logging
import sys

_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}
# Loggers of zorgbot's own packages: their messages are fixed texts with ids and counts in `extra`.
OWN_PACKAGES = frozenset({"bot", "handlers", "state", "dialogues", "benchmarks", "__main__"})
LIBRARIES = ("alembic", "nio", "httpx", "httpcore", "telegram", "aiohttp", "sqlalchemy", "transitions",
             "peewee", "asyncio", "dateparser", "urllib3", "apscheduler")


class NoContentFilter(logging.Filter):
    """Lets a library's record through with its template only: the arguments are dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.split(".")[0] in OWN_PACKAGES:
            return True
        if record.args:
            record.msg, record.args = f"{record.msg} [arguments hidden]", None
        elif record.levelno < logging.WARNING and not isinstance(record.msg, str):
            record.msg = type(record.msg).__name__   # an object logged as such may be a whole payload
        return True


class KeyValueFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        fields = {key: value for key, value in vars(record).items() if key not in _STANDARD}
        parts = [self.formatTime(record, "%Y-%m-%dT%H:%M:%S"), record.levelname.lower(), record.name,
                 f"msg={record.getMessage()!r}"]
        parts += [f"{key}={value!r}" for key, value in sorted(fields.items())]
        if record.exc_info:
            parts.append(f"error={record.exc_info[0].__name__}")
        return " ".join(parts)

    def formatException(self, ei) -> str:   # never a traceback: its lines can quote content
        return ei[0].__name__ if ei and ei[0] else ""

    def formatStack(self, stack_info: str) -> str:
        return ""


def handler(stream=None) -> logging.Handler:
    """The one handler zorgbot logs through: key=value lines, library arguments dropped."""
    out = logging.StreamHandler(stream or sys.stderr)
    out.setFormatter(KeyValueFormatter())
    out.addFilter(NoContentFilter())
    return out


def configure(level: str = "warning", verbose: bool = False, stream=None) -> None:
    root = logging.getLogger()
    root.handlers[:] = [handler(stream)]
    root.setLevel(logging.DEBUG if verbose else getattr(logging, level.upper()))
    for noisy in LIBRARIES:
        logging.getLogger(noisy).setLevel(logging.INFO if verbose else logging.WARNING)
