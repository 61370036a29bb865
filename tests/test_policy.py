"""core.policy, rule by rule: plain data in, a decision out; no database, no transport."""
import pytest

from core import policy

CHAIR, IB, DIRECTOR, SMW, ADMIN = "voorzitter", "ib", "directeur", "smw", "beheerder"


def test_a_command_for_some_roles_runs_for_any_of_them_and_one_for_none_for_everyone():
    assert policy.may_run_command(frozenset(), frozenset())
    assert policy.may_run_command({CHAIR, IB}, {IB, SMW})
    assert not policy.may_run_command({CHAIR}, {IB, DIRECTOR})
    assert not policy.may_run_command({ADMIN}, {CHAIR})


def test_help_lists_what_a_member_may_run_and_everything_to_a_newcomer():
    assert policy.shown_in_help({CHAIR}, {CHAIR}, is_member=True)
    assert not policy.shown_in_help({CHAIR}, {SMW}, is_member=True)
    assert policy.shown_in_help({CHAIR}, set(), is_member=False)          # needs no team: shown to learn
    assert not policy.shown_in_help(set(), set(), is_member=False, needs_team=True)


def test_an_action_is_changed_by_its_owner_the_chair_or_the_ib_only():
    assert policy.may_change_action(7, {SMW}, owner_id=7)
    assert policy.may_change_action(8, {CHAIR}, owner_id=7)
    assert policy.may_change_action(8, {IB}, owner_id=7)
    assert not policy.may_change_action(8, {DIRECTOR, SMW}, owner_id=7)
    assert not policy.may_change_action(None, {CHAIR}, owner_id=7)      # someone not in the team
    assert policy.ACTION_LEAD_ORDER == (CHAIR, IB)


def test_a_meeting_is_steered_by_the_chair_or_a_delegate_and_without_a_chair_by_a_lead():
    assert policy.may_steer_meeting(1, {CHAIR}, [], team_has_chair=True)
    assert policy.may_steer_meeting(2, {SMW}, [2], team_has_chair=True)
    assert not policy.may_steer_meeting(2, {IB}, [], team_has_chair=True)
    assert policy.may_steer_meeting(2, {IB}, [], team_has_chair=False)
    assert policy.may_steer_meeting(3, {DIRECTOR}, [], team_has_chair=False)
    assert not policy.may_steer_meeting(4, {SMW}, [], team_has_chair=False)
    assert not policy.may_steer_meeting(None, {CHAIR}, [], team_has_chair=True)


def test_only_the_director_decides_on_discussion_without_consent():
    assert policy.may_decide_without_consent({DIRECTOR})
    assert not policy.may_decide_without_consent({IB, CHAIR})


def test_only_the_chair_erases_a_case():
    assert policy.may_forget_case({CHAIR})
    assert not policy.may_forget_case({IB, DIRECTOR, ADMIN})


def test_who_sets_up_a_team_becomes_its_chair_unless_a_chair_is_there_or_named():
    assert policy.becomes_chair_at_setup({SMW}, [[IB], [SMW]])
    assert not policy.becomes_chair_at_setup({CHAIR}, [])
    assert not policy.becomes_chair_at_setup({SMW}, [[IB], [CHAIR, SMW]])


def test_telegram_linking_is_for_the_chair_and_ib_and_administrators_may_bind_any_team():
    assert policy.may_link_for_team({IB}) and policy.may_link_for_team({CHAIR, SMW})
    assert not policy.may_link_for_team({DIRECTOR, SMW})
    assert policy.may_bind_any_team({ADMIN}) and not policy.may_bind_any_team({CHAIR})


@pytest.mark.parametrize("option, objected, expected", [
    ("written_consent", False, True), ("written_consent", True, False),
    ("no_objection", False, True), ("no_objection", True, False),
    ("anonymous", False, False), ("without_consent", False, True), (None, False, False),
])
def test_what_may_be_named_follows_the_consent_option(option, objected, expected):
    assert policy.naming_allowed(option, objected) is expected


