"""Consent (toestemming): the seed rules in consent.toml, and the pure functions that walk them.

No database and no chat I/O here. The decision table, the notes, who decides, the FAQ and the
letters are data in consent.toml; this module only reads and walks them:

- advise(questions)        the first [[decision]] rule whose conditions hold picks one of OPTIONS;
                           [[notes]] whose conditions hold add sourced statements to the advice.
- match_question(text)     plain-question matching against the FAQ triggers; None when unsure.
- letter(kind, lang, ...)  a written-consent request or a no-objection notice, placeholders filled.
- naming_allowed(...)      may a case be shown by name, given its consent record?
"""
from __future__ import annotations

import re
import string
from dataclasses import asdict, dataclass
from functools import cache

from core.knowledge import Statement, load_area
from core.policy import CONSENT_OPTIONS as OPTIONS, NAMING_RULES

AREA = "consent"

# OPTIONS: the four ways to discuss a pupil, in the seed's order of preference (003:L2835-2847,
# L6129-6133); declared in core.policy, which decides what they allow.
AGE_BANDS: tuple[str, ...] = ("under_12", "12_15", "16_17", "18_plus")
# Who holds parental authority (gezag), 003:L5988-6006, L6034-6046, L6093-6113.
AUTHORITIES: tuple[str, ...] = (
    "both_parents",        # ouderlijk gezag of both parents (also after divorce)
    "one_parent",          # one parent has sole authority; the other has none
    "parent_and_partner",  # gezamenlijk gezag: a parent with a non-parent
    "guardian",            # voogdij / gezamenlijke voogdij
    "supervision_order",   # ondertoezichtstelling: the parents keep authority, may be limited
    "none_known",          # not yet established
)
STANCES: tuple[str, ...] = ("will_consent", "no_objection", "object", "unknown")
LETTER_KINDS: tuple[str, ...] = ("written_consent", "no_objection")
# To whom a letter goes: the parents with authority, or the pupil from 16 (003:L2829-2833, L5134-5144).
LETTER_AUDIENCES: tuple[str, ...] = ("parents", "pupil")
NOTE_TARGETS: tuple[str, ...] = ("why", "may_share", "next_steps", "warnings")


def age_band(age: int) -> str:
    """The age band for a pupil's age in years (16 = "16_17": the pupil decides, 003:L2829-2833)."""
    if age < 0:
        raise ValueError(f"age must not be negative: {age}")
    if age < 12:
        return "under_12"
    if age < 16:
        return "12_15"
    if age < 18:
        return "16_17"
    return "18_plus"


@dataclass(frozen=True)
class ConsentQuestions:
    """The answers of the advice dialogue.

    `parents_informed` and `parents_stance` are about whoever decides: the parents with authority
    under 16, the pupil from 16 (003:L2829-2833, L5134-5144).
    """

    age_band: str
    authority: str
    parents_informed: bool
    parents_stance: str
    serious_concerns_refusal: bool   # serious concerns and the parents refuse all cooperation
    threatening_situation: bool      # threatening upbringing situation / harm to vital interests
    asking_endangers_pupil: bool     # the school is convinced asking would itself endanger the pupil
    pupil_refuses_parent_info: bool = False  # the pupil does not want (a) parent informed

    def __post_init__(self) -> None:
        for name, allowed in (("age_band", AGE_BANDS), ("authority", AUTHORITIES),
                              ("parents_stance", STANCES)):
            if getattr(self, name) not in allowed:
                raise ValueError(f"{name} must be one of {allowed}, not {getattr(self, name)!r}")
        for name in ("parents_informed", "serious_concerns_refusal", "threatening_situation",
                     "asking_endangers_pupil", "pupil_refuses_parent_info"):
            if not isinstance(getattr(self, name), bool):
                raise ValueError(f"{name} must be True or False")


@dataclass(frozen=True)
class ConsentAdvice:
    option: str                   # one of OPTIONS
    decider: Statement            # who must decide
    why: list[Statement]
    may_share: list[Statement]
    next_steps: list[Statement]
    needs_director: bool          # True only for without_consent
    warnings: list[Statement]
    rule: str = ""                # id of the [[decision]] rule that chose the option
    label: Statement | None = None

    def statements(self) -> list[Statement]:
        """Every statement in the advice, for display or checks."""
        lead = [self.label] if self.label else []
        return lead + [self.decider, *self.why, *self.may_share, *self.next_steps, *self.warnings]


