"""Plausible input: what a member types is checked for length and for what looks like a person's name.

Text fields have a length limit with a friendly message, so a pasted page is refused rather than
stored and echoed. Free text that looks like a pupil's name (two capitalised words, possibly with a
Dutch infix such as "de" or "van der", or a first name from the list shipped in
knowledge/first_names.txt) gets a one-line privacy hint and a chance to rephrase before it is
stored; the member may keep it as typed. Names of team members are not pupils and never trigger it.
"""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from babel.numbers import format_decimal

from dialogues.engine import MAX_ANSWER, Invalid  # noqa: F401  (MAX_ANSWER: the limit of any answer)

MAX_TEXT = 500           # an action's description, a note: a sentence or two, not a report
_INFIX = r"(?:(?:van|de|der|den|ten|ter|te|het|van de|van der|van den|in 't|'t|el|al|ben|da|di|le|la)\s+)?"
_CAP = r"[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?"
_FULL_NAME = re.compile(rf"(?<![\w-])({_CAP}\s+{_INFIX}{_CAP})(?![\w-])")
# Capitalised pairs that are organisations or roles in this field, not people.
NOT_NAMES = frozenset(n.casefold() for n in (
    "Veilig Thuis", "Centrum Jeugd", "Jeugd Gezin", "Raad Kinderbescherming", "Passend Onderwijs",
    "Zorg Thuis", "Sociaal Team", "Buurt Team", "Wijk Team", "Team Jeugd", "Ouder Kind"))


def check_length(text: str, lang: str, limit: int = MAX_TEXT, *, room: int = 0) -> None:
    """Invalid("input.too_long") when `text` is longer than `limit` characters (plus `room` for the
    words around the text, such as an owner and a date, which the message does not count)."""
    if len(text) > limit + room:
        raise Invalid("input.too_long", length=format_decimal(len(text), locale=lang), limit=limit)


@cache
def first_names() -> frozenset[str]:
    path = Path(__file__).parent / "knowledge" / "first_names.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().casefold() for line in lines if line.strip() and not line.startswith("#"))


def name_in(text: str, known: set[str] | frozenset[str] = frozenset()) -> str | None:
    """The first phrase of `text` that looks like a person's name, or None. `known`: casefolded
    names of team members, which are colleagues, not pupils."""
    for found in _FULL_NAME.finditer(text):
        phrase = found.group(1)
        words = phrase.split()
        if phrase.casefold() in NOT_NAMES or words[0].casefold() in known or phrase.casefold() in known:
            continue
        # The first word of a sentence is capitalised anyway: only a pair counts there, and then only
        # when its first word is a known first name ("Jan de Vries bellen", not "Huisbezoek Plannen").
        at_start = found.start() == 0 or text[:found.start()].rstrip().endswith((".", "!", "?", ":"))
        if at_start and words[0].casefold() not in first_names():
            continue
        return phrase
    for word in re.findall(r"[A-ZÀ-Ý][a-zà-ÿ]+", text):
        if word.casefold() in first_names() and word.casefold() not in known:
            return word
    return None
