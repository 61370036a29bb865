"""Cross-signing for the bot's own Matrix device.

matrix-nio does not implement cross-signing, but current Element clients
(MSC4153) ignore devices that are not cross-signed by their owner. This module
gives the bot its own cross-signing identity:

* :class:`CrossSigningKeys` holds the three Ed25519 seeds (master,
  self-signing, user-signing); they are stored encrypted at rest with
  :mod:`bot.transports.matrix.secretbox`.
* :func:`ensure_cross_signing` uploads the public keys on first start and
  signs the bot's current device with the self-signing key.
* :func:`evaluate_device` / :func:`cross_signed_devices` verify, from a
  ``/keys/query`` response, whether devices are signed by their owner's
  self-signing key which is in turn signed by the owner's master key. All
  signatures are checked cryptographically.

Signing follows the Matrix "Signing JSON" rules: drop ``signatures`` and
``unsigned``, encode as canonical JSON, sign with Ed25519, store the
signature as unpadded base64 under ``signatures[user_id]["ed25519:<key>"]``.
For cross-signing keys the key id is the unpadded base64 public key.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import copy
import json
import logging
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import aiohttp
import canonicaljson
import vodozemac

from bot.transports.matrix import secretbox

if TYPE_CHECKING:  # pragma: no cover
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from nio import AsyncClient

# Signatures are checked with vodozemac, which nio loads anyway; `cryptography` (its own OpenSSL,
# several MiB) is loaded only when the bot signs something or opens its key file.

__all__ = [
    "CrossSigningError",
    "CrossSigningKeys",
    "CrossSigningState",
    "CrossSigningStatus",
    "DeviceSigningState",
    "canonical_signing_bytes",
    "cross_signed_devices",
    "decode_base64",
    "device_cross_signing_state",
    "encode_base64",
    "ensure_cross_signing",
    "evaluate_device",
    "format_fingerprint",
    "query_keys",
    "sign_json",
    "upload_cross_signing_keys",
    "verify_json_signature",
]

log = logging.getLogger(__name__)

KEYS_QUERY_PATH = "/_matrix/client/v3/keys/query"
DEVICE_SIGNING_UPLOAD_PATH = "/_matrix/client/v3/keys/device_signing/upload"
SIGNATURES_UPLOAD_PATH = "/_matrix/client/v3/keys/signatures/upload"

_KEY_FILE_AAD = b"matrix-cross-signing-keys"
_KEY_FILE_VERSION = 1


class CrossSigningError(Exception):
    """Talking to the homeserver failed, or a key file does not fit this account."""

    def __init__(self, message: str, *, http_status: int | None = None, errcode: str | None = None):
        super().__init__(message)
        self.http_status = http_status
        self.errcode = errcode


# --------------------------------------------------------------------------
# base64 / canonical JSON / Ed25519 signing
# --------------------------------------------------------------------------


def encode_base64(data: bytes) -> str:
    """Unpadded standard base64, as used throughout Matrix."""
    return base64.b64encode(data).decode("ascii").rstrip("=")


def decode_base64(text: str) -> bytes:
    """Decode (un)padded standard base64; raises ValueError on garbage."""
    if not isinstance(text, str):
        raise ValueError("base64 value must be a string")
    stripped = text.rstrip("=")
    padded = stripped + "=" * (-len(stripped) % 4)
    try:
        return base64.b64decode(padded.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError) as exc:
        raise ValueError(f"invalid base64: {exc}") from None


def canonical_signing_bytes(obj: Mapping[str, Any]) -> bytes:
    """The bytes that get signed: canonical JSON without signatures/unsigned."""
    stripped = {k: v for k, v in obj.items() if k not in ("signatures", "unsigned")}
    return canonicaljson.encode_canonical_json(stripped)


def _public_b64(private_key: Ed25519PrivateKey) -> str:
    return encode_base64(private_key.public_key().public_bytes_raw())


def sign_json(
    obj: Mapping[str, Any],
    *,
    signer_user_id: str,
    private_key: Ed25519PrivateKey,
    key_id: str | None = None,
) -> dict[str, Any]:
    """Return a deep copy of ``obj`` with an added Ed25519 signature.

    ``key_id`` is the part after ``ed25519:``; it defaults to the unpadded
    base64 public key (the convention for cross-signing keys). Existing
    signatures are kept; ``unsigned`` is kept as is (it is never signed).
    """
    if key_id is None:
        key_id = _public_b64(private_key)
    signature = encode_base64(private_key.sign(canonical_signing_bytes(obj)))
    signed = copy.deepcopy(dict(obj))
    signed.setdefault("signatures", {}).setdefault(signer_user_id, {})[f"ed25519:{key_id}"] = signature
    return signed


def verify_json_signature(
    obj: Mapping[str, Any],
    *,
    signer_user_id: str,
    key_id: str,
    public_key: str,
) -> bool:
    """True iff ``obj`` carries a valid signature by ``ed25519:key_id`` of ``signer_user_id``.

    ``public_key`` is the unpadded base64 Ed25519 public key to verify with.
    Never raises for malformed input; it just returns False.
    """
    try:
        signatures = obj.get("signatures") or {}
        signature_b64 = signatures.get(signer_user_id, {}).get(f"ed25519:{key_id}")
        if not isinstance(signature_b64, str):
            return False
        if len(decode_base64(public_key)) != 32 or len(decode_base64(signature_b64)) != 64:
            return False
        verifier = vodozemac.Ed25519PublicKey.from_base64(public_key.rstrip("="))
        verifier.verify_signature(canonical_signing_bytes(obj), vodozemac.Ed25519Signature.from_base64(
            signature_b64.rstrip("=")))
        return True
    except (vodozemac.SignatureException, vodozemac.KeyException, ValueError, TypeError, AttributeError):
        return False


def format_fingerprint(key_b64: str | None) -> str | None:
    """Group an unpadded base64 key in blocks of four, as Element shows it."""
    if not key_b64:
        return None
    return " ".join(key_b64[i : i + 4] for i in range(0, len(key_b64), 4))


# --------------------------------------------------------------------------
# the bot's own keys
# --------------------------------------------------------------------------


def _private_from_seed(seed: bytes) -> Ed25519PrivateKey:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    return Ed25519PrivateKey.from_private_bytes(seed)


@dataclass(frozen=True, repr=False)
class CrossSigningKeys:
    """The private seeds (32 bytes each) of the three cross-signing keys."""

    master_seed: bytes
    self_signing_seed: bytes
    user_signing_seed: bytes

    def __post_init__(self) -> None:
        for name in ("master_seed", "self_signing_seed", "user_signing_seed"):
            value = getattr(self, name)
            if not isinstance(value, bytes) or len(value) != 32:
                raise ValueError(f"{name} must be 32 bytes")

    def __repr__(self) -> str:  # never show the seeds
        return f"CrossSigningKeys(master={self.master_public!r})"

    @classmethod
    def generate(cls) -> CrossSigningKeys:
        return cls(os.urandom(32), os.urandom(32), os.urandom(32))

    # private keys -------------------------------------------------------
    @property
    def master(self) -> Ed25519PrivateKey:
        return _private_from_seed(self.master_seed)

    @property
    def self_signing(self) -> Ed25519PrivateKey:
        return _private_from_seed(self.self_signing_seed)

    @property
    def user_signing(self) -> Ed25519PrivateKey:
        return _private_from_seed(self.user_signing_seed)

    # public keys --------------------------------------------------------
    @property
    def master_public(self) -> str:
        return _public_b64(self.master)

    @property
    def self_signing_public(self) -> str:
        return _public_b64(self.self_signing)

    @property
    def user_signing_public(self) -> str:
        return _public_b64(self.user_signing)

    def public_keys(self) -> dict[str, str]:
        """``{"master": ..., "self_signing": ..., "user_signing": ...}`` (unpadded base64)."""
        return {
            "master": self.master_public,
            "self_signing": self.self_signing_public,
            "user_signing": self.user_signing_public,
        }

    def upload_body(self, user_id: str) -> dict[str, Any]:
        """Body for ``/keys/device_signing/upload`` (without ``auth``).

        The self-signing and user-signing keys are signed by the master key.
        """
        master_pub = self.master_public
        master_key = {
            "user_id": user_id,
            "usage": ["master"],
            "keys": {f"ed25519:{master_pub}": master_pub},
        }
        ssk_pub = self.self_signing_public
        self_signing_key = sign_json(
            {
                "user_id": user_id,
                "usage": ["self_signing"],
                "keys": {f"ed25519:{ssk_pub}": ssk_pub},
            },
            signer_user_id=user_id,
            private_key=self.master,
        )
        usk_pub = self.user_signing_public
        user_signing_key = sign_json(
            {
                "user_id": user_id,
                "usage": ["user_signing"],
                "keys": {f"ed25519:{usk_pub}": usk_pub},
            },
            signer_user_id=user_id,
            private_key=self.master,
        )
        return {
            "master_key": master_key,
            "self_signing_key": self_signing_key,
            "user_signing_key": user_signing_key,
        }

    # serialisation --------------------------------------------------------
    def to_json(self, user_id: str) -> bytes:
        """Plain-text JSON (contains the private seeds: encrypt before storing)."""
        return json.dumps(
            {
                "version": _KEY_FILE_VERSION,
                "user_id": user_id,
                "master": encode_base64(self.master_seed),
                "self_signing": encode_base64(self.self_signing_seed),
                "user_signing": encode_base64(self.user_signing_seed),
                "master_public": self.master_public,
            },
            sort_keys=True,
        ).encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes, *, user_id: str | None = None) -> CrossSigningKeys:
        try:
            obj = json.loads(data.decode("utf-8"))
            if obj.get("version") != _KEY_FILE_VERSION:
                raise ValueError(f"unsupported key file version {obj.get('version')!r}")
            keys = cls(
                decode_base64(obj["master"]),
                decode_base64(obj["self_signing"]),
                decode_base64(obj["user_signing"]),
            )
        except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as exc:
            raise CrossSigningError(f"cross-signing key data is malformed: {exc}") from exc
        if user_id is not None and obj.get("user_id") != user_id:
            raise CrossSigningError(
                f"cross-signing key file belongs to {obj.get('user_id')!r}, not {user_id!r}"
            )
        return keys

    def save(self, path: Path, secret: bytes | str, *, user_id: str) -> None:
        """Encrypt and write atomically with mode 0600."""
        secretbox.write_encrypted(Path(path), self.to_json(user_id), secret, aad=_KEY_FILE_AAD)

    @classmethod
    def load(cls, path: Path, secret: bytes | str, *, user_id: str | None = None) -> CrossSigningKeys:
        """Read an encrypted key file.

        Raises :class:`secretbox.WrongSecretError` for a wrong secret,
        :class:`CrossSigningError` if the file is for another user.
        """
        plaintext = secretbox.read_encrypted(Path(path), secret, aad=_KEY_FILE_AAD)
        return cls.from_json(plaintext, user_id=user_id)


# --------------------------------------------------------------------------
# verifying what /keys/query returns
# --------------------------------------------------------------------------


def _single_ed25519_key(key_obj: Any, user_id: str, usage: str) -> str | None:
    """Public key of a cross-signing key object, or None if malformed."""
    if not isinstance(key_obj, Mapping):
        return None
    if key_obj.get("user_id") != user_id:
        return None
    usages = key_obj.get("usage")
    if not isinstance(usages, list) or usage not in usages:
        return None
    keys = key_obj.get("keys")
    if not isinstance(keys, Mapping) or len(keys) != 1:
        return None
    ((key_id, public),) = keys.items()
    if not isinstance(public, str) or key_id != f"ed25519:{public}":
        return None
    try:
        if len(decode_base64(public)) != 32:
            return None
    except ValueError:
        return None
    return public


@dataclass(frozen=True)
class DeviceSigningState:
    """Outcome of checking one device against its owner's cross-signing keys.

    ``reason`` is one of: ``cross_signed``, ``no_master_key``,
    ``invalid_master_key``, ``no_self_signing_key``,
    ``invalid_self_signing_key``, ``self_signing_key_not_signed_by_master``,
    ``unknown_device``, ``invalid_device_keys``, ``bad_device_self_signature``,
    ``device_not_signed``.
    """

    user_id: str
    device_id: str
    reason: str
    master_key: str | None = None
    self_signing_key: str | None = None
    device_ed25519: str | None = None

    @property
    def cross_signed(self) -> bool:
        return self.reason == "cross_signed"

    def __bool__(self) -> bool:
        return self.cross_signed


def _user_chain(keys_query: Mapping[str, Any], user_id: str) -> tuple[str, str | None, str | None]:
    """Check master -> self-signing for a user; returns (reason, master, ssk)."""
    master_obj = (keys_query.get("master_keys") or {}).get(user_id)
    if master_obj is None:
        return "no_master_key", None, None
    master = _single_ed25519_key(master_obj, user_id, "master")
    if master is None:
        return "invalid_master_key", None, None
    ssk_obj = (keys_query.get("self_signing_keys") or {}).get(user_id)
    if ssk_obj is None:
        return "no_self_signing_key", master, None
    ssk = _single_ed25519_key(ssk_obj, user_id, "self_signing")
    if ssk is None:
        return "invalid_self_signing_key", master, None
    if not verify_json_signature(ssk_obj, signer_user_id=user_id, key_id=master, public_key=master):
        return "self_signing_key_not_signed_by_master", master, ssk
    return "ok", master, ssk


def _check_device(
    device_obj: Any, user_id: str, device_id: str, ssk: str
) -> tuple[str, str | None]:
    if not isinstance(device_obj, Mapping):
        return "invalid_device_keys", None
    if device_obj.get("user_id") != user_id or device_obj.get("device_id") != device_id:
        return "invalid_device_keys", None
    keys = device_obj.get("keys")
    ed25519 = keys.get(f"ed25519:{device_id}") if isinstance(keys, Mapping) else None
    if not isinstance(ed25519, str):
        return "invalid_device_keys", None
    # The device must have signed its own key object (as nio also requires).
    if not verify_json_signature(device_obj, signer_user_id=user_id, key_id=device_id, public_key=ed25519):
        return "bad_device_self_signature", ed25519
    if not verify_json_signature(device_obj, signer_user_id=user_id, key_id=ssk, public_key=ssk):
        return "device_not_signed", ed25519
    return "cross_signed", ed25519


def evaluate_device(keys_query: Mapping[str, Any], user_id: str, device_id: str) -> DeviceSigningState:
    """Is ``device_id`` of ``user_id`` properly cross-signed in this /keys/query response?"""
    reason, master, ssk = _user_chain(keys_query, user_id)
    device_obj = ((keys_query.get("device_keys") or {}).get(user_id) or {}).get(device_id)
    if reason != "ok":
        ed25519 = None
        if isinstance(device_obj, Mapping):
            keys = device_obj.get("keys")
            if isinstance(keys, Mapping) and isinstance(keys.get(f"ed25519:{device_id}"), str):
                ed25519 = keys[f"ed25519:{device_id}"]
        return DeviceSigningState(user_id, device_id, reason, master, ssk, ed25519)
    if device_obj is None:
        return DeviceSigningState(user_id, device_id, "unknown_device", master, ssk)
    assert ssk is not None
    reason, ed25519 = _check_device(device_obj, user_id, device_id, ssk)
    return DeviceSigningState(user_id, device_id, reason, master, ssk, ed25519)


def cross_signed_devices(keys_query: Mapping[str, Any]) -> dict[str, set[str]]:
    """Per user in ``device_keys``: the device ids properly cross-signed by that user.

    Users without a valid master -> self-signing chain map to an empty set.
    Note: this proves the *owner's* signature only; whether the owner's master
    key itself is trusted (pinned / verified) is a separate decision.
    """
    result: dict[str, set[str]] = {}
    for user_id, devices in (keys_query.get("device_keys") or {}).items():
        signed: set[str] = set()
        reason, _master, ssk = _user_chain(keys_query, user_id)
        if reason == "ok" and ssk is not None and isinstance(devices, Mapping):
            for device_id, device_obj in devices.items():
                if _check_device(device_obj, user_id, device_id, ssk)[0] == "cross_signed":
                    signed.add(device_id)
        result[user_id] = signed
    return result


# --------------------------------------------------------------------------
# HTTP
# --------------------------------------------------------------------------


async def _request(client: AsyncClient, method: str, path: str, body: Mapping[str, Any]) -> tuple[int, dict]:
    """Raw JSON request with the client's access token; returns (status, json)."""
    if not client.access_token:
        raise CrossSigningError("the Matrix client is not logged in")
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {client.access_token}"}
    if client.config.custom_headers:
        headers.update(client.config.custom_headers)
    try:
        response = await client.send(method, path, json.dumps(body), headers)
        try:
            try:
                data = await response.json(content_type=None)
            except (json.JSONDecodeError, aiohttp.ContentTypeError, UnicodeDecodeError, ValueError):
                data = {}
            return response.status, data if isinstance(data, dict) else {}
        finally:
            response.release()
    except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
        raise CrossSigningError(f"{method} {path} failed: {type(exc).__name__}: {exc}") from exc


