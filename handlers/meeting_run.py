"""Running a meeting in the room: start, attendance, case by case through the seed's steps, close.

Per case (004:L2425-2467): a quick round for new information; the analysis question "what does this
child, in this family and this class, need" (004:L2435-2439); solution directions for child, family
and school; a plan of approach (actions with owner and date, a case coordinator when several actions
run, the contact person for the parents, who reports back to absent parents and to the teacher,
whether a verwijsindex report is made and by whom). A follow-up case reviews progress and adjusts the
plan (004:L2473-2477). Members type decisions and actions as the discussion goes (ANSWERERS below).

Only the chair, or a member the chair delegates to, starts, steers and closes (`steering_refusal`,
the one check). Everything is in the database, so a restart resumes at the same item and step.
At the close, open items move to the next meeting, the minutes are posted, and the after-meeting
tasks are created: the IB'er's talk with the parents (003:L2403-2411) and the three-month aftercare
contact (004:L2550-2558).
"""
from __future__ import annotations

import re
import unicodedata
from datetime import datetime, time
from typing import Callable

from core import policy
from core.calendar import add_working_days
from core.commands import Arg, Command, is_number_word, read_number, shown
from core.i18n import N_, spell_list, t
from core.messages import Reply
from core.roles import CHAIR, missing_minimum
from dialogues import meeting_action
from dialogues import meeting_flow as flow
from dialogues.action_register import date_languages
from dialogues.action_text import ActionWriter
from dialogues.context import Context
from dialogues.dates import parse_when
from dialogues.meeting_text import (
    MinutesText,
    Writer,
    command_name,
    follow_up_text,
    meeting_actions,
    minutes_text,
)
from dialogues.plausible import hold_named, keeper, new_line
from state import actions as store
from state import agenda as items_store
from state import meetings as plans
from state.models import AgendaItem, Case, Meeting, Member
from state.reminders import ReminderSettings
from state.teams import members_with_role, parent_talk_owner, roles_of

#: zorgbot default: the seed says to talk with the parents "always after" the meeting (003:L2403-2411)
#: without a term
TALK_AFTER_WORKING_DAYS = 5
DUE_TIME = time(17, 0)
MAX_LINE = 2000
SKIP_WORDS = frozenset({"punt", "item", "agendapunt", "overslaan", "skip"})
NO_WORDS = frozenset({"geen", "nee", "none", "no", "-"})
NEXT_MEETING_WORDS = frozenset({"volgend overleg", "volgende overleg", "volgende keer", "next meeting", "next time"})
PRESENT_WORDS = frozenset({"aanwezig", "present", "hier", "here", "ik ben er", "ben er", "i am here", "i'm here"})
#: what a typed line starts with -> what it records
PREFIXES = {
    "besluit": "decision", "besluiten": "decision", "besloten": "decision", "decision": "decision",
    "decided": "decision", "notitie": "note", "note": "note", "info": "note", "aanvulling": "note",
    "samenvatting": "summary", "summary": "summary", "actie": "action", "action": "action",
    "coordinator": "coordinator", "casuscoordinator": "coordinator", "case coordinator": "coordinator",
    "contactpersoon": "contact", "contact": "contact", "aanspreekpunt": "contact", "contact person": "contact",
    "terugkoppeling ouders": "feedback_parents", "feedback ouders": "feedback_parents",
    "feedback parents": "feedback_parents", "feedback to parents": "feedback_parents",
    "terugkoppeling leerkracht": "feedback_teacher", "feedback leerkracht": "feedback_teacher",
    "feedback teacher": "feedback_teacher", "feedback to teacher": "feedback_teacher",
    "verwijsindex": "vir", "vir": "vir", "reference index": "vir",
    "evaluatie": "follow_up", "vervolg": "follow_up", "follow-up": "follow_up", "follow up": "follow_up",
    "evaluation": "follow_up", "aanwezig": "present", "present": "present", "afwezig": "absent",
    "absent": "absent", "afgemeld": "absent", "apologies": "absent",
}
NEEDS_ITEM = frozenset({"decision", "note", "summary", "coordinator", "contact", "feedback_parents",
                        "feedback_teacher", "vir", "follow_up"})
#: free text that is stored and shown to the team: checked for a pupil's name (dialogues/plausible.py)
NAME_CHECKED = frozenset({"decision", "note", "summary", "contact", "feedback_parents", "feedback_teacher", "vir"})
#: lines that only mean something in a running meeting: outside one they get one line saying so
NO_MEETING_KINDS = frozenset({"decision", "action", "note"})
NEEDS_CASE = frozenset({"coordinator", "contact", "feedback_parents", "feedback_teacher", "vir", "follow_up"})


