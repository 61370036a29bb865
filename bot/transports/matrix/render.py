"""A Reply as Matrix message content: a plain-text body, Markdown rendered to HTML, intentional
mentions (m.mentions) with pills, and a thread relation when a dialogue continues under a command."""
from __future__ import annotations

import html
import re
from functools import cache
from typing import Callable

from core.messages import Reply
from core.render import plain_text


@cache
def _markdown():
    """The Markdown renderer, made on first use (or by warm_up() once the bot listens): importing
    markdown-it costs some 80 ms that need not delay the start. Raw HTML in the input is escaped,
    not passed through: replies may quote what members typed. Images are left as text: a member's
    `![](http://...)` quoted back would make other members' clients fetch a third-party URL."""
    from markdown_it import MarkdownIt
    return MarkdownIt("commonmark", {"html": False, "breaks": True}).disable("image")


def warm_up() -> None:
    _markdown().render("*zorgbot*")
NUMBER_EMOJI = ("1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣", "🔟")


def pill(user_id: str, name: str) -> str:
    return f'<a href="https://matrix.to/#/{html.escape(user_id)}">{html.escape(name)}</a>'


def _markdown_escape(text: str) -> str:
    return re.sub(r"([\\`*_{}\[\]()#+\-.!<>|~&])", r"\\\1", text)


def _with_mention(markdown: str, user_id: str, name: str) -> str | None:
    """The Markdown source with the first whole-word occurrence of `name` made a matrix.to link, or
    None when the name does not occur as a word (a name "a" never matches inside "Anna")."""
    pattern = re.compile(r"(?<![\w@])" + re.escape(name) + r"(?!\w)")
    found = pattern.search(markdown)
    if not name or not found:
        return None
    link = f"[{_markdown_escape(name)}](https://matrix.to/#/{user_id})"
    return markdown[:found.start()] + link + markdown[found.end():]


def message_content(reply: Reply, *, display_name: Callable[[str], str],
                    thread_root: str | None = None, reply_to: str | None = None) -> dict:
    body = plain_text(reply)
    markdown = body
    mentions = list(dict.fromkeys(reply.mentions))
    for user_id in mentions:
        name = display_name(user_id)
        linked = _with_mention(markdown, user_id, name)
        if linked is None:
            markdown = f"[{_markdown_escape(name)}](https://matrix.to/#/{user_id}): {markdown}"
            body = f"{name}: {body}"
        else:
            markdown = linked
    rendered = _markdown().render(markdown).strip()
    content = {"msgtype": "m.text", "body": body, "format": "org.matrix.custom.html",
               "formatted_body": rendered, "m.mentions": {"user_ids": mentions} if mentions else {}}
    if thread_root:
        content["m.relates_to"] = {"rel_type": "m.thread", "event_id": thread_root, "is_falling_back": True,
                                   "m.in_reply_to": {"event_id": reply_to or thread_root}}
    elif reply_to:
        content["m.relates_to"] = {"m.in_reply_to": {"event_id": reply_to}}
    return content


def text_from_event(body: str, formatted_body: str | None) -> str:
    """What a member typed, with mention pills turned back into Matrix IDs.

    Element puts a mentioned person's display name in the plain body and their Matrix ID only in the
    HTML link; commands such as `!actie @anna ...` need the ID, never the chosen name.
    """
    if not formatted_body or "matrix.to/#/@" not in formatted_body:
        return body
    text = body
    for user_id, name in re.findall(r'<a href="https://matrix\.to/#/(@[^"]+)">([^<]*)</a>', formatted_body):
        name = html.unescape(name)
        user_id = html.unescape(user_id).split("?")[0]
        if name and name in text:
            text = text.replace(name, user_id, 1)
    return text
