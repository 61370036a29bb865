"""Due dates in plain Dutch and English: "vrijdag", "morgen 9:00", "over 2 weken", "next Tuesday".

Care professionals type a due date at the end of a one-line command
(``!actie @anna huisbezoek plannen Z-17 vrijdag``).  This module turns that phrase into an aware
datetime in the team's time zone and, just as important, *refuses to guess*: a phrase that can
mean two things, that lies in the past or that names a day that does not exist comes back with a
``problem`` and (where there is one) a ``suggestion`` the bot can offer when it asks again.

Design
------
The common phrases are read by a small grammar of our own (tokens -> syntax tree -> dates), which
is fast, predictable and documented below.  ``dateparser`` is only a fallback of
:func:`parse_when` for whole phrases the grammar does not know ("december 2026", "next month"):
because dateparser fills in what it was not told (a day, a time, a year), anything only it
understood comes back as ``problem="ambiguous"`` with its reading as the suggestion, so the user
always confirms it.  :func:`split_trailing_when` uses the grammar only: it is fast, and it must
never eat ordinary words at the end of a command.

Rules (product rule: an ambiguous or past date is asked again with a suggestion, never guessed)
------------------------------------------------------------------------------------------------
* Everything is interpreted in the team's zone ``tz``; ``now`` may be in any zone but must be
  aware.  Calendar arithmetic (days, weeks, months) works on local dates and then puts the
  wall-clock time on the result, so "morgen 9:00" is 09:00 local on either side of a
  daylight-saving change; "over 2 uur" is two hours of elapsed time.  A wall-clock time that does
  not exist that day (the spring-forward gap) is ``invalid_date`` with the shifted instant as
  suggestion; one that exists twice (the autumn fold) is ``ambiguous``, suggesting the first.
* A date without a time gets ``default_time`` (17:00, the end of the working day).
* ``at`` is always strictly after ``now``; so is every ``suggestion``.
* A bare weekday ("vrijdag", "op vrijdag", "aanstaande vrijdag", "this friday") is the coming one.
  Said on that same weekday it is ``ambiguous`` while today's reading (with the given time or
  ``default_time``) is still ahead, suggesting next week's day (whoever means today says
  "vandaag"); once today's reading has passed it simply is next week's.
* "volgende vrijdag" / "next friday" is the Friday of next calendar week (weeks start on Monday).
  When that differs from the coming Friday (said Monday-Thursday) the phrase is ``ambiguous``,
  suggesting the next-week reading; said Friday-Sunday both readings agree and it is accepted.
  "volgende week vrijdag" / "friday next week" is always next calendar week's Friday;
  "vrijdag over een week" / "a week from friday" is the coming Friday (today counts) + 7 days.
* A date without a year ("15 december", "15-12") is its next occurrence, today included; but one
  that passed less than about two months ago ("1 november" said on 25 November) is ``past``,
  suggesting next year's, because the speaker most likely meant the one just gone.  If it is today and its time has passed it is ``past`` (the
  user meant today), suggesting next year's.  A date with an explicit year in the past is
  ``past``, suggesting the next future occurrence of that day and month.
* A day or time that does not exist ("31 februari", "30-02", "29-02-2027", "32-1", "25:00") is
  ``invalid_date``; nothing rolls over into the next month.
* Numeric dates are day-first (Dutch convention) in both languages.  In English, when both the
  day-first and the month-first reading are real, different dates ("03/04"), the phrase is
  ``ambiguous`` with the day-first suggestion; when only the month-first reading exists
  ("12/15") it is taken.  "14.30" is a time, "15.12.2026" a date; a bare "15.12" is not read.
* Clock hours 1-6 without am/pm or a dagdeel ("om 3 uur", "half 3", "vrijdag 3:00") are
  ``ambiguous``, suggesting the afternoon: nobody in a school care team means three at night.
  A zero-padded hour ("03:00"), "3 uur 's nachts" or "3am" is taken literally.  Dutch "half 3"
  is 2:30.
* "eind van de week" / "end of the week" is the last working day (Friday by default) of this
  week, "eind van de maand" the last working day of the month.  Once that is past it is
  ``ambiguous``, suggesting next week's/month's.  Plain "deze week", "volgende week", "next
  month" name a range, not a day: ``ambiguous``, suggesting the end of that range.
* "voor vrijdag" / "before friday" without a time is ``ambiguous`` (by Friday, or before it?),
  suggesting the strict reading: the working day before, at ``default_time`` (or Friday itself
  when that is no longer ahead).  With a time ("voor 15:00") it is simply that time.
  "uiterlijk", "by", "op", "on", "tot", "until" and "till" in front of a date change nothing.
* A time without a date ("om 14 uur", "at 2pm", "14:00") is today's; once past it is ``past``,
  suggesting the same time tomorrow ("vandaag 8:00" at 10:00 likewise).

:func:`split_trailing_when` also leaves a trailing date alone when the word in front of it shows
that it is not a due date ("over vrijdag", "vorige vrijdag", "elke vrijdag", "in de morgen",
"about friday", "last friday") or, for a numeric date without a year, that it is a count
("groep 7/8", "hoofdstuk 3-4").
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import Callable, Iterable, NamedTuple
from zoneinfo import ZoneInfo

from core.calendar import DEFAULT_WORKDAYS, add_working_days

__all__ = [
    "When", "parse_when", "split_trailing_when", "warm_up", "SUPPORTED_LANGS",
    "UNPARSED", "PAST", "AMBIGUOUS", "INVALID_DATE",
]

UNPARSED = "unparsed"
PAST = "past"
AMBIGUOUS = "ambiguous"
INVALID_DATE = "invalid_date"

SUPPORTED_LANGS = ("nl", "en")

#: how many words at the end of a command :func:`split_trailing_when` considers
MAX_PHRASE_WORDS = 8
#: :func:`parse_when` hands at most this much text that the grammar did not know to dateparser
_FALLBACK_MAX_CHARS = 40
_FALLBACK_MAX_WORDS = 6


@dataclass(frozen=True)
class When:
    """The outcome of reading one date phrase.

    ``at`` is set (aware, in the team's zone, after ``now``) only when the phrase was understood and
    is acceptable; otherwise ``problem`` says why and ``suggestion`` (when not None, also aware and
    after ``now``) is what the bot should offer when it asks again.
    """

    at: datetime | None
    problem: str | None  # None | "unparsed" | "past" | "ambiguous" | "invalid_date"
    suggestion: datetime | None
    phrase: str  # the exact part of the input that was read as the date

    @property
    def ok(self) -> bool:
        return self.at is not None


# --------------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------------

_NUM_WORDS = {
    "nl": {"een": 1, "één": 1, "eén": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6,
           "zeven": 7, "acht": 8, "negen": 9, "tien": 10, "elf": 11, "twaalf": 12, "dertien": 13,
           "veertien": 14, "vijftien": 15, "zestien": 16, "zeventien": 17, "achttien": 18,
           "negentien": 19, "twintig": 20},
    "en": {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
           "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
           "eighteen": 18, "nineteen": 19, "twenty": 20},
}
_HOUR_WORDS = {lang: {w: n for w, n in words.items() if w not in ("a", "an") and n <= 12}
               for lang, words in _NUM_WORDS.items()}

_WEEKDAYS = {
    "nl": {"maandag": 0, "dinsdag": 1, "woensdag": 2, "donderdag": 3, "vrijdag": 4,
           "zaterdag": 5, "zondag": 6},
    # No "sat"/"sun" (ordinary words) and no Dutch two-letter forms ("zo" is "so", "do" ...).
    "en": {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
           "saturday": 5, "sunday": 6, "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3,
           "thur": 3, "thurs": 3, "fri": 4},
}

# Month names are recognised in both languages (they never clash and only count next to a number).
MONTHS = {
    "januari": 1, "january": 1, "jan": 1, "februari": 2, "february": 2, "feb": 2, "febr": 2,
    "maart": 3, "march": 3, "mrt": 3, "mar": 3, "maa": 3, "april": 4, "apr": 4, "mei": 5, "may": 5,
    "juni": 6, "june": 6, "jun": 6, "juli": 7, "july": 7, "jul": 7, "augustus": 8, "august": 8,
    "aug": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "october": 10, "okt": 10,
    "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}

# Calendar units: d = days, w = weeks, m = months, y = years, wd = working days.
_UNITS = {
    "nl": {"dag": "d", "dagen": "d", "week": "w", "weken": "w", "maand": "m", "maanden": "m",
           "jaar": "y", "jaren": "y", "werkdag": "wd", "werkdagen": "wd", "schooldag": "wd",
           "schooldagen": "wd"},
    "en": {"day": "d", "days": "d", "week": "w", "weeks": "w", "month": "m", "months": "m",
           "year": "y", "years": "y", "working day": "wd", "working days": "wd", "work day": "wd",
           "work days": "wd", "workday": "wd", "workdays": "wd", "business day": "wd",
           "business days": "wd", "school day": "wd", "school days": "wd"},
}
# Clock units in minutes ("over 2 uur", "in 30 minutes").
_CLOCK_UNITS = {
    "nl": {"uur": 60, "uren": 60, "minuut": 1, "minuten": 1, "min": 1},
    "en": {"hour": 60, "hours": 60, "minute": 1, "minutes": 1, "min": 1, "mins": 1},
}
_CLOCK_SPECIAL = {
    "nl": {"een kwartier": 15, "kwartier": 15, "een half uur": 30, "half uur": 30,
           "anderhalf uur": 90},
    "en": {"half an hour": 30, "a quarter of an hour": 15, "an hour and a half": 90},
}

_DAYPARTS = {
    "nl": {"'s ochtends": "am", "'s morgens": "am", "'s middags": "pm", "'s avonds": "pm",
           "'s nachts": "night"},
    "en": {"in the morning": "am", "in the afternoon": "pm", "in the evening": "pm",
           "at night": "night"},
}

# Words that may stand in front of a whole phrase without changing it.
# ("tot" / "until": "!uitstel 1 tot 20 december" says the same as "!uitstel 1 20 december".)
_LEADING_FILLER = {"nl": ("op", "uiterlijk", "tot"), "en": ("on", "by", "until", "till")}
_BEFORE = {"nl": "voor", "en": "before"}

# split_trailing_when: a date right after one of these is not a due date.
_GUARD_WORDS = {
    "nl": {"over", "van", "sinds", "na", "vorige", "afgelopen", "elke", "iedere", "ieder", "de",
           "een", "vanaf", "tijdens", "vóór"},
    "en": {"about", "of", "since", "after", "last", "past", "every", "each", "the", "a", "an",
           "from", "during"},
}
# ... and a numeric date without a year right after one of these is a count ("groep 7/8").
_COUNT_NOUNS = {
    "groep", "groepen", "klas", "klassen", "leerjaar", "jaar", "hoofdstuk", "hoofdstukken",
    "paragraaf", "pagina", "paginas", "pagina's", "blz", "blz.", "p", "p.", "les", "lessen",
    "opdracht", "opdrachten", "vraag", "vragen", "nr", "nr.", "nummer", "stap", "stappen",
    "cijfer", "score", "niveau", "versie", "group", "grade", "class", "year", "chapter",
    "chapters", "page", "pages", "pp", "pp.", "lesson", "lessons", "step", "steps", "question",
    "questions", "no", "no.", "number", "level", "version", "mark", "item", "items", "deel",
    "part", "week", "weken", "weeks",
}


def _alt(words: Iterable[str]) -> str:
    """A regex alternation of literal words, longest first so that "tues" wins over "tue"."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


class _Rx(NamedTuple):
    """The compiled regular expressions of one language."""

    date_rules: tuple  # (pattern, builder) pairs, tried in order on the joined date tokens
    time_num: re.Pattern
    time_word: re.Pattern
    time_part: re.Pattern
    time_noon: re.Pattern
    clock: re.Pattern
    clock_special: re.Pattern
    vocab: frozenset


_NUM = r"[0-9]{1,4}"
_D = r"[0-9]{1,2}"
_Y = r"[0-9]{4}|[0-9]{2}"


def _num(token: str, lang: str) -> int:
    return int(token) if token.isascii() and token.isdigit() else _NUM_WORDS[lang][token]


def _year(text: str | None) -> int | None:
    if text is None:
        return None
    year = int(text)
    return 2000 + year if len(text) == 2 else year


# ---- syntax trees --------------------------------------------------------------------------------
# Dates:   ("rel", days) ("rel_plus", days, n, unit) ("wd", wd) ("next_wd", wd) ("wd_week", wd, k)
#          ("wd_plus", wd, n, unit) ("offset", n, unit) ("end", "week"|"month", k)
#          ("range", "week"|"month", k) ("dm", d, m, y|None) ("amb_dm", dm, other_dm) ("dom", d)
#          ("wd_abs", wd, abs)   -- k: 0 = this week/month, 1 = the next one
# Times:   ("t", hour, minute, alt_hour|None) or ("bad_time",)
# Phrase:  _Phrase(before, date, time, clock_minutes)


class _Phrase(NamedTuple):
    before: bool
    date: tuple | None
    time: tuple | None
    clock: int | None  # minutes from now ("over 2 uur")
    numeric_only: bool  # a yearless numeric date and nothing else ("7/8"), for split guards


def _dm_tree(d: int, m: int, y: int | None) -> tuple:
    return ("dm", d, m, y)


def _numeric_tree(lang: str, a: int, b: int, y: int | None) -> tuple:
    """Day-first a-b(-y); English may fall back to, or be torn with, the month-first reading."""
    day_first = _dm_exists(a, b, y)
    if lang != "en":
        return _dm_tree(a, b, y)
    month_first = _dm_exists(b, a, y)
    if day_first and month_first and a != b:
        return ("amb_dm", _dm_tree(a, b, y), _dm_tree(b, a, y))
    if not day_first and month_first:
        return _dm_tree(b, a, y)
    return _dm_tree(a, b, y)


def _dm_exists(d: int, m: int, y: int | None) -> bool:
    if not (1 <= m <= 12 and d >= 1):
        return False
    if y is None:
        return d <= (29 if m == 2 else _days_in_month(2000 + (m != 2), m))
    return 1 <= y <= 9999 and d <= _days_in_month(y, m)


def _days_in_month(y: int, m: int) -> int:
    if m == 12:
        return 31
    return (date(y, m + 1, 1) - date(y, m, 1)).days


def _build_rx(lang: str) -> _Rx:
    wd_map = _WEEKDAYS[lang]
    WD = f"(?P<wd>{_alt(wd_map)})"
    MON = f"(?P<mon>{_alt(MONTHS)})\\.?"
    N = f"(?P<n>{_NUM}|{_alt(_NUM_WORDS[lang])})"
    UNIT = f"(?P<unit>{_alt(_UNITS[lang])})"
    units = _UNITS[lang]
    rules: list = []

    def rule(pattern: str, build: Callable[[re.Match], tuple]) -> None:
        rules.append((re.compile(pattern), build))

    wd = lambda m: wd_map[m["wd"]]  # noqa: E731
    dur = lambda m: (_num(m["n"], lang), units[m["unit"]])  # noqa: E731
    mon = lambda m: MONTHS[m["mon"]]  # noqa: E731

    if lang == "nl":
        REL = "(?P<rel>vandaag|morgen|overmorgen)"
        rel_days = {"vandaag": 0, "morgen": 1, "overmorgen": 2}
        rule(REL, lambda m: ("rel", rel_days[m["rel"]]))
        rule(f"{REL} over {N} {UNIT}", lambda m: ("rel_plus", rel_days[m["rel"]], *dur(m)))
        rule(f"(?:(?:deze|aanstaande|komende) )?{WD}(?: a\\.s\\.?)?", lambda m: ("wd", wd(m)))
        rule(f"volgende {WD}", lambda m: ("next_wd", wd(m)))
        for pattern in (f"volgende week (?:op )?{WD}", f"{WD} (?:van )?volgende week"):
            rule(pattern, lambda m: ("wd_week", wd(m), 1))
        for pattern in (f"deze week (?:op )?{WD}", f"{WD} (?:van )?deze week"):
            rule(pattern, lambda m: ("wd_week", wd(m), 0))
        rule(f"{WD} over {N} (?P<unit>weken|week|dagen|dag)", lambda m: ("wd_plus", wd(m), *dur(m)))
        rule(f"(?:over|binnen) {N} {UNIT}", lambda m: ("offset", *dur(m)))
        rule("(?:aan )?(?:het )?(?:eind|einde) (?:van )?(?:de |deze )?(?P<u>week|maand)",
             lambda m: ("end", _RANGE[m["u"]], 0))
        rule("(?:aan )?(?:het )?(?:eind|einde) (?:van )?(?:de )?volgende (?P<u>week|maand)",
             lambda m: ("end", _RANGE[m["u"]], 1))
        rule("(?P<k>deze|volgende|komende) (?P<u>week|maand)",
             lambda m: ("range", _RANGE[m["u"]], 0 if m["k"] == "deze" else 1))
        ORD = "(?:e|de|ste)?"
        rule(f"(?:de )?(?P<d>{_D}){ORD} {MON}(?: (?P<y>{_Y}))?",
             lambda m: _dm_tree(int(m["d"]), mon(m), _year(m["y"])))
        rule(f"{MON} (?P<d>{_D}){ORD}(?: (?P<y>{_Y}))?",
             lambda m: _dm_tree(int(m["d"]), mon(m), _year(m["y"])))
        rule(f"de (?P<d>{_D})(?:e|de|ste)", lambda m: ("dom", int(m["d"])))
    else:
        REL = "(?P<rel>today|tomorrow|(?:the )?day after tomorrow)"
        rel_days = {"today": 0, "tomorrow": 1}
        rel = lambda m: rel_days.get(m["rel"], 2)  # noqa: E731
        rule(REL, lambda m: ("rel", rel(m)))
        rule(f"{N} {UNIT} from {REL}", lambda m: ("rel_plus", rel(m), *dur(m)))
        rule(f"{N} {UNIT} from now", lambda m: ("offset", *dur(m)))
        rule(f"(?:this coming |this |coming )?{WD}", lambda m: ("wd", wd(m)))
        rule(f"next {WD}", lambda m: ("next_wd", wd(m)))
        for pattern in (f"next week (?:on )?{WD}", f"{WD} (?:of )?next week"):
            rule(pattern, lambda m: ("wd_week", wd(m), 1))
        for pattern in (f"this week (?:on )?{WD}", f"{WD} (?:of )?this week"):
            rule(pattern, lambda m: ("wd_week", wd(m), 0))
        rule(f"{N} (?P<unit>weeks|week|days|day) from {WD}", lambda m: ("wd_plus", wd(m), *dur(m)))
        rule(f"(?:in|within) {N} {UNIT}(?: time)?", lambda m: ("offset", *dur(m)))
        rule("(?:at )?(?:the )?end of (?:the |this )?(?P<u>week|month)",
             lambda m: ("end", _RANGE[m["u"]], 0))
        rule("(?:at )?(?:the )?end of (?:the )?next (?P<u>week|month)",
             lambda m: ("end", _RANGE[m["u"]], 1))
        rule("(?P<k>this|next|coming) (?P<u>week|month)",
             lambda m: ("range", _RANGE[m["u"]], 0 if m["k"] == "this" else 1))
        ORD = "(?:st|nd|rd|th)?"
        rule(f"(?:the )?(?P<d>{_D}){ORD} (?:of )?{MON}(?: (?P<y>{_Y}))?",
             lambda m: _dm_tree(int(m["d"]), mon(m), _year(m["y"])))
        rule(f"{MON} (?:the )?(?P<d>{_D}){ORD}(?: (?P<y>{_Y}))?",
             lambda m: _dm_tree(int(m["d"]), mon(m), _year(m["y"])))
        rule(f"the (?P<d>{_D})(?:st|nd|rd|th)", lambda m: ("dom", int(m["d"])))

    # Numeric forms, same in both languages (the English reading may be ambiguous, see above).
    rule(f"(?P<a>{_D})(?P<sep>[-/])(?P<b>{_D})(?:(?P=sep)(?P<y>{_Y}))?",
         lambda m: _numeric_tree(lang, int(m["a"]), int(m["b"]), _year(m["y"])))
    rule(f"(?P<a>{_D})\\.(?P<b>{_D})\\.(?P<y>{_Y})",
         lambda m: _numeric_tree(lang, int(m["a"]), int(m["b"]), _year(m["y"])))
    rule(r"(?P<y>[0-9]{4})-(?P<b>[0-9]{1,2})-(?P<a>[0-9]{1,2})",
         lambda m: _dm_tree(int(m["a"]), int(m["b"]), int(m["y"])))

    PRE = "(?:(?P<pre>om|at|@) )?"
    AP = r"(?P<ap>am|pm|a\.m\.?|p\.m\.?)"
    PART = f"(?P<part>{_alt(_DAYPARTS[lang])})"
    HW = f"(?P<hw>{_alt(_HOUR_WORDS[lang])})"
    time_num = re.compile(
        f"{PRE}(?P<h>[0-9]{{1,2}})(?:(?P<sep>[:.]|u)(?P<m>[0-9]{{2}})|(?P<u>u))?"
        f"(?: ?{AP})?(?: (?P<uur>uur|o'clock))?(?: {PART})?")
    time_word = re.compile(f"{PRE}{HW}(?: ?{AP})?(?: (?P<uur>uur|o'clock))?(?: {PART})?")
    if lang == "nl":
        half = "(?P<kind>half|kwart over|kwart voor)"
    else:
        half = "(?P<kind>half past|quarter past|quarter to)"
    time_part = re.compile(
        f"{PRE}{half} (?:(?P<hn>[0-9]{{1,2}})|{HW})(?: ?{AP})?(?: {PART})?")
    time_noon = re.compile(f"{PRE}(?:12 )?(?P<noon>noon|midday|middag)")

    clock = re.compile(
        f"(?:{'over|binnen' if lang == 'nl' else 'in|within'}) {N} "
        f"(?P<cu>{_alt(_CLOCK_UNITS[lang])})")
    clock_special = re.compile(
        f"(?:{'over|binnen' if lang == 'nl' else 'in|within'}) "
        f"(?P<sp>{_alt(_CLOCK_SPECIAL[lang])})")

    vocab = set(_WEEKDAYS[lang]) | set(_NUM_WORDS[lang]) | {"'s", "@", "a.s", "a.s.", "o'clock"}
    vocab |= {w.rstrip(".") for w in MONTHS} | {w + "." for w in MONTHS}
    for phrase_table in (_UNITS[lang], _CLOCK_UNITS[lang], _CLOCK_SPECIAL[lang], _DAYPARTS[lang]):
        for key in phrase_table:
            vocab.update(key.split())
    vocab.update(_LEADING_FILLER[lang])
    vocab.add(_BEFORE[lang])
    if lang == "nl":
        vocab |= {"vandaag", "morgen", "overmorgen", "over", "binnen", "deze", "aanstaande",
                  "komende", "volgende", "week", "maand", "van", "de", "aan", "het", "eind",
                  "einde", "om", "half", "kwart", "voor", "uur", "middag", "e", "ste"}
    else:
        vocab |= {"today", "tomorrow", "the", "day", "after", "from", "now", "this", "coming",
                  "next", "week", "month", "of", "in", "within", "time", "at", "end", "half",
                  "past", "quarter", "to", "am", "pm", "a.m", "a.m.", "p.m", "p.m.", "noon",
                  "midday"}
    return _Rx(tuple(rules), time_num, time_word, time_part, time_noon, clock, clock_special,
               frozenset(vocab))


_RANGE = {"week": "week", "maand": "month", "month": "month"}
_NUMERICISH = re.compile(
    r"[0-9][0-9:./\-]*(?:u[0-9]{0,2})?(?:am|pm|a\.m\.?|p\.m\.?|e|de|ste|st|nd|rd|th)?")

_RX: dict[str, _Rx] = {}
_RX_LOCK = threading.Lock()


def _rx(lang: str) -> _Rx:
    try:
        return _RX[lang]
    except KeyError:
        with _RX_LOCK:
            if lang not in _RX:
                _RX[lang] = _build_rx(lang)
        return _RX[lang]


def _norm_lang(lang: str) -> str:
    base = (lang or "").replace("_", "-").split("-")[0].lower()
    if base not in SUPPORTED_LANGS:
        raise ValueError(f"unsupported language {lang!r}; expected one of {SUPPORTED_LANGS}")
    return base


# ---- tokens --------------------------------------------------------------------------------------

_TOKEN = re.compile(r"\S+")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})


