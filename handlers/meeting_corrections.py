"""Correcting what was typed during a meeting (issue 16): a mistyped `besluit:` is not final.

`!besluiten` lists the meeting's decisions (numbered through the meeting) and its actions;
`!wijzig besluit N tekst` replaces a decision, `!verwijder besluit N` removes it, and
`!verwijder actie N` strikes an action agreed in the meeting. The minutes are written from what is
recorded, so they follow. Who may correct is core.policy.may_correct_meeting: whoever steers the
meeting, while it runs; a closed meeting is reopened first (`!agenda heropen`, audited).
The audit says which decision was changed by whom, never its text.

Where the platform has them (Matrix edits and redactions, Telegram edits), editing or redacting the
`besluit:`, `notitie:` or `actie:` message itself corrects what it recorded (`changed_message`; the
router sends every edit and redaction here and nowhere else): each decision and note remembers the
event it came from, and the meeting remembers which action each `actie:` message made. Its author or
whoever steers may do so while the meeting runs (core.policy.may_change_typed_note). An action
follows its edited line (wording, owner, date, with its reminders) or is struck by the redaction,
unless it was closed or changed by command since (core.policy.typed_action_kept): then the member is
told what stays and why. An edit that makes the line unusable changes nothing and says why. An edit
is never a new line: talk edited into a `besluit:` line records nothing and the member is told so
once, as for an edited command (which is not run again); edits and redactions of ordinary talk are
ignored. The same edit arriving twice is handled once (the router's handled events), and an edit
that changes nothing says nothing.
"""
from __future__ import annotations

from core import policy
from core.commands import Arg, Command, is_command
from core.i18n import N_, spell_list
from core.messages import Reply
from dialogues import meeting_action
from dialogues.action_text import ActionWriter
from dialogues.context import Context
from dialogues.meeting_text import command_name, meeting_actions
from handlers import meeting_run as run
from state import actions as store
from state import agenda as items_store
from state import keyvalue as facts
from state import meetings as plans
from state.models import Action, Meeting, Member

MAX_DECISION = 2000


def _meeting_to_correct(ctx: Context) -> tuple[Meeting | None, Reply | None]:
    meeting = run.here(ctx)
    if meeting is None:
        closed = plans.last_closed(ctx.session, ctx.team.id)
        if closed is not None and policy.may_reopen_meeting(True, plans.closed_at(closed), ctx.now()):
            return None, ctx.reply("meeting.correct_reopen_first",
                                   command=command_name("agenda heropen", "agenda reopen", ctx.lang))
        return None, ctx.reply("meeting.not_running", command=command_name("agenda start", "agenda start", ctx.lang))
    refusal = run.steering_refusal(ctx, meeting)
    if not policy.may_correct_meeting(refusal is None, meeting.status == plans.RUNNING):
        return None, refusal
    return meeting, None


def _actions(ctx: Context, meeting: Meeting) -> list:
    case_ids = [i.case_id for i in items_store.items(ctx.session, meeting.id) if i.case_id]
    return meeting_actions(ctx.session, meeting, case_ids)


def list_decisions(ctx: Context) -> list[Reply]:
    meeting, problem = _meeting_to_correct(ctx)
    if meeting is None:
        return [problem]
    w = run.writer(ctx)
    found = items_store.decisions(ctx.session, meeting.id)
    actions = _actions(ctx, meeting)
    if not found and not actions:
        return [ctx.reply("meeting.decisions_none")]
    full, codes = [ctx.t("meeting.decisions_title")], [ctx.t("meeting.decisions_title")]
    for number, (item, _, entry) in enumerate(found, start=1):
        # "1. Z-17: text": the case (or the item's title) first, the decision as typed after it, no
        # brackets around a label that may carry its own
        where = w.label(item.case_id) if item.case_id else (item.brief or {}).get("title", "-")
        full.append(f"{number}. {where}: {entry['text']}")
        codes.append(f"{number}. {where}")
    if actions:
        aw = ActionWriter.for_ctx(ctx)
        full.append(ctx.t("meeting.decisions_actions_title"))
        codes.append(ctx.t("meeting.decisions_actions_title"))
        full += [f"- {aw.line(a)}" for a in actions]
        codes += [f"- {aw.line(a, description=False)}" for a in actions]
    hint = ctx.t("meeting.decisions_hint", edit=command_name("wijzig besluit", "edit decision", ctx.lang),
                 remove=command_name("verwijder besluit", "remove decision", ctx.lang),
                 strike=command_name("verwijder actie", "remove action", ctx.lang))
    return [Reply("\n".join(full + [hint]), privacy="full", withheld_text="\n".join(codes + [hint]))]


