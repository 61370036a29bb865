"""The one scheduler: claims due reminder rows, renders them, sends them to the team rooms, marks them.

Each reminder is a database row (state/reminders.py), so nothing lives only in memory:
- claim: a due row is marked `claimed` by this worker for a short lease, in one statement (on
  PostgreSQL with FOR UPDATE SKIP LOCKED, so workers never take the same row; on SQLite the single
  writer makes the conditional UPDATE the claim). The claim is the record that the row is being
  sent, committed before any request goes out. While the worker sends, a heartbeat extends the
  lease; a worker that dies stops extending it, and another takes the row over within
  lease + reclaim interval (20 s + 5 s), not minutes.
- send: with `txn_id=reminder.idempotency_key`, so a resend after a crash between sending and
  recording is recognised by the transport where it can (Matrix transaction ids are reused, and
  the homeserver deduplicates them; Telegram remembers delivered parts per txn id, which leaves
  only the moment between the Bot API's answer and that record).
- mark: right after each send, not at the end of the batch: `sent` (late when more than `grace`
  after its due moment), or back to `pending` with an exponential backoff (or the platform's
  retry-after) when a send failed. Never dropped.

What a reminder says is up to the handler module that owns its kind: a module in `handlers/` that
declares `REMINDERS = {kind: ReminderKind(render, after)}` is found like COMMANDS are.
"""
from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Awaitable, Callable
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from bot.delivery import DeliveryError
from bot.registry import discover_kinds
from core.i18n import spell_datetime, t
from core.messages import Reply
from handlers.reminder_kind import ReminderKind
from state import reminders as rows
from state.erasure import purge_expired_cases
from state.models import Reminder, Room, Team

log = logging.getLogger(__name__)


LEASE = timedelta(seconds=20)            # a claim lives this long without a heartbeat
RECLAIM_EVERY = timedelta(seconds=5)     # how often a worker looks for claims of a dead one


def default_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


@dataclass
class Delivery:
    reminder_id: int
    key: str
    due_at: datetime
    targets: list[tuple[int, str, str]]       # (room row id, transport, external room id)
    reply: Reply
    attempts: int = 1                          # counting this one
    delivered: list[int] = field(default_factory=list)
    error: DeliveryError | None = None


@dataclass
class TickStats:
    sent: int = 0
    late: int = 0
    failed: int = 0
    skipped: int = 0

    @property
    def claimed(self) -> int:
        return self.sent + self.failed + self.skipped


