"""The held-out scenarios (scenarios_heldout.toml, scenarios_heldout2.toml), asked through the router as a
new user would in a fresh console room: the facts that must be there, what must not be said, and a first
reply that fits on a phone screen. A reviewer who knows the field grades the same answers; this keeps
them honest.

ZORGBOT_HELDOUT_STRICT=1 ignores `pick`: a list of topics as the first reply then fails, which gives
the strict figure (the first reply is the answer) the reports quote."""
from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

import pytest

FILES = ("scenarios_heldout.toml", "scenarios_heldout2.toml", "scenarios_heldout3.toml")
BY_FILE = {name: tomllib.loads((Path(__file__).parent / name).read_text(encoding="utf-8"))["scenario"]
           for name in FILES}
SCENARIOS = [scenario for name in FILES for scenario in BY_FILE[name]]
STRICT = os.environ.get("ZORGBOT_HELDOUT_STRICT") == "1"
# Never in a reply: development words, raw file names and line references in a first reply, and facts
# no member of these scenarios gave.
NEVER = ("seed", "DOMAIN.md", "extract", ".md", ".txt", "[000:", "[001:", "[002:", "[003:", "[004:", "TODO",
         "het kind zelf is de bron", "the child itself is the source", "the child is the source",
         "niet in het ZAT besproken", "nog niet in het zorgteam", "not been discussed in the ZAT",
         "not yet discussed",
         # an answer, not a guess at the topic
         "Ik weet niet zeker wat je bedoelt", "I am not sure what you mean", "Dat begrijp ik niet",
         "I don't understand")
CHOICE_LINE = re.compile(r"^\s+\d+\.\s")
MAX_LINES = 12


def _found(phrase: str, text: str) -> bool:
    return phrase.casefold() in text.casefold()


def problems(scenario: dict, out: str, more: str | None) -> list[str]:
    found = []
    found += [f"missing {p!r}" for p in scenario.get("must", []) if not _found(p, out)]
    found += [f"none of {group!r}" for group in scenario.get("any_of", []) if not any(_found(p, out) for p in group)]
    found += [f"says {p!r}" for p in (*scenario.get("must_not", []), *NEVER) if _found(p, out)]
    lines = [line for line in out.splitlines() if line.strip() and not CHOICE_LINE.match(line)]
    if len(lines) > scenario.get("max_lines", MAX_LINES):
        found.append(f"{len(lines)} lines")
    if more is not None:
        found += [f"details miss {p!r}" for p in scenario.get("more_must", []) if not _found(p, more)]
    return found


UNSURE = ("Ik weet niet zeker wat je bedoelt", "I am not sure what you mean")


def run(app, scenario: dict) -> tuple[str, str | None]:
    out = ""
    for turn in scenario["turns"]:
        out = app.text(turn)
    if scenario.get("pick") and not STRICT and any(phrase in out for phrase in UNSURE):
        offered = [line.strip() for line in out.splitlines() if CHOICE_LINE.match(line)]
        chosen = [line.split(".", 1)[0] for line in offered if scenario["pick"].casefold() in line.casefold()]
        assert chosen, f"{scenario['id']}: {scenario['pick']!r} is not offered\n{out}"
        out = app.text(chosen[0])
    more = app.text("more" if scenario["lang"] == "en" else "meer") if scenario.get("more_must") else None
    return out, more


def _case(scenario: dict):
    """A scenario with `known_gap` (why it still fails) is expected to fail, strictly: once it passes the
    test says so, and the gap comes off."""
    marks = [pytest.mark.xfail(strict=True, reason=scenario["known_gap"])] if scenario.get("known_gap") else []
    return pytest.param(scenario, id=scenario["id"], marks=marks)


@pytest.mark.parametrize("scenario", [_case(s) for s in SCENARIOS])
def test_heldout_scenario(request, scenario):
    app = request.getfixturevalue("app_en" if scenario["lang"] == "en" else "app")
    out, more = run(app, scenario)
    found = problems(scenario, out, more)
    assert not found, f"{scenario['id']}: {found}\n---\n{out}"


@pytest.mark.parametrize("name", FILES)
def test_there_are_enough_scenarios_in_both_languages(name):
    scenarios = BY_FILE[name]
    assert len(scenarios) >= 30
    assert {s["lang"] for s in scenarios} == {"nl", "en"}


def test_scenario_ids_are_unique_over_the_files():
    assert len({s["id"] for s in SCENARIOS}) == len(SCENARIOS)
