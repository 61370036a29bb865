"""Usage lines generated from the command declarations, in the member's language."""
from __future__ import annotations

from core.commands import Command


def _name(command: Command, lang: str) -> str:
    return command.alias if lang == "en" else command.name


def spelled_path(ctx, path: tuple[Command, ...]) -> str:
    """"!overleg plan" (or "!meeting plan"): the command as typed, without its arguments."""
    return " ".join(["!" + _name(path[0], ctx.lang)] + [_name(c, ctx.lang) for c in path[1:]])


def usage_line(ctx, path: tuple[Command, ...]) -> str:
    words = [spelled_path(ctx, path)]
    leaf = path[-1]
    for arg in leaf.args:
        label = ctx.t(arg.name)
        words.append(f"<{label}>" if arg.required else f"[{label}]")
    if leaf.subcommands and leaf.handler is None:
        words.append("|".join(_name(sub, ctx.lang) for sub in leaf.subcommands))
    return " ".join(words)
