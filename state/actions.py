"""Actions a care team agrees on: numbering, owners, changes, and who may make them.

The seed's plan of approach names who takes which action and asks the team to follow them up at the
next meeting (004:L2455-2477); the IB'er records and monitors them (003:L4034-4058). Every change goes
through here, so that reminders are replanned and the audit log written in the same transaction.
Descriptions and notes are case content: they never go into logs or audit details.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from core.i18n import t
from core.policy import ACTION_LEAD_ORDER
from core.roles import CHAIR, IB, parse_role
from state import reminders
from state.models import Action, AuditEntry, Case, Member, Team
from state.teams import find_member_by_name, first_holder, members_of, members_with_role

SELF_WORDS = frozenset({"ik", "mij", "me", "mezelf", "myself", "i"})
OPEN, DONE, CANCELLED = "open", "done", "cancelled"
AFTERCARE_MONTHS = 3          # 004:L2550-2558
NUMBER_ATTEMPTS = 8


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


# -- who may change an action (the rule itself is core.policy.may_change_action) ----------------
def who_may_change(session: Session, action: Action) -> tuple[Member | None, list[tuple[str, list[Member]]]]:
    """The owner, and per lead role the members who hold it: for the refusal that names who can."""
    owner = session.get(Member, action.owner_member_id)
    leads = [(role, members_with_role(session, action.team_id, role)) for role in ACTION_LEAD_ORDER]
    return owner, leads


# -- finding -------------------------------------------------------------------------------------
def find_owner(session: Session, team_id: int, word: str, speaker: Member | None) -> list[Member]:
    """Members a word names as owner: "ik"/"me", an @mention or user id, a display name, or a role
    held by members of the team. Empty when the word names nobody; several when it is not unique."""
    word = word.strip().rstrip(",:;")
    if not word:
        return []
    if word.casefold().removeprefix("@") in SELF_WORDS:      # "@ik" as typed in a hurry, too
        return [speaker] if speaker else []
    if word.startswith("@"):
        exact = [m for m in members_of(session, team_id) if m.user_id == word]
        if exact:
            return exact
    found = find_member_by_name(session, team_id, word)
    if found:
        return found
    role = parse_role(word)
    if role is not None:
        return members_with_role(session, team_id, role)
    return []


def get_action(session: Session, team_id: int, number: int) -> Action | None:
    return session.exec(select(Action).where(Action.team_id == team_id, Action.number == number)).first()


def open_actions(session: Session, team_id: int, *, owner_id: int | None = None, case_id: int | None = None,
                 due_before: datetime | None = None) -> list[Action]:
    query = select(Action).where(Action.team_id == team_id, Action.status == OPEN)
    if owner_id is not None:
        query = query.where(Action.owner_member_id == owner_id)
    if case_id is not None:
        query = query.where(Action.case_id == case_id)
    if due_before is not None:
        query = query.where(Action.due_at < due_before)
    return list(session.exec(query.order_by(Action.due_at, Action.number)).all())


def same_open_action(session: Session, team_id: int, *, owner_id: int, case_id: int | None,
                     description: str) -> Action | None:
    """An open action with this owner, case and wording (case and spacing aside): most likely the
    same one typed twice."""
    wording = " ".join(description.casefold().split())
    for action in open_actions(session, team_id, owner_id=owner_id):
        if action.case_id == case_id and " ".join(action.description.casefold().split()) == wording:
            return action
    return None


def needs_coordinator(session: Session, case: Case) -> bool:
    """Several open actions on a case and nobody coordinating them (004:L3165-3167, L2516-2518)."""
    return case.coordinator_member_id is None and len(open_actions(session, case.team_id, case_id=case.id)) >= 2


# -- audit -----------------------------------------------------------------------------------------
def _audit(session: Session, team_id: int, actor: str, action: str, subject: str, now: datetime, **details) -> None:
    session.add(AuditEntry(team_id=team_id, actor=actor, action=action, subject=subject, details=details, at=now))


def _case_code(session: Session, action: Action) -> str | None:
    case = session.get(Case, action.case_id) if action.case_id else None
    return case.code if case else None


# -- creating ------------------------------------------------------------------------------------
def create_action(session: Session, *, team: Team, owner: Member, description: str, due_at: datetime,
                  case: Case | None = None, created_by: Member | None = None, meeting_id: int | None = None,
                  recurrence_days: int | None = None, actor: str = "system",
                  now: datetime | None = None, date_to_confirm: bool = False) -> Action:
    """A new action with the team's next short number, its reminders and an audit entry.

    The number is the team's highest plus one; when another process takes the same number first, the
    unique constraint refuses it and the next one is tried. Callers with a Context pass
    `actor=ctx.actor, now=ctx.now()`.
    """
    now = now or utcnow()
    for _ in range(NUMBER_ATTEMPTS):
        highest = session.exec(select(func.max(Action.number)).where(Action.team_id == team.id)).one()
        action = Action(team_id=team.id, number=(highest or 0) + 1, case_id=case.id if case else None,
                        owner_member_id=owner.id, description=description.strip(), due_at=due_at,
                        recurrence_days=recurrence_days, created_by=created_by.id if created_by else None,
                        meeting_id=meeting_id, created_at=now, date_to_confirm=date_to_confirm)
        try:
            with reminders.savepoint(session):
                session.add(action)
            break
        except IntegrityError:
            continue
    else:
        raise RuntimeError("could not number a new action")
    reminders.plan_action_reminders(session, team, action, now)
    reminders.ensure_team_schedule(session, team, now)
    _audit(session, team.id, actor, "action/created", f"action:{action.number}", now,
           case=case.code if case else None, owner=owner.id, due=due_at.isoformat(),
           recurrence_days=recurrence_days, meeting=meeting_id, date_to_confirm=date_to_confirm or None)
    return action


# -- changing --------------------------------------------------------------------------------------
def complete_action(session: Session, team: Team, action: Action, *, actor: str, now: datetime) -> Action | None:
    """Done; a recurring action gets its next one (returned), due one interval after this one."""
    action.status, action.done_at = DONE, now
    session.add(action)
    reminders.plan_action_reminders(session, team, action, now)
    _audit(session, team.id, actor, "action/done", f"action:{action.number}", now, case=_case_code(session, action))
    if not action.recurrence_days:
        return None
    interval = timedelta(days=action.recurrence_days)
    due = action.due_at + interval
    while due <= now:      # done long after the due date: the next one still lies ahead
        due += interval
    owner = session.get(Member, action.owner_member_id)
    case = session.get(Case, action.case_id) if action.case_id else None
    return create_action(session, team=team, owner=owner, description=action.description, due_at=due, case=case,
                         created_by=None, meeting_id=action.meeting_id, recurrence_days=action.recurrence_days,
                         actor=actor, now=now)


def reopen_action(session: Session, team: Team, action: Action, *, actor: str, now: datetime) -> None:
    action.status, action.done_at = OPEN, None
    session.add(action)
    reminders.plan_action_reminders(session, team, action, now)
    reminders.ensure_team_schedule(session, team, now)
    _audit(session, team.id, actor, "action/reopened", f"action:{action.number}", now)


def cancel_action(session: Session, team: Team, action: Action, *, actor: str, now: datetime) -> None:
    action.status = CANCELLED
    session.add(action)
    reminders.plan_action_reminders(session, team, action, now)
    _audit(session, team.id, actor, "action/cancelled", f"action:{action.number}", now)


def reschedule_action(session: Session, team: Team, action: Action, due_at: datetime, *, actor: str,
                      now: datetime) -> None:
    action.due_at = due_at
    action.date_to_confirm = False      # a date set by hand is a confirmed date
    session.add(action)
    reminders.plan_action_reminders(session, team, action, now)
    _audit(session, team.id, actor, "action/rescheduled", f"action:{action.number}", now, due=due_at.isoformat())


def reassign_action(session: Session, team: Team, action: Action, owner: Member, *, actor: str,
                    now: datetime) -> None:
    action.owner_member_id = owner.id
    session.add(action)
    reminders.plan_action_reminders(session, team, action, now)
    _audit(session, team.id, actor, "action/reassigned", f"action:{action.number}", now, owner=owner.id)


def reword_action(session: Session, team: Team, action: Action, description: str, *, actor: str,
                  now: datetime) -> None:
    """A new description (an edited `actie:` line); the reminders read it when they are sent."""
    action.description = description.strip()
    session.add(action)
    reminders.plan_action_reminders(session, team, action, now)
    _audit(session, team.id, actor, "action/reworded", f"action:{action.number}", now)


def snooze(session: Session, team: Team, action: Action, until: datetime, *, actor: str, now: datetime) -> datetime:
    moment = reminders.snooze_action(session, team, action, until)
    _audit(session, team.id, actor, "action/snoozed", f"action:{action.number}", now, until=moment.isoformat())
    return moment


def add_note(session: Session, team: Team, action: Action, text: str, *, author: Member | None, actor: str,
             now: datetime) -> None:
    # A new list: the JSON column only notices a change when it gets a new, unequal value.
    action.notes = [*action.notes, {"at": now.isoformat(), "by": author.id if author else None, "text": text.strip()}]
    session.add(action)
    _audit(session, team.id, actor, "action/noted", f"action:{action.number}", now)


def set_coordinator(session: Session, team: Team, case: Case, member: Member, *, actor: str, now: datetime) -> None:
    case.coordinator_member_id = member.id
    session.add(case)
    _audit(session, team.id, actor, "case/coordinator_set", f"case:{case.code}", now, member=member.id)


# -- seed rules ------------------------------------------------------------------------------------
def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def aftercare_owner(session: Session, team: Team, case: Case) -> Member | None:
    """The case coordinator; else the IB'er, who makes sure feedback reaches teachers and parents
    (003:L4034-4058); else the chair."""
    if case.coordinator_member_id:
        member = session.get(Member, case.coordinator_member_id)
        if member is not None and member.active:
            return member
    return first_holder(session, team.id, (IB, CHAIR))


def aftercare_due(team: Team, after: date) -> datetime:
    """Three months after the last discussion (004:L2550-2558), on a working day, end of the day."""
    settings, tz = reminders.ReminderSettings.of(team), ZoneInfo(team.timezone)
    day = add_months(after, AFTERCARE_MONTHS)
    while not settings.is_working_day(day):
        day += timedelta(days=1)
    return datetime.combine(day, time(17, 0), tzinfo=tz)


def aftercare_description(team: Team) -> str:
    return t("action.aftercare_description", team.language)


def create_aftercare_action(session: Session, team: Team, case: Case, *, after: date,
                            description: str | None = None, owner: Member | None = None, created_by: Member | None = None,
                            actor: str = "system", now: datetime | None = None) -> Action | None:
    """The aftercare contact with teacher and parents three months after a case's last discussion
    (004:L2550-2558). The description defaults to the catalog's, in the team's language. None when the
    team has nobody to own it."""
    owner = owner or aftercare_owner(session, team, case)
    if owner is None:
        return None
    return create_action(session, team=team, owner=owner, description=description or aftercare_description(team),
                         due_at=aftercare_due(team, after), case=case, created_by=created_by,
                         actor=actor, now=now)
