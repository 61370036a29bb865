"""!toestemming / !consent: advice, the consent register, status and history, letters.

The rules are data (dialogues/knowledge/consent.toml) walked by dialogues/knowledge/consent.py;
whether a case may be shown by name is decided in state/privacy.py only. This module reads commands
and shows what those modules say; plain questions about consent are answered by handlers/questions.py.
"""
from __future__ import annotations

from sqlmodel import select

from core.commands import Arg, Command
from core.i18n import N_, spell_list
from core.messages import Reply
from core.roles import lead_roles
from dialogues.consent_register import event_label
from dialogues.context import Context
from dialogues.knowledge.consent import options as option_info
from handlers.consent_letters import make_letter
from handlers.help import help_for
from state.cases import find_case
from state.erasure import aware
from state.models import Member
from state.privacy import history, naming_status

def _team_member_problem(ctx: Context) -> Reply | None:
    """`!toestemming` itself works outside a team (advice); the status needs a team and a member."""
    if ctx.team is None:
        return ctx.reply("router.no_team")
    if ctx.member is None:
        return ctx.reply("router.not_a_member", team=ctx.team.name)
    return None


# -- status and history ---------------------------------------------------------------------------
def _day(ctx: Context, moment) -> str:
    """dd-mm-yyyy in the team's zone (a consent date is stored at noon UTC, so it keeps its day)."""
    return aware(moment).astimezone(ctx.tz).strftime("%d-%m-%Y") if moment else "-"


def _history_line(ctx: Context, record, names: dict[int, str]) -> str:
    option = option_info()[record.option].label.text(ctx.lang) if record.option else "-"
    parts = [ctx.t("consent.history_head", date=_day(ctx, record.given_on),
                   event=event_label(ctx, record.event, record.option), option=option)]
    if record.given_by:
        parts.append(ctx.t("consent.history_by", who=ctx.t(f"consent.giver_{record.given_by}")))
    if record.partners:
        parts.append(ctx.t("consent.history_partners", partners=spell_list(record.partners, ctx.lang)))
    if record.teams:
        parts.append(ctx.t("consent.history_teams", teams=spell_list(
            [ctx.t(f"consent.teams_{team}") for team in record.teams], ctx.lang)))
    if record.event == "given" and record.option == "written_consent":
        parts.append(ctx.t("consent.history_partner_files",
                           value=ctx.t("dialogue.yes" if record.partners_may_consult_files else "dialogue.no")))
    if record.director_member_id:
        parts.append(ctx.t("consent.history_director", name=names.get(record.director_member_id, "?")))
    parts.append(ctx.t("consent.history_recorded", name=names.get(record.recorded_by, "?"),
                       date=_day(ctx, record.recorded_at)))
    line = "- " + "; ".join(parts)
    if record.motivation:
        line += "\n  " + ctx.t("consent.line_motivation", value=record.motivation)
    if record.note:
        line += "\n  " + ctx.t("consent.line_note", value=record.note)
    return line


def show_status(ctx: Context, code: str | None) -> list[Reply]:
    if code is None:
        return help_for(ctx, ctx.services.commands, (ctx.services.commands.get("toestemming"),))
    problem = _team_member_problem(ctx)
    if problem:
        return [problem]
    case = find_case(ctx.session, ctx.team.id, code)
    records = history(ctx.session, case.id) if case else []
    if not records:
        return [Reply(ctx.t("consent.status_none", case=code), privacy="codes")]
    status = naming_status(ctx.session, case)
    names = {m.id: m.display_name for m in ctx.session.exec(select(Member).where(Member.team_id == ctx.team.id))}
    option = option_info()[status.option].label.text(ctx.lang) if status.option else "-"
    shown = ctx.t("consent.status_named" if status.allowed else "consent.status_anonymous")
    lines = [ctx.t("consent.status_title", case=code, option=option, shown=shown),
             ctx.t(status.reason), "", ctx.t("consent.history_title"),
             *[_history_line(ctx, record, names) for record in records]]
    detail = any(r.note or r.motivation for r in records)
    return [Reply("\n".join(lines), privacy="full" if detail else "codes")]


# -- dialogues ------------------------------------------------------------------------------------
def start_advice(ctx: Context) -> list[Reply]:
    if ctx.team is not None and ctx.member is None:
        return [ctx.reply("router.not_a_member", team=ctx.team.name)]
    return ctx.services.dialogues.start(ctx, "consent_advice")


def start_register(ctx: Context, code: str) -> list[Reply]:
    case = find_case(ctx.session, ctx.team.id, code)
    current = naming_status(ctx.session, case).option if case else None
    return ctx.services.dialogues.start(ctx, "consent_register", {"case": code, "current_option": current})


# -- declarations -----------------------------------------------------------------------------------
ORDER = 65
LEAD = lead_roles()
CASE = Arg(N_("consent.arg_case"), "case")

COMMANDS = [
    Command("toestemming", "consent", N_("cmd.toestemming.summary"), handler=show_status,
            args=(Arg(N_("consent.arg_case"), "case", required=False),), needs_team=False, case_data=True,
            details=N_("cmd.toestemming.details"),
            subcommands=(
                Command("advies", "advice", N_("cmd.toestemming.advice.summary"), handler=start_advice,
                        needs_team=False, starts_dialogue=True),
                Command("vastleggen", "record", N_("cmd.toestemming.record.summary"), handler=start_register,
                        args=(CASE,), roles=LEAD, case_data=True, starts_dialogue=True,
                        details=N_("cmd.toestemming.record.details")),
                Command("brief", "letter", N_("cmd.toestemming.letter.summary"), handler=make_letter,
                        args=(CASE, Arg(N_("consent.arg_letter_kind")),
                              Arg(N_("consent.arg_letter_options"), "text", required=False)),
                        case_data=True),
            )),
]
