"""Link codes in the database, on SQLite and PostgreSQL: hashed, single use, expiring, revocable."""
from datetime import datetime, timedelta, timezone

import pytest

from core.roles import CHAIR
from state import links
from state.db import Database
from state.models import Member, Team
from state.teams import add_member

NOW = datetime(2026, 11, 25, 8, 30, tzinfo=timezone.utc)


@pytest.fixture
def db(database_url):
    database = Database(database_url)
    yield database
    database.dispose()


def team_with_chair(session) -> tuple[Team, Member]:
    team = Team(name="Zorgteam De Wilgen")
    session.add(team)
    session.flush()
    return team, add_member(session, team, "matrix", "@anna:example.org", "Anna", {CHAIR})


def test_a_code_links_an_account_to_the_member_once(db):
    with db.session() as session:
        team, anna = team_with_chair(session)
        code, raw = links.create(session, team, display_name="Anna", member=anna, created_by=anna, now=NOW)
        assert code.code_hash != raw and raw not in code.code_hash
    with db.session() as session:
        found = links.find_open(session, links.normalise(links.display(raw).lower()), NOW + timedelta(hours=1))
        member = links.redeem(session, found, "1001", NOW + timedelta(hours=1))
        assert member.id == anna.id
    with db.session() as session:
        assert links.find_open(session, raw, NOW) is None                        # used
        assert links.linked_member(session, team.id, "telegram", "1001").id == anna.id
        assert links.account_of(session, session.get(Member, anna.id)) == "1001"
        assert [m.id for m in links.memberships(session, "telegram", "1001")] == [anna.id]
        assert links.revoke(session, session.get(Member, anna.id)) == 1
    with db.session() as session:
        assert links.linked_member(session, team.id, "telegram", "1001") is None


def test_codes_expire_and_a_second_account_cannot_take_a_used_code(db):
    with db.session() as session:
        team, anna = team_with_chair(session)
        _, raw = links.create(session, team, display_name="Anna", member=anna, now=NOW)
        _, other = links.create(session, team, display_name="Piet", roles={"smw"}, now=NOW)
    with db.session() as session:
        assert links.find_open(session, raw, NOW + timedelta(hours=25)) is None
        code = links.find_open(session, other, NOW)
        piet = links.redeem(session, code, "1002", NOW)
        assert (piet.transport, piet.user_id, piet.display_name) == ("telegram", "1002", "Piet")
        with pytest.raises(links.LinkRefused):
            links.redeem(session, code, "1003", NOW)       # the same row again: already taken


def test_what_is_not_a_code_is_recognised_before_any_lookup():
    assert links.normalise("hallo") is None
    assert links.normalise("ABCDE-FGH10") is None                 # 1 and 0 are not in the alphabet
    assert links.normalise("abcde fghjk") == "ABCDEFGHJK"
