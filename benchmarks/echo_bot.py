"""The floor for the Matrix benchmark: a bare matrix-nio end-to-end encrypted echo bot, nothing else.

    python -m benchmarks.echo_bot HOMESERVER USER_ID PASSWORD STORE_DIR

It joins every room it is invited to and answers each text message with "echo: <text>", encrypting
for every device (no trust policy), as the simplest nio bots do.
"""
from __future__ import annotations

import asyncio
import sys

from nio import AsyncClient, AsyncClientConfig, MatrixRoom, RoomMessageText


async def run(homeserver: str, user_id: str, password: str, store: str) -> None:
    client = AsyncClient(homeserver, user_id, store_path=store,
                         config=AsyncClientConfig(encryption_enabled=True, store_sync_tokens=False))
    await client.login(password, device_name="echo")
    if client.should_upload_keys:
        await client.keys_upload()

    async def on_text(room: MatrixRoom, event: RoomMessageText) -> None:
        if event.sender != client.user_id:
            await client.room_send(room.room_id, "m.room.message", {"msgtype": "m.text", "body": f"echo: {event.body}"},
                                   ignore_unverified_devices=True)

    await client.sync(timeout=0, full_state=True)     # what happened before start is not answered
    client.add_event_callback(on_text, RoomMessageText)
    while True:
        await client.sync(timeout=30_000)
        for room_id in list(client.invited_rooms):
            await client.join(room_id)
        if client.should_upload_keys:
            await client.keys_upload()
        if client.should_query_keys:
            await client.keys_query()


if __name__ == "__main__":
    asyncio.run(run(*sys.argv[1:5]))
