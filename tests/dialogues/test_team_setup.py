"""The !team set-up dialogue: the seed's checklist, saved at the end, with the minimum warning."""
from sqlmodel import select

from state.models import AuditEntry, Team
from state.teams import members_of, roles_of

ANSWERS_NL = ["Zorgteam De Wilgen", "zorgteam", "PO", "Zorg rond leerlingen in groep 1-8",
              "Anna: ib", "Karim: smw, lpa", "klaar", "Leerplicht: Jan, 06-12345678", "Anna", "3",
              "Teamkamer", "5", "-", "privacyreglement", "klachtenregeling bestuur"]


def run(app, answers, confirm):
    app.say("!team inrichten")
    for answer in answers:
        app.say(answer)
    return app.text(confirm)


def test_whole_dialogue_saves_team_members_and_arrangements(app):
    text = run(app, ANSWERS_NL, "ja")
    assert "Team Zorgteam De Wilgen is ingericht" in text
    assert "jeugdarts / jeugdverpleegkundige (JGZ)" in text and "003:L1561-1569" in text
    with app.services.db.session() as session:
        team = session.get(Team, app.team_id)
        members = {m.display_name: roles_of(session, m.id) for m in members_of(session, team.id)}
        audit = session.exec(select(AuditEntry)).all()
    assert team.kind == "zorgteam" and team.school_type == "PO"
    assert team.settings["frequency"] == "3" and team.settings["case_deadline_days"] == 5
    assert team.settings["substitute"] == "Anna"
    assert members == {"chair": {"voorzitter"}, "Anna": {"ib"}, "Karim": {"smw", "lpa"}}
    assert [a.action for a in audit] == ["team/set_up"]
    assert "Leerplicht" not in str(audit[0].details)      # the audit holds keys, not content


def test_no_warning_when_the_minimum_is_there(app):
    answers = ANSWERS_NL[:5] + ["Karim: smw", "Fatima: jeugdarts"] + ANSWERS_NL[6:]
    text = run(app, answers, "ja")
    assert "ingericht" in text and "Let op" not in text


def test_saying_no_at_the_end_saves_nothing(app):
    text = run(app, ANSWERS_NL, "nee")
    assert "Niets opgeslagen" in text
    with app.services.db.session() as session:
        assert len(members_of(session, app.team_id)) == 1


def test_unknown_role_is_explained(app):
    app.say("!team inrichten")
    for answer in ANSWERS_NL[:4]:
        app.say(answer)
    text = app.text("Piet: tovenaar")
    assert "De rol 'tovenaar' ken ik niet" in text


def test_english_dialogue(app_en):
    answers = ["Willow care team", "zorgteam", "primary", "-", "Anna: ib", "Karim: social worker",
               "Fatima: youth doctor", "done", "-", "-", "2", "Staff room", "3", "-", "-", "-"]
    text = run(app_en, answers, "yes")
    assert "Team Willow care team is set up" in text and "Note:" not in text
    assert "Karim: school social work" in app_en.text("!team")
