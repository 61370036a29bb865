"""Escalation advice as pure functions over the knowledge TOML files.

Covers the Veilig Thuis (formerly AMK) ladder, suspension, expulsion, the meldcode, the other
routes (leerplicht, police, crisis) and plain questions about them. No database, no chat I/O:
each function takes plain values and returns dataclasses of `Statement`s (Dutch, English and the
seed source). Dates are real dates; school-day arithmetic goes through `dialogues.calendar`.

Every answer ends with the product-policy closing statement ("this is advice; the professional
decides"), available as `.closing` and as the last item of `.statements`.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, fields
from datetime import date, timedelta
from typing import Iterable, Iterator

from core.calendar import DEFAULT_WORKDAYS, add_working_days, is_working_day
from core.commands import read_number
from core.knowledge import Statement, load_area

AREAS = ("escalation", "meldcode", "suspension", "expulsion", "routes")
SCHOOL_TYPES = ("PO", "SO", "VO", "MBO")
CONCERNS = ("avoiding_help", "suspected_abuse")
PROOF_LEVELS = ("none", "some")
ROUTES = ("zat_first", "advice", "consult", "care_report", "report")
EXPULSION_REASONS = ("behaviour", "insufficient_progress", "care_needs", "other")
STATEMENT_KEYS = ("nl", "en", "source")


# --- reading the data ---------------------------------------------------------------------

def _is_statement(table: object) -> bool:
    return isinstance(table, dict) and any(k in table for k in STATEMENT_KEYS)


def _node(ref: str) -> object:
    """The TOML value at "area:dotted.path" (e.g. "suspension:rules.max_length")."""
    area, _, path = ref.partition(":")
    if area not in AREAS or not path:
        raise KeyError(f"bad knowledge reference {ref!r}")
    node: object = load_area(area)
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            raise KeyError(f"no knowledge at {ref!r}")
        node = node[part]
    return node


def statement(ref: str) -> Statement:
    """The one statement at `ref`."""
    node = _node(ref)
    if not _is_statement(node):
        raise KeyError(f"{ref!r} is not a statement")
    return Statement.from_table(node)


def statements(ref: str) -> list[Statement]:
    """The statement at `ref`, or every statement below it in document order."""
    return list(_walk(_node(ref)))


def _walk(node: object) -> Iterator[Statement]:
    if _is_statement(node):
        yield Statement.from_table(node)
    elif isinstance(node, dict):
        for value in node.values():
            if isinstance(value, dict):
                yield from _walk(value)


def _expand(refs: Iterable[str]) -> list[Statement]:
    out: list[Statement] = []
    for ref in refs:
        for st in statements(ref):
            if st not in out:
                out.append(st)
    return out


def closing() -> Statement:
    """Product policy, not law: the bot advises, the professional decides."""
    return statement("escalation:policy.closing")


def iter_statement_tables() -> Iterator[tuple[str, dict]]:
    """Every table in every area that looks like a statement, as ("area:path", table)."""
    def walk(prefix: str, node: object) -> Iterator[tuple[str, dict]]:
        if isinstance(node, dict):
            if _is_statement(node):
                yield prefix, node
                return
            for key, value in node.items():
                yield from walk(f"{prefix}.{key}" if not prefix.endswith(":") else f"{prefix}{key}", value)
        elif isinstance(node, list):
            for i, value in enumerate(node):
                yield from walk(f"{prefix}[{i}]", value)

    for area in AREAS:
        yield from walk(f"{area}:", load_area(area))


def meldcode_steps() -> list[Statement]:
    """The current meldcode (current law, not from the seeds): notice, five steps, afwegingskader."""
    return _expand(["meldcode:notice", "meldcode:steps", "meldcode:afwegingskader"])


def other_route(name: str) -> list[Statement]:
    """Short sourced guidance for "leerplicht", "police" or "crisis", ending with the closing."""
    if name not in ("leerplicht", "police", "crisis"):
        raise KeyError(f"unknown route {name!r}")
    return statements(f"routes:{name}") + [closing()]


# --- the Veilig Thuis ladder --------------------------------------------------------------

@dataclass(frozen=True)
class EscalationQuestions:
    concern: str                       # "avoiding_help" | "suspected_abuse"
    discussed_in_zat: bool
    life_threatening: bool
    child_is_source: bool              # approaching the parents would endanger the child
    proof: str                         # "none" | "some": worries without proof vs substantiated
    parents_avoid_care: bool
    repeated_contact_same_child: bool  # advice vs consult

    def __post_init__(self) -> None:
        if self.concern not in CONCERNS:
            raise ValueError(f"concern must be one of {CONCERNS}, not {self.concern!r}")
        if self.proof not in PROOF_LEVELS:
            raise ValueError(f"proof must be one of {PROOF_LEVELS}, not {self.proof!r}")


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    statement: Statement
    due_in_school_days: int | None = None
    role: str | None = None


@dataclass(frozen=True)
class Reporter:
    key: str
    label: Statement


@dataclass(frozen=True)
class EscalationAdvice:
    route: str                 # one of ROUTES
    reason: str                # which ladder rule matched
    urgent: bool
    title: Statement
    criteria: list[Statement]
    explanation: list[Statement]
    who_reports: list[Reporter]
    checklist: list[ChecklistItem]
    closing: Statement

    @property
    def statements(self) -> list[Statement]:
        return self.criteria + self.explanation + [self.closing]


_QUESTION_FIELDS = {f.name for f in fields(EscalationQuestions)}


def ladder_rules() -> list[dict]:
    """The ordered decision rules of escalation.toml, validated."""
    rules = load_area("escalation")["ladder"]
    for rule in rules:
        unknown = set(rule["when"]) - _QUESTION_FIELDS
        if unknown:
            raise ValueError(f"ladder rule names unknown questions: {sorted(unknown)}")
        if rule["route"] not in ROUTES:
            raise ValueError(f"ladder rule has unknown route {rule['route']!r}")
    return rules


def advise_escalation(q: EscalationQuestions) -> EscalationAdvice:
    """Walk the ladder: the first rule whose conditions all hold decides the route."""
    data = load_area("escalation")
    for rule in ladder_rules():
        if all(getattr(q, name) == value for name, value in rule["when"].items()):
            break
    else:  # pragma: no cover - the shipped rules cover every combination
        raise LookupError("no escalation rule matches these answers")

    route, reason, urgent = rule["route"], rule["reason"], bool(rule.get("urgent", False))
    rdata = data["routes"][route]
    criteria = [statement(f"escalation:reasons.{reason}")] + list(_walk(rdata.get("criteria", {})))
    explanation = list(_walk(rdata.get("explanation", {})))
    extra = list(rule.get("also", [])) + list(rdata.get("also", []))
    if urgent:
        criteria.insert(0, statement("escalation:urgent.calm"))
        explanation.insert(0, statement("escalation:urgent.crisis_procedure"))
    for st in _expand(extra):
        if st not in criteria and st not in explanation:
            explanation.append(st)

    who = [Reporter(key, statement(f"escalation:reporters.{key}")) for key in rdata.get("who", [])]
    checklist = [
        ChecklistItem(key, Statement.from_table(item), item.get("due_in_school_days"), item.get("role"))
        for key, item in rdata.get("checklist", {}).items()
    ]
    return EscalationAdvice(route=route, reason=reason, urgent=urgent,
                            title=Statement.from_table(rdata["title"]), criteria=criteria,
                            explanation=explanation, who_reports=who, checklist=checklist,
                            closing=closing())


# --- dates --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Deadline:
    key: str
    statement: Statement
    date: date


def _first_school_day(day: date, workdays, holidays) -> date:
    return day if is_working_day(day, workdays, holidays) else add_working_days(day, 1, workdays, holidays)


def _check_school_type(school_type: str) -> None:
    if school_type not in SCHOOL_TYPES:
        raise ValueError(f"school_type must be one of {SCHOOL_TYPES}, not {school_type!r}")


# --- suspension ---------------------------------------------------------------------------

@dataclass(frozen=True)
class SuspensionPlan:
    school_type: str        # "PO" | "SO" | "VO" | "MBO"
    pupil_age: int
    length_school_days: int
    urgent: bool
    expulsion_running: bool
    start: date             # first day of the suspension
    is_extension: bool = False
    decision_date: date | None = None    # date of the written decision; defaults to start
    objection_date: date | None = None   # when an objection was received, if any


@dataclass(frozen=True)
class SuspensionCheck:
    violations: list[Statement]
    warnings: list[Statement]
    duties: list[Statement]
    notes: list[Statement]
    deadlines: list[Deadline]
    closing: Statement

    @property
    def allowed(self) -> bool:
        return not self.violations

    @property
    def statements(self) -> list[Statement]:
        return self.violations + self.warnings + self.duties + self.notes + [self.closing]


def check_suspension(plan: SuspensionPlan, *, workdays: Iterable[int] = DEFAULT_WORKDAYS,
                     holidays: Iterable[date] = ()) -> SuspensionCheck:
    _check_school_type(plan.school_type)
    if plan.length_school_days < 1:
        raise ValueError("a suspension lasts at least one school day")
    data = load_area("suspension")
    lim = data["limits"]
    s = lambda path: statement(f"suspension:{path}")  # noqa: E731

    violations: list[Statement] = []
    warnings: list[Statement] = []
    if plan.length_school_days > lim["max_school_days"]:
        if plan.expulsion_running:
            warnings.append(s("warnings.long_during_expulsion"))
        elif plan.school_type in lim["max_applies_to"]:
            violations.append(s("violations.too_long"))
            violations.append(s("notes.every_extension"))   # so "two weeks" is not split into two quietly
        elif plan.school_type in lim.get("current_max_applies_to", ()):
            # the seed sets no maximum here, current law does (one week): the plain answer says so too
            violations.append(s("violations.too_long_current"))
        else:
            warnings.append(s("warnings.max_not_stated"))

    duties = [s("duties.written_notice") if plan.pupil_age < lim["parents_notified_below_age"]
              else s("duties.written_notice_adult")]
    if plan.urgent:
        duties.append(s("duties.urgent"))
    if plan.length_school_days > lim["inspectorate_after_days"]:
        duties.append(s("duties.inform_inspectorate"))
    if plan.is_extension:
        duties.append(s("duties.new_decision"))
    duties.append(s("duties.objection"))

    notes = [s("rules.authority")]
    if plan.length_school_days <= lim["inspectorate_after_days"]:
        notes.append(s("notes.one_day"))
    if plan.school_type in ("PO", "SO"):
        notes += [s("notes.po_so"), s("notes.po_currency")]
    if plan.school_type == "MBO":
        notes.append(s("notes.mbo"))
    notes += [s("notes.awb_public"), s("notes.consult_zat"), s("notes.director_tells_parents")]

    first = _first_school_day(plan.start, workdays, holidays)
    last = add_working_days(first, plan.length_school_days - 1, workdays, holidays)
    decided = plan.decision_date or plan.start
    objection_by = decided + timedelta(weeks=lim["objection_weeks"])
    deadlines = [Deadline("last_day", s("deadlines.last_day"), last),
                 Deadline("objection", s("deadlines.objection"), objection_by)]
    if plan.objection_date is not None:
        deadlines.append(Deadline("authority_answer", s("deadlines.authority_answer"),
                                  plan.objection_date + timedelta(weeks=lim["answer_weeks"])))
    else:
        deadlines.append(Deadline("authority_answer_latest", s("deadlines.authority_answer_latest"),
                                  objection_by + timedelta(weeks=lim["answer_weeks"])))
    return SuspensionCheck(violations, warnings, duties, notes, deadlines, closing())


_NUMBER_WORDS = {
    "een": 1, "one": 1, "a": 1, "an": 1,
    "twee": 2, "two": 2, "drie": 3, "three": 3, "vier": 4, "four": 4, "vijf": 5, "five": 5,
    "zes": 6, "six": 6, "zeven": 7, "seven": 7, "acht": 8, "eight": 8, "negen": 9, "nine": 9,
    "tien": 10, "ten": 10, "elf": 11, "eleven": 11, "twaalf": 12, "twelve": 12,
    "dertien": 13, "thirteen": 13, "veertien": 14, "fourteen": 14, "vijftien": 15, "fifteen": 15,
    "twintig": 20, "twenty": 20,
}
_LENGTH_RE = re.compile(
    r"\b(\d{1,3}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")\s*"
    r"(school ?dag(?:en)?|werk ?dag(?:en)?|dag(?:en)?|school ?days?|working ?days?|days?"
    r"|weken|week|weeks|schoolweken|schoolweek|school ?weeks?)\b")
SCHOOL_DAYS_PER_WEEK = 5


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def parse_length(text: str, lang: str = "nl") -> int | None:
    """School days named in `text` ("3 dagen", "twee weken", "two weeks"); None when not understood.

    A week counts as five school days. Number words of both languages are accepted, so a Dutch
    team member typing English (or the reverse) is still understood; `lang` is kept for callers.
    """
    match = _LENGTH_RE.search(_normalise(text))
    if not match:
        return None
    raw, unit = match.groups()
    number = (read_number(raw) if raw.isdigit() else _NUMBER_WORDS[raw])
    if number is None:          # too many digits for any sensible length
        return None
    if number <= 0:
        return None
    return number * SCHOOL_DAYS_PER_WEEK if "week" in unit or "weken" in unit else number


# --- expulsion ----------------------------------------------------------------------------

@dataclass(frozen=True)
class ExpulsionCase:
    school_type: str        # "PO" | "SO" | "VO" | "MBO"
    pupil_age: int
    reason: str             # "behaviour" | "insufficient_progress" | "care_needs" | "other"
    other_school_found: bool
    mid_school_year: bool
    start: date             # start of the procedure (and of the search for another school)
    decision_date: date | None = None                   # planned or actual decision
    unlawful_deregistration_found: date | None = None   # when the LPA found it, if ever


@dataclass(frozen=True)
class ExpulsionProcedure:
    steps: list[Statement]
    violations: list[Statement]
    notes: list[Statement]
    deadlines: list[Deadline]
    closing: Statement

    @property
    def allowed(self) -> bool:
        return not self.violations

    @property
    def statements(self) -> list[Statement]:
        return self.violations + self.steps + self.notes + [self.closing]


def expulsion_procedure(case: ExpulsionCase, *, workdays: Iterable[int] = DEFAULT_WORKDAYS,
                        holidays: Iterable[date] = ()) -> ExpulsionProcedure:
    _check_school_type(case.school_type)
    if case.reason not in EXPULSION_REASONS:
        raise ValueError(f"reason must be one of {EXPULSION_REASONS}, not {case.reason!r}")
    lim = load_area("expulsion")["limits"]
    s = lambda path: statement(f"expulsion:{path}")  # noqa: E731
    vo = case.school_type == "VO"
    searches = case.school_type in lim["search_applies_to"]

    steps = [s("principles.last_resort")]
    if case.reason == "care_needs":
        steps += [s("principles.consult_zat"), s("principles.care_ground"),
                  s("principles.weighing"), s("principles.careful")]
    if vo:
        steps += [s("before.consult_inspectorate"), s("before.hear_parents"), s("vo.other_school"),
                  s("vo.pace")]
        steps += statements("expulsion:vo.steps")
    else:
        steps.append(s("before.hear_pupil") if case.pupil_age > lim["hear_pupil_older_than"]
                     else s("before.pupil_twelve_or_younger"))
        steps.append(s("before.hear_parents"))
        if case.school_type == "PO":
            steps.append(s("before.hear_teacher"))
        steps.append(s("before.suspension"))
    if searches:
        steps.append(s("po.other_school_found") if case.other_school_found else s("po.search"))
        if case.school_type == "PO":
            steps += [s("po.wpo_40"), s("po.help_search")]
    steps.append(s("after.written_decision") if case.pupil_age < lim["parents_notified_below_age"]
                 else s("after.written_decision_adult"))
    steps += [s("after.objection_route"), s("after.copies"), s("after.unlawful_deregistration")]

    violations: list[Statement] = []
    deadlines: list[Deadline] = []
    if vo and case.mid_school_year and case.reason == "insufficient_progress":
        violations.append(s("violations.vo_mid_year_progress"))
    if vo and not case.other_school_found:
        violations.append(s("violations.vo_no_other_school"))
    if searches and not case.other_school_found:
        search_end = case.start + timedelta(weeks=lim["search_weeks"])
        deadlines.append(Deadline("search_end", s("deadlines.search_end"), search_end))
        if case.decision_date is not None and case.decision_date < search_end:
            violations.append(s("violations.search_too_short"))
    if case.unlawful_deregistration_found is not None:
        deadlines.append(Deadline("lpa_report", s("deadlines.lpa_report"), add_working_days(
            case.unlawful_deregistration_found, lim["lpa_report_working_days"], workdays, holidays)))

    notes = [s("after.no_objection_term"), s("principles.director_tells_parents")]
    if vo:
        notes += [s("vo.parents_refuse"), s("principles.rebound"), s("vo.currency")]
    if searches:   # the eight-week rule of the source has a successor in passend onderwijs
        notes.append(s("po.currency"))
    if case.school_type == "PO":   # about a primary school's pupil who needs special education
        notes.append(s("po.lpa_options"))
    if case.school_type == "SO":   # the source has no expulsion rules of its own for (V)SO
        notes.insert(0, s("so.no_rules"))
    return ExpulsionProcedure(steps, violations, notes, deadlines, closing())


# --- plain questions ----------------------------------------------------------------------

@dataclass(frozen=True)
class QuestionMatch:
    key: str                      # which question was recognised
    answer: list[Statement]
    dialogue: str | None          # dialogue to offer for the user's own case, if any
    closing: Statement
    length_school_days: int | None = None

    @property
    def statements(self) -> list[Statement]:
        return self.answer + [self.closing]


def _questions() -> Iterator[tuple[str, dict]]:
    for area in AREAS:
        for key, q in load_area(area).get("questions", {}).items():
            yield key, q


def _score(norm: str, triggers: list[list[str]]) -> int:
    padded = f" {norm} "
    best = 0
    for pattern in triggers:
        terms = [_normalise(t) for t in pattern]
        if terms and all(f" {t}" in padded for t in terms):
            best = max(best, sum(len(t) for t in terms))
    return best


_QUESTION_WORDS = frozenset("""
    wat wanneer wie hoe hoelang mag mogen moet moeten kan kunnen welke welk waarom waar is zijn
    heb hebben hebt wordt worden geldt gelden klopt
    what when who whom how can could may must should do does is are which why where will would
