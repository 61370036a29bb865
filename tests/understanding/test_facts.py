"""Facts read from a message: only what it states, with negation read correctly."""
from __future__ import annotations

import pytest

from dialogues.knowledge.facts import Facts
from dialogues.understanding import understand


def facts(text: str, lang: str = "nl") -> Facts:
    return understand(text, lang).facts


@pytest.mark.parametrize("text, state", [
    ("ouders hebben geen bezwaar", "no_objection"),
    ("ouders maken geen bezwaar tegen bespreking", "no_objection"),
    ("ouders willen niet tekenen maar maken ook geen bezwaar", "no_objection"),
    ("ouders zijn er niet tegen dat we het bespreken", "no_objection"),
    ("ouders maken bezwaar tegen bespreking in het zorgteam", "objection"),
    ("vader heeft bezwaar tegen het bespreken", "objection"),
    ("we willen bespreken zonder toestemming", "not_asked"),
    ("toestemming is nog niet gevraagd", "not_asked"),
    ("ouders hebben getekend", "given"),
    ("moeder heeft toestemming gegeven", "given"),
    ("ouders weigeren", "refused"),
    ("ouders willen niet tekenen", "refused"),
    ("ouders geven geen toestemming", "refused"),
    ("ouders trekken hun toestemming in", "withdrawn"),
    ("moeder heeft de toestemming ingetrokken", "withdrawn"),
])
def test_consent_state_dutch(text, state):
    assert facts(text).consent == state


@pytest.mark.parametrize("text, state", [
    ("parents have no objection", "no_objection"),
    ("parents won't sign but don't object", "no_objection"),
    ("the parents object to discussing him", "objection"),
    ("we want to discuss without consent", "not_asked"),
    ("we have not asked the parents yet", "not_asked"),
    ("both parents signed the form", "given"),
    ("parents refuse consent", "refused"),
    ("mother withdrew her consent", "withdrawn"),
])
def test_consent_state_english(text, state):
    assert facts(text, "en").consent == state


def test_no_objection_is_never_read_as_objection():
    for text, lang in (("geen bezwaar", "nl"), ("ouders: geen bezwaar, wel geen handtekening", "nl"),
                       ("no objection from the parents", "en")):
        assert facts(text, lang).consent == "no_objection", text


def test_a_disagreement_about_a_suspension_is_not_about_consent():
    understood = understand("ouders zijn het niet eens met de schorsing", "nl")
    assert understood.topic == "suspension"
    assert understood.facts.consent is None
    assert facts("ouders maken bezwaar tegen de schorsing").consent is None


def test_pupil_objects_to_telling_the_parents():
    read = facts("leerling van 16 wil niet dat zijn ouders het weten")
    assert read.pupil_objects is True
    assert read.age == 16
    assert read.consent is None              # the parents said nothing
    assert facts("he doesn't want his parents to know", "en").pupil_objects is True
    # without "zijn"/"his": still the pupil's wish about the parents, not the parents refusing
    bare = facts("leerling van 17 wil niet dat ouders het weten")
    assert (bare.pupil_objects, bare.consent, bare.age) == (True, None, 17)
    assert facts("she doesn't want parents to know", "en").pupil_objects is True


def test_a_seventeen_year_old_who_keeps_it_from_the_parents_decides_herself(app):
    out = app.text("leerling van 17 wil niet dat ouders het weten")
    assert "Vanaf 16" in out or "vanaf 16" in out
    assert "niet op naam" not in out          # she did not refuse to be discussed


@pytest.mark.parametrize("text, lang, age", [
    ("een meisje van 14 op de havo", "nl", 14), ("14-jarige jongen", "nl", 14), ("leerling (15) klas 3", "nl", 15),
    ("hij is 17", "nl", 17), ("kind van twaalf jaar", "nl", 12), ("he is 17", "en", 17),
    ("a 13-year-old girl", "en", 13), ("pupil aged 16", "en", 16),
])
def test_age(text, lang, age):
    assert facts(text, lang).age == age


@pytest.mark.parametrize("text", [
    "schorsing van 3 dagen", "leerling in groep 7", "klas 3 havo", "overleg over 2 weken",
    "de 2e keer dit jaar", "we hebben 4 casussen",
])
def test_numbers_that_are_not_an_age_are_not_read_as_age(text):
    assert facts(text).age is None


