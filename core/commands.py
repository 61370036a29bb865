"""Commands are declared once; help, usage errors, suggestions and permission checks derive from it."""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Callable, Iterable

from core.cases import CaseCodeError, normalise_case_code
from core.i18n import Problem

PREFIXES = ("!", "/")
# Numbers a member types name things (an action, a meeting, an agenda item, a count of days); none
# of them goes this high, and a bound keeps every number inside the database's integer columns.
MAX_NUMBER = 999_999


class UsageError(Problem):
    """The arguments do not fit the declaration."""


class OutOfRange(UsageError):
    """A well-formed value the command cannot take (a setting outside its range): the reason alone says
    what to type, so the router answers it without the usage line."""


def is_number_word(word: str) -> bool:
    """Typed as a number: ASCII digits, optionally after '#'. (`str.isdigit` alone also takes '¹' or
    '٣', which int() refuses or reads differently.)"""
    digits = word.strip().lstrip("#")
    return digits.isascii() and digits.isdigit()


def read_number(word: str, *, minimum: int = 0, maximum: int = MAX_NUMBER) -> int | None:
    """The number typed, or None when it is not a number or lies outside minimum..maximum."""
    if not is_number_word(word):
        return None
    digits = word.strip().lstrip("#").lstrip("0") or "0"
    if len(digits) > len(str(maximum)):      # before int(): a 10,000-digit word costs nothing
        return None
    value = int(digits)
    return value if minimum <= value <= maximum else None


def shown(value: str, limit: int = 24) -> str:
    """A typed value as repeated in a message: cut short, so a pasted page is not echoed back."""
    return value if len(value) <= limit else value[:limit] + "…"


# An argument parser (as maubot declares them): the typed word in, the value out, or UsageError with
# the catalog key that says why it does not fit. The router turns that into the usage message.
ArgParser = Callable[[str], object]


def number_between(minimum: int, maximum: int) -> ArgParser:
    """A parser for a number that names something with this range (e.g. working days 1..15)."""
    def parse(raw: str) -> int:
        if not is_number_word(raw):
            raise UsageError("usage.not_a_number", value=shown(raw))
        value = read_number(raw, minimum=minimum, maximum=maximum)
        if value is None:
            raise UsageError("usage.number_out_of_range", value=shown(raw), minimum=minimum, maximum=maximum)
        return value
    return parse


@dataclass(frozen=True)
class Arg:
    name: str                     # catalog key of the placeholder shown in usage, e.g. "arg.case"
    kind: str = "word"            # word | text | case | int | lang
    required: bool = True
    maximum: int = MAX_NUMBER     # "int": the largest number the thing it names can have
    parser: ArgParser | None = None   # any other kind of value: a callable that parses it

    def parse(self, raw: str):
        if self.parser is not None:
            return self.parser(raw)
        if self.kind == "int":
            if not is_number_word(raw):
                raise UsageError("usage.not_a_number", value=shown(raw))
            value = read_number(raw, maximum=self.maximum)
            if value is None:
                raise UsageError("usage.number_too_large", value=shown(raw), maximum=self.maximum)
            return value
        if self.kind == "case":
            try:
                return normalise_case_code(raw)
            except CaseCodeError as exc:
                raise UsageError(exc.key, value=shown(raw)) from None
        return raw


@dataclass(frozen=True)
class Command:
    name: str                     # Dutch name, typed as !name
    alias: str                    # English alias
    summary: str                  # catalog key of the one-line help
    handler: Callable | None = None
    args: tuple[Arg, ...] = ()
    roles: frozenset[str] = frozenset()   # any of these roles may use it; empty: every member
    needs_team: bool = True
    case_data: bool = False       # refused in rooms without end-to-end encryption
    changes_actions: bool = False # changes a team's action by number (core.policy.action_change_refusal)
    details: str = ""             # catalog key of the longer help
    starts_dialogue: bool = False # refused while the member has another dialogue open here
    subcommands: tuple["Command", ...] = ()
    synonyms: tuple[str, ...] = ()  # more words that select it (typed, never shown in help)

    def names(self) -> tuple[str, ...]:
        return (self.name, self.alias, *self.synonyms)

    def find_sub(self, word: str) -> "Command | None":
        word = word.casefold()
        return next((s for s in self.subcommands if word in s.names()), None)

    def parse_args(self, words: list[str]) -> list:
        values = []
        for index, arg in enumerate(self.args):
            if arg.kind == "text":
                rest = " ".join(words[index:]).strip()
                if arg.required and not rest:
                    raise UsageError("usage.missing", arg=arg.name)
                values.append(arg.parse(rest) if rest and arg.parser else rest or None)
                return values
            if index >= len(words):
                if arg.required:
                    raise UsageError("usage.missing", arg=arg.name)
                values.append(None)
                continue
            values.append(arg.parse(words[index]))
        if len(words) > len(self.args):
            raise UsageError("usage.too_many")
        return values


@dataclass
class Invocation:
    command: Command              # the leaf that runs (a subcommand or the command itself)
    path: tuple[Command, ...]     # top command first
    values: list
    raw_args: str


@dataclass
class CommandTable:
    commands: list[Command] = field(default_factory=list)

    def add(self, command: Command) -> Command:
        for name in command.names():
            if self.get(name):
                raise ValueError(f"command name {name!r} is declared twice")
        self.commands.append(command)
        return command

    def extend(self, commands: Iterable[Command]) -> None:
        for command in commands:
            self.add(command)

    def get(self, name: str) -> Command | None:
        name = name.casefold()
        return next((c for c in self.commands if name in c.names()), None)

    def spelled(self, path: str, lang: str) -> str:
        """"toestemming brief" -> "!consent letter" in English: a command as a member types it in
        `lang`, for sentences that name a command (catalog placeholder {cmd.toestemming_brief})."""
        words = path.split()
        command = self.get(words[0]) if words else None
        if command is None:
            return "!" + path
        spelled = [command.alias if lang == "en" else command.name]
        for word in words[1:]:
            sub = command.find_sub(word)
            if sub is None:
                spelled.append(word)
                continue
            command = sub
            spelled.append(command.alias if lang == "en" else command.name)
        return "!" + " ".join(spelled)

    def suggest(self, name: str) -> list[str]:
        every = list(dict.fromkeys(n for c in self.commands for n in c.names()))
        return difflib.get_close_matches(name.casefold(), every, n=2, cutoff=0.6)


def is_command(text: str) -> bool:
    return len(text) > 1 and text[0] in PREFIXES and text[1].isalpha()


def split_command(text: str) -> tuple[str, list[str], str]:
    """"!actie @anna bel Z-17" -> ("actie", ["@anna", "bel", "Z-17"], "@anna bel Z-17")."""
    body = text[1:].strip()
    head, _, rest = body.partition(" ")
    head = head.split("@", 1)[0]          # Telegram adds @botname to commands in groups
    return head.casefold(), rest.split(), rest.strip()


def resolve(table: CommandTable, text: str) -> Invocation | None:
    """Find the command and subcommand a message invokes; arguments are parsed by the caller."""
    name, words, raw = split_command(text)
    command = table.get(name)
    if command is None:
        return None
    path = (command,)
    while words and command.subcommands:
        sub = command.find_sub(words[0])
        if sub is None:
            break
        command, words = sub, words[1:]
        raw = raw.split(None, 1)[1] if " " in raw else ""
        path += (command,)
    return Invocation(command=command, path=path, values=[], raw_args=raw)
