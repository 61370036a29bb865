"""Running a meeting: only the chair or a delegate steers; attendance and the seed's minimum; per case
the seed's steps; decisions, actions and the plan of approach typed in the room; back and forth; the
close with minutes, moved items and after-meeting tasks; and a restart in the middle.

The series starts Tuesday 1 December 2026, 14:00 Amsterdam; the meeting runs that afternoon.
"""
from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from bot.app import build
from bot.config import Settings
from state.models import Action, AgendaItem, AuditEntry, Case, Consent, Meeting, Member, Reminder
from tests.conftest import ChatApp
from tests.handlers.test_meetings import plan_series, register_quickly

AMS = ZoneInfo("Europe/Amsterdam")
MEETING_TIME = datetime(2026, 12, 1, 13, 0, tzinfo=timezone.utc)


@pytest.fixture
def team(app):
    app.add_member("Ilse", "ib")
    app.add_member("Anna", "smw")
    app.add_member("Piet", "jgz")
    plan_series(app)
    with app.services.db.session() as session:
        case = Case(team_id=app.team_id, code="Z-17")
        session.add(case)
        session.flush()
        session.add(Consent(case_id=case.id, option="written_consent", given_by="parents"))
    register_quickly(app, "Z-17", "Ilse")
    register_quickly(app, "Z-20", "Anna")
    app.services.clock.set(MEETING_TIME)
    return app


def run(app, lines, user="chair"):
    out = ""
    for line in lines:
        out = app.text(line, user)
    return out


def meeting(app, meeting_id=1) -> Meeting:
    with app.services.db.session() as session:
        return session.get(Meeting, meeting_id)


def item_notes(app, meeting_id=1):
    with app.services.db.session() as session:
        return [i.notes for i in session.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id)
                                              .order_by(AgendaItem.position)).all()]


# -- permission --------------------------------------------------------------------------------------------
def test_only_the_chair_or_a_delegate_starts_steers_and_closes(team):
    refusal = "Alleen de voorzitter of wie de voorzitter aanwijst leidt het overleg: chair."
    assert refusal in team.text("!agenda start", "Anna")
    assert meeting(team).status == "planned"
    team.text("!agenda start")
    for line in ("!volgende", "!terug", "!agenda sluit", "!sluit"):
        assert refusal in team.text(line, "Anna"), line
    assert meeting(team).status == "running" and meeting(team).current_item is None
    assert "voorzitter" in team.text("!agenda delegeer Anna", "Ilse")           # only the chair delegates
    assert "Anna mag het overleg van dinsdag 1 december, 14:00 leiden." in team.text("!agenda delegeer Anna")
    assert "Punt 1 van 2: Z-17 (nieuw)" in team.text("!volgende", "Anna")
    assert "Stap 2, analyse" in team.text("!volgende", "Anna")


def test_a_stranger_gets_nothing_and_their_lines_are_not_recorded(team):
    run(team, ["!agenda start", "!volgende"])
    assert "geen lid" in team.text("!agenda", "stranger")
    team.text("besluit: iets", "stranger")
    assert not item_notes(team)[0].get("decisions")


def test_starting_needs_todays_meeting_or_its_number(team):
    team.services.clock.set(datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc))
    out = team.text("!agenda start")
    assert "Vandaag staat er geen overleg. Het volgende is dinsdag 1 december, 14:00" in out
    assert "!agenda start 1" in out
    assert "opent het overleg" in team.text("!agenda start 1")


def test_the_meeting_starts_in_the_team_room_only(team):
    from core.messages import Inbound
    replies = team.router.turn(Inbound(transport="console", room_id="dm", user_id="chair", text="!agenda start",
                                       is_direct=True)).replies
    assert "Start het overleg in de teamkamer" in replies[0].text


# -- attendance and steps -------------------------------------------------------------------------------------------
def test_attendance_and_the_missing_minimum_members(team):
    out = team.text("!agenda start")
    assert "chair opent het overleg van dinsdag 1 december, 14:00. De agenda:" in out
    assert "1. Z-17 (nieuw)" in out and "2. anonieme casus B (nieuw)" in out
    assert "Wie is er? Typ 'aanwezig'" in out
    assert team.text("aanwezig", "Ilse") == "Aanwezig: Ilse."
    assert team.text("aanwezig: Anna") == "Aanwezig: Anna."
    assert team.text("afwezig: Piet") == "Afwezig: Piet."
    assert "'Karel' ken ik niet" in team.text("aanwezig: Karel")
    out = team.text("!volgende")
    assert "Aanwezig: chair, Ilse en Anna" in out and "Afgemeld: Piet" in out
    assert "Niet aanwezig uit de minimale bezetting: jeugdarts / jeugdverpleegkundige (JGZ) " \
           "(003:L1561-1569, 004:L1464-1472)" in out


def test_each_case_walks_the_seeds_steps(team):
    team.text("!agenda start")
    out = team.text("!volgende")
    assert "Punt 1 van 2: Z-17 (nieuw)" in out and "Aanleiding: driftbuien" in out
    assert "Stap 1, snelle ronde" in out and "(004:L2427-2431)" in out
    out = team.text("!volgende")
    assert "wat heeft dit kind, in dit gezin en in deze klas" in out and "(004:L2433-2443)" in out
    assert "oplossingsrichtingen voor het kind, het gezin en de school" in team.text("!volgende")
    out = team.text("!volgende")
    assert "plan van aanpak (004:L2455-2467)" in out and "verwijsindex" in out and "casuscoördinator" in out


