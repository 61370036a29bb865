"""Meetings of a team: one-off or a series, moved or cancelled, and the state of a running meeting.

The seeds prescribe no frequency (003:L3057-3061, 004:L2254); a team agrees on one at set-up. A series
is a weekly rule ("FREQ=WEEKLY;INTERVAL=3;BYDAY=TU") on the local wall clock of the team's zone, so
14:00 stays 14:00 across a daylight-saving change. Its occurrences are Meeting rows, materialised half
a year ahead (a zorgbot default) and extended when an agenda goes out or the meetings are listed.

Every row of a series carries the series in `details["series"]` (rule, first slot, end) and the slot
it stands for in `details["slot"]`; a row moved on its own keeps its slot, so the calendar file can
say "this occurrence moved" (RECURRENCE-ID). Moving or cancelling "the series" acts from the chosen
occurrence on: the earlier part keeps the old rule up to that point (UNTIL), the later part becomes a
series of its own, as calendars do it (THISANDFUTURE).

A running meeting keeps everything in the database (status, current item, step, attendance,
delegates), so a restart resumes at the same item.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from sqlalchemy import update
from sqlmodel import Session, select

from core import school_holidays
from core.calendar import add_working_days
from state import reminders as rows
from state.models import Action, AgendaItem, Meeting, Member, Reminder, Team

PLANNED, RUNNING, CLOSED, CANCELLED = "planned", "running", "closed", "cancelled"
AGENDA, AGENDA_MORNING, INVITE = "agenda", "agenda_morning", "meeting_invite"
AGENDA_KINDS = (AGENDA, AGENDA_MORNING)
HORIZON = timedelta(days=183)          # zorgbot default: occurrences materialised half a year ahead
DEFAULT_AGENDA_DAYS = 3                # zorgbot default: the seed says only "tijdig" (004:L2417-2423)
DEFAULT_DURATION = 90                  # zorgbot default, minutes
MAX_AGENDA_DAYS = 15
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
SLOT_FORMAT = "%Y-%m-%dT%H:%M"


def utc(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc)


def aware(moment: datetime) -> datetime:
    """SQLite may hand back naive UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def team_zone(team: Team) -> ZoneInfo:
    return ZoneInfo(team.timezone)


def wall_clock(moment: datetime, tz: ZoneInfo) -> datetime:
    """The local wall-clock time, without a zone: what a series rule counts in."""
    return aware(moment).astimezone(tz).replace(tzinfo=None, second=0, microsecond=0)


def on_wall_clock(local: datetime, tz: ZoneInfo) -> datetime:
    """A local wall-clock time as an aware UTC moment (the first reading in the autumn fold)."""
    return utc(local.replace(tzinfo=tz, fold=0))


def slot_text(local: datetime) -> str:
    return local.strftime(SLOT_FORMAT)


def slot_of(meeting: Meeting) -> datetime | None:
    slot = (meeting.details or {}).get("slot")
    return datetime.strptime(slot, SLOT_FORMAT) if slot else None


# -- the team's meeting settings -------------------------------------------------------------------------
@dataclass(frozen=True)
class MeetingSettings:
    """Stored in Team.settings["meetings"]; defaults here."""

    agenda_days: int = DEFAULT_AGENDA_DAYS
    duration: int = DEFAULT_DURATION

    @classmethod
    def of(cls, team: Team) -> "MeetingSettings":
        raw = (team.settings or {}).get("meetings") or {}
        return cls(agenda_days=int(raw.get("agenda_days", DEFAULT_AGENDA_DAYS)),
                   duration=int(raw.get("duration", DEFAULT_DURATION)))

    def store(self, team: Team) -> None:
        # A new dict: the JSON column only notices a change when it gets a new, unequal value.
        team.settings = {**(team.settings or {}), "meetings": {"agenda_days": self.agenda_days,
                                                                "duration": self.duration}}