def _http_error(what: str, status: int, data: Mapping[str, Any]) -> CrossSigningError:
    errcode = data.get("errcode") if isinstance(data.get("errcode"), str) else None
    error = data.get("error") if isinstance(data.get("error"), str) else ""
    return CrossSigningError(
        f"{what} failed: HTTP {status} {errcode or ''} {error}".strip(),
        http_status=status,
        errcode=errcode,
    )


async def query_keys(client: AsyncClient, user_ids: Iterable[str]) -> dict[str, Any]:
    """``POST /keys/query`` for all devices of ``user_ids``; returns the raw JSON."""
    body = {"device_keys": {user_id: [] for user_id in user_ids}, "timeout": 10000}
    status, data = await _request(client, "POST", KEYS_QUERY_PATH, body)
    if status != 200:
        raise _http_error("keys/query", status, data)
    return data


async def device_cross_signing_state(client: AsyncClient, user_id: str, device_id: str) -> DeviceSigningState:
    """Query the server and check that ``device_id`` is cross-signed by ``user_id``.

    The result is truthy iff the device is signed by the user's self-signing
    key, which is signed by the user's master key (all verified with Ed25519).
    """
    return evaluate_device(await query_keys(client, [user_id]), user_id, device_id)


class CrossSigningState(StrEnum):
    OK = "ok"
    MISSING_PASSWORD = "missing_password"
    AUTH_FAILED = "auth_failed"
    UIA_UNSUPPORTED = "uia_unsupported"
    SERVER_HAS_OTHER_MASTER_KEY = "server_has_other_master_key"
    DEVICE_KEYS_MISSING = "device_keys_missing"
    DEVICE_KEY_MISMATCH = "device_key_mismatch"
    SIGNING_FAILED = "signing_failed"


