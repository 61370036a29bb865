"""The reminder scheduler with a controllable clock: on time, to the right person, never lost, never twice."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from bot.app import build
from bot.config import Settings
from bot.delivery import DeliveryError
from bot.scheduler import ReminderScheduler, advance_and_deliver
from state.models import Reminder, Team

AMS = ZoneInfo("Europe/Amsterdam")


def at(*args) -> datetime:
    """A moment in Amsterdam time."""
    return datetime(*args, tzinfo=AMS).astimezone(timezone.utc)


class Recorder:
    """A transport that records what it was asked to send; fails the first `failures` sends."""

    name = "console"

    def __init__(self, failures: int = 0, retry_after: float | None = None, dedupe: bool = False) -> None:
        self.sent: list[tuple[str, object, str | None]] = []
        self.failures, self.retry_after, self.dedupe = failures, retry_after, dedupe
        self.txn_ids: list[str | None] = []

    async def send(self, room_id, reply, *, txn_id=None):
        self.txn_ids.append(txn_id)
        if self.failures:
            self.failures -= 1
            raise DeliveryError("homeserver unreachable", retry_after=self.retry_after)
        if self.dedupe and any(txn == txn_id for _, _, txn in self.sent):
            return     # like Matrix: the same transaction id is the same event
        self.sent.append((room_id, reply, txn_id))

    def texts(self) -> list[str]:
        return [reply.text for _, reply, _ in self.sent]


@pytest.fixture
def team(app):
    app.add_member("Anna", "smw")
    app.add_member("Ilse", "ib")
    return app


def scheduler(app, transport, worker="w1", **options) -> ReminderScheduler:
    return ReminderScheduler(app.services, {"console": transport}, worker, **options)


def rows(app, **where) -> list[Reminder]:
    with app.services.db.session() as session:
        query = select(Reminder)
        for name, value in where.items():
            query = query.where(getattr(Reminder, name) == value)
        return list(session.exec(query.order_by(Reminder.due_at)).all())


async def test_a_reminder_goes_to_the_team_room_on_time_and_mentions_the_owner(team, clock):
    team.say("!actie @anna huisbezoek plannen Z-17 dinsdag")        # Tuesday 1 December, 17:00
    transport = Recorder()
    worker = scheduler(team, transport)
    clock.set(at(2026, 11, 27, 8, 29))
    assert (await worker.tick()).sent == 0                            # not yet
    clock.set(at(2026, 11, 27, 8, 30))                                # two working days before, at 08:30
    assert (await worker.tick()).sent == 1
    room, reply, txn_id = transport.sent[0]
    assert room == "room-1" and reply.mentions == ["anna"]
    assert "Anna" in reply.text and "#1 huisbezoek plannen" in reply.text
    assert "dinsdag 1 december, 17:00" in reply.text
    assert "huisbezoek" not in reply.withheld_text                    # descriptions stay out where only codes may go
    sent = rows(team, kind="before_due")[0]
    assert sent.status == "sent" and not sent.late and txn_id == sent.idempotency_key
    assert (await worker.tick()).sent == 0                            # and only once


async def test_reminders_speak_the_team_language(app_en, clock):
    app_en.add_member("Anna", "smw")
    app_en.say("!action anna call the parents Z-17 Tuesday")
    transport = Recorder()
    clock.set(at(2026, 12, 1, 8, 30))
    await scheduler(app_en, transport).tick()
    assert transport.texts() and "is due today" in transport.texts()[-1]


async def test_the_day_after_the_deadline_the_owner_hears_it_is_overdue_and_the_chair_gets_an_overview(team, clock):
    team.say("!actie anna verslag sturen morgen 12:00")             # Thursday 26 November, 12:00
    transport = Recorder()
    worker = scheduler(team, transport)
    clock.set(at(2026, 11, 27, 8, 30))
    await worker.tick()
    overdue = [r for _, r, _ in transport.sent if "over tijd" in r.text and r.mentions == ["anna"]]
    overview = [r for _, r, _ in transport.sent if r.mentions == ["chair"]]
    assert len(overdue) == 1 and "!klaar 1" in overdue[0].text
    assert len(overview) == 1 and "Dagoverzicht voor de voorzitter" in overview[0].text
    assert "#1 verslag sturen" in overview[0].text and "Anna" in overview[0].text
    # The next working day there is a new overview while the action stays overdue.
    clock.set(at(2026, 11, 30, 8, 30))
    await worker.tick()
    assert sum(r.mentions == ["chair"] for _, r, _ in transport.sent) == 2


async def test_no_overview_is_sent_when_nothing_is_overdue(team, clock):
    team.say("!actie anna verslag sturen 15 december")
    transport = Recorder()
    worker = scheduler(team, transport)
    clock.set(at(2026, 11, 26, 8, 30))
    stats = await worker.tick()
    assert stats.skipped == 1 and transport.sent == []
    assert [r.status for r in rows(team, kind="chair_overview")] == ["skipped", "pending"]


async def test_reminders_due_while_the_bot_was_down_are_sent_once_and_marked_late(team, clock, sqlite_url):
    team.say("!actie anna huisbezoek plannen dinsdag")               # reminders Fri 27, Tue 1, Wed 2
    team.services.db.dispose()
    clock.set(at(2026, 12, 3, 10, 0))                                 # back after a long outage
    services, _ = build(Settings(database_url=sqlite_url), clock=clock)   # a fresh process
    transport = Recorder()
    worker = ReminderScheduler(services, {"console": transport}, "after-restart")
    await worker.tick()
    action_texts = [r.text for _, r, _ in transport.sent if r.mentions == ["anna"]]
    # Only the current one: the reminders before the deadline were overtaken by the overdue one.
    assert len(action_texts) == 1 and "is over tijd" in action_texts[0]
    assert all(text.startswith("(Verlaat:") for text in action_texts)
    assert all(r.late for r in rows(team, status="sent") if r.action_id)
    assert [r.status for r in rows(team) if r.action_id] == ["skipped", "skipped", "sent"]
    assert (await worker.tick()).sent == 0
    services.db.dispose()


async def test_after_downtime_an_overtaken_reminder_is_skipped_and_only_the_current_one_goes_out(team, clock):
    clock.set(at(2026, 12, 2, 9, 0))
    team.say("!actie ik bellen Z-5 donderdag")                        # Thursday 3 December, 17:00
    transport = Recorder()
    worker = scheduler(team, transport)
    clock.set(at(2026, 12, 4, 10, 0))                                 # down from Wednesday until Friday
    stats = await worker.tick()
    texts = [r.text for _, r, _ in transport.sent if r.mentions == ["chair"] and "#1" in r.text]
    assert not any("vandaag is de deadline" in text for text in texts)   # not true on Friday
    assert sum("is over tijd" in text for text in texts) == 1
    assert stats.skipped >= 1
    assert {r.kind: r.status for r in rows(team) if r.action_id} == {"due_day": "skipped", "overdue": "sent"}
    clock.set(at(2026, 12, 7, 10, 0))                                 # the skipped one never comes later
    await worker.tick()
    assert not any("vandaag is de deadline" in r.text for _, r, _ in transport.sent)
    assert sum("is over tijd" in r.text and "#1" in r.text and r.mentions == ["chair"]
               for _, r, _ in transport.sent) == 1


async def test_after_a_short_downtime_the_one_reminder_due_still_goes_out_late(team, clock):
    clock.set(at(2026, 12, 2, 9, 0))
    team.say("!actie ik bellen Z-5 donderdag")
    transport = Recorder()
    worker = scheduler(team, transport)
    clock.set(at(2026, 12, 3, 10, 0))                                 # down Thursday morning only
    await worker.tick()
    assert [t for t in transport.texts() if "#1" in t and "Dagoverzicht" not in t] == [
        t for t in transport.texts() if "vandaag is de deadline" in t]
    assert sum("vandaag is de deadline" in t for t in transport.texts()) == 1
    clock.set(at(2026, 12, 4, 8, 30))
    await worker.tick()
    assert sum("is over tijd" in t and "Dagoverzicht" not in t for t in transport.texts()) == 1


async def test_after_downtime_in_english_only_the_overdue_reminder_goes_out(app_en, clock):
    clock.set(at(2026, 12, 2, 9, 0))
    app_en.say("!action me call Z-5 thursday")
    transport = Recorder()
    clock.set(at(2026, 12, 4, 10, 0))
    await scheduler(app_en, transport).tick()
    own = [t for t in transport.texts() if "#1" in t and "overview" not in t.casefold()]
    assert len(own) == 1 and "today is the deadline" not in own[0].casefold()


async def test_a_reminder_of_a_case_erased_after_it_was_rendered_does_not_go_out(team, clock, monkeypatch):
    from state.cases import find_case
    from state.erasure import erase_case

    team.say("!actie anna huisbezoek plannen Z-17 dinsdag")          # Tuesday 1 December, 17:00
    transport = Recorder()
    worker = scheduler(team, transport)
    render = worker._claim_and_render

    def render_then_erase(now, stats):
        found = render(now, stats)
        with team.services.db.session() as session:                  # erased in the same tick
            erase_case(session, find_case(session, team.team_id, "Z-17"), actor="test", now=now)
        return found

    monkeypatch.setattr(worker, "_claim_and_render", render_then_erase)
    clock.set(at(2026, 11, 27, 8, 30))
    stats = await worker.tick()
    assert stats.sent == 0 and transport.sent == []
    assert not [r for r in rows(team) if r.action_id]


async def test_a_failed_send_is_retried_with_backoff_and_delivered_once(team, clock):
    team.say("!actie anna huisbezoek plannen dinsdag")
    transport = Recorder(failures=2)
    worker = scheduler(team, transport)
    clock.set(at(2026, 11, 27, 8, 30))
    assert (await worker.tick()).failed == 1
    row = rows(team, kind="before_due")[0]
    assert row.status == "pending" and row.next_attempt_at == clock.now() + timedelta(seconds=30)
    assert (await worker.tick()).claimed == 0                         # waits for the backoff
    clock.advance(timedelta(seconds=30))
    assert (await worker.tick()).failed == 1
    assert rows(team, kind="before_due")[0].next_attempt_at == clock.now() + timedelta(seconds=60)
    clock.advance(timedelta(seconds=60))
    assert (await worker.tick()).sent == 1
    row = rows(team, kind="before_due")[0]
    assert row.status == "sent" and row.attempts == 3 and len(transport.sent) == 1


async def test_a_platform_retry_after_is_honoured(team, clock):
    team.say("!actie anna huisbezoek plannen dinsdag")
    worker = scheduler(team, Recorder(failures=1, retry_after=600))
    clock.set(at(2026, 11, 27, 8, 30))
    await worker.tick()
    assert rows(team, kind="before_due")[0].next_attempt_at == clock.now() + timedelta(seconds=600)


async def test_a_team_without_a_reachable_room_keeps_its_reminders(team, clock):
    team.say("!actie anna huisbezoek plannen dinsdag")
    worker = ReminderScheduler(team.services, {"matrix": Recorder()}, "matrix-only")
    clock.set(at(2026, 11, 27, 8, 30))
    assert (await worker.tick()).failed == 1
    assert rows(team, kind="before_due")[0].status == "pending"


async def test_a_crash_between_sending_and_recording_resends_with_the_same_transaction_id(team, clock):
    team.say("!actie anna huisbezoek plannen dinsdag")
    transport = Recorder(dedupe=True)
    crashing = scheduler(team, transport, "crashes")

    def crash(results):
        raise SystemExit("killed before recording")
    crashing._record = crash
    clock.set(at(2026, 11, 27, 8, 30))
    with pytest.raises(SystemExit):
        await crashing.tick()
    assert rows(team, kind="before_due")[0].status == "claimed"
    survivor = scheduler(team, transport, "survivor")
    assert (await survivor.tick()).claimed == 0                      # the claim still holds ...
    clock.advance(timedelta(minutes=6))                               # ... until its lease ends
    assert (await survivor.tick()).sent == 1
    assert transport.txn_ids[0] == transport.txn_ids[-1]              # the same transaction id twice
    assert len([s for s in transport.sent if s[1].mentions == ["anna"]]) == 1   # so one message
    assert rows(team, kind="before_due")[0].status == "sent"


async def test_completed_cancelled_and_rescheduled_actions_keep_no_stale_reminders(team, clock):
    team.say("!actie anna huisbezoek plannen dinsdag")
    team.say("!actie anna ouders bellen dinsdag")
    team.say("!actie anna verslag dinsdag")
    team.say("!klaar 1", "anna")
    team.say("!schrap 2")
    team.say("!verzet 3 15 december")
    assert {r.status for r in rows(team, action_id=1)} == {"obsolete"}
    assert {r.status for r in rows(team, action_id=2)} == {"obsolete"}
    pending = [r for r in rows(team, action_id=3) if r.status == "pending"]
    assert [r.due_at for r in pending] == [at(2026, 12, 11, 8, 30), at(2026, 12, 15, 8, 30), at(2026, 12, 16, 8, 30)]
    transport = Recorder()
    clock.set(at(2026, 12, 2, 9, 0))
    await scheduler(team, transport).tick()
    assert transport.sent == []


async def test_a_snoozed_action_is_quiet_until_the_snooze_ends(team, clock):
    team.say("!actie anna huisbezoek plannen dinsdag")
    assert "uitgesteld tot maandag 30 november, 17:00" in team.text("!uitstel 1 maandag", "anna")
    transport = Recorder()
    worker = scheduler(team, transport)
    clock.set(at(2026, 11, 27, 8, 30))
    await worker.tick()
    assert transport.sent == []
    clock.set(at(2026, 11, 30, 17, 0))
    await worker.tick()
    assert len(transport.sent) == 1 and "tot nu uitgesteld" in transport.texts()[0]
    clock.set(at(2026, 12, 1, 8, 30))                                 # the due-day reminder still comes
    await worker.tick()
    assert len(transport.sent) == 2


async def test_the_yearly_team_evaluation_is_planned_and_sent(team, clock):
    with team.services.db.session() as session:                      # the team was set up today
        session.get(Team, team.team_id).created_at = clock.now()
    transport = Recorder()
    worker = scheduler(team, transport)
    await worker.tick()                                               # the first pass plans it
    [evaluation] = rows(team, kind="evaluation")
    assert evaluation.due_at.astimezone(AMS).date().isoformat() == "2027-11-25"
    clock.set(evaluation.due_at)
    await worker.tick()
    assert len(transport.sent) == 1
    assert transport.sent[0][1].mentions == ["chair"] and "004:L2559-2561" in transport.texts()[0]
    assert [r.due_at.year for r in rows(team, kind="evaluation", status="pending")] == [2028]


async def test_a_daily_digest_comes_every_working_day_while_there_is_something_to_say(team, clock):
    team.say("!actie anna huisbezoek plannen 15 december")
    team.say("!overzicht dagelijks", "anna")
    transport = Recorder()
    worker = scheduler(team, transport)
    clock.set(at(2026, 11, 26, 8, 30))
    await worker.tick()
    digests = [r for _, r, _ in transport.sent if r.text.startswith("Overzicht voor Anna")]
    assert len(digests) == 1 and digests[0].mentions == ["anna"]
    assert [r.due_at for r in rows(team, kind="digest", status="pending")] == [at(2026, 11, 27, 8, 30)]
    team.say("!overzicht uit", "anna")
    clock.set(at(2026, 11, 27, 8, 30))
    await worker.tick()
    assert len([r for _, r, _ in transport.sent if r.text.startswith("Overzicht voor Anna")]) == 1


async def test_changing_the_reminder_time_replans_pending_reminders(team, clock):
    team.say("!actie anna huisbezoek plannen dinsdag")
    assert "opnieuw gepland" in team.text("!instellingen tijd 10:15")
    pending = [r.due_at for r in rows(team, action_id=1, status="pending")]
    assert pending == [at(2026, 11, 27, 10, 15), at(2026, 12, 1, 10, 15), at(2026, 12, 2, 10, 15)]


async def test_advance_and_deliver_walks_the_clock_through_every_reminder_on_time(team, clock):
    team.say("!actie anna huisbezoek plannen dinsdag")
    transport = Recorder()
    stats = await advance_and_deliver(team.services, {"console": transport}, timedelta(days=8))
    assert clock.now() == at(2026, 11, 25, 9, 30) + timedelta(days=8)
    assert stats.late == 0
    texts = transport.texts()
    assert sum("herinnering: actie #1" in t for t in texts) == 1
    assert sum("vandaag is de deadline" in t for t in texts) == 1
    assert sum("is over tijd" in t for t in texts) == 1
    # The jump is a gap: of the overviews on Wed 2 and Thu 3 December only the latest goes out, once.
    assert sum("Dagoverzicht voor de voorzitter" in t for t in texts) == 1
    assert stats.skipped >= 1


async def test_a_three_week_jump_sends_one_chair_overview_and_loses_no_action_reminder(team, clock):
    team.say("!actie anna huisbezoek plannen dinsdag")
    team.say("!overzicht dagelijks", "anna")
    transport = Recorder()
    await advance_and_deliver(team.services, {"console": transport}, timedelta(weeks=3))
    texts = transport.texts()
    assert sum("Dagoverzicht voor de voorzitter" in t for t in texts) == 1     # not one for every day
    assert sum(t.startswith("Overzicht voor Anna:") for t in texts) == 1            # her own digest too
    assert sum("herinnering: actie #1" in t for t in texts) == 1
    assert sum("vandaag is de deadline" in t for t in texts) == 1
    assert sum("is over tijd" in t for t in texts) == 1
    # the next overview is planned, not lost: the day after, it comes again
    transport.sent.clear()
    await advance_and_deliver(team.services, {"console": transport}, timedelta(days=1))
    assert sum("Dagoverzicht voor de voorzitter" in t for t in transport.texts()) == 1


class FailingRoom(Recorder):
    """Fails every send to one room until told otherwise."""

    def __init__(self, room: str) -> None:
        super().__init__()
        self.room, self.down = room, True

    async def send(self, room_id, reply, *, txn_id=None):
        if self.down and room_id == self.room:
            raise DeliveryError("room unreachable")
        await super().send(room_id, reply, txn_id=txn_id)


async def test_a_team_with_two_rooms_gets_each_reminder_once_in_each_room(database_url, clock):
    from state.models import Room
    from tests.conftest import make_chat_app

    app = make_chat_app(database_url, clock)
    app.add_member("Anna", "smw")
    with app.services.db.session() as session:
        session.add(Room(transport="console", external_id="room-2", team_id=app.team_id, encrypted=True))
        session.add(Room(transport="console", external_id="dm-anna", team_id=app.team_id, is_direct=True))
    app.say("!actie anna huisbezoek plannen dinsdag")
    transport = FailingRoom("room-2")
    worker = scheduler(app, transport)
    clock.set(at(2026, 11, 27, 8, 30))
    assert (await worker.tick()).failed == 1                          # room-1 got it, room-2 did not
    transport.down = False
    clock.advance(timedelta(seconds=30))
    assert (await worker.tick()).sent == 1
    assert sorted(room for room, _, _ in transport.sent) == ["room-1", "room-2"]   # no repeat, no direct chat
    app.services.db.dispose()


async def test_housekeeping_erases_closed_cases_after_the_retention_period(app, clock):
    from datetime import timedelta as _td

    from sqlmodel import select as _select

    from bot.scheduler import ReminderScheduler
    from state.models import AuditEntry, Case

    with app.services.db.session() as session:
        session.add(Case(team_id=app.team_id, code="Z-1", status="closed", closed_at=clock.now() - _td(days=400)))
        session.add(Case(team_id=app.team_id, code="Z-2", status="closed", closed_at=clock.now() - _td(days=10)))
        session.add(Case(team_id=app.team_id, code="Z-3"))
    await ReminderScheduler(app.services, {}).tick()
    with app.services.db.session() as session:
        assert sorted(c.code for c in session.exec(_select(Case)).all()) == ["Z-2", "Z-3"]
        assert [e.action for e in session.exec(_select(AuditEntry)).all()].count("case/erased") == 1
