"""!aanmelden Z-17: bringing a case in, with the seed's registration fields.

The fields (DOMAIN.md section 3; 004:L2358-2415, 003:L2350-2356, L4091-4105): the question of the
teacher, the parents and (where possible) the pupil; the reason and the core of the problem; child,
family and school factors; strengths and opportunities; what has been done and with what result; the
school's possibilities and limits; for a ZAT the zorgteam's analysis. The consent status is not asked:
it is read from the consent register, and the case is named on the agenda only where that allows.
Answers stay brief: the team shares what is needed, never whole files (004:L2260-2262).
"""
from __future__ import annotations

from core.i18n import t
from core.messages import Reply
from dialogues.context import Context
from dialogues.engine import Dialogue, Invalid, Option, Step
from dialogues.meeting_text import Writer
from dialogues.plausible import checked, rephrase_step
from state import actions as store
from state import agenda as items_store
from state import meetings as plans
from state.cases import find_case, get_or_create_case
from state.models import Case, Meeting, Member
from state.privacy import case_label, may_be_named_on_agenda
from state.teams import parent_talk_owner

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


#: what reads as "nothing to say" where an answer is required: the team would meet on an empty case
NOTHING = frozenset({"-", "--", "—", "–", ".", "?", "overslaan", "skip", "n.v.t.", "nvt", "n/a"})


def _required_brief(text: str, ctx: Context, answers: dict) -> str:
    if text.strip().casefold() in NOTHING:
        raise Invalid("meeting.answer_required")
    return _brief(text, ctx, answers)


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
    answers = _chosen(answers)
    lines = [ctx.t("meeting.register_summary_for", when=answers.get("meeting_when", "-"))]
    for name, _ in FIELDS + (("zorgteam_analysis", False),):
        if answers.get(name):
            lines.append(f"- {ctx.t(f'meeting.field_{name}')}: {answers[name]}")
    lines.append(naming_line(ctx, answers["case"]))
    return {"summary": "\n".join(lines)}


def finish(ctx: Context, answers: dict) -> list[Reply]:
    if answers.get("confirm") != "yes":
        return [Reply(ctx.t("meeting.register_not_saved"), in_thread=True)]
    brief = {name: answers[name] for name, _ in FIELDS + (("zorgteam_analysis", False),) if answers.get(name)}
    if answers.get("late") and answers.get("which_meeting") == "first":
        # After the deadline, this meeting anyway: the chair's decision (core.policy), audited.
        ctx.audit("meeting/late_registration", f"meeting:{answers['late']['first_id']}")
    answers = _chosen(answers)
    return registered(ctx, answers["case"], answers["meeting_id"], brief)


LATE_OPTIONS = (Option("later", "meeting.late_option_later", ("daarna", "volgende", "later", "next", "after")),
                Option("first", "meeting.late_option_first", ("toch", "eerst", "first", "anyway")))


def _late_values(ctx: Context, answers: dict) -> dict:
    late = answers["late"]
    return {"first": late["first_when"], "later": late["later_when"]}


def _chosen(answers: dict) -> dict:
    """meeting_id and meeting_when after the chair's choice (the later meeting unless "first")."""
    late = answers.get("late")
    if late and answers.get("which_meeting") == "first":
        return {**answers, "meeting_id": late["first_id"], "meeting_when": late["first_when"]}
    return answers


def _steps(name: str, required: bool, when=None) -> tuple[Step, Step]:
    """The field's question, and the privacy hint when its answer looks like it names a pupil."""
    parse = _required_brief if required else _brief
    return (Step(name, f"meeting.q_{name}", parse=checked(name, parse), optional=not required, when=when),
            rephrase_step(name, f"meeting.q_{name}", parse, optional=not required))


MEETING_REGISTER = Dialogue(
    name="meeting_register",
    title="meeting.register_title",
    steps=[
        Step("which_meeting", "meeting.q_late_which_meeting", options=LATE_OPTIONS,
             when=lambda answers: bool(answers.get("late")), prompt_values=_late_values),
        *(step for name, required in FIELDS for step in _steps(name, required)),
        *_steps("zorgteam_analysis", False, when=lambda answers: answers.get("team_kind") == "zat"),
        Step("confirm", "meeting.q_register_confirm", options=CONFIRM_OPTIONS, prompt_values=summary),
    ],
    finish=finish,
    case_data=True,
)
DIALOGUES = [MEETING_REGISTER]


def ensure_talk_before(ctx: Context, case: Case, meeting: Meeting):
    """The IB'er's talk with the parents before the meeting, as an ordinary action due at its start."""
    # Stored in the team's language, like every action text the bot writes itself.
    description = t("meeting.talk_before_description", ctx.team.language)
    for existing in store.open_actions(ctx.session, ctx.team.id, case_id=case.id):
        if existing.description == description:
            return existing, False
    owner = parent_talk_owner(ctx.session, ctx.team, ctx.member, ctx.roles)
    due = plans.aware(meeting.starts_at)
    if owner is None or due <= ctx.now():
        return None, False
    action = store.create_action(ctx.session, team=ctx.team, owner=owner, description=description, due_at=due,
                                 case=case, created_by=ctx.member, actor=ctx.actor, now=ctx.now())
    return action, True


def registered(ctx: Context, code: str, meeting_id: int, brief: dict) -> list[Reply]:
    """The end of the registration dialogue."""
    meeting = plans.get_meeting(ctx.session, ctx.team.id, meeting_id)
    if meeting is None or meeting.status not in (plans.PLANNED, plans.RUNNING):
        return [ctx.reply("meeting.register_meeting_gone")]
    case = get_or_create_case(ctx.session, ctx.team.id, code)
    item, replaced = items_store.register(ctx.session, meeting, case, brief, ctx.member.id if ctx.member else None,
                                          ctx.now())
    allowed, reason = may_be_named_on_agenda(ctx.session, case)
    ctx.audit("meeting/registered", f"case:{case.code}", meeting=meeting.id, named=allowed, replaced=replaced,
              fields=sorted(brief))
    w = Writer(ctx.session, ctx.team, ctx.lang, ctx.now())
    # the label the agenda shows: with its letter when the meeting has more anonymous cases
    label = w.label(case.id, meeting.id)
    number = items_store.number_of(ctx.session, item)
    key = "meeting.register_replaced" if replaced else "meeting.registered"
    lines = [ctx.t(key, case=label, when=w.when(meeting.starts_at), number=number, kind=w.kind(item))]
    lines.append(ctx.t("meeting.registered_named", case=label) if allowed
                 else ctx.t("meeting.registered_anonymous", reason=ctx.t(reason)))
    mentions = []
    talk, created = ensure_talk_before(ctx, case, meeting)
    if talk is not None:
        owner = ctx.session.get(Member, talk.owner_member_id)
        lines.append(ctx.t("meeting.talk_before_created" if created else "meeting.talk_before_exists",
                           name=owner.display_name, number=talk.number, when=w.when(talk.due_at)))
        if created and (ctx.member is None or owner.id != ctx.member.id):
            mentions.append(owner.user_id)
    return [Reply("\n".join(lines), mentions=mentions, in_thread=True, privacy="codes")]