@dataclass(frozen=True)
class UploadResult:
    state: CrossSigningState
    detail: str = ""


async def upload_cross_signing_keys(
    client: AsyncClient,
    keys: CrossSigningKeys,
    *,
    user_id: str,
    password: str | None,
) -> UploadResult:
    """Upload the public cross-signing keys, doing password UIA if asked.

    Synapse accepts the first upload (no keys on the account yet, MSC3967) and
    an identical re-upload without UIA; replacing keys needs ``m.login.password``.
    """
    body = keys.upload_body(user_id)
    status, data = await _request(client, "POST", DEVICE_SIGNING_UPLOAD_PATH, body)
    if status == 200:
        return UploadResult(CrossSigningState.OK, "uploaded without interactive auth")
    if status != 401 or "flows" not in data:
        raise _http_error("keys/device_signing/upload", status, data)

    flows = data.get("flows") or []
    log.debug("keys/device_signing/upload asks for interactive auth, flows=%s", flows)
    password_only = any(
        isinstance(flow, Mapping) and flow.get("stages") == ["m.login.password"] for flow in flows
    )
    if not password_only:
        stages = sorted({s for f in flows if isinstance(f, Mapping) for s in f.get("stages", [])})
        return UploadResult(
            CrossSigningState.UIA_UNSUPPORTED,
            f"homeserver wants interactive auth stages {stages}; only m.login.password is supported",
        )
    if not password:
        return UploadResult(
            CrossSigningState.MISSING_PASSWORD,
            "homeserver requires the account password to replace cross-signing keys",
        )
    auth = {
        "type": "m.login.password",
        "identifier": {"type": "m.id.user", "user": user_id},
        "password": password,
    }
    if data.get("session"):
        auth["session"] = data["session"]
    status, data = await _request(client, "POST", DEVICE_SIGNING_UPLOAD_PATH, {**body, "auth": auth})
    if status == 200:
        return UploadResult(CrossSigningState.OK, "uploaded with m.login.password")
    if status == 401 or data.get("errcode") == "M_FORBIDDEN":
        return UploadResult(
            CrossSigningState.AUTH_FAILED,
            f"password rejected by homeserver ({data.get('errcode') or status})",
        )
    raise _http_error("keys/device_signing/upload", status, data)


