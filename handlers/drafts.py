"""!open / !pending: a member's drafts, records that were complete but not confirmed when their dialogue
timed out or another one interrupted it, and dialogues that timed out half filled in (dialogues/engine.py
keeps them). List, confirm or resume (`!open N`), drop."""
from __future__ import annotations

from datetime import timezone

from core.commands import Arg, Command
from core.i18n import N_, spell_datetime
from core.messages import Reply
from dialogues.context import Context
from dialogues.engine import not_an_answer
from state import drafts as drafts_store
from state.models import Draft


#: what a late confirmation looks like
YES_WORDS = frozenset({"ja", "j", "yes", "y", "ok", "oké", "okay", "goed", "prima", "opslaan", "save"})


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
        when = spell_datetime(_aware(draft.created_at), ctx.lang, ctx.tz)
        stopped = engine.partial(draft)
        if stopped is not None and dialogue is not None:
            lines.append(ctx.t("drafts.line_partial", number=number, what=what, when=when,
                               resume=f"{draft_command(ctx)} {number}"))
        else:
            lines.append(ctx.t("drafts.line", number=number, what=what, when=when))
    return lines


def _aware(moment):
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)   # SQLite hands back naive UTC


def list_drafts(ctx: Context, number: int | None = None) -> list[Reply]:
    """!open: the list; !open N: resume a half-filled draft (a complete one is confirmed or dropped)."""
    if number is not None:
        return resume_draft(ctx, number)
    engine = ctx.services.dialogues
    found = engine.drafts(ctx)
    if not found:
        return [ctx.reply("drafts.empty")]
    hint = ctx.t("drafts.hint", confirm=draft_command(ctx, "confirm"), drop=draft_command(ctx, "drop"))
    partial = any(engine.partial(draft) is not None for draft in found)
    title = ctx.t("drafts.title_partial" if partial else "drafts.title", count=len(found))
    return [Reply("\n".join([title, *draft_lines(ctx, found), hint]), privacy="full",
                  withheld_text="\n".join([title, *draft_lines(ctx, found, codes=True), hint]))]


def _numbered(ctx: Context, number: int) -> tuple[Draft | None, list[Reply]]:
    inbound = ctx.inbound
    draft = drafts_store.of_member_numbered(ctx.session, inbound.transport, inbound.user_id,
                                            ctx.team.id if ctx.team else None, number)
    if draft is not None:
        return draft, []
    return None, [ctx.reply("drafts.not_found", number=number, command=draft_command(ctx))]


def resume_draft(ctx: Context, number: int) -> list[Reply]:
    draft, problem = _numbered(ctx, number)
    if draft is None:
        return problem
    engine = ctx.services.dialogues
    if engine.partial(draft) is None:     # complete: only a confirmation is missing
        return [ctx.reply("drafts.complete_hint", number=number, confirm=draft_command(ctx, "confirm"),
                          drop=draft_command(ctx, "drop"))]
    ctx.audit("draft/resumed", f"draft:{draft.id}", dialogue=draft.dialogue)
    return engine.resume_draft(ctx, draft)


def confirm_draft(ctx: Context, number: int) -> list[Reply]:
    draft, problem = _numbered(ctx, number)
    if draft is None:
        return problem
    if ctx.services.dialogues.partial(draft) is not None:    # half filled in: nothing to confirm yet
        return resume_draft(ctx, number)
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


def answer_late_line(ctx: Context, text: str) -> list[Reply] | None:
    """The line that found its dialogue timed out (and kept as a draft, said just before) is not an
    answer to anything else: no topic menu, only that it was not put in the draft. A question, a
    greeting or what the safety answer is for still goes on to be answered."""
    waiting_yes = ctx.extra.get("draft_to_confirm")
    if waiting_yes and text.strip().casefold().rstrip(".!") in YES_WORDS:
        # The confirmation came after the time-out: saying so beats "Dat kan ik niet plaatsen", and
        # saving it unasked would skip the look at the summary the time-out notice just showed.
        return [Reply(ctx.t("drafts.late_yes", command=f"{draft_command(ctx, 'confirm')} {waiting_yes}"),
                      in_thread=True)]
    if not ctx.extra.get("draft_kept"):
        return None
    engine = ctx.services.dialogues
    if not_an_answer(text) or (engine.off_answer is not None and engine.off_answer(ctx, text)):
        return None
    return [Reply(ctx.t("drafts.late_line", command=f"{draft_command(ctx)} {ctx.extra['draft_kept']}"),
                  in_thread=True)]


ORDER = 21
ANSWERERS = [answer_late_line]
COMMANDS = [
    Command("open", "pending", N_("cmd.open.summary"), handler=list_drafts, details=N_("cmd.open.details"),
            args=(Arg(N_("arg.draft_number"), "int", required=False),),
            case_data=True, subcommands=(
                Command("bevestig", "confirm", N_("cmd.open_confirm.summary"), handler=confirm_draft,
                        args=(Arg(N_("arg.draft_number"), "int"),), case_data=True),
                Command("weg", "drop", N_("cmd.open_drop.summary"), handler=drop_draft,
                        args=(Arg(N_("arg.draft_number"), "int"),), case_data=True),
            )),
]
