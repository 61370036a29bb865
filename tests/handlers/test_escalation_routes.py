"""!meldcode, !route and plain questions about escalation."""
from sqlmodel import select

from core.messages import Inbound
from state.models import AuditEntry, EscalationRecord, Team

CLOSING_NL = "Dit is een advies; de professional beslist."


def meldcode_records(app):
    with app.services.db.session() as session:
        return session.exec(select(EscalationRecord).where(EscalationRecord.kind == "meldcode")).all()


# -- !meldcode -------------------------------------------------------------------------------------
def test_meldcode_steps_are_marked_as_current_law_with_the_seed_lines(app):
    [reply] = app.say("!meldcode")
    text = reply.text
    assert "komen niet uit de bronteksten" in text
    assert "De vijf stappen van de meldcode (huidige wet, niet uit de bronnen):" in text
    for step in range(1, 6):
        assert f"Stap {step}:" in text
    # The current-law marker stands once, in the heading, not after every line (issue 14).
    assert "current law" not in text and text.count("huidige wet, niet uit de bronnen") == 1
    assert CLOSING_NL in text and reply.privacy == "advice"
    # a phone screen first, without line references; the weighing framework and the sources on "meer"
    assert len(text.splitlines()) <= 12 and "003:L" not in text and "Afweging 5:" not in text
    details = app.text("meer")
    assert "Afweging 5:" in details and "003:L5911-5921" in details and "004:L96-100" in details


def test_recording_and_showing_where_the_team_stands(app):
    text = app.text("!meldcode Z-17 stap 3")
    assert "Vastgelegd: deze casus (anoniem) staat bij stap 3 van de meldcode (chair" in text
    assert "[x] Stap 2:" in text and "[>] Stap 3:" in text and "[ ] Stap 4:" in text
    text = app.text("!meldcode Z-17")
    assert "Waar jullie staan voor deze casus (anoniem): stap 3" in text
    [record] = meldcode_records(app)
    assert record.considered == {"step": 3} and record.decision == "step_3"
    with app.services.db.session() as session:
        audit = session.exec(select(AuditEntry).where(AuditEntry.action == "escalation/recorded")).one()
    assert audit.subject == "case:Z-17" and audit.details["kind"] == "meldcode"


def test_a_case_without_a_step_gets_a_hint(app):
    assert "Voor deze casus (anoniem) is nog geen stap vastgelegd" in app.text("!meldcode Z-18")


def test_meldcode_mistakes_change_nothing(app):
    assert "Noem de casus bij de stap" in app.text("!meldcode stap 3")
    assert "De meldcode heeft 5 stappen" in app.text("!meldcode Z-17 stap 9")
    assert "lijkt op een naam" in app.text("!meldcode Piet")
    assert meldcode_records(app) == []


def test_meldcode_in_english(app_en):
    text = app_en.text("!reportingcode Z-17 step 2")
    assert "Recorded: this case (anonymous) is at step 2 of the meldcode" in text
    assert "current law, not from the sources" in text


# -- !route ----------------------------------------------------------------------------------------
def test_route_without_a_name_lists_the_routes(app):
    assert "Kies !route leerplicht, !route politie, !route crisis" in app.text("!route")
    assert "De route 'dokter' ken ik niet" in app.text("!route dokter")


def test_police_route_is_sourced_and_shows_the_teams_arrangements(app):
    with app.services.db.session() as session:
        session.get(Team, app.team_id).settings = {"on_call": "IB'er Anna, ma-vr 8-17 uur"}
    text = app.text("!route politie")
    assert text.startswith("Politie (wijkagent, buurtregisseur, jeugdpolitie)\n")
    assert "Halt-afdoening" in text and "003:L926-932" in text
    # the documents named as professionals know them, once at the end; no raw reference per line
    assert "[003:" not in text and "Bron: Wegwijzer voor intern begeleiders (2008), hoofdstuk 1" in text
    assert "Bereikbaarheid van jullie team: IB'er Anna, ma-vr 8-17 uur" in text and CLOSING_NL in text


def test_attendance_route_in_english_without_arrangements(app_en):
    text = app_en.text("!route attendance")
    assert "Attendance officer (leerplichtambtenaar)" in text and "003:L1145-1147" in text
    assert "Your team has not recorded on-call or crisis arrangements yet" in text


