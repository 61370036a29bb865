"""!taal / !language: a member's own language."""
from __future__ import annotations

from core.commands import Arg, Command
from core.i18n import N_, normalise_language, t
from core.messages import Reply
from dialogues.context import Context


def set_language(ctx: Context, value: str | None) -> list[Reply]:
    if value is None:
        return [ctx.reply("language.current", language=ctx.t(f"language.{ctx.lang}"))]
    lang = normalise_language(value)
    if lang is None:
        return [ctx.reply("language.unknown", value=value)]
    ctx.member.language = lang
    ctx.extra["language_chosen"] = True     # a choice: no note on how to choose after it
    ctx.session.add(ctx.member)
    ctx.audit("member/language", f"member:{ctx.member.id}", language=lang)
    return [Reply(t("language.set", lang, language=t(f"language.{lang}", lang)))]


ORDER = 95

COMMANDS = [
    Command("taal", "language", N_("cmd.taal.summary"), handler=set_language,
            args=(Arg(N_("arg.language"), required=False),)),
]
