"""A restart of the Matrix bot loads only what it needs, and reports ready after a short first sync."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from tests.integration.matrix_people import Person, RunningBot, bot_settings, new_bot_account, unique

pytestmark = pytest.mark.synapse

RESTART = textwrap.dedent("""
    import asyncio, json, sys, time
    from bot.config import Settings
    from tests.integration.matrix_people import RunningBot
    settings = Settings.model_validate_json(sys.argv[1])
    async def main():
        started = time.perf_counter()
        bot = await RunningBot(settings).start()
        ready = time.perf_counter() - started
        await bot.stop()
        print(json.dumps({"ready": ready, "modules": sorted({m.split(".")[0] for m in sys.modules})}))
    asyncio.run(main())
""")


async def test_a_restart_loads_no_alembic_cryptography_calendar_telegram_or_dateparser(synapse, tmp_path):
    settings = bot_settings(synapse, tmp_path, admins=[], bot_user=new_bot_account(synapse))
    first = await RunningBot(settings).start()       # first start: login, keys, cross-signing, migrations
    await first.stop()
    result = subprocess.run([sys.executable, "-c", RESTART, settings.model_dump_json()], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    loaded = set(report["modules"])
    assert {"nio", "sqlalchemy"} <= loaded                 # the test sees real module names
    assert not loaded & {"alembic", "cryptography", "icalendar", "telegram", "dateparser"}, loaded
    # The first sync after a restart does not long-poll: ready well before the 30 s sync timeout.
    assert report["ready"] < 15


# `zorgbot serve` logs this once the bot is built and its transport started (bot/serve.py).
BUILT = "transport started"


def _serve_config(tmp_path, settings) -> str:
    matrix = settings.matrix
    config = tmp_path / "zorgbot.toml"
    config.write_text(
        f'database_url = "{settings.database_url}"\ndata_dir = "{settings.data_dir}"\nlog_level = "info"\n'
        f'[matrix]\nhomeserver = "{matrix.homeserver}"\nuser_id = "{matrix.user_id}"\npassword = "{matrix.password}"\n'
        f'device_id = "{matrix.device_id}"\ncross_signing_secret = "{matrix.cross_signing_secret}"\n'
        f'admins = {json.dumps(matrix.admins)}\nallowed_inviters = {json.dumps(matrix.allowed_inviters)}\n')
    return str(config)


async def _served(config: str, log_file) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "bot.cli", "--config", config, "serve"],
                            stdout=subprocess.DEVNULL, stderr=log_file)


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait(timeout=60)


@pytest.mark.parametrize("database", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def test_what_was_said_while_the_bot_was_down_is_answered_once_after_a_restart(synapse, tmp_path, database,
                                                                                   postgres_url_factory):
    """`zorgbot serve` restarts by sending its first sync before loading the rest of the bot, on SQLite
    and on PostgreSQL alike; the messages in that first batch are still answered, once, by the full bot."""
    database_url = postgres_url_factory() if database == "postgres" else None
    chair = await Person.login(synapse, unique("chair"), tmp_path / "chair")
    bot_user = new_bot_account(synapse)
    config = _serve_config(tmp_path, bot_settings(synapse, tmp_path, admins=[chair.user_id], bot_user=bot_user,
                                                  database_url=database_url))
    first_log, second_log = tmp_path / "first.log", tmp_path / "second.log"
    bot = None
    try:
        with open(first_log, "w") as log_file:
            bot = await _served(config, log_file)
            room = await chair.create_room(bot_user)
            await chair.wait(lambda: chair.has_joined(room, bot_user), timeout=60)
            await chair.reply_to(room, "!kamer koppel Zorgteam Wilgen", "Zorgteam Wilgen", timeout=60)
            _stop(bot)
        before = len(chair.seen)
        await chair.say(room, "!hulp")                     # said while the bot is down
        with open(second_log, "w") as log_file:
            bot = await _served(config, log_file)
            seen = await chair.next_from_bot(room, "!team", after=before, timeout=60)
            assert seen.encrypted
            end = await chair.settled(room)
        second = second_log.read_text()
        assert "first sync sent on the stored login" in second                  # the short way was taken,
        assert second.index("first sync sent on the stored login") < second.index(BUILT)   # before the bot was built
        assert "first sync sent on the stored login" not in first_log.read_text()
        from_bot = [s.body for s in chair.seen[:end] if s.sender == bot_user]
        assert sum("Dit kan ik voor je doen" in body for body in from_bot) == 1, from_bot   # answered once
        assert sum("Zorgteam Wilgen" in body for body in from_bot) == 1           # nothing answered again
    except AssertionError as failure:
        # The bot's own log is what tells a slow first start from a message it could not read.
        logs = "\n".join(f"--- {log.name}\n{log.read_text()[-6000:]}" for log in (first_log, second_log)
                          if log.exists())
        raise AssertionError(f"{failure}\n{logs}") from failure
    finally:
        if bot is not None and bot.poll() is None:
            _stop(bot)
        await chair.close()


async def test_a_restart_on_a_configured_token_resumes_its_device_and_answers(synapse, tmp_path):
    """With an access token in the configuration (no password), a restart finds the token's device
    from what the last start remembered, syncs first, and still answers what was said meanwhile."""
    from bot.app import build
    from bot.transports.matrix.head_start import begin
    from bot.transports.matrix.transport import MatrixTransport

    chair = await Person.login(synapse, unique("chair"), tmp_path / "chair")
    bot_user, token, device = synapse.register(unique("zorgbot"), "another careful password")
    settings = bot_settings(synapse, tmp_path, admins=[chair.user_id], bot_user=bot_user)
    settings = settings.model_copy(update={"matrix": settings.matrix.model_copy(
        update={"access_token": token, "password": "", "device_id": device})})
    transport = services = None
    try:
        first = await RunningBot(settings).start()
        room = await chair.create_room(bot_user)
        await chair.wait(lambda: chair.has_joined(room, bot_user), timeout=60)
        await chair.reply_to(room, "!kamer koppel Zorgteam Wilgen", "Zorgteam Wilgen", timeout=60)
        await first.stop()
        before = len(chair.seen)
        await chair.say(room, "!hulp")                     # said while the bot is down
        head = await begin(settings)
        assert head is not None and head.account.client.device_id == device
        services, router = build(settings)
        transport = MatrixTransport(services, router, settings.matrix, settings.data_dir, head_start=head)
        await transport.start()
        seen = await chair.next_from_bot(room, "Dit kan ik voor je doen", after=before, timeout=60)
        assert seen.encrypted
    finally:
        if transport is not None:
            await transport.stop()
        if services is not None:
            services.db.dispose()
        await chair.close()
