"""The README's console session of a whole meeting cycle (plan, register, agenda, run with a
correction, close, minutes) is run as written, so the example cannot drift from what zorgbot does."""
from __future__ import annotations

import re
from pathlib import Path

import os
import subprocess
import sys

from tests.test_console_meeting import part

README = Path(__file__).resolve().parent.parent / "README.md"


def readme_script() -> str:
    text = README.read_text(encoding="utf-8")
    block = re.search(r"<!-- meeting-cycle -->\n```\n(.*?)```\n<!-- /meeting-cycle -->", text, re.S)
    assert block, "the README lost its meeting-cycle example"
    return block.group(1)


#: whoever runs the example: a login that is no name in it (the example may not depend on it)
NEW_USER = "nieuwe-gebruiker"


def session(tmp_path, script: str) -> str:
    """The example typed into `zorgbot chat` by a new user, as the README says to run it."""
    env = {k: v for k, v in os.environ.items() if k != "ZORGBOT_CONSOLE_USER"}
    env.update(ZORGBOT_CONSOLE_USER=NEW_USER, ZORGBOT_DATA_DIR=str(tmp_path / "data"),
               PYTHONPATH=str(README.parent))     # this checkout's code (cwd is tmp_path)
    result = subprocess.run([sys.executable, "-m", "bot.cli", "chat", "--db", str(tmp_path / "z.db")],
                            input=script, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=180)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    return result.stdout


def test_the_readme_meeting_cycle_runs_as_written(tmp_path):
    out = session(tmp_path, readme_script())
    assert "geen lid van team" not in out        # every user in the example is a member (M6)
    assert "Traceback" not in out and "Sorry, daar ging bij mij iets mis" not in out
    assert "Een reeks: elke 3 weken, te beginnen dinsdag 1 december, 14:00." in out
    plan = part(out, f"» {NEW_USER}: !overleg plan", "» Ilse: !aanmelden")
    assert "Overgeslagen (schoolvakantie of vrije dag): dinsdag 22 december 2026" in plan     # kerstvakantie, midden
    assert "De reeks loopt tot en met vrijdag 16 juli 2027." in plan     # the day before midden's summer holiday
    agenda = part(out, "» Ilse: !agenda", "» Marleen: !agenda start")
    assert "anonieme casus A (nieuw)" in agenda and "Z-17" not in agenda      # no consent: not named
    meeting = part(out, "» Marleen: !agenda start", "» Marleen: !agenda sluit")
    assert "ouders bellen" in meeting and "nog te bevestigen" in meeting      # the unclear date did not block
    assert "Besluit 2 verwijderd; het staat niet meer in het verslag." in meeting
    question = part(out, "» Marleen: !agenda sluit", "» Marleen: ja")
    assert "Besproken (1): anonieme casus A (nieuw)" in question and "Besluiten: 1" in question
    assert "Voorgestelde vervolgacties:" in question
    minutes = part(part(out, "» Marleen: !agenda sluit"), "» Marleen: ja", "» Marleen: !notulen")
    assert "- eerst een huisbezoek door SMW" in minutes and "leerplicht inschakelen" not in minutes
    assert "huisbezoek plannen · Anna" in minutes and "ouders bellen · Ilse" in minutes
    assert "datum nog te bevestigen" in minutes
    assert "Acties met een datum die nog bevestigd moet worden:" in minutes
    assert "verslag-2026-12-01.md" in part(part(out, "» Marleen: !agenda sluit"), "» Marleen: !notulen")
