"""The Matrix transport never opens a database session on the event loop: a slow or busy database
must not stall the sync loop (and with it every room). Offline: a stand-in client with one room
without encryption; the paths run are those that need no homeserver."""
from __future__ import annotations

from types import SimpleNamespace

from sqlmodel import select

from bot.config import MatrixSettings
from bot.transports.matrix.transport import MatrixTransport, _DatabasePins
from bot.transports.matrix.trust import IdentityChange
from core.messages import Reply
from state.models import AuditEntry
from tests.transports.session_threads import off_the_worker, record_session_threads

BOT = "@zorgbot:school.example"
ANNA = "@anna:school.example"
PLAIN_ROOM = "!plain:school.example"


class _Client:
    """What the transport reads of a nio client on these paths; anything sent is kept."""

    def __init__(self) -> None:
        self.user_id = BOT
        self.rooms = {PLAIN_ROOM: SimpleNamespace(encrypted=False, users={BOT: None}, user_name=lambda u: u)}
        self.sent: list = []

    async def room_send(self, *args, **kwargs):
        self.sent.append((args, kwargs))


def _transport(app, tmp_path) -> MatrixTransport:
    settings = MatrixSettings(homeserver="https://matrix.school.example", user_id=BOT)
    transport = MatrixTransport(app.services, app.router, settings, tmp_path)
    transport.account = SimpleNamespace(client=_Client())
    return transport


async def test_matrix_database_work_runs_on_the_routers_worker(app, tmp_path, monkeypatch):
    transport = _transport(app, tmp_path)
    threads = record_session_threads(monkeypatch, app.services.db)

    # A reminder for a room without encryption is kept out of it (direct chat looked up, room checked).
    await transport.send(PLAIN_ROOM, Reply("herinnering", mentions=[ANNA]))
    assert transport.client.sent == []

    # Small persistent facts, a reaction to an unknown question, pending messages, verification asks.
    await transport._put(transport._key("direct", PLAIN_ROOM), "1")
    assert await transport._is_direct(PLAIN_ROOM)
    said = transport._key("excluded", PLAIN_ROOM, ANNA, "PHONE")
    assert await transport._claim(said) and not await transport._claim(said)   # a notice is said once
    await transport._reaction(PLAIN_ROOM, SimpleNamespace(reacts_to="$unknown", key="1️⃣", sender=ANNA))
    await transport._retry_pending()
    await transport.verifier.follow_up()

    # An identity change is held and audited once, even when it is seen twice.
    change = IdentityChange(ANNA, "OLDKEYOLDKEYOLDKEY", "NEWKEYNEWKEYNEWKEY")
    await transport.notices.identity_changed(change)
    await transport.notices.identity_changed(change)
    assert transport.client.sent == []

    # The trust policy's pinned master keys.
    pins = _DatabasePins(app.services.db, app.router, BOT)
    await pins.pin(ANNA, "MASTERKEY")
    assert await pins.pinned() == {ANNA: "MASTERKEY"}

    assert threads, "the paths above read and write the database"
    assert off_the_worker(threads) == []
    with app.services.db.session() as session:
        audited = session.exec(select(AuditEntry).where(AuditEntry.action == "matrix/identity_changed")).all()
    assert len(audited) == 1
