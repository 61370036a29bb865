"""Building the agenda and the minutes for a team with 500 cases and 5,000 actions, on SQLite and,
when reachable, PostgreSQL. Target: under 50 ms per build.

    python -m benchmarks.bench_meetings [--builds 200] [--postgres URL]

The team has a year of history: 18 closed meetings of 12 discussed cases each (7 new, 5 follow-up; with
decisions, notes, a plan of approach and a follow-up date), consent recorded for half of the cases, and
5,000 actions (a third agreed at the meetings: about 90 per meeting, more than in practice). The next meeting has 8 registrations with full briefs; building its
agenda also works out which cases come back as follow-up (evaluation dates, agreed actions due), as
`!agenda` and the scheduled agenda do. The minutes are those of the last closed meeting, as posted in
the room and exported (Markdown and HTML).
"""
from __future__ import annotations

import argparse
import os
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import insert, select

from benchmarks.common import DEFAULT_POSTGRES, TABLE_HEADER, postgres_database, summary_row
from bot.app import build, settle_after_start
from bot.config import Settings
from core.clock import FixedClock
from dialogues.meeting_text import Writer, agenda_text, minutes_text
from state import agenda as items_store
from state import meetings as plans
from state.models import Action, AgendaItem, Case, Consent, Meeting, Member, MemberRole, Room, Team

# Quick mode for `make bench` (benchmarks/run.py): the same measurement on a smaller workload.
QUICK = ["--builds", "20"]

CASES, ACTIONS, MEMBERS = 500, 5_000, 12
HISTORY, PER_MEETING, REGISTRATIONS = 18, 12, 8
NOW = datetime(2026, 11, 25, 8, 0, tzinfo=timezone.utc)
BRIEF = {"question_teacher": "Hoe ga ik om met zijn driftbuien in de kring?",
         "question_parents": "Wat kunnen we thuis doen?",
         "reason": "Driftbuien in de klas, vaker dan eerst", "core": "Prikkelverwerking en regulatie",
         "child_factors": "Snel overprikkeld", "family_factors": "Verhuizing dit jaar", "school_factors": "Grote groep",
         "strengths": "Sportief en behulpzaam", "done_so_far": "Time-out plek, weinig effect",
         "school_limits": "Geen extra handen in de klas"}


