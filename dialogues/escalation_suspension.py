"""!schorsing: check a planned suspension against the seed's rules (003:L6256-6343, DOMAIN.md §5).

The checking is `check_suspension` in dialogues/knowledge/escalation.py; this dialogue asks for the
plan, shows every violation, duty and note with its source, and puts the deadlines on real dates in
the team's calendar (school days skip weekends and the team's holidays).
"""
from __future__ import annotations

import re
from datetime import date

from core.i18n import spell_date
from core.messages import Reply
from dialogues.context import Context
from dialogues.engine import Dialogue, Invalid, Step
from dialogues.escalation_common import (
    SCHOOL_TYPE_OPTIONS, SHORT_ITEMS, YES_NO, Outcome, PlannedAction, case_step, checklist_text, cited_lines,
    closing_line, dated, finish_outcome, first_school_day, outcome_steps, parse_age, parse_day, ref_of, shown_case,
    plain_lines, short_case_line, source_and_more, team_calendar, yes,
)
from core.knowledge import load_area
from dialogues.knowledge.escalation import SuspensionCheck, SuspensionPlan, check_suspension, parse_length

NAME = "suspension"
KIND = "suspension"
MAX_LENGTH = 200       # beyond any school year: a typing error, not a plan
DIRECTOR = "directeur"  # the seed's duties fall to the director / competent authority (003:L6266-6270)
# Duties that are something to do (the objection term is the parents' right, not a task).
SHORT_DUTIES = ("new_decision", "urgent")
ACTION_DUTIES = ("written_notice", "written_notice_adult", "urgent", "inform_inspectorate", "new_decision")


def parse_length_answer(text: str, ctx: Context, answers: dict) -> int:
    """"3", "3 dagen", "twee weken", "two weeks" -> school days."""
    days = int(text.strip()) if re.fullmatch(r"\s*\d{1,3}\s*", text) else parse_length(text, ctx.lang)
    if not days or days < 1 or days > MAX_LENGTH:
        raise Invalid("escalation.length_unknown")
    return days


def plan(answers: dict) -> SuspensionPlan:
    return SuspensionPlan(school_type=answers["school_type"], pupil_age=int(answers["pupil_age"]),
                          length_school_days=int(answers["length_school_days"]), urgent=bool(answers["urgent"]),
                          expulsion_running=bool(answers["expulsion_running"]),
                          start=date.fromisoformat(answers["start"]),
                          is_extension=bool(answers.get("is_extension")))


def allowed(answers: dict) -> bool:
    # Whether a plan breaks a rule does not depend on the calendar, only its dates do.
    return check_suspension(plan(answers)).allowed


def check(ctx: Context, answers: dict) -> SuspensionCheck:
    workdays, holidays = team_calendar(ctx)
    return check_suspension(plan(answers), workdays=workdays, holidays=holidays)


def plan_line(ctx: Context, answers: dict) -> str:
    extras = [ctx.t(key) for flag, key in (("urgent", "escalation.plan_urgent"),
                                            ("expulsion_running", "escalation.plan_expulsion_running"),
                                            ("is_extension", "escalation.plan_extension")) if answers.get(flag)]
    return ctx.t("escalation.suspension_plan", days=ctx.t("unit.school_days", count=int(answers["length_school_days"])),
                 start=spell_date(date.fromisoformat(answers["start"]), ctx.lang),
                 school_type=answers["school_type"], age=answers["pupil_age"],
                 extras="".join(f", {extra}" for extra in extras))


def planned_actions(ctx: Context, answers: dict, result: SuspensionCheck) -> list[PlannedAction]:
    """The director's tasks on the first day of the suspension, and the return after the last."""
    last = next(deadline.date for deadline in result.deadlines if deadline.key == "last_day")
    first = first_school_day(ctx, date.fromisoformat(answers["start"]))
    actions = [PlannedAction(duty.text(ctx.lang), role=DIRECTOR, due=first) for duty in result.duties
               if ref_of(duty).removeprefix("suspension:duties.") in ACTION_DUTIES]
    actions.append(PlannedAction(ctx.t("escalation.suspension_return", date=spell_date(last, ctx.lang)),
                                 role=DIRECTOR, due=last))
    return actions


