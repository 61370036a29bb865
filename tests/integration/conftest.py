"""Fixtures for integration tests against a real, local Synapse."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator

import pytest

from tests.integration.matrix_people import new_bot_account
from tests.integration.synapse_server import SynapseServer


def _synapse_missing_reason() -> str | None:
    if importlib.util.find_spec("synapse") is None or importlib.util.find_spec("synapse.app.homeserver") is None:
        return "matrix-synapse is not installed (pip install -e '.[dev]')"
    return None


@pytest.fixture(scope="session")
def synapse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SynapseServer]:
    """One Synapse homeserver for the whole test session (started lazily)."""
    reason = _synapse_missing_reason()
    if reason:
        pytest.skip(reason)
    server = SynapseServer(tmp_path_factory.mktemp("synapse"), python=sys.executable)
    server.start()
    sys.stderr.write(f"\n[synapse] started at {server.base_url} in {server.start_seconds:.2f}s\n")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def bot_account(synapse) -> str:
    """A bot account of the test's own (one device, one encryption store), so tests never share keys."""
    return new_bot_account(synapse)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests that use the ``synapse`` fixture carry the ``synapse`` marker."""
    for item in items:
        if "synapse" in getattr(item, "fixturenames", ()) and item.get_closest_marker("synapse") is None:
            item.add_marker(pytest.mark.synapse)
