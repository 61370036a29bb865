"""Plain questions: the one answerer for text that is neither a command nor a dialogue answer.

    text -> understand() -> safety first -> a sure topic: its short answer (or a command's help)
         -> unsure: the closest topics as numbered choices -> clearly outside: what the bot can do

The understanding layer (dialogues/understanding/) decides what a message is about; the advice
layer (dialogues/knowledge/answers.py) decides what to say. This module only connects them, keeps
the member's last details and choices (handlers/question_memory.py) for "meer" and a number, and
starts a dialogue only when the member chooses it.
"""
from __future__ import annotations

import logging
import re
from dataclasses import replace

from core.commands import is_number_word, read_number
from core.i18n import spell_list
from core.messages import Choice, Reply
from dialogues.context import Context
from dialogues import corrections
from dialogues.consent_advice import CONSENT_ADVICE, correct as consent_correct
from dialogues.engine import GIVEN
from dialogues.escalation_common import contacts_lines
from dialogues.knowledge.answers import TOPICS, Advice, answer, facts_read
from dialogues.knowledge.consent import age_band
from dialogues.knowledge.facts import Facts
from handlers import question_memory as memory
from handlers.help import help_for

log = logging.getLogger(__name__)

SAFETY = "safety.acute"
MORE_WORDS = frozenset({"meer", "more", "meer info", "meer informatie", "more info", "details", "uitleg"})
MORE = memory.MORE                # the value of the "more" choice (Telegram button, Matrix reaction)
FIND_OUT = "uitzoeken"            # the value of the "find out precisely" choice (starts the dialogue)
FIND_OUT_WORDS = frozenset({FIND_OUT, "find out", "uitzoeken graag", "ja, uitzoeken", "ja uitzoeken", "zoek uit",
                            "zoek het uit", "zoek maar uit", "yes, find out", "yes find out", "find it out",
                            "work it out", "please find out"})
MAX_CHOICES = 3
ALSO_OFFERED = 0.4   # after a safety answer, the question's own topic is offered as a choice from this score
# Answers after which the team's own on-call and crisis arrangements belong in the reply.
WITH_TEAM_CONTACTS = frozenset({SAFETY, "route.crisis", "route.police", "veilig_thuis"})
# The dialogue that asks for missing facts -> its command (Dutch name, English alias).
DIALOGUE_COMMANDS = {"consent_advice": ("toestemming advies", "consent advice"),
                     "escalation": ("escalatie", "escalate"),
                     "suspension": ("schorsing", "suspension"),
                     "expulsion": ("verwijdering", "expulsion")}
TEAM_DIALOGUES = frozenset({"escalation", "suspension", "expulsion"})
# In a team room, talk between members is theirs: only a question, or a message naming the bot, is ours.
QUESTION_START = frozenset(
    "wat welke welk mag mogen moet moeten hoe wie waar wanneer kan kunnen geldt waarom wanneer hoelang "
    "what which may can could how who where when should must why does do is are".split())
_WORD = re.compile(r"[^\W_]+")


def _private(ctx: Context) -> bool:
    return ctx.inbound.is_direct or ctx.inbound.transport == "console"


def _addressed(ctx: Context, text: str) -> bool:
    """In a direct chat or the console every line is for the bot; in a team room only questions."""
    if _private(ctx):
        return True
    words = _WORD.findall(text.casefold())
    return "?" in text or bool(words and (words[0] in QUESTION_START or "zorgbot" in words))


def understand(text: str, lang: str | None, known: Facts | None = None):
    """The understanding layer, loaded at the first question (about 6 MiB a bot need not hold before)."""
    from dialogues.understanding import understand as understand_text
    return understand_text(text, lang, known)


def _understood(ctx: Context, text: str):
    """`understand` once per turn: the correction check and the answerer read the same line."""
    done = ctx.extra.get("understood")
    if done is None or done[0] != text:
        done = ctx.extra["understood"] = (text, understand(text, ctx.lang))
    return done[1]