def test_the_plan_of_approach_is_checked_once_before_moving_on(team):
    run(team, ["!agenda start", "!volgende", "!volgende", "!volgende", "!volgende"])
    out = team.text("!volgende")
    assert "Het plan van aanpak mist nog: acties met eigenaar en datum, de contactpersoon voor leerling en " \
           "ouders, wie terugkoppelt naar de ouders, wie terugkoppelt naar de leerkracht en het besluit over " \
           "de verwijsindex" in out
    assert "Punt 2 van 2: anonieme casus B (nieuw)" in team.text("!volgende")


def test_a_coordinator_is_asked_for_when_several_actions_run(team):
    run(team, ["!agenda start", "!volgende"])
    # Two actions on Z-17 typed in the room (with the talk before the meeting, three run): the seed's
    # case coordinator is asked for (004:L3165-3167).
    first = team.text("actie: @anna huisbezoek plannen vrijdag", "Ilse")
    assert "casuscoördinator" in first and "'coördinator: naam'" in first
    # asked once per case in a meeting: the next action's confirmation is not buried under it again
    out = team.text("actie: ik gesprek met leerkracht volgende week woensdag", "Ilse")
    assert "Actie #" in out and "casuscoördinator" not in out and "!coordinator" not in out
    assert team.text("coördinator: Anna") == "Anna is casuscoördinator voor punt 1."
    with team.services.db.session() as session:
        assert session.exec(select(Case).where(Case.code == "Z-17")).one().coordinator_member_id is not None
    assert "'Karel' ken ik niet" in team.text("coördinator: Karel")


def test_lines_typed_in_the_room_are_recorded_on_the_current_item(team):
    run(team, ["!agenda start", "!volgende"])
    assert team.text("besluit: SMW doet een huisbezoek", "Anna") == "Besluit vastgelegd bij punt 1."
    assert team.text("Notitie: moeder werkt in ploegendienst", "Piet") == "Notitie vastgelegd bij punt 1."
    assert team.text("samenvatting: zorgen om regulatie") == "Samenvatting vastgelegd bij punt 1."
    assert team.text("contactpersoon: Ilse") == "Contactpersoon vastgelegd bij punt 1."
    assert team.text("terugkoppeling ouders: Ilse") == "Terugkoppeling naar de ouders vastgelegd bij punt 1."
    assert team.text("terugkoppeling leerkracht: Anna") == "Terugkoppeling naar de leerkracht vastgelegd bij punt 1."
    assert team.text("verwijsindex: nee") == "Besluit over de verwijsindex vastgelegd bij punt 1."
    assert team.text("evaluatie: 12 januari") == "Vervolg voor punt 1: dinsdag 12 januari 2027."
    assert "Die datum begrijp ik niet" in team.text("evaluatie: ooit")
    [notes, _] = item_notes(team)
    assert notes["decisions"][0]["text"] == "SMW doet een huisbezoek"
    assert notes["notes"][0] == {**notes["notes"][0], "text": "moeder werkt in ploegendienst", "phase": "round"}
    assert notes["plan"]["contact"]["text"] == "Ilse" and notes["plan"]["contact"]["member"] is not None
    assert notes["follow_up"] == "2027-01-12"
    # Ordinary talk is not recorded, and nothing typed goes into the audit log.
    team.text("ik denk dat we meer moeten weten")
    assert len(item_notes(team)[0]["decisions"]) == 1
    with team.services.db.session() as session:
        details = " ".join(str(a.details) for a in session.exec(select(AuditEntry)).all())
        assert "ploegendienst" not in details and "huisbezoek" not in details


def test_an_action_typed_in_the_room_is_an_ordinary_action_of_the_meeting_and_case(team):
    run(team, ["!agenda start", "!volgende"])
    out = team.text("actie: @anna huisbezoek plannen vrijdag", "Ilse")
    assert "Actie #3 vastgelegd voor Anna: huisbezoek plannen (Z-17), uiterlijk vrijdag 4 december, 17:00." in out
    # A missing date no longer holds the meeting up (issue 18): recorded at once, its date to confirm.
    out = team.text("actie: Piet ouders oproepen", "Ilse")
    assert "Actie #4 vastgelegd voor Piet: ouders oproepen (Z-17)" in out
    assert "Die datum is een voorstel en nog te bevestigen: !verzet 4 <datum>." in out
    assert "Wanneer moet het klaar zijn?" not in out
    with team.services.db.session() as session:
        found = session.exec(select(Action).where(Action.number.in_([3, 4]))).all()
        assert {a.meeting_id for a in found} == {1}
        assert {session.get(Case, a.case_id).code for a in found} == {"Z-17"}
        reminders = session.exec(select(Reminder).where(Reminder.action_id.in_([a.id for a in found]))).all()
        assert {r.kind for r in reminders} >= {"before_due", "due_day", "overdue"}


def test_a_decision_before_the_first_item_says_how_to_begin(team):
    team.text("!agenda start")
    assert "Er is nog geen punt aan de orde; begin met !volgende." in team.text("besluit: x")


def test_lines_in_another_room_are_not_part_of_the_meeting(team):
    from core.messages import Inbound
    from state.models import Room
    with team.services.db.session() as session:
        session.add(Room(transport="console", external_id="room-2", team_id=team.team_id, encrypted=True))
    run(team, ["!agenda start", "!volgende"])
    team.router.turn(Inbound(transport="console", room_id="room-2", user_id="anna", text="besluit: elders"))
    assert not item_notes(team)[0].get("decisions")


