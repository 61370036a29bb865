"""The one door: from one Inbound to its replies. Team and member, once-only, dialogue or command,
permission, and the one place where an unexpected error becomes a short apology.

Every transport calls `await router.handle(inbound)`. Turns run one at a time on the router's own
worker thread: database work never blocks a transport's event loop, and two turns (say a Matrix and
a Telegram message arriving together) never run side by side over the same dialogue machinery.
"""
from __future__ import annotations

import asyncio
import difflib
import logging
import traceback
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from sqlalchemy.exc import IntegrityError

from core import i18n, language_guess, policy
from core.commands import CommandTable, OutOfRange, UsageError, is_command, resolve, shown, split_command
from core.messages import Inbound, Reply
from core.roles import ADMIN
from core.usage import spelled_path, usage_line
from dialogues.context import Context
from dialogues.engine import CANCEL_WORDS, HOLD, draft_word, stop_word
from handlers import meeting_corrections, question_memory
from handlers.help import help_for, subcommand_lines
from state import keyvalue, matrix_identities
from state.db import DatabaseBusy
from state.links import linked_member, memberships
from state.models import HandledEvent, Team
from state.teams import roles_of, where_and_who

log = logging.getLogger(__name__)

# Words members guess for a sub-command ("!team toevoegen", "!overleg nieuw"), with the sub-commands they
# most likely mean, first the one that exists under the command typed; else the nearest spelling.
GUESSED_SUBCOMMANDS: dict[str, tuple[str, ...]] = {
    "toevoegen": ("lid", "plan"), "voeg": ("lid",), "add": ("member", "plan"), "nieuw": ("plan", "lid"),
    "new": ("plan", "member"), "maak": ("plan",), "create": ("plan",), "plannen": ("plan",),
    "schedule": ("plan",), "inplannen": ("plan",), "verplaats": ("verzet",), "verplaatsen": ("verzet",),
    "verzetten": ("verzet",), "weg": ("verwijder", "annuleer"), "remove": ("remove", "cancel"),
    "afzeggen": ("annuleer",), "annuleren": ("annuleer",), "instellen": ("inrichten", "instellingen"),
    "setup": ("setup",),
}

# A question answerer sees plain text (not a command) and may answer it or start a dialogue.
QuestionAnswerer = Callable[[Context, str], "list[Reply] | None"]


@dataclass
class Turn:
    """What one message came to: the replies, and what a transport needs to deliver them."""

    replies: list[Reply]
    lang: str                          # the language the replies are in
    team_id: int | None = None         # the team the message spoke for, if any
    team_settings: dict[str, Any] = field(default_factory=dict)   # that team's settings (privacy level)
    in_dialogue: bool = False          # the sender has a dialogue open here after this turn
    reference: str | None = None       # set when an unexpected error was answered with an apology


