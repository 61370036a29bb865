"""!aanmelden / !refer brings a case in; !agenda shows the agenda, and the lead roles reorder, add or
drop items. The scheduler sends the agenda N working days before the meeting (default 3) and again on
its morning (REMINDERS below), with brief information per case (004:L2407-2423).

Before the meeting the IB'er talks with the parents (003:L2360-2370): a registration creates that
action for the IB'er, due when the meeting starts, unless one is already open for the case.
"""
from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from core import policy
from core.cases import looks_like_case_code, normalise_case_code
from core.commands import Arg, Command
from core.i18n import N_, spell_list
from core.messages import Reply
from core.roles import CHAIR, lead_roles
from dialogues.context import Context
from dialogues.meeting_invite import invitation_reply, writer
from dialogues.meeting_text import Writer, agenda_text, command_name
from handlers import meeting_close
from handlers import meeting_run as run
from handlers.reminder_kind import ReminderKind
from state import agenda as items_store
from state import meetings as plans
from state.cases import get_or_create_case
from state.models import Case, Meeting, Member, Reminder, Team
from state.privacy import naming_allowed
from state.teams import members_with_role

MAX_TITLE = 120


# -- !aanmelden ---------------------------------------------------------------------------------------------
def refer(ctx: Context, code: str, ref: int | None) -> list[Reply]:
    w = writer(ctx)
    if ref is not None:
        meeting = plans.get_meeting(ctx.session, ctx.team.id, ref)
        if meeting is None or meeting.status != plans.PLANNED:
            return [ctx.reply("meeting.not_found", number=ref)]
        skipped = False
        if plans.deadline_passed(ctx.team, meeting, ctx.now()):
            # After the deadline, this meeting anyway is the chair's decision.
            if not policy.may_register_after_deadline(ctx.roles):
                return [ctx.reply("meeting.register_late_chair_only", when=w.when(meeting.starts_at))]
            ctx.audit("meeting/late_registration", f"meeting:{meeting.id}")
    else:
        meeting, skipped = plans.registration_target(ctx.session, ctx.team, ctx.now())
        if meeting is None:
            late = _only_meeting_past_deadline(ctx, code)
            if late is not None:
                return [late]
    if meeting is None:
        return [ctx.reply("meeting.none_planned", command=command_name("overleg plan", "meeting plan", ctx.lang))]
    replies = []
    answers = {"case": code, "meeting_id": meeting.id, "meeting_when": w.when(meeting.starts_at),
               "team_kind": ctx.team.kind}
    if skipped:
        lines = [ctx.t("meeting.register_deadline_passed", days=ctx.t("unit.working_days", count=plans.registration_deadline_days(ctx.team)),
                       when=w.when(meeting.starts_at))]
        first = plans.next_meeting(ctx.session, ctx.team, ctx.now())
        if first is not None and first.id != meeting.id:
            if policy.may_register_after_deadline(ctx.roles):
                # The chair decides here and now, as the registration's first question.
                answers["late"] = {"first_id": first.id, "first_when": w.when(first.starts_at),
                                   "later_id": meeting.id, "later_when": w.when(meeting.starts_at)}
            else:
                lines.append(ctx.t("meeting.register_deadline_choice", when=w.when(first.starts_at),
                                   command=f"{command_name('aanmelden', 'refer', ctx.lang)} {code} {first.id}"))
        replies.append(Reply("\n".join(lines)))
    return replies + ctx.services.dialogues.start(ctx, "meeting_register", answers)


def _only_meeting_past_deadline(ctx: Context, code: str) -> Reply | None:
    """The next meeting is planned but its registration deadline has passed, and none is planned after
    it: say so, and how the case can still come on it (the chair's decision, 004:L2254-2256, as README
    says), instead of "no meeting planned"."""
    first = plans.next_meeting(ctx.session, ctx.team, ctx.now())
    if first is None or first.status != plans.PLANNED or plans.aware(first.starts_at) <= ctx.now() \
            or not plans.deadline_passed(ctx.team, first, ctx.now()):
        return None
    w = writer(ctx)
    when = w.when(first.starts_at)
    command = f"{command_name('aanmelden', 'refer', ctx.lang)} {code} {first.id}"
    days = ctx.t("unit.working_days", count=plans.registration_deadline_days(ctx.team))
    key = "meeting.register_deadline_only_chair" if policy.may_register_after_deadline(ctx.roles) \
        else "meeting.register_deadline_only_member"
    return Reply("\n".join([ctx.t("meeting.register_deadline_only", days=days, when=when),
                            ctx.t(key, when=when, command=command),
                            ctx.t("meeting.register_deadline_none_after",
                                  plan=command_name("overleg plan", "meeting plan", ctx.lang))]))


# -- !agenda -------------------------------------------------------------------------------------------------
def _target(ctx: Context, ref: int | None) -> tuple[Meeting | None, Reply | None]:
    if ref is not None:
        meeting = plans.get_meeting(ctx.session, ctx.team.id, ref)
        return (meeting, None) if meeting else (None, ctx.reply("meeting.not_found", number=ref))
    meeting = plans.next_meeting(ctx.session, ctx.team, ctx.now())
    if meeting is None:
        return None, ctx.reply("meeting.none_planned", command=command_name("overleg plan", "meeting plan", ctx.lang))
    return meeting, None


