"""Rules as data: one TOML file per knowledge area, every statement with its seed source.

A region can correct a rule by editing the TOML file; no code changes. Each statement
carries Dutch and English text and a `source` such as "003:L2849" (seed 003, line 2849) or
"current law" for rules the seeds only refer to.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

# The TOML files live beside the dialogues that use them (dialogues/knowledge/); the core reads them
# as data by path, without importing the dialogues package.
KNOWLEDGE_DIR = Path(__file__).resolve().parent.parent / "dialogues" / "knowledge"

# "current law (Wet verplichte meldcode, 2013)" and "current practice" mark what is not from the
# documents; the text in brackets is a note for whoever maintains the data.
CURRENT_MARKERS = ("current law", "current practice")
# "zorgbot" marks a principle of this product (e.g. "this is advice; the professional decides"):
# neither a document nor the law, so it is cited as nothing.
PRODUCT_MARKER = "zorgbot"
REFERENCE = re.compile(r"^(?:(\d{3})\s*:\s*)?L?\s*(\d+)(?:\s*-\s*L?(\d+))?$", re.IGNORECASE)


@dataclass(frozen=True)
class Ref:
    doc: str        # "000".."004"
    start: int      # first line, 1-based
    end: int        # last line (== start for one line)

    def __str__(self) -> str:
        return f"{self.doc}:L{self.start}" + (f"-{self.end}" if self.end != self.start else "")


def is_current(token: str) -> bool:
    return token.strip().lower().startswith(CURRENT_MARKERS)


def _split(source: str) -> list[str]:
    """Split on commas and semicolons outside brackets ("current law (Wbp, 2018)" stays whole)."""
    parts, depth, word = [], 0, []
    for char in source:
        depth += char == "("
        depth -= char == ")"
        if char in ",;" and depth == 0:
            parts.append("".join(word).strip())
            word = []
        else:
            word.append(char)
    parts.append("".join(word).strip())
    return [p for p in parts if p]


def parse_source(source: str) -> tuple[list[Ref], bool]:
    """The references in a statement's source, and whether it (also) states current law/practice.

    "003:L6276-6280, L6294-6302" gives two references to document 003. Anything else than a
    reference or a current-law marker raises ValueError: a source must be checkable.
    """
    refs, current, doc = [], False, None
    for token in _split(source):
        if is_current(token):
            current = True
            continue
        if token.strip().lower() == PRODUCT_MARKER:
            continue
        match = REFERENCE.match(token)
        if not match or not (match.group(1) or doc):
            raise ValueError(f"not a reference: {token!r} in {source!r}")
        doc = match.group(1) or doc
        start = int(match.group(2))
        end = int(match.group(3) or start)
        refs.append(Ref(doc, start, end))
    return refs, current


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
