"""Topic recognition over the held-out question set, and the topic data itself."""
from __future__ import annotations

from collections import Counter

import pytest

from dialogues.understanding import explain, topic_ids, understand
from dialogues.understanding import text as tx
from dialogues.understanding.phrasings import AREA_TOPICS, load_phrasings
from tests.understanding.heldout import heldout_questions, set_questions

REQUIRED_TOP1 = 0.95
# Each later set on its own, a little below what was measured when it was last scored, so that a
# change which loses questions there fails (measured 2 December 2026: see heldout.py and the report).
REQUIRED_PER_SET = {
    ("heldout", "nl"): 0.96, ("heldout", "en"): 0.94, ("fresh", "nl"): 0.92, ("fresh", "en"): 0.92,
    ("fresh2", "nl"): 0.85, ("fresh2", "en"): 0.79, ("fresh3", "nl"): 0.92, ("fresh3", "en"): 0.91,
    ("fresh4", "nl"): 0.84, ("fresh4", "en"): 0.84,
}


def test_heldout_set_is_large_and_covers_every_topic_in_both_languages():
    questions = heldout_questions()
    assert len(questions) >= 450
    per_topic = Counter(topic for _, _, topic in questions)
    for topic in topic_ids():
        assert per_topic[topic] >= 5, topic
    for lang in ("nl", "en"):
        assert {t for l, _, t in questions if l == lang} >= set(AREA_TOPICS)


def test_heldout_questions_are_not_the_training_phrasings():
    training = {tx.fold(p.text) for p in load_phrasings()}
    copied = [text for _, text, _ in heldout_questions() if tx.fold(text) in training]
    assert copied == []


@pytest.mark.parametrize("name, lang", sorted(REQUIRED_PER_SET))
def test_top1_accuracy_per_set_and_language(name, lang):
    questions = set_questions(name, lang)
    misses = [f"{text!r}: expected {expected}, got {understand(text, lang).topic}"
              for _, text, expected in questions if understand(text, lang).topic != expected]
    accuracy = 1 - len(misses) / len(questions)
    assert accuracy >= REQUIRED_PER_SET[(name, lang)], f"{name}.{lang} {accuracy:.1%}:\n" + "\n".join(misses)


def test_every_child_in_danger_of_every_set_is_safety_first():
    for lang, text, expected in heldout_questions():
        if expected == "safety.acute":
            understood = understand(text, lang)
            assert (understood.topic, understood.safety) == ("safety.acute", True), explain(text, lang)


def test_top1_accuracy_on_heldout_questions():
    questions = heldout_questions(("heldout", "fresh", "fresh2"))
    misses = []
    for lang, text, expected in questions:
        if understand(text, lang).topic != expected:
            misses.append(f"[{lang}] {text!r}: expected {expected}\n{explain(text, lang)}")
    accuracy = 1 - len(misses) / len(questions)
    print(f"\ntop-1 accuracy {accuracy:.1%} over {len(questions)} questions, {len(misses)} misses")
    for miss in misses:
        print(miss)
    assert accuracy >= REQUIRED_TOP1, f"{len(misses)} misses:\n" + "\n".join(misses)


def test_every_topic_has_ten_phrasings_per_language():
    counts = Counter((p.topic, p.lang) for p in load_phrasings())
    for topic in topic_ids():
        for lang in ("nl", "en"):
            assert counts[(topic, lang)] >= 10, (topic, lang)


def test_every_contract_topic_and_the_main_commands_have_phrasings():
    topics = set(topic_ids())
    assert set(AREA_TOPICS) <= topics
    for command in ("actie", "acties", "klaar", "toestemming", "aanmelden", "agenda", "overleg", "notulen",
                    "schorsing", "verwijdering", "escalatie", "meldcode", "route", "team", "koppel", "vergeet",
                    "export", "instellingen", "overzicht", "hulp"):
        assert f"howto.{command}" in topics


def test_howto_topics_and_aliases_name_real_commands():
    from dialogues.understanding import COMMAND_ALIASES
    from bot.registry import build_commands
    table = build_commands()
    for topic in topic_ids():
        if topic.startswith("howto."):
            assert table.get(topic.removeprefix("howto.")).name == topic.removeprefix("howto."), topic
    for alias, name in COMMAND_ALIASES.items():
        command, target = table.get(alias), table.get(name)
        # !amk / !veiligthuis is a command of its own that starts the same escalation as !escalatie
        assert command.name == name or command.handler is target.handler, alias


