"""!aanmelden brings a case in with the seed's fields and the consent check; !agenda shows, reorders,
adds and drops; the scheduler sends the agenda three working days before and on the morning itself,
with names only where consent allows; follow-up cases come back by themselves.

The clock stands on Wednesday 25 November 2026, 09:30 in Amsterdam; the series starts Tuesday 1 December.
"""
from __future__ import annotations

import re

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from bot.scheduler import advance_and_deliver
from state.models import Action, AgendaItem, AuditEntry, Case, Consent
from tests.handlers.test_meetings import plan_series, register_quickly
from tests.conftest import SentReplies

AMS = ZoneInfo("Europe/Amsterdam")
FULL_ANSWERS = ["Hoe ga ik om met zijn driftbuien?", "Wat kunnen we thuis doen?", "Hij wil meer rust",
                "Driftbuien in de klas", "Prikkelverwerking", "Snel overprikkeld", "Verhuizing", "Grote groep",
                "Sportief", "Gesprekken, weinig effect", "Geen extra handen", "ja"]




@pytest.fixture
def team(app):
    app.add_member("Ilse", "ib")
    app.add_member("Anna", "smw")
    app.add_member("Piet", "jgz")
    plan_series(app)
    return app


def allow_naming(app, code):
    with app.services.db.session() as session:
        case = session.exec(select(Case).where(Case.code == code)).first()
        if case is None:
            case = Case(team_id=app.team_id, code=code)
            session.add(case)
            session.flush()
        session.add(Consent(case_id=case.id, option="written_consent", given_by="parents"))


def items(app):
    with app.services.db.session() as session:
        return list(session.exec(select(AgendaItem).order_by(AgendaItem.meeting_id, AgendaItem.position)).all())


# -- registering ---------------------------------------------------------------------------------------------
def test_a_required_field_takes_no_dash_and_the_question_stays(team):
    team.text("!aanmelden Z-17", "Ilse")
    out = team.text("-", "Ilse")
    assert "Deze vraag is verplicht" in out and "hulpvraag" in out.lower()
    assert "hulpvraag van de ouders" in team.text("Hoe gaan we om met zijn boosheid?", "Ilse")
    assert "hulpvraag van de ouders" not in team.text("-", "Ilse")     # optional: skipped


def test_the_registration_asks_the_seeds_fields_and_stores_them_on_the_agenda(team):
    allow_naming(team, "Z-17")
    team.text("!aanmelden Z-17", "Ilse")
    prompts = [team.text(answer, "Ilse") for answer in FULL_ANSWERS[:-1]]
    assert "Wat is de hulpvraag van de ouders?" in prompts[0]
    assert "Wat is de vraag van de leerling (waar mogelijk)?" in prompts[1]
    assert "Kindfactoren?" in prompts[4] and "Gezinsfactoren?" in prompts[5] and "Schoolfactoren?" in prompts[6]
    assert "Sterke kanten en kansen?" in prompts[7]
    assert "Wat is al gedaan, en met welk resultaat?" in prompts[8]
    assert "mogelijkheden en grenzen van de school" in prompts[9]
    assert "Toestemming: Z-17 mag op naam op de agenda." in prompts[10]
    out = team.text("ja", "Ilse")
    assert "Aangemeld voor het overleg van dinsdag 1 december, 14:00: punt 1, Z-17 (nieuw)." in out
    [item] = items(team)
    assert item.meeting_id == 1 and item.kind == "new"
    assert item.brief["question_pupil"] == "Hij wil meer rust" and item.brief["school_limits"] == "Geen extra handen"
    with team.services.db.session() as session:
        audit = session.exec(select(AuditEntry).where(AuditEntry.action == "meeting/registered")).one()
        assert audit.subject == "case:Z-17" and audit.details["named"] is True
        assert "Driftbuien in de klas" not in str(audit.details)          # no case content in the log


def test_without_consent_the_case_goes_on_anonymously(team):
    out = register_quickly(team, "Z-20", "Anna")
    assert "anonieme casus A (nieuw)" in out and "Z-20" not in out
    assert "Er is geen toestemming vastgelegd" in out


