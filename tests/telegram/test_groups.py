"""What a real Telegram group runs into: privacy mode, leaving a dialogue, advice-only teams, media,
edits, Telegram's idiom in every reply, and the team's language in the group."""
from sqlmodel import select

from state.models import Action, Conversation
from tests.telegram.conftest import ANNA, GROUP, KARIM, private

ENCRYPTED_LINE = "🔒 Details: in het versleutelde kanaal van je team."


def open_dialogues(tg) -> list[Conversation]:
    with tg.chat.services.db.session() as session:
        return session.exec(select(Conversation)).all()


def actions(tg) -> list[Action]:
    with tg.chat.services.db.session() as session:
        return session.exec(select(Action)).all()


# -- privacy mode ---------------------------------------------------------------------------------
async def test_group_talk_that_is_not_for_the_bot_never_reaches_it(linked):
    tg, fake = linked, linked.fake
    before = len(fake.sent)
    await tg.says(GROUP, ANNA, "wie neemt koffie mee?")
    assert [u["message"]["text"] for u in fake.undelivered] == ["wie neemt koffie mee?"]
    await tg.says(GROUP, ANNA, "@zorgbot_test_bot wat kun je?")          # a mention does arrive, and is answered
    assert len(fake.undelivered) == 1 and len(fake.sent) == before + 1
    await tg.says(GROUP, ANNA, "/hulp")
    assert len(fake.sent) == before + 2 and "Dit kan ik voor je doen" in fake.texts(GROUP)[-1]


async def test_every_typed_question_in_a_group_opens_a_reply_for_that_member_only(linked):
    tg, fake = linked, linked.fake
    await tg.link(KARIM, "Karim smw")
    await tg.says(GROUP, ANNA, "/actie")
    question = fake.last(GROUP)
    assert question.reply_markup == {"force_reply": True, "selective": True}
    assert "/stop om te stoppen" in question.plain and "'stop'" not in question.plain
    await tg.says(GROUP, ANNA, "Karim")                                   # typed, not as a reply: lost
    assert fake.last(GROUP) is question
    await tg.answers(GROUP, ANNA, "Karim")                               # as Telegram offers it: arrives
    assert fake.last(GROUP) is not question
    assert fake.last(GROUP).reply_markup == {"force_reply": True, "selective": True}


async def test_a_question_with_buttons_also_takes_a_typed_reply(linked):
    tg, fake = linked, linked.fake
    await tg.says(GROUP, ANNA, "/escalatie")
    await tg.answers(GROUP, ANNA, "-")
    concern = fake.last(GROUP)
    assert concern.buttons and "beantwoord dit bericht met je keuze" in concern.plain
    await tg.answers(GROUP, ANNA, "1")                                   # typed as a reply to the buttons
    assert concern.buttons == []                                         # the keyboard closed
    assert fake.last(GROUP).buttons == ["ja", "nee", "Weet ik niet"]   # not sure: the cautious branch


# -- leaving a dialogue -----------------------------------------------------------------------------
async def test_slash_stop_leaves_a_dialogue_in_a_group(linked):
    tg, fake = linked, linked.fake
    await tg.says(GROUP, ANNA, "/actie")
    await tg.says(GROUP, ANNA, "stop")                                   # plain word: never arrives
    assert len(open_dialogues(tg)) == 1
    await tg.says(GROUP, ANNA, "/stop")
    assert open_dialogues(tg) == []
    assert fake.texts(GROUP)[-1].startswith("Gestopt met")
    assert fake.last(GROUP).reply_markup is None                         # no reply box left open


async def test_annuleer_and_cancel_with_the_bots_name_leave_a_dialogue_too(linked):
    tg, fake = linked, linked.fake
    await tg.says(GROUP, ANNA, "/actie")
    await tg.says(GROUP, ANNA, "/annuleer@zorgbot_test_bot")
    assert open_dialogues(tg) == []
    await tg.says(private(ANNA), ANNA, "/actie")
    await tg.says(private(ANNA), ANNA, "/cancel")
    assert open_dialogues(tg) == [] and fake.texts(private(ANNA))[-1].startswith("Gestopt met")


