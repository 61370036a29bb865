"""Keep the per-capability catalogs and the code in step.

    python tools/locales.py update   # add the keys the code uses, each to its capability's domain
                                     # file (nl and en, empty until translated); mark unused keys obsolete
    python tools/locales.py check    # list every problem and exit 1 if there is one

Each capability keeps its own domain file (locales/<lang>/LC_MESSAGES/actions.po, meetings.po, ...);
core.i18n merges them into one catalog per language. A single `pybabel update` over one `messages`
domain would mark most keys obsolete, so this tool works per domain file instead.

The keys the code uses are the string constants that look like a key ("action.created") in a known
namespace, wherever they stand (t(), N_(), tables of choices), plus the keys built at run time, which
tools/runtime_keys.py declares with their values. An f-string key (f"role.{role}") that is not declared
there is itself a problem, so a new run-time key cannot slip past the check.
"""
from __future__ import annotations

import ast
import re
import string
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.runtime_keys import NOT_MESSAGES, RUNTIME_KEYS  # noqa: E402  (needs the project root on the path)

LANGUAGES = ("nl", "en")
CODE_PACKAGES = ("core", "state", "dialogues", "handlers", "bot")
KEY = re.compile(r"^[a-z][a-z0-9_]*\.[a-z0-9_]+(\.[a-z0-9_]+)*$")
KEY_START = re.compile(r"^([a-z][a-z0-9_]*)\.[a-z0-9_.]*$")
FALLBACK_DOMAIN = "messages"


@dataclass
class Entry:
    """One key in one language: its domain file, its text (one per plural form) and whether it is
    kept only as an obsolete (#~) entry."""
    domain: str
    texts: tuple[str, ...]
    plural: bool = False
    obsolete: bool = False


@dataclass
class Code:
    """What the code uses: key -> first place seen, and every f-string key pattern -> places."""
    keys: dict[str, str] = field(default_factory=dict)
    patterns: dict[str, list[str]] = field(default_factory=dict)


def read_entries(locales: Path, lang: str) -> tuple[dict[str, list[Entry]], dict[str, Catalog]]:
    """key -> its entries (more than one if a key sits in two domain files), and the parsed files."""
    entries: dict[str, list[Entry]] = {}
    catalogs: dict[str, Catalog] = {}
    for po_file in sorted((locales / lang / "LC_MESSAGES").glob("*.po")):
        with open(po_file, "rb") as fh:
            catalog = read_po(fh, locale=lang)
        catalogs[po_file.stem] = catalog
        for obsolete, messages in ((False, list(catalog)), (True, list(catalog.obsolete.values()))):
            for message in messages:
                if not message.id:
                    continue
                key = message.id[0] if message.pluralizable else message.id
                texts = tuple(message.string) if message.pluralizable else (message.string or "",)
                entries.setdefault(key, []).append(
                    Entry(po_file.stem, tuple(text or "" for text in texts), message.pluralizable, obsolete))
    return entries, catalogs


def namespaces(locales: Path) -> set[str]:
    found = set()
    for lang in LANGUAGES:
        found |= {key.split(".")[0] for key in read_entries(locales, lang)[0]}
    return found | {pattern.split(".")[0] for pattern in RUNTIME_KEYS}


def pattern_of(node: ast.JoinedStr) -> str | None:
    """f"team.every_{weeks}_weeks" -> "team.every_{}_weeks"; None if it does not start like a key."""
    parts = []
    for value in node.values:
        if isinstance(value, ast.Constant):
            parts.append(str(value.value).replace("{", "{{").replace("}", "}}"))
        else:
            parts.append("{}")
    pattern = "".join(parts)
    first = node.values[0] if node.values else None
    if not isinstance(first, ast.Constant) or not KEY_START.match(str(first.value)):
        return None
    return pattern