def registration_deadline_days(team: Team) -> int | None:
    """Working days before a meeting by which cases must be in, as the team agreed at set-up
    ("de manier en termijn", 004:L2254-2256); None when the team set none."""
    value = (team.settings or {}).get("case_deadline_days")
    return int(value) if isinstance(value, int) or (isinstance(value, str) and value.isdigit()) else None


# -- finding -------------------------------------------------------------------------------------------
def get_meeting(session: Session, team_id: int, meeting_id: int) -> Meeting | None:
    meeting = session.get(Meeting, meeting_id)
    return meeting if meeting is not None and meeting.team_id == team_id else None


def upcoming(session: Session, team: Team, now: datetime, limit: int = 50) -> list[Meeting]:
    """Planned and running meetings from the start of today (local) on, soonest first."""
    tz = team_zone(team)
    today = datetime.combine(aware(now).astimezone(tz).date(), time(0, 0), tzinfo=tz)
    return list(session.exec(select(Meeting).where(
        Meeting.team_id == team.id, Meeting.status.in_([PLANNED, RUNNING]), Meeting.starts_at >= utc(today))
        .order_by(Meeting.starts_at, Meeting.id).limit(limit)).all())


def running_meeting(session: Session, team_id: int) -> Meeting | None:
    return session.exec(select(Meeting).where(Meeting.team_id == team_id, Meeting.status == RUNNING)
                        .order_by(Meeting.starts_at)).first()


def next_meeting(session: Session, team: Team, now: datetime) -> Meeting | None:
    """The running meeting, else the first planned one from today on."""
    running = running_meeting(session, team.id)
    if running is not None:
        return running
    return next((m for m in upcoming(session, team, now, limit=5) if m.status == PLANNED), None)


def following_meeting(session: Session, meeting: Meeting) -> Meeting | None:
    """The first planned meeting of the team after this one."""
    return session.exec(select(Meeting).where(
        Meeting.team_id == meeting.team_id, Meeting.status == PLANNED, Meeting.id != meeting.id,
        Meeting.starts_at > aware(meeting.starts_at)).order_by(Meeting.starts_at, Meeting.id)).first()


def last_closed(session: Session, team_id: int) -> Meeting | None:
    return session.exec(select(Meeting).where(Meeting.team_id == team_id, Meeting.status == CLOSED)
                        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())).first()


def series_rows(session: Session, series_id: str) -> list[Meeting]:
    return list(session.exec(select(Meeting).where(Meeting.series_id == series_id)
                             .order_by(Meeting.starts_at, Meeting.id)).all())


def series_of(meeting: Meeting) -> dict | None:
    return (meeting.details or {}).get("series")


def interval_weeks(meeting: Meeting) -> int | None:
    series = series_of(meeting)
    if not series:
        return None
    for part in series["rule"].split(";"):
        if part.startswith("INTERVAL="):
            return int(part.split("=", 1)[1])
    return 1


def registration_target(session: Session, team: Team, now: datetime) -> tuple[Meeting | None, bool]:
    """The meeting a new registration goes to, and whether the next one was skipped because its
    registration deadline (the team's own, 004:L2254-2256) has passed."""
    first = next_meeting(session, team, now)
    if first is None:
        return None, False
    if first.status != PLANNED or aware(first.starts_at) <= now:      # running, or its time has passed
        return following_meeting(session, first), False
    if deadline_passed(team, first, now):
        return following_meeting(session, first), True
    return first, False


def deadline_passed(team: Team, meeting: Meeting, now: datetime) -> bool:
    """Whether the team's registration deadline (004:L2254-2256) for this meeting has passed."""
    days = registration_deadline_days(team)
    if not days:
        return False
    settings, tz = rows.ReminderSettings.of(team), team_zone(team)
    deadline_day = add_working_days(aware(meeting.starts_at).astimezone(tz).date(), -days,
                                    settings.workdays, settings.holidays)
    return aware(now).astimezone(tz).date() > deadline_day