async def test_stop_without_a_dialogue_says_there_is_nothing_to_stop(linked):
    await linked.says(GROUP, ANNA, "/stop")
    assert linked.fake.texts(GROUP)[-1] == "Er loopt hier geen gesprek met mij om te stoppen."


# -- privacy levels ---------------------------------------------------------------------------------
async def test_advice_only_refuses_changing_actions(linked):
    tg, fake = linked, linked.fake
    await tg.says(GROUP, ANNA, "/actie ik bellen met ouders vrijdag")
    tg.set_privacy("geen")
    before = [(a.status, a.due_at, a.owner_member_id) for a in actions(tg)]
    assert before[0][0] == "open"
    for command in ("/klaar 1", "/schrap 1", "/verzet 1 maandag", "/uitstel 1 maandag", "/overdragen 1 Karim"):
        await tg.says(GROUP, ANNA, command)
        assert "alleen advies, geen casusgegevens" in fake.texts(GROUP)[-1], command
    assert [(a.status, a.due_at, a.owner_member_id) for a in actions(tg)] == before
    tg.set_privacy("codes")
    await tg.says(GROUP, ANNA, "/klaar 1")
    assert actions(tg)[0].status == "done"
    tg.set_privacy("geen")
    await tg.says(GROUP, ANNA, "/heropen 1")
    assert "alleen advies" in fake.texts(GROUP)[-1] and actions(tg)[0].status == "done"


async def test_the_consent_confirmation_keeps_its_buttons_and_claims_nothing_was_withheld(linked):
    tg, fake = linked, linked.fake
    await tg.says(GROUP, ANNA, "/toestemming vastleggen Z-17")
    for label in ("toestemming gegeven", "schriftelijke toestemming", "de ouders met gezag"):
        await tg.press(fake.last(GROUP), ANNA, label)
    await tg.answers(GROUP, ANNA, "vandaag")
    await tg.answers(GROUP, ANNA, "SMW")
    await tg.press(fake.last(GROUP), ANNA, "zorgteam")
    await tg.press(fake.last(GROUP), ANNA, "ja")
    await tg.answers(GROUP, ANNA, "-")
    confirm = fake.last(GROUP)
    assert "Klopt dit?" in confirm.plain and confirm.buttons == ["ja", "nee"]
    assert ENCRYPTED_LINE not in confirm.plain
    await tg.press(confirm, ANNA, "ja")
    assert fake.texts(GROUP)[-1].startswith("Vastgelegd voor Z-17")


# -- every message an answer or a deliberate silence ------------------------------------------------
async def test_a_photo_in_a_private_chat_gets_one_line_and_a_captioned_command_runs(linked):
    tg, fake = linked, linked.fake
    chat = private(ANNA)
    update = fake.user_sends(chat, ANNA, "photo")
    await fake.drained()
    assert fake.texts(chat)[-1] == "Ik lees alleen tekst. Typ je vraag of een opdracht, bijvoorbeeld /hulp."
    fake.redeliver(update)
    await fake.drained()
    assert fake.texts(chat).count(fake.texts(chat)[-1]) == 1            # once, also when delivered twice
    fake.user_sends(chat, ANNA, "sticker")
    await fake.drained()
    assert fake.texts(chat)[-1].startswith("Ik lees alleen tekst")
    fake.user_sends(chat, ANNA, "photo", caption="/hulp")
    await fake.drained()
    assert "Dit kan ik voor je doen" in fake.texts(chat)[-1]


async def test_media_in_a_group_stay_ignored(linked):
    linked.fake.privacy_mode = False                                   # even when the bot reads everything
    before = len(linked.fake.sent)
    linked.fake.user_sends(GROUP, ANNA, "sticker")
    await linked.fake.drained()
    assert len(linked.fake.sent) == before


