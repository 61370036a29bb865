"""The `zorgbot` command line."""
from __future__ import annotations

import argparse
import asyncio
import importlib.util
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot import logs
from state.private_files import ensure_private_dir, owner_only_umask, tighten

if TYPE_CHECKING:
    from bot.config import Settings

DEFAULT_DB_FILE = "zorgbot.db"


def _common(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument("--config", metavar="FILE", default=default,
                        help="TOML configuration file (ZORGBOT_* environment variables override it)")
    parser.add_argument("--lang", choices=("nl", "en"), default=default,
                        help="answer in this language, whatever members or teams have chosen")
    parser.add_argument("--verbose", action="store_true", default=argparse.SUPPRESS if suppress else False,
                        help="debug logging (still without message bodies)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zorgbot",
        description="zorgbot: a chat assistant for school care teams (zorgteam, ZAT). "
                    "Dutch first, English too.")
    _common(parser, suppress=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    chat = commands.add_parser("chat", help="chat in this terminal (the embedded default: console + SQLite)",
                               description="Chat with zorgbot in this terminal. Reads one message per line "
                                           "when standard input is not a terminal. Needs no configuration.")
    chat.add_argument("--db", metavar="PATH",
                      help=f"SQLite file or SQLAlchemy URL (default: {DEFAULT_DB_FILE} in the working directory)")
    _common(chat, suppress=True)

    serve = commands.add_parser("serve", help="run the configured network transports (Matrix, Telegram)",
                                description="Run zorgbot on the transports configured in FILE, with reminders.")
    _common(serve, suppress=True)

    matrix = commands.add_parser("matrix", help="Matrix account tools", description="Matrix account tools.")
    matrix_commands = matrix.add_subparsers(dest="matrix_command", metavar="ACTION")
    status = matrix_commands.add_parser("status", help="device id, fingerprint and cross-signing state",
                                        description="Print the bot's device id, its fingerprint and the "
                                                    "cross-signing state, as the homeserver sees them.")
    _common(status, suppress=True)
    _common(matrix, suppress=True)
    return parser


def database_url(settings: Settings, db_option: str | None) -> str:
    if db_option:
        return db_option if "://" in db_option else f"sqlite:///{Path(db_option)}"
    return settings.database_url or f"sqlite:///{Path(DEFAULT_DB_FILE)}"


def with_database_default(settings: Settings, db_option: str | None = None) -> Settings:
    """`chat` and `serve` use the same database when none is configured: zorgbot.db here."""
    return settings.model_copy(update={"database_url": database_url(settings, db_option)})


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    if args.command == "serve" and argv is None:
        _restart_lean()
    from bot.config import ConfigError, load_settings    # pydantic: after the restart, not before it
    # Case data: whatever this process creates (database, WAL, exports, keys) is owner-only.
    owner_only_umask()
    try:
        settings = load_settings(args.config)
    except ConfigError as problem:
        print(f"zorgbot: configuration error: {problem}", file=sys.stderr)
        return 2
    try:
        prepare_data_dir(settings)
    except OSError as problem:
        print(f"zorgbot: data_dir {settings.data_dir} cannot be used ({problem.strerror or type(problem).__name__}); "
              "choose another data_dir or fix its permissions", file=sys.stderr)
        return 2
    # In the terminal chat, log lines would mix with the conversation: warnings only, unless --verbose.
    level = "warning" if args.command == "chat" else settings.log_level
    logs.configure(level, verbose=args.verbose)
    if args.command == "chat":
        return _chat(settings, args)
    if args.command == "serve":
        return _serve(settings, args)
    if args.command == "matrix":
        return _matrix(settings, args, parser)
    parser.print_help()
    return 2


def _restart_lean() -> None:
    """`serve` runs for months: restart it at once as `python -OO`, which leaves out the docstrings of
    every library (SQLAlchemy's above all) and asserts, about 5 MiB of the resident memory.

    Not done when the interpreter already optimises or when PYTHONOPTIMIZE is set (an administrator's
    explicit choice, 0 included), and not when the optimised bytecode is neither there nor writable:
    compiling every library at each start would cost seconds (`make install` writes it)."""
    if sys.flags.optimize >= 2 or "PYTHONOPTIMIZE" in os.environ or not _lean_bytecode_usable():
        return
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, [sys.executable, "-OO", "-P", "-m", "bot.cli", *sys.argv[1:]])


def _lean_bytecode_usable() -> bool:
    """The optimised bytecode of the largest library is there, or Python may write it on this start."""
    spec = importlib.util.find_spec("sqlalchemy")
    if spec is None or not spec.origin:
        return False
    compiled = Path(importlib.util.cache_from_source(spec.origin, optimization=2))
    if compiled.exists():
        return True
    return not sys.dont_write_bytecode and os.access(compiled.parent, os.W_OK)


def prepare_data_dir(settings: Settings) -> None:
    """The data directory and everything in it owner-only, also what an earlier run left open."""
    ensure_private_dir(settings.data_dir)
    tighten(settings.data_dir)


def _chat(settings: Settings, args) -> int:
    from bot.app import build, settle_after_start
    from bot.transports.console import Console
    from state.db import DatabaseSetupError

    settings = with_database_default(settings, args.db)
    try:
        services, router = build(settings, forced_language=args.lang)
    except DatabaseSetupError as problem:
        print(f"zorgbot: {problem}", file=sys.stderr)
        return 2
    settle_after_start()
    try:
        return asyncio.run(Console(services, router).run())
    finally:
        router.close()
        services.db.dispose()


def _serve(settings: Settings, args) -> int:
    if args.config is None and not (settings.matrix.enabled or settings.telegram.enabled):
        print("zorgbot: serve needs --config FILE with a [matrix] or [telegram] section "
              "(see README, 'Configuration')", file=sys.stderr)
        return 2
    from bot.serve import serve
    return asyncio.run(serve(with_database_default(settings), forced_language=args.lang))


def _matrix(settings: Settings, args, parser) -> int:
    if args.matrix_command != "status":
        parser.parse_args(["matrix", "--help"])
        return 2
    from bot.serve import matrix_status
    return asyncio.run(matrix_status(settings))


if __name__ == "__main__":
    sys.exit(main())