def show(ctx: Context, ref: int | None) -> list[Reply]:
    meeting, problem = _target(ctx, ref)
    if meeting is None:
        return [problem]
    items_store.sync(ctx.session, ctx.team, meeting, ctx.now())
    reply = agenda_text(writer(ctx), meeting).reply()
    if meeting.status == plans.RUNNING:
        where = run.position_line(ctx, meeting)
        reply.text += "\n" + where
        reply.withheld_text += "\n" + where
    return [reply]


def codes(ctx: Context, ref: int | None) -> list[Reply]:
    """!agenda codes: which case code is behind each anonymous label of the meeting ("anonieme casus
    A"), for the chair or the chair's delegate, and only where the answer is end-to-end encrypted
    (core.policy.case_codes_refusal). Elsewhere a friendly refusal that says where it can be asked."""
    meeting = run.here(ctx) if ref is None else None
    if meeting is None:
        meeting, problem = _target(ctx, ref)
        if meeting is None:
            return [problem]
    chairs = members_with_role(ctx.session, ctx.team.id, CHAIR)
    may_steer = policy.may_steer_meeting(ctx.member.id if ctx.member else None, ctx.roles,
                                         (meeting.details or {}).get("delegates", []), team_has_chair=bool(chairs))
    refusal = policy.case_codes_refusal(may_steer, ctx.inbound.transport, encrypted=ctx.inbound.encrypted)
    if refusal == "meeting.codes_chair_only":
        names = [m.display_name for m in chairs]
        names += [m.display_name for m in (ctx.session.get(Member, i) for i in (meeting.details or {}).get("delegates", []))
                  if m is not None]
        return [ctx.reply(refusal, names=spell_list(names, ctx.lang, "or") or ctx.t("role.voorzitter"))]
    if refusal:
        return [ctx.reply(refusal)]
    w = writer(ctx)
    w.meeting_id = meeting.id
    lines, seen = [], set()
    # every item the meeting had (moved on ones too): its minutes name them by the same letters
    for item in sorted(items_store.items(ctx.session, meeting.id, active_only=False), key=lambda i: i.id):
        if not item.case_id or item.case_id in seen or item.status == items_store.DROPPED:
            continue
        seen.add(item.case_id)
        case = ctx.session.get(Case, item.case_id)
        if case is not None and not naming_allowed(ctx.session, case):
            lines.append(ctx.t("meeting.codes_line", label=w.label(case.id, meeting.id), code=case.code))
    ctx.audit("meeting/codes_shown", f"meeting:{meeting.id}", count=len(lines))
    if not lines:
        return [ctx.reply("meeting.codes_none", when=w.when(meeting.starts_at))]
    text = "\n".join([ctx.t("meeting.codes_title", when=w.when(meeting.starts_at)), *lines,
                      ctx.t("meeting.codes_keep")])
    return [Reply(text, privacy="full", withheld_text=ctx.t("meeting.codes_withheld"), in_thread=True)]


def _editable(ctx: Context) -> tuple[Meeting | None, Reply | None]:
    meeting, problem = _target(ctx, None)
    if meeting is not None and meeting.status not in (plans.PLANNED, plans.RUNNING):
        return None, ctx.reply("meeting.not_planned", number=meeting.id,
                               status=ctx.t(f"meeting.status_{meeting.status}"))
    return meeting, problem


def reorder(ctx: Context, number: int, position: int) -> list[Reply]:
    meeting, problem = _editable(ctx)
    if meeting is None:
        return [problem]
    items_store.sync(ctx.session, ctx.team, meeting, ctx.now())
    item = items_store.item_by_number(ctx.session, meeting.id, number)
    if item is None:
        return [ctx.reply("meeting.item_not_found", number=number)]
    items_store.move_to(ctx.session, item, position)
    ctx.audit("agenda/reordered", f"meeting:{meeting.id}", item=item.id, position=position)
    return [agenda_text(writer(ctx), meeting).reply()]


def add(ctx: Context, text: str) -> list[Reply]:
    """A case by its code (new, or follow-up when discussed before), or another subject."""
    meeting, problem = _editable(ctx)
    if meeting is None:
        return [problem]
    items_store.sync(ctx.session, ctx.team, meeting, ctx.now())
    text = text.strip()
    if looks_like_case_code(text):
        case = get_or_create_case(ctx.session, ctx.team.id, normalise_case_code(text))
        existing = items_store.case_item(ctx.session, meeting.id, case.id)
        if existing is not None and existing.status in items_store.ACTIVE:
            return [ctx.reply("meeting.item_already", case=writer(ctx).label(case.id, meeting.id),
                              number=items_store.number_of(ctx.session, existing))]
        kind = items_store.FOLLOW_UP if items_store.was_discussed(ctx.session, case.id, meeting) else items_store.NEW
        if existing is not None:
            existing.status, existing.kind = items_store.OPEN, kind
            existing.position = items_store.next_position(ctx.session, meeting.id)
            ctx.session.add(existing)
        else:
            items_store.add_item(ctx.session, meeting, kind=kind, case=case,
                                 submitted_by=ctx.member.id if ctx.member else None, now=ctx.now())
        ctx.audit("agenda/added", f"case:{case.code}", meeting=meeting.id)
    else:
        if len(text) > MAX_TITLE:
            return [ctx.reply("meeting.title_too_long", max=MAX_TITLE)]
        item = items_store.add_item(ctx.session, meeting, kind=items_store.OTHER, brief={"title": text},
                                    submitted_by=ctx.member.id if ctx.member else None, now=ctx.now())
        ctx.audit("agenda/added", f"meeting:{meeting.id}", item=item.id)
    return [agenda_text(writer(ctx), meeting).reply()]


