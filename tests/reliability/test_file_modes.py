"""Owner-only files, whatever the umask and whichever command created them: the database with its
-wal and -shm, the data directory and everything in it (saved files, console history)."""
from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = "!actie ik huisbezoek Z-17 vrijdag\n!export Z-17\n!overleg kalender\n"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def run(tmp_path: Path, umask: int, *args: str, script: str = SCRIPT) -> subprocess.CompletedProcess:
    env = dict(os.environ, ZORGBOT_CONSOLE_USER="Marleen", ZORGBOT_DATA_DIR=str(tmp_path / "zorgbot-data"))
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], input=script, capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=120, preexec_fn=lambda: os.umask(umask))


def everything_under(root: Path) -> list[Path]:
    return [root, *root.rglob("*")]


@pytest.mark.parametrize("umask", [0o000, 0o022])
def test_a_script_run_creates_everything_owner_only(tmp_path, umask):
    result = run(tmp_path, umask, "chat", "--db", "z.db")
    assert result.returncode == 0, result.stderr
    data = tmp_path / "zorgbot-data"
    saved = list((data / "files").iterdir())
    assert any("Z-17" in p.name for p in saved)            # the export was written
    for path in everything_under(data):
        assert mode(path) & 0o077 == 0, f"{path} is {oct(mode(path))}"
    assert mode(tmp_path / "z.db") == 0o600


def test_wal_and_shm_are_owner_only_while_the_program_runs(tmp_path):
    from state.db import Database
    old = os.umask(0)
    try:
        db = Database(f"sqlite:///{tmp_path / 'z.db'}")
        with db.session() as session:      # a write creates the -wal and -shm next to the file
            session.connection().exec_driver_sql("CREATE TABLE t (x)")
        companions = [tmp_path / "z.db-wal", tmp_path / "z.db-shm"]
        assert all(p.exists() for p in companions)
        for path in [tmp_path / "z.db", *companions]:
            assert mode(path) == 0o600, f"{path.name} is {oct(mode(path))}"
        db.dispose()
    finally:
        os.umask(old)


def test_files_left_open_by_an_earlier_run_are_tightened_at_start(tmp_path):
    data = tmp_path / "zorgbot-data"
    (data / "files").mkdir(parents=True)
    open_file = data / "files" / "export-Z-3.md"
    open_file.write_text("old export")
    (tmp_path / "z.db").touch()
    for path, loose in ((data, 0o755), (data / "files", 0o777), (open_file, 0o644), (tmp_path / "z.db", 0o666)):
        os.chmod(path, loose)
    result = run(tmp_path, 0o022, "chat", "--db", "z.db", script="!hulp\n")
    assert result.returncode == 0, result.stderr
    for path in (data, data / "files", open_file, tmp_path / "z.db"):
        assert mode(path) & 0o077 == 0, f"{path} is {oct(mode(path))}"
