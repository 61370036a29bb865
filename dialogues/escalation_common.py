"""What the three escalation dialogues share: the case step, dates, rendering, and the outcome.

The rules themselves live in `dialogues/knowledge/escalation.py` and its TOML files; this module only
asks, shows and records. Every dialogue ends the same way (DOMAIN.md §5 and the product rule "the bot
advises, the professional decides"): the sourced advice with the closing statement, then an offer to
post a summary to the team room, to turn the checklist into dated actions, or to do nothing more.
Whatever is chosen, an EscalationRecord keeps what was considered, what came out and who ran it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from datetime import date, datetime, time, timedelta
from typing import Callable, Iterable

from core.calendar import DEFAULT_WORKDAYS, add_working_days
from core.cases import CaseCodeError, normalise_case_code
from core.i18n import spell_date, spell_datetime, spell_list
from core.knowledge import Statement, parse_source
from core.messages import Reply
from core.policy import CONSENT_OPTIONS
from dialogues.context import Context
from dialogues.corrections import at_outcome
from dialogues.dates import MONTHS
from dialogues.dates import AMBIGUOUS, PAST, parse_when
from dialogues.engine import Invalid, Option, Step
from dialogues.knowledge.citations import cite_grouped
from dialogues.knowledge.consent import options as consent_options
from dialogues.knowledge.escalation import closing, iter_statement_tables, statement


def meldcode_applies() -> Statement:
    return statement("meldcode:applies")
from state.actions import create_action
from state.cases import find_case, get_or_create_case
from state.models import Case, EscalationRecord, Member
from state.privacy import case_label, current_consent, naming_allowed
from state.reminders import ReminderSettings
from state.teams import members_with_role

# A checklist item without a term in the rules still needs a due date to become an action. This is
# a planning default of zorgbot, not a rule, and the reply says so.
DEFAULT_DUE_SCHOOL_DAYS = 5
DUE_TIME = time(17, 0)
# The knowledge files name roles in their own words; these are the team roles they mean.
KNOWLEDGE_ROLES = {"ib": "ib", "chair": "voorzitter", "director": "directeur"}

YES_NO = (Option("yes", "dialogue.yes", ("ja", "j", "y", "wel")),
          Option("no", "dialogue.no", ("nee", "n", "niet")))
# Where the sources allow a cautious path, "weet ik niet" is an answer: it is taken as the safer branch
# (see yes_or_unsure) and the outcome says so.
UNSURE = "unsure"
YES_NO_UNSURE = (*YES_NO, Option(UNSURE, "escalation.dont_know", (
    "weet ik niet", "weet niet", "geen idee", "onbekend", "niet zeker", "i don't know", "i dont know",
    "don't know", "dont know", "not sure", "unknown")))
SCHOOL_TYPE_OPTIONS = (
    Option("PO", "team.school_po", ("basisschool", "basisonderwijs", "primary", "primair")),
    Option("SO", "team.school_so", ("speciaal onderwijs", "special", "speciaal")),
    Option("VO", "team.school_vo", ("voortgezet onderwijs", "secondary", "voortgezet")),
    Option("MBO", "team.school_mbo", ("vocational", "beroepsonderwijs")),
)
OUTCOME_OPTIONS = (
    Option("post", "escalation.outcome_post", ("plaats", "plaatsen", "delen", "teamkamer", "share", "team room")),
    Option("actions", "escalation.outcome_actions", ("acties", "actie", "checklist", "action")),
    Option("nothing", "escalation.outcome_nothing", ("niets", "alleen vastleggen", "record only", "none")),
)
BLOCKED_OUTCOME_OPTIONS = (OUTCOME_OPTIONS[0], OUTCOME_OPTIONS[2])


def yes(value: str, ctx: Context, answers: dict) -> bool:
    return value == "yes"


def yes_or_unsure(value: str, ctx: Context, answers: dict) -> bool | str:
    """True, False, or UNSURE: a truthy answer, so "weet ik niet" follows the "ja" (safer) branch."""
    return UNSURE if value == UNSURE else value == "yes"


# -- the case ------------------------------------------------------------------------------------
def parse_case(text: str, ctx: Context, answers: dict) -> str:
    try:
        code = normalise_case_code(text)
    except CaseCodeError as problem:
        raise Invalid(problem.key, value=text.strip()) from None
    # A bare number ("3": a menu choice or an action number typed here) is no case code; the team's
    # code rule (state.cases.team_case_code) never takes one either.
    if code.isdigit():
        raise Invalid("escalation.case_bare_number", value=code)
    return code


def case_step() -> Step:
    """The optional first question, skipped when the code came with the command (`!amk Z-17`)."""
    return Step("case", "escalation.q_case", parse=parse_case, optional=True, when=lambda a: "case" not in a)


def existing_case(ctx: Context, code: str | None) -> Case | None:
    return find_case(ctx.session, ctx.team.id, code) if code and ctx.team else None


def shown_case(ctx: Context, code: str | None) -> str:
    """How a case appears: by code only when its consent allows naming (state/privacy.py); a code the
    team has no case for yet gets its letter when the outcome is recorded, and says it is new."""
    if not code:
        return ctx.t("escalation.no_case")
    case = existing_case(ctx, code)
    return case_label(ctx.session, case, ctx.lang) if case else ctx.t("case.anonymous_new")


def case_ref(ctx: Context, case: Case | None) -> str:
    """The case inside a sentence: its code when naming is allowed, else "this case (anonymous)"."""
    if case is not None and naming_allowed(ctx.session, case):
        return case.code
    return ctx.t("escalation.this_case")


# -- the team's calendar -----------------------------------------------------------------------
def team_calendar(ctx: Context) -> tuple[frozenset[int], frozenset[date]]:
    """The team's working days (Monday=0) and holidays: the reminders' settings (!instellingen), so
    one configuration serves both."""
    if ctx.team is None:
        return DEFAULT_WORKDAYS, frozenset()
    settings = ReminderSettings.of(ctx.team)
    return settings.workdays, settings.holidays


def today(ctx: Context) -> date:
    return ctx.now().astimezone(ctx.tz).date()


def first_school_day(ctx: Context, day: date) -> date:
    workdays, holidays = team_calendar(ctx)
    return day if day.weekday() in workdays and day not in holidays else add_working_days(day, 1, workdays, holidays)


def school_days_after(ctx: Context, start: date, count: int) -> date:
    workdays, holidays = team_calendar(ctx)
    return add_working_days(start, count, workdays, holidays)


# -- dates typed in a dialogue -------------------------------------------------------------------
_FULL_DATE = re.compile(r"^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\s*$")
_TODAY = {"vandaag", "today", "nu", "now"}
_YESTERDAY = {"gisteren", "yesterday"}


def _strict_date(text: str) -> date | None:
    match = _FULL_DATE.match(text)
    if not match:
        return None
    day, month, year = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_day(text: str, ctx: Context, answers: dict | None = None) -> str:
    """"maandag", "morgen", "vandaag", "15-12-2026" -> an ISO date; asks again rather than guessing.

    A full date (dd-mm-yyyy) may lie in the past: a suspension that began this morning, a search
    for another school that began weeks ago. Words such as "maandag" go through dialogues/dates.py,
    which reads them forward and refuses ambiguous phrases.
    """
    return _day(text, ctx).isoformat()


def _day(text: str, ctx: Context) -> date:
    word = text.strip().casefold()
    now = today(ctx)
    if word in _TODAY:
        return now
    if word in _YESTERDAY:
        return now - timedelta(days=1)
    strict = _strict_date(text)
    if strict is not None:
        return strict
    workdays, holidays = team_calendar(ctx)
    # 23:59 as the default time: "vandaag" and "morgen" name days here, not moments.
    when = parse_when(text, now=ctx.now(), tz=ctx.tz, lang=ctx.lang, default_time=time(23, 59),
                      workdays=workdays, holidays=holidays)
    if when.ok:
        return when.at.date()
    if when.problem == AMBIGUOUS and when.suggestion is not None:
        raise Invalid("escalation.date_ambiguous", suggestion=spell_date(when.suggestion.date(), ctx.lang))
    if when.problem == PAST:
        raise Invalid("escalation.date_past_word")
    raise Invalid("escalation.date_unknown")


# "1 oktober", "1 okt. 2026", "1 October": a day and a month name, for a question about what has been.
_DAY_MONTH = re.compile(r"^\s*(\d{1,2})\s+([a-z]+)\.?(?:\s+(\d{4}))?\s*$", re.IGNORECASE)


def recent_day(text: str, ctx: Context) -> date | None:
    """"1 oktober" as the latest such day up to today (or in the year given); None when it is no
    day-and-month. For "when did it begin?", where a day that has been is what is asked for."""
    found = _DAY_MONTH.match(text)
    month = MONTHS.get(found.group(2).casefold()) if found else None
    if month is None:
        return None
    day, year = int(found.group(1)), found.group(3)
    now = today(ctx)
    for candidate_year in ((int(year),) if year else (now.year, now.year - 1)):
        try:
            candidate = date(candidate_year, month, day)
        except ValueError:
            raise Invalid("escalation.date_invalid") from None
        if year or candidate <= now:
            return candidate
    return None


def parse_since(text: str, ctx: Context, answers: dict | None = None) -> str:
    """A day something began (or begins): "1 oktober" is the one just gone, not next year's; the rest
    reads as parse_day does."""
    found = recent_day(text, ctx)
    return found.isoformat() if found else parse_day(text, ctx, answers)


MIN_AGE, MAX_AGE = 2, 30      # a pupil in primary, secondary or special education, or a young adult
_AGE = re.compile(r"\s*([-+]?[0-9]{1,3})\s*(?:jaar|jr\.?|years?(?: old)?|y)?\s*", re.IGNORECASE)


def parse_age(text: str, ctx: Context, answers: dict) -> int:
    """"14", "14 jaar", "14 years"; a sign, a fraction or other digits than 0-9 are no age."""
    found = _AGE.fullmatch(text)
    if not found:
        raise Invalid("escalation.age_number")
    age = int(found.group(1))
    if not MIN_AGE <= age <= MAX_AGE:
        raise Invalid("input.age_range", low=MIN_AGE, high=MAX_AGE)
    return age


# -- rendering -----------------------------------------------------------------------------------
def cited(ctx: Context, statement: Statement, bullet: str = "- ") -> str:
    return f"{bullet}{statement.cited(ctx.lang)}"


def cited_lines(ctx: Context, statements: Iterable[Statement]) -> list[str]:
    return [cited(ctx, st) for st in statements]


def closing_line(ctx: Context, *, meldcode: bool = False) -> str:
    """The product's closing statement; under meldcode advice worded so that it does not read as if the
    meldcode itself were no legal rule (it is, since 2013)."""
    return ctx.t("escalation.closing_meldcode") if meldcode else closing().cited(ctx.lang)


def meldcode_lines(ctx: Context, code: str | None, *, phone: bool = True) -> list[str]:
    """With a suspicion of abuse: the meldcode (current law, marked so), Veilig Thuis's number and how
    to keep track of the steps for this case. The case code only when the case may be named."""
    case = existing_case(ctx, code)
    shown = case.code if case is not None and naming_allowed(ctx.session, case) else ctx.t("escalation.case_code_blank")
    lines = [ctx.t("advice.current_marker"), f"- {meldcode_applies().text(ctx.lang)}"]
    if phone:
        lines.append(f"- {ctx.t('escalation.vt_number')}")
    return lines + [f"- {ctx.t('escalation.meldcode_track', case=shown)}"]


def team_words(ctx: Context, text: str) -> str:
    """A checklist line of the sources ("Bespreek in het ZAT ...") for a zorgteam: its own team first,
    the ZAT where needed (zorgteam -> ZAT, 004:L1367-1390)."""
    if ctx.team is None or ctx.team.kind != "zorgteam":
        return text
    return text.replace(ctx.t("escalation.in_the_zat"), ctx.t("escalation.in_the_zorgteam"))


def dated(ctx: Context, statement: Statement, day: date, *, source: bool = True) -> str:
    """A dated line: "- maandag 7 december 2026: Laatste schorsingsdag ... [003:L6276-6280]"."""
    text = f"- {spell_date(day, ctx.lang)}: {statement.text(ctx.lang)}"
    return f"{text} [{statement.source}]" if source else text


@cache
def _refs() -> dict[Statement, str]:
    refs: dict[Statement, str] = {}
    for ref, table in iter_statement_tables():
        try:
            refs.setdefault(Statement.from_table(table), ref)
        except ValueError:     # a table with a source but no text is not a statement to show
            continue
    return refs


def ref_of(statement: Statement) -> str:
    """"area:path" of a statement, to tell the items of a result apart without comparing texts."""
    return _refs().get(statement, "")


def consent_line(ctx: Context, code: str | None) -> str:
    """The link to the consent register: the case's recorded consent, or where to work it out."""
    if not code:
        return ctx.t("escalation.consent_no_case")
    case = existing_case(ctx, code)
    record = current_consent(ctx.session, case.id) if case else None
    label = case_ref(ctx, case)
    if record is None:
        return ctx.t("escalation.consent_none", case=label)
    option = consent_options()[record.option].label.text(ctx.lang) if record.option in CONSENT_OPTIONS else "-"
    when = record.given_on or record.recorded_at
    key = {"objection": "escalation.consent_objection",
           "withdrawal": "escalation.consent_withdrawal"}.get(record.event, "escalation.consent_given")
    return ctx.t(key, case=label, option=option, date=spell_date(when.date(), ctx.lang) if when else "-")


