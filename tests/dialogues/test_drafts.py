"""Nothing typed is lost (issue 18): an open dialogue is named under every command, a complete but
unconfirmed record is kept as a draft on timeout or interruption, `!open` confirms or drops it, and
'stop' discards exactly what it says. Every saved/discarded message is checked against the database.

The issue's console sequence: the clock on Wednesday 9 December 2026, 09:00 in Amsterdam.
"""
from datetime import datetime, timedelta, timezone

import pytest
from sqlmodel import select

from state.models import Action, AgendaItem, Conversation, Draft, EscalationRecord, Meeting
from tests.handlers.test_escalation_suspension import plan

WEDNESDAY = datetime(2026, 12, 9, 8, 0, tzinfo=timezone.utc)      # 09:00 in Amsterdam
FRIDAY_18 = datetime(2026, 12, 18, 16, 0, tzinfo=timezone.utc)    # 17:00 in Amsterdam


def rows(app, model):
    with app.services.db.session() as session:
        return session.exec(select(model)).all()


@pytest.fixture
def wednesday(clock):
    clock.set(WEDNESDAY)
    return clock


# -- 1. an interrupted dialogue is visible ----------------------------------------------------------
def test_the_issue_sequence_lists_the_waiting_action_as_unconfirmed(app, wednesday):
    asked = app.text("!actie @chair ouders oproepen volgende week")
    assert "Bedoel je vrijdag 18 december, 17:00?" in asked
    listing = app.text("!acties")
    assert "Je hebt geen open acties" not in listing                  # the issue's misleading answer
    assert "Nog niet opgeslagen, wacht op je bevestiging:" in listing
    assert ("actie 'ouders oproepen' wacht op je bevestiging van vrijdag 18 december, 17:00: "
            "ja / andere datum / stop") in listing
    assert listing.count("ouders oproepen") == 1                       # not repeated by the router's line
    assert rows(app, Action) == []                                     # and indeed nothing saved yet
    assert "Actie #1 vastgelegd voor chair: ouders oproepen, uiterlijk vrijdag 18 december, 17:00." \
        in app.text("ja")
    assert [a.due_at.replace(tzinfo=timezone.utc) for a in rows(app, Action)] == [FRIDAY_18]


def test_the_issue_sequence_in_english(app_en, clock):
    clock.set(WEDNESDAY)
    assert "Do you mean Friday 18 December, 17:00?" in app_en.text("!action @chair call the parents next week")
    listing = app_en.text("!actions")
    assert "Not saved yet, waiting for your confirmation:" in listing
    assert ("action 'call the parents' is waiting for your confirmation of Friday 18 December, 17:00: "
            "yes / another date / stop") in listing
    assert rows(app_en, Action) == []


def test_any_command_beside_an_open_dialogue_ends_with_the_line_naming_it(app, wednesday):
    app.say("!actie @chair ouders oproepen volgende week")
    replies = app.say("!hulp")
    last = replies[-1].text.splitlines()[-1]
    assert last == ("Nog open: actie 'ouders oproepen' wacht op je bevestiging van vrijdag 18 december, "
                    "17:00: ja / andere datum / stop.")
    # Where only codes may travel, the line names the dialogue, not what the member typed.
    assert "ouders oproepen" not in replies[-1].withheld_text
    assert "Nog open: 'nieuwe actie' wacht op" in replies[-1].withheld_text
    assert "Nog open" not in app.text("ja")                            # answered: nothing open any more


def test_english_commands_end_with_the_still_open_line(app_en, clock):
    clock.set(WEDNESDAY)
    app_en.say("!action @chair call the parents next week")
    assert app_en.text("!help").endswith(
        "Still open: action 'call the parents' is waiting for your confirmation of Friday 18 December, "
        "17:00: yes / another date / stop.")


