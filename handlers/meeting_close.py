"""Closing a meeting with a look back first, and reopening it when something was wrong (issue 16).

`!agenda sluit` no longer closes at once: it shows what the meeting did (cases discussed, decisions,
new actions, what moves on, dates still to confirm) and the follow-up actions it proposes, and asks.
"ja" closes and creates the proposed follow-ups, "ja zonder acties" closes without them, "nee" (or
steering on with !volgende) carries on. The stage is the meeting runner's state machine
(dialogues/meeting_flow.py). A closed meeting can be reopened by whoever steered it within a set
time (core.policy.may_reopen_meeting), audited, and closed again the same way.
"""
from __future__ import annotations

from core import policy
from core.commands import Arg, Command
from core.i18n import N_
from core.messages import Reply
from dialogues import meeting_action
from dialogues import meeting_flow as flow
from dialogues.engine import draft_word
from dialogues.context import Context
from dialogues.meeting_text import command_name, meeting_actions, minutes_text
from handlers import meeting_run as run
from state import actions as store
from state import agenda as items_store
from state import meetings as plans
from state.models import Action, Case, Meeting, Member

CONFIRM_WORDS = frozenset({"ja", "yes", "ja sluiten", "sluiten", "close", "yes close"})
WITHOUT_WORDS = frozenset({"ja zonder acties", "zonder acties", "ja zonder vervolgacties",
                           "yes without actions", "without actions", "yes without follow-ups"})
NOT_YET_WORDS = frozenset({"nee", "no", "niet", "not yet", "nog niet", "doorgaan", "continue"})


def _item_done(ctx: Context, meeting: Meeting, item) -> bool:
    """Discussed, or the item under discussion with something recorded on it."""
    if item.status == items_store.DISCUSSED:
        return True
    return item.id == meeting.current_item and run.has_content(ctx, meeting, item)


def _proposals(ctx: Context, meeting: Meeting, discussed: list) -> list[str]:
    """The follow-up actions the close would create, per case: the talk with the parents (unless one
    is open already) and the three-month aftercare contact (new, or the open one moved)."""
    w = run.writer(ctx)
    talk = ctx.t("meeting.talk_after_description")
    lines = []
    for item in discussed:
        if not item.case_id:
            continue
        label = w.label(item.case_id)
        open_ones = {a.description for a in store.open_actions(ctx.session, ctx.team.id, case_id=item.case_id)}
        if talk not in open_ones:
            lines.append(f"- {talk} ({label})")
        aftercare = store.aftercare_description(ctx.team)
        key = "meeting.close_aftercare_moved" if aftercare in open_ones else "meeting.close_aftercare_new"
        lines.append("- " + ctx.t(key, description=aftercare, case=label))
    return lines


def summary(ctx: Context, meeting: Meeting) -> Reply:
    w = run.writer(ctx)
    found = items_store.items(ctx.session, meeting.id)
    discussed = [i for i in found if _item_done(ctx, meeting, i)]
    skipped = [i for i in found if i not in discussed]
    decisions = sum(len((i.notes or {}).get("decisions", [])) for i in found)
    case_ids = [i.case_id for i in found if i.case_id]
    actions = [a for a in meeting_actions(ctx.session, meeting, case_ids) if a.status == "open"]
    to_confirm = [a for a in actions if a.date_to_confirm]
    lines = [ctx.t("meeting.close_summary_title", when=w.when(meeting.starts_at)),
             ctx.t("meeting.close_summary_discussed", count=len(discussed),
                   items=", ".join(w.subject(i) for i in discussed) or "-"),
             ctx.t("meeting.close_summary_counts", decisions=decisions, actions=len(actions))]
    if to_confirm:
        lines.append(ctx.t("meeting.close_summary_to_confirm", numbers=", ".join(f"#{a.number}" for a in to_confirm)))
    waiting = meeting_action.pending_drafts(ctx, meeting)
    if waiting:     # `actie:` lines still without an owner: not in the minutes until someone finishes them
        lines.append(ctx.t("meeting.close_summary_action_drafts",
                           commands=", ".join(f"{draft_word(ctx.lang)} {d.id}" for d in waiting)))
    if skipped:
        lines.append(ctx.t("meeting.close_summary_skipped", items=", ".join(w.subject(i) for i in skipped)))
    proposals = _proposals(ctx, meeting, discussed)
    if proposals:
        lines += [ctx.t("meeting.close_summary_proposals"), *proposals]
    lines.append(ctx.t("meeting.close_question"))
    return Reply("\n".join(lines), privacy="codes")


def ask(ctx: Context) -> list[Reply]:
    """!agenda sluit / !sluit: the look back and the question; nothing is closed or created yet."""
    meeting, problem = run.running_here(ctx)
    if meeting is None:
        return [problem]
    conversation = ctx.services.dialogues.open_conversation(ctx)
    if conversation is not None and conversation.dialogue == "meeting_action":
        # The member's own `actie:` line still waits for an answer: a "ja" meant for closing would be
        # taken as that answer, and the summary would miss the action. First that one, then the close.
        return [ctx.reply("meeting.close_after_action", close=command_name("agenda sluit", "agenda close", ctx.lang))]
    flow.move(meeting, "ask_close")
    ctx.session.add(meeting)
    return [summary(ctx, meeting)]


