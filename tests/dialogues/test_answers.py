"""answer(topic, facts, lang): one decision per fact combination, one voice, safety first, short first,
scope respected, current law marked once, sources named as professionals know them."""
from __future__ import annotations

import itertools
import re

import pytest

from dialogues.knowledge.answers import TOPICS, answer, applies, fact_values, topic_data
from dialogues.knowledge.facts import POINT_TOPICS, Facts

CONTRACT_TOPICS = {
    "safety.acute", "consent", "privacy.sharing", "privacy.records", "authority", "veilig_thuis",
    "meldcode", "suspension", "expulsion", "route.leerplicht", "route.police", "route.crisis",
    "team.composition", "case.intake", "zat.referral", "verwijsindex", "meetings", "minutes", "plan",
    "coordinator", "reporting_back", "closing", "evaluation",
}
LANGS = ("nl", "en")
MARKERS = {"nl": ("Huidige wet en praktijk (niet uit de bronnen van 2008-2013):",
                  "Nu doen (huidige praktijk, niet uit de bronnen van 2008-2013):"),
           "en": ("Current law and practice (not from the 2008-2013 sources):",
                  "Do now (current practice, not from the 2008-2013 sources):")}
DEVELOPMENT_WORDS = re.compile(r"\bseeds?\b|DOMAIN\.md|\bextract|\.txt\b|/work/", re.IGNORECASE)

AGES = (None, 8, 13, 16, 17, 18, 30)
AUTHORITIES = (None, "both_parents", "one_parent", "guardian", "family_guardian", "pupil_adult")
CONSENTS = (None, "given", "refused", "no_objection", "objection", "withdrawn", "not_asked")
SCHOOL_TYPES = (None, "po", "so", "vo", "mbo")


def text_of(advice) -> str:
    return "\n".join(advice.short + advice.more)


def fact_grid():
    """A broad grid of fact combinations: every field that any rule reads, with unknown values."""
    for age, authority, consent, objects, school, days, danger, avoid, zat in itertools.product(
            AGES, AUTHORITIES, CONSENTS, (None, True), SCHOOL_TYPES, (None, 3, 10),
            ("none", "acute", "disclosure"), (False, True), (None, False, True)):
        if (consent not in (None, "given") or authority not in (None, "both_parents")) and (
                school or days or avoid or zat is not None):
            continue          # keep the grid small where fields do not interact
        yield Facts(age=age, authority=authority, consent=consent, pupil_objects=objects,
                    school_type=school, suspension_days=days, acute_danger=danger == "acute",
                    disclosure=danger == "disclosure", parents_avoid_help=avoid, discussed_in_zat=zat)


def point_grid():
    """The points a question can ask (Facts.point), with the facts their rules read, and self-harm."""
    for point, age, school, days in itertools.product(
            (*POINT_TOPICS, None), (None, 13, 17), (None, "po", "so", "vo"), (None, 1, 3)):
        yield Facts(point=point, age=age, school_type=school, suspension_days=days)
    yield Facts(self_harm=True)
    yield Facts(self_harm=True, age=13)


GRID = list(fact_grid()) + list(point_grid())


def consent_grid():
    for age, authority, consent, objects, danger in itertools.product(
            AGES, AUTHORITIES, CONSENTS, (None, True, False), ("none", "acute", "disclosure")):
        yield Facts(age=age, authority=authority, consent=consent, pupil_objects=objects,
                    acute_danger=danger == "acute", disclosure=danger == "disclosure")


# -- the contract --------------------------------------------------------------------------------
def test_every_contract_topic_has_answers_and_nothing_else():
    assert set(TOPICS) == CONTRACT_TOPICS


@pytest.mark.parametrize("lang", LANGS)
def test_howto_and_unknown_topics_get_none(lang):
    assert answer("howto.actie", Facts(), lang) is None
    assert answer("weather", Facts(), lang) is None


