"""!overleg plan: a one-off meeting or a series, with its place or video link, in the team's zone.

The team agrees on frequency and place at set-up (004:L2254); the seeds prescribe no frequency
(003:L3057-3061), so the team's own choice is offered. A date is never guessed: an ambiguous or past
one is asked again with a suggestion, and a meeting needs a time of day.

The school year exists: a date in a school holiday of the team's region (or on one of the team's own
days off) is pointed out in the confirmation; a series skips those days (listed, and EXDATEs in the
calendar file) and ends: at a date or after a number of meetings typed at the confirmation, by
default at the end of the school year.
"""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from core.commands import is_number_word, read_number
from core.i18n import spell_date
from core.messages import Reply
from dialogues.action_register import date_languages, read_recurrence
from dialogues.context import Context
from dialogues.dates import parse_when
from dialogues.engine import Branch, Dialogue, Invalid, Option, Step
from dialogues.meeting_invite import invitation, planned
from dialogues.meeting_text import Writer
from state import agenda as items_store
from state import meetings as plans
from state.reminders import ReminderSettings

YES_WORDS = frozenset({"ja", "j", "yes", "y", "ok", "oké", "okay", "goed", "prima", "klopt"})
ONCE_WORDS = ("eenmalig", "een keer", "één keer", "once", "one-off", "nee", "no")
REPEAT_OPTIONS = (Option("0", "meeting.repeat_once", ONCE_WORDS),
                  *(Option(str(weeks), f"team.every_{weeks}_weeks") for weeks in (1, 2, 3, 4, 6)))
CONFIRM_OPTIONS = (Option("yes", "dialogue.yes", ("ja", "j", "y", "ok", "opslaan", "save", "plan")),
                   Option("no", "dialogue.no", ("nee", "n", "niet")))
# Two readings with different default times tell whether the member gave a time of day.
_PROBE_TIMES = (time(0, 1), time(23, 58))
MAX_PLACE = 200
MAX_WEEKS = 12
COUNT_WORDS = frozenset({"keer", "maal", "x", "times", "meetings", "overleggen", "vergaderingen"})
SCHOOL_YEAR_WORDS = frozenset({"schooljaar", "einde schooljaar", "standaard", "school year", "end of school year",
                               "default"})
_END_PREFIX = re.compile(r"^(tot en met|t/m|tot|until|till|to|einde|end)\s+", re.I)


def read_start(ctx: Context, text: str) -> dict:
    """{"at", "problem", "suggestion"} for the first meeting; a phrase without a time is "no_time"."""
    settings = ReminderSettings.of(ctx.team)
    for lang in date_languages(ctx):
        readings = [parse_when(text, now=ctx.now(), tz=ctx.tz, lang=lang, default_time=probe,
                               workdays=settings.workdays, holidays=settings.holidays) for probe in _PROBE_TIMES]
        first, second = readings
        if first.problem == "unparsed":
            continue
        if (first.at or first.suggestion) != (second.at or second.suggestion):
            return {"at": None, "problem": "no_time", "suggestion": None}
        return {"at": first.at.isoformat() if first.at else None, "problem": first.problem,
                "suggestion": first.suggestion.isoformat() if first.suggestion else None}
    return {"at": None, "problem": "unparsed", "suggestion": None}


def parse_start(text: str, ctx: Context, answers: dict) -> dict:
    previous = answers.get("start") or {}
    if text.strip().casefold().rstrip(".!") in YES_WORDS and previous.get("suggestion"):
        return {"at": previous["suggestion"], "problem": None, "suggestion": None}
    rest, days = read_recurrence(text)
    if days is None:
        return read_start(ctx, text)
    # "wekelijks op dinsdag 14:00", "elke 2 weken dinsdag 8 december 14:00": the series in one line
    start = read_start(ctx, rest)
    if start["problem"] == "unparsed":
        return {**start, "problem": "series_unparsed"}     # says: the first date alone, the series after
    if days % 7 == 0 and 1 <= days // 7 <= MAX_WEEKS:
        answers["repeat"] = days // 7                     # the repeat question is then not asked
    return start


def start_prompt(ctx: Context, answers: dict) -> dict:
    start = answers.get("start") or {}
    lines = []
    if start.get("problem"):
        lines.append(ctx.t(f"meeting.when_{start['problem']}"))
    if start.get("suggestion"):
        lines.append(ctx.t("meeting.when_suggest", when=Writer(ctx.session, ctx.team, ctx.lang, ctx.now())
                           .when(datetime.fromisoformat(start["suggestion"]))))
    else:
        lines.append(ctx.t("meeting.q_when", example=_example(ctx)))
    return {"question": "\n".join(lines)}


