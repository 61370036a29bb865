"""!notitie with text that looks like a pupil's name: the note waits for the member to rephrase it,
or to keep it as typed, before it is stored (dialogues/plausible.py: `hold_named`)."""
from __future__ import annotations

from dialogues.context import Context
from core.messages import Reply
from dialogues.action_changes import store_note
from dialogues.engine import Dialogue, Step
from dialogues.plausible import YES_WORDS, check_length, name_hint


def parse_note(text: str, ctx: Context, answers: dict) -> str:
    if text.strip().casefold().rstrip(".!") in YES_WORDS:
        return answers["pending"]
    check_length(text, ctx.lang)
    return text.strip()


def prompt(ctx: Context, answers: dict) -> dict:
    return {"hint": name_hint(ctx, answers["name_hint"]) + "\n",
            "question": ctx.t("input.q_note", number=answers["number"])}


def codes_prompt(ctx: Context, answers: dict) -> dict:
    return {"hint": ctx.t("input.name_hint_withheld") + "\n",
            "question": ctx.t("input.q_note", number=answers["number"])}


def finish(ctx: Context, answers: dict) -> list[Reply]:
    return store_note(ctx, answers["number"], answers["note"])


NOTE_REPHRASE = Dialogue(
    name="note_rephrase",
    title="input.note_title",
    steps=[Step("note", "input.description_prompt", parse=parse_note, prompt_values=prompt, privacy="full",
                codes_values=codes_prompt)],
    finish=finish,
    case_data=True,
)
DIALOGUES = [NOTE_REPHRASE]
