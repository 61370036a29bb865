"""How meetings, agendas and minutes read: the same text in replies, scheduled messages and exports.

Cases are shown only through `case_label` (by code where consent allows, else anonymised). What
members wrote (registration briefs, decisions, notes) is case content: a Reply that shows it is
marked privacy="full" and carries a codes-only version (`withheld_text`) for transports where only
codes and dates may travel.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from markdown_it import MarkdownIt
from sqlalchemy import and_, or_
from sqlmodel import Session, select

from core.i18n import spell_date, spell_datetime, spell_list, t
from core.messages import Reply
from state import agenda as items_store
from state import meetings as plans
from state.models import Action, AgendaItem, Case, Meeting, Member, Team
from state.privacy import case_label

#: the registration fields, in the seed's order (004:L2358-2415, 003:L2350-2356, L4091-4105)
BRIEF_FIELDS = ("question_teacher", "question_parents", "question_pupil", "reason", "core", "child_factors",
                "family_factors", "school_factors", "strengths", "done_so_far", "school_limits",
                "zorgteam_analysis", "title")
PLAN_FIELDS = ("contact", "feedback_parents", "feedback_teacher", "vir")
#: Members' lines are rendered as they typed them, except raw HTML, images and links, which stay text: the
#: minutes file must not fetch or lead to a third-party address when it is opened (who read which minutes when).
_MARKDOWN = MarkdownIt("commonmark", {"html": False}).disable(["image", "link", "autolink"])


def command_name(nl: str, en: str, lang: str) -> str:
    return f"!{en if lang == 'en' else nl}"


class Writer:
    """Writes meeting text for one team, language and moment; remembers what it looked up."""

    def __init__(self, session: Session, team: Team, lang: str, now: datetime) -> None:
        self.session, self.team, self.lang, self.now = session, team, lang, now
        self.tz = ZoneInfo(team.timezone)
        self._members: dict[int, Member] | None = None
        self._labels: dict[int, str] = {}
        self._cases: dict[int, Case] = {}
        self.meeting_id: int | None = None      # the meeting whose text is written

    def t(self, key: str, **values) -> str:
        return t(key, self.lang, **values)

    def when(self, moment: datetime) -> str:
        return spell_datetime(plans.aware(moment), self.lang, self.tz)

    def day(self, moment: datetime) -> str:
        return spell_date(plans.aware(moment).astimezone(self.tz).date(), self.lang)

    def members(self) -> dict[int, Member]:
        if self._members is None:
            found = self.session.exec(select(Member).where(Member.team_id == self.team.id)).all()
            self._members = {m.id: m for m in found}
        return self._members

    def name(self, member_id: int | None) -> str:
        member = self.members().get(member_id) if member_id else None
        return member.display_name if member else "?"

    def prefetch(self, case_ids) -> None:
        """Load these cases in one query, so each label asks the database only about consent."""
        wanted = [i for i in set(case_ids) if i is not None and i not in self._cases]
        if wanted:
            self._cases.update((c.id, c) for c in self.session.exec(select(Case).where(Case.id.in_(wanted))).all())

    def label(self, case_id: int | None, meeting_id: int | None = None) -> str:
        """The code where consent allows naming; otherwise "anonieme casus C": the case's own letter
        (state.privacy.case_label), the same in every meeting, list and reminder, so the team can tell
        anonymous cases apart without the code. `meeting_id` is accepted for callers' sake only."""
        if case_id is None:
            return ""
        if case_id not in self._labels:
            case = self._cases.get(case_id) or self.session.get(Case, case_id)
            self._labels[case_id] = case_label(self.session, case, self.lang)
        return self._labels[case_id]

    # -- meetings -------------------------------------------------------------------------------
    def repeat(self, meeting: Meeting) -> str:
        weeks = plans.interval_weeks(meeting)
        if not weeks:
            return ""
        return self.t("meeting.every_week") if weeks == 1 else self.t("meeting.every_weeks", count=weeks)

    def meeting_line(self, meeting: Meeting, *, number: bool = True, count: int | None = None) -> str:
        """"#4 dinsdag 1 december, 14:00 · Teamkamer · elke 3 weken · 2 punten"."""
        parts = [f"#{meeting.id} {self.when(meeting.starts_at)}" if number else self.when(meeting.starts_at)]
        if meeting.place:
            parts.append(meeting.place)
        if meeting.series_id:
            parts.append(self.repeat(meeting))
        if meeting.status != plans.PLANNED:
            parts.append(self.t(f"meeting.status_{meeting.status}"))
        elif meeting.details.get("moved"):
            parts.append(self.t("meeting.status_moved"))
        if count:
            parts.append(self.t("meeting.item_count", count=count))
        return " · ".join(parts)

    def kind(self, item: AgendaItem) -> str:
        return self.t(f"meeting.kind_{item.kind}")

    def subject(self, item: AgendaItem) -> str:
        """"Z-17 (nieuw)" / "anonieme casus (vervolg)" / "jaarevaluatie (overig)"."""
        what = self.label(item.case_id, item.meeting_id) if item.case_id else (item.brief or {}).get("title", "-")
        return f"{what} ({self.kind(item)})"

    def item_title(self, number: int, item: AgendaItem) -> str:
        return f"{number}. {self.subject(item)}"

    def brief_lines(self, item: AgendaItem, indent: str = "   ") -> list[str]:
        brief = item.brief or {}
        lines = [f"{indent}{self.t(f'meeting.field_{key}')}: {brief[key]}" for key in BRIEF_FIELDS
                 if key != "title" and brief.get(key)]
        if item.submitted_by:
            lines.append(f"{indent}{self.t('meeting.submitted_by', name=self.name(item.submitted_by))}")
        return lines


