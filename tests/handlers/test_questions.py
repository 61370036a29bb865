"""Plain questions end to end through the router, as a member types them in a fresh console, in both
languages: one turn, a right answer, safety first, choices when unsure, details on "meer", and a
question never opens a dialogue that would capture the next message."""
from __future__ import annotations

import logging

import pytest

from state.models import Room, Team
from state.teams import add_member
from core.roles import CHAIR

NOT_UNDERSTOOD = ("Dat begrijp ik niet", "I don't understand", "I do not understand", "Dat kan ik niet plaatsen",
                  "I cannot place that")
DEV_WORDS = ("seed", "DOMAIN.md", "extract", "[003:", "[004:", "TODO")

# (question, a phrase the right answer contains) — one or more per topic, as professionals type them.
DUTCH = [
    ("moeten we Veilig Thuis inschakelen?", "Veilig Thuis"),
    ("VT?", "Veilig Thuis"),
    ("we vermoeden kindermishandeling", "Veilig Thuis"),
    ("ouders blijven hulp ontlopen, wat nu", "Veilig Thuis"),
    ("schorsing hoelang max", "vijf schooldagen"),
    ("hoe lang mag een schorsing duren?", "vijf schooldagen"),
    ("leerling is geschorst", "schorsing"),
    ("ouders zijn het niet eens met de schorsing", "schorsing"),
    ("mogen we een leerling van school sturen?", "Verwijderen"),
    ("verwijdering van een leerling op de basisschool", "Verwijder"),
    ("wie zitten er in een ZAT?", "ZAT"),
    ("wie zit het zorgteam voor?", "voor"),
    ("ouders willen niet tekenen maar maken ook geen bezwaar", "Geen bezwaar"),
    ("mag ik een leerling bespreken zonder de ouders te vragen?", "toestemming"),
    ("is de schoolgids genoeg?", "schoolgids"),
    ("waar wordt de informatie van het zorgteam bewaard?", "zorgdossier"),
    ("wat mag de jeugdarts delen?", "beroepsgeheim"),
    ("wat zijn de stappen van de meldcode", "meldcode"),
    ("leerling spijbelt steeds, leerplicht inschakelen?", "leerplicht"),
    ("wanneer bellen we de politie", "olitie"),
    ("crisis tussen twee overleggen, wie bellen we", "risis"),
    ("hoe meld ik een casus aan bij het zorgteam", "aanme"),
    ("wanneer gaat een casus naar het ZAT?", "ZAT"),
    ("wat is de verwijsindex", "erwijsindex"),
    ("hoe vaak komt het zorgteam bij elkaar", "bijeen"),
    ("wat staat er in de notulen", "verslag"),
    ("wat moet er in een plan van aanpak", "plan van aanpak"),
    ("wie is de zorgcoördinator van een casus", "coördinator"),
    ("wie koppelt terug naar de ouders na het overleg", "ouders"),
    ("wanneer sluiten we een casus af", "drie maanden"),
    ("hoe evalueren we als team", "evalu"),
    ("gescheiden ouders, wie moet tekenen voor bespreking", "gezag"),
    ("hoe maak ik een actie aan?", "!actie"),
    ("hoe plan ik een overleg in zorgbot", "!overleg"),
]
ENGLISH = [
    ("should we call Veilig Thuis?", "Veilig Thuis"),
    ("we suspect child abuse", "Veilig Thuis"),
    ("parents keep avoiding help, what now", "Veilig Thuis"),
    ("how long can a suspension last?", "five school days"),
    ("pupil has been suspended", "uspension"),
    ("parents disagree with the suspension", "uspension"),
    ("can we expel a pupil?", "xpulsion"),
    ("who sits on a ZAT?", "ZAT"),
    ("who chairs the care team", "chair"),
    ("the parents won't sign but have no objection", "No objection"),
    ("may I discuss a pupil without asking the parents?", "consent"),
    ("is the school guide enough as consent?", "school guide"),
    ("where is team information stored?", "care file"),
    ("what may the youth doctor share?", "secrecy"),
    ("what are the steps of the reporting code", "meldcode"),
    ("pupil keeps skipping school, involve the attendance officer?", "ttendance"),
    ("when do we call the police", "olice"),
    ("a crisis between meetings, who do we call", "risis"),
    ("how do I bring a case to the care team", "refer"),
    ("when does a case go to the ZAT?", "ZAT"),
    ("what is the verwijsindex", "erwijsindex"),
    ("how often does the care team meet", "meet"),
    ("what goes into the minutes", "inutes"),
    ("what must a plan of approach contain", "plan"),
    ("who coordinates the care for this pupil", "coordinat"),
    ("how do we report back to the parents", "parents"),
    ("when do we close a case", "three months"),
    ("how does the team evaluate itself", "evaluat"),
    ("divorced parents, who has to sign", "authority"),
    ("how do I create an action?", "!action"),
]


