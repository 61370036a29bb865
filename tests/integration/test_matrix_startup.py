"""A restart of the Matrix bot loads only what it needs, and reports ready after a short first sync."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from tests.integration.matrix_people import RunningBot, bot_settings, new_bot_account

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
