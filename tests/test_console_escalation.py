"""A scripted console session per language that runs each escalation dialogue once, as `zorgbot chat`
reads it from a file. Dates come from the real clock here, so only date-free text is checked."""
import os
import subprocess
import sys


def chat(tmp_path, script: str, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, ZORGBOT_CONSOLE_USER="Marleen", ZORGBOT_DATA_DIR=str(tmp_path / "data"))
    return subprocess.run([sys.executable, "-m", "bot.cli", *args, "chat", "--db", str(tmp_path / "z.db")],
                          input=script, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)


SCRIPT_NL = """# Veilig Thuis: ouders mijden hulp, besproken in het ZAT -> zorgmelding, checklist als acties
!amk Z-17
1
nee
ja
ja
meer
2
# Schorsing van twee weken in het VO: breekt de regel
!schorsing
-
VO
14
twee weken
morgen
nee
nee
nee
meer
2
# Verwijdering in het PO zonder andere school: zoekplicht van acht weken
!verwijdering Z-4
PO
10
gedrag
nee
vandaag
-
meer
1
!meldcode Z-17 stap 2
!route crisis
moet de inspectie het weten?
"""

SCRIPT_EN = """!escalate
-
suspected abuse
yes
more
3
!suspension Z-9
primary
9
3 days
tomorrow
yes
no
no
more
3
!expulsion
-
secondary
15
behaviour
yes
more
1
!reportingcode
!route police
who reports to Veilig Thuis?
"""


def test_dutch_session_runs_each_escalation_dialogue(tmp_path):
    result = chat(tmp_path, SCRIPT_NL)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Traceback" not in result.stderr
    # Veilig Thuis
    assert "Zorgmelding bij Bureau Jeugdzorg (nu: gemeente / gecertificeerde instelling)" in out
    assert "Vastgelegd: Escalatie-advies (Veilig Thuis)" in out and "4 acties aangemaakt" in out
    # Suspension
    assert "Te lang: een schorsing duurt hoogstens vijf schooldagen" in out
    assert "Vastgelegd: Schorsing nagaan" in out
    # Expulsion
    assert "Einde van de acht weken zoeken naar een andere school" in out
    assert "Escalatie in het team: Verwijdering: de procedure" in out
    # Meldcode, route, a plain question
    assert "staat bij stap 2 van de meldcode" in out
    assert "Crisisprocedure van het ZAT" in out
    assert "[003:L6316-6320]" in out
    assert out.count("Dit is een advies; de professional beslist.") >= 8


def test_english_session_runs_each_escalation_dialogue(tmp_path):
    result = chat(tmp_path, SCRIPT_EN, "--lang", "en")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Traceback" not in result.stderr
    assert "This needs quick action through the report route. Stay calm" in out
    assert "Recorded: Escalation advice (Veilig Thuis)" in out
    # Primary education: the sources set no rule, so the plan cannot "fit the rules" (issue 14).
    assert "Outcome: the sources (2008) do not regulate suspension for this school type" in out
    assert "allow this plan" not in out and "Recorded: Check a suspension" in out
    assert "VO step 5: the inspector is notified of the definitive decision." in out
    assert "Escalation in the team: Expulsion: the procedure" in out
    assert "The five steps of the meldcode (current law, not from the sources):" in out
    assert "Police (neighbourhood officer, youth police)" in out
    assert "preferably through someone whose name may be made known to the family" in out
    assert out.count("This is advice; the professional decides.") >= 8
