"""Changing one action: who may, and applying a new date (the end of the date dialogue and of
!verzet / !uitstel alike)."""
from __future__ import annotations

from datetime import datetime, timezone

from core import policy
from core.i18n import spell_list
from core.messages import Reply
from dialogues.action_text import command_name, spell_when
from dialogues.context import Context
from state import actions as store
from state.models import Action


def refusal(ctx: Context, action: Action) -> Reply:
    """Who may change this action, by name where the team has them."""
    owner, leads = store.who_may_change(ctx.session, action)
    names = [ctx.t("action.who_owner", name=owner.display_name)] if owner else []
    for role, holders in leads:
        role_name = ctx.t(f"role.{role}")
        names.extend(f"{m.display_name} ({role_name})" for m in holders if not owner or m.id != owner.id)
        if not holders:
            names.append(ctx.t("action.who_role", role=role_name))
    return ctx.reply("action.not_allowed", number=action.number, who=spell_list(names, ctx.lang, "or"))


def changeable(ctx: Context, number: int, *, statuses: tuple[str, ...] = (store.OPEN,)) -> tuple[Action | None, list[Reply]]:
    action = store.get_action(ctx.session, ctx.team.id, number)
    if action is None:
        return None, [ctx.reply("action.not_found", number=number)]
    if not policy.may_change_action(ctx.member.id if ctx.member else None, ctx.roles, action.owner_member_id):
        return None, [refusal(ctx, action)]
    if action.status not in statuses:
        return None, [ctx.reply(f"action.already_{action.status}", number=number)]
    return action, []


def apply_date(ctx: Context, op: str, number: int, moment: datetime) -> list[Reply]:
    """Give action `number` a new due date, or snooze its reminders until `moment`."""
    action, problem = changeable(ctx, number)
    if action is None:
        return problem
    if moment <= ctx.now():
        return [ctx.reply("action.date_passed_meanwhile")]
    if op == "reschedule":
        store.reschedule_action(ctx.session, ctx.team, action, moment, actor=ctx.actor, now=ctx.now())
        return [ctx.reply("action.rescheduled", number=number, when=spell_when(ctx, moment))]
    due_at = action.due_at if action.due_at.tzinfo else action.due_at.replace(tzinfo=timezone.utc)
    if ctx.now() < due_at < moment:
        # Snoozed past the deadline, the reminders of the day itself and 'over tijd' would never come:
        # nothing is snoozed; moving the deadline (which moves the reminders) is offered instead.
        day = moment.astimezone(ctx.tz).strftime("%d-%m-%Y")
        return [ctx.reply("action.snooze_after_due", number=number, due=spell_when(ctx, due_at),
                          when=spell_when(ctx, moment),
                          command=f"{command_name('verzet', 'reschedule', ctx.lang)} {number} {day}")]
    until = store.snooze(ctx.session, ctx.team, action, moment, actor=ctx.actor, now=ctx.now())
    return [ctx.reply("action.snoozed", number=number, when=spell_when(ctx, until),
                      due=spell_when(ctx, action.due_at))]


def store_note(ctx: Context, number: int, text: str) -> list[Reply]:
    action, problem = changeable(ctx, number, statuses=(store.OPEN, store.DONE, store.CANCELLED))
    if action is None:
        return problem
    store.add_note(ctx.session, ctx.team, action, text, author=ctx.member, actor=ctx.actor, now=ctx.now())
    return [ctx.reply("action.noted", number=number, count=len(action.notes))]
