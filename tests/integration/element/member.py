"""A member on Element's crypto stack (matrix-js-sdk, Rust crypto) as a child process: `member.mjs`,
driven over stdin/stdout JSON lines. Commands return their result; everything the client sees
(messages, decryption failures, verification steps) collects in `events`."""
from __future__ import annotations

import asyncio
import itertools
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
SCRIPT = HERE / "member.mjs"


def node_missing_reason() -> str | None:
    if shutil.which("node") is None:
        return "Node.js is not installed: the Element (matrix-js-sdk) interop tests need `node` and `npm`"
    version = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    if int(version.lstrip("v").split(".")[0] or 0) < 20:
        return f"Node.js {version} is too old for matrix-js-sdk (the Element interop tests need 20 or later)"
    if shutil.which("npm") is None and not (HERE / "node_modules").is_dir():
        return "npm is not installed: needed once to install matrix-js-sdk for the Element interop tests"
    return None


def ensure_installed() -> None:
    """`npm ci` once; node_modules stays in the tree (ignored by git) for later runs."""
    marker = HERE / "node_modules" / ".package-lock.json"
    lock = HERE / "package-lock.json"
    if marker.exists() and marker.stat().st_mtime >= lock.stat().st_mtime:
        return
    started = time.monotonic()
    subprocess.run(["npm", "ci", "--prefix", str(HERE), "--no-audit", "--no-fund", "--loglevel=error"],
                   check=True, stdout=subprocess.DEVNULL, stderr=sys.stderr, timeout=600)
    sys.stderr.write(f"\n[element] npm ci in {time.monotonic() - started:.1f}s\n")


class ElementMember:
    def __init__(self, proc: asyncio.subprocess.Process, log_path: Path) -> None:
        self.proc = proc
        self.log_path = log_path
        self.events: list[dict] = []
        self._ids = itertools.count(1)
        self._waiting: dict[int, asyncio.Future] = {}
        self._reader = asyncio.create_task(self._read())
        self.user_id = ""
        self.device_id = ""

    @classmethod
    async def start(cls, log_path: Path) -> "ElementMember":
        log = open(log_path, "ab")
        proc = await asyncio.create_subprocess_exec(
            "node", str(SCRIPT), stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=log,
            cwd=HERE, env={**os.environ, "MEMBER_LOG_LEVEL": os.environ.get("MEMBER_LOG_LEVEL", "warn")},
            limit=16 * 1024 * 1024)
        log.close()
        member = cls(proc, log_path)
        await member.wait_event(lambda e: e.get("event") == "started")
        return member

    async def _read(self) -> None:
        while True:
            line = await self.proc.stdout.readline()
            if not line:
                for future in self._waiting.values():
                    if not future.done():
                        future.set_exception(RuntimeError(f"member.mjs exited; see {self.log_path}"))
                return
            message = json.loads(line)
            if "event" in message:
                self.events.append(message)
            elif message.get("id") in self._waiting:
                self._waiting.pop(message["id"]).set_result(message)

    async def call(self, cmd: str, timeout: float = 60.0, **args) -> dict:
        ident = next(self._ids)
        future = asyncio.get_running_loop().create_future()
        self._waiting[ident] = future
        self.proc.stdin.write((json.dumps({"id": ident, "cmd": cmd, **args}) + "\n").encode())
        await self.proc.stdin.drain()
        answer = await asyncio.wait_for(future, timeout)
        if not answer.get("ok"):
            raise AssertionError(f"member.mjs {cmd}: {answer.get('error')}")
        return answer

    async def login(self, synapse, user_id: str, password: str, **options) -> dict:
        answer = await self.call("login", base_url=synapse.base_url, user_id=user_id, password=password, **options)
        self.user_id, self.device_id = answer["user_id"], answer["device_id"]
        return answer

    async def wait_event(self, predicate, timeout: float = 30.0, after: int = 0) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = next((e for e in self.events[after:] if predicate(e)), None)
            if found is not None:
                return found
            if self.proc.returncode is not None:
                break
            await asyncio.sleep(0.05)
        recent = [(e.get("event"), str(e.get("body") or e.get("phase") or e.get("type") or "")[:60])
                  for e in self.events[-8:]]
        raise AssertionError(f"the Element member waited {timeout}s in vain; recent events {recent}; "
                             f"log {self.log_path}")

    async def message_from(self, sender: str, room_id: str, contains: str, *, after: int = 0,
                           timeout: float = 30.0) -> dict:
        return await self.wait_event(lambda e: e.get("event") == "message" and e["sender"] == sender
                                     and e["room_id"] == room_id and contains in e["body"], timeout, after)

    async def close(self) -> None:
        with open(self.log_path.with_suffix(".events.jsonl"), "w") as out:   # for reading a failure
            out.writelines(json.dumps(e, ensure_ascii=False) + "\n" for e in self.events)
        if self.proc.returncode is None:
            try:
                self.proc.stdin.close()
                await asyncio.wait_for(self.proc.wait(), 5)
            except (asyncio.TimeoutError, BrokenPipeError, ConnectionResetError):
                self.proc.kill()
                await self.proc.wait()
        self._reader.cancel()
