"""A newcomer's console session, driven from a file as `zorgbot chat` reads it, in both languages."""
import os
import subprocess
import sys

import pytest


def chat(tmp_path, script: str, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, ZORGBOT_CONSOLE_USER="Marleen", ZORGBOT_DATA_DIR=str(tmp_path / "data"))
    return subprocess.run([sys.executable, "-m", "bot.cli", *args, "chat", "--db", str(tmp_path / "z.db")],
                          input=script, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)


TEAM_NL = """!team inrichten
Zorgteam De Wilgen
1
PO
-
Anna: ib
Karim: smw
Fatima: jeugdarts
klaar
-
Anna
3
Teamkamer
5
-
-
-
midden
-
ja
"""


def test_dutch_session_help_team_cancel_and_restart(tmp_path):
    first = chat(tmp_path, "!hulp\n" + TEAM_NL + "!team\n!team inrichten\nAnder\nstop\n!team inrichten\nWilgen 2\n")
    assert first.returncode == 0, first.stderr
    out = first.stdout
    assert "demoteam 'Demoteam' gemaakt met jou (Marleen) als voorzitter" in out
    assert "Dit kan ik voor je doen" in out
    assert "Team Zorgteam De Wilgen is ingericht" in out
    assert "- Fatima: jeugdarts / jeugdverpleegkundige (JGZ)" in out
    assert "Gestopt met Team inrichten" in out
    assert "Traceback" not in first.stderr

    # The program ended in the middle of a dialogue; a new start resumes at the next question.
    second = chat(tmp_path, "2\n/als Anna\n!team inrichten\n")
    assert second.returncode == 0, second.stderr
    assert "demoteam" not in second.stdout                 # the team exists already
    assert "Wat voor team is het?" not in second.stdout.split("» Marleen: 2")[0]
    assert "Welk onderwijs?" in second.stdout              # "2" answered "what kind" -> next question
    assert "Je spreekt nu als Anna" in second.stdout
    assert "Team inrichten" in second.stdout.split("» Anna: !team inrichten")[1]   # Anna is the IB'er


def test_english_session(tmp_path):
    script = """!help
!team setup
Willow care team
zorgteam
primary
-
Anna: ib
Karim: social worker
Fatima: youth doctor
done
-
-
2
-
3
-
-
-
-
-
yes
!team
/as Stranger
!team
"""
    result = chat(tmp_path, script, "--lang", "en")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "I created a demo team" in out and "This is what I can do for you" in out
    assert "Team Willow care team is set up" in out
    assert "You are not (yet) a member of team Willow care team" in out


def test_end_of_input_exits_zero_and_empty_or_comment_lines_are_ignored(tmp_path):
    result = chat(tmp_path, "# a comment\n\n!hulp\n")
    assert result.returncode == 0
    assert result.stdout.count("»") == 1


@pytest.mark.parametrize("lang, start, expected", [
    ("nl", "!actie", "Nog open: een nieuwe actie wacht op wie het doet (of 'stop')."),
    ("en", "!action", "Still open: a new action is waiting for who does it (or 'stop')."),
])
def test_a_restart_says_in_one_line_which_dialogue_is_still_open(tmp_path, lang, start, expected):
    first = chat(tmp_path, f"{start}\n", "--lang", lang)
    assert first.returncode == 0, first.stderr
    second = chat(tmp_path, "", "--lang", lang)
    assert second.returncode == 0, second.stderr
    assert second.stdout.count(expected) == 1
    # nothing open, nothing said
    third = chat(tmp_path, "stop\n", "--lang", lang)
    assert expected in third.stdout
    fourth = chat(tmp_path, "", "--lang", lang)
    assert ("Nog open" if lang == "nl" else "Still open") not in fourth.stdout