class _Tok(NamedTuple):
    norm: str
    start: int
    end: int  # end of the part of the original text that belongs to the token


def _tokens(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    matches = list(_TOKEN.finditer(text))
    for i, m in enumerate(matches):
        raw = m.group()
        strip = ",;:" if i < len(matches) - 1 else ",;:.!?"
        kept = raw.rstrip(strip)
        if not kept:
            # A lone punctuation mark: keep it as a token that matches nothing.
            toks.append(_Tok(raw, m.start(), m.end()))
            continue
        # Keep the dot of an abbreviation at the very end ("15 dec.", "2 p.m.").
        if i == len(matches) - 1 and raw[len(kept):].startswith(".") and (
                kept.lower() in MONTHS or kept.lower() in ("p.m", "a.m", "a.s")):
            kept += "."
        norm = kept.lower().translate(_QUOTES)
        toks.append(_Tok(norm, m.start(), m.start() + len(kept)))
    return toks


def _dateish(token: str, rx: _Rx) -> bool:
    return token in rx.vocab or _NUMERICISH.fullmatch(token) is not None


# ---- grammar ------------------------------------------------------------------------------------

def _parse_date(s: str, lang: str) -> tuple | None:
    rx = _rx(lang)
    for pattern, build in rx.date_rules:
        m = pattern.fullmatch(s)
        if m:
            return build(m)
    # "vrijdag 15 december", "friday, december 15th"
    words = s.split(" ", 1)
    if len(words) == 2 and words[0] in _WEEKDAYS[lang]:
        inner = _parse_date(words[1], lang)
        if inner is not None and inner[0] in ("dm", "amb_dm"):
            return ("wd_abs", _WEEKDAYS[lang][words[0]], inner)
    return None


def _hour_from(h: int, ap: str | None, part: str | None, literal: bool) -> tuple:
    """Apply am/pm or a dagdeel to a clock hour; flag 1-6 without either as ambiguous."""
    if ap:
        if not 1 <= h <= 12:
            return ("bad",)
        return ((h % 12) + (12 if ap.startswith("p") else 0), None)
    if part == "am":
        if h > 12:
            return ("bad",)
        return (h % 12, None)
    if part == "pm":
        if h == 0 or h > 23:
            return ("bad",)
        return (h + 12 if h < 12 else h, None)
    if part == "night":
        if h > 23:
            return ("bad",)
        return (0 if h == 12 else h + 12 if 7 <= h <= 11 else h, None)
    if h > 23:
        return ("bad",)
    if 1 <= h <= 6 and not literal:
        return (h, h + 12)
    return (h, None)


def _time_tree(hour: int, minute: int, ap, part, literal: bool) -> tuple:
    if not 0 <= minute <= 59:
        return ("bad_time",)
    res = _hour_from(hour, ap, part, literal)
    if res[0] == "bad":
        return ("bad_time",)
    return ("t", res[0], minute, res[1])


def _parse_time(s: str, lang: str, with_date: bool) -> tuple | None:
    """A clock time.  Without a date next to it only unmistakable forms count ("om 14 uur",
    "14:00", "2pm"), so that "groep 8" or "versie 2.5" never become times."""
    rx = _rx(lang)
    parts = _DAYPARTS[lang]
    m = rx.time_num.fullmatch(s)
    if m:
        sep, ap, pre = m["sep"], m["ap"], m["pre"]
        part = parts[m["part"]] if m["part"] else None
        if sep == "u" or m["u"]:
            if lang != "nl":
                return None
        strong = bool(pre or sep == ":" or ap)
        if with_date:
            if not (strong or sep or m["u"] or m["uur"] or part):
                return None
        elif not strong:
            return None
        if m["uur"] == "o'clock" and lang != "en" or m["uur"] == "uur" and lang != "nl":
            return None
        literal = len(m["h"]) == 2 and m["h"].startswith("0") and bool(sep)
        return _time_tree(int(m["h"]), int(m["m"] or 0), ap, part, literal)
    m = rx.time_word.fullmatch(s)
    if m:
        if not (m["pre"] or m["ap"] or m["uur"]) or (not with_date and not (m["pre"] or m["ap"])):
            return None
        part = parts[m["part"]] if m["part"] else None
        return _time_tree(_HOUR_WORDS[lang][m["hw"]], 0, m["ap"], part, False)
    m = rx.time_part.fullmatch(s)
    if m:
        if not with_date and not (m["pre"] or m["ap"]):
            return None
        n = int(m["hn"]) if m["hn"] else _HOUR_WORDS[lang][m["hw"]]
        if not 1 <= n <= 12:
            return ("bad_time",)
        kind = m["kind"]
        part = parts[m["part"]] if m["part"] else None
        if kind in ("half", "kwart voor", "quarter to"):
            hour = n - 1 if n > 1 else 12
            minute = 30 if kind == "half" else 45
        else:
            hour, minute = n, 30 if kind == "half past" else 15
        return _time_tree(hour, minute, m["ap"], part, False)
    m = rx.time_noon.fullmatch(s)
    if m and (m["noon"] != "middag" or lang == "nl" and m["pre"]):
        return ("t", 12, 0, None)
    return None


def _parse_clock(s: str, lang: str) -> int | None:
    rx = _rx(lang)
    m = rx.clock_special.fullmatch(s)
    if m:
        return _CLOCK_SPECIAL[lang][m["sp"]]
    m = rx.clock.fullmatch(s)
    if m:
        return _num(m["n"], lang) * _CLOCK_UNITS[lang][m["cu"]]
    return None


@lru_cache(maxsize=8192)
def _parse_phrase(words: tuple[str, ...], lang: str) -> _Phrase | None:
    """The syntax of a whole phrase (already normalised words), or None.  Independent of `now`."""
    if not words:
        return None
    before = False
    if words[0] == _BEFORE[lang] and len(words) > 1:
        before, words = True, words[1:]
    filler = _LEADING_FILLER[lang]
    for _ in range(2):
        if len(words) > 1 and words[0] in filler:
            words = words[1:]
    s = " ".join(words)

    clock = _parse_clock(s, lang)
    if clock is not None:
        return _Phrase(before, None, None, clock, False)
    d = _parse_date(s, lang)
    if d is not None:
        # a lone yearless numeric date ("7/8"): split_trailing_when checks the word before it
        numeric_only = (len(words) == 1 and words[0][:1].isdigit()
                        and d[0] in ("dm", "amb_dm") and not any(ch in words[0] for ch in ".")
                        and len(re.split(r"[-/]", words[0])) == 2)
        return _Phrase(before, d, None, None, numeric_only)
    connectors = ("op", "on")
    for cut in range(1, len(words)):
        head, tail = " ".join(words[:cut]), " ".join(words[cut:])
        # date, then time ("morgen 9:00", "vrijdag om 14 uur", "friday at 2pm")
        d = _parse_date(head, lang)
        if d is not None:
            t = _parse_time(tail, lang, with_date=True)
            if t is not None:
                return _Phrase(before, d, t, None, False)
        # time, then date ("om 9 uur morgen", "2pm on friday")
        t = _parse_time(head, lang, with_date=True)
        if t is not None:
            rest = words[cut:]
            if len(rest) > 1 and rest[0] in connectors:
                rest = rest[1:]
            d = _parse_date(" ".join(rest), lang)
            if d is not None:
                return _Phrase(before, d, t, None, False)
    t = _parse_time(s, lang, with_date=False)
    if t is not None:
        return _Phrase(before, None, t, None, False)
    return None


# --------------------------------------------------------------------------------------------------
# Meaning: syntax tree + now -> When
# --------------------------------------------------------------------------------------------------

class _Ctx(NamedTuple):
    now: datetime
    tz: tzinfo
    today: date
    default_time: time
    workdays: frozenset
    holidays: frozenset


@dataclass
class _Day:
    """A resolved date part: a day plus how to find the next candidate when it is past."""

    day: date | None = None
    bump: Callable[[date], date | None] | None = None
    same_day_ambiguous: bool = False  # bare weekday that falls on today
    past_problem: str = PAST
    problem: str | None = None  # INVALID_DATE | AMBIGUOUS
    alt: "_Day | None" = None  # the suggested reading when AMBIGUOUS


def _plus_days(n: int) -> Callable[[date], date]:
    return lambda d: d + timedelta(days=n)


def _add_months(d: date, months: int) -> date:
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(d.day, _days_in_month(year, month)))