# -- planning -----------------------------------------------------------------------------------------------
def weekly_rule(weekday: int, interval: int) -> str:
    return f"FREQ=WEEKLY;INTERVAL={interval};BYDAY={WEEKDAYS[weekday]}"


def rule_slots(series: dict, after: datetime, until: datetime) -> list[datetime]:
    """The series' local wall-clock slots in [after, until], respecting its own end and without the
    slots it skips (holidays)."""
    rule = rrulestr(series["rule"], dtstart=datetime.strptime(series["first"], SLOT_FORMAT))
    end = datetime.strptime(series["until"], SLOT_FORMAT) if series.get("until") else None
    if end is not None:
        until = min(until, end)
    skip = set(series.get("skip") or ())
    return [slot for slot in (rule.between(after, until, inc=True) if until >= after else [])
            if slot_text(slot) not in skip]


def skipped_slots(series: dict) -> list[datetime]:
    return [datetime.strptime(text, SLOT_FORMAT) for text in series.get("skip") or ()]


# -- the school year ---------------------------------------------------------------------------------
MAX_COUNT = 60                        # meetings in one series when a count is given
_MAX_SCAN = 520                       # slots looked at to find them (ten years of weekly meetings)
OPEN_SERIES_SKIPS = timedelta(days=3 * 366)   # a series without an end skips the holidays this far ahead


def region_of(team: Team) -> str | None:
    return (team.settings or {}).get("region")


def holiday_of(team: Team, day: date) -> str | None:
    """The school holiday of the team's region that `day` falls in ("kerstvakantie"), or None."""
    return school_holidays.holiday_name(region_of(team), day)


def days_off(team: Team) -> frozenset[date]:
    """The days a series skips: the region's school holidays (unless the team turned them off) and
    the team's own days off."""
    return rows.ReminderSettings.of(team).holidays


def school_year_end(team: Team, day: date) -> date:
    end = school_holidays.school_year_end(region_of(team), day)
    return end if end >= day else school_holidays.school_year_end(None, day.replace(year=day.year + 1))


def series_bounds(team: Team, first: datetime, every_weeks: int, *, end: date | None = None,
                  count: int | None = None) -> dict:
    """The end of a series and the slots it skips: {"until", "skip", "count"}. With a count, the
    count-th meeting held (skipped slots do not count) is the last; else the end date (the plan
    dialogue offers the end of the school year), or no end. The first slot is never skipped: the
    chair chose it (and is warned)."""
    rule = rrulestr(weekly_rule(first.weekday(), every_weeks), dtstart=first)
    off = days_off(team)
    held, skipped = [], []
    if count:
        for slot in rule.xafter(first, count=_MAX_SCAN, inc=True):
            if slot != first and slot.date() in off:
                skipped.append(slot)
                continue
            held.append(slot)
            if len(held) == count:
                break
        until = held[-1]
    else:
        until = datetime.combine(end, time(23, 59)) if end else None
        last = until or first + OPEN_SERIES_SKIPS
        skipped = [slot for slot in rule.between(first, last, inc=True) if slot != first and slot.date() in off]
    return {"until": slot_text(until) if until else None, "skip": [slot_text(slot) for slot in skipped],
            "count": count}


def _new_row(team: Team, start: datetime, *, place: str, duration: int, series_id: str | None,
             series: dict | None, slot: datetime | None, now: datetime) -> Meeting:
    details: dict = {"sequence": 0}
    if series is not None:
        details.update(series=dict(series), slot=slot_text(slot))
    return Meeting(team_id=team.id, series_id=series_id, starts_at=start, duration_minutes=duration,
                   place=place, status=PLANNED, details=details, created_at=now)


