"""The console in a real terminal: a reflexive Ctrl-C clears the line and zorgbot stays; Ctrl-D leaves."""
from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import time

ESCAPES = re.compile(r"\x1b\[[0-9;?]*[a-zA-Z]")


def _read_until(fd: int, wanted: str, seen: list[str], timeout: float = 60.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = ESCAPES.sub("", "".join(seen))
        if wanted in text:
            return text
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                seen.append(os.read(fd, 65536).decode(errors="replace"))
            except OSError:
                break
    raise AssertionError(f"{wanted!r} never appeared; last output: {ESCAPES.sub('', ''.join(seen))[-800:]!r}")


def _read_until_prompt(fd: int, seen: list[str], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ESCAPES.sub("", "".join(seen)).rstrip().endswith("root>"):
            return
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            seen.append(os.read(fd, 65536).decode(errors="replace"))
    raise AssertionError("no prompt")


def test_ctrl_c_clears_the_line_and_the_console_stays_until_ctrl_d(tmp_path):
    main, child = pty.openpty()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("ZORGBOT_")}
    environment.update(TERM="xterm", ZORGBOT_CONSOLE_USER="root")
    process = subprocess.Popen([sys.executable, "-m", "bot.cli", "chat", "--db", str(tmp_path / "z.db")],
                               stdin=child, stdout=child, stderr=child, cwd=tmp_path, env=environment,
                               start_new_session=True)
    os.close(child)
    seen: list[str] = []
    try:
        _read_until(main, "root>", seen)
        os.write(main, b"!actie ik bel de ou")           # half typed, then Ctrl-C
        os.write(main, b"\x03")
        _read_until(main, "Ctrl-C wist de regel", seen)
        assert process.poll() is None                    # still there
        os.write(main, b"!acties\r")
        text = _read_until(main, "open acties", seen)
        assert "bel de ou" not in text.split("Ctrl-C wist de regel")[1]    # the cleared line was not sent
        _read_until_prompt(main, seen)
        os.write(main, b"\x04")                          # Ctrl-D on the empty prompt leaves
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            process.kill()
        os.close(main)
