"""!verwijdering: the procedure per school type, its violations, dates, record and actions."""
from datetime import date

from sqlmodel import select

from state.models import Action, Case, EscalationRecord, Member

CLOSING_NL = "Dit is een advies; de professional beslist."


def run(app, *answers, command="!verwijdering"):
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


def decision(app):
    with app.services.db.session() as session:
        return session.exec(select(EscalationRecord)).one().decision


def test_primary_school_hears_parents_and_teacher_and_searches_eight_weeks(app):
    text = run(app, "-", "PO", "10", "gedrag", "nee", "01-12-2026", "-")
    assert "Uitkomst: dit is de procedure die je volgt." in text
    assert "De leerling is 12 of jonger" in text                             # no duty to hear the pupil
    assert "Hoor de ouders voordat het besluit valt" in text
    assert "Primair onderwijs: hoor ook de groepsleerkracht" in text and "003:L6353-6355" in text
    assert "acht weken aantoonbaar en zonder succes" in text and "artikel 40, lid 2" in text
    assert "dinsdag 26 januari 2027: Einde van de acht weken zoeken" in text
    assert "kopie van de brief aan de Inspectie van het Onderwijs en aan de leerplichtambtenaar" in text
    assert CLOSING_NL in text
    app.say("3")
    assert decision(app) == "procedure"


def test_deciding_before_the_eight_weeks_are_over_is_too_early(app):
    text = run(app, "-", "PO", "10", "gedrag", "nee", "01-12-2026", "15-01-2027")
    assert "Te vroeg: zonder andere school kan het besluit pas vallen na acht weken" in text
    assert "geen acties" in text
    app.say("2")
    assert decision(app) == "violates_rules"


def test_secondary_school_mid_year_for_insufficient_progress_is_not_allowed(app):
    text = run(app, "-", "VO", "15", "vorderingen", "ja", "ja")
    assert "mag een leerling niet in de loop van het schooljaar worden verwijderd wegens onvoldoende vorderingen" in text
    assert "003:L6415-6417" in text and "Uitkomst: zo mag het niet" in text


def test_secondary_school_without_another_school_is_not_yet_allowed_but_can_prepare(app):
    text = run(app, "-", "VO", "15", "gedrag", "nee")
    assert "verwijderen kan nog niet" in text and "Nog niet toegestaan" in text
    assert "overleg met de Inspectie van het Onderwijs voordat het besluit valt" in text
    assert "VO-stap 5: de inspecteur krijgt bericht" in text
    assert "2. De checklist als acties aanmaken" in text
    app.say("3")
    assert decision(app) == "not_yet_allowed"


def test_secondary_school_with_another_school_follows_the_five_steps(app):
    text = run(app, "-", "VO", "15", "gedrag", "ja")
    assert "Uitkomst: dit is de procedure die je volgt." in text
    for step in range(1, 6):
        assert f"VO-stap {step}:" in text
    assert "reboundvoorziening" in text


def test_vocational_pupil_over_twelve_is_heard_and_the_school_searches(app):
    text = run(app, "-", "MBO", "17", "zorg", "nee", "vandaag", "-")
    assert "Hoor de leerling voordat het besluit valt (verplicht omdat de leerling ouder is dan 12)" in text
    assert "woensdag 20 januari 2027: Einde van de acht weken zoeken" in text
    assert "Primair onderwijs: hoor ook de groepsleerkracht" not in text
    assert "Weeg het belang van de leerling tegen het algemeen belang" in text       # care needs as ground


def test_actions_are_planned_around_the_search_and_the_decision(app):
    app.add_member("Dirk", "directeur")
    run(app, "Z-4", "PO", "11", "gedrag", "nee", "01-12-2026", "-")
    text = app.text("2")
    assert "7 acties aangemaakt" in text and "Dirk" in text
    with app.services.db.session() as session:
        actions = session.exec(select(Action).order_by(Action.number)).all()
        owners = {session.get(Member, a.owner_member_id).display_name for a in actions}
    assert owners == {"Dirk"}
    dues = [a.due_at.date() for a in actions]
    # Hearing before the decision (the school day before the search ends), then the search, then after.
    assert dues[:2] == [date(2027, 1, 25)] * 2 and set(dues[2:]) == {date(2027, 1, 26)}


