"""!amk / !escalatie: every branch of the ladder, the consent link, the record and the actions."""
from datetime import date

import pytest
from sqlmodel import select

from state.consents import record_consent
from state.models import Action, AuditEntry, Case, EscalationRecord, Member, Team

CLOSING_NL = "Dit is een advies; de professional beslist."


def run(app, *answers, command="!amk"):
    app.say(command)
    text = ""
    for answer in answers:
        text = app.text(answer)
    return with_details(app, text)


def with_details(app, text):
    """The short outcome and, when it offers them, its details ("meer"): the assertions read both."""
    if "Typ meer voor de uitleg" in text or "Type more for the reasoning" in text:
        return text + "\n" + app.text("more" if "Type more" in text else "meer")
    return text


def records(app):
    with app.services.db.session() as session:
        return session.exec(select(EscalationRecord).order_by(EscalationRecord.id)).all()


# concern: 1 parents avoid help, 2 suspected abuse. Answers after the case step ("-").
BRANCHES = [
    # (answers, route, fragments the advice must contain)
    (["-", "1", "nee", "ja", "nee"], "zat_first",
     ["Eerst bespreken in het ZAT", "nog niet in het ZAT besproken", "003:L6129-6133", "anoniem"]),
    (["-", "1", "nee", "nee", "ja"], "zat_first", ["De ouders werken mee", "003:L6117-6137"]),
    (["-", "1", "nee", "ja", "ja"], "care_report",
     ["Zorgmelding bij Bureau Jeugdzorg (nu: gemeente / gecertificeerde instelling)", "Vertel de ouders vooraf",
      "wenselijk, maar niet verplicht", "003:L6177-6183"]),
    (["-", "2", "nee", "nee", "nee", "nee"], "advice",
     ["Advies vragen aan het AMK (sinds 2015: Veilig Thuis)", "blijft zelf verantwoordelijk",
      "geen stappen richting het gezin", "003:L6151-6155", "opgegaan in Veilig Thuis"]),
    (["-", "2", "nee", "nee", "nee", "ja"], "consult", ["Consult bij het AMK", "coaching", "003:L6155-6159"]),
    (["-", "2", "nee", "nee", "ja", "nee"], "zat_first",
     ["Eerst bespreken in het ZAT", "op elk moment advies vragen", "meldcode", "huidige wet"]),
    (["-", "2", "nee", "nee", "ja", "ja", "1"], "report",
     ["Melding bij het AMK (sinds 2015: Veilig Thuis)", "zonder concreet bewijs", "informant",
      "wettelijk verplicht mee te werken", "tussentijds op de hoogte", "de jeugdarts (JGZ)",
      "de leerplichtambtenaar", "de voorzitter van het ZAT", "003:L6231-6235"]),
    (["-", "2", "nee", "nee", "ja", "ja", "2"], "care_report",
     ["De zorgen zijn onderbouwd", "Raad voor de Kinderbescherming", "003:L6194-6202"]),
]


@pytest.mark.parametrize("answers,route,fragments", BRANCHES)
def test_each_branch_of_the_ladder(app, answers, route, fragments):
    text = run(app, *answers)
    for fragment in fragments:
        assert fragment in text, fragment
    assert CLOSING_NL in text and "Wat wil je met deze uitkomst doen?" in text
    text = app.text("3")
    assert "Vastgelegd: Escalatie-advies (Veilig Thuis)" in text and CLOSING_NL in text
    [record] = records(app)
    assert record.kind == "veilig_thuis" and record.decision == route and record.case_id is None


def test_life_threatening_goes_straight_to_the_report_route_calmly(app):
    app.say("!amk")
    app.say("-")
    app.say("1")
    text = with_details(app, app.text("ja"))   # life-threatening: no more questions
    assert "Melding bij het AMK (sinds 2015: Veilig Thuis)" in text
    assert "snelle actie via de meldroute. Blijf rustig" in text
    assert "Levensbedreigende situatie" in text and "003:L6221-6223" in text
    assert "Mijden de ouders" not in text and "Wat wil je met deze uitkomst doen?" in text
    app.text("3")
    assert records(app)[0].decision == "report"
    assert records(app)[0].considered == {"concern": "avoiding_help", "life_threatening": True}


def test_a_child_who_is_the_source_leads_to_the_report_route(app):
    app.say("!amk")
    app.say("-")
    app.say("2")
    app.say("nee")
    text = app.text("ja")
    assert "Het kind zelf is de bron: benader de ouders niet eerst" in text and "Blijf rustig" in text
    assert "Spreek af wie meldt" in text


def test_urgent_advice_shows_the_teams_own_crisis_arrangements(app):
    with app.services.db.session() as session:
        team = session.get(Team, app.team_id)
        team.settings = {"on_call": "Anna (IB) via 06-11111111", "crisis_contacts": "Voorzitter belt Veilig Thuis"}
    text = run(app, "-", "1", "ja")
    assert "Bereikbaarheid van jullie team: Anna (IB) via 06-11111111" in text
    assert "Crisisafspraken van jullie team: Voorzitter belt Veilig Thuis" in text