def scan_code(root: Path, known: set[str]) -> Code:
    code = Code()
    for package in CODE_PACKAGES:
        for file in sorted((root / package).rglob("*.py")):
            # models and migrations name foreign keys like "team.id", not messages
            if file.name == "models.py" or "migrations" in file.parts:
                continue
            tree = ast.parse(file.read_text(encoding="utf-8"), str(file))
            fragments = {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr)
                         for part in node.values}
            where = str(file.relative_to(root))
            for node in ast.walk(tree):
                if isinstance(node, ast.JoinedStr):
                    pattern = pattern_of(node)
                    if pattern and pattern.split(".")[0] in known and pattern not in NOT_MESSAGES:
                        code.patterns.setdefault(pattern, []).append(f"{where}:{node.lineno}")
                elif id(node) not in fragments and isinstance(node, ast.Constant) \
                        and isinstance(node.value, str) and KEY.match(node.value) \
                        and node.value.split(".")[0] in known:
                    code.keys.setdefault(node.value, f"{where}:{node.lineno}")
    for pattern, values in RUNTIME_KEYS.items():
        for value in values:
            code.keys.setdefault(pattern.format(value), f"tools/runtime_keys.py ({pattern})")
    return code


def placeholders(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}
    except ValueError:
        return {"<unbalanced braces>"}


def problems(root: Path = ROOT) -> list[str]:
    """Every problem in the catalogs under root/locales against the code under root, one line each."""
    locales = root / "locales"
    entries = {lang: read_entries(locales, lang)[0] for lang in LANGUAGES}
    code = scan_code(root, namespaces(locales))
    found: list[str] = []
    for pattern, places in sorted(code.patterns.items()):
        if pattern not in RUNTIME_KEYS:
            found.append(f"undeclared run-time key {pattern!r} at {', '.join(places)}: "
                         f"declare its values in tools/runtime_keys.py")
    # Babel keeps the last of two equal msgids in one file without a word: one of two meanings is lost.
    for po_file in sorted(locales.glob("*/LC_MESSAGES/*.po")):
        counts = Counter(re.findall(r'^msgid "(.+)"$', po_file.read_text(encoding="utf-8"), re.MULTILINE))
        found += [f"duplicate {key} twice in {po_file.relative_to(root)}" for key, n in counts.items() if n > 1]
    all_keys = sorted(set(code.keys) | set(entries["nl"]) | set(entries["en"]))
    for key in all_keys:
        per_lang = {lang: entries[lang].get(key, []) for lang in LANGUAGES}
        for lang, found_entries in per_lang.items():
            live = [e for e in found_entries if not e.obsolete]
            if key in code.keys and not live:
                found.append(f"missing {lang} {key} (used at {code.keys[key]})")
            if key not in code.keys and live:
                found.append(f"obsolete {lang} {key} in {live[0].domain}.po: no code uses it")
            if any(e.obsolete for e in found_entries):
                found.append(f"obsolete {lang} {key} kept as #~ in {found_entries[0].domain}.po: remove it")
            if len(live) > 1:
                found.append(f"duplicate {lang} {key} in {', '.join(e.domain + '.po' for e in live)}")
            if live and not all(text.strip() for text in live[0].texts):
                found.append(f"empty {lang} {key} in {live[0].domain}.po")
        nl = [e for e in per_lang["nl"] if not e.obsolete]
        en = [e for e in per_lang["en"] if not e.obsolete]
        if not nl or not en:
            continue
        if nl[0].domain != en[0].domain:
            found.append(f"domain {key}: nl in {nl[0].domain}.po, en in {en[0].domain}.po")
        if nl[0].plural != en[0].plural:
            found.append(f"plural {key}: plural forms in only one of nl and en")
        # Every form may drop a placeholder (a singular may say "one action"), but the languages
        # must use the same names, or one of them would fail or leave a value out.
        nl_names = set().union(*(placeholders(text) for text in nl[0].texts))
        en_names = set().union(*(placeholders(text) for text in en[0].texts))
        if nl_names != en_names:
            found.append(f"placeholders {key}: nl {sorted(nl_names)} but en {sorted(en_names)}")
    return found


