"""The one registry: commands, dialogues, question answerers and reminder kinds, collected from the modules.

A handler module declares `COMMANDS` (and may set `ORDER` for its place in !help,
`ANSWERERS` for plain questions and `REMINDERS` for the reminder kinds it renders); a dialogue
module declares `DIALOGUES`. Nothing else needs to be registered by hand.
"""
from __future__ import annotations

import importlib
import pkgutil

import dialogues
import handlers
from core.commands import Arg, Command, CommandTable
from core.i18n import N_
from handlers.help import make_help_handler
from handlers.reminder_kind import ReminderKind


def _modules(package):
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if not info.ispkg and info.name != "engine":
            yield importlib.import_module(f"{package.__name__}.{info.name}")


def _handler_modules():
    return sorted((m for m in _modules(handlers) if hasattr(m, "COMMANDS")),
                  key=lambda m: (getattr(m, "ORDER", 50), m.__name__))


def build_commands() -> CommandTable:
    table = CommandTable()
    table.add(Command("hulp", "help", N_("cmd.hulp.summary"), handler=make_help_handler(table),
                      needs_team=False, args=(Arg(N_("arg.command"), "text", required=False),)))
    for module in _handler_modules():
        table.extend(module.COMMANDS)
    return table


def build_dialogues() -> list:
    return [dialogue for module in _modules(dialogues) for dialogue in getattr(module, "DIALOGUES", [])]


def build_answerers() -> list:
    """Plain-text question answerers, tried in the handler modules' order."""
    return [answerer for module in _handler_modules() for answerer in getattr(module, "ANSWERERS", [])]


def discover_kinds() -> dict[str, ReminderKind]:
    """Every reminder kind a handler module declares in `REMINDERS`; a kind declared twice is an error."""
    kinds: dict[str, ReminderKind] = {}
    for module in _modules(handlers):
        for kind, spec in getattr(module, "REMINDERS", {}).items():
            if kind in kinds:
                raise ValueError(f"reminder kind {kind!r} is declared twice")
            kinds[kind] = spec
    return kinds