@pytest.mark.parametrize("question, expected", DUTCH)
def test_a_dutch_plain_question_is_answered_in_one_turn(app, question, expected):
    out = app.text(question)
    assert not any(phrase in out for phrase in NOT_UNDERSTOOD), out
    assert "Ik weet niet zeker wat je bedoelt" not in out, out
    assert expected.casefold() in out.casefold(), out
    assert not any(word in out for word in DEV_WORDS), out
    # one turn: no dialogue is left open to capture the next message
    assert not app.router.turn(_inbound(app, "hoi")).in_dialogue


@pytest.mark.parametrize("question, expected", ENGLISH)
def test_an_english_plain_question_is_answered_in_one_turn(app_en, question, expected):
    out = app_en.text(question)
    assert not any(phrase in out for phrase in NOT_UNDERSTOOD), out
    assert "I am not sure what you mean" not in out, out
    assert expected.casefold() in out.casefold(), out
    assert not any(word in out for word in DEV_WORDS), out


def _inbound(app, text, user="chair"):
    from core.messages import Inbound
    return Inbound(transport=app.transport, room_id=app.room_id, user_id=user, display_name=user, text=text)


def test_sure_answers_cite_the_document_as_professionals_know_it(app, app_en):
    out = app.text("mag ik een leerling bespreken zonder de ouders te vragen?")
    assert "Bron: Wegwijzer voor intern begeleiders (2008)" in out
    out = app_en.text("what may the youth doctor share?")
    assert "Source: Wegwijzer voor intern begeleiders (2008)" in out


# -- safety first ---------------------------------------------------------------------------------
@pytest.mark.parametrize("message", ["kind zegt dat papa slaat", "acuut onveilig",
                                     "een kind vertelt dat het thuis geslagen wordt",
                                     "leerling durft niet naar huis, stiefvader slaat haar"])
def test_danger_is_answered_safety_first_in_dutch(app, message):
    first = app.text(message).splitlines()[:4]
    assert any("112" in line for line in first) and any("0800-2000" in line for line in first), first
    assert "het kind zelf is de bron" not in app.text(message)


@pytest.mark.parametrize("message", ["child says dad hits him", "a pupil told me she is abused at home"])
def test_danger_is_answered_safety_first_in_english(app_en, message):
    first = app_en.text(message).splitlines()[:4]
    assert any("112" in line for line in first) and any("0800-2000" in line for line in first), first


def test_safety_is_answered_even_in_a_team_room_without_a_question_mark(team_room):
    out = team_room.text("kind zegt net dat papa slaat", "@anna:x")
    assert "112" in out and "0800-2000" in out


# -- negation and facts ---------------------------------------------------------------------------
def test_no_objection_gives_the_no_objection_route_not_the_objection(app, app_en):
    out = app.text("ouders maken geen bezwaar")
    assert "Geen bezwaar" in out and "niet meer op naam" in out
    assert not out.startswith("Bezwaar")
    out = app_en.text("the parents have no objection")
    assert "No objection" in out


def test_a_number_in_a_question_does_not_start_a_dialogue(app):
    out = app.text("mag ik een leerling twee weken schorsen?")
    assert "schorsing" in out.casefold()
    turn = app.router.turn(_inbound(app, "wat is de verwijsindex"))
    assert not turn.in_dialogue
    assert "erwijsindex" in "\n".join(r.text for r in turn.replies)


def test_a_fact_not_stated_is_not_asserted(app):
    out = app.text("ouders blijven hulp mijden")
    assert "nog niet in het ZAT besproken" not in out
    assert "het kind zelf is de bron" not in out


# -- the member chooses a dialogue, which asks only what is missing --------------------------------
def test_the_member_may_choose_to_work_it_out_and_is_asked_only_what_is_missing(app):
    out = app.text("ouders willen niet tekenen maar maken ook geen bezwaar")
    assert "!toestemming advies" in out and "leeftijd" in out
    assert not app.router.turn(_inbound(app, "meer")).in_dialogue   # "meer" shows details, no dialogue
    asked = [app.text("uitzoeken")]
    assert "Hoe oud is de leerling?" in asked[0]
    asked += [app.text(answer) for answer in ("14", "1", "nee", "nee")]
    said = "\n".join(asked)
    # what the parents said was in the question: neither "informed?" nor "their answer?" is asked
    assert "al geïnformeerd" not in said and "Wat is het antwoord van" not in said
    assert "Geen bezwaar" in said or "instemming" in said.casefold()


