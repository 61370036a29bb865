"""!toestemming: advice dialogue, register, refusal without the director, objection at once, status,
letters and plain questions, in Dutch and English."""
from __future__ import annotations

import pytest
from sqlmodel import select

from core.i18n import catalog
from core.policy import CONSENT_OPTIONS as OPTIONS
from dialogues.knowledge.consent import letter_fields
from state.consents import EVENTS, GIVERS
from state.models import AuditEntry, Case, Consent
from state.privacy import case_label, may_be_named_on_agenda


def run(app, lines, user="chair"):
    """Say each line in turn; the text of the last reply."""
    out = ""
    for line in lines:
        out = app.text(line, user)
    return out


def record(app, code, *answers, user="chair"):
    app.text(f"!toestemming vastleggen {code}", user)
    return run(app, answers, user)


def case_of(app, code):
    with app.services.db.session() as session:
        case = session.exec(select(Case).where(Case.team_id == app.team_id, Case.code == code)).first()
        return (case_label(session, case, "nl"), may_be_named_on_agenda(session, case)) if case else None


WRITTEN = ("1", "schriftelijk", "ouders", "20-11-2026", "SMW, JGZ", "beide", "ja", "-", "ja")
NO_OBJECTION = ("gegeven", "2", "1", "gisteren", "SMW", "zorgteam", "-", "ja")


# -- register --------------------------------------------------------------------------------------
def test_written_consent_is_recorded_with_every_field_and_audited(app):
    out = record(app, "z-17", *WRITTEN)
    assert "Vastgelegd voor Z-17: toestemming gegeven, Schriftelijke toestemming." in out
    assert "Z-17 mag nu op naam in agenda, acties en verslagen." in out
    with app.services.db.session() as session:
        row = session.exec(select(Consent)).one()
        assert (row.event, row.option, row.given_by) == ("given", "written_consent", "parents")
        assert row.given_on.date().isoformat() == "2026-11-20"
        assert row.partners == ["SMW", "JGZ"] and row.teams == ["zorgteam", "zat"]
        assert row.partners_may_consult_files is True and row.recorded_by is not None
        audit = session.exec(select(AuditEntry).where(AuditEntry.action == "consent/recorded")).one()
        assert audit.subject == "case:Z-17"
        assert audit.details == {"event": "given", "option": "written_consent"}   # no free text
    assert case_of(app, "Z-17") == ("Z-17", (True, "consent.naming_allowed"))


def test_written_consent_needs_named_partners_and_a_real_past_date(app):
    app.text("!toestemming vastleggen Z-17")
    run(app, ["1", "1", "1"])
    assert "in de toekomst" in app.text("01-12-2026")
    assert "bestaat niet" in app.text("31-02-2026")
    assert "vandaag" in app.text("volgende week")
    app.text("20-11-2026")
    assert "met name genoemd" in app.text("-")
    assert "Voor welk overleg" in app.text("SMW")


def test_the_summary_can_be_refused_and_nothing_is_stored(app):
    out = record(app, "Z-17", *WRITTEN[:-1], "nee")
    assert "Wat klopt er niet? Typ wijzig en het nummer" in out     # "nee" keeps the answers
    assert "niet opgeslagen" in app.text("stop")
    assert case_of(app, "Z-17") is None


def test_one_answer_is_changed_at_the_summary_and_the_rest_is_kept(app):
    out = record(app, "Z-17", *WRITTEN[:-1])
    assert "1. Door: de ouders" in out and "2. Datum: vrijdag 20 november 2026" in out
    assert "wijzig" in out
    assert "Wat klopt er niet" in app.text("nee")
    assert "Op welke datum?" in app.text("wijzig 2")
    out = app.text("19-11-2026")
    assert "2. Datum: donderdag 19 november 2026" in out and "Partners: SMW en JGZ" in out
    assert "Vastgelegd voor Z-17" in app.text("ja")
    with app.services.db.session() as session:
        row = session.exec(select(Consent)).one()
        assert row.given_on.date().isoformat() == "2026-11-19" and row.partners == ["SMW", "JGZ"]