# -- the agenda ------------------------------------------------------------------------------------------
@dataclass
class AgendaText:
    full: str
    codes: str
    count: int
    mentions: list[str] = field(default_factory=list)

    def reply(self) -> Reply:
        return Reply(self.full, mentions=list(self.mentions), privacy="full", withheld_text=self.codes)


def _open_actions_by_case(session: Session, team_id: int, case_ids: list[int],
                          now: datetime) -> dict[int, tuple[int, int]]:
    """case id -> (open actions, of which overdue), in one query."""
    if not case_ids:
        return {}
    rows = session.exec(select(Action.case_id, Action.due_at).where(
        Action.team_id == team_id, Action.status == "open", Action.case_id.in_(case_ids))).all()
    counts: dict[int, list[int]] = {}
    for case_id, due_at in rows:
        entry = counts.setdefault(case_id, [0, 0])
        entry[0] += 1
        entry[1] += plans.aware(due_at) <= now
    return {case_id: (total, late) for case_id, (total, late) in counts.items()}


def agenda_text(w: Writer, meeting: Meeting, *, title_key: str = "meeting.agenda_title", mention: bool = False
                ) -> AgendaText:
    """The agenda with brief information per case (004:L2407-2415), and its codes-only version."""
    found = items_store.items(w.session, meeting.id)
    w.prefetch(i.case_id for i in found)
    title = w.t(title_key, team=w.team.name, when=w.when(meeting.starts_at),
                place=meeting.place or w.t("meeting.no_place"))
    full, codes = [title], [title]
    follow_ups = [i.case_id for i in found if i.case_id and i.kind == items_store.FOLLOW_UP]
    actions = _open_actions_by_case(w.session, w.team.id, follow_ups, w.now)
    for number, item in enumerate(found, start=1):
        head = w.item_title(number, item)
        if item.status == items_store.DISCUSSED:
            head += f" · {w.t('meeting.item_discussed')}"
        if item.kind == items_store.FOLLOW_UP and item.case_id in actions:
            total, late = actions[item.case_id]
            key = "meeting.open_actions_late" if late else "meeting.open_actions"
            head += f" · {w.t(key, count=total, late=late)}"
        full.append(head)
        codes.append(head)
        if item.kind == items_store.FOLLOW_UP and (item.notes or {}).get("reason"):
            reason = w.t(f"meeting.follow_up_reason_{item.notes['reason']}")
            line = f"   {reason}"
            full.append(line)
            codes.append(line)
        full.extend(w.brief_lines(item))
    if not found:       # the empty line says how to register; the footer would say it again
        empty = w.t("meeting.agenda_empty", command=command_name("aanmelden", "refer", w.lang))
        full.append(empty)
        codes.append(empty)
    else:
        footer = w.t("meeting.agenda_footer", refer=command_name("aanmelden", "refer", w.lang))
        full.append(footer)
        codes.append(footer)
    mentions = [m.user_id for m in w.members().values() if m.active] if mention else []
    return AgendaText("\n".join(full), "\n".join(codes), len(found), mentions)


