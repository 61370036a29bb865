"""The bot's Matrix identity: login, a stable device with a persistent encryption store, and
cross-signing of that device, with clear words for the operator when something is off.

The bot never logs out: logging out deletes the device and with it the keys other members trust.
"""
from __future__ import annotations

import hashlib
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


def _token_device_file(store_dir: Path) -> Path:
    """For a configured access token: which device it belongs to (as whoami said), with a hash of the
    token, never the token itself; so a restart can load the device's encryption store before asking."""
    return store_dir / "token-device.json"


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _remember_token_device(store_dir: Path, user_id: str, device_id: str, token: str) -> None:
    record = {"user_id": user_id, "device_id": device_id, "token_sha256": _token_hash(token)}
    path = _token_device_file(store_dir)
    try:
        if path.exists() and json.loads(path.read_text()) == record:
            return
    except (OSError, ValueError):
        pass
    write_private_file(path, json.dumps(record).encode())


def _saved_login(settings: MatrixSettings, store_dir: Path) -> tuple[str, str, str] | None:
    """(user id, device id, access token) of the login a restart can resume without a request, if any."""
    try:
        if settings.access_token:
            data = json.loads(_token_device_file(store_dir).read_text())
            if data.get("user_id") == settings.user_id and data.get("token_sha256") == _token_hash(settings.access_token):
                return settings.user_id, data["device_id"], settings.access_token
            return None
        data = json.loads(_credentials_file(store_dir).read_text())
    except (OSError, ValueError, KeyError):
        return None
    if data.get("user_id") == settings.user_id and data.get("device_id") == settings.device_id \
            and data.get("access_token"):
        return data["user_id"], data["device_id"], data["access_token"]
    return None


async def restore_account(settings: MatrixSettings, data_dir: str | Path) -> MatrixAccount | None:
    """A restart: the client logged in again from what the last start saved, with its encryption store
    loaded, without asking the homeserver anything yet (open_account(restored=...) checks it all
    afterwards). None when there is nothing to resume or the device's keys were never uploaded."""
    store_dir = store_dir_for(settings, data_dir)
    saved = _saved_login(settings, store_dir)
    if saved is None:
        return None
    client = AsyncClient(settings.homeserver, settings.user_id, device_id=saved[1], store_path=str(store_dir),
                         config=client_config())
    try:
        client.restore_login(*saved)
    except Exception:       # a store that does not load: the ordinary start says what is wrong
        await client.close()
        return None
    if client.should_upload_keys:
        await client.close()
        return None
    return MatrixAccount(client=client, store_dir=store_dir, cross_signing=None)


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


async def _login(client: AsyncClient, settings: MatrixSettings, store_dir: Path, *, restored: bool = False) -> None:
    """Log in, or check the login `restored` from the saved credentials (see restore_account)."""
    saved = _credentials_file(store_dir)
    if settings.access_token:
        client.access_token = settings.access_token
        who = await client.whoami()
        if not isinstance(who, WhoamiResponse):
            raise MatrixSetupError(f"the access token for {settings.user_id} was refused by {settings.homeserver} "
                                   f"({getattr(who, 'message', who)}); create a new token or configure a password")
        if who.user_id != settings.user_id:
            raise MatrixSetupError(f"the access token belongs to {who.user_id}, not to {settings.user_id}")
        device_id = who.device_id or settings.device_id
        if restored and device_id != client.device_id:
            _token_device_file(store_dir).unlink(missing_ok=True)
            raise MatrixSetupError(f"the access token now belongs to device {device_id}, not {client.device_id}; "
                                   "start zorgbot again")
        if not restored:
            client.restore_login(who.user_id, device_id, settings.access_token)
        _remember_token_device(store_dir, who.user_id, device_id, settings.access_token)
        return
    if restored:
        who = await client.whoami()
        if isinstance(who, WhoamiResponse) and who.user_id == settings.user_id:
            return
        log.warning("saved access token no longer valid; logging in again")
    elif saved.exists():
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
                       quick: bool = False, restored: MatrixAccount | None = None) -> MatrixAccount:
    """Log in (or restore the login), load the encryption store, upload keys and cross-sign the device.

    `quick` (the running bot): when cross-signing is already in place the key file is not opened.
    `restored`: an account from restore_account, whose login and device are checked here as a fresh
    login's would be."""
    store_dir = store_dir_for(settings, data_dir)
    client = restored.client if restored else AsyncClient(
        settings.homeserver, settings.user_id, device_id=settings.device_id, store_path=str(store_dir),
        config=client_config())
    try:
        await _login(client, settings, store_dir, restored=restored is not None)
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