@dataclass(frozen=True)
class OptionInfo:
    key: str
    rank: int
    label: Statement
    what_school_does: tuple[Statement, ...]
    may_share: tuple[Statement, ...]
    if_objection: tuple[Statement, ...]
    next_steps: tuple[Statement, ...]
    naming: str                   # one of NAMING_RULES
    naming_rule: Statement
    needs_director: bool


@dataclass(frozen=True)
class FaqEntry:
    id: str
    question: Statement
    answer: tuple[Statement, ...]
    triggers_nl: tuple[str, ...]
    triggers_en: tuple[str, ...]
    starts_advice: bool = False   # the question is answered by the advice dialogue, not by text
    related: tuple[str, ...] = ()
    letters: tuple[str, ...] = ()

    def triggers(self, lang: str) -> tuple[str, ...]:
        return self.triggers_en if lang == "en" else self.triggers_nl


# --------------------------------------------------------------------------------------------
# Loading and checking the data
# --------------------------------------------------------------------------------------------

_FACT_VALUES: dict[str, tuple] = {
    "age_band": AGE_BANDS,
    "authority": AUTHORITIES,
    "parents_informed": (True, False),
    "parents_stance": STANCES,
    "serious_concerns_refusal": (True, False),
    "threatening_situation": (True, False),
    "asking_endangers_pupil": (True, False),
    "pupil_refuses_parent_info": (True, False),
    "option": OPTIONS,            # notes only: the option the decision chose
}


def _statements(tables) -> tuple[Statement, ...]:
    return tuple(Statement.from_table(t) for t in tables or ())


def _check_condition(where: str, cond: dict, allow_option: bool) -> None:
    if not isinstance(cond, dict):
        raise ValueError(f"{where}: condition must be a table")
    for key, want in cond.items():
        if key not in _FACT_VALUES or (key == "option" and not allow_option):
            raise ValueError(f"{where}: unknown condition {key!r}")
        for value in want if isinstance(want, list) else [want]:
            # bool is a subclass of int; compare types so `true` never matches a string list.
            if not any(type(value) is type(v) and value == v for v in _FACT_VALUES[key]):
                raise ValueError(f"{where}: {key} cannot be {value!r}")


def _matches(cond: dict, facts: dict) -> bool:
    """All keys of `cond` hold; a list value means "one of"."""
    for key, want in cond.items():
        have = facts[key]
        if isinstance(want, list):
            if have not in want:
                return False
        elif have != want:
            return False
    return True


def _applies(entry: dict, facts: dict) -> bool:
    unless = entry.get("unless")
    return _matches(entry.get("when", {}), facts) and not (unless and _matches(unless, facts))


@cache
def _data() -> dict:
    """consent.toml, checked once: every option, rule, note and decider is complete and valid."""
    data = load_area(AREA)
    if tuple(sorted(data["options"], key=lambda k: data["options"][k]["rank"])) != OPTIONS:
        raise ValueError(f"consent.toml options must be {OPTIONS} in rank order")
    for key, opt in data["options"].items():
        if opt.get("naming") not in NAMING_RULES:
            raise ValueError(f"option {key}: naming must be one of {NAMING_RULES}")
    rules = data["decision"]
    for rule in rules:
        if rule.get("option") not in OPTIONS:
            raise ValueError(f"decision {rule.get('id')}: unknown option {rule.get('option')!r}")
        if not rule.get("why"):
            raise ValueError(f"decision {rule.get('id')}: needs at least one sourced `why`")
        _check_condition(f"decision {rule['id']}", rule.get("when", {}), allow_option=False)
        _check_condition(f"decision {rule['id']}", rule.get("unless", {}), allow_option=False)
    if rules[-1].get("when") or rules[-1].get("unless"):
        raise ValueError("the last decision rule must have no conditions, so every case gets advice")
    for note in data["notes"]:
        if note.get("target") not in NOTE_TARGETS:
            raise ValueError(f"note {note.get('id')}: target must be one of {NOTE_TARGETS}")
        _check_condition(f"note {note['id']}", note.get("when", {}), allow_option=True)
        _check_condition(f"note {note['id']}", note.get("unless", {}), allow_option=True)
    for key, opt in data["options"].items():
        for part in ("what_school_does", "may_share", "if_objection", "next_steps"):
            for table in opt.get(part, ()):
                _check_condition(f"option {key}.{part}", table.get("when", {}), allow_option=False)
                _check_condition(f"option {key}.{part}", table.get("unless", {}), allow_option=False)
    deciders = data["decider"]
    if "without_consent" not in deciders:
        raise ValueError("decider.without_consent is required: the director decides on that option")
    if set(deciders["authority"]) != set(AUTHORITIES):
        raise ValueError(f"decider.authority must cover {AUTHORITIES}")
    if not {"16_17", "18_plus"} <= set(deciders["age_band"]) <= set(AGE_BANDS):
        raise ValueError("decider.age_band must cover 16_17 and 18_plus")
    if set(data["letters"]) != {_template_key(k, a) for k in LETTER_KINDS for a in LETTER_AUDIENCES}:
        raise ValueError(f"letters must be {LETTER_KINDS}, each for {LETTER_AUDIENCES}")
    for kind in LETTER_KINDS:
        for audience in LETTER_AUDIENCES:
            _letter_fields(data, kind, audience)  # raises if nl and en differ in placeholders
    return data