@pytest.mark.parametrize("topic", sorted(CONTRACT_TOPICS))
@pytest.mark.parametrize("lang", LANGS)
def test_every_topic_answers_short_with_a_named_source(topic, lang):
    advice = answer(topic, Facts(), lang)
    assert 2 <= len(advice.short) <= 12
    assert len(advice.short[-1]) < 400
    assert advice.sources, "every answer cites at least one document"
    source_word = "Bron: " if lang == "nl" else "Source: "
    assert advice.short[-1].startswith(source_word)
    short_source = advice.short[-1][len(source_word):]
    assert advice.sources[0].startswith(short_source.rsplit(" (", 1)[0] + " (")
    for citation in advice.sources:
        assert re.search(r"\((19|20)\d\d|\(ca\. 2010|\(c\. 2010|\(ca\. 2009|\(c\. 2009|\(vóór 2014|\(before 2014", citation)
        assert re.search(r"\(00[0-4]:L\d+", citation)
    other = "hoofdstuk" if lang == "en" else "chapter"
    assert other not in text_of(advice)
    assert not DEVELOPMENT_WORDS.search(text_of(advice))
    assert all("{" not in line and "}" not in line for line in advice.short + advice.more)


# -- every rule: reachable, both languages, scope ---------------------------------------------------
def rules():
    for topic in sorted(CONTRACT_TOPICS):
        for rule in topic_data(topic)["rule"]:
            yield topic, rule


@pytest.mark.parametrize("topic,rule", [pytest.param(t, r, id=f"{t}/{r['id']}") for t, r in rules()])
def test_every_rule_is_reached_by_some_facts_and_answers_in_both_languages(topic, rule):
    facts = next((f for f in GRID if answer(topic, f, "nl").rule == f"{topic}/{rule['id']}"), None)
    assert facts is not None, "a rule no combination of facts reaches is dead knowledge"
    nl, en = answer(topic, facts, "nl"), answer(topic, facts, "en")
    assert nl.rule == en.rule and len(nl.short) == len(en.short)
    assert nl.short[0] != en.short[0]
    assert [s.split("(")[-1] for s in nl.sources] == [s.split("(")[-1] for s in en.sources]
    if rule.get("when"):
        assert rule["scope"]["nl"] and rule["scope"]["en"], "a rule with conditions says to whom it applies"
        assert nl.more[0] == f"Geldt voor: {rule['scope']['nl']}"
        assert en.more[0] == f"Applies to: {rule['scope']['en']}"


def test_a_rule_is_never_applied_outside_its_scope():
    for topic in sorted(CONTRACT_TOPICS):
        data = topic_data(topic)
        for facts in GRID[::7]:
            chosen = answer(topic, facts, "nl").rule.split("/")[1]
            values = fact_values(facts)
            for rule in data["rule"]:
                if rule["id"] == chosen:
                    assert applies(rule, values)
                    break
                assert not applies(rule, values), "an earlier rule applied but was passed over"


# -- currency: marked once ------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_current_law_is_marked_once_per_view_and_never_raw(lang):
    for topic in sorted(CONTRACT_TOPICS):
        for facts in GRID[::11]:
            advice = answer(topic, facts, lang)
            for view in (advice.short, advice.more):
                assert sum(line in MARKERS[lang] for line in view) <= 1
            unmarked = "\n".join(line for line in advice.short + advice.more if line not in MARKERS[lang])
            assert "current law" not in unmarked and "current practice" not in unmarked
            assert advice.current == any(line in MARKERS[lang] for line in advice.short + advice.more)


# -- safety first --------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_acute_danger_starts_with_what_to_do_now(lang):
    advice = answer("safety.acute", Facts(), lang)
    assert advice.short[0] == MARKERS[lang][1]
    assert "112" in advice.short[1]
    assert "Veilig Thuis" in advice.short[2] and "0800-2000" in advice.short[2]
    assert ("dag en nacht" if lang == "nl" else "day and night") in advice.short[2]
    assert ("beloof geen geheimhouding" if lang == "nl" else "do not promise secrecy") in advice.short[3]
    assert advice.missing == () and advice.dialogue is None


@pytest.mark.parametrize("lang", LANGS)
def test_safety_never_asserts_that_the_child_is_the_source(lang):
    for facts in (Facts(), Facts(acute_danger=True), Facts(disclosure=True, age=9)):
        text = text_of(answer("safety.acute", facts, lang))
        assert "het kind zelf is de bron" not in text.lower() and "the child is the source." not in text.lower()
        assert "toestemming" not in answer("safety.acute", facts, lang).short[1]


