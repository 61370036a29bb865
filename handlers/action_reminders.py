"""What action reminders, the chair's overview, a member's digest and the yearly evaluation say.

The scheduler (bot/scheduler.py) finds these through REMINDERS. Each reminder goes to the team room
and mentions the person it is for; a reminder whose action is no longer open says nothing.
"""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from core.messages import Reply
from core.roles import CHAIR, IB
from dialogues.action_text import ActionWriter, command_name
from handlers.actions import digest_reply
from handlers.reminder_kind import ReminderKind
from state import actions as store
from state import reminders as rows
from state.models import Action, Member, Reminder, Team
from state.teams import members_with_role


def _writer(session: Session, team: Team, now: datetime) -> ActionWriter:
    return ActionWriter(session, team.language, ZoneInfo(team.timezone), now)


def render_action(session: Session, reminder: Reminder, team: Team, now: datetime) -> Reply | None:
    """before_due, due_day, overdue and snooze: to the owner, by name and mention."""
    action = session.get(Action, reminder.action_id)
    if action is None or action.status != store.OPEN:
        return None
    w = _writer(session, team, now)
    owner = w.member(action.owner_member_id)
    lang = w.lang
    values = dict(name=owner.display_name if owner else "?", number=action.number, when=w.when(action.due_at),
                  time=f"{action.due_at.astimezone(w.tz):%H:%M}", done=command_name("klaar", "done", lang),
                  reschedule=command_name("verzet", "reschedule", lang))
    key = f"reminder.{reminder.kind}"
    return Reply(w.t(key, what=w.title(action), **values), mentions=[owner.user_id] if owner else [],
                 privacy="full", withheld_text=w.t(key, what=w.title(action, description=False), **values))


def _leads(session: Session, team: Team) -> list[Member]:
    return members_with_role(session, team.id, CHAIR) or members_with_role(session, team.id, IB)


def render_overview(session: Session, reminder: Reminder, team: Team, now: datetime) -> Reply | None:
    """Overdue actions escalated to the chair, who addresses what was not done (004:L2469-2477)."""
    overdue = store.open_actions(session, team.id, due_before=now)
    if not overdue:
        return None
    w = _writer(session, team, now)
    chairs = _leads(session, team)
    title = w.t("reminder.overview_title", names=", ".join(m.display_name for m in chairs) or "-",
                count=len(overdue))
    reply = w.listing(title, overdue, footer=w.t("reminder.overview_footer"))
    reply.mentions = [m.user_id for m in chairs]
    return reply


def render_digest(session: Session, reminder: Reminder, team: Team, now: datetime) -> Reply | None:
    member = session.get(Member, reminder.member_id) if reminder.member_id else None
    if member is None or not member.active:
        return None
    return digest_reply(session, team, member, team.language, ZoneInfo(team.timezone), now)


def render_evaluation(session: Session, reminder: Reminder, team: Team, now: datetime) -> Reply:
    """The team evaluates its way of working at least once a year (004:L2559-2561)."""
    chairs = _leads(session, team)
    lang = team.language
    w = _writer(session, team, now)
    return Reply(w.t("reminder.evaluation", names=", ".join(m.display_name for m in chairs) or w.t("role.voorzitter"),
                     command=command_name("actie", "action", lang)),
                 mentions=[m.user_id for m in chairs], privacy="advice")


def _follow_up(session: Session, reminder: Reminder, team: Team, now: datetime) -> None:
    rows.plan_follow_up(session, reminder, team, now)


REMINDERS = {
    **{kind: ReminderKind(render_action) for kind in rows.ACTION_KINDS},
    rows.OVERVIEW: ReminderKind(render_overview, _follow_up),
    rows.DIGEST: ReminderKind(render_digest, _follow_up),
    rows.EVALUATION: ReminderKind(render_evaluation, _follow_up),
}
