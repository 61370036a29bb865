"""Every message exists in Dutch and English with the same placeholders, and every key the code
uses is in the catalogs."""
import ast
import re
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from core.i18n import LANGUAGES, LOCALES_DIR
from core.roles import ROLES

ROOT = Path(__file__).resolve().parent.parent
KEY = re.compile(r"^[a-z][a-z0-9_]*\.[a-z0-9_]+(\.[a-z0-9_]+)*$")


def load(lang):
    messages = {}
    for po_file in sorted((LOCALES_DIR / lang / "LC_MESSAGES").glob("*.po")):
        with open(po_file, "rb") as fh:
            for message in read_po(fh, locale=lang):
                if message.id:
                    assert message.id not in messages, f"{message.id} is in two {lang} domain files"
                    messages[message.id] = message.string
    return messages


CATALOGS = {lang: load(lang) for lang in LANGUAGES}


def placeholders(text):
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_have_the_same_keys_all_translated():
    nl, en = CATALOGS["nl"], CATALOGS["en"]
    assert set(nl) == set(en), f"only nl: {set(nl) - set(en)}; only en: {set(en) - set(nl)}"
    assert not [k for k, v in nl.items() if not v.strip()], "empty Dutch messages"
    assert not [k for k, v in en.items() if not v.strip()], "empty English messages"


@pytest.mark.parametrize("key", sorted(CATALOGS["nl"]))
def test_placeholders_are_identical(key):
    assert placeholders(CATALOGS["nl"][key]) == placeholders(CATALOGS["en"].get(key, ""))


def keys_used_in_code():
    namespaces = {key.split(".")[0] for key in CATALOGS["nl"]}
    used = {}
    for package in ("bot", "handlers", "dialogues", "state"):
        for file in (ROOT / package).rglob("*.py"):
            tree = ast.parse(file.read_text(), str(file))
            # Fragments of f-strings (f"role.{role}") are checked by test_keys_built_at_run_time_exist.
            fragments = {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for part in node.values}
            for node in ast.walk(tree):
                if id(node) in fragments or file.name == "models.py" or "migrations" in file.parts:
                    # models and migrations name foreign keys like "team.id", not messages
                    continue
                if isinstance(node, ast.Constant) and isinstance(node.value, str) and KEY.match(node.value):
                    if node.value.split(".")[0] in namespaces:
                        used.setdefault(node.value, f"{file.relative_to(ROOT)}:{node.lineno}")
    return used


def test_every_key_used_in_code_is_in_the_catalogs():
    missing = {key: where for key, where in keys_used_in_code().items() if key not in CATALOGS["nl"]}
    assert not missing, f"keys used in code but missing from the catalogs: {missing}"


def test_keys_built_at_run_time_exist():
    built = [f"role.{role}" for role in ROLES] + [f"language.{lang}" for lang in LANGUAGES]
    built += [f"team.kind_{kind}" for kind in ("zorgteam", "zat", "cvb")]
    built += [f"team.every_{weeks}_weeks" for weeks in (1, 2, 3, 4, 6)]
    assert not [key for key in built if key not in CATALOGS["nl"]]


def test_babel_extraction_runs_over_the_code():
    """The make target's extraction step works and finds the marked keys."""
    from babel.messages.extract import extract_from_dir
    found = {message for _, _, message, _, _ in extract_from_dir(
        str(ROOT / "handlers"), method_map=[("**.py", "python")], keywords={"N_": None, "t": None})}
    assert "cmd.team.summary" in found