def test_the_choice_to_work_it_out_starts_the_suspension_check_with_the_facts_given(app):
    out = app.text("mag ik een leerling drie dagen schorsen?")
    assert "!schorsing" in out
    assert "Om welke casus" in app.text("uitzoeken")
    assert "Welk onderwijs" in app.text("-")
    assert "Hoe oud is de leerling" in app.text("vo")
    out = app.text("14")
    assert "Hoe oud" not in out and "Hoe lang" not in out and "Hoeveel" not in out   # the length was given


# -- "meer" ---------------------------------------------------------------------------------------
def test_more_shows_the_details_of_the_last_answer(app, app_en):
    short = app.text("wat mag de jeugdarts delen?")
    assert "Typ meer" in short
    details = app.text("meer")
    assert details and details not in short and "Bronnen" in details
    assert app_en.text("what may the youth doctor share?")
    assert "Sources" in app_en.text("more")


def test_more_after_the_consent_advice_dialogue_shows_its_reasoning(app):
    app.text("!toestemming advies")
    short = "\n".join(app.text(answer) for answer in ("14", "1", "ja", "2", "nee", "nee"))
    assert "Advies: Instemming (geen bezwaar)" in short and "[003:" not in short
    details = app.text("meer")
    assert "buitenkantinformatie" in details and "Bronnen" in details


def test_more_at_the_end_of_a_check_shows_the_reasoning_and_keeps_the_question_open(app):
    app.text("!schorsing")
    for answer in ("-", "VO", "14", "twee weken", "maandag", "nee", "nee"):
        app.text(answer)
    short = app.text("nee")
    assert "Te lang" in short and "Typ meer" in short and "[003:" not in short
    assert "[003:L6316-6320]" in app.text("meer")          # the duties with their references
    assert "Vastgelegd: Schorsing nagaan" in app.text("2")   # the outcome question is still open


def test_a_typo_at_the_end_of_a_check_does_not_reprint_the_outcome(app):
    app.text("!schorsing")
    for answer in ("-", "VO", "14", "twee weken", "maandag", "nee", "nee"):
        app.text(answer)
    assert "Te lang" in app.text("nee")
    again = app.text("plaatsx")
    assert "Te lang" not in again and "Plan:" not in again and len(again.splitlines()) <= 4
    assert "Vastgelegd: Schorsing nagaan" in app.text("2")


def test_more_without_an_answer_before_says_so(app):
    out = app.text("meer")
    assert "niets meer" in out


def test_the_more_choice_is_a_button_value(app):
    replies = app.say("wat mag de jeugdarts delen?")
    assert any(choice.value == "meer" for reply in replies for choice in reply.choices)
    assert "Bronnen" in app.text("1")


# -- unsure: choices, and picking one answers ------------------------------------------------------
def test_unsure_offers_choices_and_picking_one_answers(app):
    reply = app.say("ouders")[-1]
    assert 2 <= len(reply.choices) <= 3, reply.text
    assert "Ik weet niet zeker wat je bedoelt" in reply.text
    labels = [choice.label for choice in reply.choices]
    assert "Toestemming van ouders om een leerling te bespreken" in labels
    out = app.text(str(labels.index("Toestemming van ouders om een leerling te bespreken") + 1))
    assert "toestemming" in out.casefold() and "Bron: " in out and "Ik weet niet zeker" not in out


@pytest.mark.parametrize("question, topic_label", [
    ("wanneer schakelen we de politie in", "Politie en Halt"),
    ("gescheiden ouders zijn het oneens over bespreking", "Gezag, gescheiden ouders en voogdij"),
])
def test_a_doubtful_question_offers_the_right_topic_among_the_choices(app, question, topic_label):
    reply = app.say(question)[-1]
    # offered among the choices, or answered at once on that topic
    assert topic_label in [choice.label for choice in reply.choices] or \
        topic_label.split()[0].casefold() in reply.text.casefold()


def test_outside_the_teams_work_names_what_the_bot_can_do(app, app_en):
    out = app.text("wat is de hoofdstad van Frankrijk?")
    assert "Dat kan ik niet plaatsen" in out and "!hulp" in out and "toestemming" in out
    out = app_en.text("what is the capital of France?")
    assert "I cannot place that" in out and "!help" in out


# -- team rooms -----------------------------------------------------------------------------------
@pytest.fixture
def team_room(app):
    """The same team in a Matrix team room (not direct), with Anna as a member."""
    with app.services.db.session() as session:
        team = session.get(Team, app.team_id)
        session.add(Room(transport="matrix", external_id="!team:x", team_id=team.id, encrypted=True))
        add_member(session, team, "matrix", "@anna:x", "Anna", {CHAIR})
    app.transport, app.room_id = "matrix", "!team:x"
    return app