def test_the_questions_from_the_issue():
    expected = {
        "ouders zijn het niet eens met de schorsing": "suspension",
        "geschorst": "suspension",
        "van school sturen": "expulsion",
        "VT?": "veilig_thuis",
        "schorsing hoelang max": "suspension",
        "wie zitten er in een ZAT?": "team.composition",
        "moeten we Veilig Thuis inschakelen?": "veilig_thuis",
        "hoe registreer ik een actie": "howto.actie",
        "ouders willen niet tekenen maar maken ook geen bezwaar": "consent",
        "we vermoeden kindermishandeling": "veilig_thuis",
        "wanneer sluiten we een casus af?": "closing",
        "wanneer gaat een casus naar het ZAT?": "zat.referral",
        "hoe werkt de meldcode": "meldcode",
    }
    for text, topic in expected.items():
        understood = understand(text, "nl")
        assert understood.topic == topic, explain(text, "nl")
        assert understood.sure, explain(text, "nl")


def test_naming_a_command_is_a_question_about_that_command():
    assert understand("wat doet !meldcode precies", "nl").topic == "howto.meldcode"
    assert understand("how do I use !actie", "en").topic == "howto.actie"
    assert understand("hulp", "nl").topic == "howto.hulp"
    assert understand("what does !suspension do", "en").topic == "howto.schorsing"
    assert understand("!amk?", "nl").topic == "howto.escalatie"


def test_language_may_be_unknown():
    assert understand("schorsing hoelang max", None).topic == "suspension"
    assert understand("who chairs the zat", None).topic == "team.composition"


def test_same_question_same_answer_every_time():
    questions = heldout_questions()[::7]
    first = [understand(text, lang) for lang, text, _ in questions]
    again = [understand(text, lang) for lang, text, _ in reversed(questions)][::-1]
    assert first == again


def test_logs_name_the_topic_but_never_the_message(caplog):
    import logging
    caplog.set_level(logging.DEBUG, logger="dialogues.understanding")
    understand("leerling Jantje van 14 wordt thuis geslagen door stiefvader Kees", "nl")
    understand("ouders van Pietje maken geen bezwaar", "nl")
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "safety.acute" in logged and "consent" in logged
    for word in ("Jantje", "Kees", "Pietje", "geslagen", "bezwaar", "stiefvader"):
        assert word.lower() not in logged.lower()


def test_same_answers_in_a_new_process_with_another_hash_seed():
    import os
    import subprocess
    import sys
    script = ("from dialogues.understanding import understand\n"
              "from tests.understanding.heldout import heldout_questions\n"
              "for lang, text, _ in heldout_questions()[::5]:\n"
              "    u = understand(text, lang)\n"
              "    print(u.topic, u.score, u.sure, u.alternatives)\n")
    outputs = []
    for seed in ("1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        outputs.append(subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                                      check=True).stdout)
    assert outputs[0] == outputs[1]
    assert outputs[0].count("\n") >= 90


@pytest.mark.parametrize("text, lang, topic", [
    # who holds authority decides between "authority" and "consent"
    ("gescheiden ouders, alleen moeder heeft gezag; moet vader ook toestemming geven voor het zat?", "nl", "authority"),
    ("pupil is under a supervision order, who gives consent for the zat?", "en", "authority"),
    # an expulsion word without a suspension word decides between the two
    ("hoe verwijderen we een leerling van de basisschool?", "nl", "expulsion"),
    ("does the inspectorate have to be involved when a secondary school expels a pupil?", "en", "expulsion"),
    # absence in English words is about attendance, whatever "without permission" suggests
    ("a pupil keeps missing school without permission, what now?", "en", "route.leerplicht"),
    # parents refusing every offer of help: the escalation ladder
    ("the parents keep refusing every offer of help, what can we do?", "en", "veilig_thuis"),
])
def test_the_facts_decide_between_near_topics(text, lang, topic):
    understood = understand(text, lang)
    assert (understood.topic, understood.sure) == (topic, True), explain(text, lang)


@pytest.mark.parametrize("text, lang", [
    ("hoe verwijder ik een casus", "nl"),                   # a howto leads: about the bot
    ("moet een verwijdering in de notulen", "nl"),          # the minutes are near: not the facts' to decide
    ("divorced parents, who informs them after the zat meeting", "en"),   # a divorce says nothing of authority
])
def test_the_facts_do_not_decide_what_they_do_not_speak_to(text, lang):
    assert "rule=facts decide" not in explain(text, lang)


def test_a_clear_winner_of_the_phrasings_is_not_overruled_by_a_cue():
    # "mishandeling vermoeden" is a Veilig Thuis cue, but the question is plainly about consent
    understood = understand("mogen we zonder toestemming bespreken als we mishandeling vermoeden?", "nl")
    assert (understood.topic, understood.sure) == ("consent", True), explain(
        "mogen we zonder toestemming bespreken als we mishandeling vermoeden?", "nl")