def test_a_note_question_answered_yes_asks_for_the_text(app):
    out = record(app, "Z-17", *WRITTEN[:-2], "ja")
    assert "Typ de notitie zelf" in out and "Klopt dit?" not in out
    out = app.text("Ouders bellen liever na 15 uur.")
    assert "Notitie: Ouders bellen liever na 15 uur." in out and "Notitie: ja" not in out


def test_objection_takes_effect_at_once(app):
    record(app, "Z-17", *NO_OBJECTION)
    assert case_of(app, "Z-17")[0] == "Z-17"
    out = record(app, "Z-17", "bezwaar", "ouders", "vandaag", "-", "ja")
    assert "Dit geldt vanaf nu." in out
    assert "Z-17 wordt vanaf nu anoniem getoond en kan niet op naam op de agenda." in out
    assert case_of(app, "Z-17") == ("anonieme casus A", (False, "consent.naming_objection"))
    status = app.text("!toestemming Z-17")
    assert "Toestemming Z-17: Instemming (geen bezwaar). Getoond: anoniem." in status
    assert status.index("bezwaar gemaakt") < status.index("toestemming gegeven")   # newest first


def test_withdrawal_of_written_consent_anonymises_and_new_consent_names_again(app):
    record(app, "Z-17", *WRITTEN)
    record(app, "Z-17", "3", "1", "vandaag", "-", "ja")
    assert case_of(app, "Z-17") == ("anonieme casus A", (False, "consent.naming_withdrawn"))
    record(app, "Z-17", *WRITTEN)
    assert case_of(app, "Z-17")[0] == "Z-17"


def test_anonymous_option_never_names(app):
    record(app, "Z-17", "1", "anoniem", "ouders", "vandaag", "-", "ja")
    assert case_of(app, "Z-17") == ("anonieme casus A", (False, "consent.naming_anonymous"))


def test_consent_for_the_zat_only_does_not_name_the_case_in_a_zorgteam(app):
    record(app, "Z-17", "1", "1", "1", "vandaag", "SMW", "ZAT", "nee", "-", "ja")
    assert case_of(app, "Z-17") == ("anonieme casus A", (False, "consent.naming_team_not_covered"))


def test_consent_given_never_leads_to_the_decision_without_consent(app):
    app.add_member("Dirk", "directeur")
    out = app.text("!toestemming vastleggen Z-17", "Dirk")
    assert "besluit zonder toestemming (alleen de directeur)" in out
    out = app.text("gegeven", "Dirk")
    assert "Welke optie?" in out and "Zonder toestemming" not in out


def test_without_consent_is_refused_for_anyone_but_the_director(app):
    app.add_member("Anna", "ib")
    app.text("!toestemming vastleggen Z-17", "Anna")
    out = app.text("4", "Anna")    # the director's decision is its own choice, not "toestemming gegeven"
    assert "Alleen een directeur kan bespreking zonder toestemming vastleggen" in out
    assert "003:L2948-2956" in out
    assert "Wat wil je vastleggen" in out               # asked again: another choice or stop
    assert "Gestopt" in app.text("stop", "Anna")
    assert case_of(app, "Z-17") is None


def test_the_director_records_without_consent_with_a_motivation(app):
    app.add_member("Dirk", "directeur")
    out = record(app, "Z-17", "zonder toestemming", "nee", "ja", "ja", "vandaag", "SMW", "3",
                 "Ernstige zorgen, ouders weigeren elke medewerking.", "Huisbezoek SMW afgesproken.", "-", "ja",
                 user="Dirk")
    assert "Vastgelegd voor Z-17: besluit van de directeur, Zonder toestemming (zeer uitzonderlijk)." in out
    status = app.text("!toestemming Z-17", "Dirk")
    assert "besluit directeur: Dirk" in status and "Motivering: Ernstige zorgen" in status
    assert "Besproken en uitkomst: Huisbezoek SMW afgesproken." in status
    assert case_of(app, "Z-17") == ("Z-17", (True, "consent.naming_allowed"))
    with app.services.db.session() as session:
        row = session.exec(select(Consent)).one()
        assert row.given_by == "director" and row.director_member_id is not None


