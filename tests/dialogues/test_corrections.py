"""A correction right after an outcome shows only what changed, in both languages, through the router
as a member types it: the decision is recomputed from the corrected facts, unchanged sentences are not
repeated, sentences the new decision excludes are not shown, and "meer" / "more" has the full new
reasoning."""
from __future__ import annotations

from sqlmodel import select

from state.models import EscalationRecord

DEV_WORDS = ("seed", "DOMAIN.md", "extract", "[003:", "[004:")


def consent_14(app, stance="geen bezwaar"):
    """!toestemming advies for a 14-year-old, both parents, informed, the given stance."""
    app.say("!toestemming advies")
    for answer in ("14", "beide ouders", "ja", stance, "nee"):
        app.say(answer)
    return app.text("nee")


def test_a_14_year_old_corrected_to_17_says_the_pupil_now_decides_and_nothing_else(app):
    first = consent_14(app)
    assert "De ouders met gezag" in first and "Stuur de ouders een schriftelijke kennisgeving" in first
    out = app.text("nee, ze is 17")
    assert out.startswith("Aangepast: leeftijd is nu 16 of 17 jaar."), out
    assert "Wat verandert:" in out
    assert "De leerling zelf" in out
    assert "Stuur de leerling zelf een schriftelijke kennisgeving" in out
    # lines the new decision excludes are not shown again, nor are unchanged ones
    assert "Stuur de ouders" not in out
    assert "De ouders met gezag" not in out
    assert "Stuur op verzoek informatie over de werkwijze" not in out     # the same in both advices
    assert "Advies: Instemming" not in out                                # the option did not change
    assert "vervallen" in out                                             # counted, not repeated
    assert len(out.splitlines()) <= 13, out
    assert not any(word in out for word in DEV_WORDS), out
    details = app.text("meer")
    assert "De leerling zelf" in details and "[003:" in details
    assert "Stuur de ouders" not in details


def test_an_english_correction_says_what_changed(app_en):
    app_en.say("!consent advice")
    for answer in ("14", "both parents", "yes", "no objection", "no"):
        app_en.say(answer)
    first = app_en.text("no")
    assert "parents" in first.casefold()
    out = app_en.text("actually she's 17")
    assert out.startswith("Corrected: age is now"), out
    assert "What changes:" in out
    assert "pupil" in out.casefold()
    assert "Send the parents" not in out
    assert "Aangepast" not in out and not any(word in out for word in DEV_WORDS), out
    assert "pupil" in app_en.text("more").casefold()


def test_a_correction_that_changes_nothing_says_the_advice_stays_the_same(app):
    consent_14(app)
    out = app.text("eigenlijk geen bezwaar")
    assert "Aangepast: het antwoord is nu" in out
    assert "Het advies blijft hetzelfde." in out
    assert "Wat verandert" not in out and "Volgende stappen" not in out


def test_a_correction_that_makes_a_question_matter_asks_only_that_then_shows_what_changed(app):
    app.say("!toestemming advies")
    for answer in ("17", "ja", "geen bezwaar", "nee"):
        app.say(answer)
    first = app.text("nee")
    assert "De leerling zelf" in first
    asked = app.text("leeftijd 14")
    assert "Aangepast: leeftijd is nu 12 tot en met 15 jaar." in asked
    assert "Wie heeft het gezag" in asked           # under 16 the parents with authority decide: who are they?
    assert "Hoe oud" not in asked                   # nothing already known is asked again
    out = app.text("beide ouders")
    assert out.startswith("Aangepast: leeftijd is nu 12 tot en met 15 jaar."), out
    assert "De ouders met gezag" in out
    assert "De leerling zelf" not in out


def test_a_new_question_after_an_advice_is_answered_as_a_question(app):
    consent_14(app)
    out = app.text("wat is de verwijsindex?")
    assert "Aangepast" not in out and "erwijsindex" in out


def suspension(app, length="3", lang="nl"):
    app.say("!schorsing" if lang == "nl" else "!suspension")
    no = "nee" if lang == "nl" else "no"
    for answer in ("-", "VO", "14", length, "maandag" if lang == "nl" else "monday", no, no):
        app.say(answer)
    return app.text(no)


def test_a_suspension_corrected_to_two_weeks_shows_only_the_broken_rule(app):
    first = suspension(app)
    assert "staan dit plan toe" in first
    out = app.text("eigenlijk twee weken")
    assert out.startswith("Aangepast: duur is nu 10 schooldagen."), out
    assert "vijf schooldagen" in out
    assert "nieuw besluit" in out                     # every extension is a new decision
    assert "Casus: geen" not in out                   # unchanged: not repeated
    assert "Laatste schorsingsdag" not in out         # the dates of a plan that may not go ahead
    assert "De checklist als acties aanmaken" not in out   # a plan that breaks a rule gets no actions
    assert not any(word in out for word in DEV_WORDS), out
    assert len(out.splitlines()) <= 13, out
    details = app.text("meer")
    assert "[003:" in details and "10 schooldagen" in details
    app.text("2")           # only record it
    with app.services.db.session() as session:
        entry = session.exec(select(EscalationRecord)).one()
        assert entry.decision == "violates_rules"
        assert entry.considered["length_school_days"] == 10


