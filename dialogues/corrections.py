"""A correction right after an outcome: which answer it changes, and only what that changes.

"nee, ze is 17", "eigenlijk geen bezwaar", "leeftijd 14", "actually two weeks": typed right after
a consent advice or an escalation outcome, such a line is not a new question and not a bad choice.
`read_correction` finds the one answer of the dialogue it changes (by the dialogue's own parsers
and options, so nothing is understood here that the question itself would not accept); `corrected`
applies it and forgets answers the dialogue would no longer ask; `changed_text` compares the
outcome before and after, sentence by sentence, and says only what differs. Lines the new outcome no
longer holds are counted, never repeated: a sentence the new decision excludes is not shown again.
The full new reasoning stays where it was: on "meer" / "more".
"""
from __future__ import annotations

import re
from datetime import date

from core.i18n import spell_date
from dialogues.context import Context
from dialogues.engine import Invalid, record_of
from dialogues.knowledge.escalation import parse_length

CORRECTABLE = "correctable"    # ctx.extra: a finished advice a correction may recompute ({dialogue, answers})
# Words that open a correction and carry nothing of its content.
_FILLER = re.compile(
    r"^(?:nee|neen|no|nope|sorry|oeps|oops|sorry|eigenlijk|actually|correctie|correction|verbetering|"
    r"ik bedoel|i mean|i meant|bedoel|wacht|wait|toch|maar|but|het is|it is|it's|is|dus|so|oh|o)"
    r"(?=[\s,.:;!-]|$)[\s,.:;!-]*", re.IGNORECASE)
# "ze is 17", "leeftijd 14", "she's 17": the number is the pupil's age.
_AGE_CUE = re.compile(
    r"^(?:(?:ze|zij|hij|die|het kind|de leerling|leerling|she|he|they|the pupil|pupil|the child)\s*(?:is|'s|was|wordt|"
    r"is nu|turns|is now|are)?|leeftijd(?:\s+is)?|age(?:\s+is)?|aged)\s*[:=]?\s*(?=\d)", re.IGNORECASE)
AGE_STEPS = ("age_band", "pupil_age")
LENGTH_STEPS = ("length_school_days",)
_LENGTH_WORD = re.compile(r"\b(?:dag|dagen|week|weken|day|days|weeks)\b", re.IGNORECASE)
NOT_CORRECTABLE = frozenset({"case", "outcome", "outcome_blocked"})
# A yes/no answer is corrected only when the line names it; a negation word makes it "no".
YES_NO_CUES = {
    "urgent": ("spoed", "urgent", "dringend", "acuut"),
    "is_extension": ("verlenging", "verlengen", "verlengd", "herhaling", "extension", "extended", "repeat"),
    "expulsion_running": ("verwijderingsprocedure", "verwijdering", "expulsion"),
    "other_school_found": ("andere school", "other school", "school gevonden", "school found"),
    "mid_school_year": ("midden in het schooljaar", "mid-year", "middle of the school year"),
    "life_threatening": ("levensbedreigend", "life-threatening", "life threatening"),
    "parents_informed": ("geïnformeerd", "geinformeerd", "informed", "op de hoogte"),
    "threatening_situation": ("bedreigend", "threatening"),
    "pupil_refuses_parent_info": ("wil niet dat", "doesn't want", "does not want"),
    "child_is_source": ("kind zelf", "child itself", "child told"),
    "discussed_in_zat": ("besproken", "discussed"),
    "parents_avoid_care": ("ontlopen", "ontloopt", "avoid", "avoiding"),
}
_NEGATION = re.compile(r"\b(?:geen|niet|nog niet|no|not|isn't|wasn't|never|nooit)\b", re.IGNORECASE)
# What a corrected answer is called in "Aangepast: <fact> is nu <value>" (static keys, one per answer).
FACT_KEYS = {
    "age_band": "advice.fact_age", "pupil_age": "advice.fact_age", "authority": "advice.fact_authority",
    "parents_informed": "advice.fact_informed", "parents_stance": "advice.fact_stance",
    "serious_concerns_refusal": "advice.fact_serious_concerns", "threatening_situation": "advice.fact_threatening",
    "asking_endangers_pupil": "advice.fact_asking_endangers", "pupil_refuses_parent_info": "advice.fact_pupil_refuses",
    "school_type": "advice.fact_school_type", "length_school_days": "advice.fact_length", "start": "advice.fact_start",
    "urgent": "advice.fact_urgent", "expulsion_running": "advice.fact_expulsion_running",
    "is_extension": "advice.fact_extension", "reason": "advice.fact_reason",
    "mid_school_year": "advice.fact_mid_year", "other_school_found": "advice.fact_other_school",
    "decision_date": "advice.fact_decision_date", "concern": "advice.fact_concern",
    "life_threatening": "advice.fact_life_threatening", "child_is_source": "advice.fact_child_is_source",
    "parents_avoid_care": "advice.fact_parents_avoid", "repeated_contact_same_child": "advice.fact_repeated",
    "discussed_in_zat": "advice.fact_discussed", "proof": "advice.fact_proof",
}
_QUESTION_WORDS = frozenset("wat hoe waarom wie wanneer waar welke welk mag mogen moet moeten kan kunnen "
                            "what how why who when where which may can could should must".split())
