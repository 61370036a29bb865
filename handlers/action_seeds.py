"""Seed rules around actions: the case coordinator and the three-month aftercare.

DOMAIN.md section 4: a case coordinator whenever several actions run (004:L3165-3167, L2516-2518),
members report back to the coordinator (004:L2469-2477), and the team contacts teacher and parents
three months after the last discussion (004:L2550-2558).
"""
from __future__ import annotations

from datetime import date

from core.cases import CaseCodeError, normalise_case_code
from core.commands import Arg, Command, is_number_word, read_number, shown
from core.i18n import N_, spell_list
from core.messages import Reply
from dialogues.action_register import confirmation
from dialogues.action_text import command_name, spell_when
from dialogues.context import Context
from state import actions as store
from state.cases import find_case
from state.models import Case, Member
from state.privacy import case_label


def _case_of(ctx: Context, ref: str) -> tuple[Case | None, Reply | None]:
    """A case named by its code or by the number of one of its actions (so an anonymous case can be
    named without typing its code)."""
    if is_number_word(ref):
        number = read_number(ref)
        action = store.get_action(ctx.session, ctx.team.id, number) if number is not None else None
        if action is None:
            return None, ctx.reply("action.not_found", number=shown(ref.lstrip("#")))
        if action.case_id is None:
            return None, ctx.reply("action.no_case", number=action.number)
        return ctx.session.get(Case, action.case_id), None
    try:
        code = normalise_case_code(ref)
    except CaseCodeError as problem:
        return None, ctx.reply(problem.key, value=ref)
    case = find_case(ctx.session, ctx.team.id, code)
    return (case, None) if case else (None, ctx.reply("action.case_unknown"))


def coordinator(ctx: Context, ref: str, who: str | None) -> list[Reply]:
    case, problem = _case_of(ctx, ref)
    if case is None:
        return [problem]
    label = case_label(ctx.session, case, ctx.lang)
    if not who:
        current = ctx.session.get(Member, case.coordinator_member_id) if case.coordinator_member_id else None
        if current is None:
            return [Reply(ctx.t("action.coordinator_unset", case=label,
                                command=command_name("coordinator", "coordinator", ctx.lang)), privacy="codes")]
        return [Reply(ctx.t("action.coordinator_current", case=label, name=current.display_name), privacy="codes")]
    found = store.find_owner(ctx.session, ctx.team.id, who, ctx.member)
    if not found:
        return [ctx.reply("action.owner_unknown", name=who)]
    if len(found) > 1:
        return [ctx.reply("action.owner_which", names=spell_list([m.display_name for m in found], ctx.lang, "or"))]
    store.set_coordinator(ctx.session, ctx.team, case, found[0], actor=ctx.actor, now=ctx.now())
    return [Reply(ctx.t("action.coordinator_set", case=label, name=found[0].display_name),
                  mentions=[found[0].user_id], privacy="codes")]


def aftercare(ctx: Context, ref: str) -> list[Reply]:
    case, problem = _case_of(ctx, ref)
    if case is None:
        return [problem]
    description = store.aftercare_description(ctx.team)
    for existing in store.open_actions(ctx.session, ctx.team.id, case_id=case.id):
        if existing.description == description:
            return [ctx.reply("action.aftercare_exists", number=existing.number,
                              when=spell_when(ctx, existing.due_at))]
    today = ctx.now().astimezone(ctx.tz).date()
    action = store.create_aftercare_action(ctx.session, ctx.team, case, after=today,
                                           created_by=ctx.member, actor=ctx.actor, now=ctx.now())
    if action is None:
        return [ctx.reply("action.aftercare_no_owner")]
    owner = ctx.session.get(Member, action.owner_member_id)
    return [confirmation(ctx, action, owner)]


def offer_aftercare(ctx: Context, case: Case, last_discussed: date | None = None) -> Reply:
    """For the meetings code: after a case's last discussion, offer the aftercare action (004:L2550-2558).
    Nothing is created; the reply says how (`!nazorg`)."""
    team = ctx.team
    after = last_discussed or ctx.now().astimezone(ctx.tz).date()
    owner = store.aftercare_owner(ctx.session, team, case)
    label = case_label(ctx.session, case, ctx.lang)
    when = spell_when(ctx, store.aftercare_due(team, after))
    ref = case.code if label == case.code else ctx.t("action.aftercare_ref_code")
    return Reply(ctx.t("action.aftercare_offer", case=label, when=when,
                       owner=owner.display_name if owner else ctx.t("role.ib"),
                       command=f"{command_name('nazorg', 'aftercare', ctx.lang)} {ref}"), privacy="codes")


ORDER = 22
COMMANDS = [
    Command("coordinator", "coordinator", N_("cmd.coordinator.summary"), handler=coordinator,
            details=N_("cmd.coordinator.details"),
            args=(Arg(N_("arg.action_case_or_number")), Arg(N_("arg.action_owner"), "text", required=False))),
    Command("nazorg", "aftercare", N_("cmd.nazorg.summary"), handler=aftercare, details=N_("cmd.nazorg.details"),
            args=(Arg(N_("arg.action_case_or_number")),), case_data=True),
]
