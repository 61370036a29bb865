"""A whole meeting in a scripted console session, in Dutch and in English: plan a series, register two
cases (one with written consent, one anonymous), the agenda as the scheduler sends it (names only where
consent allows), run the meeting with decisions and actions, close, and the minutes, the follow-up
actions and their reminders. Then `zorgbot chat` as a real process, stopped in the middle of a meeting
and started again: it resumes at the same item.

Each session runs `zorgbot chat` as a real process with a script on standard input; `/klok` sets and
moves the console's clock and delivers what falls due on the way, so the output is the same on any day.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SCRIPT_NL = """\
/klok 2026-11-25 09:30
!team lid Ilse ib
!team lid Anna smw
!team lid Piet jgz
# a series, every three weeks on Tuesday 14:00
!overleg plan
dinsdag 1 december 14:00
elke 3 weken
Teamkamer
ja
# Z-17 with written consent
!toestemming vastleggen Z-17
1
schriftelijk
ouders
20-11-2026
SMW, JGZ
beide
ja
-
ja
/als Ilse
!aanmelden Z-17
Hoe ga ik om met zijn driftbuien?
Wat kunnen we thuis doen?
-
Driftbuien in de klas
Prikkelverwerking
-
-
-
Sportief en behulpzaam
Time-out plek, weinig effect
-
ja
# Z-20 without any consent: anonymous
/als Anna
!aanmelden Z-20
Zorgen om verzuim
-
-
Veel afwezig op maandag
Onduidelijk
-
-
-
-
-
-
ja
# Thursday: the agenda goes out, three working days before
/klok +1d
# Tuesday afternoon: the morning agenda, then the meeting
/klok 2026-12-01 14:30
/als Marleen
!agenda start
/als Ilse
aanwezig
/als Anna
aanwezig
/als Marleen
afwezig: Piet
!volgende
/als Anna
notitie: moeder werkt in ploegendienst
/als Marleen
!volgende
/als Ilse
besluit: eerst een huisbezoek door SMW
/als Marleen
!volgende
!volgende
/als Ilse
actie: @anna huisbezoek plannen vrijdag
actie: ik gesprek met de leerkracht volgende week woensdag
/als Marleen
coördinator: Anna
contactpersoon: Ilse
terugkoppeling ouders: Ilse
terugkoppeling leerkracht: Ilse
verwijsindex: nee
evaluatie: 12 januari
!volgende
/als Anna
!volgende
/als Marleen
!volgende
besluit: leerplicht vragen mee te kijken
samenvatting: verzuim op maandagen, oorzaak onbekend
!volgende punt
!agenda sluit
ja
!notulen html
!acties team
# the next week: the reminders of the talk with the parents
/klok +1w
"""

SCRIPT_EN = """\
/clock 2026-11-25 09:30
!team member Ilse ib
!team member Anna smw
!meeting plan
Tuesday 1 December 14:00
every 3 weeks
Staff room
yes
!consent record Z-17
1
1
1
20-11-2026
SMW, JGZ
3
1
-
1
/as Ilse
!refer Z-17
How do I handle his outbursts?
What can we do at home?
-
Outbursts in class
Sensory processing
-
-
-
Sporty
Time-out corner, little effect
-
yes
/as Anna
!refer Z-20
Worries about absence
-
-
Often absent on Mondays
Unclear
-
-
-
-
-
-
yes
/clock +1d
/clock 2026-12-01 14:30
/as Marleen
!agenda start
/as Ilse
present
/as Marleen
!next
decision: home visit by the social worker first
/as Ilse
action: @anna plan the home visit Friday
/as Marleen
coordinator: Anna
contact: Ilse
feedback parents: Ilse
feedback teacher: Ilse
reference index: no
!next item
decision: ask the attendance officer to join
!next item
!agenda close
yes
!actions team
"""


ROOT = str(Path(__file__).resolve().parent.parent)


def chat(tmp_path, script: str, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, ZORGBOT_CONSOLE_USER="Marleen", ZORGBOT_DATA_DIR=str(tmp_path / "data"),
               PYTHONPATH=ROOT)      # this checkout's code, also when run from elsewhere (cwd is tmp_path)
    return subprocess.run([sys.executable, "-m", "bot.cli", *args, "chat", "--db", str(tmp_path / "z.db")],
                          input=script, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=180)


def session(tmp_path, script: str, *args: str) -> str:
    result = chat(tmp_path, script, *args)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def part(out: str, start: str, end: str | None = None) -> str:
    text = out.split(start, 1)[1]
    return text.split(end, 1)[0] if end else text


def test_a_whole_meeting_in_dutch(tmp_path):
    out = session(tmp_path, SCRIPT_NL)
    assert "Traceback" not in out
    planned = part(out, "» Marleen: ja", "» Marleen: !toestemming")
    assert "Uitnodiging voor het overleg van Demoteam:" in planned
    assert "Een reeks: elke 3 weken, te beginnen dinsdag 1 december, 14:00." in planned
    [saved] = list((tmp_path / "data" / "files").glob("overleg-reeks-*.ics"))
    assert saved.name in planned and saved.read_bytes().startswith(b"BEGIN:VCALENDAR")

    registered = part(out, "» Ilse: !aanmelden Z-17", "» Anna: !aanmelden Z-20")
    assert "Aangemeld voor het overleg van dinsdag 1 december, 14:00: punt 1, Z-17 (nieuw)." in registered
    assert "Ilse: vóór het overleg een gesprek met de ouders (003:L2360-2370)." in registered
    anonymous = part(out, "» Anna: !aanmelden Z-20", "» Anna: /klok +1d")
    assert "punt 2, anonieme casus B (nieuw)" in anonymous

    # The agenda as sent on Thursday: names only where consent allows, the brief per case.
    sent = part(out, "» Anna: /klok +1d", "» Anna: /klok 2026-12-01 14:30")
    assert "Agenda voor het overleg van Demoteam, dinsdag 1 december, 14:00 · Teamkamer." in sent
    assert "1. Z-17 (nieuw)" in sent and "2. anonieme casus B (nieuw)" in sent and "Z-20" not in sent
    assert "Aanleiding: Driftbuien in de klas" in sent and "Aanleiding: Veel afwezig op maandag" in sent
    morning = part(out, "» Anna: /klok 2026-12-01 14:30", "» Marleen: !agenda start")
    assert "Vandaag overleg van Demoteam: dinsdag 1 december, 14:00 · Teamkamer. De agenda:" in morning

    meeting = part(out, "» Marleen: !agenda start", "» Marleen: !agenda sluit")
    assert "Afgemeld: Piet" in meeting
    assert "Niet aanwezig uit de minimale bezetting: jeugdarts / jeugdverpleegkundige (JGZ)" in meeting
    assert "Stap 1, snelle ronde" in meeting and "Stap 2, analyse" in meeting
    assert "Alleen de voorzitter of wie de voorzitter aanwijst leidt het overleg: Marleen." in meeting
    assert "Actie #3 vastgelegd voor Anna: huisbezoek plannen (Z-17), uiterlijk vrijdag 4 december, 17:00." \
        in meeting
    assert "Anna is casuscoördinator voor punt 1." in meeting

    minutes = part(out, "» Marleen: ja", "» Marleen: !notulen html")
    assert "# Verslag Demoteam, dinsdag 1 december, 14:00" in minutes
    assert "Aanwezig: Marleen, Ilse en Anna" in minutes
    assert "## 1. Z-17 (nieuw)" in minutes
    assert "*ronde:* moeder werkt in ploegendienst" in minutes
    assert "- eerst een huisbezoek door SMW" in minutes
    assert "- #3 huisbezoek plannen · Anna · vrijdag 4 december, 17:00" in minutes
    assert "- #4 gesprek met de leerkracht · Ilse · woensdag 9 december, 17:00" in minutes
    assert "- Casuscoördinator: Anna" in minutes and "- Verwijsindex: nee" in minutes
    assert "Vervolg: dinsdag 12 januari 2027" in minutes
    assert "## 2. anonieme casus B (nieuw)" in minutes and "- leerplicht vragen mee te kijken" in minutes
    assert "**Samenvatting:** verzuim op maandagen, oorzaak onbekend" in minutes
    assert "Vervolg: volgend overleg (dinsdag 22 december, 14:00)" in minutes
    assert "## Na het overleg" in minutes
    assert "Gesprek met de ouders na het overleg" in minutes and "· Ilse · dinsdag 8 december, 17:00 (Z-17)" in minutes
    assert "· Ilse · dinsdag 8 december, 17:00 (anonieme casus B)" in minutes
    assert "nazorg" in minutes and "· Anna · maandag 1 maart, 17:00 (Z-17)" in minutes
    assert "4 vervolgtaken aangemaakt" in minutes
    assert (tmp_path / "data" / "files" / "verslag-2026-12-01.md").exists()
    assert (tmp_path / "data" / "files" / "verslag-2026-12-01.html").read_text().startswith("<!DOCTYPE html>")

    listing = part(out, "» Marleen: !acties team", "» Marleen: /klok +1w")
    assert "Gesprek met de ouders na het overleg" in listing and "nazorg" in listing
    reminders = part(out, "» Marleen: /klok +1w")
    assert "Ilse, vandaag is de deadline van actie #5 Gesprek met de ouders na het overleg" in reminders


def test_a_whole_meeting_in_english(tmp_path):
    out = session(tmp_path, SCRIPT_EN, "--lang", "en")
    assert "Traceback" not in out
    assert "Invitation to the meeting of Demo team:" in out or "Invitation to the meeting of" in out
    assert "Registered for the meeting of Tuesday 1 December, 14:00: item 1, Z-17 (new)." in out
    assert "item 2, anonymous case B (new)" in out
    sent = part(out, "» Anna: /clock +1d", "» Anna: /clock 2026-12-01 14:30")
    assert "Agenda for the meeting of" in sent and "1. Z-17 (new)" in sent and "2. anonymous case B (new)" in sent
    assert "Z-20" not in sent and "Reason: Outbursts in class" in sent
    minutes = part(out, "» Marleen: yes", "» Marleen: !actions team")
    assert "## 1. Z-17 (new)" in minutes and "- home visit by the social worker first" in minutes
    assert "- #3 plan the home visit · Anna · Friday 4 December, 17:00" in minutes
    assert "- Case coordinator: Anna" in minutes and "- Verwijsindex: no" in minutes
    assert "## 2. anonymous case B (new)" in minutes and "- ask the attendance officer to join" in minutes
    assert "## After the meeting" in minutes and "Talk with the parents after the meeting" in minutes
    listing = part(out, "» Marleen: !actions team")
    assert "Talk with the parents after the meeting" in listing


# -- the real program, stopped in the middle of a meeting --------------------------------------------------
def test_zorgbot_chat_resumes_a_meeting_after_a_restart(tmp_path):
    first = chat(tmp_path, """/klok 2026-11-25 09:30
!team lid Ilse ib
!overleg plan
dinsdag 1 december 14:00
eenmalig
Teamkamer
ja
/als Ilse
!aanmelden Z-5
vraag
-
-
aanleiding
kern
-
-
-
-
-
-
ja
/klok 2026-12-01 14:05
/als Marleen
!agenda start
!volgende
besluit: eerst observeren
""")
    assert first.returncode == 0, first.stderr
    assert "Punt 1 van 1: anonieme casus A (nieuw)" in first.stdout
    assert "Besluit vastgelegd bij punt 1." in first.stdout

    second = chat(tmp_path, """/klok 2026-12-01 14:40
!agenda
besluit: daarna een gesprek met de ouders
!volgende
!agenda sluit
ja
""")
    assert second.returncode == 0, second.stderr
    assert "Nu: punt 1 van 1, anonieme casus A (nieuw), stap: ronde." in second.stdout
    assert "Besluit vastgelegd bij punt 1." in second.stdout
    assert "Stap 2, analyse" in second.stdout
    assert "- eerst observeren\n- daarna een gesprek met de ouders" in second.stdout
    assert "Traceback" not in first.stderr + second.stderr
