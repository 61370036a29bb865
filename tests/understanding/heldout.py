"""The held-out question set (heldout.nl.toml, heldout.en.toml), as (lang, text, expected topic)."""
from __future__ import annotations

import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent


def heldout_questions() -> list[tuple[str, str, str | None]]:
    questions = []
    for lang in ("nl", "en"):
        data = tomllib.loads((HERE / f"heldout.{lang}.toml").read_text(encoding="utf-8"))
        assert data["lang"] == lang
        for topic, texts in data["expect"].items():
            questions.extend((lang, text, None if topic == "outside" else topic) for text in texts)
    return questions