# -- minutes -------------------------------------------------------------------------------------------------
@dataclass
class MinutesText:
    markdown: str
    codes: str

    def html(self, title: str) -> str:
        body = _MARKDOWN.render(self.markdown)
        return (f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{_escape(title)}</title></head>"
                f"<body>\n{body}</body></html>\n")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def meeting_actions(session: Session, meeting: Meeting, case_ids: list[int]) -> list[Action]:
    """Actions agreed at this meeting: linked to it, or (typed with !actie while it ran) on one of its
    cases and created while it ran. The after-meeting tasks are listed apart."""
    started, closed = plans.started_at(meeting), plans.closed_at(meeting)
    condition = Action.meeting_id == meeting.id
    if started is not None and case_ids:
        window = [Action.meeting_id.is_(None), Action.case_id.in_(case_ids), Action.created_at >= started]
        if closed is not None:
            window.append(Action.created_at <= closed)
        condition = or_(condition, and_(*window))
    after = set(meeting.details.get("after_tasks", []))
    found = session.exec(select(Action).where(Action.team_id == meeting.team_id, condition)
                         .order_by(Action.number)).all()
    return [a for a in found if a.id not in after]


def _action_line(w: Writer, action: Action, *, description: bool) -> str:
    parts = [f"#{action.number}" + (f" {action.description}" if description else ""),
             w.name(action.owner_member_id), w.when(action.due_at)]
    if action.status != "open":
        parts.append(w.t(f"meeting.action_{action.status}"))
    elif action.date_to_confirm:
        parts.append(w.t("meeting.action_date_to_confirm"))
    return " · ".join(parts)


def follow_up_text(w: Writer, meeting: Meeting, value: str | None) -> str:
    if value == items_store.NEXT_MEETING:
        following = plans.following_meeting(w.session, meeting)
        return w.t("meeting.follow_up_next", when=w.when(following.starts_at)) if following \
            else w.t("meeting.follow_up_next_unplanned")
    if value and value != items_store.NO_FOLLOW_UP:
        return w.day(datetime.fromisoformat(value))
    return w.t("meeting.follow_up_none")