def test_a_question_while_a_date_is_awaited_is_told_once_what_is_awaited(app, wednesday):
    app.say("!actie @chair ouders oproepen volgende week")
    first = app.text("hoe gaat het")
    assert first.startswith("Dat lees ik niet als antwoord op mijn vraag.")
    assert "wacht op je bevestiging van vrijdag 18 december" in first
    assert "herken ik niet als datum" not in first
    second = app.text("hoe gaat het?")                                  # only once: then the usual reason
    assert "herken ik niet als datum" in second and "Dat lees ik niet als antwoord" not in second
    assert "Bedoel je vrijdag 18 december, 17:00?" in second            # the suggestion is still on the table
    app.say("ja")
    assert len(rows(app, Action)) == 1


def test_a_question_in_english_is_not_taken_for_a_bad_date(app_en, clock):
    clock.set(WEDNESDAY)
    app_en.say("!action @chair call the parents next week")
    text = app_en.text("how are you?")
    assert text.startswith("I do not read that as an answer to my question.")
    assert "Still open: action 'call the parents'" in text


# -- 2. nothing complete is thrown away --------------------------------------------------------------
def test_a_complete_record_that_times_out_is_kept_as_a_draft_and_saved_on_confirmation(app, wednesday):
    app.say("!actie @chair ouders oproepen volgende week")
    wednesday.advance(timedelta(minutes=31))
    text = app.text("!acties")
    assert "gesloten na 30 minuten zonder antwoord" in text
    assert ("Bewaard als concept, nog niet opgeslagen: actie 'ouders oproepen', uiterlijk vrijdag 18 december, "
            "17:00. Met !open bevestig je het of gooi je het weg.") in text
    assert "de antwoorden zijn niet opgeslagen" not in text
    assert "1. actie 'ouders oproepen', uiterlijk vrijdag 18 december, 17:00" in text
    assert rows(app, Conversation) == [] and rows(app, Action) == [] and len(rows(app, Draft)) == 1
    assert "gesloten" not in app.text("!open")                        # told once
    saved = app.text("!open bevestig 1")
    assert "Actie #1 vastgelegd voor chair: ouders oproepen, uiterlijk vrijdag 18 december, 17:00." in saved
    assert len(rows(app, Action)) == 1 and rows(app, Draft) == []
    assert "Je hebt geen concepten" in app.text("!open")


@pytest.mark.parametrize("fixture, command, yes, expected", [
    ("app", "!actie @chair ouders oproepen volgende week", "ja",
     "Je bevestiging kwam na het sluiten, dus ik heb nog niets opgeslagen"),
    ("app_en", "!action @chair call the parents next week", "yes",
     "Your confirmation came after the close, so nothing is saved yet")])
def test_a_yes_that_finds_its_dialogue_timed_out_is_told_how_to_confirm_and_saves_nothing(
        request, clock, fixture, command, yes, expected):
    chat = request.getfixturevalue(fixture)
    clock.set(WEDNESDAY)
    chat.say(command)
    clock.advance(timedelta(minutes=31))
    text = chat.text(yes)
    assert expected in text and ("!open bevestig 1" in text or "!pending confirm 1" in text)
    assert "Dat kan ik niet plaatsen" not in text and "I cannot place" not in text
    assert rows(chat, Action) == [] and len(rows(chat, Draft)) == 1


def test_timeout_kept_as_draft_in_english(app_en, clock):
    clock.set(WEDNESDAY)
    app_en.say("!action @chair call the parents next week")
    clock.advance(timedelta(minutes=31))
    text = app_en.text("!pending")
    assert "Kept as a draft, not saved yet: action 'call the parents', due Friday 18 December, 17:00." in text
    assert "1. action 'call the parents', due Friday 18 December, 17:00" in text
    assert "Action #1 recorded for chair: call the parents" in app_en.text("!pending confirm 1")
    assert len(rows(app_en, Action)) == 1 and rows(app_en, Draft) == []


