"""A case's data lifecycle: !export, !vergeet (erase), !casus sluit/heropen, and the retention period.

What is stored about a case, and how it is found, lives in state/erasure.py; this module only checks
the request, asks for confirmation where needed and delivers the result.
"""
from __future__ import annotations

import json

from core.commands import Arg, Command
from core.i18n import N_
from core.messages import Reply
from core.roles import CHAIR, lead_roles
from dialogues.context import Context
from dialogues.action_text import command_name, spell_when
from state import actions as action_store
from state.cases import find_case
from state.erasure import MAX_RETENTION_DAYS, MIN_RETENTION_DAYS, export_data, retention_days
from state import agenda
from state.meetings import meeting_day
from state.models import Action, AgendaItem, Meeting
from sqlmodel import select

TABLE_TITLES = {
    "consent": "casedata.table_consent",
    "action": "casedata.table_action",
    "reminder": "casedata.table_reminder",
    "agendaitem": "casedata.table_agendaitem",
    "escalationrecord": "casedata.table_escalationrecord",
}
FORMATS = {"md": "md", "markdown": "md", "json": "json"}


def _value(value) -> str:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else str(value)


def markdown(ctx: Context, data: dict) -> str:
    code = data["case"]["code"]
    lines = [f"# {ctx.t('casedata.export_title', case=code)}", "",
             ctx.t("casedata.export_made", at=data["exported_at"]), "", f"## {ctx.t('casedata.table_case')}"]
    lines += [f"- {key}: {_value(value)}" for key, value in data["case"].items()]
    for table, rows in data["tables"].items():
        title = ctx.t(TABLE_TITLES[table]) if table in TABLE_TITLES else table
        lines += ["", f"## {title} ({len(rows)})"]
        for row in rows:
            lines += ["", f"### {table} {row.get('id', '')}".rstrip()]
            lines += [f"- {key}: {_value(value)}" for key, value in row.items() if key != "id"]
    lines += ["", f"## {ctx.t('casedata.table_audit')} ({len(data['audit'])})"]
    lines += [f"- {e['at']} {e['actor']} {e['action']} {e['subject']} {_value(e['details'])}" for e in data["audit"]]
    return "\n".join(lines) + "\n"


def export_case(ctx: Context, code: str, fmt: str | None) -> list[Reply]:
    kind = FORMATS.get((fmt or "md").casefold())
    if kind is None:
        return [ctx.reply("casedata.export_format_unknown", value=fmt)]
    case = find_case(ctx.session, ctx.team.id, code)
    if case is None:
        return [ctx.reply("casedata.unknown_case", case=code)]
    data = export_data(ctx.session, case, ctx.now())
    if kind == "json":
        body, mime = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"), "application/json"
    else:
        body, mime = markdown(ctx, data).encode("utf-8"), "text/markdown"
    filename = f"export-{code}.{kind}"
    counts = {table: len(rows) for table, rows in data["tables"].items()}
    ctx.audit("case/exported", f"case:{code}", format=kind)
    text = ctx.t("casedata.exported", case=code, file=filename, consents=counts.get("consent", 0),
                 actions=counts.get("action", 0), agenda=counts.get("agendaitem", 0),
                 escalations=counts.get("escalationrecord", 0), audit=len(data["audit"]))
    return [Reply(text, attachment=(filename, body, mime), privacy="full")]


def forget_case(ctx: Context, code: str) -> list[Reply]:
    if find_case(ctx.session, ctx.team.id, code) is None:
        return [ctx.reply("casedata.unknown_case", case=code)]
    return ctx.services.dialogues.start(ctx, "case_forget", {"case": code})


