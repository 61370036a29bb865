"""The pinned master keys and held identity changes, as the transport and !vertrouw share them."""
import pytest

from state import matrix_identities as identities
from state.db import Database

BOT, ANNA = "@zorgbot:example.org", "@anna:example.org"


@pytest.fixture
def db(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 'ids.db'}")
    yield database
    database.dispose()


def test_a_change_is_held_once_and_accepting_pins_the_new_key(db):
    with db.session() as session:
        identities.pin(session, BOT, ANNA, "OLDKEY")
        assert identities.hold(session, BOT, ANNA, "OLDKEY", "NEWKEY") is True
        assert identities.hold(session, BOT, ANNA, "OLDKEY", "NEWKEY") is False, "the same change is news once"
        assert identities.pinned_masters(session, BOT) == {ANNA: "OLDKEY"}, "held, not yet trusted"
    with db.session() as session:
        change = identities.accept(session, BOT, ANNA)
        assert change["old"] == "OLDKEY" and change["new"] == "NEWKEY"
        assert identities.pinned_masters(session, BOT) == {ANNA: "NEWKEY"}
        assert identities.held(session, BOT, ANNA) is None
        assert identities.accept(session, BOT, ANNA) is None, "nothing left to accept"


def test_a_second_reset_before_acceptance_is_news_again(db):
    with db.session() as session:
        identities.hold(session, BOT, ANNA, "OLDKEY", "NEWKEY")
        assert identities.hold(session, BOT, ANNA, "OLDKEY", "NEWERKEY") is True
        assert identities.held(session, BOT, ANNA)["new"] == "NEWERKEY"


def test_one_bot_accounts_keys_are_not_anothers(db):
    with db.session() as session:
        identities.pin(session, BOT, ANNA, "KEY")
        assert identities.pinned_masters(session, "@other:example.org") == {}


def test_a_verdict_without_a_verification_is_refused(db):
    with db.session() as session:
        assert identities.answer_verification(session, BOT, ANNA, True) is False
        identities.ask_verification(session, BOT, ANNA, "!room:example.org", "$command")
        assert identities.answer_verification(session, BOT, ANNA, True) is True
        assert identities.verification_asks(session, BOT)[ANNA]["answer"] == "match"
