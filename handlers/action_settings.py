"""!instellingen / !settings: the team's reminder rules (working days, quiet hours, times, holidays).

Chair and IB'er only. A change replans the pending reminders of every open action at once, so the
next reminder already follows the new rule.
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, time

from core import policy
from core.commands import Arg, Command, read_number, shown
from core.i18n import N_, spell_date, spell_list
from core.messages import Reply
from dialogues.context import Context
from state import actions as store
from state import reminders
from state.reminders import ReminderSettings

DAYS = {"ma": 0, "maandag": 0, "mon": 0, "monday": 0, "di": 1, "dinsdag": 1, "tue": 1, "tuesday": 1,
        "wo": 2, "woensdag": 2, "wed": 2, "wednesday": 2, "do": 3, "donderdag": 3, "thu": 3, "thursday": 3,
        "vr": 4, "vrijdag": 4, "fri": 4, "friday": 4, "za": 5, "zaterdag": 5, "sat": 5, "saturday": 5,
        "zo": 6, "zondag": 6, "sun": 6, "sunday": 6}
KEYS = {"werkdagen": "workdays", "workdays": "workdays", "tijd": "time", "time": "time",
        "herinnertijd": "time", "stil": "quiet", "stille-uren": "quiet", "quiet": "quiet",
        "vooraf": "lead", "lead": "lead", "vrij": "holiday", "vakantie": "holiday", "holiday": "holiday",
        "holidays": "holiday", "overzicht": "overview", "overview": "overview"}
ON, OFF = frozenset({"aan", "ja", "on", "yes"}), frozenset({"uit", "nee", "off", "no"})
NONE_WORDS = frozenset({"geen", "none", "leeg", "clear"})
_CLOCK = re.compile(r"^(\d{1,2})[:.](\d{2})$")
_DATE = re.compile(r"^(?:(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})-(\d{1,2})-(\d{4}))$")


class SettingError(ValueError):
    def __init__(self, key: str, **values) -> None:
        super().__init__(key)
        self.key, self.values = key, values


def _clock(text: str) -> time:
    match = _CLOCK.match(text.strip())
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise SettingError("reminder_settings.bad_time", value=text)
    return time(int(match.group(1)), int(match.group(2)))


def _day(text: str) -> date:
    match = _DATE.match(text.strip())
    try:
        if match and match.group(1):
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if match:
            return date(int(match.group(6)), int(match.group(5)), int(match.group(4)))
    except ValueError:
        pass
    raise SettingError("reminder_settings.bad_date", value=text)


def _workdays(text: str) -> frozenset[int]:
    days: set[int] = set()
    for part in re.split(r"[,\s]+", text.strip().casefold()):
        if not part:
            continue
        first, dash, last = part.partition("-")
        if first not in DAYS or (dash and last not in DAYS):
            raise SettingError("reminder_settings.bad_day", value=part)
        start, end = DAYS[first], DAYS[last] if dash else DAYS[first]
        days.update(range(start, end + 1) if start <= end else [*range(start, 7), *range(0, end + 1)])
    if not days:
        raise SettingError("reminder_settings.bad_day", value=text)
    return frozenset(days)


def change(settings: ReminderSettings, key: str, value: str) -> ReminderSettings:
    """The settings with one rule changed; SettingError with a catalog key when the value does not fit."""
    if key == "workdays":
        return replace(settings, workdays=_workdays(value))
    if key == "time":
        return replace(settings, reminder_time=_clock(value))
    if key == "quiet":
        start, _, end = value.replace(" ", "").partition("-")
        if value.strip().casefold() in NONE_WORDS:
            return replace(settings, quiet_start=time(0, 0), quiet_end=time(0, 0))
        return replace(settings, quiet_start=_clock(start), quiet_end=_clock(end))
    if key == "lead":
        days = read_number(value, maximum=10)
        if days is None:
            raise SettingError("reminder_settings.bad_lead", value=shown(value))
        return replace(settings, lead_working_days=days)
    if key == "holiday":
        words = value.split()
        if len(words) == 1 and words[0].casefold() in NONE_WORDS:
            return replace(settings, holidays=frozenset())
        if words and words[0].startswith("-"):     # "-2026-12-25": take a day off the list
            return replace(settings, holidays=settings.holidays - {_day(words[0][1:])})
        if len(words) == 2:                         # a range: first and last day of a school holiday
            first, last = _day(words[0]), _day(words[1])
            if last < first or (last - first).days > 120:
                raise SettingError("reminder_settings.bad_range")
            days = {date.fromordinal(n) for n in range(first.toordinal(), last.toordinal() + 1)}
            return replace(settings, holidays=settings.holidays | days)
        if len(words) == 1:
            return replace(settings, holidays=settings.holidays | {_day(words[0])})
        raise SettingError("reminder_settings.bad_date", value=value)
    if key == "overview":
        word = value.strip().casefold()
        if word not in ON | OFF:
            raise SettingError("reminder_settings.bad_on_off", value=value)
        return replace(settings, chair_overview=word in ON)
    raise SettingError("reminder_settings.unknown_key", value=key)


def describe(ctx: Context, settings: ReminderSettings) -> str:
    names = [ctx.t(f"reminder_settings.day_{d}") for d in sorted(settings.workdays)]
    upcoming = sorted(d for d in settings.holidays if d >= ctx.now().astimezone(ctx.tz).date())
    holidays = spell_list([spell_date(d, ctx.lang) for d in upcoming[:5]], ctx.lang) or "-"
    if len(upcoming) > 5:
        holidays += " " + ctx.t("reminder_settings.and_more", count=len(upcoming) - 5)
    quiet = "-" if settings.quiet_start == settings.quiet_end else \
        f"{settings.quiet_start:%H:%M}-{settings.quiet_end:%H:%M}"
    return ctx.t("reminder_settings.overview", workdays=spell_list(names, ctx.lang), time=f"{settings.reminder_time:%H:%M}",
                 quiet=quiet, lead=ctx.t("unit.working_days", count=settings.lead_working_days), holidays=holidays,
                 overview=ctx.t("reminder_settings.on" if settings.chair_overview else "reminder_settings.off"),
                 command="!settings" if ctx.lang == "en" else "!instellingen")


def team_settings(ctx: Context, text: str | None) -> list[Reply]:
    current = ReminderSettings.of(ctx.team)
    if not text:
        return [Reply(describe(ctx, current))]
    word, _, value = text.strip().partition(" ")
    key = KEYS.get(word.casefold())
    if key is None or not value.strip():
        return [ctx.reply("reminder_settings.usage", command="!settings" if ctx.lang == "en" else "!instellingen")]
    try:
        updated = change(current, key, value.strip())
    except SettingError as problem:
        return [ctx.reply(problem.key, **problem.values)]
    updated.store(ctx.team)
    ctx.session.add(ctx.team)
    replanned = replan_team(ctx)
    ctx.audit("team/reminder_settings", f"team:{ctx.team.id}", setting=key)
    return [Reply(ctx.t("reminder_settings.changed", count=replanned) + "\n" + describe(ctx, updated))]


def replan_team(ctx: Context) -> int:
    """New rules for every open action's pending reminders (a snooze is kept)."""
    found = store.open_actions(ctx.session, ctx.team.id)
    for action in found:
        until = reminders.snoozed_until(ctx.session, action.id)
        reminders.plan_action_reminders(ctx.session, ctx.team, action, ctx.now())
        if until is not None:
            reminders.snooze_action(ctx.session, ctx.team, action, until)
    reminders.replan_team_rows(ctx.session, ctx.team, ctx.now())
    return len(found)


ORDER = 23
COMMANDS = [
    Command("instellingen", "settings", N_("cmd.instellingen.summary"), handler=team_settings,
            details=N_("cmd.instellingen.details"), roles=policy.ACTION_LEADS,
            args=(Arg(N_("arg.reminder_setting"), "text", required=False),)),
]
