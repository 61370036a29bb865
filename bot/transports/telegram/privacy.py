"""What may travel over Telegram, which is not end-to-end encrypted: the team's `telegram_privacy`.

"none": advice only (consent and escalation rules); "codes" (default): case codes, actions, reminders
and agenda without case details; "full": everything. A Reply says what it reveals (`privacy`); a
reply above the team's level (decided in core.policy) is replaced by its `withheld_text` or a
pointer to the encrypted channel.
"""
from __future__ import annotations

from core import policy
from core.i18n import t
from core.messages import Reply, privacy_of
from state.models import Team

UNBOUND = "unbound"        # a chat without a team: nothing of a team can be shown there anyway


def team_level(team: Team | None) -> str:
    return policy.team_privacy_level(team.settings if team else None)


def allowed(reply: Reply, level: str) -> bool:
    return policy.may_travel(privacy_of(reply), level)


def filtered(reply: Reply, level: str, lang: str) -> Reply:
    """The reply itself when the level allows it, else what may be said instead."""
    if allowed(reply, level):
        return reply
    # The withheld text is the reply one level down (a "full" reply's codes-only version).
    if reply.withheld_text and policy.may_travel_one_level_down(privacy_of(reply), level):
        text = reply.withheld_text
        if reply.withheld_text.strip() != reply.text.strip():     # say so only when something was left out
            text = f"{text}\n{t('telegram.see_encrypted', lang)}"
    else:
        text = t("telegram.withheld", lang)
    # The choices stay: they are the dialogue's fixed options (ja/nee, a kind of team), and without
    # them the member cannot answer the question. Attachments are content; mentions only name members.
    return Reply(text, choices=list(reply.choices), mentions=list(reply.mentions), in_thread=reply.in_thread,
                 room_id=reply.room_id, privacy="advice")


def notice_key(level: str) -> str:
    return {"none": "telegram.notice_none", "codes": "telegram.notice_codes", "full": "telegram.notice_full"}.get(
        level, "telegram.notice_unbound")
