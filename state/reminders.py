"""Reminder rows: when they fall (working days, quiet hours, team settings), and how they are claimed.

Every reminder is a row in the database before it is due, so a restart or a second process loses
and repeats nothing (DESIGN.md, "The database is the truth"). Action reminders are replaced whenever
their action changes: pending rows become `obsolete`, never deleted, so the history stays readable.
Team-level rows (the chair's daily overview, a member's digest, the yearly team evaluation) carry a
deterministic idempotency key, so two processes planning the same row create it once.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, func, or_, select as sa_select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from core import school_holidays
from core.calendar import DEFAULT_WORKDAYS, add_working_days, is_working_day, read_holidays, read_workdays
from state.models import Action, Reminder, Team

ACTION_KINDS = ("before_due", "due_day", "overdue", "snooze")
OVERVIEW, DIGEST, EVALUATION = "chair_overview", "digest", "evaluation"
PENDING, CLAIMED, SENT, SKIPPED, OBSOLETE = "pending", "claimed", "sent", "skipped", "obsolete"


def utc(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc)


# -- team settings ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class ReminderSettings:
    """A team's reminder rules; stored in Team.settings["reminders"], defaults here."""

    workdays: frozenset[int] = DEFAULT_WORKDAYS
    quiet_start: time = time(18, 0)
    quiet_end: time = time(8, 0)
    reminder_time: time = time(8, 30)
    lead_working_days: int = 2
    # The team's days off: its own (study days, !instellingen vrij) and its region's school holidays.
    holidays: frozenset[date] = field(default_factory=frozenset)
    chair_overview: bool = True
    # The region's school holidays count as days off unless the team says otherwise; they come from
    # the data file and are never stored with the team's own days.
    skip_school_holidays: bool = True
    school_holidays: frozenset[date] = field(default_factory=frozenset)

    @classmethod
    def of(cls, team: Team) -> "ReminderSettings":
        raw = (team.settings or {}).get("reminders") or {}
        settings = cls()
        if "workdays" in raw:
            settings = replace(settings, workdays=read_workdays(raw["workdays"]))
        if "quiet_hours" in raw:
            start, end = raw["quiet_hours"]
            settings = replace(settings, quiet_start=time.fromisoformat(start), quiet_end=time.fromisoformat(end))
        if "reminder_time" in raw:
            settings = replace(settings, reminder_time=time.fromisoformat(raw["reminder_time"]))
        if "lead_working_days" in raw:
            settings = replace(settings, lead_working_days=int(raw["lead_working_days"]))
        if "holidays" in raw:
            settings = replace(settings, holidays=read_holidays(raw["holidays"]))
        if "chair_overview" in raw:
            settings = replace(settings, chair_overview=bool(raw["chair_overview"]))
        if "school_holidays" in raw:
            settings = replace(settings, skip_school_holidays=bool(raw["school_holidays"]))
        if settings.skip_school_holidays:
            school = school_holidays.holidays((team.settings or {}).get("region"))
            settings = replace(settings, school_holidays=school, holidays=settings.holidays | school)
        return settings

    def to_json(self) -> dict:
        return {"workdays": sorted(self.workdays),
                "quiet_hours": [self.quiet_start.strftime("%H:%M"), self.quiet_end.strftime("%H:%M")],
                "reminder_time": self.reminder_time.strftime("%H:%M"),
                "lead_working_days": self.lead_working_days,
                "holidays": sorted(d.isoformat() for d in self.own_holidays),
                "chair_overview": self.chair_overview,
                "school_holidays": self.skip_school_holidays}

    @property
    def own_holidays(self) -> frozenset[date]:
        """The team's own days off, without the region's school holidays."""
        return self.holidays - self.school_holidays

    def store(self, team: Team) -> None:
        # A new dict: the JSON column only notices a change when it gets a new, unequal value.
        team.settings = {**(team.settings or {}), "reminders": self.to_json()}

    # -- the calendar ----------------------------------------------------------------------
    def is_working_day(self, day: date) -> bool:
        return is_working_day(day, self.workdays, self.holidays)

    def is_quiet_time(self, moment: time) -> bool:
        if self.quiet_start == self.quiet_end:
            return False
        if self.quiet_start < self.quiet_end:          # a quiet stretch within one day
            return self.quiet_start <= moment < self.quiet_end
        return moment >= self.quiet_start or moment < self.quiet_end   # over midnight

    def allowed(self, moment: datetime, tz: ZoneInfo) -> bool:
        local = moment.astimezone(tz)
        return self.is_working_day(local.date()) and not self.is_quiet_time(local.time())

    def next_allowed(self, moment: datetime, tz: ZoneInfo) -> datetime:
        """`moment` itself when a reminder may go then, else the next allowed morning (reminder time)."""
        if self.allowed(moment, tz):
            return utc(moment)
        local = moment.astimezone(tz)
        for offset in range(0, 400):
            day = local.date() + timedelta(days=offset)
            if not self.is_working_day(day):
                continue
            floor = local.time() if offset == 0 else time(0, 0)
            # The team's reminder time first ("the next morning"); else the end of a quiet stretch.
            for candidate in (self.reminder_time, self.quiet_end, self.quiet_start):
                if candidate >= floor and not self.is_quiet_time(candidate):
                    at = datetime.combine(day, candidate, tzinfo=tz)
                    if at > moment:
                        return utc(at)
        raise ValueError("no working day within a year: check the team's working days")

    def at_reminder_time(self, day: date, tz: ZoneInfo) -> datetime:
        return datetime.combine(day, self.reminder_time, tzinfo=tz)


