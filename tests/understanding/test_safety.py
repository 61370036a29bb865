"""Safety first: danger and disclosures are recognised in few words; procedure questions are not."""
from __future__ import annotations

import pytest

from dialogues.understanding import understand
from tests.understanding import safety_blind1, safety_blind2, safety_blind3, safety_blind4, safety_blind5
from tests.understanding.safety_phrasings import DANGER, NOT_DANGER
from tests.understanding.safety_score import false_alarms, misses, rates


def test_enough_varied_safety_phrasings():
    assert len(DANGER) >= 40
    assert {lang for lang, _ in DANGER} == {"nl", "en"}


@pytest.mark.parametrize("lang, text", DANGER)
def test_danger_and_disclosure_come_first(lang, text):
    understood = understand(text, lang)
    assert understood.safety is True
    assert understood.topic == "safety.acute"
    assert understood.sure is True


@pytest.mark.parametrize("lang, text, topic", NOT_DANGER)
def test_procedure_and_suspicion_are_not_read_as_acute(lang, text, topic):
    understood = understand(text, lang)
    assert understood.safety is False
    assert understood.topic == topic


def test_disclosure_and_danger_facts():
    told = understand("kind zegt dat papa slaat", "nl").facts
    assert told.disclosure is True
    acute = understand("acuut onveilig, ze durft niet naar huis", "nl").facts
    assert acute.acute_danger is True
    assert understand("hoe werkt de meldcode", "nl").facts.disclosure is False


def test_safety_wins_even_with_other_topics_in_the_message():
    understood = understand("leerling is geschorst en vertelt nu dat zijn vader hem slaat", "nl")
    assert (understood.topic, understood.safety) == ("safety.acute", True)
    assert understood.facts.disclosure is True


def test_injuries_mean_safety_but_are_not_a_disclosure():
    understood = understand("jongen komt vaak met blauwe plekken, zegt dat hij van de trap is gevallen", "nl")
    assert (understood.topic, understood.safety) == ("safety.acute", True)
    assert understood.facts.disclosure is False


def test_a_pupil_threatening_a_teacher_is_not_a_child_in_danger():
    for text, lang in (("A pupil threatened a teacher, we consider a 3 day suspension", "en"),
                       ("leerling heeft een docent bedreigd, schorsing van 3 dagen?", "nl")):
        understood = understand(text, lang)
        assert understood.safety is False, text
        assert understood.topic in {"suspension", "route.police"}, text
        assert understood.facts.suspension_days == 3


@pytest.mark.parametrize("lang, text", [
    ("nl", "leerling vertelt dat het thuis heel slecht gaat met mama"),
    ("nl", "ze zei dat ze thuis niet mag zeggen wat er gebeurt"),
    ("en", "pupil told me things at home are really bad with dad"),
    ("en", "she said her dad is weird with her lately"),
])
def test_a_child_telling_of_home_in_unknown_words_gets_danger_among_the_choices(lang, text):
    """The rules cannot know every way a child tells (each blind batch of new wording was caught for a
    third or less before its words were added); a doubtful statement about a child and home offers it."""
    understood = understand(text, lang)
    offered = [understood.topic] + [topic for topic, _ in understood.alternatives]
    assert understood.safety or (not understood.sure and "safety.acute" in offered[:3])


def test_questions_about_parents_and_home_are_not_offered_danger_when_clear():
    for lang, text, topic in (("nl", "mag vader zonder gezag het dossier inzien", "privacy.records"),
                              ("en", "parents refuse consent, can we still discuss the pupil", "consent")):
        understood = understand(text, lang)
        assert understood.safety is False
        assert "safety.acute" not in [t for t, _ in understood.alternatives], text