def test_a_too_short_motivation_is_asked_again(app):
    app.add_member("Dirk", "directeur")
    app.text("!toestemming vastleggen Z-17", "Dirk")
    run(app, ["4", "ja", "ja", "vandaag", "-", "1"], "Dirk")
    assert "Schrijf de motivering" in app.text("kort", "Dirk")


@pytest.mark.parametrize("answers", [
    ("nee", "nee"),                  # no weighty reason: a refusal alone is no ground
    ("nee", "weet ik niet"),         # not known counts as not met
    ("weet ik niet", "nee"),
    ("ja", "nee"),                   # a ground, but asking would not endanger the pupil
    ("nee", "ja", "weet ik niet"),
])
def test_without_consent_is_not_recorded_when_its_conditions_are_not_met(app, answers):
    app.add_member("Dirk", "directeur")
    app.text("!toestemming vastleggen Z-17", "Dirk")
    out = app.text("4", "Dirk")
    assert "zeer uitzonderlijke gevallen" in out and "003:L2926-2930" in out and "Weet ik niet" in out
    out = run(app, answers, "Dirk")
    assert "Dan is niet voldaan aan de voorwaarden voor bespreken zonder toestemming" in out
    assert "schriftelijke toestemming, instemming (geen bezwaar) of anoniem" in out
    assert "Niets vastgelegd." in out and "Vastgelegd voor" not in out and "Op welke datum" not in out
    assert case_of(app, "Z-17") is None
    assert "Gestopt" not in app.text("!toestemming Z-17", "Dirk")   # the dialogue is over


def test_without_consent_conditions_and_change_in_english(app_en):
    app_en.add_member("Dirk", "directeur")
    app_en.text("!consent record Z-17", "Dirk")
    out = app_en.text("4", "Dirk")
    assert "very exceptional cases" in out and "I don't know" in out
    out = run(app_en, ["no", "I don't know"], "Dirk")
    assert "the conditions for discussing without consent are not met" in out
    assert "Nothing recorded." in out and "Niets" not in out and "Recorded for" not in out
    app_en.text("!consent record Z-17", "Dirk")
    out = run(app_en, ["4", "yes", "yes", "today", "SMW", "1", "Serious worries, unsafe at home.", "-", "yes"],
              "Dirk")
    assert "Type the note itself" in out
    out = app_en.text("-", "Dirk")
    assert "change 2" in out and "Is this right?" in out
    assert "What is not right?" in app_en.text("no", "Dirk")
    assert "On what date?" in app_en.text("change 1", "Dirk")
    out = app_en.text("yesterday", "Dirk")
    assert "1. Date: Tuesday 24 November 2026" in out   # yesterday, by the test clock
    assert "Recorded for Z-17" in app_en.text("yes", "Dirk")


def test_the_store_refuses_without_consent_without_a_director(app):
    """The director check holds in the store too, not only at the option question of the dialogue."""
    from state.consents import ConsentRefused, record_consent
    from datetime import date
    with app.services.db.session() as session:
        case = Case(team_id=app.team_id, code="Z-9")
        session.add(case)
        session.flush()
        with pytest.raises(ConsentRefused):
            record_consent(session, case=case, event="given", option="without_consent", given_by=None,
                           given_on=date(2026, 11, 20), motivation="zwaarwegend", recorded_by=None,
                           now=app.services.clock.now())


def test_recording_needs_a_lead_role(app):
    app.add_member("Karim", "smw")
    assert "voorzitter" in app.text("!toestemming vastleggen Z-17", "Karim")


def test_english_register_and_status(app_en):
    app_en.text("!consent record Z-4")
    out = run(app_en, ["given", "no objection", "parents", "today", "SMW and JGZ", "both", "-", "yes"])
    assert "Recorded for Z-4: consent given, No objection (instemming)." in out
    status = app_en.text("!consent Z-4")
    assert "Consent Z-4: No objection (instemming). Shown: by name." in status
    assert "partners: SMW and JGZ" in status


# -- status ----------------------------------------------------------------------------------------
def test_status_without_a_record(app):
    out = app.text("!toestemming Z-5")
    assert "Voor Z-5 is geen toestemming vastgelegd" in out and "!toestemming advies" in out