def plain(text: str) -> str:
    """Case-folded, accents off, spaces collapsed: "Coördinator " -> "coordinator"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).split())


def classify(text: str) -> tuple[str | None, str]:
    """(what the line records, the rest) for a line typed during a meeting; (None, "") for talk."""
    stripped = text.strip()
    if plain(stripped).rstrip(".!") in PRESENT_WORDS:
        return "present", ""
    head, separator, rest = stripped.partition(":")
    if not separator or len(head) > 30:
        return None, ""
    return PREFIXES.get(plain(head)), rest.strip()


# -- finding the meeting and the one permission rule ------------------------------------------------------
def here(ctx: Context) -> Meeting | None:
    """The meeting running in this room, if any."""
    meeting = plans.running_meeting(ctx.session, ctx.team.id)
    if meeting is None or not plans.in_room(meeting, ctx.inbound.transport, ctx.inbound.room_id):
        return None
    return meeting


def steering_refusal(ctx: Context, meeting: Meeting) -> Reply | None:
    """The one check for starting, steering and closing: the chair or the chair's delegate."""
    chairs = members_with_role(ctx.session, ctx.team.id, CHAIR)
    if policy.may_steer_meeting(ctx.member.id if ctx.member else None, ctx.roles,
                                (meeting.details or {}).get("delegates", []), team_has_chair=bool(chairs)):
        return None
    names = [m.display_name for m in chairs]
    delegates = meeting.details.get("delegates", [])
    names += [m.display_name for m in (ctx.session.get(Member, i) for i in delegates) if m is not None]
    return ctx.reply("meeting.only_chair", names=spell_list(names, ctx.lang, "or") or ctx.t("role.voorzitter"))


def _not_running(ctx: Context) -> Reply:
    elsewhere = plans.running_meeting(ctx.session, ctx.team.id)
    if elsewhere is not None:
        return ctx.reply("meeting.running_elsewhere")
    return ctx.reply("meeting.not_running", command=command_name("agenda start", "agenda start", ctx.lang))


def writer(ctx: Context) -> Writer:
    return Writer(ctx.session, ctx.team, ctx.lang, ctx.now())


# -- where we are --------------------------------------------------------------------------------------------
def current(ctx: Context, meeting: Meeting) -> AgendaItem | None:
    if meeting.current_item is None:
        return None
    item = ctx.session.get(AgendaItem, meeting.current_item)
    if item is None or item.meeting_id != meeting.id or item.status not in items_store.ACTIVE:
        return None      # erased with its case, or dropped: carry on from the agenda
    return item


def phase_name(meeting: Meeting, item: AgendaItem) -> str:
    names = items_store.phases(item)
    return names[min(int(meeting.details.get("phase", 0)), len(names) - 1)]


def position_line(ctx: Context, meeting: Meeting) -> str:
    item = current(ctx, meeting)
    if item is None:
        key = "meeting.position_end" if flow.stage(meeting) == flow.AT_END else "meeting.position_attendance"
        return ctx.t(key)
    total = len(items_store.items(ctx.session, meeting.id))
    return ctx.t("meeting.position", number=items_store.number_of(ctx.session, item), total=total,
                 case=writer(ctx).subject(item),
                 step=ctx.t(f"meeting.phase_name_{phase_name(meeting, item)}"))


def item_intro(ctx: Context, meeting: Meeting, item: AgendaItem) -> Reply:
    w = writer(ctx)
    number = items_store.number_of(ctx.session, item)
    total = len(items_store.items(ctx.session, meeting.id))
    head = ctx.t("meeting.item_open", number=number, total=total, case=w.subject(item))
    return Reply("\n".join([head, *w.brief_lines(item, indent="  ")]), privacy="full", withheld_text=head)


def phase_prompt(ctx: Context, meeting: Meeting, item: AgendaItem) -> Reply:
    name = phase_name(meeting, item)
    text = ctx.t(f"meeting.phase_{name}")
    if name == "progress" and item.case_id:
        found = store.open_actions(ctx.session, ctx.team.id, case_id=item.case_id)
        aw = ActionWriter.for_ctx(ctx)
        if found:
            full = [text, ctx.t("meeting.progress_open_actions")] + [f"- {aw.line(a)}" for a in found]
            codes = [text, ctx.t("meeting.progress_open_actions")] + [f"- {aw.line(a, description=False)}"
                                                                      for a in found]
            return Reply("\n".join(full), privacy="full", withheld_text="\n".join(codes))
        text += "\n" + ctx.t("meeting.progress_no_actions")
    return Reply(text, privacy="advice")


