"""Every sentence a user reads: keyed messages from the Babel catalogs under locales/.

Catalogs are read from the .po files themselves when first needed, so a compiled copy can never be
stale. Each capability keeps its own domain file (messages.po, actions.po, ...) in
locales/<lang>/LC_MESSAGES/; together they form one catalog per language. Keys look like
"team.setup_saved"; placeholders use {name} and must match in nl and en.
"""
from __future__ import annotations

from datetime import date, datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, format_time
from babel.lists import format_list
from babel.messages.pofile import read_po

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"


class Problem(Exception):
    """Something the member must hear about, worded by a catalog key and the values it needs."""

    def __init__(self, key: str, **values) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


def N_(key: str) -> str:
    """Marks a key for extraction where it is translated later (command tables, choices)."""
    return key


@cache
def catalog(lang: str) -> dict[str, str]:
    messages: dict[str, str] = {}
    for po_file in sorted((LOCALES_DIR / lang / "LC_MESSAGES").glob("*.po")):
        with open(po_file, "rb") as fh:
            parsed = read_po(fh, locale=lang)
        messages.update({m.id: m.string for m in parsed if m.id and m.string})
    return messages


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values) -> str:
    """The message `key` in `lang`, filled in. Falls back to Dutch, then to the key itself."""
    text = catalog(lang if lang in LANGUAGES else DEFAULT_LANGUAGE).get(key) \
        or catalog(DEFAULT_LANGUAGE).get(key) or key
    return text.format(**values) if values else text


def normalise_language(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip().lower()
    aliases = {"nl": "nl", "nederlands": "nl", "dutch": "nl", "en": "en", "engels": "en", "english": "en"}
    return aliases.get(value)


def spell_datetime(moment: datetime, lang: str, tz: str | ZoneInfo) -> str:
    """"vrijdag 28 november, 17:00" / "Friday 28 November, 17:00" in the team's time zone."""
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    return format_datetime(moment, "EEEE d MMMM, HH:mm", tzinfo=zone, locale=lang)


def spell_date(day: date, lang: str) -> str:
    return format_date(day, "EEEE d MMMM y", locale=lang)


def spell_time(moment: datetime, lang: str, tz: str | ZoneInfo) -> str:
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    return format_time(moment, "HH:mm", tzinfo=zone, locale=lang)


def spell_list(items: list[str], lang: str, style: str = "standard") -> str:
    """"a, b en c"; with style="or": "a, b of c"."""
    return format_list(items, style=style, locale=lang) if items else ""