def _example(ctx: Context) -> str:
    """Next week's Tuesday at 14:00, as the member would type it: an example never lies in the past."""
    today = ctx.now().astimezone(ctx.tz).date()
    tuesday = today + timedelta(days=(1 - today.weekday()) % 7 or 7)
    return f"{spell_date(tuesday, ctx.lang)} 14:00"


def _needs_start(answers: dict) -> bool:
    return not (answers.get("start") or {}).get("at")


def parse_repeat(value: str, ctx: Context, answers: dict) -> int:
    if is_number_word(value):
        weeks = read_number(value, maximum=MAX_WEEKS)
        if weeks is None:
            raise Invalid("meeting.repeat_unknown")
        return weeks
    rest, days = read_recurrence(value)
    if days is None or days % 7 or not 1 <= days // 7 <= MAX_WEEKS:
        raise Invalid("meeting.repeat_unknown")
    return days // 7


def repeat_prompt(ctx: Context, answers: dict) -> dict:
    frequency = str((ctx.team.settings or {}).get("frequency") or "")
    hint = ctx.t("meeting.repeat_team_choice", every=ctx.t(f"team.every_{frequency}_weeks")) \
        if frequency in {"1", "2", "3", "4", "6"} else ""
    return {"hint": hint}


def parse_place(text: str, ctx: Context, answers: dict) -> str:
    if len(text) > MAX_PLACE:
        raise Invalid("meeting.place_too_long", max=MAX_PLACE)
    return text.strip()


def place_prompt(ctx: Context, answers: dict) -> dict:
    place = (ctx.team.settings or {}).get("place")
    return {"hint": ctx.t("meeting.place_team_default", place=place) if place else ""}


def chosen_place(ctx: Context, answers: dict) -> str:
    return answers.get("place") or (ctx.team.settings or {}).get("place") or ""


def summary(ctx: Context, answers: dict) -> dict:
    w = Writer(ctx.session, ctx.team, ctx.lang, ctx.now())
    start = datetime.fromisoformat(answers["start"]["at"])
    weeks = answers.get("repeat") or 0
    lines = [ctx.t("meeting.summary_first", when=w.when(start)),
             ctx.t("meeting.summary_repeat", every=ctx.t("meeting.every_week") if weeks == 1
                   else ctx.t("meeting.every_weeks", count=weeks)) if weeks else ctx.t("meeting.summary_once"),
             ctx.t("meeting.summary_place", place=chosen_place(ctx, answers) or ctx.t("meeting.no_place"))]
    warning = day_off_warning(ctx, start.astimezone(ctx.tz).date())
    if weeks:
        local = plans.wall_clock(start, ctx.tz)
        end = answers.get("end") or {}
        bounds = plans.series_bounds(ctx.team, local, weeks, end=chosen_end(ctx, end, local.date()),
                                     count=end.get("count"))
        series = {"rule": plans.weekly_rule(local.weekday(), weeks), "first": plans.slot_text(local), **bounds}
        slots = plans.rule_slots(series, local, local.replace(year=local.year + 1))[:4]
        lines.append(ctx.t("meeting.summary_dates", dates="; ".join(w.when(plans.on_wall_clock(s, ctx.tz))
                                                                     for s in slots)))
        lines.append(end_line(ctx, end, bounds))
        skipped = plans.skipped_slots(bounds)
        if skipped:
            lines.append(ctx.t("meeting.summary_skipped", count=len(skipped),
                               dates=", ".join(spell_date(slot.date(), ctx.lang) for slot in skipped)))
        if warning:
            lines.append(warning)
        if not plans.region_of(ctx.team):
            lines.append(ctx.t("meeting.summary_no_region"))
        elif not ReminderSettings.of(ctx.team).skip_school_holidays:
            lines.append(ctx.t("meeting.summary_school_holidays_off"))
        lines.append(ctx.t("meeting.summary_end_hint"))
    elif warning:
        lines.append(warning)
    return {"summary": "\n".join(lines)}


def day_off_warning(ctx: Context, day: date) -> str:
    """A warning when the chosen date is in a school holiday of the team's region or a team's day off."""
    settings = ReminderSettings.of(ctx.team)
    holiday = plans.holiday_of(ctx.team, day) if settings.skip_school_holidays else None
    if holiday:
        return ctx.t("meeting.warn_school_holiday", date=spell_date(day, ctx.lang),
                     holiday=ctx.t(f"holiday.{holiday}"), region=plans.region_of(ctx.team))
    if day in settings.own_holidays:
        return ctx.t("meeting.warn_day_off", date=spell_date(day, ctx.lang))
    return ""


