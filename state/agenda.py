"""The agenda of a meeting: registrations, follow-up cases, order, and what is recorded per item.

Each meeting mixes new and follow-up cases (004:L2538-2542, L3169-3173). A case comes back as follow-up
when the evaluation date set at its last discussion has come, or when an action agreed at a meeting fell
due since that discussion: at the next meeting progress is reviewed (004:L2473-2477). Follow-ups are
added to the team's next meeting only, when its agenda is built; a dropped item stays as a row (status
"dropped"), so it is not added again.

An item's `brief` holds the registration (the seed's fields, 004:L2358-2415); its `notes` what was
recorded during the meeting: decisions, notes per step, a summary, the plan of approach (contact
person, who reports back, verwijsindex) and the follow-up date. Both are case content: never logged.
"""
from __future__ import annotations

import copy
from datetime import date, datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from state import meetings as plans
from state.models import Action, AgendaItem, Case, Meeting, Team

NEW, FOLLOW_UP, OTHER = "new", "follow_up", "other"
OPEN, DISCUSSED, MOVED, DROPPED = "open", "discussed", "moved", "dropped"
ACTIVE = (OPEN, DISCUSSED)
#: the steps per kind of item: the seed's script for a new case (004:L2425-2467); a follow-up reviews
#: progress and adjusts the plan (004:L2473-2477)
PHASES = {NEW: ("round", "analysis", "directions", "plan"), FOLLOW_UP: ("progress", "plan"), OTHER: ("discussion",)}
NEXT_MEETING, NO_FOLLOW_UP = "next", "none"


def phases(item: AgendaItem) -> tuple[str, ...]:
    return PHASES.get(item.kind, PHASES[OTHER]) if item.case_id else PHASES[OTHER]


# -- reading -------------------------------------------------------------------------------------------------
def items(session: Session, meeting_id: int, *, active_only: bool = True) -> list[AgendaItem]:
    query = select(AgendaItem).where(AgendaItem.meeting_id == meeting_id)
    if active_only:
        query = query.where(AgendaItem.status.in_(ACTIVE))
    return list(session.exec(query.order_by(AgendaItem.position, AgendaItem.id)).all())


def item_by_number(session: Session, meeting_id: int, number: int) -> AgendaItem | None:
    """The item as numbered on the agenda (1 = first active item)."""
    found = items(session, meeting_id)
    return found[number - 1] if 1 <= number <= len(found) else None


def number_of(session: Session, item: AgendaItem) -> int:
    found = items(session, item.meeting_id)
    return next((index for index, other in enumerate(found, start=1) if other.id == item.id), 0)


def case_item(session: Session, meeting_id: int, case_id: int) -> AgendaItem | None:
    return session.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id,
                                                 AgendaItem.case_id == case_id)).first()


def next_position(session: Session, meeting_id: int) -> int:
    highest = session.exec(select(func.max(AgendaItem.position)).where(AgendaItem.meeting_id == meeting_id)).one()
    return (highest or 0) + 1


def was_discussed(session: Session, case_id: int, before: Meeting | None = None) -> bool:
    query = select(AgendaItem.id).join(Meeting, Meeting.id == AgendaItem.meeting_id).where(
        AgendaItem.case_id == case_id, AgendaItem.status == DISCUSSED)
    if before is not None:
        query = query.where(Meeting.id != before.id)
    return session.exec(query).first() is not None


# -- changing ------------------------------------------------------------------------------------------------
def add_item(session: Session, meeting: Meeting, *, kind: str, case: Case | None = None, brief: dict | None = None,
             submitted_by: int | None = None, notes: dict | None = None, now: datetime | None = None) -> AgendaItem:
    item = AgendaItem(meeting_id=meeting.id, case_id=case.id if case else None, kind=kind, status=OPEN,
                      position=next_position(session, meeting.id), brief=brief or {}, notes=notes or {},
                      submitted_by=submitted_by)
    if now is not None:
        item.created_at = now
    session.add(item)
    session.flush()
    return item


def register(session: Session, meeting: Meeting, case: Case, brief: dict, member_id: int | None,
             now: datetime) -> tuple[AgendaItem, bool]:
    """A registration on the meeting's agenda; a second one for the same case replaces the brief.
    Returns (item, whether it replaced an earlier registration)."""
    existing = case_item(session, meeting.id, case.id)
    if existing is not None and existing.status in ACTIVE:
        existing.brief, existing.submitted_by = dict(brief), member_id
        session.add(existing)
        return existing, True
    kind = FOLLOW_UP if was_discussed(session, case.id, meeting) else NEW
    if existing is not None:         # dropped or moved before: back on the agenda
        existing.status, existing.kind, existing.brief = OPEN, kind, dict(brief)
        existing.submitted_by, existing.position = member_id, next_position(session, meeting.id)
        session.add(existing)
        return existing, False
    return add_item(session, meeting, kind=kind, case=case, brief=brief, submitted_by=member_id, now=now), False