def test_bare_command_shows_help(app):
    out = app.text("!toestemming")
    assert "!toestemming advies" in out and "!toestemming vastleggen" in out


# -- advice ----------------------------------------------------------------------------------------
ADVICE = {
    # answers -> the option the advice names
    "written_consent": (["8 jaar", "1", "ja", "1", "nee"], "Advies: Schriftelijke toestemming"),
    "no_objection": (["14", "1", "ja", "2", "nee", "nee"], "Advies: Instemming (geen bezwaar)"),
    "anonymous": (["1", "1", "ja", "3", "nee", "nee"], "Advies: Anonieme bespreking"),
    "without_consent": (["1", "1", "nee", "ja", "nee", "nee"], "Advies: Zonder toestemming (zeer uitzonderlijk)"),
}


@pytest.mark.parametrize("option", OPTIONS)
def test_advice_reaches_each_option_with_sources(app, option):
    answers, heading = ADVICE[option]
    app.text("!toestemming advies")
    out = run(app, answers)
    assert heading in out
    assert "Wie beslist:" in out and "Volgende stappen:" in out and "Bron: Wegwijzer" in out
    assert len(out.splitlines()) <= 16 and "[003:" not in out          # short first, on a phone screen
    details = app.text("meer")                                          # the reasoning on request
    body = [line for line in details.splitlines() if line.startswith("- ") and "(00" not in line]
    assert body and all(line.rstrip().endswith("]") for line in body)   # every statement cited
    if option == "without_consent":
        assert "Alleen de directeur kan dit besluiten" in out
    if option == "no_objection":
        assert "buitenkantinformatie" in details                         # outside information only
    if option == "written_consent":
        assert "!toestemming brief <casuscode> schriftelijk" in out


def test_advice_for_12_to_15_warns_double_consent_does_not_apply(app):
    app.text("!toestemming advies")
    out = run(app, ["13 jaar", "1", "ja", "1", "nee", "nee"])
    assert "dubbele toestemming" in out and "niet voor bespreking in het zorgteam" in out
    assert "De ouders met gezag" in out


def test_advice_for_16_year_old_skips_authority_and_names_the_pupil(app):
    app.text("!toestemming advies")
    asked = app.text("16")
    assert "Heeft de school de leerling zelf" in asked and "Zijn de leerling" not in asked   # one pupil, one verb
    out = run(app, ["ja", "1", "nee", "nee"])
    assert "De leerling zelf" in out


def transcript(app, lines):
    return "\n".join(app.text(line) for line in lines)


@pytest.mark.parametrize("age", ["16", "17 jaar", "19"])
def test_advice_from_16_does_not_ask_about_the_parents_refusing(app, age):
    # From 16 the pupil decides; the "serious concerns while the parents refuse" ground is the parents'.
    app.text("!toestemming advies")
    told = transcript(app, [age, "ja", "3", "nee", "nee", "nee"])          # the pupil objects
    assert "ouders elke medewerking weigeren" not in told and "toestemming van de ouders" not in told
    assert "Advies: Zonder toestemming" not in told
    app.text("!toestemming advies")
    untold = transcript(app, [age, "nee", "nee", "nee", "nee"])             # nobody told yet
    assert "ouders elke medewerking weigeren" not in untold and "Advies:" in untold


def test_advice_under_16_still_asks_about_the_parents_refusing(app):
    app.text("!toestemming advies")
    assert "ouders elke medewerking weigeren" in transcript(app, ["14", "1", "ja", "3"])


def test_advice_from_16_in_english_does_not_ask_about_the_parents(app_en):
    app_en.text("!consent advice")
    told = "\n".join(app_en.text(line) for line in ["17 years", "yes", "3", "no", "no", "no"])
    assert "parents refuse all cooperation" not in told and "Advice:" in told
    app_en.text("!consent advice")
    assert "parents refuse all cooperation" in "\n".join(app_en.text(line) for line in ["14", "1", "yes", "3"])


def test_advice_accepts_no_age_outside_school_ages(app):
    app.text("!toestemming advies")
    assert "Kies 1-4 of typ een leeftijd" in app.text("99 jaar")


