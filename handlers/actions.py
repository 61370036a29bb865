"""!actie registers an action, !acties lists them, !overzicht is a member's own digest.

Registration is one line or a short dialogue (dialogues/action_register.py); changes by short number
live in handlers/action_manage.py, the seed rules (coordinator, aftercare) in handlers/action_seeds.py.
"""
from __future__ import annotations

import re
from datetime import timedelta

from core.cases import looks_like_case_code, normalise_case_code
from core.commands import Arg, Command, is_number_word, read_number, shown
from core.i18n import N_, spell_list
from core.messages import Reply
from dialogues.action_register import read_line
from dialogues.action_text import ActionWriter, command_name, spell_when
from dialogues.context import Context
from dialogues.engine import Invalid
from handlers.drafts import draft_command, draft_lines
from state import actions as store
from state import reminders
from state.cases import find_case
from state.meetings import running_context
from state.models import Action, Member
from state.privacy import case_label

TEAM_WORDS = frozenset({"team", "alle", "allemaal", "iedereen", "all", "everyone"})
OVERDUE_WORDS = frozenset({"laat", "te laat", "telaat", "verlopen", "over tijd", "overdue", "late"})
MINE_WORDS = frozenset({"mijn", "ik", "mij", "me", "mine", "my"})
DAILY_WORDS = frozenset({"dagelijks", "elke dag", "aan", "daily", "every day", "on"})
OFF_WORDS = frozenset({"uit", "stop", "niet meer", "off", "none"})


# -- !actie ---------------------------------------------------------------------------------------
def register(ctx: Context, text: str | None) -> list[Reply]:
    text = (text or "").strip()
    if is_number_word(text):
        number = read_number(text)
        if number is None:
            return [ctx.reply("action.not_found", number=shown(text.lstrip("#")))]
        return show_action(ctx, number)
    try:
        answers = read_line(ctx, text) if text else {}
    except Invalid as problem:      # a pasted page instead of an action: nothing is kept or echoed
        return [ctx.reply(problem.key, **problem.values)]
    # During a meeting in this room, the action belongs to the meeting and the case under discussion.
    running = running_context(ctx.session, ctx.team.id, ctx.inbound.transport, ctx.inbound.room_id)
    if running:
        answers["meeting_id"] = running[0]
        if running[1] and not answers.get("case"):
            answers["case_id"] = running[1]
    return ctx.services.dialogues.start(ctx, "action_register", answers)


def show_action(ctx: Context, number: int) -> list[Reply]:
    action = store.get_action(ctx.session, ctx.team.id, number)
    if action is None:
        return [ctx.reply("action.not_found", number=number)]
    w = ActionWriter.for_ctx(ctx)
    lines, codes = [w.line(action)], [w.line(action, description=False)]
    until = reminders.snoozed_until(ctx.session, action.id)
    if until:
        extra = ctx.t("action.snoozed_line", when=w.when(until))
        lines.append(extra)
        codes.append(extra)
    for note in action.notes:
        lines.append(ctx.t("action.note_line", author=w.name(note.get("by")), text=note.get("text", "")))
    if action.notes:
        codes.append(ctx.t("action.notes_count", count=len(action.notes)))
    return [Reply("\n".join(lines), privacy="full", withheld_text="\n".join(codes))]


