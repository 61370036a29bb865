"""A console session, driven from a file as `zorgbot chat` reads it: the consent advice to each of the
four outcomes and the consent register, in Dutch and in English."""
import os
import subprocess
import sys


def chat(tmp_path, script: str, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, ZORGBOT_CONSOLE_USER="Marleen", ZORGBOT_DATA_DIR=str(tmp_path / "data"))
    return subprocess.run([sys.executable, "-m", "bot.cli", *args, "chat", "--db", str(tmp_path / "z.db")],
                          input=script, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)


DUTCH = """# advies: schriftelijke toestemming (8 jaar, beide ouders, geïnformeerd, willen toestemming geven)
!toestemming advies
8 jaar
1
ja
1
nee
# instemming (14 jaar, geïnformeerd, geen bezwaar)
welke toestemmingsoptie is van toepassing?
uitzoeken
14
beide ouders
ja
geen bezwaar
nee
nee
# anoniem (nog niet geïnformeerd, geen bijzondere omstandigheden)
!toestemming advies
10
1
nee
nee
nee
nee
# zonder toestemming (vragen brengt de leerling in gevaar)
!toestemming advies
jonger dan 12
6
nee
nee
ja
ja
# vastleggen: instemming, daarna bezwaar
!toestemming vastleggen Z-17
gegeven
instemming
ouders
gisteren
SMW, JGZ
zorgteam
-
ja
!toestemming Z-17
!toestemming vastleggen Z-17
bezwaar
ouders
vandaag
-
ja
!toestemming Z-17
# zonder toestemming: de voorzitter wordt geweigerd, de directeur legt vast
!team lid Dirk directeur
!toestemming vastleggen Z-18
4
stop
/als Dirk
!toestemming vastleggen Z-18
4
nee
ja
ja
vandaag
SMW
3
Ernstige zorgen; de ouders weigeren elke medewerking.
-
-
ja
!toestemming Z-18
!toestemming brief Z-18 schriftelijk
"""

ENGLISH = """!consent advice
8 years
both parents
yes
willing
no
which consent option applies?
find out
14
1
yes
no objection
no
no
!consent advice
16
no
no
no
no
!consent advice
17
yes
object
yes
no
!consent record Z-4
given
written
parents
today
SMW, JGZ
both
yes
-
yes
!consent Z-4
!consent record Z-4
withdrawal
parents
today
-
yes
!consent Z-4
!team member Dirk directeur
/as Dirk
!consent record Z-5
without consent
yes
yes
today
-
1
Asking the parents would put the pupil at risk.
-
-
yes
!consent Z-5
!consent letter Z-4 notice
"""


def test_dutch_console_consent_session(tmp_path):
    result = chat(tmp_path, DUTCH)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    out = result.stdout
    for outcome in ("Advies: Schriftelijke toestemming", "Advies: Instemming (geen bezwaar)",
                    "Advies: Anonieme bespreking", "Advies: Zonder toestemming (zeer uitzonderlijk)"):
        assert outcome in out, outcome
    assert "Vastgelegd voor Z-17: toestemming gegeven, Instemming (geen bezwaar)." in out
    assert "Toestemming Z-17: Instemming (geen bezwaar). Getoond: op naam." in out
    assert "Z-17 wordt vanaf nu anoniem getoond" in out
    assert "Toestemming Z-17: Instemming (geen bezwaar). Getoond: anoniem." in out
    assert "Alleen een directeur kan bespreking zonder toestemming vastleggen" in out
    assert "Je spreekt nu als Dirk" in out
    assert "Vastgelegd voor Z-18: besluit van de directeur, Zonder toestemming (zeer uitzonderlijk)." in out
    assert "besluit directeur: Dirk" in out
    assert "Toestemmingsverzoek voor Z-18" in out and "[naam leerling]" in out


def test_english_console_consent_session(tmp_path):
    result = chat(tmp_path, ENGLISH, "--lang", "en")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for outcome in ("Advice: Written consent", "Advice: No objection (instemming)",
                    "Advice: Anonymous discussion", "Advice: Without consent (very exceptional)"):
        assert outcome in out, outcome
    assert "Recorded for Z-4: consent given, Written consent." in out
    assert "Consent Z-4: Written consent. Shown: by name." in out
    assert "Consent Z-4: Written consent. Shown: anonymously." in out
    assert "Recorded for Z-5: director's decision, Without consent (very exceptional)." in out
    assert "Consent Z-5: Without consent (very exceptional). Shown: by name." in out
    assert "No-objection notice for Z-4" in out and "[pupil's name]" in out
