"""`zorgbot serve` runs as `python -OO` (bot/cli.py `_restart_lean`): the libraries' docstrings stay out
of a process that runs for months. The restart keeps the process, its arguments and its signals."""
from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from bot import cli
from tests.reliability.serve_process import serving, stop_cleanly


def _command_line(process: asyncio.subprocess.Process) -> list[str]:
    return Path(f"/proc/{process.pid}/cmdline").read_bytes().decode().rstrip("\0").split("\0")


async def test_serve_restarts_itself_lean_in_the_same_process_and_stops_cleanly(tmp_path):
    async with serving(tmp_path) as process:
        command = _command_line(process)
        assert "-OO" in command, f"serve runs without -OO: {command} (was `make install` run? it writes the bytecode)"
        assert command[-3:] == ["--config", str(tmp_path / "z.toml"), "serve"]
        await stop_cleanly(process)                         # SIGTERM reaches the restarted program


async def test_an_explicit_pythonoptimize_is_the_administrators_choice(tmp_path):
    async with serving(tmp_path, PYTHONOPTIMIZE="0") as process:
        assert "-OO" not in _command_line(process)
        await stop_cleanly(process)


def test_no_lean_restart_when_its_bytecode_can_neither_be_found_nor_written(monkeypatch, tmp_path):
    """Compiling every library at each start would cost seconds: then serve starts as it is."""
    missing = tmp_path / "read-only" / "__pycache__" / "x.opt-2.pyc"
    monkeypatch.setattr(cli.importlib.util, "cache_from_source", lambda *_a, **_k: str(missing))
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert not cli._lean_bytecode_usable()
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    (tmp_path / "read-only" / "__pycache__").mkdir(parents=True)
    assert cli._lean_bytecode_usable()
