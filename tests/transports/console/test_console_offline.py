"""The console transport on its own: typed lines (fixtures/session.json) in, printed text out, through
the same router as every transport; attachments saved owner-only; unprompted messages printed."""
import io
import json
import stat
from pathlib import Path

import pytest

from bot.app import build
from bot.config import Settings
from bot.transports.console import Console, ensure_demo_team
from core.messages import Choice, Reply

SESSION = json.loads((Path(__file__).parent / "fixtures" / "session.json").read_text(encoding="utf-8"))


@pytest.fixture
def console(sqlite_url, clock, tmp_path):
    settings = Settings(database_url=sqlite_url, language="nl", console_user="Marleen",
                        data_dir=str(tmp_path / "data"))
    services, router = build(settings, clock=clock)
    assert "Marleen" in ensure_demo_team(services, "Marleen")
    assert ensure_demo_team(services, "Marleen") is None     # only on the first start
    yield Console(services, router, stdin=io.StringIO(), stdout=io.StringIO())
    router.close()
    services.db.dispose()


async def test_a_recorded_session(console):
    for step in SESSION["steps"]:
        before = console.stdout.tell()
        assert await console.process(step["line"]) is True
        printed = console.stdout.getvalue()[before:]
        if step.get("silent"):
            assert printed == "", step["line"]
        for expected in step["says"]:
            assert expected in printed, (step["line"], printed)
        for unwanted in step.get("not", []):
            assert unwanted not in printed, (step["line"], printed)


async def test_quitting_says_so_and_sends_nothing(console):
    assert await console.process("/stop") is False
    assert console.stdout.getvalue() == ""


def test_choices_are_numbered_and_each_reply_ends_with_a_blank_line(console):
    console.show([Reply("Welk soort team?", choices=[Choice("zorgteam", "Zorgteam"), Choice("zat", "ZAT")])])
    assert console.stdout.getvalue() == "Welk soort team?\n  1. Zorgteam\n  2. ZAT\n\n"


def test_an_attachment_is_saved_owner_only_under_its_own_name(console):
    console.show([Reply("Export klaar.", attachment=("../../Z-17.json", b"{}", "application/json"))])
    saved = Path(console.services.settings.data_dir) / "files" / "Z-17.json"
    assert saved.read_bytes() == b"{}"
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert str(saved) in console.stdout.getvalue()


async def test_unprompted_messages_are_printed_like_replies(console):
    await console.send("local", Reply("Herinnering: actie #3."))
    assert console.stdout.getvalue() == "Herinnering: actie #3.\n\n"
