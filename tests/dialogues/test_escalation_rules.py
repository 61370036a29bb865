"""Escalation knowledge: the Veilig Thuis ladder, suspension, expulsion and plain questions."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from core.knowledge import Statement, load_area
from dialogues.knowledge.citations import document_lines
from dialogues.knowledge.escalation import (
    AREAS, ROUTES, EscalationQuestions, ExpulsionCase, SuspensionPlan, _questions, advise_escalation,
    check_suspension, closing, expulsion_procedure, iter_statement_tables, ladder_rules,
    match_question, meldcode_steps, other_route, parse_length, statements,
)

SEEDS = ("003", "004")   # the documents these rules cite, shipped under sources/


def sources(items) -> set[str]:
    return {st.source for st in items}


def has(items, fragment: str) -> bool:
    return any(fragment in st.source for st in items)


def ask(**overrides) -> EscalationQuestions:
    base = dict(concern="avoiding_help", discussed_in_zat=True, life_threatening=False,
                child_is_source=False, proof="none", parents_avoid_care=True,
                repeated_contact_same_child=False)
    base.update(overrides)
    return EscalationQuestions(**base)


# --- the ladder -------------------------------------------------------------------------------

def test_not_discussed_in_zat_goes_to_the_zat_first_with_consent_options():
    advice = advise_escalation(ask(discussed_in_zat=False))
    assert advice.route == "zat_first" and not advice.urgent
    assert has(advice.statements, "003:L6129-6133")  # written consent, else instemming, else anonymous
    nl = " ".join(st.nl for st in advice.statements)
    assert "toestemming" in nl and "instemming" in nl and "anoniem" in nl
    assert advice.statements[-1] == closing()


def test_suspected_abuse_not_in_zat_still_mentions_advice_at_any_moment_and_meldcode():
    advice = advise_escalation(ask(concern="suspected_abuse", discussed_in_zat=False))
    assert advice.route == "zat_first"
    assert has(advice.statements, "003:L6143-6145")
    assert any(st.source.startswith("current law") for st in advice.statements)


def test_parents_avoiding_help_leads_to_a_care_report():
    advice = advise_escalation(ask())
    assert advice.route == "care_report"
    text = " ".join(st.en for st in advice.statements)
    assert "beforehand" in text  # parents told before the care report
    assert "desirable but not required" in text
    assert "Bureau Jeugdzorg (now: the municipality / a certified institution)" in advice.title.en
    assert has(advice.statements, "003:L6177-6183") and has(advice.statements, "003:L6173-6177")
    assert [r.key for r in advice.who_reports] == ["school"]


def test_care_report_criteria_come_from_the_seed():
    advice = advise_escalation(ask())
    assert {"003:L6173-6177", "003:L6169-6171"} <= sources(advice.criteria)


def test_abuse_without_proof_and_parents_avoiding_care_is_a_report():
    advice = advise_escalation(ask(concern="suspected_abuse", proof="none"))
    assert advice.route == "report" and not advice.urgent
    assert advice.criteria[0].source == "003:L6217-6219"
    assert "AMK (sinds 2015: Veilig Thuis)" in advice.title.nl


def test_substantiated_abuse_with_parents_avoiding_care_is_a_care_report():
    advice = advise_escalation(ask(concern="suspected_abuse", proof="some"))
    assert advice.route == "care_report"
    assert advice.criteria[0].source == "003:L6194-6202"


@pytest.mark.parametrize("discussed", [True, False])
def test_life_threatening_goes_straight_to_the_report_route_with_a_calm_message(discussed):
    advice = advise_escalation(ask(life_threatening=True, discussed_in_zat=discussed,
                                   concern="suspected_abuse", parents_avoid_care=False))
    assert advice.route == "report" and advice.urgent and advice.reason == "life_threatening"
    assert advice.statements[0].source == "003:L6225-6229"  # calm, careful direction first
    assert "calmly" in advice.statements[0].en
    assert has(advice.statements, "003:L6221-6223")
    assert has(advice.statements, "004:L3264-3270")  # the ZAT's crisis arrangements


@pytest.mark.parametrize("concern", ["avoiding_help", "suspected_abuse"])
def test_child_as_source_goes_straight_to_the_report_route(concern):
    advice = advise_escalation(ask(child_is_source=True, discussed_in_zat=False, proof="some",
                                   concern=concern, parents_avoid_care=False))
    assert advice.route == "report" and advice.urgent and advice.reason == "child_is_source"
    assert "do not approach the parents first" in " ".join(st.en for st in advice.criteria)


def test_advice_when_abuse_suspected_and_parents_engaged():
    advice = advise_escalation(ask(concern="suspected_abuse", parents_avoid_care=False))
    assert advice.route == "advice"
    text = " ".join(st.en for st in advice.statements)
    assert "stays responsible" in text and "no steps towards the family" in text
    assert has(advice.statements, "003:L6151-6155")


def test_repeated_contact_about_the_same_child_is_a_consult():
    advice = advise_escalation(ask(concern="suspected_abuse", parents_avoid_care=False,
                                   repeated_contact_same_child=True))
    assert advice.route == "consult"
    assert has(advice.criteria, "003:L6155-6159")


def test_parents_cooperating_means_no_escalation():
    advice = advise_escalation(ask(parents_avoid_care=False))
    assert advice.route == "zat_first" and advice.reason == "parents_not_avoiding"


def test_report_route_names_who_reports_informant_duty_and_keeping_informed():
    advice = advise_escalation(ask(concern="suspected_abuse"))
    assert [r.key for r in advice.who_reports] == [
        "school", "youth_doctor", "social_work", "attendance_officer", "police", "zat_chair"]
    assert all(r.label.source.startswith("003:L623") for r in advice.who_reports)
    assert {"003:L6231-6235", "003:L6241-6245", "003:L6253-6255"} <= sources(advice.explanation)
    assert any("Veilig Thuis" in st.nl and "current law" in st.source for st in advice.explanation)
    roles = {item.role for item in advice.checklist}
    assert "reporter" in roles and all(isinstance(i.statement, Statement) for i in advice.checklist)


def test_every_combination_of_answers_gets_a_route_and_a_closing():
    from itertools import product
    for concern, proof, *flags in product(["avoiding_help", "suspected_abuse"], ["none", "some"],
                                          *[[True, False]] * 5):
        q = EscalationQuestions(concern, flags[0], flags[1], flags[2], proof, flags[3], flags[4])
        advice = advise_escalation(q)
        assert advice.route in ROUTES
        assert advice.statements[-1].source == "zorgbot"
        assert advice.urgent == (q.life_threatening or q.child_is_source)
        if advice.urgent:
            assert advice.route == "report"


def test_invalid_answers_are_refused():
    with pytest.raises(ValueError):
        ask(concern="worried")
    with pytest.raises(ValueError):
        ask(proof="lots")
    assert ladder_rules()  # the shipped rules name only known questions and routes


# --- suspension -------------------------------------------------------------------------------

START = date(2026, 12, 17)  # a Thursday
XMAS = [date(2026, 12, 21) + timedelta(days=i) for i in range(12)]  # 21 Dec 2026 .. 1 Jan 2027


def plan(**overrides) -> SuspensionPlan:
    base = dict(school_type="VO", pupil_age=14, length_school_days=3, urgent=False,
                expulsion_running=False, start=START)
    base.update(overrides)
    return SuspensionPlan(**base)


def deadline(check, key):
    return next(d.date for d in check.deadlines if d.key == key)


def test_one_day_suspension_has_no_inspectorate_duty():
    check = check_suspension(plan(length_school_days=1))
    assert check.allowed
    assert not has(check.duties, "003:L6316-6320")
    assert has(check.notes, "003:L6304-6320")  # says so explicitly
    assert has(check.duties, "003:L6304-6312")  # written notice still applies


def test_three_day_suspension_duties_and_dates_across_weekend_and_holidays():
    check = check_suspension(plan(), holidays=XMAS)
    assert check.allowed and not check.violations
    assert has(check.duties, "003:L6316-6320")  # inspectorate and leerplichtambtenaar
    assert has(check.duties, "003:L6322-6328")  # objection route
    assert "parents" in check.duties[0].en  # pupil under 21
    # Thu 17, Fri 18, then weekend and the holiday up to 1 Jan: third school day is Mon 4 Jan.
    assert deadline(check, "last_day") == date(2027, 1, 4)
    assert deadline(check, "objection") == date(2027, 1, 28)  # six weeks after the decision
    assert deadline(check, "authority_answer_latest") == date(2027, 2, 25)  # four weeks later
    assert check.statements[-1] == closing()


def test_five_days_over_the_holiday_and_without_holidays():
    assert deadline(check_suspension(plan(length_school_days=5), holidays=XMAS), "last_day") == date(2027, 1, 6)
    assert deadline(check_suspension(plan(length_school_days=5)), "last_day") == date(2026, 12, 23)


def test_start_on_a_holiday_counts_from_the_next_school_day():
    check = check_suspension(plan(length_school_days=2, start=date(2026, 12, 24)), holidays=XMAS)
    assert deadline(check, "last_day") == date(2027, 1, 5)


def test_two_weeks_is_a_violation_with_rule_and_source():
    length = parse_length("twee weken", "nl")
    check = check_suspension(plan(length_school_days=length))
    assert length == 10 and not check.allowed
    [violation, extension] = check.violations
    assert "five school days" in violation.en and "vijf schooldagen" in violation.nl
    assert violation.source == "003:L6276-6280, L6294-6302"
    assert "nieuw besluit" in extension.nl and "new decision" in extension.en


def test_more_than_five_days_during_an_expulsion_procedure_is_allowed():
    check = check_suspension(plan(length_school_days=15, expulsion_running=True))
    assert check.allowed
    assert has(check.warnings, "003:L6294-6302")


def test_extension_needs_a_new_decision():
    check = check_suspension(plan(is_extension=True))
    assert any(st.source.startswith("003:L6290-6292") for st in check.duties)
    assert not any(st.source.startswith("003:L6290-6292") for st in check_suspension(plan()).duties)


def test_pupil_of_21_gets_the_notice_without_parents():
    adult = check_suspension(plan(school_type="MBO", pupil_age=21))
    assert "21 or older" in adult.duties[0].en and "no notice to the parents" in adult.duties[0].en
    assert "parents if" not in adult.duties[0].en
    assert "omdat de leerling jonger is dan 21" in check_suspension(plan(pupil_age=20)).duties[0].nl


def test_urgent_suspension_may_get_the_written_decision_later_but_hears_quickly():
    check = check_suspension(plan(urgent=True, decision_date=START + timedelta(days=1)))
    assert has(check.duties, "003:L6314-6316")
    assert deadline(check, "objection") == START + timedelta(days=43)


def test_objection_received_gives_the_authoritys_answer_date():
    check = check_suspension(plan(objection_date=date(2027, 1, 10)))
    assert deadline(check, "authority_answer") == date(2027, 2, 7)


def test_primary_school_note_and_current_law_maximum_for_types_the_seed_does_not_cap():
    check = check_suspension(plan(school_type="PO", pupil_age=9))
    assert has(check.notes, "003:L6334-6343")
    # the seed sets no maximum for PO/SO, current law does (one week): longer breaks it, as the plain answer says
    long = check_suspension(plan(school_type="PO", pupil_age=9, length_school_days=10))
    assert not long.allowed and any("WPO art. 40c" in v.source for v in long.violations)
    special = check_suspension(plan(school_type="SO", pupil_age=12, length_school_days=6))
    assert not special.allowed
    mbo = check_suspension(plan(school_type="MBO", pupil_age=17, length_school_days=10))
    assert mbo.allowed and has(mbo.warnings, "003:L6276-6280, L6330-6343")
    assert "VO" not in check.notes[0].source  # notes are sourced statements, not codes


def test_suspension_input_is_checked():
    with pytest.raises(ValueError):
        check_suspension(plan(school_type="HBO"))
    with pytest.raises(ValueError):
        check_suspension(plan(length_school_days=0))


@pytest.mark.parametrize("text,lang,days", [
    ("3 dagen", "nl", 3), ("twee weken", "nl", 10), ("een week", "nl", 5), ("1 day", "en", 1),
    ("two weeks", "en", 10), ("a week", "en", 5), ("vijf schooldagen", "nl", 5),
    ("mag ik een leerling twee weken schorsen?", "nl", 10), ("suspend for 4 school days", "en", 4),
    ("Één dag", "nl", 1),
])
def test_parse_length(text, lang, days):
    assert parse_length(text, lang) == days


@pytest.mark.parametrize("text", ["even", "een leerling", "a while", "0 dagen", "tomorrow", ""])
def test_parse_length_says_none_when_not_understood(text):
    assert parse_length(text, "nl") is None


# --- expulsion --------------------------------------------------------------------------------

def case(**overrides) -> ExpulsionCase:
    base = dict(school_type="VO", pupil_age=14, reason="behaviour", other_school_found=True,
                mid_school_year=False, start=date(2026, 9, 1))
    base.update(overrides)
    return ExpulsionCase(**base)


def test_vo_mid_year_for_insufficient_progress_is_a_violation():
    proc = expulsion_procedure(case(reason="insufficient_progress", mid_school_year=True))
    assert not proc.allowed
    assert [v.source for v in proc.violations] == ["003:L6415-6417"]
    assert expulsion_procedure(case(reason="insufficient_progress")).allowed  # end of year
    assert expulsion_procedure(case(mid_school_year=True)).allowed  # behaviour, mid-year


def test_vo_without_another_school_is_a_violation():
    proc = expulsion_procedure(case(other_school_found=False))
    assert [v.source for v in proc.violations] == ["003:L6385-6393, L6432-6434"]


def test_vo_procedure_consults_inspectorate_and_lists_the_five_steps():
    proc = expulsion_procedure(case())
    assert has(proc.steps, "003:L6355-6357")
    vo_steps = [st for st in proc.steps if st.nl.startswith("VO-stap")]
    assert [st.nl[:9] for st in vo_steps] == [f"VO-stap {i}" for i in range(1, 6)]
    assert has(proc.steps, "003:L6369-6371")  # copies to inspectorate and LPA
    assert has(proc.steps, "003:L6373-6381")  # unlawful deregistration, two working days
    assert not proc.deadlines  # no statutory search period in VO
    assert proc.statements[-1] == closing()


def test_po_eight_week_search_end_date():
    proc = expulsion_procedure(case(school_type="PO", pupil_age=10, other_school_found=False))
    assert proc.allowed
    assert [(d.key, d.date) for d in proc.deadlines] == [("search_end", date(2026, 10, 27))]
    assert has(proc.steps, "003:L5929-5933, L6448-6456") and has(proc.steps, "003:L6466-6472")
    assert has(proc.steps, "003:L6353-6355")  # PO: hear the class teacher


def test_po_decision_before_eight_weeks_without_another_school_is_too_early():
    early = expulsion_procedure(case(school_type="PO", pupil_age=10, other_school_found=False,
                                     decision_date=date(2026, 10, 1)))
    assert not early.allowed and has(early.violations, "003:L5929-5933, L6448-6456")
    later = expulsion_procedure(case(school_type="MBO", pupil_age=17, other_school_found=False,
                                     decision_date=date(2026, 10, 27)))
    assert later.allowed


def test_mbo_search_applies_but_not_the_wpo_article_or_teacher_hearing():
    proc = expulsion_procedure(case(school_type="MBO", pupil_age=19, other_school_found=False))
    assert proc.deadlines and not has(proc.steps, "003:L6466-6472")
    assert not has(proc.steps, "003:L6353-6355")


@pytest.mark.parametrize("age,heard", [(12, False), (13, True)])
def test_pupil_is_heard_when_older_than_twelve(age, heard):
    proc = expulsion_procedure(case(school_type="PO", pupil_age=age))
    assert any("required because the pupil is older than 12" in st.en for st in proc.steps) is heard
    assert any("12 or younger" in st.en for st in proc.steps) is not heard
    assert has(proc.steps, "003:L6349-6353")  # parents are heard either way


def test_written_decision_goes_to_parents_only_under_21():
    assert "parents" in next(st.en for st in expulsion_procedure(case(pupil_age=17)).steps
                             if st.source == "003:L6359-6363")
    adult = expulsion_procedure(case(school_type="MBO", pupil_age=22, other_school_found=True))
    assert "21 or older" in next(st.en for st in adult.steps if st.source == "003:L6359-6363")


def test_unlawful_deregistration_report_date_skips_weekend_and_holidays():
    proc = expulsion_procedure(case(unlawful_deregistration_found=date(2026, 12, 18)), holidays=XMAS)
    assert [(d.key, d.date) for d in proc.deadlines] == [("lpa_report", date(2027, 1, 5))]


def test_care_needs_reason_adds_weighing_and_zat_consult():
    proc = expulsion_procedure(case(school_type="PO", pupil_age=8, reason="care_needs"))
    assert has(proc.steps, "003:L5923-5927") and has(proc.steps, "003:L5935-5949")


def test_expulsion_never_states_an_objection_term_the_seed_lacks():
    proc = expulsion_procedure(case())
    assert has(proc.notes, "003:L6359-6367")
    assert not any("zes weken" in st.nl for st in proc.statements)


def test_expulsion_input_is_checked():
    with pytest.raises(ValueError):
        expulsion_procedure(case(reason="bad luck"))


# --- plain questions --------------------------------------------------------------------------

def test_two_weeks_question_answers_no_with_the_five_day_rule_and_exception():
    match = match_question("Mag ik een leerling twee weken schorsen?", "nl")
    assert match and match.key == "suspension_length" and match.dialogue == "suspension"
    assert match.length_school_days == 10
    assert match.answer[0].source == "003:L6276-6280, L6294-6302"
    assert match.answer[0].nl.startswith("Nee.") and match.answer[0].en.startswith("No.")
    assert "vijf schooldagen" in match.answer[0].nl
    assert has(match.answer, "003:L6294-6302")  # the exception during an expulsion procedure
    assert match.statements[-1] == closing()


def test_three_days_question_answers_within_the_limit():
    match = match_question("can I suspend a pupil for 3 days?", "en")
    assert match and match.key == "suspension_length" and match.length_school_days == 3
    assert match.answer[0].source == "003:L6276-6280" and "within" in match.answer[0].en


@pytest.mark.parametrize("text,lang,key", [
    ("moet de inspectie het weten?", "nl", "inspectorate"),
    ("Moet de inspectie het weten als ik drie dagen schors?", "nl", "suspension_inspectorate"),
    ("does the inspectorate need to know about a suspension?", "en", "suspension_inspectorate"),
    ("who reports to Veilig Thuis?", "en", "who_reports"),
    ("Wie doet de melding bij Veilig Thuis?", "nl", "who_reports"),
    ("wat is het verschil tussen advies en melding?", "nl", "advice_vs_report"),
    ("what is the difference between advice and a report?", "en", "advice_vs_report"),
    ("wanneer een zorgmelding?", "nl", "when_care_report"),
    ("when do we make a care report?", "en", "when_care_report"),
    ("Heb ik toestemming van ouders nodig voor een zorgmelding?", "nl", "when_care_report"),
    ("wat zijn de stappen van de meldcode?", "nl", "meldcode_steps"),
    ("wanneer mag een school een leerling verwijderen?", "nl", "expulsion_conditions"),
    ("can a school expel a pupil mid-year for poor progress?", "en", "expulsion_progress"),
    ("de ouders weigeren alle hulp, wat nu?", "nl", "parents_refuse"),
    ("the child told me she is hit at home", "en", "urgent"),
    ("wanneer schakel ik de leerplichtambtenaar in bij verzuim?", "nl", "leerplicht"),
    ("when should we involve the police?", "en", "police"),
    ("wat is een consult bij Veilig Thuis?", "nl", "advice_vs_consult"),
    ("wat is het verschil tussen een zorgmelding en een melding?", "nl", "care_report_vs_report"),
    ("who decides about a suspension?", "en", "suspension_authority"),
    ("wie beslist over verwijdering?", "nl", "expulsion_authority"),
    ("wanneer moet ik melden bij Veilig Thuis?", "nl", "when_report"),
    ("should we report suspected abuse?", "en", "when_report"),
])
def test_question_matching_in_both_languages(text, lang, key):
    match = match_question(text, lang)
    assert match is not None and match.key == key
    assert match.answer and all(st.nl and st.en and st.source for st in match.answer)


def test_inspectorate_question_covers_suspension_and_expulsion():
    match = match_question("moet de inspectie het weten?", "nl")
    assert {"003:L6316-6320", "003:L6355-6357", "003:L6369-6371"} <= sources(match.answer)


def test_who_reports_answer_lists_the_reporters_and_names_veilig_thuis():
    match = match_question("who reports to Veilig Thuis?", "en")
    assert match.answer[0].source == "003:L6231-6235"
    assert "Veilig Thuis" in match.answer[0].en


def test_meldcode_answer_is_marked_as_current_law():
    match = match_question("meldcode?", "nl")
    assert match.answer[0].source.startswith("current law")
    assert "niet uit de bronteksten" in match.answer[0].nl


def test_suspension_question_without_a_length_gives_the_general_rule():
    match = match_question("hoe lang mag een schorsing duren?", "nl")
    assert match.key == "suspension_length" and match.length_school_days is None
    assert match.answer[0].source == "003:L6276-6280" and "hoogstens vijf" in match.answer[0].nl


def test_english_question_is_understood_when_the_member_uses_dutch_settings():
    match = match_question("who reports to Veilig Thuis?", "nl")
    assert match is not None and match.key == "who_reports"


@pytest.mark.parametrize("text", [
    "wat is het weer morgen?", "plan de volgende vergadering op dinsdag", "hello there", "", "???",
    "wie", "the quick brown fox",
])
def test_unrelated_text_gets_no_answer(text):
    assert match_question(text, "nl") is None
    assert match_question(text, "en") is None


@pytest.mark.parametrize("text", [
    "voeg actie toe: leerplichtambtenaar bellen over casus 12", "agenda: politie uitnodigen",
    "Ik heb de meldcode doorgenomen met het team", "add action: call the police liaison",
])
def test_commands_and_remarks_that_mention_a_topic_are_not_answered(text):
    assert match_question(text, "nl") is None and match_question(text, "en") is None


@pytest.mark.parametrize("text", ["wie meldt de afwezigheid?", "should I report the broken window?",
                                  "wie is de voorzitter van het ZAT?", "wanneer is de volgende vergadering?"])
def test_look_alike_questions_on_other_topics_are_not_answered(text):
    assert match_question(text, "nl") is None and match_question(text, "en") is None


def test_an_urgent_disclosure_is_answered_even_without_a_question():
    match = match_question("Een kind heeft verteld dat het thuis geslagen wordt", "nl")
    assert match is not None and match.key == "urgent"
    assert match.answer[0].source == "003:L6225-6229"


def test_a_tie_between_questions_gives_no_answer(monkeypatch):
    import dialogues.knowledge.escalation as esc
    fake = [("a", {"triggers_nl": [["schors"]], "answer": ["suspension:rules.max_length"]}),
            ("b", {"triggers_nl": [["schors"]], "answer": ["suspension:rules.authority"]})]
    monkeypatch.setattr(esc, "_questions", lambda: iter(fake))
    assert esc.match_question("schorsing?", "nl") is None


# --- the data itself --------------------------------------------------------------------------

def test_every_statement_in_every_toml_has_nl_en_and_source():
    seen = 0
    for path, table in iter_statement_tables():
        for key in ("nl", "en", "source"):
            assert isinstance(table.get(key), str) and table[key].strip(), f"{path} lacks {key}"
        Statement.from_table(table)
        seen += 1
    assert seen > 100


def test_every_area_file_parses_and_question_keys_are_unique():
    for area in AREAS:
        assert load_area(area), area
    keys = [key for key, _ in _questions()]
    assert len(keys) == len(set(keys)) and len(keys) >= 10


def test_every_answer_reference_resolves():
    for key, q in _questions():
        for field in ("answer", "answer_over", "answer_within"):
            for ref in q.get(field, []):
                assert statements(ref), f"{key}.{field}: {ref}"
        assert q.get("triggers_nl") and q.get("triggers_en"), key
    for route in ROUTES:
        data = load_area("escalation")["routes"][route]
        for ref in data.get("also", []):
            assert statements(ref)
    for rule in ladder_rules():
        for ref in rule.get("also", []):
            assert statements(ref)


def _seed_lines(seed: str) -> list[str]:
    return list(document_lines(seed))


def test_seed_line_references_point_inside_the_seeds():
    lengths = {seed: len(_seed_lines(seed)) for seed in SEEDS}
    for path, table in iter_statement_tables():
        for seed, refs in re.findall(r"(00[34]):((?:L\d+(?:-\d+)?(?:, )?)+)", table["source"]):
            for first, last in re.findall(r"L(\d+)(?:-(\d+))?", refs):
                last = last or first
                assert 1 <= int(first) <= int(last) <= lengths[seed], f"{path}: {table['source']}"


@pytest.mark.parametrize("ref,words", [
    ("suspension:rules.max_length", ["maximaal vijf schooldagen"]),
    ("suspension:duties.inform_inspectorate", ["Inspectie van het Onderwijs", "leerplichtambtenaar"]),
    ("suspension:duties.objection", ["zes weken", "vier weken"]),
    ("expulsion:violations.vo_mid_year_progress", ["onvoldoende vorderingen"]),
    ("expulsion:before.hear_pupil", ["ouder dan 12 jaar"]),
    ("expulsion:after.unlawful_deregistration", ["twee werkdagen"]),
    ("escalation:routes.care_report.explanation.consent", ["wenselijk maar niet verplicht"]),
    ("escalation:routes.report.explanation.who_reports", ["leerplichtambtenaar", "voorzitter van het ZAT"]),
    ("escalation:reasons.life_threatening", ["levensbedreigend"]),
    ("escalation:routes.advice.explanation.responsibility", ["geen stappen in de richting van het gezin"]),
    ("routes:crisis.arrangement", ["crisisaanmeldingen"]),
    ("routes:leerplicht.when", ["veelvuldig of ongeoorloofd"]),
    ("escalation:routes.zat_first.explanation.consent_option", ["ondubbelzinnige", "met instemming", "anoniem"]),
    ("escalation:routes.consult.criteria.repeated", ["meerdere malen", "consult"]),
    ("escalation:routes.report.explanation.kept_informed", ["tussentijds informeren"]),
    ("escalation:routes.report.explanation.informant", ["bij wet verplicht"]),
    ("escalation:routes.care_report.explanation.inform_parents", ["vooraf", "zorgplicht"]),
    ("escalation:reasons.child_is_source", ["de bron", "acuut in gevaar"]),
    ("expulsion:po.search", ["acht weken"]),
    ("expulsion:before.hear_teacher", ["groepsleerkracht"]),
    ("expulsion:vo.other_school", ["andere school"]),
    ("suspension:notes.po_so", ["niet expliciet geregeld"]),
    ("suspension:duties.written_notice", ["21", "schriftelijk"]),
    ("meldcode:seed.protocol", ["voorbeeldprotocol", "stappenplan"]),
    ("meldcode:seed.care_route", ["meldcode"]),
    ("routes:police.halt", ["Halt-afdoeningen"]),
])
def test_cited_lines_contain_the_rule(ref, words):
    from dialogues.knowledge.escalation import statement
    st = statement(ref)
    seed, first, last = re.match(r"(00[34]):L(\d+)(?:-(\d+))?", st.source).groups()
    window = ""
    for line in _seed_lines(seed)[int(first) - 6:int(last or first) + 5]:
        line = " ".join(line.replace("\t", " ").split())
        if not line:
            continue
        window += line[:-1] if line.endswith("-") else line + " "  # undo PDF hyphenation
    for phrase in words:
        assert phrase in window, (ref, phrase)


def test_meldcode_steps_are_current_law_and_five():
    steps = meldcode_steps()
    assert steps[0].source.startswith("current law")
    assert [st.nl[:6] for st in steps if st.nl.startswith("Stap")] == [f"Stap {i}" for i in range(1, 6)]
    assert all(st.source == "current law (Wet verplichte meldcode, 2013; afwegingskader 2019)"
               for st in statements("meldcode:steps") + statements("meldcode:afwegingskader"))
    assert {"003:L5911-5921"} <= sources(statements("meldcode:seed"))
    assert any(st.source.startswith("004:L") for st in statements("meldcode:seed"))


@pytest.mark.parametrize("name,source", [
    ("leerplicht", "003:L1145-1147"), ("police", "003:L1212-1224"), ("crisis", "004:L3264-3268")])
def test_other_routes_are_sourced_and_closed(name, source):
    items = other_route(name)
    assert has(items, source) and items[-1] == closing()


def test_closing_is_product_policy_not_law():
    st = closing()
    assert st.source == "zorgbot" and "not a legal rule" in st.en and "geen wettelijke regel" in st.nl
    assert load_area("escalation")["policy"]["closing"]["kind"] == "product_policy"


def test_successor_bodies_are_named_beside_the_seeds():
    texts = " ".join(table["nl"] for _, table in iter_statement_tables())
    for name in ("AMK (sinds 2015: Veilig Thuis)", "Bureau Jeugdzorg (nu: gemeente / gecertificeerde instelling)"):
        assert name in texts
    for path, table in iter_statement_tables():
        if re.search(r"\bAMK\b", table["nl"]) and "Veilig Thuis" not in table["nl"]:
            pytest.fail(f"{path} names the AMK without Veilig Thuis")
        if "Bureau Jeugdzorg" in table["nl"] and "gemeente" not in table["nl"]:
            pytest.fail(f"{path} names Bureau Jeugdzorg without its successor")


def test_results_are_immutable_values():
    advice = advise_escalation(ask())
    with pytest.raises(Exception):
        advice.route = "report"  # type: ignore[misc]
    assert replace(ask(), proof="some").proof == "some"