async def test_an_edited_command_is_not_run_again_and_the_member_is_told_once(linked):
    tg, fake = linked, linked.fake
    first = await tg.says(GROUP, ANNA, "/actie ik bellen met ouders vrijdag")
    edit = fake.user_edits(first, "/actie ik mailen met ouders vrijdag")
    await fake.drained()
    assert fake.texts(GROUP)[-1].startswith("Een bewerkt bericht verwerk ik niet")
    fake.redeliver(edit)
    await fake.drained()
    assert sum(text.startswith("Een bewerkt bericht") for text in fake.texts(GROUP)) == 1
    assert [a.description for a in actions(tg)] == ["bellen met ouders"]


async def test_edited_group_talk_stays_ignored(linked):
    linked.fake.privacy_mode = False
    talk = await linked.says(GROUP, ANNA, "tot morgen allemaal")
    before = len(linked.fake.sent)
    linked.fake.user_edits(talk, "tot overmorgen allemaal")
    await linked.fake.drained()
    assert len(linked.fake.sent) == before


# -- Telegram's idiom -------------------------------------------------------------------------------
async def test_an_unknown_command_is_named_with_a_slash_and_without_the_bots_name(linked):
    await linked.says(GROUP, ANNA, "/foobar@zorgbot_test_bot")
    text = linked.fake.last(GROUP).text
    assert text == "De opdracht /foobar ken ik niet. Typ /hulp voor het overzicht."
    await linked.says(GROUP, ANNA, "/klaar 99999999999999999999")
    reply = linked.fake.texts(GROUP)[-1]
    assert "te groot" in reply and "/klaar" in reply and "!" not in reply


async def test_a_group_hears_the_teams_language_and_a_private_chat_the_members(linked):
    tg, fake = linked, linked.fake
    await tg.link(KARIM, "Karim smw")
    await tg.says(private(KARIM), KARIM, "/taal en")
    await tg.says(private(KARIM), KARIM, "/hulp")
    assert "This is what I can do" in fake.texts(private(KARIM))[-1]
    await tg.says(GROUP, KARIM, "/hulp")
    assert "Dit kan ik voor je doen" in fake.texts(GROUP)[-1]
    await tg.says(GROUP, KARIM, "/foobar")
    assert fake.texts(GROUP)[-1].startswith("De opdracht /foobar ken ik niet")


async def test_an_error_in_a_turn_reaches_the_group_as_the_routers_one_apology(linked):
    from core.commands import Command
    from core.i18n import N_

    def broken(ctx):
        raise RuntimeError("database gone")
    linked.chat.services.commands.add(Command("kapot", "broken", N_("cmd.team.summary"), handler=broken))
    await linked.says(GROUP, ANNA, "/kapot")
    apology = linked.fake.texts(GROUP)[-1]
    assert apology.startswith("Sorry, daar ging bij mij iets mis") and len(apology.rsplit(" ", 1)[1]) == 8


async def test_a_failure_in_the_transport_itself_is_answered_with_an_apology_not_silence(linked, monkeypatch):
    def broken(*args):
        raise RuntimeError("broken plan")
    monkeypatch.setattr(linked.transport, "_plan_replies", broken)
    linked.fake.expected_unhandled = 2
    await linked.says(private(ANNA), ANNA, "/hulp")
    assert linked.fake.texts(private(ANNA))[-1].startswith("Sorry, daar ging bij mij iets mis")
    before = len(linked.fake.sent)
    linked.fake.privacy_mode = False
    await linked.says(GROUP, ANNA, "ik bel morgen")                    # ordinary talk: no apology there
    assert len(linked.fake.sent) == before


async def test_starting_a_second_dialogue_points_to_slash_stop(linked):
    await linked.says(GROUP, ANNA, "/actie")
    await linked.says(GROUP, ANNA, "/escalatie")
    text = linked.fake.texts(GROUP)[-1]
    # the second one is kept for later (nothing typed is lost); 'stop' is said as it works here
    assert "bewaard als concept" in text and "/stop" in text and "'stop'" not in text
