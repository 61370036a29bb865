"""The embedded default: chat with zorgbot in a terminal, or drive it from a file.

Interactive use gets a prompt with a history of this session only (see `SessionHistory`). When standard input is not a terminal, every line is
one message, every reply is printed, and the program ends with exit code 0 at the end of input.
`/als NAAM` (`/as NAME`) switches the speaker so that roles can be tried in one terminal, and
`/klok` (`/clock`) shows or moves the clock, delivering the reminders that fall due on the way, so a
week of reminders can be tried in a minute. Interactive use also delivers reminders in real time;
a script moves time only with /klok, so that its output is the same on any day.
"""
from __future__ import annotations

import getpass
import re
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from bot.app import Services, files_dir
from bot.router import Router
from bot.scheduler import advance_and_deliver, start_scheduler
from core.i18n import spell_datetime, t
from core.messages import Inbound, Reply
from core.render import plain_text
from core.roles import CHAIR
from state.models import Room, Team
from state.private_files import write_private_file
from state.teams import add_member, room_for

TRANSPORT = "console"
ROOM = "local"
SWITCH_COMMANDS = ("/als", "/as")
CLOCK_COMMANDS = ("/klok", "/clock")
QUIT_COMMANDS = ("/stop", "/quit", "/exit")
_STEP = re.compile(r"^\+(\d+)\s*([wdhm])$")
_UNITS = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes"}


LEGACY_HISTORY = "console-history"


def session_history():
    """The prompt's history (arrow up): kept in memory for this session only, never written to disk.

    Lines typed at the prompt are answers to dialogues ("Aanleiding: ...") and notes on an action by
    its number ("!notitie 1 ..."); most never name the case they are about, so an erasure cannot find
    them in a history file by the case code, and tracking per line which case it concerned would have
    to repeat the router's and the dialogues' reasoning and break whenever those change. What is never
    stored need not be erased: the file is not kept at all, and an erasure in this process also clears
    the session's history, so arrow up cannot bring an erased case's lines back either.
    """
    from prompt_toolkit.history import InMemoryHistory

    class SessionHistory(InMemoryHistory):
        def forget(self) -> None:
            self._storage.clear()
            self._loaded_strings = []

    return SessionHistory()


def local_user(services: Services) -> str:
    return services.settings.console_user or getpass.getuser() or "ik"


def ensure_demo_team(services: Services, user: str) -> str | None:
    """First start: a demo team bound to the console room, with the local user as chair.

    Returns the announcement to show, or None when the console already has a team.
    """
    lang = services.forced_language or services.settings.language
    with services.db.session() as session:
        if room_for(session, TRANSPORT, ROOM) is not None:
            return None
        team = Team(name=t("console.demo_team_name", lang), language=lang, timezone=services.settings.timezone)
        session.add(team)
        session.flush()
        session.add(Room(transport=TRANSPORT, external_id=ROOM, team_id=team.id, encrypted=True))
        add_member(session, team, TRANSPORT, user.casefold(), user, {CHAIR})
        return t("console.demo_team_created", lang, team=team.name, user=user)


