"""Escalation: !amk / !escalatie, !schorsing, !verwijdering (dialogues), !meldcode and !route; plain
questions about them are answered by handlers/questions.py.

The rules are data in dialogues/knowledge/ (escalation, meldcode, suspension, expulsion, routes);
the dialogues are dialogues/escalation_*.py. Every answer cites its sources and says that it is
advice: the professional decides.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timezone

from sqlmodel import select

from core.cases import CaseCodeError, normalise_case_code
from core.commands import Arg, Command, is_number_word, read_number
from core.i18n import N_, spell_date, spell_list
from core.knowledge import parse_source
from core.messages import Choice, Reply
from core.roles import lead_roles
from dialogues.context import Context
from dialogues.escalation_common import case_ref, cited_lines, closing_line, contacts_lines, record_escalation
from dialogues.knowledge.citations import cite_grouped
from dialogues.knowledge.escalation import other_route, statement, statements
from handlers.question_memory import MORE
from state.cases import find_case
from state.models import EscalationRecord, Member
from state.teams import members_with_role

ORDER = 60
CASE_ARG = Arg(N_("arg.escalation_case"), "case", required=False)

ROUTE_WORDS = {"leerplicht": "leerplicht", "attendance": "leerplicht", "verzuim": "leerplicht",
               "absence": "leerplicht", "lpa": "leerplicht", "politie": "police", "police": "police",
               "crisis": "crisis", "noodgeval": "crisis", "emergency": "crisis"}
ROUTE_COMMAND_WORDS = {"nl": {"leerplicht": "leerplicht", "police": "politie", "crisis": "crisis"},
                       "en": {"leerplicht": "attendance", "police": "police", "crisis": "crisis"}}
STEP_WORDS = ("stap", "step")
MAX_CONTACTS = 500
# !route shows the team's own people for the route: who holds its role, and the parts of the on-call
# arrangements that name it. The crisis route shows the crisis arrangements and everyone on call.
ROUTE_ROLES = {"leerplicht": "lpa", "police": "politie"}
ROUTE_MENTIONS = {"leerplicht": ("leerplicht", "lpa", "attendance", "verzuim"),
                  "police": ("politie", "police", "wijkagent", "agent")}


# -- the dialogues -------------------------------------------------------------------------------
def _start(ctx: Context, dialogue: str, code: str | None) -> list[Reply]:
    return ctx.services.dialogues.start(ctx, dialogue, {"case": code} if code else {})


def start_escalation(ctx: Context, code: str | None = None) -> list[Reply]:
    return _start(ctx, "escalation", code)


def start_suspension(ctx: Context, code: str | None = None) -> list[Reply]:
    return _start(ctx, "suspension", code)


def start_expulsion(ctx: Context, code: str | None = None) -> list[Reply]:
    return _start(ctx, "expulsion", code)


# -- records ---------------------------------------------------------------------------------------
def latest_record(ctx: Context, case_id: int, kind: str) -> EscalationRecord | None:
    return ctx.session.exec(select(EscalationRecord).where(
        EscalationRecord.team_id == ctx.team.id, EscalationRecord.case_id == case_id,
        EscalationRecord.kind == kind).order_by(EscalationRecord.created_at.desc(),
                                                EscalationRecord.id.desc())).first()


def local_date(ctx: Context, moment: datetime) -> date:
    if moment.tzinfo is None:   # SQLite hands back naive UTC
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(ctx.tz).date()


# -- !meldcode -------------------------------------------------------------------------------------
def _meldcode_args(text: str | None) -> tuple[str | None, int | None]:
    """"Z-17 stap 3" / "Z-17 3" / "Z-17" / "" -> (code, step); ValueError with a catalog key."""
    code, step = None, None
    for word in (text or "").split():
        lowered = word.casefold()
        if lowered in STEP_WORDS:
            continue
        if is_number_word(word):
            number = read_number(word)
            if step is not None or number is None:
                raise ValueError("escalation.meldcode_usage")
            step = number
            continue
        try:
            candidate = normalise_case_code(word)
        except CaseCodeError as problem:
            raise ValueError(problem.key) from None
        if code is not None:
            raise ValueError("escalation.meldcode_usage")
        code = candidate
    return code, step


def show_meldcode(ctx: Context, text: str | None = None) -> list[Reply]:
    try:
        code, step = _meldcode_args(text)
    except ValueError as problem:
        return [ctx.reply(str(problem), value=text or "")]
    steps = statements("meldcode:steps")
    if step is not None and code is None:
        return [ctx.reply("escalation.meldcode_step_needs_case")]
    if step is not None and not 1 <= step <= len(steps):
        return [ctx.reply("escalation.meldcode_step_range", count=len(steps))]
    head, reached = [], None
    if step is not None:
        record_escalation(ctx, code, "meldcode", {"step": step}, f"step_{step}")
    if code:
        case = find_case(ctx.session, ctx.team.id, code)
        label = case_ref(ctx, case)
        last = latest_record(ctx, case.id, "meldcode") if case else None
        if last is None:
            head.append(ctx.t("escalation.meldcode_no_stand", case=label))
        else:
            reached = int(last.considered.get("step", 0))
            who = ctx.session.get(Member, last.decided_by) if last.decided_by else None
            key = "escalation.meldcode_recorded" if step is not None else "escalation.meldcode_stand"
            head.append(ctx.t(key, case=label, step=reached, name=who.display_name if who else "-",
                              date=spell_date(local_date(ctx, last.created_at), ctx.lang)))
    lines = [*head, statement("meldcode:notice").cited(ctx.lang), ctx.t("escalation.meldcode_steps_heading")]
    for number, item in enumerate(steps, start=1):
        mark = "" if reached is None else ("[x] " if number < reached else "[>] " if number == reached else "[ ] ")
        lines.append(f"{mark}{item.cited(ctx.lang)}")
    # The steps fit a phone screen; the weighing framework and what the sources say come on "meer".
    details = [*lines, ctx.t("escalation.meldcode_weighing_heading"),
               *cited_lines(ctx, statements("meldcode:afwegingskader")),
               ctx.t("escalation.meldcode_seed_heading"), *cited_lines(ctx, statements("meldcode:seed")),
               closing_line(ctx, meldcode=True)]
    if code is None:
        lines.append(ctx.t("escalation.meldcode_hint"))
    # not the plain "no legal rule" closing: the meldcode itself is law
    lines += [ctx.t("escalation.meldcode_more_hint"), closing_line(ctx, meldcode=True)]
    privacy = "codes" if code else "advice"
    return [Reply("\n".join(lines), privacy=privacy, choices=[Choice(MORE, ctx.t("questions.choice_more"))],
                  more=details)]


# -- !route ----------------------------------------------------------------------------------------
def _route_choices(ctx: Context) -> str:
    words = ROUTE_COMMAND_WORDS["en" if ctx.lang == "en" else "nl"]
    return ", ".join(f"!route {words[name]}" for name in ("leerplicht", "police", "crisis"))


def show_route(ctx: Context, word: str | None = None, code: str | None = None) -> list[Reply]:
    if not word:
        return [Reply(ctx.t("escalation.route_choose", routes=_route_choices(ctx)), privacy="advice")]
    name = ROUTE_WORDS.get(word.casefold())
    if name is None:
        return [Reply(ctx.t("escalation.route_unknown", word=word, routes=_route_choices(ctx)), privacy="advice")]
    guidance = other_route(name)          # ends with the closing statement
    # the texts first, the documents named once at the end (as in every advice), not "[003:L...]" per line
    lines = [guidance[0].text(ctx.lang), *(f"- {st.text(ctx.lang)}" for st in guidance[1:-1])]
    contacts = contacts_lines(ctx) if name == "crisis" else route_contacts(ctx, name)
    lines += [ctx.t("escalation.heading_contacts"), *contacts] if contacts else [ctx.t("escalation.contacts_none")]
    if code:
        record_escalation(ctx, code, "route", {"route": name}, name)
        lines.append(ctx.t("escalation.route_recorded", case=case_ref(ctx, find_case(ctx.session, ctx.team.id, code))))
    lines.append(guidance[-1].cited(ctx.lang))
    refs = [ref for st in guidance[:-1] for ref in parse_source(st.source)[0]]
    lines += [ctx.t("advice.source_line", source=source) for source in cite_grouped(refs, ctx.lang)]
    return [Reply("\n".join(lines), privacy="codes" if code or contacts else "advice")]


def route_contacts(ctx: Context, name: str) -> list[str]:
    """The team's own contacts for this route: members holding its role, and the on-call parts for
    it or for everyone (not the whole on-call list, so the orthopedagogue's number is not offered as
    the leerplichtambtenaar)."""
    lines = []
    role = ROUTE_ROLES[name]
    holders = [m.display_name for m in members_with_role(ctx.session, ctx.team.id, role)] if ctx.team else []
    if holders:
        lines.append(ctx.t("escalation.route_team_role", role=ctx.t(f"role.{role}"),
                           names=spell_list(holders, ctx.lang)))
    on_call = str((ctx.team.settings or {}).get("on_call") or "") if ctx.team else ""
    parts = [p.strip() for p in re.split(r"[;\n]", on_call) if p.strip()]
    # "Orthopedagoog: 06-..." is labelled for someone else: left out; an unlabelled part ("IB'er Anna,
    # ma-vr 8-17 uur") is the team's general availability: kept.
    named = [p for p in parts if ":" not in p
             or any(word in p.partition(":")[0].casefold() for word in ROUTE_MENTIONS[name])]
    if named:
        lines.append(ctx.t("escalation.contacts_on_call", value="; ".join(named)))
    return lines


def set_contacts(ctx: Context, text: str) -> list[Reply]:
    """The team's crisis arrangements outside meetings: who may call in whom (004:L3264-3270)."""
    text = text.strip()
    if len(text) > MAX_CONTACTS:
        return [ctx.reply("escalation.contacts_too_long", limit=MAX_CONTACTS)]
    # A new dict: the JSON column only notices a change when it gets a new, unequal value.
    ctx.team.settings = {**(ctx.team.settings or {}), "crisis_contacts": text}
    ctx.session.add(ctx.team)
    ctx.audit("team/crisis_contacts_set", f"team:{ctx.team.id}")
    return [Reply(ctx.t("escalation.contacts_saved", value=text), privacy="codes")]