def test_route_with_a_case_is_recorded(app):
    text = app.text("!route crisis Z-17")
    assert "Crisisprocedure van het ZAT" in text and "Vastgelegd bij deze casus (anoniem)" in text
    with app.services.db.session() as session:
        record = session.exec(select(EscalationRecord)).one()
    assert record.kind == "route" and record.decision == "crisis" and record.considered == {"route": "crisis"}


def test_the_chair_records_crisis_arrangements_and_others_may_not(app):
    app.add_member("Karim", "smw")
    assert "voorzitter" in app.text("!route afspraken Karim belt Veilig Thuis", user="Karim")
    text = app.text("!route afspraken Voorzitter belt Veilig Thuis, 0800-2000")
    assert "De crisisafspraken van het team zijn vastgelegd" in text
    assert "Crisisafspraken van jullie team: Voorzitter belt Veilig Thuis, 0800-2000" in app.text("!route crisis")
    with app.services.db.session() as session:
        audit = session.exec(select(AuditEntry).where(AuditEntry.action == "team/crisis_contacts_set")).one()
    assert "Veilig Thuis" not in str(audit.details)


# -- plain questions -------------------------------------------------------------------------------
def test_does_the_inspectorate_need_to_know(app):
    # a doubtful question: the closest topics as choices; suspension's details name the inspectorate
    reply = app.say("moet de inspectie het weten?")[-1]
    labels = [choice.label for choice in reply.choices]
    assert "Schorsing" in labels and reply.privacy == "advice"
    app.text(str(labels.index("Schorsing") + 1))
    assert "inspectie" in app.text("meer")


def test_who_reports_to_veilig_thuis_in_english_offers_the_dialogue(app_en):
    [reply] = app_en.say("who reports to Veilig Thuis?")
    assert "0800-2000" in reply.text and "!escalate" in reply.text
    assert "Source: Wegwijzer voor intern begeleiders (2008)" in reply.text


def test_a_question_with_a_case_code_answers_and_opens_no_dialogue(app):
    turn = app.router.turn(Inbound(transport="console", room_id=app.room_id, user_id="chair",
                                   text="wanneer doe je een zorgmelding voor Z-17?"))
    assert "zorgmelding" in turn.replies[0].text and "!amk" in turn.replies[0].text
    assert not turn.in_dialogue


def test_an_urgent_disclosure_gets_a_calm_answer_with_the_teams_arrangements(app):
    with app.services.db.session() as session:
        session.get(Team, app.team_id).settings = {"crisis_contacts": "Voorzitter belt Veilig Thuis"}
    text = app.text("het kind heeft verteld dat het thuis geslagen wordt")
    assert "112" in text and "0800-2000" in text and "beloof geen geheimhouding" in text
    assert "Crisisafspraken van jullie team: Voorzitter belt Veilig Thuis" in text


def test_ordinary_talk_is_not_answered_as_escalation(app):
    assert "[003:" not in app.text("goedemorgen allemaal")


# -- issue 16, item 7: the team's own contacts for the route, no empty headings ------------------------------
def test_a_route_shows_the_teams_own_people_for_it_and_no_one_else(app):
    app.add_member("Karim", "lpa")
    with app.services.db.session() as session:
        from state.models import Team
        team = session.get(Team, app.team_id)
        team.settings = {**team.settings, "on_call": "Orthopedagoog: 06-11111111; Leerplicht gemeente: 06-22222222"}
    text = app.text("!route leerplicht")
    assert "Jullie eigen leerplichtambtenaar" in text and "Karim" in text
    assert "Leerplicht gemeente: 06-22222222" in text and "06-11111111" not in text
    police = app.text("!route politie")
    assert "06-11111111" not in police and "06-22222222" not in police
    assert "Afspraken van jullie team" not in police                 # no heading without contacts under it
    assert "06-11111111" in app.text("!route crisis")                # in a crisis everyone on call


def test_a_route_in_english_names_the_teams_own_officer(app_en):
    app_en.add_member("Karim", "lpa")
    assert "Your team's own" in app_en.text("!route attendance")
