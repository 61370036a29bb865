"""!bron / !source REF: the quoted passage behind a reference in zorgbot's advice.

Every cited statement ends with a reference such as (003:L2849-2857); a member who wants to check
it types `!bron 003:L2849-2857` and reads the passage itself, with the document's name and headings.
"""
from __future__ import annotations

from core.commands import Arg, Command
from dialogues.context import Context
from core.i18n import N_
from core.messages import Reply
from dialogues.knowledge.citations import UnknownReference, cite, parse_ref, passage

ORDER = 88


def show_source(ctx: Context, ref_text: str) -> list[Reply]:
    try:
        ref = parse_ref(ref_text)
    except UnknownReference as problem:
        return [ctx.reply(problem.key, ref=ref_text.strip())]
    # The documents are public texts, not case data: the reply may travel anywhere.
    return [Reply(ctx.t("sources.passage", citation=cite(ref, ctx.lang), passage=passage(ref)),
                  privacy="advice")]


COMMANDS = [
    Command("bron", "source", N_("cmd.bron.summary"), handler=show_source, needs_team=False,
            details=N_("cmd.bron.details"), args=(Arg(N_("arg.source_ref"), "text"),)),
]
