"""How actions read in chat: one line per action, the same in replies, reminders and overviews.

Descriptions are case content: every Reply that shows one is marked privacy="full" and carries a
version without them (`withheld_text`) for transports where only codes and dates may travel.
"""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from sqlmodel import Session

from core.i18n import spell_datetime, t
from core.messages import Reply
from state.models import Action, Case, Member
from state.privacy import case_label


def command_name(nl: str, en: str, lang: str) -> str:
    return f"!{en if lang == 'en' else nl}"


# Without a year, "dinsdag 3 maart" reads as the nearest 3 March; that is right only this close by.


def spell_when(ctx, moment: datetime) -> str:
    """A moment as the member reads it: "vrijdag 28 november, 17:00" in the team's zone; with the year
    whenever it is not this year ("woensdag 6 januari 2027, 17:00"), so a date never reads as one in
    the coming weeks when it is not."""
    return spell_moment(moment, ctx.lang, ctx.tz, ctx.now())


def spell_moment(moment: datetime, lang: str, tz: ZoneInfo, now: datetime) -> str:
    if moment.astimezone(tz).year == now.astimezone(tz).year:
        return spell_datetime(moment, lang, tz)
    return format_datetime(moment, "EEEE d MMMM y, HH:mm", tzinfo=tz, locale=lang)


def every(lang: str, days: int) -> str:
    """"elke 6 weken" / "every 6 weeks" for a recurrence in days."""
    if days % 7 == 0:
        weeks = days // 7
        return t("action.every_week", lang) if weeks == 1 else t("action.every_weeks", lang, count=weeks)
    return t("action.every_day", lang) if days == 1 else t("action.every_days", lang, count=days)


class ActionWriter:
    """Writes action lines for one language and zone, remembering members and case labels it looked up."""

    def __init__(self, session: Session, lang: str, tz: ZoneInfo, now: datetime) -> None:
        self.session, self.lang, self.tz, self.now = session, lang, tz, now
        self._members: dict[int, Member | None] = {}
        self._cases: dict[int, str] = {}

    @classmethod
    def for_ctx(cls, ctx) -> "ActionWriter":
        """In the member's language and the team's zone, for one message."""
        return cls(ctx.session, ctx.lang, ctx.tz, ctx.now())

    def t(self, key: str, **values) -> str:
        return t(key, self.lang, **values)

    def member(self, member_id: int | None) -> Member | None:
        if member_id is None:
            return None
        if member_id not in self._members:
            self._members[member_id] = self.session.get(Member, member_id)
        return self._members[member_id]

    def name(self, member_id: int | None) -> str:
        member = self.member(member_id)
        return member.display_name if member else "?"

    def case(self, action: Action) -> str:
        """The case as case_label shows it (code or "anonymous case"); "" without a case."""
        if not action.case_id:
            return ""
        if action.case_id not in self._cases:
            self._cases[action.case_id] = case_label(self.session, self.session.get(Case, action.case_id), self.lang)
        return self._cases[action.case_id]

    def when(self, moment: datetime) -> str:
        return spell_moment(moment, self.lang, self.tz, self.now)

    def title(self, action: Action, *, description: bool = True) -> str:
        """"#12 huisbezoek plannen (Z-17)"; without the description where only codes may be shown."""
        head = f"#{action.number}"
        if description:
            head += f" {action.description}"
        case = self.case(action)
        return f"{head} ({case})" if case else head

    def line(self, action: Action, *, description: bool = True, owner: bool = True) -> str:
        """"#12 huisbezoek plannen (Z-17) · Anna · vrijdag 28 november, 17:00 · te laat"."""
        parts = [self.title(action, description=description)]
        if owner:
            parts.append(self.name(action.owner_member_id))
        parts.append(self.when(action.due_at))
        if action.status == "open" and action.due_at <= self.now:
            parts.append(self.t("action.mark_overdue"))
        elif action.status != "open":
            parts.append(self.t(f"action.mark_{action.status}"))
        if action.recurrence_days:
            parts.append(every(self.lang, action.recurrence_days))
        if action.date_to_confirm and action.status == "open":
            parts.append(self.t("meeting.action_date_to_confirm"))
        return " · ".join(parts)

    def listing(self, title: str, actions: list[Action], *, owner: bool = True, footer: str = "") -> Reply:
        full = [title] + [f"- {self.line(a, owner=owner)}" for a in actions]
        codes = [title] + [f"- {self.line(a, owner=owner, description=False)}" for a in actions]
        if footer:
            full.append(footer)
            codes.append(footer)
        return Reply("\n".join(full), privacy="full", withheld_text="\n".join(codes))
