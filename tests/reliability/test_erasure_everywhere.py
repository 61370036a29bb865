"""`!vergeet` leaves nothing of the case anywhere it was typed or saved: not under another form of its
code (Z–17, Ｚ-17), not in a note on another case's action, not in the minutes of a meeting that
discussed it anonymously, not in a console history. Checked on the bytes of the database, its WAL and
every file in the data directory, as tests/reliability/test_erasure_traces.py does."""
from __future__ import annotations

import asyncio
import io
import json
from pathlib import Path

from sqlmodel import select

from bot.app import build
from bot.config import Settings
from bot.transports.console import Console, session_history
from core.clock import FixedClock
from state.models import AuditEntry

FORMS = ("Z-17", "Z\u201317", "Z\u201117", "Z\u221217", "\uff3a-17", "z-17")


def all_bytes(tmp_path: Path) -> dict[str, bytes]:
    """Every file under tmp_path (the database with its WAL, the data directory), name and content."""
    return {str(p.relative_to(tmp_path)): p.name.encode() + p.read_bytes()
            for p in tmp_path.rglob("*") if p.is_file()}


def hits(tmp_path: Path, needles) -> list[str]:
    return [f"{name}: {needle}" for name, content in all_bytes(tmp_path).items() for needle in needles
            if needle.encode() in content]


def chat(tmp_path: Path, clock: FixedClock):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'z.db'}", data_dir=str(tmp_path / "data"),
                        console_user="Marleen")
    services, router = build(settings, clock=clock)
    out = io.StringIO()
    console = Console(services, router, stdin=io.StringIO(), stdout=out)
    console.greet()

    def type_(*lines: str) -> str:
        start = len(out.getvalue())
        for line in lines:
            asyncio.run(console.process(line))
        return out.getvalue()[start:]
    return services, type_


def test_every_form_of_the_code_is_one_anonymous_case_and_all_of_it_is_erased(tmp_path, clock):
    services, type_ = chat(tmp_path, clock)
    for number, form in enumerate(FORMS, start=1):
        type_(f"!actie ik Qxtaak{number} {form} vrijdag")
    type_("!actie ik Qxbellen Z-18 vrijdag")
    listing = type_("!acties team")
    # One case, shown by its letter only: no form of the code in the team's list.
    assert listing.count("anonieme casus A") == len(FORMS), listing
    assert not [form for form in FORMS if form in listing]
    # A note on the other case's action that names the erased case, typed with an en dash.
    type_(f"!notitie {len(FORMS) + 1} zelfde gezin als Z\u201317, Qxandernotitie")
    assert hits(tmp_path, ["Qxtaak1", "Z\u201317"])

    done = type_("!vergeet Z\u201317", "Z-17")
    assert "Alles over Z-17 is gewist" in done
    needles = [f"Qxtaak{n}" for n in range(1, len(FORMS) + 1)] + list(FORMS)
    assert hits(tmp_path, needles) == []
    # The other case keeps its action and its note, the code in it replaced by a neutral marker.
    other = type_(f"!actie {len(FORMS) + 1}")
    assert "Qxbellen" in other and "zelfde gezin als [gewiste casus], Qxandernotitie" in other
    with services.db.session() as session:
        erased = session.exec(select(AuditEntry).where(AuditEntry.action == "case/erased")).one()
        assert erased.details["mentions_replaced"] == {"action": 1}          # counted, without text
        assert "gezin" not in json.dumps(erased.details)
    services.db.dispose()
    assert hits(tmp_path, needles) == []