async def _sign_device(
    client: AsyncClient,
    keys: CrossSigningKeys,
    user_id: str,
    device_id: str,
    device_obj: Mapping[str, Any],
) -> str | None:
    """Upload a self-signing signature for our device; returns an error text or None."""
    payload = {k: v for k, v in device_obj.items() if k not in ("signatures", "unsigned")}
    signature = encode_base64(keys.self_signing.sign(canonical_signing_bytes(payload)))
    ssk_pub = keys.self_signing_public
    signed = {**payload, "signatures": {user_id: {f"ed25519:{ssk_pub}": signature}}}
    status, data = await _request(client, "POST", SIGNATURES_UPLOAD_PATH, {user_id: {device_id: signed}})
    if status != 200:
        raise _http_error("keys/signatures/upload", status, data)
    failure = ((data.get("failures") or {}).get(user_id) or {}).get(device_id)
    if failure:
        return f"homeserver rejected the device signature: {failure.get('errcode', '')} {failure.get('error', '')}".strip()
    return None


async def sign_user_master_key(client: AsyncClient, keys: CrossSigningKeys, signer_user_id: str,
                               keys_query: Mapping[str, Any], user_id: str) -> str | None:
    """After an interactive verification: sign another user's master key with our user-signing key, so
    every client of ours (and theirs) sees that user as verified by us. Returns an error text or None."""
    master_obj = (keys_query.get("master_keys") or {}).get(user_id)
    master = _single_ed25519_key(master_obj, user_id, "master")
    if master is None:
        return "the user has no valid master key"
    payload = {k: v for k, v in master_obj.items() if k not in ("signatures", "unsigned")}
    signature = encode_base64(keys.user_signing.sign(canonical_signing_bytes(payload)))
    signed = {**payload, "signatures": {signer_user_id: {f"ed25519:{keys.user_signing_public}": signature}}}
    status, data = await _request(client, "POST", SIGNATURES_UPLOAD_PATH, {user_id: {master: signed}})
    if status != 200:
        raise _http_error("keys/signatures/upload", status, data)
    failure = ((data.get("failures") or {}).get(user_id) or {}).get(master)
    if failure:
        return f"homeserver rejected the signature: {failure.get('errcode', '')} {failure.get('error', '')}".strip()
    return None