# -- when an action's reminders fall ---------------------------------------------------------------
def action_moments(due_at: datetime, settings: ReminderSettings, tz: ZoneInfo,
                   now: datetime) -> list[tuple[str, datetime]]:
    """(kind, moment) for an open action due at `due_at`: two working days before (by default), the
    morning of the due day and the morning after it is overdue, moved out of quiet hours; moments
    already past at `now` are left out (a new action is not reminded of late)."""
    due_local = due_at.astimezone(tz)
    moments: list[tuple[str, datetime]] = []
    if settings.lead_working_days > 0:
        day = add_working_days(due_local.date(), -settings.lead_working_days, settings.workdays, settings.holidays)
        moments.append(("before_due", settings.next_allowed(settings.at_reminder_time(day, tz), tz)))
    moments.append(("due_day", settings.next_allowed(settings.at_reminder_time(due_local.date(), tz), tz)))
    overdue = settings.at_reminder_time(due_local.date(), tz)
    if overdue <= due_at:
        overdue = settings.at_reminder_time(due_local.date() + timedelta(days=1), tz)
    moments.append(("overdue", settings.next_allowed(overdue, tz)))
    chosen: list[tuple[str, datetime]] = []
    for kind, moment in moments:
        if kind != "overdue" and moment >= due_at:
            continue      # moved past the due moment by quiet hours: the later reminders cover it
        if moment <= now or any(moment == taken for _, taken in chosen):
            continue
        chosen.append((kind, utc(moment)))
    return chosen


def new_key(prefix: str = "r") -> str:
    return f"{prefix}-{uuid.uuid4().hex}"


def obsolete_action_reminders(session: Session, action_id: int, *, before: datetime | None = None) -> int:
    """Pending reminders of an action become obsolete (kept as history, never sent)."""
    statement = update(Reminder).where(Reminder.action_id == action_id, Reminder.status == PENDING,
                                       Reminder.kind.in_(ACTION_KINDS))
    if before is not None:
        statement = statement.where(Reminder.due_at < before)
    return session.execute(statement.values(status=OBSOLETE)).rowcount or 0


def plan_action_reminders(session: Session, team: Team, action: Action, now: datetime) -> list[Reminder]:
    """Replace the action's pending reminders by the ones its current state and due date call for."""
    obsolete_action_reminders(session, action.id)
    if action.status != "open":
        return []
    tz = ZoneInfo(team.timezone)
    rows = [Reminder(team_id=team.id, kind=kind, action_id=action.id, member_id=action.owner_member_id,
                     due_at=moment, idempotency_key=new_key())
            for kind, moment in action_moments(action.due_at, ReminderSettings.of(team), tz, now)]
    session.add_all(rows)
    session.flush()
    return rows


def snooze_action(session: Session, team: Team, action: Action, until: datetime) -> datetime:
    """No reminder for this action before `until`; then one saying it was snoozed. Returns the moment."""
    settings, tz = ReminderSettings.of(team), ZoneInfo(team.timezone)
    moment = settings.next_allowed(until, tz)
    obsolete_action_reminders(session, action.id, before=moment + timedelta(seconds=1))
    session.add(Reminder(team_id=team.id, kind="snooze", action_id=action.id, member_id=action.owner_member_id,
                         due_at=moment, idempotency_key=new_key()))
    session.flush()
    return moment


def snoozed_until(session: Session, action_id: int) -> datetime | None:
    return session.exec(select(Reminder.due_at).where(Reminder.action_id == action_id, Reminder.kind == "snooze",
                                                      Reminder.status == PENDING)).first()