def test_an_unknown_consent_option_is_an_error_not_a_guess():
    with pytest.raises(ValueError):
        policy.naming_allowed("verbal", False)


def test_the_telegram_level_is_read_from_the_team_settings_with_a_safe_default():
    assert policy.team_privacy_level(None) == "codes"
    assert policy.team_privacy_level({}) == "codes"
    assert policy.team_privacy_level({"telegram_privacy": "full"}) == "full"
    assert policy.team_privacy_level({"telegram_privacy": "everything"}) == "codes"   # damaged value
    assert policy.parse_privacy_level(" Geen ") == "none" and policy.parse_privacy_level("volledig") == "full"
    assert policy.parse_privacy_level("maybe") is None


def test_what_may_travel_at_each_level():
    assert policy.may_travel("advice", "none") and not policy.may_travel("codes", "none")
    assert policy.may_travel("codes", "codes") and not policy.may_travel("full", "codes")
    assert policy.may_travel("full", "full")
    assert not policy.may_travel("secret", "full")                   # an unknown label never travels
    assert policy.may_travel_one_level_down("full", "codes") and not policy.may_travel_one_level_down("full", "none")


def test_raising_the_telegram_level_needs_an_encrypted_room_and_lowering_it_does_not():
    assert policy.may_set_privacy_level("codes", "full", encrypted=True)
    assert not policy.may_set_privacy_level("codes", "full", encrypted=False)
    assert policy.may_set_privacy_level("full", "none", encrypted=False)
    assert policy.may_set_privacy_level("codes", "codes", encrypted=False)


def test_case_data_travels_only_where_it_may():
    assert policy.case_data_refusal("matrix", encrypted=True, require_encryption=True, telegram_level=None) is None
    assert policy.case_data_refusal("matrix", encrypted=False, require_encryption=True,
                                    telegram_level=None) == "router.needs_encryption"
    assert policy.case_data_refusal("matrix", encrypted=False, require_encryption=False, telegram_level=None) is None
    assert policy.case_data_refusal("telegram", encrypted=False, require_encryption=True,
                                    telegram_level="none") == "telegram.case_data_refused"
    assert policy.case_data_refusal("telegram", encrypted=False, require_encryption=True,
                                    telegram_level="codes") is None


def _naming(option, *, objected=False, withdrawn=False, director_decided=False, record_teams=(), team_kind="zorgteam"):
    return policy.naming_decision(option, objected=objected, withdrawn=withdrawn, director_decided=director_decided,
                                  record_teams=record_teams, team_kind=team_kind)


def test_naming_decision_gives_the_reason_for_every_outcome():
    assert _naming(None) == (False, "consent.naming_no_record")
    assert _naming("anonymous") == (False, "consent.naming_anonymous")
    assert _naming("no_objection", objected=True) == (False, "consent.naming_objection")
    assert _naming("written_consent", objected=True, withdrawn=True) == (False, "consent.naming_withdrawn")
    assert _naming("without_consent") == (False, "consent.naming_no_director")
    assert _naming("without_consent", director_decided=True) == (True, "consent.naming_allowed")
    assert _naming("written_consent") == (True, "consent.naming_allowed")


def test_a_record_naming_its_meetings_covers_only_those():
    assert _naming("written_consent", record_teams=["zat"], team_kind="zorgteam") == \
        (False, "consent.naming_team_not_covered")
    assert _naming("written_consent", record_teams=["zat"], team_kind="zat") == (True, "consent.naming_allowed")
    assert _naming("written_consent", record_teams=["zat"], team_kind="cvb")[0]      # a CvB is not limited by it


def test_a_stranger_on_telegram_may_only_redeem_a_link_code():
    assert policy.may_address_bot(True, redeems_link_code=False)
    assert policy.may_address_bot(False, redeems_link_code=True)
    assert not policy.may_address_bot(False, redeems_link_code=False)