def user_signing_key_of(keys_query: Mapping[str, Any], user_id: str) -> str | None:
    return _single_ed25519_key((keys_query.get("user_signing_keys") or {}).get(user_id), user_id, "user_signing")


# --------------------------------------------------------------------------
# start-up entry point
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class CrossSigningStatus:
    """What :func:`ensure_cross_signing` found and did. Contains no secrets."""

    state: CrossSigningState
    user_id: str
    device_id: str
    device_ed25519: str | None = None
    master_key: str | None = None
    server_master_key: str | None = None
    device_signed: bool = False
    uploaded_keys: bool = False
    signed_device: bool = False
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.state == CrossSigningState.OK

    @property
    def device_fingerprint(self) -> str | None:
        """The device's Ed25519 key grouped in fours (Element's "session key")."""
        return format_fingerprint(self.device_ed25519)

    @property
    def master_fingerprint(self) -> str | None:
        return format_fingerprint(self.master_key)

    def summary(self) -> str:
        return (
            f"cross-signing {self.state}: device {self.device_id} "
            f"[{self.device_fingerprint or '?'}] signed={self.device_signed}; "
            f"master [{self.master_fingerprint or '-'}]"
            + (f"; {self.detail}" if self.detail else "")
        )


async def _ensure_device_keys_uploaded(client: AsyncClient) -> None:
    from nio import KeysUploadResponse

    olm = getattr(client, "olm", None)
    if olm is not None and client.should_upload_keys:
        response = await client.keys_upload()
        if not isinstance(response, KeysUploadResponse):
            raise CrossSigningError(f"device key upload failed: {getattr(response, 'message', response)}")