# -- savepoints that also hold on SQLite --------------------------------------------------------------
def savepoint(session: Session):
    """A nested transaction that can be rolled back on its own (e.g. a lost race for a number).

    On SQLite this is safe because the engine opens every transaction itself (state/db.py), so a
    SAVEPOINT is never mistaken for the outermost transaction.
    """
    return session.begin_nested()


# -- team-level rows with deterministic keys ---------------------------------------------------------
def ensure_row(session: Session, key: str, **fields) -> Reminder | None:
    """The pending row with this key, created (or revived when obsolete) if needed; None when the row
    already went out. Safe when another process plans the same row at the same time."""
    existing = session.exec(select(Reminder).where(Reminder.idempotency_key == key)).first()
    if existing is not None:
        if existing.status == OBSOLETE:
            existing.status, existing.attempts, existing.next_attempt_at = PENDING, 0, None
            for name, value in fields.items():
                setattr(existing, name, value)
            session.add(existing)
            return existing
        return existing if existing.status in (PENDING, CLAIMED) else None
    row = Reminder(idempotency_key=key, **fields)
    try:
        with savepoint(session):
            session.add(row)
    except IntegrityError:
        return None    # another process planned it a moment ago
    return row


def next_daily(settings: ReminderSettings, tz: ZoneInfo, after: datetime) -> datetime:
    """The first working-day reminder time strictly after `after`."""
    day = after.astimezone(tz).date()
    while True:
        if settings.is_working_day(day):
            at = settings.at_reminder_time(day, tz)
            if at > after:
                return settings.next_allowed(at, tz)
        day += timedelta(days=1)


def _pending_of_kind(session: Session, team_id: int, kind: str, member_id: int | None = None) -> Reminder | None:
    query = select(Reminder).where(Reminder.team_id == team_id, Reminder.kind == kind,
                                   Reminder.status.in_([PENDING, CLAIMED]))
    if member_id is not None:
        query = query.where(Reminder.member_id == member_id)
    return session.exec(query).first()


def has_open_actions(session: Session, team_id: int) -> bool:
    return session.exec(select(Action.id).where(Action.team_id == team_id, Action.status == "open")).first() is not None


def ensure_overview(session: Session, team: Team, now: datetime) -> Reminder | None:
    """The chair's next daily overview of overdue actions, while the team has open actions."""
    settings = ReminderSettings.of(team)
    if not settings.chair_overview or not has_open_actions(session, team.id):
        return None
    existing = _pending_of_kind(session, team.id, OVERVIEW)
    if existing is not None:
        return existing
    tz = ZoneInfo(team.timezone)
    at = next_daily(settings, tz, now)
    return ensure_row(session, f"overview:{team.id}:{at.astimezone(tz).date().isoformat()}",
                      team_id=team.id, kind=OVERVIEW, due_at=at)


def ensure_digest(session: Session, team: Team, member_id: int, now: datetime) -> Reminder | None:
    existing = _pending_of_kind(session, team.id, DIGEST, member_id)
    if existing is not None:
        return existing
    settings, tz = ReminderSettings.of(team), ZoneInfo(team.timezone)
    at = next_daily(settings, tz, now)
    return ensure_row(session, f"digest:{member_id}:{at.astimezone(tz).date().isoformat()}",
                      team_id=team.id, kind=DIGEST, member_id=member_id, due_at=at)


def stop_digest(session: Session, team_id: int, member_id: int) -> bool:
    result = session.execute(update(Reminder).where(
        Reminder.team_id == team_id, Reminder.kind == DIGEST, Reminder.member_id == member_id,
        Reminder.status == PENDING).values(status=OBSOLETE))
    return bool(result.rowcount)


def digest_subscribed(session: Session, team_id: int, member_id: int) -> bool:
    return _pending_of_kind(session, team_id, DIGEST, member_id) is not None


def _anniversary(start: date, year: int) -> date:
    try:
        return start.replace(year=year)
    except ValueError:        # 29 February
        return date(year, 2, 28)


def ensure_evaluation(session: Session, team: Team, now: datetime) -> Reminder | None:
    """The yearly team evaluation (004:L2559-2561): on the anniversary of the team's start."""
    existing = _pending_of_kind(session, team.id, EVALUATION)
    if existing is not None:
        return existing
    settings, tz = ReminderSettings.of(team), ZoneInfo(team.timezone)
    created = team.created_at if team.created_at.tzinfo else team.created_at.replace(tzinfo=timezone.utc)
    start, today = created.astimezone(tz).date(), now.astimezone(tz).date()
    year = max(start.year + 1, today.year)
    while settings.at_reminder_time(_anniversary(start, year), tz) <= now:
        year += 1
    at = settings.next_allowed(settings.at_reminder_time(_anniversary(start, year), tz), tz)
    return ensure_row(session, f"evaluation:{team.id}:{year}", team_id=team.id, kind=EVALUATION, due_at=at)