def _add(start: date, n: int, unit: str, ctx: _Ctx) -> date:
    if unit == "d":
        return start + timedelta(days=n)
    if unit == "w":
        return start + timedelta(weeks=n)
    if unit == "m":
        return _add_months(start, n)
    if unit == "y":
        return _add_months(start, 12 * n)
    if n > 5000:  # working days: keep the loop in add_working_days short
        raise OverflowError
    return add_working_days(start, n, ctx.workdays, ctx.holidays)


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _end_of_week(monday: date, ctx: _Ctx) -> date:
    for i in range(6, -1, -1):
        day = monday + timedelta(days=i)
        if day.weekday() in ctx.workdays and day not in ctx.holidays:
            return day
    return monday + timedelta(days=max(ctx.workdays) if ctx.workdays else 4)


def _end_of_month(year: int, month: int, ctx: _Ctx) -> date:
    last = date(year, month, _days_in_month(year, month))
    day = last
    while day.day > 1 and (day.weekday() not in ctx.workdays or day in ctx.holidays):
        day -= timedelta(days=1)
    return day if day.weekday() in ctx.workdays and day not in ctx.holidays else last


def _range_end(unit: str, ahead: int, ctx: _Ctx, base: date | None = None) -> date:
    base = base or ctx.today
    if unit == "week":
        return _end_of_week(_monday(base) + timedelta(weeks=ahead), ctx)
    first = _add_months(base.replace(day=1), ahead)
    return _end_of_month(first.year, first.month, ctx)