def test_back_and_forth(team):
    run(team, ["!agenda start", "!volgende", "!volgende"])
    assert "Stap 1, snelle ronde" in team.text("!terug")
    assert "Terug bij de aanwezigheid" in team.text("!terug")
    assert "We zijn al bij het begin." in team.text("!terug")
    out = run(team, ["!volgende", "!volgende punt"])
    assert "Punt 2 van 2: anonieme casus B (nieuw)" in out
    out = team.text("!terug")
    assert "Punt 1 van 2: Z-17 (nieuw)" in out and "Stap 4, plan van aanpak" in out
    run(team, ["!volgende punt", "!volgende punt"])
    assert "Alle punten zijn besproken. Afsluiten: !agenda sluit" in team.text("!volgende")
    assert "Stap 4, plan van aanpak" in team.text("!terug")


def test_the_agenda_during_the_meeting_says_where_we_are(team):
    run(team, ["!agenda start", "!volgende", "!volgende"])
    assert "Nu: punt 1 van 2, Z-17 (nieuw), stap: analyse." in team.text("!agenda", "Piet")


# -- closing ----------------------------------------------------------------------------------------------------------
def close_a_meeting(team):
    run(team, ["!agenda start", "aanwezig: Ilse, Anna", "!volgende"])
    team.text("besluit: SMW doet een huisbezoek", "Anna")
    team.text("actie: @anna huisbezoek plannen vrijdag", "Ilse")
    team.text("contactpersoon: Ilse")
    team.text("terugkoppeling ouders: Anna")
    team.text("verwijsindex: nee")
    team.text("!volgende punt")
    # Item 2 is not reached: it moves on. The close asks first (issue 16).
    team.text("!agenda sluit")
    return team.say("ja")


def test_the_close_posts_the_minutes_and_creates_the_after_meeting_tasks(team):
    replies = close_a_meeting(team)
    closed, minutes, tasks, moved = replies
    assert closed.text == "Het overleg van dinsdag 1 december, 14:00 is gesloten. Het verslag:"
    text = minutes.text
    assert text.startswith("# Verslag Zorgteam De Wilgen, dinsdag 1 december, 14:00")
    assert "Aanwezig: chair, Ilse en Anna" in text
    assert "## 1. Z-17 (nieuw)" in text and "- SMW doet een huisbezoek" in text
    assert "- #3 huisbezoek plannen · Anna · vrijdag 4 december, 17:00" in text
    assert "Contactpersoon leerling en ouders: Ilse" in text and "Verwijsindex: nee" in text
    assert "Vervolg: volgend overleg (dinsdag 22 december, 14:00)" in text
    assert "## Doorgeschoven naar dinsdag 22 december, 14:00" in text and "- anonieme casus B (nieuw)" in text
    assert "## Na het overleg" in text
    assert "Gesprek met de ouders na het overleg" in text and "· Anna · dinsdag 8 december, 17:00 (Z-17)" in text
    assert "nazorg" in text and "maandag 1 maart, 17:00 (Z-17)" in text
    assert minutes.privacy == "full" and "huisbezoek" not in minutes.withheld_text
    assert "- #3 · Anna · vrijdag 4 december, 17:00" in minutes.withheld_text
    assert minutes.attachment[0] == "verslag-2026-12-01.md"
    assert "2 vervolgtaken aangemaakt" in tasks.text and tasks.mentions == ["anna", "ilse"]
    assert moved.text == "1 agendapunt schuift door naar dinsdag 22 december, 14:00."
    closed_meeting = meeting(team)
    assert closed_meeting.status == "closed"
    with team.services.db.session() as session:
        after = session.exec(select(Action).where(Action.id.in_(closed_meeting.details["after_tasks"]))).all()
        assert len(after) == 2 and all(a.status == "open" for a in after)
        assert session.exec(select(Reminder).where(Reminder.action_id.in_([a.id for a in after]))).first()
        next_items = session.exec(select(AgendaItem).where(AgendaItem.meeting_id == 2)).all()
        assert [(i.kind, i.status, i.brief.get("reason")) for i in next_items] == [("new", "open", "driftbuien")]


def test_a_second_discussion_moves_the_aftercare_instead_of_adding_one(team):
    close_a_meeting(team)
    team.services.clock.set(datetime(2026, 12, 22, 13, 0, tzinfo=timezone.utc))
    run(team, ["!agenda start", "!volgende"])
    out = team.text("!agenda")
    assert "Z-17 (vervolg)" in out
    while "Alle punten" not in (out := team.text("!volgende punt")):
        pass
    run(team, ["!agenda sluit", "ja"])
    with team.services.db.session() as session:
        aftercare = [a for a in session.exec(select(Action).where(Action.status == "open")).all()
                     if a.description.startswith("nazorg")]
        by_case = {}
        for action in aftercare:
            by_case.setdefault(action.case_id, []).append(action)
        assert all(len(found) == 1 for found in by_case.values())
        z17 = session.exec(select(Case).where(Case.code == "Z-17")).one()
        assert by_case[z17.id][0].due_at.astimezone(AMS).date().isoformat() == "2027-03-22"


def test_minutes_as_markdown_and_html_for_the_team(team):
    close_a_meeting(team)
    [reply] = team.say("!notulen", "Piet")
    name, content, mime = reply.attachment
    assert (name, mime) == ("verslag-2026-12-01.md", "text/markdown")
    assert "## 1. Z-17 (nieuw)" in content.decode()
    [reply] = team.say("!notulen 1 html", "Piet")
    name, content, mime = reply.attachment
    assert (name, mime) == ("verslag-2026-12-01.html", "text/html")
    html = content.decode()
    assert html.startswith("<!DOCTYPE html>") and "<h2>1. Z-17 (nieuw)</h2>" in html
    assert "Gebruik: !notulen [nummer] [html]" in team.text("!notulen pdf")
    assert "Van overleg #2 is (nog) geen verslag." in team.text("!notulen 2")
    assert "geen lid" in team.text("!notulen", "stranger")


