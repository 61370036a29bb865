"""answer(topic, facts, lang): one decision from the facts, one voice in the reply.

The rules are data, one TOML file per topic under dialogues/knowledge/advice/ (see README there).
For a topic, the first [[rule]] whose `when` holds for the facts is the decision; every line of the
reply comes from that rule (and from the [[term]]s chosen by the same facts), so no sentence can
contradict the decision. A rule never applies outside its `when`: that is its scope.

Currency: a statement whose source says "current law" or "current practice" is not from the 2008-2013
documents. Such statements stand together, and the answer marks them once with one line, instead of
per statement; the documents' statements are cited by title, year, chapter and section.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from core.i18n import t
from core.knowledge import Statement

from .citations import Ref, cite_grouped, parse_source
from .consent import age_band
from .facts import POINT_TOPICS, Facts

ADVICE_DIR = Path(__file__).parent / "advice"
# The topic ids of the contract with the understanding side (CONTRACT.md), one file each; howto.*
# is answered from the command table, not here.
TOPICS: tuple[str, ...] = tuple(sorted(p.stem for p in ADVICE_DIR.glob("*.toml")))
# The ten questions of intern begeleiders in the Wegwijzer (chapter 4): "faq.1" .. "faq.10".
FAQ_DIR = ADVICE_DIR / "faq"
FAQ_TOPICS: tuple[str, ...] = tuple(sorted((p.stem for p in FAQ_DIR.glob("*.toml")),
                                           key=lambda name: int(name.split(".")[1])))
MAX_SHORT_LINES = 12
# Condition keys a rule may use, and the values each may take ("unknown" = the fact is not stated).
CONDITIONS: dict[str, tuple] = {
    "school_type": ("po", "so", "vo", "mbo", "unknown"),
    "age_band": ("under_12", "12_15", "16_17", "18_plus", "unknown"),
    "authority": ("both_parents", "one_parent", "guardian", "family_guardian", "pupil_adult", "unknown"),
    "consent": ("given", "refused", "no_objection", "objection", "withdrawn", "not_asked", "unknown"),
    "pupil_objects": (True, False, "unknown"),
    "over_max_days": (True, False, "unknown"),     # suspension_days > 5
    "acute_danger": (True, False),
    "disclosure": (True, False),
    "parents_avoid_help": (True, False),
    "discussed_in_zat": (True, False, "unknown"),
    "over_one_day": (True, False, "unknown"),      # suspension_days > 1
    "point": (*POINT_TOPICS, "unknown"),
    "self_harm": (True, False),
}
# Which Facts field a condition key reads (for `missing`).
FACT_OF = {"age_band": "age", "over_max_days": "suspension_days", "over_one_day": "suspension_days"}
_TERM = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


@dataclass(frozen=True)
class Advice:
    short: list[str]            # the phone-screen answer: the answer + 2-3 things to do (each a line)
    more: list[str]             # the full reasoning, shown on "meer"/"more"
    sources: list[str]          # citations as professionals know them (title, year, chapter/section)
    missing: tuple[str, ...]    # names of Facts fields that would change the answer and are unknown
    dialogue: str | None        # name of the dialogue that can ask for the missing facts, if any
    rule: str = ""              # "topic/rule id" of the decision, for tests and the coverage map
    current: bool = False       # the answer contains current law or practice (marked once)


def fact_values(facts: Facts) -> dict:
    """The facts as condition values; None becomes "unknown"."""
    def known(value):
        return "unknown" if value is None else value
    over = None if facts.suspension_days is None else facts.suspension_days > 5
    band = None if facts.age is None or facts.age < 0 else age_band(facts.age)
    return {
        "school_type": known(facts.school_type), "age_band": known(band),
        "authority": known(facts.authority), "consent": known(facts.consent),
        "pupil_objects": known(facts.pupil_objects), "over_max_days": known(over),
        "acute_danger": facts.acute_danger, "disclosure": facts.disclosure,
        "parents_avoid_help": facts.parents_avoid_help, "discussed_in_zat": known(facts.discussed_in_zat),
        "over_one_day": known(None if facts.suspension_days is None else facts.suspension_days > 1),
        "point": known(facts.point), "self_harm": facts.self_harm,
    }


def _holds(cond: dict, values: dict) -> bool:
    for key, want in cond.items():
        wanted = want if isinstance(want, list) else [want]
        if not any(type(w) is type(values[key]) and w == values[key] for w in wanted):
            return False
    return True


def applies(entry: dict, values: dict) -> bool:
    """`when` is a table (all keys hold) or a list of tables (any holds); no `when` always applies."""
    when = entry.get("when", {})
    return any(_holds(c, values) for c in when) if isinstance(when, list) else _holds(when, values)


def _check_when(where: str, when) -> None:
    for cond in when if isinstance(when, list) else [when]:
        for key, want in cond.items():
            if key not in CONDITIONS:
                raise ValueError(f"{where}: unknown condition {key!r}")
            for value in want if isinstance(want, list) else [want]:
                if not any(type(value) is type(v) and value == v for v in CONDITIONS[key]):
                    raise ValueError(f"{where}: {key} cannot be {value!r}")


def _lines(tables) -> tuple[Statement, ...]:
    out = []
    for table in tables or ():
        if not all(table.get(k) for k in ("nl", "en", "source")):
            raise ValueError(f"a line needs nl, en and source: {table!r}")
        parse_source(table["source"])       # raises when a reference is not checkable
        if set(_TERM.findall(table["nl"])) != set(_TERM.findall(table["en"])):
            raise ValueError(f"nl and en use different terms: {table!r}")
        out.append(Statement(table["nl"], table["en"], table["source"]))
    return tuple(out)


@cache
def topic_data(topic: str) -> dict:
    """The checked TOML of one topic: rules in order, the last without conditions."""
    path = (FAQ_DIR if topic in FAQ_TOPICS else ADVICE_DIR) / f"{topic}.toml"
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    if data.get("topic") != topic:
        raise ValueError(f"{path.name}: topic must be {topic!r}")
    rules = data.get("rule") or []
    if not rules or rules[-1].get("when"):
        raise ValueError(f"{topic}: the last rule must have no `when`, so every case gets an answer")
    for rule in rules:
        where = f"{topic}/{rule.get('id')}"
        _check_when(where, rule.get("when", {}))
        rule["_short"], rule["_more"] = _lines(rule.get("short")), _lines(rule.get("more"))
        if not rule["_short"]:
            raise ValueError(f"{where}: needs short lines")
        for name in rule.get("missing", []):
            if name not in Facts.__dataclass_fields__:
                raise ValueError(f"{where}: missing names an unknown fact {name!r}")
        for part in ("_short", "_more"):
            flags = [parse_source(line.source)[1] and not parse_source(line.source)[0]
                     for line in rule[part]]
            # current-only lines stand together, so the one marker covers exactly them
            if True in flags and flags.count(True) != _run_length(flags):
                raise ValueError(f"{where}: current-law lines in {part[1:]} must stand together")
    for term in data.get("term", []):
        _check_when(f"{topic}/term {term.get('name')}", term.get("when", {}))
        term["_line"] = _lines([term])[0] if term.get("nl") else Statement("", "", term.get("source", ""))
    return data


def facts_read(topic: str) -> frozenset[str]:
    """The Facts fields a topic's rules and terms read: a correction of any other fact cannot change it."""
    data = topic_data(topic)
    keys: set[str] = set()
    for entry in [*data.get("rule", []), *data.get("term", [])]:
        when = entry.get("when") or {}
        for part in (when if isinstance(when, list) else [when]):
            keys |= set(part)
    return frozenset(FACT_OF.get(key, key) for key in keys) & frozenset(Facts.__dataclass_fields__)