def move_to(session: Session, item: AgendaItem, position: int) -> None:
    """Put the item at this place on the agenda (1 = first)."""
    found = [other for other in items(session, item.meeting_id) if other.id != item.id]
    position = max(1, min(position, len(found) + 1))
    found.insert(position - 1, item)
    for index, other in enumerate(found, start=1):
        if other.position != index:
            other.position = index
            session.add(other)


def drop(session: Session, item: AgendaItem) -> None:
    item.status = DROPPED
    session.add(item)


def note(item: AgendaItem, field: str, value: Any, *, append: bool = False) -> None:
    """Record on the item; a new dict, so the JSON column notices the change."""
    notes = copy.deepcopy(item.notes or {})
    if append:
        notes.setdefault(field, []).append(value)
    else:
        notes[field] = value
    item.notes = notes


def decisions(session: Session, meeting_id: int) -> list[tuple[AgendaItem, int, dict]]:
    """Every decision of the meeting in agenda order as (item, index on the item, entry): the list
    the chair corrects by number (1 = the first decision of the meeting)."""
    return [(item, index, entry) for item in items(session, meeting_id)
            for index, entry in enumerate((item.notes or {}).get("decisions", []))]


def edit_decision(item: AgendaItem, index: int, text: str, *, by: int, at: str) -> None:
    notes = copy.deepcopy(item.notes or {})
    notes["decisions"][index] = {**notes["decisions"][index], "text": text, "edited_by": by, "edited_at": at}
    item.notes = notes


def remove_decision(item: AgendaItem, index: int) -> None:
    notes = copy.deepcopy(item.notes or {})
    del notes["decisions"][index]
    item.notes = notes


def typed(session: Session, meeting_id: int, field: str) -> list[tuple[AgendaItem, int, dict]]:
    """Every entry of one kind typed during the meeting ("decisions", "notes"), in agenda order, as
    (item, index on the item, entry)."""
    return [(item, index, entry) for item in items(session, meeting_id)
            for index, entry in enumerate((item.notes or {}).get(field, []))]


def typed_from_event(session: Session, meeting_id: int, field: str, event_id: str):
    """(number in the meeting, (item, index, entry)) of the entry typed in this event, or None."""
    for number, found in enumerate(typed(session, meeting_id, field), start=1):
        if event_id and found[2].get("event") == event_id:
            return number, found
    return None


def edit_typed(item: AgendaItem, field: str, index: int, text: str, *, by: int, at: str) -> None:
    notes = copy.deepcopy(item.notes or {})
    notes[field][index] = {**notes[field][index], "text": text, "edited_by": by, "edited_at": at}
    item.notes = notes


def remove_typed(item: AgendaItem, field: str, index: int) -> None:
    notes = copy.deepcopy(item.notes or {})
    del notes[field][index]
    item.notes = notes


def set_plan(item: AgendaItem, field: str, value: Any) -> None:
    notes = copy.deepcopy(item.notes or {})
    notes.setdefault("plan", {})[field] = value
    item.notes = notes


# -- follow-up and carrying over -------------------------------------------------------------------------------
def _day(value: str | None) -> date | None:
    if not value or value in (NEXT_MEETING, NO_FOLLOW_UP):
        return None
    return date.fromisoformat(value[:10])


