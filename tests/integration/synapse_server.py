"""Run a throw-away Synapse homeserver for integration tests.

One process, loopback only, SQLite, no TLS, no federation, registration only
through the shared-secret admin API, rate limits raised far out of reach.
"""

from __future__ import annotations

import atexit
import base64
import hashlib
import hmac
import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import yaml

_HUGE = {"per_second": 10000, "burst_count": 100000}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SynapseError(RuntimeError):
    """Synapse failed to start or an admin call failed."""


class SynapseServer:
    """A Synapse homeserver in ``workdir`` on a free 127.0.0.1 port.

    ``start()`` writes the config on first use and waits until the client API
    answers; ``stop()`` terminates the process; ``restart()`` keeps port and
    data. ``start_seconds`` holds how long the last start took.
    """

    def __init__(
        self,
        workdir: Path,
        *,
        server_name: str = "localhost",
        python: str | None = None,
        startup_timeout: float = 60.0,
        extra_config: dict[str, Any] | None = None,
    ) -> None:
        self.workdir = Path(workdir)
        self.server_name = server_name
        self.python = python or sys.executable
        self.startup_timeout = startup_timeout
        self.extra_config = extra_config or {}
        self.port: int | None = None
        self.registration_shared_secret = secrets.token_hex(32)
        self.start_seconds: float | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._log_handle: Any = None
        self._atexit_registered = False

    # paths -----------------------------------------------------------------
    @property
    def config_path(self) -> Path:
        return self.workdir / "homeserver.yaml"

    @property
    def log_path(self) -> Path:
        return self.workdir / "homeserver.log"

    @property
    def base_url(self) -> str:
        if self.port is None:
            raise SynapseError("server has not been started")
        return f"http://127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    # config ----------------------------------------------------------------
    def _write_config(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        signing_key = self.workdir / "signing.key"
        if not signing_key.exists():
            seed = base64.b64encode(os.urandom(32)).decode("ascii").rstrip("=")
            signing_key.write_text(f"ed25519 a_test {seed}\n")
            signing_key.chmod(0o600)
        rc = dict(_HUGE)
        config: dict[str, Any] = {
            "server_name": self.server_name,
            "public_baseurl": f"http://127.0.0.1:{self.port}/",
            "pid_file": str(self.workdir / "homeserver.pid"),
            "listeners": [
                {
                    "port": self.port,
                    "bind_addresses": ["127.0.0.1"],
                    "type": "http",
                    "tls": False,
                    "x_forwarded": False,
                    "resources": [{"names": ["client"], "compress": False}],
                }
            ],
            "database": {
                "name": "sqlite3",
                "args": {"database": str(self.workdir / "homeserver.db")},
            },
            "media_store_path": str(self.workdir / "media_store"),
            "signing_key_path": str(signing_key),
            "registration_shared_secret": self.registration_shared_secret,
            "macaroon_secret_key": secrets.token_hex(32),
            "form_secret": secrets.token_hex(32),
            "enable_registration": False,
            # cheap password hashing: every register/login would otherwise cost ~0.25 s
            "bcrypt_rounds": 4,
            "report_stats": False,
            "enable_metrics": False,
            "presence": {"enabled": False},
            "url_preview_enabled": False,
            "trusted_key_servers": [],
            "suppress_key_server_warning": True,
            "federation_domain_whitelist": [],
            "allow_public_rooms_over_federation": False,
            "rc_message": rc,
            "rc_registration": rc,
            "rc_registration_token_validity": rc,
            "rc_login": {"address": rc, "account": rc, "failed_attempts": rc},
            "rc_admin_redaction": rc,
            "rc_joins": {"local": rc, "remote": rc},
            "rc_joins_per_room": rc,
            "rc_3pid_validation": rc,
            "rc_invites": {"per_room": rc, "per_user": rc, "per_issuer": rc},
            "rc_third_party_invite": rc,
            "rc_key_requests": rc,
            "rc_media_create": rc,
            "rc_room_creation": rc,
            "rc_delayed_event_mgmt": rc,
            "rc_reports": rc,
            "rc_user_directory": rc,
            "rc_profile": rc,
            "rc_presence": {"per_user": rc},
            "rc_federation": {
                "window_size": 1000,
                "sleep_limit": 10000,
                "sleep_delay": 0,
                "reject_limit": 100000,
                "concurrent": 100,
            },
        }
        config.update(self.extra_config)
        self.config_path.write_text(yaml.safe_dump(config, sort_keys=False))

    # lifecycle ---------------------------------------------------------------
    def start(self) -> None:
        if self.running:
            return
        if self.port is None:
            self.port = _free_port()
        if not self.config_path.exists():
            self._write_config()
        self._log_handle = open(self.log_path, "ab")
        if not self._atexit_registered:
            # never leave a homeserver behind, even if the test run is aborted
            atexit.register(self.stop)
            self._atexit_registered = True
        started = time.monotonic()
        self._proc = subprocess.Popen(
            [self.python, "-m", "synapse.app.homeserver", "--config-path", str(self.config_path)],
            cwd=self.workdir,
            stdout=self._log_handle,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        try:
            self._wait_until_ready(started)
        except BaseException:
            self.stop()
            raise
        self.start_seconds = time.monotonic() - started

    def _wait_until_ready(self, started: float) -> None:
        url = f"{self.base_url}/_matrix/client/versions"
        deadline = started + self.startup_timeout
        while True:
            assert self._proc is not None
            if self._proc.poll() is not None:
                raise SynapseError(
                    f"Synapse exited with code {self._proc.returncode} during start-up:\n{self.log_tail()}"
                )
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            if time.monotonic() > deadline:
                raise SynapseError(
                    f"Synapse did not answer {url} within {self.startup_timeout:.0f}s:\n{self.log_tail()}"
                )
            time.sleep(0.1)

    def stop(self, timeout: float = 20.0) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=timeout)
        if self._log_handle is not None:
            self._log_handle.close()
            self._log_handle = None

    def restart(self) -> None:
        """Stop and start again on the same port with the same data."""
        self.stop()
        self.start()

    def log_tail(self, lines: int = 60) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return "(no homeserver log)"
        return "\n".join(text.splitlines()[-lines:])

    def __enter__(self) -> SynapseServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # admin API ----------------------------------------------------------------
    def _http_json(self, method: str, path: str, body: dict[str, Any] | None = None,
                   token: str | None = None) -> dict[str, Any]:
        data = json.dumps(body).encode("utf-8") if body is not None else None
        request = urllib.request.Request(f"{self.base_url}{path}", data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")[:500]
            raise SynapseError(f"{method} {path}: HTTP {exc.code}: {detail}") from None

    def register(self, localpart: str, password: str, admin: bool = False) -> tuple[str, str, str]:
        """Create a user via the shared-secret admin API.

        Returns ``(user_id, access_token, device_id)``; the token belongs to a
        fresh device created by the registration.
        """
        path = "/_synapse/admin/v1/register"
        nonce = self._http_json("GET", path)["nonce"]
        mac = hmac.new(self.registration_shared_secret.encode("utf-8"), digestmod=hashlib.sha1)
        mac.update(nonce.encode("utf-8"))
        mac.update(b"\x00")
        mac.update(localpart.encode("utf-8"))
        mac.update(b"\x00")
        mac.update(password.encode("utf-8"))
        mac.update(b"\x00")
        mac.update(b"admin" if admin else b"notadmin")
        result = self._http_json(
            "POST",
            path,
            {
                "nonce": nonce,
                "username": localpart,
                "password": password,
                "admin": admin,
                "mac": mac.hexdigest(),
            },
        )
        return result["user_id"], result["access_token"], result["device_id"]

    def user_id(self, localpart: str) -> str:
        return f"@{localpart}:{self.server_name}"