@pytest.mark.parametrize("text, lang, school", [
    ("leerling in groep 7", "nl", "po"), ("basisschool", "nl", "po"), ("PO", "nl", "po"),
    ("een brugklasser", "nl", "vo"), ("havo 4", "nl", "vo"), ("klas 3 vmbo", "nl", "vo"), ("VO school", "nl", "vo"),
    ("SO leerling", "nl", "so"), ("speciaal onderwijs", "nl", "so"), ("MBO student", "nl", "mbo"),
    ("zit op het ROC", "nl", "mbo"), ("primary school pupil", "en", "po"), ("secondary school", "en", "vo"),
    ("special education", "en", "so"),
])
def test_school_type(text, lang, school):
    assert facts(text, lang).school_type == school


def test_so_as_an_english_word_is_not_special_education():
    assert facts("so what now with this pupil", "en").school_type is None


@pytest.mark.parametrize("text, lang, authority", [
    ("beide ouders hebben gezag", "nl", "both_parents"), ("gezamenlijk gezag", "nl", "both_parents"),
    ("moeder heeft eenhoofdig gezag", "nl", "one_parent"), ("vader heeft geen gezag", "nl", "one_parent"),
    ("er is een voogd", "nl", "guardian"), ("gezinsvoogd is betrokken", "nl", "family_guardian"),
    ("er loopt een OTS", "nl", "family_guardian"), ("ondertoezichtstelling", "nl", "family_guardian"),
    ("joint custody", "en", "both_parents"), ("the child has a guardian", "en", "guardian"),
    ("there is a supervision order", "en", "family_guardian"),
    ("moeder heeft gezag, vader niet", "nl", "one_parent"), ("vader heeft het gezag maar moeder niet", "nl", "one_parent"),
    ("mother has custody but the father doesn't", "en", "one_parent"),
])
def test_authority(text, lang, authority):
    assert facts(text, lang).authority == authority


def test_the_father_without_authority_who_calls_gets_the_one_parent_answer(app):
    out = app.text("moeder heeft gezag, vader niet. vader belt en wil weten hoe het gaat")
    assert "Meestal hebben beide ouders samen het gezag" not in out     # contradicts what was said
    assert "zonder gezag" in out


def test_divorce_alone_states_no_authority():
    assert facts("ouders zijn gescheiden, wie moet tekenen").authority is None


@pytest.mark.parametrize("text, lang, days", [
    ("schorsing van 3 dagen", "nl", 3), ("3 dagen geschorst", "nl", 3), ("een week schorsen", "nl", 5),
    ("schorsing van twee weken", "nl", 10), ("suspended for two days", "en", 2), ("a one week suspension", "en", 5),
])
def test_suspension_days_as_stated_a_week_being_five_school_days(text, lang, days):
    assert facts(text, lang).suspension_days == days


def test_no_suspension_days_when_none_were_said():
    assert facts("schorsing hoelang max").suspension_days is None
    assert facts("overleg over 3 dagen").suspension_days is None


def test_not_discussed_in_the_zat():
    assert facts("casus nog niet besproken in het ZAT").discussed_in_zat is False
    assert facts("is al besproken in het zat").discussed_in_zat is True
    assert facts("not yet discussed in the ZAT", "en").discussed_in_zat is False
    assert facts("wanneer naar het zat").discussed_in_zat is None


def test_parents_avoiding_help():
    assert facts("ouders houden de boot af").parents_avoid_help is True
    assert facts("parents keep avoiding help", "en").parents_avoid_help is True
    assert facts("ouders werken goed mee").parents_avoid_help is False


def test_nothing_stated_nothing_filled():
    assert facts("hoe werkt de meldcode") == Facts()
    assert facts("wie zitten er in een ZAT?") == Facts()
    assert facts("what goes in the minutes", "en") == Facts()


def test_pupil_objects_with_the_school_as_subject():
    read = facts("de leerling is 17 en wil niet dat we zijn ouders inlichten")
    assert (read.pupil_objects, read.consent, read.age) == (True, None, 17)
    read = facts("she doesn't want us to tell her parents", "en")
    assert (read.pupil_objects, read.consent) == (True, None)