# Blind sets of new wording (tests/understanding/safety_blind*.py), scored through understand(): set 1
# was written before the combination net and tuned on; sets 2 and 3 were each scored once, untuned,
# before their misses were fixed (recall, false alarm rate as first measured, below).
TUNED_RECALL_FLOOR, TUNED_FALSE_ALARM_CEILING = 0.95, 0.05
UNTUNED_AS_REPORTED = {(safety_blind2, "nl"): (0.95, 0.0), (safety_blind2, "en"): (0.90, 0.025),
                       (safety_blind3, "nl"): (0.65, 0.0), (safety_blind3, "en"): (0.70, 0.0),
                       (safety_blind4, "nl"): (0.75, 0.50), (safety_blind4, "en"): (0.75, 0.35),
                       (safety_blind5, "nl"): (0.90, 0.35), (safety_blind5, "en"): (1.00, 0.20)}


def _blind(module, lang):
    return getattr(module, f"DANGER_{lang.upper()}"), getattr(module, f"SAFE_{lang.upper()}")


def test_blind_sets_are_large_and_varied_enough():
    for lang in ("nl", "en"):
        danger, safe = _blind(safety_blind1, lang)
        assert len(danger) >= 80 and len(safe) >= 60
        danger, safe = _blind(safety_blind2, lang)
        assert len(danger) >= 40 and len(safe) >= 40
        danger, safe = _blind(safety_blind4, lang)
        assert len(danger) >= 20 and len(safe) >= 20
        danger, safe = _blind(safety_blind5, lang)
        assert len(danger) >= 20 and len(safe) >= 20


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_tuned_blind_set_is_recognised_without_false_alarms(lang):
    danger, safe = _blind(safety_blind1, lang)
    assert len(misses(danger, lang)) <= (1 - TUNED_RECALL_FLOOR) * len(danger), misses(danger, lang)
    assert len(false_alarms(safe, lang)) <= TUNED_FALSE_ALARM_CEILING * len(safe), false_alarms(safe, lang)


@pytest.mark.parametrize("module, lang", list(UNTUNED_AS_REPORTED))
def test_the_untuned_blind_sets_do_at_least_as_well_as_reported(module, lang):
    recall, false_alarm_rate = rates(*_blind(module, lang), lang)
    reported_recall, reported_false_alarms = UNTUNED_AS_REPORTED[module, lang]
    assert recall >= reported_recall
    assert false_alarm_rate <= reported_false_alarms


@pytest.mark.parametrize("lang, text", [
    ("nl", "lln zegt dat stiefvadr haar heeft geslagn"),                 # typing errors in key words
    ("nl", "jongen heeft sigarettenbrandplekken op zn arm"),              # a Dutch compound, a short form
    ("nl", "ze zegt dat ze vannacht niet naar huis durft"),              # the verb last
    ("en", "pupil says her stepdad hit her and she is scraed to go home"),
    ("en", "girl says her mums boyfriend keeps touching her"),
])
def test_typing_errors_compounds_and_word_order_do_not_hide_danger(lang, text):
    assert understand(text, lang).safety is True


@pytest.mark.parametrize("lang, text", [
    ("nl", "de oudere leerlingen hebben al gegeten"),                   # one letter from "ouders", "gebeten"
    ("nl", "hij heeft de hele les stil gezeten"),
    ("nl", "moeder belt dat hij ziek is"),                              # "belt" is no English belt
    ("nl", "meisje heeft een blauwe plek van de hockeybal"),
    ("en", "parents want to get in touch with the mentor"),
    ("en", "parents threaten to complain about the suspension"),
    ("nl", "ouders slaan alarm over het pesten in de klas"),             # a verb of harm without a victim
    ("en", "the family was hit hard by job loss"),
    ("en", "parents push for a diagnosis"),
    ("nl", "moeder zegt dat hij thuis geen ontbijt wil eten"),          # not wanting, not going without
    ("nl", "ouders laten hem alleen naar school fietsen"),
])
def test_look_alikes_of_danger_words_are_not_danger(lang, text):
    assert understand(text, lang).safety is False