# A yearless date this long ago or less is taken for the one just passed (and asked about).
RECENTLY_PASSED = timedelta(days=62)


def _next_dm(d: int, m: int, first_year: int) -> date | None:
    """The first date d-m in a year >= first_year (29 February waits for a leap year)."""
    for year in range(max(first_year, 1), min(first_year + 9, 10000)):
        if _dm_exists(d, m, year):
            return date(year, m, d)
    return None


def _resolve(tree: tuple, ctx: _Ctx) -> _Day:
    try:
        return _resolve_unchecked(tree, ctx)
    except (OverflowError, ValueError):  # beyond year 9999 and similar
        return _Day(problem=INVALID_DATE)


def _resolve_unchecked(tree: tuple, ctx: _Ctx) -> _Day:
    kind, today = tree[0], ctx.today
    if kind == "rel":
        return _Day(today + timedelta(days=tree[1]), _plus_days(1))
    if kind == "rel_plus":
        return _Day(_add(today + timedelta(days=tree[1]), tree[2], tree[3], ctx), _plus_days(1))
    if kind == "offset":
        return _Day(_add(today, tree[1], tree[2], ctx), _plus_days(1))
    if kind == "wd":
        day = today + timedelta(days=(tree[1] - today.weekday()) % 7)
        return _Day(day, _plus_days(7), same_day_ambiguous=day == today)
    if kind == "next_wd":
        coming = today + timedelta(days=(tree[1] - today.weekday() - 1) % 7 + 1)
        next_week = _monday(today) + timedelta(days=7 + tree[1])
        if coming == next_week:
            return _Day(coming, _plus_days(7))
        return _Day(problem=AMBIGUOUS, alt=_Day(next_week, _plus_days(7)))
    if kind == "wd_week":
        return _Day(_monday(today) + timedelta(days=7 * tree[2] + tree[1]), _plus_days(7))
    if kind == "wd_plus":
        base = today + timedelta(days=(tree[1] - today.weekday()) % 7)
        return _Day(_add(base, tree[2], tree[3], ctx), _plus_days(7))
    if kind == "end":
        unit = tree[1]
        nxt = lambda d: _range_end(unit, 1, ctx, base=d)  # noqa: E731
        return _Day(_range_end(unit, tree[2], ctx), nxt, past_problem=AMBIGUOUS)
    if kind == "range":
        return _Day(problem=AMBIGUOUS, alt=_resolve(("end", tree[1], tree[2]), ctx))
    if kind == "dm":
        d, m, y = tree[1], tree[2], tree[3]
        if not _dm_exists(d, m, y):
            return _Day(problem=INVALID_DATE)
        bump = lambda prev: _next_dm(d, m, max(prev.year + 1, today.year))  # noqa: E731
        if y is None:
            day = _next_dm(d, m, today.year)
            # "1 november" said on 25 November almost surely means the one just gone: keep it, so it is
            # reported as past (with next year's as the suggestion) instead of silently planned
            # eleven months ahead.
            if day is not None and day < today and today - day > RECENTLY_PASSED:
                day = _next_dm(d, m, today.year + 1)
            if day is None:
                return _Day(problem=INVALID_DATE)
            return _Day(day, bump)
        return _Day(date(y, m, d), bump)
    if kind == "amb_dm":
        return _Day(problem=AMBIGUOUS, alt=_resolve(tree[1], ctx))
    if kind == "dom":
        d = tree[1]
        if not 1 <= d <= 31:
            return _Day(problem=INVALID_DATE)

        def next_dom(after: date) -> date | None:
            first = after.replace(day=1)
            for i in range(13):
                month = _add_months(first, i)
                if d <= _days_in_month(month.year, month.month):
                    candidate = month.replace(day=d)
                    if candidate >= after:
                        return candidate
            return None

        return _Day(next_dom(today), lambda prev: next_dom(prev + timedelta(days=1)))
    if kind == "wd_abs":
        inner = _resolve(tree[2], ctx)
        if inner.problem is None and inner.day is not None and inner.day.weekday() != tree[1]:
            # "vrijdag 15 december" but the 15th is no Friday: ask, offering the date.
            return _Day(problem=AMBIGUOUS, alt=inner)
        return inner
    raise AssertionError(kind)  # pragma: no cover


