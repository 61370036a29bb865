"""!verwijdering: the expulsion procedure for the school type (003:L6345-6492, L5923-5971).

`expulsion_procedure` in dialogues/knowledge/escalation.py gives the steps, violations, notes and
deadlines; this dialogue asks for the situation, shows them with their sources and dates, and can
turn the steps into the director's actions.
"""
from __future__ import annotations

from datetime import date

from core.messages import Reply
from dialogues.context import Context
from dialogues.engine import Dialogue, Option, Step
from dialogues.escalation_common import (
    DEFAULT_DUE_SCHOOL_DAYS, SCHOOL_TYPE_OPTIONS, SHORT_ITEMS, YES_NO, Outcome, PlannedAction, case_step,
    checklist_text, cited_lines, closing_line, current_lines, dated, finish_outcome, first_school_day, outcome_steps,
    parse_age, parse_day, parse_since, plain_lines, ref_of, school_days_after, short_case_line, shown_case,
    source_and_more, team_calendar, today, yes,
)
from dialogues.engine import Invalid
from core.knowledge import load_area
from dialogues.knowledge.escalation import ExpulsionCase, ExpulsionProcedure, expulsion_procedure

NAME = "expulsion"
KIND = "expulsion"
DIRECTOR = "directeur"   # the competent authority, often delegated to the director (003:L6266-6270)

REASON_OPTIONS = (
    Option("behaviour", "escalation.reason_behaviour", ("gedrag", "behaviour", "behavior")),
    Option("insufficient_progress", "escalation.reason_insufficient_progress",
           ("vorderingen", "onvoldoende vorderingen", "progress")),
    Option("care_needs", "escalation.reason_care_needs", ("zorg", "zorgbehoefte", "care", "care needs")),
    Option("other", "escalation.reason_other", ("anders", "andere reden", "other")),
)
# A VO expulsion waiting for another school is "not yet allowed": its preparation still needs doing.
NOT_YET = "expulsion:violations.vo_no_other_school"
# Which steps of the procedure are tasks, and when they fall: before the decision, during the search
# for another school, or after the decision. Planning only: the steps themselves come from the data.
BEFORE, SEARCH, AFTER = "before", "search", "after"
TASKS = {
    "expulsion:before.hear_pupil": BEFORE, "expulsion:before.hear_parents": BEFORE,
    "expulsion:before.hear_teacher": BEFORE, "expulsion:vo.steps.2": BEFORE,
    "expulsion:po.search": SEARCH, "expulsion:po.help_search": SEARCH,
    "expulsion:after.written_decision": AFTER, "expulsion:after.written_decision_adult": AFTER,
    "expulsion:after.objection_route": AFTER, "expulsion:after.copies": AFTER, "expulsion:vo.steps.5": AFTER,
}


# The search for another school not begun, or its start not known: the eight weeks are counted from
# today, the cautious reading (no decision is planned too early), and the outcome says so.
NOT_STARTED, START_UNKNOWN = "not_yet", "unknown"
NOT_YET_WORDS = frozenset({"nog niet", "niet", "nog niet begonnen", "niet begonnen", "nog niet gezocht",
                           "not yet", "not started", "not yet started", "hasn't started", "has not started"})
UNKNOWN_WORDS = frozenset({"weet ik niet", "weet niet", "onbekend", "geen idee", "-", "?", "i don't know",
                           "i dont know", "don't know", "dont know", "unknown", "not sure"})
# "No decision date yet": the authority has not fixed one. ("nee" is no date and is asked again.)
NO_DATE_WORDS = frozenset({"-", "overslaan", "skip", "nog niet", "nog geen", "niet bekend", "not yet", "none yet",
                           *UNKNOWN_WORDS})


def _word(text: str) -> str:
    return " ".join(text.strip().casefold().rstrip(".!").split())


def parse_search_start(text: str, ctx: Context, answers: dict) -> str:
    """A day (one that has been, such as "1 oktober", or today or later), or "nog niet" / "weet ik niet"."""
    word = _word(text)
    if word in NOT_YET_WORDS:
        return NOT_STARTED
    if word in UNKNOWN_WORDS:
        return START_UNKNOWN
    try:
        return parse_since(text, ctx, answers)
    except Invalid as problem:
        if problem.key == "escalation.date_unknown":
            raise Invalid("escalation.search_start_unknown") from None
        raise


