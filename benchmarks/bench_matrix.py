"""zorgbot on Matrix, as it runs for real: `zorgbot serve` in its own process against a local Synapse,
with end-to-end encryption. Measures command-to-reply latency (p50/p99 over 200 commands, seen from a
member's client: send, then the decrypted reply arrives) and the bot's memory with 100 joined rooms.

    python -m benchmarks.bench_matrix [--commands 200] [--rooms 100]
"""
from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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


async def measure(tmp: Path, commands: int, rooms: int) -> None:
    synapse = SynapseServer(tmp / "synapse", python=sys.executable)
    synapse.start()
    bot_process = None
    chair = None
    try:
        bot_local = unique("zorgbot")
        synapse.register(bot_local, PASSWORD)
        bot_user = f"@{bot_local}:{synapse.server_name}"
        chair = await Person.login(synapse, unique("chair"), tmp / "chair")
        config = tmp / "zorgbot.toml"
        config.write_text(
            f'database_url = "sqlite:///{tmp / "bot.db"}"\ndata_dir = "{tmp / "bot-data"}"\nlog_level = "warning"\n'
            f'[matrix]\nhomeserver = "{synapse.base_url}"\nuser_id = "{bot_user}"\npassword = "{PASSWORD}"\n'
            f'cross_signing_secret = "benchmark-secret-0123"\nadmins = ["{chair.user_id}"]\n'
            f'allowed_inviters = [":{synapse.server_name}"]\n')
        bot_process = subprocess.Popen([sys.executable, "-m", "bot.cli", "--config", str(config), "serve"])
        room = await chair.create_room(bot_user)
        await chair.wait(lambda: chair.has_joined(room, bot_user), timeout=120)
        await chair.reply_to(room, "!kamer koppel Benchmark", "Benchmark", timeout=60)
        await chair.reply_to(room, "!hulp", "!team")   # warm up: keys shared, caches filled
        samples = []
        for _ in range(commands):
            before = len(chair.seen)
            started = time.perf_counter()
            await chair.say(room, "!hulp")
            await chair.next_from_bot(room, "!team", after=before)
            samples.append((time.perf_counter() - started) * 1000)
        rss_one = rss_mib(bot_process.pid)
        joined = []
        for index in range(rooms - 1):
            joined.append(await chair.create_room(bot_user, name=f"team {index}"))
        await chair.wait(lambda: all(chair.has_joined(r, bot_user) for r in joined), timeout=600)
        await asyncio.sleep(3)   # let the bot settle after the joins
        rss_many = rss_mib(bot_process.pid)
        print("| what | figure |\n|---|---:|")
        print(f"| command-to-reply latency, p50 ({commands} x !hulp, E2EE) | {statistics.median(samples):.0f} ms |")
        print(f"| command-to-reply latency, p99 | {percentile(samples, 0.99):.0f} ms |")
        print(f"| bot memory (RSS), 1 room | {rss_one:.0f} MiB |")
        print(f"| bot memory (RSS), {rooms} joined rooms | {rss_many:.0f} MiB |")
    finally:
        if chair:
            await chair.close()
        if bot_process:
            bot_process.terminate()
            bot_process.wait(timeout=30)
        synapse.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--commands", type=int, default=200)
    parser.add_argument("--rooms", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(measure(Path(tmp), args.commands, args.rooms))


if __name__ == "__main__":
    main()
