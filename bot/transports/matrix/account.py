"""The bot's Matrix identity: login, a stable device with a persistent encryption store, and
cross-signing of that device, with clear words for the operator when something is off.

The bot never logs out: logging out deletes the device and with it the keys other members trust.
"""
from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from nio import AsyncClient, AsyncClientConfig, DevicesResponse, LoginResponse, WhoamiResponse

from bot.config import MatrixSettings
from bot.transports.matrix.crosssigning import CrossSigningError, CrossSigningStatus, ensure_cross_signing
from bot.transports.matrix.secretbox import SecretBoxError, load_secret, write_private_file

log = logging.getLogger(__name__)
SECRET_ENV = "ZORGBOT_MATRIX_KEY_SECRET"


class MatrixSetupError(Exception):
    """A problem the operator must fix, in one or two sentences saying what to do."""


@dataclass
class MatrixAccount:
    client: AsyncClient
    store_dir: Path
    cross_signing: CrossSigningStatus | None


def store_dir_for(settings: MatrixSettings, data_dir: str | Path) -> Path:
    path = Path(settings.store_dir) if settings.store_dir else Path(data_dir) / "matrix"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)   # keys and sessions: owner only
    return path


def client_config() -> AsyncClientConfig:
    # nio retries 429s itself, honouring retry_after_ms; connection errors are retried a few times
    # and then raised, so a reminder can be retried later instead of blocking the bot.
    return AsyncClientConfig(encryption_enabled=True, store_sync_tokens=False, max_limit_exceeded=10,
                             max_timeouts=4, backoff_factor=0.25, max_timeout_retry_wait_time=5,
                             request_timeout=30)


def _credentials_file(store_dir: Path) -> Path:
    return store_dir / "credentials.json"


def _cross_signing_secret(settings: MatrixSettings, store_dir: Path) -> bytes:
    if settings.cross_signing_secret:
        return settings.cross_signing_secret.encode()
    key_file = Path(settings.cross_signing_secret_file) if settings.cross_signing_secret_file \
        else store_dir / "cross-signing.secret"
    try:
        return load_secret(env_var=SECRET_ENV, key_file=key_file,
                           create_key_file=not settings.cross_signing_secret_file)
    except SecretBoxError as exc:
        raise MatrixSetupError(f"cross-signing secret: {exc}") from None


async def _login(client: AsyncClient, settings: MatrixSettings, store_dir: Path) -> None:
    saved = _credentials_file(store_dir)
    if settings.access_token:
        client.access_token = settings.access_token
        who = await client.whoami()
        if not isinstance(who, WhoamiResponse):
            raise MatrixSetupError(f"the access token for {settings.user_id} was refused by {settings.homeserver} "
                                   f"({getattr(who, 'message', who)}); create a new token or configure a password")
        if who.user_id != settings.user_id:
            raise MatrixSetupError(f"the access token belongs to {who.user_id}, not to {settings.user_id}")
        client.restore_login(who.user_id, who.device_id or settings.device_id, settings.access_token)
        return
    if saved.exists():
        data = json.loads(saved.read_text())
        if data.get("user_id") == settings.user_id and data.get("device_id") == settings.device_id:
            client.restore_login(data["user_id"], data["device_id"], data["access_token"])
            who = await client.whoami()
            if isinstance(who, WhoamiResponse):
                return
            log.warning("saved access token no longer valid; logging in again")
    if not settings.password:
        raise MatrixSetupError("configure matrix.access_token (preferred) or matrix.password for "
                               f"{settings.user_id}")
    response = await client.login(settings.password, device_name=settings.device_name)
    if not isinstance(response, LoginResponse):
        raise MatrixSetupError(f"login of {settings.user_id} failed: {getattr(response, 'message', response)}")
    write_private_file(saved, json.dumps({"user_id": response.user_id, "device_id": response.device_id,
                                          "access_token": response.access_token}).encode())


async def _check_device(client: AsyncClient) -> None:
    devices = await client.devices()
    if not isinstance(devices, DevicesResponse):
        raise MatrixSetupError(f"could not list the bot's devices: {getattr(devices, 'message', devices)}")
    if client.device_id not in {device.id for device in devices.devices}:
        raise MatrixSetupError(f"device {client.device_id} no longer exists on the homeserver (was it logged "
                               "out?). Log in again with a new device id (matrix.device_id) or a new access token.")


async def open_account(settings: MatrixSettings, data_dir: str | Path, *, cross_sign: bool = True,
                       quick: bool = False) -> MatrixAccount:
    """Log in (or restore the login), load the encryption store, upload keys and cross-sign the device.

    `quick` (the running bot): when cross-signing is already in place the key file is not opened."""
    store_dir = store_dir_for(settings, data_dir)
    client = AsyncClient(settings.homeserver, settings.user_id, device_id=settings.device_id,
                         store_path=str(store_dir), config=client_config())
    try:
        await _login(client, settings, store_dir)
        await _check_device(client)
        if client.should_upload_keys:
            upload = await client.keys_upload()
            if getattr(upload, "status_code", None):
                raise MatrixSetupError(
                    f"the homeserver refused the keys of device {client.device_id}: {upload.message}. The local "
                    f"encryption store ({store_dir}) does not belong to this device: use a new matrix.device_id.")
        status = None
        if cross_sign:
            secret = _cross_signing_secret(settings, store_dir)
            try:
                status = await ensure_cross_signing(client, key_file=store_dir / "cross-signing.keys",
                                                    secret=secret, password=settings.password or None,
                                                    open_key_file=not quick)
            except CrossSigningError as exc:
                raise MatrixSetupError(f"cross-signing failed: {exc}") from None
            except (SecretBoxError, ValueError) as exc:
                raise MatrixSetupError(f"cross-signing secret: {exc}") from None
            if not status.ok:
                log.warning("cross-signing not complete", extra={"state": str(status.state)})
        return MatrixAccount(client=client, store_dir=store_dir, cross_signing=status)
    except BaseException:
        await client.close()
        raise