MAX_CORRECTION_WORDS = 6  # "nee, ze is 17", "eigenlijk twee weken": a correction is a short line
MAX_CHANGED = 6          # changed sentences in the reply; the rest is on "meer"
_CITATION = re.compile(r"\s*\[[^\[\]]*\d{3}:L[^\[\]]*\]\s*$")
_NUMBERED = re.compile(r"^\d+\.\s")


def _strip(text: str) -> str:
    text = " ".join(text.split())
    while True:
        shorter = _FILLER.sub("", text, count=1)
        if shorter == text:
            return text.strip(" ,.;:!-")
        text = shorter


def _is_yes_no(step) -> bool:
    return {option.value for option in step.options} == {"yes", "no"}


def _yes_no(step, text: str) -> bool | None:
    folded = text.casefold()
    for cue in YES_NO_CUES.get(step.name, ()):
        if cue in folded:
            return not _NEGATION.search(folded.replace(cue, " "))
    return None


def _exact_option(text: str, ctx: Context, step) -> str | None:
    """An option named in full (its value, label or one of its words): in a correction a prefix or a
    number could mean anything ("VO" is no reason, "3" no choice of a step long passed)."""
    answer = text.strip().casefold().rstrip(".")
    for option in step.options:
        if answer in {option.value.casefold(), ctx.t(option.label).casefold(), *(w.casefold() for w in option.words)}:
            return option.value
    return None


def _parsed(ctx: Context, step, text: str, answers: dict):
    """The step's own reading of `text`, or None when the step would not accept it."""
    try:
        if step.options:
            value = _exact_option(text, ctx, step)
            if value is None:
                if not step.free_text_option:
                    return None
                value = text
            return step.parse(value, ctx, answers) if step.parse else value
        if step.parse is None:
            return None
        return step.parse(text, ctx, answers)
    except (Invalid, ValueError, TypeError):
        return None


def read_correction(ctx: Context, dialogue, text: str, answers: dict) -> dict | None:
    """{step: new value} for the one answer `text` corrects, or None when it corrects none (or could
    mean more than one: then it is not guessed)."""
    if is_question(text):
        return None           # a new question, not a correction
    rest = _strip(text)
    if not rest or len(rest) > 80:
        return None
    age_cue = _AGE_CUE.match(rest)
    if age_cue:
        rest = rest[age_cue.end():].strip()
    names = AGE_STEPS if age_cue else LENGTH_STEPS if _LENGTH_WORD.search(rest) else None
    found: dict = {}
    for step in dialogue.steps:
        if step.name in NOT_CORRECTABLE or step.repeat or (names and step.name not in names):
            continue
        if _is_yes_no(step):
            value = None if names else _yes_no(step, rest)
        else:
            value = _parsed(ctx, step, rest, answers)
        if value is not None:
            found[step.name] = value
    return found if len(found) == 1 else None


def corrected(dialogue, answers: dict, changes: dict) -> dict:
    """The answers with the change, implied answers set, and answers to questions the dialogue would
    no longer ask removed (they cannot hold for the corrected facts)."""
    new = {**answers, **changes}
    if "parents_stance" in changes:
        new["parents_informed"] = True          # a stance needs parents who were told
    if changes.get("parents_informed") is False:
        new.pop("parents_stance", None)
    for step in dialogue.steps:
        if step.name in NOT_CORRECTABLE or step.name in changes or step.name not in new or step.when is None:
            continue
        if not step.when({key: value for key, value in new.items() if key != step.name}):
            new.pop(step.name)
    return new


def shown_value(ctx: Context, dialogue, name: str, value) -> str:
    step = next((s for s in dialogue.steps if s.name == name), None)
    if isinstance(value, bool):
        return ctx.t("dialogue.yes" if value else "dialogue.no")
    if step is not None and step.options:
        for option in step.options:
            if option.value == value:
                return ctx.t(option.label)
    if name == "length_school_days":
        return ctx.t("unit.school_days", count=int(value))
    if name in ("start", "decision_date") and value:
        return spell_date(date.fromisoformat(value), ctx.lang)
    return str(value)


def points(lines: list[str]) -> list[str]:
    """The sentences of an outcome that can change: without references, headings and numbering."""
    found = []
    for line in lines:
        text = _CITATION.sub("", line).strip()
        if not text or text.endswith(":") or _NUMBERED.match(text) or text in found:
            continue
        found.append(text)
    return found


def _parts(line: str) -> tuple[str, str]:
    head, _, tail = line.partition(": ")
    return (head, tail) if tail else ("", line)


def _replaced(line: str, added: list[str]) -> bool:
    """A line the new outcome states anew ("Plan: ...", a date moved): changed, not dropped."""
    head, tail = _parts(line)
    return bool(head) and any(_parts(other)[0] == head or _parts(other)[1] == tail for other in added)