def open_item(ctx: Context, meeting: Meeting, item: AgendaItem, phase: int = 0) -> list[Reply]:
    meeting.current_item = item.id
    flow.move(meeting, "open_item")
    plans.update_details(meeting, phase=phase, warned=None)
    ctx.session.add(meeting)
    if item.status != items_store.OPEN:
        item.status = items_store.OPEN
        ctx.session.add(item)
    return [item_intro(ctx, meeting, item), phase_prompt(ctx, meeting, item)]


# -- !agenda start ------------------------------------------------------------------------------------------
def _today(ctx: Context) -> Meeting | None:
    today = ctx.now().astimezone(ctx.tz).date()
    return next((m for m in plans.upcoming(ctx.session, ctx.team, ctx.now(), limit=10)
                 if m.status == plans.PLANNED and plans.meeting_day(m, ctx.team) == today), None)


def start(ctx: Context, ref: int | None) -> list[Reply]:
    running = plans.running_meeting(ctx.session, ctx.team.id)
    if running is not None:
        if plans.in_room(running, ctx.inbound.transport, ctx.inbound.room_id):
            return [ctx.reply("meeting.already_running", where=position_line(ctx, running))]
        return [ctx.reply("meeting.running_elsewhere")]
    if ref is not None:
        meeting = plans.get_meeting(ctx.session, ctx.team.id, ref)
        if meeting is None or meeting.status != plans.PLANNED:
            return [ctx.reply("meeting.not_found", number=ref)]
    else:
        meeting = _today(ctx)
        if meeting is None:
            following = plans.next_meeting(ctx.session, ctx.team, ctx.now())
            if following is None:
                return [ctx.reply("meeting.none_planned",
                                  command=command_name("overleg plan", "meeting plan", ctx.lang))]
            refusal = steering_refusal(ctx, following)      # no hint to run what they may not run
            if refusal:
                return [refusal]
            return [ctx.reply("meeting.none_today", when=writer(ctx).when(following.starts_at),
                              command=command_name(f"agenda start {following.id}", f"agenda start {following.id}",
                                                   ctx.lang))]
    refusal = steering_refusal(ctx, meeting)
    if refusal:
        return [refusal]
    if ctx.inbound.is_direct or ctx.room is None or ctx.room.team_id != ctx.team.id or ctx.room.is_direct:
        return [ctx.reply("meeting.start_in_team_room")]
    items_store.sync(ctx.session, ctx.team, meeting, ctx.now())
    flow.move(meeting, "start")
    plans.start(ctx.session, meeting, ctx.member, transport=ctx.inbound.transport, room_id=ctx.inbound.room_id,
                now=ctx.now())
    ctx.audit("meeting/started", f"meeting:{meeting.id}")
    w = writer(ctx)
    found = items_store.items(ctx.session, meeting.id)
    lines = [ctx.t("meeting.started", name=ctx.member.display_name, when=w.when(meeting.starts_at)),
             *[f"  {w.item_title(n, i)}" for n, i in enumerate(found, start=1)],
             ctx.t("meeting.attendance_prompt", next=command_name("volgende", "next", ctx.lang))]
    mentions = [m.user_id for m in w.members().values() if m.active and m.id != ctx.member.id]
    return [Reply("\n".join(lines), mentions=mentions, privacy="codes")]


def attendance_summary(ctx: Context, meeting: Meeting) -> Reply:
    """Who is there, who sent apologies, and which of the seed's minimum roles nobody present holds
    (zorgteam 004:L1464-1472, ZAT 004:L1504-1525)."""
    w = writer(ctx)
    present = meeting.details.get("present", [])
    roles: set[str] = set()
    for member_id in present:
        roles |= roles_of(ctx.session, member_id)
    missing, source = missing_minimum(ctx.team.kind, roles)
    plans.update_details(meeting, missing_roles=missing, missing_source=source)
    lines = [ctx.t("meeting.minutes_present", names=spell_list([w.name(i) for i in present], ctx.lang) or "-")]
    absent = meeting.details.get("absent", [])
    if absent:
        lines.append(ctx.t("meeting.minutes_absent", names=spell_list([w.name(i) for i in absent], ctx.lang)))
    if missing:
        lines.append(ctx.t("meeting.minutes_missing_roles",
                           roles=spell_list([ctx.t(f"role.{r}") for r in missing], ctx.lang), source=source))
    return Reply("\n".join(lines), privacy="advice")


