"""Working-day and school-day arithmetic shared by reminders, agendas and escalation deadlines.

A team configures which weekdays it works (Monday=0) and its holidays; everything that says
"two working days before" or "within five school days" goes through here.
"""
from __future__ import annotations

from datetime import date, timedelta
from typing import Iterable

DEFAULT_WORKDAYS = frozenset({0, 1, 2, 3, 4})


def is_working_day(day: date, workdays: Iterable[int] = DEFAULT_WORKDAYS,
                   holidays: Iterable[date] = ()) -> bool:
    return day.weekday() in set(workdays) and day not in set(holidays)


def add_working_days(start: date, count: int, workdays: Iterable[int] = DEFAULT_WORKDAYS,
                     holidays: Iterable[date] = ()) -> date:
    """The day `count` working days after `start` (before it when negative); `start` itself is not counted."""
    workdays, holidays = frozenset(workdays), frozenset(holidays)
    if not workdays:
        raise ValueError("a team needs at least one working day")
    step = 1 if count >= 0 else -1
    day, left = start, abs(count)
    while left:
        day += timedelta(days=step)
        if day.weekday() in workdays and day not in holidays:
            left -= 1
    return day


def working_days_between(first: date, last: date, workdays: Iterable[int] = DEFAULT_WORKDAYS,
                         holidays: Iterable[date] = ()) -> int:
    """How many working days lie in the closed range first..last."""
    workdays, holidays = frozenset(workdays), frozenset(holidays)
    count, day = 0, first
    while day <= last:
        if day.weekday() in workdays and day not in holidays:
            count += 1
        day += timedelta(days=1)
    return count


def holiday_days(entry: str) -> list[date]:
    """"2026-12-24", or a range "2026-12-21/2027-01-01" (also with ".."), as the days it covers."""
    first, _, last = entry.replace("..", "/").partition("/")
    start = date.fromisoformat(first.strip())
    end = date.fromisoformat(last.strip()) if last.strip() else start
    if end < start or (end - start).days > 366:
        raise ValueError(entry)
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def read_holidays(entries: Iterable) -> frozenset[date]:
    """Configured holidays (days or ranges); an entry that cannot be read is left out, so one bad
    entry typed by hand breaks neither reminders nor advice."""
    days: set[date] = set()
    for entry in entries or ():
        try:
            days.update(holiday_days(str(entry)))
        except ValueError:
            continue
    return frozenset(days)


def read_workdays(values: Iterable) -> frozenset[int]:
    """Configured working days (Monday=0); the default week when none can be read."""
    try:
        configured = frozenset(int(d) for d in values or () if 0 <= int(d) <= 6)
    except (TypeError, ValueError):
        return DEFAULT_WORKDAYS
    return configured or DEFAULT_WORKDAYS