def test_english_dialogue(app_en):
    text = run(app_en, "-", "primary", "13", "behaviour", "no", "today", "-", command="!expulsion")
    assert "Hear the pupil before the decision (required because the pupil is older than 12)" in text
    assert "End of the eight weeks of searching for another school" in text
    assert "This is advice; the professional decides." in text


# Special education (SO/VSO): the source's expulsion rules name primary (including special primary
# schools, under the WPO), secondary and vocational education; nothing of their own for (V)SO. The
# dialogue asks only what the general part needs and says plainly that the source is silent.
PRIMARY_OR_SECONDARY_NL = ("acht weken", "artikel 40", "Wet op het primair onderwijs, artikel", "groepsleerkracht",
                           "VO-stap", "Voortgezet onderwijs: overleg", "andere school gevonden",
                           "nog geen andere school", "zoeken naar een andere school?",
                           "overplaatsing naar speciaal onderwijs")


def test_special_education_asks_no_search_and_applies_no_primary_school_law(app):
    app.say("!verwijdering")
    app.say("-")
    app.say("SO")
    app.say("14")
    asked = app.text("gedrag")
    assert "andere school" not in asked                     # no question about another school or dates
    text = with_details(app, asked)
    assert "Uitkomst: voor het speciaal onderwijs (SO en VSO) geeft de bron alleen de algemene stappen" in text
    assert "de bron geeft hiervoor geen eigen regels" in text and "zegt de bron niet" in text
    assert "Inspectie van het Onderwijs of het samenwerkingsverband" in text
    assert "Hoor de leerling voordat het besluit valt" in text and "Hoor de ouders voordat het besluit valt" in text
    assert "kopie van de brief aan de Inspectie van het Onderwijs en aan de leerplichtambtenaar" in text
    sentences = [line for line in text.splitlines() if "geen eigen regels" not in line]
    for primary in PRIMARY_OR_SECONDARY_NL:
        assert not any(primary in line for line in sentences), primary
    assert "Einde van de acht weken" not in text and "Te vroeg" not in text
    app.say("2")                                             # the checklist as actions
    with app.services.db.session() as session:
        titles = [a.description for a in session.exec(select(Action)).all()]
    assert titles and not any("zoeken" in t or "groepsleerkracht" in t for t in titles)
    assert decision(app) == "procedure"


def test_special_education_in_english_says_where_the_source_is_silent(app_en):
    app_en.say("!expulsion")
    app_en.say("-")
    app_en.say("special")
    app_en.say("9")
    asked = app_en.text("behaviour")
    assert "another school" not in asked
    text = with_details(app_en, asked)
    assert "Outcome: for special education (SO and VSO) the source gives only the general steps" in text
    assert "the source does not say" in text and "Education Inspectorate or the samenwerkingsverband" in text
    assert "The pupil is 12 or younger" in text
    for primary in ("eight weeks of demonstrable", "article 40, paragraph 2", "class teacher", "VO step",
                    "End of the eight weeks", "transfer to special education"):
        assert primary not in text, primary


def test_a_bare_number_at_the_case_question_is_not_taken_as_a_case(app, app_en):
    app.say("!verwijdering")
    refused = app.text("3")                                  # a menu number typed too early
    assert "'3' is een getal, geen zaakcode" in refused and "Om welke casus gaat het?" in refused
    assert "Welk onderwijs?" in app.text("Z-4")
    app_en.say("!expulsion")
    assert "'12' is a number, not a case code" in app_en.text("12")
    with app.services.db.session() as session:
        assert [c.code for c in session.exec(select(Case)).all()] == []    # nothing opened for "3"