MEETING = [
    "/klok 2026-11-25 09:30", "!team lid Ilse ib", "!team lid Anna smw",
    "!overleg plan", "dinsdag 1 december 14:00", "elke 3 weken", "Teamkamer", "ja",
    "/als Ilse",
    "!aanmelden Z-17", "Qxhulpvraag driftbuien?", "-", "-", "Qxaanleiding", "Qxkern", "-", "-", "-", "-", "-", "-", "ja",
    "!aanmelden Z-18", "Qxanderhulpvraag lezen?", "-", "-", "Qxanderaanleiding", "Qxanderkern",
    "-", "-", "-", "-", "-", "-", "ja",
    "/klok 2026-12-01 14:00", "/als Marleen", "!agenda start", "!volgende",
    "besluit: eerst een huisbezoek Qxbesluit door SMW", "actie: @anna huisbezoek Qxactie plannen vrijdag",
    "notitie: vader Qxnotitie heeft schulden", "!volgende punt", "notitie: Qxandernotitie over lezen",
    "!agenda sluit", "ja", "!notulen 1 html", "!notulen 1",
]


def test_minutes_of_a_meeting_that_discussed_the_anonymous_case_keep_nothing_of_it(tmp_path, clock):
    services, type_ = chat(tmp_path, clock)
    transcript = type_(*MEETING)
    files = tmp_path / "data" / "files"
    minutes = sorted(p.name for p in files.glob("verslag-*"))
    assert minutes == ["verslag-2026-12-01.html", "verslag-2026-12-01.md"], transcript[-3000:]
    mine = ("Qxbesluit", "Qxactie", "Qxnotitie", "Qxaanleiding", "Qxkern", "Qxhulpvraag")
    # The case is anonymous: its minutes do not hold the code, only its letter and what was said.
    assert "Z-17" not in (files / "verslag-2026-12-01.md").read_text()
    assert hits(tmp_path / "data", ["Qxbesluit", "Qxnotitie"])

    done = type_("!vergeet Z-17", "Z-17")
    assert "opgeslagen bestanden" in done and "Alles over Z-17 is gewist" in done
    assert hits(tmp_path, mine + ("Z-17",)) == []
    # The minutes can be made again: the other case's discussion is there, nothing of the erased one.
    type_("!notulen 1")
    again = (files / "verslag-2026-12-01.md").read_text()
    assert "Qxandernotitie" in again
    assert hits(tmp_path, mine + ("Z-17",)) == []
    services.db.dispose()


def test_the_console_keeps_no_history_file_and_forgets_its_session_history_on_erasure(tmp_path, clock):
    # Answers to a dialogue about a case, and "!notitie 1 ...", do not name the case: a history file
    # could not be cleaned by its code. The session's own history is forgotten on an erasure.
    history = session_history()
    for line in ("!aanmelden Z-17", "Qxhulpvraag", "!notitie 1 Qxnotitie"):
        history.append_string(line)

    async def loaded():
        return [line async for line in history.load()]
    assert "Qxhulpvraag" in asyncio.run(loaded())
    history.forget()
    assert asyncio.run(loaded()) == []
    history.append_string("!acties")
    assert asyncio.run(loaded()) == ["!acties"]

    # A history file an earlier version left behind holds answers that name no case: it goes whole.
    services, type_ = chat(tmp_path, clock)
    legacy = tmp_path / "data" / "console-history"
    legacy.parent.mkdir(exist_ok=True)
    legacy.write_text("\n# 2026-11-25 09:00\n+!aanmelden Z-17\n\n# 2026-11-25 09:01\n+Qxhulpvraag\n")
    type_("!actie ik Qxtaak Z-17 vrijdag", "!vergeet Z-17", "Z-17")
    assert not legacy.exists()
    assert hits(tmp_path, ["Qxhulpvraag", "Qxtaak", "Z-17"]) == []
    services.db.dispose()


def test_closing_points_at_aftercare_three_months_after_the_last_discussion_without_the_letter(tmp_path, clock):
    services, type_ = chat(tmp_path, clock)
    type_(*MEETING)
    type_("/klok 2026-12-10 09:00")
    closed = type_("!casus sluit Z-17")
    # Discussed on 1 December: aftercare is due three months on, not three months after closing.
    assert "1 maart 2027" in closed and "10 maart" not in closed, closed
    assert "anonieme casus" not in closed and "Zal ik" not in closed and "!nazorg Z-17" in closed
    services.db.dispose()
