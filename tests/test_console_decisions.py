"""!besluiten / !decisions during a meeting, in a console session as a newcomer would run it: each
decision reads "N. <case>: <decision as typed>", never a bracket inside a bracket ("(Z-17 (nieuw))"),
and the anonymous case shows by its own letter, not its code. Runs the meeting scripts of
test_console_meeting.py up to the second item, then adds a decision with brackets of its own."""
from __future__ import annotations

import re

from tests.test_console_meeting import SCRIPT_EN, SCRIPT_NL, part, session

NESTED = re.compile(r"\([^()]*\(|\[[^\]]*\(")       # "( ... (" or "[ ... (": one bracket opened in another


def _until(script: str, marker: str, extra: str) -> str:
    return script.split(marker, 1)[0] + extra


def test_decisions_list_reads_cleanly_in_dutch(tmp_path):
    script = _until(SCRIPT_NL, "!volgende punt", "besluit: verzuim (maandag) bespreken\n!besluiten\n")
    listing = part(session(tmp_path, script), "» Marleen: !besluiten")
    lines = listing.strip().splitlines()
    assert lines[0] == "Besluiten in dit overleg:"
    assert "1. Z-17: eerst een huisbezoek door SMW" in lines
    assert "2. anonieme casus B: leerplicht vragen mee te kijken" in lines
    assert "3. anonieme casus B: verzuim (maandag) bespreken" in lines      # the decision's own brackets stay
    assert "Z-20" not in listing
    assert not any(NESTED.search(line) for line in lines), listing


def test_decisions_list_reads_cleanly_in_english(tmp_path):
    script = _until(SCRIPT_EN, "!next item\n!agenda close", "!decisions\n")
    listing = part(session(tmp_path, script, "--lang", "en"), "» Marleen: !decisions")
    lines = listing.strip().splitlines()
    assert lines[0] == "Decisions in this meeting:"
    assert "1. Z-17: home visit by the social worker first" in lines
    assert "2. anonymous case B: ask the attendance officer to join" in lines
    assert not any(NESTED.search(line) for line in lines), listing
