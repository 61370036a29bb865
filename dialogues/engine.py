"""Conversational state machines on `transitions`, stored after every turn.

A Dialogue is declared once per type: its steps, its branches and what happens at the end. Its
`transitions.Machine` is built once, when the dialogue is declared; a conversation borrows it for
one turn at a time. The conversation itself (state and answers) is a database row, so a restart or a
crash resumes exactly where the member was.

Nothing typed is lost unasked: a dialogue with a final confirmation step declares (`Step.confirmed`) when its
record is complete; such a record is kept as a draft (state/drafts.py) when the dialogue times out or
another dialogue interrupts it, and only 'stop' discards, saying exactly what. A dialogue that times out
half filled in is kept as a draft too, with the step it stopped at, which `!open N` resumes. Answers the member
gave with the command that started the dialogue are "preset": the engine keeps their names under
ENGINE_KEY, which no `finish` ever sees.
"""
from __future__ import annotations

import copy
import threading
from dataclasses import dataclass, field
from datetime import timedelta, timezone
from typing import Any, Callable

from babel.numbers import format_decimal
from sqlalchemy import bindparam
from sqlmodel import select
from transitions import Machine

from core.commands import read_number
from core.i18n import Problem
from core.messages import Choice, Reply
from dialogues.context import Context
from state import drafts
from state.models import Conversation, Draft

DONE_STATE = "done"
# answers[GIVEN]: the steps answered before the dialogue started (from the member's question); not asked again
GIVEN = "_given"
CANCEL_WORDS = frozenset({"stop", "annuleer", "annuleren", "cancel", "stoppen", "afbreken", "abort"})
SKIP_WORDS = frozenset({"-", "overslaan", "skip", "geen", "none", "nee", "no"})
FINISH_WORDS = frozenset({"klaar", "done", "gereed", "ready", "einde", "end"})
MAX_ANSWER = 2000      # characters in one answer; dialogues/plausible.py has the limits of single fields
ENGINE_KEY = "_engine"          # the engine's own notes in a conversation's answers (preset, nudged)
DRAFT_STATE = "draft_state"     # in a half-filled draft's notes: the step it stopped at
# A line that fails a step's parse and reads as a question or a greeting is not an attempt at an answer:
# the member is told (once) what the dialogue waits for instead of "that is not a date".
_QUESTION_WORDS = frozenset({
    "hoe", "wat", "waarom", "wie", "wanneer", "waar", "welke", "welk", "kan", "kun", "kunnen", "mag", "moet",
    "is", "zijn", "heb", "hebben", "hoi", "hallo", "hey", "dag", "goedemorgen", "bedankt", "dank",
    "how", "what", "why", "who", "when", "where", "which", "can", "could", "may", "should", "do", "does",
    "are", "hi", "hello", "thanks"})
MORE_WORDS = frozenset({"meer", "more"})
# ENGINE HOLD: while a command runs beside an open dialogue, the router puts a function here; a second
# dialogue that would ask questions goes to it instead of opening (bot/router.py, Router._beside, has
# the rule). It returns the replies to give instead, or None to open the dialogue after all.
HOLD = "hold_second_dialogue"


class Invalid(Problem):
    """An answer that does not fit; the member is told why and asked again."""


@dataclass(frozen=True)
class Option:
    value: str
    label: str                    # catalog key
    words: tuple[str, ...] = ()   # extra words that select it (both languages)