@pytest.mark.parametrize("talk", ["goedemorgen allemaal", "ik ben er om 10 uur", "de ouders komen morgen, "
                                  "schoolgids ligt klaar", "koffie staat klaar", "meer"])
def test_chit_chat_in_a_team_room_is_ignored(team_room, talk):
    assert team_room.say(talk, "@anna:x") == []


def test_a_question_in_a_team_room_is_answered(team_room):
    out = team_room.text("wie zitten er in een ZAT?", "@anna:x")
    assert "ZAT" in out and "Bron" in out


# -- logging --------------------------------------------------------------------------------------
def test_the_log_names_the_topic_and_score_never_the_text(app, caplog):
    with caplog.at_level(logging.DEBUG):
        app.text("wie zitten er in een ZAT vandaag bij Jantje?")
    records = [r for r in caplog.records if r.getMessage() == "question understood"]
    assert records and records[0].topic == "team.composition" and records[0].score > 0
    assert not any("Jantje" in r.getMessage() or "Jantje" in str(r.__dict__) for r in caplog.records)


# -- the point asked, follow-ups, and what "uitzoeken" and "dat begrijp ik niet" do ------------------
@pytest.mark.parametrize("question, must, must_not", [
    ("wie beslist over schorsing", "bevoegd gezag", "Dat hangt af van het schooltype"),
    ("schorsing van 1 dag, moet de inspectie het weten?", "Nee", "Ja, bij"),
    ("vanaf welke leeftijd leerplichtig", "noemen de leeftijden van de leerplicht en de kwalificatieplicht niet",
     "ouders met gezag"),
    ("ouders willen een week eerder op vakantie, mag dat", "Leerplichtwet", "Ik weet niet zeker"),
    ("wat is een zorgmelding", "Bureau Jeugdzorg", "Ik weet niet zeker"),
    ("is een handtekening bij inschrijving genoeg als toestemming", "Nee.", "Kies in deze volgorde"),
    ("leerling van 14 weigert zelf, ouders geven wel toestemming", "ouders met gezag", "niet op naam in"),
])
def test_a_question_with_a_point_gets_that_point_first(app, question, must, must_not):
    out = app.text(question)
    first = out.splitlines()[0]
    assert must in out and must_not not in out, out
    assert "Ik weet niet zeker" not in first


def test_the_pupils_age_of_the_line_before_holds_for_the_next_question(app):
    app.text("het gaat om een leerling van 16 in het vo")
    out = app.text("mag ik haar ouders informeren over de bespreking?")
    assert "toestemming van de leerling" in out or "beslist de leerling zelf" in out
    assert not out.startswith("Waren de ouders er niet bij")


def test_a_what_if_after_an_answer_recomputes_it_for_the_new_age(app, app_en):
    app.text("leerling is 15, mag ik haar bespreken")
    assert "beslist de leerling zelf" in app.text("en als ze 16 is?")
    assert "meerderjarig" in app.text("en 18?")
    app_en.text("pupil is 14, may I discuss her in the ZAT")
    assert "From 16 the pupil decides" in app_en.text("and if she is 16?")


def test_find_out_with_nothing_to_work_out_says_so_and_answers_nothing_else(app, app_en):
    out = app.text("uitzoeken")
    assert "niets om uit te zoeken" in out and "Verwijderen" not in out
    assert "nothing to work out" in app_en.text("find out")


def test_a_chosen_find_out_dialogue_asks_again_instead_of_closing(app):
    app.text("schorsing hoelang max")
    assert "Om welke casus gaat het?" in app.text("uitzoeken")
    again = app.text("vso")
    assert "Dat kan ik niet plaatsen" not in again
    assert "Welk onderwijs?" in app.text("Z-3")


def test_not_understanding_an_answer_offers_the_details_or_other_words(app, app_en):
    app.text("hoe lang mag een schorsing in het voortgezet onderwijs duren")
    out = app.text("Dat begrijp ik niet")
    assert "Typ meer" in out and "Dat kan ik niet plaatsen" not in out
    assert "Bronnen" in app.text("meer")      # the answer's details are still there after the question
    assert "What is unclear" in app_en.text("I don't understand")   # nothing answered before
    app_en.text("how long can a suspension in secondary school last")
    assert "Type more" in app_en.text("I don't understand")


def test_self_harm_gets_112_first_then_113_and_the_youth_doctor(app, app_en):
    out = app.text("meisje van 13 zegt dat ze zichzelf snijdt")
    assert out.index("112") < out.index("113") and "0800-0113" in out and "jeugdarts" in out
    assert "huidige praktijk" in out
    out = app_en.text("a boy told me he wants to kill himself")
    assert out.index("112") < out.index("113") and "youth doctor" in out
