"""The Dutch school holidays per region (noord, midden, zuid), read from the data file
dialogues/knowledge/school_holidays.toml (dates and source as Rijksoverheid publishes them).

One door for planning, deadlines and reminders: `holidays(region)` gives the days, `holiday_name`
says which holiday a day falls in, `school_year_end` where a series ends by default.
"""
from __future__ import annotations

import tomllib
from datetime import date, timedelta
from functools import lru_cache

from core.calendar import holiday_days
from core.knowledge import KNOWLEDGE_DIR

DATA_FILE = KNOWLEDGE_DIR / "school_holidays.toml"
REGIONS = ("noord", "midden", "zuid")
SUMMER = "zomervakantie"
FALLBACK_YEAR_END = (7, 31)        # zorgbot default when a year's summer holiday is not in the data


@lru_cache(maxsize=1)
def _periods() -> tuple[tuple[str, str, str, date, date], ...]:
    """(school year, holiday, region, first, last) for every published period."""
    with DATA_FILE.open("rb") as fh:
        data = tomllib.load(fh)
    periods = []
    for year, table in (data.get("years") or {}).items():
        for name, per_region in table.items():
            if not isinstance(per_region, dict):
                continue            # the year's `published_by`
            for region, span in per_region.items():
                days = holiday_days(span)
                periods.append((year, name, region, days[0], days[-1]))
    return tuple(periods)


def read_region(text: str | None) -> str | None:
    """"Noord" / "north" / "regio zuid" -> the region; None when it is not one."""
    word = (text or "").strip().casefold().removeprefix("regio").removeprefix("region").strip()
    english = {"north": "noord", "central": "midden", "middle": "midden", "south": "zuid"}
    word = english.get(word, word)
    return word if word in REGIONS else None


def holidays(region: str | None) -> frozenset[date]:
    """Every day of the region's school holidays in the years the data has; none without a region."""
    days: set[date] = set()
    for _, _, where, first, last in _periods():
        if where == region:
            days.update(first + timedelta(days=n) for n in range((last - first).days + 1))
    return frozenset(days)


def holiday_name(region: str | None, day: date) -> str | None:
    """"kerstvakantie" when `day` falls in that holiday of the region, else None."""
    for _, name, where, first, last in _periods():
        if where == region and first <= day <= last:
            return name
    return None


def school_year_end(region: str | None, day: date) -> date:
    """The last day of the school year `day` is in: the day before the region's summer holiday, or
    31 July when that summer is not in the data (or the team has no region)."""
    for _, name, where, first, last in _periods():
        if name == SUMMER and where == region and day <= last and first.year == _summer_year(day):
            return first - timedelta(days=1)
    return date(_summer_year(day), *FALLBACK_YEAR_END)


def _summer_year(day: date) -> int:
    """The calendar year of the summer that ends `day`'s school year (a school year starts in August)."""
    return day.year + 1 if day.month >= 8 else day.year
