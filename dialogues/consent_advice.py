"""!toestemming advies: which consent option applies, asked in a few questions.

The questions fill `ConsentQuestions`; the answer comes from `advise()` in
dialogues/knowledge/consent.py, whose rules and sources are data in consent.toml. Nothing here
decides: this module only asks, skips questions that cannot matter, and shows the advice with the
source of every statement.
"""
from __future__ import annotations

import re

from core.knowledge import Statement, parse_source
from core.messages import Choice, Reply
from dialogues.context import Context
from dialogues.corrections import CORRECTABLE, changed_text, corrected, read_correction
from dialogues.engine import GIVEN, Dialogue, Invalid, Option, Step
from dialogues.knowledge.citations import cite_grouped
from dialogues.knowledge.consent import LETTER_KINDS, ConsentAdvice, ConsentQuestions, advise, age_band

YES_NO = (Option("yes", "dialogue.yes", ("ja", "j", "y", "wel", "klopt")),
          Option("no", "dialogue.no", ("nee", "n", "niet", "nope")))
AGE_OPTIONS = (
    Option("under_12", "consent.age_under_12", ("<12", "onder 12", "under 12", "jonger dan 12", "younger than 12")),
    Option("12_15", "consent.age_12_15", ("12-15", "12 tot 16", "12 to 15", "12 t/m 15")),
    Option("16_17", "consent.age_16_17", ("16-17", "16 of 17", "16 or 17")),
    Option("18_plus", "consent.age_18_plus", ("18+", "meerderjarig", "adult", "volwassen")),
)
AUTHORITY_OPTIONS = (
    Option("both_parents", "consent.authority_both_parents", ("beide ouders", "both parents", "samen")),
    Option("one_parent", "consent.authority_one_parent", ("een ouder", "één ouder", "one parent", "eenhoofdig")),
    Option("parent_and_partner", "consent.authority_parent_and_partner", ("ouder en partner", "parent and partner")),
    Option("guardian", "consent.authority_guardian", ("voogd", "voogdij", "guardianship")),
    Option("supervision_order", "consent.authority_supervision_order", ("ots", "ondertoezichtstelling",
                                                                         "supervision")),
    Option("none_known", "consent.authority_none_known", ("onbekend", "weet niet", "unknown", "not known")),
)
STANCE_OPTIONS = (
    Option("will_consent", "consent.stance_will_consent", ("toestemming", "consent", "willen")),
    Option("no_objection", "consent.stance_no_objection", ("geen bezwaar", "no objection", "instemming")),
    Option("object", "consent.stance_object", ("bezwaar", "weigeren", "object", "refuse")),
    Option("unknown", "consent.stance_unknown", ("onbekend", "weet niet", "unknown", "not known")),
)
UNDER_16 = ("under_12", "12_15")
MORE = "meer"          # the choice value the "more" answerer reads (handlers/question_memory.py)
_AGE = re.compile(r"^(\d{1,2})\s*(jaar|jr|j|years?|yrs?|y)?(\s*(oud|old))?$")


def _age(value: str, ctx: Context, answers: dict) -> str:
    """An option, or an age in years ("8 jaar", "14"): a bare 1-4 is the option of that number."""
    if value in {option.value for option in AGE_OPTIONS}:
        return value
    found = _AGE.match(value.strip().casefold())
    if not found or not 4 <= int(found.group(1)) <= 30:
        raise Invalid("consent.age_unknown")
    return age_band(int(found.group(1)))


def _yes(value: str, ctx: Context, answers: dict) -> bool:
    return value == "yes"


def _who(ctx: Context, answers: dict) -> dict:
    """Whoever decides: the parents with authority under 16, the pupil from 16 (003:L2829-2833)."""
    band = answers.get("age_band")
    key = {"16_17": "consent.who_pupil", "18_plus": "consent.who_young_adult"}.get(band, "consent.who_parents")
    return {"who": ctx.t(key)}


def _informed(answers: dict) -> bool:
    return answers.get("parents_informed") is True


def _serious_concerns_asked(answers: dict) -> bool:
    return not pupil_decides(answers) and answers.get("parents_stance") not in ("will_consent", "no_objection")