def _decision(ctx: Context, meeting: Meeting, number: int):
    found = items_store.decisions(ctx.session, meeting.id)
    if not 1 <= number <= len(found):
        return None, ctx.reply("meeting.decision_unknown", number=number,
                               command=command_name("besluiten", "decisions", ctx.lang))
    return found[number - 1], None


def edit_decision(ctx: Context, number: int, text: str) -> list[Reply]:
    meeting, problem = _meeting_to_correct(ctx)
    if meeting is None:
        return [problem]
    if len(text) > MAX_DECISION:
        return [ctx.reply("meeting.line_too_long", max=MAX_DECISION)]
    found, problem = _decision(ctx, meeting, number)
    if found is None:
        return [problem]
    item, index, _ = found
    items_store.edit_decision(item, index, text.strip(), by=ctx.member.id, at=ctx.now().isoformat())
    ctx.session.add(item)
    ctx.audit("meeting/decision_edited", f"meeting:{meeting.id}", item=item.id, decision=number)
    return [Reply(ctx.t("meeting.decision_edited", number=number), privacy="advice")]


def remove_decision(ctx: Context, number: int) -> list[Reply]:
    meeting, problem = _meeting_to_correct(ctx)
    if meeting is None:
        return [problem]
    found, problem = _decision(ctx, meeting, number)
    if found is None:
        return [problem]
    item, index, _ = found
    items_store.remove_decision(item, index)
    ctx.session.add(item)
    ctx.audit("meeting/decision_removed", f"meeting:{meeting.id}", item=item.id, decision=number)
    return [Reply(ctx.t("meeting.decision_removed", number=number), privacy="advice")]


def remove_action(ctx: Context, number: int) -> list[Reply]:
    """Strike an action agreed in this meeting; it stays in the minutes as struck, so what the owner
    was told and what the minutes say agree."""
    meeting, problem = _meeting_to_correct(ctx)
    if meeting is None:
        return [problem]
    action = next((a for a in _actions(ctx, meeting) if a.number == number), None)
    if action is None:
        return [ctx.reply("meeting.action_not_of_meeting", number=number)]
    if action.status == "open":
        store.cancel_action(ctx.session, ctx.team, action, actor=ctx.actor, now=ctx.now())
    return [Reply(ctx.t("meeting.action_struck", number=number), privacy="advice")]


# -- the platform's own edit and redaction (Matrix, Telegram edits) -----------------------------------------
def _decision_of_event(ctx: Context, meeting: Meeting, event_id: str):
    """(number in the meeting, (item, index, entry)) of the decision typed in this event, or None."""
    return items_store.typed_from_event(ctx.session, meeting.id, "decisions", event_id)


def _typed_in(ctx: Context, meeting: Meeting, event_id: str) -> bool:
    """Was a decision, note or action of this meeting typed in this message?"""
    return any(items_store.typed_from_event(ctx.session, meeting.id, field, event_id) is not None
               for field in ("decisions", "notes")) or plans.typed_action(meeting, event_id) is not None


def _once(ctx: Context, what: str, original: str, reply: Reply) -> list[Reply]:
    """A notice about an edit, said once per edited message however often it is edited again."""
    key = ":".join((what, ctx.inbound.transport, original))
    if facts.get(ctx.session, key) is not None:
        return []
    facts.put(ctx.session, key, "1")
    return [reply]


def _may_change(ctx: Context, meeting: Meeting, author: int | None) -> bool:
    return policy.may_change_typed_note(ctx.member.id, author, may_steer=run.steering_refusal(ctx, meeting) is None,
                                        running=meeting.status == plans.RUNNING)


