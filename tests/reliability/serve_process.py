"""`zorgbot serve` as a real process on the fake Telegram Bot API, for tests of how it starts and stops."""
from __future__ import annotations

import asyncio
import os
import signal
import sys
from contextlib import asynccontextmanager
from pathlib import Path

from tests.telegram.fake_bot_api import TOKEN, FakeBotAPI


async def serve_polling(tmp_path: Path, api: FakeBotAPI, **env: str) -> asyncio.subprocess.Process:
    """`python -m bot.cli --config z.toml serve` in `tmp_path` (no database configured), once it polls."""
    file = tmp_path / "z.toml"
    file.write_text(f'[telegram]\ntoken = "{TOKEN}"\nbase_url = "{api.base_url}"\nadmins = ["1"]\n')
    environment = {k: v for k, v in os.environ.items() if not k.startswith("ZORGBOT_") and k != "PYTHONOPTIMIZE"}
    environment.update(ZORGBOT_DATA_DIR=str(tmp_path / "data"), **env)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "--config", str(file), "serve", cwd=tmp_path, env=environment,
        stderr=asyncio.subprocess.PIPE)
    for _ in range(300):
        if api.called("getUpdates"):
            break
        await asyncio.sleep(0.1)
    assert api.called("getUpdates"), "serve did not start polling"
    return process


async def stop_cleanly(process: asyncio.subprocess.Process) -> None:
    """SIGTERM, as systemd stops it: exit code 0 and no traceback."""
    process.send_signal(signal.SIGTERM)
    _, err = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode == 0, err.decode()[-1500:]
    assert "Traceback" not in err.decode()


@asynccontextmanager
async def serving(tmp_path: Path, **env: str):
    """The fake Bot API and serve polling it; whatever a test asserts, neither outlives it."""
    api = FakeBotAPI()
    await api.start()
    process = None
    try:
        process = await serve_polling(tmp_path, api, **env)
        yield process
    finally:
        if process is not None and process.returncode is None:
            process.kill()
            await process.wait()
        await api.stop()
