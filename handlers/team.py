"""!team: show the team, run the set-up checklist, add or remove members."""
from __future__ import annotations

from core.commands import Arg, Command
from core.i18n import N_, spell_list
from core.messages import Reply
from core.roles import lead_roles
from dialogues.context import Context
from dialogues.engine import Invalid
from dialogues.team_setup import (change_setting, minimum_warning, read_member, read_roles, second_chair_warning,
                                  setting_lines, step_names)
from state.teams import (add_member, find_member_by_name, former_member, member_for, members_of, remove_roles,
                         roles_of)


def show_team(ctx: Context) -> list[Reply]:
    team = ctx.team
    lines = [ctx.t("team.show_title", name=team.name, kind=ctx.t(f"team.kind_{team.kind}"),
                   school_type=team.school_type, timezone=team.timezone)]
    for member in members_of(ctx.session, team.id):
        roles = [ctx.t(f"role.{role}") for role in sorted(roles_of(ctx.session, member.id))]
        lines.append(f"- {member.display_name}: {spell_list(roles, ctx.lang) or '-'}")
    lines += setting_lines(ctx)
    lines.append(ctx.t("team.setting_change_hint", steps=step_names(ctx)))
    replies = [Reply("\n".join(lines))]
    for warning in (minimum_warning(ctx), second_chair_warning(ctx)):
        if warning:
            replies.append(warning)
    return replies


def setup_team(ctx: Context, step: str | None, value: str | None) -> list[Reply]:
    """!team inrichten: the whole checklist; !team inrichten STAP WAARDE: one answer."""
    if step is None:
        return ctx.services.dialogues.start(ctx, "team_setup")
    return change_setting(ctx, step, value)


def _role_names(ctx: Context, roles) -> str:
    return spell_list([ctx.t(f"role.{role}") for role in sorted(roles)], ctx.lang)


def add_team_member(ctx: Context, text: str) -> list[Reply]:
    """!team lid NAAM ROL: read as the set-up question reads a member ("Karim: jeugdzorg", "Karim smw, lpa").
    A new member is added; a member removed earlier comes back with these roles (their earlier records
    are theirs again); a member gets the extra role and is told how to take a wrong one away."""
    try:
        entry = read_member(text, ctx)
    except Invalid as problem:
        return [ctx.reply(problem.key, **problem.values)]
    roles = set(entry["roles"])
    transport = ctx.inbound.transport
    current = member_for(ctx.session, ctx.team.id, transport, entry["user_id"])
    before = roles_of(ctx.session, current.id) if current else frozenset()
    back = current is None and former_member(ctx.session, ctx.team.id, transport, entry["user_id"]) is not None
    member = add_member(ctx.session, ctx.team, transport, entry["user_id"], entry["name"], roles)
    ctx.audit("member/readded" if back else "member/added", f"member:{member.id}", roles=sorted(roles))
    held = sorted(roles_of(ctx.session, member.id))
    names = _role_names(ctx, held)
    key = "team.member_back" if back else "team.member_added"
    replies = [ctx.reply(key, name=member.display_name, roles=names, count=len(held))]
    other = sorted(before - roles)
    if current is not None and other and roles - before:
        # "!team lid Karim jeugdzorg" for Karim the smw: maybe meant as a correction; say how to undo the old role
        replies.append(ctx.reply("team.role_replace_hint", name=member.display_name, old=_role_names(ctx, other),
                                 role=other[0], count=len(other)))
    warning = second_chair_warning(ctx)
    if warning:
        replies.append(warning)
    return replies


def _member_and_roles(ctx: Context, text: str) -> tuple[list, list[str] | None]:
    """!team verwijder: the whole text as a name (a member), else a name and roles after it
    ("Karim smw", "Karim: smw, lpa")."""
    name = text.strip().rstrip(":").strip()
    found = find_member_by_name(ctx.session, ctx.team.id, name)
    if found:
        return found, None
    words = text.replace(":", " : ").split()
    for cut in range(len(words) - 1, 0, -1):
        roles = read_roles(" ".join(words[cut:]).strip(" :,"))
        if roles is None:
            continue
        who = find_member_by_name(ctx.session, ctx.team.id, " ".join(words[:cut]).strip(" :,"))
        if who:
            return who, roles
    return [], None


def remove_team_member(ctx: Context, name: str) -> list[Reply]:
    """!team verwijder NAAM: the member leaves the team (their records stay); !team verwijder NAAM ROL:
    only that role is taken away."""
    found, roles = _member_and_roles(ctx, name)
    shown = name.strip().rstrip(":")
    if len(found) != 1:
        return [ctx.reply("team.member_not_found" if not found else "team.member_ambiguous", name=shown)]
    member = found[0]
    if roles is not None:
        return _remove_roles(ctx, member, set(roles))
    if member.id == ctx.member.id:
        return [ctx.reply("team.cannot_remove_self")]
    member.active = False
    ctx.session.add(member)
    ctx.audit("member/removed", f"member:{member.id}")
    return [ctx.reply("team.member_removed", name=member.display_name)]


def _remove_roles(ctx: Context, member, roles: set[str]) -> list[Reply]:
    held = roles_of(ctx.session, member.id)
    if not roles & held:
        return [ctx.reply("team.role_not_held", name=member.display_name, roles=_role_names(ctx, roles),
                          held=_role_names(ctx, held) or "-", count=len(roles))]
    left = held - roles
    if member.id == ctx.member.id and not left & LEAD:
        return [ctx.reply("team.cannot_remove_own_lead_role")]
    if not left:
        return [ctx.reply("team.role_last", name=member.display_name)]
    remove_roles(ctx.session, member, roles & held)
    ctx.audit("member/roles_removed", f"member:{member.id}", roles=sorted(roles & held))
    return [ctx.reply("team.role_removed", name=member.display_name, removed=_role_names(ctx, roles & held),
                      roles=_role_names(ctx, left), count=len(left))]


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
                        roles=LEAD, args=(Arg(N_("arg.name_and_role"), "text"),)),
            )),
]
