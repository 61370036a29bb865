"""Scoring the safety recognition on a blind set: recall on the danger messages, false positives on
the others, measured through understand() (what the member gets) and not through the rules alone."""
from __future__ import annotations

from dialogues.understanding import understand


def misses(danger: list[str], lang: str) -> list[str]:
    return [text for text in danger if not understand(text, lang).safety]


def false_alarms(safe: list[str], lang: str) -> list[str]:
    return [text for text in safe if understand(text, lang).safety]


def rates(danger: list[str], safe: list[str], lang: str) -> tuple[float, float]:
    """(recall, false positive rate) of the safety answer on one language's blind set."""
    return (1 - len(misses(danger, lang)) / len(danger), len(false_alarms(safe, lang)) / len(safe))