@pytest.mark.parametrize("lang", LANGS)
def test_a_disclosure_in_a_consent_question_answers_safety_first_and_the_director_decides(lang):
    for age in AGES:
        advice = answer("consent", Facts(age=age, disclosure=True), lang)
        assert advice.short[0] == MARKERS[lang][1] and "112" in advice.short[1]
        text = text_of(advice)
        assert ("de directeur beslist" if lang == "nl" else "the director decides") in text
        assert "beslissen de ouders" not in text and "the parents with authority decide" not in text


# -- consent: one decision, no contradictions ------------------------------------------------------
def test_consent_combinations_never_contradict_the_decision():
    for facts in consent_grid():
        for lang in LANGS:
            advice = answer("consent", facts, lang)
            text = text_of(advice)
            band = None if facts.age is None else ("16+" if facts.age >= 16 else "<16")
            adult = facts.authority == "pupil_adult" or (facts.age or 0) >= 18
            danger = facts.acute_danger or facts.disclosure
            if lang == "nl":
                by_name, not_by_name = "mag op naam besproken worden", "niet op naam in"
                parents_decide, pupil_decides = "met gezag", "beslist de leerling zelf"
            else:
                by_name, not_by_name = "may be discussed by name", "do not bring the pupil in by name"
                parents_decide, pupil_decides = "with authority", "the pupil decides"
            if band == "16+" or adult:
                # The pupil decides: no parent consent, no form, letter or debrief to the parents.
                assert parents_decide not in text, (facts, lang)
                if not danger:
                    assert ("meerderjarig" in text or pupil_decides in text) if lang == "nl" else \
                        ("adult" in text or pupil_decides in text)
            if band == "<16" and not adult:
                assert pupil_decides not in text and "meerderjarig" not in text
                if not danger:
                    assert parents_decide in text or "de voogd" in text or "the guardian" in text
            if danger:
                assert advice.rule == "consent/danger"
            elif facts.consent in ("refused", "objection", "withdrawn"):
                assert by_name not in text, (facts, lang)
            elif facts.consent == "given":
                assert by_name in text and not_by_name not in text
            if facts.pupil_objects is None:
                assert "wil niet dat de ouders" not in text and "does not want the parents" not in text
            if not danger and facts.authority != "pupil_adult":
                assert ("dubbele toestemming" in text) == (lang == "nl" and facts.age == 13)
            if facts.age is None and not danger and facts.authority != "pupil_adult":
                assert "age" in advice.missing
            assert facts.age is None or "age" not in advice.missing


@pytest.mark.parametrize("lang", LANGS)
def test_sixteen_year_old_is_asked_herself_and_parents_get_nothing_without_her(lang):
    advice = answer("consent", Facts(age=16), lang)
    text = text_of(advice)
    if lang == "nl":
        assert "Vanaf 16 jaar beslist de leerling zelf" in advice.short[0]
        assert "schriftelijke toestemming van de leerling zelf" in text
        assert "geen formulier, brief of terugkoppeling aan de ouders" in text
    else:
        assert "From 16 the pupil decides" in advice.short[0]
        assert "written consent from the pupil" in text


@pytest.mark.parametrize("lang", LANGS)
def test_a_fourteen_year_old_does_not_get_the_sixteen_plus_answer(lang):
    text = text_of(answer("consent", Facts(age=14), lang))
    assert ("Onder de 16 beslissen de ouders met gezag" if lang == "nl" else "Under 16 the parents with authority decide") in text
    assert "Vanaf 16 jaar beslist" not in text and "From 16 the pupil decides" not in text


def test_one_parent_with_authority_decides_and_the_other_is_informed():
    text = text_of(answer("consent", Facts(age=9, authority="one_parent"), "nl"))
    assert "Onder de 16 beslist de ouder met gezag" in text and "informeert ook die ouder" in text


# -- parents who avoid help: the three options together -------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_parents_who_avoid_help_get_the_three_options_together(lang):
    advice = answer("veilig_thuis", Facts(parents_avoid_help=True), lang)
    assert [line[:2] for line in advice.short[1:4]] == ["1.", "2.", "3."]
    text = "\n".join(advice.short).lower()
    for word in (("advies of consult", "zorgmelding", "melding bij veilig thuis") if lang == "nl"
                 else ("advice or a consult", "care report", "report to veilig thuis")):
        assert word in text