# -- !volgende / !terug ----------------------------------------------------------------------------------------
def running_here(ctx: Context) -> tuple[Meeting | None, Reply | None]:
    meeting = here(ctx)
    if meeting is None:
        return None, _not_running(ctx)
    refusal = steering_refusal(ctx, meeting)
    return (None, refusal) if refusal else (meeting, None)


def plan_gaps(ctx: Context, meeting: Meeting, item: AgendaItem) -> list[str]:
    """What the seed's plan of approach (004:L2455-2467) still lacks for this case."""
    if not item.case_id:
        return []
    case = ctx.session.get(Case, item.case_id)
    plan = (item.notes or {}).get("plan", {})
    gaps = []
    if not _case_actions(ctx, meeting, case.id):
        gaps.append("actions")
    if store.needs_coordinator(ctx.session, case):
        gaps.append("coordinator")
    gaps += [key for key in ("contact", "feedback_parents", "feedback_teacher", "vir") if not plan.get(key)]
    return gaps


def finish_item(meeting: Meeting, item: AgendaItem) -> None:
    item.status = items_store.DISCUSSED
    if item.case_id and "follow_up" not in (item.notes or {}) and item.kind == items_store.NEW:
        # At the next meeting progress is reviewed (004:L2473-2477), unless the team sets a date.
        items_store.note(item, "follow_up", items_store.NEXT_MEETING)


def _after(found: list[AgendaItem], item: AgendaItem, status: str) -> AgendaItem | None:
    later = [other for other in found if (other.position, other.id) > (item.position, item.id)]
    return next((other for other in later if other.status == status), None)


def _all_done(ctx: Context) -> Reply:
    return ctx.reply("meeting.all_done", close=command_name("agenda sluit", "agenda close", ctx.lang))


def next_step(ctx: Context, what: str | None) -> list[Reply]:
    meeting, problem = running_here(ctx)
    if meeting is None:
        return [problem]
    flow.move(meeting, "resume")          # a close not yet confirmed: steering on means "not yet"
    item = current(ctx, meeting)
    found = items_store.items(ctx.session, meeting.id)
    if item is None:
        if flow.stage(meeting) == flow.AT_END:
            return [_all_done(ctx)]
        replies = [attendance_summary(ctx, meeting)] if flow.stage(meeting) == flow.ATTENDANCE else []
        first = next((i for i in found if i.status == items_store.OPEN), None)
        if first is None:
            flow.move(meeting, "reach_end")
            ctx.session.add(meeting)
            return replies + [_all_done(ctx)]
        return replies + open_item(ctx, meeting, first)
    names = items_store.phases(item)
    phase = int(meeting.details.get("phase", 0))
    skip = bool(what) and plain(what) in SKIP_WORDS
    if not skip and phase < len(names) - 1:
        plans.update_details(meeting, phase=phase + 1)
        ctx.session.add(meeting)
        return [phase_prompt(ctx, meeting, item)]
    if not skip and names[phase] == "plan" and meeting.details.get("warned") != item.id:
        gaps = plan_gaps(ctx, meeting, item)
        if gaps:
            plans.update_details(meeting, warned=item.id)
            ctx.session.add(meeting)
            missing = spell_list([ctx.t(f"meeting.gap_{gap}") for gap in gaps], ctx.lang)
            return [ctx.reply("meeting.plan_incomplete", missing=missing,
                              next=command_name("volgende", "next", ctx.lang))]
    finish_item(meeting, item)
    ctx.session.add(item)
    following = _after(found, item, items_store.OPEN)
    if following is None:
        meeting.current_item = None
        flow.move(meeting, "reach_end")
        plans.update_details(meeting, phase=0)
        ctx.session.add(meeting)
        return [_all_done(ctx)]
    return open_item(ctx, meeting, following)


def previous_step(ctx: Context) -> list[Reply]:
    meeting, problem = running_here(ctx)
    if meeting is None:
        return [problem]
    flow.move(meeting, "resume")
    item = current(ctx, meeting)
    found = items_store.items(ctx.session, meeting.id)
    if item is None:
        if flow.stage(meeting) != flow.AT_END:
            return [ctx.reply("meeting.at_start")]
        last = next((i for i in reversed(found)), None)
        if last is None:
            flow.move(meeting, "back_to_attendance")
            ctx.session.add(meeting)
            return [ctx.reply("meeting.at_start")]
        return open_item(ctx, meeting, last, len(items_store.phases(last)) - 1)
    phase = int(meeting.details.get("phase", 0))
    if phase > 0:
        plans.update_details(meeting, phase=phase - 1, warned=None)
        ctx.session.add(meeting)
        return [phase_prompt(ctx, meeting, item)]
    earlier = [other for other in found if (other.position, other.id) < (item.position, item.id)]
    if not earlier:
        meeting.current_item = None
        flow.move(meeting, "back_to_attendance")
        plans.update_details(meeting, phase=0)
        ctx.session.add(meeting)
        return [ctx.reply("meeting.back_to_attendance", next=command_name("volgende", "next", ctx.lang))]
    previous = earlier[-1]
    return open_item(ctx, meeting, previous, len(items_store.phases(previous)) - 1)