def minutes_text(w: Writer, meeting: Meeting) -> MinutesText:
    """Per case: summary, decisions, actions with owners and dates, the plan of approach and the
    follow-up date (004:L2455-2477); then what moved and the tasks after the meeting."""
    w.meeting_id = meeting.id
    all_items = items_store.items(w.session, meeting.id, active_only=False)
    discussed = [i for i in all_items if i.status == items_store.DISCUSSED]
    moved = [i for i in all_items if i.status == items_store.MOVED]
    case_ids = [i.case_id for i in discussed if i.case_id]
    w.prefetch(i.case_id for i in all_items)
    actions = meeting_actions(w.session, meeting, case_ids)
    by_case: dict[int | None, list[Action]] = {}
    for action in actions:
        by_case.setdefault(action.case_id if action.case_id in case_ids else None, []).append(action)
    details = meeting.details or {}
    title = w.t("meeting.minutes_title", team=w.team.name, when=w.when(meeting.starts_at))
    md, codes = [f"# {title}", ""], [title]
    head = []
    if meeting.place:
        head.append(w.t("meeting.minutes_place", place=meeting.place))
    present = [w.name(i) for i in details.get("present", [])]
    absent = [w.name(i) for i in details.get("absent", [])]
    head.append(w.t("meeting.minutes_present", names=spell_list(present, w.lang) or "-"))
    if absent:
        head.append(w.t("meeting.minutes_absent", names=spell_list(absent, w.lang)))
    if details.get("missing_roles"):
        roles = spell_list([w.t(f"role.{r}") for r in details["missing_roles"]], w.lang)
        head.append(w.t("meeting.minutes_missing_roles", roles=roles, source=details.get("missing_source", "")))
    md += [f"{line}  " for line in head] + [""]
    codes += head
    cases = {c.id: c for c in w.session.exec(select(Case).where(Case.id.in_(case_ids))).all()} if case_ids else {}
    for number, item in enumerate(discussed, start=1):
        heading = w.item_title(number, item)
        md += [f"## {heading}", ""]
        codes.append(heading)
        notes = item.notes or {}
        if notes.get("summary"):
            md.append(f"**{w.t('meeting.minutes_summary')}:** {notes['summary']}  ")
        for entry in notes.get("notes", []):
            phase = w.t(f"meeting.phase_name_{entry.get('phase', 'discussion')}")
            md.append(f"*{phase}:* {entry['text']}  ")
        decisions = notes.get("decisions", [])
        if decisions:
            md += ["", f"**{w.t('meeting.minutes_decisions')}**", ""]
            md += [f"- {d['text']}" for d in decisions]
        item_actions = by_case.get(item.case_id, []) if item.case_id else []
        if item_actions:
            md += ["", f"**{w.t('meeting.minutes_actions')}**", ""]
            md += [f"- {_action_line(w, a, description=True)}" for a in item_actions]
            codes += [f"- {_action_line(w, a, description=False)}" for a in item_actions]
        plan_lines = []
        case = cases.get(item.case_id)
        if case is not None and case.coordinator_member_id:
            line = w.t("meeting.plan_coordinator", name=w.name(case.coordinator_member_id))
            plan_lines.append(line)
            codes.append(line)
        plan = notes.get("plan", {})
        for key in PLAN_FIELDS:
            if plan.get(key):
                plan_lines.append(w.t(f"meeting.plan_{key}", value=plan[key]["text"]))
        if plan_lines:
            md += ["", f"**{w.t('meeting.minutes_plan')}**", ""] + [f"- {line}" for line in plan_lines]
        if item.case_id:
            follow = w.t("meeting.minutes_follow_up", when=follow_up_text(w, meeting, notes.get("follow_up")))
            md += ["", follow]
            codes.append(follow)
        md.append("")
    if not discussed:
        md += [w.t("meeting.minutes_nothing_discussed"), ""]
    loose = by_case.get(None, [])
    if loose:
        md += [f"## {w.t('meeting.minutes_other_actions')}", ""]
        md += [f"- {_action_line(w, a, description=True)}" for a in loose] + [""]
        codes += [f"- {_action_line(w, a, description=False)}" for a in loose]
    if moved:
        following = plans.following_meeting(w.session, meeting)
        where = w.when(following.starts_at) if following else w.t("meeting.next_unplanned")
        md += [f"## {w.t('meeting.minutes_moved', when=where)}", ""]
        md += [f"- {w.label(i.case_id) if i.case_id else (i.brief or {}).get('title', '-')} ({w.kind(i)})"
               for i in moved] + [""]
        codes.append(w.t("meeting.minutes_moved_count", count=len(moved), when=where))
    after_ids = details.get("after_tasks", [])
    if after_ids:
        after = w.session.exec(select(Action).where(Action.id.in_(after_ids)).order_by(Action.number)).all()
        md += [f"## {w.t('meeting.minutes_after')}", ""]
        md += [f"- {_action_line(w, a, description=True)} ({w.label(a.case_id)})" for a in after] + [""]
        codes += [f"- {_action_line(w, a, description=False)} ({w.label(a.case_id)})" for a in after]
    return MinutesText("\n".join(md).rstrip() + "\n", "\n".join(codes))
