"""!open / !pending: a member's drafts, records that were complete but not confirmed when their dialogue
timed out or another one interrupted it (dialogues/engine.py keeps them). List, confirm, drop."""
from __future__ import annotations

from datetime import timezone

from core.commands import Arg, Command
from core.i18n import N_, spell_datetime
from core.messages import Reply
from dialogues.context import Context
from state import drafts as drafts_store
from state.models import Draft


def draft_command(ctx: Context, sub: str = "") -> str:
    words = {"nl": ("open", {"confirm": "bevestig", "drop": "weg"}), "en": ("pending", {})}
    name, subs = words.get(ctx.lang, words["nl"])
    return f"!{name} {subs.get(sub, sub)}".strip()


def draft_lines(ctx: Context, found: list[Draft], *, codes: bool = False) -> list[str]:
    """One line per draft, numbered as `!open bevestig N` takes them: the draft's stored id, so the
    number a member saw still means the same draft after another one is confirmed or dropped."""
    engine = ctx.services.dialogues
    lines = []
    for draft in found:
        number = draft.id
        dialogue = engine.dialogues.get(draft.dialogue)
        what = ctx.t("dialogue.quoted", title=ctx.t(dialogue.title)) if codes and dialogue \
            else engine.describe(ctx, dialogue, draft.answers)
        lines.append(ctx.t("drafts.line", number=number, what=what,
                           when=spell_datetime(_aware(draft.created_at), ctx.lang, ctx.tz)))
    return lines


def _aware(moment):
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)   # SQLite hands back naive UTC


def list_drafts(ctx: Context) -> list[Reply]:
    found = ctx.services.dialogues.drafts(ctx)
    if not found:
        return [ctx.reply("drafts.empty")]
    hint = ctx.t("drafts.hint", confirm=draft_command(ctx, "confirm"), drop=draft_command(ctx, "drop"))
    title = ctx.t("drafts.title", count=len(found))
    return [Reply("\n".join([title, *draft_lines(ctx, found), hint]), privacy="full",
                  withheld_text="\n".join([title, *draft_lines(ctx, found, codes=True), hint]))]


def _numbered(ctx: Context, number: int) -> tuple[Draft | None, list[Reply]]:
    inbound = ctx.inbound
    draft = drafts_store.of_member_numbered(ctx.session, inbound.transport, inbound.user_id,
                                            ctx.team.id if ctx.team else None, number)
    if draft is not None:
        return draft, []
    return None, [ctx.reply("drafts.not_found", number=number, command=draft_command(ctx))]


def confirm_draft(ctx: Context, number: int) -> list[Reply]:
    draft, problem = _numbered(ctx, number)
    if draft is None:
        return problem
    ctx.audit("draft/confirmed", f"draft:{draft.id}", dialogue=draft.dialogue)
    return ctx.services.dialogues.confirm_draft(ctx, draft)


def drop_draft(ctx: Context, number: int) -> list[Reply]:
    draft, problem = _numbered(ctx, number)
    if draft is None:
        return problem
    engine = ctx.services.dialogues
    dialogue = engine.dialogues.get(draft.dialogue)
    what = engine.describe(ctx, dialogue, draft.answers)
    codes = ctx.t("dialogue.quoted", title=ctx.t(dialogue.title)) if dialogue else what
    ctx.session.delete(draft)
    ctx.audit("draft/dropped", f"draft:{draft.id}", dialogue=draft.dialogue)
    return [Reply(ctx.t("drafts.dropped", what=what), privacy="full", withheld_text=ctx.t("drafts.dropped", what=codes))]


ORDER = 21
COMMANDS = [
    Command("open", "pending", N_("cmd.open.summary"), handler=list_drafts, details=N_("cmd.open.details"),
            case_data=True, subcommands=(
                Command("bevestig", "confirm", N_("cmd.open_confirm.summary"), handler=confirm_draft,
                        args=(Arg(N_("arg.draft_number"), "int"),), case_data=True),
                Command("weg", "drop", N_("cmd.open_drop.summary"), handler=drop_draft,
                        args=(Arg(N_("arg.draft_number"), "int"),), case_data=True),
            )),
]
