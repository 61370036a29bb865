"""!schorsing: the plan checked against the rules, dates in the team's calendar, record and actions.

The clock stands on Wednesday 25 November 2026, 09:30 in Amsterdam.
"""
from datetime import date

from sqlmodel import select

from state.models import Action, EscalationRecord, Member, Team

CLOSING_NL = "Dit is een advies; de professional beslist."


def plan(app, *, school="VO", age="14", length="3", start="vrijdag", urgent="nee", expulsion="nee",
         extension="nee", command="!schorsing"):
    app.say(command)
    if " " not in command:
        app.say("-")
    for answer in (school, age, length, start, urgent, expulsion):
        app.say(answer)
    return with_details(app, app.text(extension))


def with_details(app, text):
    """The short outcome and, when it offers them, its details ("meer"): the assertions read both."""
    if "Typ meer voor de uitleg" in text or "Type more for the reasoning" in text:
        return text + "\n" + app.text("more" if "Type more" in text else "meer")
    return text


def set_settings(app, settings):
    with app.services.db.session() as session:
        session.get(Team, app.team_id).settings = settings


def records(app):
    with app.services.db.session() as session:
        return session.exec(select(EscalationRecord)).all()


def test_two_weeks_breaks_the_five_day_rule_with_its_source(app):
    text = plan(app, length="twee weken")
    assert "Uitkomst: dit plan breekt een regel. Zo mag het niet." in text
    assert "Te lang: een schorsing duurt hoogstens vijf schooldagen (Inrichtingsbesluit WVO)" in text
    assert "[003:L6276-6280, L6294-6302]" in text and CLOSING_NL in text
    assert "geen acties" in text and "2. Alleen vastleggen" in text          # no actions for an unlawful plan
    assert "Laatste schorsingsdag" not in text                                  # no dates for it either
    app.say("2")
    [record] = records(app)
    assert record.kind == "suspension" and record.decision == "violates_rules"
    assert record.considered["length_school_days"] == 10


def test_longer_is_allowed_while_an_expulsion_procedure_runs(app):
    text = plan(app, length="8", expulsion="ja")
    assert "staan dit plan toe" in text and "vraag het bij twijfel de inspectie" in text
    assert "dat mag omdat er een procedure tot verwijdering loopt" in text and "003:L6294-6302" in text


def test_primary_education_over_a_week_breaks_current_law_as_the_plain_answer_says(app):
    text = plan(app, school="PO", age="9", length="7")
    assert "dit plan breekt een regel" in text
    assert "staan dit plan toe" not in text and "Checklist" not in text
    assert "Te lang volgens de huidige wet" in text and "ten hoogste één week" in text
    assert "wie mag verwijderen mag ook schorsen" in text and "003:L6334-6343" in text
    assert "na 2008 is schorsing in het primair onderwijs wel in de wet geregeld" in text


def test_primary_education_within_a_week_gets_the_seed_note_and_no_violation(app):
    text = plan(app, school="PO", age="9", length="5")
    assert "regelen schorsing voor dit schooltype niet uitdrukkelijk" in text
    assert "Te lang" not in text


def test_duties_written_notice_inspectorate_objection(app):
    text = plan(app, length="3")
    assert "ook de ouders altijd schriftelijk" in text and "003:L6304-6312" in text
    assert "Inspectie van het Onderwijs op de hoogte stellen en informeert ook de leerplichtambtenaar" in text
    assert "binnen zes weken schriftelijk bezwaar" in text and "binnen vier weken reageren" in text


def test_one_day_needs_no_inspectorate_and_an_adult_gets_the_notice_himself(app):
    text = plan(app, age="22", length="1 dag")
    assert "noemt de bron geen plicht om de inspectie te informeren" in text
    assert "De leerling is 21 of ouder" in text and "De schorsing duurt langer dan één dag" not in text


def test_urgent_and_extension_duties(app):
    text = plan(app, urgent="ja", extension="ja")
    assert "Spoedsituatie: het schriftelijke besluit mag later volgen" in text and "003:L6314-6316" in text
    assert "nieuw besluit van de directeur nodig" in text and "003:L6290-6292" in text