# A second tester's findings (2 December 2026), each standing for a family of wording.
@pytest.mark.parametrize("lang, text", [
    ("en", "a 12 year old says his stepmother locks him out of the house at night"),       # locked out
    ("nl", "jongen van 14 heeft ineens dure kleding en een tweede telefoon en wordt na school opgehaald door "
           "oudere mannen"),                                                                 # signs of exploitation
    ("en", "a pupil keeps falling asleep and says she works nights in her uncle's restaurant"),  # child labour
    ("nl", "ik vermoed seksueel misbruik bij een kleuter"),       # sexual abuse of one child, even when suspected
    ("nl", "ik vermoed seksueel misbruik bij een kind"),
    ("nl", "er is huiselijk geweld bij een gezin van een leerling"),  # abuse in one pupil's family, stated
])
def test_the_second_testers_misses_get_the_safety_answer(lang, text):
    understood = understand(text, lang)
    assert (understood.topic, understood.safety) == ("safety.acute", True)


@pytest.mark.parametrize("lang, text", [
    ("nl", "de moeder dreigt een klacht in te dienen bij de inspectie"),     # a complaint, a legal threat
    ("nl", "de leerling verbrandt zijn tong aan de warme chocomel"),         # a burn from food or drink
    ("nl", "leerling heeft een blauwe plek van de hockeywedstrijd"),         # sport and play
    ("en", "the pupil was hit by a ball in PE and has a bruise"),
    ("nl", "leerling zegt dat hij zich verveelt thuis"),                     # boredom (near a danger phrasing)
])
def test_everyday_look_alikes_get_no_safety_answer(lang, text):
    understood = understand(text, lang)
    assert understood.safety is False
    assert understood.topic != "safety.acute"


def test_signs_of_neglect_without_a_disclosure_go_to_veilig_thuis_not_leerplicht():
    understood = understand("een leerling uit groep 6 is steeds moe en heeft vaak geen eten bij zich", "nl")
    assert (understood.topic, understood.safety) == ("veilig_thuis", False)
    assert understood.sure is True


def test_a_named_abuse_asked_as_procedure_or_suspected_in_general_stays_a_question():
    for lang, text, topic in (("nl", "hoe werkt de meldcode bij seksueel misbruik bij een kind", "meldcode"),
                              ("nl", "we vermoeden kindermishandeling", "veilig_thuis")):
        understood = understand(text, lang)
        assert (understood.topic, understood.safety) == (topic, False), text


@pytest.mark.parametrize("lang, text", [
    ("nl", "jongen heeft een bloedneus opgelopen na de gymles"),
    ("nl", "meisje is op het schoolplein gevallen en heeft een wond aan haar hoofd, vader is gebeld"),
    ("nl", "bij een vechtpartij tussen twee leerlingen uit groep 7 heeft er een een blauw oog"),
    ("nl", "twee meiden hebben in de pauze gevochten en eentje bloedt uit haar neus, wat nu"),
    ("en", "girl tumbled off the monkey bars and banged her head, dad knows, do we report anything"),
    ("en", "scuffle between two boys at lunch, one has a bloody nose"),
])
def test_an_injury_with_an_ordinary_cause_told_is_no_child_in_danger(lang, text):
    """A fall at school, a sport lesson, a fight between pupils: the cause is told, no harm at home."""
    assert understand(text, lang).safety is False


@pytest.mark.parametrize("lang, text", [
    ("nl", "ik heb zorgen over een jongen uit groep 6, hij heeft telkens blauwe plekken op zijn armen"),
    ("nl", "we maken ons zorgen over een meisje uit 1 vmbo, ze komt regelmatig met schrammen binnen"),
    ("nl", "leerling komt alweer met een blauw oog, zegt dat hij van de trap is gevallen"),
    ("nl", "blauwe plekken op zijn rug gezien na de gymles"),
    ("nl", "leerling is gevallen zegt moeder, maar hij heeft striemen op zijn benen"),
    ("en", "I'm worried about a boy from year 3, he often comes in with bruises"),
    ("en", "pupil says she fell down the stairs but this is the third black eye this term"),
])
def test_repeated_or_unexplained_injuries_are_safety_first(lang, text):
    """Injuries that keep coming back, a fall only told by the child or a parent, injuries seen (not
    caused) at a lesson: a child in danger, also in a worried statement naming the class."""
    understood = understand(text, lang)
    assert (understood.topic, understood.safety) == ("safety.acute", True), text