def test_an_incomplete_dialogue_that_times_out_is_kept_as_a_draft_to_resume(app, wednesday):
    app.say("!actie")                                                   # nothing known yet
    app.say("@chair")                                                   # the owner, then silence
    wednesday.advance(timedelta(minutes=31))
    text = app.text("!open")
    assert "de antwoorden zijn niet opgeslagen" not in text
    [draft] = rows(app, Draft)
    assert (f"Je gesprek over een nieuwe actie is gesloten na 30 minuten zonder antwoord en is bewaard als "
            f"concept, met je antwoorden tot nu toe; ga verder met !open {draft.id}.") in text
    assert "Je concepten, nog niet opgeslagen (1):" in text
    assert f"{draft.id}. een nieuwe actie, nog niet af (bewaard woensdag 9 december, 09:31); " \
           f"ga verder met !open {draft.id}" in text
    assert rows(app, Conversation) == [] and rows(app, Action) == []
    resumed = app.text(f"!open {draft.id}")
    assert "verder waar je gebleven was" in resumed and "@chair" not in resumed
    assert rows(app, Draft) == [] and len(rows(app, Conversation)) == 1
    assert rows(app, Conversation)[0].answers["owner"]                  # the owner given before is kept


def test_the_late_answer_to_a_timed_out_registration_is_told_where_it_went(app, clock):
    from tests.handlers.test_meetings import say_all

    clock.set(datetime(2026, 11, 25, 8, 30, tzinfo=timezone.utc))
    say_all(app, ["!overleg plan", "dinsdag 1 december 14:00", "eenmalig", "-", "ja"])
    app.say("!aanmelden Z-17")
    app.say("hoe ga ik om met driftbuien")
    app.say("-")
    clock.advance(timedelta(minutes=31))
    replies = app.say("driftbuien")                                     # the late answer
    [draft] = rows(app, Draft)
    texts = [r.text for r in replies]
    assert texts[0] == (f"Je gesprek over 'Casus aanmelden' is gesloten na 30 minuten zonder antwoord en is "
                        f"bewaard als concept, met je antwoorden tot nu toe; ga verder met !open {draft.id}.")
    assert texts[1].startswith("Dat bericht kwam na het sluiten en staat niet in het concept.")
    assert len(texts) == 2 and not any(r.choices for r in replies)     # no topic menu
    assert not any("niet plaatsen" in t or "niet opgeslagen" in t for t in texts)
    assert draft.answers["question_teacher"] == "hoe ga ik om met driftbuien"
    # resumed at the question it stopped at, and finished as usual
    assert "Wat is de vraag van de leerling" in app.text(f"!open {draft.id}")
    for answer in ["-", "driftbuien", "regulatie", "-", "-", "-", "-", "-", "-"]:
        app.text(answer)
    app.text("ja")
    [item] = rows(app, AgendaItem)
    assert item.brief["question_teacher"] == "hoe ga ik om met driftbuien" and item.brief["reason"] == "driftbuien"
    assert rows(app, Draft) == [] and rows(app, Conversation) == []


def test_a_question_after_the_timeout_is_still_answered(app, wednesday):
    app.say("!actie")
    app.say("@chair")
    wednesday.advance(timedelta(minutes=31))
    text = app.text("wat is een plan van aanpak?")
    assert "bewaard als concept" in text and "Dat bericht kwam na het sluiten" not in text


def test_a_timed_out_draft_in_english(app_en, wednesday):
    app_en.say("!action")
    app_en.say("@chair")
    wednesday.advance(timedelta(minutes=31))
    text = app_en.text("call the parents")
    [draft] = rows(app_en, Draft)
    assert "was kept as a draft, with your answers so far; continue with !pending " + str(draft.id) in text
    assert "That message came after the close and is not in the draft." in text
    assert "not finished" in app_en.text("!pending")
    assert "continuing where you left off" in app_en.text(f"!pending {draft.id}")


def test_what_came_with_the_command_is_kept_too_when_it_times_out(app, wednesday):
    """'!actie @chair bellen Z-4' gave owner, text and case: only the date was still asked."""
    app.say("!actie @chair bellen Z-4")
    wednesday.advance(timedelta(minutes=31))
    text = app.text("!open")
    assert "er was nog niets ingevuld" not in text
    [draft] = rows(app, Draft)
    assert "bewaard als concept" in text and f"!open {draft.id}" in text
    assert "verder waar je gebleven was" in app.text(f"!open {draft.id}")
    assert "Actie #1 vastgelegd voor chair: bellen" in app.text("morgen")