class Console:
    name = TRANSPORT

    def __init__(self, services: Services, router: Router, *, stdin: TextIO | None = None,
                 stdout: TextIO | None = None) -> None:
        self.services = services
        self.router = router
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        self.speaker = local_user(services)
        # The person at the terminal runs this installation: they may bind rooms (!kamer).
        services.console_admins.add(self.speaker.casefold())

    @property
    def lang(self) -> str:
        return self.services.forced_language or self.services.settings.language

    def say(self, text: str) -> None:
        print(text, file=self.stdout, flush=True)

    def show(self, replies: list[Reply]) -> None:
        for reply in replies:
            self.say(plain_text(reply))
            if reply.attachment:
                self.say(t("console.attachment_saved", self.lang, path=self.save_attachment(reply.attachment)))
            self.say("")

    def save_attachment(self, attachment: tuple[str, bytes, str]) -> Path:
        """Files (exports, letters, calendar invitations) go to the data directory, owner-only; their
        name carries the case code, so an erasure of the case finds and deletes them."""
        name, content, _mime = attachment
        return write_private_file(files_dir(self.services.settings) / Path(name).name, content)

    async def process(self, line: str) -> bool:
        """Handle one typed line; False when the user asked to leave."""
        text = line.strip()
        if not text or text.startswith("#"):
            return True
        word, _, rest = text.partition(" ")
        if word.casefold() in QUIT_COMMANDS:
            return False
        if word.casefold() in CLOCK_COMMANDS:
            await self.clock_command(rest.strip())
            return True
        if word.casefold() in SWITCH_COMMANDS:
            if not rest.strip():
                self.say(t("console.switch_usage", self.lang))
            else:
                self.speaker = rest.strip()
                self.say(t("console.switched", self.lang, name=self.speaker))
            return True
        inbound = Inbound(transport=TRANSPORT, room_id=ROOM, user_id=self.speaker.casefold(), text=text,
                          display_name=self.speaker, encrypted=True)
        self.show((await self.router.handle(inbound)).replies)
        return True

    async def clock_command(self, argument: str) -> None:
        clock = self.services.clock
        tz = self.services.settings.timezone
        if argument:
            step = _STEP.match(argument)
            if step:
                delta = timedelta(**{_UNITS[step.group(2)]: int(step.group(1))})
            else:
                try:
                    moment = datetime.strptime(argument, "%Y-%m-%d %H:%M").replace(tzinfo=ZoneInfo(tz))
                except ValueError:
                    self.say(t("console.clock_usage", self.lang))
                    return
                delta = moment - clock.now()
                if delta < timedelta(0):      # back in time: nothing can fall due on the way
                    clock.set(moment)
                    delta = timedelta(0)
            await advance_and_deliver(self.services, {TRANSPORT: self}, delta)
        self.say(t("console.clock_now", self.lang, moment=spell_datetime(clock.now(), self.lang, tz)))

    async def start(self) -> None:
        """Nothing to connect: the terminal is already there."""

    async def stop(self) -> None:
        """Nothing to release."""

    async def send(self, room_id: str, reply: Reply, *, txn_id: str | None = None) -> None:
        """Unprompted messages (reminders, overviews) are printed like replies."""
        self.show([reply])

    def greet(self) -> None:
        announcement = ensure_demo_team(self.services, self.speaker)
        if announcement:
            self.say(announcement)
        self.say(t("console.welcome", self.lang, user=self.speaker))
        still_open = self.open_dialogue_line()
        if still_open:    # a session that ended mid-dialogue: the next line would answer it
            self.say(still_open)
        self.say("")

    def open_dialogue_line(self) -> str | None:
        """"Nog open: 'nieuwe actie' wacht op ... (of 'stop')." for a dialogue left open by an earlier
        session (one that has timed out meanwhile is not: the next line says what became of it)."""
        inbound = Inbound(transport=TRANSPORT, room_id=ROOM, user_id=self.speaker.casefold(), text="",
                          display_name=self.speaker, encrypted=True)
        engine = self.services.dialogues
        with self.services.db.session() as session:
            ctx = self.router.context(session, inbound)
            conversation = engine.open_conversation(ctx)
            if conversation is None or engine.expired(ctx, conversation):
                return None
            return engine.waiting_line(ctx, conversation)

    async def run(self) -> int:
        self.greet()
        if self.stdin.isatty() and self.stdout.isatty():
            return await self._interactive()
        for line in self.stdin:
            if line.strip() and not line.lstrip().startswith("#"):
                self.say(f"» {self.speaker}: {line.strip()}")
            if not await self.process(line):
                break
        return 0

    async def _interactive(self) -> int:
        from prompt_toolkit import PromptSession
        from prompt_toolkit.patch_stdout import patch_stdout

        # Earlier versions kept every typed line in this file, answers about cases included: removed.
        legacy = Path(self.services.settings.data_dir) / LEGACY_HISTORY
        if legacy.is_file() and not legacy.is_symlink():
            legacy.unlink()
        history = session_history()
        self.services.db.erasure_listeners.append(lambda _team_id, _code: history.forget())
        session = PromptSession(history=history)
        reminders = start_scheduler(self.services, {TRANSPORT: self}, run_db=self.router.run)
        try:
            with patch_stdout():
                told_interrupt = False
                while True:
                    try:
                        line = await session.prompt_async(f"{self.speaker}> ")
                    except EOFError:
                        return 0
                    except KeyboardInterrupt:
                        # A reflexive Ctrl-C clears the line, as in a shell; leaving is /stop or Ctrl-D.
                        if not told_interrupt:
                            self.say(t("console.interrupt", self.lang))
                            told_interrupt = True
                        continue
                    if not await self.process(line):
                        return 0
        finally:
            reminders.stop_event.set()
            await reminders
