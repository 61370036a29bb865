"""The one command table and the dialogues, collected from the handler modules."""
from __future__ import annotations

from bot.commands import Arg, Command, CommandTable
from bot.i18n import N_
from handlers import help as help_module
from handlers import language, team
from dialogues.team_setup import TEAM_SETUP


def build_commands() -> CommandTable:
    table = CommandTable()
    table.add(Command("hulp", "help", N_("cmd.hulp.summary"), handler=None, needs_team=False,
                      args=(Arg(N_("arg.command"), "text", required=False),)))
    for module in (team, language):
        table.extend(module.COMMANDS)
    # The help handler needs the finished table, so it is attached last.
    table.commands[0] = Command("hulp", "help", N_("cmd.hulp.summary"),
                                handler=help_module.make_help_handler(table), needs_team=False,
                                args=(Arg(N_("arg.command"), "text", required=False),))
    return table


def build_dialogues() -> list:
    return [TEAM_SETUP]


def build_answerers() -> list:
    """Plain-text question answerers, tried in order (consent and escalation FAQs join here)."""
    return []