def test_a_timeout_with_nothing_filled_in_says_so(app, wednesday):
    app.say("!actie")
    wednesday.advance(timedelta(minutes=31))
    assert "zonder antwoord; er was nog niets ingevuld" in app.text("!open")


def test_another_dialogue_interrupting_keeps_the_complete_one_as_a_draft(app, wednesday):
    app.say("!actie @chair ouders oproepen volgende week")
    text = app.text("!escalatie")
    assert "Bewaard als concept, nog niet opgeslagen: actie 'ouders oproepen'" in text
    assert "Om welke casus gaat het?" in text                           # and the new dialogue started
    assert [d.dialogue for d in rows(app, Draft)] == ["action_register"]
    assert [c.dialogue for c in rows(app, Conversation)] != ["action_register"]
    dropped = app.text("!open weg 1")
    assert dropped.startswith("Weggegooid, niet opgeslagen: actie 'ouders oproepen', uiterlijk vrijdag 18 december")
    assert rows(app, Draft) == [] and rows(app, Action) == []


def test_interrupted_in_english_then_dropped(app_en, clock):
    clock.set(WEDNESDAY)
    app_en.say("!action @chair call the parents next week")
    assert "Kept as a draft, not saved yet: action 'call the parents'" in app_en.text("!escalate")
    assert app_en.text("stop").startswith("Stopped")
    assert "Discarded, not saved: action 'call the parents'" in app_en.text("!pending drop 1")
    assert rows(app_en, Draft) == [] and rows(app_en, Action) == []


def test_an_incomplete_dialogue_stays_open_and_the_other_one_is_kept_for_later(app, wednesday):
    app.say("!actie")
    text = app.text("!escalatie")
    assert "nog bezig met 'nieuwe actie'" in text and "bewaard als concept 1" in text
    assert "!stop" not in text and "Nog open: " in text
    assert [c.dialogue for c in rows(app, Conversation)] == ["action_register"]   # its question still open
    assert [d.dialogue for d in rows(app, Draft)] == ["escalation"]


def test_open_refuses_an_unknown_number_and_changes_nothing(app, wednesday):
    app.say("!actie @chair ouders oproepen volgende week")
    app.say("!escalatie")
    assert "Concept 2 bestaat niet" in app.text("!open bevestig 2")
    assert "NUMMER" in app.text("!open bevestig twee")                 # the usage line
    assert len(rows(app, Draft)) == 1 and rows(app, Action) == []


def test_drafts_belong_to_their_member(app, wednesday):
    app.add_member("Anna", "ib")
    app.say("!actie @chair ouders oproepen volgende week")
    app.say("!escalatie")
    assert "Je hebt geen concepten" in app.text("!open", user="Anna")
    assert "Concept 1 bestaat niet" in app.text("!open bevestig 1", user="Anna")
    assert rows(app, Action) == []


# -- 4. consistent words: stop says what it discarded, and it is discarded --------------------------
def test_stop_says_exactly_what_is_discarded(app, wednesday):
    app.say("!actie @chair mail sturen volgende week")
    text = app.text("stop")
    assert text == "Gestopt met nieuwe actie. Weggegooid, niet opgeslagen: actie 'mail sturen'."
    assert rows(app, Action) == [] and rows(app, Conversation) == [] and rows(app, Draft) == []


def test_stop_in_english_says_what_is_discarded(app_en, clock):
    clock.set(WEDNESDAY)
    app_en.say("!action @chair send the mail next week")
    assert "Discarded, not saved: action 'send the mail'." in app_en.text("stop")
    assert rows(app_en, Action) == [] and rows(app_en, Draft) == []


def test_answers_given_with_the_command_are_not_counted_as_unsaved_answers(app):
    app.say("!schorsing Z-17")                                          # the case comes with the command
    text = app.text("stop")
    assert "antwoord(en)" not in text
    assert text == "Gestopt met Schorsing nagaan; er is niets opgeslagen."


