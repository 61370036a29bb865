"""!instellingen / !settings: the team's reminder rules (working days, quiet hours, times, holidays).

Chair and IB'er only. Each rule is a declared sub-command whose argument parser reads the value, so
a value that does not fit is explained by the router with the sub-command's usage and changes
nothing. A change replans the pending reminders of every open action at once, so the next reminder
already follows the new rule.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, time
from typing import Callable

from core import policy
from core.commands import Arg, Command, UsageError, read_number, shown
from core.i18n import N_, spell_date, spell_list
from core.messages import Reply
from dialogues.context import Context
from dialogues.team_setup import meetings_on_days_off, replan_team
from state.reminders import ReminderSettings

DAYS = {"ma": 0, "maandag": 0, "mon": 0, "monday": 0, "di": 1, "dinsdag": 1, "tue": 1, "tuesday": 1,
        "wo": 2, "woensdag": 2, "wed": 2, "wednesday": 2, "do": 3, "donderdag": 3, "thu": 3, "thursday": 3,
        "vr": 4, "vrijdag": 4, "fri": 4, "friday": 4, "za": 5, "zaterdag": 5, "sat": 5, "saturday": 5,
        "zo": 6, "zondag": 6, "sun": 6, "sunday": 6}
ON, OFF = frozenset({"aan", "ja", "on", "yes"}), frozenset({"uit", "nee", "off", "no"})
NONE_WORDS = frozenset({"geen", "none", "leeg", "clear"})
_CLOCK = re.compile(r"^(\d{1,2})[:.](\d{2})$")
_DATE = re.compile(r"^(?:(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})-(\d{1,2})-(\d{4}))$")
MAX_HOLIDAY_RANGE_DAYS = 120


def _clock(text: str) -> time:
    match = _CLOCK.match(text.strip())
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise UsageError("reminder_settings.bad_time", value=shown(text))
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
    raise UsageError("reminder_settings.bad_date", value=shown(text))


# -- the argument parsers: the typed value in, the setting's value out (or UsageError saying why) ------
def parse_workdays(text: str) -> frozenset[int]:
    days: set[int] = set()
    for part in re.split(r"[,\s]+", text.strip().casefold()):
        if not part:
            continue
        first, dash, last = part.partition("-")
        if first not in DAYS or (dash and last not in DAYS):
            raise UsageError("reminder_settings.bad_day", value=shown(part))
        start, end = DAYS[first], DAYS[last] if dash else DAYS[first]
        days.update(range(start, end + 1) if start <= end else [*range(start, 7), *range(0, end + 1)])
    if not days:
        raise UsageError("reminder_settings.bad_day", value=shown(text))
    return frozenset(days)


def parse_quiet(text: str) -> tuple[time, time]:
    """"18:00-08:00"; "geen" / "none" switches quiet hours off (an empty range)."""
    if text.strip().casefold() in NONE_WORDS:
        return time(0, 0), time(0, 0)
    start, _, end = text.replace(" ", "").partition("-")
    return _clock(start), _clock(end)


def parse_lead(text: str) -> int:
    days = read_number(text, maximum=10)
    if days is None:
        raise UsageError("reminder_settings.bad_lead", value=shown(text))
    return days


@dataclass(frozen=True)
class HolidayChange:
    """What `vrij` asks: clear the list, take a day off it, or add a day or a range of days."""
    add: frozenset[date] = frozenset()
    remove: frozenset[date] = frozenset()
    clear: bool = False

    def applied_to(self, holidays: frozenset[date]) -> frozenset[date]:
        return (frozenset() if self.clear else holidays - self.remove) | self.add


def parse_holidays(text: str) -> HolidayChange:
    words = text.split()
    if len(words) == 1 and words[0].casefold() in NONE_WORDS:
        return HolidayChange(clear=True)
    if words and words[0].startswith("-"):     # "-2026-12-25": take a day off the list
        return HolidayChange(remove=frozenset({_day(words[0][1:])}))
    if len(words) == 2:                         # a range: first and last day of a school holiday
        first, last = _day(words[0]), _day(words[1])
        if last < first or (last - first).days > MAX_HOLIDAY_RANGE_DAYS:
            raise UsageError("reminder_settings.bad_range")
        return HolidayChange(add=frozenset(date.fromordinal(n) for n in range(first.toordinal(), last.toordinal() + 1)))
    if len(words) == 1:
        return HolidayChange(add=frozenset({_day(words[0])}))
    raise UsageError("reminder_settings.bad_date", value=shown(text))


def parse_on_off(text: str) -> bool:
    word = text.strip().casefold()
    if word not in ON | OFF:
        raise UsageError("reminder_settings.bad_on_off", value=shown(text))
    return word in ON


# How each setting's parsed value changes the team's rules.
CHANGES: dict[str, Callable[[ReminderSettings, object], ReminderSettings]] = {
    "workdays": lambda s, days: replace(s, workdays=days),
    "time": lambda s, moment: replace(s, reminder_time=moment),
    "quiet": lambda s, hours: replace(s, quiet_start=hours[0], quiet_end=hours[1]),
    "lead": lambda s, days: replace(s, lead_working_days=days),
    "holiday": lambda s, change: replace(s, holidays=change.applied_to(s.holidays)),
    "overview": lambda s, on: replace(s, chair_overview=on),
    "school_holidays": lambda s, on: replace(s, skip_school_holidays=on),
}


def describe(ctx: Context, settings: ReminderSettings) -> str:
    names = [ctx.t(f"reminder_settings.day_{d}") for d in sorted(settings.workdays)]
    upcoming = sorted(d for d in settings.own_holidays if d >= ctx.now().astimezone(ctx.tz).date())
    holidays = spell_list([spell_date(d, ctx.lang) for d in upcoming[:5]], ctx.lang) or "-"
    if len(upcoming) > 5:
        holidays += " " + ctx.t("reminder_settings.and_more", count=len(upcoming) - 5)
    quiet = "-" if settings.quiet_start == settings.quiet_end else \
        f"{settings.quiet_start:%H:%M}-{settings.quiet_end:%H:%M}"
    region = (ctx.team.settings or {}).get("region")
    school = ctx.t("reminder_settings.school_holidays_line", region=ctx.t(f"team.region_{region}"),
                   state=ctx.t("reminder_settings.on" if settings.skip_school_holidays else "reminder_settings.off")) \
        if region else ctx.t("reminder_settings.school_holidays_no_region")
    text = ctx.t("reminder_settings.overview", workdays=spell_list(names, ctx.lang), time=f"{settings.reminder_time:%H:%M}",
                 quiet=quiet, lead=ctx.t("unit.working_days", count=settings.lead_working_days), holidays=holidays,
                 overview=ctx.t("reminder_settings.on" if settings.chair_overview else "reminder_settings.off"),
                 command="!settings" if ctx.lang == "en" else "!instellingen")
    rules, _, hint = text.rpartition("\n")         # the school-holiday line goes above the closing hint
    return f"{rules}\n{school}\n{hint}" if rules else f"{text}\n{school}"


def _command(ctx: Context) -> str:
    return "!settings" if ctx.lang == "en" else "!instellingen"


def show_settings(ctx: Context, unknown: str | None) -> list[Reply]:
    """!instellingen: the rules; a word that names no setting gets the usage."""
    if unknown:
        return [ctx.reply("reminder_settings.usage", command=_command(ctx))]
    return [Reply(describe(ctx, ReminderSettings.of(ctx.team)))]


def changer(key: str) -> Callable[[Context, object], list[Reply]]:
    """The handler of one setting's sub-command: apply the parsed value, replan, say what it is now."""
    def change_setting(ctx: Context, value) -> list[Reply]:
        updated = CHANGES[key](ReminderSettings.of(ctx.team), value)
        updated.store(ctx.team)
        ctx.session.add(ctx.team)
        replanned = replan_team(ctx)
        ctx.audit("team/reminder_settings", f"team:{ctx.team.id}", setting=key)
        replies = [Reply(ctx.t("reminder_settings.changed" if replanned else "reminder_settings.changed_none",
                                count=replanned) + "\n" + describe(ctx, updated))]
        clash = meetings_on_days_off(ctx) if key in ("holiday", "school_holidays") else None
        return replies + ([clash] if clash else [])
    return change_setting


