"""Plain-text rendering of a Reply, shared by the console and the plain body of Matrix messages."""
from __future__ import annotations

from core.messages import Reply


def plain_text(reply: Reply) -> str:
    lines = [reply.text]
    for number, choice in enumerate(reply.choices, start=1):
        lines.append(f"  {number}. {choice.label}")
    return "\n".join(lines)