@pytest.mark.parametrize("lang", LANGS)
def test_the_zat_is_mentioned_as_not_yet_discussed_only_when_said(lang):
    first = "Bespreek de leerling eerst in het ZAT" if lang == "nl" else "First discuss the pupil in the ZAT"
    for zat, expected in ((None, False), (True, False), (False, True)):
        text = text_of(answer("veilig_thuis", Facts(parents_avoid_help=True, discussed_in_zat=zat), lang))
        assert (first in text) is expected
        assert "nog niet in het ZAT besproken" not in text


@pytest.mark.parametrize("lang", LANGS)
def test_reporting_through_a_third_party_is_not_given_as_current_advice(lang):
    advice = answer("veilig_thuis", Facts(parents_avoid_help=True), lang)
    assert "U-bocht" not in text_of(advice)
    marker = advice.more.index(MARKERS[lang][0])
    assert any(("derde" if lang == "nl" else "third party") in line for line in advice.more[marker:])


# -- suspension and expulsion per school type -------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_suspension_per_school_type(lang):
    five_day_rule = ("duurt een schorsing ten hoogste vijf schooldagen" if lang == "nl"
                     else "a suspension lasts at most five school days")
    new_decision = "nieuw besluit" if lang == "nl" else "new decision"
    for school, days in itertools.product(SCHOOL_TYPES, (None, 1, 5, 6, 14)):
        advice = answer("suspension", Facts(school_type=school, suspension_days=days), lang)
        text = text_of(advice)
        if school == "vo":
            assert five_day_rule in text and new_decision in text
            assert advice.current is False, "the VO rule is the sources' own; no currency note needed"
            if days and days > 5:
                assert advice.short[0].startswith("Nee" if lang == "nl" else "No")
            else:
                assert not advice.short[0].startswith("Nee" if lang == "nl" else "No")
        elif school in ("po", "so"):
            assert five_day_rule not in text
            assert ("niet uitdrukkelijk" if lang == "nl" else "do not regulate") in advice.short[0]
            assert MARKERS[lang][0] in advice.short and "2014" in text
        elif school == "mbo":
            assert five_day_rule not in text and MARKERS[lang][0] in advice.short
        else:
            assert "school_type" in advice.missing and advice.dialogue == "suspension"
        assert ("past binnen de regels" not in text) and ("fits the" not in text)


@pytest.mark.parametrize("lang", LANGS)
def test_expulsion_per_school_type(lang):
    eight_weeks = "acht weken" if lang == "nl" else "eight weeks"
    for school in SCHOOL_TYPES:
        advice = answer("expulsion", Facts(school_type=school, age=10), lang)
        text = text_of(advice)
        if school == "vo":
            assert eight_weeks not in text
            assert ("andere school bereid is" if lang == "nl" else "another school is willing") in text
        elif school in ("po", "so", "mbo"):
            assert eight_weeks in advice.short[0]
            current = advice.short[advice.short.index(MARKERS[lang][0]) + 1]
            assert "zorgplicht" in current and ("2014" in current)
        else:
            assert advice.missing == ("school_type",) and advice.dialogue == "expulsion"


# -- other scoped rules -----------------------------------------------------------------------------
@pytest.mark.parametrize("topic", ["reporting_back", "case.intake"])
@pytest.mark.parametrize("age,to_pupil", [(9, False), (14, False), (16, True), (19, True), (None, False)])
def test_reporting_back_and_intake_go_to_the_pupil_from_sixteen(topic, age, to_pupil):
    advice = answer(topic, Facts(age=age), "nl")
    short = "\n".join(advice.short)
    assert ("met de leerling zelf" in short or "beslist de leerling zelf" in short) is to_pupil
    if to_pupil:   # nothing in the answer sends the parents anything without the pupil's consent
        assert "bespreek dan met hen" not in text_of(advice) and "Praat vooraf met de ouders" not in text_of(advice)
        assert "ouders er niet bij" not in text_of(advice)


@pytest.mark.parametrize("age,expected", [(12, False), (15, False), (16, True), (18, True)])
def test_professional_secrecy_towards_parents_from_sixteen(age, expected):
    text = text_of(answer("privacy.sharing", Facts(age=age), "en"))
    assert ("also applies towards the parents" in text) is expected
    assert "four grounds" in text and "outside information" in text


