"""The state diagrams in docs/diagrams/ are drawn from the machines as they are declared now."""
from bot.registry import build_dialogues
from tools.diagrams import OUT, differences, expected


def test_the_drawn_diagrams_are_up_to_date():
    found = differences()
    assert not found, "run `make diagrams` and commit docs/diagrams/: " + ", ".join(found)


def test_every_dialogue_has_a_diagram_with_every_step():
    files = expected()
    for dialogue in build_dialogues():
        text = files[f"dialogue_{dialogue.name}.md"]
        assert f"[*] --> {dialogue.steps[0].name}" in text
        assert all(step.name in text for step in dialogue.steps), dialogue.name
        assert "done --> [*]" in text


def test_the_index_links_every_diagram():
    index = (OUT / "README.md").read_text(encoding="utf-8")
    assert all(f"({name})" in index for name in expected() if name != "README.md")
