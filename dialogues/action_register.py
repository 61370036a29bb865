"""!actie: registering an action in one line, or in a short dialogue for the parts that are missing.

"!actie @anna huisbezoek plannen Z-17 vrijdag" is read as owner, description, case code and due date.
Whatever is missing or unclear (an unknown name, a role several members hold, an ambiguous or past
date) is asked, with a suggestion where there is one: a date is never guessed silently. The same
date question serves !verzet and !uitstel when their date needs asking again (`action_date`).
"""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from babel.dates import format_date

from core import school_holidays
from core.commands import is_number_word, read_number, shown
from core.i18n import spell_list
from core.roles import parse_role
from core.messages import Reply
from dialogues.action_changes import apply_date
from dialogues.action_text import ActionWriter, command_name, every, spell_when
from dialogues.context import Context
from dialogues.dates import parse_when, split_trailing_when
from dialogues.engine import Branch, Dialogue, Invalid, Step, not_an_answer
from dialogues.plausible import MAX_TEXT, YES_WORDS, check_length, member_names, name_in
from state import actions as store
from state.cases import get_or_create_case, team_case_code
from state.models import Action, Case, Member
from state.privacy import case_label
from state.reminders import ReminderSettings

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
FAR_AHEAD = timedelta(days=366)     # a due date beyond this is asked about before it is kept


# -- reading the parts -------------------------------------------------------------------------------
def date_languages(ctx: Context) -> tuple[str, str]:
    """The member's language first; a date in the other language is understood too."""
    return (ctx.lang, "nl" if ctx.lang == "en" else "en")


def _settings(ctx: Context) -> ReminderSettings:
    return ReminderSettings.of(ctx.team)


def read_date(ctx: Context, text: str, *, working_day: bool = True) -> dict:
    """A whole answer read as a date, as the JSON the dialogue stores. A due date (`working_day`) on a
    day off becomes a question (see `check_day_off`); a snooze date need not be a working day."""
    settings = _settings(ctx)
    after = after_holiday(ctx, text)
    if after is not None:
        return check_day_off(ctx, plausible_due(ctx, after)) if working_day else plausible_due(ctx, after)
    when = None
    for lang in date_languages(ctx):
        when = parse_when(text, now=ctx.now(), tz=ctx.tz, lang=lang, default_time=DEFAULT_DUE_TIME,
                          workdays=settings.workdays, holidays=settings.holidays)
        if when.problem != "unparsed":
            break
    due = explain_moved(ctx, plausible_due(ctx, when_json(when)))
    return check_day_off(ctx, due) if working_day else due


# -- days off: a due date on a weekend, in the school holiday or on a study day is asked about -----------
_HOLIDAY_WORDS = {"kerstvakantie": "kerstvakantie", "kerst": "kerstvakantie", "kerstmis": "kerstvakantie",
                  "herfstvakantie": "herfstvakantie", "voorjaarsvakantie": "voorjaarsvakantie",
                  "krokusvakantie": "voorjaarsvakantie", "meivakantie": "meivakantie",
                  "zomervakantie": "zomervakantie", "christmas holiday": "kerstvakantie",
                  "christmas holidays": "kerstvakantie", "christmas break": "kerstvakantie",
                  "christmas": "kerstvakantie", "autumn holiday": "herfstvakantie",
                  "autumn half-term": "herfstvakantie", "half-term": "herfstvakantie",
                  "spring holiday": "voorjaarsvakantie", "spring break": "voorjaarsvakantie",
                  "may holiday": "meivakantie", "may holidays": "meivakantie",
                  "summer holiday": "zomervakantie", "summer holidays": "zomervakantie"}
_AFTER_HOLIDAY = re.compile(r"(?:^|\s)(?P<phrase>(?:meteen |direct )?(?:na|after)\s+(?:de |het |the )?"
                            r"(?P<name>" + "|".join(sorted(map(re.escape, _HOLIDAY_WORDS), key=len, reverse=True))
                            + r"))\s*[.!]?\s*$", re.IGNORECASE)


def _region(ctx: Context) -> str | None:
    return (ctx.team.settings or {}).get("region") if ctx.team is not None else None