def close_case(ctx: Context, code: str) -> list[Reply]:
    case = find_case(ctx.session, ctx.team.id, code)
    if case is None:
        return [ctx.reply("casedata.unknown_case", case=code)]
    if case.status == "closed":
        return [ctx.reply("casedata.already_closed", case=code)]
    case.status, case.closed_at = "closed", ctx.now()
    ctx.session.add(case)
    ctx.audit("case/closed", f"case:{code}")
    replies = [ctx.reply("casedata.closed", case=code, days=retention_days(ctx.team))]
    open_actions = ctx.session.exec(select(Action).where(Action.case_id == case.id, Action.status == "open")).all()
    if open_actions:
        replies.append(ctx.reply("casedata.closed_open_actions", count=len(open_actions)))
    # Closing is when aftercare starts: three months on, teacher and parents are asked how it went
    # (004:L2550-2558); pointed at here, created only when the member types the command. The member
    # named the case by its code, so the pointer uses the code and never the case's anonymous letter:
    # code and letter side by side would tell the room which pupil "anonieme casus A" is (README).
    # A pointer, not a question: "ja" would not create the action.
    owner = action_store.aftercare_owner(ctx.session, ctx.team, case)
    last = ctx.session.exec(select(Meeting).join(AgendaItem, AgendaItem.meeting_id == Meeting.id).where(
        AgendaItem.case_id == case.id, AgendaItem.status == agenda.DISCUSSED).order_by(Meeting.starts_at.desc())).first()
    after = meeting_day(last, ctx.team) if last else ctx.now().astimezone(ctx.tz).date()   # not discussed: from today
    when = spell_when(ctx, action_store.aftercare_due(ctx.team, after))
    replies.append(ctx.reply("casedata.closed_aftercare", when=when,
                             owner=owner.display_name if owner else ctx.t("role.ib"),
                             command=f"{command_name('nazorg', 'aftercare', ctx.lang)} {code}"))
    return replies


def reopen_case(ctx: Context, code: str) -> list[Reply]:
    case = find_case(ctx.session, ctx.team.id, code)
    if case is None:
        return [ctx.reply("casedata.unknown_case", case=code)]
    if case.status != "closed":
        return [ctx.reply("casedata.not_closed", case=code)]
    case.status, case.closed_at = "open", None
    ctx.session.add(case)
    ctx.audit("case/reopened", f"case:{code}")
    return [ctx.reply("casedata.reopened", case=code)]


def set_retention(ctx: Context, days: int | None) -> list[Reply]:
    if days is None:
        return [ctx.reply("casedata.retention_current", days=retention_days(ctx.team))]
    if not MIN_RETENTION_DAYS <= days <= MAX_RETENTION_DAYS:
        return [ctx.reply("casedata.retention_range", low=MIN_RETENTION_DAYS, high=MAX_RETENTION_DAYS)]
    settings = dict(ctx.team.settings)
    settings["retention_days"] = days
    ctx.team.settings = settings
    ctx.session.add(ctx.team)
    ctx.audit("team/retention_set", f"team:{ctx.team.id}", days=days)
    return [ctx.reply("casedata.retention_set", days=days)]



ORDER = 70
LEAD = lead_roles()
CASE = Arg(N_("consent.arg_case"), "case")

COMMANDS = [
    Command("export", "export", N_("cmd.export.summary"), handler=export_case,
            args=(CASE, Arg(N_("casedata.arg_format"), required=False)), roles=LEAD, case_data=True,
            details=N_("cmd.export.details")),
    Command("vergeet", "forget", N_("cmd.vergeet.summary"), handler=forget_case, args=(CASE,),
            roles=frozenset({CHAIR}), case_data=True, starts_dialogue=True, details=N_("cmd.vergeet.details")),
    Command("casus", "case", N_("cmd.casus.summary"), subcommands=(
        Command("sluit", "close", N_("cmd.casus.close.summary"), handler=close_case, args=(CASE,), roles=LEAD,
                case_data=True),
        Command("heropen", "reopen", N_("cmd.casus.reopen.summary"), handler=reopen_case, args=(CASE,),
                roles=LEAD, case_data=True),
        Command("bewaartermijn", "retention", N_("cmd.casus.retention.summary"), handler=set_retention,
                args=(Arg(N_("casedata.arg_days"), "int", required=False),), roles=frozenset({CHAIR}),
                details=N_("cmd.casus.retention.details")),
    )),
]