def test_html_minutes_escape_what_members_typed(team):
    run(team, ["!agenda start", "!volgende"])
    team.text("besluit: <script>alert(1)</script> **vet**")
    run(team, ["!agenda sluit", "ja"])
    [reply] = team.say("!notulen html")
    html = reply.attachment[1].decode()
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_html_minutes_fetch_nothing_and_link_nowhere_from_what_members_typed(team):
    run(team, ["!agenda start", "!volgende"])
    team.text("besluit: zie [formulier](http://tracker.example/x) en **vet**")
    team.text("notitie: ![](http://tracker.example/pixel.png) <http://tracker.example/a>")
    run(team, ["!agenda sluit", "ja"])
    [reply] = team.say("!notulen html")
    html = reply.attachment[1].decode()
    assert "<img" not in html and "href=" not in html         # opening the minutes contacts nobody
    assert "<strong>vet</strong>" in html and "tracker.example/x" in html    # the words stay, as text


def test_an_action_made_with_the_actie_command_during_the_meeting_is_in_the_minutes(team):
    run(team, ["!agenda start", "!volgende"])
    team.text("!actie @anna huisbezoek plannen Z-17 vrijdag", "Ilse")
    team.text("!volgende punt")
    team.text("!agenda sluit")
    [_, minutes, *_] = team.say("ja")
    assert "- #3 huisbezoek plannen · Anna · vrijdag 4 december, 17:00" in minutes.text


# -- restart ----------------------------------------------------------------------------------------------------------
def test_a_restart_in_the_middle_resumes_at_the_same_item_and_step(team):
    run(team, ["!agenda start", "aanwezig: Ilse", "!volgende", "!volgende"])
    team.text("besluit: eerst observeren", "Ilse")
    url = team.services.settings.database_url
    team.services.db.dispose()
    services, router = build(Settings(database_url=url, language="nl"), clock=team.services.clock)
    again = ChatApp(services=services, router=router, team_id=team.team_id)
    try:
        assert "Nu: punt 1 van 2, Z-17 (nieuw), stap: analyse." in again.text("!agenda")
        assert again.text("besluit: daarna huisbezoek", "Ilse") == "Besluit vastgelegd bij punt 1."
        assert "oplossingsrichtingen" in again.text("!volgende")
        assert [d["text"] for d in item_notes(again)[0]["decisions"]] == ["eerst observeren", "daarna huisbezoek"]
        assert meeting(again).details["present"] == [1, 2]
    finally:
        services.db.dispose()


# -- in English --------------------------------------------------------------------------------------------------------
def test_a_meeting_in_english(app_en):
    from tests.handlers.test_meetings import SERIES_EN
    app_en.add_member("Ilse", "ib")
    plan_series(app_en, SERIES_EN)
    app_en.text("!refer Z-9")
    for answer in ["question", "-", "-", "outbursts", "regulation", "-", "-", "-", "-", "-", "-", "yes"]:
        app_en.text(answer)
    app_en.services.clock.set(MEETING_TIME)
    assert "chair opens the meeting of Tuesday 1 December, 14:00." in app_en.text("!agenda start")
    assert app_en.text("present", "Ilse") == "Present: Ilse."
    out = app_en.text("!next")
    assert "Item 1 of 1: anonymous case A (new)" in out and "Step 1, quick round" in out
    assert app_en.text("decision: teacher gets coaching") == "Decision recorded for item 1."
    assert "Action #2 recorded for Ilse: coach the teacher (anonymous case A)" in \
        app_en.text("action: Ilse coach the teacher Friday", "Ilse")
    app_en.text("!next item")
    app_en.text("!agenda close")
    replies = app_en.say("yes")
    assert replies[0].text == "The meeting of Tuesday 1 December, 14:00 is closed. The minutes:"
    assert "## 1. anonymous case A (new)" in replies[1].text and "- teacher gets coaching" in replies[1].text
    assert "Follow-up: next meeting (Tuesday 22 December, 14:00)" in replies[1].text
    assert "## After the meeting" in replies[1].text


# -- for neighbours --------------------------------------------------------------------------------------------------
def test_the_running_context_names_the_meeting_and_the_case_under_discussion(team):
    from state.meetings import running_context
    with team.services.db.session() as session:
        assert running_context(session, team.team_id, "console", "room-1") is None
    run(team, ["!agenda start", "!volgende"])
    with team.services.db.session() as session:
        z17 = session.exec(select(Case).where(Case.code == "Z-17")).one()
        assert running_context(session, team.team_id, "console", "room-1") == (1, z17.id)
        assert running_context(session, team.team_id, "console", "elsewhere") is None


def test_a_team_without_a_chair_is_led_by_its_iber(team):
    from state.models import MemberRole, Member
    with team.services.db.session() as session:
        chair = session.exec(select(Member).where(Member.user_id == "chair")).one()
        for role in session.exec(select(MemberRole).where(MemberRole.member_id == chair.id)).all():
            session.delete(role)
    assert "Alleen de voorzitter" in team.text("!agenda start", "Anna")
    assert "Ilse opent het overleg" in team.text("!agenda start", "Ilse")