def _localize(day: date, at: time, tz: tzinfo) -> tuple[datetime, str | None]:
    """Wall-clock `at` on `day` in `tz`, plus "gap" (does not exist) or "fold" (exists twice)."""
    naive = datetime.combine(day, at)
    first = naive.replace(tzinfo=tz, fold=0)
    real = first.astimezone(timezone.utc).astimezone(tz)
    if real.replace(tzinfo=None) != naive:
        return real, "gap"
    if first.utcoffset() != naive.replace(tzinfo=tz, fold=1).utcoffset():
        return real, "fold"
    return real, None


def _evaluate(dp: _Day, t: tuple | None, ctx: _Ctx) -> tuple[datetime | None, str | None,
                                                              datetime | None]:
    """(at, problem, suggestion) for a resolved date part and an optional time tree."""
    if dp.problem == INVALID_DATE or (t is not None and t[0] == "bad_time"):
        return None, INVALID_DATE, None
    if dp.problem == AMBIGUOUS:
        at, _, sug = _evaluate(dp.alt, t, ctx) if dp.alt else (None, None, None)
        return None, AMBIGUOUS, at or sug
    if t is not None and t[3] is not None:  # clock hour 1-6: suggest the afternoon
        at, _, sug = _evaluate(dp, ("t", t[3], t[2], None), ctx)
        return None, AMBIGUOUS, at or sug
    clock = time(t[1], t[2]) if t is not None else ctx.default_time
    day = dp.day
    if dp.same_day_ambiguous:
        today_at, _ = _localize(day, clock, ctx.tz)
        later, _ = _localize(day + timedelta(days=7), clock, ctx.tz)
        if today_at > ctx.now:
            return None, AMBIGUOUS, later
        day = day + timedelta(days=7)
    at, issue = _localize(day, clock, ctx.tz)
    if at <= ctx.now:
        return None, dp.past_problem, _next_future(day, clock, dp.bump, ctx)
    if issue == "gap":
        return None, INVALID_DATE, at
    if issue == "fold":
        return None, AMBIGUOUS, at
    return at, None, None