def _new_wording(ctx: Context, kind_wanted: str, number: int, kind_key: str) -> tuple[str | None, Reply | None]:
    """The edited line's new wording for a line of `kind_wanted`, or the reply that says why not."""
    text = ctx.inbound.text
    kind, rest = run.classify(text)
    if kind is None:
        rest = text.strip()          # the prefix was taken out: the whole line is the new wording
    elif kind != kind_wanted:
        return None, ctx.reply(kind_key, number=number,
                               command=command_name("verwijder besluit", "remove decision", ctx.lang))
    if not rest:
        return None, ctx.reply("meeting.line_empty")
    if len(rest) > MAX_DECISION:
        return None, ctx.reply("meeting.line_too_long", max=MAX_DECISION)
    return rest, None


def changed_message(ctx: Context) -> list[Reply]:
    """An edit (`ctx.inbound.replaces_event_id`, the new wording in the text) or a redaction
    (`redacts_event_id`) of an earlier message in this room. A decision, note or action typed in
    that message during the meeting running here follows it; anything else is left alone."""
    inbound = ctx.inbound
    original = inbound.replaces_event_id or inbound.redacts_event_id
    editing = bool(inbound.replaces_event_id)
    if editing and is_command(inbound.text.strip()):
        # An edited command is not run again (it ran, or was refused, as first typed).
        return _once(ctx, "edited-command-told", original, Reply(ctx.t("edit.command_not_run"), privacy="advice"))
    if ctx.team is None or ctx.member is None or not original:
        return []
    meeting = run.here(ctx)
    if meeting is None:
        closed = plans.last_closed(ctx.session, ctx.team.id)
        if closed is not None and plans.in_room(closed, inbound.transport, inbound.room_id) \
                and _typed_in(ctx, closed, original):
            return [ctx.reply("meeting.correct_reopen_first",
                              command=command_name("agenda heropen", "agenda reopen", ctx.lang))]
        return []
    found = _decision_of_event(ctx, meeting, original)
    if found is not None:
        return _changed_decision(ctx, meeting, found, editing)
    note = items_store.typed_from_event(ctx.session, meeting.id, "notes", original)
    if note is not None:
        return _changed_note(ctx, meeting, note, editing)
    link = plans.typed_action(meeting, original)
    if link is not None:
        return _changed_action(ctx, meeting, original, link, editing)
    kind = run.classify(inbound.text)[0] if editing else None
    if kind is None or kind in ("present", "absent"):
        return []                 # an edit of ordinary talk (or of attendance) is none of our business
    # An edit is never a new line: talk edited into `besluit:`, or a line that recorded nothing that
    # follows its edits (an action still being asked about, a plan line). Say so, once.
    return _once(ctx, "edited-line-told", original, ctx.reply(
        "edit.line_not_applied", command=command_name("verwijder actie", "remove action", ctx.lang)))


def _changed_decision(ctx: Context, meeting: Meeting, found, editing: bool) -> list[Reply]:
    number, (item, index, entry) = found
    if not _may_change(ctx, meeting, entry.get("by")):
        return [ctx.reply("edit.decision_not_yours", number=number)]
    if not editing:
        items_store.remove_decision(item, index)
        ctx.session.add(item)
        ctx.audit("meeting/decision_removed", f"meeting:{meeting.id}", item=item.id, decision=number, via="redaction")
        return [Reply(ctx.t("edit.decision_removed", number=number), privacy="advice")]
    rest, problem = _new_wording(ctx, "decision", number, "edit.decision_kind_changed")
    if problem is not None:
        return [problem]
    if rest == entry.get("text"):
        return []                         # nothing changed in the decision itself
    items_store.edit_decision(item, index, rest, by=ctx.member.id, at=ctx.now().isoformat())
    ctx.session.add(item)
    ctx.audit("meeting/decision_edited", f"meeting:{meeting.id}", item=item.id, decision=number, via="edit")
    return [Reply(ctx.t("edit.decision_edited", number=number), privacy="advice")]


def _changed_note(ctx: Context, meeting: Meeting, found, editing: bool) -> list[Reply]:
    """A `notitie:` line edited or redacted: the note on its item follows (never quoted back)."""
    _, (item, index, entry) = found
    number = items_store.number_of(ctx.session, item)
    if not _may_change(ctx, meeting, entry.get("by")):
        return [ctx.reply("edit.note_not_yours", number=number)]
    if not editing:
        items_store.remove_typed(item, "notes", index)
        ctx.session.add(item)
        ctx.audit("meeting/note_removed", f"meeting:{meeting.id}", item=item.id, via="redaction")
        return [Reply(ctx.t("edit.note_removed", number=number), privacy="advice")]
    rest, problem = _new_wording(ctx, "note", number, "edit.note_kind_changed")
    if problem is not None:
        return [problem]
    if rest == entry.get("text"):
        return []
    items_store.edit_typed(item, "notes", index, rest, by=ctx.member.id, at=ctx.now().isoformat())
    ctx.session.add(item)
    ctx.audit("meeting/note_edited", f"meeting:{meeting.id}", item=item.id, via="edit")
    return [Reply(ctx.t("edit.note_edited", number=number), privacy="advice")]


