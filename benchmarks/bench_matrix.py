"""zorgbot on Matrix, as it runs for real, next to a bare matrix-nio echo bot in the same run.

Both run in their own process against a local Synapse with end-to-end encryption:

- start-up: from starting the process to its first /sync request (and to the first /sync answered,
  and to the second /sync request: the first batch handled, the bot listening), seen by a small
  HTTP relay in front of Synapse; zorgbot's first start (login, keys, cross-signing)
  and a restart on the stored token, the echo bot's start (login, keys);
- latency: command to decrypted reply as a member's client sees it, zorgbot `!hulp` and the echo
  bot's echo interleaved, so both meet the same machine load; the ratio of the medians;
- memory: RSS of both after the latency run, zorgbot's after one plain question too (the understanding
  index loads then), then with many joined rooms. `zorgbot serve` restarts itself as `python -OO`
  (bot/cli.py), so a second echo bot run as `python -OO` answers the same pings: the floor for memory
  on equal terms (it only echoes, its latency is not compared).

    python -m benchmarks.bench_matrix [--commands 200] [--rooms 100] [--starts 5] [--database-url URL]

With --database-url postgresql+psycopg://user@host:port/db the bot keeps its data on that PostgreSQL
server instead of an SQLite file, in a database of its own (zorgbot_bench_<random>), dropped afterwards.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from aiohttp import ClientSession, web

from benchmarks.common import percentile
from tests.integration.matrix_people import PASSWORD, Person, unique
from tests.integration.synapse_server import SynapseServer

# Quick mode for `make bench` (benchmarks/run.py): the same measurement on a smaller workload.
QUICK = ["--commands", "20", "--rooms", "5"]
NEEDS = "synapse"   # starts a local homeserver; skipped by the runner without one


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class SyncWatch:
    """An HTTP relay in front of Synapse that notes when the first /sync request comes in, when its
    answer goes out, and when the second /sync request comes in (the first batch is handled)."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
        self.first_request: float | None = None
        self.first_answer: float | None = None
        self.second_request: float | None = None
        self.url = ""
        self._runner: web.AppRunner | None = None
        self._session: ClientSession | None = None

    async def start(self) -> "SyncWatch":
        self._session = ClientSession()
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._relay)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def _relay(self, request: web.Request) -> web.Response:
        is_sync = request.path.endswith("/sync")
        if is_sync and self.first_request is not None and self.second_request is None:
            self.second_request = time.perf_counter()
        if is_sync and self.first_request is None:
            self.first_request = time.perf_counter()
        headers = {k: v for k, v in request.headers.items() if k.lower() not in ("host", "content-length")}
        async with self._session.request(request.method, self.upstream + request.path_qs, headers=headers,
                                         data=await request.read()) as answer:
            body = await answer.read()
            reply = web.Response(status=answer.status, body=body,
                                 content_type=answer.content_type if body else None)
        if is_sync and self.first_answer is None:
            self.first_answer = time.perf_counter()
        return reply

    async def wait(self, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while self.second_request is None:
            if time.monotonic() > deadline:
                raise TimeoutError("no /sync seen")
            await asyncio.sleep(0.01)

    async def stop(self) -> None:
        await self._runner.cleanup()
        await self._session.close()


def _zorgbot_config(tmp: Path, homeserver: str, bot_user: str, admin: str, server_name: str, name: str,
                    database_url: str) -> Path:
    config = tmp / name
    config.write_text(
        f'database_url = {json.dumps(database_url)}\ndata_dir = "{tmp / "bot-data"}"\nlog_level = "warning"\n'
        f'[matrix]\nhomeserver = "{homeserver}"\nuser_id = "{bot_user}"\npassword = "{PASSWORD}"\n'
        f'device_id = "ZORGBOT"\ncross_signing_secret = "benchmark-secret-0123"\nadmins = ["{admin}"]\n'
        f'allowed_inviters = [":{server_name}"]\n')
    return config


async def _timed_start(command: list[str], watch: SyncWatch) -> tuple[subprocess.Popen, float, float, float]:
    started = time.perf_counter()
    process = subprocess.Popen(command, env=_environment())
    await watch.wait()
    return process, *((moment - started) * 1000 for moment in (watch.first_request, watch.first_answer,
                                                                watch.second_request))


def _environment() -> dict:
    """As in production: Python may keep compiled modules, so a restart does not compile them again."""
    return {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def _stop(process: subprocess.Popen | None) -> None:
    if process and process.poll() is None:
        process.terminate()
        process.wait(timeout=30)


async def measure(tmp: Path, commands: int, rooms: int, starts: int, database_url: str | None = None) -> None:
    database_url = database_url or f"sqlite:///{tmp / 'bot.db'}"
    synapse = SynapseServer(tmp / "synapse", python=sys.executable)
    synapse.start()
    zorgbot = echo = lean = chair = None
    try:
        bot_local, echo_local, lean_local = unique("zorgbot"), unique("zorgbotecho"), unique("zorgbotlean")
        for local in (bot_local, echo_local, lean_local):
            synapse.register(local, PASSWORD)
        lean_user = f"@{lean_local}:{synapse.server_name}"
        bot_user, echo_user = f"@{bot_local}:{synapse.server_name}", f"@{echo_local}:{synapse.server_name}"
        chair = await Person.login(synapse, unique("chair"), tmp / "chair")
        serve = [sys.executable, "-m", "bot.cli", "--config"]
        echo_command = [sys.executable, "-m", "benchmarks.echo_bot", "{url}", echo_user, PASSWORD, str(tmp / "echo")]
        lean_command = [sys.executable, "-OO", "-m", "benchmarks.echo_bot", "{url}", lean_user, PASSWORD,
                        str(tmp / "lean")]
        (tmp / "echo").mkdir()
        (tmp / "lean").mkdir()

        # -- start-up, through the relay: the first start once, then restarts and echo bot starts in turn
        startup: dict[str, list[tuple[float, float, float]]] = {}

        async def timed(label: str, command: list[str], homeserver_config: bool) -> None:
            watch = await SyncWatch(synapse.base_url).start()
            if homeserver_config:
                config = _zorgbot_config(tmp, watch.url, bot_user, chair.user_id, synapse.server_name, "relayed.toml",
                                         database_url)
                command = command + [str(config), "serve"]
            else:
                command = [part.replace("{url}", watch.url) for part in command]
            process, *moments = await _timed_start(command, watch)
            startup.setdefault(label, []).append(tuple(moments))
            _stop(process)
            await watch.stop()

        await timed("zorgbot, first start", serve, True)
        for _ in range(starts):
            await timed("zorgbot, restart", serve, True)
            await timed("echo bot (nio only)", echo_command, False)

        # -- latency, interleaved -----------------------------------------------------------------
        config = _zorgbot_config(tmp, synapse.base_url, bot_user, chair.user_id, synapse.server_name, "direct.toml",
                                 database_url)
        zorgbot = subprocess.Popen(serve + [str(config), "serve"], env=_environment())
        echo = subprocess.Popen([part.replace("{url}", synapse.base_url) for part in echo_command], env=_environment())
        lean = subprocess.Popen([part.replace("{url}", synapse.base_url) for part in lean_command], env=_environment())
        room = await chair.create_room(bot_user)
        echo_room = await chair.create_room(echo_user, name="echo")
        lean_room = await chair.create_room(lean_user, name="lean echo")
        await chair.wait(lambda: chair.has_joined(room, bot_user) and chair.has_joined(echo_room, echo_user)
                         and chair.has_joined(lean_room, lean_user), timeout=120)
        await chair.reply_to(room, "!kamer koppel Benchmark", "Benchmark", timeout=60)
        await chair.reply_to(room, "!hulp", "!team")                  # warm up: keys shared, caches filled
        await chair.reply_to(echo_room, "warm", "echo: warm", timeout=60)
        await chair.reply_to(lean_room, "warm", "echo: warm", timeout=60)
        zorgbot_ms, echo_ms = [], []
        for index in range(commands):
            await chair.reply_to(lean_room, f"ping {index}", f"echo: ping {index}")
            for target, text, expect, samples in ((room, "!hulp", "!team", zorgbot_ms),
                                                  (echo_room, f"ping {index}", f"echo: ping {index}", echo_ms)):
                before = len(chair.seen)
                started = time.perf_counter()
                await chair.say(target, text)
                await chair.next_from_bot(target, expect, after=before)
                samples.append((time.perf_counter() - started) * 1000)
        rss_zorgbot, rss_echo, rss_lean = rss_mib(zorgbot.pid), rss_mib(echo.pid), rss_mib(lean.pid)
        _stop(echo)
        _stop(lean)
        echo = lean = None
        # a plain question loads the understanding index, which a bot answering questions always holds
        await chair.reply_to(room, "hoe lang mag een schorsing duren?", "schooldagen", timeout=60)
        rss_question = rss_mib(zorgbot.pid)

        joined = []
        for index in range(rooms - 1):
            joined.append(await chair.create_room(bot_user, name=f"team {index}"))
        if joined:
            await chair.wait(lambda: all(chair.has_joined(r, bot_user) for r in joined), timeout=600)
            await asyncio.sleep(3)   # let the bot settle after the joins
        rss_many = rss_mib(zorgbot.pid)

        p50_bot, p50_echo = statistics.median(zorgbot_ms), statistics.median(echo_ms)
        print("| what | figure |\n|---|---:|")
        for label, runs in startup.items():
            to_request = statistics.median(r[0] for r in runs)
            to_answer = statistics.median(r[1] for r in runs)
            to_ready = statistics.median(r[2] for r in runs)
            print(f"| start to first /sync request, {label} (median of {len(runs)}) | {to_request:.0f} ms "
                  f"(answered: {to_answer:.0f} ms; listening, second /sync: {to_ready:.0f} ms) |")
        print(f"| command-to-reply latency, zorgbot, {commands} x !hulp (E2EE), p50 / p99 | "
              f"{p50_bot:.0f} / {percentile(zorgbot_ms, 0.99):.0f} ms |")
        print(f"| same, echo bot (nio only), p50 / p99 | {p50_echo:.0f} / {percentile(echo_ms, 0.99):.0f} ms |")
        print(f"| latency ratio zorgbot / echo bot (p50) | {p50_bot / p50_echo:.2f} |")
        print(f"| RSS after the latency run, zorgbot / echo bot / echo bot as python -OO | {rss_zorgbot:.0f} / "
              f"{rss_echo:.0f} / {rss_lean:.0f} MiB |")
        print(f"| zorgbot RSS after one plain question too (understanding index loaded) | {rss_question:.0f} MiB |")
        print(f"| zorgbot RSS, {max(rooms, 1)} joined rooms | {rss_many:.0f} MiB |")
    finally:
        if chair:
            await chair.close()
        _stop(zorgbot)
        _stop(echo)
        _stop(lean)
        synapse.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--commands", type=int, default=200)
    parser.add_argument("--rooms", type=int, default=100)
    parser.add_argument("--starts", type=int, default=5, help="restarts and echo bot starts, in turn")
    parser.add_argument("--database-url", default=None,
                        help="the bot's database: by default an SQLite file in the run's temporary directory; a "
                             "postgresql+psycopg:// URL names a server, on which a database of its own is made")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, _bench_database(args.database_url) as database_url:
        print(f"database: {(database_url or 'sqlite').split('://')[0]}", file=sys.stderr)
        asyncio.run(measure(Path(tmp), args.commands, args.rooms, args.starts, database_url))


@contextmanager
def _bench_database(server_url: str | None):
    """None (the SQLite file) as it is; on PostgreSQL a fresh database for this run, dropped afterwards,
    so the run neither sees nor leaves anything on the server (the tests use their own schemas)."""
    if server_url is None or not server_url.startswith("postgresql"):
        yield server_url
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"zorgbot_bench_{secrets.token_hex(6)}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
