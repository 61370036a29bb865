"""The database layer on SQLite and on a real PostgreSQL: migrations, settings, audit guard."""
import pytest
from sqlalchemy import inspect, text
from sqlmodel import select

from state.audit import AuditLogIsAppendOnly
from state.db import Database
from state.models import AuditEntry, Case, Member, Team

TABLES = {"team", "room", "member", "memberrole", "case", "consent", "meeting", "agendaitem", "action",
          "reminder", "escalationrecord", "conversation", "auditentry", "keyvalue", "handledevent"}


def test_migrations_create_every_table_and_are_idempotent(database_url):
    db = Database(database_url)
    assert TABLES <= set(inspect(db.engine).get_table_names())
    Database(database_url).dispose()   # a second start migrates nothing and does not fail
    with db.engine.connect() as connection:
        assert connection.execute(text("select version_num from alembic_version")).scalar()
    db.dispose()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(sqlite_url):
    db = Database(sqlite_url)
    with db.engine.connect() as connection:
        assert connection.execute(text("pragma journal_mode")).scalar() == "wal"
        assert connection.execute(text("pragma foreign_keys")).scalar() == 1
    db.dispose()


def test_foreign_keys_are_enforced(database_url):
    db = Database(database_url)
    with pytest.raises(Exception):
        with db.session() as session:
            session.add(Member(team_id=999, transport="console", user_id="x", display_name="x"))
    db.dispose()


def test_case_codes_are_unique_per_team(database_url):
    db = Database(database_url)
    with db.session() as session:
        team = Team(name="t")
        session.add(team)
        session.flush()
        session.add(Case(team_id=team.id, code="Z-17"))
        team_id = team.id
    with pytest.raises(Exception):
        with db.session() as session:
            session.add(Case(team_id=team_id, code="Z-17"))
    db.dispose()


def test_audit_entries_cannot_be_changed_or_deleted(database_url):
    db = Database(database_url)
    with db.session() as session:
        session.add(AuditEntry(actor="console:anna", action="consent/recorded", subject="case:Z-17"))
    with pytest.raises(AuditLogIsAppendOnly):
        with db.session() as session:
            entry = session.exec(select(AuditEntry)).one()
            entry.action = "something/else"
    with pytest.raises(AuditLogIsAppendOnly):
        with db.session() as session:
            session.delete(session.exec(select(AuditEntry)).one())
    with db.session() as session:
        assert session.exec(select(AuditEntry)).one().action == "consent/recorded"
    db.dispose()