def test_the_ibers_talk_with_the_parents_before_the_meeting_is_an_action(team):
    out = register_quickly(team, "Z-20", "Anna")
    assert "Ilse: vóór het overleg een gesprek met de ouders (003:L2360-2370). Actie #1, uiterlijk dinsdag " \
           "1 december, 14:00." in out
    replies = team.say("!acties ilse")
    assert "Gesprek met de ouders vóór het overleg" in replies[0].text
    # A second registration of the same case does not plan the talk twice.
    assert "staat al: actie #1 van Ilse" in register_quickly(team, "Z-20", "Anna")
    with team.services.db.session() as session:
        assert len(session.exec(select(Action)).all()) == 1


def test_a_zat_also_asks_the_zorgteams_analysis(team):
    with team.services.db.session() as session:
        from state.models import Team
        session.get(Team, team.team_id).kind = "zat"
    team.text("!aanmelden Z-3")
    for answer in ["vraag", "-", "-", "reden", "kern", "-", "-", "-", "-", "-"]:
        out = team.text(answer)
    assert "Wat is de analyse van het zorgteam" in team.text("-")


def test_answers_stay_brief(team):
    team.text("!aanmelden Z-3")
    assert "geen hele dossiers (004:L2260-2262)" in team.text("x" * 1200)


def test_registration_without_a_planned_meeting_says_how_to_plan(app):
    assert "Er is nog geen overleg gepland. Plannen: !overleg plan" in app.text("!aanmelden Z-17")


def test_a_code_that_looks_like_a_name_is_refused(team):
    out = team.text("!aanmelden Jantje")
    assert "Casus aanmelden" not in out


def test_the_registration_in_english(app_en):
    from tests.handlers.test_meetings import SERIES_EN
    app_en.add_member("Ilse", "ib")
    plan_series(app_en, SERIES_EN)
    app_en.text("!refer Z-9")
    assert "What is the parents' question for help?" in app_en.text("How do I handle the outbursts?")
    for answer in ["-", "-", "outbursts", "regulation", "-", "-", "-", "-", "-"]:
        app_en.text(answer)
    assert "Consent: the case goes on the agenda anonymously." in app_en.text("-")
    out = app_en.text("yes")
    assert "Registered for the meeting of Tuesday 1 December, 14:00: item 1, anonymous case A (new)." in out


# -- the agenda ---------------------------------------------------------------------------------------------------
def test_the_agenda_shows_the_brief_with_names_only_where_allowed(team):
    allow_naming(team, "Z-17")
    register_quickly(team, "Z-17", "Ilse")
    register_quickly(team, "Z-20", "Anna")
    [reply] = team.say("!agenda", "Piet")
    assert reply.privacy == "full"
    assert "Agenda Zorgteam De Wilgen · dinsdag 1 december, 14:00 · Teamkamer" in reply.text
    assert "1. Z-17 (nieuw)" in reply.text and "2. anonieme casus B (nieuw)" in reply.text
    assert "Z-20" not in reply.text
    assert "Aanleiding: driftbuien" in reply.text and "Aangemeld door Anna" in reply.text
    # Where only codes may travel: the list without the brief.
    assert "1. Z-17 (nieuw)" in reply.withheld_text and "driftbuien" not in reply.withheld_text


def test_consent_withdrawn_after_registration_anonymises_the_item(team):
    allow_naming(team, "Z-17")
    register_quickly(team, "Z-17", "Ilse")
    with team.services.db.session() as session:
        case = session.exec(select(Case).where(Case.code == "Z-17")).one()
        session.add(Consent(case_id=case.id, event="withdrawal", given_by="parents",
                            recorded_at=datetime.now(timezone.utc) + timedelta(seconds=1)))
    text = team.text("!agenda")
    assert "1. anonieme casus A (nieuw)" in text and "Z-17" not in text


def test_the_lead_roles_reorder_add_and_drop(team):
    register_quickly(team, "Z-1", "Ilse")
    register_quickly(team, "Z-2", "Ilse")
    out = team.text("!agenda toevoegen jaarevaluatie van het team", "Ilse")
    assert "3. jaarevaluatie van het team (overig)" in out
    out = team.text("!agenda verplaats 3 1", "Ilse")
    assert out.index("1. jaarevaluatie") < out.index("2. anonieme casus") < out.index("3. anonieme casus")
    out = team.text("!agenda schrap 1")
    assert "jaarevaluatie" not in out
    assert "Punt 7 staat niet op de agenda." in team.text("!agenda schrap 7")
    assert "voorzitter" in team.text("!agenda schrap 1", "Anna")                 # not a lead role
    assert "staat al op de agenda" in team.text("!agenda toevoegen Z-1")