def changed_text(ctx: Context, dialogue, changes: dict, before: list[str], after: list[str],
                 more_key: str = "questions.more_hint", source: str | None = None) -> str:
    """"Aangepast: <fact> is nu <value>." and only the sentences that differ; unchanged ones are not
    repeated and dropped ones are counted, not shown."""
    name, value = next(iter(changes.items()))
    return _changed(ctx, ctx.t(FACT_KEYS.get(name, "advice.fact_answer")), shown_value(ctx, dialogue, name, value),
                    before, after, more_key, source)


def _changed(ctx: Context, fact: str, value: str, before: list[str], after: list[str], more_key: str,
             source: str | None) -> str:
    lines = [ctx.t("advice.corrected", fact=fact, value=value)]
    old, new = points(before), points(after)
    added = [line for line in new if line not in old]
    dropped = [line for line in old if line not in new and not _replaced(line, added)]
    if not added and not dropped:
        lines.append(ctx.t("advice.corrected_same"))
        return "\n".join(lines)
    if added:
        lines.append(ctx.t("advice.corrected_changes"))
        lines += [line if line.startswith("- ") else f"- {line}" for line in added[:MAX_CHANGED]]
        if len(added) > MAX_CHANGED:
            lines.append(ctx.t("advice.corrected_more_changes", count=len(added) - MAX_CHANGED))
    if dropped:
        lines.append(ctx.t("advice.corrected_dropped", count=len(dropped)))
    if source:
        lines.append(source)
    lines.append(ctx.t(more_key))
    return "\n".join(lines)


# -- a correction of a plain answer ("mag ik een leerling van 14 ...?" - "nee, ze is 17") ------------
PLAIN_FACTS = ("age", "school_type", "authority", "consent", "pupil_objects", "suspension_days")
PLAIN_LABELS = {"age": "advice.fact_age", "school_type": "advice.fact_school_type",
                "authority": "advice.fact_authority", "consent": "advice.fact_stance",
                "pupil_objects": "advice.fact_pupil_refuses", "suspension_days": "advice.fact_length"}
PLAIN_VALUES = {
    ("authority", "both_parents"): "consent.authority_both_parents",
    ("authority", "one_parent"): "consent.authority_one_parent",
    ("authority", "guardian"): "consent.authority_guardian",
    ("authority", "family_guardian"): "consent.authority_supervision_order",
    ("authority", "pupil_adult"): "consent.age_18_plus",
    ("consent", "given"): "consent.stance_will_consent",
    ("consent", "no_objection"): "consent.stance_no_objection",
    ("consent", "refused"): "consent.stance_object",
    ("consent", "objection"): "consent.stance_object",
    ("consent", "withdrawn"): "advice.value_withdrawn",
    ("consent", "not_asked"): "advice.value_not_asked",
}


def is_question(text: str) -> bool:
    words = text.casefold().split()
    return text.rstrip().endswith("?") or bool(words and words[0].strip(",.!") in _QUESTION_WORDS)


def read_plain_correction(text: str, read, lang: str) -> dict | None:
    """{fact: value} for the one fact a short line corrects, given what the understanding side read in
    it (`read`, a Facts); None for a question, a long line, or a line that states more than one fact."""
    if is_question(text):
        return None
    rest = _strip(text)
    if not rest or len(rest) > 80 or len(rest.split()) > MAX_CORRECTION_WORDS:
        return None      # a longer line tells something new ("a 15 year old girl told the teacher ...")
    found = {name: getattr(read, name) for name in PLAIN_FACTS if getattr(read, name) is not None}
    cue = _AGE_CUE.match(rest)
    number = re.match(r"(\d{1,2})\b", rest[cue.end():].strip()) if cue else None
    if number and "age" not in found:
        found["age"] = int(number.group(1))
    if "suspension_days" not in found and _LENGTH_WORD.search(rest):
        days = parse_length(rest, lang)
        if days:
            found["suspension_days"] = days
    return found if len(found) == 1 else None


def plain_changed_text(ctx: Context, changes: dict, before: list[str], after: list[str]) -> str:
    name, value = next(iter(changes.items()))
    if name == "suspension_days":
        shown = ctx.t("unit.school_days", count=int(value))
    elif name == "school_type":
        shown = str(value).upper()
    elif isinstance(value, bool):
        shown = ctx.t("dialogue.yes" if value else "dialogue.no")
    else:
        shown = ctx.t(PLAIN_VALUES[(name, value)]) if (name, value) in PLAIN_VALUES else str(value)
    prefix = ctx.t("advice.source_line", source="")
    source = next((line for line in after if line.startswith(prefix)), None)
    before, after = ([line for line in lines if not line.startswith(prefix)] for lines in (before, after))
    return _changed(ctx, ctx.t(PLAIN_LABELS[name]), shown, before, after, "questions.more_hint", source)


def at_outcome(more_key: str):
    """The engine's hook for an outcome step (Step.corrects): the answers as corrected and what to say."""
    def corrects(ctx: Context, dialogue, text: str, answers: dict):
        changes = read_correction(ctx, dialogue, text, record_of(answers))
        if changes is None:
            return None
        new = corrected(dialogue, answers, changes)
        return new, lambda before, after: changed_text(ctx, dialogue, changes, before, after, more_key=more_key)
    return corrects