def domain_for(key: str, where: str, entries: dict[str, list[Entry]], uses: dict[str, str]) -> str:
    """The domain file a new key belongs in: where the other keys of the same source file live,
    else where most keys of its namespace live, else messages."""
    source = where.split(":")[0]
    by_file: Counter[str] = Counter()
    by_namespace: Counter[str] = Counter()
    for other, other_entries in entries.items():
        domain = other_entries[0].domain
        if uses.get(other, "").split(":")[0] == source:
            by_file[domain] += 1
        if other.split(".")[0] == key.split(".")[0]:
            by_namespace[domain] += 1
    for votes in (by_file, by_namespace):
        if votes:
            return votes.most_common(1)[0][0]
    return FALLBACK_DOMAIN


def write_catalog(path: Path, lang: str, domain: str, live: dict[str, Entry], obsolete: dict[str, Entry]) -> None:
    catalog = Catalog(locale=lang, project="zorgbot", domain=domain)
    for key in sorted(live):
        entry = live[key]
        flags = ["python-brace-format"] if any("{" in text for text in entry.texts) else []
        catalog.add((key, key) if entry.plural else key, entry.texts if entry.plural else entry.texts[0],
                    flags=flags)
    for key in sorted(obsolete):
        entry = obsolete[key]
        message = catalog.add((key, key) if entry.plural else key,
                              entry.texts if entry.plural else entry.texts[0])
        del catalog[message.id]
        catalog.obsolete[message.id] = message
    with open(path, "wb") as fh:
        write_po(fh, catalog, omit_header=True, width=100, include_previous=False)


def update(root: Path = ROOT) -> list[str]:
    """Bring the catalogs in line with the code; returns what it changed, one line each."""
    locales = root / "locales"
    code = scan_code(root, namespaces(locales))
    changes = []
    nl_entries = read_entries(locales, "nl")[0]
    for lang in LANGUAGES:
        entries, catalogs = read_entries(locales, lang)
        files: dict[str, tuple[dict[str, Entry], dict[str, Entry]]] = {d: ({}, {}) for d in catalogs}
        changed: set[str] = set()
        for key, key_entries in entries.items():
            for entry in key_entries:
                used = key in code.keys
                live, obsolete = files[entry.domain]
                if used:
                    live[key] = Entry(entry.domain, entry.texts, entry.plural)
                    if entry.obsolete:
                        changed.add(entry.domain)
                        changes.append(f"{lang} {entry.domain}.po: {key} is used again")
                else:
                    obsolete[key] = Entry(entry.domain, entry.texts, entry.plural, True)
                    if not entry.obsolete:
                        changed.add(entry.domain)
                        changes.append(f"{lang} {entry.domain}.po: {key} marked obsolete")
        for key, where in sorted(code.keys.items()):
            if key in entries:
                continue
            # Follow the other language when it already has the key, so both put it in one file.
            domain = nl_entries[key][0].domain if key in nl_entries else domain_for(key, where, nl_entries, code.keys)
            files.setdefault(domain, ({}, {}))[0][key] = Entry(domain, ("",))
            changed.add(domain)
            changes.append(f"{lang} {domain}.po: {key} added, to be translated (used at {where})")
        # Files with nothing to change are left as they are, header comments and all.
        for domain in sorted(changed):
            live, obsolete = files[domain]
            write_catalog(locales / lang / "LC_MESSAGES" / f"{domain}.po", lang, domain, live, obsolete)
    return changes


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else ""
    if command == "update":
        for line in update():
            print(line)
        return 0
    if command == "check":
        found = problems()
        for line in found:
            print(line)
        print(f"{len(found)} catalog problem(s)" if found else "catalogs complete: nl and en agree with the code")
        return 1 if found else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