def parse_decision_date(text: str, ctx: Context, answers: dict) -> str | None:
    """When the authority means to decide: today or later, or "-" / "nog niet" while it is not fixed."""
    if _word(text) in NO_DATE_WORDS:
        return None
    try:
        day = parse_day(text, ctx, answers)
    except Invalid as problem:
        if problem.key == "escalation.date_unknown":
            raise Invalid("escalation.decision_date_unknown") from None
        raise
    if date.fromisoformat(day) < today(ctx):
        raise Invalid("escalation.decision_date_past")
    return day


def start_day(answers: dict) -> date | None:
    """The day the search began, when one was given (not "nog niet" or "weet ik niet")."""
    value = answers.get("start")
    return date.fromisoformat(value) if value and value not in (NOT_STARTED, START_UNKNOWN) else None


def _special(answers: dict) -> bool:
    """Special education (SO/VSO): the sources give it no expulsion rules of its own (no search for
    another school, no primary-school law), so nothing is asked or concluded about them."""
    return answers.get("school_type") == "SO"


def _searches(answers: dict) -> bool:
    return answers.get("school_type") in load_area("expulsion")["limits"]["search_applies_to"]


def _asks_dates(answers: dict) -> bool:
    return _searches(answers) and answers.get("other_school_found") is False


def the_case(answers: dict, fallback: date) -> ExpulsionCase:
    decision = answers.get("decision_date")
    return ExpulsionCase(school_type=answers["school_type"], pupil_age=int(answers["pupil_age"]),
                         reason=answers["reason"], other_school_found=bool(answers.get("other_school_found")),
                         mid_school_year=bool(answers.get("mid_school_year")),
                         start=start_day(answers) or fallback,
                         decision_date=date.fromisoformat(decision) if decision else None)


def blocking(procedure: ExpulsionProcedure) -> list:
    return [v for v in procedure.violations if ref_of(v) != NOT_YET]


def allowed(answers: dict) -> bool:
    # The start only matters when it was asked; then it is in the answers.
    return not blocking(expulsion_procedure(the_case(answers, date(2000, 1, 1))))


def procedure(ctx: Context, answers: dict) -> ExpulsionProcedure:
    workdays, holidays = team_calendar(ctx)
    return expulsion_procedure(the_case(answers, today(ctx)), workdays=workdays, holidays=holidays)


def planned_actions(ctx: Context, answers: dict, result: ExpulsionProcedure) -> list[PlannedAction]:
    search_end = next((d.date for d in result.deadlines if d.key == "search_end"), None)
    decision = date.fromisoformat(answers["decision_date"]) if answers.get("decision_date") else search_end
    start = today(ctx)
    # Never before today: a step that should have been done already is due now, not overdue at birth.
    earliest = first_school_day(ctx, start)
    due = {
        BEFORE: school_days_after(ctx, decision, -1) if decision else None,
        SEARCH: search_end,
        AFTER: decision or school_days_after(ctx, start, 2 * DEFAULT_DUE_SCHOOL_DAYS),
    }
    due = {key: max(day, earliest) if day else None for key, day in due.items()}
    vo = answers["school_type"] == "VO"
    actions = []
    for step in result.steps:
        ref = ref_of(step)
        when = TASKS.get(ref)
        if when is None or (vo and ref == "expulsion:before.hear_parents"):  # VO step 2 hears the parents
            continue
        actions.append(PlannedAction(step.text(ctx.lang), role=DIRECTOR, due=due[when]))
    return actions


def start_note(ctx: Context, answers: dict) -> list[str]:
    """Why the dates count from today when the search has not begun or its start is not known."""
    if not _asks_dates(answers) or answers.get("start") not in (NOT_STARTED, START_UNKNOWN):
        return []
    key = "escalation.search_not_started" if answers["start"] == NOT_STARTED else "escalation.search_start_unknown_note"
    return [ctx.t(key)]