@dataclass(frozen=True)
class Step:
    name: str
    prompt: str                                           # catalog key
    parse: Callable[[str, Context, dict], Any] | None = None
    options: tuple[Option, ...] = ()
    optional: bool = False        # "-" / "overslaan" / "skip" leaves it empty
    repeat: bool = False          # collects a list until "klaar" / "done"
    when: Callable[[dict], bool] | None = None             # ask only when this holds
    prompt_values: Callable[[Context, dict], dict] | None = None
    waits: Callable[[Context, dict], str] | None = None   # what this step waits for, in a few words
    # A step that only confirms a record already complete (an ambiguous date's suggestion, "Zo plannen?",
    # an escalation's outcome) declares it: the answers as confirmed, or None while still incomplete.
    confirmed: Callable[[dict], dict | None] | None = None
    free_text_option: bool = False  # an answer matching no option is kept as free text
    # A prompt that repeats case details (free text) is "full"; `codes_values` fill the same prompt
    # without them, for where only "codes" may travel (Telegram's team level, unencrypted rooms).
    privacy: str | None = None
    codes_values: Callable[[Context, dict], dict] | None = None
    # The full reasoning behind a short prompt (an outcome): shown on "meer" / "more" at this step.
    details: Callable[[Context, dict], list[str]] | None = None
    # At an outcome: reads a correction of an earlier answer ("eigenlijk twee weken") as (the corrected
    # answers, a function of the details before and after that says what changed), or None when the
    # line corrects nothing (dialogues/corrections.py); the outcome is then recomputed, not re-asked.
    corrects: Callable[[Context, "Dialogue", str, dict], tuple[dict, Callable[[list[str], list[str]], str]] | None] \
        | None = None


@dataclass(frozen=True)
class Branch:
    source: str
    dest: str
    condition: Callable[[dict], bool]


class _Turn:
    """The model `transitions` moves: just the state and the answers of the turn at hand."""

    def __init__(self, answers: dict) -> None:
        self.answers = answers


@dataclass
class Dialogue:
    name: str
    title: str                                             # catalog key
    steps: list[Step]
    finish: Callable[[Context, dict], list[Reply]]
    branches: list[Branch] = field(default_factory=list)
    case_data: bool = False       # its answers concern a case: refused in unencrypted rooms
    summary: Callable[[Context, dict], str] | None = None   # the record in a few words ("actie 'bellen'")
    machine: Machine = field(init=False, repr=False)

    def __post_init__(self) -> None:
        names = [step.name for step in self.steps]
        if len(set(names)) != len(names) or DONE_STATE in names:
            raise ValueError(f"dialogue {self.name}: step names must be unique and not {DONE_STATE!r}")
        self._steps = {step.name: step for step in self.steps}
        transitions = []
        for branch in self.branches:
            transitions.append({"trigger": "advance", "source": branch.source, "dest": branch.dest,
                                "conditions": [self._condition(branch.condition)]})
        for index, name in enumerate(names):
            following = names[index + 1] if index + 1 < len(names) else DONE_STATE
            transitions.append({"trigger": "advance", "source": name, "dest": following})
        self.machine = Machine(model=None, states=names + [DONE_STATE], transitions=transitions,
                               initial=names[0], auto_transitions=False, send_event=True)
        # One model, put in the conversation's state for each walk: binding a fresh model per turn costs
        # more than the turn's database work. The router runs turns one at a time, but a model walked
        # by two threads at once (tests, tools, a second worker) let one turn step from another's
        # state, so each walk holds the model alone.
        self._turn = _Turn({})
        self._walking = threading.Lock()
        self.machine.add_model(self._turn, initial=names[0])

    @staticmethod
    def _condition(predicate: Callable[[dict], bool]):
        return lambda event: predicate(event.model.answers)

    def step(self, name: str) -> Step:
        return self._steps[name]

    def next_state(self, state: str, answers: dict) -> str:
        """Walk the machine from `state`, passing steps whose `when` does not hold."""
        with self._walking:
            turn = self._turn
            turn.answers = answers
            self.machine.set_state(state, model=turn)
            turn.advance()
            while turn.state != DONE_STATE:
                step = self._steps[turn.state]
                if _asks(step, answers):
                    break
                turn.advance()
            turn.answers = {}       # the answers belong to the conversation, not to the machine
            return turn.state

    def first_state(self, answers: dict) -> str:
        first = self.steps[0]
        if _asks(first, answers):
            return first.name
        return self.next_state(first.name, answers)


