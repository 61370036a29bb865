"""A scripted console session with actions: register in both languages, list, complete, snooze, let
one become overdue, and see the reminders and the chair's overview appear as the clock moves.

The session runs `zorgbot chat` as a newcomer would, with a script on standard input; `/klok` sets
and moves the console's clock and delivers what falls due on the way.
"""
from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """\
/klok 2026-11-25 09:30
!team lid Anna smw
!team lid Ilse ib
# three actions, in Dutch and in English
!actie @anna huisbezoek plannen Z-17 vrijdag
!action me call the parents Z-17 next Tuesday
/als Ilse
!taal en
!action me write the report Z-20 tomorrow 12:00
/als Marleen
!acties team
/als Anna
!klaar 1
!acties
/als Marleen
!uitstel 2 maandag
/klok +2d
!acties te laat
"""


def test_actions_reminders_and_the_chair_overview_in_a_console_session(tmp_path):
    env = dict(os.environ, ZORGBOT_CONSOLE_USER="Marleen", ZORGBOT_DATA_DIR=str(tmp_path / "data"))
    result = subprocess.run([sys.executable, "-m", "bot.cli", "chat", "--db", str(tmp_path / "z.db")],
                            input=SCRIPT, capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    before, after = out.split("» Marleen: /klok +2d")

    assert "Actie #1 vastgelegd voor Anna: huisbezoek plannen (anonieme casus A), uiterlijk vrijdag 27 november, 17:00." \
        in before
    # typed with the English command: answered in English (the Dutch !acties after it in Dutch again)
    assert "Action #2 recorded for Marleen: call the parents (anonymous case A), due Tuesday 1 December" in before
    assert "There are now 2 open actions for anonymous case A" in before          # the coordinator question
    assert "Action #3 recorded for Ilse: write the report (anonymous case B), due Thursday 26 November, 12:00." \
        in before
    assert "Actie #1 is klaar." in before
    assert "Herinneringen voor actie #2 uitgesteld tot maandag 30 november, 17:00" in before

    # Two days later: Thursday's due-day reminder and Friday's overdue reminder for Ilse, and the
    # chair's overview on Friday; nothing for the completed action or the snoozed one.
    assert "Ilse, vandaag is de deadline van actie #3 write the report (anonieme casus B) (om 12:00)." in after
    assert "Ilse, actie #3 write the report (anonieme casus B) is over tijd" in after
    assert "Dagoverzicht voor de voorzitter (Marleen): 1 actie over tijd." in after
    assert "actie #1" not in after.casefold() and "actie #2" not in after.casefold()
    assert "Verlaat" not in after                                               # everything on time
    # two anonymous cases (no consent, so no codes) never read the same: each keeps its own letter
    team_list = before.split("» Marleen: !acties team")[1].split("» ")[0]
    assert "(anonieme casus A) · Anna" in team_list and "(anonieme casus B) · Ilse" in team_list
    assert "(anonieme casus)" not in out and "Z-17" not in team_list and "Z-20" not in team_list
    overdue_list = after.split("» Marleen: !acties te laat")[1]
    assert "#3 write the report (anonieme casus B) · Ilse · donderdag 26 november, 12:00 · over tijd" in overdue_list
