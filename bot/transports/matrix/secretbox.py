"""Encrypted-at-rest storage for small secrets (such as cross-signing seeds).

A *secret* (bytes or str) comes from the environment or from a key file; the
actual encryption key is derived from it with scrypt using a random per-file
salt, and the payload is sealed with AES-256-GCM. Files are written atomically
(temporary file in the same directory, fsync, rename) with mode 0600.

File format: one line of JSON::

    {"format": "zorgbot-secretbox", "version": 1, "kdf": "scrypt",
     "n": 32768, "r": 8, "p": 1, "salt": "<b64>", "nonce": "<b64>",
     "ciphertext": "<b64>"}

Decrypting with the wrong secret (or a tampered file) raises
:class:`WrongSecretError`.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import tempfile
from pathlib import Path


__all__ = [
    "DEFAULT_SECRET_ENV",
    "SecretBoxError",
    "WrongSecretError",
    "decrypt",
    "encrypt",
    "load_secret",
    "read_encrypted",
    "write_encrypted",
    "write_private_file",
]

FORMAT = "zorgbot-secretbox"
VERSION = 1
DEFAULT_SECRET_ENV = "ZORGBOT_MATRIX_KEY_SECRET"

# scrypt cost: ~0.1 s and 32 MiB per derivation; files are only read at start-up.
_SCRYPT_N = 2**15
_SCRYPT_R = 8
_SCRYPT_P = 1
_SALT_LEN = 16
_NONCE_LEN = 12
# Sanity bounds for parameters read back from a file (avoid memory bombs).
_MAX_SCRYPT_N = 2**20
_MIN_SECRET_LEN = 8


class SecretBoxError(Exception):
    """A secret box could not be read or written."""


class WrongSecretError(SecretBoxError):
    """The secret does not open this box (wrong secret or tampered file)."""


def _b64e(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _b64d(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _secret_bytes(secret: bytes | str) -> bytes:
    if isinstance(secret, str):
        secret = secret.encode("utf-8")
    if not isinstance(secret, bytes | bytearray):
        raise TypeError("secret must be bytes or str")
    if len(secret) < _MIN_SECRET_LEN:
        raise ValueError(f"secret is too short (need at least {_MIN_SECRET_LEN} bytes)")
    return bytes(secret)


def _derive(secret: bytes, salt: bytes, n: int, r: int, p: int) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt   # loaded only when a box is opened
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(secret)


def encrypt(plaintext: bytes, secret: bytes | str, *, aad: bytes = b"") -> bytes:
    """Seal ``plaintext``; returns the serialised box (UTF-8 JSON bytes)."""
    key_secret = _secret_bytes(secret)
    salt = secrets.token_bytes(_SALT_LEN)
    nonce = secrets.token_bytes(_NONCE_LEN)
    key = _derive(key_secret, salt, _SCRYPT_N, _SCRYPT_R, _SCRYPT_P)
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    ciphertext = AESGCM(key).encrypt(nonce, plaintext, _aad(aad))
    box = {
        "format": FORMAT,
        "version": VERSION,
        "kdf": "scrypt",
        "n": _SCRYPT_N,
        "r": _SCRYPT_R,
        "p": _SCRYPT_P,
        "salt": _b64e(salt),
        "nonce": _b64e(nonce),
        "ciphertext": _b64e(ciphertext),
    }
    return (json.dumps(box, sort_keys=True) + "\n").encode("utf-8")


def decrypt(box: bytes, secret: bytes | str, *, aad: bytes = b"", source: str = "secret box") -> bytes:
    """Open a box produced by :func:`encrypt`.

    Raises :class:`WrongSecretError` if the secret is wrong or the data was
    modified, :class:`SecretBoxError` if the data is not a secret box at all.
    """
    key_secret = _secret_bytes(secret)
    try:
        obj = json.loads(box.decode("utf-8"))
        if obj.get("format") != FORMAT:
            raise ValueError("not a zorgbot secret box")
        if obj.get("version") != VERSION or obj.get("kdf") != "scrypt":
            raise ValueError(f"unsupported secret box version/kdf: {obj.get('version')!r}/{obj.get('kdf')!r}")
        n, r, p = int(obj["n"]), int(obj["r"]), int(obj["p"])
        if not (2 <= n <= _MAX_SCRYPT_N and 1 <= r <= 32 and 1 <= p <= 16):
            raise ValueError("scrypt parameters out of range")
        salt = _b64d(obj["salt"])
        nonce = _b64d(obj["nonce"])
        ciphertext = _b64d(obj["ciphertext"])
        if len(nonce) != _NONCE_LEN:
            raise ValueError("bad nonce length")
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as exc:
        raise SecretBoxError(f"{source} is unreadable: {exc}") from exc
    key = _derive(key_secret, salt, n, r, p)
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    try:
        return AESGCM(key).decrypt(nonce, ciphertext, _aad(aad))
    except InvalidTag:
        raise WrongSecretError(
            f"cannot decrypt {source}: wrong secret (check the configured key "
            f"secret / key file) or the file was modified"
        ) from None


def _aad(extra: bytes) -> bytes:
    return FORMAT.encode("ascii") + b"\x00" + extra


def write_private_file(path: Path, data: bytes) -> None:
    """Atomically replace ``path`` with ``data``; the file gets mode 0600."""
    path = Path(path)
    directory = path.parent
    directory.mkdir(parents=True, exist_ok=True)
    # mkstemp creates the file with mode 0600 in the target directory, so
    # the rename below is atomic and the data is never world-readable.
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp_name, 0o600)
        os.replace(tmp_name, path)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except FileNotFoundError:
            pass
        raise
    try:
        dir_fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def write_encrypted(path: Path, plaintext: bytes, secret: bytes | str, *, aad: bytes = b"") -> None:
    """Encrypt ``plaintext`` and store it atomically at ``path`` (mode 0600)."""
    write_private_file(Path(path), encrypt(plaintext, secret, aad=aad))


def read_encrypted(path: Path, secret: bytes | str, *, aad: bytes = b"") -> bytes:
    """Read and decrypt a file written by :func:`write_encrypted`."""
    path = Path(path)
    return decrypt(path.read_bytes(), secret, aad=aad, source=str(path))


def load_secret(
    *,
    env_var: str = DEFAULT_SECRET_ENV,
    key_file: Path | None = None,
    create_key_file: bool = False,
) -> bytes:
    """Return the secret from ``$env_var`` or, failing that, from ``key_file``.

    With ``create_key_file=True`` a missing key file is created holding 32
    random bytes (hex encoded, mode 0600). Raises :class:`SecretBoxError` when
    no secret is available.
    """
    value = os.environ.get(env_var, "")
    if value.strip():
        return _secret_bytes(value.strip())
    if key_file is not None:
        key_path = Path(key_file)
        if not key_path.exists() and create_key_file:
            write_private_file(key_path, (secrets.token_hex(32) + "\n").encode("ascii"))
        if key_path.exists():
            mode = key_path.stat().st_mode & 0o077
            if mode:
                raise SecretBoxError(
                    f"key file {key_path} is accessible by group/others "
                    f"(mode {oct(key_path.stat().st_mode & 0o777)}); run chmod 600"
                )
            data = key_path.read_bytes().strip()
            if not data:
                raise SecretBoxError(f"key file {key_path} is empty")
            return _secret_bytes(data)
    where = f"${env_var}" + (f" or key file {key_file}" if key_file is not None else "")
    raise SecretBoxError(f"no secret configured: set {where}")
