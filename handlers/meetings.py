"""!overleg / !meeting: plan a meeting or a series, list, move or cancel, calendar file, settings.

Planning is for the lead roles (chair, IB'er, director): in a zorgteam the IB'er plans the meetings
with the chair (004:L2356-2364). Everyone in the team sees the meetings. Every change goes to the team
room as an invitation with a calendar file (.ics) members can import.
"""
from __future__ import annotations

from datetime import datetime

from core.commands import Arg, ArgParser, Command, OutOfRange, UsageError, is_number_word, read_number, shown
from core.i18n import N_
from core.messages import Reply
from core.roles import lead_roles
from dialogues import meeting_ics as ics
from dialogues.context import Context
from dialogues.meeting_invite import not_yet_made, writer
from dialogues.meeting_plan import SERIES_WORDS, moved, read_start, split_scope, when_problem
from dialogues.meeting_text import command_name
from state import agenda as items_store
from state import meetings as plans
from state.models import Meeting

LIST_LIMIT = 8


# -- !overleg ---------------------------------------------------------------------------------------------
def list_meetings(ctx: Context) -> list[Reply]:
    plans.extend_all(ctx.session, ctx.team, ctx.now())
    found = plans.upcoming(ctx.session, ctx.team, ctx.now(), limit=LIST_LIMIT)
    if not found:
        return [ctx.reply("meeting.none_planned", command=command_name("overleg plan", "meeting plan", ctx.lang))]
    w = writer(ctx)
    lines = [ctx.t("meeting.list_title", team=ctx.team.name)]
    for meeting in found:
        count = len(items_store.items(ctx.session, meeting.id))
        lines.append(f"- {w.meeting_line(meeting, count=count)}")
    # a series' meetings more than half a year ahead have no row yet: counted, so the list is not short
    later = sum(len(not_yet_made(plans.series_of(rows[0]) or {}, rows)) for rows in _by_series(found))
    if later:
        lines.append(ctx.t("meeting.more_meetings", count=later))
    lines.append(ctx.t("meeting.list_footer", calendar=command_name("overleg kalender", "meeting calendar", ctx.lang),
                       agenda=command_name("agenda", "agenda", ctx.lang)))
    return [Reply("\n".join(lines), privacy="advice")]


def _by_series(meetings: list[Meeting]) -> list[list[Meeting]]:
    groups: dict[str, list[Meeting]] = {}
    for meeting in meetings:
        if meeting.series_id:
            groups.setdefault(meeting.series_id, []).append(meeting)
    return list(groups.values())


def start_plan(ctx: Context, text: str | None = None) -> list[Reply]:
    """!overleg plan [morgen 10:00]: the plan dialogue. A date typed with the command is the answer to
    its first question, read (and refused) exactly as it would be there."""
    text = text or ""
    engine = ctx.services.dialogues
    waiting = engine.open_conversation(ctx)
    if text.strip() and waiting is not None and waiting.dialogue == "meeting_plan" and waiting.state == "start":
        return engine.handle(ctx, waiting, text) or []     # typed again, now with the date it asks for
    replies = engine.start(ctx, "meeting_plan")
    conversation = engine.open_conversation(ctx)
    if not text.strip() or conversation is None or conversation is waiting or conversation.state != "start":
        return replies        # kept for later beside another dialogue: the date goes with it as typed
    return replies[:1] + (engine.handle(ctx, conversation, text) or [])


def _meeting(ctx: Context, ref: int) -> tuple[Meeting | None, Reply | None]:
    meeting = plans.get_meeting(ctx.session, ctx.team.id, ref)
    if meeting is None:
        return None, ctx.reply("meeting.not_found", number=ref)
    return meeting, None


def move(ctx: Context, ref: int, text: str = "") -> list[Reply]:
    """!overleg verzet 4 donderdag 15:00 [reeks]: this occurrence, or it and every later one. Without a
    date the date is asked (the next line answers it), as !actie asks what it misses."""
    meeting, problem = _meeting(ctx, ref)
    if meeting is None:
        return [problem]
    if meeting.status != plans.PLANNED:
        return [ctx.reply("meeting.not_planned", number=ref, status=ctx.t(f"meeting.status_{meeting.status}"))]
    phrase, series = split_scope(text or "")
    if not phrase:
        return ctx.services.dialogues.start(ctx, "meeting_move", {"meeting": ref, "series": series})
    when = read_start(ctx, phrase)
    if not when["at"]:
        return [ctx.reply("meeting.move_problem", reason=when_problem(ctx, when))]
    return moved(ctx, meeting, datetime.fromisoformat(when["at"]), series)


def cancel(ctx: Context, ref: int, scope: str | None = None) -> list[Reply]:
    """!overleg annuleer 4 [reeks]: asked first, naming the date and the agenda; cancelled only on 'ja'.
    Cancelled occurrences keep their registrations: they move on (dialogues/meeting_plan.py)."""
    meeting, problem = _meeting(ctx, ref)
    if meeting is None:
        return [problem]
    if meeting.status != plans.PLANNED:
        return [ctx.reply("meeting.not_planned", number=ref, status=ctx.t(f"meeting.status_{meeting.status}"))]
    word = (scope or "").strip().casefold()
    if word and word not in SERIES_WORDS:
        return [ctx.reply("meeting.cancel_usage", command=command_name("overleg annuleer", "meeting cancel", ctx.lang))]
    series = bool(word) and meeting.series_id is not None
    return ctx.services.dialogues.start(ctx, "meeting_cancel", {"meeting": ref, "series": series})