def contacts_lines(ctx: Context) -> list[str]:
    """The team's own arrangements: who is on call (team set-up) and any crisis contacts."""
    settings = ctx.team.settings if ctx.team else {}
    lines = []
    if settings.get("on_call"):
        lines.append(ctx.t("escalation.contacts_on_call", value=settings["on_call"]))
    crisis = settings.get("crisis_contacts")
    if crisis:
        value = spell_list([str(c) for c in crisis], ctx.lang) if isinstance(crisis, (list, tuple)) else str(crisis)
        lines.append(ctx.t("escalation.contacts_crisis", value=value))
    return lines


# -- the outcome ---------------------------------------------------------------------------------
@dataclass
class PlannedAction:
    description: str
    role: str | None = None       # a team role (core/roles.py) or None: the member who ran the dialogue
    due: date | None = None       # None: the planning default
    who: str | None = None        # catalog key naming who acts when that is no team role ("the reporter")


@dataclass
class Outcome:
    kind: str                     # EscalationRecord.kind
    title: str
    decision: str
    body: str                     # the whole sourced advice, closing included (shown on "meer")
    summary: list[str]            # short lines for the team room
    actions: list[PlannedAction] = field(default_factory=list)
    short: list[str] = field(default_factory=list)   # the phone-screen answer shown first
    closing: str | None = None    # the closing statement when it is not the usual one (meldcode advice)