COMMANDS = [
    Command("escalatie", "escalate", N_("cmd.escalatie.summary"), handler=start_escalation, args=(CASE_ARG,),
            details=N_("cmd.escalatie.details"), starts_dialogue=True),
    Command("amk", "veiligthuis", N_("cmd.amk.summary"), handler=start_escalation, args=(CASE_ARG,),
            details=N_("cmd.escalatie.details"), starts_dialogue=True),
    Command("meldcode", "reportingcode", N_("cmd.meldcode.summary"), handler=show_meldcode,
            args=(Arg(N_("arg.escalation_meldcode"), "text", required=False),), details=N_("cmd.meldcode.details")),
    Command("schorsing", "suspension", N_("cmd.schorsing.summary"), handler=start_suspension, args=(CASE_ARG,),
            details=N_("cmd.schorsing.details"), starts_dialogue=True),
    Command("verwijdering", "expulsion", N_("cmd.verwijdering.summary"), handler=start_expulsion,
            args=(CASE_ARG,), details=N_("cmd.verwijdering.details"), starts_dialogue=True),
    Command("route", "route", N_("cmd.route.summary"), handler=show_route,
            args=(Arg(N_("arg.escalation_route"), "word", required=False), CASE_ARG),
            details=N_("cmd.route.details"), subcommands=(
                Command("afspraken", "arrangements", N_("cmd.route.arrangements.summary"), handler=set_contacts,
                        roles=lead_roles(), args=(Arg(N_("arg.escalation_contacts"), "text"),)),
            )),
]