def _run_length(flags: list[bool]) -> int:
    first = flags.index(True)
    run = 0
    for flag in flags[first:]:
        if not flag:
            break
        run += 1
    return run


def rule_for(topic: str, facts: Facts) -> dict:
    values = fact_values(facts)
    return next(r for r in topic_data(topic)["rule"] if applies(r, values))


def _terms(topic: str, values: dict) -> dict[str, Statement]:
    chosen: dict[str, Statement] = {}
    for term in topic_data(topic).get("term", []):
        if term["name"] not in chosen and applies(term, values):
            chosen[term["name"]] = term["_line"]
    return chosen


def _current_only(line, terms: dict[str, Statement]) -> bool:
    """True when the line (with its terms) cites only current law or practice, no source line."""
    refs, current = parse_source(line.source)
    for part in [terms[name] for name in _TERM.findall(line.nl) if name in terms]:
        term_refs, term_current = parse_source(part.source) if part.source else ([], False)
        refs, current = refs + term_refs, current or term_current
    return current and not refs


def _render(lines, terms: dict[str, Statement], lang: str, sources: list[Ref],
            marker: str = "advice.current_marker") -> tuple[list[str], bool]:
    """The lines in `lang` with terms filled in; the current-law marker once before the current block.
    The marker heads what follows it, so a current block with lines from the sources after it goes last
    (the sources' lines are never read as "not from the sources"); "what to do now" (safety) stays first."""
    if marker == "advice.current_marker":
        current_at = [bool(line.source) and _current_only(line, terms) for line in lines]
        if any(current_at) and not all(current_at):
            lines = [line for line, c in zip(lines, current_at) if not c] + \
                    [line for line, c in zip(lines, current_at) if c]
    out, marked, any_current = [], False, False
    for line in lines:
        used = [terms[name] for name in _TERM.findall(line.nl) if name in terms]
        text = _TERM.sub(lambda m: terms[m.group(1)].text(lang) if m.group(1) in terms else "",
                         line.text(lang)).strip()
        if not text:
            continue          # a line made only of a term that does not apply to these facts
        refs, current = parse_source(line.source)
        for part in used:
            term_refs, term_current = parse_source(part.source) if part.source else ([], False)
            refs += term_refs
            current = current or term_current
        sources.extend(refs)
        if current and not refs:
            any_current = True
            if not marked:
                out.append(t(marker, lang))
                marked = True
        out.append(text)
    return out, any_current


