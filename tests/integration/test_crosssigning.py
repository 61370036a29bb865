"""Cross-signing of the bot's own device, against a real Synapse (no mocks).

The unit tests at the top need no homeserver.
"""

from __future__ import annotations

import base64
import json
import os
import stat
import uuid
from pathlib import Path
from typing import Any

import aiohttp
import canonicaljson
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from nio import AsyncClient, AsyncClientConfig, LoginResponse

from bot.transports.matrix import secretbox
from bot.transports.matrix.crosssigning import (
    CrossSigningError,
    CrossSigningKeys,
    CrossSigningState,
    cross_signed_devices,
    decode_base64,
    device_cross_signing_state,
    encode_base64,
    ensure_cross_signing,
    evaluate_device,
    format_fingerprint,
    sign_json,
    verify_json_signature,
)
from tests.integration.synapse_server import SynapseServer

SECRET = b"test-secret-0123456789abcdef"
PASSWORD = "correct horse battery staple"


# ---------------------------------------------------------------------------
# independent verification helpers (deliberately not using our library)
# ---------------------------------------------------------------------------


def _b64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4))


def _independently_verify(obj: dict[str, Any], user_id: str, key_id: str, public_b64: str) -> None:
    """Raise unless obj carries a valid Ed25519 signature (Matrix signing rules)."""
    unsigned = {k: v for k, v in obj.items() if k not in ("signatures", "unsigned")}
    message = canonicaljson.encode_canonical_json(unsigned)
    signature = _b64(obj["signatures"][user_id][f"ed25519:{key_id}"])
    Ed25519PublicKey.from_public_bytes(_b64(public_b64)).verify(signature, message)


def _only_key(key_obj: dict[str, Any]) -> str:
    ((key_id, public),) = key_obj["keys"].items()
    assert key_id == f"ed25519:{public}"
    return public


# ---------------------------------------------------------------------------
# unit tests: signing, key serialisation, secret box
# ---------------------------------------------------------------------------

# Test vectors from the Matrix specification, appendix "Signing JSON".
_SPEC_SEED = "YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1"


@pytest.mark.parametrize(
    ("obj", "expected"),
    [
        ({}, "K8280/U9SSy9IVtjBuVeLr+HpOB4BQFWbg+UZaADMtTdGYI7Geitb76LTrr5QV/7Xg4ahLwYGYZzuHGZKM5ZAQ"),
        (
            {"one": 1, "two": "Two"},
            "KqmLSbO39/Bzb0QIYE82zqLwsA+PDzYIpIRA2sRQ4sL53+sN6/fpNSoqE7BP7vBZhG6kYdD13EIMJpvhJI+6Bw",
        ),
    ],
)
def test_sign_json_matches_spec_vectors(obj: dict, expected: str) -> None:
    key = Ed25519PrivateKey.from_private_bytes(decode_base64(_SPEC_SEED))
    signed = sign_json(obj, signer_user_id="domain", private_key=key, key_id="1")
    assert signed["signatures"] == {"domain": {"ed25519:1": expected}}
    assert "signatures" not in obj  # input untouched
    public = encode_base64(key.public_key().public_bytes_raw())
    assert verify_json_signature(signed, signer_user_id="domain", key_id="1", public_key=public)


def test_signature_ignores_unsigned_and_detects_tampering() -> None:
    key = Ed25519PrivateKey.generate()
    public = encode_base64(key.public_key().public_bytes_raw())
    obj = {"user_id": "@a:x", "keys": {"k": "v"}, "unsigned": {"device_display_name": "x"}}
    signed = sign_json(obj, signer_user_id="@a:x", private_key=key)
    _independently_verify(signed, "@a:x", public, public)
    assert verify_json_signature(signed, signer_user_id="@a:x", key_id=public, public_key=public)

    signed["unsigned"] = {"device_display_name": "renamed"}  # not covered by the signature
    assert verify_json_signature(signed, signer_user_id="@a:x", key_id=public, public_key=public)

    tampered = json.loads(json.dumps(signed))
    tampered["keys"]["k"] = "other"
    assert not verify_json_signature(tampered, signer_user_id="@a:x", key_id=public, public_key=public)
    other = encode_base64(Ed25519PrivateKey.generate().public_key().public_bytes_raw())
    assert not verify_json_signature(signed, signer_user_id="@a:x", key_id=public, public_key=other)
    assert not verify_json_signature(signed, signer_user_id="@b:x", key_id=public, public_key=public)
    assert not verify_json_signature({"signatures": "junk"}, signer_user_id="@a:x", key_id="k", public_key=public)