def finish(ctx: Context, meeting: Meeting, *, follow_ups: bool) -> list[Reply]:
    item = run.current(ctx, meeting)
    if item is not None and item.status == items_store.OPEN and run.has_content(ctx, meeting, item):
        run.finish_item(meeting, item)
        ctx.session.add(item)
    run.attendance_summary(ctx, meeting)            # records the minimum roles nobody present holds
    target, moved = items_store.carry_over(ctx.session, ctx.team, meeting)
    after_tasks = list(meeting.details.get("after_tasks", []))    # kept from an earlier close
    if follow_ups:
        for discussed in items_store.items(ctx.session, meeting.id):
            if discussed.status != items_store.DISCUSSED or not discussed.case_id:
                continue
            case = ctx.session.get(Case, discussed.case_id)
            for action in (run.talk_after(ctx, meeting, discussed, case), run.aftercare(ctx, meeting, case)):
                if action is not None and action.id not in after_tasks:
                    after_tasks.append(action.id)
    new_tasks = [i for i in after_tasks if i not in meeting.details.get("after_tasks", [])]
    flow.move(meeting, "close")
    plans.close(ctx.session, meeting, ctx.now(), after_tasks)
    ctx.session.flush()
    ctx.audit("meeting/closed", f"meeting:{meeting.id}", moved=len(moved), after_tasks=len(new_tasks),
              follow_ups=follow_ups)
    w = run.writer(ctx)
    minutes = minutes_text(w, meeting)
    replies = [Reply(ctx.t("meeting.closed", when=w.when(meeting.starts_at)), privacy="advice"),
               Reply(minutes.markdown, privacy="full", withheld_text=minutes.codes,
                     attachment=run.minutes_file(ctx, meeting, minutes, "md"))]
    if new_tasks:
        owners = (ctx.session.get(Member, ctx.session.get(Action, i).owner_member_id) for i in new_tasks)
        mentions = sorted({m.user_id for m in owners if m is not None})
        replies.append(Reply(ctx.t("meeting.after_tasks", count=len(new_tasks),
                                   command=command_name("acties", "actions", ctx.lang)),
                             mentions=mentions, privacy="advice"))
    if moved:
        where = w.when(target.starts_at) if target else ctx.t("meeting.next_unplanned")
        replies.append(ctx.reply("meeting.items_moved", count=len(moved), when=where))
    unconfirmed = run.dates_to_confirm(ctx, meeting)
    if unconfirmed:
        replies.append(unconfirmed)
    return replies


def answer_close_question(ctx: Context, text: str) -> list[Reply] | None:
    """"ja" / "ja zonder acties" / "nee" in the room while the close question is open, from whoever
    steers the meeting. Anything else is left to the other answerers."""
    if ctx.team is None or ctx.member is None or ctx.inbound.is_direct:
        return None
    word = run.plain(text).rstrip(".!")
    if word not in CONFIRM_WORDS | WITHOUT_WORDS | NOT_YET_WORDS:
        return None
    meeting = run.here(ctx)
    if meeting is None or flow.stage(meeting) != flow.CLOSING:
        return None
    refusal = run.steering_refusal(ctx, meeting)
    if refusal:
        return [refusal]
    if word in NOT_YET_WORDS:
        flow.move(meeting, "resume")
        ctx.session.add(meeting)
        return [ctx.reply("meeting.close_not_yet", where=run.position_line(ctx, meeting))]
    return finish(ctx, meeting, follow_ups=word in CONFIRM_WORDS)


def reopen(ctx: Context, ref: int | None) -> list[Reply]:
    """!agenda heropen [nummer]: the last closed meeting (or that one) runs again, at the end of its
    agenda, in this room; decisions can then be corrected and the meeting closed again."""
    meeting = plans.get_meeting(ctx.session, ctx.team.id, ref) if ref is not None \
        else plans.last_closed(ctx.session, ctx.team.id)
    if meeting is None or meeting.status != plans.CLOSED:
        return [ctx.reply("meeting.reopen_none")]
    if plans.running_meeting(ctx.session, ctx.team.id) is not None:
        return [ctx.reply("meeting.running_elsewhere")]
    refusal = run.steering_refusal(ctx, meeting)
    if refusal:
        return [refusal]
    if not policy.may_reopen_meeting(True, plans.closed_at(meeting), ctx.now()):
        return [ctx.reply("meeting.reopen_too_late", days=policy.REOPEN_WINDOW.days)]
    if ctx.inbound.is_direct or ctx.room is None or ctx.room.team_id != ctx.team.id or ctx.room.is_direct:
        return [ctx.reply("meeting.start_in_team_room")]
    flow.move(meeting, "reopen")
    meeting.current_item = None
    plans.update_details(meeting, room={"transport": ctx.inbound.transport, "room_id": ctx.inbound.room_id},
                         reopened_at=ctx.now().isoformat())
    ctx.session.add(meeting)
    ctx.audit("meeting/reopened", f"meeting:{meeting.id}")
    return [ctx.reply("meeting.reopened", when=run.writer(ctx).when(meeting.starts_at),
                      decisions=command_name("besluiten", "decisions", ctx.lang),
                      back=command_name("terug", "back", ctx.lang),
                      close=command_name("agenda sluit", "agenda close", ctx.lang))]


# a meeting line held for the name hint does not take the answer to the close question
run.QUESTION_ANSWERS.append((flow.CLOSING, CONFIRM_WORDS | WITHOUT_WORDS | NOT_YET_WORDS, answer_close_question))
ORDER = 33
ANSWERERS = [answer_close_question]
COMMANDS = [
    Command("sluit", "close", N_("cmd.sluit.summary"), handler=ask, case_data=True),
]
CLOSE = Command("sluit", "close", N_("cmd.agenda.close.summary"), handler=ask, case_data=True)
REOPEN = Command("heropen", "reopen", N_("cmd.agenda.reopen.summary"), handler=reopen, case_data=True,
                 args=(Arg(N_("arg.meeting_number"), "int", required=False),))
