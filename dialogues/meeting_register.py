"""!aanmelden Z-17: bringing a case in, with the seed's registration fields.

The fields (DOMAIN.md section 3; 004:L2358-2415, 003:L2350-2356, L4091-4105): the question of the
teacher, the parents and (where possible) the pupil; the reason and the core of the problem; child,
family and school factors; strengths and opportunities; what has been done and with what result; the
school's possibilities and limits; for a ZAT the zorgteam's analysis. The consent status is not asked:
it is read from the consent register, and the case is named on the agenda only where that allows.
Answers stay brief: the team shares what is needed, never whole files (004:L2260-2262).
"""
from __future__ import annotations

from bot.context import Context
from bot.messages import Reply
from dialogues.engine import Dialogue, Invalid, Option, Step
from state.cases import find_case
from state.privacy import case_label, may_be_named_on_agenda

MAX_ANSWER = 1000
CONFIRM_OPTIONS = (Option("yes", "dialogue.yes", ("ja", "j", "y", "ok", "opslaan", "save", "aanmelden", "refer")),
                   Option("no", "dialogue.no", ("nee", "n", "niet")))
#: (field, required); the order of the seed's form
FIELDS = (("question_teacher", True), ("question_parents", False), ("question_pupil", False), ("reason", True),
          ("core", True), ("child_factors", False), ("family_factors", False), ("school_factors", False),
          ("strengths", False), ("done_so_far", False), ("school_limits", False))


def _brief(text: str, ctx: Context, answers: dict) -> str:
    if len(text) > MAX_ANSWER:
        raise Invalid("meeting.answer_too_long", max=MAX_ANSWER)
    return text.strip()


def naming_line(ctx: Context, code: str) -> str:
    """How the case will show on the agenda, from the consent register (never asked)."""
    case = find_case(ctx.session, ctx.team.id, code)
    if case is None:
        return ctx.t("meeting.naming_anonymous", reason=ctx.t("consent.naming_no_record"))
    allowed, reason = may_be_named_on_agenda(ctx.session, case)
    if allowed:
        return ctx.t("meeting.naming_named", case=case_label(ctx.session, case, ctx.lang))
    return ctx.t("meeting.naming_anonymous", reason=ctx.t(reason))


def summary(ctx: Context, answers: dict) -> dict:
    lines = [ctx.t("meeting.register_summary_for", when=answers.get("meeting_when", "-"))]
    for name, _ in FIELDS + (("zorgteam_analysis", False),):
        if answers.get(name):
            lines.append(f"- {ctx.t(f'meeting.field_{name}')}: {answers[name]}")
    lines.append(naming_line(ctx, answers["case"]))
    return {"summary": "\n".join(lines)}


def finish(ctx: Context, answers: dict) -> list[Reply]:
    if answers.get("confirm") != "yes":
        return [Reply(ctx.t("meeting.register_not_saved"), in_thread=True)]
    from handlers.meeting_agenda import registered
    brief = {name: answers[name] for name, _ in FIELDS + (("zorgteam_analysis", False),) if answers.get(name)}
    return registered(ctx, answers["case"], answers["meeting_id"], brief)


def _step(name: str, required: bool) -> Step:
    return Step(name, f"meeting.q_{name}", parse=_brief, optional=not required)


MEETING_REGISTER = Dialogue(
    name="meeting_register",
    title="meeting.register_title",
    steps=[
        *(_step(name, required) for name, required in FIELDS),
        Step("zorgteam_analysis", "meeting.q_zorgteam_analysis", parse=_brief, optional=True,
             when=lambda answers: answers.get("team_kind") == "zat"),
        Step("confirm", "meeting.q_register_confirm", options=CONFIRM_OPTIONS, prompt_values=summary),
    ],
    finish=finish,
    case_data=True,
)
DIALOGUES = [MEETING_REGISTER]