def test_dates_skip_weekends_and_the_teams_holidays(app):
    set_settings(app, {"reminders": {"holidays": ["2026-11-30"]}})
    text = plan(app, length="3", start="27-11-2026")
    # Friday 27, then (weekend, study day Monday 30) Tuesday 1 and Wednesday 2 December.
    assert "woensdag 2 december 2026: Laatste schorsingsdag" in text
    assert "vrijdag 8 januari 2027: Uiterste datum voor bezwaar" in text          # six weeks after the decision
    assert "vrijdag 5 februari 2027: Uiterlijk antwoord" in text                  # and four weeks after that


def test_a_holiday_range_counts_every_day_in_it(app):
    set_settings(app, {"reminders": {"holidays": ["2026-12-21/2027-01-01"]}})
    text = plan(app, length="5", start="17-12-2026")
    # Thursday 17 and Friday 18 December, the Christmas holiday, then 4, 5 and 6 January.
    assert "woensdag 6 januari 2027: Laatste schorsingsdag" in text


def test_start_date_in_words(app):
    text = plan(app, start="maandag")
    assert "Plan: 3 schooldagen vanaf maandag 30 november 2026; VO; leerling van 14." in text
    assert "woensdag 2 december 2026: Laatste schorsingsdag" in text


def test_bad_answers_are_explained_and_asked_again(app):
    app.say("!schorsing")
    app.say("-")
    app.say("VO")
    assert "Typ de leeftijd als getal" in app.text("oud")
    app.say("14")
    assert "Ik begrijp de duur niet" in app.text("een tijdje")
    app.say("3")
    assert "Ik begrijp die datum niet" in app.text("31-02-2027")
    # Said on a Wednesday, "woensdag" could be today or next week: asked, not guessed.
    assert "Bedoel je woensdag 2 december 2026?" in app.text("woensdag")
    assert "Is het een spoedsituatie" in app.text("vandaag")


def test_actions_go_to_the_director_on_the_first_and_last_day(app):
    app.add_member("Dirk", "directeur")
    plan(app, length="3", start="maandag")
    text = app.text("2")
    assert "3 acties aangemaakt" in text and "(Dirk, uiterlijk maandag 30 november, 17:00)" in text
    assert "Terugkeer van de leerling voorbereiden: de laatste schorsingsdag is woensdag 2 december 2026" in text
    assert "planningskeuze" not in text                    # every action has a date from the rules here
    with app.services.db.session() as session:
        actions = session.exec(select(Action).order_by(Action.number)).all()
        owners = {session.get(Member, a.owner_member_id).display_name for a in actions}
    assert owners == {"Dirk"}
    assert [a.due_at.date() for a in actions] == [date(2026, 11, 30)] * 2 + [date(2026, 12, 2)]


def test_case_code_and_the_summary_for_the_team_room(app):
    plan(app, command="!schorsing Z-9", length="2")
    replies = app.say("1")
    post = next(reply for reply in replies if not reply.in_thread)
    assert "Escalatie in het team: Schorsing nagaan. Casus: anonieme casus A." in post.text
    assert "Plan: 2 schooldagen" in post.text and "Laatste schorsingsdag" in post.text
    assert CLOSING_NL in post.text and post.privacy == "codes"
    [record] = records(app)
    assert record.case_id is not None and record.decision == "allowed"


def test_plain_question_answers_and_the_chosen_check_has_the_length_filled_in(app):
    replies = app.say("mag ik een leerling twee weken schorsen?")
    assert replies[0].privacy == "advice" and len(replies) == 1     # an answer; no dialogue unasked
    assert "vijf schooldagen" in replies[0].text and "!schorsing" in replies[0].text
    assert "Schorsing nagaan" in app.text("uitzoeken")               # the member chooses the check
    for answer in ("-", "VO", "14"):
        text = app.text(answer)
    assert "Op welke dag begint de schorsing?" in text            # the length was already known
    for answer in ("maandag", "nee", "nee"):
        app.say(answer)
    assert "Te lang" in app.text("nee")


def test_english_dialogue(app_en):
    app_en.say("!suspension")
    for answer in ("-", "secondary", "15", "two weeks", "monday", "no", "no"):
        app_en.say(answer)
    text = app_en.text("no")
    assert "Outcome: this plan breaks a rule." in text and "Too long: a suspension lasts at most five school days" in text
    assert "This is advice; the professional decides." in text
