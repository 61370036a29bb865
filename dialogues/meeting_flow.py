"""The meeting runner's state machine: where a meeting is, and which moves it allows.

Declared once on `transitions`, like the dialogues (dialogues/engine.py). The state is persisted on the
meeting itself: `Meeting.status` says planned, running, closed or cancelled, and while it runs
`details["stage"]` says which part of the meeting it is in. Handlers ask `move(meeting, trigger)`;
a move the machine does not allow returns None and changes nothing.

    planned --start--> attendance --open_item--> discussing --reach_end--> at_end
    attendance/discussing/at_end --ask_close--> closing --resume--> (where it was)
    closing --close--> closed --reopen--> at_end          planned --cancel--> cancelled
"""
from __future__ import annotations

import threading

from transitions import Machine, MachineError

from state import meetings as plans
from state.models import Meeting

PLANNED, ATTENDANCE, DISCUSSING, AT_END = "planned", "attendance", "discussing", "at_end"
CLOSING, CLOSED, CANCELLED = "closing", "closed", "cancelled"
STATES = [PLANNED, ATTENDANCE, DISCUSSING, AT_END, CLOSING, CLOSED, CANCELLED]
RUNNING_STAGES = (ATTENDANCE, DISCUSSING, AT_END, CLOSING)
_STATUS = {PLANNED: plans.PLANNED, CLOSED: plans.CLOSED, CANCELLED: plans.CANCELLED}

TRANSITIONS = [
    {"trigger": "start", "source": PLANNED, "dest": ATTENDANCE},
    {"trigger": "open_item", "source": [ATTENDANCE, DISCUSSING, AT_END], "dest": DISCUSSING},
    {"trigger": "reach_end", "source": [ATTENDANCE, DISCUSSING, AT_END], "dest": AT_END},
    {"trigger": "back_to_attendance", "source": [ATTENDANCE, DISCUSSING, AT_END], "dest": ATTENDANCE},
    {"trigger": "ask_close", "source": [ATTENDANCE, DISCUSSING, AT_END, CLOSING], "dest": CLOSING},
    # "No, not yet": back to the item under discussion, else to the end of the agenda.
    {"trigger": "resume", "source": CLOSING, "dest": DISCUSSING, "conditions": "has_item"},
    {"trigger": "resume", "source": CLOSING, "dest": AT_END},
    {"trigger": "close", "source": CLOSING, "dest": CLOSED},
    {"trigger": "reopen", "source": CLOSED, "dest": AT_END},
    {"trigger": "cancel", "source": PLANNED, "dest": CANCELLED},
]


class _Walk:
    """The model `transitions` moves for one call: the stage and whether an item is open."""

    def __init__(self) -> None:
        self.item_open = False

    def has_item(self) -> bool:
        return self.item_open


MACHINE = Machine(model=None, states=STATES, transitions=TRANSITIONS, initial=PLANNED, auto_transitions=False)
_walk = _Walk()
_walking = threading.Lock()      # one model, walked by one call at a time (as the dialogue engine does)
MACHINE.add_model(_walk, initial=PLANNED)


def stage(meeting: Meeting) -> str:
    """The meeting's state. Meetings started before the machine existed carry the old flags."""
    if meeting.status != plans.RUNNING:
        return next((name for name, status in _STATUS.items() if status == meeting.status), PLANNED)
    details = meeting.details or {}
    if details.get("stage") in RUNNING_STAGES:
        return details["stage"]
    if details.get("at_end"):
        return AT_END
    return DISCUSSING if meeting.current_item else ATTENDANCE


def allowed(meeting: Meeting, trigger: str) -> bool:
    return trigger in MACHINE.get_triggers(stage(meeting))


def move(meeting: Meeting, trigger: str) -> str | None:
    """Fire `trigger` from the meeting's stage and persist the stage it reaches; None when not allowed."""
    with _walking:
        MACHINE.set_state(stage(meeting), model=_walk)
        _walk.item_open = meeting.current_item is not None
        try:
            getattr(_walk, trigger)()
        except MachineError:
            return None
        reached = _walk.state
    if reached in RUNNING_STAGES:
        meeting.status = plans.RUNNING
        plans.update_details(meeting, stage=reached)
    else:
        meeting.status = _STATUS[reached]
        plans.update_details(meeting, stage=None)
    return reached


DIAGRAM_DOC = "docs/meeting-runner.md"


def diagram() -> str:
    """The machine as Mermaid text, for docs/meeting-runner.md."""
    lines = ["stateDiagram-v2", f"    [*] --> {PLANNED}"]
    for transition in TRANSITIONS:
        sources = transition["source"] if isinstance(transition["source"], list) else [transition["source"]]
        label = transition["trigger"] + (f" [{transition['conditions']}]" if "conditions" in transition else "")
        lines += [f"    {source} --> {transition['dest']}: {label}" for source in sources]
    return "\n".join(lines) + "\n"


def write_diagram(root: str = ".") -> None:
    """Rewrite the Mermaid block of docs/meeting-runner.md from the machine."""
    path = f"{root}/{DIAGRAM_DOC}"
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    head, _, rest = text.partition("```mermaid\n")
    _, _, tail = rest.partition("```\n")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(f"{head}```mermaid\n{diagram()}```\n{tail}")