def test_typed_lines_are_audited_without_their_content(team):
    run(team, ["!agenda start", "aanwezig: Ilse", "!volgende"])
    team.text("besluit: geheim besluit")
    with team.services.db.session() as session:
        entries = session.exec(select(AuditEntry).where(AuditEntry.action.like("meeting/%"))).all()
        actions = [e.action for e in entries]
        assert "meeting/started" in actions and "meeting/present" in actions and "meeting/recorded" in actions
        recorded = next(e for e in entries if e.action == "meeting/recorded")
        assert recorded.details == {"item": recorded.details["item"], "field": "decision"}
        assert "geheim" not in " ".join(str(e.details) for e in entries)


def test_a_whole_meeting_on_each_database(database_url, clock):
    from tests.conftest import make_chat_app
    app = make_chat_app(database_url, clock)
    try:
        app.add_member("Ilse", "ib")
        plan_series(app)
        register_quickly(app, "Z-17", "Ilse")
        app.services.clock.set(MEETING_TIME)
        run(app, ["!agenda start", "aanwezig: Ilse", "!volgende", "besluit: eerst observeren",
                  "besluit: tikfout", "actie: Ilse gesprek leerkracht vrijdag",
                  "actie: Ilse ouders bellen volgende week", "evaluatie: volgend overleg", "!volgende punt"])
        app.text("!agenda sluit")
        replies = app.say("ja")
        assert "- eerst observeren" in replies[1].text and "gesprek leerkracht · Ilse" in replies[1].text
        assert "ouders bellen · Ilse" in replies[1].text and "datum nog te bevestigen" in replies[1].text
        assert "is heropend" in app.text("!agenda heropen")
        assert app.text("!verwijder besluit 2") == "Besluit 2 verwijderd; het staat niet meer in het verslag."
        app.text("!agenda sluit")
        replies = app.say("ja")
        assert "- eerst observeren" in replies[1].text and "tikfout" not in replies[1].text
        assert "Vervolg: volgend overleg (dinsdag 22 december, 14:00)" in replies[1].text
        assert "1. anonieme casus A (vervolg)" in app.text("!agenda")
    finally:
        app.services.db.dispose()


def test_an_action_registered_with_the_command_during_the_meeting_belongs_to_it(team):
    run(team, ["!agenda start", "!volgende"])                     # item 1: Z-17 under discussion
    reply = team.text("!actie @anna huisbezoek plannen vrijdag", "Ilse")
    assert "#" in reply and "vastgelegd" in reply
    with team.services.db.session() as session:
        action = session.exec(select(Action).where(Action.description == "huisbezoek plannen")).one()
        running = session.get(Meeting, action.meeting_id)
        item = session.get(AgendaItem, running.current_item)
    assert running.status == "running" and action.case_id == item.case_id is not None


# -- issue 18: an agreement typed in the meeting is never lost --------------------------------------------------
def test_three_action_lines_one_with_an_ambiguous_date_give_three_actions_in_the_minutes(team):
    run(team, ["!agenda start", "!volgende"])
    first = team.text("actie: @anna huisbezoek plannen vrijdag", "Ilse")
    second = team.text("actie: @piet ouders oproepen volgende week", "Ilse")
    third = team.text("actie: @ilse leerkracht spreken 11 december", "Ilse")
    assert "Actie #3 vastgelegd" in first and "Actie #4 vastgelegd" in second and "Actie #5 vastgelegd" in third
    assert "nog te bevestigen: !verzet 4 <datum>" in second
    # The flow was not captured by a question: the next line is a decision, not a date answer.
    assert team.text("besluit: eerst observeren") == "Besluit vastgelegd bij punt 1."
    listing = team.text("!acties", "Piet")
    assert "ouders oproepen" in listing and "datum nog te bevestigen" in listing
    run(team, ["!volgende punt", "!volgende punt"])
    assert "Datum nog te bevestigen: #4" in team.text("!agenda sluit")
    replies = team.say("ja")
    minutes = replies[1].text
    for line in ("huisbezoek plannen · Anna", "ouders oproepen · Piet", "leerkracht spreken · Ilse"):
        assert line in minutes
    assert minutes.count("datum nog te bevestigen") == 1
    to_confirm = replies[-1]
    assert to_confirm.text.startswith("Acties met een datum die nog bevestigd moet worden:")
    assert "#4 ouders oproepen" in to_confirm.text and "huisbezoek" not in to_confirm.text
    assert to_confirm.mentions == ["piet"]
    with team.services.db.session() as session:
        found = session.exec(select(Action).where(Action.meeting_id == 1)).all()
        assert sorted(a.number for a in found) == [3, 4, 5]
        assert [a.number for a in found if a.date_to_confirm] == [4]


def test_confirming_the_date_takes_the_mark_away(team):
    run(team, ["!agenda start", "!volgende"])
    team.text("actie: @piet ouders oproepen", "Ilse")
    assert "datum nog te bevestigen" in team.text("!acties", "Piet")
    team.text("!verzet 3 maandag", "Piet")
    assert "datum nog te bevestigen" not in team.text("!acties", "Piet")
    with team.services.db.session() as session:
        assert not session.exec(select(Action).where(Action.number == 3)).one().date_to_confirm


def test_an_action_line_with_an_unclear_date_in_english(app_en):
    from tests.handlers.test_meetings import SERIES_EN
    app_en.add_member("Ilse", "ib")
    plan_series(app_en, SERIES_EN)
    app_en.services.clock.set(MEETING_TIME)
    run(app_en, ["!agenda start", "!next"])
    out = app_en.text("action: Ilse call the parents next week", "Ilse")
    assert "Action #1 recorded for Ilse: call the parents" in out
    assert "That date is a proposal still to confirm: !reschedule 1 <date>." in out
    assert "date to confirm" in app_en.text("!actions", "Ilse")