def test_case_code_as_argument_skips_the_case_question_and_records_on_the_case(app):
    text = app.text("!escalatie Z-17")
    assert "Om welke casus" not in text and "Waar gaat het om?" in text
    for answer in ("1", "nee", "ja", "ja"):
        app.say(answer)
    app.say("3")
    with app.services.db.session() as session:
        case = session.exec(select(Case).where(Case.code == "Z-17")).one()
        record = session.exec(select(EscalationRecord)).one()
        chair = session.exec(select(Member).where(Member.user_id == "chair")).one()
        audit = session.exec(select(AuditEntry).where(AuditEntry.action == "escalation/recorded")).one()
    assert record.case_id == case.id and record.decided_by == chair.id and record.decision == "care_report"
    assert record.considered == {"concern": "avoiding_help", "life_threatening": False,
                                 "parents_avoid_care": True, "discussed_in_zat": True}
    assert audit.subject == "case:Z-17" and audit.details["kind"] == "veilig_thuis"


def test_without_a_consent_record_the_advice_points_to_the_consent_advice(app):
    text = run(app, "Z-17", "1", "nee", "ja", "nee")
    assert "Casus: anonieme casus" in text
    assert "Voor deze casus (anoniem) is nog geen toestemming vastgelegd" in text and "!toestemming advies" in text


def test_without_a_case_the_advice_names_the_consent_options(app):
    text = run(app, "-", "1", "nee", "ja", "nee")
    assert "schriftelijk, instemming of anoniem" in text and "!toestemming advies" in text


def _consent(app, event, option="written_consent"):
    with app.services.db.session() as session:
        team = session.get(Team, app.team_id)
        case = session.exec(select(Case).where(Case.code == "Z-17")).first() or Case(team_id=team.id, code="Z-17")
        session.add(case)
        session.flush()
        chair = session.exec(select(Member).where(Member.user_id == "chair")).one()
        record_consent(session, case=case, event=event, option=option, given_by="parents",
                       given_on=date(2026, 11, 2), recorded_by=chair, now=app.services.clock.now())


def test_recorded_consent_is_shown_in_the_advice(app):
    _consent(app, "given")
    text = run(app, "Z-17", "1", "nee", "ja", "nee")
    assert "Casus: Z-17" in text
    assert "Vastgelegde toestemming voor Z-17: Schriftelijke toestemming (maandag 2 november 2026)" in text


def test_a_recorded_objection_is_shown_and_the_case_stays_anonymous(app):
    _consent(app, "given", "no_objection")
    _consent(app, "objection", "no_objection")
    text = run(app, "Z-17", "1", "nee", "ja", "nee")
    assert "Voor deze casus (anoniem) is bezwaar vastgelegd" in text and "Z-17" not in text


def test_posting_the_summary_goes_to_the_team_room(app):
    run(app, "-", "1", "nee", "ja", "ja")
    replies = app.say("1")
    post = [reply for reply in replies if not reply.in_thread]
    assert len(post) == 1 and post[0].privacy == "codes"
    assert "Escalatie in het team: Escalatie-advies (Veilig Thuis)" in post[0].text
    assert "Uitkomst: Zorgmelding" in post[0].text and "Nagegaan door chair" in post[0].text
    assert CLOSING_NL in post[0].text
    assert len(records(app)) == 1


def test_the_checklist_becomes_actions_with_owners_by_role_and_school_day_due_dates(app):
    app.add_member("Anna", "ib")
    with app.services.db.session() as session:
        team = session.get(Team, app.team_id)
        # Monday 30 November is a study day: five school days from Wednesday 25 November is then Thursday.
        team.settings = {"reminders": {"holidays": ["2026-11-30"]}}
    run(app, "Z-17", "1", "nee", "ja", "ja")
    text = app.text("2")
    assert "4 acties aangemaakt" in text
    assert "(Anna, uiterlijk donderdag 3 december, 17:00)" in text
    assert "5 schooldagen vanaf vandaag: een planningskeuze van zorgbot, geen regel" in text
    with app.services.db.session() as session:
        actions = session.exec(select(Action).order_by(Action.number)).all()
        owners = [(a.description, session.get(Member, a.owner_member_id).display_name) for a in actions]
        case = session.exec(select(Case).where(Case.code == "Z-17")).one()
    assert all(a.case_id == case.id for a in actions)
    assert [owner for _, owner in owners] == ["chair", "Anna", "chair", "chair"]
    assert owners[0][0].startswith("Informeer de ouders vooraf")         # "the school": whoever asked
    assert owners[1][0].startswith("Noteer of de ouders instemmen")      # the IB'er
    assert owners[3][0].startswith("Spreek af hoe de school hoort")      # the chair
    assert {a.due_at.date() for a in actions} == {date(2026, 12, 3)}


def test_stopping_at_the_offer_records_nothing(app):
    run(app, "-", "1", "nee", "ja", "ja")
    assert "Gestopt met Escalatie-advies" in app.text("stop")
    assert records(app) == []


