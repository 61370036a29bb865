"""!hulp / !help: the overview and per-command help, generated from the command table."""
from __future__ import annotations

from core import policy
from core.commands import Command, CommandTable
from core.i18n import spell_list
from core.messages import Reply
from core.usage import usage_line
from dialogues.context import Context


def _visible(ctx: Context, command: Command) -> bool:
    return policy.shown_in_help(command.roles, ctx.roles, is_member=ctx.member is not None)


def overview(ctx: Context, table: CommandTable) -> list[Reply]:
    lines = [ctx.t("help.title")]
    for command in table.commands:
        if not _visible(ctx, command):
            continue
        name = command.alias if ctx.lang == "en" else command.name
        other = command.name if ctx.lang == "en" else command.alias
        shown = f"!{name}" if name == other else f"!{name} (!{other})"
        lines.append(f"{shown}: {ctx.t(command.summary)}")
    lines.append(ctx.t("help.more"))
    return [Reply("\n".join(lines))]


def help_for(ctx: Context, table: CommandTable, path: tuple[Command, ...]) -> list[Reply]:
    command = path[-1]
    lines = [usage_line(ctx, path), ctx.t(command.summary)]
    if command.details:
        lines.append(ctx.t(command.details))
    if command.roles:
        roles = [ctx.t(f"role.{role}") for role in sorted(command.roles)]
        lines.append(ctx.t("help.who_may", roles=spell_list(roles, ctx.lang, "or")))
    for sub in command.subcommands:
        lines.append(f"  {usage_line(ctx, path + (sub,))}: {ctx.t(sub.summary)}")
    return [Reply("\n".join(lines))]


def make_help_handler(table: CommandTable):
    def handle_help(ctx: Context, topic: str | None) -> list[Reply]:
        if not topic:
            return overview(ctx, table)
        words = topic.lstrip("!/").split()
        command = table.get(words[0])
        if command is None:
            suggestions = table.suggest(words[0])
            key = "help.unknown_suggest" if suggestions else "help.unknown"
            return [ctx.reply(key, command=words[0],
                              suggestion=spell_list([f"!{s}" for s in suggestions], ctx.lang, "or"))]
        path = (command,)
        for word in words[1:]:
            sub = path[-1].find_sub(word)
            if sub is None:
                break
            path += (sub,)
        return help_for(ctx, table, path)
    return handle_help
