"""From one Inbound to its replies: team and member, once-only, dialogue or command, permission."""
from __future__ import annotations

import logging
from typing import Callable

from sqlalchemy.exc import IntegrityError

from bot import i18n
from bot.commands import CommandTable, UsageError, is_command, resolve
from bot.context import Context
from bot.messages import Inbound, Reply
from bot.usage import usage_line
from state.models import HandledEvent, Team
from bot.roles import ADMIN
from state.links import linked_member, memberships
from state.teams import roles_of, where_and_who

log = logging.getLogger(__name__)

# A question answerer sees plain text (not a command) and may answer it or start a dialogue.
QuestionAnswerer = Callable[[Context, str], "list[Reply] | None"]


class Router:
    def __init__(self, services, commands: CommandTable, answerers: list[QuestionAnswerer] | None = None) -> None:
        self.services = services
        self.commands = commands
        self.answerers = answerers or []

    def handle(self, inbound: Inbound) -> list[Reply]:
        """Handle one message in one transaction; an event already handled gives no replies."""
        db = self.services.db
        try:
            with db.session() as session:
                if inbound.event_id:
                    session.add(HandledEvent(transport=inbound.transport, event_id=inbound.event_id))
                    session.flush()
                ctx = self._context(session, inbound)
                replies = self._dispatch(ctx)
                level = "codes" if ctx.extra.get("case_data") else "advice"
                for reply in replies:
                    reply.privacy = reply.privacy or level
                log.info("handled", extra={"transport": inbound.transport, "replies": len(replies),
                                           "team": ctx.team.id if ctx.team else None})
                return replies
        except IntegrityError:
            if inbound.event_id:
                log.info("duplicate event ignored", extra={"transport": inbound.transport})
                return []
            raise

    # -- who and where ----------------------------------------------------------------------
    def _context(self, session, inbound: Inbound) -> Context:
        settings = self.services.settings
        ctx = Context(services=self.services, inbound=inbound, session=session, lang=settings.language)
        ctx.room, ctx.team, ctx.member = where_and_who(session, inbound.transport, inbound.room_id, inbound.user_id)
        if ctx.team is None and inbound.is_direct:
            # A direct chat belongs to no team: it speaks for the member's own (first) team.
            membership = next(iter(memberships(session, inbound.transport, inbound.user_id)), None)
            if membership:
                ctx.team, ctx.member = session.get(Team, membership.team_id), membership
        if ctx.team is not None and ctx.member is None:
            # One person, one member: a linked chat account (Telegram) speaks as the member it was linked to.
            ctx.member = linked_member(session, ctx.team.id, inbound.transport, inbound.user_id)
        if ctx.member:
            ctx.roles = roles_of(session, ctx.member.id)
        if inbound.user_id in self._admins(inbound.transport):
            ctx.roles = ctx.roles | {ADMIN}
        ctx.lang = (self.services.forced_language or (ctx.member.language if ctx.member else None)
                    or (ctx.team.language if ctx.team else None) or settings.language)
        return ctx

    def _admins(self, transport: str) -> set[str]:
        settings = self.services.settings
        if transport == "console":
            return set(self.services.extras.get("console_admins", ()))
        section = getattr(settings, transport, None)
        return set(getattr(section, "admins", ()) or ())

    # -- what ----------------------------------------------------------------------------
    def _dispatch(self, ctx: Context) -> list[Reply]:
        text = ctx.inbound.text.strip()
        engine = self.services.dialogues
        conversation = engine.open_conversation(ctx)
        notices: list[Reply] = []
        if conversation is not None and engine.expired(ctx, conversation):
            notices.append(engine.expire(ctx, conversation))
            conversation = None
        if conversation is not None and not is_command(text):
            if ctx.team is not None and ctx.member is None:
                return notices + [self._stranger(ctx)]
            dialogue = engine.dialogues.get(conversation.dialogue)
            ctx.extra["case_data"] = bool(dialogue and dialogue.case_data)
            return notices + engine.handle(ctx, conversation, text)
        if is_command(text):
            return notices + self._command(ctx, text, conversation)
        for answerer in self.answerers:
            answer = answerer(ctx, text)
            if answer:
                return notices + answer
        if notices or ctx.inbound.is_direct or ctx.inbound.transport == "console":
            return notices + [ctx.reply("router.not_understood")]
        return []   # ordinary talk in a team room is none of the bot's business

    def _command(self, ctx: Context, text: str, conversation) -> list[Reply]:
        invocation = resolve(self.commands, text)
        if invocation is None:
            name = text[1:].split()[0] if len(text) > 1 else ""
            suggestions = self.commands.suggest(name)
            if suggestions:
                return [ctx.reply("router.unknown_command_suggest", command=name,
                                  suggestion=i18n.spell_list([f"!{s}" for s in suggestions], ctx.lang, "or"))]
            return [ctx.reply("router.unknown_command", command=name)]
        command = invocation.command
        top = invocation.path[0]
        if (command.needs_team or top.needs_team) and ctx.team is None:
            if ctx.inbound.is_direct:
                return [ctx.reply("router.no_team_direct", user=ctx.inbound.user_id)]
            return [ctx.reply("router.no_team")]
        if ctx.team is not None and ctx.member is None and command.needs_team:
            return [self._stranger(ctx)]
        refusal = self._permission_refusal(ctx, command)
        if refusal:
            return [refusal]
        if command.case_data:
            refusal = self._case_data_refusal(ctx)
            if refusal:
                return [refusal]
        if command.handler is None:   # a group of subcommands typed without one
            from handlers.help import help_for
            return help_for(ctx, self.commands, invocation.path)
        try:
            words = invocation.raw_args.split()
            values = command.parse_args(words)
        except UsageError as problem:
            reason = ctx.t(problem.key, **{k: (ctx.t(v) if k == "arg" else v) for k, v in problem.values.items()})
            return [ctx.reply("router.usage_error", reason=reason, usage=usage_line(ctx, invocation.path))]
        if conversation is not None and command.starts_dialogue:
            dialogue = self.services.dialogues.dialogues.get(conversation.dialogue)
            title = ctx.t(dialogue.title) if dialogue else conversation.dialogue
            return [ctx.reply("router.dialogue_open", title=title)]
        ctx.extra["case_data"] = command.case_data
        result = command.handler(ctx, *values)
        return result if isinstance(result, list) else [result]

    def _permission_refusal(self, ctx: Context, command) -> Reply | None:
        """The one permission check: a command's roles against the member's, before any handler runs."""
        if not command.roles or ctx.roles & command.roles:
            return None
        names = [ctx.t(f"role.{role}") for role in sorted(command.roles)]
        return ctx.reply("router.needs_role", roles=i18n.spell_list(names, ctx.lang, "or"))

    def _case_data_refusal(self, ctx: Context) -> Reply | None:
        """Case data only where it may travel: a transport may register its own rule (Telegram's team
        privacy level); otherwise only in end-to-end encrypted rooms, unless that is switched off."""
        policy = self.services.extras.get("case_data_policy", {}).get(ctx.inbound.transport)
        if policy is not None:
            return policy(ctx)
        if ctx.inbound.encrypted or not self.services.settings.matrix.require_encryption:
            return None
        return ctx.reply("router.needs_encryption")

    def _stranger(self, ctx: Context) -> Reply:
        return ctx.reply("router.not_a_member", team=ctx.team.name)