def test_a_held_matrix_identity_gets_no_case_data_even_in_an_encrypted_room():
    assert policy.case_data_refusal("matrix", encrypted=True, require_encryption=True, telegram_level=None,
                                    identity_held=True) == "matrix.identity_held_case_data"
    assert policy.case_data_refusal("matrix", encrypted=True, require_encryption=True, telegram_level=None,
                                    identity_held=False) is None


def test_changing_actions_over_telegram_is_refused_only_at_advice_only():
    assert policy.action_change_refusal("telegram", telegram_level="none") == "telegram.case_data_refused"
    assert policy.action_change_refusal("telegram", telegram_level="codes") is None
    assert policy.action_change_refusal("telegram", telegram_level="full") is None
    assert policy.action_change_refusal("matrix", telegram_level="none") is None


def test_a_telegram_group_hears_the_teams_language_and_a_private_chat_the_members():
    def language(transport, direct, member="en", team="nl"):
        return policy.reply_language(transport, direct=direct, member_language=member, team_language=team,
                                     app_language="de", default="nl")
    assert language("telegram", direct=False) == "nl"
    assert language("telegram", direct=True) == "en"
    assert language("matrix", direct=False) == "en"            # a Matrix room keeps the member's choice
    assert language("telegram", direct=False, member=None, team=None) == "de"


def test_a_closed_meeting_is_reopened_by_who_steers_it_within_the_window():
    from datetime import datetime, timedelta, timezone
    closed = datetime(2026, 12, 1, 15, 0, tzinfo=timezone.utc)
    assert policy.may_reopen_meeting(True, closed, closed + timedelta(days=7))
    assert not policy.may_reopen_meeting(True, closed, closed + timedelta(days=7, seconds=1))
    assert not policy.may_reopen_meeting(False, closed, closed + timedelta(hours=1))
    assert not policy.may_reopen_meeting(True, None, closed)
    assert policy.may_reopen_meeting(True, closed, closed + timedelta(days=20), window=timedelta(days=30))


def test_decisions_are_corrected_by_who_steers_while_the_meeting_runs():
    assert policy.may_correct_meeting(True, True)
    assert not policy.may_correct_meeting(False, True)
    assert not policy.may_correct_meeting(True, False)


def test_a_typed_decision_is_edited_or_redacted_by_its_author_or_who_steers_while_running():
    assert policy.may_change_typed_note(7, 7, may_steer=False, running=True)        # the author
    assert policy.may_change_typed_note(8, 7, may_steer=True, running=True)         # the chair or delegate
    assert not policy.may_change_typed_note(8, 7, may_steer=False, running=True)    # another member
    assert not policy.may_change_typed_note(None, None, may_steer=False, running=True)   # not in the team
    assert not policy.may_change_typed_note(7, 7, may_steer=True, running=False)    # closed: reopen first


def test_an_action_follows_its_edited_line_only_while_it_is_open_and_unchanged_since():
    assert policy.typed_action_kept(still_open=True, changed_since=False) is None
    assert policy.typed_action_kept(still_open=True, changed_since=True) == "changed"     # !verzet etc. came later
    assert policy.typed_action_kept(still_open=False, changed_since=False) == "closed"    # done or struck
    assert policy.typed_action_kept(still_open=False, changed_since=True) == "closed"


def test_a_meeting_after_its_registration_deadline_is_the_chairs_decision():
    assert policy.may_register_after_deadline({CHAIR})
    assert not policy.may_register_after_deadline({IB, SMW})
    assert not policy.may_register_after_deadline(set())


