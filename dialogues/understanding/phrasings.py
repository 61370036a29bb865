"""The curated phrasings per topic, read from the TOML files in dialogues/knowledge/topics/.

Each file holds one language:

    lang = "nl"
    [topics."safety.acute"]
    phrasings = ["kind zegt dat papa slaat", ...]

The pseudo topic `outside` holds small talk and requests outside the team's work; a message
closest to it is understood as "not a question for the bot" (topic None).
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

TOPICS_DIR = Path(__file__).resolve().parent.parent / "knowledge" / "topics"
OUTSIDE = "outside"

# The fixed topic ids shared with the advice layer (see the contract); howto.<command> come on top.
# One string, split: these ids are not catalog keys, though some look like one ("team.composition").
AREA_TOPICS = tuple("""
    safety.acute consent privacy.sharing privacy.records authority veilig_thuis meldcode suspension expulsion
    route.leerplicht route.police route.crisis team.composition case.intake zat.referral verwijsindex meetings
    minutes plan coordinator reporting_back closing evaluation
""".split())


@dataclass(frozen=True)
class Phrasing:
    topic: str
    lang: str
    text: str


def load_phrasings(directory: Path = TOPICS_DIR) -> list[Phrasing]:
    phrasings: list[Phrasing] = []
    for path in sorted(directory.glob("*.toml")):
        with path.open("rb") as handle:
            data = tomllib.load(handle)
        lang = data["lang"]
        for topic, entry in data.get("topics", {}).items():
            if topic != OUTSIDE and topic not in AREA_TOPICS and not topic.startswith("howto."):
                raise ValueError(f"{path.name}: unknown topic id {topic!r}")
            phrasings.extend(Phrasing(topic, lang, text) for text in entry["phrasings"])
    return phrasings
