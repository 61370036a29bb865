"""Two turns never share dialogue state: conversations walked from two threads at once (as a Matrix
and a Telegram message arriving together would be) each take exactly their own next step."""
import asyncio
import itertools
import threading

from core.messages import Inbound, Reply
from core.roles import CHAIR
from dialogues.engine import Branch, Dialogue, Step
from state.models import Room, Team
from state.teams import add_member

WALKS_PER_THREAD = 20_000


def _branching_dialogue() -> Dialogue:
    # a -> c when "jump"; b only when "ask_b"; d only when "ask_d": every walk depends on its answers.
    return Dialogue(name="probe", title="probe.title", finish=lambda ctx, answers: [Reply("")],
                    steps=[Step("a", "p.a"), Step("b", "p.b", when=lambda a: a.get("ask_b", False)),
                           Step("c", "p.c"), Step("d", "p.d", when=lambda a: a.get("ask_d", False))],
                    branches=[Branch("a", "c", lambda a: a.get("jump", False))])


def test_walks_from_two_threads_take_no_wrong_step():
    dialogue = _branching_dialogue()
    cases = [(state, {"jump": jump, "ask_b": ask_b, "ask_d": ask_d})
             for state in ("a", "b", "c")
             for jump, ask_b, ask_d in itertools.product((False, True), repeat=3)]
    expected = [dialogue.next_state(state, answers) for state, answers in cases]
    wrong: list[tuple] = []
    start = threading.Barrier(2)

    def walk(offset: int) -> None:
        start.wait()
        for i in range(WALKS_PER_THREAD):
            index = (i * 7 + offset) % len(cases)   # the two threads walk different cases at each moment
            state, answers = cases[index]
            got = dialogue.next_state(state, answers)
            if got != expected[index]:
                wrong.append((state, answers, got, expected[index]))

    threads = [threading.Thread(target=walk, args=(offset,)) for offset in (0, 5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == [], f"{len(wrong)} wrong steps in {2 * WALKS_PER_THREAD} walks, e.g. {wrong[:3]}"


def test_matrix_and_telegram_turns_interleaved_through_the_router_each_get_their_own_next_question(app):
    """Two event loops on two threads, as in `zorgbot serve`, both awaiting router.handle."""
    with app.services.db.session() as session:
        team = session.get(Team, app.team_id)
        session.add(Room(transport="matrix", external_id="!room:x", team_id=team.id, encrypted=True))
        session.add(Room(transport="telegram", external_id="-100", team_id=team.id, encrypted=False))
        add_member(session, team, "matrix", "@anna:x", "Anna", {CHAIR})
        add_member(session, team, "telegram", "42", "Bo", {CHAIR})
    script = [("!team inrichten", "Hoe heet het team?"), ("-", "Wat voor team is het?"),
              ("1", "Welk onderwijs?"), ("stop", "Je 1 antwoord is niet opgeslagen")]
    rounds = 15
    wrong: list[str] = []
    start = threading.Barrier(2)

    async def converse(transport: str, room: str, user: str) -> None:
        for round_ in range(rounds):
            for text, question in script:
                turn = await app.router.handle(Inbound(transport=transport, room_id=room, user_id=user, text=text,
                                                       encrypted=transport == "matrix"))
                said = "\n".join(reply.text for reply in turn.replies)
                if question not in said:
                    wrong.append(f"{transport} round {round_} {text!r}: {said[:60]!r}")

    def run(transport: str, room: str, user: str) -> None:
        start.wait()
        asyncio.run(converse(transport, room, user))

    threads = [threading.Thread(target=run, args=("matrix", "!room:x", "@anna:x")),
               threading.Thread(target=run, args=("telegram", "-100", "42"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []
    with app.services.db.session() as session:
        assert session.get(Team, app.team_id).name == "Zorgteam De Wilgen"   # every round was stopped