def result_key(answers: dict, result: SuspensionCheck) -> str:
    """Where the sources set no rule for this school type, the plan cannot "fit the rules": say so."""
    if not result.allowed:
        return "escalation.suspension_result_violation"
    regulated = answers["school_type"] in load_area("suspension")["limits"]["max_applies_to"]
    return "escalation.suspension_result_ok" if regulated else "escalation.suspension_result_unregulated"


def build(ctx: Context, answers: dict) -> Outcome:
    result = check(ctx, answers)
    lines = [ctx.t(result_key(answers, result)),
             ctx.t("escalation.case_line", case=shown_case(ctx, answers.get("case"))), plan_line(ctx, answers)]
    for key, items in (("escalation.heading_violations", result.violations),
                       ("escalation.heading_warnings", result.warnings),
                       ("escalation.heading_duties", result.duties)):
        if items:
            lines += [ctx.t(key), *cited_lines(ctx, items)]
    if result.allowed:   # the dates of a plan that may not go ahead would only mislead
        lines.append(ctx.t("escalation.heading_deadlines"))
        lines += [dated(ctx, deadline.statement, deadline.date) for deadline in result.deadlines]
    lines += [ctx.t("escalation.heading_notes"), *cited_lines(ctx, result.notes)]
    actions = planned_actions(ctx, answers, result) if result.allowed else []
    if actions:
        lines += [ctx.t("escalation.heading_checklist"), *checklist_text(ctx, actions)]
    lines.append(closing_line(ctx))
    summary = [plan_line(ctx, answers),
               ctx.t(result_key(answers, result)),
               *[f"- {v.text(ctx.lang)} [{v.source}]" for v in result.violations],
               *[dated(ctx, d.statement, d.date, source=False) for d in result.deadlines if result.allowed],
               *checklist_text(ctx, actions)]
    # what the member's own answers add (an extension is a new decision; urgency) is on the first screen
    answered = [duty for duty in result.duties if ref_of(duty).removeprefix("suspension:duties.") in SHORT_DUTIES]
    short = [ctx.t(result_key(answers, result)), *short_case_line(ctx, answers.get("case")),
             plan_line(ctx, answers), *plain_lines(ctx, result.violations), *plain_lines(ctx, answered)]
    if result.allowed:
        short += [dated(ctx, d.statement, d.date, source=False) for d in result.deadlines][:SHORT_ITEMS]
    short += [*source_and_more(ctx, [*result.violations, *result.duties, *result.notes][:1]), closing_line(ctx)]
    return Outcome(kind=KIND, title=ctx.t("escalation.suspension_title"),
                   decision="allowed" if result.allowed else "violates_rules",
                   body="\n".join(lines), summary=summary, actions=actions, short=short)


def finish(ctx: Context, answers: dict) -> list[Reply]:
    return finish_outcome(ctx, answers, build(ctx, answers))


SUSPENSION = Dialogue(
    name=NAME,
    title="escalation.suspension_title",
    steps=[
        case_step(),
        Step("school_type", "escalation.q_school_type", options=SCHOOL_TYPE_OPTIONS),
        Step("pupil_age", "escalation.q_pupil_age", parse=parse_age),
        Step("length_school_days", "escalation.q_length", parse=parse_length_answer,
             when=lambda a: "length_school_days" not in a),
        Step("start", "escalation.q_start", parse=parse_day),
        Step("urgent", "escalation.q_urgent", options=YES_NO, parse=yes),
        Step("expulsion_running", "escalation.q_expulsion_running", options=YES_NO, parse=yes),
        Step("is_extension", "escalation.q_extension", options=YES_NO, parse=yes),
        *outcome_steps(build, allowed=allowed),
    ],
    finish=finish,
)
DIALOGUES = [SUSPENSION]