def test_follow_up_cases_come_back_on_the_next_agenda_marked_as_follow_up(team):
    register_quickly(team, "Z-17", "Ilse")
    team.services.clock.set(datetime(2026, 12, 1, 13, 0, tzinfo=timezone.utc))
    for line in ["!agenda start", "!volgende", "actie: Anna huisbezoek Z-17 vrijdag 18 december",
                 "!volgende punt", "!agenda sluit", "ja"]:
        team.text(line)
    # The next meeting: Z-17 returns as follow-up (evaluation at the next meeting, open agreed action).
    text = team.text("!agenda")
    assert "Agenda Zorgteam De Wilgen · dinsdag 22 december, 14:00" in text
    assert "1. anonieme casus A (vervolg) · 4 open acties, waarvan 1 over tijd" in text   # the talk before is late
    assert "Evaluatie: de afgesproken vervolgdatum is bereikt." in text
    # Dropped, it stays dropped.
    team.text("!agenda schrap 1")
    assert "anonieme casus" not in team.text("!agenda")


# -- the agenda as sent -------------------------------------------------------------------------------------------
async def test_the_agenda_is_sent_three_working_days_before_and_on_the_morning(team):
    allow_naming(team, "Z-17")
    register_quickly(team, "Z-17", "Ilse")
    register_quickly(team, "Z-20", "Anna")
    transport = SentReplies()
    await advance_and_deliver(team.services, {"console": transport}, timedelta(days=7))
    agendas = [r for r in transport.sent if r.text.startswith(("Agenda voor het overleg", "Vandaag overleg"))]
    assert [r.text.splitlines()[0][:40] for r in agendas] == \
        ["Agenda voor het overleg van Zorgteam De ", "Vandaag overleg van Zorgteam De Wilgen: "]
    sent, morning = agendas
    assert "dinsdag 1 december, 14:00 · Teamkamer" in sent.text
    assert "(004:L3135-3143)" in sent.text
    assert "1. Z-17 (nieuw)" in sent.text and "2. anonieme casus B (nieuw)" in sent.text and "Z-20" not in sent.text
    assert sent.privacy == "full" and "driftbuien" in sent.text and "driftbuien" not in sent.withheld_text
    assert sorted(sent.mentions) == ["anna", "chair", "ilse", "piet"]
    from state.models import Reminder
    with team.services.db.session() as session:
        rows = {r.kind: r for r in session.exec(select(Reminder).where(Reminder.meeting_id == 1)).all()}
        assert rows["agenda"].sent_at.astimezone(AMS).strftime("%a %d-%m %H:%M") == "Thu 26-11 08:30"
        assert rows["agenda_morning"].sent_at.astimezone(AMS).strftime("%a %d-%m %H:%M") == "Tue 01-12 08:30"


async def test_an_invitation_queued_from_a_direct_chat_reaches_the_team_room(team):
    from core.messages import Inbound
    for line in ["!overleg plan", "donderdag 3 december 9:00", "eenmalig", "-", "ja"]:
        team.router.turn(Inbound(transport="console", room_id="dm", user_id="chair", text=line, is_direct=True))
    transport = SentReplies()
    await advance_and_deliver(team.services, {"console": transport}, timedelta(minutes=1))
    [invite] = [r for r in transport.sent if r.text.startswith("Uitnodiging")]
    assert "donderdag 3 december, 09:00" in invite.text and re.fullmatch(r"overleg-\d+\.ics", invite.attachment[0])


async def test_a_cancelled_meeting_sends_no_agenda(team):
    team.text("!overleg annuleer 1")
    team.text("ja")
    transport = SentReplies()
    await advance_and_deliver(team.services, {"console": transport}, timedelta(days=7))
    assert not [r for r in transport.sent if "1 december" in r.text and r.text.startswith("Agenda")]


def test_once_the_meeting_is_under_way_registrations_go_to_the_next_one(team):
    team.services.clock.set(datetime(2026, 12, 1, 13, 30, tzinfo=timezone.utc))
    assert "overleg van dinsdag 22 december, 14:00" in register_quickly(team, "Z-30", "Anna")