def follow_up_cases(session: Session, team: Team, meeting: Meeting) -> dict[int, str]:
    """case id -> why ("evaluation" or "actions") for the cases due to come back at this meeting."""
    day = plans.meeting_day(meeting, team)
    due: dict[int, str] = {}
    # The newest discussion of each case decides its evaluation date.
    latest: dict[int, tuple[datetime, dict, int]] = {}
    discussed = session.exec(select(AgendaItem.case_id, AgendaItem.notes, Meeting.starts_at, Meeting.id).join(
        Meeting, Meeting.id == AgendaItem.meeting_id).where(
        Meeting.team_id == team.id, Meeting.status == plans.CLOSED, AgendaItem.status == DISCUSSED,
        AgendaItem.case_id.is_not(None), Meeting.starts_at < plans.aware(meeting.starts_at))).all()
    for case_id, notes, starts_at, meeting_id in discussed:
        starts_at = plans.aware(starts_at)
        if case_id not in latest or starts_at > latest[case_id][0]:
            latest[case_id] = (starts_at, notes or {}, meeting_id)
    for case_id, (_, notes, meeting_id) in latest.items():
        follow_up = notes.get("follow_up")
        if follow_up == NEXT_MEETING:
            following = plans.following_meeting(session, session.get(Meeting, meeting_id))
            if following is None or following.id == meeting.id or plans.meeting_day(following, team) <= day:
                due[case_id] = "evaluation"
        elif _day(follow_up) is not None and _day(follow_up) <= day:
            due[case_id] = "evaluation"
    # Actions agreed at a meeting and due by this one are reviewed here.
    # Actions agreed at a meeting that fell due since the case was last discussed are reviewed here;
    # one already due at that discussion was reviewed there.
    action_cases = session.exec(select(Action.case_id, func.max(Action.due_at)).where(
        Action.team_id == team.id, Action.status == "open", Action.meeting_id.is_not(None),
        Action.meeting_id != meeting.id, Action.case_id.is_not(None),
        Action.due_at <= plans.aware(meeting.starts_at)).group_by(Action.case_id)).all()
    for case_id, last_due in action_cases:
        reviewed = latest.get(case_id)
        if reviewed is None or reviewed[0] < plans.aware(last_due):
            due.setdefault(case_id, "actions")
    if not due:
        return due
    open_cases = set(session.exec(select(Case.id).where(Case.id.in_(list(due)), Case.status == "open")).all())
    return {case_id: why for case_id, why in due.items() if case_id in open_cases}


def sync(session: Session, team: Team, meeting: Meeting, now: datetime) -> list[AgendaItem]:
    """Bring the team's next meeting up to date: items waiting from an earlier meeting, then the
    follow-up cases. Only for the next meeting (running or first planned); returns what was added."""
    upcoming = plans.next_meeting(session, team, now)
    if upcoming is None or upcoming.id != meeting.id:
        return []
    added = adopt_waiting(session, team, meeting)
    on_agenda = {case_id for case_id in session.exec(select(AgendaItem.case_id).where(
        AgendaItem.meeting_id == meeting.id, AgendaItem.case_id.is_not(None))).all()}
    for case_id, why in sorted(follow_up_cases(session, team, meeting).items()):
        if case_id in on_agenda:
            continue
        case = session.get(Case, case_id)
        added.append(add_item(session, meeting, kind=FOLLOW_UP, case=case, notes={"reason": why}, now=now))
    return added


def adopt_waiting(session: Session, team: Team, meeting: Meeting) -> list[AgendaItem]:
    """Items moved from a closed or cancelled meeting while no later meeting was planned."""
    waiting = session.exec(select(AgendaItem).join(Meeting, Meeting.id == AgendaItem.meeting_id).where(
        Meeting.team_id == team.id, Meeting.id != meeting.id, AgendaItem.status == MOVED)).all()
    added = []
    for item in waiting:
        if (item.notes or {}).get("moved_to") is not None:
            continue
        added.append(_copy_to(session, item, meeting))
    return added


def _copy_to(session: Session, item: AgendaItem, target: Meeting) -> AgendaItem:
    existing = case_item(session, target.id, item.case_id) if item.case_id else None
    if existing is not None:
        if existing.status not in ACTIVE:
            existing.status = OPEN
        if item.brief and not existing.brief:
            existing.brief = dict(item.brief)
        session.add(existing)
        copy_item = existing
    else:
        copy_item = add_item(session, target, kind=item.kind, brief=dict(item.brief),
                             submitted_by=item.submitted_by, notes={"moved_from": item.meeting_id})
        copy_item.case_id = item.case_id
        session.add(copy_item)
    note(item, "moved_to", target.id)
    session.add(item)
    return copy_item


def carry_over(session: Session, team: Team, meeting: Meeting, *, include_discussed: bool = False
               ) -> tuple[Meeting | None, list[AgendaItem]]:
    """Move the meeting's open items to the next planned meeting (or let them wait for one)."""
    target = plans.following_meeting(session, meeting)
    moving = [item for item in items(session, meeting.id) if item.status == OPEN or include_discussed]
    for item in moving:
        item.status = MOVED
        note(item, "moved_to", None)
        session.add(item)
        if target is not None:
            _copy_to(session, item, target)
    session.flush()
    return target, moving
