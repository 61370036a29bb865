"""!kamer / !room: bind a chat room to a team. Only zorgbot administrators (configured per
transport, e.g. matrix.admins) may bind or unbind; the rest of the team's life is the chair's."""
from __future__ import annotations

from sqlmodel import select

from core.commands import Arg, Command
from core.i18n import LANGUAGES, N_, t
from core.messages import Reply
from core.roles import ADMIN, CHAIR
from dialogues.context import Context
from state.models import Room, Team
from state.teams import add_member


def room_status(ctx: Context) -> list[Reply]:
    if ctx.team is None:
        return [ctx.reply("room.not_bound")]
    encrypted = ctx.t("common.yes" if ctx.inbound.encrypted else "common.no")
    return [ctx.reply("room.status", team=ctx.team.name, encrypted=encrypted)]


def bind_room(ctx: Context, name: str | None) -> list[Reply]:
    if ctx.inbound.is_direct:
        return [ctx.reply("room.no_direct")]
    if ctx.team is not None:
        return [ctx.reply("room.already_bound", team=ctx.team.name)]
    if not name:
        return [ctx.reply("room.needs_team_name")]
    if ctx.inbound.transport == "matrix" and not ctx.inbound.encrypted:
        # Binding a room without end-to-end encryption is allowed, but only knowingly.
        words = name.split()
        if words[-1].casefold() not in {t("room.confirm_word", lang) for lang in LANGUAGES} or len(words) < 2:
            return [ctx.reply("room.unencrypted_confirm", team=name, confirm=ctx.t("room.confirm_word"))]
        name = " ".join(words[:-1])
    team = ctx.session.exec(select(Team).where(Team.name == name)).first()
    created = team is None
    if created:
        team = Team(name=name, language=ctx.lang, timezone=ctx.services.settings.timezone)
        ctx.session.add(team)
        ctx.session.flush()
    room = ctx.room or Room(transport=ctx.inbound.transport, external_id=ctx.inbound.room_id)
    room.team_id, room.encrypted = team.id, ctx.inbound.encrypted
    ctx.session.add(room)
    ctx.team = team
    if created:
        add_member(ctx.session, team, ctx.inbound.transport, ctx.inbound.user_id,
                   ctx.inbound.display_name or ctx.inbound.user_id, {CHAIR})
    ctx.audit("room/bound", f"team:{team.id}", transport=ctx.inbound.transport, created_team=created,
              encrypted=ctx.inbound.encrypted)
    return [ctx.reply("room.bound_new_team" if created else "room.bound", team=team.name)]


def unbind_room(ctx: Context) -> list[Reply]:
    if ctx.team is None or ctx.room is None:
        return [ctx.reply("room.not_bound")]
    team = ctx.team
    ctx.room.team_id = None
    ctx.session.add(ctx.room)
    ctx.audit("room/unbound", f"team:{team.id}", transport=ctx.inbound.transport)
    return [ctx.reply("room.unbound", team=team.name)]


ORDER = 98
ADMINS = frozenset({ADMIN})

COMMANDS = [
    Command("kamer", "room", N_("cmd.kamer.summary"), handler=room_status, needs_team=False, subcommands=(
        Command("koppel", "bind", N_("cmd.kamer.bind.summary"), handler=bind_room, roles=ADMINS,
                needs_team=False, args=(Arg(N_("arg.team_name"), "text", required=False),)),
        Command("ontkoppel", "unbind", N_("cmd.kamer.unbind.summary"), handler=unbind_room, roles=ADMINS,
                needs_team=False),
    )),
]
