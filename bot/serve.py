"""`zorgbot serve`: run the configured network transports and the reminder scheduler until stopped."""
from __future__ import annotations

import asyncio
import logging
import signal
import sys

from bot.config import Settings

log = logging.getLogger(__name__)


def _problem(message: str) -> int:
    print(f"zorgbot: {message}", file=sys.stderr)
    return 2


async def build_transports(services, router, settings: Settings, *, matrix_head_start=None) -> dict:
    transports = {}
    if settings.matrix.enabled:
        from bot.transports.matrix.transport import MatrixTransport
        transports["matrix"] = MatrixTransport(services, router, settings.matrix, settings.data_dir,
                                               head_start=matrix_head_start)
    if settings.telegram.enabled:
        from bot.transports.telegram import TelegramTransport
        transports["telegram"] = TelegramTransport(services, router, settings.telegram)
    return transports


async def serve(settings: Settings, *, forced_language: str | None = None) -> int:
    if not (settings.matrix.enabled or settings.telegram.enabled):
        return _problem("no transport configured: add a [matrix] section (homeserver, user_id and an "
                        "access_token or password) or a [telegram] section (token)")
    head_start = None
    if settings.matrix.enabled:
        # A restart sends its first /sync before the rest of the bot is loaded (head_start.py).
        from bot.transports.matrix.head_start import begin
        head_start, problem = await _attempt("matrix", settings, begin(settings))
        if problem is not None:
            return _problem(problem)
        if head_start is not None:
            log.info("first sync sent on the stored login; loading the rest")
    from bot.app import build, settle_after_start
    from state.db import DatabaseSetupError
    try:
        services, router = build(settings, forced_language=forced_language)
    except DatabaseSetupError as problem:
        if head_start is not None:
            await head_start.account.client.close()
        return _problem(str(problem))
    transports = await build_transports(services, router, settings, matrix_head_start=head_start)
    started = []
    for name, transport in transports.items():
        problem = await _start(name, transport, settings)
        if problem is not None:
            for running in started:
                await running.stop()
            router.close()
            services.db.dispose()
            return _problem(problem)
        started.append(transport)
        log.info("transport started", extra={"transport": transport.name})
    scheduler = _start_scheduler(services, transports, router)
    settle_after_start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()
    log.info("stopping")
    if scheduler is not None:
        scheduler.stop_event.set()     # finishes the send in progress, so no claim is left hanging
        await scheduler
    for transport in started:
        await transport.stop()
    router.close()
    services.db.dispose()
    return 0


START_TIMEOUT_SECONDS = 60


async def _start(name: str, transport, settings: Settings) -> str | None:
    """Start one transport; None when it runs, else one line saying what to fix."""
    return (await _attempt(name, settings, transport.start()))[1]


async def _attempt(name: str, settings: Settings, work) -> tuple[object, str | None]:
    """Await one step of a transport's start: (its result, None), or (None, one line saying what to fix)."""
    setup_error = _setup_error_of(name)
    where = settings.matrix.homeserver if name == "matrix" else (settings.telegram.base_url or "the Telegram Bot API")
    try:
        return await asyncio.wait_for(work, timeout=START_TIMEOUT_SECONDS), None
    except setup_error as problem:
        return None, f"{name}: {problem}"
    except (OSError, TimeoutError, asyncio.TimeoutError) as problem:
        return None, (f"{name}: {where} is not reachable ({type(problem).__name__}); check the address, "
                      "the network and that the server runs")
    except Exception as problem:     # a library's own connection errors (aiohttp, httpx) and the like
        text = str(problem).strip().splitlines()[0][:160] if str(problem).strip() else ""
        return None, f"{name}: could not start against {where} ({type(problem).__name__}{': ' + text if text else ''})"


def _setup_error_of(name: str) -> type[Exception]:
    """The exception a transport raises for what the operator must fix. Only the transport in use is
    imported: python-telegram-bot alone is about 17 MiB and 0.25 s that a Matrix bot need not pay."""
    if name == "matrix":
        from bot.transports.matrix.account import MatrixSetupError
        return MatrixSetupError
    from bot.transports.telegram import TelegramSetupError
    return TelegramSetupError


def _start_scheduler(services, transports, router):
    from bot.scheduler import start_scheduler
    return start_scheduler(services, transports, run_db=router.run)


async def matrix_status(settings: Settings) -> int:
    """Print the device id, its fingerprint and the cross-signing state as the homeserver sees them."""
    from bot.transports.matrix.account import MatrixSetupError, open_account
    from bot.transports.matrix.crosssigning import device_cross_signing_state, format_fingerprint, query_keys, \
        master_key_of

    if not settings.matrix.enabled:
        return _problem("matrix status needs a [matrix] section with homeserver and user_id")
    try:
        account = await open_account(settings.matrix, settings.data_dir, cross_sign=False)
    except MatrixSetupError as problem:
        return _problem(f"matrix: {problem}")
    except (OSError, TimeoutError, asyncio.TimeoutError) as problem:
        return _problem(f"matrix: {settings.matrix.homeserver} is not reachable ({type(problem).__name__}); "
                        "check the address, the network and that the server runs")
    client = account.client
    try:
        fingerprint = client.olm.account.identity_keys["ed25519"] if client.olm else None
        state = await device_cross_signing_state(client, client.user_id, client.device_id)
        master = master_key_of(await query_keys(client, [client.user_id]), client.user_id)
        print(f"user:           {client.user_id}")
        print(f"device:         {client.device_id}")
        print(f"fingerprint:    {format_fingerprint(fingerprint)}")
        print(f"master key:     {format_fingerprint(master) or '-'}")
        print(f"cross-signing:  {'signed by its owner' if state else 'NOT cross-signed'} ({state.reason})")
        print(f"encryption store: {account.store_dir}")
        return 0 if state else 1
    finally:
        await client.close()