def test_a_suspension_corrected_back_to_one_day_offers_the_actions_again(app):
    suspension(app, length="twee weken")
    out = app.text("nee, 1 dag")
    assert out.startswith("Aangepast: duur is nu 1 schooldag."), out
    assert "Laatste schorsingsdag" in out
    assert "De checklist als acties aanmaken" in out


def test_an_english_suspension_correction(app_en):
    suspension(app_en, lang="en")
    out = app_en.text("actually two weeks")
    assert out.startswith("Corrected: length is now 10 school days."), out
    assert "five school days" in out
    assert "Aangepast" not in out


def test_a_bare_no_at_an_outcome_is_still_asked_again(app):
    suspension(app)
    out = app.text("nee")
    assert "Aangepast" not in out
    assert "Kies een van de 3 mogelijkheden" in out


# -- a correction right after a plain answer -----------------------------------------------------
def test_a_plain_answer_corrected_to_17_says_the_pupil_decides_and_drops_the_parents(app):
    first = app.text("Mag ik een leerling van 14 bespreken in het zorgteam?")
    assert "Onder de 16 beslissen de ouders met gezag" in first
    out = app.text("nee, ze is 17")
    assert out.startswith("Aangepast: leeftijd is nu 17."), out
    assert "Vanaf 16 jaar beslist de leerling zelf" in out
    assert "Onder de 16 beslissen de ouders" not in out and "toestemming van de ouders met gezag" not in out
    assert "Informeer altijd vooraf" not in out          # unchanged: not repeated
    assert not any(word in out for word in DEV_WORDS), out


def test_a_plain_suspension_answer_corrected_to_two_weeks(app_en):
    first = app_en.text("can we suspend a secondary school pupil for 3 days?")
    assert "five school days" in first
    out = app_en.text("actually two weeks")
    assert out.startswith("Corrected: length is now 10 school days."), out
    assert "new decision" in out
    assert "- Source:" not in out and "Source: Wegwijzer" in out     # the source, not a changed sentence


def test_a_fact_the_answer_does_not_depend_on_is_no_correction(app):
    app.text("Mag ik een leerling van 14 bespreken in het zorgteam?")
    out = app.text("eigenlijk VO")
    assert "Aangepast" not in out


def test_an_expulsion_corrected_from_primary_to_secondary(app):
    app.say("!verwijdering")
    for answer in ("-", "PO", "10", "gedrag", "nee", "vandaag"):
        app.say(answer)
    first = app.text("-")
    assert "acht weken" in first
    out = app.text("eigenlijk VO")
    assert out.startswith("Aangepast: schoolsoort is nu VO (voortgezet onderwijs)."), out
    assert "andere school bereid is" in out and "kan nog niet" in out   # not yet: preparation may start
    assert "Einde van de acht weken" not in out          # the primary-school term no longer applies


def test_an_escalation_corrected_to_not_yet_discussed_starts_with_the_zat(app):
    app.say("!amk")
    for answer in ("-", "1", "nee", "ja"):
        app.say(answer)
    first = app.text("ja")
    assert "Zorgmelding" in first
    out = app.text("eigenlijk nog niet besproken in het ZAT")
    assert out.startswith("Aangepast: al besproken in het ZAT is nu nee."), out
    assert "Eerst bespreken in het ZAT" in out
    assert "Informeer de ouders vooraf, met een beroep op de zorgplicht" not in out


def test_in_a_team_room_a_line_outside_the_answers_thread_is_no_correction(app):
    """Talk between members in the room's timeline stays theirs; in the answer's thread it is a correction."""
    app.transport = "matrix"
    from state.models import Room
    from state.teams import add_member
    from state.models import Team
    with app.services.db.session() as session:
        session.add(Room(transport="matrix", external_id=app.room_id, team_id=app.team_id, encrypted=True))
        add_member(session, session.get(Team, app.team_id), "matrix", "chair", "chair", {"voorzitter"})
    app.text("Mag ik een leerling van 14 bespreken in het zorgteam?")
    assert "Aangepast" not in app.text("nee, ze is 17")
    app.text("Mag ik een leerling van 14 bespreken in het zorgteam?")
    assert "Aangepast: leeftijd is nu 17." in app.text("nee, ze is 17", thread_id="$answer")


def test_a_disclosure_after_an_answer_is_safety_first_not_a_correction(app_en):
    app_en.text("can we share information about a pupil with the police?")
    out = app_en.text("a 15 year old girl told the teacher she is being abused by her uncle")
    assert "Corrected" not in out and "stays the same" not in out
    assert "112" in out and "0800-2000" in out


def test_a_long_new_statement_after_an_answer_is_not_a_correction(app):
    app.text("mag ik een leerling van 14 bespreken in het zorgteam?")
    out = app.text("de leerling van 15 uit groep 8 heeft vandaag weer gespijbeld en de ouders reageren niet")
    assert "Aangepast" not in out