def plan(session: Session, team: Team, *, start: datetime, every_weeks: int | None, place: str,
         duration: int, now: datetime, end: date | None = None, count: int | None = None) -> list[Meeting]:
    """A one-off meeting, or a series with its occurrences up to the horizon; agenda reminders for each.
    A series ends (`end`, `count`, or the end of the school year) and skips the team's days off."""
    tz = team_zone(team)
    if not every_weeks:
        meeting = _new_row(team, utc(start), place=place, duration=duration, series_id=None, series=None,
                           slot=None, now=now)
        session.add(meeting)
        session.flush()
        plan_reminders(session, team, meeting, now)
        return [meeting]
    first = wall_clock(start, tz)
    series = {"rule": weekly_rule(first.weekday(), every_weeks), "first": slot_text(first), "tz": team.timezone,
              **series_bounds(team, first, every_weeks, end=end, count=count)}
    series_id = uuid.uuid4().hex[:12]
    return _materialise(session, team, series_id, series, place=place, duration=duration, existing=set(),
                        after=first, now=now)


def _materialise(session: Session, team: Team, series_id: str, series: dict, *, place: str, duration: int,
                 existing: set[str], after: datetime, now: datetime) -> list[Meeting]:
    tz = ZoneInfo(series.get("tz") or team.timezone)
    horizon = wall_clock(now + HORIZON, tz)
    made = []
    for slot in rule_slots(series, after, horizon):
        start = on_wall_clock(slot, tz)
        if slot_text(slot) in existing or start <= now:
            continue
        meeting = _new_row(team, start, place=place, duration=duration, series_id=series_id, series=series,
                           slot=slot, now=now)
        session.add(meeting)
        made.append(meeting)
    session.flush()
    for meeting in made:
        plan_reminders(session, team, meeting, now)
    return made


def extend_series(session: Session, team: Team, series_id: str, now: datetime) -> list[Meeting]:
    """Occurrences up to half a year from now that are not rows yet (cheap when there are none)."""
    found = series_rows(session, series_id)
    if not found:
        return []
    latest = max(found, key=lambda m: slot_of(m) or datetime.min)
    series = series_of(latest)
    if not series:
        return []
    existing = {m.details.get("slot") for m in found}
    after = (slot_of(latest) or datetime.strptime(series["first"], SLOT_FORMAT)) + timedelta(minutes=1)
    return _materialise(session, team, series_id, series, place=latest.place, duration=latest.duration_minutes,
                        existing=existing, after=after, now=now)


def extend_all(session: Session, team: Team, now: datetime) -> None:
    ids = {m.series_id for m in upcoming(session, team, now, limit=200) if m.series_id}
    for series_id in ids:
        extend_series(session, team, series_id, now)


def _bump(meeting: Meeting, **changes) -> None:
    details = {**(meeting.details or {}), **changes}
    details["sequence"] = int(details.get("sequence", 0)) + 1
    meeting.details = details


def move_one(session: Session, team: Team, meeting: Meeting, start: datetime, now: datetime) -> None:
    """This occurrence only; a series row keeps its slot and is marked moved."""
    meeting.starts_at = utc(start)
    _bump(meeting, moved=bool(meeting.series_id))
    session.add(meeting)
    plan_reminders(session, team, meeting, now)


def _set_series(session: Session, series_id: str, series: dict) -> None:
    for row in series_rows(session, series_id):
        row.details = {**row.details, "series": dict(series)}
        session.add(row)


def _end_series_before(session: Session, meeting: Meeting) -> None:
    """The old series runs up to (not including) this occurrence's slot."""
    series, slot = dict(series_of(meeting)), slot_of(meeting)
    series["until"] = slot_text(slot - timedelta(minutes=1))
    _set_series(session, meeting.series_id, series)