def after_holiday(ctx: Context, text: str) -> dict | None:
    """"na de kerstvakantie" at the end of `text`: the first working day after the coming (or current)
    holiday of that name in the team's region, at the default time. Without a region the holiday's
    dates are unknown: a question (problem "no_region"). None when the text does not end so."""
    found = _AFTER_HOLIDAY.search(text)
    if not found:
        return None
    phrase, name = found.group("phrase").strip(), _HOLIDAY_WORDS[found.group("name").casefold()]
    region = _region(ctx)
    settings = _settings(ctx)
    today = ctx.now().astimezone(ctx.tz).date()
    day = today
    if region:
        for _ in range(400):
            if school_holidays.holiday_name(region, day) == name:
                break
            day += timedelta(days=1)
        else:
            region = None
    if not region:
        return {"at": None, "problem": "no_region", "suggestion": None, "phrase": phrase, "holiday": name,
                "start": found.start("phrase")}
    while school_holidays.holiday_name(region, day) == name or not settings.is_working_day(day):
        day += timedelta(days=1)
    at = datetime.combine(day, DEFAULT_DUE_TIME, tzinfo=ctx.tz)
    return {"at": at.isoformat(), "problem": None, "suggestion": None, "phrase": phrase,
            "start": found.start("phrase")}


def _day_off_why(ctx: Context, day: date) -> dict:
    settings = _settings(ctx)
    name = school_holidays.holiday_name(_region(ctx), day) if settings.skip_school_holidays else None
    if name and day in settings.holidays:
        return {"day": day.isoformat(), "why": "holiday", "holiday": name}
    if day.weekday() not in settings.workdays:
        return {"day": day.isoformat(), "why": "weekend" if day.weekday() >= 5 else "workdays"}
    return {"day": day.isoformat(), "why": "team"}


def spell_day(ctx: Context, day: date) -> str:
    """"zaterdag 5 december" (with the year when it is not this year's)."""
    same_year = day.year == ctx.now().astimezone(ctx.tz).year
    return format_date(day, "EEEE d MMMM" if same_year else "EEEE d MMMM y", locale=ctx.lang)


def day_off_text(ctx: Context, off: dict) -> str:
    """"zaterdag 5 december valt in het weekend." / "... valt in de kerstvakantie." """
    day = spell_day(ctx, date.fromisoformat(off["day"]))
    if off["why"] == "holiday":
        return ctx.t("action.day_off_holiday", day=day, holiday=ctx.t(f"holiday.{off['holiday']}"))
    keys = {"weekend": "action.day_off_weekend", "workdays": "action.day_off_workdays", "team": "action.day_off_team"}
    return ctx.t(keys[off["why"]], day=day)


def check_day_off(ctx: Context, due: dict) -> dict:
    """A due date (or the suggestion on the table) on a day off is not taken silently: the last working
    day before it becomes the suggestion (the first one after, when none is left before), and `off`
    says why, so the question can tell. The member may still keep the day ('toch')."""
    key = "at" if due.get("at") else "suggestion" if due.get("suggestion") else None
    if key is None:
        return due
    moment = datetime.fromisoformat(due[key]).astimezone(ctx.tz)
    settings = _settings(ctx)
    if settings.is_working_day(moment.date()):
        return due
    today = ctx.now().astimezone(ctx.tz).date()
    other = moment.date() - timedelta(days=1)
    while other > today and not settings.is_working_day(other):
        other -= timedelta(days=1)
    alternative = datetime.combine(other, moment.time(), tzinfo=ctx.tz)
    if not settings.is_working_day(other) or alternative <= ctx.now():
        other = moment.date() + timedelta(days=1)
        for _ in range(400):
            if settings.is_working_day(other):
                break
            other += timedelta(days=1)
        alternative = datetime.combine(other, moment.time(), tzinfo=ctx.tz)
    checked = dict(due, off=_day_off_why(ctx, moment.date()), kept=due[key], suggestion=alternative.isoformat())
    if key == "at":
        checked.update(at=None, problem="day_off")
    return checked