def ensure_team_schedule(session: Session, team: Team, now: datetime) -> None:
    """The team-level rows every team should have; cheap when they exist (run at each reminder pass)."""
    ensure_overview(session, team, now)
    ensure_evaluation(session, team, now)


def replan_team_rows(session: Session, team: Team, now: datetime) -> None:
    """After a settings change: the overview and digests move to the new rules."""
    digest_members = session.exec(select(Reminder.member_id).where(
        Reminder.team_id == team.id, Reminder.kind == DIGEST, Reminder.status == PENDING)).all()
    session.execute(update(Reminder).where(Reminder.team_id == team.id, Reminder.kind.in_([OVERVIEW, DIGEST]),
                                           Reminder.status == PENDING).values(status=OBSOLETE))
    ensure_overview(session, team, now)
    for member_id in digest_members:
        ensure_digest(session, team, member_id, now)


def plan_follow_up(session: Session, reminder: Reminder, team: Team, now: datetime) -> None:
    """After a periodic row went out (or was skipped): plan its next one, counted from now so a long
    downtime gives one late row, not one for every missed day."""
    if reminder.kind == OVERVIEW:
        ensure_overview(session, team, now)
    elif reminder.kind == DIGEST and reminder.member_id is not None:
        ensure_digest(session, team, reminder.member_id, now)
    elif reminder.kind == EVALUATION:
        ensure_evaluation(session, team, now)


def skip_overtaken_daily(session: Session, now: datetime, until: datetime) -> int:
    """Across a gap (the console's clock jumping ahead): a due chair overview or member digest whose next
    one also falls due by `until` says nothing the next one will not say better, so it is marked
    skipped (handled, never sent) and its next one planned; only the latest goes out. Returns how many."""
    due = session.exec(select(Reminder).where(Reminder.kind.in_([OVERVIEW, DIGEST]), Reminder.status == PENDING,
                                              Reminder.due_at <= now)).all()
    skipped = 0
    for row in due:
        team = session.get(Team, row.team_id)
        if team is None:
            continue
        settings, tz = ReminderSettings.of(team), ZoneInfo(team.timezone)
        if next_daily(settings, tz, max(_aware(row.due_at), now)) > until:
            continue
        row.status, row.sent_at = SKIPPED, now
        session.add(row)
        session.flush()
        plan_follow_up(session, row, team, now)
        skipped += 1
    return skipped


# -- after downtime: only the most current reminder of an action goes out ----------------------------------
def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)   # SQLite hands back naive UTC


def superseded(session: Session, claimed: list[Reminder], now: datetime) -> set[int]:
    """The claimed action reminders that a later one overtook while the bot was down: another reminder
    of the same action (pending, claimed or sent) whose moment has passed too, or, for the reminders
    before the deadline, a deadline already past with an 'overdue' reminder to follow. Sending them now
    would say something no longer true ("today is the deadline" on the day after); the current one
    goes out instead. Two queries for the whole batch."""
    candidates = [r for r in claimed if r.action_id is not None and r.kind in ACTION_KINDS]
    if not candidates:
        return set()
    action_ids = sorted({r.action_id for r in candidates})
    live = (PENDING, CLAIMED, SENT)
    latest = dict(session.execute(
        sa_select(Reminder.action_id, func.max(Reminder.due_at))
        .where(Reminder.action_id.in_(action_ids), Reminder.kind.in_(ACTION_KINDS),
               Reminder.status.in_(live), Reminder.due_at <= now)
        .group_by(Reminder.action_id)).all())
    past_deadline = set(session.execute(
        sa_select(Action.id).where(Action.id.in_(action_ids), Action.due_at <= now,
                                   Action.id.in_(sa_select(Reminder.action_id).where(
                                       Reminder.kind == "overdue", Reminder.status.in_(live))))).scalars().all())
    stale = set()
    for reminder in candidates:
        newest = latest.get(reminder.action_id)
        if newest is not None and _aware(newest) > _aware(reminder.due_at):
            stale.add(reminder.id)
        elif reminder.kind in ("before_due", "due_day") and reminder.action_id in past_deadline:
            stale.add(reminder.id)
    return stale


