"""Who is who in Telegram: one-time link codes from the chair, bound groups, polite refusals."""
from datetime import timedelta

from sqlmodel import select

from state.links import LinkCode
from state.models import AuditEntry, Member, Room
from state.teams import members_of
from tests.telegram.conftest import ADMIN, ANNA, BOTH_DATABASES, CODE, GROUP, KARIM, STRANGER, private
from tests.telegram.fake_bot_api import Chat, Person


@BOTH_DATABASES
async def test_a_code_links_the_telegram_account_to_the_member_it_was_made_for(telegram):
    text = telegram.chat.text("!koppel telegram")
    code = CODE.search(text).group(0)
    assert "Koppelcode voor chair" in text and "één keer" in text
    await telegram.says(private(ANNA), ANNA, f"/koppel {code.lower()}")   # typed in lower case: fine
    notice, linked = telegram.fake.texts(private(ANNA))
    assert "niet end-to-end versleuteld" in notice
    assert "gekoppeld als chair in Zorgteam De Wilgen (voorzitter)" in linked
    await telegram.says(private(ANNA), ANNA, "/team")
    assert "- chair: voorzitter" in telegram.fake.texts(private(ANNA))[-2]
    with telegram.chat.services.db.session() as session:
        # One person, one member: the Telegram account speaks for the existing member.
        assert [m.display_name for m in members_of(session, telegram.chat.team_id)] == ["chair"]
        stored = session.exec(select(LinkCode)).one()
        audit = [entry.action for entry in session.exec(select(AuditEntry)).all()]
    assert code.replace("-", "") not in stored.code_hash and stored.status == "used" and stored.used_by == "1001"
    assert audit == ["telegram/code_created", "telegram/linked"]


async def test_a_code_works_once_and_not_after_a_day(telegram):
    code = telegram.code_for()
    await telegram.says(private(ANNA), ANNA, f"/koppel {code}")
    await telegram.says(private(KARIM), KARIM, f"/koppel {code}")
    assert "klopt niet, is verlopen of al gebruikt" in telegram.fake.texts(private(KARIM))[-1]
    late = telegram.code_for()
    telegram.chat.services.clock.advance(timedelta(hours=25))
    await telegram.says(private(KARIM), KARIM, f"/koppel {late}")
    assert "klopt niet, is verlopen of al gebruikt" in telegram.fake.texts(private(KARIM))[-1]


async def test_a_deep_link_start_redeems_the_code(telegram):
    code = telegram.code_for("Karim smw")
    await telegram.says(private(KARIM), KARIM, f"/start {code.replace('-', '')}")
    assert "gekoppeld als Karim in Zorgteam De Wilgen (schoolmaatschappelijk werk)" in \
        telegram.fake.texts(private(KARIM))[-1]
    with telegram.chat.services.db.session() as session:
        karim = session.exec(select(Member).where(Member.display_name == "Karim")).one()
    assert (karim.transport, karim.user_id) == ("telegram", "1002")   # someone new: a member of their own


async def test_nobody_claims_a_role_by_choosing_a_name(telegram):
    impostor = Person(1777, "chair")                 # calls themselves "chair" in Telegram
    await telegram.says(private(impostor), impostor, "/team")
    await telegram.says(private(impostor), impostor, "hallo?")
    texts = telegram.fake.texts(private(impostor))
    assert len(texts) == 2 and all("alleen voor leden van een zorgteam" in text for text in texts)
    assert not any("versleuteld" in text for text in texts)        # a refusal and nothing else


async def test_a_stranger_is_refused_once_in_private_and_ignored_when_chatting_in_a_group(linked):
    update = linked.fake.user_says(private(STRANGER), STRANGER, "/hulp")
    await linked.fake.drained()
    linked.fake.redeliver(update)
    await linked.fake.drained()
    assert linked.fake.texts(private(STRANGER)) == [       # once, in the language of their Telegram app
        "Hello! I only work for members of a care team. Ask your chair or IB'er for a link code "
        "(/link telegram) and send it to me here: /link CODE"]
    before = len(linked.fake.in_chat(GROUP))
    linked.fake.privacy_mode = False       # e.g. the bot is a group admin: it reads all talk
    await linked.says(GROUP, STRANGER, "wat leuk hier")
    assert len(linked.fake.in_chat(GROUP)) == before
    await linked.says(GROUP, STRANGER, "/acties")
    assert "only work for members" in linked.fake.texts(GROUP)[-1]


async def test_a_code_posted_in_a_group_stops_working(linked):
    code = linked.code_for("Karim smw")
    await linked.says(GROUP, KARIM, f"/koppel {code}")
    assert "werkt niet meer" in linked.fake.texts(GROUP)[-1]
    await linked.says(private(KARIM), KARIM, f"/koppel {code}")
    assert "klopt niet, is verlopen of al gebruikt" in linked.fake.texts(private(KARIM))[-1]


async def test_codes_are_made_in_the_encrypted_channel_by_the_chair_or_ib(linked):
    await linked.says(private(ANNA), ANNA, "/koppel telegram")
    assert "niet in Telegram" in linked.fake.texts(private(ANNA))[-1]
    linked.chat.add_member("Tamara", "leerkracht")
    assert "Dit mag alleen" in linked.chat.text("!koppel telegram", user="Tamara")
    assert "Tamara is al lid" in linked.chat.text("!koppel telegram Tamara leerkracht")
    assert "Koppelcode voor Tamara" in linked.chat.text("!koppel telegram Tamara")


async def test_a_linked_chair_binds_a_group_and_others_cannot(telegram):
    await telegram.link(ANNA)
    await telegram.link(KARIM, "Karim smw")
    other = Chat(-100777, "group", "Koffie")
    await telegram.says(other, KARIM, "/koppel groep")
    assert "Alleen een gekoppelde voorzitter of IB'er" in telegram.fake.texts(other)[-1]
    await telegram.says(GROUP, ANNA, "/koppel groep")
    assert "Deze groep hoort nu bij Zorgteam De Wilgen" in telegram.fake.texts(GROUP)[-1]
    await telegram.says(GROUP, ANNA, "/koppel groep")
    assert "hoort al bij Zorgteam De Wilgen" in telegram.fake.texts(GROUP)[-1]
    with telegram.chat.services.db.session() as session:
        room = session.exec(select(Room).where(Room.external_id == str(GROUP.id))).one()
        bound = session.exec(select(AuditEntry).where(AuditEntry.action == "telegram/group_bound")).all()
    assert (room.transport, room.team_id, room.encrypted, room.is_direct) == ("telegram", telegram.chat.team_id,
                                                                               False, False)
    assert len(bound) == 1 and bound[0].actor == "telegram:1001"


async def test_an_admin_from_the_configuration_binds_a_group(telegram):
    group = Chat(-100888, "supergroup", "ZAT")
    await telegram.says(group, ADMIN, "/koppel groep Zorgteam De Wilgen")
    assert "Deze groep hoort nu bij Zorgteam De Wilgen" in telegram.fake.texts(group)[-1]


async def test_unlinking_ends_what_the_account_may_do(linked):
    assert "ontkoppeld" in linked.chat.text("!koppel weg chair")
    await linked.says(GROUP, ANNA, "/team")
    assert "alleen voor leden" in linked.fake.texts(GROUP)[-1]


async def test_status_shows_level_members_and_groups(linked):
    text = linked.chat.text("!koppel")
    assert "Wat er via Telegram mag: casuscodes" in text
    assert "Gekoppelde leden: chair" in text and "Gekoppelde groepen: 1" in text