# -- the answerer ---------------------------------------------------------------------------------
def answer_question(ctx: Context, text: str) -> list[Reply] | None:
    if ctx.team is not None and ctx.member is None:
        return None   # strangers in a team room get nothing from us (the router decides what they see)
    folded = " ".join(text.casefold().split()).rstrip("?!.")
    pending = memory.recall(ctx)
    picked = _picked(pending, folded) if pending else None
    if picked is not None:
        return _follow_choice(ctx, pending, picked)
    if CONFUSED.match(folded) and (_private(ctx) or ctx.inbound.thread_id):
        return [_confused(ctx, pending)]
    if pending is not None and pending.correctable and pending.correctable.get("topic") and (
            _private(ctx) or ctx.inbound.thread_id):
        what_if = _what_if(ctx, pending, pending.correctable["topic"], folded, text)
        if what_if is not None:
            return what_if
    # in a team room, talk between members stays theirs: a correction is one in the answer's thread
    # (or naming the bot), in a direct chat any short line right after the answer
    if pending is not None and pending.correctable and (_private(ctx) or ctx.inbound.thread_id
                                                        or _addressed(ctx, text)):
        corrected = _correction(ctx, pending, text)
        if corrected is not None:
            return corrected
    if folded in MORE_WORDS:
        if _private(ctx):
            return [Reply(ctx.t("questions.no_more"), privacy="advice")]
        return None
    if folded in FIND_OUT_WORDS:
        # "uitzoeken" with nothing offered to work out: never read as a question ("zoeken" is in other answers)
        if _private(ctx):
            return [Reply(ctx.t("questions.nothing_to_find_out"), privacy="advice")]
        return None
    # the pupil's facts of the line before ("een leerling van 16 in het vo") hold for this question too
    understanding = understand(text, ctx.lang, pending.facts) if pending is not None else _understood(ctx, text)
    addressed = _addressed(ctx, text)
    if not (addressed or understanding.safety):
        return None
    log.info("question understood", extra={"topic": understanding.topic, "score": understanding.score,
                                           "sure": understanding.sure, "safety": understanding.safety})
    facts = understanding.facts
    memory.forget(ctx)
    if understanding.safety:
        # safety first; a question that also asked something else gets that as a choice, not an answer
        also = next((topic for topic, score in understanding.alternatives
                     if score >= ALSO_OFFERED and topic != SAFETY), None)
        return _advice(ctx, SAFETY, facts, also=also)
    if understanding.topic is None:
        return [_outside(ctx, folded)] if _private(ctx) else None
    if understanding.sure:
        return _topic_answer(ctx, understanding.topic, facts)
    topics = [understanding.topic] + [topic for topic, _ in understanding.alternatives]
    return [_choices(ctx, list(dict.fromkeys(topics))[:MAX_CHOICES], facts)]


# "En als ze 16 is?", "and if she is 18", "en 18?" right after an answer: the same question for other facts.
WHAT_IF = re.compile(r"^(?:(?:en|and|maar|but|ok|oké|okay),? )?(?:wat )?(?:als|stel|what if|if|bij|at|voor|for|"
                     r"en|and)\b")
BARE_AGE = re.compile(r"^(?:(?:en|and|maar|but) )?(?:(?:als|if|bij|at|met|with) )?(\d{1,2})(?: jaar| jr| years?(?: old)?)?$")


def _what_if(ctx: Context, pending: memory.Pending, topic: str, folded: str, text: str) -> list[Reply] | None:
    if topic not in TOPICS or not WHAT_IF.match(folded) or len(folded.split()) > 8:
        return None
    read = understand(text, ctx.lang)
    if read.safety:
        return None
    changes = {name: getattr(read.facts, name) for name in ("age", "school_type", "authority", "consent",
                                                            "pupil_objects", "suspension_days")
               if getattr(read.facts, name) is not None}
    bare = BARE_AGE.match(folded)
    if bare and "age" not in changes and 3 <= int(bare.group(1)) <= 25:
        changes["age"] = int(bare.group(1))
    if not changes or not set(changes) <= facts_read(topic):
        return None
    memory.forget(ctx)
    return _advice(ctx, topic, replace(pending.facts, **changes))