# -- issue 16: corrections, a close that asks, reopening ---------------------------------------------------------
def test_a_corrected_and_a_removed_decision_give_minutes_without_them(team):
    run(team, ["!agenda start", "!volgende"])
    team.text("besluit: SMW doet een huisbezoek", "Anna")
    team.text("besluit: leerplicht inschakelen")
    team.text("besluit: tikfout besluit")
    listing = team.text("!besluiten")
    assert "1. Z-17: SMW doet een huisbezoek" in listing and "3. Z-17: tikfout besluit" in listing
    assert "voorzitter" in team.text("!wijzig besluit 1 anders", "Anna")            # only who steers
    assert team.text("!wijzig besluit 2 leerplicht vraagt mee te kijken") == "Besluit 2 gewijzigd."
    assert team.text("!verwijder besluit 3") == "Besluit 3 verwijderd; het staat niet meer in het verslag."
    assert "Besluit 9 bestaat niet in dit overleg" in team.text("!verwijder besluit 9")
    assert "Gebruik: !verwijder besluit <besluitnummer>" in team.text("!verwijder besluit")
    run(team, ["!volgende punt", "!volgende punt", "!agenda sluit"])
    minutes = team.say("ja")[1].text
    assert "- SMW doet een huisbezoek" in minutes and "- leerplicht vraagt mee te kijken" in minutes
    assert "tikfout" not in minutes and "leerplicht inschakelen" not in minutes
    with team.services.db.session() as session:
        entries = session.exec(select(AuditEntry).where(AuditEntry.action.like("meeting/decision_%"))).all()
        assert sorted(e.action for e in entries) == ["meeting/decision_edited", "meeting/decision_removed"]
        assert "tikfout" not in " ".join(str(e.details) for e in entries)


def test_the_close_asks_first_and_creates_nothing_until_confirmed(team):
    run(team, ["!agenda start", "!volgende"])
    team.text("besluit: eerst observeren")
    question = team.text("!agenda sluit")
    assert "Besproken (1): Z-17 (nieuw)" in question and "Besluiten: 1" in question
    assert "Niet besproken, schuift door: anonieme casus B (nieuw)" in question
    assert "Voorgestelde vervolgacties:" in question and "'ja zonder acties'" in question
    assert meeting(team).status == "running"
    assert "voorzitter" in team.text("ja", "Anna")                    # a member cannot confirm it
    assert meeting(team).status == "running"
    assert team.text("nee").startswith("Het overleg gaat door.")
    assert meeting(team).status == "running" and meeting(team).details["stage"] == "discussing"
    with team.services.db.session() as session:
        assert session.exec(select(Action)).all() == [] or all(
            a.meeting_id is None for a in session.exec(select(Action)).all())
    team.text("!agenda sluit")
    replies = team.say("ja zonder acties")
    assert replies[0].text.startswith("Het overleg van dinsdag 1 december, 14:00 is gesloten.")
    assert "## Na het overleg" not in replies[1].text
    assert meeting(team).status == "closed" and meeting(team).details["after_tasks"] == []


def test_a_closed_meeting_is_reopened_by_the_chair_within_a_week(team):
    run(team, ["!agenda start", "!volgende", "besluit: tikfout", "!volgende punt", "!volgende punt",
               "!agenda sluit", "ja"])
    with team.services.db.session() as session:
        actions_after_first_close = len(session.exec(select(Action)).all())
    assert "Heropen het eerst met !agenda heropen" in team.text("!verwijder besluit 1")
    assert "voorzitter" in team.text("!agenda heropen", "Anna")
    assert meeting(team).status == "closed"
    out = team.text("!agenda heropen")
    assert out.startswith("Het overleg van dinsdag 1 december, 14:00 is heropend.")
    assert meeting(team).status == "running"
    team.text("!verwijder besluit 1")
    team.text("!agenda sluit")
    replies = team.say("ja")
    assert "tikfout" not in replies[1].text
    # The follow-ups of the first close are not made twice.
    assert not any("vervolgtaak" in r.text for r in replies)
    with team.services.db.session() as session:
        assert len(session.exec(select(Action)).all()) == actions_after_first_close
        actions = [e.action for e in session.exec(select(AuditEntry)).all()]
        assert "meeting/reopened" in actions
    team.services.clock.set(datetime(2026, 12, 9, 14, 0, tzinfo=timezone.utc))
    assert "tot 7 dagen na het sluiten" in team.text("!agenda heropen")
    assert meeting(team).status == "closed"


def test_close_and_reopen_in_english(app_en):
    from tests.handlers.test_meetings import SERIES_EN
    app_en.add_member("Ilse", "ib")
    plan_series(app_en, SERIES_EN)
    app_en.services.clock.set(MEETING_TIME)
    run(app_en, ["!agenda start", "!next"])
    assert "Close? 'yes' closes" in app_en.text("!agenda close")
    assert app_en.text("no").startswith("The meeting carries on.")
    run(app_en, ["!agenda close", "yes"])
    assert app_en.text("!agenda reopen").startswith("The meeting of Tuesday 1 December, 14:00 is reopened.")
    assert app_en.text("!decisions") == "No decisions or actions have been recorded in this meeting yet."