def situation(ctx: Context, answers: dict) -> str:
    if _special(answers):
        return ctx.t("escalation.expulsion_situation_so", school_type=answers["school_type"],
                     age=answers["pupil_age"], reason=ctx.t(f"escalation.reason_{answers['reason']}"))
    found = "escalation.other_school_found" if answers["other_school_found"] else "escalation.other_school_not_found"
    return ctx.t("escalation.expulsion_situation", school_type=answers["school_type"], age=answers["pupil_age"],
                 reason=ctx.t(f"escalation.reason_{answers['reason']}"), other_school=ctx.t(found))


def build(ctx: Context, answers: dict) -> Outcome:
    result = procedure(ctx, answers)
    blocked = blocking(result)
    verdict = ("escalation.expulsion_result_violation" if blocked else
               "escalation.expulsion_result_not_yet" if result.violations else
               "escalation.expulsion_result_so" if _special(answers) else "escalation.expulsion_result_ok")
    lines = [ctx.t(verdict), ctx.t("escalation.case_line", case=shown_case(ctx, answers.get("case"))),
             situation(ctx, answers), *start_note(ctx, answers)]
    if result.violations:
        lines += [ctx.t("escalation.heading_violations"), *cited_lines(ctx, result.violations)]
    lines.append(ctx.t("escalation.heading_steps"))
    lines += [f"{n}. {step.cited(ctx.lang)}" for n, step in enumerate(result.steps, start=1)]
    if result.deadlines:
        lines.append(ctx.t("escalation.heading_deadlines"))
        lines += [dated(ctx, deadline.statement, deadline.date) for deadline in result.deadlines]
    lines += [ctx.t("escalation.heading_notes"), *cited_lines(ctx, result.notes)]
    actions = [] if blocked else planned_actions(ctx, answers, result)
    if actions:
        lines += [ctx.t("escalation.heading_checklist"), *checklist_text(ctx, actions)]
    lines.append(closing_line(ctx))
    summary = [situation(ctx, answers), ctx.t(verdict),
               *[f"- {v.text(ctx.lang)} [{v.source}]" for v in result.violations],
               *[dated(ctx, d.statement, d.date, source=False) for d in result.deadlines],
               *checklist_text(ctx, actions)]
    decision = "violates_rules" if blocked else "not_yet_allowed" if result.violations else "procedure"
    short = [ctx.t(verdict), *short_case_line(ctx, answers.get("case")),
             situation(ctx, answers), *start_note(ctx, answers), *plain_lines(ctx, result.violations),
             *[dated(ctx, d.statement, d.date, source=False) for d in result.deadlines][:SHORT_ITEMS],
             *(plain_lines(ctx, result.notes, 1) if _special(answers) else current_lines(ctx, result.notes)[:1]),
             *source_and_more(ctx, [*result.violations, *result.steps][:1]), closing_line(ctx)]
    return Outcome(kind=KIND, title=ctx.t("escalation.expulsion_title"), decision=decision,
                   body="\n".join(lines), summary=summary, actions=actions, short=short)


def finish(ctx: Context, answers: dict) -> list[Reply]:
    return finish_outcome(ctx, answers, build(ctx, answers))


EXPULSION = Dialogue(
    name=NAME,
    title="escalation.expulsion_title",
    steps=[
        case_step(),
        Step("school_type", "escalation.q_school_type", options=SCHOOL_TYPE_OPTIONS),
        Step("pupil_age", "escalation.q_pupil_age", parse=parse_age),
        Step("reason", "escalation.q_reason", options=REASON_OPTIONS),
        Step("mid_school_year", "escalation.q_mid_school_year", options=YES_NO, parse=yes,
             when=lambda a: a.get("school_type") == "VO" and a.get("reason") == "insufficient_progress"),
        Step("other_school_found", "escalation.q_other_school", options=YES_NO, parse=yes,
             when=lambda a: not _special(a)),
        Step("start", "escalation.q_search_start", parse=parse_search_start, when=_asks_dates),
        Step("decision_date", "escalation.q_decision_date", parse=parse_decision_date, when=_asks_dates),
        *outcome_steps(build, allowed=allowed),
    ],
    finish=finish,
)
DIALOGUES = [EXPULSION]