SHORT_ITEMS = 3     # violations, steps or checklist lines the short answer names; the rest is in "meer"


def plain_lines(ctx: Context, statements: Iterable[Statement], limit: int = SHORT_ITEMS) -> list[str]:
    """Statements without their references, for the short answer (the references are in "meer")."""
    return [f"- {s.text(ctx.lang)}" for s in list(statements)[:limit]]


def current_lines(ctx: Context, statements: Iterable[Statement]) -> list[str]:
    """Statements that are current law or practice only (not from the 2008 sources), for the short
    answer: where the sources' rule may no longer hold, the first screen says so."""
    return [f"- {s.text(ctx.lang)}" for s in statements
            if s is not None and parse_source(s.source)[1] and not parse_source(s.source)[0]]


def short_case_line(ctx: Context, code: str | None) -> list[str]:
    """The case on the first screen only when there is one ("Casus: geen" says nothing there)."""
    return [ctx.t("escalation.case_line", case=shown_case(ctx, code))] if code else []


def source_and_more(ctx: Context, statements: Iterable[Statement]) -> list[str]:
    """The one source of a short answer, as professionals know the document, and the hint for "meer"."""
    refs = [ref for s in statements if s is not None for ref in parse_source(s.source)[0]]
    sources = cite_grouped(refs, ctx.lang)
    lines = [ctx.t("advice.source_line", source=sources[0])] if sources else []
    return lines + [ctx.t("escalation.more_hint")]


