"""!koppel / !link: Telegram accounts and groups join a team with one-time codes, never by a name.

1. A chair or IB'er runs `!koppel telegram [name [roles]]` in an encrypted channel (Matrix, console)
   and passes the code on privately.
2. The person sends `/koppel CODE` to the bot in a private Telegram chat (or opens the t.me link):
   their Telegram account now speaks for that member (or, for someone new, becomes a member with the
   name and roles the chair chose). `!koppel weg NAAM` ends the link.
3. A linked chair or IB'er (or a configured Telegram admin) runs `/koppel groep` in a Telegram group
   to bind the group to the team.
`!koppel privacy` shows or sets what may travel over Telegram (the levels are in core/policy.py).
"""
from __future__ import annotations

from sqlmodel import select

from core import policy
from core.commands import Arg, Command
from core.i18n import N_, spell_datetime, spell_list
from core.messages import Reply
from core.roles import parse_role
from dialogues.context import Context
from state import links
from state.models import AuditEntry, Room, Team
from state.teams import find_member_by_name, members_of, roles_of

TELEGRAM = "telegram"
LEVEL_TEXT = {"none": "link.level_none", "codes": "link.level_codes", "full": "link.level_full"}


def _say(ctx: Context, key: str, **values) -> list[Reply]:
    # Link messages carry no case data: they may travel at every privacy level.
    return [Reply(ctx.t(key, **values), privacy="advice")]


def _audit(ctx: Context, team: Team, action: str, subject: str, **details) -> None:
    """Like ctx.audit, for a team that is not (yet) the room's team."""
    ctx.session.add(AuditEntry(team_id=team.id, actor=ctx.actor, action=action, subject=subject,
                               details=details, at=ctx.now()))


def _level_text(ctx: Context, level: str) -> str:
    return ctx.t(LEVEL_TEXT[level])


# -- !koppel [CODE] -------------------------------------------------------------------------------
def redeem_or_status(ctx: Context, code_text: str | None) -> list[Reply]:
    if code_text is not None:
        return redeem(ctx, code_text)
    if ctx.team is not None and ctx.member is not None:
        return status(ctx)
    return _say(ctx, "link.usage_redeem")


def redeem(ctx: Context, text: str) -> list[Reply]:
    inbound = ctx.inbound
    if inbound.transport != TELEGRAM:
        return _say(ctx, "link.redeem_in_telegram")
    now = ctx.now()
    raw = links.normalise(text)
    code = links.find_open(ctx.session, raw, now) if raw else None
    if not inbound.is_direct:
        if code is None:
            return _say(ctx, "link.code_private_only")
        # Everyone in the group has seen it now: it must not work any more.
        links.burn(ctx.session, code, now)
        _audit(ctx, ctx.session.get(Team, code.team_id), "telegram/code_burned", f"linkcode:{code.id}")
        return _say(ctx, "link.code_burned")
    if code is None:
        return _say(ctx, "link.code_invalid")
    try:
        member = links.redeem(ctx.session, code, inbound.user_id, now)
    except links.LinkRefused as refusal:
        return _say(ctx, refusal.key, **refusal.values)
    team = ctx.session.get(Team, code.team_id)
    # The private chat becomes this member's direct room for the team.
    room = ctx.room or Room(transport=TELEGRAM, external_id=inbound.room_id)
    room.team_id, room.is_direct, room.encrypted = team.id, True, False
    ctx.session.add(room)
    _audit(ctx, team, "telegram/linked", f"member:{member.id}", code=code.id, for_member=code.member_id)
    roles = spell_list([ctx.t(f"role.{role}") for role in sorted(roles_of(ctx.session, member.id))], ctx.lang)
    return _say(ctx, "link.linked", name=member.display_name, team=team.name, roles=roles or "-")


def status(ctx: Context) -> list[Reply]:
    team = ctx.team
    linked = [m for m in members_of(ctx.session, team.id) if links.account_of(ctx.session, m, TELEGRAM)]
    groups = ctx.session.exec(select(Room).where(Room.team_id == team.id, Room.transport == TELEGRAM,
                                                 Room.is_direct == False)).all()  # noqa: E712
    names = spell_list([m.display_name for m in linked], ctx.lang) or ctx.t("link.nobody")
    return _say(ctx, "link.status", team=team.name, level=_level_text(ctx, policy.team_privacy_level(team.settings)),
                members=names, groups=len(groups))


# -- !koppel telegram [name [roles]] ----------------------------------------------------------------
def _person_and_roles(text: str) -> tuple[str, set[str]]:
    """"Anna de Vries" -> ("Anna de Vries", {}); "Piet smw, lpa" -> ("Piet", {"smw", "lpa"})."""
    words = text.replace(",", " ").split()
    roles: set[str] = set()
    while len(words) > 1 and parse_role(words[-1]):
        roles.add(parse_role(words.pop()))
    return " ".join(words), roles