def test_the_case_reads_as_in_the_action_lists_before_and_after_recording(app):
    text = run(app, "Z-4", "PO", "10", "gedrag", "ja")
    assert "Casus: anonieme casus, nieuw in het team" in text and "Z-4" not in text
    assert "Casus: anonieme casus A. Nummer 1." in app.text("3")         # recorded: the case's letter
    app.text("!actie me ouders bellen Z-4 vrijdag")
    assert "ouders bellen (anonieme casus A)" in app.text("!acties")
    again = run(app, "Z-4", "PO", "10", "gedrag", "ja")
    assert "Casus: anonieme casus A" in again and "nieuw in het team" not in again


# -- dates of the search and the decision (the test clock: Wednesday 25 November 2026) ------------------
def test_the_search_start_may_be_a_day_that_has_been_written_in_words(app):
    app.add_member("Dirk", "directeur")
    app.say("!verwijdering")
    for answer in ("Z-4", "PO", "11", "gedrag", "nee"):
        app.text(answer)
    out = app.text("1 september")
    assert "al voorbij" not in out and "Wanneer wil het bevoegd gezag beslissen?" in out
    text = with_details(app, app.text("-"))
    assert "dinsdag 27 oktober 2026: Einde van de acht weken zoeken" in text      # 1 September + 8 weeks
    # the search is over, but the steps before the decision are due today, not in October
    checklist = text[text.index("Checklist:"):]
    assert "Hoor de ouders voordat het besluit valt. (directeur, woensdag 25 november 2026)" in checklist
    assert "oktober" not in checklist
    app.text("2")
    with app.services.db.session() as session:
        dues = [a.due_at.date() for a in session.exec(select(Action)).all()]
    assert dues and min(dues) >= date(2026, 11, 25)


def test_a_search_not_begun_or_not_known_counts_from_today_and_says_so(app):
    text = run(app, "-", "PO", "10", "gedrag", "nee", "nog niet", "-")
    assert "De school zoekt nog niet naar een andere school" in text
    assert "woensdag 20 januari 2027: Einde van de acht weken zoeken" in text     # today + 8 weeks
    assert "Ik begrijp die datum niet" not in text
    app.say("3")
    text = run(app, "-", "PO", "10", "gedrag", "nee", "weet ik niet", "-")
    assert "Wanneer het zoeken begon, is niet bekend. Ik reken voorzichtig vanaf vandaag" in text
    assert "De school zoekt nog niet" not in text


def test_a_question_about_the_search_start_that_is_not_understood_gives_its_own_examples(app):
    run(app, "-", "PO", "10", "gedrag", "nee")
    out = app.text("ergens in de herfst")
    assert "'nog niet' als de school nog niet zoekt, of 'weet ik niet'" in out and "'morgen'" not in out


def test_the_decision_date_refuses_nee_and_a_day_that_has_been(app):
    run(app, "-", "PO", "10", "gedrag", "nee", "1 oktober")
    out = app.text("nee")
    assert "Ik begrijp die datum niet" in out and "of - als het bevoegd gezag nog geen datum heeft" in out
    out = app.text("01-10-2026")
    assert "Die dag is al voorbij" in out and "Uitkomst" not in out
    assert "Uitkomst: dit is de procedure die je volgt." in app.text("nog niet")


def test_search_dates_in_english(app_en):
    app_en.say("!expulsion")
    for answer in ("-", "primary", "10", "behaviour", "no"):
        app_en.text(answer)
    out = app_en.text("1 October")
    assert "When does the competent authority plan to decide?" in out
    assert "That day has passed" in app_en.text("01-10-2026")
    text = with_details(app_en, app_en.text("-"))
    assert "End of the eight weeks of searching" in text and "26 November 2026" in text
    app_en.say("3")
    text = run(app_en, "-", "primary", "10", "behaviour", "no", "not yet", "-", command="!expulsion")
    assert "The school is not searching for another school yet" in text and "20 January 2027" in text