def test_the_teams_registration_deadline_moves_a_late_registration_on(team):
    with team.services.db.session() as session:
        from state.models import Team
        row = session.get(Team, team.team_id)
        row.settings = {**row.settings, "case_deadline_days": 5}
    out = team.text("!aanmelden Z-30", "Anna")
    assert "casussen 5 werkdagen voor het overleg binnen zijn (004:L2254-2256); deze aanmelding is voor " \
           "het overleg daarna: dinsdag 22 december, 14:00." in out
    team.text("stop", "Anna")
    assert "overleg van dinsdag 22 december, 14:00" in register_quickly(team, "Z-30", "Anna")


def test_a_late_registration_offers_the_meeting_anyway_as_the_chairs_decision(team):
    with team.services.db.session() as session:
        from state.models import Team
        row = session.get(Team, team.team_id)
        row.settings = {**row.settings, "case_deadline_days": 5}
    out = team.text("!aanmelden Z-30", "Anna")
    assert "deze aanmelding is voor het overleg daarna: dinsdag 22 december, 14:00." in out
    assert "Toch naar het overleg van dinsdag 1 december, 14:00? Dat beslist de voorzitter: !aanmelden Z-30 1." in out
    team.text("stop", "Anna")
    refused = team.text("!aanmelden Z-30 1", "Anna")
    assert "alleen de voorzitter zet er nu nog een casus op" in refused
    assert "overleg van dinsdag 1 december, 14:00" in register_quickly_for(team, "Z-30 1", "chair")
    with team.services.db.session() as session:
        from state.models import AuditEntry
        assert session.exec(select(AuditEntry).where(AuditEntry.action == "meeting/late_registration")).first()


def test_a_late_registration_in_english(app_en):
    from tests.handlers.test_meetings import SERIES_EN
    plan_series(app_en, SERIES_EN)
    with app_en.services.db.session() as session:
        from state.models import Team
        row = session.get(Team, app_en.team_id)
        row.settings = {**row.settings, "case_deadline_days": 5}
    app_en.services.clock.set(datetime(2026, 11, 27, 9, 0, tzinfo=timezone.utc))
    app_en.add_member("Anna", "smw")
    out = app_en.text("!refer Z-30", "Anna")
    assert "The meeting of Tuesday 1 December, 14:00 anyway? That is the chair's decision: !refer Z-30 1." in out
    app_en.text("stop", "Anna")
    asked = app_en.text("!refer Z-31")                        # the chair decides in the registration itself
    assert "as chair you can put it on the meeting of Tuesday 1 December, 14:00 anyway" in asked
    assert "the first meeting anyway (chair's decision)" in asked
    app_en.text("anyway")
    out = ""
    for answer in ["tantrums", "-", "-", "tantrums", "regulation", "-", "-", "-", "-", "-", "-", "yes"]:
        out = app_en.text(answer)
    assert "Tuesday 1 December, 14:00" in out


def test_after_the_deadline_the_chair_chooses_the_meeting_in_the_registration(team):
    with team.services.db.session() as session:
        from state.models import Team
        row = session.get(Team, team.team_id)
        row.settings = {**row.settings, "case_deadline_days": 5}
    asked = team.text("!aanmelden Z-30")
    assert "Voor welk overleg? Zonder jouw besluit gaat de aanmelding naar het overleg daarna " \
           "(dinsdag 22 december, 14:00); als voorzitter kun je hem toch op het overleg van dinsdag 1 december, " \
           "14:00 zetten." in asked
    assert "Dat beslist de voorzitter" not in asked          # the chair is not sent to a command
    out = ""
    for answer in ["2", "hoe ga ik om met driftbuien", "-", "-", "driftbuien", "regulatie",
                   "-", "-", "-", "-", "-", "-"]:
        out = team.text(answer)
    assert "Aanmelding voor het overleg van dinsdag 1 december, 14:00" in out      # the summary follows the choice
    assert "overleg van dinsdag 1 december, 14:00" in team.text("ja")
    with team.services.db.session() as session:
        from state.models import AuditEntry
        assert session.exec(select(AuditEntry).where(AuditEntry.action == "meeting/late_registration")).first()
    team.text("!aanmelden Z-31")
    for answer in ["het overleg daarna", "hoe ga ik om met driftbuien", "-", "-", "driftbuien", "regulatie",
                   "-", "-", "-", "-", "-", "-"]:
        out = team.text(answer)
    assert "Aanmelding voor het overleg van dinsdag 22 december, 14:00" in out