CORRECTS = at_outcome("escalation.more_hint")   # "eigenlijk twee weken" at the outcome: only what changed


def outcome_steps(build: Callable[[Context, dict], Outcome], allowed: Callable[[dict], bool]) -> list[Step]:
    """The last question: the advice as its text, and what to do with it (nothing to act on when the
    plan breaks a rule: then only posting or recording)."""
    def values(ctx: Context, answers: dict) -> dict:
        outcome = build(ctx, answers)
        return {"advice": "\n".join(outcome.short) if outcome.short else outcome.body}

    def details(ctx: Context, answers: dict) -> list[str]:
        return build(ctx, answers).body.splitlines()

    # Every answer is in: interrupted or timed out here, the outcome is kept as a draft that `!open`
    # records as it stands ("nothing": recorded, no post, no actions).
    return [Step("outcome", "escalation.q_outcome", options=OUTCOME_OPTIONS, prompt_values=values,
                 when=allowed, details=details, corrects=CORRECTS, confirmed=lambda a: {**a, "outcome": "nothing"},
                 waits=lambda ctx, a: ctx.t("escalation.waits_outcome")),
            Step("outcome_blocked", "escalation.q_outcome_blocked", options=BLOCKED_OUTCOME_OPTIONS,
                 prompt_values=values, when=lambda a: not allowed(a), details=details, corrects=CORRECTS,
                 confirmed=lambda a: {**a, "outcome_blocked": "nothing"},
                 waits=lambda ctx, a: ctx.t("escalation.waits_outcome"))]


def considered(answers: dict) -> dict:
    """What goes on the record: the choices made, never free text (the case is a column of its own)."""
    return {key: value for key, value in answers.items() if key not in ("case", "outcome", "outcome_blocked")}


