"""Changing an action by its short number: done, reopen, new date, snooze, reassign, drop, note.

Every command here goes through `changeable`, which applies the one rule of core.policy.may_change_action
(only the owner, the chair or the IB'er) and, when it refuses, says who can.
"""
from __future__ import annotations

from datetime import datetime

from babel.numbers import format_decimal

from core.commands import Arg, Command
from core.i18n import N_, spell_list
from core.messages import Reply
from dialogues.action_changes import apply_date, changeable, store_note
from dialogues.action_register import day_off_text, read_date
from dialogues.action_text import command_name, spell_when
from dialogues.context import Context
from dialogues.plausible import MAX_TEXT, hold_named
from state import actions as store
from state import reminders


def done(ctx: Context, number: int) -> list[Reply]:
    action, problem = changeable(ctx, number)
    if action is None:
        return problem
    following = store.complete_action(ctx.session, ctx.team, action, actor=ctx.actor, now=ctx.now())
    replies = [ctx.reply("action.done", number=number)]
    if following is not None:
        replies.append(ctx.reply("action.done_next", number=following.number,
                                 when=spell_when(ctx, following.due_at)))
    return replies


def reopen(ctx: Context, number: int) -> list[Reply]:
    action, problem = changeable(ctx, number, statuses=(store.DONE, store.CANCELLED))
    if action is None:
        return problem
    store.reopen_action(ctx.session, ctx.team, action, actor=ctx.actor, now=ctx.now())
    return [ctx.reply("action.reopened", number=number, when=spell_when(ctx, action.due_at))]


def cancel(ctx: Context, number: int) -> list[Reply]:
    action, problem = changeable(ctx, number)
    if action is None:
        return problem
    store.cancel_action(ctx.session, ctx.team, action, actor=ctx.actor, now=ctx.now())
    return [ctx.reply("action.cancelled", number=number,
                      reopen=command_name("heropen", "reopen", ctx.lang))]


def _date_command(ctx: Context, op: str, number: int, text: str | None) -> list[Reply]:
    action, problem = changeable(ctx, number)
    if action is None:
        return problem
    if not text and op == "snooze":
        settings = reminders.ReminderSettings.of(ctx.team)
        return apply_date(ctx, op, number, reminders.next_daily(settings, ctx.tz, ctx.now()))
    # A new deadline on a day off is asked about, as for !actie; a snooze may end on any day (its
    # reminder waits for the next working day anyway).
    due = read_date(ctx, text, working_day=op == "reschedule") if text \
        else {"at": None, "problem": None, "suggestion": None, "phrase": ""}
    if due["at"]:
        replies = apply_date(ctx, op, number, datetime.fromisoformat(due["at"]))
        if due.get("moved") and op == "reschedule" and replies:
            replies[0].text += "\n" + ctx.t("action.created_moved", why=day_off_text(ctx, due["moved"]))
        return replies
    return ctx.services.dialogues.start(ctx, "action_date", {"op": op, "number": number, "due": due})


def reschedule(ctx: Context, number: int, text: str | None) -> list[Reply]:
    return _date_command(ctx, "reschedule", number, text)


def snooze(ctx: Context, number: int, text: str | None) -> list[Reply]:
    return _date_command(ctx, "snooze", number, text)


def reassign(ctx: Context, number: int, who: str) -> list[Reply]:
    action, problem = changeable(ctx, number)
    if action is None:
        return problem
    found = store.find_owner(ctx.session, ctx.team.id, who, ctx.member)
    if not found:
        return [ctx.reply("action.owner_unknown", name=who)]
    if len(found) > 1:
        return [ctx.reply("action.owner_which", names=spell_list([m.display_name for m in found], ctx.lang, "or"))]
    owner = found[0]
    if owner.id == action.owner_member_id:
        return [ctx.reply("action.reassign_same", number=number, name=owner.display_name)]
    store.reassign_action(ctx.session, ctx.team, action, owner, actor=ctx.actor, now=ctx.now())
    return [Reply(ctx.t("action.reassigned", number=number, name=owner.display_name,
                        when=spell_when(ctx, action.due_at)), mentions=[owner.user_id])]


def note(ctx: Context, number: int, text: str) -> list[Reply]:
    if len(text) > MAX_TEXT:       # refused whole: nothing stored or echoed
        return [ctx.reply("input.too_long", length=format_decimal(len(text), locale=ctx.lang), limit=MAX_TEXT)]
    return hold_named(ctx, "note_rephrase", text, {"number": number}) or store_note(ctx, number, text)  # a name?


NUMBER = Arg(N_("arg.action_number"), "int")
ORDER = 21
COMMANDS = [
    Command("klaar", "done", N_("cmd.klaar.summary"), handler=done, args=(NUMBER,), changes_actions=True),
    Command("heropen", "reopen", N_("cmd.heropen.summary"), handler=reopen, args=(NUMBER,), changes_actions=True),
    Command("verzet", "reschedule", N_("cmd.verzet.summary"), handler=reschedule, details=N_("cmd.verzet.details"),
            args=(NUMBER, Arg(N_("arg.action_when"), "text", required=False)), starts_dialogue=True,
            changes_actions=True),
    Command("uitstel", "snooze", N_("cmd.uitstel.summary"), handler=snooze, details=N_("cmd.uitstel.details"),
            args=(NUMBER, Arg(N_("arg.action_when"), "text", required=False)), starts_dialogue=True,
            changes_actions=True),
    Command("overdragen", "reassign", N_("cmd.overdragen.summary"), handler=reassign,
            args=(NUMBER, Arg(N_("arg.action_owner"), "text")), changes_actions=True),
    Command("schrap", "drop", N_("cmd.schrap.summary"), handler=cancel, args=(NUMBER,), changes_actions=True),
    Command("notitie", "note", N_("cmd.notitie.summary"), handler=note, details=N_("cmd.notitie.details"),
            args=(NUMBER, Arg(N_("arg.action_note"), "text")), case_data=True),
]
