"""The advice tester's fixed questions (scenarios_probe_advice.toml), asked as a new user in a fresh console
room, with the checks of the held-out scenarios (what must be said, what must not, a phone-sized reply)."""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tests.dialogues.test_heldout_scenarios import SCENARIOS as HELDOUT, UNSURE, problems, run

SCENARIOS = tomllib.loads((Path(__file__).parent / "scenarios_probe_advice.toml").read_text(encoding="utf-8"))[
    "scenario"]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["id"] for s in SCENARIOS])
def test_probe_advice_scenario(request, scenario):
    app = request.getfixturevalue("app_en" if scenario["lang"] == "en" else "app")
    out, more = run(app, scenario)
    found = problems(scenario, out, more)
    if scenario.get("choices_ok"):      # a look-alike of danger: a list of topics is fine, a false alarm is not
        found = [f for f in found if not any(phrase in f for phrase in UNSURE)]
    assert not found, f"{scenario['id']}: {found}\n---\n{out}"


def test_ids_are_unique_and_not_the_heldout_ones():
    ids = [s["id"] for s in SCENARIOS]
    assert len(set(ids)) == len(ids) and not set(ids) & {s["id"] for s in HELDOUT}
    assert {s["lang"] for s in SCENARIOS} == {"nl", "en"}