def test_a_parent_not_wanting_a_discussion_is_a_refusal():
    assert facts("father doesn't want us to discuss her", "en").consent == "refused"
    assert facts("vader wil niet dat we haar bespreken").consent == "refused"


def test_a_signature_at_enrolment_is_not_read_as_consent():
    # a line in the school guide or a signature at enrolment is no consent (003:L2823-2833)
    assert facts("moeder heeft bij de inschrijving een formulier getekend").consent is None
    assert facts("the parents signed the form at enrolment", "en").consent is None
    assert facts("ouders hebben getekend voor de bespreking").consent == "given"


def test_refusing_help_is_not_refusing_consent():
    read = facts("the parents keep refusing every offer of help", "en")
    assert (read.parents_avoid_help, read.consent) == (True, None)
    read = facts("ouders weigeren alle hulp en geven geen toestemming")
    assert (read.parents_avoid_help, read.consent) == (True, "refused")


# -- the point a question asks within its topic (Facts.point), and the topic it decides ---------------
@pytest.mark.parametrize("text, lang, point, topic", [
    ("tot welke leeftijd is een kind leerplichtig", "nl", "leerplicht_age", "route.leerplicht"),
    ("until what age do they have to be in school", "en", "leerplicht_age", "route.leerplicht"),
    ("een leerling is 20 uur ongeoorloofd afwezig, moet ik dat melden", "nl", "absence_report", "route.leerplicht"),
    ("ouders vragen verlof om eerder op vakantie te gaan", "nl", "leave", "route.leerplicht"),
    ("the family wants extra leave for a holiday", "en", "leave", "route.leerplicht"),
    ("moet de inspectie weten dat we schorsen", "nl", "suspension_notify", "suspension"),
    ("who may suspend a pupil", "en", "suspension_who", "suspension"),
    ("horen ouders vooraf van een melding bij Veilig Thuis", "nl", "vt_inform_parents", "veilig_thuis"),
    ("wat houdt een zorgmelding in", "nl", "zorgmelding", "veilig_thuis"),
    ("what is the difference between advice and a report at veilig thuis", "en", "advice_vs_report", "veilig_thuis"),
    ("telt de handtekening bij inschrijving als toestemming", "nl", "enrolment_signature", "consent"),
    ("must a 13 year old consent too, besides her parents", "en", "double_consent", "consent"),
    ("may I email the minutes to the GP", "en", "school_sends", "privacy.sharing"),
    ("mogen we een leerling verwijderen om zijn slechte cijfers", "nl", "expulsion_progress", "expulsion"),
])
def test_the_point_asked_is_read_and_decides_the_topic(text, lang, point, topic):
    understood = understand(text, lang)
    assert understood.facts.point == point and understood.topic == topic and understood.sure


@pytest.mark.parametrize("text, lang", [
    ("moeten vader en moeder allebei ook toestemming geven", "nl"),   # authority, not the pupil's consent
    ("actie overzetten naar anouk want ik ga met verlof", "nl"),      # a colleague's leave
    ("how do we report back to parents who were absent", "en"),      # absent parents, not truancy
    ("VI melding doen, moet ik ouders eerst inlichten", "nl"),        # the referral index
])
def test_no_point_is_read_where_the_words_mean_something_else(text, lang):
    assert understand(text, lang).facts.point is None


@pytest.mark.parametrize("text, lang", [("jongen dreigt zichzelf iets aan te doen", "nl"),
                                        ("she said she wants to die", "en")])
def test_self_harm_is_a_safety_matter(text, lang):
    understood = understand(text, lang)
    assert understood.facts.self_harm and understood.safety and understood.topic == "safety.acute"


def test_the_line_befores_pupil_facts_hold_only_where_this_line_names_none():
    known = Facts(age=16, school_type="vo")
    assert understand("mag ik haar ouders informeren over de bespreking", "nl", known).facts.age == 16
    assert understand("en een leerling van 12 dan", "nl", known).facts.age == 12
    assert understand("en een leerling van 12 dan", "nl", known).facts.school_type is None
