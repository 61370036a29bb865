"""An action typed during a meeting ("actie: @anna huisbezoek vrijdag"): an ordinary action, linked to
the meeting and to the case under discussion.

The line is read as `!actie` reads it (dialogues/action_register.py: owner, description, case code,
date); whatever is missing or unclear is asked with the same questions. Only the end differs: the
action carries the meeting, and the case defaults to the item being discussed.
"""
from __future__ import annotations

from core.messages import Reply
from dialogues.engine import Invalid
from dialogues.action_register import ACTION_REGISTER, finish_register, read_line
from dialogues.context import Context
from dialogues.engine import Dialogue


def complete(answers: dict) -> bool:
    return bool(answers.get("owner") and answers.get("description") and (answers.get("due") or {}).get("at"))


def start(ctx: Context, text: str, *, meeting_id: int, case_id: int | None) -> list[Reply]:
    """Create the action at once when the line says everything, else ask for the rest."""
    try:
        answers = read_line(ctx, text)
    except Invalid as problem:      # far too long: nothing is kept or echoed
        return [ctx.reply(problem.key, **problem.values)]
    answers["meeting_id"] = meeting_id
    if not answers.get("case") and case_id is not None:
        answers["case_id"] = case_id
    if complete(answers):
        return finish(ctx, answers)
    return ctx.services.dialogues.start(ctx, "meeting_action", answers)


def finish(ctx: Context, answers: dict) -> list[Reply]:
    return finish_register(ctx, answers, coordinator_hint="meeting.coordinator_hint")


MEETING_ACTION = Dialogue(
    name="meeting_action",
    title="action.register_title",
    steps=list(ACTION_REGISTER.steps),
    branches=list(ACTION_REGISTER.branches),
    finish=finish,
    case_data=True,
)
DIALOGUES = [MEETING_ACTION]
