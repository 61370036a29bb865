"""The invitation that goes to the team room when meetings are planned, moved or cancelled, and the
end of the plan dialogue (used by the dialogue and by the !overleg handlers alike)."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from core.i18n import spell_date
from core.messages import Reply
from dialogues import meeting_ics as ics
from dialogues.context import Context
from dialogues.meeting_text import Writer, command_name
from state import meetings as plans
from state.models import Meeting


INVITE_LIMIT = 4


def writer(ctx: Context) -> Writer:
    return Writer(ctx.session, ctx.team, ctx.lang, ctx.now())


def in_team_room(ctx: Context) -> bool:
    room = ctx.room
    return room is not None and room.team_id == ctx.team.id and not room.is_direct and not ctx.inbound.is_direct


def invitation(ctx: Context, meetings: list[Meeting], change: str) -> list[Reply]:
    """The invitation with the calendar file, here; queued for the team rooms when said elsewhere."""
    reply = invitation_reply(ctx.session, ctx.team, meetings, change, lang=ctx.lang, now=ctx.now())
    reply.mentions = [m for m in reply.mentions if ctx.member is None or m != ctx.member.user_id]
    if not in_team_room(ctx):
        plans.queue_invite(ctx.session, ctx.team, meetings, change, ctx.now())
        reply.text += "\n" + ctx.t("meeting.invite_queued")
        reply.mentions = []
    return [reply]


def invitation_reply(session, team, meetings: list[Meeting], change: str, *, lang: str, now: datetime) -> Reply:
    w = Writer(session, team, lang, now)
    first = meetings[0]
    series = plans.series_of(first) or {}
    if change == "moved" and len(meetings) == 1 and first.series_id:
        # one occurrence of a series moved: only that one, the series keeps its day and time
        slot = plans.slot_of(first)
        old = plans.on_wall_clock(slot, plans.team_zone(team)) if slot is not None else None
        lines = [w.t("meeting.invite_moved_one", team=team.name, old=w.when(old) if old else "-",
                     when=w.when(first.starts_at), every=w.repeat(first))]
    else:
        lines = [w.t(f"meeting.invite_{change}", team=team.name)]
    if first.series_id and change != "cancelled" and not (change == "moved" and len(meetings) == 1):
        lines.append(w.t("meeting.invite_series", every=w.repeat(first), when=w.when(first.starts_at)))
        if series.get("until"):
            lines.append(w.t("meeting.invite_series_end", date=spell_date(
                datetime.strptime(series["until"], plans.SLOT_FORMAT).date(), lang)))
        skipped = plans.skipped_slots(series)
        if skipped:
            lines.append(w.t("meeting.invite_skipped", count=len(skipped),
                             dates=", ".join(spell_date(slot.date(), lang) for slot in skipped)))
    lines += [f"- {w.meeting_line(m)}" for m in meetings[:INVITE_LIMIT]]
    more = len(meetings) - INVITE_LIMIT
    if change != "cancelled" and len(meetings) > 1:
        more += len(not_yet_made(series, meetings))
    if more > 0:
        lines.append(w.t("meeting.more_meetings", count=more))
    if change == "cancelled":   # the file cancels the entry (METHOD:CANCEL); nothing to bring a case to
        lines.append(w.t("meeting.invite_ics_cancelled", file=ics.filename(meetings)))
    else:
        lines.append(w.t("meeting.invite_ics", file=ics.filename(meetings), refer=command_name("aanmelden", "refer", lang)))
    mentions = [m.user_id for m in w.members().values() if m.active]
    return Reply("\n".join(lines), mentions=mentions, privacy="advice",
                 attachment=ics.attachment(session, team, meetings, lang=lang, now=now))


def not_yet_made(series: dict, meetings: list[Meeting]) -> list[datetime]:
    """The slots of a series with an end that have no row yet (rows are made half a year ahead,
    state/meetings.HORIZON): counted in "and N more", so the count is the series' real number."""
    if not series.get("until") or not meetings or not meetings[0].series_id:
        return []
    slots = [plans.slot_of(m) for m in meetings]
    last = max((s for s in slots if s is not None), default=None)
    if last is None:
        return []
    end = datetime.strptime(series["until"], plans.SLOT_FORMAT)
    return plans.rule_slots(series, last + timedelta(minutes=1), end)


def planned(ctx: Context, start: datetime, every_weeks: int, place: str, *, end: date | None = None,
            count: int | None = None) -> list[Reply]:
    """The end of the plan dialogue: the rows, the audit entry and the invitation."""
    settings = plans.MeetingSettings.of(ctx.team)
    made = plans.plan(ctx.session, ctx.team, start=start, every_weeks=every_weeks or None, place=place,
                      duration=settings.duration, now=ctx.now(), end=end, count=count)
    ctx.audit("meeting/planned", f"meeting:{made[0].id}", series=made[0].series_id, occurrences=len(made),
              every_weeks=every_weeks or None)
    return invitation(ctx, made, "planned")