def populate(services) -> tuple[int, int, int]:
    """The team, its history and the next meeting; returns (team id, next meeting id, last closed id)."""
    engine = services.db.engine
    with services.db.session() as session:
        team = Team(name="Benchmark team")
        session.add(team)
        session.flush()
        session.add(Room(transport="console", external_id="bench", team_id=team.id, encrypted=True))
        team_id = team.id
    roles = ["voorzitter", "ib", "smw", "jgz"] + ["leerkracht"] * (MEMBERS - 4)
    with engine.begin() as connection:
        connection.execute(insert(Member), [dict(team_id=team_id, transport="console", user_id=f"m{i}",
                                                 display_name=f"Lid {i}", active=True, created_at=NOW)
                                            for i in range(MEMBERS)])
        members = [r[0] for r in connection.execute(select(Member.id).where(Member.team_id == team_id))]
        connection.execute(insert(MemberRole), [dict(member_id=m, role=r) for m, r in zip(members, roles)])
        connection.execute(insert(Case), [dict(team_id=team_id, code=f"Z-{n}", status="open", created_at=NOW)
                                          for n in range(1, CASES + 1)])
        cases = [r[0] for r in connection.execute(select(Case.id).where(Case.team_id == team_id).order_by(Case.id))]
        connection.execute(insert(Consent), [dict(case_id=c, event="given", option="written_consent",
                                                  given_by="parents", partners=[], teams=[], recorded_at=NOW)
                                             for c in cases[::2]])
        # A year of closed meetings, every three weeks: 7 new cases and 5 follow-ups of the meeting
        # before each time (about the seed's average of 6.9 cases, 003:L3079-3081).
        starts = [NOW - timedelta(weeks=3 * (HISTORY - k)) for k in range(HISTORY)]
        connection.execute(insert(Meeting), [dict(team_id=team_id, starts_at=s, duration_minutes=90, place="Teamkamer",
                                                  status="closed", created_at=s, details={
                                                      "present": members[:6], "absent": members[6:8],
                                                      "started_at": s.isoformat(),
                                                      "closed_at": (s + timedelta(minutes=90)).isoformat()})
                                             for s in starts])
        history = [r[0] for r in connection.execute(select(Meeting.id).where(Meeting.team_id == team_id)
                                                    .order_by(Meeting.starts_at))]
        items, discussed = [], []
        for k, meeting_id in enumerate(history):
            new = [cases[(k * 7 + p) % CASES] for p in range(7)]
            returning = [cases[((k - 1) * 7 + p) % CASES] for p in range(5)] if k else []
            for position, case_id in enumerate(new + returning, start=1):
                comes_back = case_id in new[:5]
                follow_up = (starts[k] + timedelta(weeks=3)).date().isoformat() if comes_back else \
                    items_store.NO_FOLLOW_UP
                items.append(dict(meeting_id=meeting_id, case_id=case_id, position=position,
                                  kind="new" if case_id in new else "follow_up", status="discussed", brief=BRIEF,
                                  submitted_by=members[1], created_at=starts[k], notes={
                                      "decisions": [{"text": "SMW doet een huisbezoek", "by": members[2]},
                                                    {"text": "Leerkracht krijgt coaching", "by": members[0]}],
                                      "notes": [{"text": "Moeder werkt in ploegendienst", "phase": "round"}],
                                      "summary": "Zorgen om regulatie; thuis onrustig",
                                      "plan": {key: {"text": "Lid 1", "member": members[1]} for key in
                                               ("contact", "feedback_parents", "feedback_teacher", "vir")},
                                      "follow_up": follow_up}))
                discussed.append((meeting_id, starts[k], case_id))
        connection.execute(insert(AgendaItem), items)
        # 5,000 actions: a third agreed at the meetings for the cases discussed there, due one to six
        # weeks later and done when long past; the rest on any case.
        rows = []
        for n in range(ACTIONS):
            if n % 3 == 0:
                meeting_id, start, case_id = discussed[n % len(discussed)]
                due = start + timedelta(days=7 + n % 35)
            else:
                meeting_id, case_id, due = None, cases[n % CASES], NOW + timedelta(days=(n % 120) - 60)
            status = "done" if due < NOW - timedelta(days=14) else "open"
            rows.append(dict(team_id=team_id, number=n + 1, case_id=case_id, owner_member_id=members[n % MEMBERS],
                             description=f"actie {n}", due_at=due, status=status, notes=[],
                             created_at=NOW - timedelta(days=300 - n % 300), meeting_id=meeting_id))
        connection.execute(insert(Action), rows)
    # The next meeting and its registrations, through the application's own functions.
    with services.db.session() as session:
        team = session.get(Team, team_id)
        [upcoming] = plans.plan(session, team, start=NOW + timedelta(days=6), every_weeks=None, place="Teamkamer",
                                duration=90, now=NOW)
        for n in range(REGISTRATIONS):
            case = session.get(Case, cases[-(n + 1)])
            items_store.register(session, upcoming, case, BRIEF, members[1], NOW)
        return team_id, upcoming.id, history[-1]


def timed(label: str, builds: int, work) -> str:
    work()                          # the first build adds the follow-up items; then the steady state
    samples = []
    started = time.perf_counter()
    for _ in range(builds):
        before = time.perf_counter()
        work()
        samples.append((time.perf_counter() - before) * 1000)
    return summary_row(label, samples, time.perf_counter() - started)


def run(url: str, label: str, builds: int) -> list[str]:
    services, _ = build(Settings(database_url=url), clock=FixedClock(NOW))
    team_id, upcoming_id, closed_id = populate(services)
    settle_after_start()          # as `zorgbot chat` and `zorgbot serve` do once they are up
    facts = []

    def agenda() -> None:
        with services.db.session() as session:
            team, meeting = session.get(Team, team_id), session.get(Meeting, upcoming_id)
            items_store.sync(session, team, meeting, NOW)
            built = agenda_text(Writer(session, team, "nl", NOW), meeting, mention=True)
            facts.append(built.count)

    def minutes() -> None:
        with services.db.session() as session:
            team, meeting = session.get(Team, team_id), session.get(Meeting, closed_id)
            built = minutes_text(Writer(session, team, "nl", NOW), meeting)
            built.html("verslag")

    rows = [timed(f"agenda ({label})", builds, agenda), timed(f"minutes, Markdown + HTML ({label})", builds, minutes)]
    services.db.dispose()
    print(f"(agenda items: {facts[-1]}, of which follow-up: {facts[-1] - REGISTRATIONS})", flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--builds", type=int, default=200)
    parser.add_argument("--postgres", default=os.environ.get(
        "ZORGBOT_TEST_POSTGRES_URL", DEFAULT_POSTGRES))
    args = parser.parse_args()
    print(TABLE_HEADER)
    with tempfile.TemporaryDirectory() as tmp:
        for row in run(f"sqlite:///{Path(tmp) / 'bench.db'}", "SQLite", args.builds):
            print(row, flush=True)
    with postgres_database(args.postgres) as url:
        if url:
            for row in run(url, "PostgreSQL", args.builds):
                print(row, flush=True)


if __name__ == "__main__":
    main()
