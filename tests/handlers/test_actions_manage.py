"""Changing actions by short number, who may, and the seed rules (coordinator, aftercare, recurrence)."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlmodel import select

from core import policy
from core.messages import Inbound
from dialogues.context import Context
from handlers.action_seeds import offer_aftercare
from state import actions as store
from state.models import Action, Case, Member, Reminder, Team
from tests.conftest import make_chat_app


@pytest.fixture
def team(app):
    app.add_member("Anna", "smw")
    app.add_member("Ilse", "ib")
    app.add_member("Piet", "jgz")
    app.say("!actie anna huisbezoek plannen Z-17 vrijdag")
    return app


def action(app, number: int = 1) -> Action:
    with app.services.db.session() as session:
        return session.exec(select(Action).where(Action.number == number)).one()


# -- who may change ----------------------------------------------------------------------------------
@pytest.mark.parametrize("command", ["!klaar 1", "!schrap 1", "!verzet 1 15 december", "!uitstel 1 maandag",
                                     "!overdragen 1 piet", "!notitie 1 gebeld"])
def test_only_the_owner_the_chair_or_the_ib_may_change_an_action(team, command):
    text = team.text(command, "piet")
    assert text == ("Actie #1 mag alleen gewijzigd worden door Anna (eigenaar), chair (voorzitter) of "
                    "Ilse (IB'er / zorgcoördinator).")
    assert action(team).status == "open" and action(team).notes == []
    assert action(team).owner_member_id != 0


@pytest.mark.parametrize("user", ["anna", "chair", "ilse"])
def test_owner_chair_and_ib_may(team, user):
    assert "is klaar" in team.text("!klaar 1", user)


def test_the_refusal_names_the_role_when_nobody_holds_it(app):
    app.add_member("Anna", "smw")
    app.add_member("Piet", "jgz")
    app.say("!actie anna huisbezoek plannen vrijdag")
    assert "Anna (eigenaar), chair (voorzitter) of de IB'er" in app.text("!klaar 1", "piet")


def test_may_change_is_one_rule():
    def may_change(member, roles, action):
        return policy.may_change_action(member.id if member else None, roles, action.owner_member_id)
    anna, piet = Member(id=1, team_id=1, transport="c", user_id="a", display_name="A"), \
        Member(id=2, team_id=1, transport="c", user_id="p", display_name="P")
    item = Action(team_id=1, number=1, owner_member_id=1, description="x", due_at=datetime.now(timezone.utc))
    assert may_change(anna, frozenset({"smw"}), item)
    assert not may_change(piet, frozenset({"jgz", "directeur"}), item)
    assert may_change(piet, frozenset({"ib"}), item) and may_change(piet, frozenset({"voorzitter"}), item)
    assert not may_change(None, frozenset({"voorzitter"}), item)


# -- the changes ---------------------------------------------------------------------------------------
def test_done_and_reopen(team):
    assert team.text("!klaar 1", "anna") == "Actie #1 is klaar. Goed gedaan!"
    assert "al klaar" in team.text("!klaar 1", "anna")
    assert "weer open, uiterlijk vrijdag 27 november, 17:00" in team.text("!heropen 1", "anna")
    assert "staat al open" in team.text("!heropen 1", "anna")


def test_drop_and_bring_back(team):
    assert "geschrapt" in team.text("!schrap 1")
    assert action(team).status == "cancelled"
    assert "weer open" in team.text("!heropen 1")


def test_reschedule_with_a_clear_date_and_with_an_unclear_one(team):
    assert "nieuwe deadline: dinsdag 15 december, 17:00" in team.text("!verzet 1 15 december", "anna")
    text = team.text("!verzet 1 woensdag", "anna")
    assert "Bedoel je woensdag 2 december, 17:00?" in text
    assert "nieuwe deadline: woensdag 2 december, 17:00" in team.text("ja", "anna")
    assert action(team).due_at == datetime(2026, 12, 2, 16, 0, tzinfo=timezone.utc)


def test_reschedule_without_a_date_asks_when(team):
    assert "Wanneer moet het klaar zijn?" in team.text("!verzet 1", "anna")
    assert "nieuwe deadline: maandag 30 november" in team.text("maandag", "anna")


def test_snooze_keeps_the_due_date(team):
    text = team.text("!uitstel 1", "anna")
    assert "uitgesteld tot donderdag 26 november, 08:30" in text and "De deadline blijft vrijdag 27 november" in text
    assert "Herinneringen uitgesteld tot donderdag 26 november, 08:30" in team.text("!actie 1")


def test_reassign_mentions_the_new_owner_and_moves_the_reminders(team):
    [reply] = team.say("!overdragen 1 @piet", "anna")
    assert reply.text.startswith("Actie #1 is nu van Piet") and reply.mentions == ["piet"]
    with team.services.db.session() as session:
        piet = session.exec(select(Member).where(Member.user_id == "piet")).one()
        pending = session.exec(select(Reminder).where(Reminder.action_id == 1, Reminder.status == "pending")).all()
    assert pending and all(r.member_id == piet.id for r in pending)
    assert "'karel' ken ik niet" in team.text("!overdragen 1 karel")


def test_notes_are_kept_in_order(team):
    team.say("!notitie 1 gebeld met moeder", "anna")
    assert "2 in totaal" in team.text("!notitie 1 teruggekoppeld aan de coördinator", "anna")
    assert [n["text"] for n in action(team).notes] == ["gebeld met moeder", "teruggekoppeld aan de coördinator"]


def test_bad_numbers_get_a_usage_message_and_change_nothing(team):
    assert "!klaar <nummer>" in team.text("!klaar twaalf")
    assert action(team).status == "open"


# -- recurrence -------------------------------------------------------------------------------------
def test_a_recurring_action_is_followed_by_the_next_when_done(team):
    text = team.text("!actie ilse evalueren Z-17 elke 6 weken")
    assert "Bedoel je woensdag 6 januari 2027, 17:00?" in text            # the first time is asked
    assert "terugkerende actie (elke 6 weken)" in team.text("ja")
    text = team.text("!klaar 2", "ilse")
    assert "De volgende keer staat klaar als actie #3, uiterlijk woensdag 17 februari 2027, 17:00." in text
    assert action(team, 3).recurrence_days == 42 and action(team, 3).description == "evalueren"


def test_recurrence_words_in_english(app_en):
    app_en.text("!action me check attendance every 2 weeks 15 December")
    with app_en.services.db.session() as session:
        item = session.exec(select(Action)).one()
    assert item.recurrence_days == 14 and item.description == "check attendance"


# -- case coordinator --------------------------------------------------------------------------------
def test_a_second_open_action_on_a_case_asks_for_a_coordinator(team):
    text = team.text("!actie piet ouders uitnodigen Z-17 15 december")
    assert "Er lopen nu 2 open acties voor anonieme casus A" in text and "!coordinator 2 @naam" in text
    assert "Z-17" not in text                                         # the case shows only as case_label allows
    assert "Ilse is nu casuscoördinator" in team.text("!coordinator 2 @ilse")
    assert "casuscoördinator" not in team.text("!actie anna verslag Z-17 15 december")
    assert "De casuscoördinator van anonieme casus A is Ilse." == team.text("!coordinator Z-17")
    with team.services.db.session() as session:
        case = session.exec(select(Case)).one()
        ilse = session.exec(select(Member).where(Member.user_id == "ilse")).one()
    assert case.coordinator_member_id == ilse.id
    assert "Casuscoördinator: Ilse." in team.text("!acties Z-17")


def test_coordinator_questions_about_unknown_cases_are_answered_kindly(team):
    assert "Die casus ken ik niet" in team.text("!coordinator Z-99 ilse")
    assert "hoort niet bij een casus" in team.text("!coordinator 2 ilse") or "bestaat niet" in team.text(
        "!coordinator 2 ilse")


# -- aftercare ---------------------------------------------------------------------------------------
def test_aftercare_three_months_after_the_last_discussion_goes_to_the_coordinator(team):
    team.say("!coordinator 1 piet")
    text = team.text("!nazorg Z-17")
    assert "vastgelegd voor Piet: nazorg: contact met leerkracht en ouders" in text
    assert "donderdag 25 februari 2027, 17:00" in text
    assert "Er staat al een nazorgactie: #2" in team.text("!nazorg Z-17")


def test_aftercare_without_a_coordinator_goes_to_the_ib(team):
    assert "vastgelegd voor Ilse: nazorg" in team.text("!nazorg 1")


def test_create_aftercare_action_for_the_meetings_code(team, clock):
    with team.services.db.session() as session:
        the_team = session.get(Team, team.team_id)
        case = session.exec(select(Case)).one()
        made = store.create_aftercare_action(session, the_team, case, after=datetime(2026, 11, 30).date(),
                                             now=clock.now())
        assert made.number == 2 and made.due_at.date().isoformat() == "2027-03-01"   # 28 Feb is a Sunday
        assert made.description.startswith("nazorg")


def test_offer_aftercare_says_how_without_creating_anything(team, clock):
    with team.services.db.session() as session:
        the_team = session.get(Team, team.team_id)
        case = session.exec(select(Case)).one()
        member = session.exec(select(Member).where(Member.user_id == "chair")).one()
        ctx = Context(services=team.services, inbound=Inbound("console", "room-1", "chair", ""), session=session,
                      lang="nl", team=the_team, member=member, roles=frozenset({"voorzitter"}))
        reply = offer_aftercare(ctx, case)
    assert "004:L2550-2558" in reply.text and "Ilse" in reply.text and "!nazorg <zaakcode>" in reply.text
    assert len(store_actions(team)) == 1


def store_actions(app):
    with app.services.db.session() as session:
        return session.exec(select(Action)).all()


# -- create_action for other capabilities ------------------------------------------------------------
def test_create_action_numbers_plans_reminders_and_audits(database_url, clock):
    app = make_chat_app(database_url, clock)
    app.add_member("Anna", "smw")
    with app.services.db.session() as session:
        the_team = session.get(Team, app.team_id)
        anna = session.exec(select(Member).where(Member.user_id == "anna")).one()
        first = store.create_action(session, team=the_team, owner=anna, description="x",
                                    due_at=datetime(2026, 12, 1, 16, tzinfo=timezone.utc), now=clock.now())
        second = store.create_action(session, team=the_team, owner=anna, description="y",
                                     due_at=datetime(2026, 12, 1, 16, tzinfo=timezone.utc), now=clock.now())
        kinds = session.exec(select(Reminder.kind).where(Reminder.action_id == first.id)).all()
    assert (first.number, second.number) == (1, 2)
    assert sorted(kinds) == ["before_due", "due_day", "overdue"]
    app.services.db.dispose()


def test_two_sessions_numbering_at_once_get_different_numbers(database_url, clock):
    """The unique constraint settles a race for the same number; the loser takes the next one."""
    import threading

    app = make_chat_app(database_url, clock)
    app.add_member("Anna", "smw")
    numbers, errors = [], []
    first_flushed, second_done = threading.Event(), threading.Event()

    def make(wait_before_commit: bool):
        try:
            with app.services.db.session() as session:
                the_team = session.get(Team, app.team_id)
                anna = session.exec(select(Member).where(Member.user_id == "anna")).one()
                made = store.create_action(session, team=the_team, owner=anna, description="x",
                                           due_at=datetime(2026, 12, 1, 16, tzinfo=timezone.utc), now=clock.now())
                numbers.append(made.number)
                if wait_before_commit:
                    first_flushed.set()
                    second_done.wait(0.5)     # the other session runs into our uncommitted number
        except Exception as exc:   # pragma: no cover - reported below
            errors.append(exc)

    one = threading.Thread(target=make, args=(True,))
    one.start()
    first_flushed.wait(5)
    two = threading.Thread(target=make, args=(False,))
    two.start()
    two.join(10)
    second_done.set()
    one.join(10)
    two.join(10)
    assert errors == [] and sorted(numbers) == [1, 2]
    app.services.db.dispose()