def move_series(session: Session, team: Team, meeting: Meeting, start: datetime, now: datetime) -> list[Meeting]:
    """This occurrence and every later one of its series move by the same number of days to the new
    time; they become a series of their own (the earlier part ends before this one)."""
    tz = ZoneInfo(series_of(meeting).get("tz") or team.timezone)
    old_slot, new_slot = slot_of(meeting), wall_clock(start, tz)
    shift = new_slot.date() - old_slot.date()
    later = [m for m in series_rows(session, meeting.series_id)
             if m.status in (PLANNED, CANCELLED) and slot_of(m) >= old_slot]
    _end_series_before(session, meeting)
    weeks = interval_weeks(meeting) or 1
    old_end = series_of(meeting).get("until")
    bounds = series_bounds(team, new_slot, weeks, end=datetime.strptime(old_end, SLOT_FORMAT).date() + shift
                           if old_end else None)
    series = {**series_of(meeting), "rule": weekly_rule(new_slot.weekday(), weeks),
              "first": slot_text(new_slot), **bounds}
    series_id = uuid.uuid4().hex[:12]
    for row in later:
        slot = datetime.combine(slot_of(row).date() + shift, new_slot.time())
        row.series_id = series_id
        row.starts_at = on_wall_clock(slot, tz)
        details = {k: v for k, v in row.details.items() if k != "moved"}
        row.details = {**details, "series": dict(series), "slot": slot_text(slot),
                       "sequence": int(details.get("sequence", 0)) + 1}
        session.add(row)
        plan_reminders(session, team, row, now)
    session.flush()
    extend_series(session, team, series_id, now)
    return later


def cancel_one(session: Session, team: Team, meeting: Meeting, now: datetime) -> None:
    meeting.status = CANCELLED
    _bump(meeting)
    session.add(meeting)
    plan_reminders(session, team, meeting, now)


def cancel_series(session: Session, team: Team, meeting: Meeting, now: datetime) -> list[Meeting]:
    """This occurrence and every later planned one; the series ends before this one."""
    slot = slot_of(meeting)
    later = [m for m in series_rows(session, meeting.series_id) if m.status == PLANNED and slot_of(m) >= slot]
    _end_series_before(session, meeting)
    for row in later:
        cancel_one(session, team, row, now)
    return later


def set_place(session: Session, meeting: Meeting, place: str) -> None:
    meeting.place = place
    _bump(meeting)
    session.add(meeting)


# -- agenda reminders ----------------------------------------------------------------------------------------
def obsolete_reminders(session: Session, meeting_id: int) -> None:
    session.execute(update(Reminder).where(Reminder.meeting_id == meeting_id, Reminder.kind.in_(AGENDA_KINDS),
                                           Reminder.status == rows.PENDING).values(status=rows.OBSOLETE))


def agenda_moments(team: Team, starts_at: datetime, now: datetime) -> list[tuple[str, datetime]]:
    """(kind, moment): the agenda N working days before (default 3) at the team's reminder time, and
    again on the morning of the meeting; moments already past, or not before the meeting, are left out."""
    settings, tz = rows.ReminderSettings.of(team), team_zone(team)
    start = aware(starts_at)
    day = start.astimezone(tz).date()
    lead = add_working_days(day, -MeetingSettings.of(team).agenda_days, settings.workdays, settings.holidays)
    moments = [(AGENDA, settings.next_allowed(settings.at_reminder_time(lead, tz), tz))]
    morning = settings.at_reminder_time(day, tz)
    if settings.allowed(morning, tz):
        moments.append((AGENDA_MORNING, utc(morning)))
    return [(kind, moment) for kind, moment in moments if now < moment < start]


def plan_reminders(session: Session, team: Team, meeting: Meeting, now: datetime) -> None:
    """Replace the meeting's pending agenda rows by those its current date calls for. Keys carry the
    day, so a meeting moved back to its old day revives its old row instead of adding one."""
    obsolete_reminders(session, meeting.id)
    if meeting.status != PLANNED:
        return
    for kind, moment in agenda_moments(team, meeting.starts_at, now):
        rows.ensure_row(session, f"{kind}:{meeting.id}:{moment.date().isoformat()}", team_id=team.id, kind=kind,
                        meeting_id=meeting.id, due_at=moment)


def queue_invite(session: Session, team: Team, meetings: list[Meeting], change: str, now: datetime) -> None:
    """An invitation (with the calendar file) for the team rooms, sent by the scheduler."""
    if not meetings:
        return
    rows.ensure_row(session, rows.new_key("invite"), team_id=team.id, kind=INVITE, meeting_id=meetings[0].id,
                    due_at=now, payload={"change": change, "meetings": [m.id for m in meetings]})


