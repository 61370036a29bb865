"""The Telegram transport leaves all its database work to the router's one worker: never on the
event loop (a slow database would stall every chat) and never beside the worker (two writers race)."""
from __future__ import annotations

from core.messages import Reply
from tests.telegram.conftest import ANNA, GROUP, STRANGER
from tests.transports.session_threads import off_the_worker, record_session_threads


async def test_telegram_database_work_runs_on_the_routers_worker(linked, monkeypatch):
    tg, fake = linked, linked.fake
    threads = record_session_threads(monkeypatch, tg.chat.services.db)

    await tg.says(GROUP, ANNA, "/team inrichten")          # screened, handled, a question asked
    await tg.answers(GROUP, ANNA, "-")                     # a typed answer
    kind = fake.last(GROUP)
    await tg.press(kind, ANNA, "zorgteam")                 # a tapped choice is claimed
    await tg.says(GROUP, STRANGER, "/team")                # a stranger is refused
    sent_before = len(fake.sent)
    reminder = Reply("herinnering", privacy="advice")
    await tg.transport.send(str(GROUP.id), reminder, txn_id="reminder-1")
    await tg.transport.send(str(GROUP.id), reminder, txn_id="reminder-1")   # delivered already
    assert len(fake.sent) == sent_before + 1

    assert threads, "the paths above read and write the database"
    assert off_the_worker(threads) == []