""".split())


def _looks_like_a_question(text: str, norm: str) -> bool:
    return "?" in text or norm.split()[0] in _QUESTION_WORDS


def match_question(text: str, lang: str) -> QuestionMatch | None:
    """A direct, sourced answer to a plain question, or None when unsure (never a guess).

    Only text that reads as a question is answered ("?" or a leading question word), except for
    entries marked `any_form` (an urgent disclosure needs an answer however it is phrased).
    Triggers of the user's language are tried first, then those of the other language. The
    question whose trigger matches the most text wins; a tie between questions gives None.
    """
    norm = _normalise(text)
    if not norm:
        return None
    is_question = _looks_like_a_question(text, norm)
    order = ("triggers_en", "triggers_nl") if lang == "en" else ("triggers_nl", "triggers_en")
    for field_name in order:
        scored = [(_score(norm, q.get(field_name, [])), key, q) for key, q in _questions()
                  if is_question or q.get("any_form", False)]
        scored = [item for item in scored if item[0] > 0]
        if not scored:
            continue
        scored.sort(key=lambda item: item[0], reverse=True)
        if len(scored) > 1 and scored[1][0] == scored[0][0] and scored[1][1] != scored[0][1]:
            return None
        _, key, q = scored[0]
        refs, length = q["answer"], None
        if "answer_over" in q:
            length = parse_length(text, lang)
            if length is not None:
                max_days = load_area("suspension")["limits"]["max_school_days"]
                refs = q["answer_over"] if length > max_days else q["answer_within"]
        return QuestionMatch(key=key, answer=_expand(refs), dialogue=q.get("dialogue"),
                             closing=closing(), length_school_days=length)
    return None