# -- !agenda delegeer -------------------------------------------------------------------------------------------
def delegate(ctx: Context, who: str) -> list[Reply]:
    meeting = plans.next_meeting(ctx.session, ctx.team, ctx.now())
    if meeting is None:
        return [ctx.reply("meeting.none_planned", command=command_name("overleg plan", "meeting plan", ctx.lang))]
    found = store.find_owner(ctx.session, ctx.team.id, who, ctx.member)
    if len(found) != 1:
        key = "meeting.member_unknown" if not found else "meeting.member_which"
        return [ctx.reply(key, name=who, names=spell_list([m.display_name for m in found], ctx.lang, "or"))]
    plans.delegate(meeting, found[0].id)
    ctx.session.add(meeting)
    ctx.audit("meeting/delegated", f"meeting:{meeting.id}", member=found[0].id)
    return [Reply(ctx.t("meeting.delegated", name=found[0].display_name, when=writer(ctx).when(meeting.starts_at)),
                  mentions=[found[0].user_id], privacy="advice")]


# -- !agenda sluit ------------------------------------------------------------------------------------------------
def has_content(ctx: Context, meeting: Meeting, item: AgendaItem) -> bool:
    notes = item.notes or {}
    if any(notes.get(key) for key in ("decisions", "notes", "summary", "plan")):
        return True
    return bool(item.case_id and _case_actions(ctx, meeting, item.case_id))


def _case_actions(ctx: Context, meeting: Meeting, case_id: int) -> list:
    return [a for a in meeting_actions(ctx.session, meeting, [case_id]) if a.case_id == case_id]


def talk_after(ctx: Context, meeting: Meeting, item: AgendaItem, case: Case):
    """The talk with the parents after the meeting: by whoever the plan names for it, else the IB'er
    (003:L2403-2411, 004:L2508-2514), within five working days (a zorgbot default)."""
    description = t("meeting.talk_after_description", ctx.team.language)
    for existing in store.open_actions(ctx.session, ctx.team.id, case_id=case.id):
        if existing.description == description:
            return None
    named = ((item.notes or {}).get("plan", {}).get("feedback_parents") or {}).get("member")
    owner = ctx.session.get(Member, named) if named else None
    if owner is None or not owner.active:
        owner = parent_talk_owner(ctx.session, ctx.team, None, frozenset())
    if owner is None:
        return None
    settings = ReminderSettings.of(ctx.team)
    day = add_working_days(plans.meeting_day(meeting, ctx.team), TALK_AFTER_WORKING_DAYS, settings.workdays,
                           settings.holidays)
    due = plans.utc(datetime.combine(day, DUE_TIME, tzinfo=ctx.tz))
    return store.create_action(ctx.session, team=ctx.team, owner=owner, description=description, due_at=due,
                               case=case, created_by=ctx.member, actor=ctx.actor, now=ctx.now())


def aftercare(ctx: Context, meeting: Meeting, case: Case):
    """Three months after the last discussion (004:L2550-2558): a new aftercare action, or the open one
    moved to three months after this discussion."""
    day = plans.meeting_day(meeting, ctx.team)
    description = store.aftercare_description(ctx.team)
    for existing in store.open_actions(ctx.session, ctx.team.id, case_id=case.id):
        if existing.description == description:
            store.reschedule_action(ctx.session, ctx.team, existing, store.aftercare_due(ctx.team, day),
                                    actor=ctx.actor, now=ctx.now())
            return existing
    return store.create_aftercare_action(ctx.session, ctx.team, case, after=day, created_by=ctx.member,
                                         actor=ctx.actor, now=ctx.now())