def _changed_action(ctx: Context, meeting: Meeting, original: str, link: dict, editing: bool) -> list[Reply]:
    """An `actie:` line edited or redacted: its action follows (wording, owner, date, or struck), with
    its reminders, unless it was closed or changed by command since (core.policy.typed_action_kept)."""
    action = ctx.session.get(Action, link.get("action"))
    if action is None or action.team_id != ctx.team.id:
        return []                         # erased with its case
    number = action.number
    if not _may_change(ctx, meeting, link.get("by")):
        return [ctx.reply("edit.action_not_yours", number=number)]
    kept = policy.typed_action_kept(still_open=action.status == store.OPEN,
                                    changed_since=plans.action_state(action) != link.get("state"))
    if kept == "closed":
        return [ctx.reply("edit.action_kept_closed", number=number,
                          status=ctx.t(f"action.mark_{action.status}"))]
    if kept == "changed":
        return [ctx.reply("edit.action_kept_changed", number=number,
                          commands=spell_list([command_name(nl, en, ctx.lang) for nl, en in (
                              ("verzet", "reschedule"), ("overdragen", "reassign"), ("schrap", "drop"))],
                              ctx.lang, "or"))]
    if not editing:
        store.cancel_action(ctx.session, ctx.team, action, actor=ctx.actor, now=ctx.now())
        plans.link_typed_action(meeting, original, action, by=link.get("by"))
        ctx.session.add(meeting)
        return [Reply(ctx.t("edit.action_removed", number=number), privacy="advice")]
    kind, rest = run.classify(ctx.inbound.text)
    if kind is None:
        rest = ctx.inbound.text.strip()
    elif kind != "action":
        return [ctx.reply("edit.action_kind_changed", number=number,
                          command=command_name("schrap", "drop", ctx.lang))]
    if not rest:
        return [ctx.reply("meeting.line_empty")]
    revision = meeting_action.revise(ctx, action, rest)
    if revision.problem:
        return [ctx.reply(revision.problem, number=number)]
    if not revision.changes:
        return []                         # the same line again (or only its spelling of the date)
    meeting_action.apply(ctx, action, revision)
    plans.link_typed_action(meeting, original, action, by=link.get("by"))
    ctx.session.add(meeting)
    aw = ActionWriter.for_ctx(ctx)
    owner = ctx.session.get(Member, action.owner_member_id)
    mentions = [owner.user_id] if revision.owner is not None and owner.id != ctx.member.id else []
    return [Reply(ctx.t("edit.action_edited", line=aw.line(action)), mentions=mentions, privacy="full",
                  withheld_text=ctx.t("edit.action_edited", line=aw.line(action, description=False)))]


ORDER = 34
NUMBER = Arg(N_("arg.meeting_decision_number"), "int")
COMMANDS = [
    Command("besluiten", "decisions", N_("cmd.besluiten.summary"), handler=list_decisions, case_data=True),
    Command("wijzig", "edit", N_("cmd.wijzig.summary"), case_data=True, subcommands=(
        Command("besluit", "decision", N_("cmd.wijzig.besluit.summary"), handler=edit_decision, case_data=True,
                args=(NUMBER, Arg(N_("arg.meeting_decision_text"), "text"))),
    )),
    Command("verwijder", "remove", N_("cmd.verwijder.summary"), case_data=True, subcommands=(
        Command("besluit", "decision", N_("cmd.verwijder.besluit.summary"), handler=remove_decision,
                case_data=True, args=(NUMBER,)),
        Command("actie", "action", N_("cmd.verwijder.actie.summary"), handler=remove_action, case_data=True,
                args=(Arg(N_("arg.meeting_action_number"), "int"),)),
    )),
]