def _asks(step: Step, answers: dict) -> bool:
    return (step.when is None or step.when(answers)) and step.name not in answers.get(GIVEN, ())


def option_choices(ctx: Context, step: Step) -> list[Choice]:
    return [Choice(option.value, ctx.t(option.label)) for option in step.options]


def match_option(text: str, ctx: Context, step: Step) -> str | None:
    """A number, the option's label or one of its words; a unique prefix is enough."""
    answer = text.strip().casefold().rstrip(".")
    number = read_number(answer, minimum=1, maximum=len(step.options))
    if number is not None:
        return step.options[number - 1].value
    candidates = []
    for option in step.options:
        words = {option.value.casefold(), ctx.t(option.label).casefold(), *(w.casefold() for w in option.words)}
        if answer in words:
            return option.value
        if len(answer) >= 2 and any(word.startswith(answer) for word in words):
            candidates.append(option.value)
    return candidates[0] if len(candidates) == 1 else None


class DialogueEngine:
    """Starts, continues, cancels and times out conversations, one database row each."""

    def __init__(self, dialogues: list[Dialogue], timeout: timedelta,
                 off_answer: Callable[[Context, str], list[Reply] | None] | None = None) -> None:
        self.dialogues = {dialogue.name: dialogue for dialogue in dialogues}
        self.timeout = timeout
        # Said instead of "that is no answer" to a line a step cannot take, when it has something to say:
        # a child in danger told mid-dialogue gets the safety answer first (handlers/questions.py), and
        # the question stays open.
        self.off_answer = off_answer

    # -- finding --------------------------------------------------------------------------
    _OPEN = select(Conversation).where(
        Conversation.transport == bindparam("transport"), Conversation.room_id == bindparam("room_id"),
        Conversation.user_id == bindparam("user_id"), Conversation.thread_id == bindparam("thread_id"))

    @classmethod
    def open_conversation(cls, ctx: Context) -> Conversation | None:
        inbound = ctx.inbound
        return ctx.session.execute(cls._OPEN, {"transport": inbound.transport, "room_id": inbound.room_id,
                                               "user_id": inbound.user_id, "thread_id": inbound.thread_id}
                                   ).scalars().first()

    def expired(self, ctx: Context, conversation: Conversation) -> bool:
        updated = conversation.updated_at
        if updated.tzinfo is None:  # SQLite hands back naive UTC
            updated = updated.replace(tzinfo=timezone.utc)
        return ctx.now() - updated > self.timeout

    # -- turns ----------------------------------------------------------------------------
    def start(self, ctx: Context, name: str, answers: dict | None = None) -> list[Reply]:
        dialogue = self.dialogues[name]
        answers = dict(answers or {})
        state = dialogue.first_state(answers)
        if state == DONE_STATE:
            return dialogue.finish(ctx, answers)
        answers[ENGINE_KEY] = {"preset": sorted(k for k in answers if k in dialogue._steps)}
        if ctx.extra.get("unasked"):
            # Started by the bot after a plain question, not by the member: it may not capture a line
            # that is no answer to it (see handle).
            answers[ENGINE_KEY]["unasked"] = True
        held = ctx.extra.pop(HOLD, None)
        if held is not None:
            replies = held(dialogue, answers, state)
            if replies is not None:
                return replies
        conversation = Conversation(
            transport=ctx.inbound.transport, room_id=ctx.inbound.room_id, user_id=ctx.inbound.user_id,
            thread_id=ctx.inbound.thread_id, dialogue=name, state=state, answers=answers,
            team_id=ctx.team.id if ctx.team else None, started_at=ctx.now(), updated_at=ctx.now())
        ctx.session.add(conversation)
        intro = Reply(ctx.t("dialogue.started", title=ctx.t(dialogue.title)), in_thread=True)
        return [intro, self.prompt(ctx, dialogue, state, answers)]

    def handle(self, ctx: Context, conversation: Conversation, text: str) -> list[Reply] | None:
        """The member's answer. None when a dialogue the member did not start (one opened after a plain
        question) gets a line that is no answer to it: it is closed and the line is the router's again."""
        dialogue = self.dialogues.get(conversation.dialogue)
        if dialogue is None or conversation.state not in dialogue._steps:
            ctx.session.delete(conversation)   # a dialogue removed by an upgrade
            return [ctx.reply("dialogue.gone")]
        answer = text.strip()
        if len(answer) > MAX_ANSWER:     # a pasted page is no answer: refused, nothing kept or echoed
            reason = ctx.t("input.too_long", length=format_decimal(len(answer), locale=ctx.lang), limit=MAX_ANSWER)
            return [Reply(ctx.t("dialogue.invalid", reason=reason), in_thread=True),
                    self.prompt(ctx, dialogue, conversation.state, conversation.answers)]
        if answer.casefold() in CANCEL_WORDS:
            return self.cancel(ctx, conversation, dialogue)
        step = dialogue.step(conversation.state)
        if step.details is not None and answer.casefold() in MORE_WORDS:
            # the details, and the question still open: nothing is answered by asking for more
            return [Reply("\n".join(step.details(ctx, conversation.answers)), in_thread=True, privacy=step.privacy)]
        # A deep copy: the JSON column only notices a change when it gets a new, unequal value.
        answers = copy.deepcopy(conversation.answers)
        unasked = self._notes(answers).pop("unasked", False)
        if unasked and not_an_answer(answer):
            return self._release(ctx, conversation)
        # Safety first, whatever the question: a line telling of a child in danger gets that answer
        # before anything else. As an answer it still counts where it is one (a registration field may
        # well describe what happened); where it is not, the question stays open below it.
        # (Not again for the retype of a line that got the safety answer when it was held: `safety_told`.)
        told = (self.off_answer(ctx, answer) if self.off_answer is not None and not unasked
                and not answers.get("safety_told") and len(answer.split()) > 3 else None)
        try:
            finished_list = self._apply(ctx, step, answer, answers)
        except Invalid as problem:
            if unasked:
                return self._release(ctx, conversation)
            if told:
                return told + [self.prompt(ctx, dialogue, conversation.state, conversation.answers)]
            if step.corrects is not None:
                corrected = self._correct(ctx, conversation, dialogue, step, answer)
                if corrected is not None:
                    return corrected
            if not_an_answer(answer) and not self._notes(answers).get("nudged"):
                return self._nudge(ctx, conversation, dialogue, answers)
            reason = ctx.t(problem.key, **problem.values)
            if step.details is not None:
                # a typo at an outcome: the outcome has not changed, so only the choice is asked again
                return [Reply(ctx.t("dialogue.invalid", reason=reason), choices=option_choices(ctx, step),
                              in_thread=True, privacy=step.privacy)]
            prompt = self.prompt(ctx, dialogue, conversation.state, answers)
            return [Reply(ctx.t("dialogue.invalid", reason=reason), in_thread=True), prompt]
        told = told or []
        if step.repeat and not finished_list:
            conversation.answers = answers
            conversation.updated_at = ctx.now()
            ctx.session.add(conversation)
            return told + [Reply(ctx.t("dialogue.repeat_more"), in_thread=True)]
        state = dialogue.next_state(conversation.state, answers)
        if state == DONE_STATE:
            ctx.session.delete(conversation)
            ctx.session.flush()
            return told + dialogue.finish(ctx, record_of(answers))
        conversation.state, conversation.answers, conversation.updated_at = state, answers, ctx.now()
        ctx.session.add(conversation)
        return told + [self.prompt(ctx, dialogue, state, answers)]

    def _correct(self, ctx: Context, conversation: Conversation, dialogue: Dialogue, step: Step,
                 answer: str) -> list[Reply] | None:
        """A correction of an earlier answer at an outcome: the outcome recomputed, only what changed
        shown, the full new reasoning on "meer"; None when the line corrects no single answer."""
        found = step.corrects(ctx, dialogue, answer, copy.deepcopy(conversation.answers))
        if found is None:
            return None
        answers, describe = found
        before = step.details(ctx, conversation.answers)
        state = self.resume_state(dialogue, answers)
        conversation.state, conversation.answers, conversation.updated_at = state, answers, ctx.now()
        ctx.session.add(conversation)
        now = dialogue.step(state)
        if now.details is None:      # the correction makes another question matter: ask it first
            return [Reply(describe([], []).splitlines()[0], in_thread=True), self.prompt(ctx, dialogue, state, answers)]
        after = now.details(ctx, answers)
        return [Reply(describe(before, after), choices=option_choices(ctx, now), in_thread=True,
                      privacy=now.privacy, more=after)]

    @staticmethod
    def resume_state(dialogue: Dialogue, answers: dict) -> str:
        """The first step the dialogue would ask with these answers and has no answer to yet."""
        for step in dialogue.steps:
            if _asks(step, answers) and step.name not in answers:
                return step.name
        return dialogue.steps[-1].name

    def _apply(self, ctx: Context, step: Step, answer: str, answers: dict) -> bool:
        """Store the parsed answer; for a repeating step, True once the member says it is complete."""
        lowered = answer.casefold()
        if step.repeat:
            if lowered in FINISH_WORDS:
                return True
            value = step.parse(answer, ctx, answers) if step.parse else answer
            answers.setdefault(step.name, []).append(value)
            return False
        if step.optional and lowered in SKIP_WORDS and not step.options:
            answers[step.name] = None
            return True
        if step.options:
            value = match_option(answer, ctx, step)
            if value is None:
                if step.free_text_option and answer:
                    value = answer
                else:
                    raise Invalid("dialogue.choose_option", count=len(step.options))
            answers[step.name] = step.parse(value, ctx, answers) if step.parse else value
            return True
        if not answer:
            raise Invalid("dialogue.empty")
        answers[step.name] = step.parse(answer, ctx, answers) if step.parse else answer
        return True

    def prompt(self, ctx: Context, dialogue: Dialogue, state: str, answers: dict) -> Reply:
        step = dialogue.step(state)
        values = step.prompt_values(ctx, answers) if step.prompt_values else {}
        text = ctx.t(step.prompt, **values).strip()     # an empty {hint} line leaves no blank line
        hints = []
        if step.optional:
            hints.append(ctx.t("dialogue.hint_skip"))
        if step.repeat:
            hints.append(ctx.t("dialogue.hint_repeat"))
        hints.append(ctx.t("dialogue.hint_stop"))
        hint = f"\n({' · '.join(hints)})"
        reply = Reply(text + hint, choices=option_choices(ctx, step), in_thread=True, privacy=step.privacy,
                      more=step.details(ctx, answers) if step.details else [])
        if step.codes_values is not None:
            reply.withheld_text = ctx.t(step.prompt, **step.codes_values(ctx, answers)).strip() + hint
        return reply

    @staticmethod
    def _release(ctx: Context, conversation: Conversation) -> None:
        ctx.session.delete(conversation)
        ctx.session.flush()
        return None

    def cancel(self, ctx: Context, conversation: Conversation, dialogue: Dialogue | None = None) -> list[Reply]:
        """Only 'stop' discards, and it says what: the record's summary when it is declared, else how
        many answers were given in the dialogue (what came with the command is not counted as such)."""
        dialogue = dialogue or self.dialogues.get(conversation.dialogue)
        ctx.session.delete(conversation)
        title = ctx.t(dialogue.title) if dialogue else conversation.dialogue
        answers = conversation.answers
        preset = set(self._notes(answers).get("preset", ()))
        given = self._given(dialogue, answers)
        if dialogue is not None and dialogue.summary is not None and (given or preset):
            return [self._naming(ctx, dialogue, record_of(answers), "dialogue.cancelled_discarded", title=title)]
        if given:
            return [Reply(ctx.t("dialogue.cancelled_unsaved", title=title, count=len(given)), in_thread=True)]
        if preset:
            return [Reply(ctx.t("dialogue.cancelled_nothing_saved", title=title), in_thread=True)]
        return [Reply(ctx.t("dialogue.cancelled", title=title), in_thread=True)]

    def expire(self, ctx: Context, conversation: Conversation) -> Reply:
        dialogue = self.dialogues.get(conversation.dialogue)
        title = ctx.t(dialogue.title) if dialogue else conversation.dialogue
        minutes = int(self.timeout.total_seconds() // 60)
        confirmed = self.confirmed(dialogue, conversation)
        if confirmed is not None:
            # the line that found it closed may be the missing "ja": it is not taken (see handlers/drafts.py)
            ctx.extra["draft_to_confirm"] = self._keep(ctx, conversation, confirmed).id
            return self._naming(ctx, dialogue, confirmed, "dialogue.timed_out_kept", title=title, minutes=minutes)
        if dialogue is not None and self._given(dialogue, conversation.answers, with_command=True):
            # Half filled in (in the dialogue or already with its command): nothing typed is thrown away
            # unasked. Kept as a draft that `!open N` resumes at the question it stopped at; the line
            # that found it closed is not taken as its answer.
            answers = copy.deepcopy(conversation.answers)
            self._notes(answers)[DRAFT_STATE] = conversation.state
            self._notes(answers).pop("unasked", None)
            draft = self._keep(ctx, conversation, answers)
            ctx.extra["draft_kept"] = draft.id
            return self._naming(ctx, dialogue, record_of(answers), "dialogue.timed_out_draft", title=title,
                                minutes=minutes, number=draft.id, command=draft_word(ctx.lang))
        # Whatever had been answered went into the draft above: here nothing was.
        ctx.session.delete(conversation)
        return Reply(ctx.t("dialogue.timed_out_empty", title=title, minutes=minutes))

    def _given(self, dialogue: Dialogue | None, answers: dict, *, with_command: bool = False) -> list[str]:
        """The steps the member answered in the dialogue itself; `with_command`: and those answered
        by what came with the command ("!actie @anna bellen Z-4": owner, text and case)."""
        preset = set() if with_command else set(self._notes(dict(answers)).get("preset", ()))
        steps = dialogue._steps if dialogue else {}
        return [key for key, value in answers.items()
                if key in steps and key not in preset and value not in (None, [], "")]

    # -- drafts: complete records that were not confirmed ---------------------------------------
    @staticmethod
    def confirmed(dialogue: Dialogue | None, conversation: Conversation) -> dict | None:
        """The record as it would be confirmed, when only a confirmation is missing; else None."""
        step = dialogue._steps.get(conversation.state) if dialogue else None
        if step is None or step.confirmed is None:
            return None
        return step.confirmed(copy.deepcopy(record_of(conversation.answers)))

    def interrupt(self, ctx: Context, conversation: Conversation) -> Reply | None:
        """Another dialogue starts: a complete record is kept as a draft (and the member told so); None
        when the open dialogue is not complete and so must be finished or stopped first."""
        dialogue = self.dialogues.get(conversation.dialogue)
        confirmed = self.confirmed(dialogue, conversation)
        if confirmed is None:
            return None
        self._keep(ctx, conversation, confirmed)
        return self._naming(ctx, dialogue, confirmed, "dialogue.interrupted_kept")

    def typed_with_command(self, answers: dict) -> bool:
        """Whether the command that started a dialogue came with answers of its own (see `start`)."""
        return bool(self._notes(dict(answers)).get("preset"))

    def hold(self, ctx: Context, dialogue: Dialogue, answers: dict, state: str) -> Draft:
        """A dialogue asked for while another is open here (see HOLD): kept as a half-filled draft,
        with what came with its command, that `!open N` resumes at `state`. Nothing is asked now."""
        answers = copy.deepcopy(answers)
        self._notes(answers)[DRAFT_STATE] = state
        self._notes(answers).pop("unasked", None)
        inbound = ctx.inbound
        conversation = Conversation(transport=inbound.transport, room_id=inbound.room_id, user_id=inbound.user_id,
                                    thread_id=inbound.thread_id, dialogue=dialogue.name, state=state,
                                    answers=answers, team_id=ctx.team.id if ctx.team else None)
        return drafts.keep(ctx.session, conversation, answers, ctx.now())

    @staticmethod
    def _keep(ctx: Context, conversation: Conversation, answers: dict) -> Draft:
        """The conversation becomes a draft holding `answers` (a confirmed record, which `!open` only
        has to finish, or a half-filled one with the step to resume at)."""
        draft = drafts.keep(ctx.session, conversation, answers, ctx.now())
        ctx.session.delete(conversation)
        ctx.session.flush()
        return draft

    def _naming(self, ctx: Context, dialogue: Dialogue, answers: dict, key: str, **values) -> Reply:
        """A notice that names a record in its own words ("full"); where only codes may travel it names
        the dialogue instead."""
        full = ctx.t(key, what=self.describe(ctx, dialogue, answers), **values)
        codes = ctx.t(key, what=ctx.t("dialogue.quoted", title=ctx.t(dialogue.title)), **values)
        return Reply(full, in_thread=True, privacy="full", withheld_text=codes)

    def drafts(self, ctx: Context) -> list[Draft]:
        inbound = ctx.inbound
        return drafts.of_member(ctx.session, inbound.transport, inbound.user_id, ctx.team.id if ctx.team else None)

    def confirm_draft(self, ctx: Context, draft: Draft) -> list[Reply]:
        """Finish a kept record as its member confirms it; the draft is gone either way (a finish that
        refuses, e.g. an owner who left, says why)."""
        dialogue = self.dialogues.get(draft.dialogue)
        answers = copy.deepcopy(draft.answers)
        drafts.drop(ctx.session, draft)
        if dialogue is None:
            return [ctx.reply("dialogue.gone")]
        return dialogue.finish(ctx, answers)

    @staticmethod
    def partial(draft: Draft) -> str | None:
        """The step a half-filled draft stopped at (kept when its dialogue timed out); None for a
        complete record waiting only for its confirmation."""
        notes = (draft.answers or {}).get(ENGINE_KEY)
        return notes.get(DRAFT_STATE) if isinstance(notes, dict) else None

    def resume_draft(self, ctx: Context, draft: Draft) -> list[Reply]:
        """A half-filled draft becomes its dialogue again, at the question it stopped at; the draft is
        gone. Refused while another dialogue is open here (finish or stop that one first)."""
        dialogue = self.dialogues.get(draft.dialogue)
        if dialogue is None:
            drafts.drop(ctx.session, draft)
            return [ctx.reply("dialogue.gone")]
        open_one = self.open_conversation(ctx)
        if open_one is not None:
            other = self.dialogues.get(open_one.dialogue)
            return [ctx.reply("router.dialogue_open", title=ctx.t(other.title) if other else open_one.dialogue,
                              stop=stop_word(ctx))]
        answers = copy.deepcopy(draft.answers)
        state = self._notes(answers).pop(DRAFT_STATE, None)
        if state not in dialogue._steps or not _asks(dialogue.step(state), answers):
            state = self.resume_state(dialogue, answers)
        drafts.drop(ctx.session, draft)
        ctx.session.add(Conversation(
            transport=ctx.inbound.transport, room_id=ctx.inbound.room_id, user_id=ctx.inbound.user_id,
            thread_id=ctx.inbound.thread_id, dialogue=dialogue.name, state=state, answers=answers,
            team_id=ctx.team.id if ctx.team else None, started_at=ctx.now(), updated_at=ctx.now()))
        intro = Reply(ctx.t("dialogue.resumed", title=ctx.t(dialogue.title)), in_thread=True)
        return [intro, self.prompt(ctx, dialogue, state, answers)]

    def describe(self, ctx: Context, dialogue: Dialogue | None, answers: dict) -> str:
        """The record in a few words, for lists and notices."""
        if dialogue is None:
            return ctx.t("dialogue.unknown")
        if dialogue.summary is not None:
            return dialogue.summary(ctx, record_of(answers))
        return ctx.t("dialogue.quoted", title=ctx.t(dialogue.title))

    # -- what an open dialogue waits for -------------------------------------------------------
    def waiting_line(self, ctx: Context, conversation: Conversation, *, codes: bool = False) -> str | None:
        """"Nog open: actie 'ouders oproepen' wacht op ...": ends a command's reply while a dialogue is open.
        `codes`: without the record's own words (its title instead), for where case details may not travel."""
        dialogue = self.dialogues.get(conversation.dialogue)
        if dialogue is None or conversation.state not in dialogue._steps:
            return None
        return ctx.t("dialogue.still_open", waiting=self.waiting(ctx, conversation, codes=codes))

    def waiting(self, ctx: Context, conversation: Conversation, *, codes: bool = False) -> str:
        """"actie 'ouders oproepen' wacht op je bevestiging van ...", for lines and lists."""
        dialogue = self.dialogues[conversation.dialogue]
        what = ctx.t("dialogue.quoted", title=ctx.t(dialogue.title)) if codes \
            else self.describe(ctx, dialogue, conversation.answers)
        return ctx.t("dialogue.waiting", what=what,
                     waits=self._waits(ctx, dialogue, conversation.state, record_of(conversation.answers)))

    @staticmethod
    def _waits(ctx: Context, dialogue: Dialogue, state: str, answers: dict) -> str:
        step = dialogue.step(state)
        return step.waits(ctx, answers) if step.waits else ctx.t("dialogue.waits_answer")

    def _nudge(self, ctx: Context, conversation: Conversation, dialogue: Dialogue, answers: dict) -> list[Reply]:
        """Once per dialogue: a question or greeting is not taken for a bad answer; say what is awaited."""
        self._notes(answers)["nudged"] = True
        conversation.answers, conversation.updated_at = answers, ctx.now()
        ctx.session.add(conversation)
        return [Reply(ctx.t("dialogue.not_an_answer", line=self.waiting_line(ctx, conversation)), in_thread=True,
                      privacy="full", withheld_text=ctx.t("dialogue.not_an_answer",
                                                          line=self.waiting_line(ctx, conversation, codes=True)))]

    @staticmethod
    def _notes(answers: dict) -> dict:
        notes = answers.get(ENGINE_KEY)
        if not isinstance(notes, dict):
            notes = answers[ENGINE_KEY] = {}
        return notes


def stop_word(ctx: Context) -> str:
    """'stop' as the dialogue prompts say it here: in Telegram (where a group lets only commands reach
    the bot) they say /stop (bot/transports/telegram/render.py), elsewhere 'stop'."""
    return "/stop" if ctx.inbound.transport == "telegram" else "'stop'"


def draft_word(lang: str) -> str:
    """The command that lists and resumes drafts (handlers/drafts.py declares it)."""
    return "!pending" if lang == "en" else "!open"


def record_of(answers: dict) -> dict:
    """The answers without the engine's own notes: what a dialogue's finish and summary see."""
    return {key: value for key, value in answers.items() if key != ENGINE_KEY}


def not_an_answer(text: str) -> bool:
    """A question or a greeting: chat, not an attempt at answering the step."""
    words = text.casefold().replace(",", " ").split()
    return text.rstrip().endswith("?") or bool(words and words[0].strip("!.") in _QUESTION_WORDS)