def test_escalation_outcome_promises_nothing_that_stop_takes_back(app):
    asked = plan(app)
    assert "in elk geval vast" not in asked
    assert "Zodra je kiest, leg ik hem vast" in asked and "'stop' legt niets vast" in asked
    assert "niet opgeslagen" in app.text("stop")
    assert list(rows(app, EscalationRecord)) == []


def test_escalation_outcome_interrupted_is_kept_and_recorded_on_confirmation(app):
    plan(app)
    assert "Bewaard als concept, nog niet opgeslagen: 'Schorsing nagaan'" in app.text("!actie")
    assert list(rows(app, EscalationRecord)) == []
    app.say("stop")
    app.say("!open bevestig 1")
    assert len(rows(app, EscalationRecord)) == 1
    assert rows(app, Action) == []                                      # confirmed as "record only"


def test_escalation_outcome_in_english(app_en):
    asked = plan(app_en, start="friday", command="!suspension")
    assert "I record it either way" not in asked and "'stop' records nothing" in asked


# -- plain questions do not capture the next message --------------------------------------------------
def test_a_plain_question_opens_no_dialogue_that_could_capture_the_next_line(app):
    app.say("mag ik een leerling twee weken schorsen?")               # answered, the check only offered
    assert rows(app, Conversation) == []
    text = app.text("hoe gaat het met jou?")
    assert "Om welke casus" not in text and "Dat lees ik niet als antwoord" not in text
    assert rows(app, Conversation) == []
    assert "Nog open" not in app.text("!hulp")


def test_the_member_chooses_the_offered_dialogue_and_then_it_is_theirs(app):
    app.say("mag ik een leerling twee weken schorsen?")
    assert "Om welke casus" in app.text("uitzoeken")
    assert "Welk onderwijs" in app.text("-")                            # a fitting answer: it goes on
    assert "Dat lees ik niet als antwoord op mijn vraag" in app.text("hoe bedoel je?")   # now it is theirs


def test_english_plain_question_does_not_capture_the_next_line(app_en):
    app_en.say("may I suspend a pupil for two weeks?")
    assert rows(app_en, Conversation) == []
    app_en.say("what about the weather?")
    assert rows(app_en, Conversation) == []


# -- any dialogue with a final confirmation: a meeting awaiting "Zo plannen?" ---------------------------
def test_a_meeting_awaiting_its_confirmation_is_kept_when_it_times_out(app, clock):
    for line in ("!overleg plan", "dinsdag 1 december 14:00", "eenmalig", "Teamkamer"):
        app.say(line)
    # named by what it plans, so two such drafts can be told apart (FINDINGS-workflows #21)
    assert app.text("!hulp").endswith("Nog open: overleg 'dinsdag 1 december, 14:00 · eenmalig · Teamkamer' "
                                      "wacht op je bevestiging: ja / nee / stop.")
    clock.advance(timedelta(minutes=31))
    text = app.text("!open")
    assert "Bewaard als concept, nog niet opgeslagen" in text and rows(app, Meeting) == []
    assert "1. overleg 'dinsdag 1 december, 14:00 · eenmalig · Teamkamer' (bewaard" in text
    app.say("!open bevestig 1")
    [meeting] = rows(app, Meeting)
    assert meeting.place == "Teamkamer" and rows(app, Draft) == []


def test_a_meeting_awaiting_confirmation_in_english(app_en, clock):
    for line in ("!meeting plan", "Tuesday 1 December 14:00", "once", "Staff room"):
        app_en.say(line)
    assert "Kept as a draft, not saved yet" in app_en.text("!action")
    assert rows(app_en, Meeting) == []
    app_en.say("stop")
    app_en.say("!pending confirm 1")
    assert [m.place for m in rows(app_en, Meeting)] == ["Staff room"]


