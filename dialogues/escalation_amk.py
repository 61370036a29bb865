"""!amk / !escalatie: the seed's ladder when parents keep avoiding help or abuse is suspected.

The questions follow `EscalationQuestions` of dialogues/knowledge/escalation.py; the ladder there
decides (003:L6117-6255, DOMAIN.md §5). Danger first: a life-threatening situation, or a child who is
the source, skips every other question and goes straight to the report route.
"""
from __future__ import annotations

from core.messages import Reply
from dialogues.context import Context
from dialogues.engine import Dialogue, Option, Step
from dialogues.escalation_common import (
    KNOWLEDGE_ROLES, UNSURE, YES_NO, YES_NO_UNSURE, Outcome, PlannedAction, case_step, checklist_text, cited_lines,
    SHORT_ITEMS, closing_line, consent_line, contacts_lines, finish_outcome, meldcode_lines, outcome_steps,
    plain_lines, ref_of, short_case_line, shown_case, source_and_more, team_words, yes, yes_or_unsure,
)
from dialogues.knowledge.escalation import EscalationAdvice, EscalationQuestions, advise_escalation

NAME = "escalation"
KIND = "veilig_thuis"

CONCERN_OPTIONS = (
    Option("avoiding_help", "escalation.concern_avoiding_help", ("mijden", "hulp mijden", "avoid", "avoiding", "avoiding help")),
    Option("suspected_abuse", "escalation.concern_suspected_abuse",
           ("kindermishandeling", "mishandeling", "huiselijk geweld", "vermoeden", "abuse", "suspected abuse",
            "domestic violence")),
)
PROOF_OPTIONS = (
    Option("none", "escalation.proof_none", ("geen bewijs", "zorgen", "no proof", "worries")),
    Option("some", "escalation.proof_some", ("onderbouwd", "bewijs", "substantiated", "proof")),
)
# Roles in escalation.toml that are not team roles: shown by name, owned by whoever ran the dialogue.
OTHER_ACTORS = {"school": "escalation.role_school", "reporter": "escalation.role_reporter"}


def urgent(answers: dict) -> bool:
    return bool(answers.get("life_threatening") or answers.get("child_is_source"))


def _abuse(answers: dict) -> bool:
    return answers.get("concern") == "suspected_abuse"


def _engaged_abuse(answers: dict) -> bool:
    """Suspected abuse while the parents cooperate: advice or consult, whatever else holds."""
    return _abuse(answers) and answers.get("parents_avoid_care") is False


def questions(answers: dict) -> EscalationQuestions:
    """The ladder's questions; one not asked did not matter for the answers given."""
    return EscalationQuestions(
        concern=answers.get("concern", "avoiding_help"),
        discussed_in_zat=answers.get("discussed_in_zat", True),
        life_threatening=bool(answers.get("life_threatening")),
        child_is_source=bool(answers.get("child_is_source")),
        proof=answers.get("proof", "none"),
        parents_avoid_care=bool(answers.get("parents_avoid_care")),
        repeated_contact_same_child=bool(answers.get("repeated_contact_same_child")))


def meldcode_applies(answers: dict) -> bool:
    """A suspicion of abuse, or danger to the child: the school's meldcode applies (current law)."""
    return _abuse(answers) or urgent(answers)


def unsure_lines(ctx: Context, answers: dict) -> list[str]:
    """"weet ik niet" was taken as the safer answer: say so, question by question."""
    keys = {"life_threatening": "escalation.unsure_life_threatening",
            "child_is_source": "escalation.unsure_child_is_source"}
    return [ctx.t(key) for name, key in keys.items() if answers.get(name) == UNSURE]


def planned_actions(ctx: Context, advice: EscalationAdvice) -> list[PlannedAction]:
    return [PlannedAction(team_words(ctx, item.statement.text(ctx.lang)), role=KNOWLEDGE_ROLES.get(item.role or ""),
                          who=OTHER_ACTORS.get(item.role or ""), due=None)
            for item in advice.checklist]