# "Dat begrijp ik niet" after an answer: offer the details or other words, not "I cannot place that".
CONFUSED = re.compile(
    r"^(?:(?:dat|dit|het|ik|sorry,?) )?(?:(?:begrijp|snap|volg) (?:ik )?(?:het |dat |dit |je |u )?niet|"
    r"ik (?:begrijp|snap|volg) (?:het|dat|dit|je|u) (?:niet|echt niet)|(?:dat |het )?is (?:me |mij )?niet duidelijk|"
    r"(?:wat )?onduidelijk|huh|hè|wat bedoel je(?: daarmee)?|wat betekent dat|"
    r"(?:sorry,? )?i (?:don['’]?t|do not) (?:understand|get it|get that|get this|follow)(?: (?:that|this|it))?|"
    r"(?:i'?m |i am )?(?:confused|not clear)|unclear|what do you mean(?: by that)?|what does that mean)$")


def _confused(ctx: Context, pending: memory.Pending | None) -> Reply:
    if pending is not None and pending.more and MORE in pending.actions:
        # the answer stays pending: "meer" still shows its details
        return Reply(ctx.t("questions.confused_more"), choices=[Choice(MORE, ctx.t("questions.choice_more"))],
                     privacy="advice")
    return Reply(ctx.t("questions.confused"), privacy="advice")


def safety_answer(ctx: Context, text: str) -> list[Reply] | None:
    """The safety-first answer when a line tells of a child in danger, else None. The router asks this
    before an open dialogue's choice question takes the line, so a disclosure never gets "pick 1-4"."""
    understanding = _understood(ctx, text)
    if not understanding.safety:
        return None
    # the open question's numbers are the dialogue's: no competing choices here, nor the hint to them
    return _advice(ctx, SAFETY, understanding.facts, offers=False)


def _topic_answer(ctx: Context, topic: str, facts: Facts) -> list[Reply]:
    if topic.startswith("howto."):
        return _howto(ctx, topic.split(".", 1)[1])
    return _advice(ctx, topic, facts)


# -- a sure answer --------------------------------------------------------------------------------
def _advice(ctx: Context, topic: str, facts: Facts, also: str | None = None, offers: bool = True) -> list[Reply]:
    """The short answer on `topic`. With offers=False the reply shows no choices and no "meer" hint (an
    open dialogue owns the numbers); the details are still kept for "meer"."""
    advice = answer(topic, facts, ctx.lang)
    if advice is None:
        return [_outside(ctx)]
    lines = list(advice.short)
    contacts = contacts_lines(ctx) if topic in WITH_TEAM_CONTACTS else []
    if contacts:     # right after what to do now, before the offers
        source = next((i for i, line in enumerate(lines) if line.startswith(ctx.t("advice.source_line", source=""))),
                      len(lines))
        lines[source:source] = contacts
    choices = [Choice(MORE, ctx.t("questions.choice_more"))] if advice.more else []
    dialogue = advice.dialogue if advice.missing and advice.dialogue in DIALOGUE_COMMANDS else None
    if also is not None:
        choices.append(Choice(f"topic:{also}", topic_label(ctx, also)))
        lines.append(ctx.t("questions.also_topic", topic=topic_label(ctx, also), number=len(choices)))
    if dialogue:
        dutch, english = DIALOGUE_COMMANDS[dialogue]
        lines.append(ctx.t("questions.offer_dialogue", facts=_fact_names(ctx, advice, facts),
                           command=f"!{english if ctx.lang == 'en' else dutch}"))
        choices.append(Choice(FIND_OUT, ctx.t("questions.choice_find_out")))
    if advice.more and offers:
        lines.append(ctx.t("questions.more_hint"))
    # a short correction of a fact this answer depends on ("nee, ze is 17") recomputes it (_correction)
    correctable = {"topic": topic} if topic != SAFETY and topic in TOPICS else None
    memory.remember(ctx, actions=[choice.value for choice in choices], dialogue=dialogue, facts=facts,
                    correctable=correctable)
    # the team's arrangements name people and may travel only where case codes may
    return [Reply("\n".join(lines), choices=choices if offers else [], privacy="codes" if contacts else "advice",
                  more=list(advice.more))]


