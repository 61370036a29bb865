"""!hulp / !help: the overview and per-command help, generated from the command table."""
from __future__ import annotations

from core import policy
from core.commands import Command, CommandTable
from core.i18n import spell_list
from core.messages import Reply
from core.roles import ADMIN
from core.usage import usage_line
from dialogues.context import Context


# The areas of !hulp, by the module that declares a command: one short line each on the overview,
# the commands with their summaries on `!hulp AREA`.
AREAS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("basics", ("handlers.help", "handlers.team", "handlers.language", "handlers.rooms", "handlers.link",
                "handlers.matrix_trust")),
    ("tasks", ("handlers.action", "handlers.drafts")),
    ("meetings", ("handlers.meeting",)),
    ("privacy", ("handlers.consent", "handlers.case_data")),
    ("advice", ("handlers.escalation", "handlers.sources")),
)
OTHER = "other"
# Commands that only mean something on some transports, by the module that declares them: help on any
# other transport does not list them (Matrix identities, verification and encryption: no such thing on
# Telegram or in the console).
ONLY_ON: tuple[tuple[str, frozenset[str]], ...] = (
    ("handlers.matrix_trust", frozenset({"matrix"})),
)


def _module(command: Command) -> str:
    handler = command.handler or next((s.handler for s in command.subcommands if s.handler), None)
    return getattr(handler, "__module__", "")


def _on_this_transport(ctx: Context, command: Command) -> bool:
    module = _module(command)
    return next((ctx.inbound.transport in transports for prefix, transports in ONLY_ON
                 if module.startswith(prefix)), True)


def _visible(ctx: Context, command: Command) -> bool:
    return policy.shown_in_help(command.roles, ctx.roles, is_member=ctx.member is not None,
                                needs_team=command.needs_team) and _on_this_transport(ctx, command)


def _area(command: Command) -> str:
    module = _module(command)
    return next((area for area, prefixes in AREAS if module.startswith(prefixes)), OTHER)


def _shown(ctx: Context, command: Command) -> str:
    name = command.alias if ctx.lang == "en" else command.name
    other = command.name if ctx.lang == "en" else command.alias
    return f"!{name}" if name == other else f"!{name} (!{other})"


def _by_area(ctx: Context, table: CommandTable) -> dict[str, list[Command]]:
    found: dict[str, list[Command]] = {}
    for command in table.commands:
        if _visible(ctx, command):
            found.setdefault(_area(command), []).append(command)
    order = [area for area, _ in AREAS] + [OTHER]
    return dict(sorted(found.items(), key=lambda item: order.index(item[0])))


def area_word(ctx: Context, area: str) -> str:
    return ctx.t(f"help.area_word.{area}")


def overview(ctx: Context, table: CommandTable) -> list[Reply]:
    """One screen: per area a line with its commands (only those the member may run)."""
    lines = [ctx.t("help.title")]
    for area, commands in _by_area(ctx, table).items():
        names = " · ".join(_shown(ctx, c) for c in commands)
        lines.append(f"{ctx.t(f'help.area.{area}')}: {names}")
    lines.append(ctx.t("help.more_areas", areas=" · ".join(area_word(ctx, a) for a in _by_area(ctx, table))))
    if ctx.member is None and ctx.team is not None and ADMIN not in ctx.roles:
        lines.append(ctx.t("help.not_a_member", team=ctx.team.name))
    return [Reply("\n".join(lines))]


def area_help(ctx: Context, table: CommandTable, area: str) -> list[Reply]:
    """!hulp AREA: each command of the area with its summary, and the sub-commands the member may run."""
    lines = [ctx.t(f"help.area.{area}")]
    for command in _by_area(ctx, table).get(area, []):
        lines.append(f"{_shown(ctx, command)}: {ctx.t(command.summary)}")
        for sub in command.subcommands:
            if _visible(ctx, sub):
                lines.append(f"  {usage_line(ctx, (command, sub))}: {ctx.t(sub.summary)}")
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
    lines.extend(subcommand_lines(ctx, path))
    return [Reply("\n".join(lines))]


def subcommand_lines(ctx: Context, path: tuple[Command, ...]) -> list[str]:
    """"  !overleg plan: ..." for each sub-command of path's last command the member may run (a plain
    member is not pointed at the lead's sub-commands)."""
    return [f"  {usage_line(ctx, path + (sub,))}: {ctx.t(sub.summary)}"
            for sub in path[-1].subcommands if _visible(ctx, sub)]


def make_help_handler(table: CommandTable):
    def handle_help(ctx: Context, topic: str | None) -> list[Reply]:
        if not topic:
            return overview(ctx, table)
        words = topic.lstrip("!/").split()
        command = table.get(words[0])
        areas = {area_word(ctx, area).casefold(): area for area, _ in AREAS + ((OTHER, ()),)}
        if command is None and words[0].casefold() in areas:
            return area_help(ctx, table, areas[words[0].casefold()])
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
