"""References to the five source documents, as professionals can find them again.

A knowledge statement's `source` is written as "003:L2849-2857, L2877, 004:L1905, current law":
document number, line or line range, more ranges of the same document, and "current law" or
"current practice" where the statement is not from the documents. This module

- parses such a source (`parse_source`) and a reference typed by a member (`parse_ref`);
- names a reference the way a professional looks it up (`cite`): "Wegwijzer voor intern
  begeleiders (2008), hoofdstuk 1, §8 Zorgteams, ZAT's en de privacy van ouders, Informeren en
  toestemming vragen (003:L2813)", with the document's own headings (tabulated in sources.toml);
- returns the quoted passage itself (`passage`), for `!bron`.

The documents ship under sources/ at the top of the repository; line numbers count every line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from core.i18n import t
from core.knowledge import REFERENCE, Ref, load_area, parse_source

MAX_PASSAGE_LINES = 80      # a passage longer than this is cut, so a chat message stays readable


class UnknownReference(ValueError):
    """A reference that points at nothing; `key` is the catalog key that says so."""

    def __init__(self, key: str, ref: str) -> None:
        super().__init__(f"{key}: {ref}")
        self.key = key
        self.ref = ref


@dataclass(frozen=True)
class Heading:
    line: int
    level: int      # 1 chapter, 2 section, 3 subsection
    number: str
    text: str


@dataclass(frozen=True)
class Document:
    number: str
    file: str
    title: str
    publisher: str
    year: str
    year_en: str
    headings: tuple[Heading, ...]

    def year_in(self, lang: str) -> str:
        return self.year_en if lang == "en" else self.year


def sources_dir() -> Path:
    """The repository's sources/ folder: the nearest parent of this module that has one."""
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "sources"
        if (candidate / "README.md").is_file():
            return candidate
    raise FileNotFoundError("no sources/ folder with README.md above the knowledge package")


@cache
def documents() -> dict[str, Document]:
    out = {}
    for number, table in load_area("sources")["documents"].items():
        headings = tuple(Heading(*row) for row in table["headings"])
        if [h.line for h in headings] != sorted({h.line for h in headings}):
            raise ValueError(f"sources.toml {number}: heading lines must increase")
        out[number] = Document(number, table["file"], table["title"], table["publisher"],
                               table["year"], table["year_en"], headings)
    return out


@cache
def document_lines(number: str) -> tuple[str, ...]:
    """The document's lines as shipped; line n is index n-1 (split on newlines only, as `nl` counts)."""
    text = (sources_dir() / documents()[number].file).read_text(encoding="utf-8")
    return tuple(text.split("\n"))


# --------------------------------------------------------------------------------------------
# Parsing
# --------------------------------------------------------------------------------------------

def parse_ref(text: str) -> Ref:
    """A reference as a member types it: "003:L2849-2857", "003:2849", "003 L2849"."""
    cleaned = re.sub(r"[\[\]()]", "", (text or "").strip()).replace(" ", "")
    cleaned = re.sub(r"^(\d{3})L", r"\1:L", cleaned, flags=re.IGNORECASE)
    match = REFERENCE.match(cleaned)
    if not match or not match.group(1):
        raise UnknownReference("sources.bad_ref", text)
    ref = Ref(match.group(1), int(match.group(2)), int(match.group(3) or match.group(2)))
    check(ref)
    return ref


def check(ref: Ref) -> None:
    """Raises UnknownReference unless the reference points at existing, non-empty lines."""
    if ref.doc not in documents():
        raise UnknownReference("sources.unknown_document", str(ref))
    lines = document_lines(ref.doc)
    if not 1 <= ref.start <= ref.end <= len(lines):
        raise UnknownReference("sources.outside_document", str(ref))
    if not any(line.strip() for line in lines[ref.start - 1:ref.end]):
        raise UnknownReference("sources.empty_passage", str(ref))


# --------------------------------------------------------------------------------------------
# Naming a reference
# --------------------------------------------------------------------------------------------

def headings_at(ref: Ref) -> tuple[Heading | None, Heading | None, Heading | None]:
    """The chapter, section and subsection under which the reference's first line stands."""
    chapter = section = sub = None
    for heading in documents()[ref.doc].headings:
        if heading.line > ref.start:
            break
        if heading.level == 1:
            chapter, section, sub = heading, None, None
        elif heading.level == 2:
            section, sub = heading, None
        else:
            sub = heading
    return chapter, section, sub


def heading_name(ref: Ref, lang: str) -> str:
    """The document and headings of a reference, without the line detail."""
    return cite(ref, lang).rsplit(" (", 1)[0]


def cite_grouped(refs: list[Ref], lang: str) -> list[str]:
    """Citations with the references under one heading joined: "... Schorsing (003:L6276-6280,
    003:L6290-6292)". Order of first appearance; a reference named twice is named once."""
    groups: dict[str, list[str]] = {}
    for ref in refs:
        names = groups.setdefault(heading_name(ref, lang), [])
        if str(ref) not in names:
            names.append(str(ref))
    return [f"{name} ({', '.join(lines)})" for name, lines in groups.items()]


def cite(ref: Ref, lang: str) -> str:
    """"Wegwijzer voor intern begeleiders (2008), hoofdstuk 3, Extra 3. Schorsing en verwijdering,
    Schorsing (003:L6276-6280)"."""
    doc = documents()[ref.doc]
    parts = [f"{doc.title} ({doc.year_in(lang)})"]
    chapter, section, sub = headings_at(ref)
    if chapter:
        if chapter.number and section:
            parts.append(t("citation.chapter", lang, number=chapter.number))
        elif chapter.number:
            parts.append(t("citation.chapter_named", lang, number=chapter.number, name=chapter.text))
        else:
            parts.append(chapter.text)
    if section:
        parts.append(f"§{section.number} {section.text}" if section.number else section.text)
    if sub:
        parts.append(sub.text)
    return ", ".join(parts) + f" ({ref})"


def cite_source(source: str, lang: str) -> list[str]:
    """Every document reference of a statement's source, named; current-law markers are left out
    (the answer shows those once, see answers.py)."""
    refs, _ = parse_source(source)
    return [cite(ref, lang) for ref in refs]


def _join_lines(lines: list[str]) -> str:
    """PDF lines to running text: blank lines dropped, words broken with a hyphen rejoined."""
    text = ""
    for raw in lines:
        line = " ".join(raw.split())
        if not line:
            continue
        if text.endswith("-") and line[:1].islower() and len(text) > 1 and text[-2].isalpha():
            text = text[:-1] + line
        else:
            text = f"{text} {line}" if text else line
    return text


def passage(ref: str | Ref) -> str:
    """The quoted text of a reference, e.g. passage("003:L2849-2857"). UnknownReference if it
    points at nothing. Long ranges are cut after MAX_PASSAGE_LINES lines, marked with "…"."""
    if isinstance(ref, str):
        ref = parse_ref(ref)
    check(ref)
    lines = document_lines(ref.doc)
    end = min(ref.end, ref.start + MAX_PASSAGE_LINES - 1)
    text = _join_lines(list(lines[ref.start - 1:end]))
    return text + (" …" if end < ref.end else "")