def record_escalation(ctx: Context, code: str | None, kind: str, considered: dict,
                      decision: str) -> tuple[EscalationRecord, Case | None]:
    """What was considered, what came out and who did it, on the case (opened if new), audited
    without content."""
    case = get_or_create_case(ctx.session, ctx.team.id, code) if code else None
    entry = EscalationRecord(team_id=ctx.team.id, case_id=case.id if case else None, kind=kind,
                             considered=considered, decision=decision,
                             decided_by=ctx.member.id if ctx.member else None, created_at=ctx.now())
    ctx.session.add(entry)
    ctx.session.flush()
    ctx.audit("escalation/recorded", f"case:{case.code}" if case else f"escalation:{entry.id}",
              kind=kind, decision=decision, record=entry.id)
    return entry, case


def record(ctx: Context, answers: dict, outcome: Outcome) -> tuple[EscalationRecord, Case | None]:
    return record_escalation(ctx, answers.get("case"), outcome.kind, considered(answers), outcome.decision)


def owner_for(ctx: Context, role: str | None) -> Member:
    if role and ctx.team:
        holders = members_with_role(ctx.session, ctx.team.id, role)
        if len(holders) == 1:
            return holders[0]
    return ctx.member


def due_moment(ctx: Context, day: date) -> datetime:
    return datetime.combine(day, DUE_TIME, tzinfo=ctx.tz)


def first_open_day(ctx: Context) -> date:
    """Today when it is a school day and its due time is still ahead, else the next school day."""
    workdays, holidays = team_calendar(ctx)
    day = today(ctx)
    if day.weekday() in workdays and day not in holidays and due_moment(ctx, day) > ctx.now():
        return day
    return add_working_days(day, 1, workdays, holidays)


def create_actions(ctx: Context, outcome: Outcome, case: Case | None) -> list[str]:
    """The checklist as actions with owners and due dates; the lines that tell the member so."""
    lines = []
    earliest = first_open_day(ctx)
    default_due = school_days_after(ctx, today(ctx), DEFAULT_DUE_SCHOOL_DAYS)
    for planned in outcome.actions:
        due = max(planned.due or default_due, earliest)
        owner = owner_for(ctx, planned.role)
        action = create_action(ctx.session, team=ctx.team, owner=owner, description=planned.description,
                               due_at=due_moment(ctx, due), case=case, created_by=ctx.member,
                               actor=ctx.actor, now=ctx.now())
        lines.append(ctx.t("escalation.action_line", number=action.number, description=planned.description,
                           owner=owner.display_name, due=spell_datetime(action.due_at, ctx.lang, ctx.tz)))
    return lines


def finish_outcome(ctx: Context, answers: dict, outcome: Outcome) -> list[Reply]:
    closing_text = outcome.closing or closing_line(ctx)
    choice = answers.get("outcome") or answers.get("outcome_blocked") or "nothing"
    entry, case = record(ctx, answers, outcome)
    label = case_label(ctx.session, case, ctx.lang) if case else ctx.t("escalation.no_case")
    undated = any(planned.due is None for planned in outcome.actions)
    replies = [Reply(ctx.t("escalation.recorded", title=outcome.title, case=label, number=entry.id),
                     in_thread=True)]
    if choice == "post":
        who = ctx.member.display_name if ctx.member else "-"
        text = "\n".join([ctx.t("escalation.summary_title", title=outcome.title, case=label), *outcome.summary,
                          ctx.t("escalation.summary_by", name=who), closing_text])
        replies.append(Reply(text, in_thread=False, privacy="codes"))
    elif choice == "actions":
        lines = create_actions(ctx, outcome, case)
        if lines:
            note = [ctx.t("escalation.actions_default_due", days=DEFAULT_DUE_SCHOOL_DAYS)] if undated else []
            text = "\n".join([ctx.t("escalation.actions_created", count=len(lines)), *lines, *note,
                              closing_text])
        else:
            text = "\n".join([ctx.t("escalation.actions_none"), closing_text])
        replies.append(Reply(text, in_thread=True, privacy="codes"))
    else:
        replies[0].text = "\n".join([replies[0].text, closing_text])
    return replies


def checklist_text(ctx: Context, actions: list[PlannedAction]) -> list[str]:
    lines = []
    for number, planned in enumerate(actions, start=1):
        who = ctx.t(f"role.{planned.role}") if planned.role else ctx.t(planned.who or "escalation.role_you")
        when = f", {spell_date(planned.due, ctx.lang)}" if planned.due else ""
        lines.append(f"{number}. {planned.description} ({who}{when})")
    return lines