@cache
def options() -> dict[str, OptionInfo]:
    """The four options with what the school does, what may be shared, next steps, naming rule."""
    out = {}
    for key in OPTIONS:
        t = _data()["options"][key]
        out[key] = OptionInfo(
            key=key,
            rank=t["rank"],
            label=Statement.from_table(t["label"]),
            what_school_does=_statements(t.get("what_school_does")),
            may_share=_statements(t.get("may_share")),
            if_objection=_statements(t.get("if_objection")),
            next_steps=_statements(t.get("next_steps")),
            naming=t["naming"],
            naming_rule=Statement.from_table(t["naming_rule"]),
            needs_director=bool(t["needs_director"]),
        )
    return out


@cache
def faq_entries() -> tuple[FaqEntry, ...]:
    entries = []
    for t in _data()["faq"]:
        starts_advice = bool(t.get("starts_advice", False))
        answer = _statements(t.get("answer"))
        if not answer and not starts_advice:
            raise ValueError(f"faq {t['id']}: needs an answer or starts_advice = true")
        entries.append(FaqEntry(
            id=t["id"],
            question=Statement.from_table(t["question"]),
            answer=answer,
            triggers_nl=tuple(t["triggers"]["nl"]),
            triggers_en=tuple(t["triggers"]["en"]),
            starts_advice=starts_advice,
            related=tuple(t.get("related", ())),
            letters=tuple(t.get("letters", ())),
        ))
    ids = [e.id for e in entries]
    if len(set(ids)) != len(ids):
        raise ValueError("faq ids must be unique")
    return tuple(entries)


def faq_entry(faq_id: str) -> FaqEntry:
    for entry in faq_entries():
        if entry.id == faq_id:
            return entry
    raise KeyError(faq_id)


def successor(key: str) -> Statement:
    """A successor note: "wbp", "amk" or "bjz"."""
    return Statement.from_table(_data()["successors"][key])


def record_fields() -> tuple[tuple[str, Statement], ...]:
    """Minimum content of a consent record, as (key, description) pairs."""
    return tuple((t["key"], Statement.from_table(t)) for t in _data()["record"]["fields"])


# --------------------------------------------------------------------------------------------
# The decision model
# --------------------------------------------------------------------------------------------

def decider(q: ConsentQuestions, option: str | None = None) -> Statement:
    """Who decides: on a discussion without consent the director (003:L2948-2956); otherwise the
    pupil from 16 (003:L2829-2833), else the holders of authority."""
    deciders = _data()["decider"]
    if option == "without_consent":
        return Statement.from_table(deciders["without_consent"])
    if q.age_band in deciders["age_band"]:
        return Statement.from_table(deciders["age_band"][q.age_band])
    return Statement.from_table(deciders["authority"][q.authority])


def advise(q: ConsentQuestions) -> ConsentAdvice:
    """Walk the [[decision]] rules in order; the first that applies picks the option."""
    data = _data()
    facts = asdict(q)
    rule = next(r for r in data["decision"] if _applies(r, facts))
    option = options()[rule["option"]]
    facts["option"] = option.key

    added: dict[str, list[Statement]] = {t: [] for t in NOTE_TARGETS}
    first: dict[str, list[Statement]] = {t: [] for t in NOTE_TARGETS}
    for note in data["notes"]:
        if _applies(note, facts):
            (first if note.get("first") else added)[note["target"]].append(Statement.from_table(note))

    def scoped(tables) -> list[Statement]:
        """An option's statements that apply to these facts: some address the parents and hold only
        under 16, their counterparts address the pupil from 16 (`when` / `unless` in consent.toml)."""
        return [Statement.from_table(t) for t in tables or () if _applies(t, facts)]

    raw = data["options"][option.key]

    def part(target: str, *middle) -> list[Statement]:
        out = list(first[target])
        for group in middle:
            out.extend(group)
        out.extend(added[target])
        return out

    return ConsentAdvice(
        option=option.key,
        decider=decider(q, option.key),
        why=part("why", _statements(rule["why"])),
        may_share=part("may_share", scoped(raw.get("may_share"))),
        next_steps=part("next_steps", scoped(rule.get("next_steps")), scoped(raw.get("next_steps"))),
        needs_director=option.needs_director,
        warnings=part("warnings"),
        rule=rule["id"],
        label=option.label,
    )


