"""Every sentence a user reads: keyed messages from the Babel catalogs under locales/.

Catalogs are read from the .po files themselves when first needed, so a compiled copy can never be
stale. Each capability keeps its own domain file (messages.po, actions.po, ...) in
locales/<lang>/LC_MESSAGES/; together they form one catalog per language. Keys look like
"team.setup_saved"; placeholders use {name} and must match in nl and en.

A message that depends on a number has plural forms (msgid_plural in the .po file, msgstr[0] and
msgstr[1] for nl and en); `t(key, count=n)` picks the form with the language's own plural rule, as
gettext's ngettext does, so no text needs "actie(s)".
"""
from __future__ import annotations

from datetime import date, datetime
from functools import cache
from typing import Callable
from gettext import c2py
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, format_time
from babel.lists import format_list
from babel.messages.plurals import get_plural
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


Text = str | tuple[str, ...]
"""A catalog entry: one text, or one text per plural form."""


@cache
def catalog(lang: str) -> dict[str, Text]:
    messages: dict[str, Text] = {}
    for po_file in sorted((LOCALES_DIR / lang / "LC_MESSAGES").glob("*.po")):
        with open(po_file, "rb") as fh:
            parsed = read_po(fh, locale=lang)
        for message in parsed:
            key = message.id[0] if message.pluralizable else message.id
            if key and (all(message.string) if message.pluralizable else message.string):
                messages[key] = tuple(message.string) if message.pluralizable else message.string
    return messages


@cache
def plural_rule(lang: str):
    """The gettext plural expression of `lang` as a function: count -> index of the form."""
    return c2py(get_plural(lang).plural_expr)


def _dutch_command(path: str, lang: str) -> str:
    return "!" + path


# How {cmd.<name>} is spelled: the application installs its command table here when it starts
# (core cannot import the table, which the registry builds from the handlers above it).
_spell_command: Callable[[str, str], str] = _dutch_command


def spell_commands_with(spell: Callable[[str, str], str]) -> None:
    global _spell_command
    _spell_command = spell


class _CommandNames:
    """The value of {cmd.<name>} in a catalog text: `{cmd.toestemming_brief}` is "!toestemming brief"
    in Dutch and "!consent letter" in English, from the command table, so no sentence spells a
    command name by hand. Sub-commands are joined with "_"."""

    def __init__(self, lang: str) -> None:
        self._lang = lang

    def __getattr__(self, name: str) -> str:
        if name.startswith("__"):
            raise AttributeError(name)
        return _spell_command(name.replace("_", " "), self._lang)


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values) -> str:
    """The message `key` in `lang`, filled in. Falls back to Dutch, then to the key itself.

    With a `count` value and a message that has plural forms, the form for that count is used."""
    lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    text = catalog(lang).get(key)
    if not text:
        lang, text = DEFAULT_LANGUAGE, catalog(DEFAULT_LANGUAGE).get(key) or key
    if isinstance(text, tuple):
        count = values.get("count", 1)
        text = text[min(plural_rule(lang)(int(count)), len(text) - 1)]
    if "{cmd." in text:
        values = {"cmd": _CommandNames(lang), **values}
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