def test_advice_in_english(app_en):
    app_en.text("!consent advice")
    out = run(app_en, ["17 years", "no", "no", "yes", "no"])
    assert "Advice: Without consent (very exceptional)" in out
    assert "Only the director can decide and record this" in out


def test_advice_for_a_parent_without_authority_explains_information_rights(app):
    app.text("!toestemming advies")
    out = run(app, ["9", "2", "ja", "1", "nee"])
    assert "De ouder zonder gezag beslist niet" in out


# -- letters ---------------------------------------------------------------------------------------
def test_written_consent_letter_filled_from_team_and_record(app):
    app.add_member("Anna", "ib")
    record(app, "Z-17", *WRITTEN)
    replies = app.say("!toestemming brief Z-17 schriftelijk")
    text = replies[0].text
    assert "Zorgteam De Wilgen" in text and "SMW en JGZ" in text
    assert "[naam leerling]" in text and "Met vriendelijke groet,\nAnna" in text
    assert "Z-17" not in text.split("\n\n", 1)[1]          # the code is not in the letter itself
    name, body, mime = replies[0].attachment
    assert name == "toestemming-Z-17-nl.txt" and mime == "text/plain" and "[naam leerling]" in body.decode()
    assert "{" not in text


def test_notice_letter_in_english_uses_team_roles_when_no_record(app):
    app.add_member("Karim", "smw")
    text = app.text("!toestemming brief Z-3 bezwaar en")
    assert "Subject: intention to discuss [pupil's name] in the care team" in text
    assert "These partners take part in the discussion: school social work." in text


def test_a_letter_for_a_pupil_of_sixteen_goes_to_the_pupil_not_the_parents(app):
    replies = app.say("!toestemming brief Z-17 schriftelijk leerling")
    text = replies[0].text
    assert "Deze brief gaat naar de leerling zelf" in text
    letter_text = replies[0].attachment[1].decode()
    assert letter_text.startswith("Aan: [naam leerling]") and "Omdat je 16 jaar of ouder bent, beslis je dit zelf" in letter_text
    assert "ouder(s)" not in letter_text and "Ondergetekende(n)" not in letter_text
    assert "Je ouders krijgen geen informatie van ons zonder jouw toestemming" in letter_text
    en = app.text("!toestemming brief Z-17 bezwaar pupil en")
    assert "Dear [name of pupil]" in en and "your parents get no information from us without your consent" in en


def test_the_pupil_letter_says_je_throughout_also_in_its_blanks(app):
    letter_text = app.say("!toestemming brief Z-17 bezwaar leerling")[0].attachment[1].decode()
    assert "[de vraag die het team wil bespreken]" in letter_text
    assert " u " not in letter_text and "[de vraag die u wilt bespreken]" not in letter_text


def test_a_letter_for_a_case_whose_pupil_gave_consent_is_addressed_to_the_pupil(app):
    record(app, "Z-17", "1", "schriftelijk", "leerling", "20-11-2026", "SMW", "beide", "ja", "-", "ja")
    assert "Aan: [naam leerling]" in app.text("!toestemming brief Z-17 schriftelijk")


def test_a_letter_option_that_is_not_understood_changes_nothing(app):
    text = app.text("!toestemming brief Z-17 schriftelijk oma")
    assert "Dat woord ken ik hier niet: oma" in text and "Aan:" not in text


def test_unknown_letter_kind(app):
    assert "Welke brief bedoel je met 'foo'" in app.text("!toestemming brief Z-3 foo")


def test_letter_warns_when_an_objection_is_on_record(app):
    record(app, "Z-17", *NO_OBJECTION)
    record(app, "Z-17", "bezwaar", "ouders", "vandaag", "-", "ja")
    assert "is nu bezwaar of intrekking vastgelegd" in app.text("!toestemming brief Z-17 bezwaar")