def dates_to_confirm(ctx: Context, meeting: Meeting) -> Reply | None:
    """The meeting's open actions whose date was only proposed (issue 18): listed at the close."""
    case_ids = [i.case_id for i in items_store.items(ctx.session, meeting.id) if i.case_id]
    found = [a for a in meeting_actions(ctx.session, meeting, case_ids) if a.status == "open" and a.date_to_confirm]
    if not found:
        return None
    aw = ActionWriter.for_ctx(ctx)
    owners = (ctx.session.get(Member, a.owner_member_id) for a in found)
    listing = aw.listing(ctx.t("meeting.close_dates_to_confirm"), found)
    listing.mentions = sorted({m.user_id for m in owners if m is not None})
    return listing


# -- !notulen -------------------------------------------------------------------------------------------------------
def minutes_file(ctx: Context, meeting: Meeting, minutes: MinutesText, fmt: str) -> tuple[str, bytes, str]:
    day = plans.meeting_day(meeting, ctx.team).isoformat()
    stem = f"{'minutes' if ctx.lang == 'en' else 'verslag'}-{day}"
    if fmt == "html":
        title = ctx.t("meeting.minutes_title", team=ctx.team.name, when=writer(ctx).when(meeting.starts_at))
        return f"{stem}.html", minutes.html(title).encode(), "text/html"
    return f"{stem}.md", minutes.markdown.encode(), "text/markdown"


def show_minutes(ctx: Context, text: str | None) -> list[Reply]:
    """!notulen [nummer] [html]: the minutes as a Markdown or HTML file."""
    words = (text or "").casefold().split()
    fmt = "html" if "html" in words else "md"
    refs = [w.lstrip("#") for w in words if is_number_word(w)]
    unknown = [w for w in words if not is_number_word(w) and w not in ("html", "md", "markdown")]
    if unknown or len(refs) > 1:
        return [ctx.reply("meeting.minutes_usage", command=command_name("notulen", "minutes", ctx.lang))]
    if refs:
        number = read_number(refs[0])
        meeting = plans.get_meeting(ctx.session, ctx.team.id, number) if number is not None else None
        if meeting is None or meeting.status not in (plans.CLOSED, plans.RUNNING):
            return [ctx.reply("meeting.minutes_none_for", number=shown(refs[0].lstrip("0") or "0"))]
    else:
        meeting = plans.last_closed(ctx.session, ctx.team.id)
        if meeting is None:
            return [ctx.reply("meeting.minutes_none")]
    w = writer(ctx)
    minutes = minutes_text(w, meeting)
    intro = ctx.t("meeting.minutes_file", when=w.when(meeting.starts_at), format=fmt.upper())
    return [Reply(intro, privacy="full", withheld_text=f"{intro}\n{minutes.codes}",
                  attachment=minutes_file(ctx, meeting, minutes, fmt))]


# -- lines typed during the meeting ---------------------------------------------------------------------------------
def _members_named(ctx: Context, text: str) -> tuple[list[Member], list[str]]:
    found, unknown = [], []
    for part in re.split(r",|;|\s+en\s+|\s+and\s+|&", text):
        part = part.strip()
        if not part:
            continue
        members = store.find_owner(ctx.session, ctx.team.id, part, ctx.member)
        if len(members) == 1:
            found.append(members[0])
        else:
            unknown.append(part)
    return found, unknown


def _read_follow_up(ctx: Context, text: str) -> tuple[str | None, Reply | None]:
    word = plain(text).rstrip(".")
    if word in NO_WORDS:
        return items_store.NO_FOLLOW_UP, None
    if word in NEXT_MEETING_WORDS:
        return items_store.NEXT_MEETING, None
    settings = ReminderSettings.of(ctx.team)
    for lang in date_languages(ctx):
        when = parse_when(text, now=ctx.now(), tz=ctx.tz, lang=lang, default_time=DUE_TIME,
                          workdays=settings.workdays, holidays=settings.holidays)
        if when.at is not None:
            return when.at.astimezone(ctx.tz).date().isoformat(), None
        if when.problem != "unparsed":
            suggestion = writer(ctx).day(when.suggestion) if when.suggestion else "-"
            return None, ctx.reply("meeting.follow_up_unclear", suggestion=suggestion)
    return None, ctx.reply("meeting.follow_up_unclear", suggestion="-")