def _fact_names(ctx: Context, advice: Advice, facts: Facts) -> str:
    pupil = (facts.age is not None and facts.age >= 16) or facts.authority == "pupil_adult"
    return spell_list([ctx.t("questions.fact_consent_pupil") if name == "consent" and pupil
                       else ctx.t(f"questions.fact_{name}") for name in advice.missing], ctx.lang)


def _howto(ctx: Context, name: str) -> list[Reply]:
    """A command's help, from the command table, as the member's roles see it."""
    table = ctx.services.commands
    command = table.get(name)
    if command is None:
        return [_outside(ctx)]
    return [Reply(reply.text, privacy="advice") for reply in help_for(ctx, table, (command,))]


# -- unsure: choices ------------------------------------------------------------------------------
def topic_label(ctx: Context, topic: str) -> str:
    if topic.startswith("howto."):
        name = topic.split(".", 1)[1]
        command = ctx.services.commands.get(name)
        shown = (command.alias if ctx.lang == "en" else command.name) if command else name
        return ctx.t("questions.topic_howto", command=f"!{shown}")
    return ctx.t(f"questions.topic.{topic}")


def _choices(ctx: Context, topics: list[str], facts: Facts) -> Reply:
    labels = [topic_label(ctx, topic) for topic in topics]
    memory.remember(ctx, actions=[f"topic:{topic}" for topic in topics], facts=facts)
    # the transports number the choices (console and Matrix text, Telegram buttons)
    # never a dead end: the choices, asking again, or the help
    text = f'{ctx.t("questions.unsure")}\n{ctx.t("questions.unsure_hint")} {ctx.t("questions.unsure_help")}'
    return Reply(text,
                 choices=[Choice(str(n), label) for n, label in enumerate(labels, start=1)], privacy="advice")


def _picked(pending: memory.Pending, folded: str) -> str | None:
    """The action a reply picks: a number, "meer"/"more", or the find-out choice's word."""
    number = read_number(folded) if is_number_word(folded) else None     # ASCII digits only: "¹" is no choice
    if number is not None and 1 <= number <= len(pending.actions):
        return pending.actions[number - 1]
    if folded in MORE_WORDS and MORE in pending.actions:
        return MORE
    if folded in FIND_OUT_WORDS and FIND_OUT in pending.actions:
        return FIND_OUT
    return None


def _follow_choice(ctx: Context, pending: memory.Pending, action: str) -> list[Reply]:
    if action == MORE:
        # the details stay, so "meer" twice shows them twice; the offer to find out stays too
        return [Reply("\n".join(pending.more), privacy=pending.privacy)]
    memory.forget(ctx)
    if action == FIND_OUT and pending.dialogue:
        if pending.dialogue in TEAM_DIALOGUES and (ctx.team is None or ctx.member is None):
            return [ctx.reply("router.no_team")]     # the checks record their outcome for a team
        # the member chose to work it out: the dialogue is theirs, and a wrong answer is asked again
        # (as after !schorsing), never dropped in silence
        ctx.extra.pop("unasked", None)
        return ctx.services.dialogues.start(ctx, pending.dialogue, prefill(pending.dialogue, pending.facts))
    return _topic_answer(ctx, action.split(":", 1)[1], pending.facts)


def _correction(ctx: Context, pending: memory.Pending, text: str) -> list[Reply] | None:
    """A correction right after an answer ("nee, ze is 17"): the answer recomputed from the corrected
    facts or dialogue answers, only what changed shown, the full new reasoning on "meer"."""
    if pending.correctable.get("topic"):
        return _fact_correction(ctx, pending, pending.correctable["topic"], text)
    answers = pending.correctable.get("answers")
    if pending.correctable.get("dialogue") != CONSENT_ADVICE.name or not isinstance(answers, dict):
        return None

    def resume(new: dict) -> list[Reply]:
        ctx.extra.pop("unasked", None)      # the member's own correction: the question it needs is theirs
        return ctx.services.dialogues.start(ctx, CONSENT_ADVICE.name, new)

    replies = consent_correct(ctx, answers, text, resume)
    if replies is not None:
        memory.forget(ctx)      # what "meer" shows is now the corrected advice's (kept by the router)
    return replies