def answer(topic: str, facts: Facts, lang: str) -> Advice | None:
    """The advice on `topic` (a contract topic id, or "faq.1".."faq.10") for these facts, or None for
    a topic this module does not answer (howto.* and unknown ids)."""
    if topic not in TOPICS and topic not in FAQ_TOPICS:
        return None
    lang = "en" if lang == "en" else "nl"
    rule = rule_for(topic, facts)
    values = fact_values(facts)
    terms = _terms(topic, values)
    refs: list[Ref] = []
    marker = "advice.current_marker_now" if rule.get("current_marker") == "now" else "advice.current_marker"
    short, short_current = _render(rule["_short"], terms, lang, refs, marker)
    short_sources = cite_grouped(refs, lang)
    more, more_current = _render(rule["_more"], terms, lang, refs)
    sources = cite_grouped(refs, lang)
    if short_sources:
        # the one source of the short answer: the heading its first statement stands under
        short.append(t("advice.source_line", lang, source=short_sources[0]))
    more = [t("advice.scope_line", lang, scope=scope_text(rule, lang))] + more if rule.get("when") else more
    if sources:
        more += [t("advice.sources_heading", lang)] + [f"- {s}" for s in sources]
    missing = tuple(name for name in rule.get("missing", []) if getattr(facts, name) is None)
    data = topic_data(topic)
    return Advice(short=short[:MAX_SHORT_LINES], more=more, sources=sources, missing=missing,
                  dialogue=data.get("dialogue") if missing else None, rule=f"{topic}/{rule['id']}",
                  current=short_current or more_current)


def faq_question(topic: str, lang: str) -> str:
    """The question itself of a Wegwijzer FAQ entry ("faq.9" -> "Wie moet het zorgteam ... voorzitten?")."""
    question = topic_data(topic)["question"]
    return question["en"] if lang == "en" else question["nl"]


def scope_text(rule: dict, lang: str) -> str:
    """To whom the rule applies, in words: the rule's own `scope` text."""
    scope = rule.get("scope")
    return (scope.get(lang) or scope["nl"]) if scope else t("advice.scope_everyone", lang)