def end_line(ctx: Context, end: dict, bounds: dict) -> str:
    last = datetime.strptime(bounds["until"], plans.SLOT_FORMAT).date()
    if end.get("count"):
        return ctx.t("meeting.summary_end_count", count=end["count"], date=spell_date(last, ctx.lang))
    if end.get("date"):
        return ctx.t("meeting.summary_end_date", date=spell_date(last, ctx.lang))
    return ctx.t("meeting.summary_end_school_year", date=spell_date(last, ctx.lang))


def chosen_end(ctx: Context, end: dict, first: date) -> date | None:
    """The last day typed, none when a count was typed, else the end of the school year."""
    if end.get("count"):
        return None
    return date.fromisoformat(end["date"]) if end.get("date") else plans.school_year_end(ctx.team, first)


def read_end(ctx: Context, text: str, answers: dict) -> dict:
    """"10 keer" / "tien keer" (a count), "tot 1 juli 2027" (a last day), "schooljaar" (the default)."""
    words = text.strip().casefold().rstrip(".!").split()
    if " ".join(words) in SCHOOL_YEAR_WORDS:
        return {"date": None, "count": None}
    if words and is_number_word(words[0]) and (len(words) == 1 or (len(words) == 2 and words[1] in COUNT_WORDS)):
        count = read_number(words[0], maximum=plans.MAX_COUNT)
        if not count:
            raise Invalid("meeting.end_count_range", max=plans.MAX_COUNT)
        return {"date": None, "count": count}
    phrase = _END_PREFIX.sub("", text.strip())
    start = datetime.fromisoformat(answers["start"]["at"]).astimezone(ctx.tz).date()
    for lang in date_languages(ctx):
        reading = parse_when(phrase, now=ctx.now(), tz=ctx.tz, lang=lang)
        if reading.problem == "unparsed":
            continue
        if reading.problem == "past":
            raise Invalid("meeting.end_before_start")
        if reading.at is None:
            break
        day = reading.at.astimezone(ctx.tz).date()
        if day < start:
            raise Invalid("meeting.end_before_start")
        return {"date": day.isoformat(), "count": None}
    raise Invalid("meeting.end_unknown")


def parse_confirm(value: str, ctx: Context, answers: dict) -> str:
    """Yes or no; for a series also another end, after which the summary is shown again."""
    if value in ("yes", "no"):
        return value
    if not answers.get("repeat"):
        raise Invalid("dialogue.choose_option", count=len(CONFIRM_OPTIONS))
    words = value.strip().casefold().rstrip(".!").split()
    if len(words) == 1 and is_number_word(words[0].lstrip("#")):
        # a bare number at a numbered choice is a choice (out of range here), never "that many meetings"
        raise Invalid("meeting.confirm_not_a_choice", number=words[0], count=len(CONFIRM_OPTIONS))
    answers["end"] = read_end(ctx, value, answers)
    return "end"


def finish(ctx: Context, answers: dict) -> list[Reply]:
    if answers.get("confirm") != "yes":
        return [Reply(ctx.t("meeting.plan_not_saved"), in_thread=True)]
    start = datetime.fromisoformat(answers["start"]["at"])
    if start <= ctx.now():
        return [ctx.reply("meeting.when_passed_meanwhile")]
    end = answers.get("end") or {}
    return planned(ctx, start, answers.get("repeat") or 0, chosen_place(ctx, answers),
                   end=chosen_end(ctx, end, start.astimezone(ctx.tz).date()), count=end.get("count"))


def plan_summary(ctx: Context, answers: dict) -> str:
    """"overleg dinsdag 15 december, 14:00 · eenmalig · Teamkamer": how an unconfirmed plan is named in
    `!open` and notices, so two drafts can be told apart."""
    at = (answers.get("start") or {}).get("at")
    if not at:
        return ctx.t("dialogue.quoted", title=ctx.t("meeting.plan_title"))
    parts = [Writer(ctx.session, ctx.team, ctx.lang, ctx.now()).when(datetime.fromisoformat(at))]
    weeks = answers.get("repeat")
    if weeks is not None:
        weeks = int(weeks)
        parts.append(ctx.t("meeting.repeat_once") if not weeks else ctx.t(f"team.every_{weeks}_weeks")
                     if weeks in (1, 2, 3, 4, 6) else ctx.t("meeting.plan_every_weeks", weeks=weeks))
    if answers.get("place"):
        parts.append(str(answers["place"]))
    return ctx.t("meeting.plan_draft_summary", what=" · ".join(parts))


