"""The held-out question sets, as (lang, text, expected topic).

heldout.<lang>.toml is the first set; fresh.<lang>.toml and fresh2.<lang>.toml were written later,
after the matcher had been tuned on the first, and scored once before any change (84% and 83% top-1
then; in the later batch the right topic was among the offered choices for 57 of 58). fresh3 was
written the way professionals type (shorthand, typos, statements, long messages with context, mixed
languages, commands, small talk) and scored once before any change: nl 83.2%, en 80.3%; the matcher
was then improved with its misses in view. fresh4 was written after that and scored once: nl 81.8%,
en 84.4%, with 3 of its 8 children in danger missed; those misses then led to wider safety rules
(checked on a blind batch in safety_phrasings.py), but no phrasing or synonym was tuned on fresh4.
After the wave (2 December 2026), top-1 per set, nl / en: heldout 98.7 / 97.0, fresh 95.3 / 95.3,
fresh2 89.7 / 86.2, fresh3 94.9 / 93.4, fresh4 85.7 / 87.0 (fresh4 with the code before the wave: 77.9 / 77.9).
After the answer points (Facts.point) and the consent-for-a-stated-age rule (2 December 2026, later): heldout
98.7 / 97.3, fresh 96.9 / 95.3, fresh2 89.7 / 86.2, fresh3 95.6 / 93.4, fresh4 87.0 / 87.0 (just before:
98.7 / 97.3, 95.3 / 95.3, 89.7 / 86.2, 95.6 / 93.4, 85.7 / 87.0); none lower.
None of them is used for training, and a test refuses a phrasing that copies one of their questions.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
SETS = ("heldout", "fresh", "fresh2", "fresh3", "fresh4")
LANGS = ("nl", "en")


def set_questions(name: str, lang: str) -> list[tuple[str, str, str | None]]:
    data = tomllib.loads((HERE / f"{name}.{lang}.toml").read_text(encoding="utf-8"))
    assert data["lang"] == lang
    return [(lang, text, None if topic == "outside" else topic)
            for topic, texts in data["expect"].items() for text in texts]


def heldout_questions(names: tuple[str, ...] = SETS) -> list[tuple[str, str, str | None]]:
    return [question for name in names for lang in LANGS for question in set_questions(name, lang)]
