"""Merge a {key: (nl, en)} table into locales/{nl,en}/LC_MESSAGES/DOMAIN.po (keys sorted).

Usage: python tools/po.py DOMAIN TABLE.py [...]   (DOMAIN: messages, actions, meetings, ...)
Existing entries keep their text unless the table gives a new one; the .po files are the source of
truth afterwards, so a table is a convenient way to add many messages at once, not a second copy.
"""
import importlib.util
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent


def load_table(path: str) -> dict:
    spec = importlib.util.spec_from_file_location("table", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.MESSAGES


def merge(domain: str, tables: list[dict]) -> None:
    for index, lang in enumerate(("nl", "en")):
        file = ROOT / "locales" / lang / "LC_MESSAGES" / f"{domain}.po"
        existing = {}
        if file.exists():
            with open(file, "rb") as fh:
                existing = {m.id: m.string for m in read_po(fh, locale=lang) if m.id}
        for table in tables:
            existing.update({key: pair[index] for key, pair in table.items()})
        catalog = Catalog(locale=lang, project="zorgbot", domain=domain)
        for key in sorted(existing):
            flags = ["python-brace-format"] if "{" in existing[key] else []
            catalog.add(key, existing[key], flags=flags)
        file.parent.mkdir(parents=True, exist_ok=True)
        with open(file, "wb") as fh:
            write_po(fh, catalog, omit_header=True, width=100)


if __name__ == "__main__":
    merge(sys.argv[1], [load_table(p) for p in sys.argv[2:]])
