"""What may travel over Telegram, which is not end-to-end encrypted: the team's `telegram_privacy`.

"none": advice only (consent and escalation rules); "codes" (default): case codes, actions, reminders
and agenda without case details; "full": everything. A Reply says what it reveals (`privacy`); a
reply above the team's level is replaced by its `withheld_text` or a pointer to the encrypted channel.
"""
from __future__ import annotations

from bot.i18n import t
from bot.messages import Reply, privacy_of
from state.models import Team

SETTING = "telegram_privacy"
LEVELS = ("none", "codes", "full")
DEFAULT_LEVEL = "codes"
UNBOUND = "unbound"        # a chat without a team: nothing of a team can be shown there anyway

_LEVEL_RANK = {"none": 0, "codes": 1, "full": 2}
_REPLY_RANK = {"advice": 0, "codes": 1, "full": 2}
_WORDS = {"none": ("none", "geen", "advies", "advice", "niets", "nothing"),
          "codes": ("codes", "code"),
          "full": ("full", "volledig", "alles", "all")}


def parse_level(word: str) -> str | None:
    word = word.strip().casefold()
    return next((level for level, words in _WORDS.items() if word in words), None)


def team_level(team: Team | None) -> str:
    if team is None:
        return DEFAULT_LEVEL
    value = (team.settings or {}).get(SETTING, DEFAULT_LEVEL)
    return value if value in _LEVEL_RANK else DEFAULT_LEVEL


def is_raise(old: str, new: str) -> bool:
    return _LEVEL_RANK[new] > _LEVEL_RANK[old]


def _rank(reply: Reply) -> int:
    # Unlabelled counts as "codes" (bot/messages.py); an unknown label as more than anything: never sent.
    return _REPLY_RANK.get(privacy_of(reply), 3)


def allowed(reply: Reply, level: str) -> bool:
    return _rank(reply) <= _LEVEL_RANK.get(level, 0)


def filtered(reply: Reply, level: str, lang: str) -> Reply:
    """The reply itself when the level allows it, else what may be said instead."""
    if allowed(reply, level):
        return reply
    # The withheld text is the reply one level down (a "full" reply's codes-only version).
    if reply.withheld_text and _rank(reply) - 1 <= _LEVEL_RANK.get(level, 0):
        text = f"{reply.withheld_text}\n{t('telegram.see_encrypted', lang)}"
    else:
        text = t("telegram.withheld", lang)
    # Choices and attachments are content too; mentions only name team members.
    return Reply(text, mentions=list(reply.mentions), in_thread=reply.in_thread, room_id=reply.room_id,
                 privacy="advice")


def notice_key(level: str) -> str:
    return {"none": "telegram.notice_none", "codes": "telegram.notice_codes", "full": "telegram.notice_full"}.get(
        level, "telegram.notice_unbound")


def case_data_refusal(ctx) -> Reply | None:
    """The router's case-data rule for Telegram: refused only where the team allows advice alone."""
    if team_level(ctx.team) == "none":
        return Reply(ctx.t("telegram.case_data_refused"), privacy="advice")
    return None