def explain_moved(ctx: Context, due: dict) -> dict:
    """"eind van de maand" is the month's last working day; when a school holiday or a day off of the
    team (not only a weekend) put it earlier, `moved` says why, for the confirmation."""
    phrase = (due.get("phrase") or "").casefold()
    if not due.get("at") or not re.search(r"\b(eind|einde|end)\b", phrase) \
            or not re.search(r"\b(maand|month)\b", phrase):
        return due
    day = datetime.fromisoformat(due["at"]).astimezone(ctx.tz).date()
    last = (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    for offset in range((last - day).days, 0, -1):     # the reason nearest the month's last day
        reason = _day_off_why(ctx, day + timedelta(days=offset))
        if reason["why"] in ("holiday", "team"):
            return dict(due, moved=reason)
    return due


def plausible_due(ctx: Context, due: dict) -> dict:
    """A date more than about a year ahead is rarely meant ("over 300 jaar"): it becomes a question,
    with the date (and its year) as the suggestion to confirm."""
    if due.get("at") and datetime.fromisoformat(due["at"]) > ctx.now() + FAR_AHEAD:
        return {"at": None, "problem": "far", "suggestion": due["at"], "phrase": due.get("phrase") or ""}
    return due


def split_date(ctx: Context, text: str) -> tuple[str, dict | None]:
    settings = _settings(ctx)
    after = after_holiday(ctx, text)
    if after is not None:
        return text[:after.pop("start")].strip(), check_day_off(ctx, plausible_due(ctx, after))
    for lang in date_languages(ctx):
        rest, when = split_trailing_when(text, now=ctx.now(), tz=ctx.tz, lang=lang,
                                         default_time=DEFAULT_DUE_TIME, workdays=settings.workdays,
                                         holidays=settings.holidays)
        if when is not None:
            return rest, check_day_off(ctx, explain_moved(ctx, plausible_due(ctx, when_json(when))))
    return text.strip(), None


_FROM = re.compile(r"\s(?:vanaf|met ingang van|beginnend|from|starting(?: from| on)?|beginning)\s+(?P<when>.+)$",
                   re.IGNORECASE)


def split_start(ctx: Context, text: str) -> tuple[str, dict | None]:
    """For a repeating action: "verslag elke 6 weken vanaf maandag" starts on that Monday."""
    found = _FROM.search(" " + text)
    if not found:
        return text, None
    due = read_date(ctx, found.group("when"))
    if due["problem"] == "unparsed":
        return text, None
    return (" " + text)[:found.start()].strip(), due


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


_CASE_WORDS = frozenset({"casus", "case", "leerling", "pupil", "student", "dossier"})
_LEAD_IN_WORDS = frozenset({"van", "voor", "met", "bij", "over", "rond", "om", "of", "for", "with", "about", "from",
                            "re", "on"})


def read_description(ctx: Context, text: str, answers: dict, *, check_names: bool = True) -> None:
    """Description, case code and recurrence from free text, into `answers`. A description that
    looks like it names a person is kept aside (`pending_description`) until the member rephrases
    it or confirms it."""
    text, days = read_recurrence(text)
    if days:
        answers["recurrence_days"] = days
    codes = {team_case_code(ctx.session, ctx.team, word.strip(",.;:()")) for word in text.split()} - {None}
    if answers.get("case"):
        codes.add(answers["case"])
    if len(codes) > 1:
        # An action belongs to one case; which one is not guessed, and no code is kept in the text
        # (nor repeated here: a case may not be named where its code would be read).
        raise Invalid("action.two_cases", count=len(codes))
    kept = []
    for word in text.split():
        bare = word.strip(",.;:()")
        code = team_case_code(ctx.session, ctx.team, bare) if not answers.get("case") else None
        if code:
            # The code is kept apart from the description: the case is shown only through case_label.
            # The words that led up to it go too ("bel de moeder van casus Z-3" -> "bel de moeder"),
            # or the label would follow a dangling "van casus".
            answers["case"] = code
            if kept and kept[-1].casefold().strip(",;:") in _CASE_WORDS:
                kept.pop()
            if kept and kept[-1].casefold() in _LEAD_IN_WORDS:
                kept.pop()
            continue
        kept.append(word)
    description = " ".join(kept).strip(" ,;:-")
    if not description:
        return
    name = name_in(description, member_names(ctx)) if check_names else None
    if name:
        answers["pending_description"], answers["name_hint"] = description, name
        answers.pop("description", None)
    else:
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
    """The answers a one-line "!actie ..." already gives. Invalid("input.too_long") for a text far
    beyond a description: refused before anything is read or stored."""
    check_length(text, ctx.lang, MAX_TEXT, room=200)     # room for owner, case code and date around it
    answers: dict = {}
    words = text.split()
    found, used = _owner_candidates(ctx, words)
    if len(found) == 1:
        answers["owner"] = found[0].id
    elif len(found) > 1:
        answers["owner_candidates"] = [m.display_name for m in found]
    elif words and words[0].startswith("@"):
        answers["owner_unknown"], used = words[0], 1
    elif words and parse_role(words[0]) is not None:
        answers["owner_role_empty"], used = words[0], 1      # "smw ..." in a team without one
    text = " ".join(words[used:])
    rest, due = split_start(ctx, text) if read_recurrence(text)[1] else (text, None)
    if due is None:
        rest, due = split_date(ctx, text)
    if due is not None:
        answers["due"] = due
        if due.get("off"):     # kept beside the date: a meeting records the proposal and says why
            answers["off"] = due["off"]
    read_description(ctx, rest, answers)
    check_length(answers.get("description", ""), ctx.lang)
    if "due" not in answers and answers.get("recurrence_days"):
        answers["due"] = first_occurrence(ctx, answers["recurrence_days"])
    return answers


def first_occurrence(ctx: Context, days: int) -> dict:
    """For "elke 6 weken" without a date: ask for the first time, suggesting one interval from now."""
    local = (ctx.now() + timedelta(days=days)).astimezone(ctx.tz)
    suggestion = datetime.combine(local.date(), DEFAULT_DUE_TIME, tzinfo=ctx.tz)
    return check_day_off(ctx, {"at": None, "problem": "first", "suggestion": suggestion.isoformat(), "phrase": ""})


# -- dialogue steps ----------------------------------------------------------------------------------
def parse_owner(text: str, ctx: Context, answers: dict) -> int:
    for said in ("owner_candidates", "owner_unknown", "owner_role_empty"):
        answers.pop(said, None)        # the line-read hint is answered now: a refusal says its own reason
    found, _ = _owner_candidates(ctx, text.split())
    if len(found) == 1:
        return found[0].id
    if found:
        raise Invalid("action.owner_which", names=spell_list([m.display_name for m in found], ctx.lang, "or"))
    if parse_role(text.strip()) is not None:
        raise Invalid("action.owner_role_empty", role=text.strip())
    raise Invalid("action.owner_unknown", name=text.strip())


def owner_prompt(ctx: Context, answers: dict) -> dict:
    if answers.get("owner_candidates"):
        hint = ctx.t("action.owner_which", names=spell_list(answers["owner_candidates"], ctx.lang, "or"))
    elif answers.get("owner_unknown"):
        hint = ctx.t("action.owner_unknown", name=answers["owner_unknown"])
    elif answers.get("owner_role_empty"):
        hint = ctx.t("action.owner_role_empty", role=answers["owner_role_empty"])
    else:
        hint = ""
    return {"hint": hint}


def parse_description(text: str, ctx: Context, answers: dict) -> str | None:
    rest, due = split_date(ctx, text)
    if due is not None and "due" not in answers:
        answers["due"] = due
        text = rest
    read_description(ctx, text, answers)
    if answers.get("pending_description"):
        return None               # looks like a name: the next step gives the hint and asks again
    if not answers.get("description"):
        raise Invalid("action.description_empty")
    check_length(answers["description"], ctx.lang)
    if "due" not in answers and answers.get("recurrence_days"):
        answers["due"] = first_occurrence(ctx, answers["recurrence_days"])
    return answers["description"]


def parse_rephrased(text: str, ctx: Context, answers: dict) -> str:
    """After the name hint: 'ja' keeps the text as typed; anything else is the new text, taken as it is
    (the member has been told once)."""
    if text.strip().casefold().rstrip(".!") in YES_WORDS:
        description = answers["pending_description"]
    else:
        check_length(text, ctx.lang)
        rest, due = split_date(ctx, text)
        if due is not None and "due" not in answers:
            answers["due"] = due
            text = rest
        trial: dict = {"case": answers.get("case")}
        read_description(ctx, text, trial, check_names=False)
        if not trial.get("description"):
            raise Invalid("action.description_empty")
        description = trial["description"]
        if trial.get("case"):
            answers["case"] = trial["case"]
        if trial.get("recurrence_days"):
            answers["recurrence_days"] = trial["recurrence_days"]
    check_length(description, ctx.lang)
    answers["description"] = description
    answers.pop("pending_description", None)
    answers.pop("name_hint", None)
    if "due" not in answers and answers.get("recurrence_days"):
        answers["due"] = first_occurrence(ctx, answers["recurrence_days"])
    return description


def rephrase_prompt(ctx: Context, answers: dict) -> dict:
    return {"hint": ctx.t("input.name_hint", name=answers.get("name_hint", "")) + "\n",
            "question": ctx.t("action.q_description")}


def rephrase_codes(ctx: Context, answers: dict) -> dict:
    """The hint without the name, for where only case codes may travel."""
    return {"hint": ctx.t("input.name_hint_withheld") + "\n", "question": ctx.t("action.q_description")}


KEEP_WORDS = frozenset({"toch", "houden", "toch houden", "die dag", "keep", "anyway", "keep it", "that day"})


def parse_due(text: str, ctx: Context, answers: dict) -> dict:
    previous = answers.get("due") or {}
    word = text.strip().casefold().rstrip(".!")
    snooze = answers.get("op") == "snooze"
    answers.pop("off", None)
    if word in YES_WORDS and previous.get("suggestion"):
        return {"at": previous["suggestion"], "problem": None, "suggestion": None, "phrase": word}
    if word in KEEP_WORDS and previous.get("kept"):       # the day off after all, as the member said
        return {"at": previous["kept"], "problem": None, "suggestion": None, "phrase": word}
    if word in NO_WORDS:
        return {"at": None, "problem": None, "suggestion": None, "phrase": ""}
    when = read_date(ctx, text, working_day=False)
    if not snooze and when.get("at") and previous.get("off") \
            and datetime.fromisoformat(when["at"]).astimezone(ctx.tz).date().isoformat() == previous["off"]["day"]:
        return when           # the same day off typed again: meant, and said once already
    if not snooze:
        when = check_day_off(ctx, when)
    if when["problem"] == "unparsed":
        if not_an_answer(text):     # chat, not a date: the engine says (once) what it waits for
            raise Invalid("action.date_unparsed", phrase=shown(text.strip()))
        # A line that is no date does not undo the suggestion still on the table.
        when["suggestion"] = when["suggestion"] or previous.get("suggestion")
    return when


def due_prompt(ctx: Context, answers: dict) -> dict:
    """The question, with what was wrong with the last answer and the suggestion, if any."""
    due = answers.get("due") or {}
    problem, suggestion = due.get("problem"), due.get("suggestion")
    lines = []
    if problem == "no_region":
        lines.append(ctx.t("action.date_no_region", holiday=ctx.t(f"holiday.{due['holiday']}")))
    elif problem and problem not in ("first", "day_off"):
        lines.append(ctx.t(f"action.date_{problem}", phrase=due.get("phrase") or ""))
    if due.get("off"):
        lines.append(day_off_text(ctx, due["off"]))
    if suggestion:
        lines.append(ctx.t("action.date_suggest",
                           when=spell_when(ctx, datetime.fromisoformat(suggestion))))
        if due.get("off") and due.get("kept"):
            lines.append(ctx.t("action.date_keep_day_off",
                               day=spell_day(ctx, date.fromisoformat(due["off"]["day"]))))
    else:
        lines.append(ctx.t("action.q_snooze" if answers.get("op") == "snooze" else "action.q_due"))
    if answers.get("recurrence_days") and answers.get("op") is None:
        lines.append(ctx.t("action.due_first_of_series", every=every(ctx.lang, answers["recurrence_days"])))
    return {"question": "\n".join(lines)}


def rephrase_step() -> Step:
    """The privacy hint for a text that looks like a name, and the chance to rephrase it."""
    return Step("rephrase", "input.description_prompt", parse=parse_rephrased,
                when=lambda a: bool(a.get("pending_description")), prompt_values=rephrase_prompt,
                privacy="full", codes_values=rephrase_codes)


def _needs_due(answers: dict) -> bool:
    return not (answers.get("due") or {}).get("at")


def due_waits(ctx: Context, answers: dict) -> str:
    suggestion = (answers.get("due") or {}).get("suggestion")
    if suggestion:
        return ctx.t("action.waits_confirm", when=spell_when(ctx, datetime.fromisoformat(suggestion)))
    return ctx.t("action.waits_snooze_date" if answers.get("op") == "snooze" else "action.waits_date")


def due_confirmed(answers: dict) -> dict | None:
    """Only the suggested date is left to confirm: the record is complete, with that date."""
    due = answers.get("due") or {}
    if due.get("at") or not due.get("suggestion"):
        return None
    answers["due"] = {"at": due["suggestion"], "problem": None, "suggestion": None, "phrase": ""}
    return answers


def due_step() -> Step:
    return Step("due", "action.due_prompt", parse=parse_due, when=_needs_due, prompt_values=due_prompt,
                waits=due_waits, confirmed=due_confirmed)


def register_summary(ctx: Context, answers: dict) -> str:
    """"actie 'ouders oproepen'": how an unsaved action is named in notices and lists."""
    if not answers.get("description"):
        return ctx.t("action.pending_summary_new")
    summary = ctx.t("action.pending_summary", description=answers["description"])
    at = (answers.get("due") or {}).get("at")
    if at:      # a kept draft carries the date it will be saved with
        summary += ", " + ctx.t("action.pending_due", when=spell_when(ctx, datetime.fromisoformat(at)))
    return summary


def date_summary(ctx: Context, answers: dict) -> str:
    if answers.get("op") == "snooze":
        return ctx.t("action.pending_snooze_summary", number=answers.get("number", "?"))
    return ctx.t("action.pending_date_summary", number=answers.get("number", "?"))


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
    twin = store.same_open_action(ctx.session, ctx.team.id, owner_id=owner.id, case_id=case.id if case else None,
                                  description=answers["description"])
    action = store.create_action(ctx.session, team=ctx.team, owner=owner, description=answers["description"],
                                 due_at=due, case=case, created_by=ctx.member, meeting_id=answers.get("meeting_id"),
                                 recurrence_days=answers.get("recurrence_days"), actor=ctx.actor, now=ctx.now(),
                                 date_to_confirm=bool(answers.get("date_to_confirm")))
    notes = []
    moved = (answers.get("due") or {}).get("moved")
    if moved:      # "eind van de maand" in a holiday: said why it is earlier
        notes.append(ctx.t("action.created_moved", why=day_off_text(ctx, moved)))
    if answers.get("off") and answers.get("date_to_confirm"):    # a meeting's proposal instead of a day off
        notes.append(ctx.t("action.created_day_off", why=day_off_text(ctx, answers["off"])))
    replies = [confirmation(ctx, action, owner, twin=twin, notes=notes)]
    if case is not None:
        question = coordinator_question(ctx, case, action)
        if question:
            if coordinator_hint:
                question.text += "\n" + ctx.t(coordinator_hint)
            replies.append(question)
    return replies


def confirmation(ctx: Context, action: Action, owner: Member, *, twin: Action | None = None,
                 notes: list[str] = ()) -> Reply:
    writer = ActionWriter.for_ctx(ctx)
    case = writer.case(action)
    values = dict(number=action.number, owner=owner.display_name, when=writer.when(action.due_at),
                  case=f" ({case})" if case else "")
    lines = [ctx.t("action.created", description=action.description, **values), *notes]
    codes = [ctx.t("action.created_codes", **values)]
    if action.recurrence_days:
        lines.append(ctx.t("action.created_recurring", every=every(ctx.lang, action.recurrence_days)))
    if action.date_to_confirm:
        lines.append(ctx.t("meeting.action_date_to_confirm_hint", number=action.number,
                           command=command_name("verzet", "reschedule", ctx.lang)))
    lines.append(ctx.t("action.created_hint", done=command_name("klaar", "done", ctx.lang), number=action.number))
    if twin is not None:     # saved all the same (undo is one command), but said at once
        lines.append(ctx.t("action.created_twin", earlier=twin.number, number=action.number,
                           drop=command_name("schrap", "drop", ctx.lang)))
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
             prompt_values=owner_prompt, waits=lambda ctx, a: ctx.t("action.waits_owner")),
        Step("description", "action.q_description", parse=parse_description,
             when=lambda a: not a.get("description") and not a.get("pending_description"),
             waits=lambda ctx, a: ctx.t("action.waits_description")),
        rephrase_step(),
        due_step(),
    ],
    branches=[Branch("due", "due", _needs_due)],
    finish=finish_register,
    summary=register_summary,
)

ACTION_DATE = Dialogue(
    name="action_date",
    title="action.date_title",
    steps=[due_step()],
    branches=[Branch("due", "due", _needs_due)],
    finish=finish_date,
    summary=date_summary,
)

DIALOGUES = [ACTION_REGISTER, ACTION_DATE]
