"""What may travel over Telegram: the team's level, the first-message notice, withheld content."""
import pytest

from bot.transports.telegram import privacy
from core.commands import Command
from core.i18n import N_
from core.messages import Reply
from tests.telegram.conftest import ANNA, GROUP, private

WITHHELD = "🔒 Dit antwoord bevat gegevens die via Telegram niet gedeeld worden (niet end-to-end versleuteld). " \
           "Je vindt het in het versleutelde kanaal van je team."

NOTICE = "Let op: chats met bots in Telegram zijn niet end-to-end versleuteld."


def three_kinds(ctx):
    return [Reply("Regel: eerst toestemming vragen.", privacy="advice"),
            Reply("Actie #3 bij Z-17 staat open.", privacy="codes"),
            Reply("Z-17: zorgen over de thuissituatie.", privacy="full", withheld_text="Z-17 is besproken.")]


@pytest.fixture
def with_test_command(linked):
    linked.chat.services.commands.add(Command("drie", "three", N_("cmd.team.summary"), handler=three_kinds))
    return linked


@pytest.mark.parametrize("level, expected", [
    ("geen", ["Regel: eerst toestemming vragen.", WITHHELD, WITHHELD]),
    ("codes", ["Regel: eerst toestemming vragen.", "Actie #3 bij Z-17 staat open.",
               "Z-17 is besproken.\n🔒 Details: in het versleutelde kanaal van je team."]),
    ("volledig", ["Regel: eerst toestemming vragen.", "Actie #3 bij Z-17 staat open.",
                  "Z-17: zorgen over de thuissituatie."]),
])
async def test_each_level_withholds_what_is_above_it(with_test_command, level, expected):
    with_test_command.set_privacy(level)
    await with_test_command.says(GROUP, ANNA, "/drie")
    assert with_test_command.fake.texts(GROUP)[-3:] == expected


async def test_the_first_message_in_each_chat_explains_and_only_once(with_test_command):
    tg = with_test_command
    assert tg.fake.texts(GROUP)[0].startswith(NOTICE)                  # shown when the group was bound
    await tg.says(GROUP, ANNA, "/drie")
    assert sum(text.startswith(NOTICE) for text in tg.fake.texts(GROUP)) == 1
    tg.set_privacy("geen")
    await tg.says(GROUP, ANNA, "/drie")
    notices = [text for text in tg.fake.texts(GROUP) if text.startswith(NOTICE)]
    assert len(notices) == 2 and "alleen advies" in notices[1]
    assert tg.fake.texts(private(ANNA))[0].startswith(NOTICE)          # every chat has its own


async def test_more_may_be_shown_only_by_a_decision_in_the_encrypted_channel(linked):
    await linked.says(private(ANNA), ANNA, "/koppel privacy volledig")
    assert "alleen vanuit het versleutelde kanaal" in linked.fake.texts(private(ANNA))[-1]
    await linked.says(private(ANNA), ANNA, "/koppel privacy geen")
    assert "Vanaf nu mag via Telegram: alleen advies" in linked.fake.texts(private(ANNA))[-1]
    assert "alleen advies" in linked.chat.text("!koppel privacy")


async def test_case_data_commands_are_refused_where_the_team_allows_advice_only(linked):
    ran = []
    linked.chat.services.commands.add(Command("dossier", "file", N_("cmd.team.summary"), case_data=True,
                                              handler=lambda ctx: ran.append(1) or [Reply("Z-17", privacy="codes")]))
    await linked.says(GROUP, ANNA, "/dossier")
    assert linked.fake.texts(GROUP)[-1] == "Z-17" and ran == [1]
    linked.set_privacy("geen")
    await linked.says(GROUP, ANNA, "/dossier")
    assert "alleen advies, geen casusgegevens" in linked.fake.texts(GROUP)[-1] and ran == [1]


def test_an_unlabelled_reply_counts_as_codes():
    reply = Reply("Actie #3 staat open.")
    assert privacy.allowed(reply, "codes") and not privacy.allowed(reply, "none")
    assert not privacy.allowed(Reply("?", privacy="secret"), "full")      # unknown labels fail closed
    withheld = privacy.filtered(Reply("Z-17: details", privacy="full", mentions=["@anna:x"]), "codes", "en")
    assert withheld.mentions == ["@anna:x"] and "encrypted channel" in withheld.text and not withheld.choices


async def test_advice_dialogues_with_choices_work_at_advice_only(linked):
    linked.set_privacy("geen")
    await linked.says(GROUP, ANNA, "/escalatie")
    await linked.answers(GROUP, ANNA, "-")                                # no case
    concern = linked.fake.last(GROUP)
    assert "Een vermoeden van kindermishandeling of huiselijk geweld" in concern.buttons
    await linked.press(concern, ANNA, "Een vermoeden van kindermishandeling of huiselijk geweld")
    assert linked.fake.last(GROUP).buttons == ["ja", "nee", "Weet ik niet"]
    assert WITHHELD not in linked.fake.texts(GROUP)


def test_withholding_text_keeps_the_choices_and_says_details_are_elsewhere_only_when_they_are():
    from core.messages import Choice
    choices = [Choice("ja", "ja"), Choice("nee", "nee")]
    same = Reply("Klopt dit?\nCasus: Z-17", privacy="full", withheld_text="Klopt dit?\nCasus: Z-17", choices=choices)
    kept = privacy.filtered(same, "codes", "nl")
    assert kept.text == "Klopt dit?\nCasus: Z-17" and [c.label for c in kept.choices] == ["ja", "nee"]
    shorter = privacy.filtered(Reply("Klopt dit? Z-17: ruzie thuis", privacy="full", withheld_text="Klopt dit? Z-17",
                                     choices=choices), "codes", "nl")
    assert shorter.text == "Klopt dit? Z-17\n🔒 Details: in het versleutelde kanaal van je team."
    assert [c.label for c in shorter.choices] == ["ja", "nee"]
