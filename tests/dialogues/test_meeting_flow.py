"""The meeting runner's state machine: the moves it allows, what it refuses, how the stage is kept on
the meeting, and that the drawn diagram in docs/ matches it."""
from __future__ import annotations

from pathlib import Path

from dialogues import meeting_flow as flow
from state.models import Meeting


def new_meeting() -> Meeting:
    return Meeting(team_id=1, starts_at=None, status="planned", details={})


def test_a_meeting_walks_from_planned_to_closed_and_back_by_reopening():
    meeting = new_meeting()
    assert flow.move(meeting, "start") == flow.ATTENDANCE and meeting.status == "running"
    meeting.current_item = 5
    assert flow.move(meeting, "open_item") == flow.DISCUSSING
    assert flow.move(meeting, "ask_close") == flow.CLOSING
    assert flow.move(meeting, "resume") == flow.DISCUSSING            # an item is open: back to it
    meeting.current_item = None
    assert flow.move(meeting, "reach_end") == flow.AT_END
    flow.move(meeting, "ask_close")
    assert flow.move(meeting, "resume") == flow.AT_END                # no item: the end of the agenda
    flow.move(meeting, "ask_close")
    assert flow.move(meeting, "close") == flow.CLOSED and meeting.status == "closed"
    assert meeting.details["stage"] is None
    assert flow.move(meeting, "reopen") == flow.AT_END and meeting.status == "running"


def test_moves_the_machine_does_not_allow_change_nothing():
    meeting = new_meeting()
    assert flow.move(meeting, "close") is None and meeting.status == "planned"
    assert flow.move(meeting, "reopen") is None
    flow.move(meeting, "start")
    assert flow.move(meeting, "close") is None                         # closing needs the question first
    assert flow.move(meeting, "start") is None and flow.stage(meeting) == flow.ATTENDANCE


def test_a_meeting_started_before_the_machine_reads_its_old_flags():
    assert flow.stage(Meeting(team_id=1, status="running", details={"at_end": True})) == flow.AT_END
    assert flow.stage(Meeting(team_id=1, status="running", current_item=3, details={})) == flow.DISCUSSING
    assert flow.stage(Meeting(team_id=1, status="running", details={})) == flow.ATTENDANCE
    assert flow.stage(Meeting(team_id=1, status="cancelled", details={})) == flow.CANCELLED


def test_the_diagram_in_docs_is_the_machine():
    doc = Path(__file__).resolve().parents[2] / flow.DIAGRAM_DOC
    assert flow.diagram() in doc.read_text(encoding="utf-8")
    assert "closing --> closed: close" in flow.diagram()