def _record(ctx: Context, meeting: Meeting, item: AgendaItem, kind: str, text: str) -> list[Reply]:
    stamp = {"by": ctx.member.id, "at": ctx.now().isoformat()}
    if ctx.inbound.event_id:    # the message it came from, so an edit or redaction of it corrects it
        stamp["event"] = ctx.inbound.event_id
    number = items_store.number_of(ctx.session, item)
    if kind == "decision":
        items_store.note(item, "decisions", {"text": text, **stamp}, append=True)
        reply = ctx.reply("meeting.decision_noted", number=number)
    elif kind == "note":
        items_store.note(item, "notes", {"text": text, "phase": phase_name(meeting, item), **stamp}, append=True)
        reply = ctx.reply("meeting.note_noted", number=number)
    elif kind == "summary":
        items_store.note(item, "summary", text)
        reply = ctx.reply("meeting.summary_noted", number=number)
    elif kind == "coordinator":
        found = store.find_owner(ctx.session, ctx.team.id, text, ctx.member)
        if len(found) != 1:
            key = "meeting.member_unknown" if not found else "meeting.member_which"
            return [ctx.reply(key, name=text, names=spell_list([m.display_name for m in found], ctx.lang, "or"))]
        case = ctx.session.get(Case, item.case_id)
        store.set_coordinator(ctx.session, ctx.team, case, found[0], actor=ctx.actor, now=ctx.now())
        return [Reply(ctx.t("meeting.coordinator_set", name=found[0].display_name, number=number),
                      mentions=[found[0].user_id] if found[0].id != ctx.member.id else [], privacy="advice")]
    elif kind == "follow_up":
        value, problem = _read_follow_up(ctx, text)
        if problem:
            return [problem]
        items_store.note(item, "follow_up", value)
        reply = ctx.reply("meeting.follow_up_noted", number=number,
                          when=_follow_up_words(ctx, meeting, value))
    else:   # contact, feedback_parents, feedback_teacher, vir
        found = store.find_owner(ctx.session, ctx.team.id, text, ctx.member) if kind != "vir" else []
        items_store.set_plan(item, kind, {"text": text, "member": found[0].id if len(found) == 1 else None, **stamp})
        reply = ctx.reply(f"meeting.plan_noted_{kind}", number=number)
    ctx.session.add(item)
    # Who recorded what kind of thing on which item; never what was typed.
    ctx.audit("meeting/recorded", f"meeting:{meeting.id}", item=item.id, field=kind)
    reply.privacy = "advice"
    return [reply]


def _follow_up_words(ctx: Context, meeting: Meeting, value: str) -> str:
    return follow_up_text(writer(ctx), meeting, value)


def answer_meeting_line(ctx: Context, text: str) -> list[Reply] | None:
    """Lines typed in the room while a meeting runs there: attendance, decisions, notes, the plan of
    approach and actions, recorded on the item under discussion. Other talk is left alone."""
    if ctx.team is None or ctx.member is None:
        return None
    kind, rest = classify(text)
    if kind is None:
        return None
    meeting = None if ctx.inbound.is_direct else here(ctx)
    if meeting is None:
        if kind in NO_MEETING_KINDS:     # a meeting line with no meeting: say so, not a topic menu
            return [ctx.reply("meeting.line_no_meeting", start=command_name("agenda start", "agenda start", ctx.lang))]
        return None
    if len(rest) > MAX_LINE:
        return [ctx.reply("meeting.line_too_long", max=MAX_LINE)]
    if kind in ("present", "absent"):
        if not rest:
            members, unknown = [ctx.member], []
        else:
            members, unknown = _members_named(ctx, rest)
        if members:
            plans.mark_attendance(meeting, [m.id for m in members], kind == "present")
            ctx.session.add(meeting)
            ctx.audit(f"meeting/{kind}", f"meeting:{meeting.id}", members=[m.id for m in members])
        replies = []
        if members:
            replies.append(ctx.reply(f"meeting.marked_{kind}",
                                     names=spell_list([m.display_name for m in members], ctx.lang)))
        if unknown:
            replies.append(ctx.reply("meeting.member_unknown", name=", ".join(unknown), names=""))
        return replies
    if not rest:
        return [ctx.reply("meeting.line_empty")]
    item = current(ctx, meeting)
    if kind == "action":
        before = meeting_action.highest_number(ctx)
        replies = meeting_action.start(ctx, rest, meeting_id=meeting.id, case_id=item.case_id if item else None)
        if item is None and meeting_action.highest_number(ctx) > before:
            # Unlike a decision (which belongs to an item), an action stands on its own: before the first
            # item it is recorded for the meeting, without a case; said, so nobody expects it under one.
            replies.append(ctx.reply("meeting.action_without_item", next=command_name("volgende", "next", ctx.lang)))
        for reply in replies:
            reply.privacy = reply.privacy or "codes"
        return replies
    if item is None:
        if (meeting.details or {}).get("reopened_at"):    # reopened: it stands after its last item
            return [ctx.reply("meeting.no_item_reopened", back=command_name("terug", "back", ctx.lang),
                              decisions=command_name("besluiten", "decisions", ctx.lang))]
        return [ctx.reply("meeting.no_item_open", next=command_name("volgende", "next", ctx.lang))]
    if kind in NEEDS_CASE and not item.case_id:
        return [ctx.reply("meeting.needs_case_item")]
    # Safety first here too: a note of a child in danger gets the safety answer above its receipt, as
    # the same words typed in answer to a dialogue question do (dialogues/engine.py).
    engine = ctx.services.dialogues
    told = (engine.off_answer(ctx, rest) if kind in NAME_CHECKED and engine.off_answer is not None
            and len(rest.split()) > 3 else None) or []
    if kind in NAME_CHECKED:    # a pupil's name? the line waits for the member's answer to the hint
        held = hold_named(ctx, "name_rephrase", rest, {
            "kind": "meeting_line", "line": kind, "meeting": meeting.id, "item": item.id, "limit": MAX_LINE,
            "prefix": text.partition(":")[0].strip(), "question": "input.q_line", "safety_told": bool(told)})
        if held:
            return told + held
    return told + _record(ctx, meeting, item, kind, rest)