def test_two_anonymous_cases_get_two_labels_in_agenda_and_minutes(app):
    app.add_member("Ilse", "ib")
    plan_series(app)
    register_quickly(app, "Z-20", "Ilse")          # Z-20 and Z-23: neither has a consent record
    register_quickly(app, "Z-23", "Ilse")
    agenda = app.text("!agenda")
    assert "1. anonieme casus A (nieuw)" in agenda and "2. anonieme casus B (nieuw)" in agenda
    assert "Z-20" not in agenda and "Z-23" not in agenda
    app.services.clock.set(MEETING_TIME)
    assert "anonieme casus A (nieuw)" in run(app, ["!agenda start", "!volgende"])
    app.text("besluit: eerst observeren")
    run(app, ["!volgende punt", "!agenda sluit"])
    minutes = app.say("ja")[1].text
    assert "## 1. anonieme casus A (nieuw)" in minutes and "Z-20" not in minutes and "Z-23" not in minutes
    assert "- anonieme casus B (nieuw)" in minutes                          # moved on, still B


def test_two_anonymous_cases_in_english(app_en):
    from tests.handlers.test_meetings import SERIES_EN
    plan_series(app_en, SERIES_EN)
    for code in ("Z-9", "Z-10"):
        app_en.text(f"!refer {code}")
        for answer in ["question", "-", "-", "outbursts", "regulation", "-", "-", "-", "-", "-", "-", "yes"]:
            app_en.text(answer)
    agenda = app_en.text("!agenda")
    assert "1. anonymous case A (new)" in agenda and "2. anonymous case B (new)" in agenda


def test_automatic_actions_carry_no_citation_in_their_titles(team):
    close_a_meeting(team)
    with team.services.db.session() as session:
        titles = [a.description for a in session.exec(select(Action)).all()]
    assert "Gesprek met de ouders na het overleg" in titles and "Gesprek met de ouders vóór het overleg" in titles
    assert not [title for title in titles if "(003:" in title or "(004:" in title]


# -- a meeting line with no meeting running ------------------------------------------------------------------
@pytest.mark.parametrize("line", ["besluit: iets", "actie: Ilse belt de ouders", "notitie: moeder was er"])
def test_a_meeting_line_without_a_running_meeting_says_so_in_one_line(app, line):
    app.add_member("Ilse", "ib")
    replies = app.say(line)
    assert [r.text for r in replies] == [
        "Er loopt hier geen overleg: regels als 'besluit: …', 'actie: …' en 'notitie: …' leg ik alleen vast "
        "tijdens een overleg dat met !agenda start in deze ruimte is gestart."]
    assert not replies[0].choices                              # no topic menu
    assert "Schorsing" not in replies[0].text
    with app.services.db.session() as session:
        assert not session.exec(select(Action)).all()


def test_a_meeting_line_without_a_running_meeting_in_english(app_en):
    [reply] = app_en.say("decision: something")
    assert reply.text.startswith("No meeting is running here:") and "!agenda start" in reply.text
    assert not reply.choices


def test_other_prefixed_talk_without_a_meeting_is_not_taken_for_a_meeting_line(app):
    out = app.text("aanwezig: Ilse")
    assert "Er loopt hier geen overleg" not in out


# -- a line held for the name hint while the meeting goes on (probe 2, R1) ------------------------------
def decisions_and_notes(app):
    with app.services.db.session() as session:
        items = session.exec(select(AgendaItem).order_by(AgendaItem.position)).all()
        return ([d["text"] for i in items for d in (i.notes or {}).get("decisions", [])],
                [n["text"] for i in items for n in (i.notes or {}).get("notes", [])])


def actions_of(app):
    with app.services.db.session() as session:
        return [(a.description, session.get(Member, a.owner_member_id).display_name,
                 a.due_at.replace(tzinfo=timezone.utc).astimezone(AMS).date().isoformat())
                for a in session.exec(select(Action).where(Action.meeting_id.is_not(None))
                                      .order_by(Action.number)).all()]


def test_an_action_line_after_a_held_decision_is_an_action_and_the_decision_waits(team):
    run(team, ["!agenda start", "aanwezig", "!volgende"])
    assert "'Sanne' lijkt een naam" in team.text("besluit: Sanne krijgt extra begeleiding")
    out = team.text("actie: @anna huisbezoek plannen vrijdag")
    assert "Actie #" in out and "Anna" in out and "huisbezoek plannen" in out
    assert "Je eerdere regel (besluit: …) is nog niet vastgelegd." in out and "'Sanne' lijkt een naam" in out
    assert "Besluit vastgelegd" not in out
    [(text, owner, due)] = [a for a in actions_of(team) if "huisbezoek" in a[0]]
    assert text.startswith("huisbezoek plannen") and owner == "Anna" and due == "2026-12-04"
    assert decisions_and_notes(team)[0] == []          # the decision waits for the chair
    out = team.text("wie neemt dit op?")
    assert "wacht op de tekst zonder naam" in out and "Besluit vastgelegd" not in out
    assert team.text("de leerling krijgt extra begeleiding") == "Besluit vastgelegd bij punt 1."
    assert decisions_and_notes(team)[0] == ["de leerling krijgt extra begeleiding"]


def test_a_held_note_is_kept_as_typed_and_the_next_note_is_its_retype_only_with_the_same_prefix(team):
    run(team, ["!agenda start", "aanwezig", "!volgende"])
    assert "'Sanne' lijkt een naam" in team.text("notitie: Sanne huilde in de klas")
    out = team.text("besluit: leerplicht inschakelen")
    assert "Besluit vastgelegd bij punt 1." in out and "Je eerdere regel (notitie: …)" in out
    assert team.text("ja") == "Notitie vastgelegd bij punt 1."
    assert decisions_and_notes(team) == (["leerplicht inschakelen"], ["Sanne huilde in de klas"])
    held = team.text("notitie: Daan is bang thuis")      # safety first, then the name hint
    assert "0800-2000" in held and held.index("0800-2000") < held.index("lijkt een naam")
    retyped = team.text("notitie: de leerling is bang thuis")     # kept, the safety answer not said twice
    assert retyped == "Notitie vastgelegd bij punt 1."
    assert "lijkt een naam" in team.text("notitie: Daan is weer bang")
    assert "Gestopt met regel uit het overleg" in team.text("stop")
    assert decisions_and_notes(team)[1] == ["Sanne huilde in de klas", "de leerling is bang thuis"]


