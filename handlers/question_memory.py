"""What the last plain answer left for a member in a room: its details ("meer") and its choices.

One small row per member and room (state.keyvalue), replaced by the next answer and ignored once
older than EXPIRES, so a "2" typed tomorrow is not read as a choice made today. It holds the
details and topic ids the bot itself wrote, the facts understood and the options chosen in a finished
advice (so a correction can recompute it), never the member's text.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta

from core import policy
from dialogues.context import Context
from dialogues.corrections import CORRECTABLE
from dialogues.knowledge.facts import Facts
from state import keyvalue

EXPIRES = timedelta(minutes=30)
MORE = "meer"                     # the action (and choice value) that shows the details
WRITTEN = "questions_pending_written"   # ctx.extra flag: this turn already left choices
PREFIX = "questions:last:"


@dataclass
class Pending:
    actions: list[str]                  # what each numbered choice does: "meer", "uitzoeken", "topic:<id>"
    more: list[str] = field(default_factory=list)
    dialogue: str | None = None
    facts: Facts = field(default_factory=Facts)
    privacy: str = "advice"             # what the details reveal (core.messages.Reply.privacy)
    # A finished advice a correction may recompute: {"dialogue": name, "answers": the chosen options}
    correctable: dict | None = None


def _key(ctx: Context) -> str:
    inbound = ctx.inbound
    return f"{PREFIX}{inbound.transport}:{inbound.room_id}:{inbound.user_id}"


def remember(ctx: Context, *, actions: list[str], more: list[str] | None = None, dialogue: str | None = None,
             facts: Facts | None = None, privacy: str = "advice", correctable: dict | None = None) -> None:
    value = {"at": ctx.now().isoformat(), "actions": actions, "more": list(more or []), "dialogue": dialogue,
             "facts": asdict(facts or Facts()), "privacy": privacy, "correctable": correctable}
    keyvalue.put(ctx.session, _key(ctx), json.dumps(value))
    ctx.extra[WRITTEN] = True


def recall(ctx: Context) -> Pending | None:
    raw = keyvalue.get(ctx.session, _key(ctx))
    if not raw:
        return None
    try:
        value = json.loads(raw)
        if ctx.now() - datetime.fromisoformat(value["at"]) > EXPIRES:
            return None
        facts = Facts(**{k: v for k, v in value.get("facts", {}).items() if k in Facts.__dataclass_fields__})
        return Pending(actions=list(value["actions"]), more=list(value.get("more", [])),
                       dialogue=value.get("dialogue"), facts=facts, privacy=value.get("privacy") or "codes",
                       correctable=value.get("correctable") if isinstance(value.get("correctable"), dict) else None)
    except (ValueError, KeyError, TypeError):
        return None     # a row from an older version: as if nothing was pending


def keep_details(ctx: Context, replies: list) -> None:
    """The router's part: the details of this turn's replies become what "meer" shows. An answer that
    also left choices this turn keeps them; otherwise only "meer" is pending."""
    carrying = [reply for reply in replies if reply.more]
    if not carrying:
        return
    details = [line for reply in carrying for line in reply.more]
    privacy = max((reply.privacy or "codes" for reply in carrying), key=policy.reply_rank)
    pending = recall(ctx) if ctx.extra.get(WRITTEN) else None
    if pending is None:
        pending = Pending(actions=[MORE])
    remember(ctx, actions=pending.actions, more=details, dialogue=pending.dialogue, facts=pending.facts,
             privacy=privacy, correctable=ctx.extra.get(CORRECTABLE) or pending.correctable)


def forget(ctx: Context) -> None:
    keyvalue.remove(ctx.session, _key(ctx))