def create_code(ctx: Context, text: str | None) -> list[Reply]:
    if ctx.inbound.transport == TELEGRAM:
        return [ctx.reply("link.create_not_in_telegram")]
    member, roles = ctx.member, set()
    if text:
        name, roles = _person_and_roles(text)
        found = find_member_by_name(ctx.session, ctx.team.id, name)
        if roles:
            if found:
                return [ctx.reply("link.person_exists", name=name)]
            member = None
        elif len(found) > 1:
            return [ctx.reply("link.person_ambiguous", name=name)]
        elif not found:
            return [ctx.reply("link.person_not_found", name=name)]
        else:
            member = found[0]
    if member is not None and member.transport == TELEGRAM:
        return [ctx.reply("link.person_is_linked", name=member.display_name)]
    display_name = member.display_name if member else name
    code, raw = links.create(ctx.session, ctx.team, display_name=display_name, now=ctx.now(), member=member,
                             roles=roles, created_by=ctx.member)
    ctx.audit("telegram/code_created", f"linkcode:{code.id}", for_member=member.id if member else None,
              roles=sorted(roles))
    username = ctx.services.telegram_username
    deeplink = ctx.t("link.deeplink", url=f"https://t.me/{username}?start={raw}") if username else ""
    text = ctx.t("link.code_created", name=display_name, code=links.display(raw),
                 until=spell_datetime(code.expires_at, ctx.lang, ctx.tz)) + deeplink
    # A code is a key to the team: it is never shown where the team's privacy level would not allow full content.
    return [Reply(text, privacy="full", withheld_text=ctx.t("link.create_not_in_telegram"))]


# -- !koppel weg NAAM ---------------------------------------------------------------------------------
def unlink(ctx: Context, name: str) -> list[Reply]:
    """A lost phone or a changed account: the member's Telegram account no longer speaks for them."""
    found = find_member_by_name(ctx.session, ctx.team.id, name)
    if len(found) != 1:
        return [ctx.reply("link.person_ambiguous" if found else "link.person_not_found", name=name)]
    member = found[0]
    if member.transport == TELEGRAM:       # a member only in Telegram leaves the team instead
        return [ctx.reply("link.unlink_telegram_only", name=member.display_name)]
    if not links.revoke(ctx.session, member, TELEGRAM):
        return [ctx.reply("link.unlink_none", name=member.display_name)]
    ctx.audit("telegram/unlinked", f"member:{member.id}")
    return [ctx.reply("link.unlinked", name=member.display_name)]


# -- !koppel groep [team] ---------------------------------------------------------------------------
def bind_group(ctx: Context, team_name: str | None) -> list[Reply]:
    inbound = ctx.inbound
    if inbound.transport != TELEGRAM or inbound.is_direct:
        return _say(ctx, "link.group_only_telegram")
    if ctx.room is not None and ctx.room.team_id is not None:
        return _say(ctx, "link.group_already", team=ctx.session.get(Team, ctx.room.team_id).name)
    if policy.may_bind_any_team(ctx.roles):
        teams = list(ctx.session.exec(select(Team).order_by(Team.id)).all())
    else:
        teams = [ctx.session.get(Team, m.team_id) for m in links.memberships(ctx.session, TELEGRAM, inbound.user_id)
                 if policy.may_link_for_team(roles_of(ctx.session, m.id))]
    if not teams:
        return _say(ctx, "link.group_not_allowed")
    if team_name:
        teams = [team for team in teams if team.name.casefold() == team_name.strip().casefold()]
        if not teams:
            return _say(ctx, "link.group_unknown_team", name=team_name)
    if len(teams) > 1:
        return _say(ctx, "link.group_which_team", teams=spell_list([team.name for team in teams], ctx.lang, "or"))
    team = teams[0]
    room = ctx.room or Room(transport=TELEGRAM, external_id=inbound.room_id)
    room.team_id, room.is_direct, room.encrypted = team.id, False, False
    ctx.session.add(room)
    ctx.session.flush()
    _audit(ctx, team, "telegram/group_bound", f"room:{room.id}")
    return _say(ctx, "link.group_bound", team=team.name, level=_level_text(ctx, policy.team_privacy_level(team.settings)))


# -- !koppel privacy [none|codes|full] --------------------------------------------------------------
def set_privacy(ctx: Context, word: str | None) -> list[Reply]:
    team = ctx.team
    current = policy.team_privacy_level(team.settings)
    if word is None:
        return _say(ctx, "link.privacy_current", level=_level_text(ctx, current))
    level = policy.parse_privacy_level(word)
    if level is None:
        return _say(ctx, "link.privacy_unknown", value=word)
    if not policy.may_set_privacy_level(current, level, encrypted=ctx.inbound.encrypted):
        return _say(ctx, "link.privacy_raise_encrypted")
    team.settings = {**team.settings, policy.TELEGRAM_PRIVACY_SETTING: level}
    ctx.session.add(team)
    ctx.audit("telegram/privacy", f"team:{team.id}", level=level)
    return _say(ctx, "link.privacy_set", level=_level_text(ctx, level))


ORDER = 92

COMMANDS = [
    Command("koppel", "link", N_("cmd.koppel.summary"), handler=redeem_or_status, needs_team=False,
            details=N_("cmd.koppel.details"), args=(Arg(N_("arg.link_code"), required=False),),
            subcommands=(
                Command("telegram", "telegram", N_("cmd.koppel.telegram.summary"), handler=create_code,
                        roles=policy.LINKERS, args=(Arg(N_("arg.link_person"), "text", required=False),)),
                Command("groep", "group", N_("cmd.koppel.group.summary"), handler=bind_group, needs_team=False,
                        args=(Arg(N_("arg.link_team"), "text", required=False),)),
                Command("weg", "remove", N_("cmd.koppel.remove.summary"), handler=unlink, roles=policy.LINKERS,
                        args=(Arg(N_("arg.name"), "text"),)),
                Command("privacy", "privacy", N_("cmd.koppel.privacy.summary"), handler=set_privacy,
                        roles=policy.LINKERS, args=(Arg(N_("arg.privacy_level"), required=False),)),
            )),
]
