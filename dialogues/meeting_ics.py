"""Calendar files (iCalendar, RFC 5545) for a team's meetings, made with the `icalendar` library.

A series is one event with its recurrence rule (RRULE) in the team's zone (TZID, with the VTIMEZONE
it needs), so 14:00 stays 14:00 after a daylight-saving change; its end is UNTIL; cancelled and
skipped (holiday) occurrences are EXDATEs and an occurrence moved on its own is an extra event with
RECURRENCE-ID. A one-off meeting is one event.
UIDs are stable and SEQUENCE grows with every change, so importing a newer file updates the entry.

A calendar file leaves zorgbot for anyone's agenda: it names the team, the place and the time, never
a case.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from core.i18n import t
from state import meetings as plans
from state.models import Meeting, Team

if TYPE_CHECKING:   # icalendar costs 0.2 s to import: loaded when a calendar is made, not at start
    from icalendar import Event

PRODID = "-//zorgbot//meetings//NL"
MIME = "text/calendar"
FILENAME = "overleg.ics"        # every coming meeting; one meeting or one series gets its own name


def filename(meetings: list[Meeting]) -> str:
    """A file per meeting or series, so planning another meeting never overwrites this one's file:
    "overleg-4.ics", "overleg-reeks-3f2a9c1e.ics"; several meetings together: "overleg.ics"."""
    series = {m.series_id for m in meetings}
    if len(meetings) == 1 and meetings[0].series_id is None:
        return f"overleg-{meetings[0].id}.ics"
    if len(series) == 1 and None not in series:
        return f"overleg-reeks-{meetings[0].series_id[:8]}.ics"
    return FILENAME


def _summary(team: Team, lang: str) -> str:
    return t("meeting.ics_summary", lang, team=team.name)


def _event(team: Team, lang: str, uid: str, start: datetime, minutes: int, place: str, sequence: int,
           now: datetime, tz: ZoneInfo, status: str = "CONFIRMED") -> Event:
    from icalendar import Event
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", now.astimezone(timezone.utc))
    event.add("summary", _summary(team, lang))
    local = plans.aware(start).astimezone(tz)
    event.add("dtstart", local)
    event.add("dtend", local + timedelta(minutes=minutes))
    event.add("sequence", sequence)
    event.add("status", status)
    event.add("description", t("meeting.ics_description", lang))
    if place:
        event.add("location", place)
        if place.startswith(("https://", "http://")):
            event.add("url", place)
    return event


def _series_events(team: Team, lang: str, rows: list[Meeting], now: datetime) -> list[Event]:
    first = rows[0]
    series = plans.series_of(first)
    tz = ZoneInfo(series.get("tz") or team.timezone)
    uid = f"series-{first.series_id}@zorgbot"
    sequence = max(int(m.details.get("sequence", 0)) for m in rows)
    start = plans.on_wall_clock(datetime.strptime(series["first"], plans.SLOT_FORMAT), tz)
    live = [m for m in rows if m.status != plans.CANCELLED]
    master = _event(team, lang, uid, start, first.duration_minutes, first.place, sequence, now, tz,
                    status="CONFIRMED" if live else "CANCELLED")
    from icalendar import vRecur
    rule = vRecur.from_ical(series["rule"])
    if series.get("until"):
        until = plans.on_wall_clock(datetime.strptime(series["until"], plans.SLOT_FORMAT), tz)
        rule["UNTIL"] = [until.astimezone(timezone.utc)]      # UTC, as RFC 5545 wants with a TZID start
    master.add("rrule", rule)
    cancelled = [plans.on_wall_clock(plans.slot_of(m), tz).astimezone(tz) for m in rows
                 if m.status == plans.CANCELLED]
    # Slots the series skips (school holidays, the team's days off) are not meetings either.
    skipped = [plans.on_wall_clock(slot, tz).astimezone(tz) for slot in plans.skipped_slots(series)]
    if (cancelled or skipped) and live:
        master.add("exdate", sorted(cancelled + skipped))
    events = [master]
    for row in rows:
        if row.details.get("moved") and row.status != plans.CANCELLED:
            moved = _event(team, lang, uid, row.starts_at, row.duration_minutes, row.place,
                           int(row.details.get("sequence", 0)), now, tz)
            moved.add("recurrence-id", plans.on_wall_clock(plans.slot_of(row), tz).astimezone(tz))
            events.append(moved)
    return events


def calendar_bytes(session, team: Team, meetings: list[Meeting], *, lang: str, now: datetime) -> bytes:
    """One calendar with these meetings; a series is written whole (all its rows), once."""
    from icalendar import Calendar
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    # Only cancellations: sent as a cancellation, so calendars remove the entry (RFC 5546).
    cancelling = bool(meetings) and all(m.status == plans.CANCELLED for m in meetings)
    calendar.add("method", "CANCEL" if cancelling else "PUBLISH")
    calendar.add("x-wr-calname", _summary(team, lang))
    tz = ZoneInfo(team.timezone)
    done: set[str] = set()
    earliest = None
    for meeting in meetings:
        if meeting.series_id:
            if meeting.series_id in done:
                continue
            done.add(meeting.series_id)
            rows = plans.series_rows(session, meeting.series_id)
            events = _series_events(team, lang, rows, now)
        else:
            status = "CANCELLED" if meeting.status == plans.CANCELLED else "CONFIRMED"
            events = [_event(team, lang, f"meeting-{meeting.id}@zorgbot", meeting.starts_at,
                             meeting.duration_minutes, meeting.place, int(meeting.details.get("sequence", 0)),
                             now, tz, status)]
        for event in events:
            calendar.add_component(event)
            start = event.decoded("dtstart")
            earliest = start if earliest is None or start < earliest else earliest
    if earliest is not None:
        calendar.add_missing_timezones(first_date=earliest.date() - timedelta(days=366),
                                       last_date=earliest.date() + timedelta(days=3 * 366))
    return calendar.to_ical()


def attachment(session, team: Team, meetings: list[Meeting], *, lang: str, now: datetime) -> tuple[str, bytes, str]:
    return filename(meetings), calendar_bytes(session, team, meetings, lang=lang, now=now), MIME
