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

KNOWLEDGE_DIR = Path(__file__).parent


@dataclass(frozen=True)
class Statement:
    """One piece of advice in both languages, with where it comes from."""

    nl: str
    en: str
    source: str

    def text(self, lang: str) -> str:
        return self.en if lang == "en" else self.nl

    def cited(self, lang: str) -> str:
        """The text with its document references, e.g. "... [003:L2849-2857]". A current-law or
        product marker is not repeated per line: the reply marks currency once, in its heading."""
        from .citations import parse_source

        refs, _ = parse_source(self.source)
        if not refs:
            return self.text(lang)
        joined, doc = [], None
        for ref in refs:   # "003:L6276-6280, L6294-6302": the document named once per run
            span = f"L{ref.start}" + (f"-{ref.end}" if ref.end != ref.start else "")
            joined.append(span if ref.doc == doc else f"{ref.doc}:{span}")
            doc = ref.doc
        return f"{self.text(lang)} [{', '.join(joined)}]"

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