def calendar(ctx: Context, ref: int | None) -> list[Reply]:
    """The calendar file of one meeting (its whole series) or of every coming meeting."""
    if ref is not None:
        meeting, problem = _meeting(ctx, ref)
        if meeting is None:
            return [problem]
        found = [meeting]
    else:
        plans.extend_all(ctx.session, ctx.team, ctx.now())
        found = plans.upcoming(ctx.session, ctx.team, ctx.now(), limit=200)
    if not found:
        return [ctx.reply("meeting.none_planned", command=command_name("overleg plan", "meeting plan", ctx.lang))]
    return [Reply(ctx.t("meeting.calendar_file", count=len(found)), privacy="advice",
                  attachment=ics.attachment(ctx.session, ctx.team, found, lang=ctx.lang, now=ctx.now()))]


# -- !overleg instellingen [agenda N | duur MIN] ------------------------------------------------------------
MIN_MINUTES, MAX_MINUTES = 15, 480


def _in_range(key: str, minimum: int, maximum: int, **values) -> ArgParser:
    """A number typed for a setting: not a number is a usage error; a number outside minimum..maximum
    (however many digits) is answered with the setting's own range, without the usage line."""
    def parse(raw: str) -> int:
        if not is_number_word(raw):
            raise UsageError("usage.not_a_number", value=shown(raw))
        value = read_number(raw, minimum=minimum, maximum=maximum)
        if value is None:
            raise OutOfRange(key, **values)
        return value
    return parse


def show_settings(ctx: Context) -> list[Reply]:
    current = plans.MeetingSettings.of(ctx.team)
    return [ctx.reply("meeting.settings_show", days=ctx.t("unit.working_days", count=current.agenda_days), minutes=current.duration,
                      command=command_name("overleg instellingen", "meeting settings", ctx.lang))]


def set_agenda_days(ctx: Context, days: int) -> list[Reply]:
    current = plans.MeetingSettings.of(ctx.team)
    return _save_settings(ctx, plans.MeetingSettings(agenda_days=days, duration=current.duration))


def set_duration(ctx: Context, minutes: int) -> list[Reply]:
    current = plans.MeetingSettings.of(ctx.team)
    return _save_settings(ctx, plans.MeetingSettings(agenda_days=current.agenda_days, duration=minutes))


def _save_settings(ctx: Context, new: plans.MeetingSettings) -> list[Reply]:
    new.store(ctx.team)
    ctx.session.add(ctx.team)
    # Every coming meeting's agenda reminder moves with the new number of days.
    for meeting in plans.upcoming(ctx.session, ctx.team, ctx.now(), limit=200):
        plans.plan_reminders(ctx.session, ctx.team, meeting, ctx.now())
    ctx.audit("meeting/settings", f"team:{ctx.team.id}", agenda_days=new.agenda_days, duration=new.duration)
    return [ctx.reply("meeting.settings_saved", days=ctx.t("unit.working_days", count=new.agenda_days), minutes=new.duration)]


ORDER = 30
LEAD = lead_roles()
NUMBER = Arg(N_("arg.meeting_number"), "int")

COMMANDS = [
    Command("overleg", "meeting", N_("cmd.overleg.summary"), handler=list_meetings, details=N_("cmd.overleg.details"),
            subcommands=(
                Command("plan", "plan", N_("cmd.overleg.plan.summary"), handler=start_plan, roles=LEAD,
                        starts_dialogue=True, args=(Arg(N_("arg.meeting_first"), "text", required=False),)),
                Command("verzet", "move", N_("cmd.overleg.move.summary"), handler=move, roles=LEAD,
                        starts_dialogue=True, args=(NUMBER, Arg(N_("arg.meeting_when"), "text", required=False))),
                Command("annuleer", "cancel", N_("cmd.overleg.cancel.summary"), handler=cancel, roles=LEAD,
                        starts_dialogue=True, args=(NUMBER, Arg(N_("arg.meeting_scope"), "word", required=False))),
                Command("kalender", "calendar", N_("cmd.overleg.calendar.summary"), handler=calendar,
                        args=(Arg(N_("arg.meeting_number"), "int", required=False),)),
                Command("instellingen", "settings", N_("cmd.overleg.settings.summary"), handler=show_settings,
                        roles=LEAD, subcommands=(
                            Command("agenda", "agenda", N_("cmd.overleg.settings.agenda.summary"),
                                    handler=set_agenda_days, roles=LEAD, args=(Arg(
                                        N_("arg.meeting_agenda_days"), parser=_in_range(
                                            "meeting.settings_days_range", 1, plans.MAX_AGENDA_DAYS,
                                            max=plans.MAX_AGENDA_DAYS)),)),
                            Command("duur", "duration", N_("cmd.overleg.settings.duration.summary"),
                                    handler=set_duration, roles=LEAD, args=(Arg(
                                        N_("arg.meeting_duration"), parser=_in_range(
                                            "meeting.settings_minutes_range", MIN_MINUTES, MAX_MINUTES)),)),
                        )),
            )),
]
