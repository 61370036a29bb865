"""Commands and dialogues in a Telegram group: inline keyboards for choices, answers by reply."""
from sqlmodel import select

from state.models import Action, Team
from tests.telegram.conftest import ANNA, BOTH_DATABASES, GROUP, KARIM, private

SKIPPED_TEXT_STEPS = ["-", "klaar", "-", "-"]        # goal, members, on call, substitute


@BOTH_DATABASES
async def test_team_setup_with_inline_keyboards(linked):
    tg, fake = linked, linked.fake
    await tg.link(KARIM, "Karim smw")
    start = await tg.says(GROUP, ANNA, "/team inrichten")
    name_question = fake.last(GROUP)
    # A question without choices in a group: Telegram is asked to let Anna answer it directly.
    assert name_question.reply_markup == {"force_reply": True, "selective": True}
    assert name_question.reply_to == start["message"]["message_id"]
    await tg.answers(GROUP, ANNA, "-")
    kind = fake.last(GROUP)
    assert kind.buttons == ["zorgteam", "zorg- en adviesteam (ZAT)", "Commissie van Begeleiding (CvB)"]
    sent_before = len(fake.sent)

    await tg.press(kind, KARIM, "zorg- en adviesteam (ZAT)")         # not Karim's question
    assert fake.answers[-1]["text"] == "Deze vraag is voor iemand anders."
    assert len(fake.sent) == sent_before and kind.buttons

    zat = kind.data_of("zorg- en adviesteam (ZAT)")
    await tg.press(kind, ANNA, "zorg- en adviesteam (ZAT)")
    assert "text" not in fake.answers[-1]                             # answered, silently
    assert kind.buttons == [] and kind.plain.endswith("✓ zorg- en adviesteam (ZAT)")
    school = fake.last(GROUP)
    assert school.buttons[0] == "PO (basisonderwijs)"

    sent_before = len(fake.sent)
    fake.press_data(kind, ANNA, zat)                                  # the old button, tapped again
    await fake.drained()
    assert fake.answers[-1]["text"] == "Deze vraag is al beantwoord of niet meer open."
    assert len(fake.sent) == sent_before

    await tg.answers(GROUP, ANNA, "VO")                                  # typed instead of tapped
    assert school.buttons == []                                       # its buttons are gone
    for answer in SKIPPED_TEXT_STEPS:
        await tg.answers(GROUP, ANNA, answer)
    frequency = fake.last(GROUP)
    await tg.press(frequency, ANNA, "elke 3 weken")
    for answer in ["-", "5", "-", "-", "-", "-", "-"]:      # place, deadline, agenda, privacy, complaints, region, days off
        await tg.answers(GROUP, ANNA, answer)
    confirm = fake.last(GROUP)
    assert confirm.buttons == ["ja", "nee"] and "zorg- en adviesteam (ZAT)" in confirm.plain
    await tg.press(confirm, ANNA, "ja")
    assert "Team Zorgteam De Wilgen is ingericht. Bekijk het met /team." in fake.texts(GROUP)
    with tg.chat.services.db.session() as session:
        team = session.get(Team, tg.chat.team_id)
    assert (team.kind, team.school_type, team.settings["frequency"]) == ("zat", "VO", "3")


@BOTH_DATABASES
async def test_an_action_registered_in_a_group_shows_codes_not_details(linked):
    tg, fake = linked, linked.fake
    await tg.link(KARIM, "Karim smw")
    await tg.says(GROUP, ANNA, "/actie")
    assert fake.last(GROUP).reply_markup == {"force_reply": True, "selective": True}
    await tg.answers(GROUP, ANNA, "Karim")
    await tg.answers(GROUP, ANNA, "huisbezoek plannen met moeder Z-17")
    await tg.answers(GROUP, ANNA, "vrijdag 15:00")
    confirmation = fake.last(GROUP)
    assert "Actie #1 vastgelegd voor Karim" in confirmation.plain
    assert "huisbezoek" not in confirmation.plain                     # details stay in the encrypted channel
    assert "versleutelde kanaal" in confirmation.plain
    assert '<a href="tg://user?id=1002">Karim</a>' in confirmation.text   # the owner is mentioned
    with tg.chat.services.db.session() as session:
        action = session.exec(select(Action)).one()
    assert action.description == "huisbezoek plannen met moeder"


async def test_with_full_privacy_the_details_travel_too(linked):
    linked.set_privacy("volledig")
    await linked.says(GROUP, ANNA, "/actie ik huisbezoek plannen vrijdag")
    texts = linked.fake.texts(GROUP)
    assert "alles te laten zien" in texts[-2]                         # the notice again: the level changed
    assert "Actie #1 vastgelegd voor chair: huisbezoek plannen" in texts[-1]


async def test_commands_use_slashes_and_bot_names(linked):
    await linked.says(GROUP, ANNA, "/hulp@zorgbot_test_bot")
    help_text = linked.fake.texts(GROUP)[-1]
    assert "/team" in help_text and "!team" not in help_text
    before = len(linked.fake.sent)
    linked.fake.privacy_mode = False                                   # a group admin bot receives it anyway
    await linked.says(GROUP, ANNA, "/hulp@some_other_bot")             # for another bot in the group
    assert len(linked.fake.sent) == before


async def test_a_long_answer_is_split_and_html_is_escaped(linked):
    from core.messages import Reply
    before = len(linked.fake.in_chat(GROUP))
    await linked.transport.send(str(GROUP.id), Reply("<b>niet vet</b> & zo\n" + "regel\n" * 1500))
    parts = linked.fake.in_chat(GROUP)[before:]
    assert len(parts) == 3 and all(len(part.plain) <= 4096 for part in parts)
    assert parts[0].text.startswith("&lt;b&gt;niet vet&lt;/b&gt; &amp; zo")


async def test_replies_stay_in_the_forum_topic_they_were_asked_in(linked):
    await linked.says(GROUP, ANNA, "/hulp", thread_id=77)
    assert linked.fake.last(GROUP).thread_id == 77


async def test_start_without_a_code_shows_help(linked):
    await linked.says(private(ANNA), ANNA, "/start")
    assert "Dit kan ik voor je doen" in linked.fake.texts(private(ANNA))[-1]


async def test_files_travel_only_where_the_level_allows_them(linked):
    from core.messages import Reply
    export = Reply("Export van Z-17", attachment=("z-17.md", b"# Z-17", "text/markdown"), privacy="full")
    await linked.transport.send(str(GROUP.id), export)
    assert linked.fake.called("sendDocument") == []
    assert "versleutelde kanaal" in linked.fake.texts(GROUP)[-1]
    linked.set_privacy("volledig")
    await linked.transport.send(str(GROUP.id), export)
    assert [call["document"]["filename"] for call in linked.fake.called("sendDocument")] == ["z-17.md"]