# -- running -------------------------------------------------------------------------------------------------
def running_context(session: Session, team_id: int, transport: str, room_id: str) -> tuple[int, int | None] | None:
    """(meeting id, case id of the item under discussion) when a meeting runs in this room: for an
    action registered with !actie during the meeting, so it is linked to both."""
    meeting = running_meeting(session, team_id)
    if meeting is None or not in_room(meeting, transport, room_id):
        return None
    item = session.get(AgendaItem, meeting.current_item) if meeting.current_item else None
    return meeting.id, (item.case_id if item is not None and item.meeting_id == meeting.id else None)


def in_room(meeting: Meeting, transport: str, room_id: str) -> bool:
    room = (meeting.details or {}).get("room") or {}
    return room.get("transport") == transport and room.get("room_id") == room_id


def update_details(meeting: Meeting, **changes) -> None:
    # A new dict: the JSON column only notices a change when it gets a new, unequal value.
    meeting.details = {**(meeting.details or {}), **changes}


# -- actions typed as `actie:` lines, by the message they came from (so an edit or redaction follows) ------
def action_state(action: Action) -> list:
    """What an action looked like when its line was typed or last edited: a later change by command
    (reschedule, reassign, done, struck) shows as a difference."""
    return [action.description, action.owner_member_id, aware(action.due_at).astimezone(timezone.utc).isoformat(),
            action.status]


def link_typed_action(meeting: Meeting, event_id: str, action: Action, *, by: int) -> None:
    """Remember that this message's `actie:` line created (or, after an edit, last set) this action."""
    if not event_id:
        return
    links = dict((meeting.details or {}).get("typed_actions") or {})
    links[event_id] = {"action": action.id, "by": by, "state": action_state(action)}
    update_details(meeting, typed_actions=links)


def typed_action(meeting: Meeting, event_id: str) -> dict | None:
    """{"action": id, "by": member id, "state": action_state} for the `actie:` line of this message."""
    return ((meeting.details or {}).get("typed_actions") or {}).get(event_id) if event_id else None


def start(session: Session, meeting: Meeting, member: Member, *, transport: str, room_id: str,
          now: datetime) -> None:
    meeting.status = RUNNING
    meeting.current_item = None
    meeting.chair_member_id = member.id
    update_details(meeting, room={"transport": transport, "room_id": room_id}, started_at=now.isoformat(),
                   phase=0, at_end=False, warned=None, present=[member.id], absent=[])
    session.add(meeting)
    obsolete_reminders(session, meeting.id)


def mark_attendance(meeting: Meeting, member_ids: list[int], present: bool) -> None:
    here = [i for i in meeting.details.get("present", []) if i not in member_ids]
    away = [i for i in meeting.details.get("absent", []) if i not in member_ids]
    (here if present else away).extend(member_ids)
    update_details(meeting, present=here, absent=away)


def delegate(meeting: Meeting, member_id: int) -> None:
    delegates = [i for i in meeting.details.get("delegates", []) if i != member_id]
    update_details(meeting, delegates=[*delegates, member_id])


def close(session: Session, meeting: Meeting, now: datetime, after_tasks: list[int]) -> None:
    meeting.status = CLOSED
    meeting.current_item = None
    update_details(meeting, closed_at=now.isoformat(), after_tasks=after_tasks, at_end=False)
    session.add(meeting)


def meeting_day(meeting: Meeting, team: Team) -> date:
    return aware(meeting.starts_at).astimezone(team_zone(team)).date()


def started_at(meeting: Meeting) -> datetime | None:
    value = (meeting.details or {}).get("started_at")
    return datetime.fromisoformat(value) if value else None


def closed_at(meeting: Meeting) -> datetime | None:
    value = (meeting.details or {}).get("closed_at")
    return datetime.fromisoformat(value) if value else None