MEETING_PLAN = Dialogue(
    name="meeting_plan",
    title="meeting.plan_title",
    steps=[
        Step("start", "meeting.q_start", parse=parse_start, when=_needs_start, prompt_values=start_prompt),
        Step("repeat", "meeting.q_repeat", options=REPEAT_OPTIONS, parse=parse_repeat, free_text_option=True,
             prompt_values=repeat_prompt, when=lambda a: "repeat" not in a),
        Step("place", "meeting.q_place", parse=parse_place, optional=True, prompt_values=place_prompt),
        Step("confirm", "meeting.q_confirm", options=CONFIRM_OPTIONS, prompt_values=summary, parse=parse_confirm,
             free_text_option=True, confirmed=lambda a: {**a, "confirm": "yes"},
             waits=lambda ctx, a: ctx.t("meeting.waits_confirm")),
    ],
    branches=[Branch("start", "start", _needs_start), Branch("confirm", "confirm", lambda a: a.get("confirm") == "end")],
    finish=finish,
    summary=plan_summary,
)


# -- !overleg verzet N: without a date the date is asked, and the next line is its answer -------------------
SERIES_WORDS = frozenset({"reeks", "serie", "series", "alle", "all", "allemaal", "vanaf", "onwards"})


def split_scope(text: str) -> tuple[str, bool]:
    """"donderdag 15:00 reeks" -> ("donderdag 15:00", True): the series word before or after the date."""
    words = text.split()
    series = bool(words) and words[-1].casefold() in SERIES_WORDS
    if series:
        words = words[:-1]
    elif words and words[0].casefold() in SERIES_WORDS:
        series, words = True, words[1:]
    return " ".join(words), series


def when_problem(ctx: Context, when: dict) -> str:
    """Why a typed date is no meeting start, with the suggestion when there is one."""
    reason = ctx.t(f"meeting.when_{when['problem']}")
    if when.get("suggestion"):
        suggestion = Writer(ctx.session, ctx.team, ctx.lang, ctx.now()).when(datetime.fromisoformat(when["suggestion"]))
        reason += " " + ctx.t("meeting.when_suggest", when=suggestion)
    return reason


def moved(ctx: Context, meeting, start: datetime, series: bool) -> list[Reply]:
    """Move this occurrence (or it and every later one of its series) and send the invitation."""
    if series and meeting.series_id:
        rows = plans.move_series(ctx.session, ctx.team, meeting, start, ctx.now())
        ctx.audit("meeting/series_moved", f"meeting:{meeting.id}", series=meeting.series_id, occurrences=len(rows))
        everything = plans.series_rows(ctx.session, meeting.series_id)
        return invitation(ctx, [m for m in everything if m.status == plans.PLANNED] or everything, "moved")
    plans.move_one(ctx.session, ctx.team, meeting, start, ctx.now())
    ctx.audit("meeting/moved", f"meeting:{meeting.id}")
    return invitation(ctx, [meeting], "moved")


def _planned_meeting(ctx: Context, answers: dict):
    """The meeting a move or cancel dialogue is about, or the reply saying why it is not there (any more)."""
    ref = answers["meeting"]
    meeting = plans.get_meeting(ctx.session, ctx.team.id, ref)
    if meeting is None:
        return None, ctx.reply("meeting.not_found", number=ref)
    if meeting.status != plans.PLANNED:
        return None, ctx.reply("meeting.not_planned", number=ref, status=ctx.t(f"meeting.status_{meeting.status}"))
    return meeting, None


def parse_move_when(text: str, ctx: Context, answers: dict) -> dict:
    phrase, series = split_scope(text)
    when = read_start(ctx, phrase)
    if not when["at"]:
        raise Invalid("meeting.move_when_again", reason=when_problem(ctx, when))
    return {"at": when["at"], "series": series}


def move_prompt(ctx: Context, answers: dict) -> dict:
    meeting = plans.get_meeting(ctx.session, ctx.team.id, answers["meeting"])
    w = Writer(ctx.session, ctx.team, ctx.lang, ctx.now())
    hint = ctx.t("meeting.move_series_hint") if meeting is not None and meeting.series_id \
        and not answers.get("series") else ""
    return {"number": answers["meeting"], "when": w.when(meeting.starts_at) if meeting else "-", "hint": hint}


