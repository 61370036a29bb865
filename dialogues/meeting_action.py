"""An action typed during a meeting ("actie: @anna huisbezoek vrijdag"): an ordinary action, linked to
the meeting and to the case under discussion.

The line is read as `!actie` reads it (dialogues/action_register.py: owner, description, case code,
date); whatever is missing or unclear is asked with the same questions. Only the end differs: the
action carries the meeting, and the case defaults to the item being discussed.
"""
from __future__ import annotations

from datetime import datetime

from bot.context import Context
from bot.messages import Reply
from dialogues.action_register import ACTION_REGISTER, confirmation, coordinator_question, read_line
from dialogues.engine import Dialogue
from state import actions as store
from state.models import Case, Member


def complete(answers: dict) -> bool:
    return bool(answers.get("owner") and answers.get("description") and (answers.get("due") or {}).get("at"))


def start(ctx: Context, text: str, *, meeting_id: int, case_id: int | None) -> list[Reply]:
    """Create the action at once when the line says everything, else ask for the rest."""
    answers = read_line(ctx, text)
    answers["meeting_id"] = meeting_id
    if not answers.get("case") and case_id is not None:
        answers["case_id"] = case_id
    if complete(answers):
        return finish(ctx, answers)
    return ctx.services.dialogues.start(ctx, "meeting_action", answers)


def finish(ctx: Context, answers: dict) -> list[Reply]:
    owner = ctx.session.get(Member, answers["owner"])
    due = datetime.fromisoformat(answers["due"]["at"])
    if due <= ctx.now():
        return [ctx.reply("action.date_passed_meanwhile")]
    if answers.get("case"):
        case = store.ensure_case(ctx.session, ctx.team, answers["case"])
    else:
        case = ctx.session.get(Case, answers["case_id"]) if answers.get("case_id") else None
    action = store.create_action(ctx.session, team=ctx.team, owner=owner, description=answers["description"],
                                 due_at=due, case=case, created_by=ctx.member, meeting_id=answers.get("meeting_id"),
                                 recurrence_days=answers.get("recurrence_days"), actor=ctx.actor, now=ctx.now())
    replies = [confirmation(ctx, action, owner)]
    if case is not None:
        question = coordinator_question(ctx, case, action)
        if question:
            question.text += "\n" + ctx.t("meeting.coordinator_hint")
            replies.append(question)
    return replies


MEETING_ACTION = Dialogue(
    name="meeting_action",
    title="action.register_title",
    steps=list(ACTION_REGISTER.steps),
    branches=list(ACTION_REGISTER.branches),
    finish=finish,
    case_data=True,
)
DIALOGUES = [MEETING_ACTION]