def _next_future(day: date, clock: time, bump, ctx: _Ctx) -> datetime | None:
    if bump is None:
        return None
    try:
        for _ in range(16):
            day = bump(day)
            if day is None:
                return None
            candidate, _ = _localize(day, clock, ctx.tz)
            if candidate > ctx.now:
                return candidate
    except (OverflowError, ValueError):
        return None
    return None


def _meaning(ph: _Phrase, ctx: _Ctx) -> tuple[datetime | None, str | None, datetime | None]:
    if ph.clock is not None:
        try:
            at = (ctx.now.astimezone(timezone.utc) + timedelta(minutes=ph.clock)).astimezone(ctx.tz)
        except OverflowError:
            return None, INVALID_DATE, None
        at = at.replace(second=0, microsecond=0)
        if at <= ctx.now:
            return None, PAST, None
        return at, None, None
    if ph.date is None:  # a time alone is today's
        dp = _Day(ctx.today, _plus_days(1))
    else:
        dp = _resolve(ph.date, ctx)
    try:
        at, problem, suggestion = _evaluate(dp, ph.time, ctx)
    except (OverflowError, ValueError):  # e.g. 31-12-9999 23:00 west of Greenwich
        return None, INVALID_DATE, None
    if ph.before and ph.time is None and at is not None:
        # "voor maandag": by Monday, or before it?  Offer the strict reading: the working day
        # before (Friday for a Monday), or the day itself when that is no longer ahead.
        eve = at.date() - timedelta(days=1)
        for _ in range(7):
            if eve.weekday() in ctx.workdays and eve not in ctx.holidays:
                break
            eve -= timedelta(days=1)
        eve_at, _ = _localize(eve, ctx.default_time, ctx.tz)
        return None, AMBIGUOUS, eve_at if eve_at > ctx.now else at
    return at, problem, suggestion


