"""Sources a professional can open: the shipped documents, citations by title and heading, passages,
and no development words in anything a member reads."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from core.i18n import LOCALES_DIR
from core.knowledge import KNOWLEDGE_DIR
from dialogues.knowledge.citations import (
    UnknownReference, cite, cite_source, document_lines, documents, parse_ref, parse_source, passage,
    sources_dir,
)

ROOT = Path(__file__).resolve().parents[2]
# Words of the project's own workshop that must never reach a member.
DEVELOPMENT_WORDS = re.compile(
    r"\bseeds?\b|seed's|DOMAIN\.md|\bextract|\.txt\b|\b00[0-4]_[0-9a-f]{6,}|/work/|/tmp/", re.IGNORECASE)


def knowledge_files() -> list[Path]:
    """Every knowledge file of the advice side (topics/ belongs to the understanding side)."""
    return sorted(p for p in KNOWLEDGE_DIR.rglob("*.toml") if "topics" not in p.relative_to(KNOWLEDGE_DIR).parts)


def sourced_tables(node, path=""):
    if isinstance(node, dict):
        if isinstance(node.get("source"), str):
            yield path, node
        for key, value in node.items():
            yield from sourced_tables(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from sourced_tables(value, f"{path}[{index}]")


def all_sourced_tables():
    for file in knowledge_files():
        if file.name == "sources.toml":
            continue
        data = tomllib.loads(file.read_text(encoding="utf-8"))
        for path, table in sourced_tables(data):
            yield f"{file.relative_to(KNOWLEDGE_DIR)}{path}", table


# -- the shipped documents ---------------------------------------------------------------------
def test_the_five_documents_ship_in_the_repository_with_a_readme_naming_them():
    folder = sources_dir()
    assert folder == ROOT / "sources"
    readme = (folder / "README.md").read_text(encoding="utf-8")
    for number, doc in documents().items():
        assert (folder / doc.file).is_file(), doc.file
        assert doc.file in readme and doc.title.split(" (")[0].split(":")[0] in readme
    assert "Wegwijzer voor intern begeleiders" in readme and "2008" in readme


def test_line_numbers_are_those_the_references_were_written_against():
    # Spot checks: the words the rules quote stand on the lines the references name.
    assert "Optie" in document_lines("003")[2849 - 1] and "schriftelijke" in document_lines("003")[2849 - 1]
    assert "crisisaanmeldingen" in document_lines("004")[3266 - 1]
    assert len(document_lines("003")) >= 9228 and len(document_lines("004")) >= 3661


# -- every reference resolves ------------------------------------------------------------------
def test_every_reference_in_every_knowledge_file_resolves_to_a_passage():
    checked = 0
    for where, table in all_sourced_tables():
        refs, current = parse_source(table["source"])   # raises on anything uncheckable
        assert refs or current or table["source"] == "zorgbot", f"{where}: no reference at all"
        for ref in refs:
            text = passage(ref)
            assert text.strip(), f"{where}: {ref} points at blank lines"
            checked += 1
    assert checked > 500


def test_a_source_that_is_not_a_reference_is_refused():
    with pytest.raises(ValueError):
        parse_source("DOMAIN.md §0")
    with pytest.raises(ValueError):
        parse_source("L12")        # a range without a document


# -- citations as professionals know them ------------------------------------------------------
def test_a_reference_is_named_by_title_year_chapter_and_section():
    nl = cite(parse_ref("003:L2849-2857"), "nl")
    assert nl == ("Wegwijzer voor intern begeleiders (2008), hoofdstuk 1, §8 Zorgteams, ZAT's en de "
                  "privacy van ouders, Optie 1: Bespreking met schriftelijke toestemming (003:L2849-2857)")
    en = cite(parse_ref("003:L2849-2857"), "en")
    assert en.startswith("Wegwijzer voor intern begeleiders (2008), chapter 1, §8 ")
    assert "hoofdstuk" not in en


def test_citations_of_the_quality_framework_and_the_suspension_rules():
    assert cite(parse_ref("004:L3266"), "nl").startswith(
        "Kwaliteitskader zorgteams/ZAT's in het primair onderwijs (ca. 2010), hoofdstuk 9, §6 ")
    text = cite(parse_ref("003:L6276-6280"), "nl")
    assert "Extra 3. Schorsing en verwijdering, Schorsing" in text


def test_a_source_with_current_law_cites_only_the_documents():
    assert cite_source("003:L6276-6280, L6294-6302, current law (WPO)", "en") == [
        cite(parse_ref("003:L6276-6280"), "en"), cite(parse_ref("003:L6294-6302"), "en")]
    assert parse_source("current law (Wet verplichte meldcode, 2013; afwegingskader 2019)") == ([], True)


# -- passages ----------------------------------------------------------------------------------
def test_the_passage_is_the_documents_own_text_with_broken_words_joined():
    text = passage("003:L2849-2857")
    assert text.startswith("Optie 1: Bespreking met schriftelijke toestemming")
    assert "schriftelijk toestemming voor bespreking" in text
    assert "\n" not in text


@pytest.mark.parametrize("typed", ["003:2849", "003 L2849", "[003:L2849]", "003:L2849-L2857"])
def test_references_may_be_typed_loosely(typed):
    assert str(parse_ref(typed)).startswith("003:L2849")


@pytest.mark.parametrize("typed,key", [
    ("hallo", "sources.bad_ref"), ("", "sources.bad_ref"), ("009:L12", "sources.unknown_document"),
    ("003:L99999", "sources.outside_document"), ("003:L20-10", "sources.outside_document"),
    ("003:L0", "sources.outside_document"),
])
def test_a_reference_that_points_at_nothing_says_why(typed, key):
    with pytest.raises(UnknownReference) as caught:
        passage(typed)
    assert caught.value.key == key


def test_a_long_range_is_cut_and_marked():
    assert passage("003:L1-2000").endswith(" …")


# -- no development words ----------------------------------------------------------------------
def test_no_knowledge_text_contains_a_development_word():
    for where, table in all_sourced_tables():
        for lang in ("nl", "en"):
            text = table.get(lang, "")
            assert not DEVELOPMENT_WORDS.search(text), f"{where}.{lang}: {text}"


def test_no_catalog_message_contains_a_development_word():
    for po_file in sorted(LOCALES_DIR.glob("*/LC_MESSAGES/*.po")):
        with open(po_file, "rb") as fh:
            for message in read_po(fh):
                # A message with plural forms has one text per form.
                texts = message.string if isinstance(message.string, tuple) else (message.string,)
                for text in texts if message.id else ():
                    assert not DEVELOPMENT_WORDS.search(text or ""), f"{po_file.name}: {message.id}"


def test_the_heading_table_names_lines_that_carry_those_headings():
    # Each tabulated heading's first word occurs on its line or the next few (PDF layout).
    for number, doc in documents().items():
        lines = document_lines(number)
        for heading in doc.headings:
            window = " ".join(lines[heading.line - 1:heading.line + 3]).lower()
            first = re.sub(r"[^\w]", "", heading.text.split()[0]).lower()
            assert first in re.sub(r"[^\w ]", "", window), f"{number}:L{heading.line} {heading.text}"


def test_no_reply_to_a_plain_question_or_its_details_contains_a_development_word(app, app_en):
    """End to end through the router: two phrasings per topic and language, each answer and its
    details ("meer" / "more"), scanned for development words and raw references in the main text."""
    from dialogues.understanding.phrasings import load_phrasings
    seen: dict[tuple[str, str], int] = {}
    for phrasing in load_phrasings():
        key = (phrasing.topic, phrasing.lang)
        if phrasing.topic == "outside" or seen.get(key, 0) >= 2:
            continue
        seen[key] = seen.get(key, 0) + 1
        chat = app_en if phrasing.lang == "en" else app
        answer = chat.text(phrasing.text)
        details = chat.text("more" if phrasing.lang == "en" else "meer")
        for text in (answer, details):
            assert not DEVELOPMENT_WORDS.search(text), f"{phrasing.topic}/{phrasing.lang}: {text}"
        assert "[003:" not in answer and "[004:" not in answer, f"{phrasing.topic}/{phrasing.lang}: {answer}"