def test_the_code_behind_an_anonymous_label_is_for_who_steers_and_only_where_it_is_encrypted():
    # the chair or delegate, in an encrypted Matrix room or DM, or the local console
    assert policy.case_codes_refusal(True, "matrix", encrypted=True) is None
    assert policy.case_codes_refusal(True, "console", encrypted=True) is None
    # not in a room without encryption, and never over Telegram (not end-to-end encrypted)
    assert policy.case_codes_refusal(True, "matrix", encrypted=False) == "meeting.codes_needs_encryption"
    assert policy.case_codes_refusal(True, "telegram", encrypted=True) == "meeting.codes_needs_encryption"
    # a member who does not steer the meeting never, wherever it is asked
    for transport in ("matrix", "console", "telegram"):
        assert policy.case_codes_refusal(False, transport, encrypted=True) == "meeting.codes_chair_only"
    # a Matrix identity that changed and is not yet accepted gets no codes
    assert policy.case_codes_refusal(True, "matrix", encrypted=True, identity_held=True) \
        == "matrix.identity_held_case_data"


# -- the language of a reply: one test per rule -----------------------------------------------------
def _choice(transport="matrix", direct=False, **facts):
    facts = {"member_language": None, "team_language": "nl", "app_language": None, "default": "nl", **facts}
    return policy.language_choice(transport, direct=direct, **facts)


def test_rule_1_the_operators_forced_language_wins_over_everything():
    choice = _choice(forced="nl", member_language="en", message_language="en", recent_language="en")
    assert (choice.language, choice.rule) == ("nl", "forced")
    assert not policy.language_note_due(choice, noted_before=False)


def test_rule_2_a_members_own_choice_wins_over_the_message_they_type():
    choice = _choice(member_language="nl", message_language="en")
    assert (choice.language, choice.rule) == ("nl", "member")
    assert not policy.language_note_due(choice, noted_before=False)


def test_rule_3_a_clearly_english_message_is_answered_in_english_in_a_dutch_team():
    choice = _choice(message_language="en")
    assert (choice.language, choice.rule, choice.otherwise) == ("en", "message", "nl")
    assert policy.reply_language("matrix", direct=False, member_language=None, team_language="nl",
                                 app_language=None, default="nl", message_language="en") == "en"
    # and a clearly Dutch one in Dutch, after English in the same chat
    assert _choice(message_language="nl", recent_language="en").language == "nl"


def test_rule_3_an_answer_inside_a_dialogue_keeps_the_dialogues_language():
    choice = _choice(message_language="nl", recent_language="en", answering_dialogue=True)
    assert (choice.language, choice.rule) == ("en", "dialogue")
    # a dialogue started in the team's language (nothing kept yet) stays in it
    assert _choice(message_language="en", answering_dialogue=True).language == "nl"


def test_rule_4_a_line_that_says_nothing_keeps_the_members_last_language_here_else_the_team():
    assert (_choice(recent_language="en").language, _choice(recent_language="en").rule) == ("en", "recent")
    assert (_choice().language, _choice().rule) == ("nl", "team")
    assert _choice(team_language="en").language == "en"
    # Telegram's hint for someone zorgbot knows no team for, as before
    assert _choice("telegram", direct=True, team_language=None, app_language="en").language == "en"
    assert _choice("telegram", direct=True, app_language="en").language == "nl"   # the team's language first


def test_rule_5_the_default_when_nothing_else_says_anything():
    choice = _choice(team_language=None, default="nl")
    assert (choice.language, choice.rule) == ("nl", "default")


def test_in_a_telegram_group_the_team_language_beats_a_members_choice_but_not_their_message():
    assert _choice("telegram", member_language="en", recent_language="en").language == "nl"
    assert _choice("telegram", message_language="en").language == "en"
    assert _choice("telegram", direct=True, member_language="en").language == "en"


def test_the_note_on_how_to_fix_the_language_comes_once_and_only_for_a_guessed_change():
    changed = _choice(message_language="en")
    assert policy.language_note_due(changed, noted_before=False)
    assert not policy.language_note_due(changed, noted_before=True)                    # once
    assert not policy.language_note_due(_choice(message_language="nl"), noted_before=False)   # no change
    assert not policy.language_note_due(_choice(recent_language="en"), noted_before=False)    # not guessed
