"""The consent rules (dialogues/knowledge/consent.toml) and the decision model that walks them."""
from __future__ import annotations

import itertools
import re
import tomllib
from pathlib import Path

import pytest

from core import policy
from core.knowledge import KNOWLEDGE_DIR, Statement
from dialogues.knowledge import consent as c
from dialogues.knowledge.citations import document_lines, documents

TOML = KNOWLEDGE_DIR / "consent.toml"
REF = r"00[0-4]:L\d+(?:-L?\d+)?"
ITEM = rf"(?:{REF}|current law)"
SOURCE = re.compile(rf"^{ITEM}(?:, {ITEM})*$")


def raw() -> dict:
    with open(TOML, "rb") as fh:
        return tomllib.load(fh)


def statement_tables(node, path="") -> list[tuple[str, dict]]:
    """Every table in the TOML that carries text (nl or en): each must be a full Statement."""
    found = []
    if isinstance(node, dict):
        if "nl" in node or "en" in node:
            found.append((path, node))
        for key, value in node.items():
            if key != "triggers":  # FAQ trigger lists per language, not text
                found += statement_tables(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += statement_tables(value, f"{path}[{i}]")
    return found


def q(**kw) -> c.ConsentQuestions:
    base = dict(age_band="under_12", authority="both_parents", parents_informed=True,
                parents_stance="unknown", serious_concerns_refusal=False,
                threatening_situation=False, asking_endangers_pupil=False)
    base.update(kw)
    return c.ConsentQuestions(**base)


def note(note_id: str) -> Statement:
    table = next(n for n in raw()["notes"] if n["id"] == note_id)
    return Statement.from_table(table)


def all_questions():
    for values in itertools.product(c.AGE_BANDS, c.AUTHORITIES, (True, False), c.STANCES,
                                    (True, False), (True, False), (True, False), (True, False)):
        yield c.ConsentQuestions(*values)


# --------------------------------------------------------------------------------------------
# The data itself
# --------------------------------------------------------------------------------------------

def test_every_statement_has_both_languages_and_a_source():
    tables = statement_tables(raw())
    assert len(tables) > 150
    for path, table in tables:
        Statement.from_table(table)  # rejects a missing nl, en or source
        assert SOURCE.match(table["source"]), f"{path}: bad source {table['source']!r}"


def test_source_lines_exist_in_the_shipped_documents():
    # The documents ship under sources/, so this runs on every clean clone.
    lengths = {number: len(document_lines(number)) for number in documents()}
    for path, table in statement_tables(raw()):
        for seed, start, end in re.findall(r"(00\d):L(\d+)(?:-L?(\d+))?", table["source"]):
            start, end = int(start), int(end or start)
            assert start <= end, f"{path}: {table['source']}"
            assert end <= lengths[seed], f"{path}: {seed} has {lengths[seed]} lines"


def test_statements_carry_no_placeholders_except_letters():
    for path, table in statement_tables(raw()):
        if path.startswith(".letters"):
            continue
        for lang in ("nl", "en"):
            assert "{" not in table[lang] and "}" not in table[lang], path


def test_the_four_options_in_order_of_preference():
    assert c.OPTIONS == ("written_consent", "no_objection", "anonymous", "without_consent")
    opts = c.options()
    assert [opts[k].rank for k in c.OPTIONS] == [1, 2, 3, 4]
    for key, info in opts.items():
        assert info.what_school_does and info.may_share and info.next_steps, key
    assert [k for k, o in opts.items() if o.needs_director] == ["without_consent"]
    assert c.options()["no_objection"].if_objection  # what happens when parents object
    assert "buitenkant" in " ".join(s.nl for s in opts["no_objection"].may_share)
    assert any("003:L2742-2748" in s.source for s in opts["no_objection"].may_share)


def test_without_consent_steps_name_director_and_documentation():
    steps = c.options()["without_consent"].next_steps
    text = " ".join(s.en for s in steps)
    assert "director" in text and "document" in text
    assert any("003:L2948" in s.source for s in steps)


def test_record_fields_cover_the_minimum():
    keys = [k for k, _ in c.record_fields()]
    assert keys == ["option", "given_by", "date", "partners", "teams", "partner_files",
                    "objection_or_withdrawal", "director_decision", "motivation"]


def test_successor_notes():
    assert "AVG" in c.successor("wbp").nl and c.successor("wbp").source.endswith("current law")
    assert "Veilig Thuis" in c.successor("amk").en
    assert "municipality" in c.successor("bjz").en


def test_questions_are_validated():
    with pytest.raises(ValueError):
        q(age_band="15")
    with pytest.raises(ValueError):
        q(parents_stance="maybe")
    with pytest.raises(ValueError):
        q(authority="grandmother")


# --------------------------------------------------------------------------------------------
# The decision model, row by row
# --------------------------------------------------------------------------------------------

def test_willing_gives_written_consent():
    advice = c.advise(q(parents_stance="will_consent"))
    assert advice.option == "written_consent" and not advice.needs_director
    assert advice.rule == "willing_to_consent"
    assert any("003:L6129" in s.source for s in advice.why)


def test_informed_and_not_objecting_gives_no_objection():
    advice = c.advise(q(parents_stance="no_objection"))
    assert advice.option == "no_objection" and not advice.needs_director


def test_objection_gives_anonymous_and_no_naming():
    advice = c.advise(q(parents_stance="object"))
    assert advice.option == "anonymous" and not advice.needs_director
    assert not policy.naming_allowed("no_objection", objected=True)
    assert policy.naming_allowed("no_objection", objected=False)


def test_no_answer_yet_gives_anonymous_with_order_of_preference():
    advice = c.advise(q(parents_stance="unknown"))
    assert advice.option == "anonymous" and advice.rule == "not_yet_asked"
    assert any(s.source == "003:L6129-6133" for s in advice.next_steps)


def test_not_informed_means_inform_first():
    for stance in c.STANCES:
        advice = c.advise(q(parents_informed=False, parents_stance=stance))
        assert advice.next_steps[0] == note("inform_first")


def test_not_informed_but_asking_endangers_goes_without_consent():
    advice = c.advise(q(parents_informed=False, asking_endangers_pupil=True))
    assert advice.option == "without_consent" and advice.needs_director
    assert note("inform_first") not in advice.next_steps


@pytest.mark.parametrize("flags,rule", [
    (dict(asking_endangers_pupil=True), "asking_endangers_pupil"),
    (dict(serious_concerns_refusal=True, parents_stance="object"), "serious_concerns_refusal"),
    (dict(threatening_situation=True, parents_stance="object"), "threatening_and_refused"),
])
def test_exceptional_route_needs_director(flags, rule):
    advice = c.advise(q(**flags))
    assert advice.option == "without_consent" and advice.needs_director and advice.rule == rule
    assert any("director" in s.en for s in advice.next_steps)
    assert any(re.search(r"003:L29[2-4]\d|004:L238\d", s.source) for s in advice.why)
    assert policy.naming_allowed("without_consent", objected=True)


@pytest.mark.parametrize("stance", ["will_consent", "no_objection", "unknown"])
def test_threat_alone_is_not_a_weighty_reason(stance):
    advice = c.advise(q(threatening_situation=True, parents_stance=stance))
    assert advice.option != "without_consent" and not advice.needs_director
    assert note("threatening_consider_exception") in advice.why


def test_no_exception_without_weighty_reasons_across_all_answers():
    seen = set()
    for questions in all_questions():
        advice = c.advise(questions)
        seen.add(advice.option)
        weighty = (questions.asking_endangers_pupil or questions.serious_concerns_refusal
                   or (questions.threatening_situation and questions.parents_stance == "object"))
        assert (advice.option == "without_consent") == weighty, questions
        assert advice.needs_director == (advice.option == "without_consent")
        assert advice.why and advice.may_share and advice.next_steps and advice.warnings
        for s in advice.statements():
            assert isinstance(s, Statement) and SOURCE.match(s.source)
    assert seen == set(c.OPTIONS)


def test_age_15_and_16():
    assert c.age_band(11) == "under_12" and c.age_band(12) == "12_15"
    assert c.age_band(15) == "12_15" and c.age_band(16) == "16_17"
    assert c.age_band(17) == "16_17" and c.age_band(18) == "18_plus"
    fifteen = c.advise(q(age_band=c.age_band(15), parents_stance="will_consent"))
    sixteen = c.advise(q(age_band=c.age_band(16), parents_stance="will_consent"))
    assert "ouders met gezag" in fifteen.decider.nl
    assert fifteen.decider == Statement.from_table(raw()["decider"]["authority"]["both_parents"])
    assert sixteen.decider == Statement.from_table(raw()["decider"]["age_band"]["16_17"])
    assert "leerling zelf" in sixteen.decider.nl
    assert note("sixteen_refuse_info") in sixteen.warnings
    assert note("sixteen_refuse_info") not in fifteen.warnings


def test_seventeen_year_old_refuses_information_to_a_parent():
    advice = c.advise(q(age_band=c.age_band(17), authority="one_parent",
                        parents_stance="will_consent", pupil_refuses_parent_info=True))
    assert advice.option == "written_consent"
    assert note("refusal_respected") in advice.warnings
    assert "003:L6046-6050" in note("refusal_respected").source
    # the parent-without-authority duty belongs to under-16s; the pupil decides now
    assert note("parent_without_authority") not in advice.next_steps


def test_refusal_under_16_is_not_given_the_16_plus_right():
    advice = c.advise(q(age_band="12_15", pupil_refuses_parent_info=True))
    assert note("refusal_under_16") in advice.warnings
    assert note("refusal_respected") not in advice.warnings


def test_adult_pupil():
    advice = c.advise(q(age_band=c.age_band(19), parents_stance="will_consent"))
    assert advice.decider == Statement.from_table(raw()["decider"]["age_band"]["18_plus"])
    assert note("adult_contact_parents") in advice.warnings
    assert "003:L5140-5144" in advice.decider.source


def test_double_consent_warning_only_for_12_to_15():
    warning = note("double_consent_not_for_discussion")
    assert "003:L5483-5519" in warning.source
    for band in c.AGE_BANDS:
        advice = c.advise(q(age_band=band))
        assert (warning in advice.warnings) == (band == "12_15")


def test_no_statement_says_double_consent_applies_to_a_discussion():
    statements = [Statement.from_table(t) for _, t in statement_tables(raw())]
    for questions in all_questions():
        statements += c.advise(questions).statements()
    mentions = [s for s in statements if "dubbele toestemming" in s.nl.lower()
                or "double consent" in s.en.lower()]
    assert mentions
    for s in mentions:
        assert "niet voor" in s.nl.lower() or s.nl.startswith("Geldt"), s.nl
        assert "not to" in s.en.lower() or "not for" in s.en.lower() or s.en.startswith("Does"), s.en


def test_parent_without_authority_in_advice():
    advice = c.advise(q(age_band="under_12", authority="one_parent"))
    assert note("parent_without_authority") in advice.next_steps
    assert "003:L6034-6046" in advice.decider.source
    assert "zonder gezag beslist niet" in advice.decider.nl


def test_unknown_authority_is_established_first():
    advice = c.advise(q(authority="none_known", parents_informed=False))
    assert advice.next_steps[:2] == [note("inform_first"), note("establish_authority")]


def test_school_guide_is_never_consent():
    for stance in c.STANCES:
        assert note("school_guide_not_consent") in c.advise(q(parents_stance=stance)).warnings


@pytest.mark.parametrize("option,objected,expected", [
    (None, False, False), (None, True, False),
    ("written_consent", False, True), ("written_consent", True, False),
    ("no_objection", False, True), ("no_objection", True, False),
    ("anonymous", False, False), ("anonymous", True, False),
    ("without_consent", False, True), ("without_consent", True, True),
])
def test_naming_allowed(option, objected, expected):
    assert policy.naming_allowed(option, objected) is expected


def test_naming_rejects_unknown_option():
    with pytest.raises(ValueError):
        policy.naming_allowed("verbal", False)


# --------------------------------------------------------------------------------------------
# FAQ
# --------------------------------------------------------------------------------------------

REQUIRED_FAQ = {"discuss_without_asking", "youth_doctor_share", "school_guide", "where_stored",
                "share_minimum", "parent_without_authority", "pupil_refuses_parent_info",
                "which_option"}


def test_faq_has_the_required_entries():
    ids = {e.id for e in c.faq_entries()}
    assert REQUIRED_FAQ <= ids and len(ids) >= 12
    for entry in c.faq_entries():
        assert entry.triggers_nl and entry.triggers_en, entry.id
        assert entry.starts_advice or entry.answer, entry.id
        assert set(entry.related) <= ids, entry.id
        assert set(entry.letters) <= set(c.LETTER_KINDS), entry.id
        for trigger in entry.triggers_nl + entry.triggers_en:
            assert trigger == trigger.lower(), trigger
    assert c.faq_entry("which_option").starts_advice


@pytest.mark.parametrize("entry", c.faq_entries(), ids=lambda e: e.id)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_each_faq_question_matches_itself(entry, lang):
    assert c.match_question(entry.question.text(lang), lang) == entry


@pytest.mark.parametrize("entry", c.faq_entries(), ids=lambda e: e.id)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_each_trigger_leads_to_its_entry(entry, lang):
    for trigger in entry.triggers(lang):
        phrase = trigger.replace("*", "")
        assert c.match_question(phrase, lang) == entry, trigger


@pytest.mark.parametrize("text,lang,faq_id", [
    ("mag ik een leerling bespreken zonder de ouders te vragen?", "nl", "discuss_without_asking"),
    ("can I discuss a pupil without asking the parents?", "en", "discuss_without_asking"),
    ("wat mag de jeugdarts delen?", "nl", "youth_doctor_share"),
    ("what may the youth doctor share?", "en", "youth_doctor_share"),
    ("is de schoolgids genoeg?", "nl", "school_guide"),
    ("is the school guide enough?", "en", "school_guide"),
    ("waar wordt de informatie van het zorgteam bewaard?", "nl", "where_stored"),
    ("where is team information stored?", "en", "where_stored"),
    ("Mag ik het hele dossier naar de SMW sturen?", "nl", "share_minimum"),
    ("Can I send the whole file to the social worker?", "en", "share_minimum"),
    ("De vader heeft geen gezag, moet ik hem informeren?", "nl", "parent_without_authority"),
    ("A divorced parent without authority wants information", "en", "parent_without_authority"),
    ("Een 16-jarige wil niet dat haar moeder iets hoort", "nl", "pupil_refuses_parent_info"),
    ("My 16 year old pupil doesn't want her father informed", "en", "pupil_refuses_parent_info"),
    ("welke toestemmingsoptie is van toepassing?", "nl", "which_option"),
    ("which consent option applies?", "en", "which_option"),
    ("De ouders maken bezwaar, wat nu?", "nl", "parents_object"),
    ("Wanneer mag ik zonder toestemming bespreken?", "nl", "without_consent_when"),
    ("Geldt dubbele toestemming voor een leerling van 13?", "nl", "double_consent"),
])
def test_plain_questions(text, lang, faq_id):
    entry = c.match_question(text, lang)
    assert entry is not None and entry.id == faq_id


@pytest.mark.parametrize("text,lang", [
    ("hoe laat is het?", "nl"), ("what time is it?", "en"), ("", "nl"), ("ok", "en"),
    ("wanneer is de volgende vergadering?", "nl"), ("add an action for Z-17", "en"),
])
def test_unrelated_questions_give_none(text, lang):
    assert c.match_question(text, lang) is None


def test_ambiguous_question_gives_none():
    # matches two different entries equally well: never guess
    assert c.match_question("schoolgids vertrouwelijk", "nl") is None


def test_parent_without_authority_faq():
    entry = c.faq_entry("parent_without_authority")
    text = " ".join(s.nl for s in entry.answer)
    assert "beslist niet" in text and "zorgtraject" in text and "belangrijke feiten" in text
    assert any("003:L6034-6046" in s.source or "003:L6038-6046" in s.source for s in entry.answer)


def test_faq_sources_match_the_brief():
    assert any("003:L2709" in s.source or "003:L2711" in s.source
               for s in c.faq_entry("youth_doctor_share").answer)
    sources = " ".join(s.source for s in c.faq_entry("school_guide").answer)
    assert "003:L2823-2833" in sources and "004:L2330-2334" in sources
    assert c.faq_entry("where_stored").answer[0].source == "003:L2695-2699"
    assert c.faq_entry("share_minimum").answer[0].source in ("003:L2612-2618", "003:L2608-2618")


# --------------------------------------------------------------------------------------------
# Letters
# --------------------------------------------------------------------------------------------

FIELDS = dict(addressee="mevrouw De Vries", pupil="Sam", school="De Regenboog", team="zorgteam",
              question="hoe helpen we Sam bij het lezen", partners=["SMW", "JGZ", "Bureau Jeugdzorg"],
              date="1 maart", contact_person="J. Jansen (IB'er)", contact_details="ib@school.nl",
              complaints_contact="de intern begeleider", reply_by="15 maart",
              signatory="ouder(s) met gezag", objection_deadline="15 maart")


@pytest.mark.parametrize("kind", c.LETTER_KINDS)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_letters_fill_every_placeholder(kind, lang):
    fields = {k: FIELDS[k] for k in c.letter_fields(kind)}
    text = c.letter(kind, lang, **fields)
    assert "{" not in text and "}" not in text
    assert "Sam" in text and "De Regenboog" in text
    assert ("SMW, JGZ and Bureau Jeugdzorg" if lang == "en" else "SMW, JGZ en Bureau Jeugdzorg") in text
    assert SOURCE.match(c.letter_source(kind))


def test_letter_contents_follow_the_seed():
    consent_nl = c.letter("written_consent", "nl", **{k: FIELDS[k] for k in c.letter_fields("written_consent")})
    consent_en = c.letter("written_consent", "en", **{k: FIELDS[k] for k in c.letter_fields("written_consent")})
    notice_nl = c.letter("no_objection", "nl", **{k: FIELDS[k] for k in c.letter_fields("no_objection")})
    notice_en = c.letter("no_objection", "en", **{k: FIELDS[k] for k in c.letter_fields("no_objection")})
    # written consent: discussion + processing by school and named partners + working method
    assert "toestemming" in consent_nl and "intrekken" in consent_nl and "werkt" in consent_nl
    assert "withdraw" in consent_en and "confidential" in consent_en and "whole file" in consent_en
    # no objection: the intention, the right to object and how, info on request, outside info only
    assert "bezwaar" in notice_nl and "15 maart" in notice_nl and "op verzoek" in notice_nl
    assert "object" in notice_en and "on request" in notice_en and "since when" in notice_en
    assert "objection_deadline" in c.letter_fields("no_objection")
    assert "reply_by" in c.letter_fields("written_consent")


def test_letters_refuse_missing_unknown_or_empty_fields():
    fields = {k: FIELDS[k] for k in c.letter_fields("no_objection")}
    with pytest.raises(ValueError):
        c.letter("no_objection", "nl", **{k: v for k, v in fields.items() if k != "partners"})
    with pytest.raises(ValueError):
        c.letter("no_objection", "nl", **fields, reply_by="x")
    with pytest.raises(ValueError):
        c.letter("no_objection", "nl", **{**fields, "pupil": " "})
    with pytest.raises(ValueError):
        c.letter("verbal", "nl", **fields)


# --------------------------------------------------------------------------------------------
# One decision, one voice: every combination, no sentence the decision excludes
# --------------------------------------------------------------------------------------------

PARENT_DIRECTED = ("ouders het toestemmingsformulier", "Stuur de ouders", "Praat na de bespreking altijd met de ouders",
                   "Voer vooraf een gesprek met de ouders", "toestemming van de ouders", "De school laat de ouders",
                   "Maken de ouders bezwaar", "instemming van ouders en leerling", "partnerschap met de ouders")


def every_question_combination():
    for band, authority, informed, stance, concerns, threat, endangers, refuses in itertools.product(
            c.AGE_BANDS, c.AUTHORITIES, (True, False), c.STANCES, (True, False), (True, False), (True, False),
            (True, False)):
        yield c.ConsentQuestions(band, authority, informed, stance, concerns, threat, endangers, refuses)


def test_from_sixteen_no_sentence_sends_anything_to_the_parents_or_asks_their_consent():
    for q in every_question_combination():
        if q.age_band not in ("16_17", "18_plus"):
            continue
        texts = [s.nl for s in c.advise(q).statements()]
        for text in texts:
            assert not any(p in text for p in PARENT_DIRECTED), (q, text)
        assert not any("ouders met gezag" in s.nl for s in [c.advise(q).decider])


def test_under_sixteen_the_parents_are_asked_not_the_pupil():
    for q in every_question_combination():
        if q.age_band in ("16_17", "18_plus"):
            continue
        advice = c.advise(q)
        texts = "\n".join(s.nl for s in advice.statements())
        assert "de leerling zelf het toestemmingsformulier" not in texts
        assert "Stuur de leerling zelf" not in texts
        if advice.option == "written_consent":
            assert "de ouders het toestemmingsformulier invullen" in texts


def test_a_discussion_without_consent_is_decided_by_the_director_never_by_the_parents():
    for q in every_question_combination():
        advice = c.advise(q)
        if advice.option == "without_consent":
            assert advice.decider.nl.startswith("De directeur") and advice.decider.en.startswith("The director")
            assert "ouders met gezag" not in advice.decider.nl
        else:
            assert not advice.decider.nl.startswith("De directeur")
