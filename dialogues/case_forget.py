"""!vergeet Z-17: erase everything about a case, after the chair types the code once more."""
from __future__ import annotations

from core import policy
from core.cases import CaseCodeError, normalise_case_code
from core.messages import Reply
from dialogues.context import Context
from dialogues.engine import Dialogue, Invalid, Step
from state.cases import find_case
from state.erasure import erase_case


def _same_code(text: str, ctx: Context, answers: dict) -> str:
    try:
        typed = normalise_case_code(text)
    except CaseCodeError:
        typed = None
    if typed != answers["case"]:
        raise Invalid("casedata.forget_mismatch", case=answers["case"])
    return typed


def finish(ctx: Context, answers: dict) -> list[Reply]:
    code = answers["case"]
    if not policy.may_forget_case(ctx.roles):   # the role may have changed while the question was open
        return [Reply(ctx.t("casedata.forget_chair_only"), in_thread=True)]
    case = find_case(ctx.session, ctx.team.id, code)
    if case is None:
        return [Reply(ctx.t("casedata.unknown_case", case=code), in_thread=True)]
    erase_case(ctx.session, case, actor=ctx.actor, now=ctx.now())
    return [Reply(ctx.t("casedata.forgotten", case=code), in_thread=True)]


CASE_FORGET = Dialogue(
    name="case_forget",
    title="casedata.forget_title",
    steps=[Step("confirm_code", "casedata.q_forget_code", parse=_same_code,
                prompt_values=lambda ctx, a: {"case": a["case"]})],
    finish=finish,
)
DIALOGUES = [CASE_FORGET]