def questions(answers: dict) -> ConsentQuestions:
    """The dialogue's answers as the decision model's input; a question not asked gets its neutral value."""
    informed = _informed(answers)
    return ConsentQuestions(
        age_band=answers["age_band"],
        authority=answers.get("authority") or "none_known",
        parents_informed=informed,
        parents_stance=answers.get("parents_stance") or "unknown",
        serious_concerns_refusal=answers.get("serious_concerns_refusal") is True and not pupil_decides(answers),
        threatening_situation=answers.get("threatening_situation") is True,
        asking_endangers_pupil=answers.get("asking_endangers_pupil") is True,
        pupil_refuses_parent_info=answers.get("pupil_refuses_parent_info") is True,
    )


SHORT_STEPS = 3        # the phone-screen answer names at most this many next steps ...
SHORT_WARNINGS = 1     # ... and warnings; the rest is in the details ("meer")


def _plain(ctx: Context, statements: list[Statement]) -> list[str]:
    return [f"- {s.text(ctx.lang)}" for s in statements]


def _cited(ctx: Context, statements: list[Statement]) -> list[str]:
    return [f"- {s.cited(ctx.lang)}" for s in statements]


def _refs(statements: list[Statement]) -> list:
    return [ref for s in statements if s for ref in parse_source(s.source)[0]]


def render_advice(ctx: Context, advice: ConsentAdvice, pupil_decides: bool = False) -> list[Reply]:
    """The short answer (option, who decides, what to do, the source) and the reasoning on "meer"."""
    label = advice.label
    lines = [ctx.t("consent.advice_option_short", option=label.text(ctx.lang)),
             f"{ctx.t('consent.advice_decider')} {advice.decider.text(ctx.lang)}"]
    if advice.next_steps:
        lines += [ctx.t("consent.advice_next_steps"), *_plain(ctx, advice.next_steps[:SHORT_STEPS])]
    if advice.warnings:
        lines += [ctx.t("consent.advice_warnings"), *_plain(ctx, advice.warnings[:SHORT_WARNINGS])]
    if advice.needs_director:
        lines.append(ctx.t("consent.advice_director_records"))
    else:
        lines.append(ctx.t("consent.advice_record_hint"))
    if advice.option in LETTER_KINDS:
        # From 16 the letter goes to the pupil, never to the parents (003:L2829-2833, L5134-5144).
        key = "consent.advice_letter_hint_written" if advice.option == "written_consent" \
            else "consent.advice_letter_hint_notice"
        lines.append(ctx.t(key + "_pupil" if pupil_decides else key))
    sources = cite_grouped(_refs([label, advice.decider]), ctx.lang)
    if sources:
        lines.append(ctx.t("advice.source_line", source=sources[0]))
    lines.append(ctx.t("questions.more_hint"))
    return [Reply("\n".join(lines), in_thread=True, privacy="advice",
                  choices=[Choice(MORE, ctx.t("questions.choice_more"))], more=details(ctx, advice))]


def details(ctx: Context, advice: ConsentAdvice) -> list[str]:
    """Every statement of the advice with its reference, and the documents they come from."""
    lines = [ctx.t("consent.advice_decider"), *_cited(ctx, [advice.decider])]
    for key, statements in (("consent.advice_why", advice.why), ("consent.advice_may_share", advice.may_share),
                            ("consent.advice_next_steps", advice.next_steps),
                            ("consent.advice_warnings", advice.warnings)):
        if statements:
            lines += ["", ctx.t(key), *_cited(ctx, statements)]
    sources = cite_grouped(_refs(advice.statements()), ctx.lang)
    if sources:
        lines += ["", ctx.t("advice.sources_heading"), *[f"- {source}" for source in sources]]
    return lines


def pupil_decides(answers: dict) -> bool:
    return answers.get("age_band") in ("16_17", "18_plus")


CORRECTING = "_correcting"     # answers: the correction being completed ({changes, before}); never shown


def finish(ctx: Context, answers: dict) -> list[Reply]:
    answers = dict(answers)
    correcting = answers.pop(CORRECTING, None)
    # A correction typed right after this advice ("nee, ze is 17") recomputes it (handlers/questions.py).
    ctx.extra[CORRECTABLE] = {"dialogue": CONSENT_ADVICE.name, "answers": answers}
    advice = advise(questions(answers))
    if isinstance(correcting, dict):
        return [_changed(ctx, correcting["before"], correcting["changes"], answers)]
    return render_advice(ctx, advice, pupil_decides=pupil_decides(answers))


