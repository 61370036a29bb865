"""Matrix edits and redactions become Inbound messages (bot/transports/matrix/edits.py), on events as
Element sends them, parsed by matrix-nio itself. No homeserver; tests/integration/test_matrix_edits.py
covers the live path."""
from __future__ import annotations

import asyncio
from types import SimpleNamespace

from nio import RedactionEvent, RoomMessageText

from bot.transports.matrix import edits

ROOM = "!zorg:school.example"
CHAIR = "@chair:school.example"


def edit_event(new_body: str, *, original="$original", event_id="$edit", formatted: str | None = None) -> dict:
    new = {"msgtype": "m.text", "body": new_body}
    if formatted:
        new.update(format="org.matrix.custom.html", formatted_body=formatted)
    return {"type": "m.room.message", "event_id": event_id, "sender": CHAIR, "origin_server_ts": 1,
            "content": {"msgtype": "m.text", "body": f"* {new_body}", "m.new_content": new,
                        "m.relates_to": {"rel_type": "m.replace", "event_id": original}}}


def redaction_event(redacts="$original", event_id="$redaction") -> dict:
    return {"type": "m.room.redaction", "event_id": event_id, "sender": CHAIR, "origin_server_ts": 2,
            "redacts": redacts, "content": {}}


def parsed(source: dict, *, decrypted=True):
    event = RoomMessageText.from_dict(source)
    event.decrypted = decrypted
    return event


def test_an_edit_carries_the_new_wording_and_the_original_event():
    inbound = edits.edit_inbound(ROOM, parsed(edit_event("besluit: SMW en IB samen")), display_name="Chair",
                                 is_direct=False)
    assert inbound.text == "besluit: SMW en IB samen"            # not the "* " fallback body
    assert inbound.replaces_event_id == "$original" and inbound.redacts_event_id == ""
    assert inbound.event_id == "$edit" and inbound.user_id == CHAIR and inbound.encrypted
    assert inbound.thread_id == ""


def test_a_mention_pill_in_the_new_wording_becomes_the_matrix_id():
    event = parsed(edit_event("besluit: Anna de Vries belt", formatted=(
        'besluit: <a href="https://matrix.to/#/@anna:school.example">Anna de Vries</a> belt')))
    inbound = edits.edit_inbound(ROOM, event, display_name="Chair", is_direct=False)
    assert inbound.text == "besluit: @anna:school.example belt"


def test_an_edit_without_new_content_or_original_is_no_inbound():
    source = edit_event("x")
    del source["content"]["m.new_content"]
    assert edits.edit_inbound(ROOM, parsed(source), display_name="", is_direct=False) is None
    assert edits.replaced_event_id({"m.relates_to": {"rel_type": "m.thread", "event_id": "$t"}}) == ""
    assert edits.replaced_event_id({"body": "plain"}) == ""


def test_a_redaction_names_the_removed_event():
    event = RedactionEvent.from_dict(redaction_event())
    inbound = edits.redaction_inbound(ROOM, event, display_name="Chair", is_direct=False, encrypted=True)
    assert inbound.redacts_event_id == "$original" and inbound.replaces_event_id == ""
    assert inbound.text == "" and inbound.event_id == "$redaction"


class FakeTransport:
    """What edits.on_edit / on_redaction use of MatrixTransport: the client's rooms, the direct-chat
    flag and the one door to the router (`_handle`)."""

    def __init__(self):
        room = SimpleNamespace(encrypted=True, user_name=lambda user: "Chair")
        self.client = SimpleNamespace(rooms={ROOM: room})
        self.handled = []

    async def _is_direct(self, room_id):
        return False

    async def _handle(self, inbound, where):
        self.handled.append((inbound, where))


def test_the_transport_hands_edits_and_redactions_to_the_router_in_the_main_timeline():
    transport = FakeTransport()
    asyncio.run(edits.on_edit(transport, ROOM, parsed(edit_event("besluit: Y"))))
    asyncio.run(edits.on_redaction(transport, ROOM, RedactionEvent.from_dict(redaction_event("$other"))))
    (edit, where_edit), (redaction, where_redaction) = transport.handled
    assert edit.replaces_event_id == "$original" and edit.display_name == "Chair"
    assert redaction.redacts_event_id == "$other" and redaction.encrypted      # the room's state
    assert where_edit.thread_root is None and where_edit.event_id == "$edit" and where_edit.room_id == ROOM
    assert where_redaction.event_id == "$redaction"


def test_a_broken_edit_reaches_no_one():
    transport = FakeTransport()
    source = edit_event("x")
    source["content"]["m.new_content"] = "not a dict"
    asyncio.run(edits.on_edit(transport, ROOM, parsed(source)))
    assert transport.handled == []
