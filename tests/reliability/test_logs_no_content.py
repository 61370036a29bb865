"""Logs never carry content: a session with marked texts, codes and dialogue answers, at the most
verbose level everywhere (our loggers, SQLAlchemy's engine and pool, every library), leaves none of
them in the log output. Checked in-process with every logger at DEBUG and through the CLI's --verbose."""
from __future__ import annotations

import io
import logging
import os
import subprocess
import sys

import pytest

from bot import logs
from tests.conftest import make_chat_app

# Marked strings a member types: an action text, a note, a case code, dialogue answers.
ACTION, NOTE, CODE = "Qxactietekst", "Qxnotitietekst", "Z-4711"
TEAM_ANSWER, PERSON_ANSWER = "Qxteamnaam", "Qxpersoon"
MARKERS = (ACTION, NOTE, CODE, TEAM_ANSWER, PERSON_ANSWER)
SESSION = [
    f"!actie ik {ACTION} {CODE} vrijdag",
    f"!notitie 1 {NOTE}",
    "!acties team",
    f"!acties {CODE}",
    "!team inrichten", TEAM_ANSWER, "1", "PO", "-", f"{PERSON_ANSWER}: smw", "klaar", "stop",
    f"!export {CODE}",
]


@pytest.fixture
def everything_at_debug():
    """The handler zorgbot installs, with every logger that exists or will exist at DEBUG."""
    stream = io.StringIO()
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    names = list(logging.root.manager.loggerDict) + ["sqlalchemy", "sqlalchemy.engine", "sqlalchemy.pool",
                                                     "sqlalchemy.orm", "transitions", "alembic", *logs.LIBRARIES]
    # Levels as they were before configure() changed them, so the tests after this one log as before.
    touched = [(logging.getLogger(name), logging.getLogger(name).level) for name in names]
    logs.configure("debug", verbose=True, stream=stream)
    for logger, _ in touched:
        logger.setLevel(logging.DEBUG)
    yield stream
    for logger, level in touched:
        logger.setLevel(level)
    root.handlers[:], root.level = saved[0], saved[1]


def test_no_marked_string_in_debug_logs_of_a_session(database_url, clock, everything_at_debug):
    app = make_chat_app(database_url, clock)
    try:
        replies = [app.say(line) for line in SESSION]
    finally:
        app.services.db.dispose()
    # The session really carried the markers: the bot stored them (the export holds them all)...
    export = replies[-1][0].attachment[1].decode()
    assert ACTION in export and NOTE in export and CODE in export
    log_text = everything_at_debug.getvalue()
    # ... and the logs really were verbose: SQL statements and our own turns are in them.
    assert "INSERT INTO action" in log_text and "msg='handled'" in log_text
    for marker in MARKERS:
        assert marker not in log_text, f"{marker} leaked into the logs"


def test_cli_verbose_writes_no_content_to_stderr(tmp_path):
    script = "\n".join(SESSION) + "\n"
    env = dict(os.environ, ZORGBOT_CONSOLE_USER="Marleen", ZORGBOT_DATA_DIR=str(tmp_path / "data"))
    result = subprocess.run([sys.executable, "-m", "bot.cli", "--verbose", "chat", "--db", str(tmp_path / "z.db")],
                            input=script, capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert ACTION in result.stdout                       # the action was recorded and echoed
    assert "sqlalchemy.engine" in result.stderr          # the statements were logged
    for marker in MARKERS:
        assert marker not in result.stderr, f"{marker} leaked into stderr"