def test_notices_that_name_a_record_withhold_its_words_where_only_codes_may_travel(app, wednesday):
    app.say("!actie @chair ouders oproepen Z-17 volgende week")
    [nudge] = app.say("hoe gaat het")
    [kept, *_] = app.say("!escalatie")
    [stopped] = app.say("stop")
    app.say("!actie @chair mail sturen volgende week")
    [discarded] = app.say("stop")
    for reply in (nudge, kept, discarded):
        assert reply.privacy == "full" and "oproepen" not in reply.withheld_text and "mail" not in reply.withheld_text
    assert "'nieuwe actie'" in kept.withheld_text and "'nieuwe actie'" in discarded.withheld_text
    assert "Escalatie" in stopped.text


# -- 5. a draft keeps the number the list showed -----------------------------------------------------
def two_drafts(app, first="ouders oproepen", second="mail sturen", *, command="!actie", interrupt="!escalatie"):
    for what in (first, second):
        when = "volgende week" if command == "!actie" else "next week"
        app.say(f"{command} @chair {what} {when}")
        app.say(interrupt)                    # keeps the action as a draft and opens the other dialogue
        app.say("stop")


def test_a_draft_keeps_its_number_when_another_is_confirmed(app, wednesday):
    two_drafts(app)
    listing = app.text("!open")
    assert "1. actie 'ouders oproepen'" in listing and "2. actie 'mail sturen'" in listing
    assert "Actie #1 vastgelegd voor chair: ouders oproepen" in app.text("!open bevestig 1")
    listing = app.text("!open")
    assert "2. actie 'mail sturen'" in listing and "1. actie" not in listing   # not renumbered to 1
    # The number that no longer exists changes nothing and says so.
    assert app.text("!open weg 1") == "Concept 1 bestaat niet. !open toont je concepten."
    assert app.text("!open bevestig 1") == "Concept 1 bestaat niet. !open toont je concepten."
    assert [a.description for a in rows(app, Action)] == ["ouders oproepen"]
    assert app.text("!open weg 2").startswith("Weggegooid, niet opgeslagen: actie 'mail sturen'")
    assert rows(app, Draft) == [] and len(rows(app, Action)) == 1


def test_dropping_the_first_leaves_the_second_under_its_number(app, wednesday):
    two_drafts(app)
    app.text("!open weg 1")
    assert "Actie #1 vastgelegd voor chair: mail sturen" in app.text("!open bevestig 2")
    assert [a.description for a in rows(app, Action)] == ["mail sturen"]


def test_stable_draft_numbers_in_english(app_en, clock):
    clock.set(WEDNESDAY)
    two_drafts(app_en, "call the parents", "send the mail", command="!action", interrupt="!escalate")
    app_en.text("!pending drop 1")
    listing = app_en.text("!pending")
    assert "2. action 'send the mail'" in listing and "1. action" not in listing
    assert app_en.text("!pending confirm 1") == "There is no draft 1. !pending shows your drafts."
    assert rows(app_en, Action) == []
    assert "Action #1 recorded for chair: send the mail" in app_en.text("!pending confirm 2")


def test_another_members_draft_number_is_not_theirs(app, wednesday):
    app.add_member("Anna", "ib")
    two_drafts(app)
    assert "Concept 2 bestaat niet" in app.text("!open weg 2", user="Anna")
    assert len(rows(app, Draft)) == 2


def test_confirming_a_half_filled_draft_resumes_it_and_a_complete_one_is_not_reopened(app, wednesday):
    app.say("!actie")
    app.say("@chair")
    wednesday.advance(timedelta(minutes=31))
    app.say("!open")
    [draft] = rows(app, Draft)
    assert "verder waar je gebleven was" in app.text(f"!open bevestig {draft.id}")   # nothing to confirm yet
    assert rows(app, Action) == [] and len(rows(app, Conversation)) == 1
    app.text("stop")
    app.say("!actie @chair ouders oproepen volgende week")             # complete, waits for 'ja'
    wednesday.advance(timedelta(minutes=31))
    app.say("!open")
    [complete] = rows(app, Draft)
    text = app.text(f"!open {complete.id}")
    assert f"Concept {complete.id} is compleet; alleen je bevestiging ontbreekt." in text
    assert rows(app, Conversation) == [] and rows(app, Action) == []