@pytest.mark.parametrize("authority,words", [
    ("one_parent", "De ouder met gezag beslist"), ("guardian", "de voogd"),
    ("family_guardian", "gezinsvoogd kan het beperken"), ("both_parents", "gelijke rechten"),
    (None, "gelijke rechten"),
])
def test_authority_answers_follow_who_holds_it(authority, words):
    text = text_of(answer("authority", Facts(authority=authority), "nl"))
    assert words in text
    if authority != "family_guardian":
        assert "gezinsvoogd kan het beperken" not in text


@pytest.mark.parametrize("school,words", [
    ("so", "Commissie voor de Begeleiding"), ("vo", "eigen Zorg- en adviesteam op schoolniveau"),
    ("mbo", "eigen Zorg- en adviesteam op schoolniveau"), ("po", "Zorgteam op school: minimaal de IB'er"),
    (None, "Zorgteam op school: minimaal de IB'er"),
])
def test_team_composition_per_school_type(school, words):
    assert words in text_of(answer("team.composition", Facts(school_type=school), "nl"))


@pytest.mark.parametrize("lang", LANGS)
def test_closing_mentions_the_three_month_check_with_teacher_and_parents(lang):
    short = "\n".join(answer("closing", Facts(), lang).short)
    assert ("drie maanden" if lang == "nl" else "Three months") in short
    assert ("leerkracht én met de ouders" if lang == "nl" else "the teacher and the parents") in short


@pytest.mark.parametrize("lang", LANGS)
def test_the_verwijsindex_needs_two_signals(lang):
    assert ("twee of meer signalen" if lang == "nl" else "two or more flags") in \
        "\n".join(answer("verwijsindex", Facts(), lang).short)


@pytest.mark.parametrize("lang", LANGS)
def test_the_plan_of_approach_records_the_six_things(lang):
    short = " ".join(answer("plan", Facts(), lang).short).lower()
    for word in (("acties", "casuscoördinator", "aanspreekpunt", "afwezige ouders", "verwijsindex")
                 if lang == "nl" else ("actions", "case coordinator", "contact", "absent parents", "verwijsindex")):
        assert word in short


@pytest.mark.parametrize("lang", LANGS)
def test_parents_records_where_kept_and_the_youth_nurses_own_file(lang):
    text = text_of(answer("privacy.records", Facts(), lang))
    for word in (("zorgdossier", "verbetering", "digitaal dossier JGZ", "GGD") if lang == "nl"
                 else ("care file", "corrected", "digital JGZ file", "GGD")):
        assert word in text


@pytest.mark.parametrize("lang", LANGS)
def test_meldcode_marks_current_law_once(lang):
    advice = answer("meldcode", Facts(), lang)
    assert advice.short.count(MARKERS[lang][0]) == 1
    assert advice.short[0].startswith("De bronnen" if lang == "nl" else "The sources")
    assert ("afwegingskader" in "\n".join(advice.short))


# -- the ten questions of the Wegwijzer ---------------------------------------------------------------
@pytest.mark.parametrize("number", range(1, 11))
@pytest.mark.parametrize("lang", LANGS)
def test_each_wegwijzer_question_is_answered_from_its_own_section(number, lang):
    from dialogues.knowledge.answers import FAQ_TOPICS, faq_question
    assert len(FAQ_TOPICS) == 10
    advice = answer(f"faq.{number}", Facts(), lang)
    assert 3 <= len(advice.short) <= 12 and faq_question(f"faq.{number}", lang).endswith("?")
    section = "hoofdstuk 4, Vraag" if lang == "nl" else "chapter 4, Vraag"
    assert f"{section} {number}:" in advice.sources[0]
    assert not DEVELOPMENT_WORDS.search(text_of(advice))


@pytest.mark.parametrize("age", [16, 17, 19])
def test_no_topic_tells_the_school_to_ask_or_inform_the_parents_of_a_pupil_of_sixteen(age):
    parent_directed = ("vraag hun toestemming", "Praat vooraf met de ouders", "Stuur de ouders",
                       "ouders het toestemmingsformulier", "Vraag toestemming aan de ouders", "bespreek dan met hen")
    parent_directed += ("Vraag toestemming voor bespreking dus aan de voogd",)
    for topic, authority in itertools.product(sorted(CONTRACT_TOPICS), AUTHORITIES):
        text = text_of(answer(topic, Facts(age=age, authority=authority), "nl"))
        assert not any(p in text for p in parent_directed), (topic, age, authority)