# -- plain questions (answered by handlers/questions.py from the advice layer) ----------------------
# Sources are cited as professionals know them ("Bron: Wegwijzer ... (2008), hoofdstuk ..."), not as
# raw "[003:...]" references.
@pytest.mark.parametrize("question, expected", [
    ("mag ik een leerling bespreken zonder de ouders te vragen?", "toestemming"),
    ("is de schoolgids genoeg?", "een regel in de schoolgids of een handtekening bij inschrijving is geen toestemming"),
    ("waar wordt de informatie van het zorgteam bewaard?", "hoort in het zorgdossier van de school"),
    ("welke rechten heeft een vader zonder gezag?", "ouders met gezag"),
])
def test_dutch_questions_get_a_sourced_answer(app, question, expected):
    out = app.text(question)
    assert expected in out and "Bron: Wegwijzer voor intern begeleiders (2008)" in out and "[003:" not in out


@pytest.mark.parametrize("question, expected", [
    ("what may the youth doctor share?", "outside information"),
    ("where is team information stored?", "in the school's care file"),
    ("is the school guide enough as consent?", "No. A signature at enrolment or a line in the school guide is not consent"),
])
def test_english_questions_get_a_sourced_answer(app_en, question, expected):
    out = app_en.text(question)
    assert expected in out and "Source: Wegwijzer voor intern begeleiders (2008)" in out and "[003:" not in out


def test_which_option_question_offers_the_advice_and_starts_it_when_chosen(app, app_en):
    out = app.text("welke toestemmingsoptie is van toepassing?")
    assert "!toestemming advies" in out and "Hoe oud is de leerling?" not in out
    assert "Hoe oud is de leerling?" in app.text("uitzoeken")
    assert "!consent advice" in app_en.text("which consent option applies?")
    assert "How old is the pupil?" in app_en.text("find out")


def test_a_question_about_reading_the_records_gets_the_records_answer(app):
    out = app.text("mogen de ouders het verslag lezen?")
    assert "recht op kennisneming" in out and "Bron: " in out


def test_other_questions_are_not_answered_from_the_sources(app):
    out = app.text("wat is de hoofdstad van Frankrijk?")
    assert "Dat kan ik niet plaatsen" in out and "!hulp" in out and "Bron" not in out


def test_in_a_team_room_only_questions_are_answered(app):
    from state.models import Room, Team
    from state.teams import add_member
    with app.services.db.session() as session:
        team = session.get(Team, app.team_id)
        session.add(Room(transport="matrix", external_id="!team:x", team_id=team.id, encrypted=True))
        add_member(session, team, "matrix", "@anna:x", "Anna", {"ib"})
    app.transport, app.room_id = "matrix", "!team:x"
    assert app.say("de ouders komen morgen, schoolgids ligt klaar", "@anna:x") == []
    assert "schoolgids" in app.text("is de schoolgids genoeg?", "@anna:x")


# -- catalog keys built at run time ----------------------------------------------------------------
def test_keys_built_at_run_time_exist():
    keys = [f"consent.event_{e}" for e in EVENTS] + [f"consent.giver_{g}" for g in GIVERS]
    keys += [f"consent.teams_{t}" for t in ("zorgteam", "zat", "both")]
    keys += [f"consent.letter_team_{k}" for k in ("zorgteam", "zat", "cvb")]
    # A decision to discuss without consent is its own choice in the register (consent.event_decision_choice),
    # not one of the options offered there.
    keys += [f"consent.option_{o}" for o in OPTIONS if o != "without_consent"]
    keys += ["consent.event_decision_choice"]
    for lang in ("nl", "en"):
        assert not [k for k in keys if k not in catalog(lang)], lang


def test_every_letter_field_is_filled():
    from handlers.consent_letters import BLANKS
    filled = set(BLANKS) | {"school", "team", "partners", "date", "contact_person", "complaints_contact"}
    for kind in ("written_consent", "no_objection"):
        assert set(letter_fields(kind)) <= filled


def test_the_confirmation_keeps_the_free_text_note_from_where_only_codes_may_travel(app):
    from core.messages import privacy_of
    app.text("!toestemming vastleggen Z-17")
    replies = []
    for answer in WRITTEN[:-2] + ("ouders bellen na de zomer",):
        replies = app.say(answer)
    confirm = replies[-1]
    assert "ouders bellen na de zomer" in confirm.text          # shown here: the console is trusted
    assert privacy_of(confirm) == "full"
    assert "ouders bellen na de zomer" not in confirm.withheld_text
    assert "Z-17" in confirm.withheld_text and "SMW" in confirm.withheld_text