def _own_device_ed25519(client: AsyncClient) -> str | None:
    olm = getattr(client, "olm", None)
    if olm is None:
        return None
    try:
        return olm.account.identity_keys["ed25519"]
    except (AttributeError, KeyError):  # pragma: no cover - depends on nio internals
        return None


def _public_keys_file(key_file: Path) -> Path:
    return Path(f"{key_file}.public")


def _write_public_keys(key_file: Path, keys: CrossSigningKeys) -> None:
    """The public halves beside the encrypted key file, so a restart can see that everything is in
    place without deriving the file's key (scrypt: 32 MiB and a noticeable pause)."""
    path = _public_keys_file(key_file)
    wanted = json.dumps(keys.public_keys(), sort_keys=True)
    if not path.exists() or path.read_text() != wanted:
        secretbox.write_private_file(path, wanted.encode())


def _already_in_place(query: Mapping[str, Any], user_id: str, device_id: str, key_file: Path,
                      own_ed25519: str | None) -> str | None:
    """The master key, when the homeserver holds exactly our public keys and our device is signed with
    them (checked cryptographically); None when anything needs doing with the private keys."""
    try:
        ours = json.loads(_public_keys_file(key_file).read_text())
    except (OSError, ValueError):
        return None
    reason, master, ssk = _user_chain(query, user_id)
    usk = _single_ed25519_key((query.get("user_signing_keys") or {}).get(user_id), user_id, "user_signing")
    if reason != "ok" or ours != {"master": master, "self_signing": ssk, "user_signing": usk}:
        return None
    device_obj = ((query.get("device_keys") or {}).get(user_id) or {}).get(device_id)
    state, ed25519 = _check_device(device_obj, user_id, device_id, ssk)
    if state != "cross_signed" or (own_ed25519 is not None and own_ed25519 != ed25519):
        return None
    return master