# --------------------------------------------------------------------------------------------
# FAQ matching
# --------------------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("'", "").replace("\u2019", ""))


def _trigger_hits(trigger: list[str], words: set[str]) -> bool:
    """Every word of the trigger occurs in the question; "stem*" matches words starting with stem."""
    for token in trigger:
        if token.endswith("*"):
            if not any(w.startswith(token[:-1]) for w in words):
                return False
        elif token not in words:
            return False
    return True


def _best(text: str, lang: str) -> FaqEntry | None:
    words = set(_words(text))
    scores: dict[str, int] = {}
    for entry in faq_entries():
        for trigger in entry.triggers(lang):
            tokens = trigger.lower().split()
            if _trigger_hits(tokens, words):
                scores[entry.id] = max(scores.get(entry.id, 0), len(tokens))
    if not scores:
        return None
    top = max(scores.values())
    winners = [i for i, s in scores.items() if s == top]
    if len(winners) != 1:
        return None  # two different questions fit equally well: do not guess
    return faq_entry(winners[0])


def match_question(text: str, lang: str) -> FaqEntry | None:
    """The FAQ entry a plain question asks about, or None when nothing (or more than one) fits.

    The most specific trigger (most words) wins; a tie between different entries gives None.
    Triggers of the user's language are tried first, then those of the other language.
    """
    lang = "en" if lang == "en" else "nl"
    found = _best(text, lang)
    if found is None:
        found = _best(text, "nl" if lang == "en" else "en")
    return found


# --------------------------------------------------------------------------------------------
# Letters
# --------------------------------------------------------------------------------------------

def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _template_key(kind: str, audience: str) -> str:
    return kind if audience == "parents" else f"{kind}_{audience}"


def letter_fields(kind: str, audience: str = "parents") -> tuple[str, ...]:
    """The placeholder names a letter needs (the same in both languages)."""
    return _letter_fields(_data(), kind, audience)


def _letter_fields(data: dict, kind: str, audience: str = "parents") -> tuple[str, ...]:
    if kind not in LETTER_KINDS:
        raise ValueError(f"letter kind must be one of {LETTER_KINDS}, not {kind!r}")
    if audience not in LETTER_AUDIENCES:
        raise ValueError(f"letter audience must be one of {LETTER_AUDIENCES}, not {audience!r}")
    table = data["letters"][_template_key(kind, audience)]
    nl, en = _placeholders(table["nl"]), _placeholders(table["en"])
    if nl != en:
        raise ValueError(f"letter {kind}: nl and en placeholders differ: {sorted(nl ^ en)}")
    return tuple(sorted(nl))


def letter_source(kind: str, audience: str = "parents") -> str:
    letter_fields(kind, audience)
    return _data()["letters"][_template_key(kind, audience)]["source"]


def _join(items, lang: str) -> str:
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    last = " and " if lang == "en" else " en "
    return ", ".join(items[:-1]) + last + items[-1]


def letter(kind: str, lang: str, audience: str = "parents", **fields) -> str:
    """A written-consent request or no-objection notice with every placeholder filled.

    List or tuple values (e.g. partners) are joined ("a, b and c"). Missing, empty or unknown
    fields raise ValueError, so a letter never goes out half-filled.
    """
    needed = set(letter_fields(kind, audience))
    missing = sorted(needed - fields.keys())
    unknown = sorted(fields.keys() - needed)
    if missing or unknown:
        raise ValueError(f"letter {kind}: missing {missing}, unknown {unknown}; needs {sorted(needed)}")
    values = {}
    for key, value in fields.items():
        text = _join(value, lang) if isinstance(value, (list, tuple)) else str(value)
        if not text.strip():
            raise ValueError(f"letter {kind}: field {key} is empty")
        values[key] = text
    template = Statement.from_table(_data()["letters"][_template_key(kind, audience)]).text(lang)
    return template.format(**values).strip() + "\n"
