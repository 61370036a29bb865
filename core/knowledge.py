"""Rules as data: one TOML file per knowledge area, every statement with its seed source.

A region can correct a rule by editing the TOML file; no code changes. Each statement
carries Dutch and English text and a `source` such as "003:L2849" (seed 003, line 2849) or
"current law" for rules the seeds only refer to.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

# The TOML files live beside the dialogues that use them (dialogues/knowledge/); the core reads them
# as data by path, without importing the dialogues package.
KNOWLEDGE_DIR = Path(__file__).resolve().parent.parent / "dialogues" / "knowledge"


@dataclass(frozen=True)
class Statement:
    """One piece of advice in both languages, with where it comes from."""

    nl: str
    en: str
    source: str

    def text(self, lang: str) -> str:
        return self.en if lang == "en" else self.nl

    def cited(self, lang: str) -> str:
        return f"{self.text(lang)} [{self.source}]"

    @classmethod
    def from_table(cls, table: dict) -> "Statement":
        missing = [k for k in ("nl", "en", "source") if not table.get(k)]
        if missing:
            raise ValueError(f"statement lacks {', '.join(missing)}: {table!r}")
        return cls(nl=table["nl"], en=table["en"], source=table["source"])


@cache
def load_area(name: str) -> dict:
    """The parsed TOML of one knowledge area (e.g. "consent"), read once per process."""
    with open(KNOWLEDGE_DIR / f"{name}.toml", "rb") as fh:
        return tomllib.load(fh)
