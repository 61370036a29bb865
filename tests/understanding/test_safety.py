"""Safety first: danger and disclosures are recognised in few words; procedure questions are not."""
from __future__ import annotations

import pytest

from dialogues.understanding import understand
from tests.understanding.safety_phrasings import DANGER, NOT_DANGER


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
