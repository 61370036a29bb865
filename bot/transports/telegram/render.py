"""A Reply in Telegram's idiom: HTML with inline mentions, `/commands`, inline keyboards, the menu."""
from __future__ import annotations

import dataclasses
import html
import re
from dataclasses import dataclass
from typing import Callable, Iterable

from telegram import BotCommand, InlineKeyboardButton, InlineKeyboardMarkup

from core.commands import CommandTable
from core.i18n import t
from core.messages import Reply

MAX_TEXT = 4000                 # Telegram allows 4096 characters of visible text per message
CALLBACK_PREFIX = "zb"
ANYONE = "*"
_MENU_NAME = re.compile(r"^[a-z0-9_]{1,32}$")


# "!word" at the start of a word: every command the bot names, known or not ("!foobar ken ik niet").
_BANG_COMMAND = re.compile(r"(?<![\w/!])!(?=[^\W\d_])")


def command_pattern(commands: CommandTable) -> re.Pattern | None:
    """What marks a command in the bot's own text (every command, also one the table does not know)."""
    return _BANG_COMMAND


def slash_commands(text: str, pattern: re.Pattern | None = _BANG_COMMAND) -> str:
    """"Typ !hulp" -> "Typ /hulp": Telegram's convention, and Telegram makes them tappable."""
    return (pattern or _BANG_COMMAND).sub("/", text)


def telegram_hints(reply: Reply, lang: str) -> Reply:
    """The dialogue's "'stop' to cancel" hint as it works in Telegram: in a group only commands reach
    a bot in privacy mode, so the hint names `/stop` (which the router accepts everywhere)."""
    plain, telegram = t("dialogue.hint_stop", lang), t("telegram.hint_stop", lang)
    if plain not in reply.text and plain not in (reply.withheld_text or ""):
        return reply
    withheld = reply.withheld_text.replace(plain, telegram) if reply.withheld_text else reply.withheld_text
    return dataclasses.replace(reply, text=reply.text.replace(plain, telegram), withheld_text=withheld)


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Pieces of at most `limit` characters, cut at line ends where possible."""
    pieces, current = [], ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                pieces.append(current)
                current = ""
            pieces.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            pieces.append(current)
            current = line
        else:
            current = candidate
    pieces.append(current)
    return [p for p in pieces if p.strip()] or [""]


def mention(user_id: str, name: str) -> str:
    return f'<a href="tg://user?id={html.escape(user_id)}">{html.escape(name)}</a>'


@dataclass
class Rendered:
    parts: list[str]                 # HTML, one per message
    labels: list[str]                # the choices, in order


def render(reply: Reply, *, pattern: re.Pattern | None, names: Callable[[str], tuple[str, str] | None],
           number_choices: bool = False) -> Rendered:
    """`names(mention_id)` gives (telegram user id, display name), or None when the person has no
    Telegram account. With `number_choices`, the choices are written out as a numbered list (for
    messages nobody in particular answers)."""
    text = slash_commands(reply.text, pattern)
    labels = [choice.label for choice in reply.choices]
    if number_choices and labels:
        text += "\n" + "\n".join(f"  {n}. {label}" for n, label in enumerate(labels, start=1))
    parts = [html.escape(piece, quote=False) for piece in split_text(text)]
    for mention_id in dict.fromkeys(reply.mentions):
        found = names(mention_id)
        if found is None:
            continue
        user_id, name = found
        # The name as a whole word, so that "Ann" is not found inside "Anna".
        whole = re.compile(r"(?<!\w)" + re.escape(html.escape(name, quote=False)) + r"(?!\w)")
        for index, part in enumerate(parts):
            if name and whole.search(part):
                parts[index] = whole.sub(lambda _: mention(user_id, name), part, count=1)
                break
        else:
            parts[0] = f"{mention(user_id, name)}: {parts[0]}"
    return Rendered(parts=parts, labels=labels)


def callback_data(target: str, number: int) -> str:
    return f"{CALLBACK_PREFIX}:{target}:{number}"


def parse_callback(data: str | None) -> tuple[str, int] | None:
    """(the user the question was for, the choice number), or None for data that is not ours."""
    parts = (data or "").split(":")
    if len(parts) != 3 or parts[0] != CALLBACK_PREFIX or not (parts[2].isascii() and parts[2].isdigit()):
        return None
    return parts[1], int(parts[2])


def keyboard(labels: Iterable[str], target: str) -> InlineKeyboardMarkup:
    # One button per row: labels are sentences as often as single words.
    return InlineKeyboardMarkup([[InlineKeyboardButton(_short(label), callback_data=callback_data(target, n))]
                                 for n, label in enumerate(labels, start=1)])


def _short(label: str, limit: int = 64) -> str:
    # Apps cut long buttons anyway; the whole label is shown once chosen.
    return label if len(label) <= limit else label[:limit - 1].rstrip() + "…"


def answered(html_text: str, label: str, lang: str) -> str:
    """The question as it reads once answered: the buttons go, the choice stays visible."""
    return f"{html_text}\n\n{html.escape(t('telegram.chosen', lang, label=label), quote=False)}"


def menu(commands: CommandTable, lang: str) -> list[BotCommand]:
    """The command menu from the command table: Dutch names for Dutch users, English for the rest."""
    pattern = command_pattern(commands)
    entries = []
    for command in commands.commands:
        name = command.alias if lang == "en" else command.name
        if not _MENU_NAME.match(name):
            continue
        description = slash_commands(t(command.summary, lang).strip(), pattern)[:256] or name
        entries.append(BotCommand(name, description))
    # Not a command of the table but the router's way out of any dialogue; in a group it is the
    # only way out a bot in privacy mode can hear.
    entries.append(BotCommand("stop", t("telegram.menu_stop", lang)))
    return entries[:100]
