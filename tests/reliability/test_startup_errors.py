"""Every start-up failure is one line on stderr and exit code 2, naming what to fix; never a traceback.
Each case runs the real command line."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.reliability.serve_process import serving, stop_cleanly


def zorgbot(tmp_path: Path, *args: str, env: dict | None = None, timeout: int = 120) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("ZORGBOT_")}
    environment.update(ZORGBOT_DATA_DIR=str(tmp_path / "data"), **(env or {}))
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], input="!hulp\n", capture_output=True,
                          text=True, env=environment, cwd=tmp_path, timeout=timeout)


def one_line_exit_2(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 2, (result.returncode, result.stderr[-1500:])
    assert "Traceback" not in result.stderr
    problem = [line for line in result.stderr.splitlines() if line.startswith("zorgbot:")]
    assert len(problem) == 1, result.stderr
    return problem[0]


@pytest.mark.parametrize("db, expected", [
    ("adir", "database path adir is a directory"),
    ("missing/z.db", "the directory missing does not exist"),
    ("/proc/zorgbot.db", "database path /proc/zorgbot.db cannot be created"),
    ("postgresql+psycopg://postgres@127.0.0.1:1/test", "database server at 127.0.0.1:1 is not reachable"),
    ("mysqlx+nothing://db/x", "unknown database driver 'mysqlx+nothing'"),
    ("://nohost", "database_url is not a valid URL"),
    ("sqlite://", "in-memory SQLite database, which keeps nothing"),
    ("sqlite:///:memory:", "in-memory SQLite database, which keeps nothing"),
])
def test_database_problems(tmp_path, db, expected):
    (tmp_path / "adir").mkdir()
    assert expected in one_line_exit_2(zorgbot(tmp_path, "chat", "--db", db))


@pytest.mark.parametrize("content", [b"hello\n", bytes(range(256)) * 20])
def test_a_file_that_is_no_database_is_named_and_left_as_it_is(tmp_path, content):
    (tmp_path / "zorgbot.db").write_bytes(content)
    line = one_line_exit_2(zorgbot(tmp_path, "chat", "--db", "zorgbot.db"))
    assert "database zorgbot.db is not a SQLite database or is damaged" in line and "backup" in line
    assert (tmp_path / "zorgbot.db").read_bytes() == content          # never "repaired" or overwritten


def test_a_damaged_database_is_named_and_left_as_it_is(tmp_path):
    first = zorgbot(tmp_path, "chat", "--db", "zorgbot.db")
    assert first.returncode == 0, first.stderr[-1500:]
    database = tmp_path / "zorgbot.db"
    damaged = bytearray(database.read_bytes())
    damaged[100:4100] = b"\x55" * 4000                                  # the schema page overwritten
    database.write_bytes(bytes(damaged))
    line = one_line_exit_2(zorgbot(tmp_path, "chat", "--db", "zorgbot.db"))
    assert "is not a SQLite database or is damaged" in line
    assert database.read_bytes() == bytes(damaged)


def test_config_file_problems(tmp_path):
    latin1 = tmp_path / "latin1.toml"
    latin1.write_bytes('language = "nl"\ntimezone = "Europe/Amsterdam" # caf\xe9\n'.encode("latin-1"))
    assert "is not UTF-8" in one_line_exit_2(zorgbot(tmp_path, "--config", str(latin1), "chat"))
    (tmp_path / "conf.d").mkdir()
    assert "is a directory" in one_line_exit_2(zorgbot(tmp_path, "--config", str(tmp_path / "conf.d"), "chat"))


def test_unknown_keys_in_sections_and_unknown_variables_name_the_nearest(tmp_path):
    file = tmp_path / "z.toml"
    file.write_text('[telegram]\ntokne = "123:abc"\n')
    line = one_line_exit_2(zorgbot(tmp_path, "--config", str(file), "serve"))
    assert "telegram.tokne: unknown setting (did you mean token?)" in line
    file.write_text('[matrix]\nhomeserver = "https://m.example.org"\nuser_id = "@z:m.example.org"\naccess_tokn = "x"\n')
    assert "did you mean access_token?" in one_line_exit_2(zorgbot(tmp_path, "--config", str(file), "serve"))
    line = one_line_exit_2(zorgbot(tmp_path, "chat", env={"ZORGBOT_LANGAUGE": "en"}))
    assert "ZORGBOT_LANGAUGE" in line and "did you mean ZORGBOT_LANGUAGE?" in line
    line = one_line_exit_2(zorgbot(tmp_path, "chat", env={"ZORGBOT_TELEGRAM__TOKN": "1:a"}))
    assert "did you mean ZORGBOT_TELEGRAM__TOKEN?" in line


def test_unreachable_homeserver(tmp_path):
    file = tmp_path / "z.toml"
    file.write_text('[matrix]\nhomeserver = "http://127.0.0.1:1"\nuser_id = "@zorgbot:example.org"\n'
                    'access_token = "syt_x"\n')
    line = one_line_exit_2(zorgbot(tmp_path, "--config", str(file), "serve"))
    assert "matrix: http://127.0.0.1:1 is not reachable" in line


def test_unreachable_bot_api(tmp_path):
    file = tmp_path / "z.toml"
    file.write_text('[telegram]\ntoken = "123:abc"\nbase_url = "http://127.0.0.1:1/bot"\n')
    line = one_line_exit_2(zorgbot(tmp_path, "--config", str(file), "serve"))
    assert "telegram: cannot use the Bot API" in line and "network" in line


async def test_serve_without_database_url_uses_zorgbot_db_here(tmp_path):
    """The README's example configuration leaves database_url out: serve uses ./zorgbot.db, as chat does."""
    async with serving(tmp_path) as process:
        await stop_cleanly(process)
    assert (tmp_path / "zorgbot.db").is_file()