def outcome_lines(ctx: Context, answers: dict) -> list[str]:
    """Every sentence of the advice for these answers, without references: what a correction compares."""
    advice = advise(questions(answers))
    lines = render_advice(ctx, advice, pupil_decides=pupil_decides(answers))[0].text.splitlines()
    source = ctx.t("advice.source_line", source="")
    shown = [line for line in lines if not line.startswith(source) and line != ctx.t("questions.more_hint")]
    return shown + _plain(ctx, [*advice.why, *advice.may_share, *advice.next_steps, *advice.warnings])


def _changed(ctx: Context, before: dict, changes: dict, after: dict) -> Reply:
    advice = advise(questions(after))
    sources = cite_grouped(_refs([advice.label, advice.decider]), ctx.lang)
    text = changed_text(ctx, CONSENT_ADVICE, changes, outcome_lines(ctx, before), outcome_lines(ctx, after),
                        source=ctx.t("advice.source_line", source=sources[0]) if sources else None)
    return Reply(text, in_thread=True, privacy="advice", choices=[Choice(MORE, ctx.t("questions.choice_more"))],
                 more=details(ctx, advice))


def correct(ctx: Context, answers: dict, text: str, start) -> list[Reply] | None:
    """A correction of a finished advice: only what changed, or None when `text` corrects no single
    answer. When the corrected facts make another question matter (a pupil now under 16: who holds
    authority), the dialogue is resumed (`start(answers)`) to ask just that, then shows what changed."""
    changes = read_correction(ctx, CONSENT_ADVICE, text, answers)
    if changes is None:
        return None
    new = corrected(CONSENT_ADVICE, answers, changes)
    missing = [step.name for step in CONSENT_ADVICE.steps
               if step.name not in new and (step.when is None or step.when(new))]
    if missing:
        given = sorted(key for key in new if key in {step.name for step in CONSENT_ADVICE.steps})
        replies = start({**new, GIVEN: given, CORRECTING: {"changes": changes, "before": answers}})
        note = changed_text(ctx, CONSENT_ADVICE, changes, [], []).splitlines()[0]
        return [Reply(note, in_thread=True, privacy="advice"), *replies[1:]]   # the note instead of the title
    ctx.extra[CORRECTABLE] = {"dialogue": CONSENT_ADVICE.name, "answers": new}
    return [_changed(ctx, answers, changes, new)]


CONSENT_ADVICE = Dialogue(
    name="consent_advice",
    title="consent.advice_title",
    steps=[
        Step("age_band", "consent.q_age", options=AGE_OPTIONS, parse=_age, free_text_option=True),
        # From 16 the pupil decides whoever holds authority (003:L2829-2833); only ask under 16.
        Step("authority", "consent.q_authority", options=AUTHORITY_OPTIONS,
             when=lambda a: a.get("age_band") in UNDER_16),
        Step("parents_informed", "consent.q_informed", options=YES_NO, parse=_yes, prompt_values=_who),
        # A stance needs someone who has been told; not informed means no stance yet.
        Step("parents_stance", "consent.q_stance", options=STANCE_OPTIONS, prompt_values=_who, when=_informed),
        # "Parents refuse all cooperation" (004:L2380-2384) cannot hold when they consent or do not object.
        # That ground is the parents' refusal; from 16 the pupil decides (003:L2829-2833, L5134-5144),
        # so the parents' refusal is no ground then, and the sources name no such ground for the pupil:
        # from 16 the question is not asked (and an earlier answer, before a corrected age, not used).
        Step("serious_concerns_refusal", "consent.q_serious_concerns", options=YES_NO, parse=_yes,
             when=_serious_concerns_asked),
        Step("threatening_situation", "consent.q_threatening", options=YES_NO, parse=_yes),
        # Whether asking itself endangers the pupil (003:L2924-2930) matters only before anyone is asked.
        Step("asking_endangers_pupil", "consent.q_asking_endangers", options=YES_NO, parse=_yes,
             when=lambda a: not _informed(a)),
        Step("pupil_refuses_parent_info", "consent.q_pupil_refuses", options=YES_NO, parse=_yes,
             when=lambda a: a.get("age_band") in ("12_15", "16_17", "18_plus")),
    ],
    finish=finish,
)
DIALOGUES = [CONSENT_ADVICE]