# --------------------------------------------------------------------------------------------------
# dateparser fallback (lazy: importing and the first parse per language cost ~0.1-0.2 s)
# --------------------------------------------------------------------------------------------------

_DP_LOCK = threading.Lock()
_DP_READY: set[str] = set()


def _dateparser_parse(text: str, lang: str, base: datetime) -> datetime | None:
    from dateparser.date import DateDataParser  # lazy: heavy import

    settings = {
        "PREFER_DATES_FROM": "future",
        # naive wall-clock in, naive wall-clock out: we put the zone on ourselves (DST-correct)
        "RELATIVE_BASE": base,
        "RETURN_AS_TIMEZONE_AWARE": False,
        "STRICT_PARSING": False,
    }
    # A DateDataParser carries its RELATIVE_BASE in its settings, so one is made per call; the
    # expensive part (loading the language data) is cached by dateparser after the first call.
    parser = DateDataParser(languages=[lang], settings=settings)
    return parser.get_date_data(text).date_obj


def warm_up(langs: Iterable[str] = SUPPORTED_LANGS) -> None:
    """Load dateparser and its language data now instead of on the first unknown phrase."""
    base = datetime(2000, 1, 3, 12, 0)
    for lang in langs:
        lang = _norm_lang(lang)
        _rx(lang)
        with _DP_LOCK:
            if lang in _DP_READY:
                continue
            _dateparser_parse("morgen" if lang == "nl" else "tomorrow", lang, base)
            _DP_READY.add(lang)