def finish_move(ctx: Context, answers: dict) -> list[Reply]:
    meeting, problem = _planned_meeting(ctx, answers)
    if meeting is None:
        return [problem]
    start = datetime.fromisoformat(answers["when"]["at"])
    if start <= ctx.now():
        return [ctx.reply("meeting.move_problem", reason=ctx.t("meeting.when_past"))]
    return moved(ctx, meeting, start, bool(answers.get("series") or answers["when"].get("series")))


MEETING_MOVE = Dialogue(
    name="meeting_move",
    title="meeting.move_title",
    steps=[Step("when", "meeting.q_move_when", parse=parse_move_when, prompt_values=move_prompt,
                waits=lambda ctx, a: ctx.t("meeting.waits_move_when"))],
    finish=finish_move,
)


# -- !overleg annuleer N: only after 'ja', naming the meeting and what happens to its agenda -----------------
def cancelling(ctx: Context, meeting, series: bool) -> list:
    """The occurrences a cancel takes: this one, or it and every later planned one of its series."""
    if not (series and meeting.series_id):
        return [meeting]
    slot = plans.slot_of(meeting)
    return [m for m in plans.series_rows(ctx.session, meeting.series_id)
            if m.status == plans.PLANNED and plans.slot_of(m) >= slot]


def carry_target(ctx: Context, rows: list):
    """Where the agenda items of these cancelled occurrences go: the first planned meeting after them."""
    gone = {row.id for row in rows}
    target = plans.following_meeting(ctx.session, rows[0])
    while target is not None and target.id in gone:
        target = plans.following_meeting(ctx.session, target)
    return target


def cancel_prompt(ctx: Context, answers: dict) -> dict:
    meeting = plans.get_meeting(ctx.session, ctx.team.id, answers["meeting"])
    if meeting is None:     # gone meanwhile: the finish says so
        return {"what": ctx.t("meeting.not_found", number=answers["meeting"]), "items": ""}
    w = Writer(ctx.session, ctx.team, ctx.lang, ctx.now())
    rows = cancelling(ctx, meeting, bool(answers.get("series")))
    found = [item for row in rows for item in items_store.items(ctx.session, row.id)]
    what = ctx.t("meeting.cancel_what_series", count=len(rows), when=w.when(meeting.starts_at)) \
        if len(rows) > 1 else ctx.t("meeting.cancel_what", number=meeting.id, when=w.when(meeting.starts_at))
    if not found:
        items = ctx.t("meeting.cancel_no_items")
    else:
        cases = sum(1 for item in found if item.case_id is not None)
        items = ctx.t("meeting.cancel_items", count=len(found), cases=ctx.t("meeting.cancel_cases", count=cases))
        target = carry_target(ctx, rows)
        items += " " + (ctx.t("meeting.cancel_items_to", when=w.when(target.starts_at)) if target
                        else ctx.t("meeting.cancel_items_wait"))
    return {"what": what, "items": items}


def finish_cancel(ctx: Context, answers: dict) -> list[Reply]:
    meeting, problem = _planned_meeting(ctx, answers)
    if meeting is None:
        return [problem]
    if answers.get("confirm") != "yes":
        return [Reply(ctx.t("meeting.cancel_kept", number=meeting.id), in_thread=True)]
    series = bool(answers.get("series")) and meeting.series_id is not None
    if series:
        cancelled = plans.cancel_series(ctx.session, ctx.team, meeting, ctx.now())
    else:
        plans.cancel_one(ctx.session, ctx.team, meeting, ctx.now())
        cancelled = [meeting]
    moved_total, targets = 0, []
    for row in cancelled:
        target, carried = items_store.carry_over(ctx.session, ctx.team, row)
        moved_total += len(carried)
        if carried:
            targets.append(target)
    ctx.audit("meeting/cancelled", f"meeting:{meeting.id}", series=series, occurrences=len(cancelled))
    replies = invitation(ctx, cancelled, "cancelled")
    if moved_total:
        w = Writer(ctx.session, ctx.team, ctx.lang, ctx.now())
        target = targets[0] if targets else None
        where = w.when(target.starts_at) if target else ctx.t("meeting.next_unplanned")
        replies.append(ctx.reply("meeting.items_moved", count=moved_total, when=where))
    return replies


MEETING_CANCEL = Dialogue(
    name="meeting_cancel",
    title="meeting.cancel_title",
    steps=[Step("confirm", "meeting.q_cancel_confirm", options=CONFIRM_OPTIONS, prompt_values=cancel_prompt,
                waits=lambda ctx, a: ctx.t("meeting.waits_confirm"))],
    finish=finish_cancel,
)
DIALOGUES = [MEETING_PLAN, MEETING_MOVE, MEETING_CANCEL]