class ReminderScheduler:
    def __init__(self, services, transports: dict, worker_id: str | None = None, *, batch: int = 200,
                 lease: timedelta = LEASE, grace: timedelta = timedelta(minutes=5),
                 poll_seconds: float = 1.0, backoff_base: float = 30.0, backoff_cap: float = 3600.0,
                 housekeeping_every: timedelta = timedelta(hours=1),
                 reclaim_every: timedelta = RECLAIM_EVERY, concurrency: int = 32,
                 kinds: dict[str, ReminderKind] | None = None,
                 run_db: Callable[..., Awaitable[Any]] | None = None) -> None:
        self.services = services
        # Where database work runs: the router's one worker when the program passes it (`router.run`),
        # so reminders and turns take turns; a thread of their own otherwise (tests, tools).
        self._run_db = run_db or asyncio.to_thread
        self.transports = transports
        self.worker_id = worker_id or default_worker_id()
        self.batch, self.lease, self.grace = batch, lease, grace
        self.poll_seconds = poll_seconds
        self.backoff_base, self.backoff_cap = backoff_base, backoff_cap
        self.housekeeping_every, self.reclaim_every = housekeeping_every, reclaim_every
        self.kinds = kinds if kinds is not None else discover_kinds()
        self._semaphore = asyncio.Semaphore(concurrency)
        self._last_housekeeping: datetime | None = None
        self._last_reclaim: datetime | None = None

    @property
    def db(self):
        return self.services.db

    def now(self) -> datetime:
        return self.services.clock.now()

    # -- the loop --------------------------------------------------------------------------------
    async def run(self, stop_event: asyncio.Event) -> None:
        """Tick until `stop_event` is set, sleeping until the next row is due (at most `poll_seconds`,
        so rows another process or a handler adds are seen soon)."""
        log.info("reminder scheduler started", extra={"worker": self.worker_id})
        while not stop_event.is_set():
            try:
                stats = await self.tick()
                busy = stats.claimed >= self.batch
                delay = 0.0 if busy else await self._run_db(self._seconds_to_next)
            except Exception as exc:   # a database hiccup must not end the scheduler, nor make it spin
                log.error("reminder tick failed: %s", type(exc).__name__)
                delay = self.poll_seconds
            if delay > 0:
                try:
                    await asyncio.wait_for(stop_event.wait(), timeout=delay)
                except TimeoutError:
                    pass
            else:
                await asyncio.sleep(0)
        log.info("reminder scheduler stopped", extra={"worker": self.worker_id})

    def _seconds_to_next(self) -> float:
        with self.db.session() as session:
            moment = rows.next_due_at(session)
        if moment is None:
            return self.poll_seconds
        return max(0.0, min(self.poll_seconds, (moment - self.now()).total_seconds()))

    async def tick(self) -> TickStats:
        """One pass: claim what is due, send it, record the outcome."""
        now = self.now()
        if self._last_housekeeping is None or now - self._last_housekeeping >= self.housekeeping_every:
            await self._run_db(self.housekeeping, now)
            self._last_housekeeping = now
        if self._last_reclaim is None or now - self._last_reclaim >= self.reclaim_every:
            await self._run_db(self._reclaim, now)
            self._last_reclaim = now
        stats = TickStats()
        deliveries, finished = await self._run_db(self._claim_and_render, now, stats)
        if finished:
            await self._run_db(self._record, finished)
        if deliveries:
            # Rendered a moment ago: a row gone since (its case erased) or no longer this worker's
            # claim does not go out from here. One query for the batch.
            ours = await self._run_db(self._still_claimed, [d.reminder_id for d in deliveries])
            stats.skipped += sum(d.reminder_id not in ours for d in deliveries)
            deliveries = [d for d in deliveries if d.reminder_id in ours]
        if deliveries:
            heartbeat = asyncio.create_task(self._heartbeat(), name="zorgbot-reminder-heartbeat")
            try:
                await asyncio.gather(*(self._deliver_and_record(d, stats) for d in deliveries))
            finally:
                heartbeat.cancel()
        return stats

    async def _deliver_and_record(self, delivery: Delivery, stats: TickStats) -> None:
        """Send, then record the outcome of this one row at once: a crash later in the batch cannot
        make it go out again."""
        await self._deliver(delivery)
        await self._run_db(self._record, [self._outcome(delivery, stats)])

    async def _heartbeat(self) -> None:
        """While this worker sends, keep its claims alive (a flood-control wait can outlast a lease)."""
        interval = max(0.05, self.lease.total_seconds() / 4)
        while True:
            await asyncio.sleep(interval)
            try:
                await self._run_db(self._extend_claims)
            except Exception as exc:     # a missed beat only shortens the lease; the next one retries
                log.warning("claim heartbeat failed", extra={"error": type(exc).__name__})

    def _still_claimed(self, ids: list[int]) -> set[int]:
        with self.db.session() as session:
            return rows.still_claimed(session, ids, self.worker_id)

    def _extend_claims(self) -> None:
        with self.db.session() as session:
            rows.extend_claims(session, self.worker_id, self.now() + self.lease)

    def housekeeping(self, now: datetime) -> None:
        """Team-level rows every team should have (chair overview, yearly evaluation), and the
        erasure of closed cases whose team's retention period has passed."""
        with self.db.session() as session:
            for team in session.exec(select(Team)).all():
                rows.ensure_team_schedule(session, team, now)
        with self.db.session() as session:
            erased = purge_expired_cases(session, now)
        if erased:
            log.info("closed cases erased after their retention period", extra={"cases": erased})

    def _reclaim(self, now: datetime) -> None:
        with self.db.session() as session:
            found = rows.reclaim_abandoned(session, now)
        if found:
            log.warning("reclaimed reminders of a worker that stopped", extra={"reminders": found})

    # -- claim and render ------------------------------------------------------------------------
    def _claim_and_render(self, now: datetime, stats: TickStats) -> tuple[list[Delivery], list[dict]]:
        with self.db.session() as session:
            ids = rows.claim_due(session, self.worker_id, now, self.lease, self.batch, postgres=self.db.is_postgres)
            if not ids:
                return [], []
            claimed = session.exec(select(Reminder).where(Reminder.id.in_(ids)).order_by(Reminder.due_at)).all()
            teams = {team.id: team for team in session.exec(select(Team).where(
                Team.id.in_({r.team_id for r in claimed}))).all()}
            rooms: dict[int, list[tuple[int, str, str]]] = {}
            for room in session.exec(select(Room).where(Room.team_id.in_(list(teams)),
                                                        Room.is_direct == False)):  # noqa: E712
                if room.transport in self.transports:
                    rooms.setdefault(room.team_id, []).append((room.id, room.transport, room.external_id))
            deliveries, finished = [], []
            # After downtime an action's earlier reminder is overtaken by a later one: marked skipped
            # (handled, never sent), and only the current one goes out.
            stale = rows.superseded(session, claimed, now)
            for reminder in claimed:
                if reminder.id in stale:
                    stats.skipped += 1
                    finished.append({"id": reminder.id, "status": rows.SKIPPED, "sent_at": now, "late": False})
                    continue
                team = teams[reminder.team_id]
                try:
                    reply = self._render(session, reminder, team, now)
                except Exception as exc:     # a rendering bug: keep the row and try again later
                    log.error("reminder render failed: %s", type(exc).__name__, extra={"reminder": reminder.id})
                    stats.failed += 1
                    finished.append(self._retry(reminder.id, reminder.attempts, None, now))
                    continue
                if reply is None:
                    stats.skipped += 1
                    finished.append({"id": reminder.id, "status": rows.SKIPPED, "sent_at": now, "late": False})
                    continue
                # Every team room on a running transport, less those a partly failed attempt reached.
                done = set((reminder.payload or {}).get("delivered_rooms", []))
                targets = [target for target in rooms.get(team.id, []) if target[0] not in done]
                deliveries.append(Delivery(reminder.id, reminder.idempotency_key, reminder.due_at, targets, reply,
                                           reminder.attempts))
            return deliveries, finished

    def _render(self, session: Session, reminder: Reminder, team: Team, now: datetime) -> Reply | None:
        kind = self.kinds.get(reminder.kind)
        if kind is None:
            raise LookupError(f"no renderer for reminder kind {reminder.kind}")
        reply = kind.render(session, reminder, team, now)
        if reply is not None and now - reminder.due_at > self.grace:
            lang, tz = team.language, ZoneInfo(team.timezone)
            note = t("reminder.late_note", lang, when=spell_datetime(reminder.due_at, lang, tz))
            reply.text = f"{note}\n{reply.text}"
            if reply.withheld_text:
                reply.withheld_text = f"{note}\n{reply.withheld_text}"
        return reply

    # -- send --------------------------------------------------------------------------------------
    async def _deliver(self, delivery: Delivery) -> None:
        """Send to every target room; stops at the first failure (the rest is retried with the row)."""
        if not delivery.targets:
            delivery.error = DeliveryError("no room of this team on a running transport")
            return
        async with self._semaphore:
            for room_id, transport_name, external_id in delivery.targets:
                try:
                    await self.transports[transport_name].send(external_id, delivery.reply, txn_id=delivery.key)
                except DeliveryError as problem:
                    delivery.error = problem
                    return
                except Exception as exc:     # a transport bug counts as a failed send: retried, never lost
                    delivery.error = DeliveryError(type(exc).__name__)
                    return
                delivery.delivered.append(room_id)

    def _outcome(self, delivery: Delivery, stats: TickStats) -> dict:
        problem = delivery.error
        now = self.now()
        if problem is None:
            late = now - delivery.due_at > self.grace
            stats.sent += 1
            stats.late += int(late)
            return {"id": delivery.reminder_id, "status": rows.SENT, "sent_at": now, "late": late}
        stats.failed += 1
        log.warning("reminder send failed, will retry", extra={"reminder": delivery.reminder_id,
                                                                "error": type(problem).__name__})
        outcome = self._retry(delivery.reminder_id, delivery.attempts, problem.retry_after, now)
        outcome["delivered_rooms"] = delivery.delivered
        return outcome

    def _retry(self, reminder_id: int, attempts: int, retry_after: float | None, now: datetime) -> dict:
        """Back to pending, to be tried again after the backoff."""
        return {"id": reminder_id, "status": rows.PENDING, "next_attempt_at": now + self.backoff(attempts, retry_after)}

    def backoff(self, attempts: int, retry_after: float | None) -> timedelta:
        """30 s, 1 min, 2 min, ... up to an hour; never sooner than the platform asked."""
        seconds = min(self.backoff_base * 2 ** max(0, attempts - 1), self.backoff_cap)
        return timedelta(seconds=max(seconds, retry_after or 0))

    # -- record ------------------------------------------------------------------------------------
    def _record(self, results: list[dict]) -> None:
        with self.db.session() as session:
            partly = [r for r in results if r.get("delivered_rooms")]
            for result in partly:   # rooms already reached are not sent to again
                reminder = session.get(Reminder, result["id"])
                done = sorted(set((reminder.payload or {}).get("delivered_rooms", [])) | set(result["delivered_rooms"]))
                reminder.payload = {**(reminder.payload or {}), "delivered_rooms": done}
                session.add(reminder)
            if partly:
                session.flush()
            changed = rows.release(session, self.worker_id, results)
            if changed < len(results):
                log.warning("reminder claims lost before recording", extra={"lost": len(results) - changed})
            finished = [r["id"] for r in results if r["status"] in (rows.SENT, rows.SKIPPED)]
            self._after(session, finished)

    def _after(self, session: Session, finished: list[int]) -> None:
        """Plan the next row of periodic kinds that just went out."""
        periodic = {kind for kind, spec in self.kinds.items() if spec.after is not None}
        if not finished or not periodic:
            return
        done = session.exec(select(Reminder).where(Reminder.id.in_(finished), Reminder.kind.in_(periodic))).all()
        now = self.now()
        for reminder in done:
            team = session.get(Team, reminder.team_id)
            self.kinds[reminder.kind].after(session, reminder, team, now)


