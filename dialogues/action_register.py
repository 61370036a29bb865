"""!actie: registering an action in one line, or in a short dialogue for the parts that are missing.

"!actie @anna huisbezoek plannen Z-17 vrijdag" is read as owner, description, case code and due date.
Whatever is missing or unclear (an unknown name, a role several members hold, an ambiguous or past
date) is asked, with a suggestion where there is one: a date is never guessed silently. The same
date question serves !verzet and !uitstel when their date needs asking again (`action_date`).
"""
from __future__ import annotations

import re
from datetime import datetime, time, timedelta

from core.cases import looks_like_case_code, normalise_case_code
from core.commands import is_number_word, read_number
from core.i18n import spell_list
from core.messages import Reply
from dialogues.action_changes import apply_date
from dialogues.action_text import ActionWriter, command_name, every, spell_when
from dialogues.context import Context
from dialogues.dates import parse_when, split_trailing_when
from dialogues.engine import Branch, Dialogue, Invalid, Step
from state import actions as store
from state.cases import get_or_create_case
from state.models import Action, Case, Member
from state.privacy import case_label
from state.reminders import ReminderSettings

YES_WORDS = frozenset({"ja", "j", "yes", "y", "ok", "oké", "okay", "goed", "prima", "klopt", "sure"})
NO_WORDS = frozenset({"nee", "n", "no", "niet", "anders", "other"})
DEFAULT_DUE_TIME = time(17, 0)

