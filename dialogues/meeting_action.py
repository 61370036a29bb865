"""An action typed during a meeting ("actie: @anna huisbezoek vrijdag"): an ordinary action, linked to
the meeting and to the case under discussion.

The line is read as `!actie` reads it (dialogues/action_register.py: owner, description, case code,
date). A meeting never waits for a date (issue 18): when the date is missing or ambiguous the action
is recorded at once with a proposed date marked "to confirm", shown in the minutes and in the owner's
list until the owner sets the date (`!verzet`). Only a missing owner or description is still asked,
with the same questions as `!actie`.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from core.calendar import add_working_days
from core.messages import Reply
from dialogues.action_register import ACTION_REGISTER, DEFAULT_DUE_TIME, finish_register, read_line
from dialogues.engine import Invalid
from dialogues.context import Context
from dialogues.engine import Dialogue
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