def test_a_name_instead_of_a_case_code_is_refused_and_asked_again(app):
    app.say("!amk")
    text = app.text("Jantje")
    assert "lijkt op een naam" in text and "Om welke casus gaat het?" in text


def test_english_dialogue(app_en):
    app_en.say("!escalate")
    for answer in ("-", "suspected abuse", "no", "no", "yes", "yes"):
        text = app_en.text(answer)
    text = with_details(app_en, app_en.text("no proof"))
    assert "Report to the AMK (since 2015: Veilig Thuis)" in text
    assert "Who can report (preferably someone whose name may be known to the family)" in text
    assert "This is advice; the professional decides." in text
    text = app_en.text("only record")
    assert "Recorded: Escalation advice (Veilig Thuis)" in text


# -- a suspicion of abuse: the meldcode (current law), Veilig Thuis's number, the team's own kind ----------
LEGAL_CLOSING_NL = "de meldcode zelf is wel een wettelijke plicht (sinds 2013)"


def test_advice_on_a_suspicion_of_abuse_names_the_meldcode_the_number_and_the_team(app):
    app.say("!amk")
    for answer in ("-", "2", "nee", "nee", "nee"):
        app.text(answer)
    short = app.text("nee")
    assert "Advies vragen aan het AMK (sinds 2015: Veilig Thuis)" in short
    assert "Huidige wet en praktijk (niet uit de bronnen van 2008-2013):" in short
    assert "volgt de school ook haar meldcode: sinds 2013 een wettelijke plicht" in short
    assert "Veilig Thuis: 0800-2000" in short
    assert "!meldcode <zaakcode> stap 1" in short      # no case code for a case that may not be named
    assert LEGAL_CLOSING_NL in short and "geen wettelijke regel" not in short
    # the test team is a zorgteam: its own meeting first, the ZAT where needed
    assert "Bespreek in het zorgteam (en zo nodig in het ZAT) welke route" in short
    assert "Bespreek in het ZAT" not in short
    details = app.text("meer")
    assert details.count("volgt de school ook haar meldcode") == 1      # not said twice in the reasoning
    assert LEGAL_CLOSING_NL in app.text("3")


def test_a_zat_keeps_the_zat_in_its_checklist(app):
    with app.services.db.session() as session:
        team = session.get(Team, app.team_id)
        team.kind = "zat"
        session.add(team)
    text = run(app, "-", "2", "nee", "nee", "nee", "nee")
    assert "Bespreek in het ZAT welke route" in text and "zorgteam (en zo nodig" not in text


def test_a_case_that_may_be_named_gets_its_own_meldcode_command(app):
    with app.services.db.session() as session:
        case = Case(team_id=app.team_id, code="Z-17")
        session.add(case)
        session.flush()
        record_consent(session, case=case, event="given", option="written_consent", given_by="parents",
                       given_on=date(2026, 11, 20), partners=["SMW"], teams=["zorgteam"], recorded_by=None,
                       now=app.services.clock.now())
    text = run(app, "Z-17", "2", "nee", "nee", "nee", "nee")
    assert "!meldcode Z-17 stap 1" in text and "<zaakcode>" not in text


def test_parents_avoiding_help_without_abuse_gets_no_meldcode_lines(app):
    text = run(app, "-", "1", "nee", "ja", "nee")
    assert "!meldcode" not in text and LEGAL_CLOSING_NL not in text
    assert "geen wettelijke regel" in text


def test_the_meldcode_command_does_not_say_the_meldcode_is_no_legal_rule(app):
    out = app.text("!meldcode")
    assert LEGAL_CLOSING_NL in out and "geen wettelijke regel" not in out


@pytest.mark.parametrize("answers,said", [
    (["-", "2", "weet ik niet"], "Je weet niet zeker of de situatie levensbedreigend is: ik kies de voorzichtige route"),
    (["-", "2", "nee", "weet ik niet"], "Je weet niet zeker of het kind zelf de bron is: ik kies de voorzichtige route"),
])
def test_i_dont_know_about_danger_takes_the_cautious_report_route_and_says_so(app, answers, said):
    app.say("!amk")
    out = ""
    for answer in answers[:-1]:
        out = app.text(answer)
    assert "Weet ik niet" in out
    text = app.text(answers[-1])
    assert said in text and "Melding bij het AMK (sinds 2015: Veilig Thuis)" in text
    assert "bel 112" in text and "0800-2000" in text
    app.text("3")
    assert records(app)[0].decision == "report"


def test_i_dont_know_in_english(app_en):
    app_en.say("!escalate")
    for answer in ("-", "suspected abuse"):
        app_en.text(answer)
    text = app_en.text("I don't know")
    assert "You are not sure whether the situation is life-threatening: I take the cautious route" in text
    assert "the meldcode itself is a legal duty (since 2013)" in text and "not a legal rule" not in text
    assert "!reportingcode <case code> step 1" in text