def _fact_correction(ctx: Context, pending: memory.Pending, topic: str, text: str) -> list[Reply] | None:
    if topic not in TOPICS or corrections.is_question(text):
        return None
    read = _understood(ctx, text)
    if read.safety:
        return None          # a child in danger is never taken as a correction of the last answer
    changes = corrections.read_plain_correction(text, read.facts, ctx.lang)
    if not changes or not set(changes) <= facts_read(topic):
        return None
    facts = replace(pending.facts, **changes)
    before, after = answer(topic, pending.facts, ctx.lang), answer(topic, facts, ctx.lang)
    if before is None or after is None:
        return None
    memory.remember(ctx, actions=[MORE], more=list(after.more), facts=facts, correctable={"topic": topic})
    return [Reply(corrections.plain_changed_text(ctx, changes, before.short, after.short), privacy="advice",
                  choices=[Choice(MORE, ctx.t("questions.choice_more"))], more=list(after.more))]


# A greeting or thanks is answered as a colleague would, not with "I cannot place that".
GREETING = re.compile(r"^(hoi|hallo|hai|hey|hee|hi|hello|dag|goedemorgen|goedemiddag|goedenavond|"
                      r"good (morning|afternoon|evening))( zorgbot)?$")
THANKS = re.compile(r"^((heel )?(erg )?(hartelijk )?(dank( je| u)?( wel)?|bedankt)|thanks?( you)?( very much)?|"
                    r"thx|cheers|top,? (dank|bedankt)( je)?)( zorgbot)?$")


def _outside(ctx: Context, folded: str = "") -> Reply:
    if GREETING.match(folded):
        return Reply(ctx.t("questions.greeting"), privacy="advice")
    if THANKS.match(folded):
        return Reply(ctx.t("questions.thanks"), privacy="advice")
    return Reply(ctx.t("questions.not_understood"), privacy="advice")


# -- a dialogue chosen by the member starts with what the question already said ---------------
AUTHORITY_ANSWERS = {"both_parents": "both_parents", "one_parent": "one_parent", "guardian": "guardian",
                     "family_guardian": "supervision_order"}
STANCE_ANSWERS = {"given": "will_consent", "no_objection": "no_objection", "refused": "object",
                  "objection": "object", "withdrawn": "object"}


def prefill(dialogue: str, facts: Facts) -> dict:
    """The dialogue's answers the facts already give, marked so the dialogue does not ask them again."""
    from_facts: dict = {}
    if dialogue == "consent_advice":
        if facts.age is not None and 4 <= facts.age <= 30:
            from_facts["age_band"] = age_band(facts.age)
        if facts.authority in AUTHORITY_ANSWERS:
            from_facts["authority"] = AUTHORITY_ANSWERS[facts.authority]
        if facts.consent in STANCE_ANSWERS:
            from_facts["parents_informed"] = True
            from_facts["parents_stance"] = STANCE_ANSWERS[facts.consent]
        if facts.pupil_objects is not None:
            from_facts["pupil_refuses_parent_info"] = facts.pupil_objects
    elif dialogue in ("suspension", "expulsion"):
        if facts.school_type:
            from_facts["school_type"] = facts.school_type.upper()
        if facts.age is not None and 4 <= facts.age <= 30:
            from_facts["pupil_age"] = facts.age
        if dialogue == "suspension" and facts.suspension_days:
            from_facts["length_school_days"] = facts.suspension_days
    if from_facts:
        from_facts[GIVEN] = sorted(from_facts)
    return from_facts


ORDER = 99          # last: a running meeting's lines ("besluit: ...") are read before any question
ANSWERERS = [answer_question]
COMMANDS: list = []
