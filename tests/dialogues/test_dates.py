"""Due-date phrases in Dutch and English (dialogues.dates), against a fixed `now`."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialogues.dates import (
    AMBIGUOUS, INVALID_DATE, PAST, UNPARSED, When, parse_when, split_trailing_when, warm_up,
)

AMS = ZoneInfo("Europe/Amsterdam")
UTC = timezone.utc


def ams(y: int, m: int, d: int, hh: int = 17, mm: int = 0, fold: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=AMS, fold=fold)


WED = ams(2026, 11, 18, 10, 0)  # Wednesday 18 November 2026, 10:00
FRI = ams(2026, 11, 20, 10, 0)  # Friday 20 November 2026, 10:00


def when(text: str, now: datetime = WED, lang: str = "nl", **kw) -> When:
    return parse_when(text, now=now, tz=AMS, lang=lang, **kw)


def same_instant_and_wall(actual: datetime | None, expected: datetime | None) -> bool:
    """Equal instants AND equal wall clock/offset in Amsterdam (catches DST mistakes)."""
    if actual is None or expected is None:
        return actual is expected
    return (actual == expected and actual.tzinfo is AMS
            and actual.replace(tzinfo=None) == expected.replace(tzinfo=None)
            and actual.utcoffset() == expected.utcoffset())


# (lang, text, now, at, problem, suggestion)
OK = None
TABLE = [
    # --- Dutch weekdays (said on Wednesday 18 Nov) ---
    ("nl", "vrijdag", WED, ams(2026, 11, 20), OK, None),
    ("nl", "op vrijdag", WED, ams(2026, 11, 20), OK, None),
    ("nl", "Vrijdag", WED, ams(2026, 11, 20), OK, None),
    ("nl", "aanstaande vrijdag", WED, ams(2026, 11, 20), OK, None),
    ("nl", "vrijdag a.s.", WED, ams(2026, 11, 20), OK, None),
    ("nl", "uiterlijk vrijdag", WED, ams(2026, 11, 20), OK, None),
    ("nl", "maandag", WED, ams(2026, 11, 23), OK, None),
    ("nl", "volgende week dinsdag", WED, ams(2026, 11, 24), OK, None),
    ("nl", "dinsdag volgende week", WED, ams(2026, 11, 24), OK, None),
    ("nl", "volgende week op dinsdag", WED, ams(2026, 11, 24), OK, None),
    ("nl", "dinsdag over een week", WED, ams(2026, 12, 1), OK, None),
    ("nl", "vrijdag over twee weken", WED, ams(2026, 12, 4), OK, None),
    ("nl", "deze week dinsdag", WED, None, PAST, ams(2026, 11, 24)),
    # "volgende X": next calendar week's X; ambiguous while the coming X is still this week
    ("nl", "volgende maandag", WED, ams(2026, 11, 23), OK, None),
    ("nl", "volgende vrijdag", WED, None, AMBIGUOUS, ams(2026, 11, 27)),
    ("nl", "volgende vrijdag", FRI, ams(2026, 11, 27), OK, None),
    # --- the same weekday as today (Friday 20 Nov, 10:00) ---
    ("nl", "vrijdag", FRI, None, AMBIGUOUS, ams(2026, 11, 27)),
    ("nl", "vrijdag 16:00", FRI, None, AMBIGUOUS, ams(2026, 11, 27, 16)),
    ("nl", "vrijdag 9:00", FRI, ams(2026, 11, 27, 9), OK, None),  # today's 9:00 has passed
    ("nl", "vrijdag", ams(2026, 11, 20, 17, 30), ams(2026, 11, 27), OK, None),
    ("en", "friday", FRI, None, AMBIGUOUS, ams(2026, 11, 27)),
    # --- Dutch relative days ---
    ("nl", "vandaag", WED, ams(2026, 11, 18), OK, None),
    ("nl", "morgen", WED, ams(2026, 11, 19), OK, None),
    ("nl", "overmorgen", WED, ams(2026, 11, 20), OK, None),
    ("nl", "over 2 weken", WED, ams(2026, 12, 2), OK, None),
    ("nl", "over twee weken", WED, ams(2026, 12, 2), OK, None),
    ("nl", "over drie dagen", WED, ams(2026, 11, 21), OK, None),
    ("nl", "over een week", WED, ams(2026, 11, 25), OK, None),
    ("nl", "binnen een week", WED, ams(2026, 11, 25), OK, None),
    ("nl", "binnen 3 dagen", WED, ams(2026, 11, 21), OK, None),
    ("nl", "over een maand", WED, ams(2026, 12, 18), OK, None),
    ("nl", "over 5 werkdagen", WED, ams(2026, 11, 25), OK, None),
    ("nl", "morgen over een week", WED, ams(2026, 11, 26), OK, None),
    ("nl", "vandaag over een week", WED, ams(2026, 11, 25), OK, None),
    ("nl", "over 2 uur", WED, ams(2026, 11, 18, 12), OK, None),
    ("nl", "over een kwartier", WED, ams(2026, 11, 18, 10, 15), OK, None),
    ("nl", "over een half uur", WED, ams(2026, 11, 18, 10, 30), OK, None),
    # --- absolute dates ---
    ("nl", "15 december", WED, ams(2026, 12, 15), OK, None),
    ("nl", "15-12", WED, ams(2026, 12, 15), OK, None),
    ("nl", "15/12", WED, ams(2026, 12, 15), OK, None),
    ("nl", "15-12-2026", WED, ams(2026, 12, 15), OK, None),
    ("nl", "15-12-26", WED, ams(2026, 12, 15), OK, None),
    ("nl", "15.12.2026", WED, ams(2026, 12, 15), OK, None),
    ("nl", "2026-12-15", WED, ams(2026, 12, 15), OK, None),
    ("nl", "december 15", WED, ams(2026, 12, 15), OK, None),
    ("nl", "15 dec", WED, ams(2026, 12, 15), OK, None),
    ("nl", "15 dec.", WED, ams(2026, 12, 15), OK, None),
    ("nl", "op 15 december 2026", WED, ams(2026, 12, 15), OK, None),
    ("nl", "de 15e", WED, ams(2026, 12, 15), OK, None),
    ("nl", "3-4", WED, ams(2027, 4, 3), OK, None),  # day-first
    ("nl", "vrijdag 20 november", WED, ams(2026, 11, 20), OK, None),
    ("nl", "vrijdag 15 december", WED, None, AMBIGUOUS, ams(2026, 12, 15)),  # the 15th is a Tuesday
    ("nl", "29 februari", WED, ams(2028, 2, 29), OK, None),  # next one that exists
    # "15 december" said on 20 December most likely means the one just gone: past, never silently
    # next year's; long gone dates are simply next year's.
    ("nl", "15 december", ams(2026, 12, 20, 10), None, PAST, ams(2027, 12, 15)),
    ("nl", "15-12", ams(2026, 12, 20, 10), None, PAST, ams(2027, 12, 15)),
    ("nl", "1 november", ams(2026, 11, 25, 9, 30), None, PAST, ams(2027, 11, 1)),
    ("en", "1 November", ams(2026, 11, 25, 9, 30), None, PAST, ams(2027, 11, 1)),
    ("nl", "15 september", ams(2026, 11, 25, 9, 30), ams(2027, 9, 15), OK, None),
    # a yearless date today: today, unless the time has gone
    ("nl", "15 december", ams(2026, 12, 15, 10), ams(2026, 12, 15), OK, None),
    ("nl", "15 december 9:00", ams(2026, 12, 15, 10), None, PAST, ams(2027, 12, 15, 9)),
    # explicit past dates
    ("nl", "15-11-2026", ams(2026, 11, 22, 10), None, PAST, ams(2027, 11, 15)),
    ("nl", "15-12-2024", WED, None, PAST, ams(2026, 12, 15)),
    ("nl", "vandaag 8:00", WED, None, PAST, ams(2026, 11, 19, 8)),
    ("nl", "om 9 uur", WED, None, PAST, ams(2026, 11, 19, 9)),
    # dates that do not exist
    ("nl", "31 februari", WED, None, INVALID_DATE, None),
    ("nl", "30-02", WED, None, INVALID_DATE, None),
    ("nl", "29-02-2027", WED, None, INVALID_DATE, None),
    ("nl", "31 april", WED, None, INVALID_DATE, None),
    ("nl", "32 december", WED, None, INVALID_DATE, None),
    ("nl", "15-13", WED, None, INVALID_DATE, None),
    ("nl", "12/15", WED, None, INVALID_DATE, None),  # Dutch is day-first only
    ("nl", "morgen 25:00", WED, None, INVALID_DATE, None),
    ("nl", "morgen 14:75", WED, None, INVALID_DATE, None),
    # --- times ---
    ("nl", "morgen 9:00", WED, ams(2026, 11, 19, 9), OK, None),
    ("nl", "morgen 09:00", WED, ams(2026, 11, 19, 9), OK, None),
    ("nl", "vrijdag 14.30", WED, ams(2026, 11, 20, 14, 30), OK, None),
    ("nl", "vrijdag om 14 uur", WED, ams(2026, 11, 20, 14), OK, None),
    ("nl", "vrijdag om 14.30 uur", WED, ams(2026, 11, 20, 14, 30), OK, None),
    ("nl", "vrijdag, 14:00", WED, ams(2026, 11, 20, 14), OK, None),
    ("nl", "morgen 14u30", WED, ams(2026, 11, 19, 14, 30), OK, None),
    ("nl", "om 9 uur morgen", WED, ams(2026, 11, 19, 9), OK, None),
    ("nl", "morgen om half 10", WED, ams(2026, 11, 19, 9, 30), OK, None),
    ("nl", "morgen om kwart voor 9", WED, ams(2026, 11, 19, 8, 45), OK, None),
    ("nl", "morgen om 3 uur 's middags", WED, ams(2026, 11, 19, 15), OK, None),
    ("nl", "morgen om 3 uur ’s middags", WED, ams(2026, 11, 19, 15), OK, None),
    ("nl", "morgen om 9 uur 's ochtends", WED, ams(2026, 11, 19, 9), OK, None),
    ("nl", "morgen om 03:00", WED, ams(2026, 11, 19, 3), OK, None),  # zero-padded: literal
    ("nl", "om 14 uur", WED, ams(2026, 11, 18, 14), OK, None),
    ("nl", "14:00", WED, ams(2026, 11, 18, 14), OK, None),
    # hours 1-6 without a dagdeel: ask, suggesting the afternoon
    ("nl", "morgen om 3 uur", WED, None, AMBIGUOUS, ams(2026, 11, 19, 15)),
    ("nl", "morgen om half 3", WED, None, AMBIGUOUS, ams(2026, 11, 19, 14, 30)),
    ("nl", "vrijdag 3:00", WED, None, AMBIGUOUS, ams(2026, 11, 20, 15)),
    ("nl", "om 2 uur", WED, None, AMBIGUOUS, ams(2026, 11, 18, 14)),
    # --- ranges ---
    ("nl", "eind van de week", WED, ams(2026, 11, 20), OK, None),
    ("nl", "aan het eind van de week", WED, ams(2026, 11, 20), OK, None),
    ("nl", "eind volgende week", WED, ams(2026, 11, 27), OK, None),
    ("nl", "einde van de maand", WED, ams(2026, 11, 30), OK, None),  # Mon 30 Nov
    ("nl", "eind van de maand", ams(2027, 1, 5, 10), ams(2027, 1, 29), OK, None),  # 31 Jan = Sun
    ("nl", "eind van de week", ams(2026, 11, 20, 18), None, AMBIGUOUS, ams(2026, 11, 27)),
    ("nl", "eind van de week", ams(2026, 11, 21, 10), None, AMBIGUOUS, ams(2026, 11, 27)),
    ("nl", "deze week", WED, None, AMBIGUOUS, ams(2026, 11, 20)),
    ("nl", "volgende week", WED, None, AMBIGUOUS, ams(2026, 11, 27)),
    # --- "voor" (before): by Friday or before it? ---
    ("nl", "voor vrijdag", WED, None, AMBIGUOUS, ams(2026, 11, 19)),
    ("nl", "voor maandag", WED, None, AMBIGUOUS, ams(2026, 11, 20)),  # the working day before
    ("nl", "voor 15:00", WED, ams(2026, 11, 18, 15), OK, None),
    # --- English ---
    ("en", "friday", WED, ams(2026, 11, 20), OK, None),
    ("en", "on monday", WED, ams(2026, 11, 23), OK, None),
    ("en", "this friday", WED, ams(2026, 11, 20), OK, None),
    ("en", "Fri", WED, ams(2026, 11, 20), OK, None),
    ("en", "next Tuesday", WED, ams(2026, 11, 24), OK, None),
    ("en", "next Tuesday", ams(2026, 11, 16, 10), None, AMBIGUOUS, ams(2026, 11, 24)),  # on Monday
    ("en", "next friday", WED, None, AMBIGUOUS, ams(2026, 11, 27)),
    ("en", "next week tuesday", WED, ams(2026, 11, 24), OK, None),
    ("en", "tuesday next week", WED, ams(2026, 11, 24), OK, None),
    ("en", "a week from friday", WED, ams(2026, 11, 27), OK, None),
    ("en", "today", WED, ams(2026, 11, 18), OK, None),
    ("en", "tomorrow", WED, ams(2026, 11, 19), OK, None),
    ("en", "the day after tomorrow", WED, ams(2026, 11, 20), OK, None),
    ("en", "in 2 weeks", WED, ams(2026, 12, 2), OK, None),
    ("en", "in three days", WED, ams(2026, 11, 21), OK, None),
    ("en", "within a week", WED, ams(2026, 11, 25), OK, None),
    ("en", "2 weeks from now", WED, ams(2026, 12, 2), OK, None),
    ("en", "in 5 working days", WED, ams(2026, 11, 25), OK, None),
    ("en", "in 2 hours", WED, ams(2026, 11, 18, 12), OK, None),
    ("en", "december 15", WED, ams(2026, 12, 15), OK, None),
    ("en", "15 dec", WED, ams(2026, 12, 15), OK, None),
    ("en", "December 15th, 2026", WED, ams(2026, 12, 15), OK, None),
    ("en", "the 15th of december", WED, ams(2026, 12, 15), OK, None),
    ("en", "15/12", WED, ams(2026, 12, 15), OK, None),
    ("en", "12/15", WED, ams(2026, 12, 15), OK, None),  # only the month-first reading exists
    ("en", "12/03", WED, None, AMBIGUOUS, ams(2027, 3, 12)),  # day-first suggestion
    ("en", "05/05", WED, ams(2027, 5, 5), OK, None),  # both readings agree
    ("en", "31 february", WED, None, INVALID_DATE, None),
    ("en", "tomorrow 9am", WED, ams(2026, 11, 19, 9), OK, None),
    ("en", "tomorrow at 9:30 a.m.", WED, ams(2026, 11, 19, 9, 30), OK, None),
    ("en", "friday at 2pm", WED, ams(2026, 11, 20, 14), OK, None),
    ("en", "friday at 2 pm", WED, ams(2026, 11, 20, 14), OK, None),
    ("en", "2pm on friday", WED, ams(2026, 11, 20, 14), OK, None),
    ("en", "tomorrow at noon", WED, ams(2026, 11, 19, 12), OK, None),
    ("en", "tomorrow at half past 2 pm", WED, ams(2026, 11, 19, 14, 30), OK, None),
    ("en", "friday at 2", WED, None, AMBIGUOUS, ams(2026, 11, 20, 14)),
    ("en", "tomorrow 14pm", WED, None, INVALID_DATE, None),
    ("en", "end of the week", WED, ams(2026, 11, 20), OK, None),
    ("en", "by the end of the month", WED, ams(2026, 11, 30), OK, None),
    ("en", "next week", WED, None, AMBIGUOUS, ams(2026, 11, 27)),
    ("en", "before friday", WED, None, AMBIGUOUS, ams(2026, 11, 19)),
    ("en", "today at 8am", WED, None, PAST, ams(2026, 11, 19, 8)),
    # --- not a date ---
    ("nl", "bel ouders", WED, None, UNPARSED, None),
    ("nl", "Z-17", WED, None, UNPARSED, None),
    ("nl", "", WED, None, UNPARSED, None),
    ("nl", "15.12", WED, None, UNPARSED, None),  # neither a date nor (without "om") a time
    ("en", "call parents", WED, None, UNPARSED, None),
]


@pytest.mark.parametrize("lang,text,now,at,problem,suggestion", TABLE,
                         ids=[f"{row[0]}:{row[1]}@{row[2]:%a%d%b%H%M}" for row in TABLE])
def test_phrase_table(lang, text, now, at, problem, suggestion):
    got = when(text, now=now, lang=lang)
    assert got.problem == problem, got
    assert same_instant_and_wall(got.at, at), got
    assert same_instant_and_wall(got.suggestion, suggestion), got
    if problem is None:
        assert got.at is not None and got.suggestion is None


def test_phrase_is_the_exact_text_read():
    assert when("  Morgen 9:00. ").phrase == "Morgen 9:00"
    assert when("15 dec.").phrase == "15 dec."
    assert when("bel ouders").phrase == "bel ouders"


def test_default_time_is_configurable():
    assert when("morgen", default_time=time(8, 30)).at == ams(2026, 11, 19, 8, 30)


def test_team_workdays_and_holidays_for_working_days_and_week_end():
    # A team that works Monday-Thursday: the week ends on Thursday.
    assert when("eind van de week", workdays={0, 1, 2, 3}).at == ams(2026, 11, 19)
    # A holiday on Thursday 19 Nov is skipped when counting working days.
    got = when("over 2 werkdagen", holidays={date(2026, 11, 19)})
    assert got.at == ams(2026, 11, 23)


def test_results_depend_on_now_not_on_a_cache():
    assert when("morgen", now=WED).at == ams(2026, 11, 19)
    assert when("morgen", now=FRI).at == ams(2026, 11, 21)


def test_now_in_another_zone_is_converted():
    # 23:30 UTC on Saturday 28 March is already Sunday 00:30 in Amsterdam.
    now = datetime(2026, 3, 28, 23, 30, tzinfo=UTC)
    got = parse_when("morgen", now=now, tz=AMS)
    assert got.at == ams(2026, 3, 30) and got.at.tzinfo is AMS


def test_other_time_zone():
    ny = ZoneInfo("America/New_York")
    now = datetime(2026, 11, 18, 10, 0, tzinfo=ny)
    got = parse_when("tomorrow 9am", now=now, tz=ny, lang="en")
    assert got.at == datetime(2026, 11, 19, 9, 0, tzinfo=ny) and got.at.tzinfo is ny


def test_naive_now_and_unknown_language_are_programming_errors():
    with pytest.raises(ValueError):
        parse_when("morgen", now=datetime(2026, 11, 18, 10), tz=AMS)
    with pytest.raises(ValueError):
        parse_when("morgen", now=WED, tz=AMS, lang="fr")
    assert parse_when("morgen", now=WED, tz=AMS, lang="nl_NL").at == ams(2026, 11, 19)
    assert parse_when("tomorrow", now=WED, tz=AMS, lang="en-GB").at == ams(2026, 11, 19)


# --- daylight saving time (Europe/Amsterdam: 29 March 2026 and 25 October 2026) -----------------

class TestDaylightSaving:
    def test_morgen_9_before_spring_change(self):
        got = when("morgen 9:00", now=ams(2026, 3, 28, 12))
        assert got.at.replace(tzinfo=None) == datetime(2026, 3, 29, 9, 0)
        assert got.at.utcoffset() == timedelta(hours=2)
        assert got.at == datetime(2026, 3, 29, 7, 0, tzinfo=UTC)

    def test_morgen_9_before_autumn_change(self):
        got = when("morgen 9:00", now=ams(2026, 10, 24, 12))
        assert got.at.replace(tzinfo=None) == datetime(2026, 10, 25, 9, 0)
        assert got.at.utcoffset() == timedelta(hours=1)
        assert got.at == datetime(2026, 10, 25, 8, 0, tzinfo=UTC)

    def test_days_are_calendar_days_across_the_change(self):
        got = when("over 2 dagen", now=ams(2026, 3, 28, 12))
        assert got.at.replace(tzinfo=None) == datetime(2026, 3, 30, 17, 0)
        got = when("volgende week dinsdag", now=ams(2026, 10, 22, 12))
        assert got.at.replace(tzinfo=None) == datetime(2026, 10, 27, 17, 0)

    def test_hours_are_elapsed_time_across_the_change(self):
        now = ams(2026, 3, 29, 1, 30)  # 01:30 CET, the clocks jump at 02:00
        got = when("over 2 uur", now=now)
        # (subtracting two datetimes with the same tzinfo compares wall clocks, so go via UTC)
        assert got.at.astimezone(UTC) - now.astimezone(UTC) == timedelta(hours=2)
        assert got.at.replace(tzinfo=None) == datetime(2026, 3, 29, 4, 30)

    def test_a_wall_time_in_the_spring_gap_does_not_exist(self):
        got = when("morgen 02:30", now=ams(2026, 3, 28, 12))
        assert got.problem == INVALID_DATE
        assert got.suggestion.replace(tzinfo=None) == datetime(2026, 3, 29, 3, 30)

    def test_a_wall_time_in_the_autumn_fold_is_asked(self):
        got = when("morgen 02:30", now=ams(2026, 10, 24, 12))
        assert got.problem == AMBIGUOUS
        # (a time in the fold never compares == across zones (PEP 495), so compare in UTC)
        assert got.suggestion.astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
        assert got.suggestion.utcoffset() == timedelta(hours=2)  # the first 02:30, still CEST


# --- split_trailing_when -------------------------------------------------------------------------

def split(text: str, lang: str = "nl", now: datetime = WED):
    return split_trailing_when(text, now=now, tz=AMS, lang=lang)


@pytest.mark.parametrize("text,rest,phrase,at", [
    ("huisbezoek plannen Z-17 vrijdag", "huisbezoek plannen Z-17", "vrijdag", ams(2026, 11, 20)),
    ("bel ouders over 2 weken", "bel ouders", "over 2 weken", ams(2026, 12, 2)),
    ("huisbezoek plannen Z-17 15-12", "huisbezoek plannen Z-17", "15-12", ams(2026, 12, 15)),
    ("plan gesprek volgende week dinsdag om 14.30", "plan gesprek",
     "volgende week dinsdag om 14.30", ams(2026, 11, 24, 14, 30)),
    ("bel moeder, morgen 9:00.", "bel moeder", "morgen 9:00", ams(2026, 11, 19, 9)),
    ("doe het morgen", "doe het", "morgen", ams(2026, 11, 19)),
    ("maak afspraak om 14 uur", "maak afspraak", "om 14 uur", ams(2026, 11, 18, 14)),
    ("overleg met IB'er op vrijdag", "overleg met IB'er", "op vrijdag", ams(2026, 11, 20)),
    ("verslag Z-17 - eind van de week", "verslag Z-17", "eind van de week", ams(2026, 11, 20)),
    ("vrijdag", "", "vrijdag", ams(2026, 11, 20)),
])
def test_split_dutch(text, rest, phrase, at):
    got_rest, got = split(text)
    assert (got_rest, got.phrase, got.at, got.problem) == (rest, phrase, at, None)


@pytest.mark.parametrize("text,rest,phrase,at", [
    ("call parents next Tuesday 9:00", "call parents", "next Tuesday 9:00", ams(2026, 11, 24, 9)),
    ("call parents in 2 weeks", "call parents", "in 2 weeks", ams(2026, 12, 2)),
    ("home visit Z-17 tomorrow 9am", "home visit Z-17", "tomorrow 9am", ams(2026, 11, 19, 9)),
    ("meet the mentor at 2pm", "meet the mentor", "at 2pm", ams(2026, 11, 18, 14)),
    ("send report friday at 2pm", "send report", "friday at 2pm", ams(2026, 11, 20, 14)),
])
def test_split_english(text, rest, phrase, at):
    got_rest, got = split(text, lang="en")
    assert (got_rest, got.phrase, got.at, got.problem) == (rest, phrase, at, None)


@pytest.mark.parametrize("lang,text", [
    ("nl", "huisbezoek plannen Z-17"),
    ("nl", "bel ouders"),
    ("nl", "gesprek groep 7/8"),          # a combined class, not 7 August
    ("nl", "verslag hoofdstuk 3-4"),
    ("nl", "bel ouders in de morgen"),    # "in the morning"
    ("nl", "praat over vrijdag"),         # about Friday
    ("nl", "incident vorige vrijdag"),
    ("nl", "voetbal elke vrijdag"),
    ("nl", "verslag van vrijdag"),
    ("nl", "bel 06-12345678"),
    ("nl", "lees pagina 12"),
    ("nl", "versie 2.5"),
    ("nl", "gesprek duurt 2 uur"),        # a duration, not a time
    ("nl", ""),
    ("en", "review chapter 3/4"),
    ("en", "talk about friday"),
    ("en", "incident last friday"),
    ("en", "call parents"),
])
def test_split_leaves_ordinary_words_alone(lang, text):
    assert split(text, lang=lang) == (text.strip(), None)


@pytest.mark.parametrize("text,problem", [
    ("zorgplan bijwerken 31 februari", INVALID_DATE),
    ("zorgplan bijwerken 15-11-2026", PAST),
    ("zorgplan bijwerken volgende week", AMBIGUOUS),
    ("bel ouders om 3 uur", AMBIGUOUS),
])
def test_split_returns_problem_phrases_so_the_bot_can_ask(text, problem):
    rest, got = split(text)
    assert rest == "zorgplan bijwerken" or rest == "bel ouders"
    assert got.at is None and got.problem == problem


# --- dateparser fallback --------------------------------------------------------------------------

def test_dateparser_fallback_is_only_ever_a_suggestion():
    warm_up(["nl"])
    got = when("december 2026")  # dateparser fills in a day; we only offer it
    assert got.at is None and got.problem == AMBIGUOUS
    assert got.suggestion is not None and got.suggestion > WED and got.suggestion.tzinfo is AMS


def test_split_never_uses_the_fallback():
    assert split("plannen december 2026") == ("plannen december 2026", None)


# --- properties -----------------------------------------------------------------------------------

ZONES = [AMS, ZoneInfo("America/New_York"), ZoneInfo("Asia/Kolkata"),
         ZoneInfo("Pacific/Chatham"), ZoneInfo("UTC")]
NOWS = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2090, 12, 31),
                    timezones=st.sampled_from(ZONES), allow_imaginary=False)
PROBLEMS = {None, UNPARSED, PAST, AMBIGUOUS, INVALID_DATE}


def check_invariants(got: When | None, now: datetime, tz) -> None:
    if got is None:
        return
    assert got.problem in PROBLEMS
    assert (got.at is None) == (got.problem is not None)
    for moment in (got.at, got.suggestion):
        if moment is not None:
            assert moment > now
            assert moment.tzinfo is tz
    if got.problem in (None, UNPARSED, INVALID_DATE):
        assert got.suggestion is None or got.problem == INVALID_DATE


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=60), now=NOWS, tz=st.sampled_from(ZONES),
       lang=st.sampled_from(["nl", "en"]))
def test_random_text_never_raises_and_only_returns_future_times(text, now, tz, lang):
    check_invariants(parse_when(text, now=now, tz=tz, lang=lang), now, tz)
    rest, got = split_trailing_when(text, now=now, tz=tz, lang=lang)
    check_invariants(got, now, tz)
    assert rest in text
    if got is not None:
        assert text.index(got.phrase) >= len(rest)


WORDS = ("vrijdag morgen vandaag over binnen 2 drie weken dagen maand om 14 uur 3 half kwart voor "
         "15 december 31 februari 30-02 29-02 12/03 2026-12-15 9:00 14.30 25:00 02:30 eind van de "
         "week volgende op uiterlijk 's middags a.s. next friday tomorrow at 2pm in the morning "
         "9999 0 00:00 één a Z-17").split()


@settings(max_examples=400, deadline=None)
@given(words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=7), now=NOWS,
       tz=st.sampled_from(ZONES), lang=st.sampled_from(["nl", "en"]))
def test_date_word_salad_never_raises(words, now, tz, lang):
    text = " ".join(words)
    check_invariants(parse_when(text, now=now, tz=tz, lang=lang), now, tz)
    _, got = split_trailing_when("bel ouders " + text, now=now, tz=tz, lang=lang)
    check_invariants(got, now, tz)


@settings(max_examples=200, deadline=None)
@given(n=st.integers(0, 400), now=NOWS, tz=st.sampled_from(ZONES))
def test_over_n_dagen_is_n_calendar_days_at_the_default_time_in_any_zone(n, now, tz):
    got = parse_when(f"over {n} dagen", now=now, tz=tz)
    local_today = now.astimezone(tz).date()
    expected_day = local_today + timedelta(days=n)
    if n == 0 and now.astimezone(tz).time() >= time(17, 0):
        assert got.problem == PAST
        return
    assert got.at.date() == expected_day
    assert (got.at.hour, got.at.minute) == (17, 0)


@settings(max_examples=200, deadline=None)
@given(wd=st.sampled_from(["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag",
                           "zaterdag", "zondag"]),
       hour=st.integers(7, 23), minute=st.integers(0, 59), now=NOWS)
def test_weekday_with_time_is_within_a_week_or_asked(wd, hour, minute, now):
    got = parse_when(f"{wd} {hour}:{minute:02d}", now=now, tz=AMS)
    target = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag",
              "zondag"].index(wd)
    moment = got.at or got.suggestion
    assert got.problem in (None, AMBIGUOUS)
    assert moment.weekday() == target and (moment.hour, moment.minute) == (hour, minute)
    assert timedelta(0) < moment.astimezone(UTC) - now.astimezone(UTC) <= timedelta(days=8, hours=1)
    if got.problem == AMBIGUOUS:  # only when today is that weekday and the time is still ahead
        assert now.astimezone(AMS).weekday() == target


@settings(max_examples=200, deadline=None)
@given(phrase=st.sampled_from(["vrijdag", "morgen 9:00", "over 2 weken", "15-12", "15 december",
                               "volgende week dinsdag om 14.30", "eind van de week",
                               "om 14 uur", "binnen een week", "31 februari"]),
       prefix=st.sampled_from(["bel ouders", "huisbezoek plannen Z-17", "overleg IB",
                               "gesprek met mentor,"]),
       now=NOWS)
def test_split_finds_exactly_the_phrase_after_any_command(phrase, prefix, now):
    rest, got = split_trailing_when(f"{prefix} {phrase}", now=now, tz=AMS, lang="nl")
    assert rest == prefix.rstrip(",")
    assert got.phrase == phrase
    assert got.problem != UNPARSED
    whole = parse_when(phrase, now=now, tz=AMS)
    assert (whole.at, whole.problem, whole.suggestion) == (got.at, got.problem, got.suggestion)
