"""An action typed during a meeting ("actie: @anna huisbezoek vrijdag"): an ordinary action, linked to
the meeting and to the case under discussion.

The line is read as `!actie` reads it (dialogues/action_register.py: owner, description, case code,
date). A meeting never waits for a date (issue 18): when the date is missing or ambiguous the action
is recorded at once with a proposed date marked "to confirm", shown in the minutes and in the owner's
list until the owner sets the date (`!verzet`). Only a missing owner or description is still asked,
with the same questions as `!actie`.

The action remembers the message of its line (`line_event`, linked in the meeting when the action is
made), so that an edit of that message can change it: `revise` reads the edited line the same way and
says what changes; nothing is asked for an edit, so an unusable line changes nothing.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import select

from core.calendar import add_working_days
from core.messages import Reply
from dialogues.action_register import ACTION_REGISTER, DEFAULT_DUE_TIME, finish_register, read_line
from dialogues.engine import Invalid
from dialogues.context import Context
from dialogues.engine import Dialogue
from state import actions as store
from state import meetings as plans
from state.models import Action, Meeting, Member
from state.reminders import ReminderSettings

#: without a usable date, the proposal is a week of school days after the meeting (a zorgbot default)
PROPOSED_AFTER_WORKING_DAYS = 5


def complete(answers: dict) -> bool:
    return bool(answers.get("owner") and answers.get("description") and (answers.get("due") or {}).get("at"))


def proposed_date(ctx: Context, due: dict | None) -> str:
    """The date to confirm: the reading the date parser suggests, else a week of school days on."""
    suggestion = (due or {}).get("suggestion")
    if suggestion and datetime.fromisoformat(suggestion) > ctx.now():
        return suggestion
    settings = ReminderSettings.of(ctx.team)
    today = ctx.now().astimezone(ctx.tz).date()
    day = add_working_days(today, PROPOSED_AFTER_WORKING_DAYS, settings.workdays, settings.holidays)
    at = datetime.combine(day, DEFAULT_DUE_TIME, tzinfo=ctx.tz)
    return (at if at > ctx.now() else at + timedelta(days=7)).isoformat()


def start(ctx: Context, text: str, *, meeting_id: int, case_id: int | None) -> list[Reply]:
    """Record the action at once (with a date to confirm when the date is missing or unclear); ask
    only for an owner or a description the line does not give."""
    try:
        answers = read_line(ctx, text)
    except Invalid as problem:      # far too long: nothing is kept or echoed
        return [ctx.reply(problem.key, **problem.values)]
    answers["meeting_id"] = meeting_id
    if ctx.inbound.event_id:    # the message of the line, so that its edit or redaction follows (issue 16)
        answers["line_event"] = ctx.inbound.event_id
    if not answers.get("case") and case_id is not None:
        answers["case_id"] = case_id
    if answers.get("owner") and answers.get("description") and not (answers.get("due") or {}).get("at"):
        answers["due"] = {"at": proposed_date(ctx, answers.get("due")), "problem": None, "suggestion": None,
                          "phrase": (answers.get("due") or {}).get("phrase", "")}
        answers["date_to_confirm"] = True
    if complete(answers):
        return finish(ctx, answers)
    return ctx.services.dialogues.start(ctx, "meeting_action", answers)


def finish(ctx: Context, answers: dict) -> list[Reply]:
    before = _highest_number(ctx)
    replies = finish_register(ctx, answers, coordinator_hint="meeting.coordinator_hint")
    meeting = ctx.session.get(Meeting, answers["meeting_id"]) if answers.get("meeting_id") else None
    if meeting is not None and answers.get("line_event"):
        created = ctx.session.exec(select(Action).where(
            Action.team_id == ctx.team.id, Action.meeting_id == meeting.id, Action.number > before)
            .order_by(Action.number)).first()
        if created is not None:
            plans.link_typed_action(meeting, answers["line_event"], created, by=ctx.member.id)
            ctx.session.add(meeting)
    return replies


def _highest_number(ctx: Context) -> int:
    return ctx.session.exec(select(func.max(Action.number)).where(Action.team_id == ctx.team.id)).one() or 0


# -- an edited `actie:` line ---------------------------------------------------------------------------------
@dataclass
class Revision:
    """What an edited `actie:` line changes in its action (None: stays), or why it changes nothing."""
    description: str | None = None
    owner: Member | None = None
    due_at: datetime | None = None
    problem: str | None = None        # a catalog key: the line is no usable action line

    @property
    def changes(self) -> bool:
        return self.problem is None and (self.description, self.owner, self.due_at) != (None, None, None)


def revise(ctx: Context, action: Action, text: str) -> Revision:
    """Read the edited line as `!actie` reads it and compare with the action. A line without a date
    keeps the action's date; an unclear date, a missing owner or description changes nothing (no
    question is asked for an edit)."""
    try:
        answers = read_line(ctx, text)
    except Invalid:
        return Revision(problem="edit.action_kept_too_long")
    if not answers.get("owner"):
        return Revision(problem="edit.action_kept_owner")
    description = answers.get("description") or answers.get("pending_description")
    if not description:
        return Revision(problem="edit.action_kept_description")
    due = answers.get("due")
    at = datetime.fromisoformat(due["at"]) if due and due.get("at") else None
    if due is not None and (at is None or at <= ctx.now()):
        return Revision(problem="edit.action_kept_date")
    owner = ctx.session.get(Member, answers["owner"])
    revision = Revision()
    if description.strip() != action.description:
        revision.description = description.strip()
    if owner is not None and owner.id != action.owner_member_id:
        revision.owner = owner
    if at is not None and at != plans.aware(action.due_at):
        revision.due_at = at
    return revision


def apply(ctx: Context, action: Action, revision: Revision) -> None:
    """Change the action as the edited line says; each change replans its reminders and is audited."""
    if revision.description is not None:
        store.reword_action(ctx.session, ctx.team, action, revision.description, actor=ctx.actor, now=ctx.now())
    if revision.owner is not None:
        store.reassign_action(ctx.session, ctx.team, action, revision.owner, actor=ctx.actor, now=ctx.now())
    if revision.due_at is not None:
        store.reschedule_action(ctx.session, ctx.team, action, revision.due_at, actor=ctx.actor, now=ctx.now())


MEETING_ACTION = Dialogue(
    name="meeting_action",
    title="action.register_title",
    steps=list(ACTION_REGISTER.steps),
    branches=list(ACTION_REGISTER.branches),
    finish=finish,
    case_data=True,
)
DIALOGUES = [MEETING_ACTION]