def remove(ctx: Context, number: int) -> list[Reply]:
    meeting, problem = _editable(ctx)
    if meeting is None:
        return [problem]
    item = items_store.item_by_number(ctx.session, meeting.id, number)
    if item is None:
        return [ctx.reply("meeting.item_not_found", number=number)]
    if meeting.status == plans.RUNNING and meeting.current_item == item.id:
        return [ctx.reply("meeting.item_is_current")]
    items_store.drop(ctx.session, item)
    ctx.audit("agenda/dropped", f"meeting:{meeting.id}", item=item.id)
    return [agenda_text(writer(ctx), meeting).reply()]


# -- what the scheduler sends --------------------------------------------------------------------------------
def _agenda_reminder(title_key: str):
    def render(session: Session, reminder: Reminder, team: Team, now: datetime) -> Reply | None:
        meeting = session.get(Meeting, reminder.meeting_id) if reminder.meeting_id else None
        if meeting is None or meeting.status != plans.PLANNED or plans.aware(meeting.starts_at) <= now:
            return None
        items_store.sync(session, team, meeting, now)
        return agenda_text(Writer(session, team, team.language, now), meeting, title_key=title_key,
                           mention=True).reply()
    return render


def render_invite(session: Session, reminder: Reminder, team: Team, now: datetime) -> Reply | None:
    ids = (reminder.payload or {}).get("meetings", [])
    found = [m for m in (session.get(Meeting, i) for i in ids) if m is not None and m.team_id == team.id]
    if not found:
        return None
    return invitation_reply(session, team, found, (reminder.payload or {}).get("change", "planned"),
                            lang=team.language, now=now)


def extend_after_agenda(session: Session, reminder: Reminder, team: Team, now: datetime) -> None:
    """A series keeps half a year of occurrences ahead: extended each time one of its agendas goes out."""
    meeting = session.get(Meeting, reminder.meeting_id) if reminder.meeting_id else None
    if meeting is not None and meeting.series_id:
        plans.extend_series(session, team, meeting.series_id, now)


REMINDERS = {
    plans.AGENDA: ReminderKind(_agenda_reminder("meeting.agenda_sent_title"), extend_after_agenda),
    plans.AGENDA_MORNING: ReminderKind(_agenda_reminder("meeting.agenda_morning_title")),
    plans.INVITE: ReminderKind(render_invite),
}

ORDER = 31
LEAD = lead_roles()
NUMBER = Arg(N_("arg.meeting_item_number"), "int")

COMMANDS = [
    Command("aanmelden", "refer", N_("cmd.aanmelden.summary"), handler=refer, details=N_("cmd.aanmelden.details"),
            args=(Arg(N_("arg.meeting_case"), "case"), Arg(N_("arg.meeting_number"), "int", required=False)),
            case_data=True, starts_dialogue=True),
    Command("agenda", "agenda", N_("cmd.agenda.summary"), handler=show, details=N_("cmd.agenda.details"),
            args=(Arg(N_("arg.meeting_number"), "int", required=False),), case_data=True,
            subcommands=(
                Command("start", "start", N_("cmd.agenda.start.summary"), handler=run.start,
                        args=(Arg(N_("arg.meeting_number"), "int", required=False),), case_data=True),
                meeting_close.CLOSE,
                meeting_close.REOPEN,
                Command("delegeer", "delegate", N_("cmd.agenda.delegate.summary"), handler=run.delegate,
                        roles=frozenset({CHAIR}), args=(Arg(N_("arg.meeting_member"), "text"),)),
                Command("verplaats", "move", N_("cmd.agenda.move.summary"), handler=reorder, roles=LEAD,
                        args=(NUMBER, Arg(N_("arg.meeting_item_position"), "int")), case_data=True),
                Command("toevoegen", "add", N_("cmd.agenda.add.summary"), handler=add, roles=LEAD,
                        args=(Arg(N_("arg.meeting_item_subject"), "text"),), case_data=True),
                Command("schrap", "drop", N_("cmd.agenda.drop.summary"), handler=remove, roles=LEAD,
                        args=(NUMBER,), case_data=True),
                Command("codes", "codes", N_("cmd.agenda.codes.summary"), handler=codes,
                        args=(Arg(N_("arg.meeting_number"), "int", required=False),), case_data=True),
            )),
]