def _fallback(text: str, lang: str, ctx: _Ctx) -> tuple[datetime | None, str | None,
                                                          datetime | None] | None:
    if (len(text) > _FALLBACK_MAX_CHARS or len(text.split()) > _FALLBACK_MAX_WORDS
            or not any(ch.isalpha() for ch in text) or not text.isprintable()):
        return None
    local_now = ctx.now.astimezone(ctx.tz).replace(tzinfo=None)
    try:
        found = _dateparser_parse(text, lang, local_now)
        if found is None:
            return None
        found = found.replace(tzinfo=None)
        clock = found.time()
        if clock in (time(0, 0), local_now.time()):  # dateparser had no time: use ours
            clock = ctx.default_time
        guess, _ = _localize(found.date(), clock, ctx.tz)
    except Exception:  # dateparser is a best-effort helper; it must never break a command
        return None
    if guess <= ctx.now:
        return None, PAST, None
    return None, AMBIGUOUS, guess


# --------------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------------

def _ctx(now: datetime, tz: tzinfo, default_time: time, workdays, holidays) -> _Ctx:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be an aware datetime")
    local = now.astimezone(tz)
    return _Ctx(now, tz, local.date(), default_time.replace(tzinfo=None),
                frozenset(workdays), frozenset(holidays))


def parse_when(text: str, *, now: datetime, tz: ZoneInfo | tzinfo, lang: str = "nl",
               default_time: time = time(17, 0), workdays: Iterable[int] = DEFAULT_WORKDAYS,
               holidays: Iterable[date] = ()) -> When:
    """Read `text` as a whole as a due date (see the module docstring for the rules).

    Never raises on any text (only on a naive `now` or an unsupported `lang`).
    """
    lang = _norm_lang(lang)
    ctx = _ctx(now, tz, default_time, workdays, holidays)
    toks = _tokens(text)
    if not toks:
        return When(None, UNPARSED, None, "")
    phrase = text[toks[0].start:toks[-1].end]
    rx = _rx(lang)
    syntax = None
    if len(toks) <= MAX_PHRASE_WORDS and all(_dateish(t.norm, rx) for t in toks):
        syntax = _parse_phrase(tuple(t.norm for t in toks), lang)
    if syntax is not None:
        at, problem, suggestion = _meaning(syntax, ctx)
    else:
        found = _fallback(phrase, lang, ctx)
        if found is None:
            return When(None, UNPARSED, None, phrase)
        at, problem, suggestion = found
    return When(at, problem, suggestion, phrase)


def split_trailing_when(text: str, *, now: datetime, tz: ZoneInfo | tzinfo, lang: str = "nl",
                        default_time: time = time(17, 0),
                        workdays: Iterable[int] = DEFAULT_WORKDAYS,
                        holidays: Iterable[date] = ()) -> tuple[str, When | None]:
    """Split a one-line command into (rest, When) at the longest date phrase at its end.

    "huisbezoek plannen Z-17 vrijdag" -> ("huisbezoek plannen Z-17", When(... phrase="vrijdag")).
    Returns (text stripped, None) when the text does not end in a date phrase.  A phrase with a
    problem (past, ambiguous, invalid) is still split off, so the bot can ask about it.  Only our
    own grammar is used here (no dateparser), and only the last MAX_PHRASE_WORDS words are tried.
    """
    lang = _norm_lang(lang)
    ctx = _ctx(now, tz, default_time, workdays, holidays)
    toks = _tokens(text)
    rx = _rx(lang)
    # Only a run of date-ish words at the very end can be (part of) the phrase.
    first = len(toks)
    while first > 0 and len(toks) - first < MAX_PHRASE_WORDS and _dateish(toks[first - 1].norm, rx):
        first -= 1
    for start in range(first, len(toks)):
        syntax = _parse_phrase(tuple(t.norm for t in toks[start:]), lang)
        if syntax is None:
            continue
        before = toks[start - 1].norm if start else None
        if before in _GUARD_WORDS[lang] or (syntax.numeric_only and before in _COUNT_NOUNS):
            return text.strip(), None
        at, problem, suggestion = _meaning(syntax, ctx)
        phrase = text[toks[start].start:toks[-1].end]
        rest = text[:toks[start].start].rstrip().rstrip(",;:-\u2013\u2014").rstrip()
        return rest, When(at, problem, suggestion, phrase)
    return text.strip(), None