# -- !acties --------------------------------------------------------------------------------------
def list_actions(ctx: Context, which: str | None) -> list[Reply]:
    word = " ".join((which or "").split()).casefold()
    w = ActionWriter.for_ctx(ctx)
    if not word or word in MINE_WORDS:
        return [_mine(ctx, w)]
    if word in TEAM_WORDS:
        found = store.open_actions(ctx.session, ctx.team.id)
        return [_listing(ctx, w, ctx.t("action.list_team", team=ctx.team.name), found)]
    if word in OVERDUE_WORDS:
        found = store.open_actions(ctx.session, ctx.team.id, due_before=ctx.now())
        return [_listing(ctx, w, ctx.t("action.list_overdue"), found, empty="action.list_overdue_empty")]
    if looks_like_case_code(word):
        return [_for_case(ctx, w, normalise_case_code(word))]
    meant = _case_without_dash(ctx, word)
    if meant:
        return [ctx.reply("action.list_case_did_you_mean", value=which.strip(),
                          command=f"{command_name('acties', 'actions', ctx.lang)} {meant}")]
    members = store.find_owner(ctx.session, ctx.team.id, word, ctx.member)
    if len(members) == 1:
        found = store.open_actions(ctx.session, ctx.team.id, owner_id=members[0].id)
        return [_listing(ctx, w, ctx.t("action.list_of", name=members[0].display_name), found, owner=False)]
    if members:
        return [ctx.reply("action.owner_which", names=spell_list([m.display_name for m in members], ctx.lang, "or"))]
    return [ctx.reply("action.list_unknown_filter", value=which.strip(),
                      command=command_name("acties", "actions", ctx.lang))]


def _case_without_dash(ctx: Context, word: str) -> str | None:
    """"z20" for the team's case Z-20: the code it most likely means, only when that case exists."""
    found = re.fullmatch(r"([a-z]{1,4})\s*([0-9]{1,6})", word)
    if not found:
        return None
    code = f"{found.group(1).upper()}-{found.group(2)}"
    return code if find_case(ctx.session, ctx.team.id, code) is not None else None


def _listing(ctx: Context, w: ActionWriter, title: str, found: list[Action], *, owner: bool = True,
             empty: str = "action.list_empty") -> Reply:
    if not found:     # a list's own "none" text says it all; the generic one needs the title
        return Reply(ctx.t(empty) if empty != "action.list_empty" else f"{title}\n{ctx.t(empty)}")
    return w.listing(title, found, owner=owner)


def _mine(ctx: Context, w: ActionWriter) -> Reply:
    found = store.open_actions(ctx.session, ctx.team.id, owner_id=ctx.member.id)
    pending, pending_codes = _pending(ctx)
    if not found and not pending:
        return ctx.reply("action.list_mine_empty", command=command_name("acties", "actions", ctx.lang))
    reply = w.listing(ctx.t("action.list_mine"), found, owner=False) if found \
        else Reply(ctx.t("action.list_mine_none_saved"), privacy="full", withheld_text=ctx.t("action.list_mine_none_saved"))
    if pending:
        reply.text += "\n" + "\n".join([ctx.t("action.list_pending"), *pending])
        reply.withheld_text += "\n" + "\n".join([ctx.t("action.list_pending"), *pending_codes])
    return reply


def _pending(ctx: Context) -> tuple[list[str], list[str]]:
    """Actions this member began but did not confirm: the one their open dialogue waits on, and drafts.
    Listed as such, never as saved actions (full lines, and the same without descriptions)."""
    engine = ctx.services.dialogues
    full: list[str] = []
    codes: list[str] = []
    conversation = engine.open_conversation(ctx)
    if conversation is not None and conversation.dialogue in ACTION_DIALOGUES:
        full.append("- " + engine.waiting(ctx, conversation))
        codes.append("- " + engine.waiting(ctx, conversation, codes=True))
        ctx.extra["dialogue_shown"] = True      # the router need not repeat it under the list
    every = engine.drafts(ctx)     # numbered among all the member's drafts, as `!open` numbers them
    wanted = [index for index, draft in enumerate(every) if draft.dialogue in ACTION_DIALOGUES]
    if wanted:
        lines, lines_codes = draft_lines(ctx, every), draft_lines(ctx, every, codes=True)
        hint = ctx.t("drafts.hint", confirm=draft_command(ctx, "confirm"), drop=draft_command(ctx, "drop"))
        full += [f"- {lines[i]}" for i in wanted] + [hint]
        codes += [f"- {lines_codes[i]}" for i in wanted] + [hint]
    return full, codes


ACTION_DIALOGUES = frozenset({"action_register", "action_date"})