def test_a_held_line_beside_a_new_held_line_is_kept_as_a_draft(team):
    run(team, ["!agenda start", "aanwezig", "!volgende"])
    team.text("besluit: Sanne krijgt extra begeleiding")
    out = team.text("notitie: Daan huilde")
    assert "'Daan' lijkt een naam" in out and "staat apart als concept" in out and "!open" in out
    assert team.text("ja") == "Notitie vastgelegd bij punt 1."
    assert "1. 'regel uit het overleg', nog niet af" in team.text("!open")
    out = team.text("!open 1")
    assert "'Sanne' lijkt een naam" in out
    assert team.text("de leerling krijgt extra begeleiding") == "Besluit vastgelegd bij punt 1."
    assert decisions_and_notes(team) == (["de leerling krijgt extra begeleiding"], ["Daan huilde"])


def test_the_close_question_is_answered_while_a_line_is_held(team):
    run(team, ["!agenda start", "aanwezig", "!volgende", "notitie: moeder is bezorgd"])
    team.text("besluit: meester Jan en Sanne houden het gedrag bij")
    team.text("!agenda sluit")
    out = team.text("ja")
    assert "is gesloten" in out and "Je eerdere regel (besluit: …) is nog niet vastgelegd." in out
    assert meeting(team).status == "closed"
    assert team.text("meester Jan en de leerling houden het gedrag bij") == "Besluit vastgelegd bij punt 1."
    assert decisions_and_notes(team)[0] == ["meester Jan en de leerling houden het gedrag bij"]
    [minutes] = team.say("!notulen")
    assert "meester Jan en de leerling houden het gedrag bij" in minutes.attachment[1].decode()


def test_the_close_waits_for_an_action_line_still_asking_so_its_yes_is_not_taken_for_the_action(team):
    run(team, ["!agenda start", "aanwezig", "!volgende"])
    assert "'Fatima' lijkt een naam" in team.text("actie: @anna bel de moeder van Fatima vrijdag")
    out = team.text("!agenda sluit")
    assert out.startswith("Eerst de actie die nog op je antwoord wacht") and "Sluiten?" not in out
    assert meeting(team).status != "closed"
    assert "Actie #" in team.text("bel de moeder")
    assert "acties uit dit overleg: 1" in team.text("!agenda sluit")
    assert "is gesloten" in team.text("ja")
    assert [a[0] for a in actions_of(team) if "moeder" in a[0]] and not [a for a in actions_of(team) if "Fatima" in a[0]]


@pytest.mark.parametrize("line", ["notitie: de leerling vertelde dat zijn vader hem slaat",
                                  "besluit: moeder vertelt dat de leerling thuis wordt mishandeld, we melden"])
def test_a_meeting_line_telling_of_a_child_in_danger_gets_the_safety_answer_first_and_is_recorded(team, line):
    run(team, ["!agenda start", "aanwezig", "!volgende"])
    out = team.text(line)
    assert "Veilig Thuis" in out and out.index("Veilig Thuis") < out.index("vastgelegd bij punt 1")
    decisions, notes = decisions_and_notes(team)
    assert line.partition(": ")[2] in decisions + notes


def test_an_ordinary_meeting_note_gets_no_safety_answer(team):
    run(team, ["!agenda start", "aanwezig", "!volgende"])
    assert team.text("notitie: de leerling heeft moeite met rekenen en plannen") == "Notitie vastgelegd bij punt 1."


def test_a_held_note_and_an_action_line_in_english(app_en):
    from tests.handlers.test_meetings import SERIES_EN
    app_en.add_member("Anna", "smw")
    plan_series(app_en, SERIES_EN)
    app_en.text("!refer Z-9")
    for answer in ["question", "-", "-", "outbursts", "regulation", "-", "-", "-", "-", "-", "-", "yes"]:
        app_en.text(answer)
    app_en.services.clock.set(MEETING_TIME)
    run(app_en, ["!agenda start", "present", "!next"])
    assert "'Emma' looks like a name" in app_en.text("note: Emma cried in class")
    out = app_en.text("action: @anna plan home visit friday")
    assert "Action #" in out and "plan home visit" in out and "Your earlier line (note: …)" in out
    [(text, owner, due)] = [a for a in actions_of(app_en) if "home visit" in a[0]]
    assert text.startswith("plan home visit") and owner == "Anna" and due == "2026-12-04"
    assert decisions_and_notes(app_en)[1] == []
    assert app_en.text("the pupil cried in class") == "Note recorded for item 1."
    assert decisions_and_notes(app_en)[1] == ["the pupil cried in class"]


def test_staff_after_a_title_raise_no_alarm_in_a_meeting(team):
    run(team, ["!agenda start", "aanwezig", "!volgende"])
    assert team.text("besluit: meester Jan houdt het gedrag bij") == "Besluit vastgelegd bij punt 1."
    assert team.text("notitie: juf Fatima belt Albert Heijn") == "Notitie vastgelegd bij punt 1."