def register_quickly_for(app, args, user):
    app.text(f"!aanmelden {args}", user)
    out = ""
    for answer in ["hoe ga ik om met driftbuien", "-", "-", "driftbuien", "regulatie",
                   "-", "-", "-", "-", "-", "-", "ja"]:
        out = app.text(answer, user)
    return out


# -- issue 16, item 4: the chair sees which code is behind an anonymous label, only where it is encrypted ----
def test_the_code_behind_an_anonymous_label_is_for_the_chair_in_an_encrypted_room_only(team):
    register_quickly(team, "Z-17", "Ilse")
    registered = register_quickly(team, "Z-23", "Anna")
    assert "anonieme casus B" in registered                 # the registration names the case's letter
    agenda = team.text("!agenda")
    assert "anonieme casus A" in agenda and "anonieme casus B" in agenda and "Z-17" not in agenda
    codes = team.text("!agenda codes")
    assert "- anonieme casus A: Z-17" in codes and "- anonieme casus B: Z-23" in codes
    assert "In de agenda en het verslag blijven ze anoniem." in codes
    for member in ("Ilse", "Anna"):                          # not for the other members
        refused = team.text("!agenda codes", member)
        assert "ziet alleen wie het overleg leidt: chair" in refused
        assert "Z-17" not in refused and "Z-23" not in refused
    unencrypted = team.text("!agenda codes", encrypted=False)  # not even the chair, where it is not encrypted
    assert "versleuteld" in unencrypted and "Z-17" not in unencrypted and "Z-23" not in unencrypted
    team.text("!agenda delegeer Anna")                       # whoever the chair delegates to, may
    assert "- anonieme casus B: Z-23" in team.text("!agenda codes", "Anna")
    with team.services.db.session() as session:
        shown = session.exec(select(AuditEntry).where(AuditEntry.action == "meeting/codes_shown")).all()
    assert [e.subject.split(":")[0] for e in shown] == ["meeting", "meeting"]   # each look is audited


def test_no_anonymous_case_no_codes(team):
    allow_naming(team, "Z-40")
    register_quickly(team, "Z-40", "Ilse")
    out = team.text("!agenda codes")
    assert "geen anonieme casussen" in out


def test_codes_in_english(app_en):
    plan_series(app_en, ["!meeting plan", "Tuesday 1 December 14:00", "every 3 weeks", "Staff room", "yes"])
    app_en.text("!refer Z-17")       # the English command: a Dutch one (!aanmelden) would be answered in Dutch
    for answer in ["how do I handle his tantrums", "-", "-", "tantrums", "regulation", "-", "-", "-", "-", "-", "-",
                   "yes"]:
        app_en.text(answer)
    out = app_en.text("!agenda codes")
    assert "- anonymous case A: Z-17" in out and "They stay anonymous in the agenda and the minutes." in out


def test_after_the_meeting_the_codes_follow_its_minutes_letters(team):
    register_quickly(team, "Z-17", "Ilse")
    register_quickly(team, "Z-23", "Anna")
    codes = team.text("!agenda codes 1")
    team.services.clock.set(datetime(2026, 12, 1, 13, 0, tzinfo=timezone.utc))
    for line in ("!agenda start", "!volgende", "besluit: eerst een huisbezoek", "!agenda sluit", "ja"):
        minutes = team.text(line)
    assert "anonieme casus B" in minutes                                      # moved on, by its letter
    assert team.text("!agenda codes 1") == codes                             # the same letters after the close


def test_an_anonymous_case_reads_the_same_in_the_agenda_and_the_action_list(team):
    team.text("!actie ilse gesprek met de leerkracht Z-17 vrijdag")
    team.text("!actie anna huisbezoek Z-23 vrijdag")
    register_quickly(team, "Z-23", "Anna")                  # alone on this agenda, still its own letter
    agenda = team.text("!agenda")
    assert "1. anonieme casus B (nieuw)" in agenda and "Z-23" not in agenda
    listing = team.text("!acties team")
    assert "huisbezoek (anonieme casus B)" in listing and "gesprek met de leerkracht (anonieme casus A)" in listing
    assert "- anonieme casus B: Z-23" in team.text("!agenda codes")
    assert "Z-23" not in listing and "Z-17" not in listing
