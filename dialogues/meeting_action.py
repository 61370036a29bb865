"""An action typed during a meeting ("actie: @anna huisbezoek vrijdag"): an ordinary action, linked to
the meeting and to the case under discussion.

The line is read as `!actie` reads it (dialogues/action_register.py: owner, description, case code,
date). A meeting never waits for a date (issue 18): when the date is missing or ambiguous the action
is recorded at once with a proposed date marked "to confirm", shown in the minutes and in the owner's
list until the owner sets the date (`!verzet`); so too when the owner or description is given only in
answer to the question. Only a missing owner or description is still asked, with the same questions as
`!actie`. An action has an owner (state/models.py), so one without cannot be recorded at once; but a
meeting goes on, and a line is never lost: the next meeting line (another `actie:`, a `besluit:`, ...)
is no answer to "Wie doet het?" (an unknown `@naam` in it neither), it is handled as a line of its
own, and the action still waiting is kept as a draft the member is told of (`!open N` resumes it at
its question; the close summary lists it). The question is the member's own, so a line that answers
it badly is refused and asked again, never let go silently.

The action remembers the message of its line (`line_event`, linked in the meeting when the action is
made), so that an edit of that message can change it: `revise` reads the edited line the same way and
says what changes; nothing is asked for an edit, so an unusable line changes nothing.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import select

from core.calendar import add_working_days
from core.messages import Reply
from dialogues.action_register import ACTION_REGISTER, DEFAULT_DUE_TIME, finish_register, read_line
from dialogues.engine import Invalid
from dialogues.context import Context
from dialogues.engine import DRAFT_STATE, ENGINE_KEY, Dialogue, draft_word
from dialogues.plausible import NEW_LINES
from state import drafts
from state import actions as store
from state import meetings as plans
from state.models import Action, Conversation, Draft, Meeting, Member
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
    _propose_date(ctx, answers)
    if complete(answers):
        return finish(ctx, answers)
    # The member typed this line to have it recorded: the question is theirs, not one the bot opened
    # after plain talk, so a line that is no answer is not let go with the action lost (engine "unasked").
    unasked = ctx.extra.pop("unasked", None)
    try:
        return ctx.services.dialogues.start(ctx, "meeting_action", answers)
    finally:
        if unasked is not None:
            ctx.extra["unasked"] = unasked


def _propose_date(ctx: Context, answers: dict) -> None:
    """Owner and description known, the date not: the date to confirm (the meeting never waits for it)."""
    if answers.get("owner") and answers.get("description") and not (answers.get("due") or {}).get("at"):
        answers["due"] = {"at": proposed_date(ctx, answers.get("due")), "problem": None, "suggestion": None,
                          "phrase": (answers.get("due") or {}).get("phrase", "")}
        answers["date_to_confirm"] = True


NEW_LINE = "new_line"       # in the answers: a meeting line typed while the action waited for an answer
STOPPED_AT = "stopped_at"   # ... and the question it waited at


def _is_new_line(ctx: Context, answers: dict, text: str) -> bool:
    """A meeting line of its own ("actie: @anna ...", "besluit: ..."): handlers/meeting_run.py registers
    how to tell (plausible.NEW_LINES["meeting_action"])."""
    is_new = NEW_LINES.get("meeting_action", (None, None))[0]
    return bool(is_new is not None and is_new(ctx, answers, text))


def _meeting_step(step):
    """A step of `!actie` as a meeting asks it: a new meeting line ends the question (the action is kept
    as a draft in `finish`), and once owner and description are known the date is proposed, not asked."""
    inner_parse, inner_when = step.parse, step.when

    def parse(text: str, ctx: Context, answers: dict):
        if _is_new_line(ctx, answers, text):
            answers[NEW_LINE], answers[STOPPED_AT] = text.strip(), step.name
            return answers.get(step.name)
        value = inner_parse(text, ctx, answers) if inner_parse else text.strip()
        if step.name in ("owner", "description", "rephrase"):
            probe = {**answers, step.name: value}
            if step.name == "rephrase":
                probe["description"] = value
            _propose_date(ctx, probe)
            if probe.get("date_to_confirm"):
                answers["due"], answers["date_to_confirm"] = probe["due"], True
        return value

    def when(answers: dict) -> bool:
        return NEW_LINE not in answers and (inner_when is None or inner_when(answers))

    # named for the drawn diagram (docs/diagrams): what the step of `!actie` asks for, unless a line came
    when.__name__ = f"no_meeting_line_came_and_{ASKED_IF.get(step.name, 'asked')}"
    return replace(step, parse=parse, when=when)


#: what each step of `!actie` is asked for, for the names above
ASKED_IF = {"owner": "no_owner", "description": "no_description", "rephrase": "description_looks_like_a_name",
            "due": "needs_due"}


def _branch_condition(condition):
    def no_meeting_line_came_and_needs_due(answers: dict) -> bool:
        return NEW_LINE not in answers and condition(answers)
    return no_meeting_line_came_and_needs_due


def finish(ctx: Context, answers: dict) -> list[Reply]:
    if answers.get(NEW_LINE):
        return _kept_for_new_line(ctx, answers)
    before = highest_number(ctx)
    replies = finish_register(ctx, answers, coordinator_hint="meeting.coordinator_hint")
    meeting = ctx.session.get(Meeting, answers["meeting_id"]) if answers.get("meeting_id") else None
    if meeting is not None and len(replies) > 1:
        # the case-coordinator question follows the confirmation: asked once per case in a meeting,
        # not again under every next `actie:` line (it buried the confirmations)
        case_key = str(answers.get("case") or answers.get("case_id") or "")
        asked = list((meeting.details or {}).get("coordinator_asked") or [])
        if case_key in asked:
            replies = replies[:1]
        else:
            plans.update_details(meeting, coordinator_asked=asked + [case_key])
            ctx.session.add(meeting)
    if meeting is not None and answers.get("line_event"):
        created = ctx.session.exec(select(Action).where(
            Action.team_id == ctx.team.id, Action.meeting_id == meeting.id, Action.number > before)
            .order_by(Action.number)).first()
        if created is not None:
            plans.link_typed_action(meeting, answers["line_event"], created, by=ctx.member.id)
            ctx.session.add(meeting)
    return replies


def _kept_for_new_line(ctx: Context, answers: dict) -> list[Reply]:
    """A meeting line came while the action waited for an answer: the action is kept as a draft (said,
    with how to go on), then the line is handled as it would have been without the question."""
    answers = dict(answers)
    line, state = answers.pop(NEW_LINE), answers.pop(STOPPED_AT, "owner")
    inbound = ctx.inbound
    place = Conversation(transport=inbound.transport, room_id=inbound.room_id, user_id=inbound.user_id,
                         thread_id=inbound.thread_id, dialogue=MEETING_ACTION.name, state=state, answers={},
                         team_id=ctx.team.id if ctx.team else None)
    draft = drafts.keep(ctx.session, place, {**answers, ENGINE_KEY: {"preset": [], DRAFT_STATE: state}}, ctx.now())
    what = ctx.t("meeting.action_waits_description" if state == "description" else "meeting.action_waits_owner")
    description = answers.get("description") or answers.get("pending_description") or ""
    values = dict(waits=what, command=draft_word(ctx.lang), number=draft.id)
    kept = Reply(ctx.t("meeting.action_kept_draft", description=description, **values), in_thread=True,
                 privacy="full", withheld_text=ctx.t("meeting.action_kept_draft_codes", **values))
    handle = NEW_LINES.get("meeting_action", (None, None))[1]
    return [kept] + ((handle(ctx, line) or []) if handle is not None else [])


def pending_drafts(ctx: Context, meeting: Meeting) -> list[Draft]:
    """Actions typed in this meeting that still wait, as drafts, for an owner or a description (any member's)."""
    found = ctx.session.exec(select(Draft).where(Draft.team_id == ctx.team.id,
                                                 Draft.dialogue == MEETING_ACTION.name)).all()
    return [d for d in found if (d.answers or {}).get("meeting_id") == meeting.id]


def highest_number(ctx: Context) -> int:
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
    steps=[_meeting_step(step) for step in ACTION_REGISTER.steps],
    branches=[replace(branch, condition=_branch_condition(branch.condition)) for branch in ACTION_REGISTER.branches],
    finish=finish,
    summary=ACTION_REGISTER.summary,
    case_data=True,
)
DIALOGUES = [MEETING_ACTION]