def test_keys_roundtrip_and_upload_body() -> None:
    keys = CrossSigningKeys.generate()
    assert CrossSigningKeys.from_json(keys.to_json("@bot:x"), user_id="@bot:x") == keys
    with pytest.raises(CrossSigningError, match="belongs to"):
        CrossSigningKeys.from_json(keys.to_json("@bot:x"), user_id="@other:x")
    assert encode_base64(keys.master_seed) not in repr(keys)

    body = keys.upload_body("@bot:x")
    master = _only_key(body["master_key"])
    assert master == keys.master_public
    for name in ("self_signing_key", "user_signing_key"):
        _independently_verify(body[name], "@bot:x", master, master)
        assert body[name]["usage"] == [name.removesuffix("_key")]
    assert format_fingerprint("abcdefghij") == "abcd efgh ij"


def test_secretbox_file_is_private_atomic_and_rejects_wrong_secret(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "keys.enc"
    keys = CrossSigningKeys.generate()
    keys.save(path, SECRET, user_id="@bot:x")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert os.listdir(path.parent) == ["keys.enc"]  # no temp file left behind
    raw = path.read_bytes()
    assert encode_base64(keys.master_seed).encode() not in raw
    assert CrossSigningKeys.load(path, SECRET, user_id="@bot:x") == keys

    with pytest.raises(secretbox.WrongSecretError, match="wrong secret"):
        CrossSigningKeys.load(path, b"another-secret-value", user_id="@bot:x")

    box = json.loads(raw)
    box["ciphertext"] = box["ciphertext"][:-4] + ("AAAA" if box["ciphertext"][-4:] != "AAAA" else "BBBB")
    path.write_text(json.dumps(box))
    with pytest.raises(secretbox.WrongSecretError):
        CrossSigningKeys.load(path, SECRET)
    path.write_text("not a box")
    with pytest.raises(secretbox.SecretBoxError, match="unreadable"):
        CrossSigningKeys.load(path, SECRET)
    # secret boxes are bound to their purpose (associated data)
    blob = secretbox.encrypt(b"x", SECRET, aad=b"one")
    with pytest.raises(secretbox.WrongSecretError):
        secretbox.decrypt(blob, SECRET, aad=b"two")


def test_load_secret_from_env_or_key_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ZB_TEST_SECRET", raising=False)
    key_file = tmp_path / "secret.key"
    with pytest.raises(secretbox.SecretBoxError, match="no secret configured"):
        secretbox.load_secret(env_var="ZB_TEST_SECRET", key_file=key_file)
    created = secretbox.load_secret(env_var="ZB_TEST_SECRET", key_file=key_file, create_key_file=True)
    assert len(created) == 64 and stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert secretbox.load_secret(env_var="ZB_TEST_SECRET", key_file=key_file) == created
    key_file.chmod(0o644)
    with pytest.raises(secretbox.SecretBoxError, match="chmod 600"):
        secretbox.load_secret(env_var="ZB_TEST_SECRET", key_file=key_file)
    monkeypatch.setenv("ZB_TEST_SECRET", "from-the-environment")
    assert secretbox.load_secret(env_var="ZB_TEST_SECRET", key_file=key_file) == b"from-the-environment"


def test_evaluate_device_on_synthetic_query() -> None:
    user = "@u:x"
    keys = CrossSigningKeys.generate()
    body = keys.upload_body(user)
    dev_key = Ed25519PrivateKey.generate()
    dev_pub = encode_base64(dev_key.public_key().public_bytes_raw())

    def device(device_id: str, cross_sign: bool) -> dict:
        obj = {
            "user_id": user,
            "device_id": device_id,
            "algorithms": ["m.olm.v1.curve25519-aes-sha2"],
            "keys": {f"ed25519:{device_id}": dev_pub},
        }
        obj = sign_json(obj, signer_user_id=user, private_key=dev_key, key_id=device_id)
        if cross_sign:
            obj = sign_json(obj, signer_user_id=user, private_key=keys.self_signing)
        return obj

    query = {
        "master_keys": {user: body["master_key"]},
        "self_signing_keys": {user: body["self_signing_key"]},
        "device_keys": {user: {"A": device("A", True), "B": device("B", False)}},
    }
    assert evaluate_device(query, user, "A").cross_signed
    assert evaluate_device(query, user, "B").reason == "device_not_signed"
    assert evaluate_device(query, user, "C").reason == "unknown_device"
    assert cross_signed_devices(query) == {user: {"A"}}

    # self-signing key not signed by the master key -> nothing is trusted
    forged = json.loads(json.dumps(query))
    forged["self_signing_keys"][user]["signatures"][user] = {
        f"ed25519:{keys.master_public}": encode_base64(b"\0" * 64)
    }
    assert evaluate_device(forged, user, "A").reason == "self_signing_key_not_signed_by_master"
    assert cross_signed_devices(forged) == {user: set()}
    # a cross-signature that does not verify
    forged = json.loads(json.dumps(query))
    forged["device_keys"][user]["A"]["algorithms"] = ["changed"]
    assert not evaluate_device(forged, user, "A")
    del query["master_keys"]
    assert evaluate_device(query, user, "A").reason == "no_master_key"


# ---------------------------------------------------------------------------
# against Synapse
# ---------------------------------------------------------------------------


def _localpart(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


async def _login(synapse: SynapseServer, user_id: str, store: Path) -> AsyncClient:
    store.mkdir(parents=True, exist_ok=True)
    client = AsyncClient(
        synapse.base_url,
        user_id,
        store_path=str(store),
        config=AsyncClientConfig(encryption_enabled=True, store_sync_tokens=False),
    )
    response = await client.login(PASSWORD, device_name="zorgbot test")
    assert isinstance(response, LoginResponse), response
    if client.should_upload_keys:
        await client.keys_upload()
    return client


async def _query_as(synapse: SynapseServer, token: str, user_id: str) -> dict[str, Any]:
    async with aiohttp.ClientSession() as session:
        async with session.post(
            f"{synapse.base_url}/_matrix/client/v3/keys/query",
            json={"device_keys": {user_id: []}},
            headers={"Authorization": f"Bearer {token}"},
        ) as response:
            assert response.status == 200
            return await response.json()


def _assert_chain_independently(query: dict[str, Any], user_id: str, device_id: str) -> str:
    """Verify master -> self-signing -> device with cryptography; returns the master key."""
    master = _only_key(query["master_keys"][user_id])
    assert query["master_keys"][user_id]["usage"] == ["master"]
    ssk_obj = query["self_signing_keys"][user_id]
    ssk = _only_key(ssk_obj)
    assert ssk_obj["usage"] == ["self_signing"]
    _independently_verify(ssk_obj, user_id, master, master)
    device = query["device_keys"][user_id][device_id]
    _independently_verify(device, user_id, device_id, device["keys"][f"ed25519:{device_id}"])
    _independently_verify(device, user_id, ssk, ssk)
    return master


@pytest.fixture
async def observer(synapse: SynapseServer) -> str:
    """Access token of an unrelated user who looks at the bot's keys."""
    _user, token, _device = synapse.register(_localpart("observer"), PASSWORD)
    return token


@pytest.mark.synapse
async def test_first_start_cross_signs_bot_device(synapse: SynapseServer, tmp_path: Path, observer: str) -> None:
    bot_id, _, _ = synapse.register(_localpart("bot"), PASSWORD)
    client = await _login(synapse, bot_id, tmp_path / "store")
    key_file = tmp_path / "cross_signing.enc"
    try:
        status = await ensure_cross_signing(client, key_file=key_file, secret=SECRET, password=None)
        assert status.state == CrossSigningState.OK, status
        assert status.ok and status.device_signed and status.uploaded_keys and status.signed_device
        assert status.device_id == client.device_id
        assert status.device_ed25519 == client.olm.account.identity_keys["ed25519"]
        assert status.device_fingerprint.replace(" ", "") == status.device_ed25519
        assert len(status.device_fingerprint.split(" ")[0]) == 4
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600

        query = await _query_as(synapse, observer, bot_id)
        master = _assert_chain_independently(query, bot_id, client.device_id)
        assert master == status.master_key == status.server_master_key
        assert "user_signing_keys" not in query or bot_id not in query["user_signing_keys"]

        state = await device_cross_signing_state(client, bot_id, client.device_id)
        assert state.cross_signed and state.master_key == master
        assert cross_signed_devices(query) == {bot_id: {client.device_id}}
    finally:
        await client.close()


@pytest.mark.synapse
async def test_restart_is_idempotent_and_new_login_is_resigned(
    synapse: SynapseServer, tmp_path: Path, observer: str
) -> None:
    bot_id, _, _ = synapse.register(_localpart("bot"), PASSWORD)
    key_file = tmp_path / "cross_signing.enc"
    first = await _login(synapse, bot_id, tmp_path / "store1")
    second = None
    try:
        initial = await ensure_cross_signing(first, key_file=key_file, secret=SECRET)
        assert initial.ok
        key_bytes = key_file.read_bytes()

        again = await ensure_cross_signing(first, key_file=key_file, secret=SECRET)
        assert again.ok and again.device_signed
        assert not again.uploaded_keys and not again.signed_device
        assert again.master_key == initial.master_key
        assert key_file.read_bytes() == key_bytes  # key file untouched

        second = await _login(synapse, bot_id, tmp_path / "store2")
        assert second.device_id != first.device_id
        before = await device_cross_signing_state(second, bot_id, second.device_id)
        assert before.reason == "device_not_signed" and not before

        resigned = await ensure_cross_signing(second, key_file=key_file, secret=SECRET)
        assert resigned.ok and resigned.signed_device and not resigned.uploaded_keys
        assert resigned.master_key == initial.master_key

        query = await _query_as(synapse, observer, bot_id)
        for device_id in (first.device_id, second.device_id):
            assert _assert_chain_independently(query, bot_id, device_id) == initial.master_key
        assert cross_signed_devices(query)[bot_id] == {first.device_id, second.device_id}
    finally:
        await first.close()
        if second is not None:
            await second.close()


@pytest.mark.synapse
async def test_devices_without_cross_signing_are_reported(synapse: SynapseServer, tmp_path: Path) -> None:
    # A user who never set up cross-signing at all.
    plain_id, _, _ = synapse.register(_localpart("plain"), PASSWORD)
    plain = await _login(synapse, plain_id, tmp_path / "plain")
    # A user with cross-signing whose second device was never signed.
    bot_id, _, _ = synapse.register(_localpart("bot"), PASSWORD)
    signed = await _login(synapse, bot_id, tmp_path / "signed")
    unsigned = await _login(synapse, bot_id, tmp_path / "unsigned")
    try:
        assert (await ensure_cross_signing(signed, key_file=tmp_path / "k.enc", secret=SECRET)).ok

        state = await device_cross_signing_state(signed, plain_id, plain.device_id)
        assert not state.cross_signed and state.reason == "no_master_key"
        state = await device_cross_signing_state(plain, bot_id, unsigned.device_id)
        assert not state.cross_signed and state.reason == "device_not_signed"
        assert (await device_cross_signing_state(plain, bot_id, signed.device_id)).cross_signed
        assert (await device_cross_signing_state(plain, bot_id, "NOSUCHDEVICE")).reason == "unknown_device"

        query = await _query_as(synapse, plain.access_token, bot_id)
        assert cross_signed_devices(query) == {bot_id: {signed.device_id}}
    finally:
        for client in (plain, signed, unsigned):
            await client.close()


@pytest.mark.synapse
async def test_wrong_secret_for_key_file_is_a_clear_error(synapse: SynapseServer, tmp_path: Path) -> None:
    bot_id, _, _ = synapse.register(_localpart("bot"), PASSWORD)
    client = await _login(synapse, bot_id, tmp_path / "store")
    key_file = tmp_path / "k.enc"
    try:
        assert (await ensure_cross_signing(client, key_file=key_file, secret=SECRET)).ok
        with pytest.raises(secretbox.WrongSecretError, match=r"cannot decrypt .*k\.enc: wrong secret"):
            await ensure_cross_signing(client, key_file=key_file, secret=b"not-the-right-secret")
    finally:
        await client.close()


@pytest.mark.synapse
async def test_other_master_key_is_not_overwritten_without_reset(
    synapse: SynapseServer, tmp_path: Path, observer: str
) -> None:
    bot_id, _, _ = synapse.register(_localpart("bot"), PASSWORD)
    client = await _login(synapse, bot_id, tmp_path / "store")
    try:
        original = await ensure_cross_signing(client, key_file=tmp_path / "old.enc", secret=SECRET)
        assert original.ok

        # Lost key file: the server has a master key we do not hold.
        lost = tmp_path / "new.enc"
        status = await ensure_cross_signing(client, key_file=lost, secret=SECRET, password=PASSWORD)
        assert status.state == CrossSigningState.SERVER_HAS_OTHER_MASTER_KEY
        assert status.server_master_key == original.master_key and not status.device_signed
        assert not lost.exists()

        # Replacing keys needs user-interactive auth with the password.
        status = await ensure_cross_signing(client, key_file=lost, secret=SECRET, reset=True)
        assert status.state == CrossSigningState.MISSING_PASSWORD
        status = await ensure_cross_signing(client, key_file=lost, secret=SECRET, reset=True, password="wrong pw")
        assert status.state == CrossSigningState.AUTH_FAILED
        status = await ensure_cross_signing(client, key_file=lost, secret=SECRET, reset=True, password=PASSWORD)
        assert status.ok and status.uploaded_keys and status.signed_device
        assert status.master_key != original.master_key

        query = await _query_as(synapse, observer, bot_id)
        assert _assert_chain_independently(query, bot_id, client.device_id) == status.master_key

        # The old key file now no longer matches the account.
        stale = await ensure_cross_signing(client, key_file=tmp_path / "old.enc", secret=SECRET)
        assert stale.state == CrossSigningState.SERVER_HAS_OTHER_MASTER_KEY
    finally:
        await client.close()


@pytest.mark.synapse
async def test_restart_keeps_data(synapse: SynapseServer, tmp_path: Path) -> None:
    """The harness can take the homeserver down and bring it back with the same data."""
    bot_id, _, _ = synapse.register(_localpart("bot"), PASSWORD)
    client = await _login(synapse, bot_id, tmp_path / "store")
    try:
        assert (await ensure_cross_signing(client, key_file=tmp_path / "k.enc", secret=SECRET)).ok
        url = synapse.base_url
        synapse.stop()
        assert not synapse.running
        with pytest.raises(CrossSigningError):
            await device_cross_signing_state(client, bot_id, client.device_id)
        synapse.start()
        assert synapse.base_url == url
        assert (await device_cross_signing_state(client, bot_id, client.device_id)).cross_signed
    finally:
        if not synapse.running:
            synapse.start()
        await client.close()