async def ensure_cross_signing(
    client: AsyncClient,
    *,
    key_file: Path,
    secret: bytes | str,
    password: str | None = None,
    user_id: str | None = None,
    device_id: str | None = None,
    reset: bool = False,
    open_key_file: bool = True,
) -> CrossSigningStatus:
    """Make sure the account has our cross-signing keys and our device is signed.

    * No keys on the server and no key file: generate, save (encrypted) and
      upload them (Synapse needs no password for a first upload).
    * Key file present and the server's master key matches: only (re)sign
      the current device if its signature is missing, e.g. after a new login.
    * The server holds a different master key (or we have no key file but
      the server has keys): return state ``server_has_other_master_key``;
      nothing is overwritten unless ``reset=True``, which uploads our keys
      (generated if needed) and requires ``password`` for the homeserver's
      interactive auth.

    With ``open_key_file=False`` (a restart of the running bot) nothing is opened when the homeserver
    already holds exactly the public keys saved beside the key file and the device is signed with
    them: no key derivation, no `cryptography`. A wrong secret then shows when signing is next
    needed (a new device, a verification), not at every start.

    Raises :class:`CrossSigningError` on HTTP/connection failures and
    :class:`secretbox.WrongSecretError` when ``secret`` does not open
    ``key_file``. The client must be logged in; if nio has not yet uploaded
    the device keys this function does so first.
    """
    user_id = user_id or client.user_id
    device_id = device_id or client.device_id
    if not user_id or not device_id:
        raise CrossSigningError("user_id and device_id are required (is the client logged in?)")
    key_file = Path(key_file)

    def status(state: CrossSigningState, **kwargs: Any) -> CrossSigningStatus:
        st = CrossSigningStatus(state=state, user_id=user_id, device_id=device_id, **kwargs)
        level = logging.INFO if st.ok else logging.WARNING
        log.log(level, "%s", st.summary())
        return st

    await _ensure_device_keys_uploaded(client)
    query = await query_keys(client, [user_id])
    if not reset and not open_key_file and key_file.exists():
        settled = _already_in_place(query, user_id, device_id, key_file, _own_device_ed25519(client))
        if settled is not None:
            return status(CrossSigningState.OK, master_key=settled, server_master_key=settled, device_signed=True,
                          device_ed25519=_own_device_ed25519(client))
    local = CrossSigningKeys.load(key_file, secret, user_id=user_id) if key_file.exists() else None
    if local is not None:
        _write_public_keys(key_file, local)

    server_master = _single_ed25519_key((query.get("master_keys") or {}).get(user_id), user_id, "master")
    server_ssk = _single_ed25519_key((query.get("self_signing_keys") or {}).get(user_id), user_id, "self_signing")
    server_usk = _single_ed25519_key((query.get("user_signing_keys") or {}).get(user_id), user_id, "user_signing")
    device_obj = ((query.get("device_keys") or {}).get(user_id) or {}).get(device_id)
    device_ed25519 = None
    if isinstance(device_obj, Mapping) and isinstance(device_obj.get("keys"), Mapping):
        device_ed25519 = device_obj["keys"].get(f"ed25519:{device_id}")

    common = {"device_ed25519": device_ed25519 or _own_device_ed25519(client), "server_master_key": server_master}

    uploaded = False
    upload_detail = ""
    mismatch = server_master is not None and (local is None or local.master_public != server_master)
    if mismatch and not reset:
        return status(
            CrossSigningState.SERVER_HAS_OTHER_MASTER_KEY,
            master_key=local.master_public if local else None,
            detail=(
                "the account already has a different master key"
                + ("" if local else " and no local key file exists")
                + "; not overwriting (use reset=True with the password to replace it)"
            ),
            **common,
        )
    if local is None:
        local = CrossSigningKeys.generate()
        # Save before uploading so that a crash never leaves the server with
        # keys we no longer have.
        local.save(key_file, secret, user_id=user_id)
        _write_public_keys(key_file, local)
        log.info("generated new cross-signing keys for %s (master %s)", user_id, local.master_public)

    if (server_master, server_ssk, server_usk) != (
        local.master_public,
        local.self_signing_public,
        local.user_signing_public,
    ):
        result = await upload_cross_signing_keys(client, local, user_id=user_id, password=password)
        if result.state != CrossSigningState.OK:
            return status(result.state, master_key=local.master_public, detail=result.detail, **common)
        uploaded = True
        upload_detail = result.detail
        common["server_master_key"] = local.master_public

    if not isinstance(device_obj, Mapping) or not device_ed25519:
        return status(
            CrossSigningState.DEVICE_KEYS_MISSING,
            master_key=local.master_public,
            uploaded_keys=uploaded,
            detail="the homeserver has no device keys for this device (upload device keys first)",
            **common,
        )
    own = _own_device_ed25519(client)
    if own is not None and own != device_ed25519:
        return status(
            CrossSigningState.DEVICE_KEY_MISMATCH,
            master_key=local.master_public,
            uploaded_keys=uploaded,
            detail="the homeserver's key for this device differs from our own; refusing to sign it",
            **common,
        )
    reason, _ = _check_device(device_obj, user_id, device_id, local.self_signing_public)
    if reason == "bad_device_self_signature" or reason == "invalid_device_keys":
        return status(
            CrossSigningState.DEVICE_KEY_MISMATCH,
            master_key=local.master_public,
            uploaded_keys=uploaded,
            detail=f"device keys on the homeserver are not valid ({reason}); refusing to sign them",
            **common,
        )

    signed_now = False
    if reason != "cross_signed":
        error = await _sign_device(client, local, user_id, device_id, device_obj)
        if error:
            return status(
                CrossSigningState.SIGNING_FAILED,
                master_key=local.master_public,
                uploaded_keys=uploaded,
                detail=error,
                **common,
            )
        signed_now = True

    # Check the end result as any other client would see it.
    final = await device_cross_signing_state(client, user_id, device_id)
    if not final.cross_signed or final.master_key != local.master_public:
        return status(
            CrossSigningState.SIGNING_FAILED,
            master_key=local.master_public,
            uploaded_keys=uploaded,
            signed_device=signed_now,
            detail=f"after signing the homeserver reports: {final.reason}",
            **common,
        )
    return status(
        CrossSigningState.OK,
        master_key=local.master_public,
        device_signed=True,
        uploaded_keys=uploaded,
        signed_device=signed_now,
        detail=upload_detail,
        **common,
    )


def master_key_of(keys_query: Mapping[str, Any], user_id: str) -> str | None:
    """The user's master public key as the /keys/query answer gives it (None when absent or invalid)."""
    _reason, master, _ssk = _user_chain(keys_query, user_id)
    return master