def still_claimed(session: Session, ids: list[int], worker_id: str) -> set[int]:
    """Right before sending: which of these rows are still there and still this worker's claim (a case
    erased, or a claim taken over, meanwhile means that row does not go out from here)."""
    if not ids:
        return set()
    return set(session.execute(sa_select(Reminder.id).where(
        Reminder.id.in_(ids), Reminder.status == CLAIMED, Reminder.claimed_by == worker_id)).scalars().all())


# -- claiming, for the scheduler -----------------------------------------------------------------
def claim_due(session: Session, worker_id: str, now: datetime, lease: timedelta, limit: int,
              *, postgres: bool) -> list[int]:
    """Mark up to `limit` due rows as claimed by `worker_id` and return their ids.

    One statement: on PostgreSQL the candidate rows are locked with SKIP LOCKED, so a second worker
    takes other rows instead of waiting for these; SQLite has a single writer, so the conditional
    UPDATE itself is the claim. The candidates come from the (status, due_at) index.
    """
    candidates = (sa_select(Reminder.id)
                  .where(Reminder.status == PENDING, Reminder.due_at <= now,
                         or_(Reminder.next_attempt_at.is_(None), Reminder.next_attempt_at <= now))
                  .order_by(Reminder.due_at).limit(limit))
    if postgres:
        candidates = candidates.with_for_update(skip_locked=True)
    statement = (update(Reminder).where(Reminder.id.in_(candidates.scalar_subquery()))
                 .values(status=CLAIMED, claimed_by=worker_id, claimed_until=now + lease,
                         attempts=Reminder.attempts + 1)
                 .returning(Reminder.id).execution_options(synchronize_session=False))
    return [row[0] for row in session.execute(statement).all()]


def extend_claims(session: Session, worker_id: str, until: datetime) -> int:
    """The heartbeat of a worker that is still sending: its claims last until `until`."""
    statement = (update(Reminder).where(Reminder.status == CLAIMED, Reminder.claimed_by == worker_id)
                 .values(claimed_until=until).execution_options(synchronize_session=False))
    return session.execute(statement).rowcount or 0


def reclaim_abandoned(session: Session, now: datetime) -> int:
    """Claims whose lease ran out (the worker crashed or hung) become pending again, to be sent by
    whoever claims them next, with the same idempotency key."""
    statement = (update(Reminder).where(Reminder.status == CLAIMED, Reminder.claimed_until < now)
                 .values(status=PENDING, claimed_by=None, claimed_until=None)
                 .execution_options(synchronize_session=False))
    return session.execute(statement).rowcount or 0


def release(session: Session, worker_id: str, results: list[dict]) -> int:
    """Record outcomes of claimed rows, one statement per kind of outcome; only rows still claimed by
    this worker change. Each result: id, status, and sent_at/late or next_attempt_at."""
    changed = 0
    for status in {r["status"] for r in results}:
        values = {"status": status, "claimed_by": None, "claimed_until": None}
        # Parameter names differ from the column names, or SQLAlchemy would add them to SET itself.
        if status in (SENT, SKIPPED):
            values.update(sent_at=bindparam("b_sent_at"), late=bindparam("b_late"))
            batch = [{"b_id": r["id"], "b_sent_at": r["sent_at"], "b_late": r["late"]}
                     for r in results if r["status"] == status]
        elif status == PENDING:
            values.update(next_attempt_at=bindparam("b_next"))
            batch = [{"b_id": r["id"], "b_next": r["next_attempt_at"]} for r in results if r["status"] == status]
        else:
            batch = [{"b_id": r["id"]} for r in results if r["status"] == status]
        statement = (update(Reminder).where(Reminder.id == bindparam("b_id"), Reminder.claimed_by == worker_id,
                                            Reminder.status == CLAIMED).values(**values))
        result = session.connection().execute(statement, batch)
        changed += result.rowcount or 0
    return changed


def next_due_at(session: Session) -> datetime | None:
    """When the scheduler has something to do next: the earliest pending row (at its due moment, or its
    retry moment after a failed send) or the earliest abandoned claim."""
    candidates = [
        sa_select(func.min(Reminder.due_at)).where(Reminder.status == PENDING, Reminder.next_attempt_at.is_(None)),
        sa_select(func.min(Reminder.next_attempt_at)).where(Reminder.status == PENDING),
        sa_select(func.min(Reminder.claimed_until)).where(Reminder.status == CLAIMED),
    ]
    found = [m for m in (session.execute(query).scalar() for query in candidates) if m is not None]
    return min(found) if found else None