def _for_case(ctx: Context, w: ActionWriter, code: str) -> Reply:
    case = find_case(ctx.session, ctx.team.id, code)
    if case is None:
        return ctx.reply("action.case_unknown")
    found = store.open_actions(ctx.session, ctx.team.id, case_id=case.id)
    label = case_label(ctx.session, case, ctx.lang)
    coordinator = ctx.session.get(Member, case.coordinator_member_id) if case.coordinator_member_id else None
    footer = ctx.t("action.coordinator_is", name=coordinator.display_name) if coordinator \
        else ctx.t("action.coordinator_none")
    title = ctx.t("action.list_case", case=label)
    if not found:
        return Reply(f"{title}\n{ctx.t('action.list_empty')}\n{footer}")
    return w.listing(title, found, footer=footer)


# -- !overzicht -----------------------------------------------------------------------------------
def digest_reply(session, team, member: Member, lang: str, tz, now) -> Reply | None:
    """A member's open actions: overdue, this week, later; None when there are none. Also used for the
    daily digest the scheduler sends."""
    found = store.open_actions(session, team.id, owner_id=member.id)
    if not found:
        return None
    w = ActionWriter(session, lang, tz, now)
    week = now + timedelta(days=7)
    groups = [("action.digest_overdue", [a for a in found if a.due_at <= now]),
              ("action.digest_week", [a for a in found if now < a.due_at <= week]),
              ("action.digest_later", [a for a in found if a.due_at > week])]
    title = w.t("action.digest_title", name=member.display_name)
    full, codes = [title], [title]
    for key, actions in groups:
        if actions:
            full.append(w.t(key))
            codes.append(w.t(key))
            full.extend(f"- {w.line(a, owner=False)}" for a in actions)
            codes.extend(f"- {w.line(a, owner=False, description=False)}" for a in actions)
    return Reply("\n".join(full), mentions=[member.user_id], privacy="full", withheld_text="\n".join(codes))


def digest(ctx: Context, setting: str | None) -> list[Reply]:
    word = " ".join((setting or "").split()).casefold()
    from handlers.matrix_trust import digest_channel
    channel = digest_channel(ctx, word)      # privé / kamer: where reminders and the digest go (Matrix)
    if channel is not None:
        return channel
    if word in DAILY_WORDS:
        row = reminders.ensure_digest(ctx.session, ctx.team, ctx.member.id, ctx.now())
        ctx.audit("digest/on", f"member:{ctx.member.id}")
        return [ctx.reply("action.digest_daily_on", when=spell_when(ctx, row.due_at) if row else "-")]
    if word in OFF_WORDS:
        reminders.stop_digest(ctx.session, ctx.team.id, ctx.member.id)
        ctx.audit("digest/off", f"member:{ctx.member.id}")
        return [ctx.reply("action.digest_daily_off")]
    if word:
        return [ctx.reply("action.digest_usage", command=command_name("overzicht", "digest", ctx.lang))]
    reply = digest_reply(ctx.session, ctx.team, ctx.member, ctx.lang, ctx.tz, ctx.now())
    if reply is None:
        reply = ctx.reply("action.digest_empty")
    reply.mentions = []
    subscribed = reminders.digest_subscribed(ctx.session, ctx.team.id, ctx.member.id)
    hint = ctx.t("action.digest_is_daily" if subscribed else "action.digest_hint_daily",
                 command=command_name("overzicht", "digest", ctx.lang))
    reply.text += f"\n{hint}"
    if reply.withheld_text:
        reply.withheld_text += f"\n{hint}"
    return [reply]


ORDER = 20
COMMANDS = [
    Command("actie", "action", N_("cmd.actie.summary"), handler=register, details=N_("cmd.actie.details"),
            args=(Arg(N_("arg.action_text"), "text", required=False),), case_data=True, starts_dialogue=True),
    Command("acties", "actions", N_("cmd.acties.summary"), handler=list_actions, details=N_("cmd.acties.details"),
            args=(Arg(N_("arg.action_filter"), "text", required=False),), case_data=True),
    Command("overzicht", "digest", N_("cmd.overzicht.summary"), handler=digest,
            details=N_("cmd.overzicht.details"), args=(Arg(N_("arg.digest_setting"), "text", required=False),),
            case_data=True),
]