# -- entry points for the program ------------------------------------------------------------------
def start_scheduler(services, transports: dict, *, worker_id: str | None = None,
                    stop_event: asyncio.Event | None = None, **options) -> asyncio.Task:
    """Run the scheduler in the background of the current event loop. Stop it by setting
    `task.stop_event` (it finishes the send in progress) or by cancelling the task."""
    scheduler = ReminderScheduler(services, transports, worker_id, **options)
    stop_event = stop_event or asyncio.Event()
    task = asyncio.create_task(scheduler.run(stop_event), name="zorgbot-reminders")
    task.stop_event = stop_event          # type: ignore[attr-defined]
    task.scheduler = scheduler            # type: ignore[attr-defined]
    return task


async def advance_and_deliver(services, transports: dict, delta: timedelta, *,
                              scheduler: ReminderScheduler | None = None) -> TickStats:
    """Move the clock forward by `delta` and deliver everything that falls due on the way, each at its
    own moment; of the daily overviews and digests only the last one before the target goes out (a gap
is treated as downtime). For the console's /klok."""
    scheduler = scheduler or ReminderScheduler(services, transports, "console-clock")
    clock = services.clock
    target = clock.now() + delta
    total = TickStats()
    for _ in range(100_000):
        with services.db.session() as session:
            moment = rows.next_due_at(session)
        if moment is None or moment > target:
            break
        if moment > clock.now():
            clock.set(moment)
        # A jump is a gap: of the daily overviews and digests on the way only the latest goes out, as
        # after downtime only an action's most current reminder does (not eleven in a row).
        with services.db.session() as session:
            passed = rows.skip_overtaken_daily(session, clock.now(), target)
        if passed:
            total.skipped += passed
            continue
        stats = await scheduler.tick()
        for name in ("sent", "late", "failed", "skipped"):
            setattr(total, name, getattr(total, name) + getattr(stats, name))
        if stats.claimed == 0 and moment <= clock.now():
            break     # nothing claimable although due (cannot happen unless another worker holds it)
    clock.set(target)
    stats = await scheduler.tick()
    for name in ("sent", "late", "failed", "skipped"):
        setattr(total, name, getattr(total, name) + getattr(stats, name))
    return total