def _setting(name: str, alias: str, key: str, arg: str, parser, synonyms: tuple[str, ...] = (),
             summary: str | None = None) -> Command:
    return Command(name, alias, summary or N_(f"cmd.instellingen.{key}.summary"), handler=changer(key),
                   roles=policy.ACTION_LEADS, synonyms=synonyms, args=(Arg(arg, "text", parser=parser),))


ORDER = 23
COMMANDS = [
    Command("instellingen", "settings", N_("cmd.instellingen.summary"), handler=show_settings,
            details=N_("cmd.instellingen.details"), roles=policy.ACTION_LEADS,
            args=(Arg(N_("arg.reminder_setting"), "text", required=False),),
            subcommands=(
                _setting("werkdagen", "workdays", "workdays", N_("arg.reminder_workdays"), parse_workdays),
                _setting("tijd", "time", "time", N_("arg.reminder_time"), _clock, synonyms=("herinnertijd",)),
                _setting("stil", "quiet", "quiet", N_("arg.reminder_quiet"), parse_quiet,
                         synonyms=("stille-uren",)),
                _setting("vooraf", "lead", "lead", N_("arg.reminder_lead"), parse_lead),
                _setting("vrij", "holiday", "holiday", N_("arg.reminder_holiday"), parse_holidays,
                         synonyms=("vakantie", "holidays")),
                _setting("overzicht", "overview", "overview", N_("arg.reminder_on_off"), parse_on_off),
                _setting("vakanties", "school-holidays", "school_holidays", N_("arg.reminder_on_off"), parse_on_off,
                         synonyms=("schoolvakanties",), summary=N_("cmd.instellingen.school_holidays.summary")),
            )),
]