class Router:
    def __init__(self, services, commands: CommandTable, answerers: list[QuestionAnswerer] | None = None) -> None:
        self.services = services
        self.commands = commands
        self.answerers = answerers or []
        # One worker: turns (and the scheduler's database work, see run) happen one at a time.
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="zorgbot-turn")

    async def handle(self, inbound: Inbound) -> Turn:
        """The one door for every transport: the message's turn, run on the router's worker."""
        return await self.run(self.turn, inbound)

    async def run(self, work: Callable[..., Any], *args) -> Any:
        """Run database work on the router's worker, after the turns before it (the scheduler's rows)."""
        return await asyncio.get_running_loop().run_in_executor(self._worker, work, *args)

    def close(self) -> None:
        self._worker.shutdown(wait=True)

    def turn(self, inbound: Inbound) -> Turn:
        """One message in one transaction, in the calling thread (transports use `handle`; tests and
        benchmarks may call this directly). An event already handled gives no replies. When another
        process holds the database, the whole turn runs again (state/db.py); only after the retry
        window does the member hear "busy, try again", so no message is dropped unanswered. An
        unexpected error rolls the turn back and gives an apology with a reference instead."""
        inbound = inbound.cleaned()     # no escape or control characters past this door (core.messages)
        try:
            return self.services.db.retry_busy(lambda: self._turn_once(inbound))
        except DatabaseBusy:
            log.warning("turn not handled: database busy", extra={"transport": inbound.transport})
            return Turn([Reply(i18n.t("reliability.busy", self._language(inbound)), privacy="advice")],
                        self._language(inbound))
        except Exception as error:      # the error boundary: nothing unexpected reaches a member or a transport
            return self._apology(inbound, error)

    def _turn_once(self, inbound: Inbound) -> Turn:
        with self.services.db.session() as session:
            if inbound.event_id and not self._first_time(session, inbound):
                log.info("duplicate event ignored", extra={"transport": inbound.transport})
                return Turn([], self.context(session, inbound).lang)
            ctx = self.context(session, inbound)
            replies = self._dispatch(ctx)
            self._remember_language(ctx, replies)
            level = "codes" if ctx.extra.get("case_data") else "advice"
            for reply in replies:
                reply.privacy = reply.privacy or level
            question_memory.keep_details(ctx, replies)   # what "meer" / "more" will show
            log.info("handled", extra={"transport": inbound.transport, "replies": len(replies),
                                       "team": ctx.team.id if ctx.team else None})
            return self._outcome(session, ctx, replies)

    @staticmethod
    def _first_time(session, inbound: Inbound) -> bool:
        """Record the event as handled; False when it already was (a redelivery after a restart, or
        another process that took it). Only this insert may say so: any other conflict later in the
        turn is an error, answered as one, not silently dropped as a duplicate."""
        try:
            with session.begin_nested():
                session.add(HandledEvent(transport=inbound.transport, event_id=inbound.event_id))
        except IntegrityError:
            return False
        return True

    def _outcome(self, session, ctx: Context, replies: list[Reply]) -> Turn:
        # A turn that binds a room to a team (`!kamer koppel`, `/koppel groep`) ends in that team:
        # the transport delivers under the team's language and privacy level.
        if ctx.team is None:
            ctx = self.context(session, ctx.inbound)
        team = ctx.team
        return Turn(replies, ctx.lang, team_id=team.id if team else None,
                    team_settings=dict(team.settings or {}) if team else {},
                    in_dialogue=self.services.dialogues.open_conversation(ctx) is not None)

    # -- the error boundary --------------------------------------------------------------------
    def _apology(self, inbound: Inbound, error: Exception) -> Turn:
        """The turn was rolled back (the session's unit of work); say sorry with a short reference the
        member can pass on, and log the reference with the error's type and place, never its text
        (an exception's message may quote what the member typed)."""
        reference = uuid.uuid4().hex[:8]
        log.error("turn failed", extra={"transport": inbound.transport, "reference": reference,
                                        "error": type(error).__name__, "where": _location(error)})
        lang = self._language(inbound)
        return Turn([Reply(i18n.t("router.error", lang, reference=reference), privacy="advice")], lang,
                    reference=reference)

    def _language(self, inbound: Inbound) -> str:
        """The member's language for an apology, read afresh; the default when even that fails."""
        try:
            with self.services.db.session() as session:
                return self.context(session, inbound).lang
        except Exception:   # the database itself may be what failed
            return self.services.forced_language or inbound.language_hint or self.services.settings.language

    # -- who and where ----------------------------------------------------------------------
    def context(self, session, inbound: Inbound) -> Context:
        """Who speaks, where, for which team, in which roles and language: the one place that decides
        it (a transport that needs to know outside a turn asks here, it does not decide itself)."""
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
        choice = self._language_choice(ctx)
        ctx.lang = choice.language
        ctx.extra["language_choice"] = choice
        return ctx

    # -- in which language ---------------------------------------------------------------------
    def _language_choice(self, ctx: Context) -> policy.LanguageChoice:
        """What core.policy.language_choice needs to know: the operator's --lang, the member's own
        choice, the message's own language, and the language this member last used here."""
        inbound, forced = ctx.inbound, self.services.forced_language
        facts = dict(transport=inbound.transport, direct=inbound.is_direct,
                     member_language=ctx.member.language if ctx.member else None,
                     team_language=ctx.team.language if ctx.team else None, app_language=inbound.language_hint,
                     default=self.services.settings.language)
        if forced:
            return policy.language_choice(**facts, forced=forced)
        text = inbound.text.strip()
        stored = keyvalue.get(ctx.session, _language_key(inbound))
        ctx.extra["language_stored"] = stored
        recent = (stored or "").partition(",")[0] or None
        answering = False
        if not is_command(text) or self._is_stop(text):   # an answer, or leaving the dialogue
            engine = self.services.dialogues
            conversation = engine.open_conversation(ctx)
            answering = conversation is not None and not engine.expired(ctx, conversation)
        message = self._command_language(text) if is_command(text) else language_guess.guess(text)
        return policy.language_choice(**facts, message_language=message, recent_language=recent,
                                      answering_dialogue=answering)

    def _command_language(self, text: str) -> str | None:
        """A command typed by its Dutch name is Dutch, by its English alias English (`!hulp`, `!help`);
        a name both languages share (`!team`) says nothing, and then its subcommand may."""
        invocation = resolve(self.commands, text)
        if invocation is None:
            return language_guess.STOP_WORDS.get(split_command(text)[0])
        name, words, _ = split_command(text)
        for typed, command in zip([name, *(w.casefold() for w in words)], invocation.path):
            if typed == command.name and typed != command.alias:
                return "nl"
            if typed == command.alias and typed != command.name:
                return "en"
        return None

    def _remember_language(self, ctx: Context, replies: list[Reply]) -> None:
        """Keep the language a message was recognised in, for the lines after it ("2", "ja"); the
        first time it changed the reply's language, end the reply with how to fix the language."""
        choice = ctx.extra.get("language_choice")
        if choice is None or choice.rule != "message" or not replies:
            return
        stored = ctx.extra.get("language_stored")
        noted = (stored or "").partition(",")[2] == "noted"
        here = [r for r in replies if r.room_id in (None, ctx.inbound.room_id)]
        if here and not ctx.extra.get("language_chosen") and policy.language_note_due(choice, noted_before=noted):
            note = i18n.t("router.language_note", choice.language)   # no case data: for either form
            here[-1].text += "\n\n" + note
            if here[-1].withheld_text:
                here[-1].withheld_text += "\n\n" + note
            noted = True
        value = choice.language + (",noted" if noted else "")
        if value != stored:
            keyvalue.put(ctx.session, _language_key(ctx.inbound), value)

    def _admins(self, transport: str) -> set[str]:
        settings = self.services.settings
        if transport == "console":
            return set(self.services.console_admins)
        section = getattr(settings, transport, None)
        return set(getattr(section, "admins", ()) or ())

    # -- what ----------------------------------------------------------------------------
    def _dispatch(self, ctx: Context) -> list[Reply]:
        if ctx.inbound.replaces_event_id or ctx.inbound.redacts_event_id:
            return meeting_corrections.changed_message(ctx)   # an edit or redaction: never a command or an answer
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
            answered = engine.handle(ctx, conversation, text)
            if answered is not None:
                return notices + answered
            conversation, ctx.extra["case_data"] = None, False   # released: the line is not its answer
        if is_command(text) and self._is_stop(text):
            # `/stop` (`/annuleer`, `/cancel`): in a Telegram group only commands reach the bot.
            if conversation is not None:
                return notices + engine.cancel(ctx, conversation)
            return notices + [ctx.reply("router.nothing_to_stop")]
        if is_command(text):
            return notices + self._command(ctx, text, conversation)
        if text.casefold().rstrip(".!") in CANCEL_WORDS:
            # 'stop' with no dialogue open (it timed out, or was just finished): the same as `!stop`,
            # never read as a question. A dialogue that just timed out has said what became of it.
            return notices or [ctx.reply("router.nothing_to_stop")]
        if ctx.team is not None and ctx.member is None:
            return notices + self._stranger_text(ctx, text)
        ctx.extra["unasked"] = True     # a dialogue an answerer opens may not capture what is no answer
        for answerer in self.answerers:
            answer = answerer(ctx, text)
            if answer:
                return notices + answer
        if notices or ctx.inbound.is_direct or ctx.inbound.transport == "console":
            return notices + [ctx.reply("router.not_understood")]
        return []   # ordinary talk in a team room is none of the bot's business

    def _is_stop(self, text: str) -> bool:
        name = split_command(text)[0]
        return name in CANCEL_WORDS and self.commands.get(name) is None

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
        if command.changes_actions:
            key = policy.action_change_refusal(ctx.inbound.transport, telegram_level=policy.team_privacy_level(
                ctx.team.settings if ctx.team else None))
            if key:
                return [Reply(ctx.t(key), privacy="advice")]
        if command.handler is None:   # a group of subcommands typed without one
            if invocation.raw_args.split():
                return self._unknown_subcommand(ctx, invocation.path, invocation.raw_args.split()[0])
            return help_for(ctx, self.commands, invocation.path)
        try:
            words = invocation.raw_args.split()
            values = command.parse_args(words)
        except UsageError as problem:
            reason = ctx.t(problem.key, **{k: (ctx.t(v) if k == "arg" else v) for k, v in problem.values.items()})
            if isinstance(problem, OutOfRange):
                return [Reply(reason)]
            if command.subcommands and words and (not command.args or problem.key == "usage.too_many"):
                return self._unknown_subcommand(ctx, invocation.path, words[0])
            usage = usage_line(ctx, invocation.path)
            if command.starts_dialogue and not command.args:
                # "!overleg plan morgen 10:00": the dialogue asks for it, one question at a time
                return [ctx.reply("router.usage_error_dialogue", reason=reason, usage=usage)]
            return [ctx.reply("router.usage_error", reason=reason, usage=usage)]
        ctx.extra["case_data"] = command.case_data
        if conversation is None:
            result = command.handler(ctx, *values)
            return result if isinstance(result, list) else [result]
        return self._beside(ctx, text, command, values, conversation)

    # -- a command while a dialogue is open --------------------------------------------------------
    def _beside(self, ctx: Context, text: str, command, values: list, conversation) -> list[Reply]:
        """THE RULE for a command typed while a dialogue is open here (one rule, whatever the command):
        - a command that needs no questions runs beside the dialogue: the dialogue stays open and the
          reply ends with "Nog open: ..." (what it waits for);
        - a command that would ask questions (it would start a second dialogue) never drops the line:
          when the open dialogue's record is complete and waits only for its confirmation, that record
          is kept as a draft and the new dialogue starts; otherwise the new one is kept as a draft
          (`!open N` resumes it, with what was typed already filled in) and the open question stays.
        Whether a command asks is only known when it runs: the engine calls `hold` below (ENGINE HOLD
        in dialogues/engine.py) instead of opening a second dialogue."""
        engine = self.services.dialogues
        outcome: dict[str, Any] = {}

        def hold(dialogue, answers: dict, state: str) -> list[Reply] | None:
            notice = engine.interrupt(ctx, conversation)
            if notice is not None:
                outcome["replaced"] = notice       # the complete record is a draft; the new one starts
                return None
            open_title = self._title(ctx, conversation)
            if dialogue.name == conversation.dialogue and not engine.typed_with_command(answers):
                # the same dialogue again, with nothing typed to keep: it is the one already open
                return [ctx.reply("router.dialogue_open", title=open_title, stop=stop_word(ctx))]
            draft = engine.hold(ctx, dialogue, answers, state)
            values = dict(title=open_title, number=draft.id, command=draft_word(ctx.lang), stop=stop_word(ctx))
            return [Reply(ctx.t("router.dialogue_held", what=ctx.t("router.typed_line", line=shown(text, 80)),
                                **values), privacy="full",
                          withheld_text=ctx.t("router.dialogue_held", what=ctx.t(
                              "dialogue.quoted", title=ctx.t(dialogue.title)), **values))]

        ctx.extra[HOLD] = hold
        try:
            result = command.handler(ctx, *values)
        finally:
            ctx.extra.pop(HOLD, None)
        replies = result if isinstance(result, list) else [result]
        if "replaced" in outcome:
            return [outcome["replaced"], *replies]
        still_open = engine.open_conversation(ctx)
        if still_open is not None and replies and not ctx.extra.get("dialogue_shown"):
            # the command ran beside an open dialogue: say so (unless its reply already did)
            _append_line(replies[-1], _stop_said(ctx, engine.waiting_line(ctx, still_open)),
                         _stop_said(ctx, engine.waiting_line(ctx, still_open, codes=True)))
        return replies

    def _title(self, ctx: Context, conversation) -> str:
        dialogue = self.services.dialogues.dialogues.get(conversation.dialogue)
        return ctx.t(dialogue.title) if dialogue else conversation.dialogue

    def _unknown_subcommand(self, ctx: Context, path: tuple, word: str) -> list[Reply]:
        """"!overleg plannen", "!team toevoegen Anna ib": a sub-command guessed wrong. Its nearest
        sub-command, when one is near, and the sub-commands the member may run (as `!hulp overleg`)."""
        command = path[-1]
        subs = [sub for sub in command.subcommands if policy.may_run_command(sub.roles, ctx.roles)] \
            or list(command.subcommands)
        spelled = {name: (sub.alias if ctx.lang == "en" else sub.name) for sub in subs for name in sub.names()}
        typed = word.casefold()
        near = [name for name in GUESSED_SUBCOMMANDS.get(typed, ()) if name in spelled][:1] \
            or difflib.get_close_matches(typed, list(spelled), n=1, cutoff=0.6)
        base = spelled_path(ctx, path)
        if near:
            head = ctx.t("router.unknown_subcommand_suggest", command=base, word=shown(word),
                         suggestion=f"{base} {spelled[near[0]]}")
        else:
            head = ctx.t("router.unknown_subcommand", command=base, word=shown(word))
        return [Reply("\n".join([head, *subcommand_lines(ctx, path)]))]

    def _permission_refusal(self, ctx: Context, command) -> Reply | None:
        """The one permission check: a command's roles against the member's, before any handler runs."""
        if policy.may_run_command(command.roles, ctx.roles):
            return None
        names = [ctx.t(f"role.{role}") for role in sorted(command.roles)]
        return ctx.reply("router.needs_role", roles=i18n.spell_list(names, ctx.lang, "or"))

    def _case_data_refusal(self, ctx: Context) -> Reply | None:
        """Case data only where it may travel (core.policy.case_data_refusal)."""
        telegram_level = policy.team_privacy_level(ctx.team.settings if ctx.team else None)
        key = policy.case_data_refusal(ctx.inbound.transport, encrypted=ctx.inbound.encrypted,
                                       require_encryption=self.services.settings.matrix.require_encryption,
                                       telegram_level=telegram_level,
                                       identity_held=self._identity_held(ctx))
        return Reply(ctx.t(key), privacy="advice") if key else None

    def _identity_held(self, ctx: Context) -> bool:
        """A Matrix member whose new identity no lead or verification has accepted yet."""
        bot_user = self.services.settings.matrix.user_id
        return (ctx.inbound.transport == "matrix" and bool(bot_user)
                and matrix_identities.held(ctx.session, bot_user, ctx.inbound.user_id) is not None)

    def _stranger(self, ctx: Context) -> Reply:
        return ctx.reply("router.not_a_member", team=ctx.team.name)

    def _stranger_text(self, ctx: Context, text: str) -> list[Reply]:
        """Plain text from someone in a team's room who is not (yet) its member. A child in danger gets
        the safety answer from anyone; anything else the bot would answer (the console, or a question
        in a room) gets how to become a member, never "I do not understand". Talk in a room stays
        theirs."""
        engine = self.services.dialogues
        told = engine.off_answer(ctx, text) if engine.off_answer is not None else None
        if told:
            return told
        if ctx.inbound.is_direct or ctx.inbound.transport == "console" or "?" in text \
                or "zorgbot" in text.casefold():
            return [ctx.reply("router.not_a_member_question", team=ctx.team.name)]
        return []


def _stop_said(ctx: Context, line: str | None) -> str | None:
    """A line the router adds ("Nog open: ... (of 'stop')") with 'stop' as `stop_word` says it here."""
    return line.replace("'stop'", stop_word(ctx)) if line and ctx.inbound.transport == "telegram" else line


def _append_line(reply: Reply, line: str | None, codes_line: str | None) -> None:
    """One more line at the end of a reply. The line may name a record in its own words ("full"), so
    where only codes may travel the reply's withheld form ends with `codes_line` instead."""
    if not line:
        return
    if reply.privacy != "full":
        reply.withheld_text, reply.privacy = reply.withheld_text or reply.text, "full"
    reply.text += "\n" + line
    if reply.withheld_text:
        reply.withheld_text += "\n" + codes_line


def _location(error: BaseException) -> str:
    """Where the error was raised, as "module.py:line in function" (no source text, no values)."""
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return "?"
    last = frames[-1]
    return f"{Path(last.filename).name}:{last.lineno} in {last.name}"


def _language_key(inbound: Inbound) -> str:
    """Where the language a member last wrote in, in one chat, is kept (state.keyvalue)."""
    return f"reply-language:{inbound.transport}:{inbound.room_id}:{inbound.user_id}"
