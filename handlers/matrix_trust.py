"""!vertrouw / !trust: a lead accepts a member's new Matrix identity after checking with the person;
!onversleuteld / !unencrypted: a lead allows (or stops) reminders in a room without encryption.

A member's identity changes when they reset it (Element: "reset identity", e.g. after losing the
recovery key); the bot then holds all case data for them until it is accepted (see
state/matrix_identities.py). Accepting is the lead's word that the new key is the person's.
"""
from __future__ import annotations

from core.commands import Arg, Command
from dialogues.context import Context
from core.i18n import LANGUAGES, N_, t
from core.messages import Reply
from core.roles import lead_roles
from core.policy import UNENCRYPTED_REMINDERS
from state import matrix_identities as identities
from state.teams import find_member_by_name



def trust_identity(ctx: Context, who: str) -> list[Reply]:
    bot_user = ctx.services.settings.matrix.user_id
    found = [m for m in find_member_by_name(ctx.session, ctx.team.id, who) if m.transport == "matrix"]
    if len(found) != 1:
        return [ctx.reply("team.member_not_found" if not found else "team.member_ambiguous", name=who)]
    member = found[0]
    if not bot_user:
        return [ctx.reply("trust.no_matrix")]
    change = identities.accept(ctx.session, bot_user, member.user_id)
    if change is None:
        return [ctx.reply("trust.nothing_held", name=member.display_name)]
    ctx.audit("matrix/identity_accepted", f"member:{member.id}", new_key=change["new"])
    return [Reply(ctx.t("trust.accepted", name=member.display_name), mentions=[member.user_id])]


def verify_with_bot(ctx: Context, verdict: str | None = None) -> list[Reply]:
    """!verifieer: the bot asks the member's devices for an emoji verification; !verifieer ja|nee:
    the member's verdict on the emoji the bot showed (the bot's half of the comparison)."""
    bot_user = ctx.services.settings.matrix.user_id
    if ctx.inbound.transport != "matrix" or not bot_user:
        return [ctx.reply("verify.matrix_only")]
    if verdict is None:
        thread_root = "" if ctx.inbound.is_direct else (ctx.inbound.thread_id or ctx.inbound.event_id)
        identities.ask_verification(ctx.session, bot_user, ctx.inbound.user_id, ctx.inbound.room_id, thread_root)
        return [Reply(ctx.t("verify.requested"), in_thread=True)]
    word = verdict.strip().casefold()
    yes = {t("verify.word_yes", lang) for lang in LANGUAGES}
    no = {t("verify.word_no", lang) for lang in LANGUAGES}
    if word not in yes | no:
        return [ctx.reply("verify.yes_or_no")]
    if not identities.answer_verification(ctx.session, bot_user, ctx.inbound.user_id, word in yes):
        return [ctx.reply("verify.nothing_running")]
    return [Reply(ctx.t("verify.checking" if word in yes else "verify.stopping"), in_thread=True)]


def digest_channel(ctx: Context, word: str) -> list[Reply] | None:
    """`!overzicht privé` / `!overzicht kamer`: a member's reminders and digest by encrypted direct chat,
    or back in the team room. None when `word` is not one of these (the digest command goes on)."""
    private = {t("digest_channel.word_direct", lang) for lang in LANGUAGES}
    room = {t("digest_channel.word_room", lang) for lang in LANGUAGES}
    if word not in private | room:
        return None
    bot_user = ctx.services.settings.matrix.user_id
    if ctx.inbound.transport != "matrix" or not bot_user:
        return [ctx.reply("verify.matrix_only")]
    if word in room:
        identities.deliver_by_direct_chat(ctx.session, bot_user, ctx.inbound.user_id, None)
        ctx.audit("digest/channel", f"member:{ctx.member.id}", channel="room")
        return [ctx.reply("digest_channel.room")]
    if not (ctx.inbound.is_direct and ctx.inbound.encrypted):
        return [ctx.reply("digest_channel.open_direct_chat")]
    identities.deliver_by_direct_chat(ctx.session, bot_user, ctx.inbound.user_id, ctx.inbound.room_id)
    ctx.audit("digest/channel", f"member:{ctx.member.id}", channel="direct")
    return [ctx.reply("digest_channel.direct")]


def unencrypted_reminders(ctx: Context, switch: str) -> list[Reply]:
    word = switch.strip().casefold()
    on = {t("trust.word_on", lang) for lang in LANGUAGES}
    off = {t("trust.word_off", lang) for lang in LANGUAGES}
    if word not in on | off:
        return [ctx.reply("trust.on_or_off")]
    if ctx.room is None or ctx.inbound.is_direct:
        return [ctx.reply("room.not_bound")]
    if ctx.inbound.encrypted:
        return [ctx.reply("trust.room_is_encrypted")]
    allowed = word in on
    ctx.room.settings = {**(ctx.room.settings or {}), UNENCRYPTED_REMINDERS: allowed}
    ctx.session.add(ctx.room)
    ctx.audit("room/unencrypted_reminders", f"team:{ctx.team.id}", allowed=allowed)
    return [ctx.reply("trust.unencrypted_reminders_on" if allowed else "trust.unencrypted_reminders_off")]


ORDER = 97
LEAD = lead_roles()

COMMANDS = [
    Command("vertrouw", "trust", N_("cmd.vertrouw.summary"), handler=trust_identity, roles=LEAD,
            args=(Arg(N_("arg.member"), "text"),)),
    Command("verifieer", "verify", N_("cmd.verifieer.summary"), handler=verify_with_bot, needs_team=False,
            args=(Arg(N_("arg.yes_no"), "word", required=False),)),
    Command("onversleuteld", "unencrypted", N_("cmd.onversleuteld.summary"), handler=unencrypted_reminders,
            roles=LEAD, args=(Arg(N_("arg.on_off"), "word"),)),
]