_NUMBERS = {"een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8,
            "negen": 9, "tien": 10, "twaalf": 12, "a": 1, "one": 1, "two": 2, "three": 3, "four": 4,
            "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "twelve": 12}
_UNIT_DAYS = {"dag": 1, "dagen": 1, "day": 1, "days": 1, "week": 7, "weken": 7, "weeks": 7,
              "maand": 30, "maanden": 30, "month": 30, "months": 30}
_EVERY = re.compile(r"\b(?:elke|iedere|ieder|every|each)\s+(?:(\d{1,3}|[a-zé]+)\s+)?"
                    r"(dag|dagen|days?|week|weken|weeks?|maand|maanden|months?)\b", re.IGNORECASE)
_PERIODIC = {"dagelijks": 1, "daily": 1, "wekelijks": 7, "weekly": 7, "tweewekelijks": 14, "fortnightly": 14,
             "biweekly": 14, "maandelijks": 30, "monthly": 30}
_PERIODIC_RX = re.compile(r"\b(" + "|".join(_PERIODIC) + r")\b", re.IGNORECASE)
MAX_RECURRENCE_DAYS = 366


# -- reading the parts -------------------------------------------------------------------------------
def date_languages(ctx: Context) -> tuple[str, str]:
    """The member's language first; a date in the other language is understood too."""
    return (ctx.lang, "nl" if ctx.lang == "en" else "en")


def _settings(ctx: Context) -> ReminderSettings:
    return ReminderSettings.of(ctx.team)


def read_date(ctx: Context, text: str) -> dict:
    """A whole answer read as a date, as the JSON the dialogue stores."""
    settings = _settings(ctx)
    when = None
    for lang in date_languages(ctx):
        when = parse_when(text, now=ctx.now(), tz=ctx.tz, lang=lang, default_time=DEFAULT_DUE_TIME,
                          workdays=settings.workdays, holidays=settings.holidays)
        if when.problem != "unparsed":
            break
    return when_json(when)


def split_date(ctx: Context, text: str) -> tuple[str, dict | None]:
    settings = _settings(ctx)
    for lang in date_languages(ctx):
        rest, when = split_trailing_when(text, now=ctx.now(), tz=ctx.tz, lang=lang,
                                         default_time=DEFAULT_DUE_TIME, workdays=settings.workdays,
                                         holidays=settings.holidays)
        if when is not None:
            return rest, when_json(when)
    return text.strip(), None


def when_json(when) -> dict:
    return {"at": when.at.isoformat() if when.at else None, "problem": when.problem,
            "suggestion": when.suggestion.isoformat() if when.suggestion else None, "phrase": when.phrase}


def read_recurrence(text: str) -> tuple[str, int | None]:
    """"evalueren elke 6 weken" -> ("evalueren", 42); the phrase is taken out of the description."""
    match = _EVERY.search(text)
    if match:
        count_word, unit = match.group(1), match.group(2).casefold()
        if count_word is None:
            count = 1
        elif is_number_word(count_word):
            count = read_number(count_word, minimum=1, maximum=999)
            if count is None:
                return text, None
        else:
            count = _NUMBERS.get(count_word.casefold())
            if count is None:
                return text, None
        days = count * _UNIT_DAYS[unit]
    else:
        match = _PERIODIC_RX.search(text)
        if not match:
            return text, None
        days = _PERIODIC[match.group(1).casefold()]
    if not 1 <= days <= MAX_RECURRENCE_DAYS:
        return text, None
    rest = (text[:match.start()] + " " + text[match.end():]).strip()
    return " ".join(rest.split()), days


def read_description(text: str, answers: dict) -> None:
    """Description, case code and recurrence from free text, into `answers`."""
    text, days = read_recurrence(text)
    if days:
        answers["recurrence_days"] = days
    kept = []
    for word in text.split():
        bare = word.strip(",.;:()")
        if not answers.get("case") and looks_like_case_code(bare):
            # The code is kept apart from the description: the case is shown only through case_label.
            answers["case"] = normalise_case_code(bare)
            continue
        kept.append(word)
    description = " ".join(kept).strip(" ,;:-")
    if description:
        answers["description"] = description


def _owner_candidates(ctx: Context, words: list[str]) -> tuple[list[Member], int]:
    """Members named by the first one to three words (display names can have spaces)."""
    for count in (3, 2, 1):
        if len(words) < count or (count > 1 and words[0].startswith("@")):
            continue
        found = store.find_owner(ctx.session, ctx.team.id, " ".join(words[:count]), ctx.member)
        if found:
            return found, count
    return [], 0


def read_line(ctx: Context, text: str) -> dict:
    """The answers a one-line "!actie ..." already gives."""
    answers: dict = {}
    words = text.split()
    found, used = _owner_candidates(ctx, words)
    if len(found) == 1:
        answers["owner"] = found[0].id
    elif len(found) > 1:
        answers["owner_candidates"] = [m.display_name for m in found]
    elif words and words[0].startswith("@"):
        answers["owner_unknown"], used = words[0], 1
    rest, due = split_date(ctx, " ".join(words[used:]))
    if due is not None:
        answers["due"] = due
    read_description(rest, answers)
    if "due" not in answers and answers.get("recurrence_days"):
        answers["due"] = first_occurrence(ctx, answers["recurrence_days"])
    return answers


def first_occurrence(ctx: Context, days: int) -> dict:
    """For "elke 6 weken" without a date: ask for the first time, suggesting one interval from now."""
    local = (ctx.now() + timedelta(days=days)).astimezone(ctx.tz)
    suggestion = datetime.combine(local.date(), DEFAULT_DUE_TIME, tzinfo=ctx.tz)
    return {"at": None, "problem": "first", "suggestion": suggestion.isoformat(), "phrase": ""}


# -- dialogue steps ----------------------------------------------------------------------------------
def parse_owner(text: str, ctx: Context, answers: dict) -> int:
    found, _ = _owner_candidates(ctx, text.split())
    if len(found) == 1:
        answers.pop("owner_candidates", None)
        answers.pop("owner_unknown", None)
        return found[0].id
    if found:
        raise Invalid("action.owner_which", names=spell_list([m.display_name for m in found], ctx.lang, "or"))
    raise Invalid("action.owner_unknown", name=text.strip())


def owner_prompt(ctx: Context, answers: dict) -> dict:
    if answers.get("owner_candidates"):
        hint = ctx.t("action.owner_which", names=spell_list(answers["owner_candidates"], ctx.lang, "or"))
    elif answers.get("owner_unknown"):
        hint = ctx.t("action.owner_unknown", name=answers["owner_unknown"])
    else:
        hint = ""
    return {"hint": hint}


def parse_description(text: str, ctx: Context, answers: dict) -> str:
    rest, due = split_date(ctx, text)
    if due is not None and "due" not in answers:
        answers["due"] = due
        text = rest
    read_description(text, answers)
    if "due" not in answers and answers.get("recurrence_days"):
        answers["due"] = first_occurrence(ctx, answers["recurrence_days"])
    if not answers.get("description"):
        raise Invalid("action.description_empty")
    return answers["description"]


def parse_due(text: str, ctx: Context, answers: dict) -> dict:
    previous = answers.get("due") or {}
    word = text.strip().casefold().rstrip(".!")
    if word in YES_WORDS and previous.get("suggestion"):
        return {"at": previous["suggestion"], "problem": None, "suggestion": None, "phrase": word}
    if word in NO_WORDS:
        return {"at": None, "problem": None, "suggestion": None, "phrase": ""}
    return read_date(ctx, text)


def due_prompt(ctx: Context, answers: dict) -> dict:
    """The question, with what was wrong with the last answer and the suggestion, if any."""
    due = answers.get("due") or {}
    problem, suggestion = due.get("problem"), due.get("suggestion")
    lines = []
    if problem and problem != "first":
        lines.append(ctx.t(f"action.date_{problem}", phrase=due.get("phrase") or ""))
    if suggestion:
        lines.append(ctx.t("action.date_suggest",
                           when=spell_when(ctx, datetime.fromisoformat(suggestion))))
    else:
        lines.append(ctx.t("action.q_due"))
    return {"question": "\n".join(lines)}


def _needs_due(answers: dict) -> bool:
    return not (answers.get("due") or {}).get("at")


def due_step() -> Step:
    return Step("due", "action.due_prompt", parse=parse_due, when=_needs_due, prompt_values=due_prompt)


# -- finishing ---------------------------------------------------------------------------------------
def finish_register(ctx: Context, answers: dict, *, coordinator_hint: str | None = None) -> list[Reply]:
    """Create the action (linked to a meeting and its case when `answers` say so). `coordinator_hint`:
    a catalog key added to the case-coordinator question (meetings say how to answer it there)."""
    owner = ctx.session.get(Member, answers["owner"])
    if owner is None or not owner.active or owner.team_id != ctx.team.id:   # left the team meanwhile
        return [ctx.reply("action.owner_gone")]
    due = datetime.fromisoformat(answers["due"]["at"])
    if due <= ctx.now():     # the dialogue took so long that the moment passed
        return [ctx.reply("action.date_passed_meanwhile")]
    if answers.get("case"):
        case = get_or_create_case(ctx.session, ctx.team.id, answers["case"])
    else:   # the case under discussion when registered during a meeting
        case = ctx.session.get(Case, answers["case_id"]) if answers.get("case_id") else None
    action = store.create_action(ctx.session, team=ctx.team, owner=owner, description=answers["description"],
                                 due_at=due, case=case, created_by=ctx.member, meeting_id=answers.get("meeting_id"),
                                 recurrence_days=answers.get("recurrence_days"), actor=ctx.actor, now=ctx.now(),
                                 date_to_confirm=bool(answers.get("date_to_confirm")))
    replies = [confirmation(ctx, action, owner)]
    if case is not None:
        question = coordinator_question(ctx, case, action)
        if question:
            if coordinator_hint:
                question.text += "\n" + ctx.t(coordinator_hint)
            replies.append(question)
    return replies


def confirmation(ctx: Context, action: Action, owner: Member) -> Reply:
    writer = ActionWriter.for_ctx(ctx)
    case = writer.case(action)
    values = dict(number=action.number, owner=owner.display_name, when=writer.when(action.due_at),
                  case=f" ({case})" if case else "")
    lines = [ctx.t("action.created", description=action.description, **values)]
    codes = [ctx.t("action.created_codes", **values)]
    if action.recurrence_days:
        lines.append(ctx.t("action.created_recurring", every=every(ctx.lang, action.recurrence_days)))
    if action.date_to_confirm:
        lines.append(ctx.t("meeting.action_date_to_confirm_hint", number=action.number,
                           command=command_name("verzet", "reschedule", ctx.lang)))
    lines.append(ctx.t("action.created_hint", done=command_name("klaar", "done", ctx.lang), number=action.number))
    mentions = [owner.user_id] if ctx.member is None or owner.id != ctx.member.id else []
    return Reply("\n".join(lines), mentions=mentions, privacy="full",
                 withheld_text="\n".join(codes + lines[1:]))


def coordinator_question(ctx: Context, case: Case, action: Action) -> Reply | None:
    """A second open action on a case asks for a case coordinator (004:L3165-3167, L2516-2518)."""
    if not store.needs_coordinator(ctx.session, case):
        return None
    count = len(store.open_actions(ctx.session, ctx.team.id, case_id=case.id))
    return Reply(ctx.t("action.coordinator_question", case=case_label(ctx.session, case, ctx.lang), count=count,
                       command=command_name("coordinator", "coordinator", ctx.lang), number=action.number),
                 privacy="codes")


def finish_date(ctx: Context, answers: dict) -> list[Reply]:
    """The end of `action_date`: apply the asked date to the action (reschedule or snooze)."""
    return apply_date(ctx, answers["op"], answers["number"], datetime.fromisoformat(answers["due"]["at"]))


ACTION_REGISTER = Dialogue(
    name="action_register",
    title="action.register_title",
    steps=[
        Step("owner", "action.q_owner", parse=parse_owner, when=lambda a: not a.get("owner"),
             prompt_values=owner_prompt),
        Step("description", "action.q_description", parse=parse_description,
             when=lambda a: not a.get("description")),
        due_step(),
    ],
    branches=[Branch("due", "due", _needs_due)],
    finish=finish_register,
)

ACTION_DATE = Dialogue(
    name="action_date",
    title="action.date_title",
    steps=[due_step()],
    branches=[Branch("due", "due", _needs_due)],
    finish=finish_date,
)

DIALOGUES = [ACTION_REGISTER, ACTION_DATE]
