"""Wiring: settings, database, clock, dialogues and commands, built once per process."""
from __future__ import annotations

import gc
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from bot.config import Settings
from bot.registry import build_answerers, build_commands, build_dialogues
from bot.router import Router
from core import i18n
from core.clock import Clock
from core.commands import CommandTable
from dialogues.engine import DialogueEngine
from handlers import questions
from state.db import Database
from state.erasure import remove_case_files, remove_history_file


@dataclass
class Services:
    settings: Settings
    db: Database
    clock: Clock
    dialogues: DialogueEngine
    commands: CommandTable
    forced_language: str | None = None
    # Facts the transports learn at start-up that a turn needs: the console's local user is an
    # administrator there; the Telegram bot's @username goes into link instructions.
    console_admins: set[str] = field(default_factory=set)
    telegram_username: str | None = None


def build(settings: Settings, *, clock: Clock | None = None, forced_language: str | None = None,
          database: Database | None = None) -> tuple[Services, Router]:
    db = database or Database(settings.database_url)
    files, history = files_dir(settings), Path(settings.data_dir) / "console-history"
    db.erasure_listeners.append(lambda _team_id, code: remove_case_files(files, code))
    # The console keeps no history file any more; one left by an earlier version holds answers about
    # cases that do not name them, so it cannot be cleaned line by line: it goes as a whole.
    db.erasure_listeners.append(lambda _team_id, _code: remove_history_file(history))
    engine = DialogueEngine(build_dialogues(), timeout=timedelta(minutes=settings.dialogue_timeout_minutes),
                            off_answer=questions.safety_answer)
    commands = build_commands()
    i18n.spell_commands_with(commands.spelled)    # {cmd.hulp} in a catalog text: "!hulp" / "!help"
    services = Services(settings=settings, db=db, clock=clock or Clock(), dialogues=engine,
                        commands=commands, forced_language=forced_language)
    return services, Router(services, commands, build_answerers())


def files_dir(settings: Settings) -> Path:
    """Where saved files (exports, letters, calendars, minutes) go: owner-only, erased with their case."""
    return Path(settings.data_dir) / "files"


def settle_after_start() -> None:
    """Once the program is up: collect start-up garbage and freeze what remains (modules, catalogs,
    command tables, dialogue machines), so that later full collections need not walk it again and
    their pauses stay short. For long-running processes, not for tests."""
    gc.collect()
    gc.freeze()
