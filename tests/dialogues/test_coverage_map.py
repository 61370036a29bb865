"""docs/knowledge-coverage.md: every section of the readings has a row, every knowledge entry has a
line, every topic named exists, and a row without a topic says why it is left out."""
from __future__ import annotations

import re
from pathlib import Path

from dialogues.knowledge.answers import FAQ_TOPICS, TOPICS

ROOT = Path(__file__).resolve().parents[2]
MAP = ROOT / "docs" / "knowledge-coverage.md"
READINGS_DIR = ROOT.parent / "shared" / "domain"     # beside the repository (as in CI)
READINGS = {"000-002": "extract-seeds-000-001-002.md", "003": "extract-seed-003.md",
            "004": "extract-seed-004.md", "DOMAIN": "DOMAIN.md"}
# Rows per reading when the map was made; a section dropped from the map fails here even where the
# readings themselves are not at hand.
ROWS_PER_READING = {"000-002": 26, "003": 59, "004": 44, "DOMAIN": 6}


def rows() -> list[list[str]]:
    out = []
    for line in MAP.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| ") and len(cells) == 5 and cells[0] in READINGS:
            out.append(cells)
    return out


def reading_sections(path: Path) -> set[str]:
    """Leaf sections of a reading: every ### heading, and every ## heading without ### below it."""
    heads = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^(##|###) (\S+?)\.? ", line)
        if match:
            heads.append((match.group(1), match.group(2).rstrip(".")))
    return {sid for i, (level, sid) in enumerate(heads)
            if level == "###" or i + 1 == len(heads) or heads[i + 1][0] != "###"}


def test_every_row_names_existing_topics_or_says_why_it_is_left_out():
    known = set(TOPICS) | set(FAQ_TOPICS)
    for reading, section, title, topics, note in rows():
        named = re.findall(r"`([^`]+)`", topics)
        assert set(named) <= known, f"{reading} {section}: unknown topic {set(named) - known}"
        assert named or len(note) > 10, f"{reading} {section}: no topic and no reason"
        assert title


def test_every_knowledge_entry_has_a_line_in_the_map():
    named = {t for row in rows() for t in re.findall(r"`([^`]+)`", row[3])}
    missing = (set(TOPICS) | set(FAQ_TOPICS)) - named
    assert not missing, f"entries without a line in docs/knowledge-coverage.md: {sorted(missing)}"


def test_every_section_of_the_readings_has_a_row():
    by_reading: dict[str, list[str]] = {}
    for reading, section, *_ in rows():
        by_reading.setdefault(reading, []).append(section)
    for reading, sections in by_reading.items():
        assert len(sections) == len(set(sections)), f"{reading}: a section has two rows"
    assert {r: len(s) for r, s in by_reading.items()} == ROWS_PER_READING
    if READINGS_DIR.is_dir():      # beside the repository in CI: compare with the readings themselves
        for reading, file in READINGS.items():
            assert reading_sections(READINGS_DIR / file) == set(by_reading[reading]), reading