@keeper("meeting_line")
def _record_held(ctx: Context, answers: dict, text: str) -> list[Reply]:
    """A line held for the name hint, recorded as rephrased or kept, while its meeting still runs here."""
    meeting = here(ctx)
    item = ctx.session.get(AgendaItem, answers["item"])
    if item is not None and (meeting is None or meeting.id != answers["meeting"]):
        # closed while the line waited (the chair answered the close question): the line still belongs
        # to its item of that meeting, and so to its minutes (!notulen)
        closed = ctx.session.get(Meeting, answers["meeting"])
        if closed is not None and closed.status == plans.CLOSED and item.meeting_id == closed.id \
                and items_store.number_of(ctx.session, item):     # not an item moved on to the next meeting
            meeting = closed
    if meeting is None or meeting.id != answers["meeting"] or item is None:
        return [_not_running(ctx)]
    return _record(ctx, meeting, item, answers["line"], text)


#: answers to a question of the meeting itself (the close question, handlers/meeting_close.py registers it):
#: the words that answer it, and what takes them; a line held for the name hint never takes them
QUESTION_ANSWERS: list[tuple[str, frozenset[str], Callable[[Context, str], list[Reply] | None]]] = []


def _line_beside_held(ctx: Context, text: str) -> list[Reply] | None:
    """A new line typed while an earlier one waits for the name hint: handled as it would be without."""
    replies = answer_meeting_line(ctx, text)
    for _, _, answer in QUESTION_ANSWERS:
        replies = replies or answer(ctx, text)
    return replies


@new_line("meeting_line", _line_beside_held)
def _is_new_line(ctx: Context, answers: dict, text: str) -> bool:
    """While a meeting line waits for the name hint: another meeting line ("actie: ...", "notitie: ..."
    after a held "besluit: ...") or the answer to the close question is new; the same prefix again, or
    plain text, is the retyped line."""
    kind, _ = classify(text)
    if kind is not None:
        return kind != PREFIXES.get(plain(answers.get("prefix") or ""))
    meeting = here(ctx)
    word = plain(text).rstrip(".!")
    return meeting is not None and any(flow.stage(meeting) == stage and word in words
                                       for stage, words, _ in QUESTION_ANSWERS)


@new_line("meeting_action", answer_meeting_line)
def _is_line_beside_action(ctx: Context, answers: dict, text: str) -> bool:
    """While a meeting's `actie:` line waits for its owner or description: any other meeting line
    ("actie: @anna ...", "besluit: ...") is a line of its own, never the answer (dialogues/meeting_action.py)."""
    kind, _ = classify(text)
    return kind is not None and ctx.inbound.is_direct is False and here(ctx) is not None


ORDER = 32
ANSWERERS = [answer_meeting_line]
COMMANDS = [
    Command("volgende", "next", N_("cmd.volgende.summary"), handler=next_step, details=N_("cmd.volgende.details"),
            args=(Arg(N_("arg.meeting_skip"), "word", required=False),), case_data=True),
    Command("terug", "back", N_("cmd.terug.summary"), handler=previous_step, case_data=True),
    Command("notulen", "minutes", N_("cmd.notulen.summary"), handler=show_minutes, details=N_("cmd.notulen.details"),
            args=(Arg(N_("arg.meeting_minutes"), "text", required=False),), case_data=True),
]