def build(ctx: Context, answers: dict) -> Outcome:
    advice = advise_escalation(questions(answers))
    code = answers.get("case")
    actions = planned_actions(ctx, advice)
    meldcode = meldcode_applies(answers)
    closing = closing_line(ctx, meldcode=meldcode)
    current = meldcode_lines(ctx, code, phone=not advice.urgent) if meldcode else []
    # the explanation may cite the meldcode already (the "meer" text); then it is not said twice there
    explained = [line for line in current if line.startswith("- ") and line[2:] in
                 {st.text(ctx.lang) for st in advice.explanation}]
    unsure = unsure_lines(ctx, answers)
    lines = [ctx.t("escalation.amk_result", title=advice.title.cited(ctx.lang)),
             ctx.t("escalation.case_line", case=shown_case(ctx, code)), *unsure]
    if advice.urgent:
        lines.append(ctx.t("escalation.amk_urgent"))
        lines += contacts_lines(ctx) or [ctx.t("escalation.contacts_none")]
    lines += [ctx.t("escalation.heading_why"), *cited_lines(ctx, advice.criteria),
              ctx.t("escalation.heading_explanation"), *cited_lines(ctx, advice.explanation)]
    if advice.who_reports:
        names = [reporter.label.text(ctx.lang) for reporter in advice.who_reports]
        key = "escalation.who_reports" if advice.route == "report" else "escalation.who_acts"
        lines.append(ctx.t(key, names=", ".join(names)))
    lines += [ctx.t("escalation.heading_consent"), f"- {consent_line(ctx, code)}"]
    if actions:
        lines += [ctx.t("escalation.heading_checklist"), *checklist_text(ctx, actions)]
    lines += [*(line for line in current if line not in explained), closing]
    summary = [ctx.t("escalation.summary_outcome", value=advice.title.text(ctx.lang))]
    if advice.urgent:
        summary.append(ctx.t("escalation.amk_urgent"))
    summary += checklist_text(ctx, actions)
    short = [ctx.t("escalation.amk_result", title=advice.title.text(ctx.lang)), *short_case_line(ctx, code), *unsure]
    if advice.urgent:
        short += [ctx.t("escalation.amk_urgent"), *(contacts_lines(ctx) or [ctx.t("escalation.contacts_none")])]
    # the why (the checklist is the what); "stay calm" is already in the urgent line above
    reasons = [c for c in advice.criteria if not (advice.urgent and ref_of(c) == "escalation:urgent.calm")]
    short += plain_lines(ctx, reasons, limit=1 if actions else 2)
    if actions:
        short += [ctx.t("escalation.heading_checklist"), *checklist_text(ctx, actions)[:SHORT_ITEMS]]
    short += [*current, *source_and_more(ctx, [advice.title]), closing]
    return Outcome(kind=KIND, title=ctx.t("escalation.amk_title"), decision=advice.route,
                   body="\n".join(lines), summary=summary, actions=actions, short=short, closing=closing)


def finish(ctx: Context, answers: dict) -> list[Reply]:
    return finish_outcome(ctx, answers, build(ctx, answers))


ESCALATION = Dialogue(
    name=NAME,
    title="escalation.amk_title",
    steps=[
        case_step(),
        Step("concern", "escalation.q_concern", options=CONCERN_OPTIONS),
        # "weet ik niet" here is taken as "ja": the report route, and Veilig Thuis at once (003:L6212-6229).
        Step("life_threatening", "escalation.q_life_threatening", options=YES_NO_UNSURE, parse=yes_or_unsure),
        Step("child_is_source", "escalation.q_child_is_source", options=YES_NO_UNSURE, parse=yes_or_unsure,
             when=lambda a: _abuse(a) and not a.get("life_threatening")),
        Step("parents_avoid_care", "escalation.q_parents_avoid_care", options=YES_NO, parse=yes,
             when=lambda a: not urgent(a)),
        Step("repeated_contact_same_child", "escalation.q_repeated_contact", options=YES_NO, parse=yes,
             when=lambda a: not urgent(a) and _engaged_abuse(a)),
        Step("discussed_in_zat", "escalation.q_discussed_in_zat", options=YES_NO, parse=yes,
             when=lambda a: not urgent(a) and not _engaged_abuse(a)),
        Step("proof", "escalation.q_proof", options=PROOF_OPTIONS,
             when=lambda a: not urgent(a) and _abuse(a) and a.get("parents_avoid_care")
             and a.get("discussed_in_zat")),
        *outcome_steps(build, allowed=lambda a: True),
    ],
    finish=finish,
)
DIALOGUES = [ESCALATION]
