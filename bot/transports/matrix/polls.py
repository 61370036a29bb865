"""A question with options as one Matrix poll (MSC3381, `m.poll.start`), answered with one tap.

The content carries the stable and the unstable field names Element's clients read, and the numbered
text as the fallback body for clients without polls (where typing the number still answers). A
response's answer ids are the option numbers, so an answer reaches the dialogue as the same "2" a
member could have typed.
"""
from __future__ import annotations

from core.messages import Reply
from core.render import plain_text

START = "m.poll.start"
_UNSTABLE_START = "org.matrix.msc3381.poll.start"
RESPONSE_TYPES = ("m.poll.response", "org.matrix.msc3381.poll.response")
_TEXT, _UNSTABLE_TEXT = "m.text", "org.matrix.msc1767.text"
MAX_OPTIONS = 20     # Element's limit for poll answers


def _text(value: str) -> dict:
    return {_TEXT: value, _UNSTABLE_TEXT: value}


def poll_content(reply: Reply, *, thread_root: str | None = None, reply_to: str | None = None) -> dict:
    answers = [{"id": str(number), **_text(choice.label)} for number, choice in enumerate(reply.choices, start=1)]
    fallback = plain_text(reply)
    content = {
        START: {"kind": "m.poll.disclosed", "max_selections": 1, "question": _text(reply.text), "answers": answers},
        _UNSTABLE_START: {"kind": "org.matrix.msc3381.poll.disclosed", "max_selections": 1,
                          "question": _text(reply.text), "answers": answers},
        **_text(fallback),
        "body": fallback,
    }
    if thread_root:
        content["m.relates_to"] = {"rel_type": "m.thread", "event_id": thread_root, "is_falling_back": True,
                                   "m.in_reply_to": {"event_id": reply_to or thread_root}}
    return content


def answered(event_type: str, content: dict) -> tuple[str, str] | None:
    """(poll event id, chosen option number) from a poll response, or None if it is not one."""
    if event_type not in RESPONSE_TYPES:
        return None
    relates = content.get("m.relates_to") or {}
    if relates.get("rel_type") != "m.reference" or not relates.get("event_id"):
        return None
    block = content.get(event_type) or content.get("m.poll.response") \
        or content.get("org.matrix.msc3381.poll.response") or {}
    selections = block.get("answers") if isinstance(block, dict) else None
    if selections is None:
        selections = content.get("m.selections")
    if not isinstance(selections, list) or len(selections) != 1 or not str(selections[0]).isdigit():
        return None
    return relates["event_id"], str(selections[0])
