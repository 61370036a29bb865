"""!team: show the team, run the set-up checklist, add or remove members."""
from __future__ import annotations

from core.commands import Arg, Command
from core.i18n import N_, spell_list
from core.identity import IdentityError, member_ref
from core.messages import Reply
from core.roles import lead_roles, parse_role
from dialogues.context import Context
from dialogues.team_setup import change_setting, minimum_warning, second_chair_warning, setting_lines
from state.teams import add_member, find_member_by_name, members_of, roles_of


def show_team(ctx: Context) -> list[Reply]:
    team = ctx.team
    lines = [ctx.t("team.show_title", name=team.name, kind=ctx.t(f"team.kind_{team.kind}"),
                   school_type=team.school_type, timezone=team.timezone)]
    for member in members_of(ctx.session, team.id):
        roles = [ctx.t(f"role.{role}") for role in sorted(roles_of(ctx.session, member.id))]
        lines.append(f"- {member.display_name}: {spell_list(roles, ctx.lang) or '-'}")
    lines += setting_lines(ctx)
    lines.append(ctx.t("team.setting_change_hint"))
    replies = [Reply("\n".join(lines))]
    for warning in (minimum_warning(ctx), second_chair_warning(ctx)):
        if warning:
            replies.append(warning)
    return replies


def setup_team(ctx: Context, step: str | None, value: str | None) -> list[Reply]:
    """!team inrichten: the whole checklist; !team inrichten STAP WAARDE: one answer."""
    if step is None:
        return ctx.services.dialogues.start(ctx, "team_setup")
    return [change_setting(ctx, step, value)]


def add_team_member(ctx: Context, text: str) -> list[Reply]:
    ref, _, role_text = text.strip().partition(" ")
    try:
        user_id, name = member_ref(ctx.inbound.transport, ref)
    except IdentityError as problem:
        return [ctx.reply(problem.key)]
    roles = set()
    for word in role_text.replace(",", " ").split():
        role = parse_role(word)
        if role is None:
            return [ctx.reply("team.unknown_role", role=word)]
        roles.add(role)
    if not roles:
        return [ctx.reply("team.member_needs_role")]
    member = add_member(ctx.session, ctx.team, ctx.inbound.transport, user_id, name, roles)
    ctx.audit("member/added", f"member:{member.id}", roles=sorted(roles))
    held = sorted(roles_of(ctx.session, member.id))
    names = spell_list([ctx.t(f"role.{r}") for r in held], ctx.lang)
    replies = [ctx.reply("team.member_added", name=member.display_name, roles=names, count=len(held))]
    warning = second_chair_warning(ctx)
    if warning:
        replies.append(warning)
    return replies


def remove_team_member(ctx: Context, name: str) -> list[Reply]:
    found = find_member_by_name(ctx.session, ctx.team.id, name)
    if len(found) != 1:
        return [ctx.reply("team.member_not_found" if not found else "team.member_ambiguous", name=name)]
    member = found[0]
    if member.id == ctx.member.id:
        return [ctx.reply("team.cannot_remove_self")]
    member.active = False
    ctx.session.add(member)
    ctx.audit("member/removed", f"member:{member.id}")
    return [ctx.reply("team.member_removed", name=member.display_name)]


ORDER = 90
LEAD = lead_roles()

COMMANDS = [
    Command("team", "team", N_("cmd.team.summary"), handler=show_team, details=N_("cmd.team.details"),
            subcommands=(
                Command("inrichten", "setup", N_("cmd.team.setup.summary"), handler=setup_team, roles=LEAD,
                        starts_dialogue=True, args=(Arg(N_("arg.team_step"), "word", required=False),
                                                    Arg(N_("arg.team_value"), "text", required=False))),
                Command("lid", "member", N_("cmd.team.member.summary"), handler=add_team_member, roles=LEAD,
                        args=(Arg(N_("arg.member_and_roles"), "text"),)),
                Command("verwijder", "remove", N_("cmd.team.remove.summary"), handler=remove_team_member,
                        roles=LEAD, args=(Arg(N_("arg.name"), "text"),)),
            )),
]
