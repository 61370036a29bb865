"""Commands are declared once; help, usage errors, suggestions and permission checks derive from it."""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Callable, Iterable

from core.cases import CaseCodeError, normalise_case_code
from core.i18n import Problem

PREFIXES = ("!", "/")


class UsageError(Problem):
    """The arguments do not fit the declaration."""


@dataclass(frozen=True)
class Arg:
    name: str                     # catalog key of the placeholder shown in usage, e.g. "arg.case"
    kind: str = "word"            # word | text | case | int | lang
    required: bool = True

    def parse(self, raw: str):
        if self.kind == "int":
            if not raw.lstrip("#").isdigit():
                raise UsageError("usage.not_a_number", value=raw)
            return int(raw.lstrip("#"))
        if self.kind == "case":
            try:
                return normalise_case_code(raw)
            except CaseCodeError as exc:
                raise UsageError(exc.key, value=raw) from None
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
    details: str = ""             # catalog key of the longer help
    starts_dialogue: bool = False # refused while the member has another dialogue open here
    subcommands: tuple["Command", ...] = ()

    def names(self) -> tuple[str, str]:
        return (self.name, self.alias)

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
                values.append(rest or None)
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
